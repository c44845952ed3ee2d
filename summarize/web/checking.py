"""The 核稿 page's work: an uploaded .docx checked against the workspace, as ``summarize verify`` does it.

The uploaded document is kept in the workspace's ``out/核稿/`` folder (never among the registers, so it is not
read as one and does not reopen the workspace), with the annotated copy beside it when a figure disagrees; the
page's download link serves only a file that is in that folder by its exact name.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from summarize.web.uploads import Refused, clean_name_part, refuse_device_name, refuse_long_name

if TYPE_CHECKING:
    from summarize.workspace import Workspace

FOLDER = ("out", "核稿")
ANNOTATED_SUFFIX = "（批注版）"


def checked_folder(root: Path) -> Path:
    """``out/核稿`` of the workspace at ``root``."""
    return root.joinpath(*FOLDER)


def clean_document_name(name: str) -> str:
    """The file name an uploaded document is kept under (its last path part, cleaned), or :class:`Refused`."""
    base = clean_name_part(name.replace("\\", "/").split("/")[-1])
    if not base or base.startswith((".", "~$")):
        raise Refused("没有文件名，或是 Word 的临时文件")
    if not base.lower().endswith(".docx"):
        raise Refused("只能核对 Word 文档（.docx）；.doc 请先在 Word 或 WPS 中另存为 .docx")
    refuse_long_name(base)
    refuse_device_name(base)
    if base.removesuffix(".docx").endswith(ANNOTATED_SUFFIX):
        base = base.removesuffix(".docx").removesuffix(ANNOTATED_SUFFIX) + "（重新核对）.docx"
    return base


def check_upload(root: Path, ws: Workspace, name: str, data: bytes) -> dict:
    """Keep the upload in ``out/核稿``, check it, write the annotated copy when something disagrees; the page's
    context: the rows, the counts and the annotated file's name (or None)."""
    from summarize.output import make_folder, write_bytes_atomic

    if not data:
        raise Refused("文件是空的")
    folder = make_folder(checked_folder(root))
    path = write_bytes_atomic(folder / clean_document_name(name), data)
    result = ws.verify(path)
    annotated = None
    if result.exit_code:
        annotated = result.annotate(path.with_name(path.stem + ANNOTATED_SUFFIX + ".docx")).name
    return {
        "document": path.name,
        "year": result.year,
        "rows": result.frame().to_dict(orient="records"),
        "counts": result.counts(),
        "annotated": annotated,
    }


def annotated_file(root: Path, name: str) -> Path | None:
    """The annotated copy called exactly ``name`` in ``out/核稿``, if it is there."""
    folder = checked_folder(root)
    if not folder.is_dir() or not name.endswith(ANNOTATED_SUFFIX + ".docx"):
        return None
    for path in folder.iterdir():
        if path.name == name and path.is_file():
            return path
    return None

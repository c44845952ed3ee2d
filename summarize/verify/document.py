"""Reading an edited .docx for 核稿: its paragraphs and table cells in reading order, as plain text with the
comment ranges over it.

Text is taken from the XML as Word shows it after its tracked changes are accepted: inserted runs count,
deleted text (``w:delText``) does not; a tab is "\\t" and a line break "\\n". Offsets into that text are what
:mod:`summarize.verify.annotate` uses to put a comment on exactly the characters of a figure.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docx.oxml.ns import qn

from summarize.docx_size import check_docx_size
from summarize.errors import SummarizeError

W_P, W_TBL, W_TR, W_TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
W_T, W_TAB, W_BR, W_CR = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")
W_START, W_END, W_ID = qn("w:commentRangeStart"), qn("w:commentRangeEnd"), qn("w:id")
W_DEL, W_DELTEXT = qn("w:del"), qn("w:delText")


@dataclass
class Anchor:
    """A comment over characters ``start``–``end`` of a place's text."""

    start: int
    end: int
    author: str
    text: str


@dataclass
class Place:
    """A paragraph or a table cell: where it is, its text and the comments over parts of it."""

    where: str  # 第12段 / 表1第3行第4列
    text: str
    element: Any = field(repr=False)  # the w:p (a cell's first paragraph with text) for annotation
    table: int | None = None  # 1-based table number, for cells
    row: int | None = None  # 0-based row and column in that table
    column: int | None = None
    anchors: list[Anchor] = field(default_factory=list)


@dataclass
class TableGrid:
    """A table's cells as text, row by row (merged cells repeated as Word reports them)."""

    number: int
    rows: list[list[Place]]


@dataclass
class DocumentText:
    """Everything 核稿 reads from a document: body paragraphs (outside tables) and tables, in reading order."""

    blocks: list[Place | TableGrid]

    @property
    def places(self) -> list[Place]:
        """Every paragraph and cell, in reading order."""
        out: list[Place] = []
        for block in self.blocks:
            if isinstance(block, Place):
                out.append(block)
            else:
                out += [cell for row in block.rows for cell in row]
        return out


def open_docx(path: Path) -> Any:
    """The python-docx Document at ``path``, or a Chinese message saying why it cannot be read."""
    from docx import Document

    path = Path(path)
    if not path.exists():
        raise SummarizeError(f"文件“{path}”不存在")
    if path.is_dir():
        raise SummarizeError(f"“{path}”是文件夹；请给出要核对的 Word 文档（.docx）")
    if path.suffix.lower() == ".doc":
        raise SummarizeError(
            f"“{path.name}”是旧版 Word 文档（.doc）；请在 Word 或 WPS 中另存为 .docx 后再核对"
        )
    if not zipfile.is_zipfile(path):
        raise SummarizeError(f"“{path.name}”不是 Word 文档（.docx）；请给出 .docx 文件")
    check_docx_size(path, f"“{path.name}”", "请在 Word 中打开后另存为 .docx 再核对")
    try:
        return Document(str(path))
    except Exception as exc:  # python-docx raises several types for a zip that is no Word document
        raise SummarizeError(f"“{path.name}”无法作为 Word 文档打开（{type(exc).__name__}）") from exc


def read_document(document: Any) -> DocumentText:
    """The paragraphs and tables of a python-docx Document's body, with the comments anchored in them."""
    comments = _comment_texts(document)
    blocks: list[Place | TableGrid] = []
    paragraphs = tables = 0
    for child in document.element.body.iterchildren():
        if child.tag == W_P:
            paragraphs += 1
            blocks.append(_place(child, f"第{paragraphs}段", comments))
        elif child.tag == W_TBL:
            tables += 1
            blocks.append(_table(child, tables, comments))
    return DocumentText(blocks)


def _table(tbl: Any, number: int, comments: dict[str, tuple[str, str]]) -> TableGrid:
    rows = []
    for r, tr in enumerate(tbl.iterchildren(W_TR)):
        cells = []
        for c, tc in enumerate(tr.iterchildren(W_TC)):
            paragraphs = list(tc.iterchildren(W_P))
            parts = [_place(p, "", comments) for p in paragraphs]
            # A cell is read as one text; annotation goes to its first paragraph with text.
            main = next((p for p in parts if p.text.strip()), parts[0] if parts else None)
            text = "\n".join(p.text for p in parts)
            offset, anchors = 0, []
            for p in parts:
                anchors += [Anchor(a.start + offset, a.end + offset, a.author, a.text) for a in p.anchors]
                offset += len(p.text) + 1
            cells.append(
                Place(
                    where=f"表{number}第{r + 1}行第{c + 1}列",
                    text=text,
                    element=main.element if main else tc,
                    table=number,
                    row=r,
                    column=c,
                    anchors=anchors,
                )
            )
        rows.append(cells)
    return TableGrid(number, rows)


def _place(p: Any, where: str, comments: dict[str, tuple[str, str]]) -> Place:
    text, anchors = paragraph_text(p, comments)
    return Place(where=where, text=text, element=p, anchors=anchors)


def paragraph_text(p: Any, comments: dict[str, tuple[str, str]] | None = None) -> tuple[str, list[Anchor]]:
    """A w:p's text as Word shows it (deleted revisions left out) and the comment ranges over it."""
    pieces: list[str] = []
    opened: dict[str, int] = {}
    anchors: list[Anchor] = []
    length = 0
    for node in p.iter():
        tag = node.tag
        if tag == W_T:
            if _deleted(node):
                continue
            pieces.append(node.text or "")
            length += len(node.text or "")
        elif tag == W_TAB and node.getparent() is not None and node.getparent().tag == qn("w:r"):
            pieces.append("\t")
            length += 1
        elif tag in (W_BR, W_CR):
            pieces.append("\n")
            length += 1
        elif tag == W_START:
            opened[node.get(W_ID)] = length
        elif tag == W_END:
            cid = node.get(W_ID)
            if comments is not None and cid in comments and cid in opened:
                author, body = comments[cid]
                anchors.append(Anchor(opened.pop(cid), length, author, body))
    if comments is not None:  # a range running on into the next paragraph covers the rest of this one
        for cid, start in opened.items():
            if cid in comments:
                author, body = comments[cid]
                anchors.append(Anchor(start, length, author, body))
    return "".join(pieces), anchors


def _deleted(node: Any) -> bool:
    parent = node.getparent()
    while parent is not None:
        if parent.tag == W_DEL:
            return True
        parent = parent.getparent()
    return False


def _comment_texts(document: Any) -> dict[str, tuple[str, str]]:
    """Comment id → (author, text) for the document's comments (none when it has no comments part)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    try:  # not document.comments: that adds an empty comments part to a document that has none
        part = document.part.part_related_by(RT.COMMENTS)
    except KeyError:
        return {}
    return {str(c.comment_id): (c.author or "", c.text or "") for c in part.comments}

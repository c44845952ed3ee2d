"""Refuse a .docx whose parts would inflate too far, from the sizes its zip directory states, before python-docx
inflates them into memory (a zip bomb: a few hundred KB that become a gigabyte of XML).

Used for the documents ``verify`` reads and for a workspace's Word template. (A part that inflates beyond its
stated size fails its check while it is read: zipfile stops at the stated size.)
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from summarize.errors import SummarizeError

# A Word document's XML compresses 5–30 times; a part inflating far beyond that, or a huge whole, is refused.
MAX_UNCOMPRESSED = 512 << 20
BOMB_SIZE, MAX_RATIO = 64 << 20, 100


def check_docx_size(path: Path, label: str, advice: str) -> None:
    """Raise a :class:`SummarizeError` naming ``label`` (and giving ``advice``) when ``path`` would inflate too
    far; ``path`` must be a zip file."""
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
    total = sum(i.file_size for i in infos)
    bomb = any(i.file_size > BOMB_SIZE and i.file_size > MAX_RATIO * max(i.compress_size, 1) for i in infos)
    if total > MAX_UNCOMPRESSED or bomb:
        raise SummarizeError(
            f"{label}解压后过大（{total >> 20} MB），不像是一份正常的 Word 文档，未读取；{advice}"
        )

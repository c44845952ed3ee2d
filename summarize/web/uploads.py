"""Where an uploaded or removed file may go in the workspace, decided before anything is written.

A browser sends whatever name the user's file had, and a folder upload sends paths ("单位A/收文.xlsx"). Names
are cleaned of characters Windows or the shell would choke on, and a name that would climb out of the workspace,
hide itself, or land where registers are not read (``out/``, ``templates/``) is refused with the reason. Only
register files (Excel, CSV), the settings file and the notes file are accepted.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from summarize.config import CONFIG_NAME
from summarize.ingest.sources import TABLE_SUFFIXES
from summarize.notes import NOTES_NAME
from summarize.output import is_device_name

WORKSPACE_FILES = {CONFIG_NAME, NOTES_NAME}
# Folders the reader skips: a file put there would silently never be read.
UNREAD_FOLDERS = {"out", "templates", ".summarize-cache", ".git"}
MAX_DEPTH = 3
MAX_NAME = 120
MAX_NAME_BYTES = 255  # what ext4, XFS and APFS hold in one name: 85 Chinese characters
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"|?*]')


class Refused(Exception):
    """A file the workspace does not take; the message says why, in Chinese."""


def clean_name_part(raw: str) -> str:
    """One part of an uploaded name (a folder or file name, no separator in it) as it is kept: NFC-normalised
    (macOS sends decomposed characters), without the characters Windows or the shell choke on, the spaces around
    it and the trailing dots and spaces Windows drops ("收文." and "收文" are one file there); "" when nothing is
    left. ".." is returned as it is, for the caller to refuse."""
    part = _UNSAFE.sub("", unicodedata.normalize("NFC", raw))
    # Invisible formatting characters too: a bidi override shows "收文\u202exslx.exe" as "收文exe.xlsx".
    part = "".join(ch for ch in part if unicodedata.category(ch)[0] != "C").strip()
    return part if part == ".." else part.rstrip(". ")


def refuse_long_name(part: str) -> None:
    """:class:`Refused` for a name part longer than one file name may be on the disks offices use."""
    if len(part) > MAX_NAME or len(part.encode()) > MAX_NAME_BYTES:
        raise Refused(f"文件名太长（最多 {MAX_NAME} 个字母或 {MAX_NAME_BYTES // 3} 个汉字），请改短后再上传")


def refuse_device_name(part: str) -> None:
    """:class:`Refused` for a name Windows takes for a device (CON, NUL, COM1 …, with any extension): a file
    saved under it there would vanish."""
    if is_device_name(part):
        raise Refused(
            f"“{part.split('.')[0]}”是 Windows 保留的设备名，不能用作文件名或文件夹名；请改名后再上传"
        )


def clean_relative_path(name: str) -> str:
    """The workspace-relative path for an uploaded file's name, or :class:`Refused`.

    Backslashes count as separators (Windows paths), empty and ``.`` parts are dropped and each part is cleaned
    by :func:`clean_name_part`.
    """
    parts = []
    for raw in name.replace("\\", "/").split("/"):
        part = clean_name_part(raw)
        if part == "..":
            raise Refused("文件名中含有“..”，不能存到工作区以外")
        if not part:
            continue
        if part.startswith((".", "~$")):
            raise Refused("隐藏文件或 Excel 的临时文件，不是台账")
        refuse_long_name(part)
        refuse_device_name(part)
        parts.append(part)
    if not parts:
        raise Refused("没有文件名")
    if len(parts) > MAX_DEPTH:
        raise Refused(f"文件夹层级超过 {MAX_DEPTH - 1} 层；请按单位分子文件夹存放，不要再往下分")
    if parts[0].lower() in UNREAD_FOLDERS and len(parts) > 1:
        raise Refused(f"“{parts[0]}”文件夹中的文件不作为台账读取")
    filename = parts[-1]
    if filename in WORKSPACE_FILES:
        if len(parts) > 1:
            raise Refused(f"{filename} 应放在工作区的最上层，而不是子文件夹中")
    elif Path(filename).suffix.lower() not in TABLE_SUFFIXES:
        allowed = "、".join(sorted(TABLE_SUFFIXES))
        raise Refused(f"不是台账文件（可上传 {allowed}，以及 {CONFIG_NAME} 和 {NOTES_NAME}）")
    return "/".join(parts)


def target_in(folder: Path, relative: str) -> Path:
    """The file ``relative`` names inside ``folder``, or :class:`Refused` when it would resolve outside it
    (a symbolic link in the workspace pointing elsewhere, say)."""
    root = folder.resolve()
    path = (root / relative).resolve()
    if not path.is_relative_to(root) or path == root:
        raise Refused("不能存到工作区以外")
    return path

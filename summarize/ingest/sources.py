"""Finding register files in a workspace and reading their sheets as raw cells.

Reading goes through pandas with the calamine engine (xlsx, xlsm, xls, ods) or ``read_csv`` with the encoding
detected, always with ``header=None`` so that row *i* of a frame is Excel row *i + 1*: locating a cell as the
clerk sees it depends on that.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from summarize.errors import SummarizeError

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
TABLE_SUFFIXES = EXCEL_SUFFIXES | {".csv", ".txt"}


@dataclass
class RawSheet:
    """One sheet's cells, untouched: ``cells.iloc[i]`` is Excel row ``i + 1``. ``name`` is None for CSV."""

    name: str | None
    cells: pd.DataFrame


def find_register_files(folder: Path, ignore: list[str] | None = None) -> list[Path]:
    """Register files in a workspace folder and its sub-folders, sorted by path.

    Skips Excel's lock files (``~$…``), hidden files, the ``out``, ``templates`` and cache folders, and the
    names in ``ignore`` (relative paths or file names).
    """
    ignored = set(ignore or ())
    skip_dirs = {"out", "templates", ".summarize-cache", ".git"}
    found = []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if any(part.startswith(".") or part in skip_dirs for part in rel.parts[:-1]):
            continue
        if not path.is_file() or path.suffix.lower() not in TABLE_SUFFIXES:
            continue
        if path.name.startswith(("~$", ".")) or path.name in ignored or rel.as_posix() in ignored:
            continue
        found.append(path)
    return found


def read_sheets(path: Path, label: str) -> list[RawSheet]:
    """Every sheet of a register file as raw cells. ``label`` names the file in messages.

    Raises :class:`SummarizeError` (exit code 1) with a Chinese explanation when the file cannot be read at all:
    empty, encrypted, damaged, or not what its extension says.
    """
    data = path.read_bytes()
    if not data.strip():
        raise SummarizeError(f"文件“{label}”是空文件，没有任何内容", exit_code=1)
    suffix = path.suffix.lower()
    if suffix in {".csv", ".txt"}:
        return [RawSheet(None, _read_csv(data, label))]
    _check_excel_container(data, suffix, label)
    try:
        frames = pd.read_excel(
            io.BytesIO(data), sheet_name=None, header=None, engine="calamine", dtype=object
        )
    except Exception as exc:  # calamine raises its own types for every kind of damage
        raise SummarizeError(
            f"文件“{label}”无法作为 Excel 文件读取，可能已损坏（{exc}）", exit_code=1
        ) from exc
    return [RawSheet(str(name), frame) for name, frame in frames.items()]


_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")


def _check_excel_container(data: bytes, suffix: str, label: str) -> None:
    """Explain the usual impostors before calamine gives a cryptic error."""
    head = data[:512].lstrip().lower()
    if suffix in {".xlsx", ".xlsm"} and data.startswith(_OLE_MAGIC):
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00" in data[:65536] or b"EncryptedPackage" in data:
            raise SummarizeError(f"文件“{label}”设置了打开密码，请在 Excel 中取消密码后另存再试", exit_code=1)
        raise SummarizeError(
            f"文件“{label}”实际是旧版 .xls 格式，请把扩展名改为 .xls，或在 Excel 中另存为 .xlsx", 1
        )
    if head.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml")) and not data.startswith(b"PK"):
        raise SummarizeError(
            f"文件“{label}”实际是网页（HTML）格式，只是扩展名为 {suffix}；请在 Excel 中打开后另存为 .xlsx",
            exit_code=1,
        )
    if suffix in {".xlsx", ".xlsm", ".ods"} and not data.startswith(b"PK"):
        raise SummarizeError(
            f"文件“{label}”不是有效的 {suffix} 文件（可能是改了扩展名的文本或 CSV 文件），请在 Excel 中另存为 .xlsx",
            exit_code=1,
        )
    if data.startswith(b"PK"):
        try:
            zipfile.ZipFile(io.BytesIO(data)).testzip()
        except (zipfile.BadZipFile, EOFError, OSError) as exc:
            raise SummarizeError(
                f"文件“{label}”已损坏或不完整（可能未下载完），请重新获取该文件", exit_code=1
            ) from exc


def decode_text(data: bytes, label: str) -> str:
    """Text of a CSV file in whatever encoding Excel or an OA system saved it: UTF-8 (with or without BOM),
    UTF-16 (Excel's "Unicode 文本"), or GBK/GB18030.
    """
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(encoding)
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise SummarizeError(
            f"文件“{label}”的文字编码无法识别，请在 Excel 中另存为“CSV UTF-8”后重试", exit_code=1
        )
    return str(best)


def _read_csv(data: bytes, label: str) -> pd.DataFrame:
    """Rows of a CSV as raw text cells; ragged rows (a title line above the header) are padded.

    The csv module, not ``read_csv``, because a title row with one field would fix ``read_csv``'s width. Record
    *i* is row *i + 1* as Excel shows it when it opens the file.
    """
    text = decode_text(data, label).replace("\x00", "")
    first = text.split("\n", 1)[0]
    dialect = "excel-tab" if first.count("\t") > first.count(",") else "excel"
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), dialect))
    except csv.Error as exc:
        raise SummarizeError(f"文件“{label}”不是规整的 CSV 表格（{exc}）", exit_code=1) from exc
    width = max((len(r) for r in rows), default=0)
    frame = pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype=object)
    return frame.where(frame.notna() & frame.ne(""), None)

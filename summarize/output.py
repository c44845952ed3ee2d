"""Writing output files safely and reproducibly.

Every file is written into a temporary file beside the target, then renamed over it: an interrupted or failed run
leaves the previous output intact and no partial file. Office files (.docx, .xlsx) are zip archives whose
entries carry timestamps; :func:`reproducible_zip` fixes them so the same input gives the same bytes.
"""

from __future__ import annotations

import errno
import io
import os
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from summarize.errors import SummarizeError

ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)


def annual_report_name(unit: str, year: int, suffix: str = ".docx") -> str:
    """The 年终总结's file name, as every command and the web page write it: "{单位}2025年工作总结.docx"."""
    return f"{unit}{year}年工作总结{suffix}"


def monthly_names(unit: str, year: int, month: int) -> tuple[str, str]:
    """The 月报's two file names: the statistics workbook and the Word document."""
    stem = f"{unit}{year}年{month}月"
    return f"{stem}工作统计.xlsx", f"{stem}工作月报.docx"


def write_atomic(path: Path, write: Callable[[Path], None]) -> Path:
    """Call ``write(tmp)`` to produce the file at a temporary path, then move it onto ``path``.

    Whatever happens (an error in ``write``, a full disk, Ctrl+C), the previous ``path`` is either untouched or
    replaced whole, and the temporary file is removed. Raises :class:`SummarizeError` (exit code 2) in Chinese
    when the folder does not exist, is not a folder or is not writable, the disk is full, or the target is open
    in another program.
    """
    path = Path(path)
    folder = path.parent
    if not folder.is_dir():
        what = "不是文件夹" if folder.exists() else "不存在"
        raise SummarizeError(f"无法写入“{path}”：输出文件夹“{folder}”{what}，请先创建或换一个位置")
    if path.is_dir():
        raise SummarizeError(f"无法写入“{path}”：这是一个文件夹，请给出文件名")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix + ".tmp", dir=folder)
    except OSError as exc:
        raise SummarizeError(f"无法写入“{path}”：{_why(exc, folder, creating=True)}") from exc
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        os.chmod(tmp, 0o644)  # mkstemp makes owner-only files; outputs are shared documents
        os.replace(tmp, path)
    except OSError as exc:
        raise SummarizeError(f"无法写入“{path}”：{_why(exc, folder, creating=False)}") from exc
    finally:
        tmp.unlink(missing_ok=True)
    return path


def _why(exc: OSError, folder: Path, creating: bool) -> str:
    """What went wrong writing a file, and what to do, for the errors a clerk's computer gives."""
    code = exc.errno
    if code in (errno.EACCES, errno.EPERM):
        if creating:
            return f"没有在文件夹“{folder}”中写文件的权限，请换一个输出位置"
        return "文件可能正在被 Word 或 Excel 打开，或没有改写它的权限；请关闭该文件后重试"
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return "磁盘空间不足，请清理磁盘或换一个输出位置"
    if code == errno.EROFS:
        return "输出位置是只读的（如光盘或写保护的 U 盘），请换一个输出位置"
    if code == errno.ENAMETOOLONG:
        return "文件名太长，请用 -o 指定一个较短的文件名"
    return f"系统报告写入失败（错误代码 {code}），请换一个输出位置后重试"


def write_bytes_atomic(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically."""
    return write_atomic(path, lambda tmp: tmp.write_bytes(data))


def write_text_atomic(path: Path, text: str) -> Path:
    """Write a UTF-8 text file atomically (CSV gets a BOM so that Excel opens it as UTF-8)."""
    encoding = "utf-8-sig" if Path(path).suffix.lower() == ".csv" else "utf-8"
    return write_atomic(path, lambda tmp: tmp.write_text(text, encoding=encoding))


def reproducible_zip(data: bytes) -> bytes:
    """The same zip (a .docx or .xlsx) with members in a fixed order and fixed timestamps and attributes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in sorted(zin.namelist(), key=lambda n: (n != "[Content_Types].xml", n)):
            info = zipfile.ZipInfo(name, date_time=ZIP_TIMESTAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            zout.writestr(info, zin.read(name))
    return out.getvalue()

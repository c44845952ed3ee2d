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
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path

from summarize.errors import SummarizeError

ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)


# Characters Windows does not allow in a file name, as their full-width forms (readable in a Chinese name); a
# path separator becomes "、", so the common merged name "中共X县委办公室/X县人民政府办公室" stays one name.
_FILE_NAME_FORMS = str.maketrans(
    {"/": "、", "\\": "、", "<": "＜", ">": "＞", ":": "：", '"': "＂", "|": "｜", "?": "？", "*": "＊"}
)
# Names Windows reserves for devices, whatever the extension ("NUL.docx" cannot be created there either).
_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"{d}{n}" for d in ("COM", "LPT") for n in [*"123456789", *"¹²³"]}
# ext4, XFS, Btrfs and APFS allow 255 bytes of UTF-8 in a name (85 Chinese characters); a name is kept short
# enough for a "（2）" to be added when a hand-edited file must not be overwritten.
MAX_NAME_BYTES = 255
_COPY_MARK_BYTES = len("（99）".encode())
UNNAMED_UNIT = "未命名单位"


def safe_name_part(text: str) -> str:
    """``text`` (a unit's name, say) made fit to be part of one file name on Windows, macOS and Linux.

    Control and invisible formatting characters (bidi overrides that would show "xcod.exe" as "exe.docx") are
    dropped, runs of white space become one space, path separators and the characters Windows refuses become
    readable full-width forms, and leading and trailing dots and spaces (hidden files; Windows drops trailing
    ones) are removed. The Chinese stays as it was written.
    """
    text = unicodedata.normalize("NFC", text)
    kept = "".join(
        " " if _is_space(ch) else ch for ch in text if _is_space(ch) or unicodedata.category(ch)[0] != "C"
    )
    text = " ".join(kept.split(" ")).translate(_FILE_NAME_FORMS)
    return text.strip(" .、")


def _is_space(ch: str) -> bool:
    # Not str.isspace: that counts the separator controls \x1c-\x1f as spaces.
    return ch in "\t\n\r\v\f" or unicodedata.category(ch) in ("Zs", "Zl", "Zp")


def output_name(unit: str, rest: str) -> str:
    """The file name "{unit}{rest}" made safe: ``unit`` cleaned by :func:`safe_name_part` and shortened (with
    "…") so that the whole name fits in :data:`MAX_NAME_BYTES`; ``rest`` ("2025年工作总结.docx") kept whole."""
    part = ("" if unit.startswith("【") else safe_name_part(unit)) or UNNAMED_UNIT  # 【请补充：单位名称】
    budget = MAX_NAME_BYTES - _COPY_MARK_BYTES - len(rest.encode())
    if len(part.encode()) > budget:
        part = _cut_to_bytes(part, budget - len("…".encode())) + "…"
    name = part + rest
    if is_device_name(name):
        name = "_" + name
    return name


def is_device_name(name: str) -> bool:
    """Whether Windows reads the file name ``name`` as a device ("CON", "nul.csv", "COM1.xlsx"): writing it there
    writes to the device, and the file is never made."""
    return name.split(".")[0].rstrip(" ").upper() in _RESERVED


def _cut_to_bytes(text: str, limit: int) -> str:
    """The longest start of ``text`` whose UTF-8 encoding has at most ``limit`` bytes (whole characters)."""
    return text.encode()[: max(limit, 0)].decode("utf-8", errors="ignore")


def annual_report_name(unit: str, year: int, suffix: str = ".docx") -> str:
    """The 年终总结's file name, as every command and the web page write it: "{单位}2025年工作总结.docx"."""
    return output_name(unit, f"{year}年工作总结{suffix}")


def annual_statistics_name(unit: str, year: int) -> str:
    """The annual statistics workbook's file name: "{单位}2025年工作统计.xlsx"."""
    return output_name(unit, f"{year}年工作统计.xlsx")


def monthly_names(unit: str, year: int, month: int) -> tuple[str, str]:
    """The 月报's two file names: the statistics workbook and the Word document."""
    return (
        output_name(unit, f"{year}年{month}月工作统计.xlsx"),
        output_name(unit, f"{year}年{month}月工作月报.docx"),
    )


def inside(folder: Path, name: str) -> Path:
    """``folder / name``, checked to stay inside ``folder`` once resolved: a name with a separator or "..", or a
    symbolic link in the folder pointing elsewhere, is refused (:class:`SummarizeError`) before anything is
    written."""
    root = Path(folder).resolve()
    path = root / name
    if path.resolve().parent != root or Path(name).name != name or name in ("", ".", ".."):
        raise SummarizeError(f"输出文件“{name}”会写到输出文件夹“{folder}”以外，已拒绝写入")
    return Path(folder) / name


_DOCUMENT_SUFFIXES = {".docx", ".doc", ".pdf", ".xlsx", ".xls", ".csv", ".json", ".wps", ".txt"}


def make_folder(folder: Path) -> Path:
    """Create the output ``folder`` (and its parents) if needed, or say in Chinese why it cannot be."""
    folder = Path(folder)
    if folder.is_dir():
        return folder
    if folder.exists():
        raise SummarizeError(f"无法创建输出文件夹“{folder}”：已有同名的文件")
    if folder.suffix.lower() in _DOCUMENT_SUFFIXES:  # "-o 月报.docx" would make a folder of that name
        raise SummarizeError(
            f"“{folder}”像是文件名，这里要的是输出文件夹（会写入几个文件）；请给出文件夹，如 -o out"
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        parent = next((p for p in folder.parents if p.exists()), folder.parent)
        raise SummarizeError(f"无法创建输出文件夹“{folder}”：{_why(exc, parent, creating=True)}") from exc
    return folder


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
        # The temporary name is kept short: a 255-byte name plus ".tmp" and the random part would not fit.
        prefix = f".{_cut_to_bytes(path.stem, 100)}."
        fd, tmp_name = tempfile.mkstemp(prefix=prefix, suffix=path.suffix[:16] + ".tmp", dir=folder)
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

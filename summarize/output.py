"""Writing output files safely: into a temporary file beside the target, then renamed over it.

An interrupted or failed run therefore leaves the previous output intact and no partial file.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from summarize.errors import SummarizeError


def write_atomic(path: Path, write: Callable[[Path], None]) -> Path:
    """Call ``write(tmp)`` to produce the file at a temporary path, then move it onto ``path``.

    Raises :class:`SummarizeError` (exit code 2) when the folder does not exist or is not writable.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.exists():
        raise SummarizeError(f"输出文件夹“{folder}”不存在，请先创建或换一个位置")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix + ".tmp", dir=folder)
    except PermissionError as exc:
        raise SummarizeError(f"没有在文件夹“{folder}”中写文件的权限，请换一个输出位置") from exc
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except PermissionError as exc:
        raise SummarizeError(f"无法写入“{path}”：文件可能正在被 Word 或 Excel 打开，请关闭后重试") from exc
    finally:
        tmp.unlink(missing_ok=True)
    return path


def write_text_atomic(path: Path, text: str) -> Path:
    """Write a UTF-8 text file atomically (CSV gets a BOM so that Excel opens it as UTF-8)."""
    encoding = "utf-8-sig" if Path(path).suffix.lower() == ".csv" else "utf-8"
    return write_atomic(path, lambda tmp: tmp.write_text(text, encoding=encoding))

"""PDF through LibreOffice headless: the .docx converted in a private profile, with the fonts mapped to faces
that are installed.

Every conversion gets its own temporary LibreOffice profile (``-env:UserInstallation``), so parallel runs (a
``--jobs`` batch, two web downloads) never share a profile lock, and its own fontconfig file (``FONTCONFIG_FILE``)
that includes the system configuration and adds one ``<alias>`` per official font of the layout: without it
LibreOffice sets 方正小标宋简体, 仿宋_GB2312, 楷体_GB2312 and 黑体 all in one sans face when they are not installed,
and the PDF loses its serif body and its 楷体 and 黑体 headings. The substitutes are data
(``summarize/fonts.toml``); :func:`font_substitutions` lists what each font of a layout becomes on this machine
(``summarize doctor`` shows it). The PDF is written atomically: a failed or timed-out conversion leaves the
previous file as it was.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from summarize.errors import SummarizeError
from summarize.layout import Layout, font_data
from summarize.output import write_atomic

if TYPE_CHECKING:
    from summarize.report.model import Report

SOFFICE_NAMES = ("soffice", "libreoffice")
# Seconds one conversion may take: a cold LibreOffice start plus a 20-page report takes about 10 s here.
DEFAULT_TIMEOUT_S = 180.0
INSTALL_HINT = (
    "生成 PDF 需要安装 LibreOffice：统信 UOS、麒麟、Debian、Ubuntu 上执行"
    "“sudo apt install libreoffice-writer-nogui fonts-noto-cjk”，Windows 和 macOS 从 "
    "https://zh-cn.libreoffice.org/ 下载安装；也可以先用 --format docx 生成 Word 文档，再在 WPS 或 Word 中另存为 PDF"
)


@dataclass(frozen=True)
class FontSubstitution:
    """What a font the document names becomes when the PDF is made on this machine."""

    font: str  # the name in the document (仿宋_GB2312)
    installed: bool  # the font itself is installed: nothing is substituted
    substitute: str | None  # the installed face used instead, or None (LibreOffice picks one itself)


def find_soffice() -> str | None:
    """The LibreOffice program on PATH (``soffice`` or ``libreoffice``), or where its Windows installer puts it
    (which does not add it to PATH), or None."""
    found = next((found for name in SOFFICE_NAMES if (found := shutil.which(name))), None)
    if found or sys.platform != "win32":
        return found
    folders = (os.environ.get(name) for name in ("ProgramFiles", "ProgramFiles(x86)", "LOCALAPPDATA"))
    candidates = (Path(folder, "LibreOffice", "program", "soffice.exe") for folder in folders if folder)
    return next((str(path) for path in candidates if path.is_file()), None)


def _substitutes() -> dict[str, list[str]]:
    """Font name → installed faces that may stand in for it, best first (``summarize/fonts.toml``)."""
    return font_data()["substitutes"]


def installed_families() -> frozenset[str]:
    """Every font family fontconfig knows on this machine (all localized names), empty without ``fc-list``."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return frozenset()
    try:
        listing = subprocess.run(
            [fc_list, ":", "family"], capture_output=True, text=True, timeout=30, check=False
        ).stdout
    except (OSError, subprocess.TimeoutExpired):
        return frozenset()
    return frozenset(
        name.strip() for line in listing.splitlines() for name in line.split(",") if name.strip()
    )


def font_substitutions(
    layout: Layout | None = None, families: frozenset[str] | None = None
) -> list[FontSubstitution]:
    """For each font of ``layout``: installed, or the installed face the PDF uses instead (None: no known one).

    ``families`` defaults to :func:`installed_families`.
    """
    layout = layout or Layout()
    families = installed_families() if families is None else families
    result = []
    for font in layout.east_asian_fonts():
        if font in families:
            result.append(FontSubstitution(font, True, None))
            continue
        substitute = next((face for face in _substitutes().get(font, ()) if face in families), None)
        result.append(FontSubstitution(font, False, substitute))
    return result


def fontconfig_file(substitutions: list[FontSubstitution]) -> str:
    """A fontconfig configuration: the system's, plus a strong alias from each missing font to its substitute."""
    lines = [
        '<?xml version="1.0"?>',
        '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
        "<fontconfig>",
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>',
    ]
    for entry in substitutions:
        if entry.installed or entry.substitute is None:
            continue
        lines += [
            '  <alias binding="strong">',
            f"    <family>{escape(entry.font)}</family>",
            f"    <prefer><family>{escape(entry.substitute)}</family></prefer>",
            "  </alias>",
        ]
    lines.append("</fontconfig>")
    return "\n".join(lines) + "\n"


def docx_to_pdf(
    docx: str | os.PathLike[str],
    pdf: str | os.PathLike[str],
    layout: Layout | None = None,
    timeout: float = DEFAULT_TIMEOUT_S,
) -> Path:
    """Convert the Word document ``docx`` to ``pdf`` with LibreOffice headless and return the PDF's path.

    The fonts of ``layout`` (default :class:`Layout`) that are not installed are mapped to installed
    substitutes for this conversion only. Raises :class:`SummarizeError` (exit code 2) in Chinese when
    LibreOffice is not installed, fails, or takes longer than ``timeout`` seconds.
    """
    soffice = find_soffice()
    if soffice is None:
        raise SummarizeError(f"未找到 LibreOffice（soffice）。{INSTALL_HINT}")
    pdf = Path(pdf)
    with tempfile.TemporaryDirectory(prefix="summarize-pdf-") as work:
        root = Path(work)
        source = root / "in" / "document.docx"  # an ASCII name: LibreOffice under a C locale mangles others
        source.parent.mkdir()
        shutil.copyfile(docx, source)
        config = root / "fonts.conf"
        config.write_text(fontconfig_file(font_substitutions(layout or Layout())), encoding="utf-8")
        env = {**os.environ, "FONTCONFIG_FILE": str(config), "HOME": str(root)}
        command = [
            soffice,
            f"-env:UserInstallation={(root / 'profile').as_uri()}",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(root / "out"),
            str(source),
        ]
        log = _run(command, env, timeout)
        produced = root / "out" / "document.pdf"
        if not produced.is_file() or produced.stat().st_size == 0:
            detail = log.strip().splitlines()[-1] if log.strip() else "没有输出"
            raise SummarizeError(f"LibreOffice 未能把“{Path(docx).name}”转换为 PDF（{detail}）")
        return write_atomic(pdf, lambda tmp: shutil.copyfile(produced, tmp))


def _run(command: list[str], env: dict[str, str], timeout: float) -> str:
    """Run LibreOffice in its own process group; on timeout kill that group (soffice starts a child)."""
    try:
        process = subprocess.Popen(
            command,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
    except OSError as exc:
        raise SummarizeError(f"无法启动 LibreOffice（{exc.strerror}）。{INSTALL_HINT}") from exc
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        kill_tree(process)
        process.communicate()
        raise SummarizeError(
            f"LibreOffice 转换 PDF 超过 {timeout:g} 秒仍未完成，已停止；请关闭其他正在运行的 LibreOffice 后重试"
        ) from None
    return output or ""


def kill_tree(process: subprocess.Popen) -> None:
    """Stop a program and the children it started: its process group on POSIX (it was started in a session of
    its own), ``taskkill /T`` on Windows, which has no process groups to signal (no ``os.killpg``)."""
    if not hasattr(os, "killpg"):
        subprocess.run(["taskkill", "/F", "/T", "/PID", str(process.pid)], capture_output=True, check=False)
        process.kill()  # taskkill missing or refused: at least the program itself
    else:
        os.killpg(process.pid, signal.SIGKILL)


def write_pdf(
    report: Report,
    path: str | os.PathLike[str],
    template: Path | None = None,
    layout: Layout | None = None,
    timeout: float = DEFAULT_TIMEOUT_S,
) -> Path:
    """Write ``report`` as a PDF: the same .docx :func:`~summarize.render.docx.render_docx` writes, converted."""
    from summarize.render.docx import render_docx

    if find_soffice() is None:  # before rendering: say what is missing at once
        raise SummarizeError(f"未找到 LibreOffice（soffice）。{INSTALL_HINT}")
    with tempfile.TemporaryDirectory(prefix="summarize-docx-") as work:
        docx = render_docx(report, Path(work) / "document.docx", template=template, layout=layout)
        fonts = (layout or Layout()).for_lang(report.lang)  # the fonts render_docx wrote
        return docx_to_pdf(docx, path, layout=fonts, timeout=timeout)

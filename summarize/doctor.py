"""``summarize doctor``: what this machine will do, one line per check, before a clerk's first report.

Each check is a :class:`Finding`: 正常 (fine), 注意 (works, with a limit the clerk should know: fonts substituted,
no LibreOffice so no PDF, a year of holidays counted by rule) or 错误 (the main job — reading registers and
writing the Word documents with their charts — cannot be done). The command exits 1 when any 错误 is found.
"""

from __future__ import annotations

import sys
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

OK, NOTE, ERROR = "正常", "注意", "错误"
MIN_PYTHON = (3, 11)


@dataclass(frozen=True)
class Finding:
    """One checked thing: its level (正常, 注意, 错误), what was checked, and what was found."""

    level: str
    topic: str
    text: str

    def line(self) -> str:
        """The line ``doctor`` prints: [级别] 项目：结果."""
        return f"[{self.level}] {self.topic}：{self.text}"


def python_version() -> Finding:
    """The running Python, against the version the package needs."""
    version = ".".join(str(n) for n in sys.version_info[:3])
    if sys.version_info[:2] < MIN_PYTHON:
        return Finding(ERROR, "Python", f"{version}，需要 3.11 及以上")
    return Finding(OK, "Python", f"{version}（{sys.executable}）")


def package_versions() -> Finding:
    """summarize and every package it requires (extras left out), with the installed versions."""
    from packaging.requirements import Requirement

    found, missing = [], []
    for spec in metadata.requires("summarize") or []:
        requirement = Requirement(spec)
        if requirement.marker is not None and not requirement.marker.evaluate({"extra": ""}):
            continue
        try:
            version = metadata.version(requirement.name)
        except metadata.PackageNotFoundError:
            missing.append(requirement.name)
            continue
        if not requirement.specifier.contains(version, prereleases=True):
            missing.append(f"{requirement.name} {version}（需要 {requirement.specifier}）")
        else:
            found.append(f"{requirement.name} {version}")
    text = f"summarize {metadata.version('summarize')}；" + "、".join(found)
    if missing:
        return Finding(ERROR, "程序包", f"缺少或版本不符：{'、'.join(missing)}（{text}）")
    return Finding(OK, "程序包", text)


def holiday_years() -> Finding:
    """The years with the State Council's schedule, and what happens after them."""
    from summarize.workdays import official_years

    first, last = official_years()
    rule = f"{last + 1}年起按工作日计算的期限按法定节假日推算（不含调休），标为暂定"
    return Finding(
        OK,
        "节假日安排",
        f"收录 {first}—{last} 年（chinese-calendar {metadata.version('chinese-calendar')}）；{rule}",
    )


def chart_font() -> Finding:
    """The Chinese font the charts will use; without one no report with charts can be written."""
    from summarize import charts

    system = charts.system_cjk_font()
    if system:
        return Finding(OK, "图表字体", f"{system}（本机字体）")
    packaged = charts.packaged_cjk_font()
    if packaged:
        return Finding(OK, "图表字体", f"{packaged}（字体包 pylopdf-fonts-zh-cn）")
    return Finding(ERROR, "图表字体", charts.NO_FONT)


def document_fonts() -> Finding:
    """The official 公文 fonts: installed, or which installed face the PDF route puts in their place."""
    from summarize.render.pdf import font_substitutions, installed_families

    families = installed_families() or _matplotlib_families()
    parts, substituted = [], False
    for item in font_substitutions(families=families):
        if item.installed:
            parts.append(f"{item.font} 已安装")
            continue
        substituted = True
        parts.append(
            f"{item.font} 未安装，PDF 中用 {item.substitute} 代替"
            if item.substitute
            else f"{item.font} 未安装，无可代替的字体"
        )
    advice = "；Word 文档仍写原字体名，在装有公文字体的电脑上打开即按原字体显示" if substituted else ""
    return Finding(NOTE if substituted else OK, "公文字体", "；".join(parts) + advice)


def _matplotlib_families() -> frozenset[str]:
    # Where fontconfig is missing (Windows), the fonts matplotlib finds in the system's font folders.
    from matplotlib import font_manager

    return frozenset(entry.name for entry in font_manager.fontManager.ttflist)


def libreoffice() -> Finding:
    """Whether PDF output is possible."""
    from summarize.render.pdf import find_soffice

    found = find_soffice()
    if found:
        return Finding(OK, "LibreOffice", f"{found}（可以生成 PDF）")
    return Finding(NOTE, "LibreOffice", "未找到：不能用 --format pdf 生成 PDF，Word 和 Excel 文件不受影响")


def cache_folder() -> Finding:
    """The cache folder and whether it can be written (without it every run reads the registers again)."""
    from summarize.cache import cache_dir

    folder = cache_dir()
    if _writable(folder):
        return Finding(OK, "缓存文件夹", f"{folder}（可写）")
    return Finding(
        NOTE,
        "缓存文件夹",
        f"{folder} 不能写入：不用缓存，每次都重新读取台账（可设 SUMMARIZE_CACHE_DIR 换一个位置）",
    )


def output_folder(folder: Path) -> Finding:
    """Whether the documents can be written to ``folder`` (created on first use when it does not exist)."""
    if _writable(folder):
        made = "" if folder.is_dir() else "，首次生成时创建"
        return Finding(OK, "输出文件夹", f"{folder.resolve()}（可写{made}）")
    return Finding(ERROR, "输出文件夹", f"{folder.resolve()} 不能写入：请换一个文件夹（-o），或检查权限")


def _writable(folder: Path) -> bool:
    """Whether a file can be made in ``folder``, or in the nearest existing folder above it (where it would be
    created). Tried for real: permission bits say little on Windows or for root."""
    probe = folder
    while not probe.exists():
        if probe.parent == probe:
            return False
        probe = probe.parent
    if not probe.is_dir():
        return False
    try:
        with tempfile.TemporaryFile(dir=probe):
            return True
    except OSError:
        return False


def findings(output: Path) -> list[Finding]:
    """Every check, in the order ``doctor`` prints them; a check that fails unexpectedly is an 错误 line."""
    checks = [
        python_version,
        package_versions,
        holiday_years,
        chart_font,
        document_fonts,
        libreoffice,
        cache_folder,
    ]
    results = []
    for check in [*checks, lambda: output_folder(output)]:
        try:
            results.append(check())
        except Exception as exc:  # noqa: BLE001 - a broken install is what doctor is for: report, go on
            topic = (check.__doc__ or "检查").split("\n")[0]
            results.append(Finding(ERROR, topic, f"检查时出错（{type(exc).__name__}: {exc}）"))
    return results

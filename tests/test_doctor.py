"""summarize doctor: one Chinese line per check, exit 1 only when the main job is blocked."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from importlib import metadata

import chinese_calendar
from typer.testing import CliRunner

from summarize import charts
from summarize.cli import app

LINE = re.compile(r"^\[(正常|注意|错误)\] (\S+?)：(.+)$")
TOPICS = ["Python", "程序包", "节假日安排", "图表字体", "公文字体", "LibreOffice", "缓存文件夹", "输出文件夹"]


def doctor(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "summarize", "doctor", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )


def lines(stdout: str) -> dict[str, tuple[str, str]]:
    found = [LINE.match(line) for line in stdout.splitlines() if line.strip()]
    assert all(found), stdout
    return {m[2]: (m[1], m[3]) for m in found}


def test_doctor_reports_this_machine_line_by_line(tmp_path):
    result = doctor("-o", str(tmp_path / "out"))
    checks = lines(result.stdout)
    assert list(checks) == TOPICS
    assert result.returncode == (1 if any(level == "错误" for level, _ in checks.values()) else 0)
    assert result.returncode == 0, (
        result.stdout
    )  # this machine has Python 3.11+, a Chinese font, writable folders
    python = ".".join(str(n) for n in sys.version_info[:3])
    assert checks["Python"][1].startswith(python)
    for name in ("pandas", "matplotlib", "chinese-calendar", "holidays", "typer"):
        assert f"{name} {metadata.version(name)}" in checks["程序包"][1], name
    years = [day.year for day in chinese_calendar.holidays]
    assert f"收录 {min(years)}—{max(years)} 年" in checks["节假日安排"][1]
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert checks["LibreOffice"] == (
        ("正常", f"{soffice}（可以生成 PDF）") if soffice else checks["LibreOffice"]
    )
    assert (checks["LibreOffice"][0] == "注意") == (soffice is None)
    assert checks["输出文件夹"] == ("正常", f"{(tmp_path / 'out').resolve()}（可写，首次生成时创建）")
    assert not (tmp_path / "out").exists()  # doctor only looks


def test_an_output_folder_that_cannot_be_made_blocks(tmp_path):
    (tmp_path / "文件").write_text("x", encoding="utf-8")
    result = doctor("-o", str(tmp_path / "文件" / "out"))
    assert result.returncode == 1
    level, text = lines(result.stdout)["输出文件夹"]
    assert level == "错误" and text.startswith(f"{(tmp_path / '文件' / 'out').resolve()} 不能写入")


def test_no_chinese_font_for_the_charts_blocks(tmp_path, monkeypatch):
    monkeypatch.setattr(charts, "system_cjk_font", lambda: None)
    monkeypatch.setattr(charts, "PACKAGED_FONT", ("summarize_no_such_font_package", "x.otf"))
    result = CliRunner().invoke(app, ["doctor", "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert lines(result.output)["图表字体"] == ("错误", charts.NO_FONT)

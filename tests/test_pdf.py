"""PDF through LibreOffice: the sample documents, the font substitutes, and what happens without LibreOffice.

The conversion tests run where ``soffice`` and poppler (pdfinfo, pdftotext, pdffonts) are installed (.ci/run
installs them) and skip otherwise; the error paths use a fake ``soffice`` and always run.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import stat
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarize.batch import Job, run_jobs
from summarize.cli import app
from summarize.errors import SummarizeError
from summarize.layout import Layout
from summarize.output import annual_report_name, monthly_names
from summarize.render import pdf
from summarize.workspace import sample_path
from summarize.written import Target
from tests.conftest import open_ws

HAVE_PDF_TOOLS = pdf.find_soffice() is not None and all(
    shutil.which(tool) for tool in ("pdfinfo", "pdftotext", "pdffonts")
)
needs_soffice = pytest.mark.skipif(not HAVE_PDF_TOOLS, reason="LibreOffice 或 poppler-utils 未安装")


def page_count(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def page_texts(path: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout
    return text.split("\f")[: page_count(path)]


def embedded_fonts(path: Path) -> list[str]:
    listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return [line.split()[0].split("+", 1)[-1] for line in listing.splitlines()[2:] if line.strip()]


@pytest.fixture(scope="module")
def sample_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample's 年终总结 and 月报 as PDFs, written by two worker processes at once (own profiles)."""
    out = tmp_path_factory.mktemp("pdf")
    ws = open_ws(sample_path())
    annual = out / annual_report_name(ws.unit, ws.year, ".pdf")
    workbook, document = monthly_names(ws.unit, ws.year, 12)
    monthly = out / document.replace(".docx", ".pdf")
    jobs = [
        Job("", ws.year, None, (Target(annual, annual),), None, "pdf"),
        Job("", ws.year, 12, (Target(out / workbook, out / workbook), Target(monthly, monthly)), None, "pdf"),
    ]
    written = [path for _, paths in run_jobs(ws, jobs, workers=2) for path in paths]
    assert {annual, monthly} <= set(written)
    return {"annual": annual, "monthly": monthly}


@needs_soffice
@pytest.mark.parametrize("which", ["annual", "monthly"])
def test_every_page_has_text_and_its_page_number(sample_pdfs: dict[str, Path], which: str) -> None:
    path = sample_pdfs[which]
    pages = page_texts(path)
    assert len(pages) == page_count(path) >= 2
    for number, text in enumerate(pages, start=1):
        body = [line for line in text.splitlines() if line.strip()]
        assert len(body) >= 2, f"第{number}页是空白页"
        # The footer's PAGE field, "— N —", counts the pages LibreOffice laid out.
        assert re.search(rf"—\s*{number}\s*—", text), f"第{number}页没有页码"


@needs_soffice
def test_pdf_text_is_the_documents_text(sample_pdfs: dict[str, Path]) -> None:
    ws = open_ws(sample_path())
    text = "".join(page_texts(sample_pdfs["annual"])).replace(" ", "")
    assert f"{ws.unit}{ws.year}年工作总结" in text
    receipts = ws.registers["收文"]
    count = int((receipts["收文日期"].dt.year == ws.year).sum())
    assert f"收文{count}份" in text


@needs_soffice
def test_official_fonts_become_distinct_installed_faces(sample_pdfs: dict[str, Path]) -> None:
    """Serif body, sans 黑体 headings and (when a 楷 face is installed) 楷体 headings — not one sans for all."""
    substitutes = {s.font: s.substitute for s in pdf.font_substitutions(Layout())}
    embedded = [name.lower() for name in embedded_fonts(sample_pdfs["annual"])]
    chosen = {substitutes[f] for f in ("仿宋_GB2312", "黑体", "楷体_GB2312")} - {None}
    for family in chosen:
        assert any(_face_key(family) in name for name in embedded), (family, embedded)
    if substitutes["仿宋_GB2312"] and substitutes["黑体"]:
        assert substitutes["仿宋_GB2312"] != substitutes["黑体"]


def _face_key(family: str) -> str:
    """The part of a family name a PDF's font name keeps ("Noto Serif CJK SC" → "notoserifcjk",
    "AR PL UKai CN" → "ukai"): LibreOffice names a collection's faces after its first one (…CJKjp)."""
    key = family.lower().replace(" ", "").removeprefix("arpl")
    return re.sub(r"(sc|tc|hk|cn|tw|jp|kr)$", "", key)


def test_substitutions_choose_the_first_installed_face() -> None:
    families = frozenset({"Noto Serif CJK SC", "Noto Sans CJK SC", "AR PL UKai CN", "宋体"})
    found = {s.font: s for s in pdf.font_substitutions(Layout(), families)}
    assert found["宋体"].installed and found["宋体"].substitute is None
    assert found["仿宋_GB2312"].substitute == "Noto Serif CJK SC"
    assert found["楷体_GB2312"].substitute == "AR PL UKai CN"
    assert found["黑体"].substitute == "Noto Sans CJK SC"
    # 方正小标宋简体 falls back to an installed 宋体 before any Noto face.
    assert found["方正小标宋简体"].substitute == "宋体"
    nothing = pdf.font_substitutions(Layout(), frozenset())
    assert all(not s.installed and s.substitute is None for s in nothing)


def test_fontconfig_file_aliases_missing_fonts_only() -> None:
    subs = [
        pdf.FontSubstitution("仿宋_GB2312", False, "Noto Serif CJK SC"),
        pdf.FontSubstitution("黑体", True, None),
        pdf.FontSubstitution("A&B", False, "X<Y"),
    ]
    text = pdf.fontconfig_file(subs)
    assert "<family>仿宋_GB2312</family>" in text and "<family>Noto Serif CJK SC</family>" in text
    assert "<family>黑体</family>" not in text
    assert "A&amp;B" in text and "X&lt;Y" in text
    assert "/etc/fonts/fonts.conf" in text


def _fake_soffice(folder: Path, script: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    program = folder / "soffice"
    program.write_text("#!/bin/sh\n" + script, encoding="utf-8")
    program.chmod(program.stat().st_mode | stat.S_IEXEC)
    return folder


def test_without_libreoffice_the_cli_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    target = tmp_path / "总结.pdf"
    result = CliRunner().invoke(app, ["report", "--sample", "--format", "pdf", "-o", str(target)])
    assert result.exit_code == 2
    assert "LibreOffice" in result.output and "apt install libreoffice-writer-nogui" in result.output
    assert "Traceback" not in result.output
    assert not target.exists()


def test_a_hanging_libreoffice_is_stopped_and_the_old_pdf_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bin_dir = _fake_soffice(tmp_path / "bin", "sleep 60\n")
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    docx = tmp_path / "a.docx"
    docx.write_bytes(b"not really")
    target = tmp_path / "a.pdf"
    target.write_bytes(b"previous")
    with pytest.raises(SummarizeError, match="超过 1 秒"):
        pdf.docx_to_pdf(docx, target, timeout=1)
    assert target.read_bytes() == b"previous"
    assert list(tmp_path.glob(".a.*")) == []  # no temporary file left beside the target


def test_a_failed_conversion_is_explained_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bin_dir = _fake_soffice(tmp_path / "bin", 'echo "Error: source file could not be loaded"\nexit 0\n')
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    docx = tmp_path / "a.docx"
    docx.write_bytes(b"x")
    with pytest.raises(SummarizeError, match="could not be loaded"):
        pdf.docx_to_pdf(docx, tmp_path / "a.pdf")
    assert not (tmp_path / "a.pdf").exists()


def test_each_run_has_its_own_profile_and_font_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fake soffice records its arguments and FONTCONFIG_FILE, and writes a PDF where it is told."""
    log = tmp_path / "log"
    script = (
        f'echo "$@" >> {log}\necho "FC=$FONTCONFIG_FILE" >> {log}\n'
        'for last; do :; done\nout=""\nprev=""\n'
        'for a in "$@"; do [ "$prev" = "--outdir" ] && out="$a"; prev="$a"; done\n'
        'mkdir -p "$out" && printf "%%PDF-1.4" > "$out/document.pdf"\n'
    )
    bin_dir = _fake_soffice(tmp_path / "bin", script)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    docx = tmp_path / "a.docx"
    docx.write_bytes(b"x")
    for name in ("1.pdf", "2.pdf"):
        assert pdf.docx_to_pdf(docx, tmp_path / name).read_bytes() == b"%PDF-1.4"
    lines = log.read_text(encoding="utf-8").splitlines()
    profiles = [re.search(r"-env:UserInstallation=(\S+)", line).group(1) for line in lines[::2]]
    assert len(set(profiles)) == 2 and all(p.startswith("file:///") for p in profiles)
    assert all(line.startswith("FC=") and line.endswith("fonts.conf") for line in lines[1::2])
    assert "--headless" in lines[0]


def _web_client(folder: Path):  # noqa: ANN202 - starlette is an optional test dependency
    pytest.importorskip("starlette")
    from starlette.testclient import TestClient

    from summarize.web.app import create_app
    from tests.conftest import TODAY

    shutil.copytree(sample_path(), folder)
    return TestClient(create_app(folder, today=TODAY), base_url="http://127.0.0.1:8765")


@needs_soffice
def test_web_page_offers_the_monthly_report_as_pdf(tmp_path: Path) -> None:
    c = _web_client(tmp_path / "工作区")
    assert 'action="/download/月报.pdf"' in c.get("/monthly?year=2025&month=11").text
    response = c.post("/download/月报.pdf", data={"year": "2025", "month": "11"})  # generating is a POST
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    saved = tmp_path / "工作区" / "out" / "示例县人民政府办公室2025年11月工作月报.pdf"
    assert saved.read_bytes() == response.content


def test_web_pdf_download_without_libreoffice_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    c = _web_client(tmp_path / "工作区")
    response = c.post("/download/年终总结.pdf", data={"year": "2025"}, headers={"x-summarize-fetch": "1"})
    assert response.status_code == 400
    assert "LibreOffice" in response.text


def test_a_hanging_libreoffice_is_stopped_where_there_are_no_process_groups(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows has no os.killpg: the timeout stops the program through taskkill /T, which is recorded here and
    does what taskkill does (ends the whole tree; the fake soffice's sleep would otherwise hold the pipe)."""
    bin_dir = _fake_soffice(tmp_path / "bin", "sleep 60\n")
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    killpg = os.killpg
    monkeypatch.delattr(os, "killpg")
    calls = []
    real_run = subprocess.run

    def taskkill(args, **kw):
        if args[0] != "taskkill":  # fc-list and the like
            return real_run(args, **kw)
        calls.append(args)
        killpg(int(args[-1]), signal.SIGKILL)
        return subprocess.CompletedProcess(args, 0)

    monkeypatch.setattr(pdf.subprocess, "run", taskkill)
    docx = tmp_path / "a.docx"
    docx.write_bytes(b"not really")
    with pytest.raises(SummarizeError, match="超过 1 秒"):
        pdf.docx_to_pdf(docx, tmp_path / "a.pdf", timeout=1)
    assert calls[-1][:4] == ["taskkill", "/F", "/T", "/PID"]


def test_on_windows_soffice_is_found_where_its_installer_puts_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Windows installer does not add LibreOffice to PATH: Program Files is looked in (simulated here)."""
    import types

    program = tmp_path / "Program Files" / "LibreOffice" / "program"
    program.mkdir(parents=True)
    (program / "soffice.exe").write_bytes(b"")
    monkeypatch.setattr(pdf, "sys", types.SimpleNamespace(platform="win32"))
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    monkeypatch.setenv("ProgramFiles", str(tmp_path / "Program Files"))
    monkeypatch.delenv("ProgramFiles(x86)", raising=False)
    assert pdf.find_soffice() == str(program / "soffice.exe")
    monkeypatch.setenv("ProgramFiles", str(tmp_path / "nowhere"))
    monkeypatch.delenv("LOCALAPPDATA", raising=False)
    assert pdf.find_soffice() is None

"""One writer of documents: the Python API and the commands write the same file, with the workspace's layout
and Word template, under the same names."""

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import summarize
from summarize import documents
from summarize.errors import SummarizeError
from summarize.layout import mm_to_twips
from summarize.workspace import sample_path

LAYOUT = '\n[layout]\nmargin_left_mm = 31.0\nmargin_right_mm = 23.0\nbody_font = "宋体"\n'


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "summarize", *args], capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def laid_out(tmp_path_factory) -> Path:
    """The sample workspace with its own [layout]: other margins and another body font."""
    folder = tmp_path_factory.mktemp("ws") / "示例"
    shutil.copytree(sample_path(), folder)
    with (folder / "summarize.toml").open("a", encoding="utf-8") as settings:
        settings.write(LAYOUT)
    return folder


def document_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as docx:
        return docx.read("word/document.xml").decode() + docx.read("word/styles.xml").decode()


def test_api_and_cli_write_the_same_annual_report(laid_out, tmp_path):
    api = summarize.open(laid_out).report(2025).to_docx(tmp_path / "api.docx")
    result = run("report", str(laid_out), "--year", "2025", "-o", str(tmp_path / "cli.docx"))
    assert result.returncode == 0, result.stderr
    assert api.read_bytes() == (tmp_path / "cli.docx").read_bytes()
    # The same, because both carry the workspace's layout (not because both left it out).
    xml = document_xml(api)
    assert f'w:left="{mm_to_twips(31.0)}"' in xml and f'w:right="{mm_to_twips(23.0)}"' in xml
    assert 'w:eastAsia="宋体"' in xml


def test_documents_written_after_others_in_one_process_are_those_a_fresh_process_writes(laid_out, tmp_path):
    # The Jinja environments and the template's style ids are kept once made (a batch writes one document per
    # unit in each worker): the document written after others must be the one a fresh process writes.
    ws = summarize.open(laid_out)
    ws.monthly_report(2025, 11).to_docx(tmp_path / "first-monthly.docx")
    ws.report(2024).to_docx(tmp_path / "first-2024.docx")
    warm = ws.report(2025).to_docx(tmp_path / "warm.docx")
    again = ws.report(2025).to_docx(tmp_path / "again.docx")
    result = run("report", str(laid_out), "--year", "2025", "-o", str(tmp_path / "fresh.docx"))
    assert result.returncode == 0, result.stderr
    assert warm.read_bytes() == again.read_bytes() == (tmp_path / "fresh.docx").read_bytes()


def test_api_and_cli_write_the_same_monthly_report(laid_out, tmp_path):
    api = summarize.open(laid_out).write_monthly(tmp_path / "api", 2025, 11)
    result = run("monthly", str(laid_out), "--month", "2025-11", "-o", str(tmp_path / "cli"))
    assert result.returncode == 0, result.stderr
    assert [p.name for p in api] == documents.names("示例县人民政府办公室", 2025, 11)
    for path in api:
        assert path.read_bytes() == (tmp_path / "cli" / path.name).read_bytes(), path.name
        assert f"已生成 {tmp_path / 'cli' / path.name}" in result.stdout
    assert f'w:left="{mm_to_twips(31.0)}"' in document_xml(api[1])


def test_the_workspace_word_template_is_used_from_python_too(laid_out, tmp_path):
    folder = tmp_path / "ws"
    shutil.copytree(laid_out, folder)
    (folder / "templates").mkdir()
    # The office's own template: the bundled one with a 红头 line above the title.
    from summarize.render.docx import BUNDLED_TEMPLATE

    with (
        zipfile.ZipFile(BUNDLED_TEMPLATE) as src,
        zipfile.ZipFile(folder / "templates" / "report.docx", "w") as dst,
    ):
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                text = data.decode()
                first = re.search(r"<w:p[ >]", text).start()
                text = (
                    text[:first] + "<w:p><w:r><w:t>示例县人民政府办公室文件</w:t></w:r></w:p>" + text[first:]
                )
                data = text.encode()
            dst.writestr(item, data)
    (written,) = summarize.open(folder).write_report(tmp_path / "out", 2025)
    assert written.name == "示例县人民政府办公室2025年工作总结.docx"
    assert "示例县人民政府办公室文件" in document_xml(written)
    result = run("report", str(folder), "--year", "2025", "-o", str(tmp_path / "cli.docx"))
    assert result.returncode == 0, result.stderr
    assert written.read_bytes() == (tmp_path / "cli.docx").read_bytes()


def test_names_and_formats_are_decided_once():
    assert documents.names("甲/乙", 2025) == ["甲、乙2025年工作总结.docx"]
    assert documents.names("甲", 2025, 3, "pdf") == ["甲2025年3月工作统计.xlsx", "甲2025年3月工作月报.pdf"]
    with pytest.raises(SummarizeError, match="只能是 docx 或 pdf"):
        documents.names("甲", 2025, 3, "md")
    with pytest.raises(SummarizeError, match="只能是 docx、pdf 或 md"):
        documents.check_format("doc")

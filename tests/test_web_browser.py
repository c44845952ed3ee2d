"""End to end in headless Chromium: upload the sample registers, see the figures, edit a note, download the report.

Runs against the real server (uvicorn on 127.0.0.1, a free port) with Debian's chromium driven by Playwright.
Skipped where either is missing; ``.ci/run`` installs chromium so CI runs it.
"""

import io
import os
import re
import shutil
import socket
import threading
import time
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from docx import Document

sync_api = pytest.importorskip("playwright.sync_api")
uvicorn = pytest.importorskip("uvicorn")

from summarize.web.app import create_app  # noqa: E402
from summarize.workspace import sample_path  # noqa: E402

CHROMIUM = os.environ.get("SUMMARIZE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="Chromium 未安装（apt-get install chromium）"
)

# Flags for a machine with no network and no display (Chromium otherwise keeps trying Google's hosts).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
S = sample_path()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser") / "工作区"
    folder.mkdir()
    port = free_port()
    config = uvicorn.Config(
        create_app(folder, today=date(2026, 1, 15)), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "服务没有启动"
    yield f"http://127.0.0.1:{port}", folder
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def page(server):
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
        yield context.new_page()
        browser.close()


def outgoing_2025() -> int:
    frame = pd.read_excel(S / "发文登记簿（2025年）.xlsx", header=1, engine="calamine")
    return int(frame["发文字号"].notna().sum())


def test_upload_see_figures_edit_a_note_and_download_the_report(server, page, tmp_path):
    base, folder = server
    page.goto(base + "/")
    assert "还没有台账文件" in page.content()

    # Choose the sample's files with the file chooser; the page uploads them and reloads.
    files = [str(p) for p in sorted(S.iterdir()) if p.is_file()]
    page.set_input_files("input[type=file][accept]", files)
    page.wait_for_selector("table.files")
    registers = len(files) - 2  # summarize.toml and 总结素材.md are not registers
    assert page.locator("table.files tbody tr").count() == registers
    assert f"已保存 {len(files)} 个文件" in page.inner_text("main")
    meetings = page.locator("table.files tr", has_text="会议记录2025.xlsx").locator("td.num")
    expected = len(pd.read_excel(S / "会议记录2025.xlsx", engine="calamine").dropna(subset=["会议名称"]))
    assert meetings.nth(2).inner_text() == str(expected)  # 工作表, 读取, 计入

    # The statistics page, then another month.
    page.click("nav >> text=统计")
    row = page.locator("table").first.locator("tr", has=page.locator("td", has_text=re.compile("^发文$")))
    assert row.locator("td").nth(2).inner_text() == str(outgoing_2025())
    page.select_option("select[name=month]", "3")
    page.wait_for_url(re.compile(r"month=3"))
    assert "2025年3月统计" in page.inner_text("main")

    # Edit 存在问题 and save it back to the notes file.
    page.click("nav >> text=素材")
    note = "个别承办单位对办理时限重视不够，浏览器测试写入。"
    page.fill("textarea[aria-label=存在问题]", f"- {note}")
    page.click("button:has-text('保存')")
    page.wait_for_selector("text=已保存素材：存在问题")
    assert note in (folder / "总结素材.md").read_text(encoding="utf-8")

    # The preview shows the note and the figures; the downloaded Word document has both.
    page.click("nav >> text=年终总结")
    preview = page.inner_text(".report")
    assert note in preview and f"制发文件{outgoing_2025()}份" in preview
    with page.expect_download() as info:
        page.click("text=下载 Word 文档")
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    assert saved.name == "示例县人民政府办公室2025年工作总结.docx"
    text = "\n".join(p.text for p in Document(io.BytesIO(saved.read_bytes())).paragraphs)
    assert note in text and f"制发文件{outgoing_2025()}份" in text


def test_a_file_dropped_on_the_page_is_uploaded(server, page):
    base, folder = server
    page.goto(base + "/")
    csv = "收文日期,来文单位,标题\n2025-12-01,县委办,关于测试的通知\n"
    page.evaluate(
        """(csv) => {
            const transfer = new DataTransfer();
            transfer.items.add(new File([csv], "拖入的收文.csv", { type: "text/csv" }));
            document.getElementById("upload").dispatchEvent(
                new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
        }""",
        csv,
    )
    page.wait_for_selector("text=已保存 1 个文件：拖入的收文.csv")
    assert (folder / "拖入的收文.csv").read_text(encoding="utf-8") == csv

"""The web page (summarize serve) through Starlette's test client: uploads, figures, notes, downloads, safety.

Figures on the pages and in the downloaded files are checked against counts made with pandas over the sample
files, not against the engine's own output.
"""

import errno
import html
import io
import json
import re
import tomllib
from datetime import date
from pathlib import Path
from urllib.parse import quote, unquote

import pandas as pd
import pytest
from docx import Document
from openpyxl import load_workbook

pytest.importorskip("starlette")
from starlette.testclient import TestClient  # noqa: E402

from summarize.notes import NOTES_NAME, join_sections, note_sections  # noqa: E402
from summarize.render.html import render_html  # noqa: E402
from summarize.report.model import Paragraph, Report, Table  # noqa: E402
from summarize.web.app import create_app  # noqa: E402
from summarize.web.checking import clean_document_name  # noqa: E402
from summarize.web.uploads import Refused, clean_relative_path  # noqa: E402
from summarize.workspace import sample_path  # noqa: E402

S = sample_path()
TODAY = date(2026, 1, 15)
BASE = "http://127.0.0.1:8765"


def meetings_2025() -> int:
    return len(
        pd.read_excel(S / "会议记录2025.xlsx", header=0, engine="calamine").dropna(subset=["会议名称"])
    )


def outgoing_2025() -> int:
    frame = pd.read_excel(S / "发文登记簿（2025年）.xlsx", header=1, engine="calamine")
    return int(frame["发文字号"].notna().sum())


def sample_files() -> list[tuple[str, tuple[str, bytes]]]:
    return [("files", (p.name, p.read_bytes())) for p in sorted(S.iterdir()) if p.is_file()]


def client(folder: Path, **options) -> TestClient:
    return TestClient(create_app(folder, today=TODAY, **options), base_url=BASE)


@pytest.fixture
def empty(tmp_path) -> tuple[TestClient, Path]:
    folder = tmp_path / "工作区"
    folder.mkdir()
    return client(folder), folder


@pytest.fixture(scope="module")
def loaded(tmp_path_factory) -> tuple[TestClient, Path]:
    folder = tmp_path_factory.mktemp("web") / "工作区"
    folder.mkdir()
    c = client(folder)
    response = c.post("/upload", files=sample_files())
    assert response.status_code == 200
    return c, folder


def cell_after(html: str, label: str, nth: int = 1) -> str:
    """The text of the ``nth`` cell after the row's first cell ``label`` in an HTML table."""
    row = re.search(rf"<tr><td>{re.escape(label)}</td>(.*?)</tr>", html)
    assert row, f"no row {label}"
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(1))
    return cells[nth - 1]


def test_an_empty_workspace_shows_every_page_without_error(empty):
    c, _ = empty
    assert "还没有台账文件" in c.get("/").text
    for path in ("/stats", "/report", "/monthly"):
        response = c.get(path)
        assert response.status_code == 200
        assert "还没有台账记录" in response.text
    assert c.get("/notes").status_code == 200


def test_uploaded_sample_registers_are_read_and_accounted_for(loaded):
    c, folder = loaded
    names = {p.name for p in S.iterdir() if p.is_file()}
    assert {p.name for p in folder.iterdir() if p.is_file()} == names
    for name in names:
        assert (folder / name).read_bytes() == (S / name).read_bytes()
    page = c.get("/").text
    assert f"文件（{len(names) - 2} 个）" in page  # summarize.toml and the notes are not registers
    meetings = re.search(r"<td>会议记录2025.xlsx</td>\s*<td>会议</td><td>2025</td>(.*?)</tr>", page, re.S)
    read, accepted = re.findall(r'<td class="num">(\d+)</td>', meetings.group(1))[1:3]
    assert int(read) == int(accepted) == meetings_2025()
    # The planted bad date in the sample is listed with its place.
    assert "“2025年收文登记簿.xlsx” 工作表“2月”" in page and "2月30日" in page


def test_statistics_page_shows_the_registers_figures(loaded):
    c, _ = loaded
    page = c.get("/stats?year=2025&month=12").text
    annual = page[page.index("2025年统计") : page.index("2025年12月统计")]
    assert cell_after(annual, "会议", 2) == str(meetings_2025())
    assert cell_after(annual, "发文", 2) == str(outgoing_2025())
    assert page.count("data:image/png;base64,") == 2
    monthly = page[page.index("2025年12月统计") :]
    meetings = pd.read_excel(S / "会议记录2025.xlsx", header=0, engine="calamine")
    december = int((pd.to_datetime(meetings["会议日期"]).dt.month == 12).sum())
    assert cell_after(monthly, "会议", 2) == str(december)
    # Switching the month changes the monthly table.
    march = c.get("/stats?year=2025&month=3").text
    march_count = int((pd.to_datetime(meetings["会议日期"]).dt.month == 3).sum())
    assert cell_after(march[march.index("2025年3月统计") :], "会议", 2) == str(march_count)


def test_an_unknown_period_falls_back_to_the_latest(loaded):
    c, _ = loaded
    page = c.get("/stats?year=1999&month=abc").text
    assert "2025年12月统计" in page


def test_report_preview_and_download_carry_the_same_figures(loaded):
    c, folder = loaded
    page = c.get("/report?year=2025").text
    assert "示例县人民政府办公室2025年工作总结" in page
    assert f"制发文件{outgoing_2025()}份" in page
    response = c.post("/download/年终总结.docx", data={"year": "2025"})
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert f"制发文件{outgoing_2025()}份" in text
    assert (folder / "out" / "示例县人民政府办公室2025年工作总结.docx").read_bytes() == response.content


def test_monthly_preview_and_statistics_table_download(loaded):
    c, _ = loaded
    page = c.get("/monthly?year=2025&month=11").text
    assert "2025年11月" in page
    response = c.post("/download/统计表.xlsx", data={"year": "2025", "month": "11"})
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = {r[0]: r for r in sheet.iter_rows(values_only=True) if r and r[0]}
    meetings = pd.read_excel(S / "会议记录2025.xlsx", header=0, engine="calamine")
    november = int((pd.to_datetime(meetings["会议日期"]).dt.month == 11).sum())
    assert rows["会议"][2] == november
    docx = c.post("/download/月报.docx", data={"year": "2025", "month": "11"})
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    annual_file = c.post("/download/年度统计表.xlsx", data={"year": "2025"}).content
    annual = load_workbook(io.BytesIO(annual_file)).worksheets[0]
    assert {r[0]: r for r in annual.iter_rows(values_only=True) if r and r[0]}["发文"][2] == outgoing_2025()


def test_unknown_download_is_refused_in_chinese(loaded):
    c, _ = loaded
    response = c.get("/download/secret.txt")
    assert response.status_code == 400 and "没有“secret.txt”这种文件" in response.text
    fetched = c.post("/download/secret.txt", headers={"x-summarize-fetch": "1"})
    assert fetched.status_code == 400 and "没有“secret.txt”这种文件" in fetched.text


REPORT = "示例县人民政府办公室2025年工作总结.docx"


def test_a_get_never_writes_it_serves_what_was_generated(tmp_path):
    folder = tmp_path / "ws"
    folder.mkdir()
    c = client(folder)
    c.post("/upload", files=sample_files())
    missing = c.get("/download/年终总结.docx?year=2025")
    assert missing.status_code == 404 and "还没有生成" in missing.text
    assert not (folder / "out").exists()
    generated = c.post("/download/年终总结.docx", data={"year": "2025"})
    assert generated.status_code == 200
    edited = generated.content + b"clerk's edit"
    (folder / "out" / REPORT).write_bytes(edited)
    for origin in (None, "http://evil.example"):  # a cross-site link only gets what is there
        served = c.get("/download/年终总结.docx?year=2025", headers={"origin": origin} if origin else {})
        assert served.status_code == 200 and served.content == edited
    assert sorted(p.name for p in (folder / "out").iterdir()) == [".summarize-written.json", REPORT]


def test_generating_is_a_same_origin_post(tmp_path):
    folder = tmp_path / "ws"
    folder.mkdir()
    c = client(folder)
    c.post("/upload", files=sample_files())
    refused = c.post(
        "/download/年终总结.docx", data={"year": "2025"}, headers={"origin": "http://evil.example"}
    )
    assert refused.status_code == 403 and not (folder / "out").exists()
    page = c.get("/report?year=2025").text
    assert '<form method="post" action="/download/年终总结.docx" class="generate">' in page
    assert 'href="/download/' not in page


def test_regenerating_never_overwrites_a_hand_edited_document(tmp_path):
    folder = tmp_path / "ws"
    folder.mkdir()
    c = client(folder)
    c.post("/upload", files=sample_files())
    out = folder / "out"
    first = c.post("/download/年终总结.docx", data={"year": "2025"}).content
    again = c.post("/download/年终总结.docx", data={"year": "2025"}, headers={"x-summarize-fetch": "1"})
    assert again.content == first  # unedited: written again under its own name
    assert "已生成“示例县人民政府办公室2025年工作总结.docx”" in unquote(again.headers["x-summarize-messages"])
    assert sorted(p.name for p in out.iterdir()) == [".summarize-written.json", REPORT]
    # The clerk edits the document in Word; the next generation goes to a new name and says so.
    document = Document(io.BytesIO(first))
    document.add_paragraph("办公室手工补写的一段。")
    document.save(out / REPORT)
    edited = (out / REPORT).read_bytes()
    response = c.post("/download/年终总结.docx", data={"year": "2025"}, headers={"x-summarize-fetch": "1"})
    copy = "示例县人民政府办公室2025年工作总结（2）.docx"
    assert response.headers["content-disposition"].endswith(quote(copy))
    messages = json.loads(unquote(response.headers["x-summarize-messages"]))
    assert [
        "warning",
        f"“{REPORT}”在上次生成之后被修改过（或不是本程序生成的），为免覆盖其中的修改，新文件保存为“{copy}”",
    ] in messages
    assert (out / REPORT).read_bytes() == edited and (out / copy).read_bytes() == response.content
    # Generating once more reuses the unedited copy rather than piling up numbers; a GET serves the newest.
    c.post("/download/年终总结.docx", data={"year": "2025"})
    assert sorted(p.name for p in out.iterdir()) == [".summarize-written.json", REPORT, copy]
    assert c.get("/download/年终总结.docx?year=2025").content == (out / copy).read_bytes()
    # Without the page's script the messages wait for the next page.
    assert "新文件保存为" in c.get("/report").text


def test_a_file_the_tool_did_not_write_is_not_overwritten(tmp_path):
    folder = tmp_path / "ws"
    (folder / "out").mkdir(parents=True)
    (folder / "out" / REPORT).write_bytes(b"written by the clerk")
    c = client(folder)
    c.post("/upload", files=sample_files())
    c.post("/download/年终总结.docx", data={"year": "2025"})
    assert (folder / "out" / REPORT).read_bytes() == b"written by the clerk"
    assert (folder / "out" / "示例县人民政府办公室2025年工作总结（2）.docx").exists()


def test_a_hostile_unit_name_downloads_under_a_safe_name_inside_out(tmp_path):
    folder = tmp_path / "ws"
    folder.mkdir()
    c = client(folder)
    files = [f for f in sample_files() if f[1][0] != "summarize.toml"]
    settings = (S / "summarize.toml").read_text(encoding="utf-8")
    settings = re.sub(r'(?m)^unit = ".*"$', 'unit = "../../逃逸/中共X县委办公室/X县人民政府办公室"', settings)
    files.append(("files", ("summarize.toml", settings.encode())))
    c.post("/upload", files=files)
    response = c.post("/download/年终总结.docx", data={"year": "2025"})
    assert response.status_code == 200, response.text
    name = "逃逸、中共X县委办公室、X县人民政府办公室2025年工作总结.docx"
    assert sorted(p.name for p in (folder / "out").iterdir()) == [".summarize-written.json", name]
    assert not (tmp_path / "逃逸").exists()


def test_generating_in_a_read_only_workspace_is_explained(tmp_path, monkeypatch):
    """Tests run as root, where a read-only folder does not stop a write: the refusal is simulated."""
    import summarize.output

    folder = tmp_path / "ws"
    folder.mkdir()
    c = client(folder)
    c.post("/upload", files=sample_files())

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "read-only")

    monkeypatch.setattr(summarize.output.tempfile, "mkstemp", read_only)
    monkeypatch.setattr(Path, "mkdir", read_only)
    response = c.post("/download/年终总结.docx", data={"year": "2025"}, headers={"x-summarize-fetch": "1"})
    assert response.status_code == 400
    assert response.text.startswith(f"无法生成文件：无法创建输出文件夹“{folder / 'out'}”：输出位置是只读的")
    plain = c.post(
        "/download/月报.docx", data={"year": "2025", "month": "11"}, headers={"referer": f"{BASE}/monthly"}
    )
    assert plain.url.path == "/monthly" and "无法生成文件：" in plain.text and "只读" in plain.text
    assert not (folder / "out").exists()


def notes_form(page: str) -> dict[str, str]:
    """The notes page's form as a browser would post it: the version and every text box's text."""
    form = {"version": html.unescape(re.search(r'name="version" value="([^"]*)"', page).group(1))}
    for name, body in re.findall(r'<textarea name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S):
        form[html.unescape(name)] = html.unescape(body)
    return form


def box_named(form: dict[str, str], title: str) -> str:
    """The field of the text box under the heading ``# title``."""
    return next(name for name in form if name.endswith(f"# {title}"))


def test_editing_a_note_changes_only_that_section_and_reaches_the_report(tmp_path):
    folder = tmp_path / "ws"
    folder.mkdir()
    c = client(folder)
    c.post("/upload", files=sample_files())
    before = (folder / NOTES_NAME).read_text(encoding="utf-8")
    sections = note_sections(before)
    index = next(i for i, s in enumerate(sections) if s.title == "存在问题")
    form = notes_form(c.get("/notes").text)
    form[box_named(form, "存在问题")] = "- 公文审核力量不足，个别文件&lt;退改&gt;较多。\r\n- 第二条\r\n"
    response = c.post("/notes", data=form)
    assert response.status_code == 200 and "已保存素材：存在问题" in response.text
    after = note_sections((folder / NOTES_NAME).read_text(encoding="utf-8"))
    assert [s.heading for s in after] == [s.heading for s in sections]
    for old, new in zip(sections, after, strict=True):
        if old.title != "存在问题":
            assert old.body.strip() == new.body.strip()
    assert after[index].body.strip() == "- 公文审核力量不足，个别文件&lt;退改&gt;较多。\n- 第二条"
    assert "\r" not in (folder / NOTES_NAME).read_text(encoding="utf-8")
    report = c.get("/report").text
    assert "公文审核力量不足，个别文件&amp;lt;退改&amp;gt;较多" in report  # escaped once more in the page


NOTES = (
    "# 导语\n围绕中心工作\n\n# 存在问题\n- 原有问题\n\n# 2025年11月\n十一月概述\n## 存在问题\n- 十一月问题\n"
)


def test_a_form_from_an_older_notes_file_is_refused_and_nothing_is_lost(tmp_path):
    folder = tmp_path / "ws"
    folder.mkdir()
    (folder / NOTES_NAME).write_text(NOTES, encoding="utf-8")
    c = client(folder)
    form = notes_form(c.get("/notes").text)
    # With the page open, the clerk adds a heading at the top of the file in Notepad.
    edited = "# 亮点\n## 办文\n- 新写的亮点\n\n" + NOTES
    (folder / NOTES_NAME).write_text(edited, encoding="utf-8")
    form[box_named(form, "存在问题")] = "- 页面上写的问题"
    response = c.post("/notes", data=form)
    assert response.status_code == 409
    assert "在打开本页之后被修改过" in response.text and "这次没有保存" in response.text
    assert (folder / NOTES_NAME).read_text(encoding="utf-8") == edited  # untouched
    # The page now shows the file as it is, with what was typed kept beside the box it was typed into.
    fresh = notes_form(response.text)
    assert fresh[box_named(fresh, "亮点")] == "## 办文\n- 新写的亮点"
    unsaved = re.search(
        r'class="unsaved"[^>]*aria-label="存在问题（未保存）">(.*?)</textarea>', response.text
    )
    assert unsaved and unsaved.group(1) == "- 页面上写的问题"
    # Saving the refreshed form puts each text under its own heading; the month's notes stay.
    fresh[box_named(fresh, "存在问题")] = "- 页面上写的问题"
    assert "已保存素材：存在问题" in c.post("/notes", data=fresh).text
    saved = {
        s.title: s.body.strip() for s in note_sections((folder / NOTES_NAME).read_text(encoding="utf-8"))
    }
    assert saved == {
        "": "",
        "亮点": "## 办文\n- 新写的亮点",
        "导语": "围绕中心工作",
        "存在问题": "- 页面上写的问题",
        "2025年11月": "十一月概述\n## 存在问题\n- 十一月问题",
    }


def _offered(page: str) -> list[tuple[str, str]]:
    """The (legend, hint) of each text box of the 素材 page, in order."""
    boxes = re.findall(r"<legend>(.*?)</legend>\s*(?:<p class=\"hint\">(.*?)</p>)?", page)
    return [(html.unescape(title), html.unescape(hint)) for title, hint in boxes]


def test_the_notes_page_offers_the_headings_of_work_toml_in_its_order(empty):
    c, _ = empty
    work = tomllib.loads((Path(__file__).parent.parent / "summarize" / "work.toml").read_text("utf-8"))
    offered = _offered(c.get("/notes").text)
    assert [title for title, _ in offered] == [note["name"] for note in work["note"]]
    for (_, hint), note in zip(offered, work["note"], strict=True):
        assert hint.startswith(note["hint"])
        if note.get("lines"):  # the box of the lines of work names each one the office writes notes for
            named = hint.removeprefix(note["hint"]).removeprefix("；板块：").split("、")
            assert named == [line["name"] for line in work["line"] if line.get("in_init", True)]


def test_the_notes_page_follows_a_changed_work_toml(empty, monkeypatch):
    from summarize import work

    data = tomllib.loads((Path(__file__).parent.parent / "summarize" / "work.toml").read_text("utf-8"))
    data["note"] = [
        *data["note"][:2],
        {"name": "经验体会", "hint": "写本年度的经验和体会"},
        *data["note"][2:],
    ]
    data["line"] = [line for line in data["line"] if line["name"] != "信访"]
    caches = (work.note_headings, work.lines_of_work, work.month_notes)
    monkeypatch.setattr(work, "_work", lambda: data)
    for loader in caches:
        loader.cache_clear()
    try:
        offered = dict(_offered(empty[0].get("/notes").text))
    finally:
        monkeypatch.undo()
        for loader in caches:
            loader.cache_clear()
    assert list(offered) == ["导语", "亮点", "经验体会", "存在问题", "工作打算"]
    assert offered["经验体会"] == "写本年度的经验和体会"
    assert "督查督办、信息、值班应急" in offered["亮点"]  # 信访 taken out of the lines of work


def test_a_form_without_a_version_is_refused(tmp_path):
    folder = tmp_path / "ws"
    folder.mkdir()
    (folder / NOTES_NAME).write_text(NOTES, encoding="utf-8")
    c = client(folder)
    form = notes_form(c.get("/notes").text)
    del form["version"]
    form[box_named(form, "导语")] = "改过"
    assert c.post("/notes", data=form).status_code == 409
    assert (folder / NOTES_NAME).read_text(encoding="utf-8") == NOTES


def test_repeated_headings_keep_their_own_text(tmp_path):
    folder = tmp_path / "ws"
    folder.mkdir()
    text = "# 亮点\n- 第一处\n\n# 亮点\n- 第二处\n"
    (folder / NOTES_NAME).write_text(text, encoding="utf-8")
    c = client(folder)
    form = notes_form(c.get("/notes").text)
    second = [n for n in form if n.endswith("# 亮点")][1]
    form[second] = "- 第二处改过"
    c.post("/notes", data=form)
    bodies = [s.body.strip() for s in note_sections((folder / NOTES_NAME).read_text(encoding="utf-8"))]
    assert bodies == ["", "- 第一处", "- 第二处改过"]


def test_a_missing_month_section_is_offered_and_appended(tmp_path):
    folder = tmp_path / "ws"
    folder.mkdir()
    c = client(folder)
    c.post("/upload", files=sample_files())
    form = notes_form(c.get("/notes").text)
    assert "new-2025年12月" in form
    form["new-2025年12月"] = "本月重点做好年终总结。\n## 存在问题\n- 年底事务集中\n"
    c.post("/notes", data=form)
    text = (folder / NOTES_NAME).read_text(encoding="utf-8")
    assert text.rstrip().endswith("# 2025年12月\n\n本月重点做好年终总结。\n## 存在问题\n- 年底事务集中")
    assert "年底事务集中" in c.get("/monthly?year=2025&month=12").text
    # A made-up section name is not written into the file.
    c.post("/notes", data={**notes_form(c.get("/notes").text), "new-# 注入": "x"})
    assert "注入" not in (folder / NOTES_NAME).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("报告.pdf", "不是台账文件"),
        (".隐藏.xlsx", "隐藏文件"),
        ("~$收文.xlsx", "临时文件"),
        ("out/收文.xlsx", "不作为台账读取"),
        ("templates/收文.xlsx", "不作为台账读取"),
        ("a/b/c/收文.xlsx", "层级超过"),
        ("单位A/summarize.toml", "最上层"),
        ("x" * 200 + ".xlsx", "文件名太长"),
        ("CON.xlsx", "“CON”是 Windows 保留的设备名"),  # Windows writes these to the device: the file vanishes
        ("nul.csv", "“nul”是 Windows 保留的设备名"),
        ("com1.tsv", "保留的设备名"),
        ("Aux/收文.xlsx", "保留的设备名"),
        ("LPT9 .x.xlsx", "保留的设备名"),
    ],
)
def test_names_that_would_go_astray_are_refused(name, reason):
    with pytest.raises(Refused, match=reason):
        clean_relative_path(name)


@pytest.mark.parametrize(
    ("name", "cleaned"),
    [
        ("单位A/收文.csv", "单位A/收文.csv"),
        ("单位A\\收文.csv", "单位A/收文.csv"),
        ("收文<2025>?.xlsx", "收文2025.xlsx"),
        ("./收文.xlsx", "收文.xlsx"),
        ("总结素材.md", "总结素材.md"),
    ],
)
def test_names_are_cleaned(name, cleaned):
    assert clean_relative_path(name) == cleaned


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("收文<2025>?{ext}", "收文2025{ext}"),
        ('收\x00文\x1f"1"|*{ext}', "收文1{ext}"),
        ("  收文{ext}  ", "收文{ext}"),
        ("收文{ext} .", "收文{ext}"),  # Windows drops trailing dots and spaces: the name it would keep
        ("收文{ext}. .", "收文{ext}"),
        ("单位A\\e\u0301{ext}", "\u00e9{ext}"),  # decomposed, as macOS sends it
        ("收文\u202e2025\u200b{ext}", "收文2025{ext}"),  # a bidi override and a zero-width space: invisible
    ],
)
def test_a_register_and_a_document_to_check_are_named_alike(name, kept):
    # A file name is cleaned the same way whichever page takes it.
    assert clean_relative_path(name.format(ext=".xlsx")).split("/")[-1] == kept.format(ext=".xlsx")
    assert clean_document_name(name.format(ext=".docx")) == kept.format(ext=".docx")


@pytest.mark.parametrize(
    ("stem", "reason"),
    [
        (".隐藏", "临时文件"),
        ("~$收文", "临时文件"),
        (" ~$收文", "临时文件"),
        ("x" * 200, "文件名太长"),
        ("汉" * 86, "文件名太长"),  # 85 Chinese characters fill the 255 bytes one name holds
        ("PRN", "保留的设备名"),
    ],
)
def test_a_register_and_a_document_to_check_are_refused_alike(stem, reason):
    with pytest.raises(Refused, match=reason):
        clean_relative_path(f"{stem}.xlsx")
    with pytest.raises(Refused, match=reason):
        clean_document_name(f"{stem}.docx")


def test_climbing_out_of_the_workspace_is_refused():
    with pytest.raises(Refused, match=r"“\.\.”"):
        clean_relative_path("../../etc/收文.xlsx")


def test_refused_and_empty_uploads_are_reported_and_not_written(empty):
    c, folder = empty
    response = c.post(
        "/upload",
        files=[("files", ("报告.pdf", b"%PDF")), ("files", ("空.csv", b"")), ("files", ("好.csv", b"a,b\n"))],
    )
    body = response.json()
    assert body["saved"] == ["好.csv"]
    reasons = {r["file"]: r["reason"] for r in body["refused"]}
    assert reasons["报告.pdf"].startswith("不是台账文件") and reasons["空.csv"] == "文件是空的"
    assert sorted(p.name for p in folder.iterdir()) == ["好.csv"]
    page = c.get("/").text
    assert "未保存“报告.pdf”" in page and "已保存 1 个文件：好.csv" in page


def test_uploads_over_the_size_limit_are_refused_whole(tmp_path):
    folder = tmp_path / "ws"
    folder.mkdir()
    c = client(folder, max_upload_mb=1)
    response = c.post("/upload", files=[("files", ("大.csv", b"a,b\n" * 300_000))])
    assert response.status_code == 413 and "不能超过 1 MB" in response.json()["error"]
    assert list(folder.iterdir()) == []


def test_a_unit_folder_upload_keeps_its_sub_folder(empty):
    c, folder = empty
    c.post("/upload", files=[("files", ("城关镇/会议记录2025.xlsx", (S / "会议记录2025.xlsx").read_bytes()))])
    assert (folder / "城关镇" / "会议记录2025.xlsx").exists()
    assert "单位（1 个）：城关镇" in c.get("/").text


def test_removing_acts_only_on_the_exact_listed_name(tmp_path):
    folder = tmp_path / "ws"
    folder.mkdir()
    (folder / "发文2025.csv").write_text("发文日期,标题\n2025-01-02,x\n", encoding="utf-8")
    c = client(folder)
    page = c.post("/remove", data={"name": "发文2025?.csv"}).text
    assert "未能移除“发文2025?.csv”：工作区中没有这个文件" in page
    assert (folder / "发文2025.csv").exists()
    for near in ("发文2025.CSV", " 发文2025.csv", "发文2025.csv.", "./发文2025.csv", "发文2025.csv/"):
        c.post("/remove", data={"name": near})
        assert (folder / "发文2025.csv").exists(), near
    (folder / "发文2025?.csv").write_text(
        "发文日期,标题\n2025-01-03,y\n", encoding="utf-8"
    )  # allowed on Linux
    assert "已从工作区移除“发文2025?.csv”" in c.post("/remove", data={"name": "发文2025?.csv"}).text
    assert sorted(p.name for p in folder.iterdir()) == ["发文2025.csv"]


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        (errno.EROFS, "工作区所在的磁盘是只读的"),
        (errno.EACCES, "没有删除它的权限，或文件正在被 Excel 等程序打开"),
    ],
)
def test_removing_from_a_read_only_workspace_is_explained(tmp_path, monkeypatch, code, reason):
    """Tests run as root, where a read-only folder does not stop unlink: the refusal is simulated."""
    folder = tmp_path / "ws"
    folder.mkdir()
    (folder / "收文.csv").write_text("收文日期,标题\n2025-01-02,x\n", encoding="utf-8")
    c = client(folder)

    def refuse(self, missing_ok=False):
        raise OSError(code, "refused")

    monkeypatch.setattr(Path, "unlink", refuse)
    response = c.post("/remove", data={"name": "收文.csv"})
    assert response.status_code == 200 and f"未能移除“收文.csv”：{reason}" in response.text
    assert (folder / "收文.csv").exists()


def test_removing_a_file_deletes_it_and_only_inside_the_workspace(tmp_path):
    folder = tmp_path / "ws"
    folder.mkdir()
    outside = tmp_path / "外面.csv"
    outside.write_text("a\n")
    (folder / "收文.csv").write_text("收文日期,标题\n2025-01-02,x\n", encoding="utf-8")
    c = client(folder)
    assert "已从工作区移除“收文.csv”" in c.post("/remove", data={"name": "收文.csv"}).text
    assert not (folder / "收文.csv").exists()
    c.post("/remove", data={"name": "../外面.csv"})
    assert outside.exists()


def test_a_broken_settings_file_is_explained_and_can_be_removed(empty):
    c, folder = empty
    c.post("/upload", files=[("files", ("summarize.toml", b"unit = \n"))])
    page = c.get("/stats").text
    assert "summarize.toml" in page and "第1行" in page
    files = c.get("/").text
    assert 'value="summarize.toml"' in files
    c.post("/remove", data={"name": "summarize.toml"})
    assert "还没有台账文件" in c.get("/").text


def test_requests_from_other_hosts_and_sites_are_refused(empty):
    c, folder = empty
    assert c.get("/", headers={"host": "evil.example"}).status_code == 400
    response = c.post(
        "/upload", files=[("files", ("收文.csv", b"a\n"))], headers={"origin": "http://evil.example"}
    )
    assert response.status_code == 403 and "其他网站" in response.text
    assert list(folder.iterdir()) == []
    response = c.post("/remove", data={"name": "x.csv"}, headers={"origin": "null"})
    assert response.status_code == 403
    same = c.post("/upload", files=[("files", ("收文.csv", b"a\n"))], headers={"origin": BASE})
    assert same.status_code == 200


def test_every_asset_is_served_locally(empty):
    c, _ = empty
    page = c.get("/").text
    external = [u for u in re.findall(r'(?:src|href)="([^"]+)"', page) if "://" in u]
    assert external == []
    assert c.get("/static/app.css").status_code == 200
    assert c.get("/static/app.js").status_code == 200


def test_html_preview_escapes_text_and_marks_placeholders():
    report = Report("标题 & <b>")
    report.add(Paragraph("收文<script>1</script> 【请补充：亮点】", "body"))
    report.add(Table("表题", ["指标", "本年"], [["收文 & 发文", "1,804"]], numeric_columns=(1,)))
    html = str(render_html(report))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<mark>【请补充：亮点】</mark>" in html
    assert "<caption>表1 表题</caption>" in html
    assert '<td class="num">1,804</td>' in html and "<td>收文 &amp; 发文</td>" in html


def test_the_preview_shows_a_formal_reports_marks_with_the_unit_name_escaped(tmp_path):
    import shutil

    folder = tmp_path / "工作区"
    shutil.copytree(S, folder)
    settings = folder / "summarize.toml"
    marks = '[report]\nissuer = "示例<script>alert(1)</script>文件"\nnumber = "示政办〔2025〕12号"\ncc = "县委办公室"\n'
    settings.write_text(settings.read_text(encoding="utf-8") + "\n" + marks, encoding="utf-8")
    page = client(folder).get("/report?year=2025").text
    assert "<script>alert" not in page
    head = '<p class="issuer">示例&lt;script&gt;alert(1)&lt;/script&gt;文件</p>'
    assert (
        page.index(head)
        < page.index('<p class="number">示政办〔2025〕12号</p>')
        < page.index('class="title"')
    )
    assert (
        '<footer class="record"><div class="row"><p class="cc">抄送：县委办公室。</p></div></footer>' in page
    )


def test_note_sections_give_back_the_file():
    text = (S / NOTES_NAME).read_text(encoding="utf-8")
    assert join_sections(note_sections(text)) == text


def test_the_form_without_script_posts_and_comes_back_to_the_page(empty):
    c, folder = empty
    response = c.post(
        "/upload",
        files=[("files", ("收文.csv", b"a\n"))],
        headers={"accept": "text/html"},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == "/"
    assert (folder / "收文.csv").exists()


def test_a_bug_is_reported_in_chinese_without_a_traceback(tmp_path, monkeypatch):
    from summarize.web import pages

    def broken(ws):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(pages, "files_page", broken)
    c = TestClient(create_app(tmp_path, today=TODAY), base_url=BASE, raise_server_exceptions=False)
    response = c.get("/")
    assert response.status_code == 500
    assert response.text.startswith("程序内部错误（ZeroDivisionError") and "Traceback" not in response.text


@pytest.mark.parametrize("year", ["²", "1" * 5000, "２０２５", "-2025", "2025.0"])
def test_odd_years_in_the_address_fall_back_to_the_latest(loaded, year):
    c, _ = loaded
    for path in ("/stats", "/report", "/monthly"):
        response = c.get(path, params={"year": year, "month": "¹"})
        assert response.status_code == 200 and "2025年" in response.text, (path, year)
    missing = c.get("/download/年终总结.docx", params={"year": year})
    assert missing.status_code in (200, 404) and "程序内部错误" not in missing.text


def test_a_long_upload_name_is_refused_in_chinese_and_a_short_one_saved(empty):
    c, folder = empty
    long_name = "收" * 100 + ".csv"  # 100 characters, 300 bytes: more than a file name holds
    ascii_name = "a" * 100 + ".csv"
    body = c.post("/upload", files=[("files", (long_name, b"a\n")), ("files", (ascii_name, b"a\n"))]).json()
    assert body["saved"] == [ascii_name]
    assert body["refused"] == [
        {"file": long_name, "reason": "文件名太长（最多 120 个字母或 85 个汉字），请改短后再上传"}
    ]
    assert sorted(p.name for p in folder.iterdir()) == [ascii_name]


def test_uploads_over_the_file_count_or_field_limits_are_explained_on_the_page(empty):
    c, folder = empty
    many = [("files", (f"收文{i}.csv", b"a\n")) for i in range(501)]
    response = c.post("/upload", files=many)
    assert response.status_code == 400 and response.json()["error"] == "一次最多上传 500 个文件，请分几次上传"
    fields = {f"x{i}": "1" for i in range(11)}
    response = c.post("/upload", data=fields, files=[("files", ("收文.csv", b"a\n"))])
    assert response.json()["error"] == "表单中的项目太多（最多 10 项），请分几次上传"
    assert list(folder.iterdir()) == []
    page = c.get("/").text
    assert "一次最多上传 500 个文件" in page and "表单中的项目太多" in page


def test_a_slow_page_does_not_hold_up_other_requests(tmp_path, monkeypatch):
    """While one request holds the workspace (a slow page), a form post waits in a worker thread and /static
    is served at once: no handler waits for the lock on the event loop."""
    import threading
    import time

    from summarize.web import pages

    folder = tmp_path / "ws"
    folder.mkdir()
    app = create_app(folder, today=TODAY)
    release = threading.Event()
    real = pages.files_page

    def slow(ws):
        release.wait(10)
        return real(ws)

    monkeypatch.setattr(pages, "files_page", slow)
    with TestClient(app, base_url=BASE) as c:
        slow_page = threading.Thread(target=c.get, args=("/",))
        slow_page.start()
        time.sleep(0.3)
        remover = threading.Thread(target=c.post, args=("/remove",), kwargs={"data": {"name": "x.csv"}})
        remover.start()
        time.sleep(0.3)
        started = time.monotonic()
        assert c.get("/static/app.css").status_code == 200
        waited = time.monotonic() - started
        release.set()
        slow_page.join(10)
        remover.join(10)
    assert waited < 2, waited


def test_the_server_survives_a_kill_and_restarts_on_the_same_port_with_a_hostile_upload(tmp_path):
    import signal
    import socket
    import subprocess
    import sys
    import time
    import urllib.error
    import urllib.request
    import uuid

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    folder = tmp_path / "ws"
    url = f"http://127.0.0.1:{port}"

    def start() -> subprocess.Popen:
        command = [
            sys.executable,
            "-m",
            "summarize",
            "serve",
            str(folder),
            "--port",
            str(port),
            "--no-browser",
        ]
        return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def answers(server: subprocess.Popen, path: str = "/") -> tuple[int, str]:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert server.poll() is None, server.stderr.read().decode()
            try:
                with urllib.request.urlopen(url + path, timeout=30) as response:
                    return response.status, response.read().decode()
            except urllib.error.URLError:
                time.sleep(0.2)
        raise AssertionError("服务没有响应")

    def upload(files: list[tuple[str, bytes]]) -> int:
        boundary = uuid.uuid4().hex
        body = (
            b"".join(
                f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n\r\n'.encode()
                + data
                + b"\r\n"
                for name, data in files
            )
            + f"--{boundary}--\r\n".encode()
        )
        request = urllib.request.Request(
            url + "/upload", data=body, headers={"Content-Type": f"multipart/form-data; boundary={boundary}"}
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status

    server = start()
    try:
        assert answers(server)[0] == 200
        hostile = [
            ("收文2025.csv", '收文号,收文日期,文件标题\nS1,2025-03-01,"=HYPERLINK(""http://x"")"\n'.encode()),
            ("发文\u202excod.xlsx", b"<html><body>not a workbook</body></html>"),
            ("总结素材.md", "# 导语\n<script>alert(1)</script>\n".encode()),
        ]
        assert upload(hostile) == 200
        server.send_signal(signal.SIGKILL)
        server.wait(10)
        server = start()  # at once, on the same port
        status, page = answers(server)
        assert status == 200 and "收文2025.csv" in page and "<script>alert(1)" not in page
        assert answers(server, "/notes")[0] == 200
    finally:
        server.kill()
        server.wait(10)


def test_the_files_page_names_provisional_deadlines_as_check_does(tmp_path):
    """A 督办 item of 2027 counted in working days: no published schedule yet, so the page says it is provisional."""
    (tmp_path / "督办事项台账2027.csv").write_text(
        "交办日期,督办事项,责任单位,办理情况\n2027-01-29,关于甲,综合科,正在办理\n", encoding="utf-8"
    )
    (tmp_path / "summarize.toml").write_text(
        '[deadlines."督办"]\ndays = 5\nworkdays = true\n', encoding="utf-8"
    )
    c = TestClient(create_app(tmp_path, today=date(2027, 3, 1)), base_url=BASE)
    page = html.unescape(c.get("/").text)
    assert "提示" in page and "文件“督办事项台账2027.csv”" in page
    assert (
        "1件督办的办理期限暂定：期限涉及2027年的按法定节假日推算（尚无国务院办公厅的节假日安排，未含调休），为暂定"
        in page
    )

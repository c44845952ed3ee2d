"""核稿 round trips: the sample 年终总结 is written at test time with the current wording, edited with python-docx
the way people edit it, and every verdict is held to figures counted here with plain pandas over the sample
files — never to the code under test."""

import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
import zipfile
from datetime import date

import pandas as pd
import pytest
from docx import Document

from summarize.workspace import Workspace, sample_path

S = sample_path()
TODAY = date(2026, 1, 15)
WIDE = str.maketrans("0123456789", "０１２３４５６７８９")


# ---- independent figures over the sample files ------------------------------------------------------------


def _incoming(year: int) -> int:
    sheets = pd.read_excel(S / f"{year}年收文登记簿.xlsx", sheet_name=None, header=2, engine="calamine")
    rows = pd.concat(sheets.values())
    number = next(rows[c] for c in ("收文号", "登记号", "收文编号") if c in rows.columns)
    number = number.astype(str)
    if year == 2025:  # planted: 2 rows rejected (2月30日, empty date), 1 duplicate
        return number[number.str.startswith("收2025")].nunique() - 2
    return int(number.str.startswith(f"收{year}").sum())


def _information(year: int) -> pd.DataFrame:
    frame = pd.read_excel(S / f"信息报送采用登记{year}.xlsx", engine="calamine")
    return frame[pd.to_datetime(frame["报送日期"], errors="coerce").dt.year == year]


def _events_2025(words: str) -> int:
    frame = pd.read_excel(S / "大事记.xlsx", sheet_name="2025年", engine="calamine")
    return int(frame["事项"].astype(str).str.contains(words, regex=False).sum())


def _workload(item: str, year: int) -> int:
    frame = pd.read_excel(S / "其他工作量统计.xlsx", sheet_name=str(year), header=1, engine="calamine")
    return int(frame.loc[frame["事项"] == item, "数量"].sum())


@pytest.fixture(scope="module")
def truth():
    info, last_info = _information(2025), _information(2024)
    adopted, last_adopted = info["采用级别"].notna().sum(), last_info["级别"].notna().sum()
    incoming, last_incoming = _incoming(2025), _incoming(2024)
    return {
        "收文": incoming,
        "收文上年": last_incoming,
        "收文同比": round((incoming / last_incoming - 1) * 100, 1),
        "信息报送": len(info),
        "信息采用": int(adopted),
        "信息采用率": round(adopted / len(info) * 100, 1),
        "采用率变化": round((adopted / len(info) - last_adopted / len(last_info)) * 100, 1),
        "编发刊物": _workload("编发刊物", 2025),
        "领导批示": int(info["领导批示"].notna().sum()),
    }


@pytest.fixture(scope="module")
def ws():
    return Workspace(S, today=TODAY)


@pytest.fixture(scope="module")
def report_path(ws, tmp_path_factory):
    path = tmp_path_factory.mktemp("verify") / "年终总结.docx"
    ws.report(2025).to_docx(path, layout=ws.layout)
    return path


def _copy(report_path, tmp_path, name="改稿.docx"):
    target = tmp_path / name
    shutil.copy(report_path, target)
    return target


def _paragraph_with(doc, text):
    return next(p for p in doc.paragraphs if text in p.text)


def _retype(paragraph, old, new):
    """What a person does in Word: select the characters and type over them (one run holds the result)."""
    text = paragraph.text
    assert old in text, (old, text)
    for run in paragraph.runs[1:]:
        run._r.getparent().remove(run._r)
    paragraph.runs[0].text = text.replace(old, new, 1)


def _rows_for(result, written):
    frame = result.frame()
    return frame[frame["文中数字"] == written]


# ---- the report as written ------------------------------------------------------------------------------


def test_the_written_report_agrees_with_the_registers(ws, report_path, truth):
    result = ws.verify(report_path)
    frame = result.frame()
    assert result.year == 2025
    assert (frame["结论"] == "不一致").sum() == 0, frame[frame["结论"] == "不一致"].to_string()
    assert result.exit_code == 0
    # Every figure of the text and the 附件 is found: the headline count at least in 导语, 办文 and the table.
    incoming = frame[frame["指标"] == "收文（2025年）"]
    assert len(incoming) >= 3 and set(incoming["结论"]) == {"一致"}
    assert set(incoming["台账数字"]) == {f"{truth['收文']}份"}
    assert any(w.startswith("表") for w in incoming["位置"])
    # What cannot be tied is listed with its reason, never dropped; it is the exception.
    unchecked = frame[frame["结论"] == "无法核对"]
    assert (unchecked["说明"] != "").all()
    assert len(unchecked) <= 0.05 * len(frame)


def test_the_input_is_never_modified(ws, report_path, tmp_path):
    path = _copy(report_path, tmp_path)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    result = ws.verify(path)
    result.annotate(tmp_path / "批注.docx")
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


# ---- edits people make -------------------------------------------------------------------------------------


def test_retyped_figures_full_width_commas_and_another_measure_word(ws, report_path, tmp_path, truth):
    n = truth["收文"]
    path = _copy(report_path, tmp_path)
    doc = Document(str(path))
    lead = _paragraph_with(doc, "现将有关情况总结如下")
    _retype(lead, f"{n}份", str(n).translate(WIDE) + "件")
    body = _paragraph_with(doc, f"来文{n}份")
    _retype(body, f"来文{n}份", f"来文{n:,}份")
    doc.save(str(path))
    result = ws.verify(path)
    wide = _rows_for(result, str(n).translate(WIDE) + "件")
    assert wide["结论"].tolist() == ["一致"] and "件" in wide["说明"].iloc[0]
    assert _rows_for(result, f"{n:,}份")["结论"].tolist() == ["一致"]
    assert result.exit_code == 0


def test_one_changed_number_is_the_one_disagreement(ws, report_path, tmp_path, truth):
    n = truth["收文"]
    path = _copy(report_path, tmp_path)
    doc = Document(str(path))
    _retype(_paragraph_with(doc, f"来文{n}份"), f"来文{n}份", f"来文{n + 6}份")
    doc.save(str(path))
    result = ws.verify(path)
    frame = result.frame()
    wrong = frame[frame["结论"] == "不一致"]
    assert wrong["文中数字"].tolist() == [f"{n + 6}份"]
    assert wrong["台账数字"].tolist() == [f"{n}份"]
    assert wrong["位置"].iloc[0].startswith("第") and f"来文{n + 6}份" in wrong["原文"].iloc[0]
    assert result.exit_code == 1


def test_a_sentence_moved_to_another_paragraph_is_still_tied(ws, report_path, tmp_path, truth):
    n = truth["收文"]
    path = _copy(report_path, tmp_path)
    doc = Document(str(path))
    source = _paragraph_with(doc, f"来文{n}份")
    sentence = re.search(rf"[^。；]*来文{n}份[^。；]*[。；]", source.text).group(0)
    _retype(source, sentence, "")
    petitions = _paragraph_with(doc, "信访事项")
    petitions.add_run(sentence.rstrip("；") + "。" if sentence.endswith("；") else sentence)
    doc.save(str(path))
    result = ws.verify(path)
    moved = result.frame()
    moved = moved[moved["原文"].str.contains(f"来文{n}份") & moved["位置"].eq(_where(doc, petitions))]
    assert moved.loc[moved["文中数字"] == f"{n}份", "结论"].tolist() == ["一致"]
    assert moved.loc[moved["文中数字"] == f"{truth['收文同比']}%", "结论"].tolist() == ["一致"]
    assert result.exit_code == 0


def _where(doc, paragraph):
    body = [c for c in doc.element.body.iterchildren() if c.tag.endswith("}p")]
    return f"第{body.index(paragraph._p) + 1}段"


def test_rate_changes_in_per_cent_rounding_and_synonyms(ws, tmp_path, truth):
    rate, change = truth["信息采用率"], truth["采用率变化"]
    path = tmp_path / "手写.docx"
    doc = Document()
    doc.add_paragraph("示例县人民政府办公室2025年工作总结")
    doc.add_paragraph(
        f"全年报送信息{truth['信息报送']}条，被采用{truth['信息采用']}条，采纳率{rate:.0f}%，"
        f"比上年提高{change}%；编发简报{_cn(truth['编发刊物'])}期。"
    )
    doc.add_paragraph(f"信息采用率{rate + 0.3:.1f}%。")
    doc.save(str(path))
    result = ws.verify(path)
    frame = result.frame().set_index("文中数字")
    assert frame.loc[f"{truth['信息报送']}条", "结论"] == "一致"
    assert frame.loc[f"{truth['信息采用']}条", "结论"] == "一致"
    assert frame.loc[f"{rate:.0f}%", "结论"] == "一致"  # 47.7% written as a whole per cent
    assert frame.loc[f"{change}%", "结论"] == "一致" and "个百分点" in frame.loc[f"{change}%", "说明"]
    assert frame.loc[f"{_cn(truth['编发刊物'])}期", "结论"] == "一致"
    assert frame.loc[f"{rate + 0.3:.1f}%", "结论"] == "不一致"


def _cn(n: int) -> str:
    digits = "零一二三四五六七八九"
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "") if tens else digits[n]


def test_a_hand_written_document_with_known_right_and_wrong_figures(ws, tmp_path, truth):
    path = tmp_path / "手写总结.docx"
    doc = Document()
    doc.add_paragraph("2025年办公室工作总结")
    doc.add_paragraph(
        f"今年共收到上级来文{truth['收文']}份，较上年增长{truth['收文同比']}%，上年为{truth['收文上年'] + 10}份。"
    )
    doc.add_paragraph(f"获领导批示{truth['领导批示'] + 1}条。培训干部120人次。")
    lessons = _events_2025("党组理论学习中心组学习会")
    doc.add_paragraph(f"召开党组理论学习中心组学习会{lessons}次，举办公文处理业务培训班3期。")
    table = doc.add_table(rows=3, cols=3)
    for cell, text in zip(table.rows[0].cells, ["指标", "本年", "上年"], strict=True):
        cell.text = text
    for cell, text in zip(
        table.rows[1].cells, ["来文", f"{truth['收文']:,}", str(truth["收文上年"])], strict=True
    ):
        cell.text = text
    for cell, text in zip(table.rows[2].cells, ["信息采用", str(truth["信息采用"] - 1), ""], strict=True):
        cell.text = text
    doc.save(str(path))
    result = ws.verify(path)
    verdicts = list(zip(result.frame()["文中数字"], result.frame()["结论"], strict=True))
    assert verdicts == [
        (f"{truth['收文']}份", "一致"),
        (f"{truth['收文同比']}%", "一致"),
        (f"{truth['收文上年'] + 10}份", "不一致"),
        (f"{truth['领导批示'] + 1}条", "不一致"),
        ("120人次", "无法核对"),
        (f"{lessons}次", "一致"),
        ("3期", "一致" if _events_2025("公文处理业务培训班") == 3 else "不一致"),
        (f"{truth['收文']:,}", "一致"),
        (str(truth["收文上年"]), "一致"),
        (str(truth["信息采用"] - 1), "不一致"),
    ]
    assert result.exit_code == 1


def test_a_figure_put_in_a_table_cell_of_its_own(ws, report_path, tmp_path, truth):
    path = _copy(report_path, tmp_path)
    doc = Document(str(path))
    table = doc.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "全年办理来文"
    table.rows[0].cells[1].text = f"{truth['收文'] + 1}份"
    doc.save(str(path))
    result = ws.verify(path)
    frame = result.frame()
    cell = frame[frame["文中数字"] == f"{truth['收文'] + 1}份"]
    assert cell["结论"].tolist() == ["不一致"] and cell["位置"].iloc[0].endswith("第1行第2列")


# ---- the command --------------------------------------------------------------------------------------------


def _cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "summarize", *args], capture_output=True, text=True, encoding="utf-8"
    )


def test_command_exit_codes_formats_and_annotated_copy(report_path, tmp_path, truth):
    asof = ["--asof", TODAY.isoformat()]
    ok = _cli("verify", str(report_path), "--sample", *asof, "-f", "json")
    assert ok.returncode == 0, ok.stderr
    records = json.loads(ok.stdout)
    assert {r["结论"] for r in records} <= {"一致", "无法核对"}

    n = truth["收文"]
    path = _copy(report_path, tmp_path)
    doc = Document(str(path))
    _retype(_paragraph_with(doc, f"来文{n}份"), f"来文{n}份", f"来文{n - 4}份")
    doc.save(str(path))
    out = tmp_path / "批注版.docx"
    bad = _cli("verify", str(path), "--sample", *asof, "--annotate", str(out))
    assert bad.returncode == 1, bad.stderr
    assert "不一致" in bad.stdout and f"{n - 4}份" in bad.stdout
    annotated = Document(str(out))
    comments = list(annotated.comments)
    assert len(comments) == 1 and f"台账为{n}份" in comments[0].text
    # The comment covers exactly the figure.
    xml = zipfile.ZipFile(out).read("word/document.xml").decode("utf-8")
    covered = re.search(r"<w:commentRangeStart[^>]*/>(.*?)<w:commentRangeEnd", xml, re.S).group(1)
    assert "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", covered)) == f"{n - 4}份"

    commented = tmp_path / "带批注.docx"
    made = _cli("report", "--sample", *asof, "--comments", "-o", str(commented))
    assert made.returncode == 0, made.stderr
    assert "word/comments.xml" in zipfile.ZipFile(commented).namelist()

    csv = _cli("verify", str(path), "--sample", *asof, "-f", "csv")
    assert csv.returncode == 1 and csv.stdout.startswith("位置,原文,文中数字")

    for args in (
        ["verify", str(tmp_path / "没有.docx"), "--sample"],
        ["verify", str(S / "summarize.toml"), "--sample"],
        ["verify", str(path), "--sample", "--annotate", str(path)],
        ["verify", str(path), "--sample", "-f", "xml"],
    ):
        failed = _cli(*args)
        assert failed.returncode == 2, (args, failed.stderr)
        assert "错误：" in failed.stderr and "Traceback" not in failed.stderr


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_the_annotated_copy_opens_in_libreoffice_with_its_comments(ws, report_path, tmp_path, truth):
    n = truth["收文"]
    path = _copy(report_path, tmp_path)
    doc = Document(str(path))
    _retype(_paragraph_with(doc, f"来文{n}份"), f"来文{n}份", f"来文{n + 2}份")
    doc.save(str(path))
    out = ws.verify(path).annotate(tmp_path / "批注版.docx")
    converted = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--headless",
            "--convert-to",
            "odt",
            "--outdir",
            str(tmp_path),
            str(out),
        ],
        capture_output=True,
        timeout=180,
    )
    assert converted.returncode == 0, converted.stderr
    content = zipfile.ZipFile(tmp_path / "批注版.odt").read("content.xml").decode("utf-8")
    notes = re.findall(r"<office:annotation\b.*?</office:annotation>", content, re.S)
    assert len(notes) == 1 and f"台账为{n}份" in re.sub(r"<[^>]+>", "", notes[0])


# ---- provenance comments (report --comments) ----------------------------------------------------------------


def _catalogue_caliber(metric: str) -> str:
    import tomllib
    from importlib import resources

    text = resources.files("summarize").joinpath("catalogue.toml").read_text("utf-8")
    return tomllib.loads(text)[metric]["caliber"]


def test_report_comments_give_each_figure_its_provenance_and_are_used_first(ws, report_path, tmp_path, truth):
    from summarize.verify import add_provenance

    assert "word/comments.xml" not in zipfile.ZipFile(report_path).namelist()  # off by default
    (written,) = ws.write_report(tmp_path / "out", 2025, comments=True)
    assert len(Document(str(written)).comments) == ws.verify(written).counts()["一致"]
    n = truth["收文"]
    path = _copy(report_path, tmp_path, "批注.docx")
    # Every figure 核稿 ties gets its comment; the 大事记's event counts (学习会4次) are tied to no metric.
    untied = (ws.verify(path).frame()["结论"] == "无法核对").sum()
    placed, found = add_provenance(ws, path, 2025)
    assert placed == found - untied and placed > 100
    comments = [c.text for c in Document(str(path)).comments]
    incoming = [c for c in comments if c.startswith("指标：收文（2025年，数值）")]
    assert len(incoming) >= 3
    assert _catalogue_caliber("收文") in incoming[0]
    assert f"1—12月工作表，{n}行" in incoming[0]

    # Rewrite the words before the figure so no metric is named; the comment still says what it is.
    doc = Document(str(path))
    paragraph = _paragraph_with(doc, f"来文{n}份")
    before = next(r for r in paragraph.runs if r.text.endswith("来文"))
    before.text = before.text.removesuffix("上级和各类来文") + "公文"
    doc.save(str(path))
    plain = _copy(report_path, tmp_path, "无批注.docx")
    bare = Document(str(plain))
    _retype(_paragraph_with(bare, f"来文{n}份"), "上级和各类来文", "公文")
    bare.save(str(plain))

    def verdict(p):
        frame = ws.verify(p).frame()
        row = frame[frame["原文"].str.contains(f"公文{n}份") & (frame["文中数字"] == f"{n}份")]
        return row["结论"].tolist(), row["指标"].tolist()

    assert verdict(path) == (["一致"], ["收文（2025年）"])
    assert verdict(plain)[0] == ["无法核对"]

    # A figure retyped inside its comment is checked as the metric the comment names.
    doc = Document(str(path))
    figure = next(r for r in _paragraph_with(doc, f"公文{n}份").runs if r.text == f"{n}份")
    figure.text = f"{n + 3}份"
    doc.save(str(path))
    frame = ws.verify(path).frame()
    wrong = frame[frame["结论"] == "不一致"]
    assert wrong["文中数字"].tolist() == [f"{n + 3}份"] and wrong["台账数字"].tolist() == [f"{n}份"]


# ---- the web page -----------------------------------------------------------------------------------------


def test_the_web_page_checks_an_upload_and_offers_the_annotated_copy(report_path, tmp_path, truth):
    import html

    from starlette.testclient import TestClient

    from summarize.web.app import create_app

    folder = tmp_path / "工作区"
    shutil.copytree(S, folder)
    web = TestClient(create_app(folder, today=TODAY), base_url="http://127.0.0.1:8765")
    page = web.get("/verify")
    assert page.status_code == 200 and 'name="document"' in page.text

    n = truth["收文"]
    doc = Document(str(report_path))
    _retype(_paragraph_with(doc, f"来文{n}份"), f"来文{n}份", f"来文{n + 6}份")
    doc.add_paragraph("<script>alert(1)</script>全年收文1800份。")
    buffer = io.BytesIO()
    doc.save(buffer)
    data = buffer.getvalue()
    docx_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

    answer = web.post("/verify", files={"document": ("改稿<script>.docx", data, docx_type)})
    assert answer.status_code == 200, answer.text
    assert "<script>alert(1)" not in answer.text and html.escape("<script>alert(1)</script>") in answer.text
    assert "不一致 2 个" in answer.text
    rows = re.findall(r'<tr class="disagree">(.*?)</tr>', answer.text, re.S)
    # Listed first under 需要核对的数字, then again in the whole table in the document's order.
    assert len(rows) == 4 and f"{n + 6}份" in rows[0] and f"{n}份" in rows[0] and rows[:2] == rows[2:]
    assert (folder / "out" / "核稿" / "改稿script.docx").read_bytes() == data  # kept as uploaded

    link = html.unescape(re.search(r'href="(/verify/download\?name=[^"]+)"', answer.text).group(1))
    download = web.get(link)
    assert download.status_code == 200
    comments = list(Document(io.BytesIO(download.content)).comments)
    assert len(comments) == 2 and all("台账为" in c.text for c in comments)

    assert web.get("/verify/download?name=../summarize.toml").status_code == 404
    refused = web.post("/verify", files={"document": ("收文.xlsx", b"x", "application/octet-stream")})
    assert refused.status_code == 400 and ".docx" in refused.text
    foreign = web.post(
        "/verify",
        files={"document": ("改稿.docx", data, docx_type)},
        headers={"origin": "http://evil.example"},
    )
    assert foreign.status_code == 403


def test_the_one_page_appendix_layout_and_titles_of_publications(ws, tmp_path, truth):
    """The 附件 as issue 17 lays it out (指标/单位/本年/上年/增减/增幅) and 量词 that tell figures apart."""
    n, last = truth["收文"], truth["收文上年"]
    last_rate = round(truth["信息采用率"] - truth["采用率变化"], 1)
    path = tmp_path / "附件.docx"
    doc = Document()
    doc.add_paragraph("2025年主要指标统计表")
    doc.add_paragraph(f"编发《组工信息》{truth['编发刊物']}期，举办全县政务信息业务培训班2期。")
    rows = [
        ["指标", "单位", "本年", "上年", "增减", "增幅"],
        ["收文", "份", str(n), str(last), f"+{n - last}", f"+{truth['收文同比']}%"],
        [
            "信息采用率",
            "%",
            f"{truth['信息采用率']}%",
            f"{last_rate}%",
            f"+{truth['采用率变化']}个百分点",
            "—",
        ],
        ["信息报送", "条", str(truth["信息报送"]), "", "+3", ""],
    ]
    table = doc.add_table(rows=len(rows), cols=6)
    for cells, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(cells.cells, values, strict=True):
            cell.text = value
    doc.save(str(path))
    frame = ws.verify(path).frame()
    assert list(zip(frame["文中数字"], frame["结论"], strict=True)) == [
        (f"{truth['编发刊物']}期", "一致"),
        # 期 is no 量词 of 信息报送 (条): the 培训班 is counted in the 大事记, as the report groups events.
        ("2期", "一致" if _events_2025("举办全县政务信息业务培训班") == 2 else "不一致"),
        (str(n), "一致"),
        (str(last), "一致"),
        (f"+{n - last}", "一致"),
        (f"+{truth['收文同比']}%", "一致"),
        (f"{truth['信息采用率']}%", "一致"),
        (f"{last_rate}%", "一致"),
        (f"+{truth['采用率变化']}个百分点", "一致"),
        (str(truth["信息报送"]), "一致"),
        ("+3", "不一致" if truth["信息报送"] - len(_information(2024)) != 3 else "一致"),
    ]


# ---- the 月报 ----------------------------------------------------------------------------------------------


def _incoming_month(month: int) -> int:
    sheet = pd.read_excel(S / "2025年收文登记簿.xlsx", sheet_name=f"{month}月", header=2, engine="calamine")
    number = next(sheet[c] for c in ("收文号", "登记号", "收文编号") if c in sheet.columns).astype(str)
    return int(number.str.startswith("收2025").sum())


def test_a_monthly_report_is_checked_against_the_month(ws, tmp_path):
    november, october = _incoming_month(11), _incoming_month(10)
    path = tmp_path / "月报.docx"
    ws.monthly_report(2025, 11).to_docx(path)
    result = ws.verify(path)
    assert (result.year, result.month) == (2025, 11)
    frame = result.frame()
    assert (frame["结论"] == "不一致").sum() == 0, frame[frame["结论"] == "不一致"].to_string()
    assert (frame["结论"] == "一致").sum() > 0.95 * len(frame)
    incoming = frame[frame["指标"] == "收文（2025年11月，本月）"]
    assert set(incoming["台账数字"]) == {f"{november}份"} and len(incoming) >= 2
    assert set(frame.loc[frame["指标"] == "收文（2025年11月，上月）", "台账数字"]) == {f"{october}份"}
    mom = round((november / october - 1) * 100, 1)
    assert f"增长{mom}%" in set(frame.loc[frame["指标"] == "收文（2025年11月，环比）", "台账数字"])

    doc = Document(str(path))
    _retype(_paragraph_with(doc, f"收文{november}份"), f"收文{november}份", f"收文{november + 2}份")
    doc.save(str(path))
    wrong = ws.verify(path).frame().query("结论 == '不一致'")
    assert wrong["文中数字"].tolist() == [f"{november + 2}份"] and wrong["台账数字"].tolist() == [
        f"{november}份"
    ]


def test_a_zip_bomb_named_docx_is_refused_before_it_is_inflated(ws, tmp_path):
    from summarize.errors import SummarizeError

    path = tmp_path / "炸弹.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (80 << 20))
    with pytest.raises(SummarizeError, match="过大"):
        ws.verify(path)


def test_a_traditional_chinese_report_is_read_as_well(ws, tmp_path, truth):
    n = truth["收文"]
    path = tmp_path / "總結.docx"
    ws.report(2025, lang="zh-Hant").to_docx(path)
    doc = Document(str(path))
    _retype(_paragraph_with(doc, f"來文{n}份"), f"來文{n}份", f"來文{n + 1}份")
    doc.save(str(path))
    frame = ws.verify(path).frame()
    wrong = frame[frame["结论"] == "不一致"]
    assert wrong["文中数字"].tolist() == [f"{n + 1}份"] and wrong["台账数字"].tolist() == [f"{n}份"]
    assert (frame["结论"] == "无法核对").sum() == 0
    assert (frame["指标"] == "收文（2025年）").sum() >= 3


def test_tracked_changes_and_figures_split_across_runs(ws, tmp_path, truth):
    """Word keeps a retyped figure as a deletion and an insertion, and splits runs anywhere (rsid, spelling)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    n = truth["收文"]
    path = tmp_path / "修订.docx"
    doc = Document()
    doc.add_paragraph("2025年工作总结")
    tracked = doc.add_paragraph("全年收文")
    deleted, inserted = OxmlElement("w:del"), OxmlElement("w:ins")
    for mark in (deleted, inserted):
        mark.set(qn("w:id"), "1" if mark is deleted else "2")
        mark.set(qn("w:author"), "办公室")
    old_run, old_text = OxmlElement("w:r"), OxmlElement("w:delText")
    old_text.text = str(n + 50)
    old_run.append(old_text)
    deleted.append(old_run)
    new_run, new_text = OxmlElement("w:r"), OxmlElement("w:t")
    new_text.text = str(n)
    new_run.append(new_text)
    inserted.append(new_run)
    tracked._p.append(deleted)
    tracked._p.append(inserted)
    tracked.add_run("份。")
    split = doc.add_paragraph()
    for piece in ["报送信息", str(truth["信息报送"] + 7)[:1], str(truth["信息报送"] + 7)[1:], "条。"]:
        split.add_run(piece).bold = piece == "条。"
    doc.save(str(path))

    result = ws.verify(path)
    frame = result.frame()
    assert list(zip(frame["文中数字"], frame["结论"], strict=True)) == [
        (f"{n}份", "一致"),
        (f"{truth['信息报送'] + 7}条", "不一致"),
    ]
    out = result.annotate(tmp_path / "修订批注.docx")
    xml = zipfile.ZipFile(out).read("word/document.xml").decode("utf-8")
    covered = re.search(r"<w:commentRangeStart[^>]*/>(.*?)<w:commentRangeEnd", xml, re.S).group(1)
    assert "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", covered)) == f"{truth['信息报送'] + 7}条"


def test_a_rates_completion_ratio_written_by_hand_is_not_taken_for_a_missing_target(ws, tmp_path):
    # The sample sets 督办按期办结率 = 0.9 and 信息采用 = 110 under [targets] (summarize.toml).
    path = tmp_path / "手写总结.docx"
    doc = Document()
    doc.add_paragraph("2025年办公室工作总结")
    doc.add_paragraph("督办按期办结率年度目标为90.0%，完成率101.1%。")
    doc.add_paragraph("收文完成率100.0%。")
    doc.save(str(path))
    rows = ws.verify(path).frame()
    why = dict(zip(rows["文中数字"], rows["说明"], strict=True))
    assert rows.set_index("文中数字").loc["90.0%", "结论"] == "一致"
    assert why["101.1%"] == "“督办按期办结率”只看是否达到年度目标，不计完成率"
    assert why["100.0%"] == "summarize.toml 中没有设置“收文”的年度目标"

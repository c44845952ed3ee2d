"""The 年终总结: read the .docx back and hold every number, heading and sentence to the statistics."""

import re
from datetime import date

import pandas as pd
import pytest
from docx import Document

from summarize import phrasing
from summarize.errors import SummarizeError
from summarize.workspace import Workspace, sample_path

GENERATED_NUMBER = re.compile(r"\d+(?:\.\d+)?%?")


@pytest.fixture(scope="module")
def ws():
    return Workspace(sample_path(), today=date(2026, 1, 15))


@pytest.fixture(scope="module")
def docx_text(ws, tmp_path_factory):
    path = tmp_path_factory.mktemp("report") / "总结.docx"
    ws.report(2025).to_docx(path)
    doc = Document(str(path))
    paragraphs = [p.text for p in doc.paragraphs]
    cells = [[c.text for c in row.cells] for t in doc.tables for row in t.rows]
    return doc, paragraphs, cells


def _valid_dates(values: pd.Series, year: int) -> pd.Series:
    """Whether each cell is a real date: a date, an Excel day number kept as text, or 月/日 written by hand."""
    text = values.astype(str)
    serial = pd.to_numeric(text, errors="coerce")
    written = text.str.replace(r"^(\d{1,2})月(\d{1,2})日$", rf"{year}年\1月\2日", regex=True)
    written = written.str.replace(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$", r"\1-\2-\3", regex=True)
    parsed = pd.to_datetime(written, errors="coerce", format="mixed")
    return parsed.notna() | serial.between(40000, 50000)


def _column(frame: pd.DataFrame, *names: str) -> pd.Series:
    return frame[next(n for n in names if n in frame.columns)]


def independent_breakdowns() -> list[int]:
    """The counts the 年终总结 breaks its figures into, from plain pandas over the 2025 sample files: 收文 by
    紧急程度, 发文 by 文种, 会议 by 会议类型, 受理的信访 by 形式, 采用的信息 by 级别."""
    sample = sample_path()

    def sheets(name: str, header: int) -> list[pd.DataFrame]:
        return list(pd.read_excel(sample / name, sheet_name=None, header=header, engine="calamine").values())

    incoming = pd.concat(sheets("2025年收文登记簿.xlsx", 2))
    number = _column(incoming, "收文号", "登记号", "收文编号").astype(str)
    incoming = incoming[number.str.startswith("收2025") & _valid_dates(incoming["收文日期"], 2025)]
    incoming = incoming.drop_duplicates(["收文号"])  # the planted repeat of a 4月 row in 5月
    outgoing = sheets("发文登记簿（2025年）.xlsx", 1)[0]
    outgoing = outgoing[outgoing["发文字号"].notna()]
    meetings = sheets("会议记录2025.xlsx", 0)[0]
    info = sheets("信息报送采用登记2025.xlsx", 0)[0]
    info = info[pd.to_datetime(info["报送日期"], errors="coerce").dt.year == 2025]  # not the row dated 2205
    petitions = pd.read_csv(sample / "信访登记表2025.csv", encoding="gbk", dtype=str)
    petitions = petitions.drop_duplicates(["登记编号", "登记日期"])
    accepted = petitions[(petitions["是否受理"] == "是") & (petitions["办理状态"] != "不予受理")]
    counts = [
        incoming["紧急程度"].value_counts(),
        outgoing["文种"].value_counts(),
        meetings["会议类型"].value_counts(),
        _column(accepted, "信访形式", "信访类型").value_counts(),
        info["采用级别"].value_counts(),
        info[info["采用级别"].notna()]["采用刊物"].value_counts(),
    ]
    return [int(n) for c in counts for n in c]


def independent_overdue_days(asof: pd.Timestamp) -> list[int]:
    """Days past the deadline (0 within it) of every 督办 item still open on ``asof``, from both sheets."""
    days = []
    for items in pd.read_excel(
        sample_path() / "督办事项台账.xlsx", sheet_name=None, engine="calamine"
    ).values():
        opened = pd.to_datetime(items["交办日期"])
        due = pd.to_datetime(_column(items, "办理时限", "限办日期"))
        closed = pd.to_datetime(items["办结日期"])
        still_open = (opened <= asof) & (closed.isna() | (closed > asof))
        days += [max(0, (asof - d).days) for d in due[still_open].dropna()]
    return days


def allowed_numbers(ws) -> set[str]:
    """Every number the generated text may contain: figures, changes and targets of the annual table (held to
    pandas over the files in test_stats), breakdowns and overdue days (from pandas here), dates."""
    allowed = set()
    frame = ws.annual(2025)
    for row in frame.to_dict("records"):
        metric = ws.metrics[row["指标"]]
        for col in ("本年", "上年", "目标", "完成率"):
            if col in row:
                allowed.add(phrasing.value(row[col], metric.is_rate or col == "完成率"))
        allowed.add(phrasing.change_words(row["同比"], metric.is_rate))
    allowed.update(str(n) for n in independent_breakdowns())
    # The 大事记 counts events of a kind: the same 事项 written again on other days of 2025.
    chronicle = pd.read_excel(sample_path() / "大事记.xlsx", sheet_name="2025年", engine="calamine")
    allowed.update(str(n) for n in chronicle["事项"].value_counts())
    overdue = independent_overdue_days(pd.Timestamp(2025, 12, 31))
    # Each open item's days past its deadline, how many are open and how many of those are past it.
    allowed.update(str(n) for n in [*overdue, len(overdue), sum(d > 0 for d in overdue)])
    tokens = set()
    for text in allowed:
        tokens.update(GENERATED_NUMBER.findall(text))
    return tokens | {"2024", "2025", "2026", "12", "31", "12345"}


def test_every_number_in_the_generated_text_is_a_statistic(ws, docx_text):
    _, paragraphs, _ = docx_text
    allowed = allowed_numbers(ws)
    notes = ws.path.joinpath("总结素材.md").read_text(encoding="utf-8")
    checked = 0
    for text in paragraphs:
        if (
            text.startswith("全年重要事项")
            or text.startswith("注：比率的增减")  # the 附件's note on its columns (上年数少于10的不计增幅)
            or text in notes
            or any(p and p in notes for p in re.split(r"[一二三四五六七八九十]是|；|。", text) if len(p) > 8)
        ):
            continue  # quoted from the 大事记 register or the office's own notes, not computed
        for token in GENERATED_NUMBER.findall(text):
            assert token in allowed, f"“{token}” in “{text}” is not a statistic"
            checked += 1
    assert checked > 60


def test_headline_figures_are_stated(ws, docx_text):
    _, paragraphs, _ = docx_text
    body = "\n".join(paragraphs)
    frame = ws.annual(2025).set_index("指标")
    assert f"全年共办理上级和各类来文{phrasing.number(frame.loc['收文', '本年'])}份" in body
    assert f"同比{phrasing.change_words(frame.loc['收文', '同比'], False)}" in body
    assert f"采用率{phrasing.percent(frame.loc['信息采用率', '本年'])}" in body
    assert f"比上年{phrasing.change_words(frame.loc['信息采用率', '同比'], True)}" in body
    assert f"结案率{phrasing.percent(frame.loc['信访结案率', '本年'])}" in body


def test_structure_and_no_template_debris(ws, docx_text):
    doc, paragraphs, cells = docx_text
    assert paragraphs[0] == "示例县人民政府办公室2025年工作总结"
    headings = [p.text for p in doc.paragraphs if p.style.style_id in ("GwH1", "GwH2")]
    assert headings[0] == "一、主要工作完成情况"
    assert headings[1].startswith("（一）") and "文书" in headings[1]
    assert headings.index("二、存在的问题和不足") < headings.index("三、2026年工作打算")
    # The lines of work under 一、 are numbered （一）（二）… in order, with no gap and no repeat.
    works = headings[1 : headings.index("二、存在的问题和不足")]
    assert len(works) >= 5
    assert [h[: h.index("）") + 1] for h in works] == [
        f"（{n}）" for n in "一二三四五六七八九十"[: len(works)]
    ]
    everything = "\n".join(paragraphs + [c for row in cells for c in row])
    for debris in ("None", "nan", "<NA>", "{{", "{%", "}}"):
        assert debris not in everything
    assert "附件" in paragraphs and "2025年主要指标统计表" in paragraphs
    assert "2025年12月31日" in paragraphs
    assert len(doc.inline_shapes) >= 4
    header = cells[0]
    assert header == ["指标", "单位", "本年", "上年", "增减", "增幅", "目标", "完成情况"]
    # GB/T 9704: the 附件 mark, the title centred, then the table, with no caption saying the title again.
    page = [p for p in paragraphs[paragraphs.index("附件") :] if p]
    assert page[:2] == ["附件", "2025年主要指标统计表"] and page[2].startswith("注：") and len(page) == 3
    shipped = {row[0]: row for row in cells[1:] if len(row) == len(header)}
    frame = ws.annual(2025).set_index("指标")
    assert set(shipped) == {n for n in frame.index if ws.metrics[n].headline}
    for name in shipped:
        is_rate = ws.metrics[name].is_rate
        assert shipped[name][2] == phrasing.value(frame.loc[name, "本年"], is_rate)


def test_missing_notes_show_placeholders_and_data_hints(tmp_path):
    (tmp_path / "督办2025.csv").write_text(
        "交办日期,督办事项,责任单位,办理时限,办结日期\n2025-03-01,修路,交通局,2025-04-01,2025-05-01\n"
        "2025-11-01,建桥,住建局,2025-11-20,\n2024-03-01,旧事,交通局,2024-04-01,2024-03-20\n",
        encoding="utf-8",
    )
    report = Workspace(tmp_path, today=date(2026, 1, 15)).report(2025)
    text = report.to_markdown()
    assert "【请补充：督查督办工作的主要做法和成效】" in text
    assert "督办事项“建桥”（住建局）超期41天未办结" in text
    assert "尚有1件正在办理，其中超期1件" in text
    assert "信访" not in text and "收文" not in text  # registers the office does not keep are not mentioned


def test_a_real_zero_is_stated(tmp_path):
    (tmp_path / "督办2025.csv").write_text(
        "交办日期,督办事项,责任单位,办理时限,办结日期\n2025-03-01,修路,交通局,2025-04-01,2025-03-20\n",
        encoding="utf-8",
    )
    text = Workspace(tmp_path, today=date(2026, 1, 15)).report(2025).to_markdown()
    assert "所有督办事项均已办结，未发生超期未办结件" in text


def test_traditional_chinese_has_no_simplified_only_characters(ws):
    report = ws.report(2025, lang="zh-Hant")
    text = report.to_markdown()
    assert "總結" in text and "总结" not in text
    # Big5 holds traditional characters only; file names (the 來源臺賬 column) stay as they are on disk.
    cells = [
        c for t in report.tables for row in t.rows for i, c in enumerate(row) if i not in t.verbatim_columns
    ]
    words = [report.title, *(b.text for b in report.blocks if hasattr(b, "text")), *cells]
    simplified = {ch for ch in "".join(words) if "\u4e00" <= ch <= "\u9fff" and not _in_big5(ch)}
    assert simplified == set()
    assert not any(form in text for form in ("爲", "羣", "啓", "審覈", "編髮"))


def _in_big5(ch: str) -> bool:
    try:
        ch.encode("big5")
    except UnicodeEncodeError:
        return False
    return True


def test_workspace_templates_override_the_wording(tmp_path):
    (tmp_path / "收文2025.csv").write_text(
        "收文日期,文件标题\n2025-03-01,a\n2025-04-01,b\n", encoding="utf-8"
    )
    (tmp_path / "templates" / "年终总结").mkdir(parents=True)
    (tmp_path / "templates" / "年终总结" / "办文.j2").write_text(
        "办文工作\n\n今年收文{{ m.收文 }}。\n", encoding="utf-8"
    )
    text = Workspace(tmp_path).report(2025).to_markdown()
    assert "### （一）办文工作" in text and "今年收文2份。" in text


def test_templates_changed_between_documents_of_one_process_are_followed(tmp_path):
    # Templates are compiled once per process (one environment kept per workspace); an edited, added or
    # removed file must still change the next document, as a long-running web page writes many.
    (tmp_path / "收文2025.csv").write_text(
        "收文日期,文件标题\n2025-03-01,a\n2025-04-01,b\n", encoding="utf-8"
    )
    before = Workspace(tmp_path).report(2025).to_markdown()
    assert "今年收文" not in before
    override = tmp_path / "templates" / "年终总结" / "办文.j2"
    override.parent.mkdir(parents=True)
    override.write_text("办文工作\n\n今年收文{{ m.收文 }}。\n", encoding="utf-8")
    assert "今年收文2份。" in Workspace(tmp_path).report(2025).to_markdown()
    override.write_text("办文工作\n\n全年共收文{{ m.收文 }}。\n", encoding="utf-8")
    edited = Workspace(tmp_path).report(2025).to_markdown()
    assert "全年共收文2份。" in edited and "今年收文" not in edited
    override.unlink()
    assert Workspace(tmp_path).report(2025).to_markdown() == before


def test_templates_cannot_reach_python_internals(tmp_path):
    (tmp_path / "收文2025.csv").write_text("收文日期,文件标题\n2025-03-01,a\n", encoding="utf-8")
    (tmp_path / "templates" / "年终总结").mkdir(parents=True)
    evil = "办文\n\n{{ m.__class__.__mro__[1].__subclasses__() }}\n"
    (tmp_path / "templates" / "年终总结" / "办文.j2").write_text(evil, encoding="utf-8")
    with pytest.raises(SummarizeError, match="不允许"):
        Workspace(tmp_path).report(2025)


def test_template_syntax_error_names_file_and_line(tmp_path):
    (tmp_path / "收文2025.csv").write_text("收文日期,文件标题\n2025-03-01,a\n", encoding="utf-8")
    (tmp_path / "templates" / "年终总结").mkdir(parents=True)
    (tmp_path / "templates" / "年终总结" / "办文.j2").write_text("办文\n\n{% if %}\n", encoding="utf-8")
    with pytest.raises(SummarizeError, match=r"办文\.j2”第3行"):
        Workspace(tmp_path).report(2025)

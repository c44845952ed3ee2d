"""The text an 办公室主任 sends on: the unit from the registers, a one-page 附件 of headline figures, no file or
settings names in any document.

Expected values are read from the register files with plain pandas/openpyxl or known by construction.
"""

from __future__ import annotations

import re
import shutil
import tomllib
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from summarize.render import pdf
from summarize.report.stat import Stat
from summarize.workspace import sample_path
from tests.conftest import open_ws, write_xlsx

HAVE_PDF_TOOLS = pdf.find_soffice() is not None and all(shutil.which(t) for t in ("pdfinfo", "pdftotext"))
needs_soffice = pytest.mark.skipif(not HAVE_PDF_TOOLS, reason="LibreOffice 或 poppler-utils 未安装")


def headline_catalogue_names() -> list[str]:
    """The metrics the package catalogue flags as headline figures, read from the TOML itself."""
    catalogue = tomllib.loads(
        (Path(__file__).parent.parent / "summarize" / "catalogue.toml").read_text("utf-8")
    )
    names = [name for name, entry in catalogue.items() if entry.get("headline")]
    return names + [item for entry in catalogue.values() for item in entry.get("headlines", [])]


def _title_units(folder: Path) -> list[str]:
    """Every "登记单位：…" written above a header in the workspace's .xlsx files, read with openpyxl."""
    found = []
    for path in folder.glob("*.xlsx"):
        for sheet in openpyxl.load_workbook(path, read_only=True).worksheets:
            for row in sheet.iter_rows(max_row=3, values_only=True):
                found += [
                    str(v).split("：", 1)[1] for v in row if isinstance(v, str) and v.startswith("登记单位：")
                ]
    return found


def test_unit_comes_from_the_registers_not_the_folder(tmp_path):
    ws_dir = tmp_path / "ws"
    shutil.copytree(sample_path(), ws_dir)
    (ws_dir / "summarize.toml").unlink()
    ws = open_ws(ws_dir)
    expected = _title_units(ws_dir)
    assert expected and ws.unit == max(set(expected), key=expected.count)
    assert ws.unit_known and not any("单位名称" in n for n in ws.notices())
    text = ws.report(2025).to_markdown()
    assert text.startswith(f"# {ws.unit}2025年工作总结")
    assert "ws2025" not in text and "填报单位：ws" not in text and "，ws在" not in text


def test_unit_from_the_most_files_wins(tmp_path):
    header = ["收文日期", "文件标题"]
    for i, unit in enumerate(["甲县人民法院办公室", "甲县人民法院办公室", "乙县人民法院办公室"]):
        write_xlsx(
            tmp_path / f"收文{i}.xlsx",
            {"2025": [["2025年收文登记簿"], [f"填报单位：{unit}（盖章）"], header, ["2025-03-01", f"文{i}"]]},
        )
    assert open_ws(tmp_path).unit == "甲县人民法院办公室"


def test_no_unit_anywhere_is_asked_for_and_warned(tmp_path):
    (tmp_path / "收文2025.csv").write_text("收文日期,文件标题\n2025-01-02,a\n", encoding="utf-8")
    ws = open_ws(tmp_path)
    assert ws.unit == "【请补充：单位名称】" and not ws.unit_known
    assert any("【请补充：单位名称】" in n for n in ws.notices())
    report = ws.report(2025)
    assert report.title.startswith("【请补充：单位名称】") and tmp_path.name not in report.to_markdown()


def test_appendix_lists_headline_metrics_only(tmp_path):
    ws = open_ws(sample_path())
    report = ws.report(2025)
    (table,) = report.attachments[0].blocks
    assert table.columns == ["指标", "单位", "本年", "上年", "增减", "增幅", "目标", "完成情况"]
    assert table.caption == ""  # the 附件's title names the table; a caption would repeat it
    names = [row[0] for row in table.rows]
    assert names == [n for n in headline_catalogue_names() if n in names]
    for helper in ("信访参评", "信访立案结案", "值班", "督办应办结", "信息得分"):
        assert helper not in names
    assert len(report.attachments) == 1
    full = ws.report(2025, appendix="full")
    assert [a.title for a in full.attachments] == ["2025年主要指标统计表", "统计口径说明"]


def test_no_file_name_or_setting_in_any_document(tmp_path):
    ws = open_ws(sample_path())
    texts = [ws.report(2025, appendix="full").to_markdown(), ws.monthly_report(2025, 12).to_markdown()]
    files = [p for p in sample_path().iterdir() if p.suffix in (".xlsx", ".csv", ".md", ".toml")]
    for text in texts:
        for path in files:
            assert path.name not in text and path.stem not in text, path.name
        for key in ("summarize.toml", "[scoring]", "[targets]", "[report]", "small_base", "指标目录"):
            assert key not in text


@needs_soffice
@pytest.mark.parametrize("appendix", ["main", "full"])
def test_headline_table_fits_one_page(tmp_path, appendix):
    from tests.test_pdf import page_texts

    ws = open_ws(sample_path())
    path = ws.report(2025, appendix=appendix).to_pdf(tmp_path / "总结.pdf", layout=ws.layout)
    pages = ["".join(page.split()) for page in page_texts(path)]  # pdftotext spaces 2025 年 apart
    start = max(i for i, page in enumerate(pages) if page.startswith("附件"))
    if appendix == "full":
        start = next(i for i, page in enumerate(pages) if page.startswith("附件1"))
        assert pages[start + 1].lstrip().startswith("附件2")
    else:
        assert start == len(pages) - 1  # the table's page is the last
    # The first and the last row of the table on the 附件's one page.
    assert (
        "主要指标统计表" in pages[start] and "收文份1804" in pages[start] and "编发刊物期24" in pages[start]
    )
    # A metric's name on one line: wrapped, pdftotext puts the "率" after the row ("信访群众满意%98.8%…率").
    assert "督办按期办结率%" in pages[start] and "信访群众满意率%" in pages[start]


def _chronicle_2025() -> pd.DataFrame:
    return pd.read_excel(sample_path() / "大事记.xlsx", sheet_name="2025年", engine="calamine")


def test_repeated_events_are_counted_by_kind_with_their_measure_word():
    text = open_ws(sample_path()).report(2025).to_markdown()
    counts = _chronicle_2025()["事项"].value_counts()
    study = counts["县政府办公室召开党组理论学习中心组学习会。"]
    training = counts["县政府办公室举办全县政务信息业务培训班。"]
    assert study >= 2 and training >= 2
    assert f"党组理论学习中心组学习会{study}次" in text  # 会议 次
    assert f"举办全县政务信息业务培训班{training}期" in text  # 培训班 期
    assert "全年重要事项" not in text and "县政府办公室召开党组理论学习中心组学习会" not in text
    body = text.split("## 二、")[0]
    for paragraph in body.split("\n\n"):
        for point in paragraph.split("；"):
            assert point.count("等") <= 1, point
    # The 常务会议 the 会议 register counts are not counted again from the 大事记.
    assert "常务会议12次" not in body and not re.search(r"召开常务会议\d+次", body)


def test_a_column_marking_important_events_chooses_them(tmp_path):
    rows = [
        ["日期", "事项", "类别", "重要"],
        ["2025-03-01", "县法院办公室召开全院办公室工作会议。", "办会", "是"],
        ["2025-04-01", "县法院办公室召开全县法院系统会务培训会。", "办会", ""],
        ["2025-05-01", "县法院办公室承办全市法院院长座谈会。", "办会", "是"],
    ]
    write_xlsx(tmp_path / "大事记.xlsx", {"2025": rows})
    (tmp_path / "会议2025.csv").write_text("会议日期,会议名称\n2025-03-01,院务会\n", encoding="utf-8")
    text = open_ws(tmp_path).report(2025).to_markdown()
    assert "全院办公室工作会议" in text and "全市法院院长座谈会" in text
    assert "全县法院系统会务培训会" not in text  # scale words (全县) do not overrule the 重要 column


def test_hints_only_in_the_bad_direction(tmp_path):
    info = ["报送日期,信息标题,采用级别"]
    for year, adopted in ((2024, 10), (2025, 5)):  # 采用率 50.0% → 25.0%: a problem
        info += [f"{year}-03-{d + 1:02d},信息{year}{d},{'市级' if d < adopted else ''}" for d in range(20)]
    (tmp_path / "信息.csv").write_text("\n".join(info) + "\n", encoding="utf-8")
    work = ["日期,事项,数量"] + [f"{y}-06-01,公务用车,{n}" for y, n in ((2024, 50), (2025, 30))]
    work += [f"{y}-06-01,业务学习交流,{n}" for y, n in ((2024, 12), (2025, 20))]
    (tmp_path / "其他工作量统计.csv").write_text("\n".join(work) + "\n", encoding="utf-8")
    text = open_ws(tmp_path).report(2025).to_markdown()
    hint = next(p for p in text.split("\n\n") if "【请补充：存在的问题和不足" in p)
    assert "公务用车" in text  # the register was read: its fall is simply no problem
    assert "信息采用率比上年降低25.0个百分点" in hint
    for not_a_problem in ("公务用车", "业务学习交流", "信息报送"):  # down but neutral, up and good, flat
        assert not_a_problem not in hint


def test_monthly_overview_is_one_paragraph_with_the_months_events_and_overdue_items():
    text = open_ws(sample_path()).monthly_report(2025, 12).to_markdown()
    overview = text.split("## 一、本月工作概述")[1].split("## 二、")[0]
    figures, work = [p for p in overview.split("\n\n") if p.strip()][:2]
    assert figures.count("环比") <= 2 and figures.startswith("12月，示例县人民政府办公室办理收文")
    december = _chronicle_2025()
    december = december[pd.to_datetime(december["日期"]).dt.month == 12]
    assert work.startswith("本月主要工作：")
    assert "岁末年初安全生产督查" in work and len(december) >= 3
    assert "督办事项超期未办结" in text.split("## 三、")[0]


def test_a_month_with_no_adoption_yet_says_so(tmp_path):
    rows = ["报送日期,信息标题,采用级别"] + [
        f"2025-11-{d:02d},信息{d},{'市级' if d < 6 else ''}" for d in range(1, 21)
    ]
    rows += [f"2025-12-{d:02d},新信息{d}," for d in range(1, 9)]
    (tmp_path / "信息2025.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    text = open_ws(tmp_path).monthly_report(2025, 12).to_markdown()
    assert "报送信息8条，本月报送信息的采用情况尚未登记" in text
    assert "被采用信息0条" not in text


@pytest.fixture(scope="module")
def offices(tmp_path_factory):
    """The 组织部办公室 and the 法院办公室 workspaces, with what their generator wrote."""
    from tests import office_workspaces

    root = tmp_path_factory.mktemp("offices")
    built = {}
    for name, build in (("组织部", office_workspaces.organisation), ("法院", office_workspaces.court)):
        wrote = build(root / name)
        built[name] = (open_ws(root / name), wrote)
    return built


def _of_2025(rows: list[list], column: int) -> list[list]:
    return [r for r in rows if r[column].year == 2025]


@pytest.mark.parametrize("office", ["组织部", "法院"])
def test_other_offices_unit_numbers_and_no_file_names(offices, office):
    ws, wrote = offices[office]
    assert ws.unit == wrote["unit"]
    text = ws.report(2025, appendix="full").to_markdown()
    assert text.startswith(f"# {wrote['unit']}2025年工作总结")
    # Read back from the files with pandas, not from what the generator remembers.
    incoming = pd.concat(
        pd.read_excel(p, header=None, engine="calamine") for p in ws.path.glob("*收文*.xlsx")
    )
    dates = pd.to_datetime(incoming.iloc[:, 1], errors="coerce")
    assert f"来文{int((dates.dt.year == 2025).sum())}份" in text
    assert int((dates.dt.year == 2025).sum()) == len(_of_2025(wrote["incoming"], 1))
    for path in ws.path.iterdir():
        assert path.name not in text
        # A stem such as 发文登记 is also the register's own word (发文登记簿); one with a year names the file.
        assert not any(c.isdigit() for c in path.stem) or path.stem not in text
    for key in ("summarize.toml", "[scoring]", "small_base", "指标目录"):
        assert key not in text


def test_organisation_office_levels_measure_words_and_events(offices):
    ws, wrote = offices["组织部"]
    text = ws.report(2025).to_markdown()
    info = pd.read_excel(ws.path / "信息报送.xlsx", header=1, engine="calamine")
    info = info[pd.to_datetime(info["报送日期"]).dt.year == 2025]
    levels = info["采用级别"].value_counts()
    said = "、".join(f"{level}采用{levels[level]}条" for level in ("国家级", "省级", "市级", "县级"))
    assert f"其中{said}" in text  # highest level first, whatever the counts
    work = pd.read_excel(ws.path / "工作量统计.xlsx", header=1, engine="calamine")
    work = work[work["月份"].str.startswith("2025")].groupby("事项")["数量"].sum()
    assert f"编发《组工信息》{work['编发《组工信息》']}期" in text  # 刊物 期, not 次
    assert f"举办业务培训班{work['举办业务培训班']}期" in text  # 培训班 期
    assert f"接待来访{work['接待来访']}批次" in text  # 接待 批次
    events = pd.read_excel(ws.path / "大事记.xlsx", engine="calamine")["事项"].value_counts()
    assert f"召开部务会理论学习中心组学习会{events['市委组织部召开部务会理论学习中心组学习会。']}次" in text
    assert f"举办全市组工信息业务培训班{events['市委组织部办公室举办全市组工信息业务培训班。']}期" in text
    assert (
        "市委组织部召开" not in text and "市委组织部办公室举办" not in text
    )  # no clause restarts with the office
    assert "其他工作工作" not in text and "党建工作工作" not in text


def test_court_office_important_events_hints_and_overdue(offices):
    ws, wrote = offices["法院"]
    text = ws.report(2025).to_markdown()
    marked = [e[1].rstrip("。") for e in wrote["events"] if e[3] == "是"]
    assert all(e.removeprefix("县法院") in text for e in marked)
    assert "全县法院系统会务工作培训会" not in text  # not marked 重要
    hint = next(p for p in text.split("\n\n") if "【请补充：存在的问题和不足" in p)
    assert "信息采用率比上年降低33.3个百分点" in hint
    assert "信访" not in hint and "收文" not in hint and "公务接待" not in hint  # down or flat, no direction
    open_task = next(t for t in wrote["tasks"] if t[4] is None)
    assert f"督办事项“{open_task[1]}”（执行局）超期" in hint


@needs_soffice
def test_other_office_appendix_fits_one_page(offices, tmp_path):
    from tests.test_pdf import page_texts

    ws, _ = offices["法院"]
    pages = ["".join(p.split()) for p in page_texts(ws.report(2025).to_pdf(tmp_path / "法院.pdf"))]
    assert pages[-1].startswith("附件") and "主要指标统计表" in pages[-1] and "收文份150" in pages[-1]


def test_every_target_gets_its_verdict_in_its_section_and_a_rate_no_completion_ratio():
    targets = tomllib.loads((sample_path() / "summarize.toml").read_text("utf-8"))["targets"]
    report = open_ws(sample_path()).report(2025)
    body = report.to_markdown().split("## 二、")[0]
    rates = {name: target for name, target in targets.items() if target < 1}
    assert rates  # the sample sets 督办按期办结率 and 信访按期办结率 targets
    for name, target in rates.items():
        # A rate reaches its target or not: no 完成率, which would be a percentage of a percentage (101.1%).
        clause = re.search(f"{name}(?:未)?达到年度目标（目标{target * 100:.1f}%，实际[0-9.]+%）", body)
        assert clause, name
        assert f"{name}年度目标" not in body and "完成率" not in clause.group(0)
    info = pd.read_excel(sample_path() / "信息报送采用登记2025.xlsx", engine="calamine")
    info = info[pd.to_datetime(info["报送日期"], errors="coerce").dt.year == 2025]
    adopted, target = int(info["采用级别"].notna().sum()), targets["信息采用"]
    assert adopted > target  # 114 of 110 in the sample
    completion = f"{adopted / target * 100:.1f}%"
    assert f"信息采用超额完成年度目标（目标{target}条，实际{adopted}条，完成率{completion}）" in body
    (table,) = report.attachments[0].blocks
    cells = {row[0]: row[-1] for row in table.rows}
    assert cells["信息采用"] == completion
    assert {cells[name] for name in rates} <= {"已达到", "未达到"}
    assert "比率的年度目标只看是否达到，不计完成率" in table.note


def test_a_missed_target_is_said_and_hinted(tmp_path):
    rows = ["报送日期,信息标题,采用级别"] + [
        f"2025-03-{d:02d},信息{d},{'市级' if d <= 5 else ''}" for d in range(1, 21)
    ]
    (tmp_path / "信息.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (tmp_path / "summarize.toml").write_text('[targets]\n"信息采用" = 8\n', encoding="utf-8")
    text = open_ws(tmp_path).report(2025).to_markdown()
    # Said in the section, and hinted under 存在问题.
    assert text.count("信息采用未完成年度目标（目标8条，实际5条，完成率62.5%）") == 2


@pytest.mark.parametrize(
    ("stat", "clause"),
    [
        (
            Stat("信息采用", "条", 110, target=110, better=1),
            "信息采用完成年度目标（目标110条，实际110条，完成率100.0%）",
        ),
        (
            Stat("信息采用", "条", 99, target=110, better=1),
            "信息采用未完成年度目标（目标110条，实际99条，完成率90.0%）",
        ),
        (
            Stat("办结率", "%", 0.93, is_rate=True, target=0.95, better=1),
            "办结率未达到年度目标（目标95.0%，实际93.0%）",
        ),
        (Stat("超期件", "件", 3, target=5, better=-1), "超期件控制在年度目标以内（目标5件，实际3件）"),
        (Stat("超期件", "件", 7, target=5, better=-1), "超期件超出年度目标（目标5件，实际7件）"),
        (Stat("收文", "份", 1804), ""),
    ],
)
def test_a_target_is_stated_by_kind_and_only_a_count_to_reach_has_a_completion_ratio(stat, clause):
    assert stat.target_clause == clause

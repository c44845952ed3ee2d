"""Rates over the basis offices report (应办结 for deadline-bound work, 立案 for 结案率) and small bases said in
counts — checked on registers whose answers are known by construction."""

from datetime import date

from summarize.workspace import Workspace

TODAY = date(2026, 1, 15)
PETITIONS = (
    "登记日期,信访人,反映问题,是否立案,办理状态,办结日期\n"
    "2025-03-02,甲,道路,是,已办结,2025-03-20\n"  # 立案, closed
    "2025-03-05,乙,噪音,否,不予立案,\n"  # a decision closes it
    "2025-03-09,丙,医保,否,已答复,\n"  # so does a reply
    "2025-03-11,丁,低保,否,不予受理,\n"  # registered, not accepted: decided
    "2025-03-15,戊,拆迁,否,办理中,\n"  # past its 60 days on 30 June: had to be closed
    "2025-06-20,己,供水,否,办理中,\n"  # within its 60 days on 30 June: 在办（未到期）
)


def test_petition_decisions_close_items_and_open_items_within_their_term_are_not_failures(tmp_path):
    (tmp_path / "信访2025.csv").write_text(PETITIONS, encoding="utf-8")
    ws = Workspace(tmp_path, today=TODAY, asof="2025-06-30")
    row = ws.annual(2025).set_index("指标")["本年"]
    assert (row["信访登记"], row["信访办结"], row["信访应办结"]) == (6, 4, 5)
    assert row["信访办结率"] == 4 / 5
    assert (row["信访立案"], row["信访结案率"]) == (1, 1.0)
    text = ws.report(2025).to_markdown()
    # Fewer than 10 items: the rates are said as counts, not as 100% and 80%.
    assert "立案1件，已结案1件，立案事项结案率1/1" in text
    assert (
        "立案事项结案率1/1。应办结5件，已办结（含不予受理、已答复、转办等已作出处理决定的）4件，办结率4/5"
        in text
    )
    assert "另有1件尚在办理期限内" in text


def test_supervision_rate_counts_only_items_due_by_the_asof_day(tmp_path):
    (tmp_path / "督办2025.csv").write_text(
        "交办日期,督办事项,办理时限,办结日期\n"
        "2025-11-03,甲,2025-11-20,2025-11-18\n"
        "2025-11-10,乙,2025-11-30,\n"  # overdue on 15 December
        "2025-12-01,丙,2025-12-31,\n"  # not yet due
        "2025-12-05,丁,2026-01-10,\n",  # not yet due
        encoding="utf-8",
    )
    ws = Workspace(tmp_path, today=TODAY, asof="2025-12-15")
    row = ws.annual(2025).set_index("指标")["本年"]
    assert (row["督办事项"], row["督办应办结"], row["督办办结"]) == (4, 2, 1)
    assert row["督办办结率"] == 1 / 2
    month = ws.monthly(2025, 12).set_index("指标")
    assert (
        month.loc["督办应办结", "本月"] == 0
        and month.loc["督办办结率", "本月"] != month.loc["督办办结率", "本月"]
    )


def test_a_change_from_a_small_base_is_said_in_counts(tmp_path):
    (tmp_path / "发文2025.csv").write_text(
        "发文日期,文件标题\n2025-10-09,a\n2025-11-03,b\n2025-11-20,c\n", encoding="utf-8"
    )
    text = Workspace(tmp_path, today=TODAY).monthly_report(2025, 11).to_markdown()
    assert "发文比上月多1份" in text
    assert "| 发文 | 份 | 2 | 1 | +1 |" in text  # the table too: +1, not +100%
    assert "注：基数不足10的，增减写数量" in text
    assert "100%" not in text.split("## 二、")[0]
    hints = Workspace(tmp_path, today=TODAY).monthly_report(2025, 10).to_markdown()
    assert "环比" not in hints.split("## 二、")[0]


def test_the_small_base_is_a_setting(tmp_path):
    (tmp_path / "发文2025.csv").write_text(
        "发文日期,文件标题\n2025-10-09,a\n2025-11-03,b\n2025-11-20,c\n", encoding="utf-8"
    )
    (tmp_path / "summarize.toml").write_text("[report]\nsmall_base = 1\n", encoding="utf-8")
    text = Workspace(tmp_path, today=TODAY).monthly_report(2025, 11).to_markdown()
    assert "发文环比增长100.0%" in text


def test_the_small_base_applies_to_every_table_and_file(tmp_path):
    """One decision for the CLI table, csv, json, xlsx, the annual appendix and the web page: 发文 2 against 1 is
    +1 (not +100%), 督办办结率 over 3 items due is 2/3 (not 66.7%) with no 个百分点 against last year's 1/1."""
    import json
    import shutil

    from openpyxl import load_workbook
    from starlette.testclient import TestClient
    from typer.testing import CliRunner

    from summarize.cli import app
    from summarize.web.app import create_app

    (tmp_path / "发文2024.csv").write_text("发文日期,文件标题\n2024-05-09,a\n", encoding="utf-8")
    (tmp_path / "发文2025.csv").write_text(
        "发文日期,文件标题\n2025-03-03,b\n2025-04-20,c\n", encoding="utf-8"
    )
    (tmp_path / "督办2024.csv").write_text(
        "交办日期,督办事项,办理时限,办结日期\n2024-03-01,甲,2024-03-20,2024-03-10\n", encoding="utf-8"
    )
    (tmp_path / "督办2025.csv").write_text(
        "交办日期,督办事项,办理时限,办结日期\n"
        "2025-03-01,乙,2025-03-20,2025-03-10\n2025-04-01,丙,2025-04-20,2025-04-10\n"
        "2025-05-01,丁,2025-05-20,\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    args = ["stats", str(tmp_path), "-y", "2025", "--asof", "2025-12-31"]
    table = runner.invoke(app, args).stdout
    assert "+1" in table and "+100%" not in table and "2/3" in table and "66.7%" not in table
    assert "注：基数不足10的" in table
    rows = {r["指标"]: r for r in json.loads(runner.invoke(app, [*args, "-f", "json"]).stdout)}
    assert rows["发文"]["本年"] == 2 and rows["发文"]["同比"] is None
    assert rows["发文"]["说明"] == "同比：基数不足10，比上年多1份"
    assert rows["督办办结率"]["本年"] == 2 / 3 and rows["督办办结率"]["同比"] is None
    assert rows["督办办结率"]["说明"] == "本年：2/3；上年：1/1；同比：基数不足10，不比较"
    csv = runner.invoke(app, [*args, "-f", "csv"]).stdout.splitlines()
    assert "发文,份,2,1,,同比：基数不足10，比上年多1份" in csv
    runner.invoke(app, [*args, "-f", "xlsx", "-o", str(tmp_path / "out.xlsx")])
    sheet = load_workbook(tmp_path / "out.xlsx").active
    cells = {r[0]: r for r in sheet.iter_rows(values_only=True)}
    assert cells["发文"][4] in (None, "—") and cells["发文"][-1] == "同比：基数不足10，比上年多1份"

    text = Workspace(tmp_path, today=TODAY).report(2025).to_markdown()
    appendix = text.split("附件")[-1]
    assert "| 发文 | 份 | 2 | 1 | +1 |" in appendix and "| 督办办结率 | % | 2/3 | 1/1 | — |" in appendix
    assert "基数不足10的" in appendix
    # 核稿 reads the counts back: 2/3 as 督办办结 2 and 督办应办结 3, +1 as one 份 more than last year.
    ws = Workspace(tmp_path, today=TODAY)
    ws.report(2025).to_docx(tmp_path / "总结.docx")
    checked = ws.verify(tmp_path / "总结.docx").frame()
    assert (checked["结论"] == "不一致").sum() == 0
    fraction = checked[checked["原文"].str.contains("督办办结率（本年）：2/3", regex=False)]
    assert fraction["结论"].tolist() == ["一致", "一致"]
    assert "一致" in checked[checked["原文"] == "发文（增减）：+1"]["结论"].tolist()

    # The 月报's statistics workbook: April's 1 发文 against March's 1 leaves 环比 empty and says it in 说明.
    Workspace(tmp_path, today=TODAY).monthly_report(2025, 4).to_xlsx(tmp_path / "4月.xlsx")
    rows = {r[0]: r for r in load_workbook(tmp_path / "4月.xlsx")["统计表"].iter_rows(values_only=True)}
    assert rows["指标"][-1] == "说明" and rows["发文"][4] == "—"
    assert rows["发文"][-1].startswith("环比：基数不足10，与上月持平")

    folder = tmp_path / "web"
    folder.mkdir()
    for name in ("发文2024.csv", "发文2025.csv", "督办2024.csv", "督办2025.csv"):
        shutil.copy(tmp_path / name, folder / name)
    web = TestClient(create_app(folder, today=TODAY), base_url="http://127.0.0.1:8765")
    page = web.get("/stats", params={"year": "2025", "month": "5"}).text
    assert "2/3" in page and "66.7%" not in page and "+100%" not in page

"""What real registers need beyond their layouts: duplicates that are real duplicates, years of multi-year
exports, sheets that are not registers, columns nobody reads, files other programs save, and commands that say
when their figures leave something out."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from datetime import datetime
from pathlib import Path

import docx
import pytest

from tests.conftest import open_ws, write_xlsx


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "summarize", *args], capture_output=True, text=True, cwd=cwd, timeout=300
    )


# ---- duplicates -----------------------------------------------------------------------------------------


def test_same_number_and_date_with_another_title_are_two_records_with_a_numbering_notice(ws_dir):
    write_xlsx(
        ws_dir / "收文2025.xlsx",
        {
            "收文": [
                ["收文号", "收文日期", "文件标题", "承办科室"],
                ["S1", "2025-03-01", "关于A的通知", "综合科"],
                ["S1", "2025-03-01", "关于B的通知", "综合科"],  # numbering slip: both count
                ["S2", "2025-03-02", "关于C的通知", "综合科"],
                ["S2", "2025-03-02", "关于C的通知", None],  # the same document again, one field left blank
            ]
        },
    )
    ws = open_ws(ws_dir)
    assert ws.registers["收文"]["文件标题"].tolist() == ["关于A的通知", "关于B的通知", "关于C的通知"]
    notices = ws.problems[["行", "说明"]].values.tolist()
    assert len(notices) == 2
    assert notices[0][0] == 3 and "两条都计入" in notices[0][1] and "文件标题" in notices[0][1]
    assert notices[1][0] == 5 and "只计一次" in notices[1][1]
    recon = ws.reconciliation().iloc[0]
    assert [recon["读取行数"], recon["计入"], recon["重复"]] == [4, 3, 1]


def test_registers_without_a_number_drop_only_rows_equal_in_every_field(ws_dir):
    write_xlsx(
        ws_dir / "信息报送2025.xlsx",
        {
            "信息": [
                ["报送日期", "信息标题", "报送科室"],
                ["2025-04-01", "我市召开防汛会议", "综合科"],
                [
                    "2025-04-01",
                    "我市召开防汛会议",
                    "应急科",
                ],  # two departments, same title and day: two items
                ["2025-04-01", "我市召开防汛会议", "综合科"],  # entered twice: one item
            ]
        },
    )
    write_xlsx(
        ws_dir / "工作量2025.xlsx",
        {"工作量": [["日期", "事项", "数量"], ["2025-05-06", "接待来访", 3], ["2025-05-06", "接待来访", 2]]},
    )
    ws = open_ws(ws_dir)
    assert ws.registers["信息"]["报送科室"].tolist() == ["综合科", "应急科"]
    assert ws.registers["工作量"]["数量"].tolist() == [3, 2]
    dup = ws.problems[ws.problems["说明"].str.contains("完全相同")]
    assert dup[["文件", "行"]].values.tolist() == [["信息报送2025.xlsx", 4]]


# ---- years -----------------------------------------------------------------------------------------------


def test_a_multi_year_export_counts_each_row_in_its_year_and_flags_only_isolated_outliers(ws_dir):
    rows = [["留言编号", "留言时间", "留言主题"]]
    rows += [[i, datetime(2011 + i % 10, 1 + i % 12, 5), f"问题{i}"] for i in range(60)]
    rows.append([999, "2205-03-01", "笔误"])
    write_xlsx(ws_dir / "网上留言导出.xlsx", {"Sheet1": rows})
    (ws_dir / "summarize.toml").write_text("year = 2019\n", encoding="utf-8")
    ws = open_ws(ws_dir)
    years = ws.registers["信访"]["登记日期"].dt.year.value_counts().to_dict()
    assert years == {y: 6 for y in range(2011, 2021)}
    errors = ws.problems[ws.problems["级别"] == "错误"]
    assert errors["行"].tolist() == [62] and "笔误" in errors["说明"].iloc[0]
    assert ws.annual(2019).set_index("指标").loc["信访登记", "本年"] == 6
    assert ws.annual(2012).set_index("指标").loc["信访登记", "本年"] == 6


def test_year_option_wins_when_no_register_has_a_date(tmp_path):
    folder = tmp_path / "ws"
    folder.mkdir()
    (folder / "summarize.toml").write_text('unit = "测试办"\n[targets]\n"收文" = 10\n', encoding="utf-8")
    result = run("stats", str(folder), "--year", "2025", "-f", "csv")
    assert result.returncode == 0, result.stderr
    assert "无法确定年度" not in result.stdout + result.stderr


# ---- sheets that are not registers, and unused columns ----------------------------------------------------


def test_a_register_sheet_named_with_a_note_word_is_read_and_totals_sheets_do_not_mark_the_file(ws_dir):
    header = ["收文号", "收文日期", "来文单位", "文件标题", "文件去向"]
    write_xlsx(
        ws_dir / "2025年收文簿.xlsx",
        {
            "1-6月": [header, ["S1", "1月5日", "市委", "关于A", "存档"]],
            "7-12月（含情况说明）": [header, ["S2", "7月5日", "市府", "关于B", "存档"]],
            "汇总": [["来文单位", "1月", "7月", "合计"], ["市委", 1, 0, 1], ["市府", 0, 1, 1]],
        },
    )
    ws = open_ws(ws_dir)
    recon = ws.reconciliation().set_index("工作表")
    assert recon["计入"].to_dict() == {"1-6月": 1, "7-12月（含情况说明）": 1, "汇总": 0}
    assert "汇总" in recon.loc["汇总", "备注"]
    assert ws.problems.empty
    assert ws.files()["台账"].tolist() == ["收文"]
    result = run("check", str(ws_dir))
    assert result.returncode == 0, result.stdout
    assert "未识别" not in result.stdout
    assert "未使用的列：文件去向" in result.stdout


def test_check_suggests_the_field_a_mistyped_header_comes_close_to(ws_dir):
    write_xlsx(
        ws_dir / "收文2025.xlsx", {"收文": [["收文号", "收文日期", "来文单住"], ["S1", "2025-03-01", "市委"]]}
    )
    result = run("check", str(ws_dir))
    assert "来文单住（若是“来文单位”，请改正列名）" in result.stdout


# ---- files other programs save ----------------------------------------------------------------------------


def test_an_xlsx_without_a_dimension_is_read_and_an_et_that_is_not_an_xls_is_named(ws_dir):
    path = write_xlsx(ws_dir / "发文2025.xlsx", {"发文": [["发文字号", "发文日期"], ["F1", "2025-01-02"]]})
    patched = path.with_suffix(".zip")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(patched, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = data.replace(b'<dimension ref="A1:B2"/>', b"")
            dst.writestr(item, data)
    patched.replace(path)
    (ws_dir / "收文2025.et").write_bytes(b"WPS\x00" + bytes(600))
    ws = open_ws(ws_dir)
    assert ws.registers["发文"]["发文字号"].tolist() == ["F1"]
    errors = ws.problems[ws.problems["级别"] == "错误"]
    assert errors["文件"].tolist() == ["收文2025.et"] and "WPS" in errors["说明"].iloc[0]


# ---- commands say what their figures leave out -------------------------------------------------------------


def test_report_stats_and_monthly_warn_on_stderr_when_rows_were_not_counted(tmp_path):
    folder = tmp_path / "ws"
    folder.mkdir()
    text = "收文号,收文日期,文件标题\nS1,2025-03-01,a\nS2,无法识别,b\nS3,2025-03-09,c\n"
    (folder / "收文2025.csv").write_text(text, encoding="utf-8")
    (folder / "坏文件.xlsx").write_bytes(b"PK\x03\x04broken")
    for args in (
        ("stats",),
        ("report", "-o", str(tmp_path / "r.docx")),
        ("monthly", "-o", str(tmp_path / "m")),
    ):
        result = run(*args, str(folder))
        assert result.returncode == 0, result.stderr
        assert "有1个文件未能读取、1行未计入：数字可能偏小" in result.stderr, args
    assert open_ws(folder).not_counted in result.stderr  # the Python API says the same


def test_a_report_with_no_readable_register_says_so_instead_of_claiming_the_work_was_done(tmp_path):
    folder = tmp_path / "ws"
    folder.mkdir()
    (folder / "坏文件.xlsx").write_bytes(b"PK\x03\x04broken")
    output = tmp_path / "r.docx"
    result = run("report", str(folder), "--year", "2025", "-o", str(output))
    assert result.returncode == 0, result.stderr
    text = "\n".join(p.text for p in docx.Document(str(output)).paragraphs)
    assert "没有读到2025年的任何台账记录" in text
    assert "较好地完成了全年各项工作任务" not in text
    months = tmp_path / "m"
    result = run("monthly", str(folder), "--month", "2025-03", "-o", str(months))
    assert result.returncode == 0, result.stderr
    (monthly,) = months.glob("*.docx")
    text = "\n".join(p.text for p in docx.Document(str(monthly)).paragraphs)
    assert "没有读到2025年3月的任何台账记录" in text


def test_a_register_like_file_in_a_format_not_read_is_listed_not_passed_over(ws_dir):
    write_xlsx(ws_dir / "收文2025.xlsx", {"收文": [["收文号", "收文日期"], ["S1", "2025-03-01"]]})
    docx.Document().save(str(ws_dir / "发文登记2025.docx"))
    (ws_dir / "照片.pdf").write_bytes(b"%PDF-1.4")  # not named like a register: not listed
    ws = open_ws(ws_dir)
    files = ws.files().set_index("文件")
    assert sorted(files.index) == ["发文登记2025.docx", "收文2025.xlsx"]
    assert "不是表格文件" in files.loc["发文登记2025.docx", "备注"]
    notices = ws.problems
    assert notices["文件"].tolist() == ["发文登记2025.docx"] and notices["级别"].tolist() == ["提示"]


def test_numbers_typed_down_a_sheet_ahead_of_registration_are_blank_rows(ws_dir):
    rows = [["编号", "收文日期", "文件标题"], [1, "2025-01-02", "a"], [2, None, None], [3, "2025-01-05", "/"]]
    rows += [[n, None, "—"] for n in range(4, 31)]
    write_xlsx(ws_dir / "收文2025.xlsx", {"收文": rows})
    ws = open_ws(ws_dir)
    recon = ws.reconciliation().iloc[0]
    assert [recon[c] for c in ("读取行数", "计入", "未计入", "空行")] == [30, 2, 1, 27]
    errors = ws.problems[ws.problems["级别"] == "错误"]
    assert errors["行"].tolist() == [3]  # a number alone between records is a record missing its date
    assert ws.registers["收文"]["文件标题"].isna().tolist() == [False, True]  # "/" is an empty title


def test_message_board_headers_make_a_petition_register_never_a_meeting(ws_dir):
    header = ["留言主题", "留言时间", "答复意见", "答复时间"]
    rows = [header, ["关于停车", "2024-05-01 10:00:00", "已答复", "2024-05-09 09:00:00"]]
    write_xlsx(ws_dir / "人大会议期间网民留言.xlsx", {"Sheet1": rows})
    write_xlsx(ws_dir / "会议纪要导出.xlsx", {"Sheet1": rows})
    ws = open_ws(ws_dir)
    assert ws.reconciliation()["台账"].tolist() == ["信访", "信访"]
    assert len(ws.registers["信访"]) == 1  # the second file repeats the same record
    assert ws.registers["信访"]["办结日期"].dt.day.tolist() == [9]


def test_a_print_form_whose_label_row_looks_like_a_header_is_skipped_not_read(ws_dir):
    form = [
        ["收文处理单"],
        ["收文日期：", "来文单位：", "文号："],
        ["2025-03-01", "市委办", "市委办〔2025〕3号"],
        ["拟办意见", "请张主任阅", None],
        ["领导批示", "同意", None],
    ]
    register = [["收文日期", "来文单位", "文号"], ["2025-03-01", "市委办", "市委办〔2025〕3号"]]
    write_xlsx(ws_dir / "收文2025.xlsx", {"收文登记": register, "第3号收文处理单": form})
    ws = open_ws(ws_dir)
    recon = ws.reconciliation().set_index("工作表")
    assert recon["计入"].to_dict() == {"收文登记": 1, "第3号收文处理单": 0}
    assert "处理单" in recon.loc["第3号收文处理单", "备注"]
    assert ws.problems.empty


def test_links_and_shortcuts_are_named_not_passed_over(ws_dir, tmp_path):
    # Seen in offices' shared folders: a sub-folder linked in from elsewhere, a Windows shortcut left where the
    # register was, a link whose register was moved away. None of them is read; each is named, and those that
    # may hold rows make the figures "possibly too small" (exit 1).
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "发文2025.csv").write_text("发文日期,文件标题\n2025-03-01,a\n", encoding="utf-8")
    photos = tmp_path / "photos"
    photos.mkdir()
    (photos / "合影.jpg").write_bytes(b"\xff\xd8")
    try:
        (ws_dir / "分局").symlink_to(elsewhere, target_is_directory=True)
    except OSError:
        pytest.skip("this system does not allow symbolic links")
    (ws_dir / "照片").symlink_to(photos, target_is_directory=True)
    (ws_dir / "信访2025.xlsx").symlink_to(tmp_path / "moved-away.xlsx")
    (ws_dir / "督办事项2025.xlsx.lnk").write_bytes(b"L\x00\x00\x00")
    (ws_dir / "收文2025.csv").write_text("收文日期,文件标题\n2025-03-01,a\n2025-03-02,b\n", encoding="utf-8")
    ws = open_ws(ws_dir)
    assert len(ws.registers["收文"]) == 2 and "发文" not in ws.registers
    problems = ws.problems.set_index("文件")
    assert problems["级别"].to_dict() == {
        "信访2025.xlsx": "错误",
        "分局": "错误",
        "照片": "提示",
        "督办事项2025.xlsx.lnk": "错误",
    }
    assert "指向的文件已不存在" in problems.at["信访2025.xlsx", "说明"]
    assert "文件夹（链接），其中的表格未读取" in problems.at["分局", "说明"]
    assert "快捷方式" in problems.at["督办事项2025.xlsx.lnk", "说明"]
    assert run("check", str(ws_dir)).returncode == 1
    assert "有3个文件未能读取：数字可能偏小" in run("stats", str(ws_dir)).stderr

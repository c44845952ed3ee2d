"""The bad-input corpus: every messy file a clerk may put into a workspace, each with its exact outcome.

Data problems are asserted on ``Workspace.problems`` (级别, 文件, 工作表, Excel 行, 列, a phrase of 说明) and on the
reconciliation of every sheet (读取 = 计入 + 未计入 + 空行 + 合计行 + 重复). Problems that stop a command (settings,
templates, output paths) are asserted on the command line itself: exit code 2, one Chinese sentence, no
traceback unless ``--debug``. Binary cases come from ``tests/bad_inputs/make_corpus.py``; text cases are written
here.
"""

from __future__ import annotations

import errno
import hashlib
import html
import io
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import docx
import pandas as pd
import pytest

from summarize.errors import SummarizeError
from summarize.output import write_atomic
from summarize.report.model import Paragraph, Report
from summarize.workspace import Workspace, sample_path
from tests.bad_inputs.make_corpus import CONTROL_TITLE, LONG, TITLE, build_corpus
from tests.conftest import write_xlsx

TODAY = date(2026, 1, 15)
RECON = ["工作表", "读取行数", "计入", "未计入", "空行", "合计行", "重复", "备注"]
CSV = "收文2025.csv"
XLSX = "收文2025.xlsx"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, Path]:
    return build_corpus(tmp_path_factory.mktemp("corpus"))


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "summarize", *args], capture_output=True, text=True, cwd=cwd, timeout=300
    )


def text_file(name: str, data: bytes | str, encoding: str = "utf-8") -> Callable[[Path], None]:
    def write(folder: Path) -> None:
        (folder / name).write_bytes(data.encode(encoding) if isinstance(data, str) else data)

    return write


RECEIPTS = "收文号,收文日期,文件标题\nS1,2025-03-01,关于甲\nS2,2025-03-02,关于乙\n"


@dataclass
class Case:
    """One bad input: how to build it (a corpus case name or a writer), what ``problems`` and the reconciliation
    must say, and any further check on the workspace."""

    build: str | Callable[[Path], None]
    problems: list[tuple] = field(default_factory=list)  # (级别, 文件, 工作表, 行, 列, phrase of 说明)
    recon: list[tuple] = field(default_factory=list)  # RECON columns per sheet, in reading order
    check: Callable[[Workspace], None] | None = None


def _unreadable(file: str, phrase: str) -> dict:
    """A file that cannot be read at all: one error naming it, and an empty line in the reconciliation."""
    return {
        "problems": [("错误", file, None, None, None, phrase)],
        "recon": [("", 0, 0, 0, 0, 0, 0, "无法读取")],
    }


# Names a clerk meets in Chinese text too; any other run of Latin letters outside quotes would be English.
_NAMES = re.compile(r"Excel|WPS|UTF|GBK|CSV|HTML|XML|Big5|Word|xlsx|xls|toml|summarize|DIV|endfor|__\w+__")


def _english(text: str) -> bool:
    """Whether a message has English words of its own (what it quotes, and the setting names it lists, aside)."""
    text = re.sub(r"“[^”]*”|\[[^\]]*\]|（(该行内容|所在段落)：.*）|可用的(设置项|名称)：.*", "", text)
    return re.search(r"[A-Za-z]{4,}", _NAMES.sub("", text)) is not None


def _titles(ws: Workspace) -> list[str]:
    return ws.registers["收文"]["文件标题"].tolist()


CASES = {
    # ---- encodings -------------------------------------------------------------------------------------------
    "csv_gbk": Case(
        text_file(CSV, RECEIPTS, "gbk"),
        recon=[("", 2, 2, 0, 0, 0, 0, "")],
        check=lambda ws: _titles(ws) == ["关于甲", "关于乙"],
    ),
    "csv_utf16_excel_unicode_text": Case(
        text_file(CSV, RECEIPTS.replace(",", "\t"), "utf-16"),  # Excel's "Unicode 文本": BOM, tabs
        recon=[("", 2, 2, 0, 0, 0, 0, "")],
        check=lambda ws: _titles(ws) == ["关于甲", "关于乙"],
    ),
    "csv_utf16_without_bom": Case(
        text_file(CSV, RECEIPTS, "utf-16-le"),
        recon=[("", 2, 2, 0, 0, 0, 0, "")],
        check=lambda ws: _titles(ws) == ["关于甲", "关于乙"],
    ),
    "csv_mixed_utf8_and_gbk": Case(
        text_file(CSV, RECEIPTS.encode("utf-8") + "S3,2025-03-03,关于丙的通知\n".encode("gbk")),
        **_unreadable(CSV, "混用了 UTF-8 和 GBK 两种文字编码（从第4行起与前面的行不同"),
    ),
    "csv_gbk_then_utf8": Case(
        text_file(CSV, RECEIPTS.encode("gbk") + "S3,2025-03-03,关于丙的通知\n".encode()),
        **_unreadable(CSV, "混用了 UTF-8 和 GBK 两种文字编码（从第4行起与前面的行不同"),
    ),
    "csv_big5": Case(
        text_file(CSV, "收文號,收文日期,文件標題\nS1,2025-03-01,關於加強辦公室工作的通知\n", "big5"),
        **_unreadable(CSV, "文字编码无法识别（不是 UTF-8 或 GBK"),
    ),
    "csv_utf16_cut_off": Case(
        text_file(CSV, RECEIPTS.encode("utf-16")[:-1]),
        **_unreadable(CSV, "不完整或已损坏（按 UTF-16 编码读到第3行时出错）"),
    ),
    # ---- damaged or disguised files ------------------------------------------------------------------------
    "xlsx_truncated": Case("xlsx_truncated", **_unreadable(XLSX, "已损坏或不完整（可能未下载完）")),
    "xlsx_crc_damaged": Case(
        "xlsx_crc_damaged", **_unreadable(XLSX, "已损坏（部分内容无法解压），请重新获取该文件")
    ),
    "xlsx_deflate_damaged": Case(
        "xlsx_deflate_damaged", **_unreadable(XLSX, "已损坏或不完整（可能未下载完），请重新获取该文件")
    ),
    "xlsx_bad_xml": Case("xlsx_bad_xml", **_unreadable(XLSX, "无法作为 Excel 文件读取，可能已损坏或不完整")),
    "xlsx_with_a_value_at_XFD1048576": Case(
        "xlsx_far_cell",
        problems=[("错误", XLSX, None, None, None, "1048576 行 × 16384 列的区域，最远的单元格到 XFD1048576")],
        recon=[("", 2, 2, 0, 0, 0, 0, ""), ("", 0, 0, 0, 0, 0, 0, "无法读取")],  # 发文2025.csv is read
    ),
    "xlsx_zip_bomb": Case(
        "xlsx_zip_bomb",
        problems=[("错误", XLSX, None, None, None, "过大，无法读取（其中一部分由 80 KB 解压后达 80.0 MB）")],
        recon=[("", 2, 2, 0, 0, 0, 0, ""), ("", 0, 0, 0, 0, 0, 0, "无法读取")],
    ),
    "xls_with_a_value_at_CC65536": Case(
        "xls_far_cell",
        problems=[
            ("错误", "收文2025.xls", None, None, None, "65536 行 × 81 列的区域，最远的单元格到 CC65536")
        ],
        recon=[("", 0, 0, 0, 0, 0, 0, "无法读取")],
    ),
    "xlsx_formats_down_to_XFD1048576": Case("xlsx_formats_far_away", recon=[("1月", 1, 1, 0, 0, 0, 0, "")]),
    "xlsx_password": Case(
        "xlsx_encrypted", **_unreadable(XLSX, "设置了打开密码，请在 Excel 中取消密码后另存再试")
    ),
    "xlsx_really_html": Case(
        text_file(XLSX, "<html><body><table><tr><td>收文日期</td></tr></table></body></html>"),
        **_unreadable(XLSX, "实际是网页（HTML）或 XML 格式，只是扩展名为 .xlsx"),
    ),
    "xlsx_really_csv": Case(
        text_file(XLSX, RECEIPTS),
        **_unreadable(XLSX, "不是有效的 .xlsx 文件（可能是改了扩展名的文本或 CSV 文件）"),
    ),
    "xls_really_csv": Case(
        text_file("收文2025.xls", RECEIPTS, "gbk"),
        **_unreadable("收文2025.xls", "不是有效的 .xls 文件（可能是改了扩展名的文本或 CSV 文件）"),
    ),
    "csv_really_xlsx": Case(
        lambda folder: write_xlsx(folder / "x.xlsx", {"1月": [["收文日期"], ["2025-03-01"]]}).rename(
            folder / CSV
        ),
        **_unreadable(CSV, "实际是 Excel 文件，只是扩展名为 .csv；请把扩展名改为 .xlsx"),
    ),
    "xlsx_really_xls": Case(
        "xls_renamed_xlsx", **_unreadable(XLSX, "实际是旧版 .xls 格式，请把扩展名改为 .xls")
    ),
    "empty_xlsx": Case(text_file(XLSX, b""), **_unreadable(XLSX, "是空文件")),
    "empty_csv_with_blank_lines": Case(text_file(CSV, "\r\n  \r\n"), **_unreadable(CSV, "是空文件")),
    # ---- headers ---------------------------------------------------------------------------------------------
    "header_with_no_rows": Case(
        text_file(CSV, "收文号,收文日期,文件标题\n"),
        recon=[("", 0, 0, 0, 0, 0, 0, "")],
        check=lambda ws: len(ws.registers["收文"]) == 0,  # a register with no rows yet: a real 0
    ),
    "no_recognisable_header": Case(
        text_file("通讯录.csv", "姓名,电话\n张三,123\n"),
        problems=[("错误", "通讯录.csv", None, None, None, "未找到可识别的表头，无法判断是哪种台账")],
        recon=[("", 0, 0, 0, 0, 0, 0, "未识别")],
    ),
    "named_kind_without_its_header": Case(
        text_file(CSV, "序号,备注\n1,无\n"),
        problems=[("错误", CSV, None, None, None, "看起来是收文台账，但没有找到含“收文日期”、“登记日期”")],
        recon=[("", 0, 0, 0, 0, 0, 0, "未识别")],
    ),
    "missing_required_column": Case(
        text_file(CSV, "收文号,来文单位,文件标题\nS1,市委,关于甲\n"),
        problems=[
            ("错误", CSV, None, 1, None, "表头缺少必需的“收文日期”列（列名可写作“收文日期”、“登记日期”")
        ],
        recon=[("", 0, 0, 0, 0, 0, 0, "未识别")],
    ),
    "two_columns_for_one_field": Case(
        text_file(CSV, "收文日期,登记日期,文件标题\n2025-03-01,2025-03-02,关于甲\n"),
        problems=[("错误", CSV, None, 1, "B列（登记日期）", "与A列“收文日期”都对应“收文日期”，只读取了A列")],
        recon=[("", 1, 1, 0, 0, 0, 0, "")],
        check=lambda ws: ws.registers["收文"]["收文日期"].tolist() == [pd.Timestamp("2025-03-01")],
    ),
    # ---- dates and counts --------------------------------------------------------------------------------------
    "dates_outside_the_year_or_in_the_future": Case(
        text_file(
            CSV,
            "收文号,收文日期,文件标题\nS1,2023-03-01,a\nS2,2024-12-31,b\nS3,2026-03-01,c\nS4,2205-03-01,d\nS5,2025-12-31,e\n",
        ),
        problems=[
            (
                "错误",
                CSV,
                None,
                2,
                "B列（收文日期）",
                "日期年份与台账年度（2025年）不符，可能是笔误，该行未计入",
            ),
            ("错误", CSV, None, 4, "B列（收文日期）", "登记日期晚于今天，可能是笔误，该行未计入"),
            ("错误", CSV, None, 5, "B列（收文日期）", "日期年份与台账年度（2025年）不符"),
        ],
        recon=[("", 5, 2, 3, 0, 0, 0, "")],
        check=lambda ws: _titles(ws) == ["b", "e"],  # a year either side is kept (a late entry, an early one)
    ),
    "impossible_dates": Case(
        text_file(
            CSV,
            "收文号,收文日期,文件标题\nS1,2月30日,a\nS2,2025-02-29,b\nS3,2025/13/01,c\nS4,2025年4月31日,d\n",
        ),
        problems=[
            ("错误", CSV, None, row, "B列（收文日期）", "日期不存在（如2月30日、13月），该行未计入")
            for row in (2, 3, 4, 5)
        ],
        recon=[("", 4, 0, 4, 0, 0, 0, "")],
    ),
    "negative_and_non_numeric_counts": Case(
        text_file(
            CSV,
            "收文号,收文日期,份数\nS1,2025-03-01,-2\nS2,2025-03-02,若干\nS3,2025-03-03,-3份\nS4,2025-03-04,2.5\nS5,2025-03-05,３份\nS6,2025-03-06,十二\n",
        ),
        problems=[
            ("提示", CSV, None, 2, "C列（份数）", "数量不能为负数，已按空值处理"),
            ("提示", CSV, None, 3, "C列（份数）", "不是有效的数量，已按空值处理"),
            ("提示", CSV, None, 4, "C列（份数）", "数量不能为负数，已按空值处理"),
            ("提示", CSV, None, 5, "C列（份数）", "不是有效的数量，已按空值处理"),
        ],
        recon=[("", 6, 6, 0, 0, 0, 0, "")],  # the rows are records; only the count is not read
        check=lambda ws: (
            ws.registers["收文"]["份数"].astype("float").fillna(-1).tolist() == [-1, -1, -1, -1, 3, 12]
        ),
    ),
    "count_of_20_digits": Case(
        text_file(CSV, "收文号,收文日期,份数\nS1,2025-03-01,12345678901234567890\nS2,2025-03-02,2\n"),
        problems=[("提示", CSV, None, 2, "C列（份数）", "不是有效的数量，已按空值处理")],
        recon=[("", 2, 2, 0, 0, 0, 0, "")],
        check=lambda ws: ws.registers["收文"]["份数"].astype("float").fillna(-1).tolist() == [-1, 2],
    ),
    "totals_blank_rows_and_a_repeat": Case(
        text_file(CSV, "收文号,收文日期,文件标题\nS1,2025-03-01,a\n,,\nS1,2025-03-01,a\n合计,,2件\n"),
        problems=[
            (
                "提示",
                CSV,
                None,
                4,
                None,
                "与文件“收文2025.csv”第2行重复（收文号“S1”、收文日期“2025-03-01”相同），只计一次",
            )
        ],
        recon=[("", 4, 1, 0, 1, 1, 1, "")],
    ),
    # ---- formulas and merged cells ---------------------------------------------------------------------------
    "formulas_without_saved_results": Case(
        "formula_uncached",
        problems=[
            (
                "错误",
                XLSX,
                "1月",
                4,
                "C列（收文日期）",
                "单元格是公式，但文件中没有保存计算结果（请用 Excel 或 WPS 打开该文件、保存后再试），该行未计入",
            ),
            (
                "提示",
                XLSX,
                "1月",
                4,
                "F列（份数）",
                "单元格是公式，但文件中没有保存计算结果（请用 Excel 或 WPS 打开该文件、保存后再试），已按空值处理",
            ),
            ("提示", XLSX, "1月", 5, "E列（文件标题）", "单元格是公式，但文件中没有保存计算结果"),
        ],
        recon=[("1月", 3, 2, 1, 0, 0, 0, "")],
        check=lambda ws: (
            ws.problems["原值"].tolist() == ["=C3+1", "=F3+1", "=E3"]
            and ws.registers["收文"]["文件标题"].isna().tolist() == [False, True]
        ),
    ),
    "formulas_with_saved_results": Case(
        "formula_cached",
        problems=[
            (
                "提示",
                XLSX,
                "1月",
                3,
                "F列（份数）",
                "单元格显示错误值 #DIV/0!（请在 Excel 中改正公式或直接填写），已按空值处理",
            )
        ],
        recon=[("1月", 2, 2, 0, 0, 0, 0, "")],
        check=lambda ws: (
            ws.registers["收文"][["收文日期", "文件标题"]].values.tolist()
            == [[pd.Timestamp("2025-01-03"), "关于B"], [pd.Timestamp("2025-01-04"), "关于B"]]
            and ws.registers["收文"]["份数"].tolist()[1] == 2
        ),
    ),
    "merged_cells_in_the_data": Case(
        "merged_cells",
        recon=[("1月", 6, 5, 0, 1, 0, 0, "")],  # the blank row under a merged cell stays blank
        check=lambda ws: (
            ws.registers["收文"]["承办科室"].fillna("").tolist() == ["综合科"] * 3 + ["秘书科", ""]
        ),
    ),
    "merged_cells_in_an_xls": Case(
        "merged_cells_xls",
        recon=[("1月", 2, 2, 0, 0, 0, 0, "")],
        check=lambda ws: ws.registers["收文"]["承办科室"].tolist() == ["综合科", "综合科"],
    ),
    # ---- text as typed -------------------------------------------------------------------------------------------
    "cells_of_40000_characters": Case(
        "long_cells",
        problems=[("错误", XLSX, "1月", 4, "C列（收文日期）", "无法识别的日期，该行未计入")],
        recon=[("1月", 2, 1, 1, 0, 0, 0, "")],
        check=lambda ws: (
            _titles(ws) == [LONG] and ws.problems["原值"].iloc[0] == "长" * 60 + "…（共40000字）"
        ),
    ),
    "long_text_in_a_csv": Case(
        text_file(CSV, f"收文号,收文日期,文件标题\nS1,2025-03-01,{LONG}\n"),
        recon=[("", 1, 1, 0, 0, 0, 0, "")],
        check=lambda ws: _titles(ws) == [LONG],
    ),
    "csv_field_beyond_the_csv_modules_default_limit": Case(
        text_file(CSV, f"收文号,收文日期,文件标题\nS1,2025-03-01,{'长' * 200_000}\n"),
        recon=[("", 1, 1, 0, 0, 0, 0, "")],
        check=lambda ws: _titles(ws) == ["长" * 200_000],
    ),
    "csv_quote_left_open_swallowing_the_file": Case(
        text_file(CSV, RECEIPTS + 'S3,2025-03-03,"关于丙\n' + ("长" * 1_000 + "\n") * 1_001),
        **_unreadable(CSV, "第4行有一个单元格超过 100 万字，无法读取（多半是引号没有成对"),
    ),
    # A line of a million fields aborted polars; one of 5 million commas, or one wide line over many short ones,
    # ran the padding of every row to its width out of memory.
    "csv_header_of_a_million_columns": Case(
        text_file(
            CSV,
            "收文号,收文日期,文件标题,"
            + ",".join(f"c{i}" for i in range(1_000_000))
            + "\nS1,2025-03-01,甲\n",
        ),
        **_unreadable(CSV, "第1行有 1,000,003 列，超过 Excel 的 16,384 列，不像台账"),
    ),
    "csv_row_of_five_million_commas": Case(
        text_file(CSV, RECEIPTS + "S3,2025-03-01,甲" + "," * 5_000_000 + "\n"),
        **_unreadable(CSV, "第4行有 5,000,003 列，超过 Excel 的 16,384 列"),
    ),
    "csv_wide_title_line_over_many_short_rows": Case(
        text_file(CSV, "," * 16_000 + "\n" + "收文号,收文日期,文件标题\n" + "S1,2025-03-01,甲\n" * 2_000),
        **_unreadable(CSV, "第1行有 16,001 列，远多于其他各行，不像台账"),
    ),
    "control_characters_non_bmp_and_markup": Case(
        text_file(
            CSV, f'收文号,收文日期,文件标题\nS1,2025-03-01,"{CONTROL_TITLE}"\nS2,2025-03-02,"{TITLE}"\n'
        ),
        recon=[("", 2, 2, 0, 0, 0, 0, "")],
        check=lambda ws: _titles(ws) == [CONTROL_TITLE, TITLE],  # kept as typed; cleaned where XML is written
    ),
    "text_for_documents_in_xlsx": Case(
        "text_for_documents",
        recon=[("2025年", 1, 1, 0, 0, 0, 0, ""), ("2025年", 2, 2, 0, 0, 0, 0, "")],
        check=lambda ws: (
            ws.registers["大事记"]["事项"].tolist() == [CONTROL_TITLE]
            and ws.registers["督办"]["督办事项"].tolist()[0] == CONTROL_TITLE
        ),
    ),
}


def _or_none(value: object) -> object:
    return None if pd.isna(value) else int(value) if isinstance(value, int | float) else value


def _build(case: Case, corpus: dict[str, Path], tmp_path: Path) -> Path:
    if isinstance(case.build, str):
        return corpus[case.build]
    folder = tmp_path / "ws"
    folder.mkdir()
    case.build(folder)
    return folder


@pytest.mark.parametrize("name", list(CASES))
def test_data_problem(name: str, corpus: dict[str, Path], tmp_path: Path) -> None:
    case = CASES[name]
    ws = Workspace(_build(case, corpus, tmp_path), today=TODAY)
    problems = ws.problems
    found = [
        (p["级别"], p["文件"], _or_none(p["工作表"]), _or_none(p["行"]), _or_none(p["列"]), p["说明"])
        for _, p in problems.iterrows()
    ]
    assert len(found) == len(case.problems), found
    for got, (severity, file, sheet, row, column, phrase) in zip(found, case.problems, strict=True):
        assert got[:5] == (severity, file, sheet, row, column), got
        assert phrase in got[5], got
        assert not _english(got[5]), got
    recon = ws.reconciliation()
    assert [tuple(r) for r in recon[RECON].itertuples(index=False)] == case.recon
    parts = recon[["计入", "未计入", "空行", "合计行", "重复"]].sum(axis=1)
    assert (recon["读取行数"] == parts).all()  # every row read is accounted for
    if case.check is not None:
        assert case.check(ws)


def test_check_on_every_bad_file_at_once_exits_1_naming_each_and_changes_nothing(corpus, tmp_path):
    everything = tmp_path / "全部"
    for name, case in CASES.items():
        folder = everything / name
        if isinstance(case.build, str):
            shutil.copytree(corpus[case.build], folder)
            (folder / "summarize.toml").unlink(missing_ok=True)
        else:
            folder.mkdir(parents=True)
            case.build(folder)
    before = _digests(everything)
    result = run("check", str(everything))
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr and result.stderr == ""
    for name, case in CASES.items():
        for _, file, sheet, row, _, _ in case.problems[:1]:
            where = (
                f"文件“{name}/{file}”"
                + (f" 工作表“{sheet}”" if sheet else "")
                + (f" 第{row}行" if row else "")
            )
            assert where in result.stdout, where
    assert _digests(everything) == before


def test_a_workspace_with_only_warnings_exits_0(tmp_path):
    build = CASES["negative_and_non_numeric_counts"].build
    build(tmp_path)
    result = run("check", str(tmp_path))
    assert result.returncode == 0 and "提示" in result.stdout


# ---- problems that stop a command: exit code 2, one sentence, no traceback ---------------------------------

SETTINGS = 'unit = "测试办公室"\nyear = 2025\n'


def _workspace(folder: Path, settings: str = SETTINGS, files: dict[str, str] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / CSV).write_text(RECEIPTS, encoding="utf-8")
    (folder / "summarize.toml").write_text(settings, encoding="utf-8")
    for name, text in (files or {}).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


STOPPERS = {
    "settings_syntax_error": (
        ["check"],
        SETTINGS + "[targets\n",
        {},
        "配置文件“summarize.toml”第3行有语法错误：方括号没有成对，如 [targets] 少了“]”（该行内容：[targets）",
    ),
    "settings_chinese_key_unquoted": (
        ["check"],
        SETTINGS + "[targets]\n信息采用 = 110\n",
        {},
        "配置文件“summarize.toml”第4行有语法错误：这一行不是“名称 = 值”的写法；中文名称须加英文双引号",
    ),
    "settings_chinese_quotes": (
        ["check"],
        "unit = “测试办公室”\n",
        {},
        "配置文件“summarize.toml”第1行有语法错误：值的写法不对：文字须用英文双引号括起来（不能用中文引号“”）",
    ),
    "settings_unknown_key": (
        ["check"],
        SETTINGS + 'colour = "red"\n',
        {},
        "配置文件“summarize.toml”第3行：不认识的设置项“colour”。可用的设置项：unit、year",
    ),
    "settings_unknown_key_in_a_table": (
        ["check"],
        SETTINGS + '[report]\nsignature = "测试办公室"\nsignatrue = "x"\n',
        {},
        "配置文件“summarize.toml”第5行：[report] 中不认识的设置项“signatrue”",
    ),
    "settings_bad_layout_value": (
        ["check"],
        SETTINGS + "[layout]\nbody_size_pt = -3\n",
        {},
        "配置文件“summarize.toml”第4行：[layout] 中版式设置“body_size_pt”应为 1 到 100 之间的数字，实际为“-3”",
    ),
    "settings_unknown_kind": (
        ["check"],
        SETTINGS + '[files]\n"收文2025.csv" = "收发文"\n',
        {},
        "配置文件“summarize.toml”第4行：[files] 中“收文2025.csv”指定的台账种类“收发文”不存在；可用的种类：收文、发文",
    ),
    "settings_file_not_in_workspace": (
        ["check"],
        SETTINGS + '[files]\n"OA导出.xlsx" = "收文"\n',
        {},
        "配置文件“summarize.toml”第4行：[files] 中列出的文件“OA导出.xlsx”不在工作区中",
    ),
    "settings_file_outside_the_workspace": (
        ["check"],
        SETTINGS + '[files]\n"../收文2025.csv" = "收文"\n',
        {"../收文2025.csv": RECEIPTS},
        "配置文件“summarize.toml”第4行：[files] 中列出的文件“../收文2025.csv”不在工作区中",
    ),
    "settings_file_named_from_the_current_folder": (
        ["check"],
        SETTINGS + '[files]\n"./收文2025.csv" = "收文"\n',
        {},
        "配置文件“summarize.toml”第4行：[files] 中列出的文件“./收文2025.csv”不在工作区中",
    ),
    "settings_layout_zero": (
        ["report"],
        SETTINGS + "[layout]\nlines_per_page = 0\n",
        {},
        "配置文件“summarize.toml”第4行：[layout] 中版式设置“lines_per_page”应为 1 到 100 之间的整数，实际为“0”",
    ),
    "settings_layout_inf": (
        ["report"],
        SETTINGS + "[layout]\ntitle_size_pt = inf\n",
        {},
        "配置文件“summarize.toml”第4行：[layout] 中版式设置“title_size_pt”应为 1 到 100 之间的数字，实际为“inf”",
    ),
    "settings_layout_1e9": (
        ["report"],
        SETTINGS + "[layout]\nmargin_left_mm = 1e9\n",
        {},
        "配置文件“summarize.toml”第4行：[layout] 中版式设置“margin_left_mm”应为 0 到 200 之间的数字，实际为“1000000000.0”",
    ),
    "settings_layout_margins_leave_no_page": (
        ["report"],
        SETTINGS + "[layout]\nmargin_left_mm = 100\nmargin_right_mm = 90\n",
        {},
        "配置文件“summarize.toml”第4行：[layout] 中版式设置中的页边距“margin_left_mm”等过大：版心只剩 20×225 毫米",
    ),
    "settings_target_inf": (
        ["stats"],
        SETTINGS + '[targets]\n"收文" = inf\n',
        {},
        "配置文件“summarize.toml”第4行：年度目标“收文”应为 0 到 1万亿之间的数字，而不是“inf”",
    ),
    "settings_target_negative": (
        ["stats"],
        SETTINGS + '[targets]\n"收文" = -20\n',
        {},
        "配置文件“summarize.toml”第4行：年度目标“收文”应为 0 到 1万亿之间的数字，而不是“-20”",
    ),
    "settings_target_of_an_unknown_metric": (
        ["stats"],
        SETTINGS + '[targets]\n"收文" = 20\n"收稳" = 20\n',
        {},
        "配置文件“summarize.toml”第5行：[targets] 中的“收稳”不是指标的名称（可能写错了字）；可用的指标：收文",
    ),
    "settings_deadline_unknown_key": (
        ["check"],
        SETTINGS + '[deadlines."信访"]\ndays = 30\nworkday = true\n',
        {},
        '配置文件“summarize.toml”第5行：[deadlines."信访"] 中不认识的设置项“workday”；可用的设置项：days、workdays',
    ),
    "settings_deadline_of_zero_days": (
        ["check"],
        SETTINGS + '[deadlines."督办"]\nworkdays = true\ndays = 0\n',
        {},
        '配置文件“summarize.toml”第5行：[deadlines."督办"] 中“days”（办理时限天数）应为正整数，当前为“0”',
    ),
    "settings_deadline_workdays_quoted": (
        ["check"],
        SETTINGS + '[deadlines."督办"]\ndays = 5\nworkdays = "true"\n',
        {},
        '配置文件“summarize.toml”第5行：[deadlines."督办"] 中“workdays”应为“true”或“false”（不加引号），当前为“true”',
    ),
    "settings_deadline_without_days": (
        ["check"],
        SETTINGS + '[deadlines."督办"]\nworkdays = true\n',
        {},
        '配置文件“summarize.toml”第3行：[deadlines."督办"] 中须写明期限天数，如“days = 60”',
    ),
    "settings_deadline_of_no_kind": (
        ["check"],
        SETTINGS + '[deadlines."信件"]\ndays = 5\n',
        {},
        '配置文件“summarize.toml”第3行：[deadlines] 中的“信件”不是台账种类；应写作 [deadlines."信访"] 这样的表',
    ),
    "settings_scoring_points_as_text": (
        ["check"],
        SETTINGS + '[scoring]\n"省级" = 15\n"市级" = "三"\n',
        {},
        "配置文件“summarize.toml”第5行：[scoring] 中“市级”的分值应为数字（不加引号），而不是“三”",
    ),
    "settings_scoring_outlet_points_as_text": (
        ["check"],
        SETTINGS + '[scoring]\n"批示" = 8\n[scoring."刊物"]\n"市政府《要情》" = "六"\n',
        {},
        '配置文件“summarize.toml”第6行：[scoring."刊物"] 中“市政府《要情》”的分值应为数字（不加引号），而不是“六”',
    ),
    "settings_scoring_outlets_not_a_table": (
        ["check"],
        SETTINGS + '[scoring]\n"刊物" = 6\n',
        {},
        '配置文件“summarize.toml”第4行：[scoring] 中的“刊物”应写作 [scoring."刊物"] 这样的表',
    ),
    "settings_3000_deep_array": (
        ["check"],
        SETTINGS + "x = " + "[" * 3000 + "]" * 3000 + "\n",
        {},
        "配置文件“summarize.toml”中的列表或表嵌套层数过多，无法读取",
    ),
    "catalogue_sum_without_a_field": (
        ["stats"],
        SETTINGS,
        {"指标目录.toml": '["收文份数"]\nsource = "收文"\nmeasure = "sum"\n'},
        "配置文件“指标目录.toml”第3行：指标“收文份数”按“sum”（求和）计量，须给出“field”（对哪个字段求和）",
    ),
    "catalogue_sum_of_a_text_field": (
        ["stats"],
        SETTINGS,
        {"指标目录.toml": '["标题之和"]\nsource = "收文"\nmeasure = "sum"\nfield = "文件标题"\n'},
        "配置文件“指标目录.toml”第4行：指标“标题之和”对“文件标题”求和，但它不是数字字段",
    ),
    "catalogue_distinct_of_an_unknown_field": (
        ["stats"],
        SETTINGS,
        {"指标目录.toml": '["来文单位数"]\nsource = "收文"\nmeasure = "distinct"\nfield = "来文单"\n'},
        "配置文件“指标目录.toml”第4行：指标“来文单位数”的字段“来文单”不是收文台账的字段",
    ),
    "catalogue_rate_of_a_rate": (
        ["stats"],
        SETTINGS,
        {"指标目录.toml": '["比率之比"]\nunit = "%"\nnumerator = "督办办结率"\ndenominator = "收文"\n'},
        "配置文件“指标目录.toml”第3行：指标“比率之比”的分子“督办办结率”本身是比率",
    ),
    "catalogue_rate_of_itself": (
        ["stats"],
        SETTINGS,
        {"指标目录.toml": '["自比"]\nunit = "%"\nnumerator = "收文"\ndenominator = "自比"\n'},
        "配置文件“指标目录.toml”第4行：指标“自比”的分母“自比”是它自己",
    ),
    "catalogue_unknown_key": (
        ["stats"],
        SETTINGS,
        {"指标目录.toml": '["收文"]\nunit = "份"\nsoruce = "收文"\n'},
        "配置文件“指标目录.toml”第3行：指标“收文”中不认识的设置项“soruce”",
    ),
    "catalogue_wrong_type": (
        ["stats"],
        SETTINGS,
        {"指标目录.toml": '["收文"]\nby = "承办科室"\n'},
        "配置文件“指标目录.toml”第2行：指标“收文”的“by”应为字段名列表",
    ),
    "catalogue_field_given_as_a_number": (
        ["stats"],
        SETTINGS,
        {"指标目录.toml": '["收文份数"]\nsource = "收文"\nmeasure = "sum"\nfield = 3\n'},
        "配置文件“指标目录.toml”第4行：指标“收文份数”的“field”应为加英文双引号的字段名，而不是“3”",
    ),
    "catalogue_without_a_source": (
        ["stats"],
        SETTINGS,
        {"指标目录.toml": '\n["新指标"]\nunit = "件"\n'},
        "配置文件“指标目录.toml”第2行：指标“新指标”没有写来源台账“source”",
    ),
    "catalogue_half_a_rate": (
        ["stats"],
        SETTINGS,
        {"指标目录.toml": '["半个比率"]\nunit = "%"\nnumerator = "收文"\n'},
        "配置文件“指标目录.toml”第3行：指标“半个比率”是比率指标，须同时给出“numerator”（分子）和“denominator”（分母）",
    ),
    "catalogue_mistake_in_the_settings_metrics": (
        ["stats"],
        SETTINGS + '[metrics."收文"]\nunit = 5\n',
        {},
        "配置文件“summarize.toml”第4行：指标“收文”的“unit”应为加英文双引号的量词，而不是“5”",
    ),
    "catalogue_section_of_no_line_of_work": (
        ["stats"],
        SETTINGS,
        {"指标目录.toml": '["急件"]\nsource = "收文"\nsection = "文秘"\n'},
        "配置文件“指标目录.toml”第3行：指标“急件”的板块“文秘”不是工作板块；可用的板块：办文、办会",
    ),
    "catalogue_syntax_error": (
        ["stats"],
        SETTINGS,
        {"指标目录.toml": '["省级采用"]\nsource = "信息\n'},
        "配置文件“指标目录.toml”第2行有语法错误：引号没有成对",
    ),
    "template_syntax_error": (
        ["report"],
        SETTINGS,
        {"templates/年终总结/导语.j2": "{{ year }}年\n{% if %}\n"},
        "模板“templates/年终总结/导语.j2”第2行有错误：写法有误：{{ }} 或 {% %} 没有成对，或表达式写得不完整（该行内容：{% if %}）",
    ),
    "template_unclosed_block": (
        ["report"],
        SETTINGS,
        {"templates/年终总结/导语.j2": "{{ year }}年\n{% for x in [1] %}\n{{ x }}\n"},
        "模板“templates/年终总结/导语.j2”第3行有错误：标签没有结束，缺少 {% endfor %}",
    ),
    "template_unknown_name": (
        ["report"],
        SETTINGS,
        {"templates/年终总结/导语.j2": "{{ year }}年\n{{ nosuch.x }}\n"},
        "模板“templates/年终总结/导语.j2”第2行有错误：用到了不存在的名称“nosuch”（该行内容：{{ nosuch.x }}）",
    ),
    "template_reaches_python_internals": (
        ["report"],
        SETTINGS,
        {"templates/年终总结/导语.j2": "{{ year }}年\n{{ m.__class__.__mro__[1].__subclasses__() }}\n"},
        "模板“templates/年终总结/导语.j2”第2行有错误：试图访问不允许的程序内部（__class__），已被安全沙箱阻止",
    ),
    "template_reaches_globals": (
        ["report"],
        SETTINGS,
        {"templates/月报/标题.j2": "{{ range.__globals__['os'].system('echo pwned') }}\n"},
        "模板“templates/月报/标题.j2”第1行有错误：试图访问不允许的程序内部（__globals__），已被安全沙箱阻止",
    ),
    "template_huge_power": (
        ["report"],
        SETTINGS,
        {"templates/年终总结/导语.j2": "{{ year }}年\n{{ 9 ** (9 ** 9) }}\n"},
        "模板“templates/年终总结/导语.j2”第2行有错误：计算量超出了模板允许的范围",
    ),
    "template_nested_loops": (
        ["report"],
        SETTINGS,
        {
            "templates/年终总结/导语.j2": "{{ year }}年\n"
            "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}\n"
        },
        "模板“templates/年终总结/导语.j2”第2行有错误：计算量超出了模板允许的范围",
    ),
    "template_huge_width": (
        ["report"],
        SETTINGS,
        {"templates/年终总结/导语.j2": "{{ year }}年{{ unit | center(10 ** 9) }}\n"},
        "模板“templates/年终总结/导语.j2”第1行有错误：计算量超出了模板允许的范围",
    ),
    "template_endless_macro": (
        ["monthly"],
        SETTINGS,
        {"templates/月报/标题.j2": "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(1) }}\n"},
        "模板“templates/月报/标题.j2”有错误：计算量超出了模板允许的范围",
    ),
    "template_joins_a_text_held_many_times": (
        ["report"],
        SETTINGS,
        {"templates/年终总结/导语.j2": '{{ year }}年\n{% set x = "办" * 100000 %}{{ ([x] * 500) | join }}\n'},
        "模板“templates/年终总结/导语.j2”第2行有错误：计算量超出了模板允许的范围",
    ),
    "template_makes_bytes": (
        ["report"],
        SETTINGS,
        {"templates/年终总结/导语.j2": '{{ year }}年\n{{ ("办".encode() * 10000000) | length }}\n'},
        "模板“templates/年终总结/导语.j2”第2行有错误：用到了模板中不允许使用的“encode”，已被安全沙箱阻止",
    ),
}


@pytest.mark.parametrize("name", list(STOPPERS))
def test_cannot_run(name: str, tmp_path: Path) -> None:
    command, settings, files, message = STOPPERS[name]
    folder = _workspace(tmp_path / "ws", settings, files)
    if "月报" in next(iter(files), ""):
        command = ["monthly", "--month", "2025-03"]
    result = run(*command, str(folder), cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(f"错误：{message}"), result.stderr
    assert result.stderr.count("\n") == 1  # one sentence, on one line
    assert "Traceback" not in result.stdout + result.stderr
    assert not _english(result.stderr)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())  # nothing half-written


# ---- Word templates are code too: sandboxed, limited, their faults named ----------------------------------


def _word_template(folder: Path, paragraph: str | None = None, title: str | None = None) -> Path:
    """The bundled Word template with ``paragraph`` added after the body and the title paragraph's text
    replaced by ``title``, saved as the workspace's ``templates/report.docx``."""
    from summarize.render.docx import BUNDLED_TEMPLATE

    document = docx.Document(io.BytesIO(BUNDLED_TEMPLATE.read_bytes()))
    if title is not None:
        heading = next(p for p in document.paragraphs if "title" in p.text)
        for run_ in heading.runs[1:]:
            run_.text = ""
        heading.runs[0].text = title
    if paragraph is not None:
        document.add_paragraph(paragraph)
    path = folder / "templates" / "report.docx"
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(path)
    return path


RUN_A_COMMAND = "{{ cycler.__init__.__globals__.os.system('touch MARKER') }}"
WORD_FAULT = "错误：Word 模板“templates/report.docx”中的模板标记有错误："
WORD_TEMPLATES = {
    "runs_a_command": (
        {"paragraph": RUN_A_COMMAND},
        WORD_FAULT + "试图访问不允许的程序内部（__init__），已被安全沙箱阻止",
    ),
    "runs_a_command_through_the_title": (
        {"title": RUN_A_COMMAND},
        WORD_FAULT + "试图访问不允许的程序内部（__init__），已被安全沙箱阻止",
    ),
    "huge_power": ({"paragraph": "{{ 9 ** (9 ** 9) }}"}, WORD_FAULT + "计算量超出了模板允许的范围"),
    "nested_loops": (
        {"paragraph": "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}"},
        WORD_FAULT + "计算量超出了模板允许的范围",
    ),
    "unclosed_paragraph_loop": (
        {"paragraph": "{%p for x in [1, 2] %}"},
        WORD_FAULT + "标签没有结束，缺少 {% endfor %}",
    ),
    "undefined_name": (
        {"paragraph": "{{ unit_name }}"},
        "错误：Word 模板“templates/report.docx”中用到了不存在的名称“unit_name”；Word 模板中可用的名称：title、body",
    ),
    "unterminated_title": (
        {"title": "{{ title "},
        WORD_FAULT + "“{{”少了结尾的“}}”（所在段落：{{ title ）",
    ),
}


@pytest.mark.parametrize("name", list(WORD_TEMPLATES))
def test_a_hostile_or_broken_word_template_stops_the_report(name: str, tmp_path: Path) -> None:
    edits, message = WORD_TEMPLATES[name]
    marker = tmp_path / "marker"
    folder = _workspace(tmp_path / "ws")
    _word_template(folder, **{key: value.replace("MARKER", str(marker)) for key, value in edits.items()})
    before = _digests(folder)
    for command in (["report"], ["monthly", "--month", "2025-03"]):
        result = run(*command, str(folder), cwd=tmp_path)
        assert result.returncode == 2, result.stderr
        assert result.stderr.startswith(message), result.stderr
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stdout + result.stderr
        assert not _english(result.stderr), result.stderr
        assert not marker.exists()  # the command never ran
        assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
    assert _digests(folder) == before


def test_a_hostile_text_template_runs_nothing(tmp_path):
    marker = tmp_path / "marker"
    template = "{{ year }}年\n" + RUN_A_COMMAND.replace("MARKER", str(marker)).replace(
        "cycler.__init__", "joiner.__init__"
    )
    folder = _workspace(tmp_path / "ws", files={"templates/年终总结/导语.j2": template})
    result = run("report", str(folder), cwd=tmp_path)
    assert result.returncode == 2 and "已被安全沙箱阻止" in result.stderr and not marker.exists()
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_a_word_template_that_inflates_to_a_huge_document_is_refused_unread(tmp_path):
    """A zip bomb saved as templates/report.docx: 70 MB of XML in a file of well under a megabyte."""
    from summarize.render.docx import BUNDLED_TEMPLATE

    folder = _workspace(tmp_path / "ws")
    template = folder / "templates" / "report.docx"
    template.parent.mkdir()
    with (
        zipfile.ZipFile(BUNDLED_TEMPLATE) as bundled,
        zipfile.ZipFile(template, "w", zipfile.ZIP_DEFLATED) as bomb,
    ):
        for item in bundled.infolist():
            data = bundled.read(item.filename)
            if item.filename == "word/document.xml":
                head, body, tail = data.partition(b"<w:body>")
                data = head + body + b" " * (70 << 20) + tail
            bomb.writestr(item.filename, data)
    assert template.stat().st_size < 1 << 20
    result = run("report", str(folder), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == (
        "错误：Word 模板“templates/report.docx”解压后过大（70 MB），不像是一份正常的 Word 文档，未读取；"
        "请在 Word 中打开后另存为 .docx\n"
    )
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_a_word_template_using_its_names_and_the_filters_renders(tmp_path):
    """The sandbox keeps what a real template needs: the title, the body and the report filters."""
    folder = _workspace(tmp_path / "ws")
    _word_template(folder, paragraph="标题共{{ title | length | cn_num }}字")
    out = tmp_path / "总结.docx"
    result = run("report", str(folder), "-o", str(out))
    assert result.returncode == 0, result.stderr
    paragraphs = [p.text for p in docx.Document(out).paragraphs]
    title = paragraphs[0]
    from summarize.phrasing import chinese_number

    assert paragraphs[-1] == f"标题共{chinese_number(len(title))}字"


# ---- more that must stop with a sentence, or not stop at all ------------------------------------------------


@pytest.mark.parametrize(
    "name, command",
    [("summarize.toml", ["check"]), ("指标目录.toml", ["stats"]), ("总结素材.md", ["report"])],
)
def test_a_named_pipe_in_place_of_a_workspace_file_is_refused_not_waited_on(tmp_path, name, command):
    folder = _workspace(tmp_path / "ws")
    if name == "summarize.toml":
        (folder / name).unlink()
    os.mkfifo(folder / name)
    result = run(*command, str(folder), cwd=tmp_path)  # run() times out if the pipe is read
    assert result.returncode == 2
    what = "素材文件" if name.endswith(".md") else "配置文件"
    assert (
        result.stderr
        == f"错误：{what}“{name}”是管道或设备等特殊文件，不是普通文件；请删除它，或换成普通文件\n"
    )


@pytest.mark.parametrize("year, message", [("99999", "应不大于 2100"), ("-1", "应不小于 1990")])
def test_a_year_out_of_range_is_a_usage_error(tmp_path, year, message):
    folder = _workspace(tmp_path / "ws")
    result = run("stats", str(folder), f"--year={year}")
    assert result.returncode == 2
    assert result.stderr.startswith(f"用法错误：--year/-y {message}") and "Traceback" not in result.stderr


def test_a_text_template_saved_as_gbk_is_named(tmp_path):
    folder = _workspace(tmp_path / "ws")
    template = folder / "templates" / "年终总结" / "导语.j2"
    template.parent.mkdir(parents=True)
    template.write_bytes("{{ year }}年，办公室围绕中心工作".encode("gbk"))
    result = run("report", str(folder), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == (
        "错误：模板“templates/年终总结/导语.j2”不是 UTF-8 编码，请用记事本“另存为 UTF-8”后重试\n"
    )
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_markup_in_names_and_cells_is_printed_as_typed(tmp_path):
    """rich would crash on "[/]", drop "[files]" and read "[link=…]" as a link."""
    folder = _workspace(tmp_path / "ws", 'unit = "[bold]测试[/]办公室"\nyear = 2025\n')
    (folder / CSV).unlink()
    linked = "收文[link=mailto:a@example.cn]2025.csv"
    (folder / linked).write_text(
        "收文号,收文日期,文件标题\nS1,[/],关于甲\nS2,2025-03-02,关于乙\n", encoding="utf-8"
    )
    (folder / "[files]发文2025.csv").write_text(
        "发文编号,发文日期,文件标题\nF1,2025-03-01,关于丙\n", encoding="utf-8"
    )
    (folder / "指标目录.toml").write_text('["[files]收文"]\nsource = "收文"\nunit = "份"\n', encoding="utf-8")
    checked = run("check", str(folder))
    assert checked.returncode == 1, checked.stderr
    for text in (linked, "[files]发文2025.csv", "（原值：[/]）", "[bold]测试[/]办公室 台账检查"):
        assert text in checked.stdout, text
    stats = run("stats", str(folder))
    assert stats.returncode == 0, stats.stderr
    assert "[files]收文" in stats.stdout and "[bold]测试[/]办公室" in stats.stdout


def test_last_years_receipts_and_this_years_dispatches_make_a_report(tmp_path):
    """收文 only for 2024, 发文 only for 2025: the comparison chart has no pair of bars for either."""
    folder = _workspace(tmp_path / "ws")
    (folder / CSV).unlink()
    (folder / "收文2024.csv").write_text("收文号,收文日期\nS1,2024-03-01\nS2,2024-04-01\n", encoding="utf-8")
    (folder / "发文2025.csv").write_text(
        "发文编号,发文日期,文件标题\nF1,2025-03-01,关于丙\n", encoding="utf-8"
    )
    out = tmp_path / "总结.docx"
    result = run("report", str(folder), "-o", str(out))
    assert result.returncode == 0, result.stderr
    text = "\n".join(p.text for p in docx.Document(out).paragraphs)
    assert "主要指标对比" not in text  # no figure comparing the two years


def test_debug_shows_the_traceback_and_keeps_the_sentence_and_exit_code(tmp_path):
    folder = _workspace(tmp_path / "ws", SETTINGS + 'colour = "red"\n')
    quiet = run("check", str(folder))
    loud = run("check", str(folder), "--debug")
    assert quiet.returncode == loud.returncode == 2
    assert "Traceback" not in quiet.stderr
    assert "Traceback" in loud.stderr and "SummarizeError" in loud.stderr
    assert loud.stderr.splitlines()[-1] == quiet.stderr.strip()


def test_missing_workspace_folder(tmp_path):
    result = run("check", str(tmp_path / "没有这个文件夹"))
    assert result.returncode == 2
    assert result.stderr == f"错误：工作区文件夹“{tmp_path / '没有这个文件夹'}”不存在\n"


@pytest.mark.parametrize(
    "target, message",
    [
        ("没有的文件夹/总结.docx", "输出文件夹“{tmp}/没有的文件夹”不存在，请先创建或换一个位置"),
        ("一个文件/总结.docx", "输出文件夹“{tmp}/一个文件”不是文件夹，请先创建或换一个位置"),
        ("一个文件夹", "无法写入“{tmp}/一个文件夹”：这是一个文件夹，请给出文件名"),
    ],
)
def test_output_path_that_cannot_be_written(tmp_path, target, message):
    folder = _workspace(tmp_path / "ws")
    (tmp_path / "一个文件").write_text("x", encoding="utf-8")
    (tmp_path / "一个文件夹").mkdir()
    result = run("report", str(folder), "-o", str(tmp_path / target))
    assert result.returncode == 2
    assert message.format(tmp=tmp_path) in result.stderr and "Traceback" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ws", "一个文件", "一个文件夹"]
    assert list((tmp_path / "一个文件夹").iterdir()) == []


# ---- writes are atomic --------------------------------------------------------------------------------------


def _digests(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _oserror(code: int) -> OSError:
    return OSError(code, os.strerror(code))


def test_a_folder_that_cannot_be_written_is_explained(tmp_path, monkeypatch, capsys):
    """Tests run as root, where chmod does not stop a write: the refusal is simulated where the file is made."""
    import summarize.output
    from summarize.cli import main

    folder = _workspace(tmp_path / "ws")
    monkeypatch.setattr(
        summarize.output.tempfile, "mkstemp", lambda **kw: (_ for _ in ()).throw(_oserror(errno.EACCES))
    )
    monkeypatch.setattr(sys, "argv", ["summarize", "report", str(folder), "-o", str(tmp_path / "总结.docx")])
    with pytest.raises(SystemExit) as exit_:
        main()
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert (
        err
        == f"错误：无法写入“{tmp_path / '总结.docx'}”：没有在文件夹“{tmp_path}”中写文件的权限，请换一个输出位置\n"
    )
    assert not (tmp_path / "总结.docx").exists()


@pytest.mark.parametrize(
    "failure, message",
    [
        (_oserror(errno.ENOSPC), "磁盘空间不足，请清理磁盘或换一个输出位置"),
        (_oserror(errno.EACCES), "文件可能正在被 Word 或 Excel 打开，或没有改写它的权限；请关闭该文件后重试"),
        (_oserror(errno.EROFS), "输出位置是只读的"),
        (_oserror(errno.EIO), "系统报告写入失败（错误代码 5）"),
    ],
)
def test_a_write_that_fails_halfway_leaves_the_previous_file_and_no_temporary_file(
    tmp_path, failure, message
):
    target = tmp_path / "统计表.xlsx"
    target.write_bytes(b"previous output")

    def half_then_fail(tmp: Path) -> None:
        tmp.write_bytes(b"half of the new")
        raise failure

    with pytest.raises(SummarizeError) as error:
        write_atomic(target, half_then_fail)
    assert error.value.exit_code == 2 and message in error.value.message
    assert target.read_bytes() == b"previous output"
    assert [p.name for p in tmp_path.iterdir()] == ["统计表.xlsx"]


def test_an_interrupted_write_leaves_the_previous_file(tmp_path):
    target = tmp_path / "总结.docx"
    target.write_bytes(b"previous output")

    def interrupted(tmp: Path) -> None:
        tmp.write_bytes(b"half")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, interrupted)
    assert target.read_bytes() == b"previous output"
    assert [p.name for p in tmp_path.iterdir()] == ["总结.docx"]


def test_a_report_whose_saving_fails_leaves_the_previous_report(tmp_path, monkeypatch, corpus):
    ws = Workspace(corpus["text_for_documents"], today=TODAY)
    target = tmp_path / "总结.docx"
    ws.report(2025).to_docx(target)
    before = target.read_bytes()

    def full_disk(self: Path, data: bytes) -> int:
        with self.open("wb") as handle:
            handle.write(data[: len(data) // 2])
        raise _oserror(errno.ENOSPC)

    monkeypatch.setattr(Path, "write_bytes", full_disk)
    with pytest.raises(SummarizeError, match="磁盘空间不足"):
        ws.report(2025).to_docx(target)
    with pytest.raises(SummarizeError, match="磁盘空间不足"):
        ws.monthly_report(2025, 12).to_xlsx(tmp_path / "统计表.xlsx")
    monkeypatch.undo()
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["总结.docx"]


def test_runs_never_modify_the_inputs_and_repeat_byte_for_byte(tmp_path):
    """``check``, ``report`` and ``monthly`` leave every input file as it was, and the same workspace gives the
    same .docx and .xlsx bytes (document properties from the data's dates, zip timestamps fixed)."""
    folder = tmp_path / "示例"
    shutil.copytree(sample_path(), folder)
    before = _digests(folder)
    outputs = []
    for attempt in ("一", "二"):
        out = tmp_path / attempt
        out.mkdir()
        assert run("check", str(folder)).returncode == 1  # the sample has planted errors
        assert run("report", str(folder), "-o", str(out / "总结.docx")).returncode == 0
        assert run("monthly", str(folder), "--month", "2025-11", "-o", str(out)).returncode == 0
        outputs.append(_digests(out))
    assert _digests(folder) == before
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) == 4  # 总结.docx, 月报 .docx, 统计表 .xlsx, the record of what the tool wrote
    for path in (tmp_path / "一").glob("*.*x"):
        with zipfile.ZipFile(path) as archive:
            assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
            core = archive.read("docProps/core.xml").decode()
        assert (
            "2025-12-31T00:00:00Z" in core or "2025-11-30T00:00:00Z" in core
        )  # from the data, not the clock


# ---- register text in the documents -------------------------------------------------------------------------


def test_register_text_reaches_the_document_intact_less_what_xml_cannot_hold(corpus, tmp_path):
    ws = Workspace(corpus["text_for_documents"], today=TODAY)
    path = ws.report(2025).to_docx(tmp_path / "总结.docx")
    text = "\n".join(p.text for p in docx.Document(path).paragraphs)
    assert TITLE == CONTROL_TITLE.replace("\x01", "").replace("\x0b", "").replace("\x1f", "")
    assert f"\n{TITLE}。\n" in text  # the 大事记 item, woven into its section as a sentence of its own
    assert f"{TITLE}（综合科，超期" in text  # the overdue 督办 item, named
    with zipfile.ZipFile(path) as archive:
        body = archive.read("word/document.xml")
    assert "𠮷".encode() in body and b"&lt;" in body and b"&amp;" in body
    assert not re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]", body)
    monthly = ws.monthly_report(2025, 4).to_docx(tmp_path / "月报.docx")
    with zipfile.ZipFile(monthly) as archive:
        body = archive.read("word/document.xml")
    assert not re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]", body)
    month_text = "\n".join(p.text for p in docx.Document(monthly).paragraphs)
    assert TITLE in month_text, month_text  # the item overdue since 1 April is named in the April 月报


# ---- the workbook size guard judges real cells --------------------------------------------------------------

SHEET = '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{}<sheetData>{}</sheetData></worksheet>'


@pytest.mark.parametrize(
    "xml, extent",
    [
        # LibreOffice: a whole-row dimension, and the real cells
        (
            SHEET.format('<dimension ref="1:2137"/>', '<row r="2137"><c r="C2137" t="n"><v>1</v></c></row>'),
            (2137, 3),
        ),
        # no dimension; cells that only carry a format cost nothing
        (SHEET.format("", '<row r="1"><c r="B1"><v>1</v></c><c r="XFD1" s="2"/></row>'), (1, 2)),
        # a namespace prefix and r written last: measured cell by cell
        (SHEET.format("", '<x:row r="7"><x:c t="n" r="AB7"><x:v>1</x:v></x:c></x:row>'), (7, 28)),
        # cells without references follow one another
        (SHEET.format("", '<row r="5"><c><v>1</v></c><c><v>2</v></c><c><v>3</v></c></row>'), (5, 3)),
    ],
)
def test_the_used_range_is_judged_by_the_cells_with_values(xml, extent):
    from summarize.ingest.workbook_size import range_bound, used_range

    assert used_range(io.BytesIO(xml.encode())) == extent
    bound = range_bound(io.BytesIO(xml.encode()))
    assert bound[0] >= extent[0] and bound[1] >= extent[1]


@pytest.mark.parametrize(
    "cells, bound",
    [
        # a cell far below the row element holding it: its own reference counts
        ('<row r="1"><c r="A1"><v>1</v></c><c r="B1048576"><v>1</v></c></row>', (1048576, 2)),
        # three-letter columns, and rows out of order
        ('<row r="9"><c r="XFD9"><v>1</v></c></row><row r="3"><c r="AA3"><v>1</v></c></row>', (9, 16384)),
        # a row element alone, with no cells
        ('<row r="120" spans="1:3"/>', (120, 0)),
    ],
)
def test_the_fast_bound_takes_every_reference(cells, bound):
    from summarize.ingest.workbook_size import range_bound, used_range

    xml = SHEET.format("", cells).encode()
    assert range_bound(io.BytesIO(xml)) == bound
    exact = used_range(io.BytesIO(xml))
    assert bound[0] >= exact[0] and bound[1] >= exact[1]


@pytest.mark.parametrize(
    "cells",
    [
        '<row r="2"><c\tr="XFD1048576"><v>1</v></c></row>',  # attributes after a tab
        '<row r="2"><c s="1" r="XFD1048576"><v>1</v></c></row>',  # r not first
        '<row r="2"><c r="xfd1048576"><v>1</v></c><c r="XFD1048576"><v>1</v></c></row>',  # not letters
        '<row r="2"><ns:c r="XFD1048576"><v>1</v></ns:c></row>',  # a namespace prefix
    ],
)
def test_a_sheet_written_otherwise_is_measured_cell_by_cell(cells):
    from summarize.ingest.workbook_size import range_bound

    assert range_bound(io.BytesIO(SHEET.format("", cells).encode())) == (1048576, 16384)


def test_the_guard_tells_which_sheets_may_hold_formulas():
    from summarize.ingest.workbook_size import check_sheet_ranges

    sheets = [
        '<row r="1"><c r="A1"><f>1+1</f><v>2</v></c></row>',
        '<x:row r="1"><x:c r="A1"><x:f>1+1</x:f></x:c></x:row>',  # prefixed: measured cell by cell
        '<row r="1"><c r="A1" t="inlineStr"><is><t>f: 1</t></is></c></row>',
    ]
    found = check_sheet_ranges([SHEET.format("", s).encode() for s in sheets], "x.xlsx")
    assert found == [True, True, False]


def test_this_years_register_with_a_password_is_named_and_last_years_still_reported(corpus, tmp_path):
    folder = tmp_path / "ws"
    shutil.copytree(corpus["xlsx_encrypted"], folder)
    (folder / "收文2024.csv").write_text("收文号,收文日期\nS1,2024-03-01\nS2,2024-04-01\n", encoding="utf-8")
    (folder / "summarize.toml").write_text(SETTINGS, encoding="utf-8")
    checked = run("check", str(folder))
    assert checked.returncode == 1 and "文件“收文2025.xlsx”：设置了打开密码" in checked.stdout
    result = run("report", str(folder), "-o", str(tmp_path / "总结.docx"))
    assert result.returncode == 0, result.stderr
    table = docx.Document(tmp_path / "总结.docx").tables[-1]
    row = next(r for r in table.rows if r.cells[0].text == "收文")
    assert [c.text for c in row.cells[1:4]] == ["份", "—", "2"]  # this year unknown, not 0; last year 2


def test_an_unreadable_register_is_a_problem_not_a_crash_through_the_cache(tmp_path, monkeypatch):
    """Tests run as root, where chmod does not stop a read: the refusal is simulated where files are read."""
    folder = _workspace(tmp_path / "ws")
    (folder / "发文2025.csv").write_text(
        "发文编号,发文日期,文件标题\nF1,2025-03-01,关于丙\n", encoding="utf-8"
    )
    real = Path.read_bytes

    def refuse(self: Path) -> bytes:
        if self.name == CSV:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    monkeypatch.setenv("SUMMARIZE_CACHE_DIR", str(tmp_path / "cache"))
    ws = Workspace(folder, today=TODAY)
    problems = ws.problems
    assert problems["文件"].tolist() == [CSV] and "没有读取权限" in problems["说明"].iloc[0]
    assert len(ws.registers["发文"]) == 1


def test_the_guard_reads_a_sheet_across_chunk_boundaries(monkeypatch):
    from summarize.ingest import workbook_size

    monkeypatch.setattr(workbook_size, "CHUNK", 7)  # every tag cut somewhere
    rows = "".join(
        f'<row r="{r}"><c r="A{r}"><v>1</v></c><c r="AD{r}"><v>2</v></c></row>' for r in range(1, 40)
    )
    xml = SHEET.format("", rows).encode()
    assert workbook_size.used_range(io.BytesIO(xml)) == (39, 30)
    assert workbook_size.range_bound(io.BytesIO(xml)) == (39, 30)


# ---- Markdown output shows register text as typed -----------------------------------------------------------

MD_UNIT = "<script>alert(1)</script>[县府办](javascript:x)"
MD_EVENTS = [
    "[点此查看](http://evil.example/x)",
    "<img src=x onerror=alert(1)>召开会议",
    "**重要**_会议_ `代码` ~~删除~~ &lt;b&gt; a|b",
    "![图](http://evil.example/p.png) 访问 www.evil.example 或 http://evil.example 或 a@evil.example",
    "1. 召开第一次会议",
    "- 部署工作",
    "# 专题会议",
]
MD_FILE = "[点我](javascript:x)发文2025.csv"
MD_TAGS = {
    "h1",
    "h2",
    "h3",
    "h4",
    "p",
    "em",
    "strong",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
    "br",
    "mark",  # 【请补充：……】, marked as Word and the page mark it
}


def test_markdown_output_shows_html_links_and_emphasis_from_registers_as_typed(tmp_path):
    """Register cells, file names and the unit name reach ``--format md`` escaped: rendered as CommonMark with
    tables they read exactly as typed, and the only elements are the ones the preview itself writes."""
    from markdown_it import MarkdownIt

    folder = _workspace(tmp_path / "ws", f'unit = "{MD_UNIT}"\nyear = 2025\n')
    # 收文: 3 in November, 2 in October (+1); 发文: 1 in November, 4 in October (-3): changes of small bases.
    (folder / CSV).write_text(
        "收文号,收文日期\n"
        + "".join(f"S{i},{d}\n" for i, d in enumerate(["2025-10-03", "2025-10-04", *["2025-11-05"] * 3])),
        encoding="utf-8",
    )
    (folder / MD_FILE).write_text(
        "发文编号,发文日期\n"
        + "".join(f"F{i},{d}\n" for i, d in enumerate([*["2025-10-08"] * 4, "2025-11-06"])),
        encoding="utf-8",
    )
    (folder / "大事记2025.csv").write_text(
        "日期,事项,类别\n"
        + "".join(
            f'2025-11-{i + 1:02d},"{e}",{"办文" if i < 4 else "办会"}\n' for i, e in enumerate(MD_EVENTS)
        ),
        encoding="utf-8",
    )
    annual, monthly = tmp_path / "总结.md", tmp_path / "月报.md"
    result = run("report", str(folder), "--asof", "2025-12-31", "-f", "md", "-o", str(annual))
    assert result.returncode == 0, result.stderr
    # monthly writes Word only; its Markdown is the Python API's (and the notebook's) preview.
    monthly.write_text(
        Workspace(folder, today=date(2025, 12, 31)).monthly_report(2025, 11).to_markdown(), "utf-8"
    )

    render = MarkdownIt("commonmark").enable("table").render
    for path in (annual, monthly):
        source = path.read_text(encoding="utf-8")
        page = render(source)
        assert set(re.findall(r"<(\w+)", page)) <= MD_TAGS, path.name
        shown = html_text(page)
        assert MD_UNIT in shown, path.name
    shown = html_text(render(annual.read_text(encoding="utf-8")))
    # The 年终总结 quotes at most three events of a line of work: the first three 办文 ones under 文书处理, and the
    # 办会 ones under 会务服务; each reads exactly as typed.
    for event in [*MD_EVENTS[:3], "- 部署工作", "# 专题会议"]:
        assert event in shown, event
    lines = monthly.read_text(encoding="utf-8").splitlines()
    rows = [
        line.split(" | ") for name in ("收文", "发文") for line in lines if line.startswith(f"| {name} |")
    ]
    # 本月, 上月 and the change in counts, as typed: no backslash before + or -.
    assert [r[2:5] for r in rows] == [["3", "2", "+1"], ["1", "4", "-3"]], rows
    # Paragraphs made of user text alone (a clerk's 素材 line): what starts a list, heading or code block at a
    # line's start is escaped too, and the text reads the same.
    paragraphs = Report(
        "报告", [Paragraph(e) for e in [*MD_EVENTS, "    缩进四格", "---", "===", "+1", "-3"]]
    )
    page = render(paragraphs.to_markdown())
    assert set(re.findall(r"<(\w+)", page)) == {"h1", "p"}
    assert re.findall(r"<p>(.*?)</p>", page, re.S) == [
        html.escape(e, quote=False) for e in [*MD_EVENTS, "缩进四格", "---", "===", "+1", "-3"]
    ]
    assert "\n+1\n" in paragraphs.to_markdown() and "\n-3\n" in paragraphs.to_markdown()


def html_text(page: str) -> str:
    """The text a browser shows for an HTML fragment: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", page))

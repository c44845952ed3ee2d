"""Reading real-looking registers: every messy feature has a test with its counts asserted."""

from datetime import datetime

import numpy as np
import pandas as pd
import xlwt

from tests.conftest import open_ws, write_xlsx

HEADER = ["序号", "收文号", "收文\n日期", "来文单位", "文件标题", "份数"]


def month_sheet(month: int, rows: list[list]) -> list[list]:
    return [[f"2025年收文登记簿（{month}月）"], ["登记单位：示例办公室"], HEADER, *rows]


def test_title_rows_month_sheets_totals_blanks_and_provenance(ws_dir):
    write_xlsx(
        ws_dir / "2025年收文登记簿.xlsx",
        {
            "1月": month_sheet(
                1, [[1, "S1", "1月3日", "市政府", "关于A", 1], [2, "S2", "1月4日", "市委", "关于B", "2份"]]
            ),
            "2月": month_sheet(
                2,
                [
                    [1, "S3", datetime(2025, 2, 5), "市委", "关于C", "３"],
                    [None] * 6,
                    [2, "S4", "2025/2/6", "市委", "关于D", None],
                    ["合计", None, None, None, "共2件", None],
                    [3],  # a pre-numbered empty row
                ],
            ),
        },
        merge_title=True,
    )
    ws = open_ws(ws_dir)
    rows = ws.registers["收文"]
    assert len(rows) == 4
    assert rows["收文日期"].dt.strftime("%Y-%m-%d").tolist() == [
        "2025-01-03",
        "2025-01-04",
        "2025-02-05",
        "2025-02-06",
    ]
    assert rows["份数"].tolist() == [1, 2, 3, 1]
    # Excel rows: title 1, unit 2, header 3, data from 4.
    assert rows[["_sheet", "_row"]].values.tolist() == [["1月", 4], ["1月", 5], ["2月", 4], ["2月", 6]]
    assert "序号" not in rows.columns
    recon = ws.reconciliation().set_index("工作表")
    assert recon.loc["2月", ["读取行数", "计入", "未计入", "空行", "合计行"]].tolist() == [5, 2, 0, 2, 1]
    assert ws.problems.empty


def test_rejected_rows_are_reported_with_location(ws_dir):
    write_xlsx(
        ws_dir / "收文登记2025.xlsx",
        {
            "3月": [
                HEADER,
                [1, "S1", "2月30日", "市委", "关于A", 1],
                [2, "S2", None, "市委", "关于B", 1],
                [3, "S3", "3月3日", "x", "关于C", "若干"],
            ]
        },
    )
    ws = open_ws(ws_dir)
    problems = ws.problems
    assert problems[["级别", "工作表", "行", "列"]].values.tolist() == [
        ["错误", "3月", 2, "C列（收文日期）"],
        ["错误", "3月", 3, "C列（收文日期）"],
        ["提示", "3月", 4, "F列（份数）"],
    ]
    assert "日期不存在" in problems["说明"].iloc[0] and problems["原值"].iloc[0] == "2月30日"
    assert "缺少必填项" in problems["说明"].iloc[1]
    recon = ws.reconciliation().iloc[0]
    assert (recon["读取行数"], recon["计入"], recon["未计入"]) == (3, 1, 2)
    assert pd.isna(ws.registers["收文"]["份数"].iloc[0])


def test_year_comes_from_sheet_then_title_then_file_name_then_settings(ws_dir):
    header = ["收文日期", "文件标题"]
    write_xlsx(
        ws_dir / "收文2023.xlsx",
        {
            "2024年": [header, ["3月5日", "a"]],
            "其他": [["2022年收文"], header, ["3月5日", "b"]],
            "表3": [header, ["3月5日", "c"]],
        },
    )
    (ws_dir / "summarize.toml").write_text("year = 2021\n", encoding="utf-8")
    write_xlsx(ws_dir / "收文登记.xlsx", {"Sheet1": [header, ["3月5日", "d"]]})
    rows = open_ws(ws_dir).registers["收文"].set_index("文件标题")["收文日期"].dt.year
    assert rows.to_dict() == {"a": 2024, "b": 2022, "c": 2023, "d": 2021}


def test_dates_far_from_the_sheet_year_or_in_the_future_are_rejected(ws_dir):
    write_xlsx(
        ws_dir / "信息报送2025.xlsx",
        {"2025": [["报送日期", "信息标题"], ["2205-03-12", "a"], ["2026-03-01", "b"], ["2025-03-01", "c"]]},
    )
    ws = open_ws(ws_dir)  # today is 2026-01-15
    reasons = ws.problems["说明"].tolist()
    assert "不符" in reasons[0] and "晚于今天" in reasons[1]
    assert ws.registers["信息"]["信息标题"].tolist() == ["c"]


def test_csv_in_gbk_utf8_bom_and_utf16_tab(ws_dir):
    text = "登记编号,登记日期,信访形式,是否立案\nXF1,2025年3月5日,来信,是\nXF2,2025/3/6,来访,否\n"
    (ws_dir / "信访登记2025.csv").write_bytes(text.encode("gbk"))
    (ws_dir / "信访登记2024.csv").write_bytes(text.replace("2025", "2024").encode("utf-8-sig"))
    (ws_dir / "信访登记2023.csv").write_bytes(
        text.replace("2025", "2023").replace(",", "\t").encode("utf-16")
    )
    rows = open_ws(ws_dir).registers["信访"]
    assert sorted(rows["登记日期"].dt.year.tolist()) == [2023, 2023, 2024, 2024, 2025, 2025]
    assert rows["是否立案"].tolist() == [True, False] * 3
    assert set(rows["信访形式"]) == {"来信", "来访"}


def test_csv_with_a_title_line_keeps_excel_row_numbers(ws_dir):
    text = "2025年信访登记表\n登记编号,登记日期,信访形式\nXF1,2025-03-05,来信\n,,\nXF2,2025-03-06,来访\n"
    (ws_dir / "信访.csv").write_text(text, encoding="utf-8")
    ws = open_ws(ws_dir)
    assert ws.registers["信访"]["_row"].tolist() == [3, 5]
    assert ws.reconciliation().iloc[0][["读取行数", "计入", "空行"]].tolist() == [3, 2, 1]


def test_legacy_xls_is_read(ws_dir):
    wb = xlwt.Workbook()
    sheet = wb.add_sheet("发文")
    for r, row in enumerate(
        [["发文字号", "发文日期", "文件标题"], ["示政发〔2025〕1号", "2025-01-03", "关于A"]]
    ):
        for c, v in enumerate(row):
            sheet.write(r, c, v)
    wb.save(str(ws_dir / "发文登记.xls"))
    rows = open_ws(ws_dir).registers["发文"]
    assert rows["发文字号"].tolist() == ["示政发〔2025〕1号"]


def test_duplicates_across_sheets_are_counted_once(ws_dir):
    header = ["收文号", "收文日期", "文件标题"]
    write_xlsx(
        ws_dir / "收文2025.xlsx",
        {
            "4月": [header, ["S9", "2025-04-30", "a"]],
            "5月": [header, ["S10", "2025-05-02", "b"], ["S9", "2025-04-30", "a"]],
        },
    )
    ws = open_ws(ws_dir)
    assert len(ws.registers["收文"]) == 2
    dup = ws.problems.iloc[0]
    assert (dup["级别"], dup["工作表"], dup["行"]) == ("提示", "5月", 3)
    assert "工作表“4月”第2行重复" in dup["说明"]
    assert ws.reconciliation().set_index("工作表").loc["5月", "重复"] == 1


def test_kind_from_headers_when_names_say_nothing(ws_dir):
    write_xlsx(
        ws_dir / "登记表.xlsx",
        {"Sheet1": [["来文单位", "收文日期", "文件标题", "来文字号"], ["市委", "2025-01-02", "a", "x"]]},
    )
    assert list(open_ws(ws_dir).registers) == ["收文"]


def test_kind_from_sheet_name_in_a_mixed_workbook(ws_dir):
    write_xlsx(
        ws_dir / "2025年公文登记.xlsx",
        {
            "收文": [["登记日期", "标题", "文号"], ["2025-01-02", "a", "x"]],
            "发文": [["登记日期", "标题", "文号"], ["2025-01-03", "b", "y"]],
        },
    )
    ws = open_ws(ws_dir)
    assert ws.registers["收文"]["文件标题"].tolist() == ["a"]
    assert ws.registers["发文"]["文件标题"].tolist() == ["b"]


def test_unknown_and_ambiguous_sheets_are_reported_not_guessed(ws_dir):
    write_xlsx(ws_dir / "杂项.xlsx", {"Sheet1": [["姓名", "电话"], ["张三", "123"]]})
    write_xlsx(ws_dir / "表格.xlsx", {"Sheet1": [["日期", "事项"], ["2025-01-02", "a"]]})
    ws = open_ws(ws_dir)
    assert ws.registers == {}
    reasons = dict(zip(ws.problems["文件"], ws.problems["说明"], strict=True))
    assert "未找到可识别的表头" in reasons["杂项.xlsx"]
    assert (
        "无法确定台账种类" in reasons["表格.xlsx"]
        and "大事记" in reasons["表格.xlsx"]
        and "工作量" in reasons["表格.xlsx"]
    )


def test_kind_override_in_settings(ws_dir):
    write_xlsx(ws_dir / "表格.xlsx", {"Sheet1": [["日期", "事项", "数量"], ["2025-01-02", "公务接待", 3]]})
    (ws_dir / "summarize.toml").write_text('[files]\n"表格.xlsx" = "工作量"\n', encoding="utf-8")
    assert open_ws(ws_dir).registers["工作量"]["数量"].tolist() == [3]


def test_unreadable_files_are_reported_and_the_rest_still_read(ws_dir):
    (ws_dir / "收文.xlsx").write_bytes(b"this is not excel")
    (ws_dir / "空.csv").write_bytes(b"")
    write_xlsx(ws_dir / "发文.xlsx", {"s": [["发文日期", "文件标题"], ["2025-01-02", "a"]]})
    ws = open_ws(ws_dir)
    assert len(ws.registers["发文"]) == 1
    assert set(ws.problems["文件"]) == {"收文.xlsx", "空.csv"}
    assert (ws.problems["级别"] == "错误").all()


def test_reconciliation_holds_in_total(ws_dir):
    write_xlsx(
        ws_dir / "收文2025.xlsx",
        {
            "1月": [
                HEADER,
                [1, "S1", "1月3日", "a", "t", 1],
                [None] * 6,
                [2, "S2", "bad", "a", "t", 1],
                ["合计", None, None, None, None, None],
            ]
        },
    )
    recon = open_ws(ws_dir).reconciliation()
    total = recon[["读取行数", "计入", "未计入", "空行", "合计行", "重复"]].sum()
    assert (
        total["读取行数"]
        == total["计入"] + total["未计入"] + total["空行"] + total["合计行"] + total["重复"]
        == 4
    )


def test_rows_whose_hashes_collide_are_still_compared_exactly(ws_dir, monkeypatch):
    """Repeats are looked for among rows whose values hash alike; with every hash made equal (every row a
    candidate) the same records are kept and the same repeats and numbering slips reported."""
    import summarize.ingest as ingest

    header = "收文号,收文日期,来文单位,文件标题,单位\n"
    for unit in ("城关镇", "青石镇"):
        (ws_dir / unit).mkdir()
        (ws_dir / unit / "收文2025.csv").write_text(
            header
            + "S1,2025-03-01,市委,关于A,\n"
            + "S1,2025-03-01,市委,关于A,\n"  # a repeat
            + "S2,2025-03-02,市委,关于B,\n"
            + "S2,2025-03-02,,关于B,\n"  # a repeat: the empty 来文单位 does not disagree
            + "S3,2025-03-03,市委,关于C,\n"
            + "S3,2025-03-03,市委,关于D,\n"  # a numbering slip
            + "S4,2025-03-04,市委,关于E,东关镇\n"
            + "S4,2025-03-04,市委,关于E,西关镇\n"  # another unit's number
            + "S5,2025-03-05,市委,关于F,\n",
            encoding="utf-8",
        )
    (ws_dir / "信息2025.csv").write_text(
        "报送日期,信息标题,报送科室\n2025-01-02,x,办公室\n2025-01-02,x,办公室\n2025-01-02,x,\n2025-01-03,y,办公室\n",
        encoding="utf-8",
    )
    ws = open_ws(ws_dir)

    def read():
        found = ingest.read_workspace(ws_dir, ws.settings, ws.today)
        return found.registers, found.problems, [(s.file, s.sheet, s.duplicates) for s in found.sheets]

    registers, problems, sheets = read()
    parse_rows = ingest.parse_rows

    def colliding(*args):
        parsed = parse_rows(*args)
        parsed.hashes = {name: np.zeros(len(h), dtype=np.int64) for name, h in parsed.hashes.items()}
        return parsed

    monkeypatch.setattr(ingest, "parse_rows", colliding)
    collided, collided_problems, collided_sheets = read()
    assert [len(registers[k]) for k in ("收文", "信息")] == [14, 3]
    assert sum(d for _, _, d in sheets) == 5 and sum("可能是编号重复" in p.reason for p in problems) == 2
    for kind, frame in registers.items():
        pd.testing.assert_frame_equal(collided[kind], frame)
    assert (collided_problems, collided_sheets) == (problems, sheets)


def test_long_cells_near_the_header_are_not_remembered():
    # The header search remembers what each short cell names; a 40,000-character title cell is looked at and
    # forgotten, so tens of thousands of such cells cannot pile up in memory.
    from summarize.ingest import header

    long = "关于" * 20_000
    cells = pd.DataFrame([[long, None], ["收文日期", "文件标题"], ["2025-03-01", "关于A"]], dtype=object)
    header.find_headers(header.header_texts(cells), ["收文"])  # the short cells are remembered now
    sizes = len(header._normal_of), len(header._fields_of)
    found = header.find_headers(header.header_texts(cells), ["收文"])
    assert found["收文"] is not None and found["收文"].row == 1
    assert header._fields_named(header.normalize_header(long)) == ()
    assert (len(header._normal_of), len(header._fields_of)) == sizes
    assert long not in header._normal_of and "收文日期" in header._normal_of


def test_part_year_pairs_counted_alike_in_a_table_and_by_hashing():
    """A sheet's (part, year) pairs are counted in a table when the years lie close together and factorised when
    a typo such as year 1 or 9999 spreads them: both give every row its pair and each pair its rows."""
    from summarize.ingest import parse
    from summarize.ingest.sheet import _YEAR_SPAN, _part_years

    rng = np.random.default_rng(0)
    for years in ([2019, 2024, 2025, 2026], [1, 2024, 2025, 2205, 9999]):
        part = np.sort(rng.integers(0, 40, 2000)).astype(np.int64)
        year = rng.choice(np.array(years, dtype=np.int64), len(part))
        group, pair_part, pair_year, count = _part_years(part, year)
        codes, first = parse.first_codes(part * _YEAR_SPAN + year)
        expected = _pair_counts(part[first], year[first], np.bincount(codes))
        assert _pair_counts(pair_part, pair_year, count) == expected
        assert len(pair_part) == len(expected)
        assert (pair_part[group] == part).all() and (pair_year[group] == year).all()


def _pair_counts(parts: np.ndarray, years: np.ndarray, counts: np.ndarray) -> dict[tuple[int, int], int]:
    pairs = zip(parts.tolist(), years.tolist(), strict=True)
    return dict(zip(pairs, counts.tolist(), strict=True))


def test_a_cell_names_for_every_kind_what_each_kind_finds_in_it():
    # The header search looks a cell up once for all kinds: it must name, kind by kind, the field that kind's own
    # table gives (with or without a bracketed unit), for every spelling of every kind and for data cells.
    from summarize.ingest import header
    from summarize.registers import kind_specs

    spellings = {s for kind in kind_specs() for s in header._lookup(kind)}
    texts = set(spellings)
    for s in spellings:
        texts |= {f"{s}（份）", f"{s}(件)", f"【必填】{s}", f"（注）{s}", f"{s}[1]", f"{s}x"}
    texts |= {"", "序号", "（份）", "2025-03-01", "关于加强（试行）", "合计", "3份", "否"}
    for text in sorted(texts):
        per_kind = tuple(
            (kind, name) for kind in kind_specs() if (name := header._field_of(kind, text)) is not None
        )
        assert header._fields_in(text) == (per_kind if text not in header.SERIAL_HEADERS else ()), text
    assert any(header._fields_in(f"{s}（份）") for s in spellings)  # units are stripped: the test saw some


def _mixed_workbook(path):
    """A 收文 workbook whose columns mix what clerks type: real dates, text dates, date serials as numbers and as
    text, blank marks, bad dates; counts as numbers, "3份", full-width digits, fractions, 是; a 来文单位 holding a
    date and a number; a 承办科室 merged down; a formula without a cached value and an error value; a 合计 row, a
    blank row and a repeated record; and a second sheet of plain text."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "2025年收文"
    sheet.append(["2025年收文登记簿"])
    sheet.append(["收文号", "收文日期", "来文单位", "文件标题", "份数", "承办科室", "办结日期"])
    rows = [
        ["S1", datetime(2025, 3, 5), "市委", "关于一", 3, "办公室", datetime(2025, 3, 9)],
        ["S2", "2025年3月6日", "市政府", "关于二", "3份", None, "3月10日"],
        ["S3", 45720, datetime(2025, 2, 1), "关于三", "３", None, "/"],
        ["S4", "45720", 12, "关于四", 2.5, "综合科", "待定"],
        ["S5", "2月30日", "市委", "关于五", "是", "综合科", None],
        ["S6", "/", "市委", "关于六", "无", "综合科", "2025.3.12"],
        [None, None, None, None, None, None, None],
        ["S7", datetime(2025, 4, 1), "市委", "关于七", 1, "办公室", datetime(2025, 4, 2)],
        ["S7", datetime(2025, 4, 1), "市委", "关于七", 1, "办公室", datetime(2025, 4, 2)],
        ["合计", None, None, None, 12, None, None],
    ]
    for row in rows:
        sheet.append(row)
    sheet.merge_cells("F4:F6")  # 承办科室 of S2–S4 merged: the clerk sees F4's 督查室 on all three
    sheet["F4"] = "督查室"
    # Cells the file holds no value for make a sheet's columns cell by cell whatever their types.
    unreadable = book.create_sheet("2025年3月收文")
    unreadable.append(["收文号", "收文日期", "来文单位", "文件标题"])
    unreadable.append(["F1", datetime(2025, 3, 20), "市委", "=A1&B1"])
    unreadable.append(["F2", "3月21日", "市委", "#N/A"])
    plain = book.create_sheet("补登")
    plain.append(["收文号", "收文日期", "来文单位", "文件标题", "份数"])
    for i in range(1, 6):
        plain.append([f"B{i}", f"2025-05-0{i}", "市委" if i % 2 else "/", f"关于补{i}", f"{i}份"])
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)


def test_workbook_columns_held_as_distinct_values_read_as_cell_by_cell(ws_dir, monkeypatch):
    # A sheet's text, whole-number and date columns are kept as their distinct values and each row's code, and
    # parsed once per distinct value; the same sheet read with every column kept cell by cell (the object path)
    # must give the same registers, problems, sheet reports and reconciliation.
    from summarize.ingest import sheet
    from tests.reading_oracle import canonical

    _mixed_workbook(ws_dir / "收文登记.xlsx")
    monkeypatch.setenv("SUMMARIZE_NO_CACHE", "1")
    coded_calls = []
    real = sheet._Column.coded

    def recorded(self, rows):
        found = real(self, rows)
        coded_calls.append(found is not None)
        return found

    monkeypatch.setattr(sheet._Column, "coded", recorded)
    ws = open_ws(ws_dir)
    coded = canonical.reading(ws.ingested, ws.reconciliation())
    assert any(coded_calls) and not all(coded_calls)  # both paths were taken in the first reading
    monkeypatch.setattr(sheet._Column, "coded", lambda self, rows: None)
    ws = open_ws(ws_dir)
    by_cell = canonical.reading(ws.ingested, ws.reconciliation())
    assert coded == by_cell
    records = ws.registers["收文"]
    # S4's text "45720" is no date (a number 45720 is: S3's 2025-03-04), S5's 2月30日 does not exist, S6 has none.
    assert sorted(records["收文号"]) == ["B1", "B2", "B3", "B4", "B5", "F1", "F2", "S1", "S2", "S3", "S7"]
    assert records.loc[records["收文号"] == "S3", "收文日期"].item() == pd.Timestamp(2025, 3, 4)
    assert records.loc[records["收文号"] == "S3", "承办科室"].item() == "督查室"  # merged down from F4
    assert sum("没有保存计算结果" in p.reason or "#N/A" in p.reason for p in ws.ingested.problems) == 2

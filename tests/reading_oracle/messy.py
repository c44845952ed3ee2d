"""A messy workspace for the reading oracle, written from a seeded vocabulary (Python's ``random``, whose
sequence is fixed across versions), so every run writes the same cells.

Two units (sub-folders), every register kind the benchmarks use, CSV and .xlsx: dates spelled 2025-03-05,
2025年3月5日, 3月5日, 2025.3.5, 2025/3/5, with full-width digits or a time, as Excel dates or serial numbers, and
as the text "45315"; counts as 3, "3份", "３", "三份", "-2", "若干"; 是/否, √/×, "不清楚"; blank marks ("/", "无",
"—"); 合计 and 本月合计 rows, blank rows, 序号 alone after the last record; exact repeats and repeated numbers
with another title; 2月30日, "待定", a year typed 2205, dates after the fixed today; a real date cell in a text
column, a merged 承办科室, formulas without a cached value and Excel error values; a 汇总 sheet, a 说明 sheet and
a multi-year export.
"""

from __future__ import annotations

import csv
import random
from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl

UNITS = ("一分局", "二分局")
SENDERS = ["市政府办公室", "市财政局", "县民政局", "县教育局", "城关镇人民政府", "市生态环境局", "县委办公室"]
OFFICES = ["秘书科", "综合科", "督查科", "信息科", "行政科", "文电科"]
TOPICS = ["耕地保护", "安全生产", "食品安全", "秸秆禁烧", "重点项目建设", "优化营商环境", "防汛抗旱"]
GENRES = ["通知", "请示", "报告", "函", "通报", "意见"]
PEOPLE = ["王某某", "李某某", "张某某", "刘某某", "陈某某", "匿名"]
BLANK_MARKS = ["/", "无", "—", "", ""]
FULLWIDTH = str.maketrans("0123456789-", "０１２３４５６７８９－")


def _date_text(rng: random.Random, day: date, year_known: bool) -> str:
    y, m, d = day.year, day.month, day.day
    choices = [
        f"{y}-{m:02d}-{d:02d}",
        f"{y}年{m}月{d}日",
        f"{y}.{m}.{d}",
        f"{y}/{m}/{d}",
        f"{y}-{m:02d}-{d:02d}".translate(FULLWIDTH),
        f"{y}-{m:02d}-{d:02d} 09:30",
        f"{y}年{m}月{d}日上午9时",
        f"{y}{m:02d}{d:02d}",
        f"{y}年{m}月",
    ]
    if year_known:
        choices += [f"{m}月{d}日", f"{m}-{d}"]
    return rng.choice(choices)


def _count_text(rng: random.Random, n: int) -> str:
    return rng.choice([str(n), f"{n}份", str(n).translate(FULLWIDTH), f"{n} 件", f"{n}.0", ""])


def _bad_date(rng: random.Random, day: date) -> str:
    return rng.choice(
        ["2025年2月30日", "待定", f"2205-{day.month:02d}-{day.day:02d}", "13月5日", "2026-06-01"]
    )


def _days(rng: random.Random, start: date, n: int) -> list[date]:
    return sorted(start + timedelta(days=rng.randrange(0, 365)) for _ in range(n))


def _finish(rng: random.Random, rows: list[list], width: int, number_col: int | None) -> list[list]:
    """Repeats, slips, blank rows, 合计 rows and a 序号 run after the last record, as registers have them."""
    out: list[list] = []
    for row in rows:
        out.append(row)
        roll = rng.random()
        if roll < 0.02:
            out.append(list(row))  # the same record typed twice
        elif roll < 0.03 and number_col is not None:
            slip = list(row)
            slip[number_col + 3] = str(slip[number_col + 3]) + "（补）"  # a field after the number and date
            out.append(slip)
        elif roll < 0.04:
            out.append([""] * width)
        elif roll < 0.045:
            out.append(["本月合计（件）", str(rng.randrange(10, 90))] + [""] * (width - 2))
    if number_col is not None and rows:
        # Three rows of one number and date: a record, a slip (another title) and a repeat of the slip, which
        # repeats the second kept row, not the first.
        slip = list(rows[0])
        slip[number_col + 3] = str(slip[number_col + 3]) + "（续）"
        out += [list(rows[0]), slip, list(slip)]
    out.append(["合计", f"{len(rows)}件"] + [""] * (width - 2))
    out += [[str(len(rows) + i)] + [""] * (width - 1) for i in range(1, 4)]
    return out


def _receipts(rng: random.Random, unit: str, year: int, n: int, year_known: bool) -> list[list]:
    rows = []
    for i, day in enumerate(_days(rng, date(year, 1, 1), n), start=1):
        number = f"收{year}-{i:04d}"
        when = _bad_date(rng, day) if rng.random() < 0.01 else _date_text(rng, day, year_known)
        if rng.random() < 0.005:
            when = ""
        due = (
            _date_text(rng, day + timedelta(days=7), year_known)
            if rng.random() < 0.6
            else rng.choice(BLANK_MARKS)
        )
        done = (
            _date_text(rng, day + timedelta(days=rng.randrange(1, 20)), year_known)
            if rng.random() < 0.7
            else ""
        )
        copies = (
            _count_text(rng, rng.randrange(1, 6))
            if rng.random() > 0.01
            else rng.choice(["若干", "-2", "三份"])
        )
        title = f"关于{rng.choice(TOPICS)}工作的{rng.choice(GENRES)}"
        rows.append(
            [
                str(i),
                number,
                when,
                rng.choice(SENDERS),
                f"示字〔{year}〕{rng.randrange(1, 99)}号",
                title,
                copies,
                rng.choice(OFFICES),
                due,
                done,
                rng.choice(BLANK_MARKS + ["急件", "电子公文"]),
            ]
        )
    return rows


def _write_csv(path: Path, rows: list[list], encoding: str = "utf-8-sig") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle).writerows(rows)


RECEIPT_HEADER = [
    "序号",
    "收文号",
    "收文日期",
    "来文单位",
    "来文字号",
    "文件标题",
    "份数",
    "承办科室",
    "办理时限",
    "办结日期",
    "备注",
]


def _receipt_files(rng: random.Random, folder: Path, unit: str) -> None:
    # A CSV named with its year (a "3月5日" takes it), and one with the year only in the settings.
    rows = _receipts(rng, unit, 2025, 700, True)
    _write_csv(folder / "2025年收文登记.csv", [RECEIPT_HEADER, *_finish(rng, rows, len(RECEIPT_HEADER), 1)])
    rows = _receipts(rng, unit, 2024, 300, False)
    title = ["收文登记簿"] + [""] * (len(RECEIPT_HEADER) - 1)
    _write_csv(
        folder / "收文登记（上年）.csv",
        [title, RECEIPT_HEADER, *_finish(rng, rows, len(RECEIPT_HEADER), 1)],
        encoding="gb18030",
    )


def _outgoing_book(rng: random.Random, folder: Path) -> None:
    """发文 in .xlsx: a merged title, real date cells mostly, text dates, serial numbers, a text "45315", a date
    cell in the title column, a merged 拟稿科室, formulas without a cached value and error values."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "2025年发文"
    header = ["发文字号", "发文日期", "文件标题", "文种", "拟稿科室", "份数", "主送单位", "备注"]
    sheet.append(["示例市人民政府办公室2025年发文登记簿"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    sheet.append(header)
    rows = []
    for i, day in enumerate(_days(rng, date(2025, 1, 1), 400), start=1):
        roll = rng.random()
        when: object = datetime(day.year, day.month, day.day)
        if roll < 0.15:
            when = _date_text(rng, day, True)
        elif roll < 0.2:
            when = (day - date(1899, 12, 30)).days  # the serial number Excel shows for a date
        elif roll < 0.22:
            when = str((day - date(1899, 12, 30)).days)  # the same typed as text
        elif roll < 0.23:
            when = datetime(day.year, day.month, day.day, 14, 30)
        title: object = f"关于{rng.choice(TOPICS)}的{rng.choice(GENRES)}"
        if rng.random() < 0.01:
            title = datetime(2025, 3, 5)  # a date typed into the title column
        copies: object = rng.randrange(1, 200)
        roll = rng.random()
        if roll < 0.1:
            copies = f"{copies}份"
        elif roll < 0.12:
            copies = float(copies)
        elif roll < 0.13:
            copies = "=B3*0"  # a formula openpyxl saves with no cached result
        elif roll < 0.14:
            copies = "#DIV/0!"  # an error value
        rows.append(
            [
                f"示政办发〔2025〕{i}号",
                when,
                title,
                rng.choice(GENRES),
                rng.choice(OFFICES),
                copies,
                rng.choice(["各乡镇人民政府", "县直各单位", None]),
                rng.choice([None, "/", "主动公开"]),
            ]
        )
    for row in _finish(rng, rows, len(header), 0):
        sheet.append([None if v == "" else v for v in row])
    # 拟稿科室 merged over three records: the top cell's value belongs to all three.
    sheet.cell(row=10, column=5).value = "秘书科"
    for r in (11, 12):
        sheet.cell(row=r, column=5).value = None
    sheet.merge_cells(start_row=10, start_column=5, end_row=12, end_column=5)
    if rng.random() < 2:  # always: the date of one record is an error value
        sheet.cell(row=20, column=2).value = "#N/A"
    summary = book.create_sheet("汇总")
    summary.append(["拟稿科室", "件数"])
    for office in OFFICES:
        summary.append([office, rng.randrange(5, 60)])
    notes = book.create_sheet("填表说明")
    notes.append(["日期请写成2025-03-05"])
    book.save(folder / "发文登记簿2025.xlsx")


def _petitions(rng: random.Random, folder: Path, unit: str) -> None:
    """信访 as an export spanning 2019–2025 (each row in its own year), with a 单位 column."""
    header = [
        "登记编号",
        "登记日期",
        "信访人",
        "人数",
        "反映问题",
        "是否受理",
        "是否立案",
        "承办科室",
        "办结日期",
        "是否按期",
        "单位",
    ]
    rows = []
    i = 0
    for year in range(2019, 2026):
        for day in _days(rng, date(year, 1, 1), 40):
            i += 1
            rows.append(
                [
                    f"XF{year}-{i:03d}",
                    _date_text(rng, day, False),
                    rng.choice(PEOPLE),
                    _count_text(rng, rng.randrange(1, 4)),
                    f"反映{rng.choice(TOPICS)}问题",
                    rng.choice(["是", "否", "√", "×", "已受理", "不清楚", ""]),
                    rng.choice(["是", "否", "立案", "未立案", ""]),
                    rng.choice(OFFICES),
                    _date_text(rng, day + timedelta(days=15), False) if rng.random() < 0.8 else "/",
                    rng.choice(["是", "否", "按期", ""]),
                    rng.choice([unit, unit, "其他单位"]),
                ]
            )
    _write_csv(folder / "网上信访留言导出.csv", [header, *_finish(rng, rows, len(header), 0)])


def _items(rng: random.Random, folder: Path) -> None:
    """信息、督办、会议 in one workbook, one sheet each (no numbers: only exact repeats are duplicates)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    info = book.create_sheet("信息报送")
    info.append(["报送日期", "信息标题", "报送科室", "得分"])
    for day in _days(rng, date(2025, 1, 1), 300):
        score = rng.choice([1, 2.5, "3分", "８", "/", "优"])
        row = [
            _date_text(rng, day, True),
            f"{rng.choice(OFFICES)}推进{rng.choice(TOPICS)}",
            rng.choice(OFFICES),
            score,
        ]
        info.append(row)
        if rng.random() < 0.05:
            info.append(row)
    tasks = book.create_sheet("督办事项")
    tasks.append(["交办日期", "督办事项", "责任单位", "办理时限", "办结日期", "是否超期"])
    for day in _days(rng, date(2025, 1, 1), 120):
        d = datetime(day.year, day.month, day.day)
        tasks.append(
            [
                d,
                f"督促落实{rng.choice(TOPICS)}",
                rng.choice(OFFICES),
                d + timedelta(days=30),
                rng.choice([d + timedelta(days=10), None, "—"]),
                rng.choice(["是", "否", None]),
            ]
        )
    meetings = book.create_sheet("会议记录")
    meetings.append(["会议名称", "会议日期", "参会人数", "议题数"])
    for day in _days(rng, date(2025, 1, 1), 100):
        meetings.append(
            [
                f"{rng.choice(TOPICS)}专题会议",
                _date_text(rng, day, True),
                rng.choice([12, "15人", "二十", "/"]),
                rng.choice([1, 2, "3", None]),
            ]
        )
    meetings.append(["小计", None, 300, None])
    book.save(folder / "2025年信息督办会议.xlsx")


def build(folder: Path, seed: int = 21) -> Path:
    """Write the messy workspace into ``folder`` and return it."""
    rng = random.Random(seed)
    for unit in UNITS:
        sub = folder / unit
        sub.mkdir(parents=True, exist_ok=True)
        _receipt_files(rng, sub, unit)
        _outgoing_book(rng, sub)
        _petitions(rng, sub, unit)
        _items(rng, sub)
    (folder / "summarize.toml").write_text('unit = "示例市人民政府办公室"\nyear = 2025\n', encoding="utf-8")
    return folder

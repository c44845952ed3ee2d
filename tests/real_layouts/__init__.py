"""Register layouts seen in public sources, rebuilt with invented rows.

Each builder writes one workspace folder the way the layout was seen (header spellings, title rows, merged
cells, sheet names, date spellings, blank marks, the program that saved it) and returns what reading it must
give, known by construction: per sheet the kind and the row counts, per kind the records of each year. The
comment above each builder names where the layout was seen. No file or row of those sources is copied: the
headers are the layout, every row is made up here.

Kinds for which no public register layout was found (only prose descriptions of minutes or chronicles, or
totals by unit): 会议, 大事记, 工作量 and the 信息 item register.
"""

from __future__ import annotations

import random
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl
import pandas as pd


@dataclass
class SheetExpect:
    """What reading one sheet (or one register of a sheet split in two) must give."""

    kind: str | None
    read: int = 0
    accepted: int = 0
    rejected: int = 0
    blank: int = 0
    totals: int = 0
    duplicates: int = 0
    note: str = ""  # a phrase the sheet's note must contain (skipped sheets say why)


@dataclass
class Built:
    """A written workspace and the outcome known by construction."""

    sheets: dict[tuple[str, str], list[SheetExpect]]  # (file, sheet) → one per register read from it
    years: dict[str, dict[int, int]]  # kind → year → records counted
    unused: dict[str, list[str]] = field(default_factory=dict)  # file → header cells no field takes
    errors: int = 0  # problems of severity 错误 expected


@dataclass
class Layout:
    name: str
    source: str
    build: Callable[[Path], Built]


LAYOUTS: list[Layout] = []


def layout(source: str) -> Callable[[Callable[[Path], Built]], Callable[[Path], Built]]:
    def register(build: Callable[[Path], Built]) -> Callable[[Path], Built]:
        LAYOUTS.append(Layout(build.__name__, source, build))
        return build

    return register


# ---- writing helpers ----------------------------------------------------------------------------------------


def write_book(path: Path, sheets: dict[str, list[list]], merges: dict[str, list[str]] | None = None) -> Path:
    """Rows per sheet as typed, with merged ranges ("A1:J1") per sheet."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        for rng in (merges or {}).get(name, []):
            ws.merge_cells(rng)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def patch_dimension(path: Path, ref: str | None) -> None:
    """Rewrite every sheet's <dimension> as WPS and LibreOffice leave it: a whole-row range or none at all."""
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                text = data.decode("utf-8")
                new = "" if ref is None else f'<dimension ref="{ref}"/>'
                text = re.sub(r"<dimension [^>]*/>", new, text)
                data = text.encode("utf-8")
            dst.writestr(item, data)
    tmp.replace(path)


def write_xls(path: Path, sheets: dict[str, list[list]]) -> Path:
    """An Excel 97-2003 workbook (what WPS keeps inside an .et as well)."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    date_style = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    for name, rows in sheets.items():
        sheet = book.add_sheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, datetime | date):
                    sheet.write(r, c, value, date_style)
                else:
                    sheet.write(r, c, value)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(str(path))
    return path


def write_ods(path: Path, sheets: dict[str, list[list]]) -> Path:
    """An OpenDocument spreadsheet, as LibreOffice Calc saves it (written by pandas' odf engine)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with pd.ExcelWriter(path, engine="odf") as writer:
        for name, rows in sheets.items():
            width = max(len(r) for r in rows)
            frame = pd.DataFrame([r + [None] * (width - len(r)) for r in rows], dtype=object)
            frame.to_excel(writer, sheet_name=name, header=False, index=False)
    return path


def per_year(dates: list[date | datetime], kind: str) -> dict[str, dict[int, int]]:
    """Records per year, counted with pandas over the dates the builder wrote."""
    counts = pd.Series(pd.to_datetime(pd.Series(dates))).dt.year.value_counts()
    return {kind: {int(y): int(n) for y, n in counts.items()}}


def days(rng: random.Random, start: date, end: date, n: int) -> list[datetime]:
    """n sorted datetimes between start and end, with office hours."""
    span = (end - start).days
    picked = sorted(rng.randrange(span + 1) for _ in range(n))
    return [
        datetime.combine(start + timedelta(d), datetime.min.time()).replace(
            hour=rng.randrange(8, 18), minute=rng.randrange(60), second=rng.randrange(60)
        )
        for d in picked
    ]


UNITS = ["市财政局", "市教育局", "市人社局", "市住建局", "市卫健委", "市交通局", "市应急局", "市统计局"]
TOPICS = ["物业管理", "道路维修", "学位申请", "社保转移", "噪音扰民", "停车收费", "供水保障", "公交线路"]
DEPTS = ["综合科", "业务一科", "业务二科", "法规科", "办公室"]


# ---- the layouts -------------------------------------------------------------------------------------------


# A provincial message-board export spanning 2011–2020: 留言编号, 留言用户, 留言主题, 留言时间, 留言详情, 答复意见,
# 答复时间 (seen: the column lists of 附件4.xlsx read by the 2020 "智慧政务" competition code on GitHub, e.g.
# question3 scripts under wisdom_gov_affairs: cols = ['留言编号', '留言用户', '留言主题', '留言时间', '留言详情',
# '答复意见', '答复时间']). Header in row 1, no title; times with seconds; the file name says nothing of the kind.
@layout("GitHub: wisdom_gov_affairs question3 scripts reading 附件4.xlsx (智慧政务 message board)")
def message_board_with_replies(folder: Path) -> Built:
    rng = random.Random(4)
    header = ["留言编号", "留言用户", "留言主题", "留言时间", "留言详情", "答复意见", "答复时间"]
    asked = [
        d for year in range(2011, 2021) for d in days(rng, date(year, 1, 1), date(year, 12, 20), 3 + year % 3)
    ]
    rows = [header]
    for i, when in enumerate(asked):
        replied = when + timedelta(days=rng.randrange(3, 40), hours=rng.randrange(5))
        rows.append(
            [
                2500 + i * 7,
                f"A{rng.randrange(10**8, 10**9)}",
                f"关于{rng.choice(TOPICS)}的问题",
                when,
                f"我反映一下{rng.choice(TOPICS)}的情况，希望尽快解决。",
                "网友您好！您的留言已收悉，现将有关情况回复如下：……感谢您的监督。",
                replied.strftime("%Y/%m/%d %H:%M:%S").replace("/0", "/"),
            ]
        )
    write_book(folder / "附件4.xlsx", {"Sheet1": rows})
    (folder / "summarize.toml").write_text("year = 2019\n", encoding="utf-8")
    n = len(asked)
    return Built(
        sheets={("附件4.xlsx", "Sheet1"): [SheetExpect("信访", read=n, accepted=n)]},
        years=per_year(asked, "信访"),
    )


# The same board's export without replies, with vote counts: 留言编号, 留言用户, 留言主题, 留言时间, 留言详情, 反对数,
# 点赞数 (seen: cols = [...'反对数', '点赞数'] in the same competition's 附件3 preprocessing script). Saved the way WPS
# leaves a sheet: <dimension ref="1:2137">, which calamine refuses.
@layout("GitHub: wisdom_gov_affairs question2 附件3数据预处理 (智慧政务 附件3.xlsx columns)")
def message_board_votes_wps_dimension(folder: Path) -> Built:
    rng = random.Random(3)
    header = ["留言编号", "留言用户", "留言主题", "留言时间", "留言详情", "反对数", "点赞数"]
    asked = days(rng, date(2019, 1, 1), date(2020, 1, 20), 25)
    rows = [header]
    for i, when in enumerate(asked):
        rows.append(
            [
                190000 + i,
                f"A{rng.randrange(10**8, 10**9)}",
                f"{rng.choice(UNITS)[1:]}附近{rng.choice(TOPICS)}问题",
                when.strftime("%Y/%m/%d %H:%M:%S"),
                "请有关部门管一管。",
                rng.randrange(5),
                rng.randrange(30),
            ]
        )
    path = write_book(folder / "附件3.xlsx", {"Sheet1": rows})
    patch_dimension(path, "1:2137")
    return Built(
        sheets={("附件3.xlsx", "Sheet1"): [SheetExpect("信访", read=25, accepted=25)]},
        years=per_year(asked, "信访"),
        unused={"附件3.xlsx": ["反对数", "点赞数"]},
    )


# A 收发文件登记簿 template: one title, 收文 on the left and 发文 on the right, each with 月/日, 文号, 来文单位 (收文单位
# on the right), 事由, 签收, and a 合计份数 row at the bottom (seen: qbg6.com/1434.html, "《收发文件登记簿》使用说明":
# "双栏式设计，左侧记录收文信息，右侧记录发文信息，底部设有合计栏"; dates typed as 3/15).
@layout("https://www.qbg6.com/1434.html 《收发文件登记簿》 (双栏：收文左、发文右，月/日)")
def side_by_side_in_and_out(folder: Path) -> Built:
    rng = random.Random(5)
    incoming = days(rng, date(2025, 1, 2), date(2025, 6, 30), 8)
    outgoing = days(rng, date(2025, 1, 2), date(2025, 6, 30), 5)
    rows: list[list] = [
        ["收发文件登记簿"] + [None] * 9,
        ["收文", None, None, None, None, "发文", None, None, None, None],
        ["月/日", "文号", "来文单位", "事由", "签收", "月/日", "文号", "收文单位", "事由", "签收"],
    ]
    for i in range(8):
        left = [
            f"{incoming[i].month}/{incoming[i].day}",
            f"{rng.choice(['市府办', '市委办', '财预'])}〔2025〕{rng.randrange(1, 90)}号",
            rng.choice(UNITS),
            f"关于{rng.choice(TOPICS)}工作的通知",
            rng.choice(["张", "李", "王"]),
        ]
        right = (
            [
                f"{outgoing[i].month}/{outgoing[i].day}",
                f"本办发〔2025〕{i + 1}号",
                rng.choice(UNITS),
                f"关于报送{rng.choice(TOPICS)}情况的报告",
                rng.choice(["赵", "钱"]),
            ]
            if i < 5
            else [None] * 5
        )
        rows.append(left + right)
    rows.append(["合计份数", None, None, None, 8, "合计份数", None, None, None, 5])
    merges = {"登记簿": ["A1:J1", "A2:E2", "F2:J2"]}
    write_book(folder / "2025年收发文件登记簿.xlsx", {"登记簿": rows}, merges)
    key = ("2025年收发文件登记簿.xlsx", "登记簿")
    return Built(
        sheets={
            key: [
                SheetExpect("收文", read=9, accepted=8, totals=1),
                SheetExpect("发文", read=9, accepted=5, blank=3, totals=1),
            ]
        },
        years={"收文": {2025: 8}, "发文": {2025: 5}},
    )


# A clerk's 收文登记表: 序号, 收文日期, 发文编号, 发文单位, 文件标题, 份数, 收件人, 处理情况, 备注 (seen:
# download.csdn.net/download/bw6236223/31199067 "收文登记表" field list), a merged title row, 序号 pre-filled down
# to row 32 although 12 documents were registered, "/" and "无" typed into cells with nothing to say.
@layout("https://download.csdn.net/download/bw6236223/31199067 收文登记表 (序号…处理情况、备注)")
def clerk_register_prefilled_serials(folder: Path) -> Built:
    rng = random.Random(6)
    got = days(rng, date(2024, 3, 1), date(2024, 12, 28), 12)
    header = ["序号", "收文日期", "发文编号", "发文单位", "文件标题", "份数", "收件人", "处理情况", "备注"]
    rows: list[list] = [["收文登记表"] + [None] * 8, header]
    for i in range(30):
        if i < 12:
            rows.append(
                [
                    i + 1,
                    got[i].date().isoformat(),
                    rng.choice(["/", f"教发〔2024〕{rng.randrange(1, 60)}号"]),
                    rng.choice(UNITS),
                    f"关于做好{rng.choice(TOPICS)}的通知",
                    rng.choice(["/", 1, 2, "—"]),
                    rng.choice(["刘", "陈"]),
                    rng.choice(["已阅", "转办", "——", "-"]),
                    rng.choice(["无", "／", None]),
                ]
            )
        else:
            rows.append([i + 1] + [None] * 8)
    write_book(folder / "收文登记表.xlsx", {"收文登记表": rows}, {"收文登记表": ["A1:I1"]})
    return Built(
        sheets={("收文登记表.xlsx", "收文登记表"): [SheetExpect("收文", read=30, accepted=12, blank=18)]},
        years=per_year(got, "收文"),
    )


# An archive-style 收文登记簿: 收文号, 收文日期, 来文机关, 来文字号, 文件标题, 附件, 份数, 密级, 承办单位, 签收人,
# 复文号, 归卷日期, 归入卷号 (seen: 《陕西档案》1996年第6期 "收文登记簿和发文登记簿" abstract, 218.28.6.71:81
# Qikan/Article/Detail?id=1004820203). Kept in an Excel 97-2003 .xls; dates typed 2024.3.5.
@layout("《陕西档案》1996(6) 收文登记簿 (收文号…归卷日期、归入卷号)")
def archive_incoming_xls(folder: Path) -> Built:
    rng = random.Random(7)
    got = days(rng, date(2024, 1, 3), date(2024, 12, 30), 20)
    header = ["收文号", "收文日期", "来文机关", "来文字号", "文件标题", "附件", "份数", "密级", "承办单位"]
    header += ["签收人", "复文号", "归卷日期", "归入卷号"]
    rows: list[list] = [["收文登记簿"], header]
    for i, when in enumerate(got):
        rows.append(
            [
                f"2024-{i + 1:03d}",
                f"{when.year}.{when.month}.{when.day}",
                rng.choice(UNITS),
                f"{rng.choice(['财', '教', '人社'])}发〔2024〕{rng.randrange(1, 80)}号",
                f"关于{rng.choice(TOPICS)}的通知",
                rng.choice(["无", "1件"]),
                rng.randrange(1, 4),
                rng.choice(["", "秘密", "内部"]) or None,
                rng.choice(DEPTS),
                rng.choice(["周", "吴"]),
                None,
                f"{when.year}.12.31",
                f"2024-永久-{rng.randrange(1, 9)}",
            ]
        )
    write_xls(folder / "收文登记簿2024.xls", {"收文登记簿": rows})
    return Built(
        sheets={("收文登记簿2024.xls", "收文登记簿"): [SheetExpect("收文", read=20, accepted=20)]},
        years=per_year(got, "收文"),
        unused={"收文登记簿2024.xls": ["附件", "复文号"]},
    )


# The archive-style 发文登记簿 of the same article: 顺序号, 发文日期, 发文字号, 文件标题, 附件, 密级, 份数, 发往机关,
# 签收人, 归卷日期, 归入卷号. Saved by WPS as .et (an Excel 97-2003 workbook inside).
@layout("《陕西档案》1996(6) 发文登记簿 (顺序号…发往机关、签收人、归入卷号), WPS .et")
def archive_outgoing_et(folder: Path) -> Built:
    rng = random.Random(8)
    sent = days(rng, date(2024, 1, 5), date(2024, 12, 25), 15)
    header = ["顺序号", "发文日期", "发文字号", "文件标题", "附件", "密级", "份数", "发往机关", "签收人"]
    header += ["归卷日期", "归入卷号"]
    rows: list[list] = [["发文登记簿"], header]
    for i, when in enumerate(sent):
        rows.append(
            [
                i + 1,
                when,
                f"本局发〔2024〕{i + 1}号",
                f"关于{rng.choice(TOPICS)}的意见",
                "无",
                None,
                rng.choice([20, 30, 50]),
                "各区县",
                rng.choice(["孙", "郑"]),
                None,
                None,
            ]
        )
    path = write_xls(folder / "发文登记簿2024.xls", {"发文登记簿": rows})
    path.rename(path.with_suffix(".et"))
    return Built(
        sheets={("发文登记簿2024.et", "发文登记簿"): [SheetExpect("发文", read=15, accepted=15)]},
        years=per_year(sent, "发文"),
        unused={"发文登记簿2024.et": ["顺序号", "附件", "归卷日期", "归入卷号"]},
    )


# 公文登记 as a textbook lists it: 顺序号, 收文时间, 来文单位, 公文标题及文号, 密级, 份数, 报件单位的联系人和联系电话
# (seen: wap.manyoumao.com/zige/3195277.html). Exported by an OA system as tab-separated text (.tsv), times
# with minutes.
@layout("http://wap.manyoumao.com/zige/3195277.html 收文登记 (顺序号、收文时间…联系电话), .tsv export")
def textbook_register_tsv(folder: Path) -> Built:
    rng = random.Random(9)
    got = days(rng, date(2025, 2, 1), date(2025, 11, 30), 18)
    header = [
        "顺序号",
        "收文时间",
        "来文单位",
        "公文标题及文号",
        "密级",
        "份数",
        "报件单位的联系人和联系电话",
    ]
    lines = ["\t".join(header)]
    for i, when in enumerate(got):
        lines.append(
            "\t".join(
                [
                    str(i + 1),
                    when.strftime("%Y-%m-%d %H:%M"),
                    rng.choice(UNITS),
                    f"关于{rng.choice(TOPICS)}的函（{rng.choice(['财函', '教函'])}〔2025〕{i + 3}号）",
                    rng.choice(["/", "秘密"]),
                    str(rng.randrange(1, 3)),
                    f"王科长 1380000{rng.randrange(1000, 9999)}",
                ]
            )
        )
    (folder / "收文登记2025.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return Built(
        sheets={("收文登记2025.tsv", ""): [SheetExpect("收文", read=18, accepted=18)]},
        years=per_year(got, "收文"),
        unused={"收文登记2025.tsv": ["报件单位的联系人和联系电话"]},
    )


# A street office's 信访台账: 序号（或来信编号）, 信访类型, 接件时间 "具体到xx年xx月xx日xx时", 信访人姓名, 信访内容,
# 案件地点, 联系电话, 办理情况; types 群众来访, 电话来访, 12345市民热线, 部门转入 (seen: search.52zhanxing.com/guide/
# xqyxgjn967 "建立台账").
@layout("https://search.52zhanxing.com/guide/xqyxgjn967 信访台账 (来信编号、信访类型、接件时间…办理情况)")
def petition_ledger_hours(folder: Path) -> Built:
    rng = random.Random(10)
    got = days(rng, date(2025, 1, 2), date(2025, 12, 20), 22)
    header = [
        "序号",
        "来信编号",
        "信访类型",
        "接件时间",
        "信访人姓名",
        "信访内容",
        "案件地点",
        "联系电话",
        "办理情况",
    ]
    rows: list[list] = [["2025年信访工作台账"], header]
    for i, when in enumerate(got):
        rows.append(
            [
                i + 1,
                f"XF2025{i + 1:04d}",
                rng.choice(["群众来访", "电话来访", "12345市民热线", "部门转入"]),
                f"{when.year}年{when.month}月{when.day}日{when.hour}时",
                rng.choice(["匿名", "某先生", "某女士", "张某"]),
                f"反映{rng.choice(TOPICS)}问题",
                f"{rng.choice(['东城', '西城'])}小区{rng.randrange(1, 20)}栋",
                f"139{rng.randrange(10**7, 10**8)}",
                rng.choice(["已转办", "已现场处理并回复", "办理中"]),
            ]
        )
    write_book(folder / "信访台账2025.xlsx", {"台账": rows}, {"台账": ["A1:I1"]})
    return Built(
        sheets={("信访台账2025.xlsx", "台账"): [SheetExpect("信访", read=22, accepted=22)]},
        years=per_year(got, "信访"),
        unused={"信访台账2025.xlsx": ["案件地点", "联系电话"]},
    )


# An OA system's 收文阅批单 export (autopoi @Excel names, header in row 1): 标题, 来文单位, 公文编号, 文号前缀, 公文年度,
# 密级, 校首长阅批, 领导阅批, 承办单位, 承办单位意见, 联系人, 联系电话, 登记人姓名, 登记人部门, 登记日期, 公文状态, 归档人,
# 归档时间, 驳回人, 驳回人意见, 公文种类 (seen: GitHub, kingtake office entity TOReceiveBillEntity.java). Several
# years in one export.
@layout("GitHub: com.kingtake.office.entity.receivebill.TOReceiveBillEntity (@Excel export names)")
def oa_receive_bill_export(folder: Path) -> Built:
    rng = random.Random(11)
    got = [d for year in (2016, 2017, 2018, 2019) for d in days(rng, date(year, 1, 5), date(year, 12, 28), 6)]
    header = [
        "标题",
        "来文单位",
        "公文编号",
        "文号前缀",
        "公文年度",
        "密级",
        "校首长阅批",
        "领导阅批",
        "承办单位",
    ]
    header += [
        "承办单位意见",
        "联系人",
        "联系电话",
        "登记人姓名",
        "登记人部门",
        "登记日期",
        "公文状态",
        "归档人",
    ]
    header += ["归档时间", "驳回人", "驳回人意见", "公文种类"]
    rows: list[list] = [header]
    for i, when in enumerate(got):
        rows.append(
            [
                f"关于{rng.choice(TOPICS)}的通知",
                rng.choice(UNITS),
                f"SW{when.year}{i + 1:04d}",
                rng.choice(["教", "财"]),
                when.year,
                rng.choice(["公开", "内部"]),
                None,
                "请阅",
                rng.choice(DEPTS),
                "已办理",
                "李",
                "0571-8888",
                "管理员",
                "校办",
                when,
                "已归档",
                "管理员",
                when + timedelta(days=30),
                None,
                None,
                "通知",
            ]
        )
    write_book(folder / "收文阅批单导出.xlsx", {"Sheet0": rows})
    return Built(
        sheets={("收文阅批单导出.xlsx", "Sheet0"): [SheetExpect("收文", read=24, accepted=24)]},
        years=per_year(got, "收文"),
    )


# jeecg-boot 公文信息表 export: 公文标题, 来文单位, 文号, 文件地址, 文件类型, 来文日期 with format "yyyy-MM-dd HH:mm:ss"
# (seen: GitHub, jeecg-boot OfficialFile entity, @Excel(name = "来文日期", format = "yyyy-MM-dd HH:mm:ss")). No
# kind in the file name: the header alone says 收文.
@layout("GitHub: jeecg-boot OfficialFile entity (公文信息表 @Excel export)")
def oa_official_file_export(folder: Path) -> Built:
    rng = random.Random(12)
    got = days(rng, date(2022, 1, 4), date(2022, 12, 29), 14)
    rows: list[list] = [["公文标题", "来文单位", "文号", "文件地址", "文件类型", "来文日期"]]
    for i, when in enumerate(got):
        rows.append(
            [
                f"关于{rng.choice(TOPICS)}的通知",
                rng.choice(UNITS),
                f"发〔2022〕{i + 1}号",
                f"/upload/files/{i}.pdf",
                rng.choice([1, 2]),
                when.strftime("%Y-%m-%d %H:%M:%S"),
            ]
        )
    write_book(folder / "公文信息表.xlsx", {"sheet1": rows})
    return Built(
        sheets={("公文信息表.xlsx", "sheet1"): [SheetExpect("收文", read=14, accepted=14)]},
        years=per_year(got, "收文"),
        unused={"公文信息表.xlsx": ["文件地址"]},
    )


# A 民心网诉求请示单 list: 受理编号, 投诉标题, 责任部门, 投诉时间, 拟办时间, 状态 (未处理, 处理中, 办结, 超时) (seen:
# GitHub nanlei/GXGA, Freemarker/front/oa/minxinwang_list.ftl).
@layout("GitHub: nanlei/GXGA src/main/webapp/Freemarker/front/oa/minxinwang_list.ftl (民心网诉求请示单)")
def complaint_portal_list(folder: Path) -> Built:
    rng = random.Random(13)
    got = days(rng, date(2025, 3, 1), date(2025, 10, 31), 16)
    rows: list[list] = [["受理编号", "投诉标题", "责任部门", "投诉时间", "拟办时间", "状态"]]
    for i, when in enumerate(got):
        rows.append(
            [
                f"MXW{when:%Y%m%d}{i:03d}",
                f"关于{rng.choice(TOPICS)}的投诉",
                rng.choice(["治安大队", "交警大队", "户政科"]),
                when.strftime("%Y-%m-%d"),
                (when + timedelta(days=15)).strftime("%Y-%m-%d"),
                rng.choice(["未处理", "处理中", "办结", "超时"]),
            ]
        )
    write_book(folder / "民心网诉求.xlsx", {"诉求": rows})
    return Built(
        sheets={("民心网诉求.xlsx", "诉求"): [SheetExpect("信访", read=16, accepted=16)]},
        years=per_year(got, "信访"),
    )


# A 政务信息报送及采用情况统计表: totals by unit under a two-row grouped header (单位 | 政务信息采用情况 (报送条数, 累计条数,
# 市本级采用 …) | 得分 | 累计得分) (seen: 霍政办字〔2018〕29号 attachment, 121.41.188.88/home/News/view/id/1072).
# Totals, not items: the sheet is listed as skipped, never an error.
@layout("霍政办字〔2018〕29号 附件 2018年1-2月份政务信息报送及采用情况统计表")
def information_totals_by_unit(folder: Path) -> Built:
    rows: list[list] = [
        ["2018年1-2月份政务信息报送及采用情况统计表"] + [None] * 9,
        ["单位", "政务信息采用情况", None, None, None, None, None, None, "得分", "累计得分"],
        [
            None,
            "报送条数",
            "累计条数",
            "市本级采用",
            "累计得分",
            "通辽市采用",
            "累计得分",
            "自治区采用",
            None,
            None,
        ],
    ]
    for name, sent in (("甲街道", 2), ("乙街道", 12), ("丙苏木", 1), ("丁街道", 15)):
        rows.append([name, sent, sent, sent // 3, sent // 3 * 5, 0, 0, 0, sent // 3 * 5, sent // 3 * 5])
    merges = {"统计表": ["A1:J1", "B2:H2", "A2:A3", "I2:I3", "J2:J3"]}
    write_book(folder / "2018年1-2月份政务信息报送及采用情况统计表.xlsx", {"统计表": rows}, merges)
    return Built(
        sheets={
            ("2018年1-2月份政务信息报送及采用情况统计表.xlsx", "统计表"): [SheetExpect(None, note="汇总")]
        },
        years={},
    )


# 收文处理单 and 发文处理单 print forms, one document per sheet, label cells ("收文日期：", "收文档案编号：", 文件名, 文件
# 编号, 附件, 来文部门, 签发; 发文档案编号, 文件名, 呈报日期, 呈报部门/呈报人, 文件类型 …) (seen: m.360docs.net/doc/
# 7e14127668.html "送文登记表收文登记表文件处理单"), kept in one workbook with the 收文登记表 the same page bundles
# (its columns as in the csdn 收文登记表 above, since that page's register headers are not legible).
@layout("http://m.360docs.net/doc/7e14127668.html 收文处理单、发文处理单 (print forms beside a 收文登记表)")
def print_forms_beside_register(folder: Path) -> Built:
    rng = random.Random(14)
    got = days(rng, date(2025, 4, 1), date(2025, 9, 30), 7)
    register = [["收文登记表"], ["序号", "收文日期", "发文编号", "发文单位", "文件标题", "份数", "处理情况"]]
    for i, when in enumerate(got):
        register.append([i + 1, when, f"函〔2025〕{i}号", rng.choice(UNITS), "关于开展检查的通知", 1, "已阅"])
    receive_form = [
        ["××公司收文处理单"],
        ["收文日期：", None, "收文档案编号：", None],
        ["文件名", None, None, None],
        ["文件编号", None, "附件", None],
        ["来文部门", None, "签发", None],
        ["拟办意见", None, None, None],
        ["领导批示", None, None, None],
    ]
    send_form = [
        ["××公司发文处理单"],
        ["发文档案编号：", None, None, None],
        ["文件名", None, "呈报日期", None],
        ["附件", None, "呈报部门/呈报人", None],
        ["文件类型", "通知□决定□通报□意见□请示□", None, None],
        ["签发日期", None, "签发人", None],
        ["文件编号", None, "密级", None],
    ]
    write_book(
        folder / "公文模版.xlsx",
        {"收文登记表": register, "收文处理单": receive_form, "发文处理单": send_form},
        {"收文处理单": ["A1:D1"], "发文处理单": ["A1:D1"]},
    )
    return Built(
        sheets={
            ("公文模版.xlsx", "收文登记表"): [SheetExpect("收文", read=7, accepted=7)],
            ("公文模版.xlsx", "收文处理单"): [SheetExpect(None, note="处理单")],
            ("公文模版.xlsx", "发文处理单"): [SheetExpect(None, note="处理单")],
        },
        years=per_year(got, "收文"),
    )


# A 公务用车申请单 (用车部门, 用车事由, 出车时间, 目的地, 用车部门负责人签字, 驾驶员姓名, 驾驶员电话, 用车类型 …) saved
# as a one-sheet workbook (seen: bgs.jscj.edu.cn/2018/1227/c874a30379/page.htm 学校公务用车申请单). A form, not a
# register: listed as skipped.
@layout("http://bgs.jscj.edu.cn/2018/1227/c874a30379/page.htm 学校公务用车申请单 (print form)")
def car_request_form(folder: Path) -> Built:
    form = [
        ["学校公务用车申请单"],
        ["用车部门", None, "用车事由", None],
        ["出车时间", None, "目的地", None],
        ["用车部门负责人签字", None, "驾驶员姓名", None],
        ["驾驶员电话", None, "用车类型", "□公务用车 □业务用车 □保障用车"],
        ["分管校领导签字", None, "院办公室负责人签字", None],
        ["备注：各部门用车须填写用车申请单，报分管校领导批准后由学校办公室协调安排。"],
    ]
    write_book(folder / "公务用车申请单.xlsx", {"Sheet1": form}, {"Sheet1": ["A1:D1", "A7:D7"]})
    return Built(sheets={("公务用车申请单.xlsx", "Sheet1"): [SheetExpect(None, note="表单")]}, years={})


# An audit office's 重要事项督办 registration: 事项内容, 领导批示要求, 限时办理时间, 承办单位, 具体承办人员 — no date
# the item was assigned (seen: yzqfbl.com/oldweb/n4/n20/n526/c36833 审计署驻武汉特派办《重要事项办理及督办工作试行办法》).
# It cannot be counted by year: one clear error naming the missing column, nothing else.
@layout("审计署驻武汉特派办《重要事项办理及督办工作试行办法》登记项 (no 交办日期)")
def supervision_without_assignment_date(folder: Path) -> Built:
    rows: list[list] = [
        ["重要事项督办登记"],
        ["序号", "事项内容", "领导批示要求", "限时办理时间", "承办单位", "具体承办人员"],
    ]
    for i in range(6):
        rows.append([i + 1, f"事项{i + 1}", "抓紧办理", f"2025-0{i + 3}-15", "审计一处", "某某"])
    write_book(folder / "重要事项督办登记.xlsx", {"督办": rows})
    return Built(sheets={("重要事项督办登记.xlsx", "督办"): [SheetExpect(None, note="")]}, years={}, errors=1)


# A 收发文件登记簿 kept as one list: 序号, 收发日期, 文件编号, 文件标题, 发件单位, 收件人, 处理情况 (seen:
# www.wendang.net/wd/523720.html). The file name 收发文件登记簿 names both directions; the columns (发件单位) say 收文.
@layout("https://www.wendang.net/wd/523720.html 收发文件登记簿 (序号、收发日期、文件编号…处理情况)")
def combined_book_one_list(folder: Path) -> Built:
    rng = random.Random(16)
    got = days(rng, date(2025, 1, 6), date(2025, 7, 30), 10)
    rows: list[list] = [["序号", "收发日期", "文件编号", "文件标题", "发件单位", "收件人", "处理情况"]]
    for i, when in enumerate(got):
        rows.append(
            [
                i + 1,
                when.strftime("%Y/%m/%d"),
                f"文〔2025〕{i}号",
                "关于会议安排的通知",
                rng.choice(UNITS),
                "刘",
                "已阅",
            ]
        )
    write_book(folder / "收发文件登记簿.xlsx", {"Sheet1": rows})
    return Built(
        sheets={("收发文件登记簿.xlsx", "Sheet1"): [SheetExpect("收文", read=10, accepted=10)]},
        years=per_year(got, "收文"),
    )


# A 收文登记簿模板: 编号, 日期, 起草单位 (holding the sender), 收文单位, 收文文号, 文件题名, 附件, 备注, 收文时间, 答复时间,
# 登记人 (seen: 360docs.net/doc/1819294256.html and m.stra.cn/wenku/rdddr/evGgMgg8v9 "收文登记簿模板"). Saved by
# LibreOffice Calc as .ods.
@layout(
    "https://360docs.net/doc/1819294256.html 收文登记簿模板 (编号、日期、起草单位…答复时间、登记人), .ods"
)
def template_register_ods(folder: Path) -> Built:
    rng = random.Random(17)
    got = days(rng, date(2025, 2, 10), date(2025, 12, 10), 9)
    header = [
        "编号",
        "日期",
        "起草单位",
        "收文单位",
        "收文文号",
        "文件题名",
        "附件",
        "备注",
        "收文时间",
        "答复时间",
    ]
    header.append("登记人")
    rows: list[list] = [["收文登记簿"], header]
    for i, when in enumerate(got):
        rows.append(
            [
                i + 1,
                when.date().isoformat(),
                rng.choice(UNITS),
                "本办",
                f"函〔2025〕{i + 10}号",
                f"关于{rng.choice(TOPICS)}的函",
                "无",
                None,
                when.date().isoformat(),
                (when + timedelta(days=5)).date().isoformat(),
                "登记员",
            ]
        )
    write_ods(folder / "收文登记簿.ods", {"收文登记簿": rows})
    return Built(
        sheets={("收文登记簿.ods", "收文登记簿"): [SheetExpect("收文", read=9, accepted=9)]},
        years=per_year(got, "收文"),
    )

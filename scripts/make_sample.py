"""Generate the sample workspace ``data/sample/`` (示例县人民政府办公室, 2024 and 2025).

Usage: ``python scripts/make_sample.py [OUTPUT_DIR]`` (default ``data/sample``). The output is fully
determined by the seed ``random.Random(20251231)``: running the script twice gives byte-identical files (workbook
properties and zip entry timestamps are fixed). All eight register kinds for two years, with volumes and
seasonality (Spring Festival dip, summer slightly lower, year-end peak) and 2025 differing from 2024
(收文 +6%, 发文 -4%, 信访 -12%, 信息采用 up). Header spellings come from ``summarize/kinds.toml`` (canonical names
or aliases, varied between files); working days follow the State Council schedule (chinese-calendar).

Realistic features that are not problems: title rows above the header, a 合计 row ending each 收文 month sheet,
one fully blank row in the middle of 收文 sheets 2024 3月/8月/11月 and 2025 1月/9月/10月, trailing rows holding
only a pre-filled 序号 (before the 合计 row) in 2024 6月/12月 and 2025 8月/11月, 收文日期 written as "3月5日"
in 2025 3月-5月, mixed date spellings in 2025 6月, 份数 written "3份", "２" or left empty (= 1) in 2025,
mixed 登记日期 spellings in 信访登记表2025.csv, and late-year items still open.

Deliberate problems, exactly these and no others (Excel rows are 1-based and count the title/header rows;
for CSV files the row is the line number, the header being line 1):

- P1 2025年收文登记簿.xlsx, sheet "2月", row 148: 收文日期 is the text "2月30日" (impossible date).
- P2 2025年收文登记簿.xlsx, sheet "7月", row 76: 收文日期 is empty, all other fields filled.
- P3 2025年收文登记簿.xlsx, sheet "5月", row 4 repeats sheet "4月", row 156 (same 收文号 收2025-0585 and
  收文日期 "4月30日"; only 序号 differs): a duplicate.
- P4 信访登记表2025.csv, rows 43 and 44: the same record (XF2025-042, 2025/6/16) twice in a row: a duplicate.
- P5 信息报送采用登记2025.xlsx, sheet "信息报送采用登记", row 49: 报送日期 is 2205-03-12 (typo for 2025-03-12).
- P6 发文登记簿（2025年）.xlsx, sheet "发文登记", row 271: 印制份数 is "若干" (non-numeric).
"""

import csv
import io
import random
import sys
import zipfile
from calendar import monthrange
from datetime import date, datetime, timedelta
from pathlib import Path

from chinese_calendar import is_workday
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

SEED = 20251231
FIXED = datetime(2026, 1, 5, 9, 0)
UNIT = "示例县人民政府办公室"
YEARS = (2024, 2025)
DEFAULT_OUT = Path(__file__).resolve().parents[1] / "data" / "sample"
ALL_MONTHS = range(1, 13)
SPRING_FESTIVAL = {2024: 2, 2025: 1}  # 2024-02-10, 2025-01-29
# Monthly weights: the Spring Festival month dips, summer is lower, December peaks.
SEASON = {
    2024: [8.4, 6.6, 8.7, 8.4, 8.2, 8.3, 7.6, 7.3, 8.5, 7.4, 8.9, 10.9],
    2025: [6.9, 7.7, 8.8, 8.5, 8.2, 8.4, 7.5, 7.4, 8.6, 7.5, 8.9, 11.0],
}


def pairs(text):
    """``"a:b c:d"`` as ``[("a", "b"), ("c", "d")]``."""
    return [tuple(word.split(":")) for word in text.split()]


def table(text):
    """A whitespace-separated text table, one row a line."""
    return [line.split() for line in text.strip().splitlines()]


def months(spec):
    return tuple(ALL_MONTHS) if spec == "*" else tuple(int(m) for m in spec.split(","))


SECTIONS = "综合科 秘书科 督查科 信息科 行政科 文电科".split()
DEPTS = pairs(  # 县直部门 and the abbreviation in their 文号
    "县发展改革局:示发改 县财政局:示财 县教育局:示教 县公安局:示公 县民政局:示民 县司法局:示司 "
    "县人力资源社会保障局:示人社 县自然资源局:示自然资 县住房城乡建设局:示住建 县交通运输局:示交 "
    "县水利局:示水 县农业农村局:示农 县商务局:示商 县文化广电旅游局:示文旅 县卫生健康局:示卫健 "
    "县应急管理局:示应急 县市场监管局:示市监 县统计局:示统 县医保局:示医保 县城市管理局:示城管"
)
TOWNS = pairs("城关镇:城政 东关镇:东政 青石镇:青政 新桥镇:新桥政 柳河乡:柳政 白云乡:白政 河西街道:河西办")
CITY = pairs(
    "市政府办公室:市政办发 市政府办公室:市政办函 市人民政府:市政发 市委办公室:市委办发 市发展改革委:市发改 "
    "市财政局:市财 市应急管理局:市应急 市教育局:市教 市农业农村局:市农 市卫生健康委:市卫健 "
    "市人力资源社会保障局:市人社 市住房城乡建设局:市建 市生态环境局:市环"
)
COUNTY = pairs("县委办公室:示委办发 县人大常委会办公室:示人大办 县政协办公室:示政协办")
TOPICS = {  # topic: the months in which it is current
    t: months(m)
    for t, m in pairs(
        "防汛:4,5,6,7,8 森林防火:1,2,3,10,11,12 安全生产:* 春节期间安全稳定:1,2,12 冬春农田水利建设:1,10,11,12 "
        "春季农业生产:2,3,4 防暑降温:6,7,8 秋冬季大气污染防治:9,10,11 年度目标责任考核:11,12 "
        "节假日值班值守:1,4,9,12 高考服务保障:5,6 统计数据质量:* 耕地保护:* 优化营商环境:* 根治欠薪:1,11,12 "
        "秋粮收购:9,10 秸秆禁烧:5,6,9,10 政务公开:* 12345热线办理:* 消防安全:1,2,11,12 防灾减灾:5 稳就业:* "
        "义务教育招生入学:6,7 重点项目建设:* 乡村振兴:* 燃气安全:* 食品安全:* 城乡环境整治:*"
    )
}
PROJECTS = (
    "县城第二水厂 城东污水处理厂提标改造 农贸市场提升改造 县人民医院门急诊综合楼 老旧小区改造 工业园区标准化厂房 "
    "高标准农田 县城公共停车场 农村公路提档升级 县职教中心实训楼 城区雨污分流改造 农村集中供水"
).split()
# Header rows, every spelling a canonical field name or alias from summarize/kinds.toml (序号 aside).
HEADERS = {
    ("收文", 2024): "序号 登记号 登记日期 来文机关 文号 标题 份数 密级 缓急 阅件/办件 承办单位 办理时限 办结日期 备注",
    ("收文", 2025): "序号 收文号 收文日期 来文单位 来文字号 文件标题 份数 密级 紧急程度 阅办类型 承办科室 办理时限 办结日期 备注",
    ("发文", 2024): "序号 文号 印发日期 标题 文种 签发领导 拟稿部门 密级 份数 发往机关 备注",
    ("发文", 2025): "序号 发文字号 发文日期 文件标题 文种 签发人 拟稿科室 密级 印制份数 主送单位 备注",
    ("信访", 2024): "登记编号 登记日期 信访形式 信访人 人数 反映问题 是否受理 是否立案 办理方式 办理状态 承办科室 办结日期 满意度",
    ("信访", 2025): "登记编号 登记日期 信访类型 信访人 人数 信访内容 是否受理 是否立案 办理方式 办理状态 承办单位 办结日期 满意度",
    ("信息", 2024): "报送日期 标题 报送单位 撰稿人 信息类别 采用刊物 级别 批示情况",
    ("信息", 2025): "报送日期 信息标题 报送科室 执笔人 类别 采用刊物 采用级别 领导批示",
    ("督办", 2024): "督办编号 交办日期 事项内容 来源 批示要求 承办单位 承办人 限办日期 办结日期 办理进展",
    ("督办", 2025): "督办编号 交办日期 督办事项 来源 领导批示要求 责任单位 责任人 办理时限 办结日期 办理情况",
    ("会议", 2024): "会议名称 会议时间 会议类型 会议地点 主持人 出席人数 议题数 会议纪要",
    ("会议", 2025): "会议名称 会议日期 会议类型 地点 主持人 参会人数 议题数 纪要编号",
    ("大事记", 2024): "日期 主要内容 分类",
    ("大事记", 2025): "日期 事项 类别",
    ("工作量", 2024): "月份 事项 数量 备注",
    ("工作量", 2025): "月份 事项 数量 备注",
}  # fmt: skip
MAYOR, DEPUTY, VICES, DIRECTOR = "王建国", "李志刚", ["张丽华", "陈明远", "孙伟"], "刘洋"
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "建华 志强 海燕 文军 晓东 丽娟 国庆 春梅 立新 俊杰 红霞 永刚 秀英 明辉 雪梅 学军 玉兰 振宇 晓峰 静 磊 婷".split()


# ---------------------------------------------------------------- helpers


def topics(month):
    return [t for t, ms in TOPICS.items() if month in ms]


def person(rng):
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def org(name):
    """A township's full name as an addressee."""
    return name + ("办事处" if name.endswith("街道") else "人民政府" if name.endswith(("镇", "乡")) else "")


def add_workdays(d, n):
    while n > 0:
        d += timedelta(days=1)
        n -= is_workday(d)
    return d


def month_days(year, month, workdays_only=True):
    days = [date(year, month, d) for d in range(1, monthrange(year, month)[1] + 1)]
    return [d for d in days if is_workday(d)] if workdays_only else days


def spread(rng, total, weights):
    """Split total over 12 months by weights with a little noise; the parts sum to total exactly."""
    w = [x * rng.uniform(0.94, 1.06) for x in weights]
    raw = [total * x / sum(w) for x in w]
    parts = [int(x) for x in raw]
    for i in sorted(range(12), key=lambda i: parts[i] - raw[i])[: total - sum(parts)]:
        parts[i] += 1
    return parts


def dates(rng, year, total, workdays_only=True, distinct=False):
    """total sorted dates in year, spread over the months by SEASON."""
    out = []
    for m, n in enumerate(spread(rng, total, SEASON[year]), 1):
        days = month_days(year, m, workdays_only)
        out += rng.sample(days, n) if distinct else rng.choices(days, k=n)
    return sorted(out)


def dt(d):
    return datetime(d.year, d.month, d.day)


def put_row(ws, row, values):
    """Write values, leaving None and "" cells empty; dates become Excel dates shown as yyyy-mm-dd."""
    for col, v in enumerate(values, 1):
        if v is None or v == "":
            continue
        cell = ws.cell(row, col, dt(v) if type(v) is date else v)
        if isinstance(v, date):
            cell.number_format = "yyyy-mm-dd hh:mm" if isinstance(v, datetime) and v.hour else "yyyy-mm-dd"


def put_header(ws, row, header):
    put_row(ws, row, header)
    for col in range(1, len(header) + 1):
        ws.cell(row, col).font = Font(bold=True)
        ws.cell(row, col).alignment = Alignment(horizontal="center")


def put_title(ws, row, text, ncols, size=14):
    ws.cell(row, 1, text).font = Font(bold=size > 12, size=size)
    ws.cell(row, 1).alignment = Alignment(horizontal="center" if size > 12 else "left")
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)


def set_widths(ws, header, wide=(), width=12):
    for col, name in enumerate(header, 1):
        ws.column_dimensions[get_column_letter(col)].width = 44 if name in wide else width


def simple_sheet(ws, header, rows, wide=()):
    put_header(ws, 1, header)
    for i, values in enumerate(rows, 2):
        put_row(ws, i, values)
    set_widths(ws, header, wide)


def new_workbook():
    wb = Workbook()
    wb.remove(wb.active)
    return wb


def save_xlsx(wb, path):
    """Save with fixed properties, then rewrite the zip with fixed entry timestamps in openpyxl's stable order."""
    wb.properties.created = wb.properties.modified = FIXED
    wb.properties.creator = wb.properties.lastModifiedBy = UNIT
    buf = io.BytesIO()
    ExcelWriter(wb, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED)).save()  # wb.save() would stamp "now"
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(2026, 1, 5, 9, 0, 0))
            entry.compress_type, entry.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            entry.create_system = 3  # Unix, whatever the platform
            dst.writestr(entry, src.read(info.filename))


# ---------------------------------------------------------------- 收文

IN_COLUMNS = "no date_cell unit ref title copies secret urgency handle section limit done note".split()
IN_BLANK_ROW = {2024: (3, 8, 11), 2025: (1, 9, 10)}
IN_PRENUMBERED = {2024: (6, 12), 2025: (8, 11)}
UP_TITLES = (  # from the city and the county party/congress offices
    "关于做好{y}年{t}工作的通知 关于进一步加强{t}工作的通知 关于开展{t}专项检查的通知 关于召开全市{t}工作会议的通知 "
    "关于报送{t}工作情况的通知 关于印发《{a}{t}工作方案》的通知 关于{t}工作情况的通报"
).split()
DOWN_TITLES = (  # from 县直部门 and townships
    "关于申请拨付{t}工作经费的请示 关于{y}年{t}工作情况的报告 关于{t}工作有关事项的请示 关于商请支持{t}工作的函"
).split()
PERIODIC = {3: "一季度", 4: "一季度", 6: "上半年", 7: "上半年", 9: "前三季度", 10: "前三季度"}
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def incoming_record(rng, year, d, seq, counters):
    kind = rng.choices(["city", "county", "dept", "town"], [42, 9, 36, 13])[0]
    unit, abbr = rng.choice({"city": CITY, "county": COUNTY, "dept": DEPTS, "town": TOWNS}[kind])
    counters[abbr] = counters.get(abbr, 0) + rng.randint(1, 3)
    t, upward = rng.choice(topics(d.month)), kind in ("city", "county")
    if upward and d.month in PERIODIC and rng.random() < 0.12:
        title = f"关于报送{year}年{PERIODIC[d.month]}工作总结的通知"
    elif upward:
        title = rng.choice(UP_TITLES).format(y=year, t=t, a="示例市" if kind == "city" else "示例县")
    else:
        title = rng.choice(DOWN_TITLES).format(y=year, t=t)
    urgency = rng.choices(["普通", "急件", "特急"], [80, 15, 5])[0]
    handle = "办件" if "请示" in title or rng.random() < (0.38 if upward else 0.5) else "阅件"
    limit = done = None
    if handle == "办件":
        limit = add_workdays(d, {"特急": 0, "急件": 1, "普通": rng.choice([3, 3, 5, 5, 7])}[urgency])
        span = [d + timedelta(days=k) for k in range((limit - d).days + 1)]
        done = rng.choice([x for x in span if is_workday(x)])
        done = add_workdays(limit, rng.randint(1, 3)) if rng.random() < 0.05 else done
        done = None if done > date(year + 1, 1, 5) else done  # open when the register was exported
    rec = {"no": f"收{year}-{seq:04d}", "date": d, "date_cell": dt(d), "unit": org(unit)}
    rec["ref"], rec["title"] = f"{abbr}〔{year}〕{counters[abbr]}号", title
    rec["copies"] = rng.choices([1, 2, 3, 4, 5], [70, 14, 9, 4, 3])[0]
    rec["secret"] = rng.choices(["", "内部", "秘密"], [91, 8, 1])[0] or ("无" if year == 2024 else "")
    rec["urgency"], rec["handle"], rec["section"] = urgency, handle, rng.choice(SECTIONS)
    rec["limit"], rec["done"] = limit, done
    rec["note"] = rng.choices(["", "电子公文", "已呈县长阅", "复印送分管副县长", "传阅"], [80, 8, 5, 4, 3])[0]
    return rec


def incoming_spellings_2025(rng, rec):
    """The 2025 clerk's spellings: "3月5日" in 3月-5月, mixed in 6月; 份数 "3份", "２" or empty."""
    d = rec["date"]
    y, m, day = d.year, d.month, d.day
    if m in (3, 4, 5):
        rec["date_cell"] = f"{m}月{day}日"
    elif m == 6:
        rec["style"] = rng.randrange(7)
        serial = (d - date(1899, 12, 30)).days  # an Excel serial number in a plain number cell
        timed = datetime(y, m, day, rng.randint(8, 17), 30)
        texts = [f"{y}/{m}/{day}", f"{y}.{m}.{day}", f"{y}年{m}月{day}日", d.isoformat()]
        rec["date_cell"] = [dt(d), *texts, serial, timed][rec["style"]]
    r = rng.random()
    if r < 0.08 and rec["copies"] == 1:
        rec["copies"] = None
    elif 0.08 <= r < 0.11:
        rec["copies"] = f"{rec['copies']}份"
    elif 0.11 <= r < 0.13:
        rec["copies"] = str(rec["copies"]).translate(FULL_WIDTH)


def incoming(rng, year, out, problems):
    counters, total = {}, {2024: 1703, 2025: 1806}[year]
    recs = [incoming_record(rng, year, d, seq, counters) for seq, d in enumerate(dates(rng, year, total), 1)]
    by_month = {m: [r for r in recs if r["date"].month == m] for m in ALL_MONTHS}
    if year == 2025:
        for rec in recs:
            incoming_spellings_2025(rng, rec)
        assert {r.get("style") for r in by_month[6]} == set(range(7)), "6月 lacks a date spelling"
        by_month[2][-1]["date_cell"] = "2月30日"  # P1
        july = by_month[7][len(by_month[7]) // 2 :]
        next(r for r in july if r["done"] and r["copies"] and r["note"])["date_cell"] = None  # P2
        by_month[5].insert(0, dict(by_month[4][-1]))  # P3
    header = HEADERS["收文", year].split()
    where = {}
    wb = new_workbook()
    for m in ALL_MONTHS:
        ws, rows = wb.create_sheet(f"{m}月"), by_month[m]
        put_title(ws, 1, f"{year}年收文登记簿（{m}月）", len(header))
        put_title(ws, 2, f"登记单位：{UNIT}", len(header), size=11)
        put_header(ws, 3, header)
        r = 4
        for i, rec in enumerate(rows, 1):
            if m in IN_BLANK_ROW[year] and i == len(rows) // 2:
                r += 1  # a fully blank row in the middle
            put_row(ws, r, [i, *(rec[k] for k in IN_COLUMNS)])
            where[(m, i)] = r
            if year == 2025 and (rec["date_cell"] in ("2月30日", None)):
                problems.append(f'2025年收文登记簿.xlsx, sheet "{m}月", row {r}')
            r += 1
        if m in IN_PRENUMBERED[year]:  # the clerk numbered a few rows ahead
            for k in range(len(rows) + 1, len(rows) + rng.randint(3, 6)):
                ws.cell(r, 1, k)
                r += 1
        put_row(ws, r, ["合计", "", "", "", "", f"共{len(rows)}件"])
        set_widths(ws, header, wide=(header[5],))
        ws.column_dimensions["A"].width, ws.column_dimensions["D"].width = 6, 20
    if year == 2025:
        dup = by_month[5][0]
        problems.append(
            f'2025年收文登记簿.xlsx, sheet "5月", row {where[(5, 1)]} repeats sheet "4月", '
            f'row {where[(4, len(by_month[4]))]} (same 收文号 {dup["no"]} and 收文日期 "{dup["date_cell"]}"'
        )
    save_xlsx(wb, out / f"{year}年收文登记簿.xlsx")


# ---------------------------------------------------------------- 会议 (before 发文: 纪要 are outgoing documents)

MEETING_EVENTS = {  # type: month:name of the county-wide and video meetings, a few sampled per year
    "全体会议": pairs(
        "1:县政府第{k}次全体会议 2:全县经济工作会议 3:全县安全生产工作会议 4:全县优化营商环境工作会议 "
        "5:全县防汛抗旱工作会议 7:全县上半年经济运行分析工作会议 11:全县森林防火工作会议 12:全县重点项目建设工作会议"
    ),
    "视频会议": pairs(
        "3:全省安全生产视频会议 5:全省防汛抗旱工作视频会议 6:全市高考服务保障视频会议 8:全市经济运行调度视频会议 "
        "9:全国秋冬季森林防火工作视频会议 10:全市秋粮收购工作视频会议 11:全省根治欠薪工作视频会议 "
        "12:全市岁末年初安全防范视频会议"
    ),
}
MEETING_KINDS = {  # type: (place, 参会人数 range, 议题数 range, 纪要 prefix)
    "常务会议": ("县政府三楼常务会议室", (25, 40), (3, 8), "示政纪"),
    "县长办公会议": ("县政府三楼常务会议室", (12, 20), (2, 6), "示政办纪"),
    "专题会议": (None, (10, 25), (1, 2), "示政办纪"),
    "全体会议": ("县行政中心大会议室", (150, 380), (1, 3), None),
    "视频会议": ("县政府五楼视频会议室", (30, 80), (1, 1), None),
}


def meetings(rng, year, out):
    numbers = {2024: (22, 10, 20, 6, 6), 2025: (24, 11, 22, 7, 7)}[year]
    items = []
    for kind, n in zip(MEETING_KINDS, numbers, strict=True):
        if kind in ("全体会议", "视频会议"):
            for m, name in sorted(rng.sample(MEETING_EVENTS[kind], n), key=lambda e: int(e[0])):
                items.append({"date": rng.choice(month_days(year, int(m))), "type": kind, "name": name})
        else:
            for d in dates(rng, year, n, distinct=True):
                items.append({"date": d, "type": kind, "topics": rng.sample(topics(d.month), 2)})
    items.sort(key=lambda x: (x["date"], x["type"]))
    seq, minutes_day = {}, {}
    for it in items:
        kind, d = it["type"], it["date"]
        place, people, agenda, prefix = MEETING_KINDS[kind]
        seq[kind] = seq.get(kind, 0) + 1
        if kind == "常务会议":
            it["name"] = f"县政府第{seq[kind]}次常务会议"
        elif kind == "县长办公会议":
            it["name"] = "县长办公会议"
        elif kind == "专题会议":
            it["name"] = f"{it['topics'][0]}工作专题会议"
        it["name"] = it["name"].format(k=year - 2021)
        mayor_chairs = kind in ("常务会议", "县长办公会议", "全体会议")
        it["host"] = MAYOR if mayor_chairs else rng.choice([DEPUTY, *VICES])
        minutes = ""
        if prefix:  # 纪要 numbered in meeting order, issued 1-3 working days later
            seq[prefix] = seq.get(prefix, 0) + 1
            day = max(minutes_day.get(prefix, d), add_workdays(d, rng.randint(1, 3)))
            minutes_day[prefix] = it["minutes_date"] = min(day, date(year, 12, 31))
            minutes = it["minutes"] = f"{prefix}〔{year}〕{seq[prefix]}号"
        place = place or rng.choice(["县政府一楼会议室", "县政府五楼小会议室"])
        counts = rng.randint(*people), rng.randint(*agenda)
        it["row"] = [it["name"], d, kind, place, it["host"], *counts, minutes]
    header = HEADERS["会议", year].split()
    wb = new_workbook()
    simple_sheet(wb.create_sheet("会议记录"), header, [it["row"] for it in items], wide=(header[0],))
    save_xlsx(wb, out / f"会议记录{year}.xlsx")
    return items


# ---------------------------------------------------------------- 发文

OUT_KINDS = {  # 文种: (weight, 发文字号 prefixes, title templates)
    "通知": (42, "示政办发 示政办发 示政办发 示政办发 示政发", "关于做好{y}年{t}工作的通知 关于开展{t}专项行动的通知 "
             "关于印发《示例县{t}工作方案》的通知 关于调整示例县{t}工作领导小组成员的通知"),
    "意见": (5, "示政发 示政办发", "关于进一步加强{t}工作的实施意见 关于推进{t}工作的意见"),
    "决定": (1.5, "示政发", "关于表彰{p}年度{t}工作先进集体和先进个人的决定"),
    "方案": (8, "示政办发", "示例县{y}年{t}工作实施方案 示例县{t}专项整治方案"),
    "函": (21, "示政办函 示政函", "关于商请协助做好{t}工作的函 关于{t}有关事项的复函"),
    "批复": (7, "示政函", "关于同意{u}实施{j}项目的批复 关于{u}{j}项目用地有关事项的批复"),
    "请示": (6, "示政文", "关于申请{t}专项资金的请示 关于{t}有关事项的请示"),
    "报告": (9.5, "示政文", "关于{y}年{t}工作情况的报告 关于{t}工作开展情况的报告"),
}  # fmt: skip


def outgoing(rng, year, meeting_items, out, problems):
    minutes = [it for it in meeting_items if "minutes" in it]
    docs = [(it["minutes_date"], "纪要", it["minutes"], f"{it['name']}纪要", "") for it in minutes]
    kinds = list(OUT_KINDS)
    for d in dates(rng, year, {2024: 621, 2025: 596}[year] - len(minutes)):
        kind = rng.choices(kinds, [OUT_KINDS[k][0] for k in kinds])[0]
        kind = "通知" if kind == "决定" and d.month > 4 else kind  # 表彰 early in the year
        _, prefixes, templates = OUT_KINDS[kind]
        unit = org(rng.choice(DEPTS + TOWNS)[0])
        fields = {"y": year, "p": year - 1, "t": rng.choice(topics(d.month)), "u": unit}
        title = rng.choice(templates.split()).format(j=rng.choice(PROJECTS), **fields)
        docs.append((d, kind, rng.choice(prefixes.split()), title, unit))
    seq, rows = {}, []
    for d, kind, prefix, title, unit in sorted(docs, key=lambda x: (x[0], x[2])):
        if kind != "纪要":
            seq[prefix] = seq.get(prefix, 0) + 1
        number = prefix if kind == "纪要" else f"{prefix}〔{year}〕{seq[prefix]}号"
        signer = {"示政发": MAYOR, "示政文": MAYOR, "示政纪": MAYOR, "示政办函": DIRECTOR}.get(prefix)
        copies = {"函": (4, 10), "批复": (5, 10), "请示": (3, 6), "报告": (3, 6), "纪要": (30, 45)}.get(kind)
        to = {"函": unit, "批复": unit, "请示": "市人民政府", "报告": "市人民政府"}
        to["纪要"] = "县政府领导，县直有关单位"
        rows.append([
            len(rows) + 1, number, d, title, kind, signer or rng.choice([DEPUTY, *VICES]), rng.choice(SECTIONS),
            rng.choices(["", "内部"], [93, 7])[0], rng.randint(*(copies or (40, 150))),
            to.get(kind, "各乡镇人民政府、街道办事处，县直各单位"),
            rng.choices(["", "主动公开", "不予公开"], [70, 22, 8])[0],
        ])  # fmt: skip
    if year == 2025:
        bad = next(r for r in rows[len(rows) * 9 // 20 :] if r[4] == "通知")
        bad[8] = "若干"  # P6
        problems.append(f'发文登记簿（2025年）.xlsx, sheet "发文登记", row {bad[0] + 2}')
    header = HEADERS["发文", year].split()
    wb = new_workbook()
    ws = wb.create_sheet("发文登记")
    put_title(ws, 1, f"{UNIT}{year}年发文登记簿", len(header))
    put_header(ws, 2, header)
    for i, values in enumerate(rows, 3):
        put_row(ws, i, values)
    set_widths(ws, header, wide=(header[3], header[9]))
    save_xlsx(wb, out / f"发文登记簿（{year}年）.xlsx")


# ---------------------------------------------------------------- 信访

ISSUES = pairs(  # 承办单位 ("-": the township named in the problem) and 反映问题
    "县人力资源社会保障局:反映{town}某企业拖欠农民工工资问题 县住房城乡建设局:反映城区某小区物业服务问题 "
    "县自然资源局:反映{town}征地补偿标准问题 县交通运输局:反映{town}村道路面损坏问题 "
    "县城市管理局:反映城区夜间施工噪音扰民问题 -:反映{town}宅基地纠纷问题 县民政局:反映低保资格认定问题 "
    "县医保局:反映医保报销政策执行问题 县教育局:反映子女就近入学问题 县农业农村局:反映{town}养殖场异味扰民问题 "
    "县住房城乡建设局:反映商品房延期交付问题 县水利局:反映{town}自来水水压不足问题 "
    "县市场监管局:反映餐饮店食品安全问题 县卫生健康局:反映医疗纠纷处理问题 -:反映{town}土地承包经营权纠纷问题 "
    "县城市管理局:反映{town}违法建设问题 -:反映{town}村务公开问题"
)


def spell(x, style):
    """A date as the 信访 clerks type it: 2025/3/5, 2025年3月5日, 2025.3.5 (2025) or 2024-03-05 (2024)."""
    if x is None:
        return ""
    return [f"{x.year}/{x.month}/{x.day}", f"{x.year}年{x.month}月{x.day}日", f"{x.year}.{x.month}.{x.day}",
            x.isoformat()][style]  # fmt: skip


def petitions(rng, year, out, problems):
    total = {2024: 112, 2025: 98}[year]
    remote = ("网上信访", "来电", "12345")  # these arrive on any day
    recs = []
    for m, n in enumerate(spread(rng, total, SEASON[year]), 1):
        for _ in range(n):
            form = rng.choices(["来信", "来访", *remote, "部门转入"], [15, 25, 25, 10, 15, 10])[0]
            recs.append((rng.choice(month_days(year, m, form not in remote)), form))
    slow = set(rng.sample(range(total * 2 // 3), round(total * 0.045)))  # closed in 61-90 days
    rows = []
    for i, (d, form) in enumerate(sorted(recs)):
        town = rng.choice(TOWNS)[0]
        dept, issue = rng.choice(ISSUES)
        anonymous = form in remote and rng.random() < 0.15
        accepted = i in slow or rng.random() > 0.06
        done = d + timedelta(days=rng.randint(61, 90) if i in slow else int(rng.triangular(3, 60, 12)))
        status = "不予受理" if not accepted else "已办结" if done.year == year else "办理中"
        done = done if status == "已办结" else None
        style = rng.randrange(3) if year == 2025 else 3
        rows.append([
            f"XF{year}-{i + 1:03d}", spell(d, style), form, "匿名" if anonymous else rng.choice(SURNAMES) + "某某",
            rng.randint(3, 12) if form == "来访" and rng.random() < 0.25 else 1, issue.format(town=town),
            "是" if accepted else "否", "是" if accepted and rng.random() < 0.5 else "否",
            rng.choices(["转送", "交办", "直接办理"], [40, 35, 25])[0] if accepted else "", status,
            (org(town) if dept == "-" else dept) if accepted else "", spell(done, style),
            rng.choices(["满意", "基本满意", "不满意", ""], [65, 20, 5, 10])[0] if done else "",
        ])  # fmt: skip
    header = HEADERS["信访", year].split()
    if year == 2025:
        k = next(i for i, r in enumerate(rows) if r[1].startswith("2025/6"))
        rows.insert(k + 1, list(rows[k]))  # P4
        record = f"({rows[k][0]}, {rows[k][1]})"
        problems.append(f"信访登记表2025.csv, rows {k + 2} and {k + 3}: the same record {record}")
    encoding = "utf-8-sig" if year == 2024 else "gbk"
    with open(out / f"信访登记表{year}.csv", "w", encoding=encoding, newline="") as f:
        csv.writer(f, lineterminator="\r\n").writerows([header, *rows])


# ---------------------------------------------------------------- 信息

OUTLETS = [("省政府办公厅《每日要情》", "省级", 6), ("省政府《政务信息》", "省级", 10), ("市政府《政务信息》", "市级", 30),
           ("市政府办公室《要情专报》", "市级", 12), ("县政府《示例政务》", "县级", 42)]  # fmt: skip
INFO_KINDS = {  # 类别: (weight, title templates)
    "动态": (45, "{u}多措并举抓好{t}工作 {u}扎实推进{t}工作 {u}统筹做好{t}工作 {u}高位推动{t}工作取得实效"),
    "简讯": (30, "{u}召开{t}工作推进会 {u}开展{t}专项检查 {u}部署{t}工作"),
    "调研": (8, "关于{u}{t}工作的调研与思考 {u}{t}工作存在的问题及对策建议"),
    "约稿": (10, "{u}{t}工作经验做法 {u}{t}工作进展情况"),
    "紧急": (7, "{u}迅速处置一起{e} {u}全力应对{e}"),
}
INCIDENTS = "道路交通事故 山林火情 强降雨天气 燃气泄漏险情 山体塌方险情 突发停电事件".split()
WRITERS = {"信息科": "周婷 吴昊 郑晓雨", "综合科": "孙立 林佳", "督查科": "马超", "秘书科": "何静"}
WRITERS["县直部门"] = ""  # 县直部门 writers get random names


def information(rng, year, out, problems):
    total, adopted_n, national_n = {2024: (215, 86, 1), 2025: (240, 115, 2)}[year]
    rows, seen = [], set()
    for d in dates(rng, year, total):
        section = rng.choices(list(WRITERS), [50, 12, 8, 6, 24])[0]
        dept = rng.choice(DEPTS)[0] if section == "县直部门" else section
        kind = rng.choices(list(INFO_KINDS), [w for w, _ in INFO_KINDS.values()])[0]
        title = None
        while title is None or title in seen:
            u = rng.choice(["我县", rng.choice(TOWNS)[0]])
            u = dept if section == "县直部门" and rng.random() < 0.6 else u
            fields = {"u": u, "t": rng.choice(topics(d.month)), "e": rng.choice(INCIDENTS)}
            title = rng.choice(INFO_KINDS[kind][1].split()).format(**fields)
        seen.add(title)
        rows.append([d, title, dept, rng.choice(WRITERS[section].split() or [person(rng)]), kind, "", "", ""])
    for n, i in enumerate(rng.sample(range(total), adopted_n)):
        outlet = rng.choices(OUTLETS, [o[2] for o in OUTLETS])[0]
        rows[i][5:7] = ["国务院办公厅《昨日要情》", "国家级"] if n < national_n else outlet[:2]
    notes = {2024: ["市长批示", "省领导批示"], 2025: ["市长批示", "市长批示", "省领导批示", "市长批示"]}
    for note in notes[year]:
        level = "省级" if note.startswith("省") else "市级"
        rng.choice([r for r in rows if r[6] == level and not r[7]])[7] = note
    if year == 2025:  # P5: the first entry after 3-12 was dated 2025-03-12 and typed as 2205
        k = next(i for i, r in enumerate(rows) if r[0] > date(2025, 3, 12))
        rows[k][0] = date(2205, 3, 12)
        problems.append(f'信息报送采用登记2025.xlsx, sheet "信息报送采用登记", row {k + 2}')
    header = HEADERS["信息", year].split()
    wb = new_workbook()
    simple_sheet(wb.create_sheet("信息报送采用登记"), header, rows, wide=(header[1],))
    save_xlsx(wb, out / f"信息报送采用登记{year}.xlsx")


# ---------------------------------------------------------------- 督办

TASKS = (
    "加快推进{p}项目建设 落实县政府常务会议关于{t}工作的议定事项 整改{t}工作检查发现的问题 "
    "办理市长热线转办的{t}相关诉求 督促落实{t}工作部署 解决{p}项目推进中的要素保障问题"
).split()
INSTRUCTIONS = (
    "请抓紧研究落实，按期报告办理结果。 请牵头会同相关部门限期解决，结果报县政府。 "
    "要高度重视，倒排工期，确保按时完成。 请逐项抓好整改，整改情况书面报告。"
).split()


def supervision(rng, out):
    wb = new_workbook()
    for year in YEARS:
        total, year_end = {2024: 72, 2025: 86}[year], date(year, 12, 31)
        rows, seen = [], set()
        for i, d in enumerate(dates(rng, year, total), 1):
            task = None
            while task is None or task in seen:
                task = rng.choice(TASKS).format(p=rng.choice(PROJECTS), t=rng.choice(topics(d.month)))
            seen.add(task)
            source = rng.choices(["文件", "领导批示", "专题会议", "口头交办"], [30, 30, 28, 12])[0]
            leader = rng.choice([MAYOR, DEPUTY, *VICES])
            need = f"{rng.choice(INSTRUCTIONS)}（{leader}）" if source == "领导批示" else ""
            limit = d + timedelta(days=rng.randint(10, 60))
            done = d + timedelta(days=rng.randint(3, (limit - d).days))
            unit = rng.choice(DEPTS + TOWNS)[0]
            row = [f"DB{year}-{i:02d}", d, task, source, need, unit, person(rng), limit, done, "已办结"]
            rows.append(row)
        for r in rng.sample(rows, round(total * 0.08)):
            r[8] = r[7] + timedelta(days=rng.randint(1, 20))  # closed after the deadline
        if year == 2025:  # the snapshot at 2025-12-31: 3 items open past their deadline
            overdue = rng.sample([r for r in rows if date(2025, 11, 1) <= r[7] < year_end], 3)
            for r in rows:
                if r in overdue or (r[8] > year_end and r[7] >= year_end):
                    r[8], r[9] = None, "正在办理"
                elif r[8] > year_end:
                    r[8] = year_end  # a late item closed on the last day of the year
        header = HEADERS["督办", year].split()
        simple_sheet(wb.create_sheet(f"{year}年"), header, rows, wide=(header[2], header[4]))
    save_xlsx(wb, out / "督办事项台账.xlsx")


# ---------------------------------------------------------------- 大事记

EVENTS = table("""
办文 4,10 县政府办公室组织开展公文质量专项评查。
办文 3,9 县政府办公室举办全县公文处理业务培训班。
办文 3 县政府办公室完成上年度文书档案整理归档工作。
办文 2,3 县政府办公室印发《示例县人民政府{y}年重点工作任务分解方案》。
督查督办 5,9 县政府督查室对全县重点项目建设进展情况开展专项督查。
督查督办 5,6 县政府督查室对防汛备汛工作开展督查。
督查督办 7 县政府督查室对{y}年民生实事推进情况开展半年督查。
督查督办 12 县政府督查室开展岁末年初安全生产督查。
信息 2,3 县政府办公室召开全县政务信息工作会议。
信息 6,8 县政府办公室举办全县政务信息业务培训班。
信访 4,8,10 县政府领导在县信访接待中心开展领导干部公开接访活动。
信访 5,9 县政府办公室组织开展信访积案化解攻坚行动。
值班应急 春节 县政府办公室部署春节期间值班值守工作。
值班应急 6,7,8 县防汛抗旱指挥部启动防汛Ⅳ级应急响应，县政府办公室加强值班值守。
值班应急 9 县政府办公室部署国庆假期值班值守工作。
值班应急 5,11 县政府办公室组织开展突发事件应急演练。
机关事务 6 县政府机关开展节能宣传周活动。
机关事务 11 县政府机关开展消防安全检查和应急疏散演练。
机关事务 4,10 县政府机关开展公务用车使用管理专项检查。
机关事务 7 县政府机关食堂开展反食品浪费专项行动。
自身建设 1,3,5,8,10,12 县政府办公室召开党组理论学习中心组学习会。
自身建设 7 县政府办公室开展“七一”主题党日活动。
自身建设 2,3 县政府办公室召开党风廉政建设工作会议。
自身建设 12 县政府办公室召开年度工作务虚会，谋划{n}年工作。
""")  # 类别, months, 事项


def chronicle(rng, meetings_by_year, out):
    wb = new_workbook()
    for year in YEARS:
        rows = []
        for m in ALL_MONTHS:
            held = [it for it in meetings_by_year[year] if it["date"].month == m]
            items = []
            for kind in ("常务会议", "全体会议"):
                if its := [it for it in held if it["type"] == kind]:
                    it = rng.choice(its)
                    what = "研究部署{}、{}等工作".format(*it["topics"]) if "topics" in it else "部署相关工作"
                    name = it["name"].removeprefix("县政府")
                    items.append((it["date"], f"县政府召开{name}，{what}。", "办会"))
            spring = str(SPRING_FESTIVAL[year])
            pool = [(c, text, None) for c, when, text in EVENTS if m in months(when.replace("春节", spring))]
            if special := [it for it in held if it["type"] == "专题会议"]:
                it = rng.choice(special)
                title = "常务副县长" if it["host"] == DEPUTY else "副县长"
                pool.append(("办会", f"{title}{it['host']}主持召开{it['name']}。", it["date"]))
            for cat, text, d in rng.sample(pool, min(len(pool), rng.randint(3, 5) - len(items))):
                items.append((d or rng.choice(month_days(year, m)), text.format(y=year, n=year + 1), cat))
            assert 3 <= len(items) <= 5, (year, m, len(items))
            rows += sorted(items)
        header = HEADERS["大事记", year].split()
        simple_sheet(wb.create_sheet(f"{year}年"), header, rows, wide=(header[1],))
    save_xlsx(wb, out / "大事记.xlsx")


# ---------------------------------------------------------------- 工作量, workspace files

WORKLOAD = [("业务学习交流", (1, 2), "次"), ("公务接待", (5, 20), "批次"), ("公务用车", (30, 80), "车次"),
            ("文印", (300, 900), "份"), ("编发刊物", (1, 3), "期"), ("值班", None, "天")]  # fmt: skip


def workload(rng, out):
    wb = new_workbook()
    for year in YEARS:
        header = HEADERS["工作量", year].split()
        ws = wb.create_sheet(str(year))
        put_title(ws, 1, f"{year}年其他工作量统计", len(header))
        put_header(ws, 2, header)
        for k, (m, (name, span, unit)) in enumerate(((m, w) for m in ALL_MONTHS for w in WORKLOAD), 3):
            n = monthrange(year, m)[1] if span is None else rng.randint(*span)
            put_row(ws, k, [f"{year}年{m}月", name, n, unit])
        set_widths(ws, header, width=14)
    save_xlsx(wb, out / "其他工作量统计.xlsx")


WORKSPACE_TOML = """\
# 示例工作区：示例县人民政府办公室
unit = "示例县人民政府办公室"
year = 2025
lang = "zh-Hans"
superior = "县委、县政府"

[targets]    # 年度目标
"信息采用" = 110
"信访按期办结率" = 0.95
"督办按期办结率" = 0.9

# 作为正式公文报送时（GB/T 9704 的红头、发文字号、主送机关、版记、加盖印章的落款），去掉下面各行行首的 # 即可：
# [report]
# issuer = "示例县人民政府办公室文件"
# number = "示政办〔2025〕12号"
# addressee = "县委、县政府"
# cc = "县委办公室，县人大常委会办公室"
# printer = "示例县人民政府办公室"
# print_date = 2025-12-31
# seal = true
"""

NOTES_MD = """\
# 导语

坚持围绕中心、服务大局，以提升办文办会办事质效为主线，推动县政府办公室各项工作再上新台阶。

# 亮点

## 办文

- 严格落实公文审核校对制度，公文质量和办理时效持续提升。
- 全面推行电子公文流转，实现收文登记、分办、传阅全流程线上办理。

## 办会

- 精心组织县政府常务会议、县长办公会议等重要会议，会前议题审核、会中服务保障、会后纪要印发衔接有序。
- 推行无纸化会议系统，会议组织更加高效节俭。

## 督查督办

- 建立重点工作清单化管理、节点化推进、销号式落实的督办机制，对逾期事项实行预警通报。
- 围绕重点项目建设、民生实事等开展专项督查，推动一批难点问题有效解决。

## 信息

- 聚焦县委、县政府中心工作，加强重大部署落实情况的动态信息和调研信息报送，信息质量明显提升。
- 建立信息约稿和紧急信息快报机制，突发事件信息做到第一时间报送。

## 信访

- 坚持和发展新时代“枫桥经验”，落实领导干部公开接访和包案化解制度。
- 规范信访事项受理、交办、办理、答复各环节，推进信访工作法治化。

# 存在问题

- 个别承办单位对办理时限重视不够，督办事项仍有超期办结现象。
- 信息报送深度不够，有分量的调研类信息偏少，在上级刊物的采用层次有待提高。
- 干部队伍能力素质与新形势新任务要求还有差距，业务培训的系统性有待加强。

# 工作打算

- 深化公文处理规范化建设，进一步提高办文效率和质量。
- 完善督查督办闭环管理机制，强化结果运用，确保县委、县政府决策部署落地见效。
- 加强信息工作队伍建设，提升信息报送的时效性和针对性。
- 持续推进信访工作法治化，从源头上预防和减少信访问题发生。
"""


def main(argv):
    out = Path(argv[0]) if argv else DEFAULT_OUT
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(SEED)
    problems, meetings_by_year = [], {}
    for year in YEARS:
        incoming(rng, year, out, problems)
        meetings_by_year[year] = meetings(rng, year, out)
        outgoing(rng, year, meetings_by_year[year], out, problems)
        petitions(rng, year, out, problems)
        information(rng, year, out, problems)
    supervision(rng, out)
    chronicle(rng, meetings_by_year, out)
    workload(rng, out)
    (out / "summarize.toml").write_bytes(WORKSPACE_TOML.encode("utf-8"))
    (out / "总结素材.md").write_bytes(NOTES_MD.encode("utf-8"))
    doc = " ".join(__doc__.split())
    if any(p not in doc for p in problems) or len(problems) != doc.count("- P"):
        sys.exit(
            "the docstring's list of deliberate problems is out of date; they are now:\n"
            + "\n".join(problems)
        )
    print(f"wrote the sample workspace to {out}")


if __name__ == "__main__":
    main(sys.argv[1:])

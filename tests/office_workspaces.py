"""Two workspaces of other office types, built with rows known by construction: a 市委组织部办公室 and a 县人民法院
办公室. Each month's count of every kind is a formula of the month (so totals are known without reading back),
the registers carry their office's name in a 登记单位 row, and the 大事记 repeat events of one kind.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tests.conftest import write_xlsx

LEVELS = ("国家级", "省级", "市级", "县级")


def _days(year: int, month: int, n: int) -> list[date]:
    return [date(year, month, 1 + (i * 27) // max(n, 1)) for i in range(n)]


def organisation(folder: Path) -> dict:
    """市委组织部办公室: 收文, 发文, 会议 (部务会, 部长办公会), 信息 with 采用级别 and 采用刊物, 工作量 (编发《组工信息》
    in 期, 举办业务培训班 in 期, 接待来访 in 批次) and a 大事记 without an importance column. Returns what it wrote."""
    unit = "某某市委组织部办公室"
    title = [f"登记单位：{unit}"]
    incoming, outgoing, meetings, info, work = [], [], [], [], []
    for year in (2024, 2025):
        for m in range(1, 13):
            for i, d in enumerate(_days(year, m, 10 + m + (year - 2024) * 2)):
                incoming.append(
                    [
                        f"收{year}-{m:02d}{i:02d}",
                        d,
                        "市委办公室",
                        f"关于{m}月工作的通知{i}",
                        "急件" if i % 5 == 0 else "平件",
                    ]
                )
            for i, d in enumerate(_days(year, m, 3 + m % 4)):
                outgoing.append(
                    [f"组办发〔{year}〕{m * 10 + i}号", d, f"关于做好{m}月组织工作的通知{i}", "通知"]
                )
            for i, d in enumerate(_days(year, m, 2)):
                meetings.append([d, "部务会" if i == 0 else "部长办公会", f"{m}月第{i + 1}次会议"])
            for i, d in enumerate(_days(year, m, 8)):
                level = LEVELS[i % 4] if i < (3 if year == 2024 else 5) else None
                paper = {
                    "国家级": "《组工通讯》",
                    "省级": "《组工信息》",
                    "市级": "《组工信息》",
                    "县级": "《党建动态》",
                }
                info.append([d, f"{year}年{m}月信息{i}", "组织科", level and paper[level], level])
            work += [[f"{year}年{m}月", "编发《组工信息》", 2], [f"{year}年{m}月", "接待来访", 3 + m % 3]]
            if m in (3, 6, 9):
                work.append([f"{year}年{m}月", "举办业务培训班", 1])
    write_xlsx(
        folder / "2025年收文登记簿.xlsx",
        {
            "收文": [
                ["2024—2025年收文登记簿"],
                title,
                ["收文编号", "收文日期", "来文单位", "文件标题", "紧急程度"],
                *incoming,
            ]
        },
    )
    write_xlsx(
        folder / "发文登记.xlsx",
        {"发文": [[f"{unit}发文登记簿"], ["发文字号", "发文日期", "文件标题", "文种"], *outgoing]},
    )
    write_xlsx(folder / "会议记录.xlsx", {"会议": [title, ["会议日期", "会议类型", "会议名称"], *meetings]})
    write_xlsx(
        folder / "信息报送.xlsx",
        {"信息": [title, ["报送日期", "信息标题", "报送科室", "采用刊物", "采用级别"], *info]},
    )
    write_xlsx(folder / "工作量统计.xlsx", {"工作量": [title, ["月份", "事项", "数量"], *work]})
    events = []
    for m in (1, 4, 7, 10):
        events.append([date(2025, m, 12), "市委组织部召开部务会理论学习中心组学习会。", "自身建设"])
    events += [
        [date(2025, 3, 5), "市委组织部办公室举办全市组工信息业务培训班。", "信息"],
        [date(2025, 9, 5), "市委组织部办公室举办全市组工信息业务培训班。", "信息"],
        [date(2025, 5, 20), "市委组织部召开全市组织工作会议，部署相关工作。", "办会"],
        [date(2025, 11, 2), "市委组织部办公室开展档案规范化管理专项检查。", "党建"],
    ]
    write_xlsx(folder / "大事记.xlsx", {"2025": [["日期", "事项", "类别"], *events]})
    return {
        "unit": unit,
        "incoming": incoming,
        "outgoing": outgoing,
        "info": info,
        "work": work,
        "events": events,
    }


def court(folder: Path) -> dict:
    """县人民法院办公室: 收文, 发文, 督办 (one item open past its deadline), 信访 (falling: no problem), 信息 (采用率
    falling: a problem), 工作量 (编发《审判简报》 in 期, 公务接待 in 批次) and a 大事记 with a 重要 column."""
    unit = "某某县人民法院办公室"
    title = [f"填报单位：{unit}"]
    incoming, outgoing, tasks, petitions, info, work = [], [], [], [], [], []
    for year in (2024, 2025):
        for m in range(1, 13):
            for i, d in enumerate(_days(year, m, 6 + m)):
                incoming.append([f"法收{year}{m:02d}{i:02d}", d, "市中级人民法院", f"通知{year}{m}{i}"])
            for i, d in enumerate(_days(year, m, 2 + m % 3)):
                outgoing.append([f"某法发〔{year}〕{m * 10 + i}号", d, f"文件{year}{m}{i}", "通知"])
            for i, d in enumerate(_days(year, m, 3 if year == 2024 else 2)):
                petitions.append([f"信{year}{m:02d}{i}", d, "来信", "是", "已办结", d])
            for i, d in enumerate(_days(year, m, 6)):
                adopted = i < (4 if year == 2024 else 2)  # 采用率 66.7% → 33.3%
                info.append(
                    [
                        d,
                        f"审判信息{year}{m}{i}",
                        "市级" if adopted else None,
                        "《法院工作》" if adopted else None,
                    ]
                )
            work += [[f"{year}年{m}月", "编发《审判简报》", 1], [f"{year}年{m}月", "公务接待", 4]]
        for i in range(12):
            start = date(year, i + 1, 3)
            done = None if (year, i) == (2025, 10) else date(year, i + 1, 20)
            tasks.append([start, f"{year}年督办事项{i + 1}", "执行局", date(year, i + 1, 25), done])
    write_xlsx(
        folder / "收文登记.xlsx", {"收文": [title, ["收文号", "收文日期", "来文单位", "文件标题"], *incoming]}
    )
    write_xlsx(
        folder / "发文登记.xlsx", {"发文": [title, ["发文字号", "发文日期", "文件标题", "文种"], *outgoing]}
    )
    write_xlsx(
        folder / "督办台账.xlsx",
        {"督办": [title, ["交办日期", "督办事项", "责任单位", "办理时限", "办结日期"], *tasks]},
    )
    write_xlsx(
        folder / "信访登记.xlsx",
        {
            "信访": [
                title,
                ["登记编号", "登记日期", "信访形式", "是否受理", "办理状态", "办结日期"],
                *petitions,
            ]
        },
    )
    write_xlsx(
        folder / "信息报送.xlsx", {"信息": [title, ["报送日期", "信息标题", "采用级别", "采用刊物"], *info]}
    )
    write_xlsx(folder / "工作量.xlsx", {"工作量": [["日期", "事项", "数量"], *work]})
    events = [
        [date(2025, 2, 10), "县法院召开全院干警大会。", "办会", "是"],
        [date(2025, 3, 10), "县法院办公室开展卷宗归档专项检查。", "办文", ""],
        [date(2025, 6, 1), "县法院承办全市法院办公室主任座谈会。", "办会", "是"],
        [date(2025, 8, 1), "县法院召开全县法院系统会务工作培训会。", "办会", ""],
    ]
    write_xlsx(folder / "大事记.xlsx", {"2025": [["日期", "事项", "类别", "是否重要"], *events]})
    return {"unit": unit, "incoming": incoming, "info": info, "work": work, "events": events, "tasks": tasks}

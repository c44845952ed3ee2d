"""The workspace settings file ``summarize.toml``: what each key means, its default, and its validation.

Every key is optional; a folder with no ``summarize.toml`` works with the defaults and infers the year from the
registers. Unknown keys are errors (a misspelt key silently ignored would give wrong documents), and every error
names the line to change.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from summarize.derive import BONUS_KEY, Scoring
from summarize.errors import SummarizeError
from summarize.layout import Layout
from summarize.report.official import KEYS as OFFICIAL_KEYS
from summarize.report.official import OfficialMarks, marks_from_settings
from summarize.workdays import NO_CALENDAR, Calendar, DeadlineRule

CONFIG_NAME = "summarize.toml"
# zh-Hant is Taiwan's forms (為, 群, 啟); zh-Hant-HK Hong Kong's (為, 羣, 啓). See summarize.report.lang.
LANGS = ("zh-Hans", "zh-Hant", "zh-Hant-TW", "zh-Hant-HK")
MAX_TARGET = 10**12  # far above any office's yearly figure; beyond it a number is a typo (or inf)
SMALL_BASE = 10  # fewer items than this are said in counts, not percentages (see summarize.bases)
OUTLETS_KEY = "刊物"  # [scoring."刊物"]: points by 采用刊物
T = TypeVar("T")


@dataclass(frozen=True)
class SettingKey:
    """A top-level key of summarize.toml: the TOML type of its value, what it is (messages name it so) and how to
    fill it in (``summarize init`` writes both in a comment above it)."""

    kind: type
    label: str
    guide: str = ""

    @property
    def is_table(self) -> bool:
        """Whether the key is a ``[table]``, written after the plain keys (TOML puts those first)."""
        return self.kind is dict


# Every top-level key, in the order ``summarize init`` writes them; the loader checks each against its kind and
# builds the typed value :class:`Settings` holds. [metrics] is checked by the catalogue's own loader
# (summarize.metrics), with the workspace's 指标目录.toml.
SETTING_KEYS = {
    "unit": SettingKey(str, "单位名称", "用于文档标题和落款"),
    "year": SettingKey(int, "年度", "生成哪一年的年终总结；删去此行则取台账中最近的年份"),
    "lang": SettingKey(
        str,
        "文字",
        '"zh-Hans" 简体，"zh-Hant" 繁体（台湾字形，也可写 "zh-Hant-TW"），"zh-Hant-HK" 繁体（香港字形）',
    ),
    "superior": SettingKey(
        str, "上级机关", "导语“在……的坚强领导下”中的“……”，如“县委、县政府”；不填则文档中提示补充"
    ),
    "ignore": SettingKey(
        list, "不读取的文件", '写文件名或相对路径，如 ["旧台账备份.xlsx", "2019/收文.xlsx"]'
    ),
    "files": SettingKey(
        dict, "按文件指定台账种类", "文件名、工作表名和标题中都看不出是哪种台账时在这里写明。"
    ),
    "targets": SettingKey(
        dict, "年度目标", "指标名 = 目标值。数量写件（份、条）数，比率写小数（0.95 即 95%）。"
    ),
    "deadlines": SettingKey(
        dict,
        "办理期限",
        "用于判断是否按期办结。台账中填了“办理时限”的以台账为准，没填的按这里的规则推算。",
    ),
    "holidays": SettingKey(
        dict,
        "节假日安排",
        "内置数据还没有某年的安排时（按工作日计算期限会按法定节假日推算并标为暂定），可按国务院办公厅的通知"
        "填写该年的放假日期和调休上班日期，优先于内置数据。",
    ),
    "layout": SettingKey(
        dict, "文档版式", "默认按 GB/T 9704—2012《党政机关公文格式》，下列各项均为默认值，需要时修改。"
    ),
    "report": SettingKey(dict, "文档落款等", "落款单位和日期、小基数、附件，以及作为正式公文报送时的要素"),
    "scoring": SettingKey(
        dict,
        "信息计分标准",
        "按采用级别计分，采用刊物另有分值的按刊物计分，获领导批示的加分；信息登记簿中填了“得分”的以登记簿为准。",
    ),
    "metrics": SettingKey(dict, "增加或修改指标", "一般不需要；写法同软件自带的指标目录 catalogue.toml。"),
}


@dataclass(frozen=True)
class ReportTable:
    """``[report]``, typed: the 落款 (None: the unit's name), the 成文日期 (None: the end of the period), the small
    base, the 年终总结's 附件 and the 公文 elements (None when the report is no formal 报告)."""

    signature: str | None = None
    date: date | None = None
    small_base: int = SMALL_BASE
    appendix: str = "main"
    marks: OfficialMarks | None = None


@dataclass(frozen=True)
class Settings:
    """The settings of one workspace, with defaults for everything the file leaves out, each table typed and
    checked when the file was read (:func:`load_settings`)."""

    unit: str = ""
    year: int | None = None
    lang: str = "zh-Hans"
    superior: str = ""
    ignore: list[str] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)
    targets: dict[str, float] = field(default_factory=dict)
    deadlines: dict[str, DeadlineRule] = field(
        default_factory=dict
    )  # beyond these, defaults.toml's built-in rules
    holidays: Calendar = NO_CALENDAR
    layout: Layout = field(default_factory=Layout)
    report: ReportTable = field(default_factory=ReportTable)
    scoring: Scoring = field(default_factory=Scoring)
    metrics: dict[str, dict[str, Any]] = field(default_factory=dict)  # checked by summarize.metrics
    source: Path | None = None


# tomllib's explanations of a syntax error → what the clerk should change.
_TOML_HINTS = (
    (
        "Invalid initial character for a key",
        '中文名称须加英文双引号，如 [deadlines."信访"] 或 "信息采用" = 110',
    ),
    ("Invalid statement", '这一行不是“名称 = 值”的写法；中文名称须加英文双引号，如 "信息采用" = 110'),
    (
        "Expected '=' after a key",
        '名称后面缺少英文等号“=”（不能用中文“＝”）；中文名称须加英文双引号，如 "信息采用" = 110',
    ),
    (
        "Invalid value",
        "值的写法不对：文字须用英文双引号括起来（不能用中文引号“”），数字不加引号，日期写作 2025-12-31",
    ),
    ("Cannot overwrite a value", "同一项设置写了两次，请删去一处"),
    ("Cannot declare", "同一个 [表] 写了两次，请合并为一处"),
    ("Illegal character", "引号没有成对：文字两边都要有英文双引号"),
    ("Unterminated string", "引号没有成对：文字两边都要有英文双引号"),
    ("Unclosed string", "引号没有成对：文字两边都要有英文双引号"),
    ("Expected ']'", "方括号没有成对，如 [targets] 少了“]”"),
    ("Unclosed array", "方括号没有成对：列表 [ … ] 少了“]”"),
    ("Unclosed inline table", "花括号没有成对：{ … } 少了“}”"),
    (
        "Expected newline or end of document",
        "一行只能写一项设置，值后面有多余的内容（如数字中间有空格、日期不存在）",
    ),
)


def read_toml(path: Path) -> tuple[dict[str, Any], str]:
    """A TOML file (``summarize.toml``, ``指标目录.toml``) and its text.

    Raises :class:`SummarizeError` (exit code 2) for a file that is not UTF-8 or not valid TOML, naming the line,
    quoting it and saying in Chinese what to change.
    """
    refuse_special_file(path, "配置文件")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SummarizeError(f"配置文件“{path.name}”不是 UTF-8 编码，请用记事本“另存为 UTF-8”后重试") from exc
    except OSError as exc:
        raise SummarizeError(f"配置文件“{path.name}”无法打开（可能没有读取权限）") from exc
    try:
        return tomllib.loads(text), text
    except RecursionError as exc:  # [[[[…]]]] thousands deep: tomllib recurses once a level
        raise SummarizeError(
            f"配置文件“{path.name}”中的列表或表嵌套层数过多，无法读取；设置中用不到多层嵌套"
        ) from exc
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        hint = next((h for english, h in _TOML_HINTS if english in message), "请对照说明检查这一行的写法")
        m = re.search(r"line (\d+), column (\d+)", message)
        lines = text.splitlines()
        if m is None:  # "at end of document": the last line written
            number = next((i for i in range(len(lines), 0, -1) if lines[i - 1].strip()), None)
        else:
            number = int(m.group(1))
        quoted = lines[number - 1].strip() if number and number <= len(lines) else ""
        at = f"第{number}行" if number else ""
        shown = f"（该行内容：{quoted}）" if quoted else ""
        raise SummarizeError(f"配置文件“{path.name}”{at}有语法错误：{hint}{shown}") from exc


def refuse_special_file(path: Path, what: str) -> None:
    """Refuse a named pipe, device or socket where a file of the workspace is expected: reading one would wait
    for ever (a FIFO named summarize.toml) or never end (a device)."""
    if path.exists() and not path.is_file():
        kind = "文件夹" if path.is_dir() else "管道或设备等特殊文件"
        raise SummarizeError(f"{what}“{path.name}”是{kind}，不是普通文件；请删除它，或换成普通文件")


def _line_of(text: str, key: str | None, table: tuple[str, ...] = ()) -> int | None:
    """The line where ``key`` is set (inside ``[table]`` when given) or opens a table (``[table.key]`` too), so
    an error can point at it; the table's own line when ``key`` is None or not found in it."""
    m = _header(text, (*table, key)) if table and key is not None else None
    header = _header(text, table) if table else None
    if m is None and key is not None:
        pattern = re.compile(rf'^[ \t]*(\[\s*)?"?{re.escape(key)}"?\s*(=|\]|\.)', re.MULTILINE)
        m = pattern.search(text, header.end() if header else 0)
    m = m or header
    return text.count("\n", 0, m.start()) + 1 if m else None


def _header(text: str, table: tuple[str, ...]) -> re.Match[str] | None:
    """Where the ``[a."b"]`` header of ``table`` is written, if it is."""
    parts = r"\s*\.\s*".join(f'"?{re.escape(part)}"?' for part in table)
    return re.compile(rf"^[ \t]*\[\s*{parts}\s*\]", re.MULTILINE).search(text)


def error_at(path: Path, text: str, key: str | None, why: str, table: tuple[str, ...] = ()) -> SummarizeError:
    """A settings error naming the line where ``key`` is set in ``table`` (the table's line when not found)."""
    line = _line_of(text, key, table)
    at = f"第{line}行" if line else ""
    return SummarizeError(f"配置文件“{path.name}”{at}：{why}")


def load_settings(folder: Path) -> Settings:
    """Read ``summarize.toml`` from a workspace folder; defaults when the file does not exist.

    Every table is checked and typed here, once. Raises :class:`SummarizeError` naming the line for a syntax
    error, an unknown key or a value of the wrong type.
    """
    path = folder / CONFIG_NAME
    if not path.exists():
        return Settings()
    refuse_special_file(path, "配置文件")
    raw, text = read_toml(path)
    for key, value in raw.items():
        if key not in SETTING_KEYS:
            known = "、".join(SETTING_KEYS)
            raise error_at(path, text, key, f"不认识的设置项“{key}”。可用的设置项：{known}")
        expected = SETTING_KEYS[key].kind
        ok = isinstance(value, expected) and not isinstance(value, bool)
        if key == "year":
            ok = ok and 1990 <= value <= 2100
        if not ok:
            raise error_at(path, text, key, f"“{key}”（{SETTING_KEYS[key].label}）的值“{value}”不合要求")
    lang = raw.get("lang", "zh-Hans")
    if lang not in LANGS:
        raise error_at(path, text, "lang", f"lang 只能是 {' 或 '.join(LANGS)}，而不是“{lang}”")
    file = _File(path, text)
    return Settings(
        unit=raw.get("unit", ""),
        year=raw.get("year"),
        lang=lang,
        superior=raw.get("superior", ""),
        ignore=raw.get("ignore", []),
        files=_files(file, raw.get("files", {})),
        targets=_targets(file, raw.get("targets", {})),
        deadlines=_deadlines(file, raw.get("deadlines", {})),
        holidays=_holidays(file, raw.get("holidays", {})),
        layout=_built(file, ("layout",), raw.get("layout", {}), Layout, Layout.from_settings),
        report=_report(file, raw.get("report", {})),
        scoring=_scoring(file, raw.get("scoring", {})),
        metrics=raw.get("metrics", {}),
        source=path,
    )


@dataclass(frozen=True)
class _File:
    """The settings file being read, to point an error at a line of it."""

    path: Path
    text: str

    def error(self, key: str | None, why: str, table: tuple[str, ...] = ()) -> SummarizeError:
        return error_at(self.path, self.text, key, why, table)


def check_listed_files(settings: Settings, folder: Path) -> None:
    """Every file [files] names is in the workspace. Checked when the registers are read, not with the rest of
    the settings: a settings file may be written before the files it names arrive."""
    for name in settings.files:
        # Files are named as the reader names them: relative to the workspace, "/" between folders. Any other
        # name ("../收文.xlsx", "./收文.xlsx", "D:/台账/收文.xlsx", on Windows "2025\\收文.xlsx") was accepted
        # and never used.
        rel = Path(name)
        outside = rel.is_absolute() or bool(rel.drive) or ".." in rel.parts or rel.as_posix() != name
        if outside or not (folder / name).is_file():
            path = settings.source or folder / CONFIG_NAME
            text = path.read_text(encoding="utf-8-sig") if path.is_file() else ""
            why = f"[files] 中列出的文件“{name}”不在工作区中（文件名须写全，含扩展名，如“收文登记.xlsx”"
            why += "；子文件夹中的文件写作“子文件夹/收文登记.xlsx”）"
            raise error_at(path, text, name, why, ("files",))


def _files(file: _File, files: dict[str, Any]) -> dict[str, str]:
    """``[files]``: file name → register kind, every kind one that exists."""
    from summarize.registers import kind_specs

    kinds = kind_specs()
    for name, kind in files.items():
        if not isinstance(kind, str) or kind not in kinds:
            why = f"[files] 中“{name}”指定的台账种类“{kind}”不存在；可用的种类：{'、'.join(kinds)}"
            raise file.error(name, why, ("files",))
    return files


def _targets(file: _File, targets: dict[str, Any]) -> dict[str, float]:
    """``[targets]``: metric → a number from 0 to :data:`MAX_TARGET` (which metrics exist is checked once the
    registers are read, see :func:`summarize.metrics.check_targets`)."""
    for name, target in targets.items():
        if isinstance(target, bool) or not isinstance(target, int | float):
            raise file.error(name, f"年度目标“{name}”须是数字，而不是“{target}”", ("targets",))
        if not 0 <= target <= MAX_TARGET:  # also refuses nan and inf, which TOML allows
            why = f"年度目标“{name}”应为 0 到 1万亿之间的数字，而不是“{target}”"
            raise file.error(name, why, ("targets",))
    return targets


def _deadlines(file: _File, deadlines: dict[str, Any]) -> dict[str, DeadlineRule]:
    """``[deadlines."信访"]`` and the like: register kind → its deadline rule."""
    from summarize.registers import kind_specs

    kinds = kind_specs()
    rules = {}
    for kind, rule in deadlines.items():
        if kind not in kinds or not isinstance(rule, dict):
            why = f'[deadlines] 中的“{kind}”不是台账种类；应写作 [deadlines."信访"] 这样的表，可用的种类：{"、".join(kinds)}'
            raise file.error(kind, why, ("deadlines",))
        if "days" not in rule:
            why = f'[deadlines."{kind}"] 中须写明期限天数，如“days = 60”'
            raise file.error(None, why, ("deadlines", kind))
        rules[kind] = _built(file, ("deadlines", kind), rule, DeadlineRule, lambda r: DeadlineRule(**r))
    return rules


def _holidays(file: _File, holidays: dict[str, Any]) -> Calendar:
    """``[holidays.2027]`` and the like: the holiday schedules the workspace gives, a year at a time so that an
    error names the year's line."""
    for year, table in holidays.items():
        try:
            Calendar.from_settings({year: table})
        except SummarizeError as exc:
            key = next(
                (k for k in (table if isinstance(table, dict) else {}) if f"“{k}”" in exc.message), None
            )
            where = ("holidays", year) if key else ("holidays",)
            raise file.error(key or year, f"[holidays] 中{exc.message}", where) from exc
    return Calendar.from_settings(holidays)


# The keys of [report]; the other tables are checked against the fields of what they configure.
REPORT_KEYS = {
    "signature": "落款单位",
    "date": "落款日期",
    "small_base": "基数少于此数时只说件数，不说百分比（默认10）",
    "appendix": "年终总结的附件：main 只附主要指标统计表（默认），full 另附统计口径说明",
    **OFFICIAL_KEYS,
}
DATE_KEYS = ("date", "print_date")


def _report(file: _File, report: dict[str, Any]) -> ReportTable:
    """``[report]``: each key of :data:`REPORT_KEYS` with a value of its type, the 发文字号 well formed."""
    for key, value in report.items():
        if key not in REPORT_KEYS:
            known = "、".join(f"{k}（{v}）" for k, v in REPORT_KEYS.items())
            raise file.error(key, f"[report] 中不认识的设置项“{key}”；可用的设置项：{known}", ("report",))
        if key in DATE_KEYS:
            ok, form = isinstance(value, date), "日期，写作 2025-12-31（不加引号）"
        elif key == "small_base":
            ok = isinstance(value, int) and not isinstance(value, bool) and value > 0
            form = "正整数，如 10（不加引号）"
        elif key == "seal":
            ok, form = isinstance(value, bool), "true 或 false"
        elif key == "appendix":
            ok, form = value in ("main", "full"), "“main”或“full”（加英文双引号）"
        else:
            ok, form = isinstance(value, str), "加英文双引号的文字"
        if not ok:
            raise file.error(key, f"[report] 中“{key}”（{REPORT_KEYS[key]}）应为{form}", ("report",))
    try:
        marks = marks_from_settings(report)
    except SummarizeError as exc:  # only the 发文字号 can be malformed
        raise file.error("number", f"[report] 中{exc.message}", ("report",)) from exc
    return ReportTable(
        signature=report.get("signature"),
        date=report.get("date"),
        small_base=report.get("small_base", SMALL_BASE),
        appendix=report.get("appendix", "main"),
        marks=marks,
    )


def _scoring(file: _File, scoring: dict[str, Any]) -> Scoring:
    """``[scoring]``: points by 采用级别 (and the 批示 bonus) over the defaults, and ``[scoring."刊物"]`` points by
    采用刊物; every value a finite number."""
    outlets = scoring.get(OUTLETS_KEY, {})
    if not isinstance(outlets, dict):
        why = f'[scoring] 中的“{OUTLETS_KEY}”应写作 [scoring."{OUTLETS_KEY}"] 这样的表，其下逐行写 "刊物名" = 分值'
        raise file.error(OUTLETS_KEY, why, ("scoring",))
    levels = {key: value for key, value in scoring.items() if key != OUTLETS_KEY}
    for table, values in (("scoring",), levels), (("scoring", OUTLETS_KEY), outlets):
        name = ".".join(f'"{part}"' if not part.isascii() else part for part in table)
        for key, points in values.items():
            if isinstance(points, bool) or not isinstance(points, int | float) or not math.isfinite(points):
                why = f"[{name}] 中“{key}”的分值应为数字（不加引号），而不是“{points}”"
                raise file.error(key, why, table)
    defaults = Scoring()
    bonus = levels.pop(BONUS_KEY, defaults.bonus)
    return Scoring(levels={**defaults.levels, **levels}, outlets=outlets, bonus=bonus)


def _built(file: _File, table: tuple[str, ...], values: dict, target: type, build: Callable[[dict], T]) -> T:
    """``build(values)``, the typed value of a table whose keys are the fields of ``target``: an unknown key is
    named with its line, a bad value is explained by ``build`` itself (at the line of the key it names)."""
    known = [f.name for f in fields(target)]
    name = ".".join(f'"{part}"' if not part.isascii() else part for part in table)
    for key in values:
        if key not in known:
            why = f"[{name}] 中不认识的设置项“{key}”；可用的设置项：{'、'.join(known)}"
            raise file.error(key, why, table)
    try:
        return build(values)
    except SummarizeError as exc:
        key = next((k for k in values if f"“{k}”" in exc.message), None)
        raise file.error(key, f"[{name}] 中{exc.message}", table) from exc

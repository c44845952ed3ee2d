"""The workspace settings file ``summarize.toml``: what each key means, its default, and its validation.

Every key is optional; a folder with no ``summarize.toml`` works with the defaults and infers the year from the
registers. Unknown keys are errors (a misspelt key silently ignored would give wrong documents), and every error
names the line to change.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from summarize.errors import SummarizeError
from summarize.report.official import KEYS as OFFICIAL_KEYS
from summarize.report.official import check_number

if TYPE_CHECKING:
    from summarize.workdays import Calendar

CONFIG_NAME = "summarize.toml"
# zh-Hant is Taiwan's forms (為, 群, 啟); zh-Hant-HK Hong Kong's (為, 羣, 啓). See summarize.report.lang.
LANGS = ("zh-Hans", "zh-Hant", "zh-Hant-TW", "zh-Hant-HK")
MAX_TARGET = 10**12  # far above any office's yearly figure; beyond it a number is a typo (or inf)

# Top-level keys and the tables they may hold. [files], [report], [layout] and [deadlines] are checked here too;
# [metrics] and [scoring] where they are used.
KNOWN_KEYS = {
    "unit": "单位名称",
    "year": "年度",
    "lang": "文字（zh-Hans 简体 / zh-Hant 繁体，台湾字形 / zh-Hant-HK 繁体，香港字形）",
    "superior": "上级机关（导语“在……的坚强领导下”）",
    "files": "按文件指定台账种类",
    "ignore": "不读取的文件",
    "targets": "年度目标",
    "deadlines": "办理期限",
    "holidays": "节假日安排（按国务院办公厅通知填写放假和调休上班日期，优先于内置数据）",
    "layout": "文档版式",
    "report": "文档落款等",
    "metrics": "增加或修改指标",
    "scoring": "信息计分标准（按采用级别、刊物，批示加分）",
}


@dataclass
class Settings:
    """The settings of one workspace, with defaults for everything the file leaves out."""

    unit: str = ""
    year: int | None = None
    lang: str = "zh-Hans"
    superior: str = ""
    files: dict[str, str] = field(default_factory=dict)
    ignore: list[str] = field(default_factory=list)
    targets: dict[str, float] = field(default_factory=dict)
    deadlines: dict[str, dict[str, Any]] = field(default_factory=dict)
    holidays: dict[str, dict[str, Any]] = field(default_factory=dict)
    layout: dict[str, Any] = field(default_factory=dict)
    report: dict[str, Any] = field(default_factory=dict)
    metrics: dict[str, dict[str, Any]] = field(default_factory=dict)
    scoring: dict[str, Any] = field(default_factory=dict)
    source: Path | None = None

    @property
    def calendar(self) -> Calendar:
        """The holiday schedules ``[holidays]`` gives (checked when the settings were loaded)."""
        from summarize.workdays import Calendar

        return Calendar.from_settings(self.holidays)


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
    """The line where ``key`` is set (inside ``[table]`` when given) or opens a table, so an error can point at
    it; the table's own line when ``key`` is None or not found in it."""
    header = None
    if table:
        parts = r"\s*\.\s*".join(f'"?{re.escape(part)}"?' for part in table)
        header = re.compile(rf"^[ \t]*\[\s*{parts}\s*\]", re.MULTILINE).search(text)
    m = None
    if key is not None:
        pattern = re.compile(rf'^[ \t]*(\[\s*)?"?{re.escape(key)}"?\s*(=|\]|\.)', re.MULTILINE)
        m = pattern.search(text, header.end() if header else 0)
    m = m or header
    return text.count("\n", 0, m.start()) + 1 if m else None


def error_at(path: Path, text: str, key: str | None, why: str, table: tuple[str, ...] = ()) -> SummarizeError:
    """A settings error naming the line where ``key`` is set in ``table`` (the table's line when not found)."""
    line = _line_of(text, key, table)
    at = f"第{line}行" if line else ""
    return SummarizeError(f"配置文件“{path.name}”{at}：{why}")


def load_settings(folder: Path) -> Settings:
    """Read ``summarize.toml`` from a workspace folder; defaults when the file does not exist.

    Raises :class:`SummarizeError` naming the line for a syntax error, an unknown key or a value of the wrong type.
    """
    path = folder / CONFIG_NAME
    if not path.exists():
        return Settings()
    refuse_special_file(path, "配置文件")
    raw, text = read_toml(path)
    for key in raw:
        if key not in KNOWN_KEYS:
            known = "、".join(KNOWN_KEYS)
            raise error_at(path, text, key, f"不认识的设置项“{key}”。可用的设置项：{known}")

    settings = Settings(source=path)
    for key, value in raw.items():
        expected = type(getattr(settings, key))
        if key == "year":
            ok = isinstance(value, int) and 1990 <= value <= 2100
        elif expected is str:
            ok = isinstance(value, str)
        else:
            ok = isinstance(value, expected)
        if not ok:
            raise error_at(path, text, key, f"“{key}”（{KNOWN_KEYS[key]}）的值“{value}”不合要求")
        setattr(settings, key, value)
    if settings.lang not in LANGS:
        raise error_at(path, text, "lang", f"lang 只能是 {' 或 '.join(LANGS)}，而不是“{settings.lang}”")
    for name, target in settings.targets.items():
        if isinstance(target, bool) or not isinstance(target, int | float):
            raise error_at(path, text, name, f"年度目标“{name}”须是数字，而不是“{target}”", ("targets",))
        if not 0 <= target <= MAX_TARGET:  # also refuses nan and inf, which TOML allows
            why = f"年度目标“{name}”应为 0 到 1万亿之间的数字，而不是“{target}”"
            raise error_at(path, text, name, why, ("targets",))
    _check_tables(settings, folder, path, text)
    return settings


def check_listed_files(settings: Settings, folder: Path) -> None:
    """Every file [files] names is in the workspace. Checked when the registers are read, not with the rest of
    the settings: a settings file may be written before the files it names arrive."""
    for name in settings.files:
        if not (folder / name).is_file():
            path = settings.source or folder / CONFIG_NAME
            text = path.read_text(encoding="utf-8-sig") if path.is_file() else ""
            why = f"[files] 中列出的文件“{name}”不在工作区中（文件名须写全，含扩展名，如“收文登记.xlsx”）"
            raise error_at(path, text, name, why, ("files",))


# The keys of [report]; the other tables are checked against the fields of what they configure.
REPORT_KEYS = {
    "signature": "落款单位",
    "date": "落款日期",
    "small_base": "基数少于此数时只说件数，不说百分比（默认10）",
    "appendix": "年终总结的附件：main 只附主要指标统计表（默认），full 另附统计口径说明",
    **OFFICIAL_KEYS,
}
DATE_KEYS = ("date", "print_date")


def _check_tables(settings: Settings, folder: Path, path: Path, text: str) -> None:
    """Check the tables whose mistakes would otherwise surface late or not at all: [files], [report], [layout]
    and [deadlines], each error naming the line."""
    from summarize.registers import kind_specs

    kinds = kind_specs()
    for name, kind in settings.files.items():
        if not isinstance(kind, str) or kind not in kinds:
            why = f"[files] 中“{name}”指定的台账种类“{kind}”不存在；可用的种类：{'、'.join(kinds)}"
            raise error_at(path, text, name, why, ("files",))
    for key, value in settings.report.items():
        if key not in REPORT_KEYS:
            known = "、".join(f"{k}（{v}）" for k, v in REPORT_KEYS.items())
            raise error_at(
                path, text, key, f"[report] 中不认识的设置项“{key}”；可用的设置项：{known}", ("report",)
            )
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
            raise error_at(
                path, text, key, f"[report] 中“{key}”（{REPORT_KEYS[key]}）应为{form}", ("report",)
            )
        if key == "number" and value.strip():
            try:
                check_number(value)
            except SummarizeError as exc:
                raise error_at(path, text, key, f"[report] 中{exc.message}", ("report",)) from exc
    if settings.layout:
        from summarize.layout import Layout

        _checked_table(path, text, ("layout",), settings.layout, Layout, Layout.from_settings)
    for kind, rule in settings.deadlines.items():
        from summarize.workdays import DeadlineRule

        if kind not in kinds or not isinstance(rule, dict):
            why = f'[deadlines] 中的“{kind}”不是台账种类；应写作 [deadlines."信访"] 这样的表，可用的种类：{"、".join(kinds)}'
            raise error_at(path, text, kind, why, ("deadlines",))
        _checked_table(path, text, ("deadlines", kind), rule, DeadlineRule, lambda r: DeadlineRule(**r))
    from summarize.workdays import Calendar

    for year, table in settings.holidays.items():
        try:
            Calendar.from_settings({year: table})
        except SummarizeError as exc:
            key = next(
                (k for k in (table if isinstance(table, dict) else {}) if f"“{k}”" in exc.message), None
            )
            where = ("holidays", year) if key else ("holidays",)
            raise error_at(path, text, key or year, f"[holidays] 中{exc.message}", where) from exc


def _checked_table(
    path: Path, text: str, table: tuple[str, ...], values: dict, target: type, build: Any
) -> None:
    """Unknown keys of a table are named with their line; a bad value is explained by ``build`` itself."""
    known = [f.name for f in fields(target)]
    name = ".".join(f'"{part}"' if not part.isascii() else part for part in table)
    for key in values:
        if key not in known:
            why = f"[{name}] 中不认识的设置项“{key}”；可用的设置项：{'、'.join(known)}"
            raise error_at(path, text, key, why, table)
    try:
        build(values)
    except SummarizeError as exc:
        key = next((k for k in values if f"“{k}”" in exc.message), None)
        raise error_at(path, text, key, f"[{name}] 中{exc.message}", table) from exc

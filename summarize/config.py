"""The workspace settings file ``summarize.toml``: what each key means, its default, and its validation.

Every key is optional; a folder with no ``summarize.toml`` works with the defaults and infers the year from the
registers. Unknown keys are errors (a misspelt key silently ignored would give wrong documents).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summarize.errors import SummarizeError

CONFIG_NAME = "summarize.toml"
LANGS = ("zh-Hans", "zh-Hant")

# Top-level keys and the tables they may hold. A table's own keys are checked where the table is used.
KNOWN_KEYS = {
    "unit": "单位名称",
    "year": "年度",
    "lang": "文字（zh-Hans 简体 / zh-Hant 繁体）",
    "superior": "上级机关（导语“在……的坚强领导下”）",
    "files": "按文件指定台账种类",
    "ignore": "不读取的文件",
    "targets": "年度目标",
    "deadlines": "办理期限",
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
    layout: dict[str, Any] = field(default_factory=dict)
    report: dict[str, Any] = field(default_factory=dict)
    metrics: dict[str, dict[str, Any]] = field(default_factory=dict)
    scoring: dict[str, Any] = field(default_factory=dict)
    source: Path | None = None


def _line_of(text: str, key: str) -> int | None:
    """The first line where ``key`` appears as a key, so an error can point at it."""
    pattern = re.compile(rf'^\s*(\[\s*)?"?{re.escape(key)}"?\s*(=|\])', re.MULTILINE)
    m = pattern.search(text)
    return text.count("\n", 0, m.start()) + 1 if m else None


def _fail(path: Path, text: str, key: str, why: str) -> SummarizeError:
    line = _line_of(text, key)
    at = f"第{line}行" if line else ""
    return SummarizeError(f"配置文件“{path.name}”{at}：{why}")


def load_settings(folder: Path) -> Settings:
    """Read ``summarize.toml`` from a workspace folder; defaults when the file does not exist.

    Raises :class:`SummarizeError` naming the line for a syntax error, an unknown key or a value of the wrong type.
    """
    path = folder / CONFIG_NAME
    if not path.exists():
        return Settings()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SummarizeError(f"配置文件“{path.name}”不是 UTF-8 编码，请用记事本“另存为 UTF-8”后重试") from exc
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+), column (\d+)", str(exc))
        at = f"第{m.group(1)}行第{m.group(2)}列" if m else ""
        raise SummarizeError(
            f'配置文件“{path.name}”{at}有语法错误（{exc}）。中文键名须加英文双引号，如 "信息采用" = 110'
        ) from exc
    for key in raw:
        if key not in KNOWN_KEYS:
            known = "、".join(KNOWN_KEYS)
            raise _fail(path, text, key, f"不认识的设置项“{key}”。可用的设置项：{known}")

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
            raise _fail(path, text, key, f"“{key}”（{KNOWN_KEYS[key]}）的值“{value}”不合要求")
        setattr(settings, key, value)
    if settings.lang not in LANGS:
        raise _fail(path, text, "lang", f"lang 只能是 {' 或 '.join(LANGS)}，而不是“{settings.lang}”")
    for name, target in settings.targets.items():
        if isinstance(target, bool) or not isinstance(target, int | float):
            raise _fail(path, text, name, f"年度目标“{name}”须是数字，而不是“{target}”")
    return settings

"""The Jinja environment for the report's wording: sandboxed, with 公文 phrasing filters.

Templates are looked up first in the workspace's ``templates/`` folder, then in the package's, so an office
overrides one section's wording by saving a file of the same name. The environment is sandboxed: a template can
read the figures it is given and nothing of Python's internals.

Escaping: these templates produce plain text for the Report model, not XML. XML escaping happens once, where
text enters the .docx (python-docx escapes every run; docxtpl renders with ``autoescape=True``), so "&<>" typed
in a register reaches the document exactly as typed.
"""

from __future__ import annotations

import re
import traceback
from functools import lru_cache
from pathlib import Path

from jinja2 import (
    ChoiceLoader,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
)
from jinja2.sandbox import SecurityError

from summarize import phrasing
from summarize.bundled import bundled
from summarize.errors import SummarizeError
from summarize.report.sandbox import LIMIT_REASON, LimitedEnvironment, TemplateLimitError

PACKAGE_TEMPLATES = bundled("templates")
FILTERS = {
    "num": phrasing.number,
    "pct": phrasing.percent,
    "cn_date": phrasing.chinese_date,
    "cn_num": phrasing.chinese_number,
    "points": phrasing.enumerate_points,
}


def environment(workspace: Path | None) -> LimitedEnvironment:
    """The sandboxed, limited environment, looking in ``workspace/templates`` before the package's templates.

    One environment is kept per workspace and set of template files, so that each template is compiled once
    per process, not once per document (a batch writes a document per unit). Jinja recompiles a cached
    template whose file changed; a file added to or removed from ``templates/`` gives a new environment.
    """
    own = workspace / "templates" if workspace is not None else None
    files = (
        tuple(sorted((str(f.relative_to(own)), f.stat().st_mtime_ns) for f in own.rglob("*")))
        if own is not None and own.is_dir()
        else None
    )
    return _environment(str(own) if files is not None else None, files)


@lru_cache(maxsize=16)
def _environment(own: str | None, files: tuple[tuple[str, int], ...] | None) -> LimitedEnvironment:
    """The environment over ``own`` (the workspace's templates folder, if any) and the package's templates;
    ``files`` only keys the cache."""
    folders = [own] if own is not None else []
    folders.append(str(PACKAGE_TEMPLATES))
    return LimitedEnvironment(
        loader=ChoiceLoader([FileSystemLoader(f, encoding="utf-8") for f in folders]),
        autoescape=False,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        filters=FILTERS,
    )


def render_text(env: LimitedEnvironment, name: str, **context: object) -> str:
    """Render one text template; its output is trimmed, and blank lines separate paragraphs.

    A template's own fault (syntax error, unknown name, a forbidden attribute, an expression that cannot be
    computed) becomes a :class:`SummarizeError` in Chinese naming the template file and line, and quoting it.
    """
    template = None
    try:
        template = env.get_template(name)
        return template.render(**context).strip()
    except TemplateNotFound as exc:
        raise SummarizeError(f"找不到模板“{exc.name}”") from exc
    except UnicodeDecodeError as exc:  # saved by Notepad as ANSI (GBK)
        raise SummarizeError(
            f"模板“templates/{name}”不是 UTF-8 编码，请用记事本“另存为 UTF-8”后重试"
        ) from exc
    except TemplateSyntaxError as exc:
        where = exc.name or name
        raise _template_error(where, exc.filename, exc.lineno, exc.source, syntax_reason(exc)) from exc
    except Exception as exc:
        filename = template.filename if template is not None else None
        line = _template_line(exc, filename)
        if not isinstance(exc, TemplateError | SecurityError) and line is None:
            raise  # not the template's doing: a bug, reported as such
        raise _template_error(name, filename, line, None, runtime_reason(exc)) from exc


def _template_error(
    name: str, filename: str | None, line: int | None, source: str | None, why: str
) -> SummarizeError:
    """“模板“templates/年终总结/导语.j2”第2行有错误：…（该行内容：…）”"""
    path = Path(filename) if filename else None
    if path is not None and path.is_relative_to(PACKAGE_TEMPLATES):
        where = f"内置模板“{name}”"
    else:
        where = f"模板“templates/{name}”"
    quoted = ""
    if line:
        if source is None and path is not None and path.is_file():
            source = path.read_text(encoding="utf-8", errors="replace")
        lines = (source or "").splitlines()
        if line <= len(lines) and lines[line - 1].strip():
            quoted = f"（该行内容：{lines[line - 1].strip()}）"
    at = f"第{line}行" if line else ""
    return SummarizeError(f"{where}{at}有错误：{why}{quoted}")


def _template_line(exc: BaseException, filename: str | None) -> int | None:
    """The template line being run when ``exc`` was raised (Jinja maps its frames to template lines)."""
    line = None
    for frame, number in traceback.walk_tb(exc.__traceback__):
        if filename and frame.f_code.co_filename == filename:
            line = number
    return line


def syntax_reason(exc: TemplateSyntaxError) -> str:
    """What is wrong with a template that does not parse, in Chinese."""
    message = exc.message or ""
    if m := re.search(r"looking for the following tags: '(\w+)'", message):
        return f"标签没有结束，缺少 {{% {m.group(1)} %}}"
    if m := re.search(r"unknown tag '(\w+)'", message):
        return f"不认识的标签“{m.group(1)}”（可能拼错了，或多写了结束标签）"
    if m := re.search(r"No filter named '(\w+)'", message):
        return f"没有名为“{m.group(1)}”的过滤器；可用的有 {'、'.join(FILTERS)} 和 Jinja 自带的过滤器"
    if m := re.search(r"No test named '(\w+)'", message):
        return f"没有名为“{m.group(1)}”的判断"
    return "写法有误：{{ }} 或 {% %} 没有成对，或表达式写得不完整"


def runtime_reason(exc: BaseException) -> str:
    """What went wrong while a template ran, in Chinese."""
    message = str(exc)
    if isinstance(exc, TemplateLimitError | RecursionError):
        return LIMIT_REASON
    if isinstance(exc, SecurityError):
        m = re.search(r"attribute '(\w+)'", message)
        if m and not m.group(1).startswith("_"):  # a text's encode, translate …: no report needs them
            return (
                f"用到了模板中不允许使用的“{m.group(1)}”，已被安全沙箱阻止；模板只能使用提供给它的数字和文字"
            )
        what = f"（{m.group(1)}）" if m else ""
        return f"试图访问不允许的程序内部{what}，已被安全沙箱阻止；模板只能使用提供给它的数字和文字"
    if m := re.fullmatch(r"'(\w+)' is undefined", message):
        return f"用到了不存在的名称“{m.group(1)}”"
    if m := re.search(r"has no attribute '(\w+)'", message):
        return f"用到了不存在的项“{m.group(1)}”"
    return "这一处的表达式无法计算（如对文字做了算术、调用了不能调用的值）"


def paragraphs(text: str) -> list[str]:
    """Split rendered text into paragraphs at blank lines; lines inside a paragraph are joined without a space,
    as Chinese text wraps (a template may break a long sentence over several lines)."""
    blocks = ("".join(line.strip() for line in part.split("\n")) for part in text.split("\n\n"))
    return [b for b in blocks if b]

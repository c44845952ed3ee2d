"""The Jinja environment for the report's wording: sandboxed, with 公文 phrasing filters.

Templates are looked up first in the workspace's ``templates/`` folder, then in the package's, so an office
overrides one section's wording by saving a file of the same name. The environment is sandboxed: a template can
read the figures it is given and nothing of Python's internals.

Escaping: these templates produce plain text for the Report model, not XML. XML escaping happens once, where
text enters the .docx (python-docx escapes every run; docxtpl renders with ``autoescape=True``), so "&<>" typed
in a register reaches the document exactly as typed.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from summarize import phrasing
from summarize.errors import SummarizeError

PACKAGE_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def environment(workspace: Path | None) -> SandboxedEnvironment:
    """The sandboxed environment, looking in ``workspace/templates`` before the package's templates."""
    folders = []
    if workspace is not None and (workspace / "templates").is_dir():
        folders.append(str(workspace / "templates"))
    folders.append(str(PACKAGE_TEMPLATES))
    env = SandboxedEnvironment(
        loader=ChoiceLoader([FileSystemLoader(f, encoding="utf-8") for f in folders]),
        autoescape=False,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters.update(
        num=phrasing.number,
        pct=phrasing.percent,
        cn_date=phrasing.chinese_date,
        cn_num=phrasing.chinese_number,
        points=phrasing.enumerate_points,
    )
    return env


def render_text(env: SandboxedEnvironment, name: str, **context: object) -> str:
    """Render one text template; its output is trimmed, and blank lines separate paragraphs.

    A template's own fault (syntax error, unknown name, a forbidden attribute) becomes a :class:`SummarizeError`
    naming the template file and line.
    """
    try:
        template = env.get_template(name)
        return template.render(**context).strip()
    except SecurityError as exc:
        raise SummarizeError(f"模板“{name}”试图访问不允许的内容，已被阻止（{exc}）") from exc
    except TemplateError as exc:
        line = getattr(exc, "lineno", None)
        where = f"第{line}行" if line else ""
        filename = getattr(exc, "filename", None) or name
        raise SummarizeError(f"模板“{Path(filename).name}”{where}有错误：{exc.message or exc}") from exc


def paragraphs(text: str) -> list[str]:
    """Split rendered text into paragraphs at blank lines; lines inside a paragraph are joined without a space,
    as Chinese text wraps (a template may break a long sentence over several lines)."""
    blocks = ("".join(line.strip() for line in part.split("\n")) for part in text.split("\n\n"))
    return [b for b in blocks if b]

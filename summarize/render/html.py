"""The Report as an HTML fragment: the preview the web page shows before the .docx is downloaded.

The fragment mirrors the Word layout in the order and numbering of its parts (标题, 一级至三级标题, 正文, 图N
below a chart, 表N above a table, 落款, 附件 on its own sheet) so that what a clerk checks in the browser is what
Word will print. Every piece of text is escaped; 【请补充：……】 placeholders are marked for the eye.
"""

from __future__ import annotations

import base64

from markupsafe import Markup, escape

from summarize import phrasing
from summarize.report.model import PLACEHOLDER_RE, Block, Figure, Paragraph, Report, Table

_TAGS = {"h1": "h2", "h2": "h3", "h3": "h4", "body": "p", "lead": "p"}


def render_html(report: Report) -> Markup:
    """The report as one ``<article class="report">``, figures inline as PNG data."""
    counter = {"figure": 0, "table": 0}
    parts = [f'<h1 class="title">{escape(report.title)}</h1>']
    parts += [_block(b, report, counter) for b in report.blocks]
    if report.appendix and report.appendix_title:
        label = report.label("attachment")
        parts.append(f'<p class="body">{escape(label)}：{escape(report.appendix_title)}</p>')
    if report.signature or report.date:
        day = phrasing.chinese_date(report.date) if report.date else ""
        parts.append(
            f'<p class="signature">{escape(report.signature)}<br>{escape(day)}</p>'
            if report.signature
            else f'<p class="signature">{escape(day)}</p>'
        )
    if report.appendix:
        parts.append('<section class="appendix">')
        parts.append(f'<p class="attachment-label">{escape(report.label("attachment"))}</p>')
        if report.appendix_title:
            parts.append(f'<h2 class="attachment-title">{escape(report.appendix_title)}</h2>')
        parts += [_block(b, report, counter) for b in report.appendix]
        parts.append("</section>")
    return Markup(f'<article class="report" lang="{escape(report.lang)}">' + "".join(parts) + "</article>")


def _block(block: Block, report: Report, counter: dict[str, int]) -> str:
    if isinstance(block, Paragraph):
        tag = _TAGS[block.style]
        return f'<{tag} class="{block.style}">{text_with_placeholders(block.text)}</{tag}>'
    if isinstance(block, Figure):
        counter["figure"] += 1
        caption = f"{report.label('figure')}{counter['figure']} {block.caption}"
        data = base64.b64encode(block.png).decode("ascii")
        return (
            f'<figure><img src="data:image/png;base64,{data}" alt="{escape(caption)}">'
            f"<figcaption>{escape(caption)}</figcaption></figure>"
        )
    if isinstance(block, Table):
        counter["table"] += 1
        caption = f"{report.label('table')}{counter['table']} {block.caption}"
        return table_html(block.columns, block.rows, caption, block.numeric_columns, block.note)
    raise TypeError(f"unknown block {type(block).__name__}")


def table_html(
    columns: list[str],
    rows: list[list[str]],
    caption: str = "",
    numeric_columns: tuple[int, ...] = (),
    note: str = "",
) -> Markup:
    """A table of formatted cells, numeric columns right-aligned; also used for the statistics pages."""
    head = "".join(f"<th>{escape(c)}</th>" for c in columns)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="num">{escape(c)}</td>' if i in numeric_columns else f"<td>{escape(c)}</td>"
            for i, c in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    out = f"<table><caption>{escape(caption)}</caption>" if caption else "<table>"
    out += f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    if note:
        out += f'<p class="table-note">{escape(note if note.startswith("注") else "注：" + note)}</p>'
    return Markup(out)


def text_with_placeholders(text: str) -> Markup:
    """Escaped text with each 【请补充：……】 wrapped in ``<mark>`` (highlighted yellow, as in Word)."""
    out, position = [], 0
    for match in PLACEHOLDER_RE.finditer(text):
        out.append(escape(text[position : match.start()]))
        out.append(Markup("<mark>") + escape(match.group(0)) + Markup("</mark>"))
        position = match.end()
    out.append(escape(text[position:]))
    return Markup("").join(out)

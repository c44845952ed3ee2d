"""The Report as an HTML fragment: the preview the web page shows before the .docx is downloaded.

The fragment mirrors the Word layout in the order and numbering of its parts (the 版头 with its red rule, 标题,
主送机关, 一级至三级标题, 正文, 图N below a chart, 表N above a table, 落款, 附件 on its own sheet, the 版记 between
its rules) so that what a clerk checks in the browser is what Word will print. Every piece of text is escaped;
【请补充：……】 placeholders are marked for the eye.
"""

from __future__ import annotations

import base64

from markupsafe import Markup, escape

from summarize.report.laid_out import Head, Item, Line, PlacedFigure, Record, lay_out
from summarize.report.model import Report

_TAGS = {"h1": "h2", "h2": "h3", "h3": "h4", "body": "p", "lead": "p"}


def render_html(report: Report) -> Markup:
    """The report as one ``<article class="report">``, figures inline as PNG data."""
    laid = lay_out(report)
    parts = [_head(laid.head)] if laid.head else []
    parts.append(f'<h1 class="title">{escape(laid.title)}</h1>')
    if laid.addressee:
        parts.append(f'<p class="addressee">{text_with_placeholders(laid.addressee.text)}</p>')
    parts += [_item(item) for item in laid.body]
    if laid.attachment_lines:
        shown = "<br>".join(text_with_placeholders(line.text) for line in laid.attachment_lines)
        parts.append(f'<p class="body">{shown}</p>')
    if laid.signature or laid.date:
        shown = "<br>".join(str(escape(t)) for t in (laid.signature, laid.date) if t)
        parts.append(f'<p class="signature">{shown}</p>')
    for attachment in laid.attachments:
        parts.append('<section class="appendix">')
        parts.append(f'<p class="attachment-label">{escape(attachment.label)}</p>')
        if attachment.title:
            parts.append(f'<h2 class="attachment-title">{escape(attachment.title)}</h2>')
        parts += [_item(item) for item in attachment.items]
        parts.append("</section>")
    if laid.record:
        parts.append(_record(laid.record))
    return Markup(f'<article class="report" lang="{escape(laid.lang)}">' + "".join(parts) + "</article>")


def _head(head: Head) -> str:
    """The 版头: the 红头 in red, then the 发文字号 (the 签发人 at the line's right end) over the red rule."""
    out = f'<p class="issuer">{text_with_placeholders(head.issuer)}</p>' if head.issuer else ""
    if head.number:
        number = f'<p class="number">{text_with_placeholders(head.number)}</p>'
        if head.signer:
            number += f'<p class="signer">{text_with_placeholders(head.signer_label)}'
            number += f'<span class="signer-name">{text_with_placeholders(head.signer)}</span></p>'
        out += f'<div class="number-line">{number}</div>'
    if head.rule:
        out += '<hr class="head-rule">'
    return f'<header class="head">{out}</header>'


def _record(record: Record) -> str:
    """The 版记 between its rules: the 抄送 line, then the 印发机关 and 印发日期 at either end of one line."""
    rows = []
    for row in record.rows():
        shown = "".join(f'<p class="{line.role}">{text_with_placeholders(line.text)}</p>' for line in row)
        rows.append(f'<div class="row">{shown}</div>')
    return f'<footer class="record">{"".join(rows)}</footer>'


def _item(item: Item) -> str:
    if isinstance(item, Line):
        tag = _TAGS[item.role]
        return f'<{tag} class="{item.role}">{text_with_placeholders(item.text)}</{tag}>'
    if isinstance(item, PlacedFigure):
        caption = item.caption.text
        data = base64.b64encode(item.figure.png).decode("ascii")
        return (
            f'<figure><img src="data:image/png;base64,{data}" alt="{escape(caption)}">'
            f"<figcaption>{escape(caption)}</figcaption></figure>"
        )
    table = item.table
    note = item.note.text if item.note else ""
    caption = item.caption.text if item.caption else ""
    return table_html(table.columns, table.rows, caption, table.numeric_columns, note)


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
            f'<td class="num">{text_with_placeholders(c)}</td>'
            if i in numeric_columns
            else f"<td>{text_with_placeholders(c)}</td>"
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
    return Markup("").join(
        Markup("<mark>") + escape(part) + Markup("</mark>") if placeholder else escape(part)
        for part, placeholder in Line("", str(text)).runs
    )

"""The Report as Markdown: a preview for the terminal, notebooks and review before the .docx is opened."""

from __future__ import annotations

import base64
import html
import re

from summarize import phrasing
from summarize.report.model import Figure, Paragraph, Report, Table

_HEADING = {"h1": "##", "h2": "###", "h3": "####"}

# Characters that open a CommonMark/GFM inline construct anywhere in a line: code, emphasis, links and images,
# raw HTML and autolinks, entities (&lt; would show as <), table pipes, strikethrough, heading closers, e-mail
# autolinks. A backslash before ASCII punctuation always renders the character itself.
_INLINE = re.compile(r"([\\`*_\[\]<>&|~#@])")
# Bare addresses GFM viewers turn into links: the "://" after a scheme and the dot after "www".
_BARE_LINK = re.compile(r"(?i)(?<=[a-z0-9])(://)|(?<=\bwww)(\.)")
# What only a line's start makes special: a list bullet or number followed by a space, a quote, a setext
# underline or thematic break of - or =. "+1" and "-3" are not among them and stay as typed.
_LINE_START = re.compile(r"^(?:[-+=](?=[ \t]|$)|[-=](?=[-= \t]*$)|\d{1,9}(?=[.)](?:[ \t]|$)))")


def render_markdown(report: Report, embed_images: bool = False) -> str:
    """Markdown text of the report; figures as captions, or as inline PNG data when ``embed_images``."""
    out = [f"# {_inline(report.title)}", ""]
    counter = {"figure": 0, "table": 0}
    labels = {key: report.label(key) for key in ("figure", "table")}
    for block in report.blocks:
        out += _block(block, counter, labels, embed_images)
    if report.signature or report.date:
        out += [
            "",
            f'<p align="right">{_html(report.signature)}<br>{phrasing.chinese_date(report.date) if report.date else ""}</p>',
            "",
        ]
    if report.appendix:
        out += [
            "---",
            "",
            f"**{report.label('attachment')}**",
            "",
            f"### {_inline(report.appendix_title)}",
            "",
        ]
        for block in report.appendix:
            out += _block(block, counter, labels, embed_images)
    return "\n".join(out).rstrip() + "\n"


def _block(block: object, counter: dict[str, int], labels: dict[str, str], embed_images: bool) -> list[str]:
    if isinstance(block, Paragraph):
        if block.style in _HEADING:
            return [f"{_HEADING[block.style]} {_inline(block.text)}", ""]
        return [_text(block.text), ""]
    if isinstance(block, Figure):
        counter["figure"] += 1
        caption = _inline(f"{labels['figure']}{counter['figure']} {block.caption}")
        if embed_images:
            data = base64.b64encode(block.png).decode("ascii")
            return [f"![{caption}](data:image/png;base64,{data})", "", f"*{caption}*", ""]
        return [f"*〔{caption}〕*", ""]
    if isinstance(block, Table):
        counter["table"] += 1
        caption = _inline(f"{labels['table']}{counter['table']} {block.caption}")
        lines = [f"**{caption}**", ""]
        lines.append("| " + " | ".join(_inline(c) for c in block.columns) + " |")
        align = ["---:" if i in block.numeric_columns else "---" for i in range(len(block.columns))]
        lines.append("| " + " | ".join(align) + " |")
        for row in block.rows:
            lines.append("| " + " | ".join(_inline(c) for c in row) + " |")
        return [*lines, ""]
    raise TypeError(f"unknown block {type(block).__name__}")


def _inline(text: object) -> str:
    """One line of user text (a heading, caption or table cell) that renders as typed: newlines become spaces."""
    line = " ".join(str(text).split("\n"))
    return _BARE_LINK.sub(lambda m: "\\" + m.group(0), _INLINE.sub(r"\\\1", line))


def _text(text: str) -> str:
    """A paragraph of user text that renders as typed, line by line: inline characters escaped, leading blanks
    dropped (four would start a code block; Markdown drops them anyway) and block markers at a line's start."""
    lines = [_inline(line.lstrip(" \t")) for line in text.split("\n")]
    return "\n".join(_LINE_START.sub(_escape_marker, line) for line in lines if line)


def _escape_marker(match: re.Match) -> str:
    """A bullet or underline gets its backslash before it, a list number before the dot that follows it."""
    marker = match.group(0)
    return marker + "\\" if marker.isdigit() else "\\" + marker


def _html(text: str) -> str:
    """Text inside the raw HTML block of the 落款: HTML-escaped, on one line so the block does not end early."""
    return html.escape(" ".join(text.split()), quote=False)

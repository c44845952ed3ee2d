"""The Report as Markdown: a preview for the terminal, notebooks and review before the .docx is opened.

A formal 公文's marks are plain lines where Word prints them: the 红头 and 发文字号 above the title with a rule
(``---``) for the red one, the 主送机关 below the title, and the 版记 at the end between rules."""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Callable

from summarize.report.laid_out import Item, Line, PlacedFigure, lay_out
from summarize.report.model import PLACEHOLDER_RE, Report

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
    laid = lay_out(report)
    out = [text for row in laid.head.rows() for text in _lines(row)] if laid.head else []
    out += ["---", ""] if laid.head and laid.head.rule else []
    out += [f"# {_inline(laid.title)}", ""]
    out += [_marked(laid.addressee, _text), ""] if laid.addressee else []
    for item in laid.body:
        out += _item(item, embed_images)
    if laid.attachment_lines:
        out += [_text(line.text) + "  " for line in laid.attachment_lines] + [""]
    if laid.signature or laid.date:
        shown = "<br>".join(_html(t) for t in (laid.signature, laid.date) if t)
        out += ["", f'<p align="right">{shown}</p>', ""]
    for attachment in laid.attachments:
        out += ["---", "", f"**{_inline(attachment.label)}**", ""]
        out += [f"### {_inline(attachment.title)}", ""] if attachment.title else []
        for item in attachment.items:
            out += _item(item, embed_images)
    if laid.record:
        out += ["---", ""]
        for row in laid.record.rows():
            out += [*_lines(row), "---", ""]
    return "\n".join(out).rstrip() + "\n"


def _lines(lines: list[Line]) -> list[str]:
    """Lines of a mark shown one under another in one paragraph (a hard break after each but the last)."""
    shown = [_marked(line, _text) for line in lines]
    return [text + "  " for text in shown[:-1]] + shown[-1:] + [""]


def _item(item: Item, embed_images: bool) -> list[str]:
    if isinstance(item, Line):
        if item.role in _HEADING:
            return [f"{_HEADING[item.role]} {_marked(item, _inline)}", ""]
        return [_marked(item, _text), ""]
    if isinstance(item, PlacedFigure):
        caption = _inline(item.caption.text)
        if embed_images:
            data = base64.b64encode(item.figure.png).decode("ascii")
            return [f"![{caption}](data:image/png;base64,{data})", "", f"*{caption}*", ""]
        return [f"*〔{caption}〕*", ""]
    table = item.table
    lines = [f"**{_inline(item.caption.text)}**", ""] if item.caption else []
    lines.append("| " + " | ".join(_inline(c) for c in table.columns) + " |")
    align = ["---:" if i in table.numeric_columns else "---" for i in range(len(table.columns))]
    lines.append("| " + " | ".join(align) + " |")
    for row in table.rows:
        lines.append("| " + " | ".join(_marked(Line("", str(c)), _inline) for c in row) + " |")
    lines.append("")
    if item.note:
        lines += [_marked(item.note, _text), ""]
    return lines


def _marked(line: Line, escaped: Callable[[str], str]) -> str:
    """The line escaped by ``escaped``, each 【请补充：……】 inside ``<mark>`` as the page and Word highlight it
    (escaping leaves the full-width 【】 and the words of the mark as they are, so it is found in the result)."""
    return PLACEHOLDER_RE.sub(lambda m: f"<mark>{m.group(0)}</mark>", escaped(line.text))


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

"""The Report as Markdown: a preview for the terminal, notebooks and review before the .docx is opened."""

from __future__ import annotations

import base64

from summarize import phrasing
from summarize.report.model import Figure, Paragraph, Report, Table

_HEADING = {"h1": "##", "h2": "###", "h3": "####"}


def render_markdown(report: Report, embed_images: bool = False) -> str:
    """Markdown text of the report; figures as captions, or as inline PNG data when ``embed_images``."""
    out = [f"# {report.title}", ""]
    counter = {"figure": 0, "table": 0}
    labels = {key: report.label(key) for key in ("figure", "table")}
    for block in report.blocks:
        out += _block(block, counter, labels, embed_images)
    if report.signature or report.date:
        out += [
            "",
            f'<p align="right">{report.signature}<br>{phrasing.chinese_date(report.date) if report.date else ""}</p>',
            "",
        ]
    if report.appendix:
        out += ["---", "", f"**{report.label('attachment')}**", "", f"### {report.appendix_title}", ""]
        for block in report.appendix:
            out += _block(block, counter, labels, embed_images)
    return "\n".join(out).rstrip() + "\n"


def _block(block: object, counter: dict[str, int], labels: dict[str, str], embed_images: bool) -> list[str]:
    if isinstance(block, Paragraph):
        if block.style in _HEADING:
            return [f"{_HEADING[block.style]} {block.text}", ""]
        return [block.text, ""]
    if isinstance(block, Figure):
        counter["figure"] += 1
        caption = f"{labels['figure']}{counter['figure']} {block.caption}"
        if embed_images:
            data = base64.b64encode(block.png).decode("ascii")
            return [f"![{caption}](data:image/png;base64,{data})", "", f"*{caption}*", ""]
        return [f"*〔{caption}〕*", ""]
    if isinstance(block, Table):
        counter["table"] += 1
        lines = [f"**{labels['table']}{counter['table']} {block.caption}**", ""]
        lines.append("| " + " | ".join(block.columns) + " |")
        align = ["---:" if i in block.numeric_columns else "---" for i in range(len(block.columns))]
        lines.append("| " + " | ".join(align) + " |")
        for row in block.rows:
            lines.append("| " + " | ".join(_cell(c) for c in row) + " |")
        return [*lines, ""]
    raise TypeError(f"unknown block {type(block).__name__}")


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")

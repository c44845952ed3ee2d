"""Word comments on figures: a copy of a document with a comment over the exact characters of each figure.

Runs are split at the figure's first and last character (formatting copied), so the comment covers the
figure and nothing else; a figure across runs with fields or pictures gets the runs that hold it. Used by
``verify --annotate`` (comments on disagreeing figures) and ``report --comments`` (provenance on every figure).
"""

from __future__ import annotations

import copy
import io
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docx.oxml.ns import qn
from docx.text.run import Run

from summarize.errors import SummarizeError
from summarize.output import write_bytes_atomic
from summarize.verify.document import open_docx, paragraph_text
from summarize.verify.provenance import AUTHOR

if TYPE_CHECKING:
    from summarize.verify.check import Finding

W_R, W_T = qn("w:r"), qn("w:t")


def write_annotated(source: Path, output: str | Path, notes: Sequence[tuple[Finding, str]]) -> Path:
    """Copy ``source`` to ``output`` with each (finding, comment text) as a comment on its figure."""
    output = Path(output)
    if output.resolve() == Path(source).resolve():
        raise SummarizeError(f"批注版不能写回原文件“{source.name}”；请用 --annotate 给出另一个文件名")
    document = open_docx(source)
    comment_figures(document, notes)
    return save(document, output)


def comment_figures(document: Any, notes: Sequence[tuple[Finding, str]]) -> int:
    """Add each comment to the figure it is about (matched by its paragraph element and offsets in the document
    ``document``, which must be the one the findings were read from or a fresh read of the same file); return
    how many were placed."""
    by_position = {}
    for index, p in enumerate(document.element.body.iter(qn("w:p"))):
        by_position[index] = p
    positions = {id(p): i for i, p in by_position.items()}
    placed = 0
    for finding, text in notes:
        place, number = finding.found.place, finding.found.number
        target = _same_paragraph(place.element, positions, by_position)
        if target is None:
            continue
        offset = _offset_in(place, target)
        runs = isolate(target, number.start - offset, number.end - offset)
        if not runs:
            continue
        first, *rest = text.split("\n")
        comment = document.add_comment(
            [Run(runs[0], None), Run(runs[-1], None)], first, author=AUTHOR, initials="S"
        )
        for line in rest:
            comment.add_paragraph(line)
        placed += 1
    return placed


def _same_paragraph(element: Any, positions: dict[int, int], by_position: dict[int, Any]) -> Any:
    """``element`` when it belongs to ``document``; else the paragraph at the same position in it (the
    findings were read from another copy of the file)."""
    if id(element) in positions:
        return element
    root = element.getroottree().getroot()
    others = list(root.iter(qn("w:p")))
    try:
        index = others.index(element)
    except ValueError:
        return None
    return by_position.get(index)


def _offset_in(place: Any, target: Any) -> int:
    """Where the paragraph ``target`` starts within a place's text (a cell joins its paragraphs with "\\n")."""
    if place.table is None:
        return 0
    offset = 0
    for p in target.getparent().iterchildren(qn("w:p")):
        if p is target:
            return offset
        offset += len(paragraph_text(p)[0]) + 1
    return 0


def isolate(p: Any, start: int, end: int) -> list[Any]:
    """The w:r elements covering characters ``start``–``end`` of paragraph ``p``, split so they cover exactly
    those characters where the runs hold plain text."""
    if start >= end:
        return []
    covered = []
    position = 0
    for r in list(p.iter(W_R)):
        length = _run_length(r)
        r_start, r_end = position, position + length
        position = r_end
        if r_end <= start or r_start >= end or length == 0:
            continue
        if _plain_text_run(r):
            if r_start < start:
                r = _split(r, start - r_start)
                r_start = start
            if r_end > end:
                _split(r, end - r_start)
        covered.append(r)
    return covered


def _run_length(r: Any) -> int:
    return len(paragraph_text(_wrap(r))[0])


def _wrap(r: Any) -> Any:
    """A w:p holding a deep copy of run ``r``, to measure it as paragraph_text does."""
    from docx.oxml import OxmlElement

    p = OxmlElement("w:p")
    p.append(copy.deepcopy(r))
    return p


def _plain_text_run(r: Any) -> bool:
    children = [c for c in r if c.tag != qn("w:rPr")]
    return len(children) == 1 and children[0].tag == W_T


def _split(r: Any, at: int) -> Any:
    """Split a plain-text run at character ``at``; ``r`` keeps the head, the returned new run the tail."""
    t = r.find(W_T)
    text = t.text or ""
    tail = copy.deepcopy(r)
    t.text = text[:at]
    tail.find(W_T).text = text[at:]
    for node in (t, tail.find(W_T)):
        node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    r.addnext(tail)
    return tail


def save(document: Any, output: Path) -> Path:
    """Write the document atomically."""
    buffer = io.BytesIO()
    document.save(buffer)
    return write_bytes_atomic(output, buffer.getvalue())

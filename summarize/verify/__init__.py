"""核稿: every figure of an edited 年终总结 (or any .docx) checked against the registers.

::

    result = ws.verify("改过的年终总结.docx")
    result.frame()          # 位置, 原文, 文中数字, 指标, 台账数字, 结论, 说明
    result.exit_code        # 0 all checkable figures agree, 1 some disagree
    result.annotate("批注版.docx")   # a copy with a Word comment on every disagreeing figure

The document is read, never written. See :mod:`summarize.verify.claims` for how a figure is tied to a metric
and :mod:`summarize.verify.check` for when it agrees.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from summarize.verify.check import AGREE, DISAGREE, UNCHECKABLE, Finding, Registers, judge, provenance
from summarize.verify.claims import read_claims
from summarize.verify.document import open_docx, read_document
from summarize.verify.lexicon import Lexicon, breakdown_groups, build_lexicon, load_wording

if TYPE_CHECKING:
    import pandas as pd

    from summarize.workspace import Workspace

COLUMNS = ["位置", "原文", "文中数字", "指标", "台账数字", "结论", "说明"]
TITLE_YEAR = re.compile(r"(\d{4})年")


@dataclass
class Verification:
    """The verdict on every figure of one document."""

    path: Path
    year: int
    month: int | None
    findings: list[Finding]
    registers: Registers

    def frame(self) -> pd.DataFrame:
        """One row per figure: 位置, 原文 (the sentence), 文中数字, 指标, 台账数字, 结论, 说明."""
        import pandas as pd

        rows = [
            [
                f.found.place.where,
                f.found.sentence,
                f.found.number.written,
                f.metric_text,
                f.expected,
                f.verdict,
                f.why,
            ]
            for f in self.findings
        ]
        return pd.DataFrame(rows, columns=COLUMNS)

    def counts(self) -> dict[str, int]:
        """How many figures are 一致, 不一致 and 无法核对."""
        out = {AGREE: 0, DISAGREE: 0, UNCHECKABLE: 0}
        for f in self.findings:
            out[f.verdict] += 1
        return out

    @property
    def exit_code(self) -> int:
        """0 when every checkable figure agrees, 1 when any disagrees."""
        return 1 if any(f.verdict == DISAGREE for f in self.findings) else 0

    def annotate(self, output: str | Path) -> Path:
        """Write a copy of the document with a Word comment on every disagreeing figure; the input is untouched."""
        from summarize.verify.annotate import write_annotated

        notes = [(f, disagreement_comment(f, self.registers)) for f in self.findings if f.verdict == DISAGREE]
        return write_annotated(self.path, output, notes)


def disagreement_comment(finding: Finding, registers: Registers) -> str:
    """核稿：文中为“1810份”，台账为1804份（收文（2025年））, then the metric's provenance."""
    head = (
        f"核稿：文中为“{finding.found.number.written}”，台账为{finding.expected}（{finding.metric_text}）。"
    )
    return f"{head}\n{provenance(finding, registers)}"


def verify(ws: Workspace, path: str | Path, year: int | None = None) -> Verification:
    """Check every figure of the .docx at ``path`` against ``ws``'s statistics for ``year`` (default: the year
    in the document's title, else the workspace's report year)."""
    path = Path(path)
    document = open_docx(path)
    text = read_document(document)
    title_year, month = _document_period(text.places)
    if year is not None and title_year != year:
        month = None  # --year names another year than the title: an annual check of that year
    year = year or title_year or ws.year
    registers = Registers(ws, lexicon_for(ws, year), year, month)
    found = read_claims(text.blocks, registers.lexicon, year, month)
    return Verification(path, year, month, [judge(f, registers) for f in found], registers)


def add_provenance(ws: Workspace, path: str | Path, year: int | None = None) -> tuple[int, int]:
    """``report --comments``: put on each figure of the .docx the tool just wrote at ``path`` a Word comment with
    what it is, its 口径 and the register rows it comes from (the file is rewritten in place). Returns (figures
    commented, figures found); a figure 核稿 cannot tie gets no comment."""
    from summarize.verify.annotate import comment_figures, save

    path = Path(path)
    result = verify(ws, path, year)
    notes = [(f, provenance(f, result.registers)) for f in result.findings if f.verdict == AGREE]
    document = open_docx(path)
    placed = comment_figures(document, notes)
    save(document, path)
    return placed, len(result.findings)


def lexicon_for(ws: Workspace, year: int) -> Lexicon:
    """The names of ``ws``'s metrics and their breakdown values in ``year``."""
    fields = sorted({f for m in ws.metrics.values() for f in m.by if f in ws.facts.columns})
    groups = breakdown_groups({f: ws.annual(year, f) for f in fields})
    return build_lexicon(ws.metrics, groups, load_wording())


def _document_period(places: list) -> tuple[int | None, int | None]:  # noqa: ANN001 - list[Place]
    """The year (and, for a 月报, the month) a document's title names: 示例县人民政府办公室2025年工作总结,
    示例县人民政府办公室2025年11月工作月报."""
    for place in places[:5]:
        m = TITLE_YEAR.search(place.text)
        if m and 1990 <= int(m.group(1)) <= 2100:
            month = re.match(r"(\d{1,2})月", place.text[m.end() :])
            if (
                month
                and 1 <= int(month.group(1)) <= 12
                and "月" in place.text[m.end() + len(month.group(0)) :]
            ):
                return int(m.group(1)), int(month.group(1))
            return int(m.group(1)), None
    return None, None

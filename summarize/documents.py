"""Writing the office's documents: the one place that decides what a file is called, which Word template and
layout it is printed with, in which language, and in which order the files of one document are written.

The 年终总结 (.docx, .pdf or .md), the 月报 (its .xlsx 统计表 and its .docx or .pdf) and the annual 统计表 are
written here for every caller — ``summarize report`` / ``monthly`` / ``demo``, ``--each-unit``
(:mod:`summarize.batch`), the web page's downloads and ``ws.write_report`` / ``ws.write_monthly`` — so a
document has the same name and the same look wherever it is made. A report from ``ws.report()`` already carries
the workspace's layout and Word template (see :class:`summarize.report.model.Report`); ``template`` here is the
``--template`` a command was given, which wins over the workspace's.

A plan (:func:`plan`, :func:`plan_in`) says where each file is wanted and how to write it at a path; the report
is built once, when the first file is written. :func:`write` then writes the plan, never over a file edited by
hand since the tool wrote it (:mod:`summarize.written`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from summarize.errors import SummarizeError
from summarize.output import annual_report_name, annual_statistics_name, inside, monthly_names

if TYPE_CHECKING:
    from summarize.report.model import Report
    from summarize.report.monthly import MonthlyReport
    from summarize.workspace import Workspace

# The formats of each document: the 年终总结 also as a Markdown preview; the 月报's 统计表 is always .xlsx.
ANNUAL_FORMATS = ("docx", "pdf", "md")
MONTHLY_FORMATS = ("docx", "pdf")


@dataclass(frozen=True)
class Planned:
    """One file to write: the path it is wanted at and the function writing it to a given path."""

    wanted: Path
    write: Callable[[Path], Path]


class Written(NamedTuple):
    """A file written: where, and the sentence for the user when a hand-edited file kept the wanted name."""

    path: Path
    note: str | None


def names(unit: str, year: int, month: int | None = None, fmt: str = "docx") -> list[str]:
    """The file names of the 年终总结 (``month`` None: one name) or of the 月报 (the 统计表 workbook, then the
    document) of ``unit``, as every command and the web page write them."""
    check_format(fmt, month)
    if month is None:
        return [annual_report_name(unit, year, f".{fmt}")]
    workbook, document = monthly_names(unit, year, month)
    return [workbook, document.removesuffix(".docx") + f".{fmt}"]


def check_format(fmt: str, month: int | None = None) -> None:
    """Refuse, in Chinese, a format the document (年终总结 when ``month`` is None, else 月报) is not written in."""
    formats = ANNUAL_FORMATS if month is None else MONTHLY_FORMATS
    if fmt not in formats:
        raise SummarizeError(f"--format 只能是 {'、'.join(formats[:-1])} 或 {formats[-1]}，而不是“{fmt}”")


def plan(
    ws: Workspace,
    paths: list[Path],
    year: int,
    month: int | None = None,
    fmt: str = "docx",
    lang: str | None = None,
    template: Path | None = None,
    doc: Callable[[], Report | MonthlyReport] | None = None,
    comments: bool = False,
) -> list[Planned]:
    """The files of the 年终总结 of ``year`` (one path) or of the 月报 of ``year``-``month`` (the workbook's path,
    then the document's) for ``ws``, in ``lang`` (default: the settings'); ``doc`` gives an already built report
    (the web page keeps the one it previewed). With ``comments``, the 年终总结's .docx has a Word comment on each
    figure giving its 口径 and source rows (``report --comments``, see :func:`summarize.verify.add_provenance`)."""
    check_format(fmt, month)
    build = cache(
        doc or (lambda: ws.report(year, lang) if month is None else ws.monthly_report(year, month, lang))
    )

    def document(path: Path) -> Path:
        report = build()
        if fmt == "md":
            from summarize.output import write_text_atomic

            return write_text_atomic(path, report.to_markdown())
        if fmt == "pdf":
            return report.to_pdf(path, template=template)
        written = report.to_docx(path, template=template)
        if comments and month is None:
            from summarize.verify import add_provenance

            add_provenance(ws, written, year)
        return written

    if month is None:
        (path,) = paths
        return [Planned(Path(path), document)]
    workbook, path = paths
    return [Planned(Path(workbook), lambda p: build().to_xlsx(p)), Planned(Path(path), document)]


def plan_in(
    ws: Workspace,
    folder: Path,
    year: int,
    month: int | None = None,
    fmt: str = "docx",
    lang: str | None = None,
    template: Path | None = None,
    doc: Callable[[], Report | MonthlyReport] | None = None,
    comments: bool = False,
) -> list[Planned]:
    """:func:`plan` with the files named as :func:`names` says, in ``folder``."""
    paths = [inside(Path(folder), name) for name in names(ws.unit, year, month, fmt)]
    return plan(ws, paths, year, month, fmt, lang, template, doc, comments)


def plan_statistics(ws: Workspace, folder: Path, year: int) -> Planned:
    """The annual 统计表 workbook of ``year`` in ``folder`` (the table ``summarize stats`` prints, in the 月报
    统计表's layout)."""

    def write(path: Path) -> Path:
        from summarize.bases import exported
        from summarize.gather import provisional_metrics
        from summarize.periods import labelled, year_periods
        from summarize.render.xlsx import write_statistics_xlsx

        return write_statistics_xlsx(
            path,
            unit=ws.unit,
            title=f"{ws.unit}{year}年工作统计表",
            period_label=f"{year}年",
            # A change from a base under small_base is left empty and said in counts in 说明, as in every table.
            table=exported(labelled(ws.annual(year)), ws.metrics, ws.settings.report.small_base),
            metrics=provisional_metrics(ws, year),  # the 口径 sheet says which deadlines are provisional
            asof=year_periods(year, ws.asof).cutoff,
            sources=ws.sources(year),
        )

    return Planned(inside(Path(folder), annual_statistics_name(ws.unit, year)), write)


def write(planned: list[Planned], keep_edits: bool = True) -> list[Written]:
    """Write the planned files, returned in the plan's order; documents are written before workbooks, so a fault
    in the office's Word template leaves nothing written. With ``keep_edits``, a file at the wanted name edited
    since the tool wrote it is kept and the new one goes under a numbered name (the note says so)."""
    from summarize.written import write_keeping_edits

    written: dict[int, Written] = {}
    for index in sorted(range(len(planned)), key=lambda i: planned[i].wanted.suffix.lower() == ".xlsx"):
        file = planned[index]
        if keep_edits:
            written[index] = Written(*write_keeping_edits(file.wanted, file.write))
        else:
            written[index] = Written(file.write(file.wanted), None)
    return [written[i] for i in range(len(planned))]

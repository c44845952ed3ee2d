"""The files the page offers, written to the workspace's ``out/`` folder as the CLI writes them.

- ``年终总结.docx?year=`` — the 年终总结 (what ``summarize report`` writes)
- ``年终总结.pdf?year=`` and ``月报.pdf?year=&month=`` — the same documents as PDF (needs LibreOffice)
- ``月报.docx?year=&month=`` and ``统计表.xlsx?year=&month=`` — the 月报 and its statistics table
  (what ``summarize monthly`` writes)
- ``年度统计表.xlsx?year=`` — the annual statistics table in the same layout

File names are the CLI's, so a document downloaded from the page and one made in the terminal are the same file.
Generating (:func:`write_document`, a POST) never overwrites a file edited by hand since it was written: the new
one goes under a numbered name (:mod:`summarize.written`). Downloading (:func:`existing_document`, a GET)
only serves what is there.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from summarize import documents
from summarize.errors import SummarizeError
from summarize.output import inside
from summarize.web import pages
from summarize.web.site import Site

if TYPE_CHECKING:
    from summarize.report.model import Report
    from summarize.report.monthly import MonthlyReport
    from summarize.workspace import Workspace

DOWNLOADS = ("年终总结.docx", "年终总结.pdf", "月报.docx", "月报.pdf", "统计表.xlsx", "年度统计表.xlsx")


def write_document(site: Site, ws: Workspace, what: str, query: Mapping[str, str]) -> tuple[Path, str | None]:
    """Write the document ``what`` (one of :data:`DOWNLOADS`) for the period in ``query``; return its path and,
    when a hand-edited file kept its name, the note saying where the new one went."""
    from summarize.output import make_folder
    from summarize.written import write_keeping_edits

    wanted, write = _planned(site, ws, what, query)
    make_folder(wanted.parent)
    return write_keeping_edits(inside(wanted.parent, wanted.name), write)


def existing_document(site: Site, ws: Workspace, what: str, query: Mapping[str, str]) -> Path | None:
    """The file last generated for ``what`` and the period in ``query``, if it is in ``out/``."""
    from summarize.written import latest

    wanted, _ = _planned(site, ws, what, query)
    return latest(wanted)


def _planned(
    site: Site, ws: Workspace, what: str, query: Mapping[str, str]
) -> tuple[Path, Callable[[Path], Path]]:
    """Where the document ``what`` goes in ``out/``, and the function writing it to a given path."""
    if what not in DOWNLOADS:
        raise SummarizeError(f"没有“{what}”这种文件；可下载：{'、'.join(DOWNLOADS)}")
    year, month = pages.choose_period(ws, query.get("year"), query.get("month"))
    if year is None or month is None:
        raise SummarizeError("工作区中还没有台账记录，请先上传台账")
    out = site.folder / "out"
    if what == "年度统计表.xlsx":
        file = documents.plan_statistics(ws, out, year)
        return file.wanted, file.write

    # The report the page previewed, not a second one built for the download.
    def annual() -> Report:
        return site.memo(("report", year), lambda: ws.report(year))

    def monthly() -> MonthlyReport:
        return site.memo(("monthly", year, month), lambda: ws.monthly_report(year, month))

    if what.startswith("年终总结"):
        (file,) = documents.plan_in(ws, out, year, None, what.rsplit(".", 1)[1], doc=annual)
    else:
        fmt = "pdf" if what == "月报.pdf" else "docx"
        workbook, document = documents.plan_in(ws, out, year, month, fmt, doc=monthly)
        file = workbook if what == "统计表.xlsx" else document
    return file.wanted, file.write

"""The files the page offers for download, written to the workspace's ``out/`` folder as the CLI writes them.

- ``年终总结.docx?year=`` — the 年终总结 (what ``summarize report`` writes)
- ``年终总结.pdf?year=`` and ``月报.pdf?year=&month=`` — the same documents as PDF (needs LibreOffice)
- ``月报.docx?year=&month=`` and ``统计表.xlsx?year=&month=`` — the 月报 and its statistics table
  (what ``summarize monthly`` writes)
- ``年度统计表.xlsx?year=`` — the annual statistics table in the same layout

File names are the CLI's, so a document downloaded from the page and one made in the terminal are the same file.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from summarize.errors import SummarizeError
from summarize.output import annual_report_name, annual_statistics_name, inside, make_folder, monthly_names
from summarize.web import pages
from summarize.web.site import Site

if TYPE_CHECKING:
    from summarize.workspace import Workspace

DOWNLOADS = ("年终总结.docx", "年终总结.pdf", "月报.docx", "月报.pdf", "统计表.xlsx", "年度统计表.xlsx")


def write_document(site: Site, ws: Workspace, what: str, query: Mapping[str, str]) -> Path:
    """Write the document ``what`` (one of :data:`DOWNLOADS`) for the period in ``query``; return its path."""
    if what not in DOWNLOADS:
        raise SummarizeError(f"没有“{what}”这种文件；可下载：{'、'.join(DOWNLOADS)}")
    year, month = pages.choose_period(ws, query.get("year"), query.get("month"))
    if year is None or month is None:
        raise SummarizeError("工作区中还没有台账记录，请先上传台账")
    out = make_folder(site.folder / "out")
    template = ws.template("report.docx")
    if what in ("年终总结.docx", "年终总结.pdf"):
        report = site.memo(("report", year), lambda: ws.report(year))
        if what.endswith(".pdf"):
            return report.to_pdf(inside(out, annual_report_name(ws.unit, year, ".pdf")), template, ws.layout)
        return report.to_docx(
            inside(out, annual_report_name(ws.unit, year)), template=template, layout=ws.layout
        )
    if what == "年度统计表.xlsx":
        from summarize.periods import labelled
        from summarize.render.xlsx import write_statistics_xlsx

        return write_statistics_xlsx(
            inside(out, annual_statistics_name(ws.unit, year)),
            unit=ws.unit,
            title=f"{ws.unit}{year}年工作统计表",
            period_label=f"{year}年",
            table=labelled(ws.annual(year)),
            metrics=ws.metrics,
            asof=pages.running_asof(ws, year),
        )
    doc = site.memo(("monthly", year, month), lambda: ws.monthly_report(year, month))
    workbook, document = monthly_names(ws.unit, year, month)
    if what == "统计表.xlsx":
        return doc.to_xlsx(inside(out, workbook))
    if what == "月报.pdf":
        pdf = inside(out, document.removesuffix(".docx") + ".pdf")
        return doc.to_pdf(pdf, template=template, layout=ws.layout)
    return doc.to_docx(inside(out, document), template=template, layout=ws.layout)

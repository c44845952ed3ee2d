"""One document per unit plus the 汇总, rendered in worker processes.

Workers are forked from a process that has already read the workspace, so no worker reads a register again
(where fork is not available, each worker opens the workspace once, from the cache).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from summarize.output import annual_report_name, monthly_names
from summarize.workspace import Workspace

_WORKSPACE: Workspace | None = None


@dataclass(frozen=True)
class Job:
    """One document to write: the 年终总结 (``month`` None) or the 月报 of one unit ("" is the 汇总)."""

    unit: str
    year: int
    month: int | None
    output: Path
    lang: str | None


def _init(path: Path, today: date | None) -> None:
    global _WORKSPACE
    if _WORKSPACE is None or _WORKSPACE.path != path:
        _WORKSPACE = Workspace(path, today=today)


def _run(job: Job) -> list[Path]:
    assert _WORKSPACE is not None
    return write_documents(_WORKSPACE, job)


def write_documents(ws: Workspace, job: Job) -> list[Path]:
    """Write one job's files: the 年终总结 .docx, or the 月报 .xlsx and .docx."""
    view = ws.for_unit(job.unit) if job.unit else ws
    template = ws.template("report.docx")
    if job.month is None:
        path = job.output / annual_report_name(view.unit, job.year)
        return [view.report(job.year, job.lang).to_docx(path, template=template, layout=ws.layout)]
    monthly = view.monthly_report(job.year, job.month, job.lang)
    workbook, document = monthly_names(view.unit, job.year, job.month)
    return [
        monthly.to_xlsx(job.output / workbook),
        monthly.to_docx(job.output / document, template=template, layout=ws.layout),
    ]


def run_jobs(ws: Workspace, jobs: list[Job], workers: int | None = None) -> Iterator[list[Path]]:
    """Write every job, yielding each job's files as it finishes; ``workers`` processes (default: all cores)."""
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    if workers == 1:
        for job in jobs:
            yield write_documents(ws, job)
        return
    global _WORKSPACE
    ws.facts, ws.units  # noqa: B018 - read and compute once, before forking, so workers inherit them
    _WORKSPACE = ws
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    initializer: Callable[..., None] = _init
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=initializer, initargs=(ws.path, ws._today)
    ) as pool:
        for future in as_completed([pool.submit(_run, job) for job in jobs]):
            yield future.result()

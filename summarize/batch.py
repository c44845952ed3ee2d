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

from summarize import documents
from summarize.output import inside
from summarize.workspace import Workspace
from summarize.written import Target, choose_target

_WORKSPACE: Workspace | None = None


@dataclass(frozen=True)
class Job:
    """One document to write: the 年终总结 (``month`` None) or the 月报 of one unit ("" is the 汇总), to
    ``targets`` (the .docx, or the 月报's .xlsx and .docx)."""

    unit: str
    year: int
    month: int | None
    targets: tuple[Target, ...]
    lang: str | None
    fmt: str = "docx"  # or "pdf": the document (not the 月报's .xlsx) as a PDF, at the last target


def plan_jobs(
    ws: Workspace, year: int, month: int | None, folder: Path, lang: str | None, fmt: str = "docx"
) -> tuple[list[Job], list[str]]:
    """The jobs for the 汇总 and every unit, writing into ``folder``, and a note for each renamed file.

    Names come from the units' names made safe (:func:`summarize.output.output_name`); two units whose names
    give the same file name (say "甲/乙" and "甲、乙", or names differing in case on Windows) would overwrite each
    other, so the later one gets "（2）" after its name. A file there edited by hand since the tool wrote it is
    not overwritten (:func:`summarize.written.choose_target`): the job writes a numbered copy.
    """
    jobs, notes, taken = [], [], set()
    for unit in ["", *ws.units]:
        label = unit or ws.unit
        names = documents.names(label, year, month, fmt)
        copy = 1
        while any(n.casefold() in taken for n in names):
            copy += 1
            names = documents.names(f"{label}（{copy}）", year, month, fmt)
        if copy > 1:
            notes.append(f"单位“{label}”的文件名与另一单位相同，改为“{names[-1]}”")
        taken.update(n.casefold() for n in names)
        targets = tuple(choose_target(inside(folder, n)) for n in names)
        notes += [t.note for t in targets if t.note]
        jobs.append(Job(unit, year, month, targets, lang, fmt))
    return jobs, notes


def _init(path: Path, today: date | None, asof: date | None) -> None:
    global _WORKSPACE
    if _WORKSPACE is None or _WORKSPACE.path != path:
        _WORKSPACE = Workspace(path, today=today, asof=asof)


def _run(job: Job) -> list[Path]:
    assert _WORKSPACE is not None
    return write_documents(_WORKSPACE, job)


def write_documents(ws: Workspace, job: Job) -> list[Path]:
    """Write one job's files at its targets: the 年终总结 .docx (or .pdf), or the 月报 .xlsx and .docx (or .pdf)."""
    view = ws.for_unit(job.unit) if job.unit else ws
    planned = documents.plan(view, [t.path for t in job.targets], job.year, job.month, job.fmt, job.lang)
    return [file.path for file in documents.write(planned, keep_edits=False)]


def run_jobs(ws: Workspace, jobs: list[Job], workers: int | None = None) -> Iterator[tuple[Job, list[Path]]]:
    """Write every job, yielding each job and its files as it finishes; ``workers`` processes (default: all
    cores)."""
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    if workers == 1:
        for job in jobs:
            yield job, write_documents(ws, job)
        return
    global _WORKSPACE
    # Read and computed once, before forking, so that workers inherit them: each unit's view takes its rows,
    # its derived rows and its facts from these.
    ws.facts, ws.units, ws._unit_rows, ws._unit_derived_rows  # noqa: B018
    _WORKSPACE = ws
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    initializer: Callable[..., None] = _init
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=initializer, initargs=(ws.path, ws._today, ws._asof)
    ) as pool:
        futures = {pool.submit(_run, job): job for job in jobs}
        for future in as_completed(futures):
            yield futures[future], future.result()

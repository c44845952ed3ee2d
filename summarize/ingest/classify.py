"""Classifying a CSV file's rows (records, blank rows, 合计 rows: ``read_text_rows``) while the next files are read.

``read_text_rows`` stacks many files' cells so that each rule is one polars expression, and polars runs without
the GIL: batches of a kind's files are classified on a worker thread as soon as they add up to enough rows, while
the reading goes on, instead of all at once after the last file. Each file's rows are classified on their own
(the stacking only saves calls), so the batches give what classifying a kind's files at once gives.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor

from summarize.ingest.sheet import SheetRows, read_text_rows

# Enough rows that a batch's dozen polars calls are little next to its cells, few enough that the files of a
# kind are classified as they come.
BATCH_ROWS = 50_000


class ClassifyAhead:
    """Takes a kind's CSV parts as they are read (:meth:`add`) and classifies them in batches on one worker
    thread; after the last file, :meth:`finish` starts the rest and :meth:`wait` waits for a kind's, so that
    one kind is parsed while the next is still being classified. Close it (``contextlib.closing``) when the
    reading stops early: the batches not started are dropped and the thread ended."""

    def __init__(self, batch_rows: int | None = None) -> None:
        self.batch_rows = batch_rows or BATCH_ROWS
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="summarize-classify")
        self._waiting: dict[str, list[SheetRows]] = {}
        self._rows: dict[str, int] = {}
        self._started: dict[str, list[Future]] = {}

    def add(self, kind: str, part: SheetRows) -> None:
        """Hold a part of ``kind`` for classifying; a workbook's part (classified as it was read) is passed over."""
        if part.text is None:
            return
        self._waiting.setdefault(kind, []).append(part)
        self._rows[kind] = self._rows.get(kind, 0) + part.text.height - part.header.row - 1

    def file_done(self) -> None:
        """Start the batches that are full. Called between files: the two registers of a sheet read side by side
        are counted together, so a file's parts never go to different batches."""
        for kind in [k for k, rows in self._rows.items() if rows >= self.batch_rows]:
            self._start(kind)

    def finish(self, kinds: list[str]) -> None:
        """Start a batch of the parts still held, kind by kind in the order of ``kinds`` (the order they are
        parsed in)."""
        for kind in sorted(self._waiting, key=kinds.index):
            self._start(kind)

    def wait(self, kind: str) -> None:
        """Wait until every part of ``kind`` is classified; an error in one of its batches is raised here."""
        for future in self._started.pop(kind, []):
            future.result()

    def close(self) -> None:
        """End the worker thread, dropping the batches not started."""
        self._pool.shutdown(cancel_futures=True)

    def _start(self, kind: str) -> None:
        parts = self._waiting.pop(kind)
        del self._rows[kind]
        self._started.setdefault(kind, []).append(self._pool.submit(read_text_rows, parts))

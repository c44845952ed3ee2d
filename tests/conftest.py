"""Shared helpers: build messy register workbooks in a temporary folder, open workspaces."""

from __future__ import annotations

import os
import tempfile
import tomllib
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from summarize.workspace import Workspace

TODAY = date(2026, 1, 15)

# The test run's own reading cache (inherited by the CLI subprocesses), never the user's.
os.environ["SUMMARIZE_CACHE_DIR"] = tempfile.mkdtemp(prefix="summarize-test-cache-")


def write_xlsx(path: Path, sheets: dict[str, list[list]], merge_title: bool = False) -> Path:
    """Write rows per sheet as a clerk would have typed them; optionally merge row 1 like a title."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        if merge_title:
            ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(len(r) for r in rows))
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def unlisted_metrics() -> set[str]:
    """The metrics the package's catalogue keeps out of printed tables, read from catalogue.toml as written:
    ``listed = false`` ones and the 工作量 items named in ``unlisted``."""
    catalogue = tomllib.loads((Path(__file__).parents[1] / "summarize" / "catalogue.toml").read_text("utf-8"))
    names = {name for name, entry in catalogue.items() if entry.get("listed") is False}
    return names | {item for entry in catalogue.values() for item in entry.get("unlisted", ())}


def open_ws(folder: Path) -> Workspace:
    """A workspace whose 'today' is fixed, so future-date checks do not depend on the clock."""
    return Workspace(folder, today=TODAY)


@pytest.fixture
def ws_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "ws"
    folder.mkdir()
    return folder

"""Readings and kind detections as plain JSON values, so that two readers' outputs compare exactly."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import pandas as pd

from summarize.errors import SummarizeError
from summarize.ingest import Ingested
from summarize.ingest.detect import Detection, detect
from summarize.ingest.sources import find_register_files, read_sheets
from summarize.ingest.split import side_by_side
from summarize.registers import kind_specs


def value(cell: object) -> object:
    """A cell as JSON: None for every kind of missing value, ISO text for dates, Python scalars otherwise."""
    if cell is None or cell is pd.NA or cell is pd.NaT or (isinstance(cell, float) and cell != cell):
        return None
    if isinstance(cell, pd.Timestamp):
        return cell.isoformat()
    if hasattr(cell, "item"):  # numpy scalars
        return cell.item()
    return cell


def reading(ingested: Ingested, reconciliation: pd.DataFrame) -> dict:
    """Registers (columns, dtypes, every cell), problems and sheet reports in order, and the reconciliation."""
    registers = {
        kind: {
            "columns": list(frame.columns),
            "dtypes": [str(t) for t in frame.dtypes],
            "rows": [[value(c) for c in row] for row in frame.itertuples(index=False, name=None)],
        }
        for kind, frame in ingested.registers.items()
    }
    return {
        "registers": registers,
        "problems": [asdict(p) for p in ingested.problems],
        # A sheet's title rows (kept since for the unit's name) are not part of the frozen reading.
        "sheets": [{k: v for k, v in asdict(s).items() if k != "title"} for s in ingested.sheets],
        "reconciliation": [
            [value(c) for c in row] for row in reconciliation.itertuples(index=False, name=None)
        ],
    }


def decision(found: Detection) -> dict:
    """What ``detect`` decided for a sheet: the header it reads by (kind, row, every column's role) or why none."""
    header = None
    if found.header is not None:
        h = found.header
        header = {
            "kind": h.kind,
            "row": h.row,
            "columns": sorted(h.columns.items()),
            "duplicates": h.duplicates,
            "unknown": h.unknown,
            "serial": h.serial,
        }
    return {"header": header, "reason": found.reason, "row": found.row, "guess": found.guess}


def decisions(folder: Path, prefix: str) -> dict[str, dict]:
    """Every sheet of every register file under ``folder`` (each register of a sheet split in two): the
    decision without settings and the one with each kind forced, keyed by "prefix/file/sheet#part"."""
    out: dict[str, dict] = {}
    for path in find_register_files(folder):
        label = path.relative_to(folder).as_posix()
        try:
            sheets = read_sheets(path, label)
        except SummarizeError as exc:
            out[f"{prefix}/{label}"] = {"unreadable": exc.message}
            continue
        for raw in sheets:
            for part, block in enumerate(side_by_side(raw)):
                key = f"{prefix}/{label}/{raw.name}#{part}"
                out[key] = {
                    "guessed": decision(detect(block.cells, path.stem, block.name, None)),
                    "forced": {
                        k: decision(detect(block.cells, path.stem, block.name, k)) for k in kind_specs()
                    },
                }
    return out

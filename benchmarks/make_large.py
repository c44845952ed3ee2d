"""Generate a large workspace from the sample's patterns: UNITS sub-folders, ROWS register rows in all.

Usage: ``python benchmarks/make_large.py OUT_DIR [--rows 1000000] [--units 200] [--copies]``.

Rows are the sample's own 2024–2025 register rows (every kind but the chronicle), drawn at random with their
fields, given to units in turn and written as one CSV per kind per unit: realistic text, real dates, real
closing and deadline columns. ``--copies`` instead copies the whole sample workspace (its Excel files included)
into each unit folder — the "sample-sized unit" of the batch-report benchmark.
"""

import argparse
import shutil
from pathlib import Path

import numpy as np
import pandas as pd

import summarize
import summarize.registers

KINDS = ("收文", "发文", "信访", "信息", "督办", "会议")


def sample_rows() -> dict[str, pd.DataFrame]:
    ws = summarize.Workspace(summarize.sample_path())
    return {k: ws.ingested.registers[k].drop(columns=["_file", "_sheet", "_row"]) for k in KINDS}


def make_rows(out: Path, rows: int, units: int, seed: int = 2025) -> None:
    rng = np.random.default_rng(seed)
    source = sample_rows()
    weights = np.array([len(source[k]) for k in KINDS], dtype=float)
    per_kind = np.floor(rows * weights / weights.sum()).astype(int)
    per_kind[0] += rows - per_kind.sum()
    names = [f"单位{i:03d}" for i in range(1, units + 1)]
    for folder in names:
        (out / folder).mkdir(parents=True, exist_ok=True)
    for kind, count in zip(KINDS, per_kind, strict=True):
        frame = source[kind]
        drawn = frame.iloc[rng.integers(0, len(frame), count)].reset_index(drop=True)
        # Drawing with replacement repeats rows; a serial on the identifying fields keeps each one a record.
        serial = pd.Series(np.arange(count), dtype="string")
        for field in summarize.registers.kind_spec(kind).dedup:
            if drawn[field].dtype == "string":
                drawn[field] = drawn[field] + "-" + serial
        drawn["_unit"] = np.resize(np.array(names), count)
        for unit, part in drawn.groupby("_unit", sort=False):
            part.drop(columns="_unit").to_csv(
                out / unit / f"{kind}登记.csv", index=False, date_format="%Y-%m-%d"
            )
    (out / "summarize.toml").write_text('unit = "示例市人民政府办公室"\nyear = 2025\n', encoding="utf-8")


def make_copies(out: Path, units: int) -> None:
    for i in range(1, units + 1):
        target = out / f"单位{i:03d}"
        shutil.copytree(summarize.sample_path(), target, dirs_exist_ok=True)
        (target / "summarize.toml").unlink()
        (target / "总结素材.md").unlink()
    (out / "summarize.toml").write_text('unit = "示例市人民政府办公室"\nyear = 2025\n', encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--units", type=int, default=200)
    parser.add_argument("--copies", action="store_true")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    if args.copies:
        make_copies(args.out, args.units)
    else:
        make_rows(args.out, args.rows, args.units)
    print(f"已生成 {args.out}")


if __name__ == "__main__":
    main()

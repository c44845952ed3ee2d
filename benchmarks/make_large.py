"""Generate a large workspace from the sample's patterns: UNITS sub-folders, ROWS register rows in all.

Usage: ``python benchmarks/make_large.py OUT_DIR [--rows 1000000] [--units 200] [--messy] [--xlsx] [--copies]``.

Rows are the sample's own 2024–2025 register rows (every kind but the chronicle), drawn at random with their
fields, given to units in turn and written as one CSV per kind per unit: realistic text, real dates, real
closing and deadline columns. By default dates are ISO and counts plain integers.

``--messy`` writes them as clerks do (see :func:`messy`): dates spelled 2025年3月5日, 3月5日, 2025.3.5, 2025/3/5,
with full-width digits or a time; counts as "3份" or "３"; yes/no as 是/否, √/×; "/" and "无" in empty cells;
a 合计 row and blank rows; repeated rows (real duplicates) and repeated numbers with another title (numbering
slips); and a few bad cells (2月30日, "待定", a year typed 2205, "若干" as a count). ``--xlsx`` writes each unit's
registers as .xlsx workbooks instead (title row, header, real date cells, some text dates), as offices keep them.

``--copies`` instead copies the whole sample workspace (its Excel files included) into each unit folder — the
"sample-sized unit" of the batch-report benchmark.
"""

import argparse
import shutil
from pathlib import Path

import numpy as np
import pandas as pd

import summarize
import summarize.registers

KINDS = ("收文", "发文", "信访", "信息", "督办", "会议")
YEAR = (
    2025  # the workspace year: a "3月5日" with no year is read in it, so only that year's dates lose theirs
)
FULLWIDTH = str.maketrans("0123456789-", "０１２３４５６７８９－")


def sample_rows() -> dict[str, pd.DataFrame]:
    ws = summarize.Workspace(summarize.sample_path())
    return {k: ws.ingested.registers[k].drop(columns=["_file", "_sheet", "_row"]) for k in KINDS}


def drawn_rows(rows: int, seed: int) -> dict[str, pd.DataFrame]:
    """``rows`` sample rows drawn with replacement, in the kinds' sample proportions, each a distinct record."""
    rng = np.random.default_rng(seed)
    source = sample_rows()
    weights = np.array([len(source[k]) for k in KINDS], dtype=float)
    per_kind = np.floor(rows * weights / weights.sum()).astype(int)
    per_kind[0] += rows - per_kind.sum()
    out = {}
    for kind, count in zip(KINDS, per_kind, strict=True):
        frame = source[kind]
        drawn = frame.iloc[rng.integers(0, len(frame), count)].reset_index(drop=True)
        # Drawing with replacement repeats rows; a serial on the identifying fields keeps each one a record.
        serial = pd.Series(np.arange(count), dtype="string")
        for field in summarize.registers.kind_spec(kind).dedup:
            if drawn[field].dtype == "string":
                drawn[field] = drawn[field] + "-" + serial
        out[kind] = drawn
    return out


def _dates(values: pd.Series, rng: np.random.Generator, main: bool) -> pd.Series:
    """Dates as clerks type them; the register's own date field also gets a few impossible or mistyped ones."""
    present = values.notna()
    y = values.dt.year.astype("Int64").astype("string")
    m = values.dt.month.astype("Int64").astype("string")
    d = values.dt.day.astype("Int64").astype("string")
    iso = values.dt.strftime("%Y-%m-%d").astype("string")
    spellings = [
        (0.50, iso),
        (0.14, y + "年" + m + "月" + d + "日"),
        (0.10, y + "." + m + "." + d),
        (0.06, y + "/" + m + "/" + d),
        (0.10, (m + "月" + d + "日").where(values.dt.year == YEAR, iso)),
        (0.05, iso.str.translate(FULLWIDTH)),
        (0.05, iso + " 09:30"),
    ]
    choice = rng.choice(len(spellings), size=len(values), p=[p for p, _ in spellings])
    out = pd.Series(pd.NA, index=values.index, dtype="string")
    for i, (_, spelled) in enumerate(spellings):
        out = out.mask(choice == i, spelled)
    out = out.where(present)
    if main:
        bad = rng.random(len(values))
        out = out.mask(bad < 0.002, y + "年2月30日")
        out = out.mask((bad >= 0.002) & (bad < 0.003), "待定")
        out = out.mask((bad >= 0.003) & (bad < 0.0035), "2205" + iso.str.slice(4))
    return out


def _counts(values: pd.Series, rng: np.random.Generator) -> pd.Series:
    text = values.astype("string")
    choice = rng.random(len(values))
    out = text.mask(choice < 0.25, text + "份")
    out = out.mask((choice >= 0.25) & (choice < 0.35), text.str.translate(FULLWIDTH))
    out = out.mask((choice >= 0.35) & (choice < 0.36), "若干")
    return out.where(values.notna())


def _bools(values: pd.Series, rng: np.random.Generator) -> pd.Series:
    yes = np.where(rng.random(len(values)) < 0.7, "是", "√")
    no = np.where(rng.random(len(values)) < 0.7, "否", "×")
    out = pd.Series(np.where(values.fillna(False).to_numpy(dtype=bool), yes, no), index=values.index)
    return out.astype("string").where(values.notna())


def messy(kind: str, frame: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """``frame``'s records spelled as clerks write them, with real duplicates and numbering slips added."""
    spec = summarize.registers.kind_spec(kind)
    out = pd.DataFrame(index=frame.index)
    for name in frame.columns:
        ftype = spec.fields[name].type
        if ftype == "date":
            out[name] = _dates(frame[name], rng, name == spec.date_field)
        elif ftype == "int":
            out[name] = _counts(frame[name], rng)
        elif ftype == "bool":
            out[name] = _bools(frame[name], rng)
        else:
            text = frame[name].astype("string")
            blank = text.isna() & (rng.random(len(text)) < 0.3)
            out[name] = text.mask(blank, np.where(rng.random(len(text)) < 0.5, "/", "无"))
    # 1% repeat an earlier row exactly (counted once); with a number, 0.3% repeat its number and date under
    # another title (two records, a numbering slip to report).
    repeats = out.iloc[np.flatnonzero(rng.random(len(out)) < 0.01)]
    parts = [out, repeats]
    title = next((f for f in ("文件标题", "反映问题") if f in out.columns), None)
    if spec.dedup and title:
        slips = out.iloc[np.flatnonzero(rng.random(len(out)) < 0.003)].copy()
        slips[title] = slips[title] + "（补充）"
        parts.append(slips)
    return pd.concat(parts).sort_index(kind="stable").reset_index(drop=True)


def _with_blank_and_total_rows(part: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Blank rows between records (one in 200) and a 合计 row at the end, as printed registers have."""
    positions = np.flatnonzero(rng.random(len(part)) < 0.005)
    blank = pd.DataFrame(
        {c: pd.Series([pd.NA] * len(positions), dtype="string") for c in part.columns}, index=positions - 0.5
    )
    body = pd.concat([part.set_axis(np.arange(len(part), dtype=float)), blank]).sort_index()
    total = pd.DataFrame({c: [pd.NA] for c in part.columns}, dtype="string")
    total.iloc[0, 0] = "合计"
    total.iloc[0, 1] = f"{len(part)}件"
    return pd.concat([body, total], ignore_index=True)


def make_rows(
    out: Path, rows: int, units: int, seed: int = 2025, dirty: bool = False, xlsx: bool = False
) -> None:
    rng = np.random.default_rng(seed + 1)
    names = [f"单位{i:03d}" for i in range(1, units + 1)]
    for folder in names:
        (out / folder).mkdir(parents=True, exist_ok=True)
    for kind, drawn in drawn_rows(rows, seed).items():
        drawn["_unit"] = np.resize(np.array(names), len(drawn))
        for unit, part in drawn.groupby("_unit", sort=False):
            part = part.drop(columns="_unit").reset_index(drop=True)
            if dirty:
                part = _with_blank_and_total_rows(messy(kind, part, rng), rng)
            if xlsx:
                _write_xlsx(out / unit / f"{kind}登记.xlsx", kind, part, rng)
            else:
                part.to_csv(out / unit / f"{kind}登记.csv", index=False, date_format="%Y-%m-%d")
    (out / "summarize.toml").write_text(f'unit = "示例市人民政府办公室"\nyear = {YEAR}\n', encoding="utf-8")


def _write_xlsx(path: Path, kind: str, part: pd.DataFrame, rng: np.random.Generator) -> None:
    """One register workbook: a merged title row, the header, then the rows; dates written as Excel date cells
    (ISO text becomes one, the other spellings stay text as a clerk typed them), counts as numbers when plain."""
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(f"{kind}登记")
    sheet.append([f"{YEAR}年{kind}登记簿"])
    sheet.append(list(part.columns))
    spec = summarize.registers.kind_spec(kind)
    columns = []
    for name in part.columns:
        values = part[name]
        ftype = spec.fields[name].type
        if ftype == "date":
            as_date = pd.to_datetime(values.where(values.str.len() == 10), format="%Y-%m-%d", errors="coerce")
            cells = np.where(as_date.notna(), as_date.dt.to_pydatetime(), values.astype(object))
        elif ftype in ("int", "number"):
            as_number = pd.to_numeric(values, errors="coerce")
            cells = np.where(as_number.notna(), as_number.astype(object), values.astype(object))
        else:
            cells = values.astype(object).to_numpy()
        columns.append(
            [None if v is pd.NA or v is pd.NaT or (isinstance(v, float) and v != v) else v for v in cells]
        )
    for row in zip(*columns, strict=True):
        sheet.append(list(row))
    book.save(path)


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
    parser.add_argument("--messy", action="store_true", help="dates, counts and rows as clerks write them")
    parser.add_argument("--xlsx", action="store_true", help="write .xlsx workbooks instead of CSV")
    parser.add_argument("--copies", action="store_true")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    if args.copies:
        make_copies(args.out, args.units)
    else:
        make_rows(args.out, args.rows, args.units, dirty=args.messy, xlsx=args.xlsx)
    print(f"已生成 {args.out}")


if __name__ == "__main__":
    main()

"""Reading a workspace's registers: files → sheets → kind and header → records, with every row accounted for.

``read_workspace`` is the whole of it; the modules below do one step each (``sources`` finds and opens files,
``detect`` names the kind, ``header`` maps columns, ``parse`` reads values, ``sheet`` reads rows).
"""

from __future__ import annotations

import re
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from summarize.config import Settings, check_listed_files
from summarize.errors import SummarizeError
from summarize.ingest.classify import ClassifyAhead
from summarize.ingest.detect import detect, title_text, year_in
from summarize.ingest.header import (
    HEADER_SEARCH_ROWS,
    HeaderMatch,
    find_headers,
    header_texts,
    normalize_header,
)
from summarize.ingest.problems import ERROR, NOTICE, Problem, abbreviate
from summarize.ingest.sheet import (
    PROVENANCE,
    Parsed,
    SheetCounts,
    SheetRows,
    column_letter,
    parse_rows,
    sheet_rows,
)
from summarize.ingest.skipped import form_name, skip_reason
from summarize.ingest.sources import (
    RawSheet,
    find_workspace_files,
    not_read_reason,
    read_ahead,
)
from summarize.ingest.split import side_by_side
from summarize.registers import kind_specs
from summarize.units import UNIT_FIELD, folder_units

# Sheets whose name says they are instructions, not data (the 填表说明 that `summarize init` writes); a name with
# a digit in it ("7-12月（含情况说明）") is a register's and goes through detection like any other.
_NOTE_SHEET_WORDS = ("说明", "填表须知", "README")
_DIGIT = re.compile(r"\d")
# A sheet named as a print form is read as a register only with a header naming this many fields.
_FORM_HEADER_LIMIT = 4


@dataclass
class SheetReport:
    """One sheet (or CSV file) and how its rows were accounted for."""

    file: str
    sheet: str | None
    kind: str | None
    year: int | None
    counts: SheetCounts = field(default_factory=SheetCounts)
    duplicates: int = 0
    note: str = ""
    unused: list[str] = field(default_factory=list)  # header cells of columns no field takes, as written
    title: str = (
        ""  # the text above the header ("2025年收文登记簿 登记单位：…"), where a register names its office
    )

    @property
    def accepted(self) -> int:
        """Records counted: accepted rows less the duplicates of records already read elsewhere."""
        return self.counts.accepted - self.duplicates


@dataclass
class Ingested:
    """Everything read from a workspace: registers by kind, every problem, and a report per sheet."""

    registers: dict[str, pd.DataFrame]
    problems: list[Problem]
    sheets: list[SheetReport]

    @property
    def errors(self) -> list[Problem]:
        """The problems that stopped a row or a sheet from being counted."""
        return [p for p in self.problems if p.severity == ERROR]


def read_workspace(
    folder: Path,
    settings: Settings,
    today: date | None = None,
    found: tuple[list[Path], list[Path]] | None = None,
) -> Ingested:
    """Read every register file in ``folder``.

    Kinds come from ``settings.files`` (checked when the settings were read) or are inferred; dates without a
    year take the sheet's, the title's, the file name's or ``settings.year``. Records of the same kind are
    concatenated in file order; a record that repeats an earlier one (see ``_deduplicate``) is counted once and
    reported. ``found`` is what :func:`find_workspace_files` gives for the folder, when the caller has it.
    """
    today = today or date.today()
    check_listed_files(settings, folder)
    problems: list[Problem] = []
    sheets: list[SheetReport] = []
    pending: dict[str, list[SheetRows]] = {}
    register_files, other_files = found or find_workspace_files(folder, settings.ignore)
    files = [(path, path.relative_to(folder).as_posix()) for path in register_files]
    # The next files are read on worker threads while this one's sheets are detected and read: parsing a
    # workbook or a CSV mostly runs without the GIL. Their sheets are taken in file order, so problems and
    # reports come out as from reading one file after another. A CSV file's rows are classified on another
    # thread, in batches of its kind's files, as the files come; a kind is parsed once its batches are done,
    # while the next kind's may still be under way.
    with closing(ClassifyAhead()) as classify:
        _read_files(files, settings, classify, problems, sheets, pending)
        classify.finish(list(kind_specs()))
        for path in other_files:
            label = path.relative_to(folder).as_posix()
            missing, reason, note = not_read_reason(path)
            problems.append(Problem(ERROR if missing else NOTICE, label, reason))
            sheets.append(SheetReport(label, None, None, None, note=note))
        # A sheet holding two registers side by side has a report per kind.
        by_sheet = {(s.file, s.sheet or "", s.kind): s for s in sheets}
        registers = {}
        kinds = [kind for kind in kind_specs() if kind in pending]

        def parse(kind: str) -> tuple[Parsed, list[tuple[str, str, int]]]:
            classify.wait(kind)
            parts = pending.pop(kind)
            parsed = parse_rows(parts, kind_specs()[kind], today)
            # The raw cells go once parsed (with ``parts``, here): only where each part's rows came from is kept.
            return parsed, [(p.file, p.sheet, len(p.raw)) for p in parts]

        # Each kind is parsed on a worker thread while the one before is deduplicated here (polars parses without
        # the GIL); the kinds still come out one after another, in order.
        with ThreadPoolExecutor(1, thread_name_prefix="summarize-parse") as pool:
            parsing = pool.submit(parse, kinds[0]) if kinds else None
            for at, kind in enumerate(kinds):
                parsed, origins = parsing.result()
                if at + 1 < len(kinds):
                    parsing = pool.submit(parse, kinds[at + 1])
                problems += parsed.problems
                _count_outcomes(kind, origins, parsed, by_sheet)
                registers[kind] = _deduplicate(kind, parsed, by_sheet, problems)
    position = {}
    for file, sheet, _ in by_sheet:
        position.setdefault((file, sheet), len(position))
    problems.sort(key=lambda p: (position.get((p.file, p.sheet or ""), -1), p.row or 0))
    return Ingested(registers, problems, sheets)


def _read_files(
    files: list[tuple[Path, str]],
    settings: Settings,
    classify: ClassifyAhead,
    problems: list[Problem],
    sheets: list[SheetReport],
    pending: dict[str, list[SheetRows]],
) -> None:
    """Read every register file's sheets, in order: each sheet's report into ``sheets``, its problems into
    ``problems`` and its records-to-be by kind into ``pending`` (and to ``classify``); a file that cannot be
    read at all is one problem and one report."""
    with closing(read_ahead(files)) as opened:
        for (path, label), take in zip(files, opened, strict=True):
            try:
                raw_sheets = take()
            except SummarizeError as exc:
                # The problem names the file already: "文件“x.xlsx”：设置了打开密码……"
                reason = exc.message.removeprefix(f"文件“{label}”").removeprefix("的")
                problems.append(Problem(ERROR, label, reason))
                sheets.append(SheetReport(label, None, None, None, note="无法读取"))
                continue
            for raw in raw_sheets:
                for report, rows, found in _read_sheet(
                    raw, label, path.stem, settings.files.get(label), settings
                ):
                    sheets.append(report)
                    problems += found
                    if rows is not None:
                        pending.setdefault(report.kind, []).append(rows)
                        classify.add(report.kind, rows)
            classify.file_done()


def not_counted(sheets: list[SheetReport]) -> str | None:
    """What the figures leave out, for the warning ``report``, ``monthly`` and ``stats`` print: "有3个文件未能读取、
    27行未计入：数字可能偏小，请先运行 summarize check 查看原因"; None when every file, sheet and row was read."""
    files = {s.file for s in sheets if s.note == "无法读取"}
    unknown = [s for s in sheets if s.note == "未识别"]
    rows = sum(s.counts.rejected for s in sheets)
    parts = [
        f"有{len(files)}个文件未能读取" if files else "",
        f"{len(unknown)}张工作表未能识别" if unknown else "",
        f"{rows}行未计入" if rows else "",
    ]
    parts = [p for p in parts if p]
    if not parts:
        return None
    text = "、".join(parts)
    return (
        ("" if text.startswith("有") else "有") + text + "：数字可能偏小，请先运行 summarize check 查看原因"
    )


def _count_outcomes(kind: str, origins: list[tuple[str, str, int]], parsed: Parsed, by_sheet: dict) -> None:
    """Put each sheet's accepted and rejected counts, and its main year, into its report (``origins``: each
    part's file, sheet and number of record candidates, in the order parsed)."""
    ends = np.cumsum([size for _, _, size in origins])
    rejected_before = np.r_[0, np.cumsum(parsed.rejected)]
    counted: dict[
        tuple[str, str], tuple[int, int]
    ] = {}  # the two registers of a sheet read side by side add up
    start = 0
    for (file, sheet, _), end in zip(origins, ends.tolist(), strict=True):
        seen, failed = counted.get((file, sheet), (0, 0))
        bad = int(rejected_before[end] - rejected_before[start])
        counted[(file, sheet)] = (seen + end - start, failed + bad)
        start = end
    for (file, sheet), (size, bad) in counted.items():
        if size:
            report = by_sheet[(file, sheet, kind)]
            report.counts.rejected = bad
            report.counts.accepted = size - bad
    for (file, sheet, _), year in zip(origins, parsed.years, strict=True):
        if year is not None:
            by_sheet[(file, sheet, kind)].year = year


def _read_sheet(
    raw: RawSheet, label: str, stem: str, forced: str | None, settings: Settings
) -> list[tuple[SheetReport, SheetRows | None, list[Problem]]]:
    """A sheet's registers (two when 收文 and 发文 sit side by side), or one report saying why none was read."""
    sheet = raw.name
    if raw.blank:
        return [(SheetReport(label, sheet, None, None, note="空表"), None, [])]
    if sheet and any(word in sheet for word in _NOTE_SHEET_WORDS) and not _DIGIT.search(sheet):
        return [(SheetReport(label, sheet, None, None, note="说明页，未读取"), None, [])]
    texts = header_texts(raw.head(HEADER_SEARCH_ROWS))
    # Splitting and detection look for the same headers in the same rows: they are found once.
    headers = find_headers(texts, list(kind_specs()))
    parts = [raw] if forced else side_by_side(raw, texts, headers)
    return [
        _read_register(part, label, stem, forced, settings, (texts, headers) if part is raw else None)
        for part in parts
    ]


def _read_register(
    raw: RawSheet,
    label: str,
    stem: str,
    forced: str | None,
    settings: Settings,
    found_headers: tuple[list[list[str]], dict[str, HeaderMatch | None]] | None = None,
) -> tuple[SheetReport, SheetRows | None, list[Problem]]:
    # The header is among the first rows: a CSV's cells are built as a pandas frame only for those.
    cells, sheet = raw.head(HEADER_SEARCH_ROWS), raw.name
    texts, headers = found_headers or (None, None)
    found = detect(cells, stem, sheet, forced, texts, headers)
    if found.header is None:
        skipped = skip_reason(raw.cells, (sheet or "", title_text(cells, None)))
        if skipped:
            return SheetReport(label, sheet, None, None, note=skipped), None, []
        report = SheetReport(label, sheet, None, None, note="未识别")
        row = found.row + 1 if found.row is not None else None
        return report, None, [Problem(ERROR, label, found.reason, sheet, row)]
    header = found.header
    title = title_text(cells, header.row)
    form = form_name((sheet or "", title))
    if form and header.score < _FORM_HEADER_LIMIT:  # label rows of a 处理单 look like a short header
        return SheetReport(label, sheet, None, None, note=form), None, []
    named_year = year_in(sheet) or year_in(title) or year_in(stem)
    year = named_year or settings.year
    problems = [
        Problem(
            ERROR,
            label,
            f"与{column_letter(kept)}列“{_header_text(cells, header.row, kept)}”都对应“{name}”，只读取了"
            f"{column_letter(kept)}列；请删除或改名其中一列",
            sheet,
            header.row + 1,
            f"{column_letter(other)}列（{_header_text(cells, header.row, other)}）",
            kind=header.kind,
        )
        for kept, other, name in header.duplicates
    ]
    if found.guess:
        problems.append(
            Problem(
                NOTICE,
                label,
                f"{found.guess}，已按{header.kind}台账读取；如不对，请在 summarize.toml 的 [files] 中写明种类，"
                f'如 "{label}" = "{header.kind}"',
                sheet,
                header.row + 1,
                kind=header.kind,
            )
        )
    rows = sheet_rows(raw, header, label, year, named_year)
    unused = [_header_text(cells, header.row, col) for col in header.unknown]
    report = SheetReport(label, sheet, header.kind, year, rows.counts, unused=unused, title=title)
    return report, rows, problems


def _header_text(cells: pd.DataFrame, row: int, col: int) -> str:
    return abbreviate(normalize_header(cells.iat[row, col]))


def _deduplicate(kind: str, parsed: Parsed, by_sheet: dict, problems: list[Problem]) -> pd.DataFrame:
    """Drop the rows that repeat an earlier record of the kind (in reading order), reporting each one.

    With an identifying number and date (``dedup`` in kinds.toml, all recorded): the same number and date and no
    other recorded field that disagrees is a repeat; the same number and date with a different 标题/科室/内容 are
    two records, both counted, and the repeated number is reported as a likely numbering slip. Without them
    (信息, 督办, 会议, 工作量, or a register that does not record its number): a row repeats only when every
    recorded field equals an earlier row's.

    Whole columns are compared at once; a message is built only for a row that is a repeat or a slip, and only
    a group of three or more rows sharing a number and date is walked row by row.
    """
    spec = kind_specs()[kind]
    records = parsed.records
    fields = [c for c in records.columns if c in spec.fields]
    key = list(spec.dedup) if spec.dedup and all(f in records.columns for f in spec.dedup) else []
    # Two units number their documents independently: a record repeats only within its own unit (its
    # sub-folder, and its 单位 cell), compared with the values.
    compared = key or fields
    if UNIT_FIELD in records and UNIT_FIELD not in compared:
        compared = [*compared, UNIT_FIELD]
    folders = _folder_codes(records["_file"])
    # Comparing a million rows' text exactly is the slow part: rows are first narrowed to those sharing a hash
    # of their values with another row, which every repeat does; only these are compared exactly.
    maybe, hashed = _maybe_repeats(records, parsed.hashes, folders, compared, key)
    if not len(maybe):
        return records
    rows, first = _groups(records, maybe, hashed, folders, compared)  # first: the row's group's first row
    if not len(rows):
        return records
    starts = np.flatnonzero(np.r_[True, first[1:] != first[:-1]])
    sizes = np.diff(np.r_[starts, len(rows)])
    later = np.ones(len(rows), dtype=bool)
    later[starts] = False
    others = [f for f in fields if f not in key]
    if not key:  # every field equal (or both empty): a repeat of the group's first row
        repeats, slips = (rows[later], first[later]), None
    else:
        pair = later & np.repeat(sizes == 2, sizes)
        second, top = rows[pair], first[pair]
        differs = _differing(records, others, top, second)
        found = differs.any(axis=1)
        names = [others[at] for at in differs[found].argmax(axis=1).tolist()] if found.any() else []
        big = np.repeat(sizes > 2, sizes)
        walked_repeats, walked_slips = _walk_groups(records, others, rows[big], first[big])
        repeats = (
            np.r_[second[~found], np.array(walked_repeats[0], dtype=np.int64)],
            np.r_[top[~found], np.array(walked_repeats[1], dtype=np.int64)],
        )
        slips = (
            np.r_[second[found], np.array(walked_slips[0], dtype=np.int64)],
            np.r_[top[found], np.array(walked_slips[1], dtype=np.int64)],
            names + walked_slips[2],
        )
    _report_repeats(kind, key, records, repeats, by_sheet, problems)
    if slips is not None:
        _report_slips(kind, key, records, slips, problems)
    if not len(repeats[0]):
        return records
    kept = np.ones(len(records), dtype=bool)
    kept[repeats[0]] = False
    # Each column's array masked on its own: pandas' take of the whole frame costs about twice as much for text.
    return pd.DataFrame(
        {name: records[name].array[kept] for name in records.columns},
        index=pd.RangeIndex(int(kept.sum())),
        copy=False,
    )


def _folder_codes(files: pd.Series) -> np.ndarray:
    """Each row's sub-folder (``folder_units``) as a small integer, equal where the folders are: looked up
    once per run of rows from one file (a file's rows follow one another) rather than once per row."""
    paths = files.to_numpy(dtype=object)
    starts = np.flatnonzero(np.r_[len(paths) > 0, paths[1:] != paths[:-1]])
    codes = pd.factorize(folder_units(files.iloc[starts]).to_numpy(dtype=object))[0]
    return np.repeat(codes.astype(np.int64), np.diff(np.r_[starts, len(paths)]))


def _maybe_repeats(
    records: pd.DataFrame,
    hashes: dict[str, np.ndarray],
    folders: np.ndarray,
    compared: list[str],
    key: list[str],
) -> tuple[np.ndarray, np.ndarray]:
    """Positions of the rows (with every ``key`` field recorded) whose folder and ``compared`` values
    (``hashes``: parse_rows' hash of each field's values) hash as another such row's do, and their hashes:
    every repeat is among them, and now and then a row whose hashes merely collide."""
    import polars as pl

    columns = [folders, *(hashes[name] for name in compared)]
    rows = pl.DataFrame({str(i): column for i, column in enumerate(columns)}).hash_rows().to_numpy()
    # Most rows repeat nothing: a count of the hashes' low bits (a table of 4 to 8 slots a row) sets most of
    # them aside before the rows left are checked for their key and their whole hashes.
    bits = max(len(rows).bit_length() + 2, 10)
    slots = (rows & ((1 << bits) - 1)).astype(np.intp)
    at = np.flatnonzero(np.bincount(slots, minlength=1 << bits)[slots] > 1)
    if key:
        at = at[records[key].take(at).notna().all(axis=1).to_numpy()]
    at = at[pd.Series(rows[at]).duplicated(keep=False).to_numpy()]
    return at, rows[at]


def _groups(
    records: pd.DataFrame, maybe: np.ndarray, hashed: np.ndarray, folders: np.ndarray, compared: list[str]
) -> tuple[np.ndarray, np.ndarray]:
    """The rows among ``maybe`` (hashing as ``hashed``) whose folder and ``compared`` values (empty ones alike)
    equal another's, each group's rows together in reading order and the groups in the order of their first
    rows, with each row's group's first row.

    Rows of equal values hash alike: sorted by their hashes, each row is compared with the one before it only.
    A run of rows hashing alike whose values are not all equal (hashes that merely collide) is told apart
    exactly (``_exact_groups``)."""
    order = np.argsort(hashed, kind="stable")  # rows hashing alike together, in reading order
    rows, hashed = maybe[order], hashed[order]
    same = hashed[1:] == hashed[:-1]
    equal = same & (folders[rows[1:]] == folders[rows[:-1]])
    for name in compared:
        equal &= _same_as_before(records[name].array.take(rows))
    run = np.cumsum(np.r_[False, ~same])  # each row's run of rows hashing alike
    group = run
    clashing = np.isin(run, run[1:][same & ~equal])
    if clashing.any():
        group = run.copy()
        group[clashing] = len(rows) + _exact_groups(records, rows[clashing], folders, compared)
    _, at, group = np.unique(group, return_index=True, return_inverse=True)
    first = rows[at][group]  # a group's rows follow in reading order: its first row is its first
    repeated = np.bincount(group)[group] > 1
    rows, first = rows[repeated], first[repeated]
    order = np.lexsort((rows, first))
    return rows[order], first[order]


def _same_as_before(values: pd.api.extensions.ExtensionArray) -> np.ndarray:
    """Whether each value but the first equals the one before it (an empty one another empty one); two values
    it calls different may still be equal (NaN), never the other way round."""
    plain = values.asi8 if values.dtype.kind == "M" else values.to_numpy(dtype=object, na_value=None)
    return plain[1:] == plain[:-1]


def _exact_groups(
    records: pd.DataFrame, rows: np.ndarray, folders: np.ndarray, compared: list[str]
) -> np.ndarray:
    """A number per row, equal where the rows' folders and ``compared`` values are (empty ones alike): each
    field's values told apart exactly (pandas' factorisation, as ``duplicated`` does), a row's numbers, field
    after field, making its group's."""
    group = pd.factorize(folders[rows])[0]
    for name in compared:
        codes, distinct = pd.factorize(records[name].array.take(rows))
        group = pd.factorize(group * (len(distinct) + 1) + codes)[0]
    return group


def _differing(records: pd.DataFrame, fields: list[str], first: np.ndarray, other: np.ndarray) -> np.ndarray:
    """Per pair of rows and per field: whether both rows recorded the field with different values."""
    out = np.zeros((len(first), len(fields)), dtype=bool)
    for j, name in enumerate(fields):
        column = records[name].array
        a, b = column.take(first), column.take(other)
        differ = a != b
        if isinstance(differ, pd.api.extensions.ExtensionArray):
            differ = differ.to_numpy(dtype=bool, na_value=False)
        out[:, j] = differ & ~pd.isna(a) & ~pd.isna(b)
    return out


def _walk_groups(
    records: pd.DataFrame, others: list[str], rows: np.ndarray, group: np.ndarray
) -> tuple[tuple[list[int], list[int]], tuple[list[int], list[int], list[str]]]:
    """The repeats (rows, the earlier rows they repeat) and slips (rows, their group's first rows, the field
    that differs) of groups of three or more rows sharing a number and date (``rows``, each group's together in
    reading order). In a group, each row repeats the first kept row it does not disagree with, or is kept (a
    slip against the group's first row when another row was kept before it)."""
    repeats: tuple[list[int], list[int]] = ([], [])
    slips: tuple[list[int], list[int], list[str]] = ([], [], [])
    if not len(rows):
        return repeats, slips
    values = records[others].take(rows).astype(object).to_numpy()
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]]).tolist()
    for start, end in zip(starts, [*starts[1:], len(rows)], strict=True):
        kept: list[int] = []
        for i in range(start, end):
            same = next((k for k in kept if _disagreement(values[k], values[i], others) is None), None)
            if same is not None:
                repeats[0].append(int(rows[i]))
                repeats[1].append(int(rows[same]))
                continue
            if kept:
                slips[0].append(int(rows[i]))
                slips[1].append(int(rows[kept[0]]))
                slips[2].append(_disagreement(values[kept[0]], values[i], others))
            kept.append(i)
    return repeats, slips


def _disagreement(first: np.ndarray, other: np.ndarray, fields: list[str]) -> str | None:
    """The first field both rows recorded with different values, or None when they agree."""
    for name, a, b in zip(fields, first, other, strict=True):
        if not (pd.isna(a) or pd.isna(b)) and a != b:
            return name
    return None


def _cells(records: pd.DataFrame, rows: np.ndarray, name: str) -> list:
    return records[name].take(rows).tolist()


def _places(records: pd.DataFrame, rows: np.ndarray) -> list[str]:
    """文件“…”工作表“…”第N行 of each row."""
    return [
        f"文件“{file}”工作表“{sheet}”第{row}行" if sheet else f"文件“{file}”第{row}行"
        for file, sheet, row in zip(*(_cells(records, rows, c) for c in PROVENANCE), strict=True)
    ]


def _idents(records: pd.DataFrame, rows: np.ndarray, key: list[str]) -> list[str]:
    columns = [[f"{k}“{v}”" for v in _shown(records[k].take(rows))] for k in key]
    return list(map("、".join, zip(*columns, strict=True)))


def _shown(values: pd.Series) -> list[str]:
    """Each value as quoted in a message; a column of dates (a few hundred days) writes each day once."""
    if values.dtype.kind == "M":
        codes, days = pd.factorize(values, use_na_sentinel=False)
        texts = [abbreviate(_show(day)) for day in days]
        return [texts[code] for code in codes.tolist()]
    return list(map(abbreviate, map(str, values.tolist())))  # no Timestamp but in a column of dates


def _report_repeats(
    kind: str,
    key: list[str],
    records: pd.DataFrame,
    repeats: tuple[np.ndarray, np.ndarray],
    by_sheet: dict,
    problems: list[Problem],
) -> None:
    dups, origs = repeats
    places = _places(records, origs)
    files, sheets, numbers = (_cells(records, dups, c) for c in PROVENANCE)
    if key:
        reasons = [
            f"与{place}重复（{ident}相同），只计一次"
            for place, ident in zip(places, _idents(records, dups, key), strict=True)
        ]
    else:
        reasons = [f"与{place}的各项内容完全相同，是重复登记，只计一次" for place in places]
    problems += [
        Problem(NOTICE, file, reason, sheet or None, number, kind=kind)
        for file, reason, sheet, number in zip(files, reasons, sheets, numbers, strict=True)
    ]
    for (file, sheet), count in Counter(zip(files, sheets, strict=True)).items():
        by_sheet[(file, sheet, kind)].duplicates += count


def _report_slips(
    kind: str,
    key: list[str],
    records: pd.DataFrame,
    slips: tuple[np.ndarray, np.ndarray, list[str]],
    problems: list[Problem],
) -> None:
    rows, firsts, names = slips
    places = _places(records, firsts)
    idents = _idents(records, rows, key)
    files, sheets, numbers = (_cells(records, rows, c) for c in PROVENANCE)
    # A record's index is its position (the records are numbered afresh when read): the value at a row is
    # the field's array's item there, as ``records.at`` would give it, without a lookup per cell.
    values = {name: records[name].array for name in set(names)}
    for row, first, name, place, ident, file, sheet, number in zip(
        rows.tolist(), firsts.tolist(), names, places, idents, files, sheets, numbers, strict=True
    ):
        mine, theirs = values[name][first], values[name][row]
        reason = (
            f"与{place}的{ident}相同，但{name}不同（“{abbreviate(_show(mine))}”与"
            f"“{abbreviate(_show(theirs))}”），两条都计入；可能是编号重复，请核对编号"
        )
        problems.append(Problem(NOTICE, file, reason, sheet or None, number, kind=kind))


def _show(value: object) -> str:
    return value.strftime("%Y-%m-%d") if isinstance(value, pd.Timestamp) else str(value)

"""Finding the header row of a sheet and mapping its columns to a kind's canonical fields, by alias.

Headers are matched by their words, never by position: offices order and spell columns differently. A header
cell is normalised (white space, line breaks, ``*`` marks and bracketed units removed) before it is looked up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

import pandas as pd

from summarize.registers import KindSpec, kind_spec

# How far down a title block may push the header.
HEADER_SEARCH_ROWS = 15
SERIAL_HEADERS = frozenset({"序号", "序", "编号序号", "No", "No.", "NO"})

_NOISE = re.compile(r"[\s*＊:：]+")
_BRACKETED = re.compile(r"[（(【\[].*?[)）】\]]")
_OPENERS = frozenset("（(【[")


def normalize_header(text: object) -> str:
    """A header cell reduced to its words: "收文\\n日期 *" → "收文日期", "份数（份）" keeps "份数（份）"."""
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return ""
    return _NOISE.sub("", str(text))


@cache
def _lookup(kind: str) -> dict[str, str]:
    """Every normalised spelling of the kind's fields → canonical field name (earlier fields win ties)."""
    table: dict[str, str] = {}
    for fspec in kind_spec(kind).fields.values():
        for spelling in fspec.spellings:
            table.setdefault(normalize_header(spelling), fspec.name)
    return table


def _field_of(kind: str, key: str) -> str | None:
    """The field an already normalised header names: as written, else without its bracketed unit."""
    table = _lookup(kind)
    if key in table:
        return table[key]
    if not _OPENERS.intersection(key):  # most cells of a sheet's first rows are data, with no brackets
        return None
    stripped = _BRACKETED.sub("", key)
    return table.get(stripped) if stripped else None


@dataclass
class HeaderMatch:
    """Where a kind's header was found in a sheet and which column holds which field."""

    kind: str
    row: int  # 0-based index into the sheet's cells
    columns: dict[int, str] = field(default_factory=dict)  # column position → canonical field
    duplicates: list[tuple[int, int, str]] = field(default_factory=list)  # (kept col, other col, field)
    unknown: list[int] = field(default_factory=list)  # columns with a header no field takes
    serial: list[int] = field(default_factory=list)  # 序号 columns, ignored

    @property
    def score(self) -> int:
        """How many distinct fields the header names."""
        return len(self.columns)

    def has(self, name: str) -> bool:
        """Whether the header has a column for this field."""
        return name in self.columns.values()


def header_texts(cells: pd.DataFrame) -> list[list[str]]:
    """The first rows of a sheet as normalised header words, computed once and tried against every kind."""
    head = cells.iloc[:HEADER_SEARCH_ROWS].to_numpy(dtype=object).tolist()
    normal = _normal_of.get
    return [
        ["" if v is None else (normal(v) if type(v) is str else None) or _normalized(v) for v in row]
        for row in head
    ]


# Texts up to this long are remembered with what is found in them; a cell may hold 32 767 characters, and the
# tens of thousands of cells remembered would then hold gigabytes.
REMEMBERED_CHARS = 200
# Sheets repeat their header and title words: each text cell's normalised words and the fields they name are
# kept in a plain dict, looked up inline (most cells of a sheet's first rows are data, each one look-up), and
# emptied when this full.
_REMEMBERED = 1 << 16
_normal_of: dict[str, str] = {}
_fields_of: dict[str, tuple[tuple[str, str], ...]] = {}


def _normalized(value: object) -> str:
    """``normalize_header`` of a cell not remembered, remembering it when it is a short text."""
    text = normalize_header(value)
    if type(value) is str and len(value) <= REMEMBERED_CHARS:
        if len(_normal_of) >= _REMEMBERED:
            _normal_of.clear()
        _normal_of[value] = text
    return text


def _fields_named(text: str) -> tuple[tuple[str, str], ...]:
    """(kind, field) for every kind whose field this normalised header cell names, remembered for a short one."""
    found = _fields_of.get(text)
    if found is None:
        found = _fields_in(text)
        if len(text) <= REMEMBERED_CHARS:
            if len(_fields_of) >= _REMEMBERED:
                _fields_of.clear()
            _fields_of[text] = found
    return found


def _fields_in(text: str) -> tuple[tuple[str, str], ...]:
    """What ``_field_of`` gives for every kind, looked up once in the spelling index rather than kind by kind:
    most cells of a sheet's first rows are data, each naming nothing."""
    if not text or text in SERIAL_HEADERS:
        return ()
    index = _spelling_index()
    exact = index.get(text, {})
    stripped: dict[str, str] = {}
    if _OPENERS.intersection(text):
        without_unit = _BRACKETED.sub("", text)
        stripped = index.get(without_unit, {}) if without_unit else {}
    if not exact and not stripped:
        return ()
    return tuple(
        (kind, exact[kind] if kind in exact else stripped[kind]) for kind in _kind_order(exact, stripped)
    )


@cache
def _spelling_index() -> dict[str, dict[str, str]]:
    """Every normalised spelling of any kind's fields → {kind: field} (``_lookup`` of each kind, inverted)."""
    from summarize.registers import kind_specs

    index: dict[str, dict[str, str]] = {}
    for kind in kind_specs():
        for spelling, name in _lookup(kind).items():
            index.setdefault(spelling, {})[kind] = name
    return index


def _kind_order(*found: dict[str, str]) -> list[str]:
    """The kinds named in ``found``, in the order of kinds.toml (the order ``find_headers`` breaks ties in)."""
    from summarize.registers import kind_specs

    return [kind for kind in kind_specs() if any(kind in f for f in found)]


def find_headers(texts: list[list[str]], kinds: list[str]) -> dict[str, HeaderMatch | None]:
    """Per kind, the row among the first rows of a sheet (``header_texts``) that names the most of its fields
    (at least two; the first such row on a tie), or None.

    Only whole-cell matches count, so a title row such as "2025年收文登记簿" is never taken for a header. Each
    cell is looked up once for all kinds, a row's score is the number of distinct fields it names, and only the
    winning row of a kind is matched column by column.
    """
    best: dict[str, tuple[int, int]] = {}  # kind → (score, row)
    remembered = _fields_of.get
    for i, row in enumerate(texts):
        # Most cells of these rows are titles and data, which name no field: each is one look-up.
        named: dict[str, set[str]] = {}
        for text in row:
            pairs = remembered(text)
            for kind, name in _fields_named(text) if pairs is None else pairs:
                named.setdefault(kind, set()).add(name)
        for kind, names in named.items():
            if len(names) >= 2 and len(names) > best.get(kind, (0, 0))[0]:
                best[kind] = (len(names), i)
    return {k: _match_row(texts[best[k][1]], kind_spec(k), best[k][1]) if k in best else None for k in kinds}


def _match_row(row: list[str], spec: KindSpec, index: int) -> HeaderMatch:
    match = HeaderMatch(kind=spec.name, row=index)
    seen: dict[str, int] = {}
    for col, text in enumerate(row):
        if not text:
            continue
        if text in SERIAL_HEADERS:
            match.serial.append(col)
            continue
        name = _field_of(spec.name, text)  # header_texts are normalised already
        if name is None:
            match.unknown.append(col)
        elif name in seen and spec.fields[name].type == "text":
            # Two wordings of one text field (留言主题 and 留言详情): the first is read, the other is listed unused.
            match.unknown.append(col)
        elif name in seen:
            match.duplicates.append((seen[name], col, name))
        else:
            seen[name] = col
            match.columns[col] = name
    return match


def near_field(kind: str, header: str) -> str | None:
    """The field a header cell no field takes comes close to: a spelling of the kind's fields of the same length
    with one character typed wrong ("收文时期" → 收文日期, "来文单住" → 来文单位). None when nothing is that close."""
    key = normalize_header(header)
    if len(key) < 3:
        return None
    for spelling, name in _lookup(kind).items():
        if len(spelling) == len(key) and sum(a != b for a, b in zip(spelling, key, strict=True)) == 1:
            return name
    return None

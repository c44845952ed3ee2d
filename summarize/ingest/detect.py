"""Deciding which register a sheet is: from the settings, else from its header first, with the words in its
sheet name, file name and title rows breaking near ties. An unknown sheet is reported; a choice the header and
the names disagree on is stated as a guess, with the settings line that fixes it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from summarize.ingest.header import REMEMBERED_CHARS, HeaderMatch, find_headers, header_texts
from summarize.ingest.skipped import without_ambiguous_words
from summarize.registers import kind_specs

# A header naming this many fields of one kind is that kind even when the file name suggests another.
_CLEAR_HEADER = 4
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


@dataclass
class Detection:
    """The outcome for one sheet: a header to read it by, or the reason there is none."""

    header: HeaderMatch | None
    reason: str = ""
    row: int | None = None  # 0-based row the reason is about (a header lacking its date column)
    guess: str = (
        ""  # why the kind is only a guess (the header and the names disagree, or two kinds come close)
    )


def year_in(text: str | None) -> int | None:
    """The first four-digit year (19xx/20xx) written in a name or title, if any."""
    m = _YEAR.search(text or "")
    return int(m.group(1)) if m else None


def title_text(cells: pd.DataFrame, header_row: int | None) -> str:
    """The text of the rows above the header (or of the first rows, when no header was found)."""
    stop = header_row if header_row is not None else min(3, len(cells))
    values = cells.to_numpy()[:stop].ravel().tolist()  # (slicing the array: no pandas frame built for it)
    return " ".join(str(v) for v in values if v is not None and not (isinstance(v, float) and pd.isna(v)))


def _hinted(text: str) -> tuple[str, ...]:
    """The kinds whose keywords ``text`` holds, remembered for a short text: sheets share their names and
    title words."""
    return _remembered_hints(text) if len(text) <= REMEMBERED_CHARS else _hints(text)


@lru_cache(maxsize=1 << 12)
def _remembered_hints(text: str) -> tuple[str, ...]:
    return _hints(text)


def _hints(text: str) -> tuple[str, ...]:
    text = without_ambiguous_words(text)
    return tuple(name for name, spec in kind_specs().items() if any(word in text for word in spec.keywords))


def _best(candidates: dict[str, HeaderMatch]) -> HeaderMatch | None:
    """The candidate with the most matched fields, or None when two share the top score."""
    if not candidates:
        return None
    ranked = sorted(candidates.values(), key=lambda h: h.score, reverse=True)
    if len(ranked) > 1 and ranked[0].score == ranked[1].score:
        return None
    return ranked[0]


def detect(
    cells: pd.DataFrame,
    file_stem: str,
    sheet: str | None,
    forced: str | None,
    texts: list[list[str]] | None = None,
    headers: dict[str, HeaderMatch | None] | None = None,
) -> Detection:
    """Find the kind and header of a sheet.

    ``forced`` is the kind the settings give for this file. Otherwise the header decides first: the kind whose
    fields it names most. A kind named by the sheet name, the file name or the title rows (in that order) is
    taken when its header comes within one field of the best; a header that clearly says another kind than the
    names wins, and the choice is stated as a guess. With no name at all, the header alone decides when one
    kind clearly matches best. ``texts`` are the sheet's ``header_texts``, and ``headers`` what ``find_headers``
    finds in them for every kind, when the caller has them already.
    """
    specs = kind_specs()
    if headers is None:
        headers = find_headers(header_texts(cells) if texts is None else texts, list(specs))
    if forced:
        header = headers[forced]
        if header is None or not header.has(specs[forced].date_field):
            return _lacking(forced, header, f"按设置应为{forced}台账，但")
        return Detection(header)

    usable = {k: h for k, h in headers.items() if h is not None and h.has(specs[k].date_field)}
    first_row = min((h.row for h in usable.values()), default=None)
    hint_sources = (sheet or "", file_stem, title_text(cells, first_row))
    top = max((h.score for h in usable.values()), default=0)
    any_hint: list[str] = []
    for text in hint_sources:
        hinted = _hinted(text)
        any_hint += hinted
        close = {k: usable[k] for k in hinted if k in usable and usable[k].score >= top - 1}
        chosen = _best(close)
        if chosen is not None:
            return Detection(chosen)
    chosen = _best(usable)
    if any_hint and not any(k in usable for k in any_hint):
        kind = any_hint[0]
        partial = headers[kind].score if headers[kind] is not None else 0
        # The names say a kind whose header is not there; a clearly matching header of another kind
        # ("公文信息表" holding 来文单位, 文号, 来文日期) is read as that kind, stated as a guess.
        if chosen is None or chosen.score < _CLEAR_HEADER or chosen.score < partial + 2:
            return _lacking(kind, headers[kind], f"看起来是{kind}台账，但")
    if chosen is not None and chosen.score >= 3:
        if any_hint:
            named = "、".join(dict.fromkeys(any_hint))
            return Detection(chosen, guess=f"名称像{named}台账，但表头更像{chosen.kind}台账")
        runner_up = max((h.score for k, h in usable.items() if k != chosen.kind), default=0)
        if runner_up >= chosen.score - 1 and runner_up >= 2:
            return Detection(chosen, guess="表头与另一种台账也相近")
        return Detection(chosen)
    if len(usable) > 1:
        names = "、".join(sorted(usable, key=list(specs).index))
        return Detection(
            None,
            f"无法确定台账种类（表头可能属于：{names}），请在文件名中写明种类或在 summarize.toml 的 [files] 中指定",
        )
    return Detection(
        None,
        "未找到可识别的表头，无法判断是哪种台账；请在文件名中写明种类或在 summarize.toml 的 [files] 中指定",
    )


def _lacking(kind: str, header: HeaderMatch | None, prefix: str) -> Detection:
    """Why a sheet of ``kind`` cannot be read: no header at all, or a header without the date column."""
    date_field = kind_specs()[kind].date_field
    spellings = "、".join(f"“{s}”" for s in kind_specs()[kind].fields[date_field].spellings)
    if header is None:
        return Detection(None, f"{prefix}没有找到含{spellings}等列的表头")
    return Detection(
        None,
        f"{prefix}表头缺少必需的“{date_field}”列（列名可写作{spellings}），整张表未读取；请增加该列或改正列名",
        header.row,
    )

"""Tying each figure of a document to what it states: which metric, which year, a value or a change.

Nothing here knows the sentences the report templates write. A figure belongs to the metric named nearest
before it in its sentence (a name and a kind word together, 受理信访事项, name 信访受理; a breakdown value with
its metric, 市级采用, names that part), else to the metric the sentence is about (同比增长5.9% after 收文1804份),
else to a name after it in the same clause (尚有8件正在办理). Its unit says what kind of figure it is (份/件/次…
a count, % a rate or a change, 个百分点 a change of a rate); the words right before it say whether it is a change
(增长, 下降, 提高, 多), a target (目标) or a completion (完成率); the period is the nearest of 本年/全年, 上年/去年
or an explicit year before it. Where the tool's own comment (``report --comments``) covers the figure, the
comment says what it is, whatever the sentence became.

A table with a header row (指标, 单位, 本年, 上年, 同比/增减/增幅 …) is read by columns; any other table cell is
read as text after the cells to its left in the same row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarize.verify.document import Place, TableGrid
from summarize.verify.lexicon import Lexicon
from summarize.verify.numbers import Number, find_numbers, normalise
from summarize.verify.provenance import parse_comment

SENTENCE_END = "。！？；;!?\n"
CLAUSE_END = SENTENCE_END + "，,、：:"
OPENING, CLOSING = "（(【[《", "）)】]》"  # a name inside 《组工信息》 is a title, not a metric
YEAR_RE = re.compile(r"(\d{4})年")


@dataclass
class Claim:
    """What a figure states. ``metric`` None means it could not be tied (``why`` says so)."""

    metric: str | None
    role: str = "value"  # value, change, difference, target, completion
    year: int = 0
    group: tuple[str, str] | None = None  # (breakdown field, value)
    sign: int = 1  # -1 after 下降/减少/降低/少
    from_comment: bool = False
    why: str = ""
    # In a 月报: the month's frame column the value is in (本月, 上月, 上年同月, 本年累计, 上年同期累计), or for a
    # change the compared columns and the change column (本月 / 上月 / 环比); empty in an annual document.
    column: str = ""
    base: str = ""
    change: str = ""
    event: str = ""  # for a figure tied to no metric: the words before it, which may name 大事记 entries


@dataclass
class Found:
    """A figure in the document and what it was read as stating."""

    place: Place
    number: Number
    sentence: str
    claim: Claim


@dataclass
class _Context:
    """What the text is about so far: the register kind (from names and headings) and the last metric."""

    source: str | None = None
    metric: str | None = None
    month: int | None = None  # the month of a 月报


# A 月报's changes: the change column and the two columns it compares.
MONTH_CHANGES = {
    "环比": ("本月", "上月"),
    "同比": ("本月", "上年同月"),
    "累计同比": ("本年累计", "上年同期累计"),
}


def read_claims(
    blocks: list[Place | TableGrid], lexicon: Lexicon, year: int, month: int | None = None
) -> list[Found]:
    """Every figure of the document's paragraphs and tables with what it states; ``month`` for a 月报."""
    found: list[Found] = []
    context = _Context(month=month)
    for block in blocks:
        if isinstance(block, Place):
            context.metric = None
            found += _paragraph(block, lexicon, year, context)
        else:
            found += _table(block, lexicon, year, context)
    return found


# ---- paragraphs --------------------------------------------------------------------------------------------


def _paragraph(place: Place, lexicon: Lexicon, year: int, context: _Context, prefix: str = "") -> list[Found]:
    """The figures of one paragraph (or of a cell read as text after ``prefix``, the cells to its left)."""
    text = prefix + place.text
    plain = normalise(text)
    shift = len(prefix)
    numbers = [n for n in find_numbers(text, lexicon.wording.unit_kinds) if n.start >= shift]
    names = [(m.start(), m.end(), m.group()) for m in lexicon.pattern.finditer(plain)]
    if not numbers:
        for _, _, name in names:  # a heading or a sentence without figures still says what follows is about
            _update_source(context, lexicon, name)
        return []
    out = []
    used = 0  # names before this offset have already set the context
    previous_end: dict[int, int] = {}
    sentence_at = -1
    for number in numbers:
        begin = _sentence_start(plain, number.start)
        if begin != sentence_at:  # the metric a sentence is about does not carry into the next sentence
            context.metric, sentence_at = None, begin
        stretch_start = max(previous_end.get(begin, begin), begin)
        for start, _, name in names:
            if used <= start < stretch_start:
                _update_source(context, lexicon, name)
        used = max(used, stretch_start)
        before = [
            (s, e, n)
            for s, e, n in names
            if stretch_start <= s and e <= number.start and not _closed_between(plain, e, number.start)
        ]
        after = [(s, e, n) for s, e, n in names if number.end <= s < _clause_end(plain, number.end)]
        sentence = text[begin : _sentence_end(plain, number.end)].strip()
        if plain[stretch_start : number.start].endswith(tuple(lexicon.wording.roles.get("example", []))):
            previous_end[begin] = number.end
            continue  # （如4/5）: an example of how figures are written, not a figure
        shifted = Number(**{**number.__dict__, "start": number.start - shift, "end": number.end - shift})
        claim = _from_comment(place, shifted, lexicon, year, plain, begin, number)
        if claim is None:
            claim = _tie(number, plain, begin, stretch_start, before, after, lexicon, year, context)
        previous_end[begin] = number.end
        if claim.metric is None and number.chinese:
            continue  # 三件 with no metric named before it is a word, not a figure
        if claim.metric is not None and claim.group is None:
            context.metric = claim.metric
        if claim.metric is not None:
            context.source = lexicon.source_of(claim.metric) or context.source
        out.append(Found(place, shifted, sentence, claim))
    return out


def _tie(
    number: Number,
    plain: str,
    begin: int,
    stretch_start: int,
    before: list[tuple[int, int, str]],
    after: list[tuple[int, int, str]],
    lexicon: Lexicon,
    year: int,
    context: _Context,
) -> Claim:
    wording = lexicon.wording
    stretch = plain[stretch_start : number.start].rstrip(" 了")
    role, sign = _role(number, stretch, wording, monthly=context.month is not None)
    if role == "monthly":
        return Claim(None, why="本月、上月、环比等月度数字不在年度核对之内", year=year)
    claim_year = _period_year(plain[begin : number.start], wording, year) if role == "value" else year
    columns: dict[str, str] = {}
    if context.month is not None:
        columns = _month_columns(plain[begin : number.start], stretch, role, wording)
        claim_year = year
    candidates: list[tuple[str, tuple[str, str] | None]] = []
    source = context.source
    labels: list[tuple[str, int]] = []
    resolved_here: list[str] = []
    pending: list[str] = []  # kind-relative names (受理, 办结率) waiting for the kind named after them
    for (
        _,
        end,
        name,
    ) in before:  # left to right: a kind named earlier in the stretch scopes the names after it
        entry = lexicon.entries[name]
        if entry.labels:
            labels.append((name, end))
        metric = _metric_of(name, lexicon, source, resolved_here)
        if metric is None and entry.source:
            waiting = next((p for p in pending if entry.source in lexicon.entries[p].suffix), None)
            if waiting is not None:  # 受理信访事项: 受理 of 信访
                pending.remove(waiting)
                metric = lexicon.entries[waiting].suffix[entry.source]
            else:
                metric = _primary(entry.source, lexicon, resolved_here)
        if metric is None and entry.suffix:
            pending.append(name)
        if metric is not None:
            resolved_here += [*reversed(entry.counted[1:]), metric]  # 超期: 超期3件 (件), 超期48天 (天)
            source = lexicon.source_of(metric) or source
    for name in pending:  # a kind-relative name no kind came to: the one metric it can mean, if only one
        if len(lexicon.entries[name].suffix) == 1:
            resolved_here.insert(0, next(iter(lexicon.entries[name].suffix.values())))
    for metric in reversed(resolved_here):
        candidates.append((metric, _group(metric, labels, lexicon, number.start)))
    # The metric the sentence is about, or a name after the figure, only when the words before it name none:
    # 培训班2期 after 编发刊物24期 names 政务信息 (no 期 of it), and is not a second figure of 刊物.
    if context.metric is not None and not resolved_here:
        candidates.append((context.metric, _group(context.metric, labels, lexicon, number.start)))
    for _, _, name in after if not resolved_here else []:
        entry = lexicon.entries[name]
        metric = _metric_of(name, lexicon, source, []) or (
            _primary(entry.source, lexicon, []) if entry.source else None
        )
        if metric is not None:
            candidates.append((metric, None))
    for metric, group in candidates:
        fitted = _fit(metric, role, number, lexicon)
        if fitted is not None:
            if metric in wording.counted and wording.counted[metric].how == "days":
                group = ("事项", _item_before(plain, number.start))
            return Claim(metric, fitted, claim_year, group, sign, **columns)
    # No metric: a count of events (召开党组理论学习中心组学习会4次) is checked against the 大事记 when it is one.
    event = _event_phrase(stretch) if role == "value" and number.kind.startswith("量词:") else ""
    if candidates:
        metric = candidates[0][0]
        return Claim(
            None,
            year=year,
            why=f"数字的单位“{number.unit or '无'}”与前面的指标“{metric}”（{_unit_words(metric, lexicon)}）对不上",
            event=event,
        )
    return Claim(None, year=year, why="前后没有可对应的指标名称", event=event)


def _event_phrase(stretch: str) -> str:
    """The words of the clause before a figure (举办全县政务信息业务培训班), for counting 大事记 entries."""
    clause = re.split(f"[{re.escape(CLAUSE_END)}]", stretch)[-1]
    return clause.strip()


def _metric_of(name: str, lexicon: Lexicon, source: str | None, resolved: list[str]) -> str | None:
    """The metric a written name means by itself, with ``source`` the kind the text is about (None when it
    needs a kind the text has not named: a bare kind name is resolved by the caller)."""
    entry = lexicon.entries[name]
    if entry.metric is not None:
        return entry.metric
    if entry.counted:
        return entry.counted[0]
    if entry.suffix:
        if source in entry.suffix:
            return entry.suffix[source]
        if source is None and len(entry.suffix) == 1:
            return next(iter(entry.suffix.values()))
    return None


def _primary(source: str, lexicon: Lexicon, resolved: list[str]) -> str | None:
    """A kind named on its own means its total, unless a metric of that kind was just named (信访受理信访)."""
    if any(lexicon.source_of(m) == source for m in resolved):
        return None
    return lexicon.primary.get(source)


def _update_source(context: _Context, lexicon: Lexicon, name: str) -> None:
    entry = lexicon.entries[name]
    if entry.source:
        context.source = entry.source
    elif entry.metric or entry.counted:
        context.source = lexicon.source_of(entry.metric or entry.counted[0]) or context.source


def _group(metric: str, labels: list[tuple[str, int]], lexicon: Lexicon, at: int) -> tuple[str, str] | None:
    """The breakdown value named for ``metric`` in the stretch (a one-character one, 函, only right before the
    figure: it could be part of any word)."""
    for label, end in reversed(labels):
        if len(label) == 1 and end != at:
            continue
        for m, field in lexicon.entries[label].labels:
            if m == metric:
                return field, label
    return None


def _role(number: Number, stretch: str, wording, monthly: bool = False) -> tuple[str, int]:  # noqa: ANN001
    """value, change, difference, target, completion or (in an annual document) monthly, and the sign."""
    changes = wording.changes
    if not monthly and any(w in stretch[-4:] for w in wording.periods.get("monthly", [])):
        return "monthly", 1
    ups = sorted(changes["up"], key=len, reverse=True)
    downs = sorted(changes["down"], key=len, reverse=True)
    to_words = tuple(changes.get("to", []))
    tail = stretch
    if tail.endswith(to_words) and any(tail[: -len(t)].endswith(tuple(ups + downs)) for t in to_words):
        return "value", 1  # 增加到1804份
    verb = next((w for w in sorted(ups + downs, key=len, reverse=True) if tail.endswith(w)), None)
    if number.signed and number.kind != "bare":
        return ("change" if number.kind in ("percent", "points") else "difference"), 1
    if verb is not None:
        sign = -1 if verb in downs else 1
        return ("change" if number.kind in ("percent", "points") else "difference"), sign
    if number.kind == "points":
        return "change", 1
    if number.kind == "percent" and any(w in stretch for w in wording.roles["completion"]):
        return "completion", 1
    if any(w in stretch for w in wording.roles["target"]):
        return "target", 1
    return "value", 1


def _period_year(before: str, wording, year: int) -> int:  # noqa: ANN001 - Wording
    """The year a value is for: the nearest 本年/上年 word or explicit year before it in its sentence."""
    masked = before
    for phrase in sorted(wording.periods["compared"], key=len, reverse=True):
        masked = masked.replace(phrase, "□" * len(phrase))  # 比上年 names the base of a change, not a period
    best, where = year, -1
    for word in wording.periods["this"]:
        at = masked.rfind(word)
        if at > where:
            best, where = year, at
    for word in wording.periods["last"]:
        at = masked.rfind(word)
        if at > where:
            best, where = year - 1, at
    for m in YEAR_RE.finditer(masked):
        if m.start() > where:
            best, where = int(m.group(1)), m.start()
    return best


def _month_columns(before: str, stretch: str, role: str, wording) -> dict[str, str]:  # noqa: ANN001
    """A 月报 figure's columns: the nearest period word before it in its sentence says 本月 (11月, 本月), 上月,
    上年同月, 本年累计 (1—11月累计, 本年) or 上年同期累计; a change is 环比 after 环比/比上月, else 同比 (累计同比
    in a cumulative stretch)."""
    words = wording.month_periods
    masked = before
    for phrase in sorted(words["mom"] + words["yoy"], key=len, reverse=True):
        masked = masked.replace(phrase, "□" * len(phrase))
    column, where = "本月", -1
    for key, target in (
        ("this", "本月"),
        ("last", "上月"),
        ("same_month", "上年同月"),
        ("cumulative", "本年累计"),
        ("last_cumulative", "上年同期累计"),
    ):
        for word in words[key]:
            at = masked.rfind(word)
            if at > where or (at == where and at >= 0 and target == "上年同期累计"):
                column, where = target, at
    for m in re.finditer(r"(?<![—\-~～至到\d])\d{1,2}月", masked):
        if m.start() > where and not masked[m.end() : m.end() + 2].startswith(("累计", "份")):
            column, where = "本月", m.start()
    if role == "value":
        return {"column": column}
    if role not in ("change", "difference"):
        return {}
    change = "累计同比" if column in ("本年累计", "上年同期累计") else "同比"
    at_mom = max((stretch.rfind(w) for w in words["mom"]), default=-1)
    at_yoy = max((stretch.rfind(w) for w in words["yoy"]), default=-1)
    if at_mom > at_yoy:
        change = "环比"
    this, base = MONTH_CHANGES[change]
    return {"column": this, "base": base, "change": change}


def _fit(metric: str, role: str, number: Number, lexicon: Lexicon) -> str | None:
    """The role the figure has for ``metric``, or None when its unit cannot be a figure of that metric."""
    kind, rate = number.kind, lexicon.is_rate(metric)
    if kind == "bare":
        return role
    if role in ("value", "target"):
        if kind == "percent":
            return role if rate else None
        if kind == "points":
            return None
        return role if not rate and lexicon.unit_kind(metric) == kind else None
    if role == "completion":
        return role if kind == "percent" and metric in lexicon.metrics else None
    if role == "change":
        return role if metric in lexicon.metrics else None
    if role == "difference":
        return role if not rate and lexicon.unit_kind(metric) == kind and metric in lexicon.metrics else None
    return None


def _unit_words(metric: str, lexicon: Lexicon) -> str:
    return "比率" if lexicon.is_rate(metric) else f"以“{lexicon.unit_of(metric)}”计"


def _from_comment(
    place: Place, number: Number, lexicon: Lexicon, year: int, plain: str, begin: int, raw: Number
) -> Claim | None:
    """The claim the tool's own comment over this figure states, if there is one naming a known metric."""
    for anchor in place.anchors:
        if anchor.start < number.end and number.start < anchor.end:
            parsed = parse_comment(anchor.text)
            if parsed is None:
                continue
            metric, role, claim_year, group = parsed
            if metric not in lexicon.metrics and metric not in lexicon.wording.counted:
                continue
            sign = 1
            if role == "change" or role == "difference":
                _, sign = _role(raw, plain[begin : raw.start].rstrip(" 了"), lexicon.wording)
            return Claim(metric, role, claim_year, group, sign, from_comment=True)
    return None


def _item_before(text: str, at: int) -> str:
    """The item a figure is about: 督促落实秋粮收购工作部署（柳河乡，超期43天） → 督促落实秋粮收购工作部署;
    督办事项“整改……问题”（县应急管理局）超期17天 → the quoted name."""
    depth, i = 0, at
    while i > 0:
        i -= 1
        if text[i] in CLOSING:
            depth += 1
        elif text[i] in OPENING:
            if depth == 0:
                break
            depth -= 1
        elif text[i] in SENTENCE_END or i == 0:
            quoted = re.findall(r"“([^”]+)”", text[i:at])
            return quoted[-1] if quoted else ""
    start = i
    while start > 0 and text[start - 1] not in SENTENCE_END + "：:":
        start -= 1
    return text[start:i].strip()


def _sentence_start(text: str, at: int) -> int:
    i = at
    while i > 0 and text[i - 1] not in SENTENCE_END:
        i -= 1
    return i


def _sentence_end(text: str, at: int) -> int:
    i = at
    while i < len(text) and text[i] not in SENTENCE_END:
        i += 1
    return min(i + 1, len(text))


def _clause_end(text: str, at: int) -> int:
    i = at
    while i < len(text) and text[i] not in CLAUSE_END:
        i += 1
    return i


def _closed_between(text: str, start: int, end: int) -> bool:
    """Whether a bracket opened before ``start`` closes before ``end`` (the name is inside a parenthesis the
    figure is not: 已办结（含不予受理……）89件 is 办结, not 受理)."""
    depth = 0
    for ch in text[start:end]:
        if ch in OPENING:
            depth += 1
        elif ch in CLOSING:
            if depth == 0:
                return True
            depth -= 1
    return False


# ---- tables ------------------------------------------------------------------------------------------------


def _table(grid: TableGrid, lexicon: Lexicon, year: int, context: _Context) -> list[Found]:
    header_at, columns = _header(grid, lexicon, year, context.month is not None)
    out: list[Found] = []
    if header_at is None:
        for row in grid.rows:
            context.metric = None
            for c, cell in enumerate(row):
                left = "，".join(p.text for p in row[:c] if p.text.strip())
                out += _paragraph(cell, lexicon, year, context, prefix=f"{left}，" if left else "")
        return out
    metric_col = next(c for c, (role, _) in columns.items() if role == "metric")
    for row in grid.rows[header_at + 1 :]:
        if metric_col >= len(row):
            continue
        name = row[metric_col].text.strip()
        metric = _table_metric(name, lexicon)
        for c, cell in enumerate(row):
            role, column_year = columns.get(c, (None, None))
            if role in (None, "metric", "unit"):
                continue
            parts = _fraction_parts(metric, role, cell.text, lexicon)
            if parts is not None:  # a rate over a small base, written as its counts (2/3): check each count
                sentence = f"{name}（{_header_text(grid, header_at, c)}）：{cell.text.strip()}"
                # Read as two counts, not as one rate: 4/6 is not 2/3 (offsets hold, one character for one).
                numbers = find_numbers(cell.text.replace("/", " "), lexicon.wording.unit_kinds, bare=True)
                for number, part in zip(numbers, parts, strict=True):
                    number = Number(**{**number.__dict__, "written": cell.text[number.start : number.end]})
                    claim = Claim(part, "value", column_year)
                    if context.month is not None:
                        claim = _month_table_claim(
                            claim, _header_key(_header_text(grid, header_at, c)), lexicon.wording
                        )
                    out.append(Found(cell, number, sentence, claim))
                continue
            for number in find_numbers(cell.text, lexicon.wording.unit_kinds, bare=True):
                sentence = f"{name}（{_header_text(grid, header_at, c)}）：{cell.text.strip()}"
                claim = _from_comment(cell, number, lexicon, year, normalise(cell.text), 0, number)
                if claim is None:
                    claim = _table_claim(metric, name, role, column_year, number, lexicon, year)
                    if context.month is not None and claim.metric is not None:
                        header = _header_key(_header_text(grid, header_at, c))
                        claim = _month_table_claim(claim, header, lexicon.wording)
                out.append(Found(cell, number, sentence, claim))
    return out


def _header_key(text: str) -> str:
    """A header cell as compared with the header words: without a bracketed note (本年（1—12月）) or spaces."""
    return normalise(re.sub(r"[（(].*?[)）]", "", text).strip().replace(" ", ""))


def _month_table_claim(claim: Claim, header: str, wording) -> Claim:  # noqa: ANN001 - Wording
    """A 月报 table cell's claim with the month frame's columns its header names."""
    for column, words in wording.month_headers.items():
        if header in words:
            if column in MONTH_CHANGES:
                this, base = MONTH_CHANGES[column]
                role = claim.role if claim.role in ("change", "difference") else "change"
                return Claim(
                    claim.metric,
                    role,
                    claim.year,
                    claim.group,
                    claim.sign,
                    column=this,
                    base=base,
                    change=column,
                )
            return Claim(claim.metric, "value", claim.year, claim.group, claim.sign, column=column)
    return claim


def _header(
    grid: TableGrid, lexicon: Lexicon, year: int, monthly: bool = False
) -> tuple[int | None, dict[int, tuple[str, int]]]:
    """The header row (one of the first three) naming a metric column and a figures column, and each column's
    role and year."""
    headers = lexicon.wording.headers
    month_words = {w: column for column, ws in lexicon.wording.month_headers.items() for w in ws}
    for r, row in enumerate(grid.rows[:3]):
        columns: dict[int, tuple[str, int]] = {}
        for c, cell in enumerate(row):
            text = _header_key(cell.text)
            if monthly and text in month_words:
                columns[c] = ("change" if month_words[text] in MONTH_CHANGES else "value", year)
                continue
            m = re.fullmatch(r"(\d{4})年(?:度)?(?:数)?", normalise(text))
            if m:
                columns[c] = ("value", int(m.group(1)))
                continue
            for role, words in headers.items():
                if text in words:
                    columns[c] = {
                        "this": ("value", year),
                        "last": ("value", year - 1),
                    }.get(role, (role, year))
                    break
        roles = {role for role, _ in columns.values()}
        if "metric" in roles and roles - {"metric", "unit"}:
            return r, columns
    return None, {}


def _header_text(grid: TableGrid, header_at: int, column: int) -> str:
    row = grid.rows[header_at]
    return row[column].text.strip() if column < len(row) else ""


def _table_metric(name: str, lexicon: Lexicon) -> str | None:
    """The metric a 指标 cell names: the name itself, a synonym, or the first name inside it."""
    name = normalise(name)
    for m in lexicon.pattern.finditer(name):
        entry = lexicon.entries[m.group()]
        metric = _metric_of(m.group(), lexicon, None, []) or (
            lexicon.primary.get(entry.source) if entry.source else None
        )
        if metric is not None and (m.group() == name or m.end() == len(name)):
            return metric
    if name in lexicon.entries:
        return _metric_of(name, lexicon, None, [])
    return None


def _fraction_parts(metric: str | None, role: str, text: str, lexicon: Lexicon) -> tuple[str, str] | None:
    """A rate's numerator and denominator when its value cell is written as counts ("2/3"), else None."""
    if metric is None or role != "value" or not lexicon.is_rate(metric):
        return None
    if re.fullmatch(r"\s*\d+\s*/\s*\d+\s*", text) is None:
        return None
    rate = lexicon.metrics[metric]
    return (rate.numerator, rate.denominator)


def _table_claim(
    metric: str | None,
    name: str,
    role: str,
    column_year: int,
    number: Number,
    lexicon: Lexicon,
    year: int,
) -> Claim:
    if metric is None:
        why = f"表中指标“{name}”不在指标目录中" if name else "这一行没有写指标名称"
        return Claim(None, year=year, why=why)
    if role in ("value", "change") and number.signed:
        # +1 under 同比 is a change from a small base said in counts (see summarize.bases).
        role = "change" if number.kind in ("percent", "points") else "difference"
    if role == "difference" and (lexicon.is_rate(metric) or number.kind == "points"):
        role = "change"  # 增减 of a rate is its change in 个百分点
    if role == "change" and number.kind == "bare" and not lexicon.is_rate(metric):
        role = "difference"  # +1 under 环比: a change over a small base said in counts
    if role == "value" and number.kind == "percent" and not lexicon.is_rate(metric):
        return Claim(None, year=year, why=f"“{metric}”不是比率，这一列的百分数无法对应")
    return Claim(metric, role, column_year if role == "value" else year)

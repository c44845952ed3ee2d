"""The register kinds an office keeps, loaded from ``kinds.toml``.

Each kind is a :class:`KindSpec`: its canonical fields with their aliases and value types, the field that dates a
row, the fields that identify a duplicate, and the words that name the kind in file names and titles. Everything
that reads registers asks these specs; nothing else knows a header spelling.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

FIELD_TYPES = ("text", "date", "int", "number", "bool")


@dataclass(frozen=True)
class FieldSpec:
    """One canonical field of a register kind."""

    name: str
    type: str = "text"
    required: bool = False
    default: object = None
    aliases: tuple[str, ...] = ()

    @property
    def spellings(self) -> tuple[str, ...]:
        """The canonical name followed by every alias, in order of preference."""
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class KindSpec:
    """A register kind: 收文, 发文, 信访, 信息, 督办, 会议, 大事记 or 工作量."""

    name: str
    date_field: str
    fields: dict[str, FieldSpec]
    keywords: tuple[str, ...] = ()
    dedup: tuple[str, ...] = ()
    department: str | None = None
    monthly_totals: bool = False  # a row is a month's total: counted only in whole months

    @property
    def required(self) -> list[str]:
        """Fields a row must have to be a record."""
        return [f.name for f in self.fields.values() if f.required]


def _parse_kind(name: str, raw: dict) -> KindSpec:
    fields = {}
    for fname, fraw in raw["fields"].items():
        ftype = fraw.get("type", "text")
        if ftype not in FIELD_TYPES:
            raise ValueError(f"台账种类“{name}”的字段“{fname}”类型“{ftype}”无效")
        fields[fname] = FieldSpec(
            name=fname,
            type=ftype,
            required=bool(fraw.get("required", False)),
            default=fraw.get("default"),
            aliases=tuple(fraw.get("aliases", ())),
        )
    if raw["date_field"] not in fields:
        raise ValueError(f"台账种类“{name}”的日期字段“{raw['date_field']}”不在字段表中")
    return KindSpec(
        name=name,
        date_field=raw["date_field"],
        fields=fields,
        keywords=tuple(raw.get("keywords", ())),
        dedup=tuple(raw.get("dedup", ())),
        department=raw.get("department"),
        monthly_totals=bool(raw.get("monthly_totals", False)),
    )


@cache
def kind_specs() -> dict[str, KindSpec]:
    """Every register kind the package knows, keyed by its Chinese name, in the order of ``kinds.toml``."""
    text = resources.files("summarize").joinpath("kinds.toml").read_text(encoding="utf-8")
    return {name: _parse_kind(name, raw) for name, raw in tomllib.loads(text).items()}


def kind_spec(name: str) -> KindSpec:
    """The spec of one kind; ``KeyError`` for a name that is not a kind."""
    return kind_specs()[name]

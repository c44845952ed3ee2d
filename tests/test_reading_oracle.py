"""The reader gives exactly what the reader before issue 21's rewrite gave (frozen in tests/reading_oracle by
``freeze.py`` at main 947f366): every register cell and dtype, every problem with its file, sheet, row, column,
value, severity and reason, every sheet's counts and duplicates, and the reconciliation, over a messy generated
workspace; and ``detect`` decides the same on every sheet of the test corpora, with and without a forced kind."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from tests.conftest import open_ws
from tests.reading_oracle import canonical, messy
from tests.reading_oracle.freeze import HERE, corpus_decisions


def _frozen(name: str) -> dict:
    return json.loads(gzip.decompress((HERE / name).read_bytes()))


def _plain(data: dict) -> dict:
    """As the frozen file holds it (tuples become lists)."""
    return json.loads(json.dumps(data, ensure_ascii=False, sort_keys=True, default=str))


def test_messy_workspace_reads_as_before(tmp_path: Path):
    ws = open_ws(messy.build(tmp_path / "messy"))
    got = _plain(canonical.reading(ws.ingested, ws.reconciliation()))
    want = _frozen("reading.json.gz")
    assert got["sheets"] == want["sheets"]
    assert got["reconciliation"] == want["reconciliation"]
    assert len(got["problems"]) == len(want["problems"])
    for mine, theirs in zip(got["problems"], want["problems"], strict=True):
        assert mine == theirs
    assert list(got["registers"]) == list(want["registers"])
    for kind, frame in want["registers"].items():
        mine = got["registers"][kind]
        assert (mine["columns"], mine["dtypes"]) == (frame["columns"], frame["dtypes"]), kind
        assert len(mine["rows"]) == len(frame["rows"]), kind
        for a, b in zip(mine["rows"], frame["rows"], strict=True):
            assert a == b, kind


def test_the_oracle_workspace_has_what_it_is_for():
    """The frozen reading holds every case the comparison is meant to cover (so it cannot pass vacuously)."""
    want = _frozen("reading.json.gz")
    reasons = " ".join(p["reason"] for p in want["problems"])
    for phrase in (
        "重复（",  # a real duplicate
        "可能是编号重复",  # a numbering slip
        "日期不存在",
        "无法识别的日期",
        "可能是笔误",
        "晚于今天",
        "不是有效的数量",
        "数量不能为负数",
        "应填“是”或“否”",
        "没有保存计算结果",
        "错误值",
        "缺少必填项",
    ):
        assert phrase in reasons, phrase
    sheets = want["sheets"]
    assert sum(s["counts"]["totals"] for s in sheets) > 0 and sum(s["counts"]["blank"] for s in sheets) > 0
    assert {s["note"] for s in sheets} >= {"说明页，未读取", "汇总/统计表，不是逐条登记，未读取"}
    assert sum(len(f["rows"]) for f in want["registers"].values()) > 4000


def test_detect_decides_as_before_on_every_corpus_sheet(tmp_path: Path):
    got = _plain(corpus_decisions(tmp_path))
    want = _frozen("detect.json.gz")
    assert sorted(got) == sorted(want)
    for key, decided in want.items():
        assert got[key] == decided, key

"""Speed of kind and header detection on every sheet of the test corpora, now against an older checkout.

Run: ``python benchmarks/bench_detect.py [--old PATH] [--rounds 5]`` from the repository root. The sheets of the
sample, the real layouts (tests/real_layouts), the bad inputs and the oracle's messy workspace are read once;
then each round times what reading does per sheet before its rows (``side_by_side`` and ``detect``, the header
words computed once where the reader shares them), in a fresh process per round and per checkout. ``--old`` is a
worktree of an earlier commit (``git worktree add --detach /tmp/old 947f366``), put first on PYTHONPATH; rounds
alternate between the two so that a change of load on a shared machine hits both.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

MEASURE = r"""
import importlib, inspect, json, sys, tempfile, time
from pathlib import Path
sys.path.append(sys.argv[1])  # this checkout's tests build the corpus; summarize comes from PYTHONPATH first
import summarize
from summarize.ingest import split
detect_module = importlib.import_module("summarize.ingest.detect")  # the package shadows it with the function
from summarize.ingest.header import find_headers, header_texts
from summarize.registers import kind_specs
from summarize.ingest.sources import find_register_files, read_sheets
from summarize.errors import SummarizeError
from tests.bad_inputs.make_corpus import build_corpus
from tests.real_layouts import LAYOUTS
from tests.reading_oracle import messy

shares = "texts" in inspect.signature(detect_module.detect).parameters
finds_once = "headers" in inspect.signature(detect_module.detect).parameters  # the headers found once a sheet
with tempfile.TemporaryDirectory() as tmp:
    folders = [summarize.sample_path(), messy.build(Path(tmp) / "messy")]
    for item in LAYOUTS:
        folder = Path(tmp) / "layouts" / item.name
        folder.mkdir(parents=True)
        item.build(folder)
        folders.append(folder)
    folders += list(build_corpus(Path(tmp) / "bad").values())
    sheets = []
    for folder in folders:
        for path in find_register_files(folder):
            try:
                sheets += [(path.stem, raw) for raw in read_sheets(path, path.name)]
            except SummarizeError:
                pass
repeat = 20
kinds = list(kind_specs())
start = time.perf_counter()
for _ in range(repeat):
    for stem, raw in sheets:
        if finds_once:
            texts = header_texts(raw.cells)
            headers = find_headers(texts, kinds)
            for part in split.side_by_side(raw, texts, headers):
                shared = (texts, headers) if part is raw else ()
                detect_module.detect(part.cells, stem, part.name, None, *shared)
        elif shares:
            texts = header_texts(raw.cells)
            for part in split.side_by_side(raw, texts):
                detect_module.detect(part.cells, stem, part.name, None, texts if part is raw else None)
        else:
            for part in split.side_by_side(raw):
                detect_module.detect(part.cells, stem, part.name, None)
per_sheet = (time.perf_counter() - start) / repeat / len(sheets)
print(json.dumps({"ms": per_sheet * 1000, "sheets": len(sheets)}))
"""


def measure(code: Path | None) -> dict:
    env = dict(os.environ)
    if code is not None:
        env["PYTHONPATH"] = str(code)
    with tempfile.TemporaryDirectory() as cwd:  # not the checkout: its summarize would come before PYTHONPATH
        out = subprocess.run(
            [sys.executable, "-c", MEASURE, str(ROOT)], capture_output=True, text=True, env=env, cwd=cwd
        )
    if out.returncode:
        raise RuntimeError(out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--old", type=Path, help="a worktree of the commit to compare with")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    now, before = [], []
    for round_ in range(args.rounds):
        if args.old and round_ % 2:
            before.append(measure(args.old))
        now.append(measure(None))
        if args.old and not round_ % 2:
            before.append(measure(args.old))
    sheets = now[0]["sheets"]
    ms = statistics.median(r["ms"] for r in now)
    line = f"识别台账种类和表头（{sheets} 张工作表，{args.rounds} 轮中位数）：每张 {ms:.3f} ms"
    if before:
        old = statistics.median(r["ms"] for r in before)
        ratios = [b["ms"] / n["ms"] for b, n in zip(before, now, strict=True)]
        line += f"；改动前 {old:.3f} ms，快 {statistics.median(ratios):.1f} 倍"
    print(line)


if __name__ == "__main__":
    main()

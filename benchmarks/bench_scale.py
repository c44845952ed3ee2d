"""Scale: 1,000,000 register rows over 200 units, and 100 sample-sized unit reports with 2 jobs.

Run: ``python benchmarks/bench_scale.py [WORKDIR] [rows] [units]`` (both parts by default). Generates the workspaces with ``make_large.py`` (kept in
WORKDIR between runs), then prints each figure against its target from issue 8. Reading and statistics run in a
fresh process each time, with the reading cache off, so that peak memory is the run's own.
"""

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RUNS = 5

MEASURE = r"""
import io, json, resource, sys, time
import pandas as pd
import summarize
from summarize.ingest.sources import decode_text, find_register_files
folder = sys.argv[1]
t = time.perf_counter()
for path in find_register_files(summarize.Workspace(folder).path):
    pd.read_csv(io.StringIO(decode_text(path.read_bytes(), path.name)), header=None, dtype=object)
bare = time.perf_counter() - t
t = time.perf_counter()
ws = summarize.Workspace(folder)
ws.ingested
read = time.perf_counter() - t
t = time.perf_counter()
ws.facts
ws.annual(2025)
ws.monthly(2025, 11)
stats = time.perf_counter() - t
rows = sum(len(f) for f in ws.registers.values())
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"bare": bare, "read": read, "stats": stats, "rows": rows, "peak_mb": peak}))
"""


def measure(folder: Path) -> dict:
    env = dict(os.environ, SUMMARIZE_NO_CACHE="1")
    out = subprocess.run(
        [sys.executable, "-c", MEASURE, str(folder)], capture_output=True, text=True, env=env, check=True
    )
    import json

    return json.loads(out.stdout.strip().splitlines()[-1])


def timed(args: list[str], env: dict | None = None) -> float:
    start = time.perf_counter()
    result = subprocess.run(args, capture_output=True, env=env)
    if result.returncode not in (0, 1):  # check exits 1 for the sample's planted data errors
        raise RuntimeError(result.stderr.decode())
    return time.perf_counter() - start


def main() -> None:
    work = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.gettempdir()) / "summarize-bench"
    parts = sys.argv[2:] or ["rows", "units"]
    if "rows" in parts:
        rows(work / "large")
    if "units" in parts:
        units(work, work / "copies")


def rows(large: Path) -> None:
    if not large.exists():
        subprocess.run(
            [sys.executable, str(HERE / "make_large.py"), str(large), "--rows", "1000000", "--units", "200"],
            check=True,
        )

    runs = [measure(large) for _ in range(RUNS)]
    med = {key: statistics.median(r[key] for r in runs) for key in ("bare", "read", "stats", "peak_mb")}
    print(f"1,000,000 行 / 200 个单位（{runs[0]['rows']} 行计入），{RUNS} 次中位数：")
    print(
        f"  读取台账 {med['read']:.1f} s；pandas 直接读取同样文件 {med['bare']:.1f} s；比值 {med['read'] / med['bare']:.2f}（目标 ≤ 1.3）"
    )
    print(f"  年度和月度统计（含事实表）{med['stats']:.2f} s（目标 ≤ 5 s）")
    print(f"  峰值内存 {med['peak_mb']:.0f} MB（目标 ≤ 1536 MB）")


def units(work: Path, copies: Path) -> None:
    if not copies.exists():
        subprocess.run(
            [sys.executable, str(HERE / "make_large.py"), str(copies), "--copies", "--units", "100"],
            check=True,
        )
    env = dict(os.environ, SUMMARIZE_CACHE_DIR=str(work / "cache"))
    shutil.rmtree(work / "cache", ignore_errors=True)  # the first opening reads every file
    cli = [sys.executable, "-m", "summarize"]
    first = timed([*cli, "check", str(copies)], env)
    again = statistics.median(timed([*cli, "check", str(copies)], env) for _ in range(RUNS))
    print(
        f"再次打开未改动的工作区（缓存）{again:.2f} s，首次 {first:.2f} s，比值 {again / first:.2f}（目标 ≤ 0.3）"
    )
    out = work / "out"
    batch = timed([*cli, "report", str(copies), "--each-unit", "--jobs", "2", "-o", str(out)], env)
    print(f"100 个单位的年终总结（每个与示例同样大小）加汇总，2 个进程：{batch:.1f} s（目标 ≤ 90 s）")
    # The copies draw the same charts, which the chart cache shares among them; real units have their own data.
    # A file where the chart cache's folder would be keeps every chart from being cached.
    charts = work / "cache" / "charts"
    shutil.rmtree(charts, ignore_errors=True)
    charts.touch()
    own = timed([*cli, "report", str(copies), "--each-unit", "--jobs", "2", "-o", str(work / "out-own")], env)
    charts.unlink()
    print(f"  同上，但不共用图表缓存（各单位数据不同时的情形）：{own:.1f} s")


if __name__ == "__main__":
    main()

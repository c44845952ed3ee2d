"""Batch reports: N distinct-data unit 年终总结 plus the 汇总 on 2 processes, against a bare python-docx baseline.

Run: ``python benchmarks/bench_batch.py [WORKDIR] [--units 100] [--runs 3] [--repo PATH]``.

The workspace (``make_large.py``, N units of about the sample's size, each with its own rows, so no two units
draw the same charts) is kept in WORKDIR between runs. Each run times ``summarize report --each-unit --jobs 2``
with a fresh cache (the registers are read from the cache, as an office's second run would; charts are drawn
anew), and next to it the bare baseline in the same run: N plain python-docx documents (a heading, 30
paragraphs, a 12×6 table) written by 2 processes. The figure is their ratio, the median over the runs.
``--repo`` times another checkout's ``summarize`` (say a worktree of the commit before a change) in the same
run, interleaved, so that the two ratios can be compared on one busy machine. Each run's figures are printed as
it ends, with the CPU seconds of each report (the process and its workers: what it costs, whatever else the
machine is doing) and the load average.
"""

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROWS_PER_UNIT = 5000  # about the sample's 5,920 register rows, as one unit of an office has

BARE = r"""
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from docx import Document

def one(path):
    doc = Document()
    doc.add_heading("年终总结", 0)
    for i in range(30):
        doc.add_paragraph(f"第{i}段：全年收文1234件，同比增长5.6%，办结率98.7%。" * 3)
    table = doc.add_table(rows=12, cols=6)
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            cell.text = str(r * c)
    doc.save(path)

out, n = Path(sys.argv[1]), int(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)
with ProcessPoolExecutor(2) as pool:
    list(pool.map(one, [out / f"{i}.docx" for i in range(n)]))
"""


CPU: list[float] = []  # the CPU seconds (user + system, the process and its workers) of each timed command


def timed(args: list[str], env: dict | None = None, cwd: Path | None = None) -> float:
    """Wall seconds of the command; its CPU seconds are appended to CPU (on a shared machine the CPU time
    says what the command costs, the wall time also what the other users took)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(args, capture_output=True, env=env, cwd=cwd, check=True)
    took = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return took


def batch(python: str, repo: Path, folder: Path, work: Path) -> float:
    """Seconds for ``report --each-unit --jobs 2`` with ``repo``'s code, registers from a warm cache."""
    cache, out = work / "cache", work / "out"
    work.mkdir(parents=True, exist_ok=True)  # the report runs in it, before anything else has created it
    env = dict(os.environ, SUMMARIZE_CACHE_DIR=str(cache), PYTHONPATH=str(repo))
    warm = subprocess.run([python, "-m", "summarize", "check", str(folder)], capture_output=True, env=env)
    # Exit 1 is rows not counted, which still fills the cache; any other failure would leave the timed run to read
    # every register itself, and the figure would not be what it claims.
    if warm.returncode not in (0, 1):
        raise SystemExit(f"summarize check failed ({warm.returncode}): {warm.stderr.decode()[-2000:]}")
    shutil.rmtree(cache / "charts", ignore_errors=True)  # every chart drawn, as for real units' own data
    shutil.rmtree(out, ignore_errors=True)
    args = [python, "-m", "summarize", "report", str(folder), "--each-unit", "--jobs", "2", "-o", str(out)]
    return timed(args, env, cwd=work)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("work", nargs="?", type=Path, default=Path(tempfile.gettempdir()) / "summarize-batch")
    parser.add_argument("--units", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--repo", type=Path, help="another checkout to time in the same run")
    args = parser.parse_args()
    folder = args.work / f"units-{args.units}"
    if not folder.exists():
        rows = ROWS_PER_UNIT * args.units
        make = [sys.executable, str(HERE / "make_large.py"), str(folder), "--rows", str(rows)]
        subprocess.run([*make, "--units", str(args.units)], check=True)
    repos = {"本版": HERE.parent} | ({"对照": args.repo.resolve()} if args.repo else {})
    times: dict[str, list[float]] = {name: [] for name in repos}
    cpu: dict[str, list[float]] = {name: [] for name in repos}
    bare: list[float] = []
    for run in range(args.runs):
        shutil.rmtree(args.work / "bare", ignore_errors=True)
        bare.append(timed([sys.executable, "-c", BARE, str(args.work / "bare"), str(args.units)]))
        line = f"  第{run + 1}次：基准 {bare[-1]:.2f} s"
        for name, repo in repos.items():
            times[name].append(batch(sys.executable, repo, folder, args.work / name))
            cpu[name].append(CPU[-1])
            line += f"，{name} {times[name][-1]:.1f} s（CPU {cpu[name][-1]:.1f} s）"
        if args.repo:
            line += f"，本版 / 对照 = {times['本版'][-1] / times['对照'][-1]:.2f}"
        line += f"，负载 {os.getloadavg()[0]:.1f}"
        print(line, flush=True)
    base = statistics.median(bare)
    print(
        f"{args.units} 个单位（各约 {ROWS_PER_UNIT} 行、数据各不相同）的年终总结加汇总，2 个进程，{args.runs} 次中位数："
    )
    print(f"  基准：python-docx 写 {args.units} 份简单文档 {base:.2f} s")
    for name, values in times.items():
        took = statistics.median(values)
        spent = statistics.median(cpu[name])
        print(f"  {name}（{repos[name]}）：{took:.1f} s，为基准的 {took / base:.1f} 倍；CPU {spent:.1f} s")
    if args.repo:
        ratio = statistics.median(times["本版"]) / statistics.median(times["对照"])
        per_run = statistics.median(a / b for a, b in zip(times["本版"], times["对照"], strict=True))
        spent = statistics.median(cpu["本版"]) / statistics.median(cpu["对照"])
        print(
            f"  本版 / 对照 = {ratio:.2f}（每次比值的中位数 {per_run:.2f}；CPU 时间之比 {spent:.2f}；目标 ≤ 0.6）"
        )


if __name__ == "__main__":
    main()

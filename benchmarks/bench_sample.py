"""Speed of the everyday commands on the bundled sample workspace.

Run: ``python benchmarks/bench_sample.py``. Prints the median of 5 runs of each measurement and the peak memory
of a full report run, with the machine it ran on. Cold runs start a new Python process each time.
"""

import io
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

import summarize
from summarize.ingest.sources import find_register_files

RUNS = 5


def median_seconds(fn) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def cold(*args: str) -> float:
    # Bytecode as an installed package has it (pip compiles at install; any PYTHONDONTWRITEBYTECODE value,
    # even "0", would make every run compile the modules again).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([sys.executable, "-m", "summarize", *args], check=False, capture_output=True, env=env)
    return median_seconds(
        lambda: subprocess.run(
            [sys.executable, "-m", "summarize", *args], check=False, capture_output=True, env=env
        )
    )


def bare_read(folder: Path) -> None:
    """What reading costs with no summarize at all: every sheet and CSV read by pandas as raw cells."""
    for path in find_register_files(folder):
        if path.suffix == ".csv":
            raw = path.read_bytes()
            for encoding in ("utf-8-sig", "gb18030"):
                try:
                    pd.read_csv(io.StringIO(raw.decode(encoding)), header=None, dtype=object)
                    break
                except UnicodeDecodeError:
                    continue
        else:
            pd.read_excel(path, sheet_name=None, header=None, engine="calamine")


def main() -> None:
    sample = summarize.sample_path()
    print(
        f"机器：{platform.machine()}，{os.cpu_count()} 核，Python {platform.python_version()}，pandas {pd.__version__}"
    )
    print(f"summarize --help（冷启动）          {cold('--help'):.3f} s（目标 ≤ 0.3 s）")
    with tempfile.TemporaryDirectory() as out:
        # A new process each time; the first run with an empty cache folder, the others as a re-run finds it.
        os.environ["SUMMARIZE_CACHE_DIR"] = str(Path(out) / "cache")
        target = str(Path(out) / "r.docx")
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "summarize", "report", "--sample", "-o", target],
            check=True,
            capture_output=True,
        )
        first = time.perf_counter() - start
        again = cold("report", "--sample", "-o", target)
        print(
            f"summarize report --sample（冷启动） {again:.3f} s（目标 ≤ 3 s）；缓存为空的第一次 {first:.3f} s"
        )
        print(f"summarize check --sample（冷启动）  {cold('check', '--sample'):.3f} s")
    bare = median_seconds(lambda: bare_read(sample))
    os.environ["SUMMARIZE_NO_CACHE"] = "1"  # reading itself, not the cache
    ours = median_seconds(lambda: summarize.Workspace(sample).ingested)
    print(
        f"读取台账：pandas 直接读取 {bare:.3f} s，summarize 读取并解析 {ours:.3f} s，比值 {ours / bare:.2f}（目标 ≤ 1.3）"
    )
    ws = summarize.Workspace(sample)
    ws.facts  # noqa: B018 - warm the facts once

    def fresh(view):  # statistics frames are memoised per workspace: time the computation, not the memo
        ws.__dict__.pop("_views", None)
        return view()

    print(
        f"年度统计 ws.annual(2025)            {median_seconds(lambda: fresh(lambda: ws.annual(2025))):.3f} s"
    )
    print(
        f"月度统计 ws.monthly(2025, 11)       {median_seconds(lambda: fresh(lambda: ws.monthly(2025, 11))):.3f} s"
    )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"本进程峰值内存 {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()

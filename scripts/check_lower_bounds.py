"""Install every runtime dependency at the lower bound pyproject.toml claims, in a scratch venv, and run the demo.

    python scripts/check_lower_bounds.py [--keep 文件夹]

The bounds in ``[project] dependencies`` are only true if the oldest versions they allow work: this pins each
``name>=X`` to ``name==X`` (pip picks whatever else those need), installs the project's wheel into a new venv
and runs ``summarize demo``, ``summarize check --sample`` and ``summarize doctor``. Needs the package index (it
downloads the old versions). Exit 0 when demo and doctor succeed and check reports (exit 0 or 1).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BOUND = re.compile(r"^([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?\s*>=\s*([0-9][^,;\s]*)")


def lower_bounds(extras: tuple[str, ...] = ()) -> dict[str, str]:
    """Each dependency's ``>=`` version from pyproject.toml (and of the named optional groups)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    specs = list(project["dependencies"])
    for extra in extras:
        specs += project["optional-dependencies"][extra]
    return {m[1]: m[2] for spec in specs if (m := BOUND.match(spec))}


def main() -> None:
    """Build the scratch venv, install at the lower bounds, run the smoke commands."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keep", type=Path, help="在这个文件夹中建 venv 并保留（默认用临时文件夹）")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="summarize-lower-"))
    work.mkdir(parents=True, exist_ok=True)
    bounds = lower_bounds()
    constraints = work / "lower-bounds.txt"
    constraints.write_text(
        "".join(f"{name}=={version}\n" for name, version in bounds.items()), encoding="utf-8"
    )
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    wheels = work / "wheel"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(wheels),
            str(ROOT),
        ],
        check=True,
    )
    wheel = next(wheels.glob("summarize-*.whl"))
    subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--progress-bar",
            "off",
            "--only-binary=:all:",
            "-c",
            str(constraints),
            str(wheel),
        ],
        check=True,
    )
    installed = subprocess.run(
        [str(python), "-m", "pip", "list", "--format=freeze"], capture_output=True, text=True, check=True
    ).stdout
    versions = dict(line.split("==", 1) for line in installed.split() if "==" in line)
    normal = {re.sub(r"[-_.]+", "-", k).lower(): v for k, v in versions.items()}
    for name, version in bounds.items():
        print(
            f"{name}: 要求 >={version}，安装 {normal.get(re.sub(r'[-_.]+', '-', name).lower(), '（未安装）')}"
        )
    env = {**os.environ, "SUMMARIZE_CACHE_DIR": str(work / "cache")}
    script = venv / ("Scripts/summarize.exe" if os.name == "nt" else "bin/summarize")
    failed = 0
    for command in (
        ["demo", "-o", str(work / "out")],
        ["check", "--sample"],
        ["doctor", "-o", str(work / "out")],
    ):
        result = subprocess.run([str(script), *command], env=env, cwd=work, capture_output=True, text=True)
        print(f"summarize {' '.join(command)}：退出码 {result.returncode}")
        # check exits 1 for the sample's deliberate row errors; demo and doctor must succeed.
        if result.returncode not in (0, 1) or (command[0] != "check" and result.returncode):
            print(result.stdout[-2000:], result.stderr[-4000:], sep="\n")
            failed = 1
    sys.exit(failed)


if __name__ == "__main__":
    main()

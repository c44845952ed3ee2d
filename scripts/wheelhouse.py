"""Build a wheelhouse: the project's wheel and every dependency as a binary wheel, for one platform.

A machine on an isolated intranet (内网) then installs with no network at all:

    pip install --no-index --find-links wheelhouse summarize

Usage (``make wheelhouse`` runs the first form)::

    python scripts/wheelhouse.py                                   # this machine's platform and Python
    python scripts/wheelhouse.py --platform win_amd64 --python 3.12
    python scripts/wheelhouse.py --platform manylinux_2_28_aarch64 --extras fonts

Only binary wheels are taken (``--only-binary=:all:``): the target machine has no compiler. A manylinux_2_28
platform also accepts wheels for older glibc (manylinux_2_17 … 2_27, manylinux2014), as pip does on such a
machine. ``--reuse`` resolves from the wheels already in the output folder first and asks the index only when
something is missing, so a rebuild after a code change needs no network.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

try:
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name
except ImportError:  # pip carries its own copy
    from pip._vendor.packaging.requirements import Requirement
    from pip._vendor.packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PLATFORMS = ("current", "manylinux_2_28_x86_64", "manylinux_2_28_aarch64", "win_amd64")
# The environment markers of each target: pip evaluates a dependency's markers (colorama; platform_system ==
# "Windows", tzdata; sys_platform == "win32") for the machine it runs on, not for --platform, so what only the
# target needs is added here.
MARKERS = {
    "win_amd64": {"sys_platform": "win32", "platform_system": "Windows", "os_name": "nt", "platform_machine": "AMD64"},
    "manylinux_2_28_x86_64": {"sys_platform": "linux", "platform_system": "Linux", "os_name": "posix",
                              "platform_machine": "x86_64"},
    "manylinux_2_28_aarch64": {"sys_platform": "linux", "platform_system": "Linux", "os_name": "posix",
                               "platform_machine": "aarch64"},
}  # fmt: skip


def platform_tags(platform: str) -> list[str]:
    """The wheel platform tags a machine of ``platform`` installs, newest first."""
    if platform.startswith("manylinux_2_28_"):
        arch = platform.removeprefix("manylinux_2_28_")
        return [f"manylinux_2_{minor}_{arch}" for minor in range(28, 16, -1)] + [f"manylinux2014_{arch}"]
    return [platform]


def target_args(platform: str, python: str) -> list[str]:
    """pip download's options for a platform other than this machine's."""
    if platform == "current":
        return []
    version = python.replace(".", "")
    args = ["--python-version", python, "--implementation", "cp", "--abi", f"cp{version}", "--abi", "abi3"]
    args += ["--abi", "none"]
    for tag in platform_tags(platform):
        args += ["--platform", tag]
    return args


def pip(*args: str) -> subprocess.CompletedProcess:
    """Run this interpreter's pip; its output goes to ours."""
    return subprocess.run([sys.executable, "-m", "pip", "--disable-pip-version-check", *args], check=False)


def project_wheel(out: Path) -> Path:
    """Build the project's wheel into ``out`` (without build isolation where hatchling is installed, so no
    network is needed for the build backend either)."""
    for old in out.glob("summarize-*.whl"):
        old.unlink()
    try:
        import hatchling  # noqa: F401 - only asks whether the backend is here

        isolation = ["--no-build-isolation"]
    except ImportError:
        isolation = []
    if pip("wheel", "-q", "--no-deps", *isolation, "-w", str(out), str(ROOT)).returncode:
        sys.exit("未能构建 summarize 的 wheel")
    return next(out.glob("summarize-*.whl"))


def download(out: Path, wheel: Path, platform: str, python: str, extras: str, reuse: bool) -> None:
    """Download every dependency of ``wheel`` (with ``extras``) as binary wheels into ``out``."""
    requirement = f"summarize[{extras}] @ {wheel.as_uri()}" if extras else str(wheel)
    common = ["download", "-q", "--only-binary=:all:", "-d", str(out), *target_args(platform, python)]
    if reuse and pip(*common, "--no-index", "--find-links", str(out), requirement).returncode == 0:
        return
    if pip(*common, requirement).returncode:
        sys.exit("未能下载全部依赖：请检查网络，或换一个 --python 版本（该版本可能没有某个依赖的 wheel）")


def requirements(wheel: Path) -> list[Requirement]:
    """The Requires-Dist entries of a wheel's METADATA."""
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        text = archive.read(name).decode("utf-8")
    return [
        Requirement(line.split(":", 1)[1].strip())
        for line in text.splitlines()
        if line.startswith("Requires-Dist:")
    ]


def missing_for_target(out: Path, platform: str, python: str, extras: str) -> list[str]:
    """Requirements the target's markers select that no wheel in ``out`` satisfies (pip left them out)."""
    env = {**MARKERS[platform], "python_version": python, "python_full_version": f"{python}.0",
           "implementation_name": "cpython", "platform_python_implementation": "CPython"}  # fmt: skip
    have = {canonicalize_name(w.name.split("-")[0]) for w in out.glob("*.whl")}
    wanted = {canonicalize_name(e) for e in extras.split(",") if e}
    missing = []
    for wheel in out.glob("*.whl"):
        own = wheel.name.startswith("summarize-")
        for req in requirements(wheel):
            chosen = req.marker is None or any(
                req.marker.evaluate({**env, "extra": extra}) for extra in (wanted if own else set()) | {""}
            )
            if chosen and canonicalize_name(req.name) not in have:
                req.marker = None
                missing.append(str(req))
    return sorted(set(missing))


def complete_for_target(out: Path, platform: str, python: str, extras: str) -> None:
    """Download, for the target's platform, what only its markers select, until nothing is missing."""
    for _ in range(10):
        missing = missing_for_target(out, platform, python, extras)
        if not missing:
            return
        print("目标平台另需：" + "、".join(missing))
        args = [
            "download",
            "-q",
            "--only-binary=:all:",
            "-d",
            str(out),
            *target_args(platform, python),
            *missing,
        ]
        if pip(*args).returncode:
            sys.exit("未能下载目标平台另需的依赖：" + "、".join(missing))
    sys.exit("目标平台的依赖没有收齐")


def verify(out: Path, platform: str, python: str, extras: str) -> None:
    """Resolve the install the target machine will do, from ``out`` alone (pip's dry run: nothing installed)."""
    name = f"summarize[{extras}]" if extras else "summarize"
    with tempfile.TemporaryDirectory() as target:
        args = ["install", "-q", "--dry-run", "--ignore-installed", "--no-index", "--find-links", str(out)]
        # Requires-Python was honoured by the download for the target's version; pip install would compare
        # it with this interpreter's instead.
        args += ["--only-binary=:all:", "--ignore-requires-python", "--target", target]
        args += [*target_args(platform, python), name]
        if pip(*args).returncode:
            sys.exit(f"{out} 中的 wheel 不足以离线安装 {name}")


def main() -> None:
    """Build the wheelhouse the command line asks for and print what it holds."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--platform", choices=PLATFORMS, default="current")
    parser.add_argument("--python", default=f"{sys.version_info.major}.{sys.version_info.minor}")
    parser.add_argument("--extras", default="", help="如 fonts：同时带上图表字体包")
    parser.add_argument("--out", type=Path, default=ROOT / "wheelhouse")
    parser.add_argument("--reuse", action="store_true", help="先用输出文件夹中已有的 wheel，缺什么再联网下载")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    wheel = project_wheel(args.out)
    download(args.out, wheel, args.platform, args.python, args.extras, args.reuse)
    if args.platform != "current":
        complete_for_target(args.out, args.platform, args.python, args.extras)
    verify(args.out, args.platform, args.python, args.extras)
    wheels = sorted(args.out.glob("*.whl"))
    total = sum(w.stat().st_size for w in wheels)
    print(
        f"{args.out}：{len(wheels)} 个 wheel，共 {total / 1e6:.1f} MB（{args.platform}，Python {args.python}）"
    )


if __name__ == "__main__":
    main()

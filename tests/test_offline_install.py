"""The 内网 install: a wheelhouse from scripts/wheelhouse.py installs into a fresh venv with pip cut off from any
network, and the installed (not editable) package runs ``summarize demo``.

The wheelhouse is built for this machine's platform and kept in pytest's cache folder, so a re-run resolves from
the wheels already there and only the project's own wheel is rebuilt; the first run downloads the dependencies.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = "Scripts" if os.name == "nt" else "bin"
# A proxy nothing listens on: any request pip still tried to make would fail at once instead of going out.
DEAD_PROXY = "http://127.0.0.1:9"


@pytest.fixture(scope="module")
def wheelhouse(request: pytest.FixtureRequest) -> Path:
    folder = request.config.cache.mkdir("wheelhouse")
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "wheelhouse.py"), "--reuse", "--out", str(folder)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return folder


def offline_env(tmp_path: Path) -> dict[str, str]:
    """The environment of a machine with no index: no pip configuration files (this machine's name extra
    indexes), no index, and every proxy pointing at a closed port."""
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("PIP_") and not k.lower().endswith("_proxy")
    }
    env.update(
        PIP_CONFIG_FILE=os.devnull,
        PIP_NO_INDEX="1",
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        HTTP_PROXY=DEAD_PROXY,
        HTTPS_PROXY=DEAD_PROXY,
        http_proxy=DEAD_PROXY,
        https_proxy=DEAD_PROXY,
        SUMMARIZE_CACHE_DIR=str(tmp_path / "cache"),
    )
    return env


def test_the_wheelhouse_holds_binary_wheels_only_and_the_wheel_carries_its_data(wheelhouse):
    files = sorted(p.name for p in wheelhouse.iterdir())
    assert files and all(name.endswith(".whl") for name in files), [
        n for n in files if not n.endswith(".whl")
    ]
    (wheel,) = wheelhouse.glob("summarize-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    # What demo and report read from the installed package, wherever a layout change puts it in the source.
    for part in ("catalogue.toml", "kinds.toml", "fonts.toml", "report.docx", "总结素材.md"):
        assert any(name.endswith(part) for name in names), part
    assert not any(
        name.startswith("pylopdf") for name in files
    )  # the chart fonts are an extra, not a default


def test_a_fresh_venv_installs_from_the_wheelhouse_with_no_network_and_runs_the_demo(wheelhouse, tmp_path):
    env = offline_env(tmp_path)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120, env=env)
    python = venv / SCRIPTS / ("python.exe" if os.name == "nt" else "python")
    # --no-compile: byte-compiling pandas and matplotlib is most of an install's time here and proves nothing
    # about the wheelhouse (Python compiles on first import instead).
    install = subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "-q",
            "--no-compile",
            "--no-index",
            "--find-links",
            str(wheelhouse),
            "summarize",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )
    assert install.returncode == 0, install.stdout + install.stderr
    where = subprocess.run(
        [str(python), "-c", "import summarize; print(summarize.__file__)"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        check=True,
    ).stdout.strip()
    assert Path(where).is_relative_to(venv), where  # the installed copy, not this checkout

    out = tmp_path / "out"
    demo = subprocess.run(
        [str(venv / SCRIPTS / "summarize"), "demo", "-o", str(out)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=600,
    )
    assert demo.returncode == 0, demo.stdout + demo.stderr
    documents = sorted(out.glob("*.docx"))
    assert documents, demo.stdout
    for path in documents:
        assert path.name in demo.stdout  # demo names what it wrote
        assert docx.Document(path).paragraphs[0].text.strip()  # a real Word document with its title
    checked = subprocess.run(
        [str(venv / SCRIPTS / "summarize"), "doctor", "-o", str(out)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=300,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr  # nothing the installed copy lacks
    assert "[错误]" not in checked.stdout

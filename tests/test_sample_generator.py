"""The committed sample workspace is exactly what ``scripts/make_sample.py`` generates, byte for byte."""

import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "make_sample.py"
SAMPLE = ROOT / "data" / "sample"
COMMITTED = sorted(p.name for p in SAMPLE.iterdir() if not p.name.startswith("."))  # caches aside

# Deflate output is reproducible with the reference zlib only; zlib-ng (used by some Python builds) compresses
# the same entries into different bytes. The entries themselves are still compared there.
REFERENCE_ZLIB = "ng" not in zlib.ZLIB_RUNTIME_VERSION.lower()


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    out = tmp_path_factory.mktemp("sample")
    run = subprocess.run([sys.executable, str(SCRIPT), str(out)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    return out


def entries(path):
    """Name, timestamp and uncompressed content of every zip entry, in archive order."""
    with zipfile.ZipFile(path) as z:
        return [(i.filename, i.date_time, z.read(i)) for i in z.infolist()]


def test_generator_writes_exactly_the_committed_files(generated):
    assert COMMITTED, f"{SAMPLE} is empty: run scripts/make_sample.py"
    assert sorted(p.name for p in generated.iterdir()) == COMMITTED


@pytest.mark.parametrize("name", COMMITTED)
def test_committed_file_is_what_the_generator_writes(generated, name):
    made, committed = generated / name, SAMPLE / name
    hint = f"{name} has drifted from scripts/make_sample.py: rerun the script and commit its output"
    if name.endswith(".xlsx"):
        assert entries(made) == entries(committed), hint
        if not REFERENCE_ZLIB:
            pytest.skip(f"zlib {zlib.ZLIB_RUNTIME_VERSION} deflates differently; the entries are identical")
    assert made.read_bytes() == committed.read_bytes(), hint

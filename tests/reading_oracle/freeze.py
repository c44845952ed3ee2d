"""Write the oracle files: ``python -m tests.reading_oracle.freeze`` (from the repository root).

Run with the reader of main 947f366 (a worktree of that commit first on PYTHONPATH), before issue 21 rewrote it; the test compares every later reader with
these answers. Running it again with a changed reader makes the comparison meaningless: do so only when what is
read changes on purpose, and say so in that commit.
"""

from __future__ import annotations

import gzip
import json
import tempfile
from pathlib import Path

from tests.conftest import open_ws
from tests.reading_oracle import canonical, messy

HERE = Path(__file__).resolve().parent


def corpus_decisions(root: Path) -> dict[str, dict]:
    """Detection decisions on every sheet of the test corpora: real layouts, bad inputs, the sample, the messy
    workspace."""
    import summarize
    from tests.bad_inputs.make_corpus import build_corpus
    from tests.real_layouts import LAYOUTS

    out = canonical.decisions(summarize.sample_path(), "sample")
    for item in LAYOUTS:
        folder = root / "layouts" / item.name
        folder.mkdir(parents=True)
        item.build(folder)
        out |= canonical.decisions(folder, f"layouts/{item.name}")
    for name, folder in build_corpus(root / "bad").items():
        out |= canonical.decisions(folder, f"bad/{name}")
    out |= canonical.decisions(messy.build(root / "messy"), "messy")
    return out


def messy_reading(root: Path) -> dict:
    ws = open_ws(messy.build(root / "messy-read"))
    return canonical.reading(ws.ingested, ws.reconciliation())


def write(name: str, data: dict) -> None:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)
    (HERE / name).write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        write("reading.json.gz", messy_reading(Path(tmp)))
        write("detect.json.gz", corpus_decisions(Path(tmp)))
    print("已写入 reading.json.gz、detect.json.gz")

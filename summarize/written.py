"""What this tool wrote into an output folder, so that a document edited by hand since is never overwritten.

A clerk opens the generated 年终总结 in Word, rewrites a paragraph and saves it; generating again must not throw
that work away. Each output folder keeps a small record, ``.summarize-written.json``: the size and SHA-256 of
every file the tool wrote there. Before a document is written, :func:`choose_target` compares the file already
at that name with the record: none there, or exactly what the tool wrote → the name is used; anything else (edited
since, or never written by the tool) → the new document goes to "…（2）.docx" (the first number free or holding
an unedited earlier copy), and the caller tells the user. :func:`remember` records the files once written.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

RECORD_NAME = ".summarize-written.json"


@dataclass(frozen=True)
class Target:
    """Where to write a document: ``path``, which is ``wanted`` unless a hand-edited file is there."""

    wanted: Path
    path: Path

    @property
    def note(self) -> str | None:
        """The sentence telling the user that the document went under another name, if it did."""
        if self.path == self.wanted:
            return None
        return (
            f"“{self.wanted.name}”在上次生成之后被修改过（或不是本程序生成的），为免覆盖其中的修改，"
            f"新文件保存为“{self.path.name}”"
        )


def choose_target(wanted: Path) -> Target:
    """The path to write the document meant for ``wanted`` (see the module docstring)."""
    wanted = Path(wanted)
    record = _load(wanted.parent)
    copy = 1
    path = wanted
    while path.is_file() and not _as_written(path, record):
        copy += 1
        path = wanted.with_name(f"{wanted.stem}（{copy}）{wanted.suffix}")
    return Target(wanted, path)


def latest(wanted: Path) -> Path | None:
    """The file last written for ``wanted`` (itself or a numbered copy), if it is still there."""
    wanted = Path(wanted)
    name = _load(wanted.parent)["latest"].get(wanted.name)
    copies = [wanted.with_name(name)] if name and Path(name).name == name and name not in (".", "..") else []
    for candidate in [*copies, wanted]:
        if candidate.is_file():
            return candidate
    return None


def remember(targets: Iterable[tuple[Target, Path]]) -> None:
    """Record the files just written (each ``(target, path written)``), folder by folder."""
    by_folder: dict[Path, list[tuple[Target, Path]]] = {}
    for target, path in targets:
        by_folder.setdefault(Path(path).parent, []).append((target, Path(path)))
    for folder, written in by_folder.items():
        record = _load(folder)
        files = {name: entry for name, entry in record["files"].items() if (folder / name).is_file()}
        newest = {name: copy for name, copy in record["latest"].items() if (folder / copy).is_file()}
        for target, path in written:
            files[path.name] = _fingerprint(path)
            newest[target.wanted.name] = path.name
        _save(folder, {"files": files, "latest": newest})


def write_keeping_edits(wanted: Path, write: Callable[[Path], Path]) -> tuple[Path, str | None]:
    """``write(path)`` the document meant for ``wanted`` where :func:`choose_target` says, record it, and return
    the path written and the note for the user when it is not ``wanted``."""
    target = choose_target(wanted)
    path = write(target.path)
    remember([(target, path)])
    return path, target.note


def _as_written(path: Path, record: dict) -> bool:
    entry = record["files"].get(path.name)
    return entry is not None and entry == _fingerprint(path)


def _fingerprint(path: Path) -> dict:
    data = path.read_bytes()
    return {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def _load(folder: Path) -> dict:
    """The folder's record; an unreadable or damaged one counts as empty (so nothing is taken as unedited)."""
    try:
        record = json.loads((folder / RECORD_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        record = {}
    if not isinstance(record, dict):
        record = {}
    return {
        key: {k: v for k, v in record.get(key, {}).items() if isinstance(v, kind)}
        if isinstance(record.get(key), dict)
        else {}
        for key, kind in (("files", dict), ("latest", str))
    }


def _save(folder: Path, record: dict) -> None:
    from summarize.output import write_text_atomic

    write_text_atomic(folder / RECORD_NAME, json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True))

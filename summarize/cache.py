"""Caches of what was read from a workspace, keyed by the content of its files, and of the charts drawn.

Re-opening an unchanged workspace (a notebook re-run, a second command) loads the parsed registers instead of
reading every workbook again. The key covers every register file's bytes, the settings file, the kind specs,
the package version, the reading code and the reading date (future-date checks depend on it); any change is a
new key. Charts are kept by what they show and the drawing code (:func:`remembered_png`), so a re-run draws none
and never starts matplotlib. The cache lives in the user's cache folder (``SUMMARIZE_CACHE_DIR``, else the platform's: ``$XDG_CACHE_HOME/summarize`` or
``~/.cache/summarize`` on Linux, ``%LOCALAPPDATA%\\summarize\\Cache`` on Windows), never in the workspace. A cache that cannot be read or written is simply not used.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from collections.abc import Callable
from datetime import date
from importlib import resources
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
FORMAT = 4  # bump when what is cached, or how registers are read, changes


def cache_dir() -> Path:
    """Where cached readings are kept: ``SUMMARIZE_CACHE_DIR``, else the user cache folder of this platform."""
    if os.environ.get("SUMMARIZE_CACHE_DIR"):
        return Path(os.environ["SUMMARIZE_CACHE_DIR"])
    from platformdirs import user_cache_path

    return user_cache_path("summarize", appauthor=False)


def code_digest(part: str) -> bytes:
    """A digest of the package's own code for ``part`` (a module file, or a sub-package's .py files): an edited
    reader or chart drawing, installed under the same version number (a checkout, a patched install), must not be
    served what the old code made."""
    place = resources.files("summarize").joinpath(part)
    sources = (
        [place]
        if part.endswith(".py")
        else sorted((f for f in place.iterdir() if f.name.endswith(".py")), key=lambda f: f.name)
    )
    digest = hashlib.sha256()
    for source in sources:
        digest.update(source.name.encode() + b"\0" + source.read_bytes())
    return digest.digest()


def content_key(folder: Path, files: list[Path], today: date) -> str:
    """A digest of everything the reading depends on."""
    from summarize import __version__

    digest = hashlib.sha256(f"{FORMAT}|{__version__}|{today.isoformat()}".encode())
    for data in ("kinds.toml", "sheets.toml"):
        digest.update(resources.files("summarize").joinpath(data).read_bytes())
    digest.update(code_digest("ingest"))
    for path in [folder / "summarize.toml", *files]:
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(_file_digest(path))
    return digest.hexdigest()


def _file_digest(path: Path) -> bytes:
    """A file's content digest, or a marker for one that is missing, not a regular file (reading a FIFO would
    wait for ever) or unreadable: reading the workspace then reports it, and a readable version is read anew."""
    if not path.is_file():
        return b"-"
    try:
        return hashlib.sha256(path.read_bytes()).digest()
    except OSError:
        return b"?"


def cached(folder: Path, files: list[Path], today: date, compute: Callable[[], T]) -> tuple[T, bool]:
    """``compute()``'s result, from the cache when the workspace is unchanged; and whether it came from it."""
    if os.environ.get("SUMMARIZE_NO_CACHE"):
        return compute(), False
    place = cache_dir()
    stem = hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:16]
    path = place / f"{stem}-{content_key(folder, files, today)[:32]}.pickle"
    try:
        with path.open("rb") as handle:
            return pickle.load(handle), True
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError):
        pass
    value = compute()
    try:
        place.mkdir(parents=True, exist_ok=True)
        for old in place.glob(f"{stem}-*.pickle"):  # one reading per workspace is enough
            old.unlink(missing_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass
    return value, False


# Charts kept, the least recently used dropped first: one batch of 100 units' 年终总结 draws 404 (about 50 KB
# each), and a cache smaller than a batch keeps none of it for the next run.
CHARTS_KEPT = 1200


def remembered_png(recipe: str, draw: Callable[[], bytes]) -> bytes:
    """The PNG ``draw()`` makes, from the cache when the same ``recipe`` (the chart function and everything it
    was given) was drawn before with this version of the package and of matplotlib."""
    if os.environ.get("SUMMARIZE_NO_CACHE"):
        return draw()
    from importlib.metadata import version

    from summarize import __version__

    key = hashlib.sha256(
        f"{FORMAT}|{__version__}|{version('matplotlib')}|{recipe}".encode() + code_digest("charts.py")
    ).hexdigest()
    place = cache_dir() / "charts"
    path = place / f"{key[:40]}.png"
    try:
        png = path.read_bytes()
    except OSError:
        pass
    else:
        with contextlib.suppress(OSError):
            os.utime(path)  # used now: dropped last
        return png
    png = draw()
    try:
        place.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(png)
        os.replace(tmp, path)
        kept = sorted(place.glob("*.png"), key=lambda p: p.stat().st_mtime)
        for old in kept[:-CHARTS_KEPT]:
            old.unlink(missing_ok=True)
    except OSError:
        pass
    return png

"""The reading cache: an unchanged workspace is not read twice; any change to a file is read afresh."""

import os
import shutil
import sys
from datetime import date
from pathlib import Path

from summarize.workspace import Workspace, sample_path

TODAY = date(2026, 1, 15)


def copy_sample(tmp_path):
    folder = tmp_path / "ws"
    shutil.copytree(sample_path(), folder)
    return folder


def test_second_open_comes_from_the_cache_with_the_same_rows(tmp_path, monkeypatch):
    monkeypatch.setenv("SUMMARIZE_CACHE_DIR", str(tmp_path / "cache"))
    folder = copy_sample(tmp_path)
    first = Workspace(folder, today=TODAY)
    rows = {k: len(v) for k, v in first.registers.items()}
    assert not first.from_cache
    second = Workspace(folder, today=TODAY)
    assert {k: len(v) for k, v in second.registers.items()} == rows
    assert second.from_cache
    assert second.problems.equals(first.problems)


def test_a_changed_file_or_setting_is_read_again(tmp_path, monkeypatch):
    monkeypatch.setenv("SUMMARIZE_CACHE_DIR", str(tmp_path / "cache"))
    folder = copy_sample(tmp_path)
    before = len(Workspace(folder, today=TODAY).registers["信访"])
    with (folder / "信访登记表2024.csv").open("a", encoding="utf-8") as handle:
        handle.write("XF2024-999,2024-12-30,来信,张某某,1,事,是,否,转送,办理中,县民政局,,\n")
    changed = Workspace(folder, today=TODAY)
    assert not changed.from_cache and len(changed.registers["信访"]) == before + 1
    (folder / "summarize.toml").write_text('unit = "另一个单位"\nyear = 2025\n', encoding="utf-8")
    assert not Workspace(folder, today=TODAY).from_cache
    assert not Workspace(folder, today=date(2026, 1, 16)).from_cache  # future-date checks depend on the day


def test_cache_can_be_switched_off_and_an_unusable_cache_is_ignored(tmp_path, monkeypatch):
    folder = copy_sample(tmp_path)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("SUMMARIZE_CACHE_DIR", str(blocker))
    assert len(Workspace(folder, today=TODAY).registers["收文"]) > 0
    monkeypatch.setenv("SUMMARIZE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("SUMMARIZE_NO_CACHE", "1")
    Workspace(folder, today=TODAY).ingested  # noqa: B018
    assert not Workspace(folder, today=TODAY).from_cache


def test_the_cache_folder_is_the_platforms_user_cache_unless_set(monkeypatch, tmp_path):
    from summarize.cache import cache_dir

    monkeypatch.setenv("SUMMARIZE_CACHE_DIR", str(tmp_path / "mine"))
    assert cache_dir() == tmp_path / "mine"
    monkeypatch.delenv("SUMMARIZE_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    if sys.platform.startswith("linux"):
        assert cache_dir() == tmp_path / "xdg" / "summarize"
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "appdata"))
    if sys.platform == "win32":
        assert cache_dir() == tmp_path / "appdata" / "summarize" / "Cache"


def _package_copy(tmp_path, monkeypatch):
    """A copy of the package's files that the cache keys are computed from, in place of the installed ones."""
    import summarize
    import summarize.cache as cache

    copy = tmp_path / "package" / "summarize"
    shutil.copytree(Path(summarize.__file__).parent, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache.resources, "files", lambda name: copy)
    return copy


def test_edited_reading_code_under_the_same_version_reads_again(tmp_path, monkeypatch):
    import summarize.cache as cache

    monkeypatch.setenv("SUMMARIZE_CACHE_DIR", str(tmp_path / "cache"))
    folder = copy_sample(tmp_path)
    files = sorted(p for p in folder.iterdir() if p.suffix in (".xlsx", ".csv"))
    copy = _package_copy(tmp_path, monkeypatch)
    before = cache.content_key(folder, files, TODAY)
    assert cache.content_key(folder, files, TODAY) == before
    parse = copy / "ingest" / "parse.py"
    parse.write_text(parse.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert cache.content_key(folder, files, TODAY) != before


def test_edited_chart_code_draws_again(tmp_path, monkeypatch):
    import summarize.cache as cache

    monkeypatch.setenv("SUMMARIZE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("SUMMARIZE_NO_CACHE", raising=False)
    copy = _package_copy(tmp_path, monkeypatch)
    drawn = []

    def draw() -> bytes:
        drawn.append(1)
        return b"png %d" % len(drawn)

    assert cache.remembered_png("trend|1,2,3", draw) == b"png 1"
    assert cache.remembered_png("trend|1,2,3", draw) == b"png 1"  # kept: not drawn again
    charts = copy / "charts.py"
    charts.write_text(charts.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert cache.remembered_png("trend|1,2,3", draw) == b"png 2"
    assert len(drawn) == 2


def test_the_chart_used_least_recently_is_dropped_first(tmp_path, monkeypatch):
    import summarize.cache as cache

    monkeypatch.setenv("SUMMARIZE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("SUMMARIZE_NO_CACHE", raising=False)
    monkeypatch.setattr(cache, "CHARTS_KEPT", 2)
    drawn: list[str] = []

    def drawing(name: str):
        return lambda: drawn.append(name) or name.encode()

    cache.remembered_png("a", drawing("a"))
    cache.remembered_png("b", drawing("b"))
    first, second = sorted((tmp_path / "cache" / "charts").glob("*.png"), key=lambda p: p.read_bytes())
    os.utime(first, (1_000, 1_000))  # a drawn long ago, b since
    os.utime(second, (2_000, 2_000))
    assert cache.remembered_png("a", drawing("a")) == b"a"  # a used again: now the most recent
    cache.remembered_png("c", drawing("c"))  # over the limit: b, used least recently, goes
    assert drawn == ["a", "b", "c"]
    assert cache.remembered_png("a", drawing("a")) == b"a"
    assert cache.remembered_png("b", drawing("b")) == b"b"
    assert drawn == ["a", "b", "c", "b"]

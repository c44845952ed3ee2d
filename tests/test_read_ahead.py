"""Files read ahead on worker threads: taken in file order, each file's failure its own, no thread left behind."""

import functools
import threading

import pytest

import summarize.ingest as ingest
from summarize.ingest import classify, sources
from tests.conftest import open_ws, write_xlsx
from tests.reading_oracle import canonical, messy

HEADER = "收文号,收文日期,来文单位,文件标题\n"


def _workspace(folder):
    """Readable CSV and .xlsx registers with unreadable files between them, in every way read_sheets refuses
    one (empty, not UTF-8 or GBK, an .xlsx under .csv, a damaged .xlsx)."""
    refused = {
        "03空.csv": b"",
        "06编码.csv": "收文号,收文日期\n".encode("big5", "replace") + bytes(range(0x80, 0xFF)),
        "09实为Excel.csv": b"PK\x03\x04" + b"\x00" * 40,
        "12损坏.xlsx": b"PK\x03\x04 not a zip",
    }
    for number in range(1, 15):
        name = next((n for n in refused if n.startswith(f"{number:02d}")), None)
        if name:
            (folder / name).write_bytes(refused[name])
        elif number % 2:
            rows = [f"S{number}-{i},2025-03-{i:02d},市委,关于{number}-{i}\n" for i in range(1, 4)]
            (folder / f"{number:02d}收文.csv").write_text(HEADER + "".join(rows), encoding="utf-8")
        else:
            write_xlsx(
                folder / f"{number:02d}收文.xlsx",
                {
                    "1月": [
                        ["收文号", "收文日期", "来文单位", "文件标题"],
                        [f"X{number}", "2025-01-02", "市委", "关于"],
                    ]
                },
            )
    return refused


def _one_by_one(files):
    return (functools.partial(sources.read_sheets, path, label) for path, label in files)


def test_files_read_ahead_come_out_as_read_one_after_another(ws_dir, monkeypatch):
    refused = _workspace(ws_dir)
    ws = open_ws(ws_dir)
    ahead = ingest.read_workspace(ws_dir, ws.settings, ws.today)
    monkeypatch.setattr(ingest, "read_ahead", _one_by_one)
    in_turn = ingest.read_workspace(ws_dir, ws.settings, ws.today)

    assert [p.file for p in ahead.errors] == sorted(refused)
    assert [s.file for s in ahead.sheets if s.note == "无法读取"] == sorted(refused)
    assert [s.file for s in ahead.sheets] == sorted(p.name for p in ws_dir.iterdir() if p.is_file())
    assert ahead.registers["收文"]["_file"].drop_duplicates().tolist() == sorted(
        p.name for p in ws_dir.iterdir() if p.name.endswith("收文.csv") or p.name.endswith("收文.xlsx")
    )
    assert len(ahead.registers["收文"]) == 5 * 3 + 5
    assert ahead.problems == in_turn.problems and ahead.sheets == in_turn.sheets
    assert ahead.registers["收文"].equals(in_turn.registers["收文"])


def _reading_threads():
    return [
        t
        for t in threading.enumerate()
        if t.name.startswith(("summarize-read", "summarize-classify", "summarize-parse"))
    ]


def _record_opened(monkeypatch):
    """The labels of the files ``open_sheets`` is called for, in the order it is."""
    opened = []
    real = sources.open_sheets

    def recorded(path, label):
        opened.append(label)
        return real(path, label)

    monkeypatch.setattr(sources, "open_sheets", recorded)
    return opened


def test_closing_early_cancels_the_files_not_started_and_ends_the_threads(tmp_path, monkeypatch):
    files = []
    for i in range(20):
        path = tmp_path / f"{i:02d}.csv"
        path.write_text(HEADER + f"S{i},2025-03-01,市委,关于\n", encoding="utf-8")
        files.append((path, path.name))
    opened = _record_opened(monkeypatch)
    taken = sources.read_ahead(files, ahead=3)
    assert next(taken)()[0].text.row(1) == ("S0", "2025-03-01", "市委", "关于")
    taken.close()
    assert not _reading_threads()
    # The file taken and at most the three after it, started when it was taken: no more.
    assert sorted(opened) == [f"{i:02d}.csv" for i in range(len(opened))] and len(opened) <= 4


def test_workbooks_held_ahead_are_bounded_and_the_files_after_them_wait(tmp_path, monkeypatch):
    """A workbook's cells are held until it is taken: however many files may be read ahead, at most
    ``books_ahead`` workbooks are, and the files after a workbook waiting its turn wait with it."""
    files = []
    for i in range(20):
        path = tmp_path / f"{i:02d}.{'xlsx' if i % 2 == 0 else 'csv'}"
        if i % 2 == 0:
            write_xlsx(
                path,
                {
                    "1月": [
                        ["收文号", "收文日期", "来文单位", "文件标题"],
                        [f"X{i}", "2025-01-02", "市委", "关于"],
                    ]
                },
            )
        else:
            path.write_text(HEADER + f"S{i},2025-03-01,市委,关于\n", encoding="utf-8")
        files.append((path, path.name))
    opened = _record_opened(monkeypatch)
    taken = sources.read_ahead(files, ahead=12, books_ahead=2)
    assert next(taken)()[0].name == "1月"
    taken.close()
    assert not _reading_threads()
    # Before the first was taken: 00–03 (two workbooks, then 04 waits); once it was, 04 and 05 (06 waits).
    assert sorted(opened) == [f"{i:02d}.{'xlsx' if i % 2 == 0 else 'csv'}" for i in range(len(opened))]
    assert len(opened) <= 6 and sum(label.endswith(".xlsx") for label in opened) <= 3


def test_a_failure_while_sheets_are_taken_leaves_no_thread_reading(ws_dir, monkeypatch):
    _workspace(ws_dir)
    ws = open_ws(ws_dir)
    real = ingest._read_sheet

    def fails_on_the_fifth(raw, label, *args):
        if label.startswith("05"):
            raise RuntimeError("boom")
        return real(raw, label, *args)

    monkeypatch.setattr(ingest, "_read_sheet", fails_on_the_fifth)
    with pytest.raises(RuntimeError, match="boom"):
        ingest.read_workspace(ws_dir, ws.settings, ws.today)
    assert not _reading_threads()


def test_cells_are_made_python_values_on_the_thread_taking_them(ws_dir, monkeypatch):
    """The cycle collector is paused while an Excel file's cells are converted one by one: a process-wide switch,
    which a worker must not flip while the thread taking the sheets runs. (Workbooks read by columns make no
    value per cell; here every workbook is read cell by cell.)"""
    _workspace(ws_dir)
    ws = open_ws(ws_dir)
    threads = set()
    real = sources._frame

    def recorded(rows):
        threads.add(threading.current_thread())
        return real(rows)

    monkeypatch.setattr(sources, "_frame", recorded)
    monkeypatch.setattr(sources, "column_sheets", lambda loaded: None)
    ingest.read_workspace(ws_dir, ws.settings, ws.today)
    assert threads == {threading.main_thread()}


def test_rows_classified_in_batches_while_reading_come_out_as_classified_at_once(tmp_path, monkeypatch):
    """A CSV file's rows are classified on a worker thread in batches of its kind's files: one file a batch
    gives what one batch for the whole kind gives, cell for cell and problem for problem."""
    folder = messy.build(tmp_path / "ws")
    monkeypatch.setenv("SUMMARIZE_NO_CACHE", "1")  # both readings read the files
    batches = []
    real = classify.read_text_rows

    def recorded(parts):
        batches.append(len(parts))
        return real(parts)

    monkeypatch.setattr(classify, "read_text_rows", recorded)
    readings = {}
    for rows in (1, 10**9):
        monkeypatch.setattr(classify, "BATCH_ROWS", rows)
        batches.clear()
        ws = open_ws(folder)
        readings[rows] = canonical.reading(ws.ingested, ws.reconciliation())
        readings[rows, "batches"] = list(batches)
        assert not _reading_threads()
    csv_files = sorted(p for p in folder.rglob("*") if p.suffix.lower() in {".csv", ".txt", ".tsv"})
    # One batch per kind at once; with a batch per file, as many batches as files holding a register.
    assert len(readings[10**9, "batches"]) < len(readings[1, "batches"]) <= len(csv_files)
    assert sum(readings[1, "batches"]) == sum(readings[10**9, "batches"])
    assert readings[1] == readings[10**9]


def test_a_kind_failing_to_parse_stops_the_reading_and_leaves_no_thread(tmp_path, monkeypatch):
    """Kinds are parsed on a worker thread one ahead of the one deduplicated: an error in one comes out of the
    reading as raised, and the worker is gone."""
    folder = messy.build(tmp_path / "ws")
    monkeypatch.setenv("SUMMARIZE_NO_CACHE", "1")
    real = ingest.parse_rows
    parsed = []

    def fails_on_the_second(parts, spec, today):
        parsed.append(spec.name)
        if len(parsed) == 2:
            raise RuntimeError("boom")
        return real(parts, spec, today)

    monkeypatch.setattr(ingest, "parse_rows", fails_on_the_second)
    with pytest.raises(RuntimeError, match="boom"):
        _ = open_ws(folder).ingested
    assert len(parsed) == 2 and not _reading_threads()

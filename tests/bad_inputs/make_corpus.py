"""Build the binary cases of the bad-input corpus: one small workspace folder per case.

Usage: ``python tests/bad_inputs/make_corpus.py OUT_FOLDER`` (the tests call :func:`build_corpus` into a
temporary folder; the generated files are not committed). The output is deterministic: fixed document
properties, fixed zip timestamps and, for the encrypted workbook, a fixed "random" salt, so every run gives the
same bytes. Text cases (CSV in various encodings, HTML or CSV renamed to .xlsx) are written inline by the tests.

What each case should produce is asserted in ``tests/test_bad_inputs.py``.
"""

from __future__ import annotations

import hashlib
import io
import re
import sys
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import openpyxl
import xlwt
from openpyxl.writer.excel import ExcelWriter

FIXED = datetime(2025, 12, 31)
ZIP_TIME = (2025, 12, 31, 0, 0, 0)
HEADER = ["序号", "收文号", "收文日期", "来文单位", "文件标题", "份数"]
# What a clerk might type into a title: a character outside the BMP, XML markup characters, quotes.
TITLE = "关于𠮷祥物业“A&B”<试点>工作的通知"
# The same title with control characters XML cannot hold (stored in the .xlsx as _x0001_, _x000B_, _x001F_).
CONTROL_TITLE = "关于𠮷祥物业\x01“A&B”<试点>\x0b工作\x1f的通知"
LONG = "长" * 40_000

CASES: dict[str, Callable[[Path], None]] = {}


def case(make: Callable[[Path], None]) -> Callable[[Path], None]:
    CASES[make.__name__] = make
    return make


# ---- helpers ------------------------------------------------------------------------------------------------


def _zip(members: list[tuple[str, bytes]], stored: bool = False) -> bytes:
    """A zip with members in the given order and fixed timestamps."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return out.getvalue()


def _members(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(name, archive.read(name)) for name in archive.namelist()]


def workbook(sheets: dict[str, list[list]], merges: dict[str, list[str]] | None = None) -> bytes:
    """An .xlsx as openpyxl writes it (formulas without cached values), with deterministic bytes."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        sheet = wb.create_sheet(name)
        for row in rows:
            sheet.append(row)
        for ref in (merges or {}).get(name, []):
            sheet.merge_cells(ref)
    wb.properties.creator = "make_corpus"
    wb.properties.created = wb.properties.modified = FIXED
    buffer = io.BytesIO()
    ExcelWriter(wb, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    return _zip(_members(buffer.getvalue()))


def patch_sheet(data: bytes, replacements: list[tuple[bytes, bytes]], stored: bool = False) -> bytes:
    """The workbook with its first sheet's XML edited (what openpyxl cannot write: cached formula values,
    error values, control characters as Excel escapes them)."""
    members = []
    for name, content in _members(data):
        if name == "xl/worksheets/sheet1.xml":
            for old, new in replacements:
                assert old in content, old
                content = content.replace(old, new)
        members.append((name, content))
    return _zip(members, stored=stored)


def patch_cells(data: bytes, cells: dict[str, str]) -> bytes:
    """The workbook with cells of its first sheet replaced by the given XML (by reference, e.g. "C3")."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    replacements = []
    for ref, cell in cells.items():
        match = re.search(rf'<c r="{ref}"[^>]*?(?:/>|>.*?</c>)', xml)
        assert match, ref
        replacements.append((match.group(0).encode(), cell.encode()))
    return patch_sheet(data, replacements)


def write(folder: Path, name: str, data: bytes) -> None:
    (folder / name).write_bytes(data)


def settings(folder: Path, text: str = 'unit = "测试办公室"\nyear = 2025\n') -> None:
    (folder / "summarize.toml").write_text(text, encoding="utf-8")


def receipts(*rows: list) -> list[list]:
    """A 收文 sheet: a title row, the header (Excel row 2), then ``rows`` from Excel row 3."""
    return [["2025年收文登记簿"], HEADER, *rows]


# ---- damaged or disguised files ----------------------------------------------------------------------------


@case
def xlsx_truncated(folder: Path) -> None:
    """A download that stopped halfway."""
    data = workbook({"1月": receipts([1, "S1", "2025-01-03", "市委", "关于A", 1])})
    write(folder, "收文2025.xlsx", data[: len(data) // 2])


@case
def xlsx_crc_damaged(folder: Path) -> None:
    """A complete zip whose sheet bytes were altered after it was written (a bad disk or USB stick)."""
    data = workbook({"1月": receipts([1, "S1", "2025-01-03", "市委", "关于A", 1])})
    stored = patch_sheet(data, [], stored=True)
    at = stored.index(b"<sheetData>")
    write(folder, "收文2025.xlsx", stored[:at] + b"<sheetDaTa>" + stored[at + 11 :])


@case
def xlsx_deflate_damaged(folder: Path) -> None:
    """A zip whose compressed sheet data has 16 bytes overwritten in the middle."""
    data = workbook(
        {"1月": receipts(*[[i, f"S{i}", "2025-01-03", "市委", "关于A" * 20, 1] for i in range(50)])}
    )
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    middle = start + info.compress_size // 2
    write(folder, "收文2025.xlsx", data[:middle] + bytes(16) + data[middle + 16 :])


@case
def xlsx_bad_xml(folder: Path) -> None:
    """A valid zip whose sheet is not well-formed XML (written by a broken export)."""
    data = workbook({"1月": receipts([1, "S1", "2025-01-03", "市委", "关于A", 1])})
    members = [
        (name, b"<worksheet><sheetData><row><c r=" if name.endswith("sheet1.xml") else content)
        for name, content in _members(data)
    ]
    write(folder, "收文2025.xlsx", _zip(members))


@case
def xlsx_encrypted(folder: Path) -> None:
    """A workbook saved with an opening password (ECMA-376 agile encryption, as Excel does it)."""
    import msoffcrypto.method.container.ecma376_encrypted as container
    import msoffcrypto.method.ecma376_agile as agile
    from msoffcrypto.format.ooxml import OOXMLFile

    class FixedClock(datetime):
        @classmethod
        def now(cls, tz: object = None) -> datetime:
            return FIXED

    # The salt and keys come from a counter, the container's timestamps from FIXED: the same bytes every run.
    counter = iter(range(1_000_000))
    saved = agile._random_buffer, container.datetime
    agile._random_buffer = lambda size: hashlib.sha256(str(next(counter)).encode()).digest()[:size]
    container.datetime = FixedClock
    try:
        data = workbook({"1月": receipts([1, "S1", "2025-01-03", "市委", "关于A", 1])})
        out = io.BytesIO()
        OOXMLFile(io.BytesIO(data)).encrypt("1234", out)
    finally:
        agile._random_buffer, container.datetime = saved
    write(folder, "收文2025.xlsx", out.getvalue())


# ---- tiny files that would take the reader down -----------------------------------------------------------

SENT = "发文编号,发文日期,文件标题\nF1,2025-02-01,关于丙\nF2,2025-02-02,关于丁\n"


@case
def xlsx_far_cell(folder: Path) -> None:
    """A 5 KB workbook with one value at XFD1048576 (calamine would allocate 17 billion cells and abort), beside
    a readable 发文 register."""
    data = workbook({"1月": receipts([1, "S1", "2025-01-03", "市委", "关于A", 1])})
    far = b'<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row></sheetData>'
    write(folder, "收文2025.xlsx", patch_sheet(data, [(b"</sheetData>", far)]))
    (folder / "发文2025.csv").write_text(SENT, encoding="utf-8")


@case
def xlsx_zip_bomb(folder: Path) -> None:
    """A sheet whose XML inflates from about 80 KB to 80 MB (blank space a real export never holds)."""
    data = workbook({"1月": receipts([1, "S1", "2025-01-03", "市委", "关于A", 1])})
    write(
        folder, "收文2025.xlsx", patch_sheet(data, [(b"</sheetData>", b" " * (80 << 20) + b"</sheetData>")])
    )
    (folder / "发文2025.csv").write_text(SENT, encoding="utf-8")


@case
def xls_far_cell(folder: Path) -> None:
    """An old .xls with a value at CC65536: 5.3 million cells from A1, beyond what a register holds."""
    book = xlwt.Workbook()
    sheet = book.add_sheet("1月")
    for r, row in enumerate(receipts([1, "S1", "2025-01-03", "市委", "关于A", 1])):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    sheet.write(65535, 80, 1)
    buffer = io.BytesIO()
    book.save(buffer)
    write(folder, "收文2025.xls", buffer.getvalue())


@case
def xlsx_formats_far_away(folder: Path) -> None:
    """A valid register whose clerk formatted cells down to row 1048576 and out to column XFD: formats cost
    the reader nothing, so it is read as usual."""
    data = workbook({"1月": receipts([1, "S1", "2025-01-03", "市委", "关于A", 1])})
    styled = b'<row r="1048576"><c r="XFD1048576" s="0"/><c r="A1048576" s="0"></c></row></sheetData>'
    write(folder, "收文2025.xlsx", patch_sheet(data, [(b"</sheetData>", styled)]))


@case
def xls_renamed_xlsx(folder: Path) -> None:
    """An old .xls workbook whose extension was changed to .xlsx."""
    book = xlwt.Workbook()
    sheet = book.add_sheet("1月")
    for c, value in enumerate(["收文号", "收文日期", "文件标题"]):
        sheet.write(0, c, value)
    buffer = io.BytesIO()
    book.save(buffer)
    write(folder, "收文2025.xlsx", buffer.getvalue())


# ---- cells calamine reads as empty, and merged cells ---------------------------------------------------------


@case
def formula_uncached(folder: Path) -> None:
    """Formulas written by a program that does not calculate (openpyxl, some OA exports): no saved results."""
    write(
        folder,
        "收文2025.xlsx",
        workbook(
            {
                "1月": receipts(
                    [1, "S1", "2025-01-03", "市委", "关于A", 1],
                    ["=A3+1", "S2", "=C3+1", "市委", "关于B", "=F3+1"],
                    ["=A4+1", "S3", "2025-01-05", "市委", "=E3", 1],
                )
            }
        ),
    )


@case
def formula_cached(folder: Path) -> None:
    """Formulas as Excel saves them, with their results: a date (a serial number), a text result, an error value
    (#DIV/0!) in a count, and a count."""
    data = workbook(
        {
            "1月": receipts(
                [1, "S1", "=DATE(2025,1,3)", "市委", "=E4", "=1/0"],
                [2, "S2", "2025-01-04", "市委", "关于B", "=1+1"],
            )
        }
    )
    cells = {
        "C3": '<c r="C3"><f>DATE(2025,1,3)</f><v>45660</v></c>',
        "E3": '<c r="E3" t="str"><f>E4</f><v>关于B</v></c>',
        "F3": '<c r="F3" t="e"><f>1/0</f><v>#DIV/0!</v></c>',
        "F4": '<c r="F4"><f>1+1</f><v>2</v></c>',
    }
    write(folder, "收文2025.xlsx", patch_cells(data, cells))


@case
def merged_cells(folder: Path) -> None:
    """承办科室 merged over three records, and over a record and the blank row below it."""
    header = ["收文号", "收文日期", "承办科室", "文件标题"]
    rows = [
        header,
        ["S1", "2025-01-03", "综合科", "关于A"],
        ["S2", "2025-01-04", None, "关于B"],
        ["S3", "2025-01-05", None, "关于C"],
        ["S4", "2025-01-06", "秘书科", "关于D"],
        [None, None, None, None],
        ["S5", "2025-01-07", None, "关于E"],
    ]
    write(folder, "收文2025.xlsx", workbook({"1月": rows}, {"1月": ["C2:C4", "C5:C6"]}))


@case
def merged_cells_xls(folder: Path) -> None:
    """The same in an old .xls: 承办科室 merged over two records."""
    book = xlwt.Workbook()
    sheet = book.add_sheet("1月")
    for c, value in enumerate(["收文号", "收文日期", "承办科室", "文件标题"]):
        sheet.write(0, c, value)
    for r, (number, day, title) in enumerate(
        [("S1", "2025-01-03", "关于A"), ("S2", "2025-01-04", "关于B")], 1
    ):
        sheet.write(r, 0, number)
        sheet.write(r, 1, day)
        sheet.write(r, 3, title)
    sheet.write_merge(1, 2, 2, 2, "综合科")
    buffer = io.BytesIO()
    book.save(buffer)
    write(folder, "收文2025.xls", buffer.getvalue())


# ---- text a document must carry ------------------------------------------------------------------------------


@case
def long_cells(folder: Path) -> None:
    """A 40,000-character title (accepted, kept whole) and a 40,000-character date cell (rejected, quoted short).

    Excel and openpyxl stop at 32,767 characters a cell; other programs do not, so the text is put into the XML.
    """
    data = workbook(
        {
            "1月": receipts(
                [1, "S1", "2025-01-03", "市委", "LONG_TITLE", 1], [2, "S2", "LONG_DATE", "市委", "关于B", 1]
            )
        }
    )
    long = LONG.encode()
    write(folder, "收文2025.xlsx", patch_sheet(data, [(b"LONG_TITLE", long), (b"LONG_DATE", long)]))


@case
def text_for_documents(folder: Path) -> None:
    """A 大事记 item and an overdue 督办 item whose text has 𠮷, “&<>” and control characters, which the 年终总结
    quotes; the control characters are stored as Excel stores them (_x0001_)."""
    settings(folder)
    placeholder = "PLACEHOLDER"
    escaped = (
        CONTROL_TITLE.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\x01", "_x0001_")
        .replace("\x0b", "_x000B_")
        .replace("\x1f", "_x001F_")
        .encode()
    )
    chronicle = workbook({"2025年": [["日期", "事项", "类别"], ["2025-03-01", placeholder, "办文"]]})
    write(folder, "大事记2025.xlsx", patch_sheet(chronicle, [(placeholder.encode(), escaped)]))
    supervised = workbook(
        {
            "2025年": [
                ["交办日期", "督办事项", "责任单位", "办理时限", "办理情况"],
                ["2025-03-01", placeholder, "综合科", "2025-04-01", "正在办理"],
                ["2025-03-02", "关于B", "秘书科", "2025-03-20", "已办结"],
            ]
        }
    )
    write(folder, "督办事项台账2025.xlsx", patch_sheet(supervised, [(placeholder.encode(), escaped)]))


def build_corpus(out: Path) -> dict[str, Path]:
    """Write every case into its own sub-folder of ``out``; return the folders by case name."""
    folders = {}
    for name, make in CASES.items():
        folder = out / name
        folder.mkdir(parents=True, exist_ok=True)
        make(folder)
        folders[name] = folder
    return folders


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("用法：python tests/bad_inputs/make_corpus.py 输出文件夹")
    for name, folder in build_corpus(Path(sys.argv[1])).items():
        print(f"{name}: {', '.join(sorted(p.name for p in folder.iterdir()))}")

"""An .xlsx read by columns (fastexcel's text, the sheet XML's cell types) gives the cells the cell-by-cell reader
(python-calamine) gives, type for type; a file it cannot read so is read cell by cell, and a file too large is
still refused before any reader allocates its range."""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime, time
from pathlib import Path

import numpy as np
import openpyxl
import pytest

from summarize.errors import SummarizeError
from summarize.ingest import sources
from tests import office_workspaces
from tests.conftest import write_xlsx
from tests.reading_oracle import messy
from tests.real_layouts import LAYOUTS


def _same(a: object, b: object) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, sources.CellProblem):
        return str(a) == str(b) and a.reason == b.reason
    return a is None or a == b or (a != a and b != b)  # NaN where a frame was widened for a CellProblem


def _read(path: Path, by_columns: bool, monkeypatch: pytest.MonkeyPatch) -> tuple[object, bool]:
    """The file's sheets (name, cells, merged ranges, unreadable), or the message refusing it, and whether the
    columns were read."""
    taken = []
    real = sources.column_sheets

    def recorded(loaded):
        found = real(loaded)
        taken.append(found is not None)
        return found

    monkeypatch.setattr(sources, "column_sheets", recorded if by_columns else lambda loaded: None)
    try:
        sheets = [(s.name, s.cells, s.merged, s.unreadable) for s in sources.read_sheets(path, path.name)]
    except SummarizeError as exc:
        return str(exc), any(taken)
    finally:
        monkeypatch.undo()
    return sheets, any(taken)


def _assert_same_reading(path: Path, monkeypatch: pytest.MonkeyPatch) -> bool:
    old, _ = _read(path, False, monkeypatch)
    new, by_columns = _read(path, True, monkeypatch)
    if isinstance(old, str) or isinstance(new, str):
        assert old == new, path
        return by_columns
    assert [s[0] for s in old] == [s[0] for s in new], path
    for (name, a, merged_a, unreadable_a), (_, b, merged_b, unreadable_b) in zip(old, new, strict=True):
        cells_a, cells_b = a.to_numpy(dtype=object), b.to_numpy(dtype=object)
        assert cells_a.shape == cells_b.shape, (path, name)
        differ = [(i, j) for (i, j), v in np.ndenumerate(cells_a) if not _same(v, cells_b[i, j])]
        assert not differ, (path, name, [(i, j, cells_a[i, j], cells_b[i, j]) for i, j in differ[:3]])
        assert (merged_a, unreadable_a) == (merged_b, unreadable_b), (path, name)
    return by_columns


# How Excel saves a sheet, where openpyxl does otherwise: its namespaces on the root (a colon in many attributes),
# rows with spans and x14ac:dyDescent, and text in a shared strings part (one of them rich text with a phonetic
# run) rather than inline.
_EXCEL_ROOT = (
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    b'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x14ac xr" '
    b'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" '
    b'xmlns:xr="http://schemas.microsoft.com/office/spreadsheetml/2014/revision" '
    b'xr:uid="{00000000-0001-0000-0000-000000000000}">'
)
_INLINE = re.compile(
    rb'<c r="([A-Z]+[0-9]+)"((?: s="[0-9]+")?) t="inlineStr"><is><t([^>]*)>(.*?)</t></is></c>'
)


def _members(path: Path) -> dict[str, bytes]:
    """A workbook's zip members by name, as stored."""
    with zipfile.ZipFile(path) as archive:
        return {i.filename: archive.read(i) for i in archive.infolist()}


def _zipped(path: Path, members: dict[str, bytes | str]) -> Path:
    """``members`` written as a workbook at ``path``."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return path


def as_excel_saves(path: Path) -> Path:
    """The workbook openpyxl wrote at ``path``, rewritten as Excel writes its XML (see ``_EXCEL_ROOT``)."""
    members = _members(path)
    strings: dict[bytes, int] = {}

    def shared(match: re.Match) -> bytes:
        ref, style, attributes, text = match.groups()
        index = strings.setdefault(attributes + b">" + text, len(strings))
        return b'<c r="' + ref + b'"' + style + b' t="s"><v>' + str(index).encode() + b"</v></c>"

    for name in [n for n in members if n.startswith("xl/worksheets/")]:
        xml = re.sub(rb"<worksheet [^>]*>", _EXCEL_ROOT, members[name], count=1)
        xml = re.sub(rb'<row r="([0-9]+)">', rb'<row r="\1" spans="1:9" x14ac:dyDescent="0.25">', xml)
        members[name] = _INLINE.sub(shared, xml)
    items = [b"<si><t" + key + b"</t></si>" for key in strings]
    if items:  # the first text as rich text in two runs, with a phonetic guide Excel does not show
        attributes, text = next(iter(strings)).split(b">", 1)
        characters = re.findall(rb"&#?[0-9a-z]+;|.", text, re.DOTALL)  # (openpyxl escapes Chinese as &#…;)
        first, second = (
            b"".join(characters[: len(characters) // 2]),
            b"".join(characters[len(characters) // 2 :]),
        )
        items[0] = (
            b"<si><r><rPr><b/></rPr><t"
            + attributes
            + b">"
            + first
            + b"</t></r><r><t"
            + attributes
            + b">"
            + second
            + b'</t></r><rPh sb="0" eb="1"><t>pin</t></rPh></si>'
        )
    members["xl/sharedStrings.xml"] = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">'
        % (len(items), len(items))
        + b"".join(items)
        + b"</sst>"
    )
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        b'spreadsheetml.sharedStrings+xml"/></Types>',
    )
    members["xl/_rels/workbook.xml.rels"] = members["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdShared" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'sharedStrings" Target="sharedStrings.xml"/></Relationships>',
    )
    return _zipped(path.with_name("Excel" + path.name), members)


def test_every_generated_workbook_reads_the_same_by_columns(tmp_path, monkeypatch):
    """The real layouts, the messy workspace frozen as the reading oracle, the two office workspaces and the
    sample: every .xlsx among them gives the same sheets, cell for cell, by columns as cell by cell."""
    for name in ("layouts", "organisation", "court"):
        (tmp_path / name).mkdir()
    for built in LAYOUTS:
        (tmp_path / "layouts" / built.name).mkdir()
        built.build(tmp_path / "layouts" / built.name)
    messy.build(tmp_path / "messy")
    office_workspaces.organisation(tmp_path / "organisation")
    office_workspaces.court(tmp_path / "court")
    books = sorted(p for p in tmp_path.rglob("*") if p.suffix in {".xlsx", ".xlsm"})
    books += [as_excel_saves(p) for p in books]
    sample = sorted((Path(__file__).parents[1] / "data" / "sample").rglob("*.xlsx"))
    by_columns = [_assert_same_reading(p, monkeypatch) for p in books + sample]
    assert len(books) >= 20 and len(sample) >= 5
    # The workbooks saved as Excel does are all read by columns; those only openpyxl can read (WPS's dimension,
    # which calamine refuses) are not.
    refused = [p for p, taken in zip(books + sample, by_columns, strict=True) if not taken]
    assert all("wps_dimension" in str(p) for p in refused), refused
    assert all(by_columns[len(books) :])


def test_each_kind_of_cell_is_read_as_typed(tmp_path, monkeypatch):
    """A number, a text of digits, fractions, large and negative numbers, a text "TRUE", dates with and without
    a time, an empty text, leading blank rows and columns, a merged range, an error value and formulas with and
    without a saved result: by columns, each cell is what was typed (and what the other reader gives)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "登记"
    ws["C3"], ws["D3"], ws["E3"] = "收文日期", 45315, "45315"
    ws["C4"], ws["D4"], ws["E4"] = datetime(2025, 3, 5, 9, 30), 0.1, 2 / 3
    ws["C5"], ws["D5"], ws["E5"] = date(2025, 3, 5), "TRUE", 1e20
    ws["C6"], ws["D6"], ws["E6"] = 123456789012345678, -0.0, -7
    ws["C7"], ws["D7"], ws["E7"] = " 行政科 ", "", "=1/0"
    ws["C8"], ws["D8"] = "2025-03-05 00:00:00", "=D3*2"
    ws.merge_cells("C9:D10")
    ws["C9"] = "合并"
    path = tmp_path / "登记.xlsx"
    wb.save(path)
    # The formula results as Excel saves them: D8 keeps 90630, E7 shows #DIV/0!.
    members = _members(path)
    sheet = members["xl/worksheets/sheet1.xml"]
    sheet = sheet.replace(b'<c r="D8"><f>D3*2</f><v></v></c>', b'<c r="D8"><f>D3*2</f><v>90630</v></c>')
    sheet = sheet.replace(b'<c r="E7"><f>1/0</f><v></v></c>', b'<c r="E7" t="e"><f>1/0</f><v>#DIV/0!</v></c>')
    assert b"90630" in sheet and b"#DIV/0!" in sheet
    members["xl/worksheets/sheet1.xml"] = sheet
    _zipped(path, members)

    assert _assert_same_reading(path, monkeypatch)
    saved_by_excel = as_excel_saves(path)
    assert b' t="s"' in _members(saved_by_excel)["xl/worksheets/sheet1.xml"]
    assert _assert_same_reading(saved_by_excel, monkeypatch)
    sheets, by_columns = _read(saved_by_excel, True, monkeypatch)
    assert by_columns
    (_, cells, merged, unreadable) = sheets[0]
    grid = cells.to_numpy(dtype=object)
    assert grid.shape == (9, 5)
    assert all(v is None for v in grid[:2].ravel()) and all(v is None for v in grid[:, :2].ravel())
    typed = {
        (2, 2): "收文日期",
        (2, 3): 45315,
        (2, 4): "45315",
        (3, 2): datetime(2025, 3, 5, 9, 30),
        (3, 3): 0.1,
        (3, 4): 2 / 3,
        (4, 2): datetime(2025, 3, 5),
        (4, 3): "TRUE",
        (4, 4): 10**20,
        (5, 2): int(float("1.234567890123457e+17")),  # as openpyxl saves it: 16 digits
        (5, 3): 0,
        (5, 4): -7,
        (6, 2): " 行政科 ",
        (6, 3): None,
        (7, 2): "2025-03-05 00:00:00",
        (7, 3): 90630,
        (8, 2): "合并",
    }
    for (row, col), value in typed.items():
        assert _same(grid[row, col], value), (row, col, grid[row, col], value)
    assert isinstance(grid[6, 4], sources.CellProblem) and "#DIV/0!" in grid[6, 4].reason
    assert merged == [(8, 2, 9, 3)] and unreadable


def _rewritten(path: Path, change) -> Path:
    members = _members(path)
    return _zipped(
        path.with_name("改写" + path.name), {name: change(name, xml) for name, xml in members.items()}
    )


def test_cells_not_read_by_columns_send_the_file_cell_by_cell(tmp_path, monkeypatch):
    """A time of day, a duration format, a boolean, an ISO date cell, cells with a namespace prefix: the columns
    are not made, and the file reads as the cell-by-cell reader reads it."""
    rows = [["收文日期", "标题"], [time(9, 30), "关于…的通知"], [date(2025, 3, 5), "关于…的函"]]
    timed = write_xlsx(tmp_path / "时间.xlsx", {"收文": rows})
    wb = openpyxl.Workbook()
    wb.active.append(["用时", 1.25])
    wb.active["B1"].number_format = "[h]:mm"
    wb.save(tmp_path / "时长.xlsx")
    flags = write_xlsx(tmp_path / "是否.xlsx", {"收文": [["收文日期", "已办结"], [date(2025, 3, 5), True]]})
    plain = write_xlsx(
        tmp_path / "普通.xlsx", {"收文": [["收文日期", "标题"], [date(2025, 3, 5), "关于…的函"]]}
    )
    iso = _rewritten(
        plain,
        lambda name, xml: (
            re.sub(rb'<c r="A2"([^>]*)><v>[^<]*</v>', rb'<c r="A2" t="d"><v>2025-03-05</v>', xml)
            if name.startswith("xl/worksheets/")
            else xml
        ),
    )
    prefixed = _rewritten(
        plain,
        lambda name, xml: (
            re.sub(rb"<(/?)(c|row|v|is|t)\b", rb"<\1x:\2", xml).replace(
                b"<worksheet ",
                b'<worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ',
            )
            if name.startswith("xl/worksheets/")
            else xml
        ),
    )
    assert _assert_same_reading(plain, monkeypatch)
    for path in (timed, tmp_path / "时长.xlsx", flags, iso, prefixed):
        assert not _assert_same_reading(path, monkeypatch), path


def test_a_far_cell_written_with_a_prefix_is_still_refused(tmp_path, monkeypatch):
    """The size check measures every cell even where the columns are not read: a cell at XFD1048576 written as
    <x:c> is refused with the sentence naming it, before fastexcel or calamine allocate the range."""
    plain = write_xlsx(
        tmp_path / "收文.xlsx", {"收文": [["收文日期", "标题"], [date(2025, 3, 5), "关于…的函"]]}
    )
    far = b'<x:row r="1048576"><x:c r="XFD1048576" t="inlineStr"><x:is><x:t>x</x:t></x:is></x:c></x:row>'

    def change(name: str, xml: bytes) -> bytes:
        if not name.startswith("xl/worksheets/"):
            return xml
        xml = xml.replace(
            b"<worksheet ", b'<worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        )
        return xml.replace(b"</sheetData>", far + b"</sheetData>")

    path = _rewritten(plain, change)
    with pytest.raises(SummarizeError, match="XFD1048576"):
        sources.read_sheets(path, path.name)


# ---- workbooks written by hand, as odd programs (or an attacker) write them -----------------------------------

_NS = (
    'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_HEAD = '<row r="1"><c r="A1" t="inlineStr"><is><t>收文日期</t></is></c><c r="B1" t="inlineStr"><is><t>份数</t></is></c></row>'


def _sheet(rows: str, after: str = "") -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet {_NS}><sheetData>{_HEAD}{rows}</sheetData>{after}</worksheet>'


def _book(
    path: Path,
    sheets: list[tuple[str, str | bytes]],
    targets: list[str] | None = None,
    members: list[str] | None = None,
    types: list[str] | None = None,
) -> Path:
    """A workbook of the given sheet XML; ``targets`` as its relationships name the parts, ``members`` as the zip
    stores them, ``types`` each relationship's type (worksheet, chartsheet)."""
    targets = targets or [f"worksheets/sheet{i + 1}.xml" for i in range(len(sheets))]
    members = members or ["xl/" + t for t in targets]
    types = types or ["worksheet"] * len(sheets)
    listed = "".join(
        f'<sheet name="{n}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i, (n, _) in enumerate(sheets)
    )
    rels = "".join(
        f'<Relationship Id="rId{i + 1}" Type="{_RELS}/{types[i]}" Target="{t}"/>'
        for i, t in enumerate(targets)
    )
    overrides = "".join(
        f'<Override PartName="/{m}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
        f'{types[i]}+xml"/>'
        for i, m in enumerate(members)
    )
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
        'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        f"{overrides}</Types>",
        "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        f'relationships"><Relationship Id="rId1" Type="{_RELS}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>",
        "xl/workbook.xml": f'<?xml version="1.0"?><workbook {_NS}><sheets>{listed}</sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        f'package/2006/relationships">{rels}</Relationships>',
    }
    return _zipped(path, parts | {member: xml for member, (_, xml) in zip(members, sheets, strict=True)})


_ROW2 = '<row r="2"><c r="A2"><v>45659</v></c><c r="B2"><v>3</v></c></row>'
_FAR = '<row r="1048576">{}</row>'
_MERGES = '<mergeCells count="1"><mergeCell ref="{}"/></mergeCells>'
_CHART = f'<?xml version="1.0"?><chartsheet {_NS}><sheetPr/><drawing r:id="rId1"/></chartsheet>'

# Each read as the cell-by-cell reader reads it (the columns are not made, or made alike).
ODD_BOOKS = {
    "boolean_false": [
        ("A", _sheet('<row r="2"><c r="A2" t="b"><v>false</v></c><c r="B2"><v>3</v></c></row>'))
    ],
    "boolean_one": [("A", _sheet('<row r="2"><c r="A2" t="b"><v>1</v></c><c r="B2"><v>3</v></c></row>'))],
    "error_without_value": [("A", _sheet('<row r="2"><c r="A2"><v>45659</v></c><c r="B2" t="e"/></row>'))],
    "error_beyond_the_data": [("A", _sheet(_ROW2 + '<row r="9"><c r="F9" t="e"></c></row>'))],
    "two_values": [("A", _sheet('<row r="2"><c r="A2"><v>1</v><v>2</v></c><c r="B2"><v>3</v></c></row>'))],
    "merge_lowercase": [("A", _sheet(_ROW2, _MERGES.format("a1:b1")))],
    "merge_absolute": [("A", _sheet(_ROW2, _MERGES.format("$A$1:$B$1")))],
    "merge_two_ranges": [("A", _sheet(_ROW2, _MERGES.format("A1:B1 C1:D1")))],
    "merge_eight_digit_row": [("A", _sheet(_ROW2, _MERGES.format("A1:B10000000")))],
    "merge_in_extlst": [
        (
            "A",
            _sheet(
                _ROW2, _MERGES.format("A1:B1") + "<extLst><ext>" + _MERGES.format("C5:D5") + "</ext></extLst>"
            ),
        )
    ],
    "merges_twice": [("A", _sheet(_ROW2, _MERGES.format("A1:B1") + _MERGES.format("A3:B3")))],
    "merge_before_data": [
        ("A", _sheet(_ROW2).replace("<sheetData>", _MERGES.format("A1:B1") + "<sheetData>", 1))
    ],
    "chart_sheet": [("A", _sheet(_ROW2)), ("C", _CHART)],
}


@pytest.mark.parametrize("name", sorted(ODD_BOOKS))
def test_odd_workbooks_read_as_cell_by_cell(tmp_path, monkeypatch, name):
    sheets = ODD_BOOKS[name]
    types = ["chartsheet" if "chartsheet" in str(xml) else "worksheet" for _, xml in sheets]
    # A chart sheet stored among the worksheets, which only its relationship and its root name as one.
    _assert_same_reading(_book(tmp_path / f"{name}.xlsx", sheets, types=types), monkeypatch)


def test_sheets_named_other_ways_read_as_cell_by_cell(tmp_path, monkeypatch):
    """A sheet part named "./worksheets/…", "../xl/worksheets/…", outside xl/worksheets or without .xml, and a
    workbook saved as Strict Open XML: every sheet read, as the cell-by-cell reader reads them."""
    sheets = [("A", _sheet(_ROW2)), ("B", _sheet(_ROW2.replace("45659", "45660")))]
    for i, (second, member) in enumerate(
        [
            ("./worksheets/sheet2.xml", "xl/worksheets/sheet2.xml"),
            ("../xl/worksheets/sheet2.xml", "xl/worksheets/sheet2.xml"),
            ("sheets/sheet2.xml", "xl/sheets/sheet2.xml"),
            ("worksheets/sheet2", "xl/worksheets/sheet2"),
        ]
    ):
        path = _book(
            tmp_path / f"{i}.xlsx",
            sheets,
            ["worksheets/sheet1.xml", second],
            ["xl/worksheets/sheet1.xml", member],
        )
        _assert_same_reading(path, monkeypatch)
    plain = _book(tmp_path / "transitional.xlsx", sheets)
    strict = _rewritten(
        plain,
        lambda name, xml: (
            xml.replace(
                b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
                b"http://purl.oclc.org/ooxml/officeDocument/relationships",
            )
            if name == "xl/workbook.xml"
            else xml
        ),
    )
    assert len(_read(strict, False, monkeypatch)[0]) == 2
    _assert_same_reading(strict, monkeypatch)


# How a cell at XFD1048576 can be written so that calamine reads it (and would allocate 17 billion cells).
FAR_CELLS = {
    "lowercase": (_FAR.format('<c r="xfd1048576"><v>1</v></c>'), None, None),
    "spaces_around_the_equals": (_FAR.format('<c r = "XFD1048576"><v>1</v></c>'), None, None),
    "single_quotes": (_FAR.format("<c r='XFD1048576'><v>1</v></c>"), None, None),
    "leading_zeros": (_FAR.format('<c r="XFD0001048576"><v>1</v></c>'), None, None),
    "part_outside_worksheets": (_FAR.format('<c r="XFD1048576"><v>1</v></c>'), "sheets/sheet2.xml", None),
    "part_without_xml": (_FAR.format('<c r="XFD1048576"><v>1</v></c>'), "worksheets/sheet2", None),
    "part_in_capitals": (_FAR.format('<c r="XFD1048576"><v>1</v></c>'), "worksheets/sheet2.XML", None),
    "member_with_backslashes": (
        _FAR.format('<c r="XFD1048576"><v>1</v></c>'),
        "worksheets/sheet2.xml",
        "xl\\worksheets\\sheet2.xml",
    ),
    "utf16": (_FAR.format('<c r="XFD1048576"><v>1</v></c>'), None, "utf-16"),
}


@pytest.mark.parametrize("name", sorted(FAR_CELLS))
def test_a_far_cell_written_any_way_calamine_reads_is_refused(tmp_path, name):
    """Each is refused with the sentence naming the cell, before any reader allocates the range (an abort here
    would end the test run: Rust's allocation failure is no exception)."""
    rows, target, member = FAR_CELLS[name]
    xml: str | bytes = _sheet(rows)
    if member == "utf-16":
        xml, member = xml.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16"), None
    target = target or "worksheets/sheet2.xml"
    path = _book(
        tmp_path / "收文.xlsx",
        [("A", _sheet(_ROW2)), ("B", xml)],
        ["worksheets/sheet1.xml", target],
        ["xl/worksheets/sheet1.xml", member or "xl/" + target],
    )
    with pytest.raises(SummarizeError, match="XFD1048576"):
        sources.read_sheets(path, path.name)

"""``init_workspace``: the files a new office starts from load, read back empty, and count once filled in."""

from __future__ import annotations

import dataclasses
import re
import tomllib
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from summarize.config import CONFIG_NAME, load_settings
from summarize.errors import SummarizeError
from summarize.layout import Layout
from summarize.metrics import load_catalogue
from summarize.notes import NOTES_NAME, parse_notes
from summarize.registers import kind_specs
from summarize.scaffold import (
    CHOICES,
    EXAMPLES,
    GUIDE_SHEET,
    LAYOUT_NOTES,
    PURPOSES,
    REGISTER_SHEET,
    init_workspace,
    workspace_files,
)
from summarize.workdays import DeadlineRule
from summarize.workspace import Workspace

UNIT = "测试县人民政府办公室"
YEAR = 2026
TODAY = date(2027, 1, 10)
WORKBOOKS = [
    "2026年收文登记簿.xlsx",
    "2026年发文登记簿.xlsx",
    "2026年信访登记簿.xlsx",
    "2026年信息登记簿.xlsx",
    "2026年督办登记簿.xlsx",
    "2026年会议登记簿.xlsx",
    "2026年大事记.xlsx",
    "2026年其他工作量统计.xlsx",
]


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    folder = tmp_path / "新工作区"
    init_workspace(folder, UNIT, YEAR)
    return folder


def fill(path: Path, rows: list[dict[str, object]]) -> None:
    """Type rows into a generated register below its header, by column name, as a clerk would."""
    book = openpyxl.load_workbook(path)
    sheet = book[REGISTER_SHEET]
    column = {cell.value: cell.column for cell in sheet[2]}
    for r, values in enumerate(rows, 3):
        for name, value in values.items():
            sheet.cell(r, column[name], value)
    book.save(path)


def test_files_written(tmp_path: Path) -> None:
    folder = tmp_path / "a" / "b"
    written = init_workspace(folder, UNIT, YEAR)
    names = [p.relative_to(folder).as_posix() for p in written]
    assert names == [CONFIG_NAME, *WORKBOOKS, NOTES_NAME, "templates/README.md"]
    assert all(p.is_file() for p in written)


def test_round_trip(workspace: Path) -> None:
    ws = Workspace(workspace, today=TODAY)
    assert ws.problems.empty
    # A register with a header and no rows is read as the kind with no records, not as a problem.
    assert {kind: len(frame) for kind, frame in ws.registers.items()} == dict.fromkeys(kind_specs(), 0)
    register_sheets = ws.reconciliation().query("工作表 == @REGISTER_SHEET")
    assert register_sheets["年度"].tolist() == [YEAR] * 8  # from the title row
    assert register_sheets["读取行数"].sum() == 0  # the formatted rows 3..1000 are not counted

    fill(
        workspace / "2026年收文登记簿.xlsx",
        [
            {
                "收文日期": datetime(YEAR, m, 3 + m),
                "来文单位": "市政府办公室",
                "文件标题": f"通知{m}",
                "密级": "无",
            }
            for m in range(1, 6)
        ],
    )
    fill(
        workspace / "2026年信访登记簿.xlsx",
        [
            {
                "登记编号": f"XF{i}",
                "登记日期": datetime(YEAR, 4, i),
                "信访形式": "来信",
                "是否受理": "是",
                "是否立案": filed,
            }
            for i, filed in enumerate(["是", "是", "否"], 1)
        ],
    )
    sheet_rows = openpyxl.load_workbook(workspace / "2026年信访登记簿.xlsx")[REGISTER_SHEET]
    assert sheet_rows.max_row == 1000  # rows 3..1000 are formatted, yet only the typed ones are read
    ws = Workspace(workspace, today=TODAY)
    assert ws.problems.empty
    annual = ws.annual(YEAR).set_index("指标")["本年"]
    assert (annual["收文"], annual["信访受理"], annual["信访立案"]) == (5, 3, 2)
    settings = load_settings(workspace)
    assert (settings.unit, settings.year) == (UNIT, YEAR)


def test_guide_sheet_is_not_read(workspace: Path) -> None:
    path = workspace / "2026年信访登记簿.xlsx"
    guide = openpyxl.load_workbook(path)[GUIDE_SHEET]
    text = [str(v) for row in guide.iter_rows(values_only=True) for v in row if v is not None]
    assert set(kind_specs()["信访"].fields) <= set(text)  # one line per column
    assert "XF20260012" in text  # the example row
    ws = Workspace(workspace, today=TODAY)
    guides = ws.reconciliation().query("工作表 == @GUIDE_SHEET")
    assert len(guides) == 8
    assert set(guides["备注"]) == {"说明页，未读取"}
    assert len(ws.registers["信访"]) == 0


def test_settings_file(workspace: Path) -> None:
    settings = load_settings(workspace)
    assert settings.layout == Layout()
    layout = tomllib.loads((workspace / CONFIG_NAME).read_text("utf-8"))["layout"]
    assert {f.name for f in dataclasses.fields(Layout)} - set(layout) == {"line_spacing_pt"}  # written out
    assert settings.deadlines == {"信访": DeadlineRule(60, False, True, "statutory")}
    assert settings.report.signature == UNIT
    assert set(LAYOUT_NOTES) == {f.name for f in dataclasses.fields(Layout)}


def test_every_settings_key_is_written_by_init_under_its_label(workspace: Path) -> None:
    from summarize.config import SETTING_KEYS

    text = (workspace / CONFIG_NAME).read_text("utf-8")
    lines = text.splitlines()
    for name, key in SETTING_KEYS.items():
        at = next(i for i, line in enumerate(lines) if re.match(rf"^(# )?(\[{name}[\].]|{name} = )", line))
        comments = []  # the comment block right above the key
        while at > 0 and lines[at - 1].startswith("# "):
            at -= 1
            comments.insert(0, lines[at])
        assert comments[0].startswith(f"# {key.label}"), name
        assert key.guide.replace("\n", "") in "".join(c.removeprefix("# ") for c in comments), name
    assert set(tomllib.loads(text)) <= set(SETTING_KEYS)
    assert load_settings(workspace).unit == UNIT  # and it loads back


def test_a_key_added_to_config_is_written_by_init(monkeypatch: pytest.MonkeyPatch) -> None:
    from summarize import config
    from summarize.scaffold import settings_text

    monkeypatch.setitem(config.SETTING_KEYS, "signoff", config.SettingKey(str, "署名", "新的设置"))
    monkeypatch.setitem(config.SETTING_KEYS, "extras", config.SettingKey(dict, "附加"))
    text = settings_text(UNIT, YEAR)
    assert "\n# 署名：新的设置\n# signoff =\n" in text and "\n# 附加\n# [extras]\n" in text
    assert text.index("signoff") < text.index("[files]")  # a plain key before the first table, as TOML needs


def test_commented_examples_are_valid(workspace: Path) -> None:
    """Every commented-out setting, once its "#" is removed, is a setting the package accepts."""
    text = (workspace / CONFIG_NAME).read_text("utf-8")
    example = re.compile(r'^# (?=\[|[A-Za-z_"]+.*? = )', re.MULTILINE)
    (workspace / CONFIG_NAME).write_text(example.sub("", text), "utf-8")
    settings = load_settings(workspace)
    assert settings.targets == {"信息采用": 120, "信访按期办结率": 0.95, "督办按期办结率": 0.9}
    assert set(settings.targets) <= set(load_catalogue())
    assert settings.files == {"OA系统导出20260105.xlsx": "收文"}
    assert settings.report.date == date(YEAR, 12, 31)
    assert settings.deadlines["督办"] == DeadlineRule(15, True, True, "statutory")
    schedule = settings.holidays.get(2027)
    assert len(schedule.off) == 1 + 7 and [d.isoformat() for d in schedule.on] == ["2027-02-14"]
    assert settings.layout.line_pitch_twips == Layout().line_pitch_twips
    assert "省级以上信息采用" in load_catalogue(workspace, settings.metrics)


def test_notes_guidance_does_not_leak(workspace: Path) -> None:
    text = (workspace / NOTES_NAME).read_text("utf-8")
    notes = parse_notes(text)
    assert (notes.lead, notes.highlights, notes.problems, notes.plans, notes.months) == ("", {}, [], [], {})

    # Bullets typed under each heading land where the reports look for them.
    filled = re.sub(r"^(#.*)$", lambda m: m.group(1) + f"\n- 内容{m.start()}", text, flags=re.MULTILINE)
    notes = parse_notes(filled)
    assert notes.lead.startswith("内容")
    assert list(notes.highlights) == "办文 办会 督查督办 信息 信访 值班应急 机关事务 自身建设".split()
    assert len(notes.problems) == len(notes.plans) == 1
    assert list(notes.months[(YEAR, 1)]) == ["本月工作概述", "存在问题", "下月工作安排"]


def test_refuses_to_overwrite(workspace: Path) -> None:
    config = workspace / CONFIG_NAME
    config.write_text('unit = "改过的名称"\n', "utf-8")
    missing = workspace / "2026年会议登记簿.xlsx"
    missing.unlink()
    with pytest.raises(SummarizeError) as err:
        init_workspace(workspace, UNIT, YEAR)
    assert err.value.exit_code == 2
    assert CONFIG_NAME in err.value.message and "2026年收文登记簿.xlsx" in err.value.message
    assert "2026年会议登记簿.xlsx" not in err.value.message
    assert config.read_text("utf-8") == 'unit = "改过的名称"\n'
    assert not missing.exists()  # nothing at all was written

    written = init_workspace(workspace, UNIT, YEAR, force=True)
    assert missing in written and missing.exists()
    assert load_settings(workspace).unit == UNIT


def test_chosen_kinds(tmp_path: Path) -> None:
    init_workspace(tmp_path, UNIT, YEAR, kinds=["收文", "信访"])
    assert sorted(p.name for p in tmp_path.glob("*.xlsx")) == [
        "2026年信访登记簿.xlsx",
        "2026年收文登记簿.xlsx",
    ]


def test_unknown_kind(tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    with pytest.raises(SummarizeError, match="没有台账种类“收件”") as err:
        init_workspace(folder, UNIT, YEAR, kinds=["收文", "收件"])
    assert "收文、发文、信访、信息、督办、会议、大事记、工作量" in err.value.message
    assert not folder.exists()


@pytest.mark.parametrize(("unit", "year"), [("  ", YEAR), (UNIT, 26), (UNIT, True)])
def test_bad_unit_or_year(tmp_path: Path, unit: str, year: int) -> None:
    with pytest.raises(SummarizeError):
        init_workspace(tmp_path, unit, year)


def test_register_sheet(workspace: Path) -> None:
    sheet = openpyxl.load_workbook(workspace / "2026年信访登记簿.xlsx")[REGISTER_SHEET]
    header = [cell.value for cell in sheet[2]]
    assert header == ["序号", *kind_specs()["信访"].fields]
    assert sheet["A1"].value == "2026年信访登记簿"
    assert [str(r) for r in sheet.merged_cells.ranges] == [f"A1:{get_column_letter(len(header))}1"]
    assert sheet.freeze_panes == "A3"
    letter = {name: get_column_letter(i) for i, name in enumerate(header, 1)}
    validations = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    form = validations[f"{letter['信访形式']}3:{letter['信访形式']}1000"]
    assert form.type == "list"
    assert form.formula1 == '"来信,来访,网上信访,来电,12345,部门转入"'
    assert f"{letter['是否受理']}3:{letter['是否受理']}1000" in validations
    for row in (3, 1000):
        assert sheet[f"{letter['登记日期']}{row}"].number_format == "yyyy-mm-dd"
    assert all(sheet.column_dimensions[c].width >= 6 for c in letter.values())


def test_drop_down_values_are_read_as_written() -> None:
    """Each closed list's values pass the reader's parsers (yes/no words are ones it knows)."""
    from summarize.ingest.parse import FALSE_WORDS, TRUE_WORDS

    bool_fields = {n for s in kind_specs().values() for n, f in s.fields.items() if f.type == "bool"}
    assert bool_fields <= set(CHOICES)
    assert all(set(CHOICES[n]) <= TRUE_WORDS | FALSE_WORDS for n in bool_fields)
    fields = {n for s in kind_specs().values() for n in s.fields}
    assert set(CHOICES) <= fields


def test_every_kind_has_purpose_and_example() -> None:
    for kind, spec in kind_specs().items():
        assert PURPOSES[kind]
        assert set(EXAMPLES[kind]) <= set(spec.fields)
        assert spec.required and set(spec.required) <= set(EXAMPLES[kind])
        assert all(EXAMPLES[kind].get(n) in (None, *CHOICES[n]) for n in spec.fields if n in CHOICES)


def test_init_toml_names_only_kinds_and_fields_that_exist(workspace: Path) -> None:
    package = Path(__file__).parent.parent / "summarize"
    data = tomllib.loads((package / "init.toml").read_text("utf-8"))
    specs = kind_specs()
    assert set(data["kind"]) == set(specs)
    for kind, entry in data["kind"].items():
        assert set(entry.get("hints", {})) | set(entry.get("example", {})) <= set(specs[kind].fields), kind
    # The 大事记 类别 hint names the lines of work of work.toml the office writes notes for.
    lines = tomllib.loads((package / "work.toml").read_text("utf-8"))["line"]
    names = "、".join(line["name"] for line in lines if line.get("in_init", True))
    guide = openpyxl.load_workbook(workspace / "2026年大事记.xlsx")[GUIDE_SHEET]
    cells = [str(v) for row in guide.iter_rows(values_only=True) for v in row if v is not None]
    assert f"写工作板块名称：{names}" in cells


def test_reproducible() -> None:
    assert workspace_files(UNIT, YEAR) == workspace_files(UNIT, YEAR)


def test_templates_readme(workspace: Path) -> None:
    readme = (workspace / "templates" / "README.md").read_text("utf-8")
    for name in ("导语.j2", "办文.j2", "templates/年终总结/", "report.docx", "{{ title }}", "{{p body }}"):
        assert name in readme


def test_unit_is_quoted_safely(tmp_path: Path) -> None:
    init_workspace(tmp_path, '某"县"\\办公室', YEAR)
    assert tomllib.loads((tmp_path / CONFIG_NAME).read_text("utf-8"))["unit"] == '某"县"\\办公室'


def test_every_report_setting_is_offered_by_init_and_valid_when_switched_on(tmp_path: Path) -> None:
    from summarize.config import REPORT_KEYS
    from summarize.scaffold import settings_text

    text = settings_text("某县人民政府办公室", 2025)
    section = text[text.index("[report]") :].split("\n\n", 1)[0].splitlines()[1:]
    offered = [re.match(r"#? ?(\w+) = ", line) for line in section]
    assert [m.group(1) for m in offered if m] == list(REPORT_KEYS)  # the keys config knows, in its order
    # Every line switched on at once is a settings file the workspace accepts, with the values it shows.
    switched = text.replace("\n".join(section), "\n".join(re.sub(r"^# (?=\w+ = )", "", s) for s in section))
    (tmp_path / CONFIG_NAME).write_text(switched, encoding="utf-8")
    assert set(tomllib.loads(switched)["report"]) == set(REPORT_KEYS)
    report = load_settings(tmp_path).report
    assert report.small_base == 10 and report.appendix == "main" and report.marks.seal is True
    assert report.date == date(2025, 12, 31) and report.marks.number == "X政办〔2025〕1号"


def test_every_heading_word_work_toml_gives_is_read_under_its_heading() -> None:
    work = tomllib.loads((Path(__file__).parent.parent / "summarize" / "work.toml").read_text("utf-8"))
    read = {  # where parse_notes puts each heading's points, by construction of Notes
        "导语": lambda notes: [notes.lead],
        "亮点": lambda notes: notes.highlights.get("办文"),
        "存在问题": lambda notes: notes.problems,
        "工作打算": lambda notes: notes.plans,
    }
    assert set(read) == {note["name"] for note in work["note"]}
    for note in work["note"]:
        for word in [note["name"], *note.get("also", [])]:
            notes = parse_notes(f"# 2025年{word}\n## 办文\n- 一条\n")
            assert read[note["name"]](notes) == ["一条"], word
    for note in work["month"]["note"]:
        for word in [note["name"], *note.get("also", [])]:
            notes = parse_notes(f"# 2025年3月\n## {word}\n- 一条\n")
            assert notes.months[(2025, 3)] == {note["name"]: ["一条"]}, word

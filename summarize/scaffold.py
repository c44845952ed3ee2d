"""A new office's workspace: ``summarize.toml``, an empty register workbook per kind, the notes file and a
``templates/README.md``, every one explained in Chinese for the clerk who fills it in.

:func:`init_workspace` builds every file in memory first and refuses to overwrite an existing one unless told
to, so a refused run writes nothing. Workbooks are byte-reproducible (fixed document properties and zip
timestamps): the same unit, year and kinds give the same files.
"""

from __future__ import annotations

import dataclasses
import io
import json
import re
import tomllib
import zipfile
from collections.abc import Callable
from datetime import datetime
from importlib import resources
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from summarize.bundled import bundled
from summarize.config import CONFIG_NAME
from summarize.errors import SummarizeError
from summarize.layout import Layout, text_columns
from summarize.metrics import load_catalogue
from summarize.notes import NOTES_NAME
from summarize.output import reproducible_zip, write_bytes_atomic
from summarize.registers import KindSpec, kind_specs
from summarize.work import lines_of_work, month_notes, note_headings

REGISTER_SHEET = "登记表"
GUIDE_SHEET = "填表说明"  # contains 说明, so the reader skips it
SERIAL = "序号"
FIRST_DATA_ROW = 3
LAST_FORMATTED_ROW = 1000
DATE_FORMAT = "yyyy-mm-dd"
FIXED_TIMESTAMP = datetime(2000, 1, 1)
README_NAME = "templates/README.md"
COMMENT_COLUMNS = 110  # a summarize.toml comment is broken before it runs wider (a CJK character is 2)


# What a new register holds beyond its fields (office knowledge, kept in init.toml next to kinds.toml).
_INIT = tomllib.loads(resources.files("summarize").joinpath("init.toml").read_text(encoding="utf-8"))
# Closed lists, by canonical field name: each becomes a drop-down in the register and a line in 填表说明.
CHOICES: dict[str, tuple[str, ...]] = {name: tuple(values) for name, values in _INIT["choices"].items()}
TYPE_NAMES = {"text": "文本", "date": "日期", "int": "整数", "number": "数值", "bool": "是/否"}
PURPOSES = {kind: entry["purpose"] for kind, entry in _INIT["kind"].items()}
# Guidance for open fields, by (kind, field); {lines} is the lines of work the 大事记 类别 may name.
_LINES = "、".join(line.name for line in lines_of_work() if line.in_init)
HINTS = {
    (kind, name): hint.replace("{lines}", _LINES)
    for kind, entry in _INIT["kind"].items()
    for name, hint in entry.get("hints", {}).items()
}
# One realistic row per kind for 填表说明; "{year}" is the workspace year.
EXAMPLES: dict[str, dict[str, str]] = {
    kind: entry.get("example", {}) for kind, entry in _INIT["kind"].items()
}
RULES = tuple(_INIT["rules"])


# Chinese notes for every Layout field, written beside its default in summarize.toml.
LAYOUT_NOTES = {
    "page_width_mm": "纸张宽度（A4）",
    "page_height_mm": "纸张高度（A4）",
    "margin_top_mm": "上边距（天头）",
    "margin_bottom_mm": "下边距",
    "margin_left_mm": "左边距（订口）",
    "margin_right_mm": "右边距",
    "header_distance_mm": "页眉距页面上边缘",
    "footer_distance_mm": "页脚（页码）距页面下边缘",
    "lines_per_page": "每页行数",
    "chars_per_line": "每行字数",
    "line_spacing_pt": "固定行距（磅）；不写则按每页行数自动计算",
    "title_font": "标题字体",
    "title_size_pt": "标题字号（2号 = 22磅）",
    "body_font": "正文字体",
    "body_size_pt": "正文字号（3号 = 16磅）",
    "h1_font": "一级标题（一、）字体",
    "h2_font": "二级标题（（一））字体",
    "h3_font": "三级标题（1.）字体",
    "h3_bold": "三级标题是否加粗",
    "heading_size_pt": "各级标题字号",
    "latin_font": "数字和西文字体",
    "caption_font": "图表标题字体",
    "caption_size_pt": "图表标题字号（4号 = 14磅）",
    "table_font": "表格文字字体",
    "table_size_pt": "表格文字字号",
    "attachment_label_font": "“附件”二字字体",
    "page_number_font": "页码字体",
    "page_number_size_pt": "页码字号",
    "first_line_indent_chars": "段落首行缩进（字）",
    "signature_right_chars": "落款距右边距（字）",
    "page_number_indent_chars": "页码距版心边缘（字）",
    "figure_max_lines": "每张图连图题最多占几行（超过则缩小图片）",
    "issuer_size_pt": "发文机关标志（红头）字号（小初 = 36磅）",
    "head_top_mm": "发文机关标志上边缘距版心上边缘（毫米）",
    "head_top_upward_mm": "上行文（有签发人）发文机关标志距版心上边缘（毫米）",
    "head_color": "红头和分隔线的颜色（RGB 十六进制）",
    "head_rule_gap_mm": "发文字号下红色分隔线的距离（毫米）",
    "head_rule_eighths": "红色分隔线粗细（1/8 磅）",
    "record_size_pt": "版记字号（4号 = 14磅）",
    "record_thick_eighths": "版记首末分隔线粗细（1/8 磅，0.35毫米约8）",
    "record_thin_eighths": "版记中间分隔线粗细（1/8 磅，0.25毫米约6）",
    "seal_date_right_chars": "加盖印章时成文日期右空几字",
    "seal_blank_lines": "加盖印章时正文与落款之间空几行",
}

_TITLE_FONT = Font(bold=True, size=16)
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_THIN = Side(style="thin", color="808080")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_WRAP = Alignment(vertical="top", wrap_text=True)


def init_workspace(
    folder: Path, unit: str, year: int, kinds: list[str] | None = None, force: bool = False
) -> list[Path]:
    """Create a new office's workspace in ``folder`` (created if missing) and return the files written.

    Writes ``summarize.toml``, one register workbook per kind (all kinds, or those named in ``kinds``),
    ``总结素材.md`` and ``templates/README.md``. Raises :class:`SummarizeError` (exit code 2) for an unknown
    kind, a blank unit, a year out of range, or, unless ``force``, when any of these files already exists; in
    every such case nothing is written.
    """
    folder = Path(folder).expanduser()
    files = workspace_files(unit, year, kinds)
    targets = {folder / name: data for name, data in files.items()}
    if folder.exists() and not folder.is_dir():
        raise SummarizeError(f"“{folder}”是一个文件，不是文件夹；请换一个工作区位置")
    existing = [path for path in targets if path.exists()]
    if existing and not force:
        names = "、".join(path.relative_to(folder).as_posix() for path in existing)
        raise SummarizeError(
            f"工作区“{folder}”中已有以下文件：{names}。为免覆盖已有内容，未写入任何文件；"
            f"如确需重新生成，请先备份这些文件，再加 --force 覆盖"
        )
    for path, data in targets.items():
        _make_folder(path.parent)
        write_bytes_atomic(path, data)
    return list(targets)


def workspace_files(unit: str, year: int, kinds: list[str] | None = None) -> dict[str, bytes]:
    """Every file of a new workspace, by path relative to the workspace folder, without writing anything."""
    chosen = _chosen_kinds(kinds)
    unit = unit.strip()
    if not unit:
        raise SummarizeError("单位名称不能为空，请写明单位全称，如“某某县人民政府办公室”")
    if isinstance(year, bool) or not isinstance(year, int) or not 1990 <= year <= 2100:
        raise SummarizeError(f"年度“{year}”无效，应为 1990—2100 之间的四位年份")
    files = {CONFIG_NAME: settings_text(unit, year).encode("utf-8")}
    for kind in chosen:
        files[f"{register_stem(kind, year)}.xlsx"] = register_workbook(kind, year)
    files[NOTES_NAME] = notes_text(unit, year).encode("utf-8")
    files[README_NAME] = templates_readme().encode("utf-8")
    return files


def register_stem(kind: str, year: int) -> str:
    """The file name (without .xlsx) of a kind's register, which is also its title row."""
    stem = _INIT["kind"].get(kind, {}).get("file", _INIT["file"])
    return stem.format(year=year, kind=kind)


def _chosen_kinds(kinds: list[str] | None) -> list[str]:
    specs = kind_specs()
    if kinds is None:
        return list(specs)
    unknown = [k for k in kinds if k not in specs]
    if unknown:
        raise SummarizeError(f"没有台账种类“{'、'.join(unknown)}”；可用的种类：{'、'.join(specs)}")
    return list(dict.fromkeys(kinds))


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SummarizeError(f"无法创建文件夹“{folder}”（{exc.strerror}），请换一个工作区位置") from exc


# ---- summarize.toml ------------------------------------------------------------------------------------


def _toml_value(value: object) -> str:
    """A TOML literal for a str, bool, int or float (JSON strings are valid TOML basic strings)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return repr(value)


def _wrapped(words: list[str], per_line: int, prefix: str = "#   ") -> list[str]:
    return [prefix + "、".join(words[i : i + per_line]) for i in range(0, len(words), per_line)]


def settings_text(unit: str, year: int) -> str:
    """The commented ``summarize.toml`` of a new workspace: every key :data:`summarize.config.SETTING_KEYS` lists,
    in its order (plain keys before tables, as TOML requires), each under a comment saying what it is and how to
    fill it in, with its default or an example."""
    from summarize.config import SETTING_KEYS

    parts = [
        f"# {unit} 工作总结设置文件（summarize.toml）",
        "# 用记事本等编辑器修改，保存为 UTF-8 编码。以“#”开头的是说明文字，不起作用；去掉行首的“#”即启用该行。",
        '# 中文键名须加英文双引号，如 "信息采用" = 120；文字值也要加英文双引号。',
        "",
    ]
    for name, key in sorted(SETTING_KEYS.items(), key=lambda item: item[1].is_table):
        if key.is_table:
            parts.append("")
        parts += _comment(f"{key.label}：{key.guide}" if key.guide else key.label)
        write = _SECTIONS.get(name)
        if write is not None:
            parts += write(unit, year)
        else:  # a key with no example of its own yet: named, commented out
            parts.append(f"# [{name}]" if key.is_table else f"# {name} =")
    return "\n".join(parts) + "\n"


def _comment(text: str, width: int = COMMENT_COLUMNS) -> list[str]:
    """``text`` as "# " comment lines of about ``width`` columns, broken after a comma or full stop."""
    lines, line = [], ""
    for piece in re.split(r"(?<=[，。；])", text):
        if line and text_columns(line + piece) > width:
            lines.append(line)
            line = ""
        line += piece
    return [f"# {line}" for line in [*lines, line] if line]


def _files_section(unit: str, year: int) -> list[str]:
    return [
        "# 键为文件名（子文件夹中的写相对路径），值为台账种类：" + "、".join(kind_specs()),
        "[files]",
        '# "OA系统导出20260105.xlsx" = "收文"',
    ]


def _report_section(unit: str, year: int) -> list[str]:
    """One line per key of ``[report]`` — the keys config.REPORT_KEYS lists, in its order — with an example
    value and a note; the 公文 elements after a line saying they are optional."""
    from summarize.config import REPORT_KEYS
    from summarize.report.official import KEYS as OFFICIAL

    examples = {
        "signature": (_toml_value(unit), "落款单位（文末署名），默认同 unit"),
        "date": (f"{year}-12-31", "成文日期（文末日期），不写则为当年12月31日"),
        "small_base": ("10", REPORT_KEYS["small_base"]),
        "appendix": ('"main"', REPORT_KEYS["appendix"]),
        "issuer": (_toml_value(unit + "文件"), "发文机关标志（红头）"),
        "number": (f'"X政办〔{year}〕1号"', "发文字号：六角括号〔〕，序号不编虚位"),
        "signer": ('"张三"', "签发人（上行文）"),
        "addressee": ('"上级机关名称"', "主送机关"),
        "cc": ('"抄送机关甲，抄送机关乙"', "版记：抄送机关"),
        "printer": (_toml_value(unit), "版记：印发机关"),
        "print_date": (f"{year}-12-31", "版记：印发日期"),
        "seal": ("true", "加盖印章：成文日期右空四字，署名居中于日期之上"),
    }
    lines = ["[report]"]
    for key, label in REPORT_KEYS.items():
        if key == next(iter(OFFICIAL)):
            lines.append("# 作为正式公文报送时可加的要素（GB/T 9704），默认不加；去掉行首的 # 即启用：")
        value, note = examples.get(key, ("", label))
        on = "" if key == "signature" else "# "  # the signature is written out; the rest keep their defaults
        lines.append(f"{on}{key} = {value}  # {note}" if value else f"# {key} =   # {note}")
    return lines


def _targets_section(unit: str, year: int) -> list[str]:
    names = [m.name for m in load_catalogue().values() if m.expand is None]
    return [
        "# 设置后，统计表和年终总结中给出目标和完成率。可用的指标名：",
        *_wrapped(names, 8),
        "# 其他工作量统计中的事项名（如“公务接待”）也可作为指标名。",
        "[targets]",
        '# "信息采用" = 120',
        '# "信访按期办结率" = 0.95',
        '# "督办按期办结率" = 0.9',
    ]


def _deadlines_section(unit: str, year: int) -> list[str]:
    rule = [
        "# days = 15  # 期限天数",
        "# workdays = true  # true 按工作日计算（跳过法定节假日，调休上班日计入）；false 按自然日计算",
        "# start_next_day = true  # true 自登记（受理、交办）次日起算；false 自当日起算",
        '# uncovered = "statutory"  # 尚无节假日安排的年份："statutory" 按法定节假日推算（不含调休，期限标为暂定），'
        '"weekends" 按周一至周五计工作日，"error" 停止并提示',
    ]
    return [
        "# 《信访工作条例》：信访事项应当自受理之日起60日内办结。各地对起算日和节假日的规定不同，请按本地规定修改。",
        '[deadlines."信访"]',
        "days = 60  # 期限天数",
        "workdays = false  # false 按自然日计算；true 按工作日计算（跳过法定节假日，调休上班日计入）",
        "start_next_day = true  # true 自受理次日起算；false 自受理当日起算",
        'uncovered = "statutory"  # 尚无节假日安排的年份："statutory" 按法定节假日推算（不含调休，期限标为暂定），'
        '"weekends" 按周一至周五计工作日，"error" 停止并提示',
        "",
        "# 督办事项（或收文）没有填写办理时限时也要推算期限的，去掉下面各行行首的“#”并修改：",
        '# [deadlines."督办"]',
        *rule,
    ]


def _holidays_section(unit: str, year: int) -> list[str]:
    return [
        '# 连续几天可写作 "2027-10-01~2027-10-07"。',
        "# [holidays.2027]",
        '# "放假" = ["2027-01-01", "2027-02-05~2027-02-11"]',
        '# "调休上班" = ["2027-02-14"]',
    ]


def _layout_section(unit: str, year: int) -> list[str]:
    default = Layout()
    lines = [
        "# 长度单位为毫米（mm），字号单位为磅（pt）；字体写 Word 中显示的字体名称。",
        "# 使用本单位 Word 模板（templates/report.docx）时，页面和字体以模板为准。",
        "[layout]",
    ]
    for field in dataclasses.fields(Layout):
        value = getattr(default, field.name)
        note = LAYOUT_NOTES.get(field.name, "")
        if value is None:  # computed when not set: show the computed value, commented out
            value = default.line_pitch_twips / 20
            lines.append(f"# {field.name} = {_toml_value(value)}  # {note}")
        else:
            lines.append(f"{field.name} = {_toml_value(value)}  # {note}")
    return lines


def _metrics_section(unit: str, year: int) -> list[str]:
    return [
        "# 例如增加“省级以上信息采用”：",
        '# [metrics."省级以上信息采用"]',
        '# source = "信息"',
        '# unit = "条"',
        '# where = [{ field = "采用级别", in = ["国家级", "省级"] }]',
        '# section = "信息"',
        '# caliber = "统计期内报送的信息中被省级以上刊物采用的条数"',
    ]


def _scoring_section(unit: str, year: int) -> list[str]:
    from summarize.derive import BONUS_KEY, Scoring

    defaults = Scoring()  # defaults.toml's [scoring]
    return [
        "[scoring]",
        *(
            f"{_toml_value(level)} = {points}  # 采用级别为{level}的每条得分"
            for level, points in defaults.levels.items()
        ),
        f"{_toml_value(BONUS_KEY)} = {defaults.bonus}  # 获领导批示的加分",
        "# 按采用刊物计分的（优先于采用级别），刊物名与登记簿“采用刊物”一栏的写法一致：",
        '# [scoring."刊物"]',
        '# "市政府《要情》" = 6',
    ]


def _plain(value: str) -> Callable[[str, int], list[str]]:
    """A section of one plain key set to ``value`` (a TOML literal, or a template of the unit and year)."""
    return lambda unit, year: [value.format(unit=_toml_value(unit), year=year)]


# How each key of SETTING_KEYS is written: its line, or its table with examples, after its comment.
_SECTIONS: dict[str, Callable[[str, int], list[str]]] = {
    "unit": _plain("unit = {unit}"),
    "year": _plain("year = {year}"),
    "lang": _plain('lang = "zh-Hans"'),
    "superior": _plain('superior = ""'),
    "ignore": _plain("ignore = []"),
    "files": _files_section,
    "targets": _targets_section,
    "deadlines": _deadlines_section,
    "holidays": _holidays_section,
    "layout": _layout_section,
    "report": _report_section,
    "scoring": _scoring_section,
    "metrics": _metrics_section,
}


# ---- register workbooks ---------------------------------------------------------------------------------


def register_workbook(kind: str, year: int) -> bytes:
    """An empty register of ``kind`` as .xlsx bytes: sheet 登记表 (title, header, formats, drop-downs) and
    sheet 填表说明 (purpose, rules, one line per column, an example row)."""
    spec = kind_specs()[kind]
    title = register_stem(kind, year)
    example = {name: value.format(year=year) for name, value in EXAMPLES.get(kind, {}).items()}
    book = Workbook()
    _fill_register(book.active, spec, title, example)
    _fill_guide(book.create_sheet(GUIDE_SHEET), spec, title, example, year)
    return _workbook_bytes(book)


def _fill_register(sheet: Worksheet, spec: KindSpec, title: str, example: dict[str, str]) -> None:
    sheet.title = REGISTER_SHEET
    columns = [SERIAL, *spec.fields]
    sheet.cell(1, 1, title).font = _TITLE_FONT
    sheet.cell(1, 1).alignment = _CENTER
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(columns))
    sheet.row_dimensions[1].height = 32
    for col, name in enumerate(columns, 1):
        _header_cell(sheet, 2, col, name)
        letter = get_column_letter(col)
        texts = [name, *CHOICES.get(name, ()), example.get(name, "")]
        if name in spec.fields and spec.fields[name].type == "date":
            texts.append(DATE_FORMAT)
            for row in range(FIRST_DATA_ROW, LAST_FORMATTED_ROW + 1):
                sheet.cell(row, col).number_format = DATE_FORMAT
        sheet.column_dimensions[letter].width = _fitted_width(texts)
        if name in CHOICES:
            sheet.add_data_validation(
                _drop_down(name, f"{letter}{FIRST_DATA_ROW}:{letter}{LAST_FORMATTED_ROW}")
            )
    sheet.freeze_panes = sheet.cell(FIRST_DATA_ROW, 1)


def _drop_down(field: str, cells: str) -> DataValidation:
    """A list validation that offers the field's values and warns (but lets the clerk go on) on others."""
    values = CHOICES[field]
    validation = DataValidation(
        type="list",
        formula1='"' + ",".join(values) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle=f"{field}不在列表中",
        error=f"“{field}”一般填写：{'、'.join(values)}。确需填写其他内容请点“是”。",
    )
    validation.add(cells)
    return validation


def _fill_guide(sheet: Worksheet, spec: KindSpec, title: str, example: dict[str, str], year: int) -> None:
    sheet.cell(1, 1, f"{title}填表说明").font = Font(bold=True, size=14)
    sheet.cell(3, 1, "用途").font = _HEADER_FONT
    sheet.cell(3, 2, PURPOSES.get(spec.name, ""))
    sheet.cell(4, 1, "填写要求").font = _HEADER_FONT
    for i, rule in enumerate(RULES):
        sheet.cell(4 + i, 2, f"{i + 1}. {rule.format(year=year)}")
    table_row = 6 + len(RULES)
    sheet.cell(table_row - 1, 1, "各列说明").font = _HEADER_FONT
    lines = [
        [SERIAL, "整数", "否", "可不填，不参与统计", ""],
        *(_column_line(spec, n, year) for n in spec.fields),
    ]
    row = _write_table(
        sheet, table_row, ["列名", "类型", "是否必填", "可填写的值或填写要求", "表头也可写作"], lines
    )
    sheet.cell(row + 1, 1, "填写示例").font = _HEADER_FONT
    columns = [SERIAL, *spec.fields]
    _write_table(sheet, row + 2, columns, [["1", *(example.get(name, "") for name in columns[1:])]])
    for cells in sheet.iter_cols(min_row=table_row):
        texts = [str(cell.value) for cell in cells if cell.value is not None]
        if texts:
            sheet.column_dimensions[cells[0].column_letter].width = _fitted_width(texts, widest=36)


def _write_table(sheet: Worksheet, row: int, header: list[str], lines: list[list[str]]) -> int:
    """Write a header row and lines from ``row`` down; return the row after the table."""
    for col, text in enumerate(header, 1):
        _header_cell(sheet, row, col, text)
    for r, values in enumerate(lines, row + 1):
        for col, value in enumerate(values, 1):
            cell = sheet.cell(r, col, value or None)
            cell.border = _BOX
            cell.alignment = _WRAP
    return row + len(lines) + 1


def _column_line(spec: KindSpec, name: str, year: int) -> list[str]:
    """One line of 各列说明: 列名, 类型, 是否必填, what to write, the other header spellings."""
    field = spec.fields[name]
    needs = []
    if name in CHOICES:
        needs.append("从下拉列表选择：" + "、".join(CHOICES[name]))
    elif field.type == "date":
        needs.append(f"日期，如 {year}-03-05")
    elif field.type == "int":
        needs.append("整数，如 3" + (f"；不填按 {field.default} 计" if field.default else ""))
    elif field.type == "number":
        needs.append("数字，如 8.5")
    if (spec.name, name) in HINTS:
        needs.append(HINTS[(spec.name, name)])
    required = "是" if field.required else "否"
    return [name, TYPE_NAMES[field.type], required, "；".join(needs), "、".join(field.aliases)]


def _header_cell(sheet: Worksheet, row: int, col: int, text: str) -> None:
    cell = sheet.cell(row, col, text)
    cell.font = _HEADER_FONT
    cell.fill = _HEADER_FILL
    cell.border = _BOX
    cell.alignment = _CENTER


def _fitted_width(texts: list[str], widest: int = 40) -> float:
    return min(max(max(text_columns(t) for t in texts) + 2, 6), widest)


def _workbook_bytes(book: Workbook) -> bytes:
    """The workbook as .xlsx bytes with fixed properties and zip timestamps (``save`` stamps the time)."""
    book.properties.creator = "summarize"
    book.properties.lastModifiedBy = "summarize"
    book.properties.created = FIXED_TIMESTAMP
    book.properties.modified = FIXED_TIMESTAMP
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).write_data()
    return reproducible_zip(buffer.getvalue())


# ---- 总结素材.md and templates/README.md ------------------------------------------------------------------

# Guidance sits where parse_notes ignores it: before the first heading, after a "#" heading's title (it matches
# headings by their words), and under "# 亮点" before its first "##". A comment or quote on a line of its own
# under any other heading would be read as content and reach the report.
HIGHLIGHT_SECTIONS = {line.name: line.hint for line in lines_of_work() if line.in_init}


def notes_text(unit: str, year: int) -> str:
    """The notes file ``总结素材.md`` with every heading the reports read (``work.toml``'s note headings) and
    Chinese guidance that never reaches a report (:func:`summarize.notes.parse_notes` of the file gives empty
    notes)."""
    lines = [
        "<!--",
        f"{unit}工作总结素材：年终总结和月报中由办公室自己撰写的部分。",
        "用法：在各标题下另起一行，每条以“- ”开头逐条填写；没有内容的标题下留空，文档中会提示【请补充】。",
        "请勿修改或删除标题行；本段和标题行后面的提示文字不会写入文档。",
        "-->",
        "",
    ]
    for heading in note_headings():
        lines += [f"# {heading.name} <!-- {heading.comment.format(next_year=year + 1)} -->", ""]
        if heading.lines:
            guide = [f"   {name}：{text}" for name, text in HIGHLIGHT_SECTIONS.items()]
            lines[-1:] = ["<!--", *guide, "-->", "", *(f"## {name}\n" for name in HIGHLIGHT_SECTIONS)]
    month = month_notes()
    lines += [f"# {year}年1月 <!-- {month.comment.format(year=year)} -->", ""]
    for heading in month.headings:
        lines += [f"## {heading.name} <!-- {heading.comment} -->", ""]
    return "\n".join(lines)


def templates_readme() -> str:
    """``templates/README.md``: how to override a text template and how to use one's own Word template."""
    package = bundled("templates")
    groups = sorted(
        (entry.name, sorted(f.name for f in entry.iterdir() if f.name.endswith(".j2")))
        for entry in package.iterdir()
        if entry.is_dir()
    )
    listing = [
        f"- `{group}/`：" + "、".join(f"`{name}`" for name in names) for group, names in groups if names
    ]
    lines = [
        "# 本单位的文档模板",
        "",
        "本文件夹中的模板优先于软件自带的模板使用。不需要改动时保持本文件夹为空（本说明文件除外）即可。",
        "",
        "## 修改文字模板（年终总结、月报各部分的措辞）",
        "",
        f"1. 软件自带的文字模板在安装目录的 `summarize/templates/` 中（本机位置：`{package}`）。",
        "2. 在本文件夹中建立与自带模板同名的子文件夹（如 `年终总结`），把要修改的文件原名复制进去，"
        "例如 `templates/年终总结/办文.j2`。文件名和子文件夹名都必须与自带的完全一致，否则不起作用。",
        "3. 用记事本打开修改，保存为 UTF-8 编码。`{{ }}` 和 `{% %}` 中是数字和判断条件，请只改其外的文字。",
        "4. 重新生成文档即可看到效果；改坏了删除该文件，就恢复使用自带模板。",
        "",
        "自带的文字模板：",
        "",
        *listing,
        "",
        "## 使用本单位的 Word 模板",
        "",
        "把 Word 模板命名为 `report.docx` 放在本文件夹中（即 `templates/report.docx`），生成 Word 文档时就会使用它：",
        "",
        "- 标题所在的段落写 `{{ title }}`；",
        "- 正文位置单独一段写 `{{p body }}`（必须有，否则无法生成）；",
        "- 页面设置、页码和字体以该模板为准，summarize.toml 中 `[layout]` 的页面和字体设置不再起作用。",
        "",
        "最简便的做法是复制软件自带的 `summarize/templates/report.docx` 加以修改，并保留其中的样式名称"
        "（公文标题、公文正文、一级标题等）。",
        "",
    ]
    return "\n".join(lines)

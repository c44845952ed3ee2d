"""The ``summarize`` command: a thin shell over :class:`summarize.workspace.Workspace`.

Each command opens the workspace, calls one engine function and prints the result. Heavy libraries are
imported inside the commands so that ``summarize --help`` starts at once.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from summarize.cli_zh import ChineseCommand, ChineseGroup

if TYPE_CHECKING:
    from summarize.workspace import Workspace

app = typer.Typer(
    cls=ChineseGroup,
    help="从办公室台账（收文、发文、信访、信息、督办、会议、大事记、工作量）生成统计数字、年终总结和月报。",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)

WorkspaceArg = Annotated[
    Path | None,
    typer.Argument(help="存放台账的文件夹（默认当前文件夹）", show_default=False, metavar="文件夹"),
]
SampleOpt = Annotated[bool, typer.Option("--sample", help="使用自带的示例工作区")]
DebugOpt = Annotated[bool, typer.Option("--debug", help="出错时显示完整的程序调用栈（供开发人员排查）")]
AsofOpt = Annotated[
    str | None,
    typer.Option(
        "--asof",
        help="统计截止日，如 2025-12-15（默认今天）：此后的登记不计入，未结束的月份和年度与上月、上年同期比较",
        show_default=False,
    ),
]


def _console():  # noqa: ANN202 - rich is imported lazily
    from rich.console import Console

    console = Console(highlight=False)
    if not console.is_terminal:  # piped into a file: do not squeeze Chinese columns into 80 characters
        console.width = 200
    return console


def _open(folder: Path | None, sample: bool, asof: str | None = None) -> Workspace:
    from summarize.workspace import Workspace, sample_path

    if sample and folder is not None:
        from summarize.errors import SummarizeError

        raise SummarizeError("不能同时给出工作区文件夹和 --sample")
    return Workspace(sample_path() if sample else (folder or Path.cwd()), asof=asof)


def _tell_notices(ws: Workspace) -> None:
    """What the figures leave out (rows after the as-of day), once per file, on stderr so csv/json stay clean."""
    for notice in ws.notices():
        print(f"提示：{notice}", file=sys.stderr)


def _warn_unread(ws: Workspace) -> None:
    """Say on stderr when the figures leave out files, sheets or rows that could not be read."""
    warning = ws.not_counted
    if warning:
        print(f"注意：{warning}", file=sys.stderr)


@app.command(cls=ChineseCommand)
def check(
    folder: WorkspaceArg = None,
    every: Annotated[
        bool, typer.Option("--all", help="列出全部问题（默认同一列的同类问题只列前10条，其余计数）")
    ] = False,
    sample: SampleOpt = False,
    debug: DebugOpt = False,
) -> None:
    """检查台账：逐个文件列出台账种类、年度和行数（计入/未计入/跳过），再列出问题及其位置。

    没有错误时退出码为 0，有错误（有行未计入或文件无法读取）时为 1，无法运行（如文件夹不存在）时为 2。
    """
    with _errors_explained(debug):
        ws = _open(folder, sample)
        from summarize.show import print_check

        errors = print_check(ws, _console(), every)
    raise typer.Exit(1 if errors else 0)


YearOpt = Annotated[
    int | None,
    typer.Option("--year", "-y", min=1990, max=2100, help="年度（默认取设置中的年度或台账中最近的年度）"),
]
MonthOpt = Annotated[int | None, typer.Option("--month", "-m", help="月份 1-12；给出时输出月度统计")]
FORMATS = ("table", "csv", "json", "xlsx")


@app.command(cls=ChineseCommand)
def stats(
    folder: WorkspaceArg = None,
    year: YearOpt = None,
    month: MonthOpt = None,
    by: Annotated[
        str | None, typer.Option("--by", help="分组字段，如 科室、单位、采用级别、信访形式、文种")
    ] = None,
    metric: Annotated[
        str | None,
        typer.Option("--metric", help="与 --by 一起：只列这些指标（逗号分隔），按第一个指标排名并汇总"),
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="输出格式：table（表格）、csv、json、xlsx")
    ] = "table",
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="输出文件（csv/json 默认打印到屏幕）")
    ] = None,
    asof: AsofOpt = None,
    sample: SampleOpt = False,
    debug: DebugOpt = False,
) -> None:
    """统计数字：年度（本年、上年、同比、目标、完成率）或月度（本月、上月、环比、上年同月、同比、累计）。

    csv/json 的列名是中文，数值是数字：比率为小数（0.953），数量的同比为小数（0.062 即增长6.2%），比率的同比为差值
    （0.012 即提高1.2个百分点），没有基数的为空。统计截止日在当月（当年）之内时，上月、上年取同期（列名为
    “上月同期”“上年同期”）。
    """
    with _errors_explained(debug):
        from summarize.errors import SummarizeError

        if fmt not in FORMATS:
            raise SummarizeError(f"--format 只能是 {'、'.join(FORMATS)}，而不是“{fmt}”")
        if month is not None and not 1 <= month <= 12:
            raise SummarizeError(f"--month 应为 1 到 12，而不是 {month}")
        if metric and not by:
            raise SummarizeError("--metric 须与 --by 一起使用，如 --by 单位 --metric 信息得分,信息采用")
        ws = _open(folder, sample, asof)
        _tell_notices(ws)
        _warn_unread(ws)
        year = year or ws.year
        frame = ws.monthly(year, month, by) if month else ws.annual(year, by)
        cutoff = frame.attrs["periods"].cutoff_phrase()
        title = (
            f"{ws.unit} {year}年{f'{month}月' if month else '度'}统计"
            + (f"（{cutoff}，与同期比较）" if cutoff else "")
            + (f"（按{by}）" if by else "")
        )
        if metric:
            names = [n.strip() for n in metric.replace("，", ",").split(",") if n.strip()]
            _emit(ws.ranking(by, names, year, month), fmt, output, title + "排名", ws, shown="ranking")
        else:
            _emit(frame, fmt, output, title, ws)


@app.command(cls=ChineseCommand)
def trace(
    metric: Annotated[str, typer.Argument(help="指标名称，如 收文、信访办结率", metavar="指标")],
    folder: WorkspaceArg = None,
    year: YearOpt = None,
    month: MonthOpt = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="输出格式：table、csv、json、xlsx")] = "table",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="输出文件")] = None,
    asof: AsofOpt = None,
    sample: SampleOpt = False,
    debug: DebugOpt = False,
) -> None:
    """列出某个统计数字背后的台账行（文件、工作表、Excel 行号），便于逐条核对。"""
    with _errors_explained(debug):
        ws = _open(folder, sample, asof)
        _tell_notices(ws)
        frame = ws.trace(metric, year, month)
        period = f"{year or ws.year}年" + (f"{month}月" if month else "")
        _emit(frame, fmt, output, f"{metric} {period} 共 {len(frame)} 行", ws, shown="raw")


def _emit(frame, fmt: str, output: Path | None, title: str, ws: Workspace, shown: str = "stats") -> None:  # noqa: ANN001
    """Print or write a result frame in the requested format; a period in progress names its columns for the
    days they compare (上年同期, 上月同期)."""
    from summarize.bases import exported, stated, table_notes
    from summarize.output import write_text_atomic
    from summarize.periods import labelled

    if output is not None:
        _refuse_inputs(ws, output)
    frame = labelled(frame)
    small = ws.settings.report.small_base

    if fmt == "table":
        from summarize.show import formatted_ranking, plain, print_frame

        counted = False
        if shown == "ranking":
            table = formatted_ranking(frame, ws.metrics)
        elif shown == "stats":
            table, counted = stated(frame, ws.metrics, small)
        else:
            table = frame.astype("string").fillna("")
        print_frame(table, _console(), title)
        for note in table_notes(frame, ws.metrics, small, counted) if shown == "stats" else []:
            _console().print(plain(note))
        return
    if shown == "stats":  # a change the small base forbids is left empty and said in counts in 说明
        frame = exported(frame, ws.metrics, small)
    if fmt == "xlsx":
        from summarize.errors import SummarizeError

        if output is None:
            raise SummarizeError("xlsx 格式须用 -o 指定输出文件")
        from summarize.render.xlsx import write_table_xlsx

        write_table_xlsx(output, frame)
        print(f"已写入 {output}")
        return
    plain = _plain_numbers(frame)
    if fmt == "csv":
        from summarize.render.csv_text import csv_text

        text = csv_text(plain)
    else:
        import json

        records = plain.astype(object).where(plain.notna(), None).to_dict(orient="records")
        text = json.dumps(records, ensure_ascii=False, indent=1, default=str)
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        write_text_atomic(output, text)
        print(f"已写入 {output}")


def _refuse_inputs(ws: Workspace, output: Path) -> None:
    """Stop (exit 2) before an output is written over a file the workspace reads."""
    from summarize.config import CONFIG_NAME
    from summarize.errors import SummarizeError
    from summarize.ingest.sources import find_register_files
    from summarize.metrics import WORKSPACE_CATALOGUE
    from summarize.notes import NOTES_NAME

    root = ws.path.resolve()
    target = Path(output).resolve()
    read = {p.resolve() for p in find_register_files(ws.path, ws.settings.ignore)}
    read |= {root / name for name in (CONFIG_NAME, NOTES_NAME, WORKSPACE_CATALOGUE)}
    if target in read or target.is_relative_to(root / "templates"):
        raise SummarizeError(
            f"不能写入“{output}”：这是工作区读取的文件（台账、设置、素材或模板），输出不能覆盖它；"
            "请用 -o 换一个文件名"
        )


def _check_lang(lang: str | None) -> None:
    from summarize.config import LANGS
    from summarize.errors import SummarizeError

    if lang is not None and lang not in LANGS:
        raise SummarizeError(f"--lang 只能是 {'、'.join(LANGS)}，而不是“{lang}”")


def _plain_numbers(frame):  # noqa: ANN001, ANN202 - pandas is imported lazily
    """Whole numbers as ints (1896, not 1896.0) so csv/json read as offices write them; fractions untouched."""
    import pandas as pd

    out = frame.copy()
    for col in out.columns:
        if out[col].dtype.kind == "f" or str(out[col].dtype) == "Float64":
            values = [None if pd.isna(v) else int(v) if float(v).is_integer() else float(v) for v in out[col]]
            out[col] = pd.Series(values, index=out.index, dtype=object)
    return out


LangOpt = Annotated[
    str | None,
    typer.Option(
        "--lang",
        help="文字：zh-Hans（简体）、zh-Hant（繁体，台湾字形）或 zh-Hant-HK（繁体，香港字形），默认取设置",
    ),
]
TemplateOpt = Annotated[
    Path | None,
    typer.Option("--template", help="自己的 Word 模板（红头等），须含 {{ title }} 和 {{p body }}"),
]


EachUnitOpt = Annotated[
    bool, typer.Option("--each-unit", help="为每个单位（子文件夹或“单位”列）各生成一份，另加汇总")
]
JobsOpt = Annotated[
    int | None, typer.Option("--jobs", "-j", help="同时生成的进程数（默认：全部 CPU 核数）", min=1)
]


def _each_unit(
    ws: Workspace,
    year: int,
    month: int | None,
    output: Path,
    lang: str | None,
    jobs: int | None,
    fmt: str = "docx",
) -> None:
    """One document per unit and the 汇总, in worker processes, with a progress bar."""
    from rich.progress import Progress

    from summarize.batch import plan_jobs, run_jobs
    from summarize.errors import SummarizeError
    from summarize.output import make_folder
    from summarize.written import remember

    if not ws.units:
        raise SummarizeError("工作区中没有单位：请按单位分子文件夹存放台账，或在台账中加“单位”列")
    todo, notes = plan_jobs(ws, year, month, make_folder(output), lang, fmt)
    for note in notes:
        print(f"注意：{note}")
    written = []
    what = "月报" if month else "年终总结"
    with Progress(transient=True, console=_console()) as progress:
        task = progress.add_task(f"生成{what}（{len(ws.units)}个单位和汇总）", total=len(todo))
        for job, paths in run_jobs(ws, todo, jobs):
            remember(zip(job.targets, paths, strict=True))
            written += paths
            progress.advance(task)
    print(f"已为{len(ws.units)}个单位和汇总生成{len(written)}个文件，保存在“{output}”")


@app.command(cls=ChineseCommand)
def report(
    folder: WorkspaceArg = None,
    year: YearOpt = None,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="输出文件，默认 out/{单位}{年}年工作总结.docx")
    ] = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format", "-f", help="docx（Word 文档）、pdf（经 LibreOffice 转换）或 md（Markdown 预览）"
        ),
    ] = "docx",
    lang: LangOpt = None,
    template: TemplateOpt = None,
    appendix: Annotated[
        str | None,
        typer.Option("--appendix", help="附件：main 只附一页主要指标统计表（默认），full 另附统计口径说明"),
    ] = None,
    each_unit: EachUnitOpt = False,
    jobs: JobsOpt = None,
    comments: Annotated[
        bool,
        typer.Option(
            "--comments",
            help="在每个数字上加 Word 批注：统计口径和来源台账（工作表、行数），便于不用本程序也能核对",
        ),
    ] = False,
    asof: AsofOpt = None,
    sample: SampleOpt = False,
    debug: DebugOpt = False,
) -> None:
    """生成年终总结：按 GB/T 9704 版式的 Word 文档，含图表和主要指标统计表（附件）。

    数字全部来自台账统计；素材文件“总结素材.md”中的亮点、存在问题、工作打算写入相应部分，没写的地方以
    【请补充：……】标出。
    """
    with _errors_explained(debug):
        from functools import partial

        from summarize import documents
        from summarize.errors import SummarizeError
        from summarize.output import make_folder

        documents.check_format(fmt)
        if comments and (fmt != "docx" or each_unit):
            raise SummarizeError("--comments 只用于单份 Word 文档（--format docx），批注写在 .docx 中")
        if appendix not in (None, "main", "full"):
            raise SummarizeError(f"--appendix 只能是 main 或 full，而不是“{appendix}”")
        _check_lang(lang)
        ws = _open(folder, sample, asof)
        _tell_notices(ws)
        _warn_unread(ws)
        year = year or ws.year
        if each_unit:
            if appendix:
                raise SummarizeError(
                    '--appendix 不能与 --each-unit 同用；请在 summarize.toml 的 [report] 中写 appendix = "full"'
                )
            _each_unit(ws, year, None, output or Path("out"), lang, jobs, fmt)
            return
        doc = partial(ws.report, year, lang, appendix)
        if output is None:  # a name the tool chose, in out/: never overwrite a hand-edited file there
            planned = documents.plan_in(
                ws, make_folder(Path("out")), year, None, fmt, lang, template, doc, comments=comments
            )
        else:
            planned = documents.plan(ws, [output], year, None, fmt, lang, template, doc, comments=comments)
        for file in planned:
            _refuse_inputs(ws, file.wanted)
        _tell_written(documents.write(planned, keep_edits=output is None))


def _tell_written(written: list) -> None:  # noqa: ANN001 - documents.Written, imported lazily
    """Say where each file went: first the notes on files renamed to keep a hand-edited one, then the paths."""
    for file in written:
        if file.note:
            print(f"注意：{file.note}")
    for file in written:
        print(f"已生成 {file.path}")


@app.command(cls=ChineseCommand)
def verify(
    document: Annotated[Path, typer.Argument(help="要核对的 Word 文档（.docx）", metavar="文档")],
    folder: WorkspaceArg = None,
    year: YearOpt = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="输出格式：table（表格）、csv、json")] = "table",
    annotate: Annotated[
        Path | None,
        typer.Option(
            "--annotate", help="另存一份批注版：在每个与台账不一致的数字上加 Word 批注", metavar="批注版.docx"
        ),
    ] = None,
    asof: AsofOpt = None,
    sample: SampleOpt = False,
    debug: DebugOpt = False,
) -> None:
    """核稿：逐个核对文档（年终总结等，改过的或手写的）中的数字与台账统计是否一致。

    列出每个数字的位置（段落或表格单元格）和所在句子、文中的写法、台账的数字和结论（一致、不一致、无法核对及原因）。
    全部可核对的数字一致时退出码为 0，有不一致时为 1，无法运行时为 2。文档本身不会被修改。
    """
    with _errors_explained(debug):
        from summarize.errors import SummarizeError

        if fmt not in ("table", "csv", "json"):
            raise SummarizeError(f"--format 只能是 table、csv 或 json，而不是“{fmt}”")
        ws = _open(folder, sample, asof)
        _tell_notices(ws)
        _warn_unread(ws)
        if annotate is not None:
            _refuse_inputs(ws, annotate)
        result = ws.verify(document, year)
        _print_verification(result, fmt)
        if annotate is not None:
            result.annotate(annotate)
            print(f"已生成批注版 {annotate}", file=sys.stderr if fmt != "table" else sys.stdout)
    raise typer.Exit(result.exit_code)


def _print_verification(result, fmt: str) -> None:  # noqa: ANN001 - a Verification, imported lazily
    frame = result.frame()
    counts = "，".join(f"{verdict}{n}个" for verdict, n in result.counts().items())
    if fmt == "table":
        from summarize.show import print_frame

        print_frame(
            frame, _console(), f"核稿：{result.path.name}（{result.year}年）共{len(frame)}个数字：{counts}"
        )
        return
    if fmt == "csv":
        from summarize.render.csv_text import csv_text

        text = csv_text(frame)
    else:
        import json

        text = json.dumps(frame.to_dict(orient="records"), ensure_ascii=False, indent=1)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    print(f"共{len(frame)}个数字：{counts}", file=sys.stderr)


@app.command(cls=ChineseCommand)
def monthly(
    folder: WorkspaceArg = None,
    month: Annotated[
        str | None, typer.Option("--month", "-m", help="月份，如 2025-11（默认：台账中最近的月份）")
    ] = None,
    year: YearOpt = None,
    all_months: Annotated[
        bool, typer.Option("--all", help="与 --year 一起使用：为该年每个有数据的月份各生成一份")
    ] = False,
    output: Annotated[Path, typer.Option("-o", "--output", help="输出文件夹")] = Path("out"),
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="月报的格式：docx（Word 文档）或 pdf（经 LibreOffice 转换）")
    ] = "docx",
    lang: LangOpt = None,
    template: TemplateOpt = None,
    each_unit: EachUnitOpt = False,
    jobs: JobsOpt = None,
    asof: AsofOpt = None,
    sample: SampleOpt = False,
    debug: DebugOpt = False,
) -> None:
    """生成月报：统计表（Excel，可直接上报）和工作月报（Word，GB/T 9704 版式，含趋势图）。

    文件名为“{单位}2025年11月工作统计.xlsx”和“{单位}2025年11月工作月报.docx”。
    """
    with _errors_explained(debug):
        from summarize import documents
        from summarize.errors import SummarizeError

        _check_lang(lang)
        documents.check_format(fmt, month=1)
        ws = _open(folder, sample, asof)
        _tell_notices(ws)
        _warn_unread(ws)
        if all_months:
            if month is not None:
                raise SummarizeError("--all 与 --month 不能同时使用；用 --year 指定年度")
            year = year or ws.year
            months = [(year, m) for m in range(1, ws.last_month(year) + 1)]
        else:
            months = [_parse_month(month, year, ws)]
        from summarize.output import make_folder

        make_folder(output)
        if each_unit:
            for y, m in months:
                _each_unit(ws, y, m, output, lang, jobs, fmt)
            return
        _write_months(ws, months, output, lang, template, fmt)


def _parse_month(text: str | None, year: int | None, ws: Workspace) -> tuple[int, int]:
    """ "2025-11", "2025年11月" or "11" (with --year) as (year, month)."""
    import re

    from summarize.errors import SummarizeError

    if text is None:
        y = year or ws.year
        return y, ws.last_month(y)
    m = re.fullmatch(r"\s*(?:(\d{4})\s*[-/.年]\s*)?(\d{1,2})\s*月?\s*", text)
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise SummarizeError(f"--month 应写成 2025-11 这样的年月，而不是“{text}”")
    return int(m.group(1) or year or ws.year), int(m.group(2))


def _write_months(
    ws: Workspace,
    months: list[tuple[int, int]],
    output: Path,
    lang: str | None,
    template: Path | None,
    fmt: str = "docx",
) -> None:
    """Write the 月报 of each month into ``output``, with a progress bar, then say where they went."""
    from rich.progress import Progress

    from summarize import documents

    written = []
    with Progress(transient=True, console=_console()) as progress:
        task = progress.add_task("生成月报", total=len(months))
        for year, month in months:
            written += documents.write(documents.plan_in(ws, output, year, month, fmt, lang, template))
            progress.advance(task)
    _tell_written(written)


@app.command(cls=ChineseCommand)
def init(
    folder: Annotated[Path, typer.Argument(help="新工作区的文件夹（不存在时自动创建）", metavar="文件夹")],
    unit: Annotated[str, typer.Option("--unit", "-u", help="单位名称，如 XX县人民政府办公室")],
    year: YearOpt = None,
    kinds: Annotated[
        str | None,
        typer.Option("--kinds", "-k", help="要建立的台账，用逗号分隔，如 收文,发文,信访（默认全部八种）"),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已有的同名文件")] = False,
    debug: DebugOpt = False,
) -> None:
    """新建工作区：设置文件 summarize.toml（含中文注释）、每种台账一个 Excel 登记簿（表头、日期格式、下拉选项、
    填表说明）、总结素材.md 和 templates/ 说明。已有同名文件时不覆盖（除非加 --force）。"""
    with _errors_explained(debug):
        from datetime import date

        from summarize.scaffold import init_workspace

        chosen = (
            [k.strip() for k in kinds.replace("，", ",").replace("、", ",").split(",") if k.strip()]
            if kinds
            else None
        )
        written = init_workspace(folder, unit, year or date.today().year, chosen, force)
        print(f"已在“{folder}”中新建工作区，共 {len(written)} 个文件：")
        for path in written:
            print(f"  {path.relative_to(folder)}")
        print(f"把台账填好后运行：summarize check {folder}")


@app.command(cls=ChineseCommand)
def demo(
    output: Annotated[Path, typer.Option("-o", "--output", help="输出文件夹")] = Path("out"),
    debug: DebugOpt = False,
) -> None:
    """用自带的示例工作区演示：检查台账，并把年终总结和最近一个月的月报（Word 和 Excel）写入输出文件夹。"""
    with _errors_explained(debug):
        ws = _open(None, sample=True)
        from summarize.show import plain, print_check

        console = _console()
        console.print(plain(f"示例工作区：{ws.path}"))
        print_check(ws, console)
        from summarize import documents
        from summarize.output import make_folder

        year = ws.year
        _tell_written(documents.write(documents.plan_in(ws, make_folder(output), year)))
        _write_months(ws, [(year, ws.last_month(year))], output, None, None)


@app.command(cls=ChineseCommand)
def doctor(
    output: Annotated[Path, typer.Option("-o", "--output", help="要检查能否写入的输出文件夹")] = Path("out"),
    debug: DebugOpt = False,
) -> None:
    """检查这台电脑：Python 和程序包版本、节假日数据收录的年份、图表和公文字体（已安装还是被代替）、
    LibreOffice、缓存文件夹、输出文件夹能否写入。每项一行；有妨碍生成文档的问题时退出码为 1。"""
    with _errors_explained(debug):
        from summarize.doctor import ERROR, findings
        from summarize.show import plain

        console = _console()
        results = findings(output)
        for finding in results:
            style = {"正常": "green", "注意": "yellow"}.get(finding.level, "red")
            console.print(plain(finding.line()), style=style, soft_wrap=True)
    raise typer.Exit(1 if any(f.level == ERROR for f in results) else 0)


@app.command(cls=ChineseCommand)
def serve(
    folder: WorkspaceArg = None,
    port: Annotated[int, typer.Option("--port", "-p", help="端口号", min=1, max=65535)] = 8765,
    host: Annotated[
        str, typer.Option("--host", help="监听地址；默认只允许本机访问，改为 0.0.0.0 则局域网内都能访问")
    ] = "127.0.0.1",
    browser: Annotated[
        bool,
        typer.Option(
            "--browser/--no-browser", help="启动后自动打开浏览器（--no-browser 不打开）", show_default=False
        ),
    ] = True,
    max_upload: Annotated[int, typer.Option("--max-upload", help="每次上传的合计大小上限（MB）", min=1)] = 50,
    asof: AsofOpt = None,
    sample: SampleOpt = False,
    debug: DebugOpt = False,
) -> None:
    """在浏览器中使用：启动本机网页，上传台账、查看问题和统计、预览年终总结和月报、编辑素材、下载 Word 和 Excel。

    网页只在本机打开（http://127.0.0.1:8765），不需要联网；按 Ctrl+C 停止。文件夹不存在时自动新建。
    """
    with _errors_explained(debug):
        import errno
        import socket

        from summarize.errors import SummarizeError

        if sample:
            if folder is not None:
                raise SummarizeError("不能同时给出工作区文件夹和 --sample")
            folder = _sample_copy()
        folder = (folder or Path.cwd()).expanduser()
        if not folder.exists():
            folder.mkdir(parents=True)
            print(f"已新建工作区文件夹“{folder}”")
        elif not folder.is_dir():
            raise SummarizeError(f"“{folder}”不是文件夹；请给出存放台账的文件夹")
        from summarize.periods import parse_asof
        from summarize.web.app import LOOPBACK_HOSTS, create_app

        asof_day = parse_asof(asof) if asof else None

        loopback = host in LOOPBACK_HOSTS
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            try:
                # As uvicorn binds: a port whose last server just stopped (connections in TIME_WAIT) is free.
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                probe.bind((host, port))
            except OSError as exc:
                why = "端口已被占用" if exc.errno == errno.EADDRINUSE else exc.strerror
                raise SummarizeError(
                    f"无法在 {host}:{port} 上启动（{why}）；请用 --port 换一个端口，如 --port {port + 1}"
                ) from exc
        import uvicorn

        web = create_app(
            folder, max_upload_mb=max_upload, allowed_hosts=None if loopback else ["*"], asof=asof_day
        )
        address = f"http://{'127.0.0.1' if host in ('127.0.0.1', '0.0.0.0') else host}:{port}/"
        print(f"工作区：{folder.resolve()}")
        print(f"请在浏览器中打开 {address}（按 Ctrl+C 停止）")
        if not loopback:
            print("注意：已允许局域网内其他电脑访问本工作区，请只在可信的内部网络中这样做。")
        if browser:
            import webbrowser

            webbrowser.open(address)
        uvicorn.run(web, host=host, port=port, log_level="warning")


def _sample_copy() -> Path:
    """A fresh copy of the sample workspace in a temporary folder, so the page can change it freely."""
    import shutil
    import tempfile

    from summarize.workspace import sample_path

    target = Path(tempfile.mkdtemp(prefix="summarize-示例-")) / "示例工作区"
    shutil.copytree(sample_path(), target)
    return target


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:  # noqa: ANN001
    """A warning meant for the user (:class:`SummarizeWarning`, in Chinese) as "注意：…"; others as Python does."""
    import warnings

    from summarize.errors import SummarizeWarning

    if issubclass(category, SummarizeWarning):
        print(f"注意：{message}", file=sys.stderr)
    else:
        sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))


class _errors_explained:
    """Turn a :class:`SummarizeError` into its Chinese message and exit code; a bug into a short apology."""

    def __init__(self, debug: bool) -> None:
        self.debug = debug

    def __enter__(self) -> None:
        import warnings

        warnings.showwarning = _show_warning
        return None

    def __exit__(self, exc_type: type | None, exc: BaseException | None, tb: object) -> bool:
        if exc is None or isinstance(exc, typer.Exit | KeyboardInterrupt | SystemExit):
            return False
        from summarize.errors import SummarizeError

        if self.debug:  # the whole call stack first, then the same sentence and exit code as without --debug
            import traceback

            traceback.print_exception(exc)
        if isinstance(exc, SummarizeError):
            print(f"错误：{exc.message}", file=sys.stderr)
            raise SystemExit(exc.exit_code)
        if self.debug:
            print(
                f"程序内部错误（{type(exc).__name__}），调用栈见上。请把以上输出发给维护人员。",
                file=sys.stderr,
            )
        else:
            print(
                f"程序内部错误（{type(exc).__name__}: {exc}）。请加 --debug 重新运行，并把输出发给维护人员。",
                file=sys.stderr,
            )
        raise SystemExit(2)


def main() -> None:
    """Entry point of the ``summarize`` command."""
    from summarize.cli_zh import run

    run(app)

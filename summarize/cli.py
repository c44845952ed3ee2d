"""The ``summarize`` command: a thin shell over :class:`summarize.workspace.Workspace`.

Each command opens the workspace, calls one engine function and prints the result. Heavy libraries are
imported inside the commands so that ``summarize --help`` starts at once.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from summarize.workspace import Workspace

app = typer.Typer(
    help="从办公室台账（收文、发文、信访、信息、督办、会议、大事记、工作量）生成统计数字、年终总结和月报。",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)

WorkspaceArg = Annotated[
    Path | None, typer.Argument(help="存放台账的文件夹（默认当前文件夹）", show_default=False)
]
SampleOpt = Annotated[bool, typer.Option("--sample", help="使用自带的示例工作区")]
DebugOpt = Annotated[bool, typer.Option("--debug", help="出错时显示完整的程序调用栈（供开发人员排查）")]


def _console():  # noqa: ANN202 - rich is imported lazily
    from rich.console import Console

    return Console(highlight=False)


def _open(folder: Path | None, sample: bool) -> Workspace:
    from summarize.workspace import Workspace, sample_path

    if sample and folder is not None:
        from summarize.errors import SummarizeError

        raise SummarizeError("不能同时给出工作区文件夹和 --sample")
    return Workspace(sample_path() if sample else (folder or Path.cwd()))


@app.command()
def check(folder: WorkspaceArg = None, sample: SampleOpt = False, debug: DebugOpt = False) -> None:
    """检查台账：逐个文件列出台账种类、年度和行数（计入/未计入/跳过），再列出每个问题及其位置。

    没有错误时退出码为 0，有错误（有行未计入或文件无法读取）时为 1，无法运行（如文件夹不存在）时为 2。
    """
    with _errors_explained(debug):
        ws = _open(folder, sample)
        from summarize.show import print_check

        errors = print_check(ws, _console())
    raise typer.Exit(1 if errors else 0)


@app.command()
def demo(
    output: Annotated[Path, typer.Option("-o", "--output", help="输出文件夹")] = Path("out"),
    debug: DebugOpt = False,
) -> None:
    """用自带的示例工作区演示：检查台账并打印汇总。"""
    with _errors_explained(debug):
        ws = _open(None, sample=True)
        from summarize.show import print_check

        console = _console()
        console.print(f"示例工作区：{ws.path}")
        print_check(ws, console)


class _errors_explained:
    """Turn a :class:`SummarizeError` into its Chinese message and exit code; a bug into a short apology."""

    def __init__(self, debug: bool) -> None:
        self.debug = debug

    def __enter__(self) -> None:
        return None

    def __exit__(self, exc_type: type | None, exc: BaseException | None, tb: object) -> bool:
        if exc is None or isinstance(exc, typer.Exit | KeyboardInterrupt | SystemExit):
            return False
        from summarize.errors import SummarizeError

        if self.debug:
            return False
        if isinstance(exc, SummarizeError):
            print(f"错误：{exc.message}", file=sys.stderr)
            raise SystemExit(exc.exit_code)
        print(
            f"程序内部错误（{type(exc).__name__}: {exc}）。请加 --debug 重新运行，并把输出发给维护人员。",
            file=sys.stderr,
        )
        raise SystemExit(2)


def main() -> None:
    """Entry point of the ``summarize`` command."""
    app()

"""Chinese for the parts of the command line that typer and its bundled click write themselves: the usage line,
the help panels, the help option, and usage errors ("No such option" …), so a clerk never meets English.

The strings are set on our own command classes and at our boundary (``run``), not patched inside click.
"""

from __future__ import annotations

import re
import sys
from typing import Any

import typer
from typer import rich_utils
from typer.core import TyperCommand, TyperGroup

HELP_OPTION_TEXT = "显示本帮助并退出"
_USAGE_WORDS = (
    ("Usage:", "用法："),
    ("[OPTIONS]", "[选项]"),
    ("COMMAND", "命令"),
    ("[ARGS]...", "[参数]..."),
)
_ERRORS = (
    (
        r"No such option: (\S+)(?: Did you mean (\S+)\?)?",
        lambda m: f"没有选项 {m[1]}" + (f"，是不是 {m[2]}？" if m[2] else ""),
    ),
    (r"No such command '(.+)'\.", lambda m: f"没有命令“{m[1]}”"),
    (r"Missing argument '(.+)'\.", lambda m: f"缺少参数 {m[1]}"),
    (r"Missing option '(.+)'\.", lambda m: f"缺少选项 {m[1]}"),
    (r"Missing command\.", lambda m: "缺少命令"),
    (r"Option '(.+)' requires an argument\.", lambda m: f"选项 {m[1]} 需要给出一个值"),
    (r"Got unexpected extra arguments? \((.+)\)", lambda m: f"多余的参数：{m[1]}"),
    (r"Invalid value for (.+?): .*valid integer.*", lambda m: f"{_names(m[1])} 应为整数"),
    (
        r"Invalid value for (.+?): Input should be (less|greater) than or equal to (\S+?)\.?",
        lambda m: f"{_names(m[1])} 应{'不大于' if m[2] == 'less' else '不小于'} {m[3]}",
    ),
    (
        r"Invalid value for (.+?): '?(\S+?)'? is not in the range (\S+?)<=x<=(\S+?)\.",
        lambda m: f"{_names(m[1])} 应在 {m[3]} 到 {m[4]} 之间，而不是 {m[2]}",
    ),
    (r"Invalid value for (.+?): (.+)", lambda m: f"{_names(m[1])} 的值无效：{m[2]}"),
)

rich_utils.ARGUMENTS_PANEL_TITLE = "参数"
rich_utils.OPTIONS_PANEL_TITLE = "选项"
rich_utils.COMMANDS_PANEL_TITLE = "命令"
rich_utils.ERRORS_PANEL_TITLE = "错误"
rich_utils.DEFAULT_STRING = "[默认：{}]"
rich_utils.REQUIRED_LONG_STRING = "[必填]"
rich_utils.ABORTED_TEXT = "已取消。"


def _names(quoted: str) -> str:
    """'--year' / '-y' → --year/-y"""
    return "/".join(part.strip(" '\"") for part in quoted.split("/"))


def _usage(text: str) -> str:
    for english, chinese in _USAGE_WORDS:
        text = text.replace(english, chinese)
    return text


# The value types typer shows beside each option, in the words a clerk reads; a flag needs none.
_TYPE_WORDS = {
    "<bool>": "",
    "<int>": "<整数>",
    "<int range>": "<整数>",
    "<float>": "<数>",
    "<str>": "<文字>",
    "<path>": "<路径>",
    "<file>": "<文件>",
    "<dir>": "<文件夹>",
}


def _chinese_type(param: Any) -> None:
    """Show ``param``'s value type in Chinese in the help panels (set on the parameter, once)."""
    english = param.display_type
    param.display_type = lambda ctx: _TYPE_WORDS.get(english(ctx), english(ctx))
    param.chinese_type = True


class _Chinese:
    """Mixed into typer's command classes: Chinese usage line, help option and value types."""

    def get_params(self, ctx: Any) -> list[Any]:
        params = super().get_params(ctx)  # type: ignore[misc]
        for param in params:
            if hasattr(param, "display_type") and not getattr(param, "chinese_type", False):
                _chinese_type(param)
        return params

    def get_usage(self, ctx: Any) -> str:
        return _usage(super().get_usage(ctx))  # type: ignore[misc]

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP_OPTION_TEXT
        return option


class ChineseGroup(_Chinese, TyperGroup):
    """The ``summarize`` command group, speaking Chinese."""


class ChineseCommand(_Chinese, TyperCommand):
    """A ``summarize`` sub-command, speaking Chinese."""


def translate_error(message: str) -> str:
    """A click usage error in Chinese; an untranslated one is kept as it is."""
    for pattern, chinese in _ERRORS:
        m = re.fullmatch(pattern, message.strip())
        if m:
            return chinese(m)
    return message


def run(app: typer.Typer) -> None:
    """Run the app; usage errors are printed in Chinese with exit code 2."""
    command = typer.main.get_command(app)
    try:
        code = command.main(prog_name="summarize", standalone_mode=False)
    except Exception as exc:  # the bundled click's UsageError and Abort, whose module path varies by version
        ctx = getattr(exc, "ctx", None)
        if type(exc).__name__ == "NoArgsIsHelpError":  # typer has printed the help already
            sys.exit(0)
        if type(exc).__name__ == "Abort":
            print("已取消。", file=sys.stderr)
            sys.exit(1)
        if not hasattr(exc, "format_message") or not hasattr(exc, "exit_code"):
            raise
        hint = f"\n运行“{_usage(ctx.command_path) if ctx else 'summarize'} --help”查看用法。"
        print(f"用法错误：{translate_error(exc.format_message())}{hint}", file=sys.stderr)
        sys.exit(exc.exit_code)
    sys.exit(code if isinstance(code, int) else 0)

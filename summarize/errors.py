"""Errors a user can act on: one Chinese sentence, with where it happened, and the exit code it means."""

from __future__ import annotations


class SummarizeError(Exception):
    """A failure to explain to the user, not a bug: the CLI prints ``message`` and exits with ``exit_code``.

    ``exit_code`` is 2 when the command cannot run at all (missing folder, bad configuration, unwritable output)
    and 1 when it ran but the data has errors.
    """

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code


class SummarizeWarning(UserWarning):
    """Something the user should check though the command went on (one Chinese sentence): the CLI prints it
    as "注意：…"."""


def where(file: str, sheet: str | None = None, row: int | None = None, column: str | None = None) -> str:
    """The location of a cell as a clerk would look it up: 文件“…” 工作表“…” 第N行 C列（收文日期）."""
    parts = [f"文件“{file}”"]
    if sheet:
        parts.append(f"工作表“{sheet}”")
    if row is not None:
        parts.append(f"第{row}行")
    if column:
        parts.append(column)
    return " ".join(parts)

"""Where the files shipped with summarize are: ``templates/`` (the text and Word templates) and ``data/`` (the
sample workspace) sit at the top of the project and are installed inside the package by the build (hatch's
force-include in pyproject.toml puts them at ``summarize/templates`` and ``summarize/data``)."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def bundled(*parts: str) -> Path:
    """The shipped file or folder ``parts`` (say "templates", "report.docx"): inside the installed package, or
    at the top of the source tree when summarize runs from there (an editable install, tests)."""
    installed = PACKAGE.joinpath(*parts)
    return installed if installed.exists() else PACKAGE.parent.joinpath(*parts)

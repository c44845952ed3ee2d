"""summarize — 从办公室台账生成统计数字、年终总结和月报。

``summarize.open(folder)`` gives a :class:`~summarize.workspace.Workspace`; the ``summarize`` command is a thin
shell over the same object. Names are imported on first use so that ``summarize --help`` starts without pandas.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["SummarizeError", "Workspace", "open", "sample_path"]

if TYPE_CHECKING:
    from summarize.errors import SummarizeError
    from summarize.workspace import Workspace, open, sample_path


def __getattr__(name: str) -> Any:
    if name == "SummarizeError":
        from summarize.errors import SummarizeError

        return SummarizeError
    if name in {"Workspace", "open", "sample_path"}:
        from summarize import workspace

        return getattr(workspace, name)
    raise AttributeError(f"module 'summarize' has no attribute {name!r}")

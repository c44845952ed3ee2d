"""The ``Workspace``: a folder of registers and its settings, and every view the engine computes from it.

The CLI and notebooks use the same object::

    import summarize
    ws = summarize.open("~/台账/2025")
    ws.registers["收文"]      # the rows, with _file / _sheet / _row
    ws.problems               # what could not be read, located as Excel shows it
"""

from __future__ import annotations

from datetime import date
from functools import cached_property
from importlib import resources
from pathlib import Path

import pandas as pd

from summarize.config import Settings, load_settings
from summarize.errors import SummarizeError
from summarize.ingest import Ingested, SheetReport, read_workspace
from summarize.ingest.problems import problems_frame


def sample_path() -> Path:
    """The bundled sample workspace (示例县人民政府办公室, 2024 and 2025)."""
    return Path(str(resources.files("summarize").joinpath("data", "sample")))


class Workspace:
    """A workspace folder: registers read lazily on first use, settings read at once (so errors show early)."""

    def __init__(self, path: str | Path, today: date | None = None) -> None:
        self.path = Path(path).expanduser()
        if not self.path.exists():
            raise SummarizeError(f"工作区文件夹“{self.path}”不存在")
        if not self.path.is_dir():
            raise SummarizeError(f"“{self.path}”不是文件夹；请给出存放台账的文件夹")
        self.settings: Settings = load_settings(self.path)
        self._today = today

    def __repr__(self) -> str:
        return f"<Workspace {self.path} 单位={self.unit!r}>"

    @cached_property
    def ingested(self) -> Ingested:
        """Everything read from the registers (computed once)."""
        return read_workspace(self.path, self.settings, self._today)

    @property
    def registers(self) -> dict[str, pd.DataFrame]:
        """Accepted records by kind (收文, 发文, …); a kind with no file is absent, not empty."""
        return self.ingested.registers

    @property
    def problems(self) -> pd.DataFrame:
        """Every problem found while reading, with 级别, 文件, 工作表, 行, 列, 原值, 说明."""
        return problems_frame(self.ingested.problems)

    @property
    def sheets(self) -> list[SheetReport]:
        """One report per sheet read: kind, year and how its rows were accounted for."""
        return self.ingested.sheets

    @property
    def unit(self) -> str:
        """The unit's name from the settings, or the folder's name when the settings do not give one."""
        return self.settings.unit or self.path.name

    @property
    def year(self) -> int:
        """The report year: from the settings, else the latest year with register data."""
        if self.settings.year:
            return self.settings.year
        years = [s.year for s in self.sheets if s.year]
        if not years:
            raise SummarizeError("无法确定年度：台账中没有可识别的日期，请在 summarize.toml 中设置 year")
        return max(years)

    def reconciliation(self) -> pd.DataFrame:
        """Per sheet: 读取 = 计入 + 未计入 + 空行 + 合计行 + 重复 (every row read is accounted for)."""
        rows = [
            {
                "文件": s.file,
                "工作表": s.sheet or "",
                "台账": s.kind or "",
                "年度": s.year,
                "读取行数": s.counts.read,
                "计入": s.accepted,
                "未计入": s.counts.rejected,
                "空行": s.counts.blank,
                "合计行": s.counts.totals,
                "重复": s.duplicates,
                "备注": s.note,
            }
            for s in self.sheets
        ]
        frame = pd.DataFrame(rows)
        frame["年度"] = frame["年度"].astype("Int64")
        return frame


def open(path: str | Path) -> Workspace:  # noqa: A001 - mirrors the CLI: summarize.open(folder)
    """Open a workspace folder; registers are read on first use."""
    return Workspace(path)

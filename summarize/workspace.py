"""The ``Workspace``: a folder of registers and its settings, and every view the engine computes from it.

The CLI and notebooks use the same object::

    import summarize
    ws = summarize.open("~/台账/2025")
    ws.registers["收文"]      # the rows, with _file / _sheet / _row
    ws.problems               # what could not be read, located as Excel shows it
    ws.annual(2025)           # 指标, 单位, 本年, 上年, 同比, 目标, 完成率
    ws.monthly(2025, 11)      # 本月, 上月, 环比, 上年同月, 同比, 本年累计, 上年同期累计, 累计同比
    ws.trace("收文", 2025)     # the register rows behind a figure

``summarize.open(folder, asof="2025-12-15")`` runs every figure to that day (default today); what "as of" means
for each view is decided in :mod:`summarize.periods`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from summarize.config import Settings, load_settings
from summarize.errors import SummarizeError
from summarize.ingest import Ingested, SheetReport, read_workspace
from summarize.ingest.problems import problems_frame

if TYPE_CHECKING:
    from summarize.layout import Layout
    from summarize.metrics import Metric
    from summarize.report.model import Report
    from summarize.report.monthly import MonthlyReport
    from summarize.verify import Verification


def sample_path() -> Path:
    """The bundled sample workspace (示例县人民政府办公室, 2024 and 2025)."""
    from summarize.bundled import bundled

    return bundled("data", "sample")


class Workspace:
    """A workspace folder: registers read lazily on first use, settings read at once (so errors show early).

    With ``unit`` (one of :attr:`units`), the workspace as that 下属单位 sees it: only its rows count, and its
    reports are titled and signed with its name.
    """

    def __init__(
        self,
        path: str | Path,
        today: date | None = None,
        asof: date | str | None = None,
        unit: str | None = None,
    ) -> None:
        from dataclasses import replace

        from summarize.periods import parse_asof

        self.path = Path(path).expanduser()
        if not self.path.exists():
            raise SummarizeError(f"工作区文件夹“{self.path}”不存在")
        if not self.path.is_dir():
            raise SummarizeError(f"“{self.path}”不是文件夹；请给出存放台账的文件夹")
        self.settings: Settings = load_settings(self.path)
        self.only_unit = unit
        if unit is not None:
            self.settings = replace(
                self.settings, unit=unit, report=replace(self.settings.report, signature=unit)
            )
        self._today = today
        self._asof = parse_asof(asof) if asof is not None else None
        if self._asof is not None and self._asof > self.today:
            raise SummarizeError(
                f"统计截止日{self._asof.isoformat()}晚于今天（{self.today.isoformat()}），台账还不会有那以后的登记"
            )
        self.from_cache = False
        self._whole: Workspace | None = None  # the whole workspace a unit's view was made from (for_unit)

    def __repr__(self) -> str:
        return f"<Workspace {self.path} 单位={self.unit!r}>"

    @property
    def today(self) -> date:
        """The date the workspace is read on (fixed in tests); years and months after it are still in progress."""
        return self._today or date.today()

    @property
    def asof(self) -> date:
        """The day the figures run to (``--asof``; default today): rows dated after it are not counted, items closed
        after it were open on it, and a period still in progress on it is compared like for like."""
        return self._asof or self.today

    @cached_property
    def ingested(self) -> Ingested:
        """Everything read from the registers (computed once; reused from the cache while no file changes)."""
        from summarize.cache import cached
        from summarize.ingest.sources import find_workspace_files

        found = find_workspace_files(self.path, self.settings.ignore)
        ingested, self.from_cache = cached(
            self.path,
            [*found[0], *found[1]],
            self.today,
            lambda: read_workspace(self.path, self.settings, self.today, found),
        )
        return ingested

    @cached_property
    def registers(self) -> dict[str, pd.DataFrame]:
        """Accepted records by kind (收文, 发文, …), each row with its 单位 (from a 单位 cell or its sub-folder);
        a kind with no file is absent, not empty. For a workspace opened for one unit, that unit's rows."""
        from summarize.units import UNIT_FIELD, assign_units, units_of

        unit = self.only_unit
        if unit is not None and self._whole is not None:
            # A view from for_unit, which checked the unit is one of the whole's: its rows of the whole's.
            whole, none = self._whole.registers, np.array([], dtype=np.intp)
            rows = self._whole._unit_rows
            return {k: f.take(rows[k].get(unit, none)).reset_index(drop=True) for k, f in whole.items()}
        registers = assign_units(self.ingested.registers)
        if unit is None:
            return registers
        if unit not in units_of(registers):
            known = "、".join(units_of(registers)) or "（无）"
            raise SummarizeError(f"没有单位“{unit}”。本工作区的单位：{known}")
        return {k: f[f[UNIT_FIELD] == unit].reset_index(drop=True) for k, f in registers.items()}

    @cached_property
    def _unit_rows(self) -> dict[str, dict[str, np.ndarray]]:
        """Per register kind, the positions of each unit's rows: a unit's view takes them, instead of matching
        its name against every row of every register again."""
        from summarize.units import UNIT_FIELD

        return {
            kind: frame.groupby(UNIT_FIELD, observed=True, sort=False).indices
            for kind, frame in self.registers.items()
        }

    @cached_property
    def _unit_derived_rows(self) -> dict[str, dict[str, np.ndarray]]:
        """Per register kind, the positions of each unit's rows in :attr:`derived`, which a unit's view takes."""
        from summarize.units import UNIT_FIELD

        return {
            kind: frame.groupby(UNIT_FIELD, observed=True, sort=False).indices
            for kind, frame in self.derived.items()
            if UNIT_FIELD in frame
        }

    @cached_property
    def units(self) -> list[str]:
        """The units (下属单位) the registers name, by sub-folder or 单位 column; empty for a single office."""
        from summarize.units import units_of

        return units_of(self.registers)

    def for_unit(self, unit: str) -> Workspace:
        """``Workspace(path, unit=unit)`` on the same day and as-of day, sharing what this one has read."""
        if unit not in self.units:
            raise SummarizeError(f"没有单位“{unit}”。本工作区的单位：{'、'.join(self.units) or '（无）'}")
        view = Workspace(self.path, today=self._today, asof=self._asof, unit=unit)
        view.__dict__["ingested"] = self.ingested  # cached_property's slot: the registers are not read twice
        # The whole whose rows and facts (once computed) the view takes its own from.
        view._whole = self if self.only_unit is None else None
        view.from_cache = self.from_cache
        return view

    @property
    def not_counted(self) -> str | None:
        """What the figures leave out, as ``report``, ``monthly`` and ``stats`` warn on stderr ("有1个文件未能读取、
        27行未计入：数字可能偏小……"); None when every file, sheet and row was read."""
        from summarize.ingest import not_counted

        return not_counted(self.sheets)

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
        """The unit's name: the settings' ``unit``, else the name most registers give in their title rows
        (登记单位：…), else the visible placeholder 【请补充：单位名称】 — never the folder's name."""
        from summarize.unit_name import UNIT_PLACEHOLDER, named_unit

        return self.settings.unit or named_unit(self.sheets) or UNIT_PLACEHOLDER

    @property
    def unit_known(self) -> bool:
        """Whether the settings or the registers name the unit (otherwise the documents ask for it)."""
        from summarize.unit_name import UNIT_PLACEHOLDER

        return self.unit != UNIT_PLACEHOLDER

    @property
    def year(self) -> int:
        """The report year: from the settings, else the latest year with register data up to the as-of day."""
        if self.settings.year:
            return self.settings.year
        years = [s.year for s in self.sheets if s.year and s.year <= self.asof.year]
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
        columns = [
            "文件",
            "工作表",
            "台账",
            "年度",
            "读取行数",
            "计入",
            "未计入",
            "空行",
            "合计行",
            "重复",
            "备注",
        ]
        frame = pd.DataFrame(rows, columns=columns)  # columns named even for a workspace with no files yet
        frame["年度"] = frame["年度"].astype("Int64")
        return frame

    def files(self) -> pd.DataFrame:
        """Per register file: 文件, 台账, 年度, 工作表, 读取, 计入, 未计入, 跳过 (空行, 合计行 and 重复) and 备注 —
        the table ``summarize check`` prints."""
        recon = self.reconciliation()
        rows = []
        for file, group in recon.groupby("文件", sort=False):
            rows.append(
                {
                    "文件": file,
                    "台账": "、".join(dict.fromkeys(k for k in group["台账"] if k)),
                    "年度": "、".join(str(y) for y in sorted(set(group["年度"].dropna().astype(int)))),
                    "工作表": len(group),
                    "读取": int(group["读取行数"].sum()),
                    "计入": int(group["计入"].sum()),
                    "未计入": int(group["未计入"].sum()),
                    "跳过": int(group[["空行", "合计行", "重复"]].to_numpy().sum()),
                    "备注": "；".join(dict.fromkeys(n for n in group["备注"] if n)),
                }
            )
        columns = ["文件", "台账", "年度", "工作表", "读取", "计入", "未计入", "跳过", "备注"]
        return pd.DataFrame(rows, columns=columns)

    # ---- metrics and statistics -------------------------------------------------------------------------

    @cached_property
    def derived(self) -> dict[str, pd.DataFrame]:
        """Registers with the status columns metrics filter on (已办结, 期限, 按期, 受理).

        A unit's view (:meth:`for_unit`) of a workspace that has derived its registers already takes its rows
        of them: every derived column is worked out from its own row (and the settings and as-of day, which
        the view shares), so they are the columns derived from the unit's rows alone."""
        from summarize.derive import derive
        from summarize.registers import kind_specs

        whole = self._whole
        if self.only_unit is not None and whole is not None and "derived" in whole.__dict__:
            own = {
                kind: whole.derived[kind].take(rows[self.only_unit]).reset_index(drop=True)
                for kind, rows in whole._unit_derived_rows.items()
                if self.only_unit in rows
            }
        else:
            own = {}
        specs, asof, calendar = kind_specs(), pd.Timestamp(self.asof), self.settings.holidays
        return {
            kind: own[kind]
            if kind in own
            else derive(
                kind,
                frame[~(frame[specs[kind].date_field] > asof).fillna(False).astype(bool)].reset_index(
                    drop=True
                ),
                self.settings.deadlines,
                self.settings.scoring,
                self.asof,
                calendar,
            )
            for kind, frame in self.registers.items()
        }

    def provisional_deadlines(self) -> pd.DataFrame:
        """Items whose working-day deadline was counted over a year with no published holiday schedule, per
        register file: 台账, 文件, 件数, 期限年份 (a list of years). Such deadlines are provisional (see
        :mod:`summarize.workdays`); the 口径 and ``check`` say so."""
        rows = []
        for kind, frame in self.derived.items():
            if "期限暂定" not in frame or not frame["期限暂定"].any():
                continue
            marked = frame[frame["期限暂定"]]
            for file, group in marked.groupby("_file", sort=False, observed=True):
                years = sorted({int(y) for y in group["期限"].dt.year.dropna()})
                rows.append({"台账": kind, "文件": file, "件数": len(group), "期限年份": years})
        return pd.DataFrame(rows, columns=["台账", "文件", "件数", "期限年份"])

    def after_asof(self) -> pd.DataFrame:
        """Rows dated after the as-of day, per register file: 文件, 台账, 行数, 最早日期, 最晚日期 — read, but not
        counted in any figure (reported once per file, not row by row)."""
        from summarize.registers import kind_specs

        asof, parts = pd.Timestamp(self.asof), []
        for kind, frame in self.registers.items():
            dates = frame[kind_specs()[kind].date_field]
            later = frame.loc[(dates > asof).fillna(False).astype(bool), ["_file"]].assign(
                日期=dates, 台账=kind
            )
            parts.append(later)
        columns = ["文件", "台账", "行数", "最早日期", "最晚日期"]
        if not parts or not any(len(p) for p in parts):
            return pd.DataFrame(columns=columns)
        rows = pd.concat(parts).groupby(["_file", "台账"], sort=False, observed=True)["日期"]
        table = rows.agg(["size", "min", "max"]).reset_index()
        table.columns = columns
        return table

    def notices(self) -> list[str]:
        """Sentences about what the figures leave out: one per register file with rows after the as-of day, and
        one when no register or setting names the unit."""
        from summarize.phrasing import chinese_date

        said = [
            f"文件“{row.文件}”中有{row.行数}条{row.台账}登记的日期晚于统计截止日{chinese_date(self.asof)}"
            f"（{chinese_date(row.最早日期.date())}至{chinese_date(row.最晚日期.date())}），未计入本次统计"
            for row in self.after_asof().itertuples(index=False)
        ]
        if not self.unit_known:
            said.append(
                "台账标题中没有“登记单位：……”之类的单位名称，设置中也没有写，文档中的单位名称以"
                '【请补充：单位名称】标出；请在 summarize.toml 中写明，如 unit = "某某县人民政府办公室"'
            )
        return said

    @cached_property
    def metrics(self) -> dict[str, Metric]:
        """The metrics this workspace can report (catalogue resolved against the registers it keeps)."""
        from summarize.metrics import check_targets, load_catalogue, resolve

        catalogue = load_catalogue(self.path, self.settings.metrics)
        metrics = resolve(catalogue, self.derived)
        check_targets(self.settings, catalogue, metrics)
        return metrics

    @cached_property
    def facts(self) -> pd.DataFrame:
        """The tidy facts table: 指标, 日期, 年, 月, 科室, breakdown fields, 值, _file, _sheet, _row, and the days
        each fact counts on (_from, _until: a closing counts from its 办结日期 on).

        A unit's view (:meth:`for_unit`) of a workspace that has its facts already takes its own from them
        (one filter instead of every metric's rows computed again, the same table)."""
        from summarize.metrics import compute_facts, unit_facts

        whole = self._whole
        if self.only_unit is not None and whole is not None and "facts" in whole.__dict__:
            return unit_facts(whole.facts, whole.metrics, self.metrics, self.derived, self.only_unit)
        return compute_facts(self.metrics, self.derived)

    @cached_property
    def coverage(self) -> dict[str, set[int]]:
        """The years each register kind covers: years with records, and years its files are for (from sheet,
        title or file name) even with no rows yet. Another year is missing, not zero."""
        from summarize.registers import kind_specs
        from summarize.stats import coverage_of

        coverage = coverage_of(self.registers, {k: s.date_field for k, s in kind_specs().items()})
        # A register file for a year with no rows yet still covers that year: its figures are a real 0.
        for sheet in self.sheets:
            if sheet.kind in coverage and sheet.year:
                coverage[sheet.kind].add(sheet.year)
        return coverage

    def annual(self, year: int | None = None, by: str | None = None) -> pd.DataFrame:
        """The annual statistics: 指标, 单位, 本年, 上年, 同比 (+ 目标, 完成率 where a target is set; targets are for
        the report year, ``ws.year``).

        With ``by`` (e.g. "科室", "采用级别", "信访形式") one row per metric and group.
        """
        from summarize.stats import annual

        year = year or self.year
        self._check_by(by)
        return self._view(
            ("annual", year, by),
            # 年度目标 are set for the report year; another year's figures are not measured against them.
            lambda: annual(
                self.facts, self.metrics, self.coverage, year, self._targets_for(year), by, self.asof
            ),
        )

    def monthly(
        self, year: int | None = None, month: int | None = None, by: str | None = None
    ) -> pd.DataFrame:
        """The monthly statistics for one month: 本月, 上月, 环比, 上年同月, 同比, 本年累计, 上年同期累计, 累计同比."""
        from summarize.stats import monthly

        year = year or self.year
        month = month or self.last_month(year)
        self._check_by(by)
        return self._view(
            ("monthly", year, month, by),
            lambda: monthly(self.facts, self.metrics, self.coverage, year, month, by, self.asof),
        )

    def ranking(
        self, by: str, metrics: list[str], year: int | None = None, month: int | None = None
    ) -> pd.DataFrame:
        """A 通报 table: one row per ``by`` group (科室, 单位 …), the ``metrics`` for the year (or the month), 排名 by
        the first metric with ties sharing a rank (并列), and a 汇总 row."""
        from summarize.stats import ranking

        year = year or self.year
        frame = self.monthly(year, month, by) if month else self.annual(year, by)
        return ranking(frame, self.metrics, by, metrics, "本月" if month else "本年")

    def overdue(self, asof: date | None = None) -> pd.DataFrame:
        """Items open or closed late as of ``asof`` (default: the workspace's as-of day): 台账, 事项, 责任单位, 期限, 状态 (在办, 超期,
        逾期办结), 超期天数 and where each is registered — the list offices publish, most overdue first."""
        from summarize.overdue import overdue_table
        from summarize.registers import kind_specs

        date_fields = {k: s.date_field for k, s in kind_specs().items()}
        return overdue_table(self.derived, date_fields, asof or self.asof)

    def month_series(self, year: int | None = None) -> pd.DataFrame:
        """Every metric month by month (指标 × 1…12) for trend charts."""
        from summarize.stats import month_series

        year = year or self.year
        return self._view(
            ("series", year),
            lambda: month_series(self.facts, self.metrics, self.coverage, year, self.asof),
        )

    def last_month(self, year: int) -> int:
        """The latest month of ``year`` that has any register record up to the as-of day."""
        months = self.facts.loc[self.facts["年"] == year, "月"].dropna()
        if months.empty:
            raise SummarizeError(f"{year}年没有任何台账记录")
        return int(months.max())

    def trace(self, metric: str, year: int | None = None, month: int | None = None) -> pd.DataFrame:
        """The register rows behind a figure, with _file, _sheet and _row; for a rate, the rows of both parts.

        The 值 column is what each row contributes (1 for a count, the field's value for a sum).
        """
        if metric not in self.metrics:
            known = "、".join(self.metrics)
            raise SummarizeError(f"没有指标“{metric}”。本工作区可用的指标：{known}")
        m = self.metrics[metric]
        parts = [m.numerator, m.denominator] if m.is_rate else [metric]
        from summarize.metrics import counts_on
        from summarize.periods import judged_on

        year = year or self.year
        facts = self.facts[self.facts["指标"].isin(parts) & (self.facts["年"] == year)]
        if month is not None:
            facts = facts[facts["月"] == month]
        # The rows behind the figure as the figure judges them: closed by the period's end (or the as-of day).
        facts = facts[counts_on(facts, pd.Timestamp(judged_on(self.asof, year, month)))]
        source = self.metrics[parts[0]].source
        register = self.derived[source]
        keys = ["_file", "_sheet", "_row"]
        rows = facts[["指标", "值", *keys]].astype({"指标": "str", "_file": "str", "_sheet": "str"})
        rows = rows.merge(register, on=keys, how="left")
        ordered = ["指标", *[c for c in register.columns if c not in keys], "值", *keys]
        return rows[ordered].reset_index(drop=True)

    # ---- documents --------------------------------------------------------------------------------------

    def sources(self, year: int) -> dict[str, str]:
        """Each metric's register files for ``year`` ("2025年收文登记簿.xlsx"), for the workbook's 口径 sheet; a
        rate names the files of its numerator and denominator."""
        files = self.facts[self.facts["年"] == year].groupby("指标", observed=True)["_file"].unique()
        out = {}
        for name, metric in self.metrics.items():
            parts = [metric.numerator, metric.denominator] if metric.is_rate else [name]
            found = sorted({str(f) for p in parts for f in files.get(p, [])})
            if found:
                out[name] = "、".join(found)
        return out

    def report(self, year: int | None = None, lang: str | None = None, appendix: str | None = None) -> Report:
        """The 年终总结 of ``year`` as a Report: ``.to_docx(path)`` (with the workspace's layout and Word template,
        as ``summarize report`` writes it), ``.to_markdown()``; displays in Jupyter. ``appendix="full"`` adds the
        附件 统计口径说明 to the one-page 主要指标统计表."""
        from summarize.gather import annual_inputs
        from summarize.report.annual import build_annual

        report = build_annual(annual_inputs(self, year or self.year, lang, appendix))
        report.layout, report.template = self.layout, self.template("report.docx")
        return report

    def monthly_report(
        self, year: int | None = None, month: int | None = None, lang: str | None = None
    ) -> MonthlyReport:
        """The 月报 of a month: ``.to_docx(path)`` (with the workspace's layout and Word template), ``.to_xlsx(path)``,
        ``.to_markdown()``; displays in Jupyter."""
        from summarize.gather import monthly_inputs
        from summarize.report.monthly import build_monthly

        year = year or self.year
        monthly = build_monthly(monthly_inputs(self, year, month or self.last_month(year), lang))
        monthly.report.layout, monthly.report.template = self.layout, self.template("report.docx")
        return monthly

    def write_report(
        self,
        folder: str | Path = "out",
        year: int | None = None,
        lang: str | None = None,
        fmt: str = "docx",
        comments: bool = False,
    ) -> list[Path]:
        """Write the 年终总结 into ``folder`` as ``summarize report`` does ("{单位}2025年工作总结.docx"; ``fmt``
        "pdf" or "md"); a file there edited by hand since it was written is kept and the new one numbered.
        ``comments`` (.docx only) puts a Word comment with its 口径 and source rows on each figure, as
        ``report --comments`` does."""
        from summarize import documents
        from summarize.output import make_folder

        if comments and fmt != "docx":
            raise SummarizeError('批注（comments）只用于 Word 文档（fmt="docx"）')
        year = year or self.year
        planned = documents.plan_in(self, make_folder(Path(folder)), year, None, fmt, lang, comments=comments)
        return [w.path for w in documents.write(planned)]

    def write_monthly(
        self,
        folder: str | Path = "out",
        year: int | None = None,
        month: int | None = None,
        lang: str | None = None,
        fmt: str = "docx",
    ) -> list[Path]:
        """Write the 月报 of a month into ``folder`` as ``summarize monthly`` does: the 统计表 .xlsx and the
        document (.docx, or ``fmt`` "pdf")."""
        from summarize import documents
        from summarize.output import make_folder

        year = year or self.year
        month = month or self.last_month(year)
        planned = documents.plan_in(self, make_folder(Path(folder)), year, month, fmt, lang)
        return [w.path for w in documents.write(planned)]

    def verify(self, path: str | Path, year: int | None = None) -> Verification:
        """核稿: every figure of the .docx at ``path`` (written by this tool and edited, or by hand) checked
        against this workspace's statistics: ``.frame()`` is the table (位置, 原文, 文中数字, 指标, 台账数字, 结论,
        说明), ``.exit_code`` 0 or 1, ``.annotate(out)`` writes a copy with comments. The file is never changed."""
        from summarize.verify import verify

        return verify(self, path, year)

    @property
    def layout(self) -> Layout:
        """The document layout: GB/T 9704 defaults with the settings' ``[layout]`` applied (built when the
        settings were read)."""
        return self.settings.layout

    def template(self, name: str) -> Path | None:
        """The workspace's own .docx template of that name in ``templates/``, if it has one."""
        path = self.path / "templates" / name
        return path if path.exists() else None

    def _view(self, key: tuple, compute: Callable[[], pd.DataFrame]) -> pd.DataFrame:
        """A statistics frame computed once per workspace (reports ask for the same ones repeatedly); callers get
        a copy, so changing it in a notebook does not change the next answer."""
        views = self.__dict__.setdefault("_views", {})
        if key not in views:
            views[key] = compute()
        return views[key].copy()

    def _targets_for(self, year: int) -> dict[str, float] | None:
        if not self.settings.targets:
            return None
        try:
            report_year = self.year
        except SummarizeError:  # no dated record at all: the year asked for (--year) is the report year
            report_year = year
        return self.settings.targets if year == report_year else None

    def _check_by(self, by: str | None) -> None:
        if by is not None and by not in self.facts.columns:
            options = [
                c
                for c in self.facts.columns
                if c not in ("指标", "日期", "年", "月", "值", "_file", "_sheet", "_row", "_from", "_until")
            ]
            raise SummarizeError(f"不能按“{by}”分组统计；可用的分组字段：{'、'.join(options)}")


def open(  # noqa: A001 - mirrors the CLI: summarize.open(folder)
    path: str | Path, asof: date | str | None = None, today: date | None = None, unit: str | None = None
) -> Workspace:
    """Open a workspace folder; registers are read on first use. ``asof`` ("2025-12-15" or a date; default
    today) is the day the figures run to, as ``--asof`` in the CLI; ``today`` fixes the day the registers are
    read on (future dates are flagged against it); ``unit`` opens it as one 下属单位 (only its rows, its name)."""
    return Workspace(path, today=today, asof=asof, unit=unit)

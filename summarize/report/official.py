"""The optional 公文 elements of a 月报 or 年终总结 sent on as a formal 报告 (GB/T 9704-2012 §7.2, §7.3.5, §7.4).

All are off unless set in ``summarize.toml``'s ``[report]`` table:

- ``issuer`` 发文机关标志 (the 红头, "示例县人民政府办公室文件" or the office's name), ``number`` 发文字号
  ("示政办〔2025〕12号"), ``signer`` 签发人 (an 上行文 names the one who signed it off);
- ``addressee`` 主送机关 (below the title, 顶格, ending with a full-width colon);
- ``cc`` 抄送, ``printer`` 印发机关 and ``print_date`` 印发日期: the 版记 at the end, between its lines;
- ``seal = true``: a 落款 for a seal, the date 右空四字 and the signature centred above it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from summarize.errors import SummarizeError

# 发文字号: 机关代字, the year in 六角括号 〔〕, the number without leading zeros, 号 (GB/T 9704 §7.2.4).
NUMBER_RE = re.compile(r"\S+〔(\d{4})〕([1-9]\d*)号")

# [report] keys of the elements → what a clerk calls them (for messages and the settings comments).
KEYS = {
    "issuer": "发文机关标志（红头）",
    "number": "发文字号",
    "signer": "签发人",
    "addressee": "主送机关",
    "cc": "抄送机关",
    "printer": "印发机关",
    "print_date": "印发日期",
    "seal": "加盖印章的落款",
}


@dataclass(frozen=True)
class OfficialMarks:
    """The 公文 elements a report carries; empty strings and None are elements left out."""

    issuer: str = ""
    number: str = ""
    signer: str = ""
    addressee: str = ""
    cc: str = ""
    printer: str = ""
    print_date: date | None = None
    seal: bool = False

    @property
    def has_record(self) -> bool:
        """Whether there is a 版记 (抄送, 印发) at the end."""
        return bool(self.cc or self.printer or self.print_date)


def check_number(number: str) -> str:
    """``number`` when it is a 发文字号 like "示政办〔2025〕12号", else a SummarizeError saying how to write it."""
    text = number.strip()
    if NUMBER_RE.fullmatch(text):
        return text
    hint = "应写成“示政办〔2025〕12号”这样：机关代字、用六角括号〔〕括起的四位年份、不编虚位的序号（12，不是012）和“号”"
    if re.search(r"[\[［(（【]\s*\d{4}\s*[\]］)）】]", text):
        hint += "；年份要用六角括号〔〕，不用方括号或圆括号"
    raise SummarizeError(f"发文字号“{number}”{hint}")


def marks_from_settings(report: dict[str, Any]) -> OfficialMarks | None:
    """The elements set in ``[report]`` (keys of :data:`KEYS`), or None when none is set."""
    values = {key: report[key] for key in KEYS if key in report}
    if not any(values.values()):
        return None
    if values.get("number"):
        values["number"] = check_number(values["number"])
    return OfficialMarks(**values)

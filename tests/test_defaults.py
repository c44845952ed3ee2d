"""The built-in office knowledge (deadline rules, 信息 points, closing words) comes from summarize/defaults.toml."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tomllib
from datetime import datetime, timedelta
from pathlib import Path

import pandas as pd

import summarize
from summarize.config import load_settings
from summarize.derive import CLOSED_WORDS, STATUS_FIELDS, Scoring, deadline_rule, derive
from summarize.workdays import DeadlineRule

PACKAGE = Path(summarize.__file__).parent
DEFAULTS = tomllib.loads((PACKAGE / "defaults.toml").read_text(encoding="utf-8"))


def test_built_in_rule_ladder_and_words_are_those_of_the_toml() -> None:
    rule = DEFAULTS["deadlines"]["信访"]
    assert deadline_rule("信访", {}) == DeadlineRule(rule["days"], rule["workdays"], rule["start_next_day"])
    ladder = dict(DEFAULTS["scoring"])
    bonus = ladder.pop("批示")
    assert dict(Scoring().levels) == ladder
    assert Scoring().bonus == bonus
    assert list(CLOSED_WORDS) == DEFAULTS["closing"]["words"]
    assert list(STATUS_FIELDS) == DEFAULTS["closing"]["fields"]


def test_petition_deadline_by_the_default_rule_is_counted_by_hand() -> None:
    registered = datetime(2025, 3, 1)
    records = pd.DataFrame({"登记日期": pd.Series([registered], dtype="datetime64[us]")})
    # 信访工作条例: natural days, counted from the day after 登记 — day 60 is 登记 + 60 days.
    due = derive("信访", records.assign(办结日期=pd.NaT), {})["期限"].iloc[0]
    assert due == registered + timedelta(days=60)


def test_settings_still_replace_the_defaults(tmp_path: Path) -> None:
    (tmp_path / "summarize.toml").write_text(
        '[deadlines."信访"]\ndays = 15\n[scoring]\n"省级" = 8\n"批示" = 2\n', encoding="utf-8"
    )
    settings = load_settings(tmp_path)
    assert settings.deadlines["信访"] == DeadlineRule(15)
    assert settings.scoring.levels["省级"] == 8 and settings.scoring.bonus == 2
    assert settings.scoring.levels["国家级"] == DEFAULTS["scoring"]["国家级"]


def test_changing_the_toml_changes_what_the_code_uses(tmp_path: Path) -> None:
    """The package's data files with other numbers in defaults.toml: the rule, the ladder, the closing words and
    the [scoring] table ``summarize init`` writes all follow it (they would not if the values lived in Python).
    A fresh interpreter reads the data from the copy, since the values are read once on import."""
    copy = tmp_path / "summarize"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    text = (copy / "defaults.toml").read_text(encoding="utf-8")
    for old, new in (("days = 60", "days = 45"), ('"省级" = 10', '"省级" = 7'), ('"批示" = 5', '"批示" = 4')):
        assert old in text
        text = text.replace(old, new)
    text = text.replace('"已答复", ', "")
    (copy / "defaults.toml").write_text(text, encoding="utf-8")
    probe = (
        "import importlib.resources, json, pathlib, sys\n"
        "real = importlib.resources.files\n"
        "importlib.resources.files = lambda p: pathlib.Path(sys.argv[1]) if p == 'summarize' else real(p)\n"
        "from summarize.derive import CLOSED_WORDS, Scoring, deadline_rule\n"
        "from summarize.scaffold import _scoring_section\n"
        "print(json.dumps({'days': deadline_rule('信访', {}).days, 'levels': dict(Scoring().levels),"
        " 'bonus': Scoring().bonus, 'words': list(CLOSED_WORDS), 'init': _scoring_section('某单位', 2025)}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(copy)], capture_output=True, text=True, check=True
    )
    seen = json.loads(done.stdout)
    assert seen["days"] == 45
    assert seen["levels"] == {"国家级": 20, "省级": 7, "市级": 3, "县级": 1}
    assert seen["bonus"] == 4
    assert "已答复" not in seen["words"] and "已办结" in seen["words"]
    assert '"省级" = 7  # 采用级别为省级的每条得分' in seen["init"]
    assert '"批示" = 4  # 获领导批示的加分' in seen["init"]

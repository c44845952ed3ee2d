"""The bad-input corpus, outputs side: names that decide where files go, and outputs that must not clobber.

A unit's name (from the settings or a 单位 cell) becomes part of a file name. Whatever it holds — "..", path
separators, characters Windows refuses, bidi overrides, device names, 300 characters — the file lands in the
output folder under a readable name, and nothing is written anywhere else. Expected names are spelled out here
by hand, not computed with the code under test.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from summarize.errors import SummarizeError
from summarize.output import MAX_NAME_BYTES, inside, make_folder, output_name
from summarize.written import RECORD_NAME

RECEIPTS = "收文号,收文日期,文件标题\nS1,2025-03-01,关于甲\nS2,2025-03-02,关于乙\n"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "summarize", *args], capture_output=True, text=True, cwd=cwd, timeout=300
    )


def workspace(folder: Path, unit: str, registers: str = RECEIPTS) -> Path:
    folder.mkdir(parents=True)
    (folder / "收文2025.csv").write_text(registers, encoding="utf-8")
    quoted = json.dumps(unit, ensure_ascii=False)  # a JSON string is a TOML basic string, control escapes too
    (folder / "summarize.toml").write_text(f"unit = {quoted}\nyear = 2025\n", encoding="utf-8")
    return folder


def every_file(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize(
    ("unit", "name"),
    [
        ("../../逃逸/x", "逃逸、x2025年工作总结.docx"),
        ("中共X县委办公室/X县人民政府办公室", "中共X县委办公室、X县人民政府办公室2025年工作总结.docx"),
        ("办公室\\C:\\x", "办公室、C：、x2025年工作总结.docx"),
        ('a<b>c:"d"|e?f*', "a＜b＞c：＂d＂｜e？f＊2025年工作总结.docx"),
        ("办公室\u202excod.exe", "办公室xcod.exe2025年工作总结.docx"),  # bidi override dropped
        ("办\x00公\x1f室\t一科", "办公室 一科2025年工作总结.docx"),
        ("NUL.科", "_NUL.科2025年工作总结.docx"),  # a device name on Windows whatever follows the dot
        (" .隐藏. ", "隐藏2025年工作总结.docx"),
    ],
)
def test_a_unit_name_from_the_settings_is_a_safe_file_name_in_the_output_folder(tmp_path, unit, name):
    folder = workspace(tmp_path / "ws", unit)
    cwd = tmp_path / "a" / "b"
    cwd.mkdir(parents=True)
    result = run("report", str(folder), cwd=cwd)
    assert result.returncode == 0, result.stderr
    assert every_file(tmp_path) == {
        "ws/收文2025.csv",
        "ws/summarize.toml",
        f"a/b/out/{name}",
        f"a/b/out/{RECORD_NAME}",
    }


def test_a_long_unit_name_is_shortened_to_fit_the_file_system(tmp_path):
    unit = "某某" * 150  # 300 characters, 900 bytes
    folder = workspace(tmp_path / "ws", unit)
    result = run("monthly", str(folder), "--month", "2025-03", "-o", str(tmp_path / "月报"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in (tmp_path / "月报").iterdir() if p.name != RECORD_NAME)
    assert len(names) == 2
    for name in names:
        assert len(name.encode()) <= 255
        stem = name.split("…")[0]
        assert set(stem) == {"某"} and len(stem) > 60  # as much of the name as fits, then "…"
    assert names[0].endswith("…2025年3月工作月报.docx") and names[1].endswith("…2025年3月工作统计.xlsx")


def test_output_name_room_for_a_copy_number():
    name = output_name("甲" * 200, "2025年工作总结.docx")
    assert len((name.replace(".docx", "（12）.docx")).encode()) <= MAX_NAME_BYTES


def test_each_unit_names_from_register_cells_stay_inside_and_do_not_collide(tmp_path):
    units = ["../../逃逸", "甲/乙", "甲、乙", "a\u202egpj.docx", "NUL"]
    rows = "".join(f"S{i},2025-03-0{i + 1},关于{i},{u}\n" for i, u in enumerate(units))
    folder = workspace(tmp_path / "ws", "县政府办", "收文号,收文日期,文件标题,单位\n" + rows)
    result = run(
        "report", str(folder), "--each-unit", "-o", str(tmp_path / "各单位"), "-j", "1", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert sorted(every_file(tmp_path / "各单位")) == sorted(
        [
            RECORD_NAME,
            "县政府办2025年工作总结.docx",
            "逃逸2025年工作总结.docx",
            "甲、乙2025年工作总结.docx",
            "甲、乙（2）2025年工作总结.docx",  # "甲/乙" and "甲、乙" would be one file
            "agpj.docx2025年工作总结.docx",
            "NUL2025年工作总结.docx",
        ]
    )
    assert "单位“甲、乙”的文件名与另一单位相同，改为“甲、乙（2）2025年工作总结.docx”" in result.stdout
    assert every_file(tmp_path) - {f"各单位/{n}" for n in every_file(tmp_path / "各单位")} == {
        "ws/收文2025.csv",
        "ws/summarize.toml",
    }


def test_a_symbolic_link_in_the_output_folder_pointing_outside_is_not_written_through(tmp_path):
    outside = tmp_path / "别处.docx"
    outside.write_bytes(b"not yours")
    out = tmp_path / "ws" / "out"
    folder = workspace(tmp_path / "ws", "测试办公室")
    out.mkdir()
    (out / "测试办公室2025年工作总结.docx").symlink_to(outside)
    result = run("report", str(folder), cwd=folder)
    assert result.returncode == 2
    assert result.stderr == (
        "错误：输出文件“测试办公室2025年工作总结.docx”会写到输出文件夹“out”以外，已拒绝写入\n"
    )
    assert outside.read_bytes() == b"not yours"


@pytest.mark.parametrize("name", ["../x.docx", "a/b.docx", "..", ""])
def test_inside_refuses_names_that_leave_the_folder(tmp_path, name):
    with pytest.raises(SummarizeError, match="输出文件夹"):
        inside(tmp_path, name)


def test_an_output_folder_that_cannot_be_created_is_explained(tmp_path, monkeypatch):
    """Tests run as root, where a read-only folder does not stop mkdir: the refusal is simulated."""

    def refuse(self, *args, **kwargs):
        raise OSError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(Path, "mkdir", refuse)
    with pytest.raises(SummarizeError) as error:
        make_folder(tmp_path / "sub" / "deeper")
    assert error.value.message == (
        f"无法创建输出文件夹“{tmp_path / 'sub' / 'deeper'}”："
        f"没有在文件夹“{tmp_path}”中写文件的权限，请换一个输出位置"
    )
    (tmp_path / "文件").write_text("x")
    with pytest.raises(SummarizeError, match="已有同名的文件"):
        make_folder(tmp_path / "文件")


# ---- generated files edited by hand are never overwritten -------------------------------------------------


def test_report_and_monthly_never_overwrite_a_document_edited_since_they_wrote_it(tmp_path):
    folder = workspace(tmp_path / "ws", "测试办公室")
    out = tmp_path / "out"
    report, workbook, document = (
        "测试办公室2025年工作总结.docx",
        "测试办公室2025年3月工作统计.xlsx",
        "测试办公室2025年3月工作月报.docx",
    )
    for _ in range(2):  # unedited output is simply written again
        assert run("report", str(folder), cwd=tmp_path).returncode == 0
        assert run("monthly", str(folder), "--month", "2025-03", cwd=tmp_path).returncode == 0
    assert every_file(out) == {".summarize-written.json", report, workbook, document}
    (out / report).write_bytes((out / report).read_bytes() + b" ")  # the clerk saved it from Word
    (out / workbook).write_bytes(b"the clerk's own table")
    result = run("report", str(folder), cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.startswith(
        f"注意：“{report}”在上次生成之后被修改过（或不是本程序生成的），为免覆盖其中的修改，"
        "新文件保存为“测试办公室2025年工作总结（2）.docx”\n"
    )
    result = run("monthly", str(folder), "--month", "2025-03", cwd=tmp_path)
    assert "新文件保存为“测试办公室2025年3月工作统计（2）.xlsx”" in result.stdout
    assert (out / workbook).read_bytes() == b"the clerk's own table"
    assert every_file(out) == {
        ".summarize-written.json",
        report,
        workbook,
        document,
        "测试办公室2025年工作总结（2）.docx",
        "测试办公室2025年3月工作统计（2）.xlsx",
    }


def test_each_unit_keeps_a_hand_edited_unit_report(tmp_path):
    rows = "S1,2025-03-01,关于甲,甲镇\nS2,2025-03-02,关于乙,乙镇\n"
    folder = workspace(tmp_path / "ws", "县政府办", "收文号,收文日期,文件标题,单位\n" + rows)
    out = tmp_path / "各单位"
    assert run("report", str(folder), "--each-unit", "-o", str(out), "-j", "1", cwd=tmp_path).returncode == 0
    (out / "甲镇2025年工作总结.docx").write_bytes(b"edited")
    result = run("report", str(folder), "--each-unit", "-o", str(out), "-j", "1", cwd=tmp_path)
    assert result.returncode == 0 and "新文件保存为“甲镇2025年工作总结（2）.docx”" in result.stdout
    assert (out / "甲镇2025年工作总结.docx").read_bytes() == b"edited"
    assert every_file(out) == {
        ".summarize-written.json",
        "县政府办2025年工作总结.docx",
        "甲镇2025年工作总结.docx",
        "甲镇2025年工作总结（2）.docx",
        "乙镇2025年工作总结.docx",
    }


def test_a_damaged_record_means_nothing_is_taken_for_unedited(tmp_path):
    folder = workspace(tmp_path / "ws", "测试办公室")
    assert run("report", str(folder), cwd=tmp_path).returncode == 0
    (tmp_path / "out" / ".summarize-written.json").write_text(
        '{"files": [1, 2], "latest": "x"', encoding="utf-8"
    )
    result = run("report", str(folder), cwd=tmp_path)
    assert result.returncode == 0 and "新文件保存为“测试办公室2025年工作总结（2）.docx”" in result.stdout


# ---- outputs never overwrite an input; CSV cells never run as formulas ------------------------------------


@pytest.mark.parametrize(
    ("command", "name"),
    [
        (["stats", "WS", "-f", "csv"], "收文2025.csv"),
        (["stats", "WS", "-f", "xlsx"], "summarize.toml"),
        (
            ["trace", "收文", "WS", "-f", "csv"],
            "总结素材.md",
        ),  # not there yet, but the workspace would read it
        (["report", "WS"], "templates/report.docx"),
    ],
)
def test_an_output_over_a_workspace_input_is_refused(tmp_path, command, name):
    folder = workspace(tmp_path / "ws", "测试办公室")
    before = {p: (folder / p).read_bytes() for p in every_file(folder)}
    args = [str(folder) if a == "WS" else a for a in command]
    result = run(*args, "-o", str(folder / name), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == (
        f"错误：不能写入“{folder / name}”：这是工作区读取的文件（台账、设置、素材或模板），输出不能覆盖它；"
        "请用 -o 换一个文件名\n"
    )
    assert {p: (folder / p).read_bytes() for p in every_file(folder)} == before


HOSTILE = ['=HYPERLINK("http://evil.example","点我")', "+1+1", "-2+3", "@SUM(A1)", "\t=1+1"]


def test_csv_cells_that_excel_would_run_are_neutralised(tmp_path):
    import csv
    import io

    rows = "".join(
        f'S{i},2025-03-0{i + 1},"{t.replace(chr(34), chr(34) * 2)}",{t if i == 2 else "综合科"}\n'
        for i, t in enumerate(HOSTILE)
    )
    folder = workspace(tmp_path / "ws", "测试办公室", "收文号,收文日期,文件标题,承办科室\n" + rows)
    result = run("trace", "收文", str(folder), "-f", "csv", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    table = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["文件标题"] for r in table] == ["'" + t.strip() for t in HOSTILE]  # cells are read trimmed
    by = run("stats", str(folder), "--by", "科室", "-f", "csv", cwd=tmp_path)
    assert by.returncode == 0, by.stderr
    assert "'-2+3" in by.stdout and "\n-2+3" not in by.stdout and ",-2+3" not in by.stdout

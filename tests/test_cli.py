"""The command line as a clerk meets it: real processes, exit codes, Chinese messages, no tracebacks."""

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from summarize.workspace import Workspace, sample_path

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "summarize", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=300,
    )


def test_check_sample_reports_every_row_and_exits_1_for_its_planted_errors():
    result = run("check", "--sample")
    assert result.returncode == 1
    recon = Workspace(sample_path()).reconciliation()
    total = recon[["读取行数", "计入", "未计入", "空行", "合计行", "重复"]].sum()
    assert (
        f"合计读取 {total['读取行数']} 行 = 计入 {total['计入']} 行 + 未计入 {total['未计入']} 行"
        in result.stdout
    )
    assert "工作表“2月” 第148行 C列（收文日期）：日期不存在" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_clean_workspace_exits_0(tmp_path):
    (tmp_path / "收文2025.csv").write_text("收文日期,文件标题\n2025-03-01,a\n", encoding="utf-8")
    assert run("check", str(tmp_path)).returncode == 0


@pytest.mark.parametrize(
    "args, message",
    [
        (("check", "/no/such/folder"), "工作区文件夹“/no/such/folder”不存在"),
        (("stats", "--sample", "--month", "13"), "--month 应为 1 到 12"),
        (("stats", "--sample", "--format", "pdf"), "--format 只能是"),
        (("check", "--bogus"), "用法错误：没有选项 --bogus"),
        (("trace", "不存在的指标", "--sample"), "没有指标“不存在的指标”"),
        (("monthly", "--sample", "--month", "2025-13"), "--month 应写成 2025-11"),
        (("report", "--sample", "-o", "/no/such/folder/x.docx"), "输出文件夹“/no/such/folder”不存在"),
    ],
)
def test_usage_problems_exit_2_with_one_chinese_sentence(args, message):
    result = run(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_stats_json_and_csv_are_the_numbers_of_the_api():
    frame = Workspace(sample_path()).annual(2025).set_index("指标")
    records = {
        r["指标"]: r for r in json.loads(run("stats", "--sample", "--year", "2025", "-f", "json").stdout)
    }
    assert records["收文"]["本年"] == frame.loc["收文", "本年"]
    assert isinstance(records["收文"]["本年"], int)
    assert records["信息采用率"]["本年"] == pytest.approx(frame.loc["信息采用率", "本年"])
    csv = run("stats", "--sample", "--year", "2025", "--month", "11", "-f", "csv").stdout.splitlines()
    assert csv[0] == "指标,单位,本月,上月,环比,上年同月,同比,本年累计,上年同期累计,累计同比,说明"


def test_report_and_monthly_write_their_files(tmp_path):
    assert run("report", "--sample", "-o", str(tmp_path / "总结.docx")).returncode == 0
    assert run("report", "--sample", "--format", "md", "-o", str(tmp_path / "总结.md")).returncode == 0
    assert "## 一、主要工作完成情况" in (tmp_path / "总结.md").read_text(encoding="utf-8")
    result = run("monthly", "--sample", "--month", "2025-11", "-o", str(tmp_path))
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in tmp_path.iterdir())
    assert "示例县人民政府办公室2025年11月工作统计.xlsx" in names
    assert "示例县人民政府办公室2025年11月工作月报.docx" in names
    assert zipfile.is_zipfile(tmp_path / "总结.docx")


def test_demo_writes_the_annual_and_monthly_documents(tmp_path):
    result = run("demo", "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == [
        ".summarize-written.json",  # what the tool wrote, so that hand edits are never overwritten
        "示例县人民政府办公室2025年12月工作月报.docx",
        "示例县人民政府办公室2025年12月工作统计.xlsx",
        "示例县人民政府办公室2025年工作总结.docx",
    ]


def test_built_wheel_carries_data_and_templates_and_runs(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(dist),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next(dist.glob("summarize-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for needed in (
        "summarize/kinds.toml",
        "summarize/catalogue.toml",
        "summarize/work.toml",
        "summarize/templates/report.docx",
        "summarize/templates/年终总结/导语.j2",
        "summarize/data/sample/summarize.toml",
    ):
        assert needed in names
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site), str(wheel)],
        check=True,
        capture_output=True,
    )
    env = {"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"}
    where = subprocess.run(
        [sys.executable, "-c", "import summarize.cli; print(summarize.cli.__file__)"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
    )
    assert where.stdout.startswith(str(site))
    result = run("check", "--sample", cwd=tmp_path, env=env)
    assert result.returncode == 1 and "合计读取" in result.stdout
    # The whole demo from the wheel alone: the sample, the text templates and the Word template all found.
    result = run("demo", "-o", str(tmp_path / "out"), cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    written = sorted(p.name for p in (tmp_path / "out").iterdir() if not p.name.startswith("."))
    assert written == [
        "示例县人民政府办公室2025年12月工作月报.docx",
        "示例县人民政府办公室2025年12月工作统计.xlsx",
        "示例县人民政府办公室2025年工作总结.docx",
    ]


def test_monthly_all_writes_every_month_with_data(tmp_path):
    (tmp_path / "ws").mkdir()
    (tmp_path / "ws" / "收文2025.csv").write_text(
        "收文日期,文件标题\n2025-01-02,a\n2025-03-04,b\n", encoding="utf-8"
    )
    result = run("monthly", str(tmp_path / "ws"), "--year", "2025", "--all", "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == sorted(
        [".summarize-written.json"]
        # Neither the settings nor a register title name the unit: never the folder's name "ws".
        + [f"未命名单位2025年{m}月工作{kind}" for m in (1, 2, 3) for kind in ("统计.xlsx", "月报.docx")]
    )


@pytest.mark.parametrize("command", ["check", "stats", "trace", "report", "monthly", "init", "demo", "serve"])
def test_every_help_page_is_chinese(command):
    result = run(command, "--help", env={"COLUMNS": "200", "PATH": ""})
    assert result.returncode == 0
    for english in ("Usage", "Options", "Arguments", "<bool>", "<int", "<str>", "<path>", "default:"):
        assert english not in result.stdout, english
    assert "用法：" in result.stdout


def test_check_lists_ten_problems_of_a_shape_and_counts_the_rest(tmp_path):
    # 25 dates written 待定 and 3 written as a 13th month in one column; 2 numbers repeated (reasons that name
    # other rows and numbers are still one shape).
    rows = ["收文编号,收文日期,文件标题"]
    rows += [f"S{i},待定,关于{i}" for i in range(25)]
    rows += [f"T{i},2025年13月{i + 1}日,关于T{i}" for i in range(3)]
    rows += [f"U{i},2025-03-{i + 1:02d},关于U{i}" for i in range(12)]
    rows += [f"U{i},2025-03-{i + 1:02d},关于U{i}" for i in range(12)]
    (tmp_path / "收文2025.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    short = run("check", str(tmp_path)).stdout
    undated = [line for line in short.splitlines() if "（原值：待定）" in line]
    # Excel rows: header is row 1, the 待定 rows are 2..26; the first ten are listed, 12..26 are counted.
    assert [line.split("第")[1].split("行")[0] for line in undated] == [str(r) for r in range(2, 12)]
    assert "与“无法识别的日期，该行未计入”同类的问题还有15条未列出，在第12行至第26行之间" in short
    assert short.count("日期不存在") == 3  # a shape under ten is listed whole
    repeated = [line for line in short.splitlines() if "重复（" in line and "未列出" not in line]
    assert len([line for line in repeated if line.startswith("提示 文件")]) == 10
    assert "同类的问题还有2条未列出，在第52行至第53行之间" in short  # the 12 repeats are rows 42..53
    every = run("check", "--all", str(tmp_path)).stdout
    assert len([line for line in every.splitlines() if "（原值：待定）" in line]) == 25
    assert "未列出" not in every


def test_a_file_name_given_where_monthly_wants_a_folder_is_refused(tmp_path):
    result = run("monthly", "--sample", "--month", "2025-11", "-o", str(tmp_path / "月报.docx"))
    assert result.returncode == 2
    assert "像是文件名，这里要的是输出文件夹" in result.stderr
    assert list(tmp_path.iterdir()) == []

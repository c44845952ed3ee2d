"""The bundled Word template is what scripts/make_templates.py writes: the script runs, and the committed file
was not edited by hand or left behind by a change to the layout or the styles."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_make_templates_writes_the_committed_template(tmp_path):
    written = tmp_path / "report.docx"
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_templates.py"), str(written)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert "已生成模板" in done.stdout
    from summarize.render.docx import BUNDLED_TEMPLATE

    committed = BUNDLED_TEMPLATE.read_bytes()
    assert BUNDLED_TEMPLATE == ROOT / "templates" / "report.docx"  # the file in the source tree
    assert written.read_bytes() == committed

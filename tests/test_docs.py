"""The project's own documents point at files a reader of the repository has."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def test_relative_links_in_the_readme_and_docs_resolve():
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    checked = 0
    for page in pages:
        for target in LINK.findall(page.read_text(encoding="utf-8")):
            if "://" in target:
                continue
            assert (page.parent / target).resolve().is_relative_to(ROOT), f"{page.name}: {target}"
            assert (page.parent / target).exists(), f"{page.name}: {target}"
            checked += 1
    assert checked >= 3


def test_the_architecture_names_modules_that_exist():
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    assert "docs/architecture.md" in (ROOT / "README.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:[a-z_]+/)*[a-z_]+\.py)`", text))
    assert len(named) > 30
    for name in named:
        candidates = [
            ROOT / "summarize" / name,
            ROOT / name,
            *ROOT.glob(f"*/{name}"),
            *ROOT.glob(f"summarize/*/{name}"),
        ]
        assert any(c.is_file() for c in candidates), name

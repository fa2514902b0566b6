"""The docs' examples run: every ```python block of every page under docs/ and the README."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted([*ROOT.glob("docs/**/*.md"), ROOT / "README.md"])
BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


def _blocks(page: Path) -> list[str]:
    return BLOCK.findall(page.read_text(encoding="utf-8"))


@pytest.mark.parametrize("page", [p for p in PAGES if _blocks(p)], ids=lambda p: str(p.relative_to(ROOT)))
def test_page_examples_run(page: Path, tmp_path: Path, chinese: None) -> None:
    """Each python block of the page runs without error, in order, sharing one namespace."""
    namespace: dict[str, object] = {"__name__": f"docs:{page.name}"}
    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        for number, block in enumerate(_blocks(page), start=1):
            code = compile(block, f"{page.relative_to(ROOT)} block {number}", "exec")
            exec(code, namespace)  # noqa: S102 - running the docs' own examples is the point
    finally:
        os.chdir(cwd)


LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_resolve(page: Path) -> None:
    """Every relative link of the page points at a file or folder that exists."""
    text = page.read_text(encoding="utf-8")
    broken = [
        target for target in LINK.findall(text)
        if "://" not in target and not target.startswith("mailto:") and not (page.parent / target).exists()
    ]
    assert [] == broken

"""The gettext catalogs: every message has a translation in both languages, and the .mo files are current."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from edu_plan._i18n import gettext as _
from edu_plan._i18n import use_language

ROOT = Path(__file__).resolve().parent.parent


def _tool():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("i18n_tool", ROOT / "tools" / "i18n.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["i18n_tool"] = module
    spec.loader.exec_module(module)
    return module


def test_every_message_is_translated_in_both_catalogs_and_compiled() -> None:
    """Extract the ids from the source now: none may be missing from zh or en, untranslated, or stale in a .mo.

    Expected: an empty list of problems (each problem names the language and the id, or the .mo file).
    """
    assert _tool().problems() == []


@pytest.mark.parametrize(("lang", "expected"), [("zh", "已报送"), ("en", "reported")])
def test_the_compiled_catalog_is_what_gettext_reads(lang: str, expected: str) -> None:
    """The id "reported" (a reporting status) reads 已报送 in Chinese and stays "reported" in English."""
    with use_language(lang):
        assert _("reported") == expected

"""The one owner of language: translation through gettext catalogs, and the forms people read.

Everything a person reads goes through this module: messages are marked with :func:`gettext`
(``_``) where they are shown, or with :func:`lazy` (``N_``) where they are defined at import time,
so that they are translated in the language chosen when they are shown, not when the module was
imported (Sphinx's ``_TranslationProxy`` does the same). The language is Chinese unless a caller
asks for English: :func:`use_language` (a context manager), the ``EDU_PLAN_LANG`` environment
variable, or the CLI's ``--lang``.

Catalogs are gettext ``.po`` files managed with Babel (``tools/i18n.py`` extracts, updates and
compiles them) and shipped compiled under ``edu_plan/locale/<lang>/LC_MESSAGES/edu_plan.mo``.
The message ids are English; the ``zh`` catalog translates them, the ``en`` catalog confirms them.

Dates, periods and numbers for people are formatted here too, one function per form; machine
formats (plan files, JSON, CSV values) keep ISO dates and period ids and never come through here.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import gettext as _gettext
import os
from collections.abc import Iterator

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: the CLI's help is translated at start-up
if TYPE_CHECKING:
    from decimal import Decimal
    from typing import Any, Final

    import pendulum

    from edu_plan._periods import Period

__all__ = [
    "DEFAULT_LANGUAGE",
    "DOMAIN",
    "LANGUAGES",
    "LazyText",
    "current_language",
    "format_date",
    "format_decimal",
    "format_percent",
    "format_period",
    "gettext",
    "lazy",
    "ngettext",
    "normalize_language",
    "use_language",
]

DOMAIN: Final = "edu_plan"
LANGUAGES: Final = ("zh", "en")
"""The languages edu_plan speaks; the first is the default."""
DEFAULT_LANGUAGE: Final = "zh"
LOCALE_DIR: Final = os.path.join(os.path.dirname(__file__), "locale")  # not pathlib: start-up time

_ALIASES = {"zh": "zh", "zh_cn": "zh", "zh-cn": "zh", "zh_hans": "zh", "cn": "zh", "chinese": "zh", "en": "en"}
_chosen: contextvars.ContextVar[str | None] = contextvars.ContextVar("edu_plan_language", default=None)


def normalize_language(value: str) -> str:
    """``zh``/``zh_CN``/``zh-CN`` → ``zh``; ``en``/``en_US``/``en-GB`` → ``en``; anything else is an error."""
    key = value.strip().lower().replace("-", "_")
    if key.startswith("en_"):
        key = "en"
    if key not in _ALIASES:
        from edu_plan.errors import EduPlanError

        raise EduPlanError(gettext("'lang' must be one of {languages} (got {value!r})").format(
            languages=", ".join(LANGUAGES), value=value))
    return _ALIASES[key]


def current_language() -> str:
    """The language of what is shown now: the innermost :func:`use_language`, else ``EDU_PLAN_LANG``, else zh."""
    chosen = _chosen.get()
    if chosen is not None:
        return chosen
    env = os.environ.get("EDU_PLAN_LANG")
    if env:
        try:
            return normalize_language(env)
        except Exception:  # noqa: BLE001 - a bad variable must not break every message; Chinese is the default
            return DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


@contextlib.contextmanager
def use_language(lang: str | None) -> Iterator[str]:
    """Show everything inside the block in ``lang`` (``None`` keeps the current language)."""
    if lang is None:
        yield current_language()
        return
    token = _chosen.set(normalize_language(lang))
    try:
        yield _chosen.get() or DEFAULT_LANGUAGE
    finally:
        _chosen.reset(token)


@functools.cache
def _translations(lang: str) -> _gettext.NullTranslations:
    # The catalog's file named directly and read by gettext's own reader: gettext.translation would also
    # try zh_CN.gb2312, zh_CN… (through locale) and copy the result (through copy), none of which edu_plan ships.
    try:
        with open(os.path.join(LOCALE_DIR, lang, "LC_MESSAGES", DOMAIN + ".mo"), "rb") as file:
            return _gettext.GNUTranslations(file)
    except OSError:
        # A catalog not compiled yet (a development checkout before tools/i18n.py compile):
        # the English ids are shown rather than failing; the catalog test makes this visible.
        return _gettext.NullTranslations()


def gettext(message: str) -> str:
    """``message`` (an English id) in the current language."""
    return _translations(current_language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for ``n`` in the current language (Chinese has one form)."""
    return _translations(current_language()).ngettext(singular, plural, n)


class LazyText:
    """A message translated each time it is shown, in the language of that moment."""

    __slots__ = ("message",)

    def __init__(self, message: str) -> None:
        self.message = message

    def __str__(self) -> str:
        return gettext(self.message)

    def __repr__(self) -> str:
        return f"lazy({self.message!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LazyText) and other.message == self.message

    def __hash__(self) -> int:
        return hash(self.message)

    def format(self, *args: Any, **kwargs: Any) -> str:
        """The translated template filled with named values."""
        return str(self).format(*args, **kwargs)


def lazy(message: str) -> LazyText:
    """Mark ``message`` for translation when shown (the ``N_`` of module-level tables)."""
    return LazyText(message)


# -- forms people read --------------------------------------------------------------------------

# decimal is imported where a number is formatted, not with this module: the CLI's help needs none.


def format_decimal(value: Decimal | int | None) -> str:
    """A decimal as people write it: ``10``, ``0.25``, ``92.5``: no exponent, no trailing zeros, no ``-0``."""
    from decimal import Decimal

    if value is None:
        return "?"
    value = Decimal(value)
    if not value:
        value = abs(value)
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_percent(share: Decimal) -> str:
    """A share as a percentage rounded to hundredths: ``Decimal('0.803')`` → ``80.3%``."""
    from decimal import ROUND_HALF_UP, Decimal

    return f"{format_decimal((share * 100).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP))}%"


_EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December")  # fmt: skip


def format_date(day: pendulum.Date, lang: str | None = None) -> str:
    """A day for people: ``2027年12月31日``; in English ``31 December 2027``."""
    lang = normalize_language(lang) if lang else current_language()
    if lang == "en":
        return f"{day.day} {_EN_MONTHS[day.month - 1]} {day.year}"
    return f"{day.year}年{day.month}月{day.day}日"


def format_period(period: Period, lang: str | None = None) -> str:
    """A period for people: 2024年, 2024年第三季度, 2024年3月, 2024—2025学年, 2024—2025学年第一学期."""
    from edu_plan._periods import PeriodKind

    lang = normalize_language(lang) if lang else current_language()
    kind, year, index = period.kind, period.year, period.index
    if lang == "en":
        if kind is PeriodKind.YEAR:
            return str(year)
        if kind is PeriodKind.QUARTER:
            return f"Q{index} {year}"
        if kind is PeriodKind.MONTH:
            return f"{_EN_MONTHS[(index or 1) - 1]} {year}"
        if kind is PeriodKind.SCHOOL_YEAR:
            return f"school year {year}–{year + 1}"
        return f"{'first' if index == 1 else 'second'} semester of school year {year}–{year + 1}"
    if kind is PeriodKind.YEAR:
        return f"{year}年"
    if kind is PeriodKind.QUARTER:
        return f"{year}年第{'一二三四'[(index or 1) - 1]}季度"
    if kind is PeriodKind.MONTH:
        return f"{year}年{index}月"
    if kind is PeriodKind.SCHOOL_YEAR:
        return f"{year}—{year + 1}学年"
    return f"{year}—{year + 1}学年第{'一二'[(index or 1) - 1]}学期"

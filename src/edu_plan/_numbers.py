"""Numbers as plan texts write them: Arabic (with stray spaces, full-width digits) and Chinese (两, 三千六百)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from edu_plan._i18n import gettext as _

__all__ = [
    "CHINESE_NUMBER", "HUNDRED", "NUMBER", "ONE", "QUANTITY", "ZERO", "parse_number", "parse_quantity", "to_decimal",
]

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}

CHINESE_NUMBER = r"[零〇一二两三四五六七八九十百千万亿]+(?:点[零〇一二三四五六七八九]+)?"
"""A run of Chinese numeral characters (一百二十, 三千六百, 两, 十五, 九十二点五)."""

# Digits may be split by one space where a PDF or a typist put it ("3 600"), but only
# into groups of three, so that "2027 年 10 所" stays two numbers.
NUMBER = r"\d+(?:[,\s]\d{3})*(?:[.．]\d+)?"
"""An Arabic number as written in plan texts: 3600, 3 600, 3,600, 92.5, full-width digits."""


def _chinese_integer(text: str) -> int:
    total = 0
    section = 0
    digit: int | None = None
    for char in text:
        if char in _DIGITS:
            digit = _DIGITS[char] if digit is None else digit * 10 + _DIGITS[char]
        elif char in _SMALL_UNITS:
            # 十 alone means ten (十五 = 15), not zero times ten.
            section += (1 if digit is None else digit) * _SMALL_UNITS[char]
            digit = None
        elif char in _BIG_UNITS:
            section += digit if digit is not None else (0 if section else 1)
            total = (total + section) * _BIG_UNITS[char] if char == "亿" else total + section * _BIG_UNITS[char]
            section = 0
            digit = None
        else:
            raise ValueError(_("not a Chinese numeral: {text!r}").format(text=text))
    return total + section + (digit or 0)


def parse_number(text: str) -> Decimal | None:
    """The value of an Arabic or Chinese number, or None when ``text`` is not one.

    >>> parse_number("3 600"), parse_number("三千六百"), parse_number("两"), parse_number("十五")
    (Decimal('3600'), Decimal('3600'), Decimal('2'), Decimal('15'))
    """
    cleaned = re.sub(r"[,\s]", "", text).replace("．", ".")
    if not cleaned:
        return None
    if re.fullmatch(r"\d+(?:\.\d+)?", cleaned):
        try:
            return Decimal(cleaned)
        except InvalidOperation:  # pragma: no cover - the pattern admits only decimal digits
            return None
    if not re.fullmatch(CHINESE_NUMBER, cleaned):
        return None
    whole, _sep, fraction = cleaned.partition("点")
    try:
        value = Decimal(_chinese_integer(whole)) if whole else Decimal(0)
    except ValueError:
        return None
    if fraction:
        value += Decimal("0." + "".join(str(_DIGITS[c]) for c in fraction))
    return value


QUANTITY = rf"(?:{NUMBER}\s*[万亿](?!元)|{NUMBER}|{CHINESE_NUMBER})"
"""A quantity as plans write it: an Arabic number, optionally times 万 or 亿 (1.5万, 15万), or a Chinese one."""


def parse_quantity(text: str) -> Decimal | None:
    """The value of a quantity: :func:`parse_number`, and an Arabic number times 万 or 亿 (1.5万 = 15000).

    >>> parse_quantity("1.5万"), parse_quantity("15万"), parse_quantity("2亿"), parse_quantity("三十")
    (Decimal('15000'), Decimal('150000'), Decimal('200000000'), Decimal('30'))
    """
    cleaned = re.sub(r"[,\s]", "", text).replace("．", ".")
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([万亿])", cleaned)
    if match:
        base = parse_number(match.group(1))
        if base is None:  # pragma: no cover - the pattern admits only decimal digits
            return None
        value = base * (10_000 if match.group(2) == "万" else 100_000_000)
        return value.to_integral_value() if value == value.to_integral_value() else value
    return parse_number(cleaned)
# -- the constants every exact computation shares -------------------------------------------------

ZERO = Decimal(0)
"""Zero, exactly: the one definition the kinds, scorers and views use."""
ONE = Decimal(1)
"""One, exactly (a whole share)."""
HUNDRED = Decimal(100)
"""A hundred, exactly (percentages, the default points of a scheme)."""


def to_decimal(value: object, *, percent: bool = False) -> Decimal:
    """A number read from a file value: a Decimal, an int, a float (by its repr) or text; finite, exactly.

    Text may carry a sign, thousands separators, full-width digits or Chinese numerals (read by
    :func:`parse_number`) and, with ``percent``, a trailing ``%``.  Anything else raises
    ``TypeError`` or ``ValueError`` with ``expected a number (got …)``: callers name the field.
    The plan, progress and scheme readers all read numbers here.
    """
    if isinstance(value, bool):
        raise TypeError(_("expected a number (got {value!r})").format(value=value))
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        result = Decimal(repr(value))
    elif isinstance(value, str):
        result = _decimal_text(value, percent=percent)
    else:
        raise TypeError(_("expected a number (got {value!r})").format(value=value))
    if not result.is_finite():
        raise ValueError(_("expected a finite number (got {value!r})").format(value=value))
    return result


def _decimal_text(value: str, *, percent: bool) -> Decimal:
    text = value.strip()
    if percent:
        text = text.removesuffix("%").removesuffix("％").strip()
    negative = text[:1] in ("-", "−", "－")
    body = text[1:].strip() if text[:1] in ("-", "−", "－", "+", "＋") else text
    parsed = parse_number(body) if body else None
    if parsed is None:
        try:
            parsed = Decimal(body.replace(",", ""))  # 1e5, 1E+3, inf: Decimal's own forms
        except InvalidOperation:
            raise ValueError(_("expected a number (got {value!r})").format(value=value)) from None
    return -parsed if negative else parsed

"""The limits every door of edu_plan enforces: one named, documented table.

Files, validation and stores read their bounds from here, so a value a plan file
accepts is a value every store keeps exactly, and a file too big, too deep or too
clever (a YAML alias bomb, a zip bomb named ``.xlsx``) is refused with a clear message
before it costs minutes or gigabytes.

>>> from edu_plan.limits import LIMITS, current_limits, use_limits
>>> LIMITS.decimals
6
>>> with use_limits(file_size=1024):
...     current_limits().file_size
1024
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from decimal import Decimal

import attrs

from edu_plan._i18n import gettext as _

__all__ = ["LIMITS", "Limits", "current_limits", "number_problem", "use_limits"]


@attrs.frozen(kw_only=True)
class Limits:
    """The bounds of what edu_plan reads and stores (see :data:`LIMITS` for the defaults and why)."""

    file_size: int = 20 * 1024 * 1024
    """Bytes of one file read (plan, progress, scheme, calendar, import); ``--max-size`` changes it."""
    depth: int = 64
    """Nesting of mappings and lists in a document (a plan nests about 8 deep)."""
    yaml_nodes: int = 1_000_000
    """Nodes of a YAML document once its aliases are expanded: an alias bomb is refused before it is built."""
    number_chars: int = 100
    """Characters of one number as written: longer ones are refused before Python turns them into an int."""
    integer_digits: int = 12
    """Digits before the decimal point of a quantity or value: below 10¹², so a national sum of millionths fits
    in 64 bits in every SQL store."""
    decimals: int = 6
    """Decimal places of a quantity or value: stores keep values as exact integers of millionths."""
    tasks: int = 1_000
    """Numbered tasks an imported document may hold (real plans have tens): a longer list is not a plan."""
    csv_cell: int = 131_072
    """Characters in one CSV cell (Python's csv module's own limit, refused with the line)."""
    zip_members: int = 10_000
    """Members of a .xlsx or .docx container."""
    zip_member_size: int = 256 * 1024 * 1024
    """Uncompressed bytes of one member of a container."""
    zip_total_size: int = 512 * 1024 * 1024
    """Uncompressed bytes of all members of a container."""
    zip_ratio: int = 200
    """Uncompressed / compressed size of one member (above 1 MiB); office XML rarely passes 30."""

    @property
    def max_value(self) -> Decimal:
        """The first magnitude refused: 10 ** :attr:`integer_digits`."""
        return Decimal(10) ** self.integer_digits


LIMITS = Limits()
"""The defaults, used unless :func:`use_limits` says otherwise."""

_CURRENT: contextvars.ContextVar[Limits] = contextvars.ContextVar("edu_plan_limits", default=LIMITS)


def current_limits() -> Limits:
    """The limits in force here (the defaults, or those of the innermost :func:`use_limits`)."""
    return _CURRENT.get()


@contextlib.contextmanager
def use_limits(**changes: int) -> Iterator[Limits]:
    """Change some limits for the code inside the ``with`` block (e.g. ``use_limits(file_size=100 << 20)``)."""
    token = _CURRENT.set(attrs.evolve(_CURRENT.get(), **changes))
    try:
        yield _CURRENT.get()
    finally:
        _CURRENT.reset(token)


def number_problem(value: Decimal, name: str = "value") -> str | None:
    """Why ``value`` cannot be kept exactly by every store, in attrs' words; None when it can."""
    limits = current_limits()
    exponent = value.as_tuple().exponent
    # The common case, decided from the digits alone: a finite value with few decimals and a small magnitude.
    if (isinstance(exponent, int) and value and exponent >= -limits.decimals
            and value.adjusted() < limits.integer_digits):
        return None
    if not value.is_finite():
        return _("'{name}' must be a finite number (got {value})").format(name=name, value=value)
    if abs(value) >= limits.max_value:
        return _("'{name}' must be below 10^{integer_digits} in magnitude (got {value}); use a larger unit").format(
                   name=name, integer_digits=limits.integer_digits, value=value)
    if isinstance(exponent, int) and exponent < -limits.decimals and value != value.quantize(
            Decimal(1).scaleb(-limits.decimals)):
        return _("'{name}' must have at most {decimals} decimal places (got {value}); round it").format(
                   name=name, decimals=limits.decimals, value=value)
    return None

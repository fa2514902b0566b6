"""The view model: titled tables of typed cells, and the data of the charts drawn beside them.

A :class:`View` is what every output format draws: a title, typed columns, rows of
:class:`Cell` values (text, whole numbers, decimals, dates, traffic lights) and the
data of the charts a reader would rather look at than read.
"""

from __future__ import annotations

import enum
from decimal import Decimal
from typing import Union

import attrs
import pendulum

from edu_plan._i18n import current_language, format_date, format_decimal, format_percent
from edu_plan._i18n import lazy as N_  # noqa: N812 - the house name for messages marked at definition
from edu_plan._periods import Period

CellValue = Union[str, int, Decimal, pendulum.Date, None]  # noqa: UP007 - a runtime alias must work on 3.10
"""What a cell holds: text, a whole number, an exact decimal, a date, or nothing."""


class ColumnType(str, enum.Enum):
    """What a column holds, so that spreadsheets get numbers and dates, not text."""

    TEXT = "text"
    INTEGER = "integer"
    DECIMAL = "decimal"
    DATE = "date"
    PERCENT = "percent"
    """A share in [0, 1] (an exact decimal) that people read as a percentage: 0.803 → 80.3%."""
    MARK = "mark"
    """A one-character mark such as 牵 / 配 / 责."""
    LIGHT = "light"
    """A traffic light (:class:`Light`) with its words."""


class Light(str, enum.Enum):
    """A traffic light: how a target or unit stands against its deadline."""

    GREEN = "green"
    YELLOW = "yellow"
    ORANGE = "orange"
    RED = "red"
    GREY = "grey"

    @property
    def label(self) -> str:
        """The word a bulletin uses: 正常, 需加速, 停滞, 倒退, 无数据 (in the current language)."""
        return str(_LIGHT_LABELS[self.value])

    @classmethod
    def of(cls, colour: str | None) -> Light:
        """The light of a scorer's colour name (``green``…); grey for none or an unknown one."""
        try:
            return cls(colour)
        except ValueError:
            return cls.GREY


_LIGHT_LABELS = {"green": N_("normal"), "yellow": N_("needs acceleration"), "orange": N_("stagnating"),
                 "red": N_("regressing"), "grey": N_("no data")}


@attrs.frozen(kw_only=True)
class Column:
    """One column of a view: a stable ASCII ``key`` (JSON field), a ``label`` (header, in the view's language)."""

    key: str
    label: str
    type: ColumnType = ColumnType.TEXT


@attrs.frozen(kw_only=True)
class Cell:
    """One typed value; ``light`` colours a status cell."""

    value: CellValue = None
    light: Light | None = None

    @property
    def text(self) -> str:
        """The value as plain text, as machine formats write it: decimals exactly, dates as ``2027-12-31``."""
        return cell_text(self.value)

    def shown(self, column: Column | ColumnType | None = None, lang: str | None = None) -> str:
        """The value as people read it in ``column``: dates 2027年12月31日, shares 80.3% (see :func:`cell_text`).

        ``lang`` is the view's language (:attr:`View.lang`); None: the current one.
        """
        return cell_text(self.value, column.type if isinstance(column, Column) else column, people=True, lang=lang)


def cell_text(value: CellValue, type: ColumnType | None = None, *, people: bool = False,
              lang: str | None = None) -> str:
    """A cell value as text; the one formatting every renderer shares.

    By default the plain form machine formats write (CSV): decimals exactly, ISO dates.  With
    ``people=True`` the form people read, in ``lang`` (None: the current language): dates
    2027年12月31日 (31 December 2027), and the shares of a :attr:`ColumnType.PERCENT` column as 80.3%.
    """
    if value is None:
        return ""
    if isinstance(value, Decimal):
        if people and type is ColumnType.PERCENT:
            return format_percent(value)
        return format_decimal(value)
    if isinstance(value, pendulum.Date):
        return format_date(value, lang) if people else value.isoformat()
    return str(value)


# -- charts ------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Bar:
    """One bar: ``value`` out of ``maximum`` (both exact), with the words written beside it."""

    label: str
    value: Decimal
    maximum: Decimal
    text: str = ""
    light: Light | None = None
    grade: str = ""
    """The grade the bar's total earned (a scorecard's 等次), for a chart of scores."""
    vetoed: bool = False
    """Whether a veto (一票否决) forced that grade."""

    @property
    def share(self) -> Decimal:
        """``value / maximum`` clipped to [0, 1]; 0 when there is no maximum."""
        if self.maximum <= 0:
            return Decimal(0)
        return min(Decimal(1), max(Decimal(0), self.value / self.maximum))


@attrs.frozen(kw_only=True)
class ProgressBars:
    """A progress bar per target toward its quantity."""

    title: str
    bars: tuple[Bar, ...]


@attrs.frozen(kw_only=True)
class LightGrid:
    """Traffic lights in a grid: ``rows`` (tasks) × ``columns`` (their targets, by position)."""

    title: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    lights: tuple[tuple[Light | None, ...], ...]
    """``lights[i][j]``; None where row ``i`` has no ``j``-th target."""
    tips: tuple[tuple[str, ...], ...] = ()
    """The words shown on hover for each light (same shape as ``lights``), or empty."""


@attrs.frozen(kw_only=True)
class BarGroup:
    """A labelled group of bars (a peer group of units)."""

    label: str
    bars: tuple[Bar, ...]


@attrs.frozen(kw_only=True)
class BarChart:
    """Horizontal bars in groups: unit scores by peer group."""

    title: str
    groups: tuple[BarGroup, ...]
    grades: tuple[str, ...] = ()
    """The grades of the bars, best first, for their colours and legend (empty: bars are not graded)."""


@attrs.frozen(kw_only=True)
class HeatMap:
    """A matrix of small whole numbers shown as shades, with a mark in each cell."""

    title: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    values: tuple[tuple[int, ...], ...]
    marks: tuple[tuple[str, ...], ...]
    legend: tuple[tuple[int, str], ...] = ()
    """What each value means: ``((2, "牵头/责任"), (1, "配合"))``."""


Chart = Union[ProgressBars, LightGrid, BarChart, HeatMap]  # noqa: UP007 - a runtime alias must work on 3.10
"""Every chart a view can carry."""


@attrs.frozen(kw_only=True)
class Document:
    """What a printed or sent document says about where a view comes from.

    The plan's title, 文号 and issuing body; the period assessed, the day the figures stand
    (截至) and the day orders were issued, when the view reads progress or scores.  Renderers
    that lay out a document (the title row of a spreadsheet, the heading and signature of a Word
    document) read these; they never go back to the plan.
    """

    plan_id: str
    plan_title: str
    doc_number: str = ""
    issuer: str = ""
    period: Period | None = None
    as_of: pendulum.Date | None = None
    issued: pendulum.Date | None = None


@attrs.frozen(kw_only=True)
class View:
    """A titled table of typed cells, with notes and the data of its charts."""

    name: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    subtitle: str = ""
    notes: tuple[str, ...] = ()
    charts: tuple[Chart, ...] = ()
    document: Document | None = None
    """The plan and the day the view speaks of, for renderers that lay out a document."""
    lang: str = attrs.field(factory=current_language)
    """The language the view was built in (``zh`` or ``en``): its words are in it, and so are the dates
    and shares :meth:`shown_texts` and :meth:`Cell.shown` give for people."""

    def __attrs_post_init__(self) -> None:
        for number, row in enumerate(self.rows, start=1):
            if len(row) != len(self.columns):
                raise ValueError(
                    f"row {number} of view {self.name!r} must have {len(self.columns)} cells (got {len(row)})"
                )

    @property
    def headers(self) -> tuple[str, ...]:
        """The column labels."""
        return tuple(column.label for column in self.columns)

    def texts(self) -> list[list[str]]:
        """Every row as the plain text of its cells (ISO dates, shares as decimals: what CSV writes)."""
        return [[cell.text for cell in row] for row in self.rows]

    def shown_texts(self) -> list[list[str]]:
        """Every row as people read it: dates 2027年12月31日, shares as percentages (:meth:`Cell.shown`)."""
        return [[cell.shown(column, self.lang) for column, cell in zip(self.columns, row, strict=True)]
                for row in self.rows]

    def records(self) -> list[dict[str, CellValue]]:
        """Every row as ``{column key: value}``."""
        keys = [column.key for column in self.columns]
        return [{key: cell.value for key, cell in zip(keys, row, strict=True)} for row in self.rows]

"""The typed core: plans, sections, tasks, units, responsibilities, targets, milestones.

Every class is a frozen attrs class with keyword-only fields.  Validators here
check what one object can know about itself (a range's ``minimum <= maximum``, a
quantity that is not negative); what needs the whole plan (unknown units,
duplicates, deadlines outside the horizon) is :func:`edu_plan.validate`'s work,
which collects every problem at once instead of stopping at the first.

This module never imports cattrs or any plugin: files are read and written by
:mod:`edu_plan.serialization`.
"""

from __future__ import annotations

import enum
import operator
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from typing import Any

import attrs
import pendulum

from edu_plan._i18n import format_date, format_decimal, gettext, ngettext
from edu_plan._i18n import gettext as _
from edu_plan._i18n import lazy as N_  # noqa: N812 - the house name for messages marked at definition
from edu_plan._periods import Period, PeriodKind, Recurrence
from edu_plan.errors import ModelValueError

__all__ = [
    "SCHEMA_VERSION",
    "Baseline",
    "BasisDocument",
    "Comparator",
    "Horizon",
    "Milestone",
    "MilestoneStatus",
    "Plan",
    "ReportingRule",
    "Responsibility",
    "Role",
    "Safeguard",
    "Section",
    "Target",
    "Task",
    "Unit",
    "UnitKind",
    "recurrence_words",
]

SCHEMA_VERSION = 1
"""The version of the plan document layout this library writes and reads."""

Extensions = Mapping[str, Any]
"""Namespaced extension data: ``{"budget": {...}, "contact": {...}}`` (JSON-like values)."""


def _tuple(value: Any) -> tuple[Any, ...]:
    return tuple(value)


def _extensions(value: Mapping[str, Any] | None) -> dict[str, Any]:
    return dict(value or {})


def _decimal_or_none(value: Any, name: str = "quantity") -> Decimal | None:
    if value is None or isinstance(value, Decimal):
        result = value
    elif isinstance(value, bool):
        raise ModelValueError(_("'{name}' must be <Decimal> (got {value!r})").format(name=name, value=value))
    elif isinstance(value, (int, str)):
        try:
            result = Decimal(value.strip() if isinstance(value, str) else value)
        except ArithmeticError:
            raise ModelValueError(_("'{name}' must be <Decimal> (got {value!r})").format(
                name=name, value=value)) from None
    elif isinstance(value, float):
        result = Decimal(repr(value))
    else:
        raise ModelValueError(_("'{name}' must be <Decimal> (got {value!r})").format(name=name, value=value))
    if result is not None and not result.is_finite():
        raise ModelValueError(_("'{name}' must be a finite number (got {value!r})").format(name=name, value=value))
    return result


# One named converter per field, so the message names the field (mypy's attrs plugin needs named functions).
def _quantity(value: Any) -> Decimal | None:
    return _decimal_or_none(value, "quantity")


def _minimum(value: Any) -> Decimal | None:
    return _decimal_or_none(value, "minimum")


def _maximum(value: Any) -> Decimal | None:
    return _decimal_or_none(value, "maximum")


def _weight(value: Any) -> Decimal:
    result = _decimal_or_none(value, "weight")
    if result is None:
        raise ModelValueError(_("'weight' must be <Decimal> (got None)"))
    return result


def _value(value: Any) -> Decimal:
    result = _decimal_or_none(value, "value")
    if result is None:
        raise ModelValueError(_("'value' must be <Decimal> (got None)"))
    return result


def _non_empty(_instance: Any, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ModelValueError(_("'{name}' must be a non-empty string (got {value!r})").format(
                                  name=attribute.name, value=value))


class Role(str, enum.Enum):
    """A unit's role in a task: 牵头 lead, 配合 cooperating, 责任 sole responsible."""

    LEAD = "lead"
    COOPERATING = "cooperating"
    RESPONSIBLE = "responsible"

    @property
    def label(self) -> str:
        """The word the documents use: 牵头, 配合 or 责任 (lead, cooperating, responsible in English)."""
        return str(_ROLE_LABELS[self.value])

    @property
    def owns_targets(self) -> bool:
        """Leads and sole responsible units own a task's targets by default."""
        return self is not Role.COOPERATING


_ROLE_LABELS = {"lead": N_("lead"), "cooperating": N_("cooperating"), "responsible": N_("responsible")}


class UnitKind(str, enum.Enum):
    """What sort of body a unit is; assessments group units into peer groups by it."""

    DEPARTMENT = "department"
    """A county department or office: 县教体局, 县委宣传部, 团县委, 县人大办."""
    SUBDISTRICT = "subdistrict"
    """A street office (街道办): 富兴街道办."""
    TOWNSHIP = "township"
    """A town or township (乡镇)."""
    FARM = "farm"
    """A state farm or management committee counted with the townships (场)."""
    SCHOOL = "school"
    """A school named as a unit of its own: 青松职业技术学校."""
    EXTERNAL = "external"
    """A body outside the county's government: 宁夏交通学校."""
    COLLECTIVE = "collective"
    """A name standing for several units: 各乡镇场."""


class Comparator(str, enum.Enum):
    """How a reported value is compared with a target's quantity."""

    GE = ">="
    LE = "<="
    EQ = "="
    GT = ">"
    LT = "<"

    def holds(self, value: Decimal, quantity: Decimal) -> bool:
        """Whether ``value <comparator> quantity``."""
        return bool(self.compare(value, quantity))

    @property
    def compare(self) -> Callable[[Any, Any], Any]:
        """The comparison as a function (``operator.ge`` for ``>=``): of numbers, or element-wise of arrays."""
        return _COMPARISONS[self.value]

    @property
    def label(self) -> str:
        """The words the documents use (以上, 以下…)."""
        return {">=": "以上", "<=": "以下", "=": "", ">": "超过", "<": "低于"}[self.value]


_COMPARISONS: dict[str, Callable[[Any, Any], Any]] = {
    ">=": operator.ge, "<=": operator.le, "=": operator.eq, ">": operator.gt, "<": operator.lt,
}


class MilestoneStatus(str, enum.Enum):
    """Where a milestone of a task's roadmap stands."""

    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"


@attrs.frozen(kw_only=True)
class Unit:
    """A body that holds responsibilities: a department, a township, or a collective.

    ``name`` is the short name the plan text uses (县教体局); ``aliases`` are the other
    spellings that mean the same unit (教体局), so that a unit written two ways is one
    unit.  A collective (各乡镇场) lists its ``members`` by id.
    """

    id: str = attrs.field(validator=_non_empty)
    name: str = attrs.field(validator=_non_empty)
    full_name: str | None = None
    aliases: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    kind: UnitKind = attrs.field(default=UnitKind.DEPARTMENT, converter=UnitKind)
    members: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    extensions: dict[str, Any] = attrs.field(factory=dict, converter=_extensions)

    @property
    def is_collective(self) -> bool:
        """Whether this unit stands for several member units."""
        return self.kind is UnitKind.COLLECTIVE

    @property
    def spellings(self) -> tuple[str, ...]:
        """Every name that refers to this unit: name, full name and aliases."""
        names = [self.name, *([self.full_name] if self.full_name else []), *self.aliases]
        return tuple(dict.fromkeys(names))


@attrs.frozen(kw_only=True)
class Responsibility:
    """Unit ``unit`` (an id in the plan's registry) holds ``role`` in a task."""

    unit: str = attrs.field(validator=_non_empty)
    role: Role = attrs.field(converter=Role)


@attrs.frozen(kw_only=True)
class Baseline:
    """The value a target starts from, and when it was measured."""

    value: Decimal = attrs.field(converter=_value)
    as_of: pendulum.Date | None = None
    source: str | None = None


@attrs.frozen(kw_only=True)
class Target:
    """A checkable commitment: 新增幼儿园10所, 覆盖率92%以上, 每学期一次, 2—3名.

    ``kind`` names a target-kind plugin (the built-ins: cumulative, level, range,
    recurring, milestone, qualitative); the kind decides which of the quantity
    fields it needs and checks them.  Fields a kind of its own needs beyond these go
    in ``params`` and are checked by that kind.

    ``approximate`` marks 左右 (about); ``relative_to`` names the reference of a
    relative target (不低于公务员平均工资收入水平 → ``relative_to="公务员平均工资收入水平"``)
    whose quantity is then unknown until reported.  ``owners`` are unit ids; empty
    means the task's lead (or sole responsible) units.  ``source`` keeps the sentence
    of the plan the target was read from; ``text`` the target's own wording in it, as
    written (新建小学2所, 每学期开展一次校园安全隐患排查), which :meth:`wording` shows.
    """

    id: str = attrs.field(validator=_non_empty)
    kind: str = attrs.field(validator=_non_empty)
    metric: str = attrs.field(validator=_non_empty)
    quantity: Decimal | None = attrs.field(default=None, converter=_quantity)
    minimum: Decimal | None = attrs.field(default=None, converter=_minimum)
    maximum: Decimal | None = attrs.field(default=None, converter=_maximum)
    comparator: Comparator | None = attrs.field(
        default=None, converter=attrs.converters.optional(Comparator)
    )
    unit_of_measure: str | None = None
    recurrence: Recurrence | None = None
    deadline: pendulum.Date | None = None
    baseline: Baseline | None = None
    owners: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    approximate: bool = False
    relative_to: str | None = None
    weight: Decimal = attrs.field(default=Decimal(1), converter=_weight)
    source: str | None = None
    text: str | None = None
    params: dict[str, Any] = attrs.field(factory=dict, converter=_extensions)
    extensions: dict[str, Any] = attrs.field(factory=dict, converter=_extensions)

    def wording(self) -> str:
        """The target as the plan words it: its own ``text`` when it has one, else :meth:`describe`."""
        return self.text if self.text else self.describe()

    def timing(self, horizon_end: pendulum.Date | None = None) -> str:
        """When the target is due, for people: its recurrence (每学期, 每3年), its deadline, else ``horizon_end``.

        A recurring target is due in every period, not on one day: its 完成时限 is its recurrence
        (with its deadline when it also has one); a target without either reads as the horizon's
        end, or nothing.
        """
        parts = []
        if self.recurrence is not None:
            parts.append(recurrence_words(self.recurrence))
        day = self.deadline if self.deadline is not None else (None if parts else horizon_end)
        if day is not None:
            parts.append(format_date(day))
        return gettext("; ").join(parts)

    def describe(self) -> str:
        """A short human statement of the target: ``新增幼儿园 ≥ 10 所``."""
        uom = self.unit_of_measure or ""
        if self.minimum is not None or self.maximum is not None:
            amount = f"{format_decimal(self.minimum)}—{format_decimal(self.maximum)}{uom}"
        elif self.quantity is not None:
            amount = f"{format_decimal(self.quantity)}{uom}"
            # 左右 (about) already says how the amount is meant; "10个以上左右" would contradict itself.
            if self.comparator is not None and self.comparator.label and not self.approximate:
                amount += self.comparator.label
        elif self.relative_to:
            amount = f"不低于{self.relative_to}"
        else:
            amount = ""
        if self.approximate:
            amount += "左右"
        text = f"{self.metric} {amount}".strip()
        if self.recurrence is not None:
            text = f"{self.recurrence.describe()} {text}"
        return text


_EVERY = {
    PeriodKind.YEAR: N_("every year"),
    PeriodKind.QUARTER: N_("every quarter"),
    PeriodKind.MONTH: N_("every month"),
    PeriodKind.SCHOOL_YEAR: N_("every school year"),
    PeriodKind.SEMESTER: N_("every semester"),
}


def _every_n(kind: PeriodKind, n: int) -> str:
    if kind is PeriodKind.YEAR:
        return ngettext("every {n} year", "every {n} years", n)
    if kind is PeriodKind.QUARTER:
        return ngettext("every {n} quarter", "every {n} quarters", n)
    if kind is PeriodKind.MONTH:
        return ngettext("every {n} month", "every {n} months", n)
    if kind is PeriodKind.SCHOOL_YEAR:
        return ngettext("every {n} school year", "every {n} school years", n)
    return ngettext("every {n} semester", "every {n} semesters", n)


def recurrence_words(recurrence: Recurrence) -> str:
    """A recurrence for people, in the current language: 每学期, 每3年 (every semester, every 3 years)."""
    if recurrence.interval == 1:
        return str(_EVERY[recurrence.every])
    return _every_n(recurrence.every, recurrence.interval).format(n=recurrence.interval)


@attrs.frozen(kw_only=True)
class Milestone:
    """One step of a task's roadmap (时间表、路线图、责任人)."""

    id: str = attrs.field(validator=_non_empty)
    title: str = attrs.field(validator=_non_empty)
    due: pendulum.Date | None = None
    owner: str | None = None
    status: MilestoneStatus = attrs.field(default=MilestoneStatus.PLANNED, converter=MilestoneStatus)


@attrs.frozen(kw_only=True)
class Task:
    """A numbered key task (重点任务 1.–22.) with its units, targets and roadmap."""

    number: int = attrs.field(validator=lambda _i, _a, v: _task_number(v))
    title: str = attrs.field(validator=_non_empty)
    text: str = ""
    responsibilities: tuple[Responsibility, ...] = attrs.field(default=(), converter=_tuple)
    targets: tuple[Target, ...] = attrs.field(default=(), converter=_tuple)
    milestones: tuple[Milestone, ...] = attrs.field(default=(), converter=_tuple)
    extensions: dict[str, Any] = attrs.field(factory=dict, converter=_extensions)

    def units(self, role: Role | None = None) -> tuple[str, ...]:
        """Ids of the units holding ``role`` (every role when None), in plan order."""
        return tuple(r.unit for r in self.responsibilities if role is None or r.role is role)

    @property
    def owners(self) -> tuple[str, ...]:
        """The units that own the task's targets by default: its leads or sole responsible units."""
        return tuple(r.unit for r in self.responsibilities if r.role.owns_targets)

    def target_owners(self, target: Target) -> tuple[str, ...]:
        """The units that own ``target``: its own owners, else the task's."""
        return target.owners or self.owners


@attrs.frozen(kw_only=True)
class Section:
    """A group of tasks: 重点任务 (一)…(五)."""

    key: str = attrs.field(validator=_non_empty)
    title: str = attrs.field(validator=_non_empty)
    intro: str = ""
    tasks: tuple[Task, ...] = attrs.field(default=(), converter=_tuple)
    extensions: dict[str, Any] = attrs.field(factory=dict, converter=_extensions)


@attrs.frozen(kw_only=True)
class BasisDocument:
    """A document the plan implements (根据…): its title and doc number."""

    title: str = attrs.field(validator=_non_empty)
    doc_number: str | None = None


@attrs.frozen(kw_only=True)
class Safeguard:
    """One of the plan's safeguard measures (保障措施)."""

    title: str = attrs.field(validator=_non_empty)
    text: str = ""


@attrs.frozen(kw_only=True)
class Horizon:
    """The plan's time span, both days included (到2027年 → ends 2027-12-31)."""

    start: pendulum.Date
    end: pendulum.Date

    def contains(self, day: pendulum.Date) -> bool:
        """Whether ``day`` falls inside the horizon."""
        return self.start <= day <= self.end

    def overlaps(self, period: Period) -> bool:
        """Whether ``period`` overlaps the horizon."""
        first, last = period.span()
        return first <= self.end and last >= self.start


@attrs.frozen(kw_only=True)
class Plan:
    """An action plan (实施方案): metadata, sections of tasks, and the unit registry."""

    id: str = attrs.field(validator=_non_empty)
    title: str = attrs.field(validator=_non_empty)
    issuer: str = ""
    doc_number: str | None = None
    issue_date: pendulum.Date | None = None
    basis: tuple[BasisDocument, ...] = attrs.field(default=(), converter=_tuple)
    region: str = ""
    horizon: Horizon | None = None
    timezone: str = "Asia/Shanghai"
    preamble: str = ""
    guiding_ideology: str = ""
    goals: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    sections: tuple[Section, ...] = attrs.field(default=(), converter=_tuple)
    safeguards: tuple[Safeguard, ...] = attrs.field(default=(), converter=_tuple)
    units: tuple[Unit, ...] = attrs.field(default=(), converter=_tuple)
    reporting: tuple[ReportingRule, ...] = attrs.field(default=(), converter=_tuple)
    """The reporting calendar (每月28日前报送…): when progress is due; empty when the plan sets none."""
    schema_version: int = SCHEMA_VERSION
    extensions: dict[str, Any] = attrs.field(factory=dict, converter=_extensions)

    # -- navigation ------------------------------------------------------------------

    @property
    def tasks(self) -> tuple[Task, ...]:
        """Every task of every section, in plan order."""
        return tuple(task for section in self.sections for task in section.tasks)

    def task(self, number: int) -> Task:
        """The task numbered ``number``; ``KeyError`` naming the numbers there are."""
        for task in self.tasks:
            if task.number == number:
                return task
        raise KeyError(_("no task {number} in plan {id!r} (tasks: {tasks})").format(
                           number=number, id=self.id, tasks=[t.number for t in self.tasks]))

    def unit(self, key: str) -> Unit:
        """The unit with id ``key``, or whose name, full name or alias is ``key``; ``KeyError`` when none."""
        found = self.find_unit(key)
        if found is None:
            raise KeyError(_("no unit {key!r} in plan {id!r}").format(key=key, id=self.id))
        return found

    def find_unit(self, key: str) -> Unit | None:
        """Like :meth:`unit`, but None when no unit has that id or name."""
        for unit in self.units:
            if unit.id == key:
                return unit
        for unit in self.units:
            if key in unit.spellings:
                return unit
        return None

    def iter_targets(self) -> Iterator[tuple[Task, Target]]:
        """Every (task, target) pair, in plan order."""
        for task in self.tasks:
            for target in task.targets:
                yield task, target

    def target(self, target_id: str) -> tuple[Task, Target]:
        """The target with id ``target_id`` and its task."""
        for task, target in self.iter_targets():
            if target.id == target_id:
                return task, target
        raise KeyError(_("no target {target_id!r} in plan {id!r}").format(target_id=target_id, id=self.id))

    def expand(self, unit_id: str) -> tuple[str, ...]:
        """A unit's id, or a collective's member ids (each member once, in order)."""
        unit = self.unit(unit_id)
        if not unit.is_collective:
            return (unit.id,)
        return unit.members


def _roles(value: Any) -> tuple[Role, ...]:
    return tuple(Role(r) for r in value)


def _day_of_month(_instance: Any, _attribute: attrs.Attribute[int | None], value: int | None) -> None:
    if value is not None and not 1 <= value <= 31:
        raise ValueError(_("'day' must be in 1..31 (got {value})").format(value=value))


@attrs.frozen(kw_only=True)
class ReportingRule:
    """One line of a reporting calendar: who reports, for which periods, by when.

    ``每月28日前`` is ``period=month, day=28`` (by the 28th of the period's last month);
    ``每季度末后10日内`` is ``period=quarter, days_after_end=10``; ``每学期末`` is
    ``period=semester`` (by the period's last day).  ``roles`` are the roles whose units owe
    the report (default: leads and sole responsible units, as 各牵头单位…报送 says).
    ``text`` keeps the plan's own words.
    """

    period: PeriodKind = attrs.field(converter=PeriodKind)
    day: int | None = attrs.field(default=None, validator=_day_of_month)
    days_after_end: int = attrs.field(default=0, validator=attrs.validators.ge(0))
    roles: tuple[Role, ...] = attrs.field(default=(Role.LEAD, Role.RESPONSIBLE), converter=_roles)
    text: str | None = None
def _task_number(value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ModelValueError(_("'number' must be <int> (got {value!r}); a task is numbered 1, 2, 3…").format(
                                  value=value))
    if value < 1:
        raise ModelValueError(_("'number' must be >= 1 (got {value!r})").format(value=value))

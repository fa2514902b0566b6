"""What changed between two versions of a plan: tasks, units, responsibilities and targets, field by field.

:func:`diff_plans` compares two :class:`~edu_plan.Plan` objects and returns one :class:`Change`
per thing added or removed and one per field changed, in plan order; :func:`diff_view` lays
them out as a :class:`~edu_plan.views.View`, so that every renderer (terminal table, Markdown,
HTML, a Word renderer when one is installed) shows the same list.  Things are matched by
what identifies them: a task by its number, a unit by its id, a target by its id, a
responsibility by (task, unit).  This module is core: it imports no plugin.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs

from edu_plan._i18n import gettext as _
from edu_plan._i18n import lazy as N_  # noqa: N812 - the gettext convention for marked messages
from edu_plan._model import Plan, Target, Task, Unit
from edu_plan.views import Cell, Column, View

__all__ = ["Change", "ChangeKind", "diff_plans", "diff_view"]


class ChangeKind(str, enum.Enum):
    """Added, removed or changed."""

    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"

    @property
    def label(self) -> str:
        """新增, 删除 or 修改, in the current language."""
        return str(_KIND_LABELS[self])


_KIND_LABELS = {ChangeKind.ADDED: N_("added"), ChangeKind.REMOVED: N_("removed"), ChangeKind.CHANGED: N_("changed")}
_WHAT_LABELS = {"plan": N_("plan"), "section": N_("section"), "task": N_("task"), "unit": N_("unit"),
                "responsibility": N_("responsibility"), "target": N_("target"), "milestone": N_("milestone")}

_FIELD_LABELS = {"quantity": N_("quantity"), "units": N_("units and roles"), "title": N_("title"),
                 "deadline": N_("deadline"), "metric": N_("metric"), "unit_of_measure": N_("unit of measure"),
                 "minimum": N_("minimum"), "maximum": N_("maximum"), "comparator": N_("comparator"),
                 "kind": N_("kind"), "owners": N_("owners"), "text": N_("text"), "name": N_("name"),
                 "section": N_("section"), "baseline": N_("baseline"), "recurrence": N_("recurrence"),
                 "weight": N_("weight"), "due": N_("due"), "status": N_("status")}


@attrs.frozen(kw_only=True)
class Change:
    """One difference: ``what`` (task, unit, responsibility, target…) ``key`` was added, removed, or its
    ``field`` changed from ``old`` to ``new`` (as plain text)."""

    kind: ChangeKind
    what: str
    key: str
    field: str = ""
    old: str = ""
    new: str = ""


def _text(value: Any) -> str:
    """A field's value as plain, stable text."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        text = format(value, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, (tuple, list)):
        return "、".join(_text(v) for v in value)
    if isinstance(value, Mapping):
        return ", ".join(f"{k}={_text(v)}" for k, v in sorted(value.items()))
    if attrs.has(type(value)):
        return ", ".join(f"{f.name}={_text(getattr(value, f.name))}" for f in attrs.fields(type(value))
                         if getattr(value, f.name) not in (None, (), {}, ""))
    return str(value)


def _fields(old: Any, new: Any, what: str, key: str, skip: Iterable[str] = ()) -> list[Change]:
    skipped = set(skip)
    changes = []
    for field in attrs.fields(type(old)):
        if field.name in skipped:
            continue
        before, after = getattr(old, field.name), getattr(new, field.name)
        if before != after:
            changes.append(Change(kind=ChangeKind.CHANGED, what=what, key=key, field=field.name,
                                  old=_text(before), new=_text(after)))
    return changes


def _matched(old: Sequence[Any], new: Sequence[Any], ident: Any, what: str, label: Any,
             compare: Any) -> list[Change]:
    before = {ident(x): x for x in old}
    after = {ident(x): x for x in new}
    changes: list[Change] = []
    for key, item in before.items():
        if key not in after:
            changes.append(Change(kind=ChangeKind.REMOVED, what=what, key=str(key), old=label(item)))
    for key, item in after.items():
        if key not in before:
            changes.append(Change(kind=ChangeKind.ADDED, what=what, key=str(key), new=label(item)))
        else:
            changes += compare(before[key], item, str(key))
    return changes


def _units_text(plan: Plan, task: Task) -> str:
    parts = []
    for responsibility in task.responsibilities:
        unit = plan.find_unit(responsibility.unit)
        name = unit.name if unit is not None else responsibility.unit
        parts.append(_("{unit} ({role})").format(unit=name, role=responsibility.role.label))
    return "、".join(parts)


def _responsibilities(old_plan: Plan, new_plan: Plan, old: Task, new: Task) -> list[Change]:
    # One change per task: which units hold which role is one fact of the task, read as a whole.
    if old.responsibilities == new.responsibilities:
        return []
    return [Change(kind=ChangeKind.CHANGED, what="responsibility", key=str(new.number), field="units",
                   old=_units_text(old_plan, old), new=_units_text(new_plan, new))]


def _task(old_plan: Plan, new_plan: Plan, old: Task, new: Task, key: str) -> list[Change]:
    changes = _fields(old, new, "task", key, skip=("responsibilities", "targets", "milestones"))
    changes += _responsibilities(old_plan, new_plan, old, new)
    changes += _matched(old.milestones, new.milestones, lambda m: m.id, "milestone", lambda m: m.title,
                        lambda a, b, k: _fields(a, b, "milestone", k))
    return changes


def _target(old: Target, new: Target, key: str) -> list[Change]:
    return _fields(old, new, "target", key)


def _unit(old: Unit, new: Unit, key: str) -> list[Change]:
    return _fields(old, new, "unit", key)


def diff_plans(old: Plan, new: Plan) -> list[Change]:
    """Every difference between ``old`` and ``new``, in the order plan, sections, tasks, targets, units."""
    changes = _fields(old, new, "plan", old.id if old.id == new.id else f"{old.id} → {new.id}",
                      skip=("sections", "units"))
    changes += _matched(old.sections, new.sections, lambda s: s.key, "section", lambda s: s.title,
                        lambda a, b, k: _fields(a, b, "section", k, skip=("tasks",)))
    changes += _matched(old.tasks, new.tasks, lambda t: t.number, "task", lambda t: t.title,
                        lambda a, b, k: _task(old, new, a, b, k))
    # A task moved to another section keeps its number: say so, since the sections' task lists are not compared.
    before = {t.number: s.key for s in old.sections for t in s.tasks}
    after = {t.number: s.key for s in new.sections for t in s.tasks}
    changes += [Change(kind=ChangeKind.CHANGED, what="task", key=str(n), field="section", old=before[n], new=key)
                for n, key in after.items() if n in before and before[n] != key]
    old_targets = [t for _task_, t in old.iter_targets()]
    new_targets = [t for _task_, t in new.iter_targets()]
    changes += _matched(old_targets, new_targets, lambda t: t.id, "target", lambda t: t.describe(), _target)
    changes += _matched(old.units, new.units, lambda u: u.id, "unit", lambda u: u.name, _unit)
    return changes


def diff_view(changes: Sequence[Change], *, old: str, new: str) -> View:
    """The changes as a view: what, which, the change, the field, before and after."""
    columns = (Column(key="what", label=_("What")), Column(key="key", label=_("Which")),
               Column(key="change", label=_("Change")), Column(key="field", label=_("Field")),
               Column(key="old", label=_("Before")), Column(key="new", label=_("After")))
    rows = tuple(
        (Cell(value=str(_WHAT_LABELS.get(c.what, c.what))), Cell(value=c.key), Cell(value=c.kind.label),
         Cell(value=str(_FIELD_LABELS.get(c.field, c.field)) or None), Cell(value=c.old or None),
         Cell(value=c.new or None))
        for c in changes)
    notes = (_("No differences.") if not changes else _("{count} differences.").format(count=len(changes)),)
    return View(name="plan-diff", title=_("Changes to the plan"), subtitle=_("{old} → {new}").format(old=old, new=new),
                columns=columns, rows=rows, notes=notes)

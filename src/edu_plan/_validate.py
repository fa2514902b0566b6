"""Checking a whole plan: every problem at once, each with the path where it is.

:func:`validate` knows the rules that need the whole plan (unknown units,
duplicates, deadlines outside the horizon); each target kind and each extension
plugin adds the rules of its own data.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any

import attrs
import pendulum

from edu_plan._i18n import gettext as _
from edu_plan._i18n import lazy as N_  # noqa: N812 - the gettext convention
from edu_plan._i18n import use_language
from edu_plan._model import SCHEMA_VERSION, Plan, Role, Target, Task, Unit
from edu_plan._registry import Registry, default_registry
from edu_plan.errors import EduPlanError, Problem, Severity
from edu_plan.limits import number_problem

__all__ = ["ValidationResult", "validate"]


@attrs.frozen
class ValidationResult:
    """Every problem :func:`validate` found, in document order."""

    problems: tuple[Problem, ...]

    @property
    def errors(self) -> tuple[Problem, ...]:
        """The problems that make the plan unacceptable."""
        return self._of(Severity.ERROR)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """Accepted, but probably not what the author meant."""
        return self._of(Severity.WARNING)

    @property
    def notes(self) -> tuple[Problem, ...]:
        """Information (e.g. extension data that was not checked)."""
        return self._of(Severity.NOTE)

    @property
    def ok(self) -> bool:
        """True when there is no error (warnings and notes allowed)."""
        return not self.errors

    def _of(self, severity: Severity) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity is severity)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.problems)

    def __len__(self) -> int:
        return len(self.problems)


def validate(plan: Plan, *, registry: Registry | None = None, lang: str | None = None) -> ValidationResult:
    """Check ``plan`` and return every problem found, each with its location.

    ``registry`` supplies the target kinds and extensions (default: the installed ones); the
    problems' messages and hints are written in ``lang`` (``"zh"`` or ``"en"``; default: the
    current language, see :func:`edu_plan.use_language`).
    """
    with use_language(lang):
        checker = _Checker(plan, registry or default_registry())
        return ValidationResult(tuple(checker.run()))


def suggest(name: str, choices: Iterable[str]) -> str | None:
    """A "did you mean" hint for ``name`` among ``choices``, or None."""
    import difflib  # only when a name is unknown: a valid plan never needs it

    matches = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    return _("did you mean {name!r}?").format(name=matches[0]) if matches else None


class _Checker:
    def __init__(self, plan: Plan, registry: Registry) -> None:
        self.plan = plan
        self.registry = registry
        self.units: dict[str, Unit] = {}
        self.spellings: dict[str, str] = {}

    def run(self) -> Iterator[Problem]:
        plan = self.plan
        if plan.schema_version > SCHEMA_VERSION:
            yield Problem(
                message=_("'schema_version' must be <= {supported} (got {found})").format(
                            supported=SCHEMA_VERSION, found=plan.schema_version),
                path="$.schema_version",
                hint=_("the plan was written by a newer edu_plan; upgrade edu_plan to use it"),
                code="schema-version",
            )
        if plan.horizon is not None and plan.horizon.end < plan.horizon.start:
            yield Problem(
                message=_("'horizon.end' must not be before 'horizon.start' (got {start} .. {end})").format(
                            start=plan.horizon.start, end=plan.horizon.end),
                path="$.horizon",
                code="horizon",
            )
        yield from _plan_id(plan.id)
        if not plan.sections:
            yield Problem(message=_("the plan has no sections (重点任务), so no task, target or score"),
                          path="$.sections", severity=Severity.WARNING, code="no-sections",
                          hint=_("add the plan's sections and their numbered tasks"))
        yield from self._extensions(plan.extensions, "plan", "$")
        yield from self._units()
        yield from self._sections()

    # -- units --------------------------------------------------------------------------

    def _units(self) -> Iterator[Problem]:
        for i, unit in enumerate(self.plan.units):
            path = f"$.units[{i}]"
            if unit.id in self.units:
                yield Problem(
                    message=_("duplicate unit id {id!r}").format(id=unit.id),
                    path=f"{path}.id",
                    hint=_("give each unit its own id; put other spellings of one unit in 'aliases'"),
                    code="duplicate-unit",
                )
                continue
            self.units[unit.id] = unit
            for spelling in unit.spellings:
                other = self.spellings.get(spelling)
                if other is not None and other != unit.id:
                    yield Problem(
                        message=_("the name {spelling!r} is used by units {other!r} and {id!r}").format(
                                    spelling=spelling, other=other, id=unit.id),
                        path=path,
                        hint=_("a name must mean one unit; remove it from one of them"),
                        code="ambiguous-unit-name",
                    )
                self.spellings.setdefault(spelling, unit.id)
            yield from self._extensions(unit.extensions, "unit", path)
        for i, unit in enumerate(self.plan.units):
            path = f"$.units[{i}]"
            if unit.is_collective and not unit.members:
                yield Problem(
                    message=_("collective unit {id!r} has no members").format(id=unit.id),
                    path=f"{path}.members",
                    hint=_("list the ids of the units it stands for"),
                    severity=Severity.WARNING,
                    code="empty-collective",
                )
            if unit.members and not unit.is_collective:
                yield Problem(
                    message=_("unit {id!r} lists members but its kind is {kind!r}").format(
                                id=unit.id, kind=unit.kind.value),
                    path=f"{path}.kind",
                    hint=_("set 'kind: collective' or remove 'members'"),
                    code="members-without-collective",
                )
            for j, member in enumerate(unit.members):
                if member not in self.units:
                    yield self._unknown_unit(member, f"{path}.members[{j}]", member=True)
                elif member == unit.id:
                    yield Problem(message=_("collective {id!r} lists itself as a member").format(id=unit.id),
                                  path=f"{path}.members[{j}]", code="self-member")

    def _unknown_unit(self, name: str, path: str, *, member: bool = False) -> Problem:
        hint = suggest(name, list(self.units) + list(self.spellings))
        if hint and name in self.spellings:
            hint = _("use the id {id!r}").format(id=self.spellings[name])
        return Problem(
            message=(_("unknown member {name!r}") if member else _("unknown unit {name!r}")).format(name=name),
            path=path,
            hint=hint or _("add the unit to 'units' or correct the id"),
            code="unknown-unit",
        )

    def _known(self, name: str) -> bool:
        return name in self.units

    # -- sections and tasks -----------------------------------------------------------------

    def _sections(self) -> Iterator[Problem]:
        keys: set[str] = set()
        numbers: dict[int, str] = {}
        target_ids: dict[str, str] = {}
        for i, section in enumerate(self.plan.sections):
            spath = f"$.sections[{i}]"
            if section.key in keys:
                yield Problem(message=_("duplicate section key {key!r}").format(key=section.key), path=f"{spath}.key",
                              code="duplicate-section")
            keys.add(section.key)
            yield from self._extensions(section.extensions, "section", spath)
            for j, task in enumerate(section.tasks):
                tpath = f"{spath}.tasks[{j}]"
                if task.number in numbers:
                    yield Problem(
                        message=_("duplicate task number {number} (first at {first})").format(
                                    number=task.number, first=numbers[task.number]),
                        path=f"{tpath}.number",
                        hint=_("number the tasks 1, 2, 3… once each"),
                        code="duplicate-task",
                    )
                else:
                    numbers[task.number] = tpath
                yield from self._task(task, tpath, target_ids)

    def _task(self, task: Task, path: str, target_ids: dict[str, str]) -> Iterator[Problem]:
        seen: dict[str, Role] = {}
        for k, resp in enumerate(task.responsibilities):
            rpath = f"{path}.responsibilities[{k}]"
            if not self._known(resp.unit):
                yield self._unknown_unit(resp.unit, f"{rpath}.unit")
            if resp.unit in seen:
                yield Problem(
                    message=_("unit {unit!r} appears twice in task {number} (as {first} and {role})").format(
                                unit=resp.unit, number=task.number, first=seen[resp.unit].value,
                                role=resp.role.value),
                    path=rpath,
                    hint=_("keep one role per unit and task"),
                    code="duplicate-responsibility",
                )
            seen.setdefault(resp.unit, resp.role)
        if not task.owners:
            yield Problem(
                message=_("task {number} has neither a lead (牵头) nor a responsible (责任) unit").format(
                            number=task.number),
                path=f"{path}.responsibilities",
                hint=_("add a responsibility with 'role: lead' or 'role: responsible'"),
                code="no-lead",
            )
        yield from self._extensions(task.extensions, "task", path)
        for k, target in enumerate(task.targets):
            tpath = f"{path}.targets[{k}]"
            if target.id in target_ids:
                yield Problem(
                    message=_("duplicate target id {id!r} (first at {first})").format(
                                id=target.id, first=target_ids[target.id]),
                    path=f"{tpath}.id",
                    hint=_("give each target its own id, e.g. T10-1, T10-2"),
                    code="duplicate-target",
                )
            else:
                target_ids[target.id] = tpath
            yield from self._target(target, tpath)
        milestone_ids: set[str] = set()
        for k, milestone in enumerate(task.milestones):
            mpath = f"{path}.milestones[{k}]"
            if milestone.id in milestone_ids:
                yield Problem(message=_("duplicate milestone id {id!r}").format(id=milestone.id), path=f"{mpath}.id",
                              code="duplicate-milestone")
            milestone_ids.add(milestone.id)
            if milestone.owner is not None and not self._known(milestone.owner):
                yield self._unknown_unit(milestone.owner, f"{mpath}.owner")
            if milestone.due is not None:
                yield from self._in_horizon(milestone.due, f"{mpath}.due", "'due'")

    # -- targets -------------------------------------------------------------------------

    def _target(self, target: Target, path: str) -> Iterator[Problem]:
        for name in ("quantity", "minimum", "maximum"):
            value: Decimal | None = getattr(target, name)
            if value is not None and value < 0:
                yield Problem(
                    message=_("'{name}' must be >= 0 (got {value!r})").format(name=name, value=value),
                    path=f"{path}.{name}",
                    hint=_("targets state amounts to reach; write decreases as a comparator '<=' on a level"),
                    code="negative-quantity",
                )
        for name in ("quantity", "minimum", "maximum", "weight"):
            value = getattr(target, name)
            limit = number_problem(value, name) if value is not None else None
            if limit:
                yield Problem(message=limit, path=f"{path}.{name}", code="number-limit",
                              hint=_("quantities are kept exactly by every store: below 10^12, at most 6 decimal "
                                     "places"))
        if target.baseline is not None:
            limit = number_problem(target.baseline.value, "value")
            if limit:
                yield Problem(message=limit, path=f"{path}.baseline.value", code="number-limit")
        if target.weight < 0:
            yield Problem(message=_("'weight' must be >= 0 (got {weight!r})").format(weight=target.weight),
                          path=f"{path}.weight", code="negative-weight")
        for k, owner in enumerate(target.owners):
            if not self._known(owner):
                yield self._unknown_unit(owner, f"{path}.owners[{k}]")
        if target.deadline is not None:
            yield from self._in_horizon(target.deadline, f"{path}.deadline", "'deadline'")
        yield from self._extensions(target.extensions, "target", path)
        try:
            kind = self.registry.target_kind(target.kind)
        except EduPlanError as exc:
            names = self.registry.names("edu_plan.target_kinds")
            hint = suggest(target.kind, names) or _("the installed kinds are {names}").format(names=", ".join(names))
            message = (_("unknown target kind {kind!r}").format(kind=target.kind) if target.kind not in names
                       else str(exc))
            yield Problem(message=message, path=f"{path}.kind", hint=hint, code="unknown-kind")
            return
        yield from _kind_fields(kind.name, str(getattr(kind, "label", kind.name)), kind.requires, kind.uses, target,
                                path)
        yield from kind.validate(target, path=path)

    def _in_horizon(self, day: pendulum.Date, path: str, what: str) -> Iterator[Problem]:
        horizon = self.plan.horizon
        if horizon is not None and not horizon.contains(day):
            yield Problem(
                message=_("{what} must be within the plan's horizon {start} .. {end} (got {day})").format(
                            what=what, start=horizon.start, end=horizon.end, day=day),
                path=path,
                hint=_("correct the date, or extend the plan's 'horizon'"),
                code="outside-horizon",
            )

    # -- extensions ---------------------------------------------------------------------------

    def _extensions(self, extensions: Mapping[str, Any], owner: str, path: str) -> Iterator[Problem]:
        for name, data in extensions.items():
            epath = f"{path}.extensions.{name}"
            if name not in self.registry.names("edu_plan.extensions"):
                yield Problem(
                    message=_("extension {name!r} is not installed; its data is kept unchanged but was not "
                              "checked").format(name=name),
                    path=epath,
                    hint=_("install the plugin that provides the {name!r} extension to check it").format(name=name),
                    severity=Severity.NOTE,
                    code="extension-not-installed",
                )
                continue
            try:
                extension = self.registry.extension(name)
            except EduPlanError as exc:
                yield Problem(message=str(exc), path=epath, severity=Severity.WARNING, code="extension-failed")
                continue
            if owner not in extension.applies_to:
                yield Problem(
                    message=_("extension {name!r} does not apply to a {owner} (it applies to: {applies_to})").format(
                                name=name, owner=_owner(owner),
                                applies_to=_(", ").join(_owner(o) for o in sorted(extension.applies_to))),
                    path=epath,
                    hint=_("move the data to a {applies_to}").format(
                             applies_to=_(" or ").join(_owner(o) for o in sorted(extension.applies_to))),
                    code="extension-misplaced",
                )
                continue
            yield from extension.validate(data, path=epath)


_FIELD_DEFAULTS: dict[str, None] = dict.fromkeys(
    ("quantity", "minimum", "maximum", "comparator", "unit_of_measure", "recurrence", "deadline", "baseline",
     "relative_to")
)


def _kind_fields(
    kind: str, label: str, requires: frozenset[str], uses: frozenset[str], target: Target, path: str
) -> Iterator[Problem]:
    # {kind} is the kind's name (level, cumulative…), {label} its word (水平, 累计…): each catalog picks one.
    for name, default in _FIELD_DEFAULTS.items():
        value = getattr(target, name)
        if name in requires and value == default:
            yield Problem(
                message=_("a {kind} target needs {name!r}").format(kind=kind, label=label, name=name),
                path=f"{path}.{name}",
                hint=str(_REQUIRED_HINTS[name]) if name in _REQUIRED_HINTS else _("set {name!r}").format(name=name),
                code="missing-field",
            )
        elif value != default and name not in requires and name not in uses:
            yield Problem(
                message=_("{name!r} is ignored by a {kind} target").format(name=name, kind=kind, label=label),
                path=f"{path}.{name}",
                hint=_("remove it, or choose the kind that uses it"),
                severity=Severity.WARNING,
                code="ignored-field",
            )


_REQUIRED_HINTS = {
    "recurrence": N_("say how often it is due, e.g. 'recurrence: {every: semester}' (每学期) or "
                     "'{every: year, interval: 3}' (每3年)"),
    "quantity": N_("give the amount to reach, e.g. 'quantity: 10'"),
    "minimum": N_("give the lower end of the range, e.g. 'minimum: 2' for 2—3名"),
    "maximum": N_("give the upper end of the range, e.g. 'maximum: 3' for 2—3名"),
    "comparator": N_("say how a value is compared, e.g. 'comparator: \">=\"' for 以上"),
}
# What an extension's data may belong to, for people.
_OWNERS = {"plan": N_("plan"), "unit": N_("unit"), "section": N_("section"), "task": N_("task"),
           "target": N_("target")}


def _owner(name: str) -> str:
    return str(_OWNERS[name]) if name in _OWNERS else name


_SAFE_ID = re.compile(r"[^\s/\\:*?\"<>|\x00-\x1f\x7f]+")


def _plan_id(plan_id: str) -> Iterator[Problem]:
    # A plan id names folders and files in stores and keys in databases: no path separators, no "..".
    if not _SAFE_ID.fullmatch(plan_id) or plan_id.startswith(".") or ".." in plan_id:
        yield Problem(message=_("'id' must be a name without spaces, '/', '\\', '..' or a leading '.' (got "
                                "{plan_id!r})").format(plan_id=plan_id), path="$.id", code="bad-id",
                      hint=_("use letters, digits and '-', e.g. helan-edu-quality-2023"))


def raw_problems(data: Any, *, registry: Registry | None = None) -> list[Problem]:
    """The semantic problems that can be seen in a raw plan mapping that did not structure.

    So that one run lists everything: with the structural problems (wrong types, missing
    fields) come the unknown units and misspelt target kinds, found here on the plain data.
    """
    if not isinstance(data, Mapping):
        return []
    kinds = (registry or default_registry()).names("edu_plan.target_kinds")
    units = data.get("units")
    known: set[str] = set()
    if isinstance(units, list):
        for unit in units:
            if isinstance(unit, Mapping):
                known.update(str(unit[k]) for k in ("id",) if isinstance(unit.get(k), str))
    problems: list[Problem] = []

    def unit_ref(name: Any, path: str) -> None:
        if isinstance(name, str) and isinstance(units, list) and name not in known:
            hint = suggest(name, known)
            problems.append(Problem(message=_("unknown unit {name!r}").format(name=name), path=path,
                                    code="unknown-unit", hint=hint or _("add the unit to 'units' or correct the id")))

    sections = data.get("sections")
    for i, section in enumerate(sections if isinstance(sections, list) else []):
        tasks = section.get("tasks") if isinstance(section, Mapping) else None
        for j, task in enumerate(tasks if isinstance(tasks, list) else []):
            if not isinstance(task, Mapping):
                continue
            tpath = f"$.sections[{i}].tasks[{j}]"
            responsibilities = task.get("responsibilities")
            for k, resp in enumerate(responsibilities if isinstance(responsibilities, list) else []):
                if isinstance(resp, Mapping):
                    unit_ref(resp.get("unit"), f"{tpath}.responsibilities[{k}].unit")
            targets = task.get("targets")
            for k, target in enumerate(targets if isinstance(targets, list) else []):
                if not isinstance(target, Mapping):
                    continue
                kind = target.get("kind")
                if isinstance(kind, str) and kind not in kinds:
                    problems.append(Problem(message=_("unknown target kind {kind!r}").format(kind=kind),
                                            path=f"$.sections[{i}].tasks[{j}].targets[{k}].kind", code="unknown-kind",
                                            hint=suggest(kind, kinds)
                                            or _("the installed kinds are {names}").format(names=", ".join(kinds))))
                owners = target.get("owners")
                for m, owner in enumerate(owners if isinstance(owners, list) else []):
                    unit_ref(owner, f"$.sections[{i}].tasks[{j}].targets[{k}].owners[{m}]")
    return problems

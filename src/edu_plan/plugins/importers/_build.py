"""Assembling an imported plan: sections, tasks, responsibilities, targets and the report, then validation.

Both importers (official text and spreadsheet) feed a :class:`PlanBuilder`; it gives
units their registry entries, targets their ids (``T{task:02d}-{n}``) and default
deadlines (the plan horizon's end), records a finding for everything it keeps, and
validates the result without ever dropping the plan.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import attrs
import pendulum

from edu_plan._i18n import current_language, format_date
from edu_plan._i18n import gettext as _
from edu_plan._import import PLACES as _PLACES
from edu_plan._import import Finding, FindingKind, ImportReport, ImportResult
from edu_plan._model import BasisDocument, Horizon, Plan, Responsibility, Role, Safeguard, Section, Target, Task
from edu_plan._registry import Registry, default_registry
from edu_plan._validate import validate
from edu_plan.errors import EduPlanError, Problem
from edu_plan.plugins.importers._targets import Extracted, extract_targets
from edu_plan.plugins.importers._units import Mention, UnitRegistry

__all__ = ["PlanBuilder", "SectionDraft", "TaskDraft"]



@attrs.define
class TaskDraft:
    """A task while it is being read."""

    number: int
    title: str
    text: str = ""
    line: int | None = None
    responsibilities: list[tuple[Mention, int | None]] = attrs.field(factory=list)
    targets: list[tuple[Extracted, int | None]] = attrs.field(factory=list)


@attrs.define
class SectionDraft:
    key: str
    title: str
    intro: str = ""
    tasks: list[TaskDraft] = attrs.field(factory=list)


class PlanBuilder:
    """Collects what an importer reads and turns it into an :class:`~edu_plan.ImportResult`."""

    def __init__(self, *, source: str, importer: str, plan_id: str | None = None,
                 registry: Registry | None = None) -> None:
        self.source = source
        self.importer = importer
        self.plan_id = plan_id
        self.registry = registry
        self.title = ""
        self.issuer = ""
        self.doc_number: str | None = None
        self.issue_date: pendulum.Date | None = None
        self.basis: list[BasisDocument] = []
        self.region = ""
        self.preamble = ""
        self.guiding_ideology = ""
        self.goals: list[str] = []
        self.safeguards: list[Safeguard] = []
        self.horizon_end: pendulum.Date | None = None
        self.sections: list[SectionDraft] = []
        self.units = UnitRegistry()
        self.findings: list[Finding] = []

    # -- reading ---------------------------------------------------------------------------

    @property
    def issue_year(self) -> int | None:
        """The year the plan was issued, from its date or its doc number (〔2023〕)."""
        if self.issue_date is not None:
            return self.issue_date.year
        match = re.search(r"[〔\[［(（]((?:19|20)\d{2})[〕\]］)）]", self.doc_number or "")
        return int(match.group(1)) if match else None

    def section(self, key: str, title: str, intro: str = "") -> SectionDraft:
        """Start a new section (重点任务 (一)…)."""
        draft = SectionDraft(key=key or str(len(self.sections) + 1), title=title or "重点任务", intro=intro)
        self.sections.append(draft)
        return draft

    def task(self, section: SectionDraft, number: int, title: str, text: str = "", line: int | None = None
             ) -> TaskDraft:
        """Add a task to ``section``."""
        draft = TaskDraft(number=number, title=title, text=text, line=line)
        section.tasks.append(draft)
        return draft

    def responsibilities(self, task: TaskDraft, mentions: list[Mention], line: int | None, source: str) -> None:
        """Record the units of a responsibility line (or parenthesis, or cell) for ``task``."""
        for mention in mentions:
            task.responsibilities.append((mention, line))
            self.units.resolve(mention.name, line=line)
            if mention.written != mention.name:
                self.note(_("“{written}” read as {name} (the list's shared prefix)").format(
                    written=mention.written, name=mention.name), source=source,
                          line=line, where=_("task {number}").format(number=task.number), confidence=mention.confidence)

    def targets(self, task: TaskDraft, text: str, line: int | None, *, deadline: pendulum.Date | None = None) -> None:
        """Read the targets of ``text`` into ``task``; list the commitments that became none."""
        found, missed = extract_targets(text, issue_year=self.issue_year)
        for target in found:
            if deadline is not None and target.deadline is None and target.recurrence is None:
                target = attrs.evolve(target, deadline=deadline)
            task.targets.append((target, line))
        for miss in missed:
            self.findings.append(Finding(kind=FindingKind.MISSED, message=miss.reason, source=miss.source,
                                         where=_("task {number}").format(number=task.number), line=line,
                                         confidence=miss.confidence))

    def note(self, message: str, *, source: str = "", line: int | None = None, where: str = "",
             confidence: Decimal = Decimal(1)) -> None:
        """Add a note to the report."""
        self.findings.append(Finding(kind=FindingKind.NOTE, message=message, source=source, where=where, line=line,
                                     confidence=confidence))

    def place(self, line: int | None, text: str, went: str, detail: str = "") -> None:
        """Say where a paragraph of the source went (``went``: task, section, preamble, goals, safeguard,
        cover, table, attachment, heading, guiding ideology, or dropped with ``detail`` saying why)."""
        label = str(_PLACES.get(went, went))
        message = _("{went}: {detail}").format(went=label, detail=detail) if detail else label
        self.findings.append(Finding(kind=FindingKind.PLACEMENT, message=message,
                                     source=text, where=went, line=line,
                                     confidence=Decimal(0) if went == "dropped" else Decimal(1)))

    def unplaced(self, text: str, why: str, *, line: int | None = None, where: str = "") -> None:
        """Report a line that could not be placed in the plan."""
        self.findings.append(Finding(kind=FindingKind.UNPLACED, message=why, source=text, where=where, line=line,
                                     confidence=Decimal(0)))

    # -- finishing ---------------------------------------------------------------------------

    def _horizon(self, deadlines: list[pendulum.Date]) -> Horizon | None:
        end = self.horizon_end or (max(deadlines) if deadlines else None)
        year = self.issue_year
        start = self.issue_date or (pendulum.Date(year, 1, 1) if year else None)
        if start is None or end is None or end < start:
            return None
        return Horizon(start=start, end=end)

    def finish(self) -> ImportResult:
        """The plan, validated, and the report (the plan is returned even when it does not validate)."""
        explicit = [t.deadline for s in self.sections for d in s.tasks for t, _ in d.targets if t.deadline]
        horizon = self._horizon(explicit)
        findings = list(self.findings)
        sections = []
        numbers: dict[int, int] = {}
        for si, sdraft in enumerate(self.sections):
            tasks = []
            for ti, draft in enumerate(sdraft.tasks):
                where = f"$.sections[{si}].tasks[{ti}]"
                number = draft.number
                if number in numbers or number < 1:
                    number = max([*numbers, 0]) + 1
                    findings.append(Finding(kind=FindingKind.NOTE, where=where, line=draft.line,
                                            message=_("task numbered {old} again; renumbered {new}").format(
                                                old=draft.number, new=number),
                                            source=draft.title, confidence=Decimal("0.5")))
                numbers[number] = ti
                tasks.append(self._task(draft, number, where, horizon, findings))
            sections.append(Section(key=sdraft.key, title=sdraft.title, intro=sdraft.intro, tasks=tuple(tasks)))
        for unit_id, name, spellings, line in self.units.merged():
            merged = "、".join(s for s in spellings if s != name)
            message = _("{name} (also written {spellings})").format(name=name, spellings=merged) if merged else name
            findings.append(Finding(kind=FindingKind.UNIT, where=unit_id, message=message,
                                    source=" / ".join(spellings), line=line,
                                    confidence=Decimal(1) if len(spellings) == 1 else Decimal("0.9")))
        title = self.title or (Path(self.source).stem if not self.source.startswith("<") else "") or _("untitled plan")
        if not self.title:
            findings.append(Finding(kind=FindingKind.NOTE, message=_("no title found; the plan is called “{title}”"
                                                                    ).format(title=title),
                                    confidence=Decimal(0)))
        plan = Plan(
            id=self.plan_id or _plan_id(self.source, self.issue_year),
            title=title,
            issuer=self.issuer,
            doc_number=self.doc_number,
            issue_date=self.issue_date,
            basis=tuple(self.basis),
            region=self.region,
            horizon=horizon,
            preamble=self.preamble,
            guiding_ideology=self.guiding_ideology,
            goals=tuple(self.goals),
            sections=tuple(sections),
            safeguards=tuple(self.safeguards),
            units=self.units.units(),
        )
        problems: tuple[Problem, ...] = validate(plan, registry=self.registry).problems
        report = ImportReport(source=self.source, importer=self.importer, findings=_ordered(findings),
                              problems=problems)
        return ImportResult(plan=plan, report=report)

    def _kind_label(self, kind: str) -> str:
        # The kind's word (累计, 水平…) in Chinese; in English its name (cumulative, level…).
        if current_language() == "en":
            return kind
        try:
            return str((self.registry or default_registry()).target_kind(kind).label)
        except EduPlanError:  # a kind whose plugin is not installed shows by its name
            return kind

    def _task(self, draft: TaskDraft, number: int, where: str, horizon: Horizon | None,
              findings: list[Finding]) -> Task:
        responsibilities: list[Responsibility] = []
        seen: dict[str, Role] = {}
        for k, (mention, line) in enumerate(draft.responsibilities):
            unit_id = self.units.resolve(mention.name)
            if unit_id in seen:
                findings.append(Finding(kind=FindingKind.NOTE, where=f"{where}.responsibilities", line=line,
                                        message=_("{unit} named twice in task {number} (kept as {role})").format(
                                            unit=mention.name, number=number, role=seen[unit_id].label),
                                        source=mention.written,
                                        confidence=Decimal("0.5")))
                continue
            seen[unit_id] = mention.role
            findings.append(Finding(kind=FindingKind.RESPONSIBILITY, where=f"{where}.responsibilities[{k}]",
                                    message=_("{unit} — {role} ({role_id})").format(
                                        unit=mention.name, role=mention.role.label, role_id=mention.role.value),
                                    source=mention.written, line=line, confidence=mention.confidence))
            responsibilities.append(Responsibility(unit=unit_id, role=mention.role))
        targets: list[Target] = []
        default = horizon.end if horizon is not None else None
        for k, (extracted, line) in enumerate(draft.targets, start=1):
            target_id = f"T{number:02d}-{k}"
            deadline = extracted.deadline or (None if extracted.recurrence is not None else default)
            target = Target(
                id=target_id, kind=extracted.kind, metric=extracted.metric, quantity=extracted.quantity,
                minimum=extracted.minimum, maximum=extracted.maximum, comparator=extracted.comparator,
                unit_of_measure=extracted.unit_of_measure, recurrence=extracted.recurrence, deadline=deadline,
                approximate=extracted.approximate, relative_to=extracted.relative_to, source=extracted.source,
                text=extracted.text,
            )
            targets.append(target)
            if deadline:
                message = _("{kind}: {target}, by {deadline} — {how}").format(
                    kind=self._kind_label(extracted.kind), target=target.describe(), deadline=format_date(deadline),
                    how=extracted.how)
            else:
                message = _("{kind}: {target} — {how}").format(kind=self._kind_label(extracted.kind),
                                                               target=target.describe(), how=extracted.how)
            findings.append(Finding(kind=FindingKind.TARGET, where=target_id, message=message,
                                    source=extracted.source, line=line, confidence=extracted.confidence))
        title = draft.title.strip() or draft.text[:20] or f"任务{number}"
        return Task(number=number, title=title, text=draft.text, responsibilities=tuple(responsibilities),
                    targets=tuple(targets))


def _ordered(findings: list[Finding]) -> list[Finding]:
    order = list(FindingKind)
    # Placements read in the order of the source's lines; the other kinds in the order they were found.
    return sorted(findings, key=lambda f: (order.index(f.kind), (f.line or 0) if f.kind is FindingKind.PLACEMENT
                                           else 0))


def _plan_id(source: str, year: int | None) -> str:
    stem = re.sub(r"[^a-z0-9]+", "-", Path(source).stem.lower()).strip("-")
    if stem:
        return stem
    return f"imported-plan-{year}" if year else "imported-plan"

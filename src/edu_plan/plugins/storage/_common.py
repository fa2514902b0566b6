"""What every built-in store shares: report identity, exact decimals as integers, and the locking rules.

The rules for adding reports are :class:`~edu_plan.ProgressLog`'s, applied to the
part of the store a batch touches (:func:`apply_reports`), so that a database store
and the in-memory log accept, merge and refuse exactly the same reports.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

import attrs
import pendulum

from edu_plan import serialization
from edu_plan._assessment import Assessment
from edu_plan._i18n import gettext as _
from edu_plan._model import Plan
from edu_plan._periods import Period
from edu_plan._progress import EVENT_TYPES, Event, ProgressLog, ProgressReport, ReviewStatus
from edu_plan._progress import event_kind as core_event_kind
from edu_plan.errors import LockedPeriodError, StorageError
from edu_plan.limits import LIMITS

__all__ = [
    "EVENT_TYPES",
    "MAX_VALUE",
    "SCALE",
    "Entry",
    "apply_reports",
    "assessment_key",
    "canonical_value",
    "digest",
    "event_document",
    "evidence_text",
    "from_micro",
    "identity_of",
    "json_string",
    "report_identity",
    "to_micro",
    "total_of",
]

SCALE = LIMITS.decimals
"""Decimal places a stored value may have (:attr:`edu_plan.limits.Limits.decimals`): values are summed in SQL as
integers of millionths, exactly."""

MAX_VALUE = LIMITS.max_value
"""Values are refused from this magnitude on (:attr:`edu_plan.limits.Limits.integer_digits`), so that a national
sum of millionths fits in 64 bits."""

_ONE_MICRO = Decimal(10) ** SCALE

def digest(text: str) -> str:
    """The SHA-256 of ``text`` (UTF-8), in hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def to_micro(value: Decimal, *, where: str = "") -> int:
    """``value`` in millionths; a :class:`~edu_plan.errors.StorageError` when it cannot be kept exactly."""
    if abs(value) >= MAX_VALUE:
        raise StorageError(_("{where}'value' must be below {max_value:,} in magnitude (got {value}); report it in "
                             "a larger unit of measure").format(where=where, max_value=MAX_VALUE, value=value))
    try:
        scaled = value.scaleb(SCALE)
        exact = scaled == scaled.to_integral_value()
    except InvalidOperation:
        exact = False
    if not exact:
        raise StorageError(_("{where}'value' must have at most {scale} decimal places (got {value}); round it "
                             "before reporting").format(where=where, scale=SCALE, value=value))
    return int(scaled)


def from_micro(micro: int) -> Decimal:
    """The decimal of ``micro`` millionths."""
    return Decimal(micro) / _ONE_MICRO


def total_of(micro_sum: int, min_exponent: int) -> Decimal:
    """The sum of a group's values as Python would write it: ``1.5 + 2`` is ``3.5``, ``1 + 2.25`` is ``3.25``.

    Adding decimals keeps the smallest exponent of the terms, so quantizing the exact
    integer sum to the smallest stored exponent gives the same digits as
    :func:`sum` over the :class:`~decimal.Decimal` values.
    """
    return from_micro(micro_sum).quantize(Decimal(1).scaleb(min_exponent))


def exponent_of(value: Decimal) -> int:
    """The exponent of a finite decimal (``Decimal('1.50')`` → -2)."""
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)  # noqa: S101 - reports hold finite values only
    return exponent


def canonical_value(value: Decimal) -> str:
    """The text of ``value`` in a report's identity: equal decimals give the same text."""
    return _canonical_value(value)


def _canonical_value(value: Decimal) -> str:
    # Equal decimals (1, 1.0, 1E+0, -0) are the same report, as ProgressLog compares them.
    return "0" if value == 0 else str(value.normalize())


@functools.lru_cache(maxsize=4096)
def evidence_text(evidence: tuple[str, ...]) -> str:
    """The stored JSON text of a report's evidence: ``serialization.dumps(list(evidence), "json")``.

    Written item by item with the standard library's C string encoder (``json.dumps`` with an indent
    falls back to its Python encoder), the same bytes — two-space indent, UTF-8 kept, a final newline;
    a property test checks they agree — and cached: a national load has a million reports and a few
    distinct evidence lists.
    """
    if not evidence:
        return "[]\n"
    return "[\n" + ",\n".join("  " + json.dumps(item, ensure_ascii=False) for item in evidence) + "\n]\n"


def report_identity(report: ProgressReport, *, evidence: str | None = None) -> str:
    """What makes a report itself: a hash of everything but its review status (``ProgressReport.content``).

    ``evidence`` is :func:`evidence_text` of the report's evidence when the caller has it already.
    """
    return identity_of(
        report.plan_id, report.target, report.unit, str(report.period), _canonical_value(report.value),
        report.report_date.isoformat(), evidence_text(tuple(report.evidence)) if evidence is None else evidence,
        report.note, report.reported_by)


def identity_of(plan_id: str, target: str, unit: str, period: str, canonical_value: str, report_date: str,
                evidence: str, note: str, reported_by: str | None) -> str:
    """:func:`report_identity` from the report's parts already as text (the bulk load caches most of them)."""
    parts = (plan_id, target, unit, period, canonical_value, report_date, evidence, note,
             "" if reported_by is None else f"={reported_by}")
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def event_kind(event: Event) -> str:
    """The ``kind`` an event is stored under: ``award``, ``incident`` or ``lapse`` (see :data:`EVENT_TYPES`)."""
    try:
        return core_event_kind(event)
    except TypeError:
        raise StorageError(_("'event' must be an Award, Incident or ReportLapse (got {name})").format(
                               name=type(event).__name__)) from None


def event_document(event: Event) -> str:
    """The canonical JSON text of an event (its identity is the hash of this)."""
    return serialization.dumps(serialization.unstructure(event, "json"), "json")


def assessment_document(assessment: Assessment) -> str:
    """The canonical JSON text of an assessment."""
    return serialization.dumps(serialization.unstructure(assessment, "json"), "json")


def assessment_key(assessment: Assessment) -> str:
    """An assessment's id: the first 16 hex digits of the hash of its canonical document."""
    return digest(assessment_document(assessment))[:16]


def load_assessment_document(text: str, *, source: str) -> Assessment:
    """An assessment from its stored JSON text."""
    data = serialization.loads(text, "json", source=source)
    return serialization.structure(data, Assessment, "json")


def event_from_document(kind: str, text: str, *, source: str) -> Event:
    """An event from its stored kind and JSON text."""
    return serialization.structure(serialization.loads(text, "json", source=source), EVENT_TYPES[kind], "json")


def sort_events(events: Iterable[Event], plan_id: str, until: pendulum.Date | None) -> list[Event]:
    """Events in the order :meth:`ProgressLog.events` gives them (reusing its rule)."""
    return ProgressLog(events=events).events(plan_id, until=until)


@attrs.define
class Entry:
    """One report of a group while a batch is applied: its row id (None until inserted) and stored status."""

    row_id: int | None
    report: ProgressReport
    stored_status: ReviewStatus | None


GroupKey = tuple[str, str, str, Period]


def apply_reports(
    existing: dict[GroupKey, list[Entry]], incoming: Iterable[ProgressReport]
) -> tuple[list[ProgressReport], list[tuple[int, ReviewStatus]], int]:
    """Apply ``incoming`` to the stored groups it touches, by :class:`~edu_plan.ProgressLog`'s rules.

    ``existing`` maps each touched group to its stored reports in insertion order (it is
    changed in place).  Reports are inserted group by group: only the order within a
    group matters to any rule (it breaks report-date ties).  Returns the reports to
    insert (in order), the status changes of stored rows, and how many incoming reports
    were new.  A new report for an approved group raises
    :class:`~edu_plan.errors.LockedPeriodError` before anything is written.
    """
    new = 0
    # Each touched group's reports by content, so that a report is looked up, not compared with each.
    index: dict[GroupKey, dict[tuple[Any, ...], Entry]] = {}
    for report in incoming:
        key = report.group
        group = existing.setdefault(key, [])
        seen = index.get(key)
        if seen is None:
            seen = index[key] = {}
            for entry in group:
                seen.setdefault(entry.report.content, entry)
        if _add(group, report, seen):
            new += 1
    inserts: list[ProgressReport] = []
    updates: list[tuple[int, ReviewStatus]] = []
    for group in existing.values():
        for entry in group:
            if entry.row_id is None:
                inserts.append(entry.report)
            elif entry.report.status is not entry.stored_status:
                updates.append((entry.row_id, entry.report.status))
    return inserts, updates, new


def fresh_groups(
    by_group: dict[GroupKey, list[ProgressReport]], existing: dict[GroupKey, list[Entry]],
    identity: Callable[[ProgressReport], str],
) -> tuple[list[ProgressReport], list[ProgressReport]]:
    """Split a batch (by group, in order) into the reports of the fast path and those :func:`apply_reports` rules.

    A group with nothing stored (not in ``existing``) whose reports are all submitted and have distinct
    identities (``identity``: the report's :func:`report_identity`) is new as it is: the log would add each
    report in turn and change none.  Returns (those reports, group by group; every other report, in order).
    """
    fresh: list[ProgressReport] = []
    ruled: list[ProgressReport] = []
    submitted = ReviewStatus.SUBMITTED
    for key, reports in by_group.items():
        if key not in existing and all(r.status is submitted for r in reports) and (
                len(reports) == 1 or len({identity(r) for r in reports}) == len(reports)):
            fresh.extend(reports)
        else:
            ruled.extend(reports)
    return fresh, ruled


def _add(group: list[Entry], report: ProgressReport, seen: dict[tuple[Any, ...], Entry]) -> bool:
    content = report.content
    entry = seen.get(content)
    if entry is not None:
        existing = entry.report
        if existing.status is not report.status:
            # ProgressLog's own transition rule, reused so that both refuse the same moves.
            ProgressLog._check_transition(existing, report.status)
            entry.report = attrs.evolve(existing, status=report.status)
            if report.status is ReviewStatus.APPROVED:
                _approve(group)
        return False
    if any(e.report.status is ReviewStatus.APPROVED for e in group):
        raise LockedPeriodError(
            _("{unit} / {target} / {period}: the period is approved and locked; a new report (value {value}, dated "
              "{report_date}) is refused — ask the reviewer to reopen it (store.reopen) first").format(
                unit=report.unit, target=report.target, period=report.period, value=report.value,
                    report_date=report.report_date)
        )
    entry = Entry(row_id=None, report=report, stored_status=None)
    group.append(entry)
    seen[content] = entry
    if report.status is ReviewStatus.APPROVED:
        _approve(group)
    return True


def _approve(group: list[Entry]) -> None:
    for entry in group:
        if entry.report.status is ReviewStatus.SUBMITTED:
            entry.report = attrs.evolve(entry.report, status=ReviewStatus.APPROVED)


def review_group(group: list[Entry], status: ReviewStatus, *, where: str) -> None:
    """Move every report of a group to ``status``, as :meth:`ProgressLog.review` does."""
    from edu_plan.errors import Problem, ProgressError

    if not group:
        raise ProgressError([Problem(message=_("no report for {where}").format(
            where=where), hint=_("add the report before reviewing it"),
                                     code="no-report")])
    for entry in group:
        if entry.report.status is not status:
            ProgressLog._check_transition(entry.report, status)  # the log's own rule, reused
    for entry in group:
        entry.report = attrs.evolve(entry.report, status=status)


def reopen_group(group: Sequence[Entry]) -> None:
    """Approved reports go back to submitted, as :meth:`ProgressLog.reopen` does."""
    for entry in group:
        if entry.report.status is ReviewStatus.APPROVED:
            entry.report = attrs.evolve(entry.report, status=ReviewStatus.SUBMITTED)


def changes(groups: Iterable[list[Entry]]) -> list[tuple[int, ReviewStatus]]:
    """The (row id, new status) of stored rows whose status moved."""
    return [(e.row_id, e.report.status) for g in groups for e in g
            if e.row_id is not None and e.report.status is not e.stored_status]


def as_period(value: Period | str) -> Period:
    """A :class:`Period` from a period or its identifier (``2024Q3``)."""
    return value if isinstance(value, Period) else Period.parse(value)


def plain_date(day: pendulum.Date) -> Any:
    """A ``datetime.date`` for database drivers that do not know pendulum."""
    import datetime as dt

    return dt.date(day.year, day.month, day.day)


def to_pendulum(day: Any) -> pendulum.Date:
    """A ``pendulum.Date`` from what a driver returns (a date, or ISO text)."""
    if isinstance(day, str):
        import datetime as dt

        day = dt.date.fromisoformat(day)
    return pendulum.Date(day.year, day.month, day.day)


def check_reports(store: Any, batch: Sequence[ProgressReport], plan_ids: Iterable[str] | None = None) -> None:
    """Refuse the batch, before anything is written, when a report does not fit its stored plan.

    One :class:`~edu_plan.errors.ProgressError` lists every problem (see :func:`edu_plan._progress.require_reports`);
    a report of a plan the store does not hold is left to the store's own refusal.  ``plan_ids``: the batch's
    plans when the caller has them already.
    """
    from edu_plan._progress import require_reports

    stored_plans = getattr(store, "plans_for_check", None)
    if stored_plans is not None:  # the store reads every plan of the batch at once, each stored document once
        wanted = {getattr(r, "plan_id", "") for r in batch} if plan_ids is None else set(plan_ids)
        known: dict[str, Plan | None] = stored_plans(sorted(p for p in wanted if isinstance(p, str)))
        require_reports(lambda plan_id: known.get(plan_id), batch)
        return

    def plan_of(plan_id: str) -> Plan | None:
        try:
            plan: Plan = store.load_plan(plan_id)
        except StorageError:
            return None
        return plan

    require_reports(plan_of, batch)


def json_string(text: str) -> str:
    """``text`` as a JSON string, the way the canonical writer quotes it (UTF-8 kept)."""
    return json.dumps(text, ensure_ascii=False)

"""Every plugin contract of edu_plan, one :class:`typing.Protocol` per plugin kind.

A plugin is an object (usually a module-level instance) named by an entry point
in the group of its kind:

==============================  ==========================  =====================================
group                           protocol                    built-ins
==============================  ==========================  =====================================
``edu_plan.target_kinds``       :class:`TargetKind`         cumulative, level, range, recurring,
                                                            milestone, qualitative
``edu_plan.extensions``         :class:`Extension`          budget, contact
``edu_plan.storage``            :class:`StorageBackend`     files, sqlite, postgresql, mysql
``edu_plan.renderers``          :class:`Renderer`           table, markdown, html, csv, xlsx, json
``edu_plan.scorers``            :class:`Scorer`             attainment, pace, efficiency
``edu_plan.importers``          :class:`Importer`           text, spreadsheet
==============================  ==========================  =====================================
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from decimal import Decimal
from os import PathLike
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, runtime_checkable

# Annotations only: finding a plugin (and `edu-plan validate`) must not import assessments or importers.
if TYPE_CHECKING:
    import pendulum

    from edu_plan._achievements import Achievements
    from edu_plan._assessment import (
        Achievement,
        AchievementContext,
        Aggregation,
        Assessment,
        PaceInput,
        Reading,
        Scheme,
    )
    from edu_plan._import import ImportResult
    from edu_plan._model import Plan, Target
    from edu_plan._periods import Period
    from edu_plan._progress import Event, Observation, ProgressReport, ProgressSource, ReviewStatus
    from edu_plan._registry import Registry
    from edu_plan._store import PlanRevision
    from edu_plan.errors import Problem
    from edu_plan.views import View

SchemeT = TypeVar("SchemeT", bound="Scheme")
"""A scorer's scheme class."""

__all__ = [
    "PROTOCOLS",
    "Extension",
    "Importer",
    "Renderer",
    "Scorer",
    "StorageBackend",
    "Store",
    "TargetKind",
    "required_members",
]

TARGET_FIELDS = frozenset(
    {"quantity", "minimum", "maximum", "comparator", "unit_of_measure", "recurrence", "deadline", "baseline",
     "relative_to"}
)
"""The quantity-bearing fields of :class:`~edu_plan.Target` that a kind may require or use."""


@runtime_checkable
class TargetKind(Protocol):
    """**Protocol:** a kind of target, whole: its fields, its checks, how it adds up, is reached, paced and read.

    ``requires`` are the :data:`TARGET_FIELDS` a target of this kind must set;
    ``uses`` the ones it may set (a field outside both is reported as a warning,
    since the kind ignores it).  ``params_type`` is an attrs class for the kind's
    own extra fields (kept in :attr:`Target.params <edu_plan.Target.params>`), or None.
    Nothing outside the kind's plugin names a kind: views, progress checks, scorers and
    pace methods ask it, so a kind added by a third party works everywhere.
    """

    name: str
    """The kind's name, as written in plan files (``kind: cumulative``)."""
    label: str
    """The kind's Chinese name (累计, 水平, 区间, 周期, 里程碑, 定性)."""
    requires: frozenset[str]
    """Target fields that must be set."""
    uses: frozenset[str]
    """Target fields that may be set, beyond ``requires``."""
    params_type: type | None
    """An attrs class describing ``Target.params``, or None when the kind takes none."""
    aggregation: Aggregation
    """How its reports add up over time: a ``sum`` of increments, the ``latest`` value, a ``count`` per period,
    or ``done``."""

    def validate(self, target: Target, *, path: str) -> Iterable[Problem]:
        """Every problem of ``target`` that this kind knows about, located under ``path``."""
        ...

    def check_value(self, value: Decimal) -> str | None:
        """Why ``value`` cannot be reported for a target of this kind (a message in the attrs form), or None."""
        ...

    def achievement(
        self, target: Target, observations: Sequence[Observation], context: AchievementContext
    ) -> Achievement:
        """How far ``target`` is reached: a share in [0, 1] and a sentence explaining it.

        ``observations`` are those of the units answering for the target, reported up to
        ``context.as_of`` (and, when the scheme counts what cannot be proven as not done,
        only evidenced ones).  Every scorer asks the kind, so a new kind is scored everywhere.
        """
        ...

    def pace_input(self, target: Target) -> PaceInput:
        """What a pace method follows for ``target``: its running total, its level or its share, and the goal."""
        ...

    def reading(
        self, target: Target, observations: Sequence[Observation], context: AchievementContext
    ) -> Reading:
        """The target's progress as a ledger shows it (累计 120个; 92%（2024）), from the same observations."""
        ...


@runtime_checkable
class Extension(Protocol):
    """**Protocol:** namespaced, typed data carried by plan objects (``extensions: {budget: …}``).

    An extension plugin defines the data under its ``name`` on the objects listed in
    ``applies_to`` (any of ``plan``, ``section``, ``task``, ``unit``, ``target``).
    Data of an extension that is not installed is kept and written back unchanged.
    """

    name: str
    """The namespace key (``budget``)."""
    applies_to: frozenset[str]
    """Which objects may carry it: ``plan``, ``section``, ``task``, ``unit``, ``target``."""
    data_type: type
    """The attrs class the data is read into."""

    def validate(self, data: Any, *, path: str) -> Iterable[Problem]:
        """Every problem of the raw ``data``, located under ``path``."""
        ...

    def read(self, data: Mapping[str, Any]) -> Any:
        """The raw data as a ``data_type`` instance."""
        ...

    def write(self, value: Any) -> dict[str, Any]:
        """A ``data_type`` instance as raw data (what :meth:`read` takes back)."""
        ...


@runtime_checkable
class StorageBackend(Protocol):
    """**Protocol:** a kind of store (a folder of files, SQLite, PostgreSQL…), opened by URL.

    The entry-point name is the URL scheme it answers; ``postgresql+psycopg://…`` asks
    for ``postgresql``.  A store whose schema is older than the backend's is migrated
    when opened; one written by a newer library is refused with
    :class:`~edu_plan.errors.SchemaVersionError`.
    """

    name: str
    """The URL scheme it answers (``sqlite`` for ``sqlite:///plans.db``)."""
    schema_version: int
    """The store layout this backend writes; stores at a lower version are migrated on opening."""

    def open(self, url: str) -> Store:
        """Open the store at ``url``, creating it or migrating it to :attr:`schema_version` if needed."""
        ...

    def initialize(self, url: str, *, version: int | None = None) -> int:
        """Create (or migrate) the store at ``url`` up to ``version`` (default: the latest); return the version.

        An older ``version`` builds the layout of that release, which is how the
        migration tests start from an old store.
        """
        ...


@runtime_checkable
class Store(Protocol):
    """**Protocol:** an open store of plans (with revisions), progress reports, events and assessments.

    Every write is one transaction: it is stored whole or not at all.  Reports follow
    :class:`~edu_plan.ProgressLog`'s rules: the same report (everything but its status)
    sent twice is stored once; a new report for an approved group raises
    :class:`~edu_plan.errors.LockedPeriodError` until :meth:`reopen`.  A store is a
    :class:`~edu_plan.ProgressSource` whose :meth:`observations` are summed where the
    data lives (``GROUP BY`` in SQL).  Stores keep values exactly up to 6 decimal places
    below 10¹² and refuse others with :class:`~edu_plan.errors.StorageError`.
    """

    url: str
    """The URL the store was opened with (without a password)."""

    def close(self) -> None:
        """Release connections and files; the store cannot be used afterwards."""
        ...

    def __enter__(self) -> Store: ...

    def __exit__(self, *exc_info: object) -> None: ...

    def version(self) -> int:
        """The schema version of the store as it is now."""
        ...

    def save_plan(self, plan: Plan) -> PlanRevision:
        """Store ``plan`` as a new revision, or return the latest revision when it is unchanged."""
        ...

    def load_plan(self, plan_id: str, *, revision: int | None = None) -> Plan:
        """The plan ``plan_id`` at ``revision`` (default: the latest); StorageError naming stored plans if absent."""
        ...

    def revisions(self, plan_id: str) -> list[PlanRevision]:
        """Every revision of ``plan_id``, oldest first."""
        ...

    def plans(self) -> list[PlanRevision]:
        """The latest revision of every stored plan, by plan id."""
        ...

    def add_reports(self, reports: Iterable[ProgressReport]) -> int:
        """Add reports in one transaction (their plans must be stored); return how many were new."""
        ...

    def reports(
        self,
        plan_id: str,
        *,
        unit: str | None = None,
        target: str | None = None,
        period: Period | None = None,
    ) -> list[ProgressReport]:
        """The reports of ``plan_id``, narrowed by unit, target and period, in the order they were added."""
        ...

    def review(self, plan_id: str, target: str, unit: str, period: Period, status: ReviewStatus) -> None:
        """Move every report of a group to ``status``, as :meth:`ProgressLog.review <edu_plan.ProgressLog.review>`."""
        ...

    def reopen(self, plan_id: str, target: str, unit: str, period: Period) -> None:
        """Unlock an approved group, as :meth:`ProgressLog.reopen <edu_plan.ProgressLog.reopen>`."""
        ...

    def add_events(self, events: Iterable[Event]) -> int:
        """Add awards, incidents and lapses in one transaction; return how many were new."""
        ...

    def observations(
        self,
        plan_id: str,
        *,
        until: pendulum.Date | None = None,
        targets: Collection[str] | None = None,
        evidenced_only: bool = False,
    ) -> Iterable[Observation]:
        """The per-(target, unit, period) aggregates, computed by the store (:class:`~edu_plan.ProgressSource`)."""
        ...

    def events(self, plan_id: str, *, until: pendulum.Date | None = None) -> Iterable[Event]:
        """The events of ``plan_id`` dated on or before ``until``, by date (:class:`~edu_plan.ProgressSource`)."""
        ...

    def save_assessment(self, assessment: Assessment) -> str:
        """Store an assessment (the same one twice is stored once); return its id."""
        ...

    def load_assessment(self, assessment_id: str) -> Assessment:
        """The assessment with id ``assessment_id``."""
        ...

    def assessments(self, plan_id: str, *, period: Period | None = None) -> list[Assessment]:
        """The stored assessments of ``plan_id`` (of one period), by period, scorer, scheme and date."""
        ...


@runtime_checkable
class Renderer(Protocol):
    """**Protocol:** an output format for :class:`~edu_plan.views.View` objects (tables, documents, spreadsheets).

    ``render`` lays out one or more views as one document: a format that holds one
    table only (CSV) raises :class:`~edu_plan.errors.RenderError` for several.  Text
    formats return ``str``, binary ones (``xlsx``) ``bytes``; the same views give the
    same output every time.  Every piece of plan or report text is hostile until made
    inert for the format (escaped in HTML, formula-neutralised in CSV and Excel).
    """

    name: str
    """The format's name (``table``, ``html``…)."""
    suffix: str
    """The file suffix of its output, with the dot (``.html``)."""
    media_type: str
    """The IANA media type of its output (``text/html; charset=utf-8``)."""

    def render(self, views: Sequence[View], *, title: str = "") -> str | bytes:
        """``views`` as one document in this format; ``title`` names the document where it has a title."""
        ...


@runtime_checkable
class Scorer(Protocol[SchemeT]):
    """**Protocol:** turns a plan, its progress and a scheme into an assessment.

    A scheme is a TOML file an auditor edits (``scorer = "efficiency"`` names the scorer);
    :meth:`load_scheme` structures its table into the scorer's own scheme class
    (``scheme_type``, a subclass of :class:`~edu_plan.Scheme`) and reports every mistake at
    once, each with its path and line.  :meth:`score` reads the targets' achievements as
    :func:`edu_plan.evaluate` computed them (given, or computed from ``progress``, a
    :class:`~edu_plan.ProgressSource` of per-period aggregates).  Same inputs, same
    assessment, byte for byte.  Users call :func:`edu_plan.assess`, which finds the scorer.
    """

    name: str
    """The scorer's name (``attainment``, ``pace``, ``efficiency``)."""
    scheme_type: type[SchemeT]
    """The scorer's scheme class."""

    def load_scheme(self, data: Mapping[str, Any], *, source: str | None = None) -> SchemeT:
        """The scheme read from the TOML table ``data`` (``source`` names the file in errors)."""
        ...

    def score(
        self,
        plan: Plan,
        progress: ProgressSource,
        scheme: SchemeT,
        *,
        period: Period,
        as_of: pendulum.Date | None = None,
        registry: Registry | None = None,
        achievements: Achievements | None = None,
    ) -> Assessment:
        """The assessment of ``period`` as seen on ``as_of`` (default: the period's last day)."""
        ...


@runtime_checkable
class Importer(Protocol):
    """**Protocol:** reads a plan from a document that is not a plan file (official text, spreadsheet).

    An importer never raises for what it does not understand: it returns an
    :class:`~edu_plan.plugins.importers.ImportResult` whose report lists every target and responsibility
    with its source sentence and confidence, every commitment it did not turn into a
    target and every line it could not place.  Only a document it cannot read at all
    (missing, wrong format, a library not installed) raises an
    :class:`~edu_plan.errors.PlanImportError`.
    """

    name: str
    """The importer's name (``text``, ``spreadsheet``)."""
    suffixes: frozenset[str]
    """The file suffixes it reads (``.txt``, ``.docx``…), lower case with the dot."""

    def import_plan(self, source: str | PathLike[str], *, plan_id: str | None = None) -> ImportResult:
        """The plan read from the file ``source``, with a report of what was and was not understood."""
        ...


PROTOCOLS: Mapping[str, type] = {
    "edu_plan.target_kinds": TargetKind,
    "edu_plan.extensions": Extension,
    "edu_plan.storage": StorageBackend,
    "edu_plan.renderers": Renderer,
    "edu_plan.scorers": Scorer,
    "edu_plan.importers": Importer,
}
"""The protocol each entry-point group's plugins implement."""


def required_members(protocol: type) -> tuple[str, ...]:
    """The attributes and methods a plugin must have to implement ``protocol``."""
    names: list[str] = []
    for klass in reversed(protocol.__mro__):
        if klass in (object, Protocol) or not getattr(klass, "_is_protocol", False):
            continue
        names.extend(getattr(klass, "__annotations__", {}))
        names.extend(n for n, v in vars(klass).items() if callable(v) and not n.startswith("_"))
    return tuple(dict.fromkeys(names))

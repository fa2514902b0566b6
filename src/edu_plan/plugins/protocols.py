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

from collections.abc import Iterable, Mapping
from typing import Any, Protocol, runtime_checkable

from edu_plan._model import Target
from edu_plan.errors import Problem

__all__ = [
    "PROTOCOLS",
    "Extension",
    "Importer",
    "Renderer",
    "Scorer",
    "StorageBackend",
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
    """**Protocol:** a kind of target: which fields it needs, how it is checked.

    ``requires`` are the :data:`TARGET_FIELDS` a target of this kind must set;
    ``uses`` the ones it may set (a field outside both is reported as a warning,
    since the kind ignores it).  ``params_type`` is an attrs class for the kind's
    own extra fields (kept in :attr:`Target.params <edu_plan.Target.params>`), or None.
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

    def validate(self, target: Target, *, path: str) -> Iterable[Problem]:
        """Every problem of ``target`` that this kind knows about, located under ``path``."""
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
    """**Protocol:** a place to keep plans, progress and assessments, opened by URL."""

    name: str
    """The URL scheme it answers (``sqlite`` for ``sqlite:///plans.db``)."""

    def open(self, url: str) -> Any:
        """Open (creating if needed) the store at ``url``."""
        ...


@runtime_checkable
class Renderer(Protocol):
    """**Protocol:** an output format for views (tables, documents, spreadsheets)."""

    name: str
    """The format's name (``table``, ``html``…)."""

    def render(self, view: Any) -> str | bytes:
        """``view`` in this format."""
        ...


@runtime_checkable
class Scorer(Protocol):
    """**Protocol:** turns a plan, its progress and a scheme into an assessment."""

    name: str
    """The scorer's name (``attainment``, ``pace``, ``efficiency``)."""

    def score(self, plan: Any, progress: Any, scheme: Any, **options: Any) -> Any:
        """The assessment."""
        ...


@runtime_checkable
class Importer(Protocol):
    """**Protocol:** reads a plan from a document that is not a plan file (official text, spreadsheet)."""

    name: str
    """The importer's name (``text``, ``spreadsheet``)."""

    def import_plan(self, source: Any) -> Any:
        """The plan read from ``source``, with a report of what was and was not understood."""
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

"""Finding plugins: entry-point groups, loaded lazily, one plugin at a time.

A :class:`Registry` looks at the installed entry points the first time a group is
asked for, never at import.  Each entry point loads on its own: one that fails
becomes a :class:`~edu_plan.errors.PluginLoadError` naming it and its distribution
while the others keep working, and a name registered by two distributions is a
:class:`~edu_plan.errors.DuplicatePluginError` naming both.  Tests and applications
build a fresh ``Registry`` (optionally with no installed plugins at all) instead of
touching the process-wide one.
"""

from __future__ import annotations

import contextlib
import enum
import threading
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeVar, cast

import attrs

from edu_plan._i18n import gettext as _
from edu_plan.errors import DuplicatePluginError, EduPlanError, PluginLoadError, PluginNotFoundError

if TYPE_CHECKING:
    from importlib import metadata

    from edu_plan.protocols import Extension, Importer, Renderer, Scorer, StorageBackend, TargetKind

__all__ = ["Group", "PluginInfo", "Registry", "default_registry"]

P = TypeVar("P")


class Group(str, enum.Enum):
    """The entry-point groups, one per plugin kind."""

    STORAGE = "edu_plan.storage"
    RENDERERS = "edu_plan.renderers"
    SCORERS = "edu_plan.scorers"
    IMPORTERS = "edu_plan.importers"
    TARGET_KINDS = "edu_plan.target_kinds"
    EXTENSIONS = "edu_plan.extensions"

    @property
    def short(self) -> str:
        """The group without its ``edu_plan.`` prefix: ``storage``, ``target_kinds``…"""
        return self.value.removeprefix("edu_plan.")


@attrs.frozen(kw_only=True)
class PluginInfo:
    """What is known of one plugin without (or after) loading it."""

    group: Group
    name: str
    value: str
    distribution: str | None
    version: str | None
    error: EduPlanError | None = None


@attrs.define
class _Slot:
    info: PluginInfo
    entry_point: metadata.EntryPoint | None = None
    plugin: Any = None
    loaded: bool = False


class Registry:
    """Plugins by group and name.

    ``Registry()`` discovers installed entry points (lazily, on first use of each
    group).  ``Registry(discover=False)`` starts empty: add plugins with
    :meth:`register`.  Pass ``entry_points`` to discover from a given list instead
    of the installed distributions (useful in tests).
    """

    def __init__(self, *, discover: bool = True, entry_points: Iterable[metadata.EntryPoint] | None = None) -> None:
        self._discover = discover
        self._given = None if entry_points is None else tuple(entry_points)
        self._slots: dict[Group, dict[str, _Slot]] = {}
        self._duplicates: dict[Group, dict[str, DuplicatePluginError]] = {}
        self._lock = threading.RLock()

    # -- discovery ---------------------------------------------------------------------------

    def _group(self, group: Group) -> dict[str, _Slot]:
        group = Group(group)
        with self._lock:
            if group not in self._slots:
                self._slots[group] = {}
                self._duplicates[group] = {}
                if self._discover:
                    self._scan(group)
            return self._slots[group]

    def _scan(self, group: Group) -> None:
        from importlib import metadata  # slow to import: only when a group is first asked for

        if self._given is not None:
            found: Iterable[metadata.EntryPoint] = [ep for ep in self._given if ep.group == group.value]
        else:
            found = metadata.entry_points(group=group.value)
        by_name: dict[str, list[metadata.EntryPoint]] = {}
        dists: dict[int, tuple[str | None, str | None]] = {}  # each distribution's metadata parsed once
        for ep in found:
            by_name.setdefault(ep.name, []).append(ep)
        for name, eps in sorted(by_name.items()):
            names = [_dist(ep, dists)[0] or ep.value for ep in eps]
            if len({ep.value for ep in eps}) > 1:
                error = DuplicatePluginError(group.value, name, names)
                self._duplicates[group][name] = error
                info = PluginInfo(group=group, name=name, value=" | ".join(ep.value for ep in eps),
                                  distribution=" + ".join(names), version=None, error=error)
                self._slots[group][name] = _Slot(info=info, loaded=True)
                continue
            ep = eps[0]
            distribution, version = _dist(ep, dists)
            info = PluginInfo(group=group, name=name, value=ep.value, distribution=distribution, version=version)
            self._slots[group][name] = _Slot(info=info, entry_point=ep)

    # -- registration ---------------------------------------------------------------------

    def register(self, group: Group | str, name: str, plugin: object, *, replace: bool = False) -> None:
        """Add ``plugin`` under ``name`` in ``group`` (in-process, no entry point needed).

        A name already there is a :class:`~edu_plan.errors.DuplicatePluginError` unless
        ``replace`` is true; an object without every member of the group's Protocol is a
        :class:`~edu_plan.errors.PluginLoadError` naming the missing ones, as for an entry point.
        """
        group = Group(group)
        problem = _check_protocol(group, plugin)
        if problem:
            raise PluginLoadError(group.value, name, None, TypeError(problem))
        slots = self._group(group)
        with self._lock:
            if name in slots and not replace:
                raise DuplicatePluginError(group.value, name, [slots[name].info.distribution or "?", "register()"])
            info = PluginInfo(group=group, name=name, value=_qualname(plugin), distribution=None, version=None)
            slots[name] = _Slot(info=info, plugin=plugin, loaded=True)
            self._duplicates[group].pop(name, None)

    # -- lookup ---------------------------------------------------------------------------

    def names(self, group: Group | str) -> tuple[str, ...]:
        """The names in ``group`` (without loading them), sorted."""
        return tuple(sorted(self._group(Group(group))))

    def get(self, group: Group | str, name: str) -> Any:
        """The plugin ``name`` of ``group``, loading it if needed."""
        group = Group(group)
        slots = self._group(group)
        slot = slots.get(name)
        if slot is None:
            raise PluginNotFoundError(group.value, name, sorted(slots))
        with self._lock:
            if not slot.loaded:
                self._load(slot)
        if slot.info.error is not None:
            raise slot.info.error
        return slot.plugin

    def load_all(self, group: Group | str) -> dict[str, Any]:
        """Every plugin of ``group`` that loads; failures are left out (see :meth:`describe`)."""
        result = {}
        for name in self.names(group):
            try:
                result[name] = self.get(group, name)
            except (PluginLoadError, DuplicatePluginError):
                continue
        return result

    def describe(self, group: Group | str | None = None) -> list[PluginInfo]:
        """Every plugin (of one group, or of all), loaded so that failures show, sorted."""
        groups = [Group(group)] if group is not None else list(Group)
        infos = []
        for g in groups:
            for name in self.names(g):
                with contextlib.suppress(EduPlanError):  # the error is kept in the info
                    self.get(g, name)
                infos.append(self._group(g)[name].info)
        return infos

    def _load(self, slot: _Slot) -> None:
        ep = slot.entry_point
        assert ep is not None  # noqa: S101 - a slot without a plugin always has an entry point
        try:
            plugin = ep.load()
        except Exception as exc:  # noqa: BLE001 - any failure of third-party code is reported, not raised through
            error: EduPlanError = PluginLoadError(slot.info.group.value, slot.info.name, slot.info.distribution, exc)
            slot.info = attrs.evolve(slot.info, error=error)
        else:
            problem = _check_protocol(slot.info.group, plugin)
            if problem:
                cause = TypeError(problem)
                error = PluginLoadError(slot.info.group.value, slot.info.name, slot.info.distribution, cause)
                slot.info = attrs.evolve(slot.info, error=error)
            else:
                slot.plugin = plugin
        slot.loaded = True

    # -- typed accessors -------------------------------------------------------------------

    def target_kind(self, name: str) -> TargetKind:
        """The target kind ``name`` (cumulative, level, range, recurring, milestone, qualitative…)."""
        return cast("TargetKind", self.get(Group.TARGET_KINDS, name))

    def extension(self, name: str) -> Extension:
        """The model extension ``name`` (budget, contact…)."""
        return cast("Extension", self.get(Group.EXTENSIONS, name))

    def storage(self, name: str) -> StorageBackend:
        """The storage backend for URL scheme ``name`` (files, sqlite, postgresql, mysql…)."""
        return cast("StorageBackend", self.get(Group.STORAGE, name))

    def renderer(self, name: str) -> Renderer:
        """The renderer for output format ``name`` (table, markdown, html, csv, xlsx, json…)."""
        return cast("Renderer", self.get(Group.RENDERERS, name))

    def scorer(self, name: str) -> Scorer[Any]:
        """The scorer ``name`` (attainment, pace, efficiency…)."""
        return cast("Scorer[Any]", self.get(Group.SCORERS, name))

    def importer(self, name: str) -> Importer:
        """The importer ``name`` (text, spreadsheet…)."""
        return cast("Importer", self.get(Group.IMPORTERS, name))


def _check_protocol(group: Group, plugin: object) -> str | None:
    from edu_plan import protocols

    expected = protocols.PROTOCOLS[group.value]
    missing = [name for name in protocols.required_members(expected) if not hasattr(plugin, name)]
    if missing:
        return _("{qualname} does not implement {name}: missing {missing}").format(
                   qualname=_qualname(plugin), name=expected.__name__, missing=', '.join(missing))
    return None


def _dist(ep: metadata.EntryPoint, seen: dict[int, tuple[str | None, str | None]]) -> tuple[str | None, str | None]:
    """The name and version of the distribution of ``ep``; its metadata (an email parse) is read once per scan."""
    dist = getattr(ep, "dist", None)
    if dist is None:
        return None, None
    if id(dist) not in seen:
        seen[id(dist)] = (dist.metadata["Name"], dist.version)
    return seen[id(dist)]


def _qualname(obj: object) -> str:
    target = obj if isinstance(obj, type) else type(obj)
    return f"{target.__module__}:{target.__qualname__}"


_DEFAULT: Registry | None = None
_DEFAULT_LOCK = threading.Lock()


def default_registry() -> Registry:
    """The process-wide registry of installed plugins (created on first use)."""
    global _DEFAULT
    with _DEFAULT_LOCK:
        if _DEFAULT is None:
            _DEFAULT = Registry()
        return _DEFAULT

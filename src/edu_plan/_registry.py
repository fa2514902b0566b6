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
import os
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
    entry_point: metadata.EntryPoint | _EntryPoint | None = None
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
        if self._given is not None:
            found: Iterable[Any] = [ep for ep in self._given if ep.group == group.value]
        else:
            found = _installed_entry_points(group.value)
        by_name: dict[str, list[Any]] = {}
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


# -- installed entry points, read without importlib.metadata -------------------------------------
# importlib.metadata costs 20-25 ms to import (email, socket…), a tenth of `edu-plan validate`. The
# entry points are read here from the same files, in the same order, with the same rule for a
# distribution found twice (the first on sys.path wins); importlib.metadata is used instead whenever
# sys.path holds something other than plain folders (a zip, an .egg) or an import hook can supply distributions
# (tests/test_startup.py compares both on the installed packages).


class _EntryPoint:
    """One ``name = module:attr`` line of a distribution's ``entry_points.txt``: what the registry uses of one."""

    __slots__ = ("dist", "group", "name", "value")

    def __init__(self, name: str, value: str, group: str, dist: _Distribution) -> None:
        self.name, self.value, self.group, self.dist = name, value, group, dist

    def load(self) -> Any:
        """The object named, imported as importlib.metadata's ``EntryPoint.load`` does."""
        import importlib
        import re

        match = re.match(r"(?P<module>[\w.]+)\s*(:\s*(?P<attr>[\w.]+)\s*)?((?P<extras>\[.*\])\s*)?$", self.value)
        if match is None:
            raise ValueError(_("{value!r} is not an entry point value; write it as module:object").format(
                value=self.value))
        found = importlib.import_module(match.group("module"))
        for attr in filter(None, (match.group("attr") or "").split(".")):
            found = getattr(found, attr)
        return found


class _Distribution:
    """A ``*.dist-info`` or ``*.egg-info`` folder; its name and version read from its metadata when asked."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._fields: dict[str, str] | None = None

    @property
    def metadata(self) -> dict[str, str]:
        if self._fields is None:
            self._fields = {}
            for name in ("METADATA", "PKG-INFO"):
                text = _read(self.path, name)
                if text is None:
                    continue
                for line in text.splitlines():
                    if not line.strip():
                        break  # the headers end at the first empty line
                    key, sep, value = line.partition(":")
                    if sep and not key[:1].isspace() and key not in self._fields:
                        self._fields[key] = value.strip()
                break
        return self._fields

    @property
    def version(self) -> str | None:
        return self.metadata.get("Version")


def _read(folder: str, name: str) -> str | None:
    try:
        with open(os.path.join(folder, name), "rb") as file:  # bytes, then text: no text wrapper for ~100 files
            return file.read().decode("utf-8")
    except OSError:
        return None


def _normalized(name: str) -> str:
    import re

    return re.sub(r"[-_.]+", "-", name).lower().replace("-", "_")


def _installed_entry_points(group: str) -> list[Any]:
    """The installed entry points of ``group``, in the order ``importlib.metadata.entry_points(group=…)`` gives."""
    import os
    import sys
    from importlib.machinery import PathFinder

    if any(entry.lower().endswith(".egg") or (entry and not os.path.isdir(entry) and os.path.exists(entry))
           for entry in sys.path) or any(
            hasattr(finder, "find_distributions") and finder is not PathFinder for finder in sys.meta_path):
        from importlib import metadata  # a zip on sys.path or a finder of its own: the library's own reading

        return list(metadata.entry_points(group=group))
    found: list[Any] = []
    seen: set[str] = set()
    for entry in sys.path:
        try:
            children = os.listdir(entry or ".")
        except OSError:
            continue
        infos: dict[str, list[str]] = {}
        for child in children:
            low = child.lower()
            if low.endswith((".dist-info", ".egg-info")):
                infos.setdefault(_normalized(low.rpartition(".")[0].partition("-")[0]), []).append(child)
        for paths in infos.values():
            for child in paths:
                dist = _Distribution(os.path.join(entry, child))
                stem = child.rpartition(".")[0]
                key = _normalized(stem.partition("-")[0]) if stem else _normalized(dist.metadata.get("Name", ""))
                if key in seen:
                    continue
                seen.add(key)
                text = _read(dist.path, "entry_points.txt")
                if text:
                    found.extend(_EntryPoint(name, value, group, dist) for name, value in _section(text, group))
    return found


def _section(text: str, group: str) -> list[tuple[str, str]]:
    """The ``name = value`` lines of section ``[group]`` of an ``entry_points.txt``."""
    lines, inside = [], False
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            inside = line.strip("[]") == group
        elif inside:
            name, sep, value = line.partition("=")
            if sep:
                lines.append((name.strip(), value.strip()))
    return lines


def _dist(ep: metadata.EntryPoint, seen: dict[int, tuple[str | None, str | None]]) -> tuple[str | None, str | None]:
    """The name and version of the distribution of ``ep``; its metadata (an email parse) is read once per scan."""
    dist = getattr(ep, "dist", None)
    if dist is None:
        return None, None
    if id(dist) not in seen:
        seen[id(dist)] = (dist.metadata.get("Name"), dist.version)
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

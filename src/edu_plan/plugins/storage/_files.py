"""The ``files`` store: a folder of YAML and JSON documents a county can keep in git.

Layout (``files:DIR``)::

    DIR/edu_plan-store.json               {"schema_version": 2}
    DIR/plans/<plan>/revisions.json       the revisions, oldest first
    DIR/plans/<plan>/r0001.yaml …         each revision's canonical plan file
    DIR/progress/<plan>.json              reports, grouped by target, unit, period (v2)
    DIR/events/<plan>.json                awards, incidents, lapses (v2)
    DIR/assessments/<plan>/<id>.json      assessments (v2)

Every file is written whole to a temporary file and renamed over the old one.  A write
that changes several files first records the renames in ``DIR/.journal.json``; a
store found with a journal (a process killed mid-write) finishes those renames before
anything else, so a write is seen whole or not at all.  Writers take an exclusive lock
on ``DIR/.lock``, so two processes never interleave.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Collection, Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pendulum

from edu_plan import serialization
from edu_plan._assessment import Assessment
from edu_plan._i18n import gettext as _
from edu_plan._model import Plan
from edu_plan._periods import Period
from edu_plan._progress import Event, Observation, ProgressReport, ReviewStatus, aggregate
from edu_plan._store import PlanRevision
from edu_plan.errors import SchemaVersionError, StorageError
from edu_plan.plugins.storage import _common as common
from edu_plan.plugins.storage._common import Entry

__all__ = ["FilesBackend", "FilesStore"]

CURRENT_VERSION = 2
"""1 = plans and revisions; 2 = progress, events, assessments."""

_MARKER = "edu_plan-store.json"
_JOURNAL = ".journal.json"


class FilesBackend:
    """The ``files`` storage backend."""

    name = "files"
    schema_version = CURRENT_VERSION

    def open(self, url: str) -> FilesStore:
        """Open the folder store at ``files:DIR``, creating or migrating it."""
        store = FilesStore(url)
        store.migrate()
        return store

    def initialize(self, url: str, *, version: int | None = None) -> int:
        """Create or migrate the folder store up to ``version``."""
        return FilesStore(url).migrate(version)

    def __repr__(self) -> str:
        return "FilesBackend()"


def _name(identifier: str) -> str:
    # Ids become file names: anything outside a safe set is %-encoded, and no name starts with a dot.
    text = quote(identifier, safe="-_.~")
    return "%2E" + text[1:] if text.startswith(".") else text


def _lock_file(handle: Any) -> None:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK, 1)  # type: ignore[attr-defined,unused-ignore]
        return
    fcntl.flock(handle.fileno(), fcntl.LOCK_EX)


class FilesStore:
    """A store in a folder (see the module docstring for its layout and how writes stay whole)."""

    def __init__(self, url: str) -> None:
        if not url.startswith("files:"):
            raise StorageError(_("'url' must look like files:DIR (got {url!r})").format(url=url))
        path = url[len("files:"):]
        if path.startswith("//"):
            path = path[2:]
        if not path:
            raise StorageError(_("'url' must name a folder, as in files:plans-store (got {url!r})").format(url=url))
        self.url = url
        # Absolute from the start: a relative files:helan-store is the folder in the current directory.
        self.root = Path(path).expanduser().absolute()

    # -- life cycle ----------------------------------------------------------------------------

    def close(self) -> None:
        """Nothing to release: every operation opens and closes its own files."""

    def __enter__(self) -> FilesStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"FilesStore({self.url!r})"

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / ".lock", "a+b") as handle:
            _lock_file(handle)
            self._recover()
            yield

    def _recover(self) -> None:
        journal = self.root / _JOURNAL
        if not journal.exists():
            return
        moves = serialization.loads(journal.read_text(encoding="utf-8"), "json", source=str(journal))
        for temp, final in moves:
            if (self.root / temp).exists():
                os.replace(self.root / temp, self.root / final)
        journal.unlink()

    def _commit(self, files: dict[Path, str]) -> None:
        """Write ``files`` (path → text) so that all of them change, or none."""
        staged: list[tuple[str, str]] = []
        for path, text in sorted(files.items()):
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            staged.append((str(Path(temp).relative_to(self.root)), str(path.relative_to(self.root))))
        if len(staged) > 1:
            self._write_now(self.root / _JOURNAL, serialization.dumps(staged, "json"))
        for temp, final in staged:
            os.replace(self.root / temp, self.root / final)
        if len(staged) > 1:
            (self.root / _JOURNAL).unlink()
        _sync_dir(self.root)

    @staticmethod
    def _write_now(path: Path, text: str) -> None:
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)

    def _read_json(self, path: Path, default: Any) -> Any:
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return default
        return serialization.loads(text, "json", source=str(path))

    # -- schema --------------------------------------------------------------------------------

    def version(self) -> int:
        """The store's schema version (0 for a folder that is not a store yet)."""
        data = self._read_json(self.root / _MARKER, None)
        if data is None:
            return 0
        version = data.get("schema_version") if isinstance(data, dict) else None
        if isinstance(version, bool) or not isinstance(version, int):
            raise StorageError(_("{value}: 'schema_version' must be a whole number (got {version!r}); the file was "
                                 "changed by hand: restore it from a backup").format(
                                   value=self.root / _MARKER, version=version))
        return version

    def migrate(self, target: int | None = None) -> int:
        """Bring the folder to ``target`` (default: current); refuse a store from a newer library."""
        wanted = CURRENT_VERSION if target is None else target
        if not 1 <= wanted <= CURRENT_VERSION:
            raise StorageError(_("'version' must be in 1..{current_version} (got {wanted})").format(
                                   current_version=CURRENT_VERSION, wanted=wanted))
        if self.root.exists() and not self.root.is_dir():
            raise StorageError(_("{url}: {root} is a file, not a folder; name a folder").format(
                                   url=self.url, root=self.root))
        if (self.root / _JOURNAL).exists():
            with self._locked():
                pass  # taking the lock finishes the write a killed process left half done
        found = self.version()
        if found > CURRENT_VERSION:
            raise SchemaVersionError(found, CURRENT_VERSION, source=self.url)
        if found >= wanted:
            return found
        with self._locked():
            found = self.version()
            if found < wanted:
                # Version 2 only adds kinds of document; their folders appear on first write.
                self._commit({self.root / _MARKER: serialization.dumps({"schema_version": wanted}, "json")})
        return max(found, wanted)

    def _require(self, version: int, what: str) -> None:
        found = self.version()
        if found > CURRENT_VERSION:
            raise SchemaVersionError(found, CURRENT_VERSION, source=self.url)
        if found < version:
            raise StorageError(_("{url}: the store is at schema version {found} and cannot hold {what}; run "
                                 "`edu-plan db init {url}` to migrate it").format(
                                   url=self.url, found=found, what=what))

    # -- plans ---------------------------------------------------------------------------------

    def _plan_dir(self, plan_id: str) -> Path:
        return self.root / "plans" / _name(plan_id)

    def _revisions_raw(self, plan_id: str) -> list[dict[str, Any]]:
        data: list[dict[str, Any]] = self._read_json(self._plan_dir(plan_id) / "revisions.json", [])
        return data

    def save_plan(self, plan: Plan) -> PlanRevision:
        """Store ``plan`` as a new revision unless the latest one is the same plan."""
        self._require(1, _("plans"))
        digest = common.digest(serialization.dumps_plan(plan, "json"))
        with self._locked():
            revisions = self._revisions_raw(plan.id)
            if revisions and revisions[-1]["digest"] == digest:
                return _revision_of(plan.id, revisions[-1])
            number = len(revisions) + 1
            entry = {"revision": number, "digest": digest, "title": plan.title,
                     "saved_at": pendulum.now("UTC").format("YYYY-MM-DDTHH:mm:ss.SSSSSSZ")}
            folder = self._plan_dir(plan.id)
            self._commit({
                folder / f"r{number:04d}.yaml": serialization.dumps_plan(plan, "yaml"),
                folder / "revisions.json": serialization.dumps([*revisions, entry], "json"),
            })
        return _revision_of(plan.id, entry)

    def save_plans(self, plans: Iterable[Plan]) -> list[PlanRevision]:
        """:meth:`save_plan` for each plan, in order (the SQL stores do it in one transaction)."""
        return [self.save_plan(plan) for plan in plans]

    def load_plan(self, plan_id: str, *, revision: int | None = None) -> Plan:
        """The plan at ``revision`` (default: the latest)."""
        revisions = self._revisions_raw(plan_id)
        number = revision if revision is not None else len(revisions)
        if not 1 <= number <= len(revisions):
            stored = ", ".join(r.plan_id for r in self.plans()[:20]) or _("none")
            what = (_("plan {plan!r} revision {revision}").format(plan=plan_id, revision=revision)
                    if revision is not None
                    else _("plan {plan!r}").format(plan=plan_id))
            raise StorageError(_("{url}: no {what} in the store (stored plans: {stored}); save it first (edu-plan "
                                 "db load)").format(url=self.url, what=what, stored=stored))
        return serialization.load_plan(self._plan_dir(plan_id) / f"r{number:04d}.yaml")

    def revisions(self, plan_id: str) -> list[PlanRevision]:
        """Every revision of ``plan_id``, oldest first."""
        return [_revision_of(plan_id, r) for r in self._revisions_raw(plan_id)]

    def plans(self) -> list[PlanRevision]:
        """The latest revision of every plan, by plan id."""
        result = []
        folder = self.root / "plans"
        if folder.exists():
            for child in folder.iterdir():
                revisions = self._read_json(child / "revisions.json", [])
                if revisions:
                    plan_id = self._read_plan_id(child / f"r{len(revisions):04d}.yaml")
                    result.append(_revision_of(plan_id, revisions[-1]))
        return sorted(result, key=lambda r: r.plan_id)

    @staticmethod
    def _read_plan_id(path: Path) -> str:
        data = serialization.loads(path.read_text(encoding="utf-8"), "yaml", source=str(path))
        return str(data["id"])

    def _require_plans(self, plan_ids: Iterable[str], what: str) -> None:
        missing = sorted({p for p in plan_ids if not self._revisions_raw(p)})
        if missing:
            raise StorageError(_("{url}: {what} for plan(s) {value} not in the store; save the plan first "
                                 "(edu-plan db load URL plan.yaml)").format(
                                   url=self.url, what=what, value=', '.join(repr(m) for m in missing[:5])))

    # -- progress ------------------------------------------------------------------------------

    def _progress_path(self, plan_id: str) -> Path:
        return self.root / "progress" / f"{_name(plan_id)}.json"

    def _load_reports(self, plan_id: str) -> list[ProgressReport]:
        path = self._progress_path(plan_id)
        data = self._read_json(path, {"reports": []})
        return [serialization.structure(item, ProgressReport, "json") for item in data["reports"]]

    def _progress_text(self, reports: Iterable[ProgressReport]) -> str:
        # Grouped by target, unit and period for readable diffs; the order within a group is kept (it breaks ties).
        groups: dict[common.GroupKey, list[ProgressReport]] = {}
        for report in reports:
            groups.setdefault(report.group, []).append(report)
        ordered = [r for key in sorted(groups, key=lambda k: (k[1], k[2], k[3].sort_key)) for r in groups[key]]
        data = {"note": "progress reports (进展报送); written by edu_plan, one group after another",
                "reports": [serialization.unstructure(r, "json") for r in ordered]}
        return serialization.dumps(data, "json")

    def _plan_groups(self, plan_id: str) -> dict[common.GroupKey, list[Entry]]:
        groups: dict[common.GroupKey, list[Entry]] = {}
        for number, report in enumerate(self._load_reports(plan_id)):
            groups.setdefault(report.group, []).append(Entry(row_id=number, report=report,
                                                              stored_status=report.status))
        return groups

    def add_reports(self, reports: Iterable[ProgressReport]) -> int:
        """Add reports in one transaction; return how many were new."""
        batch = list(reports)
        if not batch:
            return 0
        self._require(2, _("progress reports"))
        common.check_reports(self, batch)
        for report in batch:
            common.to_micro(report.value, where=f"{report.unit} / {report.target} / {report.period}: ")
        with self._locked():
            self._require_plans((r.plan_id for r in batch), _("reports"))
            files: dict[Path, str] = {}
            new = 0
            for plan_id in sorted({r.plan_id for r in batch}):
                groups = self._plan_groups(plan_id)
                _inserts, _updates, added = common.apply_reports(groups, [r for r in batch if r.plan_id == plan_id])
                new += added
                files[self._progress_path(plan_id)] = self._progress_text(e.report for g in groups.values() for e in g)
            self._commit(files)
        return new

    def reports(self, plan_id: str, *, unit: str | None = None, target: str | None = None,
                period: Period | None = None) -> list[ProgressReport]:
        """The reports of ``plan_id`` (narrowed by unit, target, period)."""
        self._require(2, _("progress reports"))
        wanted = None if period is None else common.as_period(period)
        return [r for r in self._load_reports(plan_id)
                if (unit is None or r.unit == unit) and (target is None or r.target == target)
                and (wanted is None or r.period == wanted)]

    def review(self, plan_id: str, target: str, unit: str, period: Period, status: ReviewStatus) -> None:
        """Move every report of the group to ``status``."""
        self._change_group((plan_id, target, unit, common.as_period(period)), ReviewStatus(status))

    def reopen(self, plan_id: str, target: str, unit: str, period: Period) -> None:
        """Unlock an approved group."""
        self._change_group((plan_id, target, unit, common.as_period(period)), None)

    def _change_group(self, key: common.GroupKey, status: ReviewStatus | None) -> None:
        self._require(2, _("progress reports"))
        with self._locked():
            groups = self._plan_groups(key[0])
            group = groups.get(key, [])
            if status is None:
                common.reopen_group(group)
            else:
                common.review_group(group, status, where=_("{unit} / {target} / {period} in plan {plan!r}").format(
                    unit=key[2], target=key[1], period=key[3], plan=key[0]))
            if common.changes([group]):
                self._commit({self._progress_path(key[0]):
                              self._progress_text(e.report for g in groups.values() for e in g)})

    def _events_path(self, plan_id: str) -> Path:
        return self.root / "events" / f"{_name(plan_id)}.json"

    def _load_events(self, plan_id: str) -> list[Event]:
        data = self._read_json(self._events_path(plan_id), {"events": []})
        return [serialization.structure(item["event"], common.EVENT_TYPES[item["kind"]], "json")
                for item in data["events"]]

    def add_events(self, events: Iterable[Event]) -> int:
        """Add events in one transaction; return how many were new."""
        batch = list(events)
        if not batch:
            return 0
        self._require(2, _("events"))
        with self._locked():
            self._require_plans((e.plan_id for e in batch), _("events"))
            files: dict[Path, str] = {}
            new = 0
            for plan_id in sorted({e.plan_id for e in batch}):
                stored = self._load_events(plan_id)
                seen = set(stored)
                for item in batch:
                    if item.plan_id == plan_id and item not in seen:
                        seen.add(item)
                        stored.append(item)
                        new += 1
                records = [{"kind": common.event_kind(e), "event": serialization.unstructure(e, "json")}
                           for e in common.sort_events(stored, plan_id, None)]
                files[self._events_path(plan_id)] = serialization.dumps({"events": records}, "json")
            self._commit(files)
        return new

    def events(self, plan_id: str, *, until: pendulum.Date | None = None) -> list[Event]:
        """The events of ``plan_id`` dated on or before ``until``, by date."""
        self._require(2, _("events"))
        return common.sort_events(self._load_events(plan_id), plan_id, until)

    def observations(self, plan_id: str, *, until: pendulum.Date | None = None,
                     targets: Collection[str] | None = None, evidenced_only: bool = False) -> list[Observation]:
        """The observations of ``plan_id`` (summed in Python: a folder has no query engine)."""
        self._require(2, _("progress reports"))
        wanted = None if targets is None else frozenset(targets)
        return aggregate(r for r in self._load_reports(plan_id)
                         if (until is None or r.report_date <= until) and (wanted is None or r.target in wanted)
                         and (r.evidence or not evidenced_only))

    # -- assessments ---------------------------------------------------------------------------

    def save_assessment(self, assessment: Assessment) -> str:
        """Store ``assessment`` once; return its id."""
        self._require(2, _("assessments"))
        document = common.assessment_document(assessment)
        key = common.digest(document)[:16]
        with self._locked():
            self._require_plans([assessment.plan_id], _("an assessment"))
            path = self.root / "assessments" / _name(assessment.plan_id) / f"{key}.json"
            if not path.exists():
                self._commit({path: document})
        return key

    def _assessment_paths(self) -> Iterator[Path]:
        folder = self.root / "assessments"
        if folder.exists():
            yield from folder.glob("*/*.json")

    def load_assessment(self, assessment_id: str) -> Assessment:
        """The stored assessment ``assessment_id``."""
        self._require(2, _("assessments"))
        for path in self._assessment_paths():
            if path.stem == assessment_id:
                return common.load_assessment_document(path.read_text(encoding="utf-8"), source=str(path))
        raise StorageError(_("{url}: no assessment {assessment_id!r}; list them with store.assessments(plan)").format(
                               url=self.url, assessment_id=assessment_id))

    def assessments(self, plan_id: str, *, period: Period | None = None) -> list[Assessment]:
        """The assessments of ``plan_id`` (of one period), by period, scorer, scheme and date."""
        self._require(2, _("assessments"))
        folder = self.root / "assessments" / _name(plan_id)
        items = [common.load_assessment_document(p.read_text(encoding="utf-8"), source=str(p))
                 for p in sorted(folder.glob("*.json"))] if folder.exists() else []
        if period is not None:
            wanted = common.as_period(period)
            items = [a for a in items if a.period == wanted]
        return sorted(items, key=lambda a: (a.period.sort_key, a.scorer, a.scheme, a.as_of,
                                            common.assessment_key(a)))


def _revision_of(plan_id: str, entry: dict[str, Any]) -> PlanRevision:
    saved = pendulum.parse(entry["saved_at"])
    assert isinstance(saved, pendulum.DateTime)  # noqa: S101 - we wrote it as a date-time
    return PlanRevision(plan_id=plan_id, revision=int(entry["revision"]), digest=entry["digest"],
                        title=entry["title"], saved_at=saved)


def _sync_dir(path: Path) -> None:
    # The renames themselves must reach the disk, not only the files' contents.
    if hasattr(os, "O_DIRECTORY"):
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

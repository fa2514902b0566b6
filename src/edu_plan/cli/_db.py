"""``db init`` and ``db load``: create a store and fill it with plans and progress files.

Also the ``--store URL`` option other commands share: with it (or with no progress
file named) they read from a store, the embedded SQLite file when no URL is given.
"""

from __future__ import annotations

import argparse
import sys
import time

from edu_plan._i18n import gettext as _
from edu_plan._i18n import lazy as N_  # noqa: N812 - the gettext convention

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: start-up time (bench/startup.py)
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any, TextIO

    from edu_plan._model import Plan
    from edu_plan.protocols import Store

__all__ = ["STORE_HELP", "add_commands", "plan_from_store", "progress_bar"]

STORE_HELP = N_("a store URL: files:DIR, sqlite:///path.db, postgresql://…, mysql://… "
                "(default: $EDU_PLAN_STORE, else the embedded SQLite file)")


def add_commands(subparsers: Any) -> None:
    """Add ``db init`` and ``db load``."""
    db = subparsers.add_parser("db", help=_("create a store and load plans and progress into it"))
    commands = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)

    p = commands.add_parser("init", help=_("create the store at URL, or migrate it to this version's schema"))
    p.add_argument("url", metavar="URL", nargs="?", help=str(STORE_HELP))
    p.set_defaults(handler=_init)

    p = commands.add_parser("load", help=_("load plan files and progress files (.csv, .json, .yaml) into a store"))
    p.add_argument("url", metavar="URL", help=str(STORE_HELP))
    p.add_argument("files", metavar="FILE", nargs="+", help=_("plan files and progress files, plans first"))
    p.add_argument("--plan", metavar="PLAN_ID",
                   help=_("the plan progress rows without a 'plan' column belong to (default: the plan loaded "
                          "before them, or the store's only plan)"))
    p.set_defaults(handler=_load)


def _init(args: argparse.Namespace) -> int:
    from edu_plan._registry import default_registry
    from edu_plan._store import default_url, scheme_of

    url = args.url or default_url()
    backend = default_registry().storage(scheme_of(url))
    version = backend.initialize(url)
    print(_("{url}: ready (schema version {version})").format(url=_safe(url), version=version))
    return 0


def _safe(url: str) -> str:
    if "://" not in url:
        return url
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - not a SQLAlchemy URL (a third party's scheme): print it as given
        return url


def _is_plan_file(path: Path) -> bool:
    from edu_plan import serialization

    suffix = path.suffix.lower()
    if suffix == ".toml":
        return True
    if suffix not in (".yaml", ".yml", ".json"):
        return False
    try:
        data = serialization.loads(path.read_text(encoding="utf-8-sig"), "json" if suffix == ".json" else "yaml",
                                   source=str(path))
    except (OSError, UnicodeDecodeError):
        return False
    return isinstance(data, dict) and "sections" in data


def _load(args: argparse.Namespace) -> int:
    from pathlib import Path

    from edu_plan import serialization
    from edu_plan._store import open_store
    from edu_plan.errors import EduPlanError
    from edu_plan.progress import load_progress

    with open_store(args.url) as store:
        current: Plan | None = None
        for name in args.files:
            path = Path(name)
            if not path.exists():
                raise EduPlanError(_("{name}: no such file; check the path").format(name=name))
            if _is_plan_file(path):
                current = serialization.load_plan(path)
                revision = store.save_plan(current)
                print(_("{name}: plan {plan!r} revision {revision}").format(name=name, plan=current.id,
                                                                           revision=revision.revision))
                continue
            plan = _plan_for_progress(store, args.plan, current, name)
            from edu_plan.cli._common import working

            with working(_("reading {name}").format(name=name)):
                log = load_progress(path, plan=plan)
            reports = log.reports()
            # One transaction for the whole file: a bad row anywhere leaves nothing of the file written.
            with progress_bar(len(reports), f"{path.name}") as advance:
                added = store.add_reports(reports)
                advance(len(reports))
            events = store.add_events(log.all_events)
            print(_("{name}: {added} new of {reports} reports, {events} new of {all_events} events → plan {plan!r}")
                  .format(name=name, added=added, reports=len(reports), events=events,
                          all_events=len(log.all_events), plan=plan.id))
    return 0


def _plan_for_progress(store: Store, plan_id: str | None, current: Plan | None, name: str) -> Plan:
    from edu_plan.errors import StorageError

    if plan_id is not None:
        return store.load_plan(plan_id)
    if current is not None:
        return current
    stored = store.plans()
    if len(stored) == 1:
        return store.load_plan(stored[0].plan_id)
    raise StorageError(_("{name}: which plan is this progress for? The store holds {count} plans; pass --plan "
                         "PLAN_ID or name the plan file before it").format(name=name, count=len(stored)))


def plan_from_store(value: str, store: Store) -> Plan:
    """The plan named on the command line: a file or bundled dataset if there is one, else a plan id in ``store``."""
    from pathlib import Path

    from edu_plan import datasets
    from edu_plan.cli._common import load_plan_arg

    if Path(value).exists() or value in datasets.names():
        return load_plan_arg(value)
    return store.load_plan(value)


class _Bar:
    """A progress bar on standard error, drawn only for loads long enough to wait for."""

    def __init__(self, total: int, label: str, stream: TextIO, *, minimum: int = 20_000) -> None:
        self.total = total
        self.label = label
        self.stream = stream
        self.done = 0
        # Only for a person watching: never into a log file or a pipe.
        self.shown = total >= minimum and bool(getattr(stream, "isatty", lambda: False)())
        self.started = time.monotonic()
        self.last = 0.0

    def __call__(self, count: int) -> None:
        self.done += count
        now = time.monotonic()
        if self.shown and (now - self.last >= 0.2 or self.done >= self.total):
            self.last = now
            width = 30
            filled = width * self.done // max(self.total, 1)
            rate = self.done / max(now - self.started, 1e-9)
            self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] "
                              + _("{done}/{total} reports, {rate}/s").format(done=self.done, total=self.total,
                                                                             rate=f"{rate:,.0f}"))
            self.stream.flush()

    def close(self) -> None:
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()


class progress_bar:  # noqa: N801 - used like a function, as a context manager
    """``with progress_bar(total, label) as advance: advance(n)`` draws a bar on stderr for long loads."""

    def __init__(self, total: int, label: str, stream: TextIO | None = None) -> None:
        self._bar = _Bar(total, label, stream or sys.stderr)

    def __enter__(self) -> _Bar:
        return self._bar

    def __exit__(self, *exc_info: object) -> None:
        self._bar.close()

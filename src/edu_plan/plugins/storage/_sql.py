"""The SQL store: one SQLAlchemy Core code path for SQLite, PostgreSQL and MySQL/MariaDB.

Writers serialise per plan: a write transaction locks the rows of the plans it
touches (``SELECT … FOR UPDATE`` on the servers; SQLite's ``BEGIN IMMEDIATE`` takes
the file's write lock at once, so two processes never deadlock upgrading a read
lock).  Transactions that still meet a lock timeout or a deadlock are retried, so
"database is locked" never reaches the user.  Aggregates for scoring are computed by
the database (``GROUP BY`` with a window for the latest value).
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import time
from collections.abc import Collection, Iterable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

import attrs
import pendulum
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import make_url

from edu_plan import serialization
from edu_plan._assessment import Assessment
from edu_plan._i18n import gettext as _
from edu_plan._model import Plan
from edu_plan._periods import Period
from edu_plan._progress import Event, Observation, ProgressReport, ReviewStatus
from edu_plan._store import PlanRevision
from edu_plan.errors import SchemaVersionError, StorageError
from edu_plan.plugins.storage import _common as common
from edu_plan.plugins.storage import _schema as schema
from edu_plan.plugins.storage._common import Entry

if TYPE_CHECKING:
    from concurrent.futures import Executor

__all__ = ["SqlBackend", "SqlStore"]

T = TypeVar("T")

_DRIVERS = {"postgresql": "postgresql+psycopg", "mysql": "mysql+pymysql", "mariadb": "mariadb+pymysql"}
_BATCH = 5000  # rows per INSERT batch: large enough to amortise round trips, small enough for MySQL packets
_RETRIES = 8


class SqlBackend:
    """A storage backend for one URL scheme, all sharing :class:`SqlStore`."""

    schema_version = schema.CURRENT_VERSION

    def __init__(self, name: str) -> None:
        self.name = name

    def open(self, url: str) -> SqlStore:
        """Open the store at ``url``, creating or migrating its schema first."""
        store = SqlStore(url)
        try:
            store.migrate()
        except BaseException:
            store.close()
            raise
        return store

    def initialize(self, url: str, *, version: int | None = None) -> int:
        """Create or migrate the store at ``url`` up to ``version``; return the version it is at."""
        store = SqlStore(url)
        try:
            return store.migrate(version)
        finally:
            store.close()

    def __repr__(self) -> str:
        return f"SqlBackend({self.name!r})"


def engine_for(url: str) -> tuple[sa.Engine, str | None]:
    """A SQLAlchemy engine for a store URL, and the schema named by ``?schema=`` (PostgreSQL)."""
    try:
        parsed = make_url(url)
    except (sa.exc.ArgumentError, ValueError) as exc:
        raise StorageError(_("'url' is not a database URL ({exc}); write e.g. sqlite:///store.db").format(
            exc=exc)) from None
    if parsed.drivername in _DRIVERS:
        parsed = parsed.set(drivername=_DRIVERS[parsed.drivername])
    schema_name = parsed.query.get("schema")
    if isinstance(schema_name, tuple):
        schema_name = schema_name[-1]
    parsed = parsed.difference_update_query(["schema"])
    options: dict[str, Any] = {}
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:":
            folder = Path(database).expanduser().parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StorageError(_("{url}: cannot create the folder {folder!r}: {strerror}").format(
                                       url=url, folder=str(folder), strerror=exc.strerror)) from None
        else:
            options["poolclass"] = sa.pool.StaticPool
    elif backend in ("mysql", "mariadb"):
        # READ COMMITTED: once a writer holds a plan's lock it must see what the previous writer committed.
        options["isolation_level"] = "READ COMMITTED"
        options["pool_pre_ping"] = True
        parsed = parsed.update_query_dict({"charset": "utf8mb4"})
    else:
        options["pool_pre_ping"] = True
    try:
        engine = sa.create_engine(parsed, **options)
    except (ImportError, sa.exc.NoSuchModuleError) as exc:
        extra = "postgresql" if backend == "postgresql" else "mysql"
        raise StorageError(_("{url}: the database driver is not installed ({exc}); pip install "
                             "'edu-plan[{extra}]'").format(
                               url=url, exc=exc, extra=extra)) from None
    if backend == "sqlite":
        _configure_sqlite(engine)
    if schema_name:
        engine = engine.execution_options(schema_translate_map={None: schema_name})
    return engine, schema_name


def _configure_sqlite(engine: sa.Engine) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        # We issue BEGIN ourselves (below); the sqlite3 module's own implicit BEGIN is turned off.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout = 60000")
        # WAL: readers never block the writer; a killed process leaves every committed transaction.
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        # A bulk load commits a batch at a time into indexes of random keys (report identities): a 64 MB page
        # cache keeps them between batches, and checkpointing the WAL every 64 MB instead of every 4 MB writes
        # (and syncs) each page once per many batches, not once per batch.  Durability is unchanged.
        cursor.execute("PRAGMA cache_size = -65536")
        cursor.execute("PRAGMA wal_autocheckpoint = 16384")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: sa.Connection) -> None:
        write = connection.get_execution_options().get("edu_plan_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def _reopen_url(url: str) -> str | None:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if not database or database == ":memory:" or database.startswith("file:"):
            return None
        parsed = parsed.set(database=str(Path(database).expanduser().resolve()))
    return parsed.render_as_string(hide_password=False)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while a batch's rows are built and written, then back as it was.

    A national load allocates a tuple per report (16 values, none a container of the batch's objects: no
    cycle among them) and keeps it until the write; the collector would walk them again and again (5% of a
    load's time).  They are freed before it resumes.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _is_transient(exc: sa.exc.DBAPIError) -> bool:
    text = str(exc.orig).lower()
    args = getattr(exc.orig, "args", None)
    code = getattr(exc.orig, "sqlstate", None) or (args[0] if args else None)
    return ("database is locked" in text or "database is busy" in text or "deadlock" in text
            or code in ("40001", "40P01", 1205, 1213))


class SqlStore:
    """A store in a SQL database (see the module docstring for how writers are kept apart)."""

    def __init__(self, url: str) -> None:
        self._engine, self._schema = engine_for(url)
        self.url = make_url(url).render_as_string(hide_password=True)
        self.reopen_url = _reopen_url(url)
        """The URL another process opens this store by (absolute, password kept); None for a store in memory."""
        self._closed = False
        self._dialect = self._engine.dialect.name
        self._last_body: tuple[Plan, _Body] | None = None
        self._documents_table = False
        self._checked: dict[str, Plan] = {}  # plans parsed for the report check, by stored document

    # -- life cycle ----------------------------------------------------------------------------

    def close(self) -> None:
        """Dispose of the connection pool."""
        if not self._closed:
            self._engine.dispose()
            self._closed = True

    def __enter__(self) -> SqlStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"SqlStore({self.url!r})"

    @contextlib.contextmanager
    def _read(self) -> Iterator[sa.Connection]:
        try:
            with self._engine.connect() as connection, connection.begin():
                yield connection
        except sa.exc.OperationalError as exc:
            raise StorageError(_("{url}: cannot read the store: {orig}").format(url=self.url, orig=exc.orig)) from None

    def _write(self, work: Any, *args: Any) -> Any:
        """Run ``work(connection, *args)`` in one write transaction, retried on lock timeouts and deadlocks."""
        delay = 0.05
        for attempt in range(_RETRIES):
            try:
                with self._engine.connect() as connection:
                    connection = connection.execution_options(edu_plan_write=True)
                    with connection.begin():
                        return work(connection, *args)
            except sa.exc.DBAPIError as exc:
                # A unique key taken by a concurrent writer (two processes saving a new plan at once: nothing
                # was there to lock) is retried once; the retry reads what the other writer committed.
                racing = isinstance(exc, sa.exc.IntegrityError) and attempt == 0
                if attempt + 1 < _RETRIES and (_is_transient(exc) or racing):
                    time.sleep(delay)
                    delay = min(delay * 2, 2.0)
                    continue
                if isinstance(exc, sa.exc.IntegrityError):
                    raise StorageError(_("{url}: the write was refused by the database and nothing was stored: "
                                         "{orig}").format(url=self.url, orig=exc.orig)) from None
                raise StorageError(_("{url}: the write failed and nothing was stored: {orig}").format(
                                       url=self.url, orig=exc.orig)) from None
        raise AssertionError("unreachable")  # pragma: no cover

    # -- schema --------------------------------------------------------------------------------

    def version(self) -> int:
        """The schema version of the database (0 when it holds no edu_plan tables)."""
        with self._read() as connection:
            return self._version(connection)

    def _version(self, connection: sa.Connection) -> int:
        if not sa.inspect(connection).has_table(schema.meta.name, schema=self._schema):
            return 0
        value = connection.execute(
            sa.select(schema.meta.c.value).where(schema.meta.c.key == "schema_version")
        ).scalar_one_or_none()
        if value is None:
            return 0
        if not str(value).strip().isdigit():
            raise StorageError(_("{url}: the store's schema_version is {value!r}, not a whole number; the "
                                 "edu_plan_meta table was changed by hand: restore it from a backup").format(
                                   url=self.url, value=value))
        return int(value)

    def migrate(self, target: int | None = None) -> int:
        """Bring the schema to ``target`` (default: the current version); refuse a newer store."""
        wanted = schema.CURRENT_VERSION if target is None else target
        if not 1 <= wanted <= schema.CURRENT_VERSION:
            raise StorageError(_("'version' must be in 1..{current_version} (got {wanted})").format(
                                   current_version=schema.CURRENT_VERSION, wanted=wanted))
        try:
            found = self.version()
        except sa.exc.DBAPIError as exc:
            raise StorageError(_("{url}: cannot open the store: {orig}").format(url=self.url, orig=exc.orig)) from None
        if found > schema.CURRENT_VERSION:
            raise SchemaVersionError(found, schema.CURRENT_VERSION, source=self.url)
        if found >= wanted:
            return found
        return int(self._write(self._migrate, wanted))

    def _migrate(self, connection: sa.Connection, wanted: int) -> int:
        found = self._version(connection)  # again, under the write lock: another process may have migrated
        if found > schema.CURRENT_VERSION:
            raise SchemaVersionError(found, schema.CURRENT_VERSION, source=self.url)
        for version in range(found + 1, wanted + 1):
            schema.STEPS[version](connection)
            table = schema.meta
            if version == 1:
                connection.execute(sa.insert(table).values(key="schema_version", value="1"))
            else:
                connection.execute(sa.update(table).where(table.c.key == "schema_version").values(value=str(version)))
        return max(found, wanted)

    def _require(self, connection: sa.Connection, version: int, what: str) -> None:
        found = self._version(connection)
        if found < version:
            raise StorageError(_("{url}: the store is at schema version {found} and cannot hold {what}; run "
                                 "`edu-plan db init {url}` to migrate it").format(
                                   url=self.url, found=found, what=what))

    # -- plans ---------------------------------------------------------------------------------

    def save_plan(self, plan: Plan) -> PlanRevision:
        """Store ``plan`` as a new revision unless the latest revision is the same plan."""
        return self.save_plans([plan])[0]

    def save_plans(self, plans: Iterable[Plan]) -> list[PlanRevision]:
        """:meth:`save_plan` for many plans in one transaction (a national load: one per county), in order.

        The rows go by the bulk path of :meth:`_insert_rows`; counties that copy one plan share its
        stored document (``edu_plan_plan_documents``).
        """
        items = []
        for plan in plans:
            body = self._plan_body(plan)
            head = _PLAN_ID_LINE.format(common.json_string(plan.id))
            # The digest of the whole document (the id line, then the body, whose bytes are kept).
            whole = hashlib.sha256(head.encode("utf-8"))
            whole.update(body.data)
            items.append((plan, head, body, whole.hexdigest()))
        if not items:
            return []
        return self._write(self._save_plans, items)  # type: ignore[no-any-return]

    def _plan_body(self, plan: Plan) -> _Body:
        """The plan's canonical JSON document after its "id" line (see :data:`schema.plan_documents`).

        Serialising a plan takes milliseconds; a national load saves one county copy of the same plan after
        another (``attrs.evolve(plan, id=county)``), so the last body is kept and reused (with its bytes,
        digest and index rows) while every field but the id is the very same (frozen) object as last time.
        """
        last = self._last_body
        if last is not None and last[0].__class__ is plan.__class__ and all(
                _same(getattr(plan, name), getattr(last[0], name)) for name in _PLAN_FIELDS if name != "id"):
            return last[1]
        document = serialization.dumps_plan(plan, "json")
        head = _PLAN_ID_LINE.format(common.json_string(plan.id))
        if not document.startswith(head):  # pragma: no cover - the canonical writer puts the id first
            raise AssertionError(_("the canonical plan document does not start with {head!r}").format(head=head))
        text = document[len(head):]
        data = text.encode("utf-8")
        # A plan that repeats an id is invalid, but it is stored as given; its index rows keep the first.
        targets = _unique([("", t.id, task.number, t.kind, t.metric) for task, t in plan.iter_targets()])
        units = _unique([("", u.id, u.name, u.kind.value) for u in plan.units])
        body = _Body(text=text, data=data, digest=hashlib.sha256(data).hexdigest(),
                     targets=[row[1:] for row in targets], units=[row[1:] for row in units])
        self._last_body = (plan, body)
        return body

    def _save_plans(self, connection: sa.Connection, items: list[tuple[Plan, str, _Body, str]]
                    ) -> list[PlanRevision]:
        ids = sorted({plan.id for plan, _head, _body, _digest in items})
        p, r = schema.plans, schema.plan_revisions
        latest: dict[str, int] = {}
        for chunk in _chunks(ids, 500):  # locked in plan order, so two writers cannot deadlock
            latest.update((plan_id, number) for plan_id, number in connection.execute(self._lock(
                sa.select(p.c.plan_id, p.c.latest_revision).where(p.c.plan_id.in_(chunk)).order_by(p.c.plan_id)
            )))
        current: dict[str, PlanRevision] = {}
        for chunk in _chunks(sorted(latest), 500):
            rows = connection.execute(
                sa.select(r.c.plan_id, r.c.revision, r.c.digest, r.c.title, r.c.saved_at)
                .join(p, sa.and_(p.c.plan_id == r.c.plan_id, p.c.latest_revision == r.c.revision))
                .where(r.c.plan_id.in_(chunk))).all()
            current.update((row.plan_id, _revision_of(row)) for row in rows)
        shares = self._shares_documents(connection)
        saved_at = pendulum.now("UTC").format("YYYY-MM-DDTHH:mm:ss.SSSSSSZ")
        results: list[PlanRevision] = []
        revisions: list[tuple[Any, ...]] = []
        bodies: dict[str, str] = {}
        changed: dict[str, tuple[Plan, _Body]] = {}
        for plan, head, body, digest in items:  # in order: a plan given twice gets two revisions, as one by one
            before = current.get(plan.id)
            if before is not None and before.digest == digest:
                results.append(before)
                continue
            if shares:
                bodies[body.digest] = body.text
                stored = schema.DOCUMENT_REF + body.digest
            else:
                stored = head + body.text
            number = 1 if before is None else before.revision + 1
            revisions.append((plan.id, number, digest, plan.title, saved_at, stored))
            current[plan.id] = PlanRevision(plan_id=plan.id, revision=number, digest=digest, title=plan.title,
                                            saved_at=_timestamp(saved_at))
            results.append(current[plan.id])
            changed[plan.id] = (plan, body)
        if not changed:
            return results
        d = schema.plan_documents
        known: set[str] = set()
        for chunk in _chunks(sorted(bodies), 500):
            known.update(connection.execute(sa.select(d.c.digest).where(d.c.digest.in_(chunk))).scalars())
        self._insert_rows(connection, d, ("digest", "body"),
                          [(key, text) for key, text in sorted(bodies.items()) if key not in known])
        self._insert_rows(connection, r, ("plan_id", "revision", "digest", "title", "saved_at", "document"),
                          revisions)
        fresh = [(plan_id, plan.title, current[plan_id].revision) for plan_id, (plan, _body) in changed.items()
                 if plan_id not in latest]
        self._insert_rows(connection, p, ("plan_id", "title", "latest_revision"), fresh)
        moved = [{"key": plan_id, "title": plan.title, "number": current[plan_id].revision}
                 for plan_id, (plan, _body) in changed.items() if plan_id in latest]
        if moved:
            connection.execute(sa.update(p).where(p.c.plan_id == sa.bindparam("key")).values(
                title=sa.bindparam("title"), latest_revision=sa.bindparam("number")), moved)
        ids = sorted(latest.keys() & changed.keys())
        for table in (schema.plan_targets, schema.plan_units):
            for chunk in _chunks(ids, 500):
                connection.execute(sa.delete(table).where(table.c.plan_id.in_(chunk)))
        targets: list[tuple[Any, ...]] = []
        units: list[tuple[Any, ...]] = []
        for plan_id, (_plan, body) in changed.items():
            targets.extend((plan_id, *row) for row in body.targets)
            units.extend((plan_id, *row) for row in body.units)
        self._insert_rows(connection, schema.plan_targets, ("plan_id", "target", "task", "kind", "metric"), targets)
        self._insert_rows(connection, schema.plan_units, ("plan_id", "unit", "name", "kind"), units)
        return results

    def _shares_documents(self, connection: sa.Connection) -> bool:
        # Versions only go up: once a store is seen at 3, it stays there (a store migrated to 1 or 2 only,
        # as `db init --version` allows, keeps its documents inline, readable by the libraries of then).
        if not self._documents_table:
            self._documents_table = self._version(connection) >= 3
        return self._documents_table

    def _revision(self, connection: sa.Connection, plan_id: str, number: int) -> PlanRevision:
        t = schema.plan_revisions
        row = connection.execute(sa.select(t.c.plan_id, t.c.revision, t.c.digest, t.c.title, t.c.saved_at)
                                 .where(t.c.plan_id == plan_id, t.c.revision == number)).one()
        return _revision_of(row)

    def load_plan(self, plan_id: str, *, revision: int | None = None) -> Plan:
        """The plan at ``revision`` (default: the latest)."""
        t = schema.plan_revisions
        with self._read() as connection:
            if revision is None:
                revision = connection.execute(sa.select(schema.plans.c.latest_revision)
                                              .where(schema.plans.c.plan_id == plan_id)).scalar_one_or_none()
            document = None
            if revision is not None:
                document = connection.execute(sa.select(t.c.document)
                                              .where(t.c.plan_id == plan_id, t.c.revision == revision)).scalar()
            if document is None:
                stored = connection.execute(sa.select(schema.plans.c.plan_id).order_by(schema.plans.c.plan_id)
                                            .limit(20)).scalars().all()
                what = (_("plan {plan!r} revision {revision}").format(plan=plan_id, revision=revision)
                        if revision is not None else _("plan {plan!r}").format(plan=plan_id))
                raise StorageError(_("{url}: no {what} in the store (stored plans: {value}); save it first "
                                     "(edu-plan db load)").format(
                                       url=self.url, what=what, value=", ".join(stored) or _("none")))
            if document.startswith(schema.DOCUMENT_REF):
                d = schema.plan_documents
                body = connection.execute(sa.select(d.c.body).where(
                    d.c.digest == document[len(schema.DOCUMENT_REF):])).scalar_one()
                document = _PLAN_ID_LINE.format(common.json_string(plan_id)) + body
        return serialization.loads_plan(document, "json", source=_("{url} plan {plan} revision {revision}").format(
            url=self.url, plan=plan_id, revision=revision))

    def plans_for_check(self, plan_ids: Sequence[str]) -> dict[str, Plan | None]:
        """The latest revision of each plan in ``plan_ids`` (None when not stored or unreadable), for the report check.

        One query for the batch's plans; each stored document is parsed once per store object and kept by its
        digest (counties that share a plan share its document), so a national load parses the plan once.
        """
        p, r = schema.plans, schema.plan_revisions
        found: dict[str, tuple[int, str, str]] = {}
        with self._read() as connection:
            for chunk in _chunks(list(plan_ids), 500):
                rows = connection.execute(
                    sa.select(r.c.plan_id, r.c.revision, r.c.digest, sa.func.substr(r.c.document, 1, 80))
                    .join(p, sa.and_(p.c.plan_id == r.c.plan_id, p.c.latest_revision == r.c.revision))
                    .where(r.c.plan_id.in_(chunk))).all()
                found.update((plan_id, (revision, digest, head)) for plan_id, revision, digest, head in rows)
        plans: dict[str, Plan | None] = {}
        for plan_id in plan_ids:
            if plan_id not in found:
                plans[plan_id] = None
                continue
            revision, digest, head = found[plan_id]
            shared = head.startswith(schema.DOCUMENT_REF) and len(head) == len(schema.DOCUMENT_REF) + 64
            key = head if shared else digest  # the shared body, or the revision's own whole document
            plan = self._checked.get(key)
            if plan is None:
                try:
                    plan = self.load_plan(plan_id, revision=revision)
                except StorageError:  # unreadable: only the value limits are checked (and not remembered)
                    plans[plan_id] = None
                    continue
                if len(self._checked) >= 64:
                    self._checked.clear()
                self._checked[key] = plan
            plans[plan_id] = plan if plan.id == plan_id else attrs.evolve(plan, id=plan_id)
        return plans

    def revisions(self, plan_id: str) -> list[PlanRevision]:
        """Every revision of ``plan_id``, oldest first."""
        t = schema.plan_revisions
        with self._read() as connection:
            rows = connection.execute(sa.select(t.c.plan_id, t.c.revision, t.c.digest, t.c.title, t.c.saved_at)
                                      .where(t.c.plan_id == plan_id).order_by(t.c.revision)).all()
        return [_revision_of(row) for row in rows]

    def plans(self) -> list[PlanRevision]:
        """The latest revision of every plan, by plan id."""
        t, p = schema.plan_revisions, schema.plans
        query = (sa.select(t.c.plan_id, t.c.revision, t.c.digest, t.c.title, t.c.saved_at)
                 .join(p, sa.and_(p.c.plan_id == t.c.plan_id, p.c.latest_revision == t.c.revision)))
        with self._read() as connection:
            rows = connection.execute(query).all()
        return sorted((_revision_of(row) for row in rows), key=lambda r: r.plan_id)

    def _lock(self, query: sa.Select[Any]) -> sa.Select[Any]:
        # SQLite's BEGIN IMMEDIATE already holds the database's only write lock.
        return query if self._dialect == "sqlite" else query.with_for_update()

    def _lock_plans(self, connection: sa.Connection, plan_ids: Iterable[str], what: str) -> None:
        wanted = sorted(set(plan_ids))  # always in the same order, so two writers cannot deadlock
        found: set[str] = set()
        for chunk in _chunks(wanted, 500):
            found.update(connection.execute(self._lock(
                sa.select(schema.plans.c.plan_id).where(schema.plans.c.plan_id.in_(chunk))
                .order_by(schema.plans.c.plan_id))).scalars())
        missing = [p for p in wanted if p not in found]
        if missing:
            raise StorageError(_("{url}: {what} for plan(s) {value} not in the store; save the plan first "
                                 "(edu-plan db load URL plan.yaml)").format(
                                   url=self.url, what=what, value=', '.join(repr(m) for m in missing[:5])))

    # -- progress ------------------------------------------------------------------------------

    def add_reports(self, reports: Iterable[ProgressReport], *, executor: Executor | None = None) -> int:
        """Add reports in one transaction; return how many were new.

        With an ``executor`` (a :class:`concurrent.futures.Executor`: a process pool, or a Dask client's
        ``get_executor()``), the per-report work — the check against the plan, the identities, the rows —
        is done by its workers, a chunk of whole plans each, while this process writes the chunks already
        done; the writing stays here, in the one transaction, by the same rules (the stored rows are the
        very rows of a load without executor).  Workers are sent the reports' fields and their plans, never
        the store: they need no access to the database.
        """
        batch = list(reports)
        if not batch:
            return 0
        with _collector_paused():
            return self._add_batch(batch, executor)

    def _add_batch(self, batch: list[ProgressReport], executor: Executor | None) -> int:
        dates = self._dialect == "sqlite"  # SQLite is given ISO text, the servers' drivers date objects
        chunks = _plan_chunks(batch, _CHUNK)
        prepared: list[Any]
        if executor is None:
            common.check_reports(self, batch, (p for _reports, plan_ids, _positions in chunks for p in plan_ids))
            # Computed (and checked) before the transaction.
            prepared = [((), *_report_rows(reports, dates)) for reports, _plan_ids, _positions in chunks]
        else:
            if any(type(report) is not ProgressReport for report in batch):
                common.check_reports(self, batch)  # refuses what is not a report (with every other problem)
            known = self.plans_for_check(sorted({p for _reports, plan_ids, _positions in chunks for p in plan_ids}))
            prepared = [executor.submit(_prepare_chunk, _fields(reports), {p: known.get(p) for p in plan_ids},
                                        positions, dates) for reports, plan_ids, positions in chunks]
        return int(self._write(self._add_reports, chunks, prepared))

    def _add_reports(self, connection: sa.Connection, chunks: list[tuple[list[ProgressReport], list[str], Any]],
                     prepared: list[Any]) -> int:
        self._require(connection, 2, _("progress reports"))
        missing: StorageError | None = None
        try:
            self._lock_plans(connection, (p for _reports, plan_ids, _positions in chunks for p in plan_ids),
                             _("reports"))
        except StorageError as exc:  # said after the report check's problems, as without an executor
            missing = exc
        problems: list[tuple[int, Any]] = []
        new = 0
        for (reports, plan_ids, _positions), item in zip(chunks, prepared, strict=True):
            found, rows, simple = item.result() if hasattr(item, "result") else item
            problems.extend(found)
            if not problems and missing is None:
                new += self._add_chunk(connection, reports, plan_ids, rows, simple)
        if problems:
            from edu_plan.errors import ProgressError

            raise ProgressError([problem for _position, problem in sorted(problems, key=lambda p: p[0])])
        if missing is not None:
            raise missing
        return new

    def _add_chunk(self, connection: sa.Connection, reports: list[ProgressReport], plan_ids: list[str],
                   rows: list[tuple[Any, ...]], simple: bool) -> int:
        """One chunk of whole plans (``rows``: its reports' rows, in order) by the locking and idempotence rules."""
        stored = self._stored_plans(connection, plan_ids)
        # The fast path of a first load: no report of these plans stored, every report submitted, each group's
        # reports one after another, no report given twice (identities hash the group, so distinct identities
        # are distinct within each group): ProgressLog would accept each, in order, and change none.
        if simple and not stored and len({row[0] for row in rows}) == len(rows):
            self._insert_rows(connection, schema.reports, _INSERT_COLUMNS, rows)
            return len(rows)
        by_id = {id(report): row for report, row in zip(reports, rows, strict=True)}
        by_group: dict[common.GroupKey, list[ProgressReport]] = {}
        for report in reports:
            group = by_group.get(report.group)
            if group is None:
                by_group[report.group] = [report]
            else:
                group.append(report)
        existing = self._groups(connection, set(by_group), stored)
        # A group with nothing stored whose incoming reports are all submitted and all different is inserted
        # as it comes; any other group (something stored, an approval, a report given twice) goes through the
        # log's rules.
        fresh, ruled = common.fresh_groups(by_group, existing, lambda r: by_id[id(r)][0])
        inserts, updates, new = common.apply_reports(existing, ruled)
        self._set_statuses(connection, updates)
        dates = self._dialect == "sqlite"
        chosen = [by_id[id(r)] for r in fresh]
        chosen.extend(by_id[id(r)] if id(r) in by_id else _report_tuple(r, dates) for r in inserts)
        self._insert_rows(connection, schema.reports, _INSERT_COLUMNS, chosen)
        return new + len(fresh)

    def _stored_plans(self, connection: sa.Connection, plan_ids: Iterable[str]) -> set[str]:
        """Which of ``plan_ids`` have a report stored."""
        t = schema.reports
        stored: set[str] = set()
        for chunk in _chunks(sorted(set(plan_ids)), 500):
            stored.update(connection.execute(sa.select(t.c.plan_id).where(t.c.plan_id.in_(chunk))
                                             .group_by(t.c.plan_id)).scalars())
        return stored

    def _insert_rows(self, connection: sa.Connection, table: sa.Table, columns: Sequence[str],
                     rows: list[tuple[Any, ...]]) -> None:
        """``rows`` (tuples in ``columns`` order) into ``table`` by the database's bulk path.

        Plain tuples straight to the driver, not dicts through SQLAlchemy's parameter processing (15 µs a row):
        ``COPY … FROM STDIN`` on PostgreSQL (psycopg's copy), ``executemany`` elsewhere (sqlite3 steps one
        prepared statement; PyMySQL rewrites it into multi-row ``INSERT … VALUES`` statements).  Dates are
        ISO text for SQLite and date objects for the servers (see :func:`_report_tuple`).
        """
        if not rows:
            return
        quote = self._engine.dialect.identifier_preparer.quote
        name = quote(table.name) if not self._schema else f"{quote(self._schema)}.{quote(table.name)}"
        names = ", ".join(quote(column) for column in columns)
        if self._dialect == "postgresql":
            raw = connection.connection.driver_connection
            assert raw is not None  # noqa: S101 - an open connection has its driver's connection
            statement = f"COPY {name} ({names}) FROM STDIN"
            try:
                with raw.cursor() as cursor, cursor.copy(statement) as copy:
                    for row in rows:
                        copy.write_row(row)
            except self._engine.dialect.loaded_dbapi.Error as exc:
                # As SQLAlchemy would raise it, so that _write retries a race (a unique key) or a deadlock.
                raise sa.exc.DBAPIError.instance(statement, None, exc,
                                                 self._engine.dialect.loaded_dbapi.Error) from exc
            return
        mark = "?" if self._dialect == "sqlite" else "%s"
        # Our own table and column names, quoted by the dialect; the values go as parameters.
        statement = f"INSERT INTO {name} ({names}) VALUES ({', '.join([mark] * len(columns))})"  # noqa: S608
        for chunk in _chunks(rows, _BATCH):
            connection.exec_driver_sql(statement, list(chunk))

    def _set_statuses(self, connection: sa.Connection, updates: Sequence[tuple[int, ReviewStatus]]) -> None:
        t = schema.reports
        by_status: dict[ReviewStatus, list[int]] = {}
        for row_id, status in updates:
            by_status.setdefault(status, []).append(row_id)
        for status, ids in by_status.items():
            for chunk in _chunks(ids, 500):
                connection.execute(sa.update(t).where(t.c.id.in_(chunk)).values(status=status.value))

    def _groups(self, connection: sa.Connection, keys: set[common.GroupKey], stored: set[str] | None = None,
                ) -> dict[common.GroupKey, list[Entry]]:
        """The stored reports of the groups ``keys``, in insertion order (``stored``: their plans that have reports)."""
        t = schema.reports
        groups: dict[common.GroupKey, list[Entry]] = {}
        by_plan: dict[str, set[common.GroupKey]] = {}
        for key in keys:
            by_plan.setdefault(key[0], set()).add(key)
        # The fast path of a first load: plans with no report stored yet need no reading, group by group.
        if stored is None:
            stored = self._stored_plans(connection, by_plan)
        for plan_id, plan_keys in sorted(by_plan.items()):
            if plan_id not in stored:
                continue
            targets = sorted({k[1] for k in plan_keys})
            units = sorted({k[2] for k in plan_keys})
            query = sa.select(*_REPORT_COLUMNS).where(t.c.plan_id == plan_id).order_by(t.c.id)
            # Narrow by target and unit when that is a short list; otherwise read the plan's reports once.
            if len(targets) <= 200:
                query = query.where(t.c.target.in_(targets))
            if len(units) <= 200:
                query = query.where(t.c.unit.in_(units))
            for row in connection.execute(query):
                report = _report_of(row)
                if report.group in plan_keys:
                    groups.setdefault(report.group, []).append(
                        Entry(row_id=row.id, report=report, stored_status=report.status))
        return groups

    def reports(self, plan_id: str, *, unit: str | None = None, target: str | None = None,
                period: Period | None = None) -> list[ProgressReport]:
        """The reports of ``plan_id`` (narrowed by unit, target, period), in the order added."""
        t = schema.reports
        query = sa.select(*_REPORT_COLUMNS).where(t.c.plan_id == plan_id)
        if unit is not None:
            query = query.where(t.c.unit == unit)
        if target is not None:
            query = query.where(t.c.target == target)
        if period is not None:
            query = query.where(t.c.period == str(common.as_period(period)))
        with self._read() as connection:
            self._require(connection, 2, _("progress reports"))
            return [_report_of(row) for row in connection.execute(query.order_by(t.c.id))]

    def review(self, plan_id: str, target: str, unit: str, period: Period, status: ReviewStatus) -> None:
        """Move every report of the group to ``status`` (ProgressLog's transitions)."""
        self._write(self._change_group, (plan_id, target, unit, common.as_period(period)), ReviewStatus(status))

    def reopen(self, plan_id: str, target: str, unit: str, period: Period) -> None:
        """Unlock an approved group: its approved reports go back to submitted."""
        self._write(self._change_group, (plan_id, target, unit, common.as_period(period)), None)

    def _change_group(self, connection: sa.Connection, key: common.GroupKey, status: ReviewStatus | None) -> None:
        self._require(connection, 2, _("progress reports"))
        self._lock_plans(connection, [key[0]], _("a review"))
        group = self._groups(connection, {key}).get(key, [])
        if status is None:
            common.reopen_group(group)
        else:
            common.review_group(group, status, where=_("{unit} / {target} / {period} in plan {plan!r}").format(
                unit=key[2], target=key[1], period=key[3], plan=key[0]))
        self._set_statuses(connection, common.changes([group]))

    def add_events(self, events: Iterable[Event]) -> int:
        """Add events in one transaction; return how many were new."""
        rows = []
        for item in events:
            document = common.event_document(item)
            rows.append({"identity": common.digest(document), "plan_id": item.plan_id,
                         "kind": common.event_kind(item), "unit": item.unit,
                         "event_date": common.plain_date(item.date), "document": document})
        if not rows:
            return 0
        return int(self._write(self._add_events, rows))

    def _add_events(self, connection: sa.Connection, rows: list[dict[str, Any]]) -> int:
        self._require(connection, 2, _("events"))
        self._lock_plans(connection, (r["plan_id"] for r in rows), _("events"))
        t = schema.events
        seen: set[str] = set()
        for chunk in _chunks(sorted({r["identity"] for r in rows}), 500):
            seen.update(connection.execute(sa.select(t.c.identity).where(t.c.identity.in_(chunk))).scalars())
        fresh = []
        for row in rows:
            if row["identity"] not in seen:
                seen.add(row["identity"])
                fresh.append(row)
        if fresh:
            connection.execute(sa.insert(t), fresh)
        return len(fresh)

    def events(self, plan_id: str, *, until: pendulum.Date | None = None) -> list[Event]:
        """The events of ``plan_id`` dated on or before ``until``, by date."""
        t = schema.events
        query = sa.select(t.c.kind, t.c.document).where(t.c.plan_id == plan_id).order_by(t.c.id)
        if until is not None:
            query = query.where(t.c.event_date <= common.plain_date(until))
        with self._read() as connection:
            self._require(connection, 2, _("events"))
            rows = connection.execute(query).all()
        items = [common.event_from_document(row.kind, row.document, source=self.url) for row in rows]
        return common.sort_events(items, plan_id, until)

    # -- aggregates ----------------------------------------------------------------------------

    def aggregate_query(
        self,
        plan_ids: Collection[str] | None,
        *,
        until: pendulum.Date | None = None,
        targets: Collection[str] | None = None,
        evidenced_only: bool = False,
    ) -> sa.Select[Any]:
        """The ``GROUP BY`` that computes observations: one row per (plan, target, unit, period).

        On SQLite a plain grouped query: the latest value is read through the group index by a correlated
        subquery (the group's rows of its latest day, the larger value first, then the later row, as
        ProgressLog orders them); SQLite's ``row_number()`` window sorts every report in temporary B-trees
        (6.7 s where the grouped query takes 0.7 s for a national year).  PostgreSQL and MariaDB keep the
        window: PostgreSQL runs it in one sorted pass, faster than a subquery per group (about 100 µs a
        group, measured in bench/store_national.py; see docs/performance.md).
        """
        if self._dialect != "sqlite":
            return self._window_aggregate(plan_ids, until=until, targets=targets, evidenced_only=evidenced_only)
        t = schema.reports
        group = (t.c.plan_id, t.c.target, t.c.unit, t.c.period)

        def counted(table: sa.FromClause) -> list[sa.ColumnElement[bool]]:
            counts = [ReviewStatus.SUBMITTED.value, ReviewStatus.APPROVED.value]
            where: list[sa.ColumnElement[bool]] = [table.c.status.in_(counts)]
            if until is not None:
                where.append(table.c.report_date <= common.plain_date(until))
            if evidenced_only:
                where.append(table.c.evidenced == 1)
            return where

        conditions = counted(t)
        if plan_ids is not None:
            conditions.append(t.c.plan_id.in_(sorted(plan_ids)))
        if targets is not None:
            conditions.append(t.c.target.in_(sorted(targets)))
        grouped = (
            sa.select(
                *group,
                sa.func.sum(t.c.value_micro).label("total"),
                sa.func.min(t.c.value_exp).label("exponent"),
                sa.func.count().label("count"),
                sa.func.max(t.c.evidenced).label("evidenced"),
                sa.func.max(sa.case((t.c.status == ReviewStatus.APPROVED.value, 1), else_=0)).label("approved"),
                sa.func.max(t.c.report_date).label("latest_date"),
            )
            .where(*conditions)
            .group_by(*group)
            .subquery("grouped")
        )
        g = grouped.c
        r = t.alias("latest")
        latest = (
            sa.select(r.c.value)
            .where(r.c.plan_id == g.plan_id, r.c.target == g.target, r.c.unit == g.unit, r.c.period == g.period,
                   r.c.report_date == g.latest_date, *counted(r))
            .order_by(r.c.value_micro.desc(), r.c.id.desc())
            .limit(1)
            .correlate(grouped)
            .scalar_subquery()
        )
        return sa.select(g.plan_id, g.target, g.unit, g.period, g.total, g.exponent, g.count, g.evidenced,
                         g.approved, latest.label("latest"), g.latest_date).order_by(g.plan_id)

    def _window_aggregate(
        self,
        plan_ids: Collection[str] | None,
        *,
        until: pendulum.Date | None,
        targets: Collection[str] | None,
        evidenced_only: bool,
    ) -> sa.Select[Any]:
        t = schema.reports
        group = (t.c.plan_id, t.c.target, t.c.unit, t.c.period)
        # The latest report: by date, then (one day's reports) the larger value, as ProgressLog does.
        rank = sa.func.row_number().over(partition_by=group, order_by=(
            t.c.report_date.desc(), t.c.value_micro.desc(), t.c.id.desc()))
        inner = sa.select(*group, t.c.value, t.c.value_micro, t.c.value_exp, t.c.report_date, t.c.evidenced,
                          t.c.status, rank.label("rank")).where(
            t.c.status.in_([ReviewStatus.SUBMITTED.value, ReviewStatus.APPROVED.value]))
        if plan_ids is not None:
            inner = inner.where(t.c.plan_id.in_(sorted(plan_ids)))
        if until is not None:
            inner = inner.where(t.c.report_date <= common.plain_date(until))
        if targets is not None:
            inner = inner.where(t.c.target.in_(sorted(targets)))
        if evidenced_only:
            inner = inner.where(t.c.evidenced == 1)
        s = inner.subquery("counted")
        latest = s.c.rank == 1
        return (
            sa.select(
                s.c.plan_id, s.c.target, s.c.unit, s.c.period,
                sa.func.sum(s.c.value_micro).label("total"),
                sa.func.min(s.c.value_exp).label("exponent"),
                sa.func.count().label("count"),
                sa.func.max(s.c.evidenced).label("evidenced"),
                sa.func.max(sa.case((s.c.status == ReviewStatus.APPROVED.value, 1), else_=0)).label("approved"),
                sa.func.max(sa.case((latest, s.c.value))).label("latest"),
                sa.func.max(sa.case((latest, s.c.report_date))).label("latest_date"),
            )
            .group_by(s.c.plan_id, s.c.target, s.c.unit, s.c.period)
            .order_by(s.c.plan_id)
        )

    def observations(self, plan_id: str, *, until: pendulum.Date | None = None,
                     targets: Collection[str] | None = None, evidenced_only: bool = False) -> list[Observation]:
        """The observations of ``plan_id``, summed by the database."""
        if targets is not None and not targets:
            return []
        with self._read() as connection:
            self._require(connection, 2, _("progress reports"))
            query = self.aggregate_query([plan_id], until=until, targets=targets, evidenced_only=evidenced_only)
            rows = connection.execute(query).all()
        return _sorted([_observation_of(*row[1:]) for row in rows])

    def observations_by_plan(self, plan_ids: Collection[str] | None = None, *, until: pendulum.Date | None = None,
                             targets: Collection[str] | None = None, evidenced_only: bool = False,
                             ) -> Iterator[tuple[str, list[Observation]]]:
        """(plan id, its observations) for many plans from one streamed query: a national year in one pass."""
        with self._read() as connection:
            self._require(connection, 2, _("progress reports"))
            result = connection.execution_options(stream_results=True, yield_per=50_000).execute(
                self.aggregate_query(plan_ids, until=until, targets=targets, evidenced_only=evidenced_only))
            current: str | None = None
            batch: list[Observation] = []
            for plan_id, *columns in result.tuples():
                if plan_id != current:
                    if current is not None:
                        yield current, _sorted(batch)
                    current, batch = plan_id, []
                batch.append(_observation_of(*columns))
            if current is not None:
                yield current, _sorted(batch)

    def observation_columns(self, plan_ids: Collection[str] | None = None, *, until: pendulum.Date | None = None,
                            evidenced_only: bool = False) -> Any:
        """Every plan's observations as columns (NumPy) from one streamed grouped query: what the columnar scorer reads.

        The sums come from the database in micro-units (``SUM(value_micro)``) and stay integers.
        """
        from edu_plan._columns import ObservationColumns

        with self._read() as connection:
            self._require(connection, 2, _("progress reports"))
            result = connection.execution_options(stream_results=True, yield_per=50_000).execute(
                self.aggregate_query(plan_ids, until=until, evidenced_only=evidenced_only))
            return ObservationColumns.from_rows(
                ((plan, target, unit, period, total, latest, day, evidenced)
                 for plan, target, unit, period, total, _exponent, _count, evidenced, _approved, latest, day
                 in result), total_is_micro=True)

    def events_by_plan(self, plan_ids: Collection[str] | None = None, *, until: pendulum.Date | None = None,
                       ) -> Iterator[tuple[str, list[Event]]]:
        """(plan id, its events by date) for every plan with events, from one query."""
        t = schema.events
        query = sa.select(t.c.plan_id, t.c.kind, t.c.document).order_by(t.c.id)
        if until is not None:
            query = query.where(t.c.event_date <= common.plain_date(until))
        wanted = None if plan_ids is None else set(plan_ids)
        if wanted is not None:  # a worker's chunk reads its own plans' events, not the nation's
            query = query.where(t.c.plan_id.in_(sorted(wanted)))
        with self._read() as connection:
            self._require(connection, 2, _("events"))
            rows = connection.execute(query).all()
        grouped: dict[str, list[Event]] = {}
        for row in rows:
            if wanted is None or row.plan_id in wanted:
                grouped.setdefault(row.plan_id, []).append(
                    common.event_from_document(row.kind, row.document, source=self.url))
        for plan_id, items in grouped.items():
            yield plan_id, common.sort_events(items, plan_id, until)

    # -- assessments ---------------------------------------------------------------------------

    def save_assessment(self, assessment: Assessment) -> str:
        """Store ``assessment`` once; return its id."""
        document = common.assessment_document(assessment)
        key = common.digest(document)[:16]
        row = {"id": key, "plan_id": assessment.plan_id, "scorer": assessment.scorer, "scheme": assessment.scheme,
               "period": str(assessment.period), "as_of": common.plain_date(assessment.as_of),
               "saved_at": pendulum.now("UTC").format("YYYY-MM-DDTHH:mm:ss.SSSSSSZ"), "document": document}
        self._write(self._save_assessment, row)
        return key

    def _save_assessment(self, connection: sa.Connection, row: dict[str, Any]) -> None:
        self._require(connection, 2, _("assessments"))
        self._lock_plans(connection, [row["plan_id"]], _("an assessment"))
        t = schema.assessments
        if connection.execute(sa.select(t.c.id).where(t.c.id == row["id"])).first() is None:
            connection.execute(sa.insert(t).values(**row))

    def load_assessment(self, assessment_id: str) -> Assessment:
        """The stored assessment ``assessment_id``."""
        t = schema.assessments
        with self._read() as connection:
            self._require(connection, 2, _("assessments"))
            document = connection.execute(sa.select(t.c.document).where(t.c.id == assessment_id)).scalar()
        if document is None:
            raise StorageError(_("{url}: no assessment {assessment_id!r}; list them with "
                                 "store.assessments(plan)").format(
                                   url=self.url, assessment_id=assessment_id))
        return common.load_assessment_document(
            document, source=_("{url} assessment {id}").format(url=self.url, id=assessment_id))

    def assessments(self, plan_id: str, *, period: Period | None = None) -> list[Assessment]:
        """The assessments of ``plan_id`` (of one period), by period, scorer, scheme and date."""
        t = schema.assessments
        query = sa.select(t.c.id, t.c.document).where(t.c.plan_id == plan_id)
        if period is not None:
            query = query.where(t.c.period == str(common.as_period(period)))
        with self._read() as connection:
            self._require(connection, 2, _("assessments"))
            rows = connection.execute(query).all()
        items = [common.load_assessment_document(
                     row.document, source=_("{url} assessment {id}").format(url=self.url, id=row.id))
                 for row in rows]
        return sorted(items, key=lambda a: (a.period.sort_key, a.scorer, a.scheme, a.as_of,
                                            common.assessment_key(a)))


# -- rows ------------------------------------------------------------------------------------------


_REPORT_COLUMNS = tuple(schema.reports.c[name] for name in (
    "id", "plan_id", "target", "unit", "period", "report_date", "value", "evidence", "note", "status", "reported_by"))


class _Body(NamedTuple):
    """A plan's stored document body (its canonical JSON after the id line), with what saving a copy needs."""

    text: str
    data: bytes  # the text in UTF-8
    digest: str  # its SHA-256: its key in edu_plan_plan_documents
    targets: list[tuple[Any, ...]]  # the plan's edu_plan_plan_targets rows without the plan id
    units: list[tuple[Any, ...]]  # and its edu_plan_plan_units rows


_PLAN_ID_LINE = '{{\n  "id": {},\n'  # how the canonical JSON plan document begins
_PLAN_FIELDS = tuple(field.name for field in attrs.fields(Plan))

def _same(new: Any, old: Any) -> bool:
    # The same object, or an equal plain mapping (attrs.evolve runs the extensions converter again: a new dict).
    return new is old or (type(new) is dict and new == old)


_INSERT_COLUMNS = ("identity", "plan_id", "target", "unit", "period", "period_start", "period_end", "report_date",
                   "value", "value_micro", "value_exp", "evidence", "evidenced", "note", "status", "reported_by")


@functools.lru_cache(maxsize=4096)
def _period_parts(period: Period, iso: bool) -> tuple[str, Any, Any]:
    # A national load has a million reports but a few dozen periods: (id, first day, last day) once each.
    first, last = period.span()
    if iso:
        return str(period), first.isoformat(), last.isoformat()
    return str(period), common.plain_date(first), common.plain_date(last)


@functools.lru_cache(maxsize=65536)
def _date(day: pendulum.Date, iso: bool) -> tuple[str, Any]:
    return day.isoformat(), day.isoformat() if iso else common.plain_date(day)


@functools.lru_cache(maxsize=65536)
def _value_parts(text: str) -> tuple[int, int, str]:
    # Keyed by the value's text, not the Decimal: 1 and 1.0 are equal but stored with their own exponent.
    value = Decimal(text)
    return common.to_micro(value), common.exponent_of(value), common.canonical_value(value)


def _report_tuple(report: ProgressReport, iso_dates: bool) -> tuple[Any, ...]:
    """The row of ``report`` in :data:`_INSERT_COLUMNS` order; dates as ISO text for SQLite.

    The parts a national load repeats (periods, days, values, evidence lists) are computed once each.
    """
    period, first, last = _period_parts(report.period, iso_dates)
    text = str(report.value)
    try:
        micro, exponent, canonical = _value_parts(text)
    except StorageError:
        common.to_micro(report.value, where=f"{report.unit} / {report.target} / {report.period}: ")  # says where
        raise
    day, stored_day = _date(report.report_date, iso_dates)
    evidence = common.evidence_text(tuple(report.evidence))
    return (
        common.identity_of(report.plan_id, report.target, report.unit, period, canonical, day, evidence,
                           report.note, report.reported_by),
        report.plan_id, report.target, report.unit, period, first, last, stored_day,
        text, micro, exponent, evidence if report.evidence else "[]", 1 if report.evidence else 0,
        report.note, report.status.value, report.reported_by,
    )


def _report_rows(batch: Sequence[ProgressReport], iso_dates: bool) -> tuple[list[tuple[Any, ...]], bool]:
    """:func:`_report_tuple` of every report of ``batch``, in order, in one loop; and whether the batch is simple.

    Simple: every report is submitted and each group's reports come one after another (what a load of
    reports as they come in looks like), so that the store's fast path needs no grouping.  The identity is
    hashed from two cached byte strings: the group's part (plan, target, unit, period: worked out when the
    group changes) and the rest (value, day, evidence, note, reporter: a batch repeats few of these, each kept
    with its stored columns).  A value not seen yet goes through :func:`_value_parts` (and, when it cannot be
    stored, :func:`_report_tuple`, which says where it is wrong).
    """
    rows: list[tuple[Any, ...]] = []
    append = rows.append
    periods: dict[Period, tuple[str, Any, Any]] = {}
    # (value text, day, evidence, note, reporter) → (identity bytes after the group's, micro, exponent, stored day,
    # stored evidence, evidenced)
    tails: dict[tuple[Any, ...], tuple[bytes, int, int, Any, str, int]] = {}
    sha256 = hashlib.sha256
    submitted = ReviewStatus.SUBMITTED
    simple = True
    seen: set[tuple[str, str, str, str]] = set()
    last_plan = last_target = last_unit = ""
    last_period: Period | None = None
    period_parts: tuple[str, Any, Any] = ("", None, None)
    head = b""
    for report in batch:
        plan_id, target, unit, period = report.plan_id, report.target, report.unit, report.period
        if period is not last_period or unit != last_unit or target != last_target or plan_id != last_plan:
            if period is not last_period:
                found = periods.get(period)
                if found is None:
                    found = periods[period] = _period_parts(period, iso_dates)
                period_parts = found
            key = (plan_id, target, unit, period_parts[0])
            if key in seen:
                simple = False
            seen.add(key)
            head = "\x1f".join(key).encode("utf-8") + b"\x1f"
            last_plan, last_target, last_unit, last_period = plan_id, target, unit, period
        text = str(report.value)
        evidence, note, by = report.evidence, report.note, report.reported_by
        tail_key = (text, report.report_date, evidence, note, by)
        tail = tails.get(tail_key)
        if tail is None:
            try:
                micro, exponent, canonical = _value_parts(text)
            except StorageError:
                _report_tuple(report, iso_dates)  # says where the value is wrong
                raise
            day, stored_day = _date(report.report_date, iso_dates)
            evidence_text = common.evidence_text(tuple(evidence))
            # common.identity_of's parts after the group's, joined the same way.
            rest = "\x1f".join((canonical, day, evidence_text, note, "" if by is None else f"={by}"))
            tail = tails[tail_key] = (rest.encode("utf-8"), micro, exponent, stored_day,
                                      evidence_text if evidence else "[]", 1 if evidence else 0)
        status = report.status
        if status is not submitted:
            simple = False
        append((sha256(head + tail[0]).hexdigest(), plan_id, target, unit, period_parts[0], period_parts[1],
                period_parts[2], tail[3], text, tail[1], tail[2], tail[4], tail[5], note,
                "submitted" if status is submitted else status.value, by))
    return rows, simple


_CHUNK = 2_000
"""Reports (of whole plans) per chunk: what a worker prepares at once, and what the writer takes in one go (small
enough that the writer starts soon after the workers)."""


def _plan_chunks(batch: list[ProgressReport], size: int) -> list[tuple[list[ProgressReport], list[str], Any]]:
    """``batch`` in chunks of whole plans of about ``size`` reports: (reports, plan ids, positions in ``batch``).

    Plans come in the order of their first report, each plan's reports in their order, so that a load with an
    executor (a chunk per worker) and one without store the same rows in the same order; a batch whose plans
    come one after another (the usual case) is cut into slices, positions as ranges.
    """
    starts: list[tuple[str, int]] = []
    last: object = starts  # a sentinel no plan id equals
    for index, report in enumerate(batch):
        plan_id = getattr(report, "plan_id", None)  # not a report: the check refuses it; its plan is None here
        if plan_id != last:
            last = plan_id
            starts.append((plan_id, index))  # type: ignore[arg-type]
    runs: dict[str, list[range]] = {}
    for (plan_id, start), (_next, end) in zip(starts, [*starts[1:], ("", len(batch))], strict=True):
        runs.setdefault(plan_id, []).append(range(start, end))
    chunks: list[tuple[list[ProgressReport], list[str], Any]] = []
    pending: list[range] = []
    plan_ids: list[str] = []
    count = 0
    for plan_id, ranges in runs.items():
        pending.extend(ranges)
        plan_ids.append(plan_id)
        count += sum(len(r) for r in ranges)
        if count >= size:
            chunks.append(_chunk_of(batch, pending, plan_ids))
            pending, plan_ids, count = [], [], 0
    if pending:
        chunks.append(_chunk_of(batch, pending, plan_ids))
    return chunks


def _chunk_of(batch: list[ProgressReport], ranges: list[range], plan_ids: list[str],
              ) -> tuple[list[ProgressReport], list[str], Any]:
    merged: list[range] = []
    for run in ranges:  # consecutive ranges (a plan after another) are one slice
        if merged and merged[-1].stop == run.start:
            merged[-1] = range(merged[-1].start, run.stop)
        else:
            merged.append(run)
    if len(merged) == 1:
        return batch[merged[0].start:merged[0].stop], plan_ids, merged[0]
    positions = [index for run in merged for index in run]
    return [batch[index] for index in positions], plan_ids, positions


def _fields(reports: list[ProgressReport]) -> list[tuple[Any, ...]]:
    """The reports as plain tuples for a worker: pickling a ProgressReport costs 8 µs, its fields about 1 µs.

    Values go as their text (exactly: ``Decimal(str(value))`` is the value, exponent and all); equal days as
    one object, so that pickle writes each day once.
    """
    days: dict[pendulum.Date, pendulum.Date] = {}
    return [(r.plan_id, r.target, r.unit, r.period, str(r.value), days.setdefault(r.report_date, r.report_date),
             r.evidence, r.note, r.status, r.reported_by) for r in reports]


_REPORT_FIELDS = tuple(field.name for field in attrs.fields(ProgressReport))  # the order _fields gives


def _rebuilt(fields: tuple[Any, ...]) -> ProgressReport:
    """The report of :func:`_fields`, as it was: its fields were validated and converted when it was made, so
    they are set as they are (``object.__setattr__``, as attrs' own ``__setstate__`` does), not validated again."""
    report = object.__new__(ProgressReport)
    setter = object.__setattr__
    for name, value in zip(_REPORT_FIELDS, fields, strict=True):
        setter(report, name, value)
    setter(report, "value", Decimal(fields[4]))
    return report


def _prepare_chunk(fields: list[tuple[Any, ...]], plans: dict[str, Plan | None], positions: Sequence[int],
                   iso_dates: bool) -> tuple[list[tuple[int, Any]], list[tuple[Any, ...]], bool]:
    """In a worker: one chunk's reports rebuilt from :func:`_fields`, checked against ``plans``, and their rows.

    Returns (the check's (position, problem) list, the rows, whether the chunk is simple); no rows when the
    check found a problem.
    """
    from edu_plan._progress import report_errors

    reports = [_rebuilt(item) for item in fields]
    problems = report_errors(plans.get, reports, positions=positions)
    if problems:
        return problems, [], False
    rows, simple = _report_rows(reports, iso_dates)
    return [], rows, simple


def _report_of(row: Any) -> ProgressReport:
    evidence = () if row.evidence == "[]" else tuple(serialization.loads(row.evidence, "json"))
    return ProgressReport(
        plan_id=row.plan_id, target=row.target, unit=row.unit, period=Period.parse(row.period),
        value=Decimal(row.value), report_date=common.to_pendulum(row.report_date), evidence=evidence,
        note=row.note, status=ReviewStatus(row.status), reported_by=row.reported_by,
    )


# A national year has ~150,000 groups but only a few dozen distinct periods, days and exponents:
# parse each once.  Rows come as plain tuples in aggregate_query's column order (after plan_id),
# since this runs once per group of a national year.
_period = functools.lru_cache(maxsize=4096)(Period.parse)
_day = functools.lru_cache(maxsize=65536)(common.to_pendulum)
_total = functools.lru_cache(maxsize=65536)(common.total_of)


def _observation_of(target: str, unit: str, period: str, total: Any, exponent: Any, count: Any, evidenced: Any,
                    approved: Any, latest: Any, latest_date: Any) -> Observation:
    return Observation(
        target=target, unit=unit, period=_period(period), total=_total(int(total), int(exponent)),
        latest=Decimal(latest), latest_date=_day(latest_date), count=int(count), evidenced=bool(evidenced),
        approved=bool(approved),
    )


def _sorted(observations: list[Observation]) -> list[Observation]:
    # Sorted here, not in SQL: server collations order text differently from Python.
    return sorted(observations, key=lambda o: (o.target, o.unit, o.period.sort_key))


def _revision_of(row: Any) -> PlanRevision:
    return PlanRevision(plan_id=row.plan_id, revision=row.revision, digest=row.digest, title=row.title,
                        saved_at=_timestamp(row.saved_at))


def _timestamp(text: str) -> pendulum.DateTime:
    parsed = pendulum.parse(text)
    assert isinstance(parsed, pendulum.DateTime)  # noqa: S101 - we wrote it as a date-time
    return parsed


def _unique(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """The rows with the first of each (plan, id) key: the first two items."""
    seen: set[tuple[Any, ...]] = set()
    result = []
    for row in rows:
        if row[:2] not in seen:
            seen.add(row[:2])
            result.append(row)
    return result


def _chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


"""A national year in a store: ~1 million progress reports (2,844 counties × the Helan plan), scored from the store.

For SQLite and PostgreSQL, in the same run:

1. load the synthetic reports through ``Store.add_reports`` (the path ``edu-plan db load`` takes);
2. read the year's observations from the store (``GROUP BY`` in the database) and score every county;
3. the alternative a user would pick: ``pandas.read_sql`` of the reports + ``groupby``, then the same scoring;
4. the bare aggregate query through the driver (the floor for any route through Python).

Each route runs in a forked child so that its peak memory (ru_maxrss) is its own.  The data is
synthetic (示例数据，非真实数据): every county reports every other month on every target of the Helan plan.

    .venv/bin/python bench/store_national.py                 # 2,844 counties, SQLite and PostgreSQL
    .venv/bin/python bench/store_national.py --counties 200  # a quicker run
    .venv/bin/python bench/store_national.py --smoke         # seconds: CI runs it so the benchmark cannot rot
"""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing
import os
import random
import resource
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

import attrs
import pendulum

from edu_plan import Observation, Period, ProgressReport, datasets
from edu_plan._store import open_store
from edu_plan.plugins.scoring import load_scheme

PERIOD = Period.parse("2024")
AS_OF = pendulum.Date(2024, 12, 31)
SCHEME = os.path.join(os.path.dirname(__file__), "..", "examples", "helan", "scheme.toml")


def county_id(n: int) -> str:
    """The id of the n-th county copy."""
    return f"county-{n:04d}"


def synthetic_reports(plan: Any, county: str, rng: random.Random) -> list[ProgressReport]:
    """Bimonthly reports of every owner of every target for 2024 (示例数据，非真实数据)."""
    reports = []
    for task, target in plan.iter_targets():
        for unit in task.target_owners(target):
            for unit_id in plan.expand(unit):
                for month in range(2, 13, 2):  # every other month: ~1 million reports nationally
                    value = _value(target.kind, rng)
                    reports.append(ProgressReport(
                        plan_id=county, target=target.id, unit=unit_id, period=PERIOD, value=value,
                        report_date=pendulum.Date(2024, month, 28), evidence=("示例佐证",) if month % 3 == 0 else (),
                        note="示例数据，非真实数据"))
    return reports


def _value(kind: str, rng: random.Random) -> Decimal:
    if kind == "qualitative":
        return Decimal(rng.randint(0, 4))  # a rating on the scheme's ordinal scale
    if kind == "milestone":
        return Decimal(1)
    if kind == "recurring":
        return Decimal(rng.randint(0, 3))  # a count of times: stores refuse a fraction of a time
    if kind == "level":
        return Decimal(rng.randint(800, 1000)) / 10
    return Decimal(rng.randint(0, 400)) / 4


def peak_mb() -> float:
    """This process's peak resident memory, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def in_child(work: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """Run ``work`` in a forked process; return its result with its time and peak memory."""
    queue: Any = multiprocessing.get_context("fork").Queue()

    def run() -> None:
        started = time.perf_counter()
        try:
            result = work()
        except BaseException as exc:
            queue.put({"error": f"{type(exc).__name__}: {exc}"})
            raise
        result["seconds"] = time.perf_counter() - started
        result["peak_mb"] = peak_mb()
        queue.put(result)

    process = multiprocessing.get_context("fork").Process(target=run)
    process.start()
    result: dict[str, Any] = queue.get()
    process.join()
    if "error" in result:
        raise RuntimeError(result["error"])
    return result


class Prefetched:
    """A ProgressSource over observations already read for one plan and one ``until``."""

    def __init__(self, store: Any, plan_id: str, until: pendulum.Date, observations: list[Observation],
                 evidenced_only: bool = False) -> None:
        self.store, self.plan_id, self.until, self.items = store, plan_id, until, observations
        self.evidenced_only = evidenced_only  # what the prefetched observations were summed over

    def observations(self, plan_id: str, *, until: pendulum.Date | None = None,
                     targets: Iterable[str] | None = None, evidenced_only: bool = False) -> list[Observation]:
        if plan_id != self.plan_id or until != self.until or evidenced_only != self.evidenced_only:
            return list(self.store.observations(plan_id, until=until, targets=targets,
                                                evidenced_only=evidenced_only))
        wanted = None if targets is None else set(targets)
        return [o for o in self.items if wanted is None or o.target in wanted]

    def events(self, plan_id: str, *, until: pendulum.Date | None = None) -> list[Any]:
        return list(self.store.events(plan_id, until=until))


def score_all(plan: Any, sources: Iterable[tuple[str, Any]]) -> tuple[int, Decimal]:
    """Score every county; return how many and the sum of all scorecard totals (a checksum)."""
    scorer, scheme = load_scheme(SCHEME)
    count, checksum = 0, Decimal(0)
    for county, source in sources:
        assessment = scorer.score(attrs.evolve(plan, id=county), source, scheme, period=PERIOD, as_of=AS_OF)
        checksum += sum((card.total for card in assessment.scorecards), Decimal(0))
        count += 1
    return count, checksum


def route_store(url: str, plan: Any, score: bool) -> dict[str, Any]:
    """Observations from the store's GROUP BY, streamed plan by plan (then scored)."""
    with open_store(url) as store:
        started = time.perf_counter()
        _scorer, scheme = load_scheme(SCHEME)
        # The efficiency scheme's "what cannot be proven counts as not done" reads evidenced reports only.
        proven = bool(getattr(scheme, "unproven_is_undone", False))
        grouped = store.observations_by_plan(None, until=AS_OF, evidenced_only=proven and score)
        if not score:
            rows = sum(len(items) for _county, items in grouped)
            return {"observations": rows}
        sources = ((county, Prefetched(store, county, AS_OF, items, proven)) for county, items in grouped)
        count, checksum = score_all(plan, sources)
        return {"counties": count, "checksum": str(checksum), "read_and_score": time.perf_counter() - started}


def route_pandas(url: str, plan: Any, score: bool) -> dict[str, Any]:
    """pandas.read_sql of the reports, groupby to the same aggregates, then the same scoring."""
    import pandas as pd

    from edu_plan.plugins.storage._sql import engine_for

    engine, schema_name = engine_for(url)
    with engine.connect() as connection:
        if schema_name:
            connection.exec_driver_sql(f'SET search_path TO "{schema_name}"')
        frame = pd.read_sql(
            "SELECT id, plan_id, target, unit, period, value, report_date, evidenced, status FROM edu_plan_reports "
            "WHERE status IN ('submitted', 'approved') AND report_date <= '2024-12-31'", connection)
    _scorer, scheme = load_scheme(SCHEME)
    proven = bool(getattr(scheme, "unproven_is_undone", False)) and score
    if proven:  # the scheme counts evidenced reports only
        frame = frame[frame["evidenced"] == 1]
    frame["value"] = frame["value"].map(Decimal)
    frame = frame.sort_values(["plan_id", "target", "unit", "period", "report_date", "id"])
    keys = ["plan_id", "target", "unit", "period"]
    grouped = frame.groupby(keys, sort=True)
    summary = grouped.agg(total=("value", "sum"), count=("value", "size"), evidenced=("evidenced", "max"),
                          latest=("value", "last"), latest_date=("report_date", "last"),
                          approved=("status", lambda s: (s == "approved").any()))
    by_plan: dict[str, list[Observation]] = {}
    for (county, target, unit, period), row in summary.iterrows():
        day = row["latest_date"]
        day = pendulum.Date.fromisoformat(day) if isinstance(day, str) else pendulum.Date(day.year, day.month,
                                                                                           day.day)
        by_plan.setdefault(county, []).append(Observation(
            target=target, unit=unit, period=Period.parse(period), total=row["total"], latest=row["latest"],
            latest_date=day, count=int(row["count"]), evidenced=bool(row["evidenced"]),
            approved=bool(row["approved"])))
    engine.dispose()
    if not score:
        return {"observations": sum(len(v) for v in by_plan.values())}
    with open_store(url) as store:
        count, checksum = score_all(plan, ((c, Prefetched(store, c, AS_OF, v, proven))
                                          for c, v in by_plan.items()))
    return {"counties": count, "checksum": str(checksum)}


class _Columns:
    """Observation columns already read (the bare route's): a source the columnar scorer reads as it is."""

    def __init__(self, columns: Any) -> None:
        self.columns = columns

    def observation_columns(self, plan_ids: Any, *, until: Any = None, evidenced_only: bool = False) -> Any:
        return self.columns

    def events_by_plan(self, plan_ids: Any, *, until: Any = None) -> list[Any]:
        return []

    def observations(self, plan_id: str, **_: Any) -> list[Any]:
        return []

    def events(self, plan_id: str, **_: Any) -> list[Any]:
        return []


def _best(repeat: int, work: Callable[[], Any]) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - started)
    return best, result


def _checksum(result: Any) -> str:
    return str(Decimal(sum(int(t) for t in result.cards.total)).scaleb(-2))


def route_store_columnar(url: str, plan: Any, counties: int, repeat: int) -> dict[str, Any]:
    """Store → scores: assess_many over the store (one grouped query into columns, one events query, one pass)."""
    from edu_plan import assess_many

    _scorer, scheme = load_scheme(SCHEME)
    plans = [attrs.evolve(plan, id=county_id(n)) for n in range(counties)]
    with open_store(url) as store:
        best, result = _best(repeat, lambda: assess_many(plans, store, scheme, period=PERIOD, as_of=AS_OF))
    return {"best": best, "cards": len(result.cards), "engine": result.engine, "checksum": _checksum(result)}


def route_bare_columnar(url: str, plan: Any, counties: int, repeat: int) -> dict[str, Any]:
    """The bare grouped query (driver, fetchall) into the same columns, then the same vectorised score."""
    from edu_plan import assess_many
    from edu_plan._columns import ObservationColumns
    from edu_plan.plugins.storage._sql import SqlStore

    _scorer, scheme = load_scheme(SCHEME)
    plans = [attrs.evolve(plan, id=county_id(n)) for n in range(counties)]
    store = SqlStore(url)
    statement = store.aggregate_query(None, until=AS_OF, evidenced_only=True)
    engine = store._engine
    compiled = str(statement.compile(dialect=engine.dialect, compile_kwargs={"literal_binds": True}))

    def run() -> Any:
        connection = engine.raw_connection()
        cursor = connection.cursor()
        if store._schema:
            cursor.execute(f'SET search_path TO "{store._schema}"')
        cursor.execute(compiled)
        rows = cursor.fetchall()
        connection.close()
        columns = ObservationColumns.from_rows(((p, t, u, period, total, latest, day, evidenced)
                                                for p, t, u, period, total, _e, _n, evidenced, _a, latest, day
                                                in rows), total_is_micro=True)
        return assess_many(plans, _Columns(columns), scheme, period=PERIOD, as_of=AS_OF)

    best, result = _best(repeat, run)
    store.close()
    return {"best": best, "cards": len(result.cards), "checksum": _checksum(result)}


def route_bare(url: str) -> dict[str, Any]:
    """The store's aggregate statement, compiled, run through the bare driver, fetchall."""
    from edu_plan.plugins.storage._sql import SqlStore

    store = SqlStore(url)
    statement = store.aggregate_query(None, until=AS_OF)
    engine = store._engine
    compiled = statement.compile(dialect=engine.dialect, compile_kwargs={"literal_binds": True})
    connection = engine.raw_connection()
    cursor = connection.cursor()
    if store._schema:
        cursor.execute(f'SET search_path TO "{store._schema}"')
    cursor.execute(str(compiled))
    rows = cursor.fetchall()
    connection.close()
    store.close()
    return {"observations": len(rows)}


def load(url: str, plan: Any, counties: int, workers: int = 0, batch_reports: int = 20_000) -> dict[str, Any]:
    """Save the county plans and add their reports, in batches of about ``batch_reports``; time the store's calls only.

    Reports arrive in batches (a store call each, one transaction); ``--batch-reports 2000000`` loads the
    national set in one call.  ``workers``: load over a process pool of that many
    (``add_reports(executor=…)``), started before the clock.
    Returns how many counties each batch (each store call, one transaction) held, for the bare floor.
    """
    rng = random.Random(2024)
    total, spent, cpu_spent = 0, 0.0, 0.0
    sizes: list[int] = []
    executor = None
    if workers:
        from concurrent.futures import ProcessPoolExecutor

        executor = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
        list(executor.map(abs, range(workers)))  # the workers started
    with open_store(url) as store:
        batch: list[ProgressReport] = []
        copies = []
        for n in range(counties):
            county = f"county-{n:04d}"
            copies.append(attrs.evolve(plan, id=county))
            batch.extend(synthetic_reports(plan, county, rng))
            if len(batch) >= batch_reports or n == counties - 1:
                started, cpu = time.perf_counter(), time.process_time()
                store.save_plans(copies)  # the plans of the batch in one transaction
                total += store.add_reports(batch, executor=executor) if executor else store.add_reports(batch)
                spent += time.perf_counter() - started
                cpu_spent += time.process_time() - cpu
                sizes.append(len(copies))
                batch, copies = [], []
    if executor is not None:
        executor.shutdown()
    return {"reports": total, "store_seconds": spent, "store_cpu": cpu_spent, "batches": sizes}


_TABLES = ("edu_plan_plans", "edu_plan_plan_documents", "edu_plan_plan_revisions", "edu_plan_plan_targets",
           "edu_plan_plan_units", "edu_plan_reports")


def route_bare_load(url: str, fresh_url: str, batches: list[int] | None = None) -> dict[str, Any]:
    """The floor for loading: the rows the store holds, as tuples, into a fresh store of the same schema.

    executemany on SQLite and MariaDB (PyMySQL's multi-row INSERT), COPY on PostgreSQL (psycopg); only the
    inserts are timed.  One transaction; or, with ``batches`` (counties per store call, as :func:`load` gives),
    the store's own transactions: each batch's plan rows committed, then its reports (the shared plan document
    with the first).
    """
    from edu_plan.plugins.storage._sql import SqlStore

    source = SqlStore(url)
    connection = source._engine.raw_connection()
    cursor = connection.cursor()
    if source._schema:
        cursor.execute(f'SET search_path TO "{source._schema}"')
    data = {}
    for table in _TABLES:
        cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - our own table names
        data[table] = ([d[0] for d in cursor.description], cursor.fetchall())
    connection.close()
    source.close()
    open_store(fresh_url).close()  # the same schema, empty
    target = SqlStore(fresh_url)
    connection = target._engine.raw_connection()
    cursor = connection.cursor()
    if target._schema:
        cursor.execute(f'SET search_path TO "{target._schema}"')
    # The transactions: [(table, rows)] each; one for everything, or the store's (plans, then reports, per batch).
    transactions: list[list[tuple[str, list[Any]]]] = [[(table, rows) for table, (_c, rows) in data.items()]]
    if batches:
        numbers = [number for number, size in enumerate(batches) for _ in range(size)]  # each county's batch
        batch_of = {county_id(county): number for county, number in enumerate(numbers)}
        transactions = [[] for _ in range(2 * len(batches))]
        for table, (columns, rows) in data.items():
            if "plan_id" not in columns:  # the shared plan document: saved with the first batch's plans
                transactions[0].append((table, rows))
                continue
            at = columns.index("plan_id")
            parts: list[list[Any]] = [[] for _ in batches]
            for row in rows:
                parts[batch_of[row[at]]].append(row)
            step = 1 if table == "edu_plan_reports" else 0
            for number, part in enumerate(parts):
                transactions[2 * number + step].append((table, part))
    started, cpu = time.perf_counter(), time.process_time()
    for transaction in transactions:
        if target._dialect == "sqlite":
            cursor.execute("BEGIN")  # the store's connections leave transactions to the caller
        for table, rows in transaction:
            names = ", ".join(data[table][0])
            if target._dialect == "postgresql":
                with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:  # sqlite3 steps one prepared statement; PyMySQL rewrites it into multi-row INSERT … VALUES
                mark = "?" if target._dialect == "sqlite" else "%s"
                statement = f"INSERT INTO {table} ({names}) VALUES ({', '.join([mark] * len(data[table][0]))})"  # noqa: S608
                for start in range(0, len(rows), 5000):  # PyMySQL's packets stay under max_allowed_packet
                    cursor.executemany(statement, rows[start:start + 5000])
        connection.commit()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    connection.close()
    target.close()
    return {"rows": sum(len(rows) for _columns, rows in data.values()), "insert_seconds": seconds, "insert_cpu": cpu}


def _empty(urls: Iterable[str], mysql_admin: Any) -> None:
    """Stores back to empty, for another attempt: SQLite files removed, server schemas dropped."""
    import sqlalchemy as sa

    for each in urls:
        if each.startswith("sqlite:///"):
            for suffix in ("", "-wal", "-shm"):
                with contextlib.suppress(FileNotFoundError):
                    os.remove(each[len("sqlite:///"):] + suffix)
        elif "?schema=" in each:
            server, name = each.split("?schema=")
            engine = sa.create_engine(server)
            with engine.begin() as connection:
                connection.exec_driver_sql(f'DROP SCHEMA "{name}" CASCADE')
                connection.exec_driver_sql(f'CREATE SCHEMA "{name}"')
            engine.dispose()
        else:
            name = sa.engine.make_url(each).database
            with mysql_admin.begin() as connection:
                connection.exec_driver_sql(f"DROP DATABASE IF EXISTS `{name}`")
                connection.exec_driver_sql(f"CREATE DATABASE `{name}`")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counties", type=int, default=2844)
    parser.add_argument("--postgresql", default=os.environ.get("EDU_PLAN_TEST_POSTGRESQL",
                                                               "postgresql+psycopg://postgres@127.0.0.1:5432/test"))
    parser.add_argument("--skip-postgresql", action="store_true")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--mysql", default=os.environ.get("EDU_PLAN_TEST_MYSQL", ""),
                        help="a MariaDB/MySQL URL: loading only (e.g. mysql+pymysql://root@127.0.0.1:3306/test)")
    parser.add_argument("--load-only", action="store_true", help="measure loading only (best of --repeat)")
    parser.add_argument("--skip-pandas", action="store_true", help="leave the pandas routes out")
    parser.add_argument("--skip-per-plan", action="store_true", help="leave the per-plan scoring routes out")
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs of the columnar routes")
    parser.add_argument("--workers", type=int, default=2,
                        help="also load over a process pool of this many workers (0: not)")
    parser.add_argument("--batch-reports", type=int, default=20_000,
                        help="reports per store call (one transaction each) while loading; default 20,000")
    parser.add_argument("--smoke", action="store_true", help="5 counties: checks that the benchmark runs (CI)")
    args = parser.parse_args(argv)
    if args.smoke:
        args.counties, args.repeat = 5, 1
    plan = datasets.load("helan")
    folder = tempfile.mkdtemp(prefix="edu-plan-bench-")
    targets: list[tuple[str, str, str]] = [] if args.skip_sqlite else [
        ("SQLite", f"sqlite:///{folder}/national.db", f"sqlite:///{folder}/bare.db")]
    schema_name = f"edu_plan_bench_{uuid.uuid4().hex[:8]}"
    if not args.skip_postgresql:
        import sqlalchemy as sa

        admin = sa.create_engine(args.postgresql)
        with admin.begin() as connection:
            connection.exec_driver_sql(f'CREATE SCHEMA "{schema_name}"')
            connection.exec_driver_sql(f'CREATE SCHEMA "{schema_name}_bare"')
        targets.append(("PostgreSQL", f"{args.postgresql}?schema={schema_name}",
                        f"{args.postgresql}?schema={schema_name}_bare"))
    mysql_admin = None
    if args.mysql:
        import sqlalchemy as sa
        from sqlalchemy.engine import make_url

        mysql_admin = sa.create_engine(args.mysql)
        with mysql_admin.begin() as connection:
            connection.exec_driver_sql(f"CREATE DATABASE `{schema_name}`")
            connection.exec_driver_sql(f"CREATE DATABASE `{schema_name}_bare`")
        base = make_url(args.mysql)
        targets.append(("MariaDB", base.set(database=schema_name).render_as_string(hide_password=False),
                        base.set(database=f"{schema_name}_bare").render_as_string(hide_password=False)))
    print(f"# {args.counties} counties × Helan plan, year 2024 (示例数据，非真实数据); Python {sys.version.split()[0]}")
    try:
        for label, url, fresh_url in targets:
            loads, floors, same, pooled = [], [], [], []
            for attempt in range(args.repeat if args.load_only else 1):  # side by side: store, then bare, …
                if attempt:
                    _empty([url, fresh_url], mysql_admin)
                loads.append(in_child(lambda url=url: load(url, plan, args.counties, 0, args.batch_reports)))
                floors.append(in_child(lambda url=url, fresh_url=fresh_url: route_bare_load(url, fresh_url)))
                _empty([fresh_url], mysql_admin)
                batches = loads[-1]["batches"]
                same.append(in_child(lambda url=url, fresh_url=fresh_url, batches=batches: route_bare_load(
                    url, fresh_url, batches)))
                if args.workers:
                    _empty([url], mysql_admin)
                    pooled.append(in_child(lambda url=url: load(url, plan, args.counties, args.workers,
                                                                args.batch_reports)))
                    assert pooled[-1]["reports"] == loads[-1]["reports"], (pooled[-1], loads[-1])
            loaded = min(loads, key=lambda r: r["store_seconds"])
            floor = min(floors, key=lambda r: r["insert_seconds"])
            bulk = "COPY" if label == "PostgreSQL" else "executemany"
            store_times = ", ".join(f"{r['store_seconds']:.2f}" for r in loads)
            bare_times = ", ".join(f"{r['insert_seconds']:.2f}" for r in floors)
            store_cpu = min(r["store_cpu"] for r in loads)
            print(f"\n## {label}: loaded {loaded['reports']:,} reports and {args.counties:,} plans through "
                  f"Store.save_plans + Store.add_reports in {loaded['store_seconds']:.2f} s "
                  f"({loaded['reports'] / loaded['store_seconds']:,.0f} reports/s), peak {loaded['peak_mb']:.0f} MB; "
                  f"bare {bulk} of the same {floor['rows']:,} rows into the same schema in one transaction "
                  f"{floor['insert_seconds']:.2f} s: "
                  f"{loaded['store_seconds'] / floor['insert_seconds']:.2f}× (limit ≤ 1.5×); best of {len(loads)} "
                  f"(store {store_times} s; bare {bare_times} s); this process's CPU (the client's; SQLite's "
                  f"whole work): store {store_cpu:.2f} s, bare {min(r['insert_cpu'] for r in floors):.2f} s, "
                  f"{store_cpu / min(r['insert_cpu'] for r in floors):.2f}×; "
                  f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
            floor_same = min(same, key=lambda r: r["insert_seconds"])
            same_times = ", ".join(f"{r['insert_seconds']:.2f}" for r in same)
            pool_times = ", ".join(f"{r['store_seconds']:.2f}" for r in pooled)
            print(f"bare {bulk} in the store's own {2 * len(loaded['batches'])} transactions (each batch's plans, "
                  f"then its reports: {len(loaded['batches'])} store calls of up to ~{args.batch_reports:,} reports) "
                  f"{floor_same['insert_seconds']:.2f} s: store "
                  f"{loaded['store_seconds'] / floor_same['insert_seconds']:.2f}× "
                  f"(best of {len(same)}: {same_times} s); "
                  f"CPU {min(r['insert_cpu'] for r in same):.2f} s, store "
                  f"{store_cpu / min(r['insert_cpu'] for r in same):.2f}×", flush=True)
            if pooled:
                best_pool = min(pooled, key=lambda r: r["store_seconds"])
                print(f"with an executor (add_reports(executor=ProcessPoolExecutor({args.workers}))): "
                      f"{best_pool['store_seconds']:.2f} s, one process {loaded['store_seconds']:.2f} s: "
                      f"{loaded['store_seconds'] / best_pool['store_seconds']:.2f}× faster (best of {len(pooled)}: "
                      f"{pool_times} s); this process's CPU "
                      f"{min(r['store_cpu'] for r in pooled):.2f} s (one process: {store_cpu:.2f} s); "
                      f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
            if args.load_only or label == "MariaDB":
                continue
            store_columnar = in_child(lambda url=url: route_store_columnar(url, plan, args.counties, args.repeat))
            bare_columnar = in_child(lambda url=url: route_bare_columnar(url, plan, args.counties, args.repeat))
            assert store_columnar["checksum"] == bare_columnar["checksum"], (store_columnar, bare_columnar)
            print(f"store → scores, columnar (assess_many over the store): {store_columnar['best']:.3f} s, "
                  f"peak {store_columnar['peak_mb']:.0f} MB; bare grouped query + the same vectorised score: "
                  f"{bare_columnar['best']:.3f} s, peak {bare_columnar['peak_mb']:.0f} MB; ratio "
                  f"{store_columnar['best'] / bare_columnar['best']:.2f}× (limit ≤ 1.5×); best of {args.repeat}; "
                  f"{store_columnar['cards']:,} scorecards, checksum {store_columnar['checksum']}; "
                  f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
            bare = in_child(lambda url=url: route_bare(url))
            agg = in_child(lambda url=url: route_store(url, plan, False))
            routes = [("bare aggregate query (driver, fetchall)", bare),
                      ("store: observations (GROUP BY in the DB)", agg)]
            if not args.skip_pandas:
                pandas_agg = in_child(lambda url=url: route_pandas(url, plan, False))
                assert agg["observations"] == bare["observations"] == pandas_agg["observations"]
                routes.append(("pandas: read_sql + groupby → observations", pandas_agg))
            if not args.skip_per_plan:
                store = in_child(lambda url=url: route_store(url, plan, True))
                assert Decimal(store["checksum"]) == Decimal(store_columnar["checksum"]), (store, store_columnar)
                routes.append(("store: observations + score every county", store))
            if not args.skip_pandas and not args.skip_per_plan:
                pandas_all = in_child(lambda url=url: route_pandas(url, plan, True))
                assert store["checksum"] == pandas_all["checksum"], (store, pandas_all)
                routes.append(("pandas: read_sql + groupby + score", pandas_all))
            print(f"{'route':<44}{'time s':>9}{'peak MB':>9}")
            for name, result in routes:
                print(f"{name:<44}{result['seconds']:>9.2f}{result['peak_mb']:>9.0f}")
            print(f"observations: {agg['observations']:,}; store vs bare query: "
                  f"{agg['seconds'] / bare['seconds']:.2f}× its time")
            if not args.skip_pandas and not args.skip_per_plan:
                print(f"store vs pandas (aggregates): {pandas_agg['seconds'] / agg['seconds']:.2f}× faster; "
                      f"scoring included: {pandas_all['seconds'] / store['seconds']:.2f}× faster than pandas")
    finally:
        if mysql_admin is not None:
            with mysql_admin.begin() as connection:
                connection.exec_driver_sql(f"DROP DATABASE IF EXISTS `{schema_name}`")
                connection.exec_driver_sql(f"DROP DATABASE IF EXISTS `{schema_name}_bare`")
        if not args.skip_postgresql:
            with admin.begin() as connection:
                connection.exec_driver_sql(f'DROP SCHEMA "{schema_name}", "{schema_name}_bare" CASCADE')
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Hypothesis profiles and fixtures shared by the whole suite."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# "ci" is thorough; "dev" (the default outside CI) is quick for local runs.
settings.register_profile("ci", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=40, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


# -- language ----------------------------------------------------------------------------------------
# Chinese is the default of everything a person reads; most tests read the English ids, so each test
# runs with EDU_PLAN_LANG=en (inherited by the CLI subprocesses) unless it asks for Chinese itself
# (`with use_language("zh")`, or the `chinese` fixture below, or `monkeypatch.delenv`).

import pytest  # noqa: E402 - grouped with the fixtures it serves


@pytest.fixture(autouse=True)
def _english_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EDU_PLAN_LANG", "en")


@pytest.fixture
def chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run the test in the default language, Chinese, as a user with no option set sees it."""
    monkeypatch.delenv("EDU_PLAN_LANG", raising=False)


# -- storage: database servers (issue 4) -------------------------------------------------------------
# Server tests read their URLs from the environment and skip, saying why, when a server cannot be
# reached; CI sets EDU_PLAN_REQUIRE_SERVERS=1 so that an unreachable server fails the run instead.
# Each test gets a schema (PostgreSQL) or database (MariaDB) of its own, dropped afterwards.

import uuid  # noqa: E402 - grouped with the storage fixtures it serves
from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

SERVER_URLS = {
    "postgresql": ("EDU_PLAN_TEST_POSTGRESQL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"),
    "mysql": ("EDU_PLAN_TEST_MYSQL", "mysql+pymysql://root@127.0.0.1:3306/test"),
}


def _server_url(kind: str) -> str:
    import sqlalchemy as sa

    variable, default = SERVER_URLS[kind]
    url = os.environ.get(variable, default)
    try:
        engine = sa.create_engine(url)
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
        engine.dispose()
    except Exception as exc:  # noqa: BLE001 - any failure to connect means "no server here"
        reason = f"{kind} server not reachable at {url} (set {variable}): {type(exc).__name__}: {exc}"
        if os.environ.get("EDU_PLAN_REQUIRE_SERVERS") == "1":
            pytest.fail(f"EDU_PLAN_REQUIRE_SERVERS=1 but the {reason}")
        pytest.skip(reason)
    return url


@pytest.fixture(scope="session")
def postgresql_server() -> str:
    """The PostgreSQL server URL for tests (skips, or fails under EDU_PLAN_REQUIRE_SERVERS=1, when absent)."""
    return _server_url("postgresql")


@pytest.fixture(scope="session")
def mysql_server() -> str:
    """The MySQL/MariaDB server URL for tests (skips, or fails under EDU_PLAN_REQUIRE_SERVERS=1, when absent)."""
    return _server_url("mysql")


@pytest.fixture
def postgresql_store_url(postgresql_server: str) -> Iterator[str]:
    """A store URL in a fresh PostgreSQL schema of its own, dropped after the test."""
    import sqlalchemy as sa

    name = f"edu_plan_test_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(postgresql_server)
    with engine.begin() as connection:
        connection.exec_driver_sql(f'CREATE SCHEMA "{name}"')
    try:
        yield f"{postgresql_server}?schema={name}"
    finally:
        with engine.begin() as connection:
            connection.exec_driver_sql(f'DROP SCHEMA "{name}" CASCADE')
        engine.dispose()


@pytest.fixture
def mysql_store_url(mysql_server: str) -> Iterator[str]:
    """A store URL in a fresh MariaDB/MySQL database of its own, dropped after the test."""
    import sqlalchemy as sa
    from sqlalchemy.engine import make_url

    name = f"edu_plan_test_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(mysql_server)
    with engine.begin() as connection:
        connection.exec_driver_sql(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin")
    try:
        yield make_url(mysql_server).set(database=name).render_as_string(hide_password=False)
    finally:
        with engine.begin() as connection:
            connection.exec_driver_sql(f"DROP DATABASE `{name}`")
        engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.server),
                        pytest.param("mysql", marks=pytest.mark.server)])
def sql_store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh store URL on SQLite, PostgreSQL and MariaDB (the servers' fixtures give a schema of their own)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
    else:
        yield request.getfixturevalue(f"{request.param}_store_url")


# -- rendering (issue 5) -------------------------------------------------------------------------

from edu_plan._progress import ProgressLog  # noqa: E402 - grouped with the rendering fixtures it serves


@pytest.fixture(scope="session")
def helan_sample_progress() -> ProgressLog:
    """A few progress reports for the Helan plan, 2023–2024. 示例数据，非真实数据 (illustrative, not real data)."""
    from decimal import Decimal

    import pendulum

    from edu_plan import Period
    from edu_plan._progress import ProgressReport

    def report(target: str, unit: str, period: str, value: str, day: tuple[int, int, int],
               evidence: tuple[str, ...] = ()) -> ProgressReport:
        return ProgressReport(plan_id="helan-edu-quality-2023", target=target, unit=unit,
                              period=Period.parse(period), value=Decimal(value), report_date=pendulum.Date(*day),
                              evidence=evidence, note="示例数据，非真实数据")

    return ProgressLog([
        report("T10-2", "education-sports", "2023", "2", (2023, 12, 20), ("示例：贺教体发〔2023〕88号",)),
        report("T10-2", "education-sports", "2024", "1", (2024, 12, 20)),
        report("T10-3", "education-sports", "2023", "300", (2023, 12, 20)),
        report("T10-3", "education-sports", "2024", "200", (2024, 12, 20)),
        report("T10-4", "education-sports", "2023", "88.5", (2023, 12, 20)),
        report("T10-4", "education-sports", "2024", "90", (2024, 12, 20)),
        report("T05-2", "education-sports", "2023-2024-1", "1", (2023, 12, 20)),
        report("T17-2", "education-sports", "2023", "500", (2023, 12, 20)),
        report("T17-2", "education-sports", "2024", "1000", (2024, 12, 20), ("示例：验收报告",)),
    ])

"""The storage contract (edu_plan.testing.storage) run on every built-in backend: files, SQLite, PostgreSQL, MariaDB."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from tests.strategies import plans

from edu_plan.testing.storage import StoreContract


def _forge_sql(url: str, version: int) -> None:
    from edu_plan.plugins.storage import _schema
    from edu_plan.plugins.storage._sql import engine_for

    engine, _name = engine_for(url)
    meta = _schema.meta
    with engine.begin() as connection:
        connection.execute(sa.update(meta).where(meta.c.key == "schema_version").values(value=str(version)))
    engine.dispose()


class TestFilesStore(StoreContract):
    """The folder store passes the contract."""

    plan_strategy = plans()

    def make_url(self, tmp_path: Path) -> str:
        return f"files:{tmp_path / 'store'}"

    def forge_schema_version(self, url: str, version: int) -> None:
        (Path(url.removeprefix("files:")) / "edu_plan-store.json").write_text(
            f'{{"schema_version": {version}}}\n', encoding="utf-8")


class TestSqliteStore(StoreContract):
    """The embedded SQLite store passes the contract."""

    plan_strategy = plans()

    def make_url(self, tmp_path: Path) -> str:
        return f"sqlite:///{tmp_path / 'store.db'}"

    def forge_schema_version(self, url: str, version: int) -> None:
        _forge_sql(url, version)


@pytest.mark.server
class TestPostgresqlStore(StoreContract):
    """The PostgreSQL store passes the contract (in a schema of its own per test)."""

    plan_strategy = plans()

    @pytest.fixture
    def url(self, postgresql_store_url: str) -> str:
        return postgresql_store_url

    def forge_schema_version(self, url: str, version: int) -> None:
        _forge_sql(url, version)


@pytest.mark.server
class TestMariadbStore(StoreContract):
    """The MariaDB store passes the contract (in a database of its own per test)."""

    plan_strategy = plans()

    @pytest.fixture
    def url(self, mysql_store_url: str) -> str:
        return mysql_store_url

    def forge_schema_version(self, url: str, version: int) -> None:
        _forge_sql(url, version)

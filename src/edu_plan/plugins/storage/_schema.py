"""The one SQL schema of the SQLite, PostgreSQL and MySQL/MariaDB stores, and its migrations.

Every table is prefixed ``edu_plan_`` so the store can live in a database that holds
other things.  Each table says in ``info["since"]`` which schema version added it; a
migration to version *n* creates the tables of version *n* (and, in later versions,
runs the changes listed in :data:`STEPS`).  Text that is an identifier compares
byte for byte on every server (``utf8mb4_bin`` on MySQL), because ``T01-1`` and
``t01-1`` are different targets.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import mysql

__all__ = ["CURRENT_VERSION", "DOCUMENT_REF", "METADATA", "STEPS", "assessments", "events", "meta",
           "plan_documents", "plan_revisions", "plan_targets", "plan_units", "plans", "reports", "tables_of"]

CURRENT_VERSION = 3
"""The schema version this library writes: 1 = plans and revisions; 2 = progress, events, assessments;
3 = plan documents stored once per content (``edu_plan_plan_documents``)."""

DOCUMENT_REF = "@sha256:"
"""How a revision's ``document`` names its body in ``edu_plan_plan_documents`` (version 3 on): this prefix
and the body's digest.  A plan document is JSON and never starts with ``@``; older revisions keep theirs inline."""

_MYSQL = ("mysql", "mariadb")


def _id(length: int = 100) -> sa.types.TypeEngine[str]:
    return sa.String(length).with_variant(mysql.VARCHAR(length, charset="utf8mb4", collation="utf8mb4_bin"), *_MYSQL)


def _text() -> sa.types.TypeEngine[str]:
    # Plan documents exceed MySQL's 64 kB TEXT.
    return sa.Text().with_variant(mysql.LONGTEXT(charset="utf8mb4", collation="utf8mb4_bin"), *_MYSQL)


_ROW_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")  # INTEGER PRIMARY KEY is SQLite's rowid
_TABLE_OPTIONS: dict[str, Any] = {"mysql_charset": "utf8mb4", "mysql_collate": "utf8mb4_bin", "mysql_engine": "InnoDB",
                  "mariadb_charset": "utf8mb4", "mariadb_collate": "utf8mb4_bin", "mariadb_engine": "InnoDB"}

METADATA = sa.MetaData()

meta = sa.Table(
    "edu_plan_meta", METADATA,
    sa.Column("key", _id(64), primary_key=True),
    sa.Column("value", sa.String(255), nullable=False),
    info={"since": 1}, **_TABLE_OPTIONS,
)

plans = sa.Table(
    "edu_plan_plans", METADATA,
    sa.Column("plan_id", _id(), primary_key=True),
    sa.Column("title", _text(), nullable=False),
    sa.Column("latest_revision", sa.Integer, nullable=False),
    info={"since": 1}, **_TABLE_OPTIONS,
)

plan_revisions = sa.Table(
    "edu_plan_plan_revisions", METADATA,
    sa.Column("plan_id", _id(), primary_key=True),
    sa.Column("revision", sa.Integer, primary_key=True),
    sa.Column("digest", sa.String(64), nullable=False),
    sa.Column("title", _text(), nullable=False),
    sa.Column("saved_at", sa.String(40), nullable=False),
    sa.Column("document", _text(), nullable=False),
    info={"since": 1}, **_TABLE_OPTIONS,
)

plan_targets = sa.Table(
    "edu_plan_plan_targets", METADATA,
    sa.Column("plan_id", _id(), primary_key=True),
    sa.Column("target", _id(), primary_key=True),
    sa.Column("task", sa.Integer, nullable=False),
    sa.Column("kind", _id(), nullable=False),
    sa.Column("metric", _text(), nullable=False),
    info={"since": 1}, **_TABLE_OPTIONS,
)

plan_units = sa.Table(
    "edu_plan_plan_units", METADATA,
    sa.Column("plan_id", _id(), primary_key=True),
    sa.Column("unit", _id(), primary_key=True),
    sa.Column("name", _text(), nullable=False),
    sa.Column("kind", _id(32), nullable=False),
    info={"since": 1}, **_TABLE_OPTIONS,
)

reports = sa.Table(
    "edu_plan_reports", METADATA,
    sa.Column("id", _ROW_ID, primary_key=True, autoincrement=True),
    sa.Column("identity", sa.String(64), nullable=False, unique=True),
    sa.Column("plan_id", _id(), nullable=False),
    sa.Column("target", _id(), nullable=False),
    sa.Column("unit", _id(), nullable=False),
    sa.Column("period", _id(16), nullable=False),
    sa.Column("period_start", sa.Date, nullable=False),
    sa.Column("period_end", sa.Date, nullable=False),
    sa.Column("report_date", sa.Date, nullable=False),
    sa.Column("value", sa.String(64), nullable=False),
    sa.Column("value_micro", sa.BigInteger, nullable=False),
    sa.Column("value_exp", sa.SmallInteger, nullable=False),
    sa.Column("evidence", _text(), nullable=False),
    sa.Column("evidenced", sa.SmallInteger, nullable=False),
    sa.Column("note", _text(), nullable=False),
    sa.Column("status", _id(16), nullable=False),
    sa.Column("reported_by", _text(), nullable=True),
    sa.Index("edu_plan_reports_group", "plan_id", "target", "unit", "period"),
    sa.Index("edu_plan_reports_unit", "plan_id", "unit"),
    info={"since": 2}, **_TABLE_OPTIONS,
)

plan_documents = sa.Table(
    # A plan document without its top-level "id" line, once per content: 2,844 counties that copy one plan
    # store it once.  Revisions name it by DOCUMENT_REF + digest; the document is the id line + this body.
    "edu_plan_plan_documents", METADATA,
    sa.Column("digest", sa.String(64), primary_key=True),
    sa.Column("body", _text(), nullable=False),
    info={"since": 3}, **_TABLE_OPTIONS,
)

events = sa.Table(
    "edu_plan_events", METADATA,
    sa.Column("id", _ROW_ID, primary_key=True, autoincrement=True),
    sa.Column("identity", sa.String(64), nullable=False, unique=True),
    sa.Column("plan_id", _id(), nullable=False),
    sa.Column("kind", _id(16), nullable=False),
    sa.Column("unit", _id(), nullable=False),
    sa.Column("event_date", sa.Date, nullable=False),
    sa.Column("document", _text(), nullable=False),
    sa.Index("edu_plan_events_plan", "plan_id", "event_date"),
    info={"since": 2}, **_TABLE_OPTIONS,
)

assessments = sa.Table(
    "edu_plan_assessments", METADATA,
    sa.Column("id", sa.String(16), primary_key=True),
    sa.Column("plan_id", _id(), nullable=False),
    sa.Column("scorer", _id(), nullable=False),
    sa.Column("scheme", _text(), nullable=False),
    sa.Column("period", _id(16), nullable=False),
    sa.Column("as_of", sa.Date, nullable=False),
    sa.Column("saved_at", sa.String(40), nullable=False),
    sa.Column("document", _text(), nullable=False),
    sa.Index("edu_plan_assessments_plan", "plan_id", "period"),
    info={"since": 2}, **_TABLE_OPTIONS,
)


def tables_of(version: int) -> list[sa.Table]:
    """The tables added by schema version ``version``, in creation order."""
    return [t for t in METADATA.sorted_tables if t.info["since"] == version]


def _create(version: int) -> Callable[[sa.Connection], None]:
    def step(connection: sa.Connection) -> None:
        METADATA.create_all(connection, tables=tables_of(version), checkfirst=True)

    return step


STEPS: dict[int, Callable[[sa.Connection], None]] = {1: _create(1), 2: _create(2), 3: _create(3)}
"""The migration to each version from the one before it (1 from an empty database)."""

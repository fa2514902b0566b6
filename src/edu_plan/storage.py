"""Keeping plans, progress and assessments in a store: a folder, a SQLite file, or a database server.

>>> import edu_plan.storage
>>> edu_plan.storage.scheme_of("postgresql+psycopg://postgres@127.0.0.1/test")
'postgresql'

:func:`open_store` opens a store by URL (``files:DIR``, ``sqlite:///path.db``,
``postgresql://…``, ``mysql://…``), or the embedded default SQLite file when no URL is
given (``$EDU_PLAN_STORE`` overrides it).  The backends are plugins of the
``edu_plan.storage`` entry-point group; the :class:`~edu_plan.protocols.Store`
protocol says what every store can do.
"""

from __future__ import annotations

from edu_plan._store import ENV_VAR, PlanRevision, default_url, open_store, scheme_of

__all__ = ["ENV_VAR", "PlanRevision", "default_url", "open_store", "scheme_of"]

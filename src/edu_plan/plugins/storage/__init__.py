"""The built-in storage backends: ``files``, ``sqlite`` (the embedded default), ``postgresql``, ``mysql``.

Each is found through the ``edu_plan.storage`` entry-point group under its URL
scheme, like a third party's backend; open a store with :func:`edu_plan.storage.open_store`.
The three SQL backends share one schema and one code path (SQLAlchemy Core); the
database drivers load only when a store of theirs is opened.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from edu_plan.protocols import Store

__all__ = ["FILES", "MARIADB", "MYSQL", "POSTGRESQL", "SQLITE"]


class _Lazy:
    """A backend whose engine module is imported on first use, so that listing plugins stays light."""

    def __init__(self, name: str, module: str, factory: str) -> None:
        self.name = name
        self._module = module
        self._factory = factory
        self._backend: Any = None

    def _get(self) -> Any:
        if self._backend is None:
            import importlib

            cls = getattr(importlib.import_module(self._module), self._factory)
            self._backend = cls() if self._factory == "FilesBackend" else cls(self.name)
        return self._backend

    @property
    def schema_version(self) -> int:
        """The store layout the backend writes."""
        return int(self._get().schema_version)

    def open(self, url: str) -> Store:
        """Open (creating or migrating) the store at ``url``."""
        store: Store = self._get().open(url)
        return store

    def initialize(self, url: str, *, version: int | None = None) -> int:
        """Create or migrate the store at ``url`` up to ``version`` (default: the latest)."""
        return int(self._get().initialize(url, version=version))

    def __repr__(self) -> str:
        return f"<edu_plan storage backend {self.name!r}>"


FILES = _Lazy("files", "edu_plan.plugins.storage._files", "FilesBackend")
"""``files:DIR`` — a folder of YAML and JSON documents, for git."""
SQLITE = _Lazy("sqlite", "edu_plan.plugins.storage._sql", "SqlBackend")
"""``sqlite:///path.db`` — one file, the embedded default."""
POSTGRESQL = _Lazy("postgresql", "edu_plan.plugins.storage._sql", "SqlBackend")
"""``postgresql://user@host/db`` (psycopg 3; ``?schema=name`` keeps the tables in a schema)."""
MYSQL = _Lazy("mysql", "edu_plan.plugins.storage._sql", "SqlBackend")
"""``mysql://user@host/db`` — MySQL or MariaDB through PyMySQL."""
MARIADB = _Lazy("mariadb", "edu_plan.plugins.storage._sql", "SqlBackend")
"""``mariadb://user@host/db`` — the same backend as ``mysql``."""

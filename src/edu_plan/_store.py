"""Opening a store by URL: the embedded default, the ``EDU_PLAN_STORE`` override, the backend lookup.

A store keeps plans (with their revisions), progress reports, events and
assessments.  Which backend opens a URL is decided by its scheme through the
``edu_plan.storage`` entry-point group, so this core module never imports a plugin:
``files:DIR``, ``sqlite:///path.db``, ``postgresql://…``, ``mysql://…`` are all
found the way a third party's ``mongodb://…`` would be.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import attrs
import pendulum

from edu_plan._i18n import gettext as _
from edu_plan._registry import Registry, default_registry
from edu_plan.errors import StorageError

if TYPE_CHECKING:
    from edu_plan.protocols import Store

__all__ = ["ENV_VAR", "PlanRevision", "default_url", "open_store", "scheme_of"]

ENV_VAR = "EDU_PLAN_STORE"
"""The environment variable naming the store used when none is given (a URL or a path to a SQLite file)."""


@attrs.frozen(kw_only=True)
class PlanRevision:
    """One saved revision of a plan: saving a changed plan adds a revision and keeps the earlier ones.

    ``digest`` is the SHA-256 of the plan's canonical JSON document, so saving the same
    plan twice finds the same revision instead of adding one.
    """

    plan_id: str
    revision: int = attrs.field(validator=attrs.validators.ge(1))
    digest: str
    title: str
    saved_at: pendulum.DateTime


def _data_home() -> Path:
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        return Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    if sys.platform == "darwin":  # pragma: no cover - exercised on macOS only
        return Path.home() / "Library" / "Application Support"
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def default_url() -> str:
    """The store used when none is named: ``$EDU_PLAN_STORE``, else a SQLite file in the user's data folder.

    ``EDU_PLAN_STORE`` may be a URL (``postgresql://…``) or a plain path, read as a
    SQLite file.  Without it the file is ``~/.local/share/edu_plan/store.db`` on Linux
    (``$XDG_DATA_HOME`` honoured), ``~/Library/Application Support/edu_plan/store.db``
    on macOS and ``%LOCALAPPDATA%\\edu_plan\\store.db`` on Windows.
    """
    value = os.environ.get(ENV_VAR, "").strip()
    if value:
        return value if "://" in value or value.startswith("files:") else f"sqlite:///{Path(value).resolve()}"
    return f"sqlite:///{_data_home() / 'edu_plan' / 'store.db'}"


def scheme_of(url: str) -> str:
    """The backend name a URL asks for: ``postgresql+psycopg://…`` → ``postgresql``, ``files:plans`` → ``files``."""
    scheme, sep, _rest = url.partition(":")
    if not sep or not scheme:
        raise StorageError(
            _("'url' must start with a scheme such as sqlite:///store.db, files:DIR or postgresql://… (got "
              "{url!r})").format(url=url)
        )
    return scheme.split("+", 1)[0].lower()


def open_store(url: str | None = None, *, registry: Registry | None = None) -> Store:
    """Open (creating and migrating if needed) the store at ``url``; the default store when ``url`` is None.

    The backend is the ``edu_plan.storage`` plugin named by the URL's scheme; an
    unknown scheme raises :class:`~edu_plan.errors.PluginNotFoundError` listing the
    installed ones.  Use the store as a context manager to close it.
    """
    target = url if url is not None else default_url()
    backend = (registry or default_registry()).storage(scheme_of(target))
    return backend.open(target)

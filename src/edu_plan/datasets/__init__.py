"""Plans that ship with edu_plan, ready to load by name.

>>> from edu_plan import datasets
>>> datasets.names()
('helan',)
>>> plan = datasets.load("helan")
>>> plan.doc_number
'贺党教发〔2023〕1号'

``helan`` is 《贺兰县教育质量提升行动实施方案》(贺党教发〔2023〕1号, 2023-03-20): five
sections, 22 tasks with their lead, cooperating and responsible units, and every
quantitative commitment of the text as a typed target.  ``examples/helan/README.md``
in the source tree says where each piece comes from.

Each dataset is a YAML plan file kept as package data; :func:`path` gives it to
tools that want the file itself (the command line accepts ``helan`` as a plan name).
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from edu_plan._i18n import gettext as _
from edu_plan.errors import PlanFileError

if TYPE_CHECKING:
    from edu_plan._model import Plan

    if sys.version_info >= (3, 11):
        from importlib.resources.abc import Traversable
    else:
        from importlib.abc import Traversable

__all__ = ["load", "names", "path"]

_SUFFIX = ".yaml"


def names() -> tuple[str, ...]:
    """The names of the bundled datasets, sorted: ``('helan',)``."""
    files = _files().iterdir()
    return tuple(sorted(f.name[: -len(_SUFFIX)] for f in files if f.is_file() and f.name.endswith(_SUFFIX)))


def path(name: str = "helan") -> Traversable:
    """The packaged plan file of dataset ``name``.

    Raise :class:`~edu_plan.errors.PlanFileError` naming the available datasets when
    there is no dataset called ``name``.
    """
    available = names()
    if name not in available:
        raise PlanFileError(_("no bundled dataset {name!r}; the datasets are: {value}").format(
                                name=name, value=", ".join(available) or _("none")))
    return _files().joinpath(f"{name}{_SUFFIX}")


def _files() -> Traversable:
    here = os.path.dirname(__file__)
    if os.path.isdir(here):
        # Installed as files (the usual case): the folder itself; importlib.resources' reader would import zipfile.
        from pathlib import Path

        return Path(here)
    from importlib import resources

    return resources.files(__name__)


def load(name: str = "helan") -> Plan:
    """Read and validate the bundled dataset ``name`` (default ``helan``).

    Raise :class:`~edu_plan.errors.PlanFileError` for an unknown name; a dataset
    that fails validation raises :class:`~edu_plan.errors.PlanValidationError`.
    """
    from edu_plan.serialization import loads_plan

    text = path(name).read_text(encoding="utf-8")
    return loads_plan(text, "yaml", source=f"edu_plan.datasets/{name}{_SUFFIX}")

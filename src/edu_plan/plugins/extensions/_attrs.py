"""An extension whose data is an attrs class: structured and checked through edu_plan's converter."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from edu_plan import serialization
from edu_plan._i18n import gettext as _
from edu_plan.errors import Problem

__all__ = ["AttrsExtension"]


@attrs.frozen(kw_only=True)
class AttrsExtension:
    """An :class:`~edu_plan.protocols.Extension` whose data is the attrs class ``data_type``.

    Structuring errors (missing or unknown keys, wrong types) are reported at their
    path; ``check`` adds the rules of the data itself.  Third parties can build their
    extensions with it too.
    """

    name: str
    applies_to: frozenset[str]
    data_type: type
    description: str = ""
    check: Callable[[Any, str], Iterable[Problem]] | None = None

    def read(self, data: Mapping[str, Any]) -> Any:
        """The raw data as a ``data_type`` instance."""
        return serialization.structure(dict(data), self.data_type, "yaml")

    def write(self, value: Any) -> dict[str, Any]:
        """A ``data_type`` instance as raw data."""
        data: dict[str, Any] = serialization.unstructure(value, "yaml")
        return data

    def validate(self, data: Any, *, path: str) -> Iterable[Problem]:
        """Every problem of the raw ``data``."""
        if not isinstance(data, Mapping):
            return [Problem(message=_("extension {name!r} must be a mapping (got {type})").format(
                                        name=self.name, type=type(data).__name__),
                            path=path, code="extension-invalid")]
        try:
            value = self.read(data)
        except Exception as exc:  # noqa: BLE001 - every structuring failure becomes located problems
            return [
                attrs.evolve(problem, path=problem.path.replace("$", path, 1), code="extension-invalid")
                for problem in serialization.structuring_problems(exc)
            ]
        return list(self.check(value, path)) if self.check is not None else []

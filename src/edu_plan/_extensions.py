"""Typed access to the namespaced extension data that plan objects carry."""

from __future__ import annotations

from typing import Any, TypeVar

import attrs

from edu_plan._registry import Registry, default_registry

__all__ = ["extension", "with_extension"]

Obj = TypeVar("Obj")


def extension(obj: Any, name: str, *, registry: Registry | None = None) -> Any:
    """The data of extension ``name`` on ``obj``, read into the extension's type; None when absent.

    >>> from edu_plan import datasets, extension
    >>> extension(datasets.load("helan").task(10), "budget") is None
    True
    """
    data = obj.extensions.get(name)
    if data is None:
        return None
    return (registry or default_registry()).extension(name).read(data)


def with_extension(obj: Obj, name: str, value: Any, *, registry: Registry | None = None) -> Obj:
    """A copy of ``obj`` carrying ``value`` as extension ``name`` (None removes it)."""
    extensions = dict(obj.extensions)  # type: ignore[attr-defined]
    if value is None:
        extensions.pop(name, None)
    else:
        extensions[name] = (registry or default_registry()).extension(name).write(value)
    return attrs.evolve(obj, extensions=extensions)  # type: ignore[misc]

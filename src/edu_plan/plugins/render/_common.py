"""What the renderers share: the document title and the one-view check."""

from __future__ import annotations

from collections.abc import Sequence

from edu_plan.errors import RenderError
from edu_plan.views import View

__all__ = ["document_title", "single_view"]


def document_title(views: Sequence[View], title: str) -> str:
    """The title given, else the single view's title, else the plan's subtitle."""
    if title:
        return title
    if len(views) == 1:
        return views[0].title
    return views[0].subtitle or views[0].title if views else ""


def single_view(views: Sequence[View], fmt: str) -> View:
    """The one view of ``views``; a :class:`RenderError` saying what to do when there are several."""
    if len(views) != 1:
        names = ", ".join(v.name for v in views) or "none"
        raise RenderError(
            f"the {fmt} format holds exactly one view (got {len(views)}: {names}); "
            f"render one view at a time, or use xlsx or html for several"
        )
    return views[0]

"""What the renderers share: the document title, the title lines of a view, text widths, the one-view check."""

from __future__ import annotations

from collections.abc import Sequence

from wcwidth import wcswidth

from edu_plan._i18n import format_date, format_period
from edu_plan._i18n import gettext as _
from edu_plan.errors import RenderError
from edu_plan.views import View

__all__ = ["display_width", "document_title", "single_view", "title_lines"]


def document_title(views: Sequence[View], title: str) -> str:
    """The title given, else the single view's title, else the plan's subtitle."""
    if title:
        return title
    if len(views) == 1:
        return views[0].title
    return views[0].subtitle or views[0].title if views else ""


def title_lines(view: View) -> tuple[str, str]:
    """The heading and the line under it that head a printed view.

    From the view's :class:`~edu_plan.views.Document`: the plan's title with the view's
    (``贺兰县教育质量提升行动实施方案 责任清单``), then the 文号, the period and the
    截至 date in words (``贺党教发〔2023〕1号　2024年　截至2024年12月31日``).  A view without
    a document has its own title and subtitle.
    """
    document = view.document
    if document is None:
        return view.title, view.subtitle
    heading = _("{plan} {view}").format(plan=document.plan_title, view=view.title) if document.plan_title \
        else view.title
    parts = [document.doc_number] if document.doc_number else []
    if document.period is not None:
        parts.append(format_period(document.period))
    if document.as_of is not None:
        parts.append(_("as of {date}").format(date=format_date(document.as_of)))
    return heading, "\u3000".join(parts)


def display_width(text: str) -> int:
    """The width of the longest line of ``text`` in terminal columns (a Chinese character counts two)."""
    widest = 0
    for line in text.split("\n"):
        width = wcswidth(line)
        widest = max(widest, width if width >= 0 else len(line) * 2)
    return widest


def single_view(views: Sequence[View], fmt: str) -> View:
    """The one view of ``views``; a :class:`RenderError` saying what to do when there are several."""
    if len(views) != 1:
        names = _(", ").join(v.title for v in views) or _("none")
        raise RenderError(_(
            "the {format} format holds exactly one view (got {count}: {names}); render one view at a time, or use "
            "xlsx or html for several").format(format=fmt, count=len(views), names=names))
    return views[0]

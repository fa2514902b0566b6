"""The built-in renderers: ``table``, ``markdown``, ``html``, ``csv``, ``xlsx``, ``docx`` and ``json``.

Each lays out :class:`~edu_plan.views.View` objects in one format and is found
through its entry point in the ``edu_plan.renderers`` group, like a third party's.
Every renderer treats plan and report text as hostile: HTML escapes it, CSV and
Excel neutralise cells that would start a formula, the terminal table and Markdown
show control characters and markup as plain text.
"""

from edu_plan.plugins.render._csv import CSV, CsvRenderer
from edu_plan.plugins.render._docx import DOCX, DocxRenderer
from edu_plan.plugins.render._html import HTML, HtmlRenderer, stylesheet
from edu_plan.plugins.render._json import JSON, JsonRenderer
from edu_plan.plugins.render._markdown import MARKDOWN, MarkdownRenderer
from edu_plan.plugins.render._safety import contained_path, neutralise_formula, visible_controls
from edu_plan.plugins.render._table import TABLE, TableRenderer
from edu_plan.plugins.render._xlsx import XLSX, XlsxRenderer

__all__ = [
    "CSV",
    "DOCX",
    "HTML",
    "JSON",
    "MARKDOWN",
    "TABLE",
    "XLSX",
    "CsvRenderer",
    "DocxRenderer",
    "HtmlRenderer",
    "JsonRenderer",
    "MarkdownRenderer",
    "TableRenderer",
    "XlsxRenderer",
    "contained_path",
    "neutralise_formula",
    "stylesheet",
    "visible_controls",
]

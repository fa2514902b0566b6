"""The built-in importers, registered under ``edu_plan.importers``: ``text`` and ``spreadsheet``.

``text`` reads a plan's official text (.txt, or .docx with the ``[docx]`` extra);
``spreadsheet`` reads a 责任清单 (.csv, or .xlsx with the ``[xlsx]`` extra).  Both return
an :class:`ImportResult`: the plan as far as it was understood, and a report of how.

>>> from edu_plan.plugins.importers import import_text
>>> result = import_text("1. 扩充学前资源。新增幼儿园 10 所。\\n牵头单位：县教体局")
>>> [t.describe() for t in result.plan.tasks[0].targets]
['新增幼儿园 10所以上']
"""

from edu_plan._import import Finding, FindingKind, ImportReport, ImportResult
from edu_plan.plugins.importers._spreadsheet import SPREADSHEET, SpreadsheetImporter, import_rows, read_rows
from edu_plan.plugins.importers._targets import Extracted, extract_targets
from edu_plan.plugins.importers._text import TEXT, TextImporter, clean_lines, import_text, read_document
from edu_plan.plugins.importers._units import split_units

__all__ = [
    "SPREADSHEET",
    "TEXT",
    "Extracted",
    "Finding",
    "FindingKind",
    "ImportReport",
    "ImportResult",
    "SpreadsheetImporter",
    "TextImporter",
    "clean_lines",
    "extract_targets",
    "import_rows",
    "import_text",
    "read_document",
    "read_rows",
    "split_units",
]

"""The reporting round (进展报送): fill-in workbooks, the reporting calendar, late and missing reports.

>>> import edu_plan
>>> from edu_plan.reporting import due_date, parse_rule
>>> due_date(parse_rule("每季度末后10日内"), edu_plan.Period.parse("2024Q4"))
Date(2025, 1, 10)

The engines are :mod:`edu_plan._reporting` (calendar, status, lapses) and
:mod:`edu_plan._workbook` (the workbook made and read back); see
docs/how-to/run-the-reporting-round.md.
"""

from __future__ import annotations

from edu_plan._model import ReportingRule
from edu_plan._reporting import (
    Assignment,
    ReportStatus,
    UnitStatus,
    answered_targets,
    chase_view,
    due_date,
    lapses,
    owing_units,
    parse_rule,
    received,
    reporting_status,
    rule_for,
    status_view,
    with_lapses,
)
from edu_plan._workbook import Expectation, Identity, make_template, template_name, value_rule

__all__ = [
    "Assignment",
    "Expectation",
    "Identity",
    "ReportStatus",
    "ReportingRule",
    "UnitStatus",
    "answered_targets",
    "chase_view",
    "due_date",
    "lapses",
    "make_template",
    "owing_units",
    "parse_rule",
    "received",
    "reporting_status",
    "rule_for",
    "status_view",
    "template_name",
    "value_rule",
    "with_lapses",
]

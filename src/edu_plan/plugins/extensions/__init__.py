"""The built-in model extensions: ``budget`` (a task's funds) and ``contact`` (a responsible person).

Registered under ``edu_plan.extensions`` like any third party's.  Read typed data
with :func:`edu_plan.extension` and write it with :func:`edu_plan.with_extension`.
"""

from edu_plan.plugins.extensions._attrs import AttrsExtension
from edu_plan.plugins.extensions._builtin import BUDGET, CONTACT, Budget, Contact, Funding

__all__ = ["BUDGET", "CONTACT", "AttrsExtension", "Budget", "Contact", "Funding"]

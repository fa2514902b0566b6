"""edu_plan: a government action plan as typed, checkable data, and how well it is carried out.

>>> import edu_plan
>>> plan = edu_plan.datasets.load("helan")
>>> len(plan.tasks)
22

Every name loads when first used (the model, periods, errors and validation too), so that
``import edu_plan`` — and ``edu-plan --help`` — cost next to nothing; progress, assessments,
file reading and writing (:mod:`edu_plan.serialization`), storage, the bundled datasets
and every plugin load only when a program asks for them.

What people read (errors, problems, reports, views) is in Chinese unless English is asked for:
``with edu_plan.use_language("en"):``, ``EDU_PLAN_LANG=en``, or the ``lang`` argument of the
functions that write it (docs/reference/language.md).
"""

from __future__ import annotations

import importlib

# typing.TYPE_CHECKING without importing typing (12 ms of a 20 ms `edu-plan --help`); mypy knows the name.
TYPE_CHECKING = False
if TYPE_CHECKING:
    __version__: str
    from typing import Any

    from edu_plan import datasets, reporting, serialization, storage
    from edu_plan._achievements import Achievements, TargetResult, assess, evaluate
    from edu_plan._assessment import (
        STATUSES,
        Achievement,
        AchievementContext,
        AchievementStatus,
        Aggregation,
        Assessment,
        Bonus,
        Deduction,
        Finding,
        PaceInput,
        PaceSeries,
        Reading,
        Rectification,
        Scheme,
        Scorecard,
        ScoreLine,
        Status,
        Veto,
        progress_reading,
    )
    from edu_plan._columns import ObservationColumns, ProgressColumns
    from edu_plan._diff import diff_plans
    from edu_plan._extensions import extension, with_extension
    from edu_plan._i18n import current_language, use_language
    from edu_plan._import import ImportResult
    from edu_plan._many import Assessments, CardScore, ProgressSnapshot, StoreRef, assess_many
    from edu_plan._model import (
        SCHEMA_VERSION,
        Baseline,
        BasisDocument,
        Comparator,
        Horizon,
        Milestone,
        MilestoneStatus,
        Plan,
        ReportingRule,
        Responsibility,
        Role,
        Safeguard,
        Section,
        Target,
        Task,
        Unit,
        UnitKind,
    )
    from edu_plan._periods import DEFAULT_CALENDAR, Period, PeriodKind, Recurrence, SchoolCalendar
    from edu_plan._progress import (
        Award,
        AwardLevel,
        Event,
        Incident,
        LapseKind,
        Observation,
        ProgressLog,
        ProgressReport,
        ProgressSource,
        ReportLapse,
        ReportSource,
        ReviewStatus,
    )
    from edu_plan._registry import Group, PluginInfo, Registry, default_registry
    from edu_plan._store import open_store
    from edu_plan._validate import ValidationResult, validate
    from edu_plan._workdays import add_working_days
    from edu_plan.errors import EduPlanError, PlanValidationError, Problem, Severity
    from edu_plan.progress import check_progress, load_progress
    from edu_plan.serialization import PlanDocument, dump_plan, dumps_plan, load_plan, loads_plan, read_plan

__all__ = [
    "DEFAULT_CALENDAR",
    "SCHEMA_VERSION",
    "STATUSES",
    "Achievement",
    "AchievementContext",
    "AchievementStatus",
    "Achievements",
    "Aggregation",
    "Assessment",
    "Assessments",
    "Award",
    "AwardLevel",
    "Baseline",
    "BasisDocument",
    "Bonus",
    "CardScore",
    "Comparator",
    "Deduction",
    "EduPlanError",
    "Event",
    "Finding",
    "Group",
    "Horizon",
    "ImportResult",
    "Incident",
    "LapseKind",
    "Milestone",
    "MilestoneStatus",
    "Observation",
    "ObservationColumns",
    "PaceInput",
    "PaceSeries",
    "Period",
    "PeriodKind",
    "Plan",
    "PlanDocument",
    "PlanValidationError",
    "PluginInfo",
    "Problem",
    "ProgressColumns",
    "ProgressLog",
    "ProgressReport",
    "ProgressSnapshot",
    "ProgressSource",
    "Reading",
    "Rectification",
    "Recurrence",
    "Registry",
    "ReportLapse",
    "ReportSource",
    "ReportingRule",
    "Responsibility",
    "ReviewStatus",
    "Role",
    "Safeguard",
    "Scheme",
    "SchoolCalendar",
    "ScoreLine",
    "Scorecard",
    "Section",
    "Severity",
    "Status",
    "StoreRef",
    "Target",
    "TargetResult",
    "Task",
    "Unit",
    "UnitKind",
    "ValidationResult",
    "Veto",
    "add_working_days",
    "assess",
    "assess_many",
    "check_progress",
    "current_language",
    "datasets",
    "default_registry",
    "diff_plans",
    "dump_plan",
    "dumps_plan",
    "evaluate",
    "extension",
    "load_plan",
    "load_progress",
    "loads_plan",
    "open_store",
    "progress_reading",
    "read_plan",
    "reporting",
    "serialization",
    "storage",
    "use_language",
    "validate",
    "with_extension",
]

_LAZY = {
    "Achievements": ("edu_plan._achievements", "Achievements"),
    "TargetResult": ("edu_plan._achievements", "TargetResult"),
    "assess": ("edu_plan._achievements", "assess"),
    "evaluate": ("edu_plan._achievements", "evaluate"),
    "Aggregation": ("edu_plan._assessment", "Aggregation"),
    "PaceInput": ("edu_plan._assessment", "PaceInput"),
    "PaceSeries": ("edu_plan._assessment", "PaceSeries"),
    "Reading": ("edu_plan._assessment", "Reading"),
    "Scheme": ("edu_plan._assessment", "Scheme"),
    "STATUSES": ("edu_plan._assessment", "STATUSES"),
    "Status": ("edu_plan._assessment", "Status"),
    "progress_reading": ("edu_plan._assessment", "progress_reading"),
    "ReportSource": ("edu_plan._progress", "ReportSource"),
    "ProgressSnapshot": ("edu_plan._many", "ProgressSnapshot"),
    "StoreRef": ("edu_plan._many", "StoreRef"),
    "Assessments": ("edu_plan._many", "Assessments"),
    "CardScore": ("edu_plan._many", "CardScore"),
    "ObservationColumns": ("edu_plan._columns", "ObservationColumns"),
    "ProgressColumns": ("edu_plan._columns", "ProgressColumns"),
    "assess_many": ("edu_plan._many", "assess_many"),
    "extension": ("edu_plan._extensions", "extension"),
    "with_extension": ("edu_plan._extensions", "with_extension"),
    **{name: ("edu_plan._model", name) for name in (
        "SCHEMA_VERSION", "Baseline", "BasisDocument", "Comparator", "Horizon", "Milestone", "MilestoneStatus",
        "Plan", "ReportingRule", "Responsibility", "Role", "Safeguard", "Section", "Target", "Task", "Unit",
        "UnitKind")},
    **{name: ("edu_plan._periods", name) for name in (
        "DEFAULT_CALENDAR", "Period", "PeriodKind", "Recurrence", "SchoolCalendar")},
    **{name: ("edu_plan._registry", name) for name in ("Group", "PluginInfo", "Registry", "default_registry")},
    "ValidationResult": ("edu_plan._validate", "ValidationResult"),
    "validate": ("edu_plan._validate", "validate"),
    **{name: ("edu_plan.errors", name) for name in ("EduPlanError", "PlanValidationError", "Problem", "Severity")},
    "Achievement": ("edu_plan._assessment", "Achievement"),
    "AchievementContext": ("edu_plan._assessment", "AchievementContext"),
    "AchievementStatus": ("edu_plan._assessment", "AchievementStatus"),
    "Assessment": ("edu_plan._assessment", "Assessment"),
    "Bonus": ("edu_plan._assessment", "Bonus"),
    "Deduction": ("edu_plan._assessment", "Deduction"),
    "Finding": ("edu_plan._assessment", "Finding"),
    "Rectification": ("edu_plan._assessment", "Rectification"),
    "Scorecard": ("edu_plan._assessment", "Scorecard"),
    "ScoreLine": ("edu_plan._assessment", "ScoreLine"),
    "Veto": ("edu_plan._assessment", "Veto"),
    "Award": ("edu_plan._progress", "Award"),
    "AwardLevel": ("edu_plan._progress", "AwardLevel"),
    "Event": ("edu_plan._progress", "Event"),
    "Incident": ("edu_plan._progress", "Incident"),
    "LapseKind": ("edu_plan._progress", "LapseKind"),
    "Observation": ("edu_plan._progress", "Observation"),
    "ProgressLog": ("edu_plan._progress", "ProgressLog"),
    "ProgressReport": ("edu_plan._progress", "ProgressReport"),
    "ProgressSource": ("edu_plan._progress", "ProgressSource"),
    "ReportLapse": ("edu_plan._progress", "ReportLapse"),
    "ReviewStatus": ("edu_plan._progress", "ReviewStatus"),
    "ImportResult": ("edu_plan._import", "ImportResult"),
    "add_working_days": ("edu_plan._workdays", "add_working_days"),
    "check_progress": ("edu_plan.progress", "check_progress"),
    "load_progress": ("edu_plan.progress", "load_progress"),
    "datasets": ("edu_plan.datasets", None),
    "reporting": ("edu_plan.reporting", None),
    "diff_plans": ("edu_plan._diff", "diff_plans"),
    "serialization": ("edu_plan.serialization", None),
    "storage": ("edu_plan.storage", None),
    "open_store": ("edu_plan._store", "open_store"),
    "PlanDocument": ("edu_plan.serialization", "PlanDocument"),
    "dump_plan": ("edu_plan.serialization", "dump_plan"),
    "dumps_plan": ("edu_plan.serialization", "dumps_plan"),
    "load_plan": ("edu_plan.serialization", "load_plan"),
    "loads_plan": ("edu_plan.serialization", "loads_plan"),
    "read_plan": ("edu_plan.serialization", "read_plan"),
    "use_language": ("edu_plan._i18n", "use_language"),
    "current_language": ("edu_plan._i18n", "current_language"),
}


def _version() -> str:
    # From the installed distribution's metadata, so that it is the version pip installed, never a copy.
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("edu-plan")
    except PackageNotFoundError:  # a source tree that was never installed
        return "0+unknown"


def __getattr__(name: str) -> Any:
    if name == "__version__":
        globals()[name] = _version()
        return globals()[name]
    try:
        module_name, attribute = _LAZY[name]
    except KeyError:
        # A public submodule (edu_plan.errors, edu_plan.views…) not imported yet.
        if name.startswith("_"):
            raise AttributeError(f"module 'edu_plan' has no attribute {name!r}") from None
        try:
            return importlib.import_module(f"edu_plan.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"edu_plan.{name}":
                raise
            raise AttributeError(f"module 'edu_plan' has no attribute {name!r}") from None
    module = importlib.import_module(module_name)
    value = module if attribute is None else getattr(module, attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)

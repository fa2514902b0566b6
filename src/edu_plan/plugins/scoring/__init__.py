"""The built-in scorers — attainment, pace, efficiency — registered under ``edu_plan.scorers``.

They are plugins like any other: the command line and the public API find them through
their entry points, the way they find a third party's scorer.
"""

from edu_plan.plugins.scoring._attainment import ATTAINMENT, AttainmentScheme, AttainmentScorer, okr_colour
from edu_plan.plugins.scoring._columnar import EFFICIENCY, ColumnarEfficiencyScorer
from edu_plan.plugins.scoring._common import (
    DEFAULT_GRADES,
    DEFAULT_PEER_GROUPS,
    assign_ranks,
    grade_of,
    load_scheme,
    owner_roles,
    peer_group_of,
)
from edu_plan.plugins.scoring._efficiency import (
    BonusRule,
    DeductionRule,
    EfficiencyScheme,
    EfficiencyScorer,
    EventMatch,
    KindRule,
    VetoRule,
)
from edu_plan.plugins.scoring._pace import (
    CATEGORY_LABELS,
    COLOURS,
    OPEN_SDG_STATUSES,
    PACE,
    PaceResult,
    PaceScheme,
    PaceScorer,
    growth_category,
    limit_coefficient,
    linear_category,
    pace_category,
    pace_of,
    year_time,
)

__all__ = [
    "ATTAINMENT",
    "CATEGORY_LABELS",
    "COLOURS",
    "DEFAULT_GRADES",
    "DEFAULT_PEER_GROUPS",
    "EFFICIENCY",
    "OPEN_SDG_STATUSES",
    "PACE",
    "AttainmentScheme",
    "AttainmentScorer",
    "BonusRule",
    "ColumnarEfficiencyScorer",
    "DeductionRule",
    "EfficiencyScheme",
    "EfficiencyScorer",
    "EventMatch",
    "KindRule",
    "PaceResult",
    "PaceScheme",
    "PaceScorer",
    "VetoRule",
    "assign_ranks",
    "grade_of",
    "growth_category",
    "limit_coefficient",
    "linear_category",
    "load_scheme",
    "okr_colour",
    "owner_roles",
    "pace_category",
    "pace_of",
    "peer_group_of",
    "year_time",
]

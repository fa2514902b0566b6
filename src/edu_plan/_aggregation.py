"""How a target kind adds up its reports: on its own so that the kinds load without the assessment model.

Re-exported by :mod:`edu_plan._assessment` (and ``edu_plan.Aggregation``); ``edu-plan validate`` needs the
kinds but never an assessment (tests/test_startup.py).
"""

from __future__ import annotations

import enum

__all__ = ["Aggregation"]


class Aggregation(str, enum.Enum):
    """How a kind adds up its reports over time (what "progress so far" means for it)."""

    SUM = "sum"
    """The increments reported add up (新增幼儿园10所: 累计)."""
    LATEST = "latest"
    """The latest reported value stands (覆盖率, a rating)."""
    COUNT = "count"
    """Times are counted in each period (每学期一次)."""
    DONE = "done"
    """Done (1) or not (0) (挂牌成立)."""

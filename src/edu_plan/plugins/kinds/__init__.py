"""The six built-in target kinds (docs/explanation/target-kinds.md), registered under ``edu_plan.target_kinds``.

They are plugins like any other: the core reaches them only through their entry points.
"""

from edu_plan.plugins.kinds._builtin import (
    CUMULATIVE,
    LEVEL,
    MILESTONE,
    QUALITATIVE,
    RANGE,
    RECURRING,
    BuiltinKind,
)

__all__ = ["CUMULATIVE", "LEVEL", "MILESTONE", "QUALITATIVE", "RANGE", "RECURRING", "BuiltinKind"]

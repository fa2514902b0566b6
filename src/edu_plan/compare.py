"""Comparing two scorings of a plan (public face of :mod:`edu_plan._compare`)."""

from edu_plan._compare import Comparison, LineChange, UnitChange, compare_assessments, read_assessment

__all__ = ["Comparison", "LineChange", "UnitChange", "compare_assessments", "read_assessment"]

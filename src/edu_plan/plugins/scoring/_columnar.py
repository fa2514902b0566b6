"""The registered ``efficiency`` scorer: the per-plan scorer, and many plans at once in one vectorised pass.

The vectorised pass lives in ``_vector`` (NumPy, imported when first used, so that registering the
scorer imports nothing heavy); it reads the same scheme objects and reuses the scorer's own rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pendulum

from edu_plan._model import Plan
from edu_plan._periods import Period
from edu_plan._progress import ProgressSource
from edu_plan._registry import Registry
from edu_plan.plugins.scoring._efficiency import EfficiencyScheme, EfficiencyScorer

__all__ = ["EFFICIENCY", "ColumnarEfficiencyScorer"]


class ColumnarEfficiencyScorer(EfficiencyScorer):
    """:class:`EfficiencyScorer`, plus :meth:`score_many`: every plan's figures in one pass (``assess_many``)."""

    def score_many(self, plans: Sequence[Plan], progress: ProgressSource, scheme: EfficiencyScheme, *,
                   period: Period, as_of: pendulum.Date | None = None, registry: Registry | None = None) -> Any:
        """Every plan's totals, grades, ranks and line points, equal to :meth:`score`'s (NumPy: ``edu-plan[fast]``)."""
        from edu_plan.plugins.scoring._vector import score_many

        return score_many(plans, progress, scheme, period=period, as_of=as_of, registry=registry, scorer=self)


EFFICIENCY = ColumnarEfficiencyScorer()
"""The ``efficiency`` scorer, registered under ``edu_plan.scorers``."""

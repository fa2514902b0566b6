"""Scoring many plans at once, on this process or spread over an executor (a process pool, a Dask cluster).

The scorer is found through the registry by name, so the core imports no plugin.  With an executor,
each worker gets a chunk of plans and just their progress: their reports and events from an in-memory
log, or a snapshot of the aggregates the scorers read from any other source (a store's connection does
not travel, a snapshot does).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from concurrent.futures import Executor
from typing import Any

import attrs
import pendulum

from edu_plan._assessment import Assessment
from edu_plan._i18n import gettext as _
from edu_plan._model import Plan
from edu_plan._periods import Period
from edu_plan._progress import Event, Observation, ProgressLog, ProgressSource
from edu_plan._registry import Registry, default_registry
from edu_plan.errors import ScoringError

__all__ = ["ProgressSnapshot", "assess_many"]


@attrs.frozen(kw_only=True)
class ProgressSnapshot:
    """The progress of some plans as of one day, as a :class:`ProgressSource` that can be pickled.

    It answers for that day only (``until=as_of``): what a scorer asks when it scores as of it.
    """

    as_of: pendulum.Date
    observations_of: dict[str, tuple[Observation, ...]]
    evidenced_of: dict[str, tuple[Observation, ...]]
    events_of: dict[str, tuple[Event, ...]]

    @classmethod
    def of(cls, progress: ProgressSource, plan_ids: Iterable[str], as_of: pendulum.Date) -> ProgressSnapshot:
        """Read every observation (all, and evidenced only) and event of ``plan_ids`` up to ``as_of``."""
        ids = list(plan_ids)
        return cls(
            as_of=as_of,
            observations_of={p: tuple(progress.observations(p, until=as_of)) for p in ids},
            evidenced_of={p: tuple(progress.observations(p, until=as_of, evidenced_only=True)) for p in ids},
            events_of={p: tuple(progress.events(p, until=as_of)) for p in ids},
        )

    def _check(self, plan_id: str, until: pendulum.Date | None) -> None:
        if until != self.as_of or plan_id not in self.observations_of:
            raise ScoringError(_(
                "this progress snapshot holds plans {plans} as of {day} (asked: {plan!r} until {until}); "
                "score with as_of={day}").format(plans=", ".join(sorted(self.observations_of)[:5]),
                                                 day=self.as_of, plan=plan_id, until=until))

    def observations(self, plan_id: str, *, until: pendulum.Date | None = None,
                     targets: Collection[str] | None = None, evidenced_only: bool = False) -> list[Observation]:
        """The snapshot's observations of ``plan_id`` (of ``targets``; evidenced reports only if asked)."""
        self._check(plan_id, until)
        found = (self.evidenced_of if evidenced_only else self.observations_of)[plan_id]
        wanted = None if targets is None else set(targets)
        return [o for o in found if wanted is None or o.target in wanted]

    def events(self, plan_id: str, *, until: pendulum.Date | None = None) -> list[Event]:
        """The snapshot's events of ``plan_id``."""
        self._check(plan_id, until)
        return list(self.events_of[plan_id])


def assess_many(
    plans: Iterable[Plan],
    progress: ProgressSource,
    scheme: Any,
    *,
    scorer: str,
    period: Period,
    as_of: pendulum.Date | None = None,
    executor: Executor | None = None,
    chunk_size: int = 100,
    registry: Registry | None = None,
) -> list[Assessment]:
    """Score every plan of ``plans`` with ``scheme`` (read by the scorer named ``scorer``), in order.

    Without ``executor`` the plans are scored here, one after another.  With one (a
    ``concurrent.futures.ProcessPoolExecutor``, ``distributed.Client.get_executor()``…) they are sent in
    chunks of ``chunk_size`` plans, each with its share of the progress (see :func:`_share`); the result is
    the same list, assessment for assessment.  Workers look the scorer up in their own default registry.
    """
    if chunk_size < 1:
        raise ScoringError(_("'chunk_size' must be >= 1 (got {value})").format(value=chunk_size))
    day = as_of or period.span()[1]
    items = list(plans)
    if executor is None:
        found = (registry or default_registry()).scorer(scorer)
        return [found.score(plan, progress, scheme, period=period, as_of=day) for plan in items]
    chunks = [items[start:start + chunk_size] for start in range(0, len(items), chunk_size)]
    futures = [executor.submit(_score_chunk, scorer, chunk, _share(progress, [p.id for p in chunk], day),
                               scheme, period, day) for chunk in chunks]
    return [assessment for future in futures for assessment in future.result()]


def _share(progress: ProgressSource, plan_ids: list[str], as_of: pendulum.Date) -> ProgressSource:
    """What a worker needs of ``progress`` for ``plan_ids``.

    An in-memory log gives its reports and events of those plans (a listing; the worker sums them);
    any other source — a store, whose connection cannot travel — a snapshot of the aggregates read here.
    """
    if isinstance(progress, ProgressLog):
        return ProgressLog([r for p in plan_ids for r in progress.reports(p)],
                           [e for p in plan_ids for e in progress.events(p)])
    return ProgressSnapshot.of(progress, plan_ids, as_of)


def _score_chunk(scorer: str, plans: Sequence[Plan], progress: ProgressSource, scheme: Any, period: Period,
                 as_of: pendulum.Date) -> list[Assessment]:
    found = default_registry().scorer(scorer)
    return [found.score(plan, progress, scheme, period=period, as_of=as_of) for plan in plans]

"""Scoring many plans at once, on this process or spread over an executor (a process pool, a Dask cluster).

The scorer is found through the registry by name, so the core imports no plugin.  A scorer that can
score many plans in one vectorised pass offers ``score_many`` (the efficiency scorer does, with NumPy:
``pip install edu-plan[fast]``); :func:`assess_many` then computes every card's total, grade and rank
and every line's points as columns, and builds an :class:`Assessment` — lines, steps, sentences — only
for the plans one asks about.  Without it, or with ``engine="per-plan"``, plans are scored one by one.
With an executor, each worker gets a chunk of plans and just their progress: their reports as columns
or a log, or a snapshot of the aggregates the scorers read from any other source (a store's connection
does not travel, a snapshot does).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from concurrent.futures import Executor
from decimal import Decimal
from typing import Any, Literal, overload

import attrs
import pendulum

from edu_plan._assessment import Assessment
from edu_plan._i18n import gettext as _
from edu_plan._model import Plan
from edu_plan._periods import Period
from edu_plan._progress import Event, Observation, ProgressLog, ProgressSource
from edu_plan._registry import Registry, default_registry
from edu_plan.errors import ScoringError

__all__ = ["Assessments", "CardColumns", "CardScore", "LineColumns", "ManyResult", "ProgressSnapshot", "StoreRef",
           "assess_many"]

Engine = Literal["auto", "columnar", "per-plan"]


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


@attrs.frozen
class StoreRef:
    """A store named by its URL, opened in whichever process reads it: progress that travels to workers.

    A store's connection cannot be sent to another process; its URL can.  ``assess_many`` with an
    executor sends a store that can be reopened (a SQLite file, a PostgreSQL or MariaDB server) this way,
    so that each worker reads its own chunk's aggregates from the database instead of the caller reading
    them all; give one yourself when the caller need not open the store at all (a coordinator of a
    Dask cluster whose workers reach the national PostgreSQL store).  Each process opens a URL once.
    """

    url: str

    def _store(self) -> Any:
        found = _OPENED.get(self.url)
        if found is None:
            from edu_plan._store import open_store

            _require_reachable(self.url)
            found = open_store(self.url)
            if not found.plans():  # a mistyped database would score every county zero
                found.close()
                raise ScoringError(_("the store {url} holds no plan; check the URL the workers are given").format(
                    url=getattr(found, "url", self.url)))
            _OPENED[self.url] = found
        return found

    def observations(self, plan_id: str, *, until: pendulum.Date | None = None,
                     targets: Collection[str] | None = None, evidenced_only: bool = False) -> Iterable[Observation]:
        """The store's observations of ``plan_id``."""
        found: Iterable[Observation] = self._store().observations(plan_id, until=until, targets=targets,
                                                                   evidenced_only=evidenced_only)
        return found

    def events(self, plan_id: str, *, until: pendulum.Date | None = None) -> Iterable[Event]:
        """The store's events of ``plan_id``."""
        found: Iterable[Event] = self._store().events(plan_id, until=until)
        return found

    def __getattr__(self, name: str) -> Any:
        # The bulk readers a store may offer (observation_columns, events_by_plan, observations_by_plan):
        # present here exactly when the store has them, so scorers choose the same path as on the store.
        if name.startswith("_") or name not in _BULK_READERS:
            raise AttributeError(name)
        return getattr(self._store(), name)


_BULK_READERS = frozenset({"observation_columns", "events_by_plan", "observations_by_plan"})
_OPENED: dict[str, Any] = {}
"""The stores this process opened for a :class:`StoreRef`, by URL (a worker scores many chunks)."""


def _require_reachable(url: str) -> None:
    """A SQLite file must be there already: opening a missing one would score an empty store as zero."""
    from edu_plan._store import scheme_of

    if scheme_of(url) != "sqlite":
        return
    from pathlib import Path

    path = url.split(":///", 1)[1].split("?", 1)[0] if ":///" in url else ""
    if not path or not Path(path).is_file():
        raise ScoringError(_("the store {url} is not on this machine (no such file); workers on other machines "
                             "need a server store such as postgresql://…").format(url=url))


@attrs.frozen(kw_only=True, eq=False)
class CardColumns:
    """Every scorecard of many plans, one row per card, as columns (NumPy arrays or lists).

    ``plan`` indexes ``plan_ids``; ``unit``, ``peer_group`` and ``grade`` index ``units``, ``peer_groups``
    and ``grades``; ``total`` is in cents (hundredths of a point), exact.  Cards come in plan order, each
    plan's in the order of its units (an :class:`Assessment` lists them by rank).
    """

    plan_ids: tuple[str, ...]
    units: tuple[str, ...]
    peer_groups: tuple[str, ...]
    grades: tuple[str, ...]
    plan: Any
    unit: Any
    peer_group: Any
    total: Any
    grade: Any
    rank: Any
    vetoed: Any

    def __len__(self) -> int:
        return len(self.plan)


@attrs.frozen(kw_only=True, eq=False)
class LineColumns:
    """Every score line of many plans, one row per line: ``max_points`` and ``points`` in cents, ``share`` in 10⁻⁴."""

    plan_ids: tuple[str, ...]
    units: tuple[str, ...]
    targets: tuple[str, ...]
    plan: Any
    unit: Any
    task: Any
    target: Any
    max_points: Any
    share: Any
    points: Any

    def __len__(self) -> int:
        return len(self.plan)


@attrs.frozen(kw_only=True)
class CardScore:
    """One card's figures: what a national ranking needs, without its lines."""

    plan_id: str
    unit: str
    peer_group: str
    total: Decimal
    grade: str
    rank: int
    vetoed: bool


@attrs.frozen(kw_only=True, eq=False)
class ManyResult:
    """What a scorer's ``score_many`` returns: the columns, why some plans were scored one by one, and those."""

    cards: CardColumns
    lines: LineColumns | Callable[[], LineColumns]
    """The lines' columns, or what builds them when first asked for."""
    fallbacks: tuple[str, ...] = ()
    built: dict[int, Assessment] = attrs.field(factory=dict)
    source: Any = attrs.field(default=None, repr=False)


def _cents(value: Any) -> Decimal:
    return Decimal(int(value)).scaleb(-2)


class Assessments(Sequence[Assessment]):
    """The assessments of many plans, in the order given: figures first, explanations on request.

    ``cards`` and ``lines`` hold every total, grade, rank and line's points as columns; indexing (or
    :meth:`explain`) builds a plan's full :class:`Assessment` — lines, steps and sentences — when it is
    first asked for.  ``engine`` says how the figures were computed (``columnar`` or ``per-plan``);
    ``fallbacks`` why some plans were scored one by one.
    """

    def __init__(self, plans: Sequence[Plan], build: Callable[[Plan], Assessment], *, cards: CardColumns,
                 lines: LineColumns | Callable[[], LineColumns], engine: str, fallbacks: tuple[str, ...] = (),
                 built: dict[int, Assessment] | None = None) -> None:
        self._plans = list(plans)
        self._build = build
        self._built: dict[int, Assessment] = dict(built or {})
        self._index = {plan.id: i for i, plan in enumerate(self._plans)}
        self.cards = cards
        self._lines = lines
        self.engine = engine
        self.fallbacks = fallbacks

    def __len__(self) -> int:
        return len(self._plans)

    @overload
    def __getitem__(self, index: int) -> Assessment: ...

    @overload
    def __getitem__(self, index: slice) -> list[Assessment]: ...

    def __getitem__(self, index: int | slice) -> Assessment | list[Assessment]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        position = range(len(self))[index]
        found = self._built.get(position)
        if found is None:
            found = self._built[position] = self._build(self._plans[position])
        return found

    def __iter__(self) -> Iterator[Assessment]:
        return (self[i] for i in range(len(self)))

    def __eq__(self, other: object) -> bool:
        """Equal to a sequence of the same assessments; to other ``Assessments``, with the same figures too."""
        if isinstance(other, Assessments) and self.totals() != other.totals():
            return False
        if isinstance(other, Assessments | list | tuple):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # a sequence compared by value

    @property
    def lines(self) -> LineColumns:
        """Every line's maximum, share and points (built when first asked for)."""
        if not isinstance(self._lines, LineColumns):
            self._lines = self._lines()
        return self._lines

    def explain(self, plan_id: str) -> Assessment:
        """The full assessment of ``plan_id``: every line with its steps (built now, once)."""
        try:
            return self[self._index[plan_id]]
        except KeyError:
            raise ScoringError(_("no plan {plan!r} among the {count} assessed").format(
                plan=plan_id, count=len(self))) from None

    def totals(self) -> list[CardScore]:
        """Every card's total, grade and rank, as objects (plan order, then unit order)."""
        c = self.cards
        return [CardScore(plan_id=c.plan_ids[int(c.plan[i])], unit=c.units[int(c.unit[i])],
                          peer_group=c.peer_groups[int(c.peer_group[i])], total=_cents(c.total[i]),
                          grade=c.grades[int(c.grade[i])], rank=int(c.rank[i]), vetoed=bool(c.vetoed[i]))
                for i in range(len(c))]


def _columns_of(plans: Sequence[Plan], assessments: Sequence[Assessment]) -> tuple[CardColumns, LineColumns]:
    """The columns of assessments scored one by one (plain lists: no NumPy needed)."""
    codes: list[dict[str, int]] = [{}, {}, {}, {}, {}]

    def code(table: int, name: str) -> int:
        return codes[table].setdefault(name, len(codes[table]))

    card: list[list[Any]] = [[] for _ in range(7)]
    line: list[list[Any]] = [[] for _ in range(7)]
    for index, (plan, assessment) in enumerate(zip(plans, assessments, strict=True)):
        order = {u.id: i for i, u in enumerate(plan.units)}
        for c in sorted(assessment.scorecards, key=lambda c: order.get(c.unit, len(order))):
            for column, value in zip(card, (index, code(0, c.unit), code(1, c.peer_group), int(c.total.scaleb(2)),
                                            code(2, c.grade), c.rank or 0, bool(c.vetoes)), strict=True):
                column.append(value)
            for li in c.lines:
                for column, value in zip(line, (index, code(0, c.unit), li.task, code(3, li.target or ""),
                                                int(li.max_points.scaleb(2)), int(li.share.scaleb(4)),
                                                int(li.points.scaleb(2))), strict=True):
                    column.append(value)
    ids = tuple(p.id for p in plans)
    units = tuple(codes[0])
    return (CardColumns(plan_ids=ids, units=units, peer_groups=tuple(codes[1]), grades=tuple(codes[2]),
                        plan=card[0], unit=card[1], peer_group=card[2], total=card[3], grade=card[4], rank=card[5],
                        vetoed=card[6]),
            LineColumns(plan_ids=ids, units=units, targets=tuple(codes[3]), plan=line[0], unit=line[1], task=line[2],
                        target=line[3], max_points=line[4], share=line[5], points=line[6]))


class _Lists:
    """The few array operations :func:`_merged` needs, on plain lists (the per-plan path needs no NumPy)."""

    @staticmethod
    def codes(values: Sequence[int]) -> list[int]:
        return list(values)

    @staticmethod
    def take(table: list[int], codes: Sequence[int]) -> list[int]:
        return [table[int(c)] for c in codes]

    @staticmethod
    def shift(codes: Sequence[int], offset: int) -> list[int]:
        return [int(c) + offset for c in codes]

    @staticmethod
    def concat(parts: list[Any]) -> list[Any]:
        return [value for part in parts for value in part]


class _Arrays:
    """The same operations on NumPy arrays (the columnar path: millions of lines)."""

    def __init__(self) -> None:
        import numpy as np

        self.np = np

    def codes(self, values: Sequence[int]) -> Any:
        return self.np.array(values or [0], dtype=self.np.int64)

    def take(self, table: Any, codes: Any) -> Any:
        return table[self.np.asarray(codes, dtype=self.np.intp)]

    def shift(self, codes: Any, offset: int) -> Any:
        return self.np.asarray(codes) + offset

    def concat(self, parts: list[Any]) -> Any:
        return self.np.concatenate([self.np.asarray(p) for p in parts]) if parts else self.np.zeros(0, self.np.int64)


def _merged(plans: Sequence[Plan], results: Sequence[tuple[int, ManyResult]]) -> ManyResult:
    """The results of chunks (each with the position of its first plan), as one.

    Each chunk codes its units, peer groups, grades and targets by its own tables; they are recoded by
    the merged tables.  Lists stay lists (the per-plan path), arrays arrays.
    """
    ops: Any = _Lists if all(isinstance(r.cards.total, list) for _, r in results) else _Arrays()

    def remap(names: tuple[str, ...], table: dict[str, int]) -> Any:
        return ops.codes([table.setdefault(n, len(table)) for n in names])

    tables: list[dict[str, int]] = [{}, {}, {}, {}]
    card_parts: list[list[Any]] = [[] for _ in range(7)]
    line_parts: list[list[Any]] = [[] for _ in range(7)]
    built: dict[int, Assessment] = {}
    fallbacks: list[str] = []
    for offset, result in results:
        c = result.cards
        ln = result.lines if isinstance(result.lines, LineColumns) else result.lines()
        units, groups = remap(c.units, tables[0]), remap(c.peer_groups, tables[1])
        grades = remap(c.grades, tables[2])
        for column, value in zip(card_parts, (ops.shift(c.plan, offset), ops.take(units, c.unit),
                                              ops.take(groups, c.peer_group), c.total, ops.take(grades, c.grade),
                                              c.rank, c.vetoed), strict=True):
            column.append(value)
        line_units = remap(ln.units, tables[0])
        targets = remap(ln.targets, tables[3])
        for column, value in zip(line_parts, (ops.shift(ln.plan, offset), ops.take(line_units, ln.unit), ln.task,
                                              ops.take(targets, ln.target), ln.max_points, ln.share, ln.points),
                                 strict=True):
            column.append(value)
        built.update({offset + i: a for i, a in result.built.items()})
        fallbacks.extend(result.fallbacks)
    card = [ops.concat(parts) for parts in card_parts]
    line = [ops.concat(parts) for parts in line_parts]
    ids = tuple(p.id for p in plans)
    return ManyResult(
        cards=CardColumns(plan_ids=ids, units=tuple(tables[0]), peer_groups=tuple(tables[1]),
                          grades=tuple(tables[2]), plan=card[0], unit=card[1], peer_group=card[2], total=card[3],
                          grade=card[4], rank=card[5], vetoed=card[6]),
        lines=LineColumns(plan_ids=ids, units=tuple(tables[0]), targets=tuple(tables[3]), plan=line[0],
                          unit=line[1], task=line[2], target=line[3], max_points=line[4], share=line[5],
                          points=line[6]),
        fallbacks=tuple(fallbacks), built=built)


def assess_many(
    plans: Iterable[Plan],
    progress: ProgressSource,
    scheme: Any,
    *,
    scorer: str | None = None,
    period: Period,
    as_of: pendulum.Date | None = None,
    executor: Executor | None = None,
    chunk_size: int = 100,
    registry: Registry | None = None,
    engine: Engine = "auto",
    explain: bool = False,
) -> Assessments:
    """Score every plan of ``plans`` with ``scheme``, in order: every total, grade, rank and line's points.

    ``scheme`` is a scorer's scheme (its ``scorer`` names the scorer) or, with ``scorer``, a scheme table
    or file.  With ``engine="auto"`` (the default) a scorer that offers ``score_many`` scores all plans in
    one vectorised pass (the efficiency scorer, when NumPy is installed), ``"columnar"`` insists on it and
    ``"per-plan"`` scores them one by one.  Either way the figures are the same to the last digit; the
    full assessments (lines with their steps and sentences) are built for a plan when it is indexed or
    :meth:`Assessments.explain`-ed, or for every plan at once with ``explain=True``.

    With ``executor`` (a ``concurrent.futures.ProcessPoolExecutor``, ``distributed.Client.get_executor()``…)
    the plans are sent in chunks of ``chunk_size``, each with its share of the progress (see
    :func:`_share`); the result is the same.  Workers look the scorer up in their own default registry.
    """
    if chunk_size < 1:
        raise ScoringError(_("'chunk_size' must be >= 1 (got {value})").format(value=chunk_size))
    if engine not in ("auto", "columnar", "per-plan"):
        raise ScoringError(_("'engine' must be 'auto', 'columnar' or 'per-plan' (got {value!r})").format(
            value=engine))
    reg = registry or default_registry()
    found: Any
    found, loaded = _scorer_and_scheme(scheme, scorer, reg)
    day = as_of or period.span()[1]
    items = list(plans)

    def build(plan: Plan) -> Assessment:
        built: Assessment = found.score(plan, progress, loaded, period=period, as_of=day, registry=registry)
        return built

    columnar = engine != "per-plan" and _vectorised(found)
    if engine == "columnar" and not columnar:
        raise ScoringError(_("the {scorer} scorer cannot score many plans at once here (it needs NumPy: "
                             "pip install edu-plan[fast]); use engine='per-plan'").format(scorer=found.name))
    if not columnar:
        if executor is None:
            assessments = [build(plan) for plan in items]
            cards, lines = _columns_of(items, assessments)
            return Assessments(items, build, cards=cards, lines=lines, engine="per-plan",
                               built=dict(enumerate(assessments)))
        result = _spread(executor, _score_chunk, found.name, items, progress, loaded, period, day, chunk_size,
                         explain)
        return Assessments(items, build, cards=result.cards, lines=result.lines, engine="per-plan",
                           built=result.built)
    if executor is None:
        result = found.score_many(items, progress, loaded, period=period, as_of=day, registry=registry)
    else:
        result = _spread(executor, _columnar_chunk, found.name, items, _columns_for_workers(progress), loaded,
                         period, day, chunk_size)
    answer = Assessments(items, build, cards=result.cards, lines=result.lines, engine="columnar",
                         fallbacks=result.fallbacks, built=result.built)
    if explain:
        list(answer)
    return answer


def _spread(executor: Executor, work: Callable[..., ManyResult], scorer: str, plans: Sequence[Plan],
            progress: ProgressSource, scheme: Any, period: Period, day: pendulum.Date, chunk_size: int,
            *extra: Any) -> ManyResult:
    """``work`` on chunks of ``chunk_size`` plans over ``executor``, each with its share of ``progress``; merged."""
    starts = range(0, len(plans), chunk_size)
    pending = [executor.submit(work, scorer, plans[start:start + chunk_size],
                               _share(progress, [p.id for p in plans[start:start + chunk_size]], day), scheme,
                               period, day, *extra)
               for start in starts]
    return _merged(plans, [(start, future.result()) for start, future in zip(starts, pending, strict=True)])


def _scorer_and_scheme(scheme: Any, scorer: str | None, registry: Registry) -> tuple[Any, Any]:
    from edu_plan._achievements import resolve_scheme
    from edu_plan._assessment import Scheme

    if scorer is not None and not isinstance(scheme, Scheme):
        found = registry.scorer(scorer)
        if isinstance(scheme, str) or hasattr(scheme, "__fspath__"):
            return resolve_scheme(scheme, registry=registry)
        return found, found.load_scheme(scheme or {})
    if scorer is not None:
        return registry.scorer(scorer), scheme
    return resolve_scheme(scheme, registry=registry)


def _vectorised(scorer: Any) -> bool:
    """Whether ``scorer`` scores many plans at once here (it offers ``score_many`` and NumPy is installed)."""
    if not callable(getattr(scorer, "score_many", None)):
        return False
    try:
        import numpy  # noqa: F401 - only whether it is there
    except ImportError:
        return False
    return True


def _columns_for_workers(progress: ProgressSource) -> ProgressSource:
    """A log's reports as columns (cheap to cut into chunks and to send); any other source as it is."""
    if isinstance(progress, ProgressLog):
        from edu_plan._columns import ProgressColumns

        return ProgressColumns.from_reports(progress)
    return progress


def _share(progress: ProgressSource, plan_ids: list[str], as_of: pendulum.Date) -> ProgressSource:
    """What a worker needs of ``progress`` for ``plan_ids``.

    Columns give their rows of those plans; an in-memory log its reports and events of those plans (a
    listing; the worker sums them); a store that can be reopened elsewhere (its ``reopen_url``: a SQLite
    file, a database server) travels as a :class:`StoreRef`, so each worker reads its own chunk from the
    database; any other source a snapshot of the aggregates read here.
    """
    if isinstance(progress, StoreRef):
        return progress
    subset = getattr(progress, "subset", None)
    if subset is not None:
        return subset(plan_ids)  # type: ignore[no-any-return]
    if isinstance(progress, ProgressLog):
        return ProgressLog([r for p in plan_ids for r in progress.reports(p)],
                           [e for p in plan_ids for e in progress.events(p)])
    url = getattr(progress, "reopen_url", None)
    if isinstance(url, str):
        return StoreRef(url)
    return ProgressSnapshot.of(progress, plan_ids, as_of)


def _score_chunk(scorer: str, plans: Sequence[Plan], progress: ProgressSource, scheme: Any, period: Period,
                 as_of: pendulum.Date, explain: bool) -> ManyResult:
    """A chunk scored plan by plan in a worker: its columns, and its assessments only if they are wanted.

    An assessment carries every line with its steps; sending it back costs more than scoring it, so the
    caller rebuilds one when it is asked for unless ``explain`` wants them all.
    """
    found = default_registry().scorer(scorer)
    assessments = [found.score(plan, progress, scheme, period=period, as_of=as_of) for plan in plans]
    cards, lines = _columns_of(plans, assessments)
    return ManyResult(cards=cards, lines=lines, built=dict(enumerate(assessments)) if explain else {})


def _columnar_chunk(scorer: str, plans: Sequence[Plan], progress: ProgressSource, scheme: Any, period: Period,
                    as_of: pendulum.Date) -> ManyResult:
    found: Any = default_registry().scorer(scorer)
    result: ManyResult = found.score_many(plans, progress, scheme, period=period, as_of=as_of)
    lines = result.lines if isinstance(result.lines, LineColumns) else result.lines()
    return attrs.evolve(result, lines=lines, source=None)

"""The contract of target kinds and extensions: the tests every such plugin passes, ours and third parties'.

Subclass :class:`TargetKindContract` in a test module, name your kind and give a
hypothesis strategy of valid targets of it; pytest then runs every contract test::

    from edu_plan.testing.kinds import TargetKindContract

    class TestAnnualReduction(TargetKindContract):
        kind_name = "annual_reduction"
        monotonic = False            # a reduction: a *lower* value is better

        def targets(self):
            return st.builds(Target, id=st.just("T1"), kind=st.just("annual_reduction"), ...)

The kind is looked up through the installed entry points (``kind_name``), as edu_plan
will look it up.  The tests check that valid targets validate cleanly, that problems
carry the path they were given, that every achievement is a ``Decimal`` share in
[0, 1] with an explanation, that the order of the observations does not matter, that
(for ``monotonic`` kinds) more progress never lowers the share, and that targets
round-trip through every plan-file format.  :class:`ExtensionContract` does the same
for extensions.  Needs ``pytest`` and ``hypothesis``.
"""

# ruff: noqa: S101, SIM300 - a conformance kit is pytest tests: assert checks, expected value first

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any, ClassVar

import attrs
import pendulum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edu_plan import serialization
from edu_plan._assessment import Achievement, AchievementContext
from edu_plan._model import Target
from edu_plan._periods import Period, PeriodKind
from edu_plan._progress import Observation
from edu_plan._registry import Registry, default_registry
from edu_plan.errors import Problem

__all__ = ["ExtensionContract", "TargetKindContract", "observations_for"]

# Each subclass runs the same test functions on its own plugin: that is the point of a contract,
# so hypothesis's check against one function called from several classes does not apply.
_contract = settings(suppress_health_check=[HealthCheck.differing_executors])

_START = pendulum.Date(2023, 1, 1)
_END = pendulum.Date(2027, 12, 31)
_values = st.decimals(min_value=0, max_value=10_000, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def observations_for(
    draw: st.DrawFn, target: Target, unit: str = "unit-a", values: st.SearchStrategy[Decimal] = _values
) -> list[Observation]:
    """Aggregated observations of ``target`` by ``unit``: one per period, in the period kind the target uses."""
    kind = target.recurrence.every if target.recurrence is not None else PeriodKind.YEAR
    periods = list(Period.between(kind, _START, _END))
    chosen = draw(st.lists(st.sampled_from(periods), unique=True, max_size=len(periods)))
    result = []
    for period in sorted(chosen):
        total = draw(values)
        last = period.span()[1]
        result.append(Observation(
            target=target.id, unit=unit, period=period, total=total, latest=draw(values),
            latest_date=last, count=draw(st.integers(1, 3)), evidenced=draw(st.booleans()),
            approved=draw(st.booleans()),
        ))
    return result


def _context(as_of: pendulum.Date = _END, ordinal: dict[Decimal, Decimal] | None = None) -> AchievementContext:
    return AchievementContext(start=_START, window=(_START, as_of), as_of=as_of, ordinal=ordinal)


class TargetKindContract:
    """Subclass with ``kind_name`` and :meth:`targets`; optionally ``monotonic`` and ``registry``."""

    kind_name: ClassVar[str]
    monotonic: ClassVar[bool] = True
    """Whether a larger reported value never lowers the share (False for ceilings and reductions)."""
    ordinal: ClassVar[dict[Decimal, Decimal] | None] = None
    """The scheme's ordinal map, for kinds rated by an assessor."""

    def registry(self) -> Registry:
        """Where the kind is looked up (default: the installed plugins)."""
        return default_registry()

    def targets(self) -> st.SearchStrategy[Target]:
        """Valid targets of this kind."""
        raise NotImplementedError("give a hypothesis strategy of valid targets of your kind")

    def report_values(self) -> st.SearchStrategy[Decimal]:
        """Values units report for this kind (default: amounts; the ordinal scale's ratings when there is one)."""
        return st.sampled_from(sorted(self.ordinal)) if self.ordinal else _values

    def _kind(self) -> Any:
        return self.registry().target_kind(self.kind_name)

    def _observations(self, data: st.DataObject, target: Target) -> list[Observation]:
        return data.draw(observations_for(target, values=self.report_values()))

    def _achieve(self, target: Target, observations: Sequence[Observation]) -> Achievement:
        result = self._kind().achievement(target, observations, _context(ordinal=self.ordinal))
        assert isinstance(result, Achievement)
        return result

    # -- the contract ----------------------------------------------------------------------

    def test_kind_is_named_as_registered(self) -> None:
        """The plugin's name is the name it is registered under, and it has a label."""
        kind = self._kind()
        assert self.kind_name == kind.name
        assert kind.label

    @_contract
    @given(data=st.data())
    def test_valid_targets_validate_cleanly(self, data: st.DataObject) -> None:
        """The kind reports no problem on a valid target."""
        target = data.draw(self.targets())
        assert [] == list(self._kind().validate(target, path="$.t"))

    @_contract
    @given(data=st.data())
    def test_problems_are_located_under_the_given_path(self, data: st.DataObject) -> None:
        """Whatever the kind reports on a damaged target is a Problem under the path it was given."""
        target = data.draw(self.targets())
        damaged = attrs.evolve(target, minimum=Decimal(5), maximum=Decimal(1), quantity=None, recurrence=None)
        for problem in self._kind().validate(damaged, path="$.sections[0].tasks[0].targets[0]"):
            assert isinstance(problem, Problem)
            assert problem.path.startswith("$.sections[0].tasks[0].targets[0]")

    @_contract
    @given(data=st.data())
    def test_share_is_a_decimal_in_0_1_with_an_explanation(self, data: st.DataObject) -> None:
        """Every achievement is an exact share between 0 and 1, explained in words."""
        target = data.draw(self.targets())
        achievement = self._achieve(target, self._observations(data, target))
        assert type(achievement.share) is Decimal
        assert Decimal(0) <= achievement.share <= Decimal(1)
        assert achievement.explanation.strip()

    @_contract
    @given(data=st.data())
    def test_order_of_observations_does_not_matter(self, data: st.DataObject) -> None:
        """The same observations in another order give the same achievement."""
        target = data.draw(self.targets())
        observations = self._observations(data, target)
        shuffled = data.draw(st.permutations(observations))
        assert self._achieve(target, observations) == self._achieve(target, shuffled)

    @_contract
    @given(data=st.data())
    def test_more_progress_never_lowers_the_share(self, data: st.DataObject) -> None:
        """Raising every reported value never lowers the share (monotonic kinds only)."""
        if not self.monotonic:
            return
        target = data.draw(self.targets())
        observations = self._observations(data, target)
        extra = data.draw(_values)
        more = [attrs.evolve(o, total=o.total + extra, latest=o.latest + extra) for o in observations]
        assert self._achieve(target, observations).share <= self._achieve(target, more).share

    @_contract
    @given(data=st.data())
    def test_targets_round_trip_in_every_format(self, data: st.DataObject) -> None:
        """A target of this kind comes back equal from YAML, JSON and TOML."""
        target = data.draw(self.targets())
        for fmt in serialization.FORMATS:
            text = serialization.dumps({"t": serialization.unstructure(target, fmt)}, fmt)
            assert target == serialization.structure(serialization.loads(text, fmt)["t"], Target, fmt)


class ExtensionContract:
    """Subclass with ``extension_name`` and :meth:`values` (a strategy of valid typed values)."""

    extension_name: ClassVar[str]

    def registry(self) -> Registry:
        """Where the extension is looked up (default: the installed plugins)."""
        return default_registry()

    def values(self) -> st.SearchStrategy[Any]:
        """Valid values of the extension's ``data_type``."""
        raise NotImplementedError("give a hypothesis strategy of valid values of your extension's data type")

    def _extension(self) -> Any:
        return self.registry().extension(self.extension_name)

    def test_applies_to_known_objects(self) -> None:
        """The extension applies to some of plan, section, task, unit, target, and to nothing else."""
        applies = set(self._extension().applies_to)
        assert applies
        assert applies <= {"plan", "section", "task", "unit", "target"}

    @_contract
    @given(data=st.data())
    def test_write_then_read_gives_the_value_back(self, data: st.DataObject) -> None:
        """A typed value written to plain data and read back is equal, and the data validates cleanly."""
        value = data.draw(self.values())
        extension = self._extension()
        plain = extension.write(value)
        assert value == extension.read(plain)
        assert [] == [p for p in extension.validate(plain, path="$.x") if p.severity.value == "error"]

    @_contract
    @given(data=st.data())
    def test_written_data_survives_every_format(self, data: st.DataObject) -> None:
        """The plain data survives YAML, JSON and TOML and reads back to the same value."""
        value = data.draw(self.values())
        extension = self._extension()
        for fmt in serialization.FORMATS:
            text = serialization.dumps({"x": extension.write(value)}, fmt)
            assert value == extension.read(serialization.loads(text, fmt)["x"])

    @_contract
    @given(junk=st.one_of(st.integers(), st.text(), st.lists(st.integers()),
                          st.dictionaries(st.text(max_size=5), st.integers(), max_size=3)))
    def test_junk_gives_problems_not_exceptions(self, junk: Any) -> None:
        """Any malformed data is reported as problems under the given path; nothing is raised."""
        for problem in self._extension().validate(junk, path="$.x"):
            assert isinstance(problem, Problem)
            assert problem.path.startswith("$.x")

"""Plugins are found through entry points, lazily; a broken or duplicate one is reported, not fatal."""

from __future__ import annotations

import sys
import types
from collections.abc import Iterator
from importlib import metadata

import pytest

from edu_plan import Group, Registry, default_registry, protocols
from edu_plan.errors import DuplicatePluginError, PluginLoadError, PluginNotFoundError

BUILTIN_KINDS = ("cumulative", "level", "milestone", "qualitative", "range", "recurring")


class _Dist:
    """The slice of a distribution that an entry point reports."""

    def __init__(self, name: str, version: str = "1.0") -> None:
        self.metadata = {"Name": name}
        self.version = version


def _ep(name: str, value: str, group: Group, dist: str) -> metadata.EntryPoint:
    ep = metadata.EntryPoint(name=name, value=value, group=group.value)
    return ep._for(_Dist(dist))  # type: ignore[attr-defined,arg-type]  # how importlib attaches a dist


@pytest.fixture
def fake_module() -> Iterator[types.ModuleType]:
    """A module ``fake_plugins`` holding a good target kind, importable for the test's duration."""
    module = types.ModuleType("fake_plugins")

    class Ratio:
        name = "ratio"
        label = "比值"
        requires = frozenset({"quantity"})
        uses = frozenset()
        params_type = None
        aggregation = "latest"

        def validate(self, target: object, *, path: str) -> list[object]:
            return []

        def check_value(self, value: object) -> None:
            return None

        def pace_input(self, target: object) -> object:
            raise NotImplementedError  # never paced here

        def reading(self, target: object, observations: object, context: object) -> object:
            raise NotImplementedError  # never shown here

        def achievement(self, target: object, observations: object, context: object) -> object:
            raise NotImplementedError  # never scored here: these tests only load the plugin

    module.RATIO = Ratio()  # type: ignore[attr-defined]
    module.NOT_A_KIND = object()  # type: ignore[attr-defined]
    sys.modules["fake_plugins"] = module
    yield module
    del sys.modules["fake_plugins"]


class TestDiscovery:
    def test_builtin_kinds_come_through_entry_points(self) -> None:
        """The six built-in target kinds are found in the installed distribution's entry points."""
        registry = Registry()
        assert registry.names(Group.TARGET_KINDS) == BUILTIN_KINDS
        info = {i.name: i for i in registry.describe(Group.TARGET_KINDS)}
        assert info["level"].distribution == "edu-plan"
        assert info["level"].value == "edu_plan.plugins.kinds:LEVEL"

    def test_discovery_is_lazy(self) -> None:
        """Building a registry loads nothing; asking for a name loads that plugin only."""
        registry = Registry(entry_points=[
            _ep("ratio", "fake_plugins:RATIO", Group.TARGET_KINDS, "county-kinds"),
            _ep("broken", "no_such_module:X", Group.TARGET_KINDS, "county-kinds"),
        ])
        assert registry.names(Group.TARGET_KINDS) == ("broken", "ratio")  # listing imports nothing
        assert "no_such_module" not in sys.modules

    def test_import_of_edu_plan_loads_no_plugin(self) -> None:
        """A fresh interpreter importing edu_plan imports no built-in plugin module."""
        import subprocess

        code = ("import sys, edu_plan; "
                "print(sorted(m for m in sys.modules if m.startswith('edu_plan.plugins.') "
                "and m != 'edu_plan.protocols'))")
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
        assert out.strip() == "[]"

    def test_fresh_registry_is_isolated(self) -> None:
        """A registry built without discovery starts empty and does not touch the default one."""
        registry = Registry(discover=False)
        registry.register(Group.TARGET_KINDS, "custom", default_registry().target_kind("level"))
        assert registry.names(Group.TARGET_KINDS) == ("custom",)
        assert "custom" not in default_registry().names(Group.TARGET_KINDS)


class TestFailures:
    def test_failing_plugin_names_itself_and_its_distribution(self, fake_module: types.ModuleType) -> None:
        """A plugin that cannot be imported raises PluginLoadError naming plugin and distribution."""
        registry = Registry(entry_points=[_ep("broken", "no_such_module:X", Group.TARGET_KINDS, "county-kinds")])
        with pytest.raises(PluginLoadError, match=r"plugin 'broken' .* from distribution 'county-kinds'") as caught:
            registry.get(Group.TARGET_KINDS, "broken")
        assert caught.value.distribution == "county-kinds"
        assert isinstance(caught.value.cause, ModuleNotFoundError)

    def test_failing_plugin_does_not_break_the_others(self, fake_module: types.ModuleType) -> None:
        """Next to a broken plugin, the good one loads and load_all returns it alone."""
        registry = Registry(entry_points=[
            _ep("broken", "no_such_module:X", Group.TARGET_KINDS, "county-kinds"),
            _ep("ratio", "fake_plugins:RATIO", Group.TARGET_KINDS, "county-kinds"),
        ])
        assert list(registry.load_all(Group.TARGET_KINDS)) == ["ratio"]
        errors = [i for i in registry.describe(Group.TARGET_KINDS) if i.error is not None]
        assert [i.name for i in errors] == ["broken"]

    def test_object_not_implementing_the_protocol(self, fake_module: types.ModuleType) -> None:
        """An entry point naming an object without the protocol's members is a load error listing them."""
        registry = Registry(entry_points=[_ep("odd", "fake_plugins:NOT_A_KIND", Group.TARGET_KINDS, "odd-dist")])
        with pytest.raises(PluginLoadError, match="does not implement TargetKind: missing name, label"):
            registry.get(Group.TARGET_KINDS, "odd")

    def test_duplicate_name_names_both_distributions(self, fake_module: types.ModuleType) -> None:
        """One name from two distributions is an error naming both; other names still work."""
        registry = Registry(entry_points=[
            _ep("ratio", "fake_plugins:RATIO", Group.TARGET_KINDS, "county-a"),
            _ep("ratio", "other_plugins:RATIO", Group.TARGET_KINDS, "county-b"),
        ])
        with pytest.raises(DuplicatePluginError, match="by 'county-a' and by 'county-b'"):
            registry.get(Group.TARGET_KINDS, "ratio")

    def test_register_twice_is_an_error(self) -> None:
        """Registering a taken name in-process is refused unless replace=True."""
        registry = Registry(discover=False)
        kind = default_registry().target_kind("level")
        registry.register(Group.TARGET_KINDS, "level", kind)
        with pytest.raises(DuplicatePluginError):
            registry.register(Group.TARGET_KINDS, "level", kind)
        registry.register(Group.TARGET_KINDS, "level", kind, replace=True)
        assert kind is registry.target_kind("level")

    def test_unknown_name_lists_what_is_installed(self) -> None:
        """Asking for a missing plugin says which ones exist."""
        with pytest.raises(PluginNotFoundError, match=r"installed: cumulative, level, milestone"):
            Registry().target_kind("ratio")


class TestProtocols:
    def test_one_protocol_per_group(self) -> None:
        """Every entry-point group has exactly one Protocol, and the protocols module documents each."""
        assert {g.value for g in Group} == set(protocols.PROTOCOLS)
        for protocol in protocols.PROTOCOLS.values():
            assert (protocol.__doc__ or "").startswith("**Protocol:**")

    def test_builtins_implement_their_protocol(self) -> None:
        """Every installed built-in plugin loads and has every member of its group's Protocol."""
        for info in Registry().describe():
            if info.distribution == "edu-plan":
                assert info.error is None, info.error

"""Start-up: `edu-plan --help` builds its parser without the model, the views or any plugin."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

CODE = ("import sys\nfrom edu_plan.cli import build_parser\nbuild_parser()\n"
        "print(sorted(m for m in sys.modules if m.startswith(('edu_plan._', 'edu_plan.views', 'edu_plan.plugins',"
        " 'edu_plan.protocols', 'edu_plan.errors', 'attr', 'pendulum', 'typing', 'pathlib'))"
        " and m != 'edu_plan._i18n'))")
# edu_plan._i18n (gettext and the language) is the one module the help needs: it is translated when built.


class TestStartUp:
    def test_parser_imports_no_model(self) -> None:
        """Building the whole parser imports neither the model, views, plugins, attrs, typing nor pathlib.

        Only the language (edu_plan._i18n) is needed.
        """
        out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, check=True).stdout
        assert "[]" == out.strip()

    def test_help_lists_every_command(self) -> None:
        """`edu-plan --help` still lists every command group."""
        out = subprocess.run([sys.executable, "-m", "edu_plan.cli", "--help"], capture_output=True, text=True,
                             check=True).stdout
        for command in ("validate", "show", "export", "plugins", "import", "render", "progress", "score", "db"):
            assert command in out

    def test_validate_imports_only_what_it_uses(self) -> None:
        """`edu-plan validate helan` loads no scoring, view, storage, columnar or importer module.

        It reads the plan, checks it against the target kinds and prints a count: none of
        edu_plan._assessment, _progress, _achievements, _many, _columns, _store, _import, views,
        plugins.scoring/storage/importers/render, numpy, polars or sqlalchemy is needed.
        """
        code = ("import sys\nfrom edu_plan.cli import main\nstatus = main(['validate', 'helan'])\n"
                "print(status, sorted(m for m in sys.modules if m.startswith(("
                "'edu_plan._assessment', 'edu_plan._progress', 'edu_plan._achievements', 'edu_plan._many', "
                "'edu_plan._columns', 'edu_plan._store', 'edu_plan.storage', 'edu_plan._import', 'edu_plan.views', "
                "'edu_plan.plugins.scoring', 'edu_plan.plugins.storage', 'edu_plan.plugins.importers', "
                "'edu_plan.plugins.render', 'numpy', 'polars', 'duckdb', 'sqlalchemy'))))")
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
        assert "0 []" == out.strip().splitlines()[-1]


def _described(eps: Iterable[Any]) -> list[tuple[str, str, str, str | None, str | None]]:
    return [(ep.name, ep.value, ep.group, ep.dist.metadata["Name"], ep.dist.version)
            for ep in eps]


class TestEntryPointsWithoutImportlibMetadata:
    def test_installed_as_importlib_metadata_reads_them(self) -> None:
        """For every plugin group (and console_scripts), the registry's own reading of the installed entry points
        gives the same names, values, distributions, versions and order as importlib.metadata (the stdlib oracle)."""
        from importlib import metadata

        from edu_plan._registry import Group, _installed_entry_points

        for group in [*(g.value for g in Group), "console_scripts"]:
            assert _described(metadata.entry_points(group=group)) == _described(_installed_entry_points(group))

    def test_first_distribution_on_the_path_wins(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """Two folders on sys.path each hold a distribution fake-kinds: only the first one's entry points count
        (first = version 1.0, whose `odd` entry point names fake_a:ODD; the second, 2.0, names fake_b:ODD),
        a comment and another group in the same file are skipped — as importlib.metadata does."""
        from importlib import metadata

        from edu_plan._registry import _installed_entry_points

        for folder, version, module in (("a", "1.0", "fake_a"), ("b", "2.0", "fake_b")):
            info = tmp_path / folder / f"fake_kinds-{version}.dist-info"
            info.mkdir(parents=True)
            (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: fake-kinds\nVersion: {version}\n\nBody: x\n")
            (info / "entry_points.txt").write_text(
                f"# a comment\n[edu_plan.target_kinds]\nodd = {module}:ODD\n\n[console_scripts]\nx = {module}:main\n")
        monkeypatch.setattr(sys, "path", [str(tmp_path / "a"), str(tmp_path / "b")])
        found = _installed_entry_points("edu_plan.target_kinds")
        assert [("odd", "fake_a:ODD", "edu_plan.target_kinds", "fake-kinds", "1.0")] == _described(found)
        assert _described(metadata.entry_points(group="edu_plan.target_kinds")) == _described(found)

    def test_entry_point_loads_the_named_object(self) -> None:
        """An entry point `level = edu_plan.plugins.kinds:LEVEL` loads the very object LEVEL."""
        from edu_plan._registry import _Distribution, _EntryPoint
        from edu_plan.plugins.kinds import LEVEL

        ep = _EntryPoint("level", "edu_plan.plugins.kinds:LEVEL", "edu_plan.target_kinds", _Distribution("."))
        assert LEVEL is ep.load()

    def test_malformed_value_is_refused(self) -> None:
        """`odd = not a value!` (spaces and `!` are no module path) is refused, naming the value."""
        from edu_plan._registry import _Distribution, _EntryPoint

        ep = _EntryPoint("odd", "not a value!", "edu_plan.target_kinds", _Distribution("."))
        with pytest.raises(ValueError, match="'not a value!' is not an entry point value"):
            ep.load()

    def test_zip_on_the_path_goes_through_importlib_metadata(self, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
        """A zip on sys.path holding fake_kinds-1.0.dist-info (entry point `odd = fake_z:ODD`): read by the
        library's own reader, so the one entry point is found, as importlib.metadata finds it."""
        import zipfile
        from importlib import metadata

        from edu_plan._registry import _installed_entry_points

        archive = tmp_path / "plugins.zip"
        with zipfile.ZipFile(archive, "w") as zipped:
            zipped.writestr("fake_kinds-1.0.dist-info/METADATA",
                            "Metadata-Version: 2.1\nName: fake-kinds\nVersion: 1.0\n")
            zipped.writestr("fake_kinds-1.0.dist-info/entry_points.txt", "[edu_plan.target_kinds]\nodd = fake_z:ODD\n")
        monkeypatch.setattr(sys, "path", [str(archive)])
        found = _installed_entry_points("edu_plan.target_kinds")
        assert [("odd", "fake_z:ODD", "edu_plan.target_kinds", "fake-kinds", "1.0")] == _described(found)
        assert _described(metadata.entry_points(group="edu_plan.target_kinds")) == _described(found)

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

    def test_help_imports_no_more_of_the_standard_library(self) -> None:
        """`edu-plan --help` (through main, as the command runs it) imports none of shutil (argparse takes the
        terminal width from it), csv, decimal, locale or copy (gettext.translation takes them), difflib, typing,
        pathlib, inspect or enum beyond what re needs: the help needs argparse, gettext and the catalog only."""
        code = ("import sys\nfrom edu_plan.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
                "print(sorted(m for m in ('shutil', 'csv', 'decimal', 'locale', 'copy', 'difflib', 'typing', 'pathlib',"
                " 'inspect', 'bz2', 'lzma') if m in sys.modules))")
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
        assert "[]" == out.strip().splitlines()[-1]

    def test_main_builds_only_the_chosen_command(self) -> None:
        """`edu-plan validate helan` builds the parser of `validate` alone: of the eleven commands, the other
        ten are listed (name and help) but have no parser; `--help` builds none of them."""
        code = ("import sys, argparse\nimport edu_plan.cli as cli\nbuilt = []\nreal = cli.build_parser\n"
                "def spy(arguments=None):\n    built.append(real(arguments))\n    return built[-1]\n"
                "cli.build_parser = spy\ncli.main(['validate', 'helan'])\n"
                "action = next(a for a in built[0]._actions if isinstance(a, argparse._SubParsersAction))\n"
                "print(sorted(name for name, sub in action.choices.items() if sub is not None), len(action.choices))")
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
        assert "['validate'] 11" == out.strip().splitlines()[-1]

    def test_validate_imports_only_what_it_uses(self) -> None:
        """`edu-plan validate helan` loads no scoring, view, storage, columnar or importer module.

        It reads the plan, checks it against the target kinds and prints a count: none of
        edu_plan._assessment, _progress, _achievements, _many, _columns, _store, _import, views,
        plugins.scoring/storage/importers/render, numpy, polars or sqlalchemy is needed; nor PyYAML (the
        bundled dataset's parsed form is used), tomllib, csv or zipfile.
        """
        code = ("import sys\nfrom edu_plan.cli import main\nstatus = main(['validate', 'helan'])\n"
                "print(status, sorted(m for m in sys.modules if m.startswith(("
                "'edu_plan._assessment', 'edu_plan._progress', 'edu_plan._achievements', 'edu_plan._many', "
                "'edu_plan._columns', 'edu_plan._store', 'edu_plan.storage', 'edu_plan._import', 'edu_plan.views', "
                "'edu_plan.plugins.scoring', 'edu_plan.plugins.storage', 'edu_plan.plugins.importers', "
                "'edu_plan.plugins.render', 'numpy', 'polars', 'duckdb', 'sqlalchemy', 'yaml', 'tomllib', 'csv', "
                "'zipfile'))))")
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
        assert "0 []" == out.strip().splitlines()[-1]


class TestHelpBuiltLazily:
    def test_every_command_help_as_the_complete_parser_gives_it(self, capsys: pytest.CaptureFixture[str]) -> None:
        """For each command and action (validate, db init, progress check…), in Chinese and in English, the
        `--help` printed by main (which builds only that command) is the very text of the complete parser's
        help for it (build_parser() with every command built), and so is a usage error's message; 17 parsers: the
        program, its 11 commands, the 2 actions of db and the 3 of progress."""
        import argparse

        from edu_plan import use_language
        from edu_plan.cli import build_parser, main

        def paths(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> Iterable[
                tuple[tuple[str, ...], argparse.ArgumentParser]]:
            yield path, parser
            for action in parser._actions:
                if isinstance(action, argparse._SubParsersAction):
                    for name, sub in action.choices.items():
                        yield from paths(sub, (*path, name))

        for lang in ("zh", "en"):
            with use_language(lang):
                top = build_parser()
                complete = list(paths(top))
                for path, parser in complete:
                    with pytest.raises(SystemExit):
                        main([*path, "--help"])
                    assert parser.format_help() == capsys.readouterr().out
                    with pytest.raises(SystemExit):
                        top.parse_args([*path, "--no-such-option"])
                    expected = capsys.readouterr().err
                    assert expected == _usage_error(main, [*path, "--no-such-option"], capsys)
        assert 1 + 11 + 2 + 3 == len(complete)  # the program, its commands, db's and progress's actions


class TestBundledDatasetParsed:
    def test_the_module_is_what_the_tool_writes(self) -> None:
        """`tools/parsed_datasets.py check` finds src/edu_plan/_parsed_datasets.py as it would write it from the
        datasets as they are (exit status 0): no dataset was changed without it."""
        root = Path(__file__).resolve().parent.parent
        done = subprocess.run([sys.executable, str(root / "tools" / "parsed_datasets.py"), "check"],
                              capture_output=True, text=True, check=False)
        assert (0, "") == (done.returncode, done.stderr)

    def test_form_is_the_yaml_parsed(self) -> None:
        """The Helan dataset's text gets the recorded form, equal to PyYAML's own reading of the text through
        the guarded reader (45 dates, decimals and all): 5 sections, the first dated 2023-03-20."""
        import datetime

        from edu_plan import _reading, datasets
        from edu_plan.serialization import _yaml_classes

        text = datasets.path("helan").read_text(encoding="utf-8")
        bundled = _reading.bundled_yaml(text)
        assert _reading.yaml_document(_yaml_classes()[1](text)) == bundled
        assert (5, datetime.date(2023, 3, 20)) == (len(bundled["sections"]), bundled["issue_date"])

    def test_each_call_a_new_object(self) -> None:
        """Changing the form one call gave leaves the next call's as it was (title still the dataset's)."""
        from edu_plan import _reading, datasets

        text = datasets.path("helan").read_text(encoding="utf-8")
        first = _reading.bundled_yaml(text)
        title = first["title"]
        first["title"] = "改过"
        assert title == _reading.bundled_yaml(text)["title"]

    def test_an_edited_text_is_read_as_yaml(self) -> None:
        """The dataset with its title changed by one character (same length) is not the bundled text: it is read
        as YAML and the new title comes back."""
        from edu_plan import _reading, datasets, serialization

        text = datasets.path("helan").read_text(encoding="utf-8")
        data = serialization.loads(text, "yaml")
        edited = text.replace(data["title"], data["title"][:-1] + "稿", 1)
        assert len(text) == len(edited)
        assert _reading.bundled_yaml(edited) is None
        assert data["title"][:-1] + "稿" == serialization.loads(edited, "yaml")["title"]

    def test_tighter_limits_read_the_text(self) -> None:
        """Under a depth limit of 3 (the dataset nests deeper), the bundled text is read as YAML and refused as it
        would be without the form: a PlanFileError on line 12 saying the limit of 3 levels."""
        from edu_plan import datasets, serialization
        from edu_plan.errors import PlanFileError
        from edu_plan.limits import use_limits

        text = datasets.path("helan").read_text(encoding="utf-8")
        with use_limits(depth=3), pytest.raises(PlanFileError, match="3") as caught:
            serialization.loads(text, "yaml")
        assert caught.value.line is not None


class TestCatalogReading:
    def test_every_message_as_gettext_reads_it(self) -> None:
        """Each shipped catalog (zh, en), opened by edu_plan (its file named directly), gives for every message what
        gettext.translation (the standard library, the oracle) gives: each plain message, each plural message for
        n = 0, 1, 2, 5 and through gettext, and a message it does not hold (returned as is); the header and the
        charset (utf-8) too."""
        import gettext

        from edu_plan import _i18n

        for lang in ("zh", "en"):
            standard = gettext.translation("edu_plan", _i18n.LOCALE_DIR, [lang])
            read = _i18n._translations(lang)
            catalog: dict[Any, str] = standard._catalog  # type: ignore[attr-defined]
            plain = [key for key in catalog if isinstance(key, str)]
            plurals = sorted({key[0] for key in catalog if isinstance(key, tuple)})
            assert (True, True) == (1000 < len(plain), 10 < len(plurals))
            assert [standard.gettext(m) for m in plain] == [read.gettext(m) for m in plain]
            assert ([standard.ngettext(m, m + "s", n) for m in plurals for n in (0, 1, 2, 5)]
                    == [read.ngettext(m, m + "s", n) for m in plurals for n in (0, 1, 2, 5)])
            assert [standard.gettext(m) for m in plurals] == [read.gettext(m) for m in plurals]
            assert ("no such message %d", "no such message %d", "no such messages %d") == (
                read.gettext("no such message %d"), read.ngettext("no such message %d", "no such messages %d", 1),
                read.ngettext("no such message %d", "no such messages %d", 2))
            assert (standard.info(), "utf-8") == (read.info(), read.charset())


def _usage_error(main: Any, arguments: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit):
        main(arguments)
    return capsys.readouterr().err


class TestHelpWrapping:
    def test_pieces_as_the_regular_expression_cuts_them(self) -> None:
        """The help is cut into pieces by hand as this regular expression (the former implementation, kept here as
        the oracle) cuts it: a Chinese character or a run of other characters, with opening punctuation before
        and closing punctuation after, or spaces; on sentences mixing both, punctuation alone, at the ends."""
        import re

        from edu_plan.cli import _pieces

        cjk = "\u2e80-\u9fff\u3000-\u303f\uff00-\uffef"
        oracle = re.compile(f"[（《「“‘]*(?:[{cjk}]|[^\\s{cjk}]+)[，。、；：！？）》」”’]*|\\s+")
        samples = ["存储地址：files:DIR、sqlite:///path.db（默认取 $EDU_PLAN_STORE，未设置时为内置 SQLite 文件）",
                   "the language of everything shown: zh (Chinese) or en", "（《「", "“ ‘", "a（", "（a", "“edu”。",
                   "  两个  空格  ", "", "《计划》）。", "x“", "全角ＡＢＣ，半角abc", "‘（ 《", "。，开头"]
        for text in samples:
            assert oracle.findall(text) == _pieces(text), text

    def test_full_width_colon_after_a_chinese_heading(self) -> None:
        """`选项:` → `选项：` and `位置参数:` → `位置参数：`; `options:`, an indented `  说明:`, a heading of one
        character `选:` and a colon inside a line are left as they are (as the former pattern
        `(?m)^(\\S.*[\\u4e00-\\u9fff]):$` did)."""
        from edu_plan.cli import _full_width_headings

        text = "选项:\n位置参数:\noptions:\n  说明:\n选:\n用法: x\n"
        assert "选项：\n位置参数：\noptions:\n  说明:\n选:\n用法: x\n" == _full_width_headings(text)


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

    def test_names_normalized_as_pep_503_says(self) -> None:
        """Distribution names compare as PEP 503 normalises them (the regular expression below, the oracle), with
        `_` for `-`: `Foo.Bar--baz_` → `foo_bar_baz_`, `edu-plan` → `edu_plan`, `A__B..C` → `a_b_c`."""
        import re

        from edu_plan._registry import _normalized

        for name in ("Foo.Bar--baz_", "edu-plan", "A__B..C", "zope.interface", "ruamel.yaml.clib", "x", "", "-_."):
            assert re.sub(r"[-_.]+", "-", name).lower().replace("-", "_") == _normalized(name), name

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

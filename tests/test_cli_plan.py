"""edu-plan validate / show / export / plugins: exit codes, output, and no traceback for mistakes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from tabulate import tabulate
from wcwidth import wcswidth

from edu_plan import datasets, serialization
from edu_plan.cli import main

DATA = Path(__file__).parent / "data"


class TestValidate:
    def test_helan_is_clean(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`edu-plan validate helan` exits 0 and summarises the plan."""
        assert main(["validate", "helan"]) == 0
        assert "helan: ok — 5 sections, 22 tasks" in capsys.readouterr().out

    def test_bad_file_lists_every_problem(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A bad plan file exits 1 with each problem on its own line, with file and line."""
        assert main(["validate", str(DATA / "invalid-plan.yaml")]) == 1
        err = capsys.readouterr().err
        assert sum("invalid-plan.yaml:" in line and ": error:" in line for line in err.splitlines()) == 10
        assert "invalid-plan.yaml: 10 errors" in err

    def test_missing_file_has_no_traceback(self) -> None:
        """A user's mistake in a real process prints one message and no traceback."""
        result = subprocess.run([sys.executable, "-m", "edu_plan.cli", "validate", "nope.yaml"],
                                capture_output=True, text=True, encoding="utf-8")
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        assert "edu-plan: nope.yaml: no such file, and not a bundled dataset (bundled: helan)" in result.stderr


class TestExport:
    @pytest.mark.parametrize("fmt", ["json", "yaml", "toml"])
    def test_export_is_the_canonical_file(self, fmt: serialization.Format, capsys: pytest.CaptureFixture[str]) -> None:
        """`export --format F` prints exactly dumps_plan(plan, F)."""
        assert main(["export", "helan", "--format", fmt]) == 0
        assert serialization.dumps_plan(datasets.load("helan"), fmt) == capsys.readouterr().out

    def test_export_json_holds_the_whole_plan(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The exported JSON parses, with all 22 tasks and the doc number."""
        main(["export", "helan", "--format", "json"])
        data = json.loads(capsys.readouterr().out)
        assert data["doc_number"] == "贺党教发〔2023〕1号"
        assert sum(len(s["tasks"]) for s in data["sections"]) == 22

    def test_export_to_a_file_and_back(self, tmp_path: Path) -> None:
        """-o writes the plan file, which validates."""
        out = tmp_path / "helan.toml"
        assert main(["export", "helan", "--format", "toml", "-o", str(out)]) == 0
        assert datasets.load("helan") == serialization.load_plan(out)

    def test_export_into_a_missing_folder(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Writing into a folder that does not exist is a clear error, not a traceback."""
        assert main(["export", "helan", "-o", str(tmp_path / "no" / "plan.yaml")]) == 1
        assert "does not exist; create it first" in capsys.readouterr().err


class TestShow:
    @pytest.mark.parametrize("view", ["tasks", "units", "targets", "responsibilities"])
    def test_views_as_json(self, view: str, capsys: pytest.CaptureFixture[str]) -> None:
        """Every view prints as JSON records."""
        assert main(["show", "helan", "--view", view, "--format", "json"]) == 0
        records = json.loads(capsys.readouterr().out)
        assert records
        assert all(isinstance(r, dict) for r in records)

    def test_task_table_is_aligned_for_chinese(self, capsys: pytest.CaptureFixture[str]) -> None:
        """In the task table every line has the same display width, counting Chinese as two columns."""
        assert main(["show", "helan", "--view", "tasks"]) == 0
        lines = [line for line in capsys.readouterr().out.splitlines() if line.strip()]
        assert len({wcswidth(line) for line in lines}) == 1
        assert any("坚持不懈用党的创新理论铸魂育人" in line for line in lines)
        assert tabulate  # tabulate is the table engine named by the issue


class TestPlugins:
    def test_lists_the_builtins(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`edu-plan plugins` lists every built-in with its group and distribution."""
        main(["plugins"])
        out = capsys.readouterr().out
        for name in ("cumulative", "recurring", "budget", "contact"):
            assert name in out
        assert "edu-plan 0.1.0" in out


class TestDocumented:
    def test_every_command_is_in_the_cli_reference(self) -> None:
        """Each sub-command (and each sub-action) has a heading in docs/reference/cli.md."""
        import argparse
        import re

        from edu_plan.cli import build_parser

        page = (Path(__file__).resolve().parent.parent / "docs" / "reference" / "cli.md").read_text(encoding="utf-8")
        headings = set(re.findall(r"^## `edu-plan ([a-z]+(?: [a-z]+)?)", page, re.M))
        commands = set()
        parser = build_parser()
        for action in parser._subparsers._group_actions:  # type: ignore[union-attr]  # argparse keeps them here
            for name, sub in action.choices.items():
                nested = [a for a in sub._actions if isinstance(a, argparse._SubParsersAction)]
                if nested:
                    commands.update(f"{name} {n}" for a in nested for n in a.choices)
                else:
                    commands.add(name)
        assert set() == commands - headings

"""``edu-plan db init``, ``db load`` and ``--store`` on ``score`` and ``show``; opening the default store."""

from __future__ import annotations

from pathlib import Path

import pytest

from edu_plan._store import default_url, open_store, scheme_of
from edu_plan.cli import main
from edu_plan.errors import PluginNotFoundError, StorageError

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "examples" / "helan" / "plan.yaml"
PROGRESS = ROOT / "examples" / "helan" / "progress-2023-2024.csv"
SCHEME = ROOT / "examples" / "helan" / "scheme.toml"


class TestDbCommands:
    """Creating and filling a store from the command line."""

    def test_init_then_load_plan_and_progress(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """db init makes a version-3 store; db load stores the plan and every report of the example file once."""
        url = f"sqlite:///{tmp_path / 'county.db'}"
        assert 0 == main(["db", "init", url])
        assert "schema version 3" in capsys.readouterr().out
        assert 0 == main(["db", "load", url, str(PLAN), str(PROGRESS)])
        assert 0 == main(["db", "load", url, str(PROGRESS)])
        out = capsys.readouterr().out
        assert "0 new of 70 reports" in out
        with open_store(url) as store:
            assert 70 == len(store.reports("helan-edu-quality-2023"))

    def test_progress_without_a_plan_is_a_clear_error(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
        """Loading progress into a store with no plan says to name the plan, without a traceback."""
        assert 1 == main(["db", "load", f"files:{tmp_path / 'store'}", str(PROGRESS)])
        assert "pass --plan PLAN_ID" in capsys.readouterr().err


class TestStoreOption:
    """``--store`` reads plans and progress from a store."""

    def test_score_from_store_is_byte_identical(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Scoring from the store prints the same bytes as scoring from the progress file."""
        url = f"sqlite:///{tmp_path / 'county.db'}"
        main(["db", "load", url, str(PLAN), str(PROGRESS)])
        capsys.readouterr()
        common = ["--scheme", str(SCHEME), "--period", "2024", "--format", "csv"]
        assert 0 == main(["score", str(PLAN), "--progress", str(PROGRESS), *common])
        from_file = capsys.readouterr().out
        assert 0 == main(["score", "helan-edu-quality-2023", "--store", url, *common])
        assert from_file == capsys.readouterr().out

    def test_show_reads_the_plan_from_the_store(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """show --store prints a stored plan given by its id."""
        url = f"files:{tmp_path / 'store'}"
        main(["db", "load", url, str(PLAN)])
        capsys.readouterr()
        assert 0 == main(["show", "helan-edu-quality-2023", "--store", url, "--format", "json"])
        assert "坚持不懈用党的创新理论铸魂育人" in capsys.readouterr().out


class TestOpenStore:
    """Finding the backend of a URL and the default store."""

    def test_env_var_names_the_default_store(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """EDU_PLAN_STORE given as a plain path means a SQLite file there."""
        monkeypatch.setenv("EDU_PLAN_STORE", str(tmp_path / "mine.db"))
        assert f"sqlite:///{tmp_path / 'mine.db'}" == default_url()
        with open_store() as store:
            assert 3 == store.version()

    def test_default_is_a_sqlite_file_in_the_data_folder(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
        """Without EDU_PLAN_STORE the default is store.db under $XDG_DATA_HOME/edu_plan."""
        monkeypatch.delenv("EDU_PLAN_STORE", raising=False)
        monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
        assert f"sqlite:///{tmp_path / 'edu_plan' / 'store.db'}" == default_url()

    def test_scheme_picks_the_backend(self) -> None:
        """The driver part of a URL does not change the backend: postgresql+psycopg is postgresql."""
        assert "postgresql" == scheme_of("postgresql+psycopg://postgres@127.0.0.1/test")
        assert "files" == scheme_of("files:store")
        with pytest.raises(StorageError, match="must start with a scheme"):
            scheme_of("store.db")

    def test_unknown_scheme_lists_the_installed_backends(self) -> None:
        """An unknown scheme raises PluginNotFoundError naming the installed backends."""
        with pytest.raises(PluginNotFoundError, match="sqlite"):
            open_store("mongodb://localhost/x")

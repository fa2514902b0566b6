"""The shape of the package: a light import, a complete public API, typed, and one exception base."""

from __future__ import annotations

import inspect
import subprocess
import sys
from pathlib import Path

import edu_plan
from edu_plan import errors

SRC = Path(edu_plan.__file__).parent


class TestImport:
    def test_import_loads_no_heavy_dependency(self) -> None:
        """`import edu_plan` imports neither cattrs, YAML, SQLAlchemy, tabulate nor openpyxl: they load when used."""
        code = ("import sys, edu_plan; heavy = ['cattrs', 'yaml', 'sqlalchemy', 'tabulate', 'openpyxl', 'docx', "
                "'pandas', 'importlib.metadata']; print(sorted(m for m in heavy if m in sys.modules))")
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
        assert "[]" == out.strip()

    def test_every_public_name_resolves(self) -> None:
        """Each name in edu_plan.__all__ can be got, the lazy ones included."""
        missing = [name for name in edu_plan.__all__ if getattr(edu_plan, name, None) is None]
        assert [] == missing

    def test_package_is_typed(self) -> None:
        """The package ships py.typed, so users' type checkers read our annotations."""
        assert (SRC / "py.typed").is_file()


class TestErrors:
    def test_one_exception_base(self) -> None:
        """Every exception class edu_plan defines derives from EduPlanError."""
        classes = [c for _, c in inspect.getmembers(errors, inspect.isclass)
                   if issubclass(c, BaseException) and c.__module__ == errors.__name__]
        assert [] == [c.__name__ for c in classes if not issubclass(c, errors.EduPlanError)]

    def test_no_exception_class_elsewhere(self) -> None:
        """No module outside errors.py defines an exception class: there is one place to look them up."""
        offenders = []
        for path in SRC.rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            for line in text.splitlines():
                stripped = line.strip()
                if stripped.startswith("class ") and ("Error(" in stripped or "Exception)" in stripped):
                    offenders.append(f"{path.relative_to(SRC)}: {stripped}")
        assert [] == [o for o in offenders if not o.startswith("errors.py")]

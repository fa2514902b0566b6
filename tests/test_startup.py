"""Start-up: `edu-plan --help` builds its parser without the model, the views or any plugin."""

from __future__ import annotations

import subprocess
import sys

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

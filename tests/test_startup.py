"""Start-up: `edu-plan --help` builds its parser without the model, the views or any plugin."""

from __future__ import annotations

import subprocess
import sys

CODE = ("import sys\nfrom edu_plan.cli import build_parser\nbuild_parser()\n"
        "print(sorted(m for m in sys.modules if m.startswith(('edu_plan._', 'edu_plan.views', 'edu_plan.plugins',"
        " 'edu_plan.protocols', 'edu_plan.errors', 'attr', 'pendulum', 'typing')) and m != 'edu_plan._i18n'))")
# edu_plan._i18n (gettext and the language) is the one module the help needs: it is translated when built.


class TestStartUp:
    def test_parser_imports_no_model(self) -> None:
        """Building the whole parser imports neither the model, views, plugins, attrs nor typing (only the language)."""
        out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, check=True).stdout
        assert "[]" == out.strip()

    def test_help_lists_every_command(self) -> None:
        """`edu-plan --help` still lists every command group."""
        out = subprocess.run([sys.executable, "-m", "edu_plan.cli", "--help"], capture_output=True, text=True,
                             check=True).stdout
        for command in ("validate", "show", "export", "plugins", "import", "render", "progress", "score", "db"):
            assert command in out

"""Write ``src/edu_plan/_parsed_datasets.py``: each bundled dataset's YAML, parsed, under its text's length and digest.

    python tools/parsed_datasets.py          # after changing a dataset under src/edu_plan/datasets/
    python tools/parsed_datasets.py check    # fail when the module is not what this would write (tests run it)

Reading ``edu-plan validate helan`` spends more on PyYAML (importing it, parsing the text, checking
the node graph) than on the plan itself; ``edu_plan._reading.bundled_yaml`` gives a text the form
written here instead, only when the text's own length and SHA-256 digest are the ones recorded
beside it, so an edited dataset is read as YAML again, never from a stale form. The form is what
``edu_plan.serialization.loads(text, "yaml")`` gives (plain dicts, lists, text, integers, exact
decimals, dates), parsed under the default limits, as Python source: imported from the bytecode
cache it costs a fraction of a millisecond.
"""

from __future__ import annotations

import argparse
import pprint
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
TARGET = ROOT / "src" / "edu_plan" / "_parsed_datasets.py"

HEADER = '''"""The bundled datasets' YAML, already parsed: written by ``tools/parsed_datasets.py``, never by hand.

Each dataset's parsed form is keyed by the length and the SHA-256 digest of the YAML text it was
parsed from; :func:`edu_plan._reading.bundled_yaml` gives a text this form only when both are the
text's own, so it cannot be stale (``tests/test_startup.py`` also checks each form against a fresh
parse, and that the module is what the tool writes today).
"""
# ruff: noqa: E501
# fmt: off

from __future__ import annotations

{imports}from collections.abc import Callable
from typing import Any

'''


def source() -> str:
    """The module's text for the datasets bundled now."""
    from edu_plan import _reading, datasets
    from edu_plan.limits import LIMITS, use_limits
    from edu_plan.serialization import _yaml_classes

    parts = [HEADER]
    entries = []
    for name in datasets.names():
        text = datasets.path(name).read_text(encoding="utf-8")
        with use_limits(**{field: getattr(LIMITS, field) for field in ("depth", "yaml_nodes", "number_chars")}):
            _reading.check_controls(text, source=name)
            data = _reading.yaml_document(_yaml_classes()[1](text), source=name)  # the YAML itself, never this form
        function = f"_{name}"
        body = pprint.pformat(data, indent=1, width=116, sort_dicts=False).replace("\n", "\n" + " " * 11)
        parts.append(f"\ndef {function}() -> Any:\n    return ({body})\n\n")
        entries.append(f"    ({len(text)}, {_reading.sha256_text(text)!r}): {function},  # {name}")
    parts.append("\nPARSED: dict[tuple[int, str], Callable[[], Any]] = {\n" + "\n".join(entries) + "\n}\n")
    parts.append('"""Each bundled dataset\'s parsed form (a function making it anew), by length and SHA-256 of its '
                 'text."""\n')
    parts.append("LENGTHS = frozenset(length for length, _digest in PARSED)\n")
    text = "".join(parts)
    imports = "".join(line for line, used in (("import datetime\n", "datetime."), ("from decimal import Decimal\n",
                                                                                      "Decimal(")) if used in text)
    return text.replace("{imports}", imports, 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", nargs="?", choices=("write", "check"), default="write")
    args = parser.parse_args(argv)
    text = source()
    if args.action == "check":
        if not TARGET.exists() or TARGET.read_text(encoding="utf-8") != text:
            print(f"{TARGET.relative_to(ROOT)} is stale: run python tools/parsed_datasets.py", file=sys.stderr)
            return 1
        print(f"{TARGET.relative_to(ROOT)} is up to date")
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Every member of every plugin Protocol is documented in docs/plugins/reference.md (datasette's rule)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from edu_plan import protocols

REFERENCE = Path(__file__).resolve().parent.parent / "docs" / "plugins" / "reference.md"


def _documented() -> dict[str, set[str]]:
    """The members listed under each `## Name` heading of the reference page, as `name` in a table or heading."""
    sections: dict[str, set[str]] = {}
    current = None
    for line in REFERENCE.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^##+ (?:`)?(\w+)(?:`)?", line)
        if heading:
            current = heading.group(1)
            sections.setdefault(current, set())
            continue
        if current is not None:
            sections[current].update(re.findall(r"^\|\s*`(\w+)", line))
            sections[current].update(re.findall(r"^###+ `(\w+)", line))
    return sections


def _protocols() -> list[type]:
    found = [getattr(protocols, name) for name in protocols.__all__]
    return [p for p in found if isinstance(p, type) and getattr(p, "_is_protocol", False)]


@pytest.mark.parametrize("protocol", _protocols(), ids=lambda p: p.__name__)
def test_protocol_members_are_documented(protocol: type) -> None:
    """Each member of the Protocol appears in the reference page under the Protocol's heading."""
    documented = _documented().get(protocol.__name__, set())
    missing = [m for m in protocols.required_members(protocol) if m not in documented]
    assert [] == missing, f"document these members of {protocol.__name__} in {REFERENCE.name}"

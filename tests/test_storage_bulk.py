"""The store's bulk load path: rows built without the recursive JSON writer give the same bytes and identities."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from edu_plan import serialization
from edu_plan.plugins.storage import _common as common

_evidence = st.lists(st.text(st.characters(codec="utf-8"), max_size=12), max_size=4)


class TestEvidenceText:
    @given(_evidence)
    def test_same_text_as_the_serializer(self, evidence: list[str]) -> None:
        """evidence_text gives exactly serialization.dumps(list, "json"), so stored identities do not change."""
        assert serialization.dumps(list(evidence), "json") == common.evidence_text(evidence)

    def test_worked_example(self) -> None:
        """Two items: a two-space indent, Chinese kept as is, a final newline."""
        assert '[\n  "照片",\n  "a\\"b"\n]\n' == common.evidence_text(("照片", 'a"b'))

    def test_empty(self) -> None:
        """No evidence is the empty list and a newline, as the serializer writes it."""
        assert "[]\n" == common.evidence_text(())

"""The store's bulk load path: rows built without the recursive JSON writer give the same bytes and identities."""

from __future__ import annotations

import hashlib
from pathlib import Path

import attrs
import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st

from edu_plan import datasets, serialization
from edu_plan._store import open_store
from edu_plan.plugins.storage import _common as common
from edu_plan.plugins.storage._sql import SqlStore

_evidence = st.lists(st.text(st.characters(codec="utf-8"), max_size=12), max_size=4)


class TestEvidenceText:
    @given(_evidence)
    def test_same_text_as_the_serializer(self, evidence: list[str]) -> None:
        """evidence_text gives exactly serialization.dumps(list, "json"), so stored identities do not change."""
        assert serialization.dumps(list(evidence), "json") == common.evidence_text(tuple(evidence))

    def test_worked_example(self) -> None:
        """Two items: a two-space indent, Chinese kept as is, a final newline."""
        assert '[\n  "照片",\n  "a\\"b"\n]\n' == common.evidence_text(("照片", 'a"b'))

    def test_empty(self) -> None:
        """No evidence is the empty list and a newline, as the serializer writes it."""
        assert "[]\n" == common.evidence_text(())


class TestSharedPlanDocuments:
    def test_counties_share_one_document(self, tmp_path: Path) -> None:
        """Three county copies of one plan (ids differ) store one document body; each loads back with its id."""
        plan = datasets.load("helan")
        url = f"sqlite:///{tmp_path / 'national.db'}"
        with open_store(url) as store:
            saved = store.save_plans([attrs.evolve(plan, id=f"county-{n}") for n in range(3)])
            assert [1, 1, 1] == [r.revision for r in saved]
            assert attrs.evolve(plan, id="county-2") == store.load_plan("county-2")
        engine = sa.create_engine(url)
        with engine.connect() as connection:
            assert 1 == connection.exec_driver_sql("SELECT count(*) FROM edu_plan_plan_documents").scalar()
            refs = connection.exec_driver_sql("SELECT document FROM edu_plan_plan_revisions").scalars().all()
        engine.dispose()
        assert 3 == len(refs)
        assert 1 == len(set(refs))
        assert refs[0].startswith("@sha256:")

    def test_digest_is_of_the_whole_document(self, tmp_path: Path) -> None:
        """A revision's digest stays the SHA-256 of the plan's full canonical JSON, id line included."""
        plan = datasets.load("helan")
        with open_store(f"sqlite:///{tmp_path / 's.db'}") as store:
            revision = store.save_plan(plan)
        assert hashlib.sha256(serialization.dumps_plan(plan, "json").encode()).hexdigest() == revision.digest

    def test_version_2_store_keeps_documents_inline(self, tmp_path: Path) -> None:
        """A store kept at schema version 2 (db init --version 2) stores the document in the revision row."""
        plan = datasets.load("helan")
        url = f"sqlite:///{tmp_path / 'old.db'}"
        store = SqlStore(url)
        assert 2 == store.migrate(2)
        store.save_plan(plan)
        assert plan == store.load_plan(plan.id)
        store.close()
        engine = sa.create_engine(url)
        with engine.connect() as connection:
            document = connection.exec_driver_sql("SELECT document FROM edu_plan_plan_revisions").scalar()
        engine.dispose()
        assert serialization.dumps_plan(plan, "json") == document

    def test_changed_copy_is_a_new_revision(self, tmp_path: Path) -> None:
        """Saving the same plan id again with a changed title in one batch gives revisions 1 and 2, in order."""
        plan = datasets.load("helan")
        with open_store(f"sqlite:///{tmp_path / 's.db'}") as store:
            saved = store.save_plans([plan, attrs.evolve(plan, title="新标题"), attrs.evolve(plan, title="新标题")])
            assert [1, 2, 2] == [r.revision for r in saved]
            assert "新标题" == store.load_plan(plan.id).title
            assert "贺兰县教育质量提升行动实施方案" == store.load_plan(plan.id, revision=1).title

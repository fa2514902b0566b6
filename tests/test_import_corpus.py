"""The importer on the test corpus (plans composed in every published form, as text, PDF, Word and web page)
and on the Helan plan in every format: recall, precision and confidence calibration against answer keys."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from edu_plan import Plan, datasets
from edu_plan.plugins.importers import TEXT

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "import" / "corpus"
HELAN = [ROOT / "examples" / "helan" / "plan-text.txt",
         *(ROOT / "tests" / "data" / "import" / "helan" / f"plan-text.{x}" for x in ("docx", "pdf", "html"))]
FILES = sorted(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".pdf", ".docx", ".html"))


def _scoring() -> ModuleType:
    """The benchmark's scoring module (one owner of the measure, shared by the benchmark and the tests)."""
    spec = importlib.util.spec_from_file_location("_import_scoring", ROOT / "bench" / "_import_scoring.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["_import_scoring"] = module
    spec.loader.exec_module(module)
    return module


scoring = _scoring()


@pytest.fixture(scope="module")
def corpus() -> object:
    total = scoring.Score()
    for file in FILES:
        total.add(scoring.score(TEXT.import_plan(file), scoring.load_key(CORPUS / f"{file.stem}.json"),
                                name=file.name))
    return total


class TestCorpus:
    def test_every_form_in_every_format(self) -> None:
        """The corpus holds each composed plan as text and at least one of PDF, Word and web page."""
        formats = {p.suffix for p in FILES}
        assert {".txt", ".pdf", ".docx", ".html"} == formats
        for key in CORPUS.glob("*.json"):
            assert len([p for p in FILES if p.stem == key.stem]) >= 2

    def test_task_recall(self, corpus: object) -> None:
        """At least 90% of the key's tasks are found (all of them today)."""
        assert corpus.task_recall >= 0.9  # type: ignore[attr-defined]
        assert [] == [m for m in corpus.missing if ": task " in m]  # type: ignore[attr-defined]

    def test_unit_recall(self, corpus: object) -> None:
        """At least 90% of the key's units are found with the right role."""
        assert corpus.unit_recall >= 0.9  # type: ignore[attr-defined]

    def test_unit_precision(self, corpus: object) -> None:
        """At least 95% of the units the importer names are right."""
        assert corpus.unit_precision >= 0.95  # type: ignore[attr-defined]

    def test_calibrated(self, corpus: object) -> None:
        """What the report calls at least 90% sure is right at least 90% of the time."""
        for floor, claims, right in corpus.calibration():  # type: ignore[attr-defined]
            if claims:
                assert right / claims >= min(float(floor), 0.9), (floor, claims, right)

    def test_metadata(self) -> None:
        """Title and issuer of each composed plan are the key's, in every format."""
        for file in FILES:
            plan = TEXT.import_plan(file).plan
            assert plan is not None
            assert [] == scoring.metadata(plan, scoring.load_key(CORPUS / f"{file.stem}.json")), file.name


class TestScoring:
    def test_a_wrong_role_is_missed_and_wrong(self) -> None:
        """A unit in the wrong role counts against recall and precision both."""
        result = TEXT.import_plan(CORPUS / "roles.txt")
        key = scoring.load_key(CORPUS / "roles.json")
        key["tasks"][0]["units"][0][1] = "responsible"
        one = scoring.score(result, key)
        assert (one.units - 1, one.claims - 1) == (one.units_found, one.claims_right)


def _units(plan: Plan, reference: Plan) -> dict[int, list[tuple[str, str]]]:
    return {t.number: sorted((reference.unit(plan.unit(r.unit).name).id, r.role.value) for r in t.responsibilities)
            for t in plan.tasks}


class TestHelanEveryFormat:
    @pytest.mark.parametrize("file", HELAN, ids=[p.suffix for p in HELAN])
    def test_tasks_and_responsibilities(self, file: Path) -> None:
        """The Helan plan as .txt, .docx, PDF and web page: 22 of 22 tasks, every responsibility as curated."""
        reference = datasets.load("helan")
        result = TEXT.import_plan(file)
        assert result.plan is not None
        assert [(t.number, t.title) for t in reference.tasks] == [(t.number, t.title) for t in result.plan.tasks]
        assert _units(reference, reference) == _units(result.plan, reference)
        assert (reference.title, reference.issuer, reference.doc_number, reference.issue_date) == (
            result.plan.title, result.plan.issuer, result.plan.doc_number, result.plan.issue_date)
        assert result.ok

    @pytest.mark.parametrize("file", HELAN[1:], ids=[p.suffix for p in HELAN[1:]])
    def test_texts_as_in_the_text_file(self, file: Path) -> None:
        """Every task text is the text file's, but for the spaces a PDF line break takes away."""
        reference = datasets.load("helan")
        plan = TEXT.import_plan(file).plan
        assert plan is not None
        assert [t.text.replace(" ", "") for t in reference.tasks] == [t.text.replace(" ", "") for t in plan.tasks]

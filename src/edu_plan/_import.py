"""What an importer hands back: the plan it understood and a report of how it understood it.

An importer (official text, responsibility-list spreadsheet…) never drops what it could
not read: every target and responsibility keeps the sentence it came from and a
confidence, every sentence that looked like a commitment but became no target and every
line that could not be placed is listed, and a plan that fails validation is still
returned, with the validation problems in the report.  The command line and other
programs use these types without importing any importer plugin.
"""

from __future__ import annotations

import enum
import html
from collections.abc import Iterable, Sequence
from decimal import Decimal

import attrs

from edu_plan._i18n import gettext as _
from edu_plan._i18n import lazy as N_  # noqa: N812 - the gettext convention
from edu_plan._i18n import use_language
from edu_plan._model import Plan
from edu_plan.errors import Problem, Severity

__all__ = ["PLACES", "Finding", "FindingKind", "ImportReport", "ImportResult"]


class FindingKind(str, enum.Enum):
    """What a line of the import report is about."""

    TARGET = "target"
    """A target read from the text."""
    RESPONSIBILITY = "responsibility"
    """A unit's role in a task, read from a 牵头单位/配合单位/责任单位 line or a trailing parenthesis."""
    UNIT = "unit"
    """A unit of the registry, with the spellings merged into it."""
    MISSED = "missed"
    """A sentence that looked like a commitment but was not turned into a target."""
    UNPLACED = "unplaced"
    """A line that could not be placed in the plan's structure."""
    NOTE = "note"
    """Anything else worth knowing (a page number removed, a default applied)."""
    PLACEMENT = "placement"
    """Where a paragraph of the source went: a task, a section, the preamble, a safeguard… or dropped, and why."""


PLACES = {
    "task": N_("task"), "section": N_("section"), "preamble": N_("preamble"), "goals": N_("goals"),
    "guiding ideology": N_("guiding ideology"), "safeguard": N_("safeguard"), "cover": N_("cover"),
    "table": N_("task table"), "attachment": N_("attachment"), "heading": N_("heading"), "steps": N_("work steps"),
    "dropped": N_("dropped"),
}
"""Where a paragraph can go (a placement's ``where``, a machine id) and the word people read for it."""


def _confidence(value: Decimal | int | str) -> Decimal:
    result = Decimal(value)
    if not Decimal(0) <= result <= Decimal(1):
        raise ValueError(f"'confidence' must be between 0 and 1 (got {value!r})")
    return result


@attrs.frozen(kw_only=True)
class Finding:
    """One line of an import report.

    ``where`` locates the result in the plan (``$.sections[0].tasks[3].targets[1]``,
    ``T10-2``); ``line`` is the line of the source document (1-based) when known;
    ``source`` is the sentence or cell the finding comes from; ``confidence`` is how sure
    the importer is (0–1, a Decimal).
    """

    kind: FindingKind = attrs.field(converter=FindingKind)
    message: str
    source: str = ""
    where: str = ""
    line: int | None = None
    confidence: Decimal = attrs.field(default=Decimal(1), converter=_confidence)


def _findings(value: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(value)


def _problems(value: Iterable[Problem]) -> tuple[Problem, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class ImportReport:
    """Everything an importer found, kept, guessed or could not use, and the validation result."""

    source: str
    importer: str
    findings: tuple[Finding, ...] = attrs.field(default=(), converter=_findings)
    problems: tuple[Problem, ...] = attrs.field(default=(), converter=_problems)

    def of(self, kind: FindingKind) -> tuple[Finding, ...]:
        """The findings of one kind, in document order."""
        return tuple(f for f in self.findings if f.kind is kind)

    @property
    def errors(self) -> tuple[Problem, ...]:
        """The validation problems that make the imported plan unacceptable as it is."""
        return tuple(p for p in self.problems if p.severity is Severity.ERROR)

    def to_markdown(self, lang: str | None = None) -> str:
        """The report as a Markdown page (what ``edu-plan import --report`` writes), its words in ``lang``.

        ``lang`` is ``"zh"`` or ``"en"`` (default: the current language, see :func:`edu_plan.use_language`);
        the findings' own messages were written in the language current when the document was imported.
        """
        with use_language(lang):
            return "".join(_markdown(self))


@attrs.frozen(kw_only=True)
class ImportResult:
    """The plan an importer understood (or None if nothing usable was found) and its report."""

    plan: Plan | None
    report: ImportReport

    @property
    def ok(self) -> bool:
        """True when there is a plan and it has no validation error."""
        return self.plan is not None and not self.report.errors


# -- the Markdown report -----------------------------------------------------------------------------


def _cell(text: object) -> str:
    # A table cell must stay on one line, must not close the cell early, and carries no live HTML:
    # the report quotes the document, which is not ours to trust.
    return html.escape(str(text), quote=False).replace("\n", " ").replace("|", "\\|")


def _pct(value: Decimal) -> str:
    return f"{int((value * 100).to_integral_value())}%"


def _table(headers: list[str], rows: Iterable[Sequence[object]]) -> Iterable[str]:
    yield "| " + " | ".join(headers) + " |\n"
    yield "|" + "---|" * len(headers) + "\n"
    for row in rows:
        yield "| " + " | ".join(_cell(c) for c in row) + " |\n"


_SECTIONS = (
    (FindingKind.TARGET, N_("Targets (指标)"), (N_("where"), N_("target"), N_("confidence"), N_("line"),
                                               N_("source sentence"))),
    (FindingKind.RESPONSIBILITY, N_("Responsibilities (责任分工)"),
     (N_("where"), N_("unit and role"), N_("confidence"), N_("line"), N_("source"))),
    (FindingKind.UNIT, N_("Units (单位)"), (N_("unit"), N_("spellings merged"), N_("confidence"), N_("line"),
                                          N_("first seen"))),
    (FindingKind.MISSED, N_("Commitments not turned into targets (未转为指标的承诺)"),
     (N_("where"), N_("why"), N_("confidence"), N_("line"), N_("sentence"))),
    (FindingKind.UNPLACED, N_("Lines not placed (无法归位的行)"),
     (N_("where"), N_("why"), N_("confidence"), N_("line"), N_("text"))),
    (FindingKind.NOTE, N_("Notes"), (N_("where"), N_("note"), N_("confidence"), N_("line"), N_("text"))),
    (FindingKind.PLACEMENT, N_("Where each paragraph went (段落去向)"),
     (N_("went to"), N_("detail"), N_("confidence"), N_("line"), N_("paragraph"))),
)


def _where(finding: Finding) -> str:
    # A placement's ``where`` is a machine id (task, dropped…): the report shows its word.
    if finding.kind is FindingKind.PLACEMENT and finding.where in PLACES:
        return str(PLACES[finding.where])
    return finding.where


def _markdown(report: ImportReport) -> Iterable[str]:
    yield "# " + _("Import report: {source}").format(source=report.source) + "\n\n"
    yield _("Importer: `{importer}`.").format(importer=report.importer) + "\n\n"
    counts = {kind: len(report.of(kind)) for kind in FindingKind}
    errors = len(report.errors)
    lines = [
        _("targets read: {count}").format(count=counts[FindingKind.TARGET]),
        _("responsibilities read: {count}").format(count=counts[FindingKind.RESPONSIBILITY]),
        _("units in the registry: {count}").format(count=counts[FindingKind.UNIT]),
        _("sentences that looked like commitments but became no target (未转为指标的承诺): {count}").format(
            count=counts[FindingKind.MISSED]),
        _("lines that could not be placed (无法归位的行): {count}").format(count=counts[FindingKind.UNPLACED]),
        _("validation: {errors} error(s), {others} warning(s) or note(s)").format(
            errors=errors, others=len(report.problems) - errors),
    ]
    yield "".join(f"- {line}\n" for line in lines) + "\n"
    yield "## " + _("Validation") + "\n\n"
    if not report.problems:
        yield _("The imported plan validates.") + "\n\n"
    else:
        if report.errors:
            yield _("The plan was written anyway; correct these before using it "
                    "(`edu-plan validate` lists them with their lines).") + "\n\n"
        for problem in report.problems:
            yield f"- {problem}\n"
        yield "\n"
    for kind, title, headers in _SECTIONS:
        findings = report.of(kind)
        yield f"## {title}\n\n"
        if not findings:
            yield _("None.") + "\n\n"
            continue
        rows = [[_where(f), f.message, _pct(f.confidence), "" if f.line is None else f.line, f.source]
                for f in findings]
        yield from _table([str(h) for h in headers], rows)
        yield "\n"

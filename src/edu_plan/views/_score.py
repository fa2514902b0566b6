"""Views of an assessment: scorecards and ranking, every score line, the rectification list."""

from __future__ import annotations

from decimal import Decimal

import pendulum

from edu_plan._assessment import Assessment, Scorecard, status_of
from edu_plan._i18n import format_decimal
from edu_plan._i18n import gettext as _
from edu_plan._model import Plan
from edu_plan.views._common import document_of, in_language, names, period_subtitle, row, word
from edu_plan.views._model import Bar, BarChart, BarGroup, Cell, Column, ColumnType, View, cell_text
from edu_plan.views._progress import light_of


@in_language
def scorecards(plan: Plan, assessment: Assessment, *, lang: str | None = None) -> View:
    """Each unit's total, grade and rank in its peer group, with the bar chart of scores by peer group."""
    columns = (
        Column(key="peer_group", label=_("Peer group")),
        Column(key="rank", label=_("Rank"), type=ColumnType.INTEGER),
        Column(key="unit", label=_("Unit")),
        Column(key="total", label=_("Score"), type=ColumnType.DECIMAL),
        Column(key="max_points", label=_("Full marks"), type=ColumnType.DECIMAL),
        Column(key="grade", label=_("Grade")),
        Column(key="bonus", label=_("Bonus"), type=ColumnType.DECIMAL),
        Column(key="deduction", label=_("Deduction"), type=ColumnType.DECIMAL),
        Column(key="veto", label=_("Veto")),
        Column(key="explanation", label=_("Explanation")),
    )
    ranked = assessment.ranking()
    rows = tuple(
        row(
            word(card.peer_group),
            card.rank,
            card.unit_name,
            card.total,
            card.max_points,
            word(card.grade),
            sum((b.points for b in card.bonuses if b.paid), Decimal(0)),
            sum((d.points for d in card.deductions), Decimal(0)),
            _(", ").join(v.rule for v in card.vetoes),
            card.sentence,
        )
        for card in ranked
    )
    chart_groups: dict[str, list[Bar]] = {}
    for card in ranked:
        chart_groups.setdefault(card.peer_group, []).append(
            Bar(label=card.unit_name, value=card.total, maximum=card.max_points,
                text=_("{total} {grade}").format(total=cell_text(card.total), grade=word(card.grade)),
                grade=word(card.grade), vetoed=bool(card.vetoes))
        )
    chart = BarChart(title=_("Unit scores (by peer group)"),
                     groups=tuple(BarGroup(label=word(g), bars=tuple(bars)) for g, bars in chart_groups.items()),
                     grades=tuple(word(grade) for grade in grades_best_first(ranked)))
    return View(name="scorecards", title=_("Scores and ranking"), subtitle=period_subtitle(plan, assessment, None),
                document=document_of(plan, assessment),
                columns=columns, rows=rows, charts=(chart,),
                notes=(_("Scoring method: {scorer} ({scheme})").format(scorer=scorer_label(assessment.scorer),
                                                                       scheme=assessment.scheme),
                       *assessment.warnings))


def scorer_label(name: str) -> str:
    """The scorer's name for people (效能目标考核…): its plugin's ``label`` when it has one, else its name."""
    from edu_plan._registry import default_registry
    from edu_plan.errors import PluginLoadError, PluginNotFoundError

    try:
        found = default_registry().scorer(name)
    except (PluginNotFoundError, PluginLoadError):
        return name  # a scorer not installed here still shows, by its name
    return str(getattr(found, "label", name))


def grades_best_first(cards: list[Scorecard]) -> tuple[str, ...]:
    """The grades the cards hold, best first: by the highest total that earned each without a veto.

    A veto forces the lowest grade whatever the total, so a grade held only under a veto comes last.
    """
    best: dict[str, Decimal | None] = {}
    for card in cards:
        earned = None if card.vetoes else card.total
        known = best.get(card.grade)
        best[card.grade] = earned if known is None else known if earned is None else max(known, earned)
    return tuple(sorted(best, key=lambda grade: (best[grade] is None, -(best[grade] or 0))))


@in_language
def score_lines(plan: Plan, assessment: Assessment, *, unit: str | None = None, lang: str | None = None) -> View:
    """Every line of every scorecard (or of ``unit``'s): the task, target, role, weight, share, points, why.

    For one unit, the notes carry its total and the arithmetic of it, then its deductions,
    bonuses and vetoes.
    """
    columns = (
        Column(key="unit", label=_("Unit")),
        Column(key="task", label=_("Task"), type=ColumnType.INTEGER),
        Column(key="target", label=_("Objective")),
        Column(key="role", label=_("Role")),
        Column(key="weight", label=_("Weight"), type=ColumnType.DECIMAL),
        Column(key="share", label=_("Completion"), type=ColumnType.PERCENT),
        Column(key="points", label=_("Score"), type=ColumnType.DECIMAL),
        Column(key="max_points", label=_("Full marks"), type=ColumnType.DECIMAL),
        Column(key="status", label=_("Status"), type=ColumnType.LIGHT),
        Column(key="explanation", label=_("Explanation")),
    )
    rows = []
    cards = assessment.ranking() if unit is None else [assessment.scorecard(unit)]
    notes: list[str] = []
    for card in cards if unit is not None else ():
        notes.append(_("{unit} ({id}): {total} {grade}, ranked {rank} among {group}. {explanation}").format(
            unit=card.unit_name, id=card.unit, total=format_decimal(card.total), grade=word(card.grade),
            rank=card.rank, group=word(card.peer_group), explanation=card.sentence))
        notes += [_("Deduction {points}: {reason}").format(points=format_decimal(d.points), reason=d.reason)
                  for d in card.deductions]
        notes += [(_("Bonus {points}: {reason}") if b.paid else _("Bonus {points} (not counted): {reason}")).format(
            points=format_decimal(b.points), reason=b.reason) for b in card.bonuses]
        notes += [_("Veto: {reason}").format(reason=v.reason) for v in card.vetoes]
    for card in cards:
        for line in card.lines:
            status, light = status_of(line.status_key).label, light_of(line.status_key)
            rows.append((*row(card.unit_name, line.task, line.target or "", line.role.label, line.weight,
                               line.share, line.points, line.max_points),
                         Cell(value=status, light=light), Cell(value=line.sentence)))
    return View(name="scorelines", title=_("Score lines"), subtitle=period_subtitle(plan, assessment, None),
                document=document_of(plan, assessment),
                columns=columns, rows=tuple(rows), notes=(*notes, *assessment.warnings))


@in_language
def rectification_list(plan: Plan, assessment: Assessment, *, lang: str | None = None) -> View:
    """整改清单: every rectification order with its due date, then findings not yet ordered."""
    columns = (
        Column(key="number", label=_("No."), type=ColumnType.INTEGER),
        Column(key="unit", label=_("Unit")),
        Column(key="task", label=_("Task"), type=ColumnType.INTEGER),
        Column(key="target", label=_("Objective")),
        Column(key="finding", label=_("Problem")),
        Column(key="issued", label=_("Issued"), type=ColumnType.DATE),
        Column(key="working_days", label=_("Working days to rectify"), type=ColumnType.INTEGER),
        Column(key="due", label=_("Rectify by"), type=ColumnType.DATE),
    )
    findings = {(f.unit, f.message): f for f in assessment.findings}
    rows: list[tuple[str, int | None, str | None, str, pendulum.Date | None, int | None, pendulum.Date | None]] = []
    ordered = set()
    for item in sorted(assessment.rectifications, key=lambda r: (r.due, r.unit, r.finding)):
        finding = findings.get((item.unit, item.finding))
        ordered.add((item.unit, item.finding))
        rows.append((item.unit, finding.task if finding else None, finding.target if finding else None, item.finding,
                     item.issued, item.working_days, item.due))
    for finding in assessment.findings:
        if (finding.unit, finding.message) not in ordered:
            rows.append((finding.unit, finding.task, finding.target, finding.message, None, None, None))
    built = tuple(
        row(number, names(plan, [unit]), task, target or "", message, issued, days, due)
        for number, (unit, task, target, message, issued, days, due) in enumerate(rows, start=1)
    )
    notes = () if built else (_("No problem needs rectifying in this period."),)
    return View(name="rectifications", title=_("Rectification list"), subtitle=period_subtitle(plan, assessment, None),
                document=document_of(plan, assessment),
                columns=columns, rows=built, notes=notes)

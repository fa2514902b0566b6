"""Views of an assessment: scorecards and ranking, every score line, the rectification list."""

from __future__ import annotations

from decimal import Decimal

import pendulum

from edu_plan._assessment import Assessment, Scorecard, status_of
from edu_plan._i18n import format_decimal
from edu_plan._model import Plan
from edu_plan.views._common import document_of, names, period_subtitle, row
from edu_plan.views._model import Bar, BarChart, BarGroup, Cell, Column, ColumnType, View, cell_text
from edu_plan.views._progress import light_of


def scorecards(plan: Plan, assessment: Assessment) -> View:
    """Each unit's total, grade and rank in its peer group, with the bar chart of scores by peer group."""
    columns = (
        Column(key="peer_group", label="分组"),
        Column(key="rank", label="排名", type=ColumnType.INTEGER),
        Column(key="unit", label="单位"),
        Column(key="total", label="得分", type=ColumnType.DECIMAL),
        Column(key="max_points", label="满分", type=ColumnType.DECIMAL),
        Column(key="grade", label="等次"),
        Column(key="bonus", label="加分", type=ColumnType.DECIMAL),
        Column(key="deduction", label="扣分", type=ColumnType.DECIMAL),
        Column(key="veto", label="一票否决"),
        Column(key="explanation", label="说明"),
    )
    ranked = assessment.ranking()
    rows = tuple(
        row(
            card.peer_group,
            card.rank,
            card.unit_name,
            card.total,
            card.max_points,
            card.grade,
            sum((b.points for b in card.bonuses if b.paid), Decimal(0)),
            sum((d.points for d in card.deductions), Decimal(0)),
            "、".join(v.rule for v in card.vetoes),
            card.explanation,
        )
        for card in ranked
    )
    chart_groups: dict[str, list[Bar]] = {}
    for card in ranked:
        chart_groups.setdefault(card.peer_group, []).append(
            Bar(label=card.unit_name, value=card.total, maximum=card.max_points,
                text=f"{cell_text(card.total)} {card.grade}", grade=card.grade, vetoed=bool(card.vetoes))
        )
    chart = BarChart(title="单位得分（按分组）",
                     groups=tuple(BarGroup(label=g, bars=tuple(bars)) for g, bars in chart_groups.items()),
                     grades=grades_best_first(ranked))
    return View(name="scorecards", title="考核得分与排名", subtitle=period_subtitle(plan, assessment, None),
                document=document_of(plan, assessment),
                columns=columns, rows=rows, charts=(chart,),
                notes=(f"评分方法：{assessment.scorer}（{assessment.scheme}）", *assessment.warnings))


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


def score_lines(plan: Plan, assessment: Assessment, *, unit: str | None = None) -> View:
    """Every line of every scorecard (or of ``unit``'s): the task, target, role, weight, share, points, why.

    For one unit, the notes carry its total and the arithmetic of it, then its deductions,
    bonuses and vetoes.
    """
    columns = (
        Column(key="unit", label="单位"),
        Column(key="task", label="任务", type=ColumnType.INTEGER),
        Column(key="target", label="目标"),
        Column(key="role", label="角色"),
        Column(key="weight", label="权重", type=ColumnType.DECIMAL),
        Column(key="share", label="完成度", type=ColumnType.DECIMAL),
        Column(key="points", label="得分", type=ColumnType.DECIMAL),
        Column(key="max_points", label="满分", type=ColumnType.DECIMAL),
        Column(key="status", label="状态", type=ColumnType.LIGHT),
        Column(key="explanation", label="说明"),
    )
    rows = []
    cards = assessment.ranking() if unit is None else [assessment.scorecard(unit)]
    notes: list[str] = []
    for card in cards if unit is not None else ():
        notes.append(f"{card.unit_name}（{card.unit}）：{format_decimal(card.total)} {card.grade}，"
                     f"{card.peer_group}第 {card.rank} 名。{card.explanation}")
        notes += [f"扣分 {format_decimal(d.points)}：{d.reason}" for d in card.deductions]
        notes += [f"加分 {format_decimal(b.points)}{'' if b.paid else '（未计）'}：{b.reason}" for b in card.bonuses]
        notes += [f"一票否决：{v.reason}" for v in card.vetoes]
    for card in cards:
        for line in card.lines:
            status, light = status_of(line.status_key).label, light_of(line.status_key)
            rows.append((*row(card.unit_name, line.task, line.target or "", line.role.label, line.weight,
                               line.share, line.points, line.max_points),
                         Cell(value=status, light=light), Cell(value=line.sentence)))
    return View(name="scorelines", title="考核得分明细", subtitle=period_subtitle(plan, assessment, None),
                document=document_of(plan, assessment),
                columns=columns, rows=tuple(rows), notes=(*notes, *assessment.warnings))


def rectification_list(plan: Plan, assessment: Assessment) -> View:
    """整改清单: every rectification order with its due date, then findings not yet ordered."""
    columns = (
        Column(key="number", label="序号", type=ColumnType.INTEGER),
        Column(key="unit", label="单位"),
        Column(key="task", label="任务", type=ColumnType.INTEGER),
        Column(key="target", label="目标"),
        Column(key="finding", label="问题"),
        Column(key="issued", label="下达日期", type=ColumnType.DATE),
        Column(key="working_days", label="整改工作日", type=ColumnType.INTEGER),
        Column(key="due", label="整改期限", type=ColumnType.DATE),
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
    notes = () if built else ("本期没有需要整改的问题。",)
    return View(name="rectifications", title="整改清单", subtitle=period_subtitle(plan, assessment, None),
                document=document_of(plan, assessment),
                columns=columns, rows=built, notes=notes)

"""``score``: the assessment of a year (or any period) with a scheme file, as a table, JSON or CSV."""

from __future__ import annotations

import argparse
import csv
import io

from edu_plan.cli._common import PLAN_HELP, load_plan_arg, write_output

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: start-up time (bench/startup.py)
if TYPE_CHECKING:
    from typing import Any

    from edu_plan._assessment import Assessment
    from edu_plan._progress import ProgressSource

__all__ = ["add_commands", "ranking_table", "scorecard_table"]


def add_commands(subparsers: Any) -> None:
    """Add ``score``."""
    p = subparsers.add_parser("score", help="score a period: scorecards, grades and ranking per unit")
    p.add_argument("plan", metavar="PLAN", help=PLAN_HELP)
    p.add_argument("--progress", metavar="FILE", help="progress reports and events (.csv, .json, .yaml); "
                   "without it, progress is read from the store")
    p.add_argument("--store", metavar="URL", help="read the progress (and PLAN, if it is a plan id) from this store; "
                   "default when no --progress: $EDU_PLAN_STORE, else the embedded SQLite file")
    p.add_argument("--scheme", required=True, metavar="FILE", help="a scheme file (.toml) naming its scorer")
    p.add_argument("--period", required=True, help="the period assessed: 2024, 2024Q3, 2024-2025…")
    p.add_argument("--as-of", dest="as_of", metavar="DATE", help="look from this day (default: the period's last day)")
    p.add_argument("--format", choices=("table", "json", "csv"), default="table", help="table (default), json or csv")
    p.add_argument("--unit", metavar="UNIT", help="with --format table, the lines of this unit's scorecard")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    p.set_defaults(handler=_score)


def _score(args: argparse.Namespace) -> int:
    import pendulum

    from edu_plan._periods import Period
    from edu_plan.errors import EduPlanError
    from edu_plan.plugins.scoring import load_scheme
    from edu_plan.progress import load_progress

    store = None
    if args.store is not None or not args.progress:
        from edu_plan._store import open_store
        from edu_plan.cli._db import plan_from_store

        store = open_store(args.store)
    try:
        plan = load_plan_arg(args.plan) if store is None else plan_from_store(args.plan, store)
    except BaseException:
        if store is not None:
            store.close()
        raise
    period = Period.parse(args.period)
    as_of = None
    if args.as_of:
        try:
            parsed = pendulum.parse(args.as_of, exact=True)
        except Exception:  # noqa: BLE001 - pendulum raises several kinds; all mean "not a date"
            raise EduPlanError(f"--as-of must be a date such as 2024-12-31 (got {args.as_of!r})") from None
        if not isinstance(parsed, pendulum.Date) or isinstance(parsed, pendulum.DateTime):
            raise EduPlanError(f"--as-of must be a date such as 2024-12-31 (got {args.as_of!r})")
        as_of = parsed
    try:
        log: ProgressSource = load_progress(args.progress, plan=plan) if store is None else store
        scorer, scheme = load_scheme(args.scheme)
        assessment = scorer.score(plan, log, scheme, period=period, as_of=as_of)
    finally:
        if store is not None:
            store.close()
    if args.format == "json":
        from edu_plan import serialization

        text = serialization.dumps(serialization.unstructure(assessment, "json"), "json")
    elif args.format == "csv":
        text = _csv(assessment)
    elif args.unit:
        unit = plan.find_unit(args.unit)
        text = scorecard_table(assessment, unit.id if unit is not None else args.unit)
    else:
        text = ranking_table(assessment)
    write_output(text, args.output)
    return 0


def ranking_table(assessment: Assessment) -> str:
    """The ranking as a terminal table, Chinese columns aligned."""
    from tabulate import tabulate

    from edu_plan._assessment import plain

    rows = [
        [card.peer_group, card.rank, card.unit_name, f"{card.total:.2f}", card.grade,
         plain(sum((d.points for d in card.deductions), start=type(card.total)(0))),
         plain(sum((b.points for b in card.bonuses if b.paid), start=type(card.total)(0))),
         "是" if card.vetoes else ""]
        for card in assessment.ranking()
    ]
    head = (f"{assessment.scheme} — {assessment.period}（截至 {assessment.as_of}，满分 "
            f"{plain(assessment.max_points)}，评分器 {assessment.scorer}）")
    table = tabulate(rows, headers=["组别", "名次", "单位", "得分", "等次", "扣分", "加分", "一票否决"],
                     tablefmt="simple", disable_numparse=True)
    tail = f"发现问题 {len(assessment.findings)} 项，整改通知 {len(assessment.rectifications)} 份"
    return f"{head}\n{table}\n{tail}\n"


def scorecard_table(assessment: Assessment, unit: str) -> str:
    """One unit's scorecard, line by line, as a terminal table."""
    from tabulate import tabulate

    from edu_plan._assessment import plain
    from edu_plan.errors import EduPlanError

    try:
        card = assessment.scorecard(unit)
    except KeyError:
        names = ", ".join(c.unit_name for c in assessment.ranking())
        raise EduPlanError(f"--unit {unit!r} has no scorecard in this assessment (scored: {names})") from None
    rows = [[line.task, line.target or "", line.role.label, plain(line.share), plain(line.points),
             plain(line.max_points), line.category or line.status.label, line.explanation]
            for line in card.lines]
    parts = [f"{card.unit_name} ({card.unit}) — {plain(card.total)} {card.grade}, {card.peer_group} 第 {card.rank} 名",
             card.explanation,
             tabulate(rows, headers=["任务", "指标", "角色", "完成度", "得分", "满分", "状态", "说明"],
                      tablefmt="simple", disable_numparse=True, maxcolwidths=[None] * 7 + [60])]
    parts += [f"扣分 {plain(d.points)}: {d.reason}" for d in card.deductions]
    parts += [f"加分 {plain(b.points)}{'' if b.paid else '（未计）'}: {b.reason}" for b in card.bonuses]
    parts += [f"一票否决: {v.reason}" for v in card.vetoes]
    return "\n".join(parts) + "\n"


def _csv(assessment: Assessment) -> str:
    from edu_plan._assessment import plain
    from edu_plan.plugins.render import neutralise_formula  # only this format needs the renderers

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["unit", "unit_name", "peer_group", "rank", "total", "grade", "task", "target", "role", "weight",
                     "share", "points", "max_points", "status", "category", "explanation"])
    for card in assessment.ranking():
        for line in card.lines:
            # Names and explanations quote plan text: neutralised as every CSV edu_plan writes.
            writer.writerow([neutralise_formula(str(cell)) for cell in (
                card.unit, card.unit_name, card.peer_group, card.rank, plain(card.total), card.grade,
                line.task, line.target or "", line.role.value, plain(line.weight), plain(line.share),
                plain(line.points), plain(line.max_points), line.status.value, line.category or "",
                line.explanation)])
    return out.getvalue()

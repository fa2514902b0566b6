"""An auditor's script: score 2024 for the Helan plan and print the ranking in each peer group.

The progress file is illustrative (示例数据，非真实数据); the scheme is an illustrative efficiency
scheme.  Run from the repository root::

    python examples/helan/score_2024.py
"""

from __future__ import annotations

from pathlib import Path

from wcwidth import wcswidth

from edu_plan import Period, datasets
from edu_plan.plugins.scoring import load_scheme
from edu_plan.progress import load_progress

HERE = Path(__file__).parent


def pad(text: str, width: int) -> str:
    """``text`` padded to ``width`` terminal columns (a Chinese character takes two)."""
    return text + " " * max(0, width - wcswidth(text))


def main() -> None:
    """Score 2024 and print the ranking, the deductions and bonuses, and the rectification orders."""
    plan = datasets.load("helan")
    progress = load_progress(HERE / "progress-2023-2024.csv", plan=plan)
    scorer, scheme = load_scheme(HERE / "scheme.toml")
    assessment = scorer.score(plan, progress, scheme, period=Period.parse("2024"))

    print(f"{assessment.scheme} — {assessment.period}（示例数据，非真实数据）")
    group = None
    for card in assessment.ranking():
        if card.peer_group != group:
            group = card.peer_group
            print(f"\n【{group}】")
        veto = "  一票否决" if card.vetoes else ""
        print(f"  {card.rank:>2}. {pad(card.unit_name, 18)} {card.total:>7.2f}  {card.grade}{veto}")
        for deduction in card.deductions:
            print(f"        扣 {deduction.points}: {deduction.reason}")
        for bonus in card.bonuses:
            print(f"        加 {bonus.points}{'' if bonus.paid else '（未计）'}: {bonus.reason}")
    print(f"\n整改通知 {len(assessment.rectifications)} 份:")
    for order in assessment.rectifications:
        when = f"{order.issued} 下发，{order.working_days} 个工作日内，即 {order.due} 前"
        print(f"  {order.unit}: {order.finding}（{when}）")


if __name__ == "__main__":
    main()

"""``budget``: a task's funds in 万元 and their sources; ``contact``: the responsible person (责任人) and phone."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

import attrs

from edu_plan._i18n import gettext as _
from edu_plan.errors import Problem, Severity
from edu_plan.plugins.extensions._attrs import AttrsExtension

__all__ = ["BUDGET", "CONTACT", "Budget", "Contact", "Funding"]


@attrs.frozen(kw_only=True)
class Funding:
    """One source of a budget: 中央资金, 自治区资金, 县级配套…, and its amount in 万元."""

    source: str
    amount: Decimal


@attrs.frozen(kw_only=True)
class Budget:
    """The funds of a task (or section, or plan) in 万元 (ten thousand yuan)."""

    total: Decimal
    """The whole amount, in 万元."""
    sources: tuple[Funding, ...] = ()
    """Where the money comes from; when given, the amounts add up to ``total``."""
    year: int | None = None
    """The budget year, when the amount is for one year only."""
    note: str | None = None


@attrs.frozen(kw_only=True)
class Contact:
    """The person responsible (责任人) for a unit's or a task's work, and how to reach them."""

    person: str
    title: str | None = None
    """Their post, e.g. 副局长."""
    phone: str | None = None
    """A mainland mobile (13812345678) or landline (0951-1234567) number."""


def _check_budget(budget: Budget, path: str) -> Iterator[Problem]:
    if budget.total < 0:
        yield Problem(message=_("'total' must be >= 0 (got {total!r})").format(
            total=budget.total), path=f"{path}.total",
                      code="budget-negative")
    for i, funding in enumerate(budget.sources):
        if funding.amount < 0:
            yield Problem(message=_("'amount' must be >= 0 (got {amount!r})").format(amount=funding.amount),
                          path=f"{path}.sources[{i}].amount", code="budget-negative")
    if budget.sources:
        added = sum((f.amount for f in budget.sources), Decimal(0))
        if added != budget.total:
            yield Problem(
                message=_("the sources add up to {added} 万元 but 'total' is {total} 万元").format(
                            added=added, total=budget.total),
                path=f"{path}.sources",
                hint=_("correct an amount, or the total"),
                severity=Severity.WARNING,
                code="budget-sum",
            )
    if budget.year is not None and not 1949 <= budget.year <= 2100:
        yield Problem(message=_("'year' must be a calendar year (got {year})").format(
            year=budget.year), path=f"{path}.year",
                      code="budget-year")


_PHONE = re.compile(r"(?:\+?86[- ]?)?(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(?:-\d{1,6})?)")


def _check_contact(contact: Contact, path: str) -> Iterator[Problem]:
    if not contact.person.strip():
        yield Problem(message=_("'person' must be a non-empty name"), path=f"{path}.person", code="contact-person")
    if contact.phone is not None and not _PHONE.fullmatch(contact.phone.replace(" ", "")):
        yield Problem(
            message=_("'phone' must be a mobile or landline number (got {phone!r})").format(phone=contact.phone),
            path=f"{path}.phone",
            hint=_("write e.g. 13812345678 or 0951-1234567"),
            code="contact-phone",
        )


BUDGET = AttrsExtension(
    name="budget",
    applies_to=frozenset({"plan", "section", "task"}),
    data_type=Budget,
    description="funds in 万元 and their sources",
    check=_check_budget,
)
CONTACT = AttrsExtension(
    name="contact",
    applies_to=frozenset({"unit", "task"}),
    data_type=Contact,
    description="the responsible person (责任人) and a phone number",
    check=_check_contact,
)

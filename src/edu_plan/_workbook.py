"""The fill-in workbook a unit is sent for a period (填报表), and reading progress back from any .xlsx.

:func:`make_template` writes one workbook per unit and period: a sheet with one row per target
the unit answers for (its wording, kind, unit of measure, role and the last value reported),
unlocked cells to fill (数值, 佐证材料, 说明, the day of the report) with Excel data validation,
the rest locked (sheet protection), a sheet of instructions, and a hidden sheet holding the
identity of plan, unit and period with its signature (HMAC-SHA256 with the office's key, or a
SHA-256 digest without one), so that a returned file cannot be taken for another unit's or
another period's.  The same inputs give the same bytes.

:func:`workbook_rows` is what :func:`edu_plan.progress.read_progress` calls for a ``.xlsx``: a
returned fill-in workbook is checked against its identity, any other workbook is read from its
first sheet whose header row holds the documented columns (Chinese headers too).  Every cell is
named as ``sheet!F7`` in the problems.  openpyxl (the ``[xlsx]`` extra) is imported when used.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import hmac
import io
import json
import re
import zipfile
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pendulum

from edu_plan._i18n import format_date, format_decimal, format_period
from edu_plan._i18n import gettext as _
from edu_plan._model import Plan
from edu_plan._office import FIXED_TIME, reproducible_package
from edu_plan._periods import Period
from edu_plan._progress import Observation
from edu_plan._registry import Registry, default_registry
from edu_plan._reporting import answered_targets, due_date, rule_for
from edu_plan.errors import EduPlanError, PlanFileError, Problem, ProgressError, Severity

__all__ = ["IDENTITY_SHEET", "Expectation", "Identity", "ValueRule", "make_template", "template_name",
           "value_rule", "workbook_rows"]

IDENTITY_SHEET = "edu_plan"
"""The name of the hidden sheet that holds a fill-in workbook's identity."""
_FORMAT = "edu-plan-workbook/1"
_MAX_UNPACKED = 200 * 1024 * 1024
_MAX_RATIO = 200
_HEADER_ROW = 5
_DATA_COLUMNS = ("task", "target", "value", "evidence", "note")


# -- identity ----------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Expectation:
    """What a returned workbook must be: this unit's, for this period, signed with this key."""

    unit: str | None = None
    period: Period | None = None
    key: bytes | None = None


@attrs.frozen(kw_only=True)
class Identity:
    """Whose a fill-in workbook is: plan (and the digest of its content), unit, period; and the signature."""

    plan_id: str
    plan_digest: str
    unit: str
    period: Period
    signature: str = ""

    def payload(self) -> bytes:
        """What the signature covers."""
        return "\n".join((_FORMAT, self.plan_id, self.plan_digest, self.unit, str(self.period))).encode("utf-8")

    def signed(self, key: bytes | None) -> Identity:
        """This identity with its signature: HMAC-SHA256 with ``key``, else the SHA-256 of the payload."""
        if key:
            return attrs.evolve(self, signature="hmac-sha256:" + hmac.new(key, self.payload(), "sha256").hexdigest())
        return attrs.evolve(self, signature="sha256:" + hashlib.sha256(self.payload()).hexdigest())

    def verified(self, key: bytes | None) -> bool:
        """Whether the signature matches the identity (with ``key`` for a keyed one)."""
        if self.signature.startswith("hmac-sha256:") and not key:
            return False
        expected = self.signed(key if self.signature.startswith("hmac-sha256:") else None).signature
        return hmac.compare_digest(expected, self.signature)


def plan_digest(plan: Plan) -> str:
    """The SHA-256 of the plan's canonical JSON document, as the store computes a revision's digest."""
    from edu_plan import serialization

    return hashlib.sha256(serialization.dumps_plan(plan, "json").encode("utf-8")).hexdigest()


# -- what a value may be -----------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class ValueRule:
    """The values a target's kind accepts, as Excel data validation can say it."""

    whole: bool = False
    minimum: Decimal | None = None
    maximum: Decimal | None = None


def value_rule(kind: str, registry: Registry | None = None) -> ValueRule:
    """The valid values of ``kind``, asked of the kind's plugin, which owns them (never decided here).

    The kind's check is probed at the boundaries (−1, ½, 2): a kind that refuses −1 starts at 0,
    one that refuses ½ takes whole numbers, one that refuses 2 but takes 1 ends at 1.  Without a
    plugin to ask, any number is offered (the plan check still runs when the workbook is read).
    """
    from edu_plan.errors import PluginNotFoundError

    try:
        plugin = (registry or default_registry()).target_kind(kind)
    except PluginNotFoundError:
        return ValueRule()

    def accepts(value: Decimal) -> bool:
        return plugin.check_value(value) is None

    return ValueRule(whole=not accepts(Decimal("0.5")), minimum=None if accepts(Decimal(-1)) else Decimal(0),
                     maximum=None if accepts(Decimal(2)) else Decimal(1))


# -- making the template -----------------------------------------------------------------------


def template_name(plan: Plan, unit_id: str, period: Period) -> str:
    """The file name a unit's workbook goes out under: ``县财政局-2024年12月.xlsx``."""
    unit = plan.find_unit(unit_id)
    name = unit.name if unit is not None else unit_id
    return re.sub(r'[\\/:*?"<>|]', "_", f"{name}-{format_period(period)}.xlsx")


def _last_values(observations: Sequence[Observation], period: Period) -> dict[tuple[str, str], Observation]:
    last: dict[tuple[str, str], Observation] = {}
    for observation in observations:
        if observation.period.sort_key >= period.sort_key:
            continue
        key = (observation.target, observation.unit)
        known = last.get(key)
        if known is None or (observation.period.sort_key, observation.latest_date) > (
                known.period.sort_key, known.latest_date):
            last[key] = observation
    return last


def _kind_label(registry: Registry, kind: str) -> str:
    try:
        return str(registry.target_kind(kind).label)
    except EduPlanError:
        return kind


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError:
        raise EduPlanError(_("fill-in workbooks need openpyxl; install it with: pip install 'edu-plan[xlsx]'")) \
            from None
    return openpyxl


def make_template(
    plan: Plan,
    unit: str,
    period: Period,
    *,
    progress: Any = None,
    key: bytes | None = None,
    registry: Registry | None = None,
) -> bytes:
    """The fill-in workbook of ``unit`` (id or name) for ``period``, as bytes.

    ``progress`` (a :class:`~edu_plan.ProgressSource`) gives the last value each target was
    reported at before ``period``; ``key`` signs the identity with HMAC-SHA256.
    """
    openpyxl = _openpyxl()
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    reg = registry if registry is not None else default_registry()
    found = plan.find_unit(unit)
    if found is not None and found.is_collective:
        members = "、".join(plan.unit(m).name if plan.find_unit(m) else m for m in found.members)
        raise EduPlanError(_("{unit} stands for several units ({members}); make a workbook for each of them, or use "
                             "--all-units").format(unit=found.name, members=members))
    if found is None:
        raise EduPlanError(_("no unit {unit!r} in plan {plan!r} to make a workbook for; `edu-plan show PLAN --view "
                             "units` lists them").format(unit=unit, plan=plan.id))
    assignments = [a for a in answered_targets(plan, found.id)
                   if a.target.deadline is None or a.target.deadline >= period.start]
    if not assignments:
        raise EduPlanError(_("{unit} answers for no open target of plan {plan!r} in {period}").format(
            unit=found.name, plan=plan.id, period=format_period(period)))
    last = _last_values(list(progress.observations(plan.id)) if progress is not None else [], period)
    identity = Identity(plan_id=plan.id, plan_digest=plan_digest(plan), unit=found.id, period=period).signed(key)
    rule = rule_for(plan, period)
    due = due_date(rule, period) if rule is not None else None

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = _("Report")[:31]
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    headers = [
        (_("No."), None, 6), (_("Task"), "task", 6), (_("Task title"), None, 22), (_("Target"), "target", 10),
        (_("Target wording"), None, 36), (_("Kind"), None, 8), (_("Unit of measure"), None, 8),
        (_("Role"), None, 6), (_("Last reported"), None, 16), (_("Value"), "value", 12),
        (_("Evidence"), "evidence", 28), (_("Note"), "note", 28),
    ]
    letters = {key: get_column_letter(i) for i, (_h, key, _w) in enumerate(headers, start=1) if key}
    width = len(headers)
    last_letter = get_column_letter(width)
    sheet.merge_cells(f"A1:{last_letter}1")
    sheet["A1"] = _("{plan}: progress report (进展填报表)").format(plan=plan.title)
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[1].height = 28
    sheet.merge_cells(f"A2:{last_letter}2")
    if due is not None:
        sheet["A2"] = _("Unit: {unit}   Period: {period}   Due: {day}").format(
            unit=found.name, period=format_period(period), day=format_date(due))
    else:
        sheet["A2"] = _("Unit: {unit}   Period: {period}").format(unit=found.name, period=format_period(period))
    sheet.merge_cells("A3:B3")
    sheet["A3"] = _("Date of report")
    sheet["D3"] = _("Reported by")
    sheet["A3"].font = sheet["D3"].font = Font(bold=True)
    date_cell, by_cell = sheet["C3"], sheet["E3"]
    input_fill = PatternFill("solid", fgColor="FFF2CC")
    for cell in (date_cell, by_cell):
        cell.protection = Protection(locked=False)
        cell.fill = input_fill
        cell.border = border
    date_cell.number_format = "yyyy-mm-dd"
    sheet.merge_cells(f"F3:{last_letter}3")
    sheet["F3"] = _("Fill in the yellow cells only; the instructions are on the next sheet.")
    sheet["F3"].font = Font(italic=True, color="666666")
    for col, (text, _key, col_width) in enumerate(headers, start=1):
        cell = sheet.cell(row=_HEADER_ROW, column=col, value=text)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="D9E1F2")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
        sheet.column_dimensions[get_column_letter(col)].width = col_width

    body = NamedStyle(name="edu_plan_cell", border=border, alignment=Alignment(vertical="top", wrap_text=True))
    book.add_named_style(body)
    book.add_named_style(NamedStyle(name="edu_plan_input", border=border, fill=input_fill,
                                    alignment=Alignment(vertical="top", wrap_text=True),
                                    protection=Protection(locked=False)))
    validations: dict[ValueRule, Any] = {}
    first_row = _HEADER_ROW + 1
    for index, assignment in enumerate(assignments):
        row = first_row + index
        target = assignment.target
        seen = last.get((target.id, found.id))
        last_text = _("{value} ({period})").format(value=format_decimal(seen.latest), period=format_period(
            seen.period)) if seen is not None else ""
        values: list[Any] = [index + 1, assignment.task.number, assignment.task.title, target.id, target.describe(),
                             _kind_label(reg, target.kind), target.unit_of_measure or "", assignment.role.label,
                             last_text, None, None, None]
        # Rows as tall as their longest wrapped text (a Chinese character is two widths), so nothing is cut off.
        lines = max(1, *(-(-_width(str(v)) // max(1, headers[c][2] - 1)) for c, v in enumerate(values) if v))
        sheet.row_dimensions[row].height = 15 * lines
        for col, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=col, value=value)
            # Named styles: one look-up per cell instead of hashing four style objects.
            cell.style = "edu_plan_input" if headers[col - 1][1] in ("value", "evidence", "note") else "edu_plan_cell"
        rule_of_value = value_rule(target.kind, reg)
        validation = validations.get(rule_of_value)
        if validation is None:
            validation = _validation(DataValidation, rule_of_value)
            validations[rule_of_value] = validation
            sheet.add_data_validation(validation)
        validation.add(f"{letters['value']}{row}")
    dated = DataValidation(type="date", operator="between", formula1=_excel_date(_first_day(plan, period)),
                           formula2=_excel_date(_last_day(plan, period)), allow_blank=True, showErrorMessage=True,
                           errorTitle=_("Not a date"), error=_("Type the date of the report, such as 2024-12-20."))
    dated.add(date_cell.coordinate)
    sheet.add_data_validation(dated)

    sheet.freeze_panes = sheet.cell(row=first_row, column=1)
    sheet.print_title_rows = f"{_HEADER_ROW}:{_HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.print_options.horizontalCentered = True
    sheet.oddFooter.center.text = "&P / &N"
    sheet.protection.sheet = True
    sheet.protection.formatRows = False
    sheet.protection.formatColumns = False

    _instructions(book, plan, found.name, period, due)

    hidden = book.create_sheet(IDENTITY_SHEET)
    hidden.sheet_state = "veryHidden"
    fields = {
        "format": _FORMAT, "plan": identity.plan_id, "plan_digest": identity.plan_digest, "unit": identity.unit,
        "period": str(identity.period), "signature": identity.signature, "sheet": sheet.title,
        "header_row": str(_HEADER_ROW), "first_row": str(first_row), "last_row": str(first_row + len(assignments) - 1),
        "columns": json.dumps(letters, sort_keys=True), "report_date": date_cell.coordinate,
        "reported_by": by_cell.coordinate,
    }
    for row, (name, value) in enumerate(fields.items(), start=1):
        hidden.cell(row=row, column=1, value=name)
        hidden.cell(row=row, column=2, value=value)
    hidden.protection.sheet = True

    book.properties.title = sheet["A1"].value
    book.properties.creator = "edu_plan"
    book.properties.created = FIXED_TIME
    book.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    book.save(buffer)
    return reproducible_package(buffer.getvalue())


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _first_day(plan: Plan, period: Period) -> pendulum.Date:
    return plan.horizon.start if plan.horizon is not None else period.start.subtract(years=1)


def _last_day(plan: Plan, period: Period) -> pendulum.Date:
    end = period.end.add(years=1)
    return min(end, plan.horizon.end.add(years=1)) if plan.horizon is not None else end


def _excel_date(day: pendulum.Date) -> str:
    return f"DATE({day.year},{day.month},{day.day})"


def _validation(factory: Any, rule: ValueRule) -> Any:
    kind = "whole" if rule.whole else "decimal"
    low = format_decimal(rule.minimum) if rule.minimum is not None else "-1000000000000"
    high = format_decimal(rule.maximum) if rule.maximum is not None else "1000000000000"
    if rule.maximum == Decimal(1) and rule.minimum == Decimal(0) and rule.whole:
        message = _("Type 1 (done) or 0 (not done).")
    elif rule.whole:
        message = _("Type a whole number from {low} up.").format(low=low)
    elif rule.minimum is not None:
        message = _("Type a number from {low} up, without the unit of measure.").format(low=low)
    else:
        message = _("Type a number, without the unit of measure.")
    return factory(type=kind, operator="between", formula1=low, formula2=high, allow_blank=True,
                   showErrorMessage=True, showInputMessage=True, errorTitle=_("Value not accepted"), error=message,
                   promptTitle=_("Value"), prompt=message)


def _instructions(book: Any, plan: Plan, unit_name: str, period: Period, due: pendulum.Date | None) -> None:
    from openpyxl.styles import Alignment, Font

    sheet = book.create_sheet(_("Instructions")[:31])
    lines = [
        _("How to fill in this workbook"),
        _("1. This workbook is {unit}'s report for {period} on {plan}.").format(
            unit=unit_name, period=format_period(period), plan=plan.title),
        _("2. Fill in only the yellow cells: the date of the report, the person reporting, and for each target "
          "its value (数值), the evidence (佐证材料: document numbers or file names, separated by ；) and a note "
          "(说明)."),
        _("3. The value is a number without its unit of measure: for a cumulative target the increase in this "
          "period, for a level the level reached, for a recurring target the times done in this period, for a "
          "milestone 1 when done and 0 when not, for a qualitative target the rating."),
        _("4. Leave the value empty for a target with nothing to report in this period."),
        _("5. Do not add, remove or move rows or columns, and do not copy rows from another unit's workbook: the "
          "workbook is signed for this unit and period, and a mixed-up file is refused."),
    ]
    if due is not None:
        lines.append(_("6. Return the workbook by {day}; a report after that day counts as late (迟报), none at all "
                       "as missing (漏报).").format(day=format_date(due)))
    for row, text in enumerate(lines, start=1):
        cell = sheet.cell(row=row, column=1, value=text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.row_dimensions[row].height = 18 * max(1, -(-_width(text) // 190))
        if row == 1:
            cell.font = Font(bold=True, size=14)
    sheet.column_dimensions["A"].width = 100
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.protection.sheet = True



# -- reading back ------------------------------------------------------------------------------


def _open(file: Path) -> Any:
    openpyxl = _openpyxl()
    source = str(file)
    try:
        with zipfile.ZipFile(file) as archive:
            infos = archive.infolist()
    except FileNotFoundError:
        raise PlanFileError(_("no such file; check the path"), file=source) from None
    except (zipfile.BadZipFile, OSError):
        raise PlanFileError(_("not an Excel workbook (.xlsx); save it from Excel as .xlsx and retry"),
                            file=source) from None
    unpacked = sum(i.file_size for i in infos)
    packed = max(1, sum(i.compress_size for i in infos))
    if unpacked > _MAX_UNPACKED or unpacked / packed > _MAX_RATIO:
        raise PlanFileError(_("the workbook unpacks to {size} bytes ({ratio}× its size): too large to read")
                            .format(size=unpacked, ratio=unpacked // packed), file=source)
    try:
        return openpyxl.load_workbook(file, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file
        raise PlanFileError(_("the workbook cannot be read ({error}); open it in Excel, save it again as .xlsx")
                            .format(error=type(exc).__name__), file=source) from None


def _plain_value(value: Any) -> Any:
    if isinstance(value, _dt.datetime):
        return pendulum.Date(value.year, value.month, value.day) if value.time() == _dt.time() else value
    if isinstance(value, _dt.date):
        return pendulum.Date(value.year, value.month, value.day)
    if isinstance(value, str):
        return value.strip()
    return value


def _identity(book: Any, source: str) -> dict[str, str] | None:
    if IDENTITY_SHEET not in book.sheetnames:
        return None
    sheet = book[IDENTITY_SHEET]
    fields = {str(r[0]): str(r[1]) for r in sheet.iter_rows(values_only=True) if r and r[0] is not None}
    if fields.get("format") != _FORMAT:
        message = _("the workbook's hidden sheet {sheet!r} is not one this version writes (format {fmt!r}); "
                    "make a new template").format(sheet=IDENTITY_SHEET, fmt=fields.get("format"))
        raise PlanFileError(message, file=source)
    return fields


def _refuse(source: str, code: str, message: str, hint: str) -> ProgressError:
    return ProgressError([Problem(message=message, hint=hint, file=source, code=code, path=IDENTITY_SHEET)],
                         source=source)


def _check_identity(fields: Mapping[str, str], plan: Plan | None, expect: Expectation | None, source: str) -> list[
        Problem]:
    try:
        identity = Identity(plan_id=fields["plan"], plan_digest=fields["plan_digest"], unit=fields["unit"],
                            period=Period.parse(fields["period"]), signature=fields["signature"])
    except (KeyError, EduPlanError) as exc:
        raise _refuse(source, "bad-identity", _("the workbook's identity is damaged ({error})").format(error=exc),
                      _("make a new template for the unit")) from None
    key = expect.key if expect is not None else None
    if identity.signature.startswith("hmac-sha256:") and not key:
        raise _refuse(source, "no-key", _("the workbook is signed with the office's key"),
                      _("give the key (--key-file FILE or $EDU_PLAN_TEMPLATE_KEY) to read it"))
    if not identity.verified(key):
        raise _refuse(source, "bad-signature",
                      _("the workbook's identity does not match its signature: it was altered, or signed with "
                        "another key"), _("ask the unit to fill in the workbook it was sent"))
    plan_unit = plan.find_unit(identity.unit) if plan is not None else None
    unit_name = plan_unit.name if plan_unit is not None else identity.unit
    if plan is not None and identity.plan_id != plan.id:
        raise _refuse(source, "other-plan", _("the workbook was made for plan {found!r}, not for plan {plan!r}")
                      .format(found=identity.plan_id, plan=plan.id), _("check which plan the file belongs to"))
    if expect is not None and expect.unit is not None:
        wanted = plan.find_unit(expect.unit) if plan is not None else None
        wanted_id = wanted.id if wanted is not None else expect.unit
        if wanted_id != identity.unit:
            wanted_name = wanted.name if wanted is not None else expect.unit
            raise _refuse(source, "other-unit", _("the workbook is {found}'s, not {unit}'s").format(
                found=unit_name, unit=wanted_name), _("ask {unit} for its own workbook").format(unit=wanted_name))
    if expect is not None and expect.period is not None and expect.period != identity.period:
        raise _refuse(source, "other-period", _("the workbook is for {found}, not for {period}").format(
            found=format_period(identity.period), period=format_period(expect.period)),
            _("ask the unit for the workbook of {period}").format(period=format_period(expect.period)))
    problems = []
    if plan is not None and identity.plan_digest != plan_digest(plan):
        problems.append(Problem(
            message=_("the workbook was made from another revision of plan {plan!r}").format(plan=plan.id),
            hint=_("its targets are checked against this revision"), file=source, path=IDENTITY_SHEET,
            code="other-revision", severity=Severity.WARNING))
    return problems


Rows = list[tuple[int, Mapping[str, Any]]]


def workbook_rows(file: Path, *, columns: Mapping[str, Sequence[str]], plan: Plan | None = None,
                  expect: Expectation | None = None) -> tuple[
        Rows, dict[int, Mapping[str, str]], list[Problem], dict[str, Any]]:
    """The rows of a progress workbook, each row's cells by column, problems, and values every row shares.

    A fill-in workbook is refused (:class:`~edu_plan.errors.ProgressError`, with the reason)
    when it is another plan's, or, as ``expect`` says, another unit's or period's, or altered.
    """
    source = str(file)
    book = _open(file)
    fields = _identity(book, source)
    if fields is not None:
        problems = _check_identity(fields, plan, expect, source)
        return (*_template_rows(book, fields, source), problems, _template_fixed(book, fields))
    return _plain_rows(book, source, expect, columns)


def _template_fixed(book: Any, fields: Mapping[str, str]) -> dict[str, Any]:
    sheet = book[fields["sheet"]]
    fixed: dict[str, Any] = {"plan": fields["plan"], "unit": fields["unit"], "period": fields["period"]}
    day = _plain_value(sheet[fields["report_date"]].value)
    if day not in (None, ""):
        fixed["report_date"] = day
    by = _plain_value(sheet[fields["reported_by"]].value)
    if by not in (None, ""):
        fixed["reported_by"] = by
    return fixed


def _template_rows(book: Any, fields: Mapping[str, str], source: str) -> tuple[Rows, dict[int, Mapping[str, str]]]:
    sheet = book[fields["sheet"]]
    letters: dict[str, str] = json.loads(fields["columns"])
    title = sheet.title
    rows: Rows = []
    cells: dict[int, Mapping[str, str]] = {}
    for number in range(int(fields["first_row"]), int(fields["last_row"]) + 1):
        row = {key: _plain_value(sheet[f"{letter}{number}"].value) for key, letter in letters.items()}
        if all(row.get(k) in (None, "") for k in ("value", "evidence", "note")):
            continue  # nothing reported for this target this time
        rows.append((number, {k: v for k, v in row.items() if v not in (None, "")}))
        located = {key: f"{title}!{letter}{number}" for key, letter in letters.items()}
        located.update({"report_date": f"{title}!{fields['report_date']}", "unit": f"{title}!A2",
                        "period": f"{title}!A2", "plan": IDENTITY_SHEET})
        cells[number] = located
    return rows, cells


def _plain_rows(book: Any, source: str, expect: Expectation | None, columns: Mapping[str, Sequence[str]]) -> tuple[
        Rows, dict[int, Mapping[str, str]], list[Problem], dict[str, Any]]:
    from openpyxl.utils import get_column_letter

    known = {alias.lower(): name for name, aliases in columns.items() for alias in aliases}
    for sheet in book.worksheets:
        if sheet.sheet_state != "visible":
            continue
        header_row = None
        for number, values in enumerate(sheet.iter_rows(min_row=1, max_row=10, values_only=True), start=1):
            names = [known.get(str(v).strip().lower()) for v in values if v is not None]
            if sum(1 for n in names if n) >= 2 and ("value" in names or "type" in names):
                header_row = number
                break
        if header_row is None:
            continue
        headers = [str(v).strip() if v is not None else "" for v in next(
            sheet.iter_rows(min_row=header_row, max_row=header_row, values_only=True))]
        rows: Rows = []
        cells: dict[int, Mapping[str, str]] = {}
        for number, values in enumerate(sheet.iter_rows(min_row=header_row + 1, values_only=True),
                                        start=header_row + 1):
            row = {h: _plain_value(v) for h, v in zip(headers, values, strict=False) if h}
            if all(v in (None, "") for v in row.values()):
                continue
            first = str(next(iter(row.values()), "") or "")
            if first.startswith("#"):
                continue
            rows.append((number, row))
            cells[number] = {known[h.lower()]: f"{sheet.title}!{get_column_letter(i)}{number}"
                             for i, h in enumerate(headers, start=1) if h and h.lower() in known}
        return rows, cells, [], {}
    raise PlanFileError(_("no sheet of the workbook has a header row with the progress columns (单位, 指标, 期间, "
                          "数值…); docs/reference/progress.md lists them"), file=source)

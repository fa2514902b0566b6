"""Everything edu_plan raises: one base, :class:`EduPlanError`, and subclasses by meaning.

Each error carries its structured pieces (the problems, the plugin, the path)
as attributes, not only a message, so that programs can act on them and the
command line can print them without a traceback.

Messages are made when the error is raised, in the language of that moment (Chinese unless
``edu_plan.use_language("en")``, ``EDU_PLAN_LANG=en`` or ``--lang en`` asks for English); a
:class:`Problem` is shown in the language current when it is turned into text.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence

import attrs

from edu_plan._i18n import gettext as _
from edu_plan._i18n import lazy as N_  # noqa: N812 - the gettext convention
from edu_plan._i18n import ngettext, use_language

__all__ = [
    "CalendarError",
    "DuplicatePluginError",
    "EduPlanError",
    "LockedPeriodError",
    "ModelValueError",
    "PeriodError",
    "PlanFileError",
    "PlanImportError",
    "PlanValidationError",
    "PluginLoadError",
    "PluginNotFoundError",
    "Problem",
    "ProgressError",
    "RenderError",
    "SchemaVersionError",
    "SchemeError",
    "ScoringError",
    "Severity",
    "StorageError",
]


class Severity(str, enum.Enum):
    """How serious a :class:`Problem` is."""

    ERROR = "error"
    """The object is wrong and will not be accepted."""
    WARNING = "warning"
    """Accepted, but probably not what the author meant."""
    NOTE = "note"
    """Information, e.g. data of an extension that is not installed and so was not checked."""


@attrs.frozen(kw_only=True)
class Problem:
    """One thing wrong (or worth knowing) about a plan, a file or a row.

    ``path`` is a JSONPath-like location in the document (``$.sections[0].tasks[3]``);
    ``file`` and ``line`` are filled in when the document came from a file.
    """

    message: str
    path: str = "$"
    hint: str | None = None
    severity: Severity = Severity.ERROR
    code: str = "invalid"
    file: str | None = None
    line: int | None = None

    def located(self, file: str | None, line: int | None) -> Problem:
        """Return a copy that points at ``file``:``line``."""
        return attrs.evolve(self, file=file, line=line)

    def __str__(self) -> str:
        return self.describe()

    def describe(self, lang: str | None = None) -> str:
        """The problem as a person reads it, its frame (where, how serious) in ``lang`` (default: the current one).

        ``message`` and ``hint`` were written in the language current when the problem was found.
        """
        with use_language(lang):
            if self.file is None:
                where = self.path
            elif self.line is None:
                where = _("{file} ({path})").format(file=self.file, path=self.path)
            else:
                where = _("{file}:{line} ({path})").format(file=self.file, line=self.line, path=self.path)
            text = _("{where}: {severity}: {message}").format(where=where, severity=_SEVERITY[self.severity],
                                                              message=self.message)
            if self.hint:
                text = _("{text} — {hint}").format(text=text, hint=self.hint)
            return text


_SEVERITY = {Severity.ERROR: N_("error"), Severity.WARNING: N_("warning"), Severity.NOTE: N_("note")}


class EduPlanError(Exception):
    """Base of every error edu_plan raises on purpose.

    The command line prints ``str(error)`` and exits non-zero; no traceback.
    """


class PlanValidationError(EduPlanError, ValueError):
    """A plan (or a plan file) has problems; ``problems`` lists every one of them."""

    def __init__(self, problems: Iterable[Problem], *, source: str | None = None) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.source = source
        super().__init__(_listing(self.problems, source, False))


class PlanFileError(EduPlanError, ValueError):
    """A plan file cannot be read at all (missing, not YAML/JSON/TOML, bad syntax)."""

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None) -> None:
        self.file = file
        self.line = line
        if file and line:
            text = _("{file}:{line}: {message}").format(file=file, line=line, message=message)
        elif file:
            text = _("{file}: {message}").format(file=file, message=message)
        else:
            text = message
        super().__init__(text)


class SchemaVersionError(EduPlanError, ValueError):
    """A document was written by a newer edu_plan than this one."""

    def __init__(self, found: int, supported: int, *, source: str | None = None) -> None:
        self.found = found
        self.supported = supported
        message = _("'schema_version' must be <= {supported} (got {found}): it was written by a newer edu_plan; "
                    "upgrade edu_plan (pip install -U edu-plan) to read it").format(supported=supported, found=found)
        super().__init__(_("{file}: {message}").format(file=source, message=message) if source else message)


class PeriodError(EduPlanError, ValueError):
    """A period identifier or a window of periods is not valid."""


class CalendarError(EduPlanError, ValueError):
    """A day falls in a year the official holiday calendar does not know, or a calendar file is wrong."""


class PluginLoadError(EduPlanError):
    """An installed plugin failed to load; the others are not affected."""

    def __init__(self, group: str, name: str, distribution: str | None, cause: BaseException) -> None:
        self.group = group
        self.name = name
        self.distribution = distribution
        self.cause = cause
        reason = f"{type(cause).__name__}: {cause}"
        if distribution:
            message = _("plugin {name!r} in group {group!r} from distribution {distribution!r} failed to load: "
                        "{reason} — reinstall or remove that distribution").format(
                name=name, group=group, distribution=distribution, reason=reason)
        else:
            message = _("plugin {name!r} in group {group!r} failed to load: {reason} — reinstall or remove that "
                        "distribution").format(name=name, group=group, reason=reason)
        super().__init__(message)


class PluginNotFoundError(EduPlanError, LookupError):
    """No plugin of that name is installed in that group."""

    def __init__(self, group: str, name: str, available: Sequence[str]) -> None:
        self.group = group
        self.name = name
        self.available = tuple(available)
        names = ", ".join(self.available) or _("none")
        super().__init__(_("no plugin {name!r} in group {group!r} (installed: {names})").format(
            name=name, group=group, names=names))


class DuplicatePluginError(EduPlanError):
    """Two distributions register the same plugin name in one group."""

    def __init__(self, group: str, name: str, distributions: Sequence[str]) -> None:
        self.group = group
        self.name = name
        self.distributions = tuple(distributions)
        super().__init__(_("plugin name {name!r} in group {group!r} is registered twice, by {distributions}; "
                           "uninstall one of them").format(
            name=name, group=group, distributions=_(" and by ").join(repr(d) for d in self.distributions)))


class ProgressError(EduPlanError, ValueError):
    """Progress reports or events are invalid; ``problems`` lists every bad row."""

    def __init__(self, problems: Iterable[Problem], *, source: str | None = None) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.source = source
        count = len(self.problems)
        head = ngettext("{count} bad row", "{count} bad rows", count).format(count=count)
        lines = [_("{file}: {message}").format(file=source, message=head) if source else head]
        lines += [f"  {p}" for p in self.problems]
        super().__init__("\n".join(lines))


class LockedPeriodError(EduPlanError):
    """A report was sent for a period that is already approved (locked)."""


class ScoringError(EduPlanError):
    """A scheme is invalid or a score cannot be computed."""


class StorageError(EduPlanError):
    """A store cannot be opened, read or written."""


class RenderError(EduPlanError):
    """A view cannot be rendered in the format asked for."""


class PlanImportError(EduPlanError):
    """A document cannot be imported as a plan."""


class SchemeError(ScoringError, ValueError):
    """A scoring scheme has problems; ``problems`` lists every one of them, each with its path and line."""

    def __init__(self, problems: Iterable[Problem], *, source: str | None = None) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.source = source
        super().__init__(_listing(self.problems, source, True))


def _listing(problems: tuple[Problem, ...], source: str | None, scheme: bool) -> str:
    """``FILE: N problems found`` (or ``… in the scheme``) and one indented line per problem."""
    count = len([p for p in problems if p.severity is Severity.ERROR])
    if scheme:
        head = ngettext("{count} problem in the scheme", "{count} problems in the scheme", count).format(count=count)
    else:
        head = ngettext("{count} problem found", "{count} problems found", count).format(count=count)
    lines = [_("{file}: {message}").format(file=source, message=head) if source else head]
    lines += [f"  {p}" for p in problems]
    return "\n".join(lines)
class ModelValueError(EduPlanError, TypeError, ValueError):
    """A model object (a plan part, a report, an event) was built with a value of the wrong type or out of range.

    The message is in attrs' form, naming the field: ``'quantity' must be <Decimal> (got 'x')``.  It is
    also a :class:`TypeError` and a :class:`ValueError`, what attrs raises, so code catching those still works.
    """

"""Reading and writing edu_plan documents: the one place that knows cattrs and the wire formats.

Each wire format (``json``, ``yaml``, ``toml``) gets its own converter, built by
:func:`make_converter`, with explicit hooks for :class:`decimal.Decimal`,
:class:`pendulum.Date`, :class:`pendulum.DateTime`, :class:`~edu_plan.Period` and enums.
Models never import cattrs; every other module (storage, scoring, rendering) turns
objects into data and back through this module.

Plan files keep the fields in the model's declaration order and leave out fields at
their default value, so that a plan file is short and diffs cleanly in git.  The same
object dumps to the same bytes every time.
"""

from __future__ import annotations

import datetime as _dt
import enum
import functools
import json
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar
from typing import cast as typing_cast

import attrs
import cattrs
import pendulum
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from edu_plan._i18n import LazyText, use_language
from edu_plan._i18n import gettext as _
from edu_plan._i18n import lazy as N_  # noqa: N812 - the gettext convention
from edu_plan._model import SCHEMA_VERSION, Plan
from edu_plan._numbers import to_decimal
from edu_plan._periods import Period
from edu_plan.errors import (
    ModelValueError,
    PlanFileError,
    PlanValidationError,
    Problem,
    SchemaVersionError,
    SchemeError,
    Severity,
)

if TYPE_CHECKING:
    import yaml

# PyYAML and tomllib are imported when a YAML or TOML text is read or written, not with this module: reading a
# bundled dataset (see edu_plan._parsed_datasets) or a JSON file needs neither (bench/startup.py).

__all__ = [
    "FORMATS",
    "Format",
    "PlanDocument",
    "dump_plan",
    "dumps",
    "dumps_plan",
    "format_for_path",
    "load_plan",
    "loads",
    "loads_plan",
    "make_converter",
    "migrate",
    "read_plan",
    "reads_plan",
    "structure",
    "structuring_problems",
    "unstructure",
]

T = TypeVar("T")
Format = Literal["json", "yaml", "toml"]
FORMATS: tuple[Format, ...] = ("yaml", "json", "toml")



# -- converters ---------------------------------------------------------------------------


def _structure_decimal(value: Any, _type: type) -> Decimal:
    return to_decimal(value)


def _structure_int(value: Any, _type: type) -> int:
    # cattrs' default int(1.5) would make task 1.5 into task 1.
    if isinstance(value, bool):
        raise ModelValueError(_("expected a whole number (got {value!r})").format(value=value))
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        return int(value)
    if isinstance(value, str) and value.strip().isascii() and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    raise ModelValueError(_("expected a whole number (got {value!r})").format(value=value))


def _is_list_type(type_: Any) -> bool:
    args: Any = getattr(type_, "__args__", ())
    return getattr(type_, "__origin__", None) is tuple and len(args) == 2 and args[1] is Ellipsis


def _list_hook(converter: cattrs.Converter) -> Callable[[Any], Callable[[Any, Any], Any]]:
    """``tuple[X, ...]`` fields (sections, tasks, targets…) from a list only: a string or null is one clear error."""
    from cattrs.errors import IterableValidationError, IterableValidationNote

    def factory(type_: Any) -> Callable[[Any, Any], Any]:
        item = type_.__args__[0]
        structure_item = converter.get_structure_hook(item)

        def hook(value: Any, _type: Any) -> tuple[Any, ...]:
            if value is None:
                raise ModelValueError(_("must be a list (got null); write [] or leave the key out"))
            if not isinstance(value, (list, tuple)):
                raise ModelValueError(_("must be a list (got {name} {value!r:.40})").format(
                                    name=type(value).__name__, value=value))
            items, errors = [], []
            for i, element in enumerate(value):
                try:
                    items.append(structure_item(element, item))
                except Exception as exc:  # noqa: BLE001 - collected, as cattrs' detailed validation does
                    failed: Any = exc  # __notes__ is how cattrs records where an error was (PEP 678)
                    failed.__notes__ = [*getattr(exc, "__notes__", []),
                                        IterableValidationNote(f"Structuring {type_} @ index {i}", i, item)]
                    errors.append(exc)
            if errors:
                raise IterableValidationError(f"While structuring {type_!r}", errors, type_)
            return tuple(items)

        return hook

    return factory


def _structure_bool(value: Any, _type: type) -> bool:
    if isinstance(value, bool):
        return value
    raise ModelValueError(_("expected true or false (got {value!r:.60})").format(value=value))


def _structure_str(value: Any, _type: type) -> str:
    # cattrs' default str(value) would read `title = ["x"]` as the text "['x']" and `id = 5` as "5" silently.
    if isinstance(value, str):
        return value
    raise ModelValueError(_("expected text (got {value!r:.60}); put it in quotes if it is meant as text").format(
                        value=value))


def _structure_date(value: Any, _type: type) -> pendulum.Date:
    if isinstance(value, _dt.datetime):
        raise ModelValueError(_("expected a date such as 2027-12-31, not a date and time (got {value!r})").format(
                            value=value))
    if isinstance(value, _dt.date):
        return pendulum.Date(value.year, value.month, value.day)
    if isinstance(value, str):
        try:
            day = _dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ModelValueError(_("expected a date such as 2027-12-31 (got {value!r})").format(value=value)) from None
        return pendulum.Date(day.year, day.month, day.day)
    raise ModelValueError(_("expected a date such as 2027-12-31 (got {value!r})").format(value=value))


def _structure_datetime(value: Any, _type: type) -> pendulum.DateTime:
    parsed: object
    if isinstance(value, _dt.datetime):
        parsed = pendulum.instance(value)
    elif isinstance(value, str):
        try:
            parsed = pendulum.parse(value.strip())
        except Exception:  # noqa: BLE001 - pendulum raises several kinds; all mean "not a date-time"
            raise ModelValueError(_("expected a date-time such as 2024-03-01T09:00:00+08:00 (got {value!r})").format(
                                 value=value)) from None
    else:
        raise ModelValueError(_("expected a date-time such as 2024-03-01T09:00:00+08:00 (got {value!r})").format(
                            value=value))
    if not isinstance(parsed, pendulum.DateTime):
        raise ModelValueError(_("expected a date-time, not only a date (got {value!r})").format(value=value))
    return parsed


def _structure_period(value: Any, _type: type) -> Period:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    return Period.parse(value)


def _is_enum(type_: Any) -> bool:
    return isinstance(type_, type) and issubclass(type_, enum.Enum)


def _enum_value(member: enum.Enum) -> Any:
    return member.value


def _str_value(value: str) -> str:
    return value.value if isinstance(value, enum.Enum) else value


def _date_to_plain(value: pendulum.Date) -> _dt.date:
    return _dt.date(value.year, value.month, value.day)


def _datetime_to_plain(value: pendulum.DateTime) -> _dt.datetime:
    return _dt.datetime.fromisoformat(value.isoformat())


def _attrs_unstructure_hook(converter: cattrs.Converter) -> Callable[[type], Callable[[Any], Any]]:
    def factory(cls: type) -> Callable[[Any], Any]:
        overrides: dict[str, Any] = {}
        for field in attrs.fields(cls):
            if field.name == "schema_version":
                overrides[field.name] = override(omit_if_default=False)
            elif field.metadata.get("store") is False:
                overrides[field.name] = override(omit=True)
        return make_dict_unstructure_fn(cls, converter, _cattrs_omit_if_default=True, **overrides)

    return factory


def _attrs_structure_hook(converter: cattrs.Converter) -> Callable[[type], Callable[[Any, type], Any]]:
    def factory(cls: type) -> Callable[[Any, type], Any]:
        return make_dict_structure_fn(cls, converter, _cattrs_forbid_extra_keys=True)

    return factory


def make_converter(fmt: Format = "json") -> cattrs.Converter:
    """A fresh converter for the wire format ``fmt``.

    JSON gets dates as ISO strings; YAML and TOML get native dates.  Decimals stay
    :class:`~decimal.Decimal` in the unstructured data: each format writes them as
    exact numbers (see :func:`dumps`).
    """
    return _make_converter(fmt, detailed=True)


def _make_converter(fmt: Format, *, detailed: bool) -> cattrs.Converter:
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=detailed)
    converter.register_structure_hook(Decimal, _structure_decimal)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(bool, _structure_bool)
    converter.register_structure_hook(pendulum.Date, _structure_date)
    converter.register_structure_hook(pendulum.DateTime, _structure_datetime)
    converter.register_structure_hook(Period, _structure_period)
    converter.register_unstructure_hook(Decimal, lambda d: d)
    converter.register_unstructure_hook(Period, str)
    # Enums become their values.  cattrs sends a str-based enum (Role, UnitKind, any plugin's) to its
    # str hook before any function hook, so the str hook itself unwraps enum members.
    converter.register_unstructure_hook_func(_is_enum, _enum_value)
    converter.register_unstructure_hook(str, _str_value)
    if fmt == "json":
        converter.register_unstructure_hook(pendulum.DateTime, lambda d: d.isoformat())
        converter.register_unstructure_hook(pendulum.Date, lambda d: d.isoformat())
    else:
        converter.register_unstructure_hook(pendulum.DateTime, _datetime_to_plain)
        converter.register_unstructure_hook(pendulum.Date, _date_to_plain)
    converter.register_unstructure_hook_factory(attrs.has, _attrs_unstructure_hook(converter))
    converter.register_structure_hook_factory(attrs.has, _attrs_structure_hook(converter))
    converter.register_structure_hook_factory(_is_list_type, _list_hook(converter))
    return converter


@functools.cache
def _converter(fmt: Format) -> cattrs.Converter:
    return make_converter(fmt)


@functools.cache
def _quick_converter(fmt: Format) -> cattrs.Converter:
    # The same hooks without cattrs' detailed validation: its generated functions are half as long to compile
    # and it stops at the first error; a plan that fails is structured again by _converter, whose errors
    # (every one, each with its path) are the ones reported (see _read).
    return _make_converter(fmt, detailed=False)


def unstructure(obj: Any, fmt: Format = "json") -> Any:
    """``obj`` (any edu_plan model object) as plain data for ``fmt``."""
    return _converter(fmt).unstructure(obj)


def structure(data: Any, cls: type[T], fmt: Format = "json") -> T:
    """Build a ``cls`` from plain data; ``cattrs`` errors are raised as they come.

    Use :func:`loads` or :func:`read_plan` for located, user-facing errors.
    """
    return _converter(fmt).structure(data, cls)


# -- wire formats ----------------------------------------------------------------------------


@functools.cache
def _yaml_classes() -> tuple[type[yaml.SafeLoader], type[yaml.SafeLoader], type[yaml.SafeDumper]]:
    """PyYAML's safe loader (libyaml's when PyYAML was built with it: several times faster; its wheels are),
    edu_plan's loader (floats read as exact decimals) and edu_plan's dumper; made on first use."""
    import yaml

    safe_loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class YamlLoader(safe_loader):  # type: ignore[valid-type,misc]  # the base is chosen at run time
        """Safe YAML with floats read as exact decimals."""

    YamlLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)
    YamlLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)

    class YamlDumper(yaml.SafeDumper):
        """Block-style YAML, UTF-8 text as is, decimals written exactly."""

        def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
            # Indent list items under their key: the style most plan authors write by hand.
            super().increase_indent(flow, False)

    YamlDumper.add_representer(Decimal, _represent_decimal)
    # Any enum a plugin's own types bring that reached the dumper as a member is written as its value.
    YamlDumper.add_multi_representer(enum.Enum, lambda dumper, member: dumper.represent_data(member.value))
    YamlDumper.add_representer(str, _represent_str)
    return safe_loader, YamlLoader, YamlDumper


def _construct_decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    text = str(loader.construct_scalar(node)).replace("_", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        return loader.construct_yaml_float(node)
    return value if value.is_finite() else loader.construct_yaml_float(node)


def _construct_timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    # An impossible date (2023-13-01) stays text, so that structuring reports it with its line.
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return loader.construct_scalar(node)


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.Node:
    text = _decimal_text(value)
    tag = "tag:yaml.org,2002:float" if "." in text else "tag:yaml.org,2002:int"
    return dumper.represent_scalar(tag, text)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _decimal_text(value: Decimal) -> str:
    """The exact decimal as a plain number, never in exponent form."""
    return format(value, "f")


def _json_text(value: Any, indent: int, level: int = 0) -> str:
    pad = " " * (indent * (level + 1))
    end = " " * (indent * level)
    if isinstance(value, Mapping):
        if not value:
            return "{}"
        items = [
            f"{pad}{json.dumps(str(k), ensure_ascii=False)}: {_json_text(v, indent, level + 1)}"
            for k, v in value.items()
        ]
        return "{\n" + ",\n".join(items) + "\n" + end + "}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        items = [f"{pad}{_json_text(v, indent, level + 1)}" for v in value]
        return "[\n" + ",\n".join(items) + "\n" + end + "]"
    if isinstance(value, Decimal):
        return _decimal_text(value)
    if isinstance(value, (_dt.date, _dt.datetime)):
        return json.dumps(value.isoformat())
    if isinstance(value, float):
        raise TypeError(_("floats are not written; use Decimal (got {value!r})").format(value=value))
    return json.dumps(value, ensure_ascii=False)


def _to_toml_data(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _to_toml_data(v) for k, v in value.items() if v is not None}
    if isinstance(value, (list, tuple)):
        return [_to_toml_data(v) for v in value]
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() and "." not in _decimal_text(value) else value
    return value


def dumps(data: Any, fmt: Format) -> str:
    """Write plain data (from :func:`unstructure`) as ``fmt`` text, ending in a newline."""
    if fmt == "json":
        return _json_text(data, 2) + "\n"
    if fmt == "yaml":
        import yaml

        text: str = yaml.dump(data, Dumper=_yaml_classes()[2], allow_unicode=True, sort_keys=False, width=100_000,
                              default_flow_style=False)
        return text
    if fmt == "toml":
        import tomli_w

        return tomli_w.dumps(_to_toml_data(data))
    raise ValueError(_("'format' must be one of {formats} (got {fmt!r})").format(formats=FORMATS, fmt=fmt))


def loads(text: str, fmt: Format, *, source: str | None = None) -> Any:
    """Parse ``fmt`` text into plain data; floats come back as exact decimals.

    Syntax errors raise :class:`~edu_plan.errors.PlanFileError` with the line.
    """
    from edu_plan import _reading

    _reading.check_controls(text, source=source)
    if fmt == "json":
        return _json(text, source)
    if fmt == "yaml":
        return _yaml(text, source)
    if fmt == "toml":
        return _toml(text, source)
    raise ValueError(_("'format' must be one of {formats} (got {fmt!r})").format(formats=FORMATS, fmt=fmt))


def _json(text: str, source: str | None) -> Any:
    from edu_plan import _reading

    try:
        return _reading.parse_json(text, source=source)
    except json.JSONDecodeError as exc:
        reason = str(_JSON_REASONS[exc.msg]) if exc.msg in _JSON_REASONS else exc.msg
        raise PlanFileError(_("not valid JSON: {reason} (column {column})").format(reason=reason, column=exc.colno),
                            file=source, line=exc.lineno) from None


def _yaml(text: str, source: str | None) -> Any:
    from edu_plan import _reading

    bundled = _reading.bundled_yaml(text)
    if bundled is not None:
        return bundled
    import yaml

    try:
        return _reading.yaml_document(_yaml_classes()[1](text), source=source)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = _parser_reason(getattr(exc, "problem", None) or str(exc), _YAML_REASONS)
        raise PlanFileError(_("not valid YAML: {problem}").format(problem=problem), file=source, line=line) from None


# The reasons the standard library's JSON parser gives (json.decoder), for people.
_JSON_REASONS = {
    "Expecting value": N_("a value was expected"),
    "Expecting property name enclosed in double quotes": N_("a key in double quotes was expected"),
    "Expecting ',' delimiter": N_("a comma was expected"),
    "Expecting ':' delimiter": N_("a colon was expected"),
    "Extra data": N_("there is text after the end of the document"),
    "Unterminated string starting at": N_("a text in quotes is never closed"),
    "Invalid control character at": N_("a control character inside a text"),
    "Invalid \\escape": N_("an invalid escape (\\) in a text"),
    "Invalid \\uXXXX escape": N_("an invalid \\uXXXX escape in a text"),
}


# What the YAML parser (libyaml, or PyYAML's own) and tomllib say, for people; other reasons as they wrote them.
# Patterns as text: compiled by re only when a file is refused, so reading a good plan never pays for them.
_YAML_REASONS = (
    (r"mapping values are not allowed (?:here|in this context)",
     N_("a colon here would start a mapping where none may begin; put a value holding ': ' in quotes")),
    (r"expected (?P<expected>.+), but (?:got|found) (?P<found>.+)",
     N_("{expected} was expected, but {found} was found")),
    (r"did not find expected key",
     N_("a key was expected: the line is indented unlike the lines of its mapping")),
    (r"did not find expected '-' indicator",
     N_("a list item (- …) was expected: the line is indented unlike the items of its list")),
    (r"did not find expected (?P<expected>.+)", N_("{expected} was expected")),
    (r"found character (?:(?P<char>.+) )?that cannot start any token",
     N_("a character that cannot start a value (indent with spaces, not tabs; quote a text starting with @ or `)")),
    (r"found undefined alias(?: .+)?", N_("an alias (*name) with no anchor (&name) before it")),
    (r"found unknown escape character(?: .+)?", N_("an unknown escape (\\…) in a double-quoted text")),
    (r"found unexpected end of stream", N_("the file ends inside a quoted text")),
    (r"could not find expected ':'", N_("a ':' was expected")),
)
_TOML_REASONS = (
    (r"Invalid value", N_("an invalid value (text needs quotes; a date is written 2024-12-31)")),
    (r"Expected '=' after a key in a key/value pair", N_("an '=' was expected after the key")),
    (r"Cannot overwrite a value", N_("a key is given twice")),
    (r"Cannot declare (?P<table>.+) twice", N_("the table {table} is declared twice")),
    (r"Unclosed array", N_("a list ([…]) is never closed")),
    (r"Unterminated string", N_("a text in quotes is never closed")),
    (r"Expected newline or end of document after a statement",
     N_("the line goes on after its value; write one key = value per line")),
    (r"Invalid statement", N_("a line that is neither key = value nor a [table]")),
    (r"Expected '\]' at the end of a table declaration", N_("a [table] heading is never closed with ']'")),
    (r"Expected '\]\]' at the end of an array declaration",
     N_("a [[table]] heading is never closed with ']]'")),
    (r"Illegal character '\\n'", N_("a line ends inside a text in quotes")),
    (r"Illegal character (?P<char>.+)", N_("the character {char} is not allowed here")),
    (r"Found invalid character (?P<char>.+)", N_("the character {char} is not allowed here")),
    (r"Unclosed inline table", N_("an inline table ({{…}}) is never closed")),
    (r"Invalid date or datetime", N_("an invalid date (write it as 2024-12-31)")),
    (r"Invalid initial character for a key part", N_("a key starts with a character keys may not hold")),
    (r"Duplicate inline table key (?P<key>.+)", N_("the key {key} is given twice in an inline table")),
    (r"Cannot (?:mutate immutable|redefine) namespace (?P<key>.+)",
     N_("the table {key} was already given in full and cannot be added to")),
    (r"Unescaped '\\' in a string", N_("a backslash (\\) in a text that is not an escape; write \\\\")),
    (r"Expected (?P<expected>'.+')", N_("{expected} was expected")),
)


def _parser_reason(reason: str, known: tuple[tuple[str, LazyText], ...]) -> str:
    """A parser's reason in the reader's language when it is one of ``known``, else as the parser wrote it."""
    for pattern, template in known:
        found = re.fullmatch(pattern, reason)  # compiled on first use (re's cache), not at import
        if found:
            # "',' or ']'": the alternatives the parser lists, joined in the reader's words.
            return template.format(**{key: (value or "").replace(" or ", _(" or "))
                                      for key, value in found.groupdict().items()})
    return reason


def _tomllib() -> Any:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib
    return tomllib


def _toml(text: str, source: str | None) -> Any:
    tomllib = _tomllib()
    try:
        return _toml_data(text, source, tomllib)
    except tomllib.TOMLDecodeError as exc:
        found = re.fullmatch(r"(?s)(.*?) \((?:at line (\d+), column (\d+)|at end of document)\)", str(exc))
        if found is None:
            raise PlanFileError(_("not valid TOML: {reason}").format(reason=exc), file=source) from None
        reason = _parser_reason(found.group(1), _TOML_REASONS)
        if found.group(3):
            message = _("not valid TOML: {reason} (column {column})").format(reason=reason, column=found.group(3))
        else:
            message = _("not valid TOML: {reason} (at the end of the file)").format(reason=reason)
        raise PlanFileError(message, file=source, line=int(found.group(2)) if found.group(2) else None) from None


def _toml_data(text: str, source: str | None, tomllib: Any) -> Any:
    from edu_plan import _reading
    from edu_plan.limits import current_limits

    limit = current_limits().number_chars
    long_number = re.search(r"(?m)=\s*[-+]?[0-9_]{" + str(limit + 1) + ",}", text)
    if long_number:
        raise PlanFileError(_("a number longer than the limit of {limit} characters; no quantity needs that many "
                              "digits").format(limit=limit), file=source,
                            line=_reading.line_of(text, long_number.start()))
    data = tomllib.loads(text, parse_float=functools.partial(_finite_toml_decimal, text, source))
    _reading._check_depth(data, source)
    return data


def _finite_toml_decimal(text: str, source: str | None, token: str) -> Decimal:
    value = Decimal(token.replace("_", ""))
    if not value.is_finite():
        from edu_plan._reading import line_of

        found = re.search(r"(?m)=\s*" + re.escape(token) + r"\b", text)
        raise PlanFileError(_("{token!r} is not a finite number; write a plain number such as 5 or 0.5").format(
                                token=token),
                            file=source, line=line_of(text, found.start()) if found else None)
    return value


def format_for_path(path: str | Path) -> Format:
    """The plan-file format a file's suffix names (.yaml/.yml, .json, .toml): see :func:`suffix_format`."""
    return typing_cast(Format, suffix_format(path, FORMATS))


# -- plans ------------------------------------------------------------------------------------------


def migrate(data: Any, *, source: str | None = None) -> Any:
    """Bring a raw plan mapping to the current ``schema_version`` (before structuring).

    Version 1 is the first layout, so today this only refuses documents from a newer
    library; later versions add their steps here, oldest first.
    """
    if data is None:
        raise PlanFileError(_("the file is empty; a plan file holds a mapping (id: …, title: …, sections: …)"),
                            file=source)
    if not isinstance(data, Mapping):
        raise PlanFileError(_("a plan file must hold a mapping at the top (got {name})").format(
                                name=type(data).__name__), file=source)
    version = data.get("schema_version", SCHEMA_VERSION)
    if isinstance(version, bool) or not isinstance(version, (int, Decimal)) or int(version) != version or version < 1:
        raise PlanFileError(_("'schema_version' must be a whole number >= 1 (got {version!r})").format(
                                version=version), file=source)
    if version > SCHEMA_VERSION:
        raise SchemaVersionError(int(version), SCHEMA_VERSION, source=source)
    return data


@attrs.frozen(kw_only=True)
class PlanDocument:
    """A plan read from a file, with every problem found in it (errors, warnings, notes)."""

    plan: Plan | None
    problems: tuple[Problem, ...]
    source: str | None = None

    @property
    def errors(self) -> tuple[Problem, ...]:
        """The problems that make the plan unacceptable."""
        return tuple(p for p in self.problems if p.severity is Severity.ERROR)

    @property
    def ok(self) -> bool:
        """True when there is a plan and no error (notes and warnings allowed)."""
        return self.plan is not None and not self.errors


def dumps_plan(plan: Plan, fmt: Format = "yaml") -> str:
    """The canonical text of ``plan`` in ``fmt``."""
    return dumps(unstructure(plan, fmt), fmt)


def dump_plan(plan: Plan, path: str | Path, fmt: Format | None = None) -> None:
    """Write ``plan`` to ``path`` (UTF-8, format from the suffix unless given)."""
    target = Path(path)
    text = dumps_plan(plan, fmt or format_for_path(target))
    target.write_text(text, encoding="utf-8")


def reads_plan(text: str, fmt: Format, *, source: str | None = None, registry: Any = None,
               lang: str | None = None) -> PlanDocument:
    """Read and validate a plan from ``fmt`` text, returning the plan and every problem (see :func:`read_plan`)."""
    with use_language(lang):
        return _read(text, fmt, source=source, registry=registry)


def loads_plan(text: str, fmt: Format, *, source: str | None = None, registry: Any = None,
               lang: str | None = None) -> Plan:
    """Read a plan from ``fmt`` text and validate it; raise on any error (its message in ``lang``)."""
    with use_language(lang):
        document = _read(text, fmt, source=source, registry=registry)
        if not document.ok:
            raise PlanValidationError(document.problems, source=source)
    assert document.plan is not None  # noqa: S101 - ok implies a plan
    return document.plan


def read_plan(path: str | Path, *, registry: Any = None, lang: str | None = None) -> PlanDocument:
    """Read and validate a plan file, returning the plan (if it could be built) and every problem.

    Only a file that cannot be read at all raises (:class:`~edu_plan.errors.PlanFileError`,
    :class:`~edu_plan.errors.SchemaVersionError`).  The problems and errors are written in ``lang``
    (``"zh"`` or ``"en"``; default: the current language, see :func:`edu_plan.use_language`).
    """
    with use_language(lang):
        return _read_plan(path, registry)


def _read_plan(path: str | Path, registry: Any) -> PlanDocument:
    from edu_plan._reading import read_text

    file = Path(path)
    if file.is_dir():
        raise PlanFileError(_("is a folder, not a plan file; give the path of the plan file itself (.yaml, .json, "
                              ".toml)"), file=str(path))
    if file.suffix.lower() in (".docx", ".xlsx", ".txt", ".csv", ".pdf", ".doc", ".xls"):
        raise PlanFileError(_("a {suffix} document is not a plan file (name the file .yaml, .json or .toml); turn "
                              "the document into one first with `edu-plan import {path}`").format(
                                suffix=file.suffix.lower(), path=path), file=str(path))
    fmt = format_for_path(file)
    text = read_text(file)
    return _read(text, fmt, source=str(path), registry=registry)


def load_plan(path: str | Path, *, registry: Any = None, lang: str | None = None) -> Plan:
    """Read a plan file; raise :class:`~edu_plan.errors.PlanValidationError` listing every error with its line.

    The error's message is written in ``lang`` (default: the current language).
    """
    with use_language(lang):
        document = read_plan(path, registry=registry)
        if not document.ok:
            raise PlanValidationError(document.problems, source=str(path))
    assert document.plan is not None  # noqa: S101 - ok implies a plan
    return document.plan


def _read(text: str, fmt: Format, *, source: str | None, registry: Any) -> PlanDocument:
    from edu_plan._validate import validate

    data = migrate(loads(text, fmt, source=source), source=source)
    try:
        plan = _structured_plan(data, fmt)
    except Exception as exc:  # noqa: BLE001 - every structuring failure becomes a located problem
        from edu_plan._validate import raw_problems

        # One round: the unknown units and kind typos of the raw data come with the structural problems.
        found = structuring_problems(exc) + raw_problems(data, registry=registry)
        return PlanDocument(plan=None, problems=_located(found, text, fmt, source), source=source)
    problems = validate(plan, registry=registry).problems
    return PlanDocument(plan=plan, problems=_located(problems, text, fmt, source), source=source)


def _structured_plan(data: Any, fmt: Format) -> Plan:
    """``data`` as a :class:`Plan`: by the quick converter, and when that fails by the detailed one, whose error
    names every problem with its path (the quick one stops at the first)."""
    try:
        return _quick_converter(fmt).structure(data, Plan)
    except Exception:  # noqa: BLE001 - the same data again, for every problem with its path
        return structure(data, Plan, fmt)


def _located(problems: Sequence[Problem], text: str, fmt: Format, source: str | None) -> tuple[Problem, ...]:
    """The problems with their lines, in file order.  The text is read for lines only when there are problems."""
    if not problems:
        return ()
    lines = _line_index(text, fmt)
    return _in_file_order([_locate(p, source, lines) for p in problems])


def _in_file_order(problems: list[Problem]) -> tuple[Problem, ...]:
    return tuple(sorted(problems, key=lambda p: p.line or 0))


def structuring_problems(exc: BaseException) -> list[Problem]:
    """Every error inside a failed ``structure`` call, as a :class:`Problem` with its path."""
    problems = []
    for message in cattrs.transform_error(exc, path="$", format_exception=_format_exception):
        text, _sep, path = message.rpartition(" @ ")
        if not text:
            text, path = message, "$"
        if text.startswith(_UNKNOWN_FIELDS):
            # One problem per unknown key, located at the key itself.
            for key, part in json.loads(text[len(_UNKNOWN_FIELDS):]):
                problems.append(Problem(
                    message=part, path=f"{path}.{key}", code="unknown-field",
                    hint=_("remove or rename the key; the model reference (docs/reference/model.md) lists the "
                           "fields"),
                ))
            continue
        problems.append(Problem(message=text, path=path, code="structure"))
    return problems


# The unknown keys of a mapping, as JSON [[key, message], …] after this marker: the keys are found, not read back.
_UNKNOWN_FIELDS = "\x00unknown-fields\x00"


def _format_exception(exc: BaseException, type_: type | None) -> str:
    if isinstance(exc, KeyError):
        return (_("required field {name!r} is missing").format(name=exc.args[0]) if exc.args
                else _("required field missing"))
    if isinstance(exc, ModelValueError):
        return str(exc)  # ours, already in the reader's language
    if isinstance(exc, cattrs.ForbiddenExtraKeysError):
        from edu_plan._validate import suggest

        known = [f.name for f in attrs.fields(exc.cl)] if attrs.has(exc.cl) else []
        parts = []
        for extra in sorted(exc.extra_fields, key=str):
            hint = suggest(str(extra), known)
            text = (_("unknown field {name!r} ({hint})").format(name=extra, hint=hint) if hint
                    else _("unknown field {name!r}").format(name=extra))
            parts.append([str(extra), text])
        return _UNKNOWN_FIELDS + json.dumps(parts, ensure_ascii=False)
    if getattr(type_, "__origin__", None) is Literal and isinstance(exc, (ValueError, cattrs.errors.CattrsError)):
        choices = ", ".join(repr(c) for c in getattr(type_, "__args__", ()))
        got = str(exc).split(" not in literal")[0]
        return _("must be one of {choices} (got {value!r})").format(choices=choices, value=got)
    if isinstance(type_, type) and issubclass(type_, enum.Enum) and isinstance(exc, ValueError):
        choices = ", ".join(repr(m.value) for m in type_)
        return _("must be one of {choices} (got {value})").format(
            choices=choices, value=exc.args[0].split(" is not")[0] if exc.args else "?")
    if isinstance(exc, AttributeError) and "has no attribute" in str(exc):
        # cattrs read a mapping's keys from something that is not a mapping.
        return _("must be a mapping of fields (key: value) (got {value})").format(value=str(exc).split(" object")[0])
    if isinstance(exc, (ValueError, TypeError)) and str(exc):
        name = getattr(type_, "__name__", None)
        text = str(exc)
        if name and "expected" not in text and "must be" not in text and not text.startswith("'"):
            return _("invalid value for {name}: {reason}").format(name=name, reason=text)
        return text
    return cattrs.v.format_exception(exc, type_)


def _locate(problem: Problem, source: str | None, lines: Mapping[str, int]) -> Problem:
    path = problem.path
    while path:
        if path in lines:
            return problem.located(source, lines[path])
        cut = max(path.rfind("."), path.rfind("["))
        if cut <= 0:
            break
        path = path[:cut]
    return problem.located(source, lines.get("$"))


def _line_index(text: str, fmt: Format) -> dict[str, int]:
    """Map each document path (``$.sections[0].tasks[3]``) to the line it starts on (1-based)."""
    if fmt == "toml":
        return _toml_lines(text)
    import yaml

    try:
        node = yaml.compose(text, Loader=_yaml_classes()[0])
    except yaml.YAMLError:
        return {}
    index: dict[str, int] = {}
    if node is not None:
        _walk_yaml(node, "$", index)
    return index


def _walk_yaml(node: yaml.Node, path: str, index: dict[str, int]) -> None:
    import yaml

    index.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            name = str(key.value)
            child = f"{path}.{name}" if re.fullmatch(r"[^.\[\]'\" ]+", name) else f"{path}[{name!r}]"
            index.setdefault(child, key.start_mark.line + 1)
            _walk_yaml(value, child, index)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk_yaml(item, f"{path}[{i}]", index)


# Compiled by re on first use (its cache), not at import: only a TOML file with problems needs them.
_TOML_TABLE = r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$"
_TOML_KEY = r"""^\s*(?:"([^"]+)"|'([^']+)'|([A-Za-z0-9_\-]+))\s*="""


def _toml_lines(text: str) -> dict[str, int]:
    """Line index for TOML as :func:`dumps` and most people write it: tables, arrays of tables, keys."""
    index: dict[str, int] = {"$": 1}
    counts: dict[str, int] = {}
    current = "$"
    resolved: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        table = re.match(_TOML_TABLE, line)
        if table:
            parts = [p.strip().strip('"') for p in table.group(2).split(".")]
            dotted = ".".join(parts)
            parent = ".".join(parts[:-1])
            prefix = resolved.get(parent, "$" + "".join(f".{p}" for p in parts[:-1])) if parent else "$"
            path = f"{prefix}.{parts[-1]}"
            if table.group(1) == "[[":
                n = counts.get(path, 0)
                counts[path] = n + 1
                for key in [k for k in counts if k.startswith(path + "[")]:
                    del counts[key]
                path = f"{path}[{n}]"
            resolved[dotted] = path
            current = path
            index.setdefault(path, number)
            continue
        found = re.match(_TOML_KEY, line)
        if found:
            key = next(group for group in found.groups() if group is not None)
            index.setdefault(f"{current}.{key}", number)
    return index



# -- schemes -------------------------------------------------------------------------------------


def read_scheme(path: str | PathLike[str]) -> dict[str, Any]:
    """The table of the scheme file ``path`` (TOML), with the file named in every refusal."""
    from edu_plan._reading import read_text

    text = read_text(path)
    data = loads(text, "toml", source=str(path))
    if not isinstance(data, dict):
        raise SchemeError([Problem(message=_("a scheme must be a TOML table"), path="$")], source=str(path))
    return data


SCHEME_NUMBER_LIMIT = Decimal(10) ** 9
"""The largest magnitude a number in a scheme may have (points, shares, cut-offs, days)."""


def _structure_scheme_decimal(value: Any, type_: type) -> Decimal:
    number = _structure_decimal(value, type_)
    if abs(number) > SCHEME_NUMBER_LIMIT:
        raise ModelValueError(_("expected a number of at most {limit:,} in size (got {value!r})").format(
                             limit=SCHEME_NUMBER_LIMIT, value=value))
    return number


def _structure_strings(value: Any, _type: type) -> tuple[str, ...]:
    # One string stands for a list of one; a string is never split into its characters.
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise ModelValueError(_("expected a list of strings (got {value!r})").format(value=value))
    return tuple(value)


def _scheme_structure_hook(converter: cattrs.Converter) -> Callable[[type], Callable[[Any, type], Any]]:
    def factory(cls: type) -> Callable[[Any, type], Any]:
        overrides: dict[str, Any] = {}
        for field in attrs.fields(cls):
            if field.metadata.get("structure") is False:
                overrides[field.name] = override(omit=True)
            elif "key" in field.metadata:
                overrides[field.name] = override(rename=field.metadata["key"])
        return make_dict_structure_fn(cls, converter, _cattrs_forbid_extra_keys=True, **overrides)

    return factory


@functools.cache
def _scheme_converter() -> cattrs.Converter:
    converter = make_converter("toml")
    converter.register_structure_hook(Decimal, _structure_scheme_decimal)
    converter.register_structure_hook_func(lambda t: t == tuple[str, ...], _structure_strings)
    converter.register_structure_hook_factory(attrs.has, _scheme_structure_hook(converter))
    return converter


S = TypeVar("S")


def structure_scheme(data: Mapping[str, Any], cls: type[S], *, source: str | None = None) -> S:
    """The scheme table ``data`` as a ``cls`` (a scorer's scheme class), or one error listing every mistake.

    Each key of the file is a field of ``cls`` (a field's ``metadata={"key": "min"}`` names a key
    spelled otherwise); unknown keys, wrong types, choices outside a ``Literal``, non-finite or
    absurdly large numbers are reported together with their path (``$.deductions[2].points``)
    and, when ``source`` names the file, its line; then the class's own ``problems()``.
    """
    problems: list[Problem] = []
    scheme: Any = None
    try:
        scheme = _scheme_converter().structure(dict(data), cls)
    except (cattrs.BaseValidationError, ValueError) as exc:
        problems = [_scheme_hint(p) for p in structuring_problems(exc)]
    else:
        problems = list(scheme.problems()) if hasattr(cls, "problems") else []
    if any(p.severity is Severity.ERROR for p in problems):
        raise SchemeError(locate_scheme_problems(problems, source), source=source)
    if source is not None and attrs.has(cls) and "source" in attrs.fields_dict(cls):
        scheme = attrs.evolve(scheme, source=source)
    return typing_cast(S, scheme)


def _scheme_hint(problem: Problem) -> Problem:
    # Table keys as TOML writes them ($.kinds.level, not $.kinds['level']), so that they find their lines.
    path = re.sub(r"\['([^'.\[\]]+)'\]", r".\1", problem.path)
    if problem.code == "unknown-field":
        return attrs.evolve(problem, path=path,
                            hint=_("remove or rename the key; docs/reference/scheme.md lists every key"))
    return attrs.evolve(problem, path=path)


def locate_scheme_problems(problems: Sequence[Problem], source: str | None) -> tuple[Problem, ...]:
    """``problems`` of the scheme file ``source`` with their lines, in file order (unlocated when no file)."""
    if source is None or not Path(source).is_file():
        return tuple(problems)
    from edu_plan._reading import read_text

    lines = _line_index(read_text(source), "toml")
    return _in_file_order([_locate(p, source, lines) for p in problems])


def line_index(text: str, fmt: Format) -> dict[str, int]:
    """Each document path of ``text`` (``$.reports[3]``, ``$.deductions[2].points``) with its 1-based line.

    The one owner of locating a node in YAML (and JSON, which YAML reads) or TOML text.
    """
    return _line_index(text, fmt)


SUFFIX_FORMATS: Mapping[str, str] = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".toml": "toml", ".csv": "csv",
                                     ".xlsx": "xlsx"}
"""The format each file suffix names, for every file edu_plan reads (plans, progress, schemes)."""


def suffix_format(path: str | PathLike[str], accepted: Sequence[str]) -> str:
    """The format of ``path`` by its suffix, one of ``accepted``; a refusal naming the suffixes that are."""
    suffix = Path(path).suffix.lower()
    fmt = SUFFIX_FORMATS.get(suffix)
    if fmt is None or fmt not in accepted:
        firsts = [next(s for s, f in SUFFIX_FORMATS.items() if f == name) for name in accepted]
        names = (_("{names} or {last}").format(names=", ".join(firsts[:-1]), last=firsts[-1]) if len(firsts) > 1
                 else firsts[0])
        raise PlanFileError(_("cannot tell the format from the suffix {suffix!r}; name the file {names}").format(
                                suffix=suffix, names=names),
                            file=str(path))
    return fmt

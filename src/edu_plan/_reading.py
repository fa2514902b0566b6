"""The one guarded door for the bytes of every file edu_plan opens: plans, progress, schemes, calendars, imports.

Text files are decoded here, in the encodings county offices really save them in (UTF-8, UTF-8 with
a byte-order mark as Excel writes it, GB18030 as Excel on Chinese Windows writes CSV), and the file
is named in every refusal.  Before anything is parsed, the file's size is checked against
:data:`edu_plan.limits.LIMITS`; NUL and other control bytes are refused with their line; JSON and
YAML documents are refused when they nest too deep, repeat a key, expand aliases past a budget
(a "billion laughs" bomb) or write a number too long to convert; CSV cells are bounded; and zip
containers (.xlsx, .docx) are inspected member by member before anything is unpacked.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from os import PathLike
from pathlib import Path
from typing import Any

from edu_plan._i18n import gettext as _
from edu_plan.errors import PlanFileError
from edu_plan.limits import current_limits

__all__ = [
    "ENCODINGS",
    "bundled_yaml",
    "check_controls",
    "check_zip",
    "csv_rows",
    "decode_text",
    "line_of",
    "parse_json",
    "read_bytes",
    "read_text",
    "sha256_text",
    "yaml_document",
]

ENCODINGS = ("utf-8-sig", "gb18030")
"""The encodings tried, in order: UTF-8 (with or without BOM) first, then GB18030 (a superset of GBK)."""


def decode_text(data: bytes, *, source: str | None = None) -> str:
    """``data`` as text in the first of :data:`ENCODINGS` that reads it whole."""
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise PlanFileError(_("not UTF-8 or GB18030 text; save the file as UTF-8 and retry"), file=source)


def _size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return _("{size} MiB").format(size=f"{size / (1024 * 1024):.1f}")
    return _("{size} bytes").format(size=size)


def read_bytes(path: str | PathLike[str]) -> bytes:
    """The bytes of the file at ``path``, refused when it is missing, a folder, or larger than the size limit."""
    file = Path(path)
    source = str(path)
    limit = current_limits().file_size
    if file.is_dir():
        raise PlanFileError(_("is a folder, not a file; give the path of the file itself"), file=source)
    try:
        with file.open("rb") as handle:
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise PlanFileError(_("no such file; check the path"), file=source) from None
    except OSError as exc:
        raise PlanFileError(_("cannot be read ({reason}); check the path and permissions").format(
            reason=exc.strerror), file=source) from None
    if len(data) > limit:
        raise PlanFileError(
            _("is larger than the limit of {limit}; split it, or raise the limit with --max-size "
              "(edu_plan.limits.use_limits(file_size=…))").format(limit=_size_text(limit)), file=source)
    return data


def read_text(path: str | PathLike[str]) -> str:
    """The text of the file at ``path`` (see :func:`decode_text`), control bytes refused with their line."""
    source = str(path)
    text = decode_text(read_bytes(path), source=source)
    check_controls(text, source=source)
    return text


# C0 controls but tab, line feed, carriage return and form feed (text extracted from PDFs has those), and DEL.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def line_of(text: str, position: int) -> int:
    """The 1-based line of ``position`` in ``text``."""
    return text.count("\n", 0, position) + 1


def check_controls(text: str, *, source: str | None = None) -> None:
    """Refuse text holding a NUL or another control byte, naming its line and column."""
    found = _CONTROL.search(text)
    if found is None:
        return
    line = line_of(text, found.start())
    column = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
    if found.group() == "\x00":
        message = _("holds a NUL byte at column {column}; the file is binary or damaged: save it again as plain "
                    "UTF-8 text").format(column=column)
    else:
        message = _("holds the control character {code} at column {column}; the file is binary or damaged: save it "
                    "again as plain UTF-8 text").format(code=f"U+{ord(found.group()):04X}", column=column)
    raise PlanFileError(message, file=source, line=line)


# -- JSON ---------------------------------------------------------------------------------------------


class _Guards:
    """The JSON parser's hooks; a refusal keeps what locates it in the text (the parser gives hooks no position)."""

    def __init__(self) -> None:
        self.limit = current_limits().number_chars
        self.pattern: str | None = None  # a regular expression matching the offending token

    def refuse(self, message: str, pattern: str) -> PlanFileError:
        self.pattern = pattern
        return PlanFileError(message)

    def pairs(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in pairs:
            if key in result:
                raise self.refuse(_("the key {key!r} appears twice in one object; keep one of them").format(key=key),
                                  re.escape(json.dumps(key, ensure_ascii=False)) + r"\s*:")
            result[key] = value
        return result

    def bounded(self, parse: Callable[[str], Any]) -> Callable[[str], Any]:
        def hook(text: str) -> Any:
            if len(text) > self.limit:
                raise self.refuse(_("a number of {length} characters is longer than the limit of {limit}; no "
                                    "quantity needs that many digits").format(length=len(text), limit=self.limit),
                                  r"[-+]?\d{" + str(self.limit // 2) + ",}")
            return parse(text)

        return hook


def parse_json(text: str, *, source: str | None = None) -> Any:
    """JSON text as data, floats as exact decimals, with every guard of this module."""
    guards = _Guards()
    try:
        data = json.loads(text, parse_float=guards.bounded(Decimal), parse_int=guards.bounded(int),
                          object_pairs_hook=guards.pairs)
    except RecursionError:
        raise PlanFileError(_("nested deeper than the limit of {limit} levels; a plan document is a few levels deep")
                            .format(limit=current_limits().depth), file=source) from None
    except PlanFileError as exc:
        # The line of the offending token, found in the text; the message is the hook's, not parsed back.
        line = _line_of_token(text, guards.pattern) if guards.pattern else None
        raise PlanFileError(str(exc), file=source, line=line) from None
    _check_depth(data, source)
    return data


def _line_of_token(text: str, pattern: str) -> int | None:
    hits = list(re.finditer(pattern, text))
    if not hits:
        return None
    # A repeated key: its second occurrence; a long number: its first.
    found = hits[1] if len(hits) > 1 and pattern.endswith(":") else hits[0]
    return line_of(text, found.start())


def _check_depth(data: Any, source: str | None) -> None:
    limit = current_limits().depth
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children: Any = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > limit:
            raise PlanFileError(_("nested deeper than the limit of {limit} levels; a plan document is a few levels "
                                  "deep").format(limit=limit), file=source)
        stack.extend((child, depth + 1) for child in children)


# -- YAML -----------------------------------------------------------------------------------------------


def bundled_yaml(text: str) -> Any:
    """The parsed form of ``text`` when it is, character for character, a bundled dataset's YAML; else None.

    ``edu_plan._parsed_datasets`` holds each bundled dataset's YAML already parsed (written by
    ``tools/parsed_datasets.py``), under the length and SHA-256 digest of the text it was parsed from:
    a text gets that form only when its own length and digest are those, so the form cannot be stale;
    and only under limits no tighter than the defaults, under which it was parsed (tighter ones read
    the text itself, and refuse it if they must).  What it spares: importing and running PyYAML.
    """
    from edu_plan import _parsed_datasets
    from edu_plan.limits import LIMITS

    if len(text) not in _parsed_datasets.LENGTHS:
        return None
    limits = current_limits()
    if (limits.depth < LIMITS.depth or limits.yaml_nodes < LIMITS.yaml_nodes
            or limits.number_chars < LIMITS.number_chars):
        return None
    build = _parsed_datasets.PARSED.get((len(text), sha256_text(text)))
    return None if build is None else build()


def sha256_text(text: str) -> str:
    """The SHA-256 digest of ``text`` in UTF-8, in hexadecimal."""
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def yaml_document(loader: Any, *, source: str | None = None) -> Any:
    """The one document of a PyYAML ``loader`` (a SafeLoader over the text), guarded before it is built.

    The node graph is walked once (iteratively: no recursion): too deep, a key twice in a
    mapping, a number too long, or more nodes than :attr:`~edu_plan.limits.Limits.yaml_nodes`
    once aliases are expanded are refused with their line, before any Python object is made.
    """
    import yaml

    limits = current_limits()
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        expanded: dict[int, int] = {}
        stack: list[tuple[Any, int, bool]] = [(node, 1, False)]
        on_path: set[int] = set()
        while stack:
            current, depth, done = stack.pop()
            key = id(current)
            if done:
                on_path.discard(key)
                size = 1
                for child in _children(current):
                    size += expanded.get(id(child), 1)
                    if size > limits.yaml_nodes:
                        raise PlanFileError(
                            _("expands to more than {limit} values through its aliases (*name); write the values "
                              "out instead of repeating aliases").format(limit=f"{limits.yaml_nodes:,}"),
                            file=source, line=current.start_mark.line + 1)
                expanded[key] = size
                continue
            if key in expanded:
                continue
            if key in on_path:
                raise PlanFileError(_("an alias refers to itself; remove the recursive alias"), file=source,
                                    line=current.start_mark.line + 1)
            if depth > limits.depth and not isinstance(current, yaml.ScalarNode):
                raise PlanFileError(_("nested deeper than the limit of {limit} levels").format(limit=limits.depth),
                                    file=source, line=current.start_mark.line + 1)
            _check_node(current, source, limits.number_chars)
            on_path.add(key)
            stack.append((current, depth, True))
            stack.extend((child, depth + 1, False) for child in _children(current))
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _children(node: Any) -> list[Any]:
    import yaml

    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")


def _check_node(node: Any, source: str | None, number_chars: int) -> None:
    import yaml

    if isinstance(node, yaml.ScalarNode):
        if node.tag in _NUMBER_TAGS and len(node.value) > number_chars:
            raise PlanFileError(_("a number of {length} characters is longer than the limit of {limit}; no quantity "
                                  "needs that many digits").format(length=len(node.value), limit=number_chars),
                                file=source, line=node.start_mark.line + 1)
        return
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key, _value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                continue
            if key.value == "<<" and key.tag == "tag:yaml.org,2002:merge":
                continue
            line = key.start_mark.line + 1
            if key.value in seen:
                raise PlanFileError(_("the key {key!r} appears twice (first on line {first}); keep one of them")
                                    .format(key=key.value, first=seen[key.value]), file=source, line=line)
            seen[key.value] = line


# -- CSV --------------------------------------------------------------------------------------------------


def csv_rows(text: str, *, source: str | None = None) -> Iterator[tuple[int, list[str]]]:
    """The rows of CSV ``text`` with the line each starts on; a broken quote or a huge cell refused with its line."""
    import csv
    import io

    limit = current_limits().csv_cell
    previous = csv.field_size_limit(limit)
    try:
        reader = csv.reader(io.StringIO(text), strict=True)
        start = 1
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                reason = str(exc)
                if "field larger than field limit" in reason:
                    message = _("a cell is longer than the limit of {limit} characters").format(limit=f"{limit:,}")
                elif "unexpected end of data" in reason or "EOF" in reason:
                    message = _("a quoted cell (\") is never closed; add the closing quote")
                else:
                    message = _("not valid CSV: {reason}").format(reason=reason)
                raise PlanFileError(message, file=source, line=start) from None
            yield start, row
            start = reader.line_num + 1
    finally:
        csv.field_size_limit(previous)


# -- zip containers (.xlsx, .docx) --------------------------------------------------------------------------


def check_zip(path: str | PathLike[str]) -> None:
    """Refuse a .xlsx/.docx whose members are too many, too big or too compressed, before unpacking any."""
    import zipfile

    source = str(path)
    limits = current_limits()
    if Path(path).is_file() and Path(path).stat().st_size > limits.file_size:
        read_bytes(path)  # raises the size refusal
    try:
        with zipfile.ZipFile(path) as container:
            members = container.infolist()
    except FileNotFoundError:
        raise PlanFileError(_("no such file; check the path"), file=source) from None
    except IsADirectoryError:
        raise PlanFileError(_("is a folder, not a file; give the path of the file itself"), file=source) from None
    except (zipfile.BadZipFile, OSError) as exc:
        raise PlanFileError(_("not a readable {suffix} file ({reason}); open it in Excel or Word and save it again")
                            .format(suffix=Path(path).suffix.lower(), reason=exc), file=source) from None
    if len(members) > limits.zip_members:
        raise PlanFileError(_("holds {count} parts, more than the limit of {limit}; it is not an ordinary Office file")
                            .format(count=f"{len(members):,}", limit=f"{limits.zip_members:,}"), file=source)
    total = 0
    for member in members:
        total += member.file_size
        if member.file_size > limits.zip_member_size:
            raise PlanFileError(_("its part {part!r} unpacks to {size}, more than the limit of {limit}").format(
                part=member.filename, size=_size_text(member.file_size), limit=_size_text(limits.zip_member_size)),
                file=source)
        ratio = member.file_size // max(member.compress_size, 1)
        if member.file_size > 1024 * 1024 and ratio > limits.zip_ratio:
            raise PlanFileError(_("its part {part!r} is compressed {ratio} times, more than the limit of {limit}: a "
                                  "zip bomb, not an Office file").format(part=member.filename, ratio=ratio,
                                                                         limit=limits.zip_ratio), file=source)
    if total > limits.zip_total_size:
        raise PlanFileError(_("unpacks to {size}, more than the limit of {limit}").format(
            size=_size_text(total), limit=_size_text(limits.zip_total_size)), file=source)

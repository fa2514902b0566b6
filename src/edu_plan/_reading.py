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

import csv
import io
import json
import re
import zipfile
from collections.abc import Callable, Iterator
from decimal import Decimal
from os import PathLike
from pathlib import Path
from typing import Any

from edu_plan.errors import PlanFileError
from edu_plan.limits import current_limits

__all__ = [
    "ENCODINGS",
    "check_controls",
    "check_zip",
    "csv_rows",
    "decode_text",
    "line_of",
    "parse_json",
    "read_bytes",
    "read_text",
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
    raise PlanFileError("not UTF-8 or GB18030 text; save the file as UTF-8 and retry", file=source)


def _size_text(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MiB" if size >= 1024 * 1024 else f"{size} bytes"


def read_bytes(path: str | PathLike[str]) -> bytes:
    """The bytes of the file at ``path``, refused when it is missing, a folder, or larger than the size limit."""
    file = Path(path)
    source = str(path)
    limit = current_limits().file_size
    if file.is_dir():
        raise PlanFileError("is a folder, not a file; give the path of the file itself", file=source)
    try:
        with file.open("rb") as handle:
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise PlanFileError("no such file; check the path", file=source) from None
    except OSError as exc:
        raise PlanFileError(f"cannot be read ({exc.strerror}); check the path and permissions", file=source) from None
    if len(data) > limit:
        raise PlanFileError(
            f"is larger than the limit of {_size_text(limit)}; split it, or raise the limit with --max-size "
            f"(edu_plan.limits.use_limits(file_size=…))", file=source)
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
    what = "a NUL byte" if found.group() == "\x00" else f"the control character U+{ord(found.group()):04X}"
    raise PlanFileError(
        f"holds {what} at column {column}; the file is binary or damaged: save it again as plain UTF-8 text",
        file=source, line=line)


# -- JSON ---------------------------------------------------------------------------------------------


def _no_duplicates(source: str | None) -> Callable[[list[tuple[str, Any]]], dict[str, Any]]:
    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in pairs:
            if key in result:
                raise PlanFileError(f"the key {key!r} appears twice in one object; keep one of them", file=source)
            result[key] = value
        return result

    return hook


def _bounded(parse: Callable[[str], Any], source: str | None) -> Callable[[str], Any]:
    limit = current_limits().number_chars

    def hook(text: str) -> Any:
        if len(text) > limit:
            raise PlanFileError(f"a number of {len(text)} characters is longer than the limit of {limit}; "
                                f"no quantity needs that many digits", file=source)
        return parse(text)

    return hook


def parse_json(text: str, *, source: str | None = None) -> Any:
    """JSON text as data, floats as exact decimals, with every guard of this module."""
    try:
        data = json.loads(text, parse_float=_bounded(Decimal, source), parse_int=_bounded(int, source),
                          object_pairs_hook=_no_duplicates(source))
    except RecursionError:
        raise PlanFileError(f"nested deeper than the limit of {current_limits().depth} levels; "
                            f"a plan document is a few levels deep", file=source) from None
    except PlanFileError as exc:
        # Add the line: find the offending token in the text.
        raise _with_line(exc, text) from None
    _check_depth(data, source)
    return data


def _with_line(exc: PlanFileError, text: str) -> PlanFileError:
    message = str(exc).split(": ", 1)[1] if exc.file else str(exc)
    key = re.search(r"the key '([^']*)' appears twice", message)
    found: re.Match[str] | None = None
    if key:
        hits = list(re.finditer(re.escape(json.dumps(key.group(1), ensure_ascii=False)) + r"\s*:", text))
        found = hits[1] if len(hits) > 1 else (hits[0] if hits else None)
    elif "a number of" in message:
        found = re.search(r"[-+]?\d{" + str(current_limits().number_chars // 2) + ",}", text)
    line = line_of(text, found.start()) if found else None
    return PlanFileError(message, file=exc.file, line=line)


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
            raise PlanFileError(f"nested deeper than the limit of {limit} levels; a plan document is a few levels "
                                f"deep", file=source)
        stack.extend((child, depth + 1) for child in children)


# -- YAML -----------------------------------------------------------------------------------------------


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
                            f"expands to more than {limits.yaml_nodes:,} values through its aliases (*name); "
                            f"write the values out instead of repeating aliases", file=source,
                            line=current.start_mark.line + 1)
                expanded[key] = size
                continue
            if key in expanded:
                continue
            if key in on_path:
                raise PlanFileError("an alias refers to itself; remove the recursive alias", file=source,
                                    line=current.start_mark.line + 1)
            if depth > limits.depth and not isinstance(current, yaml.ScalarNode):
                raise PlanFileError(f"nested deeper than the limit of {limits.depth} levels", file=source,
                                    line=current.start_mark.line + 1)
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
            raise PlanFileError(f"a number of {len(node.value)} characters is longer than the limit of "
                                f"{number_chars}; no quantity needs that many digits", file=source,
                                line=node.start_mark.line + 1)
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
                raise PlanFileError(f"the key {key.value!r} appears twice (first on line {seen[key.value]}); "
                                    f"keep one of them", file=source, line=line)
            seen[key.value] = line


# -- CSV --------------------------------------------------------------------------------------------------


def csv_rows(text: str, *, source: str | None = None) -> Iterator[tuple[int, list[str]]]:
    """The rows of CSV ``text`` with the line each starts on; a broken quote or a huge cell refused with its line."""
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
                    message = f"a cell is longer than the limit of {limit:,} characters"
                elif "unexpected end of data" in reason or "EOF" in reason:
                    message = "a quoted cell (\") is never closed; add the closing quote"
                else:
                    message = f"not valid CSV: {reason}"
                raise PlanFileError(message, file=source, line=start) from None
            yield start, row
            start = reader.line_num + 1
    finally:
        csv.field_size_limit(previous)


# -- zip containers (.xlsx, .docx) --------------------------------------------------------------------------


def check_zip(path: str | PathLike[str]) -> None:
    """Refuse a .xlsx/.docx whose members are too many, too big or too compressed, before unpacking any."""
    source = str(path)
    limits = current_limits()
    if Path(path).is_file() and Path(path).stat().st_size > limits.file_size:
        read_bytes(path)  # raises the size refusal
    try:
        with zipfile.ZipFile(path) as container:
            members = container.infolist()
    except FileNotFoundError:
        raise PlanFileError("no such file; check the path", file=source) from None
    except IsADirectoryError:
        raise PlanFileError("is a folder, not a file; give the path of the file itself", file=source) from None
    except (zipfile.BadZipFile, OSError) as exc:
        raise PlanFileError(f"not a readable {Path(path).suffix.lower()} file ({exc}); open it in Excel or Word and "
                            f"save it again",
                            file=source) from None
    if len(members) > limits.zip_members:
        raise PlanFileError(f"holds {len(members):,} parts, more than the limit of {limits.zip_members:,}; it is not "
                            f"an ordinary Office file", file=source)
    total = 0
    for member in members:
        total += member.file_size
        if member.file_size > limits.zip_member_size:
            raise PlanFileError(f"its part {member.filename!r} unpacks to {_size_text(member.file_size)}, more than "
                                f"the limit of {_size_text(limits.zip_member_size)}", file=source)
        ratio = member.file_size // max(member.compress_size, 1)
        if member.file_size > 1024 * 1024 and ratio > limits.zip_ratio:
            raise PlanFileError(f"its part {member.filename!r} is compressed {ratio} times, more than the limit of "
                                f"{limits.zip_ratio}: a zip bomb, not an Office file", file=source)
    if total > limits.zip_total_size:
        raise PlanFileError(f"unpacks to {_size_text(total)}, more than the limit of "
                            f"{_size_text(limits.zip_total_size)}", file=source)

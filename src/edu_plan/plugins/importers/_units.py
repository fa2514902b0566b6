"""Responsibility lines (牵头单位：…, "（县教体局牵头，县财政局配合）") and the unit registry they build.

A list of units is split at ，、；, a shared prefix is distributed ("县发改局、财政局" →
县发改局, 县财政局), a unit written two ways (县财政局 / 财政局, 县委统战部（民宗局） / 民宗局)
becomes one registry entry whose other spellings are aliases, and a collective such as
各乡镇场 stays one collective unit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

import attrs

from edu_plan._model import Role, Unit, UnitKind

__all__ = [
    "RESPONSIBILITY_LINE",
    "ROLE_WORDS",
    "Mention",
    "UnitRegistry",
    "parse_responsibility_line",
    "parse_trailing_parenthesis",
    "split_units",
]

ROLE_WORDS: dict[str, Role] = {
    "牵头单位": Role.LEAD,
    "牵头部门": Role.LEAD,
    "主责单位": Role.LEAD,
    "配合单位": Role.COOPERATING,
    "配合部门": Role.COOPERATING,
    "协办单位": Role.COOPERATING,
    "参与单位": Role.COOPERATING,
    "责任单位": Role.RESPONSIBLE,
    "责任部门": Role.RESPONSIBLE,
}
"""The labels of responsibility lines and the role each gives."""

_LABELS = "|".join(sorted(ROLE_WORDS, key=len, reverse=True))
RESPONSIBILITY_LINE = re.compile(rf"^\s*[（(]?\s*({_LABELS})\s*[：:]\s*(.*)$")
"""A line that starts with a responsibility label (牵头单位：县教体局)."""

_SEGMENT = re.compile(rf"({_LABELS})\s*[：:]")
_SEPARATORS = re.compile(r"[，,、；;／/\s]+")
# A county-level prefix that a list shares: 县 (县发改局、财政局), 县委 (县委统战部、网信办),
# or a named county (永宁县). 团县委 is a name of its own, and 市场监管局 starts with no prefix.
_PREFIX = re.compile(
    r"^((?:[\u4e00-\u9fff]{2,3}[县市区])(?:委)?|县委|县|市委|市(?!场)|区委|区(?!域))(?=[\u4e00-\u9fff]{2})"
)
_NOT_PREFIXED = re.compile(
    r"^(?:各|团|宁夏|自治区|全区|全市|全县)|县|街道|(?:乡|镇|场|学校|学院|中学|小学|幼儿园|管委会|集团|公司)$"
)
_ROLE_SUFFIX = {"牵头": Role.LEAD, "负责": Role.RESPONSIBLE, "配合": Role.COOPERATING, "参与": Role.COOPERATING,
                "协助": Role.COOPERATING}
_UNIT_END = re.compile(
    r"(?:局|办|委|部|室|队|会|所|院|校|站|中心|街道|镇|乡|场|团|园|处|科|厅|政府|集团|公司|支队|大队)$"
)


@attrs.frozen(kw_only=True)
class Mention:
    """One unit named in a responsibility: the name as written and as completed, and the role."""

    written: str
    name: str
    role: Role
    confidence: Decimal


def _strip(name: str) -> str:
    return name.strip(" \t　。．.：:（）()“”\"'")


def split_units(text: str) -> list[tuple[str, str]]:
    """The units of a list, each as ``(as written, completed)`` with the shared prefix distributed.

    >>> split_units("县发改局、财政局、自然资源局")
    [('县发改局', '县发改局'), ('财政局', '县财政局'), ('自然资源局', '县自然资源局')]
    """
    result: list[tuple[str, str]] = []
    prefix = ""
    # Split at separators, but not inside a parenthesis: 县委统战部（民宗局）is one unit.
    depth = 0
    current = ""
    pieces: list[str] = []
    for char in text:
        if char in "（(":
            depth += 1
        elif char in "）)":
            depth = max(0, depth - 1)
        if depth == 0 and _SEPARATORS.fullmatch(char):
            pieces.append(current)
            current = ""
        else:
            current += char
    pieces.append(current)
    for piece in pieces:
        written = _strip(piece) if not piece.rstrip().endswith(("）", ")")) else piece.strip(" \t　。，,")
        if len(written) < 2:
            continue
        match = _PREFIX.match(written)
        if match:
            prefix = match.group(1)
            result.append((written, written))
        elif prefix and not _NOT_PREFIXED.search(written) and _UNIT_END.search(_base(written)):
            result.append((written, prefix + written))
        else:
            result.append((written, written))
    return result


def _base(name: str) -> str:
    """The name without a trailing parenthesis: 县委统战部（民宗局） → 县委统战部."""
    return re.sub(r"[（(][^（）()]*[）)]$", "", name).strip() or name


def parse_responsibility_line(text: str, *, confidence: Decimal = Decimal(1)) -> list[Mention]:
    """Every unit of a line such as ``牵头单位：县教体局；配合单位：县发改局、财政局``."""
    mentions: list[Mention] = []
    labels = list(_SEGMENT.finditer(text))
    for i, label in enumerate(labels):
        end = labels[i + 1].start() if i + 1 < len(labels) else len(text)
        body = text[label.end():end].strip().rstrip("（(")
        role = ROLE_WORDS[label.group(1)]
        for written, name in split_units(body):
            role_here, cleaned = _role_in_name(name, role)
            sure = confidence if written == name else confidence - Decimal("0.1")
            mentions.append(Mention(written=written, name=cleaned, role=role_here, confidence=sure))
    return mentions


def _role_in_name(name: str, role: Role) -> tuple[Role, str]:
    # "县教体局（牵头）" inside a 责任单位 list marks the lead.
    match = re.search(r"[（(](牵头|负责|配合|参与|协助)[）)]$", name)
    if match:
        return _ROLE_SUFFIX[match.group(1)], name[: match.start()].strip()
    return role, name


_TRAILING = re.compile(r"[（(]([^（）()]*(?:[（(][^（）()]*[）)][^（）()]*)*)[）)]\s*[。.]?\s*$")


def parse_trailing_parenthesis(text: str) -> tuple[str, list[Mention]]:
    """Responsibilities given at the end of a task: ``…。（县教体局牵头，县财政局配合）``.

    Returns the text without the parenthesis and the mentions; no mention leaves the text
    unchanged.  ``（牵头单位：县教体局；配合单位：县财政局）`` is read too.
    """
    match = _TRAILING.search(text)
    if match is None:
        return text, []
    inside = match.group(1)
    mentions: list[Mention] = []
    if _SEGMENT.search(inside):
        mentions = parse_responsibility_line(inside, confidence=Decimal("0.9"))
    else:
        # Each role word closes the list of units before it: 县教体局牵头，县委宣传部，团县委配合.
        begin = 0
        for role_match in re.finditer(r"(牵头|负责|配合|参与|协助)\s*(?=[；;，,。]|$)", inside):
            role = _ROLE_SUFFIX[role_match.group(1)]
            names = inside[begin: role_match.start()].strip(" ；;，,").removesuffix("等")
            begin = role_match.end()
            for written, name in split_units(names):
                sure = Decimal("0.85") if written == name else Decimal("0.75")
                mentions.append(Mention(written=written, name=name, role=role, confidence=sure))
    if not mentions:
        return text, []
    return text[: match.start()].rstrip(), mentions


def _norm(name: str) -> str:
    """The name without a county prefix, for matching spellings: 县财政局 and 财政局 → 财政局."""
    base = _base(name)
    match = _PREFIX.match(base)
    if match and not base.startswith("团"):
        return base[match.end():]
    return base


def _kind(name: str) -> UnitKind:
    if name.startswith("各") or name.endswith("等单位"):
        return UnitKind.COLLECTIVE
    if re.match(r"^(?:宁夏|自治区|银川市|[\u4e00-\u9fff]{2}省)", name):
        return UnitKind.EXTERNAL
    if "街道" in name:
        return UnitKind.SUBDISTRICT
    if name.endswith(("农场", "管委会", "林场")):
        return UnitKind.FARM
    if re.search(r"(?:学校|学院|中学|小学|幼儿园)$", name):
        return UnitKind.SCHOOL
    if re.search(r"[镇乡]$", name) and not name.endswith("各乡镇"):
        return UnitKind.TOWNSHIP
    return UnitKind.DEPARTMENT


@attrs.define
class _Entry:
    id: str
    name: str
    spellings: list[str]
    line: int | None


class UnitRegistry:
    """Units met while importing, one entry per unit however many ways it is written."""

    def __init__(self) -> None:
        self._entries: list[_Entry] = []
        self._by_key: dict[str, _Entry] = {}

    def resolve(self, name: str, *, line: int | None = None) -> str:
        """The id of the unit called ``name``, adding it (or a new spelling of it) as needed."""
        keys = self._keys(name)
        entry = next((self._by_key[k] for k in keys if k in self._by_key), None)
        if entry is None:
            entry = _Entry(id=f"unit-{len(self._entries) + 1:02d}", name=_base(name), spellings=[], line=line)
            self._entries.append(entry)
        for spelling in dict.fromkeys([name, _base(name), *self._inner(name)]):
            if spelling not in entry.spellings:
                entry.spellings.append(spelling)
        # The prefixed spelling (县财政局) is the better name than the bare one (财政局).
        prefixed = [s for s in entry.spellings if _PREFIX.match(s) and s == _base(s)]
        if prefixed and not _PREFIX.match(entry.name):
            entry.name = prefixed[0]
        for key in keys:
            self._by_key.setdefault(key, entry)
        return entry.id

    @staticmethod
    def _inner(name: str) -> list[str]:
        match = re.search(r"[（(]([^（）()]+)[）)]$", name)
        if match and _UNIT_END.search(match.group(1)):
            return [match.group(1)]
        return []

    def _keys(self, name: str) -> list[str]:
        keys = [name, _base(name), _norm(name)]
        keys += self._inner(name)
        return list(dict.fromkeys(k for k in keys if k))

    def units(self) -> tuple[Unit, ...]:
        """The registry as :class:`~edu_plan.Unit` objects, in the order the units were first met."""
        return tuple(
            Unit(id=e.id, name=e.name, aliases=tuple(s for s in e.spellings if s != e.name), kind=_kind(e.name))
            for e in self._entries
        )

    def merged(self) -> Iterator[tuple[str, str, tuple[str, ...], int | None]]:
        """Each unit as ``(id, name, spellings merged into it, line first seen)``."""
        for e in self._entries:
            yield e.id, e.name, tuple(e.spellings), e.line

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
    "COLLECTIVES",
    "RESPONSIBILITY_LINE",
    "ROLE_WORDS",
    "Mention",
    "UnitRegistry",
    "looks_like_units",
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
    "牵头负责单位": Role.LEAD,
    "牵头负责部门": Role.LEAD,
    "负责单位": Role.RESPONSIBLE,
    "负责部门": Role.RESPONSIBLE,
    "推进单位": Role.RESPONSIBLE,
    "责任主体": Role.RESPONSIBLE,
    "实施部门": Role.COOPERATING,
    "实施单位": Role.COOPERATING,
    "协同单位": Role.COOPERATING,
    "协同部门": Role.COOPERATING,
    "配合责任单位": Role.COOPERATING,
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
    r"^(?:各|团|宁夏|自治区|全区|全市|全县|国家|中央|省|上海|北京|有关|相关)|县|街道|"
    r"(?:乡|镇|场|学校|学院|中学|小学|幼儿园|管委会|集团|公司|分局|分行|海关|海事局|专班)$"
)
# A name that carries a place of its own inside (公安青浦分局, 市场监管局嘉定分局) keeps it: no prefix.
_OWN_PLACE = re.compile(r"(?:分局|分行|分中心|分社|分公司)$|^(?:中国|国家|全国)")
# A division inside a body (科技信息处 of 市交通委), and a prefixed name that is one (市交通委科技信息处).
_DIVISION = re.compile(r"^[\u4e00-\u9fff]{2,8}(?:处|科|室|总队|支队)$")
_OWNER = re.compile(r"^((?:[\u4e00-\u9fff]{2,3}[县市区]|县|市|区)[\u4e00-\u9fff]{1,8}?(?:委|局|办))[\u4e00-\u9fff]{2,8}"
                    r"(?:处|科|室|总队|支队)$")

COLLECTIVES: list[str] = [
    "各区、县级市", "各有关区、县级市", "各相关区、县级市", "各区、县（市）", "各县、市、区", "各县（市、区）",
    "各市、县（区）", "各镇、街道", "各镇（街道）", "各乡镇（街道）", "各街道、镇", "各区、各部门", "各地、各部门",
    "各乡、镇", "各乡镇、街道",
]
"""Collective units whose names hold a 、 and must not be split (extend it for your region's forms)."""
_ROLE_SUFFIX = {"牵头": Role.LEAD, "负责": Role.RESPONSIBLE, "配合": Role.COOPERATING, "参与": Role.COOPERATING,
                "协助": Role.COOPERATING}
_UNIT_END = re.compile(
    r"(?:局|办|委|部|室|队|会|所|院|校|站|中心|街道|镇|乡|场|团|园|处|科|厅|政府|集团|公司|支队|大队|专班|"
    r"街镇|小组|指挥部|分行|海关|法院|检察院|公安|武警|工会|妇联|团委|残联|科协|社|馆|台|行|办公室)$"
)
_ETC = re.compile(r"(?:等(?:相关|有关)?(?:部门|单位|机构)?|(?:相关|有关)(?:部门|单位))$")


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
    owner_prefix = ""
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
    for piece in _glue_collectives(text, pieces):
        # Half-width parentheses in a name are the full-width ones typed on another keyboard.
        written = _clean_piece(piece).replace("(", "（").replace(")", "）")
        if len(written) < 2:
            continue
        match = _PREFIX.match(written)
        division = _DIVISION.match(_base(written))
        if match:
            prefix = match.group(1)
            owner = _OWNER.match(written)
            owner_prefix = owner.group(1) if owner else ""
            result.append((written, written))
        elif owner_prefix and division:
            # 市交通委科技信息处、港务监管处: a division of the same body (市交通委港务监管处).
            result.append((written, owner_prefix + written))
        elif (prefix and not _NOT_PREFIXED.search(written) and not _OWN_PLACE.search(_base(written))
              and _UNIT_END.search(_base(written))):
            result.append((written, _shared_prefix(prefix, written) + written))
        else:
            result.append((written, written))
    return result


# A party committee's prefix (县委, 永宁县委) is shared by the committee's own organs (统战部, 网信办, 政法委)
# but not by a government bureau or the government itself: 县委统战部、财政局 names 县财政局.
_GOVERNMENT_ORGAN = re.compile(r"(?:局|政府)$")


def _shared_prefix(prefix: str, written: str) -> str:
    """The part of ``prefix`` that ``written`` takes: a committee's 委 only for the committee's own organs."""
    if prefix.endswith("委") and _GOVERNMENT_ORGAN.search(_base(written)):
        return prefix[:-1]
    return prefix


def _clean_piece(piece: str) -> str:
    """A piece of a unit list without the punctuation around it, an unbalanced parenthesis or a trailing 等."""
    written = piece.strip(" \t　。，,；;：:“”\"'")
    # An unbalanced closing parenthesis is the end of the line's own parenthesis: （责任单位：甲、乙）.
    while written.endswith(("）", ")")) and written.count("（") + written.count("(") < (
            written.count("）") + written.count(")")):
        written = written[:-1].rstrip()
    while written.startswith(("（", "(")) and written.count("（") + written.count("(") > (
            written.count("）") + written.count(")")):
        written = written[1:].lstrip()
    stripped = _ETC.sub("", written)
    if len(stripped) >= 2:
        written = stripped
    return written.strip(" \t　。，,")


def _glue_collectives(text: str, pieces: list[str]) -> list[str]:
    """The pieces with the known collectives (各区、县级市) and 各…、… runs put back together."""
    result: list[str] = []
    k = 0
    while k < len(pieces):
        piece = pieces[k].strip()
        glued = False
        for collective in sorted(COLLECTIVES, key=len, reverse=True):
            parts = collective.split("、")
            window = [p.strip() for p in pieces[k:k + len(parts)]]
            if len(parts) > 1 and [_ETC.sub("", w) for w in window] == parts:
                result.append(collective)
                k += len(parts)
                glued = True
                break
        if glued:
            continue
        # 各区、县级市 not in the list: a piece after 各… that is not a unit name of its own belongs to it.
        if piece.startswith("各") and k + 1 < len(pieces):
            following = pieces[k + 1].strip()
            if _LEVEL_ONLY.fullmatch(following):
                result.append(f"{piece}、{following}")
                k += 2
                continue
        result.append(pieces[k])
        k += 1
    return result


# What may follow 各… after a 、 and still be the same collective: a level (县级市, 县, 街道), not a unit.
_LEVEL_ONLY = re.compile(
    r"县级市[\u4e00-\u9fff（）()]{0,8}|(?:县|市|区|镇|乡|乡镇|街道|县区|县（市、区）)(?:人民政府|政府)?"
)


def looks_like_units(line: str) -> bool:
    """Whether ``line`` is nothing but a list of units (区建设管理委、区水务局，各街镇)."""
    text = line.strip().rstrip("、，,；;")
    if not text or len(text) > 120 or re.search(r"[。：:！？]", text):
        return False
    names = [n for _, n in split_units(text)]
    if not names:
        return False
    return all(len(n) <= 20 and not re.search(r"\d", n) and not _ACTION.match(n)
               and (_UNIT_END.search(_base(n)) or n.startswith("各") or n in COLLECTIVES) for n in names)


_ACTION = re.compile(r"^(?:完成|推进|加快|建设|新建|改建|改造|实施|开展|打造|启动|创建|提升|加强|推动|落实|支持|"
                     r"鼓励|做好|"
                     r"组织|建立|健全|完善|深化|探索|培育|保障)")


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


_ROLE_PHRASE = re.compile(
    r"((?:按职责(?:分工)?|分工|共同|具体)?(?:牵头负责|牵头落实|牵头|负责落实|组织落实|组织实施|组织配合|具体实施|"
    r"具体落实|共同推进|负责|配合落实|配合|参与|协助|落实|实施))\s*(?=[；;，,。、]|$)"
)


def _phrase_role(phrase: str) -> Role:
    """The role a phrase after a list of units gives: …牵头负责 lead, …负责 responsible, …组织落实 cooperating."""
    if "牵头" in phrase:
        return Role.LEAD
    if "负责" in phrase:
        return Role.RESPONSIBLE
    return Role.COOPERATING


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
        for role_match in _ROLE_PHRASE.finditer(inside):
            role = _phrase_role(role_match.group(1))
            names = inside[begin: role_match.start()].strip(" ；;，,").removesuffix("等")
            begin = role_match.end()
            for written, name in split_units(names):
                sure = Decimal("0.85") if written == name else Decimal("0.75")
                mentions.append(Mention(written=written, name=name, role=role, confidence=sure))
    if not mentions:
        return text, []
    if all(m.role is Role.COOPERATING for m in mentions):
        # （市教委按职责组织落实）: units that carry the task out alone are responsible for it.
        mentions = [attrs.evolve(m, role=Role.RESPONSIBLE, confidence=m.confidence - Decimal("0.05"))
                    for m in mentions]
    return text[: match.start()].rstrip(), mentions


def _norm(name: str) -> str:
    """The name without a county prefix, for matching spellings: 县财政局 and 财政局 → 财政局."""
    base = _base(name)
    match = _PREFIX.match(base)
    if match and not base.startswith("团"):
        return base[match.end():]
    return base


def _kind(name: str) -> UnitKind:
    if name.startswith("各") or name.endswith(("等单位", "各乡镇")):  # 全县各乡镇 is all the townships
        return UnitKind.COLLECTIVE
    if re.match(r"^(?:宁夏|自治区|银川市|[\u4e00-\u9fff]{2}省)", name):
        return UnitKind.EXTERNAL
    if "街道" in name:
        return UnitKind.SUBDISTRICT
    if name.endswith(("农场", "管委会", "林场")):
        return UnitKind.FARM
    if re.search(r"(?:学校|学院|中学|小学|幼儿园)$", name):
        return UnitKind.SCHOOL
    if re.search(r"[镇乡]$", name):
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

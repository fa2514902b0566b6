"""Reading targets out of a task's text: numbers with their measure words, ranges, comparators,
recurrences, deadlines, and the slogans the text explains itself ("5个100%", "万兆到县").

Each target keeps the sentence it was read from and a confidence; each sentence that
holds a number the reader did not understand, or that reads like a milestone, is
returned as a missed commitment so that the import report can list it.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from decimal import Decimal

import attrs
import pendulum

from edu_plan._i18n import gettext as _
from edu_plan._model import Comparator
from edu_plan._numbers import CHINESE_NUMBER, QUANTITY, parse_number, parse_quantity
from edu_plan._periods import Period, PeriodKind, Recurrence

__all__ = ["Extracted", "Missed", "extract_targets", "sentences"]

_UOMS = sorted(
    ["人次", "个百分点", "百分点", "平方米", "万元", "亿元", "学时", "课时", "小时", "公里", "所", "个", "名", "节",
     "堂", "项", "次", "人", "家", "场", "期", "门", "套", "间", "座", "台", "元", "篇", "件", "处", "类", "条", "位",
     "本", "册", "户", "班", "支", "天", "%", "％"],
    key=len,
    reverse=True,
)
_UOM = "|".join(re.escape(u) for u in _UOMS)
_NUM = QUANTITY
_RANGE_SEP = r"\s*(?:——|—|–|－|-|～|~|至|到)\s*"
_PER = r"(?:\s*/\s*(?:公里|千米|平方米|人|生|年|月|天|次|户|所|班|台|吨|亩|小时|课时|学时|名))?"
_MENTION = re.compile(
    rf"(?P<low>{_NUM})\s*(?:(?P<uom1>{_UOM})\s*(?={_RANGE_SEP}))?(?:{_RANGE_SEP}(?P<high>{_NUM}))?\s*"
    rf"(?P<uom>(?:{_UOM}){_PER})"
)
# A number that is a word, not a quantity: 二次分拣, 四个到位, 一村两名 (the 一), 1+2+3理念.
_ORDINAL_WORD = re.compile(r"^[一二两三四五六七八九十]+\s*(?:次|个)[\u4e00-\u9fff]{1,3}(?:[”\"’，。；、,]|$)")
_PER_HEAD = re.compile(
    r"(?:生均|人均|户均|校均|班均|平均|每生|每名学生|每人|每所|每个|每校|每班|每村|每户|每名)[^，。；]*$"
)
_SHORT_TERM = re.compile(
    rf"(?P<cmp>不超过|不少于|不低于|至少|控制在|原则上不超过)\s*(?P<n>{CHINESE_NUMBER}|\d+)\s*(?P<uom>年|个月|周)"
)

_PERIOD_WORDS = {
    "学期": PeriodKind.SEMESTER,
    "学年": PeriodKind.SCHOOL_YEAR,
    "年度": PeriodKind.YEAR,
    "年": PeriodKind.YEAR,
    "季度": PeriodKind.QUARTER,
    "季": PeriodKind.QUARTER,
    "个月": PeriodKind.MONTH,
    "月": PeriodKind.MONTH,
}
_EVERY = re.compile(r"每\s*(?P<n>\d+|[两二三四五六七八九十])?\s*(?P<p>学期|学年|年度|季度|个月|年|季|月)")
_CYCLE = re.compile(
    r"(?P<n>\d+|[两二三四五六七八九十])\s*(?P<p>年|个学年|学年|学期)\s*(?:为)?一\s*(?:个)?\s*(?:周期|轮)"
)
_UNSUPPORTED_EVERY = re.compile(r"每\s*(?:\d+|[两二三四五六七八九十])?\s*(?:周|日|天|星期)")
_DEADLINE = re.compile(
    r"(?P<pre>到|至|于|在)?\s*(?P<y>(?:19|20)\d{2})\s*年\s*(?:(?P<m>\d{1,2})\s*月)?\s*(?P<post>(?:底|末)?\s*(?:前|以前|为止)|底|末)?"
)
_QUOTES = {"“": "”", "‘": "’", "《": "》", "「": "」", "〈": "〉", '"': '"'}
_OPENERS = "“‘《「〈（("
_CLOSERS = "”’》」〉）)"
_LEADING = re.compile(
    r"^(?:[，、：；\s]|力争|努力|争取|确保|原则上|进一步|累计|共计|并且|并|同时|其中|全县|全区|全市|使|帮助|推动|"
    r"至少|不少于|每\s*(?:\d+|[两二三四五六七八九十])?\s*(?:学期|学年|年度|季度|个月|年|季|月)|"
    r"(?:到|至|于|在)?\s*(?:19|20)\d{2}\s*年\s*(?:\d{1,2}\s*月)?\s*(?:底|末)?\s*(?:前|以前|为止)?)+"
)
_TRAILING = re.compile(
    r"(?:达到|提高到|提升到|增加到|增长到|保持在|控制在|稳定在|不低于|不少于|不超过|不高于|超过|低于|至少|为|在|到)+$"
)
_POST_WORDS = re.compile(r"^(?:及以上|以上|以下|以内|左右|之间|的)+")
_POST_TAIL = re.compile(r"(?:等(?:活动|工作|项目)?)$")
_COMMITMENT = re.compile(r"^(?:建立|建成|挂牌成立|成立|全面实行|全面推行|实行|实现|争创|创建|形成|完成|出台|制定|覆盖)")
_VERB = re.compile(r"^(?:打造|建设|建成|建立|新建|新增|培育|培养|创建|争创|评选|选树|开设|认定|组建|遴选|推出|开展)")
_BANDWIDTH = re.compile(
    r"(?P<speed>万兆|千兆|百兆|十兆)\s*(?P<verb>到|入|进|至|接入)\s*(?P<place>[\u4e00-\u9fff]{1,2}?)(?=[、，。；,]|$)"
)
_SPEEDS = {"万兆": Decimal(10000), "千兆": Decimal(1000), "百兆": Decimal(100), "十兆": Decimal(10)}
_N_HUNDRED = re.compile(r"[“\"]?\s*(?P<n>\d+|[一二两三四五六七八九十]+)\s*个\s*(?P<what>100\s*[%％]|全覆盖)\s*[”\"]?")
_FULL_COVER_BEFORE = re.compile(r"全覆盖\s*(?:开展|建设|推进|实施|配备|举办)(?P<what>[^，。；、]+)")
_FULL_COVER_AFTER = re.compile(r"(?:实现|做到|达到)(?P<what>[^，。；]+?)全覆盖")
_RELATIVE = re.compile(
    r"(?P<metric>[^，。；]*?)(?P<cmp>不低于|不高于|高于|低于|不少于|达到)(?P<ref>[^，。；\d%％]*?(?:平均水平|水平|平均数|平均值|标准))"
    r"(?=[，。；]|$)"
)
_ALL_MEMBERS = re.compile(r"全员|全体|全覆盖")
_DONE = re.compile(r"完成|建成|实现|应[\u4e00-\u9fff]尽[\u4e00-\u9fff]|全部|基本|达标|投入使用")


@attrs.frozen(kw_only=True)
class Extracted:
    """A target read from the text, before it gets its id and default deadline."""

    kind: str
    metric: str
    source: str
    confidence: Decimal
    quantity: Decimal | None = None
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    comparator: Comparator | None = None
    unit_of_measure: str | None = None
    recurrence: Recurrence | None = None
    deadline: pendulum.Date | None = None
    approximate: bool = False
    relative_to: str | None = None
    how: str = ""
    text: str | None = None


@attrs.frozen(kw_only=True)
class Missed:
    """A sentence that looked like a commitment but became no target, and why."""

    source: str
    reason: str
    confidence: Decimal


# -- splitting ---------------------------------------------------------------------------------------


def _quote_mask(text: str) -> list[bool]:
    """For each character, whether it lies inside quotation marks or book-title marks."""
    mask = [False] * len(text)
    closing: str | None = None
    for i, char in enumerate(text):
        if closing is not None:
            mask[i] = True
            if char == closing:
                closing = None
        elif char in _QUOTES:
            closing = _QUOTES[char]
            mask[i] = True
    return mask


def _split(text: str, separators: str) -> Iterator[tuple[int, int]]:
    """Spans of ``text`` between top-level separators (quotes and parentheses are not split)."""
    depth = 0
    start = 0
    for i, char in enumerate(text):
        if char in _OPENERS and not (char == "“" and depth and text[i - 1] == "“"):
            depth += 1
        elif char in _CLOSERS:
            depth = max(0, depth - 1)
        elif char == '"':
            continue
        elif depth == 0 and char in separators:
            if i > start:
                yield start, i
            start = i + 1
    if len(text) > start:
        yield start, len(text)


def sentences(text: str) -> list[str]:
    """The sentences of a text, split at 。；！？ outside quotes and parentheses."""
    return [text[a:b].strip() for a, b in _split(text, "。；;！？!?") if text[a:b].strip()]


# -- extraction --------------------------------------------------------------------------------------


def _period(word: str) -> PeriodKind:
    return _PERIOD_WORDS.get(word.removeprefix("个"), PeriodKind.YEAR)


def _recurrence(n: str | None, word: str, issue_year: int | None) -> Recurrence:
    interval = int(parse_number(n) or 1) if n else 1
    kind = _period(word)
    anchor = None
    if interval > 1 and kind is PeriodKind.YEAR and issue_year is not None:
        # Cycles of several years count from the year the plan was issued (2023 for Helan).
        anchor = Period.year_of(issue_year)
    return Recurrence(every=kind, interval=max(interval, 1), anchor=anchor)


def _deadline(match: re.Match[str]) -> pendulum.Date | None:
    if not match.group("pre") and not match.group("post"):
        return None  # "2024年起" or "2023 年第 1 次会议" name a year, not a deadline
    if match.group("pre") == "在" and not match.group("post"):
        return None
    year = int(match.group("y"))
    month = int(match.group("m")) if match.group("m") else 12
    if not 1 <= month <= 12:
        return None
    return pendulum.Date(year, month, calendar.monthrange(year, month)[1])


def _clean_metric(text: str) -> str:
    text = _LEADING.sub("", text.strip().strip("、，"))
    text = _TRAILING.sub("", _POST_TAIL.sub("", text.strip("、，")))
    return text.strip(" ，、：；,")


def _comparator(before: str, after: str) -> tuple[Comparator | None, bool]:
    approximate = bool(re.match(r"\s*左右", after)) or bool(re.search(r"(?:约|大约|近)$", before))
    if re.search(r"(?:不低于|不少于|至少)$", before):
        return Comparator.GE, approximate
    if re.match(r"\s*(?:以下|以内)", after) or re.search(r"(?:不超过|不高于|控制在|低于)$", before):
        return Comparator.LE, approximate
    if re.search(r"(?:超过)$", before) and not re.search(r"不超过$", before):
        return Comparator.GT, approximate
    return Comparator.GE, approximate


def extract_targets(
    text: str, *, issue_year: int | None = None
) -> tuple[list[Extracted], list[Missed]]:
    """Every target in ``text`` (a task's text or a 目标 cell) and every missed commitment."""
    targets: list[Extracted] = []
    missed: list[Missed] = []
    for sentence in sentences(text):
        found, lost = _sentence(sentence, issue_year)
        targets += found
        missed += lost
    return targets, missed


def _sentence(sentence: str, issue_year: int | None) -> tuple[list[Extracted], list[Missed]]:
    mask = _quote_mask(sentence)
    deadlines = [(m.start(), m.end(), _deadline(m)) for m in _DEADLINE.finditer(sentence)]
    consumed: list[tuple[int, int]] = [(a, b) for a, b, _ in deadlines]
    targets: list[Extracted] = []
    missed: list[Missed] = []

    def deadline_at(pos: int, end: int | None = None) -> pendulum.Date | None:
        before = [d for a, _b, d in deadlines if a <= pos and d is not None]
        if before:
            return before[-1]
        # A deadline written after the number counts in the same clause, or in a later clause of the
        # sentence that states no quantity of its own (覆盖率达到80%以上，2025年底前完成).
        after = [d for a, _b, d in deadlines if pos < a < (end if end is not None else pos) and d is not None]
        if after:
            return after[0]
        for a, b, d in deadlines:
            if a > pos and d is not None:
                clause_end = min([len(sentence), *(i for i in range(b, len(sentence)) if sentence[i] in "，,；;")])
                if not _MENTION.search(sentence, b, clause_end):
                    return d
                break
        return None

    def free(a: int, b: int) -> bool:
        return not any(x < b and a < y for x, y in consumed)

    for start, end in _split(sentence, "，,：:"):
        clause = sentence[start:end]
        made = len(targets)
        targets += _slogans(sentence, start, clause, mask, consumed, deadline_at)
        for m in _SHORT_TERM.finditer(clause):
            # 不超过三年, 不少于6个月: a length of time, which the measure words leave out.
            value = parse_quantity(m.group("n"))
            if value is None or mask[start + m.start()]:
                continue
            consumed.append((start + m.start(), start + m.end()))
            less = m.group("cmp") in ("不超过", "控制在", "原则上不超过")
            targets.append(Extracted(kind="level", metric=_clean_metric(clause[: m.start()]) or _clean_metric(clause),
                                     source=sentence, quantity=value, comparator=Comparator.LE if less else
                                     Comparator.GE, unit_of_measure=m.group("uom"), deadline=deadline_at(start),
                                     confidence=Decimal("0.7"), how=_("a length of time (不超过三年)")))
        recurrences = []
        for pattern in (_EVERY, _CYCLE):
            for m in pattern.finditer(clause):
                if not mask[start + m.start()]:
                    recurrences.append((start + m.start(), start + m.end(),
                                        _recurrence(m.group("n"), m.group("p"), issue_year)))
                    consumed.append((start + m.start(), start + m.end()))
        recurrences.sort(key=lambda r: r[0])
        previous_end = start
        mentions = [m for m in _MENTION.finditer(sentence, start, end) if _is_quantity(sentence, m, mask)]
        for index, m in enumerate(mentions):
            a, b = m.start(), m.end()
            if not free(a, b):
                continue
            low = parse_quantity(m.group("low"))
            high = parse_quantity(m.group("high")) if m.group("high") else None
            uom = m.group("uom").replace("％", "%")
            recurrence = next((r for x, y, r in reversed(recurrences) if y <= a), None)
            chinese = not re.match(r"\d", m.group("low"))
            counted = re.search(r"(?:不少于|不低于|至少|配备|不超过)\s*$", sentence[max(0, a - 4):a])
            if chinese and low == 1 and recurrence is None and not counted:
                continue  # 一支队伍, 一人一案: "one" is a word here, not a target (不少于一名 is one)
            if chinese and recurrence is None and _ORDINAL_WORD.match(sentence[a:]) and not counted:
                continue  # 二次分拣, 四个到位: an ordinal or a slogan, not a count
            if re.search(r"[+＋]\s*$", sentence[max(0, a - 2):a]) or re.match(r"\s*[+＋]", sentence[b:b + 2]):
                continue  # 1+2+3理念, 1+X证书
            if low is None:
                continue
            consumed.append((a, b))
            next_mention = mentions[index + 1].start() if index + 1 < len(mentions) else end
            # The words after a number stop where the next recurrence starts (…大家访、每学期组织一次…).
            next_start = min([next_mention, *(x for x, _y, _r in recurrences if b <= x < next_mention)])
            # …and the words before it start after the recurrence that governs it.
            begin = max([previous_end, *(y for _x, y, _r in recurrences if y <= a)])
            before = sentence[begin:a]
            after = sentence[b:next_start]
            previous_end = b
            comparator, approximate = _comparator(before.rstrip(), after)
            pre = _clean_metric(before)
            # Between two numbers, the words name the second one: 学校10所、基地5个.
            between = pre and next_start == next_mention and index + 1 < len(mentions)
            post = "" if between else _clean_metric(_POST_WORDS.sub("", after.strip()))
            if index > 0 and pre and not _VERB.match(pre) and targets and targets[-1].source == sentence:
                verb = _VERB.match(targets[-1].metric)
                pre = (verb.group(0) if verb else "") + pre
            metric = post if (uom == "次" and post) else (pre + post)
            metric = metric or _clean_metric(clause) or clause
            confidence = Decimal("0.9") - (Decimal("0.1") if chinese else 0) - (Decimal("0.1") if not pre else 0)
            per_head = (bool(_PER_HEAD.search(sentence[max(0, a - 30):a])) or "/" in uom
                        or bool(re.search(r"一[村校班户园所]$", sentence[max(0, a - 2):a])))  # 一村两名
            share = uom in ("%", "个百分点", "百分点") or bool(re.search(r"比例|比率|率", before))
            yearly = recurrence is not None and (share or per_head)
            if yearly:
                recurrence = None  # 每年…比例不低于15%, 每生每年不低于600元: a level held every year, not a count
            deadline = None if recurrence is not None else deadline_at(a, end)
            if recurrence is not None:
                targets.append(Extracted(kind="recurring", metric=metric, source=sentence, quantity=low,
                                         comparator=Comparator.GE, unit_of_measure=uom, recurrence=recurrence,
                                         approximate=approximate, confidence=confidence - Decimal("0.05"),
                                         how=_("a number with its measure word, after a recurrence (每…)")))
            elif high is not None:
                low, high = min(low, high), max(low, high)
                targets.append(Extracted(kind="range", metric=metric, source=sentence, minimum=low, maximum=high,
                                         unit_of_measure=uom, deadline=deadline, approximate=approximate,
                                         confidence=confidence - Decimal("0.05"), how=_("a range of two numbers")))
            else:
                level = uom in ("%", "个百分点", "百分点") or comparator is Comparator.LE or per_head or bool(
                    re.search(r"(?:达到|保持在|稳定在|控制在|提高到|提升到)\s*$", before))
                how = (_("a level held every year (每年…比例 / 每生每年)") if yearly else
                       _("a level per head (生均, 每生…)") if per_head else
                       _("a level to reach") if level else _("an amount to add up to"))
                targets.append(Extracted(kind="level" if level else "cumulative", metric=metric, source=sentence,
                                         quantity=low, comparator=comparator, unit_of_measure=uom, deadline=deadline,
                                         approximate=approximate, confidence=confidence, how=how))
            phrase_end = b if between or not post else next_start
            targets[-1] = attrs.evolve(targets[-1], text=_phrase(sentence, begin, phrase_end, a, recurrences))
        if recurrences and len(targets) == made and _ALL_MEMBERS.search(clause):
            # 5年一周期的全员轮训: everyone, once per cycle.
            _x, y, recurrence = recurrences[-1]
            metric = _clean_metric(_POST_WORDS.sub("", sentence[y:end].strip())) or _clean_metric(clause)
            targets.append(Extracted(kind="recurring", metric=metric, source=sentence, quantity=Decimal(100),
                                     comparator=Comparator.GE, unit_of_measure="%", recurrence=recurrence,
                                     confidence=Decimal("0.6"), how=_("全员 (everyone) once per cycle")))
        elif recurrences and len(targets) == made:
            missed.append(Missed(source=sentence,
                                 reason=_("a recurrence ({describe}) without a number of times").format(
                                     describe=recurrences[0][2].describe()),
                                 confidence=Decimal("0.5")))
        if _UNSUPPORTED_EVERY.search(clause):
            missed.append(Missed(source=sentence, reason=_("a weekly or daily recurrence, which periods cannot "
                                                           "express"),
                                 confidence=Decimal("0.5")))
        if len(targets) == made:
            leftover = [m for m in re.finditer(r"\d+", clause)
                        if not mask[start + m.start()] and free(start + m.start(), start + m.end())
                        and not clause[max(0, m.start() - 1):m.start()].endswith("第")]
            head = _LEADING.sub("", clause.strip())
            if leftover:
                missed.append(Missed(source=sentence, reason=_("the number {group} was not understood as a target "
                                                               "(no measure word after it)").format(
                                                                   group=leftover[0].group(0)),
                                     confidence=Decimal("0.4")))
            elif _COMMITMENT.match(head):
                missed.append(Missed(source=sentence, reason=_("“{head}” reads like a milestone or qualitative "
                                                               "commitment; add it as a milestone or qualitative "
                                                               "target if it is one").format(head=head),
                                     confidence=Decimal("0.3")))
    dated = [d for _a, _b, d in deadlines if d is not None]
    if not targets and dated and _DONE.search(sentence) and not any(_ALL_MEMBERS.search(sentence) for _ in (0,)):
        # 到2030年…应装尽装: a deadline without a quantity is a milestone to reach by then.
        metric = _clean_metric(_DEADLINE.sub("", sentence))[:40]
        targets.append(Extracted(kind="milestone", metric=metric, source=sentence, deadline=dated[0],
                                 confidence=Decimal("0.5"), how=_("a deadline without a quantity: a milestone")))
        missed = [m for m in missed if m.source != sentence]
    return targets, missed


def _is_quantity(sentence: str, m: re.Match[str], mask: list[bool]) -> bool:
    a, b = m.start(), m.end()
    if any(mask[a:b]):
        return False
    if re.search(r"[第每前近]\s*$", sentence[max(0, a - 3):a]) or sentence[b:b + 1] == "一":
        return False  # 第1次 (an ordinal), 一人一案 (a slogan)
    return not re.match(r"\d", sentence[a - 1:a] or " ")


def _slogans(sentence: str, start: int, clause: str, mask: list[bool], consumed: list[tuple[int, int]],
             deadline_at: object) -> list[Extracted]:
    found: list[Extracted] = []
    at = deadline_at  # a callable: the deadline in force at a position
    assert callable(at)  # noqa: S101 - a private helper called from one place

    slogan = _N_HUNDRED.search(clause)
    if slogan:
        n = parse_number(slogan.group("n"))
        items_text = _clean_metric(re.sub(r"^(?:实现|做到|达到)", "", _LEADING.sub("", clause[: slogan.start()])))
        items = [i.strip() for i in items_text.split("、") if i.strip()]
        consumed.append((start + slogan.start(), start + slogan.end()))
        if n is not None and items and len(items) == n:
            for item in items:
                found.append(Extracted(kind="level", metric=item, source=sentence, quantity=Decimal(100),
                                       comparator=Comparator.GE, unit_of_measure="%", deadline=at(start),
                                       confidence=Decimal("0.7"),
                                       how=_("the slogan “{slogan}” explained by its list").format(
                                           slogan=slogan.group(0).strip("“”"))))
    speeds = list(_BANDWIDTH.finditer(clause))
    if speeds:
        subject = _clean_metric(re.sub(r"^(?:实现|做到|达到)", "", _LEADING.sub("", clause[: speeds[0].start()])))
        for m in speeds:
            consumed.append((start + m.start(), start + m.end()))
            found.append(Extracted(kind="level", metric=f"{subject}{m.group('verb')}{m.group('place')}带宽",
                                   source=sentence, quantity=_SPEEDS[m.group("speed")], comparator=Comparator.GE,
                                   unit_of_measure="Mbps", deadline=at(start), confidence=Decimal("0.7"),
                                   how=_("“{written}”: {speed} is {mbps} Mbps").format(
                                       written=m.group(0), speed=m.group("speed"), mbps=_SPEEDS[m.group("speed")])))
    # 全覆盖开展X (every school holds X) is a 100% level; 实现X全覆盖 names no quantity: a commitment.
    for pattern in (_FULL_COVER_BEFORE,):
        for m in pattern.finditer(clause):
            if mask[start + m.start()] or slogan:
                continue
            what = _clean_metric(m.group("what"))
            if what:
                found.append(Extracted(kind="level", metric=f"{what}覆盖率", source=sentence, quantity=Decimal(100),
                                       comparator=Comparator.GE, unit_of_measure="%", deadline=at(start),
                                       confidence=Decimal("0.6"), how=_("全覆盖 (full coverage) read as 100%")))
    for m in _RELATIVE.finditer(clause):
        metric = _clean_metric(m.group("metric"))
        if metric and not mask[start + m.start("ref")]:
            cmp = {"不高于": Comparator.LE, "低于": Comparator.LT, "高于": Comparator.GT}.get(m.group("cmp"),
                                                                                      Comparator.GE)
            found.append(Extracted(kind="level", metric=metric, source=sentence, comparator=cmp,
                                   relative_to=m.group("ref").strip(), deadline=at(start), confidence=Decimal("0.7"),
                                   how=_("relative to another value ({comparator}…)").format(
                                       comparator=m.group("cmp"))))
    return found


_EDGES = " \t，,、；;。：:"
_BOUND_WORDS = re.compile(r"\s*(?:及以上|以上|以下|以内|左右)")


def _phrase(sentence: str, begin: int, end: int, at: int, recurrences: list[tuple[int, int, Recurrence]]) -> str:
    """The words of a sentence stating one target, as written: its recurrence (每学期), verb, number and measure."""
    governing = [x for x, y, _r in recurrences if y <= at]
    start = max(governing) if governing and max(governing) < begin else begin
    bound = _BOUND_WORDS.match(sentence, end)  # 92%以上, 10所左右: the words that bound the number are part of it
    return sentence[start:bound.end() if bound else end].strip(_EDGES)

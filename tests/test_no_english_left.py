"""No English left where a person reads: a guard on the source, and the Helan scores in every text format.

Two guards.  The first reads the source: every module under ``src/edu_plan`` is parsed and each
``raise <Name>Error(…)``, each ``Problem(…)`` and each ``message=``/``hint=`` argument is looked at; a
literal string (or an f-string) with an English word in it that is not marked for translation
(``_``/``gettext``/``N_``/``lazy``/``ngettext``, or ``.format`` of one of them) fails the test, unless the
allow-list below names it and says why.  The second reads the output: with no option set (the
``chinese`` fixture) the Helan score with its own scheme (efficiency), and with the pace and attainment
scorers, the bulletin, the rectification list and the score lines, in the table, Markdown, CSV and HTML
formats, hold no English word beyond the ids of the plan and the scheme (the checker of
tests/test_language_cli.py, ``english_words``); with ``EDU_PLAN_LANG=en`` the same output holds no Chinese
character beyond the plan's, the scheme's and the progress file's own words.
"""

from __future__ import annotations

import ast
import csv
import html.parser
import io
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from tests.test_language_cli import english_words

from edu_plan.cli import main

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "edu_plan"
HELAN = ROOT / "examples" / "helan"
PROGRESS = HELAN / "progress-2023-2024.csv"
SCHEME = HELAN / "scheme.toml"

MARKS = frozenset({"_", "gettext", "N_", "lazy", "ngettext"})

ALLOWED: dict[tuple[str, str], str] = {
    ("__init__.py", "AttributeError"): "the module's __getattr__: Python's own wording, read by tools and developers",
    ("_assessment.py", "ValueError"): "an attrs validator of a share a scorer computed: a bug, never a user's input",
    ("_assessment.py", "KeyError"): "Assessment.scorecard(unit) of the Python API: a key error names the key",
    ("_import.py", "ValueError"): "an attrs converter of the confidence the importer itself computes",
    ("views/_model.py", "ValueError"): "a view built with rows of the wrong length: a bug of the view's author",
    ("plugins/storage/_sql.py", "AssertionError"): "an unreachable branch",
    ("serialization.py", "IterableValidationError"): "cattrs' own error tree; the door translates every leaf of it",
    ("testing/kinds.py", "NotImplementedError"): "the contract kit tells a plugin's developer what to implement",
    ("testing/storage.py", "NotImplementedError"): "the contract kit tells a plugin's developer what to implement",
}
"""(module under src/edu_plan, exception raised with a literal message) → why it stays English."""


def _is_marked(node: ast.AST) -> bool:
    """A call of ``_``/``gettext``/``N_``/``lazy``/``ngettext``, or ``.format(…)`` of one."""
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    if isinstance(func, ast.Name):
        return func.id in MARKS
    if isinstance(func, ast.Attribute):
        return func.attr in MARKS or (func.attr == "format" and _is_marked(func.value))
    return False


def _is_english_literal(node: ast.AST) -> bool:
    """A string literal with a Latin word of three letters or more, an f-string, or text joined from one."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and re.search(r"[A-Za-z]{3,}", node.value) is not None
    if isinstance(node, ast.JoinedStr):
        return any(_is_english_literal(part) for part in node.values)
    if isinstance(node, ast.BinOp):
        return _is_english_literal(node.left) or _is_english_literal(node.right)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("format", "join"):
        return _is_english_literal(node.func.value) and not _is_marked(node)
    return False


def _called(node: ast.Call) -> str:
    return node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")


def unmarked_messages(source: str) -> Iterator[tuple[int, str, str]]:
    """(line, what, text) of each message literal of ``source`` not marked for translation."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            name = _called(node.exc)
            if name.endswith(("Error", "Exception")):
                for arg in (*node.exc.args, *(k.value for k in node.exc.keywords if k.arg in ("message", "hint"))):
                    if _is_english_literal(arg):
                        yield node.lineno, name, ast.unparse(arg)
        elif isinstance(node, ast.Call):
            name = _called(node)
            args = list(node.args) if name == "Problem" else []
            args += [k.value for k in node.keywords if k.arg in ("message", "hint")]
            for arg in args:
                if _is_english_literal(arg):
                    yield arg.lineno, name or "call", ast.unparse(arg)


class TestSourceGuard:
    def test_finds_an_unmarked_message(self) -> None:
        """The guard sees what it is for: an f-string raised, a Problem's literal hint, a message= literal.

        Three lines of English, one marked (``_("…").format``) and one without a word: three found."""
        source = (
            'raise RenderError(f"the {fmt} format holds one view")\n'
            'Problem(message=_("marked {x}").format(x=1), hint="swap the two ends")\n'
            'refuse(message="unknown unit " + name)\n'
            'raise ScoringError(_("{target}: no rule").format(target=t))\n'
            'raise ValueError("?")\n'
        )
        assert [(1, "RenderError"), (2, "Problem"), (3, "refuse")] == [
            (line, what) for line, what, _text in unmarked_messages(source)]

    def test_every_module(self) -> None:
        """Every module of the package: each message literal is marked, or allowed here for the reason given."""
        left: dict[str, list[str]] = {}
        used: set[tuple[str, str]] = set()
        for path in sorted(PACKAGE.rglob("*.py")):
            relative = path.relative_to(PACKAGE).as_posix()
            for line, what, text in unmarked_messages(path.read_text(encoding="utf-8")):
                if (relative, what) in ALLOWED:
                    used.add((relative, what))
                    continue
                left.setdefault(relative, []).append(f"{line}: {what}: {text[:100]}")
        assert {} == left
        assert set(ALLOWED) == used, "an allow-list entry no longer needed"


# -- the output of the Helan scores -------------------------------------------------------------------


def _ids() -> frozenset[str]:
    """The words of the ids a person may meet in the output: the plan's unit ids, the scheme's rule ids."""
    plan = yaml.safe_load((HELAN / "plan.yaml").read_text(encoding="utf-8"))
    scheme = tomllib.loads(SCHEME.read_text(encoding="utf-8"))
    ids = [unit["id"] for unit in plan["units"]]
    ids += [rule["id"] for table in ("deductions", "bonuses", "vetoes") for rule in scheme.get(table, [])]
    return frozenset(word for value in ids for word in re.findall(r"[A-Za-z]+", value))


IDS = _ids() | {"csv", "html", "xlsx"}
"""The ids, and the names of formats as the user types them after --format."""


class _Text(html.parser.HTMLParser):
    """What a browser shows of a page: its text and its titles, not its markup, style or script."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._hidden += tag in ("style", "script")
        self.parts += [value for key, value in attrs if key in ("title", "aria-label", "alt") and value]

    def handle_endtag(self, tag: str) -> None:
        self._hidden -= tag in ("style", "script")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def _shown(text: str, fmt: str) -> list[str]:
    """The texts a person reads in ``text`` of format ``fmt``: lines, cells, a page's text.

    A box table wraps a long cell over several lines; the pieces of each cell are joined again (a wrapped id
    such as education-sports is one id, not "educat" and "ion-sports")."""
    if fmt == "html":
        parser = _Text()
        parser.feed(text)
        return parser.parts
    if fmt == "csv":
        return [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    if fmt != "table":
        return text.splitlines()
    shown: list[str] = []
    pieces: list[list[str]] = []
    for line in text.splitlines():
        if line.startswith("│"):
            cells = [cell.strip() for cell in line.strip("│").split("│")]
            pieces = pieces or [[] for _cell in cells]
            for column, cell in zip(pieces, cells, strict=False):
                column.append(cell)
        else:
            shown += ["".join(column) for column in pieces]
            pieces = []
            if not line.startswith(("┌", "├", "└")):
                shown.append(line)
    return shown + ["".join(column) for column in pieces]


def _scheme(tmp_path: Path, scorer: str) -> Path:
    if scorer == "efficiency":
        return SCHEME
    path = tmp_path / f"{scorer}.toml"
    path.write_text(f'scorer = "{scorer}"\nname = "示例方案"\n', encoding="utf-8")
    return path


RUNS: list[tuple[str, list[str], str]] = [
    ("score", ["score"], "table"),
    ("score --unit", ["score", "--unit", "县财政局"], "table"),
    ("score csv", ["score", "--format", "csv"], "csv"),
    *[(f"{view} {fmt}", ["render", "--view", view, "--format", fmt], fmt)
      for view in ("bulletin", "rectifications", "scorelines") for fmt in ("table", "markdown", "csv", "html")
      if (view, fmt) != ("bulletin", "csv")],  # the bulletin is two views: CSV holds one (its refusal below)
    ("bulletin csv refused", ["render", "--view", "bulletin", "--format", "csv"], "text"),
]


def _output(argv: list[str], tmp_path: Path, scorer: str, capsys: pytest.CaptureFixture[str]) -> str:
    command, *options = argv
    main([command, "helan", "--progress", str(PROGRESS), "--period", "2024", "--scheme",
          str(_scheme(tmp_path, scorer)), *options])
    out = capsys.readouterr()
    return out.out + out.err


SCORERS = ("efficiency", "pace", "attainment")


class TestChineseByDefault:
    @pytest.mark.parametrize("scorer", SCORERS)
    def test_scores_views_and_formats(self, scorer: str, chinese: None, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
        """Every text a person reads is Chinese but ids: unit ids (education-sports), rule ids (major-safety).

        An empty result would pass too, so each output must hold Chinese (得分 or 完成 or 整改 or 考核)."""
        left: dict[str, dict[str, set[str]]] = {}
        for name, argv, fmt in RUNS:
            if scorer != "efficiency" and argv[0] == "score" and "--unit" in argv:
                continue  # only the efficiency scorer scores a unit's lines (the others refuse --unit)
            text = _output(argv, tmp_path, scorer, capsys)
            assert re.search("得分|完成|整改|考核|通报|视图|无", text), (name, text[:300])
            found = {shown[:120]: words for shown in _shown(text, fmt) if (words := english_words(shown, IDS))}
            if found:
                left[name] = found
        assert {} == left

    def test_the_deduction_and_veto_texts(self, chinese: None, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
        """The efficiency score lines of 县财政局 say its deduction in Chinese (扣分1), and the scorecards name the
        scoring method by its Chinese name (效能目标考核), not by the scorer's id."""
        text = _output(["render", "--view", "scorecards", "--format", "markdown"], tmp_path, "efficiency", capsys)
        assert "评分方法：效能目标考核（" in text
        assert "− 扣分1 + 加分0 = 79.34 → 合格" in text


def _own_words() -> list[str]:
    """The plan's, the scheme's and the progress file's own texts, longest first (they stay as written)."""
    found: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, str):
            found.add(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(yaml.safe_load((HELAN / "plan.yaml").read_text(encoding="utf-8")))
    walk(tomllib.loads(SCHEME.read_text(encoding="utf-8")))
    walk(list(csv.reader(io.StringIO(PROGRESS.read_text(encoding="utf-8")))))
    found.add("示例方案")
    return sorted((text for text in found if text.strip()), key=len, reverse=True)


OWN = _own_words()
CJK = re.compile(r"[\u3001-\u303f\u4e00-\u9fff\uff00-\uffef]")
"""Chinese characters and punctuation; not U+3000, the wide space that separates the parts of a heading line."""


class TestEnglishOnRequest:
    @pytest.mark.parametrize("scorer", SCORERS)
    def test_scores_views_and_formats(self, scorer: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
        """With EDU_PLAN_LANG=en, once the plan's, scheme's and progress file's own words are taken out, no
        Chinese character is left (the box table is left out: it wraps the plan's words over lines)."""
        monkeypatch.setenv("EDU_PLAN_LANG", "en")
        left: dict[str, list[str]] = {}
        for name, argv, fmt in RUNS:
            if fmt == "table" or (scorer != "efficiency" and "--unit" in argv):
                continue
            text = _output(argv, tmp_path, scorer, capsys)
            assert re.search(r"\b(score|met|points|rectif|view)", text, re.IGNORECASE), (name, text[:300])
            found = []
            for shown in _shown(text, fmt):
                for own in OWN:
                    shown = shown.replace(own, " ")
                if CJK.search(shown):
                    found.append(shown[:160])
            if found:
                left[name] = found[:5]
        assert {} == left


class TestParserReasons:
    @pytest.mark.parametrize(("text", "reason"), [
        ('a = "x\n', "带引号的文字在行末未闭合（第 7 列）"),  # tomllib: Illegal character '\n'
        ("[a\n", "表头 [表名] 缺少结尾的“]”（第 3 列）"),  # tomllib: Expected ']' at the end of a table declaration
        ("a = {b = 1\n", "行内表（{……}）未闭合（第 11 列）"),  # tomllib: Unclosed inline table
        ("a = {b=1, b=2}\n", "行内表中键 'b' 出现两次（第 14 列）"),  # tomllib: Duplicate inline table key 'b'
    ])
    def test_toml_reasons_in_chinese(self, text: str, reason: str, chinese: None) -> None:
        """More of tomllib's reasons read in Chinese; the column is the parser's (a = "x is 6 characters: 7)."""
        from edu_plan import serialization
        from edu_plan.errors import PlanFileError

        with pytest.raises(PlanFileError) as info:
            serialization.loads(text, "toml", source="方案.toml")
        assert f"方案.toml 第 1 行：不是有效的 TOML：{reason}" == str(info.value)


class TestMessagesOnceEnglish:
    def test_a_kinds_refusal_names_the_kind_in_chinese(self, chinese: None) -> None:
        """A cumulative target refuses a report of -1; the kind is named by its label: 累计类指标."""
        from decimal import Decimal

        from edu_plan.plugins.kinds import CUMULATIVE

        assert "累计类指标的“value”不得小于 0（实为 -1）" == CUMULATIVE.check_value(Decimal(-1))

    def test_a_scheme_problem_in_chinese(self, chinese: None) -> None:
        """A pace scheme with min_years = -1 and an unknown cut-off: both problems read in Chinese."""
        from decimal import Decimal

        from edu_plan.plugins.scoring import PaceScheme

        scheme = PaceScheme(min_years=Decimal(-1), linear={"fast": Decimal(1)})
        assert ["不得小于 0（实为 -1）", "未知临界值 'fast'"] == [p.message for p in scheme.problems()][:2]

    def test_the_one_view_refusal_in_chinese(self, chinese: None) -> None:
        """CSV refuses the bulletin's two views, naming them by their Chinese titles."""
        from edu_plan import datasets
        from edu_plan.errors import RenderError
        from edu_plan.plugins.render import CSV
        from edu_plan.views import build

        plan = datasets.load("helan")
        with pytest.raises(RenderError) as info:
            CSV.render((*build("targets", plan), *build("workload", plan)))
        assert str(info.value).startswith("csv 格式只能容纳一个视图（实为 2 个：")

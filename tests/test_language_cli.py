"""Chinese by default at the doors: the CLI's help and messages, argparse's own words, every error, the import report.

With no option set (the ``chinese`` fixture removes the suite's EDU_PLAN_LANG=en) a county clerk reads
no English word but the ones that are not English to translate: what is typed or written as it is (option
names, command names, the values an option takes, the placeholders of usage lines, file names and paths,
problem paths such as ``$.sections[0].tasks[3]``, ids such as T01-1, the values quoted from the file) and a
few names of formats and products (JSON, Excel…).  :func:`english_words` strips those and returns what is
left; each test says which names it allows and why.  With ``--lang en`` the same output is English.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import attrs
import pendulum
import pytest

from edu_plan import errors, serialization, use_language
from edu_plan._periods import Period
from edu_plan._progress import ProgressLog, ProgressReport, ReviewStatus
from edu_plan.cli import build_parser, language_of, main
from edu_plan.errors import Problem, Severity

# Names of formats, products, types and units of measure, written the same in Chinese text.
NAMES = frozenset({"JSON", "YAML", "TOML", "CSV", "HTML", "Markdown", "Excel", "Word", "PDF", "SQLite", "UTF",
                   "MiB", "OCR", "Decimal", "Mbps", "docx"})  # docx: the Word format's name
HELAN_TEXT = Path(__file__).resolve().parent.parent / "examples" / "helan" / "plan-text.txt"

_STRIPPED = [
    re.compile(r"`[^`]*`"),                                   # commands quoted in backticks
    re.compile(r"'[^'\n]*'"),                                 # values quoted from the input (ids, names, keys)
    re.compile(r"“[\x20-\x7e]+”"),                            # keys and plan-file syntax quoted: “role: lead”
    re.compile(r"\$\.\S*|\$[A-Z_]+"),                         # problem paths, environment variables
    re.compile(r"\S*[/\\]\S*|\b\w+:\w+"),                   # paths and URLs: /tmp/plan.yaml, files:DIR
    re.compile(r"(?<![A-Za-z])edu[-_]plan[\w.-]*"),           # the program and the package: edu-plan, edu_plan
    re.compile(r"[\w.-]*\.(?:yaml|yml|json|toml|txt|md|csv|xlsx|docx?|pdf|html?|db)\b"),  # file names, suffixes
    re.compile(r"\b\w+(?:\.\w+)+(?:\([^)]*\))?"),             # dotted names: edu_plan.limits, use_limits(…)
    re.compile(r"(?<![\w-])--?[A-Za-z][\w-]*"),               # option names
    re.compile(r"\b[A-Za-z]+[-_]?\d[\w-]*"),                  # ids: T01-1, unit-01, GB18030
]


def english_words(text: str, allowed: frozenset[str] = frozenset()) -> set[str]:
    """The words of three or more Latin letters left in ``text`` once what is not to translate is stripped."""
    for pattern in _STRIPPED:
        text = pattern.sub(" ", text)
    return set(re.findall(r"[A-Za-z]{3,}", text)) - NAMES - allowed


def _parsers(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...],
                                                                                              argparse.ArgumentParser]]:
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _parsers(sub, (*path, name))


def typed_words() -> frozenset[str]:
    """What a user types, as the parser knows it: commands, option names, the values options take, metavars."""
    found = {"edu", "plan"}  # the program's name, edu-plan
    for _path, parser in _parsers(build_parser()):
        for action in parser._actions:
            found.update(action.option_strings)
            metavar = action.metavar if action.metavar is not None else action.dest.upper()
            found.update(re.findall(r"\w+", " ".join(metavar) if isinstance(metavar, tuple) else str(metavar)))
            if action.choices is not None:
                found.update(str(choice) for choice in action.choices)
    # The renderers, importers and formats named in the help of --format and --importer (installed names).
    found.update({"table", "markdown", "html", "csv", "xlsx", "json", "yaml", "toml", "helan", "files", "sqlite",
                  "postgresql", "mysql"})
    return frozenset(found)


BROKEN = """\
id: demo
title: 示例计划
horizon: {start: 2024-01-01, end: 2025-12-31}
units:
  - {id: jyj, name: 县教体局}
  - {id: jyj, name: 县财政局}
  - {id: qz, name: 各乡镇, kind: collective}
sections:
  - key: s1
    title: 一、扩充资源
    tasks:
      - number: 1
        title: 新建幼儿园
        responsibilities:
          - {unit: jyjj, role: lead}
        targets:
          - {id: T01-1, kind: cumulativ, metric: 新建幼儿园, quantity: 10}
          - {id: T01-2, kind: cumulative, metric: 学位, quantity: -3, deadline: 2027-12-31}
      - number: 1
        title: 重复编号
        responsibilities:
          - {unit: jyj, role: cooperating}
        targets:
          - {id: T01-2, kind: level, metric: 覆盖率, quantity: 100, unit_of_measure: "%"}
"""
"""A plan with nine errors and a warning of the validator: a duplicate unit id, an empty collective, an
unknown unit and kind (each with a "did you mean"), a negative quantity, a deadline after the horizon, a
task number twice, a task without a lead, a target id twice, a level without its comparator."""

UNSTRUCTURED = "id: demo\ntitle: 示例\nsections:\n  - key: s1\n    title: 一\n    colour: red\n    tasks: []\n"
"""A plan file with an unknown key: a structural problem, found before validation."""

PLAN_TEXT = (
    "关于推进教育优质发展的实施方案\n\n一、扩充资源\n"
    "1. 扩充学前资源。到2025年新建幼儿园10所，新增学位3600个以上。（牵头单位：县教体局；配合单位：县财政局）\n"
    "2. 加强安全管理。每学期开展校园安全隐患排查1次。（责任单位：县教体局）\n"
    "3. 推进集团化办学。（责任单位：县教体局）\n"
)
"""A small plan text: a title, a section, two tasks with targets, a third without; two units."""


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        status = main(argv)
    except SystemExit as exc:  # --help and usage errors leave through argparse
        status = int(exc.code or 0)
    out = capsys.readouterr()
    return status, out.out, out.err


class TestChecker:
    def test_strips_what_is_not_to_translate(self) -> None:
        """Paths, problem paths, ids, options, quoted values and file names go; a Chinese sentence is left bare."""
        text = ("D:/县/plan.yaml 第 15 行（$.sections[0].tasks[0].unit）：错误：未知单位 'jyjj'——是否应为 'jyj'？"
                "请用 --report FILE 查看 T01-1、unit-01、edu_plan.limits、report.md")
        assert set() == english_words(text, frozenset({"FILE"}))

    def test_finds_an_english_word(self) -> None:
        """An English word left in a Chinese sentence is found (and only it: 'at' has two letters)."""
        assert {"error", "line"} == english_words("计划 error at line 3")


class TestDefaultIsChinese:
    def test_validate_broken_plan(self, chinese: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """`edu-plan validate` on the broken plan: every line Chinese but its file, paths and quoted ids.

        The plan has 9 errors (see BROKEN), so the last line is "…：9 处错误"."""
        plan = tmp_path / "broken.yaml"
        plan.write_text(BROKEN, encoding="utf-8")
        status, out, err = _run(["validate", str(plan)], capsys)
        assert 1 == status
        assert err.rstrip().endswith("broken.yaml：9 处错误")
        assert ("第 15 行（$.sections[0].tasks[0].responsibilities[0].unit）：错误：未知单位 'jyjj'——"
                "是否应为 'jyj'？") in err
        assert "警告：集合单位 'qz' 没有成员" in out
        assert set() == english_words(out + err)

    def test_structural_problem(self, chinese: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """An unknown key (found before validation) reads in Chinese too: 未知字段 'colour'."""
        plan = tmp_path / "plan.yaml"
        plan.write_text(UNSTRUCTURED, encoding="utf-8")
        status, _out, err = _run(["validate", str(plan)], capsys)
        assert 1 == status
        assert "未知字段 'colour'" in err
        assert set() == english_words(err)

    def test_unreadable_file(self, chinese: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Files that are not YAML, TOML or JSON, and a missing one: the refusals, the parsers' reasons included,
        are Chinese (the reasons the YAML, TOML and JSON parsers give are translated when known)."""
        files = {"bad.yaml": "a: [1, 2\n", "tab.yaml": "a:\n\tb: 1\n", "twice.toml": "a = 1\na = 2\n",
                 "bad.json": '{"a": 1,}'}
        errs = []
        for name, text in files.items():
            (tmp_path / name).write_text(text, encoding="utf-8")
            errs.append(_run(["validate", str(tmp_path / name)], capsys)[2])
        errs.append(_run(["validate", str(tmp_path / "none.yaml")], capsys)[2])
        assert "bad.yaml 第 2 行：不是有效的 YAML：此处应为 ','或']'" in errs[0]
        assert "twice.toml 第 2 行：不是有效的 TOML：同一键出现两次（第 6 列）" in errs[2]
        assert "文件不存在，也不是内置数据集" in errs[4]
        assert set() == english_words("".join(errs))

    def test_import_report(self, chinese: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """`edu-plan import` of a small text: its summary and its Markdown report are Chinese.

        Two tasks have 3 targets (10所, 3600个, 每学期1次) and 2 units; the third task has none."""
        text, plan, report = tmp_path / "方案.txt", tmp_path / "plan.yaml", tmp_path / "report.md"
        text.write_text(PLAN_TEXT, encoding="utf-8")
        status, out, err = _run(["import", str(text), "-o", str(plan), "--report", str(report)], capsys)
        assert 0 == status
        assert "1 个章节，3 项任务，3 项指标，2 个单位" in out
        markdown = report.read_text(encoding="utf-8")
        for heading in ("# 导入报告", "## 校验结果", "## 指标", "## 责任分工", "## 单位", "## 说明", "## 段落去向"):
            assert heading in markdown
        assert "| T01-1 | 累计：新建幼儿园 10所以上，2025年12月31日前完成——" in markdown
        assert "县教体局——牵头" in markdown
        assert set() == english_words(out + err + markdown)

    def test_helan_import_report(self, chinese: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """The whole Helan text (22 tasks, 42 targets, 21 commitments missed, 81 responsibilities): its report is
        Chinese from the first line to the last, notes and placements included."""
        plan, report = tmp_path / "plan.yaml", tmp_path / "导入报告.md"
        _status, out, _err = _run(["import", str(HELAN_TEXT), "-o", str(plan), "--report", str(report)], capsys)
        markdown = report.read_text(encoding="utf-8")
        assert "5 个章节，22 项任务，42 项指标，27 个单位" in out
        assert "- 像是承诺但未转为指标的语句（未转为指标的承诺）：21 句\n" in markdown
        assert {} == {line: words for line in markdown.splitlines() if (words := english_words(line))}

    def test_help(self, chinese: None, capsys: pytest.CaptureFixture[str]) -> None:
        """`--help` of the program and of every sub-command: argparse's words and ours Chinese."""
        allowed = typed_words()
        parser = build_parser()
        left: dict[str, set[str]] = {}
        for path, _sub in _parsers(parser):
            status, out, _err = _run([*path, "--help"], capsys)
            assert 0 == status
            assert out.startswith("用法：")
            left.update({" ".join(path): words for words in [english_words(out, allowed)] if words})
        assert {} == left

    def test_run_time_messages(self, chinese: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Messages a command prints when it stops: a binary format to the terminal, a folder that is missing."""
        _status, _out, binary = _run(["render", "helan", "--view", "tasks", "--format", "xlsx"], capsys)
        _status, _out, folder = _run(["export", "helan", "-o", str(tmp_path / "无此文件夹" / "x.yaml")], capsys)
        assert "xlsx 格式为二进制；请用 -o 文件 写入文件" in binary
        assert "不存在；请先创建" in folder
        assert set() == english_words(binary + folder, typed_words())


class TestEnglishOnRequest:
    def test_lang_option(self, chinese: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """`--lang en` (before or after the command, as `--lang en` or `--lang=en`) gives the English messages."""
        plan = tmp_path / "broken.yaml"
        plan.write_text(BROKEN, encoding="utf-8")
        _status, _out, before = _run(["--lang", "en", "validate", str(plan)], capsys)
        _status, _out, joined = _run(["--lang=en", "validate", str(plan)], capsys)
        assert before == joined
        assert before.rstrip().endswith("broken.yaml: 9 errors")
        assert ":15 ($.sections[0].tasks[0].responsibilities[0].unit): error: unknown unit 'jyjj' — did you mean " \
               "'jyj'?" in before

    def test_environment(self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
        """EDU_PLAN_LANG=en gives English help; `--lang zh` wins over it."""
        monkeypatch.setenv("EDU_PLAN_LANG", "en")
        _status, english, _err = _run(["--help"], capsys)
        _status, chinese_help, _err = _run(["--lang", "zh", "--help"], capsys)
        assert english.startswith("usage: edu-plan")
        assert "show this help message and exit" in english
        assert chinese_help.startswith("用法：edu-plan")

    def test_import_report(self, chinese: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """The same import with --lang en: the report's headings and lines are English."""
        text, plan, report = tmp_path / "plan.txt", tmp_path / "plan.yaml", tmp_path / "report.md"
        text.write_text(PLAN_TEXT, encoding="utf-8")
        _status, out, _err = _run(["--lang", "en", "import", str(text), "-o", str(plan), "--report", str(report)],
                                  capsys)
        markdown = report.read_text(encoding="utf-8")
        assert "1 sections, 3 tasks, 3 targets, 2 units" in out
        assert "## Where each paragraph went (段落去向)" in markdown
        assert "| T01-1 | cumulative: 新建幼儿园 10所以上, by 31 December 2025 — an amount to add up to |" in markdown


class TestArgparseWords:
    def test_required_argument(self, chinese: None, capsys: pytest.CaptureFixture[str]) -> None:
        """A missing argument: usage and error in Chinese, exit status 2."""
        status, _out, err = _run(["validate"], capsys)
        assert 2 == status
        assert "用法：edu-plan validate [-h] FILE\nedu-plan validate：错误：缺少以下必需参数：FILE\n" == err

    def test_invalid_choice(self, chinese: None, capsys: pytest.CaptureFixture[str]) -> None:
        """An unknown command: 无效的选项, with the commands to choose from."""
        status, _out, err = _run(["valdate"], capsys)
        assert 2 == status
        assert "edu-plan：错误：参数 COMMAND：无效的选项：'valdate'（可选：'validate', " in err

    def test_unrecognized_argument(self, chinese: None, capsys: pytest.CaptureFixture[str]) -> None:
        """An option no command knows: 无法识别的参数."""
        status, _out, err = _run(["validate", "helan", "--colour"], capsys)
        assert 2 == status
        assert err.endswith("错误：无法识别的参数：--colour\n")

    def test_bad_language(self, chinese: None, capsys: pytest.CaptureFixture[str]) -> None:
        """`--lang fr` is refused by the parser (in the default language, Chinese) with the languages known."""
        status, _out, err = _run(["--lang", "fr", "validate", "helan"], capsys)
        assert 2 == status
        assert "参数 --lang：无效的选项：'fr'（可选：'zh', 'en'）" in err

    def test_headings(self, chinese: None, capsys: pytest.CaptureFixture[str]) -> None:
        """The sections of the help are headed 位置参数： and 选项：, with the full-width colon."""
        _status, out, _err = _run(["validate", "--help"], capsys)
        assert "\n位置参数：\n" in out
        assert "\n选项：\n" in out

    def test_wrapping(self, chinese: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
        """In an 80-column terminal no help line is wider than 80 columns (a Chinese character takes two), and a
        Latin word is never cut: db load's store URLs stay whole (postgresql://…), though the sentence has no space."""
        import unicodedata

        monkeypatch.setenv("COLUMNS", "80")
        _status, out, _err = _run(["db", "load", "--help"], capsys)
        widths = [sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line) for line in out.splitlines()]
        assert max(widths) <= 80
        assert "postgresql://…" in out

    def test_other_parsers_untouched(self, chinese: None, capsys: pytest.CaptureFixture[str]) -> None:
        """After edu-plan ran, argparse's own gettext is back: another program's parser still speaks English."""
        _run(["--help"], capsys)
        other = argparse.ArgumentParser(prog="other")
        assert other.format_help().startswith("usage: other")


class TestLanguageOf:
    @pytest.mark.parametrize(("argv", "expected"), [
        (["--lang", "en", "validate", "x"], "en"),
        (["validate", "x", "--lang=zh"], "zh"),
        (["validate", "--", "--lang", "en"], None),  # after --, an argument, not the option
        (["--lang", "fr"], None),  # unknown: the parser refuses it
        (["validate", "x"], None),
    ])
    def test_prescan(self, argv: list[str], expected: str | None) -> None:
        """The language is read from argv before the parser is built."""
        assert expected == language_of(argv)


# -- every error class, in both languages --------------------------------------------------------------


@attrs.frozen
class _Scheme:
    points: Decimal = Decimal(1)


def _raised(call: object) -> errors.EduPlanError:
    assert callable(call)
    with pytest.raises(errors.EduPlanError) as info:
        call()
    return info.value


def _locked() -> None:
    log = ProgressLog()
    report = ProgressReport(plan_id="helan", target="T01-1", unit="jyj", period=Period.parse("2024"),
                            value=Decimal(1), report_date=pendulum.date(2024, 6, 30), status=ReviewStatus.APPROVED)
    log.add(report)
    log.add(attrs.evolve(report, value=Decimal(2), status=ReviewStatus.SUBMITTED))


def _render_binary() -> None:
    from edu_plan.cli._render import _render

    _render(argparse.Namespace(plan="helan", view="tasks", format="xlsx", output=None, progress=None, scheme=None,
                               period=None, as_of=None, issued=None, fragment=False, notices="all"))


def _factories() -> dict[str, object]:
    from edu_plan import _store, progress
    from edu_plan._i18n import normalize_language
    from edu_plan._many import assess_many
    from edu_plan._workdays import default_work_calendar
    from edu_plan.plugins.importers._readers import read_file

    return {
        "EduPlanError": lambda: normalize_language("fr"),
        "PlanValidationError": lambda: serialization.loads_plan(BROKEN, "yaml", source="broken.yaml"),
        "PlanFileError": lambda: serialization.loads("{", "json", source="plan.json"),
        "SchemaVersionError": lambda: serialization.loads_plan("schema_version: 99\n", "yaml", source="plan.yaml"),
        "PeriodError": lambda: Period.parse("2024Q5"),
        "CalendarError": lambda: default_work_calendar().add_working_days(pendulum.date(1990, 1, 2), 3),
        "PluginLoadError": lambda: _raise(errors.PluginLoadError("edu_plan.renderers", "docx", "edu-plan-docx",
                                                                 ImportError("缺少 docx 模块"))),
        "PluginNotFoundError": lambda: _raise(errors.PluginNotFoundError("edu_plan.renderers", "docxx",
                                                                         ["csv", "html"])),
        "DuplicatePluginError": lambda: _raise(errors.DuplicatePluginError("edu_plan.renderers", "docx",
                                                                           ["edu-plan-a", "edu-plan-b"])),
        "ProgressError": lambda: progress.load_progress(_bad_progress()),
        "LockedPeriodError": _locked,
        "ScoringError": lambda: assess_many([], ProgressLog(), None, scorer="pace", period=Period.parse("2024"),
                                            chunk_size=0),
        "SchemeError": lambda: serialization.structure_scheme({"pointz": 1}, _Scheme, source="scheme.toml"),
        "StorageError": lambda: _store.open_store("nocolon"),
        "RenderError": _render_binary,
        "PlanImportError": lambda: read_file(_old_word()),
        "ModelValueError": lambda: ProgressReport(plan_id="p", target="T01-1", unit="u", period=Period.parse("2024"),
                                                  value=0.5, report_date=pendulum.date(2024, 1, 1)),
    }


def _raise(error: Exception) -> None:
    raise error


_TMP: list[Path] = []


def _bad_progress() -> Path:
    path = _TMP[0] / "进展.csv"
    path.write_text("plan,target,unit,period,value,report_date\nhelan,T01-1,jyj,2024,abc,2024-06-30\n",
                    encoding="utf-8")
    return path


def _old_word() -> Path:
    path = _TMP[0] / "方案.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    return path


ERROR_CLASSES = sorted(name for name in errors.__all__
                       if isinstance(getattr(errors, name), type) and issubclass(getattr(errors, name), Exception))


class TestEveryError:
    def test_every_class_has_a_case(self) -> None:
        """Each exception class errors.py exports is raised by one case below."""
        assert ERROR_CLASSES == sorted(_factories())

    @pytest.mark.parametrize("name", ERROR_CLASSES)
    def test_both_languages(self, name: str, tmp_path: Path, chinese: None) -> None:
        """Raised through its door in Chinese and in English: Chinese has no English word, English has one."""
        _TMP[:] = [tmp_path]
        call = _factories()[name]
        zh = _raised(call)
        with use_language("en"):
            en = _raised(call)
        assert isinstance(zh, getattr(errors, name))
        # Plugin groups and names, distributions and type names are ids.
        # Ids: plugin groups and names, a unit (jyj), a format (xlsx); a type (ImportError, of the plugin's failure).
        allowed = frozenset({"renderers", "docx", "docxx", "html", "csv", "xlsx", "jyj", "pace", "chunk_size",
                             "ImportError"})
        assert set() == english_words(str(zh), allowed), str(zh)
        assert english_words(str(en), allowed), str(en)
        assert str(zh) != str(en)


class TestProblem:
    def test_describe_in_a_language(self, chinese: None) -> None:
        """A problem's frame (where, how serious) is shown in the language asked for, whatever the current one."""
        problem = Problem(message="m", path="$.units[0]", hint="h", severity=Severity.WARNING, file="plan.yaml",
                          line=3)
        assert "plan.yaml 第 3 行（$.units[0]）：警告：m——h" == str(problem)
        assert "plan.yaml:3 ($.units[0]): warning: m — h" == problem.describe("en")

    def test_validate_lang(self) -> None:
        """validate(plan, lang="zh") writes its problems in Chinese though the suite reads English."""
        from edu_plan import datasets, validate

        plan = datasets.load("helan")
        broken = attrs.evolve(plan, units=(*plan.units, plan.units[0]))
        messages = [p.message for p in validate(broken, lang="zh")]
        assert [f"单位编号 {plan.units[0].id!r} 重复"] == messages

    def test_progress_lang(self, tmp_path: Path) -> None:
        """read_progress(…, lang="zh"): a value that is not a number is refused in Chinese, at its line (2)."""
        from edu_plan import datasets
        from edu_plan.progress import read_progress

        path = tmp_path / "进展.csv"
        path.write_text("target,unit,period,value,report_date\nT01-1,jyj,2024,abc,2024-06-30\n", encoding="utf-8")
        problems = read_progress(path, plan=datasets.load("helan"), lang="zh").problems
        assert [(2, "“value”应为数字（实为 'abc'）；请写作 12, -3, 88.5, 3,600, 1,234.5, 92%")] == [
            (p.line, p.message) for p in problems]

    def test_report_lang(self, tmp_path: Path) -> None:
        """ImportReport.to_markdown(lang="zh") writes the report's own words in Chinese."""
        from edu_plan._import import ImportReport

        text = ImportReport(source="方案.txt", importer="text").to_markdown(lang="zh")
        assert text.startswith("# 导入报告：方案.txt\n\n导入器：`text`。\n")
        assert "## 段落去向\n\n无。\n" in text

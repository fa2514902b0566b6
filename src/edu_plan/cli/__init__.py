"""The ``edu-plan`` command line, for county staff and auditors.

Each group of sub-commands lives in its own private module with an
``add_commands(subparsers)`` function; :func:`main` wires them together and turns
every :class:`~edu_plan.errors.EduPlanError` into a message and a non-zero exit,
never a traceback.

Everything it prints is in the language chosen before the parser is built (``--lang``, else
``EDU_PLAN_LANG``, else Chinese), argparse's own words ("usage:", "options", "invalid choice"…)
included: :class:`Parser` looks them up in edu_plan's catalog.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import re
import sys
import unicodedata
from collections.abc import Iterator, Sequence

from edu_plan._i18n import LANGUAGES, gettext, ngettext, use_language
from edu_plan._i18n import gettext as _
from edu_plan._i18n import lazy as N_  # noqa: N812 - the gettext convention

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: start-up time (bench/startup.py)
if TYPE_CHECKING:
    from typing import Any

__all__ = ["Parser", "build_parser", "language_of", "main"]

# Each module adds its sub-commands; listed here so the order of --help is stable.
_COMMAND_MODULES = (
    "edu_plan.cli._plan",
    "edu_plan.cli._import",
    "edu_plan.cli._render",
    "edu_plan.cli._progress",
    "edu_plan.cli._score",
    "edu_plan.cli._db",
    "edu_plan.cli._diff",
)

# argparse's own words (Python 3.10–3.13; 3.10 says "optional arguments"), marked here so that the catalogs
# translate them; argparse looks each up through its module's ``_``/``ngettext``, which Parser points at
# edu_plan's catalog.
ARGPARSE_WORDS = (
    N_("usage: "), N_("positional arguments"), N_("options"), N_("optional arguments"),
    N_("show this help message and exit"),
    N_("the following arguments are required: %s"), N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("unrecognized arguments: %s"), N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"), N_("expected one argument"),
    N_("expected at most one argument"), N_("expected at least one argument"),
    N_("invalid %(type)s value: %(value)r"), N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("not allowed with argument %s"), N_("one of the arguments %s is required"),
    N_("ignored explicit argument %r"), N_("unexpected option string: %s"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"), N_("can't open '%(filename)s': %(error)s"),
    N_("subcommands"),
)


def _argparse_plurals() -> None:  # pragma: no cover - never called: marks argparse's plural words for the catalogs
    ngettext("expected %s argument", "expected %s arguments", 0)
    ngettext("conflicting option string: %s", "conflicting option strings: %s", 0)


class _ArgparseWords:
    """While active, argparse's ``_`` and ``ngettext`` are edu_plan's (re-entrant; restored on exit)."""

    depth = 0
    saved: tuple[Any, Any] | None = None

    @classmethod
    @contextlib.contextmanager
    def active(cls) -> Iterator[None]:
        if cls.depth == 0:
            cls.saved = (argparse._, argparse.ngettext)  # type: ignore[attr-defined]
            argparse._ = gettext  # type: ignore[attr-defined]
            argparse.ngettext = ngettext  # type: ignore[attr-defined]
        cls.depth += 1
        try:
            yield
        finally:
            cls.depth -= 1
            if cls.depth == 0 and cls.saved is not None:
                argparse._, argparse.ngettext = cls.saved  # type: ignore[attr-defined]
                cls.saved = None


# A Chinese character or a run of other characters (a word, an option, a path), with the opening
# punctuation that must not end a line and the closing punctuation that must not begin one; or
# spaces: the pieces help text is wrapped between.
_CJK = "\u2e80-\u9fff\u3000-\u303f\uff00-\uffef"
_PIECE = re.compile(f"[（《「“‘]*(?:[{_CJK}]|[^\\s{_CJK}]+)[，。、；：！？）》」”’]*|\\s+")


def _cells(text: str) -> int:
    """The terminal columns ``text`` takes: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


class HelpFormatter(argparse.HelpFormatter):
    """argparse's help layout, wrapping Chinese between any two characters and counting them two columns wide.

    argparse wraps at spaces only (textwrap), so a Chinese sentence, which has none, would be cut
    inside a word of Latin letters such as ``postgresql`` and run twice as wide as the terminal.
    """

    def _split_lines(self, text: str, width: int) -> list[str]:
        text = self._whitespace_matcher.sub(" ", text).strip()
        lines: list[str] = []
        line, used = "", 0
        for piece in _PIECE.findall(text):
            size = _cells(piece)
            if piece.isspace():
                if line:
                    line, used = line + " ", used + 1
                continue
            if line and used + size > width:
                lines.append(line.rstrip())
                line, used = "", 0
            line, used = line + piece, used + size
        if line.strip():
            lines.append(line.rstrip())
        return lines

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n".join(indent + line for line in self._split_lines(text, width - len(indent)))

    def format_help(self) -> str:
        # argparse ends a section's heading with an ASCII colon; a Chinese heading takes the full-width one.
        return _CHINESE_HEADING.sub("\\1：", super().format_help())


_CHINESE_HEADING = re.compile(r"(?m)^(\S.*[\u4e00-\u9fff]):$")


class Parser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose own words (usage, options, errors) come from edu_plan's catalog.

    argparse looks its strings up through its module's gettext functions; every entry point of this
    parser (building it, parsing, formatting help or usage, reporting an error) points them at
    :func:`edu_plan._i18n.gettext` for its duration, so they are shown in the chosen language and
    other parsers of the process are left as they are.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        with _ArgparseWords.active():
            super().__init__(*args, **kwargs)

    def add_subparsers(self, **kwargs: Any) -> Any:
        with _ArgparseWords.active():
            return super().add_subparsers(**kwargs)

    def parse_args(self, args: Any = None, namespace: Any = None) -> Any:
        with _ArgparseWords.active():
            return super().parse_args(args, namespace)

    def parse_known_args(self, args: Any = None, namespace: Any = None) -> Any:
        with _ArgparseWords.active():
            return super().parse_known_args(args, namespace)

    def format_usage(self) -> str:
        with _ArgparseWords.active():
            return super().format_usage()

    def format_help(self) -> str:
        with _ArgparseWords.active():
            return super().format_help()

    def error(self, message: str) -> Any:
        with _ArgparseWords.active():
            super().error(message)


def language_of(argv: Sequence[str]) -> str | None:
    """The language ``--lang X`` or ``--lang=X`` asks for in ``argv``, read before the parser is built.

    None when absent (the environment or the default decides) or not a known language (the parser
    then refuses it with its usage).  Only arguments before ``--`` count.
    """
    found: str | None = None
    items = list(argv)
    for index, item in enumerate(items):
        if item == "--":
            break
        if item == "--lang" and index + 1 < len(items):
            found = items[index + 1]
        elif item.startswith("--lang="):
            found = item.split("=", 1)[1]
    return found if found in LANGUAGES else None


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command, its help in the current language."""
    parser = Parser(
        prog="edu-plan",
        description=_("Plans as typed, checkable data: validate, show, export, score."),
    )
    from edu_plan.cli._version import add_version_option

    add_version_option(parser)
    parser.add_argument("--lang", choices=LANGUAGES, default=None,
                        help=_("the language of everything shown: zh (Chinese, the default) or en (English); "
                               "default: $EDU_PLAN_LANG, else zh"))
    parser.add_argument("--max-size", dest="max_size", metavar="MB", type=float, default=None,
                        help=_("the largest file read, in MiB (default: 20); see edu_plan.limits"))
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in _COMMAND_MODULES:
        importlib.import_module(name).add_commands(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``edu-plan`` with ``argv``; return the exit status (0 ok, 1 problems found, 2 usage)."""
    _utf8_streams()
    arguments = list(sys.argv[1:] if argv is None else argv)
    with use_language(language_of(arguments)):
        return _run(arguments)


def _run(arguments: list[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(arguments)
    # Imported after parsing: `--help` and usage errors never load the model (see bench/startup.py).
    from edu_plan.errors import EduPlanError
    from edu_plan.limits import use_limits

    changes = {} if args.max_size is None else {"file_size": max(1, int(args.max_size * 1024 * 1024))}
    try:
        with use_limits(**changes):
            status: int = args.handler(args)
    except EduPlanError as exc:
        print(f"edu-plan: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        # A path the user named cannot be read or written (a folder, a missing parent, no permission).
        if exc.filename:
            message = _("{file}: {reason}; check the path").format(file=exc.filename, reason=exc.strerror or exc)
        else:
            message = _("{reason}; check the path").format(reason=exc.strerror or exc)
        print(f"edu-plan: {message}", file=sys.stderr)
        return 1
    except UnicodeDecodeError as exc:
        print("edu-plan: " + _("a file is not UTF-8 text (byte {byte}); save it as UTF-8").format(byte=exc.start),
              file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("edu-plan: " + _("interrupted"), file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    return status


def _utf8_streams() -> None:
    # Chinese text must come out whatever the locale of the terminal or pipe.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8")

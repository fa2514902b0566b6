"""The ``edu-plan`` command line, for county staff and auditors.

Each group of sub-commands lives in its own private module with an
``add_commands(subparsers)`` function; :func:`main` wires them together and turns
every :class:`~edu_plan.errors.EduPlanError` into a message and a non-zero exit,
never a traceback. :func:`main` builds only the parser of the command it runs: the top level
knows each command's name and one-line help, and a command's own arguments are added when it
is chosen (``edu-plan --help`` adds none; see bench/startup.py).

Everything it prints is in the language chosen before the parser is built (``--lang``, else
``EDU_PLAN_LANG``, else Chinese), argparse's own words ("usage:", "options", "invalid choice"…)
included: :class:`Parser` looks them up in edu_plan's catalog.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
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
    N_("subcommands"), N_("conflicting subparser: %s"),
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


# Help text is wrapped between pieces: a Chinese character or a run of other characters (a word, an
# option, a path), with the opening punctuation that must not end a line and the closing punctuation
# that must not begin one; or a run of spaces. Scanned by hand, not by a regular expression: compiling
# one with these ranges of characters takes a tenth of `edu-plan --help` (bench/startup.py).
_OPENING = frozenset("（《「“‘")
_CLOSING = frozenset("，。、；：！？）》」”’")


def _is_cjk(ch: str) -> bool:
    return "\u2e80" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"


def _pieces(text: str) -> list[str]:
    """``text`` cut into the pieces a line may break between (see above); joined, they give ``text`` back."""
    pieces: list[str] = []
    end = len(text)
    start = 0
    while start < end:
        at = start
        if text[at].isspace():
            while at < end and text[at].isspace():
                at += 1
        else:
            while at < end and text[at] in _OPENING:
                at += 1
            if at < end and not text[at].isspace():
                if _is_cjk(text[at]):
                    at += 1
                else:
                    while at < end and not text[at].isspace() and not _is_cjk(text[at]):
                        at += 1
                while at < end and text[at] in _CLOSING:
                    at += 1
            # else: nothing but opening punctuation before a space or the end, which is then the piece
        pieces.append(text[start:at])
        start = at
    return pieces


def _cells(text: str) -> int:
    """The terminal columns ``text`` takes: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _terminal_columns() -> int:
    """The width of the terminal as ``shutil.get_terminal_size`` gives it ($COLUMNS, the terminal, else 80).

    Without importing shutil (and its bz2, lzma and fnmatch) at start-up.
    """
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


def _full_width_headings(text: str) -> str:
    """A heading line that ends in a Chinese character and an ASCII colon takes the full-width colon instead.

    A heading: a line that does not begin with a space, of at least one character before the Chinese
    one (``选项:`` → ``选项：``).
    """
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if (len(line) > 2 and line[-1] == ":" and "\u4e00" <= line[-2] <= "\u9fff" and not line[0].isspace()):
            lines[index] = line[:-1] + "："
    return "\n".join(lines)


class HelpFormatter(argparse.HelpFormatter):
    """argparse's help layout, wrapping Chinese between any two characters and counting them two columns wide.

    argparse wraps at spaces only (textwrap), so a Chinese sentence, which has none, would be cut
    inside a word of Latin letters such as ``postgresql`` and run twice as wide as the terminal.
    """

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None, **kwargs: Any) -> None:
        # The width argparse would take from shutil.get_terminal_size, less 2 as it does; **kwargs: later Pythons'.
        super().__init__(prog, indent_increment, max_help_position,
                         _terminal_columns() - 2 if width is None else width, **kwargs)

    def _split_lines(self, text: str, width: int) -> list[str]:
        text = self._whitespace_matcher.sub(" ", text).strip()
        lines: list[str] = []
        line, used = "", 0
        for piece in _pieces(text):
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
        return _full_width_headings(super().format_help())


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


class _Commands(argparse._SubParsersAction):  # type: ignore[type-arg]  # generic only in the stubs
    """The sub-commands, each of whose parsers may be built only when it is chosen.

    :meth:`add_later` lists a command (its name and one-line help, all the top-level help shows);
    its module's ``add_commands`` adds its arguments when the command is parsed, its siblings in
    the same module left unbuilt.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._later: dict[str, str] = {}

    def add_later(self, name: str, module: str, **kwargs: Any) -> _Ignored:
        """List ``name`` (of ``module``) with its help; its parser is built by :meth:`build` when needed."""
        if name in self._name_parser_map:
            raise argparse.ArgumentError(self, gettext("conflicting subparser: %s") % name)
        if "help" in kwargs:
            self._choices_actions.append(self._ChoicesPseudoAction(name, (), kwargs["help"]))
        self._name_parser_map[name] = None  # in the choices (usage errors list it); built by build()
        self._later[name] = module
        return _IGNORED

    def build(self, name: str) -> None:
        """Add the arguments of ``name``, if it is one of the commands listed for later."""
        module = self._later.pop(name, None)
        if module is not None:
            del self._name_parser_map[name]
            importlib.import_module(module).add_commands(_Adding(self, name))

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        self.build(values[0])
        super().__call__(parser, namespace, values, option_string)


class _Adding:
    """What a module's ``add_commands`` receives as ``subparsers``: ``add_parser`` builds ``only`` (else all)
    for real; with ``later``, it lists each command of ``later`` (a module) without building it."""

    def __init__(self, commands: _Commands, only: str | None = None, later: str | None = None) -> None:
        self.commands, self.only, self.later = commands, only, later

    def add_parser(self, name: str, **kwargs: Any) -> Any:
        if self.later is not None:
            return self.commands.add_later(name, self.later, **kwargs)
        if self.only is not None and name != self.only:
            return _IGNORED
        kwargs.pop("help", None)  # listed already, in its place
        return self.commands.add_parser(name, **kwargs)


class _Ignored:
    """A parser (or group, or sub-commands) that is not built: every call does nothing and returns it."""

    def __getattr__(self, name: str) -> Any:
        return self._nothing

    def _nothing(self, *args: Any, **kwargs: Any) -> _Ignored:
        return self


_IGNORED = _Ignored()


def build_parser(arguments: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The argument parser, its help in the current language.

    Without ``arguments``, with every sub-command; with them, the commands are listed (name and
    help) and only the one ``arguments`` choose gets its own arguments, when it is parsed.
    """
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
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True, action=_Commands)
    for name in _COMMAND_MODULES:
        module = importlib.import_module(name)
        module.add_commands(subparsers if arguments is None else _Adding(subparsers, later=name))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``edu-plan`` with ``argv``; return the exit status (0 ok, 1 problems found, 2 usage)."""
    _utf8_streams()
    arguments = list(sys.argv[1:] if argv is None else argv)
    with use_language(language_of(arguments)):
        return _run(arguments)


def _run(arguments: list[str]) -> int:
    parser = build_parser(arguments)
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

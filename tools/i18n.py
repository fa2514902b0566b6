"""The message catalogs: extract the ids from the source, update the zh and en catalogs, compile them.

edu_plan's messages are English ids marked with ``_`` / ``gettext`` / ``N_`` / ``lazy`` /
``ngettext`` (see ``edu_plan._i18n``).  This script keeps the gettext catalogs that translate them,
with Babel (a dev dependency: the runtime reads the compiled ``.mo`` files with the standard
library's ``gettext`` and needs no Babel):

    python tools/i18n.py            # extract + update + compile (what to run after changing messages)
    python tools/i18n.py check      # fail when a message has no translation or a .mo is stale (CI, tests)

The files:

- ``src/edu_plan/locale/edu_plan.pot``: the template, every id with where it is used;
- ``src/edu_plan/locale/{zh,en}/LC_MESSAGES/edu_plan.po``: the catalogs people edit;
- ``src/edu_plan/locale/{zh,en}/LC_MESSAGES/edu_plan.mo``: compiled, shipped as package data.

Translations written on a branch may come as fragments ``i18n/<name>.po`` (Chinese for the ids the
branch added), so that branches never edit the same catalog lines; ``update`` folds every fragment
into the zh catalog (a fragment's translation replaces the catalog's: it is the newer word) and the
fragment is deleted once its branch is merged.  The en catalog confirms each English id (its
translation is the id itself unless somebody wrote a better English one).
"""

from __future__ import annotations

import argparse
import copy
import datetime
import io
import sys
from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "edu_plan"
LOCALE = PACKAGE / "locale"
TEMPLATE = LOCALE / "edu_plan.pot"
FRAGMENTS = ROOT / "i18n"
LANGUAGES = ("zh", "en")
DOMAIN = "edu_plan"
# gettext's own names and the house aliases (``N_`` and ``lazy`` mark messages translated when shown).
KEYWORDS = {"_": None, "gettext": None, "N_": None, "lazy": None, "ngettext": (1, 2)}
HEADER = "Messages of edu_plan"
_FIXED_DATE = datetime.datetime(2000, 1, 1, tzinfo=datetime.timezone.utc)


def catalog_path(lang: str, suffix: str = ".po") -> Path:
    return LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}{suffix}"


def _sources() -> Iterable[Path]:
    yield from sorted(p for p in PACKAGE.rglob("*.py") if "locale" not in p.parts)


def extract() -> Catalog:
    """Every marked id of the package, with the files and lines that use it (sorted: same bytes out)."""
    template = Catalog(project="edu_plan", domain=DOMAIN, header_comment=f"# {HEADER}.", fuzzy=False)
    for path in _sources():
        relative = path.relative_to(ROOT).as_posix()
        for lineno, message, comments, _context in extract_from_file(
            "python", str(path), keywords=KEYWORDS, comment_tags=("TRANSLATORS:",), strip_comment_tags=True
        ):
            if not message or (isinstance(message, tuple) and not message[0]):
                continue
            template.add(message, locations=[(relative, lineno)], auto_comments=comments,
                         flags=("python-brace-format",) if "{" in str(message) else ())  # fmt: skip
    return template


def _read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=locale, domain=DOMAIN)


def _write(path: Path, catalog: Catalog, *, locations: bool = True) -> bool:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, sort_output=True, omit_header=False, no_location=not locations,
             include_previous=False)  # fmt: skip
    data = buffer.getvalue()
    # The header's creation and revision dates would change the bytes on every run.
    dated = (b'"POT-Creation-Date', b'"PO-Revision-Date')
    data = b"\n".join(line for line in data.split(b"\n") if not line.startswith(dated))
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and path.read_bytes() == data:
        return False
    path.write_bytes(data)
    return True


def _fragments() -> dict[str, str | tuple[str, ...]]:
    found: dict[str, str | tuple[str, ...]] = {}
    for path in sorted(FRAGMENTS.glob("*.po")):
        for message in _read(path, "zh"):
            if message.id and message.string and (not isinstance(message.string, tuple) or all(message.string)):
                key = message.id if isinstance(message.id, str) else message.id[0]
                found.setdefault(key, message.string)
    return found


def update(template: Catalog) -> dict[str, list[str]]:
    """Bring both catalogs in line with the template; the ids still untranslated, per language."""
    fragments = _fragments()
    missing: dict[str, list[str]] = {}
    for lang in LANGUAGES:
        path = catalog_path(lang)
        catalog = _read(path, lang) if path.exists() else Catalog(locale=lang, domain=DOMAIN, fuzzy=False)
        # Babel's update puts the template's own Message objects into a new catalog: give each a copy.
        catalog.update(copy.deepcopy(template), no_fuzzy_matching=True, update_header_comment=True)
        catalog.obsolete.clear()  # ids no longer in the source are dropped, not kept commented out
        catalog.fuzzy = False
        for message in catalog:
            if not message.id:
                continue
            key = message.id if isinstance(message.id, str) else message.id[0]
            if lang == "zh" and key in fragments:
                message.string = fragments[key]
            elif not _translated(message) and lang == "en":
                message.string = message.id if isinstance(message.id, str) else tuple(message.id)
            message.flags.discard("fuzzy")
            if not _translated(message):
                missing.setdefault(lang, []).append(key)
        _write(path, catalog)
    return missing


def _translated(message: Message) -> bool:
    if isinstance(message.string, tuple | list):
        return all(message.string)
    return bool(message.string)


def compile_catalogs() -> list[Path]:
    written = []
    for lang in LANGUAGES:
        data = _mo_bytes(lang)
        target = catalog_path(lang, ".mo")
        if not target.exists() or target.read_bytes() != data:
            target.write_bytes(data)
            written.append(target)
    return written


def _mo_bytes(lang: str) -> bytes:
    buffer = io.BytesIO()
    catalog = _read(catalog_path(lang), lang)
    # The header's dates are not kept in the .po (they would change its bytes on every run); fixed
    # here too, so that the same catalog compiles to the same bytes.
    catalog.creation_date = catalog.revision_date = _FIXED_DATE
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def problems() -> list[str]:
    """What ``check`` refuses: ids without a translation, catalogs behind the source, stale .mo files."""
    found: list[str] = []
    template = extract()
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in template if m.id}
    for lang in LANGUAGES:
        path = catalog_path(lang)
        if not path.exists():
            found.append(f"{path.relative_to(ROOT)}: missing (run python tools/i18n.py)")
            continue
        catalog = _read(path, lang)
        have = {m.id if isinstance(m.id, str) else m.id[0]: m for m in catalog if m.id}
        for key in sorted(ids - have.keys()):
            found.append(f"{lang}: {key!r} is not in the catalog (run python tools/i18n.py)")
        for key in sorted(ids & have.keys()):
            if not _translated(have[key]):
                found.append(f"{lang}: {key!r} has no translation")
        mo = catalog_path(lang, ".mo")
        if not mo.exists() or mo.read_bytes() != _mo_bytes(lang):
            found.append(f"{mo.relative_to(ROOT)}: stale (run python tools/i18n.py compile)")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", nargs="?", default="all", choices=("all", "extract", "update", "compile", "check"))
    args = parser.parse_args(argv)
    if args.command == "check":
        found = problems()
        for line in found:
            print(line)
        print(f"{len(found)} problem(s)" if found else "catalogs complete and compiled")
        return 1 if found else 0
    if args.command in ("all", "extract", "update"):
        template = extract()
        _write(TEMPLATE, template)
        print(f"{TEMPLATE.relative_to(ROOT)}: {len(template)} ids")
        if args.command == "extract":
            return 0
        missing = update(template)
        for lang, keys in missing.items():
            print(f"{lang}: {len(keys)} id(s) without a translation", file=sys.stderr)
            for key in keys[:50]:
                print(f"  {key!r}", file=sys.stderr)
    if args.command in ("all", "compile"):
        for path in compile_catalogs():
            print(f"{path.relative_to(ROOT)}: compiled")
    return 0


if __name__ == "__main__":
    sys.exit(main())

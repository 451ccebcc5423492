"""Compile .po catalogues to .mo without GNU gettext, and check that they are complete.

``python -m yanit.tools.messages compile`` writes every .mo; ``check`` fails when a .mo is
stale, when two apps translate the same text differently, or when a Turkish/English entry is
untranslated or fuzzy (Turkish is the default language, so an untranslated string would show in
English to Turkish users).
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def catalogues() -> list[Path]:
    return sorted(ROOT.glob("**/locale/*/LC_MESSAGES/*.po"))


def needs_translation(po_path: Path) -> bool:
    # msgids are English, so only the other languages must translate every entry.
    return po_path.parts[-3] != "en"


def problems(po_path: Path) -> list[str]:
    catalogue = polib.pofile(str(po_path))
    found: list[str] = []
    if needs_translation(po_path):
        found += [f"{po_path}: untranslated {e.msgid!r}" for e in catalogue.untranslated_entries()]
        found += [f"{po_path}: fuzzy {e.msgid!r}" for e in catalogue.fuzzy_entries()]
    mo_path = po_path.with_suffix(".mo")
    if not mo_path.exists():
        found.append(f"{mo_path}: missing; run `make messages`")
    else:
        compiled = {
            (e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
            for e in polib.mofile(str(mo_path))
        }
        wanted = {
            (e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
            for e in catalogue.translated_entries()
        }
        if compiled != wanted:
            found.append(f"{mo_path}: stale; run `make messages`")
    return found


def disagreements(paths: list[Path]) -> list[str]:
    """The same English text translated differently in two apps' catalogues: Django shows the
    first app's translation everywhere, so the other one is dead and the wording drifts."""
    seen: dict[tuple[str, str | None, str], tuple[str, Path]] = {}
    found = []
    for po_path in paths:
        language = po_path.parts[-3]
        for entry in polib.pofile(str(po_path)).translated_entries():
            if entry.msgid_plural:
                continue
            key = (language, entry.msgctxt, entry.msgid)
            first = seen.setdefault(key, (entry.msgstr, po_path))
            if first[0] != entry.msgstr:
                found.append(
                    f"{po_path}: {entry.msgid!r} is {entry.msgstr!r} here but {first[0]!r} in {first[1]}"
                )
    return found


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "check"
    if command == "compile":
        for po_path in catalogues():
            polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
            print(f"compiled {po_path.relative_to(ROOT)}")
        return 0
    found = [p for po_path in catalogues() for p in problems(po_path)] + disagreements(catalogues())
    for line in found:
        print(line, file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

"""The catalogue check catches one text translated two ways, and the shipped catalogues agree."""

from __future__ import annotations

from pathlib import Path

import polib

from yanit.tools.messages import catalogues, disagreements


def _catalogue(root: Path, app: str, entries: dict[str, str]) -> Path:
    path = root / app / "locale" / "tr" / "LC_MESSAGES" / "django.po"
    path.parent.mkdir(parents=True)
    po = polib.POFile()
    for msgid, msgstr in entries.items():
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    po.save(str(path))
    return path


def test_one_text_two_translations_is_reported(tmp_path: Path) -> None:
    first = _catalogue(tmp_path, "inboxes", {"Live chat": "Canlı sohbet", "Save": "Kaydet"})
    second = _catalogue(tmp_path, "helpcenter", {"Live chat": "Canlı destek", "Save": "Kaydet"})

    assert disagreements([first, second]) == [
        f"{second}: 'Live chat' is 'Canlı destek' here but 'Canlı sohbet' in {first}"
    ]


def test_shipped_catalogues_agree() -> None:
    assert disagreements(catalogues()) == []

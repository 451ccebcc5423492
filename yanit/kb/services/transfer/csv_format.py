"""The CSV format: one row per article, as a spreadsheet (Excel in Turkish writes ``;`` and
often a BOM) holds a store's SSS.

Columns (header row required, any order, only ``title`` required; Turkish names are accepted too):
``key``, ``language``, ``slug``, ``title``, ``summary``, ``category``, ``tags``, ``skus``, ``status``,
``bot_enabled``, ``video_url``, ``questions``, ``body``. Tags and SKUs are separated by commas,
questions by ``|``. ``body`` is HTML, or plain text (paragraphs at blank lines) when it has no tags.
The export writes UTF-8 with a BOM and ``;``, which Excel opens as columns."""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _

from yanit.accounts.models import Agent
from yanit.core.errors import DomainError, ValidationFailed
from yanit.core.html import text_to_html
from yanit.core.text import search_fold
from yanit.kb.models import Article
from yanit.kb.services.transfer.records import (
    ArticleRecord,
    ImportReport,
    RowError,
    apply_import,
    parse_bool,
    parse_language,
    parse_status,
)

COLUMNS = [
    "key",
    "language",
    "slug",
    "title",
    "summary",
    "category",
    "tags",
    "skus",
    "status",
    "bot_enabled",
    "video_url",
    "questions",
    "body",
]
# Folded Turkish (and a few English) header names → column.
_ALIASES = {
    "anahtar": "key",
    "ceviri anahtari": "key",
    "translation key": "key",
    "dil": "language",
    "adres": "slug",
    "baslik": "title",
    "soru": "title",
    "ozet": "summary",
    "kisa cevap": "summary",
    "kategori": "category",
    "etiketler": "tags",
    "etiket": "tags",
    "stok kodlari": "skus",
    "urun kodlari": "skus",
    "sku": "skus",
    "durum": "status",
    "bot": "bot_enabled",
    "video": "video_url",
    "video linki": "video_url",
    "ornek sorular": "questions",
    "sorular": "questions",
    "icerik": "body",
    "cevap": "body",
    "metin": "body",
    "body html": "body",
    "body_html": "body",
}
QUESTION_SEPARATOR = "|"


def decode(raw: bytes) -> str:
    """UTF-8 with or without a BOM; Windows Turkish (cp1254) for older Excel files."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1254", errors="replace")


def _delimiter(text: str) -> str:
    header = text.split("\n", 1)[0]
    return ";" if header.count(";") > header.count(",") else ","


def _column(name: str) -> str | None:
    folded = search_fold(name.replace("_", " "))
    if folded.replace(" ", "_") in COLUMNS:
        return folded.replace(" ", "_")
    return _ALIASES.get(folded) or _ALIASES.get(name.strip().casefold())


def _body(value: str) -> str:
    value = value.strip()
    return value if "<" in value and ">" in value else text_to_html(value)


def read_csv(raw: bytes | str) -> tuple[list[ArticleRecord], list[RowError]]:
    text = decode(raw) if isinstance(raw, bytes) else raw.lstrip("\ufeff")
    if not text.strip():
        raise ValidationFailed(_("The file is empty."), details={"file": "empty"})
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    header = next(reader)
    columns = [_column(name) for name in header]
    if "title" not in columns:
        raise ValidationFailed(
            _("The first row must name the columns, and one of them must be “title” (or “başlık”)."),
            details={"columns": header},
        )
    records: list[ArticleRecord] = []
    errors: list[RowError] = []
    for row_number, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        values = {col: cells[i] if i < len(cells) else "" for i, col in enumerate(columns) if col}
        title = values.get("title", "").strip()
        try:
            records.append(
                ArticleRecord(
                    row=row_number,
                    title=title,
                    language=parse_language(values.get("language")),
                    slug=values.get("slug", ""),
                    key=values.get("key", "").strip(),
                    summary=values.get("summary", ""),
                    body_html=_body(values.get("body", "")),
                    category=values.get("category", ""),
                    tags=values.get("tags", "").split(","),
                    skus=values.get("skus", "").split(","),
                    status=parse_status(values.get("status")),
                    bot_enabled=parse_bool(values.get("bot_enabled"), True),
                    video_url=values.get("video_url", "").strip(),
                    questions=[
                        (q, "import")
                        for q in values.get("questions", "").split(QUESTION_SEPARATOR)
                        if q.strip()
                    ],
                )
            )
        except DomainError as exc:
            errors.append(RowError(row=row_number, title=title, message=exc.message, details=exc.details))
    return records, errors


def import_csv(
    workspace_id: int, raw: bytes | str, *, actor: Agent | None = None, dry_run: bool = False
) -> ImportReport:
    records, errors = read_csv(raw)
    return apply_import(workspace_id, records, actor=actor, dry_run=dry_run, errors=errors)


def export_csv(workspace_id: int) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    articles = (
        Article.objects.filter(workspace_id=workspace_id)
        .select_related("category")
        .prefetch_related("example_questions")
        .order_by("translation_group", "language", "pk")
    )
    for a in articles:
        writer.writerow(
            [
                str(a.translation_group),
                a.language,
                a.slug,
                a.title,
                a.summary,
                a.category.name_tr if a.category else "",
                ", ".join(a.tags),
                ", ".join(a.skus),
                a.status,
                "1" if a.bot_enabled else "0",
                a.video_url,
                f" {QUESTION_SEPARATOR} ".join(q.text for q in a.example_questions.all()),
                a.body_html,
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")

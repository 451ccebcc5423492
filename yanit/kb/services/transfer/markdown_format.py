"""The Markdown folder format: a .zip with one ``.md`` file per article (in any folders), each
starting with front matter between ``---`` lines:

    ---
    title: Kargom ne zaman gelir?
    category: Kargo ve Teslimat
    language: tr
    translation_key: kargo-suresi
    tags: kargo, teslimat
    skus: TSHIRT-01, TSHIRT-02
    summary: Siparişiniz 1-3 iş gününde kargoya verilir.
    status: published
    questions:
      - kargom nerde
      - siparişim ne zaman gelir
    ---
    Body in **Markdown**.

Values may be quoted ("..."); ``summary: |`` starts a block of indented lines. ``slug``,
``bot_enabled``, ``video_url`` and ``body_format`` (``markdown`` or ``html``) are optional too.
The export writes the body as HTML with ``body_format: html`` so nothing is lost on the way
back; files a store writes by hand are Markdown."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

from django.utils.translation import gettext as _
from markdown_it import MarkdownIt

from yanit.accounts.models import Agent
from yanit.core.errors import DomainError, ValidationFailed
from yanit.kb.models import Article, Category
from yanit.kb.services.transfer.csv_format import decode
from yanit.kb.services.transfer.records import (
    ArticleRecord,
    CategoryRecord,
    ImportReport,
    RowError,
    apply_import,
    parse_bool,
    parse_language,
    parse_status,
)

MAX_ZIP_BYTES = 50 * 1_048_576
MAX_FILE_BYTES = 2 * 1_048_576
CATEGORIES_FILE = "_categories.json"

# CommonMark with tables and strikethrough; raw HTML is passed on to the sanitiser.
_markdown = MarkdownIt("commonmark", {"html": True, "linkify": False}).enable(["table", "strikethrough"])


def markdown_to_html(text: str) -> str:
    return _markdown.render(text)


def _scalar(raw: str) -> str:
    value = raw.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        try:
            return str(json.loads(value))
        except ValueError:
            return value[1:-1]
    if len(value) >= 2 and value[0] == value[-1] == "'":
        return value[1:-1].replace("''", "'")
    return value


def _inline_list(raw: str) -> list[str]:
    value = raw.strip()
    if value.startswith("[") and value.endswith("]"):
        value = value[1:-1]
    return [_scalar(part) for part in value.split(",") if part.strip()]


def parse_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """(fields, body). A file without front matter is all body."""
    text = text.replace("\r\n", "\n").lstrip("\ufeff")
    if not text.startswith("---\n"):
        return {}, text
    end = text.find("\n---", 3)
    if end == -1:
        raise ValidationFailed(
            _("The front matter has no closing --- line."), details={"front_matter": "open"}
        )
    lines = text[4:end].split("\n")
    body = text[end + 4 :].lstrip("-").lstrip("\n")
    fields: dict[str, Any] = {}
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if ":" not in line or line[0] in " \t":
            raise ValidationFailed(
                _("Front matter line %(n)d is not “name: value”.") % {"n": i},
                details={"front_matter": line[:60]},
            )
        key, _sep, value = line.partition(":")
        key = key.strip().casefold()
        if value.strip() in {"|", ">"}:
            block = []
            while i < len(lines) and (lines[i].startswith((" ", "\t")) or not lines[i].strip()):
                block.append(lines[i].strip())
                i += 1
            joiner = "\n" if value.strip() == "|" else " "
            fields[key] = joiner.join(block).strip()
        elif not value.strip():
            items = []
            while i < len(lines) and lines[i].strip().startswith("- "):
                items.append(_scalar(lines[i].strip()[2:]))
                i += 1
            fields[key] = items if items else ""
        else:
            fields[key] = value.strip()
    return fields, body


def _as_list(value: Any) -> list[str]:
    if isinstance(value, list):
        return value
    return _inline_list(str(value or ""))


def record_from_markdown(row: int, text: str) -> ArticleRecord:
    fields, body = parse_front_matter(text)
    body_format = _scalar(str(fields.get("body_format", "markdown"))).casefold()
    body_html = body.strip() if body_format == "html" else markdown_to_html(body)
    title = _scalar(str(fields.get("title", "")))
    if not title:
        # A plain Markdown file: its first "# heading" is the title.
        first, _sep, rest = body.lstrip().partition("\n")
        if first.startswith("# "):
            title = first[2:].strip()
            body_html = rest.strip() if body_format == "html" else markdown_to_html(rest)
    return ArticleRecord(
        row=row,
        title=title,
        language=parse_language(_scalar(str(fields.get("language", "")))),
        slug=_scalar(str(fields.get("slug", ""))),
        key=_scalar(str(fields.get("translation_key", fields.get("key", "")))),
        summary=_scalar(str(fields.get("summary", ""))),
        body_html=body_html,
        category=_scalar(str(fields.get("category", ""))),
        tags=_as_list(fields.get("tags")),
        skus=_as_list(fields.get("skus")),
        status=parse_status(_scalar(str(fields.get("status", "")))),
        bot_enabled=parse_bool(_scalar(str(fields.get("bot_enabled", ""))), True),
        video_url=_scalar(str(fields.get("video_url", ""))),
        position=int(_scalar(str(fields.get("position", "0"))) or 0),
        questions=[(q, "import") for q in _as_list(fields.get("questions"))],
    )


def read_zip(raw: bytes) -> tuple[list[CategoryRecord], list[ArticleRecord], list[RowError], list[str]]:
    """(categories, articles, errors, file names in row order). Rows are numbered by file."""
    if len(raw) > MAX_ZIP_BYTES:
        raise ValidationFailed(_("The file is too large."), details={"file": "too_large"})
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except zipfile.BadZipFile:
        raise ValidationFailed(_("The file is not a .zip archive."), details={"file": "not_zip"}) from None
    names = sorted(
        info.filename
        for info in archive.infolist()
        if info.filename.lower().endswith(".md") and not info.is_dir() and "__MACOSX" not in info.filename
    )
    categories: list[CategoryRecord] = []
    if CATEGORIES_FILE in archive.namelist():
        try:
            for item in json.loads(archive.read(CATEGORIES_FILE)):
                categories.append(
                    CategoryRecord(
                        **{k: str(v) for k, v in item.items() if k in CategoryRecord.__dataclass_fields__}
                    )
                )
        except (ValueError, TypeError):
            raise ValidationFailed(
                _("%(file)s is not valid.") % {"file": CATEGORIES_FILE}, details={"file": CATEGORIES_FILE}
            ) from None
    records: list[ArticleRecord] = []
    errors: list[RowError] = []
    for row, name in enumerate(names, start=1):
        info = archive.getinfo(name)
        try:
            if info.file_size > MAX_FILE_BYTES:
                raise ValidationFailed(_("The file is too large."), details={"file": name})
            record = record_from_markdown(row, decode(archive.read(name)))
            if not record.title:
                raise ValidationFailed(_("The article needs a title."), details={"title": "required"})
            records.append(record)
        except (DomainError, ValueError) as exc:
            message = exc.message if isinstance(exc, DomainError) else str(exc)
            errors.append(RowError(row=row, title=name, message=message, details={"file": name}))
    return categories, records, errors, names


def import_markdown_zip(
    workspace_id: int, raw: bytes, *, actor: Agent | None = None, dry_run: bool = False
) -> ImportReport:
    categories, records, errors, _names = read_zip(raw)
    return apply_import(
        workspace_id, records, categories=categories, actor=actor, dry_run=dry_run, errors=errors
    )


def _quoted(value: str) -> str:
    plain = (
        value == value.strip()
        and not value.startswith(('"', "'", "[", "|", ">", "-", "#"))
        and "\n" not in value
    )
    return value if plain else json.dumps(value, ensure_ascii=False)


def article_markdown(article: Article) -> str:
    lines = [
        "---",
        f"title: {_quoted(article.title)}",
        f"slug: {article.slug}",
        f"language: {article.language}",
        f"translation_key: {article.translation_group}",
        f"category: {_quoted(article.category.name_tr) if article.category else ''}",
        f"tags: {', '.join(_quoted(t) for t in article.tags)}",
        f"skus: {', '.join(_quoted(s) for s in article.skus)}",
        f"status: {article.status}",
        f"bot_enabled: {'true' if article.bot_enabled else 'false'}",
        f"video_url: {article.video_url}",
        f"position: {article.position}",
        f"summary: {_quoted(article.summary)}",
        "questions:",
        *[f"  - {_quoted(q.text)}" for q in article.example_questions.all()],
        "body_format: html",
        "---",
        article.body_html,
        "",
    ]
    return "\n".join(lines)


def export_markdown_zip(workspace_id: int) -> bytes:
    out = io.BytesIO()
    articles = (
        Article.objects.filter(workspace_id=workspace_id)
        .select_related("category")
        .prefetch_related("example_questions")
        .order_by("language", "slug")
    )
    categories = [
        {
            "slug": c.slug,
            "name_tr": c.name_tr,
            "name_en": c.name_en,
            "description_tr": c.description_tr,
            "description_en": c.description_en,
            "icon": c.icon,
        }
        for c in Category.objects.filter(workspace_id=workspace_id)
    ]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(CATEGORIES_FILE, json.dumps(categories, ensure_ascii=False, indent=2))
        for article in articles:
            archive.writestr(f"{article.language}/{article.slug}.md", article_markdown(article))
    return out.getvalue()

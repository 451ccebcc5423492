"""Knowledge base housekeeping pages: categories and their order, the synonym list, and import /
export (with a dry-run preview). Agents may look; admins and owners change."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yanit.backoffice.kb_forms import CategoryForm, ImportForm, SynonymsForm
from yanit.backoffice.views.common import acting_agent, domain_errors
from yanit.core.errors import ValidationFailed
from yanit.kb.models import Article, Category
from yanit.kb.services import (
    delete_category,
    get_category,
    move_category,
    replace_synonyms,
    require_editor,
    save_category,
    synonyms_as_text,
)
from yanit.kb.services.transfer import (
    ImportReport,
    export_csv,
    export_json,
    export_markdown_zip,
    import_csv,
    import_json,
    import_markdown_zip,
)
from yanit.web.access import agent_required

MAX_IMPORT_BYTES = 50 * 1_048_576


@agent_required
@domain_errors
def category_list(request: HttpRequest) -> HttpResponse:
    actor = acting_agent(request)
    form = CategoryForm(request.POST or None)
    if request.method == "POST":
        require_editor(actor)
        if form.is_valid():
            try:
                category = save_category(actor.workspace_id, form.to_input(), actor=actor)
            except ValidationFailed as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Category “%(name)s” added.") % {"name": category.name_tr})
                return redirect("backoffice:kb_categories")
    categories = list(Category.objects.filter(workspace_id=actor.workspace_id))
    counts: dict[int, int] = {}
    for category_id in Article.objects.filter(workspace_id=actor.workspace_id).values_list(
        "category_id", flat=True
    ):
        if category_id:
            counts[category_id] = counts.get(category_id, 0) + 1
    for category in categories:
        category.article_count = counts.get(category.pk, 0)  # type: ignore[attr-defined]
    return render(
        request,
        "backoffice/kb/categories.html",
        {"section": "categories", "categories": categories, "form": form, "can_edit": actor.is_admin},
        status=422 if form.errors else 200,
    )


@agent_required
@domain_errors
def category_edit(request: HttpRequest, category_id: int) -> HttpResponse:
    actor = acting_agent(request)
    require_editor(actor)
    category = get_category(actor.workspace_id, category_id)
    initial = {
        "name_tr": category.name_tr,
        "name_en": category.name_en,
        "description_tr": category.description_tr,
        "description_en": category.description_en,
        "icon": category.icon,
    }
    form = CategoryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            save_category(actor.workspace_id, form.to_input(), actor=actor, category=category)
        except ValidationFailed as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Category saved."))
            return redirect("backoffice:kb_categories")
    return render(
        request,
        "backoffice/kb/category_edit.html",
        {"section": "categories", "category": category, "form": form},
        status=422 if form.errors else 200,
    )


@require_POST
@agent_required
@domain_errors
def category_move(request: HttpRequest, category_id: int) -> HttpResponse:
    actor = acting_agent(request)
    offset = -1 if request.POST.get("direction") == "up" else 1
    move_category(get_category(actor.workspace_id, category_id), offset, actor=actor)
    return redirect("backoffice:kb_categories")


@require_POST
@agent_required
@domain_errors
def category_delete(request: HttpRequest, category_id: int) -> HttpResponse:
    actor = acting_agent(request)
    category = get_category(actor.workspace_id, category_id)
    delete_category(category, actor=actor)
    messages.success(
        request, _("Category “%(name)s” deleted; its articles are kept.") % {"name": category.name_tr}
    )
    return redirect("backoffice:kb_categories")


@agent_required
@domain_errors
def synonyms(request: HttpRequest) -> HttpResponse:
    actor = acting_agent(request)
    form = SynonymsForm(request.POST or None, initial={"text": synonyms_as_text(actor.workspace_id)})
    if request.method == "POST":
        require_editor(actor)
        if form.is_valid():
            try:
                groups = replace_synonyms(actor.workspace_id, form.cleaned_data["text"], actor=actor)
            except ValidationFailed as exc:
                form.add_error("text", exc.message)
            else:
                messages.success(request, _("Synonyms saved: %(n)d groups.") % {"n": len(groups)})
                return redirect("backoffice:kb_synonyms")
    return render(
        request,
        "backoffice/kb/synonyms.html",
        {"section": "synonyms", "form": form, "can_edit": actor.is_admin},
        status=422 if form.errors else 200,
    )


def _format_of(name: str, chosen: str) -> str:
    if chosen:
        return chosen
    lowered = name.lower()
    if lowered.endswith(".zip"):
        return "markdown"
    if lowered.endswith(".csv") or lowered.endswith(".txt"):
        return "csv"
    return "json"


@agent_required
@domain_errors
def transfer(request: HttpRequest) -> HttpResponse:
    actor = acting_agent(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    report: ImportReport | None = None
    if request.method == "POST":
        require_editor(actor)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > MAX_IMPORT_BYTES:
                form.add_error("file", _("The file is too large."))
            else:
                raw = upload.read()
                kind = _format_of(upload.name or "", form.cleaned_data["format"])
                dry_run = form.cleaned_data["preview"]
                importer = {"json": import_json, "csv": import_csv, "markdown": import_markdown_zip}[kind]
                try:
                    report = importer(actor.workspace_id, raw, actor=actor, dry_run=dry_run)
                except ValidationFailed as exc:
                    form.add_error("file", exc.message)
    return render(
        request,
        "backoffice/kb/transfer.html",
        {"section": "transfer", "form": form, "report": report, "can_edit": actor.is_admin},
        status=422 if form.errors else 200,
    )


@agent_required
def export(request: HttpRequest, kind: str) -> HttpResponse:
    actor = acting_agent(request)
    stamp = timezone.localdate().isoformat()
    if kind == "json":
        body: bytes = export_json(actor.workspace_id).encode()
        content_type, name = "application/json", f"bilgi-bankasi-{stamp}.json"
    elif kind == "csv":
        body, content_type, name = (
            export_csv(actor.workspace_id),
            "text/csv; charset=utf-8",
            f"bilgi-bankasi-{stamp}.csv",
        )
    else:
        body, content_type, name = (
            export_markdown_zip(actor.workspace_id),
            "application/zip",
            f"bilgi-bankasi-{stamp}.zip",
        )
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response

"""Knowledge base editor: the article list, the editor (admins and owners write, agents read),
publishing, revision history with restore, translations, and uploads for the body editor.
The kb services check every permission again."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from yanit.backoffice.kb_forms import ArticleForm
from yanit.backoffice.views.common import acting_agent, domain_errors
from yanit.core.errors import DomainError, ValidationFailed
from yanit.kb.models import Article, Category, KbAsset, Language
from yanit.kb.services import (
    asset_url,
    delete_article,
    filter_articles,
    get_article,
    require_editor,
    restore_revision,
    save_article,
    set_status,
    sync_questions,
    translations,
    upload_asset,
)
from yanit.web.access import agent_required

ARTICLES_PER_PAGE = 50


@agent_required
def article_list(request: HttpRequest) -> HttpResponse:
    actor = acting_agent(request)
    language = request.GET.get("language", "")
    status = request.GET.get("status", "")
    category = request.GET.get("category", "")
    q = request.GET.get("q", "")[:200]
    category_id = int(category) if category.isdigit() else None
    articles = filter_articles(
        actor.workspace_id,
        language=language if language in Language.values else "",
        status=status if status in Article.Status.values else "",
        category_id=category_id,
        uncategorised=category == "none",
        q=q,
    )
    page = Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    filters = {"language": language, "status": status, "category": category, "q": q}
    return render(
        request,
        "backoffice/kb/article_list.html",
        {
            "section": "articles",
            "articles": page.object_list,
            "page": page,
            "filters_query": urlencode({key: value for key, value in filters.items() if value}),
            "categories": Category.objects.filter(workspace_id=actor.workspace_id),
            "languages": Language.choices,
            "statuses": Article.Status.choices,
            "filters": filters,
            "can_edit": actor.is_admin,
        },
    )


def _saved(form: ArticleForm, save: Any) -> Article | None:
    try:
        result: Article = save()
        return result
    except ValidationFailed as exc:
        field = next((name for name in exc.details if name in form.fields), None)
        if field == "category_id":
            field = "category"
        form.add_error(field if field in form.fields else None, exc.message)
        return None


def _editor(request: HttpRequest, article: Article | None) -> HttpResponse:
    actor = acting_agent(request)
    read_only = not actor.is_admin
    source = None
    if article is None:
        require_editor(actor)
        source_id = request.GET.get("translation_of") or request.POST.get("translation_of")
        source = get_article(actor.workspace_id, source_id) if source_id else None
        language = request.GET.get("language", "")
        initial: dict[str, Any] = {
            "status": Article.Status.DRAFT,
            "bot_enabled": True,
            "language": Language.TR,
        }
        if source is not None:
            initial.update(
                language=language if language in Language.values else Language.EN,
                category=source.category_id or "",
                tags=", ".join(source.tags),
                skus=", ".join(source.skus),
                video_url=source.video_url,
            )
    else:
        initial = ArticleForm.initial_of(article)
    form = ArticleForm(
        request.POST or None, initial=initial, workspace_id=actor.workspace_id, read_only=read_only
    )
    if request.method == "POST":
        require_editor(actor)
        if form.is_valid():

            def save() -> Article:
                # The article and its questions are saved together or not at all.
                with transaction.atomic():
                    saved = save_article(
                        actor.workspace_id,
                        form.to_input(article.position if article else 0),
                        actor=actor,
                        article=article,
                        translation_of=source,
                    )
                    sync_questions(saved, form.question_lines(), actor=actor)
                return saved

            saved = _saved(form, save)
            if saved is not None:
                messages.success(request, _("Article saved."))
                return redirect("backoffice:kb_article", article_id=saved.pk)
    status = 422 if form.is_bound and form.errors else 200
    others = translations(article) if article else {}
    missing = [
        (code, label)
        for code, label in Language.choices
        if article and code != article.language and code not in others
    ]
    return render(
        request,
        "backoffice/kb/article_edit.html",
        {
            "section": "articles",
            "form": form,
            "article": article,
            "source": source,
            "translations": sorted(others.items()),
            "missing_languages": missing,
            "read_only": read_only,
        },
        status=status,
    )


@agent_required
@domain_errors
def article_new(request: HttpRequest) -> HttpResponse:
    return _editor(request, None)


@agent_required
@domain_errors
def article_edit(request: HttpRequest, article_id: int) -> HttpResponse:
    return _editor(request, get_article(acting_agent(request).workspace_id, article_id))


@require_POST
@agent_required
@domain_errors
def article_status(request: HttpRequest, article_id: int) -> HttpResponse:
    actor = acting_agent(request)
    article = get_article(actor.workspace_id, article_id)
    published = set_status(article, request.POST.get("status", ""), actor=actor).is_published
    messages.success(request, _("Article published.") if published else _("Article moved back to drafts."))
    return redirect("backoffice:kb_article", article_id=article.pk)


@require_POST
@agent_required
@domain_errors
def article_delete(request: HttpRequest, article_id: int) -> HttpResponse:
    actor = acting_agent(request)
    article = get_article(actor.workspace_id, article_id)
    delete_article(article, actor=actor)
    messages.success(request, _("Article “%(title)s” deleted.") % {"title": article.title})
    return redirect("backoffice:kb_articles")


@agent_required
@domain_errors
def article_history(request: HttpRequest, article_id: int) -> HttpResponse:
    actor = acting_agent(request)
    article = get_article(actor.workspace_id, article_id)
    revisions = list(article.revisions.select_related("author__user"))
    shown = None
    if request.GET.get("revision", "").isdigit():
        shown = next((r for r in revisions if r.number == int(request.GET["revision"])), None)
    return render(
        request,
        "backoffice/kb/article_history.html",
        {
            "section": "articles",
            "article": article,
            "revisions": revisions,
            "shown": shown or (revisions[0] if revisions else None),
            "can_edit": actor.is_admin,
        },
    )


@require_POST
@agent_required
@domain_errors
def article_restore(request: HttpRequest, article_id: int, number: int) -> HttpResponse:
    actor = acting_agent(request)
    restore_revision(get_article(actor.workspace_id, article_id), number, actor=actor)
    messages.success(request, _("Revision %(n)d restored.") % {"n": number})
    return redirect("backoffice:kb_article", article_id=article_id)


@require_POST
@agent_required
def asset_upload(request: HttpRequest) -> JsonResponse:
    """The body editor's upload: JSON with the file's address, or an error message."""
    actor = acting_agent(request)
    upload = request.FILES.get("file")
    if upload is None:
        return JsonResponse({"error": {"message": _("Choose a file.")}}, status=400)
    try:
        asset = upload_asset(actor.workspace_id, upload, upload.name or "", actor=actor)
    except DomainError as exc:
        return JsonResponse({"error": {"message": exc.message, "details": exc.details}}, status=exc.status)
    return JsonResponse(
        {
            "id": asset.pk,
            "url": asset_url(asset),
            "content_type": asset.content_type,
            "filename": asset.filename,
            "size": asset.size,
        },
        status=201,
    )


@require_GET
def asset_file(request: HttpRequest, asset_id: int, key: str, filename: str) -> FileResponse:
    """An uploaded image or video, public like the articles that embed it: the hash part of the
    address is the key, so addresses can't be guessed from ids."""
    asset = KbAsset.objects.filter(pk=asset_id).first()
    if asset is None or len(key) != 16 or not asset.sha256.startswith(key) or asset.filename != filename:
        raise Http404
    try:
        handle = asset.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=asset.content_type)
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    return response

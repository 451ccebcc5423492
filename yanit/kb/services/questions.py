"""Example questions of an article and the workspace's synonym groups."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from yanit.accounts.models import Agent
from yanit.core.errors import NotFound, PermissionDenied, ValidationFailed
from yanit.core.events import publish_on_commit
from yanit.core.text import search_fold, tr_lower
from yanit.kb import index_state
from yanit.kb.events import ArticleChanged, SynonymsChanged
from yanit.kb.models import Article, ExampleQuestion, SynonymGroup
from yanit.kb.services.access import require_editor

MAX_QUESTION = 500
MAX_QUESTIONS_PER_ARTICLE = 200


def _clean_question(text: str) -> str:
    cleaned = " ".join((text or "").split())
    if not cleaned:
        raise ValidationFailed(_("The question is empty."), details={"text": "required"})
    return cleaned[:MAX_QUESTION]


def _may_add(actor: Agent | None, source: str) -> None:
    # Any agent may save a customer's wording from a conversation they answered; the other
    # sources are editing.
    if source == ExampleQuestion.Source.CONVERSATION:
        return
    require_editor(actor)


def add_question(
    article: Article,
    text: str,
    *,
    source: str = ExampleQuestion.Source.EDITOR,
    actor: Agent | None = None,
    conversation_id: int | None = None,
) -> ExampleQuestion:
    """Add an example question; one the article already has (compared folded) is returned as is."""
    if source not in ExampleQuestion.Source.values:
        raise ValidationFailed(_("Unknown source %(value)s.") % {"value": source}, details={"source": source})
    _may_add(actor, source)
    if actor is not None and actor.workspace_id != article.workspace_id:
        raise NotFound(_("Article not found."), details={"article_id": article.pk})
    cleaned = _clean_question(text)
    folded = search_fold(cleaned)
    with transaction.atomic():
        existing = list(ExampleQuestion.objects.select_for_update().filter(article=article))
        for question in existing:
            if search_fold(question.text) == folded:
                return question
        if len(existing) >= MAX_QUESTIONS_PER_ARTICLE:
            raise ValidationFailed(
                _("An article can have at most %(n)d example questions.") % {"n": MAX_QUESTIONS_PER_ARTICLE},
                details={"text": "too_many"},
            )
        question = ExampleQuestion.objects.create(
            workspace_id=article.workspace_id,
            article=article,
            text=cleaned,
            source=source,
            conversation_id=conversation_id,
            created_by=actor,
        )
        index_state.bump(article.workspace_id)
    publish_on_commit(
        ArticleChanged(workspace_id=article.workspace_id, article_id=article.pk, change="questions")
    )
    return question


def add_questions(article: Article, items: list[tuple[str, str]], *, actor: Agent | None = None) -> int:
    """Add many (text, source) questions at once, skipping ones the article has (folded); one
    write and one event for the lot (imports use it). Returns how many were added."""
    require_editor(actor)
    wanted: dict[str, tuple[str, str]] = {}
    for text, source in items:
        if not " ".join((text or "").split()):
            continue
        cleaned = _clean_question(text)
        known_source = source if source in ExampleQuestion.Source.values else ExampleQuestion.Source.IMPORT
        wanted.setdefault(search_fold(cleaned), (cleaned, known_source))
    if not wanted:
        return 0
    with transaction.atomic():
        have = {
            search_fold(t)
            for t in ExampleQuestion.objects.filter(article=article).values_list("text", flat=True)
        }
        new = [
            ExampleQuestion(
                workspace_id=article.workspace_id, article=article, text=text, source=source, created_by=actor
            )
            for key, (text, source) in wanted.items()
            if key not in have
        ]
        if len(have) + len(new) > MAX_QUESTIONS_PER_ARTICLE:
            raise ValidationFailed(
                _("An article can have at most %(n)d example questions.") % {"n": MAX_QUESTIONS_PER_ARTICLE},
                details={"questions": "too_many"},
            )
        if new:
            ExampleQuestion.objects.bulk_create(new)
            index_state.bump(article.workspace_id)
    if new:
        publish_on_commit(
            ArticleChanged(workspace_id=article.workspace_id, article_id=article.pk, change="questions")
        )
    return len(new)


def remove_question(question: ExampleQuestion, *, actor: Agent | None = None) -> None:
    require_editor(actor)
    if actor is not None and actor.workspace_id != question.workspace_id:
        raise PermissionDenied(_("Only admins can change the knowledge base."))
    with transaction.atomic():
        question.delete()
        index_state.bump(question.workspace_id)
    publish_on_commit(
        ArticleChanged(workspace_id=question.workspace_id, article_id=question.article_id, change="questions")
    )


def sync_questions(
    article: Article,
    texts: list[str],
    *,
    actor: Agent | None = None,
    source: str = ExampleQuestion.Source.EDITOR,
) -> list[ExampleQuestion]:
    """Make the article's questions exactly ``texts`` (the editor's one-per-line list): kept ones
    keep their source, missing ones are removed, new ones are added with ``source``."""
    require_editor(actor)
    wanted: dict[str, str] = {}
    for text in texts:
        if " ".join((text or "").split()):
            cleaned = _clean_question(text)
            wanted.setdefault(search_fold(cleaned), cleaned)
    if len(wanted) > MAX_QUESTIONS_PER_ARTICLE:
        raise ValidationFailed(
            _("An article can have at most %(n)d example questions.") % {"n": MAX_QUESTIONS_PER_ARTICLE},
            details={"questions": "too_many"},
        )
    with transaction.atomic():
        existing = list(ExampleQuestion.objects.select_for_update().filter(article=article))
        have = {search_fold(q.text): q for q in existing}
        gone = [q.pk for key, q in have.items() if key not in wanted]
        new = [
            ExampleQuestion(
                workspace_id=article.workspace_id, article=article, text=text, source=source, created_by=actor
            )
            for key, text in wanted.items()
            if key not in have
        ]
        changed = bool(gone or new)
        if gone:
            ExampleQuestion.objects.filter(pk__in=gone).delete()
        if new:
            ExampleQuestion.objects.bulk_create(new)
        if changed:
            index_state.bump(article.workspace_id)
    if changed:
        publish_on_commit(
            ArticleChanged(workspace_id=article.workspace_id, article_id=article.pk, change="questions")
        )
    return list(article.example_questions.all())


def clean_words(words: list[str] | str) -> list[str]:
    """A synonym group's words: Turkish lower-case, trimmed, unique, at least two."""
    if isinstance(words, str):
        words = words.split(",")
    cleaned = list(dict.fromkeys(w for w in (" ".join(tr_lower(str(x)).split()) for x in words) if w))
    if len(cleaned) < 2:
        raise ValidationFailed(
            _("A synonym group needs at least two words, separated by commas."), details={"words": "too_few"}
        )
    if len(cleaned) > 50 or any(len(w) > 60 for w in cleaned):
        raise ValidationFailed(_("The synonym group is too long."), details={"words": "long"})
    return cleaned


def save_synonym_group(
    workspace_id: int,
    words: list[str] | str,
    *,
    actor: Agent | None = None,
    group: SynonymGroup | None = None,
) -> SynonymGroup:
    require_editor(actor)
    target = group or SynonymGroup(workspace_id=workspace_id)
    target.words = clean_words(words)
    with transaction.atomic():
        target.save()
        index_state.bump(workspace_id)
    publish_on_commit(SynonymsChanged(workspace_id=workspace_id))
    return target


def delete_synonym_group(group: SynonymGroup, *, actor: Agent | None = None) -> None:
    require_editor(actor)
    with transaction.atomic():
        group.delete()
        index_state.bump(group.workspace_id)
    publish_on_commit(SynonymsChanged(workspace_id=group.workspace_id))


def replace_synonyms(workspace_id: int, text: str, *, actor: Agent | None = None) -> list[SynonymGroup]:
    """The synonym page's text: one group per line, words separated by commas. Replaces all
    groups; a line with a single word is an error naming its line number."""
    require_editor(actor)
    groups: list[list[str]] = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            groups.append(clean_words(line))
        except ValidationFailed as exc:
            raise ValidationFailed(
                _("Line %(n)d: %(problem)s") % {"n": number, "problem": exc.message},
                details={"line": number, **exc.details},
            ) from None
    with transaction.atomic():
        SynonymGroup.objects.filter(workspace_id=workspace_id).delete()
        created = SynonymGroup.objects.bulk_create(
            [SynonymGroup(workspace_id=workspace_id, words=words) for words in groups]
        )
        index_state.bump(workspace_id)
    publish_on_commit(SynonymsChanged(workspace_id=workspace_id))
    return created


def synonyms_as_text(workspace_id: int) -> str:
    return "\n".join(
        ", ".join(words)
        for words in SynonymGroup.objects.filter(workspace_id=workspace_id).values_list("words", flat=True)
    )

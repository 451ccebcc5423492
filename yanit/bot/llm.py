"""Optional: draft the bot's answer with a language model, grounded only in the chosen article.

Any OpenAI-compatible ``POST /v1/chat/completions`` endpoint, configured per workspace
(``BotSettings``), off by default and never required. Whatever goes wrong (not configured, a
timeout, an error status, an empty or malformed answer) the bot falls back to the article's
short answer, so a provider outage never keeps a customer waiting longer than the timeout.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

import httpx
from django.utils.translation import gettext as _

from yanit.accounts.models import Agent
from yanit.accounts.services.workspaces import require_admin
from yanit.bot.models import BotSettings
from yanit.core.errors import ValidationFailed
from yanit.core.secrets import decrypt_secret, encrypt_secret
from yanit.kb.models import Article

logger = logging.getLogger(__name__)

MAX_ARTICLE_CHARS = 6000
MAX_ANSWER_CHARS = 1200

SYSTEM_PROMPT = (
    "You are the customer service assistant of an online store. Answer the customer's question "
    "using ONLY the article below. If the article does not answer the question, reply with "
    "nothing at all. Never invent order details, prices, dates or policies that are not in the "
    "article. Answer in the customer's language ({language}), in at most three short sentences, "
    'politely, and end by naming the article you used: "(Kaynak: {title})" in Turkish or '
    '"(Source: {title})" in English.'
)


def completions_url(base_url: str) -> str:
    base = base_url.rstrip("/")
    if not base.endswith("/v1"):
        base += "/v1"
    return base + "/chat/completions"


def request_body(model: str, article: Article, question: str) -> dict[str, Any]:
    article_text = f"# {article.title}\n\n{article.summary}\n\n{article.body_text}"[:MAX_ARTICLE_CHARS]
    system = SYSTEM_PROMPT.format(
        language="Turkish" if article.language == "tr" else "English", title=article.title
    )
    return {
        "model": model,
        "messages": [
            {"role": "system", "content": system},
            {"role": "user", "content": f"ARTICLE:\n{article_text}\n\nCUSTOMER QUESTION:\n{question[:2000]}"},
        ],
        "temperature": 0.2,
        "max_tokens": 400,
    }


@dataclass(frozen=True)
class Provider:
    base_url: str
    model: str
    api_key: str
    timeout_seconds: float


class LlmFailed(Exception):
    """What went wrong with the provider, in words an admin can act on."""


def complete(provider: Provider, article: Article, question: str) -> str:
    """The model's answer grounded in ``article``; raises ``LlmFailed`` saying what went wrong."""
    headers = {"Authorization": f"Bearer {provider.api_key}"} if provider.api_key else {}
    body = request_body(provider.model, article, question)
    try:
        response = httpx.post(
            completions_url(provider.base_url), json=body, headers=headers, timeout=provider.timeout_seconds
        )
    except httpx.TimeoutException as exc:
        raise LlmFailed(
            _("No answer within %(seconds)s seconds.") % {"seconds": f"{provider.timeout_seconds:g}"}
        ) from exc
    except httpx.HTTPError as exc:
        raise LlmFailed(_("Could not reach the provider: %(error)s") % {"error": exc}) from exc
    if response.status_code in (401, 403):
        raise LlmFailed(
            _("The provider refused the API key (HTTP %(status)s): %(body)s")
            % {"status": response.status_code, "body": _error_text(response)}
        )
    if response.status_code >= 400:
        raise LlmFailed(
            _("The provider answered HTTP %(status)s: %(body)s")
            % {"status": response.status_code, "body": _error_text(response)}
        )
    try:
        content = response.json()["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise LlmFailed(_("The answer is not in the chat completions format.")) from exc
    text = str(content or "").strip()[:MAX_ANSWER_CHARS]
    if not text:
        raise LlmFailed(_("The model gave an empty answer."))
    return text


def _error_text(response: httpx.Response) -> str:
    try:
        message = response.json()["error"]["message"]
    except (ValueError, KeyError, TypeError):
        message = response.text
    return " ".join(str(message).split())[:200]


def draft_answer(article: Article, question: str) -> str | None:
    """The model's answer grounded in ``article``, or None (then the summary is used)."""
    settings = BotSettings.objects.filter(workspace_id=article.workspace_id, llm_enabled=True).first()
    if settings is None or not settings.llm_base_url or not settings.llm_model:
        return None
    provider = Provider(
        base_url=settings.llm_base_url,
        model=settings.llm_model,
        api_key=decrypt_secret(settings.llm_api_key),
        timeout_seconds=settings.llm_timeout_seconds,
    )
    try:
        return complete(provider, article, question)
    except LlmFailed as exc:
        logger.warning("LLM draft failed for workspace %s: %s", article.workspace_id, exc)
        return None


@dataclass(frozen=True)
class TrialAnswer:
    article: Article
    question: str
    answer: str = ""
    error: str = ""
    seconds: float = 0.0


def try_provider(
    actor: Agent, *, base_url: str, model: str, api_key: str | None, timeout_seconds: float
) -> TrialAnswer | None:
    """Admins only: ask the provider about one of the workspace's published articles, with these
    settings (``api_key=None``: the stored key), without saving them. None when there is no
    article the bot may answer with."""
    require_admin(actor)
    article = (
        Article.objects.filter(
            workspace_id=actor.workspace_id, status=Article.Status.PUBLISHED, bot_enabled=True
        )
        .order_by("id")
        .first()
    )
    if article is None:
        return None
    if api_key is None:
        stored = BotSettings.objects.filter(workspace_id=actor.workspace_id).first()
        api_key = decrypt_secret(stored.llm_api_key) if stored else ""
    question = article.title
    provider = Provider(base_url=base_url, model=model, api_key=api_key, timeout_seconds=timeout_seconds)
    started = time.monotonic()
    try:
        answer = complete(provider, article, question)
    except LlmFailed as exc:
        return TrialAnswer(article, question, error=str(exc), seconds=time.monotonic() - started)
    return TrialAnswer(article, question, answer=answer, seconds=time.monotonic() - started)


def do_save_llm_settings(
    actor: Agent,
    *,
    enabled: bool,
    base_url: str = "",
    model: str = "",
    api_key: str | None = None,
    timeout_seconds: float = 8.0,
) -> BotSettings:
    """Admins only. ``api_key=None`` keeps the stored key; "" removes it."""
    require_admin(actor)
    base_url = base_url.strip()
    model = model.strip()
    if enabled and not (base_url.startswith("https://") or base_url.startswith("http://")):
        raise ValidationFailed(
            _("Enter the provider's address (https://…)."), details={"base_url": "invalid"}
        )
    if enabled and not model:
        raise ValidationFailed(_("Enter the model name."), details={"model": "required"})
    if not 1 <= timeout_seconds <= 30:
        raise ValidationFailed(
            _("The timeout must be between 1 and 30 seconds."), details={"timeout": "range"}
        )
    settings, _created = BotSettings.objects.get_or_create(workspace_id=actor.workspace_id)
    settings.llm_enabled = enabled
    settings.llm_base_url = base_url[:300]
    settings.llm_model = model[:120]
    settings.llm_timeout_seconds = timeout_seconds
    if api_key is not None:
        settings.llm_api_key = encrypt_secret(api_key.strip())
    settings.save()
    return settings

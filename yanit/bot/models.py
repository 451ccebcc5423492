"""The instant-answer bot's record of each decision it took in a conversation."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class BotTurn(models.Model):
    """One customer message the bot looked at: what it decided, why, and how it ended.

    ``decision`` is "answer" (it replied with ``article``) or "handoff" (it left the message to
    the team, ``reason`` says why). An answer stays ``pending`` until the customer says yes
    ("solved") or no / writes again ("handed_off").
    """

    class Decision(models.TextChoices):
        ANSWER = "answer", _("Answered")
        HANDOFF = "handoff", _("Handed to the team")

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Waiting for the customer")
        SOLVED = "solved", _("Solved by the answer")
        HANDED_OFF = "handed_off", _("Handed to the team")
        NONE = "", _("Not applicable")

    workspace = models.ForeignKey("accounts.Workspace", on_delete=models.CASCADE, related_name="+")
    conversation = models.ForeignKey(
        "conversations.Conversation", on_delete=models.CASCADE, related_name="bot_turns"
    )
    # The customer's message the decision was about; one turn per message.
    message = models.OneToOneField("conversations.Message", on_delete=models.CASCADE, related_name="bot_turn")
    # The bot's reply, when it answered.
    reply = models.ForeignKey(
        "conversations.Message", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision = models.CharField(max_length=10, choices=Decision.choices)
    reason = models.CharField(max_length=40, blank=True)
    article = models.ForeignKey(
        "kb.Article", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confidence = models.FloatField(default=0.0)
    candidates = models.JSONField(default=list, blank=True)
    outcome = models.CharField(max_length=12, choices=Outcome.choices, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["conversation", "-created_at"], name="bot_turn_conv_recent")]
        ordering = ["created_at", "id"]


class BotSettings(models.Model):
    """A workspace's optional LLM provider (any OpenAI-compatible ``/v1/chat/completions``),
    off by default: when on, the bot's answer is drafted from the chosen article only."""

    workspace = models.OneToOneField("accounts.Workspace", on_delete=models.CASCADE, related_name="+")
    llm_enabled = models.BooleanField(_("draft answers with a language model"), default=False)
    # E.g. "https://llm.example.com/v1"; "/chat/completions" is appended ("/v1" too when missing).
    llm_base_url = models.URLField(_("provider address"), max_length=300, blank=True)
    llm_model = models.CharField(_("model"), max_length=120, blank=True)
    # Encrypted with yanit.core.secrets.
    llm_api_key = models.TextField(blank=True)
    llm_timeout_seconds = models.FloatField(default=8.0)
    updated_at = models.DateTimeField(auto_now=True)

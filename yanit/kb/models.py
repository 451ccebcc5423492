"""Knowledge base: categories, articles (one row per language), revisions, example questions,
synonyms, votes and the public help center's settings of a workspace."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from yanit.core.models import TimeStampedModel


class Language(models.TextChoices):
    TR = "tr", _("Turkish")
    EN = "en", _("English")


def kb_asset_path(instance: KbAsset, filename: str) -> str:
    return f"kb/{instance.workspace_id}/{instance.sha256[:2]}/{instance.sha256}/{filename}"


class Category(TimeStampedModel):
    """A help center section ("Kargo ve teslimat"). Names in both languages; English may be empty."""

    workspace = models.ForeignKey("accounts.Workspace", on_delete=models.CASCADE, related_name="+")
    slug = models.SlugField(_("short name"), max_length=80)
    name_tr = models.CharField(_("Turkish name"), max_length=120)
    name_en = models.CharField(_("English name"), max_length=120, blank=True)
    description_tr = models.CharField(_("Turkish description"), max_length=300, blank=True)
    description_en = models.CharField(_("English description"), max_length=300, blank=True)
    # A single emoji or short symbol shown on the help center home.
    icon = models.CharField(_("icon"), max_length=8, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["workspace", "slug"], name="kb_category_unique_slug")]
        ordering = ["position", "name_tr"]

    def __str__(self) -> str:
        return self.name_tr

    def name(self, language: str) -> str:
        return (self.name_en if language == Language.EN else "") or self.name_tr

    def description(self, language: str) -> str:
        return (self.description_en if language == Language.EN else "") or self.description_tr


class Article(TimeStampedModel):
    """One article in one language. Turkish and English versions of the same article share
    ``translation_group``; each language has its own slug, status and revisions."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    workspace = models.ForeignKey("accounts.Workspace", on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.TR)
    translation_group = models.UUIDField(default=uuid.uuid4, db_index=True)
    slug = models.SlugField(_("address"), max_length=120)
    title = models.CharField(_("title"), max_length=200)
    # The short answer: shown under the title, used by the bot as its reply, and the meta description.
    summary = models.TextField(_("short answer"), max_length=600, blank=True)
    # Sanitised HTML (yanit.core.html); ``body_text`` is its plain text for search and the bot.
    body_html = models.TextField(_("body"), blank=True)
    body_text = models.TextField(blank=True, default="")
    # A YouTube or Vimeo address, shown as an embedded player (uploaded videos live in the body).
    video_url = models.URLField(_("video link"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    tags = models.JSONField(_("tags"), default=list, blank=True)
    skus = models.JSONField(_("product SKUs"), default=list, blank=True)
    # Whether the instant-answer bot may answer with this article (suggestions to agents always may).
    bot_enabled = models.BooleanField(_("the bot may answer with it"), default=True)
    position = models.PositiveIntegerField(default=0)
    author = models.ForeignKey(
        "accounts.Agent", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    view_count = models.PositiveIntegerField(default=0)
    helpful_yes = models.PositiveIntegerField(default=0)
    helpful_no = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "language", "slug"], name="kb_article_unique_slug"),
            models.UniqueConstraint(
                fields=["translation_group", "language"], name="kb_article_one_per_language"
            ),
        ]
        indexes = [
            models.Index(fields=["workspace", "status", "language"], name="kb_article_ws_status_lang"),
            models.Index(fields=["workspace", "-view_count"], name="kb_article_ws_views"),
        ]
        ordering = ["position", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class ArticleRevision(models.Model):
    """What an article looked like after each save, newest number last."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    body_html = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Article.Status.choices)
    author = models.ForeignKey(
        "accounts.Agent", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="kb_revision_unique_number")
        ]
        ordering = ["-number"]


class ExampleQuestion(models.Model):
    """A way customers ask for this article ("kargom nerde?"). Written by an editor, imported, or
    saved from a conversation an agent answered with the article."""

    class Source(models.TextChoices):
        EDITOR = "editor", _("Written by an editor")
        IMPORT = "import", _("Imported")
        CONVERSATION = "conversation", _("Learned from a conversation")

    workspace = models.ForeignKey("accounts.Workspace", on_delete=models.CASCADE, related_name="+")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="example_questions")
    text = models.CharField(_("question"), max_length=500)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.EDITOR)
    conversation = models.ForeignKey(
        "conversations.Conversation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        "accounts.Agent", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]


class SynonymGroup(models.Model):
    """Words search treats as the same ("kargo, gönderi, paket"), editable per workspace."""

    workspace = models.ForeignKey("accounts.Workspace", on_delete=models.CASCADE, related_name="+")
    words = models.JSONField(_("words"), default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]


class ArticleVote(models.Model):
    """One "was this helpful?" answer. ``voter`` is a keyed hash of the visitor, so a visitor
    changing their mind replaces their vote rather than adding one."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="votes")
    voter = models.CharField(max_length=64)
    helpful = models.BooleanField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "voter"], name="kb_vote_one_per_voter")]


class KbAsset(models.Model):
    """An image or video uploaded into an article body, served from the help center."""

    workspace = models.ForeignKey("accounts.Workspace", on_delete=models.CASCADE, related_name="+")
    file = models.FileField(upload_to=kb_asset_path, max_length=400)
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=150)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        "accounts.Agent", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)


class HelpCenter(TimeStampedModel):
    """The public help center of a workspace at /help/<workspace slug>/: look and contact options."""

    workspace = models.OneToOneField(
        "accounts.Workspace", on_delete=models.CASCADE, related_name="help_center"
    )
    is_public = models.BooleanField(_("published"), default=True)
    title_tr = models.CharField(_("Turkish title"), max_length=120, blank=True)
    title_en = models.CharField(_("English title"), max_length=120, blank=True)
    logo = models.ForeignKey(KbAsset, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # "#RRGGBB"; checked by the settings form.
    brand_color = models.CharField(_("brand colour"), max_length=7, default="#0f766e")
    # {"email": ..., "phone": "+90…", "whatsapp": "+90…", "chat_widget": "wk_…", "form": "<token>",
    #  "hours_note_tr": ..., "social": {"instagram": url, "facebook": url, "x": url, "youtube": url, ...}}
    contact = models.JSONField(_("contact options"), default=dict, blank=True)

    def title(self, language: str) -> str:
        return (self.title_en if language == Language.EN else self.title_tr) or self.title_tr


class KbIndexState(models.Model):
    """Bumped on every change to a workspace's articles, categories, example questions or
    synonyms, so each process knows when its in-memory search index is stale."""

    workspace = models.OneToOneField("accounts.Workspace", on_delete=models.CASCADE, related_name="+")
    version = models.PositiveBigIntegerField(default=0)


__all__ = [
    "Article",
    "ArticleRevision",
    "ArticleVote",
    "Category",
    "ExampleQuestion",
    "HelpCenter",
    "KbAsset",
    "KbIndexState",
    "Language",
    "SynonymGroup",
]

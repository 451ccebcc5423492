"""Forms of the knowledge base editor. They shape input; ``yanit.kb.services`` validates and writes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from yanit.kb.models import Article, Category, Language
from yanit.kb.services import ArticleInput, CategoryInput


class ArticleForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Short answer"),
        required=False,
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One or two sentences. The bot answers with it; the help center shows it under the title."
        ),
    )
    body_html = forms.CharField(
        label=_("Article"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14, "data-rich-editor": "1", "class": "kb-body-source"}),
    )
    category = forms.TypedChoiceField(label=_("Category"), required=False, coerce=int, empty_value=None)
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    status = forms.ChoiceField(label=_("Status"), choices=Article.Status.choices)
    slug = forms.CharField(
        label=_("Address"),
        max_length=120,
        required=False,
        help_text=_("The end of the article's help center address. Left empty, made from the title."),
    )
    tags = forms.CharField(label=_("Tags"), required=False, help_text=_("Separated by commas."))
    skus = forms.CharField(
        label=_("Product SKUs"),
        required=False,
        help_text=_("Stock codes of related products, separated by commas."),
    )
    video_url = forms.URLField(
        label=_("Video link"),
        required=False,
        assume_scheme="https",
        help_text=_("A YouTube or Vimeo address."),
    )
    bot_enabled = forms.BooleanField(label=_("The bot may answer with this article"), required=False)
    questions = forms.CharField(
        label=_("Example questions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "How customers ask for this, one per line (“kargom nerde?”). They help the bot and search."
        ),
    )

    def __init__(self, *args: Any, workspace_id: int, read_only: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[Any, Any]] = [("", _("No category"))]
        choices += [(c.pk, c.name_tr) for c in Category.objects.filter(workspace_id=workspace_id)]
        category = self.fields["category"]
        assert isinstance(category, forms.TypedChoiceField)
        category.choices = choices
        if read_only:
            for field in self.fields.values():
                field.disabled = True

    @classmethod
    def initial_of(cls, article: Article) -> dict[str, Any]:
        return {
            "title": article.title,
            "summary": article.summary,
            "body_html": article.body_html,
            "category": article.category_id or "",
            "language": article.language,
            "status": article.status,
            "slug": article.slug,
            "tags": ", ".join(article.tags),
            "skus": ", ".join(article.skus),
            "video_url": article.video_url,
            "bot_enabled": article.bot_enabled,
            "questions": "\n".join(q.text for q in article.example_questions.all()),
        }

    def to_input(self, position: int = 0) -> ArticleInput:
        data = self.cleaned_data
        return ArticleInput(
            title=data["title"],
            summary=data["summary"],
            body_html=data["body_html"],
            language=data["language"],
            category_id=data["category"],
            slug=data["slug"],
            status=data["status"],
            tags=data["tags"].split(","),
            skus=data["skus"].split(","),
            video_url=data["video_url"],
            bot_enabled=data["bot_enabled"],
            position=position,
        )

    def question_lines(self) -> list[str]:
        return [line for line in self.cleaned_data["questions"].splitlines() if line.strip()]


class CategoryForm(forms.Form):
    name_tr = forms.CharField(label=_("Turkish name"), max_length=120)
    name_en = forms.CharField(label=_("English name"), max_length=120, required=False)
    description_tr = forms.CharField(label=_("Turkish description"), max_length=300, required=False)
    description_en = forms.CharField(label=_("English description"), max_length=300, required=False)
    icon = forms.CharField(label=_("Icon"), max_length=8, required=False, help_text=_("An emoji, e.g. 📦"))

    def to_input(self) -> CategoryInput:
        return CategoryInput(**self.cleaned_data)


class ImportForm(forms.Form):
    FORMATS = [("json", "JSON"), ("csv", "CSV"), ("markdown", _("Markdown folder (.zip)"))]
    file = forms.FileField(label=_("File"))
    format = forms.ChoiceField(
        label=_("Format"),
        choices=FORMATS,
        required=False,
        help_text=_("Found from the file name when empty."),
    )
    preview = forms.BooleanField(label=_("Only preview, change nothing"), required=False, initial=True)


class SynonymsForm(forms.Form):
    text = forms.CharField(
        label=_("Synonyms"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("One group per line, words separated by commas: kargo, gönderi, paket"),
    )

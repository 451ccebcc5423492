"""The visitor's form: fields, limits and the messages a visitor sees next to each field."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from yanit.connectors.form.config import FormConfig
from yanit.contacts.services.identify import normalize_phone
from yanit.conversations.services.attachments import safe_filename
from yanit.core.errors import ValidationFailed

MAX_FILES = 5
MAX_FILE_BYTES = 10 * 1_048_576
MAX_TOTAL_BYTES = 20 * 1_048_576
MAX_MESSAGE_CHARS = 5000
TOO_LONG = _("Please keep this under %(limit_value)d characters (it has %(show_value)d).")


def sniff_type(head: bytes) -> str | None:
    """The real type of an upload from its first bytes; the browser's word and the file name
    are not trusted. Pictures phones take and PDFs are accepted, nothing that could run."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"hevc"):
        return "image/heic"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    return None


@dataclass(frozen=True)
class CheckedFile:
    filename: str
    content: bytes
    content_type: str


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[CheckedFile]:
        uploads: list[UploadedFile] = [f for f in (data or []) if f] if isinstance(data, list | tuple) else []
        if data and not isinstance(data, list | tuple):
            uploads = [data]
        if len(uploads) > MAX_FILES:
            raise forms.ValidationError(
                ngettext("Attach at most %(n)d file.", "Attach at most %(n)d files.", MAX_FILES)
                % {"n": MAX_FILES},
                code="too_many",
            )
        limit = min(MAX_FILE_BYTES, settings.YANIT_MAX_ATTACHMENT_BYTES)
        checked: list[CheckedFile] = []
        total = 0
        for upload in uploads:
            name = safe_filename(upload.name or "")
            if upload.size is None or upload.size > limit:
                raise forms.ValidationError(
                    gettext("%(name)s is larger than %(mb)d MB.") % {"name": name, "mb": limit // 1_048_576},
                    code="too_large",
                )
            total += upload.size
            content = upload.read()
            kind = sniff_type(content[:16])
            if kind is None:
                raise forms.ValidationError(
                    gettext(
                        "%(name)s can't be attached: only pictures (JPG, PNG, GIF, WEBP, HEIC) and PDF files."
                    )
                    % {"name": name},
                    code="type",
                )
            checked.append(CheckedFile(filename=name, content=content, content_type=kind))
        if total > MAX_TOTAL_BYTES:
            raise forms.ValidationError(
                gettext("The attachments together are larger than %(mb)d MB.")
                % {"mb": MAX_TOTAL_BYTES // 1_048_576},
                code="total_too_large",
            )
        return checked


class ContactForm(forms.Form):
    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        error_messages={"required": _("Please write your name."), "max_length": TOO_LONG},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        error_messages={
            "required": _("Please enter your email address so we can answer you."),
            "invalid": _("This email address doesn't look right. Example: ayse@example.com"),
            "max_length": TOO_LONG,
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=40,
        help_text=_("Example: 0532 123 45 67"),
        required=False,
        error_messages={"required": _("Please enter your phone number."), "max_length": TOO_LONG},
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel", "type": "tel"}),
    )
    order_number = forms.CharField(
        label=_("Order number"),
        max_length=60,
        required=False,
        error_messages={"required": _("Please enter your order number."), "max_length": TOO_LONG},
    )
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    message = forms.CharField(
        label=_("Your message"),
        max_length=MAX_MESSAGE_CHARS,
        error_messages={"required": _("Please write your message."), "max_length": TOO_LONG},
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    attachments = MultipleFileField(label=_("Attachments"), required=False)
    # The honeypot: hidden from people (off-screen, out of the tab order), irresistible to bots.
    website = forms.CharField(required=False)
    ticket = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, config: FormConfig, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.config = config
        limit_mb = min(MAX_FILE_BYTES, settings.YANIT_MAX_ATTACHMENT_BYTES) // 1_048_576
        self.fields["attachments"].help_text = gettext(
            "Pictures or PDF files, at most %(n)d, up to %(mb)d MB each."
        ) % {"n": MAX_FILES, "mb": limit_mb}
        self.fields["phone"].required = config.phone_required
        self.fields["order_number"].required = config.order_required
        topic = self.fields["topic"]
        assert isinstance(topic, forms.ChoiceField)
        topic.choices = [("", gettext("Choose a topic"))] + [(t, t) for t in config.topics]
        if not config.topics:
            del self.fields["topic"]

    def clean_name(self) -> str:
        return " ".join(str(self.cleaned_data["name"]).split())

    def clean_email(self) -> str:
        return str(self.cleaned_data["email"]).strip().lower()

    def clean_phone(self) -> str:
        raw = str(self.cleaned_data.get("phone") or "").strip()
        if not raw:
            return ""
        try:
            return normalize_phone(raw)
        except ValidationFailed:
            raise forms.ValidationError(
                gettext("This phone number doesn't look right. Example: 0532 123 45 67"), code="invalid"
            ) from None

    def clean_order_number(self) -> str:
        return " ".join(str(self.cleaned_data.get("order_number") or "").split())

    def clean_message(self) -> str:
        text = str(self.cleaned_data["message"]).replace("\r\n", "\n").strip()
        if not text:
            raise forms.ValidationError(gettext("Please write your message."), code="required")
        return text

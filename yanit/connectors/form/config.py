"""The settings of a form inbox, read from and written to ``Inbox.settings["form"]``."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from yanit.inboxes.models import Inbox

DEFAULT_TOPICS = ["Sipariş durumu", "İade / değişim", "Ödeme", "Ürün bilgisi", "Diğer"]
DEFAULT_COLOR = "#2563eb"
COLOR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
LANGUAGES = ("tr", "en")


@dataclass
class FormConfig:
    topics: list[str] = field(default_factory=lambda: list(DEFAULT_TOPICS))
    phone_required: bool = False
    order_required: bool = False
    # Per language ("tr", "en"); "" uses the shipped default.
    intro_text: dict[str, str] = field(default_factory=dict)
    expected_reply_text: dict[str, str] = field(default_factory=dict)
    confirmation_enabled: bool = True
    confirmation_text: dict[str, str] = field(default_factory=dict)
    color: str = DEFAULT_COLOR

    def text(self, name: str, language: str) -> str:
        values: dict[str, str] = getattr(self, name) or {}
        return str(values.get(language) or "").strip()


def form_config(inbox: Inbox) -> FormConfig:
    raw: dict[str, Any] = dict((inbox.settings or {}).get("form") or {})
    known = {f.name for f in fields(FormConfig)}
    config = FormConfig(**{key: value for key, value in raw.items() if key in known})
    if not COLOR_RE.match(str(config.color)):
        config.color = DEFAULT_COLOR
    config.topics = (
        [str(t) for t in config.topics if str(t).strip()] if isinstance(config.topics, list) else []
    )
    return config


def stored_settings(config: FormConfig) -> dict[str, Any]:
    return asdict(config)

"""What the agent's page shows about a chat conversation's visitor."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from yanit.conversations.models import Conversation

from .models import Visitor
from .services.visitors import is_present


@dataclass(frozen=True)
class VisitorInfo:
    name: str
    email: str
    external_id: str
    language: str
    page_url: str
    page_title: str
    user_agent: str
    last_seen_at: datetime
    present: bool

    @property
    def page_is_link(self) -> bool:
        # Only web addresses become links: a page URL is whatever the visitor's browser sent.
        return self.page_url.startswith(("https://", "http://"))


def visitor_info(conversation: Conversation) -> VisitorInfo | None:
    visitor = Visitor.objects.filter(conversation_id=conversation.pk).order_by("-last_seen_at").first()
    if visitor is None:
        return None
    return VisitorInfo(
        name=visitor.name,
        email=visitor.email,
        external_id=visitor.external_id,
        language=visitor.language,
        page_url=visitor.page_url,
        page_title=visitor.page_title,
        user_agent=visitor.user_agent,
        last_seen_at=visitor.last_seen_at,
        present=visitor.connections > 0 and is_present(visitor),
    )


def transcript_address(conversation: Conversation) -> str:
    """Where the transcript goes unless the agent writes another address."""
    info = visitor_info(conversation)
    return (info.email if info else "") or conversation.contact.email

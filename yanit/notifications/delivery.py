"""Getting a notification to its recipient: their own websocket group, and email when they want it."""

from __future__ import annotations

import json
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import ngettext

from yanit.notifications import display
from yanit.notifications.models import Notification
from yanit.notifications.queries import unread_count
from yanit.notifications.services.preferences import choice_for
from yanit.realtime.groups import agent_group, workspace_group


def language_of(notification: Notification) -> str:
    return notification.recipient.user.language or settings.LANGUAGE_CODE


def _send(group: str, payload: dict[str, Any]) -> None:
    _send_many([(group, payload)])


def _send_many(frames: list[tuple[str, dict[str, Any]]]) -> None:
    """Frames sent from one event loop: ``async_to_sync`` costs ~1 ms per call, a burst of a
    thousand would spend a second just starting loops."""
    layer = get_channel_layer()
    if layer is None or not frames:
        return

    async def send_all() -> None:
        for group, payload in frames:
            text = json.dumps(payload, separators=(",", ":"), ensure_ascii=False)
            await layer.group_send(group, {"type": "domain.event", "text": text})

    async_to_sync(send_all)()


def push_notification(notification: Notification, browser: bool | None = None) -> None:
    """Only the recipient's sockets get the frame: it carries the note's text. ``browser``: the
    recipient's browser-popup choice for this kind, when the caller has read it already."""
    if browser is None:
        _email, browser = choice_for(notification.recipient_id, notification.kind)
    push_notifications(
        [(notification, browser)], {notification.recipient_id: unread_count(notification.recipient_id)}
    )


def push_notifications(items: list[tuple[Notification, bool]], unread: dict[int, int]) -> None:
    """``push_notification`` for many: (notification, browser popup wanted) pairs, and each
    recipient's unread count as read once for all of them."""
    frames = []
    for notification, browser in items:
        with translation.override(language_of(notification)):
            payload = {
                "event": "notification",
                "notification": display.as_json(notification),
                "browser": browser,
                "unread": unread.get(notification.recipient_id, 0),
            }
        frames.append((agent_group(notification.recipient_id), payload))
    _send_many(frames)


def push_read(recipient_id: int, ids: tuple[int, ...]) -> None:
    _send(
        agent_group(recipient_id),
        {"event": "notifications.read", "ids": list(ids), "unread": unread_count(recipient_id)},
    )


def push_timeline_changed(workspace_id: int, conversation_id: int) -> None:
    """A reminder wrote a timeline line: open pages of the conversation re-fetch their thread."""
    _send(
        workspace_group(workspace_id),
        {"event": "conversation.updated", "conversation_id": conversation_id, "changed": ["activity"]},
    )


def compose_email(notification: Notification) -> tuple[str, str]:
    """(subject, body) in the recipient's language."""
    return compose_digest([notification])


def compose_digest(notifications: list[Notification]) -> tuple[str, str]:
    """(subject, body) of one email for one recipient's notifications, in their language: a burst
    (an SLA scan breaching forty conversations) makes one email listing them, not forty."""
    if len(notifications) > 1:
        return _compose_many(notifications)
    (notification,) = notifications
    path = display.link(notification)
    with translation.override(language_of(notification)):
        title = display.title(notification)
        context = {
            "title": title,
            "text": notification.text,
            "link": f"{settings.YANIT_BASE_URL}{path}" if path else "",
            "workspace_name": notification.recipient.workspace.name,
            "preferences_link": f"{settings.YANIT_BASE_URL}/settings/notifications/",
            "recipient_name": notification.recipient.name,
        }
        body = render_to_string("notifications/email/notification.txt", context)
    subject = f"[{context['workspace_name']}] {title}"
    return " ".join(subject.split()), body


def _compose_many(notifications: list[Notification]) -> tuple[str, str]:
    first = notifications[0]
    with translation.override(language_of(first)):
        items = [
            {
                "title": display.title(n),
                "text": n.text,
                "link": f"{settings.YANIT_BASE_URL}{display.link(n)}" if display.link(n) else "",
            }
            for n in notifications
        ]
        workspace_name = first.recipient.workspace.name
        title = ngettext("%(n)s new notification", "%(n)s new notifications", len(items)) % {"n": len(items)}
        context = {
            "title": title,
            "items": items,
            "workspace_name": workspace_name,
            "preferences_link": f"{settings.YANIT_BASE_URL}/settings/notifications/",
            "recipient_name": first.recipient.name,
        }
        body = render_to_string("notifications/email/digest.txt", context)
    subject = f"[{workspace_name}] {title}"
    return " ".join(subject.split()), body

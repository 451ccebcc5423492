"""The customer's rating of a conversation (1–5 and an optional comment)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yanit.conversations.events import ConversationUpdated
from yanit.conversations.models import Activity, Conversation
from yanit.core.errors import ValidationFailed
from yanit.core.events import publish_on_commit

MAX_COMMENT = 1000


def check_rating(rating: Any, comment: Any) -> tuple[int, str]:
    if not isinstance(rating, int) or isinstance(rating, bool) or not 1 <= rating <= 5:
        raise ValidationFailed(
            _("The rating must be a whole number from 1 to 5."), details={"rating": rating}
        )
    if comment is None:
        comment = ""
    if not isinstance(comment, str):
        raise ValidationFailed(_("The comment must be text."), details={"comment": "type"})
    comment = comment.replace("\r\n", "\n").replace("\x00", "").strip()
    if len(comment) > MAX_COMMENT:
        raise ValidationFailed(
            _("The comment is longer than %(n)d characters.") % {"n": MAX_COMMENT},
            details={"comment": "too_long"},
        )
    return rating, comment


def do_rate_conversation(
    conversation: Conversation, rating: Any, comment: Any = "", *, actor_kind: str = "contact"
) -> Conversation:
    """Store the customer's rating. Rating again replaces the earlier rating (a customer who
    tapped the wrong star can correct it); each rating stays on the timeline."""
    value, text = check_rating(rating, comment)
    with transaction.atomic():
        locked = Conversation.objects.select_for_update().get(pk=conversation.pk)
        now = timezone.now()
        data: dict[str, Any] = {"rating": value, "comment": text[:300]}
        if locked.rating is not None:
            data["previous"] = locked.rating
        locked.rating = value
        locked.rating_comment = text
        locked.rated_at = now
        locked.save(update_fields=["rating", "rating_comment", "rated_at", "updated_at"])
        Activity.objects.create(
            workspace_id=locked.workspace_id,
            conversation=locked,
            actor_kind=actor_kind,
            verb=Activity.Verb.RATED,
            data=data,
            created_at=now,
        )
        publish_on_commit(
            ConversationUpdated(
                workspace_id=locked.workspace_id, conversation_id=locked.pk, changed=("rating",)
            )
        )
    return locked

"""Composing account email in the reader's language and handing it to the worker."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from yanit.accounts.models import Invitation
from yanit.backoffice.tasks import send_account_email


def absolute_url(path: str) -> str:
    # Links in email must not depend on the Host header of whoever asked for them.
    return f"{settings.YANIT_BASE_URL}{path}"


def invitation_link(raw_token: str) -> str:
    return absolute_url(reverse("backoffice:invite", args=[raw_token]))


def queue_email(template: str, context: dict[str, Any], to: str, language: str) -> None:
    with translation.override(language):
        subject = render_to_string(f"backoffice/email/{template}_subject.txt", context)
        body = render_to_string(f"backoffice/email/{template}.txt", context)
    send_account_email.enqueue(" ".join(subject.split()), body, to)


def send_invitation_email(invitation: Invitation, raw_token: str, inviter_name: str) -> None:
    # The invitee has no account yet, so the workspace's language is the best guess.
    queue_email(
        "invitation",
        {
            "workspace_name": invitation.workspace.name,
            "inviter_name": inviter_name,
            "link": invitation_link(raw_token),
            "expires_at": invitation.expires_at,
        },
        to=invitation.email,
        language=invitation.workspace.language,
    )


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form, but the email goes out through the worker in the user's language."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        user = context["user"]
        link = absolute_url(
            reverse(
                "backoffice:password_reset_confirm",
                kwargs={"uidb64": context["uid"], "token": context["token"]},
            )
        )
        queue_email(
            "password_reset",
            {"user_name": user.name or user.email, "link": link},
            to=to_email,
            language=user.language or settings.LANGUAGE_CODE,
        )

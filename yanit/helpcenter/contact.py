"""The "still need help?" block: the store's contact options, ready for the template."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yanit.connectors.form.models import FormKey
from yanit.kb.services.help_center import SOCIAL_NETWORKS
from yanit.sla.clock import is_open, next_open_at
from yanit.sla.reply_time import EN_DAYS, TR_DAYS, tr_time_with_suffix
from yanit.sla.schedules import schedule_for


@dataclass
class ContactOptions:
    chat_widget: str = ""
    form_url: str = ""
    email: str = ""
    phone: str = ""
    phone_display: str = ""
    whatsapp_url: str = ""
    whatsapp_display: str = ""
    social: list[tuple[str, str, str]] = field(default_factory=list)  # (network, label, url)
    hours: str = ""
    open_now: bool | None = None
    hours_note: str = ""

    @property
    def any(self) -> bool:
        return bool(
            self.chat_widget or self.form_url or self.email or self.phone or self.whatsapp_url or self.social
        )


def display_phone(e164: str) -> str:
    """ "+902125551234" → "0 (212) 555 12 34", as Turkish shops print it; others unchanged."""
    if e164.startswith("+90") and len(e164) == 13:
        d = e164[3:]
        return f"0 ({d[:3]}) {d[3:6]} {d[6:8]} {d[8:]}"
    return e164


def locative_time(local: datetime) -> str:
    """ "09:00'da", "08:30'da", "13:00'te": the locative suffix that fits the time read aloud
    (the ablative's vowel and consonant without its final n)."""
    return tr_time_with_suffix(local, "ablative").removesuffix("n")


def opening_hours(workspace_id: int, language: str, at: datetime | None = None) -> tuple[bool | None, str]:
    """(open now?, sentence) from the workspace's business hours; (None, "") without any."""
    schedule = schedule_for(workspace_id)
    if schedule is None or schedule.always_open:
        return None, ""
    at = at or timezone.now()
    if is_open(schedule, at):
        return True, _("We are open now")
    opens = next_open_at(schedule, at)
    if opens is None:
        return False, _("We are closed now")
    local = opens.astimezone(schedule.tz)
    today = at.astimezone(schedule.tz).date()
    days = (local.date() - today).days
    if language == "tr":
        day = "bugün" if days == 0 else "yarın" if days == 1 else TR_DAYS[local.weekday()]
        if days >= 7:
            day = local.strftime("%d.%m.%Y")
        return False, f"{day[0].upper()}{day[1:]} {locative_time(local)} açılıyoruz"
    day = "today" if days == 0 else "tomorrow" if days == 1 else EN_DAYS[local.weekday()]
    if days >= 7:
        day = local.strftime("%d %b %Y")
    return False, f"We open {day} at {local:%H:%M}"


def contact_options(workspace_id: int, contact: dict[str, Any], language: str) -> ContactOptions:
    options = ContactOptions()
    key = str(contact.get("chat_widget") or "")
    if key.startswith("wk_"):
        options.chat_widget = key
    form_inbox = contact.get("form_inbox")
    if form_inbox:
        token = (
            FormKey.objects.filter(inbox_id=form_inbox, inbox__workspace_id=workspace_id)
            .values_list("token", flat=True)
            .first()
        )
        if token:
            options.form_url = reverse("contact_form:form", args=[token])
    options.email = str(contact.get("email") or "")
    phone = str(contact.get("phone") or "")
    if phone:
        options.phone, options.phone_display = phone, display_phone(phone)
    whatsapp = str(contact.get("whatsapp") or "")
    if whatsapp:
        options.whatsapp_url = f"https://wa.me/{whatsapp.lstrip('+')}"
        options.whatsapp_display = display_phone(whatsapp)
    social = contact.get("social") or {}
    for network, (label, _hosts) in SOCIAL_NETWORKS.items():
        url = str(social.get(network) or "")
        if url.startswith("https://"):
            options.social.append((network, label, url))
    options.open_now, options.hours = opening_hours(workspace_id, language)
    options.hours_note = str(contact.get(f"hours_note_{language}") or contact.get("hours_note_tr") or "")
    return options

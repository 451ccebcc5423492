"""The demo workspace `make run` loads on first start: a Turkish store with a few days of mail."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from yanit.accounts.models import Agent, Team, User, Workspace
from yanit.accounts.services.workspaces import do_create_admin, do_save_team
from yanit.automation.playbook import install_default_rules
from yanit.connectors.form.config import FormConfig
from yanit.connectors.form.manage import do_create_form_inbox
from yanit.connectors.form.models import FormKey
from yanit.contacts.services.identify import ContactClaim
from yanit.conversations.models import Conversation
from yanit.conversations.services.receive import InboundMessage, do_receive_inbound_message
from yanit.conversations.services.reply import do_send_reply
from yanit.conversations.services.update import do_update_conversation
from yanit.inboxes.models import Inbox
from yanit.inboxes.services.manage import do_create_inbox
from yanit.kb.data.faq import load_faq
from yanit.replies.services.install import install_default_replies
from yanit.sla.services.hours import default_weekly, do_save_business_hours
from yanit.sla.services.policies import PolicyInput, do_save_policy

DEMO_EMAIL = "demo@yanit.test"
DEMO_PASSWORD = "demo-parola"  # noqa: S105 (printed to the user; demo only)
DEMO_WORKSPACE = "Anadolu Çarşı"
# The demo's contact form lives at /f/<this>; fixed so the docs and a bookmark keep working.
DEMO_FORM_TOKEN = "fk_demo_anadolu_carsi"  # noqa: S105 (a public link, not a secret)
# The demo shop page embeds the chat widget with this key (public; no origin restriction).
DEMO_WIDGET_KEY = "wk_demo_anadolu_carsi"

_AGENTS = [
    ("ayse@yanit.test", "Ayşe Yılmaz", Agent.Role.ADMIN),
    ("mehmet@yanit.test", "Mehmet Demir", Agent.Role.AGENT),
    ("irem@yanit.test", "İrem Işık", Agent.Role.AGENT),
]

_CONVERSATIONS = [
    # (name, email, phone, text, hours ago, tags, priority, status, agent reply)
    (
        "Zeynep Kaya",
        "zeynep.kaya@example.com",
        "0532 111 22 33",
        "Merhaba, 3 gün önce verdiğim siparişim hâlâ kargoya verilmedi. Sipariş no: AC-10482",
        2,
        ["kargo gecikmesi"],
        "high",
        "open",
        None,
    ),
    (
        "Emre Şahin",
        "emre.sahin@example.com",
        "",
        "İade etmek istediğim ürünü hangi kargo ile göndermeliyim? İade kodu gerekiyor mu?",
        5,
        ["iade"],
        "normal",
        "open",
        "Merhaba Emre Bey, iade kodunuzu e-postanıza gönderdik; "
        "Yurtiçi Kargo ile ücretsiz gönderebilirsiniz.",
    ),
    (
        "Selin Öztürk",
        "",
        "+90 542 555 66 77",
        "Kapıda ödeme seçeneği var mı? Kredi kartım yok.",
        9,
        ["ödeme yöntemi"],
        "normal",
        "pending",
        "Merhaba Selin Hanım, evet, 2.000 ₺'ye kadar kapıda nakit ödeme seçebilirsiniz.",
    ),
    (
        "Burak Çelik",
        "burak@example.com",
        "",
        "Gelen ürün kırık çıktı!!! Fotoğrafını ekte gönderiyorum, hemen değişim istiyorum.",
        1,
        ["hasarlı veya yanlış ürün"],
        "urgent",
        "open",
        None,
    ),
    (
        "Işıl Aydın",
        "isil.aydin@example.com",
        "",
        "Beden tablosunda M beden kaç cm? Elbise için soruyorum.",
        26,
        [],
        "low",
        "resolved",
        "Merhaba Işıl Hanım, M beden göğüs 92 cm, bel 74 cm. İyi alışverişler!",
    ),
    (
        "Can Arslan",
        "can.arslan@example.com",
        "0555 987 65 43",
        "Stokta olmayan ürün tekrar ne zaman gelir? Siyah renk 42 numara.",
        30,
        ["stokta yok"],
        "normal",
        "open",
        None,
    ),
]


# Minutes, counted in business hours: what a small Turkish online shop can promise.
DEMO_SLA_TARGETS: dict[str, dict[str, int | None]] = {
    "low": {"first_response": 480, "next_response": 480, "resolution": 4320},
    "normal": {"first_response": 120, "next_response": 240, "resolution": 2880},
    "high": {"first_response": 60, "next_response": 120, "resolution": 1440},
    "urgent": {"first_response": 15, "next_response": 30, "resolution": 480},
}


def demo_exists() -> bool:
    return Workspace.objects.filter(name=DEMO_WORKSPACE).exists()


@transaction.atomic
def load_demo(force: bool = False) -> bool:
    if demo_exists() and not force:
        # An older demo workspace gets the knowledge base it may be missing.
        load_faq(Workspace.objects.get(name=DEMO_WORKSPACE).pk)
        return False
    owner = do_create_admin(DEMO_EMAIL, DEMO_PASSWORD, DEMO_WORKSPACE, name="Deniz Demo")
    owner.availability = Agent.Availability.ONLINE
    owner.save(update_fields=["availability"])
    # New workspaces get them on creation; an older demo workspace gets the missing ones.
    install_default_replies(owner.workspace)
    agents = [owner]
    for email, name, role in _AGENTS:
        user = User.objects.filter(email=email).first() or User.objects.create_user(
            email, DEMO_PASSWORD, name=name
        )
        agent, _ = Agent.objects.get_or_create(workspace=owner.workspace, user=user, defaults={"role": role})
        agents.append(agent)
    support = do_save_team(owner, "Müşteri Hizmetleri", "Genel sorular", [a.pk for a in agents[:3]])
    do_save_team(owner, "İade ve Değişim", "İade, değişim ve hasarlı ürünler", [agents[2].pk, agents[3].pk])
    inbox, _token = do_create_inbox(owner, name="Mağaza API", channel="api", team=support)
    do_save_business_hours(owner, weekly=default_weekly())
    do_save_policy(owner, PolicyInput(name="Standart", targets=DEMO_SLA_TARGETS))
    # The complaint playbook runs on the demo messages once this transaction commits.
    install_default_rules(owner.workspace)
    # The store's FAQ: the help center's articles and the instant-answer bot's knowledge.
    load_faq(owner.workspace.pk)
    form_inbox = do_create_form_inbox(
        owner,
        name="İletişim formu",
        team=support,
        config=FormConfig(color="#c2410c", order_required=False),
        token="" if FormKey.objects.filter(token=DEMO_FORM_TOKEN).exists() else DEMO_FORM_TOKEN,
    )
    now = timezone.now()
    for index, (name, email, phone, text, hours, tags, priority, status, reply) in enumerate(_CONVERSATIONS):
        result = do_receive_inbound_message(
            inbox,
            InboundMessage(
                contact=ContactClaim(name=name, email=email, phone=phone),
                text=text,
                provider_id=f"demo-{index}",
                received_at=now - timedelta(hours=hours),
            ),
        )
        conversation = result.conversation
        responder = agents[index % len(agents)]
        if reply:
            do_send_reply(responder, conversation, reply)
        do_update_conversation(
            owner, conversation, tags=tags, priority=priority, assignee=responder if index % 3 else None
        )
        if status != Conversation.Status.OPEN:
            do_update_conversation(owner, conversation, status=status)
    _load_chat(owner, support, form_inbox)
    return True


def _load_chat(owner: Agent, team: Team, form_inbox: Inbox) -> None:
    """A live chat inbox for the demo shop page, and one visitor's chat in the inbox."""
    from yanit.connectors.webchat.services.chat import do_visitor_message
    from yanit.connectors.webchat.services.visitors import SessionRequest, do_start_session
    from yanit.connectors.webchat.services.widgets import do_create_chat_inbox

    mailbox = Inbox.objects.filter(workspace_id=owner.workspace_id, channel=Inbox.Channel.EMAIL).first()
    widget, _secret = do_create_chat_inbox(
        owner,
        name="Canlı Destek",
        team=team,
        email_inbox_id=mailbox.pk if mailbox else None,
        public_key=DEMO_WIDGET_KEY,
    )
    session = do_start_session(
        widget,
        SessionRequest(
            name="Elif Koç",
            language="tr",
            page_url="https://anadolucarsi.example/urun/keten-gomlek",
            page_title="Anadolu Çarşı — Keten gömlek",
            user_agent="Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X)",
        ),
    )
    sent = do_visitor_message(
        widget,
        session.visitor,
        client_id="demo-chat-1",
        text="Merhaba, keten gömleğin XL bedeni ne zaman gelir?",
        ip="",
    )
    do_send_reply(
        owner, sent.message.conversation, "Merhaba Elif Hanım, XL beden perşembe günü stoklarda olacak."
    )
    # The demo shows instant answers: the shipped store FAQ, and the bot on in the chat (off by
    # default everywhere else).
    from yanit.bot.services.settings import do_set_bot_enabled
    from yanit.kb.services.help_center import HelpCenterInput, do_save_help_center

    do_set_bot_enabled(owner, widget.inbox, True)
    # The help center lists every way to reach the store, as the source articles recommend.
    do_save_help_center(
        owner,
        HelpCenterInput(
            is_public=True,
            title_tr="Anadolu Çarşı Yardım Merkezi",
            title_en="Anadolu Çarşı Help Center",
            brand_color="#9a3412",
            email="destek@anadolucarsi.example",
            phone="+90 212 555 12 34",
            whatsapp="+90 532 555 12 34",
            chat_inbox_id=widget.inbox_id,
            form_inbox_id=form_inbox.pk,
            social={"instagram": "https://www.instagram.com/anadolucarsi", "x": "https://x.com/anadolucarsi"},
        ),
    )

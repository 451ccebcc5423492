"""Seeds a help center end-to-end server: run as ``python -m tests.e2e.helpcenter_seed`` with the
server's environment; prints what the help center browser test needs as JSON."""

# ruff: noqa: E501 - the FAQ rows below read better one per line
from __future__ import annotations

import json
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yanit.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.html import escape  # noqa: E402

from tests.factories import make_user  # noqa: E402
from yanit.accounts.services.workspaces import do_create_workspace  # noqa: E402
from yanit.connectors.webchat.services.widgets import WidgetChanges, do_create_chat_inbox  # noqa: E402
from yanit.kb.index_state import bump  # noqa: E402
from yanit.kb.models import Article, Category, HelpCenter  # noqa: E402

ARTICLES = {
    "iade-ve-degisim": [
        ("İade nasıl yapılır?", "iade-nasil-yapilir", "Ürünü teslim aldıktan sonra 14 gün içinde ücretsiz iade edebilirsiniz."),
        ("Beden değişimi yapabilir miyim?", "beden-degisimi", "Değişim talebinizi 14 gün içinde oluşturabilirsiniz."),
        ("İade param ne zaman yatar?", "iade-param-ne-zaman", "İade onaylandıktan sonra 3-7 iş günü içinde kartınıza yansır."),
    ],
    "kargo": [
        ("Kargom nerede?", "kargom-nerede", "Kargo takip numaranız SMS ve e-posta ile gönderilir."),
        ("Kargo ücreti ne kadar?", "kargo-ucreti", "500 TL ve üzeri siparişlerde kargo ücretsizdir."),
    ],
    "odeme": [
        ("Taksit seçenekleri nelerdir?", "taksit", "Bonus, World ve Maximum kartlara 9 aya varan taksit yapılır."),
        ("Ödeme yapamıyorum", "odeme-yapamiyorum", "Kartınızın internet alışverişine açık olduğundan emin olun."),
    ],
}  # fmt: skip
CATEGORIES = {
    "iade-ve-degisim": ("İade ve değişim", "Returns", "↩️", "İade, değişim ve para iadesi"),
    "kargo": ("Kargo ve teslimat", "Shipping", "📦", "Kargo takibi ve teslimat süreleri"),
    "odeme": ("Ödeme", "Payment", "💳", "Taksit, kart ve havale"),
}


def main() -> None:
    call_command("migrate", interactive=False, verbosity=0)
    workspace, owner = do_create_workspace("Anadolu Çarşı", make_user("Ayşe Yılmaz", "ayse@help.test"))
    widget, _secret = do_create_chat_inbox(owner, name="Canlı destek", changes=WidgetChanges(color="#7c2d12"))
    for position, (slug, (name_tr, name_en, icon, description)) in enumerate(CATEGORIES.items()):
        category = Category.objects.create(
            workspace=workspace, slug=slug, name_tr=name_tr, name_en=name_en, icon=icon,
            description_tr=description, position=position,
        )  # fmt: skip
        for views, (title, article_slug, summary) in enumerate(ARTICLES[slug]):
            body = f"{summary} Ayrıntılar için Hesabım > Siparişlerim sayfasına bakın."
            Article.objects.create(
                workspace=workspace, category=category, slug=article_slug, title=title, summary=summary,
                body_html=f"<p>{escape(body)}</p>", body_text=body, status=Article.Status.PUBLISHED,
                published_at=timezone.now(), view_count=100 - views * 10,
            )  # fmt: skip
    HelpCenter.objects.create(
        workspace=workspace,
        title_tr="Anadolu Çarşı Yardım Merkezi",
        brand_color="#7c2d12",
        contact={
            "chat_widget": widget.public_key,
            "email": "destek@anadolucarsi.example",
            "phone": "+902125551234",
            "whatsapp": "+905321234567",
            "social": {"instagram": "https://instagram.com/anadolucarsi"},
        },
    )
    bump(workspace.pk)
    print(json.dumps({"slug": workspace.slug, "widget_key": widget.public_key}))


if __name__ == "__main__":
    main()

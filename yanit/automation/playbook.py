"""The complaint playbook: default rules that tag complaints, raise priority for angry or
repeated contacts, and suggest the matching acknowledge-apologise-fix reply.

Keyword lists are written the way customers write: with and without Turkish letters is the
same to the matcher (search_fold), suffixes are allowed after each word ("kargom", "paramı"),
so a list names stems and typical phrases. Admins edit them in the rule builder.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from yanit.accounts.models import Workspace
from yanit.automation import engine
from yanit.automation.models import Rule, Trigger

COMPLAINT_KEYWORDS: dict[str, tuple[str, str, list[str]]] = {
    "kargo gecikmesi": (
        "Kargo şikayeti",
        "Geciken, kaybolan veya teslim edilmeyen siparişleri etiketler.",
        [
            "kargo gelmedi",
            "kargom gelmedi",
            "hala gelmedi",
            "hâlâ gelmedi",
            "halen gelmedi",
            "siparişim gelmedi",
            "sipariş gelmedi",
            "ürün gelmedi",
            "paket gelmedi",
            "gelmedi hala",
            "teslim edilmedi",
            "teslim edilmemiş",
            "teslim alamadım",
            "teslim edildi görünüyor",
            "kargom nerede",
            "kargo nerede",
            "siparişim nerede",
            "paketim nerede",
            "kargo gecikti",
            "gecikti",
            "gecikme",
            "geç geldi",
            "çok geç",
            "kargo kayboldu",
            "kayboldu",
            "kargo kayıp",
            "elime ulaşmadı",
            "ulaşmadı",
            "dağıtıma çıkmadı",
            "takip numarası",
            "kargo takip",
            "hareket görmüyor",
            "kargoda bekliyor",
            "şubede bekliyor",
        ],
    ),
    "stokta yok": (
        "Stok sorunu",
        "Stokta olmayan veya sipariş sonrası tükenen ürünleri etiketler.",
        [
            "stokta yok",
            "stok yok",
            "stoklarda yok",
            "stokta kalmamış",
            "stok bitti",
            "tükendi",
            "tükenmiş",
            "stoğa ne zaman",
            "stoga ne zaman",
            "stoğa girecek",
            "tekrar gelecek mi",
            "gelince haber",
            "stok yüzünden iptal",
            "stok olmadığı için",
            "mevcut değil",
            "satışta yok",
        ],
    ),
    "ödeme yöntemi": (
        "Ödeme sorunu",
        "Ödeme yöntemi, kart, taksit ve çift çekim sorunlarını etiketler.",
        [
            "ödeme yapamıyorum",
            "ödeme yapamadım",
            "ödeyemiyorum",
            "ödeme alınmadı",
            "ödeme hatası",
            "kart geçmiyor",
            "kartım geçmiyor",
            "kartımı kabul etmiyor",
            "kart reddedildi",
            "kapıda ödeme",
            "havale",
            "eft",
            "taksit",
            "3d secure",
            "3d doğrulama",
            "sms kodu gelmiyor",
            "iki kez çekildi",
            "iki kere çekildi",
            "çift çekim",
            "fazla çekildi",
            "hesabımdan düştü",
            "param çekildi",
            "provizyon",
        ],
    ),
    "hasarlı veya yanlış ürün": (
        "Hasarlı veya yanlış ürün",
        "Kırık, hasarlı, eksik veya yanlış gelen ürünleri etiketler.",
        [
            "kırık geldi",
            "kırık",
            "kırılmış",
            "hasarlı",
            "hasar gördü",
            "hasar var",
            "ezik",
            "ezilmiş",
            "yırtık",
            "yırtılmış",
            "çizik",
            "çizilmiş",
            "bozuk geldi",
            "bozuk çıktı",
            "ürün çalışmıyor",
            "cihaz çalışmıyor",
            "defolu",
            "eksik geldi",
            "eksik parça",
            "parçası eksik",
            "yanlış ürün",
            "yanlış geldi",
            "farklı ürün",
            "başka ürün geldi",
            "yanlış beden",
            "yanlış renk",
            "yanlış numara",
            "paket açılmış",
            "kutu açılmış",
            "lekeli",
        ],
    ),
    "beklentinin altında": (
        "Beklentinin altında ürün",
        "Kalitesinden veya görselinden memnun kalınmayan ürünleri etiketler.",
        [
            "beklediğim gibi değil",
            "beklentimi karşılamadı",
            "beklentimin altında",
            "resimdeki gibi değil",
            "fotoğraftaki gibi değil",
            "görseldeki gibi değil",
            "açıklamadaki gibi değil",
            "kalitesiz",
            "kalitesi kötü",
            "kalite düşük",
            "kötü kalite",
            "ucuz duruyor",
            "çabuk bozuldu",
            "hemen bozuldu",
            "soldu",
            "solmuş",
            "tüylendi",
            "küçük geldi",
            "büyük geldi",
            "dar geldi",
            "bol geldi",
            "hayal kırıklığı",
        ],
    ),
    "iade zorluğu": (
        "İade zorluğu",
        "İade ve para iadesinde yaşanan sorunları etiketler.",
        [
            "iade edemiyorum",
            "iade edemedim",
            "iade yapamıyorum",
            "iade olmuyor",
            "iade kodu",
            "iade talebim",
            "iadem",
            "iade süreci",
            "iade reddedildi",
            "iade kabul edilmedi",
            "param iade",
            "para iadesi",
            "paramı alamadım",
            "paramı geri",
            "ücret iadesi",
            "iade ne zaman",
            "geri gönderdim",
            "değişim yapamıyorum",
            "değişim olmuyor",
        ],
    ),
    "hizmetten memnuniyetsizlik": (
        "Hizmetten memnuniyetsizlik",
        "Ulaşılamayan, geç dönen veya ilgisiz bulunan hizmet şikayetlerini etiketler.",
        [
            "kimse dönmüyor",
            "kimse dönüş yapmadı",
            "kimse cevap vermiyor",
            "cevap vermiyorsunuz",
            "dönüş yapmadınız",
            "geri dönüş yok",
            "dönüş alamadım",
            "ulaşamıyorum",
            "ulaşılamıyor",
            "telefonu açmıyorsunuz",
            "ilgisiz",
            "ilgilenmiyorsunuz",
            "kaba davran",
            "saygısız",
            "muhatap bulamıyorum",
            "oyalıyorsunuz",
            "oyalamayın",
            "defalarca yazdım",
            "kaç kere yazdım",
            "kaç kez yazdım",
            "hizmetiniz kötü",
            "müşteri hizmetleri berbat",
        ],
    ),
}

ANGRY_KEYWORDS = [
    "rezalet",
    "rezil",
    "berbat",
    "skandal",
    "şikayet edeceğim",
    "şikayetçi olacağım",
    "şikayetvar",
    "tüketici hakem heyeti",
    "hakem heyeti",
    "tüketici mahkemesi",
    "tüketici hakları",
    "avukat",
    "dava açacağım",
    "dolandırıcı",
    "dolandırıcılık",
    "sahtekar",
    "bir daha asla",
    "bir daha alışveriş yapmam",
    "utanmıyor musunuz",
    "yazıklar olsun",
    "kabul edilemez",
    "saçmalık",
    "mağdur",
    "mağdur edildim",
    "son uyarı",
]


@dataclass(frozen=True)
class Installed:
    rules: int


def playbook_rules(workspace_id: int) -> list[dict[str, Any]]:
    """The default rules as field values, with the complaint responses of ``yanit.replies``."""
    from yanit.replies.services.install import complaint_response

    rules: list[dict[str, Any]] = []
    for tag, (name, description, keywords) in COMPLAINT_KEYWORDS.items():
        actions: list[dict[str, Any]] = [{"type": "add_tags", "tags": [tag]}]
        canned = complaint_response(workspace_id, tag)
        if canned is not None:
            actions.append({"type": "suggest_canned", "canned_id": canned.pk})
        rules.append(
            {
                "playbook_key": tag,
                "name": name,
                "description": description,
                "trigger": Trigger.MESSAGE_RECEIVED,
                "conditions": {
                    "match": "all",
                    "conditions": [{"field": "message_text", "op": "contains_any", "value": keywords}],
                },
                "actions": actions,
            }
        )
    rules.append(
        {
            "playbook_key": "angry",
            "name": "Öfkeli müşteri",
            "description": (
                "Sert ifadeler, büyük harfle yazılmış veya ünlemlerle dolu mesajlarda önceliği yükseltir."
            ),
            "trigger": Trigger.MESSAGE_RECEIVED,
            "conditions": {
                "match": "any",
                "conditions": [
                    {"field": "message_text", "op": "contains_any", "value": ANGRY_KEYWORDS},
                    {"field": "message_shouting", "op": "is_true", "value": None},
                ],
            },
            "actions": [
                {"type": "set_priority", "priority": "high", "raise_only": True},
                {"type": "add_tags", "tags": ["öfkeli müşteri"]},
            ],
        }
    )
    rules.append(
        {
            "playbook_key": "repeated",
            "name": "Tekrarlayan başvuru",
            "description": (
                "Müşteri yanıt almadan üçüncü mesajını yazdığında ya da 7 gün içinde ikinci kez "
                "başvurduğunda önceliği yükseltir."
            ),
            "trigger": Trigger.MESSAGE_RECEIVED,
            "conditions": {
                "match": "any",
                "conditions": [
                    {"field": "unanswered_messages", "op": "at_least", "value": 3},
                    {"field": "recent_conversations", "op": "at_least", "value": 2},
                ],
            },
            "actions": [
                {"type": "set_priority", "priority": "high", "raise_only": True},
                {"type": "add_tags", "tags": ["tekrarlayan başvuru"]},
            ],
        }
    )
    return rules


def install_default_rules(workspace: Workspace) -> Installed:
    """Add the playbook rules the workspace doesn't have yet (by ``playbook_key``): running it
    again adds nothing and never overwrites an admin's edits. The rules suggest the default
    canned responses, so those are installed first (idempotent too)."""
    from yanit.replies.services.install import install_default_replies

    install_default_replies(workspace)
    created = 0
    with transaction.atomic():
        have = set(
            Rule.objects.filter(workspace=workspace)
            .exclude(playbook_key="")
            .values_list("playbook_key", flat=True)
        )
        last = Rule.objects.filter(workspace=workspace).order_by("-position").first()
        position = (last.position + 1) if last else 0
        for spec in playbook_rules(workspace.pk):
            if spec["playbook_key"] in have:
                continue
            Rule.objects.create(workspace=workspace, position=position, **spec)
            position += 1
            created += 1
    engine.invalidate(workspace.pk)
    return Installed(rules=created)

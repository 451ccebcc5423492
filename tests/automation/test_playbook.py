"""The complaint playbook on realistic Turkish customer messages."""

from __future__ import annotations

import pytest

from tests.factories import World, receive
from yanit.automation.models import ReplySuggestion, Rule
from yanit.automation.playbook import COMPLAINT_KEYWORDS, install_default_rules
from yanit.conversations.models import Conversation
from yanit.conversations.services.reply import do_send_reply

pytestmark = pytest.mark.django_db(transaction=True)

MESSAGES = [
    ("Merhaba, 5 gün önce sipariş verdim kargom hala gelmedi. Ne zaman gelir?", ["kargo gecikmesi"]),
    ("siparisim hala gelmedi ya, takip numarasi da calismiyor", ["kargo gecikmesi"]),
    ("Aldığım bardak seti KIRIK GELDİ, fotoğraf ekliyorum", ["hasarlı veya yanlış ürün"]),
    ("Mavi kazak istemiştim, yanlış ürün göndermişsiniz", ["hasarlı veya yanlış ürün"]),
    ("iade edemiyorum, sistem hata veriyor", ["iade zorluğu"]),
    ("Ürünü geri gönderdim ama paramı iade etmediniz hala", ["iade zorluğu"]),
    ("Beğendiğim ayakkabı stokta yok diyor, ne zaman gelir?", ["stokta yok"]),
    ("Kredi kartım geçmiyor, ödeme yapamıyorum", ["ödeme yöntemi"]),
    ("Hesabımdan iki kez çekildi!", ["ödeme yöntemi"]),
    ("Ürün resimdeki gibi değil, kumaşı çok kalitesiz", ["beklentinin altında"]),
    ("3 gündür kimse dönüş yapmadı, kaç kere yazdım", ["hizmetten memnuniyetsizlik"]),
    ("Merhaba, fatura bilgimi güncelleyebilir misiniz?", []),
]


@pytest.mark.parametrize(("text", "expected"), MESSAGES)
def test_complaints_are_tagged(world: World, text: str, expected: list[str]) -> None:
    install_default_rules(world.workspace)
    c = receive(world.inbox, text).conversation
    got = sorted(Conversation.objects.get(pk=c.pk).tags.values_list("name", flat=True))
    assert got == expected
    # The matching acknowledge-apologise-fix reply is suggested, never sent.
    suggested = list(
        ReplySuggestion.objects.filter(conversation=c).values_list("canned__complaint_tag", flat=True)
    )
    assert suggested == expected
    assert not c.messages.filter(direction="out").exists()


def test_angry_customer_gets_high_priority(world: World) -> None:
    install_default_rules(world.workspace)
    calm = receive(world.inbox, "Kargom ne zaman gelir acaba?", email="sakin@example.com").conversation
    angry = receive(
        world.inbox, "Bu ne rezalet, tüketici hakem heyetine şikayet edeceğim", email="kizgin@example.com"
    ).conversation
    shouting = receive(
        world.inbox, "HALA CEVAP YOK NEDEN BAKMIYORSUNUZ", email="bagiran@example.com"
    ).conversation
    assert Conversation.objects.get(pk=calm.pk).priority == Conversation.Priority.NORMAL
    assert Conversation.objects.get(pk=angry.pk).priority == Conversation.Priority.HIGH
    assert Conversation.objects.get(pk=shouting.pk).priority == Conversation.Priority.HIGH
    assert "öfkeli müşteri" in Conversation.objects.get(pk=angry.pk).tags.values_list("name", flat=True)


def test_third_unanswered_message_raises_priority(world: World) -> None:
    install_default_rules(world.workspace)
    c = receive(world.inbox, "Merhaba").conversation
    receive(world.inbox, "Orada mısınız?")
    assert Conversation.objects.get(pk=c.pk).priority == Conversation.Priority.NORMAL
    receive(world.inbox, "Yanıt bekliyorum")
    assert Conversation.objects.get(pk=c.pk).priority == Conversation.Priority.HIGH


def test_answered_messages_do_not_count_as_repeated(world: World) -> None:
    install_default_rules(world.workspace)
    c = receive(world.inbox, "Merhaba").conversation
    receive(world.inbox, "Bir sorum var")
    do_send_reply(world.agent, c, "Buyurun")
    receive(world.inbox, "Teşekkürler")
    assert Conversation.objects.get(pk=c.pk).priority == Conversation.Priority.NORMAL


def test_install_is_idempotent_and_keeps_edits(world: World) -> None:
    assert install_default_rules(world.workspace).rules == len(COMPLAINT_KEYWORDS) + 2
    rule = Rule.objects.get(workspace=world.workspace, playbook_key="kargo gecikmesi")
    rule.name = "Kargo (düzenlendi)"
    rule.save()
    assert install_default_rules(world.workspace).rules == 0
    assert Rule.objects.filter(workspace=world.workspace).count() == len(COMPLAINT_KEYWORDS) + 2
    assert Rule.objects.get(pk=rule.pk).name == "Kargo (düzenlendi)"
    rule.delete()
    assert install_default_rules(world.workspace).rules == 1

"""``suggest``: the bot's decision on real articles in a real database."""

from __future__ import annotations

import pytest

from tests.factories import World, receive
from yanit.bot.decide import ANSWER_THRESHOLD, suggest
from yanit.bot.models import BotTurn
from yanit.kb import index_state
from yanit.kb.data.faq import faq_data, load_faq
from yanit.kb.models import Article, ExampleQuestion

pytestmark = pytest.mark.django_db


@pytest.fixture
def faq(world: World) -> dict[str, int]:
    return load_faq(world.workspace.pk)


def test_answers_a_faq_question_with_its_article(world: World, faq: dict[str, int]) -> None:
    result = suggest(world.workspace.pk, "kapida odeme yapabiliyor muyum")
    assert result.decision == "answer"
    assert result.reason == "confident"
    assert result.article_id == faq["kapida-odeme"]
    assert result.candidates[0].article_id == faq["kapida-odeme"]
    assert result.confidence >= ANSWER_THRESHOLD
    assert result.language == "tr"
    assert len(result.candidates) == 5
    scores = [c.score for c in result.candidates]
    assert scores == sorted(scores, reverse=True)


def test_english_message_gets_the_english_version(world: World, faq: dict[str, int]) -> None:
    english = Article.objects.get(
        translation_group=Article.objects.get(pk=faq["kapida-odeme"]).translation_group, language="en"
    )
    result = suggest(world.workspace.pk, "do you offer cash on delivery?")
    assert (result.decision, result.article_id, result.language) == ("answer", english.pk, "en")
    # The caller's language wins over the guess.
    forced = suggest(world.workspace.pk, "do you offer cash on delivery?", "tr")
    assert forced.language == "tr"
    assert forced.candidates[0].article_id == faq["kapida-odeme"]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("ürün kırık geldi", "complaint"),
        ("merhaba", "greeting"),
        ("teşekkürler", "thanks"),
        ("12345 nolu siparişim nerede", "specific_order"),
        ("kartımdan iki kere çekildi", "payment"),
        ("hesabım kilitlendi şifre gelmiyor", "account"),
        ("bana şiir yaz", "off_topic"),
        ("uzay mekiği kaç kilometre gider", "off_topic"),
    ],
)
def test_hands_off_with_the_reason(world: World, faq: dict[str, int], text: str, reason: str) -> None:
    result = suggest(world.workspace.pk, text)
    assert (result.decision, result.reason) == ("handoff", reason)


def test_gated_message_still_lists_candidates_for_agents(world: World, faq: dict[str, int]) -> None:
    result = suggest(world.workspace.pk, "kargom 2 haftadır gelmedi rezalet, kargo takip numarası çalışmıyor")
    assert result.decision == "handoff"
    assert result.reason == "complaint"
    assert result.confidence == 0.0
    assert faq["kargo-takibi"] in [c.article_id for c in result.candidates]


def test_ambiguous_message_is_handed_off_as_low_confidence(world: World, faq: dict[str, int]) -> None:
    result = suggest(world.workspace.pk, "kargo")
    assert result.decision == "handoff"
    assert result.reason == "low_confidence"
    assert 0 < result.confidence < ANSWER_THRESHOLD
    assert result.article_id == result.candidates[0].article_id


def test_no_articles(world: World) -> None:
    result = suggest(world.workspace.pk, "kargo ücreti ne kadar")
    assert (result.decision, result.reason, result.article_id, result.candidates) == (
        "handoff",
        "no_articles",
        None,
        [],
    )


def test_never_answers_with_an_article_the_bot_may_not_use(world: World, faq: dict[str, int]) -> None:
    Article.objects.filter(pk=faq["kapida-odeme"]).update(bot_enabled=False)
    index_state.bump(world.workspace.pk)
    result = suggest(world.workspace.pk, "kapida odeme yapabiliyor muyum")
    assert (result.decision, result.reason) == ("handoff", "low_confidence")
    # Agents still see it suggested.
    assert result.candidates[0].article_id == faq["kapida-odeme"]


def test_drafts_are_not_used(world: World, faq: dict[str, int]) -> None:
    Article.objects.filter(
        translation_group=Article.objects.get(pk=faq["kapida-odeme"]).translation_group
    ).update(status=Article.Status.DRAFT)
    index_state.bump(world.workspace.pk)
    result = suggest(world.workspace.pk, "kapida odeme yapabiliyor muyum")
    assert faq["kapida-odeme"] not in [c.article_id for c in result.candidates]
    assert result.article_id != faq["kapida-odeme"]


def test_sees_knowledge_base_changes_at_once(world: World, faq: dict[str, int]) -> None:
    text = "kargo sigortası yapıyor musunuz"
    assert suggest(world.workspace.pk, text).decision == "handoff"
    article = Article.objects.create(
        workspace=world.workspace,
        slug="kargo-sigortasi",
        title="Gönderiler sigortalı mı?",
        summary="Tüm gönderilerimiz kargo sigortası kapsamındadır.",
        status=Article.Status.PUBLISHED,
    )
    ExampleQuestion.objects.create(workspace=world.workspace, article=article, text="Kargo sigortası var mı?")
    index_state.bump(world.workspace.pk)
    result = suggest(world.workspace.pk, text)
    assert (result.decision, result.article_id) == ("answer", article.pk)


def test_other_workspaces_articles_are_never_used(
    world: World, other_world: World, faq: dict[str, int]
) -> None:
    result = suggest(other_world.workspace.pk, "kapida odeme yapabiliyor muyum")
    assert (result.decision, result.reason, result.candidates) == ("handoff", "no_articles", [])


def test_never_answers_twice_in_a_row(world: World, faq: dict[str, int]) -> None:
    first = receive(world.inbox, "kapida odeme var mi")
    conversation = first.conversation
    assert (
        suggest(world.workspace.pk, "kapida odeme var mi", conversation_id=conversation.pk).decision
        == "answer"
    )
    BotTurn.objects.create(
        workspace=world.workspace,
        conversation=conversation,
        message=first.message,
        decision=BotTurn.Decision.ANSWER,
        reason="confident",
        article_id=faq["kapida-odeme"],
        outcome=BotTurn.Outcome.PENDING,
    )
    again = suggest(world.workspace.pk, "taksit var mi peki", conversation_id=conversation.pk)
    assert (again.decision, again.reason) == ("handoff", "bot_answered_last")
    assert again.article_id == faq["taksit-secenekleri"]
    # After a handoff turn the bot may answer again.
    second = receive(world.inbox, "bir sorum daha var")
    BotTurn.objects.create(
        workspace=world.workspace,
        conversation=second.conversation,
        message=second.message,
        decision=BotTurn.Decision.HANDOFF,
        reason="low_confidence",
    )
    assert second.conversation.pk == conversation.pk
    assert (
        suggest(world.workspace.pk, "taksit var mi peki", conversation_id=conversation.pk).decision
        == "answer"
    )


def test_faq_loader_is_idempotent(world: World) -> None:
    data = faq_data()
    version = index_state.current(world.workspace.pk)
    ids = load_faq(world.workspace.pk)
    assert len(ids) == len(data["articles"]) == 51
    translated = sum(1 for row in data["articles"] if row.get("en"))
    assert Article.objects.filter(workspace=world.workspace).count() == 51 + translated
    assert (
        Article.objects.filter(workspace=world.workspace, status=Article.Status.PUBLISHED).count()
        == 51 + translated
    )
    questions = ExampleQuestion.objects.filter(workspace=world.workspace).count()
    assert questions == sum(
        len(r["examples"]) + len(r.get("en", {}).get("examples", [])) for r in data["articles"]
    )
    loaded_version = index_state.current(world.workspace.pk)
    assert loaded_version > version
    body = Article.objects.get(pk=ids["iade-nasil-yapilir"])
    assert "<ol>" in body.body_html
    assert "İade talebi oluştur" in body.body_text
    assert "<" not in body.body_text
    assert load_faq(world.workspace.pk) == ids
    assert Article.objects.filter(workspace=world.workspace).count() == 51 + translated
    assert index_state.current(world.workspace.pk) == loaded_version
    # An article an editor deleted comes back; the others are left alone.
    Article.objects.filter(pk=ids["kargo-ucreti"]).delete()
    again = load_faq(world.workspace.pk)
    assert again["kargo-ucreti"] != ids["kargo-ucreti"]
    assert {k: v for k, v in again.items() if k != "kargo-ucreti"} == {
        k: v for k, v in ids.items() if k != "kargo-ucreti"
    }

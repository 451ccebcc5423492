"""The article write path: sanitising, slugs, revisions, publishing, translations, events."""

from __future__ import annotations

import pytest

from tests.factories import World
from tests.kb.conftest import KbEventLog
from yanit.core.errors import NotFound, PermissionDenied, ValidationFailed
from yanit.kb import index_state
from yanit.kb.events import ArticleChanged, ArticleDeleted
from yanit.kb.models import Article, ArticleRevision
from yanit.kb.services import (
    ArticleInput,
    CategoryInput,
    delete_article,
    link_translation,
    publish,
    restore_revision,
    save_article,
    save_category,
    translations,
    unlink_translation,
    unpublish,
)

pytestmark = pytest.mark.django_db


def test_create_sanitises_body_derives_text_and_turkish_slug(world: World, kb_events: KbEventLog) -> None:
    before = index_state.current(world.workspace.pk)
    article = save_article(
        world.workspace.pk,
        ArticleInput(
            title="  Şişe ılık İade  nasıl yapılır? ",
            summary="İade 14 gün içinde.",
            body_html='<h1>Başlık</h1><p onclick="x()">Adım <b>bir</b></p><script>alert(1)</script>'
            '<img src="http://evil.example/p.png"><img src="/kb-assets/3/abc/a.png" alt="a">'
            '<ul><li>Bir</li><li>İki</li></ul><a href="javascript:alert(1)">kötü</a>',
            tags=["iade", " İade ", "kargo"],
            skus=["SKU-1", "sku-1", "SKU-2"],
        ),
        actor=world.owner,
    )

    assert article.title == "Şişe ılık İade nasıl yapılır?"
    assert article.slug == "sise-ilik-iade-nasil-yapilir"
    assert article.body_html == (
        '<h2>Başlık</h2><p>Adım <b>bir</b></p><img src="/kb-assets/3/abc/a.png" alt="a">'
        '<ul><li>Bir</li><li>İki</li></ul><a rel="noopener noreferrer nofollow">kötü</a>'
    )
    assert article.body_text == "Başlık\nAdım bir\n\nBir\nİki\nkötü"
    assert article.tags == ["iade", "kargo"]
    assert article.skus == ["SKU-1", "SKU-2"]
    assert article.status == Article.Status.DRAFT
    assert article.published_at is None
    assert article.author == world.owner
    assert list(article.revisions.values_list("number", "title")) == [(1, article.title)]
    assert index_state.current(world.workspace.pk) == before + 1
    assert kb_events == [
        ArticleChanged(workspace_id=world.workspace.pk, article_id=article.pk, change="created")
    ]


def test_slugs_are_unique_per_language_and_explicit_slug_clash_is_refused(world: World) -> None:
    ws = world.workspace.pk
    first = save_article(ws, ArticleInput(title="Kargo ücreti"))
    second = save_article(ws, ArticleInput(title="Kargo ÜCRETİ"))
    english = save_article(ws, ArticleInput(title="Kargo ücreti", language="en"))

    assert (first.slug, second.slug, english.slug) == ("kargo-ucreti", "kargo-ucreti-2", "kargo-ucreti")
    with pytest.raises(ValidationFailed) as refused:
        save_article(ws, ArticleInput(title="Başka", slug="Kargo Ücreti"))
    assert refused.value.details == {"slug": "taken"}
    # Saving again keeps the slug even when the title changes.
    renamed = save_article(ws, ArticleInput(title="Kargo ücretleri"), article=first)
    assert renamed.slug == "kargo-ucreti"


def test_every_save_writes_a_revision_and_restore_brings_back_content(world: World) -> None:
    ws = world.workspace.pk
    article = save_article(
        ws, ArticleInput(title="İlk", summary="bir", body_html="<p>ilk</p>"), actor=world.owner
    )
    article = save_article(
        ws, ArticleInput(title="İkinci", summary="iki", body_html="<p>ikinci</p>"), article=article
    )
    article = publish(article, actor=world.owner)

    assert list(article.revisions.values_list("number", "title", "status")) == [
        (3, "İkinci", "published"),
        (2, "İkinci", "draft"),
        (1, "İlk", "draft"),
    ]
    restored = restore_revision(article, 1, actor=world.owner)
    assert (restored.title, restored.summary, restored.body_html, restored.body_text) == (
        "İlk",
        "bir",
        "<p>ilk</p>",
        "ilk",
    )
    assert restored.status == "published"
    assert ArticleRevision.objects.filter(article=article).count() == 4
    with pytest.raises(NotFound):
        restore_revision(article, 99)


def test_publish_sets_and_unpublish_clears_published_at(world: World, kb_events: KbEventLog) -> None:
    article = save_article(world.workspace.pk, ArticleInput(title="Yayın"))
    published = publish(article)
    first_time = published.published_at
    assert published.status == "published"
    assert first_time is not None
    assert publish(published).published_at == first_time  # no change, no new revision
    assert published.revisions.count() == 2
    draft = unpublish(published)
    assert (draft.status, draft.published_at) == ("draft", None)
    assert [e.change for e in kb_events if isinstance(e, ArticleChanged)] == [
        "created",
        "published",
        "unpublished",
    ]


def test_agents_cannot_write_and_other_workspace_category_is_refused(
    world: World, other_world: World
) -> None:
    with pytest.raises(PermissionDenied):
        save_article(world.workspace.pk, ArticleInput(title="X"), actor=world.agent)
    foreign = save_category(other_world.workspace.pk, CategoryInput(name_tr="Yabancı"))
    with pytest.raises(ValidationFailed) as refused:
        save_article(world.workspace.pk, ArticleInput(title="X", category_id=foreign.pk))
    assert refused.value.details == {"category_id": foreign.pk}
    mine = save_article(world.workspace.pk, ArticleInput(title="Benim"))
    with pytest.raises(NotFound):
        save_article(other_world.workspace.pk, ArticleInput(title="Çalıntı"), article=mine)


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", True),
        ("https://youtu.be/dQw4w9WgXcQ", True),
        ("https://vimeo.com/76979871", True),
        ("https://player.vimeo.com/video/76979871", True),
        ("http://www.youtube.com/watch?v=dQw4w9WgXcQ", False),
        ("https://www.youtube.com/", False),
        ("https://example.com/watch?v=1", False),
        ("javascript:alert(1)", False),
    ],
)
def test_video_links_must_be_youtube_or_vimeo(world: World, url: str, ok: bool) -> None:
    data = ArticleInput(title="Video", video_url=url)
    if ok:
        assert save_article(world.workspace.pk, data).video_url == url
    else:
        with pytest.raises(ValidationFailed) as refused:
            save_article(world.workspace.pk, data)
        assert refused.value.details == {"video_url": "invalid"}


def test_bad_input_gets_clear_errors(world: World) -> None:
    ws = world.workspace.pk
    cases = [
        (ArticleInput(title="   "), {"title": "required"}),
        (ArticleInput(title="x" * 201), {"title": "long"}),
        (ArticleInput(title="x", summary="y" * 601), {"summary": "long"}),
        (ArticleInput(title="x", language="de"), {"language": "de", "allowed": ["tr", "en"]}),
        (ArticleInput(title="x", status="live"), {"status": "live", "allowed": ["draft", "published"]}),
        (ArticleInput(title="x", tags=["t" * 61]), {"tags": "long"}),
        (ArticleInput(title="x", skus=[f"s{i}" for i in range(31)]), {"skus": "too_many"}),
        (ArticleInput(title="x", slug="!!!"), {"slug": "invalid"}),
    ]
    for data, details in cases:
        with pytest.raises(ValidationFailed) as refused:
            save_article(ws, data)
        assert refused.value.details == details
    assert Article.objects.filter(workspace_id=ws).count() == 0


def test_translations_one_per_language(world: World, other_world: World) -> None:
    ws = world.workspace.pk
    turkish = save_article(ws, ArticleInput(title="İade"))
    english = save_article(ws, ArticleInput(title="Returns", language="en"), translation_of=turkish)
    assert english.translation_group == turkish.translation_group
    assert translations(turkish) == {"en": english}
    with pytest.raises(ValidationFailed):
        save_article(ws, ArticleInput(title="Returns 2", language="en"), translation_of=turkish)

    unlink_translation(english)
    assert translations(turkish) == {}
    loose = save_article(ws, ArticleInput(title="Refunds", language="en"))
    link_translation(turkish, loose)
    loose.refresh_from_db()
    assert loose.translation_group == turkish.translation_group
    with pytest.raises(ValidationFailed):
        link_translation(turkish, english)  # the group already has an English version
    with pytest.raises(ValidationFailed):
        link_translation(turkish, save_article(ws, ArticleInput(title="Türkçe bir tane daha")))
    foreign = save_article(other_world.workspace.pk, ArticleInput(title="Foreign", language="en"))
    with pytest.raises(NotFound):
        link_translation(turkish, foreign)


def test_delete_bumps_and_publishes(world: World, kb_events: KbEventLog) -> None:
    article = save_article(world.workspace.pk, ArticleInput(title="Silinecek"))
    version = index_state.current(world.workspace.pk)
    article_id, group = article.pk, str(article.translation_group)
    delete_article(article, actor=world.owner)

    assert not Article.objects.filter(pk=article_id).exists()
    assert index_state.current(world.workspace.pk) == version + 1
    assert kb_events[-1] == ArticleDeleted(
        workspace_id=world.workspace.pk, article_id=article_id, translation_group=group
    )
    with pytest.raises(PermissionDenied):
        delete_article(save_article(world.workspace.pk, ArticleInput(title="Y")), actor=world.agent)


def test_body_keeps_uploaded_and_https_media_and_drops_the_rest(world: World) -> None:
    article = save_article(
        world.workspace.pk,
        ArticleInput(
            title="Medya",
            body_html='<video controls src="/kb-assets/2/ab/v.mp4"></video>'
            '<video autoplay><source src="/kb-assets/1/cd/b.webm" type="video/webm"></video>'
            '<video src="http://x.example/v.mp4"></video><img src="https://cdn.example.com/a.png">'
            '<img alt="x" src="data:image/png;base64,AAA"><iframe src="https://evil.example"></iframe><p>ok</p>',
        ),
    )
    assert article.body_html == (
        '<video controls="controls" src="/kb-assets/2/ab/v.mp4"></video>'
        '<video controls="controls"><source src="/kb-assets/1/cd/b.webm" type="video/webm"></video>'
        '<img src="https://cdn.example.com/a.png"><p>ok</p>'
    )

"""Canned responses and macros in a real browser: "/" in the composer, the button, the Macros menu."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import E2EServer, logged_in_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def open_new_conversation(page: Page, server: E2EServer, name: str) -> str:
    marker = f"Kargom hâlâ gelmedi {uuid.uuid4().hex[:6]}"
    created = server.inbound(marker, email=f"{uuid.uuid4().hex[:8]}@example.com", name=name)
    page.goto(f"{server.url}/c/{created['conversation_id']}/")
    expect(page.locator("#thread")).to_contain_text(marker)
    return marker


def test_agent_types_slash_kargo_picks_a_response_and_sends_it(
    browser: Browser, e2e_server: E2EServer
) -> None:
    page = logged_in_page(browser, e2e_server, e2e_server.seed["second"]["email"])
    open_new_conversation(page, e2e_server, "burak çelik")

    composer = page.locator("#composer-text")
    composer.click()
    page.keyboard.type("/kargo")
    options = page.locator('#canned-list [data-testid="canned-option"]')
    expect(page.locator('#canned-list[data-query="kargo"]')).to_have_count(1)
    expect(options.first).to_be_visible()
    expect(page.locator("#canned-pop .canned-q")).to_be_hidden()  # typing stays in the composer
    titles = options.locator(".canned-title").all_inner_texts()
    assert "Şikâyet: kargo gecikmesi" in titles
    assert "Kargo takip bilgisi" in titles
    assert all("kargo" in t.lower() or "Şikâyet" in t or "İade" in t or "Değişim" in t for t in titles)
    # The preview already reads as the customer will get it.
    expect(options.filter(has_text="Şikâyet: kargo gecikmesi")).to_contain_text(
        "Merhaba Burak, siparişinizin"
    )

    for _ in range(titles.index("Şikâyet: kargo gecikmesi")):
        page.keyboard.press("ArrowDown")
    expect(options.nth(titles.index("Şikâyet: kargo gecikmesi"))).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Enter")

    expect(composer).to_have_value(
        "Merhaba Burak, siparişinizin gecikmesi için gerçekten özür dileriz; beklemenin ne kadar can sıkıcı "
        "olduğunu biliyorum. Kargo firmasıyla hemen iletişime geçtim, paketinizi takip ediyorum ve size "
        "en kısa sürede net bilgi vereceğim. Paket kaybolduysa siparişinizi ücretsiz olarak yeniden "
        "göndereceğiz."
    )
    expect(page.locator("#canned-pop")).to_be_hidden()

    page.keyboard.press("Control+Enter")
    outbound = page.locator('#thread [data-testid="message-out"]')
    expect(outbound).to_contain_text("Merhaba Burak, siparişinizin gecikmesi için gerçekten özür dileriz")
    expect(composer).to_have_value("")

    # Esc closes the list and leaves what was typed; a slash inside a word opens nothing.
    composer.click()
    page.keyboard.type("Tutar 100/2 ")
    expect(page.locator("#canned-pop")).to_be_hidden()
    page.keyboard.type("/ozur")
    expect(page.locator('#canned-list[data-query="ozur"]')).to_have_count(1)
    expect(options.first).to_contain_text("Özür ve anlayış")
    page.keyboard.press("Escape")
    expect(page.locator("#canned-pop")).to_be_hidden()
    expect(composer).to_have_value("Tutar 100/2 /ozur")
    page.context.close()


def test_mouse_user_on_a_phone_inserts_a_response_and_applies_a_macro(
    browser: Browser, e2e_server: E2EServer
) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="tr-TR")
    page = context.new_page()
    page.goto(f"{e2e_server.url}/login/")
    page.fill("input[name=username]", e2e_server.seed["second"]["email"])
    page.fill("input[name=password]", e2e_server.seed["password"])
    page.click("button[type=submit]")
    page.wait_for_url(f"{e2e_server.url}/")
    open_new_conversation(page, e2e_server, "Selin Aydın")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    page.click('[data-testid="canned-open"]')
    search = page.locator("#canned-pop .canned-q")
    expect(search).to_be_focused()
    search.type("baska yardim")
    expect(page.locator('#canned-list[data-query="baska yardim"]')).to_have_count(1)
    option = page.locator('#canned-list [data-testid="canned-option"]').first
    expect(option).to_contain_text("Başka bir konu var mı?")
    box = page.locator("#canned-pop").bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= 375
    option.click()
    expect(page.locator("#composer-text")).to_have_value("Başka yardımcı olabileceğim bir konu var mı Selin?")

    page.click('[data-testid="macro-menu"] summary')
    page.get_by_role("menuitem", name="Kargo gecikmesi").click()
    thread = page.locator("#thread")
    expect(thread).to_contain_text("Makro 'Kargo gecikmesi' uygulandı")
    expect(thread).to_contain_text("Merhaba Selin, siparişinizin gecikmesi için")
    expect(page.locator('[data-testid="status-pill"]')).to_have_text("Açık")
    expect(page.locator("#conv-head")).to_contain_text("kargo gecikmesi")
    context.close()


def test_editor_flags_unknown_variables_while_typing(browser: Browser, e2e_server: E2EServer) -> None:
    page = logged_in_page(browser, e2e_server, e2e_server.seed["first"]["email"])
    page.goto(f"{e2e_server.url}/settings/canned/new/")
    live = page.locator('[data-testid="unknown-live"]')
    page.fill("input[name=title]", "Sipariş durumu")
    page.locator("textarea[name=body_tr]").type(
        "Merhaba {{ contact.first_name }}, siparişiniz {{ siparis.no }} yolda."
    )
    expect(live).to_be_visible()
    expect(live).to_contain_text("{{ siparis.no }}")
    expect(live).not_to_contain_text("contact.first_name")

    page.click('[data-testid="canned-preview"]')
    expect(page.locator('[data-testid="canned-preview-text"]')).to_contain_text(
        "Merhaba Ayşe, siparişiniz {{ siparis.no }} yolda."
    )
    expect(live).to_contain_text("{{ siparis.no }}")
    page.locator("textarea[name=body_tr]").fill("Merhaba {{ contact.first_name }}!")
    expect(live).to_be_hidden()
    page.context.close()

"""The contact form in a real browser: an admin creates it, a visitor fills it in on the hosted
page and embedded on a page of another origin, and the agent sees each conversation arrive."""

from __future__ import annotations

import re
import threading
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import E2EServer, logged_in_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# The time-trap refuses forms sent within 2 s of rendering; a person takes longer.
HUMAN_PAUSE_MS = 2200


@pytest.fixture(scope="module")
def form_url(browser: Browser, e2e_server: E2EServer) -> str:
    admin = logged_in_page(browser, e2e_server, e2e_server.seed["first"]["email"])
    admin.goto(f"{e2e_server.url}/settings/inboxes/")
    admin.locator(".new-inbox-menu summary").click()
    admin.locator("[data-testid=new-inbox-menu]").get_by_role("link", name="İletişim formu").click()
    admin.fill("#id_name", "Web sitesi formu")
    admin.fill("#id_expected_tr", "Hafta içi 4 saat içinde yanıtlıyoruz.")
    admin.get_by_role("button", name="İletişim formunu oluştur").click()
    url = admin.locator("[data-testid=form-url]").inner_text().strip()
    assert re.fullmatch(rf"{re.escape(e2e_server.url)}/f/fk_[\w-]+", url)
    expect(admin.locator("#form-script")).to_have_text(f'<script src="{url}/embed.js" async></script>')
    admin.context.close()
    return url


@pytest.fixture
def other_origin(form_url: str) -> Iterator[str]:
    """A store's page on another origin (localhost, not 127.0.0.1) with the embed snippet."""
    page = (
        '<!doctype html><html lang="tr"><head><meta charset="utf-8"><title>Mağaza</title>'
        "<style>body{font-family:serif;color:red} input{border:5px dotted green}</style></head>"
        f'<body><h1>Bize ulaşın</h1><script src="{form_url}/embed.js" async></script>'
        "<p>Alt bilgi</p></body></html>"
    ).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://localhost:{server.server_address[1]}/iletisim"
    server.shutdown()


def agent_inbox(browser: Browser, server: E2EServer) -> Page:
    page = logged_in_page(browser, server, server.seed["second"]["email"])
    expect(page.locator("body[data-live=on]")).to_have_count(1, timeout=5000)
    return page


def test_visitor_fills_the_hosted_form_and_the_agent_sees_it(
    browser: Browser, e2e_server: E2EServer, form_url: str
) -> None:
    agent = agent_inbox(browser, e2e_server)
    marker = f"Kargom nerede {uuid.uuid4().hex[:6]}"
    hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>'
    visitor = browser.new_context(viewport={"width": 375, "height": 740}, locale="tr-TR").new_page()
    visitor.goto(form_url)
    expect(visitor.locator("h1")).to_have_text("Bize yazın")

    visitor.fill("#id_name", "Deniz Arslan")
    visitor.fill("#id_email", "deniz@")  # a typo first: the error shows next to the field
    visitor.fill("#id_phone", "0535 222 33 44")
    visitor.fill("#id_order_number", "AC-20001")
    visitor.select_option("#id_topic", "İade / değişim")
    visitor.fill("#id_message", f"{marker}\n{hostile}")
    visitor.wait_for_timeout(HUMAN_PAUSE_MS)
    visitor.get_by_role("button", name="Mesajı gönder").click()
    expect(visitor.locator("#id_email_error")).to_have_text(
        "Bu e-posta adresi doğru görünmüyor. Örnek: ayse@example.com"
    )
    expect(visitor.locator("#id_message")).to_have_value(f"{marker}\n{hostile}")
    expect(visitor.locator("#id_topic")).to_have_value("İade / değişim")

    visitor.fill("#id_email", "deniz@example.com")
    visitor.wait_for_timeout(HUMAN_PAUSE_MS)
    visitor.get_by_role("button", name="Mesajı gönder").click()
    expect(visitor.locator("[data-testid=form-sent]")).to_contain_text(
        "Hafta içi 4 saat içinde yanıtlıyoruz."
    )
    number = visitor.locator("[data-testid=conversation-number]").inner_text()
    assert re.fullmatch(r"#\d+", number)

    row = agent.locator(".conv-row", has_text=marker)
    expect(row).to_contain_text("Deniz Arslan", timeout=3000)  # pushed live, no reload
    row.click()
    card = agent.locator("#thread [data-testid=form-card]")
    expect(card.locator("[data-testid=form-topic]")).to_have_text("İade / değişim")
    expect(card.locator("[data-testid=form-order]")).to_have_text("AC-20001")
    expect(card.locator("[data-testid=form-phone]")).to_have_text("+90 535 222 33 44")
    expect(agent.locator("#thread [data-testid=message-in]")).to_contain_text(hostile)
    assert agent.evaluate("window.__pwned") is None
    assert agent.locator("#thread [data-testid=message-in] img").count() == 0
    visitor.context.close()
    agent.context.close()


def test_visitor_fills_the_form_embedded_on_another_site(
    browser: Browser, e2e_server: E2EServer, other_origin: str
) -> None:
    agent = agent_inbox(browser, e2e_server)
    marker = f"Fatura sorusu {uuid.uuid4().hex[:6]}"
    store = browser.new_context(viewport={"width": 1024, "height": 700}, locale="en-US").new_page()
    store.goto(other_origin)
    frame_element = store.locator("iframe")
    frame = store.frame_locator("iframe")
    # The page says lang="tr": the form follows the page, not the browser.
    expect(frame.locator("h1")).to_have_text("Bize yazın")
    # The loader grows the iframe to the form's full height: no inner scrollbar.
    expect(frame.locator("#id_message")).to_be_visible()
    store.wait_for_timeout(500)
    form_height = frame.locator("body").evaluate("b => b.getBoundingClientRect().height")
    assert form_height > 800
    assert abs(frame_element.bounding_box()["height"] - form_height) <= 2  # type: ignore[index]
    # The store's CSS does not leak into the form.
    assert frame.locator("#id_name").evaluate("e => getComputedStyle(e).borderTopStyle") == "solid"

    frame.locator("#id_name").fill("Mert Kılıç")
    frame.locator("#id_email").fill("mert@example.com")
    frame.locator("#id_message").fill(marker)
    store.wait_for_timeout(HUMAN_PAUSE_MS)
    frame.get_by_role("button", name="Mesajı gönder").click()
    expect(frame.locator("[data-testid=form-sent]")).to_be_visible()
    # Shorter thank-you page: the iframe shrinks with it.
    store.wait_for_function("() => document.querySelector('iframe').getBoundingClientRect().height < 700")

    row = agent.locator(".conv-row", has_text=marker)
    expect(row).to_contain_text("Mert Kılıç", timeout=3000)
    row.click()
    expect(agent.locator("#thread [data-testid=form-card]")).to_contain_text("/iletisim")
    store.context.close()
    agent.context.close()

"""In Chromium: a reply the SMTP server refuses shows as failed with the server's words, and the
email inbox settings page works (presets, test connection) in Turkish and English, also at 375 px."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.connectors.email_out.conftest import SmtpServer, free_port
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.support.served import ServedYanit

pytestmark = pytest.mark.browser
REFUSAL = "550 5.1.1 <yok@musteri.test>: Recipient address rejected: User unknown"
SCREENSHOTS = os.environ.get("YANIT_SCREENSHOTS", "")


class RefusingSmtp(SmtpServer):
    """Refuses the customer's address, accepts everything else (the connection check)."""

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if address == "yok@musteri.test":
            return REFUSAL
        envelope.rcpt_tos.append(address)
        return "250 OK"


@dataclass
class Site:
    url: str
    seed: dict[str, Any]
    smtp: SmtpServer


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    smtp = RefusingSmtp(port=free_port())
    controller = Controller(smtp, hostname="127.0.0.1", port=smtp.port)
    controller.start()
    served = ServedYanit(
        tmp_path_factory.mktemp("email-site"),
        "tests.connectors.email_out.browser_seed",
        extra_env={"SEED_SMTP_PORT": str(smtp.port)},
    )
    try:
        seed = served.prepare()
        served.start()
        yield Site(url=served.url, seed=seed, smtp=smtp)
    finally:
        served.stop()
        controller.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def login(browser: Browser, site: Site, *, width: int = 1366, locale: str = "tr-TR") -> Page:
    context = browser.new_context(viewport={"width": width, "height": 900}, locale=locale)
    page = context.new_page()
    page.goto(f"{site.url}/login/")
    page.fill("input[name=username]", site.seed["email"])
    page.fill("input[name=password]", site.seed["password"])
    page.click("button[type=submit]")
    page.wait_for_url(f"{site.url}/")
    return page


def shot(page: Page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/{name}.png", full_page=True)


def test_a_refused_email_reply_shows_failed_with_the_server_reason(browser: Browser, site: Site) -> None:
    page = login(browser, site)
    page.goto(f"{site.url}/c/{site.seed['conversation_id']}/")
    expect(page.locator("body[data-live=on]")).to_have_count(1, timeout=5000)
    page.keyboard.press("r")
    page.keyboard.type("Zeynep Hanım merhaba, kargonuz bugün yola çıktı.")
    page.keyboard.press("Control+Enter")
    delivery = page.locator('#thread [data-testid="message-out"] [data-testid="delivery"]')
    # Pushed over the websocket once the job has run: no reload.
    expect(delivery).to_have_text(f"Başarısız: {REFUSAL}", timeout=10000)
    shot(page, "failed-reply")
    page.reload()
    expect(delivery).to_have_text(f"Başarısız: {REFUSAL}")
    page.context.close()


def test_settings_page_presets_and_test_connection(browser: Browser, site: Site) -> None:
    page = login(browser, site)
    page.goto(f"{site.url}/settings/inboxes/{site.seed['inbox_id']}/email/")
    expect(page.locator("h1")).to_contain_text("Destek")
    page.click('[data-testid="test-connection"]')
    smtp_result = page.locator('[data-testid="check-smtp"]')
    expect(smtp_result).to_contain_text("SMTP: çalışıyor", timeout=15000)
    expect(smtp_result).to_contain_text("destek@magaza.test adresinden posta kabul ediyor")
    shot(page, "settings-tr")

    page.fill("#id_autoack_text_tr", "Selam {name}, #{number} aldık; {expected_reply_time} yazacağız.")
    page.fill("#id_expected_reply_tr", "bugün")
    expect(page.locator('[data-testid="ack-preview-tr"]')).to_have_text(
        "Selam Ayşe Yılmaz, #123 aldık; bugün yazacağız."
    )

    page.click('[data-preset="outlook"]')
    assert page.input_value("#id_smtp_host") == "smtp.office365.com"
    assert page.input_value("#id_smtp_port") == "587"
    assert page.input_value("#id_smtp_security") == "starttls"
    assert page.input_value("#id_imap_host") == "outlook.office365.com"
    assert page.input_value("#id_imap_user") == "destek@magaza.test"
    expect(page.locator('[data-preset-note="outlook"]')).to_be_visible()
    expect(page.locator('[data-preset-note="gmail"]')).to_be_hidden()
    page.context.close()


def test_settings_page_in_english_and_on_a_phone(browser: Browser, site: Site) -> None:
    page = login(browser, site, width=375)
    page.goto(f"{site.url}/settings/inboxes/{site.seed['inbox_id']}/email/")
    no_sideways_scroll = "document.documentElement.scrollWidth <= window.innerWidth"
    assert page.evaluate(no_sideways_scroll)
    shot(page, "settings-tr-375")
    page.goto(f"{site.url}/settings/inboxes/new/email/")
    assert page.evaluate(no_sideways_scroll)
    page.context.close()

    english = login(browser, site, locale="en-US")
    english.request.post(
        f"{site.url}/language/",
        form={"language": "en", "next": "/"},
        headers={
            "X-CSRFToken": next(c["value"] for c in english.context.cookies() if c["name"] == "csrftoken")
        },
    )
    english.goto(f"{site.url}/settings/inboxes/new/email/")
    expect(english.locator("h1")).to_have_text("New email inbox")
    expect(english.locator('[data-testid="test-connection"]')).to_have_text("Test connection")
    expect(english.locator('[data-testid="ack-preview-en"]')).to_contain_text("Hello Ayşe Yılmaz,")
    shot(english, "settings-new-en")
    english.context.close()

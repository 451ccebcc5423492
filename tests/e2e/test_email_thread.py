"""Email messages in the agent's thread, in a real browser: folded quotes, inline images, remote
images only after "Show images" (checked at the network level), and hostile HTML that neither
runs nor covers the page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, Request, Route, expect

from tests.e2e.conftest import E2EServer, logged_in_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FIXTURES = Path(__file__).resolve().parents[1] / "connectors" / "email" / "fixtures"
GIF = bytes.fromhex("47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b")


@pytest.fixture(scope="module")
def email_inbox(e2e_server: E2EServer) -> dict[str, Any]:
    token = httpx.post(
        f"{e2e_server.url}/api/v1/auth/token",
        json={"email": e2e_server.seed["first"]["email"], "password": e2e_server.seed["password"]},
        timeout=10,
    ).json()["token"]
    created = httpx.post(
        f"{e2e_server.url}/api/v1/inboxes",
        json={
            "name": "E-posta",
            "channel": "email",
            "settings": {"email": {"address": "destek@magaza.test"}},
        },
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )
    assert created.status_code == 201, created.text
    return dict(created.json())


def post_email(server: E2EServer, inbox: dict[str, Any], name: str) -> dict[str, Any]:
    response = httpx.post(
        f"{server.url}/api/v1/inboxes/{inbox['id']}/inbound-email",
        content=(FIXTURES / name).read_bytes(),
        headers={"Authorization": f"Bearer {inbox['inbound_token']}", "Content-Type": "message/rfc822"},
        timeout=10,
    )
    assert response.status_code in (200, 201), response.text
    return dict(response.json())


def watch_remote_requests(page: Page, server: E2EServer) -> list[str]:
    """Every request that would leave for another host is recorded and answered locally."""
    seen: list[str] = []

    def handle(route: Route, request: Request) -> None:
        if request.url.startswith(server.url) or request.url.startswith("data:"):
            route.continue_()
            return
        seen.append(request.url)
        route.fulfill(status=200, content_type="image/gif", body=GIF)

    page.route("**/*", handle)
    return seen


def test_remote_images_load_only_after_show_images(
    browser: Browser, e2e_server: E2EServer, email_inbox: dict[str, Any]
) -> None:
    stored = post_email(e2e_server, email_inbox, "inline_image_related.eml")
    page = logged_in_page(browser, e2e_server, e2e_server.seed["first"]["email"])
    remote = watch_remote_requests(page, e2e_server)
    page.goto(f"{e2e_server.url}/c/{stored['conversation_id']}/")
    article = page.locator(f"#m{stored['message_id']}")
    expect(article).to_contain_text("Kutu ezik geldi")
    inline = article.locator('.msg-body img[alt="kutu"]')
    expect(inline).to_have_count(1)
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=inline.element_handle())
    page.wait_for_timeout(300)
    assert remote == []

    article.get_by_test_id("show-images").click()
    expect(page.locator(f"#m{stored['message_id']} [data-testid=show-images]")).to_have_count(0)
    page.wait_for_function("() => [...document.images].some(i => i.src.includes('tracker.example'))")
    page.wait_for_timeout(300)
    assert remote == ["https://tracker.example/open.gif?u=can"]
    page.context.close()


def test_quoted_part_is_folded_behind_a_toggle(
    browser: Browser, e2e_server: E2EServer, email_inbox: dict[str, Any]
) -> None:
    stored = post_email(e2e_server, email_inbox, "gmail_reply_en.eml")
    page = logged_in_page(browser, e2e_server, e2e_server.seed["first"]["email"])
    page.goto(f"{e2e_server.url}/c/{stored['conversation_id']}/")
    body = page.locator(f"#m{stored['message_id']} .msg-body")
    expect(body).to_contain_text("the parcel still hasn't arrived")
    quoted = body.get_by_text("your order was shipped today")
    expect(quoted).to_be_hidden()
    body.locator("details > summary").click()
    expect(quoted).to_be_visible()
    download = page.locator(f"#m{stored['message_id']} [data-testid=email-original]")
    with page.expect_download() as info:
        download.click()
    assert info.value.suggested_filename == f"email-{stored['message_id']}.eml"
    page.context.close()


@pytest.mark.parametrize("width", [1366, 375])
def test_hostile_email_neither_runs_nor_covers_the_page(
    browser: Browser, e2e_server: E2EServer, email_inbox: dict[str, Any], width: int
) -> None:
    stored = post_email(e2e_server, email_inbox, "hostile_html.eml")
    page = logged_in_page(browser, e2e_server, e2e_server.seed["first"]["email"])
    page.set_viewport_size({"width": width, "height": 800})
    remote = watch_remote_requests(page, e2e_server)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{e2e_server.url}/c/{stored['conversation_id']}/")
    article = page.locator(f"#m{stored['message_id']}")
    expect(article).to_contain_text("Siparişim hakkında bilgi istiyorum.")
    page.wait_for_timeout(500)

    assert page.evaluate("() => window.__pwned") is None
    # The overlay is an ordinary block inside the bubble, not a layer over the page.
    overlay = article.get_by_text("OVERLAY")
    assert overlay.evaluate("el => getComputedStyle(el).position") == "static"
    composer = page.locator("#composer-text")
    expect(composer).to_be_visible()
    box = composer.bounding_box()
    assert box is not None
    hit = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y)?.id", [box["x"] + box["width"] / 2, box["y"] + 5]
    )
    assert hit == "composer-text"
    # The javascript: link lost its target: clicking it does nothing.
    article.get_by_text("Tıklayın").click()
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.__pwned") is None
    assert dialogs == []
    assert remote == []
    page.context.close()

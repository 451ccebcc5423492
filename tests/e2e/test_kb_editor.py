"""The knowledge base editor in a real browser: an admin writes an article with the toolbar,
uploads an image, publishes, and finds it in the list and its revision history."""

from __future__ import annotations

import base64
import uuid

import httpx
import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import E2EServer, logged_in_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# A real 1×1 PNG, so the browser can draw it.
PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def test_admin_writes_uploads_publishes_and_sees_history(browser: Browser, e2e_server: E2EServer) -> None:
    page = logged_in_page(browser, e2e_server, e2e_server.seed["first"]["email"])
    page.get_by_role("link", name="Bilgi bankası").click()
    expect(page.locator("h1")).to_have_text("Makaleler")
    page.get_by_test_id("kb-new").click()

    title = f"Kargom ne zaman gelir {uuid.uuid4().hex[:6]}"
    page.fill("#id_title", title)
    page.fill("#id_summary", "Siparişiniz 1-3 iş gününde kargoya verilir.")
    surface = page.get_by_test_id("kb-surface")
    surface.click()
    page.locator('[data-command="h2"]').click()
    page.keyboard.type("Teslim süreleri")
    page.keyboard.press("Enter")
    page.locator('[data-command="bold"]').click()
    page.keyboard.type("İstanbul içi")
    page.locator('[data-command="bold"]').click()
    page.keyboard.type(" ertesi gün.")
    page.keyboard.press("Enter")
    with page.expect_file_chooser() as chooser:
        page.locator('[data-command="image"]').click()
    chooser.value.set_files(files=[{"name": "kargo haritası.png", "mimeType": "image/png", "buffer": PIXEL}])
    image = surface.locator("img")
    expect(image).to_have_count(1)
    src = image.get_attribute("src") or ""
    assert src.startswith("/kb-assets/")
    assert src.endswith("/kargo-haritasi.png")
    expect(image).to_have_js_property("naturalWidth", 1)  # the uploaded file is served back
    page.fill("#id_questions", "kargom nerde\nsiparisim ne zaman gelir")
    page.get_by_test_id("kb-save").click()

    expect(page.locator(".flash")).to_contain_text("Makale kaydedildi.")
    expect(page.get_by_test_id("kb-status")).to_have_text("Taslak")
    saved_html = page.locator("#id_body_html").input_value()
    assert "<h2>Teslim süreleri</h2>" in saved_html
    # Chromium writes the space after a bold run as &nbsp;; Enter starts a <p>, not a <div>.
    assert "<p><b>İstanbul içi</b>&nbsp;ertesi gün.</p>" in saved_html
    assert f'<p><img src="{src}" alt="kargo-haritasi"></p>' in saved_html
    asset = httpx.get(e2e_server.url + src, timeout=10)
    assert (asset.status_code, asset.content) == (200, PIXEL)

    page.get_by_test_id("kb-publish").click()
    expect(page.locator(".flash")).to_contain_text("Makale yayınlandı.")
    expect(page.get_by_test_id("kb-status")).to_have_text("Yayında")

    page.goto(f"{e2e_server.url}/kb/?status=published")
    row = page.get_by_test_id("kb-row").filter(has_text=title)
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Yayında")
    row.get_by_role("link", name=title).click()
    page.get_by_test_id("kb-history-link").click()
    revisions = page.get_by_test_id("kb-revision")
    expect(revisions).to_have_count(2)
    expect(revisions.nth(0)).to_contain_text("Yayında")
    expect(revisions.nth(1)).to_contain_text("Taslak")
    expect(page.get_by_test_id("kb-revision-preview").locator("h2").first).to_have_text(title)
    expect(page.get_by_test_id("kb-revision-preview").locator("img")).to_have_attribute("src", src)

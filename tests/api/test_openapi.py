from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders

from tests.api.conftest import Api

pytestmark = pytest.mark.django_db

EXPECTED_PATHS = {
    "/api/v1/auth/token": {"post"},
    "/api/v1/inboxes": {"get", "post"},
    "/api/v1/inboxes/{inbox_id}": {"get", "patch"},
    "/api/v1/inboxes/{inbox_id}/rotate-token": {"post"},
    "/api/v1/inboxes/{inbox_id}/inbound": {"post"},
    "/api/v1/inboxes/{inbox_id}/inbound-email": {"post"},
    "/api/v1/inboxes/{inbox_id}/webhook-deliveries": {"get"},
    "/api/v1/conversations": {"get"},
    "/api/v1/conversations/{conversation_id}": {"get", "patch"},
    "/api/v1/conversations/{conversation_id}/messages": {"get", "post"},
    "/api/v1/conversations/{conversation_id}/merge": {"post"},
    "/api/v1/attachments/{attachment_id}": {"get"},
    "/api/v1/contacts": {"get"},
    "/api/v1/contacts/{contact_id}": {"get", "patch"},
    "/api/v1/contacts/{contact_id}/merge": {"post"},
    "/api/v1/kb/search": {"get"},
    "/api/v1/agents": {"get"},
    "/api/v1/teams": {"get"},
    "/api/v1/business-hours": {"get", "put"},
    "/api/v1/business-hours/closures": {"post"},
    "/api/v1/business-hours/closures/{closure_id}": {"delete"},
    "/api/v1/sla-policies": {"get", "post"},
    "/api/v1/sla-policies/{policy_id}": {"get", "put", "delete"},
    "/api/v1/canned-responses": {"get", "post"},
    "/api/v1/kb/articles": {"get", "post"},
    "/api/v1/kb/articles/{article_id}": {"get", "patch", "delete"},
    "/api/v1/kb/categories": {"get", "post"},
    "/api/v1/canned-responses/{canned_id}": {"get", "patch", "delete"},
    "/api/v1/canned-responses/{canned_id}/render": {"post"},
    "/api/v1/macros": {"get", "post"},
    "/api/v1/macros/{macro_id}": {"get", "patch", "delete"},
    "/api/v1/macros/{macro_id}/apply": {"post"},
    "/api/v1/notifications": {"get"},
    "/api/v1/notifications/read": {"post"},
    "/api/v1/notifications/read-all": {"post"},
    "/api/v1/notifications/preferences": {"get", "put"},
    "/api/v1/reminders": {"get", "post"},
    "/api/v1/reminders/{reminder_id}": {"delete"},
    "/api/v1/bot/suggest": {"post"},
}


def test_openapi_document_is_3_1_and_lists_every_path(api: Api) -> None:
    response = api.get("/api/v1/openapi.json")

    assert response.status_code == 200
    document = response.json()
    assert document["openapi"] == "3.1.0"
    assert {path: set(ops) for path, ops in document["paths"].items()} == EXPECTED_PATHS
    assert document["components"]["securitySchemes"]["AgentToken"] == {"type": "http", "scheme": "bearer"}
    inbound = document["paths"]["/api/v1/inboxes/{inbox_id}/inbound"]["post"]
    assert set(inbound["responses"]) >= {"200", "201", "401", "404", "413", "422"}
    assert document["paths"]["/api/v1/auth/token"]["post"].get("security") in (None, [])


def test_docs_page_loads_only_local_assets(api: Api) -> None:
    response = api.get("/api/v1/docs")

    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert "/static/ninja/swagger-ui-bundle.js" in assets
    assert "/static/ninja/swagger-ui.css" in assets
    assert [a for a in assets if not a.startswith("/static/")] == []
    assert "/api/v1/openapi.json" in html
    for asset in assets:
        assert finders.find(asset.removeprefix("/static/")) is not None, asset

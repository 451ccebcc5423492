"""Rate limits, uploads (size, type by magic bytes), attachments of other visitors, races."""

from __future__ import annotations

import threading
import uuid
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from tests.connectors.webchat.conftest import SHOP, Chat, make_chat
from yanit.conversations.models import Attachment, Message

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.7\n" + b"0" * 64


def upload(chat: Chat, token: str, name: str, content: bytes, content_type: str, **extra: Any) -> Any:
    return chat.client.post(
        chat.base + "/upload",
        {
            "file": SimpleUploadedFile(name, content, content_type=content_type),
            "client_id": str(uuid.uuid4()),
            **extra,
        },
        headers={"Origin": SHOP, "X-Visitor-Token": token},
    )


@pytest.mark.django_db
def test_messages_per_visitor_are_limited_with_retry_after(chat: Chat, settings: Any) -> None:
    settings.YANIT_WIDGET_VISITOR_MESSAGES = (3, 10)
    token = chat.session()["visitor_token"]
    assert [chat.say(token, f"m{n}").status_code for n in range(3)] == [201, 201, 201]
    limited = chat.say(token, "fazla")
    assert limited.status_code == 429
    assert limited.json()["error"]["code"] == "rate_limited"
    assert 1 <= int(limited["Retry-After"]) <= 10
    assert limited["Access-Control-Allow-Origin"] == SHOP
    assert Message.objects.filter(direction="in").count() == 3


@pytest.mark.django_db
def test_messages_and_sessions_per_network_are_limited(chat: Chat, settings: Any) -> None:
    settings.YANIT_WIDGET_IP_MESSAGES = (2, 60)
    settings.YANIT_WIDGET_IP_SESSIONS = (3, 3600)
    tokens = [chat.session()["visitor_token"] for _ in range(3)]
    refused = chat.post("/session", {})
    assert refused.status_code == 429
    # A known visitor coming back is not a new session.
    assert chat.post("/session", {"visitor_token": tokens[0]}).status_code == 200
    assert chat.say(tokens[0], "bir").status_code == 201
    assert chat.say(tokens[1], "iki").status_code == 201
    assert chat.say(tokens[2], "üç").status_code == 429


@pytest.mark.django_db
def test_upload_checks_size_and_real_type(chat: Chat) -> None:
    token = chat.session()["visitor_token"]
    ok = upload(chat, token, "fatura.pdf", PDF, "application/pdf", text="Faturam")
    assert ok.status_code == 201
    message = ok.json()["message"]
    assert message["text"] == "Faturam"
    [attachment] = message["attachments"]
    assert attachment["filename"] == "fatura.pdf"
    assert attachment["content_type"] == "application/pdf"
    assert attachment["url"].endswith(f"/widget/v1/{chat.widget.public_key}/files/{attachment['id']}")
    # Declared as an image, really HTML: refused.
    html = upload(chat, token, "resim.png", b"<html><script>alert(1)</script>", "image/png")
    assert html.status_code == 415
    assert html.json()["error"]["code"] == "file_type_not_allowed"
    # A real PNG named .exe is stored as .png.
    renamed = upload(chat, token, "program.exe", PNG, "application/octet-stream")
    assert renamed.status_code == 201
    assert renamed.json()["message"]["attachments"][0]["filename"] == "program.png"
    chat.widget.max_file_bytes = 1024
    chat.widget.save()
    big = upload(chat, token, "buyuk.png", PNG + b"\x00" * 2000, "image/png")
    assert big.status_code == 413
    assert big.json()["error"]["code"] == "file_too_large"
    missing = chat.client.post(
        chat.base + "/upload",
        {"client_id": str(uuid.uuid4())},
        headers={"Origin": SHOP, "X-Visitor-Token": token},
    )
    assert missing.status_code == 422
    assert Attachment.objects.count() == 2


@pytest.mark.django_db
def test_files_of_another_visitor_are_404(chat: Chat) -> None:
    mine = chat.session()["visitor_token"]
    theirs = chat.session()["visitor_token"]
    attachment = upload(chat, mine, "foto.png", PNG, "image/png").json()["message"]["attachments"][0]
    own = chat.client.get(f"{chat.base}/files/{attachment['id']}", {"v": mine}, headers={"Origin": SHOP})
    assert own.status_code == 200
    assert b"".join(own.streaming_content) == PNG
    assert own["Content-Type"] == "image/png"
    assert own["Content-Security-Policy"] == "sandbox; default-src 'none'"
    other = chat.client.get(f"{chat.base}/files/{attachment['id']}", {"v": theirs}, headers={"Origin": SHOP})
    assert other.status_code == 404
    nobody = chat.client.get(f"{chat.base}/files/{attachment['id']}", headers={"Origin": SHOP})
    assert nobody.status_code == 401


@pytest.mark.django_db
def test_files_through_another_widget_key_are_404(chat: Chat) -> None:
    token = chat.session()["visitor_token"]
    attachment = upload(chat, token, "foto.png", PNG, "image/png").json()["message"]["attachments"][0]
    second = make_chat(chat.world, origins=[])
    response = second.client.get(
        f"{second.base}/files/{attachment['id']}", {"v": token}, headers={"Origin": SHOP}
    )
    assert response.status_code == 401


@pytest.mark.django_db(transaction=True)
def test_two_racing_requests_with_one_client_id_store_one_message(chat: Chat) -> None:
    token = chat.session()["visitor_token"]
    client_id = str(uuid.uuid4())
    barrier = threading.Barrier(4)
    results: list[int] = []

    def send() -> None:
        from django.test import Client

        client = Client()
        barrier.wait()
        response = client.post(
            chat.base + "/messages",
            {"client_id": client_id, "text": "aynı anda"},
            content_type="application/json",
            headers={"Origin": SHOP, "X-Visitor-Token": token},
        )
        results.append(response.status_code)
        connection.close()

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count(201) == 1
    assert sorted(results) == [200, 200, 200, 201]
    assert Message.objects.filter(direction="in").count() == 1

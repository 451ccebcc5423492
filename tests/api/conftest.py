from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client


class Api:
    """Django's test client speaking JSON with a bearer token, against the real URLs."""

    def __init__(self, token: str | None = None) -> None:
        self.client = Client()
        self.token = token

    def headers(self, token: str | None) -> dict[str, str]:
        use = token if token is not None else self.token
        return {"Authorization": f"Bearer {use}"} if use else {}

    def get(self, path: str, params: dict[str, Any] | None = None, *, token: str | None = None) -> Any:
        return self.client.get(path, params or {}, headers=self.headers(token))

    def send(self, method: str, path: str, body: Any = None, *, token: str | None = None) -> Any:
        data = b"" if body is None else json.dumps(body).encode()
        return self.client.generic(
            method, path, data, content_type="application/json", headers=self.headers(token)
        )

    def post(self, path: str, body: Any = None, *, token: str | None = None) -> Any:
        return self.send("POST", path, body, token=token)

    def patch(self, path: str, body: Any = None, *, token: str | None = None) -> Any:
        return self.send("PATCH", path, body, token=token)

    def raw(self, method: str, path: str, data: bytes, *, token: str | None = None, **extra: Any) -> Any:
        return self.client.generic(
            method, path, data, content_type="application/json", headers=self.headers(token), **extra
        )


@pytest.fixture
def api() -> Api:
    return Api()


def error_of(response: Any) -> dict[str, Any]:
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    return body["error"]

"""Encryption at rest for credentials a workspace stores (mailbox passwords, API keys).

Fernet (AES-128-CBC + HMAC) from ``cryptography`` with a key derived from SECRET_KEY: a leaked
database dump alone does not reveal the passwords. Rotating SECRET_KEY makes stored secrets
unreadable; ``decrypt_secret`` then returns "" and the settings page asks for them again.
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

PREFIX = "fernet:"


def _fernet() -> Fernet:
    digest = hashlib.sha256(("yanit.secrets:" + settings.SECRET_KEY).encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def encrypt_secret(plain: str) -> str:
    if not plain:
        return ""
    return PREFIX + _fernet().encrypt(plain.encode()).decode()


def decrypt_secret(stored: str) -> str:
    if not stored:
        return ""
    if not stored.startswith(PREFIX):
        return stored  # written by hand (e.g. a fixture): taken as it is
    try:
        return _fernet().decrypt(stored[len(PREFIX) :].encode()).decode()
    except InvalidToken:
        return ""

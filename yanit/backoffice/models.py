from __future__ import annotations

from django.db import models


class LoginFailure(models.Model):
    """One failed sign-in (or password-reset request), kept briefly to slow down guessing.

    Stored in the database rather than a per-process cache so that the limit holds across
    every ``yanit serve`` process behind a load balancer.
    """

    key = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

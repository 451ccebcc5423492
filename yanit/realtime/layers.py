"""The in-process channel layer used when no Redis is configured (one ``yanit serve`` process)."""

from __future__ import annotations

import time

from channels.layers import InMemoryChannelLayer

SWEEP_INTERVAL_SECONDS = 1.0


class SweepingInMemoryChannelLayer(InMemoryChannelLayer):
    """Channels' in-memory layer with its expiry sweep run at most once a second.

    The stock layer walks every channel and every group membership on each ``send``,
    ``group_send`` and ``receive``; with N agent sockets, one event (one receive per socket) costs
    O(N²). Expired messages are only dropped a little later here, which changes nothing for us.
    """

    _last_sweep = 0.0

    def _clean_expired(self) -> None:
        now = time.monotonic()
        if now - self._last_sweep < SWEEP_INTERVAL_SECONDS:
            return
        self._last_sweep = now
        super()._clean_expired()

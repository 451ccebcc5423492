from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def workspace_context(request: HttpRequest) -> dict[str, Any]:
    """The current agent and workspace, set on the request by the web views' access helper."""
    agent = getattr(request, "agent", None)
    return {"agent": agent, "workspace": agent.workspace if agent is not None else None}

"""Who is calling: an agent's API token (``ynt_…``), or for inbound posts also an inbox's own
token (``yin_…``). One indexed query each; tokens are SHA-256 hashed, never password-hashed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from yanit.accounts.models import Agent
from yanit.accounts.services.workspaces import agent_for_token
from yanit.core.errors import Conflict
from yanit.inboxes.models import Inbox
from yanit.inboxes.services.manage import access_inbox, inbox_for_inbound_token


class AgentToken(HttpBearer):
    """``Authorization: Bearer ynt_…``: the agent the token belongs to (so its workspace)."""

    def authenticate(self, request: HttpRequest, token: str) -> Agent | None:
        return agent_for_token(token.strip())


@dataclass(frozen=True)
class InboundCaller:
    inbox: Inbox
    # Set when an agent's token was used instead of the inbox's own token.
    agent: Agent | None = None


class InboundToken(HttpBearer):
    """The inbox's own token (``yin_…``) or an agent token of the inbox's workspace.

    With an agent token an inbox of another workspace is "not found" (404), never "forbidden";
    an inbox token of another inbox is simply not valid here (401).
    """

    def authenticate(self, request: HttpRequest, token: str) -> InboundCaller | None:
        token = token.strip()
        match = request.resolver_match
        inbox_id = match.kwargs.get("inbox_id") if match else None
        if inbox_id is None:
            return None
        if token.startswith("yin_"):
            inbox = inbox_for_inbound_token(int(inbox_id), token)
            return InboundCaller(inbox=inbox) if inbox else None
        agent = agent_for_token(token)
        if agent is None:
            return None
        inbox = access_inbox(agent, inbox_id)
        if not inbox.is_active:
            raise Conflict(_("This inbox is switched off."), code="inbox_inactive")
        # The agent's workspace is already loaded: spare the receive path a query for it.
        inbox.workspace = agent.workspace
        return InboundCaller(inbox=inbox, agent=agent)


def current_agent(request: HttpRequest) -> Agent:
    return cast(Agent, request.auth)  # type: ignore[attr-defined]


def inbound_caller(request: HttpRequest) -> InboundCaller:
    return cast(InboundCaller, request.auth)  # type: ignore[attr-defined]

"""Builders for test data: workspaces with agents, inboxes, inbound messages."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from yanit.accounts.models import Agent, User, Workspace
from yanit.accounts.services.workspaces import do_create_workspace, do_issue_token
from yanit.automation import engine
from yanit.automation.models import Rule
from yanit.contacts.services.identify import ContactClaim
from yanit.conversations.services.receive import InboundMessage, ReceiveResult, do_receive_inbound_message
from yanit.inboxes.models import Inbox
from yanit.inboxes.services.manage import do_create_inbox
from yanit.replies.services.install import install_default_replies

PASSWORD = "dogru-parola-123"
_seq = itertools.count(1)


@dataclass
class World:
    """One workspace with an owner, an agent, an api inbox and their tokens."""

    workspace: Workspace
    owner: Agent
    agent: Agent
    inbox: Inbox
    inbound_token: str
    owner_token: str
    agent_token: str


def make_user(name: str = "", email: str = "") -> User:
    n = next(_seq)
    return User.objects.create_user(email or f"user{n}@example.test", PASSWORD, name=name or f"Kullanıcı {n}")


def make_agent(workspace: Workspace, role: str = Agent.Role.AGENT, name: str = "", email: str = "") -> Agent:
    return Agent.objects.create(workspace=workspace, user=make_user(name, email), role=role)


def make_world(name: str = "Mağaza") -> World:
    owner_user = make_user(f"{name} Sahibi")
    workspace, owner = do_create_workspace(f"{name} {next(_seq)}", owner_user)
    # A new workspace gets its defaults after commit, which tests inside a transaction never
    # reach: the canned responses and macros are installed here. The playbook rules are left out
    # (removed where a transactional test's commit installed them), so rule tests see only the
    # rules they make; tests/automation/test_setup.py covers the real path.
    install_default_replies(workspace)
    if Rule.objects.filter(workspace=workspace).delete()[0]:
        engine.invalidate(workspace.pk)
    agent = make_agent(workspace, name=f"{name} Temsilci")
    inbox, inbound_token = do_create_inbox(owner, name=f"{name} API", channel="api")
    return World(
        workspace=workspace,
        owner=owner,
        agent=agent,
        inbox=inbox,
        inbound_token=inbound_token,
        owner_token=do_issue_token(owner),
        agent_token=do_issue_token(agent),
    )


def receive(
    inbox: Inbox,
    text: str = "Merhaba, siparişim nerede?",
    *,
    email: str = "musteri@example.com",
    name: str = "Ayşe Kaya",
    phone: str = "",
    provider_id: str | None = None,
    external_id: str = "",
) -> ReceiveResult:
    return do_receive_inbound_message(
        inbox,
        InboundMessage(
            contact=ContactClaim(
                name=name, email=email, phone=phone, external_id=external_id, namespace=f"inbox:{inbox.pk}"
            ),
            text=text,
            provider_id=provider_id,
        ),
    )

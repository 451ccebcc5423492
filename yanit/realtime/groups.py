"""Channel-layer group names. Every group is scoped by a workspace or an id in one."""

from __future__ import annotations


def workspace_group(workspace_id: int) -> str:
    return f"ws-{workspace_id}"


def conversation_group(conversation_id: int) -> str:
    return f"conv-{conversation_id}"


def agent_group(agent_id: int) -> str:
    """One agent's sockets only: notifications carry text no other agent may see."""
    return f"agent-{agent_id}"

"""Background jobs of the SLA app."""

from __future__ import annotations

from django.tasks import task

from yanit.sla.timers import recompute_workspace


@task()
def recompute_sla_timers(workspace_id: int) -> int:
    """Business hours or a policy changed: re-time every running clock of the workspace."""
    return recompute_workspace(workspace_id)

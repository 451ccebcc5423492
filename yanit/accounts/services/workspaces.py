"""Workspaces, agents, teams, invitations and API tokens."""

from __future__ import annotations

import secrets
import zoneinfo
from datetime import timedelta

from django.contrib.auth import authenticate
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from yanit.accounts.events import AgentAvailabilityChanged, WorkspaceCreated
from yanit.accounts.models import Agent, ApiToken, Invitation, Team, User, Workspace
from yanit.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from yanit.core.events import publish_on_commit
from yanit.core.text import tr_lower

INVITATION_DAYS = 7
_SLUG_FOLD = str.maketrans({"ı": "i", "ğ": "g", "ü": "u", "ş": "s", "ö": "o", "ç": "c"})


def unique_slug(name: str) -> str:
    base = slugify(tr_lower(name).translate(_SLUG_FOLD))[:50] or "workspace"
    slug, n = base, 1
    while Workspace.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def require_admin(agent: Agent) -> None:
    if not agent.is_admin:
        raise PermissionDenied(_("Only owners and admins can do this."))


@transaction.atomic
def do_create_workspace(name: str, owner: User) -> tuple[Workspace, Agent]:
    name = " ".join(name.split())
    if not name:
        raise ValidationFailed(_("The workspace needs a name."))
    workspace = Workspace.objects.create(name=name[:120], slug=unique_slug(name))
    agent = Agent.objects.create(workspace=workspace, user=owner, role=Agent.Role.OWNER)
    # The shipped canned responses, macros and complaint playbook follow after commit
    # (yanit.automation.setup); installing them is idempotent.
    publish_on_commit(WorkspaceCreated(workspace_id=workspace.pk))
    return workspace, agent


@transaction.atomic
def do_create_admin(email: str, password: str, workspace_name: str, name: str = "") -> Agent:
    """Owner of a workspace (created if needed), for ``yanit createadmin``. Idempotent."""
    email = email.strip().lower()
    if not email or "@" not in email:
        raise ValidationFailed(_("A valid email address is needed."))
    if len(password) < 8:
        raise ValidationFailed(_("The password needs at least 8 characters."))
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, password, name=name or email.split("@")[0])
    else:
        user.set_password(password)
        user.save(update_fields=["password"])
    workspace = Workspace.objects.filter(name=workspace_name).first()
    if workspace is None:
        workspace, agent = do_create_workspace(workspace_name, user)
        return agent
    agent, _created = Agent.objects.get_or_create(
        workspace=workspace, user=user, defaults={"role": Agent.Role.OWNER}
    )
    if agent.role != Agent.Role.OWNER:
        agent.role = Agent.Role.OWNER
        agent.save(update_fields=["role"])
    return agent


def agents_of(user: User) -> list[Agent]:
    return list(
        Agent.objects.filter(user=user, is_active=True)
        .select_related("workspace")
        .order_by("workspace__name")
    )


def access_agent_in(user: User, workspace_id: int | None) -> Agent | None:
    """The user's membership in a workspace, or in their first workspace when none is chosen."""
    agents = Agent.objects.filter(user=user, is_active=True).select_related("workspace", "user")
    if workspace_id is not None:
        agent = agents.filter(workspace_id=workspace_id).first()
        if agent is not None:
            return agent
    return agents.order_by("workspace__name").first()


def do_set_availability(agent: Agent, availability: str) -> Agent:
    if availability not in Agent.Availability.values:
        raise ValidationFailed(_("Unknown availability %(value)s.") % {"value": availability})
    if agent.availability != availability:
        with transaction.atomic():
            agent.availability = availability
            agent.last_seen_at = timezone.now()
            agent.save(update_fields=["availability", "last_seen_at", "updated_at"])
            publish_on_commit(
                AgentAvailabilityChanged(
                    workspace_id=agent.workspace_id, agent_id=agent.pk, availability=availability
                )
            )
    return agent


# --- API tokens ----------------------------------------------------------------------------


def do_issue_token(agent: Agent, name: str = "api") -> str:
    raw = "ynt_" + secrets.token_urlsafe(32)
    ApiToken.objects.create(
        agent=agent,
        workspace_id=agent.workspace_id,
        name=name[:100],
        key_hash=ApiToken.hash_key(raw),
        prefix=raw[:12],
    )
    return raw


def do_issue_token_for_login(email: str, password: str, workspace_slug: str | None = None) -> str:
    user = authenticate(email=email.strip().lower(), password=password)
    if user is None or not isinstance(user, User):
        raise PermissionDenied(_("Wrong email or password."), code="invalid_credentials")
    agents = Agent.objects.filter(user=user, is_active=True).select_related("workspace")
    if workspace_slug:
        agents = agents.filter(workspace__slug=workspace_slug)
    agent = agents.order_by("workspace__name").first()
    if agent is None:
        raise PermissionDenied(_("This account is not a member of that workspace."), code="no_workspace")
    return do_issue_token(agent, name="login")


def agent_for_token(raw: str) -> Agent | None:
    if not raw.startswith("ynt_"):
        return None
    token = (
        ApiToken.objects.filter(key_hash=ApiToken.hash_key(raw), revoked_at__isnull=True)
        .select_related("agent__user", "agent__workspace")
        .first()
    )
    if token is None or not token.agent.is_active or not token.agent.user.is_active:
        return None
    return token.agent


# --- teams ---------------------------------------------------------------------------------


@transaction.atomic
def do_save_team(
    actor: Agent,
    name: str,
    description: str = "",
    member_ids: list[int] | None = None,
    team: Team | None = None,
) -> Team:
    require_admin(actor)
    name = " ".join(name.split())[:120]
    if not name:
        raise ValidationFailed(_("The team needs a name."))
    if team is None:
        team = Team(workspace_id=actor.workspace_id)
    team.name = name
    team.description = description.strip()[:300]
    try:
        with transaction.atomic():
            team.save()
    except IntegrityError:
        raise Conflict(_("A team named %(name)s already exists.") % {"name": name}) from None
    if member_ids is not None:
        members = list(Agent.objects.filter(workspace_id=actor.workspace_id, pk__in=member_ids))
        team.members.set(members)
    return team


def access_team_for(actor: Agent, team_id: int) -> Team:
    team = Team.objects.filter(workspace_id=actor.workspace_id, pk=team_id).first()
    if team is None:
        raise NotFound(_("Team not found."))
    return team


# --- invitations ---------------------------------------------------------------------------


def do_invite_agent(actor: Agent, email: str, role: str = Agent.Role.AGENT) -> tuple[Invitation, str]:
    """An invitation and its raw token; the caller emails the link."""
    require_admin(actor)
    email = email.strip().lower()
    if "@" not in email:
        raise ValidationFailed(_("A valid email address is needed."))
    if role not in Agent.Role.values or (role == Agent.Role.OWNER and actor.role != Agent.Role.OWNER):
        raise ValidationFailed(_("Unknown role %(value)s.") % {"value": role})
    if Agent.objects.filter(workspace_id=actor.workspace_id, user__email=email, is_active=True).exists():
        raise Conflict(_("%(email)s is already in this workspace.") % {"email": email})
    raw = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        workspace_id=actor.workspace_id,
        email=email,
        role=role,
        token_hash=ApiToken.hash_key(raw),
        invited_by=actor,
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
    )
    return invitation, raw


def access_invitation(raw_token: str) -> Invitation:
    invitation = (
        Invitation.objects.filter(token_hash=ApiToken.hash_key(raw_token), accepted_at__isnull=True)
        .select_related("workspace")
        .first()
    )
    if invitation is None or invitation.expires_at < timezone.now():
        raise NotFound(_("This invitation link is invalid or has expired."))
    return invitation


@transaction.atomic
def do_accept_invitation(invitation: Invitation, name: str, password: str, user: User | None = None) -> Agent:
    if user is None:
        user = User.objects.filter(email=invitation.email).first()
    if user is None:
        if len(password) < 8:
            raise ValidationFailed(_("The password needs at least 8 characters."))
        user = User.objects.create_user(
            invitation.email, password, name=name.strip()[:150] or invitation.email
        )
    agent, created = Agent.objects.get_or_create(
        workspace=invitation.workspace, user=user, defaults={"role": invitation.role}
    )
    if not created and not agent.is_active:
        agent.is_active = True
        agent.role = invitation.role
        agent.save(update_fields=["is_active", "role"])
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return agent


def do_update_agent(
    actor: Agent, agent: Agent, *, role: str | None = None, is_active: bool | None = None
) -> Agent:
    require_admin(actor)
    if agent.workspace_id != actor.workspace_id:
        raise NotFound(_("Agent not found."))
    if agent.role == Agent.Role.OWNER and actor.role != Agent.Role.OWNER:
        raise PermissionDenied(_("Only an owner can change another owner."))
    if role is not None:
        if role not in Agent.Role.values:
            raise ValidationFailed(_("Unknown role %(value)s.") % {"value": role})
        if role == Agent.Role.OWNER and actor.role != Agent.Role.OWNER:
            raise PermissionDenied(_("Only an owner can make someone an owner."))
        if agent.role == Agent.Role.OWNER and role != Agent.Role.OWNER:
            _keep_an_owner(agent)
        agent.role = role
    if is_active is not None:
        if not is_active and agent.pk == actor.pk:
            raise ValidationFailed(_("You can't deactivate yourself."))
        if not is_active and agent.role == Agent.Role.OWNER:
            _keep_an_owner(agent)
        agent.is_active = is_active
    agent.save(update_fields=["role", "is_active", "updated_at"])
    return agent


def do_update_workspace(actor: Agent, *, name: str, time_zone: str, language: str) -> Workspace:
    require_admin(actor)
    workspace = actor.workspace
    name = " ".join(name.split())[:120]
    if not name:
        raise ValidationFailed(_("The workspace needs a name."))
    if language not in ("tr", "en"):
        raise ValidationFailed(_("Unknown language %(value)s.") % {"value": language})
    if time_zone not in zoneinfo.available_timezones():
        raise ValidationFailed(_("Unknown time zone %(value)s.") % {"value": time_zone})
    workspace.name, workspace.time_zone, workspace.language = name, time_zone, language
    workspace.save(update_fields=["name", "time_zone", "language", "updated_at"])
    return workspace


def _keep_an_owner(owner: Agent) -> None:
    """A workspace without an active owner could never be administered again."""
    others = Agent.objects.filter(
        workspace_id=owner.workspace_id, role=Agent.Role.OWNER, is_active=True
    ).exclude(pk=owner.pk)
    if not others.exists():
        raise ValidationFailed(_("A workspace needs at least one owner."))


def access_agent_for(actor: Agent, agent_id: int | str) -> Agent:
    try:
        return Agent.objects.select_related("user").get(workspace_id=actor.workspace_id, pk=int(agent_id))
    except (Agent.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("Agent not found.")) from None


def pending_invitations(workspace_id: int) -> list[Invitation]:
    return list(
        Invitation.objects.filter(
            workspace_id=workspace_id, accepted_at__isnull=True, expires_at__gte=timezone.now()
        ).order_by("email")
    )


def access_invitation_for(actor: Agent, invitation_id: int | str) -> Invitation:
    """A still-pending invitation of the actor's workspace (admins only)."""
    require_admin(actor)
    try:
        return Invitation.objects.select_related("workspace").get(
            workspace_id=actor.workspace_id, pk=int(invitation_id), accepted_at__isnull=True
        )
    except (Invitation.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("Invitation not found.")) from None


def do_renew_invitation(actor: Agent, invitation: Invitation) -> str:
    """A fresh token and expiry for a pending invitation (only the hash is kept, so a resend
    needs a new token); the old link stops working. Returns the raw token to email."""
    require_admin(actor)
    if invitation.workspace_id != actor.workspace_id or invitation.accepted_at is not None:
        raise NotFound(_("Invitation not found."))
    raw = secrets.token_urlsafe(32)
    invitation.token_hash = ApiToken.hash_key(raw)
    invitation.expires_at = timezone.now() + timedelta(days=INVITATION_DAYS)
    invitation.save(update_fields=["token_hash", "expires_at", "updated_at"])
    return raw


def do_revoke_invitation(actor: Agent, invitation: Invitation) -> None:
    require_admin(actor)
    if invitation.workspace_id != actor.workspace_id:
        raise NotFound(_("Invitation not found."))
    invitation.delete()


def do_update_profile(user: User, *, name: str | None = None, language: str | None = None) -> User:
    fields: list[str] = []
    if name is not None:
        cleaned = " ".join(name.split())[:150]
        if not cleaned:
            raise ValidationFailed(_("Your name can't be empty."))
        user.name = cleaned
        fields.append("name")
    if language is not None:
        if language not in ("tr", "en"):
            raise ValidationFailed(_("Unknown language %(value)s.") % {"value": language})
        user.language = language
        fields.append("language")
    if fields:
        user.save(update_fields=fields)
    return user

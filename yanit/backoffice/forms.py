"""Forms of the sign-in and settings pages. They validate input; services do the writing."""

from __future__ import annotations

import zoneinfo
from functools import cache
from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from yanit.accounts.models import Agent, Team

LANGUAGE_CHOICES = [("tr", "Türkçe"), ("en", "English")]


@cache
def time_zone_choices() -> list[tuple[str, str]]:
    zones = sorted(z for z in zoneinfo.available_timezones() if "/" in z and not z.startswith("Etc/"))
    return [(z, z.replace("_", " ")) for z in zones]


class LoginForm(AuthenticationForm):
    """Email and password. The field keeps Django's name ``username`` (scripts and tests post it)."""

    username = forms.EmailField(
        label=_("Email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    remember = forms.BooleanField(label=_("Keep me signed in"), required=False, initial=True)

    error_messages = {
        "invalid_login": _("The email address or password is wrong. Check them and try again."),
        "inactive": _("This account has been deactivated. Ask your workspace owner for help."),
    }

    def clean_username(self) -> str:
        return str(self.cleaned_data["username"]).strip().lower()


class LanguageForm(forms.Form):
    language = forms.ChoiceField(choices=LANGUAGE_CHOICES)
    next = forms.CharField(required=False)


class ProfileForm(forms.Form):
    name = forms.CharField(label=_("Full name"), max_length=150)
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES)


class WorkspaceForm(forms.Form):
    name = forms.CharField(label=_("Workspace name"), max_length=120)
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=time_zone_choices)
    language = forms.ChoiceField(
        label=_("Default language"),
        choices=LANGUAGE_CHOICES,
        help_text=_("Used for new members' invitations and for customers who haven't chosen one."),
    )


def role_choices(actor: Agent) -> list[tuple[str, Any]]:
    # Only an owner may hand out the owner role.
    return [
        (value, label)
        for value, label in Agent.Role.choices
        if value != Agent.Role.OWNER or actor.role == Agent.Role.OWNER
    ]


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Email"))
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args: Any, actor: Agent, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = role_choices(actor)  # type: ignore[attr-defined]
        self.fields["role"].initial = Agent.Role.AGENT


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args: Any, actor: Agent, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = role_choices(actor)  # type: ignore[attr-defined]


class AgentsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Team name"), max_length=120)
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    members = AgentsField(
        label=_("Members"), queryset=Agent.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, workspace_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = self.fields["members"]
        assert isinstance(members, forms.ModelMultipleChoiceField)
        members.queryset = Agent.objects.filter(workspace_id=workspace_id, is_active=True).select_related(
            "user"
        )


class InboxForm(forms.Form):
    name = forms.CharField(label=_("Inbox name"), max_length=120)
    team = forms.ModelChoiceField(
        label=_("Team"),
        queryset=Team.objects.none(),
        required=False,
        empty_label=_("No team"),
        help_text=_("New conversations in this inbox go to this team."),
    )
    webhook_url = forms.URLField(
        label=_("Webhook URL"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("Agents' replies are POSTed here, signed with the webhook secret (Standard Webhooks)."),
    )

    def __init__(self, *args: Any, workspace_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        team = self.fields["team"]
        assert isinstance(team, forms.ModelChoiceField)
        team.queryset = Team.objects.filter(workspace_id=workspace_id)


class NewAccountForm(forms.Form):
    """Accepting an invitation without an account: name and a password."""

    name = forms.CharField(label=_("Full name"), max_length=150)
    password1 = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("Password again"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords don't match."))
        elif first:
            try:
                password_validation.validate_password(first)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data

"""Forms of the canned-response and macro settings pages. They shape input; the replies
services validate and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from yanit.accounts.models import Agent, Team
from yanit.conversations.models import Conversation
from yanit.replies.models import CannedResponse, Step
from yanit.replies.services.canned import CannedInput, visible_canned
from yanit.replies.services.macros import ASSIGN_SELF, MACRO_STATUSES, MacroInput

KEEP = ""
UNASSIGN = "none"


class CannedForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    shortcut = forms.CharField(
        label=_("Shortcut"),
        max_length=60,
        required=False,
        help_text=_("Typed after / in the reply box, e.g. kargo-gecikme. Left empty, made from the title."),
    )
    category = forms.ChoiceField(label=_("Category"), choices=Step.choices, initial=Step.SOLUTION)
    complaint_tag = forms.CharField(
        label=_("Complaint tag"),
        max_length=60,
        required=False,
        help_text=_("For complaint responses: the complaint category tag they answer, e.g. kargo gecikmesi."),
    )
    body_tr = forms.CharField(
        label=_("Turkish text"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    body_en = forms.CharField(
        label=_("English text"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    shared = forms.BooleanField(
        label=_("Shared with the whole team"),
        required=False,
        help_text=_("Unticked, only you see and use it."),
    )

    def __init__(self, *args: Any, actor: Agent, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not actor.is_admin:
            # Agents keep personal responses only.
            del self.fields["shared"]

    @classmethod
    def initial_of(cls, canned: CannedResponse) -> dict[str, Any]:
        return {
            "title": canned.title,
            "shortcut": canned.shortcut,
            "category": canned.category,
            "complaint_tag": canned.complaint_tag,
            "body_tr": canned.body_tr,
            "body_en": canned.body_en,
            "shared": canned.is_shared,
        }

    def to_input(self) -> CannedInput:
        data = self.cleaned_data
        return CannedInput(
            title=data["title"],
            shortcut=data["shortcut"],
            category=data["category"],
            complaint_tag=data["complaint_tag"],
            body_tr=data["body_tr"],
            body_en=data["body_en"],
            shared=bool(data.get("shared", False)),
        )


def _tag_list(raw: str) -> list[str]:
    return [part.strip() for part in (raw or "").split(",") if part.strip()]


class MacroForm(forms.Form):
    """One field per kind of action. They run in the order shown."""

    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    reply = forms.ChoiceField(label=_("Reply with a canned response"), required=False)
    add_tags = forms.CharField(
        label=_("Add tags"), required=False, help_text=_("Separate tags with commas."), max_length=600
    )
    remove_tags = forms.CharField(label=_("Remove tags"), required=False, max_length=600)
    set_status = forms.ChoiceField(label=_("Set status"), required=False)
    set_priority = forms.ChoiceField(label=_("Set priority"), required=False)
    assign_agent = forms.ChoiceField(label=_("Assign to agent"), required=False)
    assign_team = forms.ChoiceField(label=_("Assign to team"), required=False)
    note = forms.CharField(
        label=_("Add an internal note"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Variables such as {{ contact.first_name }} work here too."),
    )
    shared = forms.BooleanField(label=_("Shared with the whole team"), required=False)

    def __init__(self, *args: Any, actor: Agent, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        keep = (KEEP, _("— no change —"))
        canned = visible_canned(actor).order_by("category", "title")
        if not actor.is_admin:
            del self.fields["shared"]
        reply_choices: list[tuple[str, Any]] = [(KEEP, _("— no reply —"))]
        reply_choices += [(str(c.pk), f"{c.title} (/{c.shortcut})") for c in canned]
        self._choices("reply", reply_choices)
        status_labels = dict(Conversation.Status.choices)
        self._choices("set_status", [keep] + [(s, status_labels[s]) for s in MACRO_STATUSES])
        priority_names = ("low", "normal", "high", "urgent")
        self._choices("set_priority", [keep, *zip(priority_names, Conversation.Priority.labels, strict=True)])
        agents = Agent.objects.filter(workspace_id=actor.workspace_id, is_active=True).select_related("user")
        agent_choices: list[tuple[str, Any]] = [
            keep,
            (ASSIGN_SELF, _("The agent who applies the macro")),
            (UNASSIGN, _("Nobody (unassign)")),
        ]
        agent_choices += [(str(a.pk), a.name) for a in agents.order_by("user__name")]
        self._choices("assign_agent", agent_choices)
        teams = Team.objects.filter(workspace_id=actor.workspace_id).order_by("name")
        self._choices("assign_team", [keep, (UNASSIGN, _("No team")), *((str(t.pk), t.name) for t in teams)])

    def _choices(self, name: str, choices: list[tuple[str, Any]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    @classmethod
    def initial_of(
        cls, name: str, description: str, shared: bool, actions: list[dict[str, Any]]
    ) -> dict[str, Any]:
        initial: dict[str, Any] = {"name": name, "description": description, "shared": shared}
        for action in actions:
            kind = action.get("type")
            if kind == "reply":
                initial["reply"] = str(action["canned_id"])
            elif kind in ("add_tags", "remove_tags"):
                initial[kind] = ", ".join(action["tags"])
            elif kind == "set_status":
                initial["set_status"] = action["status"]
            elif kind == "set_priority":
                names = ("low", "normal", "high", "urgent")
                initial["set_priority"] = names[int(action["priority"])]
            elif kind == "assign_agent":
                value = action["agent_id"]
                initial["assign_agent"] = UNASSIGN if value is None else str(value)
            elif kind == "assign_team":
                initial["assign_team"] = UNASSIGN if action["team_id"] is None else str(action["team_id"])
            elif kind == "note":
                initial["note"] = action["text"]
        return initial

    def to_input(self) -> MacroInput:
        data = self.cleaned_data
        actions: list[dict[str, Any]] = []
        if data["reply"]:
            actions.append({"type": "reply", "canned_id": data["reply"]})
        if _tag_list(data["add_tags"]):
            actions.append({"type": "add_tags", "tags": _tag_list(data["add_tags"])})
        if _tag_list(data["remove_tags"]):
            actions.append({"type": "remove_tags", "tags": _tag_list(data["remove_tags"])})
        if data["set_status"]:
            actions.append({"type": "set_status", "status": data["set_status"]})
        if data["set_priority"]:
            actions.append({"type": "set_priority", "priority": data["set_priority"]})
        if data["assign_agent"]:
            value = data["assign_agent"]
            actions.append({"type": "assign_agent", "agent_id": None if value == UNASSIGN else value})
        if data["assign_team"]:
            value = data["assign_team"]
            actions.append({"type": "assign_team", "team_id": None if value == UNASSIGN else value})
        if data["note"].strip():
            actions.append({"type": "note", "text": data["note"]})
        return MacroInput(
            name=data["name"],
            description=data["description"],
            actions=actions,
            shared=bool(data.get("shared", False)),
        )

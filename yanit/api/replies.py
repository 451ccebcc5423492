"""Canned responses and macros: list (with Turkish-folded ``?q=`` search), create, change,
delete, render a canned response for a conversation, apply a macro to a conversation.

Shared entries are managed by admins; every agent manages their own personal ones and never
sees anyone else's."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from yanit.api.conversations import ConversationOut, PriorityName, present_conversation
from yanit.api.schemas import COMMON_ERRORS, ErrorOut, Id, Timestamp
from yanit.api.security import current_agent
from yanit.conversations.models import PRIORITY_NAMES
from yanit.conversations.services.access import access_conversation
from yanit.replies.models import CannedResponse, Macro
from yanit.replies.services.canned import (
    MAX_BODY_CHARS,
    CannedInput,
    access_canned,
    access_canned_for_change,
    do_delete_canned,
    do_record_canned_use,
    do_save_canned,
    render_canned_result,
    search_canned,
)
from yanit.replies.services.macros import (
    MAX_NOTE_CHARS,
    MacroInput,
    access_macro,
    access_macro_for_change,
    apply_macro,
    do_delete_macro,
    do_save_macro,
    visible_macros,
)
from yanit.replies.services.variables import conversation_language

router = Router(tags=["canned responses and macros"])
ERRORS = {**COMMON_ERRORS, 403: ErrorOut}

Category = Literal["greeting", "understanding", "acknowledging", "solution", "closing", "complaint"]


class CannedOut(Schema):
    id: int
    title: str
    shortcut: str = Field(description="Typed after / in the composer")
    category: Category = Field(description="A step of the interaction cycle, or complaint")
    complaint_tag: str = Field(description="For complaint responses: the complaint category tag")
    body_tr: str
    body_en: str
    shared: bool = Field(description="false: personal, only its owner sees it")
    owner_id: int | None
    usage_count: int
    created_at: Timestamp
    updated_at: Timestamp


class CannedIn(Schema):
    title: str = Field(max_length=120)
    shortcut: str = Field(default="", max_length=60, description="Made from the title when empty")
    category: Category = "solution"
    complaint_tag: str = Field(default="", max_length=60)
    body_tr: str = Field(default="", max_length=MAX_BODY_CHARS)
    body_en: str = Field(default="", max_length=MAX_BODY_CHARS)
    shared: bool = Field(default=False, description="Shared ones need an admin")


class CannedPatch(Schema):
    title: str | None = Field(default=None, max_length=120)
    shortcut: str | None = Field(default=None, max_length=60)
    category: Category | None = None
    complaint_tag: str | None = Field(default=None, max_length=60)
    body_tr: str | None = Field(default=None, max_length=MAX_BODY_CHARS)
    body_en: str | None = Field(default=None, max_length=MAX_BODY_CHARS)
    shared: bool | None = None


class CannedFilter(Schema):
    q: str = Field(default="", max_length=200, description="Turkish-folded: 'ozur' finds 'özür'")
    category: Category | None = None
    owner: Literal["shared", "mine"] | None = None
    limit: int = Field(default=50, ge=1, le=500)


class RenderIn(Schema):
    conversation_id: Id
    language: Literal["tr", "en"] | None = Field(
        default=None, description="Default: the contact's language, else guessed from their last message"
    )
    record_use: bool = Field(default=False, description="Count this as a use (when you send the text)")


class RenderOut(Schema):
    text: str
    language: Literal["tr", "en"]
    unknown_variables: list[str] = Field(description="Left in the text as written")


class ReplyAction(Schema):
    type: Literal["reply"]
    canned_id: Id


class TagsAction(Schema):
    type: Literal["add_tags", "remove_tags"]
    tags: list[Annotated[str, Field(max_length=60)]] = Field(min_length=1, max_length=30)


class StatusAction(Schema):
    type: Literal["set_status"]
    status: Literal["open", "pending", "resolved"]


class PriorityAction(Schema):
    type: Literal["set_priority"]
    priority: PriorityName


class AssignAgentAction(Schema):
    type: Literal["assign_agent"]
    agent_id: Id | Literal["me"] | None = Field(description='"me": who applies the macro; null unassigns')


class AssignTeamAction(Schema):
    type: Literal["assign_team"]
    team_id: Id | None = Field(description="null removes the team")


class NoteAction(Schema):
    type: Literal["note"]
    text: str = Field(max_length=MAX_NOTE_CHARS)


MacroAction = Annotated[
    ReplyAction
    | TagsAction
    | StatusAction
    | PriorityAction
    | AssignAgentAction
    | AssignTeamAction
    | NoteAction,
    Field(discriminator="type"),
]


class MacroOut(Schema):
    id: int
    name: str
    description: str
    actions: list[MacroAction] = Field(description="Run in this order")
    shared: bool
    owner_id: int | None
    usage_count: int
    created_at: Timestamp
    updated_at: Timestamp


class MacroIn(Schema):
    name: str = Field(max_length=120)
    description: str = Field(default="", max_length=300)
    actions: list[MacroAction] = Field(min_length=1, max_length=20)
    shared: bool = False


class MacroPatch(Schema):
    name: str | None = Field(default=None, max_length=120)
    description: str | None = Field(default=None, max_length=300)
    actions: list[MacroAction] | None = Field(default=None, min_length=1, max_length=20)
    shared: bool | None = None


class ApplyIn(Schema):
    conversation_id: Id


def present_canned(canned: CannedResponse) -> dict[str, Any]:
    return {
        "id": canned.pk,
        "title": canned.title,
        "shortcut": canned.shortcut,
        "category": canned.category,
        "complaint_tag": canned.complaint_tag,
        "body_tr": canned.body_tr,
        "body_en": canned.body_en,
        "shared": canned.is_shared,
        "owner_id": canned.owner_id,
        "usage_count": canned.usage_count,
        "created_at": canned.created_at,
        "updated_at": canned.updated_at,
    }


def present_action(action: dict[str, Any]) -> dict[str, Any]:
    if action.get("type") == "set_priority" and isinstance(action.get("priority"), int):
        return {**action, "priority": PRIORITY_NAMES[action["priority"]]}
    return action


def present_macro(macro: Macro) -> dict[str, Any]:
    return {
        "id": macro.pk,
        "name": macro.name,
        "description": macro.description,
        "actions": [present_action(a) for a in macro.actions],
        "shared": macro.is_shared,
        "owner_id": macro.owner_id,
        "usage_count": macro.usage_count,
        "created_at": macro.created_at,
        "updated_at": macro.updated_at,
    }


@router.get(
    "/canned-responses", response={200: list[CannedOut], **ERRORS}, summary="Canned responses you can use"
)
def list_canned(request: HttpRequest, filters: Query[CannedFilter]) -> list[dict[str, Any]]:
    agent = current_agent(request)
    found = search_canned(
        agent, filters.q, category=filters.category, owner=filters.owner, limit=filters.limit
    )
    return [present_canned(c) for c in found]


@router.post("/canned-responses", response={201: CannedOut, **ERRORS}, summary="Create a canned response")
def create_canned(request: HttpRequest, payload: CannedIn) -> Status:
    canned = do_save_canned(current_agent(request), CannedInput(**payload.model_dump()))
    return Status(201, present_canned(canned))


@router.get(
    "/canned-responses/{int:canned_id}", response={200: CannedOut, **ERRORS}, summary="One canned response"
)
def get_canned(request: HttpRequest, canned_id: int) -> dict[str, Any]:
    return present_canned(access_canned(current_agent(request), canned_id))


@router.patch(
    "/canned-responses/{int:canned_id}",
    response={200: CannedOut, **ERRORS},
    summary="Change a canned response",
)
def update_canned(request: HttpRequest, canned_id: int, payload: CannedPatch) -> dict[str, Any]:
    agent = current_agent(request)
    canned = access_canned_for_change(agent, canned_id)
    values: dict[str, Any] = {
        "title": canned.title,
        "shortcut": canned.shortcut,
        "category": canned.category,
        "complaint_tag": canned.complaint_tag,
        "body_tr": canned.body_tr,
        "body_en": canned.body_en,
        "shared": canned.is_shared,
    }
    values.update(payload.model_dump(exclude_none=True))
    return present_canned(do_save_canned(agent, CannedInput(**values), canned))


@router.delete(
    "/canned-responses/{int:canned_id}", response={204: None, **ERRORS}, summary="Delete a canned response"
)
def delete_canned(request: HttpRequest, canned_id: int) -> Status:
    agent = current_agent(request)
    do_delete_canned(agent, access_canned_for_change(agent, canned_id))
    return Status(204, None)


@router.post(
    "/canned-responses/{int:canned_id}/render",
    response={200: RenderOut, **ERRORS},
    summary="The text for a conversation, variables filled",
)
def render_for_conversation(request: HttpRequest, canned_id: int, payload: RenderIn) -> dict[str, Any]:
    agent = current_agent(request)
    canned = access_canned(agent, canned_id)
    conversation = access_conversation(agent, payload.conversation_id)
    language = payload.language or conversation_language(conversation)
    result = render_canned_result(canned, conversation, agent, language=language)
    if payload.record_use:
        do_record_canned_use(canned, conversation, agent)
    return {"text": result.text, "language": language, "unknown_variables": list(result.unknown)}


@router.get("/macros", response={200: list[MacroOut], **ERRORS}, summary="Macros you can apply")
def list_macros(request: HttpRequest) -> list[dict[str, Any]]:
    agent = current_agent(request)
    return [present_macro(m) for m in visible_macros(agent).order_by("name")]


def _actions(raw: list[Any]) -> list[dict[str, Any]]:
    return [a.model_dump() for a in raw]


@router.post("/macros", response={201: MacroOut, **ERRORS}, summary="Create a macro")
def create_macro(request: HttpRequest, payload: MacroIn) -> Status:
    data = MacroInput(
        name=payload.name,
        description=payload.description,
        actions=_actions(payload.actions),
        shared=payload.shared,
    )
    return Status(201, present_macro(do_save_macro(current_agent(request), data)))


@router.get("/macros/{int:macro_id}", response={200: MacroOut, **ERRORS}, summary="One macro")
def get_macro(request: HttpRequest, macro_id: int) -> dict[str, Any]:
    return present_macro(access_macro(current_agent(request), macro_id))


@router.patch("/macros/{int:macro_id}", response={200: MacroOut, **ERRORS}, summary="Change a macro")
def update_macro(request: HttpRequest, macro_id: int, payload: MacroPatch) -> dict[str, Any]:
    agent = current_agent(request)
    macro = access_macro_for_change(agent, macro_id)
    data = MacroInput(
        name=payload.name if payload.name is not None else macro.name,
        description=payload.description if payload.description is not None else macro.description,
        actions=_actions(payload.actions) if payload.actions is not None else list(macro.actions),
        shared=payload.shared if payload.shared is not None else macro.is_shared,
    )
    return present_macro(do_save_macro(agent, data, macro))


@router.delete("/macros/{int:macro_id}", response={204: None, **ERRORS}, summary="Delete a macro")
def delete_macro(request: HttpRequest, macro_id: int) -> Status:
    agent = current_agent(request)
    do_delete_macro(agent, access_macro_for_change(agent, macro_id))
    return Status(204, None)


@router.post(
    "/macros/{int:macro_id}/apply",
    response={200: ConversationOut, **ERRORS},
    summary="Apply a macro to a conversation (one transaction)",
)
def apply_to_conversation(request: HttpRequest, macro_id: int, payload: ApplyIn) -> dict[str, Any]:
    agent = current_agent(request)
    macro = access_macro(agent, macro_id)
    conversation = access_conversation(agent, payload.conversation_id)
    apply_macro(agent, conversation, macro)
    return present_conversation(access_conversation(agent, payload.conversation_id))

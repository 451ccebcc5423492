"""Rule builder pages and the conversation page's automation parts, through the test client."""

from __future__ import annotations

import pytest
from django.utils import translation

from tests.automation.conftest import ClientFor
from tests.automation.helpers import kw, make_rule
from tests.factories import World, receive
from yanit.automation.engine import compile_rule, run_rules
from yanit.automation.models import ReplySuggestion, Rule
from yanit.automation.playbook import install_default_rules
from yanit.replies.models import CannedResponse

pytestmark = pytest.mark.django_db


def rule_post(**extra: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "Kargo şikayeti",
        "description": "Kargo kelimesi geçen mesajlar",
        "trigger": "message_received",
        "match": "all",
        "enabled": "1",
        "c_rows": ["k1"],
        "ck1_field": "message_text",
        "ck1_op": "contains_any",
        "ck1_value": "kargo\nhala gelmedi",
        "a_rows": ["x1", "x2"],
        "ax1_type": "set_priority",
        "ax1_priority": "high",
        "ax2_type": "add_tags",
        "ax2_tags": "kargo gecikmesi, acil",
    }
    data.update(extra)
    return data


def test_admin_creates_a_rule_from_the_form(world: World, client_for: ClientFor) -> None:
    client = client_for(world.owner)
    assert client.get("/settings/rules/new/").status_code == 200
    response = client.post("/settings/rules/new/", rule_post())
    assert response.status_code == 302
    rule = Rule.objects.get()
    assert (rule.name, rule.trigger, rule.enabled, rule.created_by_id) == (
        "Kargo şikayeti",
        "message_received",
        True,
        world.owner.pk,
    )
    assert rule.conditions == {
        "match": "all",
        "conditions": [{"field": "message_text", "op": "contains_any", "value": ["kargo", "hala gelmedi"]}],
    }
    assert rule.actions == [
        {"type": "set_priority", "priority": "high", "raise_only": False},
        {"type": "add_tags", "tags": ["kargo gecikmesi", "acil"]},
    ]
    page = client.get("/settings/rules/").content.decode()
    assert "Kargo şikayeti" in page
    edit = client.get(f"/settings/rules/{rule.pk}/").content.decode()
    assert "hala gelmedi" in edit
    assert "kargo gecikmesi, acil" in edit


def test_errors_are_shown_on_their_row_and_input_kept(world: World, client_for: ClientFor) -> None:
    client = client_for(world.owner)
    with translation.override("en"):
        response = client.post(
            "/settings/rules/new/", rule_post(ck1_op="matches", ck1_value="(["), HTTP_ACCEPT_LANGUAGE="en"
        )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-testid="row-error"' in html
    assert "This pattern is not valid" in html or "Bu desen geçerli değil" in html
    assert 'value="Kargo şikayeti"' in html
    assert Rule.objects.count() == 0


def test_condition_row_changes_its_widgets_with_the_field(world: World, client_for: ClientFor) -> None:
    client = client_for(world.owner)
    priority = client.get(
        "/settings/rules/condition-row/", {"index": "ab12", "cab12_field": "priority"}
    ).content.decode()
    assert 'name="cab12_value"' in priority
    assert '<option value="urgent"' in priority
    inbox = client.get(
        "/settings/rules/condition-row/", {"index": "ab12", "cab12_field": "inbox"}
    ).content.decode()
    assert f'name="cab12_values" value="{world.inbox.pk}"' in inbox
    keywords = client.get(
        "/settings/rules/condition-row/", {"index": "ab12", "cab12_field": "message_text"}
    ).content.decode()
    assert "<textarea" in keywords
    action = client.get("/settings/rules/action-row/", {"index": "q1", "aq1_type": "notify"}).content.decode()
    assert 'name="aq1_target"' in action
    assert 'name="aq1_team_id"' in action


def test_dry_run_shows_which_conditions_match(world: World, client_for: ClientFor) -> None:
    c = receive(world.inbox, "kargom gelmedi").conversation
    client = client_for(world.owner)
    data = rule_post(
        c_rows=["k1", "k2"], ck2_field="priority", ck2_op="is", ck2_value="urgent", test_number=str(c.number)
    )
    with translation.override("en"):
        html = client.post("/settings/rules/dry-run/", data, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert html.count('class="ok"') == 1
    assert html.count('class="no"') == 1
    assert Rule.objects.count() == 0
    assert c.tags.count() == 0


def test_toggle_move_delete(world: World, client_for: ClientFor) -> None:
    first = make_rule(world.owner, name="Bir")
    second = make_rule(world.owner, name="İki")
    client = client_for(world.owner)
    client.post(f"/settings/rules/{first.pk}/toggle/", {"enabled": "0"})
    assert Rule.objects.get(pk=first.pk).enabled is False
    client.post(f"/settings/rules/{second.pk}/move/", {"direction": "up"})
    assert list(Rule.objects.order_by("position").values_list("name", flat=True)) == ["İki", "Bir"]
    client.post(f"/settings/rules/{first.pk}/delete/")
    assert list(Rule.objects.values_list("name", flat=True)) == ["İki"]


def test_playbook_button(world: World, client_for: ClientFor) -> None:
    client = client_for(world.owner)
    client.post("/settings/rules/playbook/")
    client.post("/settings/rules/playbook/")
    assert Rule.objects.filter(workspace=world.workspace).count() == 9


def test_agents_read_rules_but_cannot_change_them(world: World, client_for: ClientFor) -> None:
    rule = make_rule(world.owner, name="Gizli değil")
    client = client_for(world.agent)
    page = client.get("/settings/rules/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Gizli değil" in html
    assert 'data-testid="read-only"' in html
    assert 'data-testid="new-rule"' not in html
    assert client.get("/settings/rules/new/").status_code == 403
    assert client.get(f"/settings/rules/{rule.pk}/").status_code == 403
    assert client.post("/settings/rules/new/", rule_post()).status_code == 403
    assert client.post(f"/settings/rules/{rule.pk}/toggle/", {"enabled": "0"}).status_code == 403
    assert client.post(f"/settings/rules/{rule.pk}/delete/").status_code == 403
    assert client.post("/settings/rules/playbook/").status_code == 403
    assert client.post("/settings/rules/dry-run/", rule_post()).status_code == 403
    assert Rule.objects.get(pk=rule.pk).enabled is True


def test_other_workspace_rules_are_404(world: World, other_world: World, client_for: ClientFor) -> None:
    theirs = make_rule(other_world.owner)
    client = client_for(world.owner)
    assert client.get(f"/settings/rules/{theirs.pk}/").status_code == 404
    assert client.post(f"/settings/rules/{theirs.pk}/delete/").status_code == 404
    assert Rule.objects.filter(pk=theirs.pk).exists()


def test_why_did_this_happen_lists_runs(world: World, other_world: World, client_for: ClientFor) -> None:
    c = receive(world.inbox, "kargom gelmedi").conversation
    hit = make_rule(
        world.owner, name="Kargo", conditions=[kw("kargo")], actions=[{"type": "add_tags", "tags": ["kargo"]}]
    )
    miss = make_rule(
        world.owner, name="Kargo ve iade", conditions=[kw("kargo"), kw("iade")], actions=[{"type": "resolve"}]
    )
    run_rules(
        world.workspace.pk,
        "message_received",
        c.pk,
        message_id=c.messages.get().pk,
        only=[compile_rule(hit), compile_rule(miss)],
    )
    client = client_for(world.agent)
    with translation.override("en"):
        html = client.get(f"/c/{c.pk}/rules/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert html.count('data-testid="rule-run"') == 2
    assert "Kargo ve iade" in html
    assert "Kargo" in html
    assert html.count("✓") == 2
    assert html.count("✗") == 1
    assert client_for(other_world.agent).get(f"/c/{c.pk}/rules/").status_code == 404


def test_suggested_reply_is_shown_and_handled(world: World, client_for: ClientFor) -> None:
    install_default_rules(world.workspace)
    canned = CannedResponse.objects.get(workspace=world.workspace, complaint_tag="kargo gecikmesi")
    c = receive(world.inbox, "kargom gelmedi", name="Ayşe Kaya").conversation
    suggestion = ReplySuggestion.objects.create(workspace=world.workspace, conversation=c, canned=canned)
    client = client_for(world.agent)
    html = client.get(f"/c/{c.pk}/thread/").content.decode()
    assert 'data-testid="suggestion"' in html
    assert "Ayşe" in html
    response = client.post(f"/suggestions/{suggestion.pk}/", {"used": "1"})
    assert response.status_code == 200
    suggestion.refresh_from_db()
    assert suggestion.handled_at is not None
    assert CannedResponse.objects.get(pk=canned.pk).usage_count == 1
    assert 'data-testid="suggestion"' not in client.get(f"/c/{c.pk}/thread/").content.decode()

from django.contrib.auth.views import LogoutView
from django.urls import path

from yanit.backoffice.views import (
    account,
    auth,
    inbox_email,
    inbox_form,
    inbox_webchat,
    inboxes,
    invitations,
    notifications,
    replies,
    rules,
    sla,
    workspace,
)

app_name = "backoffice"

urlpatterns = [
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", LogoutView.as_view(), name="logout"),  # POST only; goes to LOGOUT_REDIRECT_URL
    path("password-reset/", auth.PasswordResetView.as_view(), name="password_reset"),
    path("password-reset/sent/", auth.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        auth.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("password-reset/done/", auth.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("language/", auth.switch_language, name="language"),
    path("invite/<str:token>/", invitations.accept_invitation, name="invite"),
    path("account/availability/", account.set_availability, name="availability"),
    path("account/workspace/", account.switch_workspace, name="switch_workspace"),
    path("settings/", workspace.settings_home, name="settings"),
    path("settings/profile/", account.profile, name="profile"),
    path("settings/profile/password/", account.change_password, name="change_password"),
    path("settings/notifications/", notifications.notification_settings, name="notification_settings"),
    path("settings/workspace/", workspace.workspace_settings, name="workspace"),
    path("settings/agents/", workspace.agent_list, name="agents"),
    path("settings/agents/invite/", invitations.invite, name="invite_agent"),
    path("settings/agents/<int:agent_id>/", workspace.agent_update, name="agent_update"),
    path(
        "settings/invitations/<int:invitation_id>/resend/",
        invitations.resend_invitation,
        name="resend_invitation",
    ),
    path(
        "settings/invitations/<int:invitation_id>/revoke/",
        invitations.revoke_invitation,
        name="revoke_invitation",
    ),
    path("settings/teams/", workspace.team_list, name="teams"),
    path("settings/teams/<int:team_id>/", workspace.team_edit, name="team"),
    path("settings/inboxes/", inboxes.inbox_list, name="inboxes"),
    path("settings/inboxes/new/", inboxes.inbox_create, name="inbox_new"),
    path("settings/inboxes/<int:inbox_id>/", inboxes.inbox_edit, name="inbox"),
    path(
        "settings/inboxes/<int:inbox_id>/rotate-token/", inboxes.inbox_rotate_token, name="inbox_rotate_token"
    ),
    path(
        "settings/inboxes/<int:inbox_id>/rotate-secret/",
        inboxes.inbox_rotate_secret,
        name="inbox_rotate_secret",
    ),
    path("settings/inboxes/new/webchat/", inbox_webchat.inbox_new_webchat, name="inbox_new_webchat"),
    path("settings/inboxes/<int:inbox_id>/webchat/", inbox_webchat.inbox_webchat, name="inbox_webchat"),
    path(
        "settings/inboxes/<int:inbox_id>/webchat/rotate-secret/",
        inbox_webchat.inbox_webchat_rotate_secret,
        name="inbox_webchat_rotate_secret",
    ),
    path("settings/inboxes/<int:inbox_id>/deliveries/", inboxes.inbox_deliveries, name="inbox_deliveries"),
    path("settings/canned/", replies.canned_list, name="canned"),
    path("settings/canned/new/", replies.canned_new, name="canned_new"),
    path("settings/canned/<int:canned_id>/", replies.canned_edit, name="canned_edit"),
    path("settings/canned/<int:canned_id>/delete/", replies.canned_delete, name="canned_delete"),
    path("settings/macros/", replies.macro_list, name="macros"),
    path("settings/macros/new/", replies.macro_new, name="macro_new"),
    path("settings/macros/<int:macro_id>/", replies.macro_edit, name="macro_edit"),
    path("settings/macros/<int:macro_id>/delete/", replies.macro_delete, name="macro_delete"),
    path("settings/hours/", sla.business_hours, name="business_hours"),
    path("settings/hours/holiday/", sla.holiday_toggle, name="holiday_toggle"),
    path("settings/hours/closures/", sla.closure_add, name="closure_add"),
    path("settings/hours/closures/<int:closure_id>/delete/", sla.closure_delete, name="closure_delete"),
    path("settings/hours/team-reset/", sla.team_hours_reset, name="team_hours_reset"),
    path("settings/rules/", rules.rule_list, name="rules"),
    path("settings/rules/new/", rules.rule_edit, name="rule_new"),
    path("settings/rules/<int:rule_id>/", rules.rule_edit, name="rule"),
    path("settings/rules/<int:rule_id>/toggle/", rules.rule_toggle, name="rule_toggle"),
    path("settings/rules/<int:rule_id>/move/", rules.rule_move, name="rule_move"),
    path("settings/rules/<int:rule_id>/delete/", rules.rule_delete, name="rule_delete"),
    path("settings/rules/condition-row/", rules.condition_row_partial, name="rule_condition_row"),
    path("settings/rules/action-row/", rules.action_row_partial, name="rule_action_row"),
    path("settings/rules/dry-run/", rules.rule_dry_run, name="rule_dry_run"),
    path("settings/rules/playbook/", rules.playbook_install, name="rule_playbook"),
    path("settings/sla/", sla.policy_list, name="sla_policies"),
    path("settings/sla/new/", sla.policy_edit, name="sla_policy_new"),
    path("settings/sla/<int:policy_id>/", sla.policy_edit, name="sla_policy"),
    path("settings/sla/<int:policy_id>/move/", sla.policy_move, name="sla_policy_move"),
    path("settings/sla/<int:policy_id>/delete/", sla.policy_delete, name="sla_policy_delete"),
    path("settings/inboxes/new/form/", inbox_form.inbox_new_form, name="inbox_new_form"),
    path("settings/inboxes/<int:inbox_id>/form/", inbox_form.inbox_form, name="inbox_form"),
    path(
        "settings/inboxes/<int:inbox_id>/form/rotate/", inbox_form.inbox_form_rotate, name="inbox_form_rotate"
    ),
    path("settings/inboxes/new/email/", inbox_email.inbox_new_email, name="inbox_new_email"),
    path(
        "settings/inboxes/new/email/check/", inbox_email.inbox_new_email_check, name="inbox_new_email_check"
    ),
    path("settings/inboxes/<int:inbox_id>/email/", inbox_email.inbox_email, name="inbox_email"),
    path(
        "settings/inboxes/<int:inbox_id>/email/check/",
        inbox_email.inbox_email_check,
        name="inbox_email_check",
    ),
]

from django.urls import path

from yanit.web.views import (
    automation,
    chat,
    contact,
    conversation,
    email,
    files,
    inbox,
    kb_suggestions,
    merge,
    notifications,
    replies,
)

app_name = "web"

urlpatterns = [
    path("", inbox.inbox, name="inbox"),
    path("list/", inbox.conversation_list, name="list"),
    path("c/<int:conversation_id>/", conversation.conversation_page, name="conversation"),
    path("c/<int:conversation_id>/head/", conversation.conversation_head, name="conversation-head"),
    path("c/<int:conversation_id>/thread/", conversation.conversation_thread, name="conversation-thread"),
    path("c/<int:conversation_id>/reply/", conversation.reply, name="reply"),
    path("c/<int:conversation_id>/merge/", merge.merge, name="merge"),
    path("c/<int:conversation_id>/merge/candidates/", merge.candidates, name="merge-candidates"),
    path("c/<int:conversation_id>/update/", conversation.update, name="update"),
    path("c/<int:conversation_id>/transcript/", chat.send_transcript, name="chat-transcript"),
    path("c/<int:conversation_id>/tags/add/", conversation.tag_add, name="tag-add"),
    path("c/<int:conversation_id>/tags/remove/", conversation.tag_remove, name="tag-remove"),
    path("c/<int:conversation_id>/canned/", replies.canned_search, name="canned-search"),
    path(
        "c/<int:conversation_id>/canned/<int:canned_id>/insert/", replies.canned_insert, name="canned-insert"
    ),
    path("c/<int:conversation_id>/macros/<int:macro_id>/apply/", replies.macro_apply, name="macro-apply"),
    path("c/<int:conversation_id>/rules/", automation.conversation_rules, name="conversation-rules"),
    path("c/<int:conversation_id>/articles/", kb_suggestions.suggestions, name="kb-suggestions"),
    path("c/<int:conversation_id>/articles/learn/", kb_suggestions.learn, name="kb-learn"),
    path("suggestions/<int:suggestion_id>/", automation.suggestion_handle, name="suggestion-handle"),
    path("contacts/<int:contact_id>/", contact.contact_sidebar, name="contact"),
    path("contacts/<int:contact_id>/edit/", contact.contact_edit, name="contact-edit"),
    path(
        "contacts/<int:contact_id>/attributes/remove/",
        contact.contact_attribute_remove,
        name="contact-attribute-remove",
    ),
    path("contacts/<int:contact_id>/merge/", contact.contact_merge, name="contact-merge"),
    path("files/<int:attachment_id>/", files.attachment, name="attachment"),
    path("email/<int:message_id>/original.eml", email.email_original, name="email-original"),
    path("email/<int:message_id>/images/", email.email_with_images, name="email-images"),
    path("notifications/", notifications.panel, name="notifications"),
    path("notifications/read-all/", notifications.read_all, name="notifications-read-all"),
    path(
        "notifications/<int:notification_id>/open/", notifications.open_notification, name="notification-open"
    ),
    path("c/<int:conversation_id>/remind/", notifications.remind, name="remind"),
    path("c/<int:conversation_id>/remind/control/", notifications.remind_control, name="remind-control"),
    path("reminders/<int:reminder_id>/cancel/", notifications.cancel_reminder, name="reminder-cancel"),
]

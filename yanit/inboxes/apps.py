from django.apps import AppConfig


class InboxesConfig(AppConfig):
    name = "yanit.inboxes"
    label = "inboxes"

from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "yanit.conversations"
    label = "conversations"

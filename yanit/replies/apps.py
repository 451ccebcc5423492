from django.apps import AppConfig


class RepliesConfig(AppConfig):
    name = "yanit.replies"
    label = "replies"
    verbose_name = "Canned responses and macros"

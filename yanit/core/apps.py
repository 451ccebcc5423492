from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "yanit.core"
    label = "core"

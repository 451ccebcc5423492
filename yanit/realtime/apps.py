from django.apps import AppConfig


class RealtimeConfig(AppConfig):
    name = "yanit.realtime"
    label = "realtime"

    def ready(self) -> None:
        from yanit.realtime import subscribers

        subscribers.register()

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "yanit.notifications"
    label = "notifications"

    def ready(self) -> None:
        from yanit.notifications import subscribers

        subscribers.register()

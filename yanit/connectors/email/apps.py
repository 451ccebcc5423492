from django.apps import AppConfig


class EmailChannelConfig(AppConfig):
    name = "yanit.connectors.email"
    label = "email_channel"
    verbose_name = "Email channel"

    def ready(self) -> None:
        from yanit.connectors.email import subscribers

        subscribers.register()

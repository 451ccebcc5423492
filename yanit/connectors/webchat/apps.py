from django.apps import AppConfig


class WebchatChannelConfig(AppConfig):
    name = "yanit.connectors.webchat"
    label = "webchat"
    verbose_name = "Live chat channel"

    def ready(self) -> None:
        from yanit.connectors.webchat import subscribers

        subscribers.register()

from django.apps import AppConfig


class ConnectorsConfig(AppConfig):
    name = "yanit.connectors"
    label = "connectors"

    def ready(self) -> None:
        from yanit.connectors import subscribers

        subscribers.register()

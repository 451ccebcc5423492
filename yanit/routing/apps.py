from django.apps import AppConfig


class RoutingConfig(AppConfig):
    name = "yanit.routing"
    label = "routing"
    verbose_name = "Assignment and routing"

    def ready(self) -> None:
        from yanit.routing import subscribers

        subscribers.register()

from django.apps import AppConfig


class SlaConfig(AppConfig):
    name = "yanit.sla"
    label = "sla"
    verbose_name = "Business hours and SLA"

    def ready(self) -> None:
        from yanit.sla import subscribers

        subscribers.register()

from django.apps import AppConfig


class AutomationConfig(AppConfig):
    name = "yanit.automation"
    label = "automation"
    verbose_name = "Automation rules"

    def ready(self) -> None:
        from yanit.automation import subscribers

        subscribers.register()

from django.apps import AppConfig


class HelpCenterConfig(AppConfig):
    name = "yanit.helpcenter"
    label = "helpcenter"
    verbose_name = "Public help center"

    def ready(self) -> None:
        from yanit.helpcenter import view_counts

        view_counts.connect()

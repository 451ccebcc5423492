from django.apps import AppConfig


class BotConfig(AppConfig):
    name = "yanit.bot"
    label = "bot"
    verbose_name = "Instant-answer bot"

    def ready(self) -> None:
        from yanit.bot import subscribers

        subscribers.register()

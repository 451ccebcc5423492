from django.apps import AppConfig


class FormChannelConfig(AppConfig):
    name = "yanit.connectors.form"
    label = "contact_form"
    verbose_name = "Contact form channel"

    def ready(self) -> None:
        from yanit.connectors.form.adapter import FormAdapter
        from yanit.connectors.registry import register_adapter

        register_adapter(FormAdapter())

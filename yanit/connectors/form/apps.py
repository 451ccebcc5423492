from django.apps import AppConfig


class FormChannelConfig(AppConfig):
    name = "yanit.connectors.form"
    label = "contact_form"
    verbose_name = "Contact form channel"

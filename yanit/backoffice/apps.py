from django.apps import AppConfig


class BackofficeConfig(AppConfig):
    name = "yanit.backoffice"
    label = "backoffice"

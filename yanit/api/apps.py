from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "yanit.api"
    label = "api"

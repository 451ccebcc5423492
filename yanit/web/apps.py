from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "yanit.web"
    label = "web"

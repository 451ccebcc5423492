from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "yanit.accounts"
    label = "accounts"

from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "yanit.contacts"
    label = "contacts"

from django.apps import AppConfig


class KnowledgeBaseConfig(AppConfig):
    name = "yanit.kb"
    label = "kb"
    verbose_name = "Knowledge base"

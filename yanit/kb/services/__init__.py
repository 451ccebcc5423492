"""The knowledge base's only write path. Other apps call these; each write bumps the
workspace's index state in its transaction and publishes an event after commit.

- articles: ``save_article``, ``publish``, ``unpublish``, ``set_status``, ``restore_revision``,
  ``link_translation``, ``unlink_translation``, ``translations``, ``delete_article``
- categories: ``save_category``, ``delete_category``, ``reorder_categories``, ``move_category``
- example questions and synonyms: ``add_question`` (source editor / import / conversation),
  ``add_questions``, ``remove_question``, ``sync_questions``, ``save_synonym_group``,
  ``delete_synonym_group``, ``replace_synonyms``
- ``upload_asset``, ``asset_url``; ``record_vote``
- import / export: ``import_json``, ``export_json`` and the CSV / Markdown ones in ``transfer``
"""

from yanit.kb.services.access import get_article, get_asset, get_category, require_editor
from yanit.kb.services.articles import (
    ArticleInput,
    delete_article,
    link_translation,
    publish,
    restore_revision,
    save_article,
    set_status,
    translations,
    unlink_translation,
    unpublish,
)
from yanit.kb.services.assets import asset_url, upload_asset
from yanit.kb.services.categories import (
    CategoryInput,
    delete_category,
    move_category,
    reorder_categories,
    save_category,
)
from yanit.kb.services.queries import filter_articles
from yanit.kb.services.questions import (
    add_question,
    add_questions,
    delete_synonym_group,
    remove_question,
    replace_synonyms,
    save_synonym_group,
    sync_questions,
    synonyms_as_text,
)
from yanit.kb.services.transfer import export_json, import_json
from yanit.kb.services.votes import record_vote

__all__ = [
    "ArticleInput",
    "CategoryInput",
    "add_question",
    "add_questions",
    "asset_url",
    "delete_article",
    "delete_category",
    "delete_synonym_group",
    "export_json",
    "filter_articles",
    "get_article",
    "get_asset",
    "get_category",
    "import_json",
    "link_translation",
    "move_category",
    "publish",
    "record_vote",
    "remove_question",
    "reorder_categories",
    "replace_synonyms",
    "require_editor",
    "restore_revision",
    "save_article",
    "save_category",
    "save_synonym_group",
    "set_status",
    "sync_questions",
    "synonyms_as_text",
    "translations",
    "unlink_translation",
    "unpublish",
    "upload_asset",
]

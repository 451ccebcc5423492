"""Import and export of a workspace's knowledge base: JSON (everything), CSV (one row per
article) and a .zip of Markdown files. All imports are idempotent and report bad rows."""

from yanit.kb.services.transfer.csv_format import export_csv, import_csv
from yanit.kb.services.transfer.json_format import export_data, export_json, import_data, import_json
from yanit.kb.services.transfer.markdown_format import export_markdown_zip, import_markdown_zip
from yanit.kb.services.transfer.records import ImportReport, RowError

__all__ = [
    "ImportReport",
    "RowError",
    "export_csv",
    "export_data",
    "export_json",
    "export_markdown_zip",
    "import_csv",
    "import_data",
    "import_json",
    "import_markdown_zip",
]

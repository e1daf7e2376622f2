"""The store: documents and statements on SQLAlchemy Core (SQLite by default)."""
from .store import Store, open_store, default_db_path  # noqa: F401

"""gloss's data layer: import, analysis, the SQLite store and export. Never imports the UI."""

from store.db import Store
from store.errors import GlossError, NotFoundError, StoreError
from store.migrations import SCHEMA_VERSION, open_store

__all__ = ["GlossError", "NotFoundError", "SCHEMA_VERSION", "Store", "StoreError", "open_store"]

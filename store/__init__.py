"""gloss's data layer: import, analysis, the SQLite store and export. Never imports the UI."""

from gloss.store.db import Store
from gloss.store.errors import GlossError, NotFoundError, StoreError
from gloss.store.migrations import SCHEMA_VERSION, open_store

__all__ = ["GlossError", "NotFoundError", "SCHEMA_VERSION", "Store", "StoreError", "open_store"]

"""gloss widgets: one per module (document list and view, tables, panels, job bar)."""

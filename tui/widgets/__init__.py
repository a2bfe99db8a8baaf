"""gloss widgets: document list, document view, side panel, metadata header."""

"""gloss's terminal UI: the Textual app, its screens and widgets (gloss.tui)."""

"""gloss screens: one per module (library, reader, corpus, review, help, dialogs)."""

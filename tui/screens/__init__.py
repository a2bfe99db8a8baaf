"""gloss screens: library, reader, help."""

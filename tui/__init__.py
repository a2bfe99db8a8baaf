"""gloss's terminal UI (Textual) and command line (click)."""

"""Developer tools that are not part of the installed gloss: evaluation, model fitting and
screenshots. Run them from a checkout, e.g. ``python -m tools.evaluate``."""

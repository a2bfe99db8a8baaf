"""Errors that gloss reports to the user as one line (never a traceback)."""


class GlossError(Exception):
    """Base class: the message is a complete, user-facing sentence."""


class StoreError(GlossError):
    """The store cannot be opened or used (missing folder, not SQLite, newer schema...)."""


class NotFoundError(GlossError):
    """A document, annotation or other item named by the user does not exist."""

"""Which analysis engine runs: spaCy when it and its model load, else the rules engine.

Engines are loaded once per process and kept; loading spaCy is the slow part (~1-3 s), so it
happens only when an analysis actually runs, never when stored results are read.
"""

from __future__ import annotations

from gloss.store.analysis.base import Engine
from gloss.store.analysis.rules_engine import RulesEngine
from gloss.store.errors import GlossError

ENGINE_NAMES = ("spacy", "rules")


_engines: dict[str, Engine] = {}


_spacy_error: str | None = None


def _load_spacy() -> Engine:
    global _spacy_error
    if "spacy" not in _engines:
        from gloss.store.analysis.spacy_engine import SpacyEngine

        try:
            _engines["spacy"] = SpacyEngine()
        except GlossError as exc:
            _spacy_error = str(exc)
            raise
        except Exception as exc:  # a broken install: report it as one line
            _spacy_error = f"spaCy could not load its model ({type(exc).__name__}: {exc})"
            raise GlossError(_spacy_error) from None
    return _engines["spacy"]


def get_engine(name: str | None = None) -> Engine:
    """The engine called ``name``; None picks spaCy, falling back to rules if it can't load."""
    if name not in (None, *ENGINE_NAMES):
        raise GlossError(f"unknown analysis engine {name!r} (use spacy or rules)")
    if name in (None, "spacy"):
        try:
            return _load_spacy()
        except GlossError:
            if name == "spacy":
                raise
    if "rules" not in _engines:
        _engines["rules"] = RulesEngine()
    return _engines["rules"]


def default_engine_name() -> str:
    """ "spacy" when spaCy and en_core_web_sm can be imported, else "rules" (no model load)."""
    import importlib.util

    if importlib.util.find_spec("spacy") is None:
        return "rules"
    from gloss.store.analysis.spacy_engine import MODEL_NAMES

    if any(importlib.util.find_spec(n) is not None for n in MODEL_NAMES):
        return "spacy"
    return "rules"


def spacy_error() -> str | None:
    """Why spaCy could not load in this process (None: it loaded, or was never tried)."""
    return _spacy_error

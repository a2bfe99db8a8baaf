"""Analysis: entities, claims with speakers, and the same claim across sources.

This module only re-exports; each job has its module:

- :mod:`~gloss.store.analysis.engines`: which engine runs (spaCy when it loads, else rules);
- :mod:`~gloss.store.analysis.pipeline`: the pure analysis of texts (no store);
- :mod:`~gloss.store.analysis.run`: analysing stored documents and saving the results;
- :mod:`~gloss.store.analysis.dask_run`: the same on a Dask cluster (imported on demand);
- :mod:`~gloss.store.analysis.links`: links across documents (names, clusters, stories);
- :mod:`~gloss.store.analysis.queries`: reading what was stored;
- :mod:`~gloss.store.analysis.status`: which documents wait for analysis.

The pieces of the pipeline (entities, claims, speakers, dates, scores, clusters, stories) are
modules of their own beside these. Reading never imports spaCy; only running the spaCy engine
does.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

# What the package re-exports, and the module each name comes from. They are imported on
# first use (PEP 562), not by importing the package: a package whose __init__ imports its
# own modules deadlocks when one thread imports it while another imports one of those
# modules directly (the reader opened during the warm-up: "deadlock detected by
# _ModuleLock('gloss.store.analysis.corrections')").
_EXPORTS = {
    "ANALYSIS_VERSION": "base",
    "BATCH": "run",
    "AnalysisReport": "run",
    "analyze_chunk": "pipeline",
    "analyze_documents": "run",
    "analyze_text": "pipeline",
    "analyze_texts": "pipeline",
    "default_engine_name": "engines",
    "document_claims": "gloss.store.document_detail",
    "document_entities": "gloss.store.document_detail",
    "get_engine": "engines",
    "link_store": "links",
    "links_stale": "links",
    "list_claims": "queries",
    "list_clusters": "queries",
    "list_entities": "queries",
    "list_stories": "queries",
    "outdated_documents": "run",
    "waiting_among": "status",
    "waiting_count": "status",
    "waiting_ids": "status",
}

__all__ = [
    "ANALYSIS_VERSION",
    "BATCH",
    "AnalysisReport",
    "analyze_chunk",
    "analyze_documents",
    "analyze_text",
    "analyze_texts",
    "default_engine_name",
    "document_claims",
    "document_entities",
    "get_engine",
    "link_store",
    "links_stale",
    "list_claims",
    "list_clusters",
    "list_entities",
    "list_stories",
    "outdated_documents",
    "waiting_among",
    "waiting_count",
    "waiting_ids",
]


def __getattr__(name: str) -> Any:
    where = _EXPORTS.get(name)
    if where is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = import_module(where if "." in where else f"{__name__}.{where}")
    value = getattr(module, name)
    globals()[name] = value
    return value


if TYPE_CHECKING:  # what the names are, for type checkers and editors
    from gloss.store.analysis.base import ANALYSIS_VERSION
    from gloss.store.analysis.engines import default_engine_name, get_engine
    from gloss.store.analysis.links import link_store, links_stale
    from gloss.store.analysis.pipeline import analyze_chunk, analyze_text, analyze_texts
    from gloss.store.analysis.queries import (
        list_claims,
        list_clusters,
        list_entities,
        list_stories,
    )
    from gloss.store.analysis.run import (
        BATCH,
        AnalysisReport,
        analyze_documents,
        outdated_documents,
    )
    from gloss.store.analysis.status import waiting_among, waiting_count, waiting_ids
    from gloss.store.document_detail import document_claims, document_entities

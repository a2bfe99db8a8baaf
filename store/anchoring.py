"""Find an annotation's text again after its document changed (re-anchoring).

An annotation remembers its offsets plus a quote selector: the exact text and up to
``CONTEXT`` characters before (prefix) and after (suffix) it, as W3C TextQuoteSelector does.
A shorter prefix means the quote started the document; a shorter suffix, that it ended it.

Order of attempts, most certain first; anything uncertain becomes an orphan, never a wrong span:

1. the exact quote at its old offset;
2. an exact occurrence still surrounded by the whole old prefix and suffix;
3. the exact occurrence whose surroundings still match best (edits next to the quote);
4. a unique exact occurrence of a quote long enough not to be a coincidence;
5. only when the quoted text is gone: the one span between the surviving prefix and suffix,
   if it still resembles the quote (edits inside the quote);
6. otherwise: orphan (None).
"""

from __future__ import annotations

from rapidfuzz import fuzz

CONTEXT = 32
MIN_UNIQUE_QUOTE = 12  # a unique exact match this long is trusted without context
MIN_SIMILARITY = 70.0  # rapidfuzz ratio between the old quote and the bracketed new text


def selector(text: str, start: int, end: int) -> tuple[str, str, str]:
    """The quote, prefix and suffix for text[start:end]."""
    return (
        text[start:end],
        text[max(0, start - CONTEXT) : start],
        text[end : end + CONTEXT],
    )


def _common_suffix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(reversed(a), reversed(b), strict=False):
        if x != y:
            break
        n += 1
    return n


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _context_score(text: str, start: int, end: int, prefix: str, suffix: str) -> int:
    """How many characters of the old prefix/suffix still surround text[start:end]."""
    before = text[max(0, start - len(prefix)) : start]
    after = text[end : end + len(suffix)]
    score = _common_suffix(before, prefix) + _common_prefix(after, suffix)
    # A short prefix/suffix means "at the start/end of the document": honour that too.
    if len(prefix) < CONTEXT and start == 0:
        score += 1
    if len(suffix) < CONTEXT and end == len(text):
        score += 1
    return score


def _occurrences(text: str, quote: str) -> list[int]:
    found, at = [], text.find(quote)
    while at != -1:
        found.append(at)
        at = text.find(quote, at + 1)
    return found


def _bracketed(text: str, quote: str, prefix: str, suffix: str) -> list[tuple[int, int]]:
    """Spans that sit exactly between the old prefix and suffix."""
    if len(prefix) == CONTEXT:
        starts = [p + len(prefix) for p in _occurrences(text, prefix)]
    elif text.startswith(prefix):
        starts = [len(prefix)]  # the quote started the document (after this short prefix)
    else:
        starts = []
    spans = []
    limit = 2 * len(quote) + 2 * CONTEXT
    for start in starts:
        if len(suffix) == CONTEXT:
            # Every place the suffix starts within reach, not the first: in repetitive text
            # ("the the the") it recurs, and each is a bracket (then none is trusted).
            stop = start + limit + len(suffix)
            at = text.find(suffix, start, stop)
            while at != -1:
                spans.append((start, at))
                at = text.find(suffix, at + 1, stop)
        elif text.endswith(suffix) and len(text) - len(suffix) >= start:
            end = len(text) - len(suffix)
            if end - start <= limit:
                spans.append((start, end))
    return spans


def anchor(
    text: str, quote: str, prefix: str, suffix: str, hint: int | None = None
) -> tuple[int, int] | None:
    """Where the quote is in ``text`` now, or None when it cannot be placed with confidence."""
    if not quote:
        return None
    size = len(quote)
    if hint is not None and text[hint : hint + size] == quote:
        return hint, hint + size
    exact = _occurrences(text, quote)
    scored = [(_context_score(text, s, s + size, prefix, suffix), s) for s in exact]
    full = len(prefix) + len(suffix)

    def nearest(starts: list[int]) -> int:
        return min(starts, key=lambda s: abs(s - hint)) if hint is not None else starts[0]

    # Exact quote with all of its old surroundings: certain.
    complete = [s for score, s in scored if score >= full]
    if complete:
        start = nearest(complete)
        return start, start + size
    # Exact quote with part of its surroundings (text next to it was edited).
    partial = [(score, s) for score, s in scored if score > 0]
    if partial:
        top = max(score for score, _ in partial)
        tied = [s for score, s in partial if score == top]
        if len(tied) == 1 or hint is not None:
            start = nearest(tied)
            return start, start + size
    if exact:
        # The quote is still there, but only as copies we cannot tell apart (or a short
        # quote with no surroundings left): a guess could be wrong, so orphan it.
        if len(exact) == 1 and size >= MIN_UNIQUE_QUOTE:
            return exact[0], exact[0] + size
        return None
    # The quote is gone: the old surroundings with edited text between them mark the edited
    # quote, if that bracket is unique and still resembles the quote.
    candidates = [
        (fuzz.ratio(quote, text[s:e]), s, e)
        for s, e in _bracketed(text, quote, prefix, suffix)
        if e > s
    ]
    candidates = [c for c in candidates if c[0] >= MIN_SIMILARITY]
    if len(candidates) == 1:  # several brackets (repetitive text): none is trustworthy
        return candidates[0][1], candidates[0][2]
    return None

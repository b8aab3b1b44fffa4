"""The parsed document every extractor shares: text, sentences and attributions, once.

:func:`parse` splits a text into sentences once and, on first use, finds every
attribution in it (who said what, with the span of what was said) with the one
attribution engine of :mod:`analystkit.claims`. ``extract_claims`` returns those
attributions as rows; ``extract_figures`` credits each figure from the attribution whose
content holds it. Parsed documents are kept in a small cache bounded by the characters
they hold, so the figures, claims and report steps over the same corpus parse each
document once instead of once per extractor.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from analystkit.sentences import split_sentences

if TYPE_CHECKING:  # pragma: no cover
    from analystkit._attribution import ActorIndex

CACHE_CHARS = 32_000_000  # characters of text kept parsed (about 32 MB of articles)


@dataclass(eq=False)
class ParsedDocument:
    """One text, its sentences, and its attributions per actor index (found on first use).

    Attributes
    ----------
    text : str
        The text every offset refers to.
    sentences : list of (start, end)
        The sentences, as :func:`analystkit.sentences.split_sentences` gives them.
    """

    text: str
    sentences: list[tuple[int, int]]
    _attributions: dict[int, tuple[Any, list]] = field(default_factory=dict, repr=False)

    def attributions(self, index: ActorIndex) -> list:
        """Every attribution in the text (``claims._Claim`` records, in the order found),
        speakers resolved against ``index``; computed once per index."""
        key = id(index)
        hit = self._attributions.get(key)
        if hit is None or hit[0] is not index:
            from analystkit._attribution import load_vocabulary
            from analystkit.claims import _Document

            claims = _Document(self.text, index, load_vocabulary(), self.sentences).run()
            hit = (index, claims)
            self._attributions[key] = hit
        return hit[1]


_CACHE: OrderedDict[str, ParsedDocument] = OrderedDict()
_cached_chars = 0


def parse(text: str) -> ParsedDocument:
    """The parsed document of ``text``, from the cache when it was parsed lately.

    Examples
    --------
    >>> doc = parse("Kyiv was hit. Two people died.")
    >>> [doc.text[s:e] for s, e in doc.sentences]
    ['Kyiv was hit.', 'Two people died.']
    >>> parse("Kyiv was hit. Two people died.") is doc
    True
    """
    global _cached_chars
    doc = _CACHE.get(text)
    if doc is not None:
        _CACHE.move_to_end(text)
        return doc
    doc = ParsedDocument(text, split_sentences(text))
    if len(text) <= CACHE_CHARS // 4:
        _CACHE[text] = doc
        _cached_chars += len(text)
        while _cached_chars > CACHE_CHARS and _CACHE:
            old, _ = _CACHE.popitem(last=False)
            _cached_chars -= len(old)
    return doc


def clear_cache() -> None:
    """Forget every parsed document (tests; after changing the vocabulary files)."""
    global _cached_chars
    _CACHE.clear()
    _cached_chars = 0

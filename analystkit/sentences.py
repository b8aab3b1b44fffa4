"""Sentence splitting that survives news text.

Rules, in order of strength:

- a line break always ends a sentence (headlines, bullets and captions have no final stop);
- bullet marks (``-``, ``•``, ``*``, ``–``) and blank space at a line's start are not part
  of the sentence;
- within a line, ``.``, ``!`` or ``?`` (plus closing quotes or brackets) followed by space
  ends a sentence when the next word starts like a sentence (capital, digit or quote),
  unless the word before the stop is a title or month abbreviation (``Mr.``, ``Dr.``,
  ``Jul.``), a single initial (``J.``), or an initialism (``U.S.``, ``a.m.``) followed by
  a word that does not usually open a sentence;
- a stop glued to a capitalised word (``Ukraine.Mr Pistorius``) ends a sentence;
- a run of more than ``max_chars`` characters without a break is cut at the last space,
  so one giant paragraph never becomes one giant sentence.

Everything is a single regular-expression pass plus constant work per candidate, so
time is linear in the text's length.
"""

from __future__ import annotations

import re
import sys
import types
from collections.abc import Iterable

import pandas as pd

from analystkit._inputs import iter_documents
from analystkit.schemas import SENTENCES

__all__ = ["readable", "sentences", "split_sentences"]

MAX_CHARS = 2000

_TITLES = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "sgt", "capt", "cpt", "maj", "adm",
    "gov", "sen", "rep", "rev", "st", "sr", "jr", "mt", "ft", "fr", "hon", "pres", "amb",
    "no", "nos", "vol", "fig", "art", "ch", "approx", "est", "dept", "inc", "corp", "co",
    "ltd", "vs", "v", "cf", "al", "ca", "gov't",
}
_MONTHS = {
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
}
# Words that, after an initialism such as "U.S." or "a.m.", most likely open a new sentence.
_OPENERS = {
    "the", "a", "an", "he", "she", "it", "they", "we", "i", "you", "this", "that", "these",
    "those", "there", "but", "and", "or", "so", "yet", "however", "meanwhile", "in", "on",
    "at", "after", "before", "as", "if", "when", "while", "his", "her", "its", "their", "our",
    "some", "many", "most", "no", "one", "two", "earlier", "later", "also", "still", "since",
}

# Candidate boundary: terminal punctuation, optional closers, then space. Only a whole
# run of stops can start one (a match from inside the run would need the same ending),
# so the lookbehind after the first stop skips the rest of a failed run: linear, not
# quadratic, in "......" (and the pattern still opens with a character class to skip to).
_BOUNDARY = re.compile(
    r"""(?P<punct>[.!?…](?<![.!?…]{2})[.!?…]*)(?P<close>["'”’»)\]]*)(?P<space>[ \t\u00a0]+)"""
    r"""(?=(?P<next>["'“‘«(\[]?\S))"""
)
# A stop glued to a capitalised word: "Ukraine.Mr" (not "U.S.-supplied", not "38.5").
# The cut is the match's end; the pattern opens with the stop so the scan skips ahead.
_GLUED = re.compile(r"[.!?](?<=[a-z]{2}[.!?])(?=[A-Z][a-z])")
_LINE = re.compile(r"[^\n]+")
_BULLET = re.compile(r"^[ \t\u00a0]*(?:[-•*–—·▪►](?=\s|$)|\d{1,2}[.)](?=\s|$))?[ \t\u00a0]*")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.']*)$")
_NEXT_WORD = re.compile(r"[\"'“‘«(\[]?([A-Za-z]+)")
_SURROGATE = re.compile("[\ud800-\udfff]")


def readable(text: str) -> str:
    """``text`` with every lone surrogate replaced by U+FFFD, one character for one.

    A Python ``str`` may hold a lone surrogate (``"\\ud800"``); UTF-8, and so pandas'
    Arrow-backed ``str`` columns, cannot. The extractors read this text instead of the
    given one: offsets stay offsets in the given text, and a span holding a surrogate
    shows U+FFFD in its place.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    str
        The same text, of the same length, U+FFFD for each surrogate (``text`` itself
        when it holds none).

    Examples
    --------
    >>> readable("5\\ud800 drones")
    '5\ufffd drones'
    """
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


def _is_abbreviation(line: str, dot: int, next_word: str) -> bool:
    """Is the stop at ``line[dot]`` part of an abbreviation rather than a sentence end?"""
    m = _WORD_BEFORE.search(line, max(0, dot - 12), dot)
    if not m:
        return False
    word = m.group(1)
    bare = word.rstrip(".").lower()
    if "." in word.rstrip("."):
        # An initialism: U.S., U.K., a.m., p.m., e.g.
        return next_word.lower() not in _OPENERS
    if bare in _TITLES:
        return True
    if bare in _MONTHS:
        return next_word[:1].isdigit() or next_word.lower() not in _OPENERS
    # A single initial: "Donald J. Trump" (but not the pronoun "I.")
    return len(bare) == 1 and word[0].isupper() and word != "I"


def _split_line(line: str, offset: int, max_chars: int, out: list[tuple[int, int]]) -> None:
    bullet = _BULLET.match(line)
    begin = bullet.end() if bullet else 0
    cuts: list[int] = []
    for m in _BOUNDARY.finditer(line, begin):
        nxt = m.group("next")
        first = nxt.lstrip("\"'“‘«([")[:1] or nxt[:1]
        if not (first.isupper() or first.isdigit() or nxt[0] in "\"'“‘«(["):
            continue
        if m.group("punct") == "." and not m.group("close"):
            word_start = m.end()
            word_match = _NEXT_WORD.match(line[word_start:word_start + 30])
            next_word = word_match.group(1) if word_match else ""
            if _is_abbreviation(line, m.start("punct"), next_word):
                continue
        cuts.append(m.end("close"))
    for m in _GLUED.finditer(line, max(begin - 1, 0)):
        cuts.append(m.end())
    cuts.sort()
    start = begin
    for cut in [*cuts, len(line)]:
        _emit(line, start, cut, offset, max_chars, out)
        start = cut


def _emit(line: str, start: int, end: int, offset: int, max_chars: int,
          out: list[tuple[int, int]]) -> None:
    # trim blank space on both sides
    while start < end and line[start].isspace():
        start += 1
    while end > start and line[end - 1].isspace():
        end -= 1
    while end - start > max_chars:
        cut = line.rfind(" ", start + max_chars // 2, start + max_chars)
        if cut == -1:
            cut = start + max_chars
        out.append((offset + start, offset + cut))
        start = cut
        while start < end and line[start].isspace():
            start += 1
    if end > start:
        out.append((offset + start, offset + end))


def split_sentences(text: str, *, max_chars: int = MAX_CHARS) -> list[tuple[int, int]]:
    """Split ``text`` into sentences and return their ``(start, end)`` offsets.

    Parameters
    ----------
    text : str
        Any text; offsets refer to it unchanged.
    max_chars : int, default 2000
        Longest sentence; longer runs are cut at the last space before the limit.

    Returns
    -------
    list of (int, int)
        Offsets such that ``text[start:end]`` is a sentence without surrounding space
        or bullet marks, in document order.

    Examples
    --------
    >>> text = 'Mr. Peskov spoke at 9 a.m. today. The U.S. paused aid.\\n- Kyiv was hit'
    >>> [text[s:e] for s, e in split_sentences(text)]
    ['Mr. Peskov spoke at 9 a.m. today.', 'The U.S. paused aid.', 'Kyiv was hit']
    """
    out: list[tuple[int, int]] = []
    for m in _LINE.finditer(text):
        _split_line(m.group(), m.start(), max_chars, out)
    return out


def sentences(documents: pd.DataFrame | str | Iterable[str]) -> pd.DataFrame:
    """Return one row per sentence of every document.

    Parameters
    ----------
    documents : DataFrame, str or list of str
        The documents table (or any frame with ``doc_id`` and ``text``), a single text,
        or a list of texts. It is not modified.

    Returns
    -------
    pandas.DataFrame
        ============  =====  ==============================================
        column        dtype  meaning
        ============  =====  ==============================================
        doc_id        str    the document
        sentence_id   int64  0-based index of the sentence in the document
        start         int64  offset of the sentence in the document's text
        end           int64  end offset of the sentence
        sentence      str    ``text[start:end]``
        ============  =====  ==============================================

    Examples
    --------
    >>> sentences("Kyiv was hit overnight. Two people died.")[["sentence_id", "sentence"]]
       sentence_id                 sentence
    0            0  Kyiv was hit overnight.
    1            1         Two people died.
    """
    rows = []
    for doc_id, text in iter_documents(documents):
        text = readable(text)
        for i, (s, e) in enumerate(split_sentences(text)):
            rows.append({"doc_id": doc_id, "sentence_id": i, "start": s, "end": e,
                         "sentence": text[s:e]})
    return SENTENCES.from_records(rows)


class _CallableModule(types.ModuleType):
    """``analystkit.sentences`` is both this module and the function: importing the
    submodule (which every extractor does) binds the package attribute to the module,
    so calling the module calls :func:`sentences`."""

    def __call__(self, documents: pd.DataFrame | str | Iterable[str]) -> pd.DataFrame:
        return sentences(documents)


sys.modules[__name__].__class__ = _CallableModule

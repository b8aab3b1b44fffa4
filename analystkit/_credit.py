"""Who a sentence credits for what it reports: "according to X", "X said", "said X", chains.

Works on one sentence at a time with the reporting verbs and source nouns of the
figures lexicon; returns the credited phrases with their offsets so the caller can
pick the primary source for each figure (the nearest reporting clause) and keep
the outer sources of a chain.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from analystkit._lexicon import Lexicon, candidate_pattern, finditer_at

_TOKEN = re.compile(r"[\w’'.\-‑&]+|[^\w\s]")
_WORDLIKE = re.compile(r"[\w’']")
_PRONOUNS = {"he", "she", "they", "it", "we", "i"}
# lower-case words that may stand inside a source phrase
_NP_LOWER = {
    "the", "a", "an", "of", "for", "with", "familiar", "matter", "unnamed", "anonymous",
    "senior", "regional", "local", "military", "state", "foreign", "defence", "defense",
    "emergency", "air", "force", "forces", "general", "staff", "city", "deputy", "top",
    "national", "news", "site", "media", "press", "and", "armed", "interior", "affairs",
    "security", "intelligence", "ukraine's", "russia's", "kyiv's", "moscow's", "its",
    "their", "his", "her", "border", "guard", "navy", "naval", "southern", "northern",
    "eastern", "western", "central", "operational", "command", "told", "officials",
    "live", "report", "rescue", "police", "administration", "telegram", "channel",
    "ministry", "minister", "government", "presidential", "office", "german", "ukrainian",
    "russian", "american", "british", "french", "polish", "chinese", "european", "u.s.",
    "us", "uk", "eu", "un", "nato", "white", "house", "several", "two", "other", "one",
    "team", "spokesman", "spokeswoman", "spokesperson", "agency", "service", "services",
}
_AUX = {"also", "later", "earlier", "previously", "separately", "has", "had", "have",
        "then", "now", "first", "further", "would", "will", "publicly", "in",
        "reportedly", "officially", "recently", "again", "repeatedly", "on", "monday",
        "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
_PASSIVE = {"was", "were", "is", "are", "been", "be", "being"}
_STOP_RIGHT = re.compile(
    r"\s(?:citing|who|which|that|as|in|on|at|after|before|when|while|during|because|"
    r"quoted|said|says|told|reported|via|from)\b|[,.;:!?()\[\]“”\"]"
)


@dataclass(frozen=True)
class Credit:
    """A credited source in a sentence (offsets relative to the sentence)."""

    source: str
    start: int
    end: int
    kind: str  # subject | according | inverted | inner | outer
    anchor: int  # where the reporting verb or phrase stands


@lru_cache(maxsize=4)
def _patterns(lex: Lexicon) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    verbs = re.compile(r"(?<![\w])" + lex.attribution_verbs + r"(?![\w])", re.IGNORECASE)
    inverted = re.compile(
        r"[,\"”’]\s*(?:" + lex.inverted_verbs + r")\s+(?=\S)", re.IGNORECASE
    )
    according = re.compile(r"(?<![\w])according to\s+", re.IGNORECASE)
    return verbs, inverted, according


@lru_cache(maxsize=4)
def _verb_candidates(lex: Lexicon) -> re.Pattern[str]:
    """Where an attribution verb can start: a superset that is cheap to scan for."""
    if not lex.attribution_verb_list:
        return _patterns(lex)[0]
    return re.compile(r"(?<![\w])" + candidate_pattern(list(lex.attribution_verb_list)),
                      re.IGNORECASE)


_LIVES = re.compile(r"(?:(?<=[Cc]laimed)|(?<=[Cc]laims))(?:[ \t]+[\w,.]+){0,4}?[ \t]+lives\b")


def _verbs(sentence: str, lex: Lexicon) -> Iterator[re.Match[str]]:
    """The matches of the attribution-verb regex in ``sentence``, in order. A capitalised
    match is a verb only in a title-case headline ("Ukraine Says 500 Drones Downed"), not
    a name ("the United States greenlights")."""
    title: bool | None = None
    for m in finditer_at(_patterns(lex)[0], _verb_candidates(lex), sentence):
        if _LIVES.match(sentence, m.end()):
            continue  # "has claimed the lives of 14,000 people"
        if m.start() > 0 and m.group()[0].isupper():
            if title is None:
                words = [w for w in sentence.split() if w[:1].isalpha()]
                title = sum(w[0].isupper() for w in words) >= 0.6 * len(words)
            if not title:
                continue
        yield m


def _is_source(phrase: str, lex: Lexicon, sentence_initial: bool) -> bool:
    words = phrase.split()
    if not words:
        return False
    low = phrase.lower().strip()
    if low in lex.not_sources or low in _PRONOUNS:
        return False
    content = [w for w in words if w.lower() not in ("the", "a", "an")]
    if not content:
        return False
    for i, w in enumerate(content):
        bare = w.lower().rstrip(".,").replace("’s", "").replace("'s", "")
        if bare in lex.source_nouns:
            return True
        if w[:1].isupper() and not (sentence_initial and i == 0 and len(content) == 1):
            return True
    return False


def _left_phrase(sentence: str, end: int, lex: Lexicon) -> tuple[int, int] | None:
    """The source phrase ending right before ``end`` (skipping adverbs and auxiliaries)."""
    window_start = max(0, end - 120)
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(sentence, window_start, end)]
    # drop adverbs / auxiliaries right before the verb
    while tokens and tokens[-1][2].lower() in _AUX:
        tokens.pop()
    if tokens and tokens[-1][2].lower() in _PASSIVE:
        return None  # "it was reported": no agent
    chosen: list[tuple[int, int, str]] = []
    for tok in reversed(tokens):
        word = tok[2]
        low = word.lower()
        if not _WORDLIKE.match(word):
            break
        base = low.replace("’s", "").replace("'s", "")
        if (word[:1].isupper() or low in _NP_LOWER or base in _NP_LOWER
                or base in lex.source_nouns):
            chosen.append(tok)
            if len(chosen) >= 10:
                break
            continue
        if chosen and word.islower() and low.endswith("ing") and len(low) > 5:
            return None  # "Sumy oblast bordering Russia reported": Russia is an object
        break
    # a phrase never starts with a connector
    while chosen and chosen[-1][2].lower() in ("and", "of", "for", "with", "told"):
        chosen.pop()
    if not chosen:
        return None
    return chosen[-1][0], chosen[0][1]


def _right_phrase(sentence: str, start: int) -> tuple[int, int] | None:
    stop = _STOP_RIGHT.search(sentence, start)
    end = stop.start() if stop else len(sentence)
    end = min(end, start + 100)
    while end > start and sentence[end - 1] in " \t":
        end -= 1
    return (start, end) if end > start else None


_WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
             "today", "yesterday", "earlier", "later", "last", "this", "on", "in", "at"}


def _starts_like_source(phrase: str, lex: Lexicon) -> bool:
    """An inverted "…, said X" phrase must open like a name or a source noun."""
    first = phrase.split()[0] if phrase.split() else ""
    low = first.lower()
    if low in _WEEKDAYS:
        return False
    return first[:1].isupper() or low in ("the", "a", "an") or low in lex.source_nouns


def find_credits(sentence: str, lex: Lexicon) -> list[Credit]:
    """Every credited source in ``sentence``, in order of appearance.

    Examples
    --------
    >>> from analystkit._lexicon import load_lexicon
    >>> s = "Russia launched 539 drones, according to Ukraine's Air Force."
    >>> [(c.source, c.kind) for c in find_credits(s, load_lexicon())]
    [("Ukraine's Air Force", 'according')]
    """
    _, inverted, according = _patterns(lex)
    credits: list[Credit] = []
    taken: list[tuple[int, int]] = []

    def add(s: int, e: int, kind: str, anchor: int) -> None:
        phrase = sentence[s:e].strip(" ,")
        if not phrase or any(s < b and a < e for a, b in taken):
            return
        if not _is_source(phrase, lex, sentence_initial=(s == 0)):
            return
        taken.append((s, e))
        credits.append(Credit(phrase, s, s + len(phrase), kind, anchor))

    for rx in lex.quoting:
        for m in rx.finditer(sentence):
            s, e = m.span("inner")
            inner = _right_phrase(sentence, s)
            if inner:
                add(inner[0], min(inner[1], e), "inner", m.start())
            outer = _left_phrase(sentence, m.start(), lex)
            if outer:
                add(*outer, "outer", m.start())
    # "according to" matches case-insensitively; its "ccord" has no special case folds,
    # so a sentence whose lower case lacks it holds no match (a cheap pre-check)
    for m in according.finditer(sentence) if "ccord" in sentence.lower() else ():
        span = _right_phrase(sentence, m.end())
        if span:
            add(*span, "according", m.start())
    for m in inverted.finditer(sentence):
        span = _right_phrase(sentence, m.end())
        if span and _starts_like_source(sentence[span[0]:span[1]], lex):
            add(*span, "inverted", m.start())
    for m in _verbs(sentence, lex):
        if m.group().lower().startswith("according"):
            continue
        span = _left_phrase(sentence, m.start(), lex)
        if span:
            add(*span, "subject", m.start())
    credits.sort(key=lambda c: c.start)
    return credits


def pronoun_subject(sentence: str, lex: Lexicon) -> int | None:
    """Offset of a reporting verb whose subject is a pronoun ("he said"), else None."""
    for m in _verbs(sentence, lex):
        before = sentence[max(0, m.start() - 20):m.start()].split()
        while before and before[-1].lower() in _AUX:
            before.pop()
        if before and before[-1].lower() in _PRONOUNS:
            return m.start()
    return None


def credit_for(position: int, credits: list[Credit]) -> tuple[str, str]:
    """Primary source and outer chain for a figure at ``position`` in the sentence.

    The primary source is, in order: the inner source of a quoting chain ("X quoted Y
    as saying"); the subject of the nearest reporting verb before the figure, else the
    first one after it (", the source said"); the phrase after "according to" or an
    inverted "said X". Every other credited source becomes the chain.
    """
    if not credits:
        return "", ""
    inner = [c for c in credits if c.kind == "inner"]
    subjects = [c for c in credits if c.kind == "subject"]
    primary = None
    if inner:
        primary = min(inner, key=lambda c: abs(c.anchor - position))
    elif subjects:
        before = [c for c in subjects if c.anchor <= position]
        primary = before[-1] if before else subjects[0]
    else:
        primary = credits[0]
    chain = [c.source for c in credits if c is not primary and c.source != primary.source]
    return primary.source, "; ".join(dict.fromkeys(chain))


# --------------------------------------------------------------------------- attributions

_UNNAMED = {"he", "she", "they", "it", "we", "i", "you"}


class AttributionCredits:
    """Figure credit from the document's attributions (the claims engine's records).

    A figure is credited to the speaker of the innermost attribution whose content holds
    it; the speakers of the attributions around that one (whose content holds it too)
    form the chain, innermost first. A pronoun or a bare role ("he", "the spokesman")
    is shown as the name the document gave that speaker first, or the actor's name.
    """

    def __init__(self, claims: list, index=None) -> None:
        self._by_start: list[tuple[int, int, object]] = sorted(
            ((c.content_start, c.content_end, c) for c in claims if c.content_start >= 0),
            key=lambda t: (t[0], -t[1]))
        self._starts = [t[0] for t in self._by_start]
        self._longest = max((e - s for s, e, _ in self._by_start), default=0)
        self._speakers = sorted(c.speaker_start for c in claims)
        self._names: dict[str, str] = {}
        for c in sorted(claims, key=lambda c: c.speaker_start):
            if c.speaker.lower() not in _UNNAMED and not c.speaker.lower().startswith(
                    ("the ", "a ", "an ")) and c.speaker_id not in self._names:
                self._names[c.speaker_id] = c.speaker
        self._index = index

    def display(self, claim) -> str:
        """The speaker as the text names it: written words, unless a pronoun or a role
        that stands for someone named elsewhere."""
        written = claim.speaker
        low = written.lower()
        if low in _UNNAMED or (low.startswith("the ") and claim.speaker_type == "person"
                               and claim.speaker_id in self._names):
            name = self._names.get(claim.speaker_id)
            if name is None and self._index is not None:
                actor = self._index.actors.get(claim.speaker_id)
                name = actor.name if actor is not None else None
            if name:
                return name
            if low in _UNNAMED:
                return ""
        return written

    def governing(self, pos: int, start: int, end: int) -> tuple[str, str] | None:
        """The attribution that governs the sentence ``[start, end)`` of a figure at
        ``pos`` none holds: the nearest one before the figure whose speaker and content
        lie in the sentence ('X said A were killed, while 13 other people were wounded')."""
        import bisect

        i = bisect.bisect_right(self._starts, pos)
        while i > 0 and self._starts[i - 1] >= start:
            i -= 1
            s, e, claim = self._by_start[i]
            if start <= claim.speaker_start < s and e <= end and e <= pos:
                name = self.display(claim)
                return (name, claim.chain) if name else None
        return None

    def speaks_in(self, start: int, end: int) -> bool:
        """Does an attribution's speaker stand in ``[start, end)`` (a sentence whose
        attributions the engine read)?"""
        import bisect

        i = bisect.bisect_left(self._speakers, start)
        return i < len(self._speakers) and self._speakers[i] < end

    def at(self, pos: int) -> tuple[str, str] | None:
        """``(source, chain)`` for a figure at document offset ``pos``, or None."""
        import bisect

        i = bisect.bisect_right(self._starts, pos)
        holding = []
        lo = pos - self._longest
        while i > 0 and self._starts[i - 1] >= lo:
            i -= 1
            s, e, claim = self._by_start[i]
            if s <= pos < e:
                holding.append((e - s, claim))
        if not holding:
            return None
        holding.sort(key=lambda t: t[0])
        names = []
        for _, claim in holding:
            name = self.display(claim)
            if name and name not in names:
                names.append(name)
        if not names:
            return None
        chain = [x for c in [holding[0][1]] for x in c.chain.split("; ") if x]
        return names[0], "; ".join(dict.fromkeys(chain + names[1:]))

"""Speaker phrases and actors: the shared machinery behind claims and speaker resolution.

- :class:`Vocabulary` — the reporting verbs and speaker words of ``data/attribution.toml``.
- :class:`ActorIndex` — every actor alias compiled into one trie-shaped regular expression
  (linear scan of a text, longest alias first), with resolution of a speaker phrase to
  the actor that heads it.
- :func:`np_before` / :func:`np_after` — the speaker phrase ending right before a
  reporting verb, or starting right after "according to" / an inverted "said". Both walk
  a bounded window token by token, so their cost per verb is constant.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from analystkit._resources import data_path

ATTRIBUTION_FILE = "attribution.toml"
SPEAKER_TYPES = ("person", "organisation", "government body", "media", "anonymous source")
WINDOW = 160  # characters searched before a verb for its speaker

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
# Capitalised words that never belong to a speaker phrase.
_CAP_STOP = {w.lower() for w in (
    "In", "On", "At", "After", "Before", "During", "But", "And", "Or", "Meanwhile", "However",
    "Earlier", "Later", "Also", "Yet", "So", "Then", "As", "When", "While", "If", "Since",
    "Despite", "Speaking", "Asked", "Separately", "Still", "Now", "Today", "Tonight",
    "Yesterday", "Last", "This", "That", "These", "Those", "It", "He", "She", "They", "We",
    "I", "You", "His", "Her", "Their", "Our", "Its", "My", "Your", "There", "Here", "Why",
    "What", "Who", "How", "Where", "Which", "Although", "Though", "Because", "Once",
    "Instead", "Overall", "Finally", "Moreover", "Furthermore", "Additionally", "Indeed",
    "Notably", "Previously", "Recently", "Elsewhere", "Nonetheless", "Nevertheless",
    "Conversely", "Similarly", "Likewise", "Besides", "Unlike", "With", "Without", "Amid",
    "Among", "Under", "Over", "From", "To", "For", "Of", "By", "About", "Following",
    "According", "Just", "Only", "Even", "Either", "Neither", "Most", "All", "Each",
    "Every", "No", "Not", "Watch", "See", "Read", "Click", "Tags", "Source", "Photo",
    "Video", "Update", "Breaking", "Live", "Analysis", "Opinion", "Comment", "Note",
    "Meanwhile", "Ukraine-Russia", "Russia-Ukraine", "Overnight", "Afterwards", "Afterward",
    "Subsequently", "Initially", "Ultimately", "Eventually", "Currently", "Again", "Asked",
    "Thus", "Therefore", "Otherwise", "Perhaps", "Apparently", "Reportedly", "Allegedly",
    "Publicly", "Privately", "Separately", "Shortly", "Soon", "Here", *WEEKDAYS, *MONTHS,
)}
_DETERMINERS = {"the", "a", "an", "one", "two", "three", "four", "five", "several", "some",
                "many", "other", "another", "both", "multiple", "numerous", "his", "her",
                "its", "their", "our"}
_DEFINITE = {"the", "his", "her", "its", "their", "our"}
_TITLES = {"mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sen", "rep", "gov", "capt",
           "maj", "sgt", "adm", "president", "prime", "minister", "chancellor", "secretary",
           "mayor", "governor", "ambassador", "commander", "chief", "deputy", "foreign",
           "defence", "defense", "spokesman", "spokeswoman", "spokesperson", "general",
           "lieutenant", "colonel", "major", "admiral", "sir", "lord", "dame", "ms.", "mr."}
_ABBREV = {"mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sen", "rep", "gov", "capt",
           "maj", "sgt", "adm", "st", "jr", "sr", "no", "co", "inc", "corp", "ltd"}
_PRONOUNS = {"he", "she"}
# lower-case words inside names: Ursula von der Leyen, Mark van Bommel
_NAME_PARTICLES = {"von", "van", "der", "den", "de", "da", "du", "la", "le", "al", "bin", "ibn",
                   "dos", "del", "della", "ter"}
_NON_SPEAKERS = {"they", "it", "we", "i", "you", "which", "who", "that", "this", "there",
                 "what", "whom", "these", "those"}
_BE = {"is", "was", "were", "are", "been", "be", "being", "'s", "’s"}
_COORD = {"and", "or", "nor", "&"}

_TOKEN = re.compile(
    r"\((?:[A-Z][\w.&'’\- ]{0,24})\)"  # (EU), (SCMP)
    r"|[^\W_][\w.'’\-‑&/]*"  # words, incl. U.S., Zelensky's, Shahed-136/131
    r"|[^\w\s]"  # punctuation
)
_POSSESSIVE = re.compile(r"(?:['’]s|s['’]|['’])$")
# a date line or wire slug before the first sentence: "Kyiv [Ukraine], July 5: ", "LONDON -- "
_MONTH_ALT = "|".join(m[:3] + r"\w*" for m in MONTHS)
DATELINE = re.compile(
    r"(?:[A-Z][\w .'\[\]\-]{1,40},\s*(?:" + _MONTH_ALT + r")\.?\s+\d{1,2}\s*:\s+"
    r"|[A-Z]{3,}(?:[ ,][A-Z]{2,})*\s+(?:--|—|–)\s+"
    r"|\d{1,2}\s+[A-Z][a-z]{2}\s+\d{4}\s+\d{1,2}[.:]\d{2}\s+)"  # live blogs: 27 Jul 2022 16.34
)


@dataclass(frozen=True, eq=False)
class Vocabulary:
    """Reporting verbs, their frames, and the words a speaker phrase is made of."""

    verbs: dict[str, str]
    participles: dict[str, str]
    according: tuple[str, ...]
    quote_links: tuple[str, ...]
    nouns: dict[str, str]  # head noun -> speaker type
    needs_postmodifier: frozenset[str]
    modifiers: frozenset[str]
    documents: frozenset[str]
    links: frozenset[str]
    postmodifier: re.Pattern[str]  # matched at the end of a window
    postmodifier_ahead: re.Pattern[str]  # matched at a position
    adverbs: frozenset[str]
    nationalities: dict[str, str]
    content_stops: tuple[str, ...]
    nationality_words: frozenset[str] = frozenset()
    capitalised_nouns: dict[str, str] = field(default_factory=dict)
    not_speakers: frozenset[str] = frozenset()
    speaking_for: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()
    cue_regex: re.Pattern[str] = field(repr=False, default=None)  # type: ignore[assignment]

    def verb_frame(self, form: str) -> tuple[str, str] | None:
        """``(kind, frame)`` for a cue as written: kind is verb, participle or according."""
        low = form.lower()
        if low in self.according:
            return "according", "according"
        if form in self.verbs:
            return "verb", self.verbs[form]
        if form in self.participles:
            return "participle", self.participles[form]
        return None


def trie_regex(words: Iterable[str]) -> str:
    """One alternation for many literal strings, shaped as a trie (longest match first).

    A plain ``a|b|c`` alternation tries every word at every position; the trie shares
    prefixes, so a scan costs about one step per character whatever the number of words.
    """
    trie: dict = {}
    for word in words:
        if not word:
            continue
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return "(?:" + body + ")?" if len(branches) == 1 else body[:-1] + "|)"
        return body

    return build(trie)


@lru_cache(maxsize=1)
def load_vocabulary() -> Vocabulary:
    """Read ``data/attribution.toml`` once and compile its patterns."""
    with data_path(ATTRIBUTION_FILE).open("rb") as fh:
        data = tomllib.load(fh)
    frames = {"clause", "that", "tell", "label", "accuse", "quote", "object", "directive",
              "after_quote"}
    for table in ("verbs", "participles"):
        bad = {k: v for k, v in data[table].items() if v not in frames}
        if bad:
            raise ValueError(f"{ATTRIBUTION_FILE} [{table}]: unknown frame(s) {bad}; "
                             f"use one of {sorted(frames)}")
    bad_types = {k: v for k, v in data["speaker_nouns"].items() if v not in SPEAKER_TYPES}
    if bad_types:
        raise ValueError(f"{ATTRIBUTION_FILE} [speaker_nouns]: unknown type(s) {bad_types}")
    post = "|".join(f"(?:{p})" for p in data["speaker_postmodifiers"]["patterns"])
    according = tuple(p.lower() for p in data["according"]["phrases"])
    vocab = Vocabulary(
        verbs=dict(data["verbs"]),
        participles=dict(data["participles"]),
        according=according,
        quote_links=tuple(sorted(data["quote_links"]["phrases"], key=len, reverse=True)),
        nouns=dict(data["speaker_nouns"]),
        needs_postmodifier=frozenset(data["speaker_nouns_needing_postmodifier"]["nouns"]),
        modifiers=frozenset(data["speaker_modifiers"]["words"]),
        documents=frozenset(data["speaker_documents"]["words"]),
        links=frozenset(data["speaker_links"]["words"]),
        postmodifier=re.compile(r"\s(?:" + post + r")\s*$", re.IGNORECASE),
        postmodifier_ahead=re.compile(r"\s+(?:" + post + r")", re.IGNORECASE),
        adverbs=frozenset(data["adverbs"]["words"]),
        nationalities=dict(data["nationalities"]),
        content_stops=tuple(data["content_stops"]["words"]),
        nationality_words=frozenset(data["nationalities"]),
        capitalised_nouns=dict(data["speaker_nouns_capitalised"]),
        not_speakers=frozenset(data["not_speakers"]["words"]),
        speaking_for=frozenset(data["speaking_for"]["nouns"]),
        places=frozenset(data["speaker_places"]["words"]),
    )
    bad_types = {k: v for k, v in vocab.capitalised_nouns.items() if v not in SPEAKER_TYPES}
    if bad_types:
        raise ValueError(f"{ATTRIBUTION_FILE} [speaker_nouns_capitalised]: unknown type(s) "
                         f"{bad_types}")
    cues = [*vocab.verbs, *vocab.participles]
    for phrase in according:
        cues += [phrase, phrase[:1].upper() + phrase[1:]]
    regex = re.compile(r"(?<![\w'’\-])(?:" + trie_regex(cues) + r")(?![\w'’\-])")
    object.__setattr__(vocab, "cue_regex", regex)
    return vocab


# --------------------------------------------------------------------------- tokens

class Token(NamedTuple):
    """A word or mark with its document offsets and grammatical kind (a named tuple:
    tokens are made by the ten thousand, and tuples are the cheapest to make)."""

    text: str
    start: int
    end: int
    kind: str  # DET CAP ROLE MOD DOC LINK PAREN PUNCT WORD

    @property
    def low(self) -> str:
        return self.text.lower()

    @property
    def base(self) -> str:
        """Lower case without a possessive ending."""
        return _POSSESSIVE.sub("", self.text.lower())


_KIND_CACHES: dict[int, dict[str, str]] = {}  # id(vocabulary) -> word -> kind


def _kinds(vocab: Vocabulary) -> dict[str, str]:
    """The kind cache of ``vocab`` (emptied when it grows past 200,000 words)."""
    cache = _KIND_CACHES.get(id(vocab))
    if cache is None or len(cache) > 200_000:
        cache = _KIND_CACHES[id(vocab)] = {}
    return cache


def _kind(text: str, vocab: Vocabulary) -> str:
    cache = _kinds(vocab)
    kind = cache.get(text)
    if kind is None:
        kind = cache[text] = _kind_uncached(text, vocab)
    return kind


def _kind_uncached(text: str, vocab: Vocabulary) -> str:
    low = text.lower()
    if text.startswith("(") and text.endswith(")") and len(text) > 2:
        return "PAREN"
    if not (text[0].isalnum()):
        return "PUNCT"
    if low in _DETERMINERS:
        return "DET"
    base = _POSSESSIVE.sub("", low)
    if text[0].isupper():
        return "WORD" if base in _CAP_STOP else "CAP"
    if base in vocab.nouns:
        return "ROLE"
    if low in vocab.modifiers or base in vocab.modifiers:
        return "MOD"
    if base in vocab.documents:
        return "DOC"
    if low in _NAME_PARTICLES:
        return "PART"
    if low in vocab.links:
        return "LINK"
    if base in vocab.places:
        return "PLACE"
    return "WORD"


def tokenize(text: str, start: int, end: int, vocab: Vocabulary) -> list[Token]:
    """Tokens of ``text[start:end]`` with document offsets and grammatical kinds."""
    cache = _kinds(vocab)
    out: list[Token] = []
    append = out.append
    for m in _TOKEN.finditer(text, start, end):
        s, e = m.span()
        tok = text[s:e]
        # a full stop glued to a word ends the sentence unless the word is an abbreviation
        if e - s > 1 and tok[-1] == "." and tok[0].isalnum():
            core = tok[:-1]
            if not ("." in core or core.lower() in _ABBREV or len(core) == 1):
                kind = cache.get(core)
                if kind is None:
                    kind = cache[core] = _kind_uncached(core, vocab)
                append(Token(core, s, e - 1, kind))
                append(Token(".", e - 1, e, "PUNCT"))
                continue
        kind = cache.get(tok)
        if kind is None:
            kind = cache[tok] = _kind_uncached(tok, vocab)
        append(Token(tok, s, e, kind))
    return out


_NP_KINDS = {"CAP", "ROLE", "MOD", "DOC", "PAREN", "PLACE"}
_TIME_WORDS = {"morning", "afternoon", "evening", "night"}


def _skip_time_phrase(tokens: list[Token], j: int) -> int:
    """Index before a trailing 'on Friday (morning)' / 'on July 4' / 'this week' phrase."""
    k = j
    if k > 0 and tokens[k - 1].low in _TIME_WORDS:
        k -= 1
    if k > 0 and tokens[k - 1].text.isdigit():
        k -= 1
        if k > 0 and tokens[k - 1].text in MONTHS:
            k -= 1
    elif k > 0 and tokens[k - 1].text in MONTHS:
        k -= 1
        if k > 0 and tokens[k - 1].text.isdigit():
            k -= 1
    elif k > 0 and tokens[k - 1].text in WEEKDAYS:
        k -= 1
    elif k > 0 and tokens[k - 1].low in {"week", "month", "year", "weekend"}:
        if k > 1 and tokens[k - 2].low in {"this", "last", "earlier", "later"}:
            return k - 2
        return j
    else:
        return j
    if k > 0 and tokens[k - 1].low == "on":
        k -= 1
        if k > 0 and tokens[k - 1].low in {"late", "early", "earlier", "later"}:
            k -= 1
        return k
    return j


@dataclass(frozen=True)
class Phrase:
    """A speaker phrase found in a text: offsets and the tokens it is made of."""

    start: int
    end: int
    tokens: tuple[Token, ...]
    pronoun: bool = False
    postmodifier: bool = False
    core_end: int = -1  # end of the phrase before a postmodifier ("a source| quoted by …")
    name_start: int = -1  # start of the name in "the defence secretary, |Ben Wallace"

    @property
    def name_end(self) -> int:
        return self.core_end if self.core_end >= 0 else self.end

    def is_definite_role(self, vocab: Vocabulary) -> bool:
        """'the spokesman', 'the Russian ministry': a role with no name in it."""
        toks = [t for t in self.tokens if t.kind != "PUNCT"]
        if not toks or toks[0].low not in _DEFINITE:
            return False
        return not any(t.kind in ("CAP", "PAREN") and t.text not in vocab.nationality_words
                       for t in toks)

    @property
    def head(self) -> Token | None:
        toks = [t for t in self.tokens if t.kind in ("CAP", "ROLE", "PAREN")]
        return toks[-1] if toks else None



def _valid(tokens: list[Token], vocab: Vocabulary, postmodifier: bool) -> bool:
    content = [t for t in tokens if t.kind not in ("DET", "LINK", "PUNCT")]
    if not content:
        return False
    last = content[-1]
    heads = [t for t in content if t.kind in ("CAP", "ROLE", "PAREN")]
    if not heads and not (postmodifier and last.kind == "DOC"):
        return False
    if last.kind == "MOD" and len(tokens) >= 3 and tokens[-2].low == "of" and \
            tokens[-3].kind == "ROLE":
        pass  # "the UK ministry of defence"
    elif last.kind in ("MOD", "WORD"):
        return False
    if last.kind == "PLACE" and not any(t.kind == "LINK" for t in tokens):
        return False
    if last.kind == "DOC" and not postmodifier and \
            not any(t.kind in ("CAP", "ROLE") for t in content[:-1]):
        return False  # ("data compiled by the Department …" names its source)
    if _POSSESSIVE.search(last.text) and len(last.text) > 2:
        return False  # "Russia's claims", "Ukraine's reports": a noun, not a speaker
    if len(content) == 1 and last.kind == "CAP" and (
            (last.text in vocab.nationality_words and not last.text.isupper())
            or last.text in vocab.not_speakers):
        return False
    return not (last.kind == "ROLE" and last.base in vocab.needs_postmodifier
                and not postmodifier)


def _opens_phrase(tok: Token) -> bool:
    """A determiner or a possessive name: what may stand before unknown modifiers."""
    return tok.kind == "DET" or (tok.kind == "CAP" and bool(_POSSESSIVE.search(tok.text)))


def _walk_back(tokens: list[Token], j: int) -> int:
    """Start index of the speaker phrase ending at ``tokens[j - 1]``."""
    i = j
    while i > 0:
        tok = tokens[i - 1]
        link = tok.kind == "LINK" and 1 < i < j and tokens[i - 2].kind in _NP_KINDS | {"DET"}
        particle = tok.kind == "PART" and 1 < i < j and tokens[i].kind in ("CAP", "PART") \
            and tokens[i - 2].kind in ("CAP", "PART")
        if tok.kind in _NP_KINDS or link or particle:
            i -= 1
        elif tok.kind == "DET":
            i -= 1
            if not (i > 0 and tokens[i - 1].kind == "LINK"):
                break
        elif tok.kind == "WORD" and tok.text.islower() and i < j and \
                tokens[i].kind in ("ROLE", "MOD", "WORD"):
            # unknown modifiers before a role noun: "the country's |space| chief"
            k = i - 1
            while k > 0 and i - k < 2 and tokens[k - 1].kind == "WORD" and \
                    tokens[k - 1].text.islower():
                k -= 1
            if k > 0 and _opens_phrase(tokens[k - 1]) and any(
                    t.kind == "ROLE" for t in tokens[i:j]):
                i = k
            else:
                break
        else:
            break
    while i < j and tokens[i].kind == "LINK":
        i += 1
    return i


def _object_of(token: Token, vocab: Vocabulary) -> bool:
    """Does ``token`` make the phrase after it an object, not a subject: a participle
    ("Sumy oblast bordering Russia reported")?"""
    low = token.text
    if not low.islower():
        return False
    return low.endswith("ing") and len(low) > 5 and low not in vocab.adverbs


def np_before(text: str, end: int, lo: int, vocab: Vocabulary) -> Phrase | None:
    """The speaker phrase ending right before ``end`` (a reporting verb), or None.

    Skips adverbs, auxiliaries and a time phrase between speaker and verb ("also",
    "has", "on Friday"); returns None for a passive ("is said"), a coordinated subject
    ("Trump and Zelensky said") or a relative pronoun. A lone "he"/"she" is returned as
    a pronoun phrase for the caller to resolve. Appositions are part of the phrase: "The
    UK defence secretary, Ben Wallace, said"; "Jake Sullivan, the national security
    adviser, said" (the name before the first comma is what resolves).
    """
    tokens = tokenize(text, max(lo, end - WINDOW), end, vocab)
    j = len(tokens)
    for _ in range(4):
        k = j
        while k > 0 and tokens[k - 1].kind != "PUNCT" and tokens[k - 1].text.islower() and (
                tokens[k - 1].low in vocab.adverbs
                or (tokens[k - 1].low.endswith("ly") and len(tokens[k - 1].low) > 4)):
            k -= 1
        k = _skip_time_phrase(tokens, k)
        if k == j:
            break
        j = k
    if j == 0:
        return None
    last = tokens[j - 1]
    if last.low in _BE:
        return None
    if last.low in _PRONOUNS:
        return Phrase(last.start, last.end, (last,), pronoun=True)
    if last.low in _NON_SPEAKERS:
        return None
    if last.text == ",":
        return _appositive(tokens, j, vocab) or _name_apposition(tokens, j, vocab)
    postmod = False
    m = vocab.postmodifier.search(text, max(lo, tokens[0].start - 1), last.end)
    if m:
        cut = m.start() + 1
        k = j
        while k > 0 and tokens[k - 1].start >= cut:
            k -= 1
        if 0 < k < j:
            j, postmod = k, True
    i = _walk_back(tokens, j)
    phrase = tokens[i:j]
    if not phrase or not _valid(phrase, vocab, postmod):
        return None
    if i > 0 and _object_of(tokens[i - 1], vocab):
        return None  # "Sumy oblast bordering Russia reported": not Russia
    if i > 1 and tokens[i - 1].low in _COORD and tokens[i - 2].kind in _NP_KINDS:
        return None
    return Phrase(phrase[0].start, last.end, tuple(tokens[i:tokens.index(last) + 1]),
                  postmodifier=postmod, core_end=phrase[-1].end)


def _appositive(tokens: list[Token], j: int, vocab: Vocabulary) -> Phrase | None:
    """'The UK defence secretary, Ben Wallace, said': role phrase, comma, name, comma."""
    k = j - 1  # the comma before the verb
    n = k
    while n > 0 and tokens[n - 1].kind == "CAP":
        n -= 1
    if n == k or n == 0 or tokens[n - 1].text != ",":
        return None
    i = _walk_back(tokens, n - 1)
    role = tokens[i:n - 1]
    opener = bool(role) and (role[0].kind == "DET" or (
        role[0].kind == "CAP" and _POSSESSIVE.search(role[0].text) is not None
        and len(role[0].text) > 3))  # "Sweden’s foreign minister, Ann Linde, said"
    if not opener or not _valid(role, vocab, False):
        return None
    if role[0].low in ("a", "an") and i > 1 and tokens[i - 1].text == ",":
        # "Oleksiy Arestovych, an adviser to the president, Volodymyr Zelenskiy, said":
        # the name before the indefinite description speaks
        e = i - 1
        b = e
        while b > 0 and tokens[b - 1].kind in ("CAP", "PART"):
            b -= 1
        name = tokens[b:e]
        if name and name[0].kind == "CAP" and name_tokens(name, vocab):
            return Phrase(name[0].start, tokens[k - 1].end, tuple(tokens[b:k]),
                          core_end=name[-1].end)
    if i > 0 and tokens[i - 1].kind not in ("PUNCT", "WORD"):
        return None
    return Phrase(role[0].start, tokens[k - 1].end, tuple(tokens[i:k]),
                  name_start=tokens[n].start)


def _name_apposition(tokens: list[Token], j: int, vocab: Vocabulary) -> Phrase | None:
    """'Jake Sullivan, the national security adviser in Washington, has warned': a name,
    then one or two comma-separated descriptions starting with a determiner, a lower-case
    word or 'who'."""
    k = j - 1  # the comma before the verb
    for _ in range(2):
        n = k
        while n > 0 and tokens[n - 1].text != "," and k - n <= 25 and (
                tokens[n - 1].kind != "PUNCT" or tokens[n - 1].text in "()-‑–’'"):
            n -= 1
        if n == 0 or n == k or tokens[n - 1].text != ",":
            return None
        first = tokens[n]
        if not (first.kind == "DET" or first.text[0].islower() or first.low == "who"
                or (_POSSESSIVE.search(first.text) and len(first.text) > 3)):
            return None
        name_end = n - 1  # index of the comma after the name
        i = _walk_back(tokens, name_end)
        name = tokens[i:name_end]
        if name and _valid(name, vocab, False) and name_tokens(name, vocab) and \
                not any(t.kind == "LINK" for t in name):
            if i > 0 and tokens[i - 1].kind in ("LINK", "DET", "CAP", "ROLE"):
                return None
            return Phrase(name[0].start, tokens[j - 2].end, tuple(tokens[i:j - 1]),
                          core_end=name[-1].end)
        k = name_end
    return None


def _link_continues(tokens: list[Token], k: int) -> bool:
    """Does a speaker phrase go on after a link word ('a spokesman for |the ministry|'),
    rather than a phrase about publication ('… in |a statement|')?"""
    if k < len(tokens) and tokens[k].kind == "DET":
        k += 1
    return k < len(tokens) and tokens[k].kind in ("CAP", "ROLE", "PLACE", "PAREN", "MOD")


def np_after(text: str, start: int, hi: int, vocab: Vocabulary) -> Phrase | None:
    """The speaker phrase starting at ``start`` ("according to |the SCMP"), or None."""
    tokens = tokenize(text, start, min(hi, start + WINDOW), vocab)
    i = 0
    if i < len(tokens) and tokens[i].kind == "DET":
        i += 1
    while i < len(tokens):
        tok = tokens[i]
        particle = tok.kind == "PART" and 0 < i < len(tokens) - 1 and \
            tokens[i - 1].kind in ("CAP", "PART") and tokens[i + 1].kind in ("CAP", "PART")
        if tok.kind in _NP_KINDS or particle:
            i += 1
        elif tok.low in _COORD and 0 < i < len(tokens) - 1 and tokens[i - 1].kind == "CAP" \
                and tokens[i + 1].kind == "CAP" and any(
                    t.kind == "ROLE" for t in tokens[i + 2:i + 4]):
            i += 1  # "Ukrainian and Western officials"
        elif tok.kind == "WORD" and tok.text.islower() and i == (
                1 if tokens[0].kind == "DET" else 0) and i + 1 < len(tokens) and \
                tokens[i + 1].kind == "ROLE":
            i += 1  # "special forces colonel …", "the emergencies ministry"
        elif tok.kind == "LINK" and i > 0 and _link_continues(tokens, i + 1):
            i += 2 if tokens[i + 1].kind == "DET" else 1
        elif tok.kind == "WORD" and tok.text.islower() and i > 0 and \
                _opens_phrase(tokens[i - 1]) and any(
                    t.kind == "ROLE" for t in tokens[i + 1:i + 3]):
            i += 1  # "the |emergencies| ministry"
        else:
            break
    while i > 0 and tokens[i - 1].kind in ("LINK", "DET"):
        i -= 1
    phrase = tokens[:i]
    if not phrase:
        return None
    end = phrase[-1].end
    postmod = False
    m = vocab.postmodifier_ahead.match(text, end, min(hi, end + 80))
    if m:
        end, postmod = m.end(), True
    if not _valid(list(phrase), vocab, postmod):
        return None
    return Phrase(phrase[0].start, end, tuple(phrase), postmodifier=postmod,
                  core_end=phrase[-1].end)


# --------------------------------------------------------------------------- actors

@dataclass(frozen=True)
class Actor:
    actor_id: str
    name: str
    type: str
    country: str
    side: str
    role: str
    aliases: tuple[str, ...]
    gender: str = ""


def alias_variants(alias: str, actor_type: str) -> set[str]:
    """The spellings an alias is matched under (see actors.toml's header)."""
    out = {alias}
    words = alias.split(" ")
    if actor_type != "person" and len(words) > 1:
        lowered = [words[0]] + [w.lower() if w[:1].isupper() and not w.isupper() else w
                                for w in words[1:]]
        out.add(" ".join(lowered))
    for variant in list(out):
        out.add(variant.replace("Defence", "Defense").replace("defence", "defense"))
        out.add(variant.replace("Defense", "Defence").replace("defense", "defence"))
    for variant in list(out):
        out.add(variant.replace("'", "’"))
        out.add(variant.replace("’", "'"))
    for variant in list(out):
        if variant.startswith(("Mr ", "Ms ", "Mrs ", "Dr ")):
            out.add(variant.replace(" ", ". ", 1))
        if variant.lower().startswith("the ") and len(variant) > 4:
            out.add(variant[4:])
    return {v for v in out if v}


@dataclass(frozen=True)
class Resolution:
    actor: Actor
    start: int  # offsets of the matched alias inside the phrase text
    end: int


class ActorIndex:
    """All actors and their aliases, compiled for scanning and resolving speaker phrases."""

    def __init__(self, actors: Iterable[Actor]):
        self.actors: dict[str, Actor] = {}
        self.by_alias: dict[str, str] = {}
        for actor in actors:
            self.actors[actor.actor_id] = actor
            for alias in actor.aliases:
                for variant in alias_variants(alias, actor.type):
                    self.by_alias[variant] = actor.actor_id
        body = trie_regex(self.by_alias) or r"(?!x)x"
        self.regex = re.compile(r"(?<![\w\-])(?:" + body + r")(?![\w\-])")
        self.side_words: dict[str, str] = {}
        for word, side in load_vocabulary().nationalities.items():
            self.side_words[word] = side
        for alias, actor_id in self.by_alias.items():
            actor = self.actors[actor_id]
            if actor.type == "government body" and " " not in alias and actor.side:
                self.side_words.setdefault(alias, actor.side)

    def mentions(self, text: str) -> list[tuple[int, int, Actor]]:
        """Every alias occurrence in ``text``: (start, end, actor), in order."""
        return [(m.start(), m.end(), self.actors[self.by_alias[m.group()]])
                for m in self.regex.finditer(text)]

    def resolve(self, phrase: str, vocab: Vocabulary) -> Resolution | None:
        """The actor a speaker phrase names, or None.

        The actor is the alias that ends the phrase (the rightmost; the longest of
        those), so "Kremlin spokesman Dmitry Peskov" is Peskov and "a spokesman for the
        German Defense Ministry" the ministry. Only a possessive and the name of a
        publication may follow it ("Zelensky's Telegram post", "TASS news agency"); a
        role noun after it means someone else ("Kyiv's mayor" is not Kyiv). A first word
        naming another side rules the actor out ("Russian Air Force").
        """
        best = None
        for m in self.regex.finditer(phrase):
            if best is None or m.end() > best.end() or (
                    m.end() == best.end() and m.start() < best.start()):
                best = m
        if best is None:
            return None
        actor = self.actors[self.by_alias[best.group()]]
        tail = phrase[best.end():]
        tail = re.sub(r"^(?:['’]s|['’])", "", tail)
        for tok in _TOKEN.findall(tail):
            low = _POSSESSIVE.sub("", tok.lower())
            if tok in (")", "(", ",") or (tok.startswith("(") and tok.endswith(")")):
                continue
            if low in vocab.documents or low in {"news", "live", "official", "media",
                                                 "messaging", "social", "press", "daily"}:
                continue
            return None
        first = re.match(r"(?:(?:the|a|an|The|A|An)\s+)?([^\s,]+)", phrase)
        if first and first.start(1) < best.start():
            # a nationality word, a possessive or an acronym naming another side
            # ("Russian Air Force", "Russia's Air Force", "US Air Force"); a bare country
            # name before a person is more likely a glued-on context ("… in Russia Kallas")
            word = _POSSESSIVE.sub("", first.group(1))
            side = self.side_words.get(word)
            qualifies = word in vocab.nationality_words or word != first.group(1) or (
                word.replace(".", "").isupper())
            if side and qualifies and actor.side and side != actor.side:
                return None
        return Resolution(actor, best.start(), best.end())


def speaks_for(core: list[Token], alias_start: int, actor: Actor, vocab: Vocabulary) -> bool:
    """Does a phrase naming an actor after 'for' / 'to' / 'in' stand for that actor? Yes
    for 'a spokesman for the ministry'; no for 'an adviser to Zelensky' or 'officials in
    Ankara'. ``core`` are the phrase's tokens, ``alias_start`` the actor's offset."""
    before = [t for t in core if t.end <= alias_start]
    links = [i for i, t in enumerate(before) if t.kind == "LINK"]
    if not links:
        return True
    heads = [t for t in before[:links[0]] if t.kind in ("ROLE", "CAP")]
    if not heads:
        return True
    return heads[-1].base in vocab.speaking_for and actor.type != "person"


def resolve_phrase(index: ActorIndex, text: str, phrase: Phrase, vocab: Vocabulary,
                   ) -> Resolution | None:
    """The actor a found speaker phrase names (see :meth:`ActorIndex.resolve`), checking
    that the phrase speaks for it (:func:`speaks_for`); offsets relative to ``text``."""
    start = phrase.name_start if phrase.name_start >= 0 else phrase.start
    hit = index.resolve(text[start:phrase.name_end], vocab)
    if hit is None:
        return None
    core = [t for t in phrase.tokens if start <= t.start and t.end <= phrase.name_end]
    if not speaks_for(core, start + hit.start, hit.actor, vocab):
        return None
    return Resolution(hit.actor, start + hit.start, start + hit.end)


def normalise_id(phrase: str) -> str:
    """A lower-case id for an unknown speaker: 'a source familiar with the matter' ->
    'source_familiar_with_the_matter'."""
    text = re.sub(r"['’]s\b", "", phrase.lower())
    text = re.sub(r"^(?:(?:the|a|an|one|his|her|its|their)\s+)+", "", text)
    text = re.sub(r"^(?:(?:mr|mrs|ms|dr)\.?\s+)", "", text)
    return re.sub(r"[^\w]+", "_", text).strip("_")


_INDEFINITE = {"a", "an", "one", "two", "three", "several", "some", "many", "other",
               "another", "multiple", "numerous"}


def name_tokens(tokens: Iterable[Token], vocab: Vocabulary) -> list[Token]:
    """The personal name ending a phrase: its last run of capitalised words that are not
    titles, body nouns or nationalities ('the regional governor, |Pavlo Kyrylenko|')."""
    run: list[Token] = []
    for tok in reversed([t for t in tokens if t.kind != "PUNCT"]):
        if tok.kind == "PART" and run:
            run.append(tok)
            continue
        if tok.kind != "CAP" or _is_title(tok, vocab):
            break
        run.append(tok)
    while run and run[-1].kind == "PART":
        run.pop()
    return run[::-1]


def _is_title(tok: Token, vocab: Vocabulary) -> bool:
    bare = tok.base.rstrip(".")
    return (bare in _TITLES or tok.text in vocab.capitalised_nouns
            or tok.text in vocab.nationality_words or tok.text in vocab.not_speakers
            or bare in vocab.nouns or bare in vocab.modifiers or tok.text.isupper())


def guess_type(phrase: Phrase, vocab: Vocabulary) -> str:
    """Speaker type of a phrase that names no known actor."""
    toks = [t for t in phrase.tokens if t.kind != "PUNCT"]
    core = [t for t in toks if phrase.name_start <= t.start and t.end <= phrase.name_end]
    lows = {t.low for t in toks}
    if phrase.postmodifier or lows & {"unnamed", "anonymous"}:
        return "anonymous source"
    names = name_tokens(core, vocab)
    if not names and core and core[0].low in _INDEFINITE:
        return "anonymous source"  # "one western analyst", "a senior EU diplomat"
    if names and not any(t.kind == "LINK" for t in core):
        before = core[:-len(names)]
        if len(names) >= 2 or (before and before[-1].kind in ("CAP", "ROLE") and (
                before[-1].base.rstrip(".") in _TITLES
                or vocab.nouns.get(before[-1].base) == "person")):
            return "person"
    for tok in reversed(core):
        kind = vocab.capitalised_nouns.get(_POSSESSIVE.sub("", tok.text))
        if tok.kind == "CAP" and kind:
            return kind
        if tok.kind == "ROLE":
            return vocab.nouns[tok.base]
    if core and core[0].low in _INDEFINITE:
        return "anonymous source"
    caps = [t for t in core if t.kind == "CAP"]
    if len(caps) == 1 and core[0].low not in _DEFINITE and not caps[0].text.isupper():
        return "person"  # "Fuller said": news names people by surname
    return "organisation"


def role_key(word: str) -> str:
    """What a role noun is looked up by: 'spokeswoman' -> 'spokes', 'officials' -> 'official'."""
    low = word.lower()
    if low.startswith("spokes"):
        return "spokes"
    if low.endswith("ies"):
        return low[:-3] + "y"
    if low.endswith("s") and not low.endswith("ss") and low not in {"forces", "news"}:
        return low[:-1]
    return low

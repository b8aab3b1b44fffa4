"""Claims: who said what. One row per attributed statement in each document.

The reporting verbs and speaker words are data (``analystkit/data/attribution.toml``), the
actors too (``analystkit/data/actors.toml``); the grammar of a speaker phrase lives in
:mod:`analystkit._attribution`. Every step scans a document once or looks at a bounded
window around a reporting verb, so time is linear in the text's length.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analystkit._attribution import (
    DATELINE,
    Actor,
    ActorIndex,
    Phrase,
    Token,
    Vocabulary,
    _is_title,
    guess_type,
    name_tokens,
    normalise_id,
    np_after,
    np_before,
    resolve_phrase,
    role_key,
)
from analystkit._inputs import iter_documents
from analystkit._parsed import parse
from analystkit.actors import actor_index
from analystkit.schemas import CLAIMS
from analystkit.sentences import readable, split_sentences

__all__ = ["extract_claims"]

LOOKBACK = 3  # sentences searched back for the antecedent of "he" / "the spokesman"
MAX_QUOTE = 3000

# a quotation within one paragraph: curly, straight or guillemets
_QUOTE = re.compile(
    rf"“[^“”\n]{{1,{MAX_QUOTE}}}”|\"[^\"\n]{{1,{MAX_QUOTE}}}\"|«[^«»\n]{{1,{MAX_QUOTE}}}»"
)
_OPEN = "\"“«"
# an opening mark whose paragraph ends before any closing one
# (the mark comes first, then a look back that it opens a word: a pattern that starts
# with a look-behind is tried at every character, five times slower)
_OPEN_QUOTE = re.compile(
    rf"[“«\"](?<!\S[“«\"])(?=\w)[^“”«»\"\n]{{20,{MAX_QUOTE}}}(?=\n|$)", re.MULTILINE)
# "- We warn the United States … - said Riabkow": a line opened by a dash, closed by a
# dash before a lower-case word (the verb or a pronoun)
_DASH_QUOTE = re.compile(
    r"(?:^|(?<=[.!?][\"”]))[ \t]*([-–—])[ \t]+([A-Z][^\n]{10,1500}?[^\s\-–—])[ \t]*[-–—]"
    r"(?=[ \t]*(?:[a-z]+\s+)?[a-z]+\b)",
    re.MULTILINE)
_DASH_QUOTE_HINT = re.compile(r"[-–—][ \t]+[A-Z]")  # where a dash quote can start (cheap)
_CLOSE = "\"”»"
_DAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_MONTHS = ("Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
           "Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?")
# what may stand between a verb and its reported clause: "said |on Friday| that …"
_PP = re.compile(
    r"(?:\s+(?:"
    rf"(?:(?:late|early|earlier|later)\s+)?on\s+(?:{_DAYS})(?:\s+(?:morning|afternoon|evening|night))?"
    rf"|on\s+(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?|on\s+\d{{1,2}}\s+(?:{_MONTHS})"
    r"|in\s+(?:a|an|his|her|its|their|the)\s+(?:[\w-]+\s+){0,2}"
    r"(?:statement|post|interview|address|message|video|briefing|speech|tweet|letter|update"
    r"|report|comments?|remarks)(?:\s+(?:posted|published|released|broadcast)\s+on\s+"
    r"(?:the\s+)?[\w-]+)?"
    r"(?:\s+(?:on|to|with)\s+(?:the\s+)?[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})?"
    r"|on\s+(?:the\s+)?(?:Telegram|Facebook|X|Twitter|Instagram|social\s+media|television|TV"
    r"|state\s+television)(?:\s+messaging\s+app|\s+app|\s+channel)?"
    r"|at\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,2}(?:news\s+conference|press\s+conference|briefing"
    r"|summit|meeting|event|rally|forum)(?:\s+in\s+[A-Z][\w-]*)?"
    r"|earlier|later|today|yesterday|overnight|again|also|separately|publicly|privately"
    r"|recently|(?:this|last)\s+(?:week|month|year|morning|evening|night|weekend)"
    r"))*"
)
_THAT = re.compile(
    r"(?:\s+(?:on|in|at|during|after|before|following|to|with|via|from|through|late|early"
    r"|earlier|later|last|this|overnight|also|again|separately|publicly|privately|today"
    r"|yesterday|repeatedly|previously|recently)\b[^,.;:\"“”«»\n]{0,60}?"
    r"|\s+(?:me|him|her|us|them|you))?\s*,?\s*that\b\s*"
)
_COLON_QUOTE = re.compile(r"\s*:?\s*(?=[\"“«])")
_BARE = re.compile(r"\s*,?\s+(?=[A-Za-z0-9\"“«(])")
# an addressee may hold commas and abbreviations: "told the EU's top diplomat, Ms. Kaja Kallas,"
_AUDIENCE = (r"(?:[^.;:\"“”«»\n]|(?<=Mr)\.|(?<=Ms)\.|(?<=Mrs)\.|(?<=Dr)\.|(?<=\b[A-Z])\.)"
             r"{1,120}?")
_TELL_THAT = re.compile(r"\s+(?=[\w(])" + _AUDIENCE + r"(?:\s*,)?\s+that\b\s*")
_TELL_COLON = re.compile(r"\s+(?=[\w(])" + _AUDIENCE + r"\s*:\s*(?=[\"“«])")
_TELL_BARE = re.compile(
    r"\s+(?:reporters|journalists|the\s+media|the\s+press"
    r"|(?:the\s+)?[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})(?=\s)"
)
_CLAUSE_OPENER = r"(?:the|a|an|he|she|it|they|we|his|her|their|its|this|there|[A-Z][a-z]+)"
_TAIL_AUDIENCE = re.compile(
    r"\s+(?:reporters|journalists|the\s+media|the\s+press|(?:the|a|an)\s+(?:[\w'’-]+\s+){0,3}"
    r"(?:newspaper|broadcaster|channel|agency|outlet|station|radio|television|magazine|site"
    r"|website|conference|briefing|parliament|audience|gathering|meeting|forum|summit)"
    r"|(?:national|state|local|public|regional|Russian|Ukrainian|German|British|French|US"
    r"|American)\s+(?:television|TV|radio|media|broadcaster)"
    r"|(?:the\s+)?[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}(?:\s+(?:newspaper|broadcaster|radio"
    r"|television|channel|agency))?)"
)
# after a closing attribution, the writer goes on: "…, the governor said, as attacks grew"
_LIVES = re.compile(r"(?:(?<=[Cc]laimed)|(?<=[Cc]laims))(?:[ \t]+[\w,.]+){0,4}?[ \t]+lives\b")
_NARRATION = re.compile(r"\s*,\s+(?:as|after|while|when|amid|following|before|despite|with|and"
                        r"|but|where|which|prompting|citing|adding|saying|in\s+a"
                        # an appositive on the event reported: "…, officials said on
                        # Friday, one of a string of attacks", "…, the latest in …"
                        r"|(?:one|part)\s+of|the\s+(?:latest|deadliest|largest|biggest|worst"
                        r"|first|second|third))\b")
_APPOSITIVE = re.compile(r"\s*,\s+(?:a|an|the|who|now)\s+[^,;:\"“”«»\n]{1,120}")
_LABEL = re.compile(
    r"\s+(?!for\b|on\b|off\b|up\b|in\b|out\b|at\b|to\b)"
    r"[^,.;:\"“”«»\n]{1,80}?\s+(?:as\s+)?(?=[\"“«])"
)
_ACCUSE = re.compile(r"\s+(?=\w)[^,.;:\"“”«»\n]{1,80}?\s+(?:of|for)\s+(?=[\w“\"«])")
_NOT_CLAUSE_START = {
    "on", "in", "at", "to", "for", "with", "by", "from", "as", "during", "after", "before",
    "and", "but", "or", "if", "when", "while", "because", "of", "about", "into", "goodbye",
    "nothing", "so", "yes", "no", "thank", "thanks", "hello", "sorry", "otherwise",
    "is", "was", "are", "were", "has", "have", "had", "will", "would", "can", "could",
    "should", "may", "might", "must", "does", "did", "do", "be", "been", "being", "not",
    "me", "him", "us", "them", "you",
}
_COORDINATED = re.compile(r"(?:,\s*|\s+)(?:and|but)\s+(?:(?:also|then|later|further)\s+)?"
                          r"|\s+[–—-]+\s+(?:and\s+|but\s+)?(?:(?:also|then|later)\s+)?")
# what may stand between a claim and an untagged quotation after it: '… he said. “…'
_ORPHAN_GAP = re.compile(r"(?:\s+[^\s\"“”«»,;:]+){0,8}\s*[.,]?[\s”\"»]*")
# "…, and according to X, CONTENT": a new clause opens with the attribution
_CLAUSE_JOIN = re.compile(r"[,;]\s*(?:and|but|while|whereas)$|;$")
_SINCE = re.compile(r"(?:since|in|on|from|as\s+of|for)\s+[^,.;:\n]{1,30}(?=[,.])")
_APPOSED = re.compile(r",\s+(?:the|a|an)\s+(?:(?:former|then|ex-?|acting|late)\s+)?"
                     r"(?:[\w’'-]+\s+){0,2}")
_IT_SUBJECT = re.compile(r"(It)\s+(?:(?:also|later|further|then|previously)\s+)?")
_IT_BEFORE = re.compile(r"(?<![\w])(it)[ \t]+(?:(?:also|later|further|then)[ \t]+)?$")
_CITING = re.compile(r"[”\"»]?\s*,?\s+citing\s+")
_REST = re.compile(r"[\s,;]*(?:(?:with|and|while|as|amid)\s+)?")
_AFTER_QUOTE = re.compile(r"[^.!?\n\"“”«»]{0,60}")
_INDEFINITE_WORDS = {"a", "an", "one", "two", "three", "several", "some", "many", "other",
                     "another", "multiple", "numerous"}
_WHO = re.compile(r",\s*who\s+(?:(?:also|has|had|have|later|earlier|previously|then|once"
                  r"|[a-z]{3,}ly)\s+)*")
# words that cannot open the object of an evaluating or directive verb ("vowed |to| …" can)
_NOT_OBJECT_START = {
    "and", "but", "or", "if", "when", "while", "because", "is", "was", "are", "were", "has",
    "have", "had", "by", "from", "into", "of", "with", "as", "than", "me", "him", "us",
    "them", "you", "it", "so", "not", "no", "yes", "which", "who", "whom", "what", "after",
    "before", "since", "until", "during", "about", "at", "on", "in",
}
# a subordinate clause: "While experts have said …, the statements raised fears"
_SUBORDINATE = re.compile(r"(?:While|Although|Though|Whereas|As|If|When|Because|Since|Even\s+"
                          r"(?:though|as|if)|Despite|After|Before|Unless|Until)\b")
_LEADING_ADVERBIAL = re.compile(r"(?:[A-Z][\w'’-]*(?:\s+[\w'’-]+){0,4}),\s+")
_FIRST_NAME_STOP = {
    "the", "a", "mr", "mrs", "ms", "dr", "president", "minister", "governor", "mayor", "said",
    "says", "in", "on", "at", "but", "and", "when", "while", "as", "after", "before", "with",
    "general", "gen", "chancellor", "secretary", "prime", "foreign", "defence", "defense",
    "senator", "sen", "ambassador", "commander", "chief", "spokesman", "spokeswoman",
}
_AS_SAYING = re.compile(
    r"\s+(?=\w)[^,.;:\"“”«»\n]{1,100}?\s+as\s+(?:saying|stating|telling|writing)\b")
# "Kremlin: talks are impossible": a source of one to five words, a colon, three words
_HEADLINE_COLON = re.compile(r"([A-Z][^:\n\"“”«»,;]{1,50}?):[ \t]+(\S+(?:[ \t]+\S+){2,})")
_LABEL_PREFIX = re.compile(r"[^:\"“”«»\n]{1,80}:\s+(?=[A-Z])")
_ABBREV_END = re.compile(r"(?:\b[A-Z]\.)+$|\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr)\.$")


@dataclass
class _Claim:
    start: int
    end: int
    speaker_start: int
    speaker_end: int
    speaker: str
    speaker_id: str
    speaker_type: str
    verb: str
    content: str
    direct: bool
    sid: int
    quote_first: bool = False
    role: str = ""
    gender: str = ""
    content_start: int = -1
    content_end: int = -1
    cue: str = "verb"
    chain: str = ""


_PATTERNS: dict[int, tuple[Vocabulary, re.Pattern[str], re.Pattern[str]]] = {}


def _document_patterns(vocab: Vocabulary) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The clause-cut and quote-link patterns of a vocabulary, compiled once for it."""
    hit = _PATTERNS.get(id(vocab))
    if hit is not None and hit[0] is vocab:
        return hit[1], hit[2]
    stops = "|".join(sorted({*vocab.participles, *vocab.content_stops,
                             *vocab.according}, key=len, reverse=True))
    cut = re.compile(r",[\"”’»]?\s+(?=(?:(?:and|but)\s+)?(?:" + stops + r")\b)")
    links = "|".join(re.escape(x) for x in vocab.quote_links)
    link = re.compile(
        r"\s+(?=\w)([^,.;:\"“”«»\n]{1,100}?)\s+(" + links + r")\b\s*,?\s*(?:that\b\s*)?")
    if len(_PATTERNS) > 16:
        _PATTERNS.clear()
    _PATTERNS[id(vocab)] = (vocab, cut, link)
    return cut, link


class _Document:
    """Claims of one document."""

    def __init__(self, text: str, index: ActorIndex, vocab: Vocabulary,
                 sents: list[tuple[int, int]] | None = None):
        self.text = text
        self.index = index
        self.vocab = vocab
        self.sents = split_sentences(text) if sents is None else sents
        self.sent_starts = [s for s, _ in self.sents]
        # content spans of quotations whose marks are not one character each side: a
        # quotation left open at a paragraph's end (it goes on in the next paragraph) and
        # a dash-introduced quote ("- We warn … - said X")
        self.quote_content: dict[int, tuple[int, int]] = {}
        self.dash_content: set[int] = set()
        self.quotes = self._find_quotes(text)
        self.quote_starts = [s for s, _ in self.quotes]
        self.quote_at = {s: e for s, e in self.quotes}
        self.quote_ending = {e: s for s, e in self.quotes}
        self.mentions = [(s, e, a, self.sid_of(s)) for s, e, a in index.mentions(text)]
        self.mention_starts = [m[0] for m in self.mentions]
        self.claims: list[_Claim] = []
        self._phrases: dict[int, Phrase | None] = {}
        # surname -> indices of the person mentions / the person claims holding it (built
        # on first use; claims indexed as they are appended), so that looking a surname
        # up never scans the document: time stays linear in its length
        self._mention_names: dict[str, list[int]] | None = None
        self._claim_names: dict[str, list[_Claim]] = {}
        self._claims_named = 0
        self.cue_re = vocab.cue_regex
        self.cut_re, self.quote_link_re = _document_patterns(vocab)

    def _find_quotes(self, text: str) -> list[tuple[int, int]]:
        quotes = [(m.start(), m.end()) for m in _QUOTE.finditer(text)]
        for m in _OPEN_QUOTE.finditer(text):
            # an opening mark with no closing one before the paragraph ends
            end = m.end()
            while end > m.start() and text[end - 1].isspace():
                end -= 1
            if text[m.start()] == '"' and text.count('"', text.rfind("\n", 0, m.start()) + 1,
                                                    end) % 2 == 0:
                continue
            quotes.append((m.start(), end))
            self.quote_content[m.start()] = (m.start() + 1, end)
        for m in _DASH_QUOTE.finditer(text) if _DASH_QUOTE_HINT.search(text) else ():
            quotes.append((m.start(1), m.end()))
            self.quote_content[m.start(1)] = (m.start(2), m.end(2))
            self.dash_content.add(m.start(2))
        quotes.sort()
        out: list[tuple[int, int]] = []
        for q in quotes:  # nested or overlapping spans: keep the first
            if out and q[0] < out[-1][1]:
                continue
            out.append(q)
        return out

    # ------------------------------------------------------------------ helpers
    def phrase_before(self, pos: int, ss: int) -> Phrase | None:
        """np_before for the cue at ``pos`` (computed once per cue)."""
        if pos not in self._phrases:
            self._phrases[pos] = np_before(self.text, pos, ss, self.vocab)
        return self._phrases[pos]

    def sid_of(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.sent_starts, pos) - 1)

    def in_quote(self, pos: int) -> bool:
        i = bisect.bisect_right(self.quote_starts, pos) - 1
        return i >= 0 and self.quotes[i][0] < pos < self.quotes[i][1]

    def quote_before(self, pos: int, lo: int) -> tuple[int, int] | None:
        """The quotation ending right before ``pos`` (only blank space between) whose words
        run on into the attribution: closed by a comma, ?, ! or a dash ('"…," X said'), not
        by a full stop ('"…fruitful." Zelenskyy said …' is a new sentence)."""
        k = pos
        while k > lo and self.text[k - 1].isspace():
            k -= 1
        start = self.quote_ending.get(k)
        if start is None or k - start < 3:
            return None
        if self.text[k - 2] not in ",?!—–-…" and start not in self.quote_content:
            return None
        return start, k

    def body_start(self, ss: int, se: int) -> int:
        m = DATELINE.match(self.text, ss, se)
        return m.end() if m else ss

    def clause_start(self, ss: int, se: int) -> int:
        """Where a clause credited at its end starts: after a dateline and a short label
        ('Here is a round-up of the day’s top headlines: Russia has …')."""
        body = self.body_start(ss, se)
        m = _LABEL_PREFIX.match(self.text, body, se)
        return m.end() if m else body

    # ------------------------------------------------------------------ main loop
    def run(self) -> list[_Claim]:
        by_sentence: dict[int, list[re.Match[str]]] = {}
        for m in self.cue_re.finditer(self.text):
            if _LIVES.match(self.text, m.end()):
                continue  # "the war has claimed the lives of 14,000 people": not said
            if not self.in_quote(m.start()):
                by_sentence.setdefault(self.sid_of(m.start()), []).append(m)
        for sid in sorted(by_sentence):
            self.sentence(sid, by_sentence[sid])
        self.headline_colons(by_sentence)
        self.nest_according()
        self.orphan_quotes()
        return self.claims

    def sentence(self, sid: int, cues: list[re.Match[str]]) -> None:
        text, vocab = self.text, self.vocab
        ss, se = self.sents[sid]
        body = self.body_start(ss, se)
        cuts = _Cuts(m.start() for m in self.cut_re.finditer(text, ss, se))
        cuts.update(self.soft_cuts(ss, se))
        found = []
        for m in cues:
            kind, frame = vocab.verb_frame(m.group())  # type: ignore[misc]
            found.append((m, kind, frame))
        # tails first, right to left: "…, a spokesman said on July 4, Reuters reported."
        tails: dict[int, tuple[Phrase, int]] = {}
        for m, kind, _frame in reversed(found):
            if kind != "verb":
                continue
            tail = self.tail(m, ss, se, cuts)
            if tail is not None:
                tails[m.start()] = tail
                cuts.add(tail[1])
        # "X said A and Y said B": A ends where the second attribution starts
        coordinated: set[int] = set()
        for m, kind, _frame in found:
            if kind != "verb":
                continue
            phrase = self.phrase_before(m.start(), ss)
            if phrase is not None:
                co = re.search(r"(?:,\s*|\s+)(?:and|but|while|whereas)\s+$",
                               text[max(ss, phrase.start - 12):phrase.start])
                if co:
                    cuts.add(max(ss, phrase.start - 12) + co.start())
            elif m.start() not in tails:
                # "X said A, and added: B", "… – but added that B": one subject, two verbs
                co = _COORDINATED.search(text, max(ss, m.start() - 30), m.start())
                if co and co.end() == m.start() and co.start() > ss and not any(
                        k in self.quote_ending and not self._quoted_fragment(k, ss)
                        for k in range(co.start(), co.end() + 1)):
                    cuts.add(co.start())
                    coordinated.add(m.start())
        for m, kind, frame in found:
            if kind == "according":
                self.according(m, sid, body, se, cuts)
            elif kind == "verb" and m.start() in coordinated:
                self.coordinated(m, frame, sid, se, cuts)
            elif kind == "verb":
                self.verb(m, frame, sid, ss, body, se, cuts, tails.get(m.start()))
            else:
                self.participle(m, frame, sid, ss, body, se, cuts)

    def nest_according(self) -> None:
        """Nested attribution gives one claim, the innermost speaker's, with the outer
        ones as its chain (claims guideline): 'X said A, according to Reuters' -> X,
        relayed by Reuters; 'the governor said Russia had said A' -> Russia, relayed by
        the governor. An 'according to' that covers more than the inner claim keeps the
        rest as its own content ('…, with 824 troops dying each day, according to …')."""
        drop = set()
        by_sid: dict[int, list[_Claim]] = {}
        for c in self.claims:
            by_sid.setdefault(c.sid, []).append(c)
        for group in by_sid.values():
            if len(group) < 2:
                continue
            for a in group:
                if a.cue == "according":
                    inner = [c for c in group if c is not a and c.cue != "according"
                             and a.content_start <= c.speaker_start
                             and c.content_end <= a.content_end + 1]
                else:
                    inner = [c for c in group if c is not a and c.speaker_id != a.speaker_id
                             and 0 <= c.speaker_start - a.content_start <= 1
                             and c.content_end <= a.content_end + 1]
                if not inner:
                    continue
                last = max(c.content_end for c in inner)
                if a.cue == "according" and last < a.content_end - 2:
                    rest = _REST.match(self.text, last, a.content_end)
                    if rest and len(self.text[rest.end():a.content_end].split()) >= 2:
                        a.content_start = rest.end()
                        a.content = self.text[a.content_start:a.content_end]
                        continue
                relay = a.speaker if not a.chain else f"{a.speaker}; {a.chain}"
                for c in inner:
                    c.chain = relay if not c.chain else f"{c.chain}; {relay}"
                drop.add(id(a))
        if drop:
            self.claims = [c for c in self.claims if id(c) not in drop]
        for c in self.claims:
            self.citing(c)

    def citing(self, c: _Claim) -> None:
        """'…, Reuters reported, citing two people familiar with the matter': the people
        cited speak, relayed by Reuters."""
        m = _CITING.match(self.text, c.end)
        if m is None:
            return
        se = self.sents[self.sid_of(c.end)][1]
        phrase = np_after(self.text, m.end(), se, self.vocab)
        if phrase is None:
            return
        resolved = self.resolve(phrase, c.sid)
        if resolved is None:
            return
        sp_start, sp_end, c.speaker_id, c.speaker_type, c.role, c.gender = resolved
        c.chain = c.speaker if not c.chain else f"{c.speaker}; {c.chain}"
        c.speaker, c.speaker_start, c.speaker_end = self.text[sp_start:sp_end], sp_start, sp_end
        c.end = max(c.end, sp_end)

    def soft_cuts(self, ss: int, se: int) -> set[int]:
        return set()

    # ------------------------------------------------------------------ patterns
    def tail(self, m: re.Match[str], ss: int, se: int, cuts: set[int],
             ) -> tuple[Phrase, int] | None:
        """'…, X said (on July 4).' or '…, said X.' at the end of a sentence (or before
        another such attribution): the clause before the comma is the content."""
        text, vocab = self.text, self.vocab
        phrase = self.phrase_before(m.start(), ss)
        after = m.end()
        if phrase is None:
            k = m.start()
            while k > ss and text[k - 1].isspace():
                k -= 1
            if k <= ss or text[k - 1] != ",":
                return None
            phrase = np_after(text, self._skip_space(m.end()), se, vocab)
            if phrase is None:
                return None
            comma, after = k - 1, phrase.end
        else:
            k = phrase.start
            while k > ss and text[k - 1].isspace():
                k -= 1
            if k <= ss or text[k - 1] != ",":
                return None
            comma = k - 1
        limit = _next_cut(cuts, after - 1, se)
        if not self.trailer(after, limit, self.vocab.verbs.get(m.group()) == "tell",
                            inverted=after != m.end()):
            return None
        if comma <= self.body_start(ss, se):
            return None
        return phrase, comma

    def trailer(self, pos: int, limit: int, tell: bool, inverted: bool) -> bool:
        """Is text[pos:limit] only what may follow a closing attribution: time and place
        ('on Tuesday', 'in a statement'), an addressee after 'told', an appositive after an
        inverted speaker (', said Haidai, the governor.')?"""
        text = self.text
        p = _PP.match(text, pos, limit).end()
        if tell:
            a = _TAIL_AUDIENCE.match(text, p, limit)
            if a:
                p = _PP.match(text, a.end(), limit).end()
        if inverted:
            for _ in range(2):
                a = _APPOSITIVE.match(text, p, limit)
                if a:
                    p = a.end()
        rest = text[p:limit]
        return re.fullmatch(r"[\s.!?”’\")\]]*", rest) is not None or \
            _NARRATION.match(rest) is not None

    def according(self, m: re.Match[str], sid: int, body: int, se: int,
                  cuts: set[int]) -> None:
        text = self.text
        phrase = np_after(text, self._skip_space(m.end()), se, self.vocab)
        if phrase is None:
            return
        before = text[body:m.start()].strip()
        if not before or before.endswith((":", "--", "—")) or _CLAUSE_JOIN.search(before):
            # "According to X, CONTENT"
            k = self._skip_space(phrase.end)
            lag = _SINCE.match(text, k, se)  # "according to X since February 2023, …"
            if lag:
                k = lag.end()
            if re.fullmatch(r"[^,;:\n\"“”]{0,40}\.\s*", text[k:se]) and \
                    sid + 1 < len(self.sents) and "\n" not in text[k:self.sents[sid + 1][0]]:
                # "According to data confirmed by the BBC.Two colonels … were killed.":
                # a source standing alone before the sentence it introduces
                ns, ne = self.sents[sid + 1]
                span = self._trim(ns, ne)
                if span is not None:
                    self.add(m.start(), span[1], phrase, sid, m.group(), *span)
                return
            if k >= se or text[k] != ",":
                return
            span = self._trim(k + 1, self.content_end(k + 1, se, cuts))
            if span is not None:
                self.add(m.start(), span[1], phrase, sid, m.group(), *span)
            return
        k = m.start()
        while k > body and text[k - 1].isspace():
            k -= 1
        if k <= body or text[k - 1] not in ",(":
            return
        span = self.clause_start(body, k - 1), k - 1
        span = self._trim(*span) if span[0] < span[1] else None
        if span is not None:
            self.add(span[0], phrase.end, phrase, sid, m.group(), *span)

    def verb(self, m: re.Match[str], frame: str, sid: int, ss: int, body: int, se: int,
             cuts: set[int], tail: tuple[Phrase, int] | None) -> None:
        text, vocab = self.text, self.vocab
        if tail is not None:
            phrase, comma = tail
            cs = self.clause_start(body, comma)
            span = self._trim(cs, comma) if cs < comma else None
            if span is None:
                return
            cs, ce = span
            if text[cs] in _OPEN and self.quote_at.get(cs) == ce:  # '"…", X said'
                self.add_quote((cs, ce), phrase, sid, m, quote_first=True)
                return
            self.add(cs, max(phrase.end, m.end()), phrase, sid, m.group(), cs, ce)
            return
        phrase = self.phrase_before(m.start(), ss)
        if phrase is None:
            phrase = self.relative_subject(m.start(), ss) or self.it_subject(m.start(), body)
            if phrase is not None:
                self.forward(m, frame, phrase, sid, se, cuts)
                return
            phrase = self.it_after_quote(m.start(), ss)  # '“…,” it said': quoted below
        if phrase is None:
            # inverted after a quotation: '"…," said X'
            k = m.start()
            while k > ss and text[k - 1] in " ,\t":
                k -= 1
            quote = (self.quote_ending[k], k) if k in self.quote_ending else None
            if quote is None or frame not in ("clause", "that"):
                return
            phrase = np_after(text, self._skip_space(m.end()), se, vocab)
            if phrase is not None:
                self.add_quote(quote, phrase, sid, m, quote_first=True)
            return
        quote = self.quote_before(phrase.start, ss - MAX_QUOTE)
        if quote is not None:
            self.add_quote(quote, phrase, sid, m, quote_first=True)
            return
        if frame in ("clause", "that") and self.parenthetical(m, phrase, sid, body, se, cuts):
            return
        self.forward(m, frame, phrase, sid, se, cuts)

    def forward(self, m: re.Match[str], frame: str, phrase: Phrase, sid: int, se: int,
                cuts: set[int], start: int | None = None) -> None:
        """The frame after the verb: that-clause, colon and quote, label, accusation…"""
        text = self.text
        start = phrase.start if start is None else start
        pos = m.end()
        if frame in ("clause", "that") and self._inherit is None:
            q = _AS_SAYING.match(text, pos, se)
            if q:  # "Reuters reported the southern command as saying (that) …"
                frame = "quote"
        if frame in ("clause", "that"):
            p = _PP.match(text, pos, se).end()
            t = _THAT.match(text, p, se)
            if t:
                if self.clause_starts(t.end(), se):  # not "says that is the warning"
                    self.add_clause(start, phrase, sid, m.group(), t.end(), se, cuts)
                return
            c = _COLON_QUOTE.match(text, p, se)
            if c and c.end() in self.quote_at:
                q = (c.end(), self.quote_at[c.end()])
                after = text[q[1]:se].strip()
                if not after or after[0] in ".,;!?" or ":" in text[p:c.end()]:
                    self.add_quote(q, phrase, sid, m, start=start)
                    return
            if frame == "clause":
                b = _BARE.match(text, p, se)
                if b and self.clause_starts(b.end(), se):
                    self.add_clause(start, phrase, sid, m.group(), b.end(), se, cuts,
                                    min_words=2)
            return
        if frame in ("object", "directive"):
            self.object_frame(m, phrase, sid, se, cuts, start, frame == "directive")
            return
        if frame == "tell":
            t = _TELL_THAT.match(text, pos, se)
            if t:
                self.add_clause(start, phrase, sid, m.group(), t.end(), se, cuts)
                return
            c = _TELL_COLON.match(text, pos, se)
            if c and c.end() in self.quote_at:
                self.add_quote((c.end(), self.quote_at[c.end()]), phrase, sid, m, start=start)
                return
            b = _TELL_BARE.match(text, pos, se)
            if b:
                cs = _PP.match(text, b.end(), se).end()
                cs = self._skip_space(cs)
                if cs < se and text[cs] == ",":
                    cs = self._skip_space(cs + 1)
                first = re.match(r"[\w'’-]+", text[cs:se])
                if first and re.fullmatch(_CLAUSE_OPENER, first.group()) and \
                        self.clause_starts(cs, se):
                    self.add_clause(start, phrase, sid, m.group(), cs, se, cuts, min_words=3)
            return
        if frame == "label":
            lab = _LABEL.match(text, pos, se)
            if lab and lab.end() in self.quote_at:
                self.add_quote((lab.end(), self.quote_at[lab.end()]), phrase, sid, m,
                               start=start)
            return
        if frame == "accuse":
            a = _ACCUSE.match(text, pos, se)
            if a:
                self.add_clause(start, phrase, sid, m.group(), self._skip_space(pos), se, cuts)
            return
        if frame == "quote":
            q = self.quote_link_re.match(text, pos, se)
            if not q:
                return
            quoted = np_after(text, q.start(1), q.end(1), self.vocab)
            if quoted is None or quoted.end != q.end(1):
                return
            cs = q.end()
            relay = self.resolve(phrase, sid) if self._inherit is None else None
            chain = self.text[relay[0]:relay[1]] if relay else ""
            if cs in self.quote_at:
                qq = (cs, self.quote_at[cs])
                self.add_quote(qq, quoted, sid, q, verb_group=2, start=start, chain=chain)
            else:
                self.add_clause(start, quoted, sid, q.group(2), cs, se, cuts, chain=chain)

    def parenthetical(self, m: re.Match[str], phrase: Phrase, sid: int, body: int, se: int,
                      cuts: set[int]) -> bool:
        """'Russia, Kahl said, has had 70,000 casualties': the attribution splits the
        clause; the content is the part after it (claims guideline)."""
        text = self.text
        k = phrase.start
        while k > body and text[k - 1].isspace():
            k -= 1
        if k <= body or text[k - 1] != ",":
            return False
        lead = text[body:k - 1]
        if not lead.strip() or len(lead.split()) > 6 or re.search(r"[,;:\"“”]", lead):
            return False
        p = _PP.match(text, m.end(), se).end()
        after = re.match(r"\s*,\s+", text[p:se])
        if after is None:
            return False
        cs = p + after.end()
        ce = self.content_end(cs, se, cuts)
        span = self._trim(cs, ce)
        if span is None or len(text[span[0]:span[1]].split()) < 2:
            return False
        self.add(phrase.start, span[1], phrase, sid, m.group(), *span)
        return True

    def _quoted_fragment(self, end: int, ss: int) -> bool:
        """Is the quotation ending at ``end`` a fragment inside a reported clause ('said
        its forces were “moving south” and predicted …'), not a quotation that opens the
        sentence ('“…” and added')?"""
        start = self.quote_ending[end]
        if start <= ss or start in self.quote_content:  # (a dash or an open quotation)
            return False
        return not self.text[ss:start].strip().endswith((":", ",")) and \
            not self.text[start + 1:end - 1].rstrip().endswith((",", ".", "!", "?"))

    def coordinated(self, m: re.Match[str], frame: str, sid: int, se: int,
                    cuts: set[int]) -> None:
        """A second verb of the same subject ('…, and added: “…”'): the speaker of the
        last claim in the sentence says more."""
        for c in reversed(self.claims):
            if c.sid != sid:
                break
            if c.speaker_end <= m.start() and c.content_start < m.start():
                self.forward_continuation(m, frame, c, sid, se, cuts)
                return

    def it_subject(self, pos: int, body: int) -> Phrase | None:
        """'It said …' opening a sentence, right after a claim of an organisation: the
        organisation speaks again ('The president’s office said … . It said …')."""
        m = _IT_SUBJECT.match(self.text, body)
        if m is None or m.end() != pos:
            return None
        sid = self.sid_of(pos)
        for c in reversed(self.claims):
            if c.sid < sid - 1:
                return None
            if c.sid < sid and c.speaker_type in ("organisation", "government body", "media"):
                tok = Token(m.group(1), m.start(1), m.end(1), "WORD")
                return Phrase(tok.start, tok.end, (tok,), pronoun=True)
        return None

    def it_after_quote(self, pos: int, ss: int) -> Phrase | None:
        """'“…,” it said in its daily update', right after a claim of an organisation in
        this sentence or the two before: the organisation speaks again."""
        m = _IT_BEFORE.search(self.text, max(ss, pos - 24), pos)
        if m is None or self.quote_before(m.start(1), ss - MAX_QUOTE) is None:
            return None
        sid = self.sid_of(pos)
        for c in reversed(self.claims):
            if c.sid < sid - 2:
                return None
            if c.speaker_type in ("organisation", "government body", "media"):
                tok = Token(m.group(1), m.start(1), m.end(1), "WORD")
                return Phrase(tok.start, tok.end, (tok,), pronoun=True)
        return None

    def relative_subject(self, pos: int, ss: int) -> Phrase | None:
        """The person a relative 'who' before a verb stands for: 'Arif Husain, the chief
        economist at the WFP, who said …' (the name before the description), 'Kahl, who
        said …'."""
        text = self.text
        w = _WHO.search(text, max(ss, pos - 60), pos)
        if w is None or w.end() != pos:
            return None
        comma = w.start()
        # a description between two commas, opened by a determiner or a lower-case word
        prev = text.rfind(",", max(ss, comma - 140), comma)
        if prev != -1 and re.match(r"\s*(?:the|a|an|[a-z])", text[prev + 1:comma]) and \
                not re.search(r"[;:\"“”]", text[prev:comma]) and \
                len(text[prev:comma].split()) <= 12 and \
                re.search(r"\b[A-Z][\w'’.-]*$", text[max(ss, prev - 40):prev]):
            comma = prev  # 'Arif Husain, the chief economist at the WFP, who said'
        phrase = np_before(text, comma, ss, self.vocab)
        if phrase is None or phrase.pronoun or phrase.end != comma:
            return None
        if resolve_phrase(self.index, text, phrase, self.vocab) is None and \
                guess_type(phrase, self.vocab) not in ("person", "anonymous source") and \
                len(name_tokens(phrase.tokens, self.vocab)) < 2:
            return None
        return phrase

    def object_frame(self, m: re.Match[str], phrase: Phrase, sid: int, se: int,
                     cuts: set[int], start: int, directive: bool = False) -> None:
        """A verb whose content is a clause or its object: 'rejected suggestions that …',
        'urged residents to leave', 'praised X as a “lion of democracy”'."""
        text = self.text
        p = _PP.match(text, m.end(), se).end()
        t = _THAT.match(text, p, se)
        if t and self.clause_starts(t.end(), se):
            self.add_clause(start, phrase, sid, m.group(), t.end(), se, cuts)
            return
        c = _COLON_QUOTE.match(text, p, se)
        if c and ":" in text[p:c.end()] and c.end() in self.quote_at:
            self.add_quote((c.end(), self.quote_at[c.end()]), phrase, sid, m, start=start)
            return
        b = _BARE.match(text, p, se)
        if b is None:
            return
        first = re.match(r"[“\"«‘]?([\w'’-]+)", text[b.end():se])
        if first is None or first.group(1).lower() in _NOT_OBJECT_START:
            return
        if directive and not re.match(r"(?:[^\s,.;:]+\s+){1,8}to\s+\w", text[b.end():se]):
            return  # "asked residents to leave", not "asked Chew about reports"
        self.add_clause(start, phrase, sid, m.group(), b.end(), se, cuts, min_words=2)

    def participle(self, m: re.Match[str], frame: str, sid: int, ss: int, body: int, se: int,
                   cuts: set[int]) -> None:
        text = self.text
        k = m.start()
        while k > ss and text[k - 1].isspace():
            k -= 1
        if k > ss and text[k - 1] in _CLOSE and k - 1 > ss and text[k - 2] == ",":
            k -= 1
        if k > ss and text[k - 1] == ",":
            previous = []
            for c in reversed(self.claims):
                if c.sid != sid:
                    break
                if c.speaker_end < m.start() and c.end <= m.start() + 1:
                    previous.insert(0, c)
            if previous:
                src = previous[-1]
                self.forward_continuation(m, frame, src, sid, se, cuts)
                return
            subject = self.subject(body, m.start())
            if subject is not None:
                self.forward(m, frame, subject, sid, se, cuts)
            return
        # "with officials saying that …"
        phrase = self.phrase_before(m.start(), ss)
        if phrase is None or phrase.pronoun:
            return
        before = text[max(ss, phrase.start - 6):phrase.start]
        if re.search(r"\bwith\s+$", before):
            self.forward(m, "clause" if frame == "that" else frame, phrase, sid, se, cuts)

    def forward_continuation(self, m: re.Match[str], frame: str, src: _Claim, sid: int,
                             se: int, cuts: set[int]) -> None:
        """', adding that …' after a claim: the same speaker says more."""
        before = len(self.claims)
        fake = Phrase(src.speaker_start, src.speaker_end, ())
        self._inherit = src
        try:
            self.forward(m, frame, fake, sid, se, cuts, start=src.speaker_start)
        finally:
            self._inherit = None
        for claim in self.claims[before:]:
            claim.start = min(claim.start, src.speaker_start)

    _inherit: _Claim | None = None

    def subject(self, body: int, limit: int) -> Phrase | None:
        """The speaker phrase opening a sentence ('Sybiha sharply criticized …, stating')."""
        pos = body
        lead = _LEADING_ADVERBIAL.match(self.text, pos, limit)
        candidates = [pos] + ([lead.end()] if lead else [])
        for p in candidates:
            phrase = np_after(self.text, p, limit, self.vocab)
            if phrase is None:
                continue
            nxt = re.match(r"\s+([a-z][\w-]*)", self.text[phrase.end:limit])
            if nxt and self.index.resolve(self.text[phrase.start:phrase.end], self.vocab):
                return phrase
        return None

    # ------------------------------------------------------------------ rows
    def clause_starts(self, cs: int, se: int) -> bool:
        """Does a reported clause plausibly start at ``cs`` (not 'in Kyiv', 'was …')?"""
        words = re.findall(r"[\w'’-]+", self.text[cs:min(se, cs + 40)])
        if not words:
            return False
        first = words[0].lower()
        if len(words) > 1 and (
                (first == "at" and words[1].lower() in ("least", "most"))
                or (first in ("about", "around") and words[1][0].isdigit())
                or (first == "up" and words[1].lower() == "to" and len(words) > 2
                    and words[2][0].isdigit())):
            return True
        return first not in _NOT_CLAUSE_START

    def content_end(self, cs: int, se: int, cuts: set[int]) -> int:
        ce = _next_cut(cuts, cs, se)
        seg = self.text[cs:ce]
        # keep a quotation whole when the cut falls on its closing comma: 'skies," adding'
        if (seg.count('"') % 2 == 1 or seg.count("“") > seg.count("”")) and \
                self.text[ce:ce + 2] in {',"', ",”"}:
            ce += 2
        return ce

    def add_clause(self, start: int, phrase: Phrase, sid: int, verb: str, cs: int, se: int,
                   cuts: set[int], min_words: int = 1, chain: str = "") -> None:
        ce = self.content_end(cs, se, cuts)
        ss = self.sents[sid][0]
        lead = self.text[self.body_start(ss, se):phrase.start]
        if _SUBORDINATE.match(lead) and "," not in lead:
            comma = self.text.find(",", cs, ce)
            if comma != -1:
                ce = comma
        content_span = self._trim(cs, ce)
        if content_span is None:
            return
        cs, ce = content_span
        q = self.quote_at.get(cs)
        if q is not None and q < ce and re.match(r"\s*[-–—]", self.text[q:ce]):
            ce = q  # 'stated that "…."- Russia is able …': the quotation ends the claim
        if len(self.text[cs:ce].split()) < min_words:
            return
        direct = False
        if self.text[cs] in _OPEN and self.quote_at.get(cs) == ce:
            direct = True
            cs, ce = cs + 1, ce - 1
        self.add(start, max(ce + (1 if direct else 0), phrase.end), phrase, sid, verb, cs, ce,
                 direct=direct, chain=chain)

    def add_quote(self, quote: tuple[int, int], phrase: Phrase, sid: int, m: re.Match[str],
                  *, quote_first: bool = False, start: int | None = None,
                  verb_group: int = 0, chain: str = "") -> None:
        qs, qe = quote
        cs, ce = self.quote_content.get(qs, (qs + 1, qe - 1))
        while ce > cs and self.text[ce - 1] in " ,.":
            ce -= 1
        while cs < ce and self.text[cs].isspace():
            cs += 1
        if ce <= cs:
            return
        verb = m.group(verb_group)
        verb_end = m.end(verb_group)
        if quote_first:
            span = (qs, max(phrase.end, verb_end))
        else:
            span = (phrase.start if start is None else start, qe)
        self.add(span[0], span[1], phrase, sid, verb, cs, ce, direct=True,
                 quote_first=quote_first, chain=chain)

    def add(self, start: int, end: int, phrase: Phrase, sid: int, verb: str, cs: int, ce: int,
            *, direct: bool = False, quote_first: bool = False, chain: str = "") -> None:
        while cs < ce and self.text[cs].isspace():
            cs += 1
        while ce > cs and self.text[ce - 1].isspace():
            ce -= 1
        content = self.text[cs:ce]
        if not content:
            return
        if self._inherit is not None:
            src = self._inherit
            speaker, sid_, stype, role = src.speaker, src.speaker_id, src.speaker_type, src.role
            sp_start, sp_end, gender = src.speaker_start, src.speaker_end, src.gender
        else:
            resolved = self.resolve(phrase, sid)
            if resolved is None:
                return
            sp_start, sp_end, sid_, stype, role, gender = resolved
            speaker = self.text[sp_start:sp_end]
        claim = _Claim(start=min(start, cs), end=max(end, ce), speaker_start=sp_start,
                       speaker_end=sp_end, speaker=speaker, speaker_id=sid_,
                       speaker_type=stype, verb=" ".join(verb.split()), content=content,
                       direct=direct, sid=sid, quote_first=quote_first, role=role,
                       gender=gender, content_start=cs, content_end=ce, chain=chain)
        if verb.lower() in self.vocab.according:
            claim.cue = "according"
        elif direct and cs in self.dash_content:
            claim.cue = "dash"
        self.claims.append(claim)

    def _trim(self, cs: int, ce: int) -> tuple[int, int] | None:
        text = self.text
        while cs < ce and text[cs].isspace():
            cs += 1
        while ce > cs and text[ce - 1] in " \t,;:":
            ce -= 1
        if ce > cs and text[ce - 1] == "." and not _ABBREV_END.search(text[cs:ce]):
            ce -= 1
        while ce > cs and text[ce - 1] in " \t,;:":
            ce -= 1
        return (cs, ce) if ce > cs else None

    def _skip_space(self, pos: int) -> int:
        while pos < len(self.text) and self.text[pos] in " \t\u00a0":
            pos += 1
        return pos

    # ------------------------------------------------------------------ speakers
    def resolve(self, phrase: Phrase, sid: int) -> tuple[int, int, str, str, str, str] | None:
        """(speaker start, end, speaker_id, type, role, gender) for a phrase, or None to
        drop the claim."""
        text, vocab = self.text, self.vocab
        start, end = phrase.start, phrase.end
        if phrase.pronoun and phrase.tokens[0].low == "it":
            for c in reversed(self.claims):
                if c.speaker_type in ("organisation", "government body", "media") and \
                        c.speaker_start < start:
                    return start, end, c.speaker_id, c.speaker_type, c.role, c.gender
            return None
        if phrase.pronoun:
            gender = {"he": "male", "she": "female"}.get(phrase.tokens[0].low, "")
            found = self.antecedent(sid, start, lambda c: c.speaker_type == "person",
                                    lambda a, _t: a.type == "person", gender,
                                    subject_fallback=True)
            return (start, end, *found) if found else None
        core = [t for t in phrase.tokens
                if phrase.name_start <= t.start and t.end <= phrase.name_end]
        if phrase.postmodifier and core and core[0].low not in _INDEFINITE_WORDS and \
                name_tokens(core, vocab):
            # "Riabkow quoted by The Washington Post": the named person speaks
            phrase = dataclasses.replace(phrase, postmodifier=False, end=phrase.name_end)
            end = phrase.end
        written = text[start:end]
        hit = resolve_phrase(self.index, text, phrase, vocab)
        if hit is not None:
            actor = hit.actor
            alias_start = hit.start
            prefix = [t for t in core if t.end <= alias_start and t.kind != "DET"]
            if prefix and all(t.kind == "CAP" and not _is_title(t, vocab) for t in prefix) and (
                    actor.type != "person" or any(
                        self.index.by_alias.get(m.group()) not in (None, actor.actor_id)
                        for m in self.index.regex.finditer(text, prefix[0].start,
                                                           alias_start))):
                # "Philip Oltermann Germany said" (a byline glued on), "Putin Trump said"
                start = alias_start
            return start, end, actor.actor_id, actor.type, actor.role, actor.gender
        words = [t for t in core if t.kind != "PUNCT"]
        if words and words[0].low in ("the", "its", "their") and words[-1].kind == "DOC" and \
                not any(t.kind == "CAP" for t in words):
            # "The latest intelligence update said": the body that just spoke issued it
            for c in reversed(self.claims):
                if c.sid < sid - 2:
                    break
                if c.speaker_type in ("organisation", "government body", "media") and \
                        c.speaker_start < start:
                    return start, end, c.speaker_id, c.speaker_type, c.role, c.gender
        if phrase.is_definite_role(vocab) and phrase.head is not None:
            key = role_key(phrase.head.base)
            found = self.antecedent(
                sid, start,
                lambda c: key in role_key_text(c.speaker) or key in role_key_text(c.role),
                lambda a, t: key in role_key_text(t) or key in role_key_text(a.role))
            if found:
                return (start, end, *found)
        names = name_tokens(core, vocab)
        if not names and any(t.kind == "ROLE" for t in core) and (
                not core or core[0].low not in _INDEFINITE_WORDS):
            actor = self.role_holder(core)
            if actor is not None:
                return start, end, actor.actor_id, actor.type, actor.role, actor.gender
        kind = guess_type(phrase, vocab)
        if len(names) >= 2 and kind == "person":
            # one id for "Pavlo Kyrylenko", "the regional governor, Pavlo Kyrylenko"
            return start, end, normalise_id(text[names[0].start:names[-1].end]), kind, "", ""
        if len(names) == 1 and kind == "person":
            linked = self.surname(names[0].text, start)
            if linked:
                return (start, end, *linked)
        return start, end, normalise_id(written), kind, "", ""

    def antecedent(self, sid: int, pos: int, claim_ok, mention_ok, gender: str = "",
                   subject_fallback: bool = False) -> tuple[str, str, str, str] | None:
        """The speaker a pronoun or a bare role at ``pos`` stands for, or None if unsafe.

        The last speaker accepted by ``claim_ok`` in the previous :data:`LOOKBACK`
        sentences, unless another actor accepted by ``mention_ok`` is named between it
        and ``pos``; with no such speaker, the one actor accepted by ``mention_ok`` named
        in those sentences. ``gender`` ("female"/"male") rules out actors of the other.
        """
        lo = self.lookback(sid)

        def fits(g: str) -> bool:
            return not (gender and g and g != gender)

        i = bisect.bisect_left(self.mention_starts, pos)
        window = []
        for j in range(i - 1, -1, -1):  # (not reversed(self.mentions[:i]): no copy)
            s, e, actor, msid = self.mentions[j]
            if msid < lo:
                break
            if j > 0 and _APPOSED.fullmatch(self.text, self.mentions[j - 1][1], s):
                continue  # "Dmitry Medvedev, the former Russian president": one person
            if fits(actor.gender) and mention_ok(actor, self.text[s:e]):
                window.append((s, actor))
        for claim in reversed(self.claims):
            if claim.sid < lo:
                break
            if claim.speaker_start >= pos or not fits(claim.gender) or not claim_ok(claim):
                continue
            if any(s > claim.speaker_end and a.actor_id != claim.speaker_id for s, a in window):
                return None
            if gender and self.new_subject(claim, pos):
                return None
            return claim.speaker_id, claim.speaker_type, claim.role, claim.gender
        ids = {a.actor_id: a for _, a in window}
        if len(ids) == 1:
            actor = next(iter(ids.values()))
            return actor.actor_id, actor.type, actor.role, actor.gender
        if subject_fallback and not ids:
            return self.subject_before(sid, pos)
        return None

    def subject_before(self, sid: int, pos: int) -> tuple[str, str, str, str] | None:
        """A pronoun with no speaker or known actor before it stands for the person the
        sentence before it is about, when that sentence opens with a full name unknown
        to the actors: 'On Sunday, Margarita Simonyan, the editor-in-chief of RT, seemed
        to … . “The famine will begin …,” she said.'"""
        self.lookback(0)  # builds self._quoted
        k = self.sid_of(pos) - 1
        while k >= 0 and self._quoted[k]:
            k -= 1
        if k < 0 or k < sid - 1 - LOOKBACK:
            return None
        ss, se = self.sents[k]
        body = self.body_start(ss, se)
        phrase = np_after(self.text, body, se, self.vocab)
        if phrase is None or guess_type(phrase, self.vocab) != "person":
            comma = self.text.find(",", body, min(se, body + 80))
            if comma < 0:
                return None
            phrase = np_after(self.text, self._skip_space(comma + 1), se, self.vocab)
        if phrase is None or guess_type(phrase, self.vocab) != "person" or \
                resolve_phrase(self.index, self.text, phrase, self.vocab) is not None:
            return None
        names = name_tokens(list(phrase.tokens), self.vocab)
        if len(names) < 2:
            return None
        return normalise_id(self.text[names[0].start:names[-1].end]), "person", "", ""

    def role_holder(self, core: list) -> Actor | None:
        """The one actor named in this document whose role the description gives: 'the
        governor of the Luhansk region' -> Serhiy Haidai ('Governor of Luhansk region'),
        'the Ukrainian president' -> Volodymyr Zelensky ('President of Ukraine'). Every
        word of the description must match a word of the actor's role or country (by
        their first six letters: Ukrainian ~ Ukraine, regional ~ region)."""
        words = [re.sub(r"['’]s?$", "", t.low) for t in core
                 if t.kind not in ("DET", "LINK", "PUNCT") and t.low not in ("of", "the")]
        words = [w for w in words if w]
        if not words:
            return None
        if self._mentioned is None:
            self._mentioned = {a.actor_id: a for _, _, a, _ in self.mentions
                               if a.type == "person" and a.role}
        found = []
        for actor in self._mentioned.values():
            pool = {w.lower()[:6] for w in re.findall(r"[\w]+", f"{actor.role} {actor.country}")}
            if all(w[:6] in pool for w in words):
                found.append(actor)
        return found[0] if len(found) == 1 else None

    _mentioned: dict | None = None

    def lookback(self, sid: int) -> int:
        """The first sentence a pronoun at ``sid`` may look back to: :data:`LOOKBACK`
        sentences of narration, not counting the sentences of a quotation (a quoted
        paragraph of five sentences is one step)."""
        if self._quoted is None:
            self._quoted = []
            for ss, se in self.sents:
                q = self.quote_at.get(ss)
                self._quoted.append(self.in_quote(ss) or (q is not None and q >= se - 1))
        k, count = sid, 0
        while k > 0 and count < LOOKBACK and sid - k < 40:
            k -= 1
            if not self._quoted[k]:
                count += 1
        return k

    _quoted: list[bool] | None = None

    def new_subject(self, claim: _Claim, pos: int) -> bool:
        """Does a sentence between ``claim`` and ``pos`` open with someone else, unknown to
        the actors ('Griner was arrested in February. She acknowledged …')?"""
        self.lookback(0)  # builds self._quoted
        for sid in range(claim.sid + 1, self.sid_of(pos) + 1):
            if self._quoted[sid]:
                continue  # a quotation's words are not the narration's subjects
            ss, se = self.sents[sid]
            body = self.body_start(ss, se)
            if body >= pos:
                break
            phrase = np_after(self.text, body, min(se, pos), self.vocab)
            if phrase is None or phrase.start >= pos or \
                    self.text[phrase.end:phrase.end + 1] == ",":
                continue  # "Overnight, he …": a leading adverbial, not a subject
            if resolve_phrase(self.index, self.text, phrase, self.vocab) is not None or \
                    guess_type(phrase, self.vocab) != "person":
                continue
            if phrase.is_definite_role(self.vocab) and phrase.head is not None:
                # "The president also spoke …": the same person if the role is the
                # speaker's ('Zelenskiy', President of Ukraine), someone else if not
                key = role_key(phrase.head.base)
                if key in role_key_text(claim.speaker) or key in role_key_text(claim.role):
                    continue
                return True
            written = self.text[phrase.start:phrase.name_end]
            linked = self.surname(written.split()[-1], phrase.start)
            if normalise_id(written) != claim.speaker_id and (
                    linked is None or linked[0] != claim.speaker_id):
                return True
        return False

    def surname(self, token: str, pos: int) -> tuple[str, str, str, str] | None:
        """A single name ('Wallace', 'Mr. Wang') naming a person met earlier in the text."""
        bare = re.sub(r"['’]s$", "", token)
        # the last person mention before pos holding the name
        if self._mention_names is None:
            self._mention_names = {}
            for j, (s, e, actor, _) in enumerate(self.mentions):
                if actor.type == "person":
                    for word in dict.fromkeys(self.text[s:e].split()):
                        self._mention_names.setdefault(word, []).append(j)
        named = self._mention_names.get(bare, [])
        k = bisect.bisect_left(named, bisect.bisect_left(self.mention_starts, pos)) - 1
        if k >= 0:
            actor = self.mentions[named[k]][2]
            return actor.actor_id, actor.type, actor.role, actor.gender
        # the last person claim so far whose speaker ends with the name, spoken before pos
        for claim in self.claims[self._claims_named:]:
            if claim.speaker_type == "person" and claim.speaker.split():
                self._claim_names.setdefault(claim.speaker.split()[-1], []).append(claim)
        self._claims_named = len(self.claims)
        for claim in reversed(self._claim_names.get(bare, [])):
            if claim.speaker_start < pos:
                return claim.speaker_id, claim.speaker_type, claim.role, claim.gender
        # "Sarah Fuller" earlier in the text, "Fuller said" now
        full = re.compile(r"\b([A-Z][\w'’-]+)\s+" + re.escape(bare) + r"\b")
        for m in full.finditer(self.text, max(0, pos - 20000), pos):
            if m.group(1).lower() not in _FIRST_NAME_STOP and \
                    not self.index.regex.fullmatch(m.group(1)):
                return normalise_id(m.group(0)), "person", "", ""
        return None

    # ------------------------------------------------------------------ orphans
    def headline_colons(self, by_sentence: dict) -> None:
        """A headline that names its source before a colon: "Kremlin: talks with Kyiv
        are impossible". Only a line of its own, with no full stop at its end and no
        reporting verb, whose source is a known actor or a speaker noun ("Ukraine's
        defence ministry: …"); labels such as "Live updates:" or "Analysis:" name nobody."""
        text = self.text
        for sid, (ss, se) in enumerate(self.sents):
            if sid in by_sentence or (ss > 0 and text[ss - 1] != "\n"):
                continue
            m = _HEADLINE_COLON.match(text, ss, se)
            if m is None or text[se - 1] in ".;" or (se < len(text) and text[se] != "\n"):
                continue
            phrase = np_before(text, m.end(1), ss, self.vocab)
            if phrase is None or phrase.pronoun or phrase.start != ss:
                continue
            known = resolve_phrase(self.index, text, phrase, self.vocab) is not None
            if not known and phrase.head is not None and phrase.head.kind != "ROLE":
                continue
            if not known and phrase.head is None:
                continue
            cs, ce = m.start(2), se
            while ce > cs and text[ce - 1] in " \t":
                ce -= 1
            direct = text[cs] in _OPEN and self.quote_at.get(cs) == ce
            before = len(self.claims)
            self.add(ss, ce, phrase, sid, "", cs + direct, ce - direct, direct=direct)
            if len(self.claims) > before:
                self.claims[-1].cue = "headline"

    def rest_of_attribution(self, prev: _Claim, between: str, qs: int) -> bool:
        """Is ``between`` only the end of the sentence that attributed the quotation
        ``prev`` ('“…,” Denys Shmyhal wrote in an online post after speaking with …, about
        the strike. “That is why …”'), with the next quotation opening the next sentence?"""
        return prev.direct and prev.quote_first and self.sid_of(qs) == prev.sid + 1 and \
            self.sents[prev.sid + 1][0] == qs and len(between) < 400 and \
            not any(ch in between for ch in "\"“”«»") and \
            self.cue_re.search(between) is None

    def orphan_quotes(self) -> None:
        """A quotation with no attribution of its own, right after a claim, is the same
        speaker's: in the same paragraph ('"…," Zelenskyy wrote. "Yet again, …"'), or as
        the whole next paragraph (a quotation running on over paragraphs, or an untagged
        continuation paragraph), paragraph after paragraph."""
        if not self.claims:
            return
        text = self.text
        covered = sorted((c.start, c.end) for c in self.claims)
        ordered = sorted(self.claims, key=lambda c: c.end)
        ends = [c.end for c in ordered]
        for qs, qe in self.quotes:
            i = bisect.bisect_right(covered, (qs, float("inf"))) - 1
            if i >= 0 and covered[i][1] >= qe and covered[i][0] <= qs:
                continue
            j = bisect.bisect_right(ends, qs) - 1
            if j < 0:
                continue
            prev = ordered[j]
            between = text[prev.end:qs]
            line_end = text.find("\n", prev.end)
            if line_end == -1 or line_end >= qs:  # same paragraph
                if (len(between) > 80 or not _ORPHAN_GAP.fullmatch(between)) and \
                        not self.rest_of_attribution(prev, between, qs):
                    continue
                if qs - prev.end > 2 and not re.search(r"[.!?]\s*$", between):
                    continue
            else:  # the next paragraph, if the quotation is all of it
                tail = text[prev.end:line_end]
                if len(tail) > 80 or not _ORPHAN_GAP.fullmatch(tail) or \
                        text[line_end:qs].strip() or text.count("\n", line_end, qs) > 2:
                    continue
                rest_end = text.find("\n", qe)
                rest = text[qe:rest_end if rest_end != -1 else len(text)]
                if rest.strip(" \t.”\"»"):
                    continue
            after = _AFTER_QUOTE.match(text, qe)
            if after and self.cue_re.search(text, qe, after.end()):
                continue  # '"Soon," he said': tagged, though its speaker was not resolved
            cs, ce = self.quote_content.get(qs, (qs + 1, qe - 1))
            while ce > cs and text[ce - 1] in " ,.":
                ce -= 1
            while cs < ce and text[cs].isspace():
                cs += 1
            if ce <= cs:
                continue
            claim = _Claim(
                start=qs, end=qe, speaker_start=prev.speaker_start, speaker_end=prev.speaker_end,
                speaker=prev.speaker, speaker_id=prev.speaker_id, speaker_type=prev.speaker_type,
                verb=prev.verb, content=text[cs:ce], direct=True,
                sid=self.sid_of(qs), role=prev.role, gender=prev.gender,
                content_start=cs, content_end=ce, cue="continuation", chain=prev.chain)
            self.claims.append(claim)
            covered.append((qs, qe))
            covered.sort()
            k = bisect.bisect_right(ends, qe)
            ordered.insert(k, claim)
            ends.insert(k, qe)


class _Cuts(set):
    """The positions where reported clauses end, with a sorted view for bisection."""

    def __init__(self, items=()):
        super().__init__(items)
        self._sorted: list[int] | None = None

    def add(self, item: int) -> None:
        super().add(item)
        self._sorted = None

    def update(self, *items) -> None:
        super().update(*items)
        self._sorted = None

    def sorted(self) -> list[int]:
        if self._sorted is None:
            self._sorted = sorted(self)
        return self._sorted


def _next_cut(cuts: set[int], pos: int, default: int) -> int:
    """The first cut after ``pos`` (or ``default``)."""
    ordered = cuts.sorted() if isinstance(cuts, _Cuts) else sorted(cuts)
    i = bisect.bisect_right(ordered, pos)
    return min(ordered[i], default) if i < len(ordered) else default


def role_key_text(text: str) -> set[str]:
    """The words of ``text`` reduced as :func:`role_key` does ('Kremlin spokesman' ->
    {'kremlin', 'spokes'})."""
    return {role_key(w) for w in re.findall(r"[\w-]+", text)}


def extract_claims(documents: pd.DataFrame | str | Iterable[str],
                   actors: pd.DataFrame | str | Path | None = None, *,
                   corrections: str | Path | pd.DataFrame | None = None) -> pd.DataFrame:
    """Return one row per attributed statement: who said what, where in the text.

    Parameters
    ----------
    documents : DataFrame, str or list of str
        The documents table (any frame with ``doc_id`` and ``text``), one text, or a list
        of texts. It is not modified.
    actors : DataFrame, str or Path, optional
        The actors speakers resolve to: the table from :func:`analystkit.actors.load_actors`,
        or a TOML file that extends the bundled actors. Default: the bundled actors.
    corrections : str, path or DataFrame, optional
        An analyst's corrections CSV (:func:`analystkit.corrections.record`): applied to
        the rows they still match, marked in ``corrected`` and ``correction``; stale
        ones are warned about, never applied.

    Returns
    -------
    pandas.DataFrame
        Rows in document order:

        ===============  =====  ==========================================================
        column           dtype  meaning
        ===============  =====  ==========================================================
        doc_id           str    the document
        start            int64  offset of the claim (speaker, verb and content) in text
        end              int64  end offset: ``text[start:end]`` is the claim
        speaker          str    the speaker as written ("Mr Zelensky", "he", "a source …")
        speaker_id       str    actor id (``volodymyr_zelensky`` for every spelling); a
                                normalised lower-case id for unknown speakers
        speaker_type     str    person, organisation, government body, media or
                                anonymous source
        verb             str    the reporting verb as written (said, told, according to …)
        content          str    the quotation (without quote marks) or the reported clause
        is_direct_quote  bool   True when content is the speaker's quoted words
        sentence         str    the sentence holding the reporting verb
        sentence_id      int64  its index in the document (as in ``sentences()``)
        cue              str    what marks it: ``verb`` (a reporting verb), ``according``
                                ("according to X"), ``dash`` ("- … - said X"),
                                ``continuation`` (an untagged quotation right after a
                                claim: same speaker)
        attribution_chain str   the outer source the speaker is relayed through
                                ("Reuters" in "Reuters quoted an official as saying …")
        speaker_start    int64  offset of the speaker as written (for a continuation, of
                                the speaker it continues)
        speaker_end      int64  its end
        content_start    int64  offset of content: ``text[content_start:content_end]``
        content_end      int64  its end
        ===============  =====  ==========================================================

    Notes
    -----
    Patterns, with the reporting verbs and their frames from ``data/attribution.toml``:
    ``X said (that) …``, ``“…,” X said`` (the quotation may span sentences), ``“…,”
    said X``, ``X said: “…”``, ``X told reporters that …``, ``X called the attack “…”``,
    ``X wrote on Telegram that …``, ``X accused Y of …``, ``…, X said on July 4.``,
    ``According to X, …`` and ``…, according to X``, ``R quoted a source … as saying
    that …`` (a row for R and one for the source), continuations (``…, adding that …``:
    same speaker) and ``with officials saying that …``. A quotation standing alone right
    after an attributed one in the same paragraph is credited to the same speaker; its
    span is the quotation only. Verbs inside a quotation are not attributions.

    Speakers resolve to actors by the alias that ends the phrase. "He"/"she" resolves
    to the one person named in the previous three sentences, or, if several, to the
    speaker of a claim in the same or previous sentence; otherwise the row is dropped.
    "The spokesman" / "the source" resolve the same way to an earlier speaker or actor
    whose words or role match; unresolved, they keep their words as id. Passives ("is
    said to"), relative pronouns and coordinated subjects ("Trump and Zelensky said")
    give no row. A reported clause ends at the sentence end or where another attribution
    or the writer's narration starts (", according to", ", adding", ", prompting").
    A lone surrogate in the text is read as U+FFFD (one character for one: offsets
    unchanged; :func:`analystkit.sentences.readable`).

    Examples
    --------
    >>> text = ('Zelenskyy called the attack "cynical." "We will answer," he said. '
    ...         'The Kremlin denied the claim, according to Reuters.')
    >>> claims = extract_claims(text)
    >>> claims[["speaker", "speaker_id", "content"]]
           speaker          speaker_id         content
    0    Zelenskyy  volodymyr_zelensky         cynical
    1           he  volodymyr_zelensky  We will answer
    2  The Kremlin             kremlin       the claim
    >>> claims["attribution_chain"].tolist()
    ['', '', 'Reuters']
    >>> claims["verb"].tolist(), claims["is_direct_quote"].tolist()
    (['called', 'said', 'denied'], [True, True, False])
    >>> row = claims.iloc[1]
    >>> text[row.start:row.end]
    '"We will answer," he said'
    """
    index = actor_index(actors)
    rows = []
    for doc_id, text in iter_documents(documents):
        if not text:
            continue
        text = readable(text)
        parsed = parse(text)
        claims = parsed.attributions(index)
        doc = parsed
        seen = set()
        for c in sorted(claims, key=lambda c: (c.start, c.end, c.speaker_start)):
            key = (c.start, c.end, c.speaker_id, c.content)
            if key in seen:
                continue
            seen.add(key)
            ss, se = doc.sentences[c.sid]
            rows.append({
                "doc_id": doc_id, "start": c.start, "end": c.end, "speaker": c.speaker,
                "speaker_id": c.speaker_id, "speaker_type": c.speaker_type, "verb": c.verb,
                "content": c.content, "is_direct_quote": c.direct, "sentence": text[ss:se],
                "sentence_id": c.sid, "cue": c.cue, "attribution_chain": c.chain,
                "speaker_start": c.speaker_start, "speaker_end": c.speaker_end,
                "content_start": c.content_start, "content_end": c.content_end,
            })
    if corrections is not None:
        from .corrections import apply_corrections

        return apply_corrections(CLAIMS.from_records(rows), documents, corrections,
                                 kind="claims").table
    return CLAIMS.from_records(rows)

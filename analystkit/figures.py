"""Figure extraction: every number with what it counts, its measure, hedge, bounds,
attribution and exact span.

The contract is the figures spec (``shared/spec/figures.md``): one row per mention,
``text[start:end] == mention``, qualifiers and bounds, measures and categories,
normalised items and the source the text credits.

How it works, in one pass per document:

1. the text is split into sentences (:func:`analystkit.split_sentences`);
2. one regular expression (:mod:`analystkit._numbers`) finds every number: digits,
   words, scale words, currencies, vague plurals, ranges, dates and clock times;
3. each number is read in its sentence with the data-driven lexicon
   (``analystkit/data/figures_lexicon.toml``): the hedge before it, the unit or item
   after it, the measure cue nearest to it in its clause (falling back to the list
   head of a bulleted list, then to the whole sentence), the side, the place, and the
   source the sentence credits (:mod:`analystkit._credit`).

Everything is rules and word lists: no model, no download, no network.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import itemgetter

import pandas as pd

from analystkit._credit import Credit, credit_for, find_credits, pronoun_subject
from analystkit._inputs import iter_documents
from analystkit._lexicon import (
    MONTHS,
    ItemRule,
    Lexicon,
    finditer_at,
    item_for,
    load_lexicon,
    unit_for,
)
from analystkit._numbers import (
    INVISIBLE,
    NumberMatch,
    find_numbers,
    number_regex,
    read_match,
)
from analystkit._parsed import parse
from analystkit.schemas import FIGURES
from analystkit.sentences import readable

__all__ = ["CATEGORY", "CORE_MEASURES", "extract_figures"]

CATEGORY = {
    "launched": "attack",
    "struck": "attack",
    "intercepted": "defence",
    "killed": "casualties",
    "injured": "casualties",
    "aid_money": "aid",
    "aid_materiel": "aid",
    "other": "other",
}
CORE_MEASURES = frozenset(m for m in CATEGORY if m != "other")

_STOP = {
    "and", "or", "of", "in", "on", "at", "to", "from", "by", "with", "was", "were", "is",
    "are", "has", "have", "had", "that", "which", "who", "the", "a", "an", "into", "over",
    "across", "for", "as", "than", "per", "be", "been", "this", "these", "those",
    "it", "its", "their", "his", "her", "our", "since", "after", "before", "during", "while",
    "when", "out", "more", "most", "least", "up", "down", "off", "about", "around", "not",
    "no", "but", "so", "if", "then", "there", "they", "he", "she", "we", "you", "i", "each",
    "all", "both", "some", "such", "another", "between", "among", "within",
    "will", "would", "could", "can", "may", "might", "should", "must", "did", "do", "does",
    "said", "says", "told", "according", "including", "times", "time", "year", "years",
}
_PARTITIVE = re.compile(r"\s+of\s+(?:the|these|those|them|which|whom|its|their)\b", re.I)
_WORD = re.compile(r"[“\"]?[\w’'\-‑/]+[”\"]?")
_BOUNDARY = re.compile(  # (a comma inside "5,000" is no clause break)
    r"(?<!\d),|,(?!\d)|[;:()\[\]—–]|\s-{1,2}\s|(?<![\w])(?:but|while|whereas|although|though|which|who|"
    r"after|before|when|prompting|amid)(?![\w])",
    re.I,
)
_INCLUDING = re.compile(
    r"(?:including|among them|among whom|of whom|of which|of them|such as)"
    r"(?:[ \t]+[\w’'\-]+){0,3}?[ \t]*$", re.I
)  # "including Liza and two other children"
_CASUALTY_AFTER = re.compile(
    r"\s+(?:others?\s+|more\s+)?(?:were\s+|was\s+|have\s+been\s+|had\s+been\s+|are\s+)?"
    r"(killed|dead|died|injured|wounded|hurt|hospitali[sz]ed)\b", re.I
)
# (the "\s*" after "and|or|," sits inside its group: two "\s*" in a row made a run of
# blanks quadratic to reject; the language is the same)
_COORDINATED = re.compile(
    r"^\s*(?:,\s*)?(?:(?:and|or|,)\s*)?(?:\w+ing\s+|(?:while|with)\s+)?(?:another\s+)?$", re.I
)
_TIME_CUE = re.compile(
    r"(?<![\w])(?:overnight|last night|(?:early )?(?:on )?the (?:night|morning|evening) of "
    rf"(?:{MONTHS})\.? \d{{1,2}}|(?:early |late )?(?:on )?(?:Monday|Tuesday|Wednesday|Thursday|"
    r"Friday|Saturday|Sunday)(?: (?:night|morning|evening|afternoon))?|yesterday|today|"
    rf"this morning|in a single day|on (?:{MONTHS})\.? \d{{1,2}}|since (?:{MONTHS}) \d{{4}}|"
    r"last (?:week|month|year)|this (?:week|month|year))(?![\w])"
)
_BULLET_LINE = re.compile(r"^[ \t\u00a0]*(?:[-•*–—·▪►]|\d{1,2}[.)])[ \t\u00a0]*$")
_AGE_BEFORE = re.compile(r"(?<![\w])(?:aged|age of|ages of|ages)\s+$", re.I)
_COMPOUND_AFTER = re.compile(
    r"[ \t]+(?:strikes?|attacks?|barrages?|launchers?|systems?|defen[cs]es?|programmes?|"
    r"programs?|production|components?|parts|units?|factor(?:y|ies)|sites?|alerts?|threats?|"
    r"warfare|operators?|pilots?|shortages?|debris|fragments?|experts?|makers?|program|"
    r"industry|technology|war|campaign|raids?|assaults?|salvos?|waves?|shelling|fire|"
    r"artillery|scares?|sirens?|shelters?|nations|countries|states|families|groups|"
    r"organi[sz]ations|camps?|squads?|sentences?|penalt(?:y|ies)|certificates?)\b",
    re.I,
)
_GOVERNS_NUMBER = re.compile(
    r"^\s*(?:(?:rose|rises|risen|climbed|reached|stood|stands|stand|is|was|were|are|at|to|of|"
    r"increased|jumped|now|has|had|have|been|put|rising|reaching|standing|initially|already|"
    r"officially|later|since|risen)\s+)*$",
    re.I,
)
_AUX_BETWEEN = re.compile(
    r"\b(?:were|was|are|is|have|has|had|been|being|be|others?|more|people|later|also|"
    r"reportedly|all|of them|each)\b",
    re.I,
)
_ELLIPSIS = re.compile(r"[ \t]+([A-Za-z][\w-]+)[ \t]+(?:and|or)[ \t]+(?=\S)")
_ACTIVE_DESTROY = re.compile(r"destroy(?:ed|ing|s)?$", re.I)
_AND = re.compile(r"\band\b")
_PASSIVE_END = re.compile(r"\b(?:were|was|been|being|are|is)\s+$")
_YEAR = re.compile(r"^(?:1[89]\d\d|20\d\d|2100)$")
_DAY_BEFORE = re.compile(r"(?<![\w])Day\s?$")
_NOUN_WORD = re.compile(r"[ \t]+([A-Za-z][\w’'\-‑]*)")
_POSSESSOR = re.compile(r"(\S+?)(?:'s|’s)?\s+$")
_PREP_BEFORE = re.compile(r"(?:into|on|against|at|over|in|toward|towards|across|of|"
                          r"from|to|with|by|for|between|and)\s+(?:the\s+)?$", re.I)
_OPPOSITE = {"russia": "ukraine", "ukraine": "russia"}
_BLANKS = re.compile(rf"[ \t\u00a0{INVISIBLE}]*")  # blanks and invisible characters
# parts of a total: "15 out of 22 drones", "18 of 29 missiles", "16 of the 36 launched"
_PART_OF = re.compile(
    r"[ \t]+(?:out[ \t]+)?of[ \t]+(?:the[ \t]+|a[ \t]+total[ \t]+of[ \t]+)?(?=\S)", re.I)
# a part of the figure before it: "50 drones, 33 of which were shot down"
_OF_WHICH = re.compile(r"[ \t]+of[ \t]+(?:which|them|these|those)\b", re.I)
# the rest of a total, or one more group of the same things as the figure before
_REMAINING = re.compile(r"(?<![\w])(?:the[ \t]+)?(?:remaining|other|rest[ \t]+of[ \t]+the)[ \t]+$",
                        re.I)
_ANOTHER = re.compile(r"(?<![\w])(?:another|a[ \t]+further|an[ \t]+additional)[ \t]+$", re.I)
_MORE_AFTER = re.compile(r"[ \t]+(?:more|others?)\b(?![ \t]+than)", re.I)
# modifiers between a number and its noun that the item search steps over
_MODIFIER = re.compile(r"(?:more|other|additional|further|remaining)[ \t]+(?!than\b)", re.I)
_OR = re.compile(r"[ \t]+or[ \t]+", re.I)
_OR_AND = re.compile(r"(?:or|and|and/or)[ \t]+", re.I)
_FIRED_FROM = re.compile(
    r"[ \t]+(?:(?:were|was|had[ \t]+been)[ \t]+)?(?:fired|launched)[ \t]+from[ \t]+"
    r"(?:the[ \t]+|a[ \t]+)?", re.I)
# a phrase saying which ones, between list members: "10 missiles fired from the Caspian Sea,"
_WHICH_ONES = re.compile(r"[ \t]+(?:fired|launched)[ \t]+(?:from|by|over|at)[ \t][^,;:()]{0,60}",
                         re.I)
# a number glued to a word by a hyphen modifies the noun after it ("a 15-member body")
_HYPHEN_MODIFIER = re.compile(r"[-‐‑][A-Za-z]{2,}")
# "bodies" are the dead only where the sentence says so ("59 bodies were exhumed"), not
# "three Russian bodies linked to the weapons programme", "one of its key bodies"
_BODY_CONTEXT = re.compile(
    r"(?<![\w])(?:found|discover\w*|exhum\w*|recover\w*|retriev\w*|identif\w*|buried|burial|"
    r"lying|pulled|returned|repatriat\w*|handed over|morgues?|graves?|killed|dead|corpses|"
    r"died|remains|bags?|DNA|forensic\w*|victims?)(?![\w])", re.I)
_DEPICTION_BEFORE = re.compile(
    r"(?<![\w])(?:images?|photos?|photographs?|pictures?|videos?|footage|models?|replicas?|"
    r"drawings?|mock-ups?)[ \t]+of[ \t]+$", re.I)
# "a shell that hits it": a relative clause in the present tense describes, not reports
_GENERIC_RELATIVE = re.compile(r"[ \t]+(?:that|which)[ \t]+(?!is\b|was\b|has\b)[a-z]+s\b")
_ASSETS_AFTER = re.compile(
    r"[ \t]+(?:in|of)[ \t]+(?:[\w’'\-]+[ \t]+){0,4}?(?:assets|reserves|holdings)\b", re.I)
_NEED_AFTER = re.compile(
    r"(?:[ \t]+[\w-]+){0,2}?[ \t]+(?:needs?|gap|shortfall|deficit|requirements?)\b", re.I)
_VERB_BEFORE = re.compile(r"(?<![\w’'-])([a-z]{3,}ed)[ \t]+$")
_COORD_NOUN = re.compile(r"[ \t]+(?:and|or|&)[ \t]+[A-Za-z][\w-]*")
_OF_AFTER = re.compile(r"[ \t]+of[ \t]", re.I)
_RELATIVE = re.compile(r"\s*(?:that|which)\b", re.I)
_FROM_BY = re.compile(r"[ \t]+(?:from|by)\b", re.I)
_WORTH_AFTER = re.compile(r"[ \t]?[-‐‑]?[ \t]?worth\b", re.I)
_CONVERSION = re.compile(r"[ \t]*[(\[][ \t]*$")
_EUROPEAN_GROUPING = re.compile(r"\d{1,3}(?:\.\d{3})+")


@dataclass
class _Cue:
    start: int
    end: int
    measures: dict[str, frozenset[str]]  # measure -> classes


@dataclass
class _Sentence:
    """What the extractor needs to know about one sentence, computed once (the cues
    and clause boundaries on first use: most sentences with numbers never need them)."""

    index: int
    start: int
    end: int
    text: str
    is_bullet: bool
    lex: Lexicon | None = None
    found_cues: list[_Cue] | None = None
    found_boundaries: list[int] | None = None
    credits: list[Credit] = field(default_factory=list)
    time_cue: str = ""
    places: list[tuple[int, int, str]] | None = None  # found on first use
    aid: bool | None = None  # does the sentence name an aid recipient? (on first use)

    @property
    def cues(self) -> list[_Cue]:
        if self.found_cues is None:
            self.found_cues = _cues(self.text, self.lex)
        return self.found_cues

    @property
    def boundaries(self) -> list[int]:
        if self.found_boundaries is None:
            self.found_boundaries = [m.start() for m in _BOUNDARY.finditer(self.text)]
        return self.found_boundaries


def _cues(sentence: str, lex: Lexicon) -> list[_Cue]:
    out = []
    for m in finditer_at(lex.measure_any, lex.measure_candidates, sentence):
        measures: dict[str, frozenset[str]] = {}
        partial: dict[str, frozenset[str]] = {}
        for rule in lex.measures:
            hit = rule.regex.match(sentence, m.start())
            if hit:
                # a rule that matches the whole cue ("death penalty") beats one that
                # matches only its start ("death")
                into = measures if hit.end() == m.end() else partial
                into[rule.measure] = into.get(rule.measure, frozenset()) | rule.classes
        measures = measures or partial
        if measures:
            out.append(_Cue(m.start(), m.end(), measures))
    return out


def _without(cues: list[_Cue], measure: str) -> list[_Cue]:
    """The cues with ``measure`` taken out of each (cues left with none are dropped)."""
    out = []
    for c in cues:
        if measure not in c.measures:
            out.append(c)
        elif len(c.measures) > 1:
            out.append(_Cue(c.start, c.end, {k: v for k, v in c.measures.items() if k != measure}))
    return out


def _measure_from(cue: _Cue, cls: str) -> str | None:
    options = [m for m, classes in cue.measures.items() if cls in classes]
    if not options:
        return None
    core = [m for m in options if m != "other"]
    return core[0] if core else "other"


def _nearest(cues: Iterable[_Cue], cls: str, ms: int, me: int, penalty=None,
             text: str | None = None) -> str | None:
    """The measure of the cue nearest to the mention ``[ms, me)``.

    Distance counts the characters between cue and mention, less auxiliaries after
    the mention ("five were injured"), plus a small cost for crossing "and". On a tie
    the cue that comes first wins.
    """
    cues = list(cues)
    before = [i for i, c in enumerate(cues) if c.end <= ms]
    after = [i for i, c in enumerate(cues) if c.end > ms and c.start >= me]  # not inside
    # The nearest cues first, so that the far ones can be skipped by a lower bound on
    # their distance (the penalty, plus the gap for a cue before the mention); the best
    # is the least (distance, position in the list), as in a pass from first to last.
    best_dist, best_i, best = 0, 0, None
    and_at = None  # where the last "and" between the first cue and the mention starts
    for i in itertools.chain(reversed(before), after):
        cue = cues[i]
        extra = penalty(cue) if penalty else 0
        if best is not None:
            floor = extra + max(ms - cue.end, 0)
            if floor > best_dist or (floor == best_dist and i > best_i):
                continue
        measure = _measure_from(cue, cls)
        if measure is None:
            continue
        if cue.end <= ms:
            dist = ms - cue.end
            if text is not None:
                # is there an "and" in text[cue.end:ms]? A cue ends before a non-word
                # character, so an "and" there is one in any longer such slice: find the
                # last one once, from the farthest cue before the mention
                if and_at is None:
                    first = min(cues[j].end for j in before)
                    and_at = -1
                    for hit in _AND.finditer(text[first:ms]):
                        and_at = first + hit.start()
                if and_at >= cue.end:
                    dist += 8
        else:
            dist = cue.start - me
            if text is not None:
                between = text[me:cue.start]
                dist = len(_AUX_BETWEEN.sub("", between).strip())
                if measure == "intercepted" and _ACTIVE_DESTROY.match(text[cue.start:cue.end]) \
                        and not _PASSIVE_END.search(between):
                    measure = "struck"  # "a missile destroyed a hotel"
                if measure == "launched" and (_RELATIVE.match(between)
                                              or _FROM_BY.match(text, cue.end)):
                    dist += 20  # "10 missiles fired from the Caspian Sea": says which ones
        dist += extra
        if measure == "other":
            dist += 2  # on a tie, a core cue wins ("had been killed")
        if best is None or dist < best_dist or (dist == best_dist and i < best_i):
            best_dist, best_i, best = dist, i, measure
    return best


class _Extractor:
    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        self.numbers = number_regex(lex)
        self._explicit = True

    # -- per document -------------------------------------------------------
    def document(self, doc_id: str, text: str) -> list[dict]:
        rows: list[dict] = []
        parsed = parse(text)
        spans = parsed.sentences
        if not spans:
            return rows
        self._claims = None
        self._parsed = parsed
        starts = [s for s, _ in spans]
        by_sentence: dict[int, list[re.Match[str]]] = {}
        for m in find_numbers(text, self.lex):
            i = bisect.bisect_right(starts, m.start()) - 1
            if i >= 0 and m.end() <= spans[i][1]:
                by_sentence.setdefault(i, []).append(m)
        head: _Sentence | None = None
        last_source: tuple[int, str] | None = None
        line_start = 0
        line_is_bullet = False
        prev_line_start = -1
        prev_end = 0
        for i, (s, e) in enumerate(spans):
            # sentences never span a line break, so the last break before s lies after
            # the previous sentence or not at all (linear, however long the line)
            nl = text.rfind("\n", prev_end, s)
            if nl >= 0:
                line_start = nl + 1
            if line_start != prev_line_start:
                # a bullet line: a marker before its first sentence, or a lone marker on
                # the line above; later sentences on the line belong to the same item
                prefix = text[line_start:s]
                line_is_bullet = bool(prefix.strip()) or \
                    self._previous_line_is_bullet(text, line_start)
            is_bullet = line_is_bullet
            prev_line_start, prev_end = line_start, e
            sent = None
            if i in by_sentence or text[e - 1] == ":":
                sent = self._sentence(i, s, e, text, is_bullet)
                if sent.credits:
                    last_source = (i, credit_for(len(sent.text), sent.credits)[0])
            if i in by_sentence:
                ctx_head = head if (is_bullet and head is not None) else None
                pron = None
                if not sent.credits and last_source and i - last_source[0] <= 3:
                    at = pronoun_subject(sent.text, self.lex)
                    if at is not None:
                        pron = (at, last_source[1])
                rows.extend(self._figures(doc_id, sent, by_sentence[i], ctx_head, pron))
            if text[e - 1] == ":":
                head = sent
            elif not is_bullet:
                head = None
        return rows

    def _credit(self, sent: _Sentence, pos: int) -> tuple[str, str]:
        """Who the text credits for a figure at ``pos`` in ``sent``: the speaker of the
        attribution whose content holds it (the document's attributions, found once by
        the claims engine), else the sentence's own credit phrases."""
        source, chain = credit_for(pos, sent.credits)
        if any(c.kind == "inner" for c in sent.credits):
            return source, chain  # "X quoted Y as saying": Y, with X in the chain
        if self._claims is None:
            from analystkit._credit import AttributionCredits
            from analystkit.actors import actor_index

            index = actor_index(None)
            self._claims = AttributionCredits(self._parsed.attributions(index), index)
        hit = self._claims.at(sent.start + pos)
        if hit is None and not source:
            hit = self._claims.governing(sent.start + pos, sent.start, sent.end)
        if hit is None:
            if source and any(c.source == source and self._claims.speaks_in(
                    sent.start + c.start, sent.start + c.end) for c in sent.credits):
                # the engine read that speaker's attribution and its content does not
                # hold the figure: "Russia fired 36 missiles, but officials say they
                # expect more" credits nobody for the 36
                return "", ""
            return source, chain
        found, outer = hit
        if not outer and chain:
            outer = "; ".join(c for c in chain.split("; ") if c != found)
        if not outer and source and source != found:
            outer = source
        return found, outer

    def _scope(self, sent: _Sentence, row: dict) -> None:
        """Fill ``scope`` (this_war, other_war, historical, hypothetical) and, for aid,
        ``aid_status`` (delivered, pledged, approved, paused, refused, requested)."""
        if not row["is_core"]:
            return
        start, end = row["start"] - sent.start, row["end"] - sent.start
        row["scope"] = _scope_of(sent.text, start, end)
        if row["category"] == "aid":
            row["aid_status"] = _aid_status(sent.text, start, end)

    @staticmethod
    def _previous_line_is_bullet(text: str, line_start: int) -> bool:
        if line_start == 0:
            return False
        prev_start = text.rfind("\n", 0, line_start - 1) + 1
        return bool(_BULLET_LINE.match(text[prev_start:line_start - 1]))

    def _sentence(self, i: int, s: int, e: int, text: str, is_bullet: bool) -> _Sentence:
        sentence = text[s:e]
        cue = _TIME_CUE.search(sentence)
        return _Sentence(
            index=i, start=s, end=e, text=sentence, is_bullet=is_bullet, lex=self.lex,
            credits=find_credits(sentence, self.lex),
            time_cue=cue.group() if cue else "",
        )

    # -- per sentence -------------------------------------------------------
    def _figures(self, doc_id, sent: _Sentence, matches, head, pron) -> list[dict]:
        rows: list[dict] = []
        prev: dict | None = None
        for m in matches:
            row = self._figure(sent, m, prev, head)
            if row is None:
                continue
            source, chain = self._credit(sent, row["_pos"])
            if not source and head is not None and head.credits:
                source, chain = credit_for(len(head.text), head.credits)
            if not source and pron and pron[0] <= row["_pos"]:
                source = pron[1]
            row["attributed_to"] = source
            row["attribution_chain"] = chain
            row["doc_id"] = doc_id
            row["sentence"] = sent.text
            row["sentence_id"] = sent.index
            row["sentence_start"] = sent.start
            row["time_cue"] = sent.time_cue
            if prev is not None:
                if prev.get("_total_at") == row["_pos"]:
                    prev["part_of"] = row["start"]  # "15 out of 22": 15 is part of 22
                    if prev["side"]:
                        row["side"] = prev["side"]  # the same drones: the same side
                    else:
                        prev["side"] = row["side"]
                elif _OF_WHICH.match(sent.text, row["_item_end"]) and \
                        prev["_cls"] == row["_cls"] != "other" and prev["measure"] != "other":
                    row["part_of"] = prev["start"]  # "50 drones, 33 of which were downed"
                    row["side"] = prev["side"] or row["side"]
                if row["_cls"] == prev["_cls"] == "money" and \
                        _CONVERSION.search(sent.text, 0, row["_pos"]) and \
                        sent.text[prev["end"] - sent.start:row["start"] - sent.start].strip() \
                        in ("(", "["):
                    self._same_money(prev, row)
            rows.append(row)
            prev = row
        for row in rows:
            for key in _PRIVATE:
                row.pop(key, None)
            self._scope(sent, row)
        return rows

    @staticmethod
    def _same_money(first: dict, second: dict) -> None:
        """"$61bn (£49bn)": the amount in brackets is the same money in another currency.
        It is linked to the first (``same_as``) and both take the core measure either has,
        so totals and charts count it once."""
        second["same_as"] = first["start"]
        measure = first["measure"] if first["measure"] != "other" else second["measure"]
        for row in (first, second):
            row["measure"] = measure
            row["category"] = CATEGORY[measure]
            row["is_core"] = measure != "other"

    def _figure(self, sent: _Sentence, m: re.Match[str], prev: dict | None,
                head: _Sentence | None) -> dict | None:
        lex = self.lex
        text = sent.text
        off = sent.start
        nm: NumberMatch = read_match(m, lex)
        if not math.isfinite(nm.value):
            return None
        ns, ne = nm.start - off, nm.end - off
        kind = nm.kind
        lead = max(0, ns - 40)
        before = text[lead:ns].rstrip(INVISIBLE)  # "about \u200b500": marks are not words

        # a number that is part of a name ("Leopard 2", "Article 5")
        if kind in ("digits", "words") and lex.name_prefix.search(before):
            return None
        qualifier, low, high = "exact", nm.value, nm.value
        ms = ns
        hedge = lex.hedge_before.search(before)
        if hedge and kind != "date":
            q = lex.hedge_before_q.get(hedge.group(1).lower(), "exact")
            if q != "exact":
                qualifier = q
                ms = lead + hedge.start(1)
        me = ne
        after = lex.hedge_after.match(text, ne) if kind not in ("date", "time") else None
        if after and qualifier == "exact":
            qualifier = lex.hedge_after_q.get(after.group(1).lower().strip(), "exact")
            me = after.end()
            ne = me
        if kind == "vague" and qualifier == "exact":
            qualifier = "at_least"
        if kind == "range":
            qualifier, low, high = "range", nm.low, nm.high
        if qualifier == "approx":
            low = high = math.nan
        elif qualifier == "at_least":
            low, high = nm.value, math.nan
        elif qualifier == "at_most":
            low, high = math.nan, nm.value

        row = {
            "start": off + ms, "value": nm.value, "low": low, "high": high,
            "qualifier": qualifier, "number_text": m.group(), "unit": "", "item": "",
            "side": "", "place": "", "_pos": ns, "_item_end": ne, "_cls": "other",
            "part_of": None, "same_as": None, "scope": "", "aid_status": "",
        }

        def finish(measure: str, end: int) -> dict:
            row["measure"] = measure
            row["category"] = CATEGORY[measure]
            row["is_core"] = measure != "other"
            row["end"] = off + end
            row["mention"] = text[ms:end]
            row["place"] = self._place(sent, ms, end)
            return row

        if kind in ("time", "date"):
            row["unit"] = kind
            return finish("other", me)
        if kind in ("digits", "words") and _AGE_BEFORE.search(before):
            row["unit"] = row["item"] = "age"
            return finish("other", me)
        if kind in ("digits", "words") and _DAY_BEFORE.search(before):
            row["unit"] = row["item"] = "day"
            return finish("other", me)

        # money: a currency symbol before, or a currency word after
        currency = nm.currency
        cw = lex.currency_word.match(text, ne)
        if cw and kind in ("digits", "words", "money", "range", "vague", "phrase"):
            if not currency:
                for rx, code in lex.currency_word_code:
                    if rx.match(cw.group(1)):
                        currency = code
                        break
            if kind != "money":
                me = cw.end()
        worth = _WORTH_AFTER.match(text, me) if nm.value >= 1e6 else None
        if worth:
            me = worth.end()  # "$61bn worth of", "tens of billions-worth of": the amount's
        if currency or (worth and kind in ("vague", "digits", "words")):
            row["unit"] = row["item"] = currency
            row["_cls"] = "money"
            measure = self._measure(sent, "money", ms, me, prev, head, default="other")
            if sent.aid is None and measure == "aid_money":
                sent.aid = lex.aid_context.search(text) is not None
            if measure == "aid_money" and not sent.aid:
                measure = "other"  # "a £37bn package to help households": not war aid
            if measure == "aid_money" and (_ASSETS_AFTER.match(text, me)
                                           or _NEED_AFTER.match(text, me)):
                # "the $330 billion in immobilised Russian assets", "Ukraine's $100 billion
                # annual financing need": sizes, not aid given
                measure = "other"
            return finish(measure, me)

        # non-count units: percentages, durations, distances, ages
        unit = lex.units_re.match(text, ne)
        if unit and kind != "article":
            name = unit_for(lex, unit.group(1))
            row["unit"] = row["item"] = name
            return finish("other", unit.end())
        if kind == "digits" and _YEAR.match(m.group()) and not self._item_after(text, ne):
            row["unit"] = "year"
            return finish("other", me)

        # parts of a total: "15 out of 22 Shahed drones downed" (15 takes the item of 22,
        # 22 is the total launched); "the remaining two hit the port"
        is_total = prev is not None and prev.get("_total_at") == ns
        exclude: str | None = None
        part = None
        if kind in ("digits", "words") and not is_total and (part := _PART_OF.match(text, ne)):
            total = self.numbers.match(text, part.end())
            if total is None or total.lastgroup not in ("digits", "words"):
                part = None
            else:
                part = self._item_after(text, total.end()) or self._item_before(text, ns)
                if part is None and prev is not None and prev["_cls"] != "other":
                    part = (item_for(lex, prev["item"]) or ItemRule(prev["item"], prev["_cls"],
                                                                    _AND), ne, ne)
                if part is not None:
                    row["_total_at"] = total.start()
                    exclude = "launched"

        if part is None and prev is not None and prev["_cls"] != "other" and \
                _OF_WHICH.match(text, ne):
            exclude = "launched"  # "50 drones, 33 of which were shot down"

        if kind == "words" and nm.value == 1 and _PARTITIVE.match(text, ne) and not (
                (pm := _PART_OF.match(text, ne)) and self.numbers.match(text, pm.end())):
            # ("one of the two missiles struck" is a part of a total: it counts)
            # "one of the journalists injured" picks one out; it counts nothing
            noun = self._noun_after(text, _PARTITIVE.match(text, ne).end())
            row["item"] = noun[0] if noun else ""
            return finish("other", me)
        # what is counted
        found = None if part else self._item_after(text, ne)
        item_rule: ItemRule | None = None
        compound = found and (_COMPOUND_AFTER.match(text, found[2]) or (
            (co := _COORD_NOUN.match(text, found[2])) and _COMPOUND_AFTER.match(text, co.end())))
        if compound and (kind == "article" or (kind == "words" and nm.value == 1)):
            return None  # "a missile attack", "one drone strike"
        if compound and found[0].cls != "weapon":
            # "37 victim nations": the count is of the second noun
            row["item"] = _singular(compound.group().split()[-1])
            return finish("other", compound.end())
        if found and found[0].cls == "person" and \
                text[found[1]:found[2]].lower() in ("dead", "wounded", "injured"):
            better = self._item_after(text, found[2])
            if better and better[0].cls == "person" and better[1] - found[2] < 25:
                found = (better[0], found[1], better[2])
        if part:
            item_rule, item_start, item_end = part
            row["item"], row["_cls"] = item_rule.item, item_rule.cls
        elif found:
            item_rule, item_start, item_end = found
            row["item"] = item_rule.item
            row["_cls"] = item_rule.cls
            me = item_end
            row["side"] = self._side(text[ns:item_start]) or self._possessor(before)
            fired = _FIRED_FROM.match(text, item_end)
            if fired and (whose := lex.side_any.match(text, fired.end())):
                row["side"] = self._side(whose.group())  # "missiles fired from Russian warships"
        elif is_total and prev is not None and prev["_cls"] != "other":
            row["item"], row["_cls"] = prev["item"], prev["_cls"]  # "16 of the 36 launched"
        elif (shared := self._shared_head(text, ne)) is not None:
            # "six ballistic and four cruise missiles": the head noun is shared
            item_rule, me = shared
            row["item"], row["_cls"] = item_rule.item, item_rule.cls
            item_start, item_end = ne, me
        else:
            casualty = _CASUALTY_AFTER.match(text, ne)
            if casualty:
                row["item"], row["_cls"] = "person", "person"
            elif prev is not None and prev["_cls"] != "other" and prev["item"] and \
                    _COORDINATED.match(text[prev["_item_end"]:ms]) and kind != "article":
                row["item"], row["_cls"] = prev["item"], prev["_cls"]
            elif prev is not None and prev["_cls"] != "other" and prev["item"] and \
                    kind in ("digits", "words") and (
                        (rest := _REMAINING.search(before)) or _ANOTHER.search(before)
                        or _MORE_AFTER.match(text, ne)):
                # "the remaining two hit the port", "and another three in Lyman"
                row["item"], row["_cls"] = prev["item"], prev["_cls"]
                if rest and (prev.get("_is_total") or prev.get("part_of") is not None):
                    row["part_of"] = prev["start"] if prev.get("_is_total") else prev["part_of"]
                    exclude = "launched"
                elif not rest and prev["measure"] in CORE_MEASURES:
                    row["_same_measure"] = prev["measure"]
            elif kind != "article" and not (kind == "words" and _PARTITIVE.match(text, ne)):
                # "killing at least 23", "the death toll rose to 45"
                left = [c for c in sent.cues if c.end <= ms
                        and _GOVERNS_NUMBER.match(text[c.end:ms])]
                if _nearest(left, "person", ms, me) in ("killed", "injured"):
                    row["item"], row["_cls"] = "person", "person"
        # "a"/"an" and "one" count only what the lexicon knows ("one of", "one option")
        if kind in ("article", "words") and item_rule is None and row["_cls"] == "other" and (
                kind == "article" or nm.value == 1 or not self._noun_after(text, ne)):
            return None
        if row["_cls"] == "other":
            noun = self._noun_after(text, ne)
            if noun:
                row["item"] = noun[0]
                me = noun[1]
            return finish("other", me)
        cls = row["_cls"]
        # the item word itself may say the measure: "one fatality", "26 injuries"
        measure = None
        words = text[item_start:item_end].lower().split() if item_rule is not None else []
        if words:
            word = words[0]
            for rule in lex.measures:
                if rule.noun_regex is not None and rule.noun_regex.match(word):
                    measure = rule.measure
                    if word.startswith("bod") and not _BODY_CONTEXT.search(text):
                        measure = "other"  # "three Russian bodies linked to the programme"
                    break
        if measure is None and is_total and cls == "weapon":
            measure = "launched"  # the total of "15 out of 22 drones downed"
            row["_is_total"] = True
        elif is_total:
            row["_is_total"] = True
        if measure is None and prev is not None and prev["_cls"] == cls and \
                prev["measure"] in CORE_MEASURES and not is_total and exclude is None and \
                self._list_member(sent, prev["_item_end"], ms, me):
            # a list takes the verb of its head: "shot down two ballistic missiles, two
            # cruise missiles and 15 attack drones that Russia launched overnight"
            measure = prev["measure"]
        if measure is None:
            self._explicit = True
            default = "launched" if cls == "weapon" else "other"
            measure = self._measure(sent, cls, ms, me, prev, head, default=default,
                                    exclude=exclude)
            if measure == "other" and row.get("_same_measure") and not self._explicit:
                measure = row["_same_measure"]
            if not self._explicit and cls in ("weapon", "materiel") and \
                    self._previous_says_aid(sent, cls):
                # "The UK will send Ukraine … There will also be nearly four million
                # rounds of ammunition": a sentence with no verb of its own goes on with
                # the aid of the sentence before
                measure = "aid_materiel"
        if measure == "aid_materiel" and not self._aid_near(sent):
            measure = "other"  # "Japan will buy 500 Tomahawks", "two of the boats damaged"
        if cls in ("weapon", "person", "materiel") and measure != "other":
            number_text = m.group()
            if kind == "digits" and _EUROPEAN_GROUPING.fullmatch(number_text):
                # "1.234 drones": a dot grouping thousands, as in much of Europe
                row["value"] = float(number_text.replace(".", ""))
                row["low"] = row["value"] if not math.isnan(row["low"]) else row["low"]
                row["high"] = row["value"] if not math.isnan(row["high"]) else row["high"]
            elif qualifier != "range" and not float(row["value"]).is_integer():
                measure = "other"  # never a fractional count of drones or people
        if kind == "article" and (measure == "other" or self._explicit is False
                                  or _DEPICTION_BEFORE.search(before)
                                  or _GENERIC_RELATIVE.match(text, me)):
            return None  # "an image of a drone downed", "a shell that hits the schoolyard"
        if not row["side"] and measure in ("launched", "struck", "intercepted"):
            agent = self._agent_side(sent, ns)
            if agent:
                row["side"] = _OPPOSITE.get(agent, "") if measure == "intercepted" else agent
        if compound and measure in ("launched", "struck"):
            # "launched nine rocket strikes": strikes, not rockets fired ("thwarted 92
            # drone attacks" stays a count of drones stopped)
            row["item"] = _singular(compound.group().split()[-1])
            return finish("other", compound.end())
        row["_item_end"] = me
        return finish(measure, me)

    # -- helpers ------------------------------------------------------------
    def _item_after(self, text: str, pos: int, depth: int = 0) -> tuple[ItemRule, int, int] | None:
        """The item phrase starting within a few modifier words after ``pos``."""
        lex = self.lex
        i = pos
        if text.startswith(("-", "‐", "‑"), i):
            i += 1
            if _HYPHEN_MODIFIER.match(text, pos) and not lex.item_any.match(text, i):
                return None  # "a 15-member body", "a 25-storey building"
        part = _PARTITIVE.match(text, i)
        if part:
            i = part.end()
        else:
            # "three more civilians", "two other children"
            mod = _MODIFIER.match(text, _BLANKS.match(text, i).end())
            if mod:
                i = mod.end()
        for step in range(5):
            i = _BLANKS.match(text, i).end()
            if i >= len(text):
                return None
            m = lex.item_any.match(text, i)
            if m:
                rule = item_for(lex, m.group())
                if rule is not None:
                    alt = _OR.match(text, m.end()) if depth == 0 else None
                    later = self._item_after(text, alt.end(), depth=1) if alt else None
                    if later is not None and later[1] - alt.end() < 20 and \
                            later[0].cls == rule.cls:
                        # "two Iskander-M or KN-23 ballistic missiles"
                        if later[0].item != rule.item:
                            head = text[later[1]:later[2]].split()[-1]
                            rule = item_for(lex, head) or rule
                        return rule, i, later[2]
                    return rule, i, m.end()
            w = _WORD.match(text, i)
            if not w:
                return None
            word = w.group().strip("“”\"").lower()
            if step and word in ("or", "and", "and/or"):
                # "13 cruise or ballistic missiles": the class both words share
                later = self._item_after(text, _OR_AND.match(text, i).end(), depth=1) \
                    if depth == 0 and _OR_AND.match(text, i) else None
                if later is not None:
                    head = text[later[1]:later[2]].split()[-1]
                    rule = item_for(lex, head) or later[0]
                    return rule, later[1], later[2]
                return None
            if word in _STOP or word[:1].isdigit():
                return None
            if word.endswith("ing") and len(word) > 5:
                # a participle ends the phrase ("5 drones killing"), unless an item
                # follows it at once ("30 maneuvering missiles")
                nxt = _BLANKS.match(text, w.end()).end()
                if not lex.item_any.match(text, nxt):
                    return None
            i = w.end()
        return None

    @staticmethod
    def _list_member(sent: _Sentence, prev_end: int, ms: int, me: int) -> bool:
        """Is the figure at ``[ms, me)`` the next member of a list whose previous member
        ends at ``prev_end`` ("…, 23 Shahed drones and two reconnaissance drones"), with no
        cue of its own between them or right after it?"""
        text = sent.text
        which = _WHICH_ONES.match(text, prev_end, ms)  # "10 missiles fired from the sea, …"
        start = which.end() if which else prev_end
        if not _COORDINATED.match(text[start:ms]):
            return False
        if any(start <= c.start < ms for c in sent.cues):
            return False
        return not _Extractor._cue_right_after(sent, me)

    @staticmethod
    def _cue_right_after(sent: _Sentence, me: int) -> bool:
        """Does a measure cue follow ``me`` with only auxiliaries between ("40 missiles
        hit the city", "10 were shot down")?"""
        for c in sent.cues:
            if c.start >= me:
                return not _AUX_BETWEEN.sub("", sent.text[me:c.start]).strip()
        return False

    def _item_before(self, text: str, pos: int) -> tuple[ItemRule, int, int] | None:
        """The last weapon named before ``pos`` ("shooting down incoming missiles,
        disabling 16 of the 36 launched"): the total's item when it has none."""
        found = None
        for m in self.lex.item_any.finditer(text, 0, pos):
            rule = item_for(self.lex, m.group())
            if rule is not None and rule.cls == "weapon":
                found = (rule, pos, pos)
        return found

    def _shared_head(self, text: str, pos: int) -> tuple[ItemRule, int] | None:
        """An adjective whose noun comes after a coordinated number ("six ballistic and four
        cruise missiles"): the item and the end of the adjective."""
        m = _ELLIPSIS.match(text, pos)
        if not m:
            return None
        nxt = self.numbers.match(text, m.end())
        if not nxt:
            return None
        later = self._item_after(text, nxt.end())
        if not later:
            return None
        head = text[later[1]:later[2]].split()[-1]
        rule = item_for(self.lex, f"{m.group(1)} {head}") or later[0]
        return rule, m.end(1)

    def _noun_after(self, text: str, pos: int) -> tuple[str, int] | None:
        """The head noun of a short phrase after a number ("five residential districts")."""
        words = []
        i = pos
        for _ in range(3):
            w = _NOUN_WORD.match(text, i)
            if not w:
                break
            word = w.group(1)
            low = word.lower()
            if low in _STOP or (low.endswith("ing") and len(low) > 5) or \
                    (low.endswith("ed") and len(low) > 4):
                break
            words.append((low, w.end()))
            i = w.end()
            singular = not low.endswith("s") or low.endswith("ss")
            if singular and (len(words) > 1 or not self._looks_adjective(low)):
                break
        if not words:
            return None
        noun, end = words[-1]
        return _singular(noun), end

    @staticmethod
    def _looks_adjective(word: str) -> bool:
        return word.endswith(("al", "an", "ive", "ous", "ic", "ish", "ful", "ary", "ern",
                              "-made", "-designed", "-backed", "-held"))

    def _measure(self, sent: _Sentence, cls: str, ms: int, me: int, prev: dict | None,
                 head: _Sentence | None, *, default: str, exclude: str | None = None) -> str:
        """The measure of the figure at ``[ms, me)``: the nearest cue for its class in its
        clause, else in an including-clause's head, a list head, the whole sentence.

        ``exclude`` names a measure whose cues are passed over (a part of a total is not
        the total launched: "shot down 24 out of 52 drones launched"); when no other cue
        is found, the search is repeated with every cue."""
        if exclude is not None:
            measure = self._measure_in(sent, cls, ms, me, prev, head, default=default,
                                       exclude=exclude)
            if self._explicit:
                return measure
        return self._measure_in(sent, cls, ms, me, prev, head, default=default)

    def _measure_in(self, sent: _Sentence, cls: str, ms: int, me: int, prev: dict | None,
                    head: _Sentence | None, *, default: str, exclude: str | None = None) -> str:
        self._explicit = True
        bounds = sent.boundaries
        k = bisect.bisect_right(bounds, ms)
        lo = bounds[k - 1] if k > 0 else 0
        hi = bounds[k] if k < len(bounds) else len(sent.text)
        all_cues = sent.cues if exclude is None else _without(sent.cues, exclude)
        if cls in ("person", "weapon"):
            verb = _VERB_BEFORE.search(sent.text, lo, ms)
            if verb and not any(c.start <= verb.start(1) < c.end for c in all_cues):
                # "…, injured at least 30,000 and forced more than 1.5 million people to
                # flee": the figure is the object of a verb that counts nothing; cues
                # before that verb are not its measure
                all_cues = [c for c in all_cues if c.end > verb.start(1)]
        same = [c for c in all_cues if c.start >= lo and c.end <= hi]
        measure = _nearest(same, cls, ms, me, text=sent.text)
        if measure:
            return measure
        # "…26 injuries, including a child": the including-clause takes its head's measure
        if _INCLUDING.search(sent.text[lo:ms]) or _INCLUDING.search(sent.text[max(0, lo - 12):lo]):
            if prev is not None and prev["measure"] in CORE_MEASURES and prev["_cls"] == cls:
                return prev["measure"]
            lo2 = bounds[k - 2] if k > 1 else 0
            earlier = [c for c in all_cues if c.start >= lo2 and c.end <= lo]
            measure = _nearest(earlier, cls, ms, me)
            if measure:
                return measure
        # a bullet under a list head ("Russia employed a variety of aerial weapons:")
        if head is not None:
            head_cues = head.cues if exclude is None else _without(head.cues, exclude)
            measure = _nearest(head_cues, cls, len(head.text), len(head.text))
            if measure:
                return measure

        def crossing(cue: _Cue) -> int:
            a, b = sorted((cue.start, ms))
            return 60 * (bisect.bisect_right(bounds, b) - bisect.bisect_right(bounds, a))

        # across clauses, an event noun with its own complement says nothing of the
        # figure: "sanctions on hundreds of companies and people …, and individuals
        # linked to the death of Navalny"
        far = [c for c in all_cues if not _OF_AFTER.match(sent.text, c.end)]
        measure = _nearest(far, cls, ms, me, penalty=crossing, text=sent.text)
        if measure is None:
            self._explicit = False
        return measure or default

    def _previous_text(self, sent: _Sentence) -> str:
        """The sentence before ``sent`` (news paragraphs are often one sentence long, so
        across a paragraph break too), or ""."""
        if sent.index == 0:
            return ""
        ps, pe = self._parsed.sentences[sent.index - 1]
        return self._parsed.text[ps:pe]

    def _previous_says_aid(self, sent: _Sentence, cls: str) -> bool:
        before = self._previous_text(sent)
        if not before:
            return False
        cues = _cues(before, self.lex)
        return _nearest(cues, cls, len(before), len(before)) == "aid_materiel"

    def _aid_near(self, sent: _Sentence) -> bool:
        """Is aid to Ukraine the matter here: a recipient or an aid phrase in the
        sentence or the three before it, or a word of giving in the sentence? Weapons
        bought, owned or lost elsewhere are not aid ("Japan will buy 500 Tomahawks",
        "one of its two aircraft carriers to the defence of Estonia")."""
        if sent.aid is None:
            sent.aid = self.lex.aid_context.search(sent.text) is not None
        if sent.aid or self.lex.aid_materiel_context.search(sent.text):
            return True
        spans, text = self._parsed.sentences, self._parsed.text
        lo = spans[max(0, sent.index - 3)][0]
        return self.lex.aid_context.search(text, lo, sent.start) is not None

    def _side(self, phrase: str) -> str:
        for m in self.lex.side_any.finditer(phrase):
            for rx, side in self.lex.sides:
                if rx.match(m.group()):
                    return side
        return ""

    def _possessor(self, before: str) -> str:
        """The side of a word right before the figure: "Russia's 500 drones"."""
        m = _POSSESSOR.search(before[-30:])
        if m and self.lex.side_any.fullmatch(m.group(1)):
            return self._side(m.group(1))
        return ""

    def _agent_side(self, sent: _Sentence, pos: int) -> str:
        """The side of the first country named before ``pos``, outside a credited source
        and not after a preposition ("Russia launched …", not "… into Ukraine")."""
        for m in self.lex.side_any.finditer(sent.text, 0, pos):
            if any(c.start <= m.start() < c.end for c in sent.credits):
                continue
            prep = _PREP_BEFORE.search(sent.text[max(0, m.start() - 15):m.start()])
            if prep:
                continue
            return self._side(m.group())
        return ""

    def _place(self, sent: _Sentence, ms: int, me: int) -> str:
        if sent.places is None:
            lex = self.lex
            found = (finditer_at(lex.places, lex.place_candidates, sent.text)
                     if lex.place_candidates is not None else lex.places.finditer(sent.text))
            sent.places = [(m.start(), m.end(), m.group(1)) for m in found]
        best = None
        for start, end, name in sent.places:
            dist = abs(start - ms) if start >= me else abs(ms - end)
            if best is None or dist < best[0]:
                best = (dist, name)
        return best[1] if best else ""


_PRIVATE = ("_pos", "_item_end", "_cls", "_total_at", "_is_total", "_same_measure")

# a figure's scope: words of another war or of history, or a conditional, in its clause
_OTHER_WAR = re.compile(
    r"(?<![\w])(?:Gaza|Hamas|Israel(?:i|'s|’s)?|Sudan(?:ese)?|Syria(?:n)?|Iraq(?:i)?|Afghanistan|"
    r"Yemen(?:i)?|Chechnya|Chechen war|Tigray|Ethiopia(?:n)?|Myanmar|Libya(?:n)?|Lebanon|"
    r"Hezbollah|Kosovo|Bosnia(?:n)?|Vietnam|Korean War|Buffalo|mass shooting|gunman|"
    r"Nagorno-Karabakh|Georgia in 2008)(?![\w])")
_HISTORICAL = re.compile(
    r"(?<![\w])(?:Second World War|First World War|World War (?:II|I|Two|One|2|1)|WWII|WW2|WWI|"
    r"Great Patriotic War|Holodomor|Holocaust|Nazis?|Leningrad|Stalingrad|Stalin(?:'s|’s)?|"
    r"Soviet famine|the famine|death camps?|concentration camps?|gulag|Chernobyl|USSR|Red Army|"
    r"Soviet (?:soldiers|people|citizens|army|troops|Union|times)|"
    r"(?:in|of|since|from|between) (?:1[0-9]\d\d|200\d|201[0-3])(?![\d])|"
    r"in the (?:1[0-9]\d0)s|centur(?:y|ies) ago|"
    r"(?:1[0-9]|20|19th|20th|18th) century)(?![\w])", re.I)
_HYPOTHETICAL = re.compile(
    r"(?<![\w])(?:would|could|might|may)(?! not| have| never)[ \t]+(?:\w+[ \t]+)?"
    r"(?:be[ \t]+)?(?:kill|die|perish|cost|claim|lose|result)|(?<![\w])(?:if|unless)[ \t]|"
    r"(?<![\w])(?:risk|threat|threaten(?:s|ed|ing)?)[ \t]+(?:of[ \t]+)?(?:\w+[ \t]+)?"
    r"(?:lives|deaths)", re.I)
_THIS_WAR = re.compile(r"(?<![\w])(?:Ukrain\w*|Russia\w*|Kyiv|Kiev|Moscow|Kremlin|Donbas|"
                       r"Donetsk|Luhansk|Crimea|Zelensk\w*|Putin)(?![\w])")


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around ``[start, end)``: from the last ``,;:()`` or dash before it to
    the first after it (a comma inside "1,000" is inside the figure, so not a bound)."""
    lo = max(text.rfind(c, 0, start) for c in _CLAUSE_MARKS) + 1
    his = [h for h in (text.find(c, end) for c in _CLAUSE_MARKS) if h >= 0]
    return lo, min(his, default=len(text))


_CLAUSE_MARKS = (",", ";", ":", "(", ")", "—", "–")


def _scope_of(text: str, start: int, end: int) -> str:
    """Is the figure at ``[start, end)`` about this war, another war, history or a
    conditional? A scope word in its clause decides ("the siege of Leningrad killed
    800,000"); one elsewhere in the sentence decides only when no word of this war is
    nearer the figure ("Unlike in Iraq, Russia has lost 5,000 soldiers")."""
    lo, hi = _clause(text, start, end)
    best: tuple[int, str] | None = None
    for rx, scope in ((_HISTORICAL, "historical"), (_OTHER_WAR, "other_war")):
        for m in rx.finditer(text):
            d = 0 if lo <= m.start() < hi else abs(m.start() - start)
            if best is None or d < best[0]:
                best = (d, scope)
    if best is not None:
        if best[0] == 0:
            return best[1]
        near_this = min((abs(m.start() - start) for m in _THIS_WAR.finditer(text)),
                        default=None)
        if near_this is None or near_this > best[0]:
            return best[1]
    if _HYPOTHETICAL.search(text, lo, hi):
        return "hypothetical"
    return "this_war"


def _status_words(*words: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w])(?:" + "|".join(words) + r")(?![\w])", re.I)


# aid status words; on a tie in distance the earlier status wins
_AID_STATUS = [
    ("refused", _status_words(r"refus\w*", r"reject\w*", r"declin(?:e|ed|es|ing)", r"veto\w*",
                              r"rul(?:ed|es|ing) out", "won['’]t", "will not", "would not",
                              "no plans? to")),
    ("paused", _status_words(r"paus\w*", r"suspend\w*", r"halt\w*", r"withh(?:e|o)ld\w*",
                             "withheld", r"delay\w*", "froze", "frozen", r"freez\w*",
                             r"block\w*", r"stall\w*", "on hold")),
    ("requested", _status_words(r"request\w*", "asked for", "ask(?:s|ing)? for", r"seek\w*",
                                "sought", "want(?:s|ed)?", "call(?:s|ed|ing)? for",
                                r"appeal\w* for", "needs?")),
    ("approved", _status_words(r"approv\w*", "passed", "pass(?:es|ing)?", "sign(?:s|ed|ing)?",
                               r"authori[sz]\w*", "vot(?:ed|es|ing)", r"green-?light\w*",
                               r"unlock\w*", r"allocat\w*", r"earmark\w*", r"releas\w*")),
    ("delivered", _status_words(r"deliver\w*", "sent", r"arriv\w*", r"receiv\w*", "handed over",
                                "shipped", "supplied", "provided", "gave", "given",
                                "transferred", r"disburs\w*")),
    ("pledged", _status_words(r"pledg\w*", r"promis\w*", r"commit\w*", r"announc\w*",
                              "will (?:send|provide|give|deliver|supply)", "to send", "to provide",
                              r"offer\w*", r"plan\w*", "package", "tranche")),
]


def _aid_status(text: str, start: int, end: int) -> str:
    """The status of the aid at ``[start, end)``: a refusal or pause in its clause or in
    the sentence before it ("Germany refused to send 300 tanks", "paused the delivery of
    30 Patriot missiles"), else the nearest status word of the sentence."""
    lo, hi = _clause(text, start, end)
    best: tuple[int, int, str] | None = None
    for rank, (status, rx) in enumerate(_AID_STATUS):
        for m in rx.finditer(text):
            d = abs(m.start() - start)
            if status in ("refused", "paused") and (lo <= m.start() < hi or m.start() < start):
                d = -1
            if best is None or (d, rank) < best[:2]:
                best = (d, rank, status)
    return best[2] if best else ""


def _singular(word: str) -> str:
    word = word.strip("’'").lower()
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def _table(rows: list[dict]) -> pd.DataFrame:
    """``FIGURES.from_records(rows)``, built column by column (faster than from dicts)."""
    if not rows:
        return FIGURES.empty()
    names = FIGURES.names
    try:
        columns = zip(*map(itemgetter(*names), rows), strict=True)
        frame = pd.DataFrame(dict(zip(names, map(list, columns), strict=True)))
    except KeyError:  # a row without some column: let from_records fill it in
        return FIGURES.from_records(rows)
    return FIGURES.conform(frame)


def extract_figures(
    documents: pd.DataFrame | str | Iterable[str],
    *,
    core_only: bool = False,
    lexicon: str | None = None,
    corrections: str | pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Extract every figure (a number and what it counts) from the documents.

    Parameters
    ----------
    documents : DataFrame, str or list of str
        The documents table from :func:`analystkit.load_corpus` (or any frame with
        ``doc_id`` and ``text`` columns), a single text (doc_id ``"doc"``) or a list of
        texts (``doc0``, ``doc1``, …). It is not modified.
    core_only : bool, default False
        Keep only the core measures (everything but ``other``).
    lexicon : str, optional
        Path of a figures lexicon TOML file replacing the bundled
        ``analystkit/data/figures_lexicon.toml`` (copy it and add a weapon or a verb).
    corrections : str, path or DataFrame, optional
        An analyst's corrections CSV (:func:`analystkit.corrections.record`): applied to
        the rows they still match, which are marked in two more columns, ``corrected``
        and ``correction``; stale ones are warned about, never applied (see
        :mod:`analystkit.corrections`).

    Returns
    -------
    pandas.DataFrame
        One row per mention, in document order:

        =================  =======  ====================================================
        column             dtype    meaning
        =================  =======  ====================================================
        doc_id             str      the document
        start, end         int64    offsets of ``mention`` in the document's text
        mention            str      the exact span, hedge included ("at least 23")
        sentence           str      the sentence the figure stands in
        value              float64  the best single number (range: the midpoint)
        low, high          float64  bounds where the text gives them, else NaN
        qualifier          str      exact, approx, at_least, at_most or range
        measure            str      launched, struck, intercepted, killed, injured,
                                    aid_money, aid_materiel or other
        item               str      what is counted (drone, person, EUR, …)
        category           str      attack, defence, casualties, aid or other
        attributed_to      str      the primary source the text credits; "" if none
        attribution_chain  str      outer sources of a chain ("Reuters"), "; "-joined
        side               str      whose weapons / people where the text says
        place              str      the place named nearest the figure
        sentence_id        int64    index of the sentence in the document
        sentence_start     int64    offset of the sentence in the text
        number_text        str      the number as written
        unit               str      unit of an ``other`` figure, or the currency
        time_cue           str      the sentence's time words ("overnight", "on July 4")
        is_core            bool     True when measure is not ``other``
        part_of            Int64    a part of a total ("15 out of 22 drones downed", "the
                                    remaining two"): the ``start`` of the total's row
                                    in the same document; else missing
        same_as            Int64    an amount in brackets converting the one before
                                    ("$61bn (£49bn)"): the ``start`` of that row, so
                                    sums count the money once; else missing
        scope              str      core rows: this_war, other_war, historical or
                                    hypothetical; other rows: ""
        aid_status         str      aid rows: delivered, pledged, approved, paused,
                                    refused or requested; else ""
        =================  =======  ====================================================

    Notes
    -----
    Vague plurals follow ACLED's conservative convention ("hundreds of" is at least
    100). Dates, clock times, years, durations, ages and percentages are measure
    ``other`` and never counts of weapons or people. A hedge governs only the figure
    it stands before. The primary source is the nearest reporting clause ("Ukraine's
    Air Force said …"); outer sources ("…, according to Reuters") go to
    ``attribution_chain``.

    Values are finite and never negative: a number glued after a minus sign or hyphen
    ("-5 drones", "$-5bn", "−5") is not read, and a number too large for a float (over
    about 1.8e308: 400 digits in a row, "a trillion" said 26 times) gives no row.
    Invisible characters between digits (zero-width space or joiner, soft hyphen, bidi
    marks) join them ("5\u200b00 drones" is 500). A lone surrogate (``"\ud800"``, which
    UTF-8 cannot hold) is read as U+FFFD, one character for one, so offsets still point
    into the given text (:func:`analystkit.sentences.readable`).

    Examples
    --------
    >>> import analystkit as ak
    >>> f = ak.extract_figures(
    ...     "Russia launched 539 drones and around a dozen missiles, "
    ...     "according to Ukraine's Air Force.")
    >>> print(f[["mention", "value", "qualifier", "measure", "item"]].to_string(index=False))
                    mention  value qualifier  measure    item
                 539 drones  539.0     exact launched   drone
    around a dozen missiles   12.0    approx launched missile
    >>> f["attributed_to"].unique().tolist()
    ["Ukraine's Air Force"]
    """
    extractor = _Extractor(load_lexicon(lexicon))
    rows: list[dict] = []
    for doc_id, text in iter_documents(documents):
        rows.extend(extractor.document(doc_id, readable(text)))
    table = _table(rows)
    if corrections is not None:
        from .corrections import apply_corrections

        table = apply_corrections(table, documents, corrections, kind="figures").table
    if core_only:
        table = table[table["is_core"]].reset_index(drop=True)
    return table

"""Load the figures lexicon (a TOML data file) and compile its patterns once."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from analystkit._resources import data_path

DEFAULT_LEXICON = "figures_lexicon.toml"
MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
)


def _alt(patterns: list[str]) -> str:
    """A non-capturing alternation, longest patterns first."""
    return "(?:" + "|".join(sorted(patterns, key=len, reverse=True)) + ")"


def _literal_start(pattern: str, limit: int = 3) -> str | None:
    """The literal characters every match of the regex fragment ``pattern`` starts with
    (at most ``limit``, escapes kept), or None when it starts with anything else or has
    an alternation at its top level."""
    depth = 0
    in_class = False
    i = 0
    while i < len(pattern):  # a top-level "|" makes any prefix unsafe
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            if pattern[i + 1:i + 2] == "]":
                i += 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            return None
        i += 1
    out: list[str] = []
    i = 0
    while i < len(pattern) and len(out) < limit:
        c = pattern[i]
        if c.isascii() and (c.isalnum() or c == " "):
            token, step = c, 1
        elif c == "\\" and i + 1 < len(pattern) and not pattern[i + 1].isalnum():
            token, step = pattern[i:i + 2], 2
        else:
            break
        if pattern[i + step:i + step + 1] in ("?", "*", "+", "{"):
            break
        out.append(token)
        i += step
    return "".join(out) or None


def candidate_pattern(patterns: list[str]) -> str:
    """A regex alternation matching wherever one of ``patterns`` could match: a superset,
    cheap for the regex engine to reject. Each pattern stands for itself, or for its
    literal start when that has at least four characters; they are grouped by first
    letter, so a position costs one comparison per group instead of one per pattern.
    The alternatives' order does not matter: it only says where to try the real regex."""
    groups: dict[str, list[str]] = {}
    rest: list[str] = []
    for p in patterns:
        lit = _literal_start(p, limit=8)
        frag = lit if lit and len(lit) >= 4 else p
        if lit and lit[0].isalpha():
            tails = groups.setdefault(lit[0], [])
            if frag[1:] not in tails:
                tails.append(frag[1:])
        elif frag not in rest:
            rest.append(frag)
    parts = [f"{k}(?:{'|'.join(sorted(v, key=len, reverse=True))})" for k, v in groups.items()]
    return "(?:" + "|".join(parts + rest) + ")"


def finditer_at(rx: re.Pattern[str], candidates: re.Pattern[str], text: str,
                pos: int = 0, endpos: int | None = None) -> Iterator[re.Match[str]]:
    """The matches of ``rx.finditer(text, pos, endpos)``, trying ``rx`` only where
    ``candidates`` matches (which must match wherever ``rx`` can). For regexes that
    never match the empty string, the result is the same, in the same order."""
    end = len(text) if endpos is None else endpos
    search = candidates.search
    match = rx.match
    while True:
        c = search(text, pos, end)
        if c is None:
            return
        p = c.start()
        m = match(text, p, end)
        if m is None:
            pos = p + 1
        else:
            yield m
            pos = m.end() if m.end() > p else p + 1


@dataclass(frozen=True)
class ItemRule:
    item: str
    cls: str
    regex: re.Pattern[str]


@dataclass(frozen=True)
class MeasureRule:
    measure: str
    classes: frozenset[str]
    regex: re.Pattern[str]
    noun_regex: re.Pattern[str] | None


@dataclass(frozen=True, eq=False)
class Lexicon:
    """Everything the figure extractor knows about words, compiled."""

    path: str
    units: dict[str, int]
    tens: dict[str, int]
    scales: dict[str, int]
    scale_abbreviations: dict[str, int]
    phrases: dict[str, int]
    vague: dict[str, int]
    hedge_before: re.Pattern[str]  # matches a hedge ending right before a number
    hedge_before_q: dict[str, str]  # lower-cased hedge -> qualifier
    hedge_after: re.Pattern[str]
    hedge_after_q: dict[str, str]
    currency_symbol: str  # regex alternation
    currency_symbol_code: list[tuple[re.Pattern[str], str]]
    currency_word: re.Pattern[str]
    currency_word_code: list[tuple[re.Pattern[str], str]]
    items: list[ItemRule]
    item_any: re.Pattern[str]  # any item, anchored with .match
    measures: list[MeasureRule]
    measure_any: re.Pattern[str]  # finditer over a sentence
    units_re: re.Pattern[str]  # anchored: a unit right after a number
    unit_names: list[tuple[re.Pattern[str], str]]
    name_prefix: re.Pattern[str]
    attribution_verbs: str
    inverted_verbs: str
    quoting: list[re.Pattern[str]]
    source_nouns: frozenset[str]
    not_sources: frozenset[str]
    sides: list[tuple[re.Pattern[str], str]]
    side_any: re.Pattern[str]
    places: re.Pattern[str]
    aid_context: re.Pattern[str]
    aid_materiel_context: re.Pattern[str]
    # where a measure cue can start (a superset of measure_any's matches, cheap to scan)
    measure_candidates: re.Pattern[str] | None = None
    # the attribution verbs one by one (attribution_verbs is their alternation)
    attribution_verb_list: tuple[str, ...] = ()
    # where a place name can start (a superset of places' matches, cheap to scan)
    place_candidates: re.Pattern[str] | None = None


def _compile_word(pattern: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    return re.compile(r"(?<![\w])" + pattern + r"(?![\w])", flags)


@lru_cache(maxsize=8)
def load_lexicon(path: str | None = None) -> Lexicon:
    """Read and compile a figures lexicon (the bundled one by default).

    Raises ``ValueError`` naming the file and the problem when the file is not valid.
    """
    file = Path(path) if path else data_path(DEFAULT_LEXICON)
    try:
        with open(file, "rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{file}: not valid TOML: {exc}") from exc
    try:
        return _build(str(file), data)
    except (KeyError, TypeError, re.error) as exc:
        raise ValueError(f"{file}: bad figures lexicon: {exc!r}") from exc


def _build(path: str, d: dict) -> Lexicon:
    num = d["numbers"]
    hb_q: dict[str, str] = {}
    ha_q: dict[str, str] = {}
    for h in d["hedge"]:
        for p in h.get("before", []):
            hb_q[p] = h["qualifier"]
        for p in h.get("after", []):
            ha_q[p] = h["qualifier"]
    hedge_before = re.compile(r"(?<![\w])(" + _alt(list(hb_q)) + r")\s*$", re.IGNORECASE)
    hedge_after = re.compile(r"\s*(" + _alt(list(ha_q)) + r")(?![\w])", re.IGNORECASE)
    sym_codes, word_codes, syms, words = [], [], [], []
    for c in d["currency"]:
        for s in c.get("symbols", []):
            syms.append(s)
            sym_codes.append((re.compile(s + "$"), c["code"]))
        for w in c.get("words", []):
            words.append(w)
            word_codes.append((re.compile(w + "$", re.IGNORECASE), c["code"]))
    items = []
    all_items = []
    for it in d["item"]:
        rx = re.compile(r"(?:" + "|".join(it["patterns"]) + r")(?![\w])", re.IGNORECASE)
        items.append(ItemRule(it["item"], it["class"], rx))
        all_items.extend(it["patterns"])
    measures = []
    all_cues = []
    for m in d["measure"]:
        rx = _compile_word(_alt(m["patterns"]))
        nouns = m.get("noun_patterns")
        noun_rx = re.compile(_alt(nouns) + "$", re.IGNORECASE) if nouns else None
        measures.append(MeasureRule(m["measure"], frozenset(m["classes"]), rx, noun_rx))
        all_cues.extend(m["patterns"])
    unit_names = []
    unit_patterns = []
    for u in d["unit"]:
        unit_patterns.extend(u["patterns"])
        unit_names.append((re.compile(_alt(u["patterns"]) + "$", re.IGNORECASE), u["unit"]))
    att = d["attribution"]
    sides = [(re.compile(_alt(s["patterns"]) + "$"), s["side"]) for s in d["side"]]
    side_pats = [p for s in d["side"] for p in s["patterns"]]
    return Lexicon(
        path=path,
        units=num["units"],
        tens=num["tens"],
        scales=num["scales"],
        scale_abbreviations=num["scale_abbreviations"],
        phrases=num["phrases"],
        vague={v["phrase"]: int(v["value"]) for v in d["vague"]},
        hedge_before=hedge_before,
        hedge_before_q={k.replace("\\", ""): v for k, v in hb_q.items()},
        hedge_after=hedge_after,
        hedge_after_q={k.replace("\\", ""): v for k, v in ha_q.items()},
        currency_symbol=_alt(syms),
        currency_symbol_code=sym_codes,
        currency_word=re.compile(r"[ \t]*(" + _alt(words) + r")(?![\w])", re.IGNORECASE),
        currency_word_code=word_codes,
        items=items,
        item_any=re.compile(r"(?:" + _alt(all_items) + r")(?![\w])", re.IGNORECASE),
        measures=measures,
        measure_any=_compile_word(_alt(all_cues)),
        measure_candidates=re.compile(r"(?<![\w])" + candidate_pattern(all_cues), re.IGNORECASE),
        units_re=re.compile(
            r"(?:[ \t]?|[ \t]*[-‐‑‒–][ \t]*)(" + _alt(unit_patterns) + r")(?![\w])", re.IGNORECASE
        ),
        unit_names=unit_names,
        name_prefix=re.compile(r"(?<![\w])" + _alt(num["name_prefixes"]) + r"[ \t]?[-‐‑]?$"),
        attribution_verbs=_alt(att["verbs"]),
        attribution_verb_list=tuple(att["verbs"]),
        inverted_verbs=_alt(att["inverted_verbs"]),
        quoting=[re.compile(q, re.IGNORECASE) for q in att["quoting"]],
        source_nouns=frozenset(att["source_nouns"]),
        not_sources=frozenset(att["not_sources"]),
        sides=sides,
        side_any=re.compile(r"(?<![\w])" + _alt(side_pats) + r"(?![\w])"),
        places=re.compile(r"(?<![\w])(" + _alt([re.escape(p) for p in d["places"]["names"]])
                          + r")(?![\w])"),
        place_candidates=re.compile(
            r"(?<![\w])" + candidate_pattern([re.escape(p) for p in d["places"]["names"]])
        ),
        aid_materiel_context=re.compile(
            r"(?<![\w])" + _alt(d["aid"].get("materiel", [])) + r"(?![\w])", re.IGNORECASE),
        aid_context=re.compile(
            r"(?<![\w])" + _alt([re.escape(r) for r in d["aid"]["recipients"]]
                                + d["aid"]["strong"]) + r"(?![\w])",
            re.IGNORECASE,
        ),
    )


@lru_cache(maxsize=4096)
def item_for(lex: Lexicon, phrase: str) -> ItemRule | None:
    """The item rule whose pattern matches the whole ``phrase``."""
    for rule in lex.items:
        m = rule.regex.match(phrase)
        if m and m.end() == len(phrase):
            return rule
    return None


@lru_cache(maxsize=1024)
def unit_for(lex: Lexicon, word: str) -> str:
    for rx, name in lex.unit_names:
        if rx.match(word):
            return name
    return word.lower()

"""The number grammar: find every number in a text and read its value.

One compiled regular expression finds candidates in a single left-to-right pass;
each alternative is a named group, so the caller knows what kind of number it is:

- ``time``: clock times (``9 a.m.``, ``13:00``) → measure other
- ``date``: ``July 4``, ``4 July 2025``, ``Jul 05, 2025`` → measure other
- ``range``: ``between 10 and 15``, ``10-15``, ``10 to 15``
- ``money``: a currency symbol or code before the amount (``$1.7bn``, ``€38 billion``)
- ``vague``: vague plurals (``hundreds of``) → ACLED's conservative value, at_least
- ``phrase``: fixed phrases (``a dozen``, ``a couple of``)
- ``digits``: ``1,227``, ``38.5``, ``38 billion``, ``5bn``
- ``words``: ``twenty-five``, ``a hundred and twenty``, ``two hundred thousand``
- ``article``: ``a``/``an`` right before a singular person or weapon noun
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from analystkit._lexicon import MONTHS, Lexicon, _alt

# invisible format characters (soft hyphen, zero-width space / joiners, bidi marks, word
# joiner, BOM): one of them between two digits joins them ("5\u200b00" is 500), and a
# number never starts right after one that follows a digit
INVISIBLE = "".join(map(chr, [0xAD, *range(0x200B, 0x2010), *range(0x202A, 0x202F),
                             *range(0x2060, 0x2065), *range(0x2066, 0x206A), 0xFEFF]))
# digit groups: "1,227", "1'234" (Swiss), "5\u200b00"
_DIGITS = (rf"\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d{{1,3}}(?:['’]\d{{3}})+(?![\d])|"
           rf"\d+(?:[{INVISIBLE}]\d+)*(?:\.\d+)?")
# hyphens, dashes and minus signs (U+2212, small and fullwidth hyphen-minus): a number
# glued after one is not read, so a negative number never becomes a positive count
_HYPHEN = r"\-‐‑‒–−﹣－"
_MINUS = r"\-−﹣－"  # before a currency symbol: "−$5bn" is not $5bn
_ARTICLE_NOUNS = (
    r"(?:(?:young|little|small|teenage|elderly|local|single|lone|Ukrainian|Russian|[“\"]?\w+[”\"]?)\s+)?"
    r"(?:child|person|civilian|soldier|woman|man|baby|boy|girl|teenager|resident|journalist|"
    r"police officer|policeman|rescuer|medic|firefighter|pensioner|serviceman|servicewoman|"
    r"drone|UAV|Shahed|missile|ballistic missile|cruise missile|rocket|shell|bomb|"
    r"producer|reporter|photographer|cameraman|volunteer|doctor|nurse|teacher|driver|"
    r"farmer|student|employee|guard|engineer|paramedic|priest|officer|commander|"
    r"fatality|death(?![ \t]+(?:knell|sentence|penalty|warrant|threats?|trap|toll|squad)))(?![\w])"
)


_DIGITS_AND_SCALE = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*([A-Za-z]*)")
_MORE_WORDS = re.compile(r"(?:\s+[A-Za-z]+)*")
_INVISIBLE = re.compile(f"[{INVISIBLE}]")
_WORD_SEPARATORS = re.compile(r"[\s" + _HYPHEN + r"]+")
_LEADING_DIGITS = re.compile(r"\d+")
_DAY_DIGITS = re.compile(r"\d{1,2}(?!\d)")
_HYPHENATED = re.compile(r"\d\s?[" + _HYPHEN + r"]\s?\d")
_SPLIT_AMOUNT = re.compile(r"(?:(?<=billion)|(?<=bn))\s+", re.I)


@dataclass(frozen=True)
class NumberMatch:
    kind: str
    start: int
    end: int
    value: float
    low: float | None = None  # for ranges
    high: float | None = None
    currency: str = ""


@lru_cache(maxsize=8)
def number_regex(lex: Lexicon) -> re.Pattern[str]:
    words = _alt(list(lex.units) + list(lex.tens))
    scale_words = _alt([s for s in lex.scales if s != "hundred"])
    word_core = rf"(?:{words}(?:[{_HYPHEN} ](?:{words}))?)"
    word_num = (
        rf"(?:(?:{word_core}|a)\s+hundred(?:\s+(?:and\s+)?{word_core})?|{word_core}|a(?=\s+{scale_words}))"
        rf"(?:\s+{scale_words})*"  # "a thousand million", "a trillion trillion"
    )
    scale_abbr = _alt([a for a in lex.scale_abbreviations if len(a) > 1])
    scale_abbr_money = _alt(list(lex.scale_abbreviations))
    more_scales = rf"(?:\s+{scale_words}\b)*"
    digit_num = rf"(?:{_DIGITS})(?:\s*{_alt(list(lex.scales))}\b{more_scales}|{scale_abbr}\b)?"
    money_num = (
        rf"(?:{_DIGITS})(?:\s*{_alt(list(lex.scales))}\b{more_scales}|"
        rf"\s?{scale_abbr_money}(?![\w]))?"
    )
    vague = _alt([re.escape(v) for v in lex.vague])
    range_scale = rf"(?:{_alt([s for s in lex.scales if s != 'hundred'])}\b|{scale_abbr}\b)"
    phrases = _alt([re.escape(p) for p in lex.phrases] + [rf"{word_core}\s+dozen"])
    glue = r"\w.,/#$€£¥₴₽×\^" + _HYPHEN  # "10^23" after "6.02×": not numbers of their own
    lead = rf"(?<![{glue}])(?<![{glue}][{INVISIBLE}])"  # an invisible mark glues too
    money_lead = rf"(?<![\w{_MINUS}])"
    # not followed by a word, a decimal part or a power of ten ("6.02×10^23", "3 x 10⁸")
    trail = r"(?![\w]|[.,]\d|\s?[×x*·]\s?10(?:\^|\*\*|[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]))"
    months = rf"(?-i:{MONTHS})"
    # a live blog's time stamp after a date: "8 May 2022 21.48"
    clock = r"(?:\s(?:[01]?\d|2[0-3])[.:][0-5]\d(?:\s?(?:BST|GMT|CET|EET|EEST|UTC))?)?"
    pattern = (
        rf"(?P<time>{lead}\d{{1,2}}:\d{{2}}(?::\d{{2}})?(?:\s?[ap]\.m\.|\s?[ap]m\b)?|"
        rf"{lead}\d{{1,2}}(?:\.\d{{2}})?\s?(?:[ap]\.m\.|(?-i:[ap]m)\b))"
        rf"|(?P<date>{months}\.?\s\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s\d{{4}})?{clock}{trail}|"
        rf"{lead}\d{{1,2}}(?:st|nd|rd|th)?\s{months}(?:,?\s\d{{4}})?{clock}(?![\w]))"
        rf"|(?P<range>\bbetween\s(?:{_DIGITS}|{word_core})\s(?:and|to)\s(?:{_DIGITS}|{word_core})"
        rf"(?:\s?{range_scale})?{trail}|"
        rf"{lead}(?:{_DIGITS})\s?(?:[{_HYPHEN}]|to)\s?(?:{_DIGITS})(?:\s?{range_scale})?{trail}|"
        rf"\b{word_core}\s(?:to|or)\s{word_core}\b)"
        rf"|(?P<moneyrange>{money_lead}(?:{lex.currency_symbol})\s?{money_num}\s?(?:[{_HYPHEN}]|to)\s?"
        rf"(?:{lex.currency_symbol})?\s?{money_num}{trail})"
        # "$ 2 billion $ 980 million", "$ 11 billion 700 million": one amount
        rf"|(?P<moneysplit>{money_lead}(?:{lex.currency_symbol})\s?(?:{_DIGITS})\s*(?:billion|bn)"
        rf"\s+(?:(?:{lex.currency_symbol})\s?)?\d{{1,3}}\s*(?:million|mn)\b{trail})"
        rf"|(?P<money>{money_lead}(?:{lex.currency_symbol})\s?{money_num}{trail})"
        rf"|(?P<vague>\b{vague}(?=\s|[{_HYPHEN}]worth\b))"
        rf"|(?P<phrase>\b{phrases}\b)"
        rf"|(?P<digits>{lead}{digit_num}{trail})"
        rf"|(?P<words>\b{word_num}\b)"
        rf"|(?P<article>\ban?(?=\s+{_ARTICLE_NOUNS}))"
    )
    return re.compile(pattern, re.IGNORECASE)


def _factored(entries: list[str]) -> str:
    """An alternation of ``entries`` grouped by their first letter, so that the regex
    engine rejects a position after one comparison per group instead of one per entry.
    Only used for yes/no candidate tests, where the order of alternatives is irrelevant."""
    groups: dict[str, list[str]] = {}
    rest: list[str] = []
    for e in dict.fromkeys(entries):
        if re.fullmatch(r"[A-Za-z](?:[A-Za-z0-9 ]|\\.)*", e):
            groups.setdefault(e[0].lower(), []).append(e[1:])
        else:
            rest.append(e)
    parts = [f"{k}(?:{'|'.join(v)})" for k, v in groups.items()]
    return "(?:" + "|".join(parts + rest) + ")"


@lru_cache(maxsize=8)
def _candidate_regexes(lex: Lexicon) -> tuple[re.Pattern[str], re.Pattern[str] | None]:
    """Where a match of :func:`number_regex` can start: a superset, cheap to scan for.

    Every alternative of the number grammar starts with one of these heads: a digit not
    glued to a word, number or currency; ``\\b`` and a number word, vague plural, phrase,
    ``between`` or ``a``/``an`` and a space; a currency symbol not glued to a word; a
    capitalised month name (which needs no boundary before it).

    All heads but the month names need a non-word character before them (or the start
    of the text). When every word head starts with a letter or digit, the first regex
    looks for that character, which the regex engine finds by a quick character-class
    skip, and the second finds the month names (a quick skip to their capitals); the
    number starts one character after a match of the first, where the second matches.
    Otherwise the first regex matches at the head itself and the second is None.
    """
    lead = r"[\w.,/#$€£¥₴₽" + _HYPHEN + r"]"
    vocab = [
        "between", *lex.units, *lex.tens, *(re.escape(v) for v in lex.vague),
        *(re.escape(p) for p in lex.phrases), r"an?\s",
    ]
    heads = rf"\d(?<!{lead}\d)|\b{_factored(vocab)}|(?<![\w])(?:{lex.currency_symbol})"
    # the first three letters of every month name, then the rest of the name
    months = "|".join(dict.fromkeys(re.escape(m[:3]) for m in MONTHS.split("|")))
    month = rf"(?:{months})[A-Za-z]*\.?\s\d"
    if all(re.match(r"[A-Za-z0-9]", v) for v in vocab):
        return re.compile(rf"\W(?={heads})", re.IGNORECASE), re.compile(month)
    return re.compile(rf"{heads}|(?-i:{month})", re.IGNORECASE), None


def find_numbers(text: str, lex: Lexicon) -> Iterator[re.Match[str]]:
    """The matches of ``number_regex(lex).finditer(text)``, found several times faster.

    The full grammar is tried only where :func:`_candidate_regexes` say a number can
    start, left to right as ``finditer`` does (no match is empty), so the matches are
    the same, in the same order.
    """
    candidates, months = _candidate_regexes(lex)
    search = candidates.search
    match = number_regex(lex).match
    n = len(text)
    if months is None:
        pos = 0
        while True:
            c = search(text, pos)
            if c is None:
                return
            p = c.start()
            m = match(text, p)
            if m is None:
                pos = p + 1
            else:
                yield m
                pos = m.end() if m.end() > p else p + 1
    month_search = months.search
    month_at = -1  # the first month-name candidate at or after the last look, or n
    pos = 0
    while pos < n:
        if pos == 0:
            p = 0  # nothing stands before the text's first character: try it
        else:
            c = search(text, pos - 1)
            p = c.start() + 1 if c is not None else n
            if month_at < pos:
                mc = month_search(text, pos)
                month_at = mc.start() if mc is not None else n
            p = min(p, month_at)
            if p >= n:
                return
        m = match(text, p)
        if m is None:
            pos = p + 1
        else:
            yield m
            pos = m.end() if m.end() > p else p + 1


def parse_digits(text: str, lex: Lexicon) -> float:
    """Read ``1,227``, ``38.5``, ``38 billion``, ``1.7bn`` or ``5m`` as a float.

    Invisible characters between digits are ignored ("5\\u200b00" is 500); every scale
    word after the first multiplies ("1.5 thousand million" is 1.5e9). A number too large
    for a float is ``inf`` (the extractor drops it).
    """
    if _INVISIBLE.search(text):
        text = _INVISIBLE.sub("", text)
    if "'" in text or "’" in text:
        text = text.replace("'", "").replace("’", "")
    m = _DIGITS_AND_SCALE.match(text)
    if not m:
        return float("nan")
    digits = m.group(1).replace(",", "")
    scale = m.group(2).lower()
    if not scale:
        return float(digits)
    # decimal arithmetic: "32.2 billion" is 32,200,000,000 exactly, not 32200000000.000004
    exact = Decimal(digits) * Decimal(lex.scales.get(scale, lex.scale_abbreviations.get(scale, 1)))
    for word in _MORE_WORDS.match(text, m.end()).group().lower().split():
        if word not in lex.scales:
            break
        exact *= Decimal(lex.scales[word])
    return float(exact)


def parse_words(text: str, lex: Lexicon) -> float:
    """Read ``twenty-five``, ``a hundred and twenty``, ``two hundred thousand``, ``two dozen``."""
    total = 0.0
    current = 0.0
    tokens = _WORD_SEPARATORS.split(text.lower())
    after_scale = False
    for tok in tokens:
        if tok in ("and", ""):
            continue
        if tok in lex.scales and tok != "hundred" and after_scale and current == 0:
            total *= lex.scales[tok]  # "a thousand million", "a trillion trillion"
            continue
        after_scale = tok in lex.scales and tok != "hundred"
        if tok == "a":
            current = 1
        elif tok in lex.units:
            current += lex.units[tok]
        elif tok in lex.tens:
            current += lex.tens[tok]
        elif tok == "dozen":
            current = (current or 1) * 12
        elif tok == "hundred":
            current = (current or 1) * 100
        elif tok in lex.scales:
            total += (current or 1) * lex.scales[tok]
            current = 0
        else:
            return float("nan")
    return total + current


def parse_number(text: str, lex: Lexicon) -> float:
    """Read a number written in digits or words."""
    text = text.strip()
    if text[:1].isdigit():
        return parse_digits(text, lex)
    return parse_words(text, lex)


def read_match(m: re.Match[str], lex: Lexicon) -> NumberMatch:
    """Turn a candidate match into a kind and a value."""
    kind = m.lastgroup or ""
    s, e = m.span()
    text = m.group()
    if kind == "time":
        return NumberMatch(kind, s, e, float(_LEADING_DIGITS.match(text).group()))
    if kind == "date":
        day = _DAY_DIGITS.search(text)
        return NumberMatch(kind, s, e, float(day.group()) if day else float("nan"))
    if kind == "range":
        body = re.sub(r"^between\s", "", text, flags=re.IGNORECASE)
        parts = re.split(r"\s?(?:\band\b|\bto\b|\bor\b|[" + _HYPHEN + r"])\s?", body, maxsplit=1)
        scale = re.search(r"(?:\d|\w\s)\s?(thousand|million|billion|trillion|bn|mn|m|k)$",
                          parts[1], re.IGNORECASE)
        if scale and not re.search(r"(?:thousand|million|billion|trillion|bn|mn|m|k)$",
                                   parts[0].strip(), re.IGNORECASE):
            parts[0] = parts[0].strip() + " " + scale.group(1)  # "98-117 thousand"
        lo, hi = (parse_number(p, lex) for p in parts)
        if lo > hi and not _HYPHENATED.search(text):
            # "5 to 3 drones", "between 10 and 5": not a range (a score, a typo)
            return NumberMatch(kind, s, e, float("nan"))
        if lo > hi:
            lo, hi = hi, lo
        return NumberMatch(kind, s, e, lo + (hi - lo) / 2, lo, hi)
    if kind == "moneyrange":
        # the second amount may follow its currency after any blanks ("€5 to EUR  6")
        parts = re.split(r"\s*(?:[" + _HYPHEN + r"]|\bto\b)\s*(?=\D*\d)", text, maxsplit=1)
        if len(parts) != 2:
            return NumberMatch("range", s, e, float("nan"))
        first, second = (read_match(re.match(r"(?P<money>.*)", p.strip()), lex) for p in parts)
        if second.currency == "" or not re.match(lex.currency_symbol, parts[1].strip(), re.I):
            second = NumberMatch("money", 0, 0, parse_digits(parts[1].strip(), lex),
                                 currency=first.currency)
        lo, hi = first.value, second.value
        scale = re.search(r"[A-Za-z]+\s*$", text)
        if scale and not re.search(r"[A-Za-z]+\s*$", parts[0]) and lo < hi:
            # "$1-2bn": the first amount takes the second's scale (hi over its digits)
            amount = _INVISIBLE.sub("", re.sub(r"^\D+", "", parts[1].strip()))
            digits = _DIGITS_AND_SCALE.match(amount)
            base = float(digits.group(1).replace(",", "")) if digits else 0.0
            if base > 0:
                lo *= hi / base
        lo, hi = min(lo, hi), max(lo, hi)
        return NumberMatch("range", s, e, lo + (hi - lo) / 2, lo, hi, currency=first.currency)
    if kind == "moneysplit":
        first, second = _SPLIT_AMOUNT.split(text, maxsplit=1)
        head = read_match(re.match(r"(?P<money>.*)", first), lex)
        rest = re.sub(r"^\D+", "", second)
        return NumberMatch("money", s, e, head.value + parse_digits(rest, lex),
                           currency=head.currency)
    if kind == "money":
        sym = re.match(lex.currency_symbol, text, re.IGNORECASE)
        code = ""
        amount = text
        if sym:
            amount = text[sym.end():].strip()
            for rx, c in lex.currency_symbol_code:
                if rx.match(sym.group()):
                    code = c
                    break
        return NumberMatch(kind, s, e, parse_digits(amount, lex), currency=code)
    if kind == "vague":
        return NumberMatch(kind, s, e, float(lex.vague[_norm(text)]))
    if kind == "phrase":
        key = _norm(text)
        value = lex.phrases.get(key)
        return NumberMatch(kind, s, e, float(value) if value else parse_words(key, lex))
    if kind == "digits":
        return NumberMatch(kind, s, e, parse_digits(text, lex))
    if kind == "words":
        return NumberMatch(kind, s, e, parse_words(text, lex))
    return NumberMatch("article", s, e, 1.0)


def _norm(text: str) -> str:
    return " ".join(text.lower().split())

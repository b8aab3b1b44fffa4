"""Events: each core figure on its attack night and attacker, and same-night reports linked.

Used by :func:`analystkit.compare.source_values`. Three steps, each linear in the figures:

1. **Attacker** of an attack / defence figure: the evidence of its sentence (weapons only
   one side fires, "launched by Russia", "Russian attack", "enemy drones"; the patterns are
   ``[attackers]`` in ``data/tallies.toml``), else the document's attacker (the same
   evidence over its attack sentences), else the figure's ``side``.
2. **Night** of each figure (:func:`analystkit._timecues.resolve_night`): its sentence's
   time cue; else the latest date named earlier in its paragraph; else the document's
   night (the most common night of its cued attack figures; without any cue, the night
   before publication for an attack report, the publication day otherwise). One event per
   (document, night, attacker when it differs from the document's).
3. **Linking** across documents: two events are one when they are on the same night with
   compatible attackers and either both report an air attack (launched / intercepted
   drones or missiles: the Air Force counts one national night, hedged counts differ),
   or they share a named place, or they share an exact count (>= 10) of the same measure
   and item and name no different places. Different nights never link.
"""

from __future__ import annotations

import itertools
import re
import tomllib
from collections import Counter, defaultdict
from functools import lru_cache

import pandas as pd

from analystkit._resources import data_path
from analystkit._timecues import resolve_night

ATTACK = frozenset({"launched", "struck", "intercepted"})
AIR_ITEMS = frozenset({"drone", "missile", "ballistic missile", "cruise missile"})
_LINK_MIN_VALUE = 10
# "in Toretsk", "near Olenivka": a named place in the figure's sentence, when the figures
# table gives none (its place lexicon does not know every town)
_NAMED_PLACE = re.compile(r"\b(?:in|near|at|outside)\s+(?:the\s+)?((?:[A-Z][a-z'’]+)"
                          r"(?:[- ][A-Z][a-z'’]+)?)")
_NOT_PLACES = frozenset({
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January",
    "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept",
    "Oct", "Nov", "Dec", "The", "This", "That", "Least", "Most", "Total", "Ukraine", "Russia",
})


@lru_cache(maxsize=1)
def _attacker_rules() -> tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]:
    with data_path("tallies.toml").open("rb") as fh:
        data = tomllib.load(fh)
    return tuple((side, tuple(re.compile(p, re.IGNORECASE) for p in pats))
                 for side, pats in data.get("attackers", {}).items())


def attacker_votes(text: str) -> Counter[str]:
    """Pieces of evidence per attacker in a text (one per matching pattern)."""
    votes: Counter[str] = Counter()
    for side, patterns in _attacker_rules():
        n = sum(1 for p in patterns if p.search(text))
        if n:
            votes[side] += n
    return votes


def _decide(votes: Counter[str]) -> str:
    top = votes.most_common(2)
    if not top or (len(top) == 2 and top[0][1] == top[1][1]):
        return ""
    return top[0][0]


def attacker_of(text: str) -> str:
    """The attacker a sentence points to, or "" when its evidence is absent or tied.

    >>> attacker_of("Ukraine downed 34 out of 55 drones launched by Russia overnight")
    'russia'
    >>> attacker_of("The Ukrainian Air Force destroyed 22 enemy drones.")
    'russia'
    >>> attacker_of("Russia's defence ministry said it shot down 30 Ukrainian drones.")
    'ukraine'
    """
    return _decide(attacker_votes(text))


def _paragraph_before(text: str, start: int) -> str:
    """The text of the figure's paragraph before its sentence (at most 600 characters)."""
    lo = max(0, start - 600)
    chunk = text[lo:start]
    cut = max(chunk.rfind("\n\n"), chunk.rfind("\n"))
    return chunk[cut + 1:] if cut >= 0 else chunk


def assign(core: pd.DataFrame, published: dict[str, pd.Timestamp],
           texts: dict[str, str]) -> pd.DataFrame:
    """Add ``attacker``, ``night`` (Timestamp or NaT) and ``event_key`` to core figures.

    ``core`` is not modified; the result is a copy with the same index.
    """
    fig = core.copy()
    attack = fig["measure"].isin(ATTACK).to_numpy()
    sentences = fig["sentence"].tolist()
    docs = fig["doc_id"].tolist()
    # 1. attackers: sentence evidence, else the document's, else the figure's side
    own = [attacker_of(s) if a else "" for s, a in zip(sentences, attack, strict=True)]
    doc_votes: dict[str, Counter[str]] = defaultdict(Counter)
    seen: set[tuple[str, str]] = set()
    for doc, s, a in zip(docs, sentences, attack, strict=True):
        if a and (doc, s) not in seen:
            seen.add((doc, s))
            doc_votes[doc].update(attacker_votes(s))
    doc_side = {d: _decide(v) for d, v in doc_votes.items()}
    side_main: dict[str, str] = {}
    for doc, side, a in zip(docs, fig["side"], attack, strict=True):
        if a and side:
            side_main.setdefault(doc, side)
    attackers = []
    for doc, o, side, a in zip(docs, own, fig["side"], attack, strict=True):
        main = doc_side.get(doc) or side_main.get(doc, "")
        attackers.append((o or main or side) if a else main)
    fig["attacker"] = attackers
    # 2. nights: the sentence's cue, else the paragraph's latest date, else the document's
    cues: list[pd.Timestamp | None] = []
    cache: dict[tuple[str, str, int, bool], pd.Timestamp | None] = {}
    air_docs = {d for d, a in zip(docs, attack, strict=True) if a}
    for doc, s, start in zip(docs, sentences, fig["sentence_start"], strict=True):
        day = doc not in air_docs  # not an air-attack report: the day as named
        key = (doc, s, int(start), day)
        if key not in cache:
            pub = published.get(doc)
            cue = resolve_night(s, pub, day=day)
            if cue is None or not cue.explicit:
                text = texts.get(doc, "")
                before = resolve_night(_paragraph_before(text, int(start)), pub, last=True,
                                       day=day) if text else None
                cue = before or cue
            cache[key] = None if cue is None else cue.night
        cues.append(cache[key])
    doc_night: dict[str, pd.Timestamp] = {}
    counts: dict[str, Counter[pd.Timestamp]] = defaultdict(Counter)
    for doc, cue, a in zip(docs, cues, attack, strict=True):
        if cue is not None and a:
            counts[doc][cue] += 1
    for doc, c in counts.items():
        doc_night[doc] = c.most_common(1)[0][0]  # ties: the first cued figure's night
    has_attack = air_docs
    for doc in dict.fromkeys(docs):
        if doc in doc_night:
            continue
        pub = published.get(doc)
        day = None if pub is None or pd.isna(pub) else (
            pub.tz_localize(None) if pub.tzinfo else pub).normalize()
        if day is not None:
            doc_night[doc] = day - pd.Timedelta(days=1) if doc in has_attack else day
    nights = [cue if cue is not None else doc_night.get(doc) for doc, cue
              in zip(docs, cues, strict=True)]
    fig["night"] = pd.Series(nights, index=fig.index, dtype="datetime64[ns]")
    main_att = {}
    for doc, a, att in zip(docs, attack, attackers, strict=True):
        if a and att:
            main_att.setdefault(doc, Counter())[att] += 1
    main = {d: c.most_common(1)[0][0] for d, c in main_att.items()}
    keys = []
    for doc, night, att, a in zip(docs, fig["night"], attackers, attack, strict=True):
        n = "" if pd.isna(night) else night.strftime("%Y-%m-%d")
        other = att if (a and att and att != main.get(doc, att)) else ""
        keys.append(f"{doc}|{n}|{other}")
    fig["event_key"] = keys
    return fig


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _compatible(e1: dict, e2: dict) -> bool:
    """Two events of different documents may be one: attackers and places agree."""
    if e1["doc"] == e2["doc"]:
        return False
    if e1["attackers"] and e2["attackers"] and not e1["attackers"] & e2["attackers"]:
        return False
    return not (e1["places"] and e2["places"] and not e1["places"] & e2["places"]
                and not (e1["air"] and e2["air"]))


def link(fig: pd.DataFrame) -> dict[str, str]:
    """event_key -> the key of the event it is linked to (see the module docstring)."""
    uf = _UnionFind()
    info: dict[str, dict] = {}
    for row in fig[["event_key", "doc_id", "night", "attacker", "measure", "item", "place",
                    "qualifier", "value", "sentence"]].itertuples(index=False):
        uf.find(row.event_key)
        ev = info.setdefault(row.event_key, {"doc": row.doc_id, "night": row.night,
                                             "attackers": set(), "air": False,
                                             "places": set(), "counts": set()})
        if row.measure in ATTACK and row.attacker:
            ev["attackers"].add(row.attacker)
        if row.measure in ATTACK and row.item in AIR_ITEMS:
            ev["air"] = True
        if row.place:
            ev["places"].add(row.place)
        elif row.measure not in ATTACK:
            ev["places"].update(p for p in _NAMED_PLACE.findall(row.sentence)
                                if p.split()[0] not in _NOT_PLACES)
        if row.qualifier == "exact" and row.value >= _LINK_MIN_VALUE:
            ev["counts"].add((row.measure, row.item, row.value))
    by_night: dict[object, list[str]] = defaultdict(list)
    for key, ev in info.items():
        by_night[ev["night"] if pd.notna(ev["night"]) else None].append(key)
    for night, keys in by_night.items():
        # air-attack events of one night: one per attacker (keys with none join any)
        if night is not None:
            air: dict[str, str] = {}
            loose: list[str] = []
            for k in keys:
                ev = info[k]
                if not ev["air"]:
                    continue
                if len(ev["attackers"]) == 1:
                    att = next(iter(ev["attackers"]))
                    if att in air:
                        uf.union(air[att], k)
                    else:
                        air[att] = k
                elif not ev["attackers"]:
                    loose.append(k)
            if len(air) == 1:
                for k in loose:
                    uf.union(next(iter(air.values())), k)
            elif not air and len(loose) > 1:
                for k in loose[1:]:
                    uf.union(loose[0], k)
        # other events of one night: a shared place
        if night is None:
            continue
        by_place: dict[str, list[str]] = defaultdict(list)
        for k in keys:
            for p in info[k]["places"]:
                by_place[p].append(k)
        for group in by_place.values():
            for k1, k2 in itertools.pairwise(group):
                if _compatible(info[k1], info[k2]):
                    uf.union(k1, k2)
    # a shared exact count, on the same night or where either night is unknown
    by_count: dict[tuple, list[str]] = defaultdict(list)
    for k, ev in info.items():
        for c in ev["counts"]:
            by_count[c].append(k)
    for group in by_count.values():
        buckets: dict[object, list[str]] = defaultdict(list)
        for k in group:
            night = info[k]["night"]
            buckets[night if pd.notna(night) else None].append(k)
        for members in buckets.values():
            for k1, k2 in itertools.pairwise(members):
                if _compatible(info[k1], info[k2]):
                    uf.union(k1, k2)
        dated = [m for n, m in buckets.items() if n is not None]
        if None in buckets and len(dated) == 1:  # undated reports join the one dated night
            for k in buckets[None]:
                if _compatible(info[k], info[dated[0][0]]):
                    uf.union(dated[0][0], k)
    return {key: uf.find(key) for key in info}

"""Cross-source comparison: the same measure across sources, low / best / high, verdicts.

Figures are first grouped into **events** (``analystkit._events``), so that figures of
different attacks are never merged and reports of the same night are:

1. every attack and defence figure gets an *attacker* from its sentence (weapons only
   one side fires, "launched by Russia", "Russian attack", "enemy drones"), else the
   document's, else the figure's ``side``;
2. every figure gets a *night* on the Air Force's convention (an attack that starts in
   the evening of D or overnight into D+1 is night D) from its time cue resolved against
   the publication date ("overnight", "on the night of January 26", "late on Monday",
   "launched Thursday at 01:40", "On Nov. 17 …"), else the latest date named earlier in
   its paragraph, else the document's night;
3. one event per (document, night, attacker); events of different documents are linked
   when they report an air attack on the same night by the same attacker, or share a
   named place on the same night, or share an exact count (>= 10) with no different
   places and no different nights.

Then one row per (event, side, measure, item) says what each source reports.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from analystkit import _events
from analystkit.figures import CORE_MEASURES
from analystkit.schemas import COMPARISONS

__all__ = ["compare_figures", "comparison_pivot", "source_values"]

_ATTACK = {"launched", "struck", "intercepted"}
_APPROX_TOLERANCE = 0.15
_LINK_MIN_VALUE = 10
_LINK_MAX_DAYS = 2
_WEAPON_CLASS = {
    "drone": "drone",
    "missile": "missile",
    "ballistic missile": "ballistic missile",
    "cruise missile": "cruise missile",
}
_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_NIGHT_OF = re.compile(r"(night|evening|morning) of ([A-Z][a-z]+)\.? (\d{1,2})")
_ON_DATE = re.compile(r"on ([A-Z][a-z]+)\.? (\d{1,2})")
_SCOPE_WORDS = re.compile(
    r"\b(?:across|regions|nationwide|country|in total|overall|since|so far|cumulative)\b", re.I)
_ADDITIONAL = re.compile(r"\b(?:additional|another|further|other|more|plus)\b", re.I)
_SYMBOL = {"exact": "", "approx": "~", "at_least": "≥", "at_most": "≤"}


def _interval(q: str, v: float, lo: float, hi: float) -> tuple[float, float]:
    if q == "exact":
        return v, v
    if q == "approx":
        tol = max(1.0, abs(v) * _APPROX_TOLERANCE)
        return v - tol, v + tol
    if q == "at_least":
        return v, np.inf
    if q == "at_most":
        return 0.0, v
    return lo, hi


def _fmt(v: float) -> str:
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.2f}"


def _say(row) -> str:
    if row.qualifier == "range":
        text = f"{_fmt(row.low)}–{_fmt(row.high)}"
    else:
        text = _SYMBOL.get(row.qualifier, "") + _fmt(row.value)
    credit = row.attributed_to
    if credit and row.attribution_chain:
        credit = f"{credit} via {row.attribution_chain}"
    return f"{text} (per {credit})" if credit else text


class _Fig(NamedTuple):
    """The fields of one figure the per-row rules read."""

    doc_id: str
    source: str
    qualifier: str
    value: float
    low: float
    high: float
    attributed_to: str
    attribution_chain: str
    place: str
    sentence: str
    start: int
    mention: str
    sentence_start: int


_FIG_FIELDS = list(_Fig._fields)


def _best(part: list[_Fig]) -> float:
    """The exact value cited by most sources; ties: more often credited, then lower."""
    exact = [r for r in part if r.qualifier == "exact"]
    pool = exact or part
    docs: dict[float, set[str]] = defaultdict(set)
    credited: Counter[float] = Counter()
    for r in pool:
        if r.value != r.value:  # NaN: no value to cite (groupby drops it too)
            continue
        docs[r.value].add(r.doc_id)
        credited[r.value] += r.attributed_to != ""
    if not docs:
        return float("nan")
    return max(docs, key=lambda v: (len(docs[v]), credited[v], -v))


def _parts(part: list[_Fig]) -> dict[str, list[float]]:
    """Per source, the exact figures it gives as parts of one total.

    Two or more exact figures of the same measure and item at different places in one
    sentence ("one Kinzhal and six ballistic missiles", "296 shot down and 415 lost to
    electronic warfare") are parts, and so is a later figure said to be additional
    ("One Kinzhal ballistic missile. - Six additional ballistic missiles"); a source with
    several such groups keeps the first.
    """
    by_sentence: dict[tuple[str, str], dict[int, float]] = defaultdict(dict)
    last: dict[str, tuple[str, str]] = {}
    for r in sorted(part, key=lambda r: (r.doc_id, r.start)):
        if r.qualifier != "exact" or r.value != r.value:
            continue
        key = (r.doc_id, r.sentence)
        before = r.sentence[max(0, r.start - r.sentence_start - 25):r.start - r.sentence_start]
        if (key not in by_sentence and r.doc_id in last
                and _ADDITIONAL.search(before + " " + r.mention)):
            key = last[r.doc_id]  # "Six additional ballistic missiles": adds to the last
        by_sentence[key][r.start] = r.value
        last[r.doc_id] = key
    out: dict[str, list[float]] = {}
    for (doc, _), found in by_sentence.items():
        if len(found) > 1 and doc not in out:
            out[doc] = [found[k] for k in sorted(found)]
    return out


def _verdict(part: list[_Fig], parts: dict[str, list[float]] | None = None) -> str:
    """Do the sources agree? Compared across sources, never within one.

    With ``parts``, a source's parts also stand for their sum: when only the sum makes
    the sources agree, the verdict is ``parts_of_total``.
    """
    plain = _plain_verdict(part, {})
    if not parts or plain in ("consistent", "consistent_within_hedges"):
        return plain
    with_sums = _plain_verdict(part, parts)
    if with_sums in ("consistent", "consistent_within_hedges"):
        return "parts_of_total"
    return plain


def _plain_verdict(part: list[_Fig], parts: dict[str, list[float]]) -> str:
    by_doc: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for r in part:
        if r.doc_id in parts and r.qualifier == "exact" and r.value in parts[r.doc_id]:
            continue
        by_doc[r.doc_id].append(_interval(r.qualifier, r.value, r.low, r.high))
    for doc, values in parts.items():
        total = float(sum(values))
        by_doc[doc].append((total, total))
    per_source = list(by_doc.values())
    if len(per_source) == 1:
        return "consistent"
    if (not parts and all(r.qualifier == "exact" for r in part)
            and len({r.value for r in part}) == 1):
        return "consistent"
    points = sorted({x for ivs in per_source for iv in ivs for x in iv if np.isfinite(x)})
    for x in points:
        if all(any(lo <= x <= hi for lo, hi in ivs) for ivs in per_source):
            return "consistent_within_hedges"
    places = {r.place for r in part}
    scoped = any(_SCOPE_WORDS.search(r.sentence) for r in part)
    if len(places) > 1 or scoped:
        return "scope_differs"
    return "conflicting"


def _source_names(documents: pd.DataFrame | None, doc_ids: Iterable[str]) -> dict[str, str]:
    names = {d: d for d in doc_ids}
    if documents is not None and "source" in documents.columns:
        for d, s in zip(documents["doc_id"], documents["source"], strict=True):
            if isinstance(s, str) and s.strip() and d in names:
                names[d] = f"{s.strip()} ({d})"
    return names


def _meta(documents: pd.DataFrame | None, doc_ids: Iterable[str]) -> pd.DataFrame:
    ids = list(dict.fromkeys(doc_ids))
    meta = pd.DataFrame({"published": pd.Series([pd.NaT] * len(ids), index=ids,
                                                dtype="datetime64[ns, UTC]")})
    if documents is not None and "published" in documents.columns:
        pub = pd.to_datetime(documents.set_index("doc_id")["published"], utc=True,
                             errors="coerce")
        pub = pub[~pub.index.duplicated()]
        meta["published"] = pub.reindex(ids)
    return meta


def _read_tallies(tallies) -> pd.DataFrame | None:
    if tallies is None:
        return None
    if isinstance(tallies, (str, Path)):
        from analystkit.tallies import read_tallies

        return read_tallies(tallies)
    return tallies


def source_values(figures: pd.DataFrame, documents: pd.DataFrame | None = None) -> pd.DataFrame:
    """Core figures with the event each belongs to, ready to compare or chart.

    Parameters
    ----------
    figures : DataFrame
        The figures table (:func:`analystkit.extract_figures`); not modified.
    documents : DataFrame, optional
        The documents table, for outlet names and publication dates.

    Returns
    -------
    pandas.DataFrame
        The core rows of ``figures`` with these columns added:

        ==========  ==============  ==============================================
        column      dtype           meaning
        ==========  ==============  ==============================================
        event_id    str             the event (``E1``, ``E2``, … in reading order)
        event_date  str             the event's night (YYYY-MM-DD, the Air Force's
                                    convention; see :func:`compare_figures`) or ""
        attacker    str             who launched (attack / defence figures)
        source      str             the outlet, else the doc_id
        ==========  ==============  ==============================================

    Examples
    --------
    >>> import analystkit as ak
    >>> f = ak.extract_figures(["Russia launched 539 drones.", "Russia fired 539 drones."])
    >>> source_values(f)[["doc_id", "event_id", "attacker", "value"]]
      doc_id event_id attacker  value
    0   doc0       E1   russia  539.0
    1   doc1       E1   russia  539.0
    """
    core = figures[figures["measure"].isin(CORE_MEASURES)].reset_index(drop=True)
    extra = {"event_id": "str", "event_date": "str", "attacker": "str", "source": "str"}
    if core.empty:
        out = core.copy()
        for col, dtype in extra.items():
            out[col] = pd.Series(dtype=dtype)
        return out
    meta = _meta(documents, core["doc_id"])
    published = {d: (None if pd.isna(p) else p) for d, p in meta["published"].items()}
    texts: dict[str, str] = {}
    if documents is not None and "text" in documents.columns:
        wanted = set(core["doc_id"])
        texts = {d: t for d, t in zip(documents["doc_id"], documents["text"], strict=True)
                 if d in wanted and isinstance(t, str)}
    fig = _events.assign(core, published, texts)
    roots = _events.link(fig)
    fig["root"] = fig["event_key"].map(roots)
    order = list(dict.fromkeys(fig["root"]))
    ids = {root: f"E{i}" for i, root in enumerate(order, 1)}
    fig["event_id"] = fig["root"].map(ids)
    # the event's night (the most common night of its figures) and attacker
    event_night: dict[str, pd.Timestamp] = {}
    for eid, part in fig.groupby("event_id", sort=False)["night"]:
        counts = part.dropna().value_counts(sort=False)
        if len(counts):
            event_night[eid] = counts.idxmax()
    event_attacker: dict[str, str] = {}
    for eid, part in fig[fig["attacker"] != ""].groupby("event_id", sort=False)["attacker"]:
        event_attacker[eid] = Counter(part).most_common(1)[0][0]
    fig["event_date"] = [event_night[e].strftime("%Y-%m-%d") if e in event_night else ""
                         for e in fig["event_id"]]
    fig["attacker"] = [a or (event_attacker.get(e, "") if m in _ATTACK else "")
                       for a, e, m in zip(fig["attacker"], fig["event_id"], fig["measure"],
                                          strict=True)]
    names = _source_names(documents, fig["doc_id"])
    fig["source"] = fig["doc_id"].map(names)
    keep = [*figures.columns, *extra]
    out = fig[keep].copy()
    for col in extra:
        out[col] = out[col].astype("str")
    return out


def compare_figures(
    figures: pd.DataFrame,
    documents: pd.DataFrame | None = None,
    *,
    tallies: pd.DataFrame | str | Path | None = None,
) -> pd.DataFrame:
    """Compare what each source reports for the same event, measure and item.

    Parameters
    ----------
    figures : DataFrame
        The figures table from :func:`analystkit.extract_figures` (not modified). Only
        core measures are compared.
    documents : DataFrame, optional
        The documents table: outlet names for ``sources`` and publication dates for
        event dates.
    tallies : DataFrame or path, optional
        Official tallies (:func:`analystkit.read_tallies` or a file in its format). Where
        an event's night is known, the official launched / destroyed counts of the
        matching weapon class stand beside drone and missile rows.

    Returns
    -------
    pandas.DataFrame
        One row per (event, side, measure, item):

        ==================  =======  ====================================================
        column              dtype    meaning
        ==================  =======  ====================================================
        event_id            str      the event (``E1``, ``E2``, … in reading order)
        side                str      who launched (attack and defence rows), else ""
        measure             str      the measure compared
        item                str      the item compared
        n_sources           int64    documents reporting it
        sources             str      their outlets (or doc ids), "; "-separated
        low                 float64  lowest value any source allows
        best                float64  best estimate (see Notes)
        high                float64  highest value any source states
        verdict             str      consistent, consistent_within_hedges,
                                     parts_of_total, scope_differs or conflicting
        summary             str      each source's values, hedges and attribution
        official_launched   float64  official count launched that night, where matched
        official_destroyed  float64  official count destroyed that night, where matched
        event_date          datetime the event's night (Air Force convention: an attack
                    64[ns]   starting in the evening of D or overnight into D+1 is
                             night D), NaT where no date is known
        ==================  =======  ====================================================

    Notes
    -----
    - **low** is the smallest value any figure allows: an exact value, the number of
      an "at least" / approximate figure, a range's lower end.
    - **high** is the largest value stated: an exact value, an "at most" or approximate
      number, a range's upper end ("at least" gives no upper bound).
    - **best** is the exact value cited by the most sources; ties go to the value more
      often credited to a named source, then to the lower value (ACLED's conservative
      rule). Without exact figures, the most cited value.
    - **verdict**: ``consistent`` when every figure states the same exact value;
      ``consistent_within_hedges`` when the hedged ranges overlap ("over 500" and 539;
      "around a dozen" is 12 ± 15 % and holds 11); otherwise ``scope_differs`` when the
      disagreeing figures name different places or a wider scope ("across affected
      regions"), else ``conflicting``. Disagreements are never averaged away.
    - **parts_of_total**: a source gives parts of one total (two exact figures of the
      same measure and weapon in one sentence, "one Kinzhal and six ballistic
      missiles", "296 shot down and 415 lost to electronic warfare", or a figure said to
      be *additional*), and only their sum agrees with the other sources or, for a single
      source, with the official count. ``best`` is then the sum, and ``summary`` ends with
      ``(parts of one total: 1 + 6 = 7)``.
    - **official_launched / official_destroyed**: the official counts of the event's
      night for the row's weapon class (``missile`` is every missile), on launched,
      intercepted and struck rows of a Russian attack; NaN elsewhere.

    Examples
    --------
    >>> import analystkit as ak
    >>> f = ak.extract_figures(["Russia launched 539 drones and 11 missiles.",
    ...                         "Russia launched 539 drones and around a dozen missiles."])
    >>> c = compare_figures(f)
    >>> c[["event_id", "measure", "item", "low", "best", "high", "verdict"]]
      event_id   measure     item    low   best   high                   verdict
    0       E1  launched    drone  539.0  539.0  539.0                consistent
    1       E1  launched  missile   11.0   11.0   12.0  consistent_within_hedges
    """
    values = source_values(figures, documents)
    if values.empty:
        return COMPARISONS.empty()
    official = _official(values, _read_tallies(tallies))
    rows = []
    values["row_side"] = np.where(values["measure"].isin(_ATTACK), values["attacker"], "")
    keys = ["event_id", "row_side", "measure", "item"]
    # group in plain Python: one pass over the rows, groups in order of first appearance
    groups: dict[tuple, list[_Fig]] = {}
    event_dates: dict[tuple, object] = {}
    frame = values[keys + _FIG_FIELDS + ["event_date"]]
    for row in frame.itertuples(index=False, name=None):
        key = row[:4]
        fig = _Fig(*row[4:-1])
        if key not in groups:
            groups[key] = []
            event_dates[key] = row[-1]
        groups[key].append(fig)
    for (eid, side, measure, item), part in groups.items():
        lows = [_interval(r.qualifier, r.value, r.low, r.high)[0] if r.qualifier != "approx"
                else r.value for r in part]
        highs = [(r.high if r.qualifier == "range" else r.value) for r in part
                 if r.qualifier != "at_least"]
        by_source: dict[str, dict[str, None]] = {}
        for r in part:
            by_source.setdefault(r.source, {})[_say(r)] = None
        summary = "; ".join(f"{src}: " + ", ".join(said) for src, said in by_source.items())
        launched, destroyed = official.get((eid, item), (np.nan, np.nan))
        if measure not in _ATTACK:
            launched = destroyed = np.nan
        parts = _parts(part)
        verdict = _verdict(part, parts)
        best = _best(part)
        target = launched if measure == "launched" else destroyed
        if parts and verdict == "consistent" and np.isfinite(target) and best != target \
                and any(sum(v) == target for v in parts.values()):
            verdict = "parts_of_total"  # one source whose parts add up to the official count
        if verdict == "parts_of_total":
            sums = [float(sum(v)) for v in parts.values()]
            best = next((t for t in sums if t == target), sums[0])
            said = "; ".join(" + ".join(_fmt(x) for x in v) + f" = {_fmt(sum(v))}"
                             for v in parts.values())
            summary += f" (parts of one total: {said})"
            highs.append(best)
        rows.append({
            "event_id": eid, "side": side, "measure": measure, "item": item,
            "n_sources": len({r.doc_id for r in part}), "sources": "; ".join(by_source),
            "low": min(lows), "best": best,
            "high": max(highs) if highs else np.nan,
            "verdict": verdict, "summary": summary,
            "official_launched": launched,
            "official_destroyed": destroyed,
            "event_date": (pd.Timestamp(event_dates[(eid, side, measure, item)])
                           if event_dates[(eid, side, measure, item)] else pd.NaT),
        })
    return COMPARISONS.from_records(rows)


def official_index(tallies: pd.DataFrame) -> dict[tuple[str, str], tuple[float, float]]:
    """(night 'YYYY-MM-DD', weapon class) -> (launched, destroyed), built in one pass."""
    from analystkit.tallies import nightly_tallies

    nightly = nightly_tallies(tallies)
    return {(n.strftime("%Y-%m-%d"), c): (float(lo), float(de)) for n, c, lo, de in zip(
        nightly["night"], nightly["weapon_class"], nightly["launched"], nightly["destroyed"],
        strict=True)}


def _official(values: pd.DataFrame, tallies: pd.DataFrame | None) -> dict:
    if tallies is None:
        return {}
    index = official_index(tallies)
    out = {}
    russian = set(values.loc[values["attacker"] == "russia", "event_id"])
    for eid, date in zip(values["event_id"], values["event_date"], strict=True):
        if not date or eid not in russian:
            continue
        for item, cls in _WEAPON_CLASS.items():
            if (date, cls) in index:
                out[(eid, item)] = index[(date, cls)]
    return out


def comparison_pivot(
    figures: pd.DataFrame,
    documents: pd.DataFrame | None = None,
    *,
    event_id: str | None = None,
) -> pd.DataFrame:
    """Sources × measures: each source's best value per (event, measure, item), for charts.

    Parameters
    ----------
    figures : DataFrame
        The figures table (not modified).
    documents : DataFrame, optional
        The documents table, for outlet names and dates.
    event_id : str, optional
        Keep one event (``"E1"``); default all.

    Returns
    -------
    pandas.DataFrame
        Index: ``source`` (outlet, else doc id), in reading order. Columns: one per
        ``"event · measure · item"`` present, float64 values (the source's exact figure,
        else its most precise hedged one), NaN where a source reports nothing.

    Examples
    --------
    >>> import analystkit as ak
    >>> f = ak.extract_figures(["Russia launched 539 drones.", "Five people were killed."])
    >>> comparison_pivot(f).columns.tolist()
    ['E1 · launched · drone', 'E2 · killed · person']
    """
    values = source_values(figures, documents)
    if event_id is not None:
        values = values[values["event_id"] == event_id]
    if values.empty:
        return pd.DataFrame(index=pd.Index([], name="source", dtype="str"))
    rank = {"exact": 0, "range": 1, "approx": 2, "at_least": 3, "at_most": 3}
    values = values.assign(
        column=values["event_id"] + " · " + values["measure"] + " · " + values["item"],
        _rank=values["qualifier"].map(rank),
    ).sort_values(["_rank"], kind="stable")
    best = values.groupby(["source", "column"], sort=False)["value"].first().unstack("column")
    order = list(dict.fromkeys(values.sort_values(["doc_id", "start"])["source"]))
    columns = list(dict.fromkeys(values.sort_values(["event_id", "doc_id", "start"])["column"]))
    out = best.reindex(index=order, columns=columns).astype("float64")
    out.index.name = "source"
    out.columns.name = None
    return out

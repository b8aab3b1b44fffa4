"""A campaign across nights: every press figure of a Russian air attack on its night,
against the official Air Force tally, and each outlet's track record.

:func:`campaign_table` puts every launched / intercepted drone or missile figure of a
corpus on its attack night (the events of :func:`analystkit.compare.source_values`) beside
the official count of that night and weapon class, and adds the nights of the corpus's
period that the official record has and no article reports. :func:`outlet_record` sums
that table per outlet. :func:`analystkit.plot.campaign_timeline` draws it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from analystkit._schema import Schema

if TYPE_CHECKING:  # pragma: no cover
    from analystkit.brief import Brief, Table

__all__ = ["CAMPAIGN", "OUTLET_RECORD", "campaign_brief", "campaign_table", "figures_table",
           "outlet_record", "record_table"]

CAMPAIGN = Schema(
    "campaign",
    {
        "night": "datetime64[ns]",
        "weapon_class": "str",
        "measure": "str",
        "source": "str",
        "doc_id": "str",
        "event_id": "str",
        "value": "float64",
        "qualifier": "str",
        "attributed_to": "str",
        "official_launched": "float64",
        "official_destroyed": "float64",
        "official": "float64",
        "difference": "float64",
        "comparison": "str",
    },
    {
        "night": "the attack night (evening of D or overnight into D+1 is night D)",
        "weapon_class": "drone, missile (every missile), ballistic missile or cruise missile",
        "measure": "launched or intercepted",
        "source": "the outlet (else the doc id); empty on a `missing` row",
        "doc_id": "the document; empty on a `missing` row",
        "event_id": "the event (compare_figures' event_id); empty on a `missing` row",
        "value": "the press figure (NaN on a `missing` row)",
        "qualifier": "exact, approx, at_least, at_most or range",
        "attributed_to": "whom the article credits for the figure; empty where none",
        "official_launched": "official count launched that night for the class",
        "official_destroyed": "official count destroyed that night for the class",
        "official": "the official count of the row's measure (launched, or destroyed for "
                    "intercepted)",
        "difference": "value - official (NaN without an official count)",
        "comparison": "matches, within_hedges, part_of_total, off_by, no_official or "
                      "missing",
    },
)

OUTLET_RECORD = Schema(
    "outlet record",
    {
        "source": "str",
        "figures": "int64",
        "nights": "int64",
        "compared": "int64",
        "share_matching": "float64",
        "share_attributed": "float64",
        "share_hedged": "float64",
        "median_abs_difference": "float64",
    },
    {
        "source": "the outlet (else the doc id)",
        "figures": "press figures it reports",
        "nights": "distinct nights they are on",
        "compared": "figures with an official count to compare with",
        "share_matching": "of those, share that match it or hold it within their hedges",
        "share_attributed": "share of its figures credited to a named source",
        "share_hedged": "share of its figures that are not exact counts",
        "median_abs_difference": "median |value - official| over the compared figures",
    },
)

_CLASSES = {"drone": "drone", "missile": "missile", "ballistic missile": "ballistic missile",
            "cruise missile": "cruise missile"}
_MEASURES = ("launched", "intercepted")
_MISSING_CLASSES = ("drone", "missile")  # subclasses of missile are not "missing" apart


def _compare(q: str, v: float, lo: float, hi: float, official: float) -> str:
    from analystkit.compare import _interval

    if not np.isfinite(official):
        return "no_official"
    if q == "exact" and v == official:
        return "matches"
    low, high = _interval(q, v, lo, hi)
    if low <= official <= high:
        return "within_hedges"
    return "off_by"


def campaign_table(
    figures: pd.DataFrame,
    documents: pd.DataFrame | None = None,
    *,
    tallies: pd.DataFrame | str | Path,
    missing: bool = True,
) -> pd.DataFrame:
    """Every press figure of a Russian air attack on its night, against the official tally.

    Parameters
    ----------
    figures : DataFrame
        The figures table (:func:`analystkit.extract_figures`); not modified.
    documents : DataFrame, optional
        The documents table: publication dates (to date the nights) and outlet names.
    tallies : DataFrame or path
        Official tallies (:func:`analystkit.read_tallies` or a file in its format), e.g.
        the whole Air Force dataset.
    missing : bool, default True
        Add one ``missing`` row per night and class (drone, missile) from the first to
        the last night the press figures are on where the official record has an attack
        and no article gives a figure of that class.

    Returns
    -------
    pandas.DataFrame
        One row per press figure (launched or intercepted drones / missiles, attacker
        Russia, night known), then the ``missing`` rows; sorted by night, class, measure:

        ==================  ==============  =============================================
        column              dtype           meaning
        ==================  ==============  =============================================
        night               datetime64[ns]  the attack night (Air Force convention)
        weapon_class        str             drone, missile, ballistic missile or cruise
                                            missile (the figure's item)
        measure             str             launched or intercepted
        source              str             outlet, else doc id ("" on ``missing``)
        doc_id              str             the document ("" on ``missing``)
        event_id            str             compare_figures' event ("" on ``missing``)
        value               float64         the press figure (NaN on ``missing``)
        qualifier           str             exact, approx, at_least, at_most or range
        attributed_to       str             whom the article credits, else ""
        official_launched   float64         official launched that night, that class
        official_destroyed  float64         official destroyed that night, that class
        official            float64         the official count of the row's measure
        difference          float64         value - official
        comparison          str             ``matches`` (exact and equal),
                                            ``within_hedges`` (the hedged figure holds it),
                                            ``part_of_total`` (a part whose source's
                                            parts add up to it: 1 + 6 = 7),
                                            ``off_by`` (see ``difference``),
                                            ``no_official`` (no tally that night) or
                                            ``missing`` (no press figure that night)
        ==================  ==============  =============================================

    Notes
    -----
    The official count of ``intercepted`` is the tally's ``destroyed``. ``missile`` is
    every missile the tally counts that night; the official drone class includes
    reconnaissance drones, so a press count of attack drones can be slightly below it.
    A night with no national tally row is ``no_official`` (the record has no attack, or
    the figure is dated to the wrong night).

    Examples
    --------
    >>> import analystkit as ak
    >>> docs = ak.load_corpus(ak.seeds_path())
    >>> c = campaign_table(ak.extract_figures(docs), docs, tallies=ak.read_tallies())
    >>> c[c["measure"] == "launched"][["night", "weapon_class", "value", "comparison"]].head(3)
           night weapon_class  value     comparison
    0 2025-07-03        drone  539.0        matches
    1 2025-07-03        drone  539.0        matches
    2 2025-07-03        drone  500.0  within_hedges
    """
    from analystkit.compare import (
        _FIG_FIELDS,
        _Fig,
        _parts,
        _read_tallies,
        official_index,
        source_values,
    )

    table = _read_tallies(tallies)
    if table is None:
        raise ValueError("campaign_table needs tallies (read_tallies or a tally file)")
    index = official_index(table)
    values = source_values(figures, documents)
    keep = (values["measure"].isin(_MEASURES) & values["item"].isin(list(_CLASSES))
            & (values["attacker"] == "russia") & (values["event_date"] != ""))
    part = values[keep]
    # parts of one total ("one Kinzhal and six ballistic missiles"): judged by their sum
    in_parts: dict[tuple[str, int], float] = {}
    groups: dict[tuple, list] = {}
    for key, fig in zip(part[["doc_id", "event_id", "measure", "item"]].itertuples(
            index=False, name=None), part[_FIG_FIELDS].itertuples(index=False, name=None),
            strict=True):
        groups.setdefault(key, []).append(_Fig(*fig))
    for (doc, _, _, _), figs in groups.items():
        for values_ in _parts(figs).values():
            total = float(sum(values_))
            for f in figs:
                if f.qualifier == "exact" and f.value in values_:
                    in_parts[(doc, f.start)] = total
    rows = []
    covered: set[tuple[str, str]] = set()
    for r in part.itertuples(index=False):
        cls = _CLASSES[r.item]
        launched, destroyed = index.get((r.event_date, cls), (np.nan, np.nan))
        official = launched if r.measure == "launched" else destroyed
        total = in_parts.get((r.doc_id, r.start))
        comparison = _compare(r.qualifier, r.value, r.low, r.high, official)
        if total is not None and comparison == "off_by" and total == official:
            comparison = "part_of_total"
        covered.add((r.event_date, "missile" if "missile" in cls else cls))
        rows.append({
            "night": pd.Timestamp(r.event_date), "weapon_class": cls, "measure": r.measure,
            "source": r.source, "doc_id": r.doc_id, "event_id": r.event_id,
            "value": r.value, "qualifier": r.qualifier, "attributed_to": r.attributed_to,
            "official_launched": launched, "official_destroyed": destroyed,
            "official": official,
            "difference": r.value - official if np.isfinite(official) else np.nan,
            "comparison": comparison,
        })
    if missing and rows:
        first = min(r["night"] for r in rows).strftime("%Y-%m-%d")
        last = max(r["night"] for r in rows).strftime("%Y-%m-%d")
        for (night, cls), (launched, destroyed) in index.items():
            if (cls in _MISSING_CLASSES and first <= night <= last and launched > 0
                    and (night, cls) not in covered):
                rows.append({
                    "night": pd.Timestamp(night), "weapon_class": cls,
                    "measure": "launched", "source": "", "doc_id": "", "event_id": "",
                    "value": np.nan, "qualifier": "", "attributed_to": "",
                    "official_launched": launched, "official_destroyed": destroyed,
                    "official": launched, "difference": np.nan, "comparison": "missing",
                })
    out = CAMPAIGN.from_records(rows)
    if out.empty:
        return out
    order = {c: i for i, c in enumerate(("drone", "missile", "ballistic missile",
                                         "cruise missile"))}
    out = out.assign(_c=out["weapon_class"].map(order), _m=out["measure"].map(
        {m: i for i, m in enumerate(_MEASURES)}))
    out = out.sort_values(["night", "_c", "_m"], kind="stable").drop(columns=["_c", "_m"])
    return out.reset_index(drop=True)


def outlet_record(campaign: pd.DataFrame) -> pd.DataFrame:
    """Each outlet's track record over a campaign: how often its figures match the tally.

    Parameters
    ----------
    campaign : DataFrame
        The table from :func:`campaign_table` (not modified); ``missing`` rows are
        ignored.

    Returns
    -------
    pandas.DataFrame
        One row per outlet, most figures first:

        =====================  =======  ================================================
        column                 dtype    meaning
        =====================  =======  ================================================
        source                 str      the outlet (else the doc id)
        figures                int64    press figures it reports
        nights                 int64    distinct nights they are on
        compared               int64    figures with an official count to compare with
        share_matching         float64  of those, share matching the official count,
                                        holding it within their hedges or adding up to
                                        it with their parts (NaN if none)
        share_attributed       float64  share of its figures credited to a named source
        share_hedged           float64  share of its figures that are not exact counts
        median_abs_difference  float64  median absolute difference from the official
                                        count over the compared figures
        =====================  =======  ================================================

    Examples
    --------
    >>> import analystkit as ak
    >>> docs = ak.load_corpus(ak.seeds_path())
    >>> c = campaign_table(ak.extract_figures(docs), docs, tallies=ak.read_tallies())
    >>> outlet_record(c)["share_matching"].tolist()  # every seed figure fits the tally
    [1.0, 1.0, 1.0, 1.0]
    """
    rows = []
    press = campaign[campaign["comparison"] != "missing"]
    for source, part in press.groupby("source", sort=False):
        compared = part[part["comparison"] != "no_official"]
        matching = compared["comparison"].isin(["matches", "within_hedges",
                                                "part_of_total"])
        rows.append({
            "source": source,
            "figures": len(part),
            "nights": part["night"].nunique(),
            "compared": len(compared),
            "share_matching": float(matching.mean()) if len(compared) else np.nan,
            "share_attributed": float((part["attributed_to"] != "").mean()),
            "share_hedged": float((part["qualifier"] != "exact").mean()),
            "median_abs_difference": (float(compared["difference"].abs().median())
                                      if len(compared) else np.nan),
        })
    out = OUTLET_RECORD.from_records(rows)
    return out.sort_values(["figures", "source"], ascending=[False, True],
                           kind="stable").reset_index(drop=True)


# ---------------------------------------------------------------- for the report page


def campaign_brief(campaign: pd.DataFrame) -> Brief:
    """The campaign's findings in a few Markdown lines (a :class:`analystkit.brief.Brief`).

    Parameters
    ----------
    campaign : DataFrame
        :func:`campaign_table` output. Not modified.

    Returns
    -------
    analystkit.brief.Brief
        How many press figures, on how many nights, how many match the official count
        (exactly, within hedges, as parts of a total), the largest differences, and the
        nights with an official attack no article reports.

    Examples
    --------
    >>> import analystkit as ak
    >>> docs = ak.load_corpus(ak.seeds_path())
    >>> c = campaign_table(ak.extract_figures(docs), docs, tallies=ak.read_tallies())
    >>> print(campaign_brief(c).splitlines()[0])
    **14 press figures** of Russian air attacks on **1 night** (2025-07-03).
    """
    from analystkit import _plot_style as style
    from analystkit.brief import Brief, escape

    press = campaign[campaign["comparison"] != "missing"]
    if press.empty:
        return Brief("No figure of Russian drones or missiles launched or intercepted on a "
                     "known night was found in these articles.")
    nights = press["night"].nunique()
    first, last = press["night"].min(), press["night"].max()
    span = (f"{first:%Y-%m-%d}" if first == last
            else f"{first:%Y-%m-%d} to {last:%Y-%m-%d}")
    counts = press["comparison"].value_counts()
    compared = int(len(press) - counts.get("no_official", 0))
    lines = [f"**{len(press)} press figure{'s' * (len(press) != 1)}** of Russian air attacks "
             f"on **{nights} night{'s' * (nights != 1)}** ({span}).", ""]
    if compared:
        lines.append(
            f"- Against the official count of their night: {int(counts.get('matches', 0))} "
            f"match it exactly, {int(counts.get('within_hedges', 0))} hold it within their "
            f"hedges, {int(counts.get('part_of_total', 0))} are parts that add up to it, "
            f"{int(counts.get('off_by', 0))} differ (of {compared} compared).")
    off = press[press["comparison"] == "off_by"]
    if len(off):
        worst = off.loc[off["difference"].abs().sort_values(ascending=False).index[:3]]
        said = "; ".join(
            f"{r.night:%Y-%m-%d} {escape(style.plural(r.weapon_class))} {r.measure}: "
            f"{escape(style.source_labels([r.source])[r.source])} says "
            f"{style.number(r.value)}, official {style.number(r.official)}"
            for r in worst.itertuples(index=False))
        lines.append(f"- Largest differences: {said}.")
    if counts.get("no_official", 0):
        lines.append(f"- {int(counts['no_official'])} figure(s) fall on nights the tally "
                     "file has no record of (outside its period, or dated wrongly).")
    missing = campaign[campaign["comparison"] == "missing"]
    if len(missing):
        lines.append(f"- {missing['night'].nunique()} night(s) in the period have an official "
                     "attack that no article here reports.")
    return Brief("\n".join(lines))


def record_table(record: pd.DataFrame) -> Table:
    """:func:`outlet_record` as a display table (:class:`analystkit.brief.Table`), shares
    in per cent.

    Examples
    --------
    >>> import analystkit as ak
    >>> docs = ak.load_corpus(ak.seeds_path())
    >>> c = campaign_table(ak.extract_figures(docs), docs, tallies=ak.read_tallies())
    >>> record_table(outlet_record(c)).frame.columns.tolist()[:3]
    ['source', 'figures', 'nights']
    """
    from analystkit import _plot_style as style
    from analystkit.brief import Table

    labels = style.source_labels(list(record["source"]))

    def pct(v: float) -> str:
        return "" if not np.isfinite(v) else f"{v:.0%}"

    frame = pd.DataFrame({
        "source": [labels[s] for s in record["source"]],
        "figures": record["figures"], "nights": record["nights"],
        "compared": record["compared"],
        "match official (within hedges)": [pct(v) for v in record["share_matching"]],
        "attributed": [pct(v) for v in record["share_attributed"]],
        "hedged": [pct(v) for v in record["share_hedged"]],
        "median difference": [style.number(v) if np.isfinite(v) else ""
                              for v in record["median_abs_difference"]],
    })
    return Table(frame)


def figures_table(campaign: pd.DataFrame, *, max_rows: int = 80) -> Table:
    """Every press figure of :func:`campaign_table` beside its night's official count, as
    a display table (:class:`analystkit.brief.Table`); ``missing`` rows are left out.

    Examples
    --------
    >>> import analystkit as ak
    >>> docs = ak.load_corpus(ak.seeds_path())
    >>> c = campaign_table(ak.extract_figures(docs), docs, tallies=ak.read_tallies())
    >>> figures_table(c).frame.iloc[0][["night", "press", "official", "comparison"]].tolist()
    ['2025-07-03', '539', '539', 'matches']
    """
    from analystkit import _plot_style as style
    from analystkit.brief import Table

    press = campaign[campaign["comparison"] != "missing"]
    labels = style.source_labels(list(press["source"]))
    frame = pd.DataFrame({
        "night": [f"{n:%Y-%m-%d}" for n in press["night"]],
        "weapon": [style.plural(c) for c in press["weapon_class"]],
        "measure": press["measure"],
        "source": [labels[s] for s in press["source"]],
        "press": [style.statement(q, v, v, v) if q in ("exact", "approx", "at_least",
                                                         "at_most") else style.number(v)
                  for q, v in zip(press["qualifier"], press["value"], strict=True)],
        "official": [style.number(v) if np.isfinite(v) else "" for v in press["official"]],
        "comparison": [c.replace("_", " ") for c in press["comparison"]],
        "credited to": press["attributed_to"],
    })
    return Table(frame, max_rows=max_rows)

"""Charts of analystkit's tables, for notebooks and the HTML report.

Every function takes the package's DataFrames (never modified), draws with matplotlib
and returns the :class:`matplotlib.figure.Figure`; nothing is shown or saved, so a
notebook displays the returned figure once and a script can ``fig.savefig(...)``.

- :func:`attack_scale`: what each source says was launched and intercepted, by weapon
  class, hedges visible, the official tally as a reference;
- :func:`casualty_reporting`: each source's killed / injured figures with their hedges
  and on whose word, disagreements highlighted;
- :func:`narrative_heatmap`: sources x narratives, evidence counts in the cells;
- :func:`figures_over_time`: figures by publication date, for multi-day corpora;
- :func:`campaign_timeline`: the official count per night over a campaign, the press
  figures drawn on their attack nights by outlet;
- :func:`save`: write a chart so that the same chart gives the same bytes on every run.

Conventions shared by the charts: sources are named by outlet where the documents say
it, else by a shortened doc id; colours are the Okabe-Ito colour-blind-safe palette;
a filled dot is an exact figure, a hollow dot with a bar an approximate one ("around
a dozen": ±15 %), a triangle with an arrow a lower bound ("over 500") or an upper
bound ("up to 20"), a bar a range ("10 to 12"). Text from the articles (outlets,
attributions, labels) is drawn as written: a ``$`` in it never starts mathtext.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from analystkit import _plot_style as style
from analystkit._timecues import day_text

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["attack_scale", "casualty_reporting", "figures_over_time", "narrative_heatmap",
           "save"]

_APPROX = 0.15
_VERDICT_TEXT = {
    "consistent": "sources agree",
    "consistent_within_hedges": "sources agree within their hedges",
    "scope_differs": "sources disagree: different scope",
    "conflicting": "sources disagree: conflicting figures",
}
_DISAGREE = {"scope_differs", "conflicting"}
_FIG_WIDTH = 10.0


# ---------------------------------------------------------------- inputs


def _is_comparisons(frame: pd.DataFrame) -> bool:
    return {"best", "verdict", "n_sources"} <= set(frame.columns)


def _as_values(data: pd.DataFrame, documents: pd.DataFrame | None) -> pd.DataFrame:
    """A source_values frame from either source_values output or raw figures."""
    cols = set(data.columns)
    if {"event_id", "source", "qualifier", "attacker", "event_date"} <= cols:
        return data
    if {"doc_id", "measure", "qualifier", "value", "item"} <= cols:
        from analystkit.compare import source_values

        return source_values(data, documents)
    raise ValueError(
        "expected the figures table (extract_figures), source values "
        "(analystkit.compare.source_values) or comparisons (compare_figures); "
        f"got columns {sorted(cols)[:12]}"
    )


def _pick_event(values: pd.DataFrame, event_id: str | None) -> str | None:
    """The event asked for, else the one most sources report (first on ties)."""
    if values.empty:
        return None
    if event_id is not None:
        if event_id not in set(values["event_id"]):
            raise ValueError(f"no event {event_id!r}; events: {sorted(set(values['event_id']))}")
        return event_id
    counts = values.groupby("event_id", sort=False)["doc_id"].nunique()
    return str(counts.idxmax())


def _doc_order(values: pd.DataFrame) -> list[str]:
    return list(dict.fromkeys(values.sort_values(["doc_id", "start"])["source"]))


def _official_for(comparisons: pd.DataFrame | None, event_id: str, item: str,
                  ) -> tuple[float, float]:
    if comparisons is None or comparisons.empty:
        return np.nan, np.nan
    rows = comparisons[(comparisons["event_id"] == event_id) & (comparisons["item"] == item)]
    launched = rows["official_launched"].dropna()
    destroyed = rows["official_destroyed"].dropna()
    return (float(launched.iloc[0]) if len(launched) else np.nan,
            float(destroyed.iloc[0]) if len(destroyed) else np.nan)


def _rows(values: pd.DataFrame, event_id: str | None, *, what: str,
          ) -> tuple[pd.DataFrame, list[str], dict[str, str], str, bool]:
    """The rows of a per-source chart: one event's sources, or every (event, source).

    ``event_id=None`` picks the event most sources report, or ``"all"`` when no event
    has two sources (a corpus of many events each told once). Returns the figures with
    a ``_row`` key column, the row keys in order, their labels, the subtitle, and
    whether all events are shown.
    """
    counts = values.groupby("event_id", sort=False)["doc_id"].nunique()
    if event_id is None:
        event_id = str(counts.idxmax()) if counts.max() > 1 or len(counts) == 1 else "all"
    if event_id != "all":
        event = _pick_event(values, event_id)
        part = values[values["event_id"] == event]
        part = part.assign(_row=part["source"])
        keys = _doc_order(part)
        subtitle = style.pretty_event(values, event) + " · one row per source"
        return part, keys, style.source_labels(keys), subtitle, False
    part = values.assign(_day=values["event_date"].replace("", "9999"))
    part = part.sort_values(["_day", "event_id", "doc_id", "start"], kind="stable")
    part = part.assign(_row=part["event_id"] + "\x1f" + part["source"])
    keys = list(dict.fromkeys(part["_row"]))
    src_labels = style.source_labels(list(dict.fromkeys(part["source"])))
    dates = dict(zip(part["event_id"], part["event_date"], strict=True))
    labels = {}
    for key in keys:
        eid, src = key.split("\x1f")
        labels[key] = f"{dates[eid] or eid} · {src_labels[src]}"
    subtitle = (f"All {part['event_id'].nunique()} events with {what}, none reported by two "
                "sources · one row per event and source")
    return part, keys, labels, subtitle, True


# ---------------------------------------------------------------- drawing helpers


def _extent(part: pd.DataFrame) -> float:
    """The largest x a panel's figures reach (approximations with their tolerance)."""
    xs = [0.0]
    for r in part.itertuples(index=False):
        if r.qualifier == "range":
            xs.append(float(r.high))
        elif r.qualifier == "approx":
            xs.append(float(r.value) * (1 + _APPROX))
        else:
            xs.append(float(r.value))
    return max(x for x in xs if np.isfinite(x))


def _use_log(part: pd.DataFrame, *extra: float) -> bool:
    """Log scale when a panel's positive values span more than a factor of 50."""
    xs = [float(v) for v in [*part["value"], *part["low"], *part["high"], *extra]
          if np.isfinite(v) and v > 0]
    return bool(xs) and max(xs) / min(xs) > 50


def _set_xrange(ax: Axes, part: pd.DataFrame, span: float, log: bool, *extra: float) -> None:
    if log:
        xs = [float(v) for v in [*part["value"], *part["low"], *extra]
              if np.isfinite(v) and v > 0]
        ax.set_xscale("log")
        ax.set_xlim(min(xs) / 2, span * 2.2)
        ax.set_xlabel("number reported (log scale)", fontsize=9, color=style.GREY)
    else:
        ax.set_xlim(0, span * 1.18)
        ax.set_xlabel("number reported", fontsize=9, color=style.GREY)


def _draw_value(ax: Axes, y: float, qualifier: str, value: float, low: float, high: float,
                colour: str, span: float, log: bool = False, evidence: str = "") -> None:
    """One reported figure: the glyph says how it was hedged; ``evidence`` goes on it
    (:func:`analystkit._plot_style.mark`)."""
    ms = 7.5
    if qualifier == "range" and np.isfinite(low) and np.isfinite(high):
        ax.plot([low, high], [y, y], color=colour, lw=3, solid_capstyle="butt", zorder=3)
        (glyph,) = ax.plot([low, high], [y, y], "|", color=colour, ms=11, mew=2, zorder=3)
    elif qualifier == "approx":
        tol = max(1.0, abs(value) * _APPROX) if value >= 1 else abs(value) * _APPROX
        bars = ax.errorbar([value], [y], xerr=[[tol], [tol]], fmt="o", color=colour,
                           mfc="white", mec=colour, mew=1.8, ms=ms, capsize=3, lw=1.4,
                           zorder=3)
        glyph = bars.lines[0]
    elif qualifier in ("at_least", "at_most"):
        sign = 1 if qualifier == "at_least" else -1
        step = 1.6 ** sign if log else 1.0
        end = value * step if log else value + sign * 0.12 * span
        ax.annotate("", xy=(max(end, 0.0), y), xytext=(value, y), zorder=3,
                    arrowprops={"arrowstyle": "-|>", "color": colour, "lw": 1.6,
                                "shrinkA": 0, "shrinkB": 0, "mutation_scale": 12})
        (glyph,) = ax.plot([value], [y], ">" if sign > 0 else "<", color=colour, ms=ms,
                           zorder=4)
    else:
        (glyph,) = ax.plot([value], [y], "o", color=colour, ms=ms, zorder=4)
    style.mark(glyph, evidence)


def _label_row(ax: Axes, y: float, text: str, colour: str = "#222222") -> None:
    """Text in the column right of the panel, on the row's line."""
    ax.text(1.02, y, style.plain(text), transform=ax.get_yaxis_transform(), ha="left",
            va="center", fontsize=8.5, color=colour, clip_on=False)


def _say(part: pd.DataFrame, *, with_credit: bool) -> str:
    """'539, ≥500' or '23 (per Kyiv's mayor); 26 (unattributed)' for one row's figures."""
    groups: dict[str, list[str]] = {}
    for r in part.sort_values("start").itertuples(index=False):
        said = style.statement(r.qualifier, r.value, r.low, r.high)
        who = style.credit(r.attributed_to, r.attribution_chain) if with_credit else ""
        bucket = groups.setdefault(who, [])
        if said not in bucket:
            bucket.append(said)
    texts = [", ".join(v) + (f" ({k})" if k else "") for k, v in groups.items()]
    return "; ".join(texts)


def _stacked_axes(fig_rows: Sequence[int], *, left_in: float, right_in: float,
                  header_in: float, footer_in: float, row_in: float = 0.42,
                  title_in: float = 0.42, axis_in: float = 0.42,
                  ) -> tuple[Figure, list[Axes]]:
    """A figure with one full-width panel per entry of ``fig_rows`` (its row count)."""
    heights = [max(1, n) * row_in + 0.2 for n in fig_rows]
    total = header_in + sum(heights) + len(heights) * (title_in + axis_in) + footer_in
    fig = style.new_figure(_FIG_WIDTH, total)
    axes = []
    top = total - header_in
    for h in heights:
        top -= title_in
        ax = fig.add_axes((left_in / _FIG_WIDTH, (top - h) / total,
                           (_FIG_WIDTH - left_in - right_in) / _FIG_WIDTH, h / total))
        axes.append(ax)
        top -= h + axis_in
    return fig, axes


def _left_margin(labels: Sequence[str]) -> float:
    longest = max((len(s) for s in labels), default=8)
    return min(3.0, 0.35 + 0.068 * longest)


def _titles(fig: Figure, title: str, subtitle: str) -> None:
    fig.text(0.012, 1 - 0.14 / fig.get_figheight(), title, ha="left", va="top",
             fontsize=13, fontweight="bold")
    if subtitle:
        fig.text(0.012, 1 - 0.46 / fig.get_figheight(), style.plain(subtitle), ha="left",
                 va="top", fontsize=9.5, color=style.GREY)


def _legend(fig: Figure, handles: list[Any], *, ncol: int = 4) -> None:
    fig.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.012, 0.0), ncol=ncol,
               frameon=False, fontsize=8.5, handlelength=2.2, columnspacing=1.6)


def _hedge_handles(colour: str = "#444444") -> list[Any]:
    from matplotlib.lines import Line2D

    return [
        Line2D([], [], marker="o", ls="", color=colour, ms=7, label="exact figure"),
        Line2D([], [], marker="o", ls="-", color=colour, mfc="white", mew=1.8, ms=7,
               label="around (±15 %)"),
        Line2D([], [], marker=">", ls="-", color=colour, ms=7,
               label="over / at least (→ no upper bound)"),
        Line2D([], [], marker="|", ls="-", lw=3, color=colour, ms=10, mew=2,
               label="range"),
    ]


# ---------------------------------------------------------------- attack scale


def attack_scale(
    data: pd.DataFrame,
    comparisons: pd.DataFrame | None = None,
    *,
    documents: pd.DataFrame | None = None,
    event_id: str | None = None,
    measures: Sequence[str] = ("launched", "intercepted"),
    max_rows: int = 14,
    title: str | None = None,
) -> Figure:
    """What each source says was launched and intercepted, by weapon class.

    One panel per weapon class (drones, missiles, ballistic missiles, …), one row per
    source; each figure is drawn as it was hedged (see the module notes) and written
    out in a column on the right with its attribution. The official tally, where
    ``comparisons`` carries one, is drawn as vertical lines (dashed: launched; dotted:
    destroyed) and named in the panel title.

    Parameters
    ----------
    data : DataFrame
        The figures table (:func:`analystkit.extract_figures`), the per-source values
        (:func:`analystkit.compare.source_values`) or the comparisons
        (:func:`analystkit.compare_figures`). With comparisons only, the chart shows
        one bar per weapon class (lowest to highest value any source gives, the best
        estimate as a dot) on a log scale, since per-source values are not in that
        table. Not modified.
    comparisons : DataFrame, optional
        :func:`analystkit.compare_figures` output, for the official tally and verdicts.
    documents : DataFrame, optional
        The documents table, for outlet names and dates when ``data`` is raw figures.
    event_id : str, optional
        The event to draw (``"E1"``), or ``"all"``: one row per (event, source), by
        event date, the official counts of each row's night as ticks on it. Default:
        the event most sources report, or ``"all"`` when no event has two sources.
    measures : sequence of str
        The attack measures to draw; default launched and intercepted.
    max_rows : int
        In ``"all"`` mode, at most this many rows per panel (the most recent events).
    title : str, optional
        Replaces the default title.

    Returns
    -------
    matplotlib.figure.Figure
        One axes per weapon class (panel titles name the class and the official
        tally); a single axes saying why when there is nothing to draw.

    Examples
    --------
    >>> import analystkit as ak
    >>> docs = ak.load_corpus(ak.seeds_path())
    >>> figs = ak.extract_figures(docs)
    >>> cmp = ak.compare_figures(figs, docs, tallies=ak.data_path("tallies_seed_event.csv"))
    >>> fig = ak.plot.attack_scale(figs, cmp, documents=docs)
    >>> [ax.get_title(loc="left").split(" —")[0] for ax in fig.axes]
    ['Drones', 'Missiles', 'Ballistic missiles', 'Cruise missiles']
    """
    if _is_comparisons(data):
        return _attack_summary(data, event_id=event_id, measures=measures, title=title)
    values = _as_values(data, documents)
    values = values[values["measure"].isin(list(measures))]
    heading = title or "Attack scale: what each source says was launched and intercepted"
    if values.empty:
        return style.empty_figure(heading, "No launch or interception figures in these "
                                  "documents.")
    part, keys, labels, subtitle, all_mode = _rows(values, event_id,
                                                   what="launch or interception figures")
    items = sorted(part["item"].unique(), key=style.item_sort_key)
    panel_rows = []
    for it in items:
        present = set(part.loc[part["item"] == it, "_row"])
        mine = [k for k in keys if k in present]
        panel_rows.append(mine[-max_rows:] if all_mode else mine)
    fig, axes = _stacked_axes([len(r) for r in panel_rows],
                              left_in=_left_margin(list(labels.values())), right_in=3.6,
                              header_in=0.85, footer_in=0.75)
    for ax, item, row_keys in zip(axes, items, panel_rows, strict=True):
        rows = part[(part["item"] == item) & part["_row"].isin(row_keys)]
        officials = {eid: _official_for(comparisons, eid, item)
                     for eid in dict.fromkeys(rows["event_id"])}
        marks = [v for pair in officials.values() for v in pair if np.isfinite(v)]
        span = max(_extent(rows), *marks, 2.0)
        log = _use_log(rows, *marks)
        present = [m for m in measures if m in set(rows["measure"])]
        offsets = ({m: 0.0 for m in present} if len(present) == 1 else
                   {m: 0.18 - 0.36 * i / (len(present) - 1) for i, m in enumerate(present)})
        for i, key in enumerate(row_keys):
            y = len(row_keys) - 1 - i
            for measure in present:
                mine = rows[(rows["_row"] == key) & (rows["measure"] == measure)]
                if mine.empty:
                    continue
                colour = style.MEASURE_COLOUR.get(measure, style.GREY)
                for r in mine.itertuples(index=False):
                    _draw_value(ax, y + offsets[measure], r.qualifier, r.value, r.low, r.high,
                                colour, span, log, style.evidence(r, labels[key]))
                text = f"{measure}: {_say(mine, with_credit=True)}"
                lines = 1 if len(present) > 1 else 2
                _label_row(ax, y + offsets[measure], style.wrap_lines(text, 50, lines), colour)
            if all_mode:  # each row's own night: official counts as ticks on the row
                launched, destroyed = officials.get(key.split("\x1f")[0], (np.nan, np.nan))
                if np.isfinite(launched):
                    ax.plot([launched], [y], "|", color="black", ms=14, mew=2, zorder=2)
                if np.isfinite(destroyed):
                    ax.plot([destroyed], [y], "|", color=style.MEASURE_COLOUR["intercepted"],
                            ms=14, mew=2, zorder=2)
        head = style.plural(item)
        if not all_mode:
            launched, destroyed = next(iter(officials.values()), (np.nan, np.nan))
            official = []
            if np.isfinite(launched):
                ax.axvline(launched, color=style.OKABE_ITO["black"], ls="--", lw=1.2, zorder=2)
                official.append(f"{style.number(launched)} launched")
            if np.isfinite(destroyed):
                ax.axvline(destroyed, color=style.MEASURE_COLOUR["intercepted"], ls=":",
                           lw=1.6, zorder=2)
                official.append(f"{style.number(destroyed)} destroyed")
            if official:
                head += " — official tally: " + ", ".join(official)
        else:
            n_left = len({k for k in keys if k in set(part.loc[part["item"] == item, "_row"])})
            head += f" — {len(row_keys)} report(s)"
            if n_left > len(row_keys):
                head += f", most recent shown ({n_left - len(row_keys)} earlier left out)"
        ax.set_title(style.plain(head), loc="left", fontsize=10.5, fontweight="bold")
        ax.set_yticks(range(len(row_keys)), [style.plain(labels[k]) for k in reversed(row_keys)],
                      fontsize=9)
        ax.set_ylim(-0.6, len(row_keys) - 0.4)
        _set_xrange(ax, rows, span, log, *marks)
        style.style_axes(ax, integer=True)
    _titles(fig, heading, subtitle)
    _legend(fig, _attack_handles())
    return fig


def _attack_handles() -> list[Any]:
    from matplotlib.lines import Line2D

    return [
        Line2D([], [], marker="o", ls="", color=style.MEASURE_COLOUR["launched"], ms=7,
               label="launched"),
        Line2D([], [], marker="o", ls="", color=style.MEASURE_COLOUR["intercepted"], ms=7,
               label="intercepted"),
        Line2D([], [], color="black", ls="--", lw=1.2, label="official: launched"),
        Line2D([], [], color=style.MEASURE_COLOUR["intercepted"], ls=":", lw=1.6,
               label="official: destroyed"),
        *_hedge_handles(),
    ]


def _attack_summary(comparisons: pd.DataFrame, *, event_id: str | None,
                    measures: Sequence[str], title: str | None) -> Figure:
    heading = title or "Attack scale: the range of figures sources give"
    rows = comparisons[comparisons["measure"].isin(list(measures))]
    if rows.empty:
        return style.empty_figure(heading, "No launch or interception figures to compare.")
    if event_id is None:
        event_id = str(rows.groupby("event_id", sort=False)["n_sources"].max().idxmax())
    rows = rows[rows["event_id"] == event_id]
    if rows.empty:
        raise ValueError(f"no attack comparisons for event {event_id!r}")
    rows = rows.assign(_k=[style.item_sort_key(i) for i in rows["item"]])
    rows = rows.sort_values(["_k", "measure"]).reset_index(drop=True)
    names = [f"{style.plural(r.item)} {r.measure}" for r in rows.itertuples()]
    fig, (ax,) = _stacked_axes([len(rows)], left_in=_left_margin(names), right_in=3.0,
                               header_in=0.85, footer_in=0.75)
    for i, r in enumerate(rows.itertuples()):
        y = len(rows) - 1 - i
        colour = style.MEASURE_COLOUR.get(r.measure, style.GREY)
        high = r.high if np.isfinite(r.high) else max(r.low, r.best) * 1.5
        ax.plot([max(r.low, 0.5), max(high, 0.5)], [y, y], color=colour, lw=4, alpha=0.45,
                solid_capstyle="round")
        if not np.isfinite(r.high):
            ax.plot([high], [y], ">", color=colour, ms=7)
        ax.plot([r.best], [y], "o", color=colour, ms=8)
        official = r.official_launched if r.measure == "launched" else r.official_destroyed
        if np.isfinite(official):
            ax.plot([official], [y], "|", color="black", ms=16, mew=2.2)
        text = f"best {style.number(r.best)} · {r.n_sources} source(s)"
        if np.isfinite(official):
            text += f" · official {style.number(official)}"
        _label_row(ax, y, text, colour)
    ax.set_xscale("log")
    ax.set_yticks(range(len(rows)), [style.plain(n) for n in reversed(names)], fontsize=9)
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ax.set_xlabel("number reported (log scale)", fontsize=9, color=style.GREY)
    ax.set_title("lowest to highest figure, best estimate as a dot, official tally as |",
                 loc="left", fontsize=10)
    style.style_axes(ax)
    date = day_text(rows["event_date"].iloc[0])
    _titles(fig, heading, f"Event {event_id}" + (f" · {date}" if date else ""))
    return fig


# ---------------------------------------------------------------- casualties


def casualty_reporting(
    data: pd.DataFrame,
    comparisons: pd.DataFrame | None = None,
    *,
    documents: pd.DataFrame | None = None,
    event_id: str | None = None,
    measures: Sequence[str] = ("killed", "injured"),
    max_panels: int = 4,
    max_rows: int = 14,
    title: str | None = None,
) -> Figure:
    """Each source's killed and injured figures, hedges drawn, on whose word.

    One panel per (measure, victims) pair, e.g. "Killed · people", "Injured ·
    children"; one row per source, its figures drawn as hedged and written out on the
    right with their attribution (or "unattributed"). Panels where the sources
    disagree (verdict ``conflicting`` or ``scope_differs``) get a pale yellow
    background and say so in their title, in vermillion.

    Parameters
    ----------
    data : DataFrame
        The figures table (:func:`analystkit.extract_figures`) or the per-source values
        (:func:`analystkit.compare.source_values`). Not modified.
    comparisons : DataFrame, optional
        :func:`analystkit.compare_figures` output: its ``verdict`` is used. Without it
        the verdict is computed from the drawn figures by the same rule.
    documents : DataFrame, optional
        The documents table, for outlet names and dates when ``data`` is raw figures.
    event_id : str, optional
        The event to draw, or ``"all"``: one row per (event, source), by event date,
        for corpora of many events each told by one source. Default: the event whose
        casualties most sources report, or ``"all"`` when no event has two sources.
    measures : sequence of str
        Default killed and injured.
    max_panels : int
        At most this many (measure, victims) panels, those most sources report first.
    max_rows : int
        In ``"all"`` mode, at most this many rows per panel (the most recent events).
    title : str, optional
        Replaces the default title.

    Returns
    -------
    matplotlib.figure.Figure
        One axes per (measure, victims) panel, titled "Killed · people — sources
        agree" etc.; a single axes saying why when there is nothing to draw.

    Examples
    --------
    >>> import analystkit as ak
    >>> docs = ak.load_corpus(ak.seeds_path())
    >>> fig = ak.plot.casualty_reporting(ak.extract_figures(docs), documents=docs)
    >>> [ax.get_title(loc="left") for ax in fig.axes]  # doctest: +NORMALIZE_WHITESPACE
    ['Killed · people — sources agree within their hedges',
     'Injured · people — sources disagree: different scope',
     'Injured · children — one source']
    """
    heading = title or "Casualty reporting: who says how many were killed and injured"
    values = _as_values(data, documents)
    values = values[values["measure"].isin(list(measures))]
    if values.empty:
        return style.empty_figure(heading, "No figures of people killed or injured in these "
                                  "documents.")
    part, keys_in_order, labels, subtitle, all_mode = _rows(
        values, event_id, what="casualty figures")
    subtitle += " · on whose word, at right"
    keys = (part.groupby(["measure", "item"], sort=False)["doc_id"].nunique()
            .reset_index(name="n"))
    keys["_m"] = keys["measure"].map({m: i for i, m in enumerate(measures)})
    keys = keys.sort_values(["n", "_m"], ascending=[False, True], kind="stable")
    keys = keys.head(max_panels).sort_values(["_m", "n"], ascending=[True, False],
                                             kind="stable")
    panels = []
    for k in keys.itertuples(index=False):
        rows = part[(part["measure"] == k.measure) & (part["item"] == k.item)]
        present = set(rows["_row"])
        mine = [r for r in keys_in_order if r in present]
        left_out = max(0, len(mine) - max_rows) if all_mode else 0
        panels.append((k.measure, k.item, rows, mine[left_out:], left_out))
    fig, axes = _stacked_axes([len(p[3]) for p in panels],
                              left_in=_left_margin(list(labels.values())), right_in=3.9,
                              header_in=0.85, footer_in=0.55, row_in=0.36)
    for ax, (measure, item, rows, row_keys, left_out) in zip(axes, panels, strict=True):
        colour = style.MEASURE_COLOUR.get(measure, style.GREY)
        shown = rows[rows["_row"].isin(row_keys)]
        span = max(_extent(shown), 2.0)
        log = _use_log(shown)
        for i, key in enumerate(row_keys):
            y = len(row_keys) - 1 - i
            mine = shown[shown["_row"] == key]
            for r in mine.itertuples(index=False):
                _draw_value(ax, y, r.qualifier, r.value, r.low, r.high, colour, span, log,
                            style.evidence(r, labels[key]))
            _label_row(ax, y, style.wrap_lines(_say(mine, with_credit=True), 46, 2))
        head = f"{measure.capitalize()} · {style.plural(item).lower()}"
        disagree = False
        if all_mode:
            head += f" — {len(row_keys)} report(s)"
            if left_out:
                head += f", most recent shown ({left_out} earlier left out)"
        elif len(row_keys) == 1:
            head += " — one source"
        else:
            verdict = _panel_verdict(comparisons, rows, str(rows["event_id"].iloc[0]),
                                     measure, item, _verdict_of)
            head += " — " + _VERDICT_TEXT.get(verdict, verdict)
            disagree = verdict in _DISAGREE
        ax.set_title(style.plain(head), loc="left", fontsize=10.5, fontweight="bold",
                     color=style.OKABE_ITO["vermillion"] if disagree else "black")
        if disagree:
            ax.set_facecolor(style.HIGHLIGHT)
        ax.set_yticks(range(len(row_keys)), [style.plain(labels[k]) for k in reversed(row_keys)],
                      fontsize=9)
        ax.set_ylim(-0.6, len(row_keys) - 0.4)
        _set_xrange(ax, shown, span, log)
        style.style_axes(ax, integer=True)
    _titles(fig, heading, subtitle)
    _legend(fig, _hedge_handles(), ncol=4)
    return fig


def _verdict_of(rows: pd.DataFrame) -> str:
    """compare_figures' verdict rule applied to per-source values."""
    from analystkit.compare import _FIG_FIELDS, _Fig, _verdict

    return _verdict([_Fig(*t) for t in rows[_FIG_FIELDS].itertuples(index=False, name=None)])


def _panel_verdict(comparisons: pd.DataFrame | None, rows: pd.DataFrame, event: str,
                   measure: str, item: str, rule: Any) -> str:
    if comparisons is not None and not comparisons.empty:
        hit = comparisons[(comparisons["event_id"] == event)
                          & (comparisons["measure"] == measure) & (comparisons["item"] == item)]
        if len(hit):
            return str(hit["verdict"].iloc[0])
    return str(rule(rows))


# ---------------------------------------------------------------- saving


_SVG_SALT = "analystkit"


def save(fig: Figure, fname: Any, *, format: str | None = None, **kwargs: Any) -> None:
    """Save a chart reproducibly: the same chart gives the same bytes on every run.

    ``fig.savefig`` writes a creation date into SVG and PDF files and random ids into
    SVG (clip paths, glyphs); this writes neither, so that a chart under version
    control or in a build only changes when it does. PNG is already stable (its only
    metadata is the matplotlib version). PostScript takes its date from
    ``SOURCE_DATE_EPOCH`` only: set it for stable ``.ps`` / ``.eps`` files.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        A chart of this module (or any figure).
    fname : str, path or binary file object
        Where to write; the format is taken from the suffix unless ``format`` is given.
    format : str, optional
        ``"png"``, ``"svg"``, ``"pdf"``, … (default: the suffix, else matplotlib's
        ``savefig.format``).
    **kwargs
        Passed to :meth:`matplotlib.figure.Figure.savefig` (``dpi``,
        ``bbox_inches``, ``metadata`` …; a ``Date`` / ``CreationDate`` you pass is
        kept).

    Examples
    --------
    >>> import io
    >>> import analystkit as ak
    >>> docs = ak.load_corpus(ak.seeds_path())
    >>> fig = ak.plot.attack_scale(ak.extract_figures(docs), documents=docs)
    >>> a, b = io.BytesIO(), io.BytesIO()
    >>> save(fig, a, format="svg"); save(fig, b, format="svg")
    >>> a.getvalue() == b.getvalue(), b"<dc:date>" in a.getvalue()
    (True, False)
    """
    import os

    import matplotlib

    suffix = (os.path.splitext(os.fspath(fname))[1].lstrip(".")
              if isinstance(fname, (str, os.PathLike)) else "")
    fmt = (format or suffix or matplotlib.rcParams["savefig.format"]).lower()
    metadata = dict(kwargs.pop("metadata", None) or {})
    if fmt in ("svg", "svgz"):
        metadata.setdefault("Date", None)
    elif fmt == "pdf":
        metadata.setdefault("CreationDate", None)
    with matplotlib.rc_context({"svg.hashsalt": _SVG_SALT}):
        fig.savefig(fname, format=fmt, metadata=metadata, **kwargs)


# ---------------------------------------------------------------- narratives


def narrative_heatmap(
    coverage: pd.DataFrame,
    *,
    taxonomy: Any = None,
    title: str | None = None,
    value_label: str = "evidence sentences",
    max_sources: int = 40,
    hide_empty: bool | None = None,
) -> Figure:
    """Sources x narratives: how often each source carries each narrative.

    Parameters
    ----------
    coverage : DataFrame
        :func:`analystkit.narrative_coverage` output: index ``source``, one column per
        narrative id, counts (or strengths in [0, 1]). Not modified.
    taxonomy : None, str, path or Taxonomy, optional
        Where the narratives' readable labels come from; default the bundled taxonomy.
        Ids it does not know are shown as they are.
    title : str, optional
        Replaces the default title.
    value_label : str
        What a cell counts, for the subtitle.
    max_sources : int
        Draw at most this many sources (those with most evidence); the subtitle says
        how many were left out.
    hide_empty : bool, optional
        Leave out sources that carry no narrative (counted in the subtitle). Default:
        only when there are more than 15 sources.

    Returns
    -------
    matplotlib.figure.Figure
        One axes: the heatmap (one image, the count written in each non-zero cell,
        darker for more; narrative labels on top, sources on the left).

    Examples
    --------
    >>> import analystkit as ak
    >>> docs = ak.load_corpus(ak.seeds_path())
    >>> cov = ak.narrative_coverage(ak.tag_narratives(docs), docs)
    >>> fig = ak.plot.narrative_heatmap(cov)
    >>> ax = fig.axes[0]
    >>> len(ax.get_yticklabels()), len(ax.get_xticklabels()), len(ax.images)
    (5, 12, 1)
    """
    from matplotlib.colors import LinearSegmentedColormap
    from matplotlib.patches import Rectangle

    heading = title or "Narratives each source carries"
    if coverage.empty or coverage.shape[1] == 0:
        return style.empty_figure(heading, "No documents or narratives to show.")
    names = _narrative_labels(coverage.columns, taxonomy)
    data = coverage.astype("float64")
    empty = data.sum(axis=1) == 0
    hidden = 0
    if hide_empty or (hide_empty is None and len(data) > 15 and not empty.all()):
        hidden = int(empty.sum())
        data = data[~empty]
    left_out = 0
    if len(data) > max_sources:
        keep = data.sum(axis=1).sort_values(ascending=False, kind="stable").index[:max_sources]
        left_out = len(data) - max_sources
        data = data.loc[[i for i in data.index if i in set(keep)]]
    labels = style.source_labels([str(s) for s in data.index])
    n_rows, n_cols = data.shape
    left = _left_margin(list(labels.values()))
    cell_w, cell_h = 0.68, 0.36
    head_in, top_labels_in, foot_in = 0.8, 1.1, 0.3
    width = max(_FIG_WIDTH, left + n_cols * cell_w + 0.3)
    height = head_in + top_labels_in + n_rows * cell_h + foot_in
    fig = style.new_figure(width, height)
    ax = fig.add_axes((left / width, foot_in / height, n_cols * cell_w / width,
                       n_rows * cell_h / height))
    cmap = LinearSegmentedColormap.from_list("ak_blue", ["#ffffff", "#9ecae1",
                                                         style.OKABE_ITO["blue"], "#08306b"])
    vmax = max(float(np.nanmax(data.to_numpy())), 1e-9)
    ax.imshow(data.to_numpy(), cmap=cmap, vmin=0, vmax=vmax, aspect="auto",
                      interpolation="nearest")
    is_count = bool(np.all(np.equal(np.mod(data.to_numpy(), 1), 0)))
    for (i, j), v in np.ndenumerate(data.to_numpy()):
        if v > 0:
            text = f"{v:.0f}" if is_count else f"{v:.2f}"
            ax.text(j, i, text, ha="center", va="center", fontsize=9,
                    color="white" if v > 0.55 * vmax else "#111111")
            cell = ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor="white",
                                          alpha=0.0, edgecolor="none", zorder=4))
            style.mark(cell, f"{labels[str(data.index[i])]} · {names[j]}\n"
                             f"{text} {value_label} (the evidence table lists them)")
    ax.set_xticks(range(n_cols), [style.plain(style.wrap(n, 12)) for n in names],
                  fontsize=7.5)
    ax.xaxis.tick_top()
    ax.tick_params(axis="x", length=0, pad=4)
    ax.set_yticks(range(n_rows), [style.plain(labels[str(s)]) for s in data.index],
                  fontsize=9)
    ax.tick_params(axis="y", length=0)
    ax.set_xticks(np.arange(-0.5, n_cols, 1), minor=True)
    ax.set_yticks(np.arange(-0.5, n_rows, 1), minor=True)
    ax.grid(which="minor", color="white", linewidth=1.5)
    ax.tick_params(which="minor", length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    subtitle = f"{value_label} per source and narrative (blank: none)"
    if hidden:
        subtitle += f" · {hidden} source(s) carrying none left out"
    if left_out:
        subtitle += f" · {n_rows} sources with most evidence shown, {left_out} left out"
    fig.text(0.012, 1 - 0.14 / height, heading, ha="left", va="top", fontsize=13,
             fontweight="bold")
    fig.text(0.012, 1 - 0.46 / height, style.plain(subtitle), ha="left", va="top",
             fontsize=9.5, color=style.GREY)
    return fig


def _narrative_labels(ids: Sequence[str], taxonomy: Any) -> list[str]:
    from analystkit.narratives import load_taxonomy

    try:
        tax = taxonomy if hasattr(taxonomy, "narratives") else load_taxonomy(taxonomy)
        known = {n.id: n.label for n in tax.narratives}
    except (OSError, ValueError):
        known = {}
    return [known.get(str(i), str(i).replace("_", " ")) for i in ids]


# ---------------------------------------------------------------- over time


def figures_over_time(
    figures: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    measures: Sequence[str] = ("killed", "injured", "launched", "intercepted"),
    title: str | None = None,
) -> Figure:
    """Reported figures by publication date, with the number of articles per period.

    For corpora that span days or months (e.g. a newspaper's war coverage): each core
    figure of the chosen measures is a dot at its article's publication date, on a log
    scale (filled: exact; hollow: hedged); the lower panel counts the articles per day
    (per week beyond two months). Undated articles are left out and counted in the
    subtitle.

    Parameters
    ----------
    figures : DataFrame
        The figures table (:func:`analystkit.extract_figures`). Not modified.
    documents : DataFrame
        The documents table, for ``published``.
    measures : sequence of str
        The measures to draw, one colour each.
    title : str, optional
        Replaces the default title.

    Returns
    -------
    matplotlib.figure.Figure
        Two axes sharing the date axis (figures; articles per period), or a single
        axes saying why when no dated figure is left.

    Examples
    --------
    >>> import pandas as pd, analystkit as ak
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "text": [
    ...     "Five people were killed in Kharkiv.", "At least 12 people were killed."],
    ...     "published": pd.to_datetime(["2022-03-01", "2022-03-04"], utc=True)})
    >>> fig = ak.plot.figures_over_time(ak.extract_figures(docs), docs)
    >>> len(fig.axes), fig.axes[0].get_yscale()
    (2, 'log')
    """
    import matplotlib.dates as mdates
    from matplotlib.lines import Line2D
    from matplotlib.ticker import FuncFormatter

    heading = title or "Figures reported over publication time"
    dates = (documents["published"] if "published" in documents.columns
             else pd.Series(pd.NaT, index=documents.index))
    pub = pd.Series(pd.to_datetime(dates, utc=True, errors="coerce").to_numpy(),
                    index=documents["doc_id"])
    pub = pub[~pub.index.duplicated()]
    dated_docs = pub.dropna()
    rows = figures[figures["measure"].isin(list(measures))]
    rows = rows.assign(published=rows["doc_id"].map(pub))
    rows = rows[rows["published"].notna() & (rows["value"] > 0)]
    undated = len(pub) - len(dated_docs)
    if rows.empty:
        return style.empty_figure(
            heading, f"No dated figures of {', '.join(measures)}: {len(dated_docs)} of "
            f"{len(pub)} articles have a publication date.")
    when = rows["published"].dt.tz_convert(None)
    days = dated_docs.dt.tz_convert(None).dt.normalize()
    span_days = (days.max() - days.min()).days
    weekly = span_days > 60
    fig = style.new_figure(_FIG_WIDTH, 5.8)
    ax = fig.add_axes((0.08, 0.36, 0.9, 0.47))
    bx = fig.add_axes((0.08, 0.09, 0.9, 0.17), sharex=ax)
    handles = []
    for measure in measures:
        mine = rows[rows["measure"] == measure]
        if mine.empty:
            continue
        colour = style.MEASURE_COLOUR.get(measure, style.GREY)
        exact = (mine["qualifier"] == "exact").to_numpy()
        t = when[mine.index]
        said = [style.evidence(r) for r in mine.itertuples(index=False)]
        dots = ax.scatter(t[exact], mine["value"][exact], s=30, color=colour, alpha=0.85,
                          edgecolors="none", zorder=3)
        style.mark(dots, [e for e, x in zip(said, exact, strict=True) if x])
        dots = ax.scatter(t[~exact], mine["value"][~exact], s=30, facecolors="white",
                          edgecolors=colour, linewidths=1.4, zorder=3)
        style.mark(dots, [e for e, x in zip(said, exact, strict=True) if not x])
        handles.append(Line2D([], [], marker="o", ls="", color=colour, ms=6,
                              label=f"{measure} ({len(mine)})"))
    handles.append(Line2D([], [], marker="o", ls="", mfc="white", mec="#444444", ms=6,
                          label="hollow: hedged figure"))
    ax.set_yscale("log")
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: style.number(v)))
    ax.yaxis.set_minor_formatter(FuncFormatter(lambda v, _: ""))
    ax.set_ylabel("number reported (log scale)", fontsize=9)
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.0), ncol=len(handles),
              frameon=False, fontsize=8.5, borderaxespad=0.2)
    style.style_axes(ax, grid_axis="y")
    ax.tick_params(labelbottom=False)
    period = days.dt.to_period("W").dt.start_time if weekly else days
    counts = period.value_counts().sort_index()
    width = 5.5 if weekly else 0.8
    bx.bar(counts.index, counts.to_numpy(), width=width, color=style.GREY, alpha=0.7)
    bx.set_ylabel("articles\nper week" if weekly else "articles\nper day", fontsize=8.5)
    style.style_axes(bx, grid_axis="y", integer=True)
    locator = mdates.AutoDateLocator(maxticks=10)
    bx.xaxis.set_major_locator(locator)
    bx.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    if span_days < 1:
        centre = days.min()
        ax.set_xlim(centre - pd.Timedelta(days=3), centre + pd.Timedelta(days=3))
    subtitle = (f"{len(rows)} figures in {rows['doc_id'].nunique()} of {len(dated_docs)} "
                f"dated articles, {days.min():%Y-%m-%d} to {days.max():%Y-%m-%d}")
    if undated:
        subtitle += f" · {undated} undated article(s) left out"
    _titles(fig, heading, subtitle)
    return fig


# ---------------------------------------------------------------- campaign


_CAMPAIGN_OUTLETS = 7  # outlets drawn in their own colour; the rest are grey


def _dodge(press: pd.DataFrame, span_days: int) -> list[pd.Timedelta]:
    """Horizontal offsets that set the outlets of one night side by side (within +-0.3
    of a day), so that two outlets giving the same number do not hide each other. On a
    campaign of more than 60 nights a dot is narrower than a day and nothing moves."""
    if span_days > 60 or press.empty:
        return [pd.Timedelta(0)] * len(press)
    by_night = press.groupby("night")["source"]
    pos = by_night.rank(method="dense") - 1  # the outlet's place among the night's outlets
    k = by_night.transform("nunique")
    days = (0.6 * (pos - (k - 1) / 2) / (k - 1).clip(lower=1)).to_numpy(dtype=float)
    return [pd.Timedelta(days=d) for d in days]


def campaign_timeline(
    campaign: pd.DataFrame,
    nightly: pd.DataFrame | None = None,
    *,
    classes: Sequence[str] = ("drone", "missile"),
    title: str | None = None,
) -> Figure:
    """The official count per night over a campaign, with the press figures on it.

    One panel per weapon class: the official number launched per night (solid line) and
    destroyed (dotted), and every press figure as a dot on its attack night, coloured by
    outlet (the most prolific outlets; the others grey): a circle for launched, a
    triangle for intercepted, filled when exact, hollow when hedged.

    Parameters
    ----------
    campaign : DataFrame
        :func:`analystkit.campaign_table` output. Not modified.
    nightly : DataFrame, optional
        :func:`analystkit.nightly_tallies` output, for the official line on every night
        of the period (default: the nights the campaign table has).
    classes : sequence of str
        Weapon classes, one panel each (``drone``, ``missile``, ``ballistic missile``,
        ``cruise missile``).
    title : str, optional
        Replaces the default title.

    Returns
    -------
    matplotlib.figure.Figure
        One axes per class sharing the night axis, or a single axes saying why when the
        table has no night.

    Examples
    --------
    >>> import analystkit as ak
    >>> docs = ak.load_corpus(ak.seeds_path())
    >>> t = ak.read_tallies()
    >>> c = ak.campaign_table(ak.extract_figures(docs), docs, tallies=t)
    >>> fig = ak.plot.campaign_timeline(c, ak.nightly_tallies(t))
    >>> len(fig.axes)
    2
    """
    import matplotlib.dates as mdates
    from matplotlib.lines import Line2D

    heading = title or "Official count per night, and what the press reported"
    if campaign.empty:
        return style.empty_figure(heading, "No press figure of a Russian air attack with a "
                                  "known night in these articles.")
    first, last = campaign["night"].min(), campaign["night"].max()
    if nightly is None:
        official = (campaign[["night", "weapon_class", "official_launched",
                              "official_destroyed"]]
                    .drop_duplicates(["night", "weapon_class"])
                    .rename(columns={"official_launched": "launched",
                                     "official_destroyed": "destroyed"}))
    else:
        official = nightly[(nightly["night"] >= first - pd.Timedelta(days=3))
                           & (nightly["night"] <= last + pd.Timedelta(days=3))]
    press = campaign[campaign["comparison"] != "missing"]
    counts = press["source"].value_counts(sort=True)
    top = list(counts.index[:_CAMPAIGN_OUTLETS])
    labels = style.source_labels(top)
    colour = {s: style.CYCLE[i % len(style.CYCLE)] for i, s in enumerate(top)}
    n = len(classes)
    fig = style.new_figure(_FIG_WIDTH, 1.6 + 2.4 * n)
    height = 0.62 / n
    axes = []
    for i, cls in enumerate(classes):
        bottom = 0.16 + (n - 1 - i) * (height + 0.06 / n)
        ax = fig.add_axes((0.08, bottom, 0.9, height), sharex=axes[0] if axes else None)
        axes.append(ax)
        off = official[official["weapon_class"] == cls].sort_values("night")
        if len(off) and nightly is not None:  # a night without a tally row had no attack
            days = pd.date_range(off["night"].min(), off["night"].max(), freq="D")
            off = (off.set_index("night")[["launched", "destroyed"]].reindex(days)
                   .fillna(0.0).rename_axis("night").reset_index())
        if len(off):
            # a few nights: each official count also gets a dash, or one night's line
            # (a single point) would not show at all
            few = dict(marker="_", ms=22, mew=2.6) if len(off) < 40 else {}
            ax.plot(off["night"], off["launched"], color="black", lw=1.1, zorder=2, **few)
            ax.plot(off["night"], off["destroyed"], color=style.MEASURE_COLOUR["intercepted"],
                    ls=":", lw=1.5, zorder=2, **few)
        mine = press[press["weapon_class"] == cls]
        size = 90 if len(mine) < 40 else 36  # sparse charts: dots big enough to read
        shift = _dodge(mine, span_days=(last - first).days)
        for r, dx in zip(mine.itertuples(index=False), shift, strict=True):
            c = colour.get(r.source, style.LIGHT_GREY)
            marker = "o" if r.measure == "launched" else "v"
            exact = r.qualifier == "exact"
            dot = ax.scatter([r.night + dx], [r.value], s=size, marker=marker, zorder=3,
                             color=c if exact else "white", edgecolors=c, linewidths=1.4)
            said = (f"{style.statement(r.qualifier, r.value, np.nan, np.nan)} {r.measure} "
                    f"({style.plural(cls).lower()}) on the night of {r.night:%Y-%m-%d}")
            style.mark(dot, style.evidence(r, str(r.source), said=said)
                       + f"\nagainst the official count: {r.comparison}")
        ax.set_ylabel(f"{style.plural(cls)}", fontsize=9)
        ax.set_ylim(bottom=0)
        style.style_axes(ax, grid_axis="y")
        if i < n - 1:
            ax.tick_params(labelbottom=False)
    locator = mdates.AutoDateLocator(maxticks=10)
    axes[-1].xaxis.set_major_locator(locator)
    axes[-1].xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    if first == last:
        axes[-1].set_xlim(first - pd.Timedelta(days=3), last + pd.Timedelta(days=3))
    handles = [
        Line2D([], [], color="black", lw=1.1, marker="_", ms=10, mew=2,
               label="official: launched"),
        Line2D([], [], color=style.MEASURE_COLOUR["intercepted"], ls=":", lw=1.5, marker="_",
               ms=10, mew=2, label="official: destroyed"),
        Line2D([], [], marker="o", ls="", color="#444444", ms=6, label="press: launched"),
        Line2D([], [], marker="v", ls="", color="#444444", ms=6, label="press: intercepted"),
        Line2D([], [], marker="o", ls="", mfc="white", mec="#444444", ms=6,
               label="hollow: hedged"),
    ]
    handles += [Line2D([], [], marker="o", ls="", color=colour[s], ms=6,
                       label=style.plain(labels[s])) for s in top]
    if len(counts) > len(top):
        handles.append(Line2D([], [], marker="o", ls="", color=style.LIGHT_GREY, ms=6,
                              label=f"{len(counts) - len(top)} other outlet(s)"))
    _legend(fig, handles, ncol=4)
    matched = press["comparison"].isin(["matches", "within_hedges", "part_of_total"]).sum()
    compared = (press["comparison"] != "no_official").sum()
    nights = press["night"].nunique()
    subtitle = (f"{len(press)} press figures on {nights} night{'s' if nights != 1 else ''}, "
                f"{first:%Y-%m-%d} to {last:%Y-%m-%d}; {matched} of {compared} compared "
                "match the official count or hold it within their hedges")
    _titles(fig, heading, subtitle)
    return fig

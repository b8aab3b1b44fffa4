"""Shared look of analystkit's charts: palette, labels, figure creation.

Private: :mod:`analystkit.plot` is the public face. matplotlib is imported inside
functions only, so importing this module stays cheap.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.figure import Figure

# Okabe & Ito (2008), "Color Universal Design": safe for the common colour-vision
# deficiencies and distinct in greyscale by lightness where it matters.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
}
CYCLE = [OKABE_ITO[k] for k in ("blue", "orange", "green", "vermillion", "purple",
                                  "sky_blue", "yellow", "black")]
MEASURE_COLOUR = {
    "launched": OKABE_ITO["blue"],
    "struck": OKABE_ITO["sky_blue"],
    "intercepted": OKABE_ITO["orange"],
    "killed": OKABE_ITO["vermillion"],
    "injured": OKABE_ITO["green"],
    "aid_money": OKABE_ITO["purple"],
    "aid_materiel": OKABE_ITO["sky_blue"],
}
GREY = "#6b6b6b"
LIGHT_GREY = "#d9d9d9"
HIGHLIGHT = "#FBF3B5"  # a pale tint of Okabe-Ito yellow, behind disagreeing panels
DPI = 100

_SYMBOL = {"exact": "", "approx": "~", "at_least": "≥", "at_most": "≤"}
_PLURAL = {"person": "people", "child": "children", "man": "men", "woman": "women",
           "munition": "munitions", "EUR": "EUR", "USD": "USD", "GBP": "GBP"}
_ITEM_ORDER = ["drone", "missile", "ballistic missile", "cruise missile", "rocket", "shell",
               "munition", "aircraft", "person", "civilian", "child", "soldier"]
_ID_LIKE = re.compile(r"^\S*\d\S*$")


def new_figure(width: float, height: float) -> Figure:
    """A Figure made through pyplot but already closed.

    pyplot registers the notebook's inline PNG display for Figures (a bare
    ``matplotlib.figure.Figure`` would print as ``<Figure …>`` in a fresh kernel);
    closing it at once means pyplot keeps no reference, nothing is shown twice and
    nothing leaks in loops. With no display (tests, scripts) the Agg backend is used.
    """
    import matplotlib
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    backend = matplotlib.get_backend().lower()
    if backend in {"tkagg", "qtagg", "qt5agg", "gtk3agg", "gtk4agg", "macosx", "wxagg"}:
        # an interactive backend would open a window; charts are returned, never shown
        fig = _agg_figure(width, height)
    else:
        fig = plt.figure(figsize=(width, height), dpi=DPI)
        plt.close(fig)
        FigureCanvasAgg(fig)  # closing detached the canvas; keep fig.canvas.draw() working
    fig.patch.set_facecolor("white")
    return fig


def _agg_figure(width: float, height: float) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=DPI)
    FigureCanvasAgg(fig)
    return fig


def style_axes(ax: Any, *, grid_axis: str = "x", integer: bool = False) -> None:
    """Light, quiet axes: no top/right spines, a faint grid behind the data.

    ``integer``: ticks on whole numbers only along ``grid_axis`` (counts of people or
    weapons are never 0.2).
    """
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    axis = ax.xaxis if grid_axis == "x" else ax.yaxis
    if integer and axis.get_scale() == "linear":
        axis.set_major_locator(MaxNLocator(nbins=7, integer=True, min_n_ticks=1))
    if integer or axis.get_scale() == "log":
        axis.set_major_formatter(FuncFormatter(lambda v, _: number(v)))
    if axis.get_scale() == "log":
        axis.set_minor_formatter(FuncFormatter(lambda v, _: ""))
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.spines["left"].set_color(GREY)
    ax.spines["bottom"].set_color(GREY)
    ax.tick_params(colors="#333333", labelsize=9)
    if grid_axis:
        ax.grid(axis=grid_axis, color=LIGHT_GREY, linewidth=0.6)
    ax.set_axisbelow(True)


def empty_figure(title: str, message: str, *, width: float = 8.0, height: float = 2.2) -> Figure:
    """A small Figure that says why there is nothing to draw (one axes, no ticks)."""
    fig = new_figure(width, height)
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.set_title(title, loc="left", fontsize=12, fontweight="bold")
    ax.text(0.0, 0.5, wrap(message, 100), transform=ax.transAxes, va="center", ha="left",
            fontsize=10, color=GREY)
    return fig


def plain(text: object) -> str:
    """Text that matplotlib draws as written: every ``$`` escaped.

    matplotlib reads a string with two unescaped ``$`` as mathtext: an outlet named
    "Kyiv $Post$" would be drawn in italics, and "$\\frac{1}$" raises when the chart is
    drawn. Text that comes from articles, lexicons or taxonomies goes through this.

    >>> print(plain("$5 bn via $x$"))
    \\$5 bn via \\$x\\$
    """
    return str(text).replace("$", r"\$")


def wrap(text: str, width: int) -> str:
    """Wrap ``text`` on word boundaries to lines of at most ``width`` characters."""
    return "\n".join(textwrap.wrap(text, width)) or text


def wrap_lines(text: str, width: int, lines: int) -> str:
    """Wrap to at most ``lines`` lines of ``width`` characters, the last one shortened.

    >>> print(wrap_lines("launched: ≥100 (unattributed); 539 (per Ukraine's Air Force)", 30, 2))
    launched: ≥100 (unattributed);
    539 (per Ukraine's Air Force)
    >>> print(wrap_lines("one two three four five six seven", 10, 2))
    one two
    three fou…
    """
    parts = textwrap.wrap(" ".join(text.split()), width)
    if len(parts) <= lines:
        return "\n".join(parts)
    kept = [*parts[: lines - 1], shorten(" ".join(parts[lines - 1:]), width)]
    return "\n".join(kept)


def shorten(text: str, width: int) -> str:
    """``text`` on one line, cut to ``width`` characters with an ellipsis."""
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def short_ids(ids: Iterable[str], *, min_len: int = 6, max_len: int = 14) -> dict[str, str]:
    """Shorten long document ids to the shortest unique prefix (at least ``min_len``).

    >>> short_ids(["000_fd51113278b0f16d", "001_3c117ee7df16badd"])
    {'000_fd51113278b0f16d': '000_fd…', '001_3c117ee7df16badd': '001_3c…'}
    >>> short_ids(["g40_1", "g40_2"])
    {'g40_1': 'g40_1', 'g40_2': 'g40_2'}
    """
    ids = list(dict.fromkeys(ids))
    out = {i: i for i in ids}
    long = [i for i in ids if len(i) > max_len]
    if not long:
        return out
    for k in range(min_len, max(len(i) for i in long) + 1):
        prefixes = [i[:k] if i in long else i for i in ids]
        if len(set(prefixes)) == len(ids):
            for i, p in zip(ids, prefixes, strict=True):
                out[i] = p + "…" if p != i else i
            return out
    return out


def source_labels(sources: Sequence[str], doc_ids: Sequence[str] | None = None,
                  ) -> dict[str, str]:
    """Readable labels for source keys: the outlet where known, else a short doc id.

    ``sources`` are the keys analystkit uses (``"Outlet (doc_id)"``, a bare outlet, or a
    doc id). The outlet alone is used when it names one document in the chart; two
    articles of one outlet become ``"Outlet · 000_fd…"``.

    >>> labels = source_labels(["Reuters (a1)", "000_fd51113278b0f16d", "Reuters (a2)"])
    >>> list(labels.values())
    ['Reuters · a1', '000_fd…', 'Reuters · a2']
    """
    keys = list(dict.fromkeys(sources))
    parsed: dict[str, tuple[str, str]] = {}
    for key in keys:
        m = re.match(r"^(.*\S) \(([^()]+)\)$", key)
        if m:
            parsed[key] = (m.group(1), m.group(2))
        elif _ID_LIKE.match(key) and len(key) > 14:
            parsed[key] = ("", key)
        else:
            parsed[key] = (key, "")
    shorts = short_ids([d for _, d in parsed.values() if d])
    outlet_count: dict[str, int] = {}
    for outlet, _ in parsed.values():
        if outlet:
            outlet_count[outlet] = outlet_count.get(outlet, 0) + 1
    labels = {}
    for key, (outlet, doc) in parsed.items():
        if outlet and (outlet_count[outlet] == 1 or not doc):
            labels[key] = shorten(outlet, 32)
        elif outlet:
            labels[key] = f"{shorten(outlet, 24)} · {shorts[doc]}"
        else:
            labels[key] = shorts[doc]
    return labels


def plural(item: str) -> str:
    """'drone' -> 'Drones', 'person' -> 'People', 'ballistic missile' -> 'Ballistic missiles'."""
    if item in _PLURAL:
        word = _PLURAL[item]
    elif item.endswith(("s", "x", "ch", "sh")):
        word = item + "es" if not item.endswith("s") else item
    elif item.endswith("y") and not item.endswith(("ay", "ey", "oy", "uy")):
        word = item[:-1] + "ies"
    else:
        word = item + "s"
    return word[:1].upper() + word[1:]


def item_sort_key(item: str) -> tuple[int, str]:
    """Weapons first (drones, missiles …), then people, then the rest alphabetically."""
    return (_ITEM_ORDER.index(item) if item in _ITEM_ORDER else len(_ITEM_ORDER), item)


def number(x: float) -> str:
    """539 -> '539', 38e9 -> '38 bn', 1.5 -> '1.5'."""
    if x != x:  # NaN
        return ""
    ax = abs(x)
    if ax >= 1e9:
        return f"{x / 1e9:,.3g} bn"
    if ax >= 1e6:
        return f"{x / 1e6:,.3g} m"
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.1f}"


def statement(qualifier: str, value: float, low: float, high: float) -> str:
    """How a source put a number: '539', '≥500', '~12', '10–12'."""
    if qualifier == "range":
        return f"{number(low)}–{number(high)}"
    return _SYMBOL.get(qualifier, "") + number(value)


def credit(attributed_to: str, chain: str) -> str:
    """'per Ukraine's Air Force via Reuters', or 'unattributed'."""
    if attributed_to and chain:
        return f"per {attributed_to} via {chain}"
    if attributed_to:
        return f"per {attributed_to}"
    if chain:
        return f"per {chain}"
    return "unattributed"


def pretty_event(values: pd.DataFrame, event_id: str) -> str:
    """'Event E1 · 2025-07-03 · Russian attack' from a source_values frame."""
    part = values[values["event_id"] == event_id]
    bits = [f"event {event_id}"]
    dates = [d for d in part["event_date"] if d]
    if dates:
        bits.append(dates[0])
    attackers = [a for a in part["attacker"] if a]
    if attackers:
        bits.append(f"attacker: {attackers[0].capitalize()}")
    text = " · ".join(bits)
    return text[:1].upper() + text[1:]


# ---------------------------------------------------------------- evidence on marks


def mark(artist: Any, evidence: str | Sequence[str]) -> None:
    """Attach the evidence of one mark (or of each point of a collection) to ``artist``.

    The artist gets a group id (``set_gid``) and its figure a list of ``(gid,
    evidence)``; :func:`analystkit.charts.chart_html` turns each into a ``<title>`` (shown
    on hover) and a focusable mark whose evidence is shown on click. A sequence gives one
    text per point of a collection, in order.
    """
    fig = artist.get_figure()
    if fig is None or not evidence:
        return
    marks = fig.__dict__.setdefault("_ak_marks", [])
    gid = f"akmark{len(marks)}"
    artist.set_gid(gid)
    marks.append((gid, evidence if isinstance(evidence, str) else list(evidence)))


def evidence(row: Any, label: str = "", *, said: str | None = None) -> str:
    """What a mark shows: the article, what it says, whom it credits and the sentence.

    ``row`` is a figures or per-source values row (attributes ``doc_id``, ``qualifier``,
    ``value``, ``low``, ``high``, ``measure``, ``item``, ``attributed_to``,
    ``attribution_chain``, ``sentence``; any may be missing).
    """
    get = lambda name: getattr(row, name, "")  # noqa: E731
    head = label or str(get("source") or get("doc_id"))
    doc = str(get("doc_id") or "")
    if doc and doc != head:
        head += f" (article {doc})"
    if said is None:
        nan = float("nan")
        said = statement(str(get("qualifier") or "exact"), float(get("value")),
                         nan if get("low") == "" else float(get("low")),
                         nan if get("high") == "" else float(get("high")))
        item = str(get("item") or "")
        one = float(get("value")) == 1 and said == "1"
        said = f"{said} {(item if one else plural(item).lower()) if item else ''}".strip()
        measure = str(get("measure") or "")
        said = f"{measure}: {said}" if measure else said
    chain = get("attribution_chain")
    lines = [head, f"says: {said}",
             "credits: " + credit(_text(get("attributed_to")), _text(chain))]
    sentence = _text(get("sentence"))
    if sentence:
        lines.append(f"sentence: “{shorten(sentence, 400)}”")
    return "\n".join(lines)


def _text(value: Any) -> str:
    """A string field as text; missing (None, NaN, pd.NA) is ''."""
    import pandas as pd

    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value)

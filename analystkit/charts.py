"""Charts whose marks carry their evidence: inline SVG, a ``<title>`` per mark.

:func:`show_chart` displays a chart of :mod:`analystkit.plot` as inline SVG in the
notebook and in the report. Every mark the plot functions tagged
(:func:`analystkit._plot_style.mark`) becomes a focusable group with a ``<title>``:
hovering shows the article, what it says, whom it credits and the sentence; clicking (or
Tab then Enter) writes the same evidence under the chart, in a live region that screen
readers announce. The chart as a whole is labelled by its alt text (its title, subtitle
and panel titles, unless given).

Why SVG and not an embedded Vega-Lite or Plotly? The charts stay the matplotlib charts
the package draws and tests; the page gains no chart library (Plotly's offline bundle is
about 3.5 MB, Vega + Vega-Lite + vega-embed about 800 KB, per page), only the SVG (text
kept as text, so it is searchable and selectable) and a 1 KB script. Native ``<title>``
tooltips need no script at all, and the marks are reachable with the keyboard.

Examples
--------
>>> import analystkit as ak
>>> docs = ak.load_corpus(ak.seeds_path())
>>> fig = ak.plot.attack_scale(ak.extract_figures(docs), documents=docs)
>>> page = chart_html(fig)
>>> page.count('class="ak-mark"') >= 10, "<title>" in page, "credits: per" in page
(True, True, True)
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = ["CHART_JS", "Chart", "chart_alt", "chart_html", "new_page", "show_chart"]

# A click, Enter or Space on a mark (or focusing it) writes its evidence under the chart.
CHART_JS = r"""(function () {
  function show(m) {
    var fig = m.closest("figure.ak-figure"); if (!fig) return;
    var out = fig.querySelector(".ak-evidence"), t = m.querySelector("title");
    fig.querySelectorAll(".ak-mark.ak-on").forEach(function (x) {
      x.classList.remove("ak-on"); });
    m.classList.add("ak-on"); out.textContent = t ? t.textContent : "";
  }
  document.querySelectorAll("figure.ak-figure:not([data-ak-ready])").forEach(function (f) {
    f.setAttribute("data-ak-ready", "1");
    f.querySelectorAll(".ak-mark").forEach(function (m) {
      m.addEventListener("click", function () { show(m); });
      m.addEventListener("focus", function () { show(m); });
      m.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); show(m); } });
    });
  });
})();"""

CHART_CSS = """
figure.ak-figure { margin: 8px 0 16px; }
figure.ak-figure svg { max-width: 100%; height: auto; display: block; }
figure.ak-figure .ak-mark { cursor: pointer; }
figure.ak-figure .ak-mark path, figure.ak-figure .ak-mark use { pointer-events: all; }
figure.ak-figure .ak-mark:focus { outline: none; }
figure.ak-figure .ak-mark:focus path, figure.ak-figure .ak-mark.ak-on path,
figure.ak-figure .ak-mark:focus use, figure.ak-figure .ak-mark.ak-on use {
  stroke: #000; stroke-width: 2.5px; }
figure.ak-figure .ak-evidence { white-space: pre-line; font: 12px/1.45 system-ui, sans-serif;
  border-left: 3px solid #0072B2; padding: 2px 10px; margin: 6px 0 0; min-height: 1.4em;
  max-width: 56em; color: #222; }
figure.ak-figure .ak-evidence:empty::before { color: #666;
  content: "Hover over or click a mark for the article, the sentence and whom it credits."; }
"""

_OPEN_GROUP = re.compile(r'<g id="(akmark\d+)">')
_USE = re.compile(r"<use\b[^>]*?/>")


def chart_alt(fig: Figure) -> str:
    """Alt text for a chart: its title, subtitle and panel titles, in reading order.

    Examples
    --------
    >>> import analystkit as ak
    >>> docs = ak.load_corpus(ak.seeds_path())
    >>> fig = ak.plot.attack_scale(ak.extract_figures(docs), documents=docs)
    >>> chart_alt(fig)[:66]
    'Chart. Attack scale: what each source says was launched and interc'
    """
    texts = [t.get_text().strip() for t in fig.texts if t.get_text().strip()]
    panels = [ax.get_title(loc="left").strip() or ax.get_title().strip() for ax in fig.axes]
    parts = texts + [f"Panel: {p}" for p in panels if p]
    text = ". ".join(" ".join(p.split()) for p in parts)
    return "Chart. " + (text + "." if text else "No title.")


def _svg(fig: Figure) -> str:
    import matplotlib

    from analystkit.plot import save

    buf = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "none"}):  # text stays text: small, readable
        save(fig, buf, format="svg")  # the charts set their own margins: no second draw
    svg = buf.getvalue().decode("utf-8")
    return svg[svg.index("<svg"):]  # no XML prolog or DOCTYPE inside an HTML page


def chart_html(fig: Figure, *, alt: str | None = None) -> str:
    """The chart as a ``<figure>``: inline SVG with a ``<title>`` per mark, its script.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        A chart of :mod:`analystkit.plot` (any figure works; untagged marks carry no
        evidence).
    alt : str, optional
        The chart's text alternative; default :func:`chart_alt`.

    Returns
    -------
    str
        HTML; every evidence text is escaped.
    """
    alt = chart_alt(fig) if alt is None else alt
    marks: dict[str, Any] = dict(getattr(fig, "_ak_marks", []))
    svg = _svg(fig)
    prefix = "ak" + hashlib.sha256(svg.encode()).hexdigest()[:8]  # unique per chart on a page

    def one(match: re.Match[str]) -> str:
        gid = match.group(1)
        evidence = marks.get(gid)
        new_id = f'{prefix}-{gid.removeprefix("akmark")}'
        if evidence is None:
            return f'<g id="{new_id}">'
        if isinstance(evidence, str):
            e = html.escape(evidence)
            return (f'<g id="{new_id}" class="ak-mark" tabindex="0" role="button" '
                    f'aria-label="{e}"><title>{e}</title>')
        return f'<g id="{new_id}" data-ak-points="{len(evidence)}">'

    svg = _OPEN_GROUP.sub(one, svg)
    for gid, evidence in marks.items():  # collections: one title per point
        if isinstance(evidence, str):
            continue
        svg = _title_points(svg, f'{prefix}-{gid.removeprefix("akmark")}', evidence)
    label = html.escape(alt)
    svg = svg.replace("<svg ", f'<svg role="group" aria-label="{label}" ', 1)
    return (f'<figure class="ak-figure">{svg}'
            '<figcaption class="ak-evidence" aria-live="polite"></figcaption></figure>'
            f"<style>{CHART_CSS}</style><script>{CHART_JS}</script>")


def _title_points(svg: str, group_id: str, evidence: list[str]) -> str:
    """Wrap each ``<use>`` (one point) of the group ``group_id`` in a titled mark."""
    start = svg.find(f'<g id="{group_id}"')
    if start < 0:
        return svg
    end = svg.find("</g>\n  </g>", start)
    end = len(svg) if end < 0 else end
    texts = iter(evidence)

    def one(match: re.Match[str]) -> str:
        text = next(texts, None)
        if text is None:
            return match.group(0)
        e = html.escape(text)
        return (f'<g class="ak-mark" tabindex="0" role="button" aria-label="{e}">'
                f"<title>{e}</title>{match.group(0)}</g>")

    return svg[:start] + _USE.sub(one, svg[start:end]) + svg[end:]


def thumbnail_png(fig: Figure, *, width_px: int = 320) -> str:
    """A small PNG of the chart (base64), for the report's index."""
    buf = io.BytesIO()
    dpi = max(20, width_px / fig.get_figwidth())
    fig.savefig(buf, format="png", dpi=dpi, facecolor="white")
    return base64.b64encode(buf.getvalue()).decode()


_PAGE = {"thumbnail made": False}


def new_page() -> None:
    """Start a new page: the next chart shown carries the page's thumbnail again
    (``analystkit report`` calls this before each notebook in its shared kernel)."""
    _PAGE["thumbnail made"] = False


class Chart:
    """A chart displayed as inline SVG with evidence on its marks.

    ``.figure`` is the matplotlib Figure. Jupyter and the report show the SVG; the
    bundle of a page's first chart also carries a small PNG (``image/png``, marked
    ``ak-thumbnail``) that the report's index uses as the page's thumbnail.
    """

    def __init__(self, figure: Figure, *, alt: str | None = None,
                 thumbnail: bool | None = None) -> None:
        self.figure = figure
        self.alt = chart_alt(figure) if alt is None else alt
        if thumbnail is None:  # the first chart of the page
            thumbnail = not _PAGE["thumbnail made"]
        _PAGE["thumbnail made"] = _PAGE["thumbnail made"] or thumbnail
        self.thumbnail = thumbnail

    def __repr__(self) -> str:
        return self.alt

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None,
                          ) -> tuple[dict[str, str], dict[str, Any]]:
        data = {"text/html": chart_html(self.figure, alt=self.alt), "text/plain": self.alt}
        meta: dict[str, Any] = {}
        if self.thumbnail:
            data["image/png"] = thumbnail_png(self.figure)
            meta["image/png"] = {"ak-thumbnail": True, "alt": self.alt}
        return data, meta


def show_chart(fig: Any, *, alt: str | None = None, thumbnail: bool | None = None) -> Any:
    """Display a chart with evidence on every mark (hover: tooltip; click: shown below).

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        A chart of :mod:`analystkit.plot`; anything else (a
        :class:`analystkit.brief.Brief` saying there is no chart) is returned as it is.
    alt : str, optional
        Text alternative; default the chart's title, subtitle and panel titles.
    thumbnail : bool, optional
        Also carry a small PNG for the report's index; default: for the first chart of
        a page (see :func:`new_page`).

    Returns
    -------
    Chart
        Displays in Jupyter and in the report.
    """
    from matplotlib.figure import Figure

    if not isinstance(fig, Figure):
        return fig
    return Chart(fig, alt=alt, thumbnail=thumbnail)

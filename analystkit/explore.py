"""A notebook explorer: filter figures by source, measure and narrative; read the evidence.

:func:`explore` builds an ipywidgets panel (ipywidgets is imported only when it is
called). The HTML it shows is built by plain functions that tests can call without a
notebook: :func:`highlight_html`, :func:`table_html`, :func:`evidence_html`, and the
filtering by :func:`filter_figures`. Every piece of article text is HTML-escaped, so
markup inside an article is shown as text, never run, and an article's URL becomes a
link only when it is ``http(s)`` (:func:`link_html`).
"""

from __future__ import annotations

import html
import re
import sys
import types
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from analystkit import _plot_style as style

if TYPE_CHECKING:  # pragma: no cover
    import ipywidgets

__all__ = ["evidence_html", "explore", "filter_figures", "highlight_html", "link_html",
           "table_html"]

ALL = "(all)"
_TABLE_COLUMNS = ["source", "measure", "item", "mention", "qualifier", "value",
                  "attributed_to", "place"]
_STYLE = """<style>
.ak-table {border-collapse: collapse; font-size: 12px;}
.ak-table th, .ak-table td {border-bottom: 1px solid #ddd; padding: 2px 6px; text-align: left;
  vertical-align: top;}
.ak-evidence {font-size: 14px; line-height: 1.5; max-width: 60em;}
.ak-evidence mark {background: #F0E442; padding: 0 2px; border-radius: 2px;}
.ak-meta {color: #555; font-size: 12px;}
</style>"""
# an absolute http(s) URL with nothing a browser would strip or re-read (no whitespace,
# control characters, quotes or angle brackets)
_WEB_URL = re.compile(r"https?://[^\s\x00-\x1f\x7f\"'<>`\\]+", re.IGNORECASE)


def highlight_html(sentence: str, start: int, end: int, *, tag: str = "mark") -> str:
    """The sentence as HTML, escaped, with ``sentence[start:end]`` wrapped in ``<mark>``.

    Parameters
    ----------
    sentence : str
        Article text (untrusted).
    start, end : int
        The span to highlight, as offsets into ``sentence``; clipped to its bounds. An
        empty or inverted span highlights nothing.
    tag : str
        The HTML element used for the highlight.

    Returns
    -------
    str
        HTML: the escaped text before the span, ``<mark>`` + escaped span + ``</mark>``,
        the escaped text after it.

    Examples
    --------
    >>> highlight_html("Russia launched 539 drones.", 16, 26)
    'Russia launched <mark>539 drones</mark>.'
    >>> highlight_html("<script>alert(1)</script> 5 killed", 26, 27)
    '&lt;script&gt;alert(1)&lt;/script&gt; <mark>5</mark> killed'
    """
    n = len(sentence)
    start, end = max(0, min(int(start), n)), max(0, min(int(end), n))
    if end <= start:
        return html.escape(sentence)
    return (html.escape(sentence[:start]) + f"<{tag}>" + html.escape(sentence[start:end])
            + f"</{tag}>" + html.escape(sentence[end:]))


def link_html(url: object, text: str | None = None) -> str:
    """A link to ``url`` when it is an ``http(s)`` URL; otherwise ``url`` as escaped text.

    Article URLs are untrusted: ``javascript:``, ``data:``, ``vbscript:``, relative or
    malformed URLs are never put in an ``href``, only shown. The link opens in a new
    tab without handing the page to the target (``rel="noopener noreferrer"``).

    Parameters
    ----------
    url : object
        The URL (``None``, NaN and "" give "").
    text : str, optional
        The link text (escaped); default the URL itself.

    Returns
    -------
    str
        HTML.

    Examples
    --------
    >>> print(link_html("https://example.org/?b=1&c=2"))  # doctest: +NORMALIZE_WHITESPACE
    <a href="https://example.org/?b=1&amp;c=2" target="_blank"
     rel="noopener noreferrer nofollow">https://example.org/?b=1&amp;c=2</a>
    >>> link_html("javascript:alert(1)")
    'javascript:alert(1)'
    >>> link_html('https://x.org/"><script>')
    'https://x.org/&quot;&gt;&lt;script&gt;'
    """
    if not isinstance(url, str) or not url.strip():
        return ""
    url = url.strip()
    shown = html.escape(url if text is None else text, quote=True)
    if not _WEB_URL.fullmatch(url):
        return shown
    return (f'<a href="{html.escape(url, quote=True)}" target="_blank" '
            f'rel="noopener noreferrer nofollow">{shown}</a>')


def table_html(frame: pd.DataFrame, *, columns: Sequence[str] | None = None,
               max_rows: int = 200) -> str:
    """A compact HTML table of ``frame`` (every cell escaped), with a row-count note.

    Examples
    --------
    >>> out = table_html(pd.DataFrame({"mention": ["<b>5</b> killed"]}))
    >>> "&lt;b&gt;5&lt;/b&gt; killed" in out, "<b>" in out
    (True, False)
    """
    view = frame[[c for c in (columns or frame.columns) if c in frame.columns]]
    shown = view.head(max_rows)
    out = shown.to_html(index=False, escape=True, na_rep="", border=0,
                        classes=["ak-table"])
    if len(view) > len(shown):
        out += f"<p class='ak-meta'>showing {len(shown)} of {len(view)} rows</p>"
    return out


def evidence_html(row: Any, documents: pd.DataFrame | None = None,
                  narratives: Sequence[str] = ()) -> str:
    """The evidence of one figure: headline, outlet, date, the sentence with the figure
    highlighted, on whose word, and the narratives its sentence carries.

    Parameters
    ----------
    row : Series or namedtuple
        One row of the figures table (``doc_id``, ``sentence``, ``start``, ``end``,
        ``sentence_start``, ``attributed_to``, ``attribution_chain``).
    documents : DataFrame, optional
        For the headline, outlet and date.
    narratives : sequence of str
        Labels of the narratives tagged on the sentence.

    Returns
    -------
    str
        HTML, every article-derived string escaped.

    Examples
    --------
    >>> import analystkit as ak
    >>> docs = pd.DataFrame({"doc_id": ["a"], "title": ["<i>Kyiv</i>"],
    ...                      "text": ["Officials said 5 people were killed."]})
    >>> fig = ak.extract_figures(docs).iloc[0]
    >>> out = evidence_html(fig, docs)
    >>> "<mark>5 people</mark>" in out, "&lt;i&gt;Kyiv&lt;/i&gt;" in out
    (True, True)
    """
    get = row.get if hasattr(row, "get") else (lambda k, d=None: getattr(row, k, d))
    doc_id = str(get("doc_id", ""))
    offset = int(get("sentence_start", 0))
    body = highlight_html(str(get("sentence", "")), int(get("start", 0)) - offset,
                          int(get("end", 0)) - offset)
    head = [f"document {html.escape(doc_id)}"]
    if documents is not None and doc_id in set(documents["doc_id"]):
        doc = documents[documents["doc_id"] == doc_id].iloc[0]
        title = str(doc.get("title", "") or "")
        source = str(doc.get("source", "") or "")
        published = doc.get("published", pd.NaT)
        head = [f"<b>{html.escape(title)}</b>"] if title else []
        bits = [source, f"{published:%Y-%m-%d}" if pd.notna(published) else "", doc_id]
        head.append(html.escape(" · ".join(b for b in bits if b)))
        link = link_html(doc.get("url", ""))
        if link:
            head.append(link)
    credit = style.credit(str(get("attributed_to", "") or ""),
                          str(get("attribution_chain", "") or ""))
    meta = f"{get('measure', '')} · {get('item', '')} · {credit}"
    parts = [f"<div class='ak-meta'>{'<br>'.join(head)}</div>",
             f"<p class='ak-evidence'>{body}</p>",
             f"<div class='ak-meta'>{html.escape(meta)}</div>"]
    if narratives:
        parts.append("<div class='ak-meta'>narratives in this sentence: "
                     + html.escape(", ".join(narratives)) + "</div>")
    return "\n".join(parts)


def _narratives_of(figures: pd.DataFrame, tags: pd.DataFrame | None) -> pd.Series:
    """For each figure (by index), the narrative ids whose evidence sentence holds it."""
    out = pd.Series([[] for _ in range(len(figures))], index=figures.index, dtype="object")
    if tags is None or tags.empty or figures.empty:
        return out
    by_doc = {d: part for d, part in tags.groupby("doc_id", sort=False)}
    for idx, doc, start in zip(figures.index, figures["doc_id"], figures["start"], strict=True):
        part = by_doc.get(doc)
        if part is None:
            continue
        hit = part[(part["start"] <= start) & (start < part["end"])]
        out.at[idx] = list(dict.fromkeys(hit["narrative"]))
    return out


def filter_figures(
    figures: pd.DataFrame,
    documents: pd.DataFrame | None = None,
    tags: pd.DataFrame | None = None,
    *,
    source: str | None = None,
    measure: str | None = None,
    narrative: str | None = None,
    core_only: bool = False,
) -> pd.DataFrame:
    """The figures matching the explorer's filters, with a readable ``source`` column.

    Parameters
    ----------
    figures : DataFrame
        :func:`analystkit.extract_figures` output. Not modified.
    documents : DataFrame, optional
        For source labels (outlet, else short doc id).
    tags : DataFrame, optional
        :func:`analystkit.tag_narratives` output, for the narrative filter.
    source, measure, narrative : str, optional
        Keep rows of this source label, measure, narrative id (a figure carries a
        narrative when its sentence is evidence of it). ``None`` or ``"(all)"``: no
        filter.
    core_only : bool
        Keep core measures only (not ``other``).

    Returns
    -------
    pandas.DataFrame
        The matching rows of ``figures`` in document order, plus ``source`` (str, the
        label) and ``narratives`` (list of narrative ids).

    Examples
    --------
    >>> import analystkit as ak
    >>> docs = ak.load_corpus(ak.seeds_path())
    >>> figs = ak.extract_figures(docs)
    >>> rows = filter_figures(figs, docs, source="Thanh Nien Newspaper", measure="killed")
    >>> rows[["source", "mention", "value"]].to_string(index=False)
    '              source    mention  value\\nThanh Nien Newspaper one person    1.0'
    """
    from analystkit.brief import source_labels

    labels = (source_labels(documents) if documents is not None
              else {d: d for d in figures["doc_id"]})
    out = figures.assign(source=[labels.get(d, d) for d in figures["doc_id"]])
    out = out.assign(narratives=_narratives_of(out, tags))
    if core_only:
        out = out[out["is_core"]]
    if source not in (None, ALL):
        out = out[out["source"] == source]
    if measure not in (None, ALL):
        out = out[out["measure"] == measure]
    if narrative not in (None, ALL):
        out = out[[narrative in n for n in out["narratives"]]]
    return out


def explore(
    documents: pd.DataFrame,
    figures: pd.DataFrame | None = None,
    tags: pd.DataFrame | None = None,
    *,
    max_rows: int = 200,
) -> ipywidgets.VBox:
    """An interactive explorer of a corpus's figures for Jupyter.

    Three drop-downs (source, measure, narrative) and a "core figures only" box filter
    the figures; a table lists the matches; picking one in the list below shows its
    sentence with the figure highlighted, its document, on whose word it was given and
    the narratives of that sentence.

    Parameters
    ----------
    documents : DataFrame
        :func:`analystkit.load_corpus` output. Not modified.
    figures : DataFrame, optional
        :func:`analystkit.extract_figures` output; extracted from ``documents`` if None.
    tags : DataFrame, optional
        :func:`analystkit.tag_narratives` output; tagged from ``documents`` if None.
    max_rows : int
        Rows shown in the table.

    Returns
    -------
    ipywidgets.VBox
        The explorer; its ``children`` are the filter row, the count, the table, the
        figure picker and the evidence panel. Display it as a cell's last expression.

    Examples
    --------
    >>> import analystkit as ak
    >>> docs = ak.load_corpus(ak.seeds_path())
    >>> panel = ak.explore(docs)
    >>> filters = panel.children[0].children
    >>> [w.description for w in filters]
    ['source', 'measure', 'narrative', 'core only']
    >>> filters[0].value = "Thanh Nien Newspaper"; filters[1].value = "killed"
    >>> panel.children[1].value
    '<b>1</b> matching figure(s)'
    """
    import ipywidgets as w

    from analystkit.figures import extract_figures
    from analystkit.narratives import tag_narratives

    figures = extract_figures(documents) if figures is None else figures
    tags = tag_narratives(documents) if tags is None else tags
    everything = filter_figures(figures, documents, tags)
    names = dict(zip(tags["narrative"], tags["label"], strict=False)) if "label" in tags else {}

    def options(values: Sequence[str]) -> list[str]:
        return [ALL, *dict.fromkeys(v for v in values if v)]

    source = w.Dropdown(options=options(everything["source"]), description="source")
    measure = w.Dropdown(options=options(sorted(everything["measure"].unique())),
                         description="measure")
    narrative = w.Dropdown(
        options=[(ALL, ALL), *((names.get(n, n), n) for n in dict.fromkeys(tags["narrative"]))],
        description="narrative")
    core = w.Checkbox(value=True, description="core only", indent=False)
    count = w.HTML()
    table = w.HTML(layout=w.Layout(max_height="320px", overflow="auto"))
    picker = w.Select(options=[], rows=8, description="figure",
                      layout=w.Layout(width="95%"))
    evidence = w.HTML()
    state: dict[str, pd.DataFrame] = {"rows": everything}

    def show_evidence(change: Any = None) -> None:
        rows = state["rows"]
        if picker.value is None or picker.value not in rows.index:
            evidence.value = ""
            return
        row = rows.loc[picker.value]
        labels = [names.get(n, n) for n in row["narratives"]]
        evidence.value = _STYLE + evidence_html(row, documents, labels)

    def refresh(change: Any = None) -> None:
        rows = filter_figures(figures, documents, tags, source=source.value,
                              measure=measure.value, narrative=narrative.value,
                              core_only=core.value)
        state["rows"] = rows
        count.value = f"<b>{len(rows)}</b> matching figure(s)"
        table.value = _STYLE + table_html(rows, columns=_TABLE_COLUMNS, max_rows=max_rows)
        picker.options = [
            (style.shorten(f"{r.source} · {r.measure} · {r.mention}", 90), idx)
            for idx, r in zip(rows.index[:max_rows], rows.head(max_rows).itertuples(),
                              strict=True)]
        picker.value = rows.index[0] if len(rows) else None
        show_evidence()

    for control in (source, measure, narrative, core):
        control.observe(refresh, names="value")
    picker.observe(show_evidence, names="value")
    refresh()
    return w.VBox([w.HBox([source, measure, narrative, core]), count, table, picker,
                   evidence])


class _CallableModule(types.ModuleType):
    """``analystkit.explore`` is both this module and the function: the package's lazy
    export resolves the name to the module (and importing the submodule binds it too),
    so calling the module calls :func:`explore`."""

    def __call__(self, *args: Any, **kwargs: Any) -> ipywidgets.VBox:
        return explore(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule

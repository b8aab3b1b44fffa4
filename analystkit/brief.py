"""Analyst's-brief text and tables for the notebooks and the HTML report.

The notebooks in ``notebooks/`` hold narrative, parameters and calls; the sentences
that state numbers are written here, from the package's tables, so that every number
a reader sees is computed, never typed. Functions return:

- :class:`Brief`: Markdown text (a ``str``) that Jupyter displays formatted;
- :class:`Table`: a display table (HTML-escaped, no index) wrapping a DataFrame, kept
  in ``.frame``.

Every string that comes from an article (outlet names, headlines, attributions,
sentences) is escaped for Markdown and HTML (:func:`escape`), so a ``<script>`` in an
article is shown as text and never run.

Examples
--------
>>> import analystkit as ak
>>> from analystkit import brief
>>> corpus = brief.load()                      # the bundled seeds
>>> print(brief.corpus_summary(corpus).splitlines()[0])  # doctest: +NORMALIZE_WHITESPACE
**5 articles** from 2 named outlets (thecongressionalinsider.com, Thanh Nien
Newspaper); 3 without a named outlet.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from analystkit import _plot_style as style
from analystkit._timecues import day_text

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

    from analystkit.loading import LoadResult

__all__ = [
    "Brief",
    "Table",
    "aid_brief",
    "aid_table",
    "attack_brief",
    "attack_table",
    "casualty_brief",
    "casualty_table",
    "corpus_facts",
    "corpus_summary",
    "escape",
    "load",
    "narrative_brief",
    "narrative_evidence",
    "quoted_speakers",
    "source_labels",
    "sources_table",
    "timeline",
]

_ATTACK = ("launched", "intercepted", "struck")
_CASUALTY = ("killed", "injured")
_AID = ("aid_money", "aid_materiel")
_VERDICT = {
    "consistent": "sources agree",
    "consistent_within_hedges": "sources agree within their hedges",
    "scope_differs": "**sources disagree** (they count different places or a wider scope)",
    "conflicting": "**sources disagree** (conflicting figures)",
    "parts_of_total": "sources agree once a source's parts are added up",
}
_VERDICT_PLAIN = {
    "consistent": "agree",
    "consistent_within_hedges": "agree within hedges",
    "scope_differs": "disagree: scope",
    "conflicting": "disagree: conflict",
    "parts_of_total": "agree: parts of a total",
}
_CURRENCIES = {"EUR", "USD", "GBP", "UAH", "RUB", "CHF", "JPY", "CAD", "AUD", "PLN", "SEK",
               "NOK", "DKK", "CNY"}
_DATE_CELL = re.compile(r"<td>(\d{4}-\d{2}-\d{2})</td>")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_OTHER_EVENTS_SHOWN = 6
_PARTS = re.compile(r"\(parts of one total: ([^)]*)\)")
_PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "him", "her", "them"}


# ---------------------------------------------------------------- display types


class Brief(str):
    """Markdown text: a ``str`` that Jupyter (and the HTML report) shows formatted."""

    __slots__ = ()

    def _repr_markdown_(self) -> str:
        return str(self)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(str(self))


class Table:
    """A display table: ``frame`` shown without its index, every cell HTML-escaped.

    Parameters
    ----------
    frame : DataFrame
        The rows to show (kept as ``.frame`` for further work).
    max_rows : int
        Rows shown in HTML; a last line says how many more there are.
    caption : str
        Optional caption (escaped).

    Examples
    --------
    >>> t = Table(pd.DataFrame({"sentence": ["<script>alert(1)</script>"]}))
    >>> "<script>" in t._repr_html_(), "&lt;script&gt;" in t._repr_html_()
    (False, True)
    """

    def __init__(self, frame: pd.DataFrame, *, max_rows: int = 60, caption: str = "") -> None:
        self.frame = frame
        self.max_rows = max_rows
        self.caption = caption

    def __len__(self) -> int:
        return len(self.frame)

    def __repr__(self) -> str:
        return self.frame.to_string(index=False, max_rows=self.max_rows)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))

    def _repr_html_(self) -> str:
        shown = self.frame.head(self.max_rows)
        table = nowrap_dates(shown.to_html(index=False, escape=True, na_rep="", border=0,
                                           classes=["dataframe", "ak-table"]))
        parts = []
        if self.caption:
            parts.append(f"<p><em>{html.escape(self.caption)}</em></p>")
        parts.append(table)
        more = len(self.frame) - len(shown)
        if more > 0:
            parts.append(f"<p><em>… and {more} more row(s) (all in <code>.frame</code>).</em></p>")
        return "\n".join(parts)


def nowrap_dates(table_html: str) -> str:
    """Keep ISO dates on one line in an HTML table (cells holding only a date).

    >>> nowrap_dates("<td>2025-07-03</td><td>x</td>")
    '<td style="white-space:nowrap">2025-07-03</td><td>x</td>'
    """
    return _DATE_CELL.sub(r'<td style="white-space:nowrap">\1</td>', table_html)


def escape(text: object) -> str:
    """Make an article-derived string safe inside Markdown and HTML.

    HTML special characters become entities, ``$`` becomes ``&#36;`` (so no math
    renderer picks it up) and Markdown punctuation is backslash-escaped (so no link,
    image or emphasis can be written); whitespace runs become single spaces. Quotes
    are left as they are: Brief text is rendered as element content, never inside an
    attribute (the Markdown renderer escapes the attributes it writes itself).

    Examples
    --------
    >>> escape("<script>alert('x')</script> *bold* $43 [link](x)")
    "&lt;script&gt;alert('x')&lt;/script&gt; \\\\*bold\\\\* &#36;43 \\\\[link\\\\](x)"
    """
    text = " ".join(str(text).split())
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = html.escape(text, quote=False)
    return text.replace("$", "&#36;")


# ---------------------------------------------------------------- corpus


def load(corpus: str | Path | Sequence[str | Path] | None = None) -> LoadResult:
    """Load the corpus a notebook is asked to read; ``None`` means the bundled seeds.

    Parameters
    ----------
    corpus : path, list of paths or None
        Files, folders or globs (see :func:`analystkit.load_corpus`).

    Returns
    -------
    analystkit.LoadResult
        ``.documents``, ``.skipped``, ``.removed``.

    Examples
    --------
    >>> len(load().documents)
    5
    """
    from analystkit import load_corpus_with_report, seeds_path

    if corpus is None or (isinstance(corpus, (list, tuple)) and not corpus):
        corpus = seeds_path()
    if isinstance(corpus, (list, tuple)):
        corpus = [str(c) for c in corpus]
    return load_corpus_with_report(corpus)


def _text_column(documents: pd.DataFrame, name: str) -> list[str]:
    """A text column as a list of str ("" for missing values or a missing column)."""
    if name not in documents.columns:
        return [""] * len(documents)
    return [v if isinstance(v, str) else "" for v in documents[name]]


def _published(documents: pd.DataFrame) -> pd.Series:
    """The ``published`` column, or all-NaT when the table has none."""
    if "published" in documents.columns:
        return documents["published"]
    return pd.Series(pd.NaT, index=documents.index, dtype="datetime64[ns, UTC]")


def _documents(corpus: Any) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    if isinstance(corpus, pd.DataFrame):
        return corpus, None
    return corpus.documents, getattr(corpus, "skipped", None)


def corpus_facts(documents: pd.DataFrame, skipped: pd.DataFrame | None = None,
                 ) -> dict[str, Any]:
    """The corpus in numbers: documents, outlets, dates, skipped inputs.

    Parameters
    ----------
    documents : DataFrame
        The documents table. Not modified.
    skipped : DataFrame, optional
        The load report's skipped inputs.

    Returns
    -------
    dict
        ``n_documents`` (int), ``outlets`` (list of str, in order of first document),
        ``n_without_outlet`` (int), ``n_dated`` (int), ``first`` and ``last``
        (``YYYY-MM-DD`` or ""), ``n_words`` (int), ``n_skipped`` (int).

    Examples
    --------
    >>> facts = corpus_facts(load().documents)
    >>> facts["n_documents"], facts["n_dated"], facts["first"]
    (5, 1, '2025-07-05')
    """
    sources = [s.strip() for s in _text_column(documents, "source")]
    outlets = list(dict.fromkeys(s for s in sources if s))
    published = pd.to_datetime(_published(documents), utc=True, errors="coerce").dropna()
    words = documents["n_words"] if "n_words" in documents.columns else pd.Series([0])
    return {
        "n_documents": len(documents),
        "outlets": outlets,
        "n_without_outlet": sum(1 for s in sources if not s),
        "n_dated": len(published),
        "first": published.min().strftime("%Y-%m-%d") if len(published) else "",
        "last": published.max().strftime("%Y-%m-%d") if len(published) else "",
        "n_words": int(words.sum()),
        "n_skipped": 0 if skipped is None else len(skipped),
    }


def corpus_summary(corpus: Any) -> Brief:
    """One paragraph on what was read: articles, outlets, dates, skipped inputs.

    Parameters
    ----------
    corpus : LoadResult or DataFrame
        :func:`load` / :func:`analystkit.load_corpus_with_report` output, or a documents
        table (then nothing is said about skipped inputs).

    Returns
    -------
    Brief

    Examples
    --------
    >>> print(corpus_summary(load()))  # doctest: +NORMALIZE_WHITESPACE
    **5 articles** from 2 named outlets (thecongressionalinsider.com, Thanh Nien Newspaper); 3 without a named outlet.
    Publication date known for 1 of 5: 2025-07-05. 2,867 words in all. No input was skipped.
    """  # noqa: E501
    documents, skipped = _documents(corpus)
    f = corpus_facts(documents, skipped)
    n, outlets = f["n_documents"], f["outlets"]
    if n == 0:
        return Brief("**No articles were loaded.**" + _skipped_text(f, skipped))
    if outlets:
        shown = ", ".join(escape(o) for o in outlets[:8])
        more = f" and {len(outlets) - 8} more" if len(outlets) > 8 else ""
        head = (f"**{n} article{'s' * (n != 1)}** from {len(outlets)} named "
                f"outlet{'s' * (len(outlets) != 1)} ({shown}{more})")
        head += f"; {f['n_without_outlet']} without a named outlet." if f["n_without_outlet"] \
            else "."
    else:
        head = f"**{n} article{'s' * (n != 1)}**, none with a named outlet."
    if f["n_dated"] == 0:
        dates = "No publication dates are known."
    elif f["first"] == f["last"]:
        dates = f"Publication date known for {f['n_dated']} of {n}: {f['first']}."
    else:
        dates = (f"Published {f['first']} to {f['last']} (date known for {f['n_dated']} of "
                 f"{n}).")
    return Brief(f"{head}\n{dates} {f['n_words']:,} words in all."
                 + _skipped_text(f, skipped))


def _skipped_text(facts: dict[str, Any], skipped: pd.DataFrame | None) -> str:
    if skipped is None:
        return ""
    if not facts["n_skipped"]:
        return " No input was skipped."
    reasons = Counter(str(r).split(" of doc")[0] for r in skipped["reason"])
    said = ", ".join(f"{escape(r)} ({c})" for r, c in reasons.most_common(4))
    return f" **{facts['n_skipped']} input(s) skipped**: {said}."


def source_labels(documents: pd.DataFrame) -> dict[str, str]:
    """doc_id -> the label charts use: the outlet, else a shortened doc id.

    Examples
    --------
    >>> labels = source_labels(load().documents)
    >>> labels["001_3c117ee7df16badd"], labels["000_fd51113278b0f16d"]
    ('thecongressionalinsider.com', '000_fd…')
    """
    keys = {}
    for doc, src in zip(documents["doc_id"], _text_column(documents, "source"), strict=True):
        src = src.strip()
        keys[doc] = f"{src} ({doc})" if src else doc
    labels = style.source_labels(list(keys.values()))
    return {doc: labels[key] for doc, key in keys.items()}


def _value_labels(values: pd.DataFrame) -> dict[str, str]:
    """source key (as in source_values) -> chart label."""
    return style.source_labels(list(dict.fromkeys(values["source"])))


def sources_table(documents: pd.DataFrame) -> Table:
    """The key to the charts: each source label with its outlet, headline and date.

    Returns
    -------
    Table
        ``.frame`` columns: ``source`` (the label used in charts), ``outlet``,
        ``headline`` (shortened to 110 characters), ``published`` (YYYY-MM-DD or ""),
        ``words`` (int).

    Examples
    --------
    >>> sources_table(load().documents).frame.columns.tolist()
    ['source', 'outlet', 'headline', 'published', 'words']
    """
    labels = source_labels(documents)
    pub = pd.to_datetime(_published(documents), utc=True, errors="coerce")
    frame = pd.DataFrame({
        "source": [labels[d] for d in documents["doc_id"]],
        "outlet": _text_column(documents, "source"),
        "headline": [style.shorten(t, 110) for t in _text_column(documents, "title")],
        "published": [p.strftime("%Y-%m-%d") if pd.notna(p) else "" for p in pub],
        "words": (documents["n_words"] if "n_words" in documents.columns
                  else [len(str(t).split()) for t in documents["text"]]),
    })
    return Table(frame.reset_index(drop=True), max_rows=80)


# ---------------------------------------------------------------- wording helpers


def _amount(value: float, item: str) -> str:
    """'EUR 38 billion', '539', '1.5 million'."""
    if not np.isfinite(value):
        return ""
    if value >= 1e9:
        text = f"{value / 1e9:,.3g} billion"
    elif value >= 1e6:
        text = f"{value / 1e6:,.3g} million"
    else:
        text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
    return f"{item} {text}" if item in _CURRENCIES else text


def _said(row: Any) -> str:
    """How one figure was put: '≥23', '~12', '10–12', 'EUR 38 billion'."""
    if row.item in _CURRENCIES:
        base = _amount(row.value, row.item)
        if row.qualifier == "range":
            base = f"{row.item} {_amount(row.low, '')}–{_amount(row.high, '')}"
        return {"approx": "~", "at_least": "≥", "at_most": "≤"}.get(row.qualifier, "") + base
    return style.statement(row.qualifier, row.value, row.low, row.high)


def _attacker_word(attacker: str) -> str:
    return {"russia": "Russian", "ukraine": "Ukrainian"}.get(attacker, attacker.capitalize())


def _what(measure: str, item: str) -> str:
    return f"{style.plural(item)} {measure}"


def _official_text(row: Any) -> str:
    if row.measure == "launched":
        official = row.official_launched
        word = "launched"
    elif row.measure == "intercepted":
        official = row.official_destroyed
        word = "destroyed"
    else:
        return ""
    if not np.isfinite(official):
        return ""
    text = f"Official tally: {_amount(official, '')} {word}"
    if np.isfinite(row.best):
        if row.best == official:
            text += "; the press figure matches it."
        else:
            diff = row.best - official
            text += (f"; the press figure is {_amount(abs(diff), '')} "
                     f"{'above' if diff > 0 else 'below'} it.")
    return text


def _event_number(ids: pd.Series) -> list[int]:
    """'E12' -> 12, for sorting events in reading order."""
    return [int(i[1:]) if i[1:].isdigit() else 0 for i in ids]


def _main_event(frame: pd.DataFrame) -> str | None:
    if frame.empty:
        return None
    counts = frame.groupby("event_id", sort=False)["n_sources"].max()
    return str(counts.idxmax())


def _event_name(rows: pd.DataFrame, event_id: str) -> str:
    date = next((day_text(d) for d in rows["event_date"] if day_text(d)), "")
    return f"{event_id} ({date})" if date else event_id


# ---------------------------------------------------------------- attack scale


def attack_brief(comparisons: pd.DataFrame) -> Brief:
    """The attack-scale findings: per weapon class, the figure sources give and the
    official tally.

    Parameters
    ----------
    comparisons : DataFrame
        :func:`analystkit.compare_figures` output (with ``tallies=`` for the official
        counts). Not modified.

    Returns
    -------
    Brief
        A lead sentence on the event most sources report, one bullet per
        (measure, weapon), then a line on the other events.

    Examples
    --------
    >>> import analystkit as ak
    >>> docs = load().documents
    >>> cmp = ak.compare_figures(ak.extract_figures(docs), docs, tallies=ak.read_tallies())
    >>> print(attack_brief(cmp).splitlines()[2])  # doctest: +NORMALIZE_WHITESPACE
    - **Drones launched**: 4 sources. Most give 539 (figures given range from 100 to 539);
      sources agree within their hedges. Official tally: 539 launched; the press figure
      matches it.
    """
    rows = comparisons[comparisons["measure"].isin(_ATTACK)]
    event = _main_event(rows)
    if event is None:
        return Brief("No figures of weapons launched, intercepted or striking were found in "
                     "these articles.")
    n_events = rows["event_id"].nunique()
    if int(rows["n_sources"].max()) == 1 and n_events > 1:
        lines = [f"**{n_events} events carry attack figures, each from a single source**, so "
                 "no figure can be checked against another source here:", ""]
        lines += _event_lines(rows, _OTHER_EVENTS_SHOWN * 2)
        return Brief("\n".join(lines))
    main = rows[rows["event_id"] == event].copy()
    main["_k"] = [style.item_sort_key(i) for i in main["item"]]
    main = main.sort_values(["_k", "measure"], kind="stable")
    attacker = next((s for s in main["side"] if s), "")
    n = int(main["n_sources"].max())
    lead = (f"**The {escape(_attacker_word(attacker)) + ' ' if attacker else ''}attack "
            f"reported by most sources** is event {escape(_event_name(main, event))}: "
            f"{_n(n, 'source')} "
            f"{'gives' if n == 1 else 'give'} figures for it.")
    lines = [lead, ""]
    for r in main.itertuples(index=False):
        text = f"- **{escape(_what(r.measure, r.item))}**: {_n(r.n_sources, 'source')}. "
        ranged = np.isfinite(r.low) and np.isfinite(r.high) and r.low != r.high
        parts = _PARTS.search(r.summary) if r.verdict == "parts_of_total" else None
        if r.n_sources == 1 and parts:
            text += f"Its figures are parts of one total: {escape(parts.group(1))}"
        elif r.n_sources == 1:
            text += (f"Its figures run from {_amount(r.low, '')} to {_amount(r.high, '')}"
                     if ranged else f"It gives {_amount(r.best, '')}")
        else:
            text += f"Most give {_amount(r.best, '')}"
            if ranged:
                text += (f" (figures given range from {_amount(r.low, '')} to "
                         f"{_amount(r.high, '')})")
        if not np.isfinite(r.high):
            text += f" (at least {_amount(r.low, '')}, no upper bound given)"
        text += "" if r.n_sources == 1 else f"; {_VERDICT.get(r.verdict, r.verdict)}"
        text += "."
        official = _official_text(r)
        if official:
            text += " " + official
        lines.append(text)
    if main[["official_launched", "official_destroyed"]].isna().all().all():
        lines += ["", "No official tally matched this event (set `TALLIES` to a tally file)."]
    others = rows[rows["event_id"] != event]
    if len(others):
        lines += ["", "**Other events with attack figures**:", ""]
        lines += _event_lines(others, _OTHER_EVENTS_SHOWN)
    return Brief("\n".join(lines))


def _n(k: int, word: str) -> str:
    """'1 source', '3 sources'."""
    return f"{k} {word}{'s' * (k != 1)}"


def _event_lines(rows: pd.DataFrame, limit: int) -> list[str]:
    """One bullet per event: date, attacker, what each measure's best figure is."""
    lines = []
    groups = list(rows.groupby("event_id", sort=False))
    for eid, part in groups[:limit]:
        side = next((s for s in part["side"] if s), "")
        what = "; ".join(f"{escape(_what(r.measure, r.item).lower())} {_amount(r.best, '')}"
                         for r in part.itertuples(index=False))
        who = f", {escape(_attacker_word(side))} attack" if side else ""
        lines.append(f"- {escape(_event_name(part, eid))}{who}: {what} "
                     f"({_n(int(part['n_sources'].max()), 'source')}).")
    if len(groups) > limit:
        lines.append(f"- … and {len(groups) - limit} more (see the table).")
    return lines


def _relabel(summary: str, labels: dict[str, str]) -> str:
    """Replace the source keys that open each part of a comparison summary by labels."""
    for key in sorted(labels, key=len, reverse=True):
        summary = summary.replace(f"{key}: ", f"{labels[key]}: ")
    return summary


def attack_table(comparisons: pd.DataFrame) -> Table:
    """Every attack comparison row, readable: one line per (event, measure, weapon).

    Returns
    -------
    Table
        ``.frame`` columns: ``event``, ``date``, ``attacker``, ``what``, ``sources``
        (int), ``best``, ``lowest``, ``highest`` (str; "" for no bound), ``verdict``,
        ``official``, ``each source says``.

    Examples
    --------
    >>> import analystkit as ak
    >>> docs = load().documents
    >>> t = attack_table(ak.compare_figures(ak.extract_figures(docs), docs))
    >>> t.frame.iloc[0][["event", "what", "best", "verdict"]].tolist()
    ['E1', 'Drones launched', '539', 'agree within hedges']
    >>> t.frame.iloc[0]["each source says"][:49]
    '000_fd…: 539 (per Ukrainian Air Force); thecongre'
    """
    rows = comparisons[comparisons["measure"].isin(_ATTACK)]
    keys = list(dict.fromkeys(k for ks in rows["sources"] for k in ks.split("; ") if k))
    labels = style.source_labels(keys)
    frame = pd.DataFrame({
        "event": rows["event_id"],
        "date": [day_text(d) for d in rows["event_date"]],
        "attacker": [_attacker_word(s) if s else "" for s in rows["side"]],
        "what": [_what(m, i) for m, i in zip(rows["measure"], rows["item"], strict=True)],
        "sources": rows["n_sources"],
        "best": [_amount(v, "") for v in rows["best"]],
        "lowest": [_amount(v, "") for v in rows["low"]],
        "highest": [_amount(v, "") for v in rows["high"]],
        "verdict": ["one source" if n == 1 else _VERDICT_PLAIN.get(v, v)
                    for v, n in zip(rows["verdict"], rows["n_sources"], strict=True)],
        "official": [
            _amount(r.official_launched if r.measure == "launched" else r.official_destroyed,
                    "") if r.measure in ("launched", "intercepted") else ""
            for r in rows.itertuples(index=False)],
        "each source says": [_relabel(t, labels) for t in rows["summary"]],
    })
    return Table(frame.reset_index(drop=True))


# ---------------------------------------------------------------- casualties


def _statements(values: pd.DataFrame, labels: dict[str, str]) -> str:
    parts = []
    for src, part in values.groupby("source", sort=False):
        said = []
        for r in part.sort_values("start").itertuples(index=False):
            text = (f"{escape(_said(r))} "
                    f"({escape(style.credit(r.attributed_to, r.attribution_chain))})")
            if text not in said:
                said.append(text)
        parts.append(f"{escape(labels.get(src, src))}: " + ", ".join(said))
    return "; ".join(parts)


def casualty_brief(comparisons: pd.DataFrame, values: pd.DataFrame, *,
                   events: int = 3) -> Brief:
    """Who says how many were killed and injured, on whose word, and where they differ.

    Parameters
    ----------
    comparisons : DataFrame
        :func:`analystkit.compare_figures` output. Not modified.
    values : DataFrame
        :func:`analystkit.compare.source_values` output (per-source figures).
    events : int
        Events described in detail (those most sources report).

    Returns
    -------
    Brief

    Examples
    --------
    >>> import analystkit as ak
    >>> from analystkit.compare import source_values
    >>> docs = load().documents
    >>> figs = ak.extract_figures(docs)
    >>> text = casualty_brief(ak.compare_figures(figs, docs), source_values(figs, docs))
    >>> print(text.splitlines()[3])  # doctest: +NORMALIZE_WHITESPACE
    - Injured · people: **sources disagree** (they count different places or a wider
      scope). 000\\_fd…: 26 (unattributed); 002\\_6f…: 23 (per Kyiv's mayor); Thanh Nien
      Newspaper: ≥23 (per Ukrainian officials via Reuters).
    """
    rows = comparisons[comparisons["measure"].isin(_CASUALTY)]
    vals = values[values["measure"].isin(_CASUALTY)]
    if rows.empty:
        return Brief("No figures of people killed or injured were found in these articles.")
    labels = _value_labels(vals)
    reach = rows.groupby("event_id", sort=False)["n_sources"].max()
    size = vals.groupby("event_id", sort=False).size().reindex(reach.index, fill_value=0)
    rank = pd.DataFrame({"reach": reach, "size": size})
    order = list(rank.sort_values(["reach", "size"], ascending=False, kind="stable").index)
    lines = []
    if int(reach.max()) == 1 and len(order) > 1:
        lines += [f"**{len(order)} events carry casualty figures, each from a single "
                  f"source**; the {min(events, len(order))} with most figures:", ""]
    for eid in order[:events]:
        part = rows[rows["event_id"] == eid]
        n = int(part["n_sources"].max())
        lines.append(f"**Event {escape(_event_name(part, eid))}**, {n} "
                     f"source{'s' * (n != 1)}:")
        lines.append("")
        for r in part.itertuples(index=False):
            mine = vals[(vals["event_id"] == eid) & (vals["measure"] == r.measure)
                        & (vals["item"] == r.item)]
            verdict = "" if r.n_sources == 1 else _VERDICT.get(r.verdict, r.verdict) + ". "
            lines.append(f"- {escape(r.measure.capitalize())} · "
                         f"{escape(style.plural(r.item).lower())}: "
                         f"{verdict}{_statements(mine, labels)}.")
        lines.append("")
    rest = len(order) - min(events, len(order))
    if rest:
        single = int((reach[order[events:]] == 1).sum())
        which = "all" if single == rest else f"{single} of them"
        lines.append(f"{rest} more event(s) carry casualty figures ({which} from a single "
                     "source); all are in the table below.")
        lines.append("")
    credited = vals[(vals["attributed_to"] != "") | (vals["attribution_chain"] != "")]
    who = Counter(credited["attributed_to"].where(credited["attributed_to"] != "",
                                                  credited["attribution_chain"]))
    text = (f"**On whose word**: {len(credited)} of {len(vals)} casualty figures name who "
            "gave them")
    if who:
        text += "; most cited: " + ", ".join(f"{escape(k)} ({v})" for k, v in who.most_common(4))
    lines.append(text + ".")
    return Brief("\n".join(lines).strip())


def casualty_table(values: pd.DataFrame) -> Table:
    """Every killed / injured figure, by event and source, with the sentence it is in.

    Returns
    -------
    Table
        ``.frame`` columns: ``event``, ``date``, ``source`` (chart label), ``measure``,
        ``victims``, ``says``, ``on whose word``, ``sentence`` (shortened to 200
        characters).

    Examples
    --------
    >>> import analystkit as ak
    >>> from analystkit.compare import source_values
    >>> docs = load().documents
    >>> t = casualty_table(source_values(ak.extract_figures(docs), docs))
    >>> t.frame.iloc[1][["source", "measure", "says", "on whose word"]].tolist()
    ['000_fd…', 'injured', '26', 'unattributed']
    """
    vals = values[values["measure"].isin(_CASUALTY)]
    vals = vals.assign(_e=_event_number(vals["event_id"])).sort_values(
        ["_e", "measure", "item", "doc_id", "start"], kind="stable")
    labels = _value_labels(vals) if len(vals) else {}
    frame = pd.DataFrame({
        "event": vals["event_id"],
        "date": [day_text(d) for d in vals["event_date"]],
        "source": [labels.get(s, s) for s in vals["source"]],
        "measure": vals["measure"],
        "victims": [style.plural(i).lower() for i in vals["item"]],
        "says": [_said(r) for r in vals.itertuples(index=False)],
        "on whose word": [style.credit(a, c) for a, c in
                          zip(vals["attributed_to"], vals["attribution_chain"], strict=True)],
        "sentence": [style.shorten(s, 200) for s in vals["sentence"]],
    }, columns=["event", "date", "source", "measure", "victims", "says", "on whose word",
                "sentence"])
    return Table(frame.reset_index(drop=True))


def timeline(figures: pd.DataFrame, documents: pd.DataFrame, *, min_days: int = 2,
             ) -> Figure | Brief:
    """The figures-over-time chart when the corpus spans at least ``min_days`` dates.

    Returns
    -------
    matplotlib.figure.Figure or Brief
        The chart (:func:`analystkit.plot.figures_over_time`), or a sentence saying why
        there is none.

    Examples
    --------
    >>> print(timeline(pd.DataFrame(), load().documents))
    Articles were published on 1 distinct date(s) (1 of 5 dated), so there is no timeline.
    """
    from analystkit.plot import figures_over_time

    pub = pd.to_datetime(_published(documents), utc=True, errors="coerce").dropna()
    days = pub.dt.normalize().nunique()
    if days < min_days:
        return Brief(f"Articles were published on {days} distinct date(s) ({len(pub)} of "
                     f"{len(documents)} dated), so there is no timeline.")
    return figures_over_time(figures, documents)


def quoted_speakers(documents: pd.DataFrame, *, top: int = 10) -> Table | Brief:
    """Who is quoted most (attributed statements per speaker and source).

    Uses :func:`analystkit.extract_claims` where this installation has it; otherwise,
    or if it fails, says so instead of raising.

    Returns
    -------
    Table or Brief
        ``.frame`` columns: ``speaker``, ``statements`` (int), ``direct quotes`` (int),
        ``sources`` (int), ``quoted by`` (chart labels).

    Examples
    --------
    >>> out = quoted_speakers(load().documents, top=3)
    >>> isinstance(out, (Table, Brief))
    True
    """
    import importlib.util

    if importlib.util.find_spec("analystkit.claims") is None:
        return Brief("Speaker extraction (`analystkit.extract_claims`) is not available in "
                     "this installation.")
    try:
        from analystkit.claims import extract_claims

        claims = extract_claims(documents)
    except Exception as exc:  # a brief must not stop a report
        return Brief(f"Speaker extraction failed ({escape(type(exc).__name__)}); no speaker "
                     "table.")
    if claims.empty:
        return Brief("No attributed statements were found.")
    labels = source_labels(documents)
    pronoun = claims["speaker"].str.lower().isin(_PRONOUNS)
    claims = claims[~pronoun]
    key = claims["speaker_id"].where(claims["speaker_id"] != "", claims["speaker"])
    rows = []
    for _, part in claims.groupby(key, sort=False):
        name = Counter(part["speaker"]).most_common(1)[0][0]
        docs = list(dict.fromkeys(part["doc_id"]))
        rows.append({"speaker": name, "statements": len(part),
                     "direct quotes": int(part["is_direct_quote"].sum()),
                     "sources": len(docs),
                     "quoted by": ", ".join(labels.get(d, d) for d in docs)})
    frame = pd.DataFrame(rows).sort_values(["sources", "statements"], ascending=False,
                                           kind="stable").head(top)
    return Table(frame.reset_index(drop=True))


# ---------------------------------------------------------------- aid and narratives


def aid_brief(values: pd.DataFrame, documents: pd.DataFrame | None = None) -> Brief:
    """The aid amounts and deliveries each source reports, on whose word.

    Parameters
    ----------
    values : DataFrame
        :func:`analystkit.compare.source_values` output. Not modified.
    documents : DataFrame, optional
        The documents table: the count of articles the aid figures are set against.

    Returns
    -------
    Brief

    Examples
    --------
    >>> import analystkit as ak
    >>> from analystkit.compare import source_values
    >>> docs = load().documents
    >>> print(aid_brief(source_values(ak.extract_figures(docs), docs), docs))
    ... # doctest: +NORMALIZE_WHITESPACE
    **1 of 5 articles report aid figures** (4 figures).
    <BLANKLINE>
    - Thanh Nien Newspaper: 30 interceptor missiles (per a source familiar with the matter
      via Reuters), 3 patriot systems (unattributed), EUR 38 billion (per Reuters), USD 43
      billion (per Reuters).
    """
    aid = values[values["measure"].isin(_AID)]
    n_sources = len(documents) if documents is not None else values["doc_id"].nunique()
    if aid.empty:
        return Brief("No aid amounts or deliveries with numbers were found in these articles.")
    labels = _value_labels(aid)
    lines = [f"**{aid['doc_id'].nunique()} of {n_sources} articles report aid figures** "
             f"({_n(len(aid), 'figure')}).", ""]
    for src, part in aid.groupby("source", sort=False):
        part = part.assign(_money=part["measure"] == "aid_money")
        said = []
        for r in part.sort_values(["_money", "start"], kind="stable").itertuples(index=False):
            what = _said(r)
            if r.item not in _CURRENCIES:
                what += " " + (r.item if r.value == 1 else style.plural(r.item).lower())
            who = style.credit(r.attributed_to, r.attribution_chain)
            said.append(f"{escape(what)} ({escape(who)})")
        lines.append(f"- {escape(labels.get(src, src))}: " + ", ".join(said) + ".")
    return Brief("\n".join(lines))


def aid_table(values: pd.DataFrame) -> Table:
    """Every aid figure with its source, attribution and sentence.

    Returns
    -------
    Table
        ``.frame`` columns: ``source``, ``kind`` (money / materiel), ``what``, ``says``,
        ``on whose word``, ``sentence``.

    Examples
    --------
    >>> import analystkit as ak
    >>> from analystkit.compare import source_values
    >>> docs = load().documents
    >>> aid_table(source_values(ak.extract_figures(docs), docs)).frame["what"].tolist()
    ['interceptor missile', 'patriot system', 'EUR', 'USD']
    """
    aid = values[values["measure"].isin(_AID)]
    labels = _value_labels(aid) if len(aid) else {}
    frame = pd.DataFrame({
        "source": [labels.get(s, s) for s in aid["source"]],
        "kind": [m.replace("aid_", "") for m in aid["measure"]],
        "what": aid["item"],
        "says": [_said(r) for r in aid.itertuples(index=False)],
        "on whose word": [style.credit(a, c) for a, c in
                          zip(aid["attributed_to"], aid["attribution_chain"], strict=True)],
        "sentence": [style.shorten(s, 200) for s in aid["sentence"]],
    }, columns=["source", "kind", "what", "says", "on whose word", "sentence"])
    return Table(frame.reset_index(drop=True))


def _labels_for(ids: Iterable[str], taxonomy: Any = None) -> dict[str, str]:
    from analystkit.plot import _narrative_labels

    ids = list(ids)
    return dict(zip(ids, _narrative_labels(ids, taxonomy), strict=True))


def narrative_brief(coverage: pd.DataFrame, *, taxonomy: Any = None) -> Brief:
    """Narratives ranked by how many sources carry them, and what no source carries.

    Parameters
    ----------
    coverage : DataFrame
        :func:`analystkit.narrative_coverage` output (counts). Not modified.
    taxonomy : optional
        For readable labels; default the bundled taxonomy.

    Returns
    -------
    Brief

    Examples
    --------
    >>> import analystkit as ak
    >>> docs = load().documents
    >>> cov = ak.narrative_coverage(ak.tag_narratives(docs), docs)
    >>> print(narrative_brief(cov).splitlines()[2])  # doctest: +NORMALIZE_WHITESPACE
    - **Attack scale and counts**: all 5 sources (17 sentences; most in 000\\_fd…, 5).
    """
    if coverage.empty:
        return Brief("No narratives were found in these articles.")
    labels = _labels_for(coverage.columns, taxonomy)
    row_labels = style.source_labels([str(s) for s in coverage.index])
    n = len(coverage)
    carried = (coverage > 0).sum(axis=0).sort_values(ascending=False, kind="stable")
    lines = [f"**Narratives, by how many of the {n} sources carry them** (evidence sentences "
             "in brackets):", ""]
    for nid, k in carried.items():
        if k == 0:
            continue
        col = coverage[nid]
        top = col.idxmax()
        who = "all" if k == n else f"{k} of"
        lines.append(f"- **{escape(labels[nid])}**: {who} {n} sources "
                     f"({_n(int(col.sum()), 'sentence')}; most in "
                     f"{escape(row_labels[str(top)])}, {int(col.max())}).")
    none = [labels[c] for c, k in carried.items() if k == 0]
    if none:
        lines += ["", "Carried by no source: " + ", ".join(escape(x) for x in none) + "."]
    only = []
    for nid, k in carried.items():
        if k == 1 and n > 2:
            src = coverage.index[coverage[nid] > 0][0]
            only.append(f"{escape(labels[nid])} (only {escape(row_labels[str(src)])})")
    if only:
        lines += ["", "Carried by a single source: " + "; ".join(only) + "."]
    return Brief("\n".join(lines))


def narrative_evidence(tags: pd.DataFrame, documents: pd.DataFrame, *,
                       narratives: Sequence[str] | None = None, per_source: int = 1,
                       taxonomy: Any = None) -> Table:
    """The strongest evidence sentence(s) of each narrative in each source.

    Parameters
    ----------
    tags : DataFrame
        :func:`analystkit.tag_narratives` output. Not modified.
    documents : DataFrame
        The documents table, for source labels.
    narratives : sequence of str, optional
        Narrative ids to keep; default all.
    per_source : int
        Sentences per (narrative, source), highest score first.

    Returns
    -------
    Table
        ``.frame`` columns: ``narrative`` (label), ``source``, ``score`` (float),
        ``evidence`` (shortened to 220 characters), ``cue``.

    Examples
    --------
    >>> import analystkit as ak
    >>> docs = load().documents
    >>> t = narrative_evidence(ak.tag_narratives(docs), docs, narratives=["china_role"])
    >>> t.frame["source"].tolist()
    ['000_fd…', 'Thanh Nien Newspaper', '004_82…']
    """
    labels = source_labels(documents)
    names = _labels_for(tags["narrative"].unique(), taxonomy)
    rows = tags if narratives is None else tags[tags["narrative"].isin(list(narratives))]
    doc_order = {d: i for i, d in enumerate(documents["doc_id"])}
    rows = rows.assign(_src=[labels.get(d, d) for d in rows["doc_id"]],
                       _doc=rows["doc_id"].map(doc_order))
    order = {n: i for i, n in enumerate(dict.fromkeys(tags["narrative"]))}
    rows = rows.assign(_n=rows["narrative"].map(order))
    rows = rows.sort_values(["_n", "_doc", "score", "start"], ascending=[True, True, False, True],
                            kind="stable")
    rows = rows.groupby(["narrative", "_src"], sort=False).head(per_source)
    frame = pd.DataFrame({
        "narrative": [names.get(n, n) for n in rows["narrative"]],
        "source": rows["_src"],
        "score": rows["score"].round(2),
        "evidence": [style.shorten(s, 220) for s in rows["evidence"]],
        "cue": rows["cue"],
    }, columns=["narrative", "source", "score", "evidence", "cue"])
    return Table(frame.reset_index(drop=True))

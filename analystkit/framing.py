"""Framing signals per document: how sourced, how hedged, how quoted, how loaded.

Five numbers an analyst can compare across outlets, each traceable to the text:

- the share of core figures (attack, defence, casualties, aid) that name a source, and
  the share that are hedged (``at least``, ``around``, ranges), from the figures table;
- direct quotes per 1,000 words (from the claims table when given, else quoted spans of
  two or more words in the text);
- superlatives ("largest", "record", "massive") in sentences that credit nobody;
- loaded, propaganda-style wording per 1,000 words (outside quotation marks), with the
  terms found, from a small editable lexicon (``analystkit/data/loaded_language.toml``).
"""

from __future__ import annotations

import math
import re
import tomllib
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from analystkit._inputs import iter_documents
from analystkit._resources import data_path
from analystkit._taxonomy import normalise
from analystkit.schemas import FRAMING
from analystkit.sentences import readable, split_sentences

__all__ = ["Lexicon", "framing_signals", "load_lexicon"]

_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
# Quoted spans on one line: “…”, "…" (ASCII pairs), ‘…’ is left out (apostrophes).
_QUOTE = re.compile(r"“[^”\n]{1,2000}”|\"[^\"\n]{1,2000}\"")


@dataclass(frozen=True)
class Lexicon:
    """Compiled framing lexicon: superlatives, attribution markers, loaded terms."""

    path: str
    superlatives: re.Pattern[str]
    attribution: re.Pattern[str]
    loaded: re.Pattern[str]
    categories: dict[str, list[str]]


def _alternation(terms: list[str], path: str, where: str) -> re.Pattern[str]:
    if not isinstance(terms, list) or not terms or not all(isinstance(t, str) for t in terms):
        raise ValueError(f"bad framing lexicon {path}: {where} must be a non-empty list of "
                         f"pattern strings")
    body = "|".join(f"(?:{t})" for t in terms)
    try:
        return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)
    except re.error as exc:
        raise ValueError(f"bad framing lexicon {path}: {where}: invalid pattern ({exc})") from None


@lru_cache(maxsize=8)
def _load_lexicon(path: str, mtime_ns: int) -> Lexicon:
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"bad framing lexicon {path}: not valid TOML: {exc}") from None
    missing = [k for k in ("superlatives", "attribution", "loaded") if k not in data]
    if missing:
        raise ValueError(f"bad framing lexicon {path}: missing table(s) {missing}")
    loaded = data["loaded"]
    if not isinstance(loaded, dict) or not loaded:
        raise ValueError(f"bad framing lexicon {path}: [loaded] needs at least one category")
    all_loaded = [t for terms in loaded.values() for t in (terms if isinstance(terms, list)
                                                           else [terms])]
    return Lexicon(
        path,
        _alternation(data["superlatives"].get("terms"), path, "[superlatives] terms"),
        _alternation(data["attribution"].get("terms"), path, "[attribution] terms"),
        _alternation(all_loaded, path, "[loaded]"),
        {k: list(v) for k, v in loaded.items()},
    )


def load_lexicon(lexicon: str | Path | None = None) -> Lexicon:
    """Read (and cache) the framing lexicon: the built-in one, or your TOML file.

    Examples
    --------
    >>> from analystkit.framing import load_lexicon
    >>> sorted(load_lexicon().categories)[:2]
    ['aggression', 'certainty']
    """
    path = data_path("loaded_language.toml") if lexicon is None else Path(lexicon)
    if not path.is_file():
        raise FileNotFoundError(f"framing lexicon {str(path)!r} does not exist")
    return _load_lexicon(str(path.resolve()), path.stat().st_mtime_ns)


def _figures_for(documents, figures: pd.DataFrame | None) -> pd.DataFrame | None:
    """The figures table: as given, else extracted when the figures module is available."""
    if figures is not None:
        missing = [c for c in ("doc_id", "is_core", "attributed_to", "qualifier")
                   if c not in figures.columns]
        if missing:
            raise ValueError(f"figures must be the table from extract_figures(); "
                             f"missing column(s) {missing}")
        return figures
    try:
        from analystkit.figures import extract_figures
    except ImportError:
        return None
    try:
        return extract_figures(documents)
    except Exception as exc:  # framing must not fail because figure extraction does
        warnings.warn(f"framing_signals: figures unavailable ({exc}); the shares are NaN",
                      RuntimeWarning, stacklevel=3)
        return None


def _credited_sentences(figures: pd.DataFrame | None) -> dict[str, set[int]]:
    """doc_id -> start offsets of sentences holding a figure with a named source."""
    out: dict[str, set[int]] = {}
    if figures is None or "sentence_start" not in figures.columns:
        return out
    has_source = figures["attributed_to"].fillna("").astype("str").str.strip() != ""
    for doc_id, start in zip(figures.loc[has_source, "doc_id"],
                             figures.loc[has_source, "sentence_start"], strict=True):
        out.setdefault(str(doc_id), set()).add(int(start))
    return out


def _word_count(given: object) -> int | None:
    """A documents table's ``n_words`` when it is a usable count (a whole or real number,
    finite, 0 <= n < 2**63), else None: the words are then counted in the text."""
    if isinstance(given, bool) or not isinstance(given, int | float):
        return None
    if not (math.isfinite(given) and 0 <= given < 2**63):
        return None
    return int(given)


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def framing_signals(
    documents: pd.DataFrame | str | Iterable[str],
    figures: pd.DataFrame | None = None,
    claims: pd.DataFrame | None = None,
    *,
    lexicon: str | Path | None = None,
) -> pd.DataFrame:
    """One row of framing signals per document.

    Parameters
    ----------
    documents : DataFrame, str or list of str
        The documents table (``source`` and ``n_words`` are used when present; an
        ``n_words`` that is missing, negative or not finite is counted from the text), any
        frame with ``doc_id`` and ``text``, a text or a list of texts. Not modified.
    figures : DataFrame, optional
        The figures table from :func:`analystkit.extract_figures`. When None it is
        extracted if the figures module is available; without it (or if extraction fails,
        with a warning) the two shares are NaN.
    claims : DataFrame, optional
        The claims table from :func:`analystkit.extract_claims`; when given, direct quotes
        are its ``is_direct_quote`` rows. Otherwise quotes are counted in the text:
        spans in quotation marks of two or more words (a one-word scare quote is not a
        quote).
    lexicon : path, optional
        Your own framing lexicon (format in ``analystkit/data/loaded_language.toml``).

    Returns
    -------
    pandas.DataFrame
        In document order:

        =========================  =======  ===============================================
        column                     dtype    meaning
        =========================  =======  ===============================================
        doc_id                     str      the document
        source                     str      its outlet (empty when unknown)
        n_words                    int64    words in the text
        n_figures                  int64    core figures extracted
        share_attributed           float64  share of core figures with a named source (NaN
                                            without core figures)
        share_hedged               float64  share of core figures with a qualifier other
                                            than exact (NaN without core figures)
        quotes_per_1000_words      float64  direct quotes per 1,000 words
        unattributed_superlatives  int64    superlatives in sentences crediting nobody
        superlative_terms          str      those superlatives, ``; ``-separated
        loaded_per_1000_words      float64  loaded terms (outside quotes) per 1,000 words
        loaded_terms               str      the loaded terms found, ``; ``-separated
        =========================  =======  ===============================================

    Examples
    --------
    >>> from analystkit.framing import framing_signals
    >>> text = ('Russia launched its largest attack yet. '
    ...         'Kyiv said the relentless strikes were "a brutal act of terror".')
    >>> row = framing_signals(text, figures=None).iloc[0]
    >>> int(row.n_words), int(row.unattributed_superlatives), row.loaded_terms
    (17, 1, 'relentless')
    >>> float(row.quotes_per_1000_words)
    58.82
    """
    lex = load_lexicon(lexicon)
    figs = _figures_for(documents, figures)
    credited = _credited_sentences(figs)
    core_stats: dict[str, tuple[int, int, int]] = {}
    if figs is not None and len(figs):
        core = figs[figs["is_core"].astype("bool")]
        attributed = core["attributed_to"].fillna("").astype("str").str.strip() != ""
        qualifier = core["qualifier"].fillna("").astype("str")
        hedged = (qualifier != "exact") & (qualifier != "")
        grouped = pd.DataFrame({"doc_id": core["doc_id"].astype("str"),
                                "a": attributed, "h": hedged}).groupby("doc_id")
        for doc_id, g in grouped:
            core_stats[str(doc_id)] = (len(g), int(g["a"].sum()), int(g["h"].sum()))
    quote_counts: dict[str, int] | None = None
    if claims is not None:
        if "is_direct_quote" not in claims.columns or "doc_id" not in claims.columns:
            raise ValueError("claims must be the table from extract_claims()")
        direct = claims[claims["is_direct_quote"].astype("bool")]
        quote_counts = direct.groupby(direct["doc_id"].astype("str")).size().to_dict()

    sources: list[str] = []
    given_words: list[object] = []
    if isinstance(documents, pd.DataFrame):
        n = len(documents)
        sources = (documents["source"].tolist() if "source" in documents.columns else [""] * n)
        given_words = (documents["n_words"].tolist() if "n_words" in documents.columns
                       else [None] * n)

    rows = []
    for i, (doc_id, text) in enumerate(iter_documents(documents)):
        text = readable(text)
        norm = normalise(text)
        counted_words = len(_WORD.findall(text))
        given = _word_count(given_words[i]) if i < len(given_words) else None
        n_words = counted_words if given is None else given
        quotes = [m.span() for m in _QUOTE.finditer(text)]
        if quote_counts is None:
            n_quotes = sum(1 for s, e in quotes if len(_WORD.findall(text[s:e])) >= 2)
        else:
            n_quotes = quote_counts.get(doc_id, 0)
        superlatives: list[str] = []
        doc_credited = credited.get(doc_id, set())
        for start, end in split_sentences(text):
            found = [m for m in lex.superlatives.finditer(norm, start, end)
                     if not _inside(quotes, *m.span())]
            if not found or start in doc_credited or lex.attribution.search(norm, start, end):
                continue
            superlatives.extend(text[m.start():m.end()].lower() for m in found)
        loaded = [text[m.start():m.end()].lower() for m in lex.loaded.finditer(norm)
                  if not _inside(quotes, *m.span())]
        n_core, n_attr, n_hedged = core_stats.get(doc_id, (0, 0, 0))
        per_1000 = 1000.0 / n_words if n_words else float("nan")
        source = sources[i] if i < len(sources) and isinstance(sources[i], str) else ""
        rows.append({
            "doc_id": doc_id,
            "source": source,
            "n_words": n_words,
            "n_figures": n_core,
            "share_attributed": n_attr / n_core if n_core else float("nan"),
            "share_hedged": n_hedged / n_core if n_core else float("nan"),
            "quotes_per_1000_words": round(n_quotes * per_1000, 2),
            "unattributed_superlatives": len(superlatives),
            "superlative_terms": "; ".join(dict.fromkeys(superlatives)),
            "loaded_per_1000_words": round(len(loaded) * per_1000, 2),
            "loaded_terms": "; ".join(dict.fromkeys(loaded)),
        })
    return FRAMING.from_records(rows)

"""Narratives: which document carries which narrative, with the sentence that earns it.

A narrative taxonomy is a TOML data file (see ``analystkit/data/narratives.toml`` for the
format) listing, per narrative, the cues that signal it: phrases, terms that must
co-occur in one sentence, and negative cues that veto a sentence. Two taxonomies are
built in:

- ``"default"``: aid and attack narratives of the July 2025 reporting (US pause of Patriot
  deliveries, German procurement, joint production, failed ceasefire diplomacy, China's
  role, pro-Kremlin framing of Ukrainian failure, …);
- ``"semeval-urw"``: the 11 top-level Ukraine-war narratives of SemEval-2025 Task 10.

Matching is sentence by sentence (:func:`analystkit.sentences.split_sentences`), so
every tag carries its evidence sentence and offsets; time is linear in the text.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from analystkit._inputs import iter_documents
from analystkit._taxonomy import BUILTIN, Taxonomy, TaxonomyError, normalise
from analystkit._taxonomy import load as _load
from analystkit.schemas import NARRATIVE_TAGS
from analystkit.sentences import readable, split_sentences

__all__ = [
    "BUILTIN",
    "Taxonomy",
    "TaxonomyError",
    "load_taxonomy",
    "narrative_coverage",
    "tag_narratives",
]

TaxonomyLike = str | Path | Taxonomy | None

_VALUES = ("count", "documents", "strength")


def load_taxonomy(taxonomy: TaxonomyLike = None) -> Taxonomy:
    """Read, check and compile a narrative taxonomy.

    Parameters
    ----------
    taxonomy : None, str, path or Taxonomy
        ``None`` or ``"default"`` for the built-in aid/attack taxonomy, ``"semeval-urw"``
        for the SemEval-2025 Task 10 Ukraine-war narratives, or the path of your own
        TOML file (format documented at the top of ``analystkit/data/narratives.toml``).
        A :class:`Taxonomy` is returned unchanged.

    Returns
    -------
    Taxonomy
        Narratives in file order with compiled cues; ``.ids`` lists the ids,
        ``.to_frame()`` gives one row per narrative (id, label, description, weight,
        n_phrases, n_cooccur, n_negative). Loading is cached per file (and its
        modification time), so cues are compiled once.

    Raises
    ------
    TaxonomyError
        (a ``ValueError``) when the file is not valid TOML or breaks the format; the
        message names the file, the narrative and the problem.
    FileNotFoundError
        When ``taxonomy`` is neither a built-in name nor an existing file.

    Examples
    --------
    >>> from analystkit.narratives import load_taxonomy
    >>> tax = load_taxonomy()
    >>> len(tax), tax.ids[0]
    (12, 'attack_scale_counts')
    >>> len(load_taxonomy("semeval-urw"))
    11
    >>> list(tax.to_frame().columns[:3])
    ['id', 'label', 'description']
    """
    return _load(taxonomy)


def _tag_text(doc_id: str, text: str, taxonomy: Taxonomy, rows: list[dict]) -> None:
    if not text:
        return
    text = readable(text)
    norm = normalise(text)
    narratives = taxonomy.narratives
    for start, end in split_sentences(text):
        for narrative in narratives:
            if any(neg.search(norm, start, end) for neg in narrative.negative):
                continue
            fired: list[str] = []
            miss = 1.0
            for cue in narrative.cues:
                spans = cue.match(norm, start, end)
                if spans is None:
                    continue
                fired.append(" + ".join(f'"{text[s:e]}"' for s, e in spans))
                miss *= 1.0 - min(1.0, cue.weight * narrative.weight)
            if fired:
                rows.append({
                    "doc_id": doc_id,
                    "narrative": narrative.id,
                    "label": narrative.label,
                    "evidence": text[start:end],
                    "start": start,
                    "end": end,
                    "cue": "; ".join(dict.fromkeys(fired)),
                    "score": round(1.0 - miss, 4),
                })


def tag_narratives(
    documents: pd.DataFrame | str | Iterable[str],
    taxonomy: TaxonomyLike = None,
) -> pd.DataFrame:
    """Tag every sentence that carries a narrative of the taxonomy.

    A sentence is tagged with a narrative when one of the narrative's cues fires in it
    (a phrase, or every group of a co-occurrence cue) and none of its negative cues
    does. The input is not modified. A lone surrogate in the text is read as U+FFFD
    (one character for one: offsets unchanged; :func:`analystkit.sentences.readable`).

    Parameters
    ----------
    documents : DataFrame, str or list of str
        The documents table from :func:`analystkit.load_corpus` (or any frame with
        ``doc_id`` and ``text``), a single text, or a list of texts.
    taxonomy : None, str, path or Taxonomy
        See :func:`load_taxonomy`; default: the built-in aid/attack taxonomy.

    Returns
    -------
    pandas.DataFrame
        One row per (document, narrative, evidence sentence), in document and sentence
        order, narratives in taxonomy order within a sentence:

        ==========  =======  =====================================================
        column      dtype    meaning
        ==========  =======  =====================================================
        doc_id      str      the document
        narrative   str      narrative id from the taxonomy
        label       str      the narrative's readable label
        evidence    str      the sentence that earns the tag, ``text[start:end]``
        start       int64    offset of the evidence sentence in the text
        end         int64    end offset of the evidence sentence
        cue         str      what matched: ``"a" + "b"`` per cue, cues ``; ``-separated
        score       float64  strength in (0, 1]: ``1 - prod(1 - weight)`` over the
                             cues that fired
        ==========  =======  =====================================================

        ``frame.attrs["narratives"]`` holds the taxonomy's ids in order (used by
        :func:`narrative_coverage`).

    Examples
    --------
    >>> from analystkit.narratives import tag_narratives
    >>> text = ("Russia launched 539 drones at Kyiv overnight. "
    ...         "The Pentagon paused a shipment of Patriot missiles.")
    >>> tags = tag_narratives(text)
    >>> tags[["narrative", "start", "end"]]
                 narrative  start  end
    0  attack_scale_counts      0   45
    1         us_aid_pause     46   97
    >>> tags.loc[1, "cue"]
    '"Pentagon" + "paused" + "shipment"'
    """
    tax = load_taxonomy(taxonomy)
    rows: list[dict] = []
    for doc_id, text in iter_documents(documents):
        _tag_text(doc_id, text, tax, rows)
    frame = NARRATIVE_TAGS.from_records(rows)
    frame.attrs["narratives"] = tax.ids
    frame.attrs["taxonomy"] = tax.name
    return frame


def _row_keys(tags: pd.DataFrame, documents: pd.DataFrame | None) -> tuple[dict, list[str]]:
    """doc_id -> row label (source or doc_id) and the row labels in document order."""
    doc_to_row: dict[str, str] = {}
    if documents is not None:
        if not isinstance(documents, pd.DataFrame) or "doc_id" not in documents.columns:
            raise ValueError("documents must be the documents table (a DataFrame with doc_id)")
        ids = documents["doc_id"].astype("str").tolist()
        if "source" in documents.columns:
            sources = [s.strip() if isinstance(s, str) else "" for s in documents["source"]]
        else:
            sources = [""] * len(ids)
        for doc_id, source in zip(ids, sources, strict=True):
            doc_to_row.setdefault(doc_id, source or doc_id)
    for doc_id in tags["doc_id"].astype("str"):
        doc_to_row.setdefault(doc_id, doc_id)
    return doc_to_row, list(dict.fromkeys(doc_to_row.values()))


def _column_order(tags: pd.DataFrame, taxonomy: TaxonomyLike) -> list[str]:
    if taxonomy is not None:
        order = load_taxonomy(taxonomy).ids
    elif tags.attrs.get("narratives"):
        order = list(tags.attrs["narratives"])
    else:
        order = load_taxonomy().ids
    extra = [n for n in dict.fromkeys(tags["narrative"].astype("str")) if n not in order]
    return order + extra


def narrative_coverage(
    tags: pd.DataFrame,
    documents: pd.DataFrame | None = None,
    *,
    value: str = "count",
    taxonomy: TaxonomyLike = None,
) -> pd.DataFrame:
    """The sources x narratives matrix behind a coverage heatmap.

    Parameters
    ----------
    tags : DataFrame
        Output of :func:`tag_narratives`. Not modified.
    documents : DataFrame, optional
        The documents table. Rows are its outlets (``source`` where non-empty, else the
        ``doc_id``) in document order, and documents without any tag still count (as
        zeros). Without it, rows are the doc_ids found in ``tags``.
    value : {"count", "documents", "strength"}
        ``"count"``: evidence sentences; ``"documents"``: documents carrying the
        narrative; ``"strength"``: mean over the source's documents of the narrative's
        best sentence score (0 for a document without it), in [0, 1].
    taxonomy : None, str, path or Taxonomy, optional
        Sets the columns. Default: the taxonomy ``tags`` were made with (from
        ``tags.attrs``), else the default taxonomy.

    Returns
    -------
    pandas.DataFrame
        Index ``source`` (one row per source), one column per narrative id in taxonomy
        order (every narrative present, zeros included), then any narrative found in
        ``tags`` but not in the taxonomy. int64 for counts, float64 for strength.
        Each non-zero cell is backed by the ``evidence`` sentences of ``tags``.

    Examples
    --------
    >>> import pandas as pd
    >>> from analystkit.narratives import narrative_coverage, tag_narratives
    >>> docs = pd.DataFrame({
    ...     "doc_id": ["a", "b", "c"],
    ...     "source": ["Reuters", "", "Reuters"],
    ...     "text": ["Russia launched 539 drones at Kyiv.",
    ...              "Putin refused any ceasefire terms.",
    ...              "Kyiv was quiet."]})
    >>> cov = narrative_coverage(tag_narratives(docs), docs)
    >>> cols = ["attack_scale_counts", "ceasefire_diplomacy_fails", "china_role"]
    >>> cov[cols]  # doctest: +NORMALIZE_WHITESPACE
    narrative  attack_scale_counts  ceasefire_diplomacy_fails  china_role
    source
    Reuters                      1                          0           0
    b                            0                          1           0
    >>> narrative_coverage(tag_narratives(docs), docs, value="strength").loc[
    ...     "Reuters", "attack_scale_counts"]
    np.float64(0.45)
    """
    if value not in _VALUES:
        raise ValueError(f"value must be one of {', '.join(map(repr, _VALUES))}, got {value!r}")
    missing = [c for c in ("doc_id", "narrative", "score") if c not in tags.columns]
    if missing:
        raise ValueError(f"tags must come from tag_narratives(); missing column(s) {missing}")
    doc_to_row, rows = _row_keys(tags, documents)
    columns = _column_order(tags, taxonomy)
    t = pd.DataFrame({
        "row": tags["doc_id"].astype("str").map(doc_to_row),
        "doc_id": tags["doc_id"].astype("str"),
        "narrative": tags["narrative"].astype("str"),
        "score": tags["score"].astype("float64"),
    })
    if value == "count":
        cell = t.groupby(["row", "narrative"]).size()
    elif value == "documents":
        cell = t.groupby(["row", "narrative"])["doc_id"].nunique()
    else:
        best = t.groupby(["row", "doc_id", "narrative"])["score"].max().reset_index()
        n_docs = pd.Series(doc_to_row).value_counts()
        cell = best.groupby(["row", "narrative"])["score"].sum()
        cell = cell / n_docs.reindex(cell.index.get_level_values("row")).to_numpy()
    matrix = cell.unstack("narrative") if len(cell) else pd.DataFrame(index=pd.Index([]))
    matrix = matrix.reindex(index=rows, columns=columns).fillna(0)
    matrix = matrix.astype("float64" if value == "strength" else "int64")
    matrix.index = pd.Index(rows, name="source", dtype="str")
    matrix.columns = pd.Index(columns, name="narrative", dtype="str")
    return matrix

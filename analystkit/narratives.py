"""Narratives: which document carries which narrative, with the sentence that earns it.

A narrative taxonomy is a TOML data file (see ``analystkit/data/narratives.toml`` for the
format) listing, per narrative, the cues that signal it: phrases, terms that must
co-occur in one sentence, and negative cues that veto a sentence. Two taxonomies are
built in:

- ``"default"``: aid and attack narratives of the July 2025 reporting (US pause of Patriot
  deliveries, German procurement, joint production, failed ceasefire diplomacy, China's
  role, pro-Kremlin framing of Ukrainian failure, …);
- ``"semeval-urw"``: the 11 top-level Ukraine-war narratives of SemEval-2025 Task 10.

Two ways of tagging, both giving every tag its evidence sentence and offsets:

- **a learned model** (:func:`train_narratives`; a taxonomy's ``model = "file.npz"`` key
  ships one): logistic regression over TF-IDF words and bigrams and, by default, one
  column per cue of the taxonomy (a hybrid of the editable cues and the labelled
  examples), stored as plain arrays, applied in one pass of tokens per document; the
  ``cue`` column lists the terms (and cues) that weighed most, ``score`` is the
  probability and ``threshold`` sets the bar (``threshold="cv"`` at training picks it by
  cross-validation). The ``"semeval-urw"`` taxonomy ships a words-and-bigrams model
  trained on the 178 SemEval English URW articles;
- **cue phrases** (the taxonomy's ``phrases`` / ``cooccur`` / ``negative``); used when
  the taxonomy has no model, or with ``method="cues"``. Every pattern is tried only at
  the words that can begin it (one token pass per document), which tags exactly what
  searching every cue in every sentence would.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from analystkit._inputs import iter_documents
from analystkit._taxonomy import (
    BUILTIN,
    Taxonomy,
    TaxonomyError,
    cue_hits,
    cue_keys,
    normalise,
    scanner,
)
from analystkit._taxonomy import load as _load
from analystkit.schemas import NARRATIVE_TAGS
from analystkit.sentences import readable, split_sentences

if TYPE_CHECKING:
    from analystkit._narrative_model import NarrativeModel

__all__ = [
    "BUILTIN",
    "Taxonomy",
    "TaxonomyError",
    "load_taxonomy",
    "narrative_coverage",
    "tag_narratives",
    "train_narratives",
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
    sentences = split_sentences(text)
    found = scanner(taxonomy).first_matches(norm, sentences)
    if found is None:  # pragma: no cover - a text whose lower case is longer
        _tag_text_slow(doc_id, text, norm, sentences, taxonomy, rows)
        return
    hits: dict[int, list] = {}
    for narrative, negative, cues in scanner(taxonomy).plan:
        fired_in: dict[int, list] = {}
        for c, pids in enumerate(cues):
            sents = found[pids[0]].keys()
            for k in pids[1:]:
                sents = sents & found[k].keys()
            for si in sents:
                fired_in.setdefault(si, []).append((c, [found[k][si] for k in pids]))
        for si, fired in fired_in.items():
            if any(si in found[k] for k in negative):
                continue
            hits.setdefault(si, []).append((narrative, sorted(fired, key=lambda f: f[0])))
    for si in sorted(hits):
        start, end = sentences[si]
        for narrative, fired in hits[si]:
            miss = 1.0
            shown = []
            for c, spans in fired:
                shown.append(" + ".join(f'"{text[s:e]}"' for s, e in spans))
                miss *= 1.0 - min(1.0, narrative.cues[c].weight * narrative.weight)
            rows.append(_tag_row(doc_id, narrative, text, start, end, shown, miss))


def _tag_row(doc_id: str, narrative, text: str, start: int, end: int, cues: list[str],
             miss: float) -> dict:
    """One tags row: the sentence ``text[start:end]`` carries ``narrative`` by ``cues``
    (each cue's words, quoted), scored 1 - the product of the cues' miss chances."""
    return {"doc_id": doc_id, "narrative": narrative.id, "label": narrative.label,
            "evidence": text[start:end], "start": start, "end": end,
            "cue": "; ".join(dict.fromkeys(cues)), "score": round(1.0 - miss, 4)}


def _tag_text_slow(doc_id: str, text: str, norm: str, sentences: list[tuple[int, int]],
                   taxonomy: Taxonomy, rows: list[dict]) -> None:
    """Every cue searched in every sentence (the reference the fast scan must equal)."""
    narratives = taxonomy.narratives
    for start, end in sentences:
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
                rows.append(_tag_row(doc_id, narrative, text, start, end, fired, miss))


def _model_hits(model, taxonomy: Taxonomy, norm: str, sentences: list[tuple[int, int]]):
    """The model's cue columns that fire in a text: column -> sentence -> spans."""
    if not model.cue_keys:
        return None
    found = cue_hits(taxonomy, norm, sentences)
    return {j: found[key] for key, j in model.cue_columns(list(found)).items()}


def _tag_model(doc_id: str, text: str, taxonomy: Taxonomy, model, threshold: float,
               rows: list[dict]) -> None:
    if not text:
        return
    text = readable(text)
    by_id = {n.id: n for n in taxonomy}
    norm = normalise(text)
    sentences = split_sentences(text)
    hits = _model_hits(model, taxonomy, norm, sentences)
    for k, start, end, score, terms in model.tag_text(norm, sentences, threshold, hits):
        nid = model.ids[k]
        narrative = by_id.get(nid)
        rows.append({
            "doc_id": doc_id, "narrative": nid,
            "label": narrative.label if narrative else nid,
            "evidence": text[start:end], "start": start, "end": end,
            "cue": terms, "score": round(score, 4),
        })


def tag_narratives(
    documents: pd.DataFrame | str | Iterable[str],
    taxonomy: TaxonomyLike = None,
    *,
    model: str | Path | NarrativeModel | None = None,
    method: str = "auto",
    threshold: float | None = None,
) -> pd.DataFrame:
    """Tag every sentence that carries a narrative of the taxonomy.

    With a learned model (``model``, or the taxonomy's own ``model`` file), a document
    (or, for a model trained on sentences, a sentence) is tagged when the model's
    probability reaches ``threshold``; the evidence is the sentence that contributes
    most to the score and ``cue`` lists its most weighted terms. Otherwise a sentence is
    tagged with a narrative when one of the narrative's cues fires in it (a phrase, or
    every group of a co-occurrence cue) and none of its negative cues does. The input
    is not modified. A lone surrogate in the text is read as U+FFFD
    (one character for one: offsets unchanged; :func:`analystkit.sentences.readable`).

    Parameters
    ----------
    documents : DataFrame, str or list of str
        The documents table from :func:`analystkit.load_corpus` (or any frame with
        ``doc_id`` and ``text``), a single text, or a list of texts.
    taxonomy : None, str, path or Taxonomy
        See :func:`load_taxonomy`; default: the built-in aid/attack taxonomy.
    model : NarrativeModel or path, optional
        A model from :func:`train_narratives` (or its saved ``.npz``); default: the
        taxonomy's shipped model, if any.
    method : {"auto", "model", "cues"}
        ``"auto"``: the model when there is one, else the cues.
    threshold : float, optional
        Probability a model tag needs (default: the model's own, usually 0.5). Ignored
        by cue tagging.

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
        cue         str      what matched: ``"a" + "b"`` per cue, cues ``; ``-separated;
                             for a model, the top terms with their contribution
                             (``"nuclear" +0.41; ...``)
        score       float64  strength in (0, 1]: ``1 - prod(1 - weight)`` over the
                             cues that fired; for a model, its probability
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
    if method not in ("auto", "model", "cues"):
        raise ValueError(f"method must be 'auto', 'model' or 'cues', got {method!r}")
    tax = load_taxonomy(taxonomy)
    learned = None
    if method != "cues":
        learned = _resolve_model(model, tax)
        if learned is None and method == "model":
            raise ValueError(f"taxonomy {tax.name!r} has no trained model; "
                             "pass model=train_narratives(...)")
    rows: list[dict] = []
    if learned is not None:
        bar = learned.threshold if threshold is None else float(threshold)
        for doc_id, text in iter_documents(documents):
            _tag_model(doc_id, text, tax, learned, bar, rows)
    else:
        for doc_id, text in iter_documents(documents):
            _tag_text(doc_id, text, tax, rows)
    frame = NARRATIVE_TAGS.from_records(rows)
    frame.attrs["narratives"] = tax.ids
    frame.attrs["taxonomy"] = tax.name
    return frame


def _resolve_model(model, taxonomy: Taxonomy):
    from analystkit._narrative_model import NarrativeModel, load_model

    if isinstance(model, NarrativeModel):
        return model
    if model is not None:
        return load_model(model)
    if taxonomy.model:
        return load_model(taxonomy.model)
    return None


def train_narratives(
    labelled: pd.DataFrame,
    taxonomy: TaxonomyLike = None,
    *,
    text: str = "text",
    labels: str = "narrative",
    unit: str | None = None,
    C: float = 4.0,
    threshold: float | str = 0.5,
    min_df: int = 2,
    cues: bool = True,
    cue_weight: float = 0.3,
    unknown: str = "error",
    save: str | Path | None = None,
) -> NarrativeModel:
    """Learn a narrative tagger from labelled articles or sentences.

    One logistic regression per narrative (scikit-learn, balanced classes) over
    sublinear TF-IDF unigrams and bigrams plus, with ``cues``, one column per cue of the
    taxonomy (how many sentences it fires in): a hybrid of the editable cue phrases and
    what the labelled examples teach. Fast to train (seconds), explained exactly by its
    per-term and per-cue weights, and stored as plain arrays. Needs scikit-learn (the
    ``train`` extra); tagging with the result does not.

    Parameters
    ----------
    labelled : DataFrame
        One row per labelled example; not modified. ``text``: the article or sentence;
        ``labels``: the narrative(s) it carries, as a list or a ``;``-separated string of
        ids, labels or ``semeval_label`` values of the taxonomy. Empty, ``"Other"`` or
        ``"none"`` means no narrative (such rows are needed: they teach what is not one).
    taxonomy : None, str, path or Taxonomy
        Sets the narratives and their order (see :func:`load_taxonomy`).
    text, labels : str
        Column names.
    unit : {"document", "sentence"}, optional
        What a row is; default: ``"sentence"`` when the median text is under 400
        characters, else ``"document"``.
    C : float, default 4.0
        Inverse L2 regularisation strength.
    threshold : float or "cv", default 0.5
        The model's default probability threshold. ``"cv"``: the threshold with the best
        sum of samples F1 over all rows (a row without any narrative counts as the label
        "Other") and over the rows that carry a narrative, in a 5-fold cross-validation
        on ``labelled`` itself (grouped by identical text).
    min_df : int, default 2
        A feature must occur in this many rows.
    cues : bool, default True
        Use the taxonomy's cues as features. A cue that never fires in ``labelled``
        gets no weight; editing the taxonomy later drops the columns of changed cues.
    cue_weight : float, default 0.3
        Scale of the cue columns against the L2-normalised tf-idf vector.
    unknown : {"error", "ignore"}
        What to do with a label that is not in the taxonomy (``"ignore"``: drop the
        label, keep the row).
    save : path, optional
        Also write the model there (``.npz``, no pickle).

    Returns
    -------
    NarrativeModel
        Pass it as ``tag_narratives(docs, taxonomy, model=...)``; ``.save(path)`` writes
        it, and a taxonomy file's ``model = "name.npz"`` makes it that taxonomy's default.

    Raises
    ------
    ValueError
        When a label is not in the taxonomy, or a column is missing.

    Examples
    --------
    >>> import pandas as pd
    >>> from analystkit.narratives import tag_narratives, train_narratives
    >>> rows = pd.DataFrame({
    ...     "text": ["The Pentagon paused Patriot deliveries.", "Kyiv was quiet today.",
    ...              "Washington halted the shipment of Patriot missiles.",
    ...              "The weather was warm in Lviv."],
    ...     "narrative": ["us_aid_pause", "", "us_aid_pause", ""]})
    >>> model = train_narratives(rows, min_df=1)  # doctest: +SKIP
    >>> tag_narratives("The Pentagon paused Patriot deliveries.",
    ...                model=model)["narrative"].tolist()  # doctest: +SKIP
    ['us_aid_pause']
    """
    import numpy as np

    from analystkit._narrative_model import fit, parse_label_cell

    for col in (text, labels):
        if col not in labelled.columns:
            raise ValueError(f"labelled needs a {col!r} column")
    tax = load_taxonomy(taxonomy)
    index: dict[str, int] = {}
    for k, n in enumerate(tax):
        for key in (n.id, n.label, n.extra.get("semeval_label", "")):
            if key:
                index[key.casefold()] = k
    raw = [readable(t) if isinstance(t, str) else "" for t in labelled[text]]
    texts = [normalise(t) for t in raw]
    y = np.zeros((len(texts), len(tax)), dtype=np.int64)
    for i, cell in enumerate(labelled[labels].tolist()):
        for lab in parse_label_cell(cell):
            key = lab.casefold()
            if key in ("other", "none", ""):
                continue
            k = index.get(key)
            if k is None:  # a sub-narrative "A: B: C" counts for its narrative "A: B"
                parts = [p.strip() for p in lab.split(":")]
                k = index.get(": ".join(parts[:2]).casefold())
            if k is None and unknown == "ignore":
                continue
            if k is None:
                raise ValueError(f"label {lab!r} (row {i}) is not a narrative of "
                                 f"taxonomy {tax.name!r}")
            y[i, k] = 1
    if unit is None:
        unit = "sentence" if np.median([len(t) for t in texts]) < 400 else "document"
    keys: list[str] = cue_keys(tax) if cues else []
    counts = None
    if keys:
        column = {key: j for j, key in enumerate(keys)}
        counts = np.zeros((len(texts), len(keys)))
        for i, (r, t) in enumerate(zip(raw, texts, strict=True)):
            if t:
                for key, where in cue_hits(tax, t, split_sentences(r)).items():
                    counts[i, column[key]] = len(where)
    options = {"unit": unit, "C": C, "min_df": min_df, "cue_keys": keys,
               "cue_weight": cue_weight}
    chosen = threshold
    if isinstance(threshold, str):
        if threshold != "cv":
            raise ValueError(f"threshold must be a number or 'cv', got {threshold!r}")
        chosen = _cv_threshold(texts, y, counts, tax.ids, options)
    model = fit(texts, y, tax.ids, threshold=float(chosen), cue_counts=counts,
                meta={"taxonomy": tax.name, "n_examples": len(texts),
                      "n_positive": y.sum(axis=0).tolist(),
                      "threshold_from": "cv" if isinstance(threshold, str) else "given"},
                **options)
    if save is not None:
        model.save(save)
    return model


def samples_f1(gold: list[frozenset], pred: list[frozenset]) -> float:
    """SemEval's samples F1: F1 per example, averaged; an empty set is the label "Other"."""
    total = 0.0
    for g, p in zip(gold, pred, strict=True):
        g = g or frozenset({"Other"})
        p = p or frozenset({"Other"})
        tp = len(g & p)
        total += 2 * tp / (len(g) + len(p)) if tp else 0.0
    return total / len(gold) if gold else float("nan")


def _cv_threshold(texts, y, counts, ids, options, folds: int = 5) -> float:
    """The global threshold with the best cross-validated samples F1 (grouped folds)."""
    import numpy as np

    from analystkit._narrative_model import fit

    group: dict[str, int] = {}
    fold = np.array([group.setdefault(t, len(group)) % folds for t in texts])
    probs = np.zeros(y.shape)
    for f in range(folds):
        train, test = np.flatnonzero(fold != f), np.flatnonzero(fold == f)
        if not len(test) or not len(train):
            continue
        model = fit([texts[i] for i in train], y[train], ids, threshold=0.5,
                    cue_counts=None if counts is None else counts[train], **options)
        for i in test:
            probs[i] = model.probabilities_of(texts[i], None if counts is None else counts[i])
    gold = [frozenset(np.flatnonzero(r).tolist()) for r in y]
    bearing = [i for i, g in enumerate(gold) if g]
    best, best_f1 = 0.5, -1.0
    for t in np.round(np.arange(0.1, 0.9001, 0.025), 3):
        pred = [frozenset(np.flatnonzero(p >= t).tolist()) for p in probs]
        # both bars count: samples F1 over all rows and over the rows with a narrative
        f1 = samples_f1(gold, pred)
        if bearing:
            f1 += samples_f1([gold[i] for i in bearing], [pred[i] for i in bearing])
        if f1 > best_f1 + 1e-9:
            best, best_f1 = float(t), f1
    return best


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

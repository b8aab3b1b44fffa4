"""Learned narrative taggers: a linear model over word and bigram features, as plain data.

Why this model
--------------
A one-vs-rest **logistic regression over sublinear TF-IDF unigrams and bigrams** (scikit-
learn, ``class_weight="balanced"``, L2, ``liblinear``):

- it trains in about a second on a few hundred articles, where a transformer needs a
  GPU and thousands of examples the analyst does not have;
- every score is a sum of per-term weights, so a tag is explained exactly: the sentence
  that contributes most is its evidence and the terms with the largest ``tf-idf x
  weight`` in it are shown;
- it is stored as plain arrays (vocabulary, idf, coefficients, intercepts) in a ``.npz``
  read with ``allow_pickle=False``; inference is a dictionary look-up per token and
  bigram in **one pass** over each document, without scikit-learn.

Two units of prediction:

- ``"document"`` (trained from labelled articles, e.g. SemEval): a document carries a
  narrative when its probability reaches the threshold; the evidence is the sentence
  with the largest share of the narrative's score;
- ``"sentence"`` (trained from labelled sentences): every sentence is scored on its own.

Everything here is private; public entry points are :func:`analystkit.train_narratives`
and :func:`analystkit.tag_narratives`.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)?")
_STOP = frozenset([
    "a", "an", "the", "of", "to", "in", "on", "at", "for", "and", "or", "but", "is", "are",
    "was", "were", "be", "been", "being", "it", "its", "this", "that", "these", "those",
    "with", "as", "by", "from", "has", "have", "had", "he", "she", "they", "we", "you", "i",
    "his", "her", "their", "our", "s",
])
FORMAT = "analystkit-narrative-model/2"
_READS = ("analystkit-narrative-model/1", FORMAT)


def tokens(text: str) -> list[tuple[str, int]]:
    """Lower-cased word tokens of ``text`` with their start offsets (one regex pass)."""
    low = text.lower()
    if len(low) != len(text):  # rare: a character whose lower case is longer
        return [(m.group().lower(), m.start()) for m in _TOKEN.finditer(text)]
    return [(m.group(), m.start()) for m in _TOKEN.finditer(low)]


def features(words: Sequence[str]) -> list[str]:
    """Unigrams (stop words dropped) and bigrams (stop words kept) of a token list."""
    out = [w for w in words if w not in _STOP and not w.isdigit()]
    out.extend(f"{a} {b}" for a, b in itertools.pairwise(words))
    return out


def analyse(text: str) -> list[str]:
    """The feature strings of a text (the analyser used in training)."""
    return features([w for w, _ in tokens(text)])


@dataclass
class NarrativeModel:
    """A trained narrative tagger (plain arrays; see the module docstring).

    Attributes
    ----------
    ids : list of str
        Narrative ids, in taxonomy order.
    vocabulary : dict
        Feature string -> column.
    idf : numpy.ndarray
        Inverse document frequency per column.
    coef : numpy.ndarray
        ``(n_features, n_narratives)`` weights.
    intercept : numpy.ndarray
        ``(n_narratives,)`` biases.
    unit : {"document", "sentence"}
        What one labelled example was.
    threshold : float
        Default probability threshold for a tag.
    meta : dict
        Taxonomy name, training size, date-free provenance notes.
    cue_keys : list of str
        The taxonomy cues used as features (``"narrative id|cue source"``), one column each:
        ``cue_weight * log(1 + n)``, n the number of sentences where the cue fires.
    cue_coef : numpy.ndarray or None
        ``(n_cues, n_narratives)`` weights of the cue columns.
    cue_weight : float
        Scale of the cue columns (relative to the L2-normalised tf-idf vector).
    """

    ids: list[str]
    vocabulary: dict[str, int]
    idf: np.ndarray
    coef: np.ndarray
    intercept: np.ndarray
    unit: str = "document"
    threshold: float = 0.5
    meta: dict[str, Any] = field(default_factory=dict)
    cue_keys: list[str] = field(default_factory=list)
    cue_coef: np.ndarray | None = None
    cue_weight: float = 0.3

    # ------------------------------------------------------------------ storage

    def save(self, path: str | Path) -> Path:
        """Write the model as a compressed ``.npz`` of plain arrays (no pickle)."""
        path = Path(path)
        order = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        meta = {**self.meta, "format": FORMAT, "ids": self.ids, "unit": self.unit,
                "threshold": self.threshold, "cue_weight": self.cue_weight}
        arrays = {
            "vocabulary": np.array(order, dtype=str),
            "idf": self.idf.astype("float32"),
            "coef": self.coef.astype("float32"),
            "intercept": self.intercept.astype("float64"),
            "meta": np.array(json.dumps(meta)),
        }
        if self.cue_keys:
            arrays["cue_keys"] = np.array(self.cue_keys, dtype=str)
            arrays["cue_coef"] = np.asarray(self.cue_coef).astype("float32")
        with open(path, "wb") as fh:
            np.savez_compressed(fh, **arrays)  # type: ignore[arg-type]
        return path

    @classmethod
    def load(cls, path: str | Path) -> NarrativeModel:
        """Read a model written by :meth:`save` (``allow_pickle=False``)."""
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
            if meta.get("format") not in _READS:
                raise ValueError(f"{path}: not an analystkit narrative model "
                                 f"({meta.get('format')})")
            vocab = {str(w): i for i, w in enumerate(data["vocabulary"].tolist())}
            has_cues = "cue_keys" in data.files
            return cls(
                ids=list(meta.pop("ids")), vocabulary=vocab,
                idf=data["idf"].astype("float64"), coef=data["coef"].astype("float64"),
                intercept=data["intercept"].astype("float64"),
                unit=meta.pop("unit"), threshold=float(meta.pop("threshold")),
                cue_weight=float(meta.pop("cue_weight", 0.3)), meta=meta,
                cue_keys=[str(k) for k in data["cue_keys"].tolist()] if has_cues else [],
                cue_coef=data["cue_coef"].astype("float64") if has_cues else None,
            )

    # ---------------------------------------------------------------- inference

    def _vector(self, feats: Iterable[str]) -> tuple[np.ndarray, np.ndarray]:
        """Column ids and L2-normalised sublinear tf-idf values of a feature list."""
        vocab = self.vocabulary
        cols = [c for c in map(vocab.get, feats) if c is not None]
        if not cols:
            return np.empty(0, dtype=np.int64), np.empty(0)
        uniq, counts = np.unique(np.asarray(cols, dtype=np.int64), return_counts=True)
        vals = (1.0 + np.log(counts)) * self.idf[uniq]
        vals /= math.sqrt(float(vals @ vals))
        return uniq, vals

    def probabilities(self, feats: Iterable[str]) -> np.ndarray:
        """P(narrative) per narrative for one unit's features."""
        cols, vals = self._vector(feats)
        z = self.intercept + vals @ self.coef[cols]
        return 1.0 / (1.0 + np.exp(-z))

    def probabilities_of(self, text: str, cue_counts: np.ndarray | None = None) -> np.ndarray:
        """P(narrative) per narrative for a whole (normalised) text, with its cue counts
        (per cue column: sentences where the cue fires)."""
        cols, vals = self._vector(analyse(text))
        z = self.intercept + vals @ self.coef[cols]
        if self.cue_keys and cue_counts is not None:
            z = z + self.cue_values(np.asarray(cue_counts, dtype=np.float64)) @ self.cue_coef
        return 1.0 / (1.0 + np.exp(-z))

    def top_terms(self, cols: np.ndarray, vals: np.ndarray, k: int, n: int = 4,
                  extra: Sequence[tuple[str, float]] = ()) -> str:
        """The ``n`` features that weigh most for narrative ``k`` (``extra``: cue parts)."""
        inv = self._inverse()
        contrib = vals * self.coef[cols, k] if len(cols) else np.empty(0)
        items = [(f'"{inv[cols[i]]}"', float(contrib[i])) for i in range(len(contrib))]
        items.extend((name, float(c)) for name, c in extra)
        items.sort(key=lambda it: -it[1])
        return "; ".join(f"{name} {c:+.2f}" for name, c in items[:n] if c > 0)

    def _inverse(self) -> list[str]:
        inv = self.__dict__.get("_inv")
        if inv is None:
            inv = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
            self.__dict__["_inv"] = inv
        return inv

    def cue_columns(self, keys: Sequence[str]) -> dict[str, int]:
        """Feature key -> cue column, for the keys this model knows."""
        index = self.__dict__.get("_cue_index")
        if index is None:
            index = {k: j for j, k in enumerate(self.cue_keys)}
            self.__dict__["_cue_index"] = index
        return {k: index[k] for k in keys if k in index}

    def cue_values(self, counts: np.ndarray) -> np.ndarray:
        """The cue columns' values for per-cue sentence counts."""
        return self.cue_weight * np.log1p(counts)

    def tag_text(
        self,
        text: str,
        sentences: list[tuple[int, int]],
        threshold: float | np.ndarray,
        hits: dict[int, dict[int, list[tuple[int, int]]]] | None = None,
    ) -> list[tuple[int, int, int, float, str]]:
        """``(narrative index, start, end, score, top terms)`` per tag of one text.

        ``hits``: cue column -> sentence index -> spans where the cue fires (from
        :func:`analystkit._taxonomy.cue_hits`); ignored by a model without cue columns."""
        toks = tokens(text)
        if not toks or not sentences:
            return []
        use_cues = bool(self.cue_keys) and bool(hits)
        found: dict[int, dict[int, list[tuple[int, int]]]] = hits or {}
        cue_coef: np.ndarray = (self.cue_coef if self.cue_coef is not None
                                else np.zeros((0, len(self.ids))))
        # the sentence of each token (tokens and sentences are both in text order)
        starts = np.fromiter((s for s, _ in sentences), dtype=np.int64, count=len(sentences))
        pos = np.fromiter((p for _, p in toks), dtype=np.int64, count=len(toks))
        sent_of = np.searchsorted(starts, pos, side="right") - 1
        words = [w for w, _ in toks]
        out: list[tuple[int, int, int, float, str]] = []
        bounds = np.searchsorted(sent_of, np.arange(len(sentences) + 1), side="left")
        if self.unit == "sentence":
            by_sentence: dict[int, list[int]] = {}
            if use_cues:
                for j, where in found.items():
                    for si in where:
                        by_sentence.setdefault(si, []).append(j)
            one = float(self.cue_values(np.ones(1))[0])
            for si, (s, e) in enumerate(sentences):
                lo, hi = bounds[si], bounds[si + 1]
                cols, vals = self._vector(features(words[lo:hi]))
                cue_cols = by_sentence.get(si, [])
                if not len(cols) and not cue_cols:
                    continue
                z = self.intercept + vals @ self.coef[cols]
                if cue_cols:
                    z = z + one * cue_coef[cue_cols].sum(axis=0)
                prob = 1.0 / (1.0 + np.exp(-z))
                for k in np.flatnonzero(prob >= threshold):
                    cue_part = [(self._cue_label(j, text, found[j][si]), one * cue_coef[j, k])
                                for j in cue_cols]
                    out.append((int(k), s, e, float(prob[k]),
                                self.top_terms(cols, vals, int(k), extra=cue_part)))
            return out
        # document unit: one vector for the whole text, evidence = best-contributing sentence
        vocab = self.vocabulary
        feat_cols: list[int] = []
        feat_sent: list[int] = []
        get = vocab.get
        for w, nxt, si in zip(words, [*words[1:], None], sent_of.tolist(), strict=True):
            c = get(w)
            if c is not None and w not in _STOP:
                feat_cols.append(c)
                feat_sent.append(si)
            if nxt is not None:
                c = get(w + " " + nxt)
                if c is not None:
                    feat_cols.append(c)
                    feat_sent.append(si)
        if not feat_cols and not use_cues:
            return []
        fc = np.asarray(feat_cols, dtype=np.int64)
        fs = np.asarray(feat_sent, dtype=np.int64)
        uniq, inverse, counts = np.unique(fc, return_inverse=True, return_counts=True)
        vals = (1.0 + np.log(counts)) * self.idf[uniq]
        if len(vals):
            vals /= math.sqrt(float(vals @ vals))
        z = self.intercept + vals @ self.coef[uniq]
        doc_cues: list[int] = []
        cue_vals = np.empty(0)
        if use_cues:
            doc_cues = sorted(found)
            n_sent = np.array([len(found[j]) for j in doc_cues], dtype=np.float64)
            cue_vals = self.cue_values(n_sent)
            z = z + cue_vals @ cue_coef[doc_cues]
        prob = 1.0 / (1.0 + np.exp(-z))
        # each occurrence carries 1/count of its feature's contribution
        share = (vals / counts)[inverse] if len(vals) else np.empty(0)
        for k in np.flatnonzero(prob >= threshold):
            occ = share * self.coef[fc, k]
            per_sent = np.bincount(fs, weights=occ, minlength=len(sentences))
            for j, v in zip(doc_cues, cue_vals, strict=True):
                part = v * cue_coef[j, k] / len(found[j])
                for si in found[j]:
                    per_sent[si] += part
            si = int(np.argmax(per_sent))
            mask = fs == si
            cols_s, inv_s = np.unique(fc[mask], return_inverse=True)
            vals_s = np.bincount(inv_s, weights=share[mask], minlength=len(cols_s))
            cue_part = [(self._cue_label(j, text, found[j][si]),
                         v * cue_coef[j, k] / len(found[j]))
                        for j, v in zip(doc_cues, cue_vals, strict=True) if si in found[j]]
            s, e = sentences[si]
            out.append((int(k), s, e, float(prob[k]),
                        self.top_terms(cols_s, vals_s, int(k), extra=cue_part)))
        return out

    def _cue_label(self, j: int, text: str, spans: list[tuple[int, int]]) -> str:
        return "cue " + " + ".join(f'"{text[s:e]}"' for s, e in spans)


@lru_cache(maxsize=16)
def _load_cached(path: str, mtime_ns: int) -> NarrativeModel:
    return NarrativeModel.load(path)


def load_model(path: str | Path) -> NarrativeModel:
    """Load a model file once per (path, modification time)."""
    p = Path(path).resolve()
    return _load_cached(str(p), p.stat().st_mtime_ns)


def parse_label_cell(value: Any) -> list[str]:
    """Labels of one cell: a list, or a string separated by ``;`` (or a Python-style list)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return []
    if isinstance(value, list | tuple | set | np.ndarray):
        return [str(v).strip() for v in value if str(v).strip()]
    text = str(value).strip()
    if text.startswith("[") and text.endswith("]"):
        import ast

        return [str(v).strip() for v in ast.literal_eval(text) if str(v).strip()]
    return [v.strip() for v in text.split(";") if v.strip()]


def fit(
    texts: Sequence[str],
    targets: np.ndarray,
    ids: list[str],
    *,
    unit: str,
    C: float = 4.0,
    min_df: int = 2,
    max_features: int = 40000,
    threshold: float = 0.5,
    meta: dict[str, Any] | None = None,
    cue_counts: np.ndarray | None = None,
    cue_keys: Sequence[str] = (),
    cue_weight: float = 0.3,
) -> NarrativeModel:
    """Fit one logistic regression per narrative (needs scikit-learn).

    ``cue_counts`` (``(n_texts, n_cues)``, sentences where each cue of ``cue_keys``
    fires) adds one column per cue, ``cue_weight * log(1 + count)``, beside the tf-idf
    vector; a cue that fires in no training text gets no weight."""
    try:
        from scipy.sparse import csr_matrix, hstack
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            "training a narrative model needs scikit-learn: pip install 'analystkit[train]'"
        ) from exc
    vec = TfidfVectorizer(analyzer=analyse, sublinear_tf=True, min_df=min_df,
                          max_features=max_features, norm="l2", smooth_idf=True)
    x = vec.fit_transform(texts)
    n_words = x.shape[1]
    keys = list(cue_keys)
    if keys:
        if cue_counts is None or cue_counts.shape != (len(texts), len(keys)):
            raise ValueError("cue_counts must be (n_texts, n_cues)")
        x = hstack([x, csr_matrix(cue_weight * np.log1p(cue_counts))]).tocsr()
    coef = np.zeros((x.shape[1], len(ids)))
    intercept = np.full(len(ids), -20.0)  # a narrative never seen in training never fires
    for k in range(len(ids)):
        y = targets[:, k]
        if y.min() == y.max():
            if y.max() == 1:
                intercept[k] = 20.0
            continue
        clf = LogisticRegression(C=C, class_weight="balanced", solver="liblinear",
                                 max_iter=1000, random_state=0)
        clf.fit(x, y)
        coef[:, k] = clf.coef_[0]
        intercept[k] = clf.intercept_[0]
    # every feature is kept: dropping one would change the L2 norm of the vectors
    vocabulary = {w: i for i, w in enumerate(vec.get_feature_names_out().tolist())}
    return NarrativeModel(ids=list(ids), vocabulary=vocabulary, idf=vec.idf_,
                          coef=coef[:n_words], intercept=intercept, unit=unit,
                          threshold=threshold, meta=dict(meta or {}),
                          cue_keys=keys, cue_coef=coef[n_words:] if keys else None,
                          cue_weight=cue_weight)

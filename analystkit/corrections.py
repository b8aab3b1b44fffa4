"""Corrections that survive reruns: an analyst's fixes to figures and claims rows.

A correction says that one row of the figures or claims table is not a figure (not a
claim), or that one of its fields should read otherwise (``value``, ``measure``,
``item``, ``attributed_to``, ``speaker``, …). It is stored as one line of a plain CSV
file, keyed by what identifies the row across runs: the document's ``content_hash``,
the row's ``start`` and ``end`` offsets and the text of that span. A rerun of
:func:`analystkit.extract_figures` or :func:`analystkit.extract_claims` with
``corrections=FILE`` applies every correction whose key still matches, and marks the
rows it changed (``corrected``, ``correction``). A correction whose span text is no
longer found where it was (the article was edited) is *stale*: it is reported, with a
:class:`CorrectionWarning` and in :func:`apply_corrections`'s report, never applied.

The corrections file (:data:`CORRECTIONS`)::

    column          meaning
    table           figures or claims
    doc_id          the document when the correction was made (to report a changed text)
    content_hash    the document's content_hash: the key
    start, end      the row's span in the document's text: the key
    span            text[start:end] when the correction was made: the key
    field           the field corrected, or not_a_figure / not_a_claim
    value           the new value ("" for not_a_figure / not_a_claim)
    was             the value the extractor gave (for the record)
    note            the analyst's note
    recorded_at     when (UTC, ISO 8601)

Examples
--------
>>> import tempfile, warnings, analystkit as ak
>>> from analystkit import corrections
>>> docs = ak.load_corpus(ak.seeds_path())
>>> figures = ak.extract_figures(docs, core_only=True)
>>> path = tempfile.mkdtemp() + "/corrections.csv"
>>> row = figures.iloc[0]
>>> row["mention"], float(row["value"])
('539 drones', 539.0)
>>> corrections.record(row, field="value", value=540, path=path, documents=docs, note="typo")
>>> result = corrections.apply_corrections(figures, docs, path)
>>> fixed = result.table.loc[0]
>>> float(fixed["value"]), bool(fixed["corrected"]), fixed["correction"]
(540.0, True, 'value: 539 → 540 (typo)')
>>> result.report[["field", "status"]].values.tolist()
[['value', 'applied']]
"""

from __future__ import annotations

import csv
import os
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Union

import pandas as pd

from analystkit._schema import Schema
from analystkit.schemas import CLAIMS, FIGURES

__all__ = [
    "CORRECTED_CLAIMS",
    "CORRECTED_FIGURES",
    "CORRECTIONS",
    "CORRECTION_REPORT",
    "CorrectionResult",
    "CorrectionWarning",
    "apply_corrections",
    "read_corrections",
    "record",
    "stale_corrections",
]

Corrections = Union[str, "os.PathLike[str]", pd.DataFrame]

CORRECTIONS = Schema(
    "corrections",
    {
        "table": "str",
        "doc_id": "str",
        "content_hash": "str",
        "start": "int64",
        "end": "int64",
        "span": "str",
        "field": "str",
        "value": "str",
        "was": "str",
        "note": "str",
        "recorded_at": "str",
    },
    {
        "table": "figures or claims",
        "doc_id": "the document when the correction was made",
        "content_hash": "the document's content_hash (key)",
        "start": "offset of the row's span in text (key)",
        "end": "end offset of the row's span (key)",
        "span": "text[start:end] when the correction was made (key)",
        "field": "the field corrected, or not_a_figure / not_a_claim",
        "value": "the new value, as text ('' to reject the row)",
        "was": "the value the extractor gave",
        "note": "the analyst's note",
        "recorded_at": "when the correction was recorded (UTC, ISO 8601)",
    },
)

_MARK = {"corrected": "bool", "correction": "str"}
_MARK_DOC = {
    "corrected": "True where a correction changed the row",
    "correction": "what was changed ('value: 539 → 540 (note)'); empty otherwise",
}
CORRECTED_FIGURES = Schema("figures", {**FIGURES.columns, **_MARK}, {**FIGURES.doc, **_MARK_DOC})
"""The figures table with ``corrected`` and ``correction`` (``extract_figures(corrections=)``)."""
CORRECTED_CLAIMS = Schema("claims", {**CLAIMS.columns, **_MARK}, {**CLAIMS.doc, **_MARK_DOC})
"""The claims table with ``corrected`` and ``correction`` (``extract_claims(corrections=)``)."""

CORRECTION_REPORT = Schema(
    "correction report",
    {**CORRECTIONS.columns, "status": "str", "reason": "str"},
    {**CORRECTIONS.doc,
     "status": "applied, stale (the span text no longer matches: not applied), no_row "
               "(the span matches but no row of the table has it) or not_in_corpus",
     "reason": "why a correction was not applied; empty when applied"},
)

_SCHEMAS = {"figures": FIGURES, "claims": CLAIMS}
_CORRECTED = {"figures": CORRECTED_FIGURES, "claims": CORRECTED_CLAIMS}
_REJECT = {"figures": "not_a_figure", "claims": "not_a_claim"}
_KEYS = ("doc_id", "start", "end")
# fields that identify the row or are derived from other fields: not corrected directly
_FIXED = frozenset({"doc_id", "start", "end", "mention", "sentence", "sentence_id",
                    "sentence_start", "category", "is_core"})


class CorrectionWarning(UserWarning):
    """A correction that could not be applied: its span no longer matches the text."""


@dataclass(frozen=True, repr=False)
class CorrectionResult:
    """The corrected table and what became of each correction.

    Attributes
    ----------
    table : pandas.DataFrame
        The table with the corrections applied and two more columns: ``corrected``
        (bool) and ``correction`` (what changed). Rows marked ``not_a_figure`` /
        ``not_a_claim`` are removed.
    report : pandas.DataFrame
        One row per correction (:data:`CORRECTION_REPORT`): the correction, its
        ``status`` and the ``reason`` it was not applied.
    """

    table: pd.DataFrame
    report: pd.DataFrame

    @property
    def stale(self) -> pd.DataFrame:
        """The corrections not applied because the text changed (status ``stale``)."""
        return self.report[self.report["status"] == "stale"].reset_index(drop=True)

    def __repr__(self) -> str:
        counts = self.report["status"].value_counts().to_dict()
        return f"CorrectionResult(table={len(self.table)} rows, report={counts})"


def read_corrections(corrections: Corrections) -> pd.DataFrame:
    """Read a corrections file (or check a corrections DataFrame).

    Parameters
    ----------
    corrections : str, path or DataFrame
        A CSV written by :func:`record`, or a frame with its columns. A file that does
        not exist yet holds no corrections.

    Returns
    -------
    pandas.DataFrame
        The corrections, with the columns of :data:`CORRECTIONS`.

    Raises
    ------
    ValueError
        One line naming the file: not a corrections file (missing columns), or a row
        whose start / end is not a number.

    Examples
    --------
    >>> read_corrections("no-such-file.csv").columns.tolist()[:4]
    ['table', 'doc_id', 'content_hash', 'start']
    """
    if isinstance(corrections, pd.DataFrame):
        frame, name = corrections, "corrections"
    else:
        path = Path(corrections)
        name = str(path)
        if not path.exists():
            return CORRECTIONS.empty()
        try:
            frame = pd.read_csv(path, dtype="str", keep_default_na=False, encoding="utf-8-sig")
        except (pd.errors.ParserError, UnicodeDecodeError) as exc:
            reason = " ".join(str(exc).split())
            raise ValueError(f"{name}: not a readable corrections file: {reason}") from None
        except pd.errors.EmptyDataError:
            return CORRECTIONS.empty()
    required = ("table", "content_hash", "start", "end", "span", "field", "value")
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise ValueError(f"{name}: not a corrections file; missing column(s) "
                         f"{', '.join(map(repr, missing))}")
    frame = frame.copy()
    for col in ("start", "end"):
        numbers = pd.to_numeric(frame[col], errors="coerce")
        bad = numbers.isna()
        if bad.any():
            line = int(bad.to_numpy().nonzero()[0][0]) + 2
            raise ValueError(f"{name} (line {line}): {col} must be a whole number")
        frame[col] = numbers.astype("int64")
    return CORRECTIONS.conform(frame)


def record(
    row: pd.Series | Mapping[str, Any],
    *,
    field: str,
    value: object = None,
    path: str | os.PathLike[str],
    documents: pd.DataFrame,
    table: str | None = None,
    note: str = "",
) -> None:
    """Append one correction of a figures or claims row to the corrections CSV.

    Parameters
    ----------
    row : Series or mapping
        The row as the table gives it (``doc_id``, ``start``, ``end`` and the field).
    field : str
        The column to correct (``value``, ``low``, ``high``, ``qualifier``, ``measure``,
        ``item``, ``attributed_to``, ``side``, ``place`` …; for claims ``speaker``,
        ``speaker_id``, ``speaker_type``, ``verb``, ``content``, ``is_direct_quote`` …),
        or ``not_a_figure`` / ``not_a_claim`` to remove the row.
    value : object, optional
        The right value (ignored for ``not_a_figure`` / ``not_a_claim``).
    path : str or path
        The corrections CSV; created with its header if missing, appended to otherwise.
    documents : DataFrame
        The documents table the row comes from (for the content hash and span text).
    table : {"figures", "claims"}, optional
        Which table the row belongs to; by default ``figures`` if the row has a
        ``mention``, else ``claims``.
    note : str, optional
        Why (shown in the ``correction`` column and kept in the file).

    Raises
    ------
    ValueError
        An unknown field, a value that does not fit the column (``value="many"``), or
        a row whose document is not in ``documents`` or whose span is not its text.

    Notes
    -----
    A later correction of the same row and field replaces an earlier one when applied;
    the file keeps both (it is a log).

    Examples
    --------
    See the module docstring.
    """
    kind = table or ("figures" if "mention" in row else "claims")
    if kind not in _SCHEMAS:
        raise ValueError(f"table must be 'figures' or 'claims', not {kind!r}")
    schema = _SCHEMAS[kind]
    if field == _REJECT[kind] or field == "wrong":
        field, text, was = _REJECT[kind], "", ""
    else:
        _check_field(kind, field)
        text = _as_text(value)
        _convert(text, schema.columns[field], field)  # fails now, not at the next run
        was = _as_text(row[field]) if field in row else ""
    doc_id, start, end = str(row["doc_id"]), int(row["start"]), int(row["end"])
    doc_text, digest = _document(documents, doc_id)
    if not 0 <= start <= end <= len(doc_text):
        raise ValueError(f"row {doc_id} [{start}:{end}] is outside its document's text")
    entry = {
        "table": kind, "doc_id": doc_id, "content_hash": digest, "start": start, "end": end,
        "span": doc_text[start:end], "field": field, "value": text, "was": was,
        "note": note, "recorded_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    target = Path(path)
    new = not target.exists() or target.stat().st_size == 0
    if not new:
        header = target.read_text(encoding="utf-8-sig").split("\n", 1)[0].strip()
        if header.split(",") != CORRECTIONS.names:
            raise ValueError(f"{target}: not a corrections file (its header is {header!r})")
    with target.open("a", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=CORRECTIONS.names)
        if new:
            writer.writeheader()
        writer.writerow(entry)


def apply_corrections(
    table: pd.DataFrame,
    documents: pd.DataFrame | str | Any,
    corrections: Corrections,
    *,
    kind: str | None = None,
    warn: bool = True,
) -> CorrectionResult:
    """Apply the corrections that still match to a figures or claims table.

    Parameters
    ----------
    table : DataFrame
        The figures or claims table (not modified).
    documents : DataFrame, str or list of str
        The documents the table was extracted from (as passed to the extractor).
    corrections : str, path or DataFrame
        The corrections CSV (see :func:`record`) or its frame.
    kind : {"figures", "claims"}, optional
        Which table ``table`` is; by default figures if it has a ``mention`` column.
    warn : bool, default True
        Issue one :class:`CorrectionWarning` listing the stale corrections, if any.

    Returns
    -------
    CorrectionResult
        ``table``: the corrected table, with the columns of :data:`CORRECTED_FIGURES`
        or :data:`CORRECTED_CLAIMS` (the table's own plus ``corrected`` and
        ``correction``); ``report``: every correction of this table kind with its
        ``status`` (applied, stale, no_row, not_in_corpus) and ``reason``.

    Notes
    -----
    A correction applies to the row of the document whose ``content_hash`` it names,
    at its ``start`` and ``end``, when the text there is still its ``span``. When no
    document has that hash but one has its ``doc_id``, the article was edited: the
    correction is stale. A ``measure`` correction of a figure also sets its
    ``category`` and ``is_core``.

    Examples
    --------
    See the module docstring.
    """
    kind = kind or ("figures" if "mention" in table.columns else "claims")
    schema = _CORRECTED[kind]
    fixes = read_corrections(corrections)
    fixes = fixes[fixes["table"] == kind].reset_index(drop=True)
    out = table.reset_index(drop=True)  # a new frame: the caller's table is not modified
    out["corrected"] = False
    out["correction"] = ""
    by_hash, by_id = _document_index(documents)
    statuses: list[tuple[str, str]] = []
    changes: dict[int, list[str]] = {}
    reject: set[int] = set()
    # the last correction of a row and field wins: apply in file order
    rows: dict[tuple, list[int]] = {}
    for i, key in enumerate(zip(*(out[k].tolist() for k in _KEYS), strict=True)):
        rows.setdefault(key, []).append(i)
    for fix in fixes.itertuples(index=False):
        status, reason, doc_id = _locate(fix, by_hash, by_id)
        if status != "applied":
            statuses.append((status, reason))
            continue
        found = rows.get((doc_id, fix.start, fix.end))
        if not found:
            statuses.append(("no_row", f"no {kind[:-1]} row at [{fix.start}:{fix.end}] "
                                       "any more (the extractor no longer gives it)"))
            continue
        statuses.append(("applied", ""))
        if fix.field == _REJECT[kind]:
            reject.update(found)
            for i in found:
                changes.setdefault(i, []).append(_describe(fix.field, "", "", fix.note))
            continue
        column = fix.field
        _check_field(kind, column)
        if len(found) > 1 and fix.was:  # two claims of one span: the one that said `was`
            found = [i for i in found if _as_text(out.at[i, column]) == fix.was] or found
        new = _convert(fix.value, schema.columns[column], column)
        for i in found:
            old = out.at[i, column]
            out.at[i, column] = new
            if kind == "figures" and column == "measure":
                from analystkit.figures import CATEGORY

                out.at[i, "category"] = CATEGORY.get(str(new), "other")
                out.at[i, "is_core"] = str(new) != "other"
            changes.setdefault(i, []).append(
                _describe(column, _as_text(old), _as_text(new), fix.note))
    for i, what in changes.items():
        out.at[i, "corrected"] = True
        out.at[i, "correction"] = "; ".join(dict.fromkeys(what))
    if reject:
        out = out.drop(index=sorted(reject))
    report = CORRECTION_REPORT.conform(fixes.assign(
        status=[s for s, _ in statuses], reason=[r for _, r in statuses]))
    if warn and (report["status"] == "stale").any():
        warnings.warn(CorrectionWarning(_stale_text(report)), stacklevel=3)
    return CorrectionResult(schema.conform(out), report)


def stale_corrections(documents: pd.DataFrame | str | Any,
                      corrections: Corrections) -> pd.DataFrame:
    """The corrections whose span no longer matches the documents (never applied).

    Returns the rows of the correction report (:data:`CORRECTION_REPORT`) with status
    ``stale``, for both tables.

    Examples
    --------
    >>> import analystkit as ak
    >>> len(stale_corrections(ak.load_corpus(ak.seeds_path()), "no-such-file.csv"))
    0
    """
    fixes = read_corrections(corrections)
    by_hash, by_id = _document_index(documents)
    located = [_locate(fix, by_hash, by_id) for fix in fixes.itertuples(index=False)]
    report = CORRECTION_REPORT.conform(fixes.assign(
        status=[s for s, _, _ in located], reason=[r for _, r, _ in located]))
    return report[report["status"] == "stale"].reset_index(drop=True)


# --- helpers ------------------------------------------------------------------------------


def _locate(fix: Any, by_hash: dict[str, tuple[str, str]],
            by_id: dict[str, str]) -> tuple[str, str, str]:
    """(status, reason, doc_id of the document it applies to) of one correction."""
    found = by_hash.get(fix.content_hash)
    if found is None:
        if fix.doc_id and fix.doc_id in by_id:
            return ("stale", f"the text of {fix.doc_id} changed since the correction "
                             "(its content hash differs)", "")
        return "not_in_corpus", "no document with its content hash is loaded", ""
    doc_id, text = found
    now = text[fix.start:fix.end]
    if now != fix.span:
        return ("stale", f"the text at [{fix.start}:{fix.end}] of {doc_id} is now "
                         f"{_short(now)!r}, not {_short(fix.span)!r}", "")
    return "applied", "", doc_id


def _document_index(documents: Any) -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    """content hash -> (doc_id, text), and doc_id -> content hash."""
    from analystkit._inputs import iter_documents
    from analystkit.loading import _content_hash

    hashes = None
    if isinstance(documents, pd.DataFrame) and "content_hash" in documents.columns:
        hashes = documents["content_hash"].tolist()
    by_hash: dict[str, tuple[str, str]] = {}
    by_id: dict[str, str] = {}
    for n, (doc_id, text) in enumerate(iter_documents(documents)):
        digest = hashes[n] if hashes is not None and isinstance(hashes[n], str) and hashes[n] \
            else _content_hash(text)
        by_hash.setdefault(digest, (doc_id, text))
        by_id[doc_id] = digest
    return by_hash, by_id


def _document(documents: pd.DataFrame, doc_id: str) -> tuple[str, str]:
    by_hash, by_id = _document_index(documents)
    if doc_id not in by_id:
        raise ValueError(f"document {doc_id!r} is not in the documents given")
    digest = by_id[doc_id]
    return by_hash[digest][1], digest


def _check_field(kind: str, field: str) -> None:
    schema = _SCHEMAS[kind]
    if field not in schema.columns or field in _FIXED:
        allowed = [c for c in schema.columns if c not in _FIXED]
        raise ValueError(f"cannot correct {field!r} of a {kind[:-1]}; correct one of "
                         f"{', '.join(allowed)}, or give {_REJECT[kind]}")


def _as_text(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _convert(text: str, dtype: str, field: str) -> object:
    """``text`` as a value of ``dtype`` ('' is missing)."""
    if dtype == "str":
        return text
    if dtype == "bool":
        low = text.strip().lower()
        if low in ("true", "1", "yes"):
            return True
        if low in ("false", "0", "no", ""):
            return False
        raise ValueError(f"{field} must be true or false, not {text!r}")
    if text.strip() == "":
        return pd.NA if dtype == "Int64" else float("nan")
    try:
        number = float(text.replace(",", ""))
    except ValueError:
        raise ValueError(f"{field} must be a number, not {text!r}") from None
    return int(number) if dtype in ("int64", "Int64") else number


def _describe(field: str, old: str, new: str, note: str) -> str:
    what = field.replace("_", " ") if field.startswith("not_a_") else f"{field}: {old} → {new}"
    return f"{what} ({note})" if note else what


def _short(text: str, width: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _stale_text(report: pd.DataFrame) -> str:
    stale = report[report["status"] == "stale"]
    lines = [f"{len(stale)} correction(s) not applied: the text changed since they were made"]
    for fix in stale.itertuples(index=False):
        lines.append(f"  {fix.table} {fix.doc_id} [{fix.start}:{fix.end}] {fix.field}: "
                     f"{fix.reason}")
    return "\n".join(lines)

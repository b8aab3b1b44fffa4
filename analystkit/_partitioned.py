"""The corpus pipeline cut into partitions: the steps both engines run.

A corpus is planned into partitions (contiguous groups of files, in load order). Each
partition is loaded on its own (read, decode, remove boilerplate, infer metadata); the
driver then assigns the final doc ids and drops duplicates over the whole corpus, from
a few small columns; each partition is finished into its documents and the tables are
extracted from it. Every step but the id pass works on one partition, so the in-process
engine runs them in a loop and the Dask engine runs them as tasks, and both give the
tables :func:`analystkit.load_corpus` and the extractors give, row for row.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pandas as pd

from analystkit._schema import Schema
from analystkit.boilerplate import BoilerplateRule
from analystkit.schemas import CLAIMS, DOCUMENTS, FIGURES, FRAMING, NARRATIVE_TAGS, SKIPPED

#: tables the pipeline can produce, in dependency order
TABLES = ("documents", "figures", "claims", "narratives", "framing")
SCHEMAS = {
    "documents": DOCUMENTS,
    "figures": FIGURES,
    "claims": CLAIMS,
    "narratives": NARRATIVE_TAGS,
    "framing": FRAMING,
}
#: the documents columns left out with ``text=False``
TEXT_COLUMNS = ("text", "raw_text")
#: default partition size: bytes of input files per partition
PARTITION_BYTES = 8 * 2**20

# one loaded partition, before ids and dedupe: documents columns plus what the id pass needs
_RECORD_COLUMNS = {
    "kind": "str",  # "doc" or "skip"
    "base_id": "str",
    "location": "str",
    "reason": "str",
    **{c: t for c, t in DOCUMENTS.columns.items() if c != "doc_id"},
}
RECORDS = Schema("loaded partition", _RECORD_COLUMNS)


@dataclass(frozen=True)
class Part:
    """One partition: files to read (each with ``None`` or why it is skipped), or the
    already-read items of a row block of one large multi-article file."""

    number: int
    files: tuple[tuple[str, str | None, str], ...] = ()  # path, why skipped, id prefix
    nbytes: int = 0
    items: tuple[Any, ...] | None = None


@dataclass(frozen=True)
class _BigFile:
    path: str
    nbytes: int
    id_prefix: str = ""


#: formats holding many articles per file: a large one is cut into row blocks
SPLITTABLE = (".csv", ".tsv", ".jsonl", ".ndjson", ".json", ".parquet")


@dataclass(frozen=True)
class Plan:
    """The partitions of a corpus, before any file is read.

    Small files are grouped into partitions of about ``limit`` bytes; a multi-article
    file larger than that (CSV, TSV, JSON Lines, JSON, Parquet) is read here, in this
    process, item by item, and cut into row blocks of about ``limit`` bytes of text, so
    its rows are numbered exactly as :func:`analystkit.load_corpus` numbers them while
    the cleaning and extraction of each block run wherever the engine runs them.
    """

    units: tuple[Part | _BigFile, ...]
    limit: int
    max_file_bytes: int | None = None
    outlets: Any = None  # the loader's analystkit._outlets.Outlets (None: the defaults)

    def estimate(self) -> int:
        """How many partitions there will be (row blocks are estimated from file size)."""
        return sum(1 if isinstance(u, Part) else -(-u.nbytes // self.limit) for u in self.units)

    def __iter__(self) -> Iterator[Part]:
        number = 0
        for unit in self.units:
            if isinstance(unit, Part):
                yield replace(unit, number=number)
                number += 1
                continue
            for items, nbytes in _row_blocks(unit, self.limit, self.max_file_bytes):
                yield Part(number, ((unit.path, None, unit.id_prefix),), nbytes, items)
                number += 1


def plan(source: Any, partition_bytes: int | None = None,
         max_file_bytes: int | None = None, outlets: Any = None) -> Plan:
    """Cut the files of ``source`` into partitions of about ``partition_bytes`` bytes.

    ``max_file_bytes`` is the loader's limit for files read whole (as for
    :func:`analystkit.load_corpus`; it applies when the row blocks are read);
    ``outlets`` its outlet rules (:func:`analystkit._outlets.outlet_rules`), kept in the
    plan for :func:`load_part`.
    """
    from analystkit.loading import _expand_inputs

    limit = PARTITION_BYTES if partition_bytes is None else int(partition_bytes)
    if limit <= 0:
        raise ValueError(f"partition_bytes must be positive, not {partition_bytes!r}")
    units: list[Part | _BigFile] = []
    group: list[tuple[str, str | None, str]] = []
    size = 0

    def close() -> None:
        nonlocal group, size
        if group:
            units.append(Part(-1, tuple(group), size))
            group, size = [], 0

    for path, why, prefix in _expand_inputs(source):
        nbytes = _size(path) if why is None else 0
        if nbytes > limit and path.suffix.lower() in SPLITTABLE:
            close()
            units.append(_BigFile(os.fspath(path), nbytes, prefix))
            continue
        if group and size + nbytes > limit:
            close()
        group.append((os.fspath(path), why, prefix))
        size += nbytes
    close()
    return Plan(tuple(units), limit, max_file_bytes, outlets)


def _row_blocks(unit: _BigFile, limit: int, max_file_bytes: int | None
                ) -> Iterator[tuple[tuple[Any, ...], int]]:
    """Read one large multi-article file and yield its items in blocks of ~limit chars."""
    from analystkit._readers import Skip
    from analystkit.loading import _Loader

    block: list[Any] = []
    size = 0
    loader = _Loader(strict=False, max_file_bytes=max_file_bytes)
    for item in loader.read_files([(Path(unit.path), None, unit.id_prefix)]):
        block.append(item)
        size += 200 if isinstance(item, Skip) else len(item.raw_text) + 200
        if size >= limit:
            yield tuple(block), size
            block, size = [], 0
    if block:
        yield tuple(block), size


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def record_meta() -> pd.DataFrame:
    """The empty loaded-partition frame (the Dask ``meta``)."""
    return RECORDS.empty()


def load_part(part: Part, rules: tuple[BoilerplateRule, ...],
              max_file_bytes: int | None = None, outlets: Any = None) -> pd.DataFrame:
    """Read and clean one partition's files: one row per article or skipped input."""
    from analystkit._metadata import parse_dates
    from analystkit.loading import _content_hash, _document_fields, _Loader

    loader = _Loader(strict=False, max_file_bytes=max_file_bytes, outlets=outlets)
    if part.items is not None:
        items: Iterable[Any] = part.items
    else:
        items = loader.read_files([(Path(p), why, prefix) for p, why, prefix in part.files])
    cleaned = loader.clean(items, rules)
    rows: list[dict[str, object]] = [
        {"kind": "skip", "path": s["path"], "location": s["location"], "reason": s["reason"],
         "n_words": 0}
        for s in loader.skipped
    ]
    published = parse_dates([c.article.published for c in cleaned])
    for c, when in zip(cleaned, published, strict=True):
        rows.append({"kind": "doc", "base_id": c.article.base_id,
                     "location": c.article.location,
                     **_document_fields(c, when, _content_hash(c.text))})
    return RECORDS.from_records(rows)


@dataclass(frozen=True)
class IdPass:
    """The result of the id pass: per partition, the final ids of its kept documents."""

    ids: dict[int, list[str]]
    keep: dict[int, list[bool]]
    skipped: pd.DataFrame


def assign_ids(records: Mapping[int, pd.DataFrame], *, dedupe: bool, strict: bool) -> IdPass:
    """Give every loaded article its final doc id and drop duplicates, corpus-wide.

    ``records`` maps partition number to the partition's id columns (kind, base_id,
    path, location, reason, content_hash), in partition order. The rules are those of
    :func:`analystkit.load_corpus`: ids qualified where two files clash, the first
    article with a given text kept and later ones listed as duplicates of it.
    """
    from analystkit._readers import Article
    from analystkit.loading import _earlier_copies, _unique_ids

    order = sorted(records)
    skipped: list[dict[str, str]] = []
    articles: list[Article] = []
    hashes: list[str] = []
    where: list[tuple[int, str]] = []
    for n in order:
        frame = records[n]
        kinds = frame["kind"].tolist()
        paths, locs = frame["path"].tolist(), frame["location"].tolist()
        reasons, bases = frame["reason"].tolist(), frame["base_id"].tolist()
        digests = frame["content_hash"].tolist()
        for kind, path, loc, reason, base, digest in zip(
            kinds, paths, locs, reasons, bases, digests, strict=True
        ):
            if kind == "skip":
                _skip(skipped, path, loc, reason, strict)
            else:
                articles.append(Article(path=path, base_id=base, location=loc, raw_text=""))
                hashes.append(digest)
                where.append((n, loc))
    ids = _unique_ids(articles)
    copy_of = _earlier_copies(ids, hashes) if dedupe else [None] * len(ids)
    final: dict[int, list[str]] = {n: [] for n in order}
    keep: dict[int, list[bool]] = {n: [] for n in order}
    for art, doc_id, first, (n, loc) in zip(articles, ids, copy_of, where, strict=True):
        keep[n].append(first is None)
        if first is None:
            final[n].append(doc_id)
        else:
            _skip(skipped, art.path, loc, f"duplicate of doc {first}", strict)
    return IdPass(final, keep, SKIPPED.from_records(skipped))


def _skip(skipped: list[dict[str, str]], path: str, loc: str, reason: str, strict: bool) -> None:
    if strict:
        where = f" ({loc})" if loc else ""
        raise ValueError(f"{path or 'input'}{where}: {reason}")
    skipped.append({"path": path, "location": loc, "reason": reason})


def id_columns(records: pd.DataFrame) -> pd.DataFrame:
    """The small columns of a loaded partition the id pass needs."""
    return records[["kind", "base_id", "path", "location", "reason", "content_hash"]]


def finish_part(records: pd.DataFrame, ids: list[str], keep: list[bool]) -> pd.DataFrame:
    """The documents table of one partition, with its final ids, duplicates dropped."""
    docs = records[records["kind"] == "doc"]
    docs = docs[pd.Series(keep, index=docs.index, dtype=bool)] if len(docs) else docs
    frame = docs.drop(columns=["kind", "base_id", "location", "reason"])
    frame.insert(0, "doc_id", pd.Series(ids, index=frame.index, dtype="str"))
    return DOCUMENTS.conform(frame.reset_index(drop=True))


@dataclass(frozen=True)
class Options:
    """Options of the extractors, passed to every partition."""

    core_only: bool = False
    lexicon: str | None = None
    actors: Any = None
    taxonomy: Any = None
    narrative_method: str = "auto"
    narrative_threshold: float | None = None
    framing_lexicon: str | None = None
    text: bool = True  # keep text and raw_text in the documents table returned
    outlets: Any = None  # the loader's outlet rules (analystkit._outlets.Outlets)


def needed(tables: Iterable[str]) -> tuple[str, ...]:
    """The requested tables plus what they depend on, in pipeline order."""
    want = set(tables)
    unknown = want - set(TABLES)
    if unknown:
        raise ValueError(
            f"unknown table(s) {sorted(unknown)}; choose from {', '.join(TABLES)}"
        )
    if "framing" in want:
        want.add("figures")
    return tuple(t for t in TABLES if t in want)


def extract_part(documents: pd.DataFrame, tables: Iterable[str], options: Options
                 ) -> dict[str, pd.DataFrame]:
    """Run the extractors on one partition's documents; returns the requested tables."""
    want = needed(tables)
    out: dict[str, pd.DataFrame] = {}
    if "documents" in want:
        out["documents"] = documents
    if "figures" in want:
        from analystkit.figures import extract_figures

        out["figures"] = extract_figures(documents, core_only=options.core_only,
                                         lexicon=options.lexicon)
    if "claims" in want:
        from analystkit.claims import extract_claims

        out["claims"] = extract_claims(documents, actors=options.actors)
    if "narratives" in want:
        from analystkit.narratives import tag_narratives

        out["narratives"] = tag_narratives(documents, options.taxonomy,
                                           method=options.narrative_method,
                                           threshold=options.narrative_threshold)
    if "framing" in want:
        from analystkit.framing import framing_signals

        # quotes are counted in the text, as framing_signals(documents) does
        out["framing"] = framing_signals(documents, out["figures"],
                                         lexicon=options.framing_lexicon)
    if "documents" in out and not options.text:
        out["documents"] = documents.drop(columns=list(TEXT_COLUMNS))
    return {t: out[t] for t in tables}


def concat(frames: list[pd.DataFrame], table: str, *, text: bool = True) -> pd.DataFrame:
    """Stack partition tables in order, with a fresh index and the table's dtypes."""
    empty = SCHEMAS[table].empty()
    if table == "documents" and not text:
        empty = empty.drop(columns=list(TEXT_COLUMNS))
    frames = [f for f in frames if len(f)]
    if not frames:
        return empty
    out = pd.concat(frames, ignore_index=True)
    if out.dtypes.to_dict() != empty.dtypes.to_dict():
        out = out[list(empty.columns)].astype(empty.dtypes.to_dict())
    return out

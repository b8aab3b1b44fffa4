"""The tables a report's pages share, computed once per ``analystkit report`` run.

:func:`build_report <analystkit.report.build_report>` loads the corpus and extracts the
figures and narrative tags once (:func:`compute_tables`), writes them as Parquet into
its private temporary folder (:func:`save_tables`) and gives each notebook that folder
as its ``TABLES`` parameter. A notebook calls :func:`report_tables`: with a folder it
reads the tables (the same frames, dtypes included), without one it computes them, so a
notebook run on its own in Jupyter still works.

Examples
--------
>>> import tempfile
>>> tables = compute_tables()                  # the bundled seeds
>>> folder = save_tables(tables, tempfile.mkdtemp())
>>> again = report_tables(cache=folder)
>>> again.figures.equals(tables.figures), len(again.documents)
(True, 5)
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["ReportTables", "compute_tables", "read_tables", "report_tables", "save_tables"]


@dataclass(frozen=True)
class ReportTables:
    """The shared tables: a :class:`analystkit.LoadResult` plus figures and tags.

    Attributes
    ----------
    documents, skipped, removed : DataFrame
        As :func:`analystkit.load_corpus_with_report` returns them.
    figures : DataFrame
        :func:`analystkit.extract_figures` of the documents.
    tags : DataFrame
        :func:`analystkit.tag_narratives` of the documents with the report's taxonomy.
    """

    documents: pd.DataFrame
    skipped: pd.DataFrame
    removed: pd.DataFrame
    figures: pd.DataFrame
    tags: pd.DataFrame


_NAMES = tuple(f.name for f in fields(ReportTables))


def compute_tables(corpus: str | Path | Sequence[str | Path] | None = None, *,
                   taxonomy: Any = None, outlet: str | None = None,
                   corrections: Any = None) -> ReportTables:
    """Load the corpus and extract what the pages need, once.

    Parameters
    ----------
    corpus : path, list of paths or None
        Files, folders or globs; ``None`` (or an empty list) means the bundled seeds.
    taxonomy : path or str, optional
        The narrative taxonomy (see :func:`analystkit.tag_narratives`).
    outlet : str, optional
        The outlet of articles that name none (see :func:`analystkit.load_corpus`).
    corrections : path or DataFrame, optional
        An analyst's corrections to the figures (see :mod:`analystkit.corrections`),
        re-applied to the figures table; a stale one is reported, never applied.

    Returns
    -------
    ReportTables
    """
    import analystkit as ak

    if corpus is None or (isinstance(corpus, (list, tuple)) and not corpus):
        corpus = ak.seeds_path()
    if isinstance(corpus, (list, tuple)):
        corpus = [os.fspath(c) for c in corpus]
    options = {"outlet": outlet} if outlet else {}
    loaded = ak.load_corpus_with_report(corpus, **options)
    docs = loaded.documents
    return ReportTables(documents=docs, skipped=loaded.skipped, removed=loaded.removed,
                        figures=(ak.extract_figures(docs) if corrections is None else
                                 ak.extract_figures(docs, corrections=corrections)),
                        tags=ak.tag_narratives(docs, taxonomy=taxonomy))


def save_tables(tables: ReportTables, folder: str | Path) -> Path:
    """Write each table as ``folder/NAME.parquet``; returns the folder."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    for name in _NAMES:
        getattr(tables, name).to_parquet(out / f"{name}.parquet", index=True)
    return out


def read_tables(folder: str | Path) -> ReportTables:
    """Read the tables :func:`save_tables` wrote.

    Raises
    ------
    FileNotFoundError
        Naming the folder and the missing table.
    """
    import pandas as pd

    folder = Path(folder)
    frames = {}
    for name in _NAMES:
        path = folder / f"{name}.parquet"
        if not path.is_file():
            raise FileNotFoundError(f"{folder}: no {name} table ({path.name}) in this "
                                    "folder of report tables")
        frames[name] = pd.read_parquet(path)
    return ReportTables(**frames)


def report_tables(corpus: str | Path | Sequence[str | Path] | None = None, *,
                  cache: str | Path | None = None, taxonomy: Any = None,
                  outlet: str | None = None) -> ReportTables:
    """The tables of a report page: read from ``cache`` if given, else computed.

    Parameters
    ----------
    corpus, taxonomy, outlet
        As for :func:`compute_tables` (unused when ``cache`` is given: the report
        computed the tables with its own).
    cache : path, optional
        A folder written by :func:`save_tables` (``analystkit report`` passes one).

    Returns
    -------
    ReportTables
    """
    if cache is not None:
        return read_tables(cache)
    return compute_tables(corpus, taxonomy=taxonomy, outlet=outlet)

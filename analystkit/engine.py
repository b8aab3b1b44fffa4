"""Run the corpus pipeline (load, figures, claims, narratives, framing) at scale.

Two engines give the same tables, row for row and dtype for dtype:

- ``engine="pandas"`` (default): one process, partition after partition.
- ``engine="dask"``: the partitions are Dask tasks, on a ``LocalCluster`` of
  ``workers`` processes (default) or on your own :class:`distributed.Client` or
  scheduler address. Install it with ``pip install "analystkit[scale]"``. A worker
  reads a partition's files itself (only their paths are sent), keeps the loaded
  partition in its memory (:mod:`analystkit._kept`) and extracts from it there, so the
  texts never travel; only the id columns and the tables asked for (or, with
  :func:`write_corpus`, row counts) come back. :func:`dask_tables` keeps the loaded
  partitions as Dask data instead.

A partition is a run of consecutive input files of about ``partition_bytes`` bytes;
partitions are loaded and extracted independently, and only a few small columns
(ids, paths, content hashes) come back to the caller to assign doc ids and drop
duplicates across the whole corpus, exactly as :func:`analystkit.load_corpus` does.

Examples
--------
>>> import analystkit
>>> from analystkit.engine import process_corpus
>>> out = process_corpus(analystkit.seeds_path(), ["documents", "figures"])
>>> sorted(out), len(out["documents"]), len(out["figures"]) > 20
(['documents', 'figures', 'skipped'], 5, True)
"""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analystkit._outlets import outlet_rules
from analystkit._partitioned import (
    SCHEMAS,
    TABLES,
    IdPass,
    Options,
    Plan,
    assign_ids,
    concat,
    extract_part,
    finish_part,
    id_columns,
    load_part,
    plan,
    record_meta,
)
from analystkit.loading import MAX_FILE_BYTES

if TYPE_CHECKING:
    import pandas as pd

    from analystkit.boilerplate import BoilerplateRule

__all__ = ["ENGINES", "TABLES", "dask_tables", "process_corpus", "write_corpus"]

#: the engines :func:`process_corpus` knows
ENGINES = ("pandas", "dask")
#: a progress bar is shown (progress=None) when the corpus has more partitions than this
PROGRESS_MIN_PARTS = 4

#: Dask settings of the LocalCluster the engine starts (not of a cluster you give it)
LOCAL_CLUSTER_CONFIG = {"distributed.worker.profile.enabled": False}

_INSTALL_HINT = (
    "engine='dask' needs Dask and distributed, which are not installed; "
    'install them with: pip install "analystkit[scale]"'
)


def process_corpus(
    source: Any,
    tables: Sequence[str] = ("documents", "figures"),
    *,
    engine: str = "pandas",
    workers: int | None = None,
    client: Any = None,
    partition_bytes: int | None = None,
    progress: bool | None = None,
    strict: bool = False,
    dedupe: bool = True,
    rules: Iterable[BoilerplateRule] | None = None,
    max_file_bytes: int | None = MAX_FILE_BYTES,
    core_only: bool = False,
    lexicon: str | None = None,
    actors: Any = None,
    taxonomy: Any = None,
    text: bool = True,
    outlet: str | None = None,
    outlet_map: Any = None,
) -> dict[str, pd.DataFrame]:
    """Load a corpus and extract tables from it, in one process or on a Dask cluster.

    Parameters
    ----------
    source : str, path or list of those
        Folders, files or glob patterns, as for :func:`analystkit.load_corpus`.
    tables : sequence of str, default ("documents", "figures")
        Which tables to return, from ``documents``, ``figures``, ``claims``,
        ``narratives`` and ``framing`` (framing uses the figures, computed for it
        when not asked for).
    engine : {"pandas", "dask"}, default "pandas"
        ``"pandas"`` runs in this process; ``"dask"`` runs the partitions as Dask tasks.
    workers : int, optional
        Dask only: worker processes of the ``LocalCluster`` started for the run (one
        thread each; default: the number of CPU cores). Ignored with ``client``.
    client : distributed.Client or str, optional
        Dask only: a running client, or a scheduler address (``"tcp://host:8786"``), to
        use instead of starting a local cluster. The client is not closed.
    partition_bytes : int, optional
        Input bytes per partition (default 8 MiB). More, smaller partitions balance
        work better across workers; fewer cost less overhead.
    progress : bool, optional
        Show a progress bar on stderr (a widget in a notebook). Default: only when the
        corpus has more than :data:`PROGRESS_MIN_PARTS` partitions.
    strict, dedupe, rules, max_file_bytes
        As for :func:`analystkit.load_corpus`.
    core_only, lexicon
        As for :func:`analystkit.extract_figures`.
    actors
        As for :func:`analystkit.extract_claims`.
    taxonomy
        As for :func:`analystkit.tag_narratives`.
    outlet, outlet_map
        As for :func:`analystkit.load_corpus`.
    text : bool, default True
        False leaves ``text`` and ``raw_text`` out of the documents table returned (the
        extractors still read them where the partitions are): enough for
        :func:`analystkit.compare_figures` and the charts, at a fraction of the memory,
        and with Dask, of the data sent back from the workers.

    Returns
    -------
    dict of str to pandas.DataFrame
        The requested tables (each exactly as its own function documents it, e.g. the
        figures table of :func:`analystkit.extract_figures`), plus the load report::

            key           table
            ``documents``   :func:`analystkit.load_corpus`
            ``figures``     :func:`analystkit.extract_figures`
            ``claims``      :func:`analystkit.extract_claims`
            ``narratives``  :func:`analystkit.tag_narratives`
            ``framing``     :func:`analystkit.framing_signals`
            ``skipped``     path, location, reason of every input not loaded

        Row order is the order of :func:`analystkit.load_corpus` (files sorted by path),
        whatever the engine. The boilerplate report (``removed``) is not produced here:
        use :func:`analystkit.load_corpus_with_report` for it.

    Raises
    ------
    ImportError
        ``engine="dask"`` without Dask installed (the message says what to install).
    ValueError
        An unknown engine or table; with ``strict=True``, the first input that cannot be
        loaded.

    Examples
    --------
    >>> import analystkit
    >>> from analystkit.engine import process_corpus
    >>> out = process_corpus(analystkit.seeds_path(), ["figures"], core_only=True)
    >>> out["figures"].loc[0, ["doc_id", "mention", "measure"]].tolist()
    ['000_fd51113278b0f16d', '539 drones', 'launched']
    """
    tables = _check(tables, engine)
    run = _run(source, tables, engine=engine, workers=workers, client=client,
               partition_bytes=partition_bytes, progress=progress, strict=strict,
               dedupe=dedupe, rules=rules, max_file_bytes=max_file_bytes,
               options=Options(core_only=core_only, lexicon=lexicon, actors=actors,
                               taxonomy=taxonomy, text=text,
                               outlets=outlet_rules(outlet, outlet_map)))
    out = {t: concat([r[t] for r in run.results], t, text=text) for t in tables}
    out["skipped"] = run.skipped
    return out


def write_corpus(
    source: Any,
    output: str | os.PathLike[str],
    tables: Sequence[str] = ("documents", "figures"),
    *,
    engine: str = "pandas",
    workers: int | None = None,
    client: Any = None,
    partition_bytes: int | None = None,
    progress: bool | None = None,
    strict: bool = False,
    dedupe: bool = True,
    rules: Iterable[BoilerplateRule] | None = None,
    max_file_bytes: int | None = MAX_FILE_BYTES,
    core_only: bool = False,
    lexicon: str | None = None,
    actors: Any = None,
    taxonomy: Any = None,
    outlet: str | None = None,
    outlet_map: Any = None,
) -> pd.DataFrame:
    """Extract tables from a corpus and write them as partitioned Parquet datasets.

    Each table goes to ``output/<table>.parquet/part.NNNNN.parquet``, one file per
    partition (empty partitions too, so every dataset has its schema); the load report
    goes to ``output/skipped.parquet``. Workers write their own partitions: no table
    is gathered in this process, so the output can be larger than memory. Read a
    table back with ``pandas.read_parquet(output / "figures.parquet")`` (or Dask's).

    Parameters
    ----------
    source, tables, engine, workers, client, partition_bytes, progress, strict, dedupe, rules, max_file_bytes, core_only, lexicon, actors, taxonomy, outlet, outlet_map
        As for :func:`process_corpus`.
    output : str or path
        The folder to write to (created if missing). Existing part files of the tables
        written are replaced.

    Returns
    -------
    pandas.DataFrame
        One row per dataset written::

            column     dtype   meaning
            ``table``    str     documents, figures, …, skipped
            ``path``     str     the dataset's folder (or file, for skipped)
            ``n_rows``   int64   rows written
            ``n_files``  int64   Parquet files written

    Examples
    --------
    >>> import tempfile, analystkit, pandas as pd
    >>> from analystkit.engine import write_corpus
    >>> out = tempfile.mkdtemp()
    >>> written = write_corpus(analystkit.seeds_path(), out, ["figures"])
    >>> written[["table", "n_files"]].to_dict("records")
    [{'table': 'figures', 'n_files': 1}, {'table': 'skipped', 'n_files': 1}]
    >>> bool(len(pd.read_parquet(written.loc[0, "path"])) == written.loc[0, "n_rows"])
    True
    """  # noqa: E501
    import pandas as pd

    tables = _check(tables, engine)
    root = Path(output)
    folders = {t: root / f"{t}.parquet" for t in tables}
    run = _run(source, tables, engine=engine, workers=workers, client=client,
               partition_bytes=partition_bytes, progress=progress, strict=strict,
               dedupe=dedupe, rules=rules, max_file_bytes=max_file_bytes, write_to=folders,
               options=Options(core_only=core_only, lexicon=lexicon, actors=actors,
                               taxonomy=taxonomy, outlets=outlet_rules(outlet, outlet_map)))
    counts, skipped = run.results, run.skipped
    skipped_path = root / "skipped.parquet"
    skipped.to_parquet(skipped_path, index=False)
    rows = [
        {"table": t, "path": os.fspath(folders[t]),
         "n_rows": sum(c[t] for c in counts), "n_files": len(counts)}
        for t in tables
    ]
    rows.append({"table": "skipped", "path": os.fspath(skipped_path), "n_rows": len(skipped),
                 "n_files": 1})
    return pd.DataFrame(rows).astype(
        {"table": "str", "path": "str", "n_rows": "int64", "n_files": "int64"}
    )


def dask_tables(
    source: Any,
    tables: Sequence[str] = ("documents", "figures"),
    *,
    client: Any = None,
    partition_bytes: int | None = None,
    strict: bool = False,
    dedupe: bool = True,
    rules: Iterable[BoilerplateRule] | None = None,
    max_file_bytes: int | None = MAX_FILE_BYTES,
    core_only: bool = False,
    lexicon: str | None = None,
    actors: Any = None,
    taxonomy: Any = None,
    outlet: str | None = None,
    outlet_map: Any = None,
) -> dict[str, Any]:
    """The tables as lazy Dask DataFrames, for work on a cluster beyond these tables.

    The corpus is loaded now (with ``client``, or Dask's current scheduler) and kept
    where it was loaded; the tables are computed when you compute them.

    Parameters
    ----------
    source, tables, client, partition_bytes, strict, dedupe, rules, max_file_bytes, core_only, lexicon, actors, taxonomy, outlet, outlet_map
        As for :func:`process_corpus`; ``client`` may be a Client, an address, or None
        for Dask's current scheduler.

    Returns
    -------
    dict of str to dask.dataframe.DataFrame
        One lazy frame per requested table, one partition per input partition, with the
        columns and dtypes of the pandas tables (``meta``); plus ``skipped``, the load
        report, as a pandas DataFrame (it is known once the corpus is loaded).

    Examples
    --------
    >>> import analystkit
    >>> from analystkit.engine import dask_tables
    >>> frames = dask_tables(analystkit.seeds_path(), ["figures"])  # doctest: +SKIP
    >>> frames["figures"].groupby("measure")["value"].sum().compute()  # doctest: +SKIP
    """  # noqa: E501
    tables = _check(tables, "dask")
    options = Options(core_only=core_only, lexicon=lexicon, actors=actors, taxonomy=taxonomy,
                      outlets=outlet_rules(outlet, outlet_map))
    parts = plan(source, partition_bytes, max_file_bytes, options.outlets)
    dask_client = _as_client(client)
    return _dask_frames(dask_client, parts, tables, options, _rules(rules), dedupe=dedupe,
                        strict=strict)


# --- shared -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Run:
    results: list[Any]  # per partition: dict of tables, or of row counts when written
    skipped: pd.DataFrame
    n_documents: int
    n_parts: int


def _run(source: Any, tables: tuple[str, ...], *, engine: str, workers: int | None,
         client: Any, partition_bytes: int | None, progress: bool | None, strict: bool,
         dedupe: bool, rules: Iterable[BoilerplateRule] | None, options: Options,
         max_file_bytes: int | None = MAX_FILE_BYTES,
         write_to: dict[str, Path] | None = None) -> _Run:
    """Plan, load, assign ids and extract (or write) with the chosen engine."""
    parts = plan(source, partition_bytes, max_file_bytes, options.outlets)
    rules_t = _rules(rules)
    show = _show_progress(progress, parts)
    if write_to is not None:
        _prepare_folders(write_to)
    if engine == "pandas":
        results, ids = _run_pandas(parts, tables, options, rules_t, dedupe=dedupe,
                                   strict=strict, show=show, write_to=write_to)
    else:
        with _dask_client(workers, client) as dask_client:
            results, ids = _run_dask(dask_client, parts, tables, options, rules_t,
                                     dedupe=dedupe, strict=strict, show=show,
                                     write_to=write_to)
    if write_to is not None and not results:  # still leave a readable, empty dataset
        results = [_write_part({t: SCHEMAS[t].empty() for t in tables}, write_to, 0)]
    n_docs = sum(len(v) for v in ids.ids.values())
    return _Run(results, ids.skipped, n_docs, len(ids.ids))


def _prepare_folders(folders: dict[str, Path]) -> None:
    for folder in folders.values():
        if folder.is_file():
            raise ValueError(f"{folder} is a file; a folder of Parquet parts is written there")
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("part.*.parquet"):
            old.unlink()


def _check(tables: Sequence[str], engine: str) -> tuple[str, ...]:
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose from {', '.join(ENGINES)}")
    if isinstance(tables, str):
        tables = (tables,)
    unknown = [t for t in tables if t not in TABLES]
    if unknown:
        raise ValueError(f"unknown table(s) {unknown}; choose from {', '.join(TABLES)}")
    if not tables:
        raise ValueError(f"no table asked for; choose from {', '.join(TABLES)}")
    return tuple(dict.fromkeys(tables))


def _rules(rules: Iterable[BoilerplateRule] | None) -> tuple[BoilerplateRule, ...]:
    from analystkit.boilerplate import DEFAULT_RULES

    return DEFAULT_RULES if rules is None else tuple(rules)


def _show_progress(progress: bool | None, parts: Plan) -> bool:
    return parts.estimate() > PROGRESS_MIN_PARTS if progress is None else bool(progress)


@contextmanager
def _bar(total: int, desc: str, show: bool) -> Iterator[Any]:
    if not show:
        yield None
        return
    from tqdm.auto import tqdm

    bar = tqdm(total=total, desc=desc, unit="part", file=sys.stderr, leave=True)
    try:
        yield bar
    finally:
        bar.close()


def _write_part(result: dict[str, pd.DataFrame], folders: dict[str, Path],
                number: int) -> dict[str, int]:
    counts = {}
    for table, frame in result.items():
        frame.to_parquet(folders[table] / f"part.{number:05d}.parquet", index=False)
        counts[table] = len(frame)
    return counts


def _finish_extract(records: pd.DataFrame, ids: list[str], keep: list[bool],
                    tables: tuple[str, ...], options: Options) -> dict[str, pd.DataFrame]:
    return extract_part(finish_part(records, ids, keep), tables, options)


def _finish_write(records: pd.DataFrame, ids: list[str], keep: list[bool],
                  tables: tuple[str, ...], options: Options, folders: dict[str, Path],
                  number: int) -> dict[str, int]:
    return _write_part(_finish_extract(records, ids, keep, tables, options), folders, number)


# --- in process ---------------------------------------------------------------------------


def _run_pandas(parts: Plan, tables: tuple[str, ...], options: Options,
                rules: tuple[BoilerplateRule, ...], *, dedupe: bool, strict: bool,
                show: bool, write_to: dict[str, Path] | None = None) -> tuple[list[Any], IdPass]:
    records: list[pd.DataFrame] = []
    with _bar(parts.estimate(), "loading", show) as bar:
        for part in parts:
            records.append(load_part(part, rules, parts.max_file_bytes, parts.outlets))
            if bar is not None:
                bar.update()
        if bar is not None:
            bar.total = len(records)
            bar.refresh()
    ids = assign_ids({n: id_columns(r) for n, r in enumerate(records)},
                     dedupe=dedupe, strict=strict)
    results: list[Any] = []
    with _bar(len(records), "extracting", show) as bar:
        for n, rec in enumerate(records):
            if write_to is None:
                results.append(_finish_extract(rec, ids.ids[n], ids.keep[n], tables, options))
            else:
                results.append(_finish_write(rec, ids.ids[n], ids.keep[n], tables, options,
                                             write_to, n))
            if bar is not None:
                bar.update()
    return results, ids


# --- Dask ---------------------------------------------------------------------------------


def _import_dask() -> None:
    try:
        import dask.dataframe  # noqa: F401
        import distributed  # noqa: F401
    except ImportError as exc:
        raise ImportError(_INSTALL_HINT) from exc


def _as_client(client: Any) -> Any:
    """A Client for an address, the given client, or None (Dask's current scheduler)."""
    _import_dask()
    if isinstance(client, str):
        from distributed import Client

        return Client(client)
    return client


@contextmanager
def _dask_client(workers: int | None, client: Any) -> Iterator[Any]:
    """The client to run on: the caller's, one for an address, or a new LocalCluster."""
    _import_dask()
    import dask
    from distributed import Client, LocalCluster

    if client is not None and not isinstance(client, str):
        yield client
        return
    if isinstance(client, str):
        with Client(client) as c:
            yield c
        return
    n = workers if workers is not None else (os.cpu_count() or 1)
    if n < 1:
        raise ValueError(f"workers must be at least 1, not {workers!r}")
    # loopback only, no dashboard: nothing listens beyond this machine; the workers'
    # statistical profiler (a thread walking every stack each 10 ms) is off
    with dask.config.set(LOCAL_CLUSTER_CONFIG), \
            LocalCluster(n_workers=n, threads_per_worker=1, processes=True, host="127.0.0.1",
                         dashboard_address=None, silence_logs=40) as cluster, \
            Client(cluster) as c:
        yield c


def _loaded(client: Any, parts: Plan, rules: tuple[BoilerplateRule, ...], *,
            dedupe: bool, strict: bool, show: bool = False) -> tuple[Any, Any]:
    """Load the partitions on the cluster (kept there) and run the id pass here."""
    import dask
    import dask.dataframe as dd

    # row blocks of large files are read here and sent to the cluster as they come
    send = (lambda p: p) if client is None else (lambda p: p if p.items is None
                                                 else client.scatter(p))
    units = [send(p) for p in parts]
    if not units:
        return [], assign_ids({}, dedupe=dedupe, strict=strict)
    records = dd.from_map(load_part, units, rules=rules, max_file_bytes=parts.max_file_bytes,
                          outlets=parts.outlets,
                          meta=record_meta(),
                          enforce_metadata=False, label="analystkit-load")
    delayed_parts = records.to_delayed()
    if client is None:
        persisted = dask.persist(*delayed_parts)
        columns = dask.compute(*[dask.delayed(id_columns)(p) for p in persisted])
    else:
        persisted = client.persist(delayed_parts)
        futures = client.compute([dask.delayed(id_columns)(p) for p in persisted])
        columns = _gather(client, futures, "loading", show)
    ids = assign_ids(dict(enumerate(columns)), dedupe=dedupe, strict=strict)
    return persisted, ids


def _gather(client: Any, futures: list[Any], desc: str, show: bool) -> list[Any]:
    from distributed import as_completed

    index = {f.key: i for i, f in enumerate(futures)}
    results: list[Any] = [None] * len(futures)
    with _bar(len(futures), desc, show) as bar:
        # fetch each result as soon as it is done: transfers overlap the work still running,
        # and the cluster frees the partition once it is here
        for future in as_completed(futures):
            results[index[future.key]] = future.result()
            future.release()
            if bar is not None:
                bar.update()
    return results


def _run_dask(client: Any, parts: Plan, tables: tuple[str, ...], options: Options,
              rules: tuple[BoilerplateRule, ...], *, dedupe: bool, strict: bool, show: bool,
              write_to: dict[str, Path] | None = None) -> tuple[list[Any], IdPass]:
    """Load every partition where it runs, assign ids here, extract where it was loaded.

    Each load task keeps its partition in the worker (:mod:`analystkit._kept`) and
    returns only the worker's address and the id columns; each extraction task is sent
    to that worker and returns its tables (or, writing, row counts). Texts never travel:
    a partition of small files goes to the cluster as its file paths.
    """
    from analystkit._kept import drop_run, load_and_keep

    run = uuid.uuid4().hex
    # row blocks of large files are read here and sent to the cluster as they come
    units = [p if p.items is None else client.scatter(p) for p in parts]
    args = (rules, parts.max_file_bytes, parts.outlets, run)
    try:
        loads = [client.submit(load_and_keep, u, *args, n, key=f"analystkit-load-{run}-{n}")
                 for n, u in enumerate(units)]
        loaded = _gather(client, loads, "loading", show)
        del loads
        ids = assign_ids({n: cols for n, (_, cols) in enumerate(loaded)}, dedupe=dedupe,
                         strict=strict)
        futures = [
            client.submit(_extract_kept, units[n], *args, n, ids.ids[n], ids.keep[n], tables,
                          options, write_to, key=f"analystkit-extract-{run}-{n}",
                          workers=None if where is None else [where],
                          allow_other_workers=True)
            for n, (where, _) in enumerate(loaded)
        ]
        return _gather(client, futures, "extracting", show), ids
    finally:
        with suppress(Exception):  # a partition left behind by an error: free it
            client.run(drop_run, run)


def _extract_kept(part: Any, rules: tuple[BoilerplateRule, ...], max_file_bytes: int | None,
                  outlets: Any, run: str, number: int, ids: list[str], keep: list[bool],
                  tables: tuple[str, ...], options: Options,
                  folders: dict[str, Path] | None) -> Any:
    """The extraction task: the kept partition (or a fresh load of it), finished, extracted
    and returned or written."""
    from analystkit._kept import take

    records = take(part, rules, max_file_bytes, outlets, run, number)
    if folders is None:
        return _finish_extract(records, ids, keep, tables, options)
    return _finish_write(records, ids, keep, tables, options, folders, number)


def _dask_frames(client: Any, parts: Plan, tables: tuple[str, ...], options: Options,
                 rules: tuple[BoilerplateRule, ...], *, dedupe: bool,
                 strict: bool) -> dict[str, Any]:
    import operator

    import dask
    import dask.dataframe as dd

    persisted, ids = _loaded(client, parts, rules, dedupe=dedupe, strict=strict)
    if not persisted:
        frames = {t: dd.from_pandas(SCHEMAS[t].empty(), npartitions=1) for t in tables}
        return {**frames, "skipped": ids.skipped}
    results = [dask.delayed(_finish_extract)(rec, ids.ids[n], ids.keep[n], tables, options)
               for n, rec in enumerate(persisted)]
    frames: dict[str, Any] = {
        t: dd.from_delayed([dask.delayed(operator.getitem)(r, t) for r in results],
                           meta=SCHEMAS[t].empty(), verify_meta=False)
        for t in tables
    }
    frames["skipped"] = ids.skipped
    return frames

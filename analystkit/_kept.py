"""Loaded partitions kept in the worker process between the load and the extraction.

The Dask engine loads each partition in a task that keeps the loaded frame here, in the
worker's memory, and sends back only the small id columns; the extraction task of that
partition is then asked to run on the same worker and takes the frame from here. Nothing
big crosses the network, no Dask data is persisted, and if the frame is not here (the
worker was restarted, or the task ran on another worker) the partition is simply loaded
again: the result is the same either way.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from analystkit._partitioned import id_columns, load_part

# (run token, partition number) -> loaded partition (analystkit._partitioned.RECORDS)
_KEPT: dict[tuple[str, int], pd.DataFrame] = {}


def _here() -> str | None:
    """The address of the Dask worker running this task (None outside a worker)."""
    try:
        from distributed import get_worker

        return str(get_worker().address)
    except (ImportError, ValueError):
        return None


def load_and_keep(part: Any, rules: tuple[Any, ...], max_file_bytes: int | None,
                  outlets: Any, run: str, number: int) -> tuple[str | None, pd.DataFrame]:
    """Load one partition, keep it in this process; return where, and its id columns.

    Parameters
    ----------
    part : analystkit._partitioned.Part
        The partition to load.
    rules, max_file_bytes, outlets
        As for :func:`analystkit._partitioned.load_part`.
    run : str
        A token naming the engine run (so two runs never mix their partitions).
    number : int
        The partition's number in the run.

    Returns
    -------
    tuple of (str or None, pandas.DataFrame)
        This worker's address and the partition's id columns
        (:func:`analystkit._partitioned.id_columns`, a copy).
    """
    records = load_part(part, rules, max_file_bytes, outlets)
    _KEPT[(run, number)] = records
    return _here(), id_columns(records).copy()


def take(part: Any, rules: tuple[Any, ...], max_file_bytes: int | None, outlets: Any,
         run: str, number: int) -> pd.DataFrame:
    """The loaded partition kept by :func:`load_and_keep`, removed from the store; loaded
    again when it is not here."""
    records = _KEPT.pop((run, number), None)
    if records is None:
        records = load_part(part, rules, max_file_bytes, outlets)
    return records


def drop_run(run: str) -> int:
    """Forget every partition of ``run`` still kept here; returns how many there were."""
    keys = [k for k in _KEPT if k[0] == run]
    for key in keys:
        del _KEPT[key]
    return len(keys)

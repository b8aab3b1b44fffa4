"""``--engine``, ``--workers``, ``--scheduler``, ``--progress``: one subcommand, any scale."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analystkit.cli._common import no_articles, report_counts, resolve_format, write_table


def add_engine_options(parser: argparse.ArgumentParser) -> None:
    """Add the engine options to a table subcommand."""
    group = parser.add_argument_group("scale")
    group.add_argument("--engine", choices=("pandas", "dask"), default="pandas",
                       help="pandas: this process (default); dask: partitions run as Dask "
                            "tasks (pip install 'analystkit[scale]')")
    group.add_argument("--workers", type=int, default=None, metavar="N",
                       help="dask: worker processes of the local cluster (default: CPU cores)")
    group.add_argument("--scheduler", metavar="ADDRESS", default=None,
                       help="dask: use a running cluster's scheduler (tcp://host:8786) instead "
                            "of a local one")
    group.add_argument("--partition-mb", type=float, default=None, metavar="MB",
                       help="input megabytes per partition (default 8)")
    group.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                       help="progress bar on stderr (default: on for large corpora)")


def wants_engine(args: argparse.Namespace) -> bool:
    """True when the run should go through the partitioned engine."""
    return (args.engine != "pandas" or args.progress is not None
            or args.partition_mb is not None or args.scheduler is not None)


def run_table(args: argparse.Namespace, table: str, *, table_columns=None, **options) -> int:
    """Run one table through :mod:`analystkit.engine` and write it as the user asked.

    With ``--engine dask`` and Parquet output the workers write a partitioned dataset
    (a folder of ``part.NNNNN.parquet`` files) at ``-o``; otherwise the table is
    gathered and written like any other.
    """
    from analystkit._outlets import outlet_rules
    from analystkit._partitioned import Options, concat
    from analystkit.engine import _run

    if args.workers is not None and args.workers < 1:
        raise ValueError(f"--workers must be at least 1, not {args.workers}")
    fmt = resolve_format(args)
    if fmt == "parquet" and not args.output:
        raise ValueError("--format parquet needs -o FILE (Parquet is binary)")
    partition_bytes = None if args.partition_mb is None else int(args.partition_mb * 2**20)
    write_to = {table: Path(args.output)} if fmt == "parquet" and args.engine == "dask" else None
    run = _run(args.paths, (table,), engine=args.engine, workers=args.workers,
               client=args.scheduler, partition_bytes=partition_bytes, progress=args.progress,
               strict=False, dedupe=True, rules=None, write_to=write_to,
               options=Options(**options, outlets=outlet_rules(args.outlet, args.outlet_map)))
    report_counts(run.n_documents, run.skipped)
    if not run.n_documents:
        raise ValueError(no_articles(args.paths, len(run.skipped)))
    if write_to is not None:
        n = sum(c[table] for c in run.results)
        print(f"analystkit: wrote {n} {table} row(s) as {len(run.results)} Parquet part(s) "
              f"in {args.output}", file=sys.stderr)
        return 0
    frame = concat([r[table] for r in run.results], table)
    write_table(frame, args, table_columns=table_columns, name=table)
    return 0

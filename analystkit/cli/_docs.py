"""``analystkit docs PATH...``: load articles and write the documents table."""

from __future__ import annotations

import argparse

from analystkit.cli._common import (
    add_table_command,
    load_options,
    no_articles,
    report_load,
    write_table,
)

TABLE_COLUMNS = ["doc_id", "source", "published", "title", "n_words"]


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``docs`` subcommand to the ``analystkit`` parser."""
    parser = add_table_command(
        sub,
        "docs",
        help="load articles into the documents table",
        description=(
            "Load articles (.txt, .md, .html, .json, .jsonl, .csv, .tsv, .parquet; folders "
            "are read recursively) into the documents table: one row per article with its "
            "cleaned text. A one-line summary and every skipped input, with its reason, "
            "go to stderr."
        ),
        run=run,
    )
    parser.add_argument(
        "--raw",
        action="store_true",
        help="keep the raw_text column in CSV / JSON / Excel output (left out by default: it "
        "doubles the size)",
    )
    parser.add_argument(
        "--keep-duplicates",
        action="store_true",
        help="load articles whose text repeats an earlier one instead of skipping them",
    )
    parser.add_argument(
        "--max-file-mb",
        type=float,
        default=None,
        metavar="MB",
        help="skip files read whole (.txt, .md, .html, .json) above MB megabytes "
        "(default: 50); .jsonl, .csv, .tsv and .parquet files have no limit",
    )
    parser.add_argument(
        "--removed",
        action="store_true",
        help="write the removed-boilerplate table (doc_id, rule, start, end, removed) "
        "instead of the documents",
    )


def run(args: argparse.Namespace) -> int:
    from analystkit.cli._common import resolve_format
    from analystkit.loading import MAX_FILE_BYTES, load_corpus_with_report

    limit = MAX_FILE_BYTES if args.max_file_mb is None else int(args.max_file_mb * 1_000_000)
    result = load_corpus_with_report(
        args.paths, dedupe=not args.keep_duplicates, max_file_bytes=limit,
        **load_options(args),
    )
    report_load(result)
    if not len(result.documents):
        raise ValueError(no_articles(args.paths, len(result.skipped)))
    if args.removed:
        write_table(result.removed, args, table_columns=["doc_id", "rule", "removed"],
                    name="removed")
        return 0
    docs = result.documents
    if resolve_format(args) in ("csv", "json", "xlsx") and not args.raw:
        docs = docs.drop(columns=["raw_text"])
    write_table(docs, args, table_columns=TABLE_COLUMNS, name="documents")
    return 0

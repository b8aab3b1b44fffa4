"""``analystkit claims PATH...``: who said what in a corpus, as a table, CSV, JSON or Parquet."""

from __future__ import annotations

import argparse

from analystkit.cli._common import (
    add_corrections_option,
    add_table_command,
    correction_messages,
    load_documents,
    load_options,
    no_engine_corrections,
    write_table,
)
from analystkit.cli._engine import add_engine_options, run_table, wants_engine

TABLE_COLUMNS = ["doc_id", "speaker", "speaker_id", "speaker_type", "verb", "content",
                 "is_direct_quote"]


def register(sub: argparse._SubParsersAction) -> None:
    parser = add_table_command(
        sub,
        "claims",
        help="extract attributed statements (speaker, verb, quote or reported clause, span)",
        description=(
            "Extract every attributed statement from the articles: who (as written, and "
            "resolved to an actor id and type), the reporting verb, the quotation or reported "
            "clause, and the exact span. CSV columns follow the claims schema."
        ),
        run=run,
    )
    parser.add_argument("--actors", metavar="FILE",
                        help="a TOML file of [[actor]] entries extending the bundled actors")
    add_corrections_option(parser)
    add_engine_options(parser)


def run(args: argparse.Namespace) -> int:
    from analystkit.claims import extract_claims

    if wants_engine(args):
        no_engine_corrections(args)
        return run_table(args, "claims", table_columns=TABLE_COLUMNS, actors=args.actors)
    documents = load_documents(args.paths, **load_options(args))
    with correction_messages():
        claims = extract_claims(documents, actors=args.actors, corrections=args.corrections)
    columns = [*TABLE_COLUMNS, "corrected"] if args.corrections else TABLE_COLUMNS
    write_table(claims, args, table_columns=columns, name="claims")
    return 0

"""``analystkit figures PATH...``: every figure in a corpus, as a table, CSV, JSON or Parquet."""

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

TABLE_COLUMNS = ["doc_id", "mention", "value", "qualifier", "measure", "item", "attributed_to"]


def register(sub: argparse._SubParsersAction) -> None:
    parser = add_table_command(
        sub,
        "figures",
        help="extract every figure (number, what it counts, hedge, source, span)",
        description=(
            "Extract every figure from the articles: value, bounds, qualifier, measure, item, "
            "who the text credits, and the exact span. CSV columns follow the figures spec."
        ),
        run=run,
    )
    parser.add_argument("--core-only", action="store_true",
                        help="keep only core measures (drop measure 'other')")
    parser.add_argument("--lexicon", metavar="FILE",
                        help="a figures lexicon TOML replacing the bundled one")
    add_corrections_option(parser)
    add_engine_options(parser)


def run(args: argparse.Namespace) -> int:
    from analystkit.figures import extract_figures

    if wants_engine(args):
        no_engine_corrections(args)
        return run_table(args, "figures", table_columns=TABLE_COLUMNS,
                         core_only=args.core_only, lexicon=args.lexicon)
    documents = load_documents(args.paths, **load_options(args))
    with correction_messages():
        figures = extract_figures(documents, core_only=args.core_only, lexicon=args.lexicon,
                                  corrections=args.corrections)
    columns = [*TABLE_COLUMNS, "corrected"] if args.corrections else TABLE_COLUMNS
    write_table(figures, args, table_columns=columns, name="figures")
    return 0

"""``analystkit framing PATH...``: framing signals per document (sourcing, hedging, quotes,
superlatives, loaded language)."""

from __future__ import annotations

import argparse

from analystkit.cli._common import (
    add_table_command,
    load_documents,
    load_options,
    write_table,
)
from analystkit.cli._engine import add_engine_options, run_table, wants_engine

TABLE_COLUMNS = ["doc_id", "source", "n_words", "n_figures", "share_attributed",
                 "share_hedged", "quotes_per_1000_words", "unattributed_superlatives",
                 "loaded_per_1000_words", "loaded_terms"]


def register(sub: argparse._SubParsersAction) -> None:
    parser = add_table_command(
        sub,
        "framing",
        help="framing signals per document: attribution, hedging, quotes, loaded language",
        description=(
            "One row per document: share of core figures with a source and hedged, direct "
            "quotes per 1,000 words, superlatives in sentences crediting nobody, loaded "
            "language per 1,000 words and the terms found."
        ),
        run=run,
    )
    parser.add_argument("--lexicon", metavar="FILE",
                        help="a framing lexicon TOML replacing the bundled loaded_language.toml")
    add_engine_options(parser)


def run(args: argparse.Namespace) -> int:
    from analystkit.framing import framing_signals

    if wants_engine(args):
        return run_table(args, "framing", table_columns=TABLE_COLUMNS,
                         framing_lexicon=args.lexicon)
    documents = load_documents(args.paths, **load_options(args))
    signals = framing_signals(documents, lexicon=args.lexicon)
    write_table(signals, args, table_columns=TABLE_COLUMNS, name="framing")
    return 0

"""``analystkit compare PATH... [--tallies FILE]``: the same measure across sources."""

from __future__ import annotations

import argparse

from analystkit.cli._common import (
    add_corrections_option,
    add_table_command,
    correction_messages,
    load_documents,
    load_options,
    read_tally_file,
    write_table,
)

TABLE_COLUMNS = ["event_id", "side", "measure", "item", "n_sources", "low", "best", "high",
                 "verdict", "official_launched", "summary"]


def register(sub: argparse._SubParsersAction) -> None:
    parser = add_table_command(
        sub,
        "compare",
        help="compare figures across sources: low / best / high, verdicts, official tallies",
        description=(
            "Group the figures of a corpus by event, measure and item; say what each source "
            "reports, how hedged and on whose word; flag real disagreements; line the press "
            "up with official tallies (--tallies)."
        ),
        run=run,
    )
    parser.add_argument(
        "--tallies", metavar="FILE",
        help="official tallies in the Air Force dataset format (missile_attacks_daily.csv)",
    )
    add_corrections_option(parser)


def run(args: argparse.Namespace) -> int:
    from analystkit.compare import compare_figures
    from analystkit.figures import extract_figures

    tallies = read_tally_file(args.tallies)  # a bad file fails before the corpus is read
    documents = load_documents(args.paths, **load_options(args))
    with correction_messages():
        figures = extract_figures(documents, corrections=args.corrections)
    table = compare_figures(figures, documents, tallies=tallies)
    write_table(table, args, table_columns=TABLE_COLUMNS, name="comparisons")
    return 0

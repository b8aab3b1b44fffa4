"""``analystkit narratives PATH...``: every sentence that carries a narrative, with its cue."""

from __future__ import annotations

import argparse

from analystkit.cli._common import (
    add_table_command,
    load_documents,
    load_options,
    write_table,
)
from analystkit.cli._engine import add_engine_options, run_table, wants_engine

TABLE_COLUMNS = ["doc_id", "narrative", "score", "cue", "evidence"]


def register(sub: argparse._SubParsersAction) -> None:
    parser = add_table_command(
        sub,
        "narratives",
        help="tag narratives sentence by sentence, with the evidence sentence and cue",
        description=(
            "Tag every sentence that carries a narrative of the taxonomy (built-in aid/attack "
            "narratives, the SemEval-2025 Ukraine-war narratives, or your TOML file). CSV "
            "columns: doc_id, narrative, label, evidence, start, end, cue, score."
        ),
        run=run,
    )
    parser.add_argument(
        "--taxonomy",
        metavar="FILE|NAME",
        default=None,
        help="a taxonomy TOML file, or a built-in name: 'default' (aid/attack narratives) "
             "or 'semeval-urw' (SemEval-2025 Task 10 Ukraine-war narratives)",
    )
    parser.add_argument(
        "--method",
        choices=("auto", "model", "cues"),
        default="auto",
        help="'model': the taxonomy's trained model; 'cues': its cue phrases, sentence by "
             "sentence; 'auto' (default): the model when the taxonomy has one, else the cues",
    )
    parser.add_argument(
        "--threshold",
        type=float,
        default=None,
        metavar="P",
        help="probability a model tag needs (default: the model's own); ignored by cues",
    )
    add_engine_options(parser)


def run(args: argparse.Namespace) -> int:
    from analystkit.narratives import load_taxonomy, tag_narratives

    taxonomy = load_taxonomy(args.taxonomy)  # fail on a bad taxonomy before loading files
    if wants_engine(args):
        return run_table(args, "narratives", table_columns=TABLE_COLUMNS, taxonomy=taxonomy,
                         narrative_method=args.method, narrative_threshold=args.threshold)
    documents = load_documents(args.paths, **load_options(args))
    tags = tag_narratives(documents, taxonomy, method=args.method, threshold=args.threshold)
    write_table(tags, args, table_columns=TABLE_COLUMNS, name="narratives")
    return 0

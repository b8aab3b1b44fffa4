"""analystkit: turn a pile of war-reporting articles into tidy, traceable tables.

The public API is re-exported here and imported lazily, so ``import analystkit``
stays fast: pandas, matplotlib, ipywidgets and friends load only when a function
that needs them is first used.

Tables (each documented in its function's docstring and declared once in
:mod:`analystkit.schemas`):

- documents: :func:`load_corpus`
- sentences: :func:`split_sentences`, :func:`sentences`
- figures: :func:`extract_figures`
- claims: :func:`extract_claims`
- comparisons: :func:`compare_figures`, :func:`read_tallies`
- campaigns across nights: :func:`campaign_table`, :func:`outlet_record`,
  :func:`nightly_tallies`
- narratives: :func:`tag_narratives`, :func:`train_narratives`, :func:`narrative_coverage`,
  :func:`framing_signals`
- corrections that survive reruns: :mod:`analystkit.corrections`
  (``extract_figures(docs, corrections="corrections.csv")``)
- all of them at scale (in process or on Dask): :func:`process_corpus`, :func:`write_corpus`,
  :func:`dask_tables`
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS: dict[str, str] = {
    "seeds_path": "analystkit._resources",
    "data_path": "analystkit._resources",
    "load_corpus": "analystkit.loading",
    "load_corpus_with_report": "analystkit.loading",
    "LoadResult": "analystkit.loading",
    "LoadWarning": "analystkit.loading",
    "BoilerplateRule": "analystkit.boilerplate",
    "DEFAULT_RULES": "analystkit.boilerplate",
    "remove_boilerplate": "analystkit.boilerplate",
    "split_sentences": "analystkit.sentences",
    "sentences": "analystkit.sentences",
    "extract_figures": "analystkit.figures",
    "extract_claims": "analystkit.claims",
    "compare_figures": "analystkit.compare",
    "comparison_pivot": "analystkit.compare",
    "source_values": "analystkit.compare",
    "read_tallies": "analystkit.tallies",
    "nightly_tallies": "analystkit.tallies",
    "campaign_table": "analystkit.campaign",
    "outlet_record": "analystkit.campaign",
    "tallies_for_night": "analystkit.tallies",
    "load_actors": "analystkit.actors",
    "tag_narratives": "analystkit.narratives",
    "narrative_coverage": "analystkit.narratives",
    "load_taxonomy": "analystkit.narratives",
    "train_narratives": "analystkit.narratives",
    "framing_signals": "analystkit.framing",
    "explore": "analystkit.explore",
    "build_report": "analystkit.report",
    "process_corpus": "analystkit.engine",
    "write_corpus": "analystkit.engine",
    "dask_tables": "analystkit.engine",
    "schemas": "analystkit.schemas",
    "plot": "analystkit.plot",
    "corrections": "analystkit.corrections",
}

# names that are modules rather than functions or classes
_MODULES = frozenset({"corrections", "plot", "schemas"})

__all__ = [
    "DEFAULT_RULES",
    "BoilerplateRule",
    "LoadResult",
    "LoadWarning",
    "__version__",
    "build_report",
    "campaign_table",
    "compare_figures",
    "comparison_pivot",
    "corrections",
    "dask_tables",
    "data_path",
    "explore",
    "extract_claims",
    "extract_figures",
    "framing_signals",
    "load_actors",
    "load_corpus",
    "load_corpus_with_report",
    "load_taxonomy",
    "narrative_coverage",
    "nightly_tallies",
    "outlet_record",
    "plot",
    "process_corpus",
    "read_tallies",
    "remove_boilerplate",
    "schemas",
    "seeds_path",
    "sentences",
    "source_values",
    "split_sentences",
    "tag_narratives",
    "tallies_for_night",
    "train_narratives",
    "write_corpus",
]


def __getattr__(name: str) -> Any:
    module_name = _EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module 'analystkit' has no attribute {name!r}")
    module = importlib.import_module(module_name)
    value = module if name in _MODULES else getattr(module, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The public API only (not ``importlib``, ``Any``, loaded submodules, …)."""
    return sorted(__all__)


if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from analystkit import corrections, plot, schemas
    from analystkit._resources import data_path, seeds_path
    from analystkit.actors import load_actors
    from analystkit.boilerplate import DEFAULT_RULES, BoilerplateRule, remove_boilerplate
    from analystkit.campaign import campaign_table, outlet_record
    from analystkit.claims import extract_claims
    from analystkit.compare import compare_figures, comparison_pivot, source_values
    from analystkit.explore import explore
    from analystkit.figures import extract_figures
    from analystkit.framing import framing_signals
    from analystkit.loading import LoadResult, LoadWarning, load_corpus, load_corpus_with_report
    from analystkit.narratives import (
        load_taxonomy,
        narrative_coverage,
        tag_narratives,
        train_narratives,
    )
    from analystkit.report import build_report
    from analystkit.sentences import sentences, split_sentences
    from analystkit.tallies import nightly_tallies, read_tallies, tallies_for_night

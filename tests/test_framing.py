"""Framing signals: schema, the seeds (004 stands out), shares, quotes, lexicon."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from analystkit.framing import framing_signals
from analystkit.schemas import CLAIMS, FIGURES, FRAMING

ROOT = Path(__file__).resolve().parents[1]


def seed_documents(seeds_dir: Path) -> pd.DataFrame:
    if (ROOT / "analystkit" / "loading.py").exists():
        from analystkit import load_corpus

        return load_corpus(seeds_dir)
    files = sorted(seeds_dir.glob("*.txt"))
    return pd.DataFrame({"doc_id": [f.stem for f in files],
                         "text": [f.read_text(encoding="utf-8") for f in files]})


@pytest.fixture(scope="module")
def docs(seeds_dir) -> pd.DataFrame:
    return seed_documents(seeds_dir)


@pytest.fixture(scope="module")
def signals(docs) -> pd.DataFrame:
    return framing_signals(docs, figures=FIGURES.empty())


def test_schema_order_and_no_mutation(docs, signals):
    FRAMING.validate(signals)
    assert list(signals.columns) == FRAMING.names
    assert signals["doc_id"].tolist() == docs["doc_id"].tolist()
    before = docs.copy(deep=True)
    framing_signals(docs, figures=FIGURES.empty())
    pd.testing.assert_frame_equal(docs, before)


def test_without_figures_the_shares_are_nan(signals):
    assert signals["n_figures"].eq(0).all()
    assert signals["share_attributed"].isna().all()
    assert signals["share_hedged"].isna().all()


def test_seed_004_stands_out_on_loaded_language_and_quotes(signals):
    by_doc = signals.set_index(signals["doc_id"].str[:3])
    loaded = by_doc["loaded_per_1000_words"]
    assert loaded["004"] >= 3 * loaded.drop("004").max()
    assert by_doc.loc["004", "quotes_per_1000_words"] == 0
    assert by_doc.drop("004")["quotes_per_1000_words"].gt(0).all()
    terms = by_doc.loc["004", "loaded_terms"].split("; ")
    assert {"relentless", "inability", "inefficacy"} <= set(terms)


def test_seed_004_credits_none_of_its_figures(docs):
    try:
        from analystkit.figures import extract_figures

        figures = extract_figures(docs)
    except Exception as exc:  # the figures module is another issue's work
        pytest.skip(f"figures unavailable: {exc}")
    by_doc = framing_signals(docs, figures=figures).set_index("doc_id")
    row = by_doc.loc[by_doc.index.str.startswith("004")].iloc[0]
    assert row["n_figures"] > 0
    assert row["share_attributed"] == by_doc["share_attributed"].min() == 0


def test_shares_from_a_figures_table():
    docs = pd.DataFrame({"doc_id": ["a", "b"], "source": ["X", None],
                         "text": ["At least 3 people were killed, police said. 40 drones "
                                  "were launched.", "Nothing here."]})
    ints = {"start": 0, "end": 1, "value": 1.0, "sentence_id": 0}
    figures = FIGURES.from_records([
        {**ints, "doc_id": "a", "qualifier": "at_least", "attributed_to": "police",
         "is_core": True, "sentence_start": 0},
        {**ints, "doc_id": "a", "qualifier": "exact", "attributed_to": "", "is_core": True,
         "sentence_start": 44},
        {**ints, "doc_id": "a", "qualifier": "approx", "attributed_to": "", "is_core": False,
         "sentence_start": 44},
    ])
    out = framing_signals(docs, figures=figures).set_index("doc_id")
    assert out.loc["a", "n_figures"] == 2
    assert out.loc["a", "share_attributed"] == 0.5
    assert out.loc["a", "share_hedged"] == 0.5
    assert out.loc["a", "source"] == "X" and out.loc["b", "source"] == ""
    assert math.isnan(out.loc["b", "share_attributed"])


def test_superlatives_count_only_where_nobody_is_credited():
    text = ("Russia launched its largest attack of the war. "
            "The largest barrage yet, according to the Air Force. "
            "Germany, the second-largest donor, will help.")
    row = framing_signals(text, figures=FIGURES.empty()).iloc[0]
    assert row["unattributed_superlatives"] == 1
    assert row["superlative_terms"] == "largest"


def test_quotes_and_loaded_terms_inside_quotes():
    text = ('Zelensky called it "a brutal and cynical attack". The "heated" call '
            "ended. The regime's relentless shelling went on.")
    row = framing_signals(text, figures=FIGURES.empty()).iloc[0]
    assert row["loaded_terms"] == "regime; relentless"  # 'brutal', 'cynical' are quoted
    words = row["n_words"]
    assert row["quotes_per_1000_words"] == round(1000 / words, 2)  # "heated" is no quote


def test_claims_table_sets_the_quote_count():
    docs = pd.DataFrame({"doc_id": ["a"], "text": ["one two three four five"]})
    ints = {"doc_id": "a", "start": 0, "end": 1, "sentence_id": 0, "speaker_start": 0,
            "speaker_end": 1, "content_start": 0, "content_end": 1}
    claims = CLAIMS.from_records([
        {**ints, "is_direct_quote": True}, {**ints, "is_direct_quote": True},
        {**ints, "is_direct_quote": False},
    ])
    row = framing_signals(docs, figures=FIGURES.empty(), claims=claims).iloc[0]
    assert row["quotes_per_1000_words"] == 400.0


def test_own_lexicon_and_bad_lexicon(tmp_path):
    good = tmp_path / "lex.toml"
    good.write_text("[superlatives]\nterms = ['mega']\n[attribution]\nterms = ['said']\n"
                    "[loaded]\nmine = ['orcs?']\n", encoding="utf-8")
    row = framing_signals("The orcs launched a mega strike.", figures=FIGURES.empty(),
                          lexicon=good).iloc[0]
    assert row["loaded_terms"] == "orcs" and row["unattributed_superlatives"] == 1
    bad = tmp_path / "bad.toml"
    bad.write_text("[superlatives]\nterms = ['a(']\n[attribution]\nterms = ['x']\n"
                   "[loaded]\nx = ['y']\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad framing lexicon .*bad\.toml"):
        framing_signals("text", figures=FIGURES.empty(), lexicon=bad)

"""Narrative tagging: seeds against the gold table, evidence offsets, taxonomies, coverage."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from analystkit.narratives import (
    TaxonomyError,
    load_taxonomy,
    narrative_coverage,
    tag_narratives,
)
from analystkit.schemas import NARRATIVE_TAGS

PRO_KREMLIN = "pro_kremlin_ukrainian_military_failure_aggression"
ROOT = Path(__file__).resolve().parents[1]
TWELVE = [
    "attack_scale_counts", "casualty_count", "us_aid_pause",
    "german_european_patriot_procurement", "joint_production_defence_industry",
    "air_defense_dependence", "ceasefire_diplomacy_fails", "attack_as_deliberate_signal",
    "china_role", "russian_official_framing_legitimate_targets", PRO_KREMLIN,
    "western_support_wavering_or_futile",
]


def seed_documents(seeds_dir: Path) -> pd.DataFrame:
    """The five seeds as a documents table: load_corpus once it exists, else the raw files."""
    if (ROOT / "analystkit" / "loading.py").exists():
        from analystkit import load_corpus

        return load_corpus(seeds_dir)
    files = sorted(seeds_dir.glob("*.txt"))
    return pd.DataFrame({
        "doc_id": pd.Series([f.stem for f in files], dtype="str"),
        "text": pd.Series([f.read_text(encoding="utf-8") for f in files], dtype="str"),
    })


@pytest.fixture(scope="module")
def docs(seeds_dir) -> pd.DataFrame:
    return seed_documents(seeds_dir)


@pytest.fixture(scope="module")
def tags(docs) -> pd.DataFrame:
    return tag_narratives(docs)


# ----------------------------------------------------------------------------- seeds


def test_seed_precision_and_recall_at_document_level(tags, shared):
    gold = pd.read_csv(shared / "gold" / "seed_narratives.csv")
    expected = set(zip(gold["doc_id"], gold["narrative"], strict=True))
    found = set(zip(tags["doc_id"], tags["narrative"], strict=True))
    hits = expected & found
    recall = len(hits) / len(expected)
    precision = len(hits) / len(found)
    assert recall >= 0.9, f"missed: {sorted(expected - found)}"
    assert precision >= 0.8, f"spurious: {sorted(found - expected)}"


def test_gold_evidence_is_inside_a_tagged_sentence(tags, shared):
    gold = pd.read_csv(shared / "gold" / "seed_narratives.csv")
    norm = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u2011": "-"})
    missing = []
    for row in gold.itertuples():
        ev = tags.loc[(tags["doc_id"] == row.doc_id) & (tags["narrative"] == row.narrative),
                      "evidence"]
        if not any(row.evidence.translate(norm) in e.translate(norm) for e in ev):
            missing.append((row.doc_id, row.narrative, row.evidence))
    assert len(missing) <= 3, missing


def test_only_seed_004_carries_the_pro_kremlin_narrative(tags):
    carriers = set(tags.loc[tags["narrative"] == PRO_KREMLIN, "doc_id"])
    assert len(carriers) == 1
    assert next(iter(carriers)).startswith("004")


def test_evidence_is_the_text_at_the_offsets(docs, tags):
    texts = dict(zip(docs["doc_id"], docs["text"], strict=True))
    assert len(tags) > 0
    for row in tags.itertuples():
        assert texts[row.doc_id][row.start:row.end] == row.evidence
        assert row.cue
        assert 0 < row.score <= 1


def test_schema_and_dtypes(tags):
    NARRATIVE_TAGS.validate(tags)
    assert list(tags.columns) == NARRATIVE_TAGS.names
    assert str(tags["doc_id"].dtype) == "str"
    assert tags["start"].dtype == "int64" and tags["score"].dtype == "float64"
    assert set(tags["narrative"]) <= set(TWELVE)
    labels = load_taxonomy().to_frame().set_index("id")["label"]
    assert (tags["label"] == tags["narrative"].map(labels)).all()


def test_input_is_not_modified(docs):
    before = docs.copy(deep=True)
    tags = tag_narratives(docs)
    narrative_coverage(tags, docs)
    narrative_coverage(tags, docs, value="strength")
    pd.testing.assert_frame_equal(docs, before)


def test_strings_lists_and_empty_input():
    one = tag_narratives("Putin refused any ceasefire terms.")
    assert one["doc_id"].tolist() == ["doc"]
    assert one["narrative"].tolist() == ["ceasefire_diplomacy_fails"]
    many = tag_narratives(["", "Kyiv was quiet.", "Germany will buy Patriot systems for Kyiv."])
    assert many["doc_id"].tolist() == ["doc2"]
    empty = tag_narratives(pd.DataFrame({"doc_id": ["a"], "text": [None]}))
    assert empty.empty
    NARRATIVE_TAGS.validate(empty)


# ----------------------------------------------------------------------------- cues


def test_negative_cues_keep_reported_russian_claims_out_of_pro_kremlin_framing():
    reported = ("Russia's Defence Ministry said Ukrainian drone attacks were repelled and 40 "
                "Ukrainian drones were shot down.")
    tags = tag_narratives(reported)
    assert PRO_KREMLIN not in set(tags["narrative"])
    assert "russian_official_framing_legitimate_targets" in set(tags["narrative"])
    own_voice = "Ukrainian drone attacks were once again repelled, another failure for Kyiv."
    assert PRO_KREMLIN in set(tag_narratives(own_voice)["narrative"])


def test_ukrainian_defence_is_not_pro_kremlin_failure():
    text = ("Ukrainian forces repelled Russian attacks near Pokrovsk. "
            "Russian assaults were repelled by the Ukrainian army.")
    assert PRO_KREMLIN not in set(tag_narratives(text)["narrative"])


def test_cues_are_word_bounded_and_case_insensitive():
    # "us" the pronoun is not the US; "aid" inside "said" is not aid
    assert tag_narratives("Let us pause and think about what he said.").empty
    tags = tag_narratives("THE PENTAGON PAUSED PATRIOT DELIVERIES.")
    assert tags["narrative"].tolist() == ["us_aid_pause"]


def test_typographic_dashes_and_quotes_match_ascii_cues():
    tags = tag_narratives("Russia has ignored every cease\u2011fire proposal.")
    assert tags["narrative"].tolist() == ["ceasefire_diplomacy_fails"]
    assert "cease\u2011fire" in tags.loc[0, "cue"]


def test_tagging_a_long_text_finds_every_copy(docs):
    # (speed is measured in benchmarks/semeval_narratives.py --throughput, not here)
    text = "\n".join(docs["text"]) * 40  # about 400 KB
    tags = tag_narratives(text)
    assert len(tags) > 40 * 50


TRICKY = [
    "No one was hurt. One was hurt. A wounded seven-year-old girl; it wounded seven people.",
    "From 1932 to 1933 that killed millions. 1,200 people were killed; 1500 soldiers died.",
    "The U.S. paused Patriot deliveries. The US-made Patriots. us and US. U.S.-Ukraine joint "
    "production of drones; joint-production; JOINT PRODUCTION.",
    "Russia\u2019s defence ministry said it destroyed 40 Ukrainian drones. Kyiv\u2019s "
    "air defence needs more Patriots \u2013 cease\u2011fire talks made no progress.",
    "Xi Jinping backs Putin; China supplies components. Beijing\u2019s role. Chinese-made parts.",
    "İstanbul talks: Ceasefire? No progress. Ⅻ drones. ½ of 539 drones were shot down.",
    "Trump\u2019s envoy said the war will continue; the SMO will continue.\u00a0NATO summit.",
    "word" * 50 + " paused shipments " + "x" * 3000 + " 23 killed",
]


@pytest.mark.parametrize("taxonomy", ["default", "semeval-urw"])
def test_one_pass_scan_gives_what_every_cue_in_every_sentence_gives(docs, taxonomy):
    """The prefix-indexed scan tags exactly what searching each cue in each sentence does."""
    from analystkit import narratives as n
    from analystkit._taxonomy import normalise
    from analystkit.sentences import readable, split_sentences

    tax = load_taxonomy(taxonomy)
    texts = list(docs["text"]) + TRICKY + [" ".join(TRICKY) * 3]
    fast: list[dict] = []
    slow: list[dict] = []
    for i, text in enumerate(texts):
        n._tag_text(str(i), text, tax, fast)
        t = readable(text)
        n._tag_text_slow(str(i), t, normalise(t), split_sentences(t), tax, slow)
    assert fast == slow
    assert len(fast) > 20


def test_cue_prefixes_read_from_the_patterns():
    import re

    from analystkit._taxonomy import pattern_prefixes

    def prefixes(pattern):
        return pattern_prefixes(re.compile(rf"(?<![\w])(?:{pattern})(?![\w])", re.I))

    assert prefixes(r"German\w*|Berlin") == {"german", "german\x01", "berlin\x01"}
    assert prefixes(r"a\s+dozen") == {"a\x01"}  # the word "a" itself, not "american"
    assert prefixes(r"(?-i:U\.S\.)") == {"u\x01"}
    assert prefixes(r"[Kk]iev") == {"kiev\x01"}
    assert prefixes(r"\d+\s+drones") == {"\x00"}
    assert prefixes(r".*war") is None  # searched sentence by sentence instead


def test_casualty_cues_skip_no_one_ages_and_years():
    def carries(text):
        return "casualty_count" in set(tag_narratives(text)["narrative"])

    assert not carries("Fortunately, no one was hurt.")
    assert carries("One was hurt in the blast.")
    assert not carries("A wounded seven-year-old girl was pulled from the rubble.")
    assert carries("The strike wounded seven people.")
    assert not carries("It recalled a famine from 1932 to 1933 that killed millions.")
    assert carries("At least 1,200 people were killed.")


# ----------------------------------------------------------------------------- taxonomies


def test_default_taxonomy_keeps_the_twelve_gold_ids():
    tax = load_taxonomy()
    assert tax.ids[:12] == TWELVE
    frame = tax.to_frame()
    assert list(frame.columns) == ["id", "label", "description", "weight", "n_phrases",
                                   "n_cooccur", "n_negative"]
    assert (frame["description"].str.len() > 0).all()
    assert load_taxonomy() is load_taxonomy("default")  # compiled once, cached


def test_default_ids_match_the_gold_categories(shared):
    gold = pd.read_csv(shared / "gold" / "narrative_categories.csv")
    assert set(gold["narrative"]) <= set(load_taxonomy().ids)


def test_semeval_taxonomy_has_the_eleven_task_narratives():
    tax = load_taxonomy("semeval-urw")
    assert len(tax) == 11
    assert len(set(tax.ids)) == 11


def test_semeval_labels_match_the_task_file(shared):
    path = shared / "corpora" / "semeval2025_task10_en_urw" / "taxonomy" / "json_labels.json"
    if not path.exists():
        pytest.skip(f"needs {path}")
    labels = json.loads(path.read_text(encoding="utf-8"))
    assert {n.label for n in load_taxonomy("semeval-urw")} == set(labels["URW"])


def test_user_taxonomy_file(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(
        'name = "mine"\n'
        "[[narrative]]\n"
        'id = "grain"\n'
        'label = "Grain exports"\n'
        "phrases = ['grain (?:deal|corridor|exports?)']\n"
        "negative = ['Black Sea Fleet']\n"
        "[[narrative]]\n"
        'id = "sanctions"\n'
        "[[narrative.cooccur]]\n"
        "groups = [['sanctions?'], ['oil', 'gas']]\n"
        "weight = 0.5\n",
        encoding="utf-8",
    )
    text = ("The grain corridor reopened. Oil sanctions tightened. "
            "The Black Sea Fleet shelled the grain corridor.")
    tags = tag_narratives(text, taxonomy=path)
    assert tags["narrative"].tolist() == ["grain", "sanctions"]
    assert tags["label"].tolist() == ["Grain exports", "sanctions"]
    assert tags["score"].tolist() == [1.0, 0.5]
    cov = narrative_coverage(tags)
    assert list(cov.columns) == ["grain", "sanctions"]
    assert load_taxonomy(str(path)).name == "mine"


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("[[narrative]\nid = 'x'\n", "not valid TOML"),
        ("name = 'x'\n", "no narratives"),
        ("title = 'x'\n", "unknown top-level key"),
        ("[[narrative]]\nlabel = 'x'\nphrases = ['a']\n", "'id'"),
        ("[[narrative]]\nid = 'x'\nphrase = ['a']\n", "unknown key(s) 'phrase'"),
        ("[[narrative]]\nid = 'x'\nphrases = ['a(']\n", "not a valid regular expression"),
        ("[[narrative]]\nid = 'x'\n", "no cues"),
        ("[[narrative]]\nid = 'x'\nphrases = 'a'\nweight = 2\n", "weight must be"),
        ("[[narrative]]\nid = 'x'\nphrases = [1]\n", "list of strings"),
        ("[[narrative]]\nid = 'x'\n[[narrative.cooccur]]\ngroups = [['a']]\n", "two groups"),
        ("[[narrative]]\nid = 'x'\nphrases = ['a']\n[[narrative]]\nid = 'x'\nphrases = ['b']\n",
         "more than once"),
    ],
)
def test_bad_taxonomy_file_names_the_file_and_the_problem(tmp_path, content, problem):
    path = tmp_path / "bad.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(TaxonomyError) as info:
        load_taxonomy(path)
    message = str(info.value)
    assert str(path.resolve()) in message
    assert problem in message
    assert isinstance(info.value, ValueError)


def test_missing_taxonomy_file_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="neither a built-in"):
        load_taxonomy(tmp_path / "nope.toml")


# ----------------------------------------------------------------------------- coverage


def test_coverage_rows_are_sources_in_document_order_and_all_narratives_present(docs, tags):
    sources = [""] * len(docs)
    sources[1] = "Outlet B"
    sources[3] = "Outlet B"
    with_sources = docs.assign(source=pd.Series(sources, dtype="str"))
    cov = narrative_coverage(tags, with_sources)
    expected_rows = [docs["doc_id"][0], "Outlet B", docs["doc_id"][2], docs["doc_id"][4]]
    assert cov.index.tolist() == expected_rows
    assert cov.columns.tolist() == TWELVE
    assert (cov.dtypes == "int64").all()
    n_sentences = tags.groupby("narrative").size()
    assert cov.sum().loc[n_sentences.index].tolist() == n_sentences.tolist()
    assert cov.loc[docs["doc_id"][4], PRO_KREMLIN] > 0
    assert cov.drop(index=docs["doc_id"][4])[PRO_KREMLIN].eq(0).all()

    n_docs = narrative_coverage(tags, with_sources, value="documents")
    assert n_docs.loc["Outlet B"].max() <= 2
    strength = narrative_coverage(tags, with_sources, value="strength")
    assert (strength.dtypes == "float64").all()
    assert strength.to_numpy().min() >= 0 and strength.to_numpy().max() <= 1


def test_coverage_keeps_sources_without_tags_and_empty_tags():
    docs = pd.DataFrame({"doc_id": ["a", "b"], "source": ["X", "Y"],
                         "text": ["Kyiv was quiet.", "Putin refused any ceasefire."]})
    cov = narrative_coverage(tag_narratives(docs), docs)
    assert cov.index.tolist() == ["X", "Y"]
    assert cov.loc["X"].sum() == 0
    empty = narrative_coverage(tag_narratives(docs.iloc[:1]), docs.iloc[:1])
    assert empty.shape == (1, 12)
    with pytest.raises(ValueError, match="value must be"):
        narrative_coverage(tag_narratives(docs), docs, value="share")

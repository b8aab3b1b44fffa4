"""Learned narrative taggers: training, plain-data storage, tags with evidence and terms."""

from __future__ import annotations

import zipfile

import numpy as np
import pandas as pd
import pytest

from analystkit._narrative_model import NarrativeModel, analyse
from analystkit.narratives import load_taxonomy, tag_narratives, train_narratives
from analystkit.schemas import NARRATIVE_TAGS

pytest.importorskip("sklearn", reason="training needs scikit-learn (the 'train' extra)")

AID = [
    "The Pentagon paused deliveries of Patriot missiles to Ukraine.",
    "Washington halted the shipment of Patriot interceptors.",
    "The US paused weapons deliveries, the Pentagon said.",
    "Deliveries of Patriot missiles were paused by the Pentagon.",
]
NONE = [
    "The weather in Lviv was warm and sunny.",
    "A football match was played in Kyiv on Sunday.",
    "Farmers harvested wheat across the region.",
    "The museum reopened its doors to visitors.",
]


@pytest.fixture(scope="module")
def model() -> NarrativeModel:
    rows = pd.DataFrame({"text": AID + NONE,
                         "narrative": ["us_aid_pause"] * len(AID) + [""] * len(NONE)})
    return train_narratives(rows, min_df=1)


def test_training_on_sentences_gives_a_sentence_model(model):
    assert model.unit == "sentence"
    assert model.ids == load_taxonomy().ids
    assert model.coef.shape == (len(model.vocabulary), len(model.ids))


def test_tags_keep_schema_evidence_offsets_and_terms(model):
    text = "Kyiv was quiet. The Pentagon paused Patriot deliveries again."
    tags = tag_narratives(text, model=model)
    assert list(tags.columns) == list(NARRATIVE_TAGS.columns)
    assert {c: str(t) for c, t in tags.dtypes.items()} == NARRATIVE_TAGS.columns
    assert tags["narrative"].tolist() == ["us_aid_pause"]
    row = tags.iloc[0]
    assert text[row.start:row.end] == row.evidence
    assert row.evidence.startswith("The Pentagon")
    assert "pentagon" in row.cue or "paused" in row.cue
    assert 0.5 <= row.score <= 1.0


def test_threshold_is_settable(model):
    text = "The Pentagon paused Patriot deliveries again."
    assert len(tag_narratives(text, model=model, threshold=0.999)) == 0
    assert len(tag_narratives(text, model=model, threshold=0.01)) >= 1


def test_saved_model_is_plain_arrays_and_round_trips(model, tmp_path):
    path = model.save(tmp_path / "m.npz")
    with zipfile.ZipFile(path) as z:
        assert sorted(z.namelist()) == ["coef.npy", "idf.npy", "intercept.npy", "meta.npy",
                                        "vocabulary.npy"]
    with np.load(path, allow_pickle=False) as data:  # loads without pickle
        assert data["coef"].dtype == np.float32
    again = NarrativeModel.load(path)
    text = "The Pentagon paused Patriot deliveries again. Wheat was harvested."
    a = tag_narratives(text, model=model)
    b = tag_narratives(text, model=path)
    assert a["narrative"].tolist() == b["narrative"].tolist()
    assert np.allclose(a["score"], b["score"], atol=1e-3)
    assert again.ids == model.ids


def test_unknown_label_is_an_error_unless_ignored():
    rows = pd.DataFrame({"text": AID[:2], "narrative": ["no_such_narrative", "us_aid_pause"]})
    with pytest.raises(ValueError, match="no_such_narrative"):
        train_narratives(rows, min_df=1)
    train_narratives(rows, min_df=1, unknown="ignore")


def test_input_is_not_modified():
    rows = pd.DataFrame({"text": AID + NONE,
                         "narrative": ["us_aid_pause"] * len(AID) + ["Other"] * len(NONE)})
    before = rows.copy()
    train_narratives(rows, min_df=1)
    pd.testing.assert_frame_equal(rows, before)


def test_document_model_matches_scikit_learn_probabilities():
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [" ".join(AID[i % 4] for _ in range(3)) + " " + NONE[i % 4] for i in range(8)]
    texts += [" ".join(NONE) + f" Item {i}." for i in range(8)]
    labels = ["us_aid_pause"] * 8 + [""] * 8
    model = train_narratives(pd.DataFrame({"text": texts, "narrative": labels}),
                             unit="document", min_df=1)
    vec = TfidfVectorizer(analyzer=analyse, sublinear_tf=True, min_df=1)
    vec.fit(texts)
    k = model.ids.index("us_aid_pause")
    probe = AID[0] + " " + NONE[1]
    tags = tag_narratives(probe, model=model, threshold=0.0)
    got = float(tags.loc[tags["narrative"] == "us_aid_pause", "score"].iloc[0])
    x = vec.transform([probe]).toarray()[0]
    order = [model.vocabulary[w] for w in vec.get_feature_names_out()]
    z = model.intercept[k] + x @ model.coef[order, k]
    assert got == pytest.approx(1 / (1 + np.exp(-z)), abs=1e-3)


def test_semeval_taxonomy_ships_a_model_and_cues_stay_available():
    tax = load_taxonomy("semeval-urw")
    assert tax.model.endswith("semeval_urw_model.npz")
    text = ("NATO risks dragging the world into a nuclear war with Russia, a third world war. "
            "Western sanctions have backfired on Europe.")
    learned = tag_narratives(text, "semeval-urw")
    cues = tag_narratives(text, "semeval-urw", method="cues")
    assert set(learned["narrative"]) <= set(tax.ids)
    assert len(cues) >= 1
    assert {c: str(t) for c, t in learned.dtypes.items()} == NARRATIVE_TAGS.columns


def test_default_taxonomy_without_model_cannot_be_forced_to_model():
    with pytest.raises(ValueError, match="no trained model"):
        tag_narratives("Kyiv.", method="model")


def test_semeval_articles_train_in_seconds(shared):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from semeval_narratives import CSV, gold_sets

    if not CSV.exists():
        pytest.skip(f"needs {CSV}")
    articles = pd.read_csv(CSV)
    articles["narrative"] = [";".join(sorted(g)) for g in gold_sets(articles)]
    model = train_narratives(articles.head(60), "semeval-urw", unknown="ignore")
    assert model.unit == "document"
    tags = tag_narratives(articles.head(5).assign(doc_id=lambda f: f["file"]), "semeval-urw",
                          model=model)
    assert (tags["end"] > tags["start"]).all()

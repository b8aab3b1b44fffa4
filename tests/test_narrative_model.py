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
    assert model.cue_keys  # the default taxonomy's cues are columns too
    with zipfile.ZipFile(path) as z:
        assert sorted(z.namelist()) == ["coef.npy", "cue_coef.npy", "cue_keys.npy", "idf.npy",
                                        "intercept.npy", "meta.npy", "vocabulary.npy"]
    with np.load(path, allow_pickle=False) as data:  # loads without pickle
        assert data["coef"].dtype == np.float32
        assert data["cue_coef"].shape == (len(model.cue_keys), len(model.ids))
    again = NarrativeModel.load(path)
    text = "The Pentagon paused Patriot deliveries again. Wheat was harvested."
    a = tag_narratives(text, model=model)
    b = tag_narratives(text, model=path)
    assert a["narrative"].tolist() == b["narrative"].tolist()
    assert np.allclose(a["score"], b["score"], atol=1e-3)
    assert again.ids == model.ids and again.cue_keys == model.cue_keys


def test_words_only_model_has_the_five_arrays(tmp_path):
    rows = pd.DataFrame({"text": AID + NONE,
                         "narrative": ["us_aid_pause"] * len(AID) + [""] * len(NONE)})
    words = train_narratives(rows, min_df=1, cues=False)
    assert words.cue_keys == [] and words.cue_coef is None
    path = words.save(tmp_path / "w.npz")
    with zipfile.ZipFile(path) as z:
        assert sorted(z.namelist()) == ["coef.npy", "idf.npy", "intercept.npy", "meta.npy",
                                        "vocabulary.npy"]
    assert NarrativeModel.load(path).cue_keys == []


def test_cue_columns_explain_the_tag_and_survive_an_edited_taxonomy(model, tmp_path):
    # "paused" + "shipment" of Patriot fires the us_aid_pause cues: its column weighs
    text = "Officials said the Pentagon paused a shipment of Patriot missiles."
    tags = tag_narratives(text, model=model)
    assert tags["narrative"].tolist() == ["us_aid_pause"]
    assert "cue " in tags.loc[0, "cue"]
    k = model.ids.index("us_aid_pause")
    fired = [j for j, key in enumerate(model.cue_keys) if key.startswith("us_aid_pause|")]
    assert any(model.cue_coef[j, k] > 0 for j in fired)
    # a taxonomy whose cues changed: unknown cue columns are simply absent
    path = tmp_path / "mine.toml"
    path.write_text('[[narrative]]\nid = "us_aid_pause"\nphrases = ["Pentagon halts"]\n',
                    encoding="utf-8")
    other = tag_narratives(text, path, model=model, threshold=0.0)
    assert set(other["narrative"]) <= set(model.ids)
    assert not other["cue"].str.contains("cue ").any()


def test_threshold_chosen_by_cross_validation():
    rows = pd.DataFrame({"text": AID * 3 + NONE * 3,
                         "narrative": ["us_aid_pause"] * 12 + [""] * 12})
    model = train_narratives(rows, min_df=1, threshold="cv")
    assert 0.1 <= model.threshold <= 0.9
    assert model.meta["threshold_from"] == "cv"
    with pytest.raises(ValueError, match="threshold"):
        train_narratives(rows, min_df=1, threshold="best")


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
    """Words and bigrams plus cue columns: the numpy inference gives scikit-learn's
    probability for a pipeline built here from scikit-learn's own pieces."""
    from scipy.sparse import csr_matrix, hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    from analystkit._taxonomy import cue_hits, cue_keys
    from analystkit.sentences import split_sentences

    texts = [" ".join(AID[i % 4] for _ in range(3)) + " " + NONE[i % 4] for i in range(8)]
    texts += [" ".join(NONE) + f" Item {i}." for i in range(8)]
    labels = ["us_aid_pause"] * 8 + [""] * 8
    model = train_narratives(pd.DataFrame({"text": texts, "narrative": labels}),
                             unit="document", min_df=1)
    tax = load_taxonomy()
    keys = cue_keys(tax)
    assert model.cue_keys == keys

    def cue_columns(text):
        counts = np.zeros(len(keys))
        for key, where in cue_hits(tax, text, split_sentences(text)).items():
            counts[keys.index(key)] = len(where)
        return model.cue_weight * np.log1p(counts)

    vec = TfidfVectorizer(analyzer=analyse, sublinear_tf=True, min_df=1)
    x = hstack([vec.fit_transform(texts),
                csr_matrix(np.array([cue_columns(t) for t in texts]))]).tocsr()
    y = np.array([lab == "us_aid_pause" for lab in labels], dtype=int)
    clf = LogisticRegression(C=4.0, class_weight="balanced", solver="liblinear",
                             max_iter=1000, random_state=0).fit(x, y)
    probe = AID[0] + " " + NONE[1]
    tags = tag_narratives(probe, model=model, threshold=0.0)
    got = float(tags.loc[tags["narrative"] == "us_aid_pause", "score"].iloc[0])
    xp = hstack([vec.transform([probe]), csr_matrix(cue_columns(probe)[None, :])])
    assert got == pytest.approx(clf.predict_proba(xp)[0, 1], abs=1e-3)


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


def test_semeval_cross_validated_f1_guard(shared):
    """The benchmark's 5-fold CV by article (threshold chosen by a nested CV inside each
    training fold): samples F1 0.475 overall and 0.410 on narrative-bearing articles when
    this guard was set (targets of issue 17: 0.65 and 0.45, not reached)."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    import semeval_narratives as bench

    if not bench.CSV.exists():
        pytest.skip(f"needs {bench.CSV}")
    articles, golds = bench.load_articles()
    preds = bench.cross_validate(articles)[0]
    bearing = [i for i, g in enumerate(golds) if g]
    overall = bench.samples_f1(golds, preds)
    narrative_bearing = bench.samples_f1([golds[i] for i in bearing],
                                         [preds[i] for i in bearing])
    assert overall >= 0.47, overall
    assert narrative_bearing >= 0.40, narrative_bearing
    assert overall > bench.samples_f1(golds, [frozenset()] * len(golds)) + 0.1  # all-Other


def test_shipped_semeval_model_threshold_came_from_cross_validation():
    from analystkit._narrative_model import load_model

    model = load_model(load_taxonomy("semeval-urw").model)
    assert model.meta.get("threshold_from") == "cv"
    assert 0.1 <= model.threshold <= 0.9
    assert model.meta["n_examples"] == 178

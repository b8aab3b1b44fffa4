"""The figures spec (shared/spec/figures.md), example by example, plus invariants."""

from __future__ import annotations

import math
import subprocess
import sys

import pandas as pd
import pytest

from analystkit.figures import extract_figures
from analystkit.schemas import FIGURES


def fig(text: str, **kw) -> pd.DataFrame:
    return extract_figures(text, **kw)


def one(text: str, mention_part: str) -> pd.Series:
    f = fig(text)
    hits = f[f["mention"].str.contains(mention_part, regex=False)]
    assert len(hits) == 1, f"expected one figure with {mention_part!r}: {f.mention.tolist()}"
    return hits.iloc[0]


# -- table -------------------------------------------------------------------------------

def test_schema_and_dtypes():
    f = fig("Russia launched 539 drones, according to Ukraine's Air Force.")
    FIGURES.validate(f)
    assert list(f.columns) == FIGURES.names
    assert f["doc_id"].dtype == "str" and f["value"].dtype == "float64"


def test_empty_input_gives_empty_typed_table():
    f = fig("")
    FIGURES.validate(f)
    assert f.empty


def test_input_frame_not_mutated_and_ids_kept():
    docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["Two drones were shot down.", "None."]})
    before = docs.copy()
    f = extract_figures(docs)
    pd.testing.assert_frame_equal(docs, before)
    assert f["doc_id"].tolist() == ["a"]


def test_missing_columns_error_is_clear():
    with pytest.raises(ValueError, match="doc_id"):
        extract_figures(pd.DataFrame({"body": ["x"]}))


# -- one row per mention -----------------------------------------------------------------

def test_coordinated_figures_are_separate_rows():
    f = fig("Russia fired six ballistic and four cruise missiles and 539 drones and 11 missiles.")
    assert f["value"].tolist() == [6, 4, 539, 11]
    assert f["measure"].tolist() == ["launched"] * 4


def test_repeated_figure_is_two_rows():
    f = fig("92 drones downed\nThe military intercepted 92 drones.")
    assert f["value"].tolist() == [92, 92]


# -- numbers -----------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,227 soldiers were killed.", 1227),
        ("38.5 tonnes of aid arrived.", 38.5),
        ("ninety-nine people were killed.", 99),
        ("a hundred and twenty people were killed.", 120),
        ("a dozen drones were shot down.", 12),
        ("a couple of drones were shot down.", 2),
        ("a pair of missiles hit the port.", 2),
        ("Germany pledged 38 billion euros in military aid to Ukraine.", 3.8e10),
        ("The US pledged $1.7bn in aid to Ukraine.", 1.7e9),
        ("Britain gave £300m in military aid to Ukraine.", 3e8),
    ],
)
def test_number_values(text, value):
    f = fig(text)
    assert f["value"].iloc[0] == pytest.approx(value)


def test_currencies_and_parentheses():
    f = fig("Germany has provided 38 billion euros ($43 billion) in military aid to Ukraine.")
    assert f[["item", "value", "measure"]].values.tolist() == [
        ["EUR", 3.8e10, "aid_money"], ["USD", 4.3e10, "aid_money"]]
    assert (f["value"] > 0).all()
    assert f["mention"].tolist() == ["38 billion euros", "$43 billion"]


@pytest.mark.parametrize(
    ("phrase", "value"),
    [("tens of", 10), ("dozens of", 12), ("hundreds of", 100), ("thousands of", 1000)],
)
def test_vague_plurals_follow_acled(phrase, value):
    row = one(f"{phrase.capitalize()} drones were launched at Kyiv.", "drones")
    assert (row.value, row.qualifier, row.low) == (value, "at_least", value)
    assert math.isnan(row.high)


def test_article_counts_only_where_it_plainly_counts():
    row = one("A child was injured in the strike.", "child")
    assert (row.value, row.measure, row["item"]) == (1, "injured", "child")
    for text in ("A U.S. official said the talks failed.", "It was a blunt message.",
                 "The talks lasted a week.", "It was a drone."):
        assert fig(text)["is_core"].sum() == 0, text


@pytest.mark.parametrize(
    "text",
    [
        "On July 4, 2025 the talks resumed.",
        "The alert ended at 9 a.m. today.",
        "The alert ran from 1:00 p.m. to 4:00 p.m.",
        "The war began in 2022.",
        "A 12-year-old boy was among the residents.",
        "Reid died last December, aged 82.",
        "Ukraine War Day 1,227: a new attack.",
        "Turnout was 45% in the region.",
        "The call lasted about 40 minutes.",
        "It was the second-largest attack, the first in weeks.",
        "Live 8 May 2022 21.48 Kyiv was quiet.",
    ],
)
def test_dates_times_years_ages_counters_are_never_counts(text):
    f = fig(text)
    assert not f["is_core"].any(), f[["mention", "measure"]]
    assert not f["item"].isin(["drone", "missile", "person", "child", "soldier"]).any()


def test_day_counter_and_duration_items():
    assert one("Ukraine War Day 1,227: attack", "1,227")["item"] == "day"
    row = one("The call lasted about 40 minutes.", "40")
    assert (row["item"], row.qualifier, row.measure) == ("minute", "approx", "other")


def test_model_numbers_are_not_figures():
    f = fig("Russia used Kh-101 missiles, Shahed-136 drones and an F-16 was seen.")
    assert not f["value"].isin([101, 136, 16]).any()


def test_hostile_numbers_stay_finite():
    f = fig("1e308 drones and 999,999,999,999,999 drones and $-5bn and " + "9" * 5000 + " missiles")
    finite = f["value"].map(math.isfinite)
    assert finite.all()
    assert (f["value"] >= 0).all()


# -- qualifiers --------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("hedge", "qualifier"),
    [
        ("around", "approx"), ("about", "approx"), ("approximately", "approx"),
        ("roughly", "approx"), ("some", "approx"), ("nearly", "approx"), ("almost", "approx"),
        ("an estimated", "approx"),
        ("at least", "at_least"), ("more than", "at_least"), ("over", "at_least"),
        ("upwards of", "at_least"), ("no fewer than", "at_least"), ("in excess of", "at_least"),
        ("up to", "at_most"), ("as many as", "at_most"), ("fewer than", "at_most"),
        ("less than", "at_most"), ("no more than", "at_most"), ("at most", "at_most"),
    ],
)
def test_qualifier_table(hedge, qualifier):
    row = one(f"Officials said {hedge} 40 people were killed.", "40")
    assert row.qualifier == qualifier
    assert row.mention.startswith(hedge)
    if qualifier == "approx":
        assert math.isnan(row.low) and math.isnan(row.high)
    elif qualifier == "at_least":
        assert row.low == 40 and math.isnan(row.high)
    else:
        assert row.high == 40 and math.isnan(row.low)


def test_around_a_dozen():
    row = one("Russia launched around a dozen missiles.", "dozen")
    assert (row.value, row.qualifier, row["item"]) == (12, "approx", "missile")


@pytest.mark.parametrize("text", ["between 10 and 15 people were killed",
                                  "10-15 people were killed", "10 to 15 people were killed"])
def test_ranges(text):
    row = fig(text).iloc[0]
    assert (row.qualifier, row.low, row.high, row.value) == ("range", 10, 15, 12.5)


def test_exact_bounds():
    row = one("Russia launched 539 drones.", "539")
    assert (row.qualifier, row.low, row.high) == ("exact", 539, 539)


def test_hedge_governs_first_figure_only():
    f = fig("At least one person was killed and 23 people injured.")
    assert f["qualifier"].tolist() == ["at_least", "exact"]
    assert f["measure"].tolist() == ["killed", "injured"]


# -- measures and items ------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "measure", "item"),
    [
        ("The attack involved 539 drones.", "launched", "drone"),
        ("Russia attacked Kyiv with 539 drones.", "launched", "drone"),
        ("23 munitions were fired toward Donetsk.", "launched", "munition"),
        ("13 missiles hit a military airfield.", "struck", "missile"),
        ("Air defence shot down 12 Ukrainian UAVs.", "intercepted", "drone"),
        ("Forces destroyed 30 Shaheds overnight.", "intercepted", "drone"),
        ("The military neutralised 40 Shahed drones.", "intercepted", "drone"),
        ("Five people were killed.", "killed", "person"),
        ("Rescuers found 12 bodies.", "killed", "person"),
        ("Casualties included one fatality.", "killed", "person"),
        ("Nine civilians were wounded.", "injured", "civilian"),
        ("Three children were hospitalised.", "injured", "child"),
        ("Two soldiers were hurt.", "injured", "soldier"),
        ("The US pledged $500m in military aid to Ukraine.", "aid_money", "USD"),
        ("The US suspended 30 Patriot air defense missiles for Ukraine.", "aid_materiel",
         "interceptor missile"),
        ("Germany has sent three Patriot systems to Ukraine.", "aid_materiel", "patriot system"),
        ("Five residential districts were damaged.", "other", "district"),
    ],
)
def test_measures_and_items(text, measure, item):
    row = fig(text).iloc[0]
    assert (row.measure, row["item"]) == (measure, item)
    assert row.category == {"launched": "attack", "struck": "attack", "intercepted": "defence",
                            "killed": "casualties", "injured": "casualties", "aid_money": "aid",
                            "aid_materiel": "aid", "other": "other"}[measure]
    assert row.is_core == (measure != "other")


def test_a_missile_that_destroys_a_hotel_struck():
    assert one("A missile destroyed a hotel in Kramatorsk.", "missile").measure == "struck"


def test_compound_is_not_a_count():
    assert fig("Russia launched a missile attack on Odesa.")["is_core"].sum() == 0


def test_domestic_money_is_not_war_aid():
    assert one("We introduced a £37bn package to help households.", "£37bn").measure == "other"


def test_list_head_governs_bullets():
    text = ("Russia employed a variety of aerial weapons:\n"
            "- One “Kinzhal” ballistic missile, intercepted only by Patriot systems.\n"
            "- Six ballistic missiles and four cruise missiles, with Ukraine shooting down two "
            "cruise missiles.")
    f = fig(text)
    assert f[["value", "measure", "item"]].values.tolist() == [
        [1, "launched", "ballistic missile"], [6, "launched", "ballistic missile"],
        [4, "launched", "cruise missile"], [2, "intercepted", "cruise missile"]]


@pytest.mark.parametrize("phrase", ["UAVs", "Shaheds", "Shahed drones", "unmanned aerial vehicles"])
def test_drone_items_normalise(phrase):
    assert fig(f"Air defence shot down 40 {phrase}.").iloc[0]["item"] == "drone"


def test_including_a_child_takes_the_injury():
    f = fig("Casualties included one fatality and 26 injuries, including a child.")
    assert f[["value", "measure", "item"]].values.tolist() == [
        [1, "killed", "person"], [26, "injured", "person"], [1, "injured", "child"]]


def test_side_from_the_phrase():
    assert one("Russia shot down 12 Ukrainian UAVs.", "12").side == "ukraine"
    assert one("Hundreds of Russian drones swarmed the capital.", "Hundreds").side == "russia"


# -- attribution -------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Russia launched 539 drones, according to Ukraine's Air Force.", "Ukraine's Air Force"),
        ("Ukraine's Air Force said Russia launched 539 drones.", "Ukraine's Air Force"),
        ("Five people were killed, said Kyiv Mayor Vitali Klitschko.",
         "Kyiv Mayor Vitali Klitschko"),
        ("Five people were killed, the regional governor said.", "the regional governor"),
        ("The Russian Defense Ministry confirmed 12 drones were shot down.",
         "The Russian Defense Ministry"),
        ("Zelenskiy's Telegram post said 23 people were injured.", "Zelenskiy's Telegram post"),
        ("Reuters quoted a source as saying 30 missiles were paused for Ukraine.", "a source"),
        ("Two people died.", ""),
        ("Casualties included 26 injuries, reported across affected regions.", ""),
        ("With reports indicating that 23 munitions were fired.", ""),
    ],
)
def test_attribution(text, source):
    assert fig(text).iloc[0].attributed_to == source


def test_attribution_chain_credits_the_nearer_source():
    row = one("Ukraine's Air Force accused Russia of launching 539 drones, according to Reuters.",
              "539")
    assert (row.attributed_to, row.attribution_chain) == ("Ukraine's Air Force", "Reuters")


def test_bullet_list_inherits_the_heads_attribution():
    text = "According to the air force:\n- 539 drones were launched\n- 11 missiles were launched"
    assert fig(text)["attributed_to"].tolist() == ["the air force", "the air force"]


# -- seeds, corpora, scorer, CLI ---------------------------------------------------------

def _docs(path):
    import analystkit as ak

    return ak.load_corpus(path)


def _assert_spans(docs: pd.DataFrame, figures: pd.DataFrame) -> None:
    texts = dict(zip(docs["doc_id"], docs["text"], strict=True))
    bad = [r for r in figures.itertuples() if texts[r.doc_id][r.start:r.end] != r.mention]
    assert not bad, bad[:3]
    sent_ok = [texts[r.doc_id][r.sentence_start:r.sentence_start + len(r.sentence)] == r.sentence
               for r in figures.itertuples()]
    assert all(sent_ok)


def test_spans_on_the_seeds(seeds_dir):
    docs = _docs(seeds_dir)
    figures = extract_figures(docs)
    assert len(figures) > 25
    _assert_spans(docs, figures)


@pytest.mark.parametrize(
    "relative",
    [
        "corpora/guardian_nyt_2022/Guardians_Russia_Ukraine.csv",
        "corpora/guardian_nyt_2022/NYT_Russia_Ukraine.csv",
        "corpora/gdelt_ukraine_news/articles.csv",
        "corpora/semeval2025_task10_en_urw/EN_URW_articles_labelled.csv",
    ],
)
def test_spans_on_the_shared_corpora(relative, shared):
    import warnings

    path = shared / relative
    if not path.exists():
        pytest.skip(f"needs ../shared/{relative}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        docs = _docs(path)
    figures = extract_figures(docs)
    assert len(figures) > 100
    FIGURES.validate(figures)
    _assert_spans(docs, figures)


def test_seed_score_against_gold(tmp_path, root, shared):
    scorer = shared / "tools/score_figures.py"
    gold = shared / "gold/seed_figures.csv"
    pred = tmp_path / "pred.csv"
    out = subprocess.run([sys.executable, "-m", "analystkit", "figures", str(root / "seeds"),
                          "--format", "csv"], capture_output=True, text=True, check=True)
    pred.write_text(out.stdout, encoding="utf-8")
    res = subprocess.run([sys.executable, str(scorer), "--gold", str(gold), "--pred", str(pred),
                          "--json"], capture_output=True, text=True, check=True)
    import json

    score = json.loads(res.stdout.splitlines()[0])
    assert score["f1"] >= 0.95, score
    assert score["qualifier_agreement"] >= 0.95, score
    assert score["attribution_agreement"] == 1.0, score  # measured 1.0 (2026-12-04)


def test_cli_csv_to_stdout_and_core_only(root):
    out = subprocess.run([sys.executable, "-m", "analystkit", "figures", str(root / "seeds"),
                          "--format", "csv", "--core-only"], capture_output=True, text=True,
                         check=True)
    from io import StringIO

    table = pd.read_csv(StringIO(out.stdout))
    assert set(FIGURES.names) <= set(table.columns)
    assert (table["measure"] != "other").all()
    assert "loaded 5 document(s)" in out.stderr


def test_custom_lexicon_adds_a_weapon(tmp_path):
    from analystkit._resources import data_path

    text = data_path("figures_lexicon.toml").read_text(encoding="utf-8")
    text += '\n[[item]]\nitem = "glide bomb"\nclass = "weapon"\npatterns = ["FAB-\\\\d+s?"]\n'
    custom = tmp_path / "lexicon.toml"
    custom.write_text(text, encoding="utf-8")
    row = extract_figures("Russia dropped 40 FAB-500s on Kharkiv.", lexicon=str(custom)).iloc[0]
    assert row["item"] == "glide bomb"


def test_bad_lexicon_names_the_file(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("this is = = not toml", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.toml"):
        extract_figures("5 drones", lexicon=str(bad))



def test_list_head_does_not_govern_a_plain_paragraph():
    text = ("The air force said:\nRussia launched 40 drones. Ten people were killed. "
            "Twelve drones were shot down.")
    f = fig(text)
    assert f["attributed_to"].tolist() == ["", "", ""]

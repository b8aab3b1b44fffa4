"""Figures on real news phrasing (issue 13): parts of totals, lists, money, casualty
phrasing, scope, aid status, sides, items and numerals.

Each sentence has the shape of one seen in a real article (dev set, GDELT, Guardian,
air-attack reports); none is a rule for one sentence.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analystkit.figures import extract_figures
from analystkit.schemas import FIGURES


def rows(text: str) -> list[tuple]:
    f = extract_figures(text)
    return [(r.value, r.measure, r.item) for r in f.itertuples()]


def core(text: str) -> pd.DataFrame:
    f = extract_figures(text)
    return f[f["is_core"]].reset_index(drop=True)


# -- the new columns ------------------------------------------------------------------------

def test_new_columns_are_in_the_schema_with_their_dtypes():
    f = extract_figures("Air defences downed 15 out of 22 Shahed drones overnight.")
    FIGURES.validate(f)
    assert list(f.columns) == FIGURES.names
    for col, dtype in {"part_of": "Int64", "same_as": "Int64", "scope": "str",
                       "aid_status": "str"}.items():
        assert col in FIGURES.names
        assert str(f[col].dtype) == str(pd.Series(dtype=dtype).dtype), col
    empty = extract_figures("")
    FIGURES.validate(empty)
    assert str(empty["part_of"].dtype) == "Int64"


def test_new_columns_are_in_the_docstring_table():
    doc = extract_figures.__doc__
    for col in ("part_of", "same_as", "scope", "aid_status"):
        assert col in doc, col
        assert FIGURES.doc[col]


def test_links_are_missing_where_nothing_is_linked():
    f = extract_figures("Russia launched 539 drones and 11 missiles.")
    assert f["part_of"].isna().all() and f["same_as"].isna().all()


# -- parts of a total -----------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "part", "total", "item"),
    [
        ("Ukraine's air force said 15 out of 22 Shahed drones were downed overnight.",
         15, 22, "drone"),
        ("Air defences destroyed 18 of 29 inbound missiles.", 18, 29, "missile"),
        ("Ukrainian forces shot down 24 out of 52 drones launched by Russia.", 24, 52, "drone"),
        ("Air defence units downed 33 of 50 drones, the air force said.", 33, 50, "drone"),
        ("Air defences downed 25 of 28 attack drones.", 25, 28, "drone"),
    ],
)
def test_part_of_a_total(text, part, total, item):
    f = extract_figures(text)
    p = f[f["value"] == part].iloc[0]
    t = f[f["value"] == total].iloc[0]
    assert (p.measure, p["item"]) == ("intercepted", item)
    assert (t.measure, t["item"]) == ("launched", item)
    assert p.part_of == t.start
    assert pd.isna(t.part_of)


def test_part_of_a_total_takes_the_weapon_named_before():
    # "shooting down incoming missiles, disabling 16 of the 36 launched Thursday"
    text = ("Ukraine's air defenses have had some success in shooting down incoming missiles, "
            "disabling 16 of the 36 launched Thursday.")
    f = core(text)
    assert rows_of(f) == [(16, "intercepted", "missile"), (36, "launched", "missile")]
    assert f["part_of"].iloc[0] == f["start"].iloc[1]


def test_the_remaining_ones_are_a_part_of_the_same_total():
    text = ("Air defences brought down two of four missiles, with the remaining two "
            "hitting the port.")
    f = core(text)
    assert rows_of(f) == [(2, "intercepted", "missile"), (4, "launched", "missile"),
                          (2, "struck", "missile")]
    total = f["start"].iloc[1]
    assert f["part_of"].tolist()[0] == total and f["part_of"].tolist()[2] == total


def test_of_which_is_a_part_of_the_figure_before():
    f = core("Russia launched 50 drones, 33 of which were shot down.")
    assert rows_of(f) == [(50, "launched", "drone"), (33, "intercepted", "drone")]
    assert f["part_of"].iloc[1] == f["start"].iloc[0]
    assert f["side"].tolist() == ["russia", "russia"]  # the same drones


def test_all_of_them_shot_down_is_the_total():
    f = core("All 14 drones launched were shot down, the air force said.")
    assert rows_of(f) == [(14, "launched", "drone")]


def test_one_of_the_missiles_is_not_a_total():
    f = extract_figures("One of the missiles hit a school.")
    assert f["part_of"].isna().all()


# -- lists ----------------------------------------------------------------------------------

def test_list_of_ranks_takes_the_verb_at_its_end():
    f = core("Four Russian generals, 58 colonels and 176 lieutenant colonels were confirmed "
             "killed.")
    assert rows_of(f) == [(4, "killed", "soldier"), (58, "killed", "soldier"),
                          (176, "killed", "soldier")]


def test_list_with_an_unknown_word_takes_the_item_before():
    f = core("Two colonels, three lieutenantists and 12 officers were also killed.")
    assert f["value"].tolist() == [2, 3, 12]
    assert set(f["measure"]) == {"killed"}


def test_list_takes_the_verb_of_its_head():
    text = ("Ukraine's air defense shot down two Iskander-M or KN-23 ballistic missiles, two "
            "cruise Kh-59 cruise missiles and 15 attack drones that Russia launched overnight.")
    f = core(text)
    assert rows_of(f) == [(2, "intercepted", "ballistic missile"),
                          (2, "intercepted", "cruise missile"), (15, "intercepted", "drone")]
    assert set(f["side"]) == {"russia"}


def test_a_phrase_saying_which_ones_does_not_break_the_list():
    text = ("The Ukrainian air force said it had shot down 10 missiles fired from the Caspian "
            "Sea, 23 Iranian-made Shahed drones and two reconnaissance drones.")
    assert [m for _, m, _ in rows(text)] == ["intercepted"] * 3


def test_a_member_with_its_own_verb_keeps_it():
    f = core("Russia launched 40 drones and 10 were shot down.")
    assert rows_of(f) == [(40, "launched", "drone"), (10, "intercepted", "drone")]
    f = core("Russia launched 50 drones and 40 missiles hit the city.")
    assert f["measure"].tolist() == ["launched", "struck"]


def test_list_members_do_not_inherit_across_another_verb():
    f = core("The attack killed one person, injuring at least 23 and destroying buildings.")
    assert rows_of(f) == [(1, "killed", "person"), (23, "injured", "person")]


def test_attack_list_with_an_adjective_ending_in_ing():
    f = core("In total, 30 maneuvering missiles, 170 combat drones and 120 ballistic missiles "
             "were launched.")
    assert rows_of(f) == [(30, "launched", "cruise missile"), (170, "launched", "drone"),
                          (120, "launched", "ballistic missile")]


def test_aid_package_list_is_materiel():
    text = ("The UK plans to give vital equipment to Kyiv including 400 vehicles, more than "
            "1,600 missiles and 60 boats.")
    assert [m for _, m, _ in rows(text)] == ["aid_materiel"] * 3
    text = ("The package includes 60 boats with offshore raiding craft; more than 1,600 strike "
            "and air defence missiles; more than 400 vehicles.")
    assert set(core(text)["measure"]) == {"aid_materiel"}


def test_cruise_or_ballistic_is_a_missile():
    assert rows("In total 13 cruise or ballistic missiles struck the city.") == [
        (13, "struck", "missile")]


# -- money ----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The US Congress voted through fresh military aid worth $61bn to Ukraine.", 6.1e10),
        ("The House approved a $61 billion aid package for Ukraine.", 6.1e10),
        ("The Pentagon announced an additional $550m tranche for Ukraine.", 5.5e8),
        ("Biden turned to Congress for an additional $ 11 billion 700 million to help "
         "Ukraine.", 1.17e10),
        ("Ukraine will get a military support package worth almost three billion dollars.",
         3e9),
        ("The West shipped tens of billions-worth of sophisticated military hardware to "
         "Ukraine.", 1e10),
    ],
)
def test_aid_money_phrasings(text, value):
    f = core(text)
    assert f["value"].tolist() == [pytest.approx(value)]
    assert f["measure"].tolist() == ["aid_money"]


def test_split_amount_is_one_amount():
    f = extract_figures("Ukrainians will get weapons for about $ 2 billion $ 980 million, "
                        "Biden said of the aid.")
    money = f[f["item"] == "USD"]
    assert money["value"].tolist() == [pytest.approx(2.98e9)]
    assert money["qualifier"].tolist() == ["approx"]


def test_conversion_in_brackets_is_the_same_money():
    f = extract_figures("The measure has $61bn (£49bn) earmarked for Kyiv.")
    assert f[["value", "measure", "item"]].values.tolist() == [
        [6.1e10, "aid_money", "USD"], [4.9e10, "aid_money", "GBP"]]
    assert pd.isna(f["same_as"].iloc[0]) and f["same_as"].iloc[1] == f["start"].iloc[0]


def test_conversion_takes_its_partners_measure():
    f = extract_figures("The US announced more than $8bn (£6.55bn) in security assistance "
                        "to Ukraine.")
    assert f["measure"].tolist() == ["aid_money", "aid_money"]
    assert f["same_as"].iloc[1] == f["start"].iloc[0]
    # two different amounts in a row are not a conversion
    f = extract_figures("Biden requested $8.5bn in economic aid to Kyiv and $3bn in "
                        "humanitarian relief.")
    assert f["same_as"].isna().all()


def test_domestic_money_is_still_not_aid():
    f = extract_figures("A £37bn package to help households with energy bills.")
    assert f["measure"].tolist() == ["other"]


# -- casualty phrasing ----------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "value", "item"),
    [
        ("The last time Kyiv was hit was on 28 April, when a Russian missile killed a "
         "producer for the US-funded Radio Free Europe.", 1, "person"),
        ("The war has claimed the lives of tens of thousands of civilians and soldiers.",
         10000, "civilian"),
        ("At the height of the fighting, 100 people a day on average were killed.", 100,
         "person"),
        ("One man who refused to dig was shot on the spot.", 1, "person"),
        ("Every day, about 100 Ukrainian soldiers are killed.", 100, "soldier"),
    ],
)
def test_casualty_phrasings(text, value, item):
    f = core(text)
    # weapons counted in the same sentence ("a Russian missile" struck) are other rows
    hit = f[(f["value"] == value) & ~f["measure"].isin(["launched", "struck", "intercepted"])]
    assert len(hit) == 1, f[["mention", "measure"]]
    assert (hit["measure"].iloc[0], hit["item"].iloc[0]) == ("killed", item)


def test_three_more_and_another_three():
    f = core("Three more civilians were killed in Kramatorsk and another three in Lyman.")
    assert rows_of(f) == [(3, "killed", "civilian"), (3, "killed", "civilian")]


def test_including_names_and_others_takes_the_toll():
    f = core("The missile strike on Vinnytsia killed 23 people, including Liza and two other "
             "children, and wounded 140 others.")
    assert rows_of(f)[:2] == [(23, "killed", "person"), (2, "killed", "child")]


def test_not_a_toll():
    for text in ("Ukrainian forces eliminated 5,000 troops in a single battle in late January.",
                 "It voted for independence in 1991, a milestone that turned out to be a "
                 "death knell for the failing superpower.",
                 "We killed over 20 million people in 37 victim nations since WW2, he wrote.",
                 "Three Russian bodies linked to the weapons programme were sanctioned.",
                 "Russia, one of five permanent members of the 15-member body, has a veto."):
        f = core(text)
        assert 5000 not in f["value"].tolist() and 37 not in f["value"].tolist(), text
        assert not ((f["value"] == 1) & (f["measure"] == "killed")).any(), text
        assert not ((f["value"] == 3) | (f["value"] == 15)).any(), text
    assert rows_of(core("Ukraine says 59 bodies have been exhumed in Izyum.")) == [
        (59, "killed", "person")]


# -- scope ----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "scope"),
    [
        ("Russian strikes killed 12 people in Kharkiv on Tuesday.", "this_war"),
        ("The siege of Leningrad killed more than 800,000 civilians.", "historical"),
        ("The Holodomor killed millions of Ukrainians in 1932 and 1933.", "historical"),
        ("Millions of Soviet soldiers died in the war.", "historical"),
        ("Fighting in Sudan has killed at least 150,000 people.", "other_war"),
        ("The patriot battery in Iraq shot down one ballistic missile on the route to Israel.",
         "other_war"),
        ("If Russia attacks the plant, 1,000 people could die.", "hypothetical"),
        ("I think the Russians may have killed 80,000 victims in six months.", "this_war"),
    ],
)
def test_scope(text, scope):
    f = core(text)
    assert f["scope"].tolist()[:1] == [scope], f[["mention", "scope"]]


def test_scope_is_empty_for_other_rows():
    f = extract_figures("The talks lasted 3 hours in 1991.")
    assert (f["scope"] == "").all()


def test_a_word_of_this_war_nearer_the_figure_wins():
    f = core("Unlike in Iraq, Russia has lost 5,000 soldiers killed in Ukraine this year.")
    assert f["scope"].tolist() == ["this_war"]


# -- aid status -----------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("The US has paused the delivery of 30 Patriot air defence missiles to Ukraine.",
         "paused"),
        ("Germany refused to send 300 Leopard tanks to Ukraine.", "refused"),
        ("Britain delivered 14 Challenger tanks to Ukraine.", "delivered"),
        ("France pledged 40 Caesar howitzers to Ukraine.", "pledged"),
        ("The Senate approved $61bn in military aid to Ukraine.", "approved"),
    ],
)
def test_aid_status(text, status):
    f = core(text)
    assert f["category"].tolist() == ["aid"], f[["mention", "measure"]]
    assert f["aid_status"].tolist() == [status]


def test_aid_status_is_empty_outside_aid():
    assert (extract_figures("Russia launched 40 drones.")["aid_status"] == "").all()


# -- sides and items ------------------------------------------------------------------------

def test_fired_from_russian_warships_is_russias():
    f = core("Ukraine said it shot down 8 missiles fired from Russian warships in the Black Sea.")
    assert (f["side"].iloc[0], f["measure"].iloc[0]) == ("russia", "intercepted")


@pytest.mark.parametrize(
    ("phrase", "item"),
    [
        ("two Kh-59 cruise missiles", "cruise missile"),
        ("two cruise Kh-59 cruise missiles", "cruise missile"),
        ("four Iskander-M or KN-23 ballistic missiles", "ballistic missile"),
        ("three Kalibr cruise missiles", "cruise missile"),
        ("five S-300 missiles", "ballistic missile"),
        ("two Kh-22 missiles", "cruise missile"),
        ("six Kinzhal missiles", "ballistic missile"),
        ("20 Geran drones", "drone"),
        ("ten Lancet drones", "drone"),
    ],
)
def test_model_names_give_the_class(phrase, item):
    f = core(f"Russia fired {phrase} at Odesa overnight.")
    assert f["item"].tolist() == [item] and f["measure"].tolist() == ["launched"]


def test_weapons_bought_are_not_fired():
    f = extract_figures("Other systems will be purchased, such as 500 Tomahawks from the US.")
    assert f["measure"].tolist() == ["other"]


def test_rocket_strikes_are_strikes_not_rockets():
    f = extract_figures("Russian forces fired eight artillery shells and launched nine rocket "
                        "strikes overnight.")
    assert rows(f"{''}Russian forces launched nine rocket strikes overnight.") == [
        (9, "other", "strike")]
    assert f["is_core"].tolist() == [True, False]


def test_thwarted_drone_attacks_stay_drones_stopped():
    f = core("Putin's Defense Systems Thwart 92 Ukrainian Drone Attacks")
    assert rows_of(f) == [(92, "intercepted", "drone")]


# -- numerals -------------------------------------------------------------------------------

def test_no_fractional_count_and_european_grouping():
    assert rows("Russia launched 1.234 drones in a week.") == [(1234, "launched", "drone")]
    f = extract_figures("Russia launched 2.5 drones per target.")
    assert not f["is_core"].any()


def test_apostrophe_grouping():
    assert rows("Russia fired 1'234 shells.") == [(1234, "launched", "shell")]


def test_exponent_and_impossible_range_are_not_numbers():
    assert extract_figures("Avogadro's number is 6.02×10^23.").empty
    assert extract_figures("Russia launched 5 to 3 drones.").empty
    f = core("Between 10 and 15 drones were shot down.")
    assert (f["value"].iloc[0], f["qualifier"].iloc[0]) == (12.5, "range")
    assert math.isclose(f["low"].iloc[0], 10) and math.isclose(f["high"].iloc[0], 15)


def rows_of(f: pd.DataFrame) -> list[tuple]:
    return [(r.value, r.measure, r.item) for r in f.itertuples()]


# -- what a hand check of 100 GDELT rows found (benchmarks/handcheck) -------------------------

def credit(text: str, mention_start: str) -> str:
    f = extract_figures(text)
    row = f[f["mention"].str.startswith(mention_start)].iloc[0]
    return "" if pd.isna(row["attributed_to"]) else row["attributed_to"]


@pytest.mark.parametrize(
    "text",
    [
        # weapons bought, owned or lost elsewhere are not aid to Ukraine
        "Other systems will be purchased, such as 500 Tomahawks from the US that will give "
        "Japanese submarines a longer reach.",
        "Britain will commit one of its two new aircraft carriers to the defence of Estonia.",
        # a count in a picture, or a generic description, is no event
        "An investigation is under way into an image of a drone downed in Ukraine.",
        "There is a school on one side, and a shell that hits the schoolyard from the other.",
        # a death word that modifies another noun, or belongs to another clause
        "More than 580 death camps were established on the territory of our country.",
        "The US imposed sanctions on hundreds of companies and people tied to the weapons "
        "programme, and individuals linked to the death of opposition leader Alexei Navalny.",
        # the value of assets, or a need, is not aid given
        "The G7 must sign off on the allocation to Ukraine of the $330 billion in immobilised "
        "Russian assets.",
        "The West is unclear how it will provide Ukraine’s $100 billion annual financing need.",
        # "a" of a compound across "and": an attack, not one missile
        "Air defences repelled a major missile and drone attack on Kyiv overnight.",
        # "one of the" picks one out of a group; it counts nothing
        "Kira Oves was one of the journalists injured in the attack.",
    ],
)
def test_not_a_core_figure(text):
    assert core(text).empty, core(text)[["mention", "measure"]]


def test_weapons_are_aid_with_a_word_of_giving_or_a_recipient_nearby():
    f = core("The package includes 60 boats and 162 armoured vehicles.")
    assert set(f["measure"]) == {"aid_materiel"}
    f = core("The UK pledged 14 of its battle tanks last week.")
    assert list(f["measure"]) == ["aid_materiel"]


def test_a_sentence_with_no_verb_goes_on_with_the_aid_of_the_one_before():
    text = ("The UK will deliver more than 1,600 strike and air defence missiles to Ukraine as "
            "military aid.\n\nThere will also be nearly four million rounds of ammunition.")
    f = core(text)
    assert list(f["measure"]) == ["aid_materiel", "aid_materiel"]
    assert f["value"].tolist() == [1600, 4_000_000]
    # with no aid before it, the same sentence keeps the default reading of weapons
    f = core("Russia attacked overnight.\n\nThere were nearly 40 drones.")
    assert list(f["measure"]) == ["launched"]


def test_a_calibre_is_a_unit_not_a_count():
    f = extract_figures("Panzerhaubitze 2000 are finally part of the 155 mm howitzer arsenal "
                        "of the Ukrainian artillery.")
    assert not f["is_core"].any()
    assert "millimetre" in set(f["unit"])


@pytest.mark.parametrize(
    ("text", "start"),
    [
        # the reporter's own words, then someone else's attribution
        ("Russia fired three dozen missiles on Thursday, but officials say they expect next "
         "week's volley to be larger.", "three dozen"),
        # "claimed the lives" reports deaths, not words
        ("Since 2014, Russia's aggression in Ukraine has claimed about 14,000 lives.",
         "about 14,000"),
        # a name inside another word is no speaker: "the United States greenlights"
        ("The EU agrees to send weapons to Ukraine, and the United States greenlights billions "
         "of dollars in military aid.", "billions"),
        # the object of a participle is no speaker
        ("Authorities in Ukraine's Sumy oblast bordering Russia reported four injuries from "
         "51 attacks.", "four injuries"),
    ],
)
def test_credits_nobody_rather_than_the_wrong_source(text, start):
    assert credit(text, start) == ""


def test_the_source_of_a_closing_attribution_before_an_appositive_on_the_event():
    text = ("Emergency workers recovered three bodies from a school hit by a Russian strike, "
            "officials said on Friday, one of a string of attacks as Russia claims its forces "
            "destroyed four rocket systems.")
    assert credit(text, "three bodies") == "officials"


def test_a_verb_that_counts_nothing_ends_the_reach_of_a_casualty_verb():
    f = core("The war has claimed the lives of about 14,000 people, injured at least 30,000, "
             "and forced more than 1.5 million people to flee their homes.")
    assert f[["value", "measure"]].values.tolist() == [[14000, "killed"], [30000, "injured"]]


def test_one_of_a_stated_total_still_counts():
    f = core("At least 10 people were injured when one of the two missiles launched struck a "
             "residential building.")
    assert [1.0, "struck"] in f[["value", "measure"]].values.tolist()

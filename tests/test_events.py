"""Events on the Air Force night: time cues, attackers, linking, parts of totals.

Sentences are the shapes of real reports (tallies dev set, seeds, the issue's cases).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest

import analystkit as ak
from analystkit._events import attacker_of
from analystkit._timecues import day_text, resolve_night
from analystkit.compare import compare_figures, source_values

# (sentence, publication date, the Air Force night)
NIGHTS = [
    # the morning report: "overnight" / a weekday or date of the report is the night before
    ("Russia launched 33 drones and 2 missiles at Ukraine overnight, with air defenses "
     "destroying 22 drones, the Ukrainian military said on Thursday.", "2024-01-18",
     "2024-01-17"),
    ("Ukraine shot down all 14 drones launched at its territory by Russia overnight, its "
     "air force said on Friday morning.", "2023-12-15", "2023-12-14"),
    ("Ukrainian forces downed 18 of the 25 Shahed attack drones launched by Russia "
     "overnight, the Air Force reported on Dec. 1.", "2023-12-01", "2023-11-30"),
    ("Ukrainian troops downed all 21 Shahed-136/131 drones launched by Russia overnight, "
     "the Air Force reported in the morning of Nov. 29.", "2023-11-29", "2023-11-28"),
    ("Last night the Ukrainian Defense Forces shot down 24 Shahed kamikaze drones launched "
     "by Russia across the country.", "2023-01-26", "2023-01-25"),
    ("Tonight, our sky defenders managed to take down 8 out of 9 Shahed attack drones.",
     "2024-03-25", "2024-03-24"),
    # the Ukrainian convention: the night of D is the night into D
    ("On the night of January 26, the Russian occupiers resumed attacks against Ukraine.",
     "2023-01-26", "2023-01-25"),
    ("On the night of August 23, Russia launched 105 drones.", "2023-08-24", "2023-08-22"),
    ("shot down 50 of the 73 drones launched by Russia overnight on Nov. 24", "2024-11-24",
     "2024-11-23"),
    ("Russia unleashed its heaviest drone and missile assault of the war overnight Friday.",
     "2025-07-04", "2025-07-03"),
    # a span, an evening or a clock time from 08:00 starts the night on that day
    ("539 drones and 11 missiles into Ukraine on the night of July 3 and early morning of "
     "July 4", "2025-07-05", "2025-07-03"),
    ("17 missiles and 31 drones had been launched during the attacks, which started at "
     "around 10:00 p.m. (1900 GMT) on Thursday (May 25) and continued until 5:00 a.m. on "
     "Friday.", "2023-05-26", "2023-05-25"),
    ("Several explosions rang out in the Ukrainian capital of Kyiv late on Monday.",
     "2024-08-06", "2024-08-05"),
    ("Russia launched 40 drones on Sunday evening.", "2024-03-26", "2024-03-24"),
    # ... but the time of a report is not the time of the attack
    ("As of 9 a.m. on Monday, four Russian drones remained in Ukrainian airspace.",
     "2024-11-25", "2024-11-24"),
    # the small hours of D are night D-1, a bare day of an attack too
    ("The first missiles were launched Thursday at 01:40.", "2025-07-04", "2025-07-02"),
    ("Russia fired three dozen missiles toward critical infrastructure across Ukraine on "
     "Thursday.", "2023-02-16", "2023-02-15"),
    ("On Nov. 17, Russian forces launched one of the heaviest aerial strikes of the war.",
     "2024-11-24", "2024-11-16"),
    ("Russia launched 40 drones, officials said yesterday.", "2024-03-26", "2024-03-24"),
    # a date after publication is the article's slip: the relative cue decides
    ("all 11 of the Shahed-type attack drones that were launched by Russia overnight on "
     "Aug. 20, the Air Force reported.", "2024-08-19", "2024-08-18"),
    # an explicit year
    ("Russia began its current invasion of Ukraine on Feb. 24, 2022.", "2023-02-16",
     "2022-02-23"),
]


@pytest.mark.parametrize(("sentence", "published", "night"), NIGHTS)
def test_time_cue_resolves_to_the_air_force_night(sentence, published, night):
    cue = resolve_night(sentence, pd.Timestamp(published, tz="UTC"))
    assert cue is not None
    assert day_text(cue.night) == night


@pytest.mark.parametrize("sentence", [
    "Kyiv [Ukraine], July 5: Ukrainian officials accused Russia of attacking the capital.",
    "the 15 may have been jammed",
    "Drones have attacked the city since Feb. 24.",
])
def test_not_an_attack_date(sentence):
    cue = resolve_night(sentence, pd.Timestamp("2025-07-05"))
    assert cue is None


def test_no_publication_date_only_explicit_years():
    assert resolve_night("Russia launched 40 drones overnight.", None) is None
    assert day_text(resolve_night("On the night of 3-4 July 2025, Russia attacked.",
                                  None).night) == "2025-07-03"


@pytest.mark.parametrize(("sentence", "attacker"), [
    ("Last night the Ukrainian Defense Forces shot down 24 Shahed kamikaze drones", "russia"),
    ("Ukraine downed 34 out of 55 drones launched by Russia in an overnight attack", "russia"),
    ("The Ukrainian Air Force and Defense Forces destroyed 22 enemy drones.", "russia"),
    ("Two out of three Kh-59 cruise missiles launched from the occupied part of Kherson "
     "Oblast were destroyed", "russia"),
    ("Russian forces also used three ballistic Iskander-M missiles during the attack",
     "russia"),
    ("Ukraine says it downs 4 missiles, 15 Russia-launched drones", "russia"),
    ("the Russian Defense Ministry announced that Russian air defense forces shot down 12 "
     "Ukrainian UAVs in the sky over the two Russian provinces of Bryansk and Oryol",
     "ukraine"),
    ("Air defences shot down 12 drones.", ""),
])
def test_attacker_from_weapons_and_phrasing(sentence, attacker):
    assert attacker_of(sentence) == attacker


def _docs(texts, published, sources=None):
    n = len(texts)
    return pd.DataFrame({
        "doc_id": [f"d{i}" for i in range(n)],
        "source": sources or [f"Outlet {i}" for i in range(n)],
        "published": pd.to_datetime(published, utc=True),
        "text": texts,
    })


def test_a_russian_attack_without_a_side_joins_the_official_tally():
    docs = _docs(["Ukrainian air defence shot down 22 Shahed drones launched by Russia "
                  "overnight, the air force said on Friday."], ["2024-08-16"])
    tallies = pd.DataFrame({
        "night": pd.to_datetime(["2024-08-15"]), "model": ["Shahed-136/131"],
        "weapon_class": ["drone"], "is_missile": [False], "launched": [25.0],
        "destroyed": [22.0], "scope": ["national"], "source": ["kpszsu"],
    })
    c = compare_figures(ak.extract_figures(docs), docs, tallies=tallies)
    row = c[c["item"] == "drone"].iloc[0]
    assert row["side"] == "russia"
    assert row["event_date"] == pd.Timestamp("2024-08-15")
    assert (row["official_launched"], row["official_destroyed"]) == (25.0, 22.0)


def test_hedged_and_exact_counts_of_one_night_are_one_event():
    docs = _docs(["Russia launched more than 700 drones at Ukraine overnight, the air force "
                  "said on Wednesday.",
                  "Russia launched 728 drones and 13 missiles overnight, Ukraine's air "
                  "force said on Wednesday."], ["2025-07-09", "2025-07-09"])
    v = source_values(ak.extract_figures(docs), docs)
    drones = v[(v["measure"] == "launched") & (v["item"] == "drone")]
    assert drones["event_id"].nunique() == 1
    assert set(drones["event_date"]) == {"2025-07-08"}


def test_different_nights_sharing_a_count_stay_apart():
    docs = _docs(["Ukraine shot down 24 of 28 Shahed drones launched by Russia in an "
                  "overnight attack, officials said.",
                  "Ukraine downed 28 of 31 drones launched by Russia overnight, the air "
                  "force said."], ["2023-12-22", "2023-12-26"])
    v = source_values(ak.extract_figures(docs), docs)
    assert v.groupby("doc_id")["event_id"].first().nunique() == 2


def test_a_figure_about_another_night_gets_that_night():
    text = ("Ukraine shot down 50 of the 73 drones launched by Russia overnight on Nov. 24, "
            "the Air Force reported.\n\nOn Nov. 17, Russian forces launched one of the "
            "heaviest aerial strikes of the full-scale war. Ukrainian air defenses shot down "
            "102 of the 120 missiles and 42 of the 90 drones launched overnight.")
    docs = _docs([text], ["2024-11-24"])
    v = source_values(ak.extract_figures(docs), docs)
    night = dict(zip(v["value"], v["event_date"], strict=False))
    assert night[73.0] == "2024-11-23"
    assert night[90.0] == "2024-11-16"
    assert v.loc[v["value"] == 73.0, "event_id"].iloc[0] != \
        v.loc[v["value"] == 90.0, "event_id"].iloc[0]


def test_casualties_in_different_places_on_one_day_stay_apart():
    docs = _docs(["Russian shelling killed 12 people in Toretsk on Friday, officials said.",
                  "A strike killed 12 people in Olenivka on Friday, officials said."],
                 ["2022-07-30", "2022-07-30"])
    v = source_values(ak.extract_figures(docs), docs)
    killed = v[v["measure"] == "killed"]
    assert killed["event_id"].nunique() == len(killed) == 2
    assert set(killed["event_date"]) == {"2022-07-29"}  # the day named, not a night


def test_parts_of_one_sentence_add_up_to_the_total():
    docs = _docs(["Russia launched one Kinzhal and six ballistic missiles overnight, the air "
                  "force said on Friday.",
                  "Russia launched seven ballistic missiles overnight, the air force said on "
                  "Friday."], ["2025-07-04", "2025-07-04"])
    c = compare_figures(ak.extract_figures(docs), docs)
    row = c[c["item"] == "ballistic missile"].iloc[0]
    assert row["verdict"] == "parts_of_total"
    assert row["best"] == 7
    assert "1 + 6 = 7" in row["summary"]


def test_seed_ballistic_parts_match_the_official_seven(seeds_dir):
    docs = ak.load_corpus(seeds_dir)
    c = compare_figures(ak.extract_figures(docs), docs, tallies=ak.read_tallies())
    row = c[(c["item"] == "ballistic missile") & (c["measure"] == "launched")].iloc[0]
    assert row["verdict"] == "parts_of_total"
    assert (row["best"], row["official_launched"]) == (7, 7)
    from analystkit.brief import attack_brief
    text = attack_brief(c)
    assert "1 + 6 = 7" in text
    assert "6 below" not in text


def test_score_tallies_dev_levels(shared, root):
    """Dating, alignment and grouping on the tallies dev set (extraction is the figures'
    own measure and is not guarded here)."""
    script = shared / "tools" / "score_tallies.py"
    if not script.exists():
        pytest.skip(f"needs {script}")
    out = subprocess.run([sys.executable, str(script)], cwd=root, capture_output=True,
                         text=True, check=True)
    scores = json.loads(out.stdout.strip().splitlines()[-1])
    assert scores["event_dating"] >= 0.95, scores
    assert scores["alignment"] >= 0.95, scores
    assert scores["grouping"] >= 0.95, scores

"""The actors data file, load_actors and resolve_speaker."""

from __future__ import annotations

import pytest

from analystkit._attribution import SPEAKER_TYPES
from analystkit.actors import ACTORS, load_actors, resolve_speaker

SEED_ACTORS = [
    "volodymyr_zelensky", "donald_trump", "vladimir_putin", "dmitry_peskov", "andrii_sybiha",
    "boris_pistorius", "wang_yi", "kaja_kallas", "vitali_klitschko", "ukraine_air_force",
    "russian_defence_ministry", "kremlin", "pentagon", "german_government_spokesperson",
    "reuters", "tass", "axios", "scmp", "new_york_post", "the_guardian",
]
WAR_ACTORS = [
    "sergei_shoigu", "sergei_lavrov", "maria_zakharova", "dmytro_kuleba", "valerii_zaluzhnyi",
    "oleksandr_syrskyi", "joe_biden", "antony_blinken", "lloyd_austin", "jens_stoltenberg",
    "mark_rutte", "ursula_von_der_leyen", "olaf_scholz", "emmanuel_macron", "rishi_sunak",
    "keir_starmer", "recep_tayyip_erdogan", "united_nations", "iaea", "isw",
]


@pytest.fixture(scope="module")
def actors():
    return load_actors()


def test_table_schema_and_content(actors):
    ACTORS.validate(actors)
    assert actors["actor_id"].is_unique
    assert set(actors["type"]) <= set(SPEAKER_TYPES)
    assert set(SEED_ACTORS + WAR_ACTORS) <= set(actors["actor_id"])
    assert (actors["aliases"] != "").all()
    persons = actors[actors["type"] == "person"]
    assert set(persons["gender"]) <= {"female", "male"}
    zelensky = actors.set_index("actor_id").loc["volodymyr_zelensky"]
    assert (zelensky["side"], zelensky["country"]) == ("ukraine", "Ukraine")


@pytest.mark.parametrize("spelling", [
    "Zelenskiy", "Zelenskyy", "Zelensky", "Mr Zelensky", "Mr. Zelensky", "President Zelensky",
    "Ukrainian President Volodymyr Zelensky", "Ukraine's President Volodymyr Zelenskyy",
    "Zelensky's Telegram post",
])
def test_every_zelensky_spelling_is_one_actor(spelling):
    assert resolve_speaker(spelling) == ("volodymyr_zelensky", "person")


@pytest.mark.parametrize(("phrase", "expected"), [
    ("Kremlin spokesman Dmitry Peskov", ("dmitry_peskov", "person")),
    ("Mr. Peskov", ("dmitry_peskov", "person")),
    ("Kyiv's mayor", ("vitali_klitschko", "person")),
    ("Ukraine's Air Force", ("ukraine_air_force", "government body")),
    ("Ukrainian Air Force", ("ukraine_air_force", "government body")),
    ("the Russian Defense Ministry", ("russian_defence_ministry", "government body")),
    ("Russia’s defence ministry", ("russian_defence_ministry", "government body")),
    ("a spokesman for the German Defense Ministry",
     ("german_defence_ministry", "government body")),
    ("a German government spokesman", ("german_government_spokesperson", "government body")),
    ("TASS News Agency", ("tass", "media")),
    ("Axios news site", ("axios", "media")),
    ("The South China Morning Post (SCMP)", ("scmp", "media")),
    ("the New York Post", ("new_york_post", "media")),
    ("The Guardian’s live report", ("the_guardian", "media")),
    ("Chinese Foreign Minister Wang Yi", ("wang_yi", "person")),
    ("Ms. Kaja Kallas", ("kaja_kallas", "person")),
    ("the Pentagon", ("pentagon", "government body")),
    ("the Kremlin", ("kremlin", "government body")),
    ("Russian Air Force", ("russian_aerospace_forces", "government body")),
])
def test_resolve_known_actors(phrase, expected):
    assert resolve_speaker(phrase) == expected


@pytest.mark.parametrize(("phrase", "expected"), [
    ("a source familiar with the matter",
     ("source_familiar_with_the_matter", "anonymous source")),
    ("officials", ("officials", "anonymous source")),
    ("Ukrainian officials", ("ukrainian_officials", "anonymous source")),
    ("an unnamed Ukrainian official", ("unnamed_ukrainian_official", "anonymous source")),
    ("a source quoted by Axios", ("source_quoted_by_axios", "anonymous source")),
    ("officials in Ankara", ("officials_in_ankara", "anonymous source")),
    ("an adviser to Volodymyr Zelenskiy", ("adviser_to_volodymyr_zelenskiy", "person")),
    ("US Air Force", ("us_air_force", "government body")),
    ("The Rail Accident Investigation Branch",
     ("rail_accident_investigation_branch", "organisation")),
    ("Jane Doe", ("jane_doe", "person")),
])
def test_resolve_unknown_speakers(phrase, expected):
    assert resolve_speaker(phrase) == expected


def test_every_alias_resolves_to_its_actor(actors):
    wrong = []
    for row in actors.itertuples():
        for alias in row.aliases.split("; "):
            got = resolve_speaker(alias)[0]
            if got != row.actor_id:
                wrong.append((alias, row.actor_id, got))
    assert not wrong


def test_user_file_adds_and_extends(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(
        '[[actor]]\nid = "oleksandr_motuzianyk"\ntype = "person"\naliases = ["Motuzianyk"]\n'
        '\n[[actor]]\nid = "dmitry_peskov"\nrole = "Press secretary of the Russian President"\n'
        'aliases = ["Peskoff"]\n',
        encoding="utf-8",
    )
    actors = load_actors(path).set_index("actor_id")
    assert actors.loc["oleksandr_motuzianyk", "type"] == "person"
    assert actors.loc["dmitry_peskov", "role"] == "Press secretary of the Russian President"
    assert "Peskoff" in actors.loc["dmitry_peskov", "aliases"].split("; ")
    assert "Peskov" in actors.loc["dmitry_peskov", "aliases"].split("; ")  # kept
    assert resolve_speaker("Mr Peskoff", actors=path) == ("dmitry_peskov", "person")
    assert resolve_speaker("Motuzianyk", actors=actors.reset_index()) == (
        "oleksandr_motuzianyk", "person")
    assert len(load_actors()) == len(actors) - 1  # the defaults are untouched


@pytest.mark.parametrize(("body", "message"), [
    ('[[actor]]\nid = "x"\naliases = ["X"]\n', "needs a type"),
    ('[[actor]]\nid = "x"\ntype = "robot"\n', "type 'robot'"),
    ('[[actor]]\ntype = "person"\n', "no id"),
    ('[[actor]]\nid = "x"\ntype = "person"\naliases = "X"\n', "aliases must be a list"),
    ("not toml [", "not valid TOML"),
])
def test_bad_user_files_are_explained(tmp_path, body, message):
    path = tmp_path / "bad.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        load_actors(path)


def test_missing_user_file(tmp_path):
    with pytest.raises(FileNotFoundError):
        load_actors(tmp_path / "nope.toml")

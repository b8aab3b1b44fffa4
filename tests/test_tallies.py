"""Official tallies: read_tallies, the night rule, no double counting, tallies_for_night."""

from __future__ import annotations

import pandas as pd
import pytest

from analystkit.schemas import TALLIES
from analystkit.tallies import read_tallies, tallies_for_night, weapon_class

SHARED_CSV = "corpora/air_force_tallies/missile_attacks_daily.csv"
HEADER = "time_start,time_end,model,target,launched,destroyed,source\n"


@pytest.fixture
def shared_csv(shared):
    path = shared / SHARED_CSV
    if not path.exists():
        pytest.skip(f"needs ../shared/{SHARED_CSV} (not found at {path})")
    return path


def _seed_night_numbers(tallies: pd.DataFrame) -> dict[str, tuple[float, float]]:
    night = tallies_for_night(tallies, "2025-07-03")
    return {r.weapon_class: (r.launched, r.destroyed) for r in night.itertuples()}


def test_bundled_reference_file_gives_the_official_seed_night():
    tallies = read_tallies()
    TALLIES.validate(tallies)
    numbers = _seed_night_numbers(tallies)
    assert numbers["drone"] == (539, 268)
    assert numbers["missile"][0] == 11  # 6 Iskander-M/KN-23 + 4 Iskander-K + 1 Kinzhal
    assert numbers["cruise missile"] == (4, 2)
    assert numbers["ballistic missile"] == (7, 0)


def test_shared_csv_gives_the_same_seed_night(shared_csv):
    tallies = read_tallies(shared_csv)
    TALLIES.validate(tallies)
    assert set(tallies["scope"]) == {"national"}
    numbers = _seed_night_numbers(tallies)
    assert numbers["drone"] == (539, 268)
    assert numbers["missile"][0] == 11
    assert numbers["cruise missile"] == (4, 2)
    # the South command's 2 Iskander-M and 4 UAVs of 4 July are not added
    seed = tallies[tallies["night"] == "2025-07-03"]
    assert sorted(seed["model"]) == ["Iskander-K", "Iskander-M/KN-23", "Shahed-136/131",
                                     "X-47 Kinzhal"]


def test_shared_csv_regional_rows_on_request_stay_separate(shared_csv):
    tallies = read_tallies(shared_csv, regional=True)
    TALLIES.validate(tallies)
    seed = tallies[tallies["night"] == "2025-07-03"]
    regional = seed[seed["scope"] == "regional"]
    assert set(regional["source"].str.split("/").str[0]) == {"PvKPivden"}
    assert _seed_night_numbers(tallies)["missile"][0] == 11  # still national only


def test_night_rule(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(
        HEADER
        + "2025-07-03 21:00,2025-07-04 08:00,Shahed-136/131,Ukraine,100,90,kpszsu/posts/a\n"
        + "2025-07-04 02:00,2025-07-04 06:00,Iskander-M,Ukraine,2,0,kpszsu/posts/a\n"
        + "2025-07-05,2025-07-05 08:00,Kalibr,Ukraine,3,3,kpszsu/posts/b\n"
        + "2025-07-05 09:00,2025-07-05 18:00,Shahed-136/131,Ukraine,10,9,kpszsu/posts/c\n",
        encoding="utf-8",
    )
    tallies = read_tallies(path)
    nights = dict(zip(tallies["model"] + "@" + tallies["night"].dt.strftime("%m-%d"),
                      tallies["launched"], strict=True))
    assert nights == {"Shahed-136/131@07-03": 100, "Iskander-M@07-03": 2,
                      "Kalibr@07-04": 3, "Shahed-136/131@07-05": 10}


def test_regional_commands_are_not_added(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(
        HEADER
        + "2025-07-03 18:00,2025-07-04 06:00,Shahed-136/131,Ukraine,539,268,kpszsu/posts/x\n"
        + "2025-07-04,2025-07-04,Shahed-136/131,south,30,30,PvKPivden/posts/y\n"
        + "2025-07-04,2025-07-04,Shahed-136/131,east,12,12,pvkshid/posts/z\n"
        + "2025-07-03 22:00,2025-07-04 06:00,Shahed-136/131,Ukraine,1,1,https://t.me/kpszsu/9\n",
        encoding="utf-8",
    )
    tallies = read_tallies(path)
    assert tallies["launched"].tolist() == [540.0]  # two national posts summed, no regions
    assert tallies["source"].iloc[0] == "kpszsu/posts/x; https://t.me/kpszsu/9"
    both = read_tallies(path, regional=True)
    assert sorted(both["scope"]) == ["national", "regional"]
    assert both.loc[both["scope"] == "regional", "launched"].tolist() == [42.0]
    assert tallies_for_night(both, "2025-07-03")["launched"].iloc[0] == 540


def test_weapon_classes():
    assert weapon_class("Shahed-136/131") == ("drone", False)
    assert weapon_class("Iskander-M/KN-23") == ("ballistic missile", True)
    assert weapon_class("Iskander-K") == ("cruise missile", True)
    assert weapon_class("X-47 Kinzhal") == weapon_class("kh-47  KINZHAL")
    assert weapon_class("GBU") == ("other", False)
    assert weapon_class("C-300") == ("other", True)
    assert weapon_class("Something new") == ("other", False)


def test_every_model_of_the_shared_csv_is_mapped(shared_csv):
    from analystkit.tallies import _norm_model, _rules

    raw = pd.read_csv(shared_csv, usecols=["model"])
    unmapped = {m for m in raw["model"].dropna().unique()
                if _norm_model(m) not in _rules().classes}
    assert not unmapped


def test_tallies_for_night_empty_and_input_untouched():
    tallies = read_tallies()
    before = tallies.copy()
    assert tallies_for_night(tallies, "2024-01-01").empty
    assert tallies_for_night(tallies, pd.Timestamp("2025-07-03 23:00"))["launched"].iloc[0] == 539
    pd.testing.assert_frame_equal(tallies, before)


def test_missing_columns_are_explained(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ValueError, match="missing column"):
        read_tallies(path)

"""The campaign view: press figures per night against the official record, outlets'
track record, the nightly tallies and the timeline chart."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pandas as pd
import pytest

import analystkit as ak
from analystkit.campaign import CAMPAIGN, OUTLET_RECORD
from analystkit.tallies import nightly_tallies


@pytest.fixture(scope="module")
def seeds(seeds_dir):
    docs = ak.load_corpus(seeds_dir)
    return docs, ak.extract_figures(docs), ak.read_tallies()


def _tallies(rows):
    night, model, cls, missile, launched, destroyed = zip(*rows, strict=True)
    return pd.DataFrame({
        "night": pd.to_datetime(list(night)), "model": list(model),
        "weapon_class": list(cls), "is_missile": list(missile),
        "launched": list(launched), "destroyed": list(destroyed),
        "scope": ["national"] * len(rows), "source": ["kpszsu"] * len(rows)})


def test_campaign_table_columns_and_dtypes(seeds):
    docs, figures, tallies = seeds
    c = ak.campaign_table(figures, docs, tallies=tallies)
    CAMPAIGN.validate(c)
    assert list(c.columns) == CAMPAIGN.names
    assert str(c["night"].dtype) == "datetime64[ns]"
    assert set(c["comparison"]) <= {"matches", "within_hedges", "part_of_total", "off_by",
                                    "no_official", "missing"}
    drones = c[(c["weapon_class"] == "drone") & (c["measure"] == "launched")]
    assert (drones["official"] == 539).all()
    ballistic = c[c["weapon_class"] == "ballistic missile"]
    assert set(ballistic["comparison"]) == {"part_of_total"}  # 1 + 6 = official 7


def test_campaign_table_does_not_modify_inputs(seeds):
    docs, figures, tallies = seeds
    before = figures.copy(), docs.copy(), tallies.copy()
    ak.campaign_table(figures, docs, tallies=tallies)
    for a, b in zip(before, (figures, docs, tallies), strict=True):
        pd.testing.assert_frame_equal(a, b)


def test_campaign_over_nights_off_by_and_missing():
    docs = pd.DataFrame({
        "doc_id": ["a", "b"], "source": ["Outlet A", "Outlet B"],
        "published": pd.to_datetime(["2024-03-02", "2024-03-05"], utc=True),
        "text": ["Russia launched 30 Shahed drones overnight, the air force said.",
                 "Russia launched about 40 drones overnight, the air force said."]})
    tallies = _tallies([
        ("2024-03-01", "Shahed-136/131", "drone", False, 30.0, 28.0),
        ("2024-03-02", "Shahed-136/131", "drone", False, 12.0, 12.0),
        ("2024-03-04", "Shahed-136/131", "drone", False, 50.0, 41.0),
    ])
    c = ak.campaign_table(ak.extract_figures(docs), docs, tallies=tallies)
    by_night = {(n.strftime("%Y-%m-%d"), s): r for n, s, r in
                zip(c["night"], c["source"], c["comparison"], strict=True)}
    assert by_night[("2024-03-01", "Outlet A (a)")] == "matches"
    assert by_night[("2024-03-04", "Outlet B (b)")] == "off_by"
    assert by_night[("2024-03-02", "")] == "missing"
    row = c[c["source"] == "Outlet B (b)"].iloc[0]
    assert (row["official"], row["difference"]) == (50.0, -10.0)
    record = ak.outlet_record(c)
    OUTLET_RECORD.validate(record)
    assert list(record.columns) == OUTLET_RECORD.names
    shares = dict(zip(record["source"], record["share_matching"], strict=True))
    assert shares == {"Outlet A (a)": 1.0, "Outlet B (b)": 0.0}
    hedged = dict(zip(record["source"], record["share_hedged"], strict=True))
    assert hedged["Outlet B (b)"] == 1.0


def test_campaign_table_needs_tallies(seeds):
    docs, figures, _ = seeds
    with pytest.raises(ValueError, match="tallies"):
        ak.campaign_table(figures, docs, tallies=None)


def test_nightly_tallies_columns_dtypes_and_classes():
    t = _tallies([
        ("2024-03-01", "Shahed-136/131", "drone", False, 30.0, 28.0),
        ("2024-03-01", "Kalibr", "cruise missile", True, 4.0, 3.0),
        ("2024-03-01", "Iskander-M", "ballistic missile", True, 2.0, float("nan")),
        ("2024-03-03", "Shahed-136/131", "drone", False, 10.0, 9.0),
    ])
    n = nightly_tallies(t)
    assert list(n.columns) == ["night", "weapon_class", "launched", "destroyed"]
    assert [str(d) for d in n.dtypes] == ["datetime64[ns]", "str", "float64", "float64"]
    assert len(n) == 2 * 5
    first = n[n["night"] == "2024-03-01"].set_index("weapon_class")
    assert first.loc["missile", "launched"] == 6.0
    assert first.loc["missile", "destroyed"] == 3.0
    assert nightly_tallies(t, start="2024-03-02")["night"].nunique() == 1


def test_nightly_tallies_agrees_with_tallies_for_night(shared):
    path = shared / "corpora" / "air_force_tallies" / "missile_attacks_daily.csv"
    if not path.exists():
        pytest.skip(f"needs {path}")
    t = ak.read_tallies(path)
    n = nightly_tallies(t)
    for night in ("2023-05-25", "2024-11-16", "2025-07-03"):
        one = ak.tallies_for_night(t, night).set_index("weapon_class")
        mine = n[n["night"] == night].set_index("weapon_class")
        pd.testing.assert_series_equal(one["launched"], mine["launched"])


def test_campaign_timeline_draws_a_panel_per_class(seeds):
    docs, figures, tallies = seeds
    c = ak.campaign_table(figures, docs, tallies=tallies)
    fig = ak.plot.campaign_timeline(c, nightly_tallies(tallies),
                                    classes=("drone", "missile", "ballistic missile"))
    assert len(fig.axes) == 3
    empty = ak.plot.campaign_timeline(c.iloc[0:0])
    assert len(empty.axes) == 1

"""Cross-source comparison on the seeds and small written cases."""

from __future__ import annotations

import subprocess
import sys
from io import StringIO

import pandas as pd
import pytest

import analystkit as ak
from analystkit.compare import compare_figures, comparison_pivot
from analystkit.schemas import COMPARISONS


@pytest.fixture(scope="module")
def seeds(seeds_dir):
    docs = ak.load_corpus(seeds_dir)
    figures = ak.extract_figures(docs)
    return docs, figures


@pytest.fixture(scope="module")
def table(seeds):
    docs, figures = seeds
    return compare_figures(figures, docs, tallies=ak.data_path("tallies_seed_event.csv"))


def _row(table, measure, item, side=None, event=None):
    sel = (table["measure"] == measure) & (table["item"] == item)
    if side is not None:
        sel &= table["side"] == side
    if event is not None:
        sel &= table["event_id"] == event
    rows = table[sel]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def test_schema(table):
    COMPARISONS.validate(table)


def test_drones_launched_agree_across_the_four_reports(table):
    row = _row(table, "launched", "drone", side="russia", event="E1")
    assert row["n_sources"] == 4
    assert row["verdict"] in ("consistent", "consistent_within_hedges")
    assert (row["best"], row["high"]) == (539, 539)
    assert "≥500" in row["summary"]


def test_missiles_eleven_against_around_a_dozen(table):
    row = _row(table, "launched", "missile", event="E1")
    assert row["verdict"] == "consistent_within_hedges"
    assert row["best"] == 11
    assert "~12" in row["summary"]


def test_injured_26_against_23_is_never_averaged(table):
    row = _row(table, "injured", "person", event="E1")
    assert row["verdict"] in ("scope_differs", "conflicting")
    assert (row["low"], row["high"]) == (23, 26)
    assert row["best"] in (23, 26)


def test_other_events_are_not_merged(table):
    e1 = _row(table, "launched", "drone", side="russia")["event_id"]
    pro_kremlin = table[(table["measure"] == "intercepted") & (table["item"] == "drone")
                        & (table["best"] == 92)]
    assert len(pro_kremlin) == 1 and pro_kremlin.iloc[0]["event_id"] != e1
    uavs = table[(table["measure"] == "intercepted") & (table["item"] == "drone")
                 & (table["side"] == "ukraine") & (table["best"] == 12)]
    assert len(uavs) == 1
    assert uavs.iloc[0]["event_id"] not in (e1, pro_kremlin.iloc[0]["event_id"])


def test_seed_event_lines_up_with_official_tally(table):
    drones = _row(table, "launched", "drone", side="russia", event="E1")
    missiles = _row(table, "launched", "missile", event="E1")
    assert drones["event_date"] == pd.Timestamp("2025-07-03")
    assert (drones["official_launched"], missiles["official_launched"]) == (539, 11)
    cruise = _row(table, "intercepted", "cruise missile", event="E1")
    assert cruise["official_destroyed"] == 2


def test_documents_are_optional_and_inputs_untouched(seeds):
    _, figures = seeds
    before = figures.copy()
    table = compare_figures(figures)
    pd.testing.assert_frame_equal(figures, before)
    COMPARISONS.validate(table)
    assert table["official_launched"].isna().all()


def test_conflicting_exact_figures_of_one_day_and_place():
    docs = pd.DataFrame({
        "doc_id": ["a", "b"],
        "source": ["Outlet A", "Outlet B"],
        "published": pd.to_datetime(["2025-07-05", "2025-07-05"], utc=True),
        "text": ["Russia launched 40 missiles at Kyiv overnight.",
                 "Russia launched 55 missiles at Kyiv overnight."],
    })
    c = compare_figures(ak.extract_figures(docs), docs)
    row = c[(c["measure"] == "launched") & (c["item"] == "missile")]
    assert len(row) == 1
    row = row.iloc[0]
    assert row["verdict"] == "conflicting"
    assert (row["low"], row["high"], row["n_sources"]) == (40, 55, 2)
    assert row["sources"] == "Outlet A (a); Outlet B (b)"
    assert row["event_date"] == pd.Timestamp("2025-07-04")  # overnight before the 5th


def test_empty_figures():
    c = compare_figures(ak.extract_figures("Nothing happened."))
    COMPARISONS.validate(c)
    assert c.empty


def test_pivot(seeds):
    docs, figures = seeds
    pivot = comparison_pivot(figures, docs, event_id="E1")
    assert "E1 · launched · drone" in pivot.columns
    assert pivot["E1 · launched · drone"].dropna().eq(539).all()
    assert pivot.dtypes.eq("float64").all()


def test_cli_compare_with_tallies(root, shared):
    tallies = shared / "corpora/air_force_tallies/missile_attacks_daily.csv"
    if not tallies.exists():
        pytest.skip(f"needs {tallies}")
    out = subprocess.run(
        [sys.executable, "-m", "analystkit", "compare", str(root / "seeds"), "--tallies",
         str(tallies), "--format", "csv"], capture_output=True, text=True, check=True)
    table = pd.read_csv(StringIO(out.stdout))
    drones = table[(table.measure == "launched") & (table["item"] == "drone")
                   & (table.event_id == "E1")].iloc[0]
    missiles = table[(table.measure == "launched") & (table["item"] == "missile")
                     & (table.event_id == "E1")].iloc[0]
    assert (drones.official_launched, missiles.official_launched) == (539, 11)


def test_cli_compare_table(root):
    out = subprocess.run([sys.executable, "-m", "analystkit", "compare", str(root / "seeds")],
                         capture_output=True, text=True, check=True)
    assert "consistent_within_hedges" in out.stdout and "scope_differs" in out.stdout

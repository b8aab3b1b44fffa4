"""The tables a report computes once and its pages read back."""

from __future__ import annotations

import pandas as pd
import pytest

import analystkit as ak
from analystkit.reportdata import compute_tables, read_tables, report_tables, save_tables


def test_round_trip_keeps_every_table_and_dtype(tmp_path):
    tables = compute_tables()
    back = read_tables(save_tables(tables, tmp_path / "t"))
    for name in ("documents", "skipped", "removed", "figures", "tags"):
        pd.testing.assert_frame_equal(getattr(back, name), getattr(tables, name))
    pd.testing.assert_frame_equal(tables.figures, ak.extract_figures(tables.documents))


def test_without_a_cache_the_tables_are_computed(tmp_path):
    (tmp_path / "a.txt").write_text("Kyiv\n\nRussia launched 60 drones at Kyiv, the air "
                                    "force said.\n", encoding="utf-8")
    tables = report_tables([tmp_path / "a.txt"], outlet="The Guardian",
                           taxonomy="semeval-urw")
    assert tables.documents["source"].tolist() == ["The Guardian"]
    assert tables.figures["value"].tolist() == [60.0]


def test_a_missing_table_is_named(tmp_path):
    save_tables(compute_tables(), tmp_path)
    (tmp_path / "tags.parquet").unlink()
    with pytest.raises(FileNotFoundError, match="no tags table"):
        read_tables(tmp_path)


def test_corrections_reach_the_report_tables(tmp_path):
    from analystkit.corrections import record

    docs = ak.load_corpus(ak.seeds_path())
    figures = ak.extract_figures(docs)
    row = figures[figures["is_core"]].iloc[0]
    path = tmp_path / "corrections.csv"
    record(row, field="value", value=row["value"] + 1, path=path, documents=docs)
    tables = compute_tables(None, corrections=path)
    fixed = tables.figures[(tables.figures["doc_id"] == row["doc_id"])
                           & (tables.figures["start"] == row["start"])]
    assert fixed["value"].tolist() == [row["value"] + 1]
    assert fixed["corrected"].tolist() == [True]
    # and the saved tables keep the mark
    again = read_tables(save_tables(tables, tmp_path / "t"))
    assert again.figures["corrected"].sum() == 1

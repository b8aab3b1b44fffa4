"""The `analystkit narratives` and `analystkit framing` commands."""

from __future__ import annotations

import pandas as pd

from analystkit.cli import main
from analystkit.schemas import FRAMING, NARRATIVE_TAGS


def test_narratives_csv_has_the_tag_columns(seeds_dir, tmp_path):
    out = tmp_path / "tags.csv"
    assert main(["narratives", str(seeds_dir), "--format", "csv", "-o", str(out)]) == 0
    frame = pd.read_csv(out)
    assert list(frame.columns) == NARRATIVE_TAGS.names
    assert len(frame) > 20
    assert "pro_kremlin_ukrainian_military_failure_aggression" in set(frame["narrative"])


SEMEVAL = {
    "amplifying_war_related_fears", "blaming_the_war_on_others",
    "discrediting_the_west_diplomacy", "discrediting_ukraine", "distrust_towards_media",
    "hidden_plots", "negative_consequences_for_the_west", "overpraising_the_west",
    "praise_of_russia", "russia_is_the_victim", "speculating_war_outcomes"}


def test_narratives_semeval_taxonomy_and_json(seeds_dir, tmp_path):
    """The pro-Kremlin seed: its cues tag SemEval narratives with their sentences; the
    learned model (the default) writes valid JSON records of the same taxonomy."""
    seed = str(seeds_dir / "004_82c52a8aa8fc80f9.txt")
    out = tmp_path / "tags.json"
    assert main(["narratives", seed, "--taxonomy", "semeval-urw", "--method", "cues",
                 "-o", str(out)]) == 0
    frame = pd.read_json(out)
    assert {"discrediting_ukraine", "praise_of_russia"} <= set(frame["narrative"]) <= SEMEVAL
    assert frame["evidence"].str.len().gt(20).all()
    model = tmp_path / "model.json"
    assert main(["narratives", seed, "--taxonomy", "semeval-urw", "--threshold", "0.05",
                 "-o", str(model)]) == 0
    tags = pd.read_json(model)
    assert len(tags) and set(tags["narrative"]) <= SEMEVAL
    assert tags["score"].between(0.05, 1).all()


def test_narratives_bad_taxonomy_is_a_clear_error(seeds_dir, tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text("[[narrative]]\nid = 'x'\nphrases = ['(']\n", encoding="utf-8")
    assert main(["narratives", str(seeds_dir), "--taxonomy", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "bad.toml" in err and "not a valid regular expression" in err


def test_framing_table_and_csv(seeds_dir, tmp_path, capsys):
    assert main(["framing", str(seeds_dir)]) == 0
    assert "004_82c52a8aa8fc80f9" in capsys.readouterr().out
    out = tmp_path / "framing.csv"
    assert main(["framing", str(seeds_dir), "-o", str(out)]) == 0
    frame = pd.read_csv(out)
    assert list(frame.columns) == FRAMING.names
    assert len(frame) == 5

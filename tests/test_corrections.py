"""Corrections that persist: recorded in a CSV keyed by content hash and span, re-applied
on rerun and marked, reported as stale (never applied) once the article changes."""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import pandas as pd
import pytest

import analystkit as ak
from analystkit import corrections
from analystkit.cli import main
from analystkit.corrections import (
    CORRECTED_CLAIMS,
    CORRECTED_FIGURES,
    CORRECTIONS,
    CorrectionWarning,
    apply_corrections,
    read_corrections,
    record,
    stale_corrections,
)
from analystkit.schemas import FIGURES

ARTICLE = (
    "Night attack on Kyiv\n\n"
    "Russia launched 539 drones and 11 missiles overnight, the Air Force said. "
    "At least 23 people were injured, Mayor Vitali Klitschko said.\n"
)


def _corpus(tmp_path: Path, text: str = ARTICLE) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir(exist_ok=True)
    (folder / "kyiv.txt").write_text(text, encoding="utf-8")
    return folder


def _row(figures: pd.DataFrame, mention: str) -> pd.Series:
    return figures[figures["mention"] == mention].iloc[0]


def test_round_trip_correct_rerun_marked_then_stale_after_an_edit(tmp_path):
    folder, path = _corpus(tmp_path), tmp_path / "corrections.csv"
    docs = ak.load_corpus(folder)
    figures = ak.extract_figures(docs)
    row = _row(figures, "539 drones")
    record(row, field="value", value="540", path=path, documents=docs, note="Air Force update")
    record(_row(figures, "At least 23 people"), field="attributed_to", value="Kyiv city military "
           "administration", path=path, documents=docs)
    record(_row(figures, "11 missiles"), field="not_a_figure", path=path, documents=docs)

    rerun = ak.extract_figures(ak.load_corpus(folder), corrections=path)  # a fresh run
    CORRECTED_FIGURES.validate(rerun)
    assert list(rerun.columns) == [*FIGURES.names, "corrected", "correction"]
    fixed = _row(rerun, "539 drones")
    assert fixed["value"] == 540 and fixed["corrected"]
    assert fixed["correction"] == "value: 539 → 540 (Air Force update)"
    assert _row(rerun, "At least 23 people")["attributed_to"] == "Kyiv city military administration"
    assert "11 missiles" not in set(rerun["mention"])
    assert rerun["corrected"].sum() == 2
    untouched = rerun[~rerun["corrected"]]
    assert (untouched["correction"] == "").all()

    edited = ARTICLE.replace("539 drones", "550 drones")
    docs2 = ak.load_corpus(_corpus(tmp_path, edited))
    with pytest.warns(CorrectionWarning, match="3 correction\\(s\\) not applied") as caught:
        again = ak.extract_figures(docs2, corrections=path)
    assert "kyiv" in str(caught[0].message) and "content hash differs" in str(caught[0].message)
    assert not again["corrected"].any()
    assert "11 missiles" in set(again["mention"])
    stale = stale_corrections(docs2, path)
    assert stale["field"].tolist() == ["value", "attributed_to", "not_a_figure"]
    assert (stale["status"] == "stale").all()


def test_a_moved_span_with_the_same_hash_is_stale_not_applied(tmp_path):
    path = tmp_path / "c.csv"
    docs = ak.load_corpus(_corpus(tmp_path))
    figures = ak.extract_figures(docs)
    record(_row(figures, "539 drones"), field="value", value=1, path=path, documents=docs)
    # the same words with extra spaces: the content hash (whitespace-normalised) is equal,
    # but every offset after the title moved
    moved = ARTICLE.replace("Russia launched", "Russia   launched")
    docs2 = ak.load_corpus(_corpus(tmp_path, moved))
    assert docs2.loc[0, "content_hash"] == docs.loc[0, "content_hash"]
    result = apply_corrections(ak.extract_figures(docs2), docs2, path, warn=False)
    assert result.report["status"].tolist() == ["stale"]
    assert "is now" in result.report.loc[0, "reason"]
    assert _row(result.table, "539 drones")["value"] == 539
    assert len(result.stale) == 1


def test_a_measure_fix_sets_category_and_is_core(tmp_path):
    path = tmp_path / "c.csv"
    docs = ak.load_corpus(_corpus(tmp_path))
    figures = ak.extract_figures(docs)
    record(_row(figures, "539 drones"), field="measure", value="intercepted", path=path,
           documents=docs)
    result = apply_corrections(figures, docs, path)
    fixed = _row(result.table, "539 drones")
    assert fixed["measure"] == "intercepted" and fixed["category"] == "defence"
    assert fixed["is_core"]
    pd.testing.assert_frame_equal(figures, ak.extract_figures(docs))  # input unchanged


def test_the_last_correction_of_a_field_wins(tmp_path):
    path = tmp_path / "c.csv"
    docs = ak.load_corpus(_corpus(tmp_path))
    figures = ak.extract_figures(docs)
    row = _row(figures, "539 drones")
    record(row, field="value", value=540, path=path, documents=docs)
    record(row, field="value", value=541, path=path, documents=docs)
    table = apply_corrections(figures, docs, path).table
    assert _row(table, "539 drones")["value"] == 541
    assert len(read_corrections(path)) == 2  # the file is a log


def test_claims_speaker_fix_and_not_a_claim(tmp_path):
    path = tmp_path / "c.csv"
    docs = ak.load_corpus(_corpus(tmp_path))
    claims = ak.extract_claims(docs)
    assert len(claims) >= 2
    first, second = claims.iloc[0], claims.iloc[1]
    record(first, field="speaker", value="Ukraine's Air Force", path=path, documents=docs)
    record(second, field="not_a_claim", path=path, documents=docs, note="not a statement")
    rerun = ak.extract_claims(docs, corrections=path)
    CORRECTED_CLAIMS.validate(rerun)
    assert len(rerun) == len(claims) - 1
    assert rerun.loc[0, "speaker"] == "Ukraine's Air Force" and rerun.loc[0, "corrected"]
    file = read_corrections(path)
    assert file["table"].tolist() == ["claims", "claims"]
    assert file.loc[0, "span"] == docs.loc[0, "text"][first["start"]:first["end"]]


def test_corrections_file_is_plain_csv_keyed_by_hash_and_span(tmp_path):
    path = tmp_path / "c.csv"
    docs = ak.load_corpus(_corpus(tmp_path))
    row = _row(ak.extract_figures(docs), "539 drones")
    record(row, field="item", value="Shahed drone", path=path, documents=docs)
    frame = pd.read_csv(path, dtype="str", keep_default_na=False)
    assert list(frame.columns) == CORRECTIONS.names
    entry = frame.iloc[0]
    assert entry["content_hash"] == docs.loc[0, "content_hash"]
    assert (entry["start"], entry["end"], entry["span"]) == (str(row["start"]),
                                                             str(row["end"]), "539 drones")
    assert (entry["field"], entry["value"], entry["was"]) == ("item", "Shahed drone", "drone")


def test_corrections_as_a_dataframe_and_strings_as_documents(tmp_path):
    docs = ak.load_corpus(_corpus(tmp_path))
    path = tmp_path / "c.csv"
    record(_row(ak.extract_figures(docs), "539 drones"), field="value", value=7, path=path,
           documents=docs)
    frame = read_corrections(path).assign(doc_id="doc")  # ids differ; the hash matches
    text = docs.loc[0, "text"]
    table = ak.extract_figures(text, corrections=frame)
    assert _row(table, "539 drones")["value"] == 7


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"field": "mention", "value": "x"}, "cannot correct 'mention'"),
    ({"field": "colour", "value": "x"}, "cannot correct 'colour'"),
    ({"field": "value", "value": "many"}, "value must be a number"),
])
def test_record_rejects_bad_fields_and_values(tmp_path, kwargs, message):
    docs = ak.load_corpus(_corpus(tmp_path))
    row = _row(ak.extract_figures(docs), "539 drones")
    with pytest.raises(ValueError, match=message):
        record(row, path=tmp_path / "c.csv", documents=docs, **kwargs)
    assert not (tmp_path / "c.csv").exists()


def test_record_needs_the_rows_document(tmp_path):
    docs = ak.load_corpus(_corpus(tmp_path))
    row = _row(ak.extract_figures(docs), "539 drones").copy()
    row["doc_id"] = "elsewhere"
    with pytest.raises(ValueError, match="'elsewhere' is not in the documents"):
        record(row, field="value", value=1, path=tmp_path / "c.csv", documents=docs)


def test_bad_corrections_files_name_the_file(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n")
    with pytest.raises(ValueError, match=r"bad\.csv: not a corrections file; missing column"):
        read_corrections(bad)
    bad.write_text(",".join(CORRECTIONS.names) + "\nfigures,d,h,x,5,s,value,1,,,\n")
    with pytest.raises(ValueError, match=r"bad.csv \(line 2\): start must be a whole number"):
        read_corrections(bad)
    assert read_corrections(tmp_path / "missing.csv").empty


def test_documents_not_in_the_corpus_are_quietly_not_applied(tmp_path):
    docs = ak.load_corpus(_corpus(tmp_path))
    path = tmp_path / "c.csv"
    record(_row(ak.extract_figures(docs), "539 drones"), field="value", value=1, path=path,
           documents=docs)
    seeds = ak.load_corpus(ak.seeds_path())
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = apply_corrections(ak.extract_figures(seeds), seeds, path)
    assert result.report["status"].tolist() == ["not_in_corpus"]


def test_cli_corrections_applied_and_stale_reported(tmp_path, capsys):
    folder, path = _corpus(tmp_path), tmp_path / "c.csv"
    docs = ak.load_corpus(folder)
    record(_row(ak.extract_figures(docs), "539 drones"), field="value", value=540, path=path,
           documents=docs)
    assert main(["figures", str(folder), "--corrections", str(path), "--format", "csv"]) == 0
    out = pd.read_csv(io.StringIO(capsys.readouterr().out), keep_default_na=False)
    fixed = out[out["mention"] == "539 drones"].iloc[0]
    assert fixed["value"] == 540 and str(fixed["corrected"]) == "True"
    assert main(["compare", str(folder), "--corrections", str(path), "--format", "csv"]) == 0
    assert "540" in capsys.readouterr().out
    _corpus(tmp_path, ARTICLE.replace("539", "541"))
    assert main(["figures", str(folder), "--corrections", str(path), "--format", "csv"]) == 0
    err = capsys.readouterr().err
    assert "analystkit: 1 correction(s) not applied: the text changed" in err
    assert "analystkit:   figures kyiv" in err or "analystkit: figures kyiv" in err


def test_cli_corrections_missing_file_and_engine(tmp_path, seeds_dir, capsys):
    assert main(["figures", str(seeds_dir), "--corrections", str(tmp_path / "no.csv")]) == 1
    assert "no.csv: no such file (given to --corrections)" in capsys.readouterr().err
    path = tmp_path / "c.csv"
    path.write_text(",".join(CORRECTIONS.names) + "\n")
    assert main(["claims", str(seeds_dir), "--corrections", str(path),
                 "--partition-mb", "1"]) == 1
    assert "--corrections cannot be combined with --engine" in capsys.readouterr().err


def test_public_module():
    assert ak.corrections is corrections
    assert "corrections" in dir(ak)

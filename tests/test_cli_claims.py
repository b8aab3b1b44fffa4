"""``analystkit claims PATH...``."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest

from analystkit.cli import main
from analystkit.schemas import CLAIMS


@pytest.fixture(scope="module")
def expected(seeds_dir) -> pd.DataFrame:
    from analystkit.claims import extract_claims
    from analystkit.loading import load_corpus

    return extract_claims(load_corpus(seeds_dir))


def test_csv_to_stdout(seeds_dir, expected, capsys):
    assert main(["claims", str(seeds_dir), "--format", "csv"]) == 0
    out = capsys.readouterr()
    table = pd.read_csv(io.StringIO(out.out), keep_default_na=False)
    assert list(table.columns) == CLAIMS.names
    assert len(table) == len(expected)
    assert table["content"].tolist() == expected["content"].tolist()
    assert "loaded 5 document(s)" in out.err


def test_table_is_the_default(seeds_dir, capsys):
    assert main(["claims", str(seeds_dir)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split()[:3] == ["doc_id", "speaker", "speaker_id"]
    assert "volodymyr_zelensky" in out


def test_output_file_formats(seeds_dir, expected, tmp_path, capsys):
    out_json = tmp_path / "claims.json"
    assert main(["claims", str(seeds_dir), "-o", str(out_json)]) == 0
    records = json.loads(out_json.read_text(encoding="utf-8"))
    assert len(records) == len(expected)
    assert set(records[0]) == set(CLAIMS.names)
    out_parquet = tmp_path / "claims.parquet"
    assert main(["claims", str(seeds_dir), "--format", "parquet", "-o", str(out_parquet)]) == 0
    frame = pd.read_parquet(out_parquet)
    assert len(frame) == len(expected)
    assert capsys.readouterr().out == ""


def test_actors_option(seeds_dir, tmp_path, capsys):
    path = tmp_path / "actors.toml"
    path.write_text('[[actor]]\nid = "volodymyr_zelensky"\nside = "kyiv"\n', encoding="utf-8")
    assert main(["claims", str(seeds_dir), "--format", "csv", "--actors", str(path)]) == 0
    assert "volodymyr_zelensky" in capsys.readouterr().out


def test_missing_path_is_an_error(tmp_path, capsys):
    code = main(["claims", str(tmp_path / "nothing-here"), "--format", "csv"])
    out = capsys.readouterr()
    assert code == 1
    assert "analystkit claims: error:" in out.err and "nothing-here" in out.err
    assert out.out == ""

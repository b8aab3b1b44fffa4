"""``analystkit docs``: formats, stdout / stderr, and the acceptance folder."""

from __future__ import annotations

import io
import json
import random
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analystkit.cli import main
from tests.conftest import shared_file


def run(argv, capsys):
    code = main(["docs", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def test_csv_to_stdout_without_raw_text(seeds_dir, capsys):
    code, out, err = run([seeds_dir, "--format", "csv"], capsys)
    assert code == 0
    docs = pd.read_csv(io.StringIO(out), keep_default_na=False)
    assert len(docs) == 5
    assert "raw_text" not in docs.columns and "text" in docs.columns
    assert (docs["title"] != "").all()
    row = docs.set_index("doc_id").loc["003_97bdce341057ee98"]
    assert row["published"].startswith("2025-07-05")
    assert row["source"] == "Thanh Nien Newspaper"
    assert docs.set_index("doc_id").loc["001_3c117ee7df16badd", "source"] == (
        "thecongressionalinsider.com"
    )
    assert not docs["text"].str.contains("Trending Now|Tags:|Author:|courtesy of").any()
    assert err == "analystkit: loaded 5 document(s); skipped 0 input(s)\n"


def test_raw_flag_keeps_raw_text(seeds_dir, capsys):
    _, out, _ = run([seeds_dir, "--format", "csv", "--raw"], capsys)
    assert "raw_text" in pd.read_csv(io.StringIO(out)).columns


def test_table_view_shows_a_useful_subset(seeds_dir, capsys):
    _, out, _ = run([seeds_dir], capsys)
    header = out.splitlines()[0].split()
    assert header == ["doc_id", "source", "published", "title", "n_words"]
    assert len(out.splitlines()) == 6


def test_json_and_parquet_output(seeds_dir, tmp_path, capsys):
    _, out, _ = run([seeds_dir, "--format", "json"], capsys)
    records = json.loads(out)
    assert len(records) == 5 and "raw_text" not in records[0]
    target = tmp_path / "docs.parquet"
    code, out, _ = run([seeds_dir, "-o", target], capsys)
    assert code == 0 and out == ""
    assert len(pd.read_parquet(target)) == 5


def test_removed_table(seeds_dir, capsys):
    _, out, _ = run([seeds_dir, "--removed", "--format", "csv"], capsys)
    removed = pd.read_csv(io.StringIO(out))
    assert list(removed.columns) == ["doc_id", "rule", "start", "end", "removed"]
    assert "rss_disclaimer" in set(removed["rule"])


def test_acceptance_folder_stderr_names_each_skip(tmp_path, capsys):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "noise.txt").write_bytes(random.Random(3).randbytes(1024))
    (tmp_path / "cp1252.txt").write_bytes("Kyiv’s “record” night\nBody.".encode("cp1252"))
    (tmp_path / "feed.jsonl").write_text('{"text": "Good line."}\n{"text": oops}\n')
    (tmp_path / "twin_a.txt").write_text("Twin\nSame body.")
    (tmp_path / "twin_b.txt").write_text("Twin\nSame body.")
    code, out, err = run([tmp_path, "--format", "csv"], capsys)
    assert code == 0
    docs = pd.read_csv(io.StringIO(out))
    assert sorted(docs["doc_id"]) == ["cp1252", "feed_1", "twin_a"]
    lines = err.splitlines()
    assert lines[0] == "analystkit: loaded 3 document(s); skipped 4 input(s)"
    assert sorted(line.strip() for line in lines[1:]) == sorted(
        [
            f"skipped {tmp_path / 'empty.txt'}: empty",
            f"skipped {tmp_path / 'noise.txt'}: binary",
            f"skipped {tmp_path / 'feed.jsonl'} (line 2): malformed JSON at line 2: "
            "Expecting value (column 10)",
            f"skipped {tmp_path / 'twin_b.txt'}: duplicate of doc twin_a",
        ]
    )


def test_keep_duplicates(tmp_path, capsys):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("Same\nBody.")
    _, out, err = run([tmp_path, "--format", "csv", "--keep-duplicates"], capsys)
    assert len(pd.read_csv(io.StringIO(out))) == 2
    assert "skipped 0 input(s)" in err


def test_missing_path_is_a_clear_error(tmp_path, capsys):
    code, out, err = run([tmp_path / "nope"], capsys)
    assert code == 1 and out == ""
    assert "analystkit docs: error: no such file or folder" in err


def test_python_dash_m_runs_the_same_command(seeds_dir):
    proc = subprocess.run(
        [sys.executable, "-m", "analystkit", "docs", str(seeds_dir), "--format", "csv"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert len(pd.read_csv(io.StringIO(proc.stdout))) == 5
    assert "loaded 5 document(s)" in proc.stderr


@pytest.mark.shared
def test_guardian_csv_has_titles_and_dates(capsys):
    path = shared_file("corpora/guardian_nyt_2022/Guardians_Russia_Ukraine.csv")
    _, out, err = run([path, "--format", "csv"], capsys)
    docs = pd.read_csv(io.StringIO(out), keep_default_na=False)
    assert len(docs) == 178  # + 10 exact repeats, listed on stderr as duplicates
    assert err.count("duplicate of doc") == 10
    assert (docs["title"] != "").all() and (docs["published"] != "").all()
    _, out, _ = run([path, "--format", "csv", "--keep-duplicates"], capsys)
    assert len(pd.read_csv(io.StringIO(out))) == 188


def test_paths_in_stderr_are_as_given(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("sub").mkdir()
    Path("sub/e.txt").write_bytes(b"")
    _, _, err = run(["sub"], capsys)
    assert "skipped sub/e.txt: empty" in err


def test_output_to_a_folder_is_a_clear_error_not_a_traceback(seeds_dir, tmp_path, capsys):
    from analystkit.cli import main

    assert main(["docs", str(seeds_dir), "--format", "csv", "-o", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "analystkit docs: error:" in err and "Is a directory" in err
    assert "Traceback" not in err


def test_spreadsheet_safe_csv_defuses_formulas_and_leaves_the_rest(tmp_path):
    import csv
    import io
    import subprocess
    import sys

    (tmp_path / "inj.txt").write_text(
        'Title\n\n=HYPERLINK("http://x","click") Russia launched 5 drones, officials said.\n',
        encoding="utf-8")
    run = [sys.executable, "-m", "analystkit", "figures", str(tmp_path), "--format", "csv"]
    plain = subprocess.run(run, capture_output=True, text=True, check=True).stdout
    safe = subprocess.run([*run, "--spreadsheet-safe"], capture_output=True, text=True,
                          check=True).stdout
    plain_rows = list(csv.DictReader(io.StringIO(plain)))
    safe_rows = list(csv.DictReader(io.StringIO(safe)))
    assert plain_rows[0]["sentence"].startswith("=HYPERLINK")
    assert safe_rows[0]["sentence"] == "'" + plain_rows[0]["sentence"]
    assert safe_rows[0]["mention"] == plain_rows[0]["mention"] == "5 drones"
    assert safe_rows[0]["value"] == plain_rows[0]["value"]

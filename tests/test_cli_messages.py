"""Every CLI error is one line naming the file and the reason; an empty input says so and
exits non-zero; ``dir(analystkit)`` is the public API."""

from __future__ import annotations

import subprocess
import sys

import pytest

import analystkit
from analystkit.cli import error_line, main


def _error(capsys, argv) -> str:
    """Run ``argv``; assert it fails with exactly one error line; return that line."""
    assert main(argv) == 1
    err = capsys.readouterr().err
    lines = [ln for ln in err.splitlines() if not ln.startswith(("analystkit: loaded",
                                                                  "  skipped"))]
    assert len(lines) == 1, err
    assert lines[0].startswith(f"analystkit {argv[0]}: error: ")
    assert "Errno" not in lines[0] and "Traceback" not in err
    return lines[0]


@pytest.mark.parametrize("command", ["docs", "figures", "claims", "compare", "narratives",
                                     "framing"])
def test_an_empty_folder_says_no_articles_and_fails(tmp_path, capsys, command):
    line = _error(capsys, [command, str(tmp_path)])
    assert f"no articles loaded from {tmp_path}: no article file found" in line


def test_a_folder_of_skipped_files_says_so(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("")
    (tmp_path / "b.docx").write_bytes(b"PK")
    line = _error(capsys, ["figures", str(tmp_path)])
    assert "no articles loaded" in line and "all 2 input(s) skipped (reasons above)" in line


def test_the_dask_engine_path_says_no_articles_too(tmp_path, capsys):
    line = _error(capsys, ["figures", str(tmp_path), "--partition-mb", "1"])
    assert "no articles loaded" in line


def test_a_missing_input_names_it(tmp_path, capsys):
    line = _error(capsys, ["figures", str(tmp_path / "nope")])
    assert "no such file or folder" in line and "nope" in line


def test_a_missing_tally_file(seeds_dir, tmp_path, capsys):
    line = _error(capsys, ["compare", str(seeds_dir), "--tallies", str(tmp_path / "no.csv")])
    assert line.endswith(f"{tmp_path / 'no.csv'}: no such file (given to --tallies)")


def test_a_malformed_tally_file_names_it(seeds_dir, tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text('a,b\n1,2,3,4\n"x\n')
    line = _error(capsys, ["compare", str(seeds_dir), "--tallies", str(bad)])
    assert f"{bad}: not a readable tally file:" in line
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("time_start,time_end\n2025-07-04,2025-07-04\n")
    line = _error(capsys, ["compare", str(seeds_dir), "--tallies", str(wrong)])
    assert str(wrong) in line and "missing column" in line


@pytest.mark.parametrize(("command", "option"), [("figures", "--lexicon"),
                                                 ("claims", "--actors"),
                                                 ("framing", "--lexicon")])
def test_option_files_missing_a_folder_or_bad_toml(seeds_dir, tmp_path, capsys, command,
                                                  option):
    line = _error(capsys, [command, str(seeds_dir), option, str(tmp_path / "no.toml")])
    assert f"no.toml: no such file (given to {option})" in line
    line = _error(capsys, [command, str(seeds_dir), option, str(tmp_path)])
    assert f"is a folder, not a file (given to {option})" in line
    bad = tmp_path / "bad.toml"
    bad.write_text("[x\n")
    line = _error(capsys, [command, str(seeds_dir), option, str(bad)])
    assert f"{bad}: not valid TOML:" in line and "line 1" in line


def test_output_into_a_missing_folder(seeds_dir, tmp_path, capsys):
    out = tmp_path / "none" / "f.csv"
    line = _error(capsys, ["figures", str(seeds_dir), "-o", str(out)])
    assert line.endswith(f"{out}: the folder {out.parent} does not exist")


def test_output_onto_a_folder(seeds_dir, tmp_path, capsys):
    line = _error(capsys, ["docs", str(seeds_dir), "--format", "csv", "-o", str(tmp_path)])
    assert f"{tmp_path}: Is a directory" in line


def test_error_line_joins_lines_and_drops_errno():
    assert error_line(FileNotFoundError(2, "No such file or directory", "x.csv")) == \
        "x.csv: No such file or directory"
    assert error_line(ValueError("first\n\n  second ")) == "first; second"
    assert error_line(KeyError("text")) == "missing 'text'"


def test_dir_shows_the_public_api_only():
    analystkit.load_corpus  # noqa: B018 - loads analystkit.loading into the namespace
    names = dir(analystkit)
    assert names == sorted(analystkit.__all__)
    for private in ("importlib", "Any", "TYPE_CHECKING", "annotations", "loading", "_EXPORTS"):
        assert private not in names


def test_python_m_prints_one_line_for_a_bad_extension(seeds_dir, tmp_path):
    run = subprocess.run([sys.executable, "-m", "analystkit", "figures", str(seeds_dir),
                          "-o", str(tmp_path / "f.xyz")],
                         capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 1 and run.stdout == ""
    assert run.stderr.count("\n") == 1 and "supported: .csv" in run.stderr

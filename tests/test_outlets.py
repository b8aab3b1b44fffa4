"""Outlets: ``outlet=`` / ``--outlet`` for inputs that name none, an outlet map (path globs
and URL domains), known news sites' domains, and the same outlets from both engines."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest

import analystkit
from analystkit._outlets import Outlets, is_domain_pattern, known_outlet, outlet_rules
from analystkit.cli import main
from tests.conftest import shared_file


def _mixed(tmp_path: Path) -> Path:
    """A folder of two outlets without metadata, one with a URL, one stating its source."""
    root = tmp_path / "corpus"
    (root / "guardian").mkdir(parents=True)
    (root / "nyt").mkdir()
    (root / "guardian" / "a.txt").write_text("Kyiv hit\n\nDrones struck Kyiv overnight.\n")
    (root / "nyt" / "b.txt").write_text("Odesa hit\n\nMissiles struck Odesa on Monday.\n")
    (root / "wire.jsonl").write_text(
        json.dumps({"text": "Kharkiv shelled on Tuesday.", "url": "https://www.reuters.com/x"})
        + "\n"
        + json.dumps({"text": "Lviv quiet on Wednesday.", "source": "TASS",
                      "url": "https://tass.com/y"}) + "\n"
        + json.dumps({"text": "Dnipro hit on Thursday.", "url": "https://unknown-news.org/z"})
        + "\n",
        encoding="utf-8")
    return root


def _sources(docs: pd.DataFrame) -> dict[str, str]:
    return dict(zip(docs["doc_id"], docs["source"], strict=True))


def test_fixed_outlet_fills_only_inputs_that_name_none(tmp_path):
    docs = analystkit.load_corpus(_mixed(tmp_path), outlet="Analyst's pick")
    assert _sources(docs) == {"guardian/a": "Analyst's pick", "nyt/b": "Analyst's pick",
                              "wire_1": "Reuters", "wire_2": "TASS",
                              "wire_3": "unknown-news.org"}


def test_without_options_known_domains_are_named_and_others_left_empty(tmp_path):
    docs = analystkit.load_corpus(_mixed(tmp_path))
    assert _sources(docs) == {"guardian/a": "", "nyt/b": "", "wire_1": "Reuters", "wire_2": "TASS",
                              "wire_3": "unknown-news.org"}


@pytest.mark.parametrize("kind", ["csv", "toml", "mapping"])
def test_outlet_map_by_path_glob_and_domain(tmp_path, kind):
    root = _mixed(tmp_path)
    entries = [("guardian/*", "The Guardian"), ("nyt/*.txt", "The New York Times"),
               ("unknown-news.org", "Unknown News")]
    if kind == "csv":
        outlet_map = tmp_path / "outlets.csv"
        outlet_map.write_text("pattern,outlet\n" + "".join(f"{p},{o}\n" for p, o in entries))
    elif kind == "toml":
        outlet_map = tmp_path / "outlets.toml"
        outlet_map.write_text("[outlets]\n" + "".join(f'"{p}" = "{o}"\n' for p, o in entries))
    else:
        outlet_map = dict(entries)
    docs = analystkit.load_corpus(root, outlet_map=outlet_map, outlet="Fallback")
    assert _sources(docs) == {"guardian/a": "The Guardian", "nyt/b": "The New York Times",
                              "wire_1": "Reuters", "wire_2": "TASS", "wire_3": "Unknown News"}


def test_a_file_name_pattern_is_a_path_not_a_domain(tmp_path):
    root = _mixed(tmp_path)
    docs = analystkit.load_corpus(root, outlet_map={"wire.jsonl": "Wires"})
    assert set(docs.loc[docs["doc_id"].str.startswith("wire"), "source"]) == {"Wires", "TASS"}
    assert is_domain_pattern("kyivindependent.com") and not is_domain_pattern("wire.jsonl")
    assert not is_domain_pattern("corpus/**/x.txt") and not is_domain_pattern("The Guardian")


def test_known_domains_include_subdomains_and_stated_bare_domains():
    assert known_outlet("edition.cnn.com") == "CNN"
    assert known_outlet("www.kyivindependent.com") == "The Kyiv Independent"
    assert known_outlet("news.bbc.co.uk") == "BBC"
    assert known_outlet("tass.ru") == known_outlet("tass.com") == "TASS"
    assert known_outlet("co.uk") == "" and known_outlet("example.org") == ""
    rules = Outlets()
    assert rules.resolve("theguardian.com", "", "") == "The Guardian"
    assert rules.resolve("Guardian staff", "", "https://nytimes.com/a") == "Guardian staff"


def test_a_dataframe_source_takes_the_outlet_and_is_not_modified():
    frame = pd.DataFrame({"text": ["Drones hit Kyiv.", "Missiles hit Lviv."],
                          "source": ["", "Ukrinform"]})
    before = frame.copy()
    docs = analystkit.load_corpus(frame, outlet="Desk")
    assert docs["source"].tolist() == ["Desk", "Ukrinform"]
    pd.testing.assert_frame_equal(frame, before)


@pytest.mark.parametrize(("content", "message"), [
    ("pattern;outlet\nx,y\n", "expected the columns 'pattern' and 'outlet'"),
    ("pattern,outlet\nguardian/*,\n", "(line 2): each row needs a pattern and an outlet"),
    ("pattern,outlet\n", "the outlet map has no entries"),
])
def test_bad_outlet_maps_name_the_file_and_the_reason(tmp_path, content, message):
    path = tmp_path / "map.csv"
    path.write_text(content)
    with pytest.raises(ValueError, match=r"map\.csv") as info:
        outlet_rules(outlet_map=path)
    assert message in str(info.value)


def test_bad_toml_outlet_map(tmp_path):
    path = tmp_path / "map.toml"
    path.write_text("[outlets\n")
    with pytest.raises(ValueError, match=r"map\.toml: invalid TOML"):
        outlet_rules(outlet_map=path)
    path.write_text('[other]\n"a" = "b"\n')
    with pytest.raises(ValueError, match=r"expected an \[outlets\] table"):
        outlet_rules(outlet_map=path)


def test_cli_outlet_and_outlet_map(tmp_path, capsys):
    root = _mixed(tmp_path)
    assert main(["docs", str(root), "--outlet", "Desk", "--format", "csv"]) == 0
    docs = pd.read_csv(io.StringIO(capsys.readouterr().out), keep_default_na=False)
    assert _sources(docs) == {"guardian/a": "Desk", "nyt/b": "Desk", "wire_1": "Reuters",
                              "wire_2": "TASS", "wire_3": "unknown-news.org"}
    outlet_map = tmp_path / "m.csv"
    outlet_map.write_text("pattern,outlet\nnyt/*,The New York Times\n")
    assert main(["figures", str(root), "--outlet-map", str(outlet_map), "--format", "csv"]) == 0
    capsys.readouterr()
    assert main(["framing", str(root), "--outlet-map", str(outlet_map), "--format", "csv"]) == 0
    framing = pd.read_csv(io.StringIO(capsys.readouterr().out), keep_default_na=False)
    assert dict(zip(framing["doc_id"], framing["source"], strict=True))["nyt/b"] == \
        "The New York Times"


def test_cli_missing_outlet_map_is_one_line(tmp_path, seeds_dir, capsys):
    assert main(["figures", str(seeds_dir), "--outlet-map", str(tmp_path / "no.csv")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "no.csv: no such file (given to --outlet-map)" in err


@pytest.mark.parametrize("engine", ["pandas", "dask"])
def test_both_engines_give_the_outlets_of_load_corpus(tmp_path, engine, request):
    if engine == "dask":
        pytest.importorskip("distributed", reason="the Dask engine needs the scale extra")
    from analystkit.engine import process_corpus

    root = _mixed(tmp_path)
    keywords = {"outlet": "Desk", "outlet_map": {"nyt/*": "The New York Times"}}
    ref = analystkit.load_corpus(root, **keywords)
    kw = {"workers": 1} if engine == "dask" else {}
    got = process_corpus(root, ["documents"], engine=engine, partition_bytes=64, **kw,
                         **keywords)
    pd.testing.assert_frame_equal(got["documents"], ref, check_exact=True)


def test_cli_dask_engine_takes_the_outlet(tmp_path, capsys):
    root = _mixed(tmp_path)
    assert main(["framing", str(root), "--outlet", "Desk", "--partition-mb", "0.0001",
                 "--format", "csv"]) == 0
    framing = pd.read_csv(io.StringIO(capsys.readouterr().out), keep_default_na=False)
    assert _sources(framing)["guardian/a"] == _sources(framing)["nyt/b"] == "Desk"


def test_guardian_csv_with_outlet_gives_it_on_every_row(capsys):
    path = shared_file("corpora/guardian_nyt_2022/Guardians_Russia_Ukraine.csv")
    assert main(["docs", str(path), "--outlet", "The Guardian", "--format", "csv"]) == 0
    docs = pd.read_csv(io.StringIO(capsys.readouterr().out), keep_default_na=False)
    assert len(docs) == 178 and set(docs["source"]) == {"The Guardian"}

"""The partitioned pipeline: both engines give load_corpus + the extractors, row for row."""

from __future__ import annotations

import json
import subprocess
import sys
import warnings
from pathlib import Path

import pandas as pd
import pytest

import analystkit
from analystkit import engine as eng
from analystkit._partitioned import plan
from analystkit.schemas import CLAIMS, DOCUMENTS, FIGURES, FRAMING, NARRATIVE_TAGS, SKIPPED

ALL_TABLES = ["documents", "figures", "claims", "narratives", "framing"]
SCHEMAS = {"documents": DOCUMENTS, "figures": FIGURES, "claims": CLAIMS,
           "narratives": NARRATIVE_TAGS, "framing": FRAMING, "skipped": SKIPPED}


@pytest.fixture(scope="session")
def dask_client():
    """A 2-worker LocalCluster shared by every Dask test of the session."""
    distributed = pytest.importorskip(
        "distributed", reason="the Dask engine needs the scale extra: pip install '.[scale]'")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=None,
                                  silence_logs=40) as cluster, \
            distributed.Client(cluster) as client:
        yield client


def _reference(source, tables=ALL_TABLES, **load) -> dict[str, pd.DataFrame]:
    """What the plain in-process functions give."""
    result = analystkit.load_corpus_with_report(source, **load)
    docs = result.documents
    ref = {"documents": docs, "skipped": result.skipped}
    if "figures" in tables:
        ref["figures"] = analystkit.extract_figures(docs)
    if "claims" in tables:
        ref["claims"] = analystkit.extract_claims(docs)
    if "narratives" in tables:
        ref["narratives"] = analystkit.tag_narratives(docs)
    if "framing" in tables:
        ref["framing"] = analystkit.framing_signals(docs)
    return ref


def _assert_same(got: dict[str, pd.DataFrame], ref: dict[str, pd.DataFrame]) -> None:
    for table, frame in got.items():
        assert list(frame.columns) == SCHEMAS[table].names, table
        SCHEMAS[table].validate(frame)
        pd.testing.assert_frame_equal(frame, ref[table], check_exact=True, obj=table)


def _mixed_corpus(tmp_path: Path) -> Path:
    """Small files in two folders (a clashing stem), a duplicate across partitions, a bad
    file, and a JSON Lines file large enough to be cut into row blocks."""
    root = tmp_path / "corpus"
    (root / "a").mkdir(parents=True)
    (root / "b").mkdir()
    text = ("Russia launched 539 drones and 11 missiles at Kyiv overnight, Ukraine's air "
            "force said. At least 23 people were injured, according to the mayor.\n")
    (root / "a" / "report.txt").write_text("Strike on Kyiv\n\n" + text, encoding="utf-8")
    (root / "b" / "report.txt").write_text("Another night\n\n" + text.replace("539", "550"),
                                           encoding="utf-8")
    (root / "b" / "empty.txt").write_text("", encoding="utf-8")
    lines = []
    for i in range(60):
        body = (f"Article {i}. Officials said {i + 3} drones were shot down and about "
                f"{10 * i} people were evacuated. " * 8)
        lines.append(json.dumps({"title": f"Item {i}", "text": body}))
    lines.insert(10, "{not json")
    # the same article as a/report.txt, which is read after feed.jsonl: a duplicate of this
    lines.append(json.dumps({"title": "copy", "text": "Strike on Kyiv\n\n" + text}))
    (root / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


# --- planning ---------------------------------------------------------------------------


def test_plan_groups_small_files_and_cuts_large_multi_article_files(tmp_path):
    root = _mixed_corpus(tmp_path)
    parts = plan(root, partition_bytes=4096)
    units = list(parts)
    assert [p.number for p in units] == list(range(len(units)))
    blocks = [p for p in units if p.items is not None]
    assert len(blocks) > 3  # feed.jsonl is ~60 KB: cut into row blocks
    assert all(p.files == ((str(root / "feed.jsonl"), None, ""),) for p in blocks)
    small = [p for p in units if p.items is None]
    assert sum(len(p.files) for p in small) == 3  # a/report.txt, b/empty.txt, b/report.txt
    assert parts.estimate() >= len(small) + 1


def test_plan_rejects_a_non_positive_partition_size(seeds_dir):
    with pytest.raises(ValueError, match="partition_bytes must be positive"):
        plan(seeds_dir, partition_bytes=0)


# --- the pandas engine ------------------------------------------------------------------


def test_pandas_engine_matches_the_plain_functions_on_the_seeds(seeds_dir):
    got = eng.process_corpus(seeds_dir, ALL_TABLES)
    assert list(got) == [*ALL_TABLES, "skipped"]
    _assert_same(got, _reference(seeds_dir))


def test_pandas_engine_matches_across_partitions_blocks_and_duplicates(tmp_path):
    root = _mixed_corpus(tmp_path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = _reference(root)
    got = eng.process_corpus(root, ALL_TABLES, partition_bytes=4096)
    _assert_same(got, ref)
    reasons = got["skipped"]["reason"].tolist()
    assert any(r.startswith("malformed JSON at line 11") for r in reasons)
    assert "duplicate of doc feed_62" in reasons
    ids = set(got["documents"]["doc_id"])
    assert {"b/report", "feed_1", "feed_62"} <= ids and "a/report" not in ids


def test_pandas_engine_strict_raises_at_the_first_bad_input(tmp_path):
    root = _mixed_corpus(tmp_path)
    with pytest.raises(ValueError) as plain:
        analystkit.load_corpus(root, strict=True)
    with pytest.raises(ValueError, match=r"feed.jsonl \(line 11\): malformed JSON") as staged:
        eng.process_corpus(root, ["documents"], strict=True, partition_bytes=4096)
    assert str(staged.value) == str(plain.value)


def test_options_reach_the_extractors(seeds_dir):
    got = eng.process_corpus(seeds_dir, ["figures"], core_only=True)
    assert got["figures"]["is_core"].all()
    pd.testing.assert_frame_equal(
        got["figures"], analystkit.extract_figures(analystkit.load_corpus(seeds_dir),
                                                   core_only=True))


def test_unknown_engine_and_table_are_named(seeds_dir):
    with pytest.raises(ValueError, match="unknown engine 'spark'"):
        eng.process_corpus(seeds_dir, engine="spark")
    with pytest.raises(ValueError, match=r"unknown table\(s\) \['quotes'\]"):
        eng.process_corpus(seeds_dir, ["quotes"])


def test_progress_bar_goes_to_stderr(seeds_dir, capsys):
    eng.process_corpus(seeds_dir, ["figures"], progress=True)
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "loading" in captured.err and "extracting" in captured.err


def test_write_corpus_writes_readable_partitioned_parquet(tmp_path):
    root = _mixed_corpus(tmp_path)
    out = tmp_path / "out"
    written = eng.write_corpus(root, out, ["documents", "figures"], partition_bytes=4096)
    assert written.dtypes.astype(str).to_dict() == {
        "table": "str", "path": "str", "n_rows": "int64", "n_files": "int64"}
    assert written["table"].tolist() == ["documents", "figures", "skipped"]
    got = eng.process_corpus(root, ["documents", "figures"], partition_bytes=4096)
    for table in ("documents", "figures"):
        folder = out / f"{table}.parquet"
        parts = sorted(folder.glob("part.*.parquet"))
        row = written.set_index("table").loc[table]
        assert len(parts) == row["n_files"] > 3
        back = pd.read_parquet(folder)
        assert len(back) == row["n_rows"]
        pd.testing.assert_frame_equal(back, got[table])
    pd.testing.assert_frame_equal(pd.read_parquet(out / "skipped.parquet"), got["skipped"])


def test_write_corpus_of_nothing_leaves_an_empty_readable_dataset(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    written = eng.write_corpus(empty, tmp_path / "out", ["figures"])
    assert written["n_rows"].tolist() == [0, 0]
    back = pd.read_parquet(tmp_path / "out" / "figures.parquet")
    assert list(back.columns) == FIGURES.names and back.empty


def test_missing_dask_says_how_to_install_it(seeds_dir, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(ImportError, match=r"pip install \"analystkit\[scale\]\""):
        eng.process_corpus(seeds_dir, engine="dask")


# --- the Dask engine --------------------------------------------------------------------


def test_dask_engine_matches_on_the_seeds(seeds_dir, dask_client):
    got = eng.process_corpus(seeds_dir, ALL_TABLES, engine="dask", client=dask_client)
    _assert_same(got, _reference(seeds_dir))


def test_dask_engine_matches_across_partitions_blocks_and_duplicates(tmp_path, dask_client):
    root = _mixed_corpus(tmp_path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = _reference(root)
    got = eng.process_corpus(root, ALL_TABLES, engine="dask", client=dask_client,
                             partition_bytes=4096)
    _assert_same(got, ref)


@pytest.mark.shared
@pytest.mark.parametrize("corpus", ["guardian_nyt_2022", "gdelt_ukraine_news",
                                    "semeval2025_task10_en_urw/EN_URW_articles_labelled.csv"])
def test_dask_engine_matches_on_the_shared_corpora(shared, corpus, dask_client):
    source = shared / "corpora" / corpus
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = _reference(source, ["documents", "figures"])
    # 256 KiB partitions: each CSV is cut into several row blocks
    got = eng.process_corpus(source, ["documents", "figures"], engine="dask",
                             client=dask_client, partition_bytes=2**18)
    assert len(plan(source, 2**18).units) < sum(1 for _ in plan(source, 2**18))
    _assert_same(got, ref)


def test_dask_write_corpus_matches_the_pandas_engine(tmp_path, dask_client):
    root = _mixed_corpus(tmp_path)
    eng.write_corpus(root, tmp_path / "pd", ["figures"], partition_bytes=4096)
    eng.write_corpus(root, tmp_path / "dk", ["figures"], engine="dask", client=dask_client,
                     partition_bytes=4096)
    pd_parts = sorted(p.name for p in (tmp_path / "pd" / "figures.parquet").iterdir())
    dk_parts = sorted(p.name for p in (tmp_path / "dk" / "figures.parquet").iterdir())
    assert pd_parts == dk_parts
    for name in pd_parts:  # the same bytes, part for part
        assert ((tmp_path / "pd" / "figures.parquet" / name).read_bytes()
                == (tmp_path / "dk" / "figures.parquet" / name).read_bytes())


def test_dask_tables_are_lazy_frames_with_the_tables_meta(seeds_dir, dask_client):
    frames = eng.dask_tables(seeds_dir, ["figures", "claims"], client=dask_client)
    SKIPPED.validate(frames["skipped"])
    assert frames["figures"].dtypes.equals(FIGURES.empty().dtypes)
    figures = frames["figures"].compute().reset_index(drop=True)
    ref = _reference(seeds_dir, ["figures"])
    pd.testing.assert_frame_equal(figures, ref["figures"])
    by_measure = frames["figures"].groupby("measure")["value"].count().compute()
    assert by_measure["launched"] == (ref["figures"]["measure"] == "launched").sum()


def test_cli_dask_engine_writes_readable_parquet(seeds_dir, tmp_path):
    pytest.importorskip("distributed", reason="the Dask engine needs the scale extra")
    out = tmp_path / "figures.parquet"
    run = subprocess.run(
        [sys.executable, "-m", "analystkit", "figures", str(seeds_dir), "--engine", "dask",
         "--workers", "2", "-o", str(out)],
        capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stderr
    assert "loaded 5 document(s); skipped 0 input(s)" in run.stderr
    assert "Parquet part(s)" in run.stderr
    back = pd.read_parquet(out)
    pd.testing.assert_frame_equal(back, _reference(seeds_dir, ["figures"])["figures"])


def test_cli_pandas_engine_with_progress_gives_the_same_csv(seeds_dir, tmp_path):
    plain = subprocess.run([sys.executable, "-m", "analystkit", "claims", str(seeds_dir),
                            "--format", "csv"], capture_output=True, text=True, check=True)
    staged = subprocess.run([sys.executable, "-m", "analystkit", "claims", str(seeds_dir),
                             "--format", "csv", "--progress", "--partition-mb", "0.01"],
                            capture_output=True, text=True, check=True)
    assert staged.stdout == plain.stdout
    assert "extracting" in staged.stderr


@pytest.mark.parametrize("engine", ["pandas", "dask"])
def test_text_false_leaves_the_text_columns_out(seeds_dir, engine, request):
    client = request.getfixturevalue("dask_client") if engine == "dask" else None
    got = eng.process_corpus(seeds_dir, ["documents", "figures"], engine=engine,
                             client=client, text=False)
    ref = _reference(seeds_dir, ["figures"])
    expected = ref["documents"].drop(columns=["text", "raw_text"])
    pd.testing.assert_frame_equal(got["documents"], expected)
    pd.testing.assert_frame_equal(got["figures"], ref["figures"])
    compared = analystkit.compare_figures(got["figures"], got["documents"])
    pd.testing.assert_frame_equal(
        compared, analystkit.compare_figures(ref["figures"], ref["documents"]))


def test_dask_engine_takes_a_scheduler_address(seeds_dir, dask_client):
    address = dask_client.scheduler.address
    assert address.startswith("tcp://127.0.0.1:")
    got = eng.process_corpus(seeds_dir, ["claims"], engine="dask", client=address)
    pd.testing.assert_frame_equal(got["claims"], _reference(seeds_dir, ["claims"])["claims"])
    assert dask_client.status == "running"  # the caller's cluster is left running


def test_max_file_bytes_reaches_the_loader(tmp_path):
    (tmp_path / "big.txt").write_text("Big\n\n" + "Russia launched 5 drones. " * 100,
                                      encoding="utf-8")
    (tmp_path / "small.txt").write_text("Small\n\nRussia launched 7 drones.", encoding="utf-8")
    got = eng.process_corpus(tmp_path, ["documents"], max_file_bytes=1_000)
    ref = analystkit.load_corpus_with_report(tmp_path, max_file_bytes=1_000)
    pd.testing.assert_frame_equal(got["documents"], ref.documents)
    pd.testing.assert_frame_equal(got["skipped"], ref.skipped)
    assert got["skipped"]["reason"].str.startswith("too large for one article").tolist() == [True]


# --- the kept partitions of the Dask engine -------------------------------------------


def test_a_kept_partition_is_taken_once_and_reloaded_when_missing(tmp_path):
    from analystkit import _kept
    from analystkit._partitioned import Options, load_part

    root = _mixed_corpus(tmp_path)
    parts = plan(root, partition_bytes=4096)
    part = next(iter(parts))
    rules = eng._rules(None)
    where, cols = _kept.load_and_keep(part, rules, parts.max_file_bytes, parts.outlets, "r1", 0)
    assert where is None  # not on a Dask worker
    fresh = load_part(part, rules, parts.max_file_bytes, parts.outlets)
    pd.testing.assert_frame_equal(cols, fresh[list(cols.columns)])
    kept = _kept.take(part, rules, parts.max_file_bytes, parts.outlets, "r1", 0)
    pd.testing.assert_frame_equal(kept, fresh)
    assert ("r1", 0) not in _kept._KEPT
    ids = [f"d{i}" for i in range(int((fresh["kind"] == "doc").sum()))]
    keep = [True] * len(ids)
    # the extraction task on a worker that does not hold the partition: loaded again
    again = eng._extract_kept(part, rules, parts.max_file_bytes, parts.outlets, "r1", 0, ids,
                              keep, ("documents", "figures"), Options(), None)
    direct = eng._finish_extract(fresh, ids, keep, ("documents", "figures"), Options())
    for table in ("documents", "figures"):
        pd.testing.assert_frame_equal(again[table], direct[table])
    _kept.load_and_keep(part, rules, parts.max_file_bytes, parts.outlets, "r2", 0)
    assert _kept.drop_run("r2") == 1 and _kept.drop_run("r2") == 0


def test_dask_engine_leaves_no_partition_on_the_workers(tmp_path, dask_client):
    root = _mixed_corpus(tmp_path)
    eng.process_corpus(root, ["figures"], engine="dask", client=dask_client,
                       partition_bytes=4096)
    with pytest.raises(ValueError, match="malformed JSON"):  # an error half-way: freed too
        eng.process_corpus(root, ["figures"], engine="dask", client=dask_client,
                           partition_bytes=4096, strict=True)
    left = dask_client.run(lambda: len(sys.modules["analystkit._kept"]._KEPT))
    assert set(left.values()) == {0}

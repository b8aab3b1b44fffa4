"""analystkit.loading: every format, every bad input and its reason, ids, the report."""

from __future__ import annotations

import hashlib
import json
import os
import random
import subprocess
import sys
import warnings
from pathlib import Path

import pandas as pd
import pytest

from analystkit import (
    DEFAULT_RULES,
    BoilerplateRule,
    LoadResult,
    LoadWarning,
    load_corpus,
    load_corpus_with_report,
)
from analystkit.schemas import DOCUMENTS, REMOVED, SKIPPED
from tests.conftest import shared_file

ARTICLE = "Kyiv hit by record drone attack\n\nRussia launched 539 drones and 11 missiles overnight."
HTML = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Kyiv hit by record drone attack | Example News</title>
<meta property="og:site_name" content="Example News">
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2025-07-04T08:30:00+03:00">
<link rel="canonical" href="https://example.com/news/kyiv-attack"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Kyiv hit by record drone attack</h1>
<p>Russia launched 539 drones and 11 missiles at Ukraine overnight, the air force said.</p>
<p>Trending Now: Something else entirely</p>
<p>At least one person was killed and 23 were injured in the capital, the mayor said.</p>
</article><footer>Copyright 2025 Example News. All rights reserved.</footer></body></html>
"""


def load(source, **kw) -> LoadResult:
    result = load_corpus_with_report(source, **kw)
    DOCUMENTS.validate(result.documents)
    SKIPPED.validate(result.skipped)
    REMOVED.validate(result.removed)
    return result


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def reasons(result: LoadResult) -> dict[tuple[str, str], str]:
    return {
        (Path(r.path).name, r.location): r.reason for r in result.skipped.itertuples(index=False)
    }


# --- the seeds ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeds(seeds_dir) -> LoadResult:
    return load(seeds_dir)


def test_seeds_columns_and_dtypes(seeds):
    docs = seeds.documents
    assert list(docs.columns) == DOCUMENTS.names
    assert str(docs["published"].dtype) == "datetime64[ns, UTC]"
    assert str(docs["text"].dtype) == "str"
    assert docs["n_words"].dtype == "int64"
    assert len(docs) == 5 and seeds.skipped.empty


def test_seeds_ids_titles_dates_sources(seeds, seeds_dir):
    docs = seeds.documents.set_index("doc_id")
    assert list(docs.index) == sorted(p.stem for p in seeds_dir.glob("*.txt"))
    assert (docs["title"].str.len() > 10).all()
    assert docs.loc["003_97bdce341057ee98", "title"].startswith("Ukraine War Day 1,227")
    assert docs.loc["002_6f8537a3a5f28ac7", "title"].startswith("Russia overnight hit Ukraine")
    assert docs.loc["003_97bdce341057ee98", "published"] == pd.Timestamp("2025-07-05", tz="UTC")
    assert docs.drop(index="003_97bdce341057ee98")["published"].isna().all()
    assert docs.loc["003_97bdce341057ee98", "source"] == "Thanh Nien Newspaper"
    assert docs.loc["001_3c117ee7df16badd", "source"] == "thecongressionalinsider.com"
    assert docs.loc["002_6f8537a3a5f28ac7", "source"] == ""  # "LONDON --" is a place
    assert docs.loc["004_82c52a8aa8fc80f9", "source"] == ""  # a photo credit is not the outlet
    assert docs.loc["001_3c117ee7df16badd", "author"] == "Editor"


@pytest.mark.parametrize(
    "boilerplate",
    [
        "Discover This:",
        "Trending Now:",
        "Must Read:",
        "See more",
        "Watch a report:",
        "Click this link",
        "Tags:",
        "Author:",
        "courtesy of",
        "RSS feed",
        "Source: Thanh Nien",
        "Representative Image",
        "\n-\n",
    ],
)
def test_seeds_text_has_no_boilerplate(seeds, boilerplate):
    assert not seeds.documents["text"].str.contains(boilerplate, regex=False).any()


def test_seeds_text_keeps_article_and_characters(seeds, seeds_dir):
    docs = seeds.documents.set_index("doc_id")
    text0 = docs.loc["000_fd51113278b0f16d", "text"]
    assert "539 drones and 11 missiles" in text0
    assert "One “Kinzhal” ballistic missile" in text0  # curly quotes kept
    assert text0.startswith("Russia Launches Record Drone")
    assert "\n" in text0
    assert docs.loc["003_97bdce341057ee98", "text"].startswith("Ukraine War Day 1,227")
    for doc_id, row in docs.iterrows():
        raw = (seeds_dir / f"{doc_id}.txt").read_text(encoding="utf-8")
        assert row["raw_text"] == raw
        assert row["text"] == row["text"].strip()
        assert (
            row["content_hash"]
            == hashlib.sha256(" ".join(row["text"].split()).encode()).hexdigest()
        )


def test_removed_spans_point_into_raw_text(seeds):
    raw = seeds.documents.set_index("doc_id")["raw_text"]
    assert len(seeds.removed) >= 15
    for r in seeds.removed.itertuples(index=False):
        assert raw[r.doc_id][r.start : r.end] == r.removed
    rules = set(seeds.removed["rule"])
    assert {"promo_line", "tags_line", "author_line", "rss_disclaimer", "source_line"} <= rules


def test_doc_ids_are_stable_across_runs(seeds_dir, seeds):
    again = load(seeds_dir)
    pd.testing.assert_frame_equal(again.documents, seeds.documents)
    pd.testing.assert_frame_equal(again.removed, seeds.removed)


# --- formats -----------------------------------------------------------------------------


def test_txt_and_md(tmp_path):
    write(tmp_path / "one.txt", "World\n" + ARTICLE + "\nTags: a, b\n")
    write(tmp_path / "two.md", "# A markdown headline\n\nBody **bold**.\n")
    docs = load(tmp_path).documents.set_index("doc_id")
    assert docs.loc["one", "title"] == "Kyiv hit by record drone attack"
    assert docs.loc["one", "text"] == ARTICLE
    assert docs.loc["two", "title"] == "A markdown headline"
    assert docs.loc["two", "text"] == "# A markdown headline\n\nBody **bold**."


def test_crlf_is_normalised(tmp_path):
    write(tmp_path / "w.txt", ARTICLE.replace("\n", "\r\n").encode())
    doc = load(tmp_path).documents.iloc[0]
    assert doc["text"] == ARTICLE and "\r" not in doc["raw_text"]


def test_html_with_trafilatura(tmp_path):
    write(tmp_path / "page.html", HTML)
    result = load(tmp_path)
    doc = result.documents.iloc[0]
    assert doc["doc_id"] == "page"
    assert doc["title"] == "Kyiv hit by record drone attack"
    assert doc["source"] == "Example News"
    assert doc["author"] == "Jane Doe"
    assert doc["url"] == "https://example.com/news/kyiv-attack"
    assert doc["published"] == pd.Timestamp("2025-07-04 05:30", tz="UTC")
    assert "539 drones" in doc["text"]
    assert "Home" not in doc["text"] and "Copyright" not in doc["text"]
    assert "Trending Now" in doc["raw_text"] and "Trending Now" not in doc["text"]
    assert list(result.removed["rule"]) == ["promo_line"]


def test_html_without_article_text(tmp_path):
    write(tmp_path / "blank.htm", "<html><head><title>x</title></head><body></body></html>")
    assert reasons(load(tmp_path)) == {("blank.htm", ""): "no article text found in the HTML"}


def test_json_single_object(tmp_path):
    obj = {
        "Headline": "H",
        "BODY": "Body text.",
        "PubDate": "2022-03-01",
        "Link": "https://x.org/a",
    }
    write(tmp_path / "one.json", json.dumps(obj))
    doc = load(tmp_path).documents.iloc[0]
    assert (doc["doc_id"], doc["title"], doc["text"]) == ("one", "H", "Body text.")
    assert doc["published"] == pd.Timestamp("2022-03-01", tz="UTC")
    assert (doc["url"], doc["source"]) == ("https://x.org/a", "x.org")


def test_json_array_and_container(tmp_path):
    items = [
        {"title": "A", "text": "Alpha."},
        {"title": "B", "content": ["Beta one.", "Beta two."]},
    ]
    write(tmp_path / "arr.json", json.dumps(items))
    newsapi = {
        "status": "ok",
        "articles": [
            {
                "source": {"id": None, "name": "BBC News"},
                "author": "Jane Doe",
                "title": "C",
                "content": "Gamma.",
                "publishedAt": "2022-03-01T10:00:00Z",
            }
        ],
    }
    write(tmp_path / "api.json", json.dumps(newsapi))
    docs = load(tmp_path).documents.set_index("doc_id")
    assert list(docs.index) == ["api_1", "arr_1", "arr_2"]
    assert docs.loc["arr_2", "text"] == "Beta one.\n\nBeta two."
    assert docs.loc["api_1", ["source", "author", "title"]].tolist() == [
        "BBC News",
        "Jane Doe",
        "C",
    ]
    assert docs.loc["api_1", "published"] == pd.Timestamp("2022-03-01 10:00", tz="UTC")


def test_json_lines_saved_as_json(tmp_path):
    write(tmp_path / "lines.json", '{"text": "One."}\n{"text": "Two."}\n')
    assert load(tmp_path).documents["doc_id"].tolist() == ["lines_1", "lines_2"]


def test_jsonl(tmp_path):
    lines = [
        json.dumps({"text": "First article.", "date": "2022-01-01"}),
        "",
        json.dumps({"article": "Third line article.", "site": "Kyiv Post"}),
    ]
    write(tmp_path / "feed.jsonl", "\n".join(lines) + "\n")
    docs = load(tmp_path).documents
    assert docs["doc_id"].tolist() == ["feed_1", "feed_3"]
    assert docs["source"].tolist() == ["", "Kyiv Post"]


def test_csv(tmp_path):
    frame = pd.DataFrame(
        {
            "published": ["2022-08-01T16:23:25Z", "2022-08-02T10:00:00Z"],
            "headlines": ["First headline", "Second headline"],
            "articles": ["Line one.\n\nLine two, with a comma.", "Another article."],
        }
    )
    frame.to_csv(tmp_path / "g.csv", index=False)
    docs = load(tmp_path).documents
    assert docs["doc_id"].tolist() == ["g_1", "g_2"]
    assert docs["title"].tolist() == ["First headline", "Second headline"]
    assert docs["text"][0] == "Line one.\n\nLine two, with a comma."
    assert docs["published"][0] == pd.Timestamp("2022-08-01 16:23:25", tz="UTC")


def test_csv_semicolons_tsv_and_large_fields(tmp_path):
    big = "word " * 60_000  # 300,000 characters: beyond csv's default field limit
    write(tmp_path / "semi.csv", f'Title;Text\nT;"A; B"\nBig;{big}\n')
    write(tmp_path / "tab.tsv", "title\tbody\nT\tTab body.\n")
    docs = load(tmp_path).documents.set_index("doc_id")
    assert docs.loc["semi_1", "text"] == "A; B"
    assert docs.loc["semi_2", "n_words"] == 60_000
    assert docs.loc["tab_1", "text"] == "Tab body."


def test_csv_without_title_takes_first_line_and_gdelt_dates(tmp_path):
    frame = pd.DataFrame(
        {"filename": ["x.txt"], "seendate": ["20220101T120000Z"], "text": ["Headline here\nBody."]}
    )
    frame.to_csv(tmp_path / "gd.csv", index=False)
    doc = load(tmp_path).documents.iloc[0]
    assert doc["title"] == "Headline here"
    assert doc["published"] == pd.Timestamp("2022-01-01 12:00", tz="UTC")


def test_parquet(tmp_path):
    pd.DataFrame({"title": ["P"], "text": ["Parquet body."]}).to_parquet(tmp_path / "p.parquet")
    doc = load(tmp_path).documents.iloc[0]
    assert (doc["doc_id"], doc["title"], doc["text"]) == ("p_1", "P", "Parquet body.")


def test_dataframe_source_is_not_mutated():
    frame = pd.DataFrame(
        {"Text": ["Tags: x\nBody one.", "Body two."], "Date": pd.to_datetime(["2022-01-01", None])}
    )
    before = frame.copy()
    docs = load(frame).documents
    pd.testing.assert_frame_equal(frame, before)
    assert docs["doc_id"].tolist() == ["row_1", "row_2"]
    assert docs["text"].tolist() == ["Body one.", "Body two."]
    assert docs["published"][0] == pd.Timestamp("2022-01-01", tz="UTC")
    assert pd.isna(docs["published"][1])


# --- sources: folders, globs, lists ------------------------------------------------------


def test_sources_folder_file_glob_list(tmp_path):
    a = write(tmp_path / "a.txt", "Alpha\nText a.")
    write(tmp_path / "sub" / "b.txt", "Beta\nText b.")
    write(tmp_path / ".hidden" / "c.txt", "Gamma\nText c.")
    write(tmp_path / ".d.txt", "Delta\nText d.")
    assert load(tmp_path).documents["doc_id"].tolist() == ["a", "sub/b"]
    assert load(str(a)).documents["doc_id"].tolist() == ["a"]
    assert load(str(tmp_path / "**" / "*.txt")).documents["doc_id"].tolist() == ["a", "sub/b"]
    assert load(str(tmp_path / "sub" / "*.txt")).documents["doc_id"].tolist() == ["b"]
    assert load([a, tmp_path / "sub"]).documents["doc_id"].tolist() == ["a", "b"]
    assert load([a, str(a)]).documents["doc_id"].tolist() == ["a"]  # one file, loaded once


def test_missing_path_and_unmatched_glob(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such file or folder"):
        load_corpus(tmp_path / "nope")
    with pytest.raises(FileNotFoundError, match="matches the pattern"):
        load_corpus(str(tmp_path / "*.txt"))
    with pytest.raises(ValueError, match="no source"):
        load_corpus([])


def test_empty_folder_gives_an_empty_table(tmp_path):
    result = load(tmp_path)
    assert result.documents.empty and result.skipped.empty


def test_clashing_ids_are_disambiguated(tmp_path):
    write(tmp_path / "a" / "x.txt", "A\nText a.")
    write(tmp_path / "b" / "x.txt", "B\nText b.")
    write(tmp_path / "b" / "x.md", "C\nText c.")
    write(tmp_path / "b" / "x_1.txt", "D\nText d.")
    pd.DataFrame({"text": ["Row one."]}).to_csv(tmp_path / "b" / "x.csv", index=False)
    first = load(tmp_path).documents
    ids = first.set_index("path")["doc_id"]
    assert ids.is_unique
    assert ids.rename(lambda p: os.path.relpath(p, tmp_path)).to_dict() == {
        "a/x.txt": "a/x",  # the folders below the one given
        "b/x.csv": "b/x_1",  # a row keeps its id ...
        "b/x_1.txt": "b/x_1.txt",  # ... a whole file named like it takes its extension
        "b/x.md": "b/x.md",  # files differing only in extension take theirs
        "b/x.txt": "b/x.txt",
    }
    assert load(tmp_path).documents["doc_id"].tolist() == first["doc_id"].tolist()
    both = load([tmp_path / "a", tmp_path / "b"]).documents.set_index("path")["doc_id"]
    assert both.is_unique  # the same relative path under two folders: the folder's name
    assert both[str(tmp_path / "a" / "x.txt")] == "a/x.txt"


# --- bad inputs --------------------------------------------------------------------------



def _ids_by_input(docs: pd.DataFrame, root: Path) -> dict[tuple[str, str], str]:
    """doc_id of each article, keyed by (path relative to root, title)."""
    return {(os.path.relpath(p, root), t): i
            for p, t, i in zip(docs["path"], docs["title"], docs["doc_id"], strict=True)}


@pytest.mark.parametrize("partitioned", [False, True])
def test_adding_files_never_renames_a_document(tmp_path, partitioned):
    """Ids depend on each article's own path and row: files added (one whose stem clashes,
    one named like a row of a CSV, one that sorts first) leave every old id as it was."""
    from analystkit.engine import process_corpus

    def ids() -> dict[tuple[str, str], str]:
        if partitioned:  # the engine's id pass, files cut into several partitions
            docs = process_corpus(tmp_path, ["documents"], partition_bytes=64)["documents"]
        else:
            docs = load(tmp_path).documents
        assert docs["doc_id"].is_unique
        return _ids_by_input(docs, tmp_path)

    rows = [f"Row {n}\nRussia launched {n} drones, the air force said." for n in (1, 2, 3)]
    pd.DataFrame({"title": ["R1", "R2", "R3"], "text": rows}).to_csv(
        tmp_path / "news.csv", index=False)
    write(tmp_path / "b" / "report.txt", "B report\nSixty drones hit Kharkiv.")
    write(tmp_path / "m.txt", "M\nEleven missiles were shot down.")
    write(tmp_path / "feed.jsonl", '{"title": "F1", "text": "Line one."}\n'
                                   '{"title": "F2", "text": "Line two."}\n')
    before = ids()
    assert before[("news.csv", "R2")] == "news_2" and before[("m.txt", "M")] == "m"
    assert before[("b/report.txt", "B report")] == "b/report"

    write(tmp_path / "news_2.txt", "N2\nA file named like row 2 of news.csv.")
    write(tmp_path / "a" / "report.txt", "A report\nA stem that clashes, sorting first.")
    write(tmp_path / "0first.txt", "First\nA file that sorts before every other.")
    write(tmp_path / "c" / "m.txt", "CM\nAnother m, in a folder.")
    write(tmp_path / "feed_1.txt", "F\nA file named like line 1 of feed.jsonl.")
    after = ids()
    assert {k: after[k] for k in before} == before
    assert len(after) == len(before) + 5
    assert after[("news_2.txt", "N2")] == "news_2.txt"
    assert after[("a/report.txt", "A report")] == "a/report"
    assert after[("0first.txt", "First")] == "0first"


def test_ids_do_not_depend_on_load_order(tmp_path):
    write(tmp_path / "x" / "a.txt", "XA\nText xa.")
    write(tmp_path / "y" / "a.txt", "YA\nText ya.")
    write(tmp_path / "a.md", "A\nText a.")
    assert _ids_by_input(load(tmp_path).documents, tmp_path) == {
        ("a.md", "A"): "a", ("x/a.txt", "XA"): "x/a", ("y/a.txt", "YA"): "y/a"}
    entries = [tmp_path / "x", tmp_path / "y", tmp_path / "a.md"]
    forward = _ids_by_input(load(entries).documents, tmp_path)
    backward = _ids_by_input(load(entries[::-1]).documents, tmp_path)
    assert backward == forward
    assert forward == {("a.md", "A"): "a.md", ("x/a.txt", "XA"): "x/a.txt",
                       ("y/a.txt", "YA"): "y/a.txt"}


def test_each_bad_input_has_its_reason(tmp_path, monkeypatch):
    write(tmp_path / "empty.txt", b"")
    write(tmp_path / "blank.txt", b"  \n\n ")
    write(tmp_path / "noise.txt", random.Random(0).randbytes(2048))
    rng = random.Random(1)
    write(
        tmp_path / "garbled.txt", bytes(rng.choice([*range(0x80, 0x100), 0x20]) for _ in range(400))
    )
    write(tmp_path / "only_tags.txt", "Tags: a, b\nAdvertisement\n")
    write(tmp_path / "broken.json", '{"text": "x",')
    write(tmp_path / "scalar.json", "42")
    write(tmp_path / "notext.json", json.dumps([{"title": "t"}, "x"]))
    write(tmp_path / "lines.jsonl", '{"text": "ok"}\n{"text": \n[1]\n{"text": ""}\n')
    write(tmp_path / "table.csv", "a,b\n1,2\n")
    write(tmp_path / "rows.csv", "title,text\nT,\nU,Fine text.\n")
    write(tmp_path / "doc.pdf", b"%PDF-1.4")
    write(tmp_path / "README", "no extension")
    locked = write(tmp_path / "locked.txt", "Locked\nText.")
    real_read_bytes = Path.read_bytes

    def read_bytes(self):
        if self == locked:
            raise PermissionError(13, "Permission denied", str(self))
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    result = load(tmp_path)
    got = reasons(result)
    assert got[("empty.txt", "")] == "empty"
    assert got[("blank.txt", "")] == "empty"
    assert got[("noise.txt", "")] == "binary"
    assert got[("garbled.txt", "")].startswith("undecodable")
    assert got[("only_tags.txt", "")] == "empty after boilerplate removal"
    assert got[("broken.json", "")].startswith("malformed JSON at line 1: Expecting")
    assert got[("scalar.json", "")] == "no articles in JSON (top level is int)"
    assert got[("notext.json", "item 1")].startswith("no text field (fields: title;")
    assert got[("notext.json", "item 2")] == "not a JSON object (str)"
    assert got[("lines.jsonl", "line 2")].startswith("malformed JSON at line 2: Expecting value")
    assert got[("lines.jsonl", "line 3")] == "not a JSON object (list)"
    assert got[("lines.jsonl", "line 4")] == "empty text (field 'text')"
    assert got[("table.csv", "")].startswith("no text field (columns: a, b;")
    assert got[("rows.csv", "row 1")] == "empty text (field 'text')"
    assert got[("doc.pdf", "")].startswith("unsupported format ('.pdf'; supported: .csv, .htm")
    assert got[("README", "")].startswith("unsupported format (no extension;")
    assert got[("locked.txt", "")] == "unreadable: Permission denied"
    assert result.documents["doc_id"].tolist() == ["lines_1", "rows_2"]


def test_duplicates_are_skipped_naming_the_kept_doc(tmp_path):
    write(tmp_path / "a.txt", ARTICLE)
    write(tmp_path / "b.txt", ARTICLE.replace("\n\n", "\n  \n") + "\nTags: x")  # same once cleaned
    result = load(tmp_path)
    assert result.documents["doc_id"].tolist() == ["a"]
    assert reasons(result) == {("b.txt", ""): "duplicate of doc a"}
    assert result.removed.empty  # the skipped twin's removals are not reported
    kept = load(tmp_path, dedupe=False).documents
    assert kept["doc_id"].tolist() == ["a", "b"]
    assert kept["content_hash"].nunique() == 1


def test_acceptance_folder_of_bad_inputs(tmp_path):
    """Empty, binary, cp1252, JSONL with a malformed line 2, identical twins → 3 documents."""
    write(tmp_path / "empty.txt", b"")
    write(tmp_path / "random.bin.txt", random.Random(7).randbytes(1024))
    write(
        tmp_path / "cp1252.txt",
        "Kyiv’s “record” night\nThe mayor said 23 were injured.".encode("cp1252"),
    )
    write(tmp_path / "feed.jsonl", '{"text": "Good line."}\n{"text": oops}\n')
    write(tmp_path / "twin_a.txt", "Twin headline\nSame body.")
    write(tmp_path / "twin_b.txt", "Twin headline\nSame body.")
    result = load(tmp_path)
    docs = result.documents.set_index("doc_id")
    assert sorted(docs.index) == ["cp1252", "feed_1", "twin_a"]
    assert docs.loc["cp1252", "title"] == "Kyiv’s “record” night"
    assert reasons(result) == {
        ("empty.txt", ""): "empty",
        ("random.bin.txt", ""): "binary",
        ("feed.jsonl", "line 2"): "malformed JSON at line 2: Expecting value (column 10)",
        ("twin_b.txt", ""): "duplicate of doc twin_a",
    }


def test_strict_raises_naming_file_and_reason(tmp_path):
    write(tmp_path / "good.txt", ARTICLE)
    write(tmp_path / "lines.jsonl", '{"text": "ok"}\nnot json\n')
    with pytest.raises(ValueError, match=r"lines\.jsonl \(line 2\): malformed JSON at line 2"):
        load_corpus(tmp_path, strict=True)
    write(tmp_path / "lines.jsonl", '{"text": "ok"}\n')
    assert len(load_corpus(tmp_path, strict=True)) == 2


def test_load_corpus_warns_once_listing_each_skip(tmp_path):
    write(tmp_path / "good.txt", ARTICLE)
    write(tmp_path / "empty.txt", b"")
    write(tmp_path / "x.pdf", b"%PDF")
    with pytest.warns(LoadWarning) as caught:
        docs = load_corpus(tmp_path)
    assert len(docs) == 1 and len(caught) == 1
    message = str(caught[0].message)
    assert message.startswith("loaded 1 document(s); skipped 2 input(s):")
    assert "empty.txt: empty" in message and "x.pdf: unsupported format" in message


def test_no_warning_when_nothing_is_skipped(seeds_dir):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        load_corpus(seeds_dir)


def test_one_crashing_reader_does_not_abort(tmp_path, monkeypatch):
    import analystkit.loading as loading

    def boom(path, data):
        raise RuntimeError("kaboom")
        yield  # pragma: no cover

    monkeypatch.setitem(loading._ALL_READERS, ".json", boom)
    write(tmp_path / "a.json", "{}")
    write(tmp_path / "b.txt", ARTICLE)
    result = load(tmp_path)
    assert result.documents["doc_id"].tolist() == ["b"]
    assert reasons(result) == {("a.json", ""): "could not be read: RuntimeError: kaboom"}


# --- rules -------------------------------------------------------------------------------


def test_rules_none_empty_and_extended(tmp_path):
    write(tmp_path / "a.txt", ARTICLE + "\nSponsored by Acme\nTags: x")
    assert load(tmp_path).documents["text"][0] == ARTICLE + "\nSponsored by Acme"
    assert load(tmp_path, rules=()).documents["text"][0].endswith("Tags: x")
    extra = DEFAULT_RULES + (BoilerplateRule("sponsor", r"^Sponsored by\b"),)  # noqa: RUF005
    result = load(tmp_path, rules=extra)
    assert result.documents["text"][0] == ARTICLE
    assert result.removed["rule"].tolist() == ["sponsor", "tags_line"]


def test_result_repr_and_summary(seeds):
    assert repr(seeds) == "LoadResult(documents=5 rows, skipped=0 rows, removed=20 rows)"
    assert seeds.summary() == "loaded 5 document(s); skipped 0 input(s)"


# --- light imports -----------------------------------------------------------------------


def test_trafilatura_is_imported_only_for_html(seeds_dir):
    code = (
        "import sys, analystkit\n"
        f"analystkit.load_corpus({str(seeds_dir)!r})\n"
        "assert 'trafilatura' not in sys.modules, 'trafilatura imported for text files'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# --- real corpora in ../shared -----------------------------------------------------------


@pytest.mark.shared
def test_guardian_csv():
    path = shared_file("corpora/guardian_nyt_2022/Guardians_Russia_Ukraine.csv")
    result = load(path)
    docs = result.documents
    # 188 rows: 178 distinct articles and 10 exact repeats, each reported as a duplicate
    assert len(docs) + len(result.skipped) == 188
    assert len(docs) == 178
    assert (
        result.skipped["reason"].str.startswith("duplicate of doc Guardians_Russia_Ukraine_").all()
    )
    assert (docs["title"] != "").all() and docs["published"].notna().all()
    assert docs["doc_id"].iloc[0] == "Guardians_Russia_Ukraine_1"
    assert not docs["text"].str.contains("Sign up to First Edition").any()
    assert len(load(path, dedupe=False).documents) == 188


@pytest.mark.shared
def test_gdelt_csv():
    result = load(shared_file("corpora/gdelt_ukraine_news/articles.csv"))
    docs = result.documents
    assert len(docs) + len(result.skipped) == 447
    assert len(result.skipped) == 25
    assert result.skipped["reason"].str.startswith("duplicate of doc articles_").all()
    assert (docs["title"] != "").all() and docs["published"].notna().all()
    assert (docs["title"].str.len() <= 140).all()


@pytest.mark.shared
def test_semeval_csv():
    result = load(shared_file("corpora/semeval2025_task10_en_urw/EN_URW_articles_labelled.csv"))
    assert len(result.documents) + len(result.skipped) == 178
    assert (result.documents["title"] != "").all()

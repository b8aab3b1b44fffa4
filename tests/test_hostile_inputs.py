"""Hostile input to the loader and to ``analystkit docs``: loaded or reported, never fatal.

Each input is either loaded or listed in the load report with a reason naming the file;
nothing hangs or crashes the run. The big (200 MB) cases live in
``benchmarks/hostile_inputs.py``; here small stand-ins take the same code paths (a low
``max_file_bytes``, a sparse file, streaming forced on with ``_STREAM_ABOVE = 0``).
"""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import warnings
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import analystkit._decode as decode_module
import analystkit.loading as loading
from analystkit import LoadResult, LoadWarning, load_corpus, load_corpus_with_report
from analystkit._decode import DecodeError, decode_lines
from analystkit.schemas import DOCUMENTS, REMOVED, SKIPPED
from tests.conftest import shared_file

ARTICLE = "Kyiv hit by record drone attack\n\nRussia launched 539 drones and 11 missiles overnight."
ROOT = Path(__file__).resolve().parents[1]


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


def cli(*argv: object, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """``python -m analystkit docs ...`` in a child process (a hang fails, not blocks)."""
    return subprocess.run(
        [sys.executable, "-m", "analystkit", "docs", *map(os.fspath, argv)],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
    )


@pytest.fixture
def deadline():
    """Fail with TimeoutError instead of hanging (a blocked open() is interrupted)."""
    if not hasattr(signal, "SIGALRM"):  # pragma: no cover - not on Windows
        pytest.skip("needs signal.SIGALRM to guard against a hang")

    def expired(signum, frame):
        raise TimeoutError("the load hung")

    old = signal.signal(signal.SIGALRM, expired)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


@pytest.fixture
def streaming(monkeypatch):
    """Stream every JSONL / CSV / Parquet file, however small."""
    monkeypatch.setattr(loading, "_STREAM_ABOVE", -1)


# --- 1. files too big to read whole ------------------------------------------------------


def test_default_limit_skips_a_big_text_file_without_reading_it(tmp_path, monkeypatch):
    big = tmp_path / "huge.txt"
    with big.open("wb") as f:  # sparse: 60 MB on paper, nothing on disk
        f.truncate(60_000_000)

    def no_read(self):
        raise AssertionError("a file over the limit was read")

    monkeypatch.setattr(Path, "read_bytes", no_read)
    assert loading.MAX_FILE_BYTES == 50_000_000
    assert reasons(load(tmp_path)) == {
        ("huge.txt", ""): "too large for one article (60.0 MB > 50 MB limit; "
        "raise max_file_bytes (--max-file-mb) to load it)"
    }


def test_max_file_bytes_applies_to_files_read_whole(tmp_path):
    write(tmp_path / "a.txt", ARTICLE)
    write(tmp_path / "b.md", "# Title\n\n" + "word " * 400)
    write(tmp_path / "c.html", "<html><body><p>" + "html " * 400 + "</p></body></html>")
    write(tmp_path / "d.json", json.dumps([{"text": "word " * 400}]))
    write(tmp_path / "e.jsonl", json.dumps({"text": "line " * 400}) + "\n")
    write(tmp_path / "f.csv", "text\n" + "cell " * 400 + "\n")
    pd.DataFrame({"text": ["row " * 400]}).to_parquet(tmp_path / "g.parquet")
    result = load(tmp_path, max_file_bytes=1000)
    got = reasons(result)
    assert got == {
        ("b.md", ""): "too large for one article (2,009 bytes > 1,000 bytes limit; "
        "raise max_file_bytes (--max-file-mb) to load it)",
        ("c.html", ""): got[("c.html", "")],
        ("d.json", ""): "too large to read whole (2,014 bytes > 1,000 bytes limit; "
        "raise max_file_bytes (--max-file-mb) to load it, or save as JSON Lines)",
    }
    assert got[("c.html", "")].startswith("too large for one article (")
    # many-article formats have no limit; a small file stays under it
    assert result.documents["doc_id"].tolist() == ["a", "e_1", "f_1", "g_1"]
    assert len(load(tmp_path, max_file_bytes=None).documents) == 7


def test_too_large_strict_and_warning_name_the_file(tmp_path):
    write(tmp_path / "big.txt", "x " * 2000)
    with pytest.raises(ValueError, match=r"big\.txt: too large for one article"):
        load_corpus(tmp_path, strict=True, max_file_bytes=100)
    with pytest.warns(LoadWarning, match=r"big\.txt: too large for one article"):
        load_corpus(tmp_path, max_file_bytes=100)


def test_cli_max_file_mb(tmp_path):
    write(tmp_path / "big.txt", "Big\n" + "word " * 1000)
    write(tmp_path / "small.txt", "Small\nA small article.")
    proc = cli(tmp_path, "--max-file-mb", "0.001", "--format", "csv")
    assert proc.returncode == 0
    assert proc.stderr.splitlines() == [
        "analystkit: loaded 1 document(s); skipped 1 input(s)",
        f"  skipped {tmp_path / 'big.txt'}: too large for one article (5,004 bytes > "
        "1,000 bytes limit; raise max_file_bytes (--max-file-mb) to load it)",
    ]
    assert "loaded 2 document(s)" in cli(tmp_path, "--format", "csv").stderr


def _article_reason(n_chars: int, limit: int) -> str:
    return (f"too large for one article ({n_chars:,} characters > {limit:,} limit; raise "
            "max_article_chars (--max-article-mb) to load it)")


@pytest.mark.parametrize("stream", [False, True])
def test_one_article_limit_applies_to_every_format(tmp_path, monkeypatch, stream):
    """An article longer than max_article_chars is listed with the limit and its option,
    whatever its format; the articles beside it load."""
    if stream:
        monkeypatch.setattr(loading, "_STREAM_ABOVE", -1)
    small, big = "Small\nA small article.", "Big\n" + "539 drones. " * 100  # 1,204 chars
    write(tmp_path / "big.txt", big)
    write(tmp_path / "big.md", big)
    write(tmp_path / "page.html", f"<html><body><article><p>{big[4:]}</p></article></body></html>")
    rows = pd.DataFrame({"title": ["S", "B"], "text": [small + " CSV.", big]})
    rows.to_csv(tmp_path / "rows.csv", index=False)
    rows.assign(text=[small + " Parquet.", big]).to_parquet(tmp_path / "rows.parquet")
    write(tmp_path / "lines.jsonl",
          "".join(json.dumps({"text": t}) + "\n" for t in (small + " JSONL.", big)))
    write(tmp_path / "items.json", json.dumps([{"text": t} for t in (small, big)]))
    write(tmp_path / "small.txt", small + " Kept.")
    result = load(tmp_path, max_article_chars=1000)
    got = reasons(result)
    assert set(got) == {("big.txt", ""), ("big.md", ""), ("page.html", ""), ("rows.csv", "row 2"),
                        ("rows.parquet", "row 2"), ("lines.jsonl", "line 2"),
                        ("items.json", "item 2")}
    assert got[("big.txt", "")] == _article_reason(len(big), 1000)
    assert all(r.startswith("too large for one article (") and "(--max-article-mb)" in r
               for r in got.values())
    assert sorted(result.documents["doc_id"]) == [
        "items_1", "lines_1", "rows.csv_1", "rows.parquet_1", "small"]
    everything = load(tmp_path, max_article_chars=None)
    assert len(everything.documents) == 7  # 5 copies of big are duplicates of big.md
    assert len(everything.skipped) == 5
    assert set(everything.skipped["reason"]) == {"duplicate of doc big.md"}
    with pytest.raises(ValueError, match=r"big\.md: too large for one article"):
        load_corpus(tmp_path, max_article_chars=1000, strict=True)


def test_default_article_limit_is_five_million_characters(tmp_path):
    assert loading.MAX_ARTICLE_CHARS == 5_000_000
    write(tmp_path / "long.txt", "Long\n" + "x" * 4_999_995)  # 5,000,000 characters: loads
    write(tmp_path / "longer.jsonl", json.dumps({"text": "y" * 5_000_001}) + "\n")
    result = load(tmp_path)
    assert result.documents["doc_id"].tolist() == ["long"]
    assert reasons(result) == {("longer.jsonl", "line 1"): _article_reason(5_000_001, 5_000_000)}


def test_cli_max_article_mb(tmp_path):
    write(tmp_path / "big.txt", "Big\n" + "word " * 1000)
    write(tmp_path / "small.txt", "Small\nA small article.")
    proc = cli(tmp_path, "--max-article-mb", "0.001", "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.splitlines() == [
        "analystkit: loaded 1 document(s); skipped 1 input(s)",
        f"  skipped {tmp_path / 'big.txt'}: {_article_reason(5004, 1000)}",
    ]
    figures = subprocess.run(
        [sys.executable, "-m", "analystkit", "figures", os.fspath(tmp_path),
         "--max-article-mb", "0.001", "--format", "csv"],
        capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert figures.returncode == 0 and "(--max-article-mb)" in figures.stderr


def test_streamed_files_are_not_read_whole(tmp_path, streaming, monkeypatch):
    write(
        tmp_path / "feed.jsonl",
        "".join(json.dumps({"text": f"Article {i}."}) + "\n" for i in range(5)),
    )
    write(tmp_path / "t.csv", "title,text\nA,Alpha.\nB,Beta.\n")
    pd.DataFrame({"text": ["P one.", "P two."]}).to_parquet(tmp_path / "p.parquet")

    def no_read(self):
        raise AssertionError(f"{self} was read whole")

    monkeypatch.setattr(Path, "read_bytes", no_read)
    docs = load(tmp_path).documents
    assert docs["doc_id"].tolist() == [
        *(f"feed_{i}" for i in range(1, 6)),
        "p_1",
        "p_2",
        "t_1",
        "t_2",
    ]


def _varied_corpus(folder: Path) -> None:
    """Many-article files that exercise the readers' corner cases."""
    write(
        folder / "feed.jsonl",
        '{"text": "ok"}\n\n{"text": oops}\n[1]\n{"text": ""}\r\n'
        '{"title": "T", "text": "Line with\\u2028separator and more."}\n',
    )
    write(folder / "bom.jsonl", b"\xef\xbb\xbf" + b'{"text": "BOM line."}\r\n{"text": "Two."}')
    write(
        folder / "nul.jsonl",
        b'{"text": "A line long enough to be text, with a stray\x00 NUL '
        b'and words and words and more words to be sure."}\n',
    )
    write(folder / "crlf.csv", b'title,text\r\nA,"Multi\r\nline"\r\nB,Plain.\r\n')
    write(folder / "semi.csv", 'Title;Text\nT;"A; B"\n\nU;Second.\n')
    write(folder / "cp1252.csv", "title,text\nKyiv,Kyiv’s “record” night.\n".encode("cp1252"))
    write(folder / "utf16.csv", "title,text\nK,Київ і Харків.\n".encode("utf-16"))
    write(folder / "tab.tsv", "title\tbody\nT\tTab body.\n")
    write(folder / "header.csv", "title,text\n")
    write(folder / "notext.csv", "a,b\n1,2\n")
    write(folder / "empty.jsonl", b"\n  \n")
    write(folder / "noise.csv", bytes(range(256)) * 4)
    pd.DataFrame({"title": ["P", "Q"], "text": ["Parquet one.", None]}).to_parquet(
        folder / "p.parquet"
    )
    pd.DataFrame({"a": [1]}).to_parquet(folder / "notext.parquet")
    pd.DataFrame({"text": pd.Series([], dtype="str")}).to_parquet(folder / "none.parquet")


def test_streaming_gives_the_same_tables(tmp_path, monkeypatch):
    _varied_corpus(tmp_path)
    whole = load(tmp_path)
    assert whole.skipped["reason"].str.len().gt(0).all()
    monkeypatch.setattr(loading, "_STREAM_ABOVE", -1)
    streamed = load(tmp_path)
    pd.testing.assert_frame_equal(streamed.documents, whole.documents)
    pd.testing.assert_frame_equal(streamed.skipped, whole.skipped)
    pd.testing.assert_frame_equal(streamed.removed, whole.removed)
    # the encoding decided from a small head, the rest decoded on the fly
    monkeypatch.setattr(decode_module, "_STREAM_SNIFF", 16)
    sniffed = load(tmp_path)
    pd.testing.assert_frame_equal(sniffed.documents, whole.documents)
    pd.testing.assert_frame_equal(sniffed.skipped, whole.skipped)


@pytest.mark.shared
def test_guardian_csv_streamed_is_the_same(monkeypatch):
    path = shared_file("corpora/guardian_nyt_2022/Guardians_Russia_Ukraine.csv")
    whole = load(path)
    assert len(whole.documents) == 178 and len(whole.skipped) == 10
    monkeypatch.setattr(loading, "_STREAM_ABOVE", -1)
    streamed = load(path)
    pd.testing.assert_frame_equal(streamed.documents, whole.documents)
    pd.testing.assert_frame_equal(streamed.skipped, whole.skipped)


def test_decode_lines():
    lines = decode_lines(io.BytesIO(b"\xef\xbb\xbfone\r\ntwo\x00\rthree\n\nfour"))
    assert list(lines) == ["one\n", "two\n", "three\n", "\n", "four"]
    with pytest.raises(DecodeError, match=r"^empty$"):
        decode_lines(io.BytesIO(b" \n "))
    with pytest.raises(DecodeError, match=r"^binary$"):
        decode_lines(io.BytesIO(bytes(range(256)) * 8192))


def test_decode_lines_of_a_big_file(monkeypatch):
    monkeypatch.setattr(decode_module, "_STREAM_SNIFF", 32)
    text = "Київ і Харків, рядок {}.\n"
    data = "".join(text.format(i) for i in range(50)).encode("utf-16")
    assert list(decode_lines(io.BytesIO(data))) == [text.format(i) for i in range(50)]
    # the head is ASCII: UTF-8, and later cp1252 bytes are read as cp1252
    data = b"title,text\nplain ascii line\n" + "Kyiv’s night\n".encode("cp1252")
    assert list(decode_lines(io.BytesIO(data)))[-1] == "Kyiv’s night\n"
    data = b" " * 40 + b"\nafter a blank megabyte\n"
    assert list(decode_lines(io.BytesIO(data)))[-1] == "after a blank megabyte\n"
    with pytest.raises(DecodeError, match=r"^binary$"):
        decode_lines(io.BytesIO(b"\x00" * 64 + b"text\n"))


# --- 8. a CSV with a very large field ----------------------------------------------------


@pytest.mark.parametrize("stream", [False, True])
def test_csv_with_a_2mb_field(tmp_path, monkeypatch, stream):
    if stream:
        monkeypatch.setattr(loading, "_STREAM_ABOVE", -1)
    big = ('A long paragraph, with commas and "quotes".\n' * 48_000).replace('"', '""')
    write(tmp_path / "c.csv", f'title,text\nSmall,Small one.\nHuge,"{big}"\nLast,Last one.\n')
    docs = load(tmp_path).documents.set_index("doc_id")
    assert docs.index.tolist() == ["c_1", "c_2", "c_3"]
    assert len(docs.loc["c_2", "text"]) > 2_000_000
    assert docs.loc["c_2", "text"].count('"quotes"') == 48_000


# --- 2. a folder named x.txt -------------------------------------------------------------


def test_folder_named_like_a_file_is_walked(tmp_path):
    write(tmp_path / "x.txt" / "inside.txt", "Inside\nAn article inside a folder named x.txt.")
    write(tmp_path / "y.json" / "z.jsonl", '{"text": "Deeper."}\n')
    for source in (tmp_path, tmp_path / "x.txt", str(tmp_path / "*.txt"), [tmp_path / "y.json"]):
        result = load(source)
        assert result.skipped.empty
        assert set(result.documents["doc_id"]) <= {"inside", "z_1", "x.txt/inside", "y.json/z_1"}
        assert len(result.documents) >= 1
    proc = cli(tmp_path / "x.txt", "--format", "csv")
    assert proc.returncode == 0 and "loaded 1 document(s); skipped 0 input(s)" in proc.stderr


# --- 3. unreadable files -----------------------------------------------------------------


def test_chmod_000_file_and_folder(tmp_path):
    locked = write(tmp_path / "locked.txt", "Locked\nText.")
    closed = write(tmp_path / "closed" / "inside.txt", "Closed\nText.").parent
    write(tmp_path / "ok.txt", ARTICLE)
    locked.chmod(0)
    closed.chmod(0)
    try:
        locked.read_bytes()
    except PermissionError:
        pass
    else:  # root (CI), or CAP_DAC_OVERRIDE: test_permission_error_is_reported simulates it
        locked.chmod(0o644)
        closed.chmod(0o755)
        pytest.skip("chmod 000 does not stop this user reading (root?): nothing to test")
    try:
        result = load(tmp_path)
        proc = cli(tmp_path, "--format", "csv")
    finally:
        locked.chmod(0o644)
        closed.chmod(0o755)
    assert reasons(result) == {
        ("locked.txt", ""): "unreadable: Permission denied",
        ("closed", ""): "unreadable folder: Permission denied",
    }
    assert result.documents["doc_id"].tolist() == ["ok"]
    assert proc.returncode == 0
    assert f"skipped {locked}: unreadable: Permission denied" in proc.stderr


@pytest.mark.parametrize("stream", [False, True])
def test_permission_error_is_reported(tmp_path, monkeypatch, stream):
    """Simulated (chmod 000 does not stop root, which CI runs as)."""
    if stream:
        monkeypatch.setattr(loading, "_STREAM_ABOVE", -1)
    locked = write(tmp_path / "locked.jsonl", '{"text": "Locked."}\n')
    write(tmp_path / "ok.jsonl", '{"text": "Fine."}\n')
    real_read_bytes, real_open = Path.read_bytes, Path.open

    def denied(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(
        Path, "read_bytes", lambda self: denied(self) if self == locked else real_read_bytes(self)
    )
    monkeypatch.setattr(
        Path,
        "open",
        lambda self, *a, **k: denied(self) if self == locked else real_open(self, *a, **k),
    )
    result = load(tmp_path)
    assert reasons(result) == {("locked.jsonl", ""): "unreadable: Permission denied"}
    assert result.documents["doc_id"].tolist() == ["ok_1"]


def test_a_read_error_mid_stream_keeps_the_rows_before(tmp_path, streaming, monkeypatch):
    path = write(tmp_path / "feed.jsonl", '{"text": "One."}\n{"text": "Two."}\n')
    real = loading._STREAMING[loading.READERS[".jsonl"]]

    def failing(p, raw):
        items = real(p, raw)
        yield next(items)
        raise OSError(5, "Input/output error")

    monkeypatch.setitem(loading._STREAMING, loading.READERS[".jsonl"], failing)
    result = load(path)
    assert result.documents["doc_id"].tolist() == ["feed_1"]
    assert reasons(result) == {
        ("feed.jsonl", ""): "could not be read: OSError: [Errno 5] Input/output error"
    }


# --- 4. symbolic links -------------------------------------------------------------------


@pytest.fixture
def links(tmp_path) -> Path:
    folder = tmp_path / "links"
    folder.mkdir()
    os.symlink(folder / "b.txt", folder / "a.txt")
    os.symlink(folder / "a.txt", folder / "b.txt")
    os.symlink(folder / "missing.txt", folder / "broken.txt")
    os.symlink("self.txt", folder / "self.txt")
    (folder / "sub").mkdir()
    os.symlink("..", folder / "sub" / "up")
    write(folder / "ok.txt", ARTICLE)
    os.symlink("ok.txt", folder / "alias.txt")  # a link to a file is read (once)
    return folder


def test_symlink_loops_are_reported_not_followed(links, deadline):
    result = load(links)
    assert reasons(result) == {
        ("a.txt", ""): "broken or looping symbolic link",
        ("b.txt", ""): "broken or looping symbolic link",
        ("broken.txt", ""): "broken or looping symbolic link",
        ("self.txt", ""): "broken or looping symbolic link",
        ("up", ""): "symbolic link to a folder: not followed (give the folder itself to read it)",
    }
    assert result.documents["doc_id"].tolist() == ["alias"]  # ok.txt is the same file


def test_symlinks_given_as_paths(links, deadline):
    for name in ("a.txt", "broken.txt", "self.txt"):
        assert reasons(load(links / name)) == {(name, ""): "broken or looping symbolic link"}
    up = load(links / "sub" / "up")  # a link to a folder given as PATH is read
    assert up.documents["doc_id"].tolist() == ["alias"]
    with pytest.raises(ValueError, match=r"a\.txt: broken or looping symbolic link"):
        load_corpus(links / "a.txt", strict=True)


def test_symlinks_via_cli(links):
    proc = cli(links, "--format", "csv")
    assert proc.returncode == 0
    lines = proc.stderr.splitlines()
    assert lines[0] == "analystkit: loaded 1 document(s); skipped 5 input(s)"
    assert f"  skipped {links / 'a.txt'}: broken or looping symbolic link" in lines
    assert (
        f"  skipped {links / 'sub' / 'up'}: symbolic link to a folder: not followed "
        "(give the folder itself to read it)" in lines
    )


# --- named pipes and other special files -------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs os.mkfifo")
def test_named_pipe_is_not_opened(tmp_path, deadline):
    os.mkfifo(tmp_path / "pipe.txt")
    write(tmp_path / "ok.txt", ARTICLE)
    result = load(tmp_path)
    assert reasons(result) == {("pipe.txt", ""): "not a regular file (a named pipe)"}
    assert reasons(load(tmp_path / "pipe.txt")) == {
        ("pipe.txt", ""): "not a regular file (a named pipe)"
    }
    proc = cli(tmp_path, "--format", "csv")
    assert proc.returncode == 0
    assert f"  skipped {tmp_path / 'pipe.txt'}: not a regular file (a named pipe)" in (
        proc.stderr.splitlines()
    )


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="needs /dev/null")
def test_device_is_not_a_regular_file():
    assert reasons(load("/dev/null")) == {("null", ""): "not a regular file (a character device)"}


# --- 5. NUL bytes ------------------------------------------------------------------------


def test_stray_nul_bytes_are_removed(tmp_path):
    body = "Russia launched 539 drones overnight, the air force said. " * 5
    write(tmp_path / "stray.txt", f"Stray\n{body}\x00and\x00 more.".encode())
    write(tmp_path / "escaped.json", json.dumps({"title": "T\u0000", "text": "NUL \u0000 here."}))
    write(
        tmp_path / "raw.jsonl",
        b'{"text": "a raw NUL\x00 byte in a JSON string, in a line '
        b'long enough to be text rather than binary data."}\n',
    )
    write(tmp_path / "dense.txt", b"\x00" * 100 + b"text")
    result = load(tmp_path)
    docs = result.documents.set_index("doc_id")
    assert docs.loc["stray", "text"].endswith("the air force said. and more.")
    assert docs.loc["escaped", ["title", "text"]].tolist() == ["T", "NUL  here."]
    assert docs.loc["raw_1", "text"].startswith("a raw NUL byte")
    for column in ("text", "raw_text", "title"):
        assert not docs[column].str.contains("\x00", regex=False).any()
    assert reasons(result) == {("dense.txt", ""): "binary"}


def test_nul_in_a_dataframe_source():
    docs = load(pd.DataFrame({"text": ["a\x00b"], "title": ["t\x00"]})).documents
    assert docs[["text", "title"]].iloc[0].tolist() == ["ab", "t"]


# --- 6. invalid UTF-8, surrogates, odd file names ----------------------------------------


def test_invalid_utf8_is_loaded_or_undecodable(tmp_path):
    write(tmp_path / "mostly.txt", "Mostly UTF-8\nKyiv’s mayor \xff said.".encode() + b"\xff")
    write(tmp_path / "ascii.txt", b"Invalid UTF-8\nKyiv \xff\xfe and \xc3( bytes in the text.")
    write(tmp_path / "lone.json", '{"text": "lone surrogate \\ud800 in JSON", "title": "\\udfff"}')
    result = load(tmp_path)
    docs = result.documents.set_index("doc_id")
    assert docs.loc["mostly", "text"] == "Mostly UTF-8\nKyiv’s mayor ÿ said.ÿ"
    assert docs.loc["ascii", "text"].startswith("Invalid UTF-8\nKyiv ")
    assert docs.loc["lone", ["text", "title"]].tolist() == [
        "lone surrogate \ufffd in JSON",
        "\ufffd",
    ]
    assert result.skipped.empty


def test_odd_file_names(tmp_path):
    write(tmp_path / "new\nline.txt", "Newline\nA file name with a newline.")
    write(tmp_path / "new\nline.pdf", b"%PDF")
    latin = Path(os.fsdecode(os.fsencode(tmp_path) + b"/caf\xe9.txt"))
    write(latin, "Latin\nA file name that is not UTF-8.")
    result = load(tmp_path)
    docs = result.documents.set_index("doc_id")
    assert sorted(docs.index) == ["caf\\xe9", "new\nline"]
    assert docs.loc["caf\\xe9", "path"] == str(tmp_path / "caf\\xe9.txt")
    assert reasons(result)[("new\nline.pdf", "")].startswith("unsupported format")
    with pytest.warns(LoadWarning) as caught:
        load_corpus(tmp_path)
    assert f"  {tmp_path}/new\\nline.pdf: unsupported format" in str(caught[0].message)
    proc = cli(tmp_path, "--format", "csv")
    assert proc.returncode == 0
    assert proc.stderr.splitlines()[1].startswith(f"  skipped {tmp_path}/new\\nline.pdf: ")
    out = pd.read_csv(io.StringIO(proc.stdout), keep_default_na=False)
    assert sorted(out["doc_id"]) == ["caf\\xe9", "new\nline"]


# --- 7. JSON nested too deep -------------------------------------------------------------


def test_json_nested_too_deep(tmp_path):
    write(tmp_path / "arrays.json", "[" * 10_000 + "]" * 10_000)
    write(tmp_path / "objects.json", '{"a": ' * 10_000 + "1" + "}" * 10_000)
    write(
        tmp_path / "feed.jsonl",
        '{"text": "first"}\n' + "[" * 10_000 + "]" * 10_000 + "\n"
        '{"text": ' + "[" * 900 + '"deep"' + "]" * 900 + '}\n{"text": "fourth"}\n',
    )
    write(tmp_path / "digits.json", '{"text": "x", "n": ' + "9" * 10_000 + "}")
    result = load(tmp_path)
    assert result.documents["doc_id"].tolist() == ["feed_1", "feed_4"]
    got = reasons(result)
    assert got.pop(("arrays.json", "")) == "malformed JSON: nested too deep"
    assert got.pop(("objects.json", "")) == "malformed JSON: nested too deep"
    assert got.pop(("feed.jsonl", "line 2")) == "malformed JSON at line 2: nested too deep"
    assert got.pop(("feed.jsonl", "line 3")) == "empty text (field 'text')"  # lists too deep
    assert got.pop(("digits.json", "")).startswith("malformed JSON: Exceeds the limit (4300 dig")
    assert not got
    with pytest.raises(ValueError, match=r"arrays\.json: malformed JSON: nested too deep"):
        load_corpus(tmp_path / "arrays.json", strict=True)


# --- 9. HTML without article text --------------------------------------------------------


def test_html_of_scripts_only(tmp_path):
    write(
        tmp_path / "scripts.html",
        "<html><body>" + "<script>var x = 1;</script>" * 2000 + "</body></html>",
    )
    write(tmp_path / "styles.htm", "<html><head>" + "<style>p{}</style>" * 500 + "</head></html>")
    assert reasons(load(tmp_path)) == {
        ("scripts.html", ""): "no article text found in the HTML",
        ("styles.htm", ""): "no article text found in the HTML",
    }


# --- also: empty and degenerate inputs ---------------------------------------------------


def test_degenerate_inputs(tmp_path):
    write(tmp_path / "space.txt", "   \n\t\n  ")
    for name, content in [("num", "42"), ("str", '"a"'), ("null", "null"), ("arr", "[]")]:
        write(tmp_path / f"{name}.json", content)
    write(tmp_path / "header.csv", "title,text\n")
    write(tmp_path / "header_crlf.tsv", "title\ttext\r\n\r\n")
    write(tmp_path / "ragged.csv", "title,text\nA,Alpha text.,extra,more\nB\nC,Gamma text.\n")
    write(tmp_path / "fake.parquet", "this is text, not Parquet")
    result = load(tmp_path)
    got = reasons(result)
    assert got == {
        ("space.txt", ""): "empty",
        ("num.json", ""): "no articles in JSON (top level is int)",
        ("str.json", ""): "no articles in JSON (top level is str)",
        ("null.json", ""): "no articles in JSON (top level is NoneType)",
        ("arr.json", ""): "no articles in JSON (empty list)",
        ("header.csv", ""): "no rows (a header only)",
        ("header_crlf.tsv", ""): "no rows (a header only)",
        ("ragged.csv", "row 1"): (
            "malformed CSV row at line 2: 4 cells for 2 columns (an unquoted ',' in a field?): "
            "not loaded"
        ),
        ("ragged.csv", "row 2"): "empty text (field 'text')",
        ("fake.parquet", ""): got[("fake.parquet", "")],
    }
    assert got[("fake.parquet", "")].startswith("unreadable Parquet: ")
    assert result.documents["doc_id"].tolist() == ["ragged_3"]


def test_empty_folder_loads_nothing_and_says_so(tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert load_corpus(tmp_path).empty
    proc = cli(tmp_path, "--format", "csv")
    assert proc.returncode == 1  # an input with no article in it is an error
    assert proc.stderr.splitlines() == [
        "analystkit: loaded 0 document(s); skipped 0 input(s)",
        f"analystkit docs: error: no articles loaded from {tmp_path}: no article file found",
    ]


# --- all at once, through the command line -----------------------------------------------


def test_cli_folder_of_hostile_inputs(tmp_path):
    d = tmp_path / "corpus"
    write(d / "good.txt", ARTICLE)
    write(d / "x.txt" / "inner.txt", "Inner\nInside a folder named x.txt.")
    os.symlink(d / "loop_b.txt", d / "loop_a.txt")
    os.symlink(d / "loop_a.txt", d / "loop_b.txt")
    os.mkfifo(d / "pipe.jsonl")
    write(d / "deep.json", "[" * 3_000 + "]" * 3_000)
    write(d / "scripts.html", "<html><body>" + "<script>1</script>" * 100 + "</body></html>")
    write(d / "header.csv", "title,text\n")
    write(d / "big.md", "# Big\n\n" + "word " * 2000)
    proc = cli(d, "--format", "csv", "--max-file-mb", "0.008")
    assert proc.returncode == 0, proc.stderr
    docs = pd.read_csv(io.StringIO(proc.stdout))
    assert sorted(docs["doc_id"]) == ["good", "x.txt/inner"]
    lines = proc.stderr.splitlines()
    assert lines[0] == "analystkit: loaded 2 document(s); skipped 7 input(s)"
    assert sorted(lines[1:]) == sorted(
        f"  skipped {d / name}: {reason}"
        for name, reason in [
            (
                "big.md",
                "too large for one article (10,007 bytes > 8,000 bytes limit; "
                "raise max_file_bytes (--max-file-mb) to load it)",
            ),
            ("deep.json", "malformed JSON: nested too deep"),
            ("header.csv", "no rows (a header only)"),
            ("loop_a.txt", "broken or looping symbolic link"),
            ("loop_b.txt", "broken or looping symbolic link"),
            ("pipe.jsonl", "not a regular file (a named pipe)"),
            ("scripts.html", "no article text found in the HTML"),
        ]
    )


# --- any bytes at all --------------------------------------------------------------------


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.one_of(
        st.binary(max_size=400),
        st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.text(max_size=20),
            lambda kids: (
                st.lists(kids, max_size=3)
                | st.dictionaries(
                    st.sampled_from(["text", "title", "articles", "date", "x"]), kids, max_size=3
                )
            ),
            max_leaves=10,
        ).map(lambda v: json.dumps(v).encode()),
    ),
    suffix=st.sampled_from([".txt", ".json", ".jsonl", ".csv", ".tsv", ".md", ".parquet"]),
    stream=st.booleans(),
)
def test_any_bytes_are_loaded_or_reported(tmp_path_factory, monkeypatch, data, suffix, stream):
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / f"f{suffix}").write_bytes(data)
    monkeypatch.setattr(loading, "_STREAM_ABOVE", -1 if stream else 16 * 2**20)
    result = load(folder)
    assert len(result.documents) + len(result.skipped) >= 1
    assert (result.skipped["reason"] != "").all()
    assert not result.skipped["reason"].str.startswith("could not be read").any()


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from("ab1 \n\t\u00a0\u2028\x1c-—.,é"), max_size=60),
    chunk=st.integers(min_value=1, max_value=8),
)
def test_word_count_and_hash_in_chunks_equal_the_whole(text, chunk):
    """A long text is counted and hashed a megabyte at a time: same numbers as whole."""
    import hashlib

    words = len(text.split()) - len(loading._NON_WORD_TOKEN.findall(text))
    digest = hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(loading, "_TEXT_CHUNK", chunk)
        assert loading._count_words(text) == words
        assert loading._content_hash(text) == digest


# --- issue 16: input that was lost while the report said "skipped 0" --------------------


def test_parquet_list_of_paragraphs_is_joined_whole(tmp_path):
    paragraphs = [f"Paragraph {i} of the article." for i in range(1500)]
    pd.DataFrame({"title": ["Long"], "text": [paragraphs]}).to_parquet(tmp_path / "p.parquet")
    result = load(tmp_path)
    assert result.skipped.empty
    assert result.documents["text"].iloc[0] == "\n\n".join(paragraphs)


def test_parquet_bytes_column_is_decoded(tmp_path):
    text = "It’s the army’s first report."
    frame = pd.DataFrame({"title": [b"Bytes title"], "text": [text.encode("utf-8")]})
    frame.to_parquet(tmp_path / "b.parquet")
    docs = load(tmp_path).documents
    assert docs["text"].iloc[0] == text
    assert docs["title"].iloc[0] == "Bytes title"


@pytest.mark.parametrize("stream", [False, True])
def test_csv_row_with_extra_cells_is_reported_with_its_line(tmp_path, monkeypatch, stream):
    if stream:
        monkeypatch.setattr(loading, "_STREAM_ABOVE", -1)
    write(
        tmp_path / "c.csv",
        'title,text\nA,"Quoted, fine."\nB,Russia launched 539 drones, and 11 missiles.\n'
        "C,Third.\n",
    )
    result = load(tmp_path)
    assert result.documents["doc_id"].tolist() == ["c_1", "c_3"]
    reason = reasons(result)[("c.csv", "row 2")]
    assert "line 3" in reason and "3 cells for 2 columns" in reason


@pytest.mark.parametrize("stream", [False, True])
def test_csv_unclosed_quote_is_reported_not_swallowed(tmp_path, monkeypatch, stream):
    if stream:
        monkeypatch.setattr(loading, "_STREAM_ABOVE", -1)
    write(tmp_path / "q.csv", 'title,text\nA,First.\nB,"never closed\nC,third\nD,fourth\n')
    result = load(tmp_path)
    assert result.documents["doc_id"].tolist() == ["q_1"]
    reason = reasons(result)[("q.csv", "row 2")]
    assert "quote opened at line 3 is never closed" in reason


def test_csv_closed_quotes_over_lines_are_fine(tmp_path):
    write(tmp_path / "q.csv", 'title,text\nA,"two\nlines"\nB,last\n')
    result = load(tmp_path)
    assert result.skipped.empty
    assert result.documents["text"].tolist() == ["two\nlines", "last"]


def test_csv_duplicate_header_is_reported_when_values_differ(tmp_path):
    write(tmp_path / "d.csv", "title,text,text\nA,first part,second part\nB,same,\nC,x,x\n")
    result = load(tmp_path)
    assert result.documents["text"].tolist() == ["same", "x"]
    assert "duplicate column 'text'" in reasons(result)[("d.csv", "row 1")]


def test_json_every_list_of_an_object_is_read(tmp_path):
    obj = {
        "ukraine": [{"title": "U", "text": "Ukraine text."}],
        "russia": [{"title": "R1", "text": "Russia one."}, {"title": "R2", "text": "Two."}],
    }
    write(tmp_path / "m.json", json.dumps(obj))
    docs = load(tmp_path).documents
    assert docs["text"].tolist() == ["Ukraine text.", "Russia one.", "Two."]
    assert docs["doc_id"].tolist() == ["m_1", "m_2", "m_3"]


def test_json_articles_nested_in_an_article_are_loaded(tmp_path):
    obj = {
        "title": "Live",
        "text": "Live page text.",
        "authors": [{"name": "A. Writer"}],
        "updates": [{"title": "Update", "text": "Nested update text."}],
    }
    write(tmp_path / "n.json", json.dumps(obj))
    result = load(tmp_path)
    assert result.documents["text"].tolist() == ["Live page text.", "Nested update text."]
    assert result.skipped.empty


@pytest.mark.parametrize("name", ["k.json", "k.jsonl"])
def test_json_duplicate_keys_are_reported(tmp_path, name):
    write(tmp_path / name, '{"title": "x", "text": "one", "text": "two"}\n')
    result = load(tmp_path)
    assert result.documents.empty
    (reason,) = reasons(result).values()
    assert reason == "duplicate key 'text' with different values: not loaded"


def test_json_duplicate_key_with_the_same_value_loads(tmp_path):
    write(tmp_path / "k.json", '{"title": "x", "text": "one", "text": "one"}')
    assert load(tmp_path).documents["text"].tolist() == ["one"]


def test_hidden_files_and_folders_are_listed(tmp_path):
    write(tmp_path / "a.txt", "Visible text.")
    write(tmp_path / ".secret.txt", "Hidden text.")
    write(tmp_path / ".git" / "x.txt", "In a hidden folder.")
    result = load(tmp_path)
    got = reasons(result)
    assert got[(".secret.txt", "")].startswith("hidden file")
    assert got[(".git", "")].startswith("hidden folder")
    assert load(tmp_path / ".secret.txt").documents["text"].tolist() == ["Hidden text."]


def test_mixed_utf8_and_cp1252_is_decoded_line_by_line(tmp_path):
    data = "café in UTF-8\n".encode() + "it’s cp1252\n".encode("cp1252")
    write(tmp_path / "m.txt", data)
    assert load(tmp_path).documents["text"].tolist() == ["café in UTF-8\nit’s cp1252"]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("stream", [False, True])
def test_utf16_without_bom_is_text(tmp_path, monkeypatch, encoding, stream):
    if stream:
        monkeypatch.setattr(loading, "_STREAM_ABOVE", -1)
    write(tmp_path / "u.txt", "Russia launched 539 drones overnight.\n".encode(encoding))
    rows = "title,text\nA,Alpha text.\nB,Beta text.\n"
    write(tmp_path / "u.csv", rows.encode(encoding))
    docs = load(tmp_path).documents.set_index("doc_id")
    assert docs.loc["u", "text"] == "Russia launched 539 drones overnight."
    assert docs.loc["u_2", "text"] == "Beta text."


def test_deep_html_is_listed_not_cut(tmp_path):
    deep = "<div>" * 400 + "Deep text." + "</div>" * 400
    write(tmp_path / "deep.html", f"<html><body><p>Before.</p>{deep}<p>After.</p></body></html>")
    shallow = "<div>" * 100 + "<p>A paragraph of article text here.</p>" + "</div>" * 100
    write(tmp_path / "ok.html", f"<html><body>{shallow}</body></html>")
    result = load(tmp_path)
    assert "nested more than 250 tags deep" in reasons(result)[("deep.html", "")]
    assert "A paragraph of article text here." in result.documents["text"].iloc[0]


def test_html_with_a_huge_data_uri_is_read_to_its_end(tmp_path):
    image = "A" * (11 * 1024 * 1024)
    page = (
        "<html><body><article><p>The first paragraph of the article.</p>"
        f'<img src="data:image/png;base64,{image}">'
        "<p>The last paragraph of the article.</p></article></body></html>"
    )
    write(tmp_path / "img.html", page)
    text = load(tmp_path, max_file_bytes=None).documents["text"].iloc[0]
    assert "The last paragraph of the article." in text

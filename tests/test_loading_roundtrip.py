"""analystkit.loading, property-based: what goes in comes out, in every format.

Article texts are generated (any Unicode but surrogates, NUL and the byte-order mark;
newlines of every style, tabs, quotes, commas, semicolons, backslashes, blank lines,
leading and trailing space), written as ``.txt`` files, a CSV, a TSV, JSON Lines, a JSON
array and Parquet, and loaded with :func:`analystkit.load_corpus`. The documented
normalisation is all that may change: ``raw_text`` is the text as written with
``\\r\\n`` and lone ``\\r`` turned into ``\\n`` (and a byte-order mark dropped); ``text``
is ``raw_text`` without boilerplate, stripped of leading and trailing whitespace, so with
no boilerplate rules (``rules=()``) it is exactly ``raw_text.strip()``.
"""

from __future__ import annotations

import csv
import json
import warnings
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analystkit import LoadWarning, load_corpus

_PIECES = st.sampled_from(["\n", "\r\n", "\r", "\n\n", "\t", '"', "'", ",", ";", "|", "\\",
                           "  ", "“", "”", "—", "…", "{", "}", "[", "]", "<p>", "&amp;",
                           "=1+2", "\u2028", "\u00a0"])
_CHARS = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff")
_TEXT = (st.lists(st.one_of(st.text(_CHARS, min_size=1, max_size=12), _PIECES),
                  min_size=1, max_size=25)
         .map("".join)
         .filter(lambda t: t.strip() and not t.strip().startswith(("{", "[")))
         )
_ARTICLES = st.lists(_TEXT, min_size=1, max_size=6)


def _expected_raw(text: str) -> str:
    """The documented normalisation: ``\\r\\n`` and lone ``\\r`` become ``\\n``."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _write(folder: Path, fmt: str, texts: list[str], *, bom: bool) -> None:
    titles = [f"Title {k}" for k in range(len(texts))]
    encoding = "utf-8-sig" if bom else "utf-8"
    if fmt == "txt":
        for k, text in enumerate(texts):
            (folder / f"a{k}.txt").write_text(text, encoding=encoding, newline="")
    elif fmt in ("csv", "tsv"):
        with (folder / f"articles.{fmt}").open("w", encoding=encoding, newline="") as f:
            writer = csv.writer(f, delimiter="," if fmt == "csv" else "\t")
            writer.writerow(["title", "text"])
            writer.writerows(zip(titles, texts, strict=True))
    elif fmt == "jsonl":
        lines = [json.dumps({"title": t, "text": x}, ensure_ascii=bom) for t, x in
                 zip(titles, texts, strict=True)]
        (folder / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding=encoding)
    elif fmt == "json":
        items = [{"title": t, "text": x} for t, x in zip(titles, texts, strict=True)]
        (folder / "items.json").write_text(json.dumps(items, ensure_ascii=not bom),
                                           encoding=encoding)
    elif fmt == "parquet":
        pd.DataFrame({"title": titles, "text": texts}).to_parquet(folder / "rows.parquet")


FORMATS = ("txt", "csv", "tsv", "jsonl", "json", "parquet")


@settings(max_examples=50, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(texts=_ARTICLES, fmt=st.sampled_from(FORMATS), bom=st.booleans())
def test_what_goes_in_comes_out(tmp_path_factory, texts, fmt, bom):
    folder = tmp_path_factory.mktemp(fmt)
    _write(folder, fmt, texts, bom=bom)
    with warnings.catch_warnings():
        warnings.simplefilter("error", LoadWarning)  # nothing skipped
        docs = load_corpus(folder, rules=(), dedupe=False)
    assert len(docs) == len(texts)
    assert docs["raw_text"].tolist() == [_expected_raw(t) for t in texts]
    assert docs["text"].tolist() == [_expected_raw(t).strip() for t in texts]
    # with the boilerplate rules, raw_text is still the text as written (an article
    # left empty by them is listed as skipped, not loaded)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LoadWarning)
        cleaned = load_corpus(folder, dedupe=False)
    expected = {_expected_raw(t) for t in texts}
    assert set(cleaned["raw_text"]) <= expected

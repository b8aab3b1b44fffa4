"""analystkit.explore: the HTML-building functions, the filters, and the widget."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

import analystkit as ak
from analystkit.explore import (
    ALL,
    evidence_html,
    filter_figures,
    highlight_html,
    table_html,
)

HOSTILE = "<script>alert('x')</script>"


@pytest.fixture(scope="module")
def seeds(seeds_dir):
    docs = ak.load_corpus(seeds_dir)
    return docs, ak.extract_figures(docs), ak.tag_narratives(docs)


@pytest.fixture(scope="module")
def hostile():
    docs = pd.DataFrame({
        "doc_id": ["evil"],
        "title": [f"{HOSTILE} headline"],
        "source": ["<b>Outlet</b>"],
        "text": [f"{HOSTILE} Russia launched 539 drones at Kyiv, officials said. "
                 "<img src=x onerror=alert(1)> Five people were killed."],
    })
    return docs, ak.extract_figures(docs)


# ---------------------------------------------------------------- pure HTML


def test_highlight_html_marks_the_span():
    assert highlight_html("Russia launched 539 drones.", 16, 26) == (
        "Russia launched <mark>539 drones</mark>.")


def test_highlight_html_escapes_script_in_text_and_span():
    out = highlight_html(f"{HOSTILE} 5 <b>killed</b>", 0, len(HOSTILE))
    assert "<script>" not in out and "<b>" not in out
    assert out.startswith("<mark>&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;</mark>")
    assert "&lt;b&gt;killed&lt;/b&gt;" in out


@pytest.mark.parametrize(("start", "end", "expected"), [
    (5, 5, "abc &lt;d&gt;"),          # empty span: nothing marked
    (6, 2, "abc &lt;d&gt;"),          # inverted span
    (-3, 3, "<mark>abc</mark> &lt;d&gt;"),  # clipped to the sentence
    (4, 99, "abc <mark>&lt;d&gt;</mark>"),
])
def test_highlight_html_clips_bad_spans(start, end, expected):
    assert highlight_html("abc <d>", start, end) == expected


def test_table_html_escapes_cells_and_counts_rows():
    frame = pd.DataFrame({"mention": [HOSTILE] * 5, "n": range(5)})
    out = table_html(frame, max_rows=2)
    assert "<script>" not in out
    assert out.count("&lt;script&gt;") == 2
    assert "showing 2 of 5 rows" in out


def test_evidence_html_escapes_everything_from_the_article(hostile):
    docs, figures = hostile
    row = figures[figures["measure"] == "launched"].iloc[0]
    out = evidence_html(row, docs, narratives=["<i>label</i>"])
    assert "<script" not in out and "<b>Outlet" not in out and "<i>label" not in out
    assert "&lt;script&gt;" in out and "&lt;b&gt;Outlet&lt;/b&gt;" in out
    assert "<mark>539 drones</mark>" in out


def test_evidence_html_without_documents(seeds):
    _, figures, _ = seeds
    out = evidence_html(figures.iloc[0])
    assert "document 000_fd51113278b0f16d" in out and "<mark>" in out


# ---------------------------------------------------------------- filters


def test_filter_figures_by_source_measure_and_core(seeds):
    docs, figures, tags = seeds
    before = figures.copy()
    rows = filter_figures(figures, docs, tags, source="Thanh Nien Newspaper",
                          measure="launched")
    pd.testing.assert_frame_equal(figures, before)
    assert set(rows["doc_id"]) == {"003_97bdce341057ee98"}
    assert set(rows["measure"]) == {"launched"}
    assert set(rows["mention"]) == {"539 drones", "11 missiles"}
    core = filter_figures(figures, docs, core_only=True)
    assert core["is_core"].all() and len(core) < len(figures)
    everything = filter_figures(figures, docs, source=ALL, measure=None)
    assert len(everything) == len(figures)


def test_filter_figures_by_narrative_keeps_figures_in_its_evidence_sentences(seeds):
    docs, figures, tags = seeds
    rows = filter_figures(figures, docs, tags, narrative="casualty_count")
    assert len(rows) > 0
    for r in rows.itertuples():
        spans = tags[(tags["doc_id"] == r.doc_id) & (tags["narrative"] == "casualty_count")]
        assert ((spans["start"] <= r.start) & (r.start < spans["end"])).any()
    assert "casualty_count" in rows["narratives"].iloc[0]


# ---------------------------------------------------------------- widget


def test_explore_widget_filters_and_shows_evidence(seeds):
    docs, figures, tags = seeds
    panel = ak.explore(docs, figures, tags)
    filters, count, table, picker, evidence = panel.children
    source, measure, narrative, core = filters.children
    assert [source.description, measure.description, narrative.description] == [
        "source", "measure", "narrative"]
    assert core.value is True
    assert "thecongressionalinsider.com" in source.options
    assert ("Casualty counts", "casualty_count") in narrative.options
    n_core = int(figures["is_core"].sum())
    assert count.value == f"<b>{n_core}</b> matching figure(s)"
    source.value = "002_6f…"
    measure.value = "injured"
    assert count.value == "<b>1</b> matching figure(s)"
    assert "23 people" in table.value
    assert "<mark>23 people</mark>" in evidence.value
    assert "per Kyiv&#x27;s mayor" in evidence.value
    measure.value = "launched"
    picker.value = picker.options[-1][1]
    assert "<mark>" in evidence.value
    narrative.value = "western_support_wavering_or_futile"
    assert count.value == "<b>0</b> matching figure(s)"
    assert evidence.value == "" and picker.options == ()


def test_explore_computes_missing_tables_and_escapes(hostile):
    docs, _ = hostile
    panel = ak.explore(docs)
    _, count, table, _, evidence = panel.children
    assert count.value.startswith("<b>")
    for html in (table.value, evidence.value):
        assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in evidence.value


def test_explore_is_callable_however_it_is_imported():
    from analystkit import explore
    from analystkit.explore import explore as function

    assert callable(explore) and callable(ak.explore) and callable(function)


def test_importing_explore_does_not_import_ipywidgets():
    code = ("import sys, analystkit; analystkit.explore; "
            "print('ipywidgets' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"

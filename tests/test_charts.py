"""Charts with evidence on every mark: inline SVG, a <title> per figure, alt text."""

from __future__ import annotations

import html
import re

import pandas as pd
import pytest

import analystkit as ak
from analystkit.charts import CHART_JS, Chart, chart_alt, chart_html, new_page, show_chart
from analystkit.compare import source_values


@pytest.fixture(scope="module")
def seeds():
    docs = ak.load_corpus(ak.seeds_path())
    figures = ak.extract_figures(docs)
    return docs, figures, source_values(figures, docs)


def _titles(page: str) -> list[str]:
    found = re.findall(r'class="ak-mark"[^>]*><title>([^<]*)</title>', page)
    return [html.unescape(t) for t in found]


def test_every_attack_figure_is_a_mark_with_its_sentence_and_credit(seeds):
    docs, figures, values = seeds
    fig = ak.plot.attack_scale(values, ak.compare_figures(figures, docs))
    page = chart_html(fig)
    titles = _titles(page)
    drawn = values[values["event_id"] == "E1"]
    drawn = drawn[drawn["measure"].isin(["launched", "intercepted"])]
    assert len(titles) == len(drawn)
    for r in drawn.itertuples(index=False):  # each figure's sentence is on a mark
        assert any(r.sentence[:60] in t for t in titles), r.sentence
    assert all("credits: " in t and "says: " in t for t in titles)
    assert any("credits: per Ukrainian Air Force" in t for t in titles)
    assert page.count('tabindex="0"') == len(titles)  # reachable with the keyboard


def test_casualty_and_campaign_marks(seeds):
    docs, figures, values = seeds
    page = chart_html(ak.plot.casualty_reporting(values, ak.compare_figures(figures, docs)))
    assert any("killed: 1 person" in t and "sentence: “" in t for t in _titles(page))
    table = ak.campaign_table(figures, docs, tallies=ak.read_tallies())
    fig = ak.plot.campaign_timeline(table, ak.nightly_tallies(ak.read_tallies()))
    titles = _titles(chart_html(fig))
    assert len(titles) == len(fig._ak_marks) >= 10  # one per dot drawn
    assert all("official count" in t and "credits: " in t for t in titles)


def test_over_time_points_each_carry_their_evidence(seeds):
    docs, figures, _ = seeds
    docs = docs.assign(published=pd.to_datetime(
        ["2025-07-01", "2025-07-02", "2025-07-03", "2025-07-04", "2025-07-05"], utc=True))
    page = chart_html(ak.plot.figures_over_time(figures, docs))
    titles = re.findall(r'<g class="ak-mark"[^>]*><title>([^<]*)</title><use', page)
    assert len(titles) >= 5 and all("says: " in t for t in titles)


def test_evidence_from_articles_is_escaped():
    from analystkit import _plot_style as style

    fig = style.new_figure(4, 3)
    ax = fig.add_subplot()
    (line,) = ax.plot([1], [1], "o")
    style.mark(line, 'x"><script>alert(1)</script>')
    page = chart_html(fig, alt='<img src=x onerror=alert(1)>')
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)" in page
    assert "<img src=x" not in page and 'aria-label="&lt;img src=x' in page
    assert page.count("<script>") == 1 and CHART_JS in page


def test_alt_text_and_determinism(seeds):
    values = seeds[2]
    fig = ak.plot.attack_scale(values)
    alt = chart_alt(fig)
    assert alt.startswith("Chart. Attack scale") and "Panel: Drones" in alt
    assert chart_html(fig) == chart_html(fig)
    assert 'aria-label="' + alt.replace("'", "&#x27;") in chart_html(fig)


def test_first_chart_of_a_page_carries_the_thumbnail(seeds):
    values = seeds[2]
    new_page()
    first = show_chart(ak.plot.attack_scale(values))
    second = show_chart(ak.plot.attack_scale(values))
    data, meta = first._repr_mimebundle_()
    assert isinstance(first, Chart) and "image/png" in data and meta["image/png"]["ak-thumbnail"]
    assert "image/png" not in second._repr_mimebundle_()[0]
    assert show_chart("no chart") == "no chart"

"""analystkit.plot: each chart returns a Figure with the expected axes and artists."""

from __future__ import annotations

import itertools
import subprocess
import sys

import matplotlib

matplotlib.use("Agg")

import matplotlib.colors as mcolors
import pandas as pd
import pytest
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Text

import analystkit as ak
from analystkit import _plot_style as style
from analystkit.compare import source_values

OKABE_ITO = {mcolors.to_hex(c) for c in style.OKABE_ITO.values()}


@pytest.fixture(scope="module")
def seeds(seeds_dir):
    docs = ak.load_corpus(seeds_dir)
    figures = ak.extract_figures(docs)
    comparisons = ak.compare_figures(figures, docs, tallies=ak.read_tallies())
    return docs, figures, source_values(figures, docs), comparisons


def _texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.findobj(Text) if t.get_visible() and t.get_text()]


def _label_boxes(fig: Figure):
    """Window extents of every visible, non-empty text drawn on the figure."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = []
    for t in fig.findobj(Text):
        if (t.get_visible() and t.get_text().strip() and t.axes is not None) or (
                t.get_visible() and t.get_text().strip() and t.figure is fig):
            bb = t.get_window_extent(renderer)
            if bb.width > 0 and bb.height > 0:
                boxes.append((t.get_text(), bb))
    return boxes


def _overlaps(fig: Figure) -> list[tuple[str, str]]:
    bad = []
    for (a, ba), (b, bb) in itertools.combinations(_label_boxes(fig), 2):
        if a == b and ba.bounds == bb.bounds:
            continue  # the same text registered twice (e.g. a tick label and its twin)
        inter_w = min(ba.x1, bb.x1) - max(ba.x0, bb.x0)
        inter_h = min(ba.y1, bb.y1) - max(ba.y0, bb.y0)
        if inter_w > 1 and inter_h > 1:
            bad.append((a, b))
    return bad


def _frames_equal_after(call, *frames):
    copies = [f.copy(deep=True) for f in frames]
    out = call()
    for before, after in zip(copies, frames, strict=True):
        pd.testing.assert_frame_equal(before, after)
    return out


# ---------------------------------------------------------------- attack scale


def test_attack_scale_panels_sources_and_official_marks(seeds):
    _docs, _figures, values, comparisons = seeds
    fig = _frames_equal_after(lambda: ak.plot.attack_scale(values, comparisons), values,
                              comparisons)
    assert isinstance(fig, Figure)
    titles = [ax.get_title(loc="left") for ax in fig.axes]
    assert titles[0] == "Drones — official tally: 539 launched, 268 destroyed"
    assert [t.split(" —")[0] for t in titles] == [
        "Drones", "Missiles", "Ballistic missiles", "Cruise missiles"]
    drones = fig.axes[0]
    ticks = [t.get_text() for t in drones.get_yticklabels()]
    # outlet names where known, shortened ids otherwise, in reading order (top to bottom)
    assert ticks[::-1] == ["000_fd…", "thecongressionalinsider.com", "002_6f…",
                           "Thanh Nien Newspaper"]
    verticals = [ln for ln in drones.get_lines() if ln.get_linestyle() in ("--", ":")]
    xs = sorted(float(ln.get_xdata()[0]) for ln in verticals)
    assert xs == [268.0, 539.0]
    # "over 500" / "hundreds of" drawn as arrows (no upper bound)
    assert len([c for c in drones.texts if getattr(c, "arrow_patch", None)]) >= 2
    labels = [t.get_text() for t in drones.texts if t.get_text()]
    assert any("≥500" in t for t in labels)
    assert any("per Ukraine's Air Force via" in t for t in labels)


def test_attack_scale_from_raw_figures_matches_values(seeds):
    docs, figures, values, comparisons = seeds
    a = ak.plot.attack_scale(figures, comparisons, documents=docs)
    b = ak.plot.attack_scale(values, comparisons)
    assert [ax.get_title(loc="left") for ax in a.axes] == [
        ax.get_title(loc="left") for ax in b.axes]


def test_attack_scale_from_comparisons_only_is_a_log_summary(seeds):
    *_, comparisons = seeds
    fig = ak.plot.attack_scale(comparisons)
    (ax,) = fig.axes
    assert ax.get_xscale() == "log"
    assert "Drones launched" in [t.get_text() for t in ax.get_yticklabels()]


def test_attack_scale_other_event_and_bad_event(seeds):
    _docs, _figures, values, comparisons = seeds
    fig = ak.plot.attack_scale(values, comparisons, event_id="E3")
    assert any("E3" in t for t in _texts(fig))
    with pytest.raises(ValueError, match="no event"):
        ak.plot.attack_scale(values, event_id="E99")


def test_attack_scale_all_events_mode_with_official_ticks():
    docs = pd.DataFrame({
        "doc_id": ["a", "b"],
        "text": ["Russia launched 539 drones at Ukraine overnight, the air force said.",
                 "Russia fired 40 missiles at Lviv."],
        "published": pd.to_datetime(["2025-07-04", "2025-06-01"], utc=True)})
    figures = ak.extract_figures(docs)
    comparisons = ak.compare_figures(figures, docs, tallies=ak.read_tallies())
    fig = ak.plot.attack_scale(figures, comparisons, documents=docs)
    assert any(t.startswith("All 2 events") for t in _texts(fig))
    drones = fig.axes[0]
    assert drones.get_title(loc="left") == "Drones — 1 report(s)"
    assert [t.get_text() for t in drones.get_yticklabels()] == ["2025-07-03 · a"]
    ticks = [ln for ln in drones.get_lines() if ln.get_marker() == "|"]
    assert sorted(float(ln.get_xdata()[0]) for ln in ticks) == [268.0, 539.0]


def test_attack_scale_without_attack_figures_says_so():
    docs = pd.DataFrame({"doc_id": ["a"], "text": ["Five people were killed in Kharkiv."]})
    fig = ak.plot.attack_scale(ak.extract_figures(docs), documents=docs)
    assert len(fig.axes) == 1 and not fig.axes[0].axison
    assert any("No launch or interception" in t for t in _texts(fig))


def test_attack_scale_rejects_unknown_tables():
    with pytest.raises(ValueError, match="expected the figures table"):
        ak.plot.attack_scale(pd.DataFrame({"x": [1]}))


# ---------------------------------------------------------------- casualties


def test_casualty_reporting_highlights_disagreement_and_credits(seeds):
    _docs, _figures, values, comparisons = seeds
    fig = _frames_equal_after(lambda: ak.plot.casualty_reporting(values, comparisons), values)
    titles = [ax.get_title(loc="left") for ax in fig.axes]
    assert titles == ["Killed · people — sources agree within their hedges",
                      "Injured · people — sources disagree: different scope",
                      "Injured · children — one source"]
    injured = fig.axes[1]
    assert mcolors.to_hex(injured.get_facecolor()) == style.HIGHLIGHT.lower()
    assert mcolors.to_hex(injured.title.get_color()) == mcolors.to_hex(
        style.OKABE_ITO["vermillion"]) or mcolors.to_hex(
        injured._left_title.get_color()) == mcolors.to_hex(style.OKABE_ITO["vermillion"])
    assert mcolors.to_hex(fig.axes[0].get_facecolor()) == "#ffffff"
    labels = [t.get_text() for t in injured.texts]
    assert "23 (per Kyiv's mayor)" in labels
    assert "26 (unattributed)" in labels
    assert any(t.startswith("≥23 (per Ukrainian officials via") for t in labels)
    # counts of people get whole-number ticks
    ticks = fig.axes[0].get_xticks()
    assert all(float(t).is_integer() for t in ticks)


def test_casualty_reporting_all_events_mode_for_single_source_events():
    docs = pd.DataFrame({
        "doc_id": ["a", "b"],
        "text": ["Five people were killed in Kharkiv, the governor said.",
                 "At least 37,000 soldiers were killed, officials said."],
        "published": pd.to_datetime(["2022-03-01", "2022-06-04"], utc=True)})
    fig = ak.plot.casualty_reporting(ak.extract_figures(docs), documents=docs)
    texts = _texts(fig)
    assert any(t.startswith("All 2 events") for t in texts)
    ticks = [t.get_text() for ax in fig.axes for t in ax.get_yticklabels()]
    assert "2022-03-01 · a" in ticks and "2022-06-04 · b" in ticks


def test_casualty_reporting_without_casualties():
    docs = pd.DataFrame({"doc_id": ["a"], "text": ["Russia launched 539 drones."]})
    fig = ak.plot.casualty_reporting(ak.extract_figures(docs), documents=docs)
    assert any("No figures of people killed" in t for t in _texts(fig))


# ---------------------------------------------------------------- narratives


def test_narrative_heatmap_cells_and_labels(seeds):
    docs = seeds[0]
    tags = ak.tag_narratives(docs)
    coverage = ak.narrative_coverage(tags, docs)
    fig = _frames_equal_after(lambda: ak.plot.narrative_heatmap(coverage), coverage)
    (ax,) = fig.axes
    (image,) = ax.images
    assert image.get_array().shape == coverage.shape
    xlabels = [t.get_text().replace("\n", " ") for t in ax.get_xticklabels()]
    assert xlabels[0] == "Attack scale and counts"
    assert xlabels[-1] == "Western support wavering or futile"
    assert [t.get_text() for t in ax.get_yticklabels()][1] == "thecongressionalinsider.com"
    cell_texts = sorted(int(t.get_text()) for t in ax.texts)
    assert cell_texts == sorted(int(v) for v in coverage.to_numpy().ravel() if v > 0)


def test_narrative_heatmap_hides_empty_sources_of_large_corpora():
    cov = pd.DataFrame({"china_role": [0] * 18 + [2, 3]},
                       index=pd.Index([f"doc{i}" for i in range(20)], name="source"))
    fig = ak.plot.narrative_heatmap(cov)
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["doc18", "doc19"]
    assert any("18 source(s) carrying none left out" in t for t in _texts(fig))
    assert len(ak.plot.narrative_heatmap(cov, hide_empty=False).axes[0].get_yticklabels()
               ) == 20


def test_narrative_heatmap_caps_sources():
    cov = pd.DataFrame({"china_role": range(1, 51)},
                       index=pd.Index([f"doc{i}" for i in range(50)], name="source"))
    fig = ak.plot.narrative_heatmap(cov, max_sources=10)
    assert len(fig.axes[0].get_yticklabels()) == 10
    assert any("40 left out" in t for t in _texts(fig))


# ---------------------------------------------------------------- over time


def test_figures_over_time_two_panels():
    docs = pd.DataFrame({
        "doc_id": ["a", "b", "c"],
        "text": ["Five people were killed in Kharkiv.", "At least 12 people were injured.",
                 "No figures here."],
        "published": pd.to_datetime(["2022-03-01", "2022-05-04", None], utc=True)})
    figures = ak.extract_figures(docs)
    fig = _frames_equal_after(lambda: ak.plot.figures_over_time(figures, docs), figures, docs)
    top, bottom = fig.axes
    assert top.get_yscale() == "log"
    assert sum(len(c.get_offsets()) for c in top.collections) == 2
    assert sum(p.get_height() for p in bottom.patches) == 2  # two dated articles
    assert any("1 undated" in t for t in _texts(fig))


def test_figures_over_time_without_dates():
    docs = pd.DataFrame({"doc_id": ["a"], "text": ["Five people were killed."]})
    fig = ak.plot.figures_over_time(ak.extract_figures(docs), docs)
    assert len(fig.axes) == 1
    assert any("0 of 1 articles" in t for t in _texts(fig))


# ---------------------------------------------------------------- readability


@pytest.mark.parametrize("chart", ["attack", "casualty", "heatmap"])
def test_no_overlapping_labels_on_the_seeds(seeds, chart):
    docs, _figures, values, comparisons = seeds
    if chart == "attack":
        fig = ak.plot.attack_scale(values, comparisons)
    elif chart == "casualty":
        fig = ak.plot.casualty_reporting(values, comparisons)
    else:
        fig = ak.plot.narrative_heatmap(ak.narrative_coverage(ak.tag_narratives(docs), docs))
    assert _overlaps(fig) == []
    # nothing drawn outside the figure
    fig.canvas.draw()
    width, height = fig.canvas.get_width_height()
    for text, box in _label_boxes(fig):
        assert box.x0 >= -1 and box.x1 <= width + 1, text
        assert box.y0 >= -1 and box.y1 <= height + 1, text


def test_charts_use_the_colour_blind_safe_palette(seeds):
    _docs, _figures, values, comparisons = seeds
    fig = ak.plot.attack_scale(values, comparisons)
    colours = {mcolors.to_hex(ln.get_color()) for ax in fig.axes for ln in ax.get_lines()
               if isinstance(ln, Line2D) and len(ln.get_xdata())}
    assert colours <= OKABE_ITO | {"#000000"}
    assert mcolors.to_hex(style.MEASURE_COLOUR["launched"]) in colours


def test_source_labels_shorten_ids_and_disambiguate_outlets():
    labels = style.source_labels(["Reuters (a)", "Reuters (b)", "AP (c)",
                                  "000_fd51113278b0f16d", "001_3c117ee7df16badd"])
    assert labels == {"Reuters (a)": "Reuters · a", "Reuters (b)": "Reuters · b",
                      "AP (c)": "AP", "000_fd51113278b0f16d": "000_fd…",
                      "001_3c117ee7df16badd": "001_3c…"}


def test_importing_plot_does_not_import_matplotlib():
    code = ("import sys, analystkit.plot, analystkit.brief, analystkit.report, "
            "analystkit.explore; print([m for m in ('matplotlib', 'ipywidgets', 'nbclient', "
            "'nbconvert') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"

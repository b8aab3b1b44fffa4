"""The HTML report: parameter injection, the offline exporter, `analystkit report`, and a
real browser opening the pages with networking disabled."""

from __future__ import annotations

import base64
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from analystkit.report import (
    PAGES,
    _clean,
    build_report,
    inject_parameters,
    notebooks_dir,
    offline_html_exporter,
    remote_references,
)

PAGE_FILES = [f"{p.notebook}.html" for p in PAGES]
STAMP = "2025-07-05 12:00 UTC"
CHROMIUM = shutil.which("chromium") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
HOSTILE_TITLE = "<script>alert('owned')</script> Kyiv hit by 40 drones"


def _png(width: int = 300, height: int = 200) -> str:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width / 100, height / 100), dpi=100)
    FigureCanvasAgg(fig)
    fig.add_subplot().plot([1, 3, 2], color="#0072B2", lw=4)
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return base64.b64encode(buf.getvalue()).decode()


def _foreign_scripts(page: str) -> list[str]:
    """The page's scripts that are not analystkit's own table and chart scripts."""
    from analystkit.charts import CHART_JS
    from analystkit.tables import TABLE_JS

    scripts = re.findall(r"<script\b[^>]*>(.*?)</script>", page, flags=re.S | re.I)
    opened = len(re.findall(r"<script\b", page, flags=re.I))
    foreign = [s[:80] for s in scripts if s not in (TABLE_JS, CHART_JS)]
    return foreign + ["<script> not closed"] * (opened - len(scripts))


def _params_cell(source: str = "CORPUS = None"):
    cell = new_code_cell(source)
    cell.metadata["tags"] = ["parameters"]
    return cell


# ---------------------------------------------------------------- units


def test_inject_parameters_appends_to_the_tagged_cell_and_copies():
    nb = new_notebook(cells=[new_markdown_cell("# t"), _params_cell("CORPUS = None\nX = 1")])
    out = inject_parameters(nb, {"CORPUS": ["/tmp/a b.csv"], "TALLIES": None})
    assert out.cells[1].source.splitlines() == [
        "CORPUS = None", "X = 1", "# injected by analystkit report",
        "CORPUS = ['/tmp/a b.csv']", "TALLIES = None"]
    assert nb.cells[1].source == "CORPUS = None\nX = 1"  # input untouched
    ns: dict = {}
    exec(out.cells[1].source, ns)
    assert ns["CORPUS"] == ["/tmp/a b.csv"] and ns["X"] == 1


def test_inject_parameters_adds_a_cell_when_none_is_tagged():
    nb = new_notebook(cells=[new_markdown_cell("# t"), new_code_cell("print(CORPUS)")])
    out = inject_parameters(nb, {"CORPUS": "x"})
    assert [c.cell_type for c in out.cells] == ["markdown", "code", "code"]
    assert out.cells[1].metadata["tags"] == ["parameters"]
    assert out.cells[1].source.endswith("CORPUS = 'x'")


def test_clean_drops_stderr_widgets_and_the_parameters_cell():
    chart = new_code_cell("chart")
    chart.outputs = [
        new_output("stream", name="stderr", text="UserWarning: noisy\n"),
        new_output("stream", name="stdout", text="kept\n"),
        new_output("display_data", data={
            "application/vnd.jupyter.widget-view+json": {"model_id": "x"},
            "text/plain": "VBox()"}),
        new_output("display_data", data={"image/png": _png(), "text/plain": "<Figure>"}),
    ]
    nb = new_notebook(cells=[_params_cell(), new_markdown_cell("## The chart"), chart])
    nb.metadata["widgets"] = {"state": {}}
    dropped = _clean(nb)
    assert dropped == ["UserWarning: noisy\n"]
    assert "widgets" not in nb.metadata
    assert [c.cell_type for c in nb.cells] == ["markdown", "code"]
    kinds = [o.get("name") or next(iter(o.get("data", {})), "") for o in nb.cells[1].outputs]
    assert kinds == ["stdout", "image/png"]
    assert nb.cells[1].outputs[1].metadata["image/png"]["alt"] == "Chart: The chart"


def test_remote_references():
    assert remote_references('<link href="//cdn.x/y.css"><img src="data:image/png;base64,A">'
                             ) == ['<link href="//']
    assert remote_references('<a href="https://example.org">a link is not a fetch</a>') == []


def test_offline_exporter_writes_no_scripts_and_embeds_images():
    code = new_code_cell("secret_code_line = 1")
    code.outputs = [new_output("display_data", data={"image/png": _png(),
                                                      "text/plain": "<Figure>"}),
                    new_output("display_data", data={
                        "text/markdown": "**bold** &lt;script&gt;", "text/plain": "x"})]
    nb = new_notebook(cells=[new_markdown_cell("# Title\n\nSome $x$ text"), code])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    body, _ = offline_html_exporter().from_notebook_node(
        nb, resources={"ak_css": "", "ak_nav": "<nav>N</nav>", "ak_footer": "<footer>F",
                       "metadata": {"name": "t"}})
    assert "<script" not in body.lower()
    assert remote_references(body) == []
    assert "require.js" not in body and "mathjax" not in body.lower()
    assert "secret_code_line" not in body  # no code cells
    assert not re.search(r">\s*(?:In|Out)(?:&nbsp;|\s)*\[", body)  # no prompts
    assert 'src="data:image/png;base64,' in body
    assert "<strong>bold</strong>" in body and "&lt;script&gt;" in body
    assert "<nav>N</nav>" in body and "<footer>F" in body


def test_notebooks_found_in_a_checkout(root):
    assert notebooks_dir().resolve() == (root / "notebooks").resolve()
    for page in PAGES:
        assert (notebooks_dir() / f"{page.notebook}.ipynb").is_file()


@pytest.mark.slow
def test_notebooks_are_inside_the_wheel_and_found_there(root, tmp_path):
    pytest.importorskip("hatchling", reason="building the wheel offline needs hatchling")
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(root), "--no-deps", "--no-build-isolation",
         "-w", str(tmp_path / "dist"), "-q"], capture_output=True, text=True)
    if build.returncode != 0:
        pytest.skip(f"could not build the wheel here: {build.stderr.strip()[-300:]}")
    (wheel,) = (tmp_path / "dist").glob("analystkit-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        for name in ("00_explore", *(p.notebook for p in PAGES)):
            assert f"analystkit/_notebooks/{name}.ipynb" in names
        zf.extractall(tmp_path / "site")
    code = ("from analystkit.report import notebooks_dir\n"
            "print(notebooks_dir().name, len(list(notebooks_dir().glob('*.ipynb'))))")
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site")}
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env,
                         capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["_notebooks", "4"]


# ---------------------------------------------------------------- the report on the seeds


@pytest.fixture(scope="module")
def seeds_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    started = time.perf_counter()
    run = subprocess.run(
        [sys.executable, "-m", "analystkit", "report", "-o", str(out), "--generated-at", STAMP],
        capture_output=True, text=True, timeout=600)
    seconds = time.perf_counter() - started
    assert run.returncode == 0, run.stderr[-3000:]
    return out, run, seconds


@pytest.mark.slow
def test_report_command_writes_the_pages_with_progress(seeds_report):
    out, run, seconds = seeds_report
    assert run.stdout.strip() == str(out / "index.html")
    for name in ["index.html", *PAGE_FILES]:
        assert (out / name).is_file(), name
    err = run.stderr
    assert "5 document(s)" in err
    for i, page in enumerate(PAGES, 1):
        assert f"[{i}/{len(PAGES)}] running {page.notebook}.ipynb" in err
        assert f"[{i}/{len(PAGES)}] {page.notebook}.html written" in err
    assert "Kernel is running over TCP" not in err
    assert seconds < 60, f"report took {seconds:.1f} s"


@pytest.mark.slow
@pytest.mark.parametrize("name", PAGE_FILES)
def test_report_pages_are_self_contained(seeds_report, name):
    out, _, _ = seeds_report
    page = (out / name).read_text(encoding="utf-8")
    assert _foreign_scripts(page) == []  # only analystkit's table and chart scripts
    assert remote_references(page) == []
    # charts are inline SVG with alt text and evidence on their marks
    assert re.search(r'<figure class="ak-figure"><svg [^>]*aria-label="Chart\. \w', page)
    assert len(re.findall(r'<g [^>]*class="ak-mark"[^>]*><title>[^<]+credits: ', page)) >= 5 \
        or name == "03_aid_narratives.html"  # the heatmap's cells count sentences
    assert page.count('class="ak-mark"') >= 5
    assert '<div class="ak-itable"' in page  # tables sort, search and page
    assert "widget-view" not in page and "jupyter-widgets" not in page
    assert "brief.load(" not in page and "import analystkit" not in page  # no code cells
    assert "<table" in page  # tables rendered as HTML
    assert page.count(STAMP) == 1
    for other in PAGE_FILES:
        assert f'href="{other}"' in page
    assert 'href="index.html"' in page


@pytest.mark.slow
def test_report_page_content_on_the_seeds(seeds_report):
    out, _, _ = seeds_report
    attack = (out / "01_attack_scale.html").read_text(encoding="utf-8")
    assert "Drones launched" in attack and "Official tally: 539 launched" in attack
    casualty = (out / "02_casualty_reporting.html").read_text(encoding="utf-8")
    assert "sources disagree" in casualty and "per Kyiv" in casualty
    narratives = (out / "03_aid_narratives.html").read_text(encoding="utf-8")
    assert "US pause of aid / Patriot deliveries" in narratives
    assert 'aria-label="Chart. Narratives each source carries.' in narratives


@pytest.mark.slow
def test_report_index_summarises_the_corpus(seeds_report):
    out, _, _ = seeds_report
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "<script" not in index.lower() and remote_references(index) == []
    assert "<li><b>5</b>articles</li>" in index
    assert "<li><b>0</b>inputs skipped</li>" in index
    assert "Outlets: thecongressionalinsider.com, Thanh Nien Newspaper" in index
    thumbs = re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', index)
    assert len(thumbs) == len(PAGES)  # one small thumbnail per page
    import matplotlib.image as mpimg

    for data in thumbs:
        width = mpimg.imread(io.BytesIO(base64.b64decode(data)), format="png").shape[1]
        assert 200 <= width <= 400
    assert len(index) < 200_000
    for page in PAGES:
        assert f'href="{page.notebook}.html"' in index
    assert index.count(STAMP) == 1


@pytest.fixture(scope="module")
def hostile_corpus(tmp_path_factory, seeds_dir):
    folder = tmp_path_factory.mktemp("hostile")
    for path in sorted(seeds_dir.glob("*.txt"))[:2]:
        shutil.copy(path, folder / path.name)
    (folder / "evil.txt").write_text(
        f"{HOSTILE_TITLE}\n"
        "Russia launched 40 drones at Kyiv overnight, the air force said. "
        "<img src=x onerror=alert(1)> Three people were killed, the mayor said.\n"
        "Source: <b>Evil Outlet</b>\n", encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    return folder


@pytest.mark.slow
def test_report_escapes_article_text_and_is_reproducible(hostile_corpus, tmp_path):
    first = build_report([hostile_corpus], tmp_path / "a", generated_at=STAMP, progress=None)
    second = build_report(str(hostile_corpus), tmp_path / "b", generated_at=STAMP,
                          progress=None)
    for name in ["index.html", *PAGE_FILES]:
        a = (first.parent / name).read_bytes()
        b = (second.parent / name).read_bytes()
        assert a == b, f"{name} differs between two runs"
        page = a.decode("utf-8")
        assert _foreign_scripts(page) == [], name
        assert "<img src=x" not in page and "onerror=alert" not in page.replace(
            "onerror=alert(1)&gt;", ""), name
        assert "<b>Evil" not in page, name
    index = (first.parent / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert('owned')&lt;/script&gt; Kyiv hit by 40 drones" in index
    assert "<li><b>1</b>inputs skipped</li>" in index and "Skipped inputs" in index


def test_report_refuses_an_empty_corpus(tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    with pytest.raises(ValueError, match="no articles"):
        build_report([tmp_path / "empty.txt"], tmp_path / "out", progress=None)


def test_timestamp_from_source_date_epoch(monkeypatch):
    from analystkit.report import _timestamp

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1751673600")
    assert _timestamp(None) == "2025-07-05 00:00 UTC"
    assert _timestamp("fixed") == "fixed"


# ---------------------------------------------------------------- a real browser


def _chromium(tmp_path: Path, url: str, *extra: str) -> subprocess.CompletedProcess:
    profile = tmp_path / f"profile-{time.perf_counter_ns()}"
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--no-first-run", "--hide-scrollbars", f"--user-data-dir={profile}",
           '--host-resolver-rules=MAP * ~NOTFOUND', *extra, url]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


def _page_requests(netlog: Path) -> list[str]:
    """URLs the page itself asked the network for (browser housekeeping excluded: its
    requests have no initiating origin)."""
    log = json.loads(netlog.read_text(encoding="utf-8"))
    names = {v: k for k, v in log["constants"]["logEventTypes"].items()}
    urls = []
    for event in log["events"]:
        params = event.get("params", {})
        if names.get(event["type"]) == "URL_REQUEST_START_JOB" and params.get(
                "initiator") != "not an origin":
            urls.append(params.get("url", ""))
    return [u for u in urls if re.match(r"(?:https?|wss?|ftp)://", u)]


def _open(tmp_path: Path, html: Path, name: str):
    """Screenshot (with a network log) and DOM of a page in headless Chromium."""
    shot, netlog = tmp_path / f"{name}.png", tmp_path / f"{name}.netlog.json"
    run = _chromium(tmp_path, html.as_uri(), f"--screenshot={shot}",
                    "--window-size=1280,4000", f"--log-net-log={netlog}")
    assert shot.is_file(), run.stderr[-2000:]
    dom = _chromium(tmp_path, html.as_uri(), "--dump-dom").stdout
    return shot, netlog, dom


def _chart_area(shot: Path) -> tuple[int, int, int]:
    """(width, height, count) of the saturated pixels below the navigation bar: page text
    is black and grey, so colour comes from the rendered charts."""
    import matplotlib.image as mpimg
    import numpy as np

    img = mpimg.imread(str(shot))[:, :, :3]
    if img.dtype != np.float32 and img.max() > 1:
        img = img / 255.0
    body = img[80:]
    saturated = (body.max(axis=2) - body.min(axis=2)) > 0.3
    ys, xs = np.nonzero(saturated)
    if not len(xs):
        return 0, 0, 0
    return int(xs.max() - xs.min()), int(ys.max() - ys.min()), int(saturated.sum())


needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="needs Debian's chromium (apt-get install chromium; .ci/run installs it)")


@pytest.mark.slow
@needs_chromium
def test_browser_network_check_detects_a_remote_fetch(tmp_path):
    control = tmp_path / "control.html"
    control.write_text('<html><body><img src="http://example.invalid/x.png"></body></html>',
                       encoding="utf-8")
    netlog = tmp_path / "control.netlog.json"
    _chromium(tmp_path, control.as_uri(), "--dump-dom", f"--log-net-log={netlog}")
    assert _page_requests(netlog) == ["http://example.invalid/x.png"]


@pytest.mark.slow
@needs_chromium
@pytest.mark.parametrize("name", ["index.html", *PAGE_FILES])
def test_browser_renders_the_charts_offline(seeds_report, tmp_path, name):
    out, _, _ = seeds_report
    shot, netlog, dom = _open(tmp_path, out / name, name.removesuffix(".html"))
    if name == "index.html":  # the index shows a thumbnail of each page
        images = re.findall(r'<img[^>]*src="data:image/png;base64,([A-Za-z0-9+/=]+)"', dom)
        assert len(images) == len(PAGES)
    else:  # the pages hold their charts as inline SVG of real size
        svgs = re.findall(r'<figure class="ak-figure"[^>]*><svg [^>]*>', dom)
        sizes = [(float(re.search(r'width="([\d.]+)pt"', t).group(1)),
                  float(re.search(r'height="([\d.]+)pt"', t).group(1))) for t in svgs]
        assert sizes and all(w >= 450 and h >= 150 for w, h in sizes), sizes
    assert not re.search(r"<(?:script|link|img)[^>]+(?:src|href)=\"https?:", dom)
    # the screenshot shows them at a non-trivial size
    width, height, count = _chart_area(shot)
    assert width >= 400 and height >= 150 and count >= 1500, (width, height, count)
    # and nothing left the machine
    assert _page_requests(netlog) == []


# ---------------------------------------------------------------- interactive tables and charts

# Runs after the page's own scripts: acts as a reader would (clicks, typing, focus) and
# writes what the page then shows into <pre id="ak-test-result"> for --dump-dom.
_DRIVER = r"""<script>
(function () {
  var res = {};
  function rows(box) {
    return Array.prototype.filter.call(box.querySelector("table").tBodies[0].rows,
      function (r) { return !r.hidden; }); }
  function column(box, i) { return rows(box).map(function (r) {
      return r.cells[i].textContent.trim(); }); }
  try { %s } catch (e) { res.error = String(e); }
  var pre = document.createElement("pre"); pre.id = "ak-test-result";
  pre.textContent = JSON.stringify(res); document.body.appendChild(pre);
})();
</script>"""


def _drive(tmp_path: Path, page: Path, actions: str) -> tuple[dict, list[str]]:
    """Open a copy of ``page`` with ``actions`` (JavaScript filling ``res``) run after
    its scripts; returns ``res`` and the URLs the page asked the network for."""
    copy = tmp_path / f"driven-{time.perf_counter_ns()}.html"
    text = page.read_text(encoding="utf-8")
    copy.write_text(text.replace("</body>", _DRIVER % actions + "</body>"), encoding="utf-8")
    netlog = tmp_path / f"{copy.stem}.netlog.json"
    run = _chromium(tmp_path, copy.as_uri(), "--virtual-time-budget=3000", "--dump-dom",
                    f"--log-net-log={netlog}")
    found = re.search(r'<pre id="ak-test-result">(.*?)</pre>', run.stdout, re.S)
    assert found, run.stderr[-2000:]
    import html as _html

    return json.loads(_html.unescape(found.group(1))), _page_requests(netlog)


_SORT_AND_SEARCH = r"""
  var box = document.querySelector("div.ak-itable");
  var heads = box.querySelector("thead").rows[0].cells;
  var names = Array.prototype.map.call(heads, function (h) { return h.textContent.trim(); });
  var k = names.indexOf(%s);
  res.ready = box.getAttribute("data-ak-ready");
  res.before = column(box, k);
  heads[k].querySelector("button").click();
  res.ascending = column(box, k); res.sort = heads[k].getAttribute("aria-sort");
  heads[k].querySelector("button").click();
  res.descending = column(box, k);
  var search = box.querySelector("input[type=search]");
  search.value = %s; search.dispatchEvent(new Event("input"));
  res.matching = rows(box).map(function (r) { return r.textContent; });
  res.info = box.querySelector(".ak-itable-info").textContent;
  search.value = "no such text anywhere"; search.dispatchEvent(new Event("input"));
  res.none = rows(box).length;
"""


@pytest.mark.slow
@needs_chromium
def test_browser_table_sorts_on_a_header_click_and_filters_on_search(seeds_report, tmp_path):
    out, _, _ = seeds_report
    res, requests = _drive(tmp_path, out / "02_casualty_reporting.html",
                           _SORT_AND_SEARCH % ('"says"', '"Kyiv"'))
    assert "error" not in res, res
    assert res["ready"] == "1"
    def number(text: str) -> float:  # '≥23' sorts as 23, as the page's script does
        return float(re.sub(r"^[~≈≥≤<>]+", "", text.replace(",", "")))

    numbers = [number(v) for v in res["before"]]
    assert [number(v) for v in res["ascending"]] == sorted(numbers)
    assert [number(v) for v in res["descending"]] == sorted(numbers, reverse=True)
    assert res["ascending"] != res["before"] or res["descending"] != res["before"]
    assert res["sort"] == "ascending"
    assert res["matching"] and all("kyiv" in r.lower() for r in res["matching"])
    assert len(res["matching"]) < len(res["before"])
    assert re.match(r"rows 1–\d+ of \d+ \(\d+ in all\)", res["info"]), res["info"]
    assert res["none"] == 0
    assert requests == []


@pytest.mark.slow
@needs_chromium
def test_browser_table_sorts_text_and_pages(tmp_path):
    import pandas as pd

    from analystkit.tables import show_table

    frame = pd.DataFrame({"outlet": [f"Outlet {i:02d}" for i in range(40, 0, -1)],
                          "drones": [float(i * 37 % 101) for i in range(40)]})
    page = tmp_path / "table.html"
    page.write_text("<!DOCTYPE html><html><head><meta charset='utf-8'><title>t</title>"
                    f"</head><body>{show_table(frame)._repr_html_()}</body></html>",
                    encoding="utf-8")
    res, requests = _drive(tmp_path, page, _SORT_AND_SEARCH % ('"outlet"', '"Outlet 1"') + r"""
      search.value = ""; search.dispatchEvent(new Event("input"));
      res.first_page = rows(box).length;
      box.querySelector(".ak-itable-pager button:last-child").click();
      res.second_page = column(box, 0);
    """)
    assert "error" not in res, res
    assert len(res["before"]) == 15  # the first page of 40
    assert res["ascending"][:3] == ["Outlet 01", "Outlet 02", "Outlet 03"]
    assert res["descending"][:2] == ["Outlet 40", "Outlet 39"]
    assert len(res["matching"]) == 10  # Outlet 10 to 19
    assert res["first_page"] == 15 and len(res["second_page"]) == 15
    assert res["second_page"][0] != res["descending"][0]
    assert requests == []


_CLICK_A_MARK = r"""
  var figure = document.querySelector("figure.ak-figure");
  var marks = figure.querySelectorAll(".ak-mark");
  res.marks = marks.length;
  res.titles = Array.prototype.map.call(marks, function (m) {
    var t = m.querySelector("title"); return t ? t.textContent : ""; });
  res.label = figure.querySelector("svg").getAttribute("aria-label");
  var box = marks[0].getBoundingClientRect();
  res.size = [box.width, box.height];
  marks[0].dispatchEvent(new MouseEvent("click", {bubbles: true}));
  res.clicked = figure.querySelector(".ak-evidence").textContent;
  marks[1].focus();
  res.focused = figure.querySelector(".ak-evidence").textContent;
  res.on = figure.querySelectorAll(".ak-mark.ak-on").length;
"""


@pytest.mark.slow
@needs_chromium
@pytest.mark.parametrize("name", ["01_attack_scale.html", "02_casualty_reporting.html",
                                  "04_campaign.html"])
def test_browser_chart_mark_shows_its_evidence(seeds_report, tmp_path, name):
    out, _, _ = seeds_report
    res, requests = _drive(tmp_path, out / name, _CLICK_A_MARK)
    assert "error" not in res, res
    assert res["marks"] >= 5
    assert res["label"].startswith("Chart. ") and len(res["label"]) > 40
    for title in res["titles"]:  # every mark: the article, what it says, whom it credits
        assert "says: " in title and "credits: " in title, title
    if name != "04_campaign.html":
        assert all("sentence: “" in t for t in res["titles"])
    assert res["size"][0] > 2 and res["size"][1] > 2  # a mark one can point at
    assert res["clicked"] == res["titles"][0]
    assert res["focused"] == res["titles"][1] and res["on"] == 1
    assert requests == []


# ---------------------------------------------------------------- options passed through


def test_report_command_passes_taxonomy_and_outlet(monkeypatch, tmp_path):
    import analystkit.report as report
    from analystkit.cli import main

    seen = {}

    def fake(paths, out, **kw):
        seen.update(kw, paths=paths)
        return Path(out) / "index.html"

    monkeypatch.setattr(report, "build_report", fake)
    assert main(["report", str(tmp_path), "-o", str(tmp_path / "out"), "--taxonomy",
                 "semeval-urw", "--outlet", "The Guardian"]) == 0
    assert seen["taxonomy"] == "semeval-urw" and seen["outlet"] == "The Guardian"
    fixes = tmp_path / "fixes.csv"
    fixes.write_text("", encoding="utf-8")
    assert main(["report", "-o", str(tmp_path / "out"), "--corrections", str(fixes)]) == 0
    assert seen["corrections"] == str(fixes)
    assert main(["report", "-o", str(tmp_path / "out")]) == 0
    assert seen["taxonomy"] is None and seen["outlet"] is None
    assert seen["corrections"] is None


@pytest.mark.slow
def test_report_with_an_outlet_and_a_taxonomy(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        "Kyiv attack\n\nRussia launched 60 drones at Kyiv overnight, the air force said. "
        "Two people were killed, the mayor said.\n", encoding="utf-8")
    lines: list[str] = []
    index = build_report([corpus], tmp_path / "out", outlet="The Guardian",
                         taxonomy="semeval-urw", generated_at=STAMP, progress=lines.append)
    assert "Outlets: The Guardian" in index.read_text(encoding="utf-8")
    attack = (index.parent / "01_attack_scale.html").read_text(encoding="utf-8")
    assert "The Guardian" in attack and "a (article a)" not in attack
    narratives = (index.parent / "03_aid_narratives.html").read_text(encoding="utf-8")
    assert "Blaming the war on others" in narratives  # the SemEval taxonomy's labels
    assert any("figure(s) extracted" in line for line in lines)  # once, by the driver

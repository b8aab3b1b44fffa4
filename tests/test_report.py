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
    assert "<script" not in page.lower()
    assert remote_references(page) == []
    assert re.search(r'<img [^>]*class="ak-chart"', page)
    assert re.search(r'<img [^>]*src="data:image/png;base64,[A-Za-z0-9+/=]{1000,}"', page)
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
    assert 'alt="Chart: Narratives by source"' in narratives


@pytest.mark.slow
def test_report_index_summarises_the_corpus(seeds_report):
    out, _, _ = seeds_report
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "<script" not in index.lower() and remote_references(index) == []
    assert "<li><b>5</b>articles</li>" in index
    assert "<li><b>0</b>inputs skipped</li>" in index
    assert "Outlets: thecongressionalinsider.com, Thanh Nien Newspaper" in index
    assert index.count("data:image/png;base64,") == len(PAGES)  # one thumbnail per page
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
        assert "<script" not in page.lower(), name
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
    # the DOM holds the charts as embedded PNGs of real size
    images = re.findall(r'<img[^>]*src="data:image/png;base64,([A-Za-z0-9+/=]+)"', dom)
    assert len(images) >= (3 if name == "index.html" else 1)
    import matplotlib.image as mpimg

    for data in images:
        height, width = mpimg.imread(io.BytesIO(base64.b64decode(data)), format="png").shape[:2]
        assert width >= 600 and height >= 300
    assert not re.search(r"<(?:script|link|img)[^>]+(?:src|href)=\"https?:", dom)
    # the screenshot shows them at a non-trivial size
    width, height, count = _chart_area(shot)
    assert width >= 400 and height >= 150 and count >= 2000, (width, height, count)
    # and nothing left the machine
    assert _page_requests(netlog) == []

"""Security: hostile article text stays text in every HTML analystkit writes (checked in a
real browser), the package parses data with safe loaders only, and a whole run, report
included, opens no network socket."""

from __future__ import annotations

import html
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
import tokenize
from html.parser import HTMLParser
from pathlib import Path

import pytest

import analystkit as ak
from analystkit.report import PAGES, build_report

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "analystkit"
PAGE_FILES = ["index.html", *(f"{p.notebook}.html" for p in PAGES)]
STAMP = "2025-07-05 12:00 UTC"
CHROMIUM = shutil.which("chromium") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="needs Debian's chromium (apt-get install chromium; .ci/run installs it)")

# What every payload would do if it ran: visible in the DOM a browser dumps.
ACT = "document.body.setAttribute('data-xss','1');document.title='pwned'"
SCRIPT = f"<script>{ACT}</script>"
IMG = f'<img src=x onerror="{ACT}">'
SVG = f'<svg onload="{ACT}">'
JS_LINK = f'<a href="javascript:{ACT}">click</a>'
BREAKOUT = f'"><script>{ACT}</script>'
TEXTAREA = f"</textarea><script>{ACT}</script>"
TEMPLATE = "{{ 7*7 }}{% raw %}"
MARKDOWN = "*bold* [link](javascript:alert(1)) $x$"

HOSTILE_ROWS = [
    {"title": f"{SCRIPT} Kyiv hit by 40 drones {TEMPLATE}",
     "source": f"{IMG}Evil Outlet",
     "author": BREAKOUT,
     "url": f"javascript:{ACT}",
     "published": "2025-07-04",
     "text": (f"Russia launched 40 drones {SVG} at Kyiv overnight, Ukraine's air force said. "
              f"Three people were killed {SCRIPT} and 12 injured, Mayor Vitali Klitschko "
              "said. "
              f"The United States paused deliveries of Patriot missiles {JS_LINK} to "
              "Ukraine, officials said. "
              f'"We need more air defence {TEXTAREA}," President Volodymyr Zelensky said. '
              f"Germany will buy two Patriot systems {MARKDOWN} for Ukraine, Reuters "
              "reported.")},
    {"title": f"Second {BREAKOUT} report",
     "source": f"{SVG}Other Outlet",
     "author": "A. Writer",
     "url": 'https://example.org/a?b=1&c="><script>',
     "published": "2025-07-04",
     "text": (f"Russia launched over 30 drones at Kyiv {IMG}, according to the air force. "
              f"At least five people were killed {TEMPLATE}, the mayor said. "
              f"According to {SCRIPT} officials, 10 people were injured. "
              f"China's role {TEXTAREA} in supplying parts to Russia was criticised.")},
]
HOSTILE_TXT = (f"{JS_LINK} Drones over Odesa\n"
               f"Russia launched 25 drones at Odesa {BREAKOUT}, the air force said.\n"
               f"Source: {SCRIPT}Odesa Daily\n")


# ---------------------------------------------------------------- fixtures and helpers


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    with open(folder / "hostile.jsonl", "w", encoding="utf-8") as f:
        for row in HOSTILE_ROWS:
            f.write(json.dumps(row) + "\n")
    (folder / "odesa.txt").write_text(HOSTILE_TXT, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def hostile_report(hostile_dir, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("hostile_report")
    build_report([hostile_dir], out, generated_at=STAMP, progress=None)
    return out


class _Tags(HTMLParser):
    """Every start tag of a page with its attributes, as a browser's tokenizer sees them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))


def _tags(page: str) -> list[tuple[str, dict[str, str]]]:
    parser = _Tags()
    parser.feed(page)
    parser.close()
    return parser.tags


def _own_markup_removed(page: str) -> str:
    """``page`` without analystkit's own scripts (the interactive tables' and charts', as
    the package ships them, character for character) and with its charts' ``<svg>``
    tags (inside ``<figure class="ak-figure">``) renamed; what remains must be inert."""
    from analystkit.charts import CHART_JS
    from analystkit.tables import TABLE_JS

    for script in (TABLE_JS, CHART_JS):
        page = page.replace(f"<script>{script}</script>", "")
    return re.sub(r'(<figure class="ak-figure"[^>]*>)<svg\b', r"\1<ak-chart-svg", page)


def _active_markup(page: str) -> list[str]:
    """Tags and attributes of ``page`` that could run code or carry a payload's marker."""
    found = []
    for tag, attrs in _tags(_own_markup_removed(page)):
        if tag in ("script", "iframe", "object", "embed", "textarea", "svg", "math"):
            found.append(f"<{tag}>")
        for name, value in attrs.items():
            if name.startswith("on") or name == "data-xss":
                found.append(f"<{tag} {name}=…>")
            if name in ("href", "src", "action", "formaction", "xlink:href") and re.match(
                    r"\s*(?:javascript|vbscript|data:text/html)", value, re.I):
                found.append(f"<{tag} {name}={value[:40]}>")
    return found


def _chromium_dom(tmp_path: Path, page: Path) -> str:
    """The DOM of ``page`` after 2 s of (virtual) time in headless Chromium."""
    profile = tmp_path / f"profile-{time.perf_counter_ns()}"
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--no-first-run", f"--user-data-dir={profile}",
           "--host-resolver-rules=MAP * ~NOTFOUND", "--virtual-time-budget=2000",
           "--dump-dom", page.as_uri()]
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert "</html>" in run.stdout, run.stderr[-2000:]
    return run.stdout


def _title(page: str) -> str:
    m = re.search(r"<title>(.*?)</title>", page, re.S)
    return m.group(1) if m else ""


def _assert_nothing_ran(dom: str, expected_title: str, where: str) -> None:
    assert _title(dom) == expected_title, f"{where}: <title> changed to {_title(dom)!r}"
    assert "pwned" not in _title(dom)
    assert not re.search(r"<[a-zA-Z][^<>]*\sdata-xss\s*=", dom), (
        f"{where}: a payload ran and marked the DOM")
    assert _active_markup(dom) == [], f"{where}: {_active_markup(dom)}"


# ---------------------------------------------------------------- the report


def test_the_hostile_corpus_loads_with_its_payloads(hostile_dir):
    docs = ak.load_corpus(hostile_dir)
    assert len(docs) == 3
    assert SCRIPT in docs["title"].iloc[0] and IMG in docs["source"].iloc[0]
    assert docs["url"].iloc[0].startswith("javascript:")
    figures = ak.extract_figures(docs)
    assert {"launched", "killed", "injured"} <= set(figures["measure"])


@pytest.mark.slow
@pytest.mark.parametrize("name", PAGE_FILES)
def test_report_page_has_no_active_markup_and_shows_payloads_as_text(hostile_report, name):
    page = (hostile_report / name).read_text(encoding="utf-8")
    assert _active_markup(page) == [], name
    assert "pwned" not in _title(page)
    text = html.unescape(re.sub(r"<[^>]+>", " ", page))
    assert "document.body.setAttribute('data-xss','1')" in text  # shown, as text
    assert "<script>document.body" in text or "<img src=x onerror=" in text or \
        "<svg onload=" in text


@pytest.mark.slow
def test_report_shows_each_kind_of_payload_as_text(hostile_report):
    pages = {n: (hostile_report / n).read_text(encoding="utf-8") for n in PAGE_FILES}
    index, evidence = pages["index.html"], pages["03_aid_narratives.html"]
    assert f"Outlets: {html.escape(IMG)}Evil Outlet" in index
    assert "&lt;svg onload=" in index and "&lt;script&gt;document.body" in index
    assert '&lt;a href="javascript:document.body' in index
    assert html.escape(TEXTAREA, quote=False) in evidence
    assert html.escape(JS_LINK, quote=False) in evidence
    assert "{{ 7*7 }}{% raw %}" in evidence  # never rendered as a template
    assert "*bold* [link](javascript:alert(1))" in evidence  # never rendered as Markdown


@pytest.mark.slow
@needs_chromium
def test_browser_control_page_runs_the_payloads(tmp_path):
    """The check below is able to see a payload that runs."""
    control = tmp_path / "control.html"
    for body in (f"<p>{IMG}</p>", f"<p>{SCRIPT}</p>", f"<p>{SVG}</p>",
                 f"<textarea>{TEXTAREA}</textarea>", f'<input value="{BREAKOUT}">'):
        control.write_text("<!DOCTYPE html><html><head><title>control</title></head>"
                           f"<body>{body}</body></html>", encoding="utf-8")
        dom = _chromium_dom(tmp_path, control)
        assert _title(dom) == "pwned", body
        assert re.search(r"<body[^>]*\sdata-xss=\"1\"", dom), body


@pytest.mark.slow
@needs_chromium
@pytest.mark.parametrize("name", PAGE_FILES)
def test_browser_runs_no_injected_script_in_the_report(hostile_report, tmp_path, name):
    path = hostile_report / name
    expected_title = _title(path.read_text(encoding="utf-8"))
    assert expected_title and "pwned" not in expected_title
    dom = _chromium_dom(tmp_path, path)
    _assert_nothing_ran(dom, expected_title, name)
    # the payloads are in the DOM as text nodes
    assert "&lt;script&gt;document.body.setAttribute('data-xss','1')" in dom or \
        "&lt;img src=x onerror=\"document.body.setAttribute('data-xss','1')" in dom or \
        "&lt;svg onload=\"document.body.setAttribute('data-xss','1')" in dom, name
    if name == "03_aid_narratives.html":
        assert "&lt;/textarea&gt;&lt;script&gt;" in dom
        assert '&lt;a href="javascript:' in dom
        assert "{{ 7*7 }}" in dom


# ---------------------------------------------------------------- the explorer


def _explorer_page(docs) -> str:
    """Every HTML fragment the explorer shows, for every figure, as ipywidgets would put
    them in a page (HTML widgets: innerHTML; option labels: text)."""
    panel = ak.explore(docs)
    filters, count, table, picker, evidence = panel.children
    source, measure, _narrative, core = filters.children
    core.value = False
    parts = [count.value, table.value]
    for _label, idx in picker.options:
        picker.value = idx
        parts.append(evidence.value)
    options = [*source.options, *measure.options, *(label for label, _ in picker.options)]
    parts.append("<select>" + "".join(f"<option>{html.escape(str(o))}</option>"
                                      for o in options) + "</select>")
    body = "\n".join(f'<div class="widget-html-content">{p}</div>' for p in parts)
    return ("<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
            f"<title>explorer</title></head><body>{body}</body></html>")


@pytest.fixture(scope="module")
def explorer_html(hostile_dir) -> str:
    return _explorer_page(ak.load_corpus(hostile_dir))


def test_explorer_fragments_have_no_active_markup(explorer_html):
    assert _active_markup(explorer_html) == []
    assert "&lt;script&gt;document.body.setAttribute(" in explorer_html
    assert "&lt;img src=x onerror=&quot;document.body" in explorer_html
    # a javascript: URL is shown as text, an http(s) URL with quotes in it too, never linked
    assert f"javascript:{html.escape(ACT)}" in explorer_html
    assert "https://example.org/a?b=1&amp;c=&quot;&gt;&lt;script&gt;" in explorer_html
    assert not [a for t, a in _tags(explorer_html) if t == "a"]


def test_explorer_links_only_http_urls():
    from analystkit.explore import link_html

    assert link_html("https://kyivindependent.com/a?b=1&c=2") == (
        '<a href="https://kyivindependent.com/a?b=1&amp;c=2" target="_blank" '
        'rel="noopener noreferrer nofollow">https://kyivindependent.com/a?b=1&amp;c=2</a>')
    for bad in ("javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)",
                "java\tscript:alert(1)", "data:text/html,<script>alert(1)</script>",
                "vbscript:msgbox(1)", "//evil.example/x", "/relative", "http://x.org/\"a",
                "http://x.org/ onmouseover=alert(1)", "http://x.org/<b>", "ftp://x.org/f"):
        out = link_html(bad)
        assert "<a" not in out and "<script" not in out and "<b>" not in out, bad
    assert link_html(None) == link_html(float("nan")) == link_html("  ") == ""


@pytest.mark.slow
@needs_chromium
def test_browser_runs_no_injected_script_in_the_explorer(explorer_html, tmp_path):
    page = tmp_path / "explorer.html"
    page.write_text(explorer_html, encoding="utf-8")
    dom = _chromium_dom(tmp_path, page)
    _assert_nothing_ran(dom, "explorer", "explorer")
    assert "&lt;script&gt;document.body.setAttribute('data-xss','1')" in dom
    assert "&lt;/textarea&gt;" in dom and "{{ 7*7 }}" in dom
    assert "<mark>" in dom  # the figure highlight is real markup


def test_explorer_shows_an_http_url_as_a_link(tmp_path):
    import pandas as pd

    docs = pd.DataFrame({"doc_id": ["a"], "title": ["t"], "source": ["S"],
                         "url": ["https://example.org/story"],
                         "text": ["Russia launched 40 drones at Kyiv, officials said."]})
    row = ak.extract_figures(docs).iloc[0]
    from analystkit.explore import evidence_html

    out = evidence_html(row, docs)
    assert ('<a href="https://example.org/story" target="_blank" '
            'rel="noopener noreferrer nofollow">') in out


# ---------------------------------------------------------------- other HTML tables


def test_brief_tables_and_briefs_escape_everything(hostile_dir):
    from analystkit import brief
    from analystkit.compare import source_values

    corpus = brief.load([str(hostile_dir)])
    docs = corpus.documents
    figures = ak.extract_figures(docs)
    values = source_values(figures, docs)
    comparisons = ak.compare_figures(figures, docs)
    tags = ak.tag_narratives(docs)
    outputs = [
        brief.corpus_summary(corpus), brief.attack_brief(comparisons),
        brief.casualty_brief(comparisons, values), brief.aid_brief(values, docs),
        brief.narrative_brief(ak.narrative_coverage(tags, docs)),
        brief.attack_table(comparisons), brief.casualty_table(values),
        brief.aid_table(values), brief.sources_table(docs),
        brief.narrative_evidence(tags, docs), brief.quoted_speakers(docs),
    ]
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    seen_payload = False
    for out in outputs:
        rendered = (out._repr_html_() if hasattr(out, "_repr_html_")
                    else markdown2html_mistune(str(out)))
        assert _active_markup(rendered) == [], rendered[:300]
        assert not [a for t, a in _tags(rendered) if t in ("a", "img")], rendered[:300]
        seen_payload |= "&lt;script&gt;" in rendered or "&lt;img" in rendered
    assert seen_payload


def test_charts_draw_article_text_as_written():
    import pandas as pd
    from matplotlib import cbook

    docs = pd.DataFrame({
        "doc_id": ["a", "b"], "source": ["Kyiv $\\frac{1}$ Post", "A $x$ Outlet"],
        "text": ["Russia launched 40 drones at Kyiv, the air force said. Three people were "
                 "killed, the $mayor$ said.",
                 "Russia launched 40 drones at Kyiv, the air force said. Four people were "
                 "killed, officials said."]})
    figures = ak.extract_figures(docs)
    comparisons = ak.compare_figures(figures, docs)
    charts = [ak.plot.attack_scale(figures, comparisons, documents=docs),
              ak.plot.casualty_reporting(figures, comparisons, documents=docs),
              ak.plot.casualty_reporting(figures, documents=docs),
              ak.plot.narrative_heatmap(ak.narrative_coverage(ak.tag_narratives(docs), docs))]
    for fig in charts:
        fig.savefig(io.BytesIO(), format="png")  # malformed mathtext used to raise here
        labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
        assert "Kyiv \\$\\frac{1}\\$ Post" in labels
        texts = fig.findobj(lambda a: hasattr(a, "get_parse_math"))
        assert not [t.get_text() for t in texts if cbook.is_math_text(t.get_text())]


# ---------------------------------------------------------------- safe loaders only


# Unsafe deserialisers and code execution, by the tokens that call them.
_UNSAFE = {
    "eval(": "eval() runs arbitrary code",
    "exec(": "exec() runs arbitrary code",
    "pickle": "pickle runs code while loading",
    "cPickle": "pickle runs code while loading",
    "cloudpickle": "pickle runs code while loading",
    "dill": "pickle runs code while loading",
    "read_pickle": "pandas.read_pickle unpickles",
    "to_pickle": "a pickle file invites read_pickle",
    "marshal": "marshal loads code objects",
    "shelve": "shelve is pickle underneath",
    "yaml.load(": "yaml.load without SafeLoader builds arbitrary objects",
    "yaml.unsafe_load(": "builds arbitrary objects",
    "allow_pickle=True": "numpy with allow_pickle unpickles",
    "os.system(": "runs a shell",
    "os.popen(": "runs a shell",
    "shell=True": "runs a shell",
    "__import__(": "imports a module by a computed name",
}
# Documented exceptions: (path relative to the repository, token) -> why it is safe.
# (None today: keep it that way, or say here why a use cannot be reached by input.)
_ALLOWED: dict[tuple[str, str], str] = {}


def _code_tokens(source: str) -> str:
    """``source`` without comments and string literals (docstrings say "pickle" too),
    tokens joined so that ``eval (`` still reads ``eval(``."""
    out = []
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type in (tokenize.COMMENT, tokenize.STRING, tokenize.NL, tokenize.NEWLINE,
                        tokenize.INDENT, tokenize.DEDENT, tokenize.ENCODING):
            continue
        if sys.version_info >= (3, 12) and tok.type in (
                tokenize.FSTRING_START, tokenize.FSTRING_MIDDLE, tokenize.FSTRING_END):
            continue
        out.append(tok.string)
    return " ".join(out).replace(" (", "(").replace(" . ", ".").replace(" = ", "=")


def _python_sources() -> dict[str, str]:
    """The package's Python files and the code cells of the notebooks it runs."""
    sources = {str(p.relative_to(ROOT)): p.read_text(encoding="utf-8")
               for p in sorted(PACKAGE.rglob("*.py"))}
    for nb in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        sources[str(nb.relative_to(ROOT))] = code
    return sources


def _unsafe_tokens(source: str) -> list[str]:
    """The tokens of ``_UNSAFE`` that ``source`` uses as code (whole names only)."""
    code = _code_tokens(source)
    found = []
    for token in _UNSAFE:
        before = r"(?<![\w.])" if token in ("eval(", "exec(") else r"(?<!\w)"  # not df.eval(
        pattern = before + re.escape(token) + (r"(?!\w)" if token[-1].isalnum() else "")
        if re.search(pattern, code):
            found.append(token)
    return found


@pytest.mark.parametrize(("source", "expected"), [
    ("x = eval (y)\n", ["eval("]),
    ("import pickle as p\n", ["pickle"]),
    ("import yaml\nyaml . load(f)\n", ["yaml.load("]),
    ("subprocess.run(cmd, shell = True)\n", ["shell=True"]),
    ("frame = pd.read_pickle(path)\n", ["read_pickle"]),
    ("a = np.load(f, allow_pickle = True)\n", ["allow_pickle=True"]),
    ("a = np.load(f, allow_pickle=False)\n", []),  # the safe spelling
    ('"""never pickle"""\n# nor eval(x)\nx = "pickle"\n', []),   # prose, not code
    ("x = retrieval(1) + df.eval('a') + pickled + dilly\n", []),  # other names
])
def test_unsafe_tokens_see_code_but_not_prose(source, expected):
    assert _unsafe_tokens(source) == expected


def test_package_source_uses_no_unsafe_loader_or_code_execution():
    found = [f"{path}: {token} ({_UNSAFE[token]})"
             for path, source in _python_sources().items()
             for token in _unsafe_tokens(source) if (path, token) not in _ALLOWED]
    assert found == [], "\n".join(found)


def test_data_files_parse_with_the_standard_library():
    import csv
    import tomllib

    data = PACKAGE / "data"
    tomls, csvs = sorted(data.glob("*.toml")), sorted(data.glob("*.csv"))
    assert tomls and csvs
    for path in tomls:
        with open(path, "rb") as f:
            assert isinstance(tomllib.load(f), dict), path
    for path in csvs:
        with open(path, newline="", encoding="utf-8") as f:
            assert len(list(csv.reader(f))) > 1, path
    # numpy archives (trained models) must hold plain arrays: loadable without pickle
    import numpy as np

    npzs = sorted(data.glob("*.npz"))
    for path in npzs:
        with np.load(path, allow_pickle=False) as arrays:
            kinds = {name: arrays[name].dtype.kind for name in arrays.files}
        assert "O" not in kinds.values(), (path, kinds)
    assert not [p.name for p in data.iterdir()
                if p.suffix not in (".toml", ".csv", ".npz") and not p.name.startswith(".")
                and p.name != "__pycache__"], "a data file of another kind needs a safe loader"
    # every TOML file is read with tomllib: no third-party TOML or YAML parser
    code = "\n".join(_code_tokens(s) for s in _python_sources().values())
    assert re.search(r"\bimport tomllib\b", code)
    other = re.findall(r"\b(?:import|from) (toml|tomli|tomlkit|yaml|ruamel|configobj)\b", code)
    assert other == []


def test_parquet_reader_is_not_the_vulnerable_pyarrow():
    """pyarrow < 14.0.1 runs code from a crafted Parquet file (CVE-2023-47248)."""
    pyarrow = pytest.importorskip("pyarrow")
    version = tuple(int(x) for x in re.findall(r"\d+", pyarrow.__version__)[:3])
    assert version >= (14, 0, 1), pyarrow.__version__


# ---------------------------------------------------------------- no network


# Installed as sitecustomize in every Python process of the run (this one, and the
# notebook kernels the report starts, which inherit PYTHONPATH): network sockets
# (AF_INET, AF_INET6), connections and name lookups raise and are logged. Unix sockets
# (the kernel's ipc transport, asyncio's self-pipe) stay allowed.
_GUARD = textwrap.dedent('''
    import json, os, socket, sys

    _LOG = os.environ["AK_NETWORK_LOG"]
    _NETWORK = (socket.AF_INET, socket.AF_INET6)


    def _record(call, detail):
        caller = sys._getframe(2).f_code
        with open(_LOG, "a", encoding="utf-8") as f:
            f.write(json.dumps({"pid": os.getpid(), "call": call,
                                "detail": repr(detail)[:300],
                                "where": f"{caller.co_filename}:{caller.co_name}"}) + "\\n")


    def _refuse(call):
        def refused(*args, **kwargs):
            _record(call, args)
            raise OSError(f"network blocked by analystkit's test: {call}{args!r}")
        return refused


    _init, _connect, _connect_ex = (socket.socket.__init__, socket.socket.connect,
                                    socket.socket.connect_ex)


    def _guarded_init(self, family=-1, type=-1, proto=-1, fileno=None):
        if fileno is None and (socket.AF_INET if family == -1 else family) in _NETWORK:
            _record("socket.socket", (family, type))
            raise OSError(f"network socket blocked by analystkit's test: {family}")
        _init(self, family, type, proto, fileno)


    def _guarded_connect(self, address):
        if self.family in _NETWORK:
            _record("socket.connect", address)
            raise OSError(f"network blocked by analystkit's test: {address!r}")
        return _connect(self, address)


    def _guarded_connect_ex(self, address):
        if self.family in _NETWORK:
            _record("socket.connect_ex", address)
            raise OSError(f"network blocked by analystkit's test: {address!r}")
        return _connect_ex(self, address)


    socket.socket.__init__ = _guarded_init
    socket.socket.connect = _guarded_connect
    socket.socket.connect_ex = _guarded_connect_ex
    for _name in ("create_connection", "create_server", "getaddrinfo", "gethostbyname",
                  "gethostbyname_ex", "gethostbyaddr", "getnameinfo"):
        setattr(socket, _name, _refuse("socket." + _name))
    _record("installed", os.getpid())
''')

_RUN = textwrap.dedent('''
    import io, json, sys
    import analystkit as ak
    from analystkit.compare import source_values

    corpus, out = sys.argv[1], sys.argv[2]
    docs = ak.load_corpus([str(ak.seeds_path()), corpus])
    figures = ak.extract_figures(docs)
    claims = ak.extract_claims(docs)
    tags = ak.tag_narratives(docs)
    framing = ak.framing_signals(docs)
    comparisons = ak.compare_figures(figures, docs,
                                     tallies=ak.data_path("tallies_seed_event.csv"))
    values = source_values(figures, docs)
    for fig in (ak.plot.attack_scale(values, comparisons),
                ak.plot.casualty_reporting(values, comparisons),
                ak.plot.narrative_heatmap(ak.narrative_coverage(tags, docs))):
        ak.plot.save(fig, io.BytesIO(), format="png")
    ak.explore(docs, figures, tags)
    index = ak.build_report(None, out, generated_at="fixed", progress=None)
    print(json.dumps({"documents": len(docs), "figures": len(figures), "claims": len(claims),
                      "tags": len(tags), "framing": len(framing),
                      "comparisons": len(comparisons), "index": str(index)}))
''')


# Network sockets created, never connected, at import time by a dependency; allowed.
# urllib3 (imported by trafilatura, for HTML files) binds a socket to ::1 to learn
# whether the machine has IPv6; it sends nothing, and takes the error as "no IPv6".
_PROBES = (os.path.join("urllib3", "util", "connection.py") + ":_has_ipv6",)


def _guarded_env(tmp_path: Path) -> tuple[dict[str, str], Path]:
    guard = tmp_path / "guard"
    guard.mkdir(exist_ok=True)
    (guard / "sitecustomize.py").write_text(_GUARD, encoding="utf-8")
    log = tmp_path / "network.log"
    log.write_text("", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("http_proxy", "https_proxy")}
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(guard), str(ROOT), env.get("PYTHONPATH", "")) if p)
    env["AK_NETWORK_LOG"] = str(log)
    return env, log


def _log(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_network_guard_catches_a_connection(tmp_path):
    """The guard below is able to see (and stop) a connection attempt."""
    env, log = _guarded_env(tmp_path)
    code = ("import socket, urllib.request\n"
            "for attempt in (lambda: socket.create_connection(('192.0.2.1', 80), timeout=1),\n"
            "                lambda: urllib.request.urlopen('http://example.org', timeout=1),\n"
            "                lambda: socket.getaddrinfo('example.org', 443),\n"
            "                lambda: socket.socket().connect(('192.0.2.1', 80))):\n"
            "    try:\n"
            "        attempt()\n"
            "    except OSError:\n"
            "        print('blocked')\n")
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                         text=True, timeout=60)
    assert run.stdout.split() == ["blocked"] * 4, run.stderr[-2000:]
    calls = [e["call"] for e in _log(log)]
    assert calls[0] == "installed"
    assert {"socket.create_connection", "socket.getaddrinfo", "socket.socket"} <= set(calls)


@pytest.mark.slow
def test_a_whole_run_opens_no_network_socket(tmp_path):
    env, log = _guarded_env(tmp_path)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "page.html").write_text(
        "<html><head><title>Kyiv attack</title><link rel='stylesheet' "
        "href='https://cdn.example/x.css'></head><body><article><p>Russia launched 60 "
        "drones at Kyiv overnight, Ukraine's air force said.</p><img "
        "src='https://cdn.example/a.png'></article></body></html>", encoding="utf-8")
    run = subprocess.run([sys.executable, "-c", _RUN, str(corpus), str(tmp_path / "report")],
                         env=env, capture_output=True, text=True, timeout=600, cwd=tmp_path)
    events = _log(log)
    attempts = [e for e in events if e["call"] != "installed"]
    print("network attempts:", json.dumps(attempts, indent=1))
    assert run.returncode == 0, run.stderr[-3000:]
    summary = json.loads(run.stdout.strip().splitlines()[-1])
    assert summary["documents"] == 6 and summary["figures"] > 0 and summary["tags"] > 0
    assert Path(summary["index"]).is_file()
    unexpected = [e for e in attempts
                  if not (e["call"] == "socket.socket" and e["where"].endswith(_PROBES))]
    assert unexpected == [], unexpected
    # the guard was active in this process and in the kernel the notebooks share
    pids = {e["pid"] for e in events if e["call"] == "installed"}
    assert len(pids) >= 2, events


# ------------------------------------------- no network, seen by the operating system


# The kernel's socket tables: every AF_INET / AF_INET6 socket of the network namespace,
# with its inode. A process's sockets are its /proc/<pid>/fd links to socket:[inode].
_NET_TABLES = ("tcp", "tcp6", "udp", "udp6", "raw", "raw6")
_TCP_STATES = {"01": "ESTABLISHED", "02": "SYN_SENT", "06": "TIME_WAIT", "07": "CLOSE",
               "08": "CLOSE_WAIT", "0A": "LISTEN"}


def _address(hex_address: str) -> tuple[str, int]:
    """``0100007F:1F90`` (as /proc/net/tcp writes it) -> ``("127.0.0.1", 8080)``."""
    import ipaddress

    host, port = hex_address.split(":")
    raw = bytes.fromhex(host)
    # the address is written as 32-bit words in host (little-endian) order
    words = b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))
    return str(ipaddress.ip_address(words)), int(port, 16)


def _inet_sockets(pid: int) -> dict[int, dict[str, object]]:
    """Every internet socket of the namespace of ``pid``, by inode."""
    found: dict[int, dict[str, object]] = {}
    for table in _NET_TABLES:
        try:
            lines = Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            local, remote = _address(fields[1]), _address(fields[2])
            found[int(fields[9])] = {
                "table": table, "local": local, "remote": remote,
                "state": _TCP_STATES.get(fields[3], fields[3]) if table.startswith("tcp") else "",
            }
    return found


def _process_tree(root: int) -> set[int]:
    """``root`` and every process descended from it (from /proc/<pid>/stat)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    tree, todo = set(), [root]
    while todo:
        pid = todo.pop()
        tree.add(pid)
        todo.extend(children.get(pid, []))
    return tree


def _socket_inodes(pid: int) -> set[int]:
    inodes = set()
    try:
        names = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return inodes
    for name in names:
        try:
            target = os.readlink(f"/proc/{pid}/fd/{name}")
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(int(target[8:-1]))
    return inodes


def _watch_sockets(argv: list[str], *, env: dict[str, str], cwd: Path, timeout: float
                   ) -> tuple[subprocess.CompletedProcess[str], list[dict[str, object]], int]:
    """Run ``argv`` and, every few milliseconds while it runs, list the internet sockets
    (TCP, UDP, raw; IPv4 and IPv6) held by it and its descendants, from /proc. Returns
    the finished process, every such socket seen (pid, command, table, addresses, state)
    and how many times the tree was sampled."""
    seen: dict[tuple[int, int], dict[str, object]] = {}
    commands: dict[int, str] = {}
    samples = 0
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(argv, env=env, cwd=cwd, stdout=out, stderr=err, text=True)
        deadline = time.monotonic() + timeout
        while proc.poll() is None:
            if time.monotonic() > deadline:
                proc.kill()
                proc.wait()
                raise AssertionError(f"{argv[:4]} did not finish in {timeout} s")
            owned = {}
            for pid in _process_tree(proc.pid):
                owned.update(dict.fromkeys(_socket_inodes(pid), pid))
            if owned:
                inet = _inet_sockets(proc.pid)
                for inode in owned.keys() & inet.keys():
                    pid = owned[inode]
                    seen[(pid, inode)] = {"pid": pid, **inet[inode]}
                    # the command as the socket is held (a fork shows its parent's until exec)
                    commands[pid] = _command(pid) or commands.get(pid, "")
            samples += 1
            time.sleep(0.005)
        out.seek(0)
        err.seek(0)
        done = subprocess.CompletedProcess(argv, proc.returncode, out.read(), err.read())
    return done, [{**s, "cmd": commands.get(s["pid"], "")} for s in seen.values()], samples


def _command(pid: int) -> str:
    try:
        cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
    except OSError:
        return ""
    return cmd.decode(errors="replace").strip()[:300]


def _plain_env() -> dict[str, str]:
    """The environment of a run with no Python-level guard: nothing patched."""
    env = {k: v for k, v in os.environ.items() if k not in ("http_proxy", "https_proxy")}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    return env


needs_proc = pytest.mark.skipif(not Path("/proc/self/net/tcp").exists(),
                                reason="needs Linux /proc/<pid>/net/tcp to see sockets")


@needs_proc
def test_socket_watch_sees_a_listener_and_a_connection(tmp_path):
    """The /proc watch below sees the sockets a child opens (so its silence means none)."""
    code = ("import socket, time\n"
            "server = socket.create_server(('127.0.0.1', 0))\n"
            "client = socket.create_connection(server.getsockname())\n"
            "udp = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)\n"
            "udp.bind(('::1', 0))\n"
            "time.sleep(1.0)\n")
    run, sockets, samples = _watch_sockets([sys.executable, "-c", code], env=_plain_env(),
                                           cwd=tmp_path, timeout=60)
    assert run.returncode == 0, run.stderr
    assert samples > 10
    kinds = {(s["table"], s["state"]) for s in sockets}
    assert {("tcp", "LISTEN"), ("tcp", "ESTABLISHED"), ("udp6", "")} <= kinds, sockets
    assert all(s["local"][0] in ("127.0.0.1", "::1") for s in sockets)


@needs_proc
@pytest.mark.slow
@pytest.mark.parametrize("how", ["library", "cli report", "cli figures"])
def test_a_whole_run_opens_no_internet_socket_seen_by_the_os(tmp_path, how):
    """Extraction, charts, the explorer and the report (its notebook kernels included) in
    one process tree, watched through /proc: not one TCP, UDP or raw socket, IPv4 or
    IPv6, but one: each notebook kernel's IOPub pipe, a socket ipykernel listens on at a
    random port of 127.0.0.1 (loopback only) for the output of processes the kernel
    forks; nothing connects to it. Everything else goes over Unix domain sockets."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "page.html").write_text(
        "<html><head><title>Kyiv attack</title><link rel='stylesheet' "
        "href='https://cdn.example/x.css'></head><body><article><p>Russia launched 60 "
        "drones at Kyiv overnight, Ukraine's air force said.</p><img "
        "src='https://cdn.example/a.png'></article></body></html>", encoding="utf-8")
    if how == "library":
        argv = [sys.executable, "-c", _RUN, str(corpus), str(tmp_path / "report")]
    elif how == "cli report":
        argv = [sys.executable, "-m", "analystkit", "report", str(ak.seeds_path()), str(corpus),
                "-o", str(tmp_path / "report"), "--generated-at", "fixed"]
    else:
        argv = [sys.executable, "-m", "analystkit", "figures", str(ak.seeds_path()), str(corpus),
                "--format", "csv", "-o", str(tmp_path / "figures.csv")]
    run, sockets, samples = _watch_sockets(argv, env=_plain_env(), cwd=tmp_path, timeout=600)
    print(f"{samples} samples; internet sockets:", json.dumps(sockets, indent=1))
    assert run.returncode == 0, run.stderr[-3000:]
    if how == "cli figures":
        assert len((tmp_path / "figures.csv").read_text().splitlines()) > 30
        assert samples > 20
    else:
        assert (tmp_path / "report" / "index.html").is_file()
        assert samples > 50
    kernel_pipes = [s for s in sockets if _is_kernel_iopub_pipe(s)]
    assert [s for s in sockets if s not in kernel_pipes] == []
    assert len({s["pid"] for s in kernel_pipes}) == len(kernel_pipes) <= 1  # one kernel


def _is_kernel_iopub_pipe(sock: dict[str, object]) -> bool:
    """A notebook kernel's loopback listener (ipykernel's IOPub pipe, see the test)."""
    return (sock["table"] == "tcp" and sock["state"] == "LISTEN"
            and sock["local"][0] == "127.0.0.1" and sock["remote"] == ("0.0.0.0", 0)
            and "ipykernel_launcher" in str(sock["cmd"]))

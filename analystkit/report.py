"""The HTML report: the curated notebooks run on a corpus, exported for readers without Jupyter.

:func:`build_report` executes ``01_attack_scale``, ``02_casualty_reporting``,
``03_aid_narratives`` and ``04_campaign`` (the package's notebooks) on the given articles
with nbclient, the corpus path injected into each notebook's cell tagged ``parameters``,
then exports each to a self-contained HTML page: no code cells, charts embedded as PNG ``data:``
URIs, tables as HTML, no script or stylesheet fetched from the network (nbconvert's
require.js, MathJax, Mermaid and widget loaders are left out of the template) and no
widget placeholders. ``index.html`` links the pages and summarises the corpus.

Two runs on the same corpus write identical files apart from the one "Generated …"
timestamp, which ``generated_at`` or the ``SOURCE_DATE_EPOCH`` environment variable
fixes.

The notebooks are read from the package (``analystkit/_notebooks`` in a wheel) or from
the repository's ``notebooks/`` folder in a source checkout.
"""

from __future__ import annotations

import base64
import contextlib
import html
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import nbformat

__all__ = ["PAGES", "Page", "build_report", "inject_parameters", "notebooks_dir",
           "offline_html_exporter"]

_PACKAGE_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Page:
    """One report page: the notebook it comes from and how the index presents it."""

    notebook: str
    title: str
    description: str


PAGES: tuple[Page, ...] = (
    Page("01_attack_scale", "Attack scale",
         "What each source says was launched and intercepted, by weapon class, hedges "
         "shown, against the official Air Force tally."),
    Page("02_casualty_reporting", "Casualty reporting",
         "Who says how many were killed and injured, on whose word, and where the "
         "sources disagree."),
    Page("03_aid_narratives", "Aid and narratives",
         "The aid figures each source reports and the narratives it carries, with the "
         "evidence sentences."),
    Page("04_campaign", "Campaign",
         "Every press figure on its attack night against the official record over the "
         "whole period, and each outlet's track record."),
)

_TALLY_PAGES = ("01_attack_scale", "04_campaign")  # pages that read TALLIES
_TAXONOMY_PAGES = ("03_aid_narratives",)  # pages that read TAXONOMY

# the kernel's own start-up chatter, not worth a reader's attention
_KERNEL_NOISE = re.compile(r"Kernel is running over TCP without encryption|^\s*$")
_WIDGET_MIME = ("application/vnd.jupyter.widget-view+json",
                "application/vnd.jupyter.widget-state+json")

# The lab template without anything fetched from the network: no require.js, MathJax,
# Mermaid or widget-manager scripts. A navigation bar and a footer are added.
_TEMPLATE = r"""{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block extra_css -%}
<style type="text/css">{{ resources.ak_css }}</style>
{%- endblock extra_css -%}
{%- block body_header -%}
{{ super() }}
{{ resources.ak_nav }}
{%- endblock body_header -%}
{%- block data_png scoped -%}
<div class="jp-RenderedImage jp-OutputArea-output {{ extra_class }}">
<img class="ak-chart" src="data:image/png;base64,{{ output.data['image/png'] | escape_html }}"
 alt="{{ ((output | get_metadata('alt', 'image/png')) or 'chart') | escape_html }}">
</div>
{%- endblock data_png -%}
{%- block body_footer -%}
{{ resources.ak_footer }}
{{ super() }}
{%- endblock body_footer -%}
"""

_CSS = """
body.jp-Notebook { background: #fff; }
main { max-width: 1100px; margin: 0 auto; padding: 0 24px 24px; }
.ak-nav { position: sticky; top: 0; z-index: 10; background: #fff; border-bottom: 1px solid #ddd;
  padding: 10px 0; margin-bottom: 8px; font: 14px/1.4 system-ui, -apple-system, "Segoe UI",
  Roboto, "DejaVu Sans", sans-serif; }
.ak-nav a { margin-right: 18px; color: #0072B2; text-decoration: none; }
.ak-nav a.ak-here { color: #000; font-weight: 600; }
.ak-footer { color: #666; font: 12px/1.4 system-ui, sans-serif; border-top: 1px solid #ddd;
  margin-top: 32px; padding-top: 8px; }
.jp-RenderedImage img, .jp-OutputArea-output img { max-width: 100%; height: auto; }
.jp-RenderedHTMLCommon table.ak-table { font-size: 12px; }
.jp-RenderedHTMLCommon table.ak-table td { vertical-align: top; text-align: left; }
.jp-RenderedHTMLCommon table.ak-table th { text-align: left; }
.jp-RenderedMarkdown p, .jp-RenderedMarkdown li { max-width: 56em; }
"""

_INDEX_CSS = """
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
  color: #222; margin: 0; background: #fff; }
main { max-width: 1100px; margin: 0 auto; padding: 24px; }
h1 { font-size: 26px; margin: 0 0 4px; }
.ak-sub { color: #555; margin: 0 0 18px; }
.ak-facts { display: flex; flex-wrap: wrap; gap: 12px; padding: 0; list-style: none; }
.ak-facts li { border: 1px solid #ddd; border-radius: 6px; padding: 8px 14px; min-width: 120px; }
.ak-facts b { display: block; font-size: 22px; }
.ak-pages { display: grid; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr));
  gap: 18px; margin: 18px 0 28px; }
.ak-card { border: 1px solid #ddd; border-radius: 8px; padding: 14px; }
.ak-card a { color: #0072B2; text-decoration: none; }
.ak-card h2 { font-size: 18px; margin: 0 0 6px; }
.ak-card img { width: 100%; height: auto; border: 1px solid #eee; margin-top: 8px; }
table { border-collapse: collapse; font-size: 13px; }
th, td { border-bottom: 1px solid #e3e3e3; padding: 4px 8px; text-align: left;
  vertical-align: top; }
.ak-footer { color: #666; font-size: 12px; border-top: 1px solid #ddd; margin-top: 32px;
  padding-top: 8px; }
.ak-nav { border-bottom: 1px solid #ddd; padding: 10px 24px; }
.ak-nav a { margin-right: 18px; color: #0072B2; text-decoration: none; }
.ak-nav a.ak-here { color: #000; font-weight: 600; }
"""


def _stderr(message: str) -> None:
    """Print a progress line; a closed or missing stderr loses the line, not the report."""
    if sys.stderr is None:
        return
    with contextlib.suppress(OSError, ValueError):  # closed (2>&-), full disk, broken pipe
        print(message, file=sys.stderr, flush=True)


# The file that marks a folder as a report's output: the loader never reads such a folder
# as articles, and build_report holds a lock on it while it writes.
REPORT_MARK = ".analystkit-report"  # the same as analystkit.loading._REPORT_MARK


class ReportLocked(RuntimeError):
    """Another report is being written into the same folder."""


def _lock(out: Path) -> Any:
    """Create ``out`` and its mark file and lock it, or raise :class:`ReportLocked`."""
    if out.exists() and not out.is_dir():
        raise NotADirectoryError(f"{out}: the output must be a folder, and this is a file")
    out.mkdir(parents=True, exist_ok=True)
    handle = open(out / REPORT_MARK, "a+", encoding="utf-8")  # noqa: SIM115 - held open
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no lock
        return handle
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        raise ReportLocked(
            f"{out}: another analystkit report is being written into this folder"
        ) from None
    return handle


def _publish(staging: Path, out: Path) -> None:
    """Move every page from ``staging`` into ``out`` (each ``os.replace`` is atomic;
    index.html goes last, so a reader never sees an index of pages not there yet)."""
    names = sorted(p.name for p in staging.iterdir())
    names.sort(key=lambda n: n == "index.html")
    for n in names:
        os.replace(staging / n, out / n)


# ---------------------------------------------------------------- notebooks


def notebooks_dir() -> Path:
    """The folder holding the package's notebooks.

    ``analystkit/_notebooks`` in an installed wheel; the repository's ``notebooks/``
    in a source checkout.

    Examples
    --------
    >>> (notebooks_dir() / "01_attack_scale.ipynb").is_file()
    True
    """
    for candidate in (_PACKAGE_DIR / "_notebooks", _PACKAGE_DIR.parent / "notebooks"):
        if (candidate / f"{PAGES[0].notebook}.ipynb").is_file():
            return candidate
    raise FileNotFoundError(
        "analystkit's notebooks are missing: neither "
        f"{_PACKAGE_DIR / '_notebooks'} nor {_PACKAGE_DIR.parent / 'notebooks'} holds "
        f"{PAGES[0].notebook}.ipynb; reinstall the package")


def inject_parameters(nb: nbformat.NotebookNode, parameters: dict[str, Any],
                      ) -> nbformat.NotebookNode:
    """A copy of ``nb`` whose ``parameters`` cell ends with the given assignments.

    The cell tagged ``parameters`` keeps its defaults and gets ``NAME = repr(value)``
    lines appended (so a parameter the caller does not set keeps its default). A
    notebook without such a cell gets a new first code cell tagged ``parameters``.

    Parameters
    ----------
    nb : NotebookNode
        Not modified.
    parameters : dict
        Names to values with a faithful ``repr`` (str, numbers, None, lists of them).

    Returns
    -------
    NotebookNode

    Examples
    --------
    >>> import nbformat
    >>> from nbformat.v4 import new_code_cell, new_notebook
    >>> cell = new_code_cell("CORPUS = None")
    >>> cell.metadata["tags"] = ["parameters"]
    >>> out = inject_parameters(new_notebook(cells=[cell]), {"CORPUS": ["/data/a.csv"]})
    >>> print(out.cells[0].source)
    CORPUS = None
    # injected by analystkit report
    CORPUS = ['/data/a.csv']
    >>> cell.source
    'CORPUS = None'
    """
    import copy

    import nbformat

    out = copy.deepcopy(nb)
    lines = ["# injected by analystkit report"]
    lines += [f"{name} = {value!r}" for name, value in parameters.items()]
    for cell in out.cells:
        if cell.cell_type == "code" and "parameters" in cell.metadata.get("tags", []):
            cell.source = cell.source.rstrip("\n") + "\n" + "\n".join(lines)
            return out
    new = nbformat.v4.new_code_cell("\n".join(lines))
    new.metadata["tags"] = ["parameters"]
    first_code = next((i for i, c in enumerate(out.cells) if c.cell_type == "code"),
                      len(out.cells))
    out.cells.insert(first_code, new)
    return out


def _clean(nb: nbformat.NotebookNode) -> list[str]:
    """Drop what must not reach readers: stderr streams, widget views, the parameters
    cell. Returns the stderr text that was dropped (for the console)."""
    dropped = []
    nb.metadata.pop("widgets", None)
    kept_cells = []
    heading = ""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            found = re.findall(r"^#+\s+(.+)$", cell.source, flags=re.M)
            heading = found[-1].strip() if found else heading
        tags = cell.metadata.get("tags", [])
        if cell.cell_type == "code" and ("parameters" in tags or _RESET_TAG in tags):
            continue
        if cell.cell_type == "code":
            outputs = []
            for out in cell.get("outputs", []):
                if out.get("output_type") == "stream" and out.get("name") == "stderr":
                    dropped.append(out.get("text", ""))
                    continue
                data = out.get("data", {})
                if any(m in data for m in _WIDGET_MIME):
                    continue
                if "image/png" in data:
                    meta = out.setdefault("metadata", {}).setdefault("image/png", {})
                    meta.setdefault("alt", f"Chart: {heading}" if heading else "Chart")
                outputs.append(out)
            cell.outputs = outputs
        kept_cells.append(cell)
    nb.cells = kept_cells
    return dropped


def offline_html_exporter() -> Any:
    """An nbconvert ``HTMLExporter`` for the report: lab look, no inputs or prompts,
    and a template that loads nothing from the network.

    Examples
    --------
    >>> exporter = offline_html_exporter()
    >>> exporter.exclude_input, exporter.exclude_output_prompt
    (True, True)
    """
    import jinja2
    from nbconvert import HTMLExporter

    return HTMLExporter(
        template_name="lab",
        template_file="analystkit_report.html.j2",
        extra_loaders=[jinja2.DictLoader({"analystkit_report.html.j2": _TEMPLATE})],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
        theme="light",
    )


_REMOTE = re.compile(
    r"<(?:script|link|img|iframe|source|video|audio)\b[^>]*\b(?:src|href)\s*=\s*[\"']?"
    r"(?:https?:)?//", re.I)


def remote_references(page: str) -> list[str]:
    """Tags of ``page`` that would load something from the network (should be none).

    Examples
    --------
    >>> remote_references('<img src="data:image/png;base64,AAA"><a href="https://x.org">x</a>')
    []
    >>> remote_references('<script src="https://cdn.example/require.js"></script>')
    ['<script src="https://']
    """
    return [m.group(0) for m in _REMOTE.finditer(page)]


# ---------------------------------------------------------------- report


def _timestamp(generated_at: datetime | str | None) -> str:
    if isinstance(generated_at, str):
        return generated_at
    if generated_at is None:
        epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
        generated_at = (datetime.fromtimestamp(int(epoch), UTC) if epoch.isdigit()
                        else datetime.now(UTC))
    if generated_at.tzinfo is None:
        generated_at = generated_at.replace(tzinfo=UTC)
    return generated_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _nav(current: str | None) -> str:
    here = ' class="ak-here"' if current is None else ""
    links = [f'<a href="index.html"{here}>Overview</a>']
    for page in PAGES:
        here = ' class="ak-here"' if page.notebook == current else ""
        links.append(f'<a href="{page.notebook}.html"{here}>{html.escape(page.title)}</a>')
    return '<nav class="ak-nav">' + "".join(links) + "</nav>"


def _footer(stamp: str, corpus_name: str) -> str:
    from analystkit import __version__

    return (f'<footer class="ak-footer">Generated {html.escape(stamp)} by analystkit '
            f"{html.escape(__version__)} from {html.escape(corpus_name)}. Every number is "
            "computed from the articles; nothing on this page is loaded from the "
            "network.</footer>")


def _corpus_name(paths: Sequence[str] | None) -> str:
    if not paths:
        return "the bundled seed articles"
    names = [os.path.basename(os.path.normpath(p)) or p for p in paths]
    return ", ".join(names[:4]) + (f" and {len(names) - 4} more" if len(names) > 4 else "")


def _first_png(nb: nbformat.NotebookNode) -> str | None:
    """The page's thumbnail: the first chart's small PNG (``analystkit.charts``), else
    the first PNG."""
    found = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            png = out.get("data", {}).get("image/png")
            if png:
                small = bool(out.get("metadata", {}).get("image/png", {}).get("ak-thumbnail"))
                found.append((not small, png if isinstance(png, str)
                              else base64.b64encode(png).decode()))
    return min(found, key=lambda f: f[0])[1] if found else None


def build_report(
    paths: str | Path | Sequence[str | Path] | None = None,
    out_dir: str | Path = "report",
    *,
    tallies: str | Path | None = None,
    taxonomy: str | Path | None = None,
    outlet: str | None = None,
    corrections: str | Path | None = None,
    generated_at: datetime | str | None = None,
    progress: Callable[[str], None] | None = _stderr,
    timeout: int = 600,
    kernel_name: str = "python3",
) -> Path:
    """Run the report notebooks on a corpus and write the HTML pages and an index.

    Parameters
    ----------
    paths : path or list of paths, optional
        Files, folders or globs of articles (see :func:`analystkit.load_corpus`);
        default the bundled seed articles.
    out_dir : path
        Folder to write (created if needed): ``index.html``, ``01_attack_scale.html``,
        ``02_casualty_reporting.html``, ``03_aid_narratives.html``, ``04_campaign.html``.
    tallies : path, optional
        An official tally file for the attack-scale and campaign pages (default: the
        bundled tally of the seed night); the whole Air Force dataset
        (``missile_attacks_daily.csv``) gives the campaign its full record.
    taxonomy : path or str, optional
        The narrative taxonomy of the aid-and-narratives page (a TOML file, or
        ``"semeval-urw"``); default the bundled one.
    outlet : str, optional
        The outlet of the articles that name none (``load_corpus(..., outlet=...)``).
    corrections : path, optional
        An analyst's corrections CSV (:mod:`analystkit.corrections`), re-applied to the
        figures of every page; a correction whose text changed is reported, not applied.
    generated_at : datetime or str, optional
        The one timestamp written on the pages; default ``SOURCE_DATE_EPOCH`` if set,
        else now. Fix it for byte-identical reruns.
    progress : callable, optional
        Called with one line per step (default: print to stderr); None for silence.
    timeout : int
        Seconds allowed per notebook cell.
    kernel_name : str
        The Jupyter kernel to run the notebooks with.

    Returns
    -------
    pathlib.Path
        The path of ``index.html``.

    Raises
    ------
    nbclient.exceptions.CellExecutionError
        When a notebook fails; the message names the cell and the error.
    ReportLocked
        When another report is being written into ``out_dir``.
    NotADirectoryError
        When ``out_dir`` is a file.

    Notes
    -----
    The corpus is loaded and its figures and narrative tags extracted once, in this
    process (:mod:`analystkit.reportdata`), while one kernel starts; the tables are
    written as Parquet into a private temporary folder that each notebook reads (its
    ``TABLES`` parameter). The notebooks run one after the other in that kernel, its
    namespace reset before each (``%reset -f``), so the libraries are imported once.

    The kernel runs in a private, empty working folder (never ``out_dir`` nor an input
    folder, so a ``pandas.py`` there is never imported), with ``PYTHONSAFEPATH`` set.
    The pages are written to a temporary folder beside ``out_dir`` and moved into it
    only when every page is made: an interrupted or failed run leaves the previous
    report as it was. ``out_dir`` holds a ``.analystkit-report`` file, locked while a
    run writes (a second run into the same folder is refused), which also tells the
    loader never to read the folder as articles.

    Examples
    --------
    >>> import analystkit as ak
    >>> index = ak.build_report(out_dir="report")   # doctest: +SKIP
    >>> sorted(p.name for p in index.parent.glob("*.html"))   # doctest: +SKIP
    ['01_attack_scale.html', '02_casualty_reporting.html', '03_aid_narratives.html',
     '04_campaign.html', 'index.html']
    """
    say = progress or (lambda _message: None)
    if isinstance(paths, (str, Path)):
        paths = [paths]
    path_list = [os.path.abspath(os.fspath(p)) for p in paths] if paths else None
    out = Path(out_dir)
    lock = _lock(out)
    try:
        return _build(path_list, out, tallies=tallies, taxonomy=taxonomy, outlet=outlet,
                      corrections=corrections, generated_at=generated_at, say=say, timeout=timeout,
                      kernel_name=kernel_name)
    finally:
        lock.close()


# the first cell of every notebook in the shared kernel: the previous page's names go
_RESET_TAG = "ak-reset"
_RESET = ("get_ipython().run_line_magic('reset', '-f')\n"
          "import matplotlib.pyplot as _plt\n_plt.close('all')\ndel _plt\n"
          "import analystkit.charts as _charts\n_charts.new_page()\ndel _charts")


_WARM_UP = ("import analystkit.brief, analystkit.campaign, analystkit.charts, "
            "analystkit.compare, analystkit.plot, analystkit.reportdata, analystkit.tables\n"
            "import matplotlib.pyplot, pandas, pyarrow.parquet")


def _in_background(work: Callable[[], Any]) -> Callable[[], Any]:
    """Start ``work`` in a daemon thread; the returned function waits for its result
    (or raises its exception). A daemon thread never holds up an interrupted run."""
    import threading

    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["result"] = work()
        except BaseException as exc:  # handed to the caller
            box["error"] = exc

    thread = threading.Thread(target=target, name="analystkit-report-tables", daemon=True)
    thread.start()

    def result() -> Any:
        thread.join()
        if "error" in box:
            raise box["error"]
        return box["result"]

    return result


class _Kernel:
    """One kernel for all the pages: started early, shared, shut down at the end.

    The process is spawned with jupyter_client alone, before nbformat and nbclient are
    imported (about a second): the kernel boots meanwhile.
    """

    def __init__(self, kernel_name: str, timeout: int, config: Any, workdir: Path,
                 env: dict[str, str], log: Any) -> None:
        self._options = {"kernel_name": kernel_name, "timeout": timeout, "config": config,
                         "resources": {"metadata": {"path": str(workdir)}}}
        self._workdir, self._env, self._log = workdir, env, log
        self._km: Any = None
        self._holder: Any = None

    def start(self) -> None:
        """Spawn the kernel process (it boots while the caller goes on)."""
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        self._km = AsyncKernelManager(kernel_name=self._options["kernel_name"],
                                      config=self._options["config"])
        run_sync(self._km.start_kernel)(
            extra_arguments=["--HistoryManager.hist_file=:memory:"], env=self._env,
            stderr=self._log, cwd=str(self._workdir))

    def warm_up(self) -> None:
        """Wait until the kernel answers, then have it import what the pages use (it
        does so while this process goes on: the first page's cells queue behind)."""
        self._connect()
        self._holder.kc.execute(_WARM_UP, silent=True, store_history=False)

    def _connect(self) -> None:
        import nbformat
        from nbclient import NotebookClient

        if self._holder is None:
            self._holder = NotebookClient(nbformat.v4.new_notebook(), km=self._km,
                                          **self._options)
            self._holder.shutdown_kernel = "immediate"  # at the end nothing is left to save
            self._holder.start_new_kernel_client()  # waits until the kernel answers

    def run(self, nb: nbformat.NotebookNode) -> None:
        """Execute ``nb`` in the shared kernel (raises CellExecutionError)."""
        from nbclient import NotebookClient

        self._connect()
        client = NotebookClient(nb, km=self._km, **self._options)
        client.kc = self._holder.kc
        client.execute()

    def close(self) -> None:
        """Shut the kernel down (at once) and release its sockets and files."""
        if self._holder is not None and self._holder.km is not None:
            self._holder._cleanup_kernel()  # nbclient's own shutdown and clean-up
        elif self._km is not None:  # never connected
            from jupyter_core.utils import run_sync

            run_sync(self._km.shutdown_kernel)(now=True)
            run_sync(self._km.cleanup_resources)()


def _build(path_list: list[str] | None, out: Path, *, tallies: str | Path | None,
           taxonomy: str | Path | None, outlet: str | None,
           corrections: str | Path | None, generated_at: datetime | str | None,
           say: Callable[[str], None], timeout: int, kernel_name: str) -> Path:
    from analystkit.reportdata import compute_tables, save_tables

    stamp = _timestamp(generated_at)
    name = _corpus_name(path_list)
    started = time.perf_counter()
    env = _kernel_env()
    source_dir = notebooks_dir()
    thumbs: dict[str, str | None] = {}
    with (tempfile.TemporaryDirectory(prefix="ak-kernel-") as sockets,
          tempfile.TemporaryDirectory(prefix=f".{out.name}.ak-partial-",
                                      dir=out.resolve().parent) as staged,
          tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as log):
        staging = Path(staged)
        # the kernel's working folder: private and empty, never the output or input
        # folder (Python puts the working folder first on the import path)
        workdir = Path(sockets) / "work"
        workdir.mkdir()
        kernel = _Kernel(kernel_name, timeout, _kernel_config(sockets), workdir, env, log)
        kernel.start()
        try:
            # the tables are computed (and nbconvert loaded) while the kernel boots
            pending = _in_background(lambda: (
                compute_tables(path_list, taxonomy=taxonomy, outlet=outlet,
                               corrections=corrections),
                offline_html_exporter()))
            kernel.warm_up()
            tables, exporter = pending()
            import nbformat  # loaded by now (nbclient); imported late for the kernel's sake
            say(f"analystkit report: {len(tables.documents)} document(s) from {name}; "
                f"{len(tables.skipped)} input(s) skipped; {len(tables.figures)} figure(s) "
                f"extracted in {time.perf_counter() - started:.1f} s")
            if tables.documents.empty:
                raise ValueError(f"no articles could be loaded from {name}; nothing to "
                                 "report")
            cache = save_tables(tables, Path(sockets) / "tables")
            parameters: dict[str, Any] = {"CORPUS": path_list, "TABLES": str(cache)}
            if outlet is not None:
                parameters["OUTLET"] = outlet
            for i, page in enumerate(PAGES, 1):
                t0 = time.perf_counter()
                say(f"analystkit report: [{i}/{len(PAGES)}] running {page.notebook}.ipynb …")
                nb = nbformat.read(source_dir / f"{page.notebook}.ipynb", as_version=4)
                params = dict(parameters)
                if page.notebook in _TALLY_PAGES and tallies is not None:
                    params["TALLIES"] = os.path.abspath(os.fspath(tallies))
                if page.notebook in _TAXONOMY_PAGES and taxonomy is not None:
                    params["TAXONOMY"] = (os.path.abspath(os.fspath(taxonomy))
                                          if os.path.exists(taxonomy) else str(taxonomy))
                nb = inject_parameters(nb, params)
                reset = nbformat.v4.new_code_cell(_RESET)
                reset.metadata["tags"] = [_RESET_TAG]
                nb.cells.insert(0, reset)
                try:
                    kernel.run(nb)
                finally:
                    _relay(log, page.notebook, say)
                for text in _clean(nb):
                    for line in text.strip().splitlines():
                        say(f"  {page.notebook}: {line}")
                resources = {"ak_css": _CSS, "ak_nav": _nav(page.notebook),
                             "ak_footer": _footer(stamp, name),
                             "metadata": {"name": page.title}}
                body, _ = exporter.from_notebook_node(nb, resources=resources)
                remote = remote_references(body)
                if remote:  # pragma: no cover - guarded by the template; never ship such a page
                    raise RuntimeError(f"{page.notebook}: the page would load {remote[:3]}")
                (staging / f"{page.notebook}.html").write_text(body, encoding="utf-8")
                thumbs[page.notebook] = _first_png(nb)
                say(f"analystkit report: [{i}/{len(PAGES)}] {page.notebook}.html written in "
                    f"{time.perf_counter() - t0:.1f} s")
        finally:
            kernel.close()
        index_html = _index_html(tables, name, stamp, thumbs)
        (staging / "index.html").write_text(index_html, encoding="utf-8")
        _publish(staging, out)  # only now, when every page is whole
    index = out / "index.html"
    say(f"analystkit report: wrote {index} in {time.perf_counter() - started:.1f} s")
    return index


def _relay(log: Any, notebook: str, say: Callable[[str], None]) -> None:
    """Pass on what the kernel wrote to stderr since the last call (noise left out)."""
    log.flush()
    log.seek(0)
    text = log.read()
    log.seek(0)
    log.truncate()
    for line in text.splitlines():
        if line.strip() and not _KERNEL_NOISE.search(line):
            say(f"  {notebook} kernel: {line}")


def _kernel_config(folder: str) -> Any:
    """Kernel settings: talk to the kernel over Unix domain sockets in ``folder``.

    With the ``ipc`` transport the report opens no TCP socket at all, not even on the
    loopback interface (jupyter's default ``tcp`` transport probes for free ports with
    ``AF_INET`` sockets). On Windows, or where the socket path would be too long for
    ``AF_UNIX``, jupyter's default (TCP on the loopback interface) is kept.

    Examples
    --------
    >>> cfg = _kernel_config("/tmp/ak-kernel-x")
    >>> cfg.KernelManager.transport if os.name != "nt" else "ipc"
    'ipc'
    """
    import socket

    from traitlets.config import Config

    ip = os.path.join(folder, "kernel")
    if os.name == "nt" or not hasattr(socket, "AF_UNIX") or len(ip) > 90:
        return Config()
    return Config({"KernelManager": {"transport": "ipc", "ip": ip}})


def _kernel_env() -> dict[str, str]:
    """The caller's environment, with this analystkit importable in the kernel."""
    env = dict(os.environ)
    root = str(_PACKAGE_DIR.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
    env.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    env["PYTHONSAFEPATH"] = "1"  # the working folder is not put on the import path
    return env


def _index_html(corpus: Any, name: str, stamp: str, thumbs: dict[str, str | None]) -> str:
    from analystkit.brief import corpus_facts, nowrap_dates, sources_table

    docs, skipped = corpus.documents, corpus.skipped
    f = corpus_facts(docs, skipped)
    e = html.escape
    if f["n_dated"] == 0:
        dates = "unknown"
    elif f["first"] == f["last"]:
        dates = f["first"]
    else:
        dates = f"{f['first']} – {f['last']}"
    facts = [
        (f"{f['n_documents']}", "articles"),
        (f"{len(f['outlets'])}", "named outlets"),
        (f"{f['n_without_outlet']}", "without an outlet"),
        (dates, f"published ({f['n_dated']} dated)"),
        (f"{f['n_skipped']}", "inputs skipped"),
    ]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>analystkit report</title>",
        f"<style>{_INDEX_CSS}</style></head><body>",
        _nav(None),
        "<main>",
        "<h1>War-reporting brief</h1>",
        f'<p class="ak-sub">What {e(name)} report about attacks, casualties, aid and '
        "narratives, source by source.</p>",
        '<ul class="ak-facts">',
        *[f"<li><b>{e(v)}</b>{e(k)}</li>" for v, k in facts],
        "</ul>",
    ]
    if f["outlets"]:
        parts.append("<p>Outlets: " + e(", ".join(f["outlets"][:30]))
                     + (" …" if len(f["outlets"]) > 30 else "") + "</p>")
    parts.append('<div class="ak-pages">')
    for page in PAGES:
        thumb = thumbs.get(page.notebook)
        img = (f'<img alt="{e(page.title)}: first chart" src="data:image/png;base64,{thumb}">'
               if thumb else "")
        parts.append(
            f'<div class="ak-card"><a href="{page.notebook}.html"><h2>{e(page.title)}</h2>'
            f"</a><p>{e(page.description)}</p>"
            f'<a href="{page.notebook}.html">{img}</a></div>')
    parts.append("</div>")
    if len(skipped):
        parts.append("<h2>Skipped inputs</h2>")
        parts.append(skipped.head(100).to_html(index=False, escape=True, border=0))
        if len(skipped) > 100:
            parts.append(f"<p>… and {len(skipped) - 100} more.</p>")
    parts.append("<h2>Articles</h2>")
    table = sources_table(docs).frame
    parts.append(nowrap_dates(table.head(200).to_html(index=False, escape=True, border=0)))
    if len(table) > 200:
        parts.append(f"<p>… and {len(table) - 200} more.</p>")
    parts.append(_footer(stamp, name))
    parts.append("</main></body></html>")
    return "\n".join(parts) + "\n"

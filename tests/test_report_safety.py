"""The report under a careless user and an attacker (issue 16): kernels never start in
the output or input folder, pages appear only when all are made, one run at a time into
a folder, the output folder is never read back as articles, errors give a non-zero exit.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbclient
import pytest

import analystkit.report as report
from analystkit import load_corpus_with_report
from analystkit.report import PAGES, REPORT_MARK, ReportLocked, build_report

ROOT = Path(__file__).resolve().parents[1]
STAMP = "2026-01-01T00:00:00Z"

ARTICLE = (
    "Russia launched 539 drones and 11 missiles at Ukraine overnight, the Ukrainian air "
    "force said on Wednesday. Air defences shot down 476 drones and 6 missiles.\n"
)


def _corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "one.txt").write_text("Night attack\n\n" + ARTICLE, encoding="utf-8")
    return folder


def _fake_execute(fail_on: str | None = None, seen: list[str] | None = None):
    """A NotebookClient.execute that runs nothing, failing on one notebook."""

    def execute(self, **kw):
        name = next((p.notebook for p in PAGES if p.notebook in str(self.nb.metadata)), "")
        (seen if seen is not None else []).append(self.resources["metadata"]["path"])
        if fail_on is not None and len(seen or []) == fail_on:
            raise RuntimeError(f"kernel died in {name}")
        return self.nb

    return execute


@pytest.fixture
def old_report(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    for page in PAGES:
        (out / f"{page.notebook}.html").write_text("old page", encoding="utf-8")
    (out / "index.html").write_text("old index", encoding="utf-8")
    return out


def test_a_failed_run_leaves_the_previous_report_intact(tmp_path, old_report, monkeypatch):
    seen: list[str] = []
    monkeypatch.setattr(nbclient.NotebookClient, "execute", _fake_execute(2, seen))
    with pytest.raises(RuntimeError, match="kernel died"):
        build_report(_corpus(tmp_path / "in"), old_report, progress=None, generated_at=STAMP)
    for page in PAGES:
        assert (old_report / f"{page.notebook}.html").read_text() == "old page"
    assert (old_report / "index.html").read_text() == "old index"
    assert not [p for p in tmp_path.iterdir() if "ak-partial" in p.name]  # cleaned up


def test_kernels_start_in_a_private_empty_folder(tmp_path, monkeypatch):
    seen: list[str] = []
    monkeypatch.setattr(nbclient.NotebookClient, "execute", _fake_execute(None, seen))
    out = tmp_path / "out"
    corpus = _corpus(tmp_path / "in")
    index = build_report(corpus, out, progress=None, generated_at=STAMP)
    assert index == out / "index.html" and index.exists()
    assert len(seen) == len(PAGES)
    for cwd in seen:
        assert Path(cwd).resolve() not in (out.resolve(), corpus.resolve())
        assert not Path(cwd).exists()  # removed after the run
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [REPORT_MARK, "index.html", *(f"{p.notebook}.html" for p in PAGES)]
    )
    assert report._kernel_env()["PYTHONSAFEPATH"] == "1"


def test_a_second_run_into_the_same_folder_is_refused(tmp_path):
    out = tmp_path / "out"
    held = report._lock(out)
    try:
        with pytest.raises(ReportLocked, match="another analystkit report"):
            build_report(_corpus(tmp_path / "in"), out, progress=None)
    finally:
        held.close()
    report._lock(out).close()  # free again once the first run ends


def test_output_must_be_a_folder(tmp_path):
    file = tmp_path / "report.html"
    file.write_text("x", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "analystkit", "report", "-o", str(file)],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
    )
    assert run.returncode == 1
    assert "the output must be a folder" in run.stderr
    assert "Errno" not in run.stderr


def test_the_output_folder_is_never_read_as_articles(tmp_path):
    corpus = _corpus(tmp_path / "in")
    out = corpus / "report"
    report._lock(out).close()
    (out / "index.html").write_text("<html><body><p>" + ARTICLE + "</p></body></html>")
    result = load_corpus_with_report(corpus)
    assert result.documents["doc_id"].tolist() == ["one"]
    (skip,) = result.skipped.itertuples(index=False)
    assert Path(skip.path) == out and "report's output folder" in skip.reason


def test_progress_survives_a_closed_stderr(monkeypatch):
    class Closed:
        def write(self, _s):
            raise ValueError("I/O operation on closed file")

        def flush(self):
            raise ValueError("I/O operation on closed file")

    monkeypatch.setattr(sys, "stderr", Closed())
    report._stderr("a progress line")  # no exception: the report goes on
    monkeypatch.setattr(sys, "stderr", None)
    report._stderr("a progress line")


@pytest.mark.slow
def test_a_real_run_imports_nothing_from_the_output_or_input_folder(tmp_path):
    """``DIR/pandas.py`` (output or input folder) is never imported by a kernel; a
    closed stderr still gives exit 0 with the pages written."""
    marker = tmp_path / "ran"
    evil = f"open({str(marker)!r}, 'a').write(__file__ + '\\n')\nraise SystemExit(3)\n"
    corpus = _corpus(tmp_path / "in")
    out = tmp_path / "out"
    out.mkdir()
    for folder in (corpus, out):
        (folder / "pandas.py").write_text(evil, encoding="utf-8")
    run = subprocess.run(  # from tmp_path: `python -m` itself puts its folder on the path
        [sys.executable, "-m", "analystkit", "report", str(corpus / "one.txt"), "-o", str(out),
         "--generated-at", STAMP],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, timeout=900,
        cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert not marker.exists(), marker.read_text()
    assert run.returncode == 0
    assert (out / "index.html").exists()
    assert all((out / f"{p.notebook}.html").exists() for p in PAGES)

"""Determinism: the same input gives the same bytes, run after run.

Every run here is a separate process with its own ``PYTHONHASHSEED``, so an output that
depends on the iteration order of a set (or of a dict filled from one) shows up as a
difference. Tables are compared as written by the CLI (CSV and Parquet), the report's
HTML pages byte for byte (charts are embedded PNGs), and charts saved with
:func:`analystkit.plot.save` as SVG, PDF and PNG.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from analystkit.report import PAGES

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
TALLIES = ROOT / "analystkit" / "data" / "tallies_seed_event.csv"
HASH_SEEDS = ("1", "2")
EPOCH = "1751673600"  # 2025-07-05 00:00 UTC
PAGE_FILES = ["index.html", *(f"{p.notebook}.html" for p in PAGES)]
COMMANDS = {
    "figures": ["figures", str(SEEDS)],
    "compare": ["compare", str(SEEDS), "--tallies", str(TALLIES)],
    "narratives": ["narratives", str(SEEDS)],
}
OUTPUTS = [f"{name}.{ext}" for name in COMMANDS for ext in ("csv", "parquet")]
CHARTS = [f"{name}.{ext}" for name in ("attack_scale", "casualty_reporting",
                                       "narrative_heatmap") for ext in ("svg", "pdf", "png")]
_GENERATED = re.compile(r"Generated \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC")

_SAVE_CHARTS = textwrap.dedent("""
    import sys
    from pathlib import Path
    import analystkit as ak
    from analystkit.compare import source_values

    out = Path(sys.argv[1])
    docs = ak.load_corpus(ak.seeds_path())
    figures = ak.extract_figures(docs)
    values = source_values(figures, docs)
    comparisons = ak.compare_figures(figures, docs, tallies=ak.data_path("tallies_seed_event.csv"))
    charts = {
        "attack_scale": ak.plot.attack_scale(values, comparisons),
        "casualty_reporting": ak.plot.casualty_reporting(values, comparisons),
        "narrative_heatmap": ak.plot.narrative_heatmap(
            ak.narrative_coverage(ak.tag_narratives(docs), docs)),
    }
    for name, fig in charts.items():
        for ext in ("svg", "pdf", "png"):
            ak.plot.save(fig, out / f"{name}.{ext}")
""")


def _env(hash_seed: str, *, epoch: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env["PYTHONHASHSEED"] = hash_seed
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = epoch
    return env


def _run_all(jobs: list[tuple[list[str], dict[str, str]]], cwd: Path, timeout: int) -> None:
    """Run the commands, each in its own process, as many at a time as there are CPUs."""
    from concurrent.futures import ThreadPoolExecutor

    def run(job: tuple[list[str], dict[str, str]]) -> str:
        cmd, env = job
        done = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True,
                              timeout=timeout)
        if done.returncode == 0:
            return ""
        return f"{' '.join(cmd[:4])} …: exit {done.returncode}\n{done.stderr[-2000:]}"

    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        failures = [f for f in pool.map(run, jobs) if f]
    assert not failures, "\n".join(failures)


@pytest.fixture(scope="module")
def table_runs(tmp_path_factory) -> dict[str, Path]:
    """The CLI tables and the saved charts, once per hash seed."""
    base = tmp_path_factory.mktemp("determinism_tables")
    dirs = {seed: base / f"hashseed_{seed}" for seed in HASH_SEEDS}
    jobs = []
    for seed, out in dirs.items():
        out.mkdir()
        env = _env(seed, epoch=None)
        for name, args in COMMANDS.items():
            for ext in ("csv", "parquet"):
                jobs.append(([sys.executable, "-m", "analystkit", *args,
                              "-o", str(out / f"{name}.{ext}")], env))
        jobs.append(([sys.executable, "-c", _SAVE_CHARTS, str(out)], env))
    _run_all(jobs, base, timeout=300)
    return dirs


@pytest.fixture(scope="module")
def report_runs(tmp_path_factory) -> dict[str, Path]:
    """``analystkit report`` on the seeds: two hash seeds with SOURCE_DATE_EPOCH, and a
    third hash seed without it (the pages then carry the time of the run)."""
    base = tmp_path_factory.mktemp("determinism_reports")
    runs = {"epoch_1": ("1", EPOCH), "epoch_2": ("2", EPOCH), "now_3": ("3", None)}
    jobs = []
    for name, (seed, epoch) in runs.items():
        jobs.append(([sys.executable, "-m", "analystkit", "report", str(SEEDS),
                      "-o", str(base / name)], _env(seed, epoch=epoch)))
    _run_all(jobs, base, timeout=600)
    return {name: base / name for name in runs}


def test_the_hash_seeds_give_different_set_orders():
    """The control: a set-ordering bug would show between these two seeds."""
    code = "print(list({'drone', 'missile', 'Kyiv', 'Odesa', 'Reuters', 'killed'}))"
    orders = {subprocess.run([sys.executable, "-c", code], env=_env(seed, epoch=None),
                             capture_output=True, text=True, check=True).stdout
              for seed in HASH_SEEDS}
    assert len(orders) == 2


@pytest.mark.parametrize("name", OUTPUTS)
def test_cli_tables_are_byte_identical_across_hash_seeds(table_runs, name):
    first, second = (table_runs[s] / name for s in HASH_SEEDS)
    a, b = first.read_bytes(), second.read_bytes()
    assert len(a) > 200, f"{name} is (nearly) empty"
    assert a == b, f"{name} differs between PYTHONHASHSEED={HASH_SEEDS[0]} and {HASH_SEEDS[1]}"


def test_cli_parquet_matches_its_csv(table_runs):
    import pandas as pd

    out = table_runs[HASH_SEEDS[0]]
    for name in COMMANDS:
        frame = pd.read_parquet(out / f"{name}.parquet")
        assert len(frame) == len(pd.read_csv(out / f"{name}.csv")) > 0, name


@pytest.mark.parametrize("name", CHARTS)
def test_saved_charts_are_byte_identical_across_hash_seeds(table_runs, name):
    first, second = (table_runs[s] / name for s in HASH_SEEDS)
    a = first.read_bytes()
    assert len(a) > 1000
    assert a == second.read_bytes(), f"{name} differs between runs"
    if name.endswith(".svg"):
        assert b"<dc:date>" not in a


def test_plot_save_is_stable_where_savefig_is_not(tmp_path):
    """SVG straight from savefig carries random ids and a date; plot.save does not."""
    import io

    import analystkit as ak

    docs = ak.load_corpus(SEEDS)
    fig = ak.plot.narrative_heatmap(ak.narrative_coverage(ak.tag_narratives(docs), docs))
    plain = [io.BytesIO(), io.BytesIO()]
    for buf in plain:
        fig.savefig(buf, format="svg")
    assert plain[0].getvalue() != plain[1].getvalue()  # what plot.save is for
    saved = [tmp_path / "a.svg", tmp_path / "b.svg"]
    for path in saved:
        ak.plot.save(fig, path)
    assert saved[0].read_bytes() == saved[1].read_bytes()
    pdf = [io.BytesIO(), io.BytesIO()]
    for buf in pdf:
        ak.plot.save(fig, buf, format="pdf", metadata={"Title": "heatmap"})
    assert pdf[0].getvalue() == pdf[1].getvalue()
    assert b"heatmap" in pdf[0].getvalue()


@pytest.mark.slow
@pytest.mark.parametrize("name", PAGE_FILES)
def test_report_is_byte_identical_across_hash_seeds_with_source_date_epoch(report_runs,
                                                                            name):
    a = (report_runs["epoch_1"] / name).read_bytes()
    b = (report_runs["epoch_2"] / name).read_bytes()
    assert a == b, f"{name} differs between PYTHONHASHSEED=1 and 2"
    page = a.decode("utf-8")
    assert page.count("Generated 2025-07-05 00:00 UTC") == 1


@pytest.mark.slow
@pytest.mark.parametrize("name", PAGE_FILES)
def test_report_without_source_date_epoch_differs_only_in_its_timestamp(report_runs, name):
    fixed = (report_runs["epoch_1"] / name).read_text(encoding="utf-8")
    now = (report_runs["now_3"] / name).read_text(encoding="utf-8")
    assert len(_GENERATED.findall(now)) == 1, "one 'Generated …' timestamp per page"
    assert "Generated 2025-07-05 00:00 UTC" not in now
    strip = [_GENERATED.sub("Generated <time>", page) for page in (fixed, now)]
    assert strip[0] == strip[1]
    differing = [(x, y) for x, y in zip(fixed.splitlines(), now.splitlines(), strict=True)
                 if x != y]
    assert len(differing) == 1, differing[:3]

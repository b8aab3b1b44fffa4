"""Scale benchmark: 100,000 articles end to end, pandas vs Dask, memory, import, report.

Prints one table:

- ``import analystkit``: seconds to import the package in a fresh interpreter (best of 5).
- extraction MB/s on one core: :func:`analystkit.extract_figures` (and claims, narratives)
  over the first ``--sample-mb`` MB of the corpus, already loaded.
- end to end on the corpus (load + figures + compare): :func:`analystkit.process_corpus`
  with ``engine="pandas"`` (one process) and ``engine="dask"`` (a LocalCluster of
  ``--workers`` worker processes, its start-up included; documents without their text,
  ``text=False``, as compare needs none), then :func:`analystkit.compare_figures` on the
  result; wall-clock seconds of each step,
  articles per second, and the peak memory of the whole process tree (the driver plus
  every worker: resident set sizes summed, sampled every 0.1 s).
- ``analystkit report`` on the seeds: seconds for the command, in a fresh process.

Every measurement runs in its own subprocess, so one does not warm or bloat another.
The corpus is built by ``benchmarks/build_corpus.py`` (the shared corpora replicated to
``--articles`` articles as JSON Lines shards) when ``--corpus`` does not hold one yet.
Nothing asserts a time; ``--results FILE`` writes the table and the machine's description
as Markdown (``benchmarks/RESULTS.md`` keeps the latest).

Run: ``python benchmarks/scale.py [--articles 100000] [--workers 2] [--results FILE]``.
Exits 0 with a message when the shared data is absent.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(Path(__file__).resolve().parent))

# --- measurements, each run in a child process (python scale.py --child NAME ...) -------


def _child_extract(corpus: str, sample_mb: float) -> dict[str, float]:
    import warnings

    import analystkit

    files = sorted(Path(corpus).glob("*.jsonl"))
    docs = []
    size = 0
    for f in files:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            d = analystkit.load_corpus(f)
        docs.append(d)
        size += int(d["text"].str.len().sum())
        if size >= sample_mb * 1e6:
            break
    import pandas as pd

    table = pd.concat(docs, ignore_index=True)
    mb = table["text"].map(lambda t: len(t.encode("utf-8"))).sum() / 1e6
    analystkit.extract_figures("warm-up: 5 drones")  # compile the lexicon
    analystkit.extract_claims("warm-up, he said.")
    analystkit.tag_narratives("warm-up")
    out = {"mb": mb, "docs": len(table)}
    for name, fn in (("figures", analystkit.extract_figures),
                     ("claims", analystkit.extract_claims),
                     ("narratives", analystkit.tag_narratives)):
        t0 = time.perf_counter()
        fn(table)
        out[name] = mb / (time.perf_counter() - t0)
    return out


def _child_e2e(corpus: str, engine: str, workers: int) -> dict[str, float]:
    from analystkit import compare_figures, process_corpus

    t0 = time.perf_counter()
    out = process_corpus(corpus, ["documents", "figures"], engine=engine, workers=workers,
                         progress=False, text=False)
    t1 = time.perf_counter()
    comparisons = compare_figures(out["figures"], out["documents"])
    t2 = time.perf_counter()
    return {"docs": len(out["documents"]), "figures": len(out["figures"]),
            "skipped": len(out["skipped"]), "comparisons": len(comparisons),
            "extract_s": t1 - t0, "compare_s": t2 - t1, "total_s": t2 - t0}


def _child_import() -> dict[str, float]:
    t0 = time.perf_counter()
    import analystkit  # noqa: F401

    return {"import_s": time.perf_counter() - t0}


# --- the parent: run children, sample their memory ---------------------------------------


def _tree_rss(pid: int) -> int:
    import psutil

    try:
        proc = psutil.Process(pid)
        procs = [proc, *proc.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    total = 0
    for p in procs:
        with contextlib.suppress(psutil.NoSuchProcess):
            total += p.memory_info().rss
    return total


def run_child(*args: str, timeout: float = 3600) -> tuple[dict[str, float], float, float]:
    """Run ``scale.py --child ...``; returns its JSON, wall seconds and peak tree RSS (MB)."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", *args]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate(timeout=timeout)
    done.set()
    sampler.join()
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{err[-3000:]}")
    return json.loads(out.strip().splitlines()[-1]), wall, peak / 2**20


def machine() -> str:
    import dask
    import pandas
    import psutil

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = psutil.virtual_memory().total / 2**30
    return (f"{cpu}; {os.cpu_count()} cores; {ram:.0f} GiB RAM; {platform.system()} "
            f"{platform.release()}; Python {platform.python_version()}; pandas "
            f"{pandas.__version__}; dask {dask.__version__}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--corpus", type=Path, default=None,
                        help="folder of JSONL shards (built there if empty; default: a temp "
                             "folder named after --articles)")
    parser.add_argument("--sample-mb", type=float, default=20.0)
    parser.add_argument("--skip", nargs="*", default=[],
                        choices=["import", "extract", "pandas", "dask", "report"])
    parser.add_argument("--results", type=Path, default=None,
                        help="write the results as Markdown to this file")
    parser.add_argument("--shared", type=Path, default=SHARED)
    args = parser.parse_args(argv)

    if args.child:
        name, *rest = args.child
        fn = {"extract": lambda: _child_extract(rest[0], float(rest[1])),
              "e2e": lambda: _child_e2e(rest[0], rest[1], int(rest[2])),
              "import": _child_import}[name]
        print(json.dumps(fn()))
        return 0

    if not (args.shared / "corpora").is_dir():
        print(f"skipped: needs the shared corpora at {args.shared / 'corpora'}")
        return 0
    corpus = args.corpus or Path(tempfile.gettempdir()) / f"analystkit-bench-{args.articles}"
    manifest_path = corpus / ".manifest.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    if manifest.get("articles") != args.articles:
        from build_corpus import build

        print(f"building {args.articles:,} articles in {corpus} …", file=sys.stderr)
        manifest = build(corpus, args.articles, 1_000, args.shared)
    mb = manifest["bytes"] / 1e6
    rows: list[tuple[str, str, str]] = []

    def say(what: str, value: str, goal: str = "") -> None:
        rows.append((what, value, goal))
        print(f"{what:<58} {value}" + (f"   [goal {goal}]" if goal else ""), flush=True)

    def verdict(ok: bool, goal: str) -> str:
        return f"{goal}: {'met' if ok else 'MISSED'}"

    print(f"corpus: {args.articles:,} articles, {mb:,.0f} MB in {manifest['files']} JSONL "
          f"files ({corpus})\nmachine: {machine()}\n")
    if "import" not in args.skip:
        best = min(run_child("import")[0]["import_s"] for _ in range(5))
        say("import analystkit (best of 5)", f"{best * 1000:.0f} ms",
            verdict(best <= 0.5, "<= 0.5 s"))
    if "extract" not in args.skip:
        res, _, peak = run_child("extract", str(corpus), str(args.sample_mb))
        for name in ("figures", "claims", "narratives"):
            say(f"{name} extraction, one core ({res['mb']:.0f} MB sample)",
                f"{res[name]:.2f} MB/s")
    e2e = {}
    for engine in ("pandas", "dask"):
        if engine in args.skip:
            continue
        res, _wall, peak = run_child("e2e", str(corpus), engine, str(args.workers))
        e2e[engine] = res
        label = "pandas, 1 process" if engine == "pandas" else f"Dask, {args.workers} workers"
        say(f"end to end, {label}: load + figures", f"{res['extract_s']:.1f} s")
        say(f"end to end, {label}: compare", f"{res['compare_s']:.1f} s")
        say(f"end to end, {label}: total",
            f"{res['total_s']:.1f} s ({res['docs'] / res['total_s']:,.0f} articles/s; "
            f"{res['docs']:,} docs, {res['figures']:,} figures, "
            f"{res['comparisons']:,} comparison rows)",
            verdict(res["total_s"] <= 180, "<= 3 min") if args.articles == 100_000 else "")
        say(f"end to end, {label}: peak memory (all processes)", f"{peak / 1024:.2f} GB",
            verdict(peak / 1024 <= 4, "<= 4 GB"))
    if len(e2e) == 2:
        speedup = e2e["pandas"]["total_s"] / e2e["dask"]["total_s"]
        say("Dask speed-up over pandas (total)", f"{speedup:.2f}x",
            verdict(round(speedup, 2) >= 1.7, ">= 1.7x"))
        say("Dask speed-up over pandas (load + figures)",
            f"{e2e['pandas']['extract_s'] / e2e['dask']['extract_s']:.2f}x")
    if "report" not in args.skip:
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "analystkit", "report", "-o",
                            str(Path(tmp) / "report.html")], check=True,
                           capture_output=True, cwd=ROOT)
            say("analystkit report on the seeds", f"{time.perf_counter() - t0:.1f} s")
    if args.results:
        lines = [
            "# Scale benchmark results",
            "",
            f"`python benchmarks/scale.py --articles {args.articles} --workers {args.workers}`"
            f", {time.strftime('%Y-%m-%d')}.",
            "",
            f"- Machine: {machine()}.",
            f"- Corpus: {args.articles:,} articles, {mb:,.0f} MB of JSON Lines in "
            f"{manifest['files']} files (`benchmarks/build_corpus.py`: the shared corpora "
            "replicated with distinct ids and texts).",
            "",
            "| measurement | result | goal |",
            "|---|---|---|",
            *[f"| {what} | {value} | {goal} |" for what, value, goal in rows],
            "",
        ]
        args.results.write_text("\n".join(lines), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Scale benchmark: the whole chain on N articles, pandas vs Dask, CPU, memory, import.

Prints one table:

- ``import analystkit``: seconds to import the package in a fresh interpreter (best of 5).
- extraction MB/s on one core: :func:`analystkit.extract_figures` (and claims, narratives)
  over the first ``--sample-mb`` MB of the corpus, already loaded.
- the whole chain on the corpus (load, figures, claims, narratives, compare):
  :func:`analystkit.process_corpus` with ``engine="pandas"`` (one process) and
  ``engine="dask"`` (a LocalCluster of ``--workers`` worker processes, its start-up
  included; documents without their text, ``text=False``, as compare needs none), then
  :func:`analystkit.compare_figures` on the result. For each engine: wall-clock seconds
  (load + extraction, compare, total), articles per second, the CPU time of the whole
  process tree (the driver plus every worker, user + system), its peak memory (resident
  set sizes summed, sampled every 0.1 s) and the load average of the machine before and
  after; then the Dask / pandas ratios of the same run (CPU time, wall speed-up, memory).
- ``analystkit report`` on the seeds: seconds for the command, in a fresh process.

CPU time of the tree: on Linux this process becomes a child subreaper
(``PR_SET_CHILD_SUBREAPER``), so every process the measured child starts (the Dask
workers, their resource tracker) is reaped here and counted exactly by
``getrusage(RUSAGE_CHILDREN)``; elsewhere the per-process CPU times are sampled (psutil,
else ``/proc``). On a machine shared with other work the CPU-time ratio still means
something; the wall-clock speed-up does not: read it with the load average.

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


CHAIN = ["documents", "figures", "claims", "narratives"]


def _child_e2e(corpus: str, engine: str, workers: int) -> dict[str, float]:
    from analystkit import compare_figures, process_corpus

    t0 = time.perf_counter()
    out = process_corpus(corpus, CHAIN, engine=engine, workers=workers, progress=False,
                         text=False)
    t1 = time.perf_counter()
    comparisons = compare_figures(out["figures"], out["documents"])
    t2 = time.perf_counter()
    return {"docs": len(out["documents"]), "figures": len(out["figures"]),
            "claims": len(out["claims"]), "tags": len(out["narratives"]),
            "skipped": len(out["skipped"]), "comparisons": len(comparisons),
            "extract_s": t1 - t0, "compare_s": t2 - t1, "total_s": t2 - t0}


def _child_import() -> dict[str, float]:
    t0 = time.perf_counter()
    import analystkit  # noqa: F401

    return {"import_s": time.perf_counter() - t0}


# --- the parent: run children, sample their memory ---------------------------------------


def _subreaper() -> bool:
    """Make this process the reaper of its orphaned descendants (Linux); True if it is."""
    import ctypes

    try:
        return ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


SUBREAPER = sys.platform.startswith("linux") and _subreaper()
_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _tree(pid: int) -> dict[int, tuple[float, int]]:
    """CPU seconds (user + system) and RSS bytes of ``pid`` and all its descendants."""
    try:
        import psutil
    except ImportError:
        return _tree_proc(pid)
    out: dict[int, tuple[float, int]] = {}
    try:
        proc = psutil.Process(pid)
        procs = [proc, *proc.children(recursive=True)]
    except psutil.NoSuchProcess:
        return out
    for p in procs:
        with contextlib.suppress(psutil.Error):
            t = p.cpu_times()
            out[p.pid] = (t.user + t.system, p.memory_info().rss)
    return out


def _tree_proc(pid: int) -> dict[int, tuple[float, int]]:
    """:func:`_tree` from ``/proc`` (no psutil)."""
    stats: dict[int, list[str]] = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            with contextlib.suppress(OSError):
                stats[int(d.name)] = (d / "stat").read_text().rsplit(")", 1)[1].split()
    family, grew = {pid}, True
    while grew:
        grew = False
        for p, f in stats.items():
            if p not in family and int(f[1]) in family:
                family.add(p)
                grew = True
    page = os.sysconf("SC_PAGE_SIZE")
    return {p: ((int(stats[p][11]) + int(stats[p][12])) / _TICK, int(stats[p][21]) * page)
            for p in family if p in stats}


def _children_cpu() -> float:
    import resource

    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def _reap(timeout: float = 60) -> None:
    """Wait for the orphans handed to this subreaper (the measured child's workers)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            time.sleep(0.05)


def run_child(*args: str, timeout: float = 7200) -> dict[str, float]:
    """Run ``scale.py --child ...``; its JSON plus ``wall_s``, ``cpu_s`` (whole process
    tree), ``peak_mb`` (tree RSS), ``load_start`` and ``load_end`` (1-minute load)."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", *args]
    load_start = os.getloadavg()[0]
    cpu0 = _children_cpu()
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    cpu_seen: dict[int, float] = {}
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            tree = _tree(proc.pid)
            peak = max(peak, sum(rss for _, rss in tree.values()))
            cpu_seen.update({p: c for p, (c, _) in tree.items()})
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate(timeout=timeout)
    wall = time.perf_counter() - t0
    done.set()
    sampler.join()
    if SUBREAPER:
        _reap()
    cpu = _children_cpu() - cpu0 if SUBREAPER else sum(cpu_seen.values())
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{err[-3000:]}")
    res = json.loads(out.strip().splitlines()[-1])
    res.update(wall_s=wall, cpu_s=cpu, peak_mb=peak / 2**20, load_start=load_start,
               load_end=os.getloadavg()[0])
    return res


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
    load_start = os.getloadavg()
    if "import" not in args.skip:
        best = min(run_child("import")["import_s"] for _ in range(5))
        say("import analystkit (best of 5)", f"{best * 1000:.0f} ms",
            verdict(best <= 0.5, "<= 0.5 s"))
    if "extract" not in args.skip:
        res = run_child("extract", str(corpus), str(args.sample_mb))
        for name, goal in (("figures", 5.0), ("claims", 3.0), ("narratives", None)):
            say(f"{name} extraction, one core ({res['mb']:.0f} MB sample)",
                f"{res[name]:.2f} MB/s",
                "" if goal is None else verdict(res[name] >= goal, f">= {goal:g} MB/s"))
    e2e: dict[str, dict[str, float]] = {}
    for engine in ("pandas", "dask"):
        if engine in args.skip:
            continue
        res = run_child("e2e", str(corpus), engine, str(args.workers))
        e2e[engine] = res
        label = "pandas, 1 process" if engine == "pandas" else f"Dask, {args.workers} workers"
        say(f"chain, {label}: load + figures + claims + narratives",
            f"{res['extract_s']:.1f} s")
        say(f"chain, {label}: compare", f"{res['compare_s']:.1f} s")
        say(f"chain, {label}: total wall",
            f"{res['total_s']:.1f} s ({res['docs'] / res['total_s']:,.0f} articles/s; "
            f"{res['docs']:,} docs, {res['figures']:,} figures, {res['claims']:,} claims, "
            f"{res['tags']:,} narrative tags, {res['comparisons']:,} comparison rows)",
            verdict(res["total_s"] <= 180, "<= 3 min")
            if args.articles == 100_000 and engine == "dask" else "")
        say(f"chain, {label}: CPU time, whole process tree", f"{res['cpu_s']:.1f} s")
        say(f"chain, {label}: peak memory, whole process tree",
            f"{res['peak_mb'] / 1024:.2f} GB", verdict(res["peak_mb"] / 1024 <= 4, "<= 4 GB"))
        say(f"chain, {label}: load average (1 min) at start / end",
            f"{res['load_start']:.2f} / {res['load_end']:.2f}")
    if len(e2e) == 2:
        pd_, dk = e2e["pandas"], e2e["dask"]
        ratio = dk["cpu_s"] / pd_["cpu_s"]
        say("Dask / pandas CPU time (whole tree, same run)", f"{ratio:.2f}",
            verdict(round(ratio, 2) <= 1.15, "<= 1.15"))
        speedup = pd_["total_s"] / dk["total_s"]
        busy = max(pd_["load_start"], pd_["load_end"], dk["load_start"], dk["load_end"])
        say("Dask speed-up over pandas, wall (total)",
            f"{speedup:.2f}x (load average up to {busy:.2f} on {os.cpu_count()} cores)",
            verdict(round(speedup, 2) >= 1.8, ">= 1.8x on idle cores"))
        say("Dask speed-up over pandas, wall (load + extraction)",
            f"{pd_['extract_s'] / dk['extract_s']:.2f}x")
        say("Dask / pandas peak memory", f"{dk['peak_mb'] / pd_['peak_mb']:.2f}")
    if "report" not in args.skip:
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "analystkit", "report", "-o",
                            str(Path(tmp) / "report.html")], check=True,
                           capture_output=True, cwd=ROOT)
            say("analystkit report on the seeds", f"{time.perf_counter() - t0:.1f} s")
    load_end = os.getloadavg()
    loads = (f"load average (1, 5, 15 min) {', '.join(f'{x:.2f}' for x in load_start)} at "
             f"the start, {', '.join(f'{x:.2f}' for x in load_end)} at the end, on "
             f"{os.cpu_count()} cores")
    print(f"\n{loads}")
    if args.results:
        lines = [
            "# Scale benchmark results",
            "",
            f"`python benchmarks/scale.py --articles {args.articles} --workers {args.workers}`"
            f", {time.strftime('%Y-%m-%d %H:%M')}.",
            "",
            f"- Machine: {machine()}.",
            f"- Corpus: {args.articles:,} articles, {mb:,.0f} MB of JSON Lines in "
            f"{manifest['files']} files (`benchmarks/build_corpus.py`: the shared corpora "
            "replicated with distinct ids and texts).",
            f"- Machine load: {loads}.",
            "- CPU time is that of the whole process tree (driver and workers). On a machine "
            "busy with other work, the CPU-time ratio stays meaningful; the wall-clock "
            "speed-up does not (read it with the load average beside it).",
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

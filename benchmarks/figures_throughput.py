"""Figure-extraction throughput, peak memory and linearity, in one process on one core.

Corpus: the shared Guardian/NYT 2022 articles (``corpora/guardian_nyt_2022/*.csv``) and the
GDELT Ukraine news (``corpora/gdelt_ukraine_news/articles.csv``), loaded with
:func:`analystkit.load_corpus` and repeated, each copy with distinct doc ids, until the
text reaches ``--mb`` megabytes (UTF-8, 1 MB = 1,000,000 bytes; default 20).
:func:`analystkit.extract_figures` runs once over the whole table, after a warm-up call
that compiles the lexicon. Peak memory is reported two ways: the process's peak resident
set (``resource.getrusage(...).ru_maxrss``, which includes the corpus and pandas) and the
peak of Python allocations during a second, traced extraction (``tracemalloc``; tracing
slows Python down, so that run is not timed and is skipped with ``--quick``).

Linearity: one synthetic article of 1, 2 and 4 MB (0.25, 0.5 and 1 MB with ``--quick``)
built from news-like fragments with numbers and without a single sentence break (best of
two runs). Seconds per MB must stay flat as the article grows; the ratio largest/smallest
is printed.

Stress: inputs built to find quadratic time or catastrophic regex backtracking, each at
two sizes (4x apart): a 10 MB document without a sentence break (2.5 MB for the first
size; 0.5 and 2 MB with ``--quick``), 100,000 and 400,000 digits in a row, digit groups,
a line of commas, of quotation marks, of number-like fragments glued together, of
attribution words, of short sentences, many short bullet lines, a run of dots, long
runs of blanks between figures, and "killed 5" repeated without a clause break.

Nothing here asserts a time: the benchmark prints numbers.

Run: ``python benchmarks/figures_throughput.py [--mb N] [--quick] [--shared DIR]``.
Exits 0 with a message when the shared data is absent.
"""

from __future__ import annotations

import argparse
import gc
import random
import resource
import sys
import time
import tracemalloc
import warnings
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
GUARDIAN = Path("corpora/guardian_nyt_2022")
GDELT = Path("corpora/gdelt_ukraine_news/articles.csv")

# news-like fragments with numbers, joined without sentence breaks (no full stop, no new
# line): every kind of figure the extractor reads, plus dates, times and attributions
FRAGMENTS = [
    "Russia launched {n} drones and {m} missiles at Kyiv overnight",
    "at least {n} people were killed and {m} injured in Kharkiv, the governor said",
    "Ukraine's air force said {n} of the Shahed drones were shot down",
    "Germany pledged €{n} billion (${m} billion) in military aid to Ukraine",
    "between {n} and {m} shells hit the outskirts of Zaporizhzhia on July {d}",
    "some {n},{k:03d} soldiers have died since February 2022, according to Reuters",
    "around a dozen ballistic missiles struck an airfield near Odesa at {d}:30 a.m.",
    "the death toll rose to {n}, including {m} children",
    "six ballistic and four cruise missiles were intercepted by air defence",
    "a {n}-year-old woman was wounded and {m} buildings damaged",
    "up to {n} Patriot interceptor missiles were paused, officials told reporters",
    "hundreds of civilians fled the {n} villages shelled since {d} March",
    "the US approved a $1.{m}bn package of security assistance",
    "prices rose {n}% in the {m} months to June, the ministry reported",
    "Day {n},{k:03d} of the war brought {m} attacks on Kherson region",
    "'we counted {n} explosions', a resident of Mykolaiv told the BBC",
]


def shared_dir(arg: str | None) -> Path | None:
    path = Path(arg) if arg else SHARED
    need = [path / GDELT, path / GUARDIAN]
    if all(p.exists() for p in need) and list((path / GUARDIAN).glob("*.csv")):
        return path
    return None


def load_documents(shared: Path) -> pd.DataFrame:
    import analystkit as ak

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the load report's skipped duplicates
        guardian = ak.load_corpus(sorted((shared / GUARDIAN).glob("*.csv")))
        gdelt = ak.load_corpus(shared / GDELT)
    return pd.concat([guardian[["doc_id", "text"]], gdelt[["doc_id", "text"]]],
                     ignore_index=True)


def repeat_to(docs: pd.DataFrame, mb: float) -> pd.DataFrame:
    """Copies of ``docs`` (doc ids suffixed ``#1``, ``#2``, …) until the text reaches ``mb``."""
    size = sum(len(t.encode("utf-8")) for t in docs["text"])
    if size == 0:
        raise SystemExit("figures_throughput: the shared corpora loaded no text")
    copies = max(1, -(-int(mb * 1e6) // size))
    parts = []
    for k in range(copies):
        part = docs.copy()
        part["doc_id"] = part["doc_id"] + f"#{k}"
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def synthetic(mb: float, seed: int = 0) -> str:
    """A single article of about ``mb`` MB with numbers everywhere and no sentence break."""
    rng = random.Random(seed)
    pieces: list[str] = []
    size = 0
    target = int(mb * 1e6)
    while size < target:
        frag = rng.choice(FRAGMENTS).format(
            n=rng.randint(2, 999), m=rng.randint(2, 99), d=rng.randint(1, 28),
            k=rng.randint(0, 999),
        )
        pieces.append(frag)
        size += len(frag) + 2
    return "; ".join(pieces)[:target]


def stress_inputs(quick: bool) -> list[tuple[str, object, tuple[float, float]]]:
    """Inputs that would expose quadratic time or catastrophic backtracking: (name, a
    function of a size, the two sizes). Sizes are MB, or digits for the digit run."""
    big = (0.5, 2.0) if quick else (2.5, 10.0)
    small = (0.1, 0.4) if quick else (0.25, 1.0)

    def reps(unit: str, mb: float) -> str:
        return unit * max(1, int(mb * 1e6 / len(unit.encode("utf-8"))))

    return [
        ("article without a sentence break", lambda mb: synthetic(mb, seed=1), big),
        ("digits in a row (count)", lambda n: "Russia launched " + "7" * int(n) + " drones",
         (100_000, 400_000)),
        ("digit groups 1,000,000,…", lambda mb: "at least 1" + reps(",000", mb) + " drones",
         small),
        ("commas", lambda mb: "At least 5 people," + reps(",", mb) + " 3 drones", small),
        ("quotation marks", lambda mb: reps("\"", mb / 2) + " 12 missiles " + reps("“”'", mb / 2),
         small),
        ("glued '1,2-3 to 4 $5bn '", lambda mb: reps("1,2-3 to 4 $5bn ", mb), small),
        ("'according to, said X,'", lambda mb: reps("according to, said Kyiv's mayor, ", mb),
         small),
        ("one line of short sentences", lambda mb: reps("Kyiv was hit. Russia fired 5 drones. ",
                                                        mb), small),
        ("short bullet lines", lambda mb: "Russia used:\n" + reps("- 5 drones\n", mb), small),
        # each of these was quadratic or worse before (sentence splitter, coordination
        # regex, nearest-cue search); kept as regression checks
        ("a run of dots '.....'", lambda mb: "Wait" + reps(".", mb) + " 5 drones", small),
        ("1,600 blanks between figures", lambda mb: reps("5 drones" + " " * 1600 + "x 3 ", mb),
         small),
        ("'killed 5 ' without a clause break", lambda mb: reps("killed 5 ", mb),
         (0.025, 0.1) if quick else (0.05, 0.2)),
    ]


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MB (Linux reports KiB)."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 1024 if sys.platform != "darwin" else rss / 1e6


def timed(fn, *args):
    gc.collect()
    t0 = time.perf_counter()
    out = fn(*args)
    return out, time.perf_counter() - t0


def table(rows: list[dict], columns: list[str]) -> str:
    text = [[str(r.get(c, "")) for c in columns] for r in rows]
    widths = [max(len(c), *(len(t[i]) for t in text)) for i, c in enumerate(columns)]
    lines = ["  ".join(c.rjust(w) for c, w in zip(columns, widths, strict=True))]
    lines += ["  ".join(v.rjust(w) for v, w in zip(t, widths, strict=True)) for t in text]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=20.0,
                        help="megabytes of text to extract from (default 20)")
    parser.add_argument("--quick", action="store_true",
                        help="2 MB corpus, smaller linearity and stress inputs, no traced run")
    parser.add_argument("--shared", help="the shared folder (default: ../shared beside the repo)")
    args = parser.parse_args(argv)

    shared = shared_dir(args.shared)
    if shared is None:
        where = args.shared or SHARED
        print(f"figures_throughput: skipped: the shared corpora are not in {where} "
              f"(need {GUARDIAN}/*.csv and {GDELT}); pass --shared DIR", file=sys.stderr)
        return 0

    import analystkit as ak
    from analystkit.sentences import split_sentences

    mb = 2.0 if args.quick and args.mb == 20.0 else args.mb
    base = load_documents(shared)
    docs = repeat_to(base, mb)
    size_mb = sum(len(t.encode("utf-8")) for t in docs["text"]) / 1e6
    print(f"corpus: {len(base)} documents ({GUARDIAN}, {GDELT}) repeated "
          f"{len(docs) // len(base)}x -> {len(docs)} documents, {size_mb:.1f} MB; "
          f"python {sys.version.split()[0]}, pandas {pd.__version__}, one process")

    ak.extract_figures("Russia launched 539 drones, the air force said.")  # warm-up
    rss_before = peak_rss_mb()
    figures, seconds = timed(ak.extract_figures, docs)
    rss_after = peak_rss_mb()
    traced = ""
    if not args.quick:
        del figures
        gc.collect()
        tracemalloc.start()
        figures = ak.extract_figures(docs)
        traced = f"{tracemalloc.get_traced_memory()[1] / 1e6:.0f}"
        tracemalloc.stop()
    row = {
        "MB": f"{size_mb:.1f}", "documents": len(docs), "figures": len(figures),
        "seconds": f"{seconds:.2f}", "MB/s": f"{size_mb / seconds:.2f}",
        "docs/s": f"{len(docs) / seconds:.0f}", "figures/s": f"{len(figures) / seconds:.0f}",
        "peak RSS MB": f"{rss_after:.0f} (+{rss_after - rss_before:.0f})",
        "tracemalloc peak MB": traced or "-",
    }
    print("\nthroughput (extract_figures on the repeated corpus)")
    print(table([row], list(row)))
    print("  peak RSS: whole process (corpus, pandas, result); (+N) growth during extraction")
    print("  tracemalloc peak: Python allocations during a second, traced extraction")
    del figures, docs

    sizes = (0.25, 0.5, 1.0) if args.quick else (1.0, 2.0, 4.0)
    rows = []
    for size in sizes:
        text = synthetic(size)
        spans = split_sentences(text)
        longest = max(e - s for s, e in spans)
        breaks = len(split_sentences(text, max_chars=len(text) + 1)) - 1
        figures, seconds = timed(ak.extract_figures, text)
        if not args.quick:  # best of two: the machine may be shared
            seconds = min(seconds, timed(ak.extract_figures, text)[1])
        rows.append({
            "MB": f"{len(text) / 1e6:.2f}", "sentence breaks": breaks, "pieces": len(spans),
            "longest piece": longest, "figures": len(figures),
            "seconds": f"{seconds:.2f}", "s/MB": f"{seconds / (len(text) / 1e6):.3f}",
        })
    print("\nlinearity (one synthetic article without a sentence break; pieces are the "
          "splitter's length cuts; best of two runs unless --quick)")
    print(table(rows, list(rows[0])))
    spm = [float(r["s/MB"]) for r in rows]
    print(f"  s/MB largest/smallest: {spm[-1] / spm[0]:.2f} (1.0 is linear; quadratic would "
          f"be {float(rows[-1]['MB']) / float(rows[0]['MB']):.0f})")

    print("\nstress (each input at two sizes: s/MB stays flat when time is linear; quadratic "
          "time or regex backtracking would multiply it by the size ratio)")
    rows = []
    for name, make, sizes in stress_inputs(args.quick):
        timings = []
        for size in sizes:
            text = make(size)
            mb_text = len(text.encode("utf-8")) / 1e6
            figures, seconds = timed(ak.extract_figures, text)
            timings.append((mb_text, seconds))
        (mb1, s1), (mb2, s2) = timings
        rows.append({"input": name, "MB": f"{mb1:.2f} / {mb2:.2f}", "figures": len(figures),
                     "seconds": f"{s1:.2f} / {s2:.2f}", "s/MB": f"{s1 / mb1:.3f} / {s2 / mb2:.3f}",
                     "ratio": f"{(s2 / mb2) / (s1 / mb1):.2f}"})
    print(table(rows, list(rows[0])))
    return 0


if __name__ == "__main__":
    sys.exit(main())

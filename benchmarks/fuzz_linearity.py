"""Linearity of the three extractors on long documents, the timing half of issue 8.

``tests/test_fuzz_extractors.py`` checks that the extractors never fail on arbitrary and
news-like text (including a 1 MB document without a sentence break); whether time stays
linear in the document's size is measured here, not asserted in a test.

Two documents, each built at 1, 2.5, 5 and 10 MB (``--quick``: 0.1, 0.25, 0.5, 1 MB) from
a seeded random generator (the same text on every run):

- **no sentence break**: news-like clauses (counts in digits, words and scale words,
  hedges, currencies, ranges, dates, attributions, quotations) joined by commas,
  semicolons, "and" and dashes, on one line without a single sentence stop: the sentence
  splitter can only cut it by length (every 2,000 characters);
- **news-like fragments**: the fragments of the property tests at random (numbers,
  "$5bn", "€38 billion", hedges, brackets, straight and curly quotes, "according to X",
  "X said", dates, bullets, new lines, zero-width and right-to-left marks, Arabic-Indic
  and fullwidth digits), with sentence stops and line breaks where they fall.

For each document and size, :func:`analystkit.extract_figures`,
:func:`analystkit.extract_claims` and :func:`analystkit.tag_narratives` run once on the
single document (after a warm-up call that compiles the lexicons; best of ``--repeat``
runs). The table gives seconds and seconds per MB (UTF-8, 1 MB = 1,000,000 bytes) and the
rows found; the last line of each document gives, per extractor, s/MB at the largest size
over s/MB at the smallest: 1.0 is linear, quadratic time would be the size ratio (10).

Nothing here asserts a time: the benchmark prints numbers. Needs no shared data.

Run: ``python benchmarks/fuzz_linearity.py [--quick] [--repeat N] [--sizes 1,2.5,5,10]``
(about 3 minutes at the default sizes on one core).
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import time
from collections.abc import Callable

import pandas as pd

SIZES = (1.0, 2.5, 5.0, 10.0)
QUICK_SIZES = (0.1, 0.25, 0.5, 1.0)

# clauses without a sentence stop ("." only inside decimals, never before a blank)
CLAUSES = [
    "Russia launched {h} {n} drones and {m} missiles at Kyiv overnight",
    "{h} {n} people were killed and {m} injured in Kharkiv, the governor said",
    "Ukraine's air force said {n} of the Shahed drones were shot down",
    "Germany pledged €{n} billion (${m}.5 billion) in military aid to Ukraine",
    "between {n} and {w} shells hit the outskirts of Zaporizhzhia on July {d}",
    "some {n},{k:03d} soldiers have died since February 2022, according to Reuters",
    "{w} ballistic missiles struck an airfield near Odesa at {d}:30",
    "the death toll rose to {n}, including {m} children, officials told reporters",
    "Zelensky said “the attack on {d} July was cynical” and {w} drones came back",
    "the US approved a ${m}-{n}bn package of security assistance, the Pentagon said",
    "{h} {w} million people fled, according to the UN refugee agency",
    "a {n}-year-old woman was wounded and {m} buildings were damaged",
    "Peskov told reporters that talks were “impossible” while {n} troops massed",
    "'we counted {n} explosions', a resident of Mykolaiv told the BBC",
]
HEDGES = ["", "", "at least", "about", "up to", "more than", "nearly", "around"]
WORDS = ["two", "a dozen", "twenty-five", "hundreds of", "a hundred and twenty", "1.5",
         "three thousand", "a couple of", "dozens of"]
JOINS = [", ", "; ", " and ", " — ", ", while ", " - "]

# the fragments of the property tests, with their separators
FRAGMENTS = [
    "{n}", "{n:,}", "{n} million", "1.5 million", "{n}bn", "$5bn", "€38 billion", "£200",
    "$-5bn", "-5", "US${n}m", "between {n} and {m}", "{n}-{m}", "twenty-five",
    "a hundred and twenty", "a dozen", "hundreds of", "a trillion trillion", "١٢٣", "５００",
    "5\u200b00", "about", "at least", "up to", "more than", "nearly", "drones",
    "Shahed drones", "missiles", "people", "civilians", "euros", "were shot down",
    "launched", "killed", "injured", "pledged", "according to Ukraine's Air Force",
    "according to Reuters", "Zelensky said", "the governor said", "said Kyiv's mayor",
    "told reporters that", "July {d}", "4 July 2025", "Jul 05, 2025", "9 a.m.", "13:00",
    "overnight", "(", ")", "[", "]", '"', "“", "”", "'", "‘", "’", "«", "»", ":", ";", ",",
    ".", "…", "—", "\n", "\n\n", "\n- ", "\n• ", "\n1. ", ". ", "\u200b", "\u200f",
    "\ufeff", "\u00a0", "\t", "Kyiv", "Kharkiv", "the Kremlin", "Patriot systems",
]
SEPARATORS = [" ", " ", " ", "", ", ", ". ", "\n"]


def _fill(rng: random.Random, template: str) -> str:
    return template.format(
        n=rng.randint(2, 999), m=rng.randint(2, 99), d=rng.randint(1, 28),
        k=rng.randint(0, 999), h=rng.choice(HEDGES), w=rng.choice(WORDS),
    ).strip()


def no_sentence_break(size: int, seed: int = 0) -> str:
    """``size`` characters of clauses on one line, without a sentence stop."""
    rng = random.Random(seed)
    pieces: list[str] = []
    total = 0
    while total < size:
        piece = _fill(rng, rng.choice(CLAUSES)) + rng.choice(JOINS)
        pieces.append(piece)
        total += len(piece)
    return "".join(pieces)[:size]


def news_like_fragments(size: int, seed: int = 0) -> str:
    """``size`` characters of random fragments and separators."""
    rng = random.Random(seed)
    pieces: list[str] = []
    total = 0
    while total < size:
        piece = _fill(rng, rng.choice(FRAGMENTS)) + rng.choice(SEPARATORS)
        pieces.append(piece)
        total += len(piece)
    return "".join(pieces)[:size]


def timed(fn: Callable[[str], pd.DataFrame], text: str, repeat: int) -> tuple[int, float]:
    """(rows, best seconds of ``repeat`` runs)."""
    best = float("inf")
    rows = 0
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        rows = len(fn(text))
        best = min(best, time.perf_counter() - t0)
    return rows, best


def table(rows: list[dict], columns: list[str]) -> str:
    text = [[str(r.get(c, "")) for c in columns] for r in rows]
    widths = [max(len(c), *(len(t[i]) for t in text)) for i, c in enumerate(columns)]
    lines = ["  ".join(c.rjust(w) for c, w in zip(columns, widths, strict=True))]
    lines += ["  ".join(v.rjust(w) for v, w in zip(t, widths, strict=True)) for t in text]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="0.1, 0.25, 0.5 and 1 MB instead of 1, 2.5, 5 and 10 MB")
    parser.add_argument("--sizes", help="comma-separated sizes in MB (overrides --quick)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="runs per measurement, the best is kept (default 1)")
    args = parser.parse_args(argv)
    sizes = (tuple(float(s) for s in args.sizes.split(",")) if args.sizes
             else QUICK_SIZES if args.quick else SIZES)

    import analystkit as ak
    from analystkit.sentences import split_sentences

    extractors: list[tuple[str, Callable[[str], pd.DataFrame]]] = [
        ("figures", ak.extract_figures), ("claims", ak.extract_claims),
        ("narratives", ak.tag_narratives),
    ]
    warm = "Russia launched 539 drones, Zelensky said. “It was cynical,” he said."
    for _, fn in extractors:
        fn(warm)
    print(f"python {sys.version.split()[0]}, pandas {pd.__version__}, one process, "
          f"best of {args.repeat} run(s) per cell")

    for title, make in (("no sentence break", no_sentence_break),
                        ("news-like fragments", news_like_fragments)):
        rows = []
        per_mb: dict[str, list[float]] = {name: [] for name, _ in extractors}
        for size in sizes:
            text = make(int(size * 1e6))
            mb = len(text.encode("utf-8")) / 1e6
            breaks = len(split_sentences(text, max_chars=len(text) + 1)) - 1
            row: dict[str, object] = {"MB": f"{mb:.2f}", "sentence breaks": breaks}
            for name, fn in extractors:
                found, seconds = timed(fn, text, args.repeat)
                per_mb[name].append(seconds / mb)
                row[f"{name} rows"] = found
                row[f"{name} s"] = f"{seconds:.2f}"
                row[f"{name} s/MB"] = f"{seconds / mb:.3f}"
            rows.append(row)
            del text
        print(f"\n{title}")
        print(table(rows, list(rows[0])))
        ratios = ", ".join(f"{name} {v[-1] / v[0]:.2f}" for name, v in per_mb.items())
        print(f"  s/MB largest/smallest: {ratios} (1.0 is linear; quadratic would be "
              f"{sizes[-1] / sizes[0]:.0f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

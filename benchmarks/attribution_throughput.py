"""Claims and figures together: throughput on real news, and linearity in one long text.

The attribution engine (issue "one attribution engine") parses each document once and
shares its sentences and attributions between ``extract_figures`` and ``extract_claims``.
This benchmark measures what an analyst's run pays for both tables:

- ``figures``, ``claims``: each extractor alone on a cold cache (seconds, MB/s);
- ``figures + claims``: both, one after the other, as ``analystkit report`` runs them;
- linearity: claims and figures of one synthetic article of 0.25, 0.5 and 1 MB built from
  news-like fragments with attributions, quotations and numbers but no sentence break;
  seconds per MB must stay flat as the text grows (the ratio largest/smallest is printed).

Corpus: the shared Guardian/NYT 2022 articles and the GDELT Ukraine news, repeated with
distinct ids until the text reaches ``--mb`` megabytes (default 5). Nothing here asserts a
time: the benchmark prints numbers.

Run: ``python benchmarks/attribution_throughput.py [--mb N] [--shared DIR]``. Exits 0 with
a message when the shared data is absent. It runs unchanged against older checkouts (no
parse cache there), so a change can be measured before and after.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import pandas as pd


def _clear() -> None:
    try:
        from analystkit._parsed import clear_cache
    except ImportError:  # an older checkout: nothing is cached
        return
    clear_cache()


def _corpus(shared: Path, mb: float) -> pd.DataFrame:
    import analystkit as ak

    paths = [*sorted((shared / "corpora/guardian_nyt_2022").glob("*.csv")),
             shared / "corpora/gdelt_ukraine_news/articles.csv"]
    docs = ak.load_corpus([p for p in paths if p.exists()])[["doc_id", "text"]]
    size = docs["text"].str.len().sum() / 1e6
    copies = max(1, int(mb / size + 0.999))
    out = pd.concat([docs.assign(doc_id=docs["doc_id"] + f"_{i}") for i in range(copies)],
                    ignore_index=True)
    keep = out["text"].str.len().cumsum() <= mb * 1e6
    return out[keep].reset_index(drop=True)


def _timed(fn) -> float:
    _clear()
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


_FRAGMENTS = [
    "Zelensky said 539 drones and 11 missiles were launched overnight",
    "“We will answer,” he said",
    "according to the air force 476 drones were shot down",
    "the regional governor, Oleh Syniehubov, said two people were killed and 23 injured",
    "Peskov told reporters that talks had stalled",
    "- We warn the United States - said Riabkov",
    "the mayor urged residents to stay in shelters",
]


def _long_text(mb: float) -> str:
    rng = random.Random(20251204)
    parts, size = [], 0
    while size < mb * 1e6:
        frag = rng.choice(_FRAGMENTS)
        parts.append(frag)
        size += len(frag) + 2
    return ", ".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=5.0)
    parser.add_argument("--shared", type=Path,
                        default=Path(__file__).resolve().parents[1].parent / "shared")
    args = parser.parse_args(argv)
    if not (args.shared / "corpora").exists():
        print(f"shared corpora not found at {args.shared}; nothing to measure")
        return 0
    import analystkit as ak

    docs = _corpus(args.shared, args.mb)
    mb = docs["text"].str.len().sum() / 1e6
    ak.extract_figures(docs.head(20))
    ak.extract_claims(docs.head(20))  # warm-up: lexicons and patterns compiled
    print(f"corpus: {len(docs):,} articles, {mb:.2f} MB")
    fig = _timed(lambda: ak.extract_figures(docs))
    cla = _timed(lambda: ak.extract_claims(docs))
    both = _timed(lambda: (ak.extract_figures(docs), ak.extract_claims(docs)))
    for name, secs in (("figures", fig), ("claims", cla), ("figures + claims", both)):
        print(f"{name:<18} {secs:7.2f} s  {mb / secs:6.2f} MB/s")
    print("linearity (one text, no sentence break):")
    rates = []
    for size in (0.25, 0.5, 1.0):
        text = _long_text(size)
        secs = min(_timed(lambda t=text: (ak.extract_figures(t), ak.extract_claims(t)))
                   for _ in range(2))
        rates.append(secs / size)
        print(f"  {size:4.2f} MB  {secs:6.2f} s  {secs / size:6.2f} s/MB")
    print(f"  s/MB ratio 1 MB / 0.25 MB: {rates[-1] / rates[0]:.2f} (flat is 1.0)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

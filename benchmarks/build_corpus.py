"""Build a large benchmark corpus from the shared corpora: N articles, written as files.

The shared Guardian/NYT 2022, GDELT Ukraine news and SemEval-2025 URW articles (about
1,000 distinct articles) are loaded once with :func:`analystkit.load_corpus` and
replicated until there are ``--articles`` of them (default 100,000). Each copy gets a
distinct id (``{doc_id}-r{k}``) and a distinct text: a last line ``(replica <letters>)``
is added, with no digit in it, so it adds no figure and duplicate detection keeps every
copy. The articles are written as JSON Lines shards of ``--per-file`` articles each
(default 1,000: 100 files), the way a scraper's daily dumps look, plus a
``.manifest.json`` with the counts and sizes (hidden, so the loader ignores it).

Run: ``python benchmarks/build_corpus.py OUT_DIR [--articles N] [--per-file K]``.
Exits 0 with a message when the shared data is absent.
"""

from __future__ import annotations

import argparse
import json
import string
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPORA = (
    "corpora/guardian_nyt_2022",
    "corpora/gdelt_ukraine_news/articles.csv",
    "corpora/semeval2025_task10_en_urw/EN_URW_articles_labelled.csv",
)


def _letters(k: int) -> str:
    """0 -> 'a', 25 -> 'z', 26 -> 'ba', …: a digit-free tag for replica k."""
    out = ""
    while True:
        k, r = divmod(k, 26)
        out = string.ascii_lowercase[r] + out
        if not k:
            return out


def build(out: Path, articles: int, per_file: int, shared: Path) -> dict[str, object]:
    import analystkit

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the shared CSVs hold duplicates; they are listed
        docs = analystkit.load_corpus([shared / c for c in CORPORA])
    base = docs[["doc_id", "title", "source", "published", "url", "text"]].to_dict("records")
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("shard-*.jsonl"):
        old.unlink()
    n_files = 0
    nbytes = 0
    lines: list[str] = []

    def flush() -> None:
        nonlocal n_files, nbytes, lines
        if lines:
            data = ("\n".join(lines) + "\n").encode("utf-8")
            (out / f"shard-{n_files:05d}.jsonl").write_bytes(data)
            n_files += 1
            nbytes += len(data)
            lines = []

    for i in range(articles):
        rec = base[i % len(base)]
        k = i // len(base)
        published = rec["published"]
        lines.append(json.dumps({
            "id": f"{rec['doc_id']}-r{k}",
            "title": rec["title"],
            "source": rec["source"],
            "published": "" if published != published else published.isoformat(),
            "url": rec["url"],
            "text": f"{rec['text']}\n\n(replica {_letters(k)})",
        }, ensure_ascii=False))
        if len(lines) == per_file:
            flush()
    flush()
    manifest = {"articles": articles, "distinct_sources": len(base), "files": n_files,
                "bytes": nbytes, "per_file": per_file}
    (out / ".manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to write the shards to")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--per-file", type=int, default=1_000)
    parser.add_argument("--shared", type=Path, default=SHARED)
    args = parser.parse_args(argv)
    if not (args.shared / "corpora").is_dir():
        print(f"skipped: needs the shared corpora at {args.shared / 'corpora'}")
        return 0
    t0 = time.perf_counter()
    manifest = build(args.out, args.articles, args.per_file, args.shared)
    print(f"wrote {manifest['articles']:,} articles ({manifest['bytes'] / 1e6:,.1f} MB) in "
          f"{manifest['files']} files to {args.out} in {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

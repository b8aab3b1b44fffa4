"""Evaluate narrative tagging on the SemEval-2025 Task 10 English URW articles.

Data: ``../shared/corpora/semeval2025_task10_en_urw/EN_URW_articles_labelled.csv`` (178
articles; labels written as Python-style lists or ';'-separated depending on ``origin``).
Gold labels are mapped to top-level narratives (``"URW: Praise of Russia"`` and the
sub-narratives' prefixes); ``"Other"`` means no narrative. Climate-change ("CC:") labels
found on a few articles stay in the gold (they can only be missed).

Metric: the task's samples F1 at narrative (coarse) level: F1 per article, averaged over
articles. As in the task's scorer, "Other" is a class: an article with no narrative is
labelled ``{"Other"}`` on both sides, so empty-vs-empty scores 1 and empty-vs-anything
scores 0 (zero_division=0). Also reported on the narrative-bearing articles only.

Learned model (``analystkit.train_narratives``): 5-fold cross-validation **by article**
(articles sorted by file name, fold = position mod 5); each fold's model is trained on
the other four folds only, and every fold is tagged by a model that never saw it. The
hyper-parameters (C and the probability threshold, printed below) are fixed for all
folds; they were picked from a small grid (C in 1/4/16, threshold 0.3-0.6) on this same
cross-validation, so the figure is slightly optimistic.

Cue taxonomy: the old evaluation (threshold on summed cue scores chosen on the even
half, scored on the odd half) is kept for comparison.

Baselines: "all Other" predicts no narrative for every article; "random" gives each
article one label drawn uniformly from the task's coarse classes.

Throughput: ``--throughput [MB]`` tags the corpus of ``benchmarks/figures_throughput.py``
(Guardian/NYT + GDELT, repeated to MB megabytes) with the default taxonomy's cues, the
semeval-urw model and the semeval-urw cues, on one core, and prints MB/s (best of two).

Run: ``python benchmarks/semeval_narratives.py [--quick] [--throughput [MB]]
[--write-model FILE]``. Skips (exit 0) with a message when the shared data is absent.
"""

from __future__ import annotations

import ast
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "corpora" / "semeval2025_task10_en_urw"
CSV = DATA / "EN_URW_articles_labelled.csv"
OTHER = "Other"
THRESHOLDS = (0.8, 1.0, 1.6, 2.0, 2.5, 3.0, 4.0)
FOLDS = 5
C = 16.0
CUE_WEIGHT = 0.3
# The shipped model uses words and bigrams only: cue columns (train_narratives(cues=True))
# did not raise the cross-validated F1 here (see the variants printed below), and these
# cues were written while reading these very articles.
CUES = False
MODEL_THRESHOLD = "cv"  # chosen by a 5-fold CV inside the training articles


def parse_labels(value: object) -> list[str]:
    """Labels from a cell written as a Python-style list or as a ';'-separated string."""
    if not isinstance(value, str) or not value.strip():
        return []
    text = value.strip()
    if text.startswith("["):
        parsed = ast.literal_eval(text)  # a literal list of strings, never code
        return [str(v).strip() for v in parsed if str(v).strip()]
    return [v.strip() for v in text.split(";") if v.strip()]


def top_level(label: str) -> str | None:
    """``"URW: Praise of Russia: Other"`` -> ``"URW: Praise of Russia"``; Other -> None."""
    parts = [p.strip() for p in label.split(":")]
    if not parts or parts[0] == OTHER:
        return None
    if len(parts) == 1:
        return parts[0]
    return f"{parts[0]}: {parts[1]}"


def gold_sets(frame) -> list[frozenset[str]]:
    """Top-level gold narratives per article (from both columns; empty for Other)."""
    out = []
    for narratives, subnarratives in zip(frame["narratives"], frame["subnarratives"],
                                         strict=True):
        labels = parse_labels(narratives) + parse_labels(subnarratives)
        out.append(frozenset(t for t in map(top_level, labels) if t))
    return out


def article_f1(gold: frozenset[str], pred: frozenset[str]) -> float:
    """The task's per-article F1, with "Other" standing for the empty set."""
    g = gold or frozenset({OTHER})
    p = pred or frozenset({OTHER})
    tp = len(g & p)
    if tp == 0:
        return 0.0
    precision, recall = tp / len(p), tp / len(g)
    return 2 * precision * recall / (precision + recall)


def samples_f1(golds, preds) -> float:
    scores = [article_f1(g, p) for g, p in zip(golds, preds, strict=True)]
    return sum(scores) / len(scores) if scores else float("nan")


def micro_prf(golds, preds) -> tuple[float, float]:
    tp = sum(len(g & p) for g, p in zip(golds, preds, strict=True))
    n_pred = sum(len(p) for p in preds)
    n_gold = sum(len(g) for g in golds)
    return (tp / n_pred if n_pred else 0.0), (tp / n_gold if n_gold else 0.0)


def predict(strength: dict[str, dict[str, float]], doc_ids, threshold: float):
    return [frozenset(n for n, s in strength.get(d, {}).items() if s >= threshold)
            for d in doc_ids]


def random_baseline(golds, classes: list[str], seeds: int = 200) -> float:
    total = 0.0
    for seed in range(seeds):
        rng = random.Random(seed)
        preds = []
        for _ in golds:
            label = rng.choice(classes)
            preds.append(frozenset() if label == OTHER else frozenset({label}))
        total += samples_f1(golds, preds)
    return total / seeds


def cue_eval() -> int:
    import pandas as pd

    from analystkit.narratives import load_taxonomy, tag_narratives

    articles = pd.read_csv(CSV).sort_values("file", kind="stable").reset_index(drop=True)
    articles["doc_id"] = articles["file"].astype("str")
    golds = dict(zip(articles["doc_id"], gold_sets(articles), strict=True))
    dev_ids = articles["doc_id"].iloc[0::2].tolist()
    test_ids = articles["doc_id"].iloc[1::2].tolist()

    taxonomy = load_taxonomy("semeval-urw")
    task_label = {n.id: n.extra.get("semeval_label", f"URW: {n.label}") for n in taxonomy}
    t0 = time.perf_counter()
    tags = tag_narratives(articles[["doc_id", "text"]], taxonomy, method="cues")
    seconds = time.perf_counter() - t0

    strength: dict[str, dict[str, float]] = {}
    for row in tags.itertuples(index=False):
        per_doc = strength.setdefault(row.doc_id, {})
        label = task_label[row.narrative]
        per_doc[label] = per_doc.get(label, 0.0) + row.score

    dev_gold = [golds[d] for d in dev_ids]
    test_gold = [golds[d] for d in test_ids]
    print(f"SemEval-2025 Task 10, English URW: {len(articles)} articles "
          f"({len(dev_ids)} dev / {len(test_ids)} test; sorted by file name, even/odd)")
    print(f"tagging: {len(tags)} evidence sentences in {seconds:.1f} s")
    print("metric: samples F1 at narrative level; 'Other' is a class, so an article without "
          "narratives scores 1 when none is predicted (empty vs empty = 1), 0 otherwise\n")

    print("threshold on summed sentence scores, chosen on dev:")
    print(f"  {'threshold':>9}  {'dev F1':>6}  {'dev P':>5}  {'dev R':>5}")
    best_t, best_f1 = THRESHOLDS[0], -1.0
    for t in THRESHOLDS:
        preds = predict(strength, dev_ids, t)
        f1 = samples_f1(dev_gold, preds)
        p, r = micro_prf(dev_gold, preds)
        print(f"  {t:>9.1f}  {f1:>6.3f}  {p:>5.2f}  {r:>5.2f}")
        if f1 > best_f1:
            best_t, best_f1 = t, f1

    classes = [line.strip().strip('"') for line in (
        DATA / "taxonomy" / "subtask2_all_coarse-grained_narratives.csv"
    ).read_text(encoding="utf-8").splitlines()[1:] if line.strip()]
    rows = []
    for name, ids, gold in (("dev", dev_ids, dev_gold), ("test", test_ids, test_gold)):
        preds = predict(strength, ids, best_t)
        p, r = micro_prf(gold, preds)
        rows.append((name, len(ids), samples_f1(gold, preds), p, r,
                     random_baseline(gold, classes),
                     samples_f1(gold, [frozenset()] * len(gold)),
                     sum(1 for g in gold if not g)))
    print(f"\nresult (threshold {best_t:.1f}; random = one of {len(classes)} coarse classes, "
          "mean of 200 seeds):")
    header = (f"  {'split':<5} {'n':>3}  {'samples F1':>10}  {'micro P':>7}  {'micro R':>7}  "
              f"{'random':>6}  {'all Other':>9}  {'n Other':>7}")
    print(header)
    for name, n, f1, p, r, rnd, other, n_other in rows:
        print(f"  {name:<5} {n:>3}  {f1:>10.3f}  {p:>7.2f}  {r:>7.2f}  {rnd:>6.3f}  "
              f"{other:>9.3f}  {n_other:>7}")

    print("\nper narrative on test (threshold as above):")
    preds = predict(strength, test_ids, best_t)
    print(f"  {'narrative':<58} {'gold':>4} {'pred':>4} {'hit':>4}")
    for n in taxonomy:
        label = task_label[n.id]
        g = sum(label in s for s in test_gold)
        p = sum(label in s for s in preds)
        hit = sum(label in s and label in q for s, q in zip(test_gold, preds, strict=True))
        print(f"  {label:<58} {g:>4} {p:>4} {hit:>4}")
    return 0


def folds_by_article(articles) -> list[int]:
    """Fold of each article: articles sorted by file name, identical texts in one fold
    (two texts appear twice under different file names), fold = group position mod 5."""
    group: dict[str, int] = {}
    return [group.setdefault(t, len(group)) % FOLDS for t in articles["text"]]


def cross_validate(articles, *, cues: bool = CUES, threshold=MODEL_THRESHOLD):
    """Out-of-fold predictions (sets of task labels) and timings."""
    from analystkit.narratives import load_taxonomy, tag_narratives, train_narratives

    taxonomy = load_taxonomy("semeval-urw")
    task_label = {n.id: n.extra.get("semeval_label", f"URW: {n.label}") for n in taxonomy}
    fold = folds_by_article(articles)
    preds: list[frozenset[str]] = [frozenset()] * len(articles)
    thresholds = []
    train_s = tag_s = 0.0
    for f in range(FOLDS):
        train = articles[[x != f for x in fold]]
        test = articles[[x == f for x in fold]]
        t0 = time.perf_counter()
        model = train_narratives(train, "semeval-urw", C=C, threshold=threshold, cues=cues,
                                 cue_weight=CUE_WEIGHT, unknown="ignore")
        t1 = time.perf_counter()
        thresholds.append(model.threshold)
        tags = tag_narratives(test[["doc_id", "text"]], "semeval-urw", model=model)
        tag_s += time.perf_counter() - t1
        train_s += t1 - t0
        found: dict[str, set[str]] = {}
        for row in tags.itertuples(index=False):
            found.setdefault(row.doc_id, set()).add(task_label[row.narrative])
        for i, d in zip(test.index, test["doc_id"], strict=True):
            preds[i] = frozenset(found.get(d, ()))
    return preds, thresholds, train_s, tag_s


def load_articles():
    import pandas as pd

    articles = pd.read_csv(CSV).sort_values("file", kind="stable").reset_index(drop=True)
    articles["doc_id"] = articles["file"].astype("str")
    golds = gold_sets(articles)
    articles["narrative"] = [";".join(sorted(g)) for g in golds]
    return articles, golds


def model_eval(variants: bool = True) -> dict[str, float]:
    from analystkit.narratives import load_taxonomy

    articles, golds = load_articles()
    taxonomy = load_taxonomy("semeval-urw")
    task_label = {n.id: n.extra.get("semeval_label", f"URW: {n.label}") for n in taxonomy}
    preds, thresholds, train_s, tag_s = cross_validate(articles)
    bearing = [i for i, g in enumerate(golds) if g]
    mb = articles["text"].str.len().sum() / 1e6
    what = (f"TF-IDF words + bigrams + one column per cue (weight {CUE_WEIGHT})" if CUES
            else "TF-IDF words + bigrams")
    print(f"learned model (logistic regression, {what}, C={C}), {FOLDS}-fold CV by article "
          "(identical texts in one fold);")
    print("  threshold chosen inside each training fold by a nested 5-fold CV: "
          + ", ".join(f"{t:.3f}" for t in thresholds))
    print(f"  training {train_s / FOLDS:.2f} s per fold (with the nested CV); "
          f"tagging {mb / tag_s:.1f} MB/s")
    other = [frozenset()] * len(golds)
    overall = samples_f1(golds, preds)
    bg = [golds[i] for i in bearing]
    bp = [preds[i] for i in bearing]
    bearing_f1 = samples_f1(bg, bp)
    print(f"  {'':<24} {'n':>4} {'samples F1':>10} {'all Other':>9}")
    print(f"  {'all articles':<24} {len(golds):>4} {overall:>10.3f} "
          f"{samples_f1(golds, other):>9.3f}")
    print(f"  {'narrative-bearing':<24} {len(bg):>4} {bearing_f1:>10.3f} "
          f"{samples_f1(bg, [frozenset()] * len(bg)):>9.3f}")
    n_other = len(golds) - len(bearing)
    right_other = sum(1 for g, p in zip(golds, preds, strict=True) if not g and not p)
    said_other = sum(1 for p in preds if not p)
    print(f"  'Other' (no narrative): {right_other} of {n_other} articles right; "
          f"predicted for {said_other} articles")
    p, r = micro_prf(golds, preds)
    print(f"  micro P {p:.2f}  micro R {r:.2f}  (targets of issue 17: 0.65 overall, "
          "0.45 narrative-bearing)")
    print(f"\n  {'narrative':<58} {'gold':>4} {'pred':>4} {'hit':>4} {'P':>5} {'R':>5}")
    for n in taxonomy:
        label = task_label[n.id]
        g = sum(label in s for s in golds)
        q = sum(label in s for s in preds)
        hit = sum(label in s and label in t for s, t in zip(golds, preds, strict=True))
        print(f"  {label:<58} {g:>4} {q:>4} {hit:>4} {hit / q if q else 0:>5.2f} "
              f"{hit / g if g else 0:>5.2f}")
    if variants:
        print("\n  variants (same folds):")
        for name, kw in (("hybrid: + one column per cue, nested threshold",
                          {"cues": True}),
                         ("words only, fixed threshold 0.5", {"threshold": 0.5})):
            vp = cross_validate(articles, **kw)[0]
            print(f"  {name:<48} overall {samples_f1(golds, vp):.3f}  narrative-bearing "
                  f"{samples_f1(bg, [vp[i] for i in bearing]):.3f}")
    print()
    return {"overall": overall, "bearing": bearing_f1}


def throughput(mb: float) -> None:
    """Narrative tagging MB/s on one core on the corpus of benchmarks/figures_throughput.py
    (the shared Guardian/NYT and GDELT articles repeated to ``mb`` MB of UTF-8 text)."""
    import analystkit as ak

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from figures_throughput import SHARED, load_documents, repeat_to, shared_dir

    shared = shared_dir(str(SHARED))
    if shared is None:
        print(f"SKIP: needs the Guardian/NYT and GDELT corpora under {SHARED}")
        return
    docs = repeat_to(load_documents(shared), mb)
    size = sum(len(t.encode("utf-8")) for t in docs["text"]) / 1e6
    print(f"throughput on {size:.1f} MB ({len(docs)} documents; one process, one core):")
    for taxonomy, method in (("default", "auto"), ("semeval-urw", "auto"),
                             ("semeval-urw", "cues")):
        ak.tag_narratives("Warm-up: Russia launched drones at Kyiv.", taxonomy, method=method)
        best = float("inf")
        for _ in range(2):
            t0 = time.perf_counter()
            tags = ak.tag_narratives(docs, taxonomy, method=method)
            best = min(best, time.perf_counter() - t0)
        kind = "learned model" if method == "auto" and taxonomy != "default" else "cues"
        print(f"  {taxonomy:<12} {kind:<14} {len(tags):>6} tags  {best:6.2f} s  "
              f"{size / best:5.2f} MB/s")


def write_model(path: Path) -> None:
    """Train the shipped model on all 178 articles (threshold by 5-fold CV) and save it."""
    from analystkit.narratives import train_narratives

    articles, _ = load_articles()
    model = train_narratives(articles, "semeval-urw", C=C, threshold=MODEL_THRESHOLD,
                             cues=CUES, cue_weight=CUE_WEIGHT, unknown="ignore")
    model.meta["trained_on"] = "SemEval-2025 Task 10 English URW, 178 labelled articles"
    model.save(path)
    print(f"wrote {path} (threshold {model.threshold:.3f}, {len(model.vocabulary)} terms, "
          f"{len(model.cue_keys)} cue columns)")


def main() -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write-model", metavar="NPZ",
                        help="train on all articles and write the model file")
    parser.add_argument("--throughput", type=float, metavar="MB", nargs="?", const=10.0,
                        help="only measure tagging MB/s on the throughput corpus (default 10 MB)")
    parser.add_argument("--quick", action="store_true",
                        help="the learned model's CV only (no variants, no cue evaluation)")
    args = parser.parse_args()
    if args.throughput:
        throughput(args.throughput)
        return 0
    if not CSV.exists():
        print(f"SKIP: needs {CSV} (../shared beside the project); nothing evaluated.")
        return 0
    if args.write_model:
        write_model(Path(args.write_model))
        return 0
    model_eval(variants=not args.quick)
    if args.quick:
        return 0
    print("cue taxonomy (method='cues'), even/odd split:")
    return cue_eval()


if __name__ == "__main__":
    sys.exit(main())

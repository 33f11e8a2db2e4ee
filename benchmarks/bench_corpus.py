"""The corpus engine on PolNeAR train (840 articles, 7 outlets): throughput with 1 and 2 Dask
workers, peak memory per worker, the speed-up, and a second run that must write nothing.

    .venv/bin/python benchmarks/bench_corpus.py [--limit N] [--workers 1,2] [--keep]

The articles are prepared with ``score_attribution.py prepare`` (text plus a ``.meta.json``
giving outlet and date) into ``benchmarks/work/polnear_train/`` (git-ignored; the shared
corpus is never copied into the repository). ``--limit N`` takes N articles spread evenly over
the corpus (every k-th by name, so every outlet is in), as links in a sample directory.
Each worker count runs into a new dataset under ``benchmarks/work/``; the second run goes over
the last one. Prints the figures and writes ``benchmarks/results/corpus.csv``; the last
dataset stays in ``benchmarks/work/polnear_train.parquet`` (``polnear_train_sampleN.parquet``
with ``--limit``) for ``notebooks/08_coverage.ipynb``.
Prints "skipped" and exits 0 without ../shared/eval.
"""
from __future__ import annotations

import argparse
import csv
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SHARED = ROOT.parent / "shared" / "eval" / "attribution"
WORK = ROOT / "benchmarks" / "work"
PREPARED = WORK / "polnear_train"
DATASET = WORK / "polnear_train.parquet"
RESULTS = ROOT / "benchmarks" / "results" / "corpus.csv"


def prepare() -> Path:
    """PolNeAR train as articles with sidecars (prepared once)."""
    if not any(PREPARED.glob("*.meta.json")):
        subprocess.run([sys.executable, str(SHARED / "score_attribution.py"), "prepare",
                        str(SHARED / "polnear" / "train"), str(PREPARED)], check=True,
                       stdout=subprocess.DEVNULL)
    return PREPARED


def sample(src: Path, limit: int | None) -> Path:
    """``src`` itself, or a directory of links to ``limit`` articles spread over it."""
    from explorer.batch import article_files
    files = article_files(src)
    if limit is None or limit >= len(files):
        return src
    step = len(files) / limit
    dest = WORK / f"polnear_train_sample{limit}"
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for i in range(limit):
        f = files[int(i * step)]
        for p in (f, f.with_name(f.stem + ".meta.json")):
            (dest / p.name).symlink_to(p.resolve())
    return dest


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, help="only N articles, spread over the corpus")
    ap.add_argument("--workers", default="1,2", help="worker counts to run, comma-separated")
    args = ap.parse_args()
    if not (SHARED / "polnear" / "train").is_dir():
        print("bench_corpus: skipped (../shared/eval/attribution/polnear/train is absent)")
        return 0
    from explorer.corpus import extract_corpus, read_table

    corpus = sample(prepare(), args.limit)
    final = DATASET if args.limit is None else WORK / f"polnear_train_sample{args.limit}.parquet"
    rows, first = [], None
    counts = [int(w) for w in args.workers.split(",") if w.strip()]
    for i, w in enumerate(counts):
        ds = final if i == len(counts) - 1 else WORK / f"polnear_train.w{w}.parquet"
        if ds.exists():
            shutil.rmtree(ds)
        r = extract_corpus(corpus, ds, workers=w, progress=sys.stderr.isatty())
        rss = sorted(r.worker_peak_rss.values())
        row = {"run": f"{w} worker(s)", "workers": w, "articles": r.articles, "extracted": r.done,
               "failed": len(r.failed), "words": r.words, "seconds": round(r.seconds, 1),
               "articles_per_s": round(r.done / r.seconds, 3), "words_per_s": round(r.words / r.seconds, 1),
               "peak_rss_mb_per_worker": "; ".join(f"{b / 2**20:.0f}" for b in rss),
               "speedup": "", "parts_written": r.parts_written}
        first = first or row
        row["speedup"] = round(row["articles_per_s"] / first["articles_per_s"], 2)
        rows.append(row)
        print(f"{row['run']}: {r.done} articles ({r.words} words) in {r.seconds:.1f} s: "
              f"{row['articles_per_s']} articles/s, {row['words_per_s']} words/s; peak RSS per worker "
              f"{row['peak_rss_mb_per_worker']} MB; speed-up {row['speedup']}; failed {len(r.failed)}",
              flush=True)
    again = extract_corpus(corpus, final, workers=counts[-1], progress=False)
    rows.append({"run": "second run", "workers": counts[-1], "articles": again.articles,
                 "extracted": again.done, "failed": len(again.failed), "words": again.words,
                 "seconds": round(again.seconds, 2), "articles_per_s": "", "words_per_s": "",
                 "peak_rss_mb_per_worker": "", "speedup": "", "parts_written": again.parts_written})
    print(f"second run: {again.skipped} of {again.articles} skipped, {again.done} extracted, "
          f"{again.parts_written} parts written, {again.seconds:.2f} s")
    fails = read_table(final, "failures")
    for r in fails.itertuples():
        print(f"failure: {r.article_id}: {r.reason}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    with RESULTS.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"written {RESULTS.relative_to(ROOT)}; dataset {final.relative_to(ROOT)}")
    return 0 if again.parts_written == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

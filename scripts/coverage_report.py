"""`make coverage`: the PolNeAR train corpus dataset and its coverage report.

    .venv/bin/python scripts/coverage_report.py [--workers N] [--limit N]

Prepares PolNeAR train (840 articles, 7 outlets) from ../shared/eval as articles with
``.meta.json`` sidecars in ``benchmarks/work/polnear_train/``, extracts it on a local Dask
cluster into ``benchmarks/work/polnear_train.parquet`` (resumable: what is already there is
skipped, so after `make bench` there is nothing left to do), then executes
``notebooks/08_coverage.ipynb`` on it and writes ``reports/08_coverage_polnear.html``.
``--limit N`` uses N articles spread over the corpus (a separate dataset). Prints "skipped"
and exits 0 without ../shared/eval.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--limit", type=int)
    args = ap.parse_args()
    import bench_corpus as bc
    if not (bc.SHARED / "polnear" / "train").is_dir():
        print("coverage: skipped (../shared/eval/attribution/polnear/train is absent)")
        return 0
    from explorer.corpus import extract_corpus
    from explorer.report import execute_notebook, export_html

    corpus = bc.sample(bc.prepare(), args.limit)
    dataset = bc.DATASET if args.limit is None else bc.WORK / f"polnear_train_sample{args.limit}.parquet"
    res = extract_corpus(corpus, dataset, workers=args.workers, progress=sys.stderr.isatty())
    print(res.summary())
    nb = execute_notebook(ROOT / "notebooks" / "08_coverage.ipynb",
                          params={"DATASET": os.path.relpath(dataset, ROOT / "notebooks")},
                          cwd=ROOT / "notebooks")
    out = export_html(nb, ROOT / "reports" / "08_coverage_polnear.html")
    print(f"report: {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

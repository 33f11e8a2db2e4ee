"""Human agreement on PolNeAR, with the same scorer as our attribution benchmark.

In:  ../shared/eval/attribution: the PolNeAR articles that several annotators annotated (18:
     16 in train, 2 in dev; six annotations each, one article five) and score_attribution.py.
Out: printed figures and benchmarks/results/agreement.csv (annotator, metric, P, R, F1).

The scorer takes an article's first annotation (by file name) as gold. Here every other
annotator's annotation of the same articles is written as a claims.csv (speaker, cue and content
each as the extent [first start, last end] of its fragments, as a single-span table must) and
scored against that gold exactly as our claims are. "annotator k" is the k-th annotation of
each article by file name (not one person); annotator 6 is scored on the 17 articles that have
six. The result is what a trained PolNeAR annotator scores: a ceiling to read our figures (and
any goal) against.

Usage: .venv/bin/python benchmarks/bench_agreement.py
Exits 0 with "skipped: ../shared/eval not found" when the shared data is absent.
"""
from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval" / "attribution"
WORK = ROOT / "benchmarks" / "work" / "agreement"
RESULTS = ROOT / "benchmarks" / "results" / "agreement.csv"
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT / "scripts"))

from bench_attribution import score  # noqa: E402
from train_attribution import scorer_module  # noqa: E402


def multi_annotated() -> dict[str, tuple[Path, list[Path]]]:
    """Article -> (text path, its .ann files sorted by name) for articles with several annotators."""
    out = {}
    for split in ("train", "dev"):
        anns: dict[str, list[Path]] = {}
        for p in sorted((EVAL / "polnear" / split / "attributions").glob("*.ann")):
            anns.setdefault(p.stem.rsplit("_", 1)[0], []).append(p)
        for art, ps in anns.items():
            if len(ps) > 1:
                out[art] = (EVAL / "polnear" / split / "text" / f"{art}.txt", ps)
    return dict(sorted(out.items()))


def claims_rows(ann: Path, scorer) -> list[dict]:
    """One claims.csv row per attribution of an annotation file (extents of its fragments)."""
    spans, events = scorer.parse_ann(str(ann))
    rows = []
    for _, etype, roles in events:
        if not etype.startswith("Attribution"):
            continue
        frags: dict[str, list] = {"source": [], "cue": [], "content": []}
        for role, tid in roles:
            role = role.rstrip("0123456789").lower()
            if role in frags and tid in spans:
                frags[role] += spans[tid][1]
        if not frags["content"]:
            continue
        row = {}
        for role, col in (("source", "speaker"), ("cue", "cue"), ("content", "content")):
            fr = frags[role]
            row[f"{col}_start"] = min(s for s, _ in fr) if fr else ""
            row[f"{col}_end"] = max(e for _, e in fr) if fr else ""
        rows.append(row)
    return rows


def _subset(gold_dir: Path, out: Path, articles) -> Path:
    """A prepared-gold folder holding only ``articles`` (copies of their prepared files)."""
    out.mkdir(parents=True)
    for art in articles:
        for p in gold_dir.glob(f"{art}.*"):
            shutil.copy(p, out / p.name)
    return out


def main() -> int:
    if not EVAL.exists():
        print("skipped: ../shared/eval not found")
        return 0
    scorer = scorer_module()
    arts = multi_annotated()
    shutil.rmtree(WORK, ignore_errors=True)
    gold_dir = WORK / "gold"
    split_dir = WORK / "split"
    (split_dir / "text").mkdir(parents=True)
    (split_dir / "attributions").mkdir()
    n_ann = max(len(ps) for _, ps in arts.values())
    for art, (txt, ps) in arts.items():
        shutil.copy(txt, split_dir / "text" / txt.name)
        shutil.copy(ps[0], split_dir / "attributions" / ps[0].name)
    subprocess.run([sys.executable, str(EVAL / "score_attribution.py"), "prepare", str(split_dir), str(gold_dir)],
                   check=True, capture_output=True)
    cols = ["speaker_start", "speaker_end", "cue_start", "cue_end", "content_start", "content_end"]
    results = []
    print(f"PolNeAR articles with several annotators: {len(arts)}; gold = the first annotation by file "
          "name (as the scorer chooses); each other annotation scored against it")
    for k in range(1, n_ann):
        pred = WORK / f"annotator_{k + 1}"
        have = {art: ps for art, (_, ps) in arts.items() if len(ps) > k}
        gold_k = gold_dir if len(have) == len(arts) else _subset(gold_dir, WORK / f"gold_{k + 1}", have)
        for art, ps in have.items():
            d = pred / art
            d.mkdir(parents=True)
            with (d / "claims.csv").open("w", newline="", encoding="utf-8") as f:
                w = csv.DictWriter(f, fieldnames=cols, lineterminator="\n")
                w.writeheader()
                w.writerows(claims_rows(ps[k], scorer))
        _, figs = score(gold_k, pred)
        results += [(f"annotator_{k + 1}", *fig) for fig in figs]
        line = "  ".join(f"{m} {f1:.3f}" for m, _, _, f1 in figs if m in ("content_overlap", "attribution"))
        print(f"annotator {k + 1} ({len(have)} articles, F1): {line}")
    for metric in ("content_overlap", "content_exact", "cue", "attribution"):
        vals = [r for r in results if r[1] == metric]
        mean = [sum(r[i] for r in vals) / len(vals) for i in (2, 3, 4)]
        results.append(("mean", metric, *(round(v, 3) for v in mean)))
        print(f"mean over annotators  {metric:16s} P {mean[0]:.3f}  R {mean[1]:.3f}  F1 {mean[2]:.3f}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    with RESULTS.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["annotator", "metric", "precision", "recall", "f1"])
        w.writerows(results)
    print(f"wrote {os.path.relpath(RESULTS, ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

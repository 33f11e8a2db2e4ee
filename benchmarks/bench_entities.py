"""Benchmark the entity extractor on MEANTIME English (airbus + apple corpora).

Prepares ../shared/eval/entities/meantime/corpus_{airbus,apple} into benchmarks/work/meantime
with the shared scorer, runs the ``blocks`` and ``entities`` components over every article
(default offline pipeline: rules + gazetteer + name lists), writes <pred>/<doc>/mentions.csv,
scores them (named mentions, overlap and exact), prints the scorer output and the throughput, and
writes benchmarks/results/entities.csv.

    .venv/bin/python benchmarks/bench_entities.py [--errors]
"""
from __future__ import annotations

import csv
import json
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "eval" / "entities"
CORPORA = ("corpus_airbus", "corpus_apple")
WORK = ROOT / "benchmarks" / "work"
RESULTS = ROOT / "benchmarks" / "results"
sys.path.insert(0, str(ROOT))
from _scorer import run_scorer  # noqa: E402  (benchmarks/ is on sys.path when run as a script)

#: MEANTIME annotates only the headline, the date line and the first sentences of each article
#: (token sentences 0-5 in the CAT files: no mention lies beyond line 5 of a prepared text), so
#: predictions past that line would all count as false positives. The "annotated" run keeps only
#: mentions in lines 0-5; the "full" run keeps everything. Both are printed.
ANNOTATED_LINES = 6

COLS = ["entity_id", "kind", "text", "start", "end", "block_id", "mention_type", "name"]


def prepare() -> Path:
    """MEANTIME CAT XML -> <doc>.txt/.meta.json/.gold.json with the shared scorer (once)."""
    out = WORK / "meantime"
    if not any(out.glob("*.gold.json")):
        subprocess.run([sys.executable, str(SHARED / "score_entities.py"), "prepare",
                        *[str(SHARED / "meantime" / c) for c in CORPORA], str(out)], check=True)
    return out


def annotated_end(text: str) -> int:
    """Offset where MEANTIME's annotated part (lines 0..ANNOTATED_LINES-1) ends."""
    pos = -1
    for _ in range(ANNOTATED_LINES):
        pos = text.find("\n", pos + 1)
        if pos == -1:
            return len(text)
    return pos


def extract(gold_dir: Path, pred_dir: Path) -> tuple[int, int, float, float]:
    """Run blocks+entities over every prepared article; returns (articles, words, seconds, peak MB)."""
    from explorer import load_article
    from explorer.pipeline import run

    docs = sorted(gold_dir.glob("*.txt"))
    run(load_article(docs[0]), pipeline=("blocks", "entities"))      # warm the lexicons
    n_words = 0
    tracemalloc.start()
    t0 = time.perf_counter()
    for p in docs:
        art = load_article(p)
        n_words += len(art.text.split())
        doc = run(art, pipeline=("blocks", "entities"))
        cut = annotated_end(art.text)
        for sub, rows in (("full", doc.rows["mentions"]),
                          ("annotated", [r for r in doc.rows["mentions"] if r["end"] <= cut])):
            out = pred_dir / sub / p.stem / "mentions.csv"
            out.parent.mkdir(parents=True, exist_ok=True)
            with out.open("w", encoding="utf-8", newline="") as f:
                w = csv.DictWriter(f, fieldnames=COLS, extrasaction="ignore")
                w.writeheader()
                w.writerows(rows)
    secs = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return len(docs), n_words, secs, peak


def score(gold_dir: Path, pred_dir: Path) -> dict:
    """Run the shared scorer: print its report, return its JSON figures."""
    return run_scorer(SHARED / "score_entities.py", gold_dir, pred_dir)


def errors(gold_dir: Path, pred_dir: Path, kinds=("person", "place")) -> None:
    """Print missed named gold mentions and unexcused false positives (rough, overlap-based)."""
    for g in sorted(gold_dir.glob("*.gold.json")):
        gold = json.loads(g.read_text(encoding="utf-8"))
        text = (gold_dir / (g.name[:-10] + ".txt")).read_text(encoding="utf-8")
        pred_p = pred_dir / g.name[:-10] / "mentions.csv"
        pred = list(csv.DictReader(pred_p.open(encoding="utf-8"))) if pred_p.exists() else []
        for kind in kinds:
            gk = [x for x in gold if x["kind"] == kind and x["syntactic_type"] == "NAM"]
            pk = [(int(p["start"]), int(p["end"])) for p in pred if p["kind"] == kind]
            for x in gk:
                if not any(s < x["end"] and x["start"] < e for s, e in pk):
                    print(f"MISS {kind:6s} {x['text']!r:40s} {g.name[:30]}")
            allg = [(x["start"], x["end"]) for x in gold if x["kind"] in (kind, None)]
            for s, e in pk:
                if not any(s < b and a < e for a, b in allg):
                    print(f"FP   {kind:6s} {text[s:e]!r:40s} {g.name[:30]}")


def main() -> int:
    if not SHARED.exists():
        print("skipped: ../shared/eval not found")
        return 0
    gold_dir = prepare()
    pred_dir = WORK / "meantime_pred"
    n, words, secs, peak = extract(gold_dir, pred_dir)
    print("== full predictions (everything the extractor finds; MEANTIME's unannotated sentences count as FP)")
    full = score(gold_dir, pred_dir / "full")
    print(f"== annotated part only (lines 0-{ANNOTATED_LINES - 1}, where MEANTIME has annotations)")
    res = score(gold_dir, pred_dir / "annotated")
    print(f"throughput: {n} articles, {words} words in {secs:.2f} s = {n / secs:.1f} articles/s, "
          f"{words / secs:,.0f} words/s; peak traced memory {peak:.1f} MB")
    if "--errors" in sys.argv:
        errors(gold_dir, pred_dir / "annotated", ("person", "place", "org") if "--org" in sys.argv else ("person", "place"))
    RESULTS.mkdir(parents=True, exist_ok=True)
    rows = []
    for part, r_ in (("full", full), ("annotated", res)):
        for mode in ("overlap", "exact"):
            for kind in ("person", "place", "org", "micro"):
                p, r, f1 = r_[f"{kind}_{mode}"]
                c = r_[f"{kind}_{mode}_counts"]
                rows.append({"part": part, "kind": kind, "match": mode, "p": p, "r": r, "f1": f1,
                             "gold": c["gold"], "tp": c["tp"], "fp": c["fp"], "excused": c["excused"]})
    with (RESULTS / "entities.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["part", "kind", "match", "p", "r", "f1", "gold", "tp", "fp", "excused", "articles", "seconds", "articles_per_s"],
                           lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({**r, "articles": n, "seconds": round(secs, 3), "articles_per_s": round(n / secs, 2)})
    print(f"wrote {RESULTS / 'entities.csv'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

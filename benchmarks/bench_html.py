"""Benchmark article-body extraction from saved web pages against trafilatura, in one run.

Prepares ../shared/eval/html/pages into benchmarks/work/html/pages (once), runs
``explorer extract DIR --tables blocks`` (in process) over the 91 pages, writes trafilatura's
own output (2.0.0 with its default options, as in the public benchmark's table, and with the
options our loader uses: comments left out, precision favoured) as blocks.csv files too, and
scores all three with the shared scorer (word 4-gram F1 of the paragraph rows that are not
duplicates). Prints the scorer's report and a table of F1 on all pages and on two fixed halves
(A and B: the parity of the SHA-1 of the page id, so tuning on one half can be checked on the
other), and writes benchmarks/results/html.csv.

    .venv/bin/python benchmarks/bench_html.py
"""
from __future__ import annotations

import csv
import hashlib
import importlib.util
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "eval" / "html"
WORK = ROOT / "benchmarks" / "work" / "html"
RESULTS = ROOT / "benchmarks" / "results"
sys.path.insert(0, str(ROOT))


def prepare() -> Path:
    """The pages as <id>.html (once)."""
    out = WORK / "pages"
    if len(list(out.glob("*.html"))) < len(list((SHARED / "pages").glob("*.html.gz"))):
        subprocess.run([sys.executable, str(SHARED / "score_html.py"), "prepare", str(SHARED / "pages"), str(out)],
                       check=True)
    return out


def scorer():
    spec = importlib.util.spec_from_file_location("score_html", SHARED / "score_html.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def half(page_id: str) -> str:
    return "A" if int(hashlib.sha1(page_id.encode()).hexdigest(), 16) % 2 == 0 else "B"


def write_lines(dest: Path, lines: list[str]) -> None:
    """One system's body as <pred>/<id>/blocks.csv: a paragraph row per line."""
    from explorer.schema import write_rows
    dest.mkdir(parents=True, exist_ok=True)
    rows = [{"block_id": f"b{i + 1:03d}", "kind": "paragraph", "text": t} for i, t in enumerate(lines) if t.strip()]
    write_rows("blocks", rows, dest / "blocks.csv")


def run_ours(pages: Path, pred: Path) -> float:
    from explorer.batch import extract_path
    t0 = time.perf_counter()
    res = extract_path(pages, pred, tables=["blocks"], progress=False)
    dt = time.perf_counter() - t0
    for f, why in res.failures:
        print(f"  failed: {why}")
    return dt


def run_trafilatura(pages: Path, pred: Path, **options) -> float:
    import trafilatura
    t0 = time.perf_counter()
    for p in sorted(pages.glob("*.html")):
        body = trafilatura.extract(p.read_bytes(), **options) or ""
        write_lines(pred / p.stem, body.split("\n"))
    return time.perf_counter() - t0


def figures(sc, truth: dict, pred: Path, ids: list[str]) -> dict:
    """Precision, recall and F1 over ``ids``, averaged per page as the scorer does."""
    ps, rs, ex = [], [], 0
    for pid in ids:
        p, r, e = sc.page_scores(truth[pid].get("articleBody", ""), sc.predicted_body(str(pred), pid) or "")
        ps.append(p)
        rs.append(r)
        ex += e
    P, R = sum(ps) / len(ps), sum(rs) / len(rs)
    return {"pages": len(ids), "precision": round(P, 4), "recall": round(R, 4),
            "f1": round(2 * P * R / (P + R) if P + R else 0.0, 4), "exact": round(ex / len(ids), 4)}


def main() -> int:
    if not (SHARED / "score_html.py").exists():
        print("skipped: ../shared/eval/html is absent")
        return 0
    try:
        import trafilatura  # noqa: F401
    except ImportError:
        print("skipped: trafilatura is not installed")
        return 0
    pages = prepare()
    sc = scorer()
    truth = json.loads((SHARED / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(truth)
    subsets = {"all": ids, "A": [i for i in ids if half(i) == "A"], "B": [i for i in ids if half(i) == "B"]}
    systems = {
        "explorer": lambda d: run_ours(pages, d),
        "trafilatura 2.0.0 (defaults)": lambda d: run_trafilatura(pages, d),
        "trafilatura 2.0.0 (no comments, favor_precision)":
            lambda d: run_trafilatura(pages, d, include_comments=False, favor_precision=True),
    }
    rows = []
    for i, (name, fn) in enumerate(systems.items()):
        pred = WORK / "pred" / f"system{i}"
        seconds = fn(pred)
        print(f"== {name}: {seconds:.1f} s for {len(ids)} pages")
        print(subprocess.run([sys.executable, str(SHARED / "score_html.py"), "score",
                              str(SHARED / "ground-truth.json"), str(pred)],
                             capture_output=True, text=True, check=True).stdout.rstrip())
        for subset, sub_ids in subsets.items():
            rows.append({"system": name, "subset": subset, **figures(sc, truth, pred, sub_ids),
                         "seconds": round(seconds, 2) if subset == "all" else ""})
    print(f"\n{'system':<50} {'subset':<6} {'pages':>5} {'P':>7} {'R':>7} {'F1':>7}")
    for r in rows:
        print(f"{r['system']:<50} {r['subset']:<6} {r['pages']:>5} {r['precision']:>7.4f} {r['recall']:>7.4f} {r['f1']:>7.4f}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    with (RESULTS / "html.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())

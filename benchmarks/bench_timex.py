"""Benchmark the dates extractor on TimeBank (TempEval-3 style scorer) against dateparser.

Prepares ../shared/eval/timex/timebank into benchmarks/work/timebank, runs the ``blocks`` and
``dates`` components over every article, writes <pred>/<doc>/dates.csv, scores it with the shared
scorer, then does the same for ``dateparser.search_dates``. Prints the scorer output and the
throughput (articles/s, words/s, peak memory) of both, in process and as whole processes
(``explorer extract DIR --tables dates`` against ``_dateparser_run.py DIR``: interpreter start-up,
imports and CSV writing included), and writes benchmarks/results/timex.csv and timex.png. Then
runs the full pipeline over 20, 183 and 549 articles in one process each and writes the time and
peak memory to benchmarks/results/batch.csv (memory should stay flat as articles grow).

    .venv/bin/python benchmarks/bench_timex.py [--no-dateparser]
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
SHARED = ROOT.parent / "shared" / "eval" / "timex"
WORK = ROOT / "benchmarks" / "work"
RESULTS = ROOT / "benchmarks" / "results"
sys.path.insert(0, str(ROOT))
from _dateparser_run import dateparser_rows  # noqa: E402  (benchmarks/ is on sys.path when run as a script)
from _scorer import run_scorer  # noqa: E402

COLS = ["mention_id", "block_id", "text", "start", "end", "type", "value", "date_start", "date_end", "mod", "anchor"]


def prepare() -> Path:
    """TimeML -> <doc>.txt/.meta.json/.gold.json with the shared scorer (once)."""
    out = WORK / "timebank"
    if not any(out.glob("*.gold.json")):
        subprocess.run([sys.executable, str(SHARED / "score_timex.py"), "prepare", str(SHARED / "timebank"), str(out)],
                       check=True)
    return out


def write_pred_dates(path: Path, rows: list[dict]) -> None:
    """One system's predicted rows as <pred>/<doc>/dates.csv (the columns the scorer reads)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=COLS, extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)


def score(gold_dir: Path, pred_dir: Path) -> dict:
    """Run the shared scorer: print its report, return its JSON figures."""
    return run_scorer(SHARED / "score_timex.py", gold_dir, pred_dir)


def load_docs(gold_dir: Path) -> list[tuple[str, str, str]]:
    """(doc name, text, published "YYYY-MM-DD") for every prepared document."""
    docs = []
    for p in sorted(gold_dir.glob("*.txt")):
        meta = json.loads(p.with_name(p.stem + ".meta.json").read_text(encoding="utf-8"))
        docs.append((p.stem, p.read_text(encoding="utf-8"), (meta.get("published") or "")[:10] or None))
    return docs


def run_ours(gold_dir: Path, docs) -> tuple[dict, float, float]:
    """The explorer pipeline with blocks + dates only; returns rows per doc, seconds, peak MB."""
    from explorer import load_article
    from explorer.pipeline import run
    run(load_article(gold_dir / f"{docs[0][0]}.txt", published=docs[0][2]), pipeline=("blocks", "dates"))  # warm-up
    articles = [load_article(gold_dir / f"{name}.txt", published=pub) for name, _, pub in docs]

    def once() -> dict:
        return {name: run(art, pipeline=("blocks", "dates")).rows["dates"] for (name, _, _), art in zip(docs, articles)}
    return measured(once)


def measured(fn) -> tuple[dict, float, float]:
    """Run ``fn`` untraced for the time (best of 3 for fast runs), then traced for the peak memory (MB)."""
    t0 = time.perf_counter()
    out = fn()
    secs = time.perf_counter() - t0
    if secs < 5:
        for _ in range(2):
            t0 = time.perf_counter()
            fn()
            secs = min(secs, time.perf_counter() - t0)
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return out, secs, peak


def run_dateparser(docs) -> tuple[dict, float, float]:
    """dateparser.search_dates per article, found strings located in the text in order."""
    from dateparser.search import search_dates
    return measured(lambda: {name: dateparser_rows(text, pub, search_dates) for name, text, pub in docs})


#: Runs a command in a fresh process and appends its wall time (s), peak RSS (MB) and CPU time
#: (user + system, s) to a file. The measuring parent is itself a small fresh interpreter, so the
#: child inherits no high-water mark from this benchmark's own memory.
_WRAP = ("import resource, subprocess, sys, time\n"
         "t0 = time.perf_counter()\n"
         "subprocess.run(sys.argv[2:], check=True, stdout=subprocess.DEVNULL)\n"
         "secs = time.perf_counter() - t0\n"
         "ru = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
         "open(sys.argv[1], 'a').write(f'{secs} {ru.ru_maxrss / 1024} {ru.ru_utime + ru.ru_stime}\\n')\n")


def whole_process(gold_dir: Path, repeats: int = 3) -> list[dict]:
    """Both tools as commands over the same 183 files, start-up, imports and CSV writing included:
    ``explorer extract DIR --tables dates`` against ``_dateparser_run.py DIR``. Median wall time of
    ``repeats`` runs each, and the peak resident memory of one run."""
    commands = {
        "explorer": [sys.executable, "-m", "explorer", "extract", str(gold_dir), "--out", str(WORK / "whole_explorer"),
                     "--tables", "dates", "--no-progress"],
        "dateparser": [sys.executable, str(ROOT / "benchmarks" / "_dateparser_run.py"), str(gold_dir), str(WORK / "whole_dateparser")],
    }
    rows = []
    for name, cmd in commands.items():
        times, report = [], WORK / f"whole_{name}.rss"
        report.unlink(missing_ok=True)
        for _ in range(repeats):
            times.append(_run_wrapped(cmd, report))
        secs = sorted(times)[len(times) // 2]
        peak = max(float(line.split()[1]) for line in report.read_text().splitlines())
        rows.append({"system": name, "seconds": round(secs, 3), "peak_rss_mb": round(peak, 1)})
        print(f"whole process, {name}: {secs:.2f} s (median of {repeats}), peak RSS {peak:.0f} MB")
    print(f"whole-process ratio dateparser/explorer: {rows[1]['seconds'] / rows[0]['seconds']:.1f}x")
    return rows


def _run_wrapped(cmd: list[str], report: Path) -> float:
    """Run ``cmd`` once (see :data:`_WRAP`): returns its wall seconds (start-up included, the
    wrapper's own start-up not), and appends "seconds peak_rss_mb cpu_seconds" to ``report``."""
    subprocess.run([sys.executable, "-c", _WRAP, str(report), *cmd], check=True, cwd=ROOT)
    return float(report.read_text().split("\n")[-2].split()[0])


def batch_memory(gold_dir: Path, sizes=(20, 183, 549)) -> list[dict]:
    """The full pipeline (all nine tables) as one ``explorer extract DIR`` process over growing
    directories: the first 20 TimeBank articles, all 183, and all 183 three times over (linked
    under new names). Peak RSS should stay flat while the article count grows."""
    txts = sorted(gold_dir.glob("*.txt"))
    rows = []
    for n in sizes:
        d = WORK / f"batch_{n}"
        if not d.exists():
            d.mkdir(parents=True)
            for i in range(n):
                src = txts[i % len(txts)]
                stem = f"{src.stem}_{i // len(txts)}"
                (d / f"{stem}.txt").symlink_to(src)
                (d / f"{stem}.meta.json").symlink_to(src.with_name(src.stem + ".meta.json"))
        report = WORK / f"batch_{n}.rss"
        report.unlink(missing_ok=True)
        secs = _run_wrapped([sys.executable, "-m", "explorer", "extract", str(d), "--out", str(WORK / f"batch_{n}_out"), "--no-progress"],
                            report)
        peak = float(report.read_text().split()[1])
        rows.append({"articles": n, "seconds": round(secs, 2), "articles_per_s": round(n / secs, 1),
                     "peak_rss_mb": round(peak, 1)})
        print(f"batch, all tables: {n} articles in {secs:.1f} s ({n / secs:.0f} articles/s), peak RSS {peak:.0f} MB")
    return rows


def main() -> int:
    if not SHARED.exists():
        print("skipped: ../shared/eval not found")
        return 0
    gold = prepare()
    docs = load_docs(gold)
    words = sum(len(t.split()) for _, t, _ in docs)
    systems = [("explorer", run_ours)]
    if "--no-dateparser" not in sys.argv:
        systems.append(("dateparser", lambda g, d: run_dateparser(d)))
    rows = []
    for sysname, fn in systems:
        preds, secs, peak = fn(gold, docs)
        pred_dir = WORK / f"timebank_pred_{sysname}"
        for name, r in preds.items():
            write_pred_dates(pred_dir / name / "dates.csv", r)
        print(f"== {sysname}")
        res = score(gold, pred_dir)
        aps, wps = len(docs) / secs, words / secs
        print(f"{sysname}: {len(docs)} articles, {words} words in {secs:.3f} s: {aps:.1f} articles/s, "
              f"{wps:,.0f} words/s, peak {peak:.1f} MB")
        rows.append({"system": sysname, "value_f1": res["value"][2], "relaxed_f1": res["relaxed"][2],
                     "strict_f1": res["strict"][2], "type_f1": res["type"][2], "articles_per_s": round(aps, 2),
                     "words_per_s": round(wps), "peak_mb": round(peak, 1)})
    if len(rows) == 2:
        print(f"in-process speed ratio explorer/dateparser: {rows[0]['words_per_s'] / rows[1]['words_per_s']:.1f}x")
        whole = whole_process(gold)
        for r, w in zip(rows, whole):
            r["whole_process_s"], r["whole_process_peak_rss_mb"] = w["seconds"], w["peak_rss_mb"]
    RESULTS.mkdir(parents=True, exist_ok=True)
    batch = batch_memory(gold)
    with (RESULTS / "batch.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(batch[0]))
        w.writeheader()
        w.writerows(batch)
    with (RESULTS / "timex.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        metrics = ["value_f1", "relaxed_f1", "strict_f1", "type_f1"]
        fig, axes = plt.subplots(1, 3 if "whole_process_s" in rows[0] else 2, figsize=(14, 4))
        width = 0.8 / len(rows)
        for i, r in enumerate(rows):
            axes[0].bar([j + i * width for j in range(len(metrics))], [r[m] for m in metrics], width, label=r["system"])
        axes[0].set_xticks([j + width * (len(rows) - 1) / 2 for j in range(len(metrics))], metrics)
        axes[0].set_ylim(0, 1)
        axes[0].set_title("TimeBank (183 docs), TempEval-3 scorer")
        axes[0].legend()
        axes[1].bar([r["system"] for r in rows], [r["words_per_s"] for r in rows], color=["C0", "C1"][: len(rows)])
        axes[1].set_yscale("log")
        axes[1].set_title("in-process throughput (words/s, log)")
        if "whole_process_s" in rows[0]:
            axes[2].bar([r["system"] for r in rows], [r["whole_process_s"] for r in rows], color=["C0", "C1"])
            axes[2].set_title(f"whole process, {len(docs)} articles (s, lower is better)")
        fig.tight_layout()
        fig.savefig(RESULTS / "timex.png", dpi=100)
    except ImportError:
        print("matplotlib not installed: no chart")
    print(f"wrote {RESULTS / 'timex.csv'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Speed in one run, side by side, as whole processes (interpreter start-up, imports and CSV
writing included), on the 183 TimeBank articles that bench_timex.py prepares:

* the whole eight-table pipeline, ``explorer extract DIR --out OUT``, one process;
* dateparser finding dates alone in the same texts (``_dateparser_run.py``, as in bench_timex.py);
* spaCy's small English pipeline (``en_core_web_sm``) over the same texts, when it is installed
  in the benchmark environment (``_spacy_run.py``); otherwise the reason it was not measured;
* a cold ``explorer extract`` of the seed article (median of three processes);
* the peak resident memory of each.

The per-user caches (gazetteer index, encoder graph; see explorer/usercache.py) are built by a
first, untimed extract, as they are once per installation. Prints the figures, writes
benchmarks/results/speed.csv, and rewrites the speed table of README.md between its markers
(``<!-- speed:begin -->`` / ``<!-- speed:end -->``).

    .venv/bin/python benchmarks/bench_speed.py [--repeats N] [--no-readme]
"""
from __future__ import annotations

import argparse
import csv
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_timex import RESULTS, ROOT, SHARED, WORK, _run_wrapped, prepare  # noqa: E402

SEED = ROOT / "data" / "raw" / "000_33e25db8365cd6ad.txt"
README = ROOT / "README.md"
BEGIN, END = "<!-- speed:begin -->", "<!-- speed:end -->"
#: the goals of issue 17: pipeline no slower than dateparser, 3x faster than spaCy small,
#: cold seed extract at most 1.5 s, peak memory of a corpus run at most 230 MB
COLD_SEED_GOAL_S, PEAK_RSS_GOAL_MB, SPACY_FACTOR = 1.5, 230.0, 3.0


def timed(name: str, cmd: list[str], repeats: int) -> dict:
    """Wall and CPU (user + system) seconds of the median (by wall time) of ``repeats`` runs of
    ``cmd``, and the largest peak RSS (MB)."""
    report = WORK / f"speed_{name}.rss"
    report.unlink(missing_ok=True)
    for _ in range(repeats):
        _run_wrapped(cmd, report)
    runs = sorted((float(a), float(b), float(c)) for a, b, c in (ln.split() for ln in report.read_text().splitlines()))
    secs, _, cpu = runs[len(runs) // 2]
    return {"measure": name, "seconds": round(secs, 2), "cpu_seconds": round(cpu, 2), "runs": repeats,
            "peak_rss_mb": round(max(r[1] for r in runs), 1)}


def spacy_missing() -> str | None:
    """Why spaCy small cannot be measured here, or None when it can."""
    if importlib.util.find_spec("spacy") is None:
        return "spaCy is not installed"
    if importlib.util.find_spec("en_core_web_sm") is None:
        return ("en_core_web_sm is not installed: spaCy publishes its models as GitHub release files, "
                "not on PyPI, which is the only registry this machine reaches")
    return None


def readme_table(rows: dict[str, dict], words: int, articles: int, spacy_note: str | None,
                 load: tuple[float, float] | None = None) -> str:
    """The README's speed table (Markdown) from the measured rows."""
    p, d = rows["pipeline"], rows["dateparser"]
    lines = [BEGIN, "",
             f"Speed (`benchmarks/bench_speed.py`, last `make bench`): whole processes, start-up included, "
             f"over the {articles} TimeBank articles ({words:,} words), on this project's 2-core machine.", "",
             "| what | wall seconds | CPU seconds | words/s (wall) | peak RSS |", "| --- | --- | --- | --- | --- |",
             f"| full pipeline (all nine tables), `explorer extract DIR`, one process | {p['seconds']} | {p['cpu_seconds']} | "
             f"{p['words_per_s']:,} | {p['peak_rss_mb']:.0f} MB |",
             f"| dateparser `search_dates` alone (dates only) | {d['seconds']} | {d['cpu_seconds']} | {d['words_per_s']:,} | "
             f"{d['peak_rss_mb']:.0f} MB |"]
    if "spacy" in rows:
        s = rows["spacy"]
        lines.append(f"| spaCy `en_core_web_sm` (`nlp.pipe`) | {s['seconds']} | {s['cpu_seconds']} | {s['words_per_s']:,} | "
                     f"{s['peak_rss_mb']:.0f} MB |")
    else:
        lines.append(f"| spaCy `en_core_web_sm` | not measured: {spacy_note} | | | |")
    c = rows["cold_seed"]
    lines += [f"| cold `explorer extract` of the seed article (1,093 words, median of {c['runs']}) | {c['seconds']} | "
              f"{c['cpu_seconds']} | | {c['peak_rss_mb']:.0f} MB |", ""]
    if load is not None:
        lines += [f"Load average (1 min) when the run started and ended: {load[0]:.1f} and {load[1]:.1f} on 2 cores; "
                  "above 2, other work shared the cores and wall times are longer than CPU times.", ""]
    lines.append(END)
    return "\n".join(lines)


def write_readme(table: str) -> bool:
    """Replace the README's text between the speed markers; False when the markers are missing."""
    text = README.read_text(encoding="utf-8")
    a, b = text.find(BEGIN), text.find(END)
    if a < 0 or b < a:
        return False
    README.write_text(text[:a] + table + text[b + len(END):], encoding="utf-8")
    return True


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=3, help="runs of each short command (median)")
    ap.add_argument("--no-readme", action="store_true", help="do not rewrite README.md's speed table")
    args = ap.parse_args(argv)
    if not SHARED.exists():
        print("skipped: ../shared/eval not found")
        return 0
    gold = prepare()
    texts = sorted(gold.glob("*.txt"))
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in texts)
    py = sys.executable
    load0 = os.getloadavg()[0]
    # untimed: builds the per-user caches, as the first extract after installing does
    subprocess.run([py, "-m", "explorer", "extract", str(SEED), "--out", str(WORK / "speed_warmup")],
                   check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    rows: dict[str, dict] = {}
    rows["pipeline"] = timed("pipeline", [py, "-m", "explorer", "extract", str(gold), "--out", str(WORK / "speed_pipeline"),
                                          "--no-progress"], 1)
    rows["dateparser"] = timed("dateparser", [py, str(ROOT / "benchmarks" / "_dateparser_run.py"), str(gold),
                                              str(WORK / "speed_dateparser")], 1)
    note = spacy_missing()
    if note is None:
        rows["spacy"] = timed("spacy", [py, str(ROOT / "benchmarks" / "_spacy_run.py"), str(gold)], 1)
    rows["cold_seed"] = timed("cold_seed", [py, "-m", "explorer", "extract", str(SEED), "--out", str(WORK / "speed_seed")],
                              args.repeats)
    for name in ("pipeline", "dateparser", "spacy"):
        if name in rows:
            rows[name]["words_per_s"] = round(words / rows[name]["seconds"])
    p, d = rows["pipeline"], rows["dateparser"]
    print(f"TimeBank: {len(texts)} articles, {words:,} words, whole processes, start-up included")
    print(f"full pipeline (all nine tables): {p['seconds']:.2f} s wall, {p['cpu_seconds']:.2f} s CPU "
          f"({p['words_per_s']:,} words/s), peak RSS {p['peak_rss_mb']:.0f} MB")
    print(f"dateparser, dates alone:          {d['seconds']:.2f} s wall, {d['cpu_seconds']:.2f} s CPU "
          f"({d['words_per_s']:,} words/s), peak RSS {d['peak_rss_mb']:.0f} MB")
    goals = [("pipeline no slower than dateparser", p["seconds"] <= d["seconds"]),
             (f"cold seed extract <= {COLD_SEED_GOAL_S} s", rows["cold_seed"]["seconds"] <= COLD_SEED_GOAL_S),
             (f"corpus run peak RSS <= {PEAK_RSS_GOAL_MB:.0f} MB", p["peak_rss_mb"] <= PEAK_RSS_GOAL_MB)]
    if "spacy" in rows:
        s = rows["spacy"]
        print(f"spaCy small:                      {s['seconds']:.2f} s wall, {s['cpu_seconds']:.2f} s CPU "
              f"({s['words_per_s']:,} words/s), peak RSS {s['peak_rss_mb']:.0f} MB")
        goals.append((f"pipeline {SPACY_FACTOR:.0f}x faster than spaCy small", p["seconds"] * SPACY_FACTOR <= s["seconds"]))
    else:
        print(f"spaCy small: not measured ({note})")
    c = rows["cold_seed"]
    print(f"cold seed extract: {c['seconds']:.2f} s wall, {c['cpu_seconds']:.2f} s CPU (median of {c['runs']}), "
          f"peak RSS {c['peak_rss_mb']:.0f} MB")
    print(f"load average (1 min): {load0:.1f} at the start, {os.getloadavg()[0]:.1f} at the end (2 cores)")
    print(f"pipeline / dateparser time: {p['seconds'] / d['seconds']:.1f}x")
    for goal, met in goals:
        print(f"goal {'met    ' if met else 'NOT met'}: {goal}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    with (RESULTS / "speed.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["measure", "seconds", "cpu_seconds", "runs", "words_per_s", "peak_rss_mb"], extrasaction="ignore")
        w.writeheader()
        w.writerows(rows.values())
    print(f"wrote {RESULTS / 'speed.csv'}")
    if not args.no_readme:
        ok = write_readme(readme_table(rows, words, len(texts), note, (load0, os.getloadavg()[0])))
        print("README.md speed table rewritten" if ok else "README.md has no speed markers: table not written")
    return 0


if __name__ == "__main__":
    sys.exit(main())

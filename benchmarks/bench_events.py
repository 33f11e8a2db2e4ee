"""Benchmark event-trigger detection (the ``event_mentions`` table) on TimeBank and MEANTIME.

TimeBank 1.2's gold EVENT tags are both the CRF's training data and the measure, so only the
held-out fifth of its documents is scored (the fixed split of ``scripts/train_event_triggers.py``:
sorted by name, every fifth document). The pipeline (``--tables event_mentions``: blocks, dates,
entities and event mentions) runs over each held-out article, writes
``<pred>/<doc>/event_mentions.csv``, and the shared scorer (``score_timex.py score-events``,
TempEval-3 Task B: strict and relaxed extent F1) scores it; the TimeML class, tense and polarity
accuracy over the relaxed matches are computed here. MEANTIME's event mentions (Wikinews, never
trained on) are a second set, scored where MEANTIME annotates (sentences 0-5, date line left out).
Before this table existed the project produced no event mentions: F1 0 on both.

Then ``explorer timeline`` (``explorer/timeline.py``) over the SemEval-2015 TimeLine sets apple
and airbus, scored by ``../shared/eval/timeline/score_timeline.py`` (before it: anchored F1 0.04
and 0.06).

Prints the figures and the time per article of the ``event_mentions`` component, and writes
benchmarks/results/events.csv and timeline.csv.

    .venv/bin/python benchmarks/bench_events.py
"""
from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "eval"
WORK = ROOT / "benchmarks" / "work" / "events"
RESULTS = ROOT / "benchmarks" / "results"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))


def run_docs(prepared: Path, docs: list[str], pred_dir: Path) -> tuple[list, float, int]:
    """Run the pipeline over ``docs``; write event_mentions.csv per doc. Returns (per doc (gold,
    predicted rows in scope), seconds spent in the event_mentions component, words)."""
    import train_event_triggers as T
    from explorer import pipeline
    from explorer.extract import event_mentions as em
    from explorer.schema import write_rows
    pairs, spent, words = [], 0.0, 0
    comps = pipeline.components_for(["event_mentions"])
    before = 0.0
    for d in docs:
        art, gold, scope = T.load(prepared, d)
        t0 = time.perf_counter()
        doc = pipeline.run(art, pipeline=tuple(c for c in comps if c != "event_mentions"))
        before += time.perf_counter() - t0
        t0 = time.perf_counter()
        em.event_mentions_component(doc)
        spent += time.perf_counter() - t0
        words += len(art.text.split())
        rows = doc.rows["event_mentions"]
        (pred_dir / d).mkdir(parents=True, exist_ok=True)
        write_rows("event_mentions", rows, pred_dir / d / "event_mentions.csv")
        write_rows("dates", doc.rows["dates"], pred_dir / d / "dates.csv")
        pairs.append((gold, T.in_scope(rows, scope)))
    print(f"{prepared.name}: blocks, dates and entities {before / len(docs) * 1000:.1f} ms per article, "
          f"event_mentions {spent / len(docs) * 1000:.1f} ms")
    return pairs, spent, words


def gold_time_links(doc: str, prepared: Path) -> dict[str, list[tuple]]:
    """TimeBank eid -> [(timex span (start, end) or "DCT", relType)] from the TLINKs between an
    event instance and a time (the .tml file; timex spans from the prepared <doc>.gold.json)."""
    import xml.etree.ElementTree as ET
    root = ET.parse(SHARED / "timex" / "timebank" / f"{doc}.tml").getroot()
    dct = {t.get("tid") for t in root.iter("TIMEX3") if t.get("functionInDocument") == "CREATION_TIME"}
    spans = {g["tid"]: (g["start"], g["end"]) for g in json.loads((prepared / f"{doc}.gold.json").read_text())}
    eid = {m.get("eiid"): m.get("eventID") for m in root.iter("MAKEINSTANCE")}
    out: dict[str, list[tuple]] = {}
    for tl in root.iter("TLINK"):
        ei, t = tl.get("eventInstanceID"), tl.get("relatedToTime")
        if ei in eid and t:
            out.setdefault(eid[ei], []).append(("DCT" if t in dct else spans.get(t), tl.get("relType")))
    return out


def anchor_figures(prepared: Path, docs: list[str], pred_dir: Path) -> dict:
    """Of the predicted anchors on triggers matched (relaxed) to a gold event that TimeBank links
    to a time: the share anchored to one of its linked times, and with the same relation too."""
    import train_event_triggers as T
    n = ok = rel_ok = 0
    for d in docs:
        links = gold_time_links(d, prepared)
        gold = [g for g in json.loads((prepared / f"{d}.events.json").read_text()) if g["eid"] in links]
        with (pred_dir / d / "event_mentions.csv").open(encoding="utf-8") as f:
            rows = [dict(r, start=int(r["start"]), end=int(r["end"])) for r in csv.DictReader(f) if r["anchor_id"]]
        with (pred_dir / d / "dates.csv").open(encoding="utf-8") as f:
            dates = {r["mention_id"]: (int(r["start"]), int(r["end"])) for r in csv.DictReader(f)}
        for g, p in T.match(gold, rows, False):
            n += 1
            for target, rel in links[g["eid"]]:
                if target is None:
                    continue
                a = p["anchor_id"]
                hit = (a == "DCT" and target == "DCT") or (a in dates and target != "DCT"
                                                           and dates[a][0] < target[1] and target[0] < dates[a][1])
                if hit:
                    ok += 1
                    rel_ok += p["anchor_relation"] == rel
                    break
    return {"anchored_matched": n, "anchor_accuracy": round(ok / n, 4) if n else None,
            "anchor_relation_accuracy": round(rel_ok / n, 4) if n else None}


def main() -> int:
    if not (SHARED / "timex" / "timebank").exists():
        print("skipped: ../shared/eval/timex/timebank not found")
        return 0
    import train_event_triggers as T
    tb = T.prepare_timebank(WORK)
    _, held = T.timebank_split(tb)
    gold_dir = WORK / "timebank_heldout_gold"
    gold_dir.mkdir(parents=True, exist_ok=True)
    for d in held:
        shutil.copyfile(tb / f"{d}.events.json", gold_dir / f"{d}.events.json")
    results = []
    pairs, spent, words = run_docs(tb, held, WORK / "pred_timebank")
    args = [sys.executable, str(SHARED / "timex" / "score_timex.py"), "score-events", str(gold_dir),
            str(WORK / "pred_timebank")]
    print(subprocess.run(args, capture_output=True, text=True, check=True).stdout.rstrip())
    shared = json.loads(subprocess.run(args + ["--json"], capture_output=True, text=True, check=True).stdout)
    own = T.score(pairs)
    assert abs(own["relaxed"]["f1"] - shared["relaxed"][2]) < 1e-3, (own, shared)
    results.append(("timebank_heldout", len(held), own))
    anchors = anchor_figures(tb, held, WORK / "pred_timebank")
    print(f"anchors (TimeBank held-out, event-time TLINKs): {anchors['anchored_matched']} anchored triggers "
          f"matched to a linked gold event; right time {anchors['anchor_accuracy']}, right time and relation "
          f"{anchors['anchor_relation_accuracy']}")
    print(f"TimeBank held-out ({len(held)} documents): {spent / len(held) * 1000:.1f} ms per article "
          f"in event_mentions ({words / spent:,.0f} words/s)")
    mt_docs = []
    if (SHARED / "entities" / "meantime").exists():
        mt = T.prepare_meantime(WORK)
        mt_docs = sorted(p.name[: -len(".events.json")] for p in mt.glob("*.events.json"))
        pairs, _, _ = run_docs(mt, mt_docs, WORK / "pred_meantime")
        results.append(("meantime", len(mt_docs), T.score(pairs)))
    timeline = []
    tl = SHARED / "timeline" / "score_timeline.py"
    for name, today in (("apple", 0.04), ("airbus", 0.06)):
        if not tl.exists():
            break
        from explorer.timeline import write_timelines
        prep, pred = WORK / f"timeline_{name}", WORK / f"timeline_{name}_pred"
        if not (prep / "targets.txt").exists():
            subprocess.run([sys.executable, str(tl), "prepare", str(tl.parent / name), str(prep)], check=True,
                           stdout=subprocess.DEVNULL)
        names = [ln.strip() for ln in (prep / "targets.txt").read_text(encoding="utf-8").splitlines() if ln.strip()]
        write_timelines(prep, names, pred)
        r = json.loads(subprocess.run([sys.executable, str(tl), "score", str(tl.parent / name), str(prep), str(pred),
                                       "--json"], capture_output=True, text=True, check=True).stdout)
        timeline.append((name, r, today))
        print(f"timeline {name}: {json.dumps(r)}")
    print(f"{'set':18s} {'docs':>4s} {'strict F1':>9s} {'relaxed P':>9s} {'relaxed R':>9s} {'relaxed F1':>10s} "
          f"{'class acc':>9s} {'tense acc':>9s} {'today':>6s}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    with (RESULTS / "events.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["set", "documents", "gold", "predicted", "strict_f1", "relaxed_p", "relaxed_r", "relaxed_f1",
                    "class_accuracy", "tense_accuracy", "polarity_accuracy", "today_relaxed_f1"])
        for name, n, r in results:
            fmt = lambda v: "-" if v is None else f"{v:.3f}"  # noqa: E731
            print(f"{name:18s} {n:4d} {r['strict']['f1']:9.3f} {r['relaxed']['p']:9.3f} {r['relaxed']['r']:9.3f} "
                  f"{r['relaxed']['f1']:10.3f} {fmt(r['class_accuracy']):>9s} {fmt(r['tense_accuracy']):>9s} {0:6.3f}")
            w.writerow([name, n, r["gold"], r["predicted"], r["strict"]["f1"], r["relaxed"]["p"], r["relaxed"]["r"],
                        r["relaxed"]["f1"], r["class_accuracy"], r["tense_accuracy"], r["polarity_accuracy"], 0.0])
    if timeline:
        with (RESULTS / "timeline.csv").open("w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["set", "gold_events", "predicted", "event_f1", "anchored_f1", "order", "today_anchored_f1"])
            for name, r, today in timeline:
                w.writerow([name, r["gold_events"], r["predicted"], r["event"][2], r["anchored"][2], r["order"], today])
                print(f"timeline {name:7s} anchored F1 {r['anchored'][2]:.3f} (today {today:.2f}), event F1 "
                      f"{r['event'][2]:.3f}, order {r['order']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

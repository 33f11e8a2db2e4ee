"""Score the seed article's extracted tables against the hand annotation (answer key).

    .venv/bin/python benchmarks/bench_seed.py

The answer key, data/annotations/000_33e25db8365cd6ad.answer_key.json, is evaluation gold only:
no extractor reads it. Prints precision / recall / accuracy per table and writes
benchmarks/results/seed.csv. Needs nothing outside the repository.
"""
from __future__ import annotations

import csv
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from explorer import load_article  # noqa: E402
from explorer.pipeline import extract  # noqa: E402

KEY = ROOT / "data" / "annotations" / "000_33e25db8365cd6ad.answer_key.json"


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return round(p, 3), round(r, 3), round(2 * p * r / (p + r), 3) if p + r else 0.0


def multiset_tp(pred: list[str], gold: list[str]) -> int:
    return sum((Counter(pred) & Counter(gold)).values())


def score(tables, key) -> list[dict]:
    out = []

    def add(table, metric, value, detail=""):
        out.append({"table": table, "metric": metric, "value": value, "detail": detail})

    b = tables.blocks
    add("blocks", "caption duplicates found", int((b.duplicate_of != "").sum()),
        f"gold {key['blocks']['caption_duplicates']}")
    add("blocks", "boilerplate found", int((b.kind == "boilerplate").sum()), f"gold {key['blocks']['boilerplate']}")

    d = tables.dates
    gold = [(g["text"], g["value"]) for g in key["dates"]]
    pred = list(zip(d.text, d.value))
    p, r, f = prf(multiset_tp([t for t, _ in pred], [t for t, _ in gold]), len(pred), len(gold))
    add("dates", "extent P/R/F1", f"{p}/{r}/{f}")
    p, r, f = prf(multiset_tp(pred, gold), len(pred), len(gold))
    add("dates", "extent+value P/R/F1", f"{p}/{r}/{f}")

    ppl = tables.people
    gnames = [g["name"] for g in key["people"]]
    p, r, f = prf(len(set(ppl.name) & set(gnames)), len(ppl), len(gnames))
    add("people", "names P/R/F1", f"{p}/{r}/{f}")
    by = {row["name"]: row for _, row in ppl.iterrows()}
    ages = [g for g in key["people"] if "age" in g]
    add("people", "ages right", sum(1 for g in ages if g["name"] in by and by[g["name"]]["age"] == g["age"]),
        f"of {len(ages)}")
    roles = sum(1 for g in key["people"] if g["name"] in by and g["role"].lower() in str(by[g["name"]]["role"]).lower())
    add("people", "roles containing the gold role", roles, f"of {len(key['people'])}")
    aliases = [(g["name"], a) for g in key["people"] for a in g.get("aliases", [])]
    hit = sum(1 for n, a in aliases if n in by and a.lower() in [x.strip().lower() for x in str(by[n]["aliases"]).split(";")])
    add("people", "aliases found", hit, f"of {len(aliases)}")

    pl = tables.places
    gp = {g["name"].lower(): g for g in key["places"]}
    found = [n for n in pl.name if n.lower() in gp]
    p, r, f = prf(len(found), len(pl), len(gp))
    add("places", "names P/R/F1", f"{p}/{r}/{f}")
    kinds = sum(1 for _, row in pl.iterrows() if row["name"].lower() in gp and gp[row["name"].lower()]["kind"] == row["kind"])
    add("places", "kinds right", kinds, f"of {len(found)} found")
    coords = [abs(row.lat - gp[row["name"].lower()]["lat"]) + abs(row.lon - gp[row["name"].lower()]["lon"])
              for _, row in pl.iterrows() if row["name"].lower() in gp and "lat" in gp[row["name"].lower()]
              and row.lat == row.lat]
    add("places", "coordinates within 0.5 degrees", sum(1 for c in coords if c < 0.5),
        f"of {sum(1 for g in gp.values() if 'lat' in g)}")

    ev = tables.events
    for g in key["key_events"]:
        pat = re.compile(g["key"], re.I)
        cands = ev[ev.label.str.contains(pat) | ev.trigger.str.contains(pat)]
        if cands.empty:
            add("events", g["key"], "missing")
            continue
        row = cands.iloc[0]
        checks = []
        for col in ("date_start", "date_end", "source", "certainty"):
            if col in g:
                checks.append(f"{col} {'ok' if row[col] == g[col] else 'got ' + repr(row[col])}")
        if "place" in g:
            checks.append(f"place {'ok' if g['place'] in row['place'] else 'got ' + repr(row['place'])}")
        if "participants" in g:
            checks.append(f"participants {'ok' if g['participants'] in row['participants'] else 'got ' + repr(row['participants'])}")
        add("events", g["key"], "found", "; ".join(checks))

    cl = tables.claims
    spk = via = found = 0
    for g in key["claims"]:
        rows = cl[cl.content.str.contains(g["content_starts"], regex=False)]
        if rows.empty:
            continue
        found += 1
        row = rows.iloc[0]
        spk += row["speaker"] == g["speaker"]
        if "via" in g:
            via += g["via"].lower() in row["via"].lower()
    add("claims", "gold claims found", found, f"of {len(key['claims'])} (predicted rows {len(cl)})")
    add("claims", "speaker right", spk, f"of {found} found")
    add("claims", "via right", via, f"of {sum(1 for g in key['claims'] if 'via' in g)}")

    lang = tables.language
    for cat in ("hedge", "loaded"):
        pred = [t.lower() for t in lang[lang.category == cat].term]
        gold = [t.lower() for t in key["language"][cat]]
        p, r, f = prf(multiset_tp(pred, gold), len(pred), len(gold))
        add("language", f"{cat} P/R/F1", f"{p}/{r}/{f}")
    return out


def main() -> int:
    key = json.loads(KEY.read_text(encoding="utf-8"))
    tables = extract(load_article(ROOT / key["article"]))
    rows = score(tables, key)
    for r in rows:
        print(f"{r['table']:9s} {r['metric']:34s} {r['value']!s:18s} {r['detail']}")
    res = ROOT / "benchmarks" / "results"
    res.mkdir(parents=True, exist_ok=True)
    with open(res / "seed.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=["table", "metric", "value", "detail"], lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())

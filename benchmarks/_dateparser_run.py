"""dateparser as a command, for the whole-process comparison in bench_timex.py: the same job as
``explorer extract DIR --out OUT --tables dates``, done with ``dateparser.search_dates``.

    python benchmarks/_dateparser_run.py DIR OUT

For every DIR/<doc>.txt (publication date from <doc>.meta.json, as explorer reads it) writes
OUT/<doc>/dates.csv with the columns the TimeBank scorer reads (text, start, end, type, value).
"""
from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import sys
from pathlib import Path

COLS = ["mention_id", "text", "start", "end", "type", "value"]


def dateparser_rows(text: str, published: str | None, search_dates) -> list[dict]:
    """search_dates anchored on the publication date; found strings located in the text in order."""
    base = dt.datetime.fromisoformat(published) if published else dt.datetime.now()
    with contextlib.redirect_stderr(io.StringIO()):
        found = search_dates(text, languages=["en"], settings={"RELATIVE_BASE": base}) or []
    rows, pos = [], 0
    for s, d in found:
        i = text.find(s, pos)
        if i < 0:
            i = text.find(s)
            if i < 0:
                continue
        else:
            pos = i + len(s)
        rows.append({"mention_id": f"d{len(rows) + 1:03d}", "text": s, "start": i, "end": i + len(s),
                     "type": "DATE", "value": d.date().isoformat()})
    return rows


def published_of(txt: Path) -> str | None:
    meta = txt.with_name(txt.stem + ".meta.json")
    if not meta.exists():
        return None
    return (json.loads(meta.read_text(encoding="utf-8")).get("published") or "")[:10] or None


def main(argv: list[str]) -> int:
    from dateparser.search import search_dates
    src, out = Path(argv[0]), Path(argv[1])
    for p in sorted(src.glob("*.txt")):
        rows = dateparser_rows(p.read_text(encoding="utf-8"), published_of(p), search_dates)
        (out / p.stem).mkdir(parents=True, exist_ok=True)
        with (out / p.stem / "dates.csv").open("w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=COLS, lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Entity timelines across a corpus: every event an entity takes part in, dated and ordered.

In:  a directory of articles (``*.txt``, with optional ``.meta.json`` sidecars) and entity names.
Out: per entity, rows ``order, date, article_id, trigger_start, trigger_end, label, evidence,
     source, certainty`` (:data:`COLUMNS`), written as ``DIR/<slug>.csv`` by :func:`write_timelines`.

How (a first version; rules, no learning):
 1. Each article runs the pipeline up to ``event_mentions`` (blocks, dates, entities, event mentions).
 2. An entity takes part in the event mentions of a sentence that names it: its full name, or a
    ``mentions`` row whose canonical name is the entity (so pronouns and surnames resolved by the
    entities extractor count), matched case-insensitively on word boundaries.
 3. Negated, future and non-factual events (TimeML classes I_STATE, I_ACTION, STATE: wanting,
    trying, believing) are left out.
 4. The date is the event's anchor value when it is a calendar date (``YYYY``, ``YYYY-MM`` or
    ``YYYY-MM-DD``), else the publication date for a past or present event, else empty.
 5. Orders rank the distinct dates (1, 2, ...), so events of one date share an order (the scorer
    reads equal orders as simultaneous); undated events are order 0. Rows are sorted by order,
    then article and offset. *Limits:* coreferent mentions are not merged into one row, and
    participation is sentence co-occurrence, not a role.
Source is ``outlet`` (the article's own voice; claims are not run here, for speed) and certainty is
:func:`~explorer.extract.language.span_certainty` of the sentence.
"""
from __future__ import annotations

import csv
import re
from pathlib import Path

from .article import load_article
from .extract.language import span_certainty

COLUMNS = ["order", "date", "article_id", "trigger_start", "trigger_end", "label", "evidence", "source", "certainty"]
#: classes of events that need not have happened (wanting, trying, believing)
_NOT_FACTUAL = {"I_STATE", "I_ACTION", "STATE"}
_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


def slug(name: str) -> str:
    """Lower-cased name, every run of characters other than a-z and 0-9 replaced by ``_``."""
    return re.sub(r"[^a-z0-9]+", "_", name.strip().lower()).strip("_")


def _names_in(sentence: str, s0: int, s1: int, name: str, mentions: list[dict]) -> bool:
    if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", sentence, re.I):
        return True
    low = name.lower()
    return any(m.get("name", "").lower() == low and s0 <= m["start"] < s1 for m in mentions)


def _label(r: dict) -> str:
    parts = [r.get("agent") or "", r["trigger"], r.get("patient") or ""]
    if r.get("place"):
        parts += ["in", r["place"]]
    return " ".join(p for p in parts if p)


def article_events(path: Path, names: list[str]) -> dict[str, list[dict]]:
    """Per entity name, the rows (without ``order``) of one article."""
    from .pipeline import components_for, run
    art = load_article(path)
    doc = run(art, pipeline=components_for(["event_mentions"]))
    text = art.text
    ments = doc.rows.get("mentions", [])
    published = art.published or ""
    out: dict[str, list[dict]] = {n: [] for n in names}
    for r in doc.rows.get("event_mentions", []):
        s0, s1 = r["sentence_start"], r["sentence_end"]
        sent = text[s0:s1]
        if r["polarity"] == "NEG" or r["tense"] == "FUTURE" or r["class"] in _NOT_FACTUAL:
            continue
        value = r.get("anchor_value") or ""
        date = value if _DATE.match(value) else published if r["tense"] in ("PAST", "PRESENT") else ""
        for n in names:
            if _names_in(sent, s0, s1, n, ments):
                out[n].append({"date": date, "article_id": path.stem, "trigger_start": r["start"],
                               "trigger_end": r["end"], "label": _label(r), "evidence": sent,
                               "source": "outlet", "certainty": span_certainty(text, s0, s1)})
    return out


def order_rows(rows: list[dict]) -> list[dict]:
    """Give ``order`` (0 undated; else the rank of the date among the distinct dates) and sort."""
    dates = sorted({r["date"] for r in rows if r["date"]})
    rank = {d: i + 1 for i, d in enumerate(dates)}
    for r in rows:
        r["order"] = rank.get(r["date"], 0)
    return sorted(rows, key=lambda r: (r["order"], r["article_id"], r["trigger_start"]))


def timelines(corpus_dir, names: list[str]) -> dict[str, list[dict]]:
    """Entity name -> its ordered rows over every ``*.txt`` of ``corpus_dir`` (sorted by name)."""
    acc: dict[str, list[dict]] = {n: [] for n in names}
    for p in sorted(Path(corpus_dir).glob("*.txt")):
        for n, rows in article_events(p, names).items():
            acc[n] += rows
    return {n: order_rows(rows) for n, rows in acc.items()}


def write_timelines(corpus_dir, names: list[str], out_dir) -> list[Path]:
    """Write ``out_dir/<slug>.csv`` per entity; returns the paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for n, rows in timelines(corpus_dir, names).items():
        p = out / f"{slug(n)}.csv"
        with p.open("w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=COLUMNS, extrasaction="ignore", lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
        paths.append(p)
    return paths

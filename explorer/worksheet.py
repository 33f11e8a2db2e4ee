"""The teacher's worksheet: questions about an article answered from its tables.

In:  an article's :class:`~explorer.tables.Tables`, optionally a context DataFrame and its
     corroboration result.
Out: small DataFrames and facts per question, and :func:`answer` to wrap an answer as
     ``<details><summary>Show answer</summary>...</details>`` HTML. Article-derived text is
     always HTML-escaped (``html.escape`` / ``DataFrame.to_html(escape=True)``).

Nothing here is typed for one article: the person is the most-mentioned one, the source the
named speaker with most claims, the key date the date whose events outside reports contradict
most (else the date of most hedged events).
"""
from __future__ import annotations

import datetime as dt
import html
from collections import Counter

import pandas as pd

from .corroborate import same_person, split_list, window


def answer(body_html: str, summary: str = "Show answer") -> str:
    """Wrap ready HTML in a click-to-open ``<details>`` element."""
    return f"<details><summary>{html.escape(summary)}</summary>\n{body_html}\n</details>"


def table_html(df: pd.DataFrame, empty: str = "The tables give nothing here.") -> str:
    """A DataFrame as an escaped HTML table, or an escaped note when it is empty."""
    if df is None or df.empty:
        return f"<p><em>{html.escape(empty)}</em></p>"
    return df.to_html(index=False, escape=True, border=0)


def p(text: str) -> str:
    """An escaped paragraph."""
    return f"<p>{html.escape(text)}</p>"


def main_person(tables) -> dict:
    """The most-mentioned person (ties: first person_id) as a dict, or {} without people."""
    people = tables.people
    if people is None or people.empty:
        return {}
    df = people.assign(_m=people["mentions"].fillna(0)).sort_values(["_m", "person_id"], ascending=[False, True])
    return df.drop(columns="_m").iloc[0].to_dict()


def named_sources(tables) -> pd.DataFrame:
    """Named speakers with their claim counts: ``speaker, claims``, most claims first."""
    c = tables.claims
    if c is None or c.empty:
        return pd.DataFrame(columns=["speaker", "claims"])
    named = c[c["speaker_type"] == "named"]
    out = named.groupby("speaker").size().rename("claims").reset_index()
    return out.sort_values(["claims", "speaker"], ascending=[False, True]).reset_index(drop=True)


def describe_person(tables, name: str) -> dict:
    """What the tables say about a person: role, age, descriptions (mention_type description),
    how the claims introduce them (speaker_text), and the places of events they take part in."""
    out = {"name": name, "role": "", "age": "", "descriptions": [], "introduced_as": [], "event_places": []}
    people = tables.people
    row = people[people["name"].apply(lambda n: same_person(str(n), name))] if not people.empty else people
    pid = ""
    if row is not None and len(row):
        r = row.iloc[0]
        pid = str(r["person_id"])
        out["role"] = str(r.get("role") or "")
        out["age"] = "" if pd.isna(r.get("age")) else str(r.get("age"))
    m = tables.mentions
    if pid and not m.empty:
        d = m[(m["entity_id"] == pid) & (m["mention_type"] == "description")]
        out["descriptions"] = list(dict.fromkeys(" ".join(t.split()) for t in d["text"]))
    c = tables.claims
    if not c.empty:
        mine = c[c["speaker"].apply(lambda s: same_person(str(s), name))]
        texts = [" ".join(t.split()) for t in mine["speaker_text"] if str(t).strip()]
        out["introduced_as"] = [t for t in dict.fromkeys(texts) if not same_person(t, name) and len(t.split()) > 1]
    e = tables.events
    if not e.empty:
        mine = e[e["participants"].apply(lambda s: any(same_person(x, name) for x in split_list(s)))]
        out["event_places"] = list(dict.fromkeys(pl for s in mine["place"] for pl in split_list(s)))
    return out


def asides(tables, name: str) -> list[str]:
    """What the article says about a speaker where it quotes them: the aside between speaker and
    cue ("The opposition politician - forced into exile - said") and the appositive after an
    inverted cue ("said Tsepkalo, a lawyer, former deputy foreign minister"), in text order,
    without repeats and without bare numbers (ages are in the people table)."""
    c, b = tables.claims, tables.blocks
    if c is None or c.empty or b is None or b.empty:
        return []
    mine = c[c["speaker"].apply(lambda s: same_person(str(s), name)) & c["speaker_start"].notna()
             & c["cue_start"].notna() & (c["kind"] != "according_to")]  # "According to X, CONTENT"
    out: list[str] = []
    for r in mine.sort_values("speaker_start").to_dict("records"):
        s_s, s_e, q_s, q_e = (int(r[k]) for k in ("speaker_start", "speaker_end", "cue_start", "cue_end"))
        blk = b[(b["start"] <= s_s) & (s_s < b["end"])]
        if blk.empty:
            continue
        text, base = str(blk.iloc[0]["text"]), int(blk.iloc[0]["start"])
        if s_e <= q_s:  # "X - aside - said"
            gap = text[s_e - base:q_s - base]
            aside = gap.strip(" ,-—–") if gap.lstrip()[:1] in (",", "-", "—", "–") else ""
        elif q_e <= s_s:  # "said X, aside."
            tail = text[s_e - base:]
            parts = tail[1:].split(". ")[0].strip(" ,.").split(", ") if tail.startswith(",") else []
            while parts and parts[0].strip().isdigit():  # an age: in the people table already
                parts = parts[1:]
            aside = ", ".join(parts)
        else:
            aside = ""
        aside = " ".join(aside.split())
        if _describes(aside) and aside not in out:
            out.append(aside)
    return out


#: words an aside describing a person can open with ("a lawyer", "who fled", "former minister")
_ASIDE_OPENERS = frozenset({"a", "an", "the", "who", "whose", "his", "her", "their", "its", "one", "former",
                            "now", "then", "also", "once", "long", "himself", "herself", "born", "known"})


def _describes(aside: str) -> bool:
    """Is this aside a description of the speaker (an appositive, a relative clause or a past
    participle: "a lawyer", "who fled", "forced into exile"), not the rest of the sentence
    (a present participle or preposition: "adding that ...", "in an interview on Tuesday")?"""
    words = aside.split()
    if not words:
        return False
    first = words[0].lower()
    return first in _ASIDE_OPENERS or words[0][:1].isupper() or (len(first) > 4 and first.endswith("ed"))


def cited(tables, name: str) -> pd.DataFrame:
    """What a speaker cites: ``via, claims`` over the speaker's claims (no via: "(nothing cited)")."""
    c = tables.claims
    if c is None or c.empty:
        return pd.DataFrame(columns=["via", "claims"])
    mine = c[c["speaker"].apply(lambda s: same_person(str(s), name))]
    counts = Counter(v for s in mine["via"] for v in (split_list(s) or ["(nothing cited)"]))
    return pd.DataFrame(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])), columns=["via", "claims"])


def doubt_words(tables) -> pd.DataFrame:
    """Hedges of the language table: ``term, times`` (lower-cased), most frequent first."""
    lang = tables.language
    if lang is None or lang.empty:
        return pd.DataFrame(columns=["term", "times"])
    counts = Counter(" ".join(str(t).lower().split()) for t in lang.loc[lang["category"] == "hedge", "term"])
    return pd.DataFrame(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])), columns=["term", "times"])


def name_substitutes(tables, person: dict) -> pd.DataFrame:
    """Descriptions standing for the person (mentions of type description): ``label, times``."""
    m = tables.mentions
    if not person or m is None or m.empty:
        return pd.DataFrame(columns=["label", "times"])
    d = m[(m["entity_id"] == person["person_id"]) & (m["mention_type"] == "description")]
    counts = Counter(" ".join(str(t).split()) for t in d["text"])
    return pd.DataFrame(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])), columns=["label", "times"])


def key_date(tables, result: pd.DataFrame | None = None) -> str:
    """The day the article's story turns on: the single-day event date with most contradicted
    corroboration rows; else the most frequent date of hedged or speculative single-day events;
    else ""."""
    e = tables.events
    if e is None or e.empty:
        return ""
    single = e[(e["date_start"] != "") & (e["date_start"] == e["date_end"])]
    if result is not None and not result.empty:
        bad = result[(result["relation"] == "contradicts") & (result["item_kind"] == "event")]
        dates = Counter(single.set_index("event_id")["date_start"].get(i) for i in bad["item_id"]
                        if i in set(single["event_id"]))
        if dates:
            return sorted(dates.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    doubt = single[single["certainty"].isin(["hedged", "speculative"])]
    counts = Counter(doubt["date_start"]) or Counter(single["date_start"])
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] if counts else ""


def events_on(tables, day: str) -> pd.DataFrame:
    """Events whose window covers ``day``: ``event_id, label, dates, place, source, certainty``."""
    e = tables.events
    cols = ["event_id", "label", "dates", "place", "source", "certainty"]
    if e is None or e.empty or not day:
        return pd.DataFrame(columns=cols)
    d = dt.date.fromisoformat(day)
    rows = []
    for r in e.to_dict("records"):
        w = window(r["date_start"], r["date_end"])
        if w and w[0] <= d <= w[1] and (w[1] - w[0]).days < 14:
            dates = w[0].isoformat() if w[0] == w[1] else f"{w[0].isoformat()}..{w[1].isoformat()}"
            rows.append({"event_id": r["event_id"], "label": r["label"], "dates": dates, "place": r["place"],
                         "source": r["source"], "certainty": r["certainty"]})
    return pd.DataFrame(rows, columns=cols)


def report_window(context: pd.DataFrame, result: pd.DataFrame, day: str) -> tuple[str, str]:
    """The window to look at around ``day``: the span of the reports related to events on that
    day, else ``day`` ± 2 days. ISO (start, end), or ("", "") without a day."""
    if not day:
        return "", ""
    d = dt.date.fromisoformat(day)
    days = [d]
    if result is not None and not result.empty and context is not None and not context.empty:
        rows = set(result.loc[result["item_dates"].str.startswith(day), "context_row"].dropna().astype(int))
        for r in context[context["context_row"].isin(rows)].to_dict("records"):
            w = window(r["date_start"], r["date_end"])
            if w:
                days += [w[0], w[1]]
    if len(days) == 1:
        days = [d - dt.timedelta(days=2), d + dt.timedelta(days=2)]
    return min(days).isoformat(), max(days).isoformat()


def reports_for(context: pd.DataFrame, result: pd.DataFrame, person: str, start: str, end: str) -> pd.DataFrame:
    """Outside reports about ``person`` whose window meets [start, end], with our relation to the
    article's events: ``row, dates, place, source, statement, relation``."""
    cols = ["row", "dates", "place", "source", "statement", "relation"]
    if context is None or context.empty or not person or not start:
        return pd.DataFrame(columns=cols)
    a, b = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    rows = []
    for r in context.to_dict("records"):
        w = window(r["date_start"], r["date_end"])
        if not w or w[1] < a or w[0] > b or not any(same_person(person, q) for q in split_list(r["people"])):
            continue
        rel = result[result["context_row"] == r["context_row"]] if result is not None and not result.empty else None
        verdict = ""
        if rel is not None and len(rel):
            parts = [f"{k} {', '.join(sorted(set(rel.loc[rel['relation'] == k, 'item_id'])))}"
                     for k in ("contradicts", "supports") if (rel["relation"] == k).any()]
            verdict = "; ".join(parts)
        dates = w[0].isoformat() if w[0] == w[1] else f"{w[0].isoformat()}..{w[1].isoformat()}"
        rows.append({"row": r["context_row"], "dates": dates, "place": r["place"], "source": r["source"],
                     "statement": r["statement"], "relation": verdict or "(no relation found)"})
    return pd.DataFrame(rows, columns=cols)

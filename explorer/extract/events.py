"""Events: what happened, when, where, to whom, on whose word.

In:  the Doc with sentences and the rows of ``dates``, ``mentions``, ``places``, ``claims``
     and ``language``.
Out: ``doc.rows["events"]``: one row per event (see ``explorer.tables.SCHEMA["events"]``).

How (all rules general, lexicons in ``explorer/lexicons``):
 1. **Triggers.** Words of ``event_triggers.csv`` ("parade", "collapsed", "returned", ...) and
    organisation mentions whose head names a gathering ("... Council", "... Summit") start an
    event. A capitalised trigger inside a name ("World War II") is skipped.
 2. **Clauses.** Each trigger reads its own clause: the sentence is cut at commas, semicolons,
    dashes and the connectives "and", "but", "while", "after", "before", "rather than"; a comma
    followed by a place or a date ("in Red Square, Moscow, Russia, May 9") does not cut.
 3. **Slots.** The clause's DATE/TIME mentions give the date (the most precise one); a sentence
    with a single trigger lends its dates to it unless the clause opens with a temporal connective
    ("shortly before", "after", "eventually"). Places come from the clause, else from earlier in
    the sentence. Participants are the person mentions of the clause (or of the sentence when it
    has one trigger), with subject pronouns resolved to the closest earlier person who is not a
    speaker of an attribution cue.
 4. **Narrative dates.** A trigger whose lexicon row names ``inherit`` types (treatment after an
    illness) takes the date of the closest dated event of those types sharing a participant; a
    ``stay`` with a DURATION ("for two or three days") spans that many days from there.
 5. **Merging.** Inside a sentence, triggers of one family merge, and a trigger introduced by
    "at", "during" or "amid" describes the circumstances of the previous one. Across sentences,
    events of one family merge when their dates and places are compatible and they share a
    participant or a key (the gathering's name). The most precisely dated mention is kept as the
    evidence.
 6. **Source and certainty.** An event inside the content of a claim has that claim's speaker as
    source and is at least ``hedged``; a caption's event has source ``caption``; otherwise the
    ``outlet``. Certainty is :func:`~explorer.extract.language.span_certainty` of the clause, the
    same grading claims use: speculative markers ("probably", "would") make it ``speculative``,
    hedges ("alleged", "purported") ``hedged``.
 7. **Background.** An event ending more than a year before the anchor date is ``background``.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from .. import lexicons
from ..pipeline import Doc, component
from .language import CERTAINTY_RANK, span_certainty

_GATHERING_HEADS = re.compile(r"\b(Council|Summit|Conference|Forum|Congress|Assembly|Games|Olympics|"
                              r"Festival|Championships?|Cup)\s*$")
_CLAUSE_CUT = re.compile(r"\s*(?:[,;:]|\s[-–—]\s|\s(?:and|but|while|after|before|rather than|as|"
                         r"which|who|when|where)\s)\s*")
_TEMPORAL_OPENERS = re.compile(r"^(?:shortly |soon |long |just |days? |weeks? )?(?:before|after|since|until|"
                               r"eventually|later|then|afterwards|subsequently)\b", re.I)
_CIRCUMSTANCE = re.compile(r"\b(?:at|during|amid|amidst|for example at|including at)\s+(?:an?|the|their|his|her|its|this)?\s*"
                           r"(?:[\w'’-]+\s+){0,10}$", re.I)
_LEAD = re.compile(r"^[\s,;:–—-]*(?:(?:and|but|or|while|as|which|who|when|where|rather than)\s+)?", re.I)
_PRONOUN = re.compile(r"\b(he|she|He|She)\b")
_STOP_NP = {"the", "a", "an", "his", "her", "their", "its", "our", "this", "that", "these", "those",
            "of", "in", "on", "at", "to", "for", "and", "or", "as", "by", "with", "from", "watches",
            "watched", "watch", "attend", "attended", "attends", "during", "after", "before", "was",
            "were", "is", "are", "be", "been", "had", "has", "have"}


@dataclass(frozen=True)
class Trigger:
    pattern: re.Pattern
    event_type: str
    label: str
    inherit: tuple[str, ...]
    stay: bool
    merge: str = "sentence"

    @property
    def family(self) -> str:
        return "gathering" if self.event_type in ("meeting", "gathering") else self.event_type


@lru_cache(maxsize=1)
def triggers() -> tuple[Trigger, ...]:
    """The rows of ``lexicons/event_triggers.csv``, compiled."""
    rows = lexicons.read("event_triggers.csv")
    return tuple(Trigger(re.compile(rf"\b(?:{r['pattern']})\b", re.I), r["event_type"], r["label"],
                         tuple(t for t in r["inherit"].split(";") if t), r["stay"] == "1", r["merge"])
                 for r in rows)


@dataclass
class Event:
    trigger: Trigger
    tstart: int
    tend: int
    sent: int                      # sentence index
    clause: tuple[int, int]
    key: str = ""                  # a gathering's name, used for merging
    np_label: str = ""
    date: dict | None = None       # a dates row (DATE/TIME) or a synthesised range
    date_text: str = ""
    duration: dict | None = None
    places: list[str] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)
    source: str = "outlet"
    certainty: str = "asserted"
    merged: list["Event"] = field(default_factory=list)

    @property
    def family(self) -> str:
        return self.trigger.family


def _iso(s: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(s) if s else None
    except ValueError:
        return None


def _interval(e: Event) -> tuple[dt.date, dt.date] | None:
    if not e.date:
        return None
    a, b = _iso(e.date.get("date_start", "")), _iso(e.date.get("date_end", ""))
    return (a, b) if a and b else None


def _width(e: Event) -> int:
    iv = _interval(e)
    return (iv[1] - iv[0]).days if iv else 10 ** 6


def _compatible_dates(a: Event, b: Event) -> bool:
    ia, ib = _interval(a), _interval(b)
    if not ia or not ib:
        return True
    return (ia[0] <= ib[0] and ib[1] <= ia[1]) or (ib[0] <= ia[0] and ia[1] <= ib[1])


def _clauses(text: str, s0: int, s1: int, joiners: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Clause spans of the sentence [s0, s1). ``joiners`` are spans (places, dates) that a cut
    directly before does not split off. A clause span starts at the separator that opens it
    ("before he ..."), so its connective can be read."""
    cuts = [s0]
    for m in _CLAUSE_CUT.finditer(text, s0, s1):
        nxt = m.end()
        if any(a == nxt for a, _ in joiners) and m.group(0).strip() in (",", "", "and"):
            continue
        cuts.append(m.start())
        cuts.append(m.start())
    cuts.append(s1)
    out = []
    for i in range(0, len(cuts) - 1, 2):
        a, b = cuts[i], cuts[i + 1]
        if b > a:
            out.append((a, b))
    return out or [(s0, s1)]


def _clause_of(clauses, pos):
    for a, b in clauses:
        if a <= pos < b:
            return (a, b)
    # a trigger starting on a cut (e.g. "after") belongs to the next clause
    for a, b in clauses:
        if a >= pos:
            return (a, b)
    return clauses[-1]


def _np_before(text: str, start: int, limit: int) -> str:
    """The noun phrase ending at ``start``: modifier words walked back until a stop word."""
    words = list(re.finditer(r"[\w'’-]+", text[limit:start]))
    keep = []
    for w in reversed(words[-5:]):
        if w.group(0).lower() in _STOP_NP:
            break
        keep.append(w)
    if not keep:
        return ""
    keep.reverse()
    return text[limit + keep[0].start():start].strip()


class _Index:
    """Rows of earlier tables, sorted for quick span look-ups."""

    def __init__(self, doc: Doc):
        rows = doc.rows
        self.dates = sorted(rows.get("dates", []), key=lambda r: r["start"])
        self.mentions = sorted(rows.get("mentions", []), key=lambda r: r["start"])
        self.people = [m for m in self.mentions if m["kind"] == "person"]
        self.places = [m for m in self.mentions if m["kind"] == "place"]
        self.orgs = [m for m in self.mentions if m["kind"] == "org"]
        self.place_kind = {p["name"]: p.get("kind", "") for p in rows.get("places", [])}
        self.place_country = {p["name"]: p.get("country", "") for p in rows.get("places", [])}
        self.claims = rows.get("claims", [])
        self.speaker_spans = [(c["speaker_start"], c["speaker_end"]) for c in self.claims
                              if c.get("speaker_start") not in (None, "")]
        self.cue_spans = [(c["cue_start"], c["cue_end"]) for c in self.claims if c.get("cue_start") not in (None, "")]
        self.hedges = [r for r in rows.get("language", []) if r.get("category") == "hedge"]

    @staticmethod
    def within(rows, a, b):
        return [r for r in rows if a <= r["start"] and r["end"] <= b]

    def is_speaker(self, m) -> bool:
        return any(s <= m["start"] and m["end"] <= e for s, e in self.speaker_spans)

    def claim_at(self, a: int, b: int):
        best = None
        for c in self.claims:
            cs, ce = c.get("content_start"), c.get("content_end")
            if cs in (None, "") or ce in (None, ""):
                continue
            if cs <= a and b <= ce and (best is None or ce - cs < best["content_end"] - best["content_start"]):
                best = c
        return best

    def resolve_pronoun(self, pos: int, text: str) -> str | None:
        """The closest person mentioned before ``pos`` who is neither a speaker of a cue nor a
        possessive ("Putin's ally")."""
        for m in reversed(self.people):
            if m["end"] <= pos and not self.is_speaker(m) and text[m["end"]:m["end"] + 2] not in ("'s", "’s"):
                return m["name"]
        return None

    def in_name(self, a: int, b: int) -> bool:
        return any(m["start"] <= a and b <= m["end"] for m in self.mentions if m["kind"] != "org")


def _find_triggers(doc: Doc, idx: _Index) -> list[Event]:
    text = doc.text
    events: list[Event] = []
    gathering = Trigger(re.compile(""), "gathering", "summit", (), False, "story")
    for si, s in enumerate(doc.sentences):
        found: list[Event] = []
        for trig in triggers():
            for m in trig.pattern.finditer(text, s.start, s.end):
                a, b = m.start(), m.end()
                if text[a].isupper() and a != s.start:   # part of a name: "World War II"
                    continue
                if idx.in_name(a, b) or any(o["start"] <= a < o["end"] for o in idx.orgs):
                    continue
                if any(e.tstart < b and a < e.tend for e in found):
                    continue
                found.append(Event(trig, a, b, si, (s.start, s.end)))
        for o in idx.within(idx.orgs, s.start, s.end):
            if _GATHERING_HEADS.search(o["text"]):
                found.append(Event(gathering, o["start"], o["end"], si, (s.start, s.end), key=o["name"]))
        found.sort(key=lambda e: e.tstart)
        events.extend(found)
    return events


def _sentence_clauses(doc: Doc, idx: _Index, si: int) -> list[tuple[int, int]]:
    s = doc.sentences[si]
    joiners = [(r["start"], r["end"]) for r in idx.within(idx.places, s.start, s.end)]
    joiners += [(r["start"], r["end"]) for r in idx.within(idx.dates, s.start, s.end)]
    return _clauses(doc.text, s.start, s.end, joiners)


def _merge_in_sentence(doc: Doc, idx: _Index, events: list[Event]) -> list[Event]:
    """Within a sentence, a trigger of the previous trigger's family, or one introduced by
    "at", "during" or "amid", joins the previous event; its clause widens the event's span."""
    out: list[Event] = []
    clauses: dict[int, list[tuple[int, int]]] = {}
    for e in events:
        cl = clauses.setdefault(e.sent, _sentence_clauses(doc, idx, e.sent))
        e.clause = _clause_of(cl, e.tstart)
        prev = out[-1] if out and out[-1].sent == e.sent else None
        if prev is not None:
            lead = doc.text[doc.sentences[e.sent].start:e.tstart]
            if prev.family == e.family or _CIRCUMSTANCE.search(lead[-60:]):
                _absorb(prev, e)
                prev.clause = (min(prev.clause[0], e.clause[0]), max(prev.clause[1], e.clause[1]))
                continue
        out.append(e)
    return out


def _fill_slots(doc: Doc, idx: _Index, events: list[Event]) -> None:
    """Date, duration, places, participants, source and certainty of each event, from its clause."""
    text = doc.text
    by_sent: dict[int, list[Event]] = {}
    for e in events:
        by_sent.setdefault(e.sent, []).append(e)
    for si, evs in by_sent.items():
        s = doc.sentences[si]
        clauses = _sentence_clauses(doc, idx, si)
        sent_dates = [r for r in idx.within(idx.dates, s.start, s.end) if r["type"] in ("DATE", "TIME")]
        alone = len(evs) == 1
        for e in evs:
            ca, cb = e.clause
            clause_text = text[ca:cb]
            dates = [r for r in idx.within(idx.dates, ca, cb) if r["type"] in ("DATE", "TIME") and r.get("date_start")]
            opener = _TEMPORAL_OPENERS.search(_LEAD.sub("", clause_text))
            if not dates and not opener:
                # the sentence's dates when it holds one event; else a date earlier in the
                # sentence with no other event's trigger in between
                dates = [r for r in sent_dates if r.get("date_start") and (alone or (
                    r["end"] <= e.tstart and not any(x is not e and r["end"] <= x.tstart < e.tstart for x in evs)))]
            if dates:
                best = min(dates, key=lambda r: (_iso(r["date_end"]) - _iso(r["date_start"])).days
                           if _iso(r["date_end"]) and _iso(r["date_start"]) else 10 ** 6)
                e.date, e.date_text = best, best["text"]
            durs = [r for r in idx.within(idx.dates, ca, cb) if r["type"] == "DURATION"]
            if durs:
                e.duration = durs[0]
            places = idx.within(idx.places, ca, cb) or idx.within(idx.places, s.start, e.tstart)
            e.places = list(dict.fromkeys(p["name"] for p in places))
            persons = [p for p in idx.within(idx.people, *((s.start, s.end) if alone else (ca, cb)))
                       if not idx.is_speaker(p) and text[p["end"]:p["end"] + 2] not in ("'s", "’s")]
            found = [(p["start"], p["name"]) for p in persons]
            for pm in _PRONOUN.finditer(text, s.start if alone else ca, e.tstart):
                if any(a <= pm.start() < b for a, b in idx.speaker_spans + idx.cue_spans):
                    continue
                who = idx.resolve_pronoun(pm.start(), text)
                if who:
                    found.append((pm.start(), who))
            names = [n for _, n in sorted(found)]
            if not names and not alone:   # subject of the sentence: "X was patched up after ..."
                subj = [p for p in idx.within(idx.people, s.start, e.tstart) if not idx.is_speaker(p)]
                names = [p["name"] for p in subj[:1]]
            e.participants = list(dict.fromkeys(names))
            if e.trigger.event_type in ("ceremony", "meeting", "gathering") and not e.key:
                e.np_label = _np_before(text, e.tstart, s.start)
            claim = idx.claim_at(ca, cb) or idx.claim_at(e.tstart, e.tend)
            block = doc.block_of(e.tstart)
            # the clause, and a trailing adjunct clause with no trigger of its own ("..., probably by train")
            nxt = next(((a, b) for a, b in clauses if a >= cb), None)
            scope = clause_text
            if nxt and not any(nxt[0] <= x.tstart < nxt[1] for x in evs):
                scope += text[nxt[0]:nxt[1]]
            certainty = span_certainty(clause_text)
            if span_certainty(scope) == "speculative":
                certainty = "speculative"
            if claim is not None:   # reported: at least hedged; the clause may make it speculative
                e.source = claim["speaker"] or "anonymous"
                certainty = max(certainty, "hedged", key=CERTAINTY_RANK.__getitem__)
            elif block is not None and block.kind == "caption":
                e.source = "caption"
            e.certainty = certainty


def _absorb(into: Event, e: Event) -> None:
    into.merged.append(e)
    into.places = list(dict.fromkeys(into.places + e.places))
    into.participants = list(dict.fromkeys(into.participants + e.participants))
    into.key = into.key or e.key
    if e.key and into.trigger.event_type == "meeting":
        into.trigger = e.trigger
    into.np_label = into.np_label or e.np_label
    if into.date is None and e.date is not None:
        into.date, into.date_text = e.date, e.date_text
    into.duration = into.duration or e.duration


def _inherit_dates(events: list[Event]) -> None:
    for i, e in enumerate(events):
        if e.date is not None or not e.trigger.inherit:
            continue
        same_sentence = [x for x in events if x.sent == e.sent and x is not e]
        earlier = list(reversed(events[:i]))
        for cand in same_sentence + earlier:
            if cand.date is None or cand.trigger.event_type not in e.trigger.inherit:
                continue
            if e.participants and cand.participants and not set(e.participants) & set(cand.participants):
                continue
            e.date, e.date_text = dict(cand.date), cand.date_text
            break
        if e.trigger.stay and e.date is not None and e.duration is not None:
            days = _days(e.duration.get("value", ""))
            start = _iso(e.date.get("date_start", ""))
            if days and start:
                e.date = {"date_start": start.isoformat(),
                          "date_end": (start + dt.timedelta(days=days - 1)).isoformat(),
                          "text": e.duration["text"]}
                e.date_text = f"{e.date_text}; {e.duration['text']}" if e.date_text else e.duration["text"]


def _days(value: str) -> int | None:
    m = re.fullmatch(r"P(\d+)([DW])", value or "")
    if not m:
        return None
    return int(m.group(1)) * (7 if m.group(2) == "W" else 1)


def _compatible_places(a: Event, b: Event, idx: _Index) -> bool:
    if not a.places or not b.places:
        return True
    if set(a.places) & set(b.places):
        return True
    ca = {idx.place_country.get(p) or p for p in a.places} | set(a.places)
    cb = {idx.place_country.get(p) or p for p in b.places} | set(b.places)
    return bool(ca & cb)


def _merge_across(events: list[Event], idx: _Index) -> list[Event]:
    out: list[Event] = []
    for e in events:
        target = None
        for o in out:
            if o.family != e.family or o.trigger.stay != e.trigger.stay:
                continue
            if "story" not in (o.trigger.merge, e.trigger.merge) or (o.trigger.merge != e.trigger.merge and not o.key):
                continue
            if o.key and e.key and o.key != e.key:
                continue
            shared = (o.key and o.key == e.key) or bool(set(o.participants) & set(e.participants)) \
                or not (o.participants and e.participants)
            if shared and _compatible_dates(o, e) and _compatible_places(o, e, idx):
                target = o
                break
        if target is None:
            out.append(e)
            continue
        # keep the more precisely dated mention as the evidence
        if _width(e) < _width(target):
            out[out.index(target)] = e
            e.merged.append(target)
            _absorb(e, target)
            e.merged.extend(target.merged)
        else:
            _absorb(target, e)
    return out


def _label(doc: Doc, e: Event, idx: _Index) -> str:
    if e.key:
        return e.key if _GATHERING_HEADS.search(e.key) is None or re.search(r"(Summit|Conference|Forum|Congress)$", e.key) \
            else f"{e.key} {e.trigger.label}"
    if e.np_label:
        return f"{e.np_label} {doc.text[e.tstart:e.tend].lower()}".strip()
    label = doc.text[e.tstart:e.tend].lower() if e.trigger.label == "*" else e.trigger.label
    sites = [p for p in e.places if idx.place_kind.get(p) == "site"]
    if e.trigger.event_type == "treatment" and sites:
        label += f" at {sites[0]}"
    elif e.trigger.event_type in ("stay", "visit", "return", "arrival") and e.places:
        prep = "in" if e.trigger.event_type == "stay" else "to"
        label += f" {prep} {e.places[-1] if e.trigger.label == 'return' else e.places[0]}"
    others = e.participants[1:]
    if others and e.trigger.event_type in ("appearance", "meeting"):
        label += " with " + " and ".join(others)
    return label


def _background(e: Event, anchor: dt.date | None) -> bool:
    iv = _interval(e)
    return bool(iv and anchor and (anchor - iv[1]).days > 365)


def _anchor(doc: Doc) -> dt.date | None:
    pub = doc.article.published or ""
    if len(pub) == 7:
        pub += "-01"
    return _iso(pub)


@component("events", produces=("events",), requires=("dates", "mentions", "claims", "language"))
def events_component(doc: Doc) -> None:
    idx = _Index(doc)
    events = _merge_in_sentence(doc, idx, _find_triggers(doc, idx))
    _fill_slots(doc, idx, events)
    _inherit_dates(events)
    events = _merge_across(events, idx)
    # an event needs something to place it: a date, a place, or a named participant
    events = [e for e in events if e.date or e.places or e.participants or e.key]
    events.sort(key=lambda e: e.tstart)
    anchor = _anchor(doc)
    rows = []
    for i, e in enumerate(events, 1):
        s = doc.sentences[e.sent]
        block = doc.block_of(s.start)
        rows.append({
            "event_id": f"e{i:02d}", "label": _label(doc, e, idx),
            "date_start": (e.date or {}).get("date_start", ""), "date_end": (e.date or {}).get("date_end", ""),
            "date_text": e.date_text, "place": "; ".join(e.places), "participants": "; ".join(e.participants),
            "source": e.source, "certainty": e.certainty, "evidence": doc.text[s.start:s.end],
            "start": s.start, "end": s.end, "block_id": block.block_id if block else "",
            "trigger": doc.text[e.tstart:e.tend], "background": _background(e, anchor),
        })
    doc.rows["events"] = rows

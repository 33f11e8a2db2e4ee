"""Event mentions: one row per eventive predicate (verb, event noun, predicative adjective), as
TimeML's EVENT tags count them, with its class, tense, polarity, participants and time anchor.

In:  the Doc with sentences and the rows of ``dates`` and ``mentions``.
Out: ``doc.rows["event_mentions"]`` (see ``explorer.schema.SCHEMA["event_mentions"]``); every
     row's ``text[start:end]`` is the trigger.

How:
 1. **Triggers and class.** Each sentence is cut into word tokens (:func:`tokens`) and tagged by
    a linear-chain CRF (``models/event_triggers.crfsuite``, written by
    ``scripts/train_event_triggers.py`` from 80 % of TimeBank 1.2, split by document). The tag of
    a token is ``O`` or the TimeML class of the event it triggers (OCCURRENCE, REPORTING, STATE,
    I_ACTION, I_STATE, ASPECTUAL, PERCEPTION), so one tagging gives the trigger and its class.
    Features (:func:`features`) come from the text alone: the word, lower case, affixes, a crude
    stem, shape, neighbouring words, auxiliaries and determiners before it, word clusters
    (:func:`clusters`, so that an unseen event noun can resemble a seen one) and two lexicons
    (``cues.csv`` reporting cues, ``event_triggers.csv`` story event words). A token whose marginal
    P(O) is under :data:`O_THRESHOLD` is a trigger. Without the model file, the lexicons alone
    propose triggers (cue words as REPORTING, event words as OCCURRENCE).
 2. **Tense and polarity** are rules over the words before the trigger in its clause: ``will``
    / ``shall`` give FUTURE, ``to`` INFINITIVE, a form of *be* or *have* their own tense, an
    ``-ed`` verb with no auxiliary PAST; nouns and adjectives (a determiner before, no verb
    ending) NONE. ``not``, ``n't``, ``no``, ``never``, ``without`` ... in the clause before the
    trigger give polarity NEG.
 3. **Anchor.** The nearest DATE/TIME mention of ``dates`` in the same sentence, with the relation
    read off the preposition before it ("on", "in", "during": IS_INCLUDED; "before", "until",
    "by": BEFORE; "after", "since": AFTER); else, for a REPORTING event, the publication date
    (``DCT``; BEFORE for a past-tense report, IS_INCLUDED otherwise).
 4. **Participants** come from the ``mentions`` rows of the trigger's clause: the closest person
    or organisation before the trigger is the agent, the first one after it the patient, and a
    place introduced by "in", "at", "near", ... in the clause the location.

Limits: TimeBank's notion of an event is broad (states, aspectual verbs); the CRF has no
part-of-speech tagger or parser, so the noun/verb distinction and the roles are approximate.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .. import lexicons
from ..pipeline import Doc, component

MODEL_DIR = Path(__file__).resolve().parents[1] / "models"
MODEL_PATH = MODEL_DIR / "event_triggers.crfsuite"
CLASSES = ("OCCURRENCE", "REPORTING", "STATE", "I_ACTION", "I_STATE", "ASPECTUAL", "PERCEPTION")
CLUSTERS_PATH = MODEL_DIR / "event_triggers.clusters.csv"
FEATURE_SET = "v2"
#: a token is a trigger when the CRF's marginal P(O) is below this (the Viterbi path alone, 0.5 in
#: effect, favours precision: with the first feature set, held-out TimeBank relaxed F1 .807 at 0.5,
#: .815 at 0.8; MEANTIME .664 and .715)
O_THRESHOLD = 0.8

WORD = re.compile(r"[\w\[\]][\w'’.\-\[\]]*|[^\w\s]")
_ABBREV_DOT = re.compile(r"^(?:[A-Za-z]\.)+$|^(?:mr|mrs|ms|dr|st|jr|sr|inc|co|corp|ltd|gen|gov|sen|rep)\.$", re.I)

_DETERMINERS = frozenset("a an the this that these those his her its their our my your some any no every each "
                         "another such what which whose".split())
_BE = {"am": "PRESENT", "is": "PRESENT", "are": "PRESENT", "'s": "PRESENT", "'re": "PRESENT", "was": "PAST",
       "were": "PAST", "be": "NONE", "been": "NONE", "being": "NONE"}
_HAVE = {"has": "PRESENT", "have": "PRESENT", "'ve": "PRESENT", "had": "PAST", "'d": "PAST", "having": "NONE"}
_DO = {"do": "PRESENT", "does": "PRESENT", "did": "PAST"}
_MODALS = frozenset("can could may might must should would ought".split())
_FUTURE = frozenset("will 'll shall wo".split())
_NEGATION = frozenset("not n't no never neither nor without cannot nobody nothing none".split())
_AUX = frozenset(_BE) | frozenset(_HAVE) | frozenset(_DO) | _MODALS | _FUTURE
_CLAUSE_BREAK = frozenset(", ; : ( ) — – - \" “ ” and but or because while whereas although though which who "
                          "that when where if".split())
_RELATION = {"on": "IS_INCLUDED", "in": "IS_INCLUDED", "at": "IS_INCLUDED", "during": "IS_INCLUDED",
             "within": "IS_INCLUDED", "throughout": "IS_INCLUDED", "this": "IS_INCLUDED", "last": "IS_INCLUDED",
             "before": "BEFORE", "until": "BEFORE", "till": "BEFORE", "by": "BEFORE", "prior": "BEFORE",
             "after": "AFTER", "since": "AFTER", "from": "AFTER", "following": "AFTER"}
_IRREGULAR_PAST = frozenset(
    "said told took made went came gave found thought knew saw got left felt kept began brought bought held "
    "stood lost paid met ran sent spent built fell won fought caught taught sold wrote spoke rose broke chose "
    "drove grew threw flew drew hid led meant heard became struck sought swore wore shot slid stole".split())
_SUBJECT_PRONOUNS = frozenset("i we you they he she it".split())
_PREPOSITIONS = frozenset("of in on at to for with from by about into over after before under between through "
                          "during against among without".split())
_PLACE_PREPS = frozenset("in at near outside inside across from to into through around within".split())


@dataclass(frozen=True)
class Token:
    """One word or punctuation token: its text, character offsets and lower-cased form (curly
    apostrophes straightened)."""
    text: str
    start: int
    end: int
    low: str = ""

    def __post_init__(self):
        if not self.low:
            object.__setattr__(self, "low", self.text.lower().replace("’", "'"))


def tokens(text: str, lo: int, hi: int) -> list[Token]:
    """Word and punctuation tokens of ``text[lo:hi]`` with offsets. A word's final full stop is
    its own token unless the word is an abbreviation or initials ("U.S.", "Mr.")."""
    out = []
    for m in WORD.finditer(text, lo, hi):
        w, s = m.group(), m.start()
        if len(w) > 1 and w.endswith(".") and not _ABBREV_DOT.match(w):
            out += [Token(w[:-1], s, s + len(w) - 1), Token(".", s + len(w) - 1, s + len(w))]
        elif "n't" in w.lower().replace("’", "'") and len(w) > 3:   # "didn't" -> "did" "n't"
            k = w.lower().replace("’", "'").index("n't")
            out += [Token(w[:k], s, s + k), Token(w[k:], s + k, s + len(w))]
        else:
            out.append(Token(w, s, s + len(w)))
    return out


_SHAPE = str.maketrans({**{c: "X" for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"},
                        **{c: "x" for c in "abcdefghijklmnopqrstuvwxyz"}, **{c: "d" for c in "0123456789"}})
_RUNS = re.compile(r"(.)\1{2,}")


@lru_cache(maxsize=65536)
def _shape(w: str) -> str:
    return _RUNS.sub(r"\1\1", w.translate(_SHAPE))


@lru_cache(maxsize=1)
def reporting_cues() -> frozenset[str]:
    """Single-word attribution cues of ``cues.csv`` (lower case): REPORTING candidates."""
    return frozenset(r["cue"].lower() for r in lexicons.read("cues.csv") if " " not in r["cue"])


@lru_cache(maxsize=1)
def event_words() -> re.Pattern:
    """The single-word alternatives of ``event_triggers.csv``'s patterns, as one full-match regex."""
    alts = []
    for r in lexicons.read("event_triggers.csv"):
        alts += [a for a in r["pattern"].split("|") if not re.search(r"[\s()\[\]\\]", a)]
    return re.compile("(?:" + "|".join(alts) + ")", re.I)


@lru_cache(maxsize=1)
def clusters() -> dict[str, tuple[str, str]]:
    """Word -> (cluster of 100, cluster of 400): k-means (cosine, seeded) over the input word
    embeddings of all-MiniLM-L6-v2's whole-word vocabulary, written by the training script; words
    of one cluster tend to share a meaning ("departure", "departed", "arrival", "meeting").
    {} when the file is missing."""
    import csv
    if not CLUSTERS_PATH.exists():
        return {}
    with CLUSTERS_PATH.open(encoding="utf-8") as f:
        return {r["word"]: (r["c100"], r["c400"]) for r in csv.DictReader(f)}


_STEM = re.compile(r"(?:ations?|itions?|ions?|ments?|ures?|ances?|ences?|als?|ings?|ed|es|s|e|y)$")


@lru_cache(maxsize=65536)
def stem(w: str) -> str:
    """A crude stem shared by a verb and its nominalisations ("departed", "departure" ->
    "depart"): the longest derivational or inflectional ending cut once, at least four letters kept."""
    m = _STEM.search(w)
    return w[: m.start()] if m and m.start() >= 4 else w


@lru_cache(maxsize=65536)
def _word_features(w: str, lw: str) -> tuple[str, ...]:
    """The features of a token that depend on its own form alone (cached: words repeat)."""
    f = ["b", "w=" + lw, "s2=" + lw[-2:], "s3=" + lw[-3:], "s4=" + lw[-4:], "p3=" + lw[:3],
         "sh=" + _shape(w), "st=" + stem(lw)]
    c = clusters().get(lw)
    if c:
        f += ["c1=" + c[0], "c4=" + c[1]]
    if lw in reporting_cues():
        f.append("cue")
    if event_words().fullmatch(lw):
        f.append("evw")
    if lw in _AUX:
        f.append("aux")
    return tuple(f)


def features(toks: list[Token]) -> list[list[str]]:
    """CRF features per token of one sentence. In: the sentence's tokens. Out: a list of feature
    strings per token (crfsuite's attribute format)."""
    lows = [t.low for t in toks]
    cl = clusters()
    n = len(toks)
    out = []
    for i, t in enumerate(toks):
        w, lw = t.text, lows[i]
        f = list(_word_features(w, lw))
        for k in (-1, 1):
            c = cl.get(lows[i + k]) if 0 <= i + k < n else None
            if c:
                f.append(f"c1{k}=" + c[0])
        if w[:1].isupper():
            f.append("cap" if i else "cap0")
        for k in (-2, -1, 1, 2):
            j = i + k
            f.append(f"w{k}=" + (lows[j] if 0 <= j < n else ("<s>" if j < 0 else "</s>")))
        if i:
            f += ["bg-=" + lows[i - 1] + "|" + lw, "s-1=" + lows[i - 1][-2:]]
            if lows[i - 1] in _DETERMINERS:
                f.append("det-1")
        if i + 1 < n:
            f += ["bg+=" + lw + "|" + lows[i + 1], "s+1=" + lows[i + 1][-2:]]
        # the closest auxiliary, determiner or "to" in the three words before
        for j in range(i - 1, max(-1, i - 4), -1):
            if lows[j] in _AUX or lows[j] == "to" or lows[j] in _DETERMINERS:
                f.append("near-=" + ("aux" if lows[j] in _AUX else lows[j] if lows[j] == "to" else "det"))
                break
            if not lows[j].isalpha():
                break
        out.append(f)
    return out


@lru_cache(maxsize=2)
def tagger(path: str | None = None):
    """The CRF tagger (``pycrfsuite.Tagger``) of ``path`` (default :data:`MODEL_PATH`), or None
    when the file or python-crfsuite is missing."""
    p = Path(path) if path else MODEL_PATH
    try:
        import pycrfsuite
    except ImportError:
        return None
    if not p.exists():
        return None
    t = pycrfsuite.Tagger()
    t.open(str(p))
    return t


def tag_sentence(toks: list[Token], model_path: str | None = None) -> list[str]:
    """Per token, ``O`` or the TimeML class of the event it triggers. With the CRF when it is
    installed (a token whose marginal P(O) is below :data:`O_THRESHOLD` is a trigger, of its
    Viterbi class, else of its most probable class), else the lexicons (reporting cues as
    REPORTING, event words as OCCURRENCE)."""
    if not toks:
        return []
    tg = tagger(model_path)
    if tg is not None:
        tg.set(features(toks))
        best = tg.tag()
        labels = [c for c in tg.labels() if c != "O"]
        out = []
        for i, c in enumerate(best):
            if tg.marginal("O", i) >= O_THRESHOLD:
                out.append("O")
            else:
                out.append(c if c != "O" else max(labels, key=lambda lab: tg.marginal(lab, i)))
        return out
    cues, evw = reporting_cues(), event_words()
    return ["REPORTING" if t.low in cues else "OCCURRENCE" if evw.fullmatch(t.low) else "O" for t in toks]


def _clause_start(lows: list[str], i: int) -> int:
    """Index of the first token of the clause holding token ``i`` (after the last break before it)."""
    j = i - 1
    while j >= 0 and lows[j] not in _CLAUSE_BREAK:
        j -= 1
    return j + 1


def _clause_end(lows: list[str], i: int) -> int:
    j = i + 1
    while j < len(lows) and lows[j] not in _CLAUSE_BREAK:
        j += 1
    return j


def tense_of(lows: list[str], i: int) -> str:
    """TimeML tense of the predicate at token ``i``: FUTURE, PAST, PRESENT, INFINITIVE, PRESPART,
    PASTPART or NONE, from the auxiliaries in the (up to four) words before it and its ending."""
    w = lows[i]
    aux = None
    for j in range(i - 1, max(-1, i - 5), -1):
        lj = lows[j]
        if lj in _FUTURE:
            return "FUTURE"
        if lj == "to":
            return "INFINITIVE"
        if lj in _MODALS:
            return "NONE"
        if lj in _BE or lj in _HAVE or lj in _DO:
            aux = aux or lj
            continue
        if lj in _DETERMINERS or not lj.isalpha() and lj not in ("n't", "'s", "'ve", "'d", "'re"):
            break
    if aux is not None:
        return _BE.get(aux) or _HAVE.get(aux) or _DO.get(aux) or "NONE"
    if i and lows[i - 1] in _DETERMINERS:
        return "NONE"
    if w.endswith("ing"):
        return "PRESPART"
    if w.endswith("ed") or w in _IRREGULAR_PAST:
        return "PAST"
    if i and (lows[i - 1] in _SUBJECT_PRONOUNS or w.endswith("s") and not w.endswith("ss")
              and lows[i - 1] not in _PREPOSITIONS and lows[i].isalpha()):
        return "PRESENT"
    return "NONE"



def polarity_of(lows: list[str], i: int) -> str:
    """NEG when a negation ("not", "n't", "no", "never", ...) stands in the clause before token
    ``i`` within four words and no determiner comes between them, else POS."""
    lo = max(_clause_start(lows, i), i - 4)
    for j in range(i - 1, lo - 1, -1):
        if lows[j] in _NEGATION:
            return "NEG"
        if lows[j] in _DETERMINERS:   # "did not attend the rally": the rally is not negated
            break
    return "POS"


def _anchor(toks: list[Token], i: int, dates: list[dict], cls: str, tense: str,
            published: str | None) -> tuple[str, str, str]:
    """(anchor id, value, relation): the nearest DATE/TIME of the sentence, else DCT for a report."""
    t = toks[i]
    best, bd = None, None
    for d in dates:
        dist = d["start"] - t.end if d["start"] >= t.end else t.start - d["end"]
        if bd is None or dist < bd:
            best, bd = d, dist
    if best is not None:
        rel = "IS_INCLUDED"
        before = [k for k in toks if k.end <= best["start"]]
        for k in reversed(before[-3:]):
            if k.low in _RELATION:
                rel = _RELATION[k.low]
                break
        return best["mention_id"], best.get("value") or "", rel
    if cls == "REPORTING" and published:
        return "DCT", published, "BEFORE" if tense == "PAST" else "IS_INCLUDED"
    return "", "", ""


def _participants(toks: list[Token], lows: list[str], i: int, ments: list[dict]) -> dict:
    """Agent, patient and location of the trigger at token ``i`` from the clause's mentions."""
    lo, hi = _clause_start(lows, i), _clause_end(lows, i)
    c0 = toks[lo].start if lo < len(toks) else toks[i].start
    c1 = toks[hi - 1].end
    t = toks[i]
    out: dict = {}
    actors = [m for m in ments if m["kind"] in ("person", "org") and c0 <= m["start"] and m["end"] <= c1]
    before = [m for m in actors if m["end"] <= t.start]
    after = [m for m in actors if m["start"] >= t.end]
    if before:
        m = before[-1]
        out.update(agent=m["name"], agent_start=m["start"], agent_end=m["end"])
    if after:
        m = after[0]
        out.update(patient=m["name"], patient_start=m["start"], patient_end=m["end"])
    for m in ments:
        if m["kind"] != "place" or not (c0 <= m["start"] and m["end"] <= c1):
            continue
        prev = [k for k in toks if k.end <= m["start"]][-2:]
        if any(k.low in _PLACE_PREPS for k in prev):
            out.update(place=m["name"], place_start=m["start"], place_end=m["end"])
            break
    return out


def mentions_of(doc: Doc, model_path: str | None = None) -> list[dict]:
    """Rows of ``event_mentions`` for the Doc (needs its ``dates`` and ``mentions`` rows)."""
    text = doc.text
    published = doc.article.published   # "YYYY-MM-DD", "YYYY-MM" or None
    dates = [d for d in doc.rows.get("dates", []) if d.get("type") in ("DATE", "TIME")]
    ments = doc.rows.get("mentions", [])
    rows = []
    for s in doc.sentences:
        toks = tokens(text, s.start, s.end)
        tags = tag_sentence(toks, model_path)
        if not any(t != "O" for t in tags):
            continue
        sd = [d for d in dates if s.start <= d["start"] and d["end"] <= s.end]
        sm = [m for m in ments if s.start <= m["start"] and m["end"] <= s.end]
        lows = [t.low for t in toks]
        for i, cls in enumerate(tags):
            if cls == "O":
                continue
            t = toks[i]
            tense = tense_of(lows, i)
            aid, aval, arel = _anchor(toks, i, sd, cls, tense, published)
            row = {"block_id": s.block_id, "trigger": text[t.start:t.end], "start": t.start, "end": t.end,
                   "class": cls, "tense": tense, "polarity": polarity_of(lows, i),
                   "sentence_start": s.start, "sentence_end": s.end}
            if aid:
                row.update(anchor_id=aid, anchor_value=aval, anchor_relation=arel)
            row.update(_participants(toks, lows, i, sm))
            rows.append(row)
    for k, r in enumerate(rows, 1):
        r["event_mention_id"] = f"em{k:03d}"
    return rows


@component("event_mentions", produces=("event_mentions",), requires=("dates", "mentions"))
def event_mentions_component(doc: Doc) -> None:
    doc.rows["event_mentions"] = mentions_of(doc)

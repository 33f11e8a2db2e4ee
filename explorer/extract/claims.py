"""Attributed statements -> claims table.

In:  the article's content sentences, ``doc.rows["mentions"]`` / ``doc.rows["people"]`` (may be
     empty: a fallback name finder is used then) (certainty is graded with the language lexicons).
Out: ``doc.rows["claims"]``: one row per attribution, with exact speaker, cue and content spans.

The rules are general English-news attribution patterns (after PARC 3.0 / PolNeAR):

* ``SPEAKER CUE [that] CONTENT``        "Tsepkalo says he has received ..."       (indirect/direct)
* ``SPEAKER CUE RECIPIENT [that] CONTENT`` "X told reporters (that) ..."
* ``SPEAKER CUE: CONTENT``              "X said: 'My information ...'"             (colon)
* ``CONTENT, SPEAKER CUE`` / ``CONTENT, CUE SPEAKER``  "'...,' said Tsepkalo, 58."  (content before)
* ``according to SPEAKER, CONTENT`` and ``CONTENT, according to SPEAKER``       (according_to)
* ``SPEAKER's NOUN-CUE that CONTENT``   "X's claim that ..."                       (nominal)
* a quote opening a paragraph (or a sentence) with no cue of its own, right after a quoted
  claim, continues that claim's speaker (kind ``continued``, empty cue). Within one paragraph
  it is folded into the claim it continues (one row per speaker turn, content from the first
  quotation to the last: :func:`_fold_paragraph`); a later paragraph gets its own row.

When an attribution tagger is installed (the fine-tuned encoder, else the CRF; both trained on
PolNeAR, see :mod:`.attribution_model`), its tagged source / cue / content spans make claims too
(:func:`model_claims`), reconciled with the rule claims by :func:`_arbitrate`: the rules keep
quotations, colons and trailing attributions, the tagger adds cues the lexicon lacks and bounds
indirect content. Without a tagger the rules alone are used.

Cues come from ``lexicons/cues.csv``; anonymous-source and institution heads from
``lexicons/anonymous_sources.csv``; titles stripped when canonicalising from
``lexicons/speaker_titles.csv``. Speakers are resolved: a pronoun to the previous claim's speaker
(when the claim sequence is recent) or else the latest person mention before it; a description
("the opposition politician") to the person it is attached to elsewhere ("opposition politician
Valery Tsepkalo"); a surname to the fullest name ending with it. ``via`` is an anonymous source the
speaker cites inside the content ("from Russian doctors", "his medical sources indicate", "my
information comes from the doctors"); it is carried forward to the same speaker's later claims
until another via replaces it (a speaker who named the source of their information once is taken
to speak from it for the rest of the article). Certainty: the shared grader
:func:`.language.span_certainty` of the content (``speculative`` for a speculative hedge or a
modal of ``modals.csv``, ``hedged`` for a reporting/epistemic hedge), or ``hedged`` when the cue
itself is a hedge term ("claimed", "alleged"), else ``asserted``.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from .. import lexicons
from ..nlp import ABBREVIATIONS
from ..pipeline import Doc, component
from .language import CERTAINTY_RANK, find_terms, span_certainty
from .timex_rules import MONTHS, WEEKDAYS

if TYPE_CHECKING:
    from .attribution_model import TagConfidence

OPEN_Q = "'\"‘“"
CLOSE_Q = "'\"’”"
PRONOUNS = {"he", "she", "they", "i", "we", "it", "who"}
OBJ_PRONOUNS = {"him", "her", "them", "me", "us", "you", "reporters", "journalists", "lawmakers",
                "supporters", "voters", "viewers", "listeners", "readers", "parliament", "congress"}
# words skipped between a subject and its cue: auxiliaries, negation, adverbs
SKIP_BEFORE = {"has", "have", "had", "also", "previously", "later", "then", "once", "again", "recently",
               "repeatedly", "reportedly", "allegedly", "publicly", "privately", "would", "will", "did",
               "does", "do", "further", "earlier", "subsequently", "initially", "just", "already", "never",
               "even", "still", "only", "flatly", "separately", "often", "frequently", "continues", "to",
               "can't", "cannot", "won't", "don't", "doesn't", "didn't", "not", "could", "may", "might",
               "should", "must", "can", "always", "clearly", "openly", "actually", "now", "quickly",
               "immediately", "strongly", "firmly", "simply", "finally", "first", "last", "lately",
               "can’t", "don’t", "doesn’t", "didn’t", "won’t", "however", "meanwhile", "too", "herself",
               "himself", "themselves", "itself", "personally", "bluntly", "angrily", "flatly", "tersely",
               "proudly", "confidently", "happily", "recently", "first", "once"}
PASSIVE = {"is", "was", "are", "were", "be", "been", "being", "'s", "’s", "get", "got", "gets"}
# words that end a subject noun phrase when walking back from the cue
NP_STOP = {"that", "which", "when", "while", "because", "but", "and", "or", "if", "as", "after", "before",
           "than", "so", "is", "was", "were", "are", "be", "been", "to", "in", "on", "at", "for", "with",
           "by", "from", "now", "meanwhile", "however", "yesterday", "today", "also", "what", "how",
           "where", "why", "whom", "whose", "this", "these", "those", "there", "here", "not", "into",
           "about", "over", "under", "since", "until", "though", "although", "whether", "like", "yet",
           "indeed", "instead", "thus", "still", "even", "then", "where", "said", "says", "told",
           "it's", "its", "can", "will", "would", "could", "should", "may", "might", "must", "has",
           "had", "have", "do", "does", "did", "up", "out", "off", "down", "all", "both"}
#: words that open a sentence-initial adverbial phrase ("In three separate interviews, the
#: justice ..."; "Following a town hall meeting, Kasich ..."): the subject comes after its comma
OPENING_ADVERBIAL = {"in", "on", "at", "during", "after", "before", "when", "while", "with", "as",
                     "following", "through", "over", "since", "amid", "despite", "without", "under",
                     "unlike", "like", "speaking", "asked", "earlier", "later", "last", "this", "by"}
POSTMOD = {"close", "familiar", "linked", "loyal", "near", "connected", "briefed", "knowledgeable", "working"}
DETERMINERS = {"the", "a", "an", "his", "her", "their", "its", "our", "my", "your", "some", "many",
               "several", "other", "another", "one", "two", "three", "most", "few", "these", "those"}
LY_NOUNS = {"family", "ally", "assembly", "rally", "monopoly", "daily", "weekly", "monthly", "quarterly"}
NAME_PARTICLES = {"of", "de", "van", "von", "al", "bin", "la", "le", "du", "da", "del", "der", "el"}
WORD = re.compile(r"[\w\[\]][\w'’.\-\[\]]*|[^\w\s]")


@dataclass(frozen=True)
class Cue:
    """One cue form from ``cues.csv``."""
    form: str
    lemma: str
    pos: str
    cls: str
    frame: str


@lru_cache(maxsize=1)
def cue_lexicon() -> dict[str, Cue]:
    """Cue forms (lower case, may be multi-word) -> :class:`Cue`."""
    out: dict[str, Cue] = {}
    for r in lexicons.read("cues.csv"):
        form = r["cue"].lower()
        if form not in out:  # a form that is both verb and noun ("claims") is read as the verb
            out[form] = Cue(form, r["lemma"], r["pos"], r["cls"], r["frame"])
    return out


@lru_cache(maxsize=1)
def noun_cues() -> frozenset[str]:
    """Forms listed as nominal cues ("claim", "statement")."""
    return frozenset(r["cue"].lower() for r in lexicons.read("cues.csv") if r["pos"] == "noun")


#: a cue form followed by one of these words is the first half of a noun ("think tanks", "talk radio")
NOUN_COMPOUNDS = {"think": ("tank", "tanks"), "talk": ("show", "shows", "radio")}
_COMPOUND_NEXT = re.compile(r"\s+(\w+)")


def compound_noun(text: str, cs: int, ce: int) -> bool:
    """True when the cue ``text[cs:ce]`` ends with the first half of a noun compound of
    :data:`NOUN_COMPOUNDS` ("Washington think tanks"): then it is no cue."""
    words = text[cs:ce].lower().split()
    m = _COMPOUND_NEXT.match(text, ce)
    return bool(words and m) and m.group(1).lower() in NOUN_COMPOUNDS.get(words[-1], ())


@lru_cache(maxsize=1)
def _cue_regex() -> re.Pattern:
    forms = sorted(cue_lexicon(), key=len, reverse=True)
    return re.compile(r"(?<![\w'’-])(" + "|".join(r"\s+".join(map(re.escape, f.split())) for f in forms)
                      + r")(?![\w'’-])", re.I)


@lru_cache(maxsize=1)
def source_heads() -> dict[str, str]:
    """Head noun -> ``anonymous`` or ``institution``."""
    return {r["head"].lower(): r["kind"] for r in lexicons.read("anonymous_sources.csv")}


@lru_cache(maxsize=1)
def titles() -> frozenset[str]:
    return frozenset(r["title"] for r in lexicons.read("speaker_titles.csv"))


# ------------------------------------------------------------------ quotes

def _is_open(text: str, i: int, lo: int, hi: int) -> bool:
    """True when the quote-like character at ``i`` can open a quotation."""
    prev = text[i - 1] if i > lo else " "
    nxt = text[i + 1] if i + 1 < hi else " "
    return (prev.isspace() or prev in "([{—–-/:" or prev in OPEN_Q) and not nxt.isspace()


def _is_close(text: str, i: int, lo: int, hi: int) -> bool:
    """True when the quote-like character at ``i`` can close a quotation (not a word-internal
    apostrophe such as That's)."""
    prev = text[i - 1] if i > lo else " "
    nxt = text[i + 1] if i + 1 < hi else " "
    if prev.isspace():
        return False
    if prev.isalnum() and nxt.isalnum():
        return False
    return nxt.isspace() or not nxt.isalnum()


def find_quotes(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Quotation spans (start at the opening mark, end after the closing mark) in
    ``text[lo:hi]``; a quotation left open runs to ``hi`` (a paragraph continued in the next).
    Marks: curly and straight double quotes, doubled apostrophes ('' and ``, as in some wire
    copy) and single quotes told apart from apostrophes by the characters around them."""
    out: list[tuple[int, int]] = []
    i, start, kind = lo, -1, ""
    while i < hi:
        c = text[i]
        two = text[i:i + 2]
        if start < 0:
            if two in ("''", "``") and _is_open(text, i + 1, lo, hi) and (i == lo or not text[i - 1].isalnum()):
                start, kind = i, "double2"
                i += 2
                continue
            if c == "“" or (c in "\"'‘" and _is_open(text, i, lo, hi)):
                start, kind = i, ("double" if c in "“\"" else "single")
        else:
            if kind == "double2" and two == "''" and _is_close(text, i + 1, lo, hi) and not text[i - 1].isspace():
                out.append((start, i + 2))
                start = -1
                i += 2
                continue
            if kind == "double" and (c == "”" or (c == '"' and _is_close(text, i, lo, hi))):
                out.append((start, i + 1))
                start = -1
            elif kind == "single" and c in "'’" and _is_close(text, i, lo, hi):
                out.append((start, i + 1))
                start = -1
        i += 1
    if start >= 0:
        end = hi
        while end > start + 1 and text[end - 1].isspace():
            end -= 1
        out.append((start, end))
    return out


# ------------------------------------------------------------------ tokens and noun phrases

@dataclass
class Tok:
    text: str
    start: int
    end: int

    @property
    def low(self) -> str:
        return self.text.lower()


def tokens(text: str, lo: int, hi: int) -> list[Tok]:
    """Word and punctuation tokens of ``text[lo:hi]`` with offsets."""
    out = []
    for m in WORD.finditer(text[lo:hi]):
        w, s = m.group(), lo + m.start()
        if len(w) > 2 and w.endswith(".") and "." not in w[:-1] and w.lower().rstrip(".") not in ABBREVIATIONS:
            out += [Tok(w[:-1], s, s + len(w) - 1), Tok(".", s + len(w) - 1, s + len(w))]
        else:
            out.append(Tok(w, s, s + len(w)))
    return out


def _is_cap(t: Tok) -> bool:
    return t.text[:1].isupper() or (t.text[:1] == "[" and t.text[1:2].isupper())


def _name_part(t: Tok, before: Tok | None) -> bool:
    """A capitalised function word right after a capitalised name word is part of the name
    ("Theresa May", not the modal "may")."""
    return before is not None and t.text[:1].isupper() and _is_cap(before) and before.low not in NP_STOP


def _np_ok(toks: list[Tok], sentence_start: int) -> bool:
    """Is this token run a plausible speaker noun phrase?"""
    if not toks:
        return False
    if len(toks) == 1 and toks[0].low in PRONOUNS:
        return True
    last = toks[-1].low.strip("[]")
    if any(t.low in PRONOUNS for t in toks):
        return False
    heads = source_heads()
    if last in heads:
        return True
    if len(toks) >= 2 and toks[-2].low.endswith(("'s", "’s")) and toks[-1].text[0].isalpha():
        return True  # "Mrs. Clinton's confidants"
    if any(t.low in heads for t in toks) and any(t.low in POSTMOD for t in toks):
        return True  # "sources close to the talks"
    if toks[-1].low.endswith(("'s", "’s", "'", "’")):
        return False
    lows = [t.low for t in toks]
    if "of" in lows[1:-1] and (lows[-1].endswith("s") or _is_cap(toks[-1]) or lows[-1] in PRONOUNS | {"them", "us"}):
        return True  # "half of GOP primary voters", "one of the authors", "most of them"
    caps = [t for t in toks if _is_cap(t) and not (t.start == sentence_start and t.low in DETERMINERS)]
    if caps and _is_cap(toks[-1]):
        return True
    return len(toks) >= 2 and toks[0].low in DETERMINERS


def _is_dash(tok: str) -> bool:
    """A dash token: "-", "--", "—", "–" or "―"."""
    return bool(tok) and all(c in "-—–―" for c in tok)


_CONTRACTION = re.compile(r"^(\w+)['’](s|re|ve|d|ll|m)$")


def _pronoun_len(tok) -> int:
    """Length of the subject pronoun a token is or starts with ("she", "She's", "they’re"), else 0.
    "It's" is left out: it is nearly always an empty subject ("it's clear that")."""
    if tok.low in PRONOUNS:
        return len(tok.text)
    m = _CONTRACTION.match(tok.low)
    return len(m.group(1)) if m and m.group(1) in PRONOUNS - {"it"} else 0


def _be_contraction(tok) -> bool:
    """True for a pronoun fused with a be-form ("She's", "I'm", "they’re"): before a participle
    cue it makes a passive ("She's accused of", "I'm told"), whose subject is not the source."""
    m = _CONTRACTION.match(tok.low)
    return bool(m) and m.group(2) in ("s", "re", "m")


def _fused_passive(tok, text: str, s: int, e: int) -> bool:
    """True when ``tok`` ("She's", "I'm") and the cue at ``text[s:e]`` make a passive. "'s" is
    also "has": it counts as "is" only when the participle is followed by to, of, by or as ("she's
    accused of", not "he's advocated in years past" or "who's argued for years")."""
    if not _be_contraction(tok) or not _passive_after_be(text, s, e):
        return False
    if not tok.low.endswith("s"):
        return True
    nxt = re.match(r"(?:been\s+)?[\w-]+\s+(\w+)", text[s:min(len(text), e + 40)], re.I)
    return bool(nxt) and nxt.group(1).lower() in ("to", "of", "by", "as")


def subject_before(text: str, sent_lo: int, pos: int, cue_words: set[str],
                   relaxed: bool = False) -> tuple[int, int] | None:
    """The speaker noun phrase ending just before ``pos`` (a cue), skipping auxiliaries,
    adverbs and a parenthetical or dash aside; (start, end) or None."""
    toks = tokens(text, sent_lo, pos)
    j = len(toks) - 1
    while j >= 0 and toks[j].low in SKIP_BEFORE and not _name_part(toks[j], toks[j - 1] if j else None):
        j -= 1
    if j >= 0 and toks[j].text in ")":  # "Valery Tsepkalo (right) says"
        k = j
        while k >= 0 and toks[k].text != "(":
            k -= 1
        j = k - 1 if k >= 0 else j
    if j >= 0 and _is_dash(toks[j].text):  # "The opposition politician - forced into exile - said"
        while j > 0 and _is_dash(toks[j - 1].text):  # a closing "--" is two tokens
            j -= 1
        k = j - 1
        while k >= 0 and not _is_dash(toks[k].text):
            k -= 1
        if k >= 0 and j - k <= 20:  # "The justice -- who has been in a scuffle ... -- said"
            j = k - 1
            while j >= 0 and _is_dash(toks[j].text):
                j -= 1
    if j < 0:
        return None
    head = text[sent_lo:toks[j].end]
    num = _NUM_SUBJ.search(head)
    if num:  # "one in four said", "Six in 10 say", "43 said"
        return sent_lo + num.start(1), sent_lo + num.end(1)
    if toks[j].low == "and" and j > 0:  # "X shook her head and said ..."
        return _main_subject(text, sent_lo, toks[j].start, cue_words)
    if n := _pronoun_len(toks[j]):
        if _fused_passive(toks[j], text, pos, pos):
            return None  # "She's accused of", "I'm told": a passive
        return toks[j].start, toks[j].start + n
    if toks[j].low in PASSIVE:
        return None
    end_j = j
    while j >= 0 and end_j - j < 7:
        t = toks[j]
        if not (t.text[0].isalnum() or t.text[0] == "["):
            break
        if t.low in ("to", "with", "on") and j >= 1 and toks[j - 1].low in POSTMOD:
            j -= 1  # "sources close to the talks", "people familiar with the matter"
            continue
        if t.low in ("in", "for", "with", "at", "from") and j >= 1 and j < end_j \
                and (toks[j - 1].low in human_nouns() or toks[j - 1].low in source_heads()):
            j -= 1  # "officials in Moscow", "a spokesman for the campaign", "people with knowledge of it"
            continue
        if t.low in ("them", "us") and j == end_j and j >= 1 and toks[j - 1].low == "of":
            j -= 1
            continue
        if t.low in NP_STOP and _name_part(t, toks[j - 1] if j else None):
            j -= 1
            continue
        if t.low in NP_STOP or t.low in PRONOUNS or (t.low in cue_words and
                                                     not (j == end_j and t.low in noun_cues())
                                                     and not (0 < j < end_j and _is_cap(t) and _is_cap(toks[j + 1]))):
            break  # (a capitalised cue word inside a name is part of it: "spokesman Hope Hicks")
        j -= 1
    np_toks = toks[j + 1:end_j + 1]
    # a capitalised sentence opener that is a plain word ("Now", "But") is not part of the name
    while np_toks and np_toks[0].low in NP_STOP:
        np_toks = np_toks[1:]
    if not _np_ok(np_toks, sent_lo) and not (relaxed and 2 <= len(np_toks) <= 4):
        return None
    s, e = np_toks[0].start, _strip_stop(text, np_toks[0].start, np_toks[-1].end)
    return None if time_only(text, s, e) else (s, e)  # "... released Tuesday said": no source


def _strip_stop(text: str, s: int, e: int) -> int:
    """End offset without a sentence-final full stop glued to the last word ("Tsepkalo.")."""
    if e - s > 1 and text[e - 1] == "." and text[s:e].split()[-1] not in titles() and \
            not re.search(r"\b[A-Z]\.$|\.[A-Za-z]\.$", text[s:e]):
        return e - 1
    return e


#: words after a cue that open a time adverbial, not a speaker ("said Tuesday", "said May 3",
#: "said 2001"); a month name alone may be a name ("said May"). Day and month names are the date
#: grammar's (:data:`.timex_rules.WEEKDAYS`, :data:`.timex_rules.MONTHS`)
_DAYS = "|".join(d for d in WEEKDAYS if d.endswith("day")) + "|tonight|tomorrow"
_ABBRS = {m for m in MONTHS if any(o != m and o.startswith(m) for o in MONTHS)}  # "jan", "sept"
_MONTH_ABBRS = "|".join(sorted(_ABBRS, key=lambda m: (-len(m), m)))
_MONTH_NAMES = "|".join(m for m in MONTHS if m not in _ABBRS)
_TIME_WORDS = re.compile(rf"(?:{_DAYS}|\d{{4}}s?|(?:{_MONTH_ABBRS})\.?|{_MONTH_NAMES})(?=\s+\d)"
                         rf"|(?:{_DAYS})\b|\d{{4}}s?\b", re.IGNORECASE)


def np_after(text: str, pos: int, hi: int) -> tuple[int, int] | None:
    """A speaker noun phrase starting right after ``pos`` ("said Tsepkalo, 58", "said the
    spokesman"): up to punctuation or a function word, at most 8 tokens; None when the words
    after the cue open a time adverbial ("said Tuesday") or an "of" phrase ("said of Mr. Trump")."""
    toks = tokens(text, pos, hi)
    if not toks or toks[0].low in NP_STOP or toks[0].low == "of" or _TIME_WORDS.match(text, toks[0].start) or (toks[0].low in PRONOUNS and not re.match(
            r"\s*(?:[.,;!?]|$)", text[toks[0].end:hi])):
        return None  # "said during the turmoil", "said he was gratified"
    out = []
    for t in toks[:8]:
        if not (t.text[0].isalnum() or t.text[0] == "["):
            break
        if out and (t.low in NP_STOP and not _name_part(t, out[-1]) or t.low in PRONOUNS):
            break
        out.append(t)
        if len(out) == 1 and t.low in PRONOUNS:
            break
    if any(t.low.endswith(("'s", "’s")) for t in out):
        return None  # "criticized Clinton's email use": an object, not a speaker
    while out and not _np_ok(out, -1):
        out = out[:-1]
        while out and out[-1].low in NAME_PARTICLES | DETERMINERS:
            out = out[:-1]
    if not out:
        return None
    return out[0].start, _strip_stop(text, out[0].start, out[-1].end)


# ------------------------------------------------------------------ speaker resolution

@dataclass
class NameIndex:
    """Names found in the article: canonical names from the entity mentions when present,
    else capitalised runs (titles stripped), and role descriptions attached to names."""
    names: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, canonical)
    roles: dict[str, str] = field(default_factory=dict)               # "opposition politician" -> name
    persons: list[tuple[int, int, str]] = field(default_factory=list)  # person mentions (any type)


_NAME_RUN = re.compile(r"(?<![\w'’])((?:[a-z]+ ){0,3})((?:[A-Z][\w'’.\-]+)(?:\s+(?:of |de |van |von |bin |al-)?[A-Z][\w'’.\-]+){0,4})")


def build_names(doc: Doc, quotes: list[tuple[int, int]]) -> NameIndex:
    """Collect names, roles and person mentions from ``doc`` (mentions first, fallback runs)."""
    idx = NameIndex()
    text = doc.text
    tset = titles()
    for m in doc.rows.get("mentions", []):
        if m.get("kind") == "person":
            idx.persons.append((int(m["start"]), int(m["end"]), m.get("name") or m["text"]))
            idx.names.append((int(m["start"]), int(m["end"]), m.get("name") or m["text"]))
    for p in doc.rows.get("people", []):
        if p.get("role"):
            idx.roles.setdefault(str(p["role"]).lower(), p["name"])
    heads = source_heads()
    for b in doc.article.content_blocks():
        for m in _NAME_RUN.finditer(text, b.start, b.end):
            words = m.group(2).split()
            k = 0
            while k < len(words) and (words[k] in tset or words[k].endswith(("an", "ian", "ese", "ish"))
                                       and k < len(words) - 2):
                k += 1
            words = words[k:]
            if len(words) < 2 or words[-1].lower() in heads:
                continue
            s = m.start(2) + m.group(2).index(words[0])
            e = m.end(2)
            if any(qs <= s < qe for qs, qe in quotes):
                continue
            name = " ".join(w.rstrip(".,") for w in words)
            idx.names.append((s, e, name))
            role = (m.group(1) + " ".join(m.group(2).split()[:k])).strip().lower()
            if role and not doc.rows.get("mentions"):
                idx.persons.append((s, e, name))
            if role and role not in {"and", "by", "of", "with"}:
                role = re.sub(r"^(?:now|and|but|the|a|an|then|with|by|of|as)\s+", "", role)
                if role:
                    idx.roles.setdefault(role, name)
            elif not doc.rows.get("mentions"):
                idx.persons.append((s, e, name))
    idx.persons.sort()
    return idx


def canonical(idx: NameIndex, text: str, s: int, e: int) -> str:
    """Canonical name for a named speaker span: an overlapping entity mention's name, else the
    fullest name in the article ending with the span's last word, else the span itself. A span
    headed by a person or source noun ("Obama's former campaign strategist", "The Clinton
    campaign", "The Supreme Court justice") is a description and stays as written: the name in it
    is a modifier, and so is a name before any common-noun head ("Gay rights groups", "Clinton
    aides"); an adverb or a reflexive after a name is no head ("Trump himself", "Clinton boldly")."""
    surface = text[s:e]
    words = surface.strip(" ,.;:").split()
    while words and words[-1].islower() and (words[-1] in SKIP_BEFORE or words[-1] == "alone"
                                             or (words[-1].endswith("ly") and words[-1] not in LY_NOUNS | human_nouns())):
        words.pop()
    last_word = words[-1] if words else ""
    if last_word[:1].islower() and last_word.isalpha():
        return surface  # a name inside a description is a modifier, not the speaker
    for ms, me, name in idx.names:
        if s <= ms and me <= e:
            return name
    words = [w for w in surface.split() if w[:1].isupper()]
    if not words:
        return surface
    last = words[-1].rstrip(",.'’s")
    best = ""
    for _, _, name in idx.names:
        if name.split()[-1] == last and len(name) > len(best):
            best = name
    if best:
        return best
    k = 0  # leading titles dropped ("Sen. Ann Lee" -> "Ann Lee"), not words inside a name
    while k < len(words) - 1 and words[k] in titles():
        k += 1
    return " ".join(words[k:]) or surface


def resolve_description(idx: NameIndex, desc: str) -> str:
    """A description ("the opposition politician") to the person it names elsewhere, or ''."""
    d = re.sub(r"^(?:the|a|an|this|that)\s+", "", desc.strip().lower())
    d = " ".join(d.split())
    if not d:
        return ""
    hits = {n for r, n in idx.roles.items() if r == d or r.endswith(" " + d) or d.endswith(" " + r)}
    return hits.pop() if len(hits) == 1 else ""


# ------------------------------------------------------------------ claim assembly

@dataclass
class Claim:
    block_id: str
    speaker_s: int | None
    speaker_e: int | None
    cue_s: int | None
    cue_e: int | None
    content_s: int
    content_e: int
    kind: str
    cue_lemma: str = ""
    speaker: str = ""
    speaker_type: str = ""
    via: str = ""
    prev: "Claim | None" = field(default=None, repr=False, compare=False)  # claim a continued one continues
    #: the content spans of the statement when it is more than one quotation of one paragraph
    #: (``content_s``/``content_e`` then span them all, see :func:`_fold_paragraph`)
    parts: tuple[tuple[int, int], ...] = ()


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    """Strip whitespace, a final full stop and a dangling comma or dash from a content span
    (closing quote marks are kept)."""
    while s < e and text[s].isspace():
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ".,;:—–-"):
        if text[e - 1] == "." and e - 2 >= s and text[e - 2] == ".":
            break
        e -= 1
    return s, e


def _first(q: tuple[int, int]) -> int:
    return q[0]


def _quote_at(quotes: list[tuple[int, int]], pos: int) -> tuple[int, int] | None:
    """The quotation holding offset ``pos``, or None. ``quotes`` are in text order and do not
    overlap (as :func:`find_quotes` gives them), so only the last one opening at or before
    ``pos`` can hold it."""
    k = bisect_right(quotes, pos, key=_first) - 1
    return quotes[k] if k >= 0 and quotes[k][0] <= pos < quotes[k][1] else None


def _resumed_quote_end(text: str, first_end: int, pos: int, hi: int, quotes) -> int | None:
    """End of the quotation that resumes the one ending at ``first_end`` after its cue and
    speaker: in "'A,' Smith added, 'B.'" and "'A,' said Smith, 'B.'" the statement is A and B,
    one claim. ``pos`` is where the cue (or the speaker after it) ends. The first fragment must
    end on a comma inside its quotation marks ("'A,'"), and ", 'B" must follow right at ``pos``;
    otherwise None."""
    if not re.search(r",\s*[" + CLOSE_Q + r"]$", text[:first_end].rstrip()[-4:]):
        return None
    m = re.match(r"\s*,\s*", text[pos:hi])
    q = _quote_at(quotes, pos + m.end()) if m else None
    return q[1] if q and q[0] == pos + m.end() else None


def _inside_quote(quotes, s: int, e: int) -> bool:
    """True when ``text[s:e]`` lies inside a quotation (quoted speech is not searched for cues);
    ``quotes`` in text order, not overlapping."""
    k = bisect_left(quotes, s, key=_first) - 1
    return k >= 0 and e <= quotes[k][1]


def _content_start_before(text: str, sent_lo: int, end: int, quotes) -> int:
    """Where content that ends at ``end`` (before a trailing cue) starts: the opening of the
    quotation it closes (even in an earlier sentence of the block), else the sentence start."""
    k = end
    while k > sent_lo and (text[k - 1].isspace() or text[k - 1] in ","):
        k -= 1
    for qs, qe in quotes:
        if qs < k <= qe and (qs <= sent_lo or not text[sent_lo:qs].strip()):
            return qs
    return sent_lo


def _content_after(text: str, pos: int, sent_hi: int, quotes, block_hi: int) -> tuple[int, int]:
    """Content starting at ``pos`` (after a cue): a quotation opening there runs to its end
    (possibly past the sentence), else the rest of the sentence."""
    while pos < sent_hi and text[pos].isspace():
        pos += 1
    q = _quote_at(quotes, pos)
    if q and q[0] == pos:
        return pos, q[1]
    end = sent_hi
    q_end = _quote_at(quotes, max(pos, end - 1))
    if q_end and q_end[0] >= pos and q_end[1] > end:
        end = q_end[1]
    return _trim(text, pos, end)


_THAT = re.compile(r"\s*(?:,\s*)?(?:(?:[^\s.;:!?\"“'‘]+\s+){0,6}?)that\s+", re.I)
_TIME_LEAD = re.compile(r"\s*(?:on|in|at|during|last|this|earlier|late|early|yesterday|today|"
                        r"in a statement|in an interview|in a tweet|on twitter|on monday|on tuesday)\b"
                        r"[^,.;:]{0,40}?(?=\s+that\b)", re.I)


def _skip_recipient(text: str, pos: int, hi: int) -> int:
    """After a tell-type cue: skip the addressee ("reporters", "him", "Ukrainian journalist
    Alesya Bazman") and an optional "that"; returns the content start."""
    m = _THAT.match(text, pos, hi)
    if m and m.end() - pos < 60:
        return m.end()
    toks = tokens(text, pos, hi)
    if not toks:
        return pos
    j = 0
    if toks[0].low in OBJ_PRONOUNS:
        return toks[0].end
    if toks[0].low in DETERMINERS or _is_cap(toks[0]):
        while j < len(toks) and j < 8 and (toks[j].text[0].isalnum()) and toks[j].low not in NP_STOP:
            j += 1
        if j and (_is_cap(toks[j - 1]) or toks[j - 1].low in source_heads() or toks[j - 1].low in OBJ_PRONOUNS):
            return toks[j - 1].end
    return pos


def _leading_content(text: str, cue: Cue, cue_e: int, sent_hi: int, quotes, block_hi: int):
    """Content after a cue in ``SPEAKER CUE ...``: (start, end, kind) or None."""
    pos = cue_e
    rest = text[pos:sent_hi]
    kind = "indirect"
    m = re.match(r"\s*(?:,\s*)?:\s*|\s*,\s*(?=[\"“'‘])", rest)
    if m:
        pos += m.end()
        kind = "colon" if ":" in m.group() else "direct"
    elif cue.frame == "tell":
        pos = _skip_recipient(text, pos, sent_hi)
    else:
        t = _TIME_LEAD.match(text, pos, sent_hi)
        if t:
            pos = t.end()
        m2 = re.match(r"\s*that\s+", text[pos:sent_hi], re.I)
        if m2:
            pos += m2.end()
    s, e = _content_after(text, pos, sent_hi, quotes, block_hi)
    if e - s < 2 or not re.search(r"\w", text[s:e]):
        return None
    q = _quote_at(quotes, s)
    if kind == "indirect" and q and q[0] == s and q[1] >= e:
        kind = "direct"
    return s, e, kind


def find_claims(doc: Doc) -> list[Claim]:
    """All attributions in ``doc`` (unresolved speakers), in text order."""
    text = doc.text
    lex = cue_lexicon()
    cue_words = {f for f in lex if " " not in f}
    rx = _cue_regex()
    claims: list[Claim] = []
    block_quotes = {b.block_id: find_quotes(text, b.start, b.end) for b in doc.article.content_blocks()}
    block_hi = {b.block_id: b.end for b in doc.article.content_blocks()}
    cb = doc.article.content_blocks()
    next_block = {b.block_id: (cb[i + 1] if i + 1 < len(cb) else None) for i, b in enumerate(cb)}
    for si, sent in enumerate(doc.sentences):
        prev_sent = doc.sentences[si - 1] if si and doc.sentences[si - 1].block_id == sent.block_id else None
        quotes = block_quotes.get(sent.block_id, [])
        lo, hi = sent.start, sent.end
        used: list[tuple[int, int]] = []
        # according to
        for m in re.finditer(r"(?<!\w)according\s+to\s+", text[lo:hi], re.I):
            cs, ce = lo + m.start(), lo + m.start() + len("according to")
            if _inside_quote(quotes, cs, ce):
                continue
            sp = np_after(text, lo + m.end(), hi)
            if not sp:
                continue
            after = text[sp[1]:hi]
            am = re.match(r"[^,.;:]*?,\s*", after)
            before = text[lo:cs].rstrip()
            if before.endswith(",") or (before and not am):
                s, e = _trim(text, _content_start_before(text, lo, cs, quotes), cs)
                if before.endswith(",") and (par := _parenthetical_end(text, sp[1], hi)) is not None \
                        and text[s] not in OPEN_Q:
                    e = par  # "The problem, according to Smith, is that ..."
            elif am:
                s, e = _content_after(text, sp[1] + am.end(), hi, quotes, block_hi[sent.block_id])
            else:
                continue
            if e - s > 2:
                claims.append(Claim(sent.block_id, sp[0], sp[1], cs, ce, s, e, "according_to", "according to"))
                used.append((cs, ce))
        for m in rx.finditer(text, lo, hi):
            cs, ce = m.start(), m.end()
            cue = lex.get(" ".join(m.group().lower().split()))
            if cue is None or _inside_quote(quotes, cs, ce) or compound_noun(text, cs, ce):
                continue
            if any(u[0] <= cs < u[1] for u in used):
                continue
            prev_toks = tokens(text, lo, cs)
            if _in_name(text, prev_toks, cs, hi):
                continue  # "spokesman Hope Hicks confirmed", "Planned Parenthood"
            # passive ("is alleged to", "were told") and attributive ("the said") uses are not cues
            k = len(prev_toks) - 1
            while k >= 0 and prev_toks[k].low in {"also", "not", "never", "widely", "often", "being"}:
                k -= 1
            aux = prev_toks[k] if k >= 0 else None  # "She's accused of" is passive, "They’re saying" not
            if aux and (aux.low in PASSIVE or _fused_passive(aux, text, cs, ce)) and cue.pos == "verb":
                continue
            if cue.pos == "noun":
                c = _nominal(doc, text, sent, cs, ce, quotes, block_hi)
                if c:
                    claims.append(c)
                continue
            c = _verbal(text, sent, cue, cs, ce, quotes, block_hi, cue_words, prev_sent,
                        next_block.get(sent.block_id))
            if c is None and cue.form in noun_cues():
                c = _nominal(doc, text, sent, cs, ce, quotes, block_hi)
            if c and c.cue_s is not None and raising_only(text, c.cue_s, c.cue_e):
                c.speaker_s = c.speaker_e = None  # "Kasich appears to have ...": nobody speaks
            elif c and (sub := _shared_subject(text, claims, sent, cs, ce)) and not c.content_s <= sub[0] < c.content_e:
                c.speaker_s, c.speaker_e = sub  # "..., Nefzi said, adding, '...'"
            if c:
                claims.append(c)
    claims += _transcript_turns(doc, block_quotes)
    # continued quotations
    claims.sort(key=lambda c: (c.content_s, c.cue_s or 0))
    return _continued(doc, claims, block_quotes)


def _in_name(text: str, prev_toks: list[Tok], cs: int, hi: int) -> bool:
    """True when a cue word at ``cs`` is capitalised inside a sentence that is not title-cased
    (``prev_toks`` are the sentence's words before it, up to ``hi`` its end), after a word and not
    after an opening quotation mark, colon or dash (a comma is fine): then it is part of a name
    ("Trump spokesman Hope Hicks confirmed", "abortion aside, Planned Parenthood did"), not a verb."""
    if not text[cs].isupper() or not prev_toks or not (prev_toks[-1].text[0].isalnum() or prev_toks[-1].text in ",;"):
        return False
    words = [t for t in tokens(text, cs, hi) + prev_toks if t.text[0].isalpha()]
    return sum(t.text[0].islower() for t in words) * 2 > len(words)


_TURN = re.compile(r"((?:Mr\.|Mrs\.|Ms\.|Dr\.|Sen\.|Rep\.|Gov\.)?\s?(?:[A-Z][\w'’-]*\.?\s?){1,4})"
                   r"(?:\s?\([^)\n]{1,25}\))?\s*(:)[ \t]*(?=\S)")
_NOT_SPEAKER = {"the", "a", "an", "note", "update", "updated", "watch", "read", "photo", "video", "editor",
                "editor's", "source", "sources", "more", "related", "see", "also", "warning", "correction",
                "this", "here", "why", "what", "how", "when", "where", "who", "breaking", "exclusive", "live"}


def _transcript_turns(doc: Doc, block_quotes) -> list[Claim]:
    """Interview-transcript turns: a paragraph opening with a short name and a colon
    ("FALLIN: Well, I think ...", "Rep. Trey Gowdy (R-S.C.): ...", "Q: ..."): the name is the
    speaker, the colon the cue and the rest of the paragraph the content."""
    out = []
    text = doc.text
    for b in doc.article.content_blocks():
        if b.kind not in ("paragraph",):
            continue
        m = _TURN.match(text, b.start, b.end)
        if not m:
            continue
        name = m.group(1).strip()
        first = name.split()[0].lower()
        if first in _NOT_SPEAKER or name.lower() in source_heads() or len(name) > 40:
            continue
        ss = m.start(1) + (len(m.group(1)) - len(m.group(1).lstrip()))
        se = ss + len(name)
        s, e = _trim(text, m.end(), b.end)
        if e - s < 3:
            continue
        out.append(Claim(b.block_id, ss, se, m.start(2), m.end(2), s, e, "colon", ":"))
    return out


def _nominal(doc: Doc, text: str, sent, cs: int, ce: int, quotes, block_hi) -> Claim | None:
    """``SPEAKER's NOUN that CONTENT`` ("X's claim that ...")."""
    m = re.match(r"\s+that\s+", text[ce:sent.end])
    if not m:
        return None
    before = text[sent.start:cs]
    pm = re.search(r"((?:[A-Z][\w.\-]+\s+){0,3}[A-Z][\w.\-]+|\b(?:his|her|their))(?:['’]s?)?\s+(?:[a-z]+\s+)?$", before)
    if not pm:
        return None
    ss, se = sent.start + pm.start(1), sent.start + pm.end(1)
    s, e = _content_after(text, ce + m.end(), sent.end, quotes, block_hi[sent.block_id])
    if e - s < 3:
        return None
    return Claim(sent.block_id, ss, se, cs, ce, s, e, "nominal", text[cs:ce].lower())


_NUM_SUBJ = re.compile(r"(?:^|[\s,;])((?:(?:nearly|almost|about|some|just|only|roughly)\s+)?"
                       r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+in\s+"
                       r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten)(?:\s+[A-Za-z-]+){0,3}?"
                       r"|\d+(?:\s*percent|%)?(?:\s+of\s+[A-Za-z -]{1,40}?)?)$", re.I)
_POST_ADVERBIAL = re.compile(r"\s*(?:[,.;!?]|$|(?:of|about|on|in|at|to|with|from|via|during|after|before|when|while|as|last|this|"
                             r"earlier|later|yesterday|today|recently|previously)\b)", re.I)


#: words that open a trailing aside after "X said," rather than the rest of what X said
_ASIDE_OPENERS = frozenset({"who", "which", "whose", "whom", "where", "when", "according", "as", "while",
                            "although", "though", "and", "but", "or", "in", "on", "at", "to", "for",
                            "from", "with", "during", "after", "before", "since", "by", "of", "about"})


def _parenthetical_end(text: str, pos: int, hi: int) -> int | None:
    """Where the reported clause ends when the attribution just before ``pos`` is parenthetical:
    "The plan, he said, is dead." or "The problem, according to Smith, is that ..." (``pos`` is
    right after the cue or the source, ``hi`` the sentence end). That is when a comma follows and
    then at least two more words of the clause, not a quotation, a participle ("..., adding"), a
    relative or adverbial aside ("..., who ...", "..., on Monday") or a conjunction; None
    otherwise."""
    m = re.match(r"\s*,\s*", text[pos:hi])
    if not m:
        return None
    rest = text[pos + m.end():hi]
    words = re.findall(r"[\w'’-]+", rest)
    if len(words) < 2 or rest[:1] in OPEN_Q or words[0].lower().endswith("ing") or \
            words[0].lower() in _ASIDE_OPENERS or words[0][:1].isdigit():
        return None
    return _trim(text, pos + m.end(), hi)[1]


def _sentence_subject(text: str, lo: int, hi: int, cue_words) -> tuple[int, int] | None:
    """The noun phrase opening a sentence, up to its first comma ("Dean Johnson, a salesman
    from Sumter, says ..."; "Clinton did X, saying ..."), after an opening conjunction."""
    m = re.match(r"\s*(?:(?:But|And|So|Yet|Now|Still|Meanwhile|However|Then),?\s+)?", text[lo:hi])
    start = lo + m.end()
    comma = text.find(",", start, hi)
    if comma < 0:
        return None
    toks = tokens(text, start, comma)
    if toks and (toks[0].low in OPENING_ADVERBIAL or re.fullmatch(r"\d+|[A-Z][a-z]+day", toks[0].text)):
        # an opening adverbial: the subject is the next comma-delimited chunk
        nxt = text.find(",", comma + 1, hi)
        if nxt < 0:
            return None
        toks = tokens(text, comma + 1, nxt)
    if "(" in [t.text for t in toks]:  # "Sen. Ted Cruz (R-Texas), ..."
        toks = toks[:[t.text for t in toks].index("(")]
    if not toks or len(toks) > 8 or text[toks[0].start] in OPEN_Q:
        return None
    if len(toks) == 1 and toks[0].low in PRONOUNS:
        return toks[0].start, toks[0].end
    preps = {"for", "of", "at", "in", "from", "with", "on", "to"}
    if any((t.low in NP_STOP and t.low not in preps) or t.low in cue_words for t in toks[1:]):
        return None
    return (toks[0].start, _strip_stop(text, toks[0].start, toks[-1].end)) if _np_ok(toks, lo) else None


#: an opening adverbial of time or circumstance and nothing else ("For two years", "Six months ago",
#: "In a statement on Monday"): not what a speaker says ("For two years, his father refused to ...")
_ADVERBIAL_ONLY = re.compile(r"(?:(?:In|On|At|During|After|Before|For|Over|Since|Throughout|By|Until|Within|"
                             r"Last|This|Earlier|Later|Late|Early)\b[^,.;:!?\"“”]{0,40}|[^,.;:!?\"“”]{1,30}\bago)")


#: a news dateline opening a sentence: a place in capitals, an optional date and agency, a dash
#: ("PHILADELPHIA, July 25 (UPI) — ", "WASHINGTON -- ")
_DATELINE = re.compile(r"\s*[A-Z][A-Z.'’ -]{2,40}(?:,[^—–\n]{0,40})?\s*(?:—|–|--?)\s*")


def _main_subject(text: str, lo: int, pos: int, cue_words) -> tuple[int, int] | None:
    """For a participial cue after a comma ("X did Y, saying ..."): the subject of the sentence's
    main clause: the first name, pronoun or determiner phrase at the sentence start (after a
    dateline: "PHILADELPHIA, July 25 (UPI) — The committee released ..., offering ...")."""
    if d := _DATELINE.match(text, lo, pos):
        lo = d.end()
    m = re.match(r"\s*(?:(?:But|And|So|Yet|Now|Still|Meanwhile|However|Then|On \w+|In \w+),?\s+)?", text[lo:pos])
    start = lo + m.end()
    toks = tokens(text, start, pos)
    if toks and (toks[0].low in OPENING_ADVERBIAL or toks[0].low.endswith("ing") and _is_cap(toks[0])):
        # "In three separate interviews, the justice ...", "Smiling broadly, Mrs. Clinton ..."
        comma = next((i for i, t in enumerate(toks[:12]) if t.text == ","), None)
        if comma is not None:
            toks = toks[comma + 1:]
    if not toks:
        return None
    if n := _pronoun_len(toks[0]):
        return toks[0].start, toks[0].start + n
    out = []
    for t in toks[:7]:
        if not (t.text[0].isalnum() or t.text[0] == "[") or t.low in NP_STOP or t.low in cue_words:
            break
        if out and not (_is_cap(t) or t.low in NAME_PARTICLES) and _is_cap(out[-1]):
            break
        out.append(t)
    if out and _np_ok(out, lo) and any(_is_cap(t) for t in out) or (out and out[-1].low in source_heads()):
        return out[0].start, _strip_stop(text, out[0].start, out[-1].end)
    return None


def _verbal(text: str, sent, cue: Cue, cs: int, ce: int, quotes, block_hi, cue_words,
            prev_sent=None, next_block=None) -> Claim | None:
    """A claim around the verb cue at ``cs:ce``: subject before (leading or trailing content), an
    inverted speaker after ("..., said Tsepkalo"), an appositive or participial construction."""
    lo, hi = sent.start, sent.end
    bhi = block_hi[sent.block_id]
    before = text[lo:cs].rstrip()
    gerund = cue.form.split()[0].endswith("ing")  # "saying", "referring to"
    appositive = None
    if before.endswith(",") and not gerund:
        appositive = _sentence_subject(text, lo, hi, cue_words)      # "X, a salesman, says ..."
    if cue.frame == "tell" and before.endswith(","):
        # "'...,' Seth McKee, a political scientist, told The Hill": the speaker is before the aside
        sp = _before_appositive(text, lo, cs, cue_words)
        pre_sp = text[lo:sp[0]].rstrip() if sp else ""
        if sp and pre_sp.endswith(tuple(",'\"’”")) and len(pre_sp.split()) >= 2:
            s, e = _trim(text, _content_start_before(text, lo, lo + len(pre_sp), quotes), lo + len(pre_sp))
            if lo + len(pre_sp) > e and text[lo + len(pre_sp) - 1] in CLOSE_Q:
                e = lo + len(pre_sp)
            if e - s > 2 and re.search(r"\w", text[s:e]):
                q = _quote_at(quotes, s)
                kind = "direct" if q and q[0] == s and q[1] >= e else "indirect"
                return Claim(sent.block_id, sp[0], sp[1], cs, ce, s, e, kind, cue.lemma)
    # inverted: "'...,' said Tsepkalo, 58." / "..., says a source." (not "..., told X": X is the addressee;
    # not "..., saying X": a participle's subject comes before it and X is what is said)
    if appositive is None and before.endswith(tuple(",'\"’”")) and len(before.split()) >= 2 and cue.frame != "tell" \
            and not gerund:
        sp = np_after(text, ce, hi)
        if sp and re.match(r"(?:their|its|our|my|your)\s", text[sp[0]:sp[1]], re.I):
            sp = None  # "X and Y, tweeted their approval of Z": an object, not an inverted speaker
        if sp and not re.match(r"\s+that\b", text[sp[1]:hi]):
            s = _content_start_before(text, lo, cs, quotes)
            end = len(before) + lo
            s, e = _trim(text, s, end)
            if text[e:end].strip(",") == "" and text[end - 1:end] in CLOSE_Q:
                e = end
            if e - s > 2 and re.search(r"\w", text[s:e]):
                q = _quote_at(quotes, s)
                kind = "direct" if q and q[0] == s and q[1] >= e else "indirect"
                if kind == "direct":  # "'A,' said Smith, 'B.'"
                    e = _resumed_quote_end(text, end, sp[1], bhi, quotes) or e
                return Claim(sent.block_id, sp[0], sp[1], cs, ce, s, e, kind, cue.lemma)
    relaxed = before.count(",") > 0 and not re.search(r"\w", text[ce:hi])
    subj = None
    if _adjunct_gerund(text, lo, cs, ce):
        subj = _main_subject(text, lo, cs, cue_words)               # "X did Y, saying ..."
    elif before.endswith(","):
        subj = appositive
    if subj is None:
        subj = subject_before(text, lo, cs, cue_words, relaxed)
    if subj is None:
        return None
    ss, se = subj
    pre = text[lo:ss].rstrip()
    lead = _leading_content(text, cue, ce, hi, quotes, bhi)
    post = text[ce:hi]
    if cue.frame == "tell":
        post = text[_skip_recipient(text, ce, hi):hi]
    post_s = post.strip()
    trailing_ok = (lead is None or not post_s or post_s[0] in ".;!?" or
                   (post_s[0] == "," and post_s[1:].lstrip()[:1] not in OPEN_Q + ":") or
                   _POST_ADVERBIAL.match(post_s) is not None and len(post_s.split()) <= 5)
    if cue.frame == "tell" and not re.search(r"\bthat\b|[\"“'‘:]", post_s) and len(post_s.split()) <= 10:
        trailing_ok = True
    if re.match(r"\s*(?:In|On|At|During|After|Before|When|While|With|As|Last|This|Earlier|Later)\b", pre) \
            and len(pre.split()) <= 6 and lead is not None:
        trailing_ok = False
    pre_words = len(text[_content_start_before(text, lo, lo + len(pre), quotes):lo + len(pre)].split())
    par_end = _parenthetical_end(text, ce, hi) if pre.endswith(",") and not before.endswith(",") else None
    if par_end is not None and pre_words >= 1 and lead is not None and lead[2] != "direct":
        # "The plan, he said, is dead": what he said runs around the attribution
        s = _content_start_before(text, lo, lo + len(pre), quotes)
        return Claim(sent.block_id, ss, se, cs, ce, s, par_end, "indirect", cue.lemma)
    if pre.endswith(tuple(",'\"’”")) and pre_words >= 3 and trailing_ok and not before.endswith(",") \
            and not _ADVERBIAL_ONLY.fullmatch(pre.rstrip(",").strip()):
        s = _content_start_before(text, lo, lo + len(pre), quotes)
        s, e = _trim(text, s, lo + len(pre))
        end = lo + len(pre)
        if end > e and text[end - 1] in CLOSE_Q:
            e = end
        if e - s > 2:
            q = _quote_at(quotes, s)
            kind = "direct" if q and q[0] == s and q[1] >= e else "indirect"
            return Claim(sent.block_id, ss, se, cs, ce, s, e, kind, cue.lemma)
    if lead is None and not pre and not post_s.strip(".") and prev_sent is not None:
        # "“... missing.” Trump said." -- the quotation is the sentence before
        q = _quote_at(quotes, prev_sent.end - 1)
        if q and q[1] >= prev_sent.end - 1 and prev_sent.block_id == sent.block_id:
            return Claim(sent.block_id, ss, se, cs, ce, max(q[0], prev_sent.start) if q[0] < prev_sent.start and
                         False else q[0], q[1], "direct", cue.lemma)
    if (lead is None or text[lead[0]:lead[1]].strip().lower() == "that") \
            and re.match(r"\s*(?:that\s*)?:\s*$", text[ce:hi], re.I) and next_block is not None:
        # "X says:" or "X argued that:" closing a paragraph, the statement in the next one
        nq = find_quotes(text, next_block.start, next_block.end)
        e = nq[0][1] if nq and nq[0][0] == next_block.start else next_block.end
        return Claim(next_block.block_id, ss, se, cs, ce, next_block.start, e, "colon", cue.lemma)
    if lead is None:
        return None
    s, e, kind = lead
    if kind == "indirect" and s >= ce and _setting_only(text, s, e):
        return None  # '"...," Clinton said Monday in Cheyenne, according to X': no content after the cue
    pre_end = lo + len(pre)
    if kind == "direct" and _resumed_quote_end(text, pre_end, ce, bhi, quotes) == e:
        first = _content_start_before(text, lo, pre_end, quotes)  # "'A,' Smith added, 'B.'"
        q = _quote_at(quotes, first)
        if q and q[0] == first and q[1] >= pre_end - 1:
            s = first
    return Claim(sent.block_id, ss, se, cs, ce, s, e, kind, cue.lemma)


def _has_quote(quotes, c: "Claim") -> bool:
    """True when the claim's content holds a quotation longer than a scare-quoted word."""
    return any(c.content_s <= qs and qe <= c.content_e and qe - qs > 25
               for qs, qe in quotes) or c.kind in ("direct", "continued")


def _continued(doc: Doc, claims: list[Claim], block_quotes) -> list[Claim]:
    """Add ``continued`` claims: a quotation opening a paragraph or sentence with no claim of
    its own, right after a quoted claim (same block or the previous paragraph)."""
    text = doc.text
    blocks = [b for b in doc.article.content_blocks()]
    order = {b.block_id: i for i, b in enumerate(blocks)}
    kinds = {b.block_id: b.kind for b in blocks}
    pending = sorted(claims, key=lambda c: c.content_s)
    covered = [(c.content_s, c.content_e) for c in claims]
    all_q = []
    for b in blocks:
        for q in block_quotes[b.block_id]:
            all_q.append((q, b.block_id))
    new: list[Claim] = []
    for (qs, qe), bid in all_q:
        sent = doc.sentence_at(qs)
        if sent is None or text[sent.start:qs].strip():
            continue
        if any(s <= qs < e or qs <= s < qe for s, e in covered):
            continue
        lex = cue_lexicon()
        prev = [c for c in pending + new if c.content_e <= qs and
                (c.kind == "continued" or lex.get(c.cue_lemma) is None or lex[c.cue_lemma].cls == "speech")]
        if not prev:
            continue
        p = max(prev, key=lambda c: c.content_e)
        quoted_before = any(c.block_id == p.block_id and _has_quote(block_quotes[c.block_id], c)
                            for c in pending + new)
        if p.block_id != bid and not quoted_before:
            continue
        gap = [b for b in blocks[order[p.block_id] + 1:order[bid]] if kinds[b.block_id] not in ("caption",)]
        if gap:
            continue
        # the quote must not be followed by its own cue in the sentence
        s, e = qs, qe
        new.append(Claim(bid, None, None, None, None, s, e, "continued", "", prev=p))
    out = sorted(claims + new, key=lambda c: (c.content_s, c.cue_s or 0))
    return out


# ------------------------------------------------------------------ resolution and rows

_VIA = re.compile(
    r"(?:\bfrom|\baccording\s+to|\binformation\s+comes\s+from)\s+((?:[\w\[\]’'-]+\s+){0,3}[\w\[\]’'-]+)"
    r"|((?:\b(?:his|her|their|my|our|the)\s+)?(?:[\w\[\]-]+\s+){0,2}?[\w\[\]-]+)\s+(?:indicate|indicates|indicated|say|says|claim|claims|believe|believes)\b",
    re.I)


def find_via(text: str, s: int, e: int) -> str:
    """An anonymous source cited inside ``text[s:e]`` ("from Russian doctors", "his medical
    sources indicate"), normalised without determiners or editorial brackets; '' if none."""
    heads = source_heads()
    for m in _VIA.finditer(text, s, e):
        np = m.group(1) or m.group(2)
        words = np.split()
        # cut at the anonymous head noun
        cut = None
        for i, w in enumerate(words):
            if heads.get(w.strip("[],.").lower()) == "anonymous" and w.strip("[],.").lower() not in {"some", "many", "others", "people", "person", "someone", "claims", "reports", "rumours", "rumors", "allegations"}:
                cut = i
        if cut is None:
            continue
        words = words[:cut + 1]
        while words and words[0].lower() in DETERMINERS:
            words = words[1:]
        return " ".join(w.replace("[", "").replace("]", "") for w in words)
    return ""


def _certainty(text: str, c: Claim) -> str:
    """speculative / hedged / asserted for a claim: the shared grader
    :func:`~explorer.extract.language.span_certainty` of the content (hedges.csv subcategories and
    modals.csv; the month "May" and hedges in free relatives such as "what appeared to be" do not
    count), raised to ``hedged`` when the cue itself is a hedge term ("claimed", "alleged")."""
    parts = c.parts or ((c.content_s, c.content_e),)
    cert = max((span_certainty(text, s, e) for s, e in parts), key=CERTAINTY_RANK.__getitem__)
    if cert == "asserted" and c.cue_s is not None and \
            any(t[2].category == "hedge" for t in find_terms(text, c.cue_s, c.cue_e)):
        cert = "hedged"
    return cert


@lru_cache(maxsize=1)
def human_nouns() -> frozenset[str]:
    """Nouns that can head a description of a person: ``human_nouns.csv`` (people in general),
    ``person_nouns.csv`` (offices and roles) and the anonymous-source heads ("official")."""
    heads = {h for h, k in source_heads().items() if k == "anonymous"}
    return frozenset({r["noun"].lower() for r in lexicons.read("human_nouns.csv")}
                     | {r["noun"].lower() for r in lexicons.read("person_nouns.csv")} | heads)


#: prepositions that open a post-modifier of a speaker's head noun ("officials in Moscow")
_POST_PREPOSITIONS = frozenset({"in", "at", "from", "of", "for", "on", "with", "across", "near", "inside",
                                "outside", "around", "throughout"})


def _speaker_head(speaker: str) -> str:
    """The head noun of a speaker span, lower-cased: the word before a post-modifier ("sources
    close to the talks", "officials who ...", "doctors in Moscow" -> "sources", "officials",
    "doctors"); "" for an empty span."""
    words = [w.strip("[]").lower() for w in speaker.split()]
    cut = next((i for i, w in enumerate(words) if i and (w in {"who", "whom", "that", "which"}
                                                         or w in POSTMOD or w in _POST_PREPOSITIONS)), len(words))
    return words[cut - 1] if words else ""


def _person_like(c: "Claim", text: str) -> bool:
    """A named claim whose speaker can be a "he"/"she" antecedent: not an institution, and a
    description in lower case ("the woman", not "a box") must have a person noun as its head."""
    if c.speaker_type != "named" or c.speaker_s is None and c.kind != "continued":
        return c.kind == "continued" and c.speaker_type == "named"
    st = text[c.speaker_s:c.speaker_e]
    words = [w.strip("[]") for w in st.lower().split()]
    if not words or source_heads().get(words[-1]) == "institution" or words[-1] == "it":
        return False
    if words[0] in DETERMINERS and not any(w[:1].isupper() for w in st.split()[1:]):
        return any(re.sub(r"['’]s$", "", w.strip(",.")) in human_nouns() for w in words[1:])
    return True


def resolve(doc: Doc, claims: list[Claim], quotes_by_block) -> None:
    """Fill speaker, speaker_type and via of every claim, in text order.

    "he"/"she"/"who"/"I": the latest person-like named claim within the last four paragraphs
    (captions not counted); else the latest person mention before it outside quotations and
    captions; "they" after an anonymous claim keeps that source."""
    text = doc.text
    all_quotes = [q for qs in quotes_by_block.values() for q in qs]
    idx = build_names(doc, all_quotes)
    heads = source_heads()
    vias: dict[str, str] = {}
    prev_claim: Claim | None = None
    last_person: Claim | None = None
    content = doc.article.content_blocks()
    kinds = {b.block_id: b.kind for b in content}
    para_no, n = {}, 0
    for b in content:
        if b.kind != "caption":
            n += 1
        para_no[b.block_id] = n
    for c in claims:
        if c.kind == "continued":
            p = c.prev
            c.speaker, c.speaker_type = p.speaker, p.speaker_type  # "" when p was dropped
            c.speaker_s, c.speaker_e = None, None
        elif c.speaker_s is None:  # a tagged cue with no source ("it was reported that ...")
            c.speaker, c.speaker_type = "", "anonymous"
        else:
            st = text[c.speaker_s:c.speaker_e]
            low = st.lower()
            fused = _CONTRACTION.match(low)
            if fused and fused.group(1) in PRONOUNS:  # a tagged "She's" is the pronoun "she"
                low = fused.group(1)
            head = _speaker_head(st)
            if low in PRONOUNS:
                c.speaker_type = "named"
                wd = _who_description(text, c.speaker_s) if low == "who" else None
                if wd and any(nm[1] <= wd[0] and text[nm[1]:wd[0]].strip() in {",", "-", "--", "–", "—"}
                              for nm in idx.names):
                    wd = None  # "Harlan Crow, a Texas billionaire who", "Trump — a billionaire who": the name
                desc = wd[1] if wd else ""
                if desc:  # "the nurses, who said": the description right before "who" is the speaker
                    c.speaker = resolve_description(idx, desc) or desc
                    c.speaker_type = "anonymous" if c.speaker == desc and \
                        heads.get(desc.split()[-1].lower()) == "anonymous" else "named"
                elif low in {"he", "she", "who", "i"}:
                    cand = None
                    if low == "who":
                        before = [nm for nm in idx.names if nm[1] <= c.speaker_s and c.speaker_s - nm[1] < 40]
                        cand = before[-1][2] if before else None
                    if cand is None and last_person is not None and \
                            para_no.get(c.block_id, 0) - para_no.get(last_person.block_id, 0) <= 4:
                        cand = last_person.speaker
                    if cand is None:
                        pm = [pp for pp in idx.persons if pp[1] <= c.speaker_s
                              and not any(q[0] <= pp[0] < q[1] for q in all_quotes)
                              and (kinds.get(c.block_id) == "caption"
                                   or kinds.get(getattr(doc.block_of(pp[0]), "block_id", ""), "") != "caption")]
                        cand = pm[-1][2] if pm else None
                    c.speaker = cand or st
                    if cand is None:  # nobody to resolve it to: not a named speaker
                        c.speaker_type = "anonymous"
                elif low == "it":
                    ref = _it_antecedent(doc, c, claims, all_quotes, para_no, text)
                    c.speaker, c.speaker_type = ref if ref else ("", "")  # unresolved: dropped
                else:  # they / we: an unnamed group unless it continues an anonymous source
                    c.speaker = prev_claim.speaker if (prev_claim and low == "they"
                                                       and prev_claim.speaker_type == "anonymous") else st
                    c.speaker_type = "anonymous"
            elif heads.get(head) == "anonymous" and not resolve_description(idx, st):
                c.speaker, c.speaker_type = st, "anonymous"
            elif any(w[:1].isupper() for w in st.split()[1:]) or (st[:1].isupper() and low.split()[0] not in DETERMINERS):
                c.speaker, c.speaker_type = canonical(idx, text, c.speaker_s, c.speaker_e), "named"
            else:
                c.speaker = resolve_description(idx, st) or st
                c.speaker_type = "named"
            if outlet_match(doc, st):
                c.speaker_type = "outlet"
        v = find_via(text, c.content_s, c.content_e) if c.kind != "according_to" else ""
        if v:
            vias[c.speaker] = v
        c.via = v or vias.get(c.speaker, "")
        if _person_like(c, text):
            last_person = c
        prev_claim = c


def _it_antecedent(doc: Doc, c: Claim, claims: list[Claim], quotes, para_no,
                   text: str) -> tuple[str, str] | None:
    """(speaker, speaker_type) for the pronoun speaker "it": the latest earlier claim in the same
    or previous paragraph whose speaker is an institution ("the ministry"), an outlet or an
    organisation mention ("The ministry said ... It added ..."), else the latest organisation
    mention before the pronoun in its own paragraph (outside quotations); None when nothing
    resolves it (the claim is then dropped: "It would have been ..., triggering claims of ..."
    has no source)."""
    orgs = [(int(m["start"]), int(m["end"]), m.get("name") or m["text"]) for m in doc.rows.get("mentions", [])
            if m.get("kind") == "org" and int(m["end"]) <= c.speaker_s
            and not any(q[0] <= int(m["start"]) < q[1] for q in quotes)]
    for o in reversed(claims[:claims.index(c)]):
        if para_no.get(c.block_id, 0) - para_no.get(o.block_id, 0) > 1:
            break
        if not o.speaker or o.speaker_s is None or o.speaker_type not in ("named", "outlet"):
            continue
        if o.speaker_type == "outlet" or not _person_like(o, text) or \
                any(_overlaps(o.speaker_s, o.speaker_e, s, e) for s, e, _ in orgs):
            return o.speaker, o.speaker_type
    block = doc.block_of(c.speaker_s)
    own = [name for s, _, name in orgs if block is not None and block.start <= s]
    return (own[-1], "named") if own else None


def _cut_trailing(claims: list[Claim]) -> None:
    """A content running over another claim's trailing attribution ("The Kremlin wanted to ...,
    he said") ends before that attribution's speaker."""
    # the trailing attributions, by speaker start (contents only shrink, so the ones whose
    # speaker starts inside a content's original span are all that can cut it)
    trail = sorted((o.speaker_s, i) for i, o in enumerate(claims)
                   if o.speaker_s is not None and o.cue_s is not None and o.content_e <= o.speaker_s)
    starts = [s for s, _ in trail]
    for c in claims:
        lo, hi = bisect_right(starts, c.content_s), bisect_left(starts, c.content_e)
        for i in sorted(i for _, i in trail[lo:hi]):  # in the order of the claims, as before
            o = claims[i]
            if o is not c and c.content_s < o.speaker_s < c.content_e and c.content_s < o.content_e:
                c.content_e = max(c.content_s + 1, o.content_e)


def outlet_match(doc: Doc, speaker_text: str) -> bool:
    """True when the speaker is the article's own outlet (from the metadata)."""
    o = (doc.article.outlet or "").strip().lower()
    return bool(o) and o in speaker_text.lower()


# ------------------------------------------------------------------ the learned tagger

#: how claims are found: "hybrid" (tagger and rule claims reconciled by :func:`_arbitrate`),
#: "model" (tagger only) or "rules" (rules only). Without a model file everything is "rules".
MODE = "hybrid"


def _gap(a_s: int, a_e: int, b_s: int, b_e: int) -> int:
    """Characters between two spans (0 when they touch or overlap)."""
    return max(0, b_s - a_e, a_s - b_e)


def _kind_of(text: str, cue_s: int, cue_e: int, s: int, e: int) -> str:
    """Claim kind from the shape of a tagged attribution: according_to, colon, nominal, direct
    (the content is one quotation) or indirect."""
    cue = " ".join(text[cue_s:cue_e].lower().split())
    if cue == "according to":
        return "according_to"
    if cue == ":" or (cue_e <= s and ":" in text[cue_e:s]):
        return "colon"
    lex = cue_lexicon().get(cue)
    if lex is not None and lex.pos == "noun":
        return "nominal"
    if text[s] in OPEN_Q:
        q = find_quotes(text, s, e)
        if q and q[0][0] == s and q[0][1] >= e - 1:
            return "direct"
    return "indirect"


def _model_content(text: str, s: int, e: int) -> tuple[int, int]:
    """A tagged content span in the table's convention (as the rules write it): without an opening
    complementizer "that", surrounding whitespace, or a final full stop or comma outside quotes."""
    m = re.match(r"that\s+", text[s:e], re.I)
    if m and e - s > m.end() + 1:
        s += m.end()
    return _trim(text, s, e)


#: participles that, after a be-form, name the subject's own state of mind or stance: "Some
#: backers are concerned that ...", "voters were inclined to ...", "a cashier was shaken by ...";
#: the subject of such a cue is its source (an experiencer), so it is not read as a passive
STANCE_PARTICIPLES = frozenset("""
    concerned worried shocked convinced inclined surprised pleased disappointed frustrated alarmed
    troubled satisfied outraged angered shaken dismayed delighted thrilled excited impressed puzzled
    confused baffled annoyed upset offended horrified appalled stunned relieved encouraged heartened
    determined committed opposed prepared resigned unimpressed unconvinced unmoved tired divided
    split interested obsessed fixated skeptical sceptical incensed enraged infuriated irritated
    embarrassed ashamed amazed astonished intrigued fascinated energized emboldened disillusioned
    disgusted scared frightened terrified afraid""".split())
_STANCE = "|".join(sorted(STANCE_PARTICIPLES))

#: a be/get form, adverbs, then a past participle or a raising adjective with "to" ("is expected
#: to", "was told", "is likely to"): the subject of such a cue is not its source
_PASSIVE_CUE = re.compile(
    r"(?:is|was|are|were|be|been|being|get|got|gets)(?:\s+(?:not|never|also|now|still|more|most|\w+ly))*"
    rf"\s+(?!even\b|often\b|open\b|(?:{_STANCE})\b)(?:\w+ed|\w+en|told|said|thought|known|seen|heard|made|given|taken|shown|held|"
    r"found|brought|sought|felt|meant|led|left|kept|put|set|read|understood|quoted|cited|hit|cut|built|paid|won|"
    r"lost|sent|spent|taught|caught|bought|fought|struck|hung|laid|sold|"
    r"(?:likely|unlikely|certain|sure|due|about|poised|bound|apt|liable|slated|going)\s+to)\b", re.I)


_RAISING_VERB = re.compile(r"(?:seem|seems|seemed|appear|appears|appeared)(?:\s+(?:to|like))?", re.I)


_DET = r"(?i:the|a|an|one|two|three|four|five|six|some|several|many|other|his|her|their|its)"
_WHO_DESC = re.compile(rf"\b((?:{_DET}\s+(?:(?!{_DET}\b)[\w'’-]+\s+){{0,3}}|(?:[A-Z][\w'’-]*\s+){{1,3}})?"
                       rf"([a-z]+))\s*,?\s*$")


def _who_description(text: str, who: int) -> tuple[int, str] | None:
    """(start, text) of the description a relative "who" at ``who`` refers to, when the words
    right before it are a noun phrase headed by a lower-case person noun: a determiner, at most
    three more words and the head ("a former White House aide who"), up to three capitalised
    words and the head ("Former Obama operatives, who") or the head alone ("voters who"); else
    None ("Sam Jones, who" is left to the names)."""
    lo = max(text.rfind(ch, 0, who) for ch in ".;:!?\n(")
    m = _WHO_DESC.search(text, lo + 1, who)
    if not m or m.group(2) not in human_nouns():
        return None
    return m.start(1), m.group(1)


def _agent_start(text: str, s: int, e: int) -> int | None:
    """Where the "by" agent of the passive cue ``text[s:e]`` starts: after a "by" that follows the
    cue ("was praised by X") or ends it ("was rejected by X"); None when there is no "by"."""
    by = re.match(r"\s*by\s+", text[e:e + 8])
    return e + by.end() if by else e if re.search(r"\bby$", text[s:e], re.I) else None


def passive_cue(text: str, s: int, e: int) -> bool:
    """True when the cue ``text[s:e]`` (read on a few words past its end) is passive or raising:
    "is expected to", "were ordered", "is widely believed", "is likely to" (its grammatical subject
    is not who speaks); False for a progressive or a predicate adjective, whose subject is the
    source: "is touting", "is increasingly trying to", "was more eager to", "is not sure". A
    raising verb alone is one too: in "Kasich appears to have the state to himself" or "such a
    group's existence seems improbable" nobody speaks ("appeared to imply" has a source)."""
    if _PASSIVE_CUE.match(text, s, min(len(text), e + 40)) is not None or raising_only(text, s, e):
        return True
    # a be-form fused with a pronoun before the cue: "She's accused of", "I'm told"
    before = tokens(text, max(0, s - 30), s)
    return bool(before) and _fused_passive(before[-1], text, s, e)


def _passive_after_be(text: str, s: int, e: int) -> bool:
    """True when the words from ``s`` (the cue ``text[s:e]`` and a few after it) make a passive or
    raising cue after a be-form: "accused of", "told", "likely to", "been accused"; not "been
    an outspoken critic of" ("he's been" is "he has been")."""
    words = text[s:min(len(text), e + 40)]
    if re.match(r"been\b", words, re.I):
        words = words[4:].lstrip()
    return _PASSIVE_CUE.match("is " + words) is not None


def raising_only(text: str, s: int, e: int) -> bool:
    """True when the cue ``text[s:e]`` is a raising verb alone ("seems", "appears to"), not one
    before a verb of saying or thinking ("seemed to suggest", "appears to blame"), whose subject
    speaks."""
    if _RAISING_VERB.fullmatch(text, s, e) is None:
        return False
    nxt = re.match(r"(?:\s+to\b)?\s+(\w+)", text[e:e + 40])  # the verb after "seemed (to)"
    return not (nxt and nxt.group(1).lower() in cue_lexicon())


_OPENER = re.compile(r"\s*(?:In|On|At|During|After|Before|When|While|With|As|From|Over|Since|Throughout)\b[^,]{0,60},\s*")


def _fallback_speaker(text: str, sent, cs: int, ce: int, content_e: int, cue_words) -> tuple[int, int] | None:
    """A speaker for a tagged cue that got no source span, found by the rules: the main-clause
    subject for a coordinated verb ("X did Y but said ...") or a participle after a comma ("X did
    Y, noting ..."), else the noun phrase before the cue (past an age: "Singh, 47, voted for"),
    else (content before the cue) an inverted speaker after it ("..., said X")."""
    sub = None
    if passive_cue(text, cs, ce):
        # a passive cue's subject is not its source ("is expected to", "were ordered"); its "by"
        # agent is ("was rejected by X")
        start = _agent_start(text, cs, ce)
        return np_after(text, start, sent.end) if start is not None else None
    if sent.start < cs:
        conj = _COORDINATED.search(text, sent.start, cs)
        if conj:  # a coordinated verb ("X put off deciding ... but said ..."): the clause's subject
            sub = _main_subject(text, sent.start, conj.start(), cue_words)
        elif _adjunct_gerund(text, sent.start, cs, ce):
            sub = _main_subject(text, sent.start, cs, cue_words)
            op = _OPENER.match(text, sent.start, cs)
            if sub is None and op:  # "In three interviews, the justice sounded off, saying ..."
                sub = _main_subject(text, op.end(), cs, cue_words)
        if sub is None:
            sub = subject_before(text, sent.start, _before_age(text, sent.start, cs), cue_words)
        if sub is None and FALLBACK_APPOSITIVE:
            sub = _before_appositive(text, sent.start, cs, cue_words)
    first = text[cs:ce].split()[0].lower()
    tell = (c := cue_lexicon().get(first)) is not None and c.frame == "tell"
    if sub is None and content_e <= cs and not (FALLBACK_APPOSITIVE and tell) and not first.endswith("ing"):
        # "..., said X" (not "..., told X": X is the addressee; not "..., referring to X": a
        # participle's subject is never after it)
        sub = np_after(text, ce, sent.end)
    return None if sub is not None and time_only(text, *sub) else sub


def _before_age(text: str, lo: int, pos: int) -> int:
    """``pos`` moved back before an age that ends ``text[lo:pos]`` ("Raj Singh, 47," -> before
    ", 47,"), so the name is the noun phrase before it; ``pos`` when there is none."""
    age = re.search(r",\s*\d{1,3}\s*,?\s*$", text[lo:pos])
    return lo + age.start() if age else pos


def _before_appositive(text: str, lo: int, cs: int, cue_words) -> tuple[int, int] | None:
    """The noun phrase before an appositive that ends right before the cue ("Seth McKee, a
    political scientist at Texas Tech, told ..." -> "Seth McKee", also after an age: "Jo Roe,
    24, who ..., told" -> "Jo Roe"); None when the words before the
    cue do not end with a comma-delimited aside of at most 12 words opening with a lower-case
    word, a determiner or "who"."""
    before = text[lo:cs].rstrip()
    if not before.endswith(","):
        return None
    k = before.rfind(",", 0, len(before) - 1)
    if k < 0:
        return None
    aside = before[k + 1:-1].split()
    if not aside or len(aside) > 12 or not (aside[0][:1].islower() or aside[0].lower() in DETERMINERS):
        return None
    sub = subject_before(text, lo, _before_age(text, lo, lo + k), cue_words)  # "Jo Roe, 24, who ..."
    if sub is not None and _after_preposition(text, sub[0]):
        return None  # "In three interviews, the justice sounded off, saying": an opener, not a subject
    return sub


#: words of a time expression that is never a source ("September", "last Tuesday", "1990");
#: "May" is left out (Theresa May)
_TIME_FILLERS = frozenset({"last", "this", "next", "early", "late", "on", "in", "the", "of"})
_TIME_WORDS_ONLY = frozenset(w for w in (*MONTHS, *WEEKDAYS) if len(w) > 3 and w != "may") | _TIME_FILLERS | {
    "today", "yesterday", "tonight", "tomorrow", "morning", "afternoon", "evening", "night", "week",
    "weekend", "month", "year"}


def _cue_without_time(text: str, q):
    """A tagged cue span without the date or time words that end it ("said Tuesday" -> "said");
    ``q`` is a frozen span with ``start`` and ``end``, returned as is or as a shortened copy."""
    toks = tokens(text, q.start, q.end)
    k = next((i for i in range(1, len(toks)) if time_only(text, toks[i].start, q.end)), None)
    return q if k is None else replace(q, end=toks[k - 1].end)


def time_only(text: str, s: int, e: int) -> bool:
    """True when ``text[s:e]`` is only a date or time ("September", "Tuesday", "last week",
    "1990", "Sept. 4"): a phrase that can open a sentence before a cue but is never its source."""
    words = re.findall(r"[A-Za-z]+|\d+", text[s:e])
    return any(w.lower() not in _TIME_FILLERS for w in words) and \
        all(w.isdigit() or w.lower() in _TIME_WORDS_ONLY for w in words)


_SETTING = re.compile(r"(?:in|at|on|during|from|to)\s+(?:the\s+)?(?:[A-Z][\w'’.\-]*\s*)+", re.S)
_ACCORDING_TAIL = re.compile(r",?\s*according\s+to\b.*$", re.I | re.S)


def _setting_only(text: str, s: int, e: int) -> bool:
    """True when ``text[s:e]`` only says when and where (a day or date, then "in/at" and a
    capitalised place), optionally before an "according to" clause: "Monday in Cheyenne",
    "Tuesday at the White House, according to aides". Not content of the cue before it."""
    span = _ACCORDING_TAIL.sub("", text[s:e]).strip(" ,.")
    words = span.split()
    for k in range(len(words), 0, -1):
        head, rest = " ".join(words[:k]), " ".join(words[k:])
        if time_only(head, 0, len(head)) and (not rest or _SETTING.fullmatch(rest)):
            return True
    return False


def _trim_source(text: str, s: int, e: int) -> tuple[int, int] | tuple[None, None]:
    """A tagged source span cut to its head noun phrase: an appositive or aside after a comma,
    bracket or dash is dropped ("Tsepkalo, a lawyer, former ..." -> "Tsepkalo"), as are an opening
    sentence adverb or conjunction ("Now opposition politician X" -> "opposition politician X"),
    an opening preposition or year ("of RT" -> "RT", "2017 America" -> "America") and trailing
    punctuation. (None, None) when only a year or a number is left: that is no source."""
    m = re.search(r",|\s[(\-—–]", text[s:e])
    if m and re.search(r"\w", text[s:s + m.start()]):
        e = s + m.start()
    while True:
        m = re.match(r"(?:Now|But|And|So|Yet|Still|Meanwhile|However|Then|Also|[Oo]f|[Oo]n|[Bb]y|[Ii]n|[Aa]t"
                     r"|[Ff]or|[Ff]rom|[Ww]ith|\d{4})\s+(?=\S)", text[s:e])
        if not m or e - s - m.end() < 2:
            break
        s += m.end()
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",;:-—–"):
        e -= 1
    if re.fullmatch(r"\d[\d,.]*|by|of|on|in", text[s:e], re.IGNORECASE) or time_only(text, s, e):
        return None, None
    return s, e


class ModelClaims(NamedTuple):
    """The tagger's claims and the encoder's word probabilities behind them (None from the CRF)."""
    claims: list[Claim]
    confidence: TagConfidence | None


def model_claims(doc: Doc) -> ModelClaims | None:
    """Claims from the attribution tagger (``attribution_model``), or None when there is none.

    Tagged spans are grouped per block: each content span joins the nearest cue in a sentence
    it covers (else in the sentence just before or after it); each source span joins the nearest
    cue of its sentence. A cue with content makes one claim whose content runs from its first to
    its last content span (PolNeAR's discontinuous content "'...,' he said, '...'"); content with
    no cue that opens its block or sentence continues the previous claim (kind ``continued``).
    The result also carries the encoder's :class:`~.attribution_model.TagConfidence`."""
    from . import attribution_model
    text = doc.text
    tagging = attribution_model.tag_blocks(text, doc.article.content_blocks())
    if tagging is None:
        return None
    tagged = tagging.blocks
    lex = cue_lexicon()
    cue_words = {f for f in lex if " " not in f}
    out: list[Claim] = []
    prev: Claim | None = None
    prev_block_no = -9
    for block_no, (b, spans, sents) in enumerate(tagged):
        cues = [_cue_without_time(text, x) for x in spans if x.label == "CUE"
                and not compound_noun(text, x.start, x.end)]
        groups: list[dict] = [{"con": [], "src": []} for _ in cues]
        orphans = []
        by_sent: dict[int, list[int]] = {}  # sentence -> indexes of the cues in it
        for i, q in enumerate(cues):
            by_sent.setdefault(q.sent, []).append(i)
        covered = {k for x in spans if x.label == "CON" for k in range(x.sent, x.sent_end + 1)}
        own = {q.sent for q in cues if q.sent in covered}
        for x in spans:
            if x.label == "CON":
                cand = sorted(i for k in range(x.sent, x.sent_end + 1) for i in by_sent.get(k, ()))
                if not cand:  # "'...' \n Trump said." : a cue sentence with no content of its own
                    cand = sorted(i for k in (x.sent - 1, x.sent_end + 1) if k not in own
                                  for i in by_sent.get(k, ()))
                if cand:
                    i = min(cand, key=lambda i: _gap(cues[i].start, cues[i].end, x.start, x.end))
                    groups[i]["con"].append(x)
                else:
                    orphans.append(x)
            elif x.label == "SRC":
                cand = by_sent.get(x.sent, [])
                if cand:
                    i = min(cand, key=lambda i: _gap(cues[i].start, cues[i].end, x.start, x.end))
                    groups[i]["src"].append(x)
        found: list[Claim] = []
        for q, g in zip(cues, groups):
            if not g["con"]:
                continue
            s, e = _model_content(text, min(x.start for x in g["con"]), max(x.end for x in g["con"]))
            if e - s < 2:
                continue
            passive = passive_cue(text, q.start, q.end)
            agent = _agent_start(text, q.start, q.end) if passive else None
            # a passive cue's source is only its agent ("is believed by X", "was rejected by X"):
            # not its subject ("The poll is believed") nor a name further on ("... won by Anna Berg")
            src = [x for x in g["src"] if not passive
                   or (agent is not None and x.start >= agent and not text[agent:x.start].strip())]
            # the subject before the cue rather than an addressee after it ("X told reporters that")
            sp = min(src, key=lambda x: (x.start >= q.end, _gap(q.start, q.end, x.start, x.end))) if src else None
            ss, se = _trim_source(text, sp.start, sp.end) if sp else (None, None)
            if ss is None and not passive:  # no tagged source (or only a year): an earlier cue's
                # speaker ("..., Nefzi said, adding ..."), else the rules' subject
                sub = _shared_subject(text, found, sents[q.sent], q.start, q.end) or \
                    _fallback_speaker(text, sents[q.sent], q.start, q.end, e, cue_words)
                ss, se = sub if sub and not (s <= sub[0] < e) else (None, None)
            cue = " ".join(text[q.start:q.end].lower().split())
            lemma = lex[cue].lemma if cue in lex else cue
            found.append(Claim(b.block_id, ss, se, q.start, q.end, s, e,
                               _kind_of(text, q.start, q.end, s, e), lemma))
        for x in orphans:
            opens = x.sent == 0 or not text[sents[x.sent].start:x.start].strip()
            if not opens or text[x.start] not in OPEN_Q:
                continue
            p = max((c for c in found if c.content_e <= x.start), key=lambda c: c.content_e, default=None)
            if p is None and prev is not None and block_no - prev_block_no <= 1:
                p = prev
            if p is not None:
                cs_, ce_ = _quoted_end(text, b, *_trim(text, x.start, x.end))
                if ce_ - cs_ >= 2:
                    found.append(Claim(b.block_id, None, None, None, None, cs_, ce_, "continued", "", prev=p))
        found.sort(key=lambda c: (c.content_s, c.cue_s or 0))
        if found:
            out += found
            prev, prev_block_no = found[-1], block_no
    return ModelClaims(out, tagging.confidence)


#: prepositions whose object is never the source of an attribution ("by" is: "was said by X";
#: "to" is: "according to X"); "after", "before" and "since" can open a clause whose subject
#: is one ("after John Smith, the governor, warned that ...")
_NOT_SOURCE_AFTER = frozenset(OPENING_ADVERBIAL - {"by", "as", "when", "while", "asked", "speaking", "like",
                                                   "unlike", "earlier", "later", "last", "this",
                                                   "after", "before", "since"}) | {"into"}


def _after_preposition(text: str, pos: int) -> bool:
    """True when the word before ``pos`` is a preposition in :data:`_NOT_SOURCE_AFTER` (its object
    is not a speaker)."""
    m = re.search(r"(\w+)\s+$", text[max(0, pos - 20):pos])
    return bool(m) and m.group(1).lower() in _NOT_SOURCE_AFTER


#: a coordinating conjunction right before a verb cue, with an optional adverb ("... but also said")
_COORDINATED = re.compile(r"\b(?:and|but)(?:\s+(?:also|then|later|again|\w+ly))?\s+$", re.I)
#: what may precede a gerund cue whose subject is the main clause's: a comma ("X did Y, noting
#: ...") or a preposition ("X did Y by citing ...", "without naming", "instead of calling")
_GERUND_LEAD = re.compile(r"(?:,[”’\"']?|\b(?:by|without|instead\s+of|after|before|while|in)(?:\s+\w+ly)?)\s*$", re.I)


def _adjunct_gerund(text: str, lo: int, cs: int, ce: int) -> bool:
    """True when the cue ``text[cs:ce]`` opens with an "-ing" word after a comma (also one that
    ends a quotation: '... the "Golden Week," saying') or a preposition that makes it an adjunct
    of the main clause ("..., saying", "by citing"), with words of the sentence (from ``lo``)
    before it."""
    return text[cs:ce].split()[0].lower().endswith("ing") and lo < cs and \
        _GERUND_LEAD.search(text, lo, cs) is not None


def _shared_subject(text: str, found: list[Claim], sent, cs: int, ce: int) -> tuple[int, int] | None:
    """The speaker of a cue ``text[cs:ce]`` that shares the subject of an earlier cue in its
    sentence: a participle or gerund adjunct ("..., he added, noting that ...", "X said Y by
    citing Z") or a coordinated verb ("X voted to end it and voted in favor of ..."). It is the
    speaker of the latest of ``found`` whose cue comes before it in ``sent``; None when the cue
    is neither kind or no earlier claim there has a speaker."""
    if not (_adjunct_gerund(text, sent.start, cs, ce) or _COORDINATED.search(text, sent.start, cs)):
        return None
    prev = [o for o in found if o.speaker_s is not None and o.cue_s is not None
            and sent.start <= o.cue_s and o.cue_e <= cs]
    p = max(prev, key=lambda o: o.cue_s, default=None)
    return (p.speaker_s, p.speaker_e) if p is not None else None


def _quoted_end(text: str, block, s: int, e: int) -> tuple[int, int]:
    """A tagged content that opens a quotation ends where the rules end it: at the quotation's
    end when only its closing punctuation was trimmed off ("'It can happen in weeks." keeps the
    full stop, as the rule quotes do); otherwise ``(s, e)`` unchanged."""
    q = next((q for q in find_quotes(text, block.start, block.end) if q[0] == s), None)
    if q is not None and e < q[1] and not re.search(r"[\w]", text[e:q[1]]):
        return s, q[1]
    return s, e


# a one-word content that is a whole argument: what an attitude or a statement is about
OBJECT_WORDS = {"it", "him", "her", "them", "this", "that", "these", "those", "me", "us", "you"}
# words a content cut short after its first word ends in
FUNCTION_WORDS = {"the", "his", "its", "their", "our", "your", "my", "and", "but", "for", "with", "from",
                  "into", "about", "over", "what", "which", "who", "whom", "whose", "how", "why", "when",
                  "where", "not", "has", "have", "had", "was", "were", "are", "is", "be", "been", "will",
                  "would", "one", "all", "some", "any", "more", "most", "mr", "mrs", "ms", "gov", "sen",
                  "rep", "dr", "she", "they", "there", "whether", "than", "should", "also", "such",
                  "every", "former", "then", "both", "each", "very", "can", "could", "may", "might"}


def _content_ok(content: str) -> bool:
    """A tagger content worth a claim: two words or more, or one word that is a whole argument: a
    pronoun ("Politicians know this", "rivals deride it") or a content word of three letters or
    more ("expressed shock", "demands for change"), not a function word or a title, which is
    what a content cut short after its first word looks like ("suspended his", "backing Gov")."""
    words = content.split()
    if len(words) != 1:
        return len(words) >= 2
    raw = words[0].strip(",;:!?“”\"'‘’")
    w = raw.rstrip(".").lower()
    if raw in titles() or raw.rstrip(".") in titles() or raw.rstrip(".") + "." in titles():
        return False  # a capitalised title before a name ("cut into President"); "as president" is fine
    return w in OBJECT_WORDS or (w.replace("-", "").isalpha() and len(w) >= 3 and w not in FUNCTION_WORDS)


def _cue_known(text: str, c: Claim) -> bool:
    """True when the claim's cue, or a word of it, is in the cue lexicon (or the cue is a colon), or
    when :func:`_cue_rate` reaches :data:`attribution_model.LEARNED_MIN_RATE`."""
    from . import attribution_model as am
    lex = cue_lexicon()
    cue = " ".join(text[c.cue_s:c.cue_e].lower().split())
    if cue in lex or cue.strip() == ":" or any(w in lex for w in re.findall(r"[a-z]+", cue)):
        return True
    return _cue_rate(text, c) >= am.LEARNED_MIN_RATE


#: a tagger claim with no source is kept alone when the highest learned cue rate of its cue words
#: is at least this
NOSRC_RATE = 0.3
#: a source-less tagged cue: look for the speaker before an appositive, never after a tell-type cue
FALLBACK_APPOSITIVE = True


def _cue_rate(text: str, c: Claim) -> float:
    """The highest learned cue rate (``attribution.cues.csv``) of the claim's cue words other than
    auxiliaries and function words (0.0 when none is listed)."""
    from . import attribution_model as am
    learned = am.learned_cues(str(am.learned_path()))
    words = [w for w in re.findall(r"[a-z]+", text[c.cue_s:c.cue_e].lower()) if w not in _AUX and w not in lexicons.stop_words()]
    return max((learned.get(w, 0.0) for w in words), default=0.0)


_AUX = {"is", "was", "are", "were", "be", "been", "being", "has", "have", "had", "do", "does", "did", "will",
        "would", "can", "could", "may", "might", "should", "must", "not", "to", "of", "in", "on", "for",
        "about", "with", "the", "a", "an", "it", "that", "t", "s"}


def _overlaps(a_s, a_e, b_s, b_e) -> bool:
    return a_s is not None and b_s is not None and a_s < b_e and b_s < a_e


def _nested(a: Claim, b: Claim, text: str = "", strict: bool = False) -> bool:
    """True when rule claim ``a`` and kept claim ``b`` are nested attributions: ``b``'s cue lies
    inside ``a``'s content ("X said the Kremlin wanted ...": the tagger kept the inner one), or
    ``a``'s cue lies inside ``b``'s content ("X says his sources indicate Y"); with ``strict`` the
    latter only when ``a`` is nominal ("dismissed X's claim that ...") or its speaker is an
    anonymous source or institution ("his sources")."""
    outer = b.cue_s is not None and a.content_s <= b.cue_s < a.content_e and \
        not (b.content_s <= a.content_s and a.content_e <= b.content_e)
    inner = a.cue_s is not None and b.content_s <= a.cue_s < b.content_e and \
        not (a.content_s <= b.content_s and b.content_e <= a.content_e)
    if inner and strict and a.kind != "nominal":
        words = text[a.speaker_s:a.speaker_e].lower().split() if a.speaker_s is not None else []
        inner = bool(words) and words[-1].strip("[]") in source_heads()
    return outer or inner


class _SpanIndex:
    """Claims indexed by content span, for overlap queries that look only at the claims starting
    within one longest content before the query (so a long paragraph with many claims is not
    compared pair by pair). Contents must not change after a claim is added."""

    def __init__(self, claims=()) -> None:
        self._starts: list[int] = []
        self._items: list[Claim] = []
        self._longest = 0
        for c in claims:
            self.add(c)

    def add(self, c: Claim) -> None:
        k = bisect_right(self._starts, c.content_s)
        self._starts.insert(k, c.content_s)
        self._items.insert(k, c)
        self._longest = max(self._longest, c.content_e - c.content_s)

    def overlapping(self, s: int, e: int) -> list[Claim]:
        """The claims whose content overlaps ``[s, e)`` (``e = s + 1``: whose content holds ``s``)."""
        lo, hi = bisect_right(self._starts, s - self._longest), bisect_left(self._starts, e)
        return [c for c in self._items[lo:hi] if c.content_s < e and s < c.content_e]


#: a rule's indirect claim that no tagger claim took up is dropped when the encoder gives the words
#: of its content, or of its cue, a mean probability below this of carrying that label: rule cues
#: in other senses ("spoke in Phoenix", "the U.S. added 292,000 jobs", "a party called X").
#: Chosen on the held-out train articles (0.1 / 0.15 / 0.25: content overlap .839 / .840 / .840)
RULE_DOUBT = 0.15


def _cue_confidence(confidence, c: Claim) -> float | None:
    """The encoder's mean probability that the claim's cue words are a cue (None: no cue, no
    encoder, or no whole word)."""
    if confidence is None or c.cue_s is None:
        return None
    return confidence.mean("CUE", c.cue_s, c.cue_e)


def _tagger_doubts(confidence, c: Claim, both: bool = False) -> bool:
    """True when the encoder's probabilities speak against a rule claim's content or cue (with
    ``both``: against its content and its cue)."""
    con = confidence.mean("CON", c.content_s, c.content_e)
    low = [x is not None and x < RULE_DOUBT for x in (con, _cue_confidence(confidence, c))]
    return all(low) if both else any(low)


#: a source-less tagger claim is kept, whatever its cue words' learned cue rate, when the encoder
#: gives its cue words a mean probability of at least this of being a cue ("is alleged to").
#: Chosen on the held-out train articles: 0.5 / 0.7 / 0.85 gave content overlap .845 / .844 / .841
#: and source+cue+content .744 / .747 / .749 (.837 / .750 without)
NOSRC_CONF = 0.7


#: ... or a mean probability of at least this of being content to its content words ("The idea is
#: [that conservative donors ... can still donate]"). Chosen on the held-out train articles: 0.7 /
#: 0.8 / 0.9 gave content overlap .848 / .849 / .848 and source+cue+content .756 / .757 / .757
#: (.847 / .758 without); of the 21 dropped source-less claims at 0.8 or more, 16 overlapped a
#: gold attribution that no kept claim overlapped
NOSRC_CON = 0.8


def _encoder_sure(confidence, c: Claim) -> bool:
    """True when the encoder is confident of the claim's cue (see :data:`NOSRC_CONF`) or of its
    content (:data:`NOSRC_CON`)."""
    p = _cue_confidence(confidence, c)
    if p is not None and p >= NOSRC_CONF:
        return True
    q = confidence.mean("CON", c.content_s, c.content_e) if confidence is not None else None
    return q is not None and q >= NOSRC_CON


#: speaker heads that mean "a provider of information" (see :func:`_cites_sources`)
CITED_SOURCE_HEADS = frozenset({"source", "sources", "insider", "insiders", "informant", "informants"})
_POSSESSIVES = frozenset({"his", "her", "their", "its", "my", "our", "your"})


def _cites_sources(text: str, c: Claim) -> bool:
    """True when the claim's speaker is a source someone cites: headed by a word of
    :data:`CITED_SOURCE_HEADS` ("a source close to the talks"), or by an anonymous-source noun
    after a possessive ("his medical sources", "her doctors"). A claim nested in another's content
    with such a speaker ("X says his sources indicate Y") is kept though the encoder doubts its
    cue (it gives a word one label, so a cue inside content is tagged as content); a nested
    "officials", "lawmakers" or "23 percent" is not: on the held-out articles every such claim
    the encoder doubted was a false one."""
    if c.speaker_s is None:
        return False
    speaker = text[c.speaker_s:c.speaker_e]
    head = _speaker_head(speaker)
    return head in CITED_SOURCE_HEADS or (source_heads().get(head) == "anonymous"
                                          and speaker.split()[0].lower() in _POSSESSIVES)


#: an adverbial clause or phrase that opens a sentence and ends with a comma before its subject
_SUBORDINATE = re.compile(r"(?:Even\s+(?:[Tt]hough|[Ii]f|[Ww]hen)|Though|Although|If|When|While|Whereas|Despite|Because|"
                          r"Since|After|Before|Unless|Once|Given|Amid|Unlike|In\s+spite\s+of|Regardless\s+of)\b"
                          r"[^;:“”\"]*?,\s*")


def _arbitrate(model: list[Claim], rules: list[Claim], text: str, confidence=None) -> list[Claim]:
    """Tagger claims and rule claims reconciled into one list (in text order).

    * Both have a claim on the same cue: the rule claim is kept when it is a quotation, colon,
      "according to" or nominal claim, or a trailing one ("CONTENT, X said"): its quote handling
      and spans are exact (the tagger's claim is kept as well when its content of two words or
      more follows the cue and the rule's ends before it: "CONTENT, he said, MORE"); for an
      indirect claim with the cue first ("X said CONTENT") the tagger's
      content is kept (it ends where the reported clause ends, not at the sentence end) with the
      rule's speaker span (the tagger's own when the rule's lies in the tagger's cue or content),
      and from the rule's content start when all the tagger put before the speaker is an opening
      adverbial clause ("Even though X, the women say Y": :data:`_SUBORDINATE`)
      (the rule's content end is kept when the tagger's content stops at a
      cue of a tagger claim that was not kept, as in "X says Y has a disease and is expected to
      relapse").
    * A tagger claim whose content swallows the cue of a rule quotation is dropped.
    * A tagger claim alone is kept when it has a speaker span and a content of two words or more
      or one word that is a whole argument (:func:`_content_ok`; whatever its cue: the tagger learned PolNeAR's cues, "lament for", "is unapologetic
      about"), unless its cue is unknown (:func:`_cue_known`) and its content overlaps a rule
      quotation; without a speaker
      span (PolNeAR's Attribution-no-source, "is expected to", "reportedly") when a cue word has a
      learned cue rate of at least :data:`NOSRC_RATE` (or the encoder is sure of it, :func:`_encoder_sure`)
      and no other kept claim's content holds
      its cue or overlaps its content (a content tagged around the cue, "X is known for Y", is
      cut to what follows the cue).
    * A rule claim alone is kept when its content overlaps no kept claim, or when it is nested in
      one (see :func:`_nested`); a continued claim only when the claim it continues is kept; an
      indirect one not when the encoder's ``confidence`` doubts it (:func:`_tagger_doubts`).
    """
    out: list[Claim] = []
    pairs: list[tuple[Claim, Claim]] = []
    swap: dict[int, Claim] = {}
    stand_in: dict[int, Claim] = {}  # id of a rule claim -> the tagger claim kept in its place
    used: set[int] = set()
    structural = sorted(r.cue_s for r in rules if r.kind in ("direct", "colon", "according_to")
                        and r.cue_s is not None)

    def holds_structural_cue(c: Claim) -> bool:
        k = bisect_left(structural, c.content_s)
        return k < len(structural) and structural[k] < c.content_e

    by_cue = sorted((r.cue_s, i) for i, r in enumerate(rules) if r.cue_s is not None)
    cue_starts = [s for s, _ in by_cue]
    longest_cue = max((r.cue_e - r.cue_s for r in rules if r.cue_s is not None), default=0)

    def rule_on_cue(m: Claim) -> Claim | None:
        """The first rule claim (in rule order) whose cue overlaps ``m``'s cue."""
        if m.cue_s is None:
            return None
        lo, hi = bisect_right(cue_starts, m.cue_s - longest_cue), bisect_left(cue_starts, m.cue_e)
        hits = [i for _, i in by_cue[lo:hi] if _overlaps(rules[i].cue_s, rules[i].cue_e, m.cue_s, m.cue_e)]
        return rules[min(hits)] if hits else None

    quotes = _SpanIndex([r for r in rules if r.kind in ("direct", "continued")])
    nosrc: list[Claim] = []
    for m in model:
        if m.kind == "continued":
            continue
        if holds_structural_cue(m):
            continue  # the tagger read a quotation's trailing cue ("'...,' claimed X") as content
        r = rule_on_cue(m)
        if r is not None:
            used.add(id(r))
            trailing = r.content_e <= (r.speaker_s if r.speaker_s is not None else r.cue_s)
            if r.kind != "indirect" or trailing:
                swap[id(m)] = r
                if not any(o is r for o in out):
                    out.append(r)
                if m.cue_e <= m.content_s and r.content_e <= m.cue_s and m.speaker_s is not None \
                        and r.kind in ("direct", "indirect") and len(text[m.content_s:m.content_e].split()) >= 2:
                    out.append(m)  # "CONTENT, he said, MORE": what follows the cue is said too
                continue
            if r.speaker_s is not None:
                # the rule's speaker, unless it is part of the tagger's cue or content and the tagger
                # has one of its own ("The contrast, said Doyle and others, is ...": not "The contrast")
                if m.speaker_s is None or not (
                        _overlaps(r.speaker_s, r.speaker_e, m.cue_s, m.cue_e)
                        or _overlaps(r.speaker_s, r.speaker_e, m.content_s, m.content_e)):
                    m.speaker_s, m.speaker_e = r.speaker_s, r.speaker_e
                if m.content_s < r.speaker_s and r.content_s >= r.cue_e and r.content_s < m.content_e \
                        and _SUBORDINATE.fullmatch(text, m.content_s, r.speaker_s):
                    # "Even though X, the women say Y": the clause before the speaker is no part of it
                    m.content_s = r.content_s
            pairs.append((m, r))
            stand_in[id(r)] = m
            out.append(m)
        elif m.speaker_s is not None and _content_ok(text[m.content_s:m.content_e]) \
                and (_cue_known(text, m) or not quotes.overlapping(m.content_s, m.content_e)):
            # "Police: Man arrested" is no claim; an unknown cue does not take a rule quotation
            # ('"..." She paused. "..."' stays a continued quotation)
            out.append(m)
        elif m.speaker_s is None and (_cue_rate(text, m) >= NOSRC_RATE or _encoder_sure(confidence, m)):
            if m.content_s <= m.cue_s < m.content_e:  # "X is known for Y" tagged X..Y: content Y
                m.content_s, m.content_e = _trim(text, m.cue_e, m.content_e)
            if m.content_e - m.content_s >= 2:
                nosrc.append(m)  # PolNeAR's Attribution-no-source: "it is expected to", "reportedly"
    kept = {id(c) for c in out}
    dropped = [m for m in model if m.kind != "continued" and id(m) not in kept and id(m) not in swap]
    for m, r in pairs:  # content cut short at a cue the tagger saw but no claim was kept for
        if r.content_e > m.content_e and any(m.content_e <= d.cue_s < r.content_e for d in dropped):
            m.content_e = r.content_e
    index = _SpanIndex(out)

    def keep(c: Claim) -> None:
        out.append(c)
        index.add(c)
        kept.add(id(c))

    for m in model:
        if m.kind == "continued":
            head = swap.get(id(m.prev), m.prev)
            if holds_structural_cue(m):
                continue
            if id(head) in kept and not index.overlapping(m.content_s, m.content_e):
                m.prev = head
                keep(m)
    for r in sorted(rules, key=lambda c: c.content_s):
        if id(r) in used or id(r) in kept:
            continue
        over = index.overlapping(r.content_s, r.content_e)
        if any(not _nested(r, o, text, strict=True) for o in over):
            continue  # overlapping content is allowed only for a claim nested in the other's content
        if confidence is not None and r.kind == "indirect" and r.cue_s is not None \
                and r.content_s >= r.cue_e and not (over and _cites_sources(text, r)) \
                and _tagger_doubts(confidence, r):
            # not content before its cue ("CONTENT, he told X", the rules' strong suit), nor
            # sources cited inside another claim ("X says his sources indicate Y")
            continue
        if confidence is not None and r.kind == "colon" and _tagger_doubts(confidence, r, both=True):
            continue  # a credit line, not a speaker's words: "Contributing: Grant Miller", "Twitter: @x"
        if r.kind == "continued":
            head = stand_in.get(id(r.prev), r.prev)
            if id(head) not in kept:
                continue
            r.prev = head  # the tagger claim that took the place of the rule claim it continued
        keep(r)
    for m in nosrc:  # a source-less claim only where no kept claim reports it or its content
        if not index.overlapping(m.cue_s, m.cue_s + 1) and not index.overlapping(m.content_s, m.content_e):
            keep(m)
    _repoint_continued(out)
    return sorted(out, key=lambda c: (c.content_s, c.cue_s or 0))


def _repoint_continued(claims: list[Claim]) -> None:
    """A tagged continuation (a quotation with no cue) continues the latest claim before it that
    is not itself nested in another claim's content (in "X said the Kremlin wanted Y. 'Z'", the
    quotation continues X, not the Kremlin)."""
    heads = [c for c in claims if c.kind != "continued"]
    index = _SpanIndex(heads)
    outer = [c for c in heads if not any(o is not c for o in index.overlapping(c.cue_s or -1, (c.cue_s or -1) + 1))]
    head_ids, outer_ids = {id(h) for h in heads}, {id(o) for o in outer}
    by_block: dict[str, list[Claim]] = {}
    for o in outer:
        by_block.setdefault(o.block_id, []).append(o)
    for c in sorted(claims, key=lambda c: c.content_s):
        if c.kind != "continued" or c.prev is None or id(c.prev) not in head_ids:
            continue
        if id(c.prev) in outer_ids:
            continue
        before = [o for o in by_block.get(c.prev.block_id, ()) if o.content_e <= c.content_s]
        if before:
            c.prev = max(before, key=lambda o: o.content_e)


def _fold_paragraph(claims: list[Claim]) -> list[Claim]:
    """One statement per speaker turn in a paragraph: a ``continued`` quotation in the same
    paragraph as the claim it continues ("'A,' she said. 'B.'") is folded into that claim, whose
    content then runs from the first quotation to the last (``parts`` keeps each quotation).
    A continuation in a later paragraph keeps its own row, as the table contract says.
    In: claims with ``prev`` set on continued ones. Out: the claims left, in the same order."""
    out: list[Claim] = []
    kept: set[int] = set()  # ids of the claims in ``out``
    for c in claims:
        head = c.prev
        while head is not None and head.kind == "continued" and head.prev is not None \
                and head.prev.block_id == c.block_id:
            head = head.prev
        if c.kind == "continued" and head is not None and head.block_id == c.block_id \
                and id(head) in kept and c.content_s >= head.content_s:
            head.parts = (head.parts or ((head.content_s, head.content_e),)) + ((c.content_s, c.content_e),)
            head.content_e = max(head.content_e, c.content_e)
            continue
        out.append(c)
        kept.add(id(c))
    return out


def _combine(model: list[Claim] | None, rules: list[Claim], text: str = "", confidence=None) -> list[Claim]:
    """The claims to keep for :data:`MODE`: rules alone without a model (or in mode "rules"),
    the tagger's alone in mode "model", else both reconciled by :func:`_arbitrate`."""
    if model is None or MODE == "rules":
        return rules
    if MODE == "model":
        return model
    return _arbitrate(model, rules, text, confidence)


@component("claims", produces=("claims",), requires=("mentions", "language"))
def claims_component(doc: Doc) -> None:
    """Add one ``claims`` row per attributed statement."""
    text = doc.text
    model = model_claims(doc) if MODE != "rules" else None
    claims = _combine(model.claims if model else None, find_claims(doc), text, model.confidence if model else None)
    # one claim per (cue, content): drop exact duplicates
    seen, uniq = set(), []
    for c in claims:
        key = (c.cue_s, c.content_s, c.content_e)
        if key not in seen:
            seen.add(key)
            uniq.append(c)
    qb = {b.block_id: find_quotes(text, b.start, b.end) for b in doc.article.content_blocks()}
    _cut_trailing(uniq)
    resolve(doc, uniq, qb)
    uniq = [c for c in uniq if c.speaker_type]  # an unresolved "it" (and what continues it)
    uniq = _fold_paragraph(uniq)
    rows = []
    for i, c in enumerate(uniq, 1):
        sp = (c.speaker_s, c.speaker_e) if c.speaker_s is not None else (None, None)
        rows.append({
            "claim_id": f"c{i:02d}", "block_id": c.block_id, "speaker": c.speaker,
            "speaker_type": c.speaker_type,
            "speaker_text": text[sp[0]:sp[1]] if sp[0] is not None else "",
            "speaker_start": sp[0], "speaker_end": sp[1],
            "cue": text[c.cue_s:c.cue_e] if c.cue_s is not None else "",
            "cue_start": c.cue_s, "cue_end": c.cue_e,
            "content": text[c.content_s:c.content_e], "content_start": c.content_s,
            "content_end": c.content_e, "via": c.via, "certainty": _certainty(text, c),
            "kind": c.kind,
        })
    doc.rows["claims"] = rows

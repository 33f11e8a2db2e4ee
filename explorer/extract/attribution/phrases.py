"""Noun phrases around a cue: who or what stands where a speaker would.

In:  the text, a sentence span and a cue's offsets.
Out: speaker spans: the subject before a cue (:func:`subject_before`, :func:`_main_subject`),
     the noun phrase after one (:func:`np_after`: "said Tsepkalo"), a sentence's subject shared
     by coordinated cues (:func:`_shared_subject`), the fallback for a tagged cue without a
     tagged source (:func:`_fallback_speaker`); and the tests that rule a phrase out: passive
     cues (:func:`passive_cue`), raising verbs (:func:`raising_only`), time-only and setting-only
     phrases (:func:`time_only`, :func:`_setting_only`), adjunct gerunds.
"""
from __future__ import annotations

import re

from ..timex_rules import MONTHS, WEEKDAYS
from .claim import Claim
from .lexicon import (cue_lexicon, DETERMINERS, human_nouns, NAME_PARTICLES, noun_cues, NP_STOP, OPENING_ADVERBIAL,
    PASSIVE, POSTMOD, PRONOUNS, SKIP_BEFORE, source_heads, titles)
from .text import _CONTRACTION, _is_cap, _is_dash, OPEN_Q, Tok, tokens


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


_NUM_SUBJ = re.compile(r"(?:^|[\s,;])((?:(?:nearly|almost|about|some|just|only|roughly)\s+)?"
                       r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+in\s+"
                       r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten)(?:\s+[A-Za-z-]+){0,3}?"
                       r"|\d+(?:\s*percent|%)?(?:\s+of\s+[A-Za-z -]{1,40}?)?)$", re.I)


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


#: a source-less tagged cue: look for the speaker before an appositive, never after a tell-type cue
FALLBACK_APPOSITIVE = True

"""Rule claims and tagger claims reconciled into one list.

In:  the rule claims (:mod:`.rules`), the tagger claims and the encoder's word probabilities
     (:mod:`.tagged`), and the text.
Out: :func:`_combine`: the claims to keep for the configured mode (:data:`MODES`).

The rules keep quotations, colons and trailing attributions; the tagger adds cues the lexicon
lacks and bounds indirect content (:func:`_arbitrate` lists every decision). The
:class:`Thresholds` were tuned on held-out PolNeAR train articles for the encoder weights and are
read from the model's JSON.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, fields

from ... import lexicons
from ...errors import ExplorerError
from . import tagger
from .claim import Claim
from .lexicon import cue_lexicon, source_heads, titles
from .speakers import _speaker_head
from .text import _overlaps, _trim


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
    when :func:`_cue_rate` reaches :data:`.tagger.LEARNED_MIN_RATE`."""
    lex = cue_lexicon()
    cue = " ".join(text[c.cue_s:c.cue_e].lower().split())
    if cue in lex or cue.strip() == ":" or any(w in lex for w in re.findall(r"[a-z]+", cue)):
        return True
    return _cue_rate(text, c) >= tagger.LEARNED_MIN_RATE


def _cue_rate(text: str, c: Claim) -> float:
    """The highest learned cue rate (``attribution.cues.csv``) of the claim's cue words other than
    auxiliaries and function words (0.0 when none is listed)."""
    learned = tagger.learned_cues(str(tagger.learned_path()))
    words = [w for w in re.findall(r"[a-z]+", text[c.cue_s:c.cue_e].lower()) if w not in _AUX and w not in lexicons.stop_words()]
    return max((learned.get(w, 0.0) for w in words), default=0.0)


_AUX = {"is", "was", "are", "were", "be", "been", "being", "has", "have", "had", "do", "does", "did", "will",
        "would", "can", "could", "may", "might", "should", "must", "not", "to", "of", "in", "on", "for",
        "about", "with", "the", "a", "an", "it", "that", "t", "s"}


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


@dataclass(frozen=True)
class Thresholds:
    """The arbitration's thresholds. They were tuned on the held-out PolNeAR train articles for
    one set of tagger weights, so they live in that model's JSON (``"thresholds"`` in
    ``explorer/models/attribution_encoder.json``, beside the weights) and are read with them;
    the ``claims`` config can override any of them (``{"claims": {"thresholds": {...}}}``).

    * ``rule_doubt``: a rule's indirect claim that no tagger claim took up is dropped when the
      encoder gives the words of its content, or of its cue, a mean probability below this of
      carrying that label: rule cues in other senses ("spoke in Phoenix", "the U.S. added 292,000
      jobs", "a party called X"). 0.1 / 0.15 / 0.25 gave content overlap .839 / .840 / .840.
    * ``nosrc_rate``: a tagger claim with no source is kept alone when the highest learned cue
      rate of its cue words is at least this.
    * ``nosrc_conf``: ... or, whatever that rate, when the encoder gives its cue words a mean
      probability of at least this of being a cue ("is alleged to"). 0.5 / 0.7 / 0.85 gave content
      overlap .845 / .844 / .841 and source+cue+content .744 / .747 / .749 (.837 / .750 without).
    * ``nosrc_con``: ... or a mean probability of at least this of being content to its content
      words ("The idea is [that conservative donors ... can still donate]"). 0.7 / 0.8 / 0.9 gave
      content overlap .848 / .849 / .848 and source+cue+content .756 / .757 / .757 (.847 / .758
      without); of the 21 dropped source-less claims at 0.8 or more, 16 overlapped a gold
      attribution that no kept claim overlapped.
    """
    rule_doubt: float
    nosrc_rate: float
    nosrc_conf: float
    nosrc_con: float

    @classmethod
    def of(cls, values: dict, where: str = "thresholds") -> "Thresholds":
        """From a dict with exactly the four keys (an unknown or missing one raises
        :class:`~explorer.errors.ExplorerError` naming ``where``)."""
        names = [f.name for f in fields(cls)]
        unknown = sorted(set(values) - set(names))
        missing = [n for n in names if n not in values]
        if unknown or missing:
            raise ExplorerError(f"{where}: unknown {unknown} / missing {missing}; the thresholds are {', '.join(names)}")
        return cls(**{n: float(values[n]) for n in names})


def _cue_confidence(confidence, c: Claim) -> float | None:
    """The encoder's mean probability that the claim's cue words are a cue (None: no cue, no
    encoder, or no whole word)."""
    if confidence is None or c.cue_s is None:
        return None
    return confidence.mean("CUE", c.cue_s, c.cue_e)


def _tagger_doubts(confidence, c: Claim, th: Thresholds, both: bool = False) -> bool:
    """True when the encoder's probabilities speak against a rule claim's content or cue (with
    ``both``: against its content and its cue), below :attr:`Thresholds.rule_doubt`."""
    con = confidence.mean("CON", c.content_s, c.content_e)
    low = [x is not None and x < th.rule_doubt for x in (con, _cue_confidence(confidence, c))]
    return all(low) if both else any(low)


def _encoder_sure(confidence, c: Claim, th: Thresholds) -> bool:
    """True when the encoder is confident of the claim's cue (see :attr:`Thresholds.nosrc_conf`)
    or of its content (:attr:`Thresholds.nosrc_con`)."""
    p = _cue_confidence(confidence, c)
    if p is not None and p >= th.nosrc_conf:
        return True
    q = confidence.mean("CON", c.content_s, c.content_e) if confidence is not None else None
    return q is not None and q >= th.nosrc_con


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


def _arbitrate(model: list[Claim], rules: list[Claim], text: str, th: Thresholds, confidence=None) -> list[Claim]:
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
      learned cue rate of at least ``th.nosrc_rate`` (or the encoder is sure of it, :func:`_encoder_sure`)
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
                    r.decision = "rule over tagger"
                    out.append(r)
                if m.cue_e <= m.content_s and r.content_e <= m.cue_s and m.speaker_s is not None \
                        and r.kind in ("direct", "indirect") and len(text[m.content_s:m.content_e].split()) >= 2:
                    m.decision = "tagger after trailing rule"
                    out.append(m)  # "CONTENT, he said, MORE": what follows the cue is said too
                continue
            m.decision = "tagger over rule"
            if r.speaker_s is not None:
                # the rule's speaker, unless it is part of the tagger's cue or content and the tagger
                # has one of its own ("The contrast, said Doyle and others, is ...": not "The contrast")
                if m.speaker_s is None or not (
                        _overlaps(r.speaker_s, r.speaker_e, m.cue_s, m.cue_e)
                        or _overlaps(r.speaker_s, r.speaker_e, m.content_s, m.content_e)):
                    m.speaker_s, m.speaker_e = r.speaker_s, r.speaker_e
                    m.decision = "tagger content, rule speaker"
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
            m.decision = "tagger alone"
            out.append(m)
        elif m.speaker_s is None and (_cue_rate(text, m) >= th.nosrc_rate or _encoder_sure(confidence, m, th)):
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
                m.decision = "tagger continuation"
                keep(m)
    for r in sorted(rules, key=lambda c: c.content_s):
        if id(r) in used or id(r) in kept:
            continue
        over = index.overlapping(r.content_s, r.content_e)
        if any(not _nested(r, o, text, strict=True) for o in over):
            continue  # overlapping content is allowed only for a claim nested in the other's content
        if confidence is not None and r.kind == "indirect" and r.cue_s is not None \
                and r.content_s >= r.cue_e and not (over and _cites_sources(text, r)) \
                and _tagger_doubts(confidence, r, th):
            # not content before its cue ("CONTENT, he told X", the rules' strong suit), nor
            # sources cited inside another claim ("X says his sources indicate Y")
            continue
        if confidence is not None and r.kind == "colon" and _tagger_doubts(confidence, r, th, both=True):
            continue  # a credit line, not a speaker's words: "Contributing: Grant Miller", "Twitter: @x"
        if r.kind == "continued":
            head = stand_in.get(id(r.prev), r.prev)
            if id(head) not in kept:
                continue
            r.prev = head  # the tagger claim that took the place of the rule claim it continued
        r.decision = "rule nested in a kept claim" if over else "rule alone"
        keep(r)
    for m in nosrc:  # a source-less claim only where no kept claim reports it or its content
        if not index.overlapping(m.cue_s, m.cue_s + 1) and not index.overlapping(m.content_s, m.content_e):
            m.decision = "tagger alone, no source"
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


#: how claims are found: "hybrid" (tagger and rule claims reconciled by :func:`_arbitrate`),
#: "model" (tagger only) or "rules" (rules only). Without a model file everything is "rules".
MODES = ("hybrid", "model", "rules")


def _combine(model: list[Claim] | None, rules: list[Claim], text: str, mode: str,
             th: Thresholds | None = None, confidence=None) -> list[Claim]:
    """The claims to keep for ``mode`` (one of :data:`MODES`): rules alone without a model (or in
    mode "rules"), the tagger's alone in mode "model", else both reconciled by :func:`_arbitrate`."""
    if model is None or mode == "rules":
        return rules
    if mode == "model":
        return model
    return _arbitrate(model, rules, text, th, confidence)

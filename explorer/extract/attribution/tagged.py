"""The attribution tagger's spans grouped into claims.

In:  a :class:`~explorer.pipeline.Doc`; the tagger of :mod:`.tagger` (encoder, else CRF).
Out: :func:`model_claims`: :class:`ModelClaims` (the claims and the encoder's word
     probabilities), or None when no tagger is installed.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, NamedTuple

from . import tagger
from .claim import Claim
from .lexicon import compound_noun, cue_lexicon
from .phrases import _agent_start, _fallback_speaker, passive_cue, _shared_subject, time_only
from .text import find_quotes, _gap, OPEN_Q, _quoted_end, tokens, _trim

if TYPE_CHECKING:
    from ...pipeline import Doc
    from .tagger import TagConfidence


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


def _cue_without_time(text: str, q):
    """A tagged cue span without the date or time words that end it ("said Tuesday" -> "said");
    ``q`` is a frozen span with ``start`` and ``end``, returned as is or as a shortened copy."""
    toks = tokens(text, q.start, q.end)
    k = next((i for i in range(1, len(toks)) if time_only(text, toks[i].start, q.end)), None)
    return q if k is None else replace(q, end=toks[k - 1].end)


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
    """The tagger's claims, the encoder's word probabilities behind them (None from the CRF), and
    the arbitration thresholds recorded with the model (:func:`.tagger.model_thresholds`)."""
    claims: list[Claim]
    confidence: TagConfidence | None
    thresholds: dict


def model_claims(doc: Doc, which: str = "auto") -> ModelClaims | None:
    """Claims from the attribution tagger (:mod:`.tagger`; ``which`` one, see
    :data:`.tagger.TAGGERS`), or None when there is none.

    Tagged spans are grouped per block: each content span joins the nearest cue in a sentence
    it covers (else in the sentence just before or after it); each source span joins the nearest
    cue of its sentence. A cue with content makes one claim whose content runs from its first to
    its last content span (PolNeAR's discontinuous content "'...,' he said, '...'"); content with
    no cue that opens its block or sentence continues the previous claim (kind ``continued``).
    The result also carries the encoder's :class:`~.tagger.TagConfidence`."""
    text = doc.text
    tagging = tagger.tag_blocks(text, doc.article.content_blocks(), which)
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
                               _kind_of(text, q.start, q.end, s, e), lemma, rule=tagging.tagger))
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
                    found.append(Claim(b.block_id, None, None, None, None, cs_, ce_, "continued", "", prev=p,
                                       rule=f"{tagging.tagger}/continued"))
        found.sort(key=lambda c: (c.content_s, c.cue_s or 0))
        if found:
            out += found
            prev, prev_block_no = found[-1], block_no
    return ModelClaims(out, tagging.confidence, tagging.thresholds)

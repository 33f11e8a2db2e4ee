"""Rule claims: the attribution patterns of English news (after PARC 3.0 / PolNeAR).

In:  a :class:`~explorer.pipeline.Doc` (its content sentences).
Out: :func:`find_claims`: a list of :class:`~.claim.Claim` with exact speaker, cue and content
     spans, in text order. Speakers are spans only here; :mod:`.speakers` names them.

* ``SPEAKER CUE [that] CONTENT``        "Tsepkalo says he has received ..."       (indirect/direct)
* ``SPEAKER CUE RECIPIENT [that] CONTENT`` "X told reporters (that) ..."
* ``SPEAKER CUE: CONTENT``              "X said: 'My information ...'"             (colon)
* ``CONTENT, SPEAKER CUE`` / ``CONTENT, CUE SPEAKER``  "'...,' said Tsepkalo, 58."  (content before)
* ``according to SPEAKER, CONTENT`` and ``CONTENT, according to SPEAKER``       (according_to)
* ``SPEAKER's NOUN-CUE that CONTENT``   "X's claim that ..."                       (nominal)
* ``NAME: CONTENT`` turns of a transcript                                           (colon)
* a quote opening a paragraph (or a sentence) with no cue of its own, right after a quoted
  claim, continues that claim's speaker (kind ``continued``, empty cue).

Cues come from ``lexicons/cues.csv`` (:mod:`.lexicon`).
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .claim import Claim
from .lexicon import (compound_noun, Cue, cue_lexicon, _cue_regex, DETERMINERS, noun_cues, NP_STOP, OBJ_PRONOUNS, PASSIVE,
    source_heads)
from .phrases import (_adjunct_gerund, _before_appositive, _fused_passive, _main_subject, np_after, raising_only,
    _sentence_subject, _setting_only, _shared_subject, subject_before)
from .text import (CLOSE_Q, find_quotes, _inside_quote, _is_cap, OPEN_Q, _quote_at, _resumed_quote_end, Tok, tokens,
    _trim)

if TYPE_CHECKING:
    from ...pipeline import Doc


#: every rule that makes a claim: its name (``rules/<name>`` in the ``rule`` column), the pattern
#: and an example (the README's table of rules is made from this)
RULES: dict[str, tuple[str, str]] = {
    "subject_cue": ("SPEAKER CUE [RECIPIENT] [that] CONTENT, or SPEAKER CUE: CONTENT",
                    "Tsepkalo says he has received ...; X told reporters (that) ...; X said: 'My information ...'"),
    "trailing": ("CONTENT, SPEAKER CUE", "The plan has failed, officials said."),
    "inverted": ("CONTENT, CUE SPEAKER", "'...,' said Tsepkalo, 58."),
    "parenthetical": ("CONTENT, SPEAKER CUE, CONTENT", "The plan, John Smith said, is dead."),
    "tell_after_appositive": ("CONTENT, SPEAKER, APPOSITIVE, TELL-CUE RECIPIENT",
                              "'The race is close,' Seth McKee, a political scientist, told The Hill."),
    "quote_before": ("'CONTENT.' SPEAKER CUE.", "“... is missing.” Trump said."),
    "colon_next_paragraph": ("SPEAKER CUE: (the next paragraph is the content)", "X argued that: ¶ ..."),
    "according_to": ("according to SPEAKER, CONTENT; CONTENT, according to SPEAKER",
                     "According to the Kremlin, he is well."),
    "nominal": ("SPEAKER's NOUN-CUE that CONTENT", "X's claim that ..."),
    "transcript_turn": ("NAME: CONTENT at the start of a paragraph", "TRUMP: We will win."),
    "continued": ("a quotation with no cue of its own right after a quoted claim: the same speaker",
                  "'A,' she said. ¶ 'B.'"),
}


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
                claims.append(Claim(sent.block_id, sp[0], sp[1], cs, ce, s, e, "according_to", "according to", rule="rules/according_to"))
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
        out.append(Claim(b.block_id, ss, se, m.start(2), m.end(2), s, e, "colon", ":", rule="rules/transcript_turn"))
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
    return Claim(sent.block_id, ss, se, cs, ce, s, e, "nominal", text[cs:ce].lower(), rule="rules/nominal")


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


#: an opening adverbial of time or circumstance and nothing else ("For two years", "Six months ago",
#: "In a statement on Monday"): not what a speaker says ("For two years, his father refused to ...")
_ADVERBIAL_ONLY = re.compile(r"(?:(?:In|On|At|During|After|Before|For|Over|Since|Throughout|By|Until|Within|"
                             r"Last|This|Earlier|Later|Late|Early)\b[^,.;:!?\"“”]{0,40}|[^,.;:!?\"“”]{1,30}\bago)")


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
                return Claim(sent.block_id, sp[0], sp[1], cs, ce, s, e, kind, cue.lemma, rule="rules/tell_after_appositive")
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
                return Claim(sent.block_id, sp[0], sp[1], cs, ce, s, e, kind, cue.lemma, rule="rules/inverted")
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
        return Claim(sent.block_id, ss, se, cs, ce, s, par_end, "indirect", cue.lemma, rule="rules/parenthetical")
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
            return Claim(sent.block_id, ss, se, cs, ce, s, e, kind, cue.lemma, rule="rules/trailing")
    if lead is None and not pre and not post_s.strip(".") and prev_sent is not None:
        # "“... missing.” Trump said." -- the quotation is the sentence before
        q = _quote_at(quotes, prev_sent.end - 1)
        if q and q[1] >= prev_sent.end - 1 and prev_sent.block_id == sent.block_id:
            return Claim(sent.block_id, ss, se, cs, ce, q[0], q[1], "direct", cue.lemma, rule="rules/quote_before")
    if (lead is None or text[lead[0]:lead[1]].strip().lower() == "that") \
            and re.match(r"\s*(?:that\s*)?:\s*$", text[ce:hi], re.I) and next_block is not None:
        # "X says:" or "X argued that:" closing a paragraph, the statement in the next one
        nq = find_quotes(text, next_block.start, next_block.end)
        e = nq[0][1] if nq and nq[0][0] == next_block.start else next_block.end
        return Claim(next_block.block_id, ss, se, cs, ce, next_block.start, e, "colon", cue.lemma,
                     rule="rules/colon_next_paragraph")
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
    return Claim(sent.block_id, ss, se, cs, ce, s, e, kind, cue.lemma, rule="rules/subject_cue")


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
        new.append(Claim(bid, None, None, None, None, s, e, "continued", "", prev=p, rule="rules/continued"))
    out = sorted(claims + new, key=lambda c: (c.content_s, c.cue_s or 0))
    return out


def rules_markdown() -> str:
    """The table of :data:`RULES` as Markdown (name, pattern, example), as the README shows it."""
    lines = ["| `rule` | pattern | example |", "| --- | --- | --- |"]
    lines += [f"| `rules/{name}` | {pattern} | {example} |" for name, (pattern, example) in RULES.items()]
    return "\n".join(lines)

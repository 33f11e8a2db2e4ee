"""Who the speaker is: canonical names, pronouns, descriptions and "via" chains.

In:  the :class:`~explorer.pipeline.Doc` (its ``people`` and ``mentions`` rows; a fallback name
     finder when they are empty) and the claims with speaker spans.
Out: :func:`resolve` fills each claim's ``speaker``, ``speaker_type`` and ``via`` in place.

A pronoun goes to the previous claim's speaker (when the claim sequence is recent) or else the
latest person mention before it; a description ("the opposition politician") to the person it is
attached to elsewhere ("opposition politician Valery Tsepkalo"); a surname to the fullest name
ending with it; titles (``lexicons/titles.csv``) are stripped. ``via``
(:func:`find_via`) is an anonymous source the speaker cites inside the content ("from Russian
doctors", "his medical sources indicate"); it is carried forward to the same speaker's later
claims until another via replaces it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .claim import Claim
from .lexicon import DETERMINERS, human_nouns, LY_NOUNS, POSTMOD, PRONOUNS, SKIP_BEFORE, source_heads, titles
from .text import _CONTRACTION, _overlaps

if TYPE_CHECKING:
    from ...pipeline import Doc


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


def outlet_match(doc: Doc, speaker_text: str) -> bool:
    """True when the speaker is the article's own outlet (from the metadata)."""
    o = (doc.article.outlet or "").strip().lower()
    return bool(o) and o in speaker_text.lower()


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

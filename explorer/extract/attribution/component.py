"""The ``claims`` pipeline component: attribution composed from its parts.

In:  a :class:`~explorer.pipeline.Doc` after ``people`` and ``mentions`` (its only rows read).
Out: ``doc.rows["claims"]``: one row per attributed statement (see ``docs/TABLES.md``).

Rule claims (:mod:`.rules`) and tagger claims (:mod:`.tagged`) are reconciled
(:mod:`.arbitration`), duplicates dropped, trailing attributions cut out of contents, speakers
resolved (:mod:`.speakers`), the quotations of one speaker turn folded into one row, and the
certainty graded: :func:`.language.span_certainty` of the content, or ``hedged`` when the cue
itself is a hedge term ("claimed", "alleged").
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right

from ...errors import ExplorerError
from ...pipeline import Doc, component
from ..language import CERTAINTY_RANK, find_terms, span_certainty
from .arbitration import MODES, Thresholds, _combine
from .claim import Claim
from .rules import find_claims
from .speakers import resolve
from .tagged import model_claims
from .tagger import TAGGERS
from .text import find_quotes


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


#: the component's options: ``mode`` (:data:`.arbitration.MODES`: "hybrid" reconciles tagger and
#: rule claims, "model" keeps the tagger's, "rules" the rules'), ``tagger`` (:data:`.tagger.TAGGERS`)
#: and ``thresholds`` (None: the ones recorded with the model; a dict overrides some of them, see
#: :class:`.arbitration.Thresholds`)
DEFAULT_CONFIG = {"mode": "hybrid", "tagger": "auto", "thresholds": None}


@component("claims", produces=("claims",), requires=("people", "mentions"), default_config=DEFAULT_CONFIG)
def claims_component(doc: Doc, config: dict | None = None) -> None:
    """Add one ``claims`` row per attributed statement. ``config``: the options of
    :data:`DEFAULT_CONFIG` (None: those defaults)."""
    cfg = {**DEFAULT_CONFIG, **(config or {})}
    mode, which = cfg["mode"], cfg["tagger"]
    if mode not in MODES:
        raise ExplorerError(f"config claims.mode: {mode!r} is not one of {', '.join(MODES)}")
    if which not in TAGGERS:
        raise ExplorerError(f"config claims.tagger: {which!r} is not one of {', '.join(TAGGERS)}")
    text = doc.text
    model = model_claims(doc, which) if mode != "rules" else None
    th = None
    if model is not None and mode == "hybrid":
        th = Thresholds.of({**model.thresholds, **(cfg["thresholds"] or {})}, "claims thresholds")
    claims = _combine(model.claims if model else None, find_claims(doc), text, mode, th,
                      model.confidence if model else None)
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
            "kind": c.kind, "rule": c.provenance,
        })
    doc.rows["claims"] = rows

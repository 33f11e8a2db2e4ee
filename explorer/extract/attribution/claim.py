"""The :class:`Claim` record every step of attribution passes on (offsets into the text).

A claim is an attribution candidate: its block, speaker span (may be None), cue span (None for
a continued quotation), content span and kind; the speaker steps fill in ``speaker``,
``speaker_type`` and ``via``.
"""
from __future__ import annotations

from dataclasses import dataclass, field



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
    #: what made the claim: ``rules/<name>`` (a rule of :data:`.rules.RULES`), or the tagger
    #: (``encoder``, ``crf``; ``<tagger>/continued`` for a tagged quotation that continues a claim)
    rule: str = field(default="", compare=False)
    #: what the arbitration between rules and tagger decided about it (empty without arbitration)
    decision: str = field(default="", compare=False)

    @property
    def provenance(self) -> str:
        """The ``rule`` column: the rule or tagger, then ``; `` and the arbitration's decision."""
        return f"{self.rule}; {self.decision}" if self.decision else self.rule

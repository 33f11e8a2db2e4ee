"""Hedges and loaded terms -> language table.

In:  the article's content blocks (duplicates and boilerplate left out).
Out: ``doc.rows["language"]``: one row per lexicon match ``{term, category, start, end,
     block_id, entry, lexicon}`` with ``text[start:end] == term``.

Lexicons are data files in ``explorer/lexicons``: ``hedges.csv`` (category hedge; subcategory
reporting, epistemic or speculative) and ``loaded.csv`` (category loaded). Entries are matched
case-insensitively at word boundaries; a multi-word entry allows any run of whitespace between
its words. Where entries overlap, the longest (then earliest) match wins, so "is alleged" is one
term rather than "alleged" inside it.

The same lexicon grades certainty for events and claims (:func:`span_certainty`): a hedge of
subcategory ``speculative`` ("probably", "likely", "perhaps") or a modal verb of ``modals.csv``
("would", "may") makes a span speculative; a ``reporting`` or ``epistemic`` hedge ("alleged",
"is believed", "appeared to") makes it hedged; otherwise it is asserted.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .. import lexicons
from ..pipeline import Doc, component

LEXICON_FILES = ("hedges.csv", "loaded.csv")


@dataclass(frozen=True)
class Entry:
    """One lexicon row: the entry text, category, subcategory and the file + source."""
    entry: str
    category: str
    subcategory: str
    lexicon: str


@lru_cache(maxsize=1)
def lexicon_entries() -> tuple[Entry, ...]:
    """All hedge and loaded entries, in file order."""
    out = []
    for name in LEXICON_FILES:
        for r in lexicons.read(name):
            out.append(Entry(r["entry"].strip(), r["category"].strip(), r.get("subcategory", "").strip(),
                             f"{name} ({r['source'].strip()})"))
    return tuple(out)


def entry_pattern(entry: str) -> str:
    """Regex source for one entry: words escaped, whitespace-flexible, word-bounded."""
    words = [re.escape(w) for w in entry.split()]
    return r"(?<![\w'’-])" + r"\s+".join(words) + r"(?![\w-])"


@lru_cache(maxsize=1)
def _compiled() -> tuple[tuple[re.Pattern, Entry], ...]:
    return tuple((re.compile(entry_pattern(e.entry), re.I), e) for e in lexicon_entries())


def find_terms(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, Entry]]:
    """Non-overlapping lexicon matches in ``text[start:end]`` as (start, end, entry), longest
    first on overlap, returned in text order."""
    end = len(text) if end is None else end
    cands = []
    for pat, e in _compiled():
        for m in pat.finditer(text, start, end):
            cands.append((m.start(), m.end(), e))
    cands.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    taken: list[tuple[int, int, Entry]] = []
    for c in cands:
        if all(c[1] <= t[0] or c[0] >= t[1] for t in taken):
            taken.append(c)
    return sorted(taken, key=lambda c: c[0])


CERTAINTY_RANK = {"asserted": 0, "hedged": 1, "speculative": 2}

#: a hedge right after a free relative qualifies a noun phrase, not the clause's event:
#: "seen wearing what appeared to be a catheter" is a sighting, asserted
_NP_HEDGE = re.compile(r"\b(?:what|whatever)\s+$", re.I)
_WORD = re.compile(r"[A-Za-z]+")


@lru_cache(maxsize=1)
def modal_verbs() -> frozenset[str]:
    """The modal verbs of ``lexicons/modals.csv`` (lower case)."""
    return frozenset(r["entry"].strip().lower() for r in lexicons.read("modals.csv"))


def span_certainty(text: str, start: int = 0, end: int | None = None) -> str:
    """``asserted``, ``hedged`` or ``speculative`` for ``text[start:end]`` (the strongest marker
    wins; see the module docstring). The capitalised month "May" is not the modal "may"."""
    end = len(text) if end is None else end
    best = "asserted"
    for s, _, e in find_terms(text, start, end):
        if e.category != "hedge" or _NP_HEDGE.search(text, max(start, s - 12), s):
            continue
        cert = "speculative" if e.subcategory == "speculative" else "hedged"
        if CERTAINTY_RANK[cert] > CERTAINTY_RANK[best]:
            best = cert
    if best != "speculative":
        ms = modal_verbs()
        if any(w.lower() in ms and w != "May" for w in _WORD.findall(text, start, end)):
            best = "speculative"
    return best


@component("language", produces=("language",), requires=("blocks",))
def language_component(doc: Doc) -> None:
    """Add one ``language`` row per hedge or loaded term in the content blocks."""
    rows = []
    for b in doc.article.content_blocks():
        for s, e, ent in find_terms(doc.text, b.start, b.end):
            rows.append({"term": doc.text[s:e], "category": ent.category, "start": s, "end": e,
                         "block_id": b.block_id, "entry": ent.entry, "lexicon": ent.lexicon,
                         "subcategory": ent.subcategory})
    doc.rows["language"] = rows

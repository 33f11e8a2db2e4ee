"""Shared text machinery: sentence spans over the article's content blocks, and the optional
spaCy pipeline (blank English by default; a statistical model only when the user asks for one).

In:  an :class:`~explorer.article.Article`.
Out: :class:`Sentence` spans (offsets into the original text), never crossing a block.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .article import Article

# Abbreviations after which a full stop does not end a sentence.
ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "capt", "cmdr",
    "adm", "maj", "st", "mt", "ft", "jr", "sr", "rev", "hon", "pres", "vs", "v", "etc", "inc", "ltd",
    "co", "corp", "no", "nos", "vol", "fig", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat",
    "sun", "u.s", "u.k", "u.n", "e.g", "i.e", "a.m", "p.m", "approx", "est", "dept", "univ", "ave",
    "blvd", "rd", "calif", "fla", "mass", "ariz", "conn", "ill", "wash", "penn", "tenn", "va", "ga",
}
_END = re.compile(r"""([.!?…]+|\.\.\.)(['"’”)\]]*)(?=\s+|$)""")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    block_id: str


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the full stop at ``dot`` closes an abbreviation or an initial."""
    j = dot
    while j > 0 and (text[j - 1].isalpha() or text[j - 1] == "."):
        j -= 1
    word = text[j:dot].lower()
    if not word:
        return False
    if len(word) == 1 and text[j].isupper():  # an initial: "George W. Bush"
        return True
    return word in ABBREVIATIONS


def split_sentences(text: str, start: int, end: int, block_id: str = "") -> list[Sentence]:
    """Sentence spans in ``text[start:end]``: a break after ., ! or ? (and closing quotes) that
    is followed by whitespace and an upper-case letter, digit or opening quote, unless the full
    stop closes an abbreviation. Line breaks inside a block also end a sentence."""
    out, s = [], start
    chunk = text[start:end]
    for m in _END.finditer(chunk):
        e = start + m.end()
        punct_at = start + m.start(1)
        nxt = start + m.end()
        while nxt < end and text[nxt].isspace():
            nxt += 1
        if nxt >= end:
            continue
        c = text[nxt]
        if not (c.isupper() or c.isdigit() or c in "'\"‘“(["):
            continue
        if m.group(1) == "." and _is_abbreviation(text, punct_at):
            continue
        out.append((s, e))
        s = nxt
    out.append((s, end))
    # line breaks inside a block end a sentence too
    res = []
    for a, b in out:
        pos = a
        for nl in re.finditer(r"\n\s*", text[a:b]):
            seg_end = a + nl.start()
            if seg_end > pos:
                res.append((pos, seg_end))
            pos = a + nl.end()
        if b > pos:
            res.append((pos, b))
    return [Sentence(a, b, block_id) for a, b in res if text[a:b].strip()]


def sentences(article: Article) -> list[Sentence]:
    """Sentences of every content block (duplicates and boilerplate left out), in text order."""
    out: list[Sentence] = []
    for b in article.content_blocks():
        out.extend(split_sentences(article.text, b.start, b.end, b.block_id))
    return out


@lru_cache(maxsize=4)
def spacy_pipeline(model: str | None = None):
    """A spaCy Language: ``spacy.blank("en")`` by default (tokenizer only, nothing downloaded),
    or the installed package or path ``model`` for optional statistical NER. Built once."""
    import spacy

    if not model:
        return spacy.blank("en")
    try:
        return spacy.load(model)
    except OSError as exc:
        from .errors import ExplorerError
        raise ExplorerError(f"spaCy model {model!r} is not installed here ({exc}); "
                            "install it (pip install <model package>) or leave out --ner") from None

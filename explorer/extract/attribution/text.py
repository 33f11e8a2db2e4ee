"""Quotations, tokens and span helpers shared by the rules, the tagger and the speakers.

In:  the article text and character offsets.
Out: quotation spans (:func:`find_quotes`), word tokens with offsets (:func:`tokens`, :class:`Tok`),
     and small span utilities (trimming, gaps, overlaps, the quotation at an offset).
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from ...nlp import ABBREVIATIONS


OPEN_Q = "'\"‘“"
CLOSE_Q = "'\"’”"
WORD = re.compile(r"[\w\[\]][\w'’.\-\[\]]*|[^\w\s]")


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


def _is_dash(tok: str) -> bool:
    """A dash token: "-", "--", "—", "–" or "―"."""
    return bool(tok) and all(c in "-—–―" for c in tok)


_CONTRACTION = re.compile(r"^(\w+)['’](s|re|ve|d|ll|m)$")


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


def _gap(a_s: int, a_e: int, b_s: int, b_e: int) -> int:
    """Characters between two spans (0 when they touch or overlap)."""
    return max(0, b_s - a_e, a_s - b_e)


def _quoted_end(text: str, block, s: int, e: int) -> tuple[int, int]:
    """A tagged content that opens a quotation ends where the rules end it: at the quotation's
    end when only its closing punctuation was trimmed off ("'It can happen in weeks." keeps the
    full stop, as the rule quotes do); otherwise ``(s, e)`` unchanged."""
    q = next((q for q in find_quotes(text, block.start, block.end) if q[0] == s), None)
    if q is not None and e < q[1] and not re.search(r"[\w]", text[e:q[1]]):
        return s, q[1]
    return s, e


def _overlaps(a_s, a_e, b_s, b_e) -> bool:
    return a_s is not None and b_s is not None and a_s < b_e and b_s < a_e

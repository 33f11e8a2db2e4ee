"""Property tests over generated texts, bytes and HTML pages: the loader never crashes (it
returns an article or raises an :class:`~explorer.errors.ExplorerError`), and every offset
invariant holds: ``text[start:end]`` is each block's and each row's text, blocks in order and
not overlapping.

``make test`` runs a few hundred examples; ``make fuzz`` sets ``EXPLORER_FUZZ_EXAMPLES`` to run
10,000 per loader property (and a tenth of that through the whole pipeline)."""
from __future__ import annotations

import html
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explorer.article import from_bytes, from_text
from explorer.errors import ExplorerError

EXAMPLES = int(os.environ.get("EXPLORER_FUZZ_EXAMPLES", "100"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES <= 100,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
PIPELINE = settings(FUZZ, max_examples=max(20, EXAMPLES // 10))

#: characters that stress the segmenter: line ends, blank-ish space, quotes, bullets, markup,
#: zero-width and bidirectional controls, byte-order marks, non-Latin scripts
WILD = list("aAbZ019 .,;:!?'\"-\n\r\t") + ["\n\n", "\r\n", "\u00a0", "\u200b", "\u200d", "\u202e", "\u202c",
                                             "\ufeff", "“", "”", "‘", "’", "•", "—", "é", "م", "中", "<", ">",
                                             "</p>", "<html>", "&amp;", "said", "Mr. ", "Monday", "2023"]
texts = st.one_of(st.text(), st.lists(st.sampled_from(WILD), max_size=80).map("".join))


def check_blocks(article) -> None:
    text = article.text
    prev_end = 0
    for b in article.blocks:
        assert 0 <= b.start < b.end <= len(text)
        assert text[b.start:b.end] == b.text
        assert b.start >= prev_end
        prev_end = b.end
        assert b.kind in ("headline", "standfirst", "paragraph", "caption", "boilerplate")


@FUZZ
@given(texts)
def test_any_text_gives_valid_blocks_or_a_typed_error(text):
    try:
        article = from_text(text)
    except ExplorerError:
        return
    check_blocks(article)


@FUZZ
@given(st.one_of(st.binary(max_size=400),
                 st.tuples(texts, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32", "cp1252", "latin-1"]))
                 .map(lambda t: t[0].encode(t[1], errors="replace"))),
       st.sampled_from(["a.txt", "a.html", "a.htm"]))
def test_any_bytes_give_an_article_or_a_typed_error(data, name):
    try:
        article = from_bytes(data, path=name)
    except ExplorerError:
        return
    check_blocks(article)


TAGS = ["p", "div", "span", "h1", "h2", "article", "main", "nav", "footer", "header", "script", "style",
        "ul", "li", "table", "tr", "td", "figure", "figcaption", "a", "blockquote", "em", "aside", "pre"]
words = st.lists(st.sampled_from(["the", "council", "voted", "on", "Tuesday", "to", "close", "bridge", "said",
                                  "“Yes,”", "Mayor", "Ruiz", ".", "\n", "&amp;", "<", "é", "\u200b", "2024"]),
                 min_size=0, max_size=40).map(" ".join)
raw_text = st.one_of(words.map(html.escape), words, st.text(max_size=30))
nodes = st.recursive(raw_text, lambda children: st.tuples(st.sampled_from(TAGS), st.lists(children, max_size=6))
                     .map(lambda t: f"<{t[0]}>{''.join(t[1])}</{t[0]}>"), max_leaves=40)


@FUZZ
@given(st.lists(nodes, max_size=8), st.text(max_size=40), st.sampled_from(["utf-8", "utf-16", "cp1252"]),
       st.booleans())
def test_any_page_gives_valid_blocks_or_a_typed_error(body, title, encoding, doctype):
    page = (("<!DOCTYPE html>" if doctype else "") + f"<html><head><meta charset='{encoding}'>"
            f"<title>{html.escape(title)}</title></head><body>{''.join(body)}</body></html>")
    try:
        article = from_bytes(page.encode(encoding, errors="replace"), path="page.html")
    except ExplorerError:
        return
    check_blocks(article)
    assert article.meta["format"] == "html"
    assert all(b.text == b.text.strip() and b.text for b in article.blocks)


OFFSET_COLUMNS = {"blocks": [("start", "end", "text")], "dates": [("start", "end", "text")],
                  "mentions": [("start", "end", "text")], "language": [("start", "end", "term")],
                  "events": [("start", "end", "evidence")],
                  "claims": [("content_start", "content_end", "content"), ("speaker_start", "speaker_end", "speaker_text"),
                             ("cue_start", "cue_end", "cue")]}


@PIPELINE
@given(texts)
def test_every_table_row_indexes_the_text(text):
    from explorer.pipeline import run
    try:
        article = from_text(text)
    except ExplorerError:
        return
    rows = run(article).rows
    for table, cols in OFFSET_COLUMNS.items():
        for r in rows.get(table) or []:
            for s, e, col in cols:
                if r.get(s) is None or r.get(s) == "":
                    continue
                assert article.text[int(r[s]):int(r[e])] == r[col], (table, r)

"""displaCy-style highlighting from our own offsets: exact spans, escaped text, deterministic
overlap resolution."""
from __future__ import annotations

import html
import re

import pytest

from explorer import from_text
from explorer.plots.highlight import highlight_blocks, highlight_html, resolve_overlaps, spans_from_tables
from explorer.tables import Tables

MARK = re.compile(r'<mark class="ae-mark ae-(\w+)" data-label="(\w+)" style="[^"]*">(.*?)</mark>', re.S)

TEXT = 'Dr <b>Ann</b> said "Bob & Cy" <script>alert(1)</script> met in Paris.'


def span(needle, label, nth=0):
    pos = -1
    for _ in range(nth + 1):
        pos = TEXT.index(needle, pos + 1)
    return (pos, pos + len(needle), label)


@pytest.mark.parametrize("spans", [
    [span("Ann", "PERSON")],
    [span("Bob & Cy", "PERSON"), span("Paris", "PLACE")],
    [span("<script>alert(1)</script>", "LOADED")],
    [],
])
def test_marks_wrap_exactly_the_span_text_escaped(spans):
    out = highlight_html(TEXT, spans)
    marks = MARK.findall(out)
    assert [(lab, inner) for _, lab, inner in marks] == [(l, html.escape(TEXT[s:e])) for s, e, l in sorted(spans)]
    # removing the marks gives back the escaped text, character for character
    assert html.unescape(re.sub(r"</?mark[^>]*>", "", out)) == TEXT
    assert "<script>" not in out and "<b>" not in out


@pytest.mark.parametrize("spans,kept", [
    # nested: the longer wins
    ([(0, 10, "ORG"), (2, 5, "PERSON")], [(0, 10, "ORG")]),
    # partial overlap: the longer wins, the other is dropped
    ([(0, 4, "DATE"), (2, 9, "PERSON")], [(2, 9, "PERSON")]),
    # equal length: the earlier start wins
    ([(3, 6, "B"), (1, 4, "A")], [(1, 4, "A")]),
    # same span, two labels: alphabetical first
    ([(1, 4, "PLACE"), (1, 4, "PERSON")], [(1, 4, "PERSON")]),
    # touching spans both survive; empty and inverted spans are dropped
    ([(0, 3, "A"), (3, 6, "B"), (5, 5, "C"), (7, 6, "D")], [(0, 3, "A"), (3, 6, "B")]),
])
def test_overlaps_resolved_deterministically(spans, kept):
    assert resolve_overlaps(spans) == kept
    assert resolve_overlaps(list(reversed(spans))) == kept


def test_offsets_relative_to_a_block():
    text = "Head\n\nAnn & Bob met."
    art = from_text(text)
    t = Tables.from_rows({"blocks": [dict(block_id=b.block_id, kind=b.kind, text=b.text, start=b.start,
                                          end=b.end, duplicate_of=b.duplicate_of) for b in art.blocks],
                          "mentions": [dict(entity_id="p1", kind="person", text="Bob", start=text.index("Bob"),
                                            end=text.index("Bob") + 3, block_id="b002")]})
    spans = spans_from_tables(t)
    assert spans.to_dict("records") == [{"start": 12, "end": 15, "label": "PERSON"}]
    out = highlight_blocks(t.blocks, spans)
    assert '<p class="ae-block ae-paragraph" data-block-id="b002">Ann &amp; ' \
           '<mark class="ae-mark ae-PERSON" data-label="PERSON" style="background:#aa9cfc">Bob</mark> met.</p>' in out
    assert '<p class="ae-block ae-headline" data-block-id="b001">Head</p>' in out


def test_removed_blocks_shown_struck_and_unmarked():
    text = "Head\n\nCy waves (pictured).\n\nCy waves (pictured)."
    art = from_text(text)
    rows = [dict(block_id=b.block_id, kind=b.kind, text=b.text, start=b.start, end=b.end,
                 duplicate_of=b.duplicate_of) for b in art.blocks]
    second = text.rindex("Cy")
    t = Tables.from_rows({"blocks": rows})
    spans = [(text.index("Cy"), text.index("Cy") + 2, "PERSON"), (second, second + 2, "PERSON")]
    assert highlight_blocks(t.blocks, spans).count("<mark") == 1 + 1  # one mark + the legend's
    shown = highlight_blocks(t.blocks, spans, removed=True)
    assert 'ae-duplicate" data-block-id="b003"><span class="ae-kind">b003 duplicate of b002</span>' in shown
    assert shown.count('class="ae-mark') == 1


def test_seed_article_escaped_and_exact(seed_article, seed_tables):
    """Every mark drawn on the seed article holds exactly its table span."""
    spans = spans_from_tables(seed_tables)
    out = highlight_blocks(seed_tables.blocks, spans)
    for (s, e, label), (_, lab, inner) in zip(resolve_overlaps(spans.itertuples(index=False)), MARK.findall(out)):
        assert (lab, html.unescape(inner)) == (label, seed_article.text[s:e])

"""Hedges and loaded terms: seed expectations with exact offsets, lexicon hygiene, matching rules."""
from __future__ import annotations

import csv
from importlib import resources

import pytest
from hypothesis import given, settings, strategies as st

from explorer.article import from_text
from explorer.extract.language import find_terms, lexicon_entries, span_certainty
from explorer.pipeline import run

from conftest import span_of

LEXICONS = ("hedges.csv", "loaded.csv", "cues.csv", "anonymous_sources.csv", "modals.csv", "titles.csv")

# (term as written, nth occurrence in the seed text, category, lexicon entry)
SEED_TERMS = [
    ("despot", 0, "loaded", "despot"),
    ("claims", 0, "hedge", "claims"),
    ("despot", 1, "loaded", "despot"),
    ("alleged", 0, "hedge", "alleged"),
    ("tyrant", 0, "loaded", "tyrant"),
    ("purported", 0, "hedge", "purported"),
    ("lurid", 0, "loaded", "lurid"),
    ("dictator", 0, "loaded", "dictator"),
    ("probably", 0, "hedge", "probably"),
    ("is alleged", 0, "hedge", "is alleged"),
    ("Most likely", 0, "hedge", "most likely"),
    ("claimed", 0, "hedge", "claimed"),
    ("appeared to", 0, "hedge", "appeared to"),
    ("is believed", 0, "hedge", "is believed"),
    ("brutal", 0, "loaded", "brutal"),
    ("regime", 0, "loaded", "regime"),
    ("propped up", 0, "loaded", "propped up"),
    ("is expected to", 0, "hedge", "is expected to"),
]


@pytest.fixture(scope="module")
def seed_language(seed_article):
    return run(seed_article, pipeline=("blocks", "language")).rows["language"]


@pytest.mark.parametrize("term,nth,category,entry", SEED_TERMS)
def test_seed_terms_exact(seed_article, seed_language, term, nth, category, entry):
    start, end = span_of(seed_article.text, term, nth)
    rows = [r for r in seed_language if r["start"] == start]
    assert len(rows) == 1, f"{term!r} at {start} not found"
    r = rows[0]
    assert (r["term"], r["end"], r["category"], r["entry"]) == (term, end, category, entry)
    assert seed_article.text[r["start"]:r["end"]] == r["term"]
    assert r["block_id"] == seed_article.block_at(start).block_id
    assert r["lexicon"].startswith(("hedges.csv (", "loaded.csv ("))


def test_seed_counts_and_no_duplicate_blocks(seed_article, seed_language):
    dup_or_boiler = {b.block_id for b in seed_article.blocks if not b.is_content}
    assert not [r for r in seed_language if r["block_id"] in dup_or_boiler]
    assert sum(r["category"] == "loaded" for r in seed_language) == 13
    assert sum(r["category"] == "hedge" for r in seed_language) == 17
    assert [r["term"] for r in seed_language if r["entry"] == "despot"] == ["despot", "despot"]


@pytest.mark.parametrize("name", LEXICONS)
def test_every_lexicon_row_names_its_source(name):
    with resources.files("explorer.lexicons").joinpath(name).open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert rows and "source" in rows[0]
    assert all(r["source"].strip() for r in rows)


def test_lexicon_entries_are_general_lower_case():
    for e in lexicon_entries():
        assert e.entry == e.entry.lower(), e.entry
        assert e.category in ("hedge", "loaded")
        assert e.category == "loaded" or e.subcategory in ("reporting", "epistemic", "speculative")


@pytest.mark.parametrize("text,expected", [
    ("He allegedly lied.", [("allegedly", "hedge")]),
    ("The allegations were denied.", [("allegations", "hedge")]),
    ("She is alleged to have lied.", [("is alleged", "hedge")]),            # longest match wins
    ("It is   believed to be true.", [("is   believed", "hedge")]),         # flexible whitespace
    ("A PURPORTED leak.", [("PURPORTED", "hedge")]),                         # case-insensitive
    ("The regimen was strict.", []),                                         # word boundary
    ("An anti-regime rally.", []),                                           # no match inside a compound
    ("The brutal regime fell.", [("brutal", "loaded"), ("regime", "loaded")]),
    ("He will most likely resign.", [("most likely", "hedge")]),
])
def test_matching_rules(text, expected):
    got = [(text[s:e], ent.category) for s, e, ent in find_terms(text)]
    assert got == expected


def test_language_rows_from_text():
    doc = run(from_text("Crackdown\n\nThe despot reportedly fled."), pipeline=("blocks", "language"))
    got = [(r["term"], r["category"], r["start"], r["end"], r["block_id"]) for r in doc.rows["language"]]
    assert got == [("Crackdown", "loaded", 0, 9, "b001"), ("despot", "loaded", 15, 21, "b002"),
                   ("reportedly", "hedge", 22, 32, "b002")]


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abdeiloprstuyg ALPR'.,\n-")), min_size=0, max_size=120))
def test_find_terms_spans_exact_and_disjoint(text):
    got = find_terms(text)
    prev_end = 0
    for s, e, ent in got:
        assert 0 <= s < e <= len(text) and s >= prev_end
        assert " ".join(text[s:e].lower().split()) == ent.entry
        prev_end = e


@pytest.mark.parametrize("text, certainty", [
    ("He will probably return by train", "speculative"),
    ("Most likely he returned", "speculative"),
    ("the alleged attack", "hedged"),
    ("He reportedly fled the country", "hedged"),
    ("The poll is believed to have been won by the opposition", "hedged"),
    ("The talks could collapse", "speculative"),
    ("He arrived on 9 May", "asserted"),
    ("in May, he met the king", "asserted"),   # the month is not the modal "may"
    ("He may resign in May", "speculative"),   # the modal is
    # a hedge inside a free relative qualifies a noun phrase, not the event
    ("He was seen wearing what appeared to be a catheter", "asserted"),
    ("He appeared to be in pain", "hedged"),
])
def test_span_certainty(text, certainty):
    assert span_certainty(text) == certainty

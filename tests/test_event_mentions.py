"""Event mentions: tokens, tense and polarity rules, anchors and participants on constructed
texts, and the seed's table."""
import pytest

from conftest import span_of
from explorer import from_text
from explorer.extract import event_mentions as em
from explorer.pipeline import extract

needs_model = pytest.mark.skipif(em.tagger() is None, reason="no event-trigger CRF installed")


def lows(sentence: str) -> list[str]:
    return [t.low for t in em.tokens(sentence, 0, len(sentence))]


def test_tokens_split_negation_and_final_stop_keep_abbreviations():
    text = "Mr. Smith didn't go to the U.S. today."
    assert [t.text for t in em.tokens(text, 0, len(text))] == \
        ["Mr.", "Smith", "did", "n't", "go", "to", "the", "U.S.", "today", "."]
    for t in em.tokens(text, 0, len(text)):
        assert text[t.start:t.end] == t.text


@pytest.mark.parametrize("sentence, word, tense", [
    ("He will visit Paris", "visit", "FUTURE"),
    ("He wants to visit Paris", "visit", "INFINITIVE"),
    ("She has visited Paris", "visited", "PRESENT"),
    ("They had visited Paris", "visited", "PAST"),
    ("She visited Paris", "visited", "PAST"),
    ("The minister said so", "said", "PAST"),
    ("The minister says so", "says", "PRESENT"),
    ("The visit was short", "visit", "NONE"),
    ("He could visit Paris", "visit", "NONE"),
    ("Crowds were gathering", "gathering", "PAST"),
    ("Gathering there, they sang", "gathering", "PRESPART"),
])
def test_tense_rules(sentence, word, tense):
    ws = lows(sentence)
    assert em.tense_of(ws, ws.index(word)) == tense


@pytest.mark.parametrize("sentence, word, polarity", [
    ("Trump did not attend the rally", "attend", "NEG"),
    ("Trump did not attend the rally", "rally", "POS"),
    ("He never returned", "returned", "NEG"),
    ("There was no agreement", "agreement", "NEG"),
    ("He returned, not later", "returned", "POS"),
])
def test_polarity_rules(sentence, word, polarity):
    ws = lows(sentence)
    assert em.polarity_of(ws, ws.index(word)) == polarity


@needs_model
def test_constructed_mentions_with_anchor_and_participants():
    body = "FBI Director James Comey sent a letter to Congress on Friday. He will visit Paris."
    t = extract(from_text("Comey letter\n\n" + body, published="2016-10-30"), tables=["event_mentions"])
    text = "Comey letter\n\n" + body
    df = t.event_mentions
    for _, r in df.iterrows():
        assert text[r["start"]:r["end"]] == r["trigger"]
    sent = df[df.trigger == "sent"].iloc[0]
    assert (sent["start"], sent["end"]) == span_of(text, "sent")
    assert (sent["class"], sent["tense"], sent["polarity"]) == ("OCCURRENCE", "PAST", "POS")
    assert (sent["agent"], sent["patient"]) == ("James Comey", "Congress")
    assert (sent["anchor_value"], sent["anchor_relation"]) == ("2016-10-28", "IS_INCLUDED")
    assert text[sent["sentence_start"]:sent["sentence_end"]] == body.split(" He ")[0]
    visit = df[df.trigger == "visit"].iloc[0]
    assert (visit["tense"], visit["anchor_id"], visit["place"]) == ("FUTURE", "", "")


@needs_model
def test_reporting_event_is_anchored_to_the_publication_date():
    text = "Headline\n\nThe minister said the talks had failed."
    df = extract(from_text(text, published="2020-01-05"), tables=["event_mentions"]).event_mentions
    said = df[df.trigger == "said"].iloc[0]
    assert (said["class"], said["anchor_id"], said["anchor_value"], said["anchor_relation"]) == \
        ("REPORTING", "DCT", "2020-01-05", "BEFORE")


def test_lexicon_fallback_without_the_model(monkeypatch):
    monkeypatch.setattr(em, "tagger", lambda path=None: None)
    toks = em.tokens("Officials said the parade was cancelled.", 0, 40)
    tags = em.tag_sentence(toks)
    assert [(t.text, c) for t, c in zip(toks, tags) if c != "O"] == [("said", "REPORTING"), ("parade", "OCCURRENCE")]


@needs_model
def test_seed_event_mentions(seed_article, seed_tables):
    df = seed_tables.event_mentions
    text = seed_article.text
    assert list(df.event_mention_id[:3]) == ["em001", "em002", "em003"]
    for _, r in df.iterrows():
        assert text[r["start"]:r["end"]] == r["trigger"]
        assert r["sentence_start"] <= r["start"] < r["end"] <= r["sentence_end"]
    parade = df[df.trigger == "parade"].iloc[0]
    assert (parade["start"], parade["end"]) == span_of(text, "parade") == (1163, 1169)
    assert (parade["place"], parade["anchor_value"], parade["anchor_relation"]) == ("Red Square", "2023-05-09", "IS_INCLUDED")
    assert set(df["class"]) <= set(em.CLASSES)

"""Events on the seed article: the key events with date, place, source and certainty, and the
general rules on small constructed articles."""
import pytest

from explorer import from_text
from explorer.pipeline import extract


def _event(tables, pattern):
    ev = tables.events
    rows = ev[ev.label.str.contains(pattern, case=False, regex=True)]
    assert len(rows) == 1, (pattern, ev.label.tolist())
    return rows.iloc[0]


@pytest.mark.parametrize("pattern, start, end, place, source, certainty", [
    ("Victory Day military parade", "2023-05-09", "2023-05-09", "Red Square", "caption", "asserted"),
    ("Supreme Eurasian Economic Council summit", "2023-05-25", "2023-05-25", "Moscow", "caption", "asserted"),
    ("fell ill", "2023-05-27", "2023-05-27", "Moscow", "Valery Tsepkalo", "hedged"),
    ("hospital treatment at Central Clinical Hospital", "2023-05-27", "2023-05-27", "Central Clinical Hospital",
     "Valery Tsepkalo", "hedged"),
    ("stay in Moscow", "2023-05-27", "2023-05-29", "Moscow", "Valery Tsepkalo", "hedged"),
    ("return to Minsk", "", "", "Minsk", "Valery Tsepkalo", "speculative"),
    ("public appearance with Elvira Nabiullina", "", "", "", "outlet", "asserted"),
    ("election", "2020-01-01", "2020-12-31", "", "outlet", "asserted"),
])
def test_seed_key_events(seed_tables, pattern, start, end, place, source, certainty):
    e = _event(seed_tables, pattern)
    assert (e.date_start, e.date_end) == (start, end)
    assert place in e.place
    assert e.source == source
    assert e.certainty == certainty
    assert "Alexander Lukashenko" in e.participants.split("; ")


def test_seed_event_evidence_is_exact_and_background_flagged(seed_article, seed_tables):
    ev = seed_tables.events
    for _, e in ev.iterrows():
        assert seed_article.text[e.start:e.end] == e.evidence
    assert ev.loc[ev.label == "election", "background"].tolist() == [True]
    assert not ev.loc[ev.label != "election", "background"].any()
    assert ev.event_id.tolist() == [f"e{i:02d}" for i in range(1, len(ev) + 1)]
    parade = _event(seed_tables, "parade")
    assert parade.date_text == "May 9, 2023"
    assert parade.place == "Red Square; Moscow; Russia"
    stay = _event(seed_tables, "stay in Moscow")
    assert stay.date_text == "27 May; two or three days"


def test_seed_summit_merges_caption_and_paragraph(seed_tables):
    e = _event(seed_tables, "Supreme Eurasian Economic Council")
    assert e.participants.split("; ")[:2] == ["Alexander Lukashenko", "Vladimir Putin"]
    assert "Kremlin" in e.place


def _tables(body, published="2024-03-15"):
    return extract(from_text("Headline here\n\n" + body, published=published))


def test_constructed_date_and_place_slots():
    t = _tables("President Emmanuel Macron visited Berlin on 12 March 2024.")
    e = t.events.iloc[0]
    assert e.label == "visit to Berlin"
    assert (e.date_start, e.date_end, e.date_text) == ("2024-03-12", "2024-03-12", "12 March 2024")
    assert e.source == "outlet" and e.certainty == "asserted"


def test_constructed_connective_blocks_the_sentence_date():
    t = _tables("Angela Merkel fell ill on 2 March and eventually returned to Berlin, probably by car.")
    ill = t.events[t.events.label == "fell ill"].iloc[0]
    ret = t.events[t.events.label.str.startswith("return")].iloc[0]
    assert ill.date_start == "2024-03-02"
    assert ret.date_start == "" and ret.certainty == "speculative"
    assert ret.place == "Berlin"


def test_constructed_stay_spans_its_duration_from_the_illness():
    t = _tables("Angela Merkel collapsed in Paris on 2 March.\n\nMerkel was stuck in Paris for four days.")
    stay = t.events[t.events.label == "stay in Paris"].iloc[0]
    assert (stay.date_start, stay.date_end) == ("2024-03-02", "2024-03-05")

"""Corroboration rules on small constructed tables (independent of the extractors), the context
reader's errors, the CLI, and the seed's acceptance once the events extractor fills in."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pytest

from explorer.corroborate import (RESULT_COLUMNS, clash, compare_places, corroborate, location,
                                  place_index, read_context, same_event, same_person, window)
from explorer.errors import ContextError
from explorer.tables import Tables, frame

ROOT = Path(__file__).resolve().parents[1]
SEED_CONTEXT = ROOT / "data" / "context" / "000_33e25db8365cd6ad.context.csv"
HEADER = "date_start,date_end,time,place,people,statement,source,source_date,url,relation,confidence\n"

PLACES = [
    {"place_id": "l01", "name": "Moscow", "kind": "city", "country": "Russia", "lat": 55.7522, "lon": 37.6156},
    {"place_id": "l02", "name": "Minsk", "kind": "city", "country": "Belarus", "lat": 53.9, "lon": 27.5667},
    {"place_id": "l03", "name": "Russia", "kind": "country", "country": "Russia"},
    {"place_id": "l04", "name": "Red Square", "kind": "site", "country": "Russia", "lat": 55.7539, "lon": 37.6208},
    {"place_id": "l05", "name": "Belarus", "kind": "country", "country": "Belarus"},
    {"place_id": "l06", "name": "Central Hospital", "kind": "site", "country": "Russia", "lat": 55.7522, "lon": 37.6156},
]


def ev(eid, label, start, end, place, people, source="outlet", certainty="asserted", span=(0, 0)):
    return {"event_id": eid, "label": label, "date_start": start, "date_end": end, "place": place,
            "participants": people, "source": source, "certainty": certainty,
            "start": span[0], "end": span[1], "evidence": "", "block_id": "b001"}


def tables(events, claims=()):
    return Tables.from_rows({"events": list(events), "places": PLACES, "claims": list(claims)})


def ctx(*rows):
    """Context rows: (date_start, date_end, place, people, statement[, relation])."""
    recs = []
    for i, r in enumerate(rows):
        ds, de, place, people, statement = r[:5]
        recs.append({"context_row": i + 1, "date_start": ds, "date_end": de, "time": "", "place": place,
                     "people": people, "statement": statement, "source": "Wire", "source_date": ds,
                     "url": "", "relation": r[5] if len(r) > 5 else "", "confidence": "high"})
    return pd.DataFrame(recs)


def relations(df):
    return [(r.item_id, r.item_kind, int(r.context_row), r.relation, r.rule) for r in df.itertuples()]


# ------------------------------------------------------------------ date and place primitives

D = dt.date


@pytest.mark.parametrize("a, b, expected", [
    ((D(2023, 5, 27), D(2023, 5, 27)), (D(2023, 5, 27), D(2023, 5, 27)), False),  # same day: a flight
    ((D(2023, 5, 27), D(2023, 5, 29)), (D(2023, 5, 27), D(2023, 5, 27)), False),  # arrival day
    ((D(2023, 5, 27), D(2023, 5, 29)), (D(2023, 5, 28), D(2023, 5, 28)), True),   # inside the stay
    ((D(2023, 5, 27), D(2023, 5, 29)), (D(2023, 5, 29), D(2023, 5, 29)), True),   # last day of the stay
    ((D(2023, 5, 27), D(2023, 5, 27)), (D(2023, 5, 25), D(2023, 5, 29)), True),   # inside the report's window
    ((D(2023, 5, 25), D(2023, 5, 25)), (D(2023, 5, 25), D(2023, 5, 29)), False),  # both start that day
    ((D(2023, 5, 24), D(2023, 5, 24)), (D(2023, 5, 25), D(2023, 5, 29)), False),  # no common day
])
def test_clash(a, b, expected):
    assert clash(a, b) is expected
    assert clash(b, a) is expected


@pytest.mark.parametrize("start, end, expected", [
    ("2023-05-27", "2023-05-27", (D(2023, 5, 27), D(2023, 5, 27))),
    ("2023-05-27", "", (D(2023, 5, 27), D(2023, 5, 27))),
    ("2023-05", "2023-05", (D(2023, 5, 1), D(2023, 5, 31))),
    ("2020", "", (D(2020, 1, 1), D(2020, 12, 31))),
    ("", "", None),
    ("soon", "", None),
])
def test_window(start, end, expected):
    assert window(start, end) == expected


@pytest.mark.parametrize("a, b, expected", [
    ("Alexander Lukashenko", "alexander lukashenko", True),
    ("Alexander Lukashenko", "Lukashenko", True),
    ("Alexander Lukashenko", "Vladimir Putin", False),
    ("", "Putin", False),
])
def test_same_person(a, b, expected):
    assert same_person(a, b) is expected


@pytest.mark.parametrize("a, b, expected", [
    (["Moscow"], ["moscow"], "same"),
    (["Red Square", "Moscow"], ["Moscow"], "same"),       # a site named with its city is the city
    (["Red Square"], ["Moscow"], "same"),                 # a site alone: nearest city of the table
    (["Moscow"], ["Russia"], "within"),
    (["Moscow", "Russia"], ["Minsk"], "different"),       # the country containing the city is dropped
    (["Moscow"], ["Belarus"], "different"),
    (["Russia"], ["Belarus"], "different"),
    (["Moscow"], ["Nowhere Vale"], "unknown"),
])
def test_compare_places(a, b, expected):
    index = place_index(frame("places", PLACES))
    assert compare_places(location(a, index), location(b, index)) == expected


def test_two_cities_are_no_single_location():
    index = place_index(frame("places", PLACES))
    assert location(["Moscow", "Minsk"], index) is None
    assert location([], index) is None


def test_gazetteer_fallback_for_places_not_in_the_article():
    index = place_index(frame("places", PLACES))
    paris = location(["Paris"], index)
    assert (paris.kind, paris.country) == ("city", "France")
    assert compare_places(location(["Moscow"], index), paris) == "different"


@pytest.mark.parametrize("label, statement, expected", [
    ("Supreme Eurasian Economic Council meeting", "The Supreme Eurasian Economic Council met in Moscow.", True),
    ("Supreme Eurasian Economic Council meeting", "He spoke at the Eurasian Economic Forum.", False),
    ("summit", "The summit took place.", False),  # one content word is not enough
])
def test_same_event(label, statement, expected):
    assert same_event(label, statement) is expected


# ------------------------------------------------------------------ the rules on constructed cases

ALEX, VLAD = "Alexander Lukashenko", "Vladimir Putin"


@pytest.mark.parametrize("name, events, context, expected", [
    ("same person, place and day supports",
     [ev("e01", "military parade", "2023-05-09", "2023-05-09", "Red Square; Moscow", f"{ALEX}; {VLAD}")],
     [("2023-05-09", "2023-05-09", "Moscow", ALEX, "He was at the parade.")],
     [("e01", "event", 1, "supports", "same_place_overlap")]),
    ("a city inside the report's country supports",
     [ev("e01", "talks", "2023-05-09", "2023-05-09", "Moscow", ALEX)],
     [("2023-05-09", "2023-05-09", "Russia", "Lukashenko", "He was in Russia.")],
     [("e01", "event", 1, "supports", "same_place_overlap")]),
    ("one day in each of two cities is a flight, not a contradiction",
     [ev("e01", "visit", "2023-05-27", "2023-05-27", "Moscow", ALEX)],
     [("2023-05-27", "2023-05-27", "Minsk", ALEX, "He was seen in Minsk.")],
     []),
    ("a report window in another city containing the item's day contradicts",
     [ev("e01", "collapse", "2023-05-27", "2023-05-27", "Moscow", ALEX, "Valery Tsepkalo", "hedged")],
     [("2023-05-25", "2023-05-29", "Minsk", ALEX, "He landed in Minsk and has not flown since.")],
     [("e01", "event", 1, "contradicts", "place_conflict")]),
    ("a report on the first day of both windows does not contradict",
     [ev("e01", "summit", "2023-05-25", "2023-05-25", "Moscow", ALEX)],
     [("2023-05-25", "2023-05-29", "Minsk", ALEX, "He landed in Minsk that evening.")],
     []),
    ("a stay contradicted on a later day; its first day is an arrival day",
     [ev("e01", "stay", "2023-05-27", "2023-05-29", "Moscow", ALEX, "Valery Tsepkalo", "hedged")],
     [("2023-05-27", "2023-05-27", "Minsk", ALEX, "Seen in Minsk."),
      ("2023-05-28", "2023-05-28", "Minsk", ALEX, "Seen in Minsk."),
      ("2023-05-29", "2023-05-29", "Minsk", ALEX, "Met a visitor in Minsk."),
      ("2023-05-30", "2023-05-30", "Minsk", ALEX, "Seen in Minsk.")],
     [("e01", "event", 2, "contradicts", "place_conflict"),
      ("e01", "event", 3, "contradicts", "place_conflict")]),
    ("an event on the first day of a stay is contradicted as part of the stay",
     [ev("e01", "collapse", "2023-05-27", "2023-05-27", "Central Hospital", ALEX, "Valery Tsepkalo", "hedged"),
      ev("e02", "stay", "2023-05-27", "2023-05-29", "Moscow", ALEX, "Valery Tsepkalo", "hedged")],
     [("2023-05-29", "2023-05-29", "Minsk", ALEX, "Met a visitor in Minsk.")],
     [("e01", "event", 1, "contradicts", "place_conflict_via_stay"),
      ("e02", "event", 1, "contradicts", "place_conflict")]),
    ("an event from another source is not part of the stay",
     [ev("e01", "summit", "2023-05-25", "2023-05-25", "Moscow", ALEX, "caption"),
      ev("e02", "stay", "2023-05-25", "2023-05-27", "Moscow", ALEX, "Valery Tsepkalo", "hedged")],
     [("2023-05-25", "2023-05-29", "Minsk", ALEX, "Landed in Minsk.")],
     [("e02", "event", 1, "contradicts", "place_conflict")]),
    ("another person's whereabouts say nothing",
     [ev("e01", "visit", "2023-05-27", "2023-05-29", "Moscow", ALEX)],
     [("2023-05-28", "2023-05-28", "Minsk", VLAD, "Putin was in Minsk.")],
     []),
    ("a report that names the item's source is an echo, not support",
     [ev("e01", "collapse", "2023-05-27", "2023-05-27", "Moscow", ALEX, "Valery Tsepkalo", "hedged")],
     [("2023-05-27", "2023-05-27", "Moscow", f"Valery Tsepkalo; {ALEX}", "Tsepkalo wrote that he collapsed.")],
     []),
    ("vague windows (a whole month) are not compared",
     [ev("e01", "illness", "2023-05-01", "2023-05-31", "Moscow", ALEX)],
     [("2023-05-13", "2023-05-13", "Minsk", ALEX, "Seen in Minsk."),
      ("2023-05-09", "2023-05-09", "Moscow", ALEX, "Seen in Moscow.")],
     []),
    ("an item naming two cities has no single location",
     [ev("e01", "trip", "2023-05-28", "2023-05-29", "Moscow; Minsk", ALEX)],
     [("2023-05-29", "2023-05-29", "Minsk", ALEX, "Seen in Minsk.")],
     []),
    ("the same event on another date contradicts",
     [ev("e01", "Supreme Eurasian Economic Council meeting", "2023-05-25", "2023-05-25", "Moscow", ALEX)],
     [("2023-05-20", "2023-05-20", "Moscow", ALEX, "The Supreme Eurasian Economic Council met in Moscow.")],
     [("e01", "event", 1, "contradicts", "date_conflict")]),
    ("undated items are not compared",
     [ev("e01", "meeting", "", "", "Minsk", ALEX)],
     [("2023-05-29", "2023-05-29", "Minsk", ALEX, "Met a visitor in Minsk.")],
     []),
])
def test_rules(name, events, context, expected):
    assert relations(corroborate(tables(events), ctx(*context))) == expected, name


def test_claims_inherit_the_relations_of_their_events():
    events = [ev("e01", "collapse", "2023-05-27", "2023-05-27", "Moscow", ALEX, "Valery Tsepkalo", "hedged", (100, 160)),
              ev("e02", "parade", "2023-05-09", "2023-05-09", "Moscow", ALEX, "caption", "asserted", (300, 360))]
    claims = [{"claim_id": "c01", "speaker": "Valery Tsepkalo", "speaker_type": "named", "content": "x" * 80,
               "content_start": 90, "content_end": 170, "certainty": "hedged"},
              {"claim_id": "c02", "speaker": "Valery Tsepkalo", "speaker_type": "named", "content": "y",
               "content_start": 500, "content_end": 520, "certainty": "asserted"}]
    context = ctx(("2023-05-25", "2023-05-29", "Minsk", ALEX, "Landed in Minsk.", "contradicts"))
    out = corroborate(tables(events, claims), context)
    assert relations(out) == [("e01", "event", 1, "contradicts", "place_conflict"),
                              ("c01", "claim", 1, "contradicts", "place_conflict")]
    assert out.loc[1, "reason"].startswith("via event e01: ")
    assert list(out["analyst_relation"]) == ["contradicts", "contradicts"]


def test_analyst_relation_is_never_input():
    events = [ev("e01", "parade", "2023-05-09", "2023-05-09", "Moscow", ALEX)]
    rows = [("2023-05-09", "2023-05-09", "Moscow", ALEX, "Seen.", rel) for rel in ("contradicts", "supports", "")]
    out = corroborate(tables(events), ctx(*rows))
    assert list(out["relation"]) == ["supports"] * 3
    assert list(out["analyst_relation"]) == ["contradicts", "supports", ""]


def test_result_columns_and_empty_tables():
    out = corroborate(Tables.from_rows({}), ctx(("2023-05-09", "", "Moscow", ALEX, "Seen.")))
    assert list(out.columns) == list(RESULT_COLUMNS) and out.empty


def test_reason_in_plain_words():
    events = [ev("e01", "collapse", "2023-05-27", "2023-05-27", "Moscow", ALEX)]
    out = corroborate(tables(events), ctx(("2023-05-25", "2023-05-29", "Minsk", ALEX, "Landed.")))
    assert out.loc[0, "reason"] == ("the article places Alexander Lukashenko in Moscow on 27 May 2023; "
                                    "the report places Alexander Lukashenko in Minsk on 25 May 2023 to 29 May 2023")


# ------------------------------------------------------------------ reading the context file

def test_read_context_seed():
    before = SEED_CONTEXT.read_bytes()
    df = read_context(SEED_CONTEXT)
    assert SEED_CONTEXT.read_bytes() == before
    assert len(df) == 10 and list(df["context_row"]) == list(range(1, 11))
    assert df.loc[7, ["date_start", "date_end", "place"]].tolist() == ["2023-05-25", "2023-05-29", "Minsk"]


@pytest.mark.parametrize("content, message", [
    (None, "no such context file"),
    ("date_start,place\n2023-05-01,Moscow\n", "lacks the column(s) date_end, time, people"),
    (HEADER + "2023-13-01,,,Moscow,A B,Said.,Wire,,,,\n", "data row 1: the date '2023-13-01' is not YYYY-MM-DD"),
    (HEADER + "2023-05-03,2023-05-01,,Moscow,A B,Said.,Wire,,,,\n", "date_end 2023-05-01 is before"),
    (HEADER + "2023-05-03,,,Moscow,A B,,Wire,,,,\n", "the column statement is empty"),
    (HEADER + '2023-05-03,,,Moscow,"A B,Said.\n', "not a readable CSV"),
    ("", "not a readable CSV"),
])
def test_read_context_errors(tmp_path, content, message):
    p = tmp_path / "c.csv"
    if content is not None:
        p.write_text(content, encoding="utf-8")
    with pytest.raises(ContextError, match=re.escape(message)):
        read_context(p)


def test_read_context_fills_the_end_date(tmp_path):
    p = tmp_path / "c.csv"
    p.write_text(HEADER + "2023-05-03,,,Moscow,A B,Said.,Wire,,,,\n", encoding="utf-8")
    assert read_context(p).loc[0, "date_end"] == "2023-05-03"


# ------------------------------------------------------------------ CLI

def _cli(*args):
    from explorer.cli import main
    return main(list(args))


def test_cli_missing_context_is_a_one_line_error(tmp_path, capsys):
    code = _cli("corroborate", str(ROOT / "data/raw/000_33e25db8365cd6ad.txt"),
                "--context", str(tmp_path / "nope.csv"), "--out", str(tmp_path / "out"))
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "no such context file" in err
    assert not (tmp_path / "out").exists()


def test_cli_writes_corroboration_csv(tmp_path, capsys):
    code = _cli("corroborate", str(ROOT / "data/raw/000_33e25db8365cd6ad.txt"),
                "--context", str(SEED_CONTEXT), "--out", str(tmp_path / "out"))
    assert code == 0
    df = pd.read_csv(tmp_path / "out" / "corroboration.csv", dtype=str, keep_default_na=False)
    assert list(df.columns) == list(RESULT_COLUMNS)
    assert "corroboration written to" in capsys.readouterr().out


# ------------------------------------------------------------------ the seed's acceptance

def test_seed_acceptance(seed_tables):
    """The 25 May landing (row 8) and the 29 May meeting in Minsk (row 10) contradict the alleged
    hospitalisation and the stay in Moscow; the parade (row 1) and the summit (row 7) support."""
    out = corroborate(seed_tables, read_context(SEED_CONTEXT))
    ev_rows = out[out.item_kind == "event"]
    rel = {(r.item_id, int(r.context_row)): r.relation for r in ev_rows.itertuples()}
    events = seed_tables.events.set_index("event_id")

    def ids(*words, date=None):
        lab = events["label"].str.lower() + " " + events["trigger"].str.lower()
        hit = lab.apply(lambda s: any(w in s for w in words))
        if date:
            hit &= events["date_start"] == date
        return list(events.index[hit])

    hosp, stay = ids("hospital", "ill", "collapse", date="2023-05-27"), ids("stuck", "stay")
    parade, summit = ids("parade", date="2023-05-09"), ids("council", "summit", date="2023-05-25")
    assert hosp and stay and parade and summit
    assert all(events.loc[e, "date_start"] == "2023-05-27" for e in stay)
    for row in (8, 10):  # the hospitalisation (any of its events) and every stay event
        assert any(rel.get((e, row)) == "contradicts" for e in hosp), row
        assert all(rel.get((e, row)) == "contradicts" for e in stay), row
    assert any(rel.get((e, 1)) == "supports" for e in parade)
    assert any(rel.get((e, 7)) == "supports" for e in summit)
    assert "contradicts" not in {rel.get((e, r)) for e in parade + summit for r in range(1, 11)}


# ------------------------------------------------------------------ the figure

def test_plot_links_and_message():
    from explorer.plots.corroboration import plot_corroboration
    events = [ev("e01", "collapse", "2023-05-27", "2023-05-27", "Moscow", ALEX),
              ev("e02", "parade", "2023-05-09", "2023-05-09", "Moscow", ALEX),
              ev("e03", "illness", "2023-05-01", "2023-05-31", "Moscow", ALEX)]
    context = ctx(("2023-05-25", "2023-05-29", "Minsk", ALEX, "Landed."),
                  ("2023-05-09", "2023-05-09", "Moscow", ALEX, "Seen."))
    t = tables(events)
    fig = plot_corroboration(t.events, context, corroborate(t, context))
    gids = {a.get_gid() for a in fig.axes[0].get_children() if a.get_gid()}
    assert {"link:e01:1:contradicts", "link:e02:2:supports", "event:e01", "event:e02",
            "report:1", "report:2", "report:1:bar"} <= gids
    assert "event:e03" not in gids
    empty = plot_corroboration(frame("events"), ctx(), pd.DataFrame(columns=list(RESULT_COLUMNS)))
    assert empty.get_label() == "no dated events or reports to compare"


def test_same_event_ignores_participant_names():
    assert not same_event("meeting with Alexander Lukashenko",
                          "After a closed-door meeting with Putin, Lukashenko was rushed to hospital.",
                          ["Vladimir Putin", "Alexander Lukashenko"])

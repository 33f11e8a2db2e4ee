"""Tests of the temporal-expression extractor (explorer/extract/dates.py): TIMEX3 type and value
per class of expression against a fixed anchor, the seed article's expectations, unknown
publication dates, and a property test on arbitrary text."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer import from_text
from explorer.extract.dates import extract_dates, find_timexes, infer_anchor
from explorer.pipeline import run

from conftest import span_of

ANCHOR = "1998-02-27"   # a Friday, as in TimeBank's APW19980227 documents


def one(text: str, published: str | None = ANCHOR) -> dict:
    """The single expression found in ``text`` (fails when there is not exactly one)."""
    rows = find_timexes(text, None, published)
    assert len(rows) == 1, [(r["text"], r["value"]) for r in rows]
    return rows[0]


CASES = [
    # absolute dates
    ("The deal closed on May 9, 2023.", "May 9, 2023", "DATE", "2023-05-09"),
    ("It happened on 9 May 2023 in the capital.", "9 May 2023", "DATE", "2023-05-09"),
    ("Filed 05/09/2023 with the court.", "05/09/2023", "DATE", "2023-05-09"),
    ("The report is dated 2023-05-09.", "2023-05-09", "DATE", "2023-05-09"),
    ("Results for the period ended Sept. 30 were weak.", "Sept. 30", "DATE", "1997-09-30"),
    ("Prices peaked in mid-May.", "mid-May", "DATE", "1998-05"),
    ("It was founded in the early 1990s.", "the early 1990s", "DATE", "199"),
    ("Growth slowed in the 1990s.", "the 1990s", "DATE", "199"),
    ("Profit rose in fiscal 1998.", "fiscal 1998", "DATE", "1998"),
    ("Sales fell in August 1988.", "August 1988", "DATE", "1988-08"),
    ("It was built in the 11th century.", "the 11th century", "DATE", "10"),
    ("He was born in nineteen ninety-six.", "nineteen ninety-six", "DATE", "1996"),
    # weekdays (past sentence -> previous, future -> next, the anchor day itself)
    ("The minister resigned Tuesday.", "Tuesday", "DATE", "1998-02-24"),
    ("The minister will resign Tuesday.", "Tuesday", "DATE", "1998-03-03"),
    ("The minister said Friday that he had resigned.", "Friday", "DATE", "1998-02-27"),
    # relative dates
    ("Shares fell yesterday.", "yesterday", "DATE", "1998-02-26"),
    ("Shares fell today.", "today", "DATE", "1998-02-27"),
    ("Shares may fall tomorrow.", "tomorrow", "DATE", "1998-02-28"),
    ("The talks failed last week.", "last week", "DATE", "1998-W08"),
    ("The talks started this week.", "this week", "DATE", "1998-W09"),
    ("It opened two years ago.", "two years ago", "DATE", "1996"),
    ("It opens next month.", "next month", "DATE", "1998-03"),
    ("Sales rose last year.", "last year", "DATE", "1997"),
    ("Sales rose earlier this year.", "earlier this year", "DATE", "1998"),
    ("Output grew over the past decade.", "the past decade", "DURATION", "P10Y"),
    # quarters, seasons, weekends
    ("Earnings rose in the first quarter.", "the first quarter", "DATE", "1998-Q1"),
    ("Earnings rose in the third quarter of 1997.", "the third quarter of 1997", "DATE", "1997-Q3"),
    ("The vote is due this summer.", "this summer", "DATE", "1998-SU"),
    ("Fighting resumed over the weekend.", "the weekend", "DATE", "1998-W08-WE"),
    # durations
    ("The strike lasted three years.", "three years", "DURATION", "P3Y"),
    ("The meeting took 15 minutes.", "15 minutes", "DURATION", "PT15M"),
    ("Talks could take several months.", "several months", "DURATION", "PXM"),
    ("He signed a two-year contract.", "two-year", "DURATION", "P2Y"),
    ("Profit rose in the first nine months.", "the first nine months", "DURATION", "P9M"),
    # sets
    ("The index is revised every year.", "every year", "SET", "P1Y"),
    ("The index is revised annually.", "annually", "SET", "P1Y"),
    ("The team meets weekly.", "weekly", "SET", "P1W"),
    ("The firm pays $5 million a year.", "a year", "SET", "P1Y"),
    # times of day
    ("The plane landed at 3 p.m.", "3 p.m.", "TIME", "1998-02-27T15:00"),
    ("Markets rallied this morning.", "this morning", "TIME", "1998-02-27TMO"),
    ("The president speaks tonight.", "tonight", "TIME", "1998-02-27TNI"),
    # fuzzy references
    ("Prices are now higher.", "now", "DATE", "PRESENT_REF"),
    ("Prices rose recently.", "recently", "DATE", "PAST_REF"),
    ("Prices will rise in the future.", "the future", "DATE", "FUTURE_REF"),
    ("He currently runs the firm.", "currently", "DATE", "PRESENT_REF"),
    # named days from the lexicon
    ("Shops close on Christmas.", "Christmas", "DATE", "1997-12-25"),
    ("Parties were held on New Year's Day.", "New Year's Day", "DATE", "1998-01-01"),
    ("Crowds gathered for Easter 1998.", "Easter 1998", "DATE", "1998-04-12"),
    ("Families met at Thanksgiving 1997.", "Thanksgiving 1997", "DATE", "1997-11-27"),
]


@pytest.mark.parametrize("text,mention,typ,value", CASES)
def test_expression_classes(text, mention, typ, value):
    r = one(text)
    assert (r["text"], r["type"], r["value"]) == (mention, typ, value)
    assert text[r["start"]:r["end"]] == mention


INTERVALS = [
    ("They met in May 2023.", "2023-05", "2023-05-01", "2023-05-31"),
    ("They met in 1998.", "1998", "1998-01-01", "1998-12-31"),
    ("Earnings rose in the first quarter.", "1998-Q1", "1998-01-01", "1998-03-31"),
    ("The talks failed last week.", "1998-W08", "1998-02-16", "1998-02-22"),
    ("It was founded in the 1990s.", "199", "1990-01-01", "1999-12-31"),
    ("The strike lasted three years.", "P3Y", "", ""),
    ("Prices rose recently.", "PAST_REF", "", ""),
]


@pytest.mark.parametrize("text,value,start,end", INTERVALS)
def test_calendar_intervals(text, value, start, end):
    r = one(text)
    assert (r["value"], r["date_start"], r["date_end"]) == (value, start, end)


NOT_DATES = [
    "He watches the Victory Day military parade.",
    "They met during the 78th anniversary of the end of World War II celebrations.",
    "You may leave now if you like.".replace(" now", ""),
    "The company sold 1,998 cars and paid a quarterly dividend.",
    "Doctors worked at night.",
]


@pytest.mark.parametrize("text", NOT_DATES)
def test_not_temporal(text):
    assert find_timexes(text, None, ANCHOR) == []


def test_victory_day_as_date():
    r = one("Veterans marched on Victory Day, as every year.".replace(", as every year", ""), "2023-06-03")
    assert (r["text"], r["value"]) == ("Victory Day", "2023-05-09")


# --- the seed article (published 2023-06-03) ------------------------------------------------

SEED_EXPECTED = [
    # (mention, nth occurrence in the text, type, value, date_start, date_end, mod)
    ("May 9, 2023", 0, "DATE", "2023-05-09", "2023-05-09", "2023-05-09", ""),
    ("Tuesday, May 9, 2023", 0, "DATE", "2023-05-09", "2023-05-09", "2023-05-09", ""),
    ("27 May", 0, "DATE", "2023-05-27", "2023-05-27", "2023-05-27", ""),
    ("25 May 2023", 0, "DATE", "2023-05-25", "2023-05-25", "2023-05-25", ""),
    ("May 25", 0, "DATE", "2023-05-25", "2023-05-25", "2023-05-25", ""),
    ("last month", 0, "DATE", "2023-05", "2023-05-01", "2023-05-31", ""),
    ("Last month", 0, "DATE", "2023-05", "2023-05-01", "2023-05-31", ""),
    ("two or three days", 0, "DURATION", "P3D", "", "", "APPROX"),
    ("a month", 0, "DURATION", "P1M", "", "", ""),
    ("the nearest month", 0, "DURATION", "P1M", "", "", ""),
    ("weeks", 0, "DURATION", "PXW", "", "", ""),
    ("2020", 0, "DATE", "2020", "2020-01-01", "2020-12-31", ""),
]


@pytest.fixture(scope="module")
def seed_dates(seed_article):
    return run(seed_article, pipeline=("blocks", "dates")).rows["dates"]


@pytest.mark.parametrize("mention,nth,typ,value,ds,de,mod", SEED_EXPECTED)
def test_seed_expectations(seed_article, seed_dates, mention, nth, typ, value, ds, de, mod):
    text = seed_article.text
    s, e = span_of(text, mention, nth)
    rows = [r for r in seed_dates if (r["start"], r["end"]) == (s, e)]
    assert len(rows) == 1, mention
    r = rows[0]
    assert text[r["start"]:r["end"]] == r["text"] == mention
    assert (r["type"], r["value"], r["date_start"], r["date_end"], r["mod"]) == (typ, value, ds, de, mod)


def test_seed_no_event_names_or_anniversaries(seed_article, seed_dates):
    texts = {r["text"] for r in seed_dates}
    assert "Victory Day" not in texts
    assert not any("anniversary" in t or "World War" in t for t in texts)
    # "May 9, 2023" inside "Tuesday, May 9, 2023" is one TIMEX, not two
    tue = span_of(seed_article.text, "Tuesday, May 9, 2023")
    inside = [r for r in seed_dates if tue[0] <= r["start"] < tue[1]]
    assert len(inside) == 1


def test_seed_ids_and_anchor(seed_dates):
    assert [r["mention_id"] for r in seed_dates] == [f"d{i:03d}" for i in range(1, len(seed_dates) + 1)]
    by_text = {r["text"]: r for r in seed_dates}
    assert by_text["last month"]["anchor"] == "published"
    assert by_text["25 May 2023"]["anchor"] == ""


# --- unknown publication date ----------------------------------------------------------------

UNDATED = ("Talks\n\nThe talks opened on March 3, 2021 in Geneva. A second round followed on 12 March 2021.\n\n"
           "Officials met again yesterday and will meet next week.")


def test_infer_anchor_from_latest_full_date():
    assert infer_anchor(UNDATED) == (dt.date(2021, 3, 12), "latest-full-date")


def test_infer_anchor_month_year_and_none():
    assert infer_anchor("Sales rose in May 2019 and in June 2019.") == (dt.date(2019, 6, 15), "latest-month-year")
    assert infer_anchor("It rained in 2017.") == (dt.date(2017, 7, 1), "latest-year")
    assert infer_anchor("Nothing to see here.") == (None, "none")


def test_unknown_date_resolves_against_inferred_anchor():
    art = from_text(UNDATED)
    rows = run(art, pipeline=("blocks", "dates")).rows["dates"]
    got = {r["text"]: (r["value"], r["anchor"]) for r in rows}
    assert got["yesterday"] == ("2021-03-11", "inferred:latest-full-date")
    assert got["next week"] == ("2021-W11", "inferred:latest-full-date")
    assert got["March 3, 2021"] == ("2021-03-03", "")


def test_unknown_date_without_clues_stays_unresolved():
    text = "Headline\n\nThey met yesterday and again on May 27. Things are better now."
    art = from_text(text)
    rows = run(art, pipeline=("blocks", "dates")).rows["dates"]
    got = {r["text"]: (r["value"], r["date_start"], r["anchor"]) for r in rows}
    assert got == {"yesterday": ("XXXX-XX-XX", "", ""), "May 27": ("XXXX-05-27", "", ""),
                   "now": ("PRESENT_REF", "", "")}


def test_month_precision_anchor():
    rows = extract_dates("It happened last month, not yesterday.", [(0, 39, "b001")], "2023-06")
    got = {r["text"]: r["value"] for r in rows}
    assert got == {"last month": "2023-05", "yesterday": "XXXX-XX-XX"}


# --- property test -----------------------------------------------------------------------------

_WORDS = st.sampled_from(["May", "9", "2023", "last", "month", "the", "Tuesday", ",", "two", "or", "three",
                          "days", "ago", "in", "1990s", "quarter", "third", "a", "year", "earlier", "now",
                          "Christmas", "p.m.", "3", "every", "week", "mid-", "fiscal", "of", "Sept.", "30"])


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=200), st.lists(_WORDS, max_size=30).map(" ".join)),
       st.sampled_from([None, "2023-06-03", "1998-02", "1989-10-26T09:00"]))
def test_spans_are_exact_and_never_raise(text, published):
    rows = find_timexes(text, None, published)
    for r in rows:
        assert text[r["start"]:r["end"]] == r["text"]
        assert r["type"] in ("DATE", "TIME", "DURATION", "SET")
        assert r["value"]

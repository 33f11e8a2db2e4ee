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


# --- rules added for TimeBank value accuracy (general TimeML / news conventions) ------------------

def row_of(text: str, published: str, mention: str) -> dict | None:
    """The row whose text is ``mention`` (None when no expression has exactly that extent)."""
    rows = [r for r in find_timexes(text, None, published) if r["text"] == mention]
    assert len(rows) <= 1
    if rows:
        assert text[rows[0]["start"]:rows[0]["end"]] == mention
    return rows[0] if rows else None


RULE_CASES = [
    # tense from the word right before the date, ahead of other cues in the sentence
    ("Paribas said Monday that it intends to bid.", "1989-10-27", "Monday", "DATE", "1989-10-23"),
    ("The carrier has been on patrol since March and was scheduled to return.", "1990-08-13", "March", "DATE",
     "1990-03"),
    ("He was named chairman, effective Feb. 1.", "1989-10-26", "Feb. 1", "DATE", "1990-02-01"),
    ("Talks are set to resume Monday in Belfast.", "1998-03-22", "Monday", "DATE", "1998-03-23"),
    ("In the fiscal year ended Jan. 31, sales rose.", "1989-10-31", "Jan. 31", "DATE", "1989-01-31"),
    ("Traders squared positions ahead of the weekend.", "1989-10-30", "the weekend", "DATE", "1989-W44-WE"),
    # reference time: the last date mentioned
    ("Shares closed lower Friday, down 4.5% from the previous Friday.", "1989-10-30", "the previous Friday", "DATE",
     "1989-10-20"),
    ("Shares fell Friday, depressed by overnight losses in New York.", "1989-10-30", "overnight", "TIME",
     "1989-10-26TNI"),
    ("Hopes were dashed Friday. Dealers placed heavy buy orders in the morning.", "1989-10-30", "the morning", "TIME",
     "1989-10-27TMO"),
    ("By mid afternoon, officials were saying the operation was over.", "1998-03-06", "mid afternoon", "TIME",
     "1998-03-06TAF"),
    ("In Saudi Arabia, today is the eighth day of the operation.", "1990-08-15", "the eighth day", "DATE",
     "1990-08-15"),
    # quarters of financial news: the quarter being reported on
    ("Coast earned $10.2 million in the year-ago quarter.", "1989-11-01", "the year-ago quarter", "DATE", "1988-Q3"),
    ("U.K. sales for last year's quarter were $3 million.", "1989-11-01", "last year's quarter", "DATE", "1988-Q3"),
    ("Kirschner earned $376,000 in the 1988 quarter.", "1989-10-30", "the 1988 quarter", "DATE", "1988-Q3"),
    ("Net was $1.8 million for the corresponding period last year.", "1989-11-01",
     "the corresponding period last year", "DATE", "1988-Q3"),
    ("For the quarter a year ago, Columbia reported earnings.", "1989-10-26", "the quarter a year ago", "DATE",
     "1988-Q3"),
    ("For the quarter ended Sept. 30, Delta posted net income.", "1989-10-26", "the quarter", "DATE", "1989-Q3"),
    ("Sun lost money in the fiscal first quarter. Sun shipped 28,000 systems in the quarter.", "1989-10-26",
     "the quarter", "DATE", "1989-Q1"),
    ("It earned $20.6 million in the third quarter. In the 1988 period, it lost money.", "1989-10-26",
     "the 1988 period", "DATE", "1988-Q3"),
    ("Earnings will grow through the first two quarters of 1990.", "1989-10-26", "the first two quarters of 1990",
     "DATE", "1990-H1"),
    ("Sales will be lower for the last half of 1989.", "1989-10-26", "the last half of 1989", "DATE", "1989-H2"),
    ("Net for the year-earlier nine months included a gain.", "1989-10-26", "the year-earlier nine months",
     "DURATION", "P9M"),
    ("For the nine months, net rose 18% from $1.69 billion a year earlier.", "1989-10-26", "a year earlier", "DATE",
     "1988"),
    ("Net fell in the fiscal-first quarter ended Sept. 30. A year ago, it lost money.", "1989-10-26", "A year ago",
     "DATE", "1988-Q1"),
    ("Unisys must pay $100 million in interest every quarter.", "1989-10-30", "every quarter", "SET", "P1Q"),
    ("It has had losses in the past two quarters.", "1989-10-27", "the past two quarters", "DURATION", "P2Q"),
    ("It has been a tough business in recent quarters.", "1989-11-02", "recent quarters", "DURATION", "PXQ"),
    ("It became profitable after several quarters of losses.", "1989-10-30", "several quarters", "DURATION", "PXQ"),
    ("It expects sales in the current fiscal year to rise.", "1989-11-02", "the current fiscal year", "DATE", "1989"),
    ("It had $7.4 billion in sales in the latest fiscal year.", "1989-10-26", "the latest fiscal year", "DATE",
     "1988"),
    # durations
    ("They lived in refugee camps for 2 1/2 years.", "1998-02-27", "2 1/2 years", "DURATION", "P2Y6M"),
    ("It took 1.99 years.", "1998-02-27", "1.99 years", "DURATION", "P2Y"),        # rounds to months first
    ("The talk ran 1.5 hours.", "1998-02-27", "1.5 hours", "DURATION", "PT1H30M"),
    ("But a minute and a half later, a pilot called.", "1998-01-14", "a minute and a half", "DURATION", "PT1M30S"),
    ("The talks lasted an hour and a half.", "1998-01-14", "an hour and a half", "DURATION", "PT1H30M"),
    ("The loan may be extended for an additional year.", "1989-11-02", "an additional year", "DURATION", "P1Y"),
    ("They kept their secrets for more than two thousand years.", "1998-01-21", "more than two thousand years",
     "DURATION", "P2000Y"),
    ("This move comes barely a month after Qantas suspended flights.", "1998-02-13", "a month", "DURATION", "P1M"),
    ("A few days later, the company announced losses.", "1989-10-27", "A few days later", "DURATION", "PXD"),
    ("They will have to live without it for a while.", "1998-01-11", "a while", "DURATION", "PXX"),
    ("We are there to stay for a fairly lengthy period.", "1990-08-16", "a fairly lengthy period", "DURATION", "PXX"),
    ("Prisoners were taken in the first hours of the ground war.", "1991-02-25", "the first hours", "DURATION",
     "PTXH"),
    # future points: "in five years" after a modal, "one day", vague futures
    ("The stock would be redeemed in five years.", "1989-11-02", "five years", "DATE", "1994"),
    ("You may, in a year or two, save more lives.", "1998-03-31", "a year or two", "DATE", "FUTURE_REF"),
    ("It was the first rise in five years.", "1989-11-02", "five years", "DURATION", "P5Y"),
    ("Islam will one day be the second largest religion.", "1998-03-03", "one day", "DATE", "FUTURE_REF"),
    ("It may raise the money at a later date.", "1989-10-26", "a later date", "DATE", "FUTURE_REF"),
    ("The company would seek to liquidate it as soon as possible.", "1989-10-30", "as soon as possible", "DATE",
     "FUTURE_REF"),
    # fuzzy references
    ("He was saying at the time he was willing to withdraw.", "1998-03-01", "the time", "DATE", "PAST_REF"),
    ("Holders may buy shares at the then current market price.", "1989-10-26", "current", "DATE", "PAST_REF"),
    ("He would not be traveling at this crucial moment.", "1990-08-15", "this crucial moment", "DATE",
     "PRESENT_REF"),
    ("The percentage change is since year-end.", "1989-10-30", "year-end", "DATE", "1988-12-31"),
    # sets and weekday-dates
    ("Flights leave Bombay on Monday and Tuesday nights.", "1998-02-13", "Tuesday nights", "SET", "XXXX-WXX-2TNI"),
    ("The shop is closed Mondays.", "1998-02-13", "Mondays", "SET", "XXXX-WXX-1"),
    ("Women's Day is this coming Sunday, March eighth.", "1998-03-05", "this coming Sunday, March eighth", "DATE",
     "1998-03-08"),
    ("Women's Day is this coming Sunday, March eighth.", "2016-10-17", "this coming Sunday, March eighth", "DATE",
     "2017-03-08"),
    ("He left last Tuesday, May 5, 2015, after a row.", "2016-10-17", "last Tuesday, May 5, 2015", "DATE",
     "2015-05-05"),
]


@pytest.mark.parametrize("text,published,mention,typ,value", RULE_CASES)
def test_rules(text, published, mention, typ, value):
    r = row_of(text, published, mention)
    assert r is not None, [(x["text"], x["value"]) for x in find_timexes(text, None, published)]
    assert (r["type"], r["value"]) == (typ, value)


RULE_NOT_TIMEX = [
    # (sentence, publication date, a string that must not be (part of) any expression)
    ("Friendly institutions would buy as soon as trading opened Monday.", "1989-11-01", "soon"),
    ("He had probably been killed soon after being captured.", "1998-02-19", "soon"),
    ('James Baker, speaking on ABC News\' "This Week," said so.', "1990-08-13", "This Week"),
    ("That is very important to the future of our peoples.", "1998-02-13", "future"),
    ("You get strong redemptions that day and for two days following.", "1989-10-27", "that day"),
    ("Doctors were mobilised in the night.", "2023-06-03", "night"),
    ("At the time Howes was captured, the group held power.", "1998-02-19", "the time"),
    ("Tax payments would be minimal in a quarter that produced such a loss.", "1989-10-30", "quarter"),
    ("The company paid two thousand dollars.", "1998-02-13", "thousand"),
    ("Sales followed the trend of the last half of the '80s.", "1989-10-26", "half"),
]


@pytest.mark.parametrize("text,published,word", RULE_NOT_TIMEX)
def test_rules_not_timex(text, published, word):
    assert not [r for r in find_timexes(text, None, published) if word in r["text"]]

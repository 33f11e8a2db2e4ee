"""The teacher's worksheet helpers (explorer/worksheet.py): every answer computed from the tables,
on the seed (with its context file) and on another article."""
from __future__ import annotations

from pathlib import Path

import pytest

from explorer import worksheet as ws
from explorer.article import from_text
from explorer.corroborate import corroborate, read_context
from explorer.pipeline import extract

ROOT = Path(__file__).resolve().parents[1]
SEED_CONTEXT = ROOT / "data" / "context" / "000_33e25db8365cd6ad.context.csv"


@pytest.fixture(scope="module")
def seed_result(seed_tables):
    context = read_context(SEED_CONTEXT)
    return context, corroborate(seed_tables, context)


def rows(df, cols=None):
    return (df[cols] if cols else df).values.tolist()


def test_seed_only_named_source_and_what_the_article_says_of_him(seed_tables):
    assert rows(ws.named_sources(seed_tables)) == [["Valery Tsepkalo", 25]]
    # "where is he?": the article gives no city, only the aside "forced into exile"
    assert ws.asides(seed_tables, "Valery Tsepkalo") == [
        "a lawyer, former deputy foreign minister and presidential candidate", "forced into exile"]
    d = ws.describe_person(seed_tables, "Valery Tsepkalo")
    assert (d["role"], d["age"]) == ("opposition politician", "58")


def test_seed_what_he_cites(seed_tables):
    assert rows(ws.cited(seed_tables, "Valery Tsepkalo")) == [
        ["medical sources", 13], ["Russian doctors", 10], ["(nothing cited)", 1], ["doctors", 1]]


def test_seed_doubt_words_and_name_substitutes(seed_tables):
    assert rows(ws.doubt_words(seed_tables).head(3)) == [["claims", 3], ["is expected to", 2], ["alleged", 1]]
    person = ws.main_person(seed_tables)
    assert person["name"] == "Alexander Lukashenko"
    assert rows(ws.name_substitutes(seed_tables, person)) == [
        ["the Belarusian leader", 2], ["The Belarus dictator", 1], ["The tyrant", 1]]


def test_seed_key_day_and_outside_reports(seed_tables, seed_result):
    context, result = seed_result
    day = ws.key_date(seed_tables, result)
    assert day == "2023-05-27"
    assert rows(ws.events_on(seed_tables, day), ["event_id", "dates"]) == [
        ["e05", "2023-05-27"], ["e06", "2023-05-27"], ["e08", "2023-05-27..2023-05-29"]]
    start, end = ws.report_window(context, result, day)
    assert (start, end) == ("2023-05-25", "2023-05-29")
    got = rows(ws.reports_for(context, result, "Alexander Lukashenko", start, end), ["row", "place", "relation"])
    assert got == [[7, "Moscow", "supports e10"],
                   [8, "Minsk", "contradicts c08, c24, e05, e06, e08"],
                   [9, "Moscow", "(no relation found)"],
                   [10, "Minsk", "contradicts c08, c24, e05, e06, e08"]]


def test_another_article_gets_its_own_answers():
    text = ("Council vote delayed\n\nMayor Jane Doe was absent from the council vote on Monday, officials said.\n\n"
            "'She was at a conference in Lyon,' said Tom Brown, a long-time adviser to the mayor.\n\n"
            "Brown - who has worked for Doe since 2015 - said she would probably return on Friday.")
    tables = extract(from_text(text))
    assert rows(ws.named_sources(tables)) == [["Tom Brown", 2]]
    assert ws.asides(tables, "Tom Brown") == ["a long-time adviser to the mayor", "who has worked for Doe since 2015"]
    assert rows(ws.doubt_words(tables)) == [["probably", 1]]
    assert rows(ws.cited(tables, "Tom Brown")) == [["(nothing cited)", 2]]
    assert ws.key_date(tables) == ws.key_date(tables, None)  # no context file: still a day or ""


def test_answers_are_escaped_and_behind_a_click():
    html = ws.answer(ws.p("<script>alert(1)</script>") + ws.table_html(None, "<b>none</b>"))
    assert html.startswith("<details><summary>Show answer</summary>") and html.endswith("</details>")
    assert "<script>" not in html and "&lt;script&gt;" in html and "&lt;b&gt;none&lt;/b&gt;" in html


@pytest.mark.parametrize("body,expected", [
    ("According to John Smith, the plan had failed badly.", []),  # the content is no aside
    ("'We will win,' said John Smith, adding that the vote was rigged.", []),
    ("'We will win,' said John Smith, 58, in an interview on Tuesday.", []),
    ("'We will win,' said John Smith, 58, a retired teacher.", ["a retired teacher"]),
    ("John Smith - forced into exile - said the vote was rigged.", ["forced into exile"]),
    ("John Smith - jailed for two years - said the vote was rigged.", ["jailed for two years"]),
    ("'We will win,' said John Smith, speaking from Warsaw.", []),
])
def test_asides_are_descriptions_of_the_speaker(body, expected):
    assert ws.asides(extract(from_text("Vote\n\n" + body)), "John Smith") == expected

"""The coverage queries (explorer.coverage) on a small dataset built by the test."""
from __future__ import annotations

import pytest

from explorer.corpus import _write_part
from explorer.coverage import (CoverageError, claim_sources, events_by_month, language_rates, outlets,
                               spread, top_speakers)


def art(aid, outlet, words, status="ok"):
    return {"article_id": aid, "outlet": outlet, "published": "2016-03-01", "path": f"{aid}.txt",
            "key": aid, "status": status, "words": words, "seconds": 1.0}


def claim(aid, outlet, speaker, kind):
    return {"article_id": aid, "outlet": outlet, "claim_id": "c", "speaker": speaker, "speaker_type": kind}


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    ds = tmp_path_factory.mktemp("cov") / "ds"
    _write_part(ds / "articles" / "part-1.parquet", "articles",
                [art("a1", "nyt", 1000), art("a2", "nyt", 1000), art("b1", "fox", 500),
                 art("b2", "fox", 0, "failed"), art("c1", "ap", 400)])
    _write_part(ds / "claims" / "part-1.parquet", "claims",
                [claim("a1", "nyt", "Donald Trump", "named"), claim("a1", "nyt", "Donald Trump", "named"),
                 claim("a2", "nyt", "Donald Trump", "named"), claim("a2", "nyt", "Hillary Clinton", "named"),
                 claim("a2", "nyt", "officials", "anonymous"), claim("b1", "fox", "Hillary Clinton", "named"),
                 claim("b1", "fox", "the candidate", "named"), claim("b1", "fox", "the candidate", "named"),
                 claim("b1", "fox", "Fox News", "outlet"), claim("b1", "fox", "aides", "anonymous"),
                 claim("b1", "fox", "sources", "anonymous")])
    _write_part(ds / "people" / "part-1.parquet", "people",
                [{"article_id": a, "outlet": o, "name": n} for a, o, n in
                 [("a1", "nyt", "Donald Trump"), ("a2", "nyt", "Donald Trump"), ("a2", "nyt", "Hillary Clinton"),
                  ("b1", "fox", "Hillary Clinton"), ("b1", "fox", "Fox News Host")]])
    _write_part(ds / "language" / "part-1.parquet", "language",
                [{"article_id": "a1", "outlet": "nyt", "category": "hedge"}] * 4
                + [{"article_id": "b1", "outlet": "fox", "category": "loaded"}] * 3
                + [{"article_id": "b1", "outlet": "fox", "category": "hedge"}])
    _write_part(ds / "events" / "part-1.parquet", "events",
                [{"article_id": "a1", "outlet": "nyt", "date_start": "2016-03-01", "background": False},
                 {"article_id": "a1", "outlet": "nyt", "date_start": "2016-03-09", "background": False},
                 {"article_id": "a2", "outlet": "nyt", "date_start": "2016-02-28", "background": False},
                 {"article_id": "a2", "outlet": "nyt", "date_start": "2001-09-11", "background": True},
                 {"article_id": "b1", "outlet": "fox", "date_start": None, "background": False},
                 {"article_id": "b1", "outlet": "fox", "date_start": "2016-03", "background": False}])
    return ds


def test_outlets(dataset):
    assert outlets(dataset).to_dict("records") == [
        {"outlet": "ap", "articles": 1, "failed": 0, "words": 400},
        {"outlet": "fox", "articles": 1, "failed": 1, "words": 500},
        {"outlet": "nyt", "articles": 2, "failed": 0, "words": 2000}]


def test_claim_sources(dataset):
    df = claim_sources(dataset)
    assert df[["outlet", "named", "anonymous", "outlet_sources", "claims"]].to_dict("records") == [
        {"outlet": "ap", "named": 0, "anonymous": 0, "outlet_sources": 0, "claims": 0},
        {"outlet": "fox", "named": 3, "anonymous": 2, "outlet_sources": 1, "claims": 6},
        {"outlet": "nyt", "named": 4, "anonymous": 1, "outlet_sources": 0, "claims": 5}]
    assert df["named_share"].tolist()[1:] == [0.5, 0.8] and df["named_share"].isna().tolist()[0]


def test_top_speakers_are_people_of_the_article(dataset):
    # "the candidate" has two claims at fox but is no person of its article: it never ranks
    assert top_speakers(dataset, n=2).to_dict("records") == [
        {"outlet": "fox", "rank": 1, "speaker": "Hillary Clinton", "claims": 1, "articles": 1},
        {"outlet": "nyt", "rank": 1, "speaker": "Donald Trump", "claims": 3, "articles": 2},
        {"outlet": "nyt", "rank": 2, "speaker": "Hillary Clinton", "claims": 1, "articles": 1}]


def test_language_rates(dataset):
    assert language_rates(dataset).to_dict("records") == [
        {"outlet": "ap", "words": 400, "hedges": 0, "loaded": 0, "hedges_per_1000": 0.0, "loaded_per_1000": 0.0},
        {"outlet": "fox", "words": 500, "hedges": 1, "loaded": 3, "hedges_per_1000": 2.0, "loaded_per_1000": 6.0},
        {"outlet": "nyt", "words": 2000, "hedges": 4, "loaded": 0, "hedges_per_1000": 2.0, "loaded_per_1000": 0.0}]


def test_events_by_month(dataset):
    assert events_by_month(dataset).to_dict("records") == [
        {"outlet": "fox", "month": "2016-03", "events": 1},
        {"outlet": "nyt", "month": "2016-02", "events": 1},
        {"outlet": "nyt", "month": "2016-03", "events": 2}]


def test_spread_says_when_differences_are_within_chance(dataset):
    rates = language_rates(dataset)
    assert spread(rates, "hedges", "words", what="Hedges per 1,000 words") == (
        "Hedges per 1,000 words: pooled 1.7; highest fox (2.0), lowest ap (0.0). Every outlet's 95% "
        "interval contains the pooled rate: the differences are within chance.")
    import pandas as pd
    big = pd.DataFrame({"outlet": ["x", "y"], "n": [100, 10], "w": [10000, 10000]})
    assert spread(big, "n", "w", what="Loaded") == (
        "Loaded: pooled 5.5; highest x (10.0), lowest y (1.0). Above it beyond chance: x; "
        "below it beyond chance: y (95% intervals).")
    assert spread(big.iloc[:1], "n", "w", what="Loaded") == "Loaded: x 10.0. Only one outlet, so nothing to compare."
    # shares: Wilson intervals, so 0 of 12 is not "beyond chance" against a pooled 10%
    shares = pd.DataFrame({"outlet": ["x", "y"], "anon": [0, 4], "claims": [12, 28]})
    assert spread(shares, "anon", "claims", per=1, what="Anonymous") == (
        "Anonymous: pooled 10%; highest y (14%), lowest x (0%). Every outlet's 95% interval contains "
        "the pooled rate: the differences are within chance.")
    shares = pd.DataFrame({"outlet": ["x", "y"], "anon": [0, 40], "claims": [100, 100]})
    assert "Above it beyond chance: y; below it beyond chance: x" in spread(shares, "anon", "claims", per=1, what="A")


def test_missing_dataset_is_a_typed_error(tmp_path):
    with pytest.raises(CoverageError):
        outlets(tmp_path / "nope")
    (tmp_path / "empty").mkdir()
    with pytest.raises(CoverageError):
        claim_sources(tmp_path / "empty")

"""explorer.cache: an article's tables are extracted once and reused while current (same text and
metadata, same code), re-extracted otherwise."""
import json

import pandas as pd
import pytest

from explorer import cache
from explorer.cache import MANIFEST, article_key, code_key, is_current, load_or_extract, tables_dir

TEXT = "John Smith visits Paris\n\nJohn Smith said on 3 May 2023 that he met Mary Jones in Paris.\n"


@pytest.fixture
def counted(monkeypatch):
    """The number of extractions load_or_extract runs."""
    calls = []
    real = cache.extract_to
    monkeypatch.setattr(cache, "extract_to", lambda a, f: calls.append(a.path) or real(a, f))
    return calls


def test_extracts_once_then_reads(tmp_path, counted):
    art = tmp_path / "a.txt"
    art.write_text(TEXT, encoding="utf-8")
    _, first = load_or_extract(art, tmp_path / "processed")
    article, again = load_or_extract(art, tmp_path / "processed")
    assert len(counted) == 1
    folder = tmp_path / "processed" / "a"
    assert tables_dir(art, tmp_path / "processed") == folder
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [MANIFEST, "article.txt", "article.json"]
        + [f"{t}.csv" for t in ("blocks", "dates", "people", "places", "mentions", "events", "event_mentions",
                                "claims", "language")])
    assert json.loads((folder / MANIFEST).read_text(encoding="utf-8")) == {
        "article": article_key(article), "code": code_key(), "source": "a.txt"}
    from explorer.pipeline import extract
    fresh = extract(article)
    for name, df in fresh.items():
        pd.testing.assert_frame_equal(getattr(again, name), df, check_exact=True)
        pd.testing.assert_frame_equal(getattr(first, name), df, check_exact=True)


@pytest.mark.parametrize("change", ["text", "meta", "code", "manifest", "table"])
def test_stale_tables_are_extracted_again(tmp_path, counted, monkeypatch, change):
    art = tmp_path / "a.txt"
    art.write_text(TEXT, encoding="utf-8")
    load_or_extract(art, tmp_path)
    if change == "text":
        art.write_text(TEXT.replace("Paris", "Lyon"), encoding="utf-8")
    elif change == "meta":
        (tmp_path / "a.meta.json").write_text('{"published": "2023-06-03"}', encoding="utf-8")
    elif change == "code":
        monkeypatch.setattr(cache, "code_key", lambda: "0.0.0+other")
    elif change == "manifest":
        (tmp_path / "a" / MANIFEST).write_text("not json", encoding="utf-8")
    else:
        (tmp_path / "a" / "events.csv").unlink()
    article, tables = load_or_extract(art, tmp_path)
    assert len(counted) == 2
    assert is_current(article, tmp_path / "a")
    if change == "text":
        assert "Lyon" in set(tables.places["name"])


def test_code_key_is_version_and_hash():
    from explorer import __version__
    key = code_key()
    assert key.startswith(__version__ + "+") and len(key.split("+")[1]) == 16

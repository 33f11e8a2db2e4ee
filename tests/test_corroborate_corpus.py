"""Corroboration across a corpus (explorer.corroborate.corpus_context, explorer corroborate
--corpus): small corpora written by the test, extracted into a dataset, where two outlets
disagree on where a person was on a date, and where they agree."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from explorer.cli import main
from explorer.corpus import extract_corpus
from explorer.corroborate import CONTEXT_COLUMNS, RESULT_COLUMNS, corpus_context, corroborate_path
from explorer.errors import ContextError

HOSPITAL = ("hosp_2023-05-08_smith", "hosp", "2023-05-08", "Minister in hospital",
            "John Smith was rushed to hospital on 2 May 2023. He was stuck in Paris for three days, officials said.")
BERLIN = ("wire_2023-05-05_berlin", "wire", "2023-05-05", "Minister in Berlin",
          "John Smith arrived in Berlin on 4 May 2023, a spokesman said.")
PARIS = ("daily_2023-05-05_paris", "daily", "2023-05-05", "Minister in Paris",
         "John Smith arrived in Paris on 3 May 2023, a spokesman said.")
OTHER = ("misc_2023-05-05_storm", "misc", "2023-05-05", "Storm hits coast",
         "A storm hit Lisbon on 30 May 2023.")


def build(tmp: Path, *articles) -> tuple[Path, Path]:
    src = tmp / "articles"
    src.mkdir()
    for stem, outlet, published, head, body in articles:
        (src / f"{stem}.txt").write_text(f"{head}\n\n{body}\n", encoding="utf-8")
        (src / f"{stem}.meta.json").write_text(json.dumps({"outlet": outlet, "published": published}))
    ds = tmp / "ds"
    extract_corpus(src, ds, workers=0, progress=False)
    return src, ds


def test_context_from_the_other_articles(tmp_path):
    _, ds = build(tmp_path, HOSPITAL, BERLIN, OTHER)
    ctx = corpus_context(ds, exclude=HOSPITAL[0])
    assert list(ctx.columns) == ["context_row", *CONTEXT_COLUMNS]
    assert ctx.to_dict("records") == [{
        "context_row": 1, "date_start": "2023-05-04", "date_end": "2023-05-04", "time": "",
        "place": "Berlin", "people": "John Smith",
        "statement": "John Smith arrived in Berlin on 4 May 2023, a spokesman said.",
        "source": "wire: wire_2023-05-05_berlin", "source_date": "2023-05-05", "url": "",
        "relation": "", "confidence": ""}]
    # the excluded article's own events are left out; an undated, unplaced event is never a report
    assert set(corpus_context(ds)["source"]) == {"hosp: hosp_2023-05-08_smith", "wire: wire_2023-05-05_berlin"}


def test_two_outlets_disagree_on_where_he_was(tmp_path):
    src, ds = build(tmp_path, HOSPITAL, BERLIN)
    path = corroborate_path(src / f"{HOSPITAL[0]}.txt", None, tmp_path / "out", corpus=ds)
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert list(df.columns) == list(RESULT_COLUMNS)
    ev = df[df["item_kind"] == "event"]
    assert ev[["item_id", "relation", "rule", "item_dates", "item_place", "context_dates",
               "context_place", "context_source", "context_statement"]].to_dict("records") == [{
        "item_id": "e02", "relation": "contradicts", "rule": "place_conflict",
        "item_dates": "2023-05-02..2023-05-04", "item_place": "Paris", "context_dates": "2023-05-04",
        "context_place": "Berlin", "context_source": "wire: wire_2023-05-05_berlin",
        "context_statement": "John Smith arrived in Berlin on 4 May 2023, a spokesman said."}]
    assert ev["reason"].iloc[0] == ("the article places John Smith in Paris on 2 May 2023 to 4 May 2023; "
                                    "the report places John Smith in Berlin on 4 May 2023")


def test_two_outlets_agree(tmp_path):
    src, ds = build(tmp_path, HOSPITAL, PARIS)
    path = corroborate_path(src / f"{HOSPITAL[0]}.txt", None, tmp_path / "out", corpus=ds)
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    ev = df[df["item_kind"] == "event"]
    assert ev[["item_id", "relation", "rule", "context_source"]].to_dict("records") == [
        {"item_id": "e02", "relation": "supports", "rule": "same_place_overlap",
         "context_source": "daily: daily_2023-05-05_paris"}]
    assert ev["reason"].iloc[0] == "the report also places John Smith in Paris on 3 May 2023"


def test_cli_corpus_and_errors(tmp_path, capsys):
    src, ds = build(tmp_path, HOSPITAL, BERLIN)
    art = str(src / f"{HOSPITAL[0]}.txt")
    assert main(["corroborate", art, "--corpus", str(ds), "--out", str(tmp_path / "o")]) == 0
    assert (tmp_path / "o" / "corroboration.csv").is_file()
    assert main(["corroborate", art, "--corpus", str(tmp_path), "--out", str(tmp_path / "p")]) == 2
    assert "not a corpus dataset" in capsys.readouterr().err
    assert not (tmp_path / "p").exists()
    with pytest.raises(SystemExit):   # argparse: --context and --corpus exclude each other
        main(["corroborate", art, "--corpus", str(ds), "--context", "x.csv", "--out", "o"])
    with pytest.raises(ContextError):
        corroborate_path(art, None, tmp_path / "q")

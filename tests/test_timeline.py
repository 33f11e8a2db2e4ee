"""Entity timelines across a small constructed corpus (``explorer timeline``)."""
import csv
import json

import pytest

from explorer.extract import event_mentions as em
from explorer.timeline import COLUMNS, slug, timelines

needs_model = pytest.mark.skipif(em.tagger() is None, reason="no event-trigger CRF installed")


def test_slug():
    assert slug("iPhone 3G") == "iphone_3g"
    assert slug("Beatles Apple Corps") == "beatles_apple_corps"


@pytest.fixture
def corpus(tmp_path):
    d = tmp_path / "corpus"
    d.mkdir()
    (d / "a1.txt").write_text("Acme news\n\nAcme opened a factory in Ohio on March 3, 2008. "
                              "Rivals did not attend.", encoding="utf-8")
    (d / "a1.meta.json").write_text(json.dumps({"published": "2008-03-05"}), encoding="utf-8")
    (d / "a2.txt").write_text("More news\n\nAcme sold the factory in 2010.", encoding="utf-8")
    (d / "a2.meta.json").write_text(json.dumps({"published": "2010-06-01"}), encoding="utf-8")
    return d


@needs_model
def test_timeline_rows_are_dated_ordered_and_located(corpus):
    rows = timelines(corpus, ["Acme"])["Acme"]
    got = [(r["order"], r["date"], r["article_id"], (corpus / f"{r['article_id']}.txt").read_text()[r["trigger_start"]:r["trigger_end"]])
           for r in rows]
    assert got == [(1, "2008-03-03", "a1", "opened"), (2, "2010", "a2", "sold")]
    assert (rows[0]["label"], rows[0]["evidence"], rows[0]["certainty"]) == \
        ("opened in Ohio", "Acme opened a factory in Ohio on March 3, 2008.", "asserted")


@needs_model
def test_cli_writes_one_csv_per_entity(corpus, tmp_path):
    from explorer.cli import main
    out = tmp_path / "out"
    assert main(["timeline", str(corpus), "--entity", "Acme", "--out", str(out)]) == 0
    with (out / "acme.csv").open(encoding="utf-8") as f:
        r = csv.reader(f)
        assert next(r) == COLUMNS
        assert len(list(r)) == 2


def test_cli_needs_an_entity(corpus, tmp_path, capsys):
    from explorer.cli import main
    assert main(["timeline", str(corpus), "--out", str(tmp_path / "o")]) == 2
    assert "--entity" in capsys.readouterr().err

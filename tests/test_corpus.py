"""The corpus engine (explorer.corpus): Parquet dataset per table, rows identical to the
sequential CSV run, resume by content hash, failures table, Dask local cluster and an existing
scheduler on loopback. Corpora are written by the tests; nothing needs ../shared."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from conftest import ROOT
from explorer.batch import extract_path
from explorer.cli import main
from explorer.corpus import (KEY_COLUMNS, CorpusError, done_keys, extract_corpus, read_table)
from explorer.schema import TABLE_NAMES
from explorer.tables import Tables

ARTICLES = {
    "alpha_2023-05-04_visit": ("Minister visits Paris",
                               "John Smith arrived in Paris on 3 May 2023, officials said.\n\n"
                               "\"It was a good meeting,\" Smith told reporters. He will probably return."),
    "beta_2023-05-05_talks": ("Talks in Berlin",
                              "Anna Weber met John Smith in Berlin on 3 May 2023, a spokesman said.\n\n"
                              "The talks were allegedly tense, according to sources."),
    "gamma_2023-06-01_storm": ("Storm hits coast",
                               "A storm hit Lisbon on 30 May 2023. Mayor Rui Costa said the damage was severe."),
}


def write_corpus(d: Path, articles=ARTICLES, bad: bool = True) -> Path:
    d.mkdir(parents=True, exist_ok=True)
    for stem, (head, body) in articles.items():
        (d / f"{stem}.txt").write_text(f"{head}\n\n{body}\n", encoding="utf-8")
        outlet, published = stem.split("_")[:2]
        (d / f"{stem}.meta.json").write_text(json.dumps({"outlet": outlet, "published": published}),
                                             encoding="utf-8")
    if bad:
        (d / "delta_empty.txt").write_text("  \n", encoding="utf-8")
    return d


def snapshot(d: Path) -> dict[str, int]:
    return {str(p.relative_to(d)): p.stat().st_mtime_ns for p in sorted(d.rglob("*"))}


def assert_rows_match_csv(dataset: Path, csv_dir: Path, stems) -> None:
    """The dataset's rows of each article, minus the key columns, equal its CSVs row for row."""
    for t in TABLE_NAMES:
        df = read_table(dataset, t)
        for stem in stems:
            ours = df[df["article_id"] == stem].drop(columns=list(KEY_COLUMNS)).reset_index(drop=True)
            theirs = getattr(Tables.read_csv(csv_dir / stem), t)
            pd.testing.assert_frame_equal(ours, theirs, check_dtype=True)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return write_corpus(tmp_path_factory.mktemp("corpus") / "articles")


@pytest.fixture(scope="module")
def sequential(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("csv")
    res = extract_path(corpus, out, progress=False)
    assert res.articles == 3 and len(res.failures) == 1
    return out


@pytest.fixture(scope="module")
def inline(corpus, tmp_path_factory):
    ds = tmp_path_factory.mktemp("inline") / "ds"
    res = extract_corpus(corpus, ds, workers=0, progress=False, batch_size=2)
    return ds, res


def test_rows_identical_to_the_sequential_csv_run(inline, sequential):
    ds, res = inline
    assert (res.articles, res.done, res.skipped) == (4, 3, 0)
    assert_rows_match_csv(ds, sequential, ARTICLES)
    blocks = read_table(ds, "blocks")
    assert sorted(set(zip(blocks["article_id"], blocks["outlet"], blocks["published"]))) == [
        ("alpha_2023-05-04_visit", "alpha", "2023-05-04"), ("beta_2023-05-05_talks", "beta", "2023-05-05"),
        ("gamma_2023-06-01_storm", "gamma", "2023-06-01")]
    # two batches of two articles: a part per table, failures and articles each
    assert res.parts_written == 2 * (len(TABLE_NAMES) + 2)
    assert len(list((ds / "claims").glob("part-*.parquet"))) == 2


def test_failures_table_and_articles_record(inline):
    ds, res = inline
    fails = read_table(ds, "failures")
    assert fails["article_id"].tolist() == ["delta_empty"]
    assert fails["reason"].iloc[0].endswith("delta_empty.txt: the file is empty")
    assert [a for a, _ in res.failed] == ["delta_empty"]
    arts = read_table(ds, "articles").sort_values("article_id")
    assert arts["status"].tolist() == ["ok", "ok", "failed", "ok"]
    assert arts["words"].tolist() == [26, 25, 0, 19]
    assert set(done_keys(ds)) == set(ARTICLES) | {"delta_empty"}


def test_second_run_writes_nothing(corpus, inline):
    ds, _ = inline
    before = snapshot(ds)
    res = extract_corpus(corpus, ds, workers=0, progress=False)
    assert (res.done, res.skipped, res.parts_written, res.failed) == (0, 4, 0, [])
    assert snapshot(ds) == before


def test_interrupted_run_resumes_and_cleans_half_written_batches(corpus, sequential, tmp_path):
    ds = tmp_path / "ds"
    first = extract_corpus(corpus, ds, workers=0, progress=False, batch_size=1, limit=2)
    assert first.done == 2
    # a run killed mid-batch: a table part without its articles part, and a temporary file
    orphan = ds / "blocks" / "part-0000000000000000.parquet"
    orphan.write_bytes((ds / "blocks").glob("part-*.parquet").__next__().read_bytes())
    (ds / "claims" / "part-x.parquet.tmp").write_bytes(b"half")
    res = extract_corpus(corpus, ds, workers=0, progress=False, batch_size=1)
    assert (res.done, res.skipped, len(res.failed)) == (1, 2, 1)
    assert not orphan.exists() and not list(ds.rglob("*.tmp"))
    assert_rows_match_csv(ds, sequential, ARTICLES)


def test_a_changed_article_replaces_its_rows(tmp_path):
    src = write_corpus(tmp_path / "c", bad=False)
    ds = tmp_path / "ds"
    extract_corpus(src, ds, workers=0, progress=False)
    stem = "gamma_2023-06-01_storm"
    (src / f"{stem}.txt").write_text("Storm hits coast\n\nA storm hit Porto on 30 May 2023.\n", encoding="utf-8")
    res = extract_corpus(src, ds, workers=0, progress=False)
    assert (res.done, res.skipped) == (1, 2)
    out = tmp_path / "csv"
    extract_path(src, out, progress=False)
    assert_rows_match_csv(ds, out, ARTICLES)
    assert read_table(ds, "articles")["article_id"].tolist().count(stem) == 1


def test_options_are_part_of_the_key(corpus, tmp_path):
    ds = tmp_path / "ds"
    extract_corpus(corpus, ds, workers=0, progress=False, tables=["blocks"])
    assert sorted(p.name for p in ds.iterdir()) == ["articles", "blocks", "failures"]
    res = extract_corpus(corpus, ds, workers=0, progress=False, tables=["blocks"], published="2023-07-01")
    assert res.done == 3 and res.skipped == 0
    assert set(read_table(ds, "blocks")["published"]) == {"2023-07-01"}


def test_bad_arguments(corpus, tmp_path):
    with pytest.raises(CorpusError):
        extract_corpus(corpus, corpus / "delta_empty.txt", workers=0)
    with pytest.raises(CorpusError):
        extract_corpus(corpus, tmp_path / "ds", workers=-1)
    with pytest.raises(CorpusError):
        extract_corpus(corpus, tmp_path / "ds", workers=0, limit=0)
    assert main(["extract", str(corpus / "alpha_2023-05-04_visit.txt"), "--out", str(tmp_path / "x"),
                 "--format", "parquet"]) == 2
    assert main(["extract", str(corpus), "--out", str(tmp_path / "y"), "--workers", "2"]) == 2
    assert not (tmp_path / "y").exists()


def test_local_dask_cluster_with_two_workers(corpus, inline, tmp_path, capsys):
    ds = tmp_path / "ds"
    rc = main(["extract", str(corpus), "--out", str(ds), "--format", "parquet", "--workers", "2",
               "--no-progress"])
    assert rc == 2   # the empty article failed; the others were written
    out = capsys.readouterr()
    assert "3 extracted" in out.out and "delta_empty" in out.err and "; peak RSS per worker " in out.out
    for t in (*TABLE_NAMES, "failures"):
        a, b = read_table(ds, t), read_table(inline[0], t)
        pd.testing.assert_frame_equal(a, b)


def test_existing_scheduler_and_two_workers_on_loopback(corpus, inline, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    dask = [sys.executable, "-m", "distributed.cli.dask_scheduler"]
    sched_file = tmp_path / "scheduler.json"
    procs = [subprocess.Popen(dask + ["--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                                      "--dashboard-address", "127.0.0.1:0",
                                      "--scheduler-file", str(sched_file)],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        deadline = time.time() + 60
        while not sched_file.exists() and time.time() < deadline:
            time.sleep(0.2)
        address = json.loads(sched_file.read_text())["address"]
        assert address.startswith("tcp://127.0.0.1:")
        for _ in range(2):
            procs.append(subprocess.Popen(
                [sys.executable, "-m", "distributed.cli.dask_worker", address, "--nthreads", "1",
                 "--host", "127.0.0.1", "--no-dashboard", "--dashboard-address", "127.0.0.1:0",
                 "--nworkers", "1"],
                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        from distributed import Client
        with Client(address, timeout="30s") as c:
            c.wait_for_workers(2, timeout=120)
        ds = tmp_path / "ds"
        res = extract_corpus(corpus, ds, scheduler=address, progress=False)
        assert (res.done, len(res.failed), len(res.worker_peak_rss)) == (3, 1, 2)
        for t in TABLE_NAMES:
            pd.testing.assert_frame_equal(read_table(ds, t), read_table(inline[0], t))
        again = extract_corpus(corpus, ds, scheduler=address, progress=False)
        assert (again.done, again.parts_written) == (0, 0)
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()


def test_unreachable_scheduler_is_a_one_line_error(corpus, tmp_path, capsys):
    rc = main(["extract", str(corpus), "--out", str(tmp_path / "ds"), "--format", "parquet",
               "--scheduler", "tcp://127.0.0.1:9"])
    assert rc == 2
    assert capsys.readouterr().err.startswith("explorer: error: cannot reach the Dask scheduler")


def test_an_extractor_error_is_a_failure_row_not_a_crash(corpus, tmp_path, monkeypatch):
    import explorer.pipeline as pipeline
    real = pipeline.run

    def run(article, **kw):
        if "storm" in article.path:
            raise RuntimeError("boom")
        return real(article, **kw)

    monkeypatch.setattr(pipeline, "run", run)
    res = extract_corpus(corpus, tmp_path / "ds", workers=0, progress=False, tables=["blocks"])
    assert res.done == 2
    assert [(a, r.split(": ", 1)[1]) for a, r in res.failed] == [
        ("delta_empty", "the file is empty"), ("gamma_2023-06-01_storm", "RuntimeError: boom")]
    assert sorted(read_table(tmp_path / "ds", "failures")["article_id"]) == ["delta_empty", "gamma_2023-06-01_storm"]

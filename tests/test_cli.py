"""The command line: outputs, exit codes and one-line errors, bad input included."""
import shutil
import subprocess
import sys

import pandas as pd
import pytest

from conftest import ROOT, SEED
from explorer.tables import SCHEMA, TABLE_NAMES


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "explorer", *map(str, args)], capture_output=True,
                          text=True, cwd=cwd or ROOT, timeout=300)


def test_extract_seed_writes_every_table(tmp_path):
    r = run("extract", SEED, "--out", tmp_path)
    assert r.returncode == 0, r.stderr
    assert "1 article(s) extracted, 0 failed" in r.stdout
    for t in TABLE_NAMES:
        df = pd.read_csv(tmp_path / f"{t}.csv", dtype=str, keep_default_na=False)
        assert list(df.columns) == [c for c, _, _ in SCHEMA[t]]
    blocks = pd.read_csv(tmp_path / "blocks.csv")
    assert len(blocks) == 48


def test_csv_round_trip_keeps_schema(tmp_path, seed_tables):
    from explorer.tables import Tables
    seed_tables.write_csv(tmp_path)
    back = Tables.read_csv(tmp_path)
    for name, df in seed_tables.items():
        pd.testing.assert_frame_equal(getattr(back, name), df, check_dtype=True)


def test_offsets_in_csv_index_the_text(tmp_path):
    run("extract", SEED, "--out", tmp_path)
    text = SEED.read_text(encoding="utf-8")
    for table, (s, e, col) in {"blocks": ("start", "end", "text"), "dates": ("start", "end", "text"),
                               "mentions": ("start", "end", "text"), "language": ("start", "end", "term"),
                               "events": ("start", "end", "evidence"),
                               "claims": ("content_start", "content_end", "content")}.items():
        df = pd.read_csv(tmp_path / f"{table}.csv", dtype=str, keep_default_na=False)
        for _, row in df.iterrows():
            assert text[int(row[s]):int(row[e])] == row[col], (table, row.to_dict())


@pytest.mark.parametrize("content, message", [
    (b"", "empty"),
    (b"\x00\x01\x02\x03binary\x00", "binary"),
    (b"\xfa\xfb not utf8 \xc3\x28", "not UTF-8"),   # (\xff\xfe would be a UTF-16 byte-order mark)
    (b"<html><body><script>alert(1)</script><p>Hi</p></body></html>", "HTML"),
])
def test_bad_file_one_line_error_exit_2(tmp_path, content, message):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    out = tmp_path / "out"
    r = run("extract", bad, "--out", out)
    assert r.returncode == 2
    assert r.stdout.count("\n") <= 3
    err = [line for line in r.stderr.splitlines() if line.strip()]
    assert any(message in line for line in err + r.stdout.splitlines())
    assert bad.read_bytes() == content
    assert "Traceback" not in r.stderr


def test_missing_file(tmp_path):
    r = run("extract", tmp_path / "nope.txt", "--out", tmp_path / "o")
    assert r.returncode == 2
    assert r.stderr.strip().count("\n") == 0
    assert "no such file" in r.stderr
    assert not (tmp_path / "o").exists()


def test_directory_with_one_bad_file(tmp_path):
    src = tmp_path / "articles"
    src.mkdir()
    shutil.copy(SEED, src / "good.txt")
    shutil.copy(SEED.with_name(SEED.stem + ".meta.json"), src / "good.meta.json")
    (src / "bad.txt").write_bytes(b"\x00\x00\x00")
    out = tmp_path / "out"
    r = run("extract", src, "--out", out, "--no-progress")
    assert r.returncode == 2
    assert (out / "good" / "claims.csv").exists()
    assert not (out / "bad").exists()
    assert "1 article(s) extracted, 1 failed" in r.stdout
    assert "bad.txt" in r.stderr


def test_out_is_an_existing_file(tmp_path):
    f = tmp_path / "file.csv"
    f.write_text("keep me", encoding="utf-8")
    r = run("extract", SEED, "--out", f)
    assert r.returncode == 2
    assert f.read_text(encoding="utf-8") == "keep me"


def test_published_override(tmp_path):
    r = run("extract", SEED, "--out", tmp_path, "--published", "not-a-date")
    assert r.returncode == 2
    assert "publication date" in r.stderr


@pytest.mark.parametrize("tables, components", [
    (("dates",), ("blocks", "dates")),
    (("people", "places"), ("blocks", "entities")),
    (("claims",), ("blocks", "entities", "claims")),  # claims read people and mentions only
    (("events",), ("blocks", "dates", "entities", "language", "claims", "events")),
    (("event_mentions",), ("blocks", "dates", "entities", "event_mentions")),
    (None, ("blocks", "dates", "entities", "language", "claims", "events", "event_mentions")),
])
def test_components_for_tables(tables, components):
    from explorer.pipeline import components_for
    assert components_for(tables) == components


def test_extract_only_some_tables(tmp_path):
    r = run("extract", SEED, "--out", tmp_path, "--tables", "dates,people")
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["article.json", "article.txt", "dates.csv", "people.csv"]
    assert "rows: dates " in r.stdout and "claims" not in r.stdout
    full = tmp_path / "full"
    run("extract", SEED, "--out", full)
    assert (tmp_path / "dates.csv").read_bytes() == (full / "dates.csv").read_bytes()


def test_extract_unknown_table_is_a_one_line_error(tmp_path):
    r = run("extract", SEED, "--out", tmp_path, "--tables", "dates,weather")
    assert r.returncode == 2
    assert r.stderr.strip().splitlines() == [
        "explorer: error: unknown table(s) weather; choose from blocks, dates, people, places, mentions, "
        "language, claims, events, event_mentions"]
    assert not any(tmp_path.iterdir())


def test_extract_empty_table_list_is_an_error(tmp_path):
    r = run("extract", SEED, "--out", tmp_path, "--tables", ",")
    assert r.returncode == 2 and r.stderr.startswith("explorer: error: no table named")
    assert not any(tmp_path.iterdir())


def test_extract_config_file(tmp_path):
    """--config FILE (JSON, or TOML by its suffix) gives components options; both give the same
    rule-only claims, and an unknown option is a one-line error before any file is written."""
    (tmp_path / "rules.json").write_text('{"claims": {"mode": "rules"}}', encoding="utf-8")
    (tmp_path / "rules.toml").write_text('[claims]\nmode = "rules"\n', encoding="utf-8")
    for name in ("rules.json", "rules.toml"):
        r = run("extract", SEED, "--out", tmp_path / name[6:], "--tables", "claims", "--config", tmp_path / name)
        assert r.returncode == 0, r.stderr
    assert (tmp_path / "json" / "claims.csv").read_bytes() == (tmp_path / "toml" / "claims.csv").read_bytes()
    (tmp_path / "bad.json").write_text('{"claims": {"speed": 2}}', encoding="utf-8")
    r = run("extract", SEED, "--out", tmp_path / "bad", "--config", tmp_path / "bad.json")
    assert r.returncode == 2
    assert r.stderr.strip().splitlines() == [
        "explorer: error: config claims: unknown option 'speed'; choose from mode, tagger, thresholds"]
    assert not (tmp_path / "bad").exists()
    r = run("extract", SEED, "--out", tmp_path / "bad", "--config", tmp_path / "missing.json")
    assert r.returncode == 2 and r.stderr.startswith("explorer: error: ") and len(r.stderr.splitlines()) == 1

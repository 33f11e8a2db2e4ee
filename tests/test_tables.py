"""The schema module is the single truth: docs, DataFrames and the contract agree."""
import re

from conftest import ROOT
from explorer.tables import SCHEMA, frame, schema_markdown

CONTRACT_MINIMUM = {
    "blocks": "block_id, kind, text, start, end, duplicate_of",
    "dates": "mention_id, block_id, text, start, end, type, value, date_start, date_end",
    "people": "person_id, name, aliases, role, age, mentions",
    "places": "place_id, name, kind, country, lat, lon, mentions",
    "mentions": "entity_id, kind, text, start, end, block_id",
    "events": "event_id, label, date_start, date_end, date_text, place, participants, source, certainty, "
              "evidence, start, end, block_id",
    "claims": "claim_id, block_id, speaker, speaker_type, speaker_text, speaker_start, speaker_end, cue, "
              "cue_start, cue_end, content, content_start, content_end, via, certainty",
    "language": "term, category, start, end, block_id",
}


def test_schema_covers_the_contract():
    for table, cols in CONTRACT_MINIMUM.items():
        have = [c for c, _, _ in SCHEMA[table]]
        assert set(cols.split(", ")) <= set(have), table


def test_docs_schema_section_is_generated_from_code():
    doc = (ROOT / "docs" / "TABLES.md").read_text(encoding="utf-8")
    section = re.search(r"<!-- schema:start -->\n(.*)<!-- schema:end -->", doc, re.S).group(1)
    assert section == schema_markdown()


def test_frame_fills_missing_columns_with_empty_values():
    df = frame("people", [{"person_id": "p01", "name": "Ada Lovelace", "age": 36}])
    assert list(df.columns) == [c for c, _, _ in SCHEMA["people"]]
    assert df.loc[0, "aliases"] == ""
    assert df.loc[0, "age"] == 36 and str(df["age"].dtype) == "Int64"
    assert df["mentions"].isna().all()


def test_pandas_free_writer_matches_dataframe_csv_byte_for_byte(tmp_path, seed_doc, seed_tables):
    """The batch path writes rows with explorer.schema.write_rows; the notebooks write DataFrames
    with Tables.write_csv. Both must give the same files."""
    from explorer.schema import write_rows
    seed_tables.write_csv(tmp_path / "frames")
    (tmp_path / "rows").mkdir()
    for t in SCHEMA:
        write_rows(t, seed_doc.rows.get(t) or [], tmp_path / "rows" / f"{t}.csv")
        assert (tmp_path / "rows" / f"{t}.csv").read_bytes() == (tmp_path / "frames" / f"{t}.csv").read_bytes(), t


def test_writer_quotes_and_empties_like_pandas(tmp_path):
    rows = [{"person_id": "p01", "name": 'Said "no", left\nearly', "aliases": "", "age": None, "mentions": 2}]
    from explorer.schema import write_rows
    write_rows("people", rows, tmp_path / "a.csv")
    frame("people", rows).to_csv(tmp_path / "b.csv", index=False, encoding="utf-8", lineterminator="\n")
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()


def test_schema_module_does_not_import_pandas():
    import subprocess
    import sys
    code = "import sys, explorer.batch, explorer.schema; print('pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "False"


def test_writer_matches_pandas_for_nan_and_odd_floats(tmp_path):
    from explorer.schema import write_rows
    rows = [{"place_id": "l01", "name": "X", "lat": float("nan"), "lon": 1e-05},
            {"place_id": "l02", "name": "Y\r\nZ", "lat": -0.0, "lon": 1e16}]
    write_rows("places", rows, tmp_path / "a.csv")
    frame("places", rows).to_csv(tmp_path / "b.csv", index=False, encoding="utf-8", lineterminator="\n")
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()

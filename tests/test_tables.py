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

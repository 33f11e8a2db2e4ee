"""The tables as pandas DataFrames: assembly, CSV write and read. The schema itself (columns,
dtypes, meanings) lives in :mod:`explorer.schema`, shared with the pandas-free CSV writer, so the
CSV files and the DataFrames never drift.

Every extractor returns a list of plain dicts; :func:`frame` turns them into a DataFrame with
exactly the columns below, in this order (missing keys become empty values).
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

import pandas as pd

from .atomic import atomic_write
from .schema import SCHEMA, TABLE_NAMES, coerce, columns, schema_markdown  # noqa: F401  (re-exported)

_PANDAS = {"str": "object", "int": "Int64", "float": "float64", "bool": "boolean"}


def frame(table: str, rows: list[dict] | None = None) -> pd.DataFrame:
    """Rows (dicts) to a DataFrame with the table's exact columns and dtypes."""
    cols = SCHEMA[table]
    rows = rows or []
    data = {}
    for name, kind, _ in cols:
        vals = [coerce(kind, r.get(name)) for r in rows]
        if kind == "str":
            vals = ["" if v is None else v for v in vals]
        data[name] = pd.Series(vals, dtype=_PANDAS[kind])
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
    """The nine tables of one article, as DataFrames with the schema above."""
    blocks: pd.DataFrame
    dates: pd.DataFrame
    people: pd.DataFrame
    places: pd.DataFrame
    mentions: pd.DataFrame
    events: pd.DataFrame
    claims: pd.DataFrame
    language: pd.DataFrame
    event_mentions: pd.DataFrame

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
            with atomic_write(p, "w", newline="") as f:
                df.to_csv(f, index=False, lineterminator="\n")
            paths.append(p)
        return paths

    @classmethod
    def read_csv(cls, in_dir) -> "Tables":
        """Read the CSVs written by :meth:`write_csv` back with the same dtypes."""
        d = Path(in_dir)
        return cls(**{t: conform(t, pd.read_csv(d / f"{t}.csv", dtype=str, keep_default_na=False))
                      for t in TABLE_NAMES})

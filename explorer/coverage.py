"""Coverage across a corpus: SQL (DuckDB) over the Parquet dataset that ``explorer extract DIR
--format parquet`` writes, for ``notebooks/08_coverage.ipynb``.

In:  a dataset directory (``<table>/part-*.parquet``, see :mod:`explorer.corpus`).
Out: small pandas DataFrames, one row per outlet (or outlet and month, or outlet and speaker);
     the joins and counts run in DuckDB, never in pandas. :func:`spread` says in words whether
     the outlets differ by more than chance, so the notebook does not invent findings.

Every function opens its own in-memory DuckDB connection with one view per table present and
closes it; the dataset is only read.
"""
from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from .errors import ExplorerError

TABLES = ("articles", "claims", "language", "events", "people")
Z95 = 1.96   #: the normal quantile of a two-sided 95% interval


class CoverageError(ExplorerError):
    """The dataset is missing or lacks a table a query needs."""


def _query(dataset, sql: str, params: list | None = None) -> pd.DataFrame:
    import duckdb

    d = Path(dataset)
    if not d.is_dir():
        raise CoverageError(f"{d}: no such dataset (make one with: explorer extract DIR --out {d} --format parquet)")
    con = duckdb.connect()
    try:
        for t in TABLES:
            parts = sorted((d / t).glob("part-*.parquet")) if (d / t).is_dir() else []
            if parts:
                files = ", ".join("'" + str(p).replace("'", "''") + "'" for p in parts)
                con.execute(f"CREATE VIEW {t} AS SELECT * FROM read_parquet([{files}])")
        try:
            return con.execute(sql, params or []).df()
        except duckdb.CatalogException as exc:
            raise CoverageError(f"{d}: the dataset lacks a table this query needs ({str(exc).splitlines()[0]})") from None
    finally:
        con.close()


def outlets(dataset) -> pd.DataFrame:
    """Per outlet: ``articles`` extracted, ``failed``, ``words`` (of content blocks)."""
    return _query(dataset, """
        SELECT coalesce(outlet, '') AS outlet,
               count(*) FILTER (WHERE status = 'ok') AS articles,
               count(*) FILTER (WHERE status = 'failed') AS failed,
               coalesce(sum(words) FILTER (WHERE status = 'ok'), 0)::BIGINT AS words
        FROM articles GROUP BY 1 ORDER BY 1""")


def claim_sources(dataset) -> pd.DataFrame:
    """Per outlet: claims resting on ``named``, ``anonymous`` and ``outlet`` sources, the
    ``claims`` in all, and the shares ``named_share``, ``anonymous_share``, ``outlet_share``."""
    df = _query(dataset, """
        SELECT coalesce(a.outlet, '') AS outlet,
               count(c.claim_id) FILTER (WHERE c.speaker_type = 'named') AS named,
               count(c.claim_id) FILTER (WHERE c.speaker_type = 'anonymous') AS anonymous,
               count(c.claim_id) FILTER (WHERE c.speaker_type = 'outlet') AS "outlet_source",
               count(c.claim_id) AS claims
        FROM (SELECT DISTINCT article_id, outlet FROM articles WHERE status = 'ok') a
        LEFT JOIN claims c USING (article_id)
        GROUP BY 1 ORDER BY 1""")
    df = df.rename(columns={"outlet_source": "outlet_sources"})
    for k in ("named", "anonymous", "outlet_sources"):
        df[f"{k}_share"] = (df[k] / df["claims"].where(df["claims"] > 0)).round(3)
    return df


def top_speakers(dataset, n: int = 5) -> pd.DataFrame:
    """Per outlet, the ``n`` most-quoted people: ``outlet``, ``rank``, ``speaker``, ``claims``
    (ties broken by name) and ``articles`` (how many articles quote them). A speaker counts as a
    person when the same article's ``people`` table has a person of that name, so "the senator"
    or "the story" never rank."""
    return _query(dataset, """
        SELECT outlet, rank, speaker, claims, articles FROM (
            SELECT coalesce(c.outlet, '') AS outlet, c.speaker, count(*) AS claims,
                   count(DISTINCT c.article_id) AS articles,
                   row_number() OVER (PARTITION BY coalesce(c.outlet, '') ORDER BY count(*) DESC, c.speaker) AS rank
            FROM claims c
            JOIN (SELECT DISTINCT article_id, name FROM people) p
              ON p.article_id = c.article_id AND p.name = c.speaker
            GROUP BY 1, 2)
        WHERE rank <= ? ORDER BY outlet, rank""", [int(n)])


def language_rates(dataset) -> pd.DataFrame:
    """Per outlet: ``words``, ``hedges`` and ``loaded`` terms, and each per 1,000 words
    (``hedges_per_1000``, ``loaded_per_1000``)."""
    df = _query(dataset, """
        SELECT o.outlet, o.words,
               coalesce(l.hedges, 0)::BIGINT AS hedges, coalesce(l.loaded, 0)::BIGINT AS loaded
        FROM (SELECT coalesce(outlet, '') AS outlet, sum(words)::BIGINT AS words
              FROM articles WHERE status = 'ok' GROUP BY 1) o
        LEFT JOIN (SELECT coalesce(outlet, '') AS outlet,
                          count(*) FILTER (WHERE category = 'hedge') AS hedges,
                          count(*) FILTER (WHERE category = 'loaded') AS loaded
                   FROM language GROUP BY 1) l USING (outlet)
        ORDER BY 1""")
    for k in ("hedges", "loaded"):
        df[f"{k}_per_1000"] = (1000 * df[k] / df["words"].where(df["words"] > 0)).round(2)
    return df


def events_by_month(dataset) -> pd.DataFrame:
    """Dated events of the story (``background`` False) per outlet and month of their first
    day: ``outlet``, ``month`` (YYYY-MM), ``events``."""
    return _query(dataset, """
        SELECT coalesce(outlet, '') AS outlet, substr(date_start, 1, 7) AS month, count(*) AS events
        FROM events
        WHERE coalesce(date_start, '') <> '' AND NOT coalesce(background, false)
        GROUP BY 1, 2 ORDER BY 1, 2""")


def spread(df: pd.DataFrame, count: str, total: str, *, what: str, per: float = 1000.0) -> str:
    """One sentence on how the outlets' rates ``count / total`` differ.

    Each outlet's rate gets a 95% interval (a Wilson interval for a share when ``per`` is 1,
    else the normal approximation to a Poisson count, with a count of 0 taken as 1); the pooled
    rate is ``sum(count) / sum(total)``. When every interval contains the pooled rate the
    sentence says the differences are within chance; otherwise it names the outlets above and
    below. The intervals treat words (or claims) as independent, so they are if anything too
    narrow. ``what`` names the rate in the sentence.
    """
    d = df[df[total] > 0]
    if d.empty:
        return f"No outlet has any {what} to compare."
    pooled = d[count].sum() / d[total].sum()
    rates = d[count] / d[total]
    n = d[total].astype(float)
    if per == 1:
        z2 = Z95 ** 2
        centre = (rates + z2 / (2 * n)) / (1 + z2 / n)
        half = Z95 * (rates * (1 - rates) / n + z2 / (4 * n * n)).map(math.sqrt) / (1 + z2 / n)
        lo, hi = centre - half, centre + half
    else:
        se = d[count].clip(lower=1).map(math.sqrt) / n
        lo, hi = rates - Z95 * se, rates + Z95 * se
    above = d.loc[lo > pooled, "outlet"].tolist()
    below = d.loc[hi < pooled, "outlet"].tolist()
    fmt = (lambda r: f"{r:.0%}") if per == 1 else (lambda r: f"{r * per:.1f}")
    if len(d) < 2:
        return f"{what}: {d['outlet'].iloc[0]} {fmt(pooled)}. Only one outlet, so nothing to compare."
    top, bottom = rates.idxmax(), rates.idxmin()
    head = (f"{what}: pooled {fmt(pooled)}; highest {d.loc[top, 'outlet']} ({fmt(rates[top])}), "
            f"lowest {d.loc[bottom, 'outlet']} ({fmt(rates[bottom])}).")
    if not above and not below:
        return head + " Every outlet's 95% interval contains the pooled rate: the differences are within chance."
    parts = []
    if above:
        parts.append(f"above it beyond chance: {', '.join(above)}")
    if below:
        parts.append(f"below it beyond chance: {', '.join(below)}")
    return head + " " + "; ".join(parts).capitalize() + " (95% intervals)."

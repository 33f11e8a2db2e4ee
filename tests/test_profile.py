"""Source profile and anonymous-only claims on constructed tables, plus its agreement with the
sources plot's shares and the seed's expectations once the claims extractor fills in."""
from __future__ import annotations

import pandas as pd
import pytest

from explorer.profile import PROFILE_COLUMNS, claim_support, single_source, source_profile
from explorer.tables import Tables

# b001 headline, b002 paragraph with two claims, b003 outlet paragraph with a hedge,
# b004 caption, b005 its duplicate, b006 boilerplate
PARTS = [
    ("headline", "Mayor ill, rival says"),
    ("paragraph", "Ann Lee said the mayor collapsed. Doctors claimed he may die."),
    ("paragraph", "The mayor is believed to be abroad. He won in 2020."),
    ("caption", "The mayor (left) at a rally"),
    ("caption", "The mayor (left) at a rally"),
    ("boilerplate", "Share this article"),
]


def build():
    text, blocks, pos = "", [], 0
    for i, (kind, t) in enumerate(PARTS):
        if text:
            text += "\n\n"
        start = len(text)
        text += t
        dup = "b004" if i == 4 else ""
        blocks.append({"block_id": f"b{i + 1:03d}", "kind": kind, "text": t, "start": start,
                       "end": start + len(t), "duplicate_of": dup})
    return text, blocks


TEXT, BLOCKS = build()


def at(s, nth=0):
    pos = -1
    for _ in range(nth + 1):
        pos = TEXT.index(s, pos + 1)
    return pos, pos + len(s)


def claim(cid, speaker, stype, content, certainty, via=""):
    a, b = at(content)
    return {"claim_id": cid, "block_id": "b002", "speaker": speaker, "speaker_type": stype,
            "content": content, "content_start": a, "content_end": b, "via": via, "certainty": certainty}


CLAIMS = [claim("c01", "Ann Lee", "named", "the mayor collapsed", "asserted", via="hospital staff"),
          claim("c02", "Doctors", "anonymous", "he may die", "speculative")]
PEOPLE = [{"person_id": "p01", "name": "Ann Lee"}, {"person_id": "p02", "name": "Bob Mayor"}]


def tables(claims=CLAIMS, people=PEOPLE, language=None, events=None, mentions=None):
    hedge = at("is believed")
    return Tables.from_rows({"blocks": BLOCKS, "claims": list(claims), "people": people,
                             "language": language if language is not None else
                             [{"term": "is believed", "category": "hedge", "start": hedge[0], "end": hedge[1],
                               "block_id": "b003"}],
                             "events": events or [], "mentions": mentions or []})


def test_profile_rows():
    prof = source_profile(tables())
    assert list(prof.columns) == list(PROFILE_COLUMNS)
    got = prof[["source", "kind", "claims", "chars", "asserted_chars", "hedged_chars", "speculative_chars",
                "anonymous_only_claims", "single_source_story"]].values.tolist()
    outlet = (len("Mayor ill, rival says") + len("Ann Lee said . Doctors claimed .")
              + len("The mayor is believed to be abroad. He won in 2020."))
    assert got == [
        ["outlet", "outlet", 0, outlet, outlet - len("The mayor is believed to be abroad."),
         len("The mayor is believed to be abroad."), 0, 0, False],
        ["captions", "caption", 0, 27, 27, 0, 0, 0, False],
        ["Ann Lee", "named", 1, 19, 19, 0, 0, 1, True],
        ["Doctors", "anonymous", 1, 10, 0, 0, 10, 1, False],
    ]
    assert prof["share"].sum() == pytest.approx(1.0)
    assert prof.set_index("source").loc["Ann Lee", "attributed_share"] == pytest.approx(19 / 29)
    assert prof.set_index("source").loc["Ann Lee", "cites"] == "hospital staff"
    assert single_source(prof) == "Ann Lee"


def test_no_single_source_when_no_named_source_carries_half():
    claims = [claim("c01", "Ann Lee", "named", "the mayor", "asserted"),
              claim("c02", "Doctors", "anonymous", "he may die", "speculative")]
    prof = source_profile(tables(claims))
    assert not prof["single_source_story"].any() and single_source(prof) == ""


def test_event_certainty_marks_outlet_text():
    a, b = at("He won in 2020.")
    ev = [{"event_id": "e01", "label": "win", "certainty": "speculative", "start": a, "end": b}]
    prof = source_profile(tables(events=ev)).set_index("source")
    assert prof.loc["outlet", "speculative_chars"] == len("He won in 2020.")


@pytest.mark.parametrize("speaker_type, via, people, orgs, expected", [
    ("anonymous", "", [], [], True),
    ("named", "", [], [], False),                                 # on the record
    ("named", "Russian doctors", [], [], True),
    ("named", "his medical sources; Ann Lee", PEOPLE, [], False),  # one named source is enough
    ("named", "aides to Lee", PEOPLE, [], False),                  # surname
    ("named", "a Reuters report", [], ["Reuters"], False),         # organisation
    ("outlet", "sources", [], [], False),
])
def test_anonymous_only(speaker_type, via, people, orgs, expected):
    c = claim("c01", "Ann Lee", speaker_type, "the mayor collapsed", "asserted", via=via)
    mentions = [{"entity_id": "o01", "kind": "org", "text": o, "name": o} for o in orgs]
    sup = claim_support(tables([c], people=people, mentions=mentions))
    assert sup.loc[0, "anonymous_only"] is expected or bool(sup.loc[0, "anonymous_only"]) is expected


def test_empty_tables():
    assert source_profile(Tables.from_rows({})).empty
    assert claim_support(Tables.from_rows({})).empty


def test_chars_agree_with_the_sources_plot():
    from explorer.plots.sources import source_shares
    t = tables()
    prof = source_profile(t).set_index("source")["chars"].to_dict()
    shares = source_shares(t.claims, t.blocks).set_index("source")["chars"].to_dict()
    assert prof == shares


def test_seed_profile(seed_tables):
    if seed_tables.claims.empty:
        pytest.skip("the claims extractor gives no rows yet")
    prof = source_profile(seed_tables)
    assert single_source(prof) == "Valery Tsepkalo"
    row = prof.set_index("source").loc["Valery Tsepkalo"]
    assert row["kind"] == "named" and row["claims"] >= 8 and row["hedged_chars"] > 0
    assert "doctors" in row["cites"].lower()
    assert row["anonymous_only_claims"] >= 1

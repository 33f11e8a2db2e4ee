"""Attribution: table-driven patterns on constructed sentences, the seed's expected claims,
quotation detection, and a property test (never raises, spans exact)."""
from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings, strategies as st

from explorer.article import from_text
from explorer.errors import ExplorerError
from explorer.extract.attribution import arbitration, lexicon, phrases, tagged
from explorer.extract.attribution import tagger as am
from explorer.extract.attribution.arbitration import Thresholds
from explorer.extract.attribution.claim import Claim
from explorer.extract.attribution.speakers import find_via
from explorer.extract.attribution.tagged import _model_content, _trim_source
from explorer.extract.attribution.text import find_quotes
from explorer.pipeline import run

from conftest import span_of

PIPE = ("blocks", "entities", "language", "claims")


def claims_of(body: str, headline: str = "Talks collapse", mode: str | None = None,
              **options) -> tuple[str, list[dict]]:
    """The claims rows of ``body`` under ``headline``; ``mode`` and ``options`` configure the
    claims component (none: its defaults)."""
    text = f"{headline}\n\n{body}"
    config = {"mode": mode, **options} if mode else options
    return text, run(from_text(text), pipeline=PIPE, config={"claims": config} if config else None).rows["claims"]


# body, speaker, speaker_text, cue, content, kind, speaker_type, via, certainty
PATTERNS = [
    # a source noun keeps its post-modifier: the speaker is the officials, not the city
    ("Officials in Moscow said the plan had failed.",
     "Officials in Moscow", "Officials in Moscow", "said", "the plan had failed", "indirect", "anonymous", "", "asserted"),
    ("A spokesman for the campaign said the plan had failed.",
     "A spokesman for the campaign", "A spokesman for the campaign", "said", "the plan had failed", "indirect",
     "anonymous", "", "asserted"),
    # a parenthetical attribution: what is said runs around it (PolNeAR's content, first to last)
    ("The plan, John Smith said, is dead and will not be revived.",
     "John Smith", "John Smith", "said", "The plan, John Smith said, is dead and will not be revived",
     "indirect", "named", "", "speculative"),
    ("The problem, according to John Smith, is that nobody reads the reports.",
     "John Smith", "John Smith", "according to", "The problem, according to John Smith, is that nobody reads the reports",
     "according_to", "named", "", "asserted"),
    # ... but not when an aside follows the attribution
    ("The plan is dead, John Smith said, adding that nobody cared.",
     "John Smith", "John Smith", "said", "The plan is dead", "indirect", "named", "", "asserted"),
    # an opening adverbial alone is not what was said
    ("For two years, John Smith refused to call him Ted.",
     "John Smith", "John Smith", "refused", "to call him Ted", "indirect", "named", "", "asserted"),
    ("John Smith said that the plan had failed.",
     "John Smith", "John Smith", "said", "the plan had failed", "indirect", "named", "", "asserted"),
    ("'The plan has failed,' John Smith said.",
     "John Smith", "John Smith", "said", "'The plan has failed,'", "direct", "named", "", "asserted"),
    ("'We will win,' said Hall, 45.",
     "Hall", "Hall", "said", "'We will win,'", "direct", "named", "", "speculative"),
    # a quotation resumed after its cue is one claim: both fragments and what lies between
    ("'The plan has failed,' John Smith added, 'and nobody will admit it.'",
     "John Smith", "John Smith", "added", "'The plan has failed,' John Smith added, 'and nobody will admit it.'",
     "direct", "named", "", "speculative"),
    ("\"The plan has failed,\" said John Smith, \"and nobody will admit it.\"",
     "John Smith", "John Smith", "said", "\"The plan has failed,\" said John Smith, \"and nobody will admit it.\"",
     "direct", "named", "", "speculative"),
    ("According to officials, the plan had failed.",
     "officials", "officials", "According to", "the plan had failed", "according_to", "anonymous", "", "asserted"),
    ("The plan had failed, according to officials.",
     "officials", "officials", "according to", "The plan had failed", "according_to", "anonymous", "", "asserted"),
    ("Mary Jones told reporters the plan had failed.",
     "Mary Jones", "Mary Jones", "told", "the plan had failed", "indirect", "named", "", "asserted"),
    ("Mary Jones told reporters that the plan had failed.",
     "Mary Jones", "Mary Jones", "told", "the plan had failed", "indirect", "named", "", "asserted"),
    ("In a statement, the ministry said the plan had failed.",
     "the ministry", "the ministry", "said", "the plan had failed", "indirect", "named", "", "asserted"),
    ("The plan probably failed, Peter Hall said.",
     "Peter Hall", "Peter Hall", "said", "The plan probably failed", "indirect", "named", "", "speculative"),
    ("Peter Hall claimed the plan was sabotaged.",
     "Peter Hall", "Peter Hall", "claimed", "the plan was sabotaged", "indirect", "named", "", "hedged"),
    ("Peter Hall says he has heard from senior officials that the plan failed.",
     "Peter Hall", "Peter Hall", "says", "he has heard from senior officials that the plan failed", "indirect",
     "named", "senior officials", "asserted"),
    ("Anna Berg, a local councillor, said: 'We were never consulted.'",
     "Anna Berg", "Anna Berg", "said", "'We were never consulted.'", "colon", "named", "", "asserted"),
    # "X argued that:" closing a paragraph: what is argued is the next paragraph
    ("Anna Berg argued that:\n\nOnly 2,200 refugees were admitted in four years.",
     "Anna Berg", "Anna Berg", "argued", "Only 2,200 refugees were admitted in four years.", "colon", "named", "",
     "asserted"),
    ("Sources close to the talks said the deal was dead.",
     "Sources close to the talks", "Sources close to the talks", "said", "the deal was dead", "indirect",
     "anonymous", "", "asserted"),
    # a capitalised function word inside a name is part of it ("May" is no modal here)
    ("Theresa May said the deal was dead.",
     "Theresa May", "Theresa May", "said", "the deal was dead", "indirect", "named", "", "asserted"),
    ("'The deal is dead,' said Theresa May, the prime minister.",
     "Theresa May", "Theresa May", "said", "'The deal is dead,'", "direct", "named", "", "asserted"),
    # a time adverbial after the cue is not the speaker ("said Tuesday")
    ("'The veto will be overridden,' Senate Majority Leader Mitch McConnell, R-Ky., said Tuesday.",
     "Mitch McConnell", "Senate Majority Leader Mitch McConnell", "said", "'The veto will be overridden,'",
     "direct", "named", "", "speculative"),
    # a participle after a comma is not inverted: what follows it is the content, not the speaker
    ("Anna Berg, head of the council, tied the figures to better schools, saying the law helped thousands of pupils.",
     "Anna Berg", "Anna Berg", "saying", "the law helped thousands of pupils", "indirect", "named", "", "asserted"),
]


@pytest.mark.parametrize("body,speaker,speaker_text,cue,content,kind,stype,via,certainty", PATTERNS)
def test_attribution_patterns(body, speaker, speaker_text, cue, content, kind, stype, via, certainty):
    text, rows = claims_of(body)
    match = [r for r in rows if r["content"] == content]
    assert len(match) == 1, rows
    r = match[0]
    assert (r["speaker"], r["speaker_text"], r["cue"], r["kind"], r["speaker_type"], r["via"], r["certainty"]) == \
        (speaker, speaker_text, cue, kind, stype, via, certainty)
    # every span is exact and points at the mention near the cue
    assert text[r["speaker_start"]:r["speaker_end"]] == speaker_text
    assert text[r["cue_start"]:r["cue_end"]] == cue
    assert text[r["content_start"]:r["content_end"]] == content
    assert (r["content_start"], r["content_end"]) == span_of(text, content)


def test_nominal_claim():
    text, rows = claims_of("Critics dismissed John Smith's claim that the plan had worked.")
    nom = [r for r in rows if r["kind"] == "nominal"]
    assert [(r["speaker"], r["cue"], r["content"], r["certainty"]) for r in nom] == \
        [("John Smith", "claim", "the plan had worked", "hedged")]
    assert (nom[0]["cue_start"], nom[0]["cue_end"]) == span_of(text, "claim")


def test_pronoun_resolution_to_previous_person():
    text, rows = claims_of("Anna Berg arrived late. She said the vote was rigged.")
    assert [(r["speaker"], r["speaker_text"], r["speaker_start"]) for r in rows] == \
        [("Anna Berg", "She", text.index("She"))]


def test_multi_paragraph_quote_continues_speaker():
    body = ("Anna Berg, a local councillor, said: 'We were never consulted.'\n\n"
            "'Nobody asked us anything.'\n\n'It is a scandal.'\n\nThe council met on Monday.")
    text, rows = claims_of(body)
    assert [(r["speaker"], r["cue"], r["kind"], r["content"]) for r in rows] == [
        ("Anna Berg", "said", "colon", "'We were never consulted.'"),
        ("Anna Berg", "", "continued", "'Nobody asked us anything.'"),
        ("Anna Berg", "", "continued", "'It is a scandal.'"),
    ]
    assert rows[1]["speaker_start"] is None and rows[1]["cue_start"] is None
    assert [r["claim_id"] for r in rows] == ["c01", "c02", "c03"]


def test_quote_sentence_after_cue_in_same_paragraph_is_one_statement():
    # one speaker turn in one paragraph is one statement (PolNeAR's discontinuous content): the
    # row's content runs from the first quotation to the last; its certainty is the least certain
    # of the quotations
    text, rows = claims_of('"We won," Hall said. "Nobody stopped us."')
    assert [(r["speaker"], r["kind"], r["cue"], r["content"], r["certainty"]) for r in rows] == [
        ("Hall", "direct", "said", '"We won," Hall said. "Nobody stopped us."', "asserted")]
    text, rows = claims_of('"We won," Hall said. "Nobody stopped us probably."')
    assert [(r["content"], r["certainty"]) for r in rows] == [
        ('"We won," Hall said. "Nobody stopped us probably."', "speculative")]


def test_quotes_continued_in_a_later_paragraph_are_one_row_per_paragraph():
    text, rows = claims_of("Anna Berg spoke to reporters.\n\n'We will win this fight,' she said.\n\n"
                           '"The vote was stolen from the people." She paused. "Everyone in the country knows it."')
    assert [(r["kind"], r["block_id"], r["content"]) for r in rows if r["cue"] != "spoke"] == [
        ("direct", "b003", "'We will win this fight,'"),
        ("continued", "b004", '"The vote was stolen from the people." She paused. "Everyone in the country knows it."')]


def test_quote_in_the_next_paragraph_keeps_its_own_row():
    text, rows = claims_of('"We will win," Hall said.\n\n"Nobody can stop us."')
    assert [(r["speaker"], r["kind"], r["content"]) for r in rows] == [
        ("Hall", "direct", '"We will win,"'), ("Hall", "continued", '"Nobody can stop us."')]


def test_no_claim_without_attribution():
    assert claims_of("The plan had failed. Prices rose in May.")[1] == []


@pytest.mark.parametrize("body", [
    "Conservatives in Washington think tanks and the party's elected leaders were divided.",
    "The think tank opened an office in Ohio.",
])
def test_noun_compound_is_no_cue(body):
    assert claims_of(body)[1] == []


@pytest.mark.parametrize("body,claims", [
    # a credit line is no colon claim when the encoder sees neither cue nor content in it
    ("Sanders won the state by ten points.\n\nContributing: Grant Miller", []),
    ("He won.\n\nTwitter: @Milbank", []),
    ("The mayor spoke.\n\nSmith: We will not back down.", [("Smith", ":", "We will not back down")]),
])
def test_colon_credit_lines(body, claims):
    assert am.tagger() is not None, "the attribution model is not installed"
    assert [(r["speaker_text"], r["cue"], r["content"]) for r in claims_of(body)[1]] == claims


# ---------------------------------------------------------------- quotes and via

@pytest.mark.parametrize("text,expected", [
    ("'That's why they did it,' he said.", ["'That's why they did it,'"]),
    ("the doctors' council met", []),
    ("He said: “It is over.” Then he left.", ["“It is over.”"]),
    ("''We lost,'' he said.", ["''We lost,''"]),
    ("'It continues into the next paragraph", ["'It continues into the next paragraph"]),
])
def test_find_quotes(text, expected):
    assert [text[s:e] for s, e in find_quotes(text, 0, len(text))] == expected


@pytest.mark.parametrize("content,via", [
    ("he has received details from Russian doctors who were ordered to treat him", "Russian doctors"),
    ("his medical sources indicate he is ill", "medical sources"),
    ("My information comes from the [Russian] doctors who were woken up", "Russian doctors"),
    ("the talks failed on Monday", ""),
    ("he got it from the Kremlin", ""),
])
def test_find_via(content, via):
    assert find_via(content, 0, len(content)) == via


# ---------------------------------------------------------------- the seed article

# content needle (start of content), nth, speaker, speaker_text, cue, kind, via
SEED = [
    ("Belarus despot Alexander Lukashenko 'passed out' and was 'bleeding from everywhere' after he", 0,
     "Valery Tsepkalo", "opposition politician", "claims", "indirect", ""),
    ("he has received lurid details", 0, "Valery Tsepkalo", "opposition politician Valery Tsepkalo", "says",
     "indirect", "Russian doctors"),
    ("Russian doctors were under orders", 0, "Valery Tsepkalo", "Tsepkalo", "said", "indirect", "medical sources"),
    ("The Belarus dictator was patched up", 0, "Valery Tsepkalo", "he", "told", "indirect", "medical sources"),
    ("'I am absolutely convinced", 0, "Valery Tsepkalo", "Tsepkalo", "said", "direct", "medical sources"),
    ("'That's why they did everything possible", 0, "Valery Tsepkalo", "", "", "continued", "medical sources"),
    ("Lukashenko - Putin's only close", 0, "Valery Tsepkalo", "he", "said", "indirect", "medical sources"),
    ("'It turned out that doctors", 0, "Valery Tsepkalo", "", "", "continued", "medical sources"),
    ("'When it happened", 0, "Valery Tsepkalo", "", "", "continued", "medical sources"),
    ("'There was a blood transfusion", 0, "Valery Tsepkalo", "he", "added", "direct", "medical sources"),
    ("'My information comes from the [Russian] doctors", 0, "Valery Tsepkalo", "The opposition politician", "said",
     "colon", "Russian doctors"),
    ("how medics were", 0, "Valery Tsepkalo", "He", "told", "indirect", "Russian doctors"),
    ("Lukashenko was stuck in Moscow", 0, "Valery Tsepkalo", "he", "said", "indirect", "Russian doctors"),
    ("'This disease will lead to haemorrhage", 0, "Valery Tsepkalo", "Tsepkalo", "said", "direct", "Russian doctors"),
    ("'The disease develops", 0, "Valery Tsepkalo", "Tsepkalo", "claimed", "direct", "Russian doctors"),
    ("'I say once again", 0, "Valery Tsepkalo", "", "", "continued", "doctors"),
]


@pytest.fixture(scope="module")
def seed_claims(seed_article):
    return run(seed_article, pipeline=PIPE).rows["claims"]


@pytest.mark.parametrize("needle,nth,speaker,speaker_text,cue,kind,via", SEED)
def test_seed_claims(seed_article, seed_claims, needle, nth, speaker, speaker_text, cue, kind, via):
    text = seed_article.text
    start, _ = span_of(text, needle, nth)
    rows = [r for r in seed_claims if r["content_start"] == start]
    assert len(rows) == 1, f"no claim with content at {needle!r}"
    r = rows[0]
    assert (r["speaker"], r["speaker_text"], r["cue"], r["kind"], r["via"]) == (speaker, speaker_text, cue, kind, via)
    assert text[r["content_start"]:r["content_end"]] == r["content"]
    if speaker_text:
        # the speaker span is the mention next to the cue, within the same block
        assert text[r["speaker_start"]:r["speaker_end"]] == speaker_text
        assert seed_article.block_at(r["speaker_start"]).block_id in (r["block_id"],) or kind == "colon"
        assert abs(r["speaker_start"] - r["cue_start"]) < 60


def test_seed_direct_quote_spans(seed_article, seed_claims):
    text = seed_article.text
    r = next(r for r in seed_claims if r["content"].startswith("'I am absolutely"))
    assert (r["content_start"], r["content_end"]) == span_of(
        text, "'I am absolutely convinced that if the Kremlin wanted to poison him, they would have already poisoned him,'")
    assert (r["cue_start"], r["cue_end"]) == span_of(text, "said Tsepkalo, a lawyer")[0:1] + (span_of(text, "said Tsepkalo, a lawyer")[0] + 4,)
    assert (r["speaker_start"], r["speaker_end"]) == (r["cue_end"] + 1, r["cue_end"] + 9)
    assert r["certainty"] == "speculative"  # "would"


# a quotation continued over paragraphs keeps its sentence-final stop, as rule quotes do
SEED_CONTINUED = [
    "'It turned out that doctors first tried to bring him to a normal state. He was in acute shock, he even passed out.",
    "'When it happened, almost all [leading] doctors of Moscow, the best specialists, were [mobilised] in the night.",
    "'It can happen in the nearest month or maybe weeks.",
    "'I say once again, my information comes from the doctors who were woken up at night.'",
    "'It also manifests externally, on the body, and\xa0it can be suppressed only with hormonal therapy. "
    "But hormonal therapy only helps temporarily",
]


@pytest.mark.parametrize("content", SEED_CONTINUED)
def test_seed_continued_quote_contents(seed_article, seed_claims, content):
    rows = [r for r in seed_claims if r["content"] == content]
    assert [(r["speaker"], r["kind"]) for r in rows] == [("Valery Tsepkalo", "continued")]
    assert (rows[0]["content_start"], rows[0]["content_end"]) == span_of(seed_article.text, content)


# body, expected continued contents (the tagger's continuation ends like the rule quotation)
CONTINUED = [
    ("Anna Berg said: 'We were never consulted.'\n\n'Nobody asked us anything.\n\n'It is a scandal.'",
     ["'Nobody asked us anything.", "'It is a scandal.'"]),
    ("'We will win,' said Peter Hall.\n\n'Nobody can stop us.\n\nThe council met.", ["'Nobody can stop us."]),
]


@pytest.mark.parametrize("body,expected", CONTINUED)
def test_continued_quote_keeps_final_stop(body, expected):
    text, rows = claims_of(body)
    assert [r["content"] for r in rows if r["kind"] == "continued"] == expected


def test_seed_anonymous_sources_and_certainty(seed_claims):
    anon = [(r["speaker"], r["cue"], r["certainty"]) for r in seed_claims if r["speaker_type"] == "anonymous"]
    # the source-less ones are PolNeAR's Attribution-no-source, found by the tagger: "triggering
    # claims of poisoning", "is alleged to have collapsed", "considered to have been rigging",
    # "is believed to have been won by", "Lukashenko is known for using ..."
    assert anon == [("startling new claims", "alleged", "hedged"),
                    ("", "claims of", "hedged"),
                    ("his medical sources", "indicate", "speculative"),
                    ("his medical sources", "indicate", "speculative"),
                    ("", "is alleged", "hedged"),
                    ("", "was seen", "asserted"),
                    ("", "considered", "asserted"),
                    ("", "is believed", "hedged"),
                    ("", "is known for", "asserted"),
                    ("", "is likely to seek", "hedged")]
    claimed = next(r for r in seed_claims if r["cue"] == "claimed")
    assert claimed["certainty"] == "hedged"


def test_seed_no_claims_from_duplicates(seed_article, seed_claims):
    dup = {b.block_id for b in seed_article.blocks if not b.is_content}
    assert not [r for r in seed_claims if r["block_id"] in dup]
    assert [r["claim_id"] for r in seed_claims] == [f"c{i:02d}" for i in range(1, len(seed_claims) + 1)]


# ---------------------------------------------------------------- robustness

@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from([
    "John Smith said", "'", '"', "“", "”", "he told reporters", "according to officials", ",", ".", ":",
    "the plan failed", "Mary Jones", "she", "claims", "\n\n", "That's", "doctors'", "from sources", " "]),
    min_size=1, max_size=25))
def test_never_raises_and_spans_exact(parts):
    text = "Headline\n\n" + " ".join(parts)
    rows = run(from_text(text), pipeline=PIPE).rows["claims"]
    for r in rows:
        assert text[r["content_start"]:r["content_end"]] == r["content"] and r["content"]
        if r["cue_start"] is not None:
            assert text[r["cue_start"]:r["cue_end"]] == r["cue"]
        if r["speaker_start"] is not None:
            assert text[r["speaker_start"]:r["speaker_end"]] == r["speaker_text"]
        assert r["kind"] in ("direct", "indirect", "according_to", "colon", "nominal", "continued")
        assert r["certainty"] in ("asserted", "hedged", "speculative")
        assert r["speaker_type"] in ("named", "anonymous", "outlet")


# ---------------------------------------------------------------- certainty: the month "May" is not the modal

# certainty is the shared grader (language.span_certainty) of the content, "hedged" for a hedge cue
@pytest.mark.parametrize("body,cue,certainty", [
    ("Peter Hall said that prices rose sharply in May.", "said", "asserted"),
    ("Peter Hall said that the vote on 27 May was fair.", "said", "asserted"),
    ("Peter Hall said that prices may rise.", "said", "speculative"),
    ("Peter Hall said that prices will probably rise.", "said", "speculative"),
    ("Peter Hall said that the minister was allegedly bribed.", "said", "hedged"),
    ("Peter Hall said that the leader was seen wearing what appeared to be a catheter.", "said", "asserted"),
    ("Peter Hall said that the leader appeared to be ill.", "said", "hedged"),
    ("Peter Hall claimed that the vote was rigged.", "claimed", "hedged"),
    ("Peter Hall alleged that the vote was rigged.", "alleged", "hedged"),
    ("Peter Hall claimed that the vote would be rigged.", "claimed", "speculative"),
])
def test_claim_certainty(body, cue, certainty):
    text, rows = claims_of(body)
    assert [(r["speaker"], r["cue"], r["certainty"]) for r in rows] == [("Peter Hall", cue, certainty)]


# ---------------------------------------------------------------- speakers: the pronoun "it" and named speakers

# body, [(speaker, speaker_type, speaker_text, cue, content)] : every claim, in order
IT_SPEAKERS = [
    # "it" with no organisation to refer to: no claim (and never a speaker named "It"); the
    # nominal "claims of poisoning" is a claim with no source
    ("It was the second time that the leader fell ill while visiting Moscow, triggering claims of poisoning.",
     [("", "anonymous", "", "claims of", "poisoning")]),
    ("It said the plan had failed.", []),
    # "it" continuing an institution or organisation speaker
    ("The ministry said the talks had failed. It added that new talks were planned.",
     [("The ministry", "named", "The ministry", "said", "the talks had failed"),
      ("The ministry", "named", "It", "added", "new talks were planned")]),
    ("Acme Corp. said on Monday that profits had doubled. It said sales rose sharply.",
     [("Acme Corp", "named", "Acme Corp", "said", "profits had doubled"),
      ("Acme Corp", "named", "It", "said", "sales rose sharply")]),
    # "they" / "we" with nobody named: an unnamed group, not a named speaker
    ("They say the plan will fail.", [("They", "anonymous", "They", "say", "the plan will fail")]),
    # "he" with no person before it: not a named speaker either
    ("He said the plan had failed.", [("He", "anonymous", "He", "said", "the plan had failed")]),
]


@pytest.mark.parametrize("body,expected", IT_SPEAKERS)
def test_pronoun_it_speakers(body, expected):
    text, rows = claims_of(body)
    assert [(r["speaker"], r["speaker_type"], r["speaker_text"], r["cue"], r["content"]) for r in rows] == expected
    for r in rows:
        assert r["speaker_type"] != "named" or r["speaker"].lower() not in ("", "it", "they", "we")


def test_seed_named_speakers_have_names(seed_claims):
    """A named speaker has a name: no "It" speaker (the tagger's "It ..., triggering claims of
    poisoning" is dropped) and no empty one."""
    named = [r for r in seed_claims if r["speaker_type"] == "named"]
    assert named and all(r["speaker"] and r["speaker"].lower() not in ("it", "they", "we", "he", "she")
                         for r in named)
    assert not [r for r in seed_claims if r["cue"] == "triggering"]


# ---------------------------------------------------------------- tagger claims: no source, participles, progressives

# body, [(speaker, speaker_type, speaker_text, cue, content)] : every claim, in order (hybrid mode)
TAGGER_SPEAKERS = [
    # PolNeAR's Attribution-no-source: kept without a speaker span when the cue is a confident learned cue
    ("The senator is expected to announce his resignation on Monday.",
     [("", "anonymous", "", "is expected", "to announce his resignation on Monday")]),
    # ... but not inside another claim's content: the outer claim keeps its whole content
    ("Hall says his doctors indicate Jones has a heart disease and is expected to relapse.",
     [("Hall", "named", "Hall", "says", "his doctors indicate Jones has a heart disease and is expected to relapse"),
      ("his doctors", "anonymous", "his doctors", "indicate", "Jones has a heart disease and is expected to relapse")]),
    # ... but a group or a share of one nested in it is no cited source: its cue is doubted as any other
    ("The poll found that 23 percent favored Mr. Cruz and 15 percent backed Senator Marco Rubio of Florida.",
     [("The poll", "named", "The poll", "found",
       "23 percent favored Mr. Cruz and 15 percent backed Senator Marco Rubio of Florida")]),
    ("Smith said lawmakers wanted the administration to alter its policies.",
     [("Smith", "named", "Smith", "said", "lawmakers wanted the administration to alter its policies")]),
    # a participial cue after a comma takes the main clause's subject
    ("Jones praised the deal, saying it would create jobs.",
     [("Jones", "named", "Jones", "praised", "the deal"), ("Jones", "named", "Jones", "saying", "it would create jobs")]),
    # ... also after an opening adverbial, whose object is no speaker
    ("In three separate interviews, the justice sounded off on Trump, saying she did not want to contemplate it.",
     [("the justice", "named", "the justice", "sounded off on", "Trump"),
      ("the justice", "named", "the justice", "saying", "she did not want to contemplate it")]),
    # a progressive cue ("is touting") is not a passive one: its subject is the source
    ("Trump is touting a cautious stance on trade.",
     [("Trump", "named", "Trump", "is touting", "a cautious stance on trade")]),
    # ... nor is an adverb before it, or a predicate adjective (both had no speaker before)
    ("Cruz is increasingly trying to persuade donors that he is the best alternative to Trump.",
     [("Cruz", "named", "Cruz", "is increasingly trying to persuade", "donors that he is the best alternative to Trump")]),
    ("Clinton was more eager to talk about jobs than about her emails.",
     [("Clinton", "named", "Clinton", "was more eager to talk about", "jobs than about her emails")]),
    # a coordinated verb takes the clause's subject; an age after a name is skipped
    ("Judge Sullivan put off deciding whether the group could question Clinton but said the group could come back later.",
     [("Sullivan", "named", "Judge Sullivan", "put off deciding", "whether the group could question Clinton"),
      ("Sullivan", "named", "Judge Sullivan", "said", "the group could come back later")]),
    ("Raj Singh, 47, voted for the Republican nominees in 2008 and 2012.",
     [("Raj Singh", "named", "Raj Singh", "voted for", "the Republican nominees in 2008 and 2012")]),
    # a passive cue ending in "by" has its agent as source
    ("The proposal was rejected by the city council.",
     [("the city council", "named", "the city council", "was rejected by", "The proposal")]),
    # ... but a stance participle's subject is its source
    ("Some Clinton backers are concerned that momentum could carry him to a better finish.",
     [("Some Clinton backers", "named", "Some Clinton backers", "are concerned",
       "momentum could carry him to a better finish")]),
    # a gerund after a preposition takes the main clause's subject
    ("Smith will likely score a few endorsements by citing his Iowa results.",
     [("Smith", "named", "Smith", "citing", "his Iowa results")]),
    # a coordinated verb or an adjunct takes the speaker of the cue before it in the sentence
    ("The chamber's Republican majority voted to end the filibuster and voted in favor of the bill.",
     [("The chamber's Republican majority", "anonymous", "The chamber's Republican majority", "voted",
       "to end the filibuster"),
      ("The chamber's Republican majority", "anonymous", "The chamber's Republican majority", "voted in favor of",
       "the bill")]),
    ("'He is not religious,' the imam Nefzi said, adding, 'He kept to himself.'",
     [("Nefzi", "named", "the imam Nefzi", "said", "'He is not religious,'"),
      ("Nefzi", "named", "the imam Nefzi", "adding", "'He kept to himself.'")]),
    # a capitalised cue word inside a sentence is part of a name, not a verb
    ("Trump spokesman Hope Hicks confirmed that the group was created independently.",
     [("Hope Hicks", "named", "Trump spokesman Hope Hicks", "confirmed", "the group was created independently")]),
    ("Mr. Trump asserted that, abortion aside, Planned Parenthood did good work.",
     [("Trump", "named", "Mr. Trump", "asserted", "that, abortion aside, Planned Parenthood did good work")]),
    # a dateline is not the main clause's subject; a name keeps its inner capitalised words
    ("PHILADELPHIA, July 25 (UPI) — The Democratic National Committee released a statement on Monday, "
     "offering “a deep and sincere apology” to Sen. Bernie Sanders.",
     [("The Democratic National Committee", "named", "The Democratic National Committee", "offering",
       "“a deep and sincere apology”")]),
    # "said of X": X is who was spoken about, not the speaker
    ("''He is not qualified,'' Mr. Guerrero, who is an actor, said of Mr. Trump.",
     [("Guerrero", "named", "Mr. Guerrero", "said of", "''He is not qualified,''")]),
    # a rule speaker inside the tagger's cue or content gives way to the tagger's own
    ("The contrast with Trump, said Doyle and others, would help Clinton.",
     [("Doyle and others", "anonymous", "Doyle and others", "said",
       "The contrast with Trump, said Doyle and others, would help Clinton")]),
    ("Chris Carr, the committee's spokesman, released a statement saying it will double the staff.",
     [("Chris Carr", "named", "Chris Carr", "released a statement saying", "it will double the staff")]),
    # an adverbial clause before the speaker is no part of what the speaker says
    ("Even though skateboarding is allowed in the park, two officials say officers still watch the area.",
     [("two officials", "anonymous", "two officials", "say", "officers still watch the area")]),
    ("Despite many people holding her responsible, Groberg says it is hard to blame any one person.",
     [("Groberg", "named", "Groberg", "says", "it is hard to blame any one person")]),
    # a participle's subject is never after it ("..., referring to X": X is not the speaker)
    ("'The market is hot,' Mr. Hedge said, referring to the two Trump resorts.",
     [("Hedge", "named", "Mr. Hedge", "said", "'The market is hot,'"),
      ("Hedge", "named", "Mr. Hedge", "referring to", "the two Trump resorts")]),
]


# cue (the first cue in the sentence), passive or raising: its subject is not the source
PASSIVE_CUES = [
    ("The senator is expected to resign.", "is expected", True),
    ("The minister was told to stay home.", "was told", True),
    ("The deal is widely believed to be dead.", "is", True),
    ("Putin is likely to seek a new term.", "is likely to seek", True),
    ("The bill was not passed by the Senate.", "was", True),
    # a stance participle names the subject's own state of mind: the subject is the source
    ("Voters were not convinced by the plan.", "were", False),
    ("Some Clinton backers are concerned that momentum could carry him.", "are concerned", False),
    ("A cashier was shaken by the attack.", "was shaken by", False),
    ("Trump is touting a cautious stance.", "is touting", False),
    ("Cruz is increasingly trying to persuade donors.", "is increasingly trying", False),
    ("Clinton was more eager to talk about jobs.", "was more eager to talk about", False),
    ("She is not sure she can vote for him.", "is not sure", False),
    ("He says the deal is dead.", "says", False),
    # a raising verb alone: its subject belongs to what is claimed
    ("Kasich appears to have the state all to himself.", "appears to", True),
    ("Such a group's existence seems improbable.", "seems", True),
    ("She appeared to imply that he lied.", "appeared to imply", False),
]


@pytest.mark.parametrize("phrase,expected", [
    ("September", True), ("Tuesday", True), ("last week", True), ("1990", True), ("Sept. 4", True),
    ("Friday night", True), ("in 2014", True),
    ("May", False), ("Theresa May", False), ("the town", False), ("Sunday Times", False), ("in the", False),
])
def test_time_only_is_no_source(phrase, expected):
    assert phrases.time_only(phrase, 0, len(phrase)) is expected


@pytest.mark.parametrize("phrase,expected", [
    ("Monday in Cheyenne", True), ("Tuesday at the White House, according to two aides", True),
    ("last week", True), ("Monday in Cheyenne that the plan was dead", False),
    ("Monday the plan was dead", False), ("the plan was dead", False), ("in Cheyenne", False),
])
def test_setting_only_is_no_content(phrase, expected):
    assert phrases._setting_only(phrase, 0, len(phrase)) is expected


def test_quote_before_a_cue_with_only_a_setting_after_it():
    body = ("“She thinks they are just too much,” Bill Clinton said Monday in Cheyenne, according to "
            "audio provided by Wyoming Public Radio.")
    assert [(r["speaker_text"], r["cue"]) for r in claims_of(body)[1]] == [
        ("audio provided by Wyoming Public Radio", "according to")]


@pytest.mark.parametrize("body,cue,expected", PASSIVE_CUES)
def test_passive_cue(body, cue, expected):
    s = body.index(cue)
    assert phrases.passive_cue(body, s, s + len(cue)) is expected


@pytest.mark.parametrize("body,cue,speaker_text", [
    # the rules: a participle after a comma that closes a quotation takes the main clause's subject
    ("Democrats had sued after Ohio eliminated what had been called the “Golden Week,” saying it hurt poor voters.",
     "saying", "Democrats"),
    ("Smith will win votes by citing his record.", "citing", "Smith"),
])
def test_rule_gerund_speakers(body, cue, speaker_text):
    _, rows = claims_of(body, mode="rules")
    assert [r["speaker_text"] for r in rows if r["cue"] == cue] == [speaker_text]


@pytest.mark.parametrize("body,expected", TAGGER_SPEAKERS)
def test_tagger_speakers(body, expected):
    assert am.tagger() is not None, "the attribution model is not installed"
    text, rows = claims_of(body)
    assert [(r["speaker"], r["speaker_type"], r["speaker_text"], r["cue"], r["content"]) for r in rows] == expected
    for r in rows:
        assert text[r["cue_start"]:r["cue_end"]] == r["cue"]
        assert (r["content_start"], r["content_end"]) == span_of(text, r["content"])
        assert r["speaker_start"] is None if not r["speaker_text"] else \
            text[r["speaker_start"]:r["speaker_end"]] == r["speaker_text"]


# ---------------------------------------------------------------- content before a cue with a recipient / adjunct

# body, (speaker_text, cue, content, kind) of the only claim
TRAILING = [
    ('"We are going to win," Jones bragged to supporters on Monday.',
     ("Jones", "bragged", '"We are going to win,"', "direct")),
    ('"We are going to win," Jones said to reporters on Monday.',
     ("Jones", "said", '"We are going to win,"', "direct")),
    ('"The deal is dead," Jones boasted with a grin.',
     ("Jones", "boasted", '"The deal is dead,"', "direct")),
    ('"We are going to win," Jones told supporters on Monday.',
     ("Jones", "told", '"We are going to win,"', "direct")),
]


# a tell-type cue after an appositive: the speaker is before the aside, not the addressee after the cue
TELL_APPOSITIVE = [
    ('"The race is close," Seth McKee, a political scientist at Texas Tech University, told The Hill.',
     ("Seth McKee", "told", '"The race is close,"', "direct")),
    ("The race is close, Seth McKee, a political scientist, told The Hill on Monday.",
     ("Seth McKee", "told", "The race is close", "indirect")),
    # an age before the aside is skipped: the name is the speaker, not "24" with content "Jo Roe"
    ("Jo Roe, 24, who was visiting from Boston, told The Hill that she had lost her password.",
     ("Jo Roe", "told", "she had lost her password", "indirect")),
]


@pytest.mark.parametrize("mode", ["rules", "hybrid"])
@pytest.mark.parametrize("body,expected", TELL_APPOSITIVE)
def test_tell_cue_after_appositive(mode, body, expected):
    text, rows = claims_of(body, mode=mode)
    assert [(r["speaker_text"], r["cue"], r["content"], r["kind"]) for r in rows] == [expected]
    assert (rows[0]["content_start"], rows[0]["content_end"]) == span_of(text, expected[2])
    assert (rows[0]["speaker_start"], rows[0]["speaker_end"]) == span_of(text, expected[0])


@pytest.mark.parametrize("mode", ["rules", "hybrid"])
@pytest.mark.parametrize("body,expected", TRAILING)
def test_trailing_cue_with_recipient(mode, body, expected):
    text, rows = claims_of(body, mode=mode)
    assert [(r["speaker_text"], r["cue"], r["content"], r["kind"]) for r in rows] == [expected]
    r = rows[0]
    assert (r["content_start"], r["content_end"]) == span_of(text, expected[2])
    assert text[r["speaker_start"]:r["speaker_end"]] == "Jones"


# ---------------------------------------------------------------- the learned tagger: helpers

@pytest.mark.parametrize("text,expected", [
    ("Tsepkalo, a lawyer, former deputy minister", "Tsepkalo"),
    ("Now opposition politician Anna Berg", "opposition politician Anna Berg"),
    ("Sen. Ted Cruz (R-Texas)", "Sen. Ted Cruz"),
    ("the spokesman -", "the spokesman"),
    ("officials", "officials"),
    ("of RT", "RT"),
    ("2017 America", "America"),
    ("42 percent of those", "42 percent of those"),
])
def test_trim_source(text, expected):
    s, e = _trim_source(text, 0, len(text))
    assert text[s:e] == expected


@pytest.mark.parametrize("text", ["2001", "64", "by"])
def test_trim_source_leaves_no_source(text):
    assert _trim_source(text, 0, len(text)) == (None, None)


@pytest.mark.parametrize("text,expected", [
    ("that the plan had failed.", "the plan had failed"),
    ("'We lost.'", "'We lost.'"),
    ("the deal was dead,", "the deal was dead"),
    ("that", "that"),
])
def test_model_content(text, expected):
    s, e = _model_content(text, 0, len(text))
    assert text[s:e] == expected


@pytest.mark.parametrize("tags,expected", [
    (["B-SRC", "I-SRC", "B-CUE", "B-CON", "I-CON", "O"], [("SRC", 0, 2), ("CUE", 2, 3), ("CON", 3, 5)]),
    (["O", "I-CON", "I-CON", "B-CON"], [("CON", 1, 3), ("CON", 3, 4)]),
    (["B-CUE", "I-CON"], [("CUE", 0, 1), ("CON", 1, 2)]),
    (["O", "O"], []),
])
def test_decode_bio(tags, expected):
    from explorer.extract.attribution.text import Tok
    toks = [Tok("w", i, i + 1) for i in range(len(tags))]
    spans = am.decode(tags, toks, [0] * len(tags))
    assert [(s.label, s.start, s.end) for s in spans] == expected


def test_model_file_and_metadata():
    assert am.MODEL_PATH.exists() and am.MODEL_PATH.stat().st_size < 5_000_000
    meta = json.loads(am.MODEL_PATH.with_suffix(".json").read_text())
    assert meta["feature_set"] == am.FEATURE_SET
    assert meta["corpus"].startswith("PolNeAR") and meta["params"]["c1"] > 0
    assert am.learned_path().exists()


def test_rules_fallback_without_model():
    """Without a tagger (config ``tagger: none``, as when neither model file is installed) the
    claims are exactly the rule claims."""
    body = "'We will win,' said Hall, 45. Mary Jones told reporters that the plan had failed."
    _, rules = claims_of(body, mode="rules")
    assert am.tag_blocks("Title\n\nHall said so.", [], "none") is None
    _, rows = claims_of(body, mode="hybrid", tagger="none")
    assert rows == rules
    assert [(r["speaker"], r["cue"], r["content"]) for r in rows] == [
        ("Hall", "said", "'We will win,'"), ("Mary Jones", "told", "the plan had failed")]


def test_claims_config_is_checked():
    """An unknown option, mode, tagger or threshold is a one-line ExplorerError."""
    for config, message in [({"speed": 1}, "unknown option 'speed'"), ({"mode": "fast"}, "'fast' is not one of"),
                            ({"tagger": "gpt"}, "'gpt' is not one of"),
                            ({"thresholds": {"doubt": 0.2}}, "unknown ['doubt']")]:
        with pytest.raises(ExplorerError, match=re.escape(message)):
            run(from_text("Title\n\nHall said so."), pipeline=PIPE, config={"claims": config})


def test_thresholds_are_read_with_the_model():
    """The arbitration thresholds live in the model's JSON, beside its weights; the config
    overrides one without the others."""
    th = am.model_thresholds(str(am.ENCODER_PATH))
    assert set(th) == {"rule_doubt", "nosrc_rate", "nosrc_conf", "nosrc_con"}
    assert Thresholds.of(th) == Thresholds(**th)
    body = "The deal is expected to fail."
    _, rows = claims_of(body, mode="hybrid")
    _, strict = claims_of(body, mode="hybrid", thresholds={"nosrc_rate": 2.0, "nosrc_conf": 2.0, "nosrc_con": 2.0})
    assert [(r["speaker_text"], r["cue"], r["content"]) for r in rows] == [("", "is expected", "to fail")] and strict == []


def test_tagger_choice():
    """The encoder tags when its weights are installed; without them (or asked to) the CRF does."""
    art = from_text("Title\n\nMary Jones told reporters that the plan had failed.")
    blocks = art.content_blocks()
    if am.encoder_tagger() is not None:
        assert am.tag_blocks(art.text, blocks).blocks == am.encoder_tag_blocks(art.text, blocks).blocks
    crf = am.tag_blocks(art.text, blocks, "crf")
    assert crf.blocks == am.crf_tag_blocks(art.text, blocks).blocks and crf.confidence is None  # the CRF gives none
    assert [(s.label, art.text[s.start:s.end]) for _, sp, _ in crf.blocks for s in sp] == [
        ("SRC", "Mary Jones"), ("CUE", "told"), ("CON", "that the plan had failed")]


# ---------------------------------------------------------------- the learned tagger with the rules (hybrid)

# body, [(speaker_text, cue, content, kind)] : every claim of the sentence, in order
MODEL_PATTERNS = [
    # indirect content ends with the reported clause (the rules ran on to the sentence end)
    ("Mary Jones argued that the tax cut would hurt the poor, but her rivals disagreed.",
     [("Mary Jones", "argued", "the tax cut would hurt the poor", "indirect")]),
    # a cue the lexicon lacks, learned from PolNeAR
    ("Mary Jones opined that the plan would fail.",
     [("Mary Jones", "opined", "the plan would fail", "indirect")]),
    # no spurious claim on "add up" inside the content
    ("Peter Hall insisted the numbers did not add up.",
     [("Peter Hall", "insisted", "the numbers did not add up", "indirect")]),
    # PolNeAR cue spans take the manner adjunct ("said in a statement")
    ("The White House said in a statement that the president would sign the bill.",
     [("The White House", "said in a statement", "the president would sign the bill", "indirect")]),
    # trailing and quoted attributions keep the rule spans
    ("The plan will fail, Jones predicted.", [("Jones", "predicted", "The plan will fail", "indirect")]),
    ('"We are going to win," Jones told supporters on Monday.',
     [("Jones", "told", '"We are going to win,"', "direct")]),
    # a nested attribution whose source is an anonymous head is kept beside the outer one
    ("Hall says his sources indicate the deal is dead.",
     [("Hall", "says", "his sources indicate the deal is dead", "indirect"),
      ("his sources", "indicate", "the deal is dead", "indirect")]),
    # a rule cue in another sense, which the encoder does not read as a cue or its content as
    # content, makes no claim ("spoke" with no message, "added" jobs, "reported from" a place)
    ("Sanders flew home and spoke to reporters after the race was called.", []),
    ("While the U.S. added around 292,000 jobs in December, China suffered market chaos.", []),
    ("Wolf reported from Washington.", []),
    # no source, but a cue the encoder is sure of (PolNeAR's Attribution-no-source)
    ("The president is alleged to have collapsed after the parade.",
     [("", "is alleged", "to have collapsed after the parade", "indirect")]),
    ("The vote is believed to have been won by the challenger.",
     [("", "is believed", "to have been won by the challenger", "indirect")]),
]


@pytest.mark.parametrize("body,expected", MODEL_PATTERNS)
def test_model_patterns(body, expected):
    assert am.tagger() is not None, "the attribution model is not installed"
    text, rows = claims_of(body)
    assert [(r["speaker_text"], r["cue"], r["content"], r["kind"]) for r in rows] == expected
    for r in rows:
        if r["speaker_text"]:
            assert text[r["speaker_start"]:r["speaker_end"]] == r["speaker_text"]
        else:
            assert r["speaker_start"] is None and r["speaker_end"] is None
        assert text[r["cue_start"]:r["cue_end"]] == r["cue"]
        assert (r["content_start"], r["content_end"]) == span_of(text, r["content"])


@pytest.mark.parametrize("text", [
    "Police: Man arrested",                      # a one-word "content" after a tagged colon is a headline form
])
def test_no_claim_from_one_word_tagger_content(text):
    assert run(from_text("Title\n\n" + text)).rows["claims"] == []


def test_pronoun_speaker_skips_a_description_that_is_not_a_person():
    # "a box labeled ..." may be tagged as a source, but "she" cannot refer to it
    text, rows = claims_of('Anna Berg spoke at the rally.\n\nThe room had a box labeled "medical problem," '
                           'on the shelf.\n\n"Here he is," she said.')
    assert [(r["speaker"], r["speaker_text"], r["content"]) for r in rows if r["cue"] == "said"] == [
        ("Anna Berg", "she", '"Here he is,"')]


@pytest.mark.parametrize("sentence,cue,subject", [
    # a dash aside between subject and cue is skipped, also a long one set off by double hyphens
    ("The opposition politician - forced into exile - said", "said", "The opposition politician"),
    ("The Supreme Court justice -- who has been in a scuffle with the nominee over the past few days -- said",
     "said", "The Supreme Court justice"),
    ("Valery Tsepkalo (right) says", "says", "Valery Tsepkalo"),
])
def test_subject_before_skips_asides(sentence, cue, subject):
    pos = sentence.rindex(cue)
    cue_words = {f for f in lexicon.cue_lexicon() if " " not in f}
    s, e = phrases.subject_before(sentence, 0, pos, cue_words)
    assert sentence[s:e] == subject


@pytest.mark.parametrize("body,speaker", [
    # a speaker headed by a common noun is a description, not the name inside it
    ("Barack Obama spoke on Monday.\n\n'That was outrageous,' Obama's former campaign strategist said.",
     "Obama's former campaign strategist"),
    ("The Clinton campaign said the ad was false.", "The Clinton campaign"),
    # a name with a title keeps the name
    ("Senate Majority Leader Mitch McConnell said the veto would fail.", "Mitch McConnell"),
    # a description is not resolved to somebody whose role merely mentions it
    ("Minyon Moore, an adviser to the Clinton campaign, spoke on Monday. The Clinton campaign said the poll was wrong.",
     "The Clinton campaign"),
    # a span ending in a word that is no person noun still keeps the name inside it
    ("The Democratic candidate Hillary Clinton boldly said that taxes should rise.", "Hillary Clinton"),
    # a name before a plural common-noun head is a modifier of a group
    ("Gay rights groups said the bill was discriminatory.", "Gay rights groups"),
    ("Clinton aides said the email was routine.", "Clinton aides"),
    # a reflexive after a name is no head
    ("Donald Trump himself said the poll was wrong.", "Donald Trump"),
    ("The Clinton family said the foundation was transparent.", "The Clinton family"),
    # a surname ending in -ly is no adverb
    ("Police commissioner Ray Kelly spoke on Monday. Later, commissioner Kelly said the city was safe.",
     "Ray Kelly"),
    # "after X, appositive, warned": "after" opens a clause whose subject is the speaker
    ("The market fell sharply after John Smith, the central bank governor, said that rates would rise.",
     "John Smith"),
])
def test_speaker_headed_by_a_common_noun_is_a_description(body, speaker):
    assert [r["speaker"] for r in claims_of(body)[1] if r["cue"].endswith("said")] == [speaker]


@pytest.mark.parametrize("body,speaker,speaker_type", [
    # a relative "who" right after a description takes the description, not an earlier name
    ("Sam Jones arrived late. The crowd cheered for the doctors, who said the hospital was full.",
     "the doctors", "anonymous"),
    ("Police spoke on Monday to a neighbour, who said the family had left in the night.", "a neighbour", "named"),
    ("Mayor John Smith met the nurses, who said they had not been paid.", "the nurses", "named"),
    # a name right before "who" still wins, also through an appositive description
    ("Reporters questioned Governor Sam Jones, who said the budget was balanced.", "Sam Jones", "named"),
    ("Harlan Crow, a Texas billionaire who said he had done nothing wrong, spoke on Monday.",
     "Harlan Crow", "named"),
    ("Voters in Iowa opted for Donald Trump — a billionaire who said he would build a wall.",
     "Donald Trump", "named"),
    ("Mary Smith spoke on Monday. Former Obama operatives, who said the race was close, disagreed.",
     "Former Obama operatives", "named"),
    # a description with a relative clause is headed by the noun before "who"
    ("Two senior officials who spoke on condition of anonymity said the talks had failed.",
     "Two senior officials who spoke on condition of anonymity", "anonymous"),
])
def test_relative_who_and_descriptions(body, speaker, speaker_type):
    rows = [r for r in claims_of(body)[1] if r["cue"] == "said"]
    assert [(r["speaker"], r["speaker_type"]) for r in rows] == [(speaker, speaker_type)]


@pytest.mark.parametrize("content,ok", [
    ("the bill on Monday", True), ("it", True), ("this.", True), ("him", True),
    ("shock", True), ("“Perception”", True), ("anti-establishment", True),
    ("his", False), ("the", False), ("Gov", False), ("to", False), ("What", False), ("", False),
    ("President", False), ("Gen.", False), ("she", False), ("whether", False), ("president", True),
])
def test_one_word_tagger_content(content, ok):
    """A tagger content of one word is kept only when it is a whole argument."""
    assert arbitration._content_ok(content) is ok


@pytest.mark.parametrize("sentence,cue,subject", [
    # a contracted pronoun is a pronoun subject: the span is the pronoun alone
    ("They’re saying the plan failed.", "saying", "They"),
    ("She’ll argue that the plan failed.", "argue", "She"),
    # a be-form fused with a pronoun before a participle is a passive: no source
    ("She's accused of lying about the emails.", "accused", None),
    ("I'm told the deal is dead.", "told", None),
    ("He's been an outspoken critic of the war.", "been an outspoken critic of", "He"),
    ("He's been accused of lying.", "been accused of", None),
    # "'s" is "has" before a participle without to/of/by/as
    ("Mr. Smith, who’s argued for years that delegates are free, spoke.", "argued", "who"),
    # "it's" is an empty subject, never a speaker
    ("It's clear that the plan failed.", "clear", None),
])
def test_subject_before_contracted_pronoun(sentence, cue, subject):
    pos = sentence.index(cue)
    cue_words = {f for f in lexicon.cue_lexicon() if " " not in f}
    sp = phrases.subject_before(sentence, 0, pos, cue_words)
    assert (sentence[sp[0]:sp[1]] if sp else None) == subject


def test_coordinated_cue_after_contracted_pronoun_takes_the_main_subject():
    s = "She's a Sanders supporter but concedes that most of her peers love the Clintons."
    cue_words = {f for f in lexicon.cue_lexicon() if " " not in f}
    sp = phrases._main_subject(s, 0, s.index("concedes"), cue_words)
    assert s[sp[0]:sp[1]] == "She"


@pytest.mark.parametrize("mode", ["rules", "hybrid"])
@pytest.mark.parametrize("body,cue", [
    ("The governor seems to have won the vote.", "seems"),
    ("Kasich appears to have the state all to himself.", "appears"),
])
def test_raising_verb_has_no_speaker(mode, body, cue):
    """PolNeAR's Attribution-no-source: the subject of "seems"/"appears" is part of the claim."""
    rows = [r for r in claims_of(body, mode=mode)[1] if r["cue"] == cue]
    assert [(r["speaker_text"], r["speaker_type"]) for r in rows] == [("", "anonymous")]


@pytest.mark.parametrize("mode", ["rules", "hybrid"])
def test_raising_verb_before_a_verb_of_saying_keeps_its_speaker(mode):
    rows = claims_of("Trump seemed to suggest that the election was rigged.", mode=mode)[1]
    assert [r["speaker"] for r in rows] == ["Trump"]


@pytest.mark.parametrize("mode", ["rules", "hybrid"])
def test_fused_be_form_before_a_participle_gives_no_speaker(mode):
    """ "She's accused of": a passive; its subject is not who speaks (the rules find no claim)."""
    rows = claims_of("Mary Jones lost the vote on Monday. She's accused of lying about the emails.", mode=mode)[1]
    assert [r["speaker"] for r in rows if r["cue"].startswith("accused")] == ([""] if mode == "hybrid" else [])


@pytest.mark.parametrize("text,cue", [
    ("said Tuesday", "said"), ("said on Tuesday", "said"), ("told reporters last week", "told reporters"),
    ("said", "said"), ("announced", "announced"),
])
def test_tagged_cue_drops_trailing_time(text, cue):
    from explorer.extract.attribution.tagger import Span
    q = tagged._cue_without_time(text, Span("CUE", 0, len(text), 0, 0))
    assert text[q.start:q.end] == cue


TH = Thresholds(rule_doubt=0.15, nosrc_rate=0.3, nosrc_conf=0.7, nosrc_con=0.8)


class _Conf:
    """A stand-in for the encoder's TagConfidence: fixed mean probabilities per label."""

    def __init__(self, **means):
        self.means = means

    def mean(self, label, start, end):
        return self.means.get(label)


@pytest.mark.parametrize("cue_p,con_p,kept", [
    (0.75, 0.1, True),   # a cue the encoder is sure of ("is alleged to")
    (0.3, 0.85, True),   # content the encoder is sure of, whatever its cue
    (0.3, 0.6, False),
    (None, None, False),
])
def test_source_less_claims_need_a_encoder_sure_or_content(cue_p, con_p, kept):
    c = Claim("b001", None, None, 10, 20, 21, 40, "indirect", "x")
    assert arbitration._encoder_sure(_Conf(CUE=cue_p, CON=con_p), c, TH) is kept
    assert arbitration._encoder_sure(None, c, TH) is False  # the CRF gives no confidence


def test_arbitration_keeps_what_follows_a_trailing_rule_claims_cue():
    """"CONTENT, he said, MORE": the rule claim keeps the words before the cue and the tagger's
    claim on the same cue the words after it; a tagger content inside the rule's is not added."""
    text = "The vote was close, Jones said, but the party will recover."
    cue = span_of(text, "said")
    spk = span_of(text, "Jones")
    rule = Claim("b001", *spk, *cue, *span_of(text, "The vote was close"), "indirect")
    tagged = Claim("b001", *spk, *cue, *span_of(text, "but the party will recover"), "indirect")
    inner = Claim("b001", *spk, *cue, *span_of(text, "The vote"), "indirect")
    kept = arbitration._arbitrate([tagged], [rule], text, TH)
    assert [text[c.content_s:c.content_e] for c in kept] == ["The vote was close", "but the party will recover"]
    kept = arbitration._arbitrate([inner], [rule], text, TH)
    assert [text[c.content_s:c.content_e] for c in kept] == ["The vote was close"]


def test_no_inverted_speaker_with_a_possessive():
    """"X and Y, tweeted their approval of Z": the noun phrase after the cue is its object."""
    _, rows = claims_of("Hillary Clinton and Bernie Sanders, and Gov. Jay Nixon, tweeted their approval of the filibuster.", mode="rules")
    assert not [r for r in rows if r["speaker_text"].startswith("their")]
    _, rows = claims_of("'We will win,' said his spokesman.", mode="rules")
    assert [(r["speaker_text"], r["content"]) for r in rows] == [("his spokesman", "'We will win,'")]


def test_every_claim_says_which_rule_made_it():
    """The ``rule`` column: a rule of ``RULES`` (or the tagger), then the arbitration's decision
    when rules and tagger were both used."""
    from explorer.extract.attribution.rules import RULES
    body = "'We will win,' said Hall, 45. Mary Jones told reporters that the plan had failed."
    _, rows = claims_of(body, mode="rules")
    assert [r["rule"] for r in rows] == ["rules/inverted", "rules/subject_cue"]
    assert {r["rule"].split("/")[1] for r in rows} <= set(RULES)
    _, rows = claims_of(body)
    assert all(r["rule"].split("; ")[0].split("/")[0] in ("rules", "encoder", "crf") and "; " in r["rule"]
               for r in rows)

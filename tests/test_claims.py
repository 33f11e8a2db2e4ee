"""Attribution: table-driven patterns on constructed sentences, the seed's expected claims,
quotation detection, and a property test (never raises, spans exact)."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings, strategies as st

from explorer.article import from_text
from explorer.extract import attribution_model as am
from explorer.extract import claims as claims_mod
from explorer.extract.claims import _model_content, _trim_source, find_quotes, find_via, has_modal
from explorer.pipeline import run

from conftest import span_of

PIPE = ("blocks", "entities", "language", "claims")


def claims_of(body: str, headline: str = "Talks collapse") -> tuple[str, list[dict]]:
    text = f"{headline}\n\n{body}"
    return text, run(from_text(text), pipeline=PIPE).rows["claims"]


# body, speaker, speaker_text, cue, content, kind, speaker_type, via, certainty
PATTERNS = [
    ("John Smith said that the plan had failed.",
     "John Smith", "John Smith", "said", "the plan had failed", "indirect", "named", "", "asserted"),
    ("'The plan has failed,' John Smith said.",
     "John Smith", "John Smith", "said", "'The plan has failed,'", "direct", "named", "", "asserted"),
    ("'We will win,' said Hall, 45.",
     "Hall", "Hall", "said", "'We will win,'", "direct", "named", "", "speculative"),
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
    ("Sources close to the talks said the deal was dead.",
     "Sources close to the talks", "Sources close to the talks", "said", "the deal was dead", "indirect",
     "anonymous", "", "asserted"),
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


def test_quote_sentence_after_cue_in_same_paragraph_continues():
    text, rows = claims_of('"We will win," Hall said. "Nobody can stop us."')
    assert [(r["speaker"], r["kind"], r["content"]) for r in rows] == [
        ("Hall", "direct", '"We will win,"'), ("Hall", "continued", '"Nobody can stop us."')]


def test_no_claim_without_attribution():
    assert claims_of("The plan had failed. Prices rose in May.")[1] == []


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


def test_seed_anonymous_sources_and_certainty(seed_claims):
    anon = [(r["speaker"], r["cue"], r["certainty"]) for r in seed_claims if r["speaker_type"] == "anonymous"]
    assert anon == [("startling new claims", "alleged", "hedged"),
                    ("his medical sources", "indicate", "speculative"),
                    ("his medical sources", "indicate", "speculative")]
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

@pytest.mark.parametrize("text,expected", [
    ("He fell ill on 27 May and recovered", False),
    ("Prices rose in May.", False),
    ("The May 9 parade went ahead", False),
    ("MAY DAY rally", False),
    ("He may resign", True),
    ("May I ask you something", True),
    ('"May we go?" she asked', True),
    ("It might rain", True),
    ("The plan failed", False),
])
def test_has_modal(text, expected):
    assert has_modal(text, 0, len(text)) is expected


@pytest.mark.parametrize("body,certainty", [
    ("Peter Hall said that prices rose sharply in May.", "asserted"),
    ("Peter Hall said that the vote on 27 May was fair.", "asserted"),
    ("Peter Hall said that prices may rise.", "speculative"),
])
def test_certainty_month_may(body, certainty):
    text, rows = claims_of(body)
    assert [(r["speaker"], r["cue"], r["certainty"]) for r in rows] == [("Peter Hall", "said", certainty)]


# ---------------------------------------------------------------- the learned tagger: helpers

@pytest.mark.parametrize("text,expected", [
    ("Tsepkalo, a lawyer, former deputy minister", "Tsepkalo"),
    ("Now opposition politician Anna Berg", "opposition politician Anna Berg"),
    ("Sen. Ted Cruz (R-Texas)", "Sen. Ted Cruz"),
    ("the spokesman -", "the spokesman"),
    ("officials", "officials"),
])
def test_trim_source(text, expected):
    s, e = _trim_source(text, 0, len(text))
    assert text[s:e] == expected


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
    from explorer.extract.claims import Tok
    toks = [Tok("w", i, i + 1) for i in range(len(tags))]
    spans = am.decode(tags, toks, [0] * len(tags))
    assert [(s.label, s.start, s.end) for s in spans] == expected


def test_model_file_and_metadata():
    assert am.MODEL_PATH.exists() and am.MODEL_PATH.stat().st_size < 5_000_000
    meta = json.loads(am.MODEL_PATH.with_suffix(".json").read_text())
    assert meta["feature_set"] == am.FEATURE_SET
    assert meta["corpus"].startswith("PolNeAR") and meta["params"]["c1"] > 0
    assert am.learned_path().exists()


def test_rules_fallback_without_model(monkeypatch, tmp_path):
    """Without the model file the claims are exactly the rule claims (and nothing crashes)."""
    body = "'We will win,' said Hall, 45. Mary Jones told reporters that the plan had failed."
    monkeypatch.setattr(claims_mod, "MODE", "rules")
    _, rules = claims_of(body)
    monkeypatch.setattr(claims_mod, "MODE", "hybrid")
    monkeypatch.setattr(am, "MODEL_PATH", tmp_path / "missing.crfsuite")
    am.tagger.cache_clear()
    try:
        assert am.tagger() is None
        _, rows = claims_of(body)
    finally:
        am.tagger.cache_clear()
    assert rows == rules
    assert [(r["speaker"], r["cue"], r["content"]) for r in rows] == [
        ("Hall", "said", "'We will win,'"), ("Mary Jones", "told", "the plan had failed")]


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
]


@pytest.mark.parametrize("body,expected", MODEL_PATTERNS)
def test_model_patterns(body, expected):
    assert am.tagger() is not None, "the attribution model is not installed"
    text, rows = claims_of(body)
    assert [(r["speaker_text"], r["cue"], r["content"], r["kind"]) for r in rows] == expected
    for r in rows:
        assert text[r["speaker_start"]:r["speaker_end"]] == r["speaker_text"]
        assert text[r["cue_start"]:r["cue_end"]] == r["cue"]
        assert (r["content_start"], r["content_end"]) == span_of(text, r["content"])

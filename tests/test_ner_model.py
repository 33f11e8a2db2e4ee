"""Optional statistical NER: a tiny spaCy model trained here (offline, seconds) is merged with
the rules when the pipeline runs with ``ner=<model path>``."""
from __future__ import annotations

import random

import pytest

from explorer.article import from_text
from explorer.pipeline import run

TRAIN = [
    ("Zorblat Quenk arrived in the city today.", [(0, 13, "PERSON")]),
    ("Officials said Zorblat Quenk would speak.", [(15, 28, "PERSON")]),
    ("Yesterday Zorblat Quenk met the press.", [(10, 23, "PERSON")]),
    ("The deal was signed by Zorblat Quenk on Friday.", [(23, 36, "PERSON")]),
    ("Workers at Vexolin Trabb went on strike.", [(11, 24, "ORG")]),
    ("Shares in Vexolin Trabb rose sharply.", [(10, 23, "ORG")]),
    ("Nothing happened in the market today.", []),
]


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    import spacy
    from spacy.training import Example
    from spacy.util import fix_random_seed

    fix_random_seed(0)
    random.seed(0)
    nlp = spacy.blank("en")
    ner = nlp.add_pipe("ner")
    for label in ("PERSON", "ORG"):
        ner.add_label(label)
    examples = [Example.from_dict(nlp.make_doc(t), {"entities": ents}) for t, ents in TRAIN]
    opt = nlp.initialize(lambda: examples)
    for _ in range(20):
        random.shuffle(examples)
        nlp.update(examples, sgd=opt, drop=0.0)
    path = tmp_path_factory.mktemp("ner") / "tiny_ner"
    nlp.to_disk(path)
    return str(path)


TEXT = "Strike talks\n\nOn Monday talks between Zorblat Quenk and Vexolin Trabb in Paris failed."


def test_tiny_model_entities_are_merged(tiny_model):
    d = run(from_text(TEXT), pipeline=("blocks", "entities"), ner=tiny_model)
    got = [(m["text"], m["kind"]) for m in d.rows["mentions"]]
    assert ("Zorblat Quenk", "person") in got
    assert ("Paris", "place") in got                       # the rules still run
    people = {p["name"]: p for p in d.rows["people"]}
    assert people["Zorblat Quenk"]["mentions"] == 1
    for m in d.rows["mentions"]:
        assert TEXT[m["start"]:m["end"]] == m["text"]


def test_default_pipeline_is_rules_only():
    d = run(from_text(TEXT), pipeline=("blocks", "entities"))
    assert d.rows["people"] == []                           # no first name, no cue: not a person
    assert ("Zorblat Quenk", "org") in [(m["text"], m["kind"]) for m in d.rows["mentions"]]  # a weak guess
    assert ("Paris", "place") in [(m["text"], m["kind"]) for m in d.rows["mentions"]]

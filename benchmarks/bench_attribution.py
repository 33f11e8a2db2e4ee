"""Attribution benchmark on PolNeAR: prepare -> extract claims -> score.

In:  ../shared/eval/attribution (PolNeAR dev/train splits and score_attribution.py).
Out: the scorer's lines printed per split, and benchmarks/results/attribution.csv
     (split, variant, metric, P, R, F1).

Usage: .venv/bin/python benchmarks/bench_attribution.py [--split dev|heldout|train|both] [--limit N]

Splits: ``dev`` (84 articles; never used for training or for choosing settings), ``heldout`` (the
105 train articles the encoder was trained without, listed in
explorer/models/attribution_encoder.heldout.txt; the set settings were chosen on), ``train`` (all
840, in-sample), ``both`` (dev and train). For ``heldout`` the learned cue list, which the encoder
reads as an input flag and which ships counted over all 840 train articles, is recounted over the
other 735, so no held-out annotation reaches the tagger; it needs the encoder (the shipped CRF was
trained on all 840).

Claims come from the default claims component: the attribution tagger (the fine-tuned encoder,
explorer/models/attribution_encoder.npz, else the CRF, attribution.crfsuite; both trained on the
PolNeAR train split by scripts/) reconciled with the rules, or the rules alone without a tagger. The time per article of the claims component
alone (after the blocks, entities and language components) is printed too.

Two variants are scored:
  * ``rows``   every claims.csv row as extracted;
  * ``merged`` a ``continued`` row folded into the claim it continues (its content span widened
    to cover the continuation), because PolNeAR annotates a quotation running over several
    paragraphs as ONE attribution with a discontinuous content, while our table gives each
    paragraph its own row. Nothing else differs.
Exits 0 with "skipped: ../shared/eval not found" when the shared data is absent.
"""
from __future__ import annotations

import argparse
import csv
import json
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval" / "attribution"
WORK = ROOT / "benchmarks" / "work"
RESULTS = ROOT / "benchmarks" / "results" / "attribution.csv"
LINE = re.compile(r"^(\w+)\s+P ([\d.]+)\s+R ([\d.]+)\s+F1 ([\d.]+)")


def prepare(split: str) -> Path:
    """Prepared corpus folder for ``split`` (made once with the scorer's ``prepare``)."""
    out = WORK / f"polnear_{split}"
    if not any(out.glob("*.gold.json")):
        subprocess.run([sys.executable, str(EVAL / "score_attribution.py"), "prepare",
                        str(EVAL / "polnear" / split), str(out)], check=True, capture_output=True)
    return out


def heldout_setup() -> Path | None:
    """Corpus folder of the held-out train articles, with the learned cue list recounted without
    them and put in place (``attribution.tagger.MODEL_PATH`` moved beside it); None without the
    encoder. In: the prepared train split. Out: ``WORK/polnear_heldout``."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import train_attribution as ta
    from explorer.extract.attribution import tagger as am
    if am.encoder_tagger() is None:
        return None
    train = prepare("train")
    held = set(am.ENCODER_PATH.with_suffix(".heldout.txt").read_text(encoding="utf-8").split())
    out = WORK / "polnear_heldout"
    out.mkdir(parents=True, exist_ok=True)
    for name in sorted(held):
        for suffix in (".txt", ".gold.json", ".meta.json"):
            src, dst = train / (name + suffix), out / (name + suffix)
            if not dst.exists():
                dst.write_bytes(src.read_bytes())
    scorer = ta.scorer_module()
    docs = [ta.labelled_article(txt, ann, scorer) for txt, ann, _ in ta.articles(EVAL / "polnear" / "train")
            if Path(txt).stem not in held]
    model = WORK / "heldout_model" / am.MODEL_PATH.name
    model.parent.mkdir(parents=True, exist_ok=True)
    min_count = json.loads(am.MODEL_PATH.with_suffix(".json").read_text())["learned_cues"]["min_cue_count"]
    n = ta.write_learned_cues(docs, am.learned_path(model), min_count)
    am.MODEL_PATH = model  # the cue list is read beside the model path; no CRF here
    am.learned_cues.cache_clear()
    am.tagger.cache_clear()
    print(f"   held-out: {len(held)} articles; learned cue list recounted over the other {len(docs)} "
          f"train articles ({n} words)")
    return out


def merge_continued(rows: list[dict]) -> list[dict]:
    """Fold each ``continued`` row into the claim it continues (widen its content end)."""
    out: list[dict] = []
    for r in rows:
        if r["kind"] == "continued" and out:
            head = next((o for o in reversed(out) if o["speaker"] == r["speaker"]), None)
            if head is not None:
                head["content_end"] = max(int(head["content_end"]), int(r["content_end"]))
                continue
        out.append(dict(r))
    return out


def extract(corpus: Path, pred: Path, limit: int | None) -> tuple[int, float]:
    """Run blocks, entities, language, claims on every article; write both variants.
    Returns (articles, seconds spent in the claims component)."""
    from explorer import load_article
    from explorer.extract.attribution import claims_component
    from explorer.pipeline import run
    from explorer.tables import frame

    n, t_claims = 0, 0.0
    for txt in sorted(corpus.glob("*.txt"))[:limit]:
        doc = run(load_article(txt), pipeline=("blocks", "entities", "language"))
        t0 = time.perf_counter()
        claims_component(doc)
        t_claims += time.perf_counter() - t0
        rows = doc.rows["claims"]
        for variant, rs in (("rows", rows), ("merged", merge_continued(rows))):
            d = pred / variant / txt.stem
            d.mkdir(parents=True, exist_ok=True)
            frame("claims", rs).to_csv(d / "claims.csv", index=False)
        n += 1
    return n, t_claims


def claims_setup() -> str:
    """How claims are found here: the mode and which attribution tagger is loaded."""
    from explorer.extract.attribution import tagger as attribution_model
    from explorer.extract.attribution.component import DEFAULT_CONFIG
    if attribution_model.encoder_tagger() is not None:
        tagger = f"encoder tagger ({attribution_model.ENCODER_PATH.name})"
    elif attribution_model.tagger() is not None:
        tagger = f"CRF tagger ({attribution_model.MODEL_PATH.name})"
    else:
        tagger = "no tagger: rules only"
    return f"mode {DEFAULT_CONFIG['mode']}, {tagger}"


def score(corpus: Path, pred: Path) -> tuple[str, list[tuple[str, float, float, float]]]:
    """The scorer's printed output and its (metric, P, R, F1) lines."""
    res = subprocess.run([sys.executable, str(EVAL / "score_attribution.py"), "score", str(corpus), str(pred)],
                         check=True, capture_output=True, text=True)
    figs = [(m.group(1), float(m.group(2)), float(m.group(3)), float(m.group(4)))
            for m in map(LINE.match, res.stdout.splitlines()) if m]
    return res.stdout, figs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="dev", choices=("dev", "heldout", "train", "both"))
    ap.add_argument("--limit", type=int, default=None)
    args = ap.parse_args(argv)
    if not EVAL.exists():
        print("skipped: ../shared/eval not found")
        return 0
    sys.path.insert(0, str(ROOT))
    rows = []
    splits = ("dev", "train") if args.split == "both" else (args.split,)
    for split in splits:
        corpus = heldout_setup() if split == "heldout" else prepare(split)
        if corpus is None:
            print("skipped: held-out figures need the encoder tagger (the CRF was trained on them)")
            continue
        pred = WORK / f"pred_attribution_{split}"
        t0 = time.time()
        n, t_claims = extract(corpus, pred, args.limit)
        print(f"== PolNeAR {split}: {n} articles extracted in {time.time() - t0:.1f}s; claims component "
              f"{1000 * t_claims / max(n, 1):.1f} ms per article ({claims_setup()})")
        if split == "train":
            print("   note: the attribution model was trained on this split, so these figures are in-sample")
        for variant in ("rows", "merged"):
            out, figs = score(corpus, pred / variant)
            print(f"-- variant {variant}")
            print(out.rstrip())
            rows += [(split, variant, *f) for f in figs]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    if RESULTS.exists():  # keep the figures of the splits not run this time
        with RESULTS.open(newline="", encoding="utf-8") as f:
            kept = [r for r in csv.reader(f)][1:]
        rows = [tuple(r) for r in kept if r[0] not in splits] + rows
        rows.sort(key=lambda r: ("dev", "heldout", "train").index(r[0]))
    with RESULTS.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["split", "variant", "metric", "precision", "recall", "f1"])
        w.writerows(rows)
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

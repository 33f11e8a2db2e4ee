"""spaCy's small English pipeline as a command, for bench_speed.py: every DIR/*.txt through
``en_core_web_sm`` (all its components: tagger, parser, NER, ...), one process.

    python benchmarks/_spacy_run.py DIR

Prints the number of entities found, so the work cannot be skipped.
"""
from __future__ import annotations

import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    import spacy
    nlp = spacy.load("en_core_web_sm")
    texts = [p.read_text(encoding="utf-8") for p in sorted(Path(argv[0]).glob("*.txt"))]
    print(sum(len(doc.ents) for doc in nlp.pipe(texts)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

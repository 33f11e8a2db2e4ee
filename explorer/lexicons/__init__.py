"""Word lists as data files. Each CSV has a header row and names its source, in a ``source``
column or in ``#`` comment lines before the header."""
from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources


def read(name: str) -> list[dict]:
    """Rows of ``explorer/lexicons/<name>`` as dicts; ``#`` comment lines are skipped."""
    with resources.files(__name__).joinpath(name).open(encoding="utf-8") as f:
        lines = [ln for ln in f if not ln.lstrip('"').startswith("#")]
    return list(csv.DictReader(lines))


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """The English function words of ``english_stopwords.csv`` (lower case)."""
    return frozenset(r["word"].strip().lower() for r in read("english_stopwords.csv"))

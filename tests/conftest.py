"""Shared fixtures: the seed article and its tables (extracted once per test session)."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "raw" / "000_33e25db8365cd6ad.txt"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def seed_article():
    from explorer import load_article
    return load_article(SEED)


@pytest.fixture(scope="session")
def seed_doc(seed_article):
    from explorer.pipeline import run
    return run(seed_article)


@pytest.fixture(scope="session")
def seed_tables(seed_doc):
    from explorer.tables import Tables
    return Tables.from_rows(seed_doc.rows)


def span_of(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """(start, end) of the nth occurrence of needle in text: for writing exact expectations."""
    pos = -1
    for _ in range(nth + 1):
        pos = text.index(needle, pos + 1)
    return pos, pos + len(needle)

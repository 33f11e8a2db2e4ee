"""The article's tables on disk, reused while they are current, so the notebooks and the report
build extract an article once instead of once per notebook.

In:  an article path (anything :func:`explorer.load_article` reads) and a folder of processed
     tables holding one sub-folder per article (``data/processed`` in the project).
Out: the :class:`~explorer.article.Article` and its :class:`~explorer.tables.Tables`. The tables
     come from ``<processed>/<stem>/<table>.csv`` when that folder's ``manifest.json`` matches
     the article (its text and metadata) and this code (the package's version and a hash of its
     source, lexicons and models); otherwise they are extracted, written there (the same CSVs
     as ``explorer extract``), and the manifest is written last.
"""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from .article import Article, load_article
from .tables import Tables

MANIFEST = "manifest.json"
_CODE_SUFFIXES = (".py", ".csv", ".tsv", ".txt", ".json", ".npz", ".crfsuite")


def article_key(article: Article) -> str:
    """SHA-256 of what extraction reads from an article: its text and metadata."""
    meta = {"published": article.published, "published_source": article.published_source,
            "outlet": article.outlet, "url": article.url, "language": article.language}
    h = hashlib.sha256(article.text.encode("utf-8"))
    h.update(json.dumps(meta, sort_keys=True, default=str).encode("utf-8"))
    return h.hexdigest()


@lru_cache(maxsize=1)
def code_key() -> str:
    """``<version>+<hash>``: the package version and a SHA-256 over its own files (code, lexicons,
    models), so tables written by other code are never taken as current."""
    from . import __version__

    pkg = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for p in sorted(pkg.rglob("*")):
        if p.suffix in _CODE_SUFFIXES and p.is_file() and "__pycache__" not in p.parts and "notebooks" not in p.parts:
            h.update(p.relative_to(pkg).as_posix().encode("utf-8") + b"\0" + p.read_bytes())
    return f"{__version__}+{h.hexdigest()[:16]}"


def tables_dir(article_path, processed) -> Path:
    """Where the tables of the article at ``article_path`` live: ``<processed>/<stem>``."""
    return Path(processed) / Path(article_path).stem


def is_current(article: Article, folder) -> bool:
    """True when ``folder`` holds the eight CSVs and a manifest written for this article by this code."""
    from .schema import TABLE_NAMES

    d = Path(folder)
    try:
        man = json.loads((d / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (isinstance(man, dict) and man.get("article") == article_key(article)
            and man.get("code") == code_key() and all((d / f"{t}.csv").is_file() for t in TABLE_NAMES))


def extract_to(article: Article, folder) -> Path:
    """Extract the tables of ``article`` into ``folder`` (CSVs, ``article.txt`` and ``article.json``
    as ``explorer extract`` writes them, then the manifest)."""
    from .atomic import write_text
    from .batch import write_text_files
    from .pipeline import run
    from .schema import TABLE_NAMES, write_rows

    d = Path(folder)
    d.mkdir(parents=True, exist_ok=True)
    (d / MANIFEST).unlink(missing_ok=True)   # never a manifest beside half-rewritten tables
    rows = run(article).rows
    for t in TABLE_NAMES:
        write_rows(t, rows.get(t) or [], d / f"{t}.csv")
    write_text_files(article, rows, d)
    write_text(d / MANIFEST, json.dumps({"article": article_key(article), "code": code_key(),
                                         "source": Path(article.path).name if article.path else ""},
                                        indent=1, sort_keys=True) + "\n")
    return d


def load_or_extract(article_path, processed, *, published: str | None = None) -> tuple[Article, Tables]:
    """The article at ``article_path`` and its tables, read from ``<processed>/<stem>/`` when they
    are current (see :func:`is_current`), else extracted and written there first."""
    article = load_article(article_path, published=published)
    folder = tables_dir(article_path, processed)
    if not is_current(article, folder):
        extract_to(article, folder)
    return article, Tables.read_csv(folder)

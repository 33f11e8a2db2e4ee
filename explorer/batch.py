"""Run extraction over one article file or a directory of them, one article at a time, so
memory stays flat however many articles there are.

In:  a path (file or directory), an output directory, options.
Out: ``<out>/<table>.csv`` for a file, ``<out>/<stem>/<table>.csv`` for each article of a
     directory, beside them ``article.txt`` (the text the offsets point into: the file's text, or
     a web page's extracted body) and ``article.json`` (its metadata, with where the publication
     date came from), and a :class:`BatchResult` (counts per table, failures with reasons).
     Every file is written atomically; no other file in the output directory is touched.
"""
from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .article import Article, check_date, load_article
from .atomic import write_text
from .errors import ArticleNotFound, ExplorerError, OutputError
from .pipeline import component_config, components_for, run
from .schema import TABLE_NAMES, write_rows


@dataclass
class BatchResult:
    articles: int = 0
    rows: dict[str, int] = field(default_factory=lambda: {t: 0 for t in TABLE_NAMES})
    #: the tables extracted (all nine unless ``extract_path(..., tables=...)`` chose some)
    tables: tuple[str, ...] = TABLE_NAMES
    failures: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        rows = ", ".join(f"{t} {n}" for t, n in self.rows.items() if t in self.tables)
        lines = [f"{self.articles} article(s) extracted, {len(self.failures)} failed; rows: {rows}"]
        return "\n".join(lines)


#: the file names a directory's articles end with (plain text and saved web pages)
ARTICLE_SUFFIXES = (".txt", ".html", ".htm")


def article_files(path: Path) -> list[Path]:
    """The ``.txt``, ``.html`` and ``.htm`` articles of a directory, sorted by name (sidecars and
    hidden files left out). One pass over the directory (``os.scandir``: no extra ``stat`` per
    name on most file systems), so 10,000 files cost 10,000 entries, not more."""
    with os.scandir(path) as it:
        names = [e.name for e in it
                 if not e.name.startswith(".") and os.path.splitext(e.name)[1].lower() in ARTICLE_SUFFIXES
                 and e.is_file()]
    return [path / n for n in sorted(names)]


TEXT_FILE, META_FILE = "article.txt", "article.json"


def article_record(article: Article, rows: dict) -> dict:
    """What ``article.json`` holds: the article's metadata, and ``published_source``: ``argument``
    (``--published``), ``meta.json`` (the sidecar), ``page`` (the web page's metadata),
    ``inferred:<how>`` (no date given: the dates table's anchor was inferred from the text) or
    empty (no anchor at all)."""
    source = article.published_source
    if not article.published:
        source = next((r["anchor"] for r in rows.get("dates") or [] if str(r.get("anchor", "")).startswith("inferred")), "")
    meta = article.meta
    return {"source_file": article.path, "format": meta.get("format", "text"),
            "headline": article.headline, "published": article.published, "published_source": source,
            "outlet": article.outlet, "author": meta.get("author", ""), "url": article.url,
            "language": article.language, "encoding": meta.get("encoding", "utf-8"),
            "characters": len(article.text), "text_file": TEXT_FILE}


def _check_not_input(dest: Path, names, src: Path) -> None:
    """Raise :class:`OutputError` when an output named ``names`` in ``dest`` is the input ``src``."""
    for name in names:
        target = dest / name
        if target.exists() and os.path.samefile(target, src):
            raise OutputError(f"{target}: is the input article; choose another --out")


def write_text_files(article: Article, rows: dict, dest: Path) -> None:
    """``article.txt`` and ``article.json`` into ``dest``."""
    write_text(dest / TEXT_FILE, article.text)
    write_text(dest / META_FILE, json.dumps(article_record(article, rows), ensure_ascii=False, indent=1) + "\n")


def output_dirs(files: list[Path], out: Path) -> list[Path]:
    """``out/<stem>`` for each article; articles sharing a stem (``a.txt`` and ``a.html``) get
    ``out/<stem>_<extension>`` instead, so no article's outputs overwrite another's."""
    stems: dict[str, int] = {}
    for f in files:
        stems[f.stem] = stems.get(f.stem, 0) + 1
    return [out / (f.stem if stems[f.stem] == 1 else f"{f.stem}_{f.suffix[1:].lower()}") for f in files]


def _progress(items, enabled: bool):
    if not enabled:
        return items
    from tqdm import tqdm
    return tqdm(items, unit="article", file=sys.stderr, dynamic_ncols=True)


def check_options(*, published: str | None, tables, config: dict | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The options of a run, checked before any file is read: a malformed ``published`` date,
    an unknown table name, component or option raises :class:`~explorer.errors.ExplorerError`.
    Out: the components to run, and the tables to write (in schema order)."""
    if published:
        check_date(published, "--published")
    pipeline = components_for(tables)
    for name, opts in (config or {}).items():
        component_config(name, opts)
    return pipeline, tuple(t for t in TABLE_NAMES if tables is None or t in tables)


def extract_path(path, out_dir, *, published: str | None = None, ner: str | None = None,
                 progress: bool | None = None, tables=None, config: dict | None = None) -> BatchResult:
    """Extract the tables of one article file, or of every ``.txt``/``.html``/``.htm`` in a
    directory, and write ``article.txt`` and ``article.json`` beside them.

    For a single file, a bad article raises its :class:`~explorer.errors.ArticleError`; in a
    directory, a bad article is recorded in ``failures`` and the others are still written. Only files
    inside ``out_dir`` are written; input files are only read. ``tables`` (table names) runs only
    the components those tables need and writes only those CSVs; ``None`` writes all nine.
    ``config`` gives components options (:func:`explorer.pipeline.run`).
    """
    src, out = Path(path), Path(out_dir)
    pipeline, wanted = check_options(published=published, tables=tables, config=config)
    if not src.exists():
        raise ArticleNotFound(src, "no such file or directory")
    if out.exists() and not out.is_dir():
        raise ExplorerError(f"{out}: --out must be a directory, and a file of that name exists")
    result = BatchResult(tables=wanted)
    if src.is_dir():
        files = article_files(src)
        if not files:
            raise ArticleNotFound(src, "the directory holds no .txt, .html or .htm articles")
        targets = list(zip(files, output_dirs(files, out)))
    else:
        targets = [(src, out)]
    if progress is None:
        progress = len(targets) > 1 and sys.stderr.isatty()
    for f, dest in _progress(targets, progress):
        try:
            article = load_article(f, published=published)
            rows = run(article, pipeline=pipeline, ner=ner, config=config).rows
            dest.mkdir(parents=True, exist_ok=True)
            _check_not_input(dest, (TEXT_FILE, META_FILE) + tuple(f"{t}.csv" for t in wanted), f)
            write_text_files(article, rows, dest)
        except ExplorerError as exc:
            if not src.is_dir():
                raise
            result.failures.append((str(f), str(exc)))
            continue
        for t in wanted:
            write_rows(t, rows.get(t) or [], dest / f"{t}.csv")
            result.rows[t] += len(rows.get(t) or [])
        result.articles += 1
    return result

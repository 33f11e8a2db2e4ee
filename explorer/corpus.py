"""A corpus out, on Dask: every article of a directory extracted on a Dask cluster into one
Parquet dataset per table, resumable and keyed by content hash.

In:  a directory of articles (found by :func:`explorer.batch.article_files`, each with its
     optional ``.meta.json`` sidecar), a dataset directory, and the engine: ``workers`` for a
     local Dask cluster (``0`` runs in this process, without Dask), or ``scheduler``, the
     address of an existing Dask scheduler.
Out: ``DATASET/<table>/part-<batch>.parquet`` for the eight tables, with the schema's columns
     after ``article_id`` (the file's stem), ``outlet`` and ``published`` (from the sidecar or
     ``published=``); ``DATASET/failures/`` (``article_id``, ``path``, ``key``, ``reason``) for
     articles that could not be extracted; ``DATASET/articles/`` (one row per article done,
     :data:`ARTICLE_COLUMNS`), written last for each batch, so it is the record of what is done.
     Returns a :class:`CorpusResult`.

How it holds at scale:

* **Once per article.** An article's ``key`` is the SHA-256 of its bytes, its sidecar's bytes
  and the options (``published``, ``ner``, ``tables``). Articles whose key is in ``articles/``
  are skipped, so an interrupted run resumes and a second run over the same corpus writes
  nothing. An article whose file changed (same stem, new key) has its old rows removed first.
* **Atomic.** Each part is written to ``*.tmp`` and renamed. A batch's table parts are written
  before its ``articles`` part; parts of a batch whose ``articles`` part is missing (a run
  killed mid-batch) are deleted when the next run starts.
* **Flat memory.** At most :data:`WINDOW_PER_WORKER` tasks per worker are in flight, and the
  driver holds one batch of rows; a worker holds one article at a time.
* **Failures never stop the run.** A bad article (:class:`~explorer.errors.ExplorerError`),
  an unexpected error in an extractor, or a worker that died on it becomes a ``failures`` row;
  failed articles count as done (their key is recorded) until their file changes.
* **Deterministic.** Articles are processed in file-name order and batched in that order, so
  the parts (and their names) are the same whichever worker ran what.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import resource
import sys
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ArticleNotFound, ExplorerError
from .schema import SCHEMA, TABLE_NAMES, coerce

#: the columns added in front of every table's own, so tables join across articles
KEY_COLUMNS = ("article_id", "outlet", "published")
#: one row per article done (ok or failed): the dataset's record of its work
ARTICLE_COLUMNS = (("article_id", "str"), ("outlet", "str"), ("published", "str"), ("path", "str"),
                   ("key", "str"), ("status", "str"), ("words", "int"), ("seconds", "float"))
FAILURE_COLUMNS = (("article_id", "str"), ("path", "str"), ("key", "str"), ("reason", "str"))
BATCH_SIZE = 32          #: articles per Parquet part
WINDOW_PER_WORKER = 4    #: tasks in flight per worker (bounds the driver's memory)
_WORD = re.compile(r"\w+")


class CorpusError(ExplorerError):
    """The corpus or dataset cannot be used (no articles, dataset path is a file, bad options)."""


@dataclass
class CorpusResult:
    """What a corpus run did."""
    articles: int = 0            #: articles in the corpus
    done: int = 0                #: extracted in this run
    skipped: int = 0             #: already in the dataset (same key)
    failed: list[tuple[str, str]] = field(default_factory=list)   #: (article_id, reason) this run
    rows: dict[str, int] = field(default_factory=lambda: {t: 0 for t in TABLE_NAMES})
    words: int = 0               #: words of the articles extracted in this run
    seconds: float = 0.0         #: wall time of the run
    parts_written: int = 0       #: Parquet files written (0 for a run with nothing to do)
    worker_peak_rss: dict[str, int] = field(default_factory=dict)   #: worker -> peak RSS, bytes

    def summary(self) -> str:
        rows = ", ".join(f"{t} {n}" for t, n in self.rows.items())
        rss = "; peak RSS per worker " + ", ".join(f"{b / 2**20:.0f}" for b in self.worker_peak_rss.values()) \
            + " MB" if self.worker_peak_rss else ""
        return (f"{self.articles} article(s): {self.done} extracted, {self.skipped} already in the "
                f"dataset, {len(self.failed)} failed; rows: {rows}; {self.seconds:.1f} s{rss}")


# ---------------------------------------------------------------------------------------------
# Keys and the work of one article (runs on a worker)

def article_key(path, *, published: str | None = None, ner: str | None = None, tables=None,
                config: dict | None = None) -> str:
    """SHA-256 (hex) of the article's bytes, its sidecar's bytes (if any) and the options."""
    p = Path(path)
    h = hashlib.sha256()
    try:
        h.update(p.read_bytes())
        side = p.with_name(p.stem + ".meta.json")
        h.update(b"\0sidecar\0" + (side.read_bytes() if side.is_file() else b""))
    except OSError as exc:   # unreadable: the worker's loader will say why, as a failure
        h.update(b"\0unreadable\0" + str(exc).encode())
    opts = {"published": published, "ner": ner, "tables": sorted(tables) if tables is not None else None}
    if config:  # only a run with options keys differently, so datasets made without stay valid
        opts["config"] = config
    h.update(b"\0options\0" + json.dumps(opts, sort_keys=True).encode())
    return h.hexdigest()


def extract_one(path: str, published: str | None = None, ner: str | None = None, tables=None,
                config: dict | None = None) -> dict:
    """One article in; a dict out: ``article_id``, ``outlet``, ``published``, ``words`` (of its
    content blocks), ``seconds``, ``rows`` ({table: [row dicts]}) and ``error`` (None, or the
    reason it failed). Never raises for a bad article or an extractor error: the reason is returned.
    """
    from .article import load_article
    from .pipeline import components_for, run

    t0 = time.perf_counter()
    out = {"article_id": Path(path).stem, "outlet": "", "published": "", "words": 0,
           "rows": {}, "error": None}
    try:
        art = load_article(path, published=published)
        out["outlet"], out["published"] = art.outlet, art.published or ""
        out["words"] = sum(len(_WORD.findall(b.text)) for b in art.content_blocks())
        out["rows"] = run(art, pipeline=components_for(tables), ner=ner, config=config).rows
    except ExplorerError as exc:
        out["error"] = str(exc)
    except Exception as exc:  # an extractor bug must not stop a corpus run: it is recorded
        out["error"] = f"{path}: {exc.__class__.__name__}: {exc}"
    out["seconds"] = time.perf_counter() - t0
    return out


def _peak_rss() -> int:
    """This process's peak resident set size, bytes."""
    r = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return r if sys.platform == "darwin" else r * 1024


# ---------------------------------------------------------------------------------------------
# Parquet parts

def _arrow_type(kind: str):
    import pyarrow as pa
    return {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_()}[kind]


def table_schema(table: str):
    """The pyarrow schema of a dataset table: :data:`KEY_COLUMNS`, then the table's columns."""
    import pyarrow as pa
    if table == "articles":
        cols = list(ARTICLE_COLUMNS)
    elif table == "failures":
        cols = list(FAILURE_COLUMNS)
    else:
        cols = [(c, "str") for c in KEY_COLUMNS] + [(c, k) for c, k, _ in SCHEMA[table]]
    return pa.schema([(c, _arrow_type(k)) for c, k in cols])


def _write_part(path: Path, table: str, rows: list[dict]) -> None:
    """Rows (dicts) in; ``path`` (one Parquet file with the table's schema) out, atomically."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    schema = table_schema(table)
    kinds = {c: k for c, k in (list(ARTICLE_COLUMNS) + list(FAILURE_COLUMNS) if table in ("articles", "failures")
                               else [(c, "str") for c in KEY_COLUMNS] + [(c, k) for c, k, _ in SCHEMA[table]])}
    arrays = [pa.array([coerce(kinds[f.name], r.get(f.name)) for r in rows], type=f.type) for f in schema]
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    pq.write_table(pa.Table.from_arrays(arrays, schema=schema), tmp)
    os.replace(tmp, path)


def _parts(dataset: Path, table: str) -> list[Path]:
    d = dataset / table
    return sorted(d.glob("part-*.parquet")) if d.is_dir() else []


def read_table(dataset, table: str):
    """A dataset table as a pandas DataFrame: every part, rows ordered by ``article_id`` and,
    within an article, as extracted; for the eight tables the key columns and then the schema's
    dtypes as :func:`explorer.tables.conform` gives them. Empty with the right columns when the
    dataset has no part of it. (For analysis at scale, query the parts with DuckDB instead:
    :mod:`explorer.coverage`.)"""
    import pandas as pd
    import pyarrow.parquet as pq
    from .tables import conform

    parts = _parts(Path(dataset), table)
    schema = table_schema(table)
    if parts:
        df = pd.concat([pq.read_table(p, schema=schema).to_pandas() for p in parts], ignore_index=True)
        df = df.sort_values("article_id", kind="stable", ignore_index=True)   # article order, rows in theirs
    else:
        df = schema.empty_table().to_pandas()
    if table in SCHEMA:
        keys = df[list(KEY_COLUMNS)].fillna("").astype(str).astype("object").reset_index(drop=True)
        return pd.concat([keys, conform(table, df)], axis=1)
    return df


def done_keys(dataset) -> dict[str, str]:
    """``{article_id: key}`` of the articles the dataset records as done (ok or failed)."""
    import pyarrow.parquet as pq
    out: dict[str, str] = {}
    for p in _parts(Path(dataset), "articles"):
        t = pq.read_table(p, columns=["article_id", "key"]).to_pydict()
        out.update(zip(t["article_id"], t["key"]))
    return out


def _tables_in(dataset: Path) -> list[str]:
    return [t for t in (*TABLE_NAMES, "failures", "articles") if (dataset / t).is_dir()]


def _clean(dataset: Path) -> None:
    """Delete ``*.tmp`` files and the parts of batches whose ``articles`` part is missing."""
    committed = {p.name for p in _parts(dataset, "articles")}
    for t in _tables_in(dataset):
        for p in (dataset / t).glob("*.tmp"):
            p.unlink()
        if t != "articles":
            for p in _parts(dataset, t):
                if p.name not in committed:
                    p.unlink()


def _drop(dataset: Path, article_ids: set[str]) -> None:
    """Remove every row of ``article_ids`` from every part (rewritten atomically; the
    ``articles`` part last, so an interruption leaves those articles to be redone)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq
    ids = pa.array(sorted(article_ids), type=pa.string())
    for t in [t for t in _tables_in(dataset) if t != "articles"] + ["articles"]:
        for p in _parts(dataset, t):
            tab = pq.read_table(p, schema=table_schema(t))
            keep = pc.invert(pc.is_in(tab["article_id"], value_set=ids))
            if pc.all(keep).as_py() is not False:
                continue
            tmp = p.with_name(p.name + ".tmp")
            pq.write_table(tab.filter(keep), tmp)
            os.replace(tmp, p)


# ---------------------------------------------------------------------------------------------
# Engines: in this process, a local Dask cluster, or an existing scheduler

class _Inline:
    """The engine without Dask (``workers=0``): tasks run here, one at a time, when asked for."""

    def submit(self, fn, *args):
        return (fn, args)

    def result(self, fut):
        fn, args = fut
        return fn(*args)

    def peak_rss(self) -> dict[str, int]:
        return {"local": _peak_rss()}

    def close(self):
        pass


class _Dask:
    """A ``distributed.Client`` on a new local cluster (``workers`` processes, one thread each,
    no dashboard, on 127.0.0.1) or on the scheduler at ``address``."""

    def __init__(self, workers: int | None, address: str | None):
        from distributed import Client, LocalCluster
        self.cluster = None
        if address:
            try:
                self.client = Client(address, timeout="20s")
            except (OSError, TimeoutError) as exc:
                raise CorpusError(f"cannot reach the Dask scheduler at {address} ({exc})") from None
        else:
            self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                        host="127.0.0.1", dashboard_address=None,
                                        worker_dashboard_address=None, silence_logs=logging.CRITICAL,
                                        # no dashboard; its health endpoint on a free loopback port
                                        scheduler_kwargs={"dashboard_address": "127.0.0.1:0"})
            self.client = Client(self.cluster)
        self.nworkers = max(1, len(self.client.scheduler_info(n_workers=-1)["workers"]))

    def submit(self, fn, *args):
        return self.client.submit(fn, *args, pure=False)

    def result(self, fut):
        from distributed import KilledWorker
        try:
            return fut.result()
        except KilledWorker as exc:   # the worker died on this article (e.g. out of memory)
            return {"error": f"the worker died on it ({exc.__class__.__name__})"}
        except Exception as exc:      # e.g. the package cannot be imported on that worker
            return {"error": f"the task failed on the worker: {exc.__class__.__name__}: {exc}"}
        finally:
            fut.release()

    def peak_rss(self) -> dict[str, int]:
        return dict(sorted(self.client.run(_peak_rss).items()))

    def close(self):
        # workers' last heartbeats race the shutdown and log closed streams: not errors of ours
        quiet = logging.getLogger("distributed")
        level = quiet.level
        quiet.setLevel(logging.CRITICAL)
        try:
            self.client.close()
            if self.cluster is not None:
                self.cluster.close()
        finally:
            quiet.setLevel(level)


def _progress(total: int, enabled: bool):
    from tqdm import tqdm
    return tqdm(total=total, unit="article", file=sys.stderr, dynamic_ncols=True, disable=not enabled)


# ---------------------------------------------------------------------------------------------
# The run

def extract_corpus(corpus, dataset, *, workers: int | None = None, scheduler: str | None = None,
                   published: str | None = None, ner: str | None = None, tables=None,
                   progress: bool | None = None, batch_size: int = BATCH_SIZE,
                   limit: int | None = None, config: dict | None = None) -> CorpusResult:
    """Extract every article of the directory ``corpus`` into the Parquet dataset ``dataset``
    (see the module docstring). ``workers`` sizes a local Dask cluster (default: the CPU
    count; ``0`` runs in this process without Dask); ``scheduler`` uses an existing Dask
    scheduler instead. ``limit`` takes only the first N articles by name. The corpus is only
    read; only files under ``dataset`` are written.
    """
    from .batch import article_files, check_options

    t0 = time.perf_counter()
    src, out = Path(corpus), Path(dataset)
    _, wanted = check_options(published=published, tables=tables, config=config)
    if not src.is_dir():
        raise ArticleNotFound(src, "--format parquet needs a directory of articles")
    if out.exists() and not out.is_dir():
        raise CorpusError(f"{out}: --out must be a directory, and a file of that name exists")
    if workers is not None and workers < 0:
        raise CorpusError(f"--workers must be 0 or more, not {workers}")
    if limit is not None and limit < 1:
        raise CorpusError(f"--limit must be 1 or more, not {limit}")
    files = article_files(src)[:limit] if limit is not None else article_files(src)
    if not files:
        raise ArticleNotFound(src, "the directory holds no articles")
    res = CorpusResult(articles=len(files))
    if out.is_dir():
        _clean(out)
    done = done_keys(out) if out.is_dir() else {}
    todo, stale = [], set()
    for f in files:
        key = article_key(f, published=published, ner=ner, tables=tables, config=config)
        if done.get(f.stem) == key:
            res.skipped += 1
            continue
        if f.stem in done:
            stale.add(f.stem)
        todo.append((f, key))
    if stale:
        _drop(out, stale)
    if not todo:
        res.seconds = time.perf_counter() - t0
        return res
    if progress is None:
        progress = sys.stderr.isatty()
    engine = _Inline() if workers == 0 and not scheduler else _Dask(workers or os.cpu_count() or 1, scheduler)
    window = WINDOW_PER_WORKER * getattr(engine, "nworkers", 1)
    try:
        pending: deque = deque()
        batch: list[tuple[Path, str, dict]] = []
        it = iter(todo)
        bar = _progress(len(todo), progress)
        while True:
            while len(pending) < window:
                nxt = next(it, None)
                if nxt is None:
                    break
                pending.append((nxt, engine.submit(extract_one, str(nxt[0]), published, ner, tables, config)))
            if not pending:
                break
            (f, key), fut = pending.popleft()
            r = engine.result(fut)
            batch.append((f, key, r))
            bar.update(1)
            if len(batch) >= batch_size:
                _write_batch(out, batch, wanted, res)
                batch = []
        if batch:
            _write_batch(out, batch, wanted, res)
        bar.close()
        res.worker_peak_rss = engine.peak_rss()
    finally:
        engine.close()
    res.seconds = time.perf_counter() - t0
    return res


def _write_batch(out: Path, batch: list[tuple[Path, str, dict]], wanted, res: CorpusResult) -> None:
    """One batch of results in; a part per table, ``failures`` and ``articles`` (last) out."""
    name = "part-" + hashlib.sha256("".join(k for _, k, _ in batch).encode()).hexdigest()[:16] + ".parquet"
    rows = {t: [] for t in wanted}
    failures, articles = [], []
    for f, key, r in batch:
        aid = f.stem
        keys = {"article_id": aid, "outlet": r.get("outlet", ""), "published": r.get("published", "")}
        status = "failed" if r.get("error") else "ok"
        if status == "failed":
            failures.append({"article_id": aid, "path": str(f), "key": key, "reason": r["error"]})
            res.failed.append((aid, r["error"]))
        else:
            for t in wanted:
                tr = r["rows"].get(t) or []
                rows[t] += [{**row, **keys} for row in tr]
                res.rows[t] += len(tr)
            res.done += 1
            res.words += r.get("words", 0)
        articles.append({**keys, "path": str(f), "key": key, "status": status,
                         "words": r.get("words", 0), "seconds": r.get("seconds")})
    for t in wanted:
        _write_part(out / t / name, t, rows[t])
    _write_part(out / "failures" / name, "failures", failures)
    _write_part(out / "articles" / name, "articles", articles)
    res.parts_written += len(wanted) + 2

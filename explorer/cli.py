"""The command line. Parses arguments, calls into the package, and turns every
:class:`~explorer.errors.ExplorerError` into a one-line message and exit status 2.

    explorer extract PATH --out DIR [--published DATE] [--ner MODEL] [--tables dates,people,...] [--config FILE]
    explorer extract CORPUS_DIR --out DATASET --format parquet [--workers N | --scheduler ADDRESS]
    explorer corroborate ARTICLE (--context CSV | --corpus DATASET) --out DIR [--published DATE]
    explorer report PATH --out DIR [--context CSV|DIR] [--figures DIR] [--tables DIR] [--screenshot PNG]
    explorer export timelinejs ARTICLE --out FILE.json [--published DATE]
    explorer timeline CORPUS_DIR (--entity NAME ... | --entities FILE) --out DIR
"""
from __future__ import annotations

import argparse
import sys

from .errors import ExplorerError

EXIT_BAD_INPUT = 2


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="explorer", description="Turn news articles into tidy tables.")
    sub = p.add_subparsers(dest="command", required=True)
    e = sub.add_parser("extract", help="write the nine CSV tables for an article or a directory of articles")
    e.add_argument("path", help="an article (.txt, or a saved web page .html/.htm), or a directory of them")
    e.add_argument("--out", required=True, help="output directory (one sub-directory per article for a directory)")
    e.add_argument("--published", help="publication date YYYY-MM-DD or YYYY-MM (overrides .meta.json and the page's own date)")
    e.add_argument("--ner", metavar="MODEL", help="an installed spaCy model for statistical NER (optional)")
    e.add_argument("--tables", metavar="NAMES",
                   help="comma-separated tables to extract (default: all nine), e.g. dates or people,places; "
                        "only their CSVs are written (other CSVs already in --out are left as they are)")
    e.add_argument("--config", metavar="FILE",
                   help='component options as JSON or TOML (.toml), e.g. {"claims": {"mode": "rules"}}')
    e.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="show a progress bar (default: on a terminal, for several articles)")
    e.add_argument("--format", choices=("csv", "parquet"), default="csv",
                   help="csv (default): <out>/<article>/<table>.csv; parquet: a directory of articles "
                        "extracted on Dask into one Parquet dataset per table, <out>/<table>/ (resumable)")
    e.add_argument("--workers", type=int, metavar="N",
                   help="with --format parquet: Dask worker processes of a local cluster "
                        "(default: the CPU count; 0 runs in this process without Dask)")
    e.add_argument("--scheduler", metavar="ADDRESS",
                   help="with --format parquet: an existing Dask scheduler, e.g. tcp://127.0.0.1:8786")
    e.add_argument("--limit", type=int, metavar="N", help="with --format parquet: only the first N articles by name")
    c = sub.add_parser("corroborate", help="compare an article's events and claims with dated outside reports")
    c.add_argument("article", help="an article (.txt, or a saved web page .html/.htm)")
    src = c.add_mutually_exclusive_group(required=True)
    src.add_argument("--context", help="context CSV of dated reports (see README)")
    src.add_argument("--corpus", metavar="DATASET",
                     help="a corpus dataset (extract --format parquet): the other articles' dated, placed events")
    c.add_argument("--out", required=True, help="output directory for corroboration.csv")
    c.add_argument("--published", help="publication date YYYY-MM-DD or YYYY-MM (overrides .meta.json and the page's own date)")
    t = sub.add_parser("timeline", help="per entity, every event it takes part in across a corpus, dated and ordered")
    t.add_argument("corpus", help="a directory of articles (.txt, .html, .htm)")
    t.add_argument("--entity", action="append", default=[], metavar="NAME", help="an entity name (repeatable)")
    t.add_argument("--entities", metavar="FILE", help="a file of entity names, one a line")
    t.add_argument("--out", required=True, help="output directory for <slug>.csv per entity")
    r = sub.add_parser("report", help="HTML reports, with their tables and figures, for an article or a folder of them")
    r.add_argument("path", help="an article file, or a folder of them (one report folder per article: OUT/<stem>/)")
    r.add_argument("--out", required=True, help="output folder for the reports")
    r.add_argument("--context", metavar="CSV|DIR",
                   help="context CSV of dated outside reports (or a folder of <stem>.context.csv): adds the corroboration report")
    r.add_argument("--figures", metavar="DIR", help="where the figures go (default OUT/figures; for a folder, DIR/<stem>)")
    r.add_argument("--tables", metavar="DIR",
                   help="where the tables go and are reused from while current: DIR/<stem>/*.csv (default OUT/tables)")
    r.add_argument("--screenshot", metavar="PNG", help="save a screenshot of the first timeline report here (needs Chromium)")
    x = sub.add_parser("export", help="an article's tables in another tool's format")
    xs = x.add_subparsers(dest="format", required=True)
    t = xs.add_parser("timelinejs", help="the dated events as Knight Lab TimelineJS JSON")
    t.add_argument("article", help="an article file")
    t.add_argument("--out", required=True, help="the JSON file to write")
    t.add_argument("--published", help="publication date YYYY-MM-DD or YYYY-MM (overrides .meta.json)")
    return p


def read_config(path: str) -> dict:
    """A ``--config`` file in (JSON, or TOML when it ends in ``.toml``); the dict of component
    options out. A missing or malformed file raises :class:`ExplorerError`."""
    import json
    import tomllib
    from pathlib import Path
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
        config = tomllib.loads(text) if p.suffix.lower() == ".toml" else json.loads(text)
    except (OSError, UnicodeDecodeError, ValueError) as exc:  # JSONDecodeError, TOMLDecodeError
        raise ExplorerError(f"{path}: cannot read the config: {exc}") from None
    if not isinstance(config, dict):
        raise ExplorerError(f"{path}: the config must map component names to options")
    return config


def _extract_corpus(args) -> int:
    """``explorer extract CORPUS_DIR --out DATASET --format parquet``: exit 0, or 2 when an
    article failed (it is in the dataset's ``failures`` table; the others were written)."""
    from .corpus import extract_corpus
    tables = [t.strip() for t in args.tables.split(",") if t.strip()] if args.tables is not None else None
    res = extract_corpus(args.path, args.out, workers=args.workers, scheduler=args.scheduler,
                         published=args.published, ner=args.ner, tables=tables,
                         progress=args.progress, limit=args.limit,
                         config=read_config(args.config) if args.config is not None else None)
    print(res.summary())
    for aid, msg in res.failed:
        print(f"explorer: error: {msg}", file=sys.stderr)
    print(f"dataset: {args.out} ({res.parts_written} part(s) written)")
    return EXIT_BAD_INPUT if res.failed else 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "extract" and args.format == "parquet":
            return _extract_corpus(args)
        if args.command == "extract":
            if args.workers is not None or args.scheduler or args.limit is not None:
                raise ExplorerError("--workers, --scheduler and --limit go with --format parquet")
            from .batch import extract_path
            tables = [t.strip() for t in args.tables.split(",") if t.strip()] if args.tables is not None else None
            config = read_config(args.config) if args.config is not None else None
            res = extract_path(args.path, args.out, published=args.published, ner=args.ner,
                               progress=args.progress, tables=tables, config=config)
            print(res.summary())
            for _, msg in res.failures:
                print(f"explorer: error: {msg}", file=sys.stderr)
            if res.articles:
                print(f"tables written to {args.out}")
            return EXIT_BAD_INPUT if res.failures else 0
        if args.command == "corroborate":
            from .corroborate import corroborate_path
            path = corroborate_path(args.article, args.context, args.out, published=args.published,
                                    corpus=args.corpus)
            print(f"corroboration written to {path}")
            return 0
        if args.command == "timeline":
            from pathlib import Path

            from .timeline import write_timelines
            names = list(args.entity)
            if args.entities:
                try:
                    names += [ln.strip() for ln in Path(args.entities).read_text(encoding="utf-8").splitlines() if ln.strip()]
                except OSError as exc:
                    raise ExplorerError(f"cannot read {args.entities}: {exc.strerror}") from None
            if not names:
                raise ExplorerError("name an entity with --entity NAME or --entities FILE")
            if not Path(args.corpus).is_dir():
                raise ExplorerError(f"{args.corpus} is not a directory")
            for p in write_timelines(args.corpus, names, args.out):
                print(f"timeline written to {p}")
            return 0
        if args.command == "report":
            from .report import report_path
            res = report_path(args.path, args.out, context=args.context, figures=args.figures, tables=args.tables,
                              screenshot_png=args.screenshot)
            for line in res.lines:
                print(line)
            for msg in res.failures:
                print(f"explorer: error: {msg}", file=sys.stderr)
            return EXIT_BAD_INPUT if res.failures else 0
        if args.command == "export":
            from .timelinejs import export_timelinejs
            path = export_timelinejs(args.article, args.out, published=args.published)
            print(f"TimelineJS JSON written to {path}")
            return 0
    except ExplorerError as exc:
        print(f"explorer: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())

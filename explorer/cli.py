"""The command line. Parses arguments, calls into the package, and turns every
:class:`~explorer.errors.ExplorerError` into a one-line message and exit status 2.

    explorer extract PATH --out DIR [--published DATE] [--ner MODEL] [--tables dates,people,...]
    explorer corroborate ARTICLE --context CSV --out DIR [--published DATE]
    explorer report PATH --out DIR [--context CSV|DIR] [--figures DIR] [--tables DIR] [--screenshot PNG]
    explorer export timelinejs ARTICLE --out FILE.json [--published DATE]
"""
from __future__ import annotations

import argparse
import sys

from .errors import ExplorerError

EXIT_BAD_INPUT = 2


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="explorer", description="Turn news articles into tidy tables.")
    sub = p.add_subparsers(dest="command", required=True)
    e = sub.add_parser("extract", help="write the eight CSV tables for an article or a directory of articles")
    e.add_argument("path", help="an article .txt file, or a directory of them")
    e.add_argument("--out", required=True, help="output directory (one sub-directory per article for a directory)")
    e.add_argument("--published", help="publication date YYYY-MM-DD or YYYY-MM (overrides .meta.json)")
    e.add_argument("--ner", metavar="MODEL", help="an installed spaCy model for statistical NER (optional)")
    e.add_argument("--tables", metavar="NAMES",
                   help="comma-separated tables to extract (default: all eight), e.g. dates or people,places; "
                        "only their CSVs are written (other CSVs already in --out are left as they are)")
    e.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="show a progress bar (default: on a terminal, for several articles)")
    c = sub.add_parser("corroborate", help="compare an article's events and claims with dated outside reports")
    c.add_argument("article", help="an article .txt file")
    c.add_argument("--context", required=True, help="context CSV of dated reports (see README)")
    c.add_argument("--out", required=True, help="output directory for corroboration.csv")
    c.add_argument("--published", help="publication date YYYY-MM-DD or YYYY-MM (overrides .meta.json)")
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


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "extract":
            from .batch import extract_path
            tables = [t.strip() for t in args.tables.split(",") if t.strip()] if args.tables is not None else None
            res = extract_path(args.path, args.out, published=args.published, ner=args.ner,
                               progress=args.progress, tables=tables)
            print(res.summary())
            for _, msg in res.failures:
                print(f"explorer: error: {msg}", file=sys.stderr)
            if res.articles:
                print(f"tables written to {args.out}")
            return EXIT_BAD_INPUT if res.failures else 0
        if args.command == "corroborate":
            from .corroborate import corroborate_path
            path = corroborate_path(args.article, args.context, args.out, published=args.published)
            print(f"corroboration written to {path}")
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

"""The command line. Parses arguments, calls into the package, and turns every
:class:`~explorer.errors.ExplorerError` into a one-line message and exit status 2.

    explorer extract PATH --out DIR [--published DATE] [--ner MODEL]
    explorer corroborate ARTICLE --context CSV --out DIR [--published DATE]
    explorer report [--out DIR]
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
    e.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="show a progress bar (default: on a terminal, for several articles)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "extract":
            from .batch import extract_path
            res = extract_path(args.path, args.out, published=args.published, ner=args.ner,
                               progress=args.progress)
            print(res.summary())
            print(f"tables written to {args.out}")
            return EXIT_BAD_INPUT if res.failures else 0
    except ExplorerError as exc:
        print(f"explorer: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Read an article file and find its structure.

In:  a plain-text file as scraped (UTF-8, or UTF-16/32 with a byte-order mark; first non-empty
     line is the headline) or a saved web page (an HTML document, routed by its content to
     :mod:`explorer.webpage`), either possibly gzip-compressed, plus an optional
     ``<stem>.meta.json`` sidecar.
Out: an :class:`Article` holding the text (the exact decoded text of a plain-text file, the
     extracted body of a web page) and its :class:`Block` list (headline, standfirst, paragraph,
     caption, boilerplate), each with ``start``/``end`` offsets such that
     ``article.text[start:end] == block.text``. Nothing is normalised before indexing.
"""
from __future__ import annotations

import codecs
import csv
import datetime as dt
import json
import re
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .errors import (ArticleDecodeError, ArticleNotFound, ArticleTooLarge, BinaryArticle,
                     CompressedArticle, EmptyArticle, MetadataError)

MAX_BYTES = 5_000_000  #: larger files are refused (a news article is rarely over 100 kB)

BLOCK_KINDS = ("headline", "standfirst", "paragraph", "caption", "boilerplate")
_BULLET = re.compile(r"^[ \t]*[•●▪■◦‣\-\*][ \t\u00a0]+")
_PARA_SPLIT = re.compile(r"\n[ \t\u00a0\r]*\n")
#: a single line break that ends a paragraph inside a blank-line-separated text: after a sentence
#: end (". " "?" "!" or a closing quotation mark), before a capital, digit or opening quote; other
#: single breaks (hard-wrapped lines, "...regularly\nincites") stay inside their paragraph
_LINE_PARA = re.compile(r"(?<=[.!?”\"’])[ \t\u00a0\r]*\n(?=[ \t\u00a0]*[A-Z0-9“\"‘])")
_PARA_OR_LINE = re.compile(_PARA_SPLIT.pattern + "|" + _LINE_PARA.pattern)
_LINE = re.compile(r"\n")
_CAPTION_CUES = re.compile(
    r"\((?:left|right|centre|center|top|bottom|above|below|pictured|file|inset|second (?:left|right))\)"
    r"|\bpictured\b|\bleft to right\b|\(L-R\)|\bfile photo\b|^\s*(?:above|below|pictured|inset):",
    re.I)
#: where ``Article.published`` came from
PUBLISHED_SOURCES = ("argument", "meta.json", "page", "")
_TEXT_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
              (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
              (codecs.BOM_UTF16_BE, "utf-16-be"))


@dataclass(frozen=True)
class Block:
    """A structural unit of the article: one paragraph-like run of text."""
    block_id: str
    kind: str
    start: int
    end: int
    text: str
    duplicate_of: str = ""

    @property
    def is_content(self) -> bool:
        """True for blocks the extractors read (not a duplicate, not boilerplate)."""
        return not self.duplicate_of and self.kind != "boilerplate"


@dataclass
class Article:
    """An article's exact text, metadata and blocks."""
    text: str
    blocks: list[Block]
    path: str = ""
    published: str | None = None   #: "YYYY-MM-DD" or "YYYY-MM", or None when unknown
    #: where ``published`` came from: ``argument`` (``--published``), ``meta.json`` (the sidecar),
    #: ``page`` (the web page's own metadata), or empty (unknown: the dates table then infers an
    #: anchor from the text and says so in its ``anchor`` column)
    published_source: str = ""
    outlet: str = ""
    url: str = ""
    language: str = "en"
    meta: dict = field(default_factory=dict)

    @property
    def name(self) -> str:
        return Path(self.path).stem if self.path else "article"

    @property
    def headline(self) -> str:
        return next((b.text for b in self.blocks if b.kind == "headline"), "")

    def content_blocks(self) -> list[Block]:
        """The blocks every extractor reads: duplicates and boilerplate left out."""
        return [b for b in self.blocks if b.is_content]

    def block_at(self, offset: int) -> Block | None:
        for b in self.blocks:
            if b.start <= offset < b.end:
                return b
        return None


@lru_cache(maxsize=1)
def _boilerplate_patterns() -> tuple[re.Pattern, ...]:
    with resources.files("explorer.lexicons").joinpath("boilerplate.csv").open(encoding="utf-8") as f:
        return tuple(re.compile(r["pattern"], re.I) for r in csv.DictReader(f))


def _is_boilerplate(s: str) -> bool:
    s = s.strip()
    return any(p.search(s) for p in _boilerplate_patterns())


def _norm(s: str) -> str:
    return " ".join(s.split()).casefold()


def _spans(text: str) -> list[tuple[int, int]]:
    """Paragraph spans: runs separated by blank lines, trimmed of surrounding whitespace.

    A text with no blank line at all but several lines (one sentence or paragraph per line)
    is split on single line breaks instead. In a text with blank lines, a single line break
    also ends a paragraph where a sentence ends before it and a new one opens after it
    (:data:`_LINE_PARA`: scraped pages mix both), so one blank-line run is not one huge block.
    """
    sep = _PARA_OR_LINE if _PARA_SPLIT.search(text) else _LINE
    spans, pos = [], 0
    for m in list(sep.finditer(text)) + [None]:
        end = m.start() if m else len(text)
        s, e = pos, end
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append((s, e))
        pos = m.end() if m else len(text)
    # the headline is the first line only, even when the first paragraph has several lines
    if spans:
        s, e = spans[0]
        nl = text.find("\n", s, e)
        if nl != -1:
            rest = nl + 1
            while rest < e and text[rest].isspace():
                rest += 1
            h_end = nl
            while h_end > s and text[h_end - 1].isspace():
                h_end -= 1
            spans[0:1] = [(s, h_end)] + ([(rest, e)] if rest < e else [])
    return spans


def segment(text: str) -> list[Block]:
    """Split ``text`` into typed blocks with exact offsets.

    Rules, in order:
      * the first block is the ``headline``;
      * bullet lines right after the headline are the ``standfirst`` (bullet marker excluded);
      * a block matching a pattern of ``lexicons/boilerplate.csv`` is ``boilerplate``;
      * a block whose text (whitespace-insensitive) repeats an earlier block gets
        ``duplicate_of`` set to that block; the earlier block of a repeated pair is a
        ``caption`` (scrapers print photo captions twice), and so is any block with a caption
        cue such as "(left)" or "pictured";
      * everything else is a ``paragraph``.
    """
    spans = _spans(text)
    seen: dict[str, int] = {}
    out: list[dict] = []
    in_standfirst = True
    for i, (s, e) in enumerate(spans):
        raw = text[s:e]
        kind = "paragraph"
        bullet = _BULLET.match(raw)
        if i == 0:
            kind = "headline"
        elif bullet and in_standfirst:
            kind = "standfirst"
            s += bullet.end()
        else:
            in_standfirst = False
        if kind != "headline" and _is_boilerplate(text[s:e]):
            kind = "boilerplate"
        elif kind == "paragraph" and _CAPTION_CUES.search(text[s:e]) and not text[s:e].lstrip().startswith(("'", '"', "‘", "“")):
            kind = "caption"
        key = _norm(text[s:e])
        dup = ""
        if key in seen:
            first = out[seen[key]]
            dup = first["block_id"]
            if first["kind"] == "paragraph":
                first["kind"] = "caption"
            kind = first["kind"]
        else:
            seen[key] = len(out)
        out.append({"block_id": f"b{i + 1:03d}", "kind": kind, "start": s, "end": e, "duplicate_of": dup})
    # a duplicate takes its original's final kind
    kinds = {b["block_id"]: b["kind"] for b in out}
    return [Block(b["block_id"], kinds[b["duplicate_of"]] if b["duplicate_of"] else b["kind"],
                  b["start"], b["end"], text[b["start"]:b["end"]], b["duplicate_of"]) for b in out]


def check_date(value: str, where) -> str:
    """Validate a publication date: ``YYYY-MM-DD`` or ``YYYY-MM`` (a timestamp or ``YYYYMMDD`` is cut
    to its day); returns the ISO form."""
    value = str(value).strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}", value):
            dt.date.fromisoformat(value + "-01")
        elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            dt.date.fromisoformat(value)
        elif re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?", value):
            value = value[:10]   # a timestamp: the day is what the extractors need
            dt.date.fromisoformat(value)
        elif re.fullmatch(r"\d{8}", value):  # compact TimeML form 19980227
            value = f"{value[:4]}-{value[4:6]}-{value[6:]}"
            dt.date.fromisoformat(value)
        else:
            raise ValueError
    except ValueError:
        raise MetadataError(where, f"publication date {value!r} is not YYYY-MM-DD or YYYY-MM") from None
    return value


def decode(data: bytes, path="<bytes>") -> str:
    """Bytes to text, refusing what is not a text article: UTF-8 (a byte-order mark is dropped),
    or UTF-16/UTF-32 with a byte-order mark."""
    if not data.strip():
        raise EmptyArticle(path, "the file is empty")
    if len(data) > MAX_BYTES:
        raise ArticleTooLarge(path, f"the file is {len(data):,} bytes; the limit is {MAX_BYTES:,}")
    enc = next((e for bom, e in _TEXT_BOMS if data.startswith(bom)), None)
    if enc is None and b"\x00" in data[:8192]:
        raise BinaryArticle(path, "the file is binary, not text (it contains NUL bytes)")
    try:
        text = data.decode(enc or "utf-8")
    except UnicodeDecodeError as exc:
        raise ArticleDecodeError(path, f"the file is not {(enc or 'utf-8').upper()} text (bad byte at "
                                       f"offset {exc.start}); re-save it as UTF-8") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    ctrl = sum(1 for c in text[:8192] if ord(c) < 32 and c not in "\n\r\t\f")
    if ctrl > 0.01 * min(len(text), 8192):
        raise BinaryArticle(path, "the file is binary, not text (it contains control characters)")
    if not text.strip():
        raise EmptyArticle(path, "the file holds only whitespace")
    return text


def gunzip(data: bytes, path="<bytes>") -> bytes:
    """``data`` decompressed when it is gzip (a page saved by a tool that did not decompress it),
    else ``data`` unchanged. Reads at most ``MAX_BYTES`` + 1 decompressed bytes, so a gzip bomb
    raises :class:`ArticleTooLarge` without being inflated; a corrupt stream raises
    :class:`~explorer.errors.CompressedArticle`."""
    if not data.startswith(b"\x1f\x8b"):
        return data
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = d.decompress(data, MAX_BYTES + 1)
    except zlib.error as exc:
        raise CompressedArticle(path, f"the file is gzip-compressed but corrupt ({exc})") from None
    if len(out) > MAX_BYTES:
        raise ArticleTooLarge(path, f"the file decompresses to over {MAX_BYTES:,} bytes; the limit is {MAX_BYTES:,}")
    if not d.eof:
        raise CompressedArticle(path, "the file is gzip-compressed but cut short")
    return out


def segment_parts(text: str, parts: list[tuple[str, int, int]]) -> list[Block]:
    """Typed blocks of a web page's extracted ``text`` from its ``(hint, start, end)`` parts (see
    :class:`explorer.webpage.Page`), by the rules :func:`segment` applies to plain text:

      * the ``headline`` part is the headline; a heading that repeats it is its duplicate;
      * a part matching a pattern of ``lexicons/boilerplate.csv`` is ``boilerplate``;
      * a ``caption`` part (an image's caption) is a ``caption``;
      * a part whose text (whitespace-insensitive) repeats the headline or an earlier caption
        gets ``duplicate_of`` set to that part and takes its kind. A repeated paragraph is not a
        duplicate: the extractor gives a page's body once, so a repeat in it is the page's own
        (recipe steps, list items, table cells, a refrain), unlike the doubled captions of
        scraped text;
      * everything else (paragraphs, headings, list items, table rows, quotes) is a ``paragraph``.
    """
    seen: dict[str, str] = {}
    kinds: dict[str, str] = {}
    out = []
    for i, (hint, s, e) in enumerate(parts):
        bid = f"b{i + 1:03d}"
        kind = hint if hint in ("headline", "caption") else "paragraph"
        if kind != "headline" and _is_boilerplate(text[s:e]):
            kind = "boilerplate"
        key = _norm(text[s:e])
        dup = seen.get(key, "")
        if dup and kinds[dup] not in ("caption", "headline"):
            dup = ""
        if dup:
            kind = kinds[dup]
        else:
            seen[key] = bid
        kinds[bid] = kind
        out.append(Block(bid, kind, s, e, text[s:e], dup))
    return out


def read_meta(path: Path) -> dict:
    """The ``<stem>.meta.json`` sidecar beside ``path``, or ``{}`` when there is none."""
    side = path.with_name(path.stem + ".meta.json")
    if not side.exists():
        return {}
    try:
        meta = json.loads(side.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MetadataError(side, f"cannot read the metadata sidecar ({exc.__class__.__name__})") from None
    if not isinstance(meta, dict):
        raise MetadataError(side, "the metadata sidecar must hold a JSON object")
    return meta


def _published(published, meta: dict, page_meta: dict, where) -> tuple[str | None, str]:
    """The publication date and where it came from: ``--published``, else the sidecar, else the
    page's own metadata (a malformed page date is ignored: the page is not the user's input)."""
    if published:
        return check_date(published, where or "--published"), "argument"
    if meta.get("published"):
        return check_date(meta["published"], where or "meta"), "meta.json"
    if page_meta.get("published"):
        try:
            return check_date(page_meta["published"], where), "page"
        except MetadataError:
            pass
    return None, ""


def from_text(text: str, *, published: str | None = None, path: str = "", meta: dict | None = None) -> Article:
    """Build an :class:`Article` from text already in memory."""
    meta = dict(meta or {})
    published, source = _published(published, meta, {}, path)
    if not isinstance(text, str) or not text.strip():
        raise EmptyArticle(path or "<text>", "the text is empty")
    return Article(text=text, blocks=segment(text), path=str(path), published=published,
                   published_source=source, outlet=str(meta.get("outlet") or ""),
                   url=str(meta.get("url") or ""), language=str(meta.get("language") or "en"), meta=meta)


def from_page(page, *, published: str | None = None, path: str = "", meta: dict | None = None) -> Article:
    """Build an :class:`Article` from a :class:`explorer.webpage.Page`. The sidecar's ``meta`` wins
    over the page's metadata key by key, and ``published`` over both."""
    sidecar = dict(meta or {})
    date, source = _published(published, sidecar, page.meta, path)
    merged = {**{k: v for k, v in page.meta.items() if k != "published"}, **sidecar}
    if date and source == "page":
        merged["published"] = date
    merged["format"] = "html"
    return Article(text=page.text, blocks=segment_parts(page.text, page.parts), path=str(path),
                   published=date, published_source=source, outlet=str(merged.get("outlet") or ""),
                   url=str(merged.get("url") or ""), language=str(merged.get("language") or "en"),
                   meta=merged)


def read_input(path) -> bytes:
    """The bytes of an article file, checked for size before they are read,
    so a 50 MB file is refused without being loaded. Raises :class:`ArticleNotFound` or
    :class:`ArticleTooLarge`."""
    p = Path(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        raise ArticleNotFound(p, "no such file") from None
    except OSError as exc:
        raise ArticleNotFound(p, f"cannot be read ({exc.strerror})") from None
    if not p.is_file():
        raise ArticleNotFound(p, "not a regular file")
    if st.st_size > MAX_BYTES:
        raise ArticleTooLarge(p, f"the file is {st.st_size:,} bytes; the limit is {MAX_BYTES:,}")
    try:
        with p.open("rb") as f:
            data = f.read(MAX_BYTES + 1)   # the file may have grown since stat
    except OSError as exc:
        raise ArticleNotFound(p, f"cannot be read ({exc.strerror})") from None
    if len(data) > MAX_BYTES:
        raise ArticleTooLarge(p, f"the file is over {MAX_BYTES:,} bytes; the limit is {MAX_BYTES:,}")
    return data


def load_article(path, *, published: str | None = None) -> Article:
    """Read an article file (and its ``.meta.json`` sidecar) into an :class:`Article`.

    A file that is an HTML document (by its content: see
    :func:`explorer.webpage.is_html_document`) is read as a web page, whatever its name; any other
    file as plain text. ``published`` ("YYYY-MM-DD" or "YYYY-MM") overrides the sidecar's date,
    which overrides the page's. Raises an :class:`~explorer.errors.ArticleError` subclass for a
    missing, empty, binary, undecodable or oversized file, or a page without an article. The file
    is only read, never written.
    """
    p = Path(path)
    data = read_input(p)
    return from_bytes(data, published=published, path=p, meta=read_meta(p))


def from_bytes(data: bytes, *, published: str | None = None, path="<bytes>", meta: dict | None = None) -> Article:
    """Build an :class:`Article` from a file's bytes in memory: gzip is decompressed, an HTML
    document (by content, or any leading tag when ``path`` ends in ``.html``/``.htm``) is read as
    a web page, anything else as plain text. Raises an :class:`~explorer.errors.ArticleError`
    subclass for bytes that are not an article."""
    from . import webpage
    p = Path(str(path))
    data = gunzip(data, p)
    if not data.strip():
        raise EmptyArticle(p, "the file is empty")
    if len(data) > MAX_BYTES:
        raise ArticleTooLarge(p, f"the file is {len(data):,} bytes; the limit is {MAX_BYTES:,}")
    if webpage.is_html_document(data, p.suffix):
        return from_page(webpage.read_page(data, p), published=published, path=str(path), meta=meta)
    return from_text(decode(data, p), published=published, path=str(path), meta=meta)

"""Read a saved web page: bytes in, the article's body text and the page's metadata out.

In:  the bytes of an HTML document as saved from the web (any declared charset, scripts,
     navigation, comments and all).
Out: a :class:`Page`: ``text``, the extracted article as plain text (the headline on the first
     line, then one block per paragraph, blocks separated by a blank line), ``parts`` (the
     ``(hint, start, end)`` span of each block in ``text``, hint ``headline``, ``heading``,
     ``caption`` or ``paragraph``), and ``meta`` (``headline``, ``published``, ``outlet``,
     ``author``, ``url``, ``language`` where the page gives them, plus ``encoding``).

The body is found by trafilatura (pinned 2.0.0; comments left out, precision favoured, tables
kept), walked element by element so that paragraphs, list items, table rows, quotes and
captions stay separate blocks. The metadata comes from the page's own markup: meta tags,
JSON-LD, ``<time>`` elements and the canonical link (trafilatura's metadata reader and
htmldate, without searching the body text for dates). Nothing is fetched from the network.
The page is only read.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from .errors import HtmlArticle, NoArticleInPage

#: byte-order marks, longest first (UTF-32 LE starts with the UTF-16 LE mark)
BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
#: an HTML document starts (after a BOM, white space, an XML declaration and comments) with one of these
_DOC_START = re.compile(r"<(?:!doctype\s+html|html|head|body)(?=[\s>/])", re.I)
#: what may come before the document's first tag
_PRELUDE = re.compile(r"(?:\s+|<\?xml[^>]*\?>|<!--.*?-->)*", re.S)
#: any tag opening, accepted as the start of a page only in a file named .html or .htm
_ANY_TAG = re.compile(r"<(?:!doctype|!--|[a-z][a-z0-9]*(?=[\s>/]))", re.I)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
#: labels that browsers decode as windows-1252 (the WHATWG encoding standard)
_AS_CP1252 = {"latin1", "latin-1", "iso-8859-1", "iso8859-1", "iso_8859-1", "ascii", "us-ascii",
              "l1", "cp819", "windows-1252", "cp1252", "x-cp1252"}
#: a page whose body has fewer words than this holds no article (a login wall, an index page)
MIN_WORDS = 25
_WORD = re.compile(r"\w+")
_WS_LINE = re.compile(r"[ \t\r\f\v\u00a0]*\n\s*")
_WS = re.compile(r"[ \t\r\f\v]+")
_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})\b", re.I)
#: a fixed latest date for htmldate (its default is today, which would make the output depend on
#: the day it runs)
_MAX_DATE = "2099-12-31"


@dataclass(frozen=True)
class Page:
    """The article found in a web page."""
    text: str
    parts: list[tuple[str, int, int]]
    meta: dict = field(default_factory=dict)


def _bom(data: bytes) -> tuple[str, int] | None:
    for bom, enc in BOMS:
        if data.startswith(bom):
            return enc, len(bom)
    return None


def _head_text(data: bytes, n: int = 2048) -> str:
    """The first ``n`` bytes as text, for sniffing (by the BOM's encoding, else as Latin-1)."""
    b = _bom(data)
    if b:
        enc, skip = b
        return data[skip:skip + 4 * n].decode(enc, errors="replace")
    return data[:n].decode("latin-1")


def is_html_document(data: bytes, suffix: str = "") -> bool:
    """True when ``data`` is an HTML document: after a BOM, white space, an XML declaration and
    comments it starts with ``<!doctype html``, ``<html``, ``<head`` or ``<body``. In a file named
    ``.html``/``.htm`` (``suffix``) any tag there will do. A plain text that quotes markup further
    on (a story about ``<script>`` tags) is not a document."""
    head = _head_text(data)
    pos = _PRELUDE.match(head).end()
    if _DOC_START.match(head, pos):
        return True
    return suffix.lower() in (".html", ".htm") and bool(_ANY_TAG.match(head, pos))


def _codec(label: str) -> str | None:
    label = label.strip().lower()
    if label in _AS_CP1252:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_html(data: bytes) -> tuple[str, str]:
    """A page's bytes as text, and the encoding used: the BOM's, else the charset the page
    declares (``<meta charset>``, ``http-equiv`` Content-Type or the XML declaration; Latin-1 and
    ASCII labels read as windows-1252, as browsers do), else UTF-8, else windows-1252. Bytes the
    encoding cannot map become U+FFFD, as in a browser, so a page always decodes."""
    b = _bom(data)
    if b:
        enc, skip = b
        return data[skip:].decode(enc, errors="replace"), enc
    m = _XML_ENCODING.search(data[:1024]) or _CHARSET.search(data[:8192])
    enc = _codec(m.group(1).decode("ascii")) if m else None
    if enc and enc.startswith(("utf-16", "utf-32")):
        enc = None   # a page declared UTF-16 but without a BOM is ASCII-compatible after all
    if enc:
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode(enc or "cp1252", errors="replace"), enc or "cp1252"


def _clean(s: str) -> str:
    """One block's text: white space runs collapsed, line breaks kept single, ends trimmed."""
    s = _WS_LINE.sub("\n", s)
    return _WS.sub(" ", s).strip()


def _text_of(el) -> str:
    """An element's text, a line break (``<lb/>``) kept as one."""
    out = [el.text or ""]
    for c in el:
        if c.tag == "lb":
            out.append("\n")
        elif isinstance(c.tag, str):
            out.append(_text_of(c))
        out.append(c.tail or "")
    return "".join(out)


def _walk(el, out: list[tuple[str, str]]) -> None:
    """Append ``(hint, text)`` for each block of trafilatura's body element ``el``."""
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in ("p", "head", "code", "item", "row", "quote", "graphic") and not any(
            isinstance(c.tag, str) and c.tag in ("p", "list", "table", "quote") for c in el):
        hint = {"head": "heading", "graphic": "caption"}.get(tag, "paragraph")
        if tag == "row":
            text = " ".join(_clean(_text_of(c)) for c in el if isinstance(c.tag, str))
        elif tag == "graphic":
            text = el.get("title") or el.get("alt") or ""
        else:
            text = _text_of(el)
        out.append((hint, text))
        if tag != "graphic" and el.tail and el.tail.strip():
            out.append(("paragraph", el.tail))
        return
    if el.text and el.text.strip() and tag not in ("body", "main", "doc"):
        out.append(("paragraph", el.text))
    for c in el:
        _walk(c, out)
    if el.tail and el.tail.strip() and tag not in ("body", "main", "doc"):
        out.append(("paragraph", el.tail))


def _same_headline(heading: str, title: str) -> bool:
    """True when a heading opening the body is the page's headline as its metadata title gives
    it, give or take a site name or a word: most of the heading's words are in the title."""
    h, t = set(_WORD.findall(heading.casefold())), set(_WORD.findall(title.casefold()))
    return bool(h) and len(h & t) >= 0.6 * len(h)


def _extract(html: str, path):
    """trafilatura's document for ``html`` (its body and metadata), or None when it finds no body.
    Any failure inside the parser is a :class:`~explorer.errors.HtmlArticle`, never a traceback."""
    import trafilatura
    from trafilatura.settings import set_date_params
    params = set_date_params(False)
    params["max_date"] = _MAX_DATE
    try:
        return trafilatura.bare_extraction(html, include_comments=False, favor_precision=True,
                                           include_tables=True, with_metadata=True,
                                           date_extraction_params=params)
    except Exception as exc:   # lxml and trafilatura raise many types on hostile markup
        raise HtmlArticle(path, f"the HTML page cannot be parsed ({exc.__class__.__name__})") from None


def read_page(data: bytes, path="<page>") -> Page:
    """The article of a web page's bytes. Raises :class:`~explorer.errors.NoArticleInPage` when the
    page holds no article body (an empty page, an index, a login wall)."""
    html, encoding = decode_html(data)
    doc = _extract(html, path)
    blocks: list[tuple[str, str]] = []
    if doc is not None and doc.body is not None:
        try:
            _walk(doc.body, blocks)
        except RecursionError:
            raise HtmlArticle(path, "the HTML page is nested too deeply to read") from None
    blocks = [(h, t) for h, t in ((h, _clean(t)) for h, t in blocks) if t]
    if sum(len(_WORD.findall(t)) for h, t in blocks if h != "heading") < MIN_WORDS:
        raise NoArticleInPage(path, "the HTML page holds no article text (an empty page, an index or a login wall?)")
    title = _clean(doc.title or "").replace("\n", " ")
    if blocks and blocks[0][0] == "heading" and _same_headline(blocks[0][1], title):
        title = blocks[0][1].replace("\n", " ")
        blocks[0] = ("headline", title)   # the page's own headline, without the <title>'s site name
    elif title:
        blocks.insert(0, ("headline", title))
    pieces, parts, pos = [], [], 0
    for hint, t in blocks:
        if pieces:
            pos += 2
        pieces.append(t)
        parts.append((hint, pos, pos + len(t)))
        pos += len(t)
    meta = {"encoding": encoding}
    lang = _LANG.search(html[:20000])
    if lang:
        meta["language"] = lang.group(1).lower()
    for key, value in (("headline", title), ("published", doc.date), ("outlet", doc.sitename),
                       ("author", doc.author), ("url", doc.url), ("language", doc.language)):
        if value:
            meta[key] = _clean(str(value)).replace("\n", " ")
    return Page("\n\n".join(pieces), parts, meta)

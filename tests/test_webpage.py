"""Web pages in, and inputs from the wild: routing by content, the body and its structure,
metadata and where the date came from, encodings, sizes, compressed files, big directories and
atomic writes. Every page here is built in the test, so nothing needs ../shared."""
from __future__ import annotations

import codecs
import gzip
import json
import os
import time

import pytest

from explorer import errors
from explorer.article import from_bytes, load_article
from explorer.atomic import atomic_write
from explorer.batch import article_files, extract_path
from explorer.webpage import decode_html, is_html_document

PARAS = [
    "The city council voted on Tuesday to close the old harbour bridge to cars from next spring, "
    "ending a decade of arguments over its crumbling supports.",
    "Engineers told the council that the bridge, opened in 1932, could no longer carry heavy "
    "traffic safely and that repairs would cost more than a new crossing.",
    "“We have patched it for twenty years,” said Mayor Ana Ruiz. “It is time to let it rest.”",
    "Cyclists and pedestrians will still be able to use the bridge while a replacement is "
    "designed, and the council expects to choose a design by the end of the year.",
]
CAPTION = "The old harbour bridge at dusk, seen from the north bank."


def page(title="Harbour bridge to close to cars", paras=PARAS, head_extra="", charset="utf-8",
         body_extra="", lang="en") -> str:
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
          "datePublished": "2024-03-05T09:30:00Z", "author": {"@type": "Person", "name": "Jo Smith"},
          "publisher": {"@type": "Organization", "name": "The Harbour Times"}}
    ps = "\n".join(f"<p>{p}</p>" for p in paras)
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="{charset}"><title>{title} | The Harbour Times</title>
<meta property="og:site_name" content="The Harbour Times">
<meta property="og:title" content="{title}">
<link rel="canonical" href="https://harbour.example/news/bridge-to-close">
<script type="application/ld+json">{json.dumps(ld)}</script>{head_extra}
<script>var tracking = "<p>not text</p>";</script></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<article><h1>{title}</h1>
<figure><img src="b.jpg" alt="bridge"><figcaption>{CAPTION}</figcaption></figure>
{ps}{body_extra}
</article>
<footer><p>Copyright 2024 The Harbour Times. All rights reserved.</p><a href="/privacy">Privacy</a></footer>
</body></html>"""


def check_offsets(article):
    for b in article.blocks:
        assert article.text[b.start:b.end] == b.text
    ends = [(b.start, b.end) for b in article.blocks]
    assert ends == sorted(ends) and all(e1 <= s2 for (_, e1), (s2, _) in zip(ends, ends[1:]))


@pytest.fixture
def html_file(tmp_path):
    p = tmp_path / "bridge.html"
    p.write_text(page(), encoding="utf-8")
    return p


def test_a_web_page_gives_its_body_headline_and_metadata(html_file):
    before = html_file.read_bytes()
    a = load_article(html_file)
    check_offsets(a)
    assert a.headline == "Harbour bridge to close to cars"
    paras = [b.text for b in a.blocks if b.kind == "paragraph" and not b.duplicate_of]
    assert paras == PARAS
    assert "Home" not in a.text and "not text" not in a.text and "Copyright" not in a.text
    assert (a.published, a.published_source) == ("2024-03-05", "page")
    assert a.outlet == "The Harbour Times"
    assert a.meta["author"] == "Jo Smith"
    assert a.url == "https://harbour.example/news/bridge-to-close"
    assert a.meta["format"] == "html" and a.language == "en"
    assert html_file.read_bytes() == before   # only read


def test_the_page_language_comes_from_the_html_element():
    assert from_bytes(page(lang="de-DE").encode(), path="x.html").language == "de"


def test_sidecar_and_option_win_over_the_page(html_file):
    html_file.with_name("bridge.meta.json").write_text(
        json.dumps({"published": "2024-03-04", "outlet": "Sidecar News"}), encoding="utf-8")
    a = load_article(html_file)
    assert (a.published, a.published_source, a.outlet) == ("2024-03-04", "meta.json", "Sidecar News")
    a = load_article(html_file, published="2024-03-01")
    assert (a.published, a.published_source) == ("2024-03-01", "argument")


def test_plain_text_quoting_markup_is_still_an_article(tmp_path):
    text = ("Hackers hid code in a browser extension\n\nThe attackers added a <script> tag to the "
            "extension's <div class=\"x\"> panel, researchers said.\n\nThe fix strips </script> and "
            "<html> strings from user input.\n")
    p = tmp_path / "security.txt"
    p.write_text(text, encoding="utf-8")
    a = load_article(p)
    assert a.text == text and a.headline == "Hackers hid code in a browser extension"
    assert "format" not in a.meta
    check_offsets(a)


@pytest.mark.parametrize("start, html", [
    ("<!DOCTYPE html><html>", True), ("\ufeff  \n<html lang=en>", True), ("<?xml version='1.0'?>\n<html>", True),
    ("<!-- saved -->\n<HEAD><title>x</title>", True), ("<body>", True),
    ("A story about <html> tags", False), ("<p>quoted markup</p> in a text", False), ("<script>alert(1)", False),
])
def test_html_is_sniffed_from_the_start_of_the_file(start, html):
    assert is_html_document(start.encode("utf-8")) is html


def test_a_tag_at_the_start_counts_only_in_an_html_file():
    assert is_html_document(b"<div><p>Hi</p></div>", ".html")
    assert not is_html_document(b"<div><p>Hi</p></div>", ".txt")


def test_a_txt_file_that_is_really_a_page_is_read_as_a_page(tmp_path):
    p = tmp_path / "saved.txt"
    p.write_text(page(), encoding="utf-8")
    a = load_article(p)
    assert a.headline == "Harbour bridge to close to cars" and a.published_source == "page"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-be", "utf-32"])
def test_text_with_a_byte_order_mark(tmp_path, encoding):
    text = "Headline here\r\n\r\nFirst paragraph of the story.\r\n"
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    p = tmp_path / "bom.txt"
    p.write_bytes(data)
    a = load_article(p)
    assert a.text == text
    assert [b.text for b in a.blocks] == ["Headline here", "First paragraph of the story."]


def test_a_utf16_page_with_a_bom(tmp_path):
    p = tmp_path / "u16.html"
    p.write_bytes(page(charset="utf-16").encode("utf-16"))
    a = load_article(p)
    assert [b.text for b in a.blocks if b.kind == "paragraph"] == PARAS
    assert a.meta["encoding"] == "utf-16-le"


@pytest.mark.parametrize("charset", ["windows-1252", "iso-8859-1"])
def test_a_windows_1252_page_is_decoded_by_its_declared_charset(tmp_path, charset):
    paras = [p.replace("council", "conseil café") + " Prices rose 5 € — “sharply”." for p in PARAS]
    p = tmp_path / "cp.html"
    p.write_bytes(page(paras=paras, charset=charset).encode("cp1252"))
    a = load_article(p)
    assert [b.text for b in a.blocks if b.kind == "paragraph"] == paras
    assert a.meta["encoding"] == "cp1252"


def test_decode_html_falls_back_to_utf8_then_cp1252():
    assert decode_html("<html>é</html>".encode("utf-8")) == ("<html>é</html>", "utf-8")
    assert decode_html("<html>é</html>".encode("cp1252")) == ("<html>é</html>", "cp1252")


def test_crlf_zero_width_and_right_to_left_text(tmp_path):
    text = ("Zero\u200bwidth and \u202eright-to-left\u202c headline\r\n\r\n"
            "مرحبا بالعالم said the minister on Monday.\r\n\r\nA third\u200d paragraph with \ufeff inside.\r\n")
    p = tmp_path / "odd.txt"
    p.write_text(text, encoding="utf-8", newline="")
    a = load_article(p)
    assert a.text == text
    check_offsets(a)
    assert len(a.blocks) == 3


def test_a_50_mb_text_is_refused_without_being_read(tmp_path):
    p = tmp_path / "huge.txt"
    with p.open("wb") as f:
        f.truncate(50_000_000)   # sparse: the size check must come before any read
    t0 = time.perf_counter()
    with pytest.raises(errors.ArticleTooLarge, match="50,000,000 bytes"):
        load_article(p)
    assert time.perf_counter() - t0 < 1


@pytest.mark.parametrize("body", [
    "<!DOCTYPE html><html><head><title>Nothing</title></head><body></body></html>",
    "<!DOCTYPE html><html><head><title>Index</title></head><body><nav><a href='/a'>A</a> "
    "<a href='/b'>B</a></nav><ul><li><a href='/1'>Story one</a></li><li><a href='/2'>Story two</a></li></ul></body></html>",
    "<!DOCTYPE html><html><head><title>Sign in</title></head><body><form action='/login'>"
    "<h2>Subscribe to continue reading</h2><p>Sign in to read this article.</p><input name='user'>"
    "<input type='password' name='pw'><button>Log in</button></form></body></html>",
])
def test_a_page_without_an_article_is_a_typed_error(tmp_path, body):
    p = tmp_path / "empty.html"
    p.write_text(body, encoding="utf-8")
    with pytest.raises(errors.NoArticleInPage, match="holds no article text"):
        load_article(p)


def test_gzip_with_an_html_name_is_decompressed(tmp_path):
    p = tmp_path / "zipped.html"
    p.write_bytes(gzip.compress(page().encode("utf-8")))
    a = load_article(p)
    assert [b.text for b in a.blocks if b.kind == "paragraph"] == PARAS


def test_corrupt_gzip_and_gzip_bombs_are_typed_errors(tmp_path, monkeypatch):
    with pytest.raises(errors.CompressedArticle):
        from_bytes(gzip.compress(page().encode())[:40], path="cut.html")
    import explorer.article as art
    monkeypatch.setattr(art, "MAX_BYTES", 10_000)
    with pytest.raises(errors.ArticleTooLarge, match="decompresses"):
        from_bytes(gzip.compress(b"a" * 50_000), path="bomb.html")


def test_a_directory_mixing_text_and_pages(tmp_path, html_file):
    (tmp_path / "story.txt").write_text("A headline\n\nA paragraph of the story.\n", encoding="utf-8")
    (tmp_path / "bridge.htm").write_text(page(), encoding="utf-8")   # same stem as bridge.html
    (tmp_path / "notes.md").write_text("not an article", encoding="utf-8")
    out = tmp_path / "out"
    res = extract_path(tmp_path, out, tables=["blocks"])
    assert res.failures == [] and res.articles == 3
    assert sorted(d.name for d in out.iterdir()) == ["bridge_htm", "bridge_html", "story"]
    a = load_article(html_file)
    assert (out / "bridge_html" / "article.txt").read_text(encoding="utf-8") == a.text
    meta = json.loads((out / "bridge_html" / "article.json").read_text(encoding="utf-8"))
    assert (meta["published"], meta["published_source"], meta["format"]) == ("2024-03-05", "page", "html")
    story = json.loads((out / "story" / "article.json").read_text(encoding="utf-8"))
    assert (story["format"], story["published"], story["published_source"]) == ("text", None, "")


def test_a_directory_of_10000_files(tmp_path):
    d = tmp_path / "many"
    d.mkdir()
    for i in range(10_000):
        (d / f"a{i:05d}.{'txt' if i % 2 else 'html'}").write_bytes(b"" if i else b"Headline\n\nOne paragraph here.\n")
    for i in range(500):
        (d / f"a{i:05d}.meta.json").write_text("{}", encoding="utf-8")
    t0 = time.perf_counter()
    files = article_files(d)
    assert len(files) == 10_000 and files[0].name == "a00000.html" and files == sorted(files)
    res = extract_path(d, tmp_path / "out", tables=["blocks"])
    assert res.articles == 1 and len(res.failures) == 9_999
    assert all("empty" in why for _, why in res.failures)
    assert time.perf_counter() - t0 < 60


def test_reruns_keep_the_users_files_and_never_overwrite_the_input(tmp_path, html_file):
    out = tmp_path / "out"
    out.mkdir()
    (out / "reports.csv").write_text("my context\n", encoding="utf-8")
    (out / "annotations.json").write_text("{}", encoding="utf-8")
    extract_path(html_file, out, tables=["blocks"])
    extract_path(html_file, out, tables=["blocks"])
    assert (out / "reports.csv").read_text(encoding="utf-8") == "my context\n"
    assert (out / "annotations.json").read_text(encoding="utf-8") == "{}"
    assert sorted(p.name for p in out.iterdir()) == ["annotations.json", "article.json", "article.txt",
                                                     "blocks.csv", "reports.csv"]
    src = tmp_path / "in" / "article.txt"
    src.parent.mkdir()
    src.write_text("Headline\n\nBody text.\n", encoding="utf-8")
    with pytest.raises(errors.OutputError, match="is the input article"):
        extract_path(src, src.parent, tables=["blocks"])
    assert src.read_text(encoding="utf-8") == "Headline\n\nBody text.\n"


def test_atomic_write_leaves_the_old_file_on_failure(tmp_path):
    p = tmp_path / "blocks.csv"
    p.write_text("old\n", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        with atomic_write(p) as f:
            f.write("half a tab")
            raise KeyboardInterrupt
    assert p.read_text(encoding="utf-8") == "old\n"
    assert os.listdir(tmp_path) == ["blocks.csv"]
    with atomic_write(p, "wb") as f:
        f.write(b"new\n")
    assert p.read_bytes() == b"new\n" and os.listdir(tmp_path) == ["blocks.csv"]


def test_write_rows_is_atomic(tmp_path, monkeypatch):
    from explorer import schema
    p = tmp_path / "dates.csv"
    p.write_text("kept\n", encoding="utf-8")
    with pytest.raises(TypeError):
        schema.write_rows("dates", [{"start": object()}, {"start": "x"}], p)   # int(object()) fails mid-write
    assert p.read_text(encoding="utf-8") == "kept\n" and os.listdir(tmp_path) == ["dates.csv"]


def test_cli_extracts_a_page_and_reports_a_page_without_an_article(tmp_path, html_file):
    import subprocess
    import sys
    (tmp_path / "login.html").write_text("<!DOCTYPE html><html><body><form><p>Sign in to continue.</p>"
                                         "</form></body></html>", encoding="utf-8")
    out = tmp_path / "out"
    r = subprocess.run([sys.executable, "-m", "explorer", "extract", str(tmp_path), "--out", str(out),
                        "--tables", "blocks"], capture_output=True, text=True, timeout=300)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert [ln for ln in r.stderr.splitlines() if ln.strip()] == [
        f"explorer: error: {tmp_path / 'login.html'}: the HTML page holds no article text "
        "(an empty page, an index or a login wall?)"]
    assert sorted(p.name for p in out.iterdir()) == ["bridge"]
    blocks = (out / "bridge" / "blocks.csv").read_text(encoding="utf-8")
    assert blocks.startswith("block_id,kind,text,start,end,duplicate_of\nb001,headline,Harbour bridge to close to cars,0,31,\n")


def test_corroborate_reads_a_page(tmp_path, html_file):
    from explorer.corroborate import RESULT_COLUMNS, corroborate_path
    ctx = tmp_path / "reports.csv"
    ctx.write_text("date_start,date_end,time,place,people,statement,source,source_date,url,relation,confidence\n"
                   "2024-03-05,2024-03-05,,,Ana Ruiz,The council voted to close the harbour bridge to cars.,"
                   "Harbour Radio,2024-03-05,,supports,high\n", encoding="utf-8")
    path = corroborate_path(html_file, ctx, tmp_path / "out")
    assert path == tmp_path / "out" / "corroboration.csv"
    assert path.read_text(encoding="utf-8").splitlines()[0] == ",".join(RESULT_COLUMNS)


@pytest.mark.parametrize("depth", [100, 5000])
def test_deeply_nested_pages_give_an_article_or_a_typed_error(depth):
    body = "<blockquote>" * depth + "<p>" + "word " * 40 + "</p>" + "</blockquote>" * depth
    page_bytes = f"<!DOCTYPE html><html><head><title>T</title></head><body>{body}</body></html>".encode()
    try:
        a = from_bytes(page_bytes, path="deep.html")
    except errors.HtmlArticle:
        assert depth > 100
        return
    assert [b.kind for b in a.blocks] == ["headline", "paragraph"] and a.blocks[1].text == ("word " * 40).strip()

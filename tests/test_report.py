"""The HTML reports, built as a user builds them: `explorer report` on the seed (as `make report`
does: data/raw with data/context, into a temporary folder) and on a hostile article, then checked
for self-containment, escaping, outputs, and (when Chromium is installed) in a real headless
browser, offline."""
from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

import pytest

from explorer.report import (_title, chromium, chromium_args, external_refs, figure_reprs, needs,
                             notebook_figure_reprs, parameters, templates)

ROOT = Path(__file__).resolve().parents[1]
STEM = "000_33e25db8365cd6ad"
HOSTILE = "999_hostile"
# markup as text: a .txt article that quotes markup is still an article (only a real HTML
# document goes to the web-page loader), so every payload, a script element too, must show as text
HOSTILE_TEXT = ("Man says <img src=x onerror=alert(1)> is <i>fine</i> in Paris\n\n"
                "John Smith said on 3 May 2023 that <img src=x onerror=alert(1)> & <i>friends</i> met.\n\n"
                "Mary Jones told reporters in London on 4 May 2023 that </script><b onmouseover=alert(2)>bold</b> "
                "was posted, with <a href=\"javascript:alert(1)\">a link</a> and javascript:alert(1) as text.\n\n"
                "Analysts said the page then ran <script>alert(1)</script> in every browser.\n\n"
                "The comments below have not been moderated.\n")
PAYLOADS = ["<img src=x onerror=alert(1)>", "</script><b onmouseover=alert(2)>bold</b>",
            '<a href="javascript:alert(1)">a link</a>', "javascript:alert(1)", "<script>alert(1)</script>"]
FULL_TEXT_REPORTS = ("01_article_structure", "04_sources_and_claims", "05_explorer")   # they show the whole text


def _read(path):
    import nbformat
    return nbformat.read(str(path), as_version=4)


SEED_REPORTS = [p.stem for p in templates() if "ARTICLE" in parameters(_read(p))]   # one report per template
MINE = {"01_article_structure": "The article and its structure", "02_timeline": "The timeline",
        "03_people_and_places": "People and places", "04_sources_and_claims": "Sources and claims",
        "05_explorer": "Interactive explorer"}


def title(name: str) -> str:
    return _title(_read(ROOT / "notebooks" / f"{name}.ipynb"), name)


def explorer(*args, cwd) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "explorer", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=1800)


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """(folder, stdout lines, template bytes before) after `explorer report data/raw` as `make report` runs it."""
    work = tmp_path_factory.mktemp("make_report")
    before = {p.name: p.read_bytes() for p in templates()}
    r = explorer("report", ROOT / "data" / "raw", "--context", ROOT / "data" / "context", "--out", "reports",
                 "--figures", "figures", "--tables", "processed", "--screenshot", "figures/report_screenshot.png",
                 cwd=work)
    assert r.returncode == 0, r.stderr
    return work, r.stdout.splitlines(), before


@pytest.fixture(scope="session")
def hostile(tmp_path_factory):
    """`explorer report` on one article full of markup, with no context: its report folder."""
    work = tmp_path_factory.mktemp("hostile")
    art = work / f"{HOSTILE}.txt"
    art.write_text(HOSTILE_TEXT, encoding="utf-8")
    r = explorer("report", art, "--out", "out", cwd=work)
    assert r.returncode == 0, r.stderr
    return work / "out", r.stdout.splitlines()


def reports(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.html"))


def offline_chromium(p, browser: str):
    """Playwright driving the installed Chromium (no browser download) with the network cut, as
    :func:`chromium_args` does (playwright sets headless and the profile itself)."""
    args = [a for a in chromium_args(browser, "")[1:] if not a.startswith(("--headless", "--user-data-dir"))]
    return p.chromium.launch(executable_path=browser, args=args)


@pytest.mark.parametrize("html_text,bad", [
    ('<script src="https://cdn.example/require.js"></script>', ["https://cdn.example/require.js"]),
    ("<link rel=stylesheet href=//fonts.example/x.css>", ["//fonts.example/x.css"]),
    ("<img src='http://x.example/a.png'>", ["http://x.example/a.png"]),
    ("<style>@import 'https://x.example/y.css'; a{background:url(//x.example/b.png)}</style>",
     ["https://x.example/y.css", "//x.example/b.png"]),
    ('<img src="data:image/png;base64,AAAA"><a href="#top">top</a><a href="figures/x.png">x</a>', []),
    ("<p>see https://example.org in the text</p>", []),
])
def test_external_refs(html_text, bad):
    assert sorted(external_refs(html_text)) == sorted(bad)


@pytest.mark.parametrize("text,found", [
    ("<pre>&lt;Figure size 1300x620 with 1 Axes&gt;</pre>", ["&lt;Figure size 1300x620 with 1 Axes&gt;"]),
    ("<Figure size 640x480 with 2 Axes>", ["<Figure size 640x480 with 2 Axes>"]),
    ("<Axes: title={'center': 'x'}>", ["<Axes: title={'center': 'x'}>"]),
    ("&lt;AxesSubplot:xlabel='a'&gt;", ["&lt;AxesSubplot:xlabel='a'&gt;"]),
    ("<p>Figure size and axes</p><img src='data:image/png;base64,AAAA'>", []),
])
def test_figure_reprs(text, found):
    assert figure_reprs(text) == found


def test_notebook_figure_reprs():
    import nbformat
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("fig")])
    nb.cells[0].outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "<Figure size 1300x620 with 1 Axes>"}),
                           nbformat.v4.new_output("display_data", {"text/plain": "<Figure size 9x9 with 1 Axes>",
                                                                   "image/png": "AAAA"}),
                           nbformat.v4.new_output("stream", name="stdout", text="<Axes: >\n")]
    assert notebook_figure_reprs(nb) == ["<Figure size 1300x620 with 1 Axes>", "<Axes: >"]


def test_templates_are_the_repository_notebooks():
    """One source of truth: the report templates are notebooks/ itself (installed as explorer.notebooks)."""
    assert [p.resolve() for p in templates()] == sorted(p.resolve() for p in (ROOT / "notebooks").glob("*.ipynb"))


def test_template_parameters_and_needs():
    got = {p.stem: (parameters(_read(p)), needs(_read(p))) for p in templates()}
    for name in MINE:
        assert got[name] == (["ARTICLE", "TABLES", "FIGURES"], [])
    assert got["06_corroboration"] == (["ARTICLE", "TABLES", "CONTEXT", "FIGURES"], ["context"])
    assert got["07_worksheet"] == (["ARTICLE", "TABLES", "CONTEXT", "KEY_DATE"], [])


def test_notebooks_in_repository_show_no_figure_repr():
    """The outputs stored in notebooks/ (those nbval checks) hold no figure shown as text."""
    for p in templates():
        assert notebook_figure_reprs(_read(p)) == [], p.name


def test_report_lines_and_outputs(built):
    work, lines, _ = built
    assert lines[0].startswith(f"tables: processed/{STEM}/ (blocks 48, dates 17,")
    figures = {l.split(": ", 1)[1] for l in lines if l.startswith("figures: ")}
    for name in ("timeline.png", "timeline.svg", "people_counts.png", "network.png", "map.png", "sources.png",
                 "blocks.png", "corroboration.png"):
        assert f"figures/{STEM}/{name}" in figures
        assert (work / "figures" / STEM / name).stat().st_size > 1000
    got = [l.split(": ", 1)[1] for l in lines if l.startswith("reports: ")]
    assert got == [f"reports/{STEM}/{n}.html" for n in SEED_REPORTS]
    assert (work / "processed" / STEM / "manifest.json").is_file()


def test_report_tables_are_the_extract_tables(built, tmp_path):
    """The report's tables are byte for byte those of `explorer extract`."""
    work, _, _ = built
    r = explorer("extract", ROOT / "data" / "raw" / f"{STEM}.txt", "--out", tmp_path, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    for p in sorted(tmp_path.glob("*.csv")):
        assert (work / "processed" / STEM / p.name).read_bytes() == p.read_bytes(), p.name


def test_report_folder_per_article_and_no_context(tmp_path):
    """A folder of articles gives one report folder each; without a context, no corroboration report."""
    from explorer.report import report_path
    src = tmp_path / "articles"
    src.mkdir()
    for name, text in (("a_first", "First headline\n\nOne paragraph."), ("b_second", HOSTILE_TEXT)):
        (src / f"{name}.txt").write_text(text, encoding="utf-8")
    nbs = [ROOT / "notebooks" / "01_article_structure.ipynb", ROOT / "notebooks" / "06_corroboration.ipynb"]
    res = report_path(src, tmp_path / "out", notebooks=nbs)
    assert res.failures == []
    out = (tmp_path / "out").resolve()
    assert [l for l in res.lines if not l.startswith("tables")] == [
        "skipped: 06_corroboration (no context given: --context)",
        f"figures: {out}/a_first/figures/blocks.png",
        f"reports: {out}/a_first/01_article_structure.html",
        "skipped: 06_corroboration (no context given: --context)",
        f"figures: {out}/b_second/figures/blocks.png",
        f"reports: {out}/b_second/01_article_structure.html"]
    assert [l for l in res.lines if l.startswith("tables")] == [
        f"tables: {out}/a_first/tables/a_first/ (blocks 2, dates 0, people 0, places 0, mentions 0, events 0, "
        "claims 0, language 0, event_mentions 0)",
        f"tables: {out}/b_second/tables/b_second/ ({', '.join(f'{t} {n}' for t, n in _counts(HOSTILE_TEXT).items())})"]
    assert "First headline" in (out / "a_first" / "01_article_structure.html").read_text(encoding="utf-8")
    second = (out / "b_second" / "01_article_structure.html").read_text(encoding="utf-8")
    assert "Man says &lt;img src=x onerror=alert(1)&gt;" in second and "<img src=x" not in second


def _counts(text: str) -> dict[str, int]:
    from explorer import from_text
    from explorer.pipeline import extract
    return extract(from_text(text)).counts()


@pytest.mark.parametrize("args,message", [
    (["missing.txt", "--out", "o"], "missing.txt: no such file or directory"),
    (["a.txt", "--out", "o", "--context", "none.csv"], "none.csv: no such context file or directory"),
    (["a.txt", "--out", "o", "--context", "bad.csv"], "bad.csv: the context file lacks the column(s)"),
    (["a.txt", "--out", "a.txt"], "--out must be a directory"),
    (["empty", "--out", "o"], "the directory holds no articles"),
])
def test_report_bad_input_one_line_exit_2(tmp_path, args, message):
    (tmp_path / "a.txt").write_text("Headline\n\nBody.", encoding="utf-8")
    (tmp_path / "bad.csv").write_text("x,y\n1,2\n", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    r = explorer("report", *args, cwd=tmp_path)
    assert r.returncode == 2
    assert r.stderr.startswith("explorer: error: ") and r.stderr.count("\n") == 1 and message in r.stderr
    assert not (tmp_path / "o").exists()


def test_templates_untouched(built):
    _, _, before = built
    assert {p.name: p.read_bytes() for p in templates()} == before
    assert not list((ROOT / "notebooks").glob("*.html"))


def test_reports_are_self_contained(built):
    work, _, _ = built
    found = reports(work / "reports")
    assert [p.stem for p in found] == SEED_REPORTS
    attr = re.compile(r"""\b[\w:-]+\s*=\s*["']?\s*((?:https?:|//)[^"'\s>]*)""", re.I)
    for p in found:
        text = p.read_text(encoding="utf-8")
        assert attr.findall(text) == [], p.name
        assert "require.js" not in text and "mathjax" not in text.lower() and "unpkg" not in text
        assert "widget-view+json" not in text
        assert 'data-mime-type="application/vnd.jupyter.stderr"' not in text, p.name  # no warnings shown


def test_reports_have_figures_embedded_and_code_hidden(built):
    work, _, _ = built
    assert all(title(n) == t for n, t in MINE.items())
    for name in SEED_REPORTS:
        text = (work / "reports" / STEM / f"{name}.html").read_text(encoding="utf-8")
        assert f"<title>{html.escape(title(name), quote=False)}</title>" in text
        if name in MINE:
            assert 'src="data:image/png;base64,' in text
        assert "hl-ipython3" not in text and "from explorer" not in text  # no code cell shown
        assert "ARTICLE = " not in text and "load_or_extract" not in text   # nor the injected parameters


def test_reports_show_every_figure_as_an_image(built):
    work, _, _ = built
    for p in reports(work / "reports"):
        assert figure_reprs(p.read_text(encoding="utf-8")) == [], p.name
    text = (work / "reports" / STEM / "06_corroboration.html").read_text(encoding="utf-8")
    section = text.split('id="On-one-timeline"', 1)[1].split("<h2", 1)[0]
    assert section.count('src="data:image/png;base64,') == 1


def test_report_css_keeps_wide_tables_in_their_box():
    from explorer.report import TEMPLATE
    assert ".jp-OutputArea-output { max-width: 100%; overflow-x: auto; }" in TEMPLATE
    assert "white-space: normal; overflow-wrap: break-word;" in TEMPLATE


def test_hostile_article_reports_escape_its_text(hostile):
    out, lines = hostile
    names = [p.stem for p in reports(out)]
    assert names == [n for n in SEED_REPORTS if n != "06_corroboration"]
    assert "skipped: 06_corroboration (no context given: --context)" in lines
    for p in reports(out):
        text = p.read_text(encoding="utf-8")
        assert "<img src=x onerror" not in text and "<i>fine</i>" not in text, p.name
        assert not re.search(r"<b\s+onmouseover", text), p.name
        assert not re.search(r"<a\b[^>]*\bhref\s*=\s*[\"']?\s*javascript:", text, re.I), p.name
        assert external_refs(text) == [], p.name
        assert "&lt;img src=x onerror=alert(1)&gt;" in text, p.name   # the headline, shown as text
    for name in FULL_TEXT_REPORTS:
        text = (out / f"{name}.html").read_text(encoding="utf-8")
        assert "&lt;/script&gt;&lt;b onmouseover=alert(2)&gt;bold&lt;/b&gt;" in text, name
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text and "<script>alert(1)" not in text, name


@pytest.mark.browser
def test_hostile_article_in_the_browser_runs_no_script(hostile):
    """In headless Chromium: no dialog opens, nothing is logged, clicking the 'link' goes nowhere,
    and each payload is visible as text."""
    browser = chromium()
    if not browser:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    pw = pytest.importorskip("playwright.sync_api")
    out, _ = hostile
    with pw.sync_playwright() as p:
        b = offline_chromium(p, browser)
        page = b.new_page()
        dialogs, console, errors = [], [], []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("console", lambda m: console.append(m.text))
        page.on("pageerror", lambda e: errors.append(str(e)))
        for path in reports(out):
            page.goto(path.resolve().as_uri())
            page.wait_for_load_state("load")
            page.wait_for_timeout(300)
            shown = page.inner_text("body")
            for payload in PAYLOADS if path.stem in FULL_TEXT_REPORTS else PAYLOADS[:1]:
                assert payload in shown, (path.name, payload)
            assert page.evaluate("document.querySelectorAll('a[href^=\"javascript:\" i], [onerror], "
                                 "[onclick], [onload], [onmouseover]').length") == 0, path.name
        b.close()
    assert dialogs == [] and console == [] and errors == []


def test_screenshot_line(built):
    work, lines, _ = built
    shot = [l for l in lines if l.startswith("screenshot: ")]
    assert len(shot) == 1
    if chromium():
        assert shot[0] == f"screenshot: figures/report_screenshot.png (from reports/{STEM}/02_timeline.html)"
        assert (work / "figures" / "report_screenshot.png").stat().st_size > 20_000
    else:
        assert "chromium not installed" in shot[0]


@pytest.mark.browser
@pytest.mark.parametrize("name", SEED_REPORTS)
def test_report_in_headless_chromium_offline(built, name, tmp_path):
    browser = chromium()
    if not browser:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    import matplotlib.image as mpimg

    work, _, _ = built
    page = (work / "reports" / STEM / f"{name}.html").resolve().as_uri()
    args = chromium_args(browser, str(tmp_path / "profile"))
    dom = subprocess.run(args + ["--dump-dom", page], capture_output=True, text=True, timeout=90).stdout
    assert title(name) in html.unescape(dom)
    assert "Belarus despot Alexander Lukashenko" in dom  # the article's headline, printed by every notebook
    png = tmp_path / "shot.png"
    subprocess.run(args + [f"--screenshot={png}", "--window-size=1200,1600", page],
                   capture_output=True, timeout=90)
    assert png.stat().st_size > 20_000
    img = mpimg.imread(png)
    assert img.shape[:2] == (1600, 1200)
    assert float(img[..., :3].std()) > 0.05  # not a blank page


@pytest.mark.browser
def test_worksheet_in_headless_chromium(built, tmp_path):
    """The worksheet as a reader gets it: five questions, each answer behind a closed <details>,
    the answers computed for the seed (the source's aside, what he cites, the key day)."""
    browser = chromium()
    if not browser:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    work, _, _ = built
    page = (work / "reports" / STEM / "07_worksheet.html").resolve().as_uri()
    args = chromium_args(browser, str(tmp_path / "profile"))
    dom = html.unescape(subprocess.run(args + ["--dump-dom", page], capture_output=True, text=True,
                                       timeout=90).stdout)
    assert dom.count("<details>") == 5 and "<details open" not in dom
    assert dom.count("<summary>Show answer</summary>") == 5
    for answer in ("Valery Tsepkalo is quoted in 25 claim(s)", "forced into exile", "medical sources",
                   "Key day: 2023-05-27", "contradicts c08, c24, e05, e06, e08"):
        assert answer in dom


@pytest.mark.browser
def test_wide_tables_stay_in_the_page(built):
    """At the report's width, no table runs off the right edge and no cell is cut: the corroboration
    tables (with their long ``reason`` column) wrap or scroll inside their own box."""
    browser = chromium()
    if not browser:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    pw = pytest.importorskip("playwright.sync_api")
    work, _, _ = built
    with pw.sync_playwright() as p:
        b = offline_chromium(p, browser)
        page = b.new_page(viewport={"width": 1000, "height": 800})
        for path in reports(work / "reports"):
            page.goto(path.resolve().as_uri())
            over = page.evaluate("""() => {
                const out = [];
                const w = document.documentElement.clientWidth;
                for (const t of document.querySelectorAll('table')) {
                    const box = t.closest('.jp-OutputArea-output') || t.parentElement;
                    const r = box.getBoundingClientRect();
                    if (r.right > w + 1) out.push('box past the page: ' + box.className);
                    for (const c of t.querySelectorAll('td, th'))
                        if (c.scrollWidth > c.clientWidth + 1) out.push('cut: ' + c.textContent.slice(0, 40));
                }
                if (document.documentElement.scrollWidth > w + 1) out.push('page scrolls sideways');
                return out;
            }""")
            assert over == [], path.name
        b.close()


def test_templates_without_article_are_skipped_and_failures_reported(tmp_path):
    """A notebook with no ARTICLE parameter (e.g. one about a whole corpus) is not an article
    report; a template whose cell fails is reported as a failure while the others are written."""
    import nbformat
    from explorer.report import report_article
    v4 = nbformat.v4
    corpus = v4.new_notebook(cells=[v4.new_code_cell("CORPUS = 'x'", metadata={"tags": ["parameters"]})])
    broken = v4.new_notebook(cells=[v4.new_code_cell("ARTICLE = ''", metadata={"tags": ["parameters"]}),
                                    v4.new_code_cell("raise ValueError('boom ' + ARTICLE[-5:])")])
    for nb in (corpus, broken):
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(corpus, tmp_path / "08_corpus.ipynb")
    nbformat.write(broken, tmp_path / "09_broken.ipynb")
    (tmp_path / "a.txt").write_text("First headline\n\nOne paragraph.", encoding="utf-8")
    res = report_article(tmp_path / "a.txt", tmp_path / "out",
                         notebooks=[ROOT / "notebooks" / "01_article_structure.ipynb", tmp_path / "08_corpus.ipynb",
                                    tmp_path / "09_broken.ipynb"])
    assert [p.name for p in res.reports] == ["01_article_structure.html"]
    assert res.failures == ["a.txt: 09_broken.ipynb: a cell failed: ValueError: boom a.txt"]
    assert sorted(p.name for p in (tmp_path / "out").glob("*.html")) == ["01_article_structure.html"]

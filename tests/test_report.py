"""The HTML reports: built once per session into a temporary project root (a copy of
notebooks/ and data/raw plus a hostile tiny article), then checked for self-containment,
escaping, outputs, and (when Chromium is installed) in a real headless browser, offline."""
from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from explorer.report import (_title, chromium, chromium_args, external_refs, figure_reprs,
                             notebook_figure_reprs, notebooks)

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = "999_hostile"
HOSTILE_NOTEBOOKS = ["01_article_structure", "04_sources_and_claims", "05_explorer"]
HOSTILE_TEXT = ("Man says <img src=x onerror=alert(1)> is <i>fine</i> in Paris\n\n"
                "John Smith said on 3 May 2023 that <img src=x onerror=alert(1)> & <i>friends</i> met.\n\n"
                "The comments below have not been moderated.\n")
SEED_REPORTS = [p.stem for p in notebooks(ROOT)]   # every notebook gives one report per article
MINE = {"01_article_structure": "The article and its structure", "02_timeline": "The timeline",
        "03_people_and_places": "People and places", "04_sources_and_claims": "Sources and claims",
        "05_explorer": "Interactive explorer"}


def title(name: str) -> str:
    import nbformat
    return _title(nbformat.read(str(ROOT / "notebooks" / f"{name}.ipynb"), as_version=4), name)


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """(root, lines, notebook bytes before) after build_all over a copy of the project."""
    from explorer.report import build_all

    root = tmp_path_factory.mktemp("project")
    shutil.copytree(ROOT / "notebooks", root / "notebooks",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    shutil.copytree(ROOT / "data", root / "data", ignore=shutil.ignore_patterns("processed"))
    before = {p.name: p.read_bytes() for p in (root / "notebooks").glob("*.ipynb")}
    lines = build_all(root)
    return root, lines, before


@pytest.fixture(scope="session")
def hostile(tmp_path_factory):
    """Reports of the notebooks that render article text, for an article full of markup."""
    from explorer.report import execute_notebook, export_html

    root = tmp_path_factory.mktemp("hostile")
    (root / "data" / "raw").mkdir(parents=True)
    (root / "data" / "raw" / f"{HOSTILE}.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    (root / "figures").mkdir()
    out = []
    for name in HOSTILE_NOTEBOOKS:
        nb = execute_notebook(ROOT / "notebooks" / f"{name}.ipynb", cwd=ROOT / "notebooks",
                              params={"ARTICLE": str(root / "data" / "raw" / f"{HOSTILE}.txt"),
                                      "FIGURES": str(root / "figures")})
        out.append(export_html(nb, root / "reports" / f"{name}.html"))
    return out


def offline_chromium(p, browser: str):
    """Playwright driving the installed Chromium (no browser download) with the network cut, as
    :func:`chromium_args` does (playwright sets headless and the profile itself)."""
    args = [a for a in chromium_args(browser, "")[1:] if not a.startswith(("--headless", "--user-data-dir"))]
    return p.chromium.launch(executable_path=browser, args=args)


def reports(root: Path) -> list[Path]:
    return sorted((root / "reports").rglob("*.html"))


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


def test_notebooks_in_repository_show_no_figure_repr():
    """The outputs stored in notebooks/ (those nbval checks) hold no figure shown as text."""
    import nbformat
    for p in notebooks(ROOT):
        assert notebook_figure_reprs(nbformat.read(str(p), as_version=4)) == [], p.name


def test_reports_show_every_figure_as_an_image(built):
    root, _, _ = built
    for p in reports(root):
        assert figure_reprs(p.read_text(encoding="utf-8")) == [], p.name
    text = (root / "reports" / "06_corroboration.html").read_text(encoding="utf-8")
    section = text.split('id="On-one-timeline"', 1)[1].split("<h2", 1)[0]
    assert section.count('src="data:image/png;base64,') == 1


def test_report_css_keeps_wide_tables_in_their_box():
    from explorer.report import TEMPLATE
    assert ".jp-OutputArea-output { max-width: 100%; overflow-x: auto; }" in TEMPLATE
    assert "overflow-wrap: anywhere" in TEMPLATE


def test_build_all_lines_and_outputs(built):
    root, lines, _ = built
    assert lines[0].startswith("tables: data/processed/000_33e25db8365cd6ad/ (blocks 48,")
    figures = {l.split(": ", 1)[1] for l in lines if l.startswith("figures: ")}
    for name in ("timeline.png", "timeline.svg", "people_counts.png", "network.png", "map.png", "sources.png",
                 "blocks.png"):
        assert f"figures/{name}" in figures
        assert (root / "figures" / name).stat().st_size > 1000
    got = [l.split(": ", 1)[1] for l in lines if l.startswith("reports: ")]
    assert got == [f"reports/{n}.html" for n in SEED_REPORTS]
    for t in ("blocks", "dates", "people", "places", "mentions", "events", "claims", "language"):
        assert (root / "data" / "processed" / "000_33e25db8365cd6ad" / f"{t}.csv").exists()


def test_build_all_several_articles(tmp_path):
    """The first article's reports go to reports/, every further article's to reports/<stem>/."""
    from explorer.report import build_all
    (tmp_path / "notebooks").mkdir()
    shutil.copy(ROOT / "notebooks" / "01_article_structure.ipynb", tmp_path / "notebooks")
    (tmp_path / "data" / "raw").mkdir(parents=True)
    for name, text in (("a_first", "First headline\n\nOne paragraph."), ("b_second", HOSTILE_TEXT)):
        (tmp_path / "data" / "raw" / f"{name}.txt").write_text(text, encoding="utf-8")
    lines = build_all(tmp_path)
    assert [l for l in lines if l.startswith(("tables", "reports", "figures"))] == [
        "tables: data/processed/a_first/ (blocks 2, dates 0, people 0, places 0, mentions 0, events 0, "
        "claims 0, language 0)",
        f"tables: data/processed/b_second/ ({', '.join(f'{t} {n}' for t, n in _counts(HOSTILE_TEXT).items())})",
        "figures: figures/blocks.png", "figures: figures/b_second/blocks.png",
        "reports: reports/01_article_structure.html", "reports: reports/b_second/01_article_structure.html"]
    assert "First headline" in (tmp_path / "reports" / "01_article_structure.html").read_text(encoding="utf-8")
    second = (tmp_path / "reports" / "b_second" / "01_article_structure.html").read_text(encoding="utf-8")
    assert "Man says &lt;img src=x onerror=alert(1)&gt;" in second and "<img src=x" not in second


def _counts(text: str) -> dict[str, int]:
    from explorer import from_text
    from explorer.pipeline import extract
    return extract(from_text(text)).counts()


def test_notebook_sources_untouched(built):
    root, _, before = built
    assert {p.name: p.read_bytes() for p in (root / "notebooks").glob("*.ipynb")} == before
    assert not list((root / "notebooks").glob("*.html"))


def test_reports_are_self_contained(built):
    root, _, _ = built
    found = reports(root)
    assert len(found) == len(SEED_REPORTS)
    attr = re.compile(r"""\b[\w:-]+\s*=\s*["']?\s*((?:https?:|//)[^"'\s>]*)""", re.I)
    for p in found:
        text = p.read_text(encoding="utf-8")
        assert attr.findall(text) == [], p.name
        assert "require.js" not in text and "mathjax" not in text.lower() and "unpkg" not in text
        assert "widget-view+json" not in text
        assert 'data-mime-type="application/vnd.jupyter.stderr"' not in text, p.name  # no warnings shown


def test_reports_have_figures_embedded_and_code_hidden(built):
    root, _, _ = built
    assert all(title(n) == t for n, t in MINE.items())
    for name in SEED_REPORTS:
        text = (root / "reports" / f"{name}.html").read_text(encoding="utf-8")
        assert f"<title>{html.escape(title(name), quote=False)}</title>" in text
        if name in MINE:
            assert 'src="data:image/png;base64,' in text
        assert "hl-ipython3" not in text and "from explorer" not in text  # no code cell shown


def test_reports_escape_article_text(hostile):
    for p in hostile:
        text = p.read_text(encoding="utf-8")
        assert "<img src=x onerror" not in text and "<i>fine</i>" not in text, p.name
        assert "&lt;img src=x onerror=alert(1)&gt;" in text, p.name   # shown, as text
        assert external_refs(text) == [], p.name


def test_highlight_and_static_view_escape_script():
    from explorer import from_text
    from explorer.pipeline import extract
    from explorer.plots import highlight_blocks, spans_from_tables
    from explorer.widgets import static_view
    art = from_text("Alert <script>alert(1)</script> here\n\nHe said <script>alert(1)</script> twice.")
    t = extract(art)
    for out in (highlight_blocks(t.blocks, spans_from_tables(t), removed=True), static_view(t)):
        assert "<script>alert(1)</script>" not in out
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out


def test_screenshot_line(built):
    root, lines, _ = built
    shot = [l for l in lines if l.startswith("screenshot: ")]
    assert len(shot) == 1
    if chromium():
        assert shot[0] == "screenshot: figures/report_screenshot.png (from reports/02_timeline.html)"
        assert (root / "figures" / "report_screenshot.png").stat().st_size > 20_000
    else:
        assert "kept the committed" in shot[0]


@pytest.mark.browser
@pytest.mark.parametrize("name", SEED_REPORTS)
def test_report_in_headless_chromium_offline(built, name, tmp_path):
    browser = chromium()
    if not browser:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    import matplotlib.image as mpimg

    root, _, _ = built
    page = (root / "reports" / f"{name}.html").resolve().as_uri()
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
    root, _, _ = built
    page = (root / "reports" / "07_worksheet.html").resolve().as_uri()
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
    root, _, _ = built
    with pw.sync_playwright() as p:
        b = offline_chromium(p, browser)
        page = b.new_page(viewport={"width": 1000, "height": 800})
        for name in SEED_REPORTS:
            page.goto((root / "reports" / f"{name}.html").resolve().as_uri())
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
            assert over == [], name
        b.close()

"""The interactive report fragments (explorer.interactive): HTML built for the seed and for a
hostile article, then driven in headless Chromium with the network cut off (mark
``browser``; skipped when /usr/bin/chromium or playwright is absent). Screenshots are written
to tests/artifacts/ (gitignored)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from explorer import interactive as ix
from explorer.report import external_refs
from explorer.widgets import filter_events

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
HOSTILE = ("Man says <img src=x onerror=alert(1)> is fine in Paris\n\n"
           "John Smith said on 3 May 2023 that <script>alert(1)</script> happened in London.\n\n"
           "Read <a href=\"javascript:alert(1)\">this</a> and javascript:alert(2) now, "
           "Mary Jones reportedly said on 4 May 2023.\n")
# (filters for filter_events, the same choices in the page's selects)
SETTINGS = [
    (dict(certainty="hedged"), {"certainty": ["hedged"]}),
    (dict(certainty="asserted"), {"certainty": ["asserted"]}),
    (dict(person=("Valery Tsepkalo",)), {"person": ["Valery Tsepkalo"]}),
    (dict(person=("Vladimir Putin", "Valery Tsepkalo")), {"person": ["Vladimir Putin", "Valery Tsepkalo"]}),
    (dict(place="Moscow"), {"place": ["Moscow"]}),
    (dict(place="Moscow", certainty="asserted"), {"place": ["Moscow"], "certainty": ["asserted"]}),
    (dict(date_range=("2023-05-09", "2023-05-27")), {"date-from": ["2023-05-09"], "date-to": ["2023-05-27"]}),
    (dict(date_range=("2023-05-27", None)), {"date-from": ["2023-05-27"]}),
    (dict(date_range=(None, "2023-05-09"), person=("Alexander Lukashenko",)),
     {"date-to": ["2023-05-09"], "person": ["Alexander Lukashenko"]}),
]


def seed_page(tables) -> str:
    return ix.page(ix.events_table(tables.events, people=tables.people), ix.claims_table(tables.claims),
                   ix.timeline_view(tables.events), ix.text_view(tables), ix.explorer_view(tables),
                   title="Article Explorer: interactive fragments")


@pytest.fixture(scope="session")
def seed_html(seed_tables, tmp_path_factory) -> Path:
    p = tmp_path_factory.mktemp("interactive") / "seed.html"
    p.write_text(seed_page(seed_tables), encoding="utf-8")
    return p


@pytest.fixture(scope="session")
def hostile_tables():
    from explorer import from_text
    from explorer.pipeline import extract
    return extract(from_text(HOSTILE))


@pytest.fixture(scope="session")
def hostile_html(hostile_tables, tmp_path_factory) -> Path:
    p = tmp_path_factory.mktemp("interactive") / "hostile.html"
    p.write_text(seed_page(hostile_tables), encoding="utf-8")
    return p


# --- without a browser ---------------------------------------------------------------------

def test_fragments_are_deterministic_and_self_contained(seed_tables):
    a, b = seed_page(seed_tables), seed_page(seed_tables)
    assert a == b
    assert external_refs(a) == [] and "xmlns" not in a and "http" not in ix.assets()
    assert " id=" not in a                      # no ids, so fragments cannot collide
    assert a.count('data-ae-ix="') == 5
    assert a.count("<script>") == 5 and "src=" not in a.replace('src="data:', "")
    frag = ix.events_table(seed_tables.events)
    assert frag._repr_html_() == str(frag) and str(frag).startswith('<section class="ae-ix"')


def test_tables_have_header_cells_and_one_row_per_record(seed_tables):
    ev = str(ix.events_table(seed_tables.events))
    assert ev.count('<th scope="col">') == len(ix.EVENT_COLUMNS)
    assert ev.count("<tr data-i=") == len(seed_tables.events) == 13
    cl = str(ix.claims_table(seed_tables.claims))
    assert cl.count("<tr data-i=") == len(seed_tables.claims)
    assert "<caption>Claims</caption>" in cl


def test_filter_values_mirror_filter_events(seed_tables):
    e = seed_tables.events.set_index("event_id").loc["e05"].to_dict() | {"event_id": "e05"}
    assert ix.event_filter_values(e) == {
        "person": ["Alexander Lukashenko", "Valery Tsepkalo"], "place": ["Central Clinical Hospital", "Moscow"],
        "source": ["Valery Tsepkalo"], "certainty": ["hedged"], "d0": "2023-05-27", "d1": "2023-05-27"}


def test_timeline_svg_has_one_item_per_dated_event_and_alt_text(seed_tables):
    svg = ix.timeline_svg(seed_tables.events)
    keys = re.findall(r'<g class="ae-item"[^>]*data-key="(e\d+)"', svg)
    assert sorted(keys) == ["e03", "e04", "e05", "e06", "e08", "e10", "e11", "e12"]
    assert svg.count("<polygon") == 3 and svg.count("<circle") == 5   # 3 hedged diamonds, 5 asserted
    assert ('aria-label="Timeline of 8 dated events from 01 January 2020 to 31 May 2023, 1 of them context '
            'events on a separate axis on the left, key events: ') in svg
    assert "Certainty is shown by shape and colour: filled circle asserted, hollow diamond hedged" in svg
    tl = str(ix.timeline_view(seed_tables.events))
    assert tl.count('<li><span tabindex="0" role="button"') == 5     # the undated events


def test_text_layers_cover_each_layer(seed_tables):
    spans = ix.layer_spans(seed_tables)
    assert {l for _, _, l in spans} == set(ix.LAYERS)
    text = str(ix.text_view(seed_tables))
    for layer in ix.LAYERS:
        assert f'data-layer="{layer}"' in text and f'class="ae-l-{layer}' in text
    # the text is all there: the marks only wrap it
    visible = re.sub(r"<[^>]+>", "", text.split('aria-label="article text">')[1].split("</div>")[0])
    import html
    content = seed_tables.blocks[(seed_tables.blocks.duplicate_of == "") & (seed_tables.blocks.kind != "boilerplate")]
    assert html.unescape(visible) == "".join(content.text)


def test_event_spans_mark_triggers(seed_tables, seed_article):
    spans = ix.event_spans(seed_tables.events)
    ev = seed_tables.events.set_index("event_id")
    assert len(spans) == 13 and len({k for _, _, k in spans}) == 13
    for s, e, k in spans:
        assert ev.loc[k, "start"] <= s < e <= ev.loc[k, "end"]
        assert seed_article.text[s:e].lower() == ev.loc[k, "trigger"].lower()


def test_hostile_text_is_escaped(hostile_tables):
    out = seed_page(hostile_tables)
    assert "<script>alert(1)</script>" not in out and "<img src=x" not in out and '<a href="javascript' not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out and "&lt;img src=x onerror=alert(1)&gt;" in out
    for m in re.finditer(r'data-f="([^"]*)"', out):
        import html
        json.loads(html.unescape(m.group(1)))


# --- in the browser ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("chromium is not installed (apt-get install chromium)")
    sync = pytest.importorskip("playwright.sync_api")
    with sync.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield b
        b.close()


class Page:
    """A page opened offline: every request that is not file: or data: is aborted and counted;
    console errors, page errors and dialogs are recorded."""

    def __init__(self, browser, path: Path):
        self.errors, self.off_file, self.dialogs = [], [], []
        self.page = browser.new_page(viewport={"width": 1200, "height": 900})
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.route("**/*", self._route)
        self.page.goto(path.as_uri())
        self.page.wait_for_load_state("load")

    def _route(self, route):
        if route.request.url.startswith(("file:", "data:")):
            route.continue_()
        else:
            self.off_file.append(route.request.url)
            route.abort()

    def section(self, kind: str):
        return self.page.locator(f'[data-ae-ix="{kind}"]')

    def visible_keys(self, kind: str) -> list[str]:
        return self.section(kind).locator("tbody tr").evaluate_all(
            "rows => rows.filter(r => r.offsetParent !== null).map(r => r.dataset.key)")

    def choose(self, kind: str, choices: dict) -> None:
        sec = self.section(kind)
        sec.locator("button[data-reset]").click()
        for name, values in choices.items():
            sel = sec.locator(f'select[data-filter="{name}"]')
            sel.select_option(values if sel.get_attribute("multiple") is not None else values[0])


@pytest.mark.browser
def test_seed_page_offline_no_errors_and_screenshot(browser, seed_html):
    pg = Page(browser, seed_html)
    assert pg.errors == [] and pg.off_file == []
    assert pg.page.locator("[data-ae-ready]").count() == 5
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pg.page.screenshot(path=str(ARTIFACTS / "interactive_seed.png"), full_page=True)
    assert (ARTIFACTS / "interactive_seed.png").stat().st_size > 10_000
    for kind in ("events-table", "claims-table", "timeline", "text", "explorer"):
        pg.section(kind).screenshot(path=str(ARTIFACTS / f"interactive_{kind}.png"))
    pg.page.close()


@pytest.mark.browser
def test_prints_cleanly(browser, seed_html):
    """In print, the controls and the evidence panel are hidden and nothing is cut off by a
    scroll box; the highlight colours are kept."""
    pg = Page(browser, seed_html)
    pg.page.emulate_media(media="print")
    assert pg.page.locator(".ae-controls:visible, .ae-detail:visible").count() == 0
    text = pg.section("text").locator(".ae-text")
    assert text.evaluate("e => getComputedStyle(e).overflow + ' ' + getComputedStyle(e).maxHeight") == "visible none"
    assert pg.page.locator(".ae-l-person").first.evaluate("e => getComputedStyle(e).printColorAdjust") == "exact"
    pg.page.close()


@pytest.mark.browser
def test_certainty_filter_hedged(browser, seed_html, seed_tables):
    expected = list(filter_events(seed_tables, certainty="hedged")["event_id"])
    assert len(expected) == 5 and len(seed_tables.events) == 13   # the seed: 13 events, 5 hedged
    pg = Page(browser, seed_html)
    for kind in ("explorer", "events-table"):
        assert len(pg.visible_keys(kind)) == 13
        pg.section(kind).locator('select[data-filter="certainty"]').select_option("hedged")
        assert pg.visible_keys(kind) == expected
        assert pg.section(kind).locator(".ae-status").inner_text() == "5 of 13 events shown"
    # the explorer's timeline and text follow the filter
    ex = pg.section("explorer")
    shown = ex.locator("g.ae-item").evaluate_all("gs => gs.filter(g => g.getBoundingClientRect().width > 0).map(g => g.dataset.key)")
    assert shown == ["e05", "e06", "e08"]    # the dated hedged events (e01, e02 are undated)
    marked = ex.locator(".ae-text span.ae-l-event:not(.ae-ev-off)").evaluate_all(
        "xs => [...new Set(xs.flatMap(x => JSON.parse(x.dataset.evs)))].sort()")
    assert set(marked) <= set(expected) and marked
    assert pg.errors == [] and pg.off_file == []
    pg.page.close()


@pytest.mark.browser
def test_js_filters_match_filter_events(browser, seed_html, seed_tables):
    pg = Page(browser, seed_html)
    for kwargs, choices in SETTINGS:
        expected = list(filter_events(seed_tables, **kwargs)["event_id"])
        pg.choose("explorer", choices)
        assert pg.visible_keys("explorer") == expected, kwargs
    assert pg.errors == []
    pg.page.close()


@pytest.mark.browser
def test_hover_and_focus_show_evidence(browser, seed_html, seed_tables):
    ev = seed_tables.events.set_index("event_id")
    pg = Page(browser, seed_html)
    tl = pg.section("timeline")
    tl.locator('g.ae-item[data-key="e05"]').hover()
    assert tl.locator(".ae-detail-evidence").inner_text() == ev.loc["e05", "evidence"]
    assert tl.locator(".ae-detail-source").inner_text() == "On the word of: Valery Tsepkalo"
    tl.locator('g.ae-item[data-key="e03"]').focus()
    assert tl.locator(".ae-detail-evidence").inner_text() == ev.loc["e03", "evidence"]
    assert tl.locator(".ae-detail-head").inner_text().startswith(ev.loc["e03", "label"])
    tl.locator('.ae-undated [data-key="e07"]').click()
    assert tl.locator(".ae-detail-evidence").inner_text() == ev.loc["e07", "evidence"]
    pg.page.close()


@pytest.mark.browser
def test_layer_toggle_and_sort(browser, seed_html, seed_tables):
    pg = Page(browser, seed_html)
    tx = pg.section("text")
    first = tx.locator(".ae-text span.ae-l-person").first
    on = first.evaluate("e => getComputedStyle(e).backgroundColor")
    tx.locator('input[data-layer="person"]').uncheck()
    assert first.evaluate("e => getComputedStyle(e).backgroundColor") == "rgba(0, 0, 0, 0)" != on
    tx.locator('input[data-layer="person"]').check()
    assert first.evaluate("e => getComputedStyle(e).backgroundColor") == on
    cl = pg.section("claims-table")
    cl.locator("th button", has_text="speaker").first.click()
    speakers = cl.locator("tbody tr td:nth-child(2)").all_inner_texts()
    assert speakers == sorted(seed_tables.claims["speaker"], key=lambda s: (s == "", s.lower()))
    assert cl.locator('th[aria-sort="ascending"]').inner_text().startswith("speaker")
    pg.page.close()


@pytest.mark.browser
def test_hostile_article_runs_no_script(browser, hostile_html, hostile_tables):
    pg = Page(browser, hostile_html)
    text = pg.section("text").locator(".ae-text").inner_text()
    assert "<img src=x onerror=alert(1)>" in text and "<script>alert(1)</script>" in text
    assert '<a href="javascript:alert(1)">this</a>' in text
    for s in pg.page.locator('[data-ae-ix="explorer"] [data-evidence]').all()[:3]:
        s.hover()
    pg.page.wait_for_timeout(200)
    assert pg.dialogs == [] and pg.errors == [] and pg.off_file == []
    assert pg.page.locator("main img, main a[href]").count() == 0    # no element from the article
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pg.page.screenshot(path=str(ARTIFACTS / "interactive_hostile.png"), full_page=True)
    pg.page.close()


@pytest.mark.browser
@pytest.mark.parametrize("which", ["seed_html", "exported"])
def test_accessibility_axe(browser, which, request):
    """axe-core (shipped by axe-playwright-python): no serious or critical violation, on the
    standalone page and in the report template."""
    axe = pytest.importorskip("axe_playwright_python.sync_playwright")
    pg = Page(browser, request.getfixturevalue(which))
    result = axe.Axe().run(pg.page)
    bad = [(v["id"], v["impact"]) for v in result.response["violations"] if v["impact"] in ("serious", "critical")]
    assert bad == []
    pg.page.close()


@pytest.fixture(scope="session")
def exported(seed_tables, tmp_path_factory) -> Path:
    """The fragments as notebook outputs, exported by the reports' own exporter (no kernel
    needed: the fragments are the unit), so nbconvert's handling of them is what is tested."""
    import nbformat
    from explorer.report import export_html
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Exported fragments")]
    for frag in (ix.timeline_view(seed_tables.events), ix.explorer_view(seed_tables)):
        cell = nbformat.v4.new_code_cell("frag")
        cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": str(frag), "text/plain": "<Fragment>"})]
        nb.cells.append(cell)
    return export_html(nb, tmp_path_factory.mktemp("exported") / "fragments.html")


def test_nbconvert_keeps_the_fragments_and_their_scripts(exported, seed_tables):
    text = exported.read_text(encoding="utf-8")
    assert text.count('data-ae-ix="') == 2 and text.count(ix.assets()) == 2


@pytest.mark.browser
def test_exported_report_works_offline(browser, exported, seed_tables):
    pg = Page(browser, exported)
    assert pg.page.locator("[data-ae-ready]").count() == 2
    pg.section("explorer").locator('select[data-filter="certainty"]').select_option("hedged")
    assert pg.visible_keys("explorer") == list(filter_events(seed_tables, certainty="hedged")["event_id"])
    pg.section("timeline").locator('g.ae-item[data-key="e08"]').hover()
    assert pg.section("timeline").locator(".ae-detail-evidence").inner_text() == \
        seed_tables.events.set_index("event_id").loc["e08", "evidence"]
    assert pg.errors == [] and pg.off_file == []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pg.page.screenshot(path=str(ARTIFACTS / "interactive_exported.png"), full_page=True)
    pg.page.close()

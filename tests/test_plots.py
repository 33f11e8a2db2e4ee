"""Plots and the widget explorer, on small synthetic tables built with explorer.tables.frame.

Each figure is checked through the artists' ``gid`` (event:<id>, range:<id>, key:<id>,
node:<id>, edge:<a>-<b>, place:<id>) and their styles, never by looking at pixels.
"""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import PathCollection

from explorer import from_text
from explorer.plots import (block_kinds, cooccurrence_edges, cooccurrence_network, key_events,
                            mention_counts, place_map, save_figure, sentence_spans, source_chains,
                            source_shares, sources_figure, split_background, timeline, who_says_what)
from explorer.tables import Tables, frame


def ev(eid, d0, d1="", cert="asserted", bg=False, participants="", source="outlet", label=None, place=""):
    return dict(event_id=eid, label=label or f"event {eid}", date_start=d0, date_end=d1 or d0,
                date_text=d0, place=place, participants=participants, source=source, certainty=cert,
                evidence="x", start=0, end=1, block_id="b002", trigger="x", background=bg)


EVENTS = frame("events", [
    ev("e01", "2023-05-09", participants="Ann Lee; Bob Roy", source="caption", place="Moscow"),
    ev("e02", "2023-05-25", participants="Ann Lee; Bob Roy; Cy Fox", place="Moscow"),
    ev("e03", "2023-05-27", cert="hedged", participants="Ann Lee", source="Dan Poe", place="Moscow; Minsk"),
    ev("e04", "2023-05-27", cert="hedged", participants="Ann Lee", source="Dan Poe"),
    ev("e05", "2023-05-27", "2023-05-30", cert="speculative", participants="Ann Lee", source="Dan Poe", place="Minsk"),
    ev("e06", "2020-08-09", bg=True, participants="Ann Lee", place="Belarus"),
    ev("e07", "2023-05-01", "2023-05-31", participants="Ann Lee"),
    {**ev("e08", ""), "date_end": ""},
])


def artists(fig, prefix):
    """{id: (axes gid, artist)} for every artist whose gid starts with ``prefix``."""
    out = {}
    for ax in fig.axes:
        for a in list(ax.collections) + list(ax.patches) + list(ax.texts) + list(ax.lines):
            gid = a.get_gid() or ""
            if gid.startswith(prefix):
                out[gid[len(prefix):]] = (ax.get_gid(), a)
    return out


# ---------------------------------------------------------------- timeline

def test_timeline_one_marker_per_dated_event():
    fig = timeline(EVENTS)
    markers = artists(fig, "event:")
    assert sorted(markers) == ["e01", "e02", "e03", "e04", "e05", "e06", "e07"]  # e08 is undated
    assert all(isinstance(a, PathCollection) and len(a.get_offsets()) == 1 for _, a in markers.values())
    assert "1 undated listed below" in fig._suptitle.get_text()
    footer = [t for t in fig.texts if t.get_gid() == "undated"]
    assert [t.get_text() for t in footer] == ["Undated in the article: event e08 (asserted)"]


def test_timeline_footer_caps_many_undated_events():
    rows = [{**ev(f"u{i:03d}", ""), "date_end": "", "start": i} for i in range(100)]
    fig = timeline(frame("events", rows + [ev("e09", "2023-05-09")]))
    footer = [t.get_text() for t in fig.texts if t.get_gid() == "undated"][0]
    assert footer.count("(asserted)") == 12 and footer.endswith("+ 88 more: see the events table")


def test_timeline_footer_lists_undated_events_in_text_order():
    rows = [{**ev(f"e0{i}", ""), "date_end": "", "start": st, "label": lab, "certainty": cert}
            for i, (st, lab, cert) in enumerate([(50, "return home", "speculative"), (10, "visit", "hedged"),
                                                  (30, "", "asserted")], start=1)]
    fig = timeline(frame("events", rows + [ev("e09", "2023-05-09")]))
    footer = [t.get_text() for t in fig.texts if t.get_gid() == "undated"]
    assert footer == ["Undated in the article: visit (hedged) · e03 (asserted) · return home (speculative)"]


@pytest.mark.parametrize("eid,filled,dashed,faded", [
    ("e01", True, False, False),    # asserted: solid
    ("e03", False, False, False),   # hedged: hollow
    ("e05", False, True, True),     # speculative: hollow, dashed edge, faded
])
def test_timeline_certainty_encoding(eid, filled, dashed, faded):
    _, m = artists(timeline(EVENTS), "event:")[eid]
    face = m.get_facecolor()
    assert bool(len(face) > 0 and face[0][3] > 0) is filled
    offset, pattern = m.get_linestyle()[0]
    assert (pattern is not None) is dashed
    assert ((m.get_alpha() or 1.0) < 1.0) is faded


def test_timeline_ranges_are_bars_spanning_the_days():
    ranges = artists(timeline(EVENTS), "range:")
    assert sorted(ranges) == ["e05", "e07"]
    assert ranges["e05"][1].get_width() == pytest.approx(4.0)   # 27..30 May inclusive
    assert ranges["e07"][1].get_width() == pytest.approx(31.0)


@pytest.mark.parametrize("flag,date", [(True, "2023-05-20"), (False, "2020-08-09")])
def test_timeline_background_events_on_their_own_axis(flag, date):
    rows = [ev("e01", "2023-05-09"), ev("e02", "2023-05-25"), ev("e09", date, bg=flag)]
    markers = artists(timeline(frame("events", rows)), "event:")
    assert markers["e09"][0] == "axis:background"
    assert markers["e01"][0] == markers["e02"][0] == "axis:main"


def test_split_background_and_key_events():
    main, bg = split_background(EVENTS)
    assert list(bg.event_id) == ["e06"]
    assert list(main.event_id) == ["e07", "e01", "e02", "e03", "e04", "e05"]
    # e07 spans a month, so it is not a key date; e02 (3 participants) outweighs the others
    assert key_events(EVENTS) == ["e01", "e02", "e03"]
    keys = artists(timeline(EVENTS), "key:")
    assert sorted(keys) == ["e01", "e02", "e03"]
    assert keys["e02"][1].get_text() == "event e02 (25 May 2023)"
    assert keys["e02"][1].get_fontweight() == "bold"


@pytest.mark.parametrize("rows,message", [
    ([], "no dated events"),
    ([{**ev("e01", ""), "date_end": ""}], "no dated events (1 undated event(s) in the table)"),
])
def test_timeline_empty(rows, message):
    fig = timeline(frame("events", rows))
    assert fig.get_label() == message
    assert [t.get_text() for t in fig.axes[0].texts] == [message]


def test_timeline_is_deterministic(tmp_path):
    a = save_figure(timeline(EVENTS), tmp_path / "a", formats=("png", "svg"))
    b = save_figure(timeline(EVENTS), tmp_path / "b", formats=("png", "svg"))
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]
    assert a[1].read_text().count("<svg") == 1


# ---------------------------------------------------------------- network

TEXT = ("Ann and Bob met.\n\nAnn saw Cy. Bob left.\n\nBob and Cy (pictured) smile.\n\n"
        "Bob and Cy (pictured) smile.\n\nWe are no longer accepting comments on this article.")
ART = from_text(TEXT)
BLOCKS = frame("blocks", [dict(block_id=b.block_id, kind=b.kind, text=b.text, start=b.start, end=b.end,
                               duplicate_of=b.duplicate_of) for b in ART.blocks])


def mention(eid, needle, nth=0, kind="person"):
    pos = -1
    for _ in range(nth + 1):
        pos = TEXT.index(needle, pos + 1)
    return dict(entity_id=eid, kind=kind, text=needle, start=pos, end=pos + len(needle),
                block_id=ART.block_at(pos).block_id)


PEOPLE = frame("people", [dict(person_id="p1", name="Ann", mentions=2), dict(person_id="p2", name="Bob", mentions=3),
                          dict(person_id="p3", name="Cy", mentions=2), dict(person_id="p4", name="Dee", mentions=0)])
MENTIONS = frame("mentions", [mention("p1", "Ann"), mention("p2", "Bob"), mention("p1", "Ann", 1),
                              mention("p3", "Cy"), mention("p2", "Bob", 1), mention("p2", "Bob", 2),
                              mention("p3", "Cy", 1), mention("p2", "Bob", 3), mention("p3", "Cy", 2)])


def test_blocks_fixture_has_a_duplicate_and_boilerplate():
    assert list(BLOCKS.kind) == ["headline", "paragraph", "caption", "caption", "boilerplate"]
    assert list(BLOCKS.duplicate_of) == ["", "", "", "b003", ""]


def test_sentence_spans_from_blocks_only():
    assert [TEXT[s:e] for s, e, _ in sentence_spans(BLOCKS)] == [
        "Ann and Bob met.", "Ann saw Cy.", "Bob left.", "Bob and Cy (pictured) smile."]


def test_cooccurrence_edges_one_per_sentence_pair():
    edges = cooccurrence_edges(MENTIONS, BLOCKS)
    # the duplicate caption's Bob+Cy is not counted twice
    assert edges.to_dict("records") == [{"source": "p1", "target": "p2", "weight": 1},
                                        {"source": "p1", "target": "p3", "weight": 1},
                                        {"source": "p2", "target": "p3", "weight": 1}]


def test_network_nodes_and_edges():
    fig = cooccurrence_network(PEOPLE, MENTIONS, BLOCKS)
    assert sorted(artists(fig, "node:")) == ["p1", "p2", "p3", "p4"]
    assert sorted(artists(fig, "edge:")) == ["p1-p2", "p1-p3", "p2-p3"]
    again = cooccurrence_network(PEOPLE, MENTIONS, BLOCKS)
    pos = lambda f: {k: tuple(a.get_offsets()[0]) for k, (_, a) in artists(f, "node:").items()}
    assert pos(fig) == pos(again)  # seeded layout


def test_network_empty():
    assert cooccurrence_network(frame("people"), frame("mentions"), BLOCKS).get_label() == "no people found"
    assert cooccurrence_edges(frame("mentions"), BLOCKS).empty


# ---------------------------------------------------------------- map and counts

PLACES = frame("places", [
    dict(place_id="l01", name="Moscow", kind="city", country="Russia", lat=55.75, lon=37.62, mentions=5),
    dict(place_id="l02", name="Minsk", kind="city", country="Belarus", lat=53.9, lon=27.57, mentions=2),
    dict(place_id="l03", name="Red Square", kind="site", country="Russia", mentions=1),
])


def test_map_one_point_per_place_with_coordinates():
    fig = place_map(PLACES)
    pts = {k: tuple(a.get_offsets()[0]) for k, (_, a) in artists(fig, "place:").items()}
    assert pts == {"l01": (37.62, 55.75), "l02": (27.57, 53.9)}
    assert "no coordinates: Red Square" in [t.get_text() for t in fig.texts]


@pytest.mark.parametrize("rows,message", [
    ([], "no places found"),
    ([dict(place_id="l01", name="Atlantis", kind="city")], "no place has coordinates (1 place(s) without: Atlantis)"),
])
def test_map_empty(rows, message):
    assert place_map(frame("places", rows)).get_label() == message


def test_mention_counts_bars_sorted():
    fig = mention_counts(PEOPLE, what="people")
    ax = fig.axes[0]
    # most mentioned on top, ties by name: Bob 3, Ann 2, Cy 2, Dee 0 (listed bottom to top)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Dee", "Cy", "Ann", "Bob"]
    assert [p.get_width() for p in ax.patches] == [0, 2, 2, 3]
    assert mention_counts(frame("people"), what="people").get_label() == "no people found"


def test_block_kinds_counts_characters():
    ax = block_kinds(BLOCKS).axes[0]
    widths = {(round(p.get_y(), 1), p.get_facecolor()[:3] == (1.0, 1.0, 1.0)): p.get_width() for p in ax.patches}
    caption_len = len("Bob and Cy (pictured) smile.")
    assert sorted(widths.values()) == sorted([len("Ann and Bob met."), len("Ann saw Cy. Bob left."), caption_len,
                                              len("We are no longer accepting comments on this article."),
                                              0, 0, caption_len, 0])


# ---------------------------------------------------------------- sources

def claim(cid, speaker, content, via="", stype="named", nth=0):
    s = TEXT.index(content)
    return dict(claim_id=cid, speaker=speaker, speaker_type=stype, content=content, content_start=s,
                content_end=s + len(content), via=via, certainty="asserted", cue="said")


CLAIMS = frame("claims", [claim("c01", "Ann", "Ann saw Cy.", via="doctors"),
                          claim("c02", "Bob", "Ann saw Cy. Bob left."),   # overlaps c01: c01 keeps its chars
                          claim("c03", "Ann", "Bob left.", via="doctors")])


def test_source_shares_partition_the_content():
    shares = source_shares(CLAIMS, BLOCKS)
    content = len("Ann and Bob met.") + len("Ann saw Cy. Bob left.") + len("Bob and Cy (pictured) smile.")
    # the first claim in text order keeps shared characters: c01 "Ann saw Cy." (11) is Ann's,
    # c02 gets the rest of its span " Bob left." (10), c03 lies inside c02 and gets nothing;
    # the headline (16) is the outlet's own voice, the kept caption (28) the captions'
    assert shares[["source", "voice", "chars"]].to_dict("records") == [
        {"source": "captions", "voice": "caption", "chars": 28},
        {"source": "outlet", "voice": "outlet", "chars": 16},
        {"source": "Ann", "voice": "claim", "chars": 11},
        {"source": "Bob", "voice": "claim", "chars": 10}]
    assert shares.chars.sum() == content
    assert shares.share.sum() == pytest.approx(1.0)


def test_source_shares_without_claims():
    shares = source_shares(frame("claims"), BLOCKS)
    assert shares[["source", "chars"]].to_dict("records") == [{"source": "outlet", "chars": 37},
                                                              {"source": "captions", "chars": 28}]


def test_source_chains_and_who_says_what():
    chains = source_chains(CLAIMS)
    assert chains[["chain", "claims", "chars"]].to_dict("records") == [
        {"chain": "outlet <- Ann <- doctors", "claims": 2, "chars": 20},
        {"chain": "outlet <- Bob", "claims": 1, "chars": 21}]
    assert list(who_says_what(CLAIMS).speaker) == ["Ann", "Bob", "Ann"]


def test_sources_figure_degrades():
    fig = sources_figure(frame("claims"), BLOCKS)
    assert "no attributed claims found" in [t.get_text() for t in fig.axes[1].texts]
    fig = sources_figure(CLAIMS, BLOCKS)
    assert {"outlet", "Ann", "doctors", "Bob"} <= {t.get_text() for t in fig.axes[1].texts}


# ---------------------------------------------------------------- widgets

def tables_with(events) -> Tables:
    t = Tables.from_rows({"blocks": BLOCKS.to_dict("records")})
    t.events = events
    t.people = PEOPLE
    return t


TABLES = tables_with(EVENTS)


@pytest.mark.parametrize("kwargs,expected", [
    ({}, ["e01", "e02", "e03", "e04", "e05", "e06", "e07", "e08"]),
    ({"person": "Bob Roy"}, ["e01", "e02"]),
    ({"person": ("Cy Fox", "Dan Poe")}, ["e02", "e03", "e04", "e05"]),   # Dan Poe is a source
    ({"place": "Minsk"}, ["e03", "e05"]),
    ({"certainty": "hedged"}, ["e03", "e04"]),
    ({"certainty": ["hedged", "speculative"]}, ["e03", "e04", "e05"]),
    ({"date_range": ("2023-05-26", "2023-05-28")}, ["e03", "e04", "e05", "e07"]),  # overlaps, undated out
    ({"date_range": (None, "2021-01-01")}, ["e06"]),
    ({"person": "Ann Lee", "place": "Moscow", "certainty": "asserted"}, ["e01", "e02"]),
    ({"person": "Nobody"}, []),
])
def test_filter_events(kwargs, expected):
    from explorer.widgets import filter_events
    assert list(filter_events(TABLES, **kwargs).event_id) == expected


def test_explorer_widgets_drive_the_views():
    from explorer.widgets import Explorer
    ex = Explorer(TABLES, TEXT)
    assert len(ex.filtered) == 8 and "<b>8</b> of 8 events" in ex.status.value
    assert "Dan Poe" in ex.person.options and "Minsk" in ex.place.options
    first_png = ex.timeline_view.value
    ex.certainty.value = "hedged"
    assert list(ex.filtered.event_id) == ["e03", "e04"]
    assert "e03" in ex.table_view.value and "e01" not in ex.table_view.value
    assert ex.timeline_view.value != first_png and ex.timeline_view.value[:4] == b"\x89PNG"
    ex.certainty.value = "all"
    ex.person.value = ("Bob Roy",)
    assert list(ex.filtered.event_id) == ["e01", "e02"]
    ex.person.value = ()
    ex.dates.value = ("2023-05-25", "2023-05-27")
    assert list(ex.filtered.event_id) == ["e02", "e03", "e04", "e05", "e07"]
    ex.place.value = "Belarus"
    assert ex.filtered.empty and "no events match" in ex.table_view.value


def test_explorer_refuses_tables_of_another_text():
    from explorer.widgets import Explorer
    with pytest.raises(ValueError):
        Explorer(TABLES, "X" + TEXT)


def test_explorer_on_empty_tables_and_static_view():
    from explorer.widgets import Explorer, static_view
    t = tables_with(frame("events"))
    ex = Explorer(t, TEXT)
    assert ex.dates.disabled and ex.filtered.empty
    html = static_view(t)
    assert "no events match" in html and 'src="data:image/png;base64,' in html


@pytest.mark.parametrize("eid,marker", [("e01", "o"), ("e03", "D"), ("e05", "^")])
def test_timeline_certainty_has_a_shape_too(eid, marker):
    """Certainty is told by shape as well as colour: circle, diamond, triangle."""
    import numpy as np
    from matplotlib.markers import MarkerStyle
    _, m = artists(timeline(EVENTS), "event:")[eid]
    ms = MarkerStyle(marker)
    assert np.allclose(m.get_paths()[0].vertices, ms.get_path().transformed(ms.get_transform()).vertices)


def test_figures_have_alt_text():
    """The timeline describes itself; other figures get their titles; figure_html carries it."""
    from explorer.plots import alt_text, figure_html
    alt = alt_text(timeline(EVENTS))
    assert alt.startswith("Timeline of 7 dated events from ") and "1 undated events listed below" in alt
    assert "filled circle asserted, hollow diamond hedged, dashed hollow triangle speculative" in alt
    assert alt_text(timeline(EVENTS.iloc[0:0])) == "Timeline of dated events: no dated events."
    assert alt_text(block_kinds(pd.DataFrame(columns=["block_id", "kind", "text", "start", "end", "duplicate_of"]))).startswith("Figure: ")
    out = figure_html(timeline(EVENTS))
    assert out.startswith(f'<img alt="{alt}" style="max-width: 100%" src="data:image/png;base64,')
    assert out == figure_html(timeline(EVENTS))   # deterministic bytes


def test_figures_register_an_html_display_with_alt():
    from IPython.core.interactiveshell import InteractiveShell
    from explorer.plots import register
    shell = InteractiveShell.instance()
    assert register(shell)
    data, _ = shell.display_formatter.format(timeline(EVENTS))
    assert data["text/html"].startswith('<img alt="Timeline of 7 dated events')

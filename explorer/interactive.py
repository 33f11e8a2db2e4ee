"""Interactive report fragments that work without a kernel and offline.

In:  the tables (:class:`~explorer.tables.Tables`, or the ``events`` / ``claims`` DataFrames).
Out: :class:`Fragment` objects: self-contained HTML (``_repr_html_``, so Jupyter displays them
     and nbconvert keeps them in the exported reports) holding

     - :func:`events_table` / :func:`claims_table`: sortable tables with filter selects built
       from the data (person, place, source, certainty, date range for events; speaker, cited
       source, certainty for claims);
     - :func:`timeline_view`: an SVG timeline; hovering over, focusing or clicking an event
       shows its evidence sentence and source;
     - :func:`text_view`: the article text with highlight layers (dates, people, places,
       claims, hedges, loaded words) switched on and off by check boxes;
     - :func:`explorer_view`: the explorer's filters (person, place, certainty, date range,
       the same rules as :func:`explorer.widgets.filter_events`) driving an events table, the
       timeline and the text together;
     - :func:`page`: fragments as one standalone HTML document.

Everything is rendered here, in Python, with every piece of article text escaped
(:func:`html.escape`); the small script and stylesheet in ``explorer/assets`` are inlined into
each fragment and only add behaviour (the script reads attributes and writes with
``textContent``). Without the script the fragments still read and print as static HTML.
Fragments use no element ids, so several on one page cannot collide; the output is
deterministic.
"""
from __future__ import annotations

import datetime as dt
import html
import json
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .plots._common import CERTAINTY_ORDER, PALETTE, split_list
from .plots.highlight import spans_from_tables
from .plots.timeline import describe, key_events, split_background, undated

ASSETS = Path(__file__).resolve().parent / "assets"
ANY = "(any)"
#: highlight layers of :func:`text_view`, with their names for the reader
LAYERS = {"date": "dates", "person": "people", "place": "places", "claim": "claims",
          "hedge": "hedges", "loaded": "loaded words"}
#: certainty -> (SVG shape, dash pattern) besides the colour in ``PALETTE``
SHAPES = {"asserted": ("circle", ""), "hedged": ("diamond", ""), "speculative": ("triangle", "3 2")}
EVENT_COLUMNS = ["event_id", "label", "date_start", "date_end", "place", "participants", "source", "certainty"]
CLAIM_COLUMNS = ["claim_id", "speaker", "speaker_type", "cue", "content", "via", "certainty"]


class Fragment:
    """An HTML fragment: ``str(fragment)`` is the HTML; Jupyter shows it via ``_repr_html_``.
    ``title`` names it (the heading :func:`page` puts above it)."""

    def __init__(self, html_text: str, title: str = ""):
        self.html = html_text
        self.title = title

    def _repr_html_(self) -> str:
        return self.html

    def __str__(self) -> str:
        return self.html

    def __add__(self, other: "Fragment | str") -> "Fragment":
        return Fragment(self.html + str(other), self.title)


@lru_cache(maxsize=1)
def assets() -> str:
    """The stylesheet and the script, inline (``<style>`` + ``<script>``)."""
    css = (ASSETS / "explorer.css").read_text(encoding="utf-8")
    js = (ASSETS / "explorer.js").read_text(encoding="utf-8")
    if "</" in js or "</" in css:
        raise ValueError("an asset contains '</', which would end its inline element")
    return f"<style>{css}</style><script>{js}</script>"


def _e(x) -> str:
    """Escaped text of a cell (None / NaN -> '')."""
    if x is None or (isinstance(x, float) and x != x) or x is pd.NA:
        return ""
    return html.escape(str(x), quote=True)


def _s(x) -> str:
    if x is None or (isinstance(x, float) and x != x) or x is pd.NA:
        return ""
    return str(x)


def _jattr(obj) -> str:
    """``obj`` as JSON for an HTML attribute value (escaped; read back by ``JSON.parse``)."""
    return html.escape(json.dumps(obj, ensure_ascii=False, sort_keys=True), quote=True)


def _iso(x) -> str:
    s = _s(x).strip()[:10]
    try:
        return dt.date.fromisoformat(s).isoformat()
    except ValueError:
        return ""


def _root(kind: str, body: str, label: str) -> Fragment:
    # the script sits inside the root, after its content, so it runs once the fragment exists
    return Fragment(f'<section class="ae-ix" data-ae-ix="{kind}" aria-label="{_e(label)}">'
                    f"{body}{assets()}</section>", label)


# --- filters -------------------------------------------------------------------------------

def event_filter_values(e) -> dict:
    """What the filters test on one event row: ``person`` (participants and source, as in
    :func:`explorer.widgets.filter_events`), ``place``, ``source``, ``certainty`` and the
    ISO dates ``d0``/``d1``."""
    src = _s(e.get("source"))
    return {"person": sorted(set(split_list(e.get("participants"))) | ({src} if src else set())),
            "place": split_list(e.get("place")), "source": [src] if src else [],
            "certainty": [_s(e.get("certainty"))] if _s(e.get("certainty")) else [],
            "d0": _iso(e.get("date_start")), "d1": _iso(e.get("date_end"))}


def _select(name: str, label: str, options, *, multiple: bool = False, any_label: str = ANY) -> str:
    opts = "" if multiple else f'<option value="">{_e(any_label)}</option>'
    opts += "".join(f'<option value="{_e(o)}">{_e(o)}</option>' for o in options)
    mult = ' multiple size="4"' if multiple else ""
    return f'<label>{_e(label)}<select data-filter="{_e(name)}"{mult}>{opts}</select></label>'


def _certainties(values) -> list[str]:
    present = {str(v) for v in values if str(v)}
    return [c for c in CERTAINTY_ORDER if c in present] + sorted(present - set(CERTAINTY_ORDER))


def person_options(events: pd.DataFrame, people: pd.DataFrame | None = None) -> list[str]:
    """The person filter's names, as the ipywidgets explorer lists them: the people table's
    names, every participant, and every source but ``outlet`` and ``caption``."""
    names = set(people["name"]) if people is not None and not people.empty else set()
    for cell in events["participants"]:
        names |= set(split_list(cell))
    names |= {_s(x) for x in events["source"] if _s(x) not in ("", "outlet", "caption")}
    return sorted(names)


def _event_controls(events: pd.DataFrame, people, *, person_multiple: bool, source: bool) -> str:
    places = sorted({p for cell in events["place"] for p in split_list(cell)})
    dates = sorted({d for col in ("date_start", "date_end") for d in map(_iso, events[col]) if d})
    parts = [_select("person", "person", person_options(events, people), multiple=person_multiple),
             _select("place", "place", places)]
    if source:
        parts.append(_select("source", "source", sorted({_s(s) for s in events["source"] if _s(s)})))
    parts += [_select("certainty", "certainty", _certainties(events["certainty"])),
              _select("date-from", "dates from", dates), _select("date-to", "dates to", dates),
              '<button type="button" data-reset>show all</button>']
    return f'<div class="ae-controls">{"".join(parts)}</div>'


# --- tables --------------------------------------------------------------------------------

def _table(df: pd.DataFrame, cols: list[str], caption: str, filters, key: str) -> str:
    head = "".join(f'<th scope="col"><button type="button" data-sort>{_e(c)}</button></th>' for c in cols)
    rows = []
    for i, (_, r) in enumerate(df.iterrows()):
        cells = "".join(f"<td>{_e(r.get(c))}</td>" for c in cols)
        rows.append(f'<tr data-i="{i}" data-key="{_e(r.get(key))}" data-f="{_jattr(filters(r))}">{cells}</tr>')
    return (f'<div class="ae-scroll" tabindex="0" role="region" aria-label="{_e(caption)}, scrollable">'
            f'<table class="ae-table"><caption>{_e(caption)}</caption><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div>')


def _status(n: int, noun: str) -> str:
    return f'<p class="ae-status" role="status" data-noun="{_e(noun)}">{n} of {n} {_e(noun)} shown</p>'


def _events_frame(events: pd.DataFrame | None) -> pd.DataFrame:
    cols = EVENT_COLUMNS + ["date_text", "evidence", "start", "end", "trigger", "background"]
    if events is None:
        return pd.DataFrame(columns=cols)
    return events.reset_index(drop=True)


def events_table(events: pd.DataFrame, *, people: pd.DataFrame | None = None,
                 caption: str = "Events") -> Fragment:
    """The events table (columns ``EVENT_COLUMNS``, table order), sortable by any column and
    filtered by person, place, source, certainty and date range."""
    ev = _events_frame(events)
    body = (_event_controls(ev, people, person_multiple=False, source=True) + _status(len(ev), "events")
            + _table(ev, EVENT_COLUMNS, caption, event_filter_values, "event_id"))
    return _root("events-table", body, caption)


def claim_filter_values(c) -> dict:
    """What the claims filters test on one claim row: ``speaker``, ``via``, ``certainty``."""
    return {k: [_s(c.get(k))] if _s(c.get(k)) else [] for k in ("speaker", "via", "certainty")}


def claims_table(claims: pd.DataFrame, *, caption: str = "Claims") -> Fragment:
    """The claims table (columns ``CLAIM_COLUMNS``), sortable, filtered by speaker, cited
    source (``via``) and certainty."""
    cl = claims.reset_index(drop=True) if claims is not None else pd.DataFrame(columns=CLAIM_COLUMNS)
    controls = ('<div class="ae-controls">'
                + _select("speaker", "speaker", sorted({_s(s) for s in cl["speaker"] if _s(s)}))
                + _select("via", "cited source", sorted({_s(s) for s in cl["via"] if _s(s)}))
                + _select("certainty", "certainty", _certainties(cl["certainty"]))
                + '<button type="button" data-reset>show all</button></div>')
    body = controls + _status(len(cl), "claims") + _table(cl, CLAIM_COLUMNS, caption, claim_filter_values, "claim_id")
    return _root("claims-table", body, caption)


# --- timeline ------------------------------------------------------------------------------

def _shape(certainty: str, x: float, y: float, r: float = 6.0) -> str:
    """The certainty's marker at (x, y): filled circle, hollow diamond, dashed hollow triangle."""
    color = PALETTE.get(certainty, "#333333")
    shape, dash = SHAPES.get(certainty, ("circle", ""))
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    if shape == "diamond":
        pts = f"{x:.1f},{y - r:.1f} {x + r:.1f},{y:.1f} {x:.1f},{y + r:.1f} {x - r:.1f},{y:.1f}"
        return f'<polygon points="{pts}" fill="#ffffff" stroke="{color}" stroke-width="2.2"{dash_attr}/>'
    if shape == "triangle":
        pts = f"{x:.1f},{y - r:.1f} {x + r:.1f},{y + r * 0.8:.1f} {x - r:.1f},{y + r * 0.8:.1f}"
        return f'<polygon points="{pts}" fill="#ffffff" stroke="{color}" stroke-width="2"{dash_attr}/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{color}" stroke="{color}"/>'


def certainty_legend() -> str:
    """The certainty key: shape, line style and colour for each value."""
    items = "".join(f'<span><svg width="16" height="16" aria-hidden="true" focusable="false">{_shape(c, 8, 8)}</svg> '
                    f"{_e(c)}</span>" for c in CERTAINTY_ORDER)
    return f'<div class="ae-legend"><span>certainty:</span>{items}</div>'


def _when(e) -> str:
    d0, d1 = _iso(e.get("date_start")), _iso(e.get("date_end"))
    if not d0:
        return "undated"
    return d0 if not d1 or d1 <= d0 else f"{d0} to {d1}"


def _item_attrs(e) -> str:
    """The attributes the evidence panel reads, and the filter values."""
    head = f"{_s(e.get('label')) or _s(e.get('event_id'))} ({_when(e)}, {_s(e.get('certainty')) or 'certainty unknown'})"
    return (f'data-key="{_e(e.get("event_id"))}" data-f="{_jattr(event_filter_values(e))}" '
            f'data-head="{_e(head)}" data-evidence="{_e(e.get("evidence"))}" data-source="{_e(e.get("source"))}"')


def _days(d: dt.date) -> int:
    return d.toordinal()


def _ticks(lo: int, hi: int, n: int) -> list[int]:
    if hi <= lo:
        return [lo]
    step = max(1, round((hi - lo) / max(1, n - 1)))
    return list(range(lo, hi + 1, step))


def timeline_svg(events: pd.DataFrame, *, width: int = 900, row: int = 22) -> str:
    """The dated events as an SVG timeline (the encoding of :func:`explorer.plots.timeline`:
    one row per event, context events on a narrow axis to the left, key events in bold;
    certainty by colour, shape and line style). Each event is a focusable ``<g>`` carrying its
    evidence and source. Empty string when no event is dated."""
    main, bg = split_background(events)
    if main.empty and bg.empty:
        return ""
    keys = set(key_events(events))
    order = pd.concat([bg, main], ignore_index=True)
    top, axis_h = 14, 34
    height = top + row * len(order) + axis_h
    panels = []  # (frame, x0, x1)
    if not bg.empty and not main.empty:
        panels = [(bg, 30, 150), (main, 200, 560)]
    else:
        panels = [(main if not main.empty else bg, 10, 560)]
    ys = {eid: top + row * i + row / 2 for i, eid in enumerate(order["event_id"])}
    parts = []
    for frame, x0, x1 in panels:
        lo = min(_days(d) for d in frame["d0"])
        hi = max(_days(d) for d in frame["d1"]) + 1
        pad = max(1, round((hi - lo) * 0.06))
        lo, hi = lo - pad, hi + pad
        scale = (x1 - x0) / (hi - lo)
        px = (lambda d, lo=lo, x0=x0, scale=scale: x0 + (_days(d) - lo) * scale)
        ybase = top + row * len(order) + 4
        parts.append(f'<line class="ae-axis" x1="{x0}" y1="{ybase}" x2="{x1}" y2="{ybase}"/>')
        n_ticks = 2 if x1 - x0 < 200 else 5
        for t in _ticks(lo + pad, hi - pad, n_ticks):
            x = x0 + (t - lo) * scale
            d = dt.date.fromordinal(t)
            fmt = f"{d:%b %Y}" if n_ticks == 2 else f"{d.day} {d:%b %Y}"
            parts.append(f'<line class="ae-grid" x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{ybase}"/>'
                         f'<text class="ae-tick" x="{x:.1f}" y="{ybase + 16}" text-anchor="middle">{_e(fmt)}</text>')
        for _, e in frame.iterrows():
            y = ys[e["event_id"]]
            x = px(e["d0"])
            cert = _s(e["certainty"])
            color = PALETTE.get(cert, "#333333")
            dash = SHAPES.get(cert, ("", ""))[1]
            bar = ""
            if e["d1"] > e["d0"]:
                xe = px(e["d1"] + dt.timedelta(days=1))
                dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
                bar = (f'<rect x="{x:.1f}" y="{y - 5:.1f}" width="{max(2.0, xe - x):.1f}" height="10" fill="{color}" '
                       f'fill-opacity="0.3" stroke="{color}" stroke-width="1.5"{dash_attr}/>')
            key = e["event_id"] in keys
            text = _s(e["label"]) or _s(e.get("trigger")) or _s(e["event_id"])
            if key:
                text += f" ({e['d0']:%d %b %Y})"
            label_x = (px(e["d1"] + dt.timedelta(days=1)) if e["d1"] > e["d0"] else x) + 10
            cls = ' class="ae-key"' if key else ""   # one row per event, so labels never collide
            label = f'<text x="{label_x:.1f}" y="{y + 4:.1f}"{cls}>{_e(text)}</text>'
            name = f"{text}, {_when(e)}, {cert}"
            parts.append(f'<g class="ae-item" tabindex="0" role="button" aria-label="{_e(name)}" {_item_attrs(e)}>'
                         f'<title>{_e(name)}</title>'
                         f'<rect class="ae-hit" x="{x0 - 6}" y="{y - row / 2:.1f}" width="{width - x0}" height="{row}"/>'
                         f'{bar}{_shape(cert, x, y)}{label}</g>')
        if len(panels) == 2 and x1 < 400:
            parts.append(f'<text class="ae-tick" x="{x0}" y="{top - 3}">context</text>')
    desc = describe(events)
    return (f'<svg class="ae-timeline" role="group" aria-label="{_e(desc)}" viewBox="0 0 {width} {height + 6}" '
            f'width="{width}" height="{height + 6}">'
            f'<title>{_e(desc)}</title>{"".join(parts)}</svg>')


def _detail() -> str:
    return ('<div class="ae-detail" aria-live="polite">'
            '<p class="ae-detail-head">Hover over, focus or click an event to see its evidence sentence and source.</p>'
            '<p class="ae-detail-evidence"></p><p class="ae-detail-source"></p></div>')


def _undated_list(events: pd.DataFrame) -> str:
    und = undated(events)
    if und.empty:
        return ""
    items = "".join(f'<li><span tabindex="0" role="button" {_item_attrs(e)}>'
                    f'<svg width="14" height="14" aria-hidden="true" focusable="false">{_shape(_s(e["certainty"]), 7, 7, 5)}</svg> '
                    f'{_e(_s(e["label"]) or _s(e["event_id"]))} ({_e(e["certainty"])})</span></li>'
                    for _, e in und.iterrows())
    return f'<p>Undated in the article:</p><ul class="ae-undated">{items}</ul>'


def _timeline_body(events: pd.DataFrame) -> str:
    svg = timeline_svg(events)
    return (certainty_legend() + (svg or "<p>No dated events.</p>") + _detail() + _undated_list(events))


def timeline_view(events: pd.DataFrame, *, title: str = "Timeline of the events") -> Fragment:
    """The SVG timeline, its certainty key, the evidence panel and the undated events."""
    ev = _events_frame(events)
    return _root("timeline", f"<h3>{_e(title)}</h3>" + _timeline_body(ev), title)


# --- text ----------------------------------------------------------------------------------

def event_spans(events: pd.DataFrame) -> list[tuple[int, int, str]]:
    """``(start, end, event_id)``: each event's ``trigger`` inside its ``evidence`` sentence
    (first occurrence, case-insensitive), else the whole sentence (the rule of
    :func:`explorer.widgets.event_spans`, with the event's id)."""
    out = []
    for _, e in _events_frame(events).iterrows():
        if pd.isna(e["start"]) or pd.isna(e["end"]):
            continue
        s0, ev, trig = int(e["start"]), _s(e["evidence"]), _s(e.get("trigger"))
        i = ev.lower().find(trig.lower()) if trig else -1
        out.append((s0 + i, s0 + i + len(trig), _s(e["event_id"])) if i >= 0 else (s0, int(e["end"]), _s(e["event_id"])))
    return sorted(set(out))


def layer_spans(tables, layers=tuple(LAYERS)) -> list[tuple[int, int, str]]:
    """``(start, end, layer)`` for the text layers: mentions, dates, hedges and loaded words
    from :func:`explorer.plots.highlight.spans_from_tables`, and ``claim`` = each claim's
    content span."""
    base = spans_from_tables(tables, layers=tuple(l for l in layers if l != "claim"))
    out = [(int(s), int(e), str(l).lower()) for s, e, l in zip(base["start"], base["end"], base["label"])]
    c = tables.claims
    if "claim" in layers and c is not None and not c.empty:
        out += [(int(s), int(e), "claim") for s, e in zip(c["content_start"], c["content_end"])
                if pd.notna(s) and pd.notna(e) and int(e) > int(s)]
    return sorted(set(out))


def _segments(text: str, offset: int, spans, events) -> str:
    """``text`` (at article offset ``offset``) cut at every span boundary; each piece is
    escaped, and wrapped in a ``<span>`` with the classes of the layers covering it (and the
    events covering it, ``data-evs``). Overlapping layers nest by class, so none is lost."""
    n = len(text)
    inside = [(max(s - offset, 0), min(e - offset, n), l) for s, e, l in spans if e > offset and s < offset + n]
    evs = [(max(s - offset, 0), min(e - offset, n), k) for s, e, k in events if e > offset and s < offset + n]
    cuts = sorted({0, n} | {p for s, e, _ in inside + evs for p in (s, e)})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        if b <= a:
            continue
        piece = html.escape(text[a:b])
        layers = sorted({l for s, e, l in inside if s <= a and e >= b})
        keys = sorted({k for s, e, k in evs if s <= a and e >= b})
        if keys:
            layers.append("event")
        if not layers:
            out.append(piece)
            continue
        cls = " ".join(f"ae-l-{html.escape(l, quote=True)}" for l in layers)
        ev_attr = f' data-evs="{_jattr(keys)}"' if keys else ""
        out.append(f'<span class="{cls}"{ev_attr}>{piece}</span>')
    return "".join(out)


def _text_body(tables, layers, events=None) -> str:
    spans = layer_spans(tables, layers)
    evs = event_spans(events) if events is not None else []
    names = dict(LAYERS, event="events (filtered)")
    present = [l for l in list(layers) + (["event"] if evs else []) if l in names]
    boxes = "".join(f'<label class="ae-layer"><span><input type="checkbox" data-layer="{_e(l)}" checked> '
                    f'<span class="ae-swatch ae-l-{_e(l)}">{_e(names[l])}</span></span></label>' for l in present)
    paras = []
    b = tables.blocks
    if b is not None and not b.empty:
        for _, r in b.sort_values("start").iterrows():
            if _s(r["duplicate_of"]) or r["kind"] == "boilerplate":
                continue
            paras.append(f'<p class="ae-{_e(r["kind"])}" data-block-id="{_e(r["block_id"])}">'
                         f'{_segments(_s(r["text"]), int(r["start"]), spans, evs)}</p>')
    return (f'<div class="ae-controls" role="group" aria-label="highlight layers">{boxes}</div>'
            f'<div class="ae-scroll ae-text" tabindex="0" role="region" aria-label="article text">{"".join(paras)}</div>')


def text_view(tables, *, layers=tuple(LAYERS), title: str = "The article text") -> Fragment:
    """The content blocks as text with switchable highlight layers (``layers``, keys of
    ``LAYERS``); each layer has its own colour and line or type style."""
    return _root("text", f"<h3>{_e(title)}</h3>" + _text_body(tables, layers), title)


# --- the explorer --------------------------------------------------------------------------

def explorer_view(tables, *, title: str = "Explorer") -> Fragment:
    """The ipywidgets explorer without a kernel: person (several), place, certainty and date
    range filters, with :func:`explorer.widgets.filter_events`'s rules, drive the events table,
    the timeline (non-matching events hidden) and the text (their trigger words unmarked)."""
    ev = _events_frame(tables.events)
    body = (_event_controls(ev, tables.people, person_multiple=True, source=False)
            + _status(len(ev), "events")
            + _table(ev, EVENT_COLUMNS, "Events matching the filters", event_filter_values, "event_id")
            + "<h3>Timeline</h3>" + _timeline_body(ev)
            + "<h3>Text</h3>" + _text_body(tables, tuple(LAYERS), ev))
    return _root("explorer", body, title)


def page(*fragments, title: str = "Article Explorer") -> str:
    """A standalone HTML document holding the fragments (for tests and sharing)."""
    body = "\n".join((f"<h2>{_e(f.title)}</h2>" if getattr(f, "title", "") else "") + str(f) for f in fragments)
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{_e(title)}</title></head>'
            f'<body><main><h1>{_e(title)}</h1>\n{body}\n</main></body></html>\n')

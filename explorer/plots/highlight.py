"""displaCy-style highlighting of entities, dates and terms, rendered from our own offsets.

In:  the article's text (or the ``blocks`` table, whose ``text`` is exactly
     ``text[start:end]``) and spans ``(start, end, label)`` with offsets into the original
     article text (e.g. from :func:`spans_from_tables`).
Out: an HTML string. Every piece of article text goes through :func:`html.escape`; each kept
     span becomes ``<mark class="ae-mark ae-LABEL" data-label="LABEL">escaped
     text[start:end]</mark>`` (the label is drawn by CSS from ``data-label``, so the element's
     content is exactly the span's text). Overlapping spans are resolved deterministically:
     the longer span wins; equal lengths, the earlier start, then the label in alphabetical
     order; a span overlapping a kept one is dropped (no nesting).
"""
from __future__ import annotations

import html

import pandas as pd

LABEL_COLORS = {
    "PERSON": "#aa9cfc", "PLACE": "#feca74", "ORG": "#7aecec", "DATE": "#bfe1d9",
    "HEDGE": "#ffd3a5", "LOADED": "#ff8197", "CUE": "#c5e0b4", "SPEAKER": "#9cc9f5",
    "EVENT": "#e4e7d2", "CLAIM": "#f3f3f3",
}
LAYERS = ("person", "place", "org", "date", "hedge", "loaded")

CSS = """<style>
.ae-hl { font-family: Georgia, 'Times New Roman', serif; line-height: 2.1; max-width: 60em; }
.ae-hl .ae-block { margin: 0 0 0.8em 0; white-space: pre-wrap; }
.ae-hl .ae-headline { font-size: 1.3em; font-weight: bold; }
.ae-hl .ae-standfirst { font-weight: bold; color: #333; }
.ae-hl .ae-caption { font-style: italic; color: #555; font-size: 0.92em; }
.ae-hl .ae-boilerplate, .ae-hl .ae-duplicate { color: #999; text-decoration: line-through; }
.ae-hl .ae-kind { font: 0.65em sans-serif; color: #888; text-transform: uppercase; margin-right: 0.6em; }
.ae-hl mark.ae-mark { padding: 0.15em 0.3em; border-radius: 0.3em; line-height: 1; }
.ae-hl mark.ae-mark::after { content: attr(data-label); font: bold 0.6em sans-serif;
  vertical-align: middle; margin-left: 0.4em; text-transform: uppercase; }
.ae-legend mark { padding: 0.1em 0.4em; border-radius: 0.3em; margin-right: 0.4em; font: 0.8em sans-serif; }
</style>"""


def resolve_overlaps(spans) -> list[tuple[int, int, str]]:
    """Spans (iterable of ``(start, end, label)``) to a sorted, non-overlapping list: the longer
    span wins; ties go to the earlier start, then the alphabetically first label. Empty or
    inverted spans are dropped; exact duplicates collapse."""
    cands = sorted({(int(s), int(e), str(l)) for s, e, l in spans if int(e) > int(s)},
                   key=lambda t: (-(t[1] - t[0]), t[0], t[2]))
    kept: list[tuple[int, int, str]] = []
    for s, e, l in cands:
        if all(e <= ks or s >= ke for ks, ke, _ in kept):
            kept.append((s, e, l))
    return sorted(kept)


def _as_triples(spans) -> list[tuple[int, int, str]]:
    if spans is None:
        return []
    if isinstance(spans, pd.DataFrame):
        if spans.empty:
            return []
        return [(int(s), int(e), str(l)) for s, e, l in zip(spans["start"], spans["end"], spans["label"])]
    return [(int(s), int(e), str(l)) for s, e, l in spans]


def _color(label: str) -> str:
    return LABEL_COLORS.get(label.upper(), "#dddddd")


def highlight_html(text: str, spans, *, offset: int = 0) -> str:
    """``text`` (which starts at article offset ``offset``) as escaped HTML with the spans
    lying wholly inside it wrapped in ``<mark>``. No surrounding element, no CSS."""
    n = len(text)
    inside = [(s - offset, e - offset, l) for s, e, l in _as_triples(spans) if s >= offset and e <= offset + n]
    out, pos = [], 0
    for s, e, label in resolve_overlaps(inside):
        out.append(html.escape(text[pos:s]))
        lab = html.escape(label.upper(), quote=True)
        out.append(f'<mark class="ae-mark ae-{lab}" data-label="{lab}" style="background:{_color(label)}">'
                   f"{html.escape(text[s:e])}</mark>")
        pos = e
    out.append(html.escape(text[pos:]))
    return "".join(out)


def legend_html(labels) -> str:
    """A one-line legend of the label colours used."""
    items = "".join(f'<mark style="background:{_color(l)}">{html.escape(l.upper())}</mark>'
                    for l in sorted(set(labels)))
    return f'<div class="ae-legend">{items}</div>' if items else ""


def highlight_blocks(blocks: pd.DataFrame, spans=None, *, removed: bool = False,
                     kinds: tuple[str, ...] | None = None, legend: bool = True,
                     show_kind: bool = False) -> str:
    """The article rebuilt from the ``blocks`` table as highlighted HTML, one ``<p>`` per block
    (``data-block-id``, class ``ae-<kind>``). Content blocks only, unless ``removed`` is True,
    in which case duplicates and boilerplate are shown struck through (spans are never drawn
    in them). ``kinds`` restricts the block kinds shown."""
    triples = _as_triples(spans)
    parts = [CSS, '<div class="ae-hl">']
    if legend and triples:
        parts.append(legend_html(l for _, _, l in triples))
    if blocks is not None and not blocks.empty:
        for _, b in blocks.sort_values("start").iterrows():
            dup = str(b["duplicate_of"] or "")
            is_removed = bool(dup) or b["kind"] == "boilerplate"
            if (is_removed and not removed) or (kinds and b["kind"] not in kinds):
                continue
            cls = f"ae-block ae-{html.escape(str(b['kind']))}" + (" ae-duplicate" if dup else "")
            body = html.escape(str(b["text"])) if is_removed else highlight_html(str(b["text"]), triples, offset=int(b["start"]))
            tag = ""
            if show_kind or is_removed:
                why = f"duplicate of {dup}" if dup else str(b["kind"])
                tag = f'<span class="ae-kind">{html.escape(str(b["block_id"]))} {html.escape(why)}</span>'
            parts.append(f'<p class="{cls}" data-block-id="{html.escape(str(b["block_id"]))}">{tag}{body}</p>')
    parts.append("</div>")
    return "\n".join(parts)


def spans_from_tables(tables, layers: tuple[str, ...] = LAYERS) -> pd.DataFrame:
    """Highlight spans from a :class:`~explorer.tables.Tables`: ``start, end, label``.

    Layers: ``person``, ``place``, ``org`` (mentions), ``date`` (dates), ``hedge``,
    ``loaded`` (language), ``cue`` and ``speaker`` (claims), ``event`` (events' triggers are
    not located, so events give their evidence sentence)."""
    rows = []
    m = tables.mentions
    for kind in ("person", "place", "org"):
        if kind in layers and not m.empty:
            sub = m[m["kind"] == kind]
            rows += [(s, e, kind.upper()) for s, e in zip(sub["start"], sub["end"])]
    if "date" in layers and not tables.dates.empty:
        rows += [(s, e, "DATE") for s, e in zip(tables.dates["start"], tables.dates["end"])]
    lang = tables.language
    for cat in ("hedge", "loaded"):
        if cat in layers and not lang.empty:
            sub = lang[lang["category"] == cat]
            rows += [(s, e, cat.upper()) for s, e in zip(sub["start"], sub["end"])]
    c = tables.claims
    if "cue" in layers and not c.empty:
        rows += [(s, e, "CUE") for s, e in zip(c["cue_start"], c["cue_end"]) if pd.notna(s) and pd.notna(e)]
    if "speaker" in layers and not c.empty:
        rows += [(s, e, "SPEAKER") for s, e in zip(c["speaker_start"], c["speaker_end"]) if pd.notna(s) and pd.notna(e)]
    if "event" in layers and not tables.events.empty:
        ev = tables.events
        rows += [(s, e, "EVENT") for s, e in zip(ev["start"], ev["end"]) if pd.notna(s) and pd.notna(e)]
    rows = [(int(s), int(e), l) for s, e, l in rows if pd.notna(s) and pd.notna(e)]
    return pd.DataFrame(sorted(set(rows)), columns=["start", "end", "label"])

"""Figures from tables: DataFrames in, matplotlib Figures out. Plots never read article text
beyond what the tables hold (``blocks.text``), never re-extract, and are deterministic (fixed
sizes, seeded or circular layouts). Every plot degrades to a figure with a short message
("no dated events", ...) when its table is empty, so notebooks and reports run before the
extractors fill in.

    timeline(events)                     -> Figure   (explorer.plots.timeline)
    mention_counts(people_or_places)     -> Figure   (explorer.plots.counts)
    block_kinds(blocks)                  -> Figure   (explorer.plots.counts)
    cooccurrence_network(people, mentions, blocks) -> Figure  (explorer.plots.network)
    place_map(places)                    -> Figure   (explorer.plots.geo)
    sources_figure(claims, blocks)       -> Figure   (explorer.plots.sources)
    highlight_blocks(blocks, spans)      -> str (HTML) (explorer.plots.highlight)
    alt_text(fig), figure_html(fig)      -> str        (explorer.plots.alt)

Importing this package in IPython registers :func:`~explorer.plots.alt.figure_html` as the
figures' HTML display, so notebook outputs and reports show every figure with its alt text.
"""
from __future__ import annotations

from ._common import message_figure, save_figure
from .alt import alt_text, figure_html, register, set_alt
from .counts import block_kinds, mention_counts
from .geo import place_map
from .highlight import highlight_blocks, highlight_html, spans_from_tables
from .network import cooccurrence_edges, cooccurrence_network, sentence_spans
from .sources import source_chains, source_shares, sources_figure, who_says_what
from .timeline import key_events, split_background, timeline

register()

__all__ = [
    "alt_text", "figure_html", "set_alt", "block_kinds", "cooccurrence_edges", "cooccurrence_network", "highlight_blocks", "highlight_html",
    "key_events", "mention_counts", "message_figure", "place_map", "save_figure", "sentence_spans",
    "source_chains", "source_shares", "sources_figure", "spans_from_tables", "split_background",
    "timeline", "who_says_what",
]

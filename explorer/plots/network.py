"""Co-occurrence network of people: who is mentioned in the same sentence as whom.

In:  the ``people``, ``mentions`` and ``blocks`` tables. Sentences are recomputed from the
     content blocks' text and offsets (``blocks.text`` is exactly ``text[start:end]``) with the
     project's sentence splitter, so no article text is needed beyond the tables.
Out: :func:`cooccurrence_edges` -> DataFrame ``source, target, weight`` (one row per pair of
     people sharing at least one sentence; weight = number of such sentences);
     :func:`cooccurrence_network` -> Figure with one node per person (size by mentions) and
     one edge per co-occurring pair, laid out with ``spring_layout(seed=0)``.
"""
from __future__ import annotations

import itertools

import pandas as pd
from matplotlib.figure import Figure

from ..nlp import split_sentences
from ._common import message_figure, new_figure

CIRCULAR_UP_TO = 16  #: up to this many people, a circle reads best (no label pile-ups)


def sentence_spans(blocks: pd.DataFrame) -> list[tuple[int, int, str]]:
    """``(start, end, block_id)`` of every sentence of the content blocks (not duplicates, not
    boilerplate), offsets into the original article text."""
    if blocks is None or blocks.empty:
        return []
    content = blocks[(blocks["duplicate_of"].fillna("") == "") & (blocks["kind"] != "boilerplate")]
    out = []
    for _, b in content.sort_values("start").iterrows():
        s0 = int(b["start"])
        # a text whose offsets match the original: the block placed at its start offset
        shim = " " * s0 + str(b["text"])
        out += [(s.start, s.end, s.block_id) for s in split_sentences(shim, s0, s0 + len(str(b["text"])), b["block_id"])]
    return out


def cooccurrence_edges(mentions: pd.DataFrame, blocks: pd.DataFrame) -> pd.DataFrame:
    """Pairs of people mentioned in the same sentence: ``source, target, weight`` with
    ``source < target`` (person ids), sorted. Mentions outside content sentences are ignored."""
    cols = ["source", "target", "weight"]
    if mentions is None or mentions.empty:
        return pd.DataFrame(columns=cols)
    people = mentions[mentions["kind"] == "person"]
    sents = sentence_spans(blocks)
    counts: dict[tuple[str, str], int] = {}
    starts = [int(x) for x in people["start"]]
    ids = list(people["entity_id"])
    for s, e, _ in sents:
        inside = sorted({i for st, i in zip(starts, ids) if s <= st < e})
        for a, b in itertools.combinations(inside, 2):
            counts[(a, b)] = counts.get((a, b), 0) + 1
    rows = [{"source": a, "target": b, "weight": w} for (a, b), w in sorted(counts.items())]
    return pd.DataFrame(rows, columns=cols)


def cooccurrence_network(people: pd.DataFrame, mentions: pd.DataFrame, blocks: pd.DataFrame,
                         *, layout: str = "spring") -> Figure:
    """Network figure: one node per person of ``people`` (labelled by name, area by mentions),
    one edge per pair from :func:`cooccurrence_edges` (width by weight). ``layout`` is
    ``"spring"`` (networkx ``spring_layout(seed=0)``, used above ``CIRCULAR_UP_TO`` people)
    or ``"circular"`` (people in ``person_id`` order around a circle)."""
    import networkx as nx

    if people is None or people.empty:
        return message_figure("no people found", title="Who appears with whom")
    edges = cooccurrence_edges(mentions, blocks)
    g = nx.Graph()
    for _, p in people.sort_values("person_id").iterrows():  # node order = circle order
        g.add_node(p["person_id"], name=p["name"], mentions=int(p["mentions"]) if pd.notna(p["mentions"]) else 0)
    for _, e in edges.iterrows():
        if e["source"] in g and e["target"] in g:
            g.add_edge(e["source"], e["target"], weight=int(e["weight"]))
    if layout == "circular" or g.number_of_nodes() <= CIRCULAR_UP_TO:
        pos = nx.circular_layout(g)
    else:
        pos = nx.spring_layout(g, seed=0, weight="weight", k=1.6 / max(1, g.number_of_nodes()) ** 0.5)
    fig = new_figure((9, 7))
    ax = fig.add_subplot(1, 1, 1)
    ax.set_axis_off()
    wmax = max([d["weight"] for *_, d in g.edges(data=True)] or [1])
    for a, b, d in sorted(g.edges(data=True)):
        (x0, y0), (x1, y1) = pos[a], pos[b]
        line, = ax.plot([x0, x1], [y0, y1], color="#7f7f7f", alpha=0.7, zorder=1,
                        linewidth=0.8 + 3.2 * d["weight"] / wmax)
        line.set_gid(f"edge:{a}-{b}")
    nodes = sorted(g.nodes)
    mmax = max([g.nodes[n]["mentions"] for n in nodes] or [1]) or 1
    for n in nodes:
        x, y = pos[n]
        sc = ax.scatter([x], [y], s=120 + 900 * g.nodes[n]["mentions"] / mmax, color="#2e75b6",
                        edgecolors="white", linewidths=1.5, zorder=2)
        sc.set_gid(f"node:{n}")
        ax.annotate(g.nodes[n]["name"], (x, y), xytext=(0, 12), textcoords="offset points",
                    ha="center", fontsize=9, zorder=3)
    ax.margins(0.2)
    ax.set_title("Who appears with whom (same sentence; line width = sentences shared)",
                 loc="left", fontsize=11)
    if g.number_of_edges() == 0:
        ax.text(0.5, 0.02, "no two people share a sentence", transform=ax.transAxes,
                ha="center", color="#777777")
    fig.set_label("network")
    return fig

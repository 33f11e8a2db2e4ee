"""Bar charts of counts: mentions per person or place, blocks per kind.

In:  the ``people`` or ``places`` table (``name``, ``mentions``), or the ``blocks`` table.
Out: a matplotlib Figure; one bar per row (top ``top`` by mentions, ties by name), or a
     message figure when the table is empty.
"""
from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from ._common import message_figure, new_figure

KIND_COLORS = {"headline": "#1f4e79", "standfirst": "#2e75b6", "paragraph": "#5b9bd5",
               "caption": "#c55a11", "boilerplate": "#a5a5a5"}


def mention_counts(table: pd.DataFrame, *, what: str = "people", top: int = 15,
                   color: str = "#2e75b6") -> Figure:
    """Horizontal bars of ``mentions`` per ``name`` (most mentioned on top).

    ``what`` names the entities in the title and in the empty message ("no people found").
    """
    if table is None or table.empty:
        return message_figure(f"no {what} found", title=f"Mentions of {what}")
    df = table[["name", "mentions"]].copy()
    df["mentions"] = pd.to_numeric(df["mentions"], errors="coerce").fillna(0).astype(int)
    df = df.sort_values(["mentions", "name"], ascending=[False, True], kind="stable").head(top)
    fig = new_figure((8, max(2.5, 0.4 * len(df) + 1.2)))
    ax = fig.add_subplot(1, 1, 1)
    names = list(df["name"])[::-1]
    vals = list(df["mentions"])[::-1]
    bars = ax.barh(names, vals, color=color)
    for b, v in zip(bars, vals):
        ax.annotate(str(v), (b.get_width(), b.get_y() + b.get_height() / 2), xytext=(3, 0),
                    textcoords="offset points", va="center", fontsize=9)
    ax.set_xlabel("mentions (duplicates and boilerplate left out)")
    ax.set_title(f"Mentions of {what}", loc="left")
    for s in ("top", "right"):
        ax.spines[s].set_visible(False)
    fig.set_label(f"{what} counts")
    fig.tight_layout()
    return fig


def block_kinds(blocks: pd.DataFrame) -> Figure:
    """Stacked bar of the article's characters by block kind, with duplicates shown apart:
    one bar per kind, the kept part solid and the repeated (duplicate) part hatched."""
    if blocks is None or blocks.empty:
        return message_figure("no blocks", title="Article structure")
    df = blocks.copy()
    df["chars"] = (df["end"] - df["start"]).astype(int)
    df["dup"] = df["duplicate_of"].fillna("").astype(str) != ""
    kinds = [k for k in KIND_COLORS if k in set(df["kind"])]
    kept = [int(df[(df.kind == k) & ~df.dup]["chars"].sum()) for k in kinds]
    dups = [int(df[(df.kind == k) & df.dup]["chars"].sum()) for k in kinds]
    fig = new_figure((8, 3.2))
    ax = fig.add_subplot(1, 1, 1)
    colors = [KIND_COLORS[k] for k in kinds]
    ax.barh(kinds[::-1], kept[::-1], color=colors[::-1], label="read by the extractors")
    ax.barh(kinds[::-1], dups[::-1], left=kept[::-1], color="white", edgecolor=colors[::-1],
            hatch="///", label="duplicate (left out)")
    ax.set_xlabel("characters")
    ax.set_title("Where the article's characters are, by block kind", loc="left")
    ax.legend(frameon=False, fontsize=8, loc="lower right")
    for s in ("top", "right"):
        ax.spines[s].set_visible(False)
    fig.tight_layout()
    return fig

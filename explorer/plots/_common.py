"""Small helpers shared by the plots: the "nothing to show" figure and deterministic saving."""
from __future__ import annotations

from pathlib import Path

from matplotlib.figure import Figure

# Certainty styles, shared by the timeline, the sources figure, the widgets' legend and the
# interactive reports. Colours from the Okabe-Ito colour-blind-safe palette; the timeline also
# tells certainty by marker shape (MARKERS) and fill / line style, never by colour alone.
CERTAINTY_ORDER = ("asserted", "hedged", "speculative")
PALETTE = {"asserted": "#0072B2", "hedged": "#D55E00", "speculative": "#CC79A7"}
MARKERS = {"asserted": "o", "hedged": "D", "speculative": "^"}


def message_figure(message: str, *, figsize: tuple[float, float] = (8, 2.5), title: str = "") -> Figure:
    """A figure holding only ``message`` centred (for empty tables). Created without pyplot, so
    it never opens a window and needs no ``plt.close``; the message is also the figure's label."""
    fig = Figure(figsize=figsize, dpi=100)
    ax = fig.add_subplot(1, 1, 1)
    ax.set_axis_off()
    ax.text(0.5, 0.5, message, ha="center", va="center", fontsize=13, color="#555555",
            transform=ax.transAxes, wrap=True)
    if title:
        ax.set_title(title, fontsize=13, loc="left")
    fig.set_label(message)
    return fig


def new_figure(figsize: tuple[float, float]) -> Figure:
    """A pyplot-free Figure of a fixed size (inline display in Jupyter still works: a Figure has
    ``_repr_png_``-compatible display through matplotlib-inline)."""
    return Figure(figsize=figsize, dpi=100)


def save_figure(fig: Figure, path, *, formats: tuple[str, ...] = ("png",), dpi: int = 110) -> list[Path]:
    """Save ``fig`` as ``path`` with each suffix in ``formats`` (PNG without timestamps, SVG with
    a fixed hash salt and no date, so the files are reproducible). Returns the written paths."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    out = []
    for fmt in formats:
        target = p.with_suffix("." + fmt)
        meta = {"Software": None} if fmt == "png" else {"Date": None, "Creator": None} if fmt == "svg" else {}
        if fmt == "svg":
            import matplotlib
            with matplotlib.rc_context({"svg.hashsalt": "article-explorer"}):
                fig.savefig(target, format=fmt, dpi=dpi, bbox_inches="tight", metadata=meta)
        else:
            fig.savefig(target, format=fmt, dpi=dpi, bbox_inches="tight", metadata=meta)
        out.append(target)
    return out


def split_list(cell) -> list[str]:
    """A '; '-joined table cell to its items (empty cell -> [])."""
    if cell is None:
        return []
    s = str(cell)
    if s in ("", "nan", "<NA>"):
        return []
    return [x.strip() for x in s.split(";") if x.strip()]

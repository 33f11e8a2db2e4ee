"""The article's events beside dated outside reports, on one timeline.

In:  the ``events`` table, the context DataFrame (:func:`explorer.corroborate.read_context`) and
     the result of :func:`explorer.corroborate.corroborate`.
Out: a matplotlib Figure with two lanes: the article's dated events on top (certainty styled as
     in the timeline) and the outside reports below, each a marker at its first day and a bar
     over a window of several days. Related pairs are joined: green for ``supports``, red dashed
     with a red X at the report for ``contradicts``. Events with no date, or with a window longer
     than ``MAX_WINDOW_DAYS`` ("last month"), are left out and counted in the caption.

Artists carry ``gid`` ``"event:<event_id>"``, ``"report:<context_row>"`` and
``"link:<event_id>:<context_row>:<relation>"`` so tests and readers can find them.
"""
from __future__ import annotations

import datetime as dt

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.figure import Figure

from ..corroborate import MAX_WINDOW_DAYS, window
from ._common import PALETTE, message_figure, new_figure

LINK_COLORS = {"supports": "#2e7d32", "contradicts": "#c62828"}


def _windows(df: pd.DataFrame, key: str) -> list[tuple[str, dt.date, dt.date, dict]]:
    out = []
    for r in df.to_dict("records"):
        w = window(r.get("date_start"), r.get("date_end"))
        if w is not None and (w[1] - w[0]).days + 1 <= MAX_WINDOW_DAYS:
            out.append((str(r[key]), w[0], w[1], r))
    return sorted(out, key=lambda x: (x[1], x[0]))


def _short(s: str, n: int = 34) -> str:
    s = " ".join(str(s).split())
    return s if len(s) <= n else s[: n - 1] + "…"


def plot_corroboration(events: pd.DataFrame, context: pd.DataFrame, result: pd.DataFrame) -> Figure:
    """Two-lane timeline of article events and outside reports, with support/contradiction links."""
    evs = _windows(events if events is not None else pd.DataFrame(), "event_id")
    reps = _windows(context if context is not None else pd.DataFrame(), "context_row")
    if not evs and not reps:
        return message_figure("no dated events or reports to compare")
    fig: Figure = new_figure((13, 6.2))
    ax = fig.add_subplot(1, 1, 1)
    ypos: dict[tuple[str, str], tuple[dt.date, float]] = {}
    rows_used = {"article": 1, "report": 1}
    days = [x[1] for x in evs + reps] + [x[2] for x in evs + reps]
    x0, x1 = min(days) - dt.timedelta(days=1), max(days) + dt.timedelta(days=5)
    per_char = (x1 - x0).days / 1300 * 6.5        # days of axis per label character (about 6.5 px)
    for lane, items, base, kind in (("event", evs, 1.0, "article"), ("report", reps, 0.0, "report")):
        ends: list[float] = []                     # right end (in days) of what each row holds so far
        for key, a, b, r in items:
            if kind == "article":
                cert = str(r.get("certainty") or "asserted")
                color = PALETTE.get(cert, PALETTE["asserted"])
                face = color if cert == "asserted" else "white"
                text = f"{key} {_short(r.get('label', ''))}"
            else:
                color, face = "#444444", "#444444"
                text = f"{key}. {_short(r.get('place', '') or '?', 12)}: {_short(r.get('source', ''), 26)}"
            # greedy rows: the first row whose last label ends before this marker starts
            at = (a - x0).days
            row = next((k for k, e in enumerate(ends) if e < at), len(ends))
            right = max((b - x0).days + 1, at + per_char * (len(text) + 3))
            if row < len(ends):
                ends[row] = right
            else:
                ends.append(right)
            rows_used[kind] = max(rows_used[kind], row + 1)
            y = base + (0.1 + 0.1 * row) * (1 if kind == "article" else -1)
            if b > a:
                ax.plot([a, b + dt.timedelta(days=1)], [y, y], color=color, lw=5, alpha=0.35,
                        solid_capstyle="butt", gid=f"{lane}:{key}:bar")
            ax.plot([a], [y], marker="o", ms=8, mec=color, mfc=face, ls="none", gid=f"{lane}:{key}")
            ax.annotate(text, (a, y), xytext=(6, 0), textcoords="offset points", va="center",
                        fontsize=8, color=color)
            ypos[(lane, key)] = (a, y)
    links = result[result["item_kind"] == "event"] if result is not None and not result.empty else pd.DataFrame()
    for r in links.to_dict("records"):
        e, c = ypos.get(("event", str(r["item_id"]))), ypos.get(("report", str(r["context_row"])))
        if e is None or c is None:
            continue
        rel = str(r["relation"])
        color = LINK_COLORS.get(rel, "#888888")
        ax.plot([e[0], c[0]], [e[1], c[1]], color=color, lw=1.3, alpha=0.8,
                ls="--" if rel == "contradicts" else "-", gid=f"link:{r['item_id']}:{r['context_row']}:{rel}")
        if rel == "contradicts":
            ax.plot([c[0]], [c[1]], marker="x", ms=12, mew=2.5, color=color, ls="none")
    ax.set_yticks([0.0, 1.0], ["outside reports", "the article"])
    ax.set_ylim(-0.1 - 0.1 * rows_used["report"] - 0.1, 1.1 + 0.1 * rows_used["article"] + 0.1)
    ax.axhline(0.5, color="#dddddd", lw=0.8)
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=4, maxticks=10))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b %Y"))
    ax.set_xlim(x0, x1)
    for s in ("top", "right", "left"):
        ax.spines[s].set_visible(False)
    left_out = (len(events) - len(evs)) if events is not None else 0
    ax.set_title("The article's events against dated outside reports "
                 "(green: supports, red dashed + X: contradicts)", loc="left", fontsize=11)
    if left_out:
        ax.text(0, -0.1, f"{left_out} event(s) without a precise date (none, or a window over "
                f"{MAX_WINDOW_DAYS} days) are not shown.", transform=ax.transAxes, fontsize=8, color="#666666")
    return fig

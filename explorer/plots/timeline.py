"""The timeline of dated events.

In:  the ``events`` table (``explorer.tables`` schema).
Out: a matplotlib Figure: one marker per dated event at its ``date_start``; a date range
     (``date_end`` after ``date_start``) drawn as a horizontal bar from start to end;
     certainty shown by the marker's shape, fill and line as well as its (colour-blind-safe)
     colour: ``asserted`` a solid circle, ``hedged`` a hollow diamond, ``speculative`` a
     hollow triangle with a dashed edge, faded; background / context events (``background`` True,
     or dated far outside the story's main window, e.g. 2020 in a 2023 story) on a separate
     narrow axis to the left, joined to the main axis with break marks; the key events
     (:func:`key_events`) labelled in bold with their date; events with no date listed in a
     footer, in text order, with their certainty (they are part of the story too).

Every marker is a separate artist whose ``gid`` is ``"event:<event_id>"``, so tests and
readers can find an event's marker, bar and label.
"""
from __future__ import annotations

import datetime as dt

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.figure import Figure

from ._common import CERTAINTY_ORDER, MARKERS, PALETTE, message_figure, new_figure
from .alt import set_alt

MAIN_WINDOW_DAYS = 183  #: events further than this from the story's median date are context
PRECISE_DAYS = 6        #: key events span at most this many days after their first


def _date(s) -> dt.date | None:
    s = "" if s is None else str(s).strip()
    if not s or s in ("nan", "<NA>"):
        return None
    try:
        return dt.date.fromisoformat(s[:10])
    except ValueError:
        return None


def dated(events: pd.DataFrame) -> pd.DataFrame:
    """The events with a parseable ``date_start``, with ``d0``/``d1`` date columns added
    (``d1`` = ``date_end`` or ``d0``), sorted by date then ``event_id``."""
    if events is None or events.empty:
        return pd.DataFrame(columns=list(getattr(events, "columns", [])) + ["d0", "d1"])
    df = events.copy()
    df["d0"] = df["date_start"].map(_date)
    df = df[df["d0"].notna()].copy()
    d1 = df["date_end"].map(_date)
    df["d1"] = [b if b is not None and b >= a else a for a, b in zip(df["d0"], d1)]
    return df.sort_values(["d0", "d1", "event_id"], kind="stable").reset_index(drop=True)


def split_background(events: pd.DataFrame, window_days: int = MAIN_WINDOW_DAYS) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Dated events split into (main, background).

    Background: ``background`` is True, or the event starts more than ``window_days`` from
    the median start date of the events not flagged background.
    """
    df = dated(events)
    if df.empty:
        return df, df
    flag = df["background"].fillna(False).astype(bool) if "background" in df else pd.Series(False, index=df.index)
    core = df[~flag]
    ref_dates = sorted(core["d0"] if not core.empty else df["d0"])
    median = ref_dates[(len(ref_dates) - 1) // 2]
    far = df["d0"].map(lambda d: abs((d - median).days) > window_days)
    bg = flag | far
    return df[~bg].reset_index(drop=True), df[bg].reset_index(drop=True)


def key_events(events: pd.DataFrame, n: int = 3) -> list[str]:
    """The ``event_id`` of the ``n`` key events of the main window.

    Only events dated to within a week are candidates (a vague "last month" is not a key
    date), unless there are none. Events are grouped by their date interval; a group's weight is its number of rows plus its
    number of distinct sources and participants (a date the article keeps returning to, from
    several mouths, is central). The ``n`` heaviest groups (ties: earlier first) each give
    their first event (by ``event_id``); the result is in date order.
    """
    main, _ = split_background(events)
    if main.empty:
        return []
    precise = main[[(b - a).days <= PRECISE_DAYS for a, b in zip(main["d0"], main["d1"])]]
    if not precise.empty:
        main = precise
    groups = []
    for (d0, d1), g in main.groupby(["d0", "d1"], sort=True):
        people = {p for cell in g["participants"] for p in str(cell).split(";") if p.strip()}
        weight = len(g) + g["source"].replace("", pd.NA).nunique() + len(people)
        groups.append((-weight, d0, d1, sorted(g["event_id"])[0]))
    groups.sort()
    chosen = sorted(groups[:n], key=lambda t: (t[1], t[2]))
    return [t[3] for t in chosen]


def _marker_style(certainty: str) -> dict:
    c = PALETTE.get(certainty, "#333333")
    if certainty == "hedged":
        return dict(facecolors="none", edgecolors=c, linewidths=1.8, linestyles="solid", alpha=1.0)
    if certainty == "speculative":
        return dict(facecolors="none", edgecolors=c, linewidths=1.8, linestyles="--", alpha=0.75)
    return dict(facecolors=c, edgecolors=c, linewidths=1.0, linestyles="solid", alpha=1.0)


def _draw(ax, df: pd.DataFrame, ys: dict[str, float], keys: set[str], *, label_side: str = "right") -> None:
    for _, r in df.iterrows():
        y = ys[r["event_id"]]
        gid = f"event:{r['event_id']}"
        style = _marker_style(r["certainty"])
        if r["d1"] > r["d0"]:
            x0 = mdates.date2num(r["d0"])
            width = mdates.date2num(r["d1"] + dt.timedelta(days=1)) - x0
            bars = ax.barh([y], [width], left=[x0], height=0.35, color=PALETTE.get(r["certainty"], "#333"),
                           alpha=0.25 if r["certainty"] != "asserted" else 0.45,
                           linestyle="--" if r["certainty"] == "speculative" else "-",
                           edgecolor=PALETTE.get(r["certainty"], "#333"))
            for b in bars:
                b.set_gid(f"range:{r['event_id']}")
        sc = ax.scatter([mdates.date2num(r["d0"])], [y], s=90, marker=MARKERS.get(r["certainty"], "o"), zorder=3,
                        **style)
        sc.set_gid(gid)
        sc.set_label(r["certainty"])
        key = r["event_id"] in keys
        text = str(r["label"]) or str(r["trigger"]) or r["event_id"]
        if key:
            text = f"{text} ({r['d0']:%d %b %Y})"
        end = r["d1"] + dt.timedelta(days=1) if r["d1"] > r["d0"] else r["d1"]
        t = ax.annotate(text, (mdates.date2num(end if label_side == "right" else r["d0"]), y),
                        xytext=(8 if label_side == "right" else -8, 0), textcoords="offset points",
                        ha="left" if label_side == "right" else "right", va="center",
                        fontsize=10 if key else 8.5, fontweight="bold" if key else "normal",
                        color="#111111" if key else "#444444", clip_on=False)
        t.set_gid(("key:" if key else "label:") + str(r["event_id"]))


def undated(events: pd.DataFrame) -> pd.DataFrame:
    """The events with no parseable ``date_start``, in text order (``start``, then ``event_id``)."""
    if events is None or events.empty:
        return pd.DataFrame(columns=list(getattr(events, "columns", [])))
    df = events[events["date_start"].map(_date).isna()]
    order = pd.to_numeric(df["start"], errors="coerce") if "start" in df else pd.Series(0, index=df.index)
    return df.assign(_o=order).sort_values(["_o", "event_id"], kind="stable").drop(columns="_o")


def _undated_footer(fig: Figure, events: pd.DataFrame, per_line: int = 4, max_items: int = 12) -> None:
    """A footer under the axes: "Undated: label (certainty) · ...", wrapped every ``per_line`` events;
    past ``max_items`` the rest is counted ("+ 5 more: see the events table"), so the plot keeps its room."""
    items = [f"{r['label'] or r['event_id']} ({r['certainty'] or 'certainty unknown'})"
             for _, r in undated(events).iterrows()]
    if len(items) > max_items:
        items = items[:max_items] + [f"+ {len(items) - max_items} more: see the events table"]
    lines = [" · ".join(items[i:i + per_line]) for i in range(0, len(items), per_line)]
    fig.subplots_adjust(bottom=0.12 + 0.045 * len(lines))
    t = fig.text(0.01, 0.01, "Undated in the article: " + "\n".join(lines), fontsize=8.5, color="#444444",
                 ha="left", va="bottom")
    t.set_gid("undated")


def _pad(dates: list[dt.date], frac: float = 0.08, min_days: int = 3) -> tuple[float, float]:
    lo, hi = min(dates), max(dates)
    span = max((hi - lo).days, min_days)
    pad = max(span * frac, 1.5)
    return mdates.date2num(lo) - pad, mdates.date2num(hi) + pad


def describe(events: pd.DataFrame, n_key: int = 3) -> str:
    """What the timeline of ``events`` shows, in one or two sentences (its alt text): how many
    dated events over which dates, how many context events, the key events, how many undated,
    and how certainty is drawn."""
    main, bg = split_background(events)
    order = pd.concat([bg, main], ignore_index=True)
    n_all = 0 if events is None else len(events)
    if order.empty:
        return f"Timeline: no dated events ({n_all} undated)."
    first, last = min(order["d0"]), max(order["d1"])
    ev = order.set_index("event_id")
    keys = [f"{ev.loc[k, 'label'] or k} ({ev.loc[k, 'd0']:%d %B %Y})" for k in key_events(events, n_key)]
    parts = [f"Timeline of {len(order)} dated events from {first:%d %B %Y} to {last:%d %B %Y}"]
    if not bg.empty and not main.empty:
        parts.append(f"{len(bg)} of them context events on a separate axis on the left")
    if keys:
        parts.append("key events: " + "; ".join(keys))
    if n_all > len(order):
        parts.append(f"{n_all - len(order)} undated events listed below")
    return (", ".join(parts) + ". Certainty is shown by shape and colour: filled circle asserted, "
            "hollow diamond hedged, dashed hollow triangle speculative.")


def timeline(events: pd.DataFrame, *, n_key: int = 3, title: str = "Timeline of dated events",
             width: float = 12.0) -> Figure:
    """The events table as a timeline figure (see the module docstring for the encoding).

    With no dated events, a figure saying "no dated events" (and how many undated ones there
    are). Fixed width; height grows with the number of events (0.38 in per row, 3-14 in).
    """
    n_all = 0 if events is None else len(events)
    main, bg = split_background(events)
    n_dated = len(main) + len(bg)
    if n_dated == 0:
        msg = "no dated events" + (f" ({n_all} undated event(s) in the table)" if n_all else "")
        return set_alt(message_figure(msg, title=title), f"{title}: {msg}.")
    keys = set(key_events(events, n_key))
    height = min(14.0, max(3.0, 0.38 * n_dated + 1.6))
    fig = new_figure((width, height))
    order = pd.concat([bg, main], ignore_index=True)
    ys = {eid: float(n_dated - i) for i, eid in enumerate(order["event_id"])}
    if not bg.empty and not main.empty:
        gs = fig.add_gridspec(1, 2, width_ratios=[1, 4], wspace=0.06)
        ax_bg = fig.add_subplot(gs[0, 0])
        ax = fig.add_subplot(gs[0, 1], sharey=ax_bg)
        ax_bg.set_gid("axis:background")
        _draw(ax_bg, bg, ys, keys, label_side="right")
        lo, hi = _pad(list(bg["d0"]) + list(bg["d1"]), frac=0.5, min_days=60)
        ax_bg.set_xlim(lo, hi)
        ticks = sorted({mdates.date2num(d) for d in bg["d0"]})
        ax_bg.set_xticks(ticks[:: max(1, len(ticks) // 3)])
        ax_bg.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
        ax_bg.tick_params(axis="x", labelsize=8)
        ax_bg.set_title("context", fontsize=9, color="#666666", loc="left")
        ax_bg.spines["right"].set_visible(False)
        ax.spines["left"].set_visible(False)
        ax.tick_params(axis="y", left=False, labelleft=False)
        # break marks between the two axes
        d = 0.015
        kw = dict(color="k", clip_on=False, linewidth=1)
        ax_bg.plot((1 - d * 4, 1 + d * 4), (-d * 2, d * 2), transform=ax_bg.transAxes, **kw)
        ax_bg.plot((1 - d * 4, 1 + d * 4), (1 - d * 2, 1 + d * 2), transform=ax_bg.transAxes, **kw)
        ax.plot((-d, d), (-d * 2, d * 2), transform=ax.transAxes, **kw)
        ax.plot((-d, d), (1 - d * 2, 1 + d * 2), transform=ax.transAxes, **kw)
        ax_bg.set_facecolor("#f6f6f6")
    else:
        ax = fig.add_subplot(1, 1, 1)
        ax_bg = None
    ax.set_gid("axis:main")
    frame = main if not main.empty else bg
    _draw(ax, frame, ys, keys)
    lo, hi = _pad(list(frame["d0"]) + list(frame["d1"]))
    ax.set_xlim(lo, hi + (hi - lo) * 0.35)  # room for the labels on the right
    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.grid(axis="x", color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)
    first = ax_bg if ax_bg is not None else ax
    first.set_yticks([])
    first.set_ylim(0.3, n_dated + 0.7)
    for a in (ax, ax_bg):
        if a is not None:
            a.spines["top"].set_visible(False)
    ax.spines["right"].set_visible(False)
    n_undated = n_all - n_dated
    fig.suptitle(title + (f"  ({n_undated} undated listed below)" if n_undated else ""),
                 fontsize=12, x=0.01, ha="left")
    if n_undated:
        _undated_footer(fig, events)
    # legend: certainty encodings
    from matplotlib.lines import Line2D
    handles = []
    for c in CERTAINTY_ORDER:
        st = _marker_style(c)
        handles.append(Line2D([], [], marker=MARKERS[c], linestyle="none", markersize=8,
                              markerfacecolor=st["facecolors"], markeredgecolor=st["edgecolors"],
                              alpha=st["alpha"], label=c))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False,
              title="certainty",
              title_fontsize=8)
    fig.set_label("timeline")
    return set_alt(fig, describe(events, n_key))

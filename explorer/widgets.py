"""The interactive explorer: filters over the events table, with the events table, the
timeline and the highlighted text updating together.

In:  :class:`~explorer.tables.Tables` (and the article text, used only to check that the
     tables' offsets belong to it; the text shown is rebuilt from ``tables.blocks``).
Out: :func:`filter_events` (pure: tables + filter values -> DataFrame) and :class:`Explorer`
     (ipywidgets: person SelectMultiple, place Dropdown, date SelectionRangeSlider, certainty
     ToggleButtons; one :meth:`Explorer.update` re-renders the three views). The views are
     plain HTML / Image widgets, so the explorer also works (and is testable) without a
     kernel; :func:`static_view` gives the same three views as one HTML string for reports.
"""
from __future__ import annotations

import base64
import datetime as dt
import html
import io

import numpy as np
import pandas as pd

from .plots._common import CERTAINTY_ORDER, split_list
from .plots.alt import alt_text
from .plots.highlight import highlight_blocks, spans_from_tables
from .plots.timeline import timeline

ANY = "(any)"
ALL = "all"


def _as_set(v) -> set[str]:
    if v is None or v == "" or v == ANY or v == ALL:
        return set()
    if isinstance(v, str):
        return {v}
    return {str(x) for x in v if x not in (None, "", ANY, ALL)}


def _d(s) -> dt.date | None:
    if s is None or s == "":
        return None
    if isinstance(s, dt.datetime):
        return s.date()
    if isinstance(s, dt.date):
        return s
    try:
        return dt.date.fromisoformat(str(s)[:10])
    except ValueError:
        return None


def filter_events(tables, person=None, place=None, date_range=None, certainty=None) -> pd.DataFrame:
    """The events of ``tables`` matching every filter given (None / empty = no filter).

    - ``person``: a name or names; an event matches when one of them is among its
      ``participants`` or is its ``source``.
    - ``place``: a name or names; matches one of the event's ``place`` names.
    - ``date_range``: ``(start, end)`` (ISO strings or dates, either may be None); matches
      dated events whose interval ``[date_start, date_end]`` overlaps it. Undated events are
      left out when a date range is given.
    - ``certainty``: one value or several of asserted, hedged, speculative.

    Returns the matching rows in table order, index reset.
    """
    ev = tables.events
    if ev is None or ev.empty:
        return ev.copy() if ev is not None else pd.DataFrame()
    keep = np.ones(len(ev), dtype=bool)
    people = _as_set(person)
    if people:
        keep &= np.array([bool(people & (set(split_list(p)) | {str(s)})) for p, s in zip(ev["participants"], ev["source"])], dtype=bool)
    places = _as_set(place)
    if places:
        keep &= np.array([bool(places & set(split_list(p))) for p in ev["place"]], dtype=bool)
    certs = _as_set(certainty)
    if certs:
        keep &= ev["certainty"].isin(certs).to_numpy(dtype=bool)
    if date_range is not None:
        lo, hi = (_d(date_range[0]), _d(date_range[1])) if date_range else (None, None)
        mask = []
        for a, b in zip(ev["date_start"], ev["date_end"]):
            s, e = _d(a), _d(b)
            if s is None:
                mask.append(False)
                continue
            e = e if e is not None and e >= s else s
            mask.append((lo is None or e >= lo) and (hi is None or s <= hi))
        keep &= np.array(mask, dtype=bool)
    return ev[keep].reset_index(drop=True)


def event_table_html(events: pd.DataFrame, *, max_rows: int = 60) -> str:
    """The filtered events as an HTML table (escaped by pandas)."""
    cols = ["event_id", "label", "date_start", "date_end", "place", "participants", "source", "certainty"]
    if events is None or events.empty:
        return "<p><em>no events match</em></p>"
    return events[cols].head(max_rows).to_html(index=False, escape=True, border=0, classes="ae-events")


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=90, bbox_inches="tight", metadata={"Software": None})
    return buf.getvalue()


def event_spans(events: pd.DataFrame) -> pd.DataFrame:
    """``start, end, label`` spans marking each event: its ``trigger`` located inside its
    ``evidence`` sentence (first occurrence, case-insensitive), else the whole sentence."""
    rows = []
    if events is not None and not events.empty:
        for _, e in events.iterrows():
            if pd.isna(e["start"]) or pd.isna(e["end"]):
                continue
            s0, ev, trig = int(e["start"]), str(e["evidence"]), str(e["trigger"] or "")
            i = ev.lower().find(trig.lower()) if trig else -1
            rows.append((s0 + i, s0 + i + len(trig), "EVENT") if i >= 0 else (s0, int(e["end"]), "EVENT"))
    return pd.DataFrame(sorted(set(rows)), columns=["start", "end", "label"])


def _highlight(tables, events: pd.DataFrame) -> str:
    spans = pd.concat([spans_from_tables(tables), event_spans(events)], ignore_index=True)
    return highlight_blocks(tables.blocks, spans)


def static_view(tables, *, person=None, place=None, date_range=None, certainty=None) -> str:
    """The explorer's three views for one filter as self-contained HTML: the filtered events
    table, the timeline (inline base64 PNG) and the highlighted text."""
    ev = filter_events(tables, person=person, place=place, date_range=date_range, certainty=certainty)
    fig = timeline(ev)
    png = base64.b64encode(_png(fig)).decode("ascii")
    return ("<h4>Events</h4>" + event_table_html(ev)
            + f'<h4>Timeline</h4><img alt="{html.escape(alt_text(fig), quote=True)}" src="data:image/png;base64,{png}"/>'
            + "<h4>Text</h4>" + _highlight(tables, ev))


class Explorer:
    """Interactive filters over the tables; see the module docstring.

    >>> ex = Explorer(tables, article.text)
    >>> ex.person.value = ("Some Name",)   # the views update
    >>> ex.filtered                          # the events now shown
    """

    def __init__(self, tables, text: str | None = None):
        import ipywidgets as w

        self.tables = tables
        self.text = text
        if text is not None and not tables.blocks.empty:
            b = tables.blocks.iloc[0]
            if text[int(b["start"]):int(b["end"])] != b["text"]:
                raise ValueError("the tables do not belong to this text (block offsets differ)")
        ev = tables.events
        names = set(tables.people["name"]) if not tables.people.empty else set()
        for cell in ev["participants"] if not ev.empty else []:
            names |= set(split_list(cell))
        names |= {str(x) for x in (ev["source"] if not ev.empty else []) if str(x) not in ("", "outlet", "caption")}
        places = set(tables.places["name"]) if not tables.places.empty else set()
        for cell in ev["place"] if not ev.empty else []:
            places |= set(split_list(cell))
        dates = sorted({d for col in ("date_start", "date_end") for d in (ev[col] if not ev.empty else [])
                        if _d(d) is not None})
        self.person = w.SelectMultiple(options=sorted(names), value=(), description="person", rows=6)
        self.place = w.Dropdown(options=[ANY] + sorted(places), value=ANY, description="place")
        self.dates = w.SelectionRangeSlider(options=dates or ["(no dates)"],
                                            index=(0, max(0, len(dates) - 1)), description="dates",
                                            disabled=len(dates) < 2, continuous_update=False,
                                            layout=w.Layout(width="520px"))
        self.certainty = w.ToggleButtons(options=[ALL, *CERTAINTY_ORDER], value=ALL, description="certainty")
        self.table_view = w.HTML()
        self.timeline_view = w.Image(format="png", layout=w.Layout(max_width="100%"))
        self.text_view = w.HTML(layout=w.Layout(max_height="500px", overflow="auto"))
        self.status = w.HTML()
        self._has_dates = len(dates) >= 1
        self.filtered = filter_events(tables)
        for ctl in (self.person, self.place, self.dates, self.certainty):
            ctl.observe(lambda change: self.update(), names="value")
        self.widget = w.VBox([
            w.HBox([self.person, w.VBox([self.place, self.certainty, self.dates])]),
            self.status,
            w.Tab(children=[self.table_view, self.timeline_view, self.text_view]),
        ])
        self.widget.children[2].titles = ("events", "timeline", "text")
        self.update()

    def filters(self) -> dict:
        """The current widget values as :func:`filter_events` keyword arguments."""
        rng = None
        if self._has_dates and not self.dates.disabled:
            full = (self.dates.options[0], self.dates.options[-1])
            if tuple(self.dates.value) != tuple(full):
                rng = tuple(self.dates.value)
        return dict(person=tuple(self.person.value) or None,
                    place=None if self.place.value == ANY else self.place.value,
                    date_range=rng,
                    certainty=None if self.certainty.value == ALL else self.certainty.value)

    def update(self) -> pd.DataFrame:
        """Re-filter and re-render the events table, the timeline and the text together;
        returns the filtered events (also kept as ``self.filtered``)."""
        self.filtered = filter_events(self.tables, **self.filters())
        n, total = len(self.filtered), len(self.tables.events)
        self.status.value = f"<b>{n}</b> of {total} events"
        self.table_view.value = event_table_html(self.filtered)
        self.timeline_view.value = _png(timeline(self.filtered))
        self.text_view.value = _highlight(self.tables, self.filtered)
        return self.filtered

    def _ipython_display_(self):
        from IPython.display import display
        display(self.widget)

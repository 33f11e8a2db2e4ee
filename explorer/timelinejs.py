"""The events table as Knight Lab TimelineJS (version 3) JSON, for ``explorer export timelinejs``.

In:  an article's :class:`~explorer.tables.Tables` and its :class:`~explorer.article.Article`.
Out: a dict in TimelineJS's JSON format: ``title`` (a slide with the headline), ``events`` (one
     slide per dated event, in date order, then event id) and ``scale`` ``"human"``. Each slide has
     ``start_date`` (and ``end_date`` for a window) with only the date parts the table knows
     (``2023-05`` gives year and month, never a guessed day), ``group`` = the event's certainty,
     ``display_date`` = the article's own words for the date, ``unique_id`` = the event id, and
     ``text``: the label as headline; the evidence sentence, its source, places and participants
     as text. A background event (context outside the story's window) says so in its text and
     carries a grey slide ``background``. TimelineJS renders ``text`` as HTML, so every value
     taken from the article is HTML-escaped, and ``autolink`` is off. Undated events have no
     place on a timeline: they are left out, and the title slide counts them.
"""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

from .errors import ExplorerError

BACKGROUND_COLOR = "#e6e6e6"
_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?![\d-])")


def date_parts(value: str) -> dict | None:
    """An ISO date or its prefix (``2023``, ``2023-05``, ``2023-05-27``, also at the start of a
    longer value) to TimelineJS date parts with only what it gives: ``{"year": 2023, "month": 5}``.
    None when ``value`` does not start with a year."""
    m = _ISO.match(str(value or "").strip())
    if not m:
        return None
    out = {"year": int(m.group(1))}
    if m.group(2):
        out["month"] = int(m.group(2))
        if m.group(3):
            out["day"] = int(m.group(3))
    return out


def span_parts(start: str, end: str) -> tuple[dict | None, dict | None]:
    """The known parts of a date window (``date_start``, ``date_end``): a window of whole months
    is given by months (``2023-05-01``..``2023-05-31`` is May 2023), of whole years by years
    (``2020-01-01``..``2020-12-31`` is 2020); the end is None when it equals the start."""
    s, e = date_parts(start), date_parts(end)
    if s is None:
        return None, None
    if e is not None and s.get("day") == 1 and "day" in e and _is_month_end(e):
        s, e = _drop(s, "day"), _drop(e, "day")
        if s.get("month") == 1 and e.get("month") == 12:
            s, e = _drop(s, "month"), _drop(e, "month")
    return s, (None if e is None or e == s else e)


def _is_month_end(d: dict) -> bool:
    import calendar
    return "month" in d and d["day"] == calendar.monthrange(d["year"], d["month"])[1]


def _drop(d: dict, key: str) -> dict:
    return {k: v for k, v in d.items() if k != key}


def _split(cell) -> list[str]:
    s = "" if cell is None else str(cell)
    return [] if s in ("nan", "<NA>") else [x.strip() for x in s.split(";") if x.strip()]


def _slide(ev) -> dict | None:
    start, end = span_parts(ev.date_start, ev.date_end)
    if start is None:
        return None
    esc = lambda s: html.escape(str(s), quote=True)  # noqa: E731
    parts = [f"<p>{esc(ev.evidence)}</p>",
             f"<p><strong>Source:</strong> {esc(ev.source or 'not given')}</p>"]
    if _split(ev.place):
        parts.append(f"<p><strong>Where:</strong> {esc('; '.join(_split(ev.place)))}</p>")
    if _split(ev.participants):
        parts.append(f"<p><strong>Who:</strong> {esc('; '.join(_split(ev.participants)))}</p>")
    background = bool(ev.background) if str(ev.background) not in ("<NA>", "nan", "") else False
    if background:
        parts.insert(0, "<p><em>Background: context outside the story's main window.</em></p>")
    slide = {"start_date": start, "text": {"headline": esc(ev.label), "text": "".join(parts)},
             "group": str(ev.certainty or "asserted"), "unique_id": str(ev.event_id), "autolink": False}
    if end is not None:
        slide["end_date"] = end
    if str(ev.date_text or "").strip():
        slide["display_date"] = esc(ev.date_text)
    if background:
        slide["background"] = {"color": BACKGROUND_COLOR}
    return slide


def _order(slide: dict) -> tuple:
    d = slide["start_date"]
    return (d["year"], d.get("month", 0), d.get("day", 0), slide["unique_id"])


def timelinejs(tables, article) -> dict:
    """The TimelineJS JSON object (a dict) for an article's tables: see the module docstring."""
    slides = [s for s in (_slide(ev) for ev in tables.events.itertuples(index=False)) if s is not None]
    slides.sort(key=_order)
    undated = len(tables.events) - len(slides)
    about = [f"{len(slides)} dated event(s) from Article Explorer's events table"]
    if undated:
        about.append(f"{undated} undated event(s) left out")
    if article.outlet or article.published:
        about.append(" ".join(x for x in (article.outlet, article.published) if x))
    title = {"text": {"headline": html.escape(article.headline),
                      "text": "<p>" + html.escape("; ".join(about)) + ".</p>"}, "autolink": False}
    return {"title": title, "events": slides, "scale": "human"}


def export_timelinejs(article_path, out_file, *, published: str | None = None) -> Path:
    """Extract the article at ``article_path`` and write its TimelineJS JSON to ``out_file``
    (UTF-8, indented, keys sorted). A bad article raises its :class:`ExplorerError`; so does an
    ``out_file`` that is a folder."""
    from . import load_article
    from .pipeline import extract

    out = Path(out_file)
    if out.is_dir():
        raise ExplorerError(f"{out}: --out must be a .json file, and a folder of that name exists")
    article = load_article(article_path, published=published)
    data = timelinejs(extract(article), article)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(out)
    return out

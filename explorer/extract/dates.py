"""Temporal expressions -> the ``dates`` table (TimeML TIMEX3, rule based).

In:  the article text, the regions to scan (content-block sentences) and the publication date
     (``"YYYY-MM-DD"``, ``"YYYY-MM"`` or None).
Out: one dict per temporal expression with the dates-table columns: offsets such that
     ``text[start:end] == text``, TIMEX3 ``type`` (DATE, TIME, DURATION, SET), ``value`` resolved
     against the anchor, the calendar interval ``date_start``/``date_end`` a DATE or TIME covers,
     ``mod`` and ``anchor`` ("published", "inferred:<how>" or empty).

Conventions (TimeML 1.2.1 guidelines, TimeBank practice):
  * a weekday or a month without a year resolves to the nearest one in the past, unless the
    sentence has a future cue (will, 'll, next, plans to, ...), then to the next one;
  * "two or three days" -> DURATION P3D, mod APPROX (the upper bound of a vague range);
  * a holiday name is a DATE only when it works as a date: "on Victory Day", "Victory Day," -
    not when it modifies a noun ("the Victory Day military parade" names the event);
  * generic "at night" / "in the night" are not annotated (no anchorable value);
  * "a year earlier", "the next day" resolve against the last date mentioned (granularity kept,
    e.g. a quarter), "a year ago" against the anchor;
  * "the quarter" / "the latest quarter" in financial news -> the quarter being reported on: the
    latest completed quarter named in the text ("third-quarter", "the quarter ended Sept. 30"),
    else the last completed quarter; "the year-ago quarter", "last year's quarter", "the 1988
    period" keep that quarter in the other year; whole quarters as durations use Q (P2Q, P1Q);
  * the word right before a date fixes its tense ("said Friday", "since March", "ended Jan. 31"
    -> past; "effective Feb. 1", "set to resume Monday", "ahead of the weekend" -> future);
  * anaphoric expressions move with the reference time (the last date mentioned): "the previous
    Friday", "in the morning", "overnight" (the night before), "a year earlier" after "for the
    nine months" (a year, not a quarter); "the quarter ended Sept. 30" keeps the quarter as the
    reference; unanchorable "that day" / "in the night" are not annotated;
  * "in five years" after a modal (will, would, may ...) is the point ahead (DATE), "in a year or
    two" FUTURE_REF; "a month after X" is the stretch "a month" (DURATION), as "three days later";
  * temporal connectives are TimeML SIGNALs, not TIMEX3: "as soon as X", "soon after X",
    "At the time X happened"; "the future of X", quoted titles ("This Week") are no times.
"""
from __future__ import annotations

import datetime as dt
import re

from ..pipeline import Doc, component
from . import timex_rules as R
from .timex_rules import Anchor, interval, parse_anchor

_FUTURE = re.compile(r"(?:\b(?:will|shall|going\s+to|plans?\s+to|planned\s+to|scheduled|expected\s+to|expects?\s+to"
                     r"|intends?\s+to|is\s+to|are\s+to|upcoming|is\s+due|are\s+due)\b|'ll\b)", re.I)
# the word right before a date fixes its tense whatever else the sentence says: "said Friday", "since
# March", "had been scheduled to expire Friday" point back; "effective Feb. 1", "set to resume Monday" forward
_PAST_LEFT = re.compile(r"(?:\b(?:since|said|says|told|announced|reported|disclosed|met|was|were|had|did|began|ended"
                        r"|started|opened|closed|rose|fell|earned|posted|agreed|signed|launched|resigned|died)"
                        r"|\bhad\s+been\s+\w+\s+to\s+\w+(?:\s+at)?)\s+(?:(?:on|in|at|late|early)\s+)?$", re.I)
_FUTURE_LEFT = re.compile(r"\b(?:effective|ahead\s+of|set\s+to\s+\w+|due\s+to\s+\w+|starting|beginning)\s+(?:on\s+)?$", re.I)
_ORD_QUARTER = re.compile(r"\b(?:first|second|third|fourth|1st|2nd|3rd|4th)\b[\s-]+(?:fiscal\s+)?quarter", re.I)
_PERIOD_ENDED = re.compile(r"\b(?:quarter|period)\s+(?:that\s+)?(?:ended|ending)\s+$", re.I)
_QUARTER_ENDED = re.compile(rf"\s+(?:that\s+)?(?:ended|ending|ends)\s+({R._MON})", re.I)
_SET_BEFORE = re.compile(r"(?:\d|%|million|billion|trillion|percent|dollars|cents|times|tons|barrels|shares|miles|hours|people|once|twice)\W*\s*$", re.I)
_HOLIDAY_OK_NEXT = {"of", "in", "on", "at", "and", "or", "but", "when", "while", "with", "for", "by", "as", "is", "was",
                    "were", "will", "this", "that", "last", "next", "he", "she", "they", "we", "it", "i", "morning",
                    "evening", "night", "afternoon", "weekend", "eve", "to", "the", "a", "an", "itself", "holiday",
                    "has", "had", "have", "falls", "fell", "approaches", "approached", "arrives", "arrived",
                    "came", "comes", "passed", "through", "until", "before", "after", "since", "itself", "day"}
_NUM_SPLIT = re.compile(r"\s*(?:-|\bto\b|\bor\b|\band\b)\s*", re.I)


# ----------------------------------------------------------------------------- small helpers

def _num(words: str) -> str | None:
    """A number phrase ("two", "twenty-five", "3", "a few", "two or three") -> "2", "25", "3", "X", "3"."""
    w = " ".join(words.lower().replace("-", " ").split())
    if not w:
        return None
    lex = R.number_words()
    if w in lex:
        return lex[w]
    fr = re.fullmatch(r"(\d+)\s*(?:1/2|½)", w)
    if fr:
        return str(int(fr[1]) + 0.5)      # "2 1/2"
    if re.fullmatch(r"\d+(?:\.\d+)?", w):
        return w.rstrip("0").rstrip(".") if "." in w else str(int(w))
    if w.endswith(" and a half"):
        base = _num(w[: -len(" and a half")])
        return str(float(base) + 0.5) if base and base != "X" else "X"
    parts = w.split()
    total = 0
    for p in parts:
        if p not in lex or lex[p] in ("X",):
            return "X" if p in lex else None
        v = float(lex[p])
        if v in (100, 1000) and total:
            total *= v                   # "two hundred", "two thousand"
        else:
            total += v
    return str(int(total)) if total == int(total) else str(total)


def _range_num(words: str) -> tuple[str | None, bool]:
    """"two or three" -> ("3", True); "five" -> ("5", False)."""
    parts = [p for p in _NUM_SPLIT.split(words.strip()) if p]
    if len(parts) >= 2:
        hi = _num(parts[-1])
        lo = _num(parts[0])
        if hi and lo:
            return hi, True
    return _num(words), False


def _two_units(f: float, per: int, prefix: str, big: str, small: str) -> str:
    """A fractional amount ``f`` of unit ``big`` as whole ``big`` and ``small`` units (``per`` small
    in one big), rounded to the small unit first: 1.5 years -> P1Y6M, 1.99 years -> P2Y, 0.5 -> P6M."""
    total = round(f * per)
    whole, rest = divmod(total, per)
    return prefix + (f"{whole}{big}" if whole else "") + (f"{rest}{small}" if rest or not whole else "")


def _dur_value(n: str, unit: str) -> str:
    """("3", "day") -> "P3D"; ("X", "hour") -> "PTXH"; ("0.5", "year") -> "P6M"."""
    u = unit.lower().rstrip("s")
    if u == "centurie":
        u = "century"
    if u == "century":
        return f"P{n}CE" if n == "X" else f"P{int(float(n) * 100)}Y"
    if u == "decade":
        return f"P{n}DE" if n == "X" else f"P{int(float(n) * 10)}Y"
    if u == "fortnight":
        return "P2W" if n != "X" else "PXW"
    if u == "weekend":
        return f"P{n}WE"
    if n not in ("X",) and "." in n:
        f = float(n)
        if u == "year":        # "2 1/2 years" -> P2Y6M, "1.5 years" -> P1Y6M
            return _two_units(f, 12, "P", "Y", "M")
        if u == "day":
            return f"PT{int(f * 24)}H"
        if u == "hour":        # "an hour and a half" -> PT1H30M
            return _two_units(f, 60, "PT", "H", "M")
        if u == "minute":      # "a minute and a half" -> PT1M30S
            return _two_units(f, 60, "PT", "M", "S")
        if u == "month":
            return f"P{int(f * 30)}D"
    if u == "quarter" and n != "X" and "." in n:
        return f"P{int(float(n) * 3)}M"  # "one and a half quarters" -> P4M; whole quarters keep Q (P2Q)
    code = {"second": "S", "minute": "M", "hour": "H"}.get(u)
    if code:
        return f"PT{n}{code}"
    return f"P{n}{R.UNIT_CODE.get(u, 'D')}"


def _mod_of(t: str) -> str:
    """TIMEX3 mod from words in the expression."""
    t = t.lower()
    pairs = [(r"\b(?:about|around|approximately|roughly|some|or so)\b", "APPROX"),
             (r"\b(?:nearly|almost)\b", "LESS_THAN"), (r"\b(?:more than|over)\b", "MORE_THAN"),
             (r"\b(?:less than|fewer than|within|up to)\b", "LESS_THAN" if "within" not in t else "EQUAL_OR_LESS"),
             (r"\bat least\b", "EQUAL_OR_MORE"), (r"\bat most\b", "EQUAL_OR_LESS"),
             (r"\b(?:end|close)\b", "END"), (r"\b(?:beginning|start|turn)\b", "START"),
             (r"\b(?:middle)\b|\bmid\b|\bmid-", "MID"), (r"\bearly\b", "EARLY"), (r"\blate\b", "LATE"),
             (r"\bfirst half\b", "EARLY"), (r"\bsecond half\b", "LATE")]
    for p, mod in pairs:
        if re.search(p, t):
            return mod
    return ""


def _month_in(t: str) -> int | None:
    m = re.search(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?", t, re.I)
    return R.MONTHS.get(m[1].lower()) if m else None


def _year_in(t: str) -> int | None:
    """The first year in ``t``: digits, or spelled out ("nineteen ninety-six")."""
    m = re.search(r"(?<!\d)(1[6-9]\d\d|20\d\d)(?!\d)", t)
    if m:
        return int(m[1])
    m = re.search(R._SPELLED, t, re.I)
    if m:
        r = _n_spelledyear(m[0], None)
        return int(r[1]) if r else None
    return None


def _weekday_in(t: str) -> int | None:
    m = re.search(r"\b(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|rsday|urday)?\b\.?", t, re.I)
    return R.WEEKDAYS.get(m[1].lower()) if m else None


def _part_in(t: str) -> str | None:
    m = re.search(r"\b(morning|afternoon|evening|night|tonight|overnight)\b", t, re.I)
    if not m:
        return None
    return "NI" if m[1].lower() == "tonight" else R.PARTS_OF_DAY[m[1].lower()]


def _resolve_md(a: Anchor, month: int, day: int | None, future: bool, past: bool = False) -> str:
    """A month (and day) with no year, resolved to the nearest such date before (or after, in a
    future sentence) the anchor, never after it in a past one ("ended Jan. 31", "since March");
    unresolved "XXXX-MM-DD" without an anchor."""
    if not a.ok:
        return f"XXXX-{month:02d}" + (f"-{day:02d}" if day else "")
    y = a.date.year
    diff = month - a.date.month          # months ahead of the anchor, -11..11
    if diff > 8 or (diff > 4 and not future):
        y -= 1
    elif diff < -8 or (diff < -4 and future):
        y += 1
    if past and y * 12 + month > a.date.year * 12 + a.date.month:
        y -= 1
    return f"{y:04d}-{month:02d}" + (f"-{day:02d}" if day else "")


def _resolve_weekday(a: Anchor, wd: int, future: bool, rel: str = "") -> str:
    """A weekday name -> the nearest such day before the anchor (after it in a future sentence);
    the anchor day itself when it is that weekday."""
    if not a.ok or a.gran != "D":
        return f"XXXX-WXX-{wd + 1}"
    d = a.date
    diff = wd - d.weekday()
    if rel == "next" or (future and rel != "last"):
        diff = diff % 7 or (7 if rel == "next" else 0)
    elif rel == "this":
        pass
    else:
        diff = -((-diff) % 7)
        if rel == "last" and diff == 0:
            diff = -7
    return (d + dt.timedelta(days=diff)).isoformat()


def _shift(a: Anchor, unit: str, n: int) -> str | None:
    """The anchor's ``unit`` (day/week/month/quarter/year/decade/century) shifted by ``n``."""
    if not a.ok:
        return None
    d = a.date
    if unit in ("day", "night"):
        return (d + dt.timedelta(days=n)).isoformat() if a.gran == "D" else None
    if unit == "week":
        return R.week_value(d + dt.timedelta(weeks=n)) if a.gran == "D" else None
    if unit == "weekend":
        if a.gran != "D":
            return None
        base = d + dt.timedelta(weeks=n) if n >= 0 else d - dt.timedelta(days=(d.weekday() - 5) % 7 or 7) + dt.timedelta(weeks=n + 1)
        return R.week_value(base) + "-WE"
    if unit == "month":
        if a.gran == "Y":
            return None
        x = R.add_months(d.replace(day=1), n)
        return f"{x.year:04d}-{x.month:02d}"
    if unit == "quarter":
        if a.gran == "Y":
            return None
        q = d.year * 4 + R.quarter_of(d) - 1 + n
        return f"{q // 4:04d}-Q{q % 4 + 1}"
    if unit == "year":
        return f"{d.year + n:04d}"
    if unit == "decade":
        return f"{d.year // 10 + n:03d}"
    if unit == "century":
        return f"{d.year // 100 + n:02d}"
    return None


_UNRESOLVED = {"day": "XXXX-XX-XX", "night": "XXXX-XX-XX", "week": "XXXX-WXX", "weekend": "XXXX-WXX-WE",
               "month": "XXXX-XX", "quarter": "XXXX-QX", "year": "XXXX", "decade": "XXX", "century": "XX"}


# ----------------------------------------------------------------------------- normalisers

class _Ctx:
    """What the normalisers need: the anchor, tense cue, last date mentioned, the text before."""
    __slots__ = ("anchor", "future", "past", "last_ref", "last_q", "before", "after")

    def __init__(self, anchor: Anchor):
        self.anchor = anchor
        self.future = False
        self.past = False
        self.last_ref: str | None = None
        self.last_q: str | None = None      # the latest reported (past) quarter mentioned, "1989-Q3"
        self.before = ""
        self.after = ""


def _n_mdy(t: str, c: _Ctx):
    month = _month_in(re.sub(r"^\s*(?:the\s+)?(?:very\s+)?(?:early|late|end|beginning|start|middle|mid)\b(?:\s+of)?", "", t, flags=re.I))
    m = re.search(r"(?<![\d])([12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\d])", t)
    day = int(m[1]) if m else _ordinal_day(t)
    if not month or not day:
        return None
    y = _year_in(t)
    if y:
        try:
            v = dt.date(y, month, day).isoformat()
        except ValueError:
            return None
    else:
        v = _resolve_md(c.anchor, month, day, c.future, c.past)
    part = re.search(r"\b(morning|afternoon|evening|night)\s*$", t, re.I)
    if part:
        return "TIME", v + "T" + R.PARTS_OF_DAY[part[1].lower()], ""
    return "DATE", v, _mod_of(t)


_ORD_DAYS = {w: i + 1 for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
    "fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split())}


def _ordinal_day(t: str) -> int | None:
    """"March eighth" -> 8, "May twenty-first" -> 21, "thirtieth" -> 30."""
    low = t.lower()
    if "thirtieth" in low:
        return 30
    m = re.search(r"(?:(twenty|thirty)[\s-])?(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth"
                  r"|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth)\b", low)
    if not m:
        return None
    return {"twenty": 20, "thirty": 30, None: 0}[m[1]] + _ORD_DAYS[m[2]]


def _n_iso(t: str, c: _Ctx):
    if "T" in t:
        return "TIME", t, ""
    return "DATE", t, ""


def _n_slash(t: str, c: _Ctx):
    mo, d, y = t.split("/")
    y = int(y) + (1900 if len(y) == 2 and int(y) > 30 else 2000 if len(y) == 2 else 0)
    try:
        return "DATE", dt.date(y, int(mo), int(d)).isoformat(), ""
    except ValueError:
        return None


def _n_monyear(t: str, c: _Ctx):
    return "DATE", f"{_year_in(t):04d}-{_month_in(_strip_pre(t)):02d}", _mod_of(t)


def _strip_pre(t: str) -> str:
    return re.sub(r"^\s*(?:the\s+)?(?:very\s+)?(?:early|late|end|beginning|start|middle|mid|close|turn)\b[\s-]*(?:of\s+)?", "", t, flags=re.I)


def _n_monrel(t: str, c: _Ctx):
    month = _month_in(re.sub(r"^(?:this\s+coming|this\s+past|last|next|this|that)\s+", "", _strip_pre(t), flags=re.I))
    low = t.lower()
    dm = re.search(r"\d+", t)
    if dm:
        return "DATE", _resolve_md(c.anchor, month, int(dm[0]), "next" in low or "coming" in low), _mod_of(t)
    if low.startswith("that ") and c.last_ref:
        return "DATE", f"{c.last_ref[:4]}-{month:02d}", _mod_of(t)
    if not c.anchor.ok:
        return "DATE", f"XXXX-{month:02d}", _mod_of(t)
    y = c.anchor.date.year
    if "last year" in low:
        y -= 1
    elif "next year" in low:
        y += 1
    elif low.startswith(("last", "early last", "late last")):
        y = y - 1 if month >= c.anchor.date.month else y
    elif low.startswith("next"):
        y = y + 1 if month <= c.anchor.date.month else y
    return "DATE", f"{y:04d}-{month:02d}", _mod_of(t)


def _n_monthonly(t: str, c: _Ctx):
    core = _strip_pre(t)
    word = core.strip().rstrip(".")
    if not word[:1].isupper():
        return None
    if word.lower() in ("may", "march") and core == t:
        # a modal / verb unless a preposition introduces it
        if not re.search(r"\b(?:in|since|until|till|by|of|early|late|mid|last|next|this|through|during|from|to|before|after|between|and|or)\s*$", c.before, re.I):
            return None
    month = _month_in(core)
    if not month:
        return None
    return "DATE", _resolve_md(c.anchor, month, None, c.future, c.past), _mod_of(t)


def _n_ago(t: str, c: _Ctx):
    m = re.search(rf"({R._NUMR})[\s-]+(?:more\s+)?({R._UNIT})(?:\s+or\s+so)?\s+(ago|earlier|later|before|after|from\s+now|hence|back)\s*$", t, re.I)
    if not m:
        return None
    n, _ = _range_num(m[1])
    unit = m[2].lower().rstrip("s")
    unit = "century" if unit == "centurie" else unit
    direction = -1 if m[3].lower() in ("ago", "earlier", "before", "back") else 1
    mod = _mod_of(t[: m.start(1)] + " " + (t[m.end(3):] if m.end(3) < len(t) else "")) or ("APPROX" if "or so" in t.lower() else "")
    anaphoric = m[3].lower() in ("earlier", "later", "before", "after")
    if n is not None and anaphoric and unit in ("day", "week", "hour", "minute", "second", "night"):
        # "three days later", "a few weeks earlier": TimeBank marks the stretch (a DURATION)
        return "DURATION", _dur_value(n if "." not in n else "X", unit), mod
    if n is None or n == "X" or "." in n:
        return "DATE", "PAST_REF" if direction < 0 else "FUTURE_REF", mod
    k = int(n) * direction
    base = c.anchor
    ref = c.last_ref if anaphoric else None
    if unit in ("year",) and ref and re.fullmatch(r"\d{4}-Q\d", ref):
        return "DATE", f"{int(ref[:4]) + k:04d}{ref[4:]}", mod
    if unit in ("year",) and c.last_ref and re.fullmatch(r"\d{4}-Q\d", c.last_ref) and not anaphoric:
        return "DATE", f"{base.date.year + k:04d}{c.last_ref[4:]}" if base.ok else "XXXX", mod
    if anaphoric and ref:
        b = _ref_anchor(ref)
        if b.ok:
            base = b
    if unit in ("hour", "minute", "second"):
        return "TIME", "PAST_REF" if direction < 0 else "FUTURE_REF", mod
    if unit == "quarter" and base.ok:
        v = _shift(base, "quarter", k)
    elif unit == "week" and base.ok:
        v = _shift(base, "day", 7 * k) if base.gran == "D" else None
        v = _shift(base, "week", k) if v is None else v
        v = _shift(base, "week", k)
    elif unit == "weekend":
        v = _shift(base, "weekend", k)
    else:
        v = _shift(base, unit, k)
    if v is None:
        v = _UNRESOLVED.get(unit, "PAST_REF" if direction < 0 else "FUTURE_REF")
    return "DATE", v, mod


def _ref_anchor(ref: str) -> Anchor:
    """The reference time (a TIMEX3 value: a day, a month, a year or a quarter "1998-Q3") as an
    :class:`Anchor` of that granularity; a quarter counts as its year, anything else is no anchor."""
    return parse_anchor(ref[:4] if re.fullmatch(r"\d{4}-Q\d", ref) else ref)


def _past_quarter(q: str, a: Anchor) -> bool:
    """Is the quarter ``q`` ("1989-Q3") completed before the anchor's quarter (True without anchor)?"""
    return not a.ok or int(q[:4]) * 4 + int(q[-1]) < a.date.year * 4 + R.quarter_of(a.date)


def _ctx_quarter(c: _Ctx) -> str | None:
    """The quarter a financial text is reporting on: the latest completed quarter it names with an
    ordinal ("third-quarter", "the quarter ended Sept. 30"), else the last completed quarter before
    the anchor ("1989-Q3"), else None."""
    if c.last_q:
        return c.last_q
    return _shift(c.anchor, "quarter", -1) if c.anchor.ok and c.anchor.gran != "Y" else None


def _n_yearago(t: str, c: _Ctx):
    a = c.anchor
    months = re.search(rf"({R._NUMW})[\s-]+months$", t, re.I)
    if months and _num(months[1]) not in (None, "X"):
        return "DURATION", f"P{_num(months[1])}M", ""   # "the year-earlier nine months": the stretch
    ref = c.last_ref
    if ref and re.fullmatch(r"\d{4}-Q\d", ref) and _past_quarter(ref, a):
        ref = c.last_q or ref
        return "DATE", f"{int(ref[:4]) - 1:04d}{ref[4:]}", ""
    q = re.search(r"(first|second|third|fourth)", t, re.I)
    if q and a.ok:
        return "DATE", f"{a.date.year - 1:04d}-Q{R.ORDINALS[q[1].lower()]}", ""
    cq = _ctx_quarter(c)
    if cq and re.search(r"quarter|period|corresponding|comparable", t, re.I):
        # "the year-ago quarter", "the year-earlier period": the quarter of context, a year back
        return "DATE", f"{int(cq[:4]) - 1:04d}{cq[4:]}", ""
    return "DATE", f"{a.date.year - 1:04d}" if a.ok else "XXXX", ""


def _n_quarter(t: str, c: _Ctx):
    low = " ".join(t.lower().split())
    a = c.anchor
    head = re.search(r"(quarters?|half|period)(?:\s+(?:of\s+)?(?:fiscal\s+)?(?:\d{4}|(?:this|last|next)\s+year))?$", low)
    if not head:
        return None
    kind = head[1]
    two = re.search(r"\b(first|last|final)\s+two\s+quarters", low)
    if two:      # "the first two quarters of 1990": a half year
        y2 = _year_in(t) or (a.date.year if a.ok else None)
        h = 1 if two[1] == "first" else 2
        return "DATE", f"{y2:04d}-H{h}" if y2 else f"XXXX-H{h}", ""
    ordm = re.search(r"\b(first|second|third|fourth|final|1st|2nd|3rd|4th)\b", low)
    y = _year_in(t)
    if y is None and a.ok:
        y = a.date.year
        if "last year" in low:
            y -= 1
        elif "next year" in low:
            y += 1
    if kind == "period":
        if re.search(r"year[\s-](?:earlier|ago)|corresponding|comparable", low):
            if "last year" in low and a.ok:
                cq = _ctx_quarter(c)
                return "DATE", f"{a.date.year - 1:04d}{cq[4:]}" if cq else f"{a.date.year - 1:04d}", ""
            return _n_yearago(t, c)
        if re.search(r"\d{4}", low):
            # "the 1988 period" in a report on a quarter: that quarter of 1988
            return "DATE", f"{_year_in(t):04d}{c.last_q[4:]}" if c.last_q else str(_year_in(t)), ""
        if re.search(r"latest|recent|current", low):
            kind = "quarter"
        else:
            return None
    if kind == "quarters":
        if ordm:
            return None
        if re.search(r"\b(?:recent|past|last|previous)\b", low):
            return "DURATION", "PXQ", ""     # "in recent quarters": a stretch of unspecified length
        return ("DATE", "FUTURE_REF", "") if re.search(r"coming|next", low) else None
    if kind == "half":
        if not _year_in(t) and re.match(r"\s+of\b", c.after):
            return None      # "the first half of the decade / of the '80s": not a half-year
        if not ordm and not re.search(r"\b(?:last|latter)\s+half", low):
            return None
        h = 1 if ordm and ordm[1] in ("first", "1st") else 2
        return "DATE", f"{y:04d}-H{h}" if y else f"XXXX-H{h}", ""
    if ordm:
        q = R.ORDINALS[ordm[1]]
        if y is None:
            return "DATE", f"XXXX-Q{q}", ""
        if not _year_in(t) and "year" not in low and a.ok and not c.future and q > R.quarter_of(a.date) and a.date.month <= 3:
            y -= 1
        return "DATE", f"{y:04d}-Q{q}", ""
    ended = _QUARTER_ENDED.match(c.after)
    if ended and low.endswith("quarter") and not ordm and _month_in(ended[1]) in (3, 6, 9, 12):
        # "the quarter ended Sept. 30": the calendar quarter that ends then
        v = _resolve_md(a, _month_in(ended[1]), None, False, True)
        return "DATE", f"{v[:4]}-Q{_month_in(ended[1]) // 3}", ""
    cq = _ctx_quarter(c)
    if cq and (_year_in(t) or re.search(r"\b(?:last|next)\s+year", low)):
        # "the 1988 quarter", "last year's quarter": the quarter of context in that year
        return "DATE", f"{y:04d}{cq[4:]}", ""
    if low == "that quarter" and c.last_ref and re.fullmatch(r"\d{4}-Q[1-4]", c.last_ref):
        return "DATE", c.last_ref, ""    # anaphoric: the quarter just mentioned
    if low == "a quarter":
        return None      # "in a quarter that produced such a loss": any quarter, no date
    if c.last_q and low in ("that quarter", "the quarter"):
        return "DATE", c.last_q, ""      # the quarter the text is reporting on
    if not a.ok or a.gran == "Y":
        return "DATE", "XXXX-QX", ""
    if re.search(r"\b(?:this|current)\b", low):
        return "DATE", _shift(a, "quarter", 0), ""
    if re.search(r"\bnext\b", low):
        return "DATE", _shift(a, "quarter", 1), ""
    if re.search(r"\b(?:last|previous)\b", low) or low in ("the quarter", "the latest quarter", "the recent quarter", "the most recent quarter", "the latest period", "quarter"):
        return "DATE", _shift(a, "quarter", -1), ""
    if re.search(r"\bflat\b|\ba\b", low):
        return "DATE", _shift(a, "quarter", -1), ""
    return "DATE", _shift(a, "quarter", -1), ""


def _n_century(t: str, c: _Ctx):
    m = re.search(r"(\d{1,2})(?:st|nd|rd|th)", t)
    if m:
        n = int(m[1])
    else:
        w = re.search(r"(twenty-first|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth)", t, re.I)
        order = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
                 "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
                 "eighteenth", "nineteenth", "twentieth", "twenty-first"]
        n = order.index(w[1].lower()) + 1
    return "DATE", f"{n - 1:02d}", _mod_of(t)


def _n_decade(t: str, c: _Ctx):
    m = re.search(r"(\d{4})['’]?s", t)
    if m:
        v = m[1][:3]
    else:
        m = re.search(r"['’](\d)0", t)
        v = ("19" + m[1]) if m else None
    if not v:
        return None
    return "DATE", v, _mod_of(t)


def _n_spelledyear(t: str, c: _Ctx):
    if c is not None and re.match(r"\s+(?:(?!(?:was|has|is|as|its|his|this|thus|plus|less|unless|does|yes)\b)[a-z]{2,}s|people|men|women)\b", c.after):
        return None      # "two thousand dollars", "nineteen hundred troops": a quantity, no year
    low = " ".join(t.lower().replace("-", " ").split())
    low = re.sub(r"^the year ", "", low)
    if low.startswith("nineteen"):
        rest = low[len("nineteen"):].strip()
        if rest == "hundred":
            return "DATE", "1900", ""
        n = _num(rest)
        if not n or n == "X":
            return None
        return "DATE", f"19{int(n):02d}", ""
    rest = re.sub(r"^two thousand\s*(?:and\s*)?", "", low)
    n = _num(rest) if rest else "0"
    if n is None or n == "X":
        return None
    return "DATE", f"{2000 + int(n):04d}", ""


def _n_season(t: str, c: _Ctx):
    low = t.lower()
    s = re.search(r"(spring|summer|fall|autumn|winter)", low)
    code = R.SEASONS[s[1]]
    y = _year_in(t)
    a = c.anchor
    if y is None:
        if not a.ok:
            return "DATE", f"XXXX-{code}", _mod_of(t)
        y = a.date.year
        if re.search(r"\blast\b", low):
            y -= 1
        elif re.search(r"\bnext\b", low):
            y += 1
    if s[1] == "fall" and not re.search(r"\b(?:this|last|next|the|early|late|of)\b|\d", low):
        return None
    return "DATE", f"{y:04d}-{code}", _mod_of(re.sub(r"\b(?:early|late)\s+(?=spring|summer|fall|autumn|winter)", "", low) if "the" in low else low)


def _n_deictic(t: str, c: _Ctx):
    low = " ".join(t.lower().split())
    a = c.anchor
    part = _part_in(low)
    if low == "overnight":
        # the night before the day the narrative is at ("overnight losses in New York")
        day = _day_ref(c)
        return "TIME", f"{(dt.date.fromisoformat(day) - dt.timedelta(days=1)).isoformat() if day else 'XXXX-XX-XX'}TNI", ""
    off = 0
    if "yesterday" in low or low.startswith("last "):
        off = -1
    if "tomorrow" in low:
        off = 1
    if "day before yesterday" in low:
        off = -2
    if "day after tomorrow" in low:
        off = 2
    if low.startswith("that "):
        ref = c.last_ref if c.last_ref and re.fullmatch(r"\d{4}-\d\d-\d\d", c.last_ref) else None
        v = ref or "XXXX-XX-XX"
        return "TIME", v + "T" + (part or "NI"), ""
    v = _shift(a, "day", off) if a.ok and a.gran == "D" else "XXXX-XX-XX"
    if low.startswith("last night"):
        v = _shift(a, "day", -1) if a.ok and a.gran == "D" else "XXXX-XX-XX"
    if part:
        return "TIME", f"{v}T{part}", ""
    return "DATE", v, ""


def _day_ref(c: _Ctx) -> str | None:
    """The day the narrative is at: the last full date mentioned, else the anchor day (or None)."""
    if c.last_ref and re.fullmatch(r"\d{4}-\d\d-\d\d", c.last_ref):
        return c.last_ref
    return c.anchor.date.isoformat() if c.anchor.ok and c.anchor.gran == "D" else None


def _n_partofday(t: str, c: _Ctx):
    """"(in) the morning", "mid afternoon": a part of the day the narrative is at (TIME)."""
    low = " ".join(t.lower().split())
    if low.startswith("the ") and not (c.last_ref and re.fullmatch(r"\d{4}-\d\d-\d\d", c.last_ref)):
        return None      # "in the morning" with no day in view is generic ("he runs in the morning")
    day = _day_ref(c)
    return "TIME", f"{day or 'XXXX-XX-XX'}T{_part_in(low)}", ""


def _unit_of(low: str) -> str:
    m = re.search(r"(day|week|weekend|month|quarter|year|decade|century|spring|summer|fall|autumn|winter)\b", low)
    return m[1] if m else ""


def _n_rel(t: str, c: _Ctx):
    low = " ".join(t.lower().split())
    a = c.anchor
    unit = _unit_of(low)
    mod = _mod_of(re.sub(r"\b(?:last|this|next)\b", "", low))
    if re.search(r"\blater\b", low) and not mod:
        mod = ""
    rel = re.search(r"\b(this|last|next|past|previous|coming|current|following|same|latest|recent)\b", low)[1]
    if re.search(r"['\"“‘]\s*$", c.before) and re.search(r"\s(?:Week|Year|Month|Day)\b", t):
        return None      # '"This Week" with David Brinkley': a quoted title
    if unit in R.SEASONS:
        return _n_season(t, c)
    if rel in ("following", "same"):
        ref = _ref_anchor(c.last_ref) if c.last_ref else Anchor(None, "")
        if not ref.ok:
            return "DATE", _UNRESOLVED.get(unit, "XXXX"), mod
        v = _shift(ref, unit, 1 if rel == "following" else 0)
        return "DATE", v or _UNRESOLVED.get(unit, "XXXX"), mod
    n = {"this": 0, "current": 0, "last": -1, "past": -1, "previous": -1, "latest": -1, "recent": -1, "next": 1,
         "coming": 1}[rel]
    if rel in ("past", "last") and low.startswith("the") and unit in ("decade", "century"):
        return "DURATION", "P10Y" if unit == "decade" else "P100Y", ""
    if rel in ("past", "last") and low.startswith("the") and unit in ("day", "week", "month"):
        return "DURATION", _dur_value("1", unit), ""
    if rel == "coming" and unit in ("day", "week", "month") and low.startswith("the"):
        return "DURATION", _dur_value("1", unit), ""
    if unit == "day":
        return None
    if unit == "weekend":
        if not (a.ok and a.gran == "D"):
            return "DATE", "XXXX-WXX-WE", mod
        if n == 0:
            # the weekend nearest the anchor in the sentence's tense
            d = a.date
            if c.future:
                sat = d + dt.timedelta(days=(5 - d.weekday()) % 7)
            else:
                sat = d - dt.timedelta(days=(d.weekday() - 5) % 7)
            return "DATE", R.week_value(sat) + "-WE", mod
        return "DATE", _shift(a, "weekend", n) or "XXXX-WXX-WE", mod
    v = _shift(a, unit, n) if a.ok else None
    return "DATE", v or _UNRESOLVED.get(unit, "XXXX"), mod


def _n_weekday(t: str, c: _Ctx):
    low = " ".join(t.lower().split())
    md = re.search(rf"{R._MON}\s+(?:{R._DAY}|(?:the\s+)?(?:{R._DAYW})\b)", t, re.I)
    if md:
        if re.match(r"(?:next|this\s+coming)\b", low):
            c.future = True      # "next Tuesday, Sept. 18" looks ahead
        return _n_mdy(t, c)      # "this coming Sunday, March eighth": the date decides
    wd = _weekday_in(low)
    if wd is None:
        return None
    rel = ""
    if low.startswith("last") or low.startswith("the previous"):
        rel = "last"
    elif low.startswith("next") or low.startswith("the following"):
        rel = "next"
    elif low.startswith("this"):
        rel = "this"
    anchor = c.anchor
    if low.startswith(("the previous", "the following")) and c.last_ref and re.fullmatch(r"\d{4}-\d\d-\d\d", c.last_ref):
        anchor = _ref_anchor(c.last_ref)     # anaphoric: "the previous Friday" counts from the last date mentioned
    v = _resolve_weekday(anchor, wd, c.future, rel)
    part = re.search(r"(morning|afternoon|evening|night)$", low)
    if part:
        return "TIME", f"{v}T{R.PARTS_OF_DAY[part[1]]}", ""
    return "DATE", v, ""


def _n_weekdays(t: str, c: _Ctx):
    """"Mondays", "Tuesday nights": a weekday (part) that recurs (TIMEX3 SET)."""
    low = t.lower()
    wd = _weekday_in(re.sub(r"days\b", "day", low))
    if wd is None:
        return None
    part = re.search(r"(morning|afternoon|evening|night)s$", low)
    return "SET", f"XXXX-WXX-{wd + 1}" + (f"T{R.PARTS_OF_DAY[part[1]]}" if part else ""), ""


def _n_holiday(t: str, c: _Ctx):
    nxt = re.match(r"\s*([A-Za-z]+)", c.after)
    if nxt and (nxt[1][0].isupper() or nxt[1].lower() not in _HOLIDAY_OK_NEXT):
        return None   # "the Victory Day military parade": the name modifies a noun, it is not a date
    low = " ".join(t.lower().split()).replace("’", "'")
    rel = re.match(r"(last|next|this)\s+", low)
    name = low[rel.end():] if rel else low
    name = re.sub(r"\s+\d{4}$", "", name)
    row = R.holidays().get(name) or R.holidays().get(name.replace("'", "")) or next(
        (r for k, r in R.holidays().items() if k.replace("'", "") == name.replace("'", "")), None)
    if row is None:
        return None
    y = _year_in(t)
    a = c.anchor
    if y is None:
        if not a.ok:
            if row["month"] and row["day"]:
                return "DATE", f"XXXX-{int(row['month']):02d}-{int(row['day']):02d}", ""
            return "DATE", "XXXX-XX-XX", ""
        y = a.date.year
        d = R.holiday_date(row, y)
        if rel and rel[1] == "last" or (not rel and not c.future):
            if d and d > a.date + dt.timedelta(days=31 if not rel else 0):
                d = R.holiday_date(row, y - 1)
        elif rel and rel[1] == "next" or c.future:
            if d and d < a.date - dt.timedelta(days=0 if rel else 31):
                d = R.holiday_date(row, y + 1)
    else:
        d = R.holiday_date(row, y)
    return "DATE", d.isoformat() if d else "XXXX-XX-XX", ""


def _n_set(t: str, c: _Ctx):
    low = " ".join(t.lower().split())
    simple = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y",
              "quarterly": "P3M", "nightly": "P1D", "hourly": "PT1H", "biweekly": "P2W", "semiannually": "P6M"}
    if low in simple:
        nxt = re.match(r"\s*([a-z]+)", c.after)
        if nxt and nxt[1] not in ("and", "or", "in", "on", "at", "by", "for", "to", "since", "from", "until", "basis"):
            return None   # an adjective ("quarterly dividend", "daily newspaper"), no time expression
        return "SET", simple[low], ""
    wd = _weekday_in(low)
    if wd is not None and re.search(r"day\b|\.", low):
        return "SET", f"XXXX-WXX-{wd + 1}", ""
    part = re.search(r"(morning|afternoon|evening|night)$", low)
    if part:
        return "SET", f"XXXX-XX-XXT{R.PARTS_OF_DAY[part[1]]}", ""
    mon = re.search(rf"{R._MON}$", t, re.I)
    if mon and t[mon.start()].isupper():
        return "SET", f"XXXX-{_month_in(mon[0]):02d}", ""
    m = re.search(rf"(?:every|each|a|an|per)\s+(?:other\s+)?(?:({R._NUM})\s+)?({R._UNIT})$", low)
    if not m:
        return None
    n = _num(m[1]) if m[1] else "1"
    if "other" in low:
        n = "2"
    return "SET", _dur_value(n or "1", m[2]), ""


def _n_duration(t: str, c: _Ctx):
    low = " ".join(t.lower().split())
    m = re.search(rf"({R._NUMR})[\s-]+(?:{R._DUR_ADJ}\s+)?({R._UNIT})(\s+and\s+a\s+half)?(?:\s+or\s+so|\s+or\s+(two|three))?$", low)
    if not m:
        return None
    numtxt = m[1]
    unit = m[2].rstrip("s")
    if low == "one day" and re.search(r"\b(?:will|would|could|may|might|can|shall|hopes?|hoped)\s+(?:\w+\s+)?$", c.before, re.I):
        return "DATE", "FUTURE_REF", ""  # "Islam will one day be ...": some day
    # "a year" / "per year" after an amount is a rate (SET)
    if numtxt in ("a", "an") and low == f"{numtxt} {m[2]}" and _SET_BEFORE.search(c.before):
        return "SET", _dur_value("1", unit), ""
    n, ranged = _range_num(numtxt)
    if n is None:
        return None
    if m[3] and n != "X":
        n = str(float(n) + 0.5)          # "a minute and a half"
    if m[4]:
        n, ranged = _num(m[4]), True     # "a year or two": the upper bound, approximately
    if unit == "quarter" and n != "X" and (re.match(r"\s+of\b", c.after) or "-" in low or numtxt in ("a", "an")):
        return None   # "three-quarters of", "a quarter of": fractions
    if re.match(r"[\s-]+old\b", c.after):
        return None   # an age

    mod = _mod_of(low[: m.start()]) or ("APPROX" if ranged or "or so" in low else "")
    if unit in ("second",) and numtxt in ("a", "an"):
        return None   # "a second time"
    v = _dur_value(n, unit)
    if ((c.future or re.search(r"\b(?:would|could|may|might|should)\b", c.before, re.I))
            and re.search(r"(?<!time )(?<!first )\bin\s+$", c.before, re.I) and low == m[0]
            and unit in ("day", "week", "month", "year") and c.anchor.ok):
        if ranged or not n.isdigit():
            return "DATE", "FUTURE_REF", ""   # "you may, in a year or two, ...": some time ahead
        # "would be redeemed in five years": the point that far ahead (TimeML), not the stretch
        shifted = _shift(c.anchor, unit, int(n))
        if shifted:
            return "DATE", shifted, ""
    return "DURATION", v, mod


def _n_vague(t: str, c: _Ctx):
    low = " ".join(t.lower().split())
    if re.search(r"\b(?:period|time|while)$", low):
        return "DURATION", "PXX", ""     # "a fairly lengthy period": unknown length and unit
    unit = re.search(r"(hour|week|month|quarter|year|day|decade|centur)", low)[1]
    if unit == "hour":
        return "DURATION", "PTXH", ""    # "the first hours of the war"
    code = {"week": "W", "month": "M", "quarter": "Q", "year": "Y", "day": "D", "decade": "DE", "centur": "CE"}[unit]
    # "recent weeks", "the coming months", "the years": stretches of unspecified length
    return "DURATION", f"PX{code}", ""


def _n_nearest(t: str, c: _Ctx):
    low = t.lower()
    unit = re.search(r"(month|week|year|day)", low)[1]
    if low.rstrip().endswith("s"):
        return "DATE", "FUTURE_REF", ""
    return "DURATION", _dur_value("1", unit), ""


def _n_fiscal(t: str, c: _Ctx):
    y = _year_in(t)
    if y is None:
        m = re.search(r"['’](\d\d)", t)
        y = (1900 if int(m[1]) > 30 else 2000) + int(m[1])
    return "DATE", f"{y:04d}", ""


def _n_theunit(t: str, c: _Ctx):
    low = " ".join(t.lower().split())
    a = c.anchor
    if low.endswith("weekend"):
        return _n_rel("this weekend", c)
    if low.endswith("week"):
        return "DATE", _shift(a, "week", 0) or "XXXX-WXX", ""
    if re.match(r"\s+(?:ended|ending|that\s+ended|which\s+ended|to\s+date)\b", c.after) or re.search(
            r"\b(?:throughout|during|over)\s+$", c.before):
        return "DURATION", "P1Y", ""     # "the year ended Sept. 30": a twelve-month period
    return "DATE", _shift(a, "year", 0) or "XXXX", ""


_FUZZY = {"now": "PRESENT_REF", "currently": "PRESENT_REF", "current": "PRESENT_REF", "at present": "PRESENT_REF",
          "nowadays": "PRESENT_REF", "these days": "PRESENT_REF", "the present": "PRESENT_REF",
          "the moment": "PRESENT_REF", "the time being": "PRESENT_REF",
          "recently": "PAST_REF", "recent": "PAST_REF", "lately": "PAST_REF", "the past": "PAST_REF",
          "formerly": "PAST_REF",
          "the future": "FUTURE_REF", "future": "FUTURE_REF", "soon": "FUTURE_REF",
          "the short term": "FUTURE_REF", "the long term": "FUTURE_REF", "the near term": "FUTURE_REF",
          "the medium term": "FUTURE_REF"}


def _n_fuzzy(t: str, c: _Ctx):
    low = " ".join(t.lower().split())
    low = re.sub(r"^right\s+", "", low)
    if low == "the future" and re.match(r"\s+of\b", c.after):
        return None      # "the future of our peoples": a fate, not a time
    if low.startswith("the ") and low.endswith(" future"):
        return "DATE", "FUTURE_REF", ""
    if low in ("then", "earlier", "later", "once again", "previously"):
        return None
    if low == "the moment" and not re.search(r"\b(?:at|for)\s*$", c.before, re.I):
        return None
    if low == "future" and not re.search(r"\b(?:in|near|distant|foreseeable)\s*$", c.before, re.I):
        return None
    if low == "current":
        nxt = re.match(r"\s*([a-z]+)", c.after)
        # "the current quarter/year" is handled elsewhere; "current account", "current events" are no time
        if not nxt or nxt[1] in ("account", "accounts", "affairs", "events", "flow", "flows", "form", "law",
                                 "assets", "liabilities", "ratio", "and", "or"):
            return None
    if low == "current" and re.search(r"\bthen[\s-]+$", c.before, re.I):
        return "DATE", "PAST_REF", ""    # "the then current price": current at a past time
    if low == "recent" and not re.match(r"\s*[a-z]", c.after):
        return None
    if low == "soon" and (re.search(r"\bas\s+$", c.before, re.I) or re.match(r"\s+(?:after|before|thereafter|afterwards?)\b", c.after, re.I)):
        return None      # "as soon as X", "soon after X": a temporal connective (a TimeML SIGNAL), no TIMEX
    if low == "as soon as possible":
        return "DATE", "FUTURE_REF", ""
    if low == "the time":
        if re.fullmatch(r"[\s\"'`“‘(]*at\s+", c.before, re.I) and not c.after.startswith(","):
            return None  # "At the time Howes was captured, ...": a subordinator (a TimeML SIGNAL)
        return "DATE", "PAST_REF", ""    # "saying at the time he was ...": then, in the past
    if low in ("a later date", "a future date"):
        return "DATE", "FUTURE_REF", ""
    if low.startswith("this ") and low.endswith(" moment"):
        return "DATE", "PRESENT_REF", ""  # "at this crucial moment"
    if low in ("a while", "some time"):
        return "DURATION", "PXX", ""     # "for a while": a stretch of unknown length and unit
    return "DATE", _FUZZY.get(low, "PRESENT_REF"), ""


def _n_dayof(t: str, c: _Ctx):
    """"today is / it's the eighth day (of the strike)": the day the text is written."""
    if re.search(r"\b(?:today|it|this)(?:\s+is|['’]s)\s+$", c.before, re.I) and c.anchor.ok and c.anchor.gran == "D":
        return "DATE", c.anchor.date.isoformat(), ""
    return None


def _n_anaph(t: str, c: _Ctx):
    low = " ".join(t.lower().split())
    if low.endswith("year"):
        return ("DATE", c.last_ref[:4], "") if c.last_ref else ("DATE", "XXXX", "")
    ref = c.last_ref if c.last_ref and re.fullmatch(r"\d{4}-\d\d-\d\d", c.last_ref) else None
    off = 0
    if re.search(r"next|following|after", low):
        off = 1
    elif re.search(r"previous|preceding|before", low):
        off = -1
    if ref:
        v = (dt.date.fromisoformat(ref) + dt.timedelta(days=off)).isoformat()
    elif re.fullmatch(r"(?:that|the)\s+(?:day|night)", low):
        return None      # "trades made that day" with no day in view: generic, nothing to anchor
    else:
        v = "XXXX-XX-XX"
    part = _part_in(low)
    if part:
        return "TIME", f"{v}T{part}", ""
    return "DATE", v, ""


def _n_year(t: str, c: _Ctx):
    low = t.lower()
    y = _year_in(t)
    mod = _mod_of(re.sub(r"\d{4}.*$", "", low))
    if re.search(r"or\s+later$", low):
        mod = "EQUAL_OR_MORE"
    elif re.search(r"or\s+(?:earlier|before)$", low):
        mod = "EQUAL_OR_LESS"
    s = re.search(r"\b(spring|summer|fall|autumn|winter)\b", low)
    if s:
        return "DATE", f"{y:04d}-{R.SEASONS[s[1]]}", mod
    # a bare number in a numeric context is no year: "1,500", "$1990", "1990 votes"
    nxt = re.match(r"\s*([a-z%]+)", c.after, re.I)
    if low.strip() == str(y) and nxt and nxt[1].lower() in ("votes", "people", "troops", "shares", "cars", "units",
                                                              "employees", "workers", "points", "feet", "meters",
                                                              "miles", "tons", "percent", "%", "pounds", "dollars",
                                                              "yen", "marks"):
        return None
    if re.search(r"(?:no\.|number|#|room|flight|route|page|p\.|chapter|section)\s*$", c.before, re.I):
        return None
    return "DATE", f"{y:04d}", mod


def _n_timeofday(t: str, c: _Ctx):
    low = " ".join(t.lower().split())
    a = c.anchor
    m = re.search(r"(\d{1,2})(?::(\d\d))?\s*(a\.?m\.?|p\.?m\.?)?", low)
    if "noon" in low and not (m and m[3]):
        hh, mm = 12, 0
    elif "midnight" in low and not (m and m[3]):
        hh, mm = 0, 0
    elif m:
        hh, mm = int(m[1]), int(m[2] or 0)
        if m[3] and m[3].startswith("p") and hh < 12:
            hh += 12
        if m[3] and m[3].startswith("a") and hh == 12:
            hh = 0
        if hh > 23 or mm > 59:
            return None
    else:
        return None
    # the day: an explicit one after the time, else the anchor
    rest = low[m.end():] if m else low
    day = None
    if re.search(rf"{R._MON}\s+{R._DAY}", t[m.end():] if m else t, re.I):
        r = _n_mdy(re.search(rf"{R._MON}\s+{R._DAY}", t[m.end():] if m else t, re.I)[0], c)
        day = r[1] if r else None
    elif _weekday_in(rest) is not None:
        day = _resolve_weekday(a, _weekday_in(rest), c.future)
    elif "yesterday" in rest:
        day = _shift(a, "day", -1)
    elif "tomorrow" in rest:
        day = _shift(a, "day", 1)
    elif a.ok and a.gran == "D":
        day = a.date.isoformat()
    day = day or "XXXX-XX-XX"
    mod = "APPROX" if re.match(r"(?:about|around|approximately)\b", low) else (
        "BEFORE" if "before" in low[:20] else "AFTER" if "after" in low[:20] else "")
    return "TIME", f"{day}T{hh:02d}:{mm:02d}", mod


def _n_yearend(t: str, c: _Ctx):
    low = " ".join(t.lower().split())
    a = c.anchor
    unit = _unit_of(low)
    if "that" in low and c.last_ref:
        ref = _ref_anchor(c.last_ref)
        v = _shift(ref, unit, 0) if ref.ok else None
    else:
        v = _shift(a, unit, 0) if a.ok else None
    if v and unit == "year" and re.search(r"\bsince\s+$", c.before, re.I) and v == str(a.date.year if a.ok else ""):
        v = str(int(v) - 1)              # "since year-end": the last one passed
    if "end" in low and unit == "year" and not re.search(r"\bof\b", low):
        return "DATE", f"{v}-12-31" if v else "XXXX-12-31", ""
    return "DATE", v or _UNRESOLVED.get(unit, "XXXX"), _mod_of(low)


def _n_decadeword(t: str, c: _Ctx):
    low = t.lower()
    words = ["twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties"]
    w = next(x for x in words if x in low)
    return "DATE", f"19{words.index(w) + 2}", _mod_of(re.sub(r"^the\s+", "", low))


NORMALISERS = {"yearend": _n_yearend, "partofday": _n_partofday, "decadeword": _n_decadeword,
    "iso": _n_iso, "slash": _n_slash, "timeofday": _n_timeofday, "mdy": _n_mdy, "monyear": _n_monyear,
    "monrel": _n_monrel, "ago": _n_ago, "yearago": _n_yearago, "quarter": _n_quarter, "century": _n_century,
    "decade": _n_decade, "spelledyear": _n_spelledyear, "season": _n_season, "deictic": _n_deictic,
    "rel": _n_rel, "weekday": _n_weekday, "weekdays": _n_weekdays, "holiday": _n_holiday, "set": _n_set, "duration": _n_duration,
    "vague": _n_vague, "nearest": _n_nearest, "fiscal": _n_fiscal, "theunit": _n_theunit, "fuzzy": _n_fuzzy,
    "anaph": _n_anaph, "dayof": _n_dayof, "year": _n_year, "monthonly": _n_monthonly,
}
_TENSED = {"mdy", "monthonly", "monrel", "weekday", "holiday", "rel", "timeofday", "season", "theunit", "duration"}
_CAPITAL_NEEDED = {"mdy", "monyear", "monrel", "monthonly", "weekday", "weekdays", "holiday"}
_WORDY_MONTH = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)[a-z]*\b", re.I)


# ----------------------------------------------------------------------------- API

_DET = re.compile(r"(?:a|an|its|their|his|her|that|the)\s+", re.I)


def _trim_extent(text: str, s: int, e: int, kind: str) -> tuple[int, int]:
    """TimeML extents: a determiner is left out before an adjectival expression ("a third-quarter
    loss", "the year-ago level") and before a month-day date ("the Feb. 23 meeting"); "its",
    "their" ... are always left out; trailing spaces are dropped."""
    while e > s and text[e - 1].isspace():
        e -= 1
    m = _DET.match(text, s, e)
    if m:
        det = m.group().split()[0].lower()
        rest = text[m.end():e]
        if det in ("its", "their", "his", "her") or (
                kind in ("quarter", "yearago", "duration") and ("-" in rest.split()[-1] if rest.split() else False)) or (
                kind == "mdy" and det == "the" and not re.match(r"\d", rest)):
            s = m.end()
        elif kind == "quarter" and det in ("a", "an", "that") and "-" in rest:
            s = m.end()
    return s, e


def find_timexes(text: str, spans: list[tuple[int, int, str]] | None = None,
                 published: str | None = None, *, anchor: Anchor | None = None) -> list[dict]:
    """Find and normalise the temporal expressions of ``text``.

    In:  ``text``; ``spans`` = (start, end, block_id) regions to scan (sentences or blocks; the
         whole text as one region when None); ``published`` "YYYY-MM-DD[Thh:mm]" / "YYYY-MM" / None.
    Out: dicts with ``block_id, text, start, end, type, value, date_start, date_end, mod, anchor``
         in text order (no ``mention_id``; the component numbers them).
    """
    if spans is None:
        spans = [(0, len(text), "")]
    a = anchor if anchor is not None else parse_anchor(published)
    how = "published" if anchor is None and a.ok else ""
    ctx = _Ctx(a)
    gram = R.grammar()
    out: list[dict] = []
    for s0, e0, bid in spans:
        sent = text[s0:e0]
        for m in gram.finditer(text, s0, e0):
            kind = m.lastgroup
            s, e = m.start(), m.end()
            t = text[s:e]
            if kind in _CAPITAL_NEEDED:
                w = _WORDY_MONTH.search(t)
                if w and not w[0][0].isupper():
                    continue
            ctx.before = text[max(s0, s - 40):s]
            ctx.after = text[e:min(e0, e + 40)]
            if kind in _TENSED:
                tense = _tense(text, s, e, s0, e0)
                ctx.future, ctx.past = tense == "future", tense == "past"
            try:
                res = NORMALISERS[kind](t, ctx)
            except (ValueError, KeyError, IndexError, TypeError, AttributeError):
                res = None
            if res is None:
                continue
            typ, value, mod = res
            if not value:
                continue
            s, e = _trim_extent(text, s, e, kind)
            ds, de = interval(value) if typ in ("DATE", "TIME") else ("", "")
            relative = not re.search(r"\d{4}", t) and typ in ("DATE", "TIME") and not value.endswith("_REF")
            out.append({"block_id": bid, "text": text[s:e], "start": s, "end": e, "type": typ, "value": value,
                        "date_start": ds, "date_end": de, "mod": mod,
                        "anchor": how if relative and "X" not in value[:4] else ""})
            _update_refs(ctx, kind, t, typ, value, text[max(s0, s - 30):s])
            if typ == "DATE" and re.fullmatch(r"\d{4}-Q[1-4]", value) and kind == "quarter" \
                    and (_ORD_QUARTER.search(t) or _QUARTER_ENDED.match(ctx.after)) and _past_quarter(value, a) \
                    and (ctx.last_q is None or value > ctx.last_q):
                ctx.last_q = value
    return out


def _update_refs(ctx: _Ctx, kind: str, t: str, typ: str, value: str, before: str) -> None:
    """Move the reference time (``ctx.last_ref``) after an expression: to a date or time mentioned
    explicitly, not to anaphoric ones ("a year earlier") nor to the end date of a period
    ("the quarter ended Sept. 30" keeps the quarter); a stretch of months of the reported year
    ("for the nine months") makes later "a year earlier" a year, not a quarter."""
    if typ in ("DATE", "TIME") and re.match(r"\d{4}", value) and kind not in ("ago", "yearago", "anaph", "partofday") \
            and t.lower() != "overnight" and not _PERIOD_ENDED.search(before):
        ctx.last_ref = value[:10] if re.match(r"\d{4}-\d\d-\d\d", value) else value
    elif typ == "DURATION" and kind == "duration" and re.fullmatch(r"P\d+M", value) and t.lower().startswith("the ") \
            and ctx.anchor.ok:
        ctx.last_ref = str(ctx.anchor.date.year)


def _tense(text: str, s: int, e: int, s0: int, e0: int) -> str:
    """The tense context ("past", "future" or "") of the expression ``text[s:e]`` in the sentence
    ``text[s0:e0]``. The word right before it decides first ("said Friday", "since March" -> past;
    "effective Feb. 1", "set to resume Monday" -> future), then a future cue near it (will, plans to)."""
    left = text[max(s0, s - 40):s]
    if _PAST_LEFT.search(left):
        return "past"
    if _FUTURE_LEFT.search(left):
        return "future"
    return "future" if _FUTURE.search(text, max(s0, s - 70), min(e0, e + 30)) else ""


def infer_anchor(text: str) -> tuple[dt.date | None, str]:
    """Guess the document time from the text when no publication date is known.

    In:  the article text. Out: (date, how): the latest explicit full date ("latest-full-date"),
    else the latest explicit month of a year ("latest-month-year", day 15), else the latest
    explicit year ("latest-year", July 1), else (None, "none").
    """
    found = find_timexes(text, None, None)
    full, months, years = [], [], []
    for r in found:
        v = r["value"]
        if re.fullmatch(r"\d{4}-\d\d-\d\d", v):
            full.append(v)
        elif re.fullmatch(r"\d{4}-\d\d", v):
            months.append(v)
        elif re.fullmatch(r"\d{4}", v) and r["type"] == "DATE":
            years.append(v)
    if full:
        return dt.date.fromisoformat(max(full)), "latest-full-date"
    if months:
        y, m = max(months).split("-")
        return dt.date(int(y), int(m), 15), "latest-month-year"
    if years:
        return dt.date(int(max(years)), 7, 1), "latest-year"
    return None, "none"


def extract_dates(text: str, spans: list[tuple[int, int, str]], published: str | None) -> list[dict]:
    """Rows of the dates table: published date as anchor, else an inferred one (anchor column
    "inferred:<how>"), else unresolved relative values. Ids d001, d002, ... in text order."""
    if published:
        rows = find_timexes(text, spans, published)
    else:
        content = "\n".join(text[s:e] for s, e, _ in spans)
        d, how = infer_anchor(content)
        if d is None:
            rows = find_timexes(text, spans, None)
        else:
            gran = {"latest-full-date": "D", "latest-month-year": "M", "latest-year": "Y"}[how]
            rows = find_timexes(text, spans, None, anchor=Anchor(d, gran))
            for r in rows:
                if r["anchor"] == "" and _is_relative(r):
                    r["anchor"] = f"inferred:{how}"
    rows.sort(key=lambda r: (r["start"], r["end"]))
    for i, r in enumerate(rows, 1):
        r["mention_id"] = f"d{i:03d}"
    return rows


def _is_relative(r: dict) -> bool:
    return (r["type"] in ("DATE", "TIME") and not re.search(r"\d{4}", r["text"])
            and re.match(r"\d{4}", r["value"]) is not None)


@component("dates", produces=("dates",), requires=("blocks",))
def dates_component(doc: Doc) -> None:
    """Every temporal expression of the content sentences -> ``doc.rows["dates"]``."""
    spans = [(s.start, s.end, s.block_id) for s in doc.sentences]
    doc.rows["dates"] = extract_dates(doc.text, spans, doc.article.published)

"""TIMEX3 grammar and normalisation rules for the dates extractor.

In:  a text, regions to scan, and an anchor (the document creation time, or an inferred one).
Out: candidate temporal expressions ``(start, end, type, value, mod)`` following the TimeML
     TIMEX3 guidelines (Pustejovsky et al. 2003; TimeML annotation guidelines 1.2.1).

One compiled alternation finds candidates (each alternative is a named group, most specific
first); a small normaliser per alternative turns the matched words into a TIMEX3 value. The
lexicons (holidays, number words) live in ``explorer/lexicons/timex_*.csv``.
"""
from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

# ----------------------------------------------------------------------------- lexicons

MONTHS = {m: i + 1 for i, m in enumerate(
    "january february march april may june july august september october november december".split())}
for _k, _v in list(MONTHS.items()):
    MONTHS[_k[:3]] = _v
MONTHS["sept"] = 9
WEEKDAYS = {d: i for i, d in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())}
for _k, _v in list(WEEKDAYS.items()):
    WEEKDAYS[_k[:3]] = _v
WEEKDAYS.update({"tues": 1, "thur": 3, "thurs": 3})
UNIT_CODE = {"second": "S", "minute": "M", "hour": "H", "day": "D", "night": "D", "week": "W",
             "weekend": "WE", "fortnight": "W", "month": "M", "quarter": "Q", "year": "Y",
             "decade": "DE", "century": "CE", "centurie": "CE"}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
            "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "final": 4, "last": 4,
            "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI"}


@lru_cache(maxsize=1)
def number_words() -> dict[str, str]:
    """word -> value ("2", "0.5" or "X") from ``lexicons/timex_numbers.csv``."""
    with resources.files("explorer.lexicons").joinpath("timex_numbers.csv").open(encoding="utf-8") as f:
        return {r["word"].lower(): r["value"] for r in csv.DictReader(f)}


@lru_cache(maxsize=1)
def holidays() -> dict[str, dict]:
    """Holiday name (lower case) -> its row of ``lexicons/timex_holidays.csv``."""
    with resources.files("explorer.lexicons").joinpath("timex_holidays.csv").open(encoding="utf-8") as f:
        return {r["name"].lower(): r for r in csv.DictReader(f) if "(" not in r["name"]}


# ----------------------------------------------------------------------------- grammar

_MON = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
        r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)(?=\s+\d))")
_WD = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\.)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\d]|:\d)"
_DAYW = (r"(?:(?:twenty|thirty)[\s-])?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)"
         r"|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth")
_YEAR = r"(?<![\d$£€.,])(?:1[6-9]\d\d|20\d\d)(?![\d%]|,\d|\.\d)"
_SMALL = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_NUMW = (rf"(?:{_TENS}(?:[\s-]{_SMALL})?|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen"
         rf"|eighteen|nineteen|{_SMALL}|a\s+hundred|hundred|a\s+dozen|dozen|a\s+half)(?:\s+thousand)?")
_NUM = (rf"(?:\d+(?:\s+1/2|½)|\d+(?:\.\d+)?|{_NUMW}(?:\s+and\s+a\s+half)?|a\s+few|a\s+couple(?:\s+of)?|couple\s+of|several|few|many"
        r"|a\s+number\s+of|dozens\s+of|hundreds\s+of|an?)")
_NUMR = rf"{_NUM}(?:\s*(?:-|to|or|and)\s*{_NUM})?"
_UNIT = r"(?:second|minute|hour|day|night|week|weekend|fortnight|month|quarter|year|decade|centur(?:y|ie))s?"
_DUR_ADJ = r"(?:more|full|straight|consecutive|long|trading|business|working|calendar|additional|extra|further)"
_UNITD = r"(?:day|week|weekend|month|quarter|year|decade|century)"   # calendar units for last/this/next
_APPROX = (r"(?:(?:about|around|approximately|roughly|nearly|almost|some|more\s+than|less\s+than|fewer\s+than"
           r"|at\s+least|at\s+most|up\s+to|no\s+more\s+than|no\s+less\s+than|the\s+better\s+part\s+of)\s+)?")
_PRE = (r"(?:(?:(?:the\s+)?(?:very\s+)?(?:early|late|end|beginning|start|middle|close|turn|first\s+half|second\s+half)(?:\s+of)?"
        r"|mid|early|late)[\s-]+)?")
_PART = r"(?:morning|afternoon|evening|night)"
_SEASON = r"(?:spring|summer|fall|autumn|winter)"
_SPELLED = (rf"(?:nineteen[\s-](?:{_TENS}(?:[\s-]{_SMALL})?|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|hundred)"
            rf"|two\s+thousand(?:\s+(?:and\s+)?(?:{_SMALL}|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty(?:[\s-]{_SMALL})?))?)(?![\w-])")
_YEARX = rf"(?:{_YEAR}|{_SPELLED})"
_TZ = r"(?:\s+(?:[ECMP][SD]T|GMT|UTC|BST|CET|local\s+time)\b)?"
_ORD = r"(?:first|second|third|fourth|final|1st|2nd|3rd|4th)"
_CENT_ORD = (r"(?:\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth"
             r"|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth"
             r"|twentieth|twenty-first)")


def _holiday_alt() -> str:
    names = sorted(holidays(), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(n).replace(r"\ ", r"\s+").replace("'", "['’]?") for n in names) + ")"


def _build() -> re.Pattern:
    alts = [
        ("iso", r"(?<![\d-])\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?:T\d\d:\d\d(?::\d\d)?)?(?![\d-])"),
        ("slash", r"(?<![\d/])(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])/(?:\d{4}|\d\d)(?![\d/])"),
        ("timeofday", rf"(?:(?:about|around|approximately|shortly\s+(?:before|after)|just\s+(?:before|after))\s+)?"
                      rf"(?:\d{{1,2}}(?::\d\d)?\s*(?:a\.m\.|p\.m\.|am\b|pm\b|a\.m\b|p\.m\b)|\d{{1,2}}:\d\d(?=\s+(?:[ECMP][SD]T|GMT|UTC)\b)|noon|midnight)"
                      rf"{_TZ}(?:,?\s+(?:on\s+)?(?:{_WD}(?:,?\s+{_MON}\s+{_DAY})?|{_MON}\s+{_DAY}|yesterday|today|tomorrow))?"),
        ("mdy", rf"{_PRE}(?:{_WD},?\s+)?(?:the\s+)?(?:{_MON}\s+(?:{_DAY}|(?:the\s+)?(?:{_DAYW})\b)|{_DAY}\s+(?:of\s+)?{_MON})(?:,?\s+{_YEARX})?"
                rf"(?:\s+{_PART})?"),
        ("monyear", rf"{_PRE}{_MON},?\s+(?:of\s+)?{_YEARX}"),
        ("monrel", rf"{_PRE}(?:(?:last|next|this|that|this\s+coming|this\s+past)\s+{_MON}(?:\s+{_DAY})?|{_MON}\s+(?:of\s+)?(?:last|this|next)\s+year)"),
        ("ago", rf"{_APPROX}{_NUMR}[\s-]+(?:more\s+)?{_UNIT}(?:\s+or\s+so)?\s+(?:ago|earlier|later|before|after|from\s+now|hence|back)(?![\s-]+(?:the|a|an|his|her|their|its|he|she|they|it|we|I)\b)"
                rf"(?!(?<=before)[\s-]+\w)(?!(?<=after)[\s-]+\w)"),
        ("yearago", rf"(?:the\s+)?year[\s-](?:earlier|ago)\s+(?:first\s+)?{_NUMW}[\s-]+months"
                    r"|the\s+(?:same\s+)?(?:quarter|period)\s+(?:a|one)\s+year\s+(?:earlier|ago)|(?:the\s+)?(?:comparable\s+|same\s+)?year[\s-](?:earlier|ago)(?:\s+(?:third|second|first|fourth|fiscal)(?:[\s-]quarter)?)?(?:\s+(?:quarter|period|level|months?))?"),
        ("quarter", rf"(?:(?:the|this|last|next|that|its|a)\s+)?(?:(?:this|last|next)\s+year['’]s\s+)?"
                    rf"(?:(?:fiscal|calendar|comparable|same|latest|current|previous|flat|recent|most\s+recent|corresponding|fiscal-)[\s-]*)*"
                    rf"(?:{_YEAR}\s+)?(?:{_ORD}(?:[\s-]+|\s+fiscal\s+)(?:quarters?|half)|(?:first|last|final)\s+two\s+quarters|(?:last|latter)\s+half|quarters?|period|half)"
                    rf"(?:\s+(?:of\s+)?(?:fiscal\s+)?{_YEAR}|\s+(?:of\s+)?(?:this|last|next)\s+year)?"),
        ("century", rf"(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?{_CENT_ORD}[\s-]+century"),
        ("decade", rf"(?:the\s+)?{_PRE}(?:1[6-9]\d0|20\d0|['’]\d0)['’]?s\b"),
        ("yearend", r"(?:the\s+)?(?:calendar\s+|fiscal\s+)?year[\s-]end|(?:the\s+)?year['’]s\s+end|the\s+(?:end|beginning|start|middle|close|turn)\s+of\s+(?:the|this|that)\s+(?:year|month|week|quarter|decade|century)"),
        ("decadeword", r"the\s+(?:(?:early|mid|late)[\s-]+)?(?:twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)"),
        ("spelledyear", rf"(?:the\s+year\s+)?{_SPELLED}"),
        ("season", rf"{_PRE}(?:(?:this\s+past|this\s+coming|this|last|next|that|the|early|late|mid)[\s-]+)(?:early\s+|late\s+)?{_SEASON}(?:\s+(?:of\s+)?{_YEARX})?|{_PRE}{_SEASON}\s+(?:of\s+)?{_YEARX}"),
        ("deictic", rf"(?:(?:early|late|later|earlier)\s+)?(?:the\s+day\s+(?:before|after)\s+)?(?:yesterday|today|tomorrow|tonight)(?:\s+{_PART})?"
                    rf"|(?:this|last|that|tomorrow|yesterday)\s+{_PART}|(?:(?:early|late|mid)[\s-]?)?{_PART}\s+(?:yesterday|today|tomorrow)|overnight(?=[\s,.;])"),
        ("partofday", r"(?:(?<=\bin\s)|(?<=\bduring\s)|(?<=\bby\s))the\s+(?:morning|afternoon|evening)\b"
                      r"|(?:early|late|mid)[\s-]?(?:morning|afternoon|evening)\b"),
        ("rel", rf"{_PRE}(?:(?:early|late|earlier|later)\s+)?(?:the\s+)?(?:this|last|next|past|previous|coming|current|following|same|latest|most\s+recent)\s+(?:(?:fiscal|financial|calendar)\s+(?=year))?(?:{_UNITD}|{_SEASON})\b"),
        ("weekdays", rf"{_WD}\s+{_PART}s\b|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)days\b"),
        ("weekday", rf"(?:(?:last|next|this|the\s+previous|the\s+following|that|this\s+coming|this\s+past|early|late|earlier|later)\s+)?{_WD}(?:\s+{_PART}|,?\s+{_MON}\s+(?:{_DAY}|(?:the\s+)?(?:{_DAYW})\b)(?:,?\s+{_YEARX})?)?"),
        ("holiday", rf"(?:(?:last|next|this)\s+)?{_holiday_alt()}(?:\s+{_YEAR})?"),
        ("set", rf"(?:(?:once|twice|{_NUM}\s+times)\s+(?:a|an|per|every|each)\s+{_UNIT}|(?:every|each)\s+(?:other\s+)?(?:{_NUM}\s+)?(?:{_UNIT}|{_WD}|{_PART}|{_MON})"
                rf"|daily|weekly|monthly|annually|yearly|quarterly|nightly|hourly|biweekly|semiannually)"),
        ("duration", rf"{_APPROX}(?:the\s+(?:(?:past|last|next|first|previous|coming|following|final|latest|remaining|preceding|initial|full)\s+)?(?=\d|{_NUMW}|a\s+few|few|several|many|some|couple))?"
                     rf"{_NUMR}[\s-]+(?:{_DUR_ADJ}\s+)?{_UNIT}(?:\s+and\s+a\s+half)?(?:\s+or\s+so|\s+or\s+(?:two|three)\b)?"),
        ("vague", rf"the\s+(?:first|last|final|early|opening|closing)\s+(?:hours|days|weeks|months|years)(?=\s+of\b)"
                  rf"|an?\s+(?:(?:fairly|very|relatively|rather)\s+)?(?:long|lengthy|short|brief|extended)\s+(?:period|time|while)(?:\s+of\s+time)?"
                  rf"|(?:the\s+)?(?:recent|coming|past|last|next|previous|following)\s+(?:weeks|months|years|days|decades|quarters)(?:\s+(?:and|or)\s+(?:weeks|months|years|days|decades))?(?:\s+ahead)?"
                  rf"|the\s+(?:weeks|months|years|days|quarters)\s+ahead|the\s+years|(?:weeks|months|years|decades|centuries)(?:\s+(?:and|or)\s+(?:weeks|months|years))?(?=\s+(?:of|ago|later|earlier|before|after|to\s+come)\b|[.,;])"),
        ("nearest", r"the\s+(?:nearest|coming|next)\s+(?:month|week|year|day)s?"),
        ("fiscal", rf"(?:(?:the|its)\s+)?(?:fiscal|financial|calendar|model)\s+(?:year\s+)?{_YEAR}|(?:the\s+)?fiscal\s+['’]\d\d"),
        ("theunit", r"the\s+(?:full\s+|fiscal\s+|calendar\s+|entire\s+|whole\s+)?(?:year|week|weekend)\b"),
        ("fuzzy", r"as\s+soon\s+as\s+possible|(?<=\bat\s)this\s+(?:[a-z]+\s+)?moment\b|(?<=\bat\s)the\s+time\b(?!\s+(?:of|when|that|for|to)\b)|a\s+(?:later|future)\s+date|(?<=\bfor\s)(?:a\s+while|some\s+time)\b|(?:right\s+)?now|the\s+(?:near|distant|foreseeable|immediate)\s+future|currently|current|recently|recent|lately|nowadays|at\s+present|these\s+days|the\s+present|the\s+past|the\s+future|future|soon|previously|formerly|the\s+time\s+being|once\s+again(?!x)|the\s+moment|the\s+short\s+term|the\s+long\s+term|the\s+near\s+term|the\s+medium\s+term|then|earlier|later"),
        ("dayof", rf"(?<=\bis\s)the\s+(?:{_DAYW})\s+(?:straight\s+|consecutive\s+)?day\b|(?<=['’]s\s)the\s+(?:{_DAYW})\s+(?:straight\s+|consecutive\s+)?day\b"),
        ("anaph", rf"(?:that|the\s+same)\s+year|the\s+(?:next|following|previous|same|preceding)\s+(?:day|night|{_PART})|(?:that|the)\s+(?:day|night)|the\s+day\s+before"),
        ("year", rf"{_PRE}(?:(?:the\s+)?(?:year|spring|summer|fall|autumn|winter)\s+(?:of\s+)?)?{_YEAR}(?:\s+or\s+(?:later|earlier|before))?"),
        ("monthonly", rf"{_PRE}{_MON}"),
    ]
    body = "|".join(f"(?P<{n}>{p})" for n, p in alts)
    return re.compile(rf"(?<![\w'’-]){_gate()}(?:{body})(?![\w]|-\w)", re.I)


# A cheap gate in front of the alternation (speed): a candidate starts with a digit, an apostrophe, a
# content word, or a function word followed within four tokens by a content word or a digit.
_FUNCTION_WORDS = """the a an this that its at about around approximately roughly nearly almost some more less fewer
up within early late mid end beginning start middle close turn very first second third fourth final most number one
two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen
twenty thirty forty fifty sixty seventy eighty ninety hundred dozen few several many couple dozens hundreds half full
entire whole last next coming following same previous latest comparable flat corresponding preceding nearest each
every once twice calendar fiscal financial model shortly 1st 2nd 3rd 4th recent past this earlier later right
sometime no as"""
_CONTENT_WORDS = """yesterday today tomorrow tonight overnight daily weekly monthly annually yearly quarterly nightly hourly
biweekly semiannually now currently current recently recent lately nowadays these past future soon previously formerly
present moment term time being year years day days week weeks weekend weekends month months quarter quarters decade
decades century centuries centurie hour hours minute minutes second seconds night nights fortnight period half
morning afternoon evening spring summer fall autumn winter noon midnight nineteen thousand twenties thirties forties
fifties sixties seventies eighties nineties eve while date"""


def _trie_regex(words) -> str:
    """A regex alternation of ``words`` factored as a trie (fast first-character branching)."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node) -> str:
        alts, opt = [], False
        for ch, sub in sorted(node.items()):
            if ch == "":
                opt = True
            else:
                alts.append(re.escape(ch) + emit(sub))
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 and not opt else "(?:" + "|".join(alts) + ")"
        return body + ("?" if opt else "")
    return emit(trie)


def _gate() -> str:
    content = set(_CONTENT_WORDS.split()) | set(MONTHS) | set(WEEKDAYS) | {"tues", "wednes", "thurs", "satur"} \
        | {d + "s" for d in WEEKDAYS if d.endswith("day")}
    func = set(_FUNCTION_WORDS.split())
    for h in holidays():
        words = h.replace("'", "").split()
        (content if len(words) == 1 else func).add(words[0].lower())
        content.add(words[-1].lower())
    c, f = _trie_regex(content), _trie_regex(func - content)
    return (rf"(?=\d|['’]|{c}\b|{f}\b(?:[\s-]+[\w.'’]+){{0,3}}?[\s-]+(?:{c}\b|\d|['’]\d))")


@lru_cache(maxsize=1)
def grammar() -> re.Pattern:
    """The one compiled candidate alternation (built once)."""
    return _build()


# ----------------------------------------------------------------------------- anchors and values

@dataclass(frozen=True)
class Anchor:
    """A reference date and how precise it is: granularity 'D' (day), 'M' (month) or 'Y' (year)."""
    date: dt.date | None
    gran: str = "D"

    @property
    def ok(self) -> bool:
        return self.date is not None


def parse_anchor(published: str | None) -> Anchor:
    """"YYYY-MM-DD[Thh:mm]", "YYYY-MM", "YYYY" or "YYYYMMDD" -> :class:`Anchor` (None date if absent)."""
    if not published:
        return Anchor(None, "")
    s = str(published).strip()
    m = re.match(r"(\d{4})-?(\d{2})-?(\d{2})", s)
    if m:
        return Anchor(dt.date(int(m[1]), int(m[2]), int(m[3])), "D")
    m = re.match(r"(\d{4})-(\d{2})$", s)
    if m:
        return Anchor(dt.date(int(m[1]), int(m[2]), 15), "M")
    m = re.match(r"(\d{4})$", s)
    if m:
        return Anchor(dt.date(int(m[1]), 7, 1), "Y")
    return Anchor(None, "")


def add_months(d: dt.date, n: int) -> dt.date:
    """``d`` moved by ``n`` calendar months (day clipped to the month's length)."""
    y, m = divmod(d.month - 1 + n, 12)
    y += d.year
    m += 1
    last = (dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(y, m, min(d.day, last))


def week_value(d: dt.date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def quarter_of(d: dt.date) -> int:
    return (d.month - 1) // 3 + 1


def easter(year: int) -> dt.date:
    """Gregorian Easter Sunday (anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month = (h + l_ - 7 * m + 114) // 31
    day = (h + l_ - 7 * m + 114) % 31 + 1
    return dt.date(year, month, day)


def holiday_date(row: dict, year: int) -> dt.date | None:
    """The date of a holiday row of the lexicon in ``year``."""
    rule = row.get("rule") or ""
    if not rule:
        return dt.date(year, int(row["month"]), int(row["day"]))
    if rule.startswith("easter"):
        off = int(rule[6:] or 0)
        return easter(year) + dt.timedelta(days=off)
    month = int(row["month"])
    if rule == "election":
        d = dt.date(year, 11, 2)
        while d.weekday() != 1:
            d += dt.timedelta(days=1)
        return d
    m = re.fullmatch(r"(\d|last)(?:st|nd|rd|th)?-(mon|tue|wed|thu|fri|sat|sun)", rule)
    if not m:
        return None
    wd = WEEKDAYS[m[2]]
    if m[1] == "last":
        d = add_months(dt.date(year, month, 1), 1) - dt.timedelta(days=1)
        while d.weekday() != wd:
            d -= dt.timedelta(days=1)
        return d
    d = dt.date(year, month, 1)
    while d.weekday() != wd:
        d += dt.timedelta(days=1)
    return d + dt.timedelta(weeks=int(m[1]) - 1)


def interval(value: str) -> tuple[str, str]:
    """The calendar interval (first day, last day) a TIMEX3 DATE/TIME value covers, or ("", "")."""
    try:
        m = re.match(r"(\d{4})-(\d\d)-(\d\d)", value)
        if m:
            d = dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
            return d, d
        m = re.fullmatch(r"(\d{4})-(\d\d)", value)
        if m:
            a = dt.date(int(m[1]), int(m[2]), 1)
            return a.isoformat(), (add_months(a, 1) - dt.timedelta(days=1)).isoformat()
        m = re.fullmatch(r"(\d{4})", value)
        if m:
            return f"{m[1]}-01-01", f"{m[1]}-12-31"
        m = re.fullmatch(r"(\d{4})-Q([1-4])", value)
        if m:
            a = dt.date(int(m[1]), 3 * int(m[2]) - 2, 1)
            return a.isoformat(), (add_months(a, 3) - dt.timedelta(days=1)).isoformat()
        m = re.fullmatch(r"(\d{4})-H([12])", value)
        if m:
            a = dt.date(int(m[1]), 6 * int(m[2]) - 5, 1)
            return a.isoformat(), (add_months(a, 6) - dt.timedelta(days=1)).isoformat()
        m = re.fullmatch(r"(\d{4})-W(\d\d)(-WE)?", value)
        if m:
            a = dt.date.fromisocalendar(int(m[1]), int(m[2]), 6 if m[3] else 1)
            return a.isoformat(), (a + dt.timedelta(days=1 if m[3] else 6)).isoformat()
        m = re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value)
        if m:
            y = int(m[1])
            start = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[m[2]]
            a = dt.date(y, start, 1)
            return a.isoformat(), (add_months(a, 3) - dt.timedelta(days=1)).isoformat()
        m = re.fullmatch(r"(\d{3})", value)
        if m:
            return f"{m[1]}0-01-01", f"{m[1]}9-12-31"
        m = re.fullmatch(r"(\d{2})", value)
        if m:
            return f"{m[1]}00-01-01", f"{m[1]}99-12-31"
    except ValueError:
        pass
    return "", ""

"""People, places and organisations -> ``people``, ``places`` and ``mentions`` tables.

In:  a :class:`~explorer.pipeline.Doc` (only its content sentences are read: duplicates and
     boilerplate are left out), optionally ``doc.ner``: a spaCy model name or path whose
     PERSON / GPE / LOC / FAC / ORG entities are merged with the rules.
Out: ``doc.rows["people"]``, ``doc.rows["places"]``, ``doc.rows["mentions"]`` (see
     ``explorer/tables.py``) and ``doc.data["entities"]``, an :class:`EntityIndex` for later
     components (``person_at(start, end)``, ``place_at``, ``persons``, ``places``, ``orgs``).

How it works (all offline, no names in code; word lists live in ``explorer/lexicons``):
  1. Tokens are read per sentence with exact offsets; runs of capitalised words form *chunks*
     ("Belarusian President Alexander Lukashenko"), joined through "of"/"de"/"van"... Possessive
     "'s" is never part of a token, so "Lukashenko's" gives the mention "Lukashenko".
     Sentence-initial stop words, caption words ("Left"), and calendar/event names ("Victory Day",
     "World War II": the chunk is dropped) are removed.
  2. Leading titles (``titles.csv``, rows marked ``person``), with a demonym or organisation before them
     ("Belarusian President", "Apple CEO"), are split off: they give the person's *title role*.
  3. What remains is classified, in order: landmark (``landmarks.csv``: "the Kremlin" is a site
     after "in/at/inside/near" or before a place keyword such as "hospital", otherwise an
     organisation acting), site or region by head noun (``place_keywords.csv``: "Central Clinical
     Hospital", "Red square"), organisation by head or suffix (``org_keywords.csv``), gazetteer
     place, person (a title, a known first name from gender-guesser's name list, a role noun
     right before it: "opposition politician X", or an appositive/age/speech cue after it),
     acronym organisation, and otherwise organisation (a capitalised run that is none of these,
     when not sentence-initial).
  4. A single word equal to the surname (last token) of a person named in full anywhere in the
     article is that person (an *alias*), before or after the full name.
  5. Roles: a capitalised title before the name wins ("Belarusian President"); else the lower-case
     role phrase before the name ("opposition politician"); else the first appositive
     (", a lawyer, former deputy foreign minister and presidential candidate"). Age: "X, 68".
  6. Definite descriptions "the [demonym|modifier]{0,3} ROLE-NOUN" (singular nouns of
     ``person_nouns.csv``) resolve to the most recent preceding person whose nationality (from
     demonyms/countries in their roles) and role words are compatible; an evaluative noun
     ("tyrant", "despot") with nothing more specific goes to the most mentioned person. Plural
     or unresolved descriptions are not people.
  7. Sites take their coordinates from the city after them (", Moscow" / "in Moscow"), the
     landmark's city, a city inside their name, or the nearest city in the same sentence.
  8. A Title Case Headline is read last and only for names known from the body or the gazetteer.
Demonyms ("Russian doctors", "Belarusian President") and countries used as premodifiers
("Belarus despot X") are not place mentions. Model numbers end a name ("Airbus A380" -> Airbus).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .. import gazetteer as gz
from .. import lexicons as lexicon_files
from ..pipeline import Doc, component

# ----------------------------------------------------------------------------- lexicons


@dataclass(frozen=True)
class Lexicons:
    titles: frozenset[str]          #: "President", "Prime Minister", "Mr" (as written)
    honorifics: frozenset[str]      #: titles that are not roles ("Mr", "Dr")
    title_max: int                  #: longest title in tokens
    nouns: dict[str, str]           #: role noun (lower) -> office/role/evaluative
    modifiers: frozenset[str]       #: lower-case role modifiers ("opposition", "former")
    org_heads: frozenset[str]
    org_suffixes: frozenset[str]
    org_acronyms: frozenset[str]
    org_words: frozenset[str]       #: words making any capitalised run an organisation ("Air")
    place_kw: dict[str, str]        #: head noun (lower) -> site/region
    trim: frozenset[str]            #: capitalised non-names to trim from chunk edges
    drop: frozenset[str]            #: words that make a chunk a date/event name
    stop: frozenset[str]            #: English stop words (lower)


@lru_cache(maxsize=1)
def lexicons() -> Lexicons:
    """Load the lexicon files once."""
    rows = [r for r in lexicon_files.read("titles.csv") if r["person"] == "yes"]  # titles before a name
    titles = [r["title"] for r in rows]
    orgs = lexicon_files.read("org_keywords.csv")
    sw = lexicon_files.read("name_stopwords.csv")
    return Lexicons(
        titles=frozenset(titles),
        honorifics=frozenset(r["title"] for r in rows if r["kind"] == "honorific"),
        title_max=max(len(t.split()) for t in titles),
        nouns={r["noun"]: r["type"] for r in lexicon_files.read("person_nouns.csv")},
        modifiers=frozenset(r["word"] for r in lexicon_files.read("role_modifiers.csv")),
        org_heads=frozenset(r["word"] for r in orgs if r["type"] == "head"),
        org_suffixes=frozenset(r["word"] for r in orgs if r["type"] == "suffix"),
        org_acronyms=frozenset(r["word"] for r in orgs if r["type"] == "acronym"),
        org_words=frozenset(r["word"] for r in orgs if r["type"] == "word"),
        place_kw={r["keyword"]: r["kind"] for r in lexicon_files.read("place_keywords.csv")},
        trim=frozenset(r["word"] for r in sw if r["effect"] == "trim"),
        drop=frozenset(r["word"] for r in sw if r["effect"] == "drop"),
        stop=lexicon_files.stop_words(),
    )


# ----------------------------------------------------------------------------- tokens

_ABBR = {"Mr", "Mrs", "Ms", "Dr", "St", "Jr", "Sr", "Gov", "Sen", "Rep", "Gen", "Col", "Lt", "Sgt",
         "Capt", "Adm", "Prof", "Rev", "Inc", "Corp", "Co", "Ltd", "Mt", "Ft"}
_TOKEN = re.compile(
    r"(?:[A-Z]\.){2,}"                                   # U.S., U.K.
    r"|[^\W\d_][\w]*(?:-[\w]+|['’](?![sS]\b)[^\W\d_]+)*"  # words, hyphens, O'Neill (not 's)
    r"|\d+(?:[.,:]\d+)*"
    r"|\S", re.UNICODE)
#: abbreviations that end a name ("Apple Inc.", "Martin Luther King Jr."): a capitalised word after
#: them starts a new name
_CLOSING_ABBR = {"Inc.", "Corp.", "Co.", "Ltd.", "Jr.", "Sr."}
_CONNECT = {"of", "de", "da", "di", "del", "der", "van", "von", "la", "le", "bin", "al", "du", "dos"}


@dataclass(frozen=True)
class Tok:
    text: str
    start: int
    end: int

    @property
    def cap(self) -> bool:
        t = self.text
        return t[0].isupper() and any(c.isalpha() for c in t)

    @property
    def word(self) -> bool:
        return self.text[0].isalpha()


def tokenize(text: str, start: int, end: int) -> list[Tok]:
    """Tokens of ``text[start:end]`` with exact offsets; "Mr." and initials keep their stop."""
    out: list[Tok] = []
    for m in _TOKEN.finditer(text, start, end):
        s, e = m.start(), m.end()
        w = text[s:e]
        if e < end and text[e] == "." and (w in _ABBR or (len(w) == 1 and w.isupper())):
            e += 1
            w += "."
        if w == "." and out and out[-1].end > s:
            continue                                     # the stop already joined "Mr." or "M."
        out.append(Tok(w, s, e))
    return out


# ----------------------------------------------------------------------------- data


@dataclass
class Mention:
    kind: str            #: person, place, org
    start: int
    end: int
    text: str
    block_id: str
    mention_type: str = "name"   #: name, alias, description
    key: str = ""                #: entity key before ids are given
    sent: int = 0


@dataclass
class PersonInfo:
    key: str
    names: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)      #: capitalised title roles
    premods: list[str] = field(default_factory=list)     #: lower-case role phrases before
    appositives: list[str] = field(default_factory=list)
    age: int | None = None
    aliases: list[str] = field(default_factory=list)

    def role(self) -> str:
        """Title role first, then the pre-name role phrase, then the appositive."""
        for lst in (self.titles, self.premods, self.appositives):
            if lst:
                return lst[0]
        return ""

    def role_words(self) -> set[str]:
        return {w.lower().strip(",") for r in self.titles + self.premods + self.appositives
                for w in re.split(r"[\s,]+", r) if w}

    def nationalities(self) -> set[str]:
        out = set()
        for r in self.titles + self.premods + self.appositives:
            toks = r.split()
            for i in range(len(toks)):
                for n in (2, 1):
                    c = gz.country_of(" ".join(toks[i:i + n]))
                    if c:
                        out.add(c)
        return out


@dataclass
class EntityIndex:
    """What later components get in ``doc.data["entities"]``.

    ``mentions``: every mention row (dicts as in mentions.csv), in text order;
    ``persons`` / ``places`` / ``orgs``: id -> row (people.csv / places.csv rows; orgs
    ``{"org_id", "name", "mentions"}``);
    ``person_at(start, end)`` / ``place_at(start, end)``: the id of a person/place mention
    overlapping ``[start, end)``, else None.
    """
    mentions: list[dict]
    persons: dict[str, dict]
    places: dict[str, dict]
    orgs: dict[str, dict]

    def _at(self, kind: str, start: int, end: int) -> str | None:
        for m in self.mentions:
            if m["kind"] == kind and m["start"] < end and start < m["end"]:
                return m["entity_id"]
        return None

    def person_at(self, start: int, end: int) -> str | None:
        """person_id of the person mention overlapping [start, end), else None."""
        return self._at("person", start, end)

    def place_at(self, start: int, end: int) -> str | None:
        """place_id of the place mention overlapping [start, end), else None."""
        return self._at("place", start, end)

    def org_at(self, start: int, end: int) -> str | None:
        return self._at("org", start, end)


# ----------------------------------------------------------------------------- chunks

_PLACE_CUES = {"in", "at", "from", "to", "near", "outside", "inside", "across", "via", "into",
               "visit", "visiting", "visited", "toward", "towards", "throughout", "around", "of"}
_SAY = re.compile(r"^\s*,?\s*(?:said|says|told|added|claimed|explained|argued|wrote|stated|insisted)\b")
_SAID_BEFORE = re.compile(r"\b(?:said|says|told|added|claimed|according to|by)\s*$")
_AGE = re.compile(r"^\s*(?:,\s*(\d{1,3})\s*(?=[,.;:)'\"’”]|$|\s+(?:and|who|has|had|was|is|said|says)\b)|\s*\((\d{1,3})\))")


def _is_title_at(toks: list[Tok], i: int, lx: Lexicons) -> int:
    """Length (tokens) of the longest title starting at toks[i], else 0."""
    for n in range(min(lx.title_max, len(toks) - i), 0, -1):
        cand = " ".join(t.text for t in toks[i:i + n])
        if cand in lx.titles or (cand[:1].isupper() and cand.title() in lx.titles and n > 1):
            return n
    return 0


def _chunks(toks: list[Tok], text: str, lx: Lexicons) -> list[tuple[int, int]]:
    """Index ranges [i, j) of capitalised runs in ``toks``."""
    out, i, n = [], 0, len(toks)
    while i < n:
        if not toks[i].cap:
            i += 1
            continue
        j = i + 1
        while j < n:
            if toks[j - 1].text in _CLOSING_ABBR:
                break                                        # "Apple Inc. Steve Jobs": two names
            gap = text[toks[j - 1].end:toks[j].start]
            if gap not in (" ", "") or "\n" in gap:
                break
            if toks[j].cap:
                j += 1
                continue
            if toks[j].text in ("'", "’") and toks[j].start == toks[j - 1].end and toks[j - 1].text.endswith("s") \
                    and j + 1 < n and toks[j + 1].cap and text[toks[j].end:toks[j + 1].start] == " " \
                    and toks[j + 1].text.lower() in lx.place_kw:
                j += 2
                continue
            if toks[j].text in _CONNECT and j + 1 < n and toks[j + 1].cap \
                    and text[toks[j].end:toks[j + 1].start] == " ":
                j += 2
                continue
            break
        out.append((i, j))
        i = j
    return out


def _title_case(toks: list[Tok], lx: Lexicons) -> bool:
    """True for a Title Case Line: five or more words, and 80% or more of those that are not
    stop words are capitalised, stop words included at least once."""
    words = [t for t in toks if t.word]
    if len(words) < 5:
        return False
    content = [t for t in words if t.text.lower() not in lx.stop]
    caps_stop = sum(1 for t in words[1:] if t.text.lower() in lx.stop and t.text[0].isupper())
    return bool(content) and sum(t.cap for t in content) >= 0.8 * len(content) and caps_stop >= 1


def _first_word_index(toks: list[Tok]) -> int:
    for k, t in enumerate(toks):
        if t.word:
            return k
    return 0


# ----------------------------------------------------------------------------- extraction


class _Extractor:
    """One article's entity extraction (see the module docstring for the rules)."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.text = doc.text
        self.lx = lexicons()
        self.fn = gz.first_names()
        self.mentions: list[Mention] = []
        self.persons: dict[str, PersonInfo] = {}
        self.unknown: list[tuple[Mention, bool]] = []   # (mention, sentence-initial)
        self.place_info: dict[str, dict] = {}
        self.sent_toks: list[tuple[int, list[Tok], str]] = []

    # --------------------------------------------------------------- pass 1: chunks
    def run(self) -> None:
        titled = []
        for si, s in enumerate(self.doc.sentences):
            toks = tokenize(self.text, s.start, s.end)
            self.sent_toks.append((si, toks, s.block_id))
            if _title_case(toks, self.lx):
                titled.append((si, toks, s.block_id))
                continue
            first = _first_word_index(toks)
            for i, j in _chunks(toks, self.text, self.lx):
                self._chunk(si, toks, i, j, i == first, s.block_id)
        for si, toks, block in titled:
            self._title_case_sentence(si, toks, block)
        self._merge_ner()
        self._link_surnames()
        self._ages_and_appositives()
        self._descriptions()

    def _title_case_sentence(self, si: int, toks: list[Tok], block: str) -> None:
        """A Title Case Headline: capitals say nothing, so only names known from the body
        (people, organisations) or the gazetteer (countries, cities of 150,000+) are taken,
        longest first."""
        known_p = {m.text: m.key for m in self.mentions if m.kind == "person"}
        known_o = {m.text: m.key for m in self.mentions if m.kind == "org"}
        known_o.update({m.text: m.key for m, ini in self.unknown if not ini})
        i = 0
        while i < len(toks):
            hit = 0
            for n in range(min(5, len(toks) - i), 0, -1):
                if not toks[i].cap or not toks[i + n - 1].cap:
                    continue
                phrase = self.text[toks[i].start:toks[i + n - 1].end]
                if phrase != " ".join(t.text for t in toks[i:i + n]):
                    continue
                if phrase in known_p:
                    m = self._add("person", si, toks, i, i + n, block, known_p[phrase])
                    self.persons[known_p[phrase][7:]].names.append(phrase)
                elif phrase in known_o:
                    self._add("org", si, toks, i, i + n, block, known_o[phrase])
                else:
                    pl = gz.lookup(phrase)
                    if pl is None or pl.alternate or (pl.kind == "city" and pl.population < 150_000):
                        continue
                    self._add_place(si, toks, i, i + n, block, pl)
                hit = n
                break
            i += hit or 1

    def _is_name_token(self, t: Tok) -> bool:
        return t.cap and t.text[0].isalpha() and t.text.lower() not in self.lx.stop \
            and t.text not in self.lx.trim and t.text not in self.lx.drop

    def _chunk(self, si: int, toks: list[Tok], i: int, j: int, initial: bool, block: str) -> None:
        lx = self.lx
        if any(t.text in lx.drop for t in toks[i:j]):
            return
        # model numbers are products, not names: "Airbus A380" -> "Airbus"
        for p in range(i, j):
            if any(c.isdigit() for c in toks[p].text):
                j = p
                break
        # trim stop words / caption words at the edges
        while i < j and (toks[i].text in lx.trim or _stopword(toks[i].text, lx)
                         or toks[i].text in _CONNECT):
            if toks[i].text.lower() in ("the",):
                initial = False
            i += 1
            initial = False if i > 0 and not initial else initial
        while j > i and (toks[j - 1].text in lx.trim or _stopword(toks[j - 1].text, lx)
                         or toks[j - 1].text in _CONNECT):
            j -= 1
        if i >= j:
            return
        # sentence-initial role noun before a name: "Analyst Shawn Wu said" -> "Shawn Wu"
        if initial and j - i >= 3 and toks[i].text.lower() in lx.nouns and toks[i].text[1:].islower() \
                and _is_title_at(toks, i, lx) == 0 and toks[i + 1].text in self.fn:
            i += 1
            initial = False
        # sentence-initial "Shares of Apple Inc": the first word is an ordinary word
        if initial and j - i >= 3 and toks[i + 1].text == "of" and toks[i].text not in lx.org_heads \
                and toks[i].text.lower() not in lx.place_kw and _is_title_at(toks, i, lx) == 0 \
                and gz.lookup(toks[i].text) is None:
            i += 2
            initial = False
        # "Prime Minister of Singapore", "Mayor of London": the office is not a name
        for p in range(i + 1, j - 1):
            if toks[p].text in ("of", "for") and _is_title_at(toks, i, lx) == p - i:
                self._classify(si, toks, p + 1, j, False, block, "")
                return
        # titles: [prefix words] TITLE NAME...
        title_role, k, honorific = "", i, False
        for p in range(i, j):
            n = _is_title_at(toks, p, lx)
            if n and p + n < j and self._is_name_token(toks[p + n]) \
                    and _is_title_at(toks, p + n, lx) == 0:
                title_role = self.text[toks[i].start:toks[p + n - 1].end]
                honorific = title_role in lx.honorifics
                if p > i:
                    self._prefix(si, toks, i, p, block)
                k = p + n
                break
        if title_role and toks[k].text in _CONNECT:          # "Prime Minister of Singapore"
            self._classify(si, toks, k + 1, j, False, block, "")
            return
        if not title_role and j - i == 1 and _is_title_at(toks, i, lx) == j - i:
            return                                             # a bare title
        self._classify(si, toks, k, j, initial and k == i, block, title_role, honorific=honorific)

    def _prefix(self, si: int, toks: list[Tok], i: int, j: int, block: str) -> None:
        """The words before a title: demonyms are left out, an organisation is kept."""
        phrase = self.text[toks[i].start:toks[j - 1].end]
        if gz.country_of(phrase) or all(gz.country_of(t.text) for t in toks[i:j]):
            return
        self._classify(si, toks, i, j, False, block, "", prefix=True)

    def _add(self, kind: str, si: int, toks: list[Tok], i: int, j: int, block: str,
             key: str, mtype: str = "name") -> Mention:
        s, e = toks[i].start, toks[j - 1].end
        m = Mention(kind, s, e, self.text[s:e], block, mtype, key, si)
        self.mentions.append(m)
        return m

    def _classify(self, si: int, toks: list[Tok], i: int, j: int, initial: bool, block: str,
                  title_role: str, prefix: bool = False, honorific: bool = False) -> None:
        lx, text = self.lx, self.text
        if i >= j:
            return
        words = [t.text for t in toks[i:j]]
        phrase = text[toks[i].start:toks[j - 1].end]
        pi = i - 1
        if pi >= 0 and toks[pi].text.lower() == "the":
            pi -= 1
        prev = toks[pi].text.lower() if pi >= 0 else ""
        nxt = toks[j] if j < len(toks) else None
        # landmarks used as places or as actors
        if phrase in gz.landmarks():
            lm = gz.landmarks()[phrase]
            as_site = (prev in ("in", "at", "inside", "near", "outside", "within", "to")
                       or (nxt is not None and nxt.text.lower() in lx.place_kw)
                       or not lm["actor"])
            if as_site:
                self._add_site(si, toks, i, j, block, phrase, lm["city"])
            else:
                self._add("org", si, toks, i, j, block, "org:" + phrase)
            return
        last = words[-1]
        # site / region by head noun ("Central Clinical Hospital"; "Red square", lower-case head)
        if len(words) >= 2 and last.lower() in lx.place_kw and last[0].isupper() \
                and not gz.lookup(phrase):
            if lx.place_kw[last.lower()] == "site":
                self._add_site(si, toks, i, j, block, phrase, "")
            else:
                self._add_region(si, toks, i, j, block, phrase)
            return
        if nxt is not None and nxt.text.lower() in lx.place_kw and nxt.text.islower() \
                and text[toks[j - 1].end:nxt.start] == " " and not title_role \
                and lx.place_kw[nxt.text.lower()] == "site" and not gz.country_of(phrase):
            name = phrase + " " + nxt.text
            self._add_site(si, toks, i, j + 1, block, name, "")
            return
        # organisations by head / suffix ("... Council", "Apple Inc", "Bank of America")
        heads = [w for w in words if w in lx.org_heads or w in lx.org_words]
        pl = gz.lookup(phrase)
        if pl is not None and pl.kind == "country" and nxt is not None and nxt.text.islower() \
                and text[toks[j - 1].end:nxt.start] == " " and nxt.text not in lx.stop \
                and (nxt.text in lx.nouns or (j + 1 < len(toks) and self._is_name_token(toks[j + 1]))):
            return                                   # "Belarus despot X": used as a demonym
        if pl is not None and nxt is not None and nxt.text in "$€£¥" and nxt.start == toks[j - 1].end:
            return                                   # currency: "US$ 7 bn"
        if pl is not None and pl.kind in ("country", "region") and not title_role:
            self._add_place(si, toks, i, j, block, pl)
            return
        if (last in lx.org_heads or last in lx.org_suffixes) and len(words) >= 2 \
                or (len(words) >= 2 and any(w in lx.org_words for w in words)) \
                or (len(words) >= 3 and "of" in words and words[words.index("of") - 1] in lx.org_heads):
            self._add("org", si, toks, i, j, block, "org:" + _org_name(phrase))
            return
        if len(words) >= 2 and heads and not title_role and all(w not in self.fn for w in words[:1]) \
                and not gz.lookup(phrase):
            self._add("org", si, toks, i, j, block, "org:" + _org_name(phrase))
            return
        # gazetteer places
        if pl is not None and not title_role and self._place_ok(pl, toks, i, j, words, prev):
            self._add_place(si, toks, i, j, block, pl)
            return
        # people
        if self._is_person(toks, i, j, words, title_role, prefix):
            self._add_person(si, toks, i, j, block, title_role, honorific)
            return
        if pl is not None and pl.kind in ("country", "region") and not title_role:
            self._add_place(si, toks, i, j, block, pl)
            return
        if title_role:
            return
        # a country or big city before an acronym or landmark: "UK RAF", "London Heathrow"
        if j - i >= 2:
            pre = gz.lookup(toks[i].text)
            rest = text[toks[i + 1].start:toks[j - 1].end]
            if pre is not None and (pre.kind == "country" or pre.population >= 1_000_000) and \
                    (rest in gz.landmarks() or rest.isupper() or rest in lx.org_acronyms):
                self._add_place(si, toks, i, i + 1, block, pre)
                self._classify(si, toks, i + 1, j, False, block, "")
                return
        if len(phrase) < 2:
            return
        if all(w.isupper() and len(w) >= 2 for w in words) and len(phrase) <= 8 or phrase in lx.org_acronyms:
            self._add("org", si, toks, i, j, block, "org:" + phrase)
            return
        if any(not t.word for t in toks[i:j]) or _demonym_like(phrase):
            return
        m = Mention("org", toks[i].start, toks[j - 1].end, phrase, block, "name", "org:" + _org_name(phrase), si)
        self.unknown.append((m, initial))

    def _place_ok(self, pl: gz.Place, toks, i, j, words, prev) -> bool:
        """A small single-word city needs a place cue (a preposition before it, or a
        ", Region" after it); common words never count."""
        if pl.kind != "city" or j - i > 1:
            return True
        w = words[0]
        if w.lower() in self.lx.stop or w in self.lx.trim:
            return False
        if pl.population >= 150_000 and not pl.alternate:
            return True
        if prev in _PLACE_CUES:
            return True
        if j + 1 < len(toks) and toks[j].text == ",":
            nx = gz.lookup(toks[j + 1].text)
            if nx is not None and nx.kind in ("country", "region"):
                return True
        return False

    def _is_person(self, toks, i, j, words, title_role, prefix) -> bool:
        if prefix:
            return False
        name_toks = toks[i:j]
        if not all((self._is_name_token(t) and any(c.islower() for c in t.text))
                   or t.text in _CONNECT - {"of"} or (t.text.endswith(".") and len(t.text) == 2)
                   for t in name_toks):
            return False
        if any(w in self.lx.org_acronyms or w in self.lx.org_words or w in self.lx.org_heads
               or w.lower() in self.lx.place_kw for w in words):
            return False
        if title_role:
            return True
        if len(words) >= 2 and _is_title_at(toks, i, self.lx) == j - i:
            return False                     # "Vice President", "Prime Minister": an office, no name
        first_place = gz.lookup(words[0])
        big_place = first_place is not None and (first_place.kind != "city" or first_place.population >= 1_000_000)
        if len(words) >= 2 and words[0] in self.fn and not big_place:
            return True
        # role noun right before: "opposition politician X", "analyst X", "candidate, X"
        for back in (1, 2):
            if len(words) < 2:
                break
            if i - back >= 0 and toks[i - back].text.lower() in self.lx.nouns and toks[i - back].text.islower() \
                    and (back == 1 or toks[i - 1].text == ","):
                return True
        after = self.text[toks[j - 1].end: toks[j - 1].end + 40]
        if len(words) >= 2 and (_AGE.match(after) or _SAY.match(after) or _appositive(after, self.lx)):
            return True
        before = self.text[max(0, toks[i].start - 20):toks[i].start]
        if len(words) >= 2 and _SAID_BEFORE.search(before) and not gz.lookup(" ".join(words)):
            return True
        return False

    # ------------------------------------------------------------- add helpers
    def _add_person(self, si, toks, i, j, block, title_role, honorific=False) -> None:
        name = self.text[toks[i].start:toks[j - 1].end]
        m = self._add("person", si, toks, i, j, block, "person:" + name)
        info = self.persons.setdefault(name, PersonInfo(name))
        info.names.append(name)
        if title_role:
            if not honorific:
                info.titles.append(title_role)
            info.aliases.append(self.text[_title_start(self.text, m.start, title_role):m.end])
        pm = self._premod(toks, i)
        if pm:
            info.premods.append(pm)

    def _premod(self, toks: list[Tok], i: int) -> str:
        """Lower-case role phrase right before a name: "opposition politician",
        "Russian Central Bank chairwoman", "Chairman of the board"."""
        lx = self.lx
        if i >= 2 and toks[i - 1].text == "," and toks[i - 2].text.lower() in lx.nouns \
                and toks[i - 2].text.islower():
            i -= 1
        k = i - 1
        if k < 0:
            return ""
        head = toks[k].text.lower()
        if not (head in lx.nouns or head in lx.modifiers and head not in lx.stop):
            return ""
        if not toks[k].text.islower() and not head in lx.nouns:
            return ""
        start_k = k
        while k >= 0:
            t = toks[k]
            tl = t.text.lower()
            if self.text[t.end:toks[k + 1].start] not in (" ",) and k != i - 1:
                break
            if t.text.islower() and (tl in lx.nouns or tl in lx.modifiers or tl in ("of", "the")):
                start_k = k
            elif t.cap and (gz.country_of(t.text) or t.text in lx.titles or tl in lx.nouns
                            or (self._is_name_token(t) and t.text[0].isalpha())):
                start_k = k
            else:
                break
            k -= 1
        while start_k < i and toks[start_k].text in ("of", "the"):
            start_k += 1
        phrase_toks = toks[start_k:i]
        if not any(t.text.lower() in lx.nouns or t.text in lx.titles for t in phrase_toks):
            return ""
        # keep capitalised words only when they are demonyms, titles or an org run ending the prefix
        return self.text[phrase_toks[0].start:phrase_toks[-1].end]

    def _add_place(self, si, toks, i, j, block, pl: gz.Place) -> None:
        if pl.kind == "city" and j + 1 < len(toks) and toks[j].text == ",":
            better = gz.city_in(self.text[toks[i].start:toks[j - 1].end], toks[j + 1].text) \
                or (j + 2 < len(toks) and gz.city_in(self.text[toks[i].start:toks[j - 1].end],
                                                      toks[j + 1].text + " " + toks[j + 2].text))
            if better:
                pl = better
        key = "place:" + pl.gazetteer + ":" + pl.name
        self.place_info.setdefault(key, {"name": pl.name, "kind": pl.kind, "country": pl.country,
                                         "lat": pl.lat, "lon": pl.lon, "gazetteer": pl.gazetteer})
        self._add("place", si, toks, i, j, block, key)

    def _add_region(self, si, toks, i, j, block, phrase) -> None:
        name = _canon_site(phrase)
        key = "place:region:" + name
        self.place_info.setdefault(key, {"name": name, "kind": "region", "country": "",
                                         "lat": None, "lon": None, "gazetteer": ""})
        self._add("place", si, toks, i, j, block, key)

    def _add_site(self, si, toks, i, j, block, phrase, city: str) -> None:
        name = _canon_site(phrase)
        key = "place:site:" + name
        m = self._add("place", si, toks, i, j, block, key)
        info = self.place_info.setdefault(key, {"name": name, "kind": "site", "country": "",
                                                "lat": None, "lon": None, "gazetteer": ""})
        if info["lat"] is None:
            c = self._site_city(m, toks, j, city, phrase)
            if c is not None:
                info.update(country=c.country, lat=c.lat, lon=c.lon, gazetteer=c.gazetteer + " (city)")

    def _site_city(self, m: Mention, toks, j, city: str, phrase: str) -> gz.Place | None:
        """The city a site is in: ', City' or ' in City' after it, its landmark city, a city in
        its own name, or the nearest city mention of the same sentence."""
        after = self.text[m.end:m.end + 60]
        mm = re.match(r"^(?:,|\s+in|\s+near|\s+outside)\s+(?:the\s+)?((?:[A-Z][\w.-]*)(?:\s+[A-Z][\w.-]*){0,2})", after)
        if mm:
            words = mm.group(1).rstrip(".").split()
            for n in range(len(words), 0, -1):
                c = gz.lookup(" ".join(words[:n]))
                if c is not None and c.kind == "city":
                    tail = re.match(r"^\s*,\s*([A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)", after[mm.end():])
                    if tail:
                        for cand in (tail.group(1).rstrip("."), tail.group(1).split()[0].rstrip(".")):
                            b = gz.city_in(" ".join(words[:n]), cand)
                            if b is not None:
                                return b
                    return c
        if city:
            c = gz.city(city) or gz.lookup(city)
            if c is not None:
                return c
        ws = phrase.split()
        for n in range(len(ws) - 1, 0, -1):
            for a in range(0, len(ws) - n + 1):
                c = gz.lookup(" ".join(ws[a:a + n]))
                if c is not None and c.kind == "city" and not c.alternate:
                    return c
        best, dist = None, 10 ** 9
        for t in toks:
            c = gz.lookup(t.text) if t.cap else None
            if c is not None and c.kind == "city" and c.population >= 150_000 and not c.alternate:
                d = abs(t.start - m.start)
                if d < dist:
                    best, dist = c, d
        return best

    # --------------------------------------------------------------- pass 2
    def _merge_ner(self) -> None:
        """Add PERSON/GPE/LOC/FAC/ORG entities of the optional statistical model where the
        rules found nothing overlapping."""
        if not self.doc.ner:
            return
        from ..nlp import spacy_pipeline
        nlp = spacy_pipeline(self.doc.ner)
        kinds = {"PERSON": "person", "PER": "person", "GPE": "place", "LOC": "place",
                 "FAC": "place", "ORG": "org"}
        for si, toks, block in self.sent_toks:
            s = self.doc.sentences[si]
            sp = nlp(self.text[s.start:s.end])
            for ent in sp.ents:
                kind = kinds.get(ent.label_)
                if not kind:
                    continue
                a, b = s.start + ent.start_char, s.start + ent.end_char
                if any(m.start < b and a < m.end for m in self.mentions):
                    continue                      # the rules' strong findings win
                # the model overrides the rules' weak guesses (unclassified capitalised runs)
                self.unknown = [(m, ini) for m, ini in self.unknown if not (m.start < b and a < m.end)]
                name = self.text[a:b]
                if kind == "person":
                    m = Mention("person", a, b, name, block, "name", "person:" + name, si)
                    self.mentions.append(m)
                    self.persons.setdefault(name, PersonInfo(name)).names.append(name)
                elif kind == "place":
                    pl = gz.lookup(name)
                    key = "place:" + (pl.gazetteer + ":" + pl.name if pl else "ner:" + name)
                    self.place_info.setdefault(key, {
                        "name": pl.name if pl else name, "kind": pl.kind if pl else "site",
                        "country": pl.country if pl else "", "lat": pl.lat if pl else None,
                        "lon": pl.lon if pl else None, "gazetteer": pl.gazetteer if pl else ""})
                    self.mentions.append(Mention("place", a, b, name, block, "name", key, si))
                else:
                    self.mentions.append(Mention("org", a, b, name, block, "name", "org:" + _org_name(name), si))

    def _link_surnames(self) -> None:
        """Single words (and shorter names) that are a full name's last token become that
        person; other unknown runs become organisations unless sentence-initial."""
        full = [n for n in self.persons if len(n.split()) >= 2]
        by_last: dict[str, list[str]] = {}
        for n in full:
            by_last.setdefault(n.split()[-1], []).append(n)
        # person names that are a surname of a fuller name
        for n in list(self.persons):
            if len(n.split()) == 1 and n in by_last:
                target = max(by_last[n], key=lambda x: len(self.persons[x].names))
                self._fold(n, target)
        # places / orgs / unknown words that are a known surname
        surn = set(by_last)
        keep = []
        for m in self.mentions:
            if m.kind in ("place", "org") and m.text in surn and m.mention_type == "name" \
                    and (m.kind == "org" or self.place_info[m.key]["kind"] not in ("country", "region")):
                m.kind, m.key, m.mention_type = "person", "person:" + max(
                    by_last[m.text], key=lambda x: len(self.persons[x].names)), "alias"
                self.persons[m.key[7:]].names.append(m.text)
            keep.append(m)
        self.mentions = keep
        orgs_seen = {m.text for m, ini in self.unknown if not ini}
        for m, initial in self.unknown:
            if m.text in surn:
                target = max(by_last[m.text], key=lambda x: len(self.persons[x].names))
                m.kind, m.key, m.mention_type = "person", "person:" + target, "alias"
                self.persons[target].names.append(m.text)
                self.mentions.append(m)
            elif len(m.text.split()) == 1 and m.text.lower() in self.lx.stop:
                continue
            elif not initial or m.text in orgs_seen:
                self.mentions.append(m)
        # surnames used before the full name: resolved above; now alias types
        for m in self.mentions:
            if m.kind == "person":
                m.mention_type = "name" if m.text == m.key[7:] else "alias"
        # keep a single-token person only if nothing links it (it stays on its own)

    def _ages_and_appositives(self) -> None:
        """Age ("X, 68") and appositive role after every person name mention."""
        for m in sorted(self.mentions, key=lambda m: m.start):
            if m.kind != "person" or m.mention_type == "description":
                continue
            info = self.persons[m.key[7:]]
            s = self.doc.sentences[m.sent]
            after = self.text[m.end:s.end]
            a = _AGE.match(after)
            if a and info.age is None:
                age = int(a.group(1) or a.group(2))
                if 10 <= age <= 120:
                    info.age = age
            ap = _appositive(after, self.lx)
            if ap and ap not in info.appositives:
                info.appositives.append(ap)

    def _fold(self, short: str, target: str) -> None:
        info, tgt = self.persons.pop(short), self.persons[target]
        tgt.names += info.names
        tgt.titles += info.titles
        tgt.premods += info.premods
        tgt.appositives += info.appositives
        tgt.aliases += info.aliases
        tgt.age = tgt.age if tgt.age is not None else info.age
        for m in self.mentions:
            if m.key == "person:" + short:
                m.key = "person:" + target

    # ------------------------------------------------------------- descriptions
    def _descriptions(self) -> None:
        """'the [modifiers] ROLE-NOUN' -> the compatible person (see module docstring)."""
        lx = self.lx
        taken = sorted((m.start, m.end) for m in self.mentions)
        counts: dict[str, int] = {}
        for m in self.mentions:
            if m.kind == "person":
                counts[m.key] = counts.get(m.key, 0) + 1
        if not counts:
            return
        profiles = {"person:" + k: (v.nationalities(), v.role_words()) for k, v in self.persons.items()}
        new = []
        for si, toks, block in self.sent_toks:
            for a, t in enumerate(toks):
                if t.text.lower() != "the":
                    continue
                for n in range(1, 5):
                    b = a + n
                    if b >= len(toks):
                        break
                    head = toks[b]
                    hl = head.text.lower()
                    mods = toks[a + 1:b]
                    if any(not (m_.word and (gz.country_of(m_.text) or m_.text.islower())
                                and m_.text.lower() not in lx.stop) for m_ in mods):
                        break
                    if hl in lx.nouns and (head.text.islower() or head.text == head.text.capitalize()
                                           and not head.text.isupper()):
                        nxt = toks[b + 1] if b + 1 < len(toks) else None
                        if nxt is not None and (self._is_name_token(nxt) or nxt.text.lower() in lx.nouns):
                            break
                        if nxt is not None and nxt.text in ("'", "’") and b + 2 < len(toks) \
                                and toks[b + 2].text == "s" and False:
                            break
                        s, e = t.start, head.end
                        if any(x < e and s < y for x, y in taken):
                            break
                        who = self._resolve(s, mods, hl, profiles, counts)
                        if who:
                            new.append(Mention("person", s, e, self.text[s:e], block, "description",
                                               who, si))
                        break
        self.mentions += new

    def _resolve(self, start, mods, noun, profiles, counts) -> str | None:
        nat = {gz.country_of(m.text) for m in mods if gz.country_of(m.text)}
        words = {m.text.lower() for m in mods if not gz.country_of(m.text)} | {noun}
        kind = self.lx.nouns[noun]
        before = sorted((m for m in self.mentions if m.kind == "person" and m.start < start
                         and m.mention_type != "description"), key=lambda m: -m.start)
        def compatible(key: str, strict: bool) -> bool:
            pn, pw = profiles.get(key, (set(), set()))
            if nat and not (nat & pn):
                return False
            if words & pw:
                return True
            if strict:
                return False
            return bool(nat) or (kind == "office" and bool(pw) and noun in ("leader", "head", "chief", "ruler"))
        for strict in (True, False):
            for m in before:
                if compatible(m.key, strict):
                    return m.key
        if kind == "evaluative" and not nat:
            return max(sorted(counts), key=lambda k: counts[k])
        return None

    # ------------------------------------------------------------- rows
    def rows(self) -> tuple[list[dict], list[dict], list[dict], EntityIndex]:
        ms = sorted(self.mentions, key=lambda m: (m.start, -m.end))
        # drop overlapping duplicates (keep the first, longest)
        out: list[Mention] = []
        last_end = -1
        for m in ms:
            if m.start < last_end:
                continue
            out.append(m)
            last_end = m.end
        ids: dict[str, str] = {}
        counters = {"person": 0, "place": 0, "org": 0}
        prefix = {"person": "p", "place": "l", "org": "o"}
        for m in out:
            if m.key not in ids:
                counters[m.kind] += 1
                ids[m.key] = f"{prefix[m.kind]}{counters[m.kind]:02d}"
        canon: dict[str, str] = {}
        for k in ids:
            if k.startswith("person:"):
                info = self.persons[k[7:]]
                canon[k] = max(info.names, key=lambda n: (len(n.split()), len(n))) if info.names else k[7:]
            elif k.startswith("place:"):
                canon[k] = self.place_info[k]["name"]
            else:
                canon[k] = k[4:]
        mrows = [{"entity_id": ids[m.key], "kind": m.kind, "text": m.text, "start": m.start,
                  "end": m.end, "block_id": m.block_id, "mention_type": m.mention_type,
                  "name": canon[m.key]} for m in out]
        people, places, orgs = [], [], {}
        n_by = {}
        for r in mrows:
            n_by[r["entity_id"]] = n_by.get(r["entity_id"], 0) + 1
        for k, i in sorted(ids.items(), key=lambda kv: kv[1]):
            if k.startswith("person:"):
                info = self.persons[k[7:]]
                name = canon[k]
                texts = [m.text for m in out if m.key == k]
                al = []
                for a in texts + info.aliases:
                    if a != name and a not in al:
                        al.append(a)
                people.append({"person_id": i, "name": name, "aliases": "; ".join(al),
                               "role": info.role(), "age": info.age, "mentions": n_by.get(i, 0)})
            elif k.startswith("place:"):
                p = self.place_info[k]
                places.append({"place_id": i, "name": p["name"], "kind": p["kind"],
                               "country": p["country"], "lat": p["lat"], "lon": p["lon"],
                               "mentions": n_by.get(i, 0), "gazetteer": p["gazetteer"]})
            else:
                orgs[i] = {"org_id": i, "name": canon[k], "mentions": n_by.get(i, 0)}
        people.sort(key=lambda r: r["person_id"])
        places.sort(key=lambda r: r["place_id"])
        index = EntityIndex(mrows, {r["person_id"]: r for r in people},
                            {r["place_id"]: r for r in places}, orgs)
        return people, places, mrows, index


# ----------------------------------------------------------------------------- helpers


def _title_start(text: str, name_start: int, title_role: str) -> int:
    """Offset where ``title_role`` starts before the name at ``name_start``."""
    pos = text.rfind(title_role, 0, name_start)
    return pos if pos != -1 else name_start


def _stopword(word: str, lx: Lexicons) -> bool:
    """An English stop word written in lower or title case ("The", "Most"; not "US", "IT")."""
    return word.lower() in lx.stop and not word.isupper()


def _demonym_like(phrase: str) -> bool:
    """'Russian', 'Russians', 'Belarusian' (a demonym or its plural)."""
    if gz.demonyms().get(phrase) is not None:
        return True
    return phrase.endswith("s") and gz.demonyms().get(phrase[:-1]) is not None


def _org_name(phrase: str) -> str:
    return re.sub(r"^(?:the|The)\s+", "", " ".join(phrase.split()))


def _canon_site(phrase: str) -> str:
    """'Red square' -> 'Red Square'; leading 'the' dropped."""
    ws = _org_name(phrase).split()
    return " ".join(w[:1].upper() + w[1:] if w.islower() and w not in _CONNECT else w for w in ws)


_APPOS = re.compile(r"^\s?,\s+(?:(?:a|an|the)\s+)?([^,.;:!?'\"‘’“”()\[\]–—]+(?:,\s+(?:and\s+)?[^,.;:!?'\"‘’“”()\[\]–—]+)*)")


def _appositive(after: str, lx: Lexicons) -> str:
    """Role appositive right after a name (", a lawyer, former deputy foreign minister and
    presidential candidate"), or ''. Its first four words must hold a role noun or title."""
    m = _APPOS.match(after)
    if not m:
        return ""
    parts = [p.strip() for p in m.group(1).split(",")]
    keep = []
    for k, p in enumerate(parts):
        ws = p.split()
        if not ws:
            break
        first = ws[1] if ws[0] in ("and", "or") and len(ws) > 1 else ws[0]
        fl = first.lower()
        if k == 0:
            if not any(w.lower() in lx.nouns or w in lx.titles for w in ws[:4]):
                return ""
        elif not (fl in lx.nouns or fl in lx.modifiers or gz.country_of(first) or first in lx.titles):
            break
        # stop a part at a verb-like continuation ("minister of X said ...")
        cut = re.split(r"\s+(?:said|says|told|who|which|that|has|had|was|is|will|would)\b", p)[0]
        keep.append(cut)
        if cut != p:
            break
    return ", ".join(keep).strip()


# ----------------------------------------------------------------------------- component


def extract_entities(doc: Doc) -> tuple[list[dict], list[dict], list[dict], EntityIndex]:
    """Doc in; (people rows, places rows, mentions rows, EntityIndex) out."""
    ex = _Extractor(doc)
    ex.run()
    return ex.rows()


@component("entities", produces=("people", "places", "mentions"), requires=("blocks",))
def entities_component(doc: Doc) -> None:
    people, places, mentions, index = extract_entities(doc)
    doc.rows.update(people=people, places=places, mentions=mentions)
    doc.data["entities"] = index

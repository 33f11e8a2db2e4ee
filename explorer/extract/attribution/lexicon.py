"""The cue lexicon and the word lists the rules and the tagger read.

In:  ``lexicons/cues.csv`` (verbs and nouns of saying, with lemma and part of speech),
     ``lexicons/anonymous_sources.csv`` (source and institution heads),
     ``lexicons/titles.csv`` (rows marked ``speaker``: titles stripped when canonicalising a speaker), and the
     closed word classes below (pronouns, determiners, words that end a noun phrase ...).
Out: cached lookups: :func:`cue_lexicon`, :func:`noun_cues`, :func:`source_heads`,
     :func:`titles`, :func:`human_nouns`, and :func:`compound_noun` ("think tank" is no cue).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ... import lexicons


PRONOUNS = {"he", "she", "they", "i", "we", "it", "who"}
OBJ_PRONOUNS = {"him", "her", "them", "me", "us", "you", "reporters", "journalists", "lawmakers",
                "supporters", "voters", "viewers", "listeners", "readers", "parliament", "congress"}
# words skipped between a subject and its cue: auxiliaries, negation, adverbs
SKIP_BEFORE = {"has", "have", "had", "also", "previously", "later", "then", "once", "again", "recently",
               "repeatedly", "reportedly", "allegedly", "publicly", "privately", "would", "will", "did",
               "does", "do", "further", "earlier", "subsequently", "initially", "just", "already", "never",
               "even", "still", "only", "flatly", "separately", "often", "frequently", "continues", "to",
               "can't", "cannot", "won't", "don't", "doesn't", "didn't", "not", "could", "may", "might",
               "should", "must", "can", "always", "clearly", "openly", "actually", "now", "quickly",
               "immediately", "strongly", "firmly", "simply", "finally", "first", "last", "lately",
               "can’t", "don’t", "doesn’t", "didn’t", "won’t", "however", "meanwhile", "too", "herself",
               "himself", "themselves", "itself", "personally", "bluntly", "angrily", "flatly", "tersely",
               "proudly", "confidently", "happily", "recently", "first", "once"}
PASSIVE = {"is", "was", "are", "were", "be", "been", "being", "'s", "’s", "get", "got", "gets"}
# words that end a subject noun phrase when walking back from the cue
NP_STOP = {"that", "which", "when", "while", "because", "but", "and", "or", "if", "as", "after", "before",
           "than", "so", "is", "was", "were", "are", "be", "been", "to", "in", "on", "at", "for", "with",
           "by", "from", "now", "meanwhile", "however", "yesterday", "today", "also", "what", "how",
           "where", "why", "whom", "whose", "this", "these", "those", "there", "here", "not", "into",
           "about", "over", "under", "since", "until", "though", "although", "whether", "like", "yet",
           "indeed", "instead", "thus", "still", "even", "then", "where", "said", "says", "told",
           "it's", "its", "can", "will", "would", "could", "should", "may", "might", "must", "has",
           "had", "have", "do", "does", "did", "up", "out", "off", "down", "all", "both"}
#: words that open a sentence-initial adverbial phrase ("In three separate interviews, the
#: justice ..."; "Following a town hall meeting, Kasich ..."): the subject comes after its comma
OPENING_ADVERBIAL = {"in", "on", "at", "during", "after", "before", "when", "while", "with", "as",
                     "following", "through", "over", "since", "amid", "despite", "without", "under",
                     "unlike", "like", "speaking", "asked", "earlier", "later", "last", "this", "by"}
POSTMOD = {"close", "familiar", "linked", "loyal", "near", "connected", "briefed", "knowledgeable", "working"}
DETERMINERS = {"the", "a", "an", "his", "her", "their", "its", "our", "my", "your", "some", "many",
               "several", "other", "another", "one", "two", "three", "most", "few", "these", "those"}
LY_NOUNS = {"family", "ally", "assembly", "rally", "monopoly", "daily", "weekly", "monthly", "quarterly"}
NAME_PARTICLES = {"of", "de", "van", "von", "al", "bin", "la", "le", "du", "da", "del", "der", "el"}


@dataclass(frozen=True)
class Cue:
    """One cue form from ``cues.csv``."""
    form: str
    lemma: str
    pos: str
    cls: str
    frame: str


@lru_cache(maxsize=1)
def cue_lexicon() -> dict[str, Cue]:
    """Cue forms (lower case, may be multi-word) -> :class:`Cue`."""
    out: dict[str, Cue] = {}
    for r in lexicons.read("cues.csv"):
        form = r["cue"].lower()
        if form not in out:  # a form that is both verb and noun ("claims") is read as the verb
            out[form] = Cue(form, r["lemma"], r["pos"], r["cls"], r["frame"])
    return out


@lru_cache(maxsize=1)
def noun_cues() -> frozenset[str]:
    """Forms listed as nominal cues ("claim", "statement")."""
    return frozenset(r["cue"].lower() for r in lexicons.read("cues.csv") if r["pos"] == "noun")


#: a cue form followed by one of these words is the first half of a noun ("think tanks", "talk radio")
NOUN_COMPOUNDS = {"think": ("tank", "tanks"), "talk": ("show", "shows", "radio")}
_COMPOUND_NEXT = re.compile(r"\s+(\w+)")


def compound_noun(text: str, cs: int, ce: int) -> bool:
    """True when the cue ``text[cs:ce]`` ends with the first half of a noun compound of
    :data:`NOUN_COMPOUNDS` ("Washington think tanks"): then it is no cue."""
    words = text[cs:ce].lower().split()
    m = _COMPOUND_NEXT.match(text, ce)
    return bool(words and m) and m.group(1).lower() in NOUN_COMPOUNDS.get(words[-1], ())


@lru_cache(maxsize=1)
def _cue_regex() -> re.Pattern:
    forms = sorted(cue_lexicon(), key=len, reverse=True)
    return re.compile(r"(?<![\w'’-])(" + "|".join(r"\s+".join(map(re.escape, f.split())) for f in forms)
                      + r")(?![\w'’-])", re.I)


@lru_cache(maxsize=1)
def source_heads() -> dict[str, str]:
    """Head noun -> ``anonymous`` or ``institution``."""
    return {r["head"].lower(): r["kind"] for r in lexicons.read("anonymous_sources.csv")}


@lru_cache(maxsize=1)
def titles() -> frozenset[str]:
    return frozenset(r["title"] for r in lexicons.read("titles.csv") if r["speaker"] == "yes")


@lru_cache(maxsize=1)
def human_nouns() -> frozenset[str]:
    """Nouns that can head a description of a person: ``human_nouns.csv`` (people in general),
    ``person_nouns.csv`` (offices and roles) and the anonymous-source heads ("official")."""
    heads = {h for h, k in source_heads().items() if k == "anonymous"}
    return frozenset({r["noun"].lower() for r in lexicons.read("human_nouns.csv")}
                     | {r["noun"].lower() for r in lexicons.read("person_nouns.csv")} | heads)

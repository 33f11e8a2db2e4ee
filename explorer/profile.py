"""Source profile: whose word an article rests on, how firmly, and how much on anonymous sources.

In:  an article's :class:`~explorer.tables.Tables` (blocks, claims, events, language, people,
     mentions).
Out: :func:`source_profile` -> one row per source (columns :data:`PROFILE_COLUMNS`);
     :func:`claim_support` -> one row per claim with its ``anonymous_only`` flag.

Definitions:

* **Content characters** are the characters of the content blocks (duplicates and boilerplate
  left out). Each is given to exactly one source, the same rule as
  :func:`explorer.plots.sources.source_shares`: the speaker of the first claim (in text order)
  whose content covers it; claims of ``speaker_type`` ``outlet`` count as the outlet; else
  ``captions`` inside caption blocks; else ``outlet`` (the article's own voice, headline and
  standfirst included).
* **Kinds**: ``named`` and ``anonymous`` (from the claims' ``speaker_type``), ``outlet``,
  ``caption``.
* **Certainty of a character**: in a claim's content, the claim's certainty. Elsewhere, the
  most doubtful certainty of the events whose evidence covers it; failing that, ``hedged`` when
  its sentence holds a hedge of the language table; else ``asserted``.
* **Attributed characters** are those given to named or anonymous sources.
  ``attributed_share`` is a source's share of them.
* ``single_source_story`` is True on the row of the named source that carries more than half
  (:data:`SINGLE_SOURCE_SHARE`) of the attributed characters: the story rests on one person.
* A claim is ``anonymous_only`` when its speaker is anonymous, or its speaker is named but cites
  (``via``) only anonymous sources. A ``via`` item is named when it holds a person's name or
  surname (people table) or an organisation's name (org mentions); otherwise anonymous
  ("Russian doctors", "his medical sources"). A named speaker citing nothing is not
  anonymous-only: the speaker is on the record.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .nlp import split_sentences

OUTLET, CAPTIONS = "outlet", "captions"
SINGLE_SOURCE_SHARE = 0.5
CERTAINTIES = ("asserted", "hedged", "speculative")
PROFILE_COLUMNS = ("source", "kind", "claims", "chars", "share", "asserted_chars", "hedged_chars",
                   "speculative_chars", "attributed_share", "cites", "anonymous_only_claims",
                   "single_source_story")
SUPPORT_COLUMNS = ("claim_id", "speaker", "speaker_type", "via", "via_named", "via_anonymous",
                   "anonymous_only")


def _s(v) -> str:
    return "" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v).strip()


def _list(v) -> list[str]:
    return [x.strip() for x in _s(v).split(";") if x.strip()]


def _content_blocks(blocks: pd.DataFrame) -> pd.DataFrame:
    if blocks is None or blocks.empty:
        return blocks.iloc[0:0] if blocks is not None else pd.DataFrame(columns=["block_id", "kind", "text", "start", "end"])
    return blocks[(blocks["duplicate_of"].fillna("") == "") & (blocks["kind"] != "boilerplate")]


def _speaker(c: dict) -> tuple[str, str]:
    """(source name, kind) of a claim row."""
    kind = _s(c.get("speaker_type"))
    if kind == "outlet":
        return OUTLET, "outlet"
    return _s(c.get("speaker")) or "unnamed source", "anonymous" if kind == "anonymous" else "named"


# ------------------------------------------------------------------------------ anonymous-only

def _named_keys(tables) -> list[str]:
    """Lower-cased names that make a cited source named: people's names and surnames, org names."""
    keys: set[str] = set()
    people = getattr(tables, "people", None)
    if people is not None and not people.empty:
        for n in people["name"]:
            n = _s(n).casefold()
            if n:
                keys.add(n)
                keys.add(n.split()[-1])
    mentions = getattr(tables, "mentions", None)
    if mentions is not None and not mentions.empty:
        orgs = mentions[mentions["kind"] == "org"]
        keys |= {_s(n).casefold() for n in orgs["name"] if _s(n)}
        keys |= {_s(n).casefold() for n in orgs["text"] if _s(n)}
    return sorted(k for k in keys if len(k) > 2)


def _is_named(via_item: str, keys: list[str]) -> bool:
    import re
    low = via_item.casefold()
    return any(re.search(r"(?<!\w)" + re.escape(k) + r"(?!\w)", low) for k in keys)


def claim_support(tables) -> pd.DataFrame:
    """One row per claim: its cited sources split into named and anonymous, and
    ``anonymous_only`` (see the module docstring). Columns :data:`SUPPORT_COLUMNS`."""
    claims = tables.claims
    if claims is None or claims.empty:
        return pd.DataFrame(columns=list(SUPPORT_COLUMNS))
    keys = _named_keys(tables)
    rows = []
    for c in claims.to_dict("records"):
        via = _list(c.get("via"))
        named = [v for v in via if _is_named(v, keys)]
        anon = [v for v in via if v not in named]
        kind = _s(c.get("speaker_type"))
        rows.append({"claim_id": _s(c["claim_id"]), "speaker": _s(c.get("speaker")), "speaker_type": kind,
                     "via": "; ".join(via), "via_named": "; ".join(named), "via_anonymous": "; ".join(anon),
                     "anonymous_only": kind == "anonymous" or (kind == "named" and bool(via) and not named)})
    return pd.DataFrame(rows, columns=list(SUPPORT_COLUMNS))


# ------------------------------------------------------------------------------ characters

def _char_certainty(tables, lo: int, hi: int, content: pd.DataFrame) -> np.ndarray:
    """Certainty index (0 asserted, 1 hedged, 2 speculative) of each character outside claims."""
    cert = np.full(hi - lo, -1, dtype=np.int8)
    events = getattr(tables, "events", None)
    if events is not None and not events.empty:
        for e in events.to_dict("records"):
            c = _s(e.get("certainty"))
            if c in CERTAINTIES and pd.notna(e.get("start")) and pd.notna(e.get("end")):
                a, b = max(int(e["start"]), lo) - lo, min(int(e["end"]), hi) - lo
                if b > a:
                    cert[a:b] = np.maximum(cert[a:b], CERTAINTIES.index(c))
    hedges = getattr(tables, "language", None)
    hedge_at = []
    if hedges is not None and not hedges.empty:
        hedge_at = [int(s) for s in hedges.loc[hedges["category"] == "hedge", "start"].dropna()]
    for b in content.to_dict("records"):
        for s in split_sentences(_s(b["text"]), 0, len(_s(b["text"])), _s(b["block_id"])):
            a, z = int(b["start"]) + s.start, int(b["start"]) + s.end
            if any(a <= h < z for h in hedge_at):
                seg = cert[a - lo:z - lo]
                seg[seg < 0] = 1
    cert[cert < 0] = 0
    return cert


def source_profile(tables) -> pd.DataFrame:
    """One row per source of the article (columns :data:`PROFILE_COLUMNS`), sorted by chars
    (descending) then source. ``share`` sums to 1 over the rows when there is any content."""
    content = _content_blocks(tables.blocks)
    if content is None or content.empty:
        return pd.DataFrame(columns=list(PROFILE_COLUMNS))
    lo, hi = int(content["start"].min()), int(content["end"].max())
    owner = np.full(hi - lo, -1, dtype=np.int64)
    names: list[str] = [OUTLET, CAPTIONS]
    kinds: dict[str, str] = {OUTLET: "outlet", CAPTIONS: "caption"}
    for b in content.to_dict("records"):
        owner[int(b["start"]) - lo:int(b["end"]) - lo] = 1 if b["kind"] == "caption" else 0
    is_content = owner >= 0
    cert = _char_certainty(tables, lo, hi, content)
    claimed = np.zeros(hi - lo, dtype=bool)
    support = claim_support(tables).set_index("claim_id") if not tables.claims.empty else None
    counts: dict[str, list] = {}
    claims = tables.claims
    if claims is not None and not claims.empty:
        cl = claims[claims["content_start"].notna() & claims["content_end"].notna()]
        cl = cl.sort_values(["content_start", "claim_id"], kind="stable")
        for c in cl.to_dict("records"):
            who, kind = _speaker(c)
            if who not in names:
                names.append(who)
                kinds[who] = kind
            acc = counts.setdefault(who, [0, [], 0])
            acc[0] += 1
            acc[1] += [v for v in _list(c.get("via")) if v not in acc[1]]
            acc[2] += int(bool(support.loc[_s(c["claim_id"]), "anonymous_only"]))
            a, b = max(int(c["content_start"]), lo) - lo, min(int(c["content_end"]), hi) - lo
            if b <= a:
                continue
            free = is_content[a:b] & ~claimed[a:b]
            owner[a:b][free] = names.index(who)
            claimed[a:b] |= free
            c_cert = _s(c.get("certainty"))
            cert[a:b][free] = CERTAINTIES.index(c_cert) if c_cert in CERTAINTIES else 0
    total = int(is_content.sum())
    attributed = int(sum((owner == i).sum() for i, n in enumerate(names) if kinds[n] in ("named", "anonymous")))
    rows = []
    for i, name in enumerate(names):
        mine = owner == i
        n = int(mine.sum())
        if n == 0 and name not in counts and name != OUTLET:
            continue
        k, cites, anon = counts.get(name, [0, [], 0])
        att = n / attributed if attributed and kinds[name] in ("named", "anonymous") else 0.0
        rows.append({"source": name, "kind": kinds[name], "claims": k, "chars": n,
                     "share": n / total if total else 0.0,
                     **{f"{c}_chars": int((mine & (cert == j)).sum()) for j, c in enumerate(CERTAINTIES)},
                     "attributed_share": att, "cites": "; ".join(cites), "anonymous_only_claims": anon,
                     "single_source_story": kinds[name] == "named" and att > SINGLE_SOURCE_SHARE})
    df = pd.DataFrame(rows, columns=list(PROFILE_COLUMNS))
    return df.sort_values(["chars", "source"], ascending=[False, True], kind="stable").reset_index(drop=True)


def single_source(profile: pd.DataFrame) -> str:
    """The named source the story rests on (``single_source_story``), or "" when there is none."""
    hit = profile[profile["single_source_story"].astype(bool)] if not profile.empty else profile
    return str(hit["source"].iloc[0]) if len(hit) else ""

"""Who says what, on whose word, and how much of the story rests on each source.

In:  the ``claims`` table and the ``blocks`` table.
Out: :func:`source_shares` -> DataFrame ``source, voice, chars, share``: every character of the
     content blocks (duplicates and boilerplate left out) is given to exactly one voice: the
     speaker of the first claim whose content covers it (``voice`` = ``claim``; claims whose
     ``speaker_type`` is ``outlet`` count as the outlet), else ``captions`` for caption
     blocks, else ``outlet`` (the article's own voice). ``share`` = chars / all content chars.
     :func:`source_chains` -> DataFrame ``chain, speaker, via, claims, chars`` such as
     "outlet <- Valery Tsepkalo <- Russian doctors".
     :func:`sources_figure` -> Figure: shares as bars, and the source chains as a small diagram.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ._common import new_figure

OUTLET, CAPTIONS = "outlet", "captions"


def _content(blocks: pd.DataFrame) -> pd.DataFrame:
    if blocks is None or blocks.empty:
        return pd.DataFrame(columns=["block_id", "kind", "start", "end"])
    return blocks[(blocks["duplicate_of"].fillna("") == "") & (blocks["kind"] != "boilerplate")]


def _speaker(row, outlet: str) -> str:
    if str(row.get("speaker_type", "")) == "outlet":
        return outlet
    return str(row.get("speaker") or "").strip() or "unnamed source"


def source_shares(claims: pd.DataFrame, blocks: pd.DataFrame, *, outlet: str = OUTLET) -> pd.DataFrame:
    """Characters of the content blocks per voice (see the module docstring). Rows sorted by
    chars (descending) then source; the shares sum to 1 when there is any content."""
    cols = ["source", "voice", "chars", "share"]
    content = _content(blocks)
    if content.empty:
        return pd.DataFrame(columns=cols)
    lo, hi = int(content["start"].min()), int(content["end"].max())
    owner = np.full(hi - lo, -1, dtype=np.int64)       # -1: not content
    names: list[str] = [outlet, CAPTIONS]
    for _, b in content.iterrows():
        owner[int(b["start"]) - lo:int(b["end"]) - lo] = 1 if b["kind"] == "caption" else 0
    is_content = owner >= 0
    claimed = np.zeros(hi - lo, dtype=bool)
    if claims is not None and not claims.empty:
        cl = claims[claims["content_start"].notna() & claims["content_end"].notna()]
        cl = cl.sort_values(["content_start", "claim_id"], kind="stable")
        for _, c in cl.iterrows():
            who = _speaker(c, outlet)
            if who not in names:
                names.append(who)
            a, b = max(int(c["content_start"]), lo) - lo, min(int(c["content_end"]), hi) - lo
            if b <= a:
                continue
            seg = slice(a, b)
            free = is_content[seg] & ~claimed[seg]
            owner[seg][free] = names.index(who)
            claimed[seg] |= free
    total = int(is_content.sum())
    rows = []
    for i, name in enumerate(names):
        n = int((owner == i).sum())
        if n == 0 and name not in (outlet,):
            continue
        voice = "outlet" if name == outlet else "caption" if name == CAPTIONS else "claim"
        rows.append({"source": name, "voice": voice, "chars": n, "share": n / total if total else 0.0})
    df = pd.DataFrame(rows, columns=cols)
    return df.sort_values(["chars", "source"], ascending=[False, True], kind="stable").reset_index(drop=True)


def source_chains(claims: pd.DataFrame, *, outlet: str = OUTLET) -> pd.DataFrame:
    """One row per distinct (speaker, via): the chain of who the reader relies on, e.g.
    ``outlet <- Valery Tsepkalo <- Russian doctors``, with the number of claims and of content
    characters. Sorted by claims (descending) then chain."""
    cols = ["chain", "speaker", "via", "claims", "chars"]
    if claims is None or claims.empty:
        return pd.DataFrame(columns=cols)
    rows: dict[tuple[str, str], list[int]] = {}
    for _, c in claims.iterrows():
        who = _speaker(c, outlet)
        via = str(c.get("via") or "").strip()
        n = int(c["content_end"]) - int(c["content_start"]) if pd.notna(c["content_start"]) and pd.notna(c["content_end"]) else 0
        acc = rows.setdefault((who, via), [0, 0])
        acc[0] += 1
        acc[1] += max(0, n)
    out = []
    for (who, via), (k, n) in rows.items():
        chain = " <- ".join([outlet] + ([who] if who != outlet else []) + [v.strip() for v in via.split(";") if v.strip()])
        out.append({"chain": chain, "speaker": who, "via": via, "claims": k, "chars": n})
    df = pd.DataFrame(out, columns=cols)
    return df.sort_values(["claims", "chain"], ascending=[False, True], kind="stable").reset_index(drop=True)


def who_says_what(claims: pd.DataFrame, *, width: int = 110) -> pd.DataFrame:
    """The claims as a reader's table: ``speaker, via, cue, certainty, content`` (content cut to
    ``width`` characters), in text order."""
    cols = ["speaker", "via", "cue", "certainty", "content"]
    if claims is None or claims.empty:
        return pd.DataFrame(columns=cols)
    df = claims.sort_values(["content_start", "claim_id"], kind="stable")
    out = df[cols].copy()
    out["content"] = [s if len(s) <= width else s[: width - 1] + "…" for s in out["content"].astype(str)]
    return out.reset_index(drop=True)


def sources_figure(claims: pd.DataFrame, blocks: pd.DataFrame, *, outlet: str = OUTLET,
                   top_chains: int = 6) -> Figure:
    """Left: share of the story's content characters per voice (bars, percent labelled).
    Right: the source chains, boxes joined by arrows (outlet <- speaker <- cited source)."""
    shares = source_shares(claims, blocks, outlet=outlet)
    chains = source_chains(claims, outlet=outlet).head(top_chains)
    fig = new_figure((13, max(3.5, 0.55 * max(len(shares), len(chains), 3) + 1.8)))
    ax, ax2 = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1, 1.3]})
    if shares.empty:
        ax.set_axis_off()
        ax.text(0.5, 0.5, "no content blocks", ha="center", va="center", transform=ax.transAxes)
    else:
        colors = ["#7f7f7f" if v == "outlet" else "#c55a11" if v == "caption" else "#2e75b6" for v in shares["voice"]]
        names = list(shares["source"])[::-1]
        vals = list(shares["share"] * 100)[::-1]
        bars = ax.barh(names, vals, color=colors[::-1])
        for b, v, n in zip(bars, vals, list(shares["chars"])[::-1]):
            ax.annotate(f"{v:.0f}% ({n} chars)", (b.get_width(), b.get_y() + b.get_height() / 2),
                        xytext=(3, 0), textcoords="offset points", va="center", fontsize=8.5)
        ax.set_xlim(0, max(vals) * 1.45 + 1)
        ax.set_xlabel("% of the content characters")
        ax.set_title("Whose word the story rests on", loc="left", fontsize=11)
        for s in ("top", "right"):
            ax.spines[s].set_visible(False)
    ax2.set_axis_off()
    ax2.set_title("Source chains (the reader <- outlet <- speaker <- their source)", loc="left", fontsize=11)
    if chains.empty:
        ax2.text(0.5, 0.5, "no attributed claims found", ha="center", va="center",
                 transform=ax2.transAxes, color="#666666", fontsize=12)
    else:
        n = len(chains)
        for i, r in chains.iterrows():
            y = 1 - (i + 0.5) / n
            links = r["chain"].split(" <- ")
            for j, name in enumerate(links):
                x = 0.02 + j * 0.33
                ax2.text(x, y, name, transform=ax2.transAxes, va="center", ha="left", fontsize=9,
                         bbox=dict(boxstyle="round,pad=0.3", fc="#deebf7" if j else "#eeeeee", ec="#999999"))
                if j:
                    ax2.annotate("", xy=(x - 0.05, y), xytext=(x - 0.015, y), xycoords="axes fraction",
                                 arrowprops=dict(arrowstyle="->", color="#555555"))
            ax2.text(0.98, y, f"{r['claims']} claim(s)", transform=ax2.transAxes, ha="right",
                     va="center", fontsize=8, color="#555555")
    fig.set_label("sources")
    fig.tight_layout()
    return fig

"""A map of the places table from its own coordinates: no basemap download.

In:  the ``places`` table (``name``, ``kind``, ``lat``, ``lon``, ``mentions``).
Out: a Figure with plain lon/lat axes (equirectangular, aspect corrected for latitude), a
     light 5-degree graticule, coarse country outlines from the offline ``countryinfo``
     package data (already a dependency; drawn only when it is importable), and one point per
     place that has coordinates (area by mentions, colour by kind, labelled). Places without
     coordinates are listed under the map.
"""
from __future__ import annotations

import math
from functools import lru_cache

import pandas as pd
from matplotlib.figure import Figure

from ._common import message_figure, new_figure

KIND_COLORS = {"country": "#1f4e79", "city": "#c00000", "region": "#7030a0", "site": "#c55a11"}


@lru_cache(maxsize=1)
def country_outlines() -> tuple[tuple[tuple[float, float], ...], ...]:
    """Polygon rings (lon, lat) of every country outline ``countryinfo`` ships, or () when the
    package or its data is missing. Read once."""
    try:
        from countryinfo import all_countries
    except Exception:  # pragma: no cover - optional data
        return ()
    rings = []
    for c in all_countries():
        try:
            gj = c.geo_json() or {}
        except Exception:
            continue
        for f in gj.get("features", []):
            geom = f.get("geometry") or {}
            polys = geom.get("coordinates", [])
            if geom.get("type") == "Polygon":
                polys = [polys]
            elif geom.get("type") != "MultiPolygon":
                continue
            for poly in polys:
                if poly:
                    rings.append(tuple((float(x), float(y)) for x, y, *_ in poly[0]))
    return tuple(rings)


def _extent(lon: list[float], lat: list[float]) -> tuple[float, float, float, float]:
    x0, x1, y0, y1 = min(lon), max(lon), min(lat), max(lat)
    w, h = max(x1 - x0, 6.0), max(y1 - y0, 4.0)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    w, h = w * 1.5, h * 1.5
    w, h = max(w, h), max(h, w * 0.55)   # not a sliver: at least a 2:1 window
    return max(-180, cx - w / 2), min(180, cx + w / 2), max(-90, cy - h / 2), min(90, cy + h / 2)


def place_map(places: pd.DataFrame, *, outlines: bool = True) -> Figure:
    """One point per place with ``lat`` and ``lon``; see the module docstring."""
    if places is None or places.empty:
        return message_figure("no places found", title="Places")
    df = places.copy()
    df["lat"] = pd.to_numeric(df["lat"], errors="coerce")
    df["lon"] = pd.to_numeric(df["lon"], errors="coerce")
    geo = df[df["lat"].notna() & df["lon"].notna()].sort_values(["place_id"]).reset_index(drop=True)
    missing = sorted(df[df["lat"].isna() | df["lon"].isna()]["name"].astype(str))
    if geo.empty:
        return message_figure(f"no place has coordinates ({len(df)} place(s) without: "
                              f"{', '.join(missing[:6])})", title="Places")
    x0, x1, y0, y1 = _extent(list(geo["lon"]), list(geo["lat"]))
    fig = new_figure((9, 7))
    ax = fig.add_subplot(1, 1, 1)
    if outlines:
        for ring in country_outlines():
            xs = [p[0] for p in ring]
            ys = [p[1] for p in ring]
            if max(xs) < x0 or min(xs) > x1 or max(ys) < y0 or min(ys) > y1:
                continue
            ax.fill(xs, ys, facecolor="#f2f2ee", edgecolor="#b0b0b0", linewidth=0.6, zorder=0)
    step = 5 if max(x1 - x0, y1 - y0) <= 60 else 15
    ax.set_xticks([v for v in range(-180, 181, step) if x0 <= v <= x1])
    ax.set_yticks([v for v in range(-90, 91, step) if y0 <= v <= y1])
    ax.grid(color="#dddddd", linewidth=0.6, linestyle="-", zorder=0)
    mentions = pd.to_numeric(geo["mentions"], errors="coerce").fillna(0)
    mmax = max(1.0, float(mentions.max()))
    for i, r in geo.iterrows():
        sc = ax.scatter([r["lon"]], [r["lat"]], s=40 + 360 * float(mentions[i]) / mmax,
                        color=KIND_COLORS.get(r["kind"], "#333333"), alpha=0.75,
                        edgecolors="white", linewidths=1, zorder=3)
        sc.set_gid(f"place:{r['place_id']}")
    # one label per location: places sharing coordinates (a site given its city's) are listed
    # together, most mentioned first
    groups: dict[tuple[float, float], list[tuple[float, str]]] = {}
    for i, r in geo.iterrows():
        groups.setdefault((round(r["lon"], 2), round(r["lat"], 2)), []).append((-float(mentions[i]), str(r["name"])))
    for (lon, lat), names in sorted(groups.items()):
        ax.annotate("\n".join(n for _, n in sorted(names)), (lon, lat), xytext=(7, 0),
                    textcoords="offset points", fontsize=9, va="center", zorder=4,
                    bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.7))
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect(1 / max(0.2, math.cos(math.radians((y0 + y1) / 2))))
    ax.set_xlabel("longitude (°E)")
    ax.set_ylabel("latitude (°N)")
    from matplotlib.lines import Line2D
    kinds = [k for k in KIND_COLORS if k in set(geo["kind"])]
    ax.legend(handles=[Line2D([], [], marker="o", linestyle="none", color=KIND_COLORS[k], label=k) for k in kinds],
              loc="lower left", fontsize=8, frameon=True)
    ax.set_title("Places mentioned (point area = mentions)", loc="left", fontsize=11)
    if missing:
        fig.text(0.01, 0.01, "no coordinates: " + ", ".join(missing[:10]), fontsize=8, color="#666666")
    fig.set_label("map")
    return fig

"""Alt text for the figures, and figures as ``<img>`` with that alt text.

In:  a matplotlib Figure (optionally with a description set by :func:`set_alt`).
Out: :func:`alt_text` (a sentence saying what the figure shows), :func:`figure_html` (the
     figure as an escaped ``<img alt=... src="data:image/png;base64,...">``, deterministic
     bytes) and :func:`register` (in IPython, figures are then also displayed as that HTML,
     which Jupyter and nbconvert prefer over the bare PNG, so every figure in a notebook and in
     its exported report carries its alt text).
"""
from __future__ import annotations

import base64
import html
import io

from matplotlib.figure import Figure

_ATTR = "_article_explorer_alt"


def set_alt(fig: Figure, text: str) -> Figure:
    """Attach ``text`` to ``fig`` as its description; returns ``fig``."""
    setattr(fig, _ATTR, str(text))
    return fig


def alt_text(fig: Figure) -> str:
    """The description set by :func:`set_alt`, else one built from the figure's titles, axis
    labels and label ("Figure: <title>. <axes titles>.")."""
    own = getattr(fig, _ATTR, None)
    if own:
        return own
    parts = []
    if getattr(fig, "_suptitle", None) is not None and fig._suptitle.get_text():
        parts.append(fig._suptitle.get_text())
    for ax in fig.axes:
        bits = [t for t in (ax.get_title(), ax.get_title(loc="left"), ax.get_xlabel(), ax.get_ylabel()) if t]
        bits += [t.get_text() for t in ax.texts if t.get_text()][:1]
        if bits:
            parts.append(", ".join(dict.fromkeys(bits)))
    if not parts and fig.get_label():
        parts.append(fig.get_label())
    return "Figure: " + ". ".join(parts) + "." if parts else "Figure."


def figure_html(fig: Figure, alt: str | None = None, *, dpi: float | str = "figure") -> str:
    """``fig`` as one ``<img>`` with an inline PNG (no timestamp) and ``alt`` (default
    :func:`alt_text`), escaped."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight", metadata={"Software": None})
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    text = alt if alt is not None else alt_text(fig)
    return (f'<img alt="{html.escape(text, quote=True)}" style="max-width: 100%" '
            f'src="data:image/png;base64,{data}"/>')


def register(ip=None) -> bool:
    """In an IPython session (``ip`` or the current one), display every Figure also as
    :func:`figure_html`. Returns whether a session was found. Idempotent."""
    if ip is None:
        try:
            from IPython import get_ipython
        except ImportError:
            return False
        ip = get_ipython()
    if ip is None or not hasattr(ip, "display_formatter"):
        return False
    ip.display_formatter.formatters["text/html"].for_type(Figure, figure_html)
    return True

"""The main job (``explorer report`` / ``make report``): tables, figures and self-contained HTML
reports for every article in ``<root>/data/raw``.

In:  a project root holding ``data/raw/*.txt`` and ``notebooks/*.ipynb``.
Out: ``data/processed/<stem>/<table>.csv`` for each article; the notebooks executed with
     nbclient (kernel of the current environment, cwd ``notebooks/``) with their figures in
     ``figures/``; each executed notebook exported to ``reports/<notebook stem>.html`` with the
     code hidden, figures embedded, and no reference to any network host (checked after
     export); ``figures/report_screenshot.png`` when headless Chromium is installed.
     The first article (by file name) gives ``reports/*.html`` and ``figures/*``; any further
     article gives ``reports/<article stem>/*.html`` and ``figures/<article stem>/*``.
     The notebooks in ``notebooks/`` are only read: executed copies are never written back.
"""
from __future__ import annotations

import copy
import os
import re
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .errors import ExplorerError

CELL_TIMEOUT = 300  #: seconds per notebook cell
WORKERS = min(4, os.cpu_count() or 1)  #: notebooks executed at once
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
SCREENSHOT_FROM = ("02_timeline", "04_sources_and_claims")

# A template on top of nbconvert's "lab" one, with every block that would fetch a script from
# a CDN (require.js, MathJax, Mermaid, the widget html-manager) left empty.
TEMPLATE_NAME = "article_explorer.html.j2"
TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{% block jupyter_widgets %}{% endblock jupyter_widgets %}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{% block extra_css %}<style>
main { max-width: 1100px; margin: 0 auto; }
.jp-OutputArea-output { max-width: 100%; overflow-x: auto; }
.jp-RenderedHTMLCommon table { font-size: 0.85em; table-layout: auto; }
.jp-RenderedHTMLCommon td, .jp-RenderedHTMLCommon th { white-space: normal; overflow-wrap: anywhere;
  max-width: 32em; vertical-align: top; }
</style>{% endblock extra_css %}
"""
# A figure or axes shown as its text repr instead of its image (a notebook displayed a bare
# matplotlib object with no image formatter registered), raw or HTML-escaped.
_FIGURE_REPR = re.compile(r"(?:<|&lt;)(?:Figure size \d+(?:\.\d+)?x\d+(?:\.\d+)? with \d+ Axes"
                          r"|(?:Axes|AxesSubplot|PolarAxes|GeoAxes)(?:Subplot)?:[^<>&]*)(?:>|&gt;)")

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
WIDGET_NOTE = ("<p><em>The live explorer (ipywidgets) appears here when this notebook runs in "
               "Jupyter; its static form follows.</em></p>")

_ATTR = re.compile(r"""\b(?:src|href|action|poster|data|srcset|xlink:href)\s*=\s*(["']?)([^"'\s>]*)""", re.I)
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_CSS_URL = re.compile(r"""(?:url\(\s*["']?|@import\s+["'])((?:https?:)?//[^"')\s]+)""", re.I)


class ReportError(ExplorerError):
    """A report could not be built (notebook failed, or output would reach the network)."""


def external_refs(html: str) -> list[str]:
    """Attribute values (src, href, ...) and CSS urls in ``html`` that point at a network host:
    starting with ``http:``, ``https:`` or ``//``. Empty for a self-contained page."""
    out = [v for _, v in _ATTR.findall(html) if re.match(r"(?:https?:|//)", v.strip(), re.I)]
    out += _CSS_URL.findall(html)
    return out


def figure_reprs(text: str) -> list[str]:
    """The matplotlib text reprs (``<Figure size 1300x620 with 1 Axes>``, ``<Axes: ...>``, raw or
    HTML-escaped) in ``text``: each is a figure a reader sees as text instead of an image."""
    return [m.group(0) for m in _FIGURE_REPR.finditer(text)]


def notebook_figure_reprs(nb) -> list[str]:
    """Figure text reprs among an executed notebook's outputs: a stream, an error, or a display
    whose richest form is the repr (a display that also carries an image is fine)."""
    found = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data") or {}
            if any(k.startswith("image/") for k in data):
                continue
            text = out.get("text", "") + "".join(str(data.get(k, "")) for k in ("text/plain", "text/html"))
            found += figure_reprs(text if isinstance(text, str) else "".join(text))
    return found


def notebooks(root) -> list[Path]:
    """The notebooks of ``<root>/notebooks`` in name order (checkpoints left out)."""
    d = Path(root) / "notebooks"
    return sorted(p for p in d.glob("*.ipynb") if not p.name.startswith("."))


def _inject(nb, params: dict) -> None:
    """Papermill-style parameters: a cell tagged ``injected-parameters`` after the cell tagged
    ``parameters`` (or first), overriding its values."""
    import nbformat

    src = "\n".join(f"{k} = {v!r}" for k, v in params.items())
    cell = nbformat.v4.new_code_cell(src, metadata={"tags": ["injected-parameters"]})
    idx = next((i for i, c in enumerate(nb.cells) if "parameters" in c.get("metadata", {}).get("tags", [])), -1)
    nb.cells.insert(idx + 1, cell)


def execute_notebook(path, *, params: dict | None = None, cwd=None, timeout: int = CELL_TIMEOUT,
                     kernel_name: str = "python3"):
    """Execute a copy of the notebook at ``path`` in ``cwd`` (default: its folder) and return it
    (the file itself is not touched). Widget state is not stored."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(str(path), as_version=4)
    if params:
        _inject(nb, params)
    client = NotebookClient(nb, timeout=timeout, kernel_name=kernel_name, store_widget_state=False,
                            extra_arguments=["--IPKernelApp.log_level=ERROR"],
                            resources={"metadata": {"path": str(cwd or Path(path).parent)}})
    try:
        client.execute()
    except CellExecutionError as exc:
        msg = [l for l in _ANSI.sub("", str(exc)).strip().splitlines() if l.strip()]
        raise ReportError(f"{Path(path).name}: a cell failed: {msg[-1] if msg else exc}") from None
    return nb


def _strip_widgets(nb) -> None:
    """Remove widget state and replace live-widget outputs by a short note (a report has no
    kernel, and the widget renderer would be fetched from a CDN)."""
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data")
            if data and WIDGET_MIME in data:
                out["data"] = {"text/html": WIDGET_NOTE}


def _title(nb, default: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            m = re.search(r"^#\s+(.+)$", cell.source, re.M)
            if m:
                return m.group(1).strip()
    return default


def export_html(nb, out_path) -> Path:
    """An executed notebook to a self-contained HTML report at ``out_path``: code cells hidden,
    prompts hidden, figures embedded, no network reference (raises :class:`ReportError`
    otherwise)."""
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    nb = copy.deepcopy(nb)
    _strip_widgets(nb)
    nb.metadata["title"] = _title(nb, Path(out_path).stem)
    exporter = HTMLExporter(template_name="lab", extra_loaders=[DictLoader({TEMPLATE_NAME: TEMPLATE})],
                            template_file=TEMPLATE_NAME, exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True, embed_images=True, mathjax_url="",
                            require_js_url="", theme="light")
    body, _ = exporter.from_notebook_node(nb)
    bad = external_refs(body)
    if bad:
        raise ReportError(f"{out_path}: the report would load from the network: {sorted(set(bad))[:5]}")
    reprs = figure_reprs(body)
    if reprs:
        raise ReportError(f"{out_path}: a figure would show as text, not as an image: {reprs[0]}")
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".html.tmp")
    tmp.write_text(body, encoding="utf-8")
    tmp.replace(out)
    return out


def chromium() -> str | None:
    """Path of a headless-capable Chromium, or None."""
    for c in CHROMIUM_CANDIDATES:
        if os.path.exists(c) and os.access(c, os.X_OK):
            return c
    return shutil.which("chromium") or shutil.which("chromium-browser")


def chromium_args(browser: str, user_dir: str) -> list[str]:
    """Headless Chromium with every network path closed (proxy to a dead port, no DNS)."""
    return [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", "--hide-scrollbars", f"--user-data-dir={user_dir}",
            "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND"]


def screenshot(html_path, png_path, *, size: str = "1200,1600", timeout: int = 90) -> bool:
    """Screenshot of a local HTML file with headless Chromium, offline. False when Chromium is
    absent or fails."""
    browser = chromium()
    if not browser:
        return False
    png = Path(png_path).resolve()
    png.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as ud:
        # wait for every image to decode and every compositor stage to draw before the capture:
        # without these a loaded machine can capture a half-painted figure
        cmd = chromium_args(browser, ud) + [f"--screenshot={png}", f"--window-size={size}",
                                            "--run-all-compositor-stages-before-draw",
                                            "--virtual-time-budget=10000",
                                            Path(html_path).resolve().as_uri()]
        try:
            subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
        except (OSError, subprocess.TimeoutExpired):
            return False
    return png.exists() and png.stat().st_size > 0


def _rel(p: Path, root: Path) -> str:
    try:
        return str(p.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(p)


def build_all(root=".", *, timeout: int = CELL_TIMEOUT, strict: bool = True,
              workers: int = WORKERS) -> list[str]:
    """Extract every article of ``<root>/data/raw``, execute the notebooks for it, export the
    HTML reports, and return lines saying where the outputs are. See the module docstring.

    A notebook that fails does not stop the others; with ``strict`` (the default) a
    :class:`ReportError` naming every failure (and where the other outputs went) is raised
    at the end, otherwise the failures are returned as ``failed: ...`` lines."""
    from .batch import article_files, extract_path

    root = Path(root)
    raw = root / "data" / "raw"
    if not raw.is_dir():
        raise ExplorerError(f"{raw}: no such directory (expected the articles in data/raw)")
    articles = article_files(raw)
    if not articles:
        raise ExplorerError(f"{raw}: holds no .txt articles")
    nbs = notebooks(root)
    if not nbs:
        raise ExplorerError(f"{root / 'notebooks'}: holds no notebooks")
    lines, reports, figures, failures = [], [], [], []
    for i, art in enumerate(articles):
        res = extract_path(art, root / "data" / "processed" / art.stem)
        if res.failures:
            failures.append(f"failed: {res.failures[0][1]}")
            continue
        lines.append(f"tables: {_rel(root / 'data' / 'processed' / art.stem, root)}/ "
                     f"({', '.join(f'{t} {n}' for t, n in res.rows.items())})")
        sub = "" if i == 0 else art.stem
        fig_dir = root / "figures" / sub if sub else root / "figures"
        rep_dir = root / "reports" / sub if sub else root / "reports"
        fig_dir.mkdir(parents=True, exist_ok=True)
        before = {p: p.stat().st_mtime_ns for p in fig_dir.glob("*.*")}
        params = {"ARTICLE": os.path.relpath(art, root / "notebooks"),
                  "FIGURES": os.path.relpath(fig_dir, root / "notebooks")}
        def run(nb_path: Path) -> Path:
            nb = execute_notebook(nb_path, params=params, cwd=root / "notebooks", timeout=timeout)
            return export_html(nb, rep_dir / f"{nb_path.stem}.html")

        # notebooks are independent (each writes its own figures): run a few kernels at once
        with ThreadPoolExecutor(max_workers=max(1, min(workers, len(nbs)))) as pool:
            futures = [pool.submit(run, p) for p in nbs]
            for nb_path, fut in zip(nbs, futures):
                try:
                    reports.append(fut.result())
                except ReportError as exc:
                    failures.append(f"failed: {art.name}: {exc}")
        figures += sorted(p for p in fig_dir.glob("*.*")
                          if p.suffix in (".png", ".svg") and before.get(p) != p.stat().st_mtime_ns)
    lines += [f"figures: {_rel(p, root)}" for p in figures]
    lines += [f"reports: {_rel(p, root)}" for p in reports]
    shot = root / "figures" / "report_screenshot.png"
    src = next((p for name in SCREENSHOT_FROM for p in reports if p.stem == name and p.parent == root / "reports"), None)
    if src is not None and chromium():
        if screenshot(src, shot):
            lines.append(f"screenshot: {_rel(shot, root)} (from {_rel(src, root)})")
        else:
            lines.append("screenshot: chromium failed; kept the committed figures/report_screenshot.png")
    else:
        lines.append("screenshot: chromium not installed; kept the committed figures/report_screenshot.png")
    if failures and strict:
        raise ReportError("\n".join(failures + ["(other outputs were written:)"] + lines))
    return lines + failures

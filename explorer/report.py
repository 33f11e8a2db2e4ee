"""The reports (``explorer report`` / ``make report``): for one article, or each article of a
folder, its tables, figures and self-contained HTML reports.

In:  an article path (or a folder of articles), an output folder, optionally a context CSV (or a
     folder of ``<stem>.context.csv``). The report notebooks are the package's templates
     (:func:`templates`: ``explorer/notebooks`` when installed, which is the repository's
     ``notebooks/`` folder itself; see pyproject.toml).
Out: per article, in its report folder (``--out`` for one article, ``<out>/<stem>`` for each
     article of a folder): ``<notebook>.html`` for every template (the corroboration one only
     with a context), ``figures/`` and ``tables/<stem>/*.csv`` (the eight tables and their
     manifest, see :mod:`explorer.cache`), unless ``figures``/``tables`` name other folders.
     Each template is run by papermill with its parameters (ARTICLE, TABLES, FIGURES, CONTEXT)
     in a kernel of the current environment, then exported with the code hidden, figures
     embedded and no reference to any network host (checked after export). The tables are
     extracted once per article, before the notebooks run, and each notebook reads them.
"""
from __future__ import annotations

import copy
import os
import re
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
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
.jp-RenderedHTMLCommon td, .jp-RenderedHTMLCommon th { white-space: normal; overflow-wrap: break-word;
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


def templates() -> list[Path]:
    """The report notebooks, in name order: ``explorer/notebooks`` in an installed package (the
    wheel's copy of ``notebooks/``), else the repository's ``notebooks/`` beside the package (a
    checkout, or an editable install). Checkpoints are left out. Raises :class:`ReportError`
    when there are none."""
    pkg = Path(__file__).resolve().parent
    for d in (pkg / "notebooks", pkg.parent / "notebooks"):
        found = sorted(p for p in d.glob("*.ipynb") if not p.name.startswith("."))
        if found:
            return found
    raise ReportError(f"no report notebooks in {pkg / 'notebooks'} or {pkg.parent / 'notebooks'}: reinstall the package")


_ASSIGN = re.compile(r"^([A-Za-z_]\w*)\s*=", re.M)


def parameters(nb) -> list[str]:
    """The names assigned in the notebook's cell tagged ``parameters`` (empty when it has none)."""
    cell = next((c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])), None)
    return _ASSIGN.findall(cell.source) if cell is not None else []


def needs(nb) -> list[str]:
    """What a template needs besides the article (notebook metadata ``explorer.needs``), e.g.
    ``["context"]`` for the corroboration report."""
    return list(nb.metadata.get("explorer", {}).get("needs", []))


def execute_notebook(path, *, params: dict | None = None, cwd=None, timeout: int = CELL_TIMEOUT,
                     kernel_name: str = "python3"):
    """Run the notebook at ``path`` with papermill in ``cwd`` (default: its folder), with
    ``params`` injected after its ``parameters`` cell, and return the executed notebook (no file
    is written; the template is only read). Widget state is not stored. A failing cell raises
    :class:`ReportError` naming the notebook and the error."""
    import logging

    import papermill as pm

    logging.getLogger("papermill").setLevel(logging.WARNING)
    try:
        # the kernel's folder goes through nbclient (papermill's own ``cwd`` would chdir the whole
        # process, which the notebooks running in parallel threads share)
        return pm.execute_notebook(str(path), None, parameters=params or {}, kernel_name=kernel_name,
                                   resources={"metadata": {"path": str(cwd or Path(path).parent)}},
                                   progress_bar=False, log_output=False,
                                   request_save_on_cell_execute=False, execution_timeout=timeout,
                                   store_widget_state=False, extra_arguments=["--IPKernelApp.log_level=CRITICAL"])
    except pm.PapermillExecutionError as exc:
        msg = _ANSI.sub("", f"{exc.ename}: {exc.evalue}").strip().splitlines()
        raise ReportError(f"{Path(path).name}: a cell failed: {msg[0] if msg else exc.ename}") from None


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


def _shown(p: Path) -> str:
    """``p`` relative to the current folder when it is inside it, else absolute."""
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p.resolve())


@dataclass
class ReportResult:
    """What :func:`report_path` wrote (``lines``, one output each) and what failed (``failures``,
    one line each: an article that could not be read, a notebook that failed)."""
    lines: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    reports: list[Path] = field(default_factory=list)


def _context_for(article: Path, context) -> Path | None:
    """The context CSV of ``article``: ``context`` itself when it is a file, ``<context>/<stem>.context.csv``
    when it is a folder holding one, else None."""
    if context is None:
        return None
    c = Path(context)
    if c.is_dir():
        f = c / f"{article.stem}.context.csv"
        return f if f.is_file() else None
    return c


def report_article(article_path, out_dir, *, context=None, figures=None, tables=None, notebooks=None,
                   timeout: int = CELL_TIMEOUT, workers: int = WORKERS) -> ReportResult:
    """The reports of one article into ``out_dir``: ``<template>.html`` each, the figures in
    ``figures`` (default ``<out_dir>/figures``), the tables in ``<tables>/<stem>/`` (default
    ``tables`` = ``<out_dir>/tables``). ``context`` is a context CSV (or None: no corroboration
    report). A bad article or context raises its :class:`ExplorerError`; a failing notebook is
    recorded in the result's ``failures`` and the other notebooks still run. ``notebooks``: the
    templates to run (default: every one of :func:`templates`)."""
    import nbformat

    from .cache import load_or_extract, tables_dir
    from .corroborate import read_context

    art = Path(article_path)
    out = Path(out_dir)
    fig_dir = Path(figures) if figures is not None else out / "figures"
    tab_root = Path(tables) if tables is not None else out / "tables"
    ctx = Path(context) if context is not None else None
    if ctx is not None:
        read_context(ctx)  # a missing or malformed context fails here, in one line, before any work
    _, tabs = load_or_extract(art, tab_root)
    res = ReportResult()
    res.lines.append(f"tables: {_shown(tables_dir(art, tab_root))}/ "
                     f"({', '.join(f'{t} {n}' for t, n in tabs.counts().items())})")
    fig_dir.mkdir(parents=True, exist_ok=True)
    out.mkdir(parents=True, exist_ok=True)
    before = {p: p.stat().st_mtime_ns for p in fig_dir.glob("*.*")}
    values = {"ARTICLE": str(art.resolve()), "TABLES": str(tab_root.resolve()), "FIGURES": str(fig_dir.resolve()),
              "CONTEXT": str(ctx.resolve()) if ctx is not None else None}
    jobs = []
    for path in (templates() if notebooks is None else [Path(n) for n in notebooks]):
        nb = nbformat.read(str(path), as_version=4)
        names = parameters(nb)
        if "ARTICLE" not in names:
            continue                      # not a report on one article
        if "context" in needs(nb) and ctx is None:
            res.lines.append(f"skipped: {path.stem} (no context given: --context)")
            continue
        jobs.append((path, {k: v for k, v in values.items() if k in names}))

    def run(job) -> Path:
        path, params = job
        nb = execute_notebook(path, params=params, cwd=out, timeout=timeout)
        return export_html(nb, out / f"{path.stem}.html")

    # the notebooks are independent (each writes its own figures): run a few kernels at once
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(jobs) or 1))) as pool:
        for (path, _), fut in zip(jobs, [pool.submit(run, j) for j in jobs]):
            try:
                res.reports.append(fut.result())
            except ReportError as exc:
                res.failures.append(f"{art.name}: {exc}")
    res.lines += [f"figures: {_shown(p)}" for p in sorted(fig_dir.glob("*.*"))
                  if p.suffix in (".png", ".svg") and before.get(p) != p.stat().st_mtime_ns]
    res.lines += [f"reports: {_shown(p)}" for p in res.reports]
    return res


def report_path(path, out_dir, *, context=None, figures=None, tables=None, screenshot_png=None,
                notebooks=None, timeout: int = CELL_TIMEOUT, workers: int = WORKERS) -> ReportResult:
    """The reports of an article file (into ``out_dir``) or of every article of a folder (into
    ``<out_dir>/<stem>/``, and ``<figures>/<stem>``, with the tables still in ``<tables>/<stem>``).
    ``context``: a context CSV, or a folder of ``<stem>.context.csv`` (an article without one
    gets no corroboration report). For one file, a bad article raises; in a folder it is recorded
    in ``failures`` and the other articles go on. ``screenshot_png``: where to save a screenshot
    of the first article's timeline report (needs Chromium). ``notebooks``: as for
    :func:`report_article`."""
    from .batch import article_files
    from .errors import ArticleNotFound

    src, out = Path(path), Path(out_dir)
    if not src.exists():
        raise ArticleNotFound(src, "no such file or directory")
    if out.exists() and not out.is_dir():
        raise ExplorerError(f"{out}: --out must be a directory, and a file of that name exists")
    if context is not None and not Path(context).exists():
        raise ExplorerError(f"{context}: no such context file or directory")
    if src.is_dir():
        files = article_files(src)
        if not files:
            raise ArticleNotFound(src, "the directory holds no articles")
        targets = [(f, out / f.stem, Path(figures) / f.stem if figures is not None else None) for f in files]
    else:
        targets = [(src, out, Path(figures) if figures is not None else None)]
    total = ReportResult()
    for art, dest, fig in targets:
        try:
            one = report_article(art, dest, context=_context_for(art, context), figures=fig, tables=tables,
                                 notebooks=notebooks, timeout=timeout, workers=workers)
        except ExplorerError as exc:
            if not src.is_dir():
                raise
            total.failures.append(str(exc))
            continue
        total.lines += one.lines
        total.failures += one.failures
        total.reports += one.reports
    if screenshot_png is not None:
        total.lines.append(_screenshot_line(total.reports, Path(screenshot_png)))
    return total


def _screenshot_line(reports: list[Path], png: Path) -> str:
    src = next((p for name in SCREENSHOT_FROM for p in reports if p.stem == name), None)
    if src is None:
        return "screenshot: no timeline report to take it from"
    if not chromium():
        return f"screenshot: chromium not installed; kept {_shown(png)}"
    if screenshot(src, png):
        return f"screenshot: {_shown(png)} (from {_shown(src)})"
    return f"screenshot: chromium failed; kept {_shown(png)}"

"""Compose the extractors into one pipeline.

Each component is a small function registered under a name with :func:`component`. It takes
the shared :class:`Doc` and adds rows for the tables it produces (``doc.rows[table]``), and may
leave intermediate results for later components in ``doc.data``. Components run in the order
of :data:`DEFAULT_PIPELINE`; each declares the tables it needs, and the order is checked.

In:  an :class:`~explorer.article.Article`.
Out: :class:`~explorer.tables.Tables`, the nine DataFrames of ``TABLES.md``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module
from typing import TYPE_CHECKING, Callable

from .article import Article, Block
from .errors import ExplorerError
from .nlp import Sentence, sentences

if TYPE_CHECKING:  # pandas is imported only when DataFrames are asked for
    from .tables import Tables


@dataclass
class Doc:
    """What the components share: the article, its sentences, the rows so far, and options."""
    article: Article
    sentences: list[Sentence]
    rows: dict[str, list[dict]] = field(default_factory=dict)
    data: dict = field(default_factory=dict)
    ner: str | None = None

    @property
    def text(self) -> str:
        return self.article.text

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence holding ``offset`` (binary search), or None."""
        lo, hi = 0, len(self.sentences)
        while lo < hi:
            mid = (lo + hi) // 2
            s = self.sentences[mid]
            if offset < s.start:
                hi = mid
            elif offset >= s.end:
                lo = mid + 1
            else:
                return s
        return None

    def block_of(self, offset: int) -> Block | None:
        return self.article.block_at(offset)


@dataclass(frozen=True)
class Component:
    name: str
    func: Callable[..., None]
    produces: tuple[str, ...]
    requires: tuple[str, ...]
    #: the component's options and their defaults; None for a component without options
    default_config: dict | None = None


REGISTRY: dict[str, Component] = {}
DEFAULT_PIPELINE = ("blocks", "dates", "entities", "language", "claims", "events", "event_mentions")
#: the modules whose import registers the extractor components (imported by name, so the
#: pipeline imports none of them and they import the pipeline, not the other way round)
COMPONENT_MODULES = ("explorer.extract.dates", "explorer.extract.entities", "explorer.extract.language",
                     "explorer.extract.attribution", "explorer.extract.events",
                     "explorer.extract.event_mentions")


def component(name: str, *, produces: tuple[str, ...], requires: tuple[str, ...] = (),
              default_config: dict | None = None):
    """Register ``func(doc) -> None`` as pipeline component ``name``. With ``default_config``
    (a JSON-like dict of options), the component is called as ``func(doc, config)`` with those
    defaults updated by the run's config for ``name`` (see :func:`component_config`)."""
    def deco(func):
        REGISTRY[name] = Component(name, func, tuple(produces), tuple(requires), default_config)
        return func
    return deco


def component_config(name: str, overrides: dict | None = None) -> dict:
    """Component ``name``'s defaults updated by ``overrides`` (nested dicts are merged key by
    key). An option the component does not declare raises :class:`~explorer.errors.ExplorerError`."""
    _load_components()
    if name not in REGISTRY:
        raise ExplorerError(f"unknown component {name!r} in config; choose from {', '.join(REGISTRY)}")
    return _merge(REGISTRY[name].default_config or {}, overrides or {}, name)


def _merge(defaults: dict, overrides: dict, where: str) -> dict:
    if not isinstance(overrides, dict):
        raise ExplorerError(f"config {where}: expected a table of options, got {overrides!r}")
    out = dict(defaults)
    for k, v in overrides.items():
        if k not in defaults:
            raise ExplorerError(f"config {where}: unknown option {k!r}; choose from {', '.join(defaults) or 'none'}")
        out[k] = _merge(defaults[k], v, f"{where}.{k}") if isinstance(defaults[k], dict) else v
    return out


@component("blocks", produces=("blocks",))
def blocks_component(doc: Doc) -> None:
    doc.rows["blocks"] = [{"block_id": b.block_id, "kind": b.kind, "text": b.text, "start": b.start,
                           "end": b.end, "duplicate_of": b.duplicate_of} for b in doc.article.blocks]


def _load_components() -> None:
    # importing the extractor modules registers their components
    for module in COMPONENT_MODULES:
        import_module(module)


def run(article: Article, *, pipeline: tuple[str, ...] = DEFAULT_PIPELINE, ner: str | None = None,
        config: dict | None = None) -> Doc:
    """Run the components over ``article`` and return the :class:`Doc` with all rows.
    ``config`` maps a component name to its options, e.g. ``{"claims": {"mode": "rules"}}``."""
    _load_components()
    configs = {name: component_config(name, opts) for name, opts in (config or {}).items()}
    doc = Doc(article=article, sentences=sentences(article), ner=ner)
    for name in pipeline:
        comp = REGISTRY[name]
        missing = [t for t in comp.requires if t not in doc.rows]
        if missing:
            raise RuntimeError(f"component {name!r} needs {missing} first")
        if comp.default_config is None:
            comp.func(doc)
        else:
            comp.func(doc, configs.get(name) or component_config(name))
    return doc


def components_for(tables) -> tuple[str, ...]:
    """Table names in; the components of :data:`DEFAULT_PIPELINE` needed to produce them out,
    in pipeline order, together with the components those need (``requires``).

    ``None`` means every table. An unknown table name raises :class:`~explorer.errors.ExplorerError`.
    """
    if tables is None:
        return DEFAULT_PIPELINE
    if isinstance(tables, str):
        tables = [tables]
    if not tables:
        raise ExplorerError("no table named; choose from blocks, dates, people, places, mentions, language, claims, events, event_mentions")
    _load_components()
    producer = {t: name for name in DEFAULT_PIPELINE for t in REGISTRY[name].produces}
    unknown = sorted(set(tables) - set(producer))
    if unknown:
        raise ExplorerError(f"unknown table(s) {', '.join(unknown)}; choose from {', '.join(producer)}")
    needed: set[str] = set()
    todo = [producer[t] for t in tables]
    while todo:
        name = todo.pop()
        if name not in needed:
            needed.add(name)
            todo += [producer[t] for t in REGISTRY[name].requires]
    return tuple(n for n in DEFAULT_PIPELINE if n in needed)


def extract(article: Article, *, ner: str | None = None, tables=None, config: dict | None = None) -> Tables:
    """Article in, the nine tables out (DataFrames with the schema of ``explorer.tables``).

    ``tables`` (an iterable of table names) runs only the components those tables need; tables
    that no needed component produces come back empty (the ones a requested table depends on,
    such as ``blocks``, are filled too). ``None`` (the default) fills all nine. ``config`` gives
    components options: ``{"claims": {"mode": "rules"}}`` (see :func:`run`).
    """
    from .tables import Tables
    return Tables.from_rows(run(article, pipeline=components_for(tables), ner=ner, config=config).rows)

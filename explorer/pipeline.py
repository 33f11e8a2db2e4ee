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
    func: Callable[[Doc], None]
    produces: tuple[str, ...]
    requires: tuple[str, ...]


REGISTRY: dict[str, Component] = {}
DEFAULT_PIPELINE = ("blocks", "dates", "entities", "language", "claims", "events", "event_mentions")


def component(name: str, *, produces: tuple[str, ...], requires: tuple[str, ...] = ()):
    """Register ``func(doc) -> None`` as pipeline component ``name``."""
    def deco(func):
        REGISTRY[name] = Component(name, func, tuple(produces), tuple(requires))
        return func
    return deco


@component("blocks", produces=("blocks",))
def blocks_component(doc: Doc) -> None:
    doc.rows["blocks"] = [{"block_id": b.block_id, "kind": b.kind, "text": b.text, "start": b.start,
                           "end": b.end, "duplicate_of": b.duplicate_of} for b in doc.article.blocks]


def _load_components() -> None:
    # importing the extractor modules registers their components
    from .extract import claims, dates, entities, event_mentions, events, language  # noqa: F401


def run(article: Article, *, pipeline: tuple[str, ...] = DEFAULT_PIPELINE, ner: str | None = None) -> Doc:
    """Run the components over ``article`` and return the :class:`Doc` with all rows."""
    _load_components()
    doc = Doc(article=article, sentences=sentences(article), ner=ner)
    for name in pipeline:
        comp = REGISTRY[name]
        missing = [t for t in comp.requires if t not in doc.rows]
        if missing:
            raise RuntimeError(f"component {name!r} needs {missing} first")
        comp.func(doc)
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


def extract(article: Article, *, ner: str | None = None, tables=None) -> Tables:
    """Article in, the nine tables out (DataFrames with the schema of ``explorer.tables``).

    ``tables`` (an iterable of table names) runs only the components those tables need; tables
    that no needed component produces come back empty (the ones a requested table depends on,
    such as ``blocks``, are filled too). ``None`` (the default) fills all nine.
    """
    from .tables import Tables
    return Tables.from_rows(run(article, pipeline=components_for(tables), ner=ner).rows)

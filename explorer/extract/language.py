"""Hedges and loaded terms -> language table (placeholder)."""
from ..pipeline import Doc, component


@component("language", produces=("language",), requires=("blocks",))
def language_component(doc: Doc) -> None:
    doc.rows["language"] = []

"""Temporal expressions -> dates table (placeholder, replaced by the dates extractor)."""
from ..pipeline import Doc, component


@component("dates", produces=("dates",), requires=("blocks",))
def dates_component(doc: Doc) -> None:
    doc.rows["dates"] = []

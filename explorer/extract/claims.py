"""Attributed statements -> claims table (placeholder)."""
from ..pipeline import Doc, component


@component("claims", produces=("claims",), requires=("mentions", "language"))
def claims_component(doc: Doc) -> None:
    doc.rows["claims"] = []

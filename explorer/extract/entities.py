"""People, places, organisations -> people, places, mentions tables (placeholder)."""
from ..pipeline import Doc, component


@component("entities", produces=("people", "places", "mentions"), requires=("blocks",))
def entities_component(doc: Doc) -> None:
    doc.rows.update(people=[], places=[], mentions=[])

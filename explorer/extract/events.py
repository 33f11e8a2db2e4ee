"""Events -> events table (placeholder)."""
from ..pipeline import Doc, component


@component("events", produces=("events",), requires=("dates", "mentions", "claims", "language"))
def events_component(doc: Doc) -> None:
    doc.rows["events"] = []

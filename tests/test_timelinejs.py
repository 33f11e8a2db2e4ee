"""`explorer export timelinejs`: Knight Lab TimelineJS3 JSON, validated against a JSON Schema
written from TimelineJS's documented format (timeline: events, title, eras, scale; slide:
start_date, end_date, text, media, group, display_date, background, autolink, unique_id; date:
year, month, day, hour, minute, second, millisecond, display_date, format)."""
import json
import subprocess
import sys

import pytest

from conftest import ROOT, SEED
from explorer.timelinejs import date_parts, span_parts, timelinejs

_DATE = {"type": "object", "required": ["year"], "additionalProperties": False, "properties": {
    "year": {"type": "integer"}, "month": {"type": "integer", "minimum": 1, "maximum": 12},
    "day": {"type": "integer", "minimum": 1, "maximum": 31}, "hour": {"type": "integer"},
    "minute": {"type": "integer"}, "second": {"type": "integer"}, "millisecond": {"type": "integer"},
    "display_date": {"type": "string"}, "format": {"type": "string"}}}
_TEXT = {"type": "object", "additionalProperties": False,
         "properties": {"headline": {"type": "string"}, "text": {"type": "string"}}}
_MEDIA = {"type": "object", "required": ["url"], "properties": {"url": {"type": "string"}}}
_SLIDE_PROPS = {"start_date": _DATE, "end_date": _DATE, "text": _TEXT, "media": _MEDIA,
                "group": {"type": "string"}, "display_date": {"type": "string"},
                "background": {"type": "object", "additionalProperties": False,
                               "properties": {"url": {"type": "string"}, "color": {"type": "string"}}},
                "autolink": {"type": "boolean"}, "unique_id": {"type": "string"}}
SCHEMA = {
    "type": "object", "required": ["events"], "additionalProperties": False,
    "properties": {
        "events": {"type": "array", "items": {"type": "object", "required": ["start_date"],
                                              "additionalProperties": False, "properties": _SLIDE_PROPS}},
        "title": {"type": "object", "additionalProperties": False, "properties": _SLIDE_PROPS},
        "eras": {"type": "array", "items": {"type": "object", "required": ["start_date", "end_date"],
                                            "properties": {"start_date": _DATE, "end_date": _DATE, "text": _TEXT}}},
        "scale": {"enum": ["human", "cosmological"]}}}


def validate(data):
    import jsonschema
    jsonschema.validate(data, SCHEMA)


@pytest.mark.parametrize("value,parts", [
    ("2023-05-27", {"year": 2023, "month": 5, "day": 27}), ("2023-05", {"year": 2023, "month": 5}),
    ("2023", {"year": 2023}), ("2023-05-27T10:00", {"year": 2023, "month": 5, "day": 27}),
    ("", None), ("PRESENT_REF", None), ("20231", None),
])
def test_date_parts(value, parts):
    assert date_parts(value) == parts


@pytest.mark.parametrize("start,end,parts", [
    ("2023-05-27", "2023-05-27", ({"year": 2023, "month": 5, "day": 27}, None)),
    ("2023-05-27", "2023-05-29", ({"year": 2023, "month": 5, "day": 27}, {"year": 2023, "month": 5, "day": 29})),
    ("2023-05-01", "2023-05-31", ({"year": 2023, "month": 5}, None)),            # a whole month
    ("2024-02-01", "2024-02-29", ({"year": 2024, "month": 2}, None)),
    ("2020-01-01", "2020-12-31", ({"year": 2020}, None)),                        # a whole year
    ("2019-01-01", "2020-12-31", ({"year": 2019}, {"year": 2020})),
    ("2023-05-01", "2023-06-30", ({"year": 2023, "month": 5}, {"year": 2023, "month": 6})),
    ("2023-05-01", "2023-05-30", ({"year": 2023, "month": 5, "day": 1}, {"year": 2023, "month": 5, "day": 30})),
    ("2023-05", "", ({"year": 2023, "month": 5}, None)),
    ("", "2023-05-01", (None, None)),
])
def test_span_parts(start, end, parts):
    assert span_parts(start, end) == parts


def _tables(rows):
    from explorer.tables import Tables
    return Tables.from_rows({"events": rows})


def _article(text="Headline <b>x</b>\n\nBody."):
    from explorer import from_text
    return from_text(text, published="2023-06-03")


def test_slides_escape_the_article_and_keep_known_parts():
    ev = {"event_id": "e01", "label": "met <script>alert(1)</script>", "date_start": "2023-05-01",
          "date_end": "2023-05-31", "date_text": "<i>May</i>", "place": "Minsk; Moscow", "participants": "A B",
          "source": "X <img src=x onerror=alert(1)>", "certainty": "hedged",
          "evidence": "They met <a href='javascript:alert(1)'>here</a>.", "background": False}
    undated = dict(ev, event_id="e02", date_start="", date_end="")
    old = dict(ev, event_id="e03", date_start="2020-01-01", date_end="2020-12-31", background=True,
               certainty="asserted")
    data = timelinejs(_tables([ev, undated, old]), _article())
    validate(data)
    assert [s["unique_id"] for s in data["events"]] == ["e03", "e01"]
    bg, s = data["events"]
    assert s["start_date"] == {"year": 2023, "month": 5} and "end_date" not in s
    assert s["group"] == "hedged" and bg["group"] == "asserted"
    assert s["text"]["headline"] == "met &lt;script&gt;alert(1)&lt;/script&gt;"
    assert s["text"]["text"] == ("<p>They met &lt;a href=&#x27;javascript:alert(1)&#x27;&gt;here&lt;/a&gt;.</p>"
                                 "<p><strong>Source:</strong> X &lt;img src=x onerror=alert(1)&gt;</p>"
                                 "<p><strong>Where:</strong> Minsk; Moscow</p><p><strong>Who:</strong> A B</p>")
    assert s["display_date"] == "&lt;i&gt;May&lt;/i&gt;" and s["autolink"] is False
    assert "background" not in s
    assert bg["background"] == {"color": "#e6e6e6"} and bg["start_date"] == {"year": 2020}
    assert bg["text"]["text"].startswith("<p><em>Background: context outside the story's main window.</em></p>")
    assert data["title"]["text"] == {"headline": "Headline &lt;b&gt;x&lt;/b&gt;",
                                     "text": "<p>2 dated event(s) from Article Explorer&#x27;s events table; "
                                             "1 undated event(s) left out; 2023-06-03.</p>"}
    assert data["scale"] == "human"
    for slide in data["events"]:
        assert "<script" not in json.dumps(slide) and "<img" not in json.dumps(slide)


def test_schema_rejects_what_timelinejs_does_not_read():
    import jsonschema
    with pytest.raises(jsonschema.ValidationError):
        validate({"events": [{"start_date": {"year": 2023, "month": 5, "day": None}}]})
    with pytest.raises(jsonschema.ValidationError):
        validate({"events": [{"text": {"headline": "no date"}}]})
    with pytest.raises(jsonschema.ValidationError):
        validate({"events": [], "certainty": "hedged"})


def test_cli_export_seed(tmp_path):
    out = tmp_path / "sub" / "timeline.json"
    r = subprocess.run([sys.executable, "-m", "explorer", "export", "timelinejs", str(SEED), "--out", str(out)],
                       capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert r.returncode == 0, r.stderr
    assert r.stdout == f"TimelineJS JSON written to {out}\n"
    data = json.loads(out.read_text(encoding="utf-8"))
    validate(data)
    got = [(s["unique_id"], s["start_date"], s.get("end_date"), s["group"], "background" in s) for s in data["events"]]
    assert got == [
        ("e12", {"year": 2020}, None, "asserted", True),
        ("e11", {"year": 2023, "month": 5}, None, "asserted", False),
        ("e03", {"year": 2023, "month": 5, "day": 9}, None, "asserted", False),
        ("e04", {"year": 2023, "month": 5, "day": 9}, None, "asserted", False),
        ("e10", {"year": 2023, "month": 5, "day": 25}, None, "asserted", False),
        ("e05", {"year": 2023, "month": 5, "day": 27}, None, "hedged", False),
        ("e06", {"year": 2023, "month": 5, "day": 27}, None, "hedged", False),
        ("e08", {"year": 2023, "month": 5, "day": 27}, {"year": 2023, "month": 5, "day": 29}, "hedged", False)]
    stay = data["events"][-1]
    assert stay["display_date"] == "27 May; two or three days"
    assert stay["text"]["text"].startswith("<p>") and "<strong>Source:</strong> Valery Tsepkalo" in stay["text"]["text"]


@pytest.mark.parametrize("args,message", [
    (["missing.txt", "--out", "x.json"], "no such file"),
    ([str(SEED), "--out", "."], "--out must be a .json file"),
])
def test_cli_export_bad_input_one_line_exit_2(tmp_path, args, message):
    r = subprocess.run([sys.executable, "-m", "explorer", "export", "timelinejs", *args],
                       capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert r.returncode == 2
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("explorer: error: ") and message in r.stderr

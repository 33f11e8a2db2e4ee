"""benchmarks/bench_speed.py writes the README's speed table between its markers."""
import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import bench_speed  # noqa: E402

ROWS = {"pipeline": {"seconds": 30.5, "cpu_seconds": 29.0, "words_per_s": 1799, "peak_rss_mb": 251.0, "runs": 1},
        "dateparser": {"seconds": 9.9, "cpu_seconds": 9.5, "words_per_s": 5542, "peak_rss_mb": 60.2, "runs": 1},
        "cold_seed": {"seconds": 1.4, "cpu_seconds": 1.3, "peak_rss_mb": 240.0, "runs": 3}}


def test_table_has_every_measure_and_says_why_spacy_is_missing():
    t = bench_speed.readme_table(ROWS, 54865, 183, "en_core_web_sm is not installed", (0.5, 1.0))
    assert t.startswith(bench_speed.BEGIN) and t.endswith(bench_speed.END)
    assert "| full pipeline (all nine tables), `explorer extract DIR`, one process | 30.5 | 29.0 | 1,799 | 251 MB |" in t
    assert "| dateparser `search_dates` alone (dates only) | 9.9 | 9.5 | 5,542 | 60 MB |" in t
    assert "| spaCy `en_core_web_sm` | not measured: en_core_web_sm is not installed | | | |" in t
    assert "median of 3) | 1.4 | 1.3 | | 240 MB |" in t and "54,865 words" in t
    assert "0.5 and 1.0 on 2 cores" in t


def test_readme_table_replaced_between_the_markers_only(tmp_path, monkeypatch):
    readme = tmp_path / "README.md"
    readme.write_text(f"before\n{bench_speed.BEGIN}\nold\n{bench_speed.END}\nafter\n", encoding="utf-8")
    monkeypatch.setattr(bench_speed, "README", readme)
    assert bench_speed.write_readme(f"{bench_speed.BEGIN}\nnew\n{bench_speed.END}")
    assert readme.read_text(encoding="utf-8") == f"before\n{bench_speed.BEGIN}\nnew\n{bench_speed.END}\nafter\n"
    readme.write_text("no markers\n", encoding="utf-8")
    assert not bench_speed.write_readme("x") and readme.read_text(encoding="utf-8") == "no markers\n"


def test_the_project_readme_has_the_markers():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert text.count(bench_speed.BEGIN) == 1 and text.count(bench_speed.END) == 1
    assert text.index(bench_speed.BEGIN) < text.index(bench_speed.END)

"""The per-user cache (explorer/usercache.py) and the gazetteer index read through it."""
import marshal

from explorer import gazetteer
from explorer import usercache as cache


def test_cache_dir_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("EXPLORER_CACHE", str(tmp_path))
    assert cache.cache_dir() == tmp_path
    monkeypatch.setenv("EXPLORER_CACHE", "off")
    assert cache.cache_dir() is None
    monkeypatch.delenv("EXPLORER_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "article-explorer"


def test_key_changes_with_version_and_files(tmp_path):
    a = tmp_path / "a.txt"
    a.write_text("one")
    k = cache.key_of("v1", [a])
    assert k == cache.key_of("v1", [a]) and len(k) == 20
    assert cache.key_of("v2", [a]) != k
    a.write_text("three")          # another size
    assert cache.key_of("v1", [a]) != k


def test_cached_data_is_built_once_then_read(monkeypatch, tmp_path):
    monkeypatch.setenv("EXPLORER_CACHE", str(tmp_path))
    calls = []

    def build():
        calls.append(1)
        return {"Moscow": (1.5, None, True), "cands": [("a", 2)]}
    first = cache.cached_data("thing", "k1", build)
    again = cache.cached_data("thing", "k1", build)
    assert first == again == {"Moscow": (1.5, None, True), "cands": [("a", 2)]} and calls == [1]
    assert marshal.loads((tmp_path / "thing-k1.marshal").read_bytes()) == first
    assert not list(tmp_path.glob("*.tmp"))


def test_a_broken_or_unwritable_cache_only_costs_a_rebuild(monkeypatch, tmp_path):
    (tmp_path / "thing-k1.marshal").write_bytes(b"\x00garbage")
    monkeypatch.setenv("EXPLORER_CACHE", str(tmp_path))
    assert cache.cached_data("thing", "k1", lambda: [1, 2]) == [1, 2]
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("EXPLORER_CACHE", str(blocker / "sub"))
    assert cache.cached_data("thing", "k2", lambda: (3,)) == (3,)
    assert cache.cached_file("g", "k.onnx", lambda: b"abc") == b"abc"
    monkeypatch.setenv("EXPLORER_CACHE", "off")
    assert cache.cached_file("g", "k.onnx", lambda: b"abc") == b"abc"


def test_cached_file_returns_the_path(monkeypatch, tmp_path):
    monkeypatch.setenv("EXPLORER_CACHE", str(tmp_path))
    p = cache.cached_file("g", "k.onnx", lambda: b"abc")
    assert p == tmp_path / "g-k.onnx" and p.read_bytes() == b"abc"
    assert cache.cached_file("g", "k.onnx", lambda: b"other") == p and p.read_bytes() == b"abc"


def test_gazetteer_read_from_the_cache_equals_the_built_one(monkeypatch, tmp_path):
    monkeypatch.setenv("EXPLORER_CACHE", str(tmp_path))
    built, cands, states = gazetteer._build()
    gazetteer._tables.cache_clear()
    try:
        first = gazetteer.index()          # builds and writes
        assert list(tmp_path.glob("gazetteer-*.marshal"))
        gazetteer._tables.cache_clear()
        idx = gazetteer.index()            # reads
        assert len(idx) == len(built) == len(first)
        for name in ("Moscow", "Minsk", "Belarus", "U.S.", "Kremlin", "Lion", "California", "Europe"):
            assert (name in idx) == (name in built)
            if name in built:
                assert idx[name] == built[name]
        assert idx["Moscow"] is idx["Moscow"]   # one Place object per entry
        assert gazetteer.city_in("Rochester", "Minnesota") == max(
            (pl for pl, admin in cands["Rochester"] if admin == "US." + states["Minnesota"]), key=lambda p: p.population)
        assert gazetteer.city("Paris") == max((pl for pl, _ in cands["Paris"]), key=lambda p: p.population)
    finally:
        gazetteer._tables.cache_clear()

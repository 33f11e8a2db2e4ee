"""A per-user cache of things every process would otherwise build again from installed files:
the gazetteer's index, the encoder's ONNX graph.

In:  a name, the files the thing is built from (their names, sizes and modification times,
     plus a version string, make the key), and a function that builds it.
Out: the thing, read from ``$EXPLORER_CACHE`` (else ``$XDG_CACHE_HOME/article-explorer``, else
     ``~/.cache/article-explorer``) when a file with that key is there, else built and written
     there (atomically, so concurrent processes never read half a file). A cache that cannot be
     written or read costs only time: the thing is built again. ``EXPLORER_CACHE=off`` turns the
     cache off. A cached thing is exactly what the build function returns (its bytes, or a
     :mod:`marshal` round trip of plain data), so tables do not depend on the cache.
"""
from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
from pathlib import Path
from typing import Callable, Iterable


def cache_dir() -> Path | None:
    """The cache folder, or None when ``EXPLORER_CACHE`` is ``off``."""
    env = os.environ.get("EXPLORER_CACHE", "").strip()
    if env.lower() == "off":
        return None
    if env:
        return Path(env)
    root = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(root) / "article-explorer"


def key_of(version: str, files: Iterable[Path]) -> str:
    """A short hex key for ``version`` and the files' names, sizes and modification times."""
    h = hashlib.sha256(version.encode())
    for p in files:
        st = Path(p).stat()
        h.update(f"|{Path(p).name}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()[:20]


def _write(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except OSError:
        pass  # not writable: the next process builds it again


def cached_bytes(name: str, key: str, build: Callable[[], bytes]) -> bytes:
    """``build()``'s bytes, from the cache file ``<name>-<key>`` when it exists."""
    d = cache_dir()
    path = d / f"{name}-{key}" if d is not None else None
    if path is not None:
        try:
            return path.read_bytes()
        except OSError:
            pass
    data = build()
    if path is not None:
        _write(path, data)
    return data


def cached_file(name: str, key: str, build: Callable[[], bytes]) -> Path | bytes:
    """The cache file ``<name>-<key>`` holding ``build()``'s bytes (built and written when it
    is missing), or the bytes themselves when the cache is off or cannot be written. For a
    reader that takes a path, so the bytes need not pass through Python."""
    d = cache_dir()
    path = d / f"{name}-{key}" if d is not None else None
    if path is not None and path.is_file():
        return path
    data = build()
    if path is not None:
        _write(path, data)
        if path.is_file():
            return path
    return data


def cached_data(name: str, key: str, build: Callable[[], object]):
    """``build()``'s value (plain data: dicts, lists, tuples, strings, numbers, None), kept as
    :mod:`marshal` bytes in the cache file ``<name>-<key>.marshal``."""
    d = cache_dir()
    path = d / f"{name}-{key}.marshal" if d is not None else None
    if path is not None:
        try:
            return marshal.loads(path.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            pass
    value = build()
    if path is not None:
        _write(path, marshal.dumps(value))
        # what a later process reads must equal what this one uses
        value = marshal.loads(marshal.dumps(value))
    return value

"""Atomic file writes: a temporary file beside the target, then a rename.

In:  a target path and what to write (through the file object :func:`atomic_write` yields).
Out: the target replaced in one step (``os.replace``), or left as it was when writing fails or is
     interrupted: never a truncated file. The temporary file is hidden (``.<name>.<random>.tmp``),
     in the target's directory (a rename across file systems would not be atomic), created
     exclusively, and removed on failure. Only the target name is ever replaced: files a user keeps
     beside the outputs are not touched.

Any writer of outputs (CSV, Parquet, text) uses it::

    with atomic_write(path, "w", newline="") as f:
        csv.writer(f).writerows(rows)
    with atomic_write(path, "wb") as f:      # e.g. pyarrow.parquet.write_table(table, f)
        f.write(data)
"""
from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path
from typing import IO, Iterator


@contextlib.contextmanager
def atomic_write(path, mode: str = "w", *, encoding: str | None = "utf-8", newline: str | None = None,
                 fsync: bool = False) -> Iterator[IO]:
    """Yield a file open for writing in ``mode`` ("w" text or "wb" binary) that becomes ``path``
    when the ``with`` block ends without an exception. ``fsync`` flushes it to disk first (for
    crash safety against power loss, at a cost per file)."""
    if mode not in ("w", "wb"):
        raise ValueError(f"atomic_write mode must be 'w' or 'wb', not {mode!r}")
    p = Path(path)
    tmp = p.with_name(f".{p.name}.{secrets.token_hex(6)}.tmp")
    kw = {} if "b" in mode else {"encoding": encoding, "newline": newline}
    f = open(tmp, mode.replace("w", "x"), **kw)
    try:
        with f:
            yield f
            if fsync:
                f.flush()
                os.fsync(f.fileno())
        os.replace(tmp, p)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_text(path, text: str) -> Path:
    """``text`` written atomically to ``path`` as UTF-8, line endings exactly as in ``text``."""
    with atomic_write(path, "w", newline="") as f:
        f.write(text)
    return Path(path)

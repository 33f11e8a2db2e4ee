"""Run every benchmark: accuracy on the shared gold corpora and speed, printed and written to
benchmarks/results/. Needs ../shared/eval beside the repository; each script says "skipped" and
exits 0 when it is absent.

    make bench            # or: .venv/bin/python benchmarks/run_all.py
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = ["bench_seed.py", "bench_timex.py", "bench_entities.py", "bench_attribution.py", "bench_agreement.py",
           "bench_events.py", "bench_html.py", "bench_corpus.py", "bench_speed.py"]


def main() -> int:
    status = 0
    for name in SCRIPTS:
        script = HERE / name
        if not script.exists():
            print(f"== {name}: missing")
            continue
        print(f"== {name}", flush=True)
        rc = subprocess.call([sys.executable, str(script)], cwd=HERE.parent)
        status = status or rc
    return status


if __name__ == "__main__":
    sys.exit(main())

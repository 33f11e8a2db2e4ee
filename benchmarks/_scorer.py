"""Run one of the shared scorers (../shared/eval/*/score_*.py) as its authors intended."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def run_scorer(scorer: Path, gold_dir: Path, pred_dir: Path) -> dict:
    """Print the scorer's report for ``pred_dir`` against ``gold_dir`` and return its JSON figures."""
    args = [sys.executable, str(scorer), "score", str(gold_dir), str(pred_dir)]
    print(subprocess.run(args, capture_output=True, text=True, check=True).stdout.rstrip())
    return json.loads(subprocess.run(args + ["--json"], capture_output=True, text=True, check=True).stdout)

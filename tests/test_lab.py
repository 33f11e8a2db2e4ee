"""`make lab`: JupyterLab on 127.0.0.1, started with --allow-root when the user is root (as in a
container, where JupyterLab otherwise refuses to start)."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT

BIN = str(Path(sys.executable).parent)


def lab_command() -> list[str]:
    """The command line `make lab` runs, with this environment's bin/ and no set-up step."""
    if not shutil.which("make"):
        pytest.skip("make is not installed")
    out = subprocess.run(["make", "-s", "-n", "--no-print-directory", "lab", "STAMP=", f"BIN={BIN}"],
                         cwd=ROOT, capture_output=True, text=True, check=True).stdout
    lines = [l for l in out.splitlines() if "jupyter lab" in l]
    assert len(lines) == 1, out
    return lines[0].split()


def test_make_lab_listens_locally_and_allows_root_only_for_root():
    cmd = lab_command()
    assert cmd[:2] == [f"{BIN}/jupyter", "lab"] and cmd[-1] == "notebooks/"
    assert "--ip=127.0.0.1" in cmd
    assert ("--allow-root" in cmd) == (os.geteuid() == 0)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_make_lab_starts(tmp_path):
    """The command line of `make lab` starts a server (as root too) that answers on 127.0.0.1."""
    import urllib.request

    port = _free_port()
    cmd = lab_command() + ["--no-browser", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
                           "--ServerApp.token=", "--LabApp.news_url=", "--ServerApp.open_browser=False"]
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"), JUPYTER_CONFIG_DIR=str(tmp_path / "cfg"),
               JUPYTER_DATA_DIR=str(tmp_path / "data"), PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        status, deadline = None, time.monotonic() + 90
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status", timeout=2) as r:
                    status = r.status
                    break
            except OSError:
                time.sleep(0.5)
        assert proc.poll() is None, proc.stderr.read()
        assert status == 200
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

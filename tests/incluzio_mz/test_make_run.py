"""scripts/run.sh (what `make run` starts): ready within 30 s, demo logins printed, every child stopped on SIGTERM."""

import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def test_run_script_serves_the_portal_and_stops_all_children(tmp_path: Path) -> None:
    port = _free_port()
    # A clean environment, as a developer's shell has: nothing of the test run's settings may leak in.
    env = {k: os.environ[k] for k in ("PATH", "HOME", "LANG", "PYENV_ROOT") if k in os.environ}
    env.update({"PORT": str(port), "VAR_DIR": str(tmp_path / "var"), "PYTHONUNBUFFERED": "1"})
    log = (tmp_path / "run.log").open("w")
    process = subprocess.Popen(
        ["scripts/run.sh"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        started = time.monotonic()
        body = b""
        while time.monotonic() - started < 30 and process.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                    body = response.read()
                    break
            except OSError:
                time.sleep(0.2)  # waiting for another process to come up
        assert b'"database": "ok"' in body, (tmp_path / "run.log").read_text()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/inloggen/", timeout=5) as response:
            assert "Gebruikersnaam" in response.read().decode()
        deadline = time.monotonic() + 10
        while "TOTP secret" not in (tmp_path / "run.log").read_text() and time.monotonic() < deadline:
            time.sleep(0.2)
        output = (tmp_path / "run.log").read_text()
        assert f"http://127.0.0.1:{port}/" in output
        assert "beheer" in output
        assert "NFXGG3DVPJUW6LLEMVWW6LLCMVUGKZLS" in output
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        deadline = time.monotonic() + 20
        while _group_alive(process.pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        alive = _group_alive(process.pid)
        if alive:
            os.killpg(process.pid, signal.SIGKILL)
        log.close()
    assert not alive, "Children of run.sh were still running after SIGTERM"

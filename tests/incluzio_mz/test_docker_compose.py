"""docker-compose.yml is valid for Debian's docker-compose 1.29 and has the production shape of DESIGN.md section 2.

There is no Docker daemon here, so the file is only validated (`docker-compose config`), never started. PyYAML is
not a dependency and v1 cannot print JSON, so the normalized YAML that `config` prints is read line by line: it
always uses two-space indentation and block-style lists.
"""

import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
SERVICE_HEADER = re.compile(r"^  (?P<name>[A-Za-z0-9._-]+):\s*$")


def _docker_compose() -> str:
    binary = shutil.which("docker-compose")
    if binary is None:
        message = "docker-compose is not installed (apt-get install -y --no-install-recommends docker-compose)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return binary


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [_docker_compose(), "-f", "docker-compose.yml", *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _service_blocks(config: str) -> dict[str, list[str]]:
    """The lines of each service in the `services:` section, indentation kept."""
    blocks: dict[str, list[str]] = {}
    current: list[str] | None = None
    in_services = False
    for line in config.splitlines():
        if line and not line.startswith(" "):
            in_services = line.rstrip() == "services:"
            current = None
            continue
        if not in_services:
            continue
        header = SERVICE_HEADER.match(line)
        if header:
            current = blocks.setdefault(header["name"], [])
        elif current is not None:
            current.append(line)
    return blocks


def _unquote(scalar: str) -> str:
    scalar = scalar.strip()
    if len(scalar) >= 2 and scalar[0] == scalar[-1] == "'":
        return scalar[1:-1].replace("''", "'")
    if len(scalar) >= 2 and scalar[0] == scalar[-1] == '"':
        return scalar[1:-1]
    return scalar


def _command(block: list[str]) -> list[str]:
    """A service's command as a list of words, whether it was written as a string or as a list."""
    for index, line in enumerate(block):
        if not line.startswith("    command:"):
            continue
        inline = line.removeprefix("    command:").strip()
        if inline:
            return shlex.split(_unquote(inline))
        words = []
        for item in block[index + 1 :]:
            if not item.startswith("    - "):
                break
            words.append(_unquote(item.removeprefix("    - ")))
        return words
    return []


def _runs_beat(command: list[str]) -> bool:
    # A worker started with -B/--beat embeds a beat as well, and counts as one.
    return bool(command) and Path(command[0]).name == "celery" and bool({"beat", "-B", "--beat"} & set(command))


def _has_healthcheck(block: list[str]) -> bool:
    return "    healthcheck:" in block and not any(line.strip() == "disable: true" for line in block)


def test_docker_compose_file_is_valid() -> None:
    result = _run("config", "-q")
    assert result.returncode == 0, result.stderr


def test_docker_compose_has_the_production_services() -> None:
    names = _run("config", "--services")
    assert names.returncode == 0, names.stderr
    services = set(names.stdout.split())
    assert {"db", "redis", "web", "worker", "beat"} <= services

    config = _run("config")
    assert config.returncode == 0, config.stderr
    blocks = _service_blocks(config.stdout)
    assert set(blocks) == services

    beats = [name for name, block in blocks.items() if _runs_beat(_command(block))]
    assert beats == ["beat"], f"exactly one service must run celery beat, found {beats}"
    assert _command(blocks["worker"])[:4] == ["celery", "-A", "incluzio_mz", "worker"]

    without_healthcheck = [name for name in ("db", "redis", "web", "worker") if not _has_healthcheck(blocks[name])]
    assert without_healthcheck == []

"""scripts/run and scripts/test set up where the system Python refuses global installs (PEP 668 on
Debian 12 / Ubuntu 24.04): they make and use the project-local .venv."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _system_python() -> str:
    """The interpreter under any virtualenv this suite runs in: the one a fresh machine has."""
    base = Path(sys.base_prefix) / "bin" / f"python{sys.version_info.major}.{sys.version_info.minor}"
    return str(base if base.exists() else shutil.which("python3"))


def test_setup_makes_and_uses_a_project_venv_where_global_pip_installs_are_refused(tmp_path):
    checkout = tmp_path / "checkout"
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for name in filter(None, files.decode().split("\0")):
        (checkout / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, checkout / name)
    python = _system_python()
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env |= {"PIP_REQUIRE_VIRTUALENV": "1", "POLICYKG_PYTHON": python,
            "PATH": os.pathsep.join(p for p in env["PATH"].split(os.pathsep) if ".venv" not in p)}
    refused = subprocess.run([python, "-m", "pip", "install", "--dry-run", "six"], env=env,
                             capture_output=True, text=True, timeout=120)
    assert refused.returncode != 0 and "virtualenv" in refused.stderr  # this Python refuses global installs
    # scripts/run and scripts/test both begin with this set-up (scripts/_venv.sh)
    run = subprocess.run(["bash", "-c", '. scripts/_venv.sh && policykg_venv "" && command -v policykg && '
                          "policykg export --format json corpus > export.json"],
                         cwd=checkout, env=env, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip().endswith(str(checkout / ".venv" / "bin" / "policykg"))
    assert (checkout / "export.json").stat().st_size > 10_000

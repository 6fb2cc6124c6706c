"""Shared by the benchmarks: a replicated corpus and a Neo4j server to measure against."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from policykg.ingest.pipeline import corpus_files

ROOT = Path(__file__).resolve().parent.parent
NEO4J = [sys.executable, str(ROOT / "scripts" / "neo4j")]


def replicate(folder: Path, times: int, into: Path) -> Path:
    """The corpus ×times: each copy is a distinct document (own file name, hence own id)."""
    into.mkdir(parents=True, exist_ok=True)
    for k in range(times):
        for f in corpus_files(folder):
            shutil.copyfile(f, into / f"{k:04d}_{f.name}")
    return into


@contextlib.contextmanager
def neo4j_uri() -> Iterator[str]:
    """$NEO4J_URI, else this checkout's running server, else one started here (and stopped after)."""
    if os.environ.get("NEO4J_URI"):
        yield os.environ["NEO4J_URI"]
        return
    status = subprocess.run([*NEO4J, "status"], capture_output=True, text=True)
    if status.returncode == 0:
        yield status.stdout.split()[1]
        return
    started = subprocess.run([*NEO4J, "start"], capture_output=True, text=True)
    if started.returncode != 0:
        raise SystemExit(f"bench: Neo4j did not start: {started.stderr.strip().splitlines()[-1:]}")
    try:
        yield started.stdout.strip().splitlines()[-1]
    finally:
        subprocess.run([*NEO4J, "stop"], capture_output=True, text=True)

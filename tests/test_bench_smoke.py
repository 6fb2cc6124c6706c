"""The scale benchmark runs end to end on a small generated corpus (N = 20). Benchmarks themselves are
never part of the suite; this only proves bench/run.py works."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.neo4j
def test_quick_benchmark_runs_on_twenty_documents(neo4j_store):
    env = {**os.environ, "NEO4J_URI": neo4j_store.location}
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--quick", "--json"], capture_output=True,
                          text=True, timeout=600, env=env, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    summary = json.loads(done.stdout)
    assert summary["synthetic_extraction_f1"] >= 0.98
    assert summary["neo4j_load_items_per_s"] > 0 and summary["neo4j_batched_vs_naive"] > 1
    assert summary["query_p95_ms_embedded_20"] > 0 and summary["query_p95_ms_neo4j_20"] > 0


def test_the_plot_is_skipped_with_a_hint_when_matplotlib_is_missing(tmp_path, capsys):
    import importlib.util

    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import run
    finally:
        sys.path.remove(str(ROOT / "bench"))
    rows = [{"documents": n, "ingest_s": n / 100} for n in (5, 100)]
    drawn = run.plot(rows, tmp_path / "scaling.png")
    if importlib.util.find_spec("matplotlib") is None:
        assert drawn is False and not (tmp_path / "scaling.png").exists()
        assert "pip install matplotlib" in capsys.readouterr().err
    else:
        assert drawn is True and (tmp_path / "scaling.png").stat().st_size > 0

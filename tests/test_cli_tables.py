"""`policykg query …` tables fit an 80-column terminal (CJK characters count two cells, long text is cut
with …); `--wide` prints whole cells. `query departments` lists each department's lead and co tasks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    """The seed corpus ingested by the real command into an embedded store."""
    d = tmp_path_factory.mktemp("cli-store")
    _cli("ingest", str(ROOT / "corpus"), "--data-dir", str(d))
    return d


def _cli(*args: str) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    done = subprocess.run([sys.executable, "-m", "policykg", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _query(data_dir: Path, *args: str) -> list[str]:
    return _cli("query", *args, "--data-dir", str(data_dir), "--corpus", str(ROOT / "corpus")).splitlines()


def test_departments_fit_80_columns_and_name_lead_and_co_tasks(data_dir):
    lines = _query(data_dir, "departments", "九江市", "--as-of", "2022-01-01")
    assert lines and max(cell_len(line) for line in lines) <= 80
    text = "\n".join(lines)
    assert "市教育局" in text and "配合：" in text and "…" in text
    assert "departments (33)" in text
    lines = _query(data_dir, "departments", "郴州市")
    assert max(cell_len(line) for line in lines) <= 80
    edu = next(line for line in lines if "市教育局" in line)
    assert "牵头：1 " in edu  # 郴州市's list names lead units: the lead tasks come first


def test_wide_prints_whole_cells(data_dir):
    narrow = _query(data_dir, "departments", "郴州市")
    wide = _query(data_dir, "departments", "郴州市", "--wide")
    assert max(cell_len(line) for line in wide) > 200 > max(cell_len(line) for line in narrow)
    edu = next(line for line in wide if "市教育局" in line)
    assert "牵头：1 优化高中阶段教育结构；" in edu and "配合：" in edu and "…" not in edu


@pytest.mark.parametrize("query", [("regions",), ("indicators",), ("targets", "双师型"), ("deadlines", "樟树市"),
                                   ("search", "产教融合"), ("compare", "樟树市,郴州市"), ("functions",),
                                   ("citations",), ("baseline",)])
def test_query_tables_fit_80_columns(data_dir, query):
    lines = _query(data_dir, *query)
    assert len(lines) > 4
    assert max(cell_len(line) for line in lines) <= 80, "\n".join(lines)


def test_departments_json_and_csv_keep_every_task(data_dir, tmp_path):
    import csv
    import json

    out = "\n".join(_query(data_dir, "departments", "九江市", "--as-of", "2022-01-01", "--json"))
    data = json.loads(out)
    assert data["total"] == len(data["tasks"]) == 134 and not data["has_leads"]
    _query(data_dir, "departments", "九江市", "--csv", str(tmp_path / "d.csv"))
    rows = list(csv.DictReader((tmp_path / "d.csv").open(encoding="utf-8-sig")))
    assert len(rows) == 33 and {"department", "lead", "co", "tasks"} <= set(rows[0])

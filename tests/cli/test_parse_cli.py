"""`planwatch parse` as a user runs it: real files in, exit codes and messages out (a real subprocess)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PLAN_14 = ROOT / "examples" / "plans" / "wuhan-14th-sci-tech-2021-2025.txt"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from planwatch.cli.main import run; run()", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_json_output() -> None:
    result = run("parse", str(PLAN_14), "--format", "json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["schema"] == "planwatch.plan/1"
    assert doc["period"] == {"start": 2021, "end": 2025, "label": "十四五"}


def test_summary_and_tree() -> None:
    summary = run("parse", str(PLAN_14))
    assert summary.returncode == 0
    assert "高新技术企业数量" in summary.stdout and "12,000" in summary.stdout
    tree = run("parse", str(PLAN_14), "-f", "tree")
    assert "专栏 2-1 湖北实验室" in tree.stdout and "光谷实验室" in tree.stdout


def test_directory_with_one_bad_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(PLAN_14.read_bytes())
    (tmp_path / "b.txt").write_bytes(b"")
    result = run("parse", str(tmp_path), "-f", "json")
    assert result.returncode != 0
    assert len(json.loads(result.stdout)) == 1
    assert "b.txt" in result.stderr


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("empty.txt", b""),
        ("binary.txt", bytes(range(256)) * 8),
        ("image.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
        ("truncated.pdf", b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog"),
        ("notaplan.txt", "今天天气很好，我们去公园散步。".encode()),
    ],
)
def test_bad_input_gives_one_sentence_and_no_traceback(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = run("parse", str(path))
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "错误" in result.stderr


def test_missing_file() -> None:
    result = run("parse", "/nonexistent/plan.txt")
    assert result.returncode != 0 and "Traceback" not in result.stderr

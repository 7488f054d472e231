"""The engine and tests stay ruff clean, so the next engineer starts from a clean slate."""

from __future__ import annotations

import subprocess

import pytest

from conftest import ROOT, tool


def test_ruff_is_clean():
    ruff = tool("ruff")
    if ruff is None:
        pytest.fail("ruff is missing: install requirements-dev.txt")
    result = subprocess.run(
        [ruff, "check", "src", "tests", "tools", "benchmarks"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout

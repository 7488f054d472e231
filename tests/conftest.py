"""Shared fixtures: the real module, the engine's tiny test module, and editable copies of both."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from claimlab import Module, load_module

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
MINI = Path(__file__).resolve().parent / "fixtures" / "mini"


@pytest.fixture(scope="session")
def module() -> Module:
    return load_module(DATA)


@pytest.fixture(scope="session")
def mini() -> Module:
    return load_module(MINI)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A throwaway copy of data/ that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    shutil.copy(ROOT / "references.bib", tmp_path / "references.bib")  # module.yaml points here
    return target


def tool(name: str) -> str | None:
    """A console script from this interpreter's environment, else from PATH."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else shutil.which(name)


@pytest.fixture(scope="session")
def built_book(tmp_path_factory) -> Path:
    """The book built once per test run, exactly as the README's build command builds it."""
    out = tmp_path_factory.mktemp("book")
    command = [
        tool("jupyter-book") or "jupyter-book",
        "build",
        str(ROOT),
        "--path-output",
        str(out),
        "-W",
        "-n",
        "--keep-going",
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=1200)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return out / "_build" / "html"

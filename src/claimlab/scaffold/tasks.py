"""The module's two commands, using only the standard library.

    python3 tasks.py build    build the book into _build/html
    python3 tasks.py test     validate data/ and build the book with warnings as errors

Each makes a virtual environment in .venv on first use and installs requirements.txt there.
Set CLAIMLAB_USE_CURRENT_ENV=1 to use the running interpreter's environment instead.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"


def python() -> Path:
    if os.environ.get("CLAIMLAB_USE_CURRENT_ENV") == "1":
        return Path(sys.executable)
    bindir = "Scripts" if os.name == "nt" else "bin"
    interpreter = VENV / bindir / ("python.exe" if os.name == "nt" else "python")
    if not interpreter.exists():
        print(f"Creating a virtual environment in {VENV} ...", flush=True)
        venv.create(VENV, with_pip=True, clear=True)
    digest = hashlib.sha256((ROOT / "requirements.txt").read_bytes()).hexdigest()[:16]
    stamp = VENV / f".installed-{digest}"
    if os.environ.get("CLAIMLAB_USE_CURRENT_ENV") != "1" and not stamp.exists():
        run([interpreter, "-m", "pip", "install", "--quiet", "-r", ROOT / "requirements.txt"])
        stamp.touch()
    return interpreter


def run(command: list[object]) -> None:
    if subprocess.run([str(part) for part in command], cwd=ROOT).returncode != 0:
        sys.exit(1)


def tool(interpreter: Path, name: str) -> Path:
    return interpreter.parent / (f"{name}.exe" if os.name == "nt" else name)


def build(args: list[str]) -> None:
    interpreter = python()
    run([tool(interpreter, "jupyter-book"), "build", ROOT, "-W", "-n", "--keep-going", *args])
    print(f"\nOpen the book: {(ROOT / '_build' / 'html' / 'index.html').as_uri()}")


def test(args: list[str]) -> None:
    interpreter = python()
    run([tool(interpreter, "claimlab"), "validate", ROOT / "data"])
    run([tool(interpreter, "jupyter-book"), "build", ROOT, "-W", "-n", "--keep-going", *args])


COMMANDS = {"build": build, "test": test}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    COMMANDS[sys.argv[1]](sys.argv[2:])

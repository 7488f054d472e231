"""The module's commands, using only the standard library.

    python3 tasks.py validate          check data/ and the chapters (contents, parts, citations)
                                       and say what is wrong (file, line, field)
    python3 tasks.py build             validate, then build the self-check book into _build/html,
                                       rebuilding only the pages whose chapter or data changed
    python3 tasks.py build --graded    validate, then build the graded edition (no key, no
                                       explanations) from scratch into _build/graded/html
    python3 tasks.py test              validate, then build the self-check book from scratch into
                                       _build/html, so every page's warnings are reported
    python3 tasks.py claimlab ...      run any claimlab command in the module's environment
                                       (for example: python3 tasks.py claimlab suggest data)

`build` and `test` treat a warning as an error (the command fails). `build` only reports the
warnings of the pages it rebuilt, so after a failed build, a page you did not touch again can
pass: `test` rebuilds every page. Run it before you publish.

Each makes a virtual environment in .venv on first use and installs requirements.txt there.
Set CLAIMLAB_USE_CURRENT_ENV=1 to use the running interpreter's environment instead.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
LOCAL = re.compile(r"^\s*([A-Za-z0-9_.\-]+)\s*@\s*file://(\S+)\s*$$")


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
    if not stamp.exists():
        install(interpreter)
        stamp.touch()
    return interpreter


def install(interpreter: Path) -> None:
    """pip install requirements.txt. A requirement on a local folder (the engine's checkout)
    is installed from a copy: building in place would write build/ into that folder."""
    with tempfile.TemporaryDirectory() as scratch:
        lines = []
        for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
            match = LOCAL.match(line)
            source = Path(match.group(2)) if match else None
            if source is not None and source.is_dir():
                copy = Path(scratch) / source.name
                shutil.copytree(
                    source, copy,
                    ignore=shutil.ignore_patterns(
                        ".git", ".venv", "_build", "build", "*.egg-info", "__pycache__",
                        ".*_cache", "node_modules",
                    ),
                )
                line = f"{match.group(1)} @ {copy.as_uri()}"
            lines.append(line)
        requirements = Path(scratch) / "requirements.txt"
        requirements.write_text("\n".join(lines) + "\n", encoding="utf-8")
        run([interpreter, "-m", "pip", "install", "--quiet", "-r", requirements])


def run(command: list[object]) -> None:
    if subprocess.run([str(part) for part in command], cwd=ROOT).returncode != 0:
        sys.exit(1)


def tool(interpreter: Path, name: str) -> Path:
    return interpreter.parent / (f"{name}.exe" if os.name == "nt" else name)


def validate_first(interpreter: Path) -> None:
    """Stop before the book when data/ is wrong: the validator names the file, line and
    field, where a chapter's failed execution would only say 'CellExecutionError'."""
    result = subprocess.run([str(tool(interpreter, "claimlab")), "validate", str(ROOT / "data")])
    if result.returncode != 0:
        sys.exit("\nThe book was not built: fix data/ as above, then run this command again.")


def validate(args: list[str]) -> None:
    run([tool(python(), "claimlab"), "validate", ROOT / "data", *args])


BUILD = ROOT / "_build"
GRADED = BUILD / "graded"


def jupyter_book(interpreter: Path, extra: list[object], edition: str) -> None:
    environment = {**os.environ, "CLAIMLAB_EDITION": edition}
    command = [tool(interpreter, "jupyter-book"), "build", ROOT, "-W", "-n", "--keep-going"]
    command = [str(part) for part in [*command, *extra]]
    if subprocess.run(command, cwd=ROOT, env=environment).returncode != 0:
        sys.exit(1)


def build(args: list[str]) -> None:
    if "--graded" in args:
        return build_graded([a for a in args if a != "--graded"])
    interpreter = python()
    validate_first(interpreter)
    jupyter_book(interpreter, args, "self-check")
    print(f"\nOpen the book: {(BUILD / 'html' / 'index.html').as_uri()}")


def build_graded(args: list[str]) -> None:
    """The graded edition, built in a fresh work folder: a self-check build's executed
    notebooks (which hold the key) can never be copied into it. Only the HTML is kept."""
    interpreter = python()
    validate_first(interpreter)
    work = GRADED / ".work"
    shutil.rmtree(work, ignore_errors=True)
    jupyter_book(interpreter, ["--path-output", work, *args], "graded")
    shutil.rmtree(GRADED / "html", ignore_errors=True)
    shutil.move(str(work / "_build" / "html"), str(GRADED / "html"))
    shutil.rmtree(work)
    print(f"\nOpen the graded edition: {(GRADED / 'html' / 'index.html').as_uri()}")


def test(args: list[str]) -> None:
    """The self-check book from scratch: an incremental build reads only the pages that
    changed, so a warning left by an earlier build would pass unseen. The graded edition is
    always built from scratch, so `test --graded` is `build --graded`."""
    if "--graded" in args:
        return build_graded([a for a in args if a != "--graded"])
    interpreter = python()
    validate_first(interpreter)
    if BUILD.is_dir():
        for entry in BUILD.iterdir():
            if entry == GRADED:  # another edition's output, not this build's state
                continue
            if entry.is_dir():
                shutil.rmtree(entry)
            else:
                entry.unlink()
    jupyter_book(interpreter, args, "self-check")
    index = (BUILD / "html" / "index.html").as_uri()
    print(f"\nEvery page was rebuilt without a warning. Open the book: {index}")


def claimlab(args: list[str]) -> None:
    run([tool(python(), "claimlab"), *args])


COMMANDS = {"validate": validate, "build": build, "test": test, "claimlab": claimlab}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    COMMANDS[sys.argv[1]](sys.argv[2:])

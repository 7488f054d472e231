"""One entry point for the project's everyday commands, using only the standard library.

    python3 tasks.py build                 build the self-check book into _build/html
    python3 tasks.py build --graded        build the graded edition (no key) into _build/graded/html
    python3 tasks.py build --instructor    build the instructor edition (guide and full key)
                                           into _build/instructor/html
    python3 tasks.py test     run every test (engine, data, notebooks, book, browser)
    python3 tasks.py lab      open the project in JupyterLab, at the book's first chapter
    python3 tasks.py lab-settings   install the project's JupyterLab settings into the
                              environment (tasks.py lab does it; Binder's postBuild runs it)
    python3 tasks.py hub-proxy      install JupyterHub's proxy (configurable-http-proxy, from
                              npm) into the environment (tasks.py test does it)

Each command makes a virtual environment in .venv on first use and installs what it needs there,
again only when a requirements file has changed. Set CLAIMLAB_USE_CURRENT_ENV=1 to use the
running interpreter's environment instead (for example in a Binder or JupyterHub image).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
MIN_PYTHON = (3, 10)


def environment_python() -> Path:
    if os.environ.get("CLAIMLAB_USE_CURRENT_ENV") == "1":
        return Path(sys.executable)
    bindir = "Scripts" if os.name == "nt" else "bin"
    python = VENV / bindir / ("python.exe" if os.name == "nt" else "python")
    if not python.exists():
        print(f"Creating a virtual environment in {VENV} ...", flush=True)
        try:
            venv.create(VENV, with_pip=True, clear=True)
        except Exception as err:  # ensurepip may be missing on minimal systems
            sys.exit(f"Could not create {VENV}: {err}\nOn Debian or Ubuntu, install python3-venv.")
    return python


def ensure_installed(python: Path, requirements: str) -> None:
    """Install `requirements` unless the same file contents were installed before."""
    digest = hashlib.sha256()
    for name in ("requirements.txt", "requirements-dev.txt", "pyproject.toml"):
        digest.update((ROOT / name).read_bytes())
    stamp = python.parent.parent / f".installed-{Path(requirements).stem}-{digest.hexdigest()[:16]}"
    if stamp.exists():
        return
    print(f"Installing {requirements} ...", flush=True)
    run([python, "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
    run([python, "-m", "pip", "install", "--quiet", "-r", str(ROOT / requirements)])
    if os.environ.get("CLAIMLAB_USE_CURRENT_ENV") != "1":
        stamp.touch()


def run(command: list[object], env: dict[str, str] | None = None) -> None:
    result = subprocess.run([str(part) for part in command], cwd=ROOT, env=env)
    if result.returncode != 0:
        sys.exit(result.returncode)


def script(python: Path, name: str) -> Path:
    return python.parent / (f"{name}.exe" if os.name == "nt" else name)


EDITION_FLAGS = {"--graded": "graded", "--instructor": "instructor"}


def edition_command(
    jupyter_book: object, edition: str, work: Path | None, extra: list[str]
) -> list[object]:
    """The jupyter-book command for an edition; the edition itself travels in CLAIMLAB_EDITION."""
    command: list[object] = [jupyter_book, "build", ROOT, "-W", "-n", "--keep-going"]
    if work is not None:
        command += ["--path-output", work]
    if edition == "instructor":
        command += ["--toc", ROOT / "_toc_instructor.yml"]
    return [*command, *extra]


def build(args: list[str]) -> None:
    """Build one edition. Options: --graded or --instructor, and --output DIR (default
    _build/graded or _build/instructor) for those two; anything else goes to jupyter-book."""
    args = list(args)
    chosen = [EDITION_FLAGS[a] for a in args if a in EDITION_FLAGS]
    if len(chosen) > 1:
        sys.exit("Choose one edition: --graded or --instructor (or neither, for self-check).")
    edition = chosen[0] if chosen else "self-check"
    args = [a for a in args if a not in EDITION_FLAGS]
    output: Path | None = None
    if "--output" in args:
        at = args.index("--output")
        if at + 1 >= len(args):
            sys.exit("--output needs a folder.")
        output = Path(args[at + 1]).resolve()
        args = args[:at] + args[at + 2 :]
    if output is None and edition != "self-check":
        output = ROOT / "_build" / edition
    python = environment_python()
    ensure_installed(python, "requirements.txt")
    # Validate first: a data mistake then reads as the validator's file, line and field, not
    # as every chapter's "CellExecutionError" with the cause buried in _build/html/reports.
    if subprocess.run([str(script(python, "claimlab")), "validate", str(ROOT / "data")]).returncode:
        sys.exit("\nThe book was not built: fix data/ as above, then run this command again.")
    index = build_edition(script(python, "jupyter-book"), edition, output, args)
    print(f"\nThe {edition} edition is built. Open it in a browser: {index.as_uri()}")


def build_edition(
    jupyter_book: object, edition: str, output: Path | None, extra: list[str]
) -> Path:
    """Build `edition` (into _build/html, or into <output>/html); return its index page."""
    environment = {**os.environ, "CLAIMLAB_EDITION": edition}
    if output is None:  # the self-check book, where it has always been
        run(edition_command(jupyter_book, edition, None, extra), environment)
        return ROOT / "_build" / "html" / "index.html"
    # A fresh work folder per build: no doctree, executed notebook or cache from another
    # edition can leak into this one. Only the HTML is kept, as <output>/html.
    work = output / ".work"
    shutil.rmtree(work, ignore_errors=True)
    run(edition_command(jupyter_book, edition, work, extra), environment)
    shutil.rmtree(output / "html", ignore_errors=True)
    shutil.move(str(work / "_build" / "html"), str(output / "html"))
    shutil.rmtree(work)
    return output / "html" / "index.html"


def test(args: list[str]) -> None:
    python = environment_python()
    ensure_installed(python, "requirements-dev.txt")
    install_hub_proxy(python)
    run([python, "-m", "pytest", "--nbval", *args])


#: JupyterHub's own proxy, from npm (the PyPI alternatives download a binary or are unofficial
#: ports); tests/test_hub.py runs a real hub with it.
HUB_PROXY = "configurable-http-proxy"
HUB_PROXY_VERSION = "5"


def hub_proxy(python: Path) -> str | None:
    """The hub's proxy beside the environment's Python (where install_hub_proxy puts it), else
    on PATH."""
    beside = python.parent / HUB_PROXY
    return str(beside) if beside.exists() else shutil.which(HUB_PROXY)


def install_hub_proxy(python: Path) -> str | None:
    """Install configurable-http-proxy into the environment (npm's --prefix: its command lands
    in the environment's bin/), unless one is there already. Without npm it says how to get it
    and returns None; the JupyterHub test then skips, or fails in CI."""
    if found := hub_proxy(python):
        return found
    npm = shutil.which("npm")
    if npm is None:
        print(f"npm not found: the JupyterHub test needs {HUB_PROXY} (apt-get install npm, "
              "then run this again).")
        return None
    prefix = subprocess.run(
        [str(python), "-c", "import sys; print(sys.prefix)"], capture_output=True, text=True
    ).stdout.strip()
    print(f"Installing {HUB_PROXY} (npm) into {prefix} ...", flush=True)
    run([npm, "install", "--global", "--no-audit", "--no-fund", "--prefix", prefix,
         f"{HUB_PROXY}@{HUB_PROXY_VERSION}"])
    return hub_proxy(python)


def hub_proxy_command(args: list[str]) -> None:
    found = install_hub_proxy(environment_python())
    if found is None:
        sys.exit(1)
    print(f"{HUB_PROXY}: {found}")


LAB_SETTINGS = ROOT / "jupyterlab-settings" / "overrides.json"
FIRST_PAGE = "book/intro.md"


def install_lab_settings(python: Path) -> Path | None:
    """Put the project's JupyterLab defaults (a chapter opens as a notebook on double-click; no
    news fetched) where that environment's JupyterLab reads them, beside anyone else's.

    Returns the file written, or None (with the reason printed) where the environment is read-only,
    as on some hubs: then an administrator runs this once for the image."""
    prefix = subprocess.run(
        [str(python), "-c", "import sys; print(sys.prefix)"], capture_output=True, text=True
    ).stdout.strip()
    target = Path(prefix, "share", "jupyter", "lab", "settings", "overrides.d", "claimlab.json")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists() or target.read_bytes() != LAB_SETTINGS.read_bytes():
            shutil.copyfile(LAB_SETTINGS, target)
    except OSError as err:
        print(f"Could not install the JupyterLab settings in {target} ({err.strerror}): chapters "
              "open as notebooks through right-click > Open With > Jupytext Notebook.")
        return None
    return target


def lab_settings(args: list[str]) -> None:
    python = environment_python()
    target = install_lab_settings(python)
    if target is None:
        sys.exit(1)
    print(f"JupyterLab settings installed in {target}")


def lab(args: list[str]) -> None:
    """JupyterLab rooted at the project, so the book, the exercises and the data are all reachable;
    it opens the first chapter as a notebook."""
    python = environment_python()
    ensure_installed(python, "requirements.txt")
    install_lab_settings(python)
    run(lab_command(script(python, "jupyter-lab"), ROOT, args))


def lab_command(jupyter_lab: object, root: Path, extra: list[str]) -> list[object]:
    """The JupyterLab command `tasks.py lab` runs (the JupyterLab test runs it too)."""
    return [
        jupyter_lab,
        f"--ServerApp.root_dir={root}",
        f"--LabApp.default_url=/lab/tree/{FIRST_PAGE}",
        *extra,
    ]


COMMANDS = {
    "build": build, "test": test, "lab": lab, "lab-settings": lab_settings,
    "hub-proxy": hub_proxy_command,
}


def main() -> None:
    if sys.version_info < MIN_PYTHON:
        sys.exit(f"Python {'.'.join(map(str, MIN_PYTHON))} or newer is needed; this is "
                 f"{sys.version.split()[0]}.")
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    COMMANDS[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    main()

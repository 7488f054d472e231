"""Write each chapter in book/ exactly as JupyterLab (through Jupytext) saves it.

A chapter opened as a notebook in JupyterLab is written back by Jupytext on every save, with the
project's jupytext.toml. That config drops what would be noise (version stamps, the kernel's
language_info, editor metadata), but two things Jupytext always writes its own way: a blank line
after a code cell's options, and the kernel's lexer (`ipython3`) on each code cell. A chapter
already in that form is saved byte for byte as it was; run this after writing a new chapter, and
tests/test_jupyterlab.py checks that every chapter is in it.

    python tools/normalize_chapters.py [CHAPTER.md ...]
"""

from __future__ import annotations

import sys
from pathlib import Path

import jupytext
from jupytext.config import load_jupytext_configuration_file

ROOT = Path(__file__).resolve().parent.parent
CONFIG_FILE = ROOT / "jupytext.toml"

#: What a Python kernel reports about itself and JupyterLab stores in the notebook on save.
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
LANGUAGE_INFO = {
    "codemirror_mode": {"name": "ipython", "version": 3},
    "file_extension": ".py",
    "mimetype": "text/x-python",
    "name": "python",
    "nbconvert_exporter": "python",
    "pygments_lexer": "ipython3",
    "version": "3",
}
#: Cell metadata JupyterLab adds as a student works (the config filters all of it but tags).
EDITOR_CELL_METADATA = {"trusted": True, "editable": True, "execution": {"shell.execute_reply": ""}}


def chapters() -> list[Path]:
    return sorted(p for p in (ROOT / "book").rglob("*.md") if is_notebook(p.read_text("utf-8")))


def is_notebook(text: str) -> bool:
    return text.startswith("---\n") and "\nkernelspec:" in text.split("\n---\n", 1)[0]


def saved_by_jupyterlab(text: str) -> str:
    """The chapter after a student opens it in JupyterLab, runs every cell, and saves."""
    config = load_jupytext_configuration_file(str(CONFIG_FILE))
    notebook = jupytext.reads(text, fmt="md:myst", config=config)
    notebook.metadata["kernelspec"] = dict(KERNELSPEC)
    notebook.metadata["language_info"] = dict(LANGUAGE_INFO)
    for cell in notebook.cells:
        cell.metadata.update(EDITOR_CELL_METADATA)
        if cell.cell_type == "code":
            cell.execution_count = 1
            cell.outputs = [{"output_type": "stream", "name": "stdout", "text": "run\n"}]
    return jupytext.writes(notebook, fmt="md:myst", config=config)


if __name__ == "__main__":
    targets = [Path(p).resolve() for p in sys.argv[1:]] or chapters()
    for path in targets:
        text = path.read_text(encoding="utf-8")
        saved = saved_by_jupyterlab(text)
        if saved != text:
            path.write_text(saved, encoding="utf-8")
            print(f"normalized {path.relative_to(ROOT)}")

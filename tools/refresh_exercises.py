"""Re-run every exercise notebook in a fresh kernel and store its outputs.

nbval holds the notebooks to these stored outputs exactly, so run this after changing the data or
the engine, review the diff, and commit it. Nothing volatile is stored, so a second run writes the
same bytes (a test checks) and the diff shows only real changes: no timings, no widget state and
no widget views (their model ids are random on every run).

What a student sees on opening a notebook, before running anything, is therefore each exercise's
prompt to run its cell (see claimlab.kernel.display), never a form that looks alive but is not: the
notebooks are for JupyterLab, and the web book has its own kernel-free forms.

    python tools/refresh_exercises.py [NOTEBOOK ...]
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from claimlab.kernel.display import PAGE_FORMS_VARIABLE, without_live_views

EXERCISES = Path(__file__).resolve().parent.parent / "exercises"


def executed(path: Path) -> str:
    """The notebook at `path` run top to bottom in a fresh kernel, as the text to store."""
    os.environ.pop(PAGE_FORMS_VARIABLE, None)  # the page forms are for the web book only
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        store_widget_state=False,
        record_timing=False,
    )
    client.execute()
    notebook.metadata.pop("widgets", None)
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)  # timings left by earlier tools
        if "outputs" in cell:
            cell.outputs = [nbformat.from_dict(o) for o in without_live_views(cell.outputs)]
    text = nbformat.writes(notebook)
    return text if text.endswith("\n") else text + "\n"  # as nbformat.write does


def refresh(path: Path) -> None:
    path.write_text(executed(path), encoding="utf-8")
    print(f"refreshed {path.relative_to(EXERCISES.parent)}")


if __name__ == "__main__":
    targets = [Path(p).resolve() for p in sys.argv[1:]] or sorted(EXERCISES.glob("*.ipynb"))
    for target in targets:
        refresh(target)

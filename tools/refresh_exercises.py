"""Re-run every exercise notebook in a fresh kernel and store its outputs.

nbval holds the notebooks to these stored outputs exactly, so run this after changing the data or
the engine, review the diff, and commit it. Nothing volatile is stored, so the diff shows only
real changes: no timings, no widget state and no widget views (their model ids are random on
every run). A notebook opened without running shows each exercise's kernel-free HTML; running the
cell in a kernel brings up the live widget.

    python tools/refresh_exercises.py [NOTEBOOK ...]
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

EXERCISES = Path(__file__).resolve().parent.parent / "exercises"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def refresh(path: Path) -> None:
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
        for output in cell.get("outputs", []):
            output.get("data", {}).pop(WIDGET_VIEW, None)
    nbformat.write(notebook, path)
    print(f"refreshed {path.relative_to(EXERCISES.parent)}")


if __name__ == "__main__":
    targets = [Path(p).resolve() for p in sys.argv[1:]] or sorted(EXERCISES.glob("*.ipynb"))
    for target in targets:
        refresh(target)

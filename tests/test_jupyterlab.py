"""The course in JupyterLab, as a student meets it.

- JupyterLab (through Jupytext and jupytext.toml) saves each chapter byte for byte as written.
- The exercise notebooks store exactly what tools/refresh_exercises.py writes, on every run.
- The Binder/repo2docker files install the same JupyterLab settings `tasks.py lab` does.
- In Chromium: JupyterLab started as `tasks.py lab` starts it (on loopback, with a token, in a copy
  of the project) opens the book; each exercise notebook shows no dead form before it runs, its
  widgets work once run, the memo fits the notebook and comes back after a kernel restart; a
  chapter opened by double-click is a notebook with its MyST rendered, its citations say who and
  when (no BibTeX key anywhere) and lead to the reference list; saving it changes nothing. The
  browser's console logs no error and no unresolved reference all the while.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from claimlab import check_answers
from conftest import ROOT, tool

sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))
import normalize_chapters
import refresh_exercises

import tasks

NOTEBOOKS = sorted((ROOT / "exercises").glob("*.ipynb"))


# --- files: chapters, stored outputs, Binder -----------------------------------------------------


@pytest.mark.parametrize(
    "chapter", normalize_chapters.chapters(), ids=lambda p: p.relative_to(ROOT).as_posix()
)
def test_saving_a_chapter_in_jupyterlab_leaves_its_source_as_written(chapter):
    text = chapter.read_text("utf-8")
    saved = normalize_chapters.saved_by_jupyterlab(text)
    assert saved == text, "run tools/normalize_chapters.py (see its docstring)"


def test_the_round_trip_would_catch_noise():
    """The check above can fail: without the project's settings, Jupytext rewrites a chapter."""
    import jupytext

    text = (ROOT / "book" / "sections" / "1-opening.md").read_text("utf-8")
    notebook = jupytext.reads(text, fmt="md:myst")
    notebook.metadata["language_info"] = dict(normalize_chapters.LANGUAGE_INFO)
    default = jupytext.writes(notebook, fmt="md:myst")
    assert default != text and "jupytext_version:" in default


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_refreshing_an_exercise_notebook_writes_the_same_bytes(path):
    assert refresh_exercises.executed(path) == path.read_text("utf-8")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_an_unrun_exercise_notebook_shows_a_prompt_and_no_form(path):
    notebook = json.loads(path.read_text("utf-8"))
    prompts = 0
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            page = "".join(output.get("data", {}).get("text/html", ""))
            for control in ("<input", "<textarea", "<select", "<button", "<form", "<script"):
                assert control not in page, (path.name, control)
            prompts += "Run this cell" in page
    assert prompts == 1  # the one live exercise of each notebook


def test_binder_installs_what_tasks_lab_installs():
    requirements = (ROOT / "requirements.txt").read_text("utf-8").split()
    assert {"-e", ".", "jupyterlab-myst>=2.4", "jupytext>=1.16"} <= set(requirements)
    assert not (ROOT / "binder").exists() and not (ROOT / ".binder").exists()  # root files count
    post_build = ROOT / "postBuild"
    assert os.access(post_build, os.X_OK)
    assert "tasks.py lab-settings" in post_build.read_text("utf-8")
    settings = json.loads(tasks.LAB_SETTINGS.read_text("utf-8"))
    viewers = settings["@jupyterlab/docmanager-extension:plugin"]["defaultViewers"]
    assert viewers["markdown"] == "Jupytext Notebook"
    assert settings["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"
    command = tasks.lab_command("jupyter-lab", ROOT, [])
    assert f"--ServerApp.root_dir={ROOT}" in command  # the book is reachable, not only exercises/


# --- JupyterLab in Chromium ----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Lab:
    def __init__(self, root: Path, base: str, token: str):
        self.root, self.base, self.token = root, base, token


@pytest.fixture(scope="module")
def lab(tmp_path_factory) -> Iterator[Lab]:
    """JupyterLab as `tasks.py lab` starts it, in a copy of the project, on loopback."""
    from conftest import need_browser

    need_browser()
    root = tmp_path_factory.mktemp("lab") / "project"
    skip = shutil.ignore_patterns(".*", "_build", "__pycache__", "work", "*.egg-info")
    for name in ("book", "exercises", "data"):
        shutil.copytree(ROOT / name, root / name, ignore=skip)
    for name in ("_config.yml", "_toc.yml", "references.bib", "jupytext.toml"):
        shutil.copy(ROOT / name, root / name)
    assert tasks.install_lab_settings(Path(sys.executable)) is not None
    home = tmp_path_factory.mktemp("home")
    env = {
        **os.environ,
        "HOME": str(home),  # no user settings, workspaces or config of whoever runs the tests
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
    }
    env.pop("CLAIMLAB_PAGE_FORMS", None)
    # Every cell in the page, not only those scrolled into view, so the test finds them by label.
    tracker = home / "settings" / "@jupyterlab" / "notebook-extension"
    tracker.mkdir(parents=True)
    tracker /= "tracker.jupyterlab-settings"
    tracker.write_text('{"windowingMode": "none"}', "utf-8")
    port, token = free_port(), secrets.token_hex(16)
    extra = [
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        extra.append("--allow-root")  # CI runs as root
    command = tasks.lab_command(tool("jupyter-lab") or "jupyter-lab", root, extra)
    log = (home / "lab.log").open("w")
    server = subprocess.Popen([str(c) for c in command], cwd=root, env=env, stdout=log,
                              stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("JupyterLab did not start:\n" + (home / "lab.log").read_text())
                time.sleep(0.5)
        yield Lab(root, base, token)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def run_all(page) -> None:
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()


ACTIVE = ".jp-NotebookPanel:not(.lm-mod-hidden)"
IDLE = f"{ACTIVE} .jp-Notebook-ExecutionIndicator[data-status='idle']"


def outputs_of(page):
    return page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output")


def open_path(page, path: str) -> None:
    """File > Open from Path..., as a student would (a page reload would lose the open tabs)."""
    page.get_by_role("menuitem", name="File", exact=True).click()
    page.get_by_role("menuitem", name="Open from Path…").click()
    page.get_by_placeholder("/path/relative/to/jlab/root").fill(path)
    page.keyboard.press("Enter")


def kernel_ready(lab: Lab, path: str, timeout: float = 90) -> None:
    """Wait until the server has an idle kernel for the notebook at `path` (Run All before that
    runs nothing: on a busy machine the kernel can take a while to start)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with urllib.request.urlopen(f"{lab.base}/api/sessions?token={lab.token}") as reply:
            sessions = json.load(reply)
        for session in sessions:
            kernel = session.get("kernel") or {}
            if session.get("path") == path and kernel.get("execution_state") == "idle":
                return
        time.sleep(0.3)
    pytest.fail(f"no kernel started for {path}")


def open_notebook(page, lab: Lab, path: str) -> None:
    open_path(page, path)
    name = path.rsplit("/", 1)[-1]
    page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current", has_text=name).wait_for()
    page.locator(f"{ACTIVE} .jp-Cell").first.wait_for()
    kernel_ready(lab, path)
    page.locator(IDLE).wait_for()
    outputs_of(page).filter(has_text="Run this cell").wait_for()  # stored outputs rendered


@pytest.fixture
def student(browser) -> Iterator[tuple[object, list[str]]]:
    """A browser page, and every request it makes that leaves localhost.

    Requests are recorded, not intercepted: with Playwright's request routing on, JupyterLab
    starts no kernel for a second notebook (the machines running the tests have no network).
    """
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    outside: list[str] = []
    local = re.compile(r"^(https?://(127\.0\.0\.1|localhost)(:\d+)?/|data:|blob:|about:)")
    context.on("request", lambda r: None if local.match(r.url) else outside.append(r.url))
    page = context.new_page()
    page.set_default_timeout(60_000)
    yield page, outside
    context.close()


#: What jupyterlab-myst logs for a reference it cannot resolve (a term, a label, a citation).
UNRESOLVED = re.compile(
    r"Cross reference target was not found|Could not link citation|No target for internal"
    r"|Unknown \{term\} role"
)


def bib_keys() -> list[str]:
    text = (ROOT / "references.bib").read_text("utf-8")
    return re.findall(r"^@\w+\{\s*([^,\s]+)\s*,", text, re.M)


def test_students_work_in_jupyterlab(lab, student, module):
    page, outside = student
    started = time.monotonic()
    console: list[str] = []
    page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda error: console.append(f"error: {error}"))

    # tasks.py lab: the project's root, opened at the book's first chapter, as a notebook.
    page.goto(f"{lab.base}/?token={lab.token}")
    page.wait_for_url("**/lab/tree/book/intro.md*")
    page.locator(".jp-NotebookPanel .jp-MarkdownCell").first.wait_for()

    # Exercise 1: before running, a prompt and no control; then the live form checks answers.
    open_notebook(page, lab, "exercises/01-claim-types.ipynb")
    stored = outputs_of(page)
    assert stored.filter(has_text="Run this cell").count() == 1
    assert stored.locator("input, select, textarea, button").count() == 0
    run_all(page)
    claims = list(module.iter_exercise_claims("claim-types-opening"))
    names = dict(module.exercise_options("claim-types-opening"))
    first, second = claims[0], claims[1]
    wrong = next(t for t in names if t != second.type and t not in second.alternatives)
    page.get_by_label(f"Answer for {first.id}", exact=True).select_option(label=names[first.type])
    page.get_by_label(f"Answer for {second.id}", exact=True).select_option(label=names[wrong])
    page.get_by_role("button", name="Check answers").click()
    labels = tuple(names)
    expected = check_answers(claims, {first.id: first.type, second.id: wrong}, labels).summary
    page.get_by_role("status").filter(has_text=expected).wait_for()
    assert page.get_by_text(f"Not quite: you chose {wrong}").count() == 1

    # Exercise 2: the memo. Typing is saved, fits the notebook, and survives a kernel restart.
    open_notebook(page, lab, "exercises/02-your-recommendation.ipynb")
    stored = outputs_of(page)
    assert stored.filter(has_text="Run this cell").count() == 1
    assert stored.locator("input, select, textarea, button").count() == 0
    run_all(page)
    part = module.rubric.parts[1]
    box = page.get_by_label(part.title, exact=True)
    words = "Open working-level talks (¶39) <b>now</b>"
    box.press_sequentially(words, delay=5)
    draft = lab.root / "exercises" / "work" / "memo-draft.json"
    deadline = time.monotonic() + 30
    while not (draft.exists() and words in draft.read_text("utf-8")):
        assert time.monotonic() < deadline, "the memo was not saved as typed"
        time.sleep(0.2)
    areas = page.locator(f"{ACTIVE} .widget-textarea")
    assert areas.count() == len(module.rubric.parts) + len(module.recommendations)
    overflow = areas.evaluate_all(
        """areas => areas.map(area => {
            const output = area.closest('.jp-OutputArea-output').getBoundingClientRect();
            const box = area.querySelector('textarea').getBoundingClientRect();
            const outer = area.getBoundingClientRect();
            return [outer.right - output.right, box.right - output.right,
                    box.width / output.width];
        })"""
    )
    assert all(outer <= 0 and inner <= 0 for outer, inner, _ in overflow), overflow
    assert all(share > 0.6 for _, _, share in overflow), overflow  # wide, not a 300px box

    page.get_by_role("menuitem", name="Kernel", exact=True).click()
    page.get_by_role("menuitem", name="Restart Kernel and Run All Cells…").click()
    page.get_by_role("button", name="Confirm Kernel Restart").click()
    page.wait_for_timeout(1000)
    page.locator(IDLE).wait_for()
    restored = page.get_by_label(part.title, exact=True)
    restored.wait_for()
    page.wait_for_function(
        "([el, text]) => el.value === text", arg=[restored.element_handle(), words]
    )
    assert page.get_by_text("Your draft was loaded from").count() >= 1

    # A chapter, by double-click in the file browser: a notebook with its MyST rendered.
    chapter = lab.root / "book" / "sections" / "1-opening.md"
    before = chapter.read_bytes()
    open_path(page, "book/sections/")
    page.locator(".jp-DirListing-item", has_text="1-opening.md").dblclick()
    panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    panel.locator(".jp-MarkdownCell .myst").first.wait_for()
    page.wait_for_timeout(1500)
    rendered = panel.locator(".jp-MarkdownCell .myst").all_inner_texts()
    text = "\n".join(rendered)
    # The chapter's own words, read from its source, so a rewrite of the prose keeps the test.
    opening = next(line for line in before.decode("utf-8").splitlines()
                   if line.startswith("Tokola opens"))
    assert " ".join(opening.split()[:6]) in text
    assert "{cite:p}" not in text and "{term}" not in text and ":class: dropdown" not in text
    assert "Unknown Directive" not in panel.inner_text()  # every directive is one MyST knows
    # Citations say who and when, not which BibTeX key (jupyterlab-myst reads no bibliography).
    shown_text = panel.inner_text()
    assert [key for key in bib_keys() if key in shown_text] == []
    citations = panel.locator(".jp-MarkdownCell .myst a[href*='references.md']")
    assert citations.count() >= 10
    who_and_when = re.compile(r"\(.+, (\d{4}|n\.d\.)\)")
    odd = [t for t in citations.all_inner_texts() if t.strip() and not who_and_when.fullmatch(t)]
    assert odd == []
    # Terms link to the glossary (JupyterLab rewrites the address, keeping the fragment).
    terms = panel.locator(".jp-MarkdownCell .myst a[href*='glossary.md'][href*='#term-']")
    assert terms.count() >= 3
    assert not page.get_by_text("makes it a forecast about what").first.is_visible()  # closed
    kernel_ready(lab, "book/sections/1-opening.md")
    run_all(page)  # the chapter's own exercise, live
    claim = claims[2]
    # The chapter holds two exercises (claim types, then support): work in the first one's output.
    answer = panel.get_by_label(f"Answer for {claim.id}", exact=True)
    inside = page.get_by_label(f"Answer for {claim.id}", exact=True)  # relative to each output
    exercise = panel.locator(".jp-OutputArea-output").filter(has=inside)
    answer.select_option(label=names[claim.type])
    exercise.get_by_role("button", name="Check answers").click()
    exercise.get_by_role("status").filter(has_text="Score: 1 of").wait_for()
    page.locator(IDLE).wait_for()
    stamp = chapter.stat().st_mtime_ns
    page.keyboard.press("Control+s")  # after a run: outputs, kernel metadata, all of it
    deadline = time.monotonic() + 30
    while chapter.stat().st_mtime_ns == stamp:  # the save happened...
        assert time.monotonic() < deadline, "the chapter was not saved"
        time.sleep(0.2)
    time.sleep(0.5)
    assert chapter.read_bytes() == before  # ...and changed nothing

    # A citation leads to the reference list, which opens as a notebook without a warning.
    citations.first.click()
    tab = ".lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current"
    page.locator(tab, has_text="references.md").wait_for()
    panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    panel.locator(".jp-MarkdownCell .myst").first.wait_for()
    assert "Every source the course cites" in panel.inner_text()
    assert "Unknown Directive" not in panel.inner_text()
    assert page.locator(".jp-Dialog").count() == 0  # no kernel to choose: a chapter's own
    listed = panel.locator(".jp-MarkdownCell .myst li")
    assert listed.count() >= len(bib_keys())  # the list the book's bibliography stands for
    assert [key for key in bib_keys() if key in panel.inner_text()] == []

    # The glossary, a part whose output is MyST: run, it renders as text, terms and links.
    open_path(page, "book/glossary.md")
    panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    panel.locator(".jp-MarkdownCell .myst").first.wait_for()
    kernel_ready(lab, "book/glossary.md")
    run_all(page)
    term = module.glossary[0]
    panel.locator(".jp-OutputArea-output", has_text=term.term).wait_for()
    shown = panel.inner_text()
    assert "See also:" in shown and "Unknown Directive" not in shown
    assert "{glossary}" not in shown and "{cite:p}" not in shown
    assert [key for key in bib_keys() if key in shown] == []  # its sources say who and when

    page.wait_for_timeout(500)  # late console messages from the last render
    errors = [m for m in console if m.startswith(("error:", "pageerror"))]
    unresolved = [m for m in console if UNRESOLVED.search(m)]
    assert unresolved == [], "\n".join(unresolved)
    assert errors == [], "\n".join(errors)

    assert outside == [], f"requests left localhost: {outside}"
    print(f"JupyterLab walkthrough took {time.monotonic() - started:.0f} s")

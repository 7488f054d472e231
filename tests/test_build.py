"""Builds are never stale, pages are lean and deterministic (claimlab.book.build).

A small Sphinx project (the engine's tiny module, the book's own execution setting) shows in
seconds that a data edit re-reads and re-executes exactly the pages whose output it changes: a
page that only shows chapter parts is re-read when those parts render differently, a page that
runs other code on the module whenever a file of the module changes. Each re-read page then
shows the edit. The real book is then built twice from a copy of
the sources: the two clean builds must give identical content pages, and an incremental build
after a one-line edit of data/claims.csv must show the edit.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
import yaml

from claimlab.book.build import (
    ENGINE,
    PagePlan,
    data_dirs,
    engine_files,
    module_files,
    pack_payload,
    page_plan,
    shown_digest,
    unpack_payload,
)
from claimlab.pages.render import exercise_payload
from conftest import MINI, ROOT, build_book, tool

# Every content page under 100 KB of HTML (issue 11): a phone on a slow link gets the text
# first. The figures are image files beside it, the engine's scripts are shared files, and each
# form's payload holds each message once (render.share_messages). benchmarks/run.py prints
# every page's weight.
MAX_PAGE_BYTES = 100_000


def content_pages(html: Path) -> dict[str, bytes]:
    return {
        p.relative_to(html).as_posix(): p.read_bytes()
        for p in sorted(html.rglob("*.html"))
        if not p.relative_to(html).parts[0].startswith("_")
    }


# --- what a page depends on ---------------------------------------------------------------


def test_a_page_depends_on_the_module_folders_it_loads(tmp_path):
    source = (
        'module = load_module("../../data")\n'
        "other = load_module(path='mini')\n"
        'part = Chapter("../chapter-data")\n'
        "load_module()\n"
    )
    page = tmp_path / "book" / "sections"
    assert data_dirs(source, page) == sorted(
        (page / p).resolve() for p in ("../../data", "mini", "../chapter-data", "data")
    )
    assert data_dirs("No code here; load_module is only named.", page) == []


def cells(*bodies: str) -> str:
    return "\n".join(f"```{{code-cell}} ipython3\n{body}\n```\n" for body in bodies)


def test_a_page_that_only_shows_chapter_parts_has_a_plan(tmp_path):
    source = "# A chapter\n\n" + cells(
        ":tags: [remove-cell]\n\nfrom claimlab.kernel.chapter import Chapter\n\n"
        'part = Chapter("../data")\nclaims = part.module.claims_frame()',
        ':tags: [remove-input]\n\npart.section("the-costs")',
        'part.exercise("costs")\npart.argument_map(reveal="Show")',
        "part.glossary()",
    )
    plan = page_plan(source, tmp_path / "book")
    assert plan == PagePlan(
        (tmp_path / "data").resolve(),
        (
            ("section", ("the-costs",), ()),
            ("exercise", ("costs",), ()),
            ("argument_map", (), (("reveal", "Show"),)),
            ("glossary", (), ()),
        ),
    )


@pytest.mark.parametrize(
    "code",
    [
        'module = load_module("../data")\nmodule.claims[0]',  # any other reading of the module
        'part = Chapter("../data")\nprint(part.module.claims)',  # any other call shown
        'part = Chapter("../data")\nsection = "the-costs"\npart.section(section)',  # not literal
        'part = Chapter("../data")\nx = sorted(part.module.claims)',  # computes outside it
        'part = Chapter("../data")\npart.module = None\npart.meta()',  # changes the chapter
        'part = Chapter("../data")\npart.render_everything()',  # not a part
        'part = Chapter("../data")\nfor c in part.module.claims:\n    print(c)',
        'part = Chapter("../data")\nother = Chapter("../other")\nother.meta()',  # two modules
    ],
)
def test_a_page_that_runs_other_code_on_the_module_has_no_plan(tmp_path, code):
    assert page_plan(cells(code), tmp_path) is None


def test_the_digest_changes_with_what_a_part_shows_and_only_then(data_copy):
    def plan(*parts: tuple) -> PagePlan:
        return PagePlan(data_copy.resolve(), parts)

    opening = plan(("exercise", ("claim-types-opening",), ()))
    glossary = plan(("glossary", (), ()))
    before = shown_digest(opening, {}), shown_digest(glossary, {})
    rows = list(csv.DictReader(io.StringIO((data_copy / "claims.csv").read_text("utf-8"))))
    last = rows[-1]["id"]
    edit_explanation(data_copy, last, " Edited.")  # a claim of the last section
    assert (shown_digest(opening, {}), shown_digest(glossary, {})) == before
    edit_explanation(data_copy, rows[0]["id"], " Edited.")  # a claim of the opening
    assert shown_digest(opening, {}) != before[0]
    assert shown_digest(glossary, {}) == before[1]


def test_every_section_chapter_and_the_fact_check_have_a_plan():
    """The chapters the course edits most are re-read only when what they show changes."""
    pages = [*sorted((ROOT / "book" / "sections").glob("*.md")), ROOT / "book" / "fact-check.md"]
    pages += [ROOT / "book" / f"{name}.md" for name in ("glossary", "your-recommendation")]
    missing = [p.name for p in pages if page_plan(p.read_text("utf-8"), p.parent) is None]
    assert missing == []


def test_a_module_folder_means_every_file_in_it_and_its_bibliography(data_copy):
    (data_copy / ".swap").write_text("editor junk")
    files = module_files(data_copy)
    names = {p.relative_to(data_copy.parent).as_posix() for p in files}
    expected = {p.relative_to(data_copy.parent).as_posix() for p in data_copy.rglob("*.*")}
    assert names == (expected - {"data/.swap"}) | {"references.bib"}
    assert "data/source/article.txt" in names  # files in sub-folders count too


def test_the_engine_files_include_its_code_templates_and_scripts():
    names = {p.relative_to(ENGINE).as_posix() for p in engine_files()}
    assert {
        "pages/render.py",
        "pages/templates/exercise.html.j2",
        "pages/static/exercise.js",
        "keeping/schemas/submission-v2.schema.json",
        "module/loading/key.py",  # in a subpackage's subpackage: the validation a page shows
    } <= names
    # The scaffold is copied into new modules and never runs in this book.
    assert not any(name.startswith("authoring/scaffold/") for name in names)


# --- the payload is sent packed, and comes back exactly ----------------------------------------


def test_every_payload_packs_smaller_and_unpacks_exactly(module):
    for exercise in module.exercises:
        payload = exercise_payload(module, exercise.id, "self-check")
        packed = pack_payload(payload)
        assert packed is not None, exercise.id
        assert unpack_payload(packed) == payload, exercise.id
        assert len(str(packed)) < len(str(payload)) / 2, exercise.id


def test_a_payload_that_looks_packed_is_left_alone():
    payload = {"items": [{"$s": [0]}], "long": "A sentence. " * 20}
    assert pack_payload(payload) is None
    assert pack_payload({"short": "text"}) is None  # nothing to gain


def test_the_browser_unpacks_like_the_python(module, browser):
    script = (ENGINE / "book" / "static" / "claimlab-unpack.js").read_text("utf-8")
    payload = exercise_payload(module, "fact-check", "self-check")
    packed = pack_payload(payload)
    page = browser.new_page()
    try:
        page.set_content('<script type="application/json" data-cl-payload data-cl-packed></script>')
        page.eval_on_selector(
            "script", "(el, text) => { el.textContent = text; }", __import__("json").dumps(packed)
        )
        page.add_script_tag(content=script)
        text = page.eval_on_selector("script[data-cl-payload]", "el => el.textContent")
        assert page.locator("[data-cl-packed]").count() == 0
    finally:
        page.close()
    assert __import__("json").loads(text) == payload


# --- a small project: only the page that reads data is rebuilt, and it shows the edit ---------


def book_execution_mode() -> str:
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    return config["execute"]["execute_notebooks"]


NOTEBOOK = """---
jupytext:
  text_representation:
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---
# {title}

{body}
"""


def make_project(root: Path) -> None:
    shutil.copytree(MINI, root / "data")
    (root / "conf.py").write_text(
        "extensions = ['myst_nb', 'claimlab.book.extension']\n"
        f"nb_execution_mode = {book_execution_mode()!r}\n"
        "nb_mime_priority_overrides = [\n"
        "    ('html', 'application/vnd.jupyter.widget-view+json', None),\n"
        "]\n"
        "exclude_patterns = ['data', '_build', 'jupyter_execute']\n"
    )
    code = (
        "```{code-cell} python\n"
        "from claimlab import load_module\n"
        "import ipywidgets\n"
        'module = load_module("data")\n'
        "ipywidgets.IntSlider(value=3)\n"
        "```\n\n"
        "```{code-cell} python\n"
        "print(module.claims[0].explanation)\n"
        "```\n"
    )
    (root / "index.md").write_text(
        NOTEBOOK.format(title="Home", body=f"{code}\n```{{toctree}}\nplain\ncosts\n```\n")
    )
    (root / "plain.md").write_text("# Plain\n\nNo data here.\n")
    parts = (
        "```{code-cell} python\n"
        "from claimlab.kernel.chapter import Chapter\n"
        'part = Chapter("data")\n'
        "```\n\n"
        "```{code-cell} python\n"
        'part.exercise("costs")\n'
        "```\n"
    )
    (root / "costs.md").write_text(NOTEBOOK.format(title="The costs", body=parts))


def sphinx_build(root: Path) -> str:
    builder = tool("sphinx-build") or "sphinx-build"
    command = [builder, "-b", "html", str(root), str(root / "_build")]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout


def reread(log: str) -> int:
    log = re.sub(r"\x1b\[[0-9;]*m", "", log)  # jupyter-book colours its output
    match = re.search(r"updating environment: (?:\[[^\]]*\] )?(\d+) added, (\d+) changed", log)
    assert match, log[-2000:]
    return int(match.group(1)) + int(match.group(2))


def edit_first_explanation(data: Path, extra: str) -> None:
    path = data / "claims.csv"
    first = next(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    edit_explanation(data, first["id"], extra)


def edit_explanation(data: Path, claim_id: str, extra: str) -> None:
    """Append `extra` to one claim's explanation in claims.csv: a one-line edit."""
    path = data / "claims.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    (row,) = [r for r in rows if r["id"] == claim_id]
    row["explanation"] += extra
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    time.sleep(0.05)  # a later modification time than the last read, on any file system
    path.write_text(out.getvalue(), encoding="utf-8")


def test_a_data_edit_rebuilds_only_the_pages_that_read_data_and_they_show_it(tmp_path):
    root = tmp_path / "project"
    root.mkdir()
    make_project(root)
    first = sphinx_build(root)
    assert reread(first) == 3
    index = (root / "_build" / "index.html").read_text("utf-8")
    assert "A measurable change." in index
    # No inert widget state (and its random model ids) in the page.
    assert "widget-state+json" not in index and "widget-view+json" not in index

    assert reread(sphinx_build(root)) == 0  # nothing changed, nothing is re-read

    # Claim 1a is not in the costs exercise: only the page that reads the whole module runs.
    edit_first_explanation(root / "data", " Edited for the test.")
    second = sphinx_build(root)
    assert reread(second) == 1 and "index" in second.split("reading sources")[1].split("\n")[0]
    index = (root / "_build" / "index.html").read_text("utf-8")
    assert "A measurable change. Edited for the test." in index  # re-executed, not cached

    # Claim 2a is: now the costs page runs again too, and shows the edit.
    edit_explanation(root / "data", "2a", " Costs edited.")
    third = sphinx_build(root)
    assert reread(third) == 2
    costs = (root / "_build" / "costs.html").read_text("utf-8")
    assert "Costs edited." in costs

    (root / "data" / "notes.txt").write_text("A new file in the module folder.")
    assert reread(sphinx_build(root)) == 1  # an added file counts for the page that reads all


def test_the_engine_and_the_bibliography_are_dependencies(tmp_path):
    from sphinx.application import Sphinx

    root = tmp_path / "project"
    root.mkdir()
    make_project(root)
    app = Sphinx(
        str(root),
        str(root),
        str(root / "_build"),
        str(root / "_build" / ".doctrees"),
        "html",
        status=io.StringIO(),
        warning=io.StringIO(),
    )
    app.build()
    deps = {Path(d) for d in app.env.dependencies["index"]}
    assert {p.resolve() for p in engine_files()} <= deps
    assert {p.resolve() for p in module_files(root / "data")} <= deps
    assert not app.env.dependencies.get("plain")


# --- the real book: lean, deterministic, and fresh after a data edit ----------------------------


def test_every_content_page_is_lean_and_holds_no_widget_state(built_book):
    pages = content_pages(built_book)
    assert len(pages) >= 10
    heavy = {name: len(data) for name, data in pages.items() if len(data) > MAX_PAGE_BYTES}
    assert heavy == {}
    for name, data in pages.items():
        assert b"widget-state+json" not in data, name
        inline = re.findall(rb"<script>(.*?)</script>", data, re.S)
        assert max(map(len, inline), default=0) < 1024, name  # the engine's code is shared
        assert b'src="data:image' not in data, name  # figures are files the browser caches
    figures = [p for p in (built_book / "_static" / "claimlab").glob("*.png")]
    assert figures, "the figures were not written as image files"


@pytest.fixture(scope="module")
def book_copy(tmp_path_factory) -> Path:
    """The book's sources copied elsewhere, to build and edit without touching the worktree."""
    target = tmp_path_factory.mktemp("sources") / "book"
    ignore = shutil.ignore_patterns(
        ".venv",
        "_build",
        ".git",
        "__pycache__",
        ".pytest_cache",
        "exercises",
        "tests",
        ".jupyter_cache",
    )
    shutil.copytree(ROOT, target, ignore=ignore)
    return target


def jupyter_book(source: Path) -> str:
    return build_book(source)


def test_two_clean_builds_agree_and_a_data_edit_shows_after_an_incremental_build(
    built_book, book_copy
):
    jupyter_book(book_copy)
    html = book_copy / "_build" / "html"
    first, second = content_pages(built_book), content_pages(html)
    assert first.keys() == second.keys()
    differ = [name for name in first if first[name] != second[name]]
    assert differ == []

    claims = book_copy / "data" / "claims.csv"
    rows = list(csv.DictReader(io.StringIO(claims.read_text(encoding="utf-8"))))
    marker = "This sentence was added by the incremental-build test."
    edit_first_explanation(book_copy / "data", f" {marker}")
    log = jupyter_book(book_copy)
    total = len(first) - 2  # genindex and search are not documents
    assert 0 < reread(log) < total  # references.md renders no data and is not re-read
    shown = [name for name, data in content_pages(html).items() if marker.encode() in data]
    first_claim = rows[0]["id"]
    assert shown, f"no page shows the edited explanation of claim {first_claim}"

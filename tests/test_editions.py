"""Three editions from one source: the graded one holds no key anywhere in its output, the
instructor one holds the full key, and the student book shows each exercise once, spoiler-free.

The graded and instructor editions are built here with tasks.py's own build function (what
`python3 tasks.py build --graded` and `--instructor` run), each into a fresh folder.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import markupsafe
import pytest
import yaml
from keyswap import permute_key

from claimlab import load_module
from claimlab.edition import KEY_CLASS, LATER_CLASS
from claimlab.module.model import argument_items
from claimlab.pages.render import exercise_payload
from conftest import ROOT, tool

sys.path.insert(0, str(ROOT))
import tasks


def build(tmp_path_factory, edition: str) -> Path:
    out = tmp_path_factory.mktemp(edition)
    try:
        index = tasks.build_edition(tool("jupyter-book") or "jupyter-book", edition, out, [])
    except SystemExit as err:
        pytest.fail(f"the {edition} edition did not build (exit {err.code})")
    assert index == out / "html" / "index.html" and index.exists()
    return out


@pytest.fixture(scope="session")
def graded_output(tmp_path_factory) -> Path:
    return build(tmp_path_factory, "graded")


@pytest.fixture(scope="session")
def instructor_book(tmp_path_factory) -> Path:
    return build(tmp_path_factory, "instructor") / "html"


def key_texts(module) -> dict[str, str]:
    """Every text the key explains with: claim explanations, and each fact-check's precise
    statement (finding) and reason for its verdict (note)."""
    texts = {f"explanation of claim {c.id}": c.explanation for c in module.claims}
    texts |= {f"support explanation of {c.id}": c.support_explanation for c in module.claims}
    for item in module.factchecks:
        texts[f"finding of {item.id}"] = item.finding
        texts[f"note of {item.id}"] = item.note
    # The argument map's explanations (derived from argument.yaml's structure) are its key.
    for item in argument_items(module):
        texts[f"explanation of map item {item.id}"] = item.explanation
    return texts


def spellings(text: str) -> set[bytes]:
    """The ways a text can appear in output: as is, HTML-escaped, or inside JSON."""
    forms = {
        text,
        str(markupsafe.escape(text)),
        html.escape(text),
        html.escape(text, quote=False),
        json.dumps(text, ensure_ascii=False)[1:-1],
        json.dumps(text)[1:-1],
    }
    return {f.encode("utf-8") for f in forms}


def find_key(folder: Path, module) -> list[str]:
    found = []
    texts = {name: spellings(text) for name, text in key_texts(module).items()}
    files = [p for p in folder.rglob("*") if p.is_file()]
    assert files
    for path in files:
        data = path.read_bytes()
        for name, forms in texts.items():
            if any(form in data for form in forms):
                found.append(f"{path.relative_to(folder)}: {name}")
    return found


def test_the_grep_finds_the_key_in_the_self_check_book(built_book, module):
    """The check below can fail: the same search finds the key where it is meant to be."""
    found = find_key(built_book, module)
    assert any("explanation of claim" in f for f in found)
    assert any("finding of fc" in f for f in found) and any("note of fc" in f for f in found)
    assert any("explanation of map item" in f for f in found)


def test_graded_output_holds_no_key_explanation_or_verdict(graded_output, module):
    assert find_key(graded_output, module) == []
    files = [p.relative_to(graded_output).as_posix() for p in graded_output.rglob("*")]
    assert not [f for f in files if "_sources" in f or f.endswith((".ipynb", ".md"))], files
    assert (graded_output / "html" / "searchindex.js").exists()  # the search index was searched


# --- the graded edition is independent of the key, by a differential build ----------------------

#: What the permuted copy leaves out: version control, environments, builds, the tests.
NOT_COPIED = shutil.ignore_patterns(
    ".git", ".venv", "_build", ".pytest_cache", "__pycache__", ".jupyter_cache", "tests", "work"
)


def differing_files(first: Path, second: Path) -> list[str]:
    """Every file under either folder that is missing from the other or differs by a byte, with
    the first differing bytes, so a failure says what the page derived from the key."""
    ours = {p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file()}
    theirs = {p.relative_to(second).as_posix() for p in second.rglob("*") if p.is_file()}
    found = [f"only in the first build: {name}" for name in sorted(ours - theirs)]
    found += [f"only in the permuted build: {name}" for name in sorted(theirs - ours)]
    for name in sorted(ours & theirs):
        a, b = (first / name).read_bytes(), (second / name).read_bytes()
        if a != b:
            pairs = enumerate(zip(a, b, strict=False))
            at = next((i for i, (x, y) in pairs if x != y), min(len(a), len(b)))
            start = max(at - 60, 0)
            found.append(f"{name} at byte {at}: {a[start : at + 60]!r} / {b[start : at + 60]!r}")
    return found


@pytest.mark.slow
def test_the_graded_edition_does_not_change_when_only_the_key_does(
    graded_output, module, tmp_path_factory
):
    """Build the graded edition again from a copy whose answers are permuted among the items
    (tests/keyswap.py: labels, support, explanations, verdicts, the map's roles and targets),
    and compare every file under html/ (pages, scripts, JSON, images, the search index)."""
    copy = tmp_path_factory.mktemp("permuted") / "project"
    shutil.copytree(ROOT, copy, ignore=NOT_COPIED, symlinks=True)
    changed = permute_key(copy / "data")
    assert changed["claims"] >= 40 and changed["factchecks"] >= 5 and changed["map steps"] >= 10
    permuted = load_module(copy / "data")
    for exercise in ("claim-types-opening", "support-opening", "fact-check", "argument-map"):
        # The permutation reaches what the self-check edition shows: the test can fail.
        assert exercise_payload(permuted, exercise, "self-check") != exercise_payload(
            module, exercise, "self-check"
        ), exercise
    out = copy.parent / "out"
    command = tasks.edition_command(tool("jupyter-book") or "jupyter-book", "graded", out, [])
    command = [str(copy if part == tasks.ROOT else part) for part in command]
    environment = {**os.environ, "CLAIMLAB_EDITION": "graded"}
    result = subprocess.run(
        command, cwd=copy, env=environment, capture_output=True, text=True, timeout=1200
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    differing = differing_files(graded_output / "html", out / "_build" / "html")
    assert not differing, "derived from the key:\n" + "\n".join(differing)


#: A worked example's quotation, right after its "From the article" or "An invented example".
EXAMPLE_QUOTE = r'class="cl-example-label">.*?</p>\s*<blockquote class="cl-quote"><p>“(.*?)”'


def class_tokens(page: str) -> set[str]:
    return {token for value in re.findall(r'class="([^"]*)"', page) for token in value.split()}


def test_the_graded_edition_has_no_key_element_and_no_graded_worked_example(
    graded_output, module
):
    """No element marked as key survives, each dropped one says when students will see it, and
    no worked example quotes an item that an exercise grades."""
    book = graded_output / "html"
    graded = {claim_id for exercise in module.exercises for claim_id in exercise.claim_ids}
    graded_quotes = {claim.quote for claim in module.claims if claim.id in graded}
    assert len(graded_quotes) == len(module.claims)  # every claim is an item of some exercise
    examples = later = 0
    for path in book.rglob("*"):
        if path.suffix not in {".html", ".js", ".json"}:
            continue
        text = path.read_text("utf-8")
        assert KEY_CLASS not in class_tokens(text), path
        assert not re.search(rf"\b{KEY_CLASS}\b(?!-)", visible(text)), path
        later += text.count(f'class="{LATER_CLASS}"')
        for quote in re.findall(EXAMPLE_QUOTE, text, re.S):
            examples += 1
            assert html.unescape(quote) not in graded_quotes, (path.name, quote)
    assert examples >= len(module.taxonomy.types)  # the check above found the worked examples
    reading = (book / "book" / "reading-a-policy-argument.html").read_text("utf-8")
    argument = (book / "book" / "argument.html").read_text("utf-8")
    assert "Your instructor will show the answers after your work is graded." in reading
    assert argument.count(f'class="{LATER_CLASS}"') == 3  # two charts and a table
    testing = (book / "book" / "argument-testing.html").read_text("utf-8")
    assert "Your instructor will show the course&#39;s map after the map exercise" in testing
    assert "data:image/png" not in argument and "from the answer key" not in argument
    assert later >= 10
    assert "claims.query" not in (book / "searchindex.js").read_text("utf-8")


def test_every_graded_exercise_can_be_answered_and_handed_in(graded_output, module):
    book = graded_output / "html"
    pages = {p: p.read_text("utf-8") for p in book.rglob("*.html")}
    for exercise in module.exercises:
        (page,) = [t for t in pages.values() if f'data-cl-exercise="{exercise.id}"' in t]
        assert ">Download my answers</button>" in page
        assert "will be graded by your instructor" in page
        assert "(required to download: your instructor grades your answers by it)" in page
        assert ">Check answers</button>" not in page
        for item in module.iter_exercise_claims(exercise.id):
            assert f'-{item.id}"' in page or f"-{item.id}-" in page  # its radios or menu
    memo = pages[book / "book" / "your-recommendation.html"]
    assert "Download my draft (JSON)" in memo and "your instructor will grade the memo" in memo
    assert "(required to download: your instructor grades your memo by it)" in memo
    for text in pages.values():
        assert 'class="admonition-title">Answers' not in text
        assert "Sourced verdicts are" not in text


def test_instructor_edition_holds_the_key_and_the_student_book(instructor_book, module):
    key = (instructor_book / "book" / "instructor" / "key.html").read_text("utf-8")
    for claim in module.claims:
        assert str(markupsafe.escape(claim.explanation)) in key, claim.id
    for item in module.factchecks:
        assert str(markupsafe.escape(item.finding)) in key, item.id
        assert f"<td><p>{item.id} (" in key  # the sourced verdicts, with their citations
    assert "For instructors" in (instructor_book / "book" / "intro.html").read_text("utf-8")
    guide = instructor_book / "book" / "instructor" / "guide"
    exemplars = (guide / "exemplars.html").read_text("utf-8")
    assert len(re.findall(r"Completeness: (\d+) of \1 checks met\.", exemplars)) == 2
    for page in ("index", "sessions", "discussion", "running", "gradebook"):
        assert (guide / f"{page}.html").exists(), page
    fact_check = (instructor_book / "book" / "fact-check.html").read_text("utf-8")
    assert ">Check answers</button>" in fact_check  # the student pages are the self-check ones


def test_instructor_toc_is_the_student_toc_plus_instructor_pages():
    student = yaml.safe_load((ROOT / "_toc.yml").read_text("utf-8"))
    instructor = yaml.safe_load((ROOT / "_toc_instructor.yml").read_text("utf-8"))
    assert instructor["root"] == student["root"]
    assert instructor["parts"][: len(student["parts"])] == student["parts"]
    (extra,) = instructor["parts"][len(student["parts"]) :]
    assert extra["caption"] == "For instructors"
    assert {"file": "book/instructor/key"} in extra["chapters"]
    guide = next(c for c in extra["chapters"] if c["file"] == "book/instructor/guide/index")
    listed = {s["file"].rsplit("/", 1)[1] for s in guide["sections"]} | {"index"}
    on_disk = {p.stem for p in (ROOT / "book" / "instructor" / "guide").glob("*.md")}
    assert listed == on_disk  # every guide page is in the instructor edition


# --- the student book: each exercise once, nothing given away ----------------------------------


def visible(page: str) -> str:
    """A page without its scripts: what a reader sees (payloads are checked elsewhere)."""
    return re.sub(r"<script\b.*?</script>", "", page, flags=re.S)


def test_each_exercise_appears_once(built_book, module):
    pages = [p.read_text("utf-8") for p in built_book.rglob("*.html")]
    for exercise in module.exercises:
        holders = [p for p in pages if f'data-cl-exercise="{exercise.id}"' in p]
        assert len(holders) == 1, exercise.id
    assert sum("data-cl-memo=" in p for p in pages) == 1
    assert not (built_book / "exercises").exists()
    toc = (ROOT / "_toc.yml").read_text("utf-8")
    assert "exercises/" not in toc.replace("The notebooks in exercises/", "")


def test_no_student_page_gives_the_key_away_or_shows_developer_demos(built_book, module):
    for path in built_book.rglob("*.html"):
        text = visible(path.read_text("utf-8"))
        assert "onerror=alert" not in text and "Checking answers from code" not in text, path
        assert "Bad input" not in text, path
    sections = sorted((built_book / "book" / "sections").glob("*.html"))
    assert len(sections) == 6
    for path in sections:
        text = visible(path.read_text("utf-8"))
        assert not re.search(r"fact-check (rates|rated|finds|found)", text), path.name
        for claim in module.claims:
            assert str(markupsafe.escape(claim.explanation)) not in text, (path.name, claim.id)
        assert "The table below shows the answer key" not in text
    for source in sorted((ROOT / "book" / "sections").glob("*.md")):
        assert not re.search(r"fact-check (rates|rated|finds|found)", source.read_text("utf-8"))


def test_no_worked_example_is_a_graded_item(module):
    """The taxonomy's worked examples are invented sentences, never quotes of an exercise item."""
    quotes = {c.quote for c in module.claims}
    for claim_type in module.taxonomy.types:
        assert claim_type.sample and not claim_type.example, claim_type.id
        assert not any(claim_type.sample in q or q in claim_type.sample for q in quotes)


def test_exercise_notebooks_hold_no_key_listing_or_demo():
    for path in sorted((ROOT / "exercises").glob("*.ipynb")):
        text = path.read_text("utf-8")
        assert "Checking answers from code" not in text and "Bad input" not in text, path.name
        assert "onerror=alert" not in text, path.name


# --- the prose leaks attack16 found (tests/leakcheck.py, shown to fire in tests/test_leaks.py) ---


def test_graded_prose_points_at_no_verdict_and_ties_no_step_to_its_role(graded_output, module):
    """Outside the exercises' forms, no graded page uses a verdict word beside a fact-check
    statement's ¶ or words, or points at the fact-check's answer; and no page that discusses the
    argument speaks of roles in a section that cites a step's anchor paragraphs."""
    from leakcheck import page_sections, prose_units, role_leaks, verdict_pointers
    from test_leaks import statements, step_anchors

    book = graded_output / "html" / "book"
    pages = sorted(book.rglob("*.html"))
    argument = [p for p in pages if p.name.startswith("argument") or p.parent.name == "sections"]
    assert len(argument) >= 8  # the two argument chapters and the six sections were read
    said, anchors = statements(module), step_anchors(module)
    found = []
    for path in pages:
        page = path.read_text("utf-8")
        found += [f"{path.name}: {hit}" for hit in verdict_pointers(prose_units(page), said)]
        if path in argument:
            found += [f"{path.name}: {hit}" for hit in role_leaks(page_sections(page), anchors)]
    assert not found, "\n".join(found)


def test_the_graded_references_list_every_source_so_none_points_at_dropped_content(
    graded_output,
):
    """A source cited only inside a dropped answer would otherwise be listed (and placed in the
    order of first citation) on the References page: an attacker read three verdicts' sources
    from it. Every entry is listed, sorted by author, so the list says nothing."""
    page = (graded_output / "html" / "book" / "references.html").read_text(encoding="utf-8")
    entries = re.findall(r"^@\w+\{", (ROOT / "references.bib").read_text("utf-8"), re.M)
    assert page.count('role="listitem"') == len(entries)

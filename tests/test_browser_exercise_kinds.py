"""The support, argument-map and fact-check forms in Chromium: answer, check, hint then
explanation, the student's map, the fact-check's source and correction, and the download.

Each test serves the HTML the engine renders (what the book embeds), offline, at phone width.
"""

from __future__ import annotations

import re
from pathlib import Path

from claimlab import check_answers
from claimlab.grading.check import exercise_hints, first_look
from claimlab.pages.render import exercise_html
from conftest import download

HOSTILE = "<img src=x onerror=alert(1)>"


def open_form(module, serve, watched, tmp_path: Path, exercise_id: str, edition="self-check"):
    folder = tmp_path / "site"
    folder.mkdir(exist_ok=True)
    (folder / "index.html").write_text(
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'><title>Form</title>"
        f"</head><body><main>{exercise_html(module, exercise_id, edition)}</main></body></html>",
        encoding="utf-8",
    )
    page = watched.page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{serve(folder)}/index.html")
    return page


def group(page, item):
    return page.get_by_role("group", name=re.compile(rf"^{re.escape(item.label)} \("))


def fits_phone(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_support_form_hints_then_explains_and_downloads(module, serve, watched, tmp_path):
    exercise = "support-agree-to-a-process"
    page = open_form(module, serve, watched, tmp_path, exercise)
    items = list(module.iter_exercise_claims(exercise))
    names = dict(module.exercise_options(exercise))
    wrong = items[0]
    wrong_id = next(o for o in names if o != wrong.key)
    group(page, wrong).get_by_role("radio", name=names[wrong_id], exact=True).check()
    page.get_by_role("button", name="Check answers").click()
    verdict = check_answers([wrong], {wrong.id: wrong_id}, list(names)).items[0]
    feedback = group(page, wrong).locator("[data-cl-feedback]")
    assert feedback.text_content() == first_look(verdict, exercise_hints(module, exercise))
    assert wrong.explanation not in feedback.text_content()
    group(page, wrong).get_by_role("button", name=re.compile("Show explanation")).click()
    assert feedback.text_content() == verdict.message
    submission = download(page, tmp_path)
    assert submission["kind"] == "support" and submission["answers"][wrong.id] == wrong_id
    fits_phone(page)
    watched.assert_clean()


def test_fact_check_takes_a_verdict_a_source_and_a_correction(module, serve, watched, tmp_path):
    page = open_form(module, serve, watched, tmp_path, "fact-check")
    statement = module.factchecks[0]
    box = group(page, statement)
    correction = box.get_by_role("textbox", name=re.compile("Your corrected sentence"))
    assert not correction.is_visible()
    box.get_by_role("radio", name="Accurate", exact=True).check()
    assert not correction.is_visible()  # accurate needs no correction
    complete = box.locator("[data-cl-complete]")
    assert complete.text_content() == "Still to add: a source."
    box.get_by_role("radio", name="Inaccurate", exact=True).check()
    assert correction.is_visible()
    assert complete.text_content() == "Still to add: a source and a corrected sentence."
    box.get_by_role("textbox", name=re.compile("Your source")).fill(HOSTILE + " UN panel")
    correction.fill("A corrected sentence.")
    assert complete.text_content() == "Complete: every part of this answer is filled in."

    page.get_by_role("button", name="Check answers").click()
    compare = box.locator("[data-cl-compare]")
    assert not compare.is_visible()  # the course's answer waits for the explanation
    box.get_by_role("button", name=re.compile("Show explanation")).click()
    assert compare.is_visible()
    text = compare.inner_text()
    assert "Your answer" in text and "The course's answer" in text
    assert HOSTILE + " UN panel" in text  # typed HTML is shown as text
    assert statement.finding in text and "Inaccurate" in text
    page.reload()  # answers, source and correction come back
    assert box.get_by_role("textbox", name=re.compile("Your source")).input_value().endswith(
        "UN panel"
    )
    assert correction.input_value() == "A corrected sentence."
    submission = download(page, tmp_path)
    answers = submission["answers"]
    assert answers[statement.id] == "inaccurate"
    assert answers[f"source-{statement.id}"] == HOSTILE + " UN panel"
    assert answers[f"correction-{statement.id}"] == "A corrected sentence."
    assert answers[f"source-{module.factchecks[1].id}"] is None
    fits_phone(page)
    watched.assert_clean()


def test_argument_map_is_built_checked_and_shown_back(module, serve, watched, tmp_path):
    page = open_form(module, serve, watched, tmp_path, "argument-map")
    items = {i.id: i for i in module.iter_exercise_claims("argument-map")}
    root = module.argument.id
    conclusion, reason = items[root], items[module.argument.children[0].id]
    group(page, conclusion).get_by_role("radio", name="Conclusion", exact=True).check()
    page.get_by_label(f"{conclusion.label} supports").select_option("none")
    group(page, reason).get_by_role("radio", name="Sub-reason", exact=True).check()
    page.get_by_label(f"{reason.label} supports").select_option(root)

    tree = page.get_by_role("list", name="Your map so far")
    top = tree.locator(":scope > li").filter(has_text=f"{conclusion.label} (Conclusion")
    assert top.locator(":scope > ul > li").filter(has_text=f"{reason.label} (Sub-reason").count()

    page.get_by_role("button", name="Check answers").click()
    status = page.get_by_role("status").text_content()
    assert status.startswith(f"Score: 3 of {len(items)} right; 1 to revisit;")
    role_feedback = group(page, reason).locator("[data-cl-feedback]").first
    assert role_feedback.text_content().startswith("Not quite: you chose Sub-reason.")
    assert reason.explanation not in role_feedback.text_content()
    group(page, reason).get_by_role("button", name=re.compile("Show explanation")).first.click()
    assert role_feedback.text_content().endswith(reason.explanation)
    target = page.get_by_role("group", name=re.compile(rf"^{reason.label}, what it supports"))
    assert target.locator("[data-cl-feedback]").text_content().startswith("Correct: Step ")

    page.keyboard.press("Tab")  # the menus are keyboard operable
    page.get_by_label(f"{reason.label} supports").focus()
    page.keyboard.press("ArrowDown")
    submission = download(page, tmp_path)
    assert submission["kind"] == "argument"
    assert submission["answers"][f"target-{root}"] == "none"
    assert submission["answers"][reason.id] == "sub-reason"
    assert submission["answers"][f"target-{reason.id}"] != root  # the arrow key moved it
    fits_phone(page)
    watched.assert_clean()


def test_graded_argument_and_fact_check_forms_collect_without_checking(
    module, serve, watched, tmp_path
):
    page = open_form(module, serve, watched, tmp_path, "fact-check", "graded")
    statement = module.factchecks[0]
    box = group(page, statement)
    box.get_by_role("radio", name="Imprecise", exact=True).check()
    box.get_by_role("textbox", name=re.compile("Your source")).fill("A source")
    box.get_by_role("textbox", name=re.compile("Your corrected sentence")).fill("Fixed.")
    assert page.get_by_role("button", name="Check answers").count() == 0
    page.get_by_role("textbox", name=re.compile("Your name or LMS login")).fill("Bo")
    submission = download(page, tmp_path)
    assert submission["edition"] == "graded" and submission["student"] == "Bo"
    assert submission["answers"][f"correction-{statement.id}"] == "Fixed."
    watched.assert_clean()

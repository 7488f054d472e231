"""Feedback that teaches before it tells, storage that can fail, and the graded form, in Chromium.

Each test serves one kernel-free page rendered by the engine (the same HTML the book embeds), so
the flow is tested without a book build; tests/test_browser.py drives the built book itself.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from claimlab import check_answers
from claimlab.grading.check import exercise_hints, first_look
from claimlab.keeping.submission import read_submission, submission_schema
from claimlab.pages.render import exercise_html, memo_html, peer_review_html

EXERCISE = "claim-types-opening"
FIRST_NOTE = (
    " Feedback is shown under each claim; ask for an explanation there, or check again to see "
    "them all."
)
LATER_NOTE = " Feedback is shown under each claim."

# Fills the origin's storage to its quota before any page script runs (once per context).
FILL_STORAGE = """
(() => {
  if (sessionStorage.getItem('filled')) return;
  const chunk = 'x'.repeat(512 * 1024);
  let i = 0;
  try { for (;;) { localStorage.setItem('filler-' + i, chunk); i += 1; } } catch (e) {}
  try { for (let j = 0; ; j += 1) { localStorage.setItem('small-' + j, 'x'.repeat(1024)); } }
  catch (e) {}
  try { for (let j = 0; ; j += 1) { localStorage.setItem('t' + j, 'x'); } } catch (e) {}
  sessionStorage.setItem('filled', String(i));
})();
"""
# Makes every write to storage throw, as a blocked or full origin does.
THROWING_STORAGE = """
Storage.prototype.setItem = function () {
  throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
};
"""


def page_with(tmp_path: Path, body: str, name: str = "index.html") -> Path:
    folder = tmp_path / "site"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Form</title>"
        f"</head><body><main>{body}</main></body></html>",
        encoding="utf-8",
    )
    return folder


@pytest.fixture
def exercise_page(module, serve, watched, tmp_path):
    folder = page_with(tmp_path, exercise_html(module, EXERCISE, "self-check"))
    watched.page.goto(f"{serve(folder)}/index.html")
    return watched.page


def group(page, item):
    return page.get_by_role("group", name=re.compile(rf"^{item.label} \("))


def explain_button(page, item):
    return group(page, item).get_by_role("button", name=re.compile("Show explanation"))


def feedback_of(page, item) -> str:
    return group(page, item).locator("[data-cl-feedback]").text_content()


def setup(module):
    items = list(module.iter_exercise_claims(EXERCISE))
    options = module.exercise_options(EXERCISE)
    names = dict(options)
    right, wrong = items[0], items[1]
    wrong_id = next(o for o, _ in options if o not in wrong.accepted)
    labels = [o for o, _ in options]
    return items, names, right, wrong, wrong_id, labels


def answer(page, names, right, wrong, wrong_id):
    group(page, right).get_by_role("radio", name=names[right.key]).check()
    group(page, wrong).get_by_role("radio", name=names[wrong_id]).check()


def test_first_check_hints_then_explains_on_request_or_at_second_check(
    exercise_page, watched, module
):
    page = exercise_page
    items, names, right, wrong, wrong_id, labels = setup(module)
    answer(page, names, right, wrong, wrong_id)
    page.get_by_role("button", name="Check answers").click()

    expected = check_answers(items, {right.id: right.key, wrong.id: wrong_id}, labels)
    hints = exercise_hints(module, EXERCISE)
    assert page.get_by_role("status").text_content() == expected.summary + FIRST_NOTE
    for item, verdict in zip(items, expected.items, strict=True):
        assert feedback_of(page, item) == first_look(verdict, hints)
    wrong_text = feedback_of(page, wrong)
    assert module.taxonomy.type(wrong_id).test_question in wrong_text  # the hint
    assert wrong.explanation not in wrong_text and f"the key says {wrong.key}" not in wrong_text
    # No "Show explanation" where nothing was answered: the key stays hidden there.
    assert not explain_button(page, items[2]).is_visible()

    explain_button(page, wrong).click()
    assert feedback_of(page, wrong) == expected.items[1].message
    assert feedback_of(page, right) == first_look(expected.items[0], hints)  # others unchanged

    page.get_by_role("button", name="Check answers").click()
    assert page.get_by_role("status").text_content() == expected.summary + LATER_NOTE
    for item, verdict in zip(items, expected.items, strict=True):
        assert feedback_of(page, item) == verdict.message
    watched.assert_clean()


def test_changing_an_answer_clears_its_feedback_and_the_score(exercise_page, watched, module):
    page = exercise_page
    _items, names, right, wrong, wrong_id, _labels = setup(module)
    answer(page, names, right, wrong, wrong_id)
    page.get_by_role("button", name="Check answers").click()
    assert page.get_by_role("status").text_content().startswith("Score: ")
    kept = feedback_of(page, right)

    group(page, wrong).get_by_role("radio", name=names[wrong.key]).check()
    assert feedback_of(page, wrong) == ""
    assert group(page, wrong).locator("[data-cl-feedback]").get_attribute("data-status") is None
    assert page.locator("[data-cl-summary]").text_content() == ""
    assert feedback_of(page, right) == kept  # only the changed item is cleared

    page.get_by_role("button", name="Check answers").click()
    assert feedback_of(page, wrong).startswith("Correct")
    watched.assert_clean()


def test_feedback_and_score_come_back_after_a_reload(exercise_page, watched, module):
    page = exercise_page
    items, names, right, wrong, wrong_id, _labels = setup(module)
    answer(page, names, right, wrong, wrong_id)
    page.get_by_role("button", name="Check answers").click()
    explain_button(page, wrong).click()
    before = [feedback_of(page, item) for item in items]
    status = page.get_by_role("status").text_content()

    page.reload()
    assert [feedback_of(page, item) for item in items] == before
    assert page.get_by_role("status").text_content() == status
    assert group(page, wrong).get_by_role("radio", name=names[wrong_id]).is_checked()
    assert explain_button(page, right).is_visible()
    assert not explain_button(page, wrong).is_visible()
    watched.assert_clean()


def test_reset_asks_before_it_clears(exercise_page, watched, module):
    page = exercise_page
    _items, names, right, wrong, wrong_id, _labels = setup(module)
    answer(page, names, right, wrong, wrong_id)
    page.get_by_role("button", name="Check answers").click()
    radio = group(page, right).get_by_role("radio", name=names[right.key])

    page.get_by_role("button", name="Reset").click()
    confirm = page.get_by_role("group", name=re.compile("Clear all your answers"))
    assert confirm.is_visible()
    assert radio.is_checked()  # nothing cleared yet
    confirm.get_by_role("button", name="No, keep my answers").click()
    assert not confirm.is_visible() and radio.is_checked()
    assert feedback_of(page, right) != ""

    page.get_by_role("button", name="Reset").click()
    confirm.get_by_role("button", name="Yes, clear my answers").click()
    assert not radio.is_checked() and feedback_of(page, right) == ""
    page.reload()
    assert page.locator("input[type=radio]:checked").count() == 0
    assert feedback_of(page, right) == ""
    watched.assert_clean()


def test_download_is_version_2_with_first_attempt_checks_and_score(
    exercise_page, watched, module, tmp_path
):
    page = exercise_page
    items, names, right, wrong, wrong_id, _labels = setup(module)
    answer(page, names, right, wrong, wrong_id)
    page.get_by_role("button", name="Check answers").click()
    group(page, wrong).get_by_role("radio", name=names[wrong.key]).check()
    page.get_by_role("button", name="Check answers").click()
    page.get_by_role("textbox", name=re.compile("Your name")).fill("Ana_B")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download my answers").click()
    # The file name's slug is the kernel's (claimlab.keeping.submission._slug): "Ana_B" -> "ana_b".
    assert info.value.suggested_filename == f"{module.id}--{EXERCISE}--ana_b.json"
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    data = json.loads(target.read_text(encoding="utf-8"))
    jsonschema.validate(data, submission_schema())
    assert read_submission(target)["version"] == 2
    assert data["edition"] == "self-check"
    first = dict.fromkeys((i.id for i in items), None) | {right.id: right.key, wrong.id: wrong_id}
    assert data["attempts"]["first"] == first
    assert data["attempts"]["checks"] == 2
    assert data["attempts"]["score"] == {"right": 2, "out_of": len(items)}
    assert data["answers"][wrong.id] == wrong.key
    watched.assert_clean()


def test_graded_form_cannot_check_but_hands_in(module, serve, watched, tmp_path):
    folder = page_with(tmp_path, exercise_html(module, EXERCISE, "graded"))
    page = watched.page
    page.goto(f"{serve(folder)}/index.html")
    _items, names, right, wrong, wrong_id, _labels = setup(module)
    assert page.get_by_role("button", name="Check answers").count() == 0
    assert "will be graded by your instructor" in page.locator("[data-cl-graded]").text_content()
    answer(page, names, right, wrong, wrong_id)
    page.reload()
    assert group(page, wrong).get_by_role("radio", name=names[wrong_id]).is_checked()
    # No name, or only spaces: nothing is downloaded, and the message next to the button says why.
    name = page.get_by_role("textbox", name=re.compile("Your name or LMS login"))
    needed = page.locator("[data-cl-name-needed]")
    assert needed.is_hidden()
    name.fill("   ")
    downloads: list = []
    page.on("download", lambda d: downloads.append(d))
    page.get_by_role("button", name="Download my answers").click()
    assert needed.is_visible() and "Type your name or LMS login first" in needed.text_content()
    assert needed.get_attribute("role") == "alert"
    assert name.get_attribute("aria-invalid") == "true"
    assert name.get_attribute("aria-describedby") == needed.get_attribute("id")
    assert page.evaluate("document.activeElement.hasAttribute('data-cl-student')")
    page.wait_for_timeout(300)
    assert downloads == []
    name.fill("Ana Lopez")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download my answers").click()
    assert needed.is_hidden() and name.get_attribute("aria-describedby") is None
    target = tmp_path / "graded.json"
    info.value.save_as(target)
    data = read_submission(target)
    assert data["edition"] == "graded" and data["student"] == "Ana Lopez"
    assert data["attempts"] == {"checks": 0, "first": None, "score": None}
    assert data["answers"][right.id] == right.key
    watched.assert_clean()


def test_graded_memo_needs_a_name_before_either_download(module, serve, watched, tmp_path,
                                                        monkeypatch):
    monkeypatch.setenv("CLAIMLAB_EDITION", "graded")
    folder = page_with(tmp_path, memo_html(module))
    page = watched.page
    page.goto(f"{serve(folder)}/index.html")
    needed = page.locator("[data-cl-name-needed]")
    downloads: list = []
    page.on("download", lambda d: downloads.append(d))
    for label in ("Download memo (Markdown)", "Download my draft (JSON)"):
        page.get_by_role("button", name=label).click()
        assert needed.is_visible() and "Type your name or LMS login first" in needed.text_content()
    page.wait_for_timeout(300)
    assert downloads == []
    page.get_by_role("textbox", name=re.compile("Your name or LMS login")).fill("Cy")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download my draft (JSON)").click()
    assert needed.is_hidden()
    target = tmp_path / "memo.json"
    info.value.save_as(target)
    data = read_submission(target)
    assert data["student"] == "Cy" and data["edition"] == "graded"
    watched.assert_clean()


# --- full or failing storage -------------------------------------------------------------------


def memo_site(module, tmp_path) -> Path:
    return page_with(tmp_path, memo_html(module) + peer_review_html(module))


@pytest.mark.parametrize("script", [FILL_STORAGE, THROWING_STORAGE], ids=["full", "throwing"])
def test_memo_survives_full_storage(module, serve, watched, tmp_path, script):
    folder = memo_site(module, tmp_path)
    page = watched.page
    url = f"{serve(folder)}/index.html"
    if script is FILL_STORAGE:
        # A draft saved before the origin filled up must still be shown.
        page.goto(url)
        memo = page.locator("[data-cl-memo]")
        first = module.rubric.parts[0]
        memo.get_by_role("textbox", name=first.title, exact=True).fill("Saved before it filled.")
    watched.context.add_init_script(script)
    page.goto(url)
    memo = page.locator("[data-cl-memo]")
    first, second = module.rubric.parts[:2]
    box = memo.get_by_role("textbox", name=first.title, exact=True)
    if script is FILL_STORAGE:
        assert box.input_value() == "Saved before it filled."
    box.fill("Words typed while storage is full, ¶13.")
    memo.get_by_role("textbox", name=second.title, exact=True).fill("More words.")
    alert = memo.get_by_role("alert")
    assert alert.is_visible()
    assert "cannot be saved here" in alert.text_content()
    assert "Download my draft" in alert.text_content()
    count = memo.locator(f'[data-cl-count="{first.id}"]').text_content()
    assert count.startswith("7 words")  # the form keeps working
    with page.expect_download() as info:
        memo.get_by_role("button", name="Download my draft (JSON)").click()
    target = tmp_path / "draft.json"
    info.value.save_as(target)
    data = read_submission(target)
    assert data["answers"][first.id] == "Words typed while storage is full, ¶13."
    assert data["answers"][second.id] == "More words."
    watched.assert_clean()


def test_exercise_survives_full_storage(module, serve, watched, tmp_path):
    folder = page_with(tmp_path, exercise_html(module, EXERCISE, "self-check"))
    watched.context.add_init_script(FILL_STORAGE)
    page = watched.page
    page.goto(f"{serve(folder)}/index.html")
    _items, names, right, wrong, wrong_id, _labels = setup(module)
    answer(page, names, right, wrong, wrong_id)
    assert "cannot be saved here" in page.get_by_role("alert").text_content()
    page.get_by_role("button", name="Check answers").click()
    assert page.get_by_role("status").text_content().startswith("Score: 1 of")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download my answers").click()
    info.value.save_as(tmp_path / "answers.json")
    assert read_submission(tmp_path / "answers.json")["answers"][wrong.id] == wrong_id
    watched.assert_clean()


# --- peer review and memo import ---------------------------------------------------------------


def test_peer_review_is_restored_after_a_reload(module, serve, watched, tmp_path):
    folder = memo_site(module, tmp_path)
    page = watched.page
    page.goto(f"{serve(folder)}/index.html")
    form = page.locator("[data-cl-peer]")
    first = module.rubric.peer_criteria[0]
    form.get_by_role("textbox", name="Memo by").fill("Ana")
    form.get_by_role("group", name=first.name).get_by_role("radio", name=first.levels[1]).check()
    comment = form.get_by_role("textbox", name=f"Comment on {first.name.lower()}")
    comment.fill("Clear <b>steps</b>.")
    form.get_by_role("textbox", name="Overall").fill("Good.")
    page.reload()
    assert form.get_by_role("textbox", name="Memo by").input_value() == "Ana"
    radio = form.get_by_role("group", name=first.name).get_by_role("radio", name=first.levels[1])
    assert radio.is_checked()
    assert comment.input_value() == "Clear <b>steps</b>."
    assert form.get_by_role("textbox", name="Overall").input_value() == "Good."
    watched.assert_clean()


def memo_file(tmp_path: Path, name: str, data: object | str) -> Path:
    path = tmp_path / name
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    return path


def test_memo_import_loads_a_good_file_and_refuses_others(module, serve, watched, tmp_path):
    folder = memo_site(module, tmp_path)
    page = watched.page
    page.goto(f"{serve(folder)}/index.html")
    memo = page.locator("[data-cl-memo]")
    first = module.rubric.parts[0]
    box = memo.get_by_role("textbox", name=first.title, exact=True)
    box.fill("What I had before.")
    upload = memo.get_by_label("Load a downloaded draft (.json)")
    rec = module.recommendations[0]
    good = {
        "format": "claimlab-submission", "version": 1, "module": module.id, "exercise": "memo",
        "kind": "memo", "submitted_at": "2026-03-02T09:30:00Z", "student": "Ana <b>K</b>",
        "answers": {first.id: "From <img src=x onerror=alert(1)> another browser.",
                    f"stance-{rec.id}": "adopt", f"reason-{rec.id}": "Talks need it."},
    }

    status = memo.locator("[data-cl-import-status]")
    # Its messages are right under the picker, where the student's eyes are.
    assert status.evaluate("el => el.previousElementSibling.type") == "file"
    for name, data, why in [
        ("other.json", good | {"module": "another-module"}, "a memo for another module"),
        ("damaged.json", '{"format": "claimlab-submission", "vers', "it is damaged"),
        ("exercise.json", good | {"kind": "classify"}, "not a memo draft"),
    ]:
        upload.set_input_files(str(memo_file(tmp_path, name, data)))
        status.filter(has_text=f"Did not load {name}").wait_for()
        assert why in status.text_content()
        assert box.input_value() == "What I had before."  # nothing changed

    # A good file asks before replacing words in the form; "No" changes nothing.
    upload.set_input_files(str(memo_file(tmp_path, "good.json", good)))
    confirm = memo.get_by_role("group", name=re.compile("Replace what is in the form"))
    assert "good.json" in confirm.text_content()
    confirm.get_by_role("button", name="No, keep the form as it is").click()
    assert not confirm.is_visible()
    assert box.input_value() == "What I had before."
    assert "you kept the form as it is" in status.text_content()

    upload.set_input_files(str(memo_file(tmp_path, "good.json", good)))
    confirm.get_by_role("button", name="Yes, replace the form").click()
    status.filter(has_text="Loaded good.json").wait_for()
    assert "Ana <b>K</b>" in status.text_content()
    assert box.input_value() == good["answers"][first.id]
    group = memo.get_by_role("group", name=re.compile(re.escape(rec.text)))
    assert group.get_by_role("radio", name=dict(module.rubric.stances)["adopt"]).is_checked()
    assert memo.get_by_role("textbox", name="Your name or pseudonym (optional)").input_value() == (
        "Ana <b>K</b>"
    )
    assert page.locator("img").count() == 0
    # What the file replaced is kept as a copy under the picker, and comes back on request.
    kept = memo.locator(".cl-copy")
    assert "Loading good.json replaced what was in the form" in kept.text_content()
    assert "What I had before." in kept.text_content()
    page.reload()  # what was loaded is saved like anything typed, and the copy is kept
    assert box.input_value() == good["answers"][first.id]
    kept.get_by_role("button", name="Put this back in the form").click()
    assert box.input_value() == "What I had before."
    assert not group.get_by_role("radio", name=dict(module.rubric.stances)["adopt"]).is_checked()
    # ...and the loaded draft it replaced is kept in its turn.
    assert good["answers"][first.id] in memo.locator(".cl-copy").text_content()
    watched.assert_clean()


def test_an_item_answered_late_gets_its_hint_first_and_the_score_links_what_to_revisit(
    exercise_page, watched, module
):
    page = exercise_page
    items, names, right, wrong, wrong_id, labels = setup(module)
    late = items[2]
    late_wrong = next(o for o in names if o not in late.accepted)
    hints = exercise_hints(module, EXERCISE)
    answer(page, names, right, wrong, wrong_id)
    page.get_by_role("button", name="Check answers").click()
    revisit = page.get_by_role("navigation", name="Items to revisit")
    assert revisit.get_by_role("link").all_inner_texts() == [wrong.label]

    # Answered only now: its own first check gives the hint, while the others explain.
    group(page, late).get_by_role("radio", name=names[late_wrong]).check()
    page.get_by_role("button", name="Check answers").click()
    given = {right.id: right.key, wrong.id: wrong_id, late.id: late_wrong}
    expected = check_answers(items, given, labels)
    assert feedback_of(page, late) == first_look(expected.items[2], hints)
    assert feedback_of(page, late) != expected.items[2].message
    assert feedback_of(page, wrong) == expected.items[1].message
    assert page.get_by_role("status").text_content() == expected.summary + FIRST_NOTE
    links = revisit.get_by_role("link")
    assert links.all_inner_texts() == [wrong.label, late.label]  # in the page's order
    # Each link leads to its item's box.
    for link, item in zip(links.all(), (wrong, late), strict=True):
        target = link.get_attribute("href")
        assert page.locator(target).get_attribute("data-cl-claim") == item.id
    links.nth(1).click()
    assert page.evaluate("location.hash") == links.nth(1).get_attribute("href")

    page.get_by_role("button", name="Check answers").click()  # its second check explains
    assert feedback_of(page, late) == expected.items[2].message
    assert page.get_by_role("status").text_content() == expected.summary + LATER_NOTE

    # Right answers everywhere: nothing left to revisit, and no empty list.
    for item in (wrong, late):
        group(page, item).get_by_role("radio", name=names[item.key]).check()
    page.get_by_role("button", name="Check answers").click()
    assert not revisit.is_visible()
    watched.assert_clean()


def test_cannot_be_verified_asks_what_was_searched_and_sources_are_links(
    module, serve, watched, tmp_path
):
    folder = page_with(tmp_path, exercise_html(module, "fact-check", "self-check"))
    page = watched.page
    page.goto(f"{serve(folder)}/index.html")
    statements = list(module.iter_exercise_claims("fact-check"))
    unsure = next(s for s in statements if s.verdict == "unverifiable")
    box = group(page, unsure)
    box.get_by_role("radio", name="Cannot be verified").check()
    assert box.get_by_label(re.compile("^What you searched for")).is_visible()
    assert not box.get_by_label(re.compile("corrected sentence")).is_visible()
    assert box.locator("[data-cl-complete]").text_content() == "Still to add: what you searched."
    box.get_by_label(re.compile("^What you searched for")).fill("UN panel reports, 2019-2020")
    assert box.locator("[data-cl-complete]").text_content().startswith("Complete")

    # Another verdict asks for a source and a correction again.
    box.get_by_role("radio", name="Imprecise").check()
    assert box.get_by_label(re.compile("^Your source for")).is_visible()
    assert box.get_by_label(re.compile("corrected sentence")).is_visible()
    box.get_by_role("radio", name="Cannot be verified").check()

    page.get_by_role("button", name="Check answers").click()
    page.get_by_role("button", name="Check answers").click()  # the full answer, with sources
    compare = box.locator("[data-cl-compare]")
    assert "What you searched" in compare.text_content()
    links = compare.get_by_role("link")
    assert links.count() == len(unsure.sources)
    for link in links.all():
        href, text = link.get_attribute("href"), link.text_content()
        assert href.startswith("http") and "://" not in text and re.search(r"\(\d{4}\)$", text)
    watched.assert_clean()

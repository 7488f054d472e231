"""The live widget is a thin edge: it reads choices and shows what the pure checker says."""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from claimlab.keeping.submission import read_submission
from claimlab.kernel.widgets import ClaimClassifier, Notice
from claimlab.pages.render import exercise_html


def button(exercise: ClaimClassifier, name: str) -> widgets.Button:
    """Find a button the way a user does: by its visible name."""
    pending = [exercise.widget]
    while pending:
        item = pending.pop()
        if isinstance(item, widgets.Button) and item.description == name:
            return item
        pending.extend(getattr(item, "children", ()))
    raise AssertionError(f"no button named {name!r}")


def test_form_checks_resets_and_reports(mini, tmp_path):
    exercise = ClaimClassifier(mini, "all-claims", work_folder=tmp_path)
    assert exercise.answers == {"1a": None, "1b": None, "2a": None}
    exercise.widget  # noqa: B018 - building the form is the point
    exercise._choices["1a"].value = "empirical"
    exercise._choices["2a"].value = "causal"
    button(exercise, "Check answers").click()
    assert "Score: 1 of 3 right; 1 to revisit; 1 not answered." in exercise._score.value
    assert "Correct: empirical." in exercise._item_feedback["1a"].value
    assert "Not quite: you chose causal" in exercise._item_feedback["2a"].value
    assert exercise.answers_frame().loc["2a", "answer"] == "causal"
    button(exercise, "Reset").click()  # asks first
    assert exercise.answers["1a"] == "empirical"
    button(exercise, "No, keep my answers").click()
    assert exercise.answers["1a"] == "empirical"
    button(exercise, "Reset").click()
    button(exercise, "Yes, clear my answers").click()
    assert exercise.answers == {"1a": None, "1b": None, "2a": None}
    assert exercise._score.value == ""
    assert exercise.checks == 0 and exercise.first_attempt is None


def test_kernel_feedback_hints_first_and_explains_later(mini, tmp_path):
    exercise = ClaimClassifier(mini, "all-claims", work_folder=tmp_path)
    exercise.widget  # noqa: B018
    claim = mini.claim("2a")
    exercise._choices["2a"].value = "causal"
    button(exercise, "Check answers").click()
    first = exercise._item_feedback["2a"].value
    assert "Not quite: you chose causal." in first and escape(claim.explanation) not in first
    assert exercise._explain["2a"].layout.display is None  # "Show explanation" is offered
    exercise._explain["2a"].click()
    assert escape(claim.explanation) in exercise._item_feedback["2a"].value
    exercise._choices["2a"].value = "predictive"  # a new answer clears the old feedback
    assert exercise._item_feedback["2a"].value == "" and exercise._score.value == ""
    button(exercise, "Check answers").click()  # the second check explains everything
    assert escape(claim.explanation) in exercise._item_feedback["2a"].value
    data = read_submission(exercise.save("Ana"))
    assert data["version"] == 2 and data["edition"] == "self-check"
    assert data["attempts"]["checks"] == 2
    assert data["attempts"]["first"] == {"1a": None, "1b": None, "2a": "causal"}
    assert data["attempts"]["score"] == {"right": 1, "out_of": 3}


def test_graded_kernel_form_has_no_check_and_saves_no_attempts(mini, tmp_path, monkeypatch):
    monkeypatch.setenv("CLAIMLAB_EDITION", "graded")
    exercise = ClaimClassifier(mini, "all-claims", work_folder=tmp_path)
    exercise.widget  # noqa: B018
    try:
        button(exercise, "Check answers")
        raise AssertionError("the graded form has a Check answers button")
    except AssertionError as err:
        assert "no button named" in str(err)
    assert isinstance(exercise.check({"1a": "empirical"}), Notice)
    exercise._choices["1a"].value = "empirical"
    assert "required" in exercise._student.description
    for nameless in ("", "  \t", "\x00\u200b"):  # nothing visible: no hand-in, a message
        refused = exercise.save(nameless)
        assert isinstance(refused, Notice) and "Type your name or LMS login first" in str(refused)
    assert list(tmp_path.iterdir()) == []
    data = read_submission(exercise.save("Bo"))
    assert data["edition"] == "graded"
    assert data["attempts"] == {"checks": 0, "first": None, "score": None}
    assert mini.claim("1a").explanation not in exercise._repr_mimebundle_()["text/html"]


def test_every_dropdown_is_labelled_by_its_claim(mini):
    exercise = ClaimClassifier(mini, "all-claims")
    exercise.widget  # noqa: B018
    assert [box.description for box in exercise._choices.values()] == [
        "Answer for 1a",
        "Answer for 1b",
        "Answer for 2a",
    ]


def test_bad_answers_become_a_notice(mini):
    result = ClaimClassifier(mini, "all-claims").check({"1a": "emprical"})
    assert isinstance(result, Notice)
    assert "did you mean 'empirical'?" in result.text
    assert 'role="alert"' in result._repr_html_()


def test_save_button_writes_a_valid_submission(mini, tmp_path):
    exercise = ClaimClassifier(mini, "all-claims", work_folder=tmp_path / "work")
    exercise.widget  # noqa: B018
    exercise._choices["1b"].value = "causal"
    exercise._student.value = "Min-jun <b>Kim</b> 🙂"
    button(exercise, "Save my answers").click()
    (saved,) = (tmp_path / "work").glob("*.json")
    assert "Saved to" in exercise._score.value and "&lt;b&gt;" not in exercise._score.value
    data = read_submission(saved)
    assert data["student"] == "Min-jun <b>Kim</b> 🙂"
    assert data["answers"] == {"1a": None, "1b": "causal", "2a": None}


def test_one_cell_offers_the_widget_and_the_kernel_free_page(mini, monkeypatch):
    monkeypatch.setenv("CLAIMLAB_PAGE_FORMS", "1")  # what the book's build sets for its kernels
    exercise = ClaimClassifier(mini, "costs")
    bundle = exercise._repr_mimebundle_()
    assert bundle["text/plain"] == "Claim classifier 'costs': 1 claims (2a)"
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/html"] == exercise_html(mini, "costs")


def test_in_a_notebook_the_fallback_is_a_prompt_not_a_dead_form(mini, monkeypatch):
    monkeypatch.delenv("CLAIMLAB_PAGE_FORMS", raising=False)  # JupyterLab, nbval, refresh
    bundle = ClaimClassifier(mini, "costs")._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/html"].startswith('<p class="cl-run-prompt"><strong>Run this cell')
    assert "<button" not in bundle["text/html"] and "<input" not in bundle["text/html"]


def test_graded_kernel_memo_needs_a_name_to_hand_in(module, tmp_path, monkeypatch):
    import pytest

    from claimlab.keeping.submission import SubmissionError
    from claimlab.kernel.memo_widget import MemoBuilder

    monkeypatch.setenv("CLAIMLAB_EDITION", "graded")
    builder = MemoBuilder(module, work_folder=tmp_path)
    builder.set("asks", "End cybercrime, as ¶37 suggests.")
    with pytest.raises(SubmissionError, match="Type your name or LMS login first"):
        builder.export()
    assert not list(tmp_path.glob("*--memo--*.json"))  # no hand-in; the draft is still kept
    builder._student = "Cy"
    _, submission = builder.export()
    assert read_submission(submission)["student"] == "Cy"


def test_kernel_feedback_stages_each_item_on_its_own_checks_and_names_what_to_revisit(
    mini, tmp_path
):
    exercise = ClaimClassifier(mini, "all-claims", work_folder=tmp_path)
    exercise.widget  # noqa: B018
    exercise._choices["2a"].value = "causal"
    button(exercise, "Check answers").click()
    assert f"To revisit: {mini.claim('2a').label}" in exercise._score.value
    exercise._choices["1a"].value = "causal"  # answered only at the second check
    button(exercise, "Check answers").click()
    claim = mini.claim("1a")
    assert escape(claim.explanation) not in exercise._item_feedback["1a"].value  # its hint
    assert escape(mini.claim("2a").explanation) in exercise._item_feedback["2a"].value
    button(exercise, "Check answers").click()
    assert escape(claim.explanation) in exercise._item_feedback["1a"].value

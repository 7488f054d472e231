"""The live widget is a thin edge: it reads choices and shows what the pure checker says."""

from __future__ import annotations

from claimlab.widgets import ClaimClassifier, Notice


def test_form_checks_resets_and_reports(mini):
    exercise = ClaimClassifier(mini, "all-claims")
    form = exercise.widget
    assert exercise.answers == {"1a": None, "1b": None, "2a": None}
    exercise._choices["1a"].value = "empirical"
    exercise._choices["2a"].value = "causal"
    check, reset = form.children[-2].children
    assert (check.description, reset.description) == ("Check answers", "Reset")
    check.click()
    assert "Score: 1 of 3 right; 1 to revisit; 1 not answered." in exercise._score.value
    assert "Correct" in exercise._item_feedback["1a"].value
    assert "Not quite" in exercise._item_feedback["2a"].value
    assert exercise.answers_frame().loc["2a", "answer"] == "causal"
    reset.click()
    assert exercise.answers == {"1a": None, "1b": None, "2a": None}
    assert exercise._score.value == ""


def test_every_dropdown_is_labelled_by_its_claim(mini):
    exercise = ClaimClassifier(mini, "all-claims")
    exercise.widget  # noqa: B018 - building the form is the point
    assert [box.description for box in exercise._choices.values()] == [
        "Type of 1a",
        "Type of 1b",
        "Type of 2a",
    ]


def test_bad_answers_become_a_notice(mini):
    result = ClaimClassifier(mini, "all-claims").check({"1a": "emprical"})
    assert isinstance(result, Notice)
    assert "did you mean 'empirical'?" in result.text
    assert 'role="alert"' in result._repr_html_()


def test_display_bundle_has_a_short_stable_text(mini):
    bundle = ClaimClassifier(mini, "costs")._repr_mimebundle_()
    assert bundle["text/plain"] == "Claim classifier 'costs': 1 claims (2a)"
    assert "application/vnd.jupyter.widget-view+json" in bundle

"""The pure checker: right, accepted, wrong and unanswered; bad input explained, never a crash."""

from __future__ import annotations

import pytest

from claimlab import AnswerError, Status, check_answers


@pytest.fixture
def labels(mini):
    return mini.taxonomy.type_ids


def test_key_scores_full_marks(module):
    feedback = check_answers(
        module.claims, {c.id: c.type for c in module.claims}, module.taxonomy.type_ids
    )
    assert feedback.score == 1.0
    assert feedback.count(Status.CORRECT) == len(module.claims)


def test_empty_answers_score_zero_all_unanswered(module):
    feedback = check_answers(module.claims, {}, module.taxonomy.type_ids)
    assert feedback.score == 0.0
    assert {item.status for item in feedback.items} == {Status.UNANSWERED}
    assert feedback.total == len(module.claims)


def test_each_status_and_the_summary(mini, labels):
    feedback = check_answers(mini.claims, {"1a": "causal", "1b": "empirical"}, labels)
    assert [i.status for i in feedback.items] == [Status.WRONG, Status.ACCEPTED, Status.UNANSWERED]
    assert feedback.right == 1
    assert feedback.summary == (
        "Score: 1 of 3 right; 1 of them accepted alternatives; 1 to revisit; 1 not answered."
    )
    assert feedback.items[0].message.startswith(
        "Not quite: you chose causal; the key says empirical. A measurable change."
    )


def test_labels_are_read_leniently(mini, labels):
    feedback = check_answers(mini.claims, {"1a": "  Empirical ", "1b": "", "2a": None}, labels)
    assert [i.status for i in feedback.items] == [
        Status.CORRECT,
        Status.UNANSWERED,
        Status.UNANSWERED,
    ]


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        (
            {"1a": "emprical"},
            "'emprical' (for 1a) is not one of the choices (did you mean 'empirical'?); "
            "choose one of: empirical, causal, predictive",
        ),
        ({"1z": "causal"}, "there is no claim '1z' in this exercise (its claims are 1a, 1b, 2a)"),
        (
            {"1a": 3},
            "the answer for 1a must be one of the choices in quotes, like 'empirical', not int 3",
        ),
        (
            ["empirical"],
            "answers must be a dictionary from id to answer, like {'1a': 'empirical'}; got a list",
        ),
    ],
)
def test_bad_answers_get_a_clear_message(mini, labels, answers, message):
    with pytest.raises(AnswerError) as caught:
        check_answers(mini.claims, answers, labels)
    assert str(caught.value) == message


def test_every_problem_is_named_at_once(mini, labels):
    with pytest.raises(AnswerError) as caught:
        check_answers(mini.claims, {"9z": "x", "1a": "opinion"}, labels)
    assert "'9z'" in str(caught.value)
    assert "'opinion'" in str(caught.value)


def test_report_and_frame(mini, labels):
    feedback = check_answers(mini.claims, {"2a": "predictive"}, labels)
    report = feedback.report().splitlines()
    assert report[0] == "Score: 1 of 3 right; 2 not answered."
    assert report[-3:] == [
        "[2a] ¶2 Correct",
        "  “Lanes would pay for themselves within ten years.”",
        '  Correct: predictive. "Would" looks ahead.',
    ]
    frame = feedback.to_frame()
    assert frame.loc["2a", "status"] == "correct"
    assert frame["status"].tolist().count("unanswered") == 2


def test_unanswered_claims_do_not_reveal_the_key(mini, labels):
    feedback = check_answers(mini.claims, {}, labels)
    for item in feedback.items:
        assert item.message == "Not answered yet: choose a type, then check again."
        assert item.claim.type not in item.message


def test_feedback_teaches_before_it_tells(module):
    from claimlab.grading.check import exercise_hints, first_look, score_record, staged_message

    claims = list(module.iter_exercise_claims("claim-types-opening"))
    hints = exercise_hints(module, "claim-types-opening")
    claim = claims[0]
    wrong = next(t for t in module.taxonomy.types if t.id not in claim.accepted)
    labels = module.taxonomy.type_ids
    item = check_answers([claim], {claim.id: wrong.id}, labels).items[0]
    first = staged_message(item, hints, checks=1)
    assert first == first_look(item, hints)
    assert wrong.test_question in first and claim.explanation not in first
    assert claim.key not in first.replace(wrong.id, "")  # the key's label is not given away
    assert staged_message(item, hints, checks=1, revealed=True) == item.message
    assert staged_message(item, hints, checks=2) == item.message
    unanswered = check_answers([claim], {}, labels).items[0]
    assert staged_message(unanswered, hints, checks=5) == unanswered.verdict
    feedback = check_answers(claims, {claim.id: claim.key}, labels)
    assert score_record(feedback) == {"right": 1, "out_of": len(claims)}


def test_fact_check_hints_are_verdict_definitions(module):
    from claimlab.grading.check import exercise_hints

    hints = exercise_hints(module, "fact-check")
    assert set(hints) == {v.id for v in module.taxonomy.verdicts}
    for verdict in module.taxonomy.verdicts:
        assert verdict.definition.strip() in hints[verdict.id]


def test_each_item_counts_only_the_checks_it_was_answered_at():
    from claimlab.grading.check import count_item_checks

    counts = count_item_checks({}, {"a": "fact", "b": None, "source-a": "x"})
    assert counts == {"a": 1}  # no stage for an unanswered item, none for a note
    counts = count_item_checks(counts, {"a": "fact", "b": "cause"})
    assert counts == {"a": 2, "b": 1}  # b's first check, whenever it comes


def test_cannot_be_verified_asks_what_was_searched_and_no_correction():
    from claimlab.grading.check import UNVERIFIABLE, missing_notes

    assert missing_notes(UNVERIFIABLE, "", "") == ["what you searched"]
    assert missing_notes(UNVERIFIABLE, "searched UN reports", "") == []
    assert missing_notes("imprecise", "", "") == ["a source", "a corrected sentence"]

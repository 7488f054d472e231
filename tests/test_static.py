"""The kernel-free exercise: deterministic, self-contained, and inert to hostile text."""

from __future__ import annotations

import dataclasses
import json
import re

import pytest

from claimlab.grading.check import check_answers, exercise_hints, first_look
from claimlab.module.model import ArgumentItem
from claimlab.pages.render import (
    choice_feedback,
    exercise_html,
    exercise_payload,
    exercise_uid,
    share_messages,
)

HOSTILE = '</script><img src=x onerror=alert(1)><script>alert("x")</script>'


def payload_of(page: str) -> dict:
    match = re.search(r'<script type="application/json" data-cl-payload>(.*?)</script>', page, re.S)
    assert match
    return json.loads(match.group(1))


def test_rendering_twice_is_byte_identical(module):
    assert exercise_html(module, "claim-types-opening") == exercise_html(
        module, "claim-types-opening"
    )


def test_ids_come_from_content_not_chance(module, mini):
    uid = exercise_uid(module, "claim-types-opening")
    assert re.fullmatch(r"cl-[0-9a-f]{10}", uid)
    assert uid != exercise_uid(mini, "all-claims")
    page = exercise_html(module, "claim-types-opening")
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    assert all(i.startswith(uid) for i in ids)


def test_page_is_self_contained(module):
    page = exercise_html(module, "claim-types-opening")
    assert not re.search(r"\s(?:src|href)=", page)
    assert "@import" not in page and "url(" not in page
    assert page.count("<script") == 2  # the JSON payload and the inlined script


def test_every_claim_is_a_labelled_radio_group(module):
    page = exercise_html(module, "claim-types-opening")
    claims = list(module.iter_exercise_claims("claim-types-opening"))
    assert page.count("<fieldset") == len(claims)
    assert page.count('type="radio"') == len(claims) * len(module.taxonomy.types)
    for name in ("Check answers", "Download my answers", "Reset"):
        assert f">{name}</button>" in page
    assert 'role="status" aria-live="polite"' in page


def test_payload_holds_the_checkers_messages_for_every_choice(module):
    payload = payload_of(exercise_html(module, "claim-types-opening", "self-check"))
    first = module.claim(payload["items"][0]["id"])
    assert choice_feedback(payload, payload["items"][0], first.type) == {
        "status": "correct",
        "first": f"Correct: {first.type}.",
        "full": f"Correct: {first.type}. {first.explanation}",
    }
    assert payload == exercise_payload(module, "claim-types-opening", "self-check")
    assert payload["edition"] == "self-check" and payload["explainAtCheck"] == 2


@pytest.mark.parametrize("edition", ["self-check"])
def test_shared_messages_read_back_to_the_checkers_own_for_every_item_and_choice(module, edition):
    """Storing a message once for several choices loses nothing: for every exercise, item and
    choice (and no choice), the page reads back exactly what the checker says."""
    for exercise in module.exercises:
        payload = exercise_payload(module, exercise.id, edition)
        labels = tuple(option for option, _ in module.exercise_options(exercise.id))
        hints = exercise_hints(module, exercise.id)
        items = list(module.iter_exercise_claims(exercise.id))
        assert [entry["id"] for entry in payload["items"]] == [item.id for item in items]
        for entry, item in zip(payload["items"], items, strict=True):
            choices = [c for c, _ in item.choices] if isinstance(item, ArgumentItem) else labels
            for given in [*choices, None]:
                checked = check_answers([item], {item.id: given}, labels).items[0]
                expected = {
                    "status": checked.status.value,
                    "first": first_look(checked, hints),
                    "full": checked.message,
                }
                assert choice_feedback(payload, entry, given) == expected, (item.id, given)


def test_a_message_shared_by_choices_is_stored_once_and_keeps_its_name():
    wrong = {"status": "wrong", "first": "Not quite: you chose Step 2.", "full": "No: Step 2."}
    per_choice = {
        "a": {"status": "correct", "first": "Correct: Step 1.", "full": "Yes: Step 1 is it."},
        "b": wrong,
        "c": {k: v.replace("Step 2", "Step 3") for k, v in wrong.items()},
        "d": {"status": "wrong", "first": "Only a {given} here.", "full": "{given}"},
    }
    names = {"a": "Step 1", "b": "Step 2", "c": "Step 3", "d": "Step 4"}
    table = share_messages(per_choice, names)
    assert len(table["messages"]) == 3  # b and c share one; a and d stay as written
    assert ["wrong", "Not quite: you chose {given}.", "No: {given}."] in table["messages"]
    assert ["correct", "Correct: Step 1.", "Yes: Step 1 is it."] in table["messages"]
    payload = {"names": [names], "unanswered": {}}
    item = {"feedback": {**table, "names": 0}}
    for choice, message in per_choice.items():
        assert choice_feedback(payload, item, choice) == message, choice


def test_a_first_check_hints_without_giving_the_key_away(module):
    payload = payload_of(exercise_html(module, "claim-types-opening", "self-check"))
    claim = module.claim(payload["items"][0]["id"])
    wrong = next(t for t in module.taxonomy.types if t.id not in claim.accepted)
    message = choice_feedback(payload, payload["items"][0], wrong.id)
    assert message["status"] == "wrong"
    assert wrong.test_question in message["first"]
    assert claim.explanation not in message["first"]
    assert f"the key says {claim.key}" not in message["first"]
    assert f"the key says {claim.key}" in message["full"]
    assert "Not answered yet" in choice_feedback(payload, payload["items"][0], None)["full"]


def test_graded_page_holds_no_key_and_no_check_button(module):
    for exercise in module.exercises:
        page = exercise_html(module, exercise.id, "graded")
        payload = payload_of(page)
        assert payload["edition"] == "graded"
        assert payload["items"] == [{"id": c.id} for c in module.iter_exercise_claims(exercise.id)]
        assert ">Check answers</button>" not in page and ">Show explanation<" not in page
        assert ">Download my answers</button>" in page
        assert "will be graded by your instructor" in page
        for item in module.iter_exercise_claims(exercise.id):
            assert item.explanation not in page
            assert f"the key says {item.key}" not in page


def test_the_edition_comes_from_the_environment(module, monkeypatch):
    monkeypatch.setenv("CLAIMLAB_EDITION", "graded")
    assert payload_of(exercise_html(module, "fact-check"))["edition"] == "graded"
    monkeypatch.setenv("CLAIMLAB_EDITION", "instructor")
    assert payload_of(exercise_html(module, "fact-check"))["edition"] == "self-check"
    monkeypatch.setenv("CLAIMLAB_EDITION", "grade")
    with pytest.raises(ValueError, match="not an edition"):
        exercise_html(module, "fact-check")


def test_hostile_text_cannot_close_the_script_or_inject_markup(mini):
    claim = dataclasses.replace(mini.claims[2], quote=HOSTILE, explanation=HOSTILE)
    hostile = dataclasses.replace(mini, claims=(*mini.claims[:2], claim))
    page = exercise_html(hostile, "costs")
    assert "<img" not in page and 'alert("x")</script>' not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page  # shown as text in the legend
    payload = payload_of(page)
    full = choice_feedback(payload, payload["items"][0], "empirical")["full"]
    assert full.endswith(HOSTILE)  # intact as data


def test_fact_check_exercise_uses_verdicts_and_statements(module):
    page = exercise_html(module, "fact-check")
    assert page.count("<fieldset") == len(module.factchecks)
    for verdict in module.taxonomy.verdicts:
        assert f'value="{verdict.id}"> {verdict.name}</label>' in page
    first = module.factchecks[0]
    assert f"<legend>Statement {first.id} ({first.where}): “" in page
    payload = payload_of(page)
    assert choice_feedback(payload, payload["items"][0], first.verdict)["status"] == "correct"

"""The kernel-free exercise: deterministic, self-contained, and inert to hostile text."""

from __future__ import annotations

import dataclasses
import json
import re

import pytest

from claimlab.render import exercise_html, exercise_payload, exercise_uid

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
    verdicts = payload["items"][0]["feedback"]
    assert verdicts[first.type] == {
        "status": "correct",
        "first": f"Correct: {first.type}.",
        "full": f"Correct: {first.type}. {first.explanation}",
    }
    assert set(verdicts) == set(module.taxonomy.type_ids)
    assert payload == exercise_payload(module, "claim-types-opening", "self-check")
    assert payload["edition"] == "self-check" and payload["explainAtCheck"] == 2


def test_a_first_check_hints_without_giving_the_key_away(module):
    payload = payload_of(exercise_html(module, "claim-types-opening", "self-check"))
    claim = module.claim(payload["items"][0]["id"])
    wrong = next(t for t in module.taxonomy.types if t.id not in claim.accepted)
    message = payload["items"][0]["feedback"][wrong.id]
    assert message["status"] == "wrong"
    assert wrong.test_question in message["first"]
    assert claim.explanation not in message["first"]
    assert f"the key says {claim.key}" not in message["first"]
    assert f"the key says {claim.key}" in message["full"]
    assert "Not answered yet" in payload["items"][0]["unanswered"]["full"]


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
    full = payload_of(page)["items"][0]["feedback"]["empirical"]["full"]
    assert full.endswith(HOSTILE)  # intact as data


def test_fact_check_exercise_uses_verdicts_and_statements(module):
    page = exercise_html(module, "fact-check")
    assert page.count("<fieldset") == len(module.factchecks)
    for verdict in module.taxonomy.verdicts:
        assert f'value="{verdict.id}"> {verdict.name}</label>' in page
    first = module.factchecks[0]
    assert f"<legend>Statement {first.id} ({first.where}): “" in page
    verdicts = payload_of(page)["items"][0]["feedback"]
    assert verdicts[first.verdict]["status"] == "correct"

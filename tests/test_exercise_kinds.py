"""The support, argument-map and fact-check exercises: one grader, one hand-in format, no key in
the graded page, and the same forms in a kernel."""

from __future__ import annotations

import html
import json
import re
from datetime import datetime, timezone

import pytest

from claimlab import check_answers
from claimlab.classroom.report import class_results, scores
from claimlab.grading.check import (
    exercise_hints,
    first_look,
    is_note,
    missing_notes,
    notes_message,
    staged_message,
    verdicts_only,
)
from claimlab.keeping.submission import make_submission, read_submission, save_submission
from claimlab.kernel.widgets import ArgumentMapper, ClaimClassifier
from claimlab.module.model import (
    ARGUMENT_ROLES,
    NO_TARGET,
    ArgumentItem,
    SupportItem,
    argument_steps,
)
from claimlab.pages.render import exercise_html, exercise_payload, key_html

WHEN = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
SECTIONS = (
    "opening",
    "agree-to-a-process",
    "role-of-summits",
    "what-north-korea-needs",
    "strategic-patience-wont-help",
    "a-new-approach",
)


def labels(module, exercise_id):
    return [o for o, _ in module.exercise_options(exercise_id)]


# --- support ---------------------------------------------------------------------------------


def test_every_section_has_a_support_exercise_keyed_by_each_claims_support(module):
    for section in SECTIONS:
        exercise = module.exercise(f"support-{section}")
        items = list(module.iter_exercise_claims(exercise.id))
        assert [i.id for i in items] == [c.id for c in module.claims_in(section)]
        assert all(isinstance(i, SupportItem) for i in items)
        assert labels(module, exercise.id) == list(module.taxonomy.support_ids)
        key = {c.id: c.support for c in module.claims_in(section)}
        feedback = check_answers(items, key, labels(module, exercise.id))
        assert feedback.right == len(items)
        # The claim's type is not an answer here: support is graded against support only.
        wrong = {c.id: "assertion" if c.key != "assertion" else "evidence" for c in items}
        assert check_answers(items, wrong, labels(module, exercise.id)).right == 0
        with pytest.raises(ValueError, match="not one of the choices"):
            check_answers(items, {items[0].id: "empirical"}, labels(module, exercise.id))


def test_support_hint_asks_the_chosen_levels_test_and_withholds_the_key(module):
    exercise = "support-agree-to-a-process"
    claim = next(c for c in module.iter_exercise_claims(exercise) if c.key == "evidence")
    hints = exercise_hints(module, exercise)
    item = check_answers([claim], {claim.id: "assertion"}, labels(module, exercise)).items[0]
    first = staged_message(item, hints, checks=1)
    assert module.taxonomy.support_level("assertion").test_question in first
    assert claim.explanation not in first and "Evidence given" not in first
    assert staged_message(item, hints, checks=2).endswith(claim.explanation)


# --- argument map ----------------------------------------------------------------------------


def test_argument_roles_and_targets_are_derived_from_the_maps_structure(module):
    steps = argument_steps(module)
    assert len(steps) == len(list(module.argument.walk()))
    roles = {node.id: role for node, role, _ in steps}
    parents = {node.id: parent.id if parent else None for node, _, parent in steps}
    root = module.argument.id
    assert roles[root] == "conclusion" and parents[root] is None
    for reason in module.argument.children:
        assert roles[reason.id] == "reason" and parents[reason.id] == root
        for sub in reason.children:
            assert roles[sub.id] == "sub-reason" and parents[sub.id] == reason.id
    # Listed in article order, not in the map's order (which would give its shape away).
    paragraphs = {c.id: c.paragraph for c in module.claims}
    firsts = [min(paragraphs[c] for c in node.claims) for node, _, _ in steps]
    assert firsts == sorted(firsts) and steps[0][0].id != root


def test_argument_map_gives_a_point_for_role_and_a_point_for_target(module):
    items = list(module.iter_exercise_claims("argument-map"))
    assert all(isinstance(i, ArgumentItem) for i in items)
    assert len(items) == 2 * len(list(module.argument.walk()))
    key = {i.id: i.key for i in items}
    root = module.argument.id
    assert key[root] == "conclusion" and key[f"target-{root}"] == NO_TARGET
    sub = module.argument.children[1].children[0]  # a sub-reason under the second reason
    assert key[sub.id] == "sub-reason"
    assert key[f"target-{sub.id}"] == module.argument.children[1].id
    options = labels(module, "argument-map")
    assert check_answers(items, key, options).right == len(items)
    # Right role, wrong target: half the points for that step.
    answers = {sub.id: "sub-reason", f"target-{sub.id}": root}
    feedback = check_answers(items, answers, options)
    assert feedback.right == 1 and feedback.count(feedback.items[0].status.WRONG) == 1
    by_id = {f.claim.id: f for f in feedback.items}
    wrong = by_id[f"target-{sub.id}"]
    names = dict(wrong.claim.choices)
    assert wrong.verdict == (
        f"Not quite: you chose {names[root].split(':')[0]}; "
        f"the key says {names[module.argument.children[1].id].split(':')[0]}."
    )
    assert "because" in wrong.message  # the explanation reads the link in the author's words


def test_argument_items_offer_their_own_choices_and_hints(module):
    items = {i.id: i for i in module.iter_exercise_claims("argument-map")}
    root = module.argument.id
    role, target = items[root], items[f"target-{root}"]
    assert role.choices == ARGUMENT_ROLES
    assert target.choices[0][0] == NO_TARGET
    assert root not in [o for o, _ in target.choices]  # a step cannot support itself
    item = check_answers([role], {root: "reason"}, labels(module, "argument-map")).items[0]
    first = first_look(item, exercise_hints(module, "argument-map"))
    assert first.startswith("Not quite: you chose Reason.")
    assert "because this step" in first and role.explanation not in first


def test_argument_page_lists_each_step_once_with_a_role_group_and_a_target_menu(module):
    page = exercise_html(module, "argument-map", "self-check")
    steps = argument_steps(module)
    assert page.count('class="cl-am-step"') == len(steps)
    assert page.count("<select ") == len(steps)
    assert page.count('type="radio"') == len(steps) * len(ARGUMENT_ROLES)
    assert "Your map so far" in page and "data-cl-map-tree" in page


def test_every_role_the_map_offers_is_defined_beside_it_and_no_step_names_its_own(module):
    from claimlab.module.model import ARGUMENT_ROLE_DEFINITIONS

    page = exercise_html(module, "argument-map", "graded")  # the graded form defines them too
    for role, name in ARGUMENT_ROLES:
        definition = ARGUMENT_ROLE_DEFINITIONS[role]
        assert f"<dt>{name}</dt><dd>{html.escape(definition)}</dd>" in page
    # A step's words must not tell a student its role: no role's name or its verb.
    words = re.compile(
        r"\b(conclu\w*|reasons?|sub-reasons?|objections?|objects?|answers?|background)\b", re.I
    )
    for step in module.iter_exercise_claims("argument-map"):
        if isinstance(step, ArgumentItem) and step.aspect == "role":
            assert not words.search(step.quote), (step.id, words.search(step.quote)[0])


# --- fact-check with a source and a correction -----------------------------------------------


def test_fact_check_offers_every_verdict_including_inaccurate(module):
    assert labels(module, "fact-check") == [v.id for v in module.taxonomy.verdicts]
    assert "inaccurate" in labels(module, "fact-check")
    page = exercise_html(module, "fact-check", "self-check")
    assert page.count('data-cl-note="source"') == len(module.factchecks)
    assert page.count('data-cl-note="correction"') == len(module.factchecks)
    assert "Your corrected sentence for statement fc01" in page


def test_source_and_correction_are_checked_for_presence_only():
    assert missing_notes(None, "", "") == []
    assert missing_notes("accurate", "", "") == ["a source"]
    assert missing_notes("accurate", "UN report", "") == []
    assert missing_notes("imprecise", " ", "") == ["a source", "a corrected sentence"]
    assert missing_notes("inaccurate", "https://example.org", "It was 159 pages.") == []
    assert notes_message(["a source"]) == "Still to add: a source."
    assert notes_message([]) == "Complete: every part of this answer is filled in."
    answers = {"fc01": "accurate", "source-fc01": "x", "correction-fc01": None}
    assert verdicts_only(answers) == {"fc01": "accurate"}
    assert is_note("source-fc01") and is_note("correction-fc02") and not is_note("fc01")


def test_fact_check_payload_shows_the_courses_sources_in_self_check_only(module):
    payload = exercise_payload(module, "fact-check", "self-check")
    first = payload["items"][0]
    statement = module.factchecks[0]
    assert first["course"]["finding"] == statement.finding
    assert len(first["course"]["sources"]) == len(statement.sources)
    # Each a link: a title and year to read, the address behind it (not in the text).
    assert all("(20" in s["text"] and "://" not in s["text"] for s in first["course"]["sources"])
    assert all(s["url"].startswith("http") for s in first["course"]["sources"])
    assert payload["searchOnly"] == "unverifiable"
    graded = exercise_payload(module, "fact-check", "graded")
    assert graded["items"] == [{"id": f.id} for f in module.factchecks]
    assert graded["noCorrection"] == "accurate"


# --- the graded edition and the instructor's key ---------------------------------------------


@pytest.mark.parametrize("exercise_id", ["support-opening", "argument-map", "fact-check"])
def test_graded_pages_hold_no_key(module, exercise_id):
    page = exercise_html(module, exercise_id, "graded")
    for item in module.iter_exercise_claims(exercise_id):
        assert json.dumps(item.explanation, ensure_ascii=False)[1:-1] not in page, item.id
        assert item.explanation not in page
    payload = exercise_payload(module, exercise_id, "graded")
    assert set(payload) >= {"items", "edition"} and "explainAtCheck" not in payload
    assert '"feedback"' not in page and "Check answers" not in page
    if exercise_id == "fact-check":
        assert not any(f.finding in page for f in module.factchecks)


def test_instructor_key_lists_the_new_exercises(module):
    page = key_html(module, "instructor")
    assert 'id="key-support-opening"' in page and 'id="key-argument-map"' in page
    assert "<td>Sub-reason</td>" in page and "<td>Evidence given</td>" in page


# --- hand-ins and the class report -----------------------------------------------------------


def test_new_kinds_hand_in_and_are_graded_by_the_report(module, tmp_path):
    support_key = {c.id: c.key for c in module.iter_exercise_claims("support-opening")}
    map_key = {i.id: i.key for i in module.iter_exercise_claims("argument-map")}
    fact = {f.id: f.verdict for f in module.factchecks}
    fact |= {f"source-{f.id}": "https://example.org" for f in module.factchecks}
    fact["correction-fc01"] = "<b>not HTML</b>"
    for exercise, kind, answers in (
        ("support-opening", "support", support_key),
        ("argument-map", "argument", map_key),
        ("fact-check", "factcheck", fact),
    ):
        sub = make_submission(module.id, exercise, answers, "Ana", kind=kind, now=WHEN)
        assert read_submission(save_submission(sub, tmp_path))["kind"] == kind
    half = dict(map_key, **{k: "none" for k in map_key if k.startswith("target-")})
    half[f"target-{module.argument.id}"] = "no-return"
    sub = make_submission(module.id, "argument-map", half, "Bo", kind="argument", now=WHEN)
    save_submission(sub, tmp_path)

    graded = class_results(module, tmp_path)
    table = scores(graded.results)
    assert table.loc[("Ana", "support-opening"), "right"] == len(support_key)
    assert table.loc[("Ana", "argument-map"), "right"] == len(map_key)
    steps = len(map_key) // 2
    assert table.loc[("Bo", "argument-map"), "right"] == steps  # every role, no target
    assert table.loc[("Ana", "fact-check"), "right"] == len(module.factchecks)
    assert table.loc[("Ana", "fact-check"), "items"] == len(module.factchecks)
    # Sources and corrections are recorded, not reported as answers to unknown items.
    notes = graded.folder.notes
    assert not [n for n in notes if "not in this exercise" in n[1]], notes


# --- the kernel: the same exercises through the same widget ----------------------------------


def test_support_widget_grades_against_the_support_key(module, tmp_path):
    exercise = ClaimClassifier(module, "support-opening", work_folder=tmp_path)
    exercise.widget  # noqa: B018 - building the form is the point
    first = next(iter(module.iter_exercise_claims("support-opening")))
    exercise._choices[first.id].value = first.key
    exercise._check_form()
    assert f"Correct: {first.key}." in exercise._item_feedback[first.id].value
    assert read_submission(exercise.save())["kind"] == "support"


def test_fact_check_widget_asks_for_source_and_correction_and_compares(module, tmp_path):
    exercise = ClaimClassifier(module, "fact-check", work_folder=tmp_path)
    exercise.widget  # noqa: B018
    statement = module.factchecks[0]
    notes = exercise._notes[statement.id]
    assert notes["correction"].layout.display == "none"
    wrong = "inaccurate" if statement.verdict != "inaccurate" else "accurate"
    exercise._choices[statement.id].value = wrong
    assert notes["correction"].layout.display is None  # asked for once not accurate
    assert "Still to add: a source and a corrected sentence." in exercise._complete[
        statement.id
    ].value
    notes["source"].value = "<script>x</script> UN panel"
    notes["correction"].value = "A corrected sentence."
    assert "Complete" in exercise._complete[statement.id].value
    exercise._check_form()
    assert exercise.last_score == (0, len(module.factchecks))  # verdicts only are graded
    assert exercise._compare[statement.id].value == ""  # the course's answer waits
    exercise._reveal(statement.id)
    compare = exercise._compare[statement.id].value
    assert "&lt;script&gt;x&lt;/script&gt; UN panel" in compare and "<script>" not in compare
    assert "The course&#x27;s answer" in compare and "Precise statement" in compare
    saved = read_submission(exercise.save("Ana"))
    assert saved["answers"][f"source-{statement.id}"] == "<script>x</script> UN panel"
    assert saved["answers"][f"correction-{statement.id}"] == "A corrected sentence."


def test_argument_mapper_shows_the_students_map_after_checking(module, tmp_path):
    mapper = ArgumentMapper(module, "argument-map", work_folder=tmp_path)
    mapper.widget  # noqa: B018
    reason, root = module.argument.children[0], module.argument.id
    mapper._choices[root].value = "conclusion"
    mapper._choices[f"target-{root}"].value = NO_TARGET
    mapper._choices[reason.id].value = "reason"
    mapper._choices[f"target-{reason.id}"].value = root
    button = next(
        w
        for w in mapper.widget.children[-3].children
        if getattr(w, "description", "") == "Check answers"
    )
    button.click()
    assert mapper.last_score == (4, 2 * len(list(module.argument.walk())))
    outline = mapper.map_outline().splitlines()
    top = next(i for i, line in enumerate(outline) if "(Conclusion)" in line)
    assert outline[top].startswith("- ") and outline[top + 1].startswith("    - ")
    assert "(Reason)" in outline[top + 1]
    assert "Your map" in mapper._map.value
    saved = read_submission(mapper.save("Bo"))
    assert saved["kind"] == "argument" and saved["answers"][f"target-{reason.id}"] == root
    assert re.fullmatch(r"Step \d+", mapper.claims[0].label)

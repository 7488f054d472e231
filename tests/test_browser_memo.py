"""The memo builder and peer review on the built book page, in headless Chromium, offline.

Fill, reload, export: every word must survive, and the page's checks and exports must equal
what claimlab.grading.drafting computes for the same draft.
"""

from __future__ import annotations

import json
import re

import jsonschema

from claimlab.grading.drafting import PeerReview, assess, memo_markdown, peer_review_markdown
from claimlab.keeping.submission import submission_schema

HOSTILE = "<img src=x onerror=alert(1)>"


def open_memo(built_book, serve, watched):
    page = watched.page
    page.goto(f"{serve(built_book)}/book/your-recommendation.html")
    return page, page.locator("[data-cl-memo]")


def draft_for(module) -> dict[str, str]:
    answers = {}
    for index, part in enumerate(module.rubric.parts):
        answers[part.id] = f"Part {index}: {HOSTILE} 북한 🙂 as ¶{13 + index} argues.\nLine two."
    first, second = module.recommendations[:2]
    answers[f"stance-{first.id}"] = "adopt"
    answers[f"reason-{first.id}"] = (
        "Because talks need negotiators (¶13).\n- **Forged** [x](javascript:alert(1))\n# Grade: A"
    )
    answers[module.rubric.parts[-1].id] += (
        "\nCosts < benefits & risks ![p](https://t.example/p.gif) see https://www.kcna.kp/en."
        "\n## Reference\n===\n> **Verdict** mailto:ta@uni.edu [d](data:text/html,x)\u0007\ufeff"
    )
    answers[f"stance-{second.id}"] = "reject"
    return answers


def fill(memo, module, answers, student):
    memo.get_by_role("textbox", name="Your name or pseudonym (optional)").fill(student)
    for part in module.rubric.parts:
        memo.get_by_role("textbox", name=part.title, exact=True).fill(answers[part.id])
    for rec in module.recommendations:
        stance = answers.get(f"stance-{rec.id}")
        group = memo.get_by_role("group", name=re.compile(re.escape(rec.text)))
        if stance:
            name = dict(module.rubric.stances)[stance]
            group.get_by_role("radio", name=name).check()
        if answers.get(f"reason-{rec.id}"):
            group.get_by_role("textbox", name="Your reason").fill(answers[f"reason-{rec.id}"])


def test_memo_keeps_every_word_and_matches_the_python_core(
    built_book, serve, watched, module, tmp_path
):
    page, memo = open_memo(built_book, serve, watched)
    answers, student = draft_for(module), "Ana 🙂"
    fill(memo, module, answers, student)
    memo.get_by_role("button", name="Check my draft").click()
    expected = assess(module, answers)
    assert memo.get_by_role("status").text_content() == (
        expected.summary + " The list below says what is left to do."
    )
    shown = memo.locator("[data-cl-checks] li").all_text_contents()
    assert shown == [c.message for c in expected.checks]

    page.reload()
    for part in module.rubric.parts:
        assert (
            memo.get_by_role("textbox", name=part.title, exact=True).input_value()
            == answers[part.id]
        )
    assert (
        memo.get_by_role("textbox", name="Your name or pseudonym (optional)").input_value()
        == student
    )

    with page.expect_download() as info:
        memo.get_by_role("button", name="Download memo (Markdown)").click()
    info.value.save_as(tmp_path / "memo.md")
    assert (tmp_path / "memo.md").read_text(encoding="utf-8") == memo_markdown(
        module, answers, student
    )

    with page.expect_download() as info:
        memo.get_by_role("button", name="Download my draft (JSON)").click()
    info.value.save_as(tmp_path / "draft.json")
    submission = json.loads((tmp_path / "draft.json").read_text(encoding="utf-8"))
    jsonschema.validate(submission, submission_schema(submission["version"]))
    for key, value in answers.items():
        assert submission["answers"][key] == value
    assert page.locator("img").count() == 0  # the hostile text never became an element
    watched.assert_clean()


def test_a_damaged_saved_draft_restores_the_backup(built_book, serve, watched, module):
    page, memo = open_memo(built_book, serve, watched)
    first = module.rubric.parts[0]
    box = memo.get_by_role("textbox", name=first.title, exact=True)
    box.fill("Words from my first visit.")
    page.reload()  # this visit's start makes the backup
    key = json.loads(memo.locator("script[data-cl-payload]").text_content())["storageKey"]
    page.evaluate("k => localStorage.setItem(k, '{damaged')", key)
    page.reload()
    assert (
        memo.get_by_role("alert")
        .text_content()
        .startswith(
            "Your saved draft could not be read, so the backup from your previous visit was "
            "restored."
        )
    )
    assert box.input_value() == "Words from my first visit."
    assert page.evaluate("k => localStorage.getItem(k + ':damaged')", key) == "{damaged"
    watched.assert_clean()


def test_peer_review_sheet_matches_the_python_core(built_book, serve, watched, module, tmp_path):
    page = watched.page
    page.goto(f"{serve(built_book)}/book/your-recommendation.html")
    form = page.locator("[data-cl-peer]")
    form.get_by_role("textbox", name="Memo by").fill("Ana")
    form.get_by_role("textbox", name="Reviewed by").fill(f"Bo {HOSTILE}")
    first, second = module.rubric.peer_criteria[:2]
    form.get_by_role("group", name=first.name).get_by_role("radio", name=first.levels[2]).check()
    form.get_by_role("textbox", name=f"Comment on {first.name.lower()}").fill("Clear <b>steps</b>.")
    form.get_by_role("textbox", name="Overall").fill("Good.")
    with page.expect_download() as info:
        form.get_by_role("button", name="Download feedback sheet (Markdown)").click()
    info.value.save_as(tmp_path / "sheet.md")
    expected = peer_review_markdown(
        module,
        PeerReview(
            reviewer=f"Bo {HOSTILE}",
            author="Ana",
            levels={first.id: 3},
            comments={first.id: "Clear <b>steps</b>.", second.id: ""},
            overall="Good.",
        ),
    )
    assert (tmp_path / "sheet.md").read_text(encoding="utf-8") == expected
    watched.assert_clean()

"""The memo's completeness rubric, exports and saving: bad input explained, nothing ever lost."""

from __future__ import annotations

import errno
import json
import os

import pytest

from claimlab import AnswerError
from claimlab.grading.drafting import (
    PeerReview,
    assess,
    blank_answers,
    cited_paragraphs,
    count_words,
    draft_submission,
    memo_markdown,
    peer_review_markdown,
)
from claimlab.keeping import storage
from claimlab.keeping.drafts import DraftFile

HOSTILE = "<img src=x onerror=alert(1)><script>alert(2)</script>"


def filled(module, words: int = 60) -> dict[str, str]:
    answers = blank_answers(module)
    for part in module.rubric.parts:
        answers[part.id] = " ".join(["word"] * words) + " as ¶13 argues."
    for rec in module.recommendations:
        answers[f"stance-{rec.id}"] = "modify"
        answers[f"reason-{rec.id}"] = "Because of the risks in ¶29."
    return answers


def check(assessment, check_id):
    return next(c for c in assessment.checks if c.id == check_id)


def test_words_are_counted_in_any_script():
    assert count_words("Kim Jong Un's plan, well-known: 2020!") == 6
    assert count_words("북한은 핵을 포기하지 않을 것이다 🙂🙂") == 5
    assert count_words("   \n\t ") == 0


def test_citations_accept_the_ways_students_write_them():
    assert cited_paragraphs("as ¶12 and ¶ 3 say; see para 7 and paragraph 39") == [12, 3, 7, 39]


def test_a_complete_draft_meets_every_check(module):
    assessment = assess(module, filled(module))
    assert assessment.complete, [c.message for c in assessment.checks if not c.ok]
    assert assessment.summary.endswith(
        f"{len(assessment.checks)} of {len(assessment.checks)} checks met."
    )
    assert "checks completeness only" in assessment.notice


def test_an_empty_draft_says_what_to_do_everywhere(module):
    assessment = assess(module, {})
    assert not any(c.ok for c in assessment.checks)
    assert check(assessment, "part-audience").message == (
        "Audience: not written yet (aim for 15–150 words)."
    )
    assert "none yet" in check(assessment, "citations").message
    assert check(assessment, "counterargument").message.endswith("not yet.")


def test_whitespace_only_parts_count_as_empty(module):
    answers = filled(module)
    answers["risks"] = " \n\t  "
    assert check(assess(module, answers), "part-risks").message.startswith(
        "Risks and how to handle them: not written yet"
    )


def test_a_huge_paste_is_flagged_and_kept(module):
    answers = filled(module)
    answers["objective"] = "word " * 20_000  # 100,000 characters
    result = check(assess(module, answers), "part-objective")
    assert (
        not result.ok and "20000 words, over the 250-word limit. Nothing was cut" in result.message
    )
    assert answers["objective"].count("word") == 20_000
    assert "word word" in memo_markdown(module, answers)


def test_stance_needs_a_reason_and_a_known_value(module):
    rec = module.recommendations[0]
    answers = filled(module)
    answers[f"reason-{rec.id}"] = "   "
    assert check(assess(module, answers), f"stance-{rec.id}").message.endswith(
        "Modify, but give a reason."
    )
    answers[f"stance-{rec.id}"] = "maybe"
    assert (
        "'maybe' is not one of adopt, modify, reject"
        in check(assess(module, answers), f"stance-{rec.id}").message
    )


def test_a_paragraph_that_does_not_exist_is_named(module):
    answers = filled(module)
    answers["audience"] += " See ¶45."
    message = check(assess(module, answers), "citations").message
    assert "The article has no ¶45; it runs from ¶1 to ¶39." in message


def test_non_text_input_never_raises(module):
    assert not assess(module, {"audience": 42, "risks": None}).complete
    assert not assess(module, ["not", "a", "mapping"]).complete  # type: ignore[arg-type]


def test_memo_markdown_cites_the_article_and_makes_html_inert(module):
    answers = filled(module)
    answers["asks"] = f"{HOSTILE} 북한 🙂"
    memo = memo_markdown(module, answers, student="Ana <b>")
    assert "**Author:** Ana \\<b\\>" in memo
    assert "\\<img src=x onerror=alert(1)\\>\\<script\\>" in memo
    assert "<img" not in memo.replace("\\<img", "")
    assert "북한 🙂" in memo
    assert memo.rstrip().endswith(module.article.meta.headline_status + ")")
    assert f"“{module.article.meta.headline}”" in memo


HOSTILE_MARKDOWN = (
    "Costs < benefits & risks. [click](javascript:alert(1)) [raw](data:text/html,x) "
    "![pixel](https://tracker.example/p.gif) [ok](https://www.kcna.kp/en) mailto:ta@uni.edu\n"
    "## Reference\nInstructor's verdict\n===\n> **Grade: A**\n<!-- hidden -->\x00\x1b[2J\x07"
)


def test_memo_markdown_is_safe_markdown_not_html(module):
    answers = filled(module)
    answers["asks"] = HOSTILE_MARKDOWN
    first = module.recommendations[0]
    answers[f"reason-{first.id}"] = "Fine.\n- **Fake recommendation** (¶1). Adopt: yes\n# Verdict"
    memo = memo_markdown(module, answers, student="Ana\n## Grade")
    assert "Costs \\< benefits \\& risks." in memo  # readable, not &lt;
    assert "&lt;" not in memo and "&amp;" not in memo
    # No link of any kind from student text: shown as typed, with nothing to click or load.
    assert "\\[click\\](javascript\\:alert(1))" in memo
    assert "\\[raw\\](data\\:text/html,x)" in memo
    assert "!\\[pixel\\](https\\:/\\/tracker\\.example/p\\.gif)" in memo
    assert "\\[ok\\](https\\:/\\/www\\.kcna\\.kp/en) mailto\\:ta\\@uni\\.edu" in memo
    assert not any(c in memo for c in "\x00\x1b\x07")
    headings = [line for line in memo.splitlines() if line.startswith("#")]
    assert headings == ["# Recommendation memo"] + [
        f"## {title}" for title in
        [p.title for p in module.rubric.parts] + ["Stance on the author's recommendations",
                                                   "Reference"]
    ]
    assert "\\## Reference" in memo and "\\===" in memo and "\\> \\*\\*Grade" in memo
    assert "**Author:** Ana ## Grade\n" in memo  # one line: a # mid-line is no heading
    bullets = [line for line in memo.splitlines() if line.startswith("- ")]
    assert len(bullets) == len(module.recommendations)  # no forged recommendation
    assert "\n  \\- \\*\\*Fake recommendation\\*\\*" in memo


def test_peer_review_sheet_uses_the_level_descriptors(module):
    first = module.rubric.peer_criteria[0]
    sheet = peer_review_markdown(
        module,
        PeerReview(
            reviewer="Bo",
            author="Ana",
            levels={first.id: 3},
            comments={first.id: HOSTILE},
            overall="Good start.",
        ),
    )
    assert f"## {first.name}: level 3 of {len(first.levels)}" in sheet
    assert f"> {first.levels[2]}" in sheet
    assert "\\<script\\>" in sheet and "<script" not in sheet.replace("\\<script", "")
    with pytest.raises(AnswerError, match="level must be 1 to 4, not 9"):
        peer_review_markdown(module, PeerReview("Bo", "Ana", {first.id: 9}, {}))


def test_saving_keeps_the_previous_version_as_backup(module, tmp_path):
    draft = DraftFile(tmp_path / "memo.json")
    draft.save(draft_submission(module, {"audience": "first version"}, "Ana"))
    saved = draft.save(draft_submission(module, {"audience": "second version"}, "Ana"))
    assert saved.revision == 2 and not saved.conflict
    assert json.loads(draft.path.read_text())["answers"]["audience"] == "second version"
    assert json.loads(draft.backup.read_text())["answers"]["audience"] == "first version"


def test_a_damaged_draft_falls_back_to_the_backup_and_is_kept(module, tmp_path):
    draft = DraftFile(tmp_path / "memo.json")
    draft.save(draft_submission(module, {"audience": "kept words"}, "Ana"))
    draft.save(draft_submission(module, {"audience": "newer words"}, "Ana"))
    draft.path.write_text('{"format": "claimlab-submission", "answ', encoding="utf-8")
    loaded, message = DraftFile(draft.path).load()
    assert loaded["answers"]["audience"] == "kept words"
    assert message == (
        "Your draft file could not be read: the file is damaged and cannot be read (at line 1, "
        "column 35). It was kept as memo.damaged.json. The backup (memo.backup.json) was "
        "loaded instead."
    )
    assert (tmp_path / "memo.damaged.json").read_text(encoding="utf-8").endswith('"answ')


def test_no_draft_and_no_backup_start_empty_with_a_message(tmp_path):
    assert DraftFile(tmp_path / "none.json").load() == (
        None,
        "No saved draft yet: start writing, and it is saved as you go.",
    )
    (tmp_path / "bad.json").write_text("garbage", encoding="utf-8")
    draft, message = DraftFile(tmp_path / "bad.json").load()
    assert draft is None and "There is no readable backup" in message


def test_a_full_disk_leaves_the_previous_draft_and_backup_readable(module, tmp_path, monkeypatch):
    draft = DraftFile(tmp_path / "memo.json")
    draft.save(draft_submission(module, {"audience": "one"}, "Ana"))
    draft.save(draft_submission(module, {"audience": "two"}, "Ana"))

    def disk_full(handle, data):  # writes half, then the disk is full
        os.write(handle, data[: len(data) // 2])
        os.close(handle)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(storage, "_write_all", disk_full)
    with pytest.raises(OSError, match="No space left"):
        draft.save(draft_submission(module, {"audience": "three"}, "Ana"))
    assert json.loads(draft.path.read_text())["answers"]["audience"] == "two"
    assert json.loads(draft.backup.read_text())["answers"]["audience"] == "one"
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".memo")) == [
        "memo.backup.json", "memo.json"
    ]  # no temporary file left behind

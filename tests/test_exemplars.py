"""The instructor guide's exemplar memos and its notes on the Discuss questions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from claimlab import ModuleValidationError
from claimlab.grading.drafting import assess, blank_answers, memo_markdown
from claimlab.grading.exemplars import load_exemplars

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
BOOK = ROOT / "book"
GUIDE = BOOK / "instructor" / "guide"


@pytest.fixture(scope="module")
def exemplars(module):
    return load_exemplars(DATA, module)


def problems_of(path: Path, module) -> list[str]:
    with pytest.raises(ModuleValidationError) as caught:
        load_exemplars(path, module)
    return [str(problem) for problem in caught.value.problems]


def edit(data_copy: Path, change) -> None:
    """Load exemplars.yaml from the copy, let `change` break it, write it back."""
    path = data_copy / "exemplars.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data["exemplars"])
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_exemplars_fill_every_field_of_a_draft(exemplars, module):
    assert len(exemplars) == 2
    for exemplar in exemplars:
        assert set(exemplar.answers) == set(blank_answers(module))
        assert [m.criterion for m in exemplar.marking] == [
            c.id for c in module.rubric.peer_criteria
        ]


def test_both_exemplars_meet_every_completeness_check(exemplars, module):
    for exemplar in exemplars:
        result = assess(module, exemplar.answers)
        unmet = [check.message for check in result.checks if not check.ok]
        assert unmet == [], exemplar.id


def test_exemplars_take_different_stances_on_at_least_half(exemplars, module):
    first, second = exemplars
    differing = [r.id for r in module.recommendations if first.stance(r.id) != second.stance(r.id)]
    assert len(differing) * 2 >= len(module.recommendations), differing
    # "Different stances" means more than nuance: one rejects what the other adopts somewhere.
    assert any({first.stance(r), second.stance(r)} == {"adopt", "reject"} for r in differing)


def test_every_quotation_in_an_exemplar_is_the_authors_exact_words(exemplars, module):
    article = " ".join(block.text for block in module.article.paragraphs)
    for exemplar in exemplars:
        for field, text in exemplar.answers.items():
            for quote in re.findall(r"“([^”]*)”", text):
                assert quote in article, f"{exemplar.id} {field}: “{quote}” is not in the article"


def test_exemplar_memo_renders_every_part(exemplars, module):
    memo = memo_markdown(module, exemplars[0].answers, student=exemplars[0].student)
    assert "*(not written yet)*" not in memo
    assert "no stance yet" not in memo
    for part in module.rubric.parts:
        assert f"## {part.title}" in memo


def test_unknown_stance_names_file_entry_and_field(data_copy, module):
    def change(entries):
        entries[1]["answers"]["stance-end-cybercrime"] = "rejct"

    edit(data_copy, change)
    [problem] = problems_of(data_copy, module)
    assert problem.startswith("exemplars.yaml, line ")
    assert "(pressure-with-open-door)" in problem
    assert "field 'answers.stance-end-cybercrime'" in problem
    assert "did you mean 'reject'?" in problem


def test_missing_part_level_out_of_range_and_typo_are_reported_together(data_copy, module):
    def change(entries):
        del entries[0]["answers"]["risks"]
        entries[0]["answers"]["objectiv"] = "typo"
        entries[0]["marking"]["clarity"]["level"] = 5
        del entries[1]["marking"]["evidence"]["note"]

    edit(data_copy, change)
    problems = problems_of(data_copy, module)
    assert len(problems) == 4
    joined = "\n".join(problems)
    assert "(engage-step-by-step), field 'answers.risks': is missing or empty" in joined
    assert "field 'answers.objectiv': unknown field (did you mean 'objective'?)" in joined
    assert "field 'marking.clarity.level': must be a whole number from 1 to 4, not 5" in joined
    assert "(pressure-with-open-door), field 'marking.evidence.note'" in joined


def test_duplicate_id_and_malformed_yaml(data_copy, module):
    def change(entries):
        entries[1]["id"] = entries[0]["id"]

    edit(data_copy, change)
    assert any("duplicate id 'engage-step-by-step'" in p for p in problems_of(data_copy, module))
    (data_copy / "exemplars.yaml").write_text("exemplars:\n  - id: [unclosed\n", encoding="utf-8")
    [problem] = problems_of(data_copy, module)
    assert problem.startswith("exemplars.yaml, line 3, column 1: malformed YAML")


def test_missing_file_is_named(tmp_path, module):
    [problem] = problems_of(tmp_path, module)
    assert problem.startswith("exemplars.yaml: file is missing")


# --- the notes on every Discuss question ----------------------------------------------------


def discuss_questions() -> list[tuple[str, str]]:
    """(chapter, question) for every numbered item under a '## Discuss' heading in the book."""
    found = []
    for path in sorted(BOOK.rglob("*.md")):
        if GUIDE in path.parents:
            continue
        text = path.read_text(encoding="utf-8")
        for section in re.findall(r"^## Discuss\n(.*?)(?=^#{1,2} |\Z)", text, re.S | re.M):
            for item in re.split(r"^\d+\.\s", section, flags=re.M)[1:]:
                found.append((path.relative_to(BOOK).as_posix(), " ".join(item.split())))
    return found


def test_the_book_has_discuss_questions_to_cover():
    questions = discuss_questions()
    chapters = {chapter for chapter, _ in questions}
    assert len(questions) >= 20 and len(chapters) >= 7, (len(questions), chapters)


def _link_texts(text: str) -> str:
    """Links keep only their text: a citation's target is relative to the page that holds it."""
    return re.sub(r"\[([^\]]*)\]\([^)\s]*\)", r"\1", text)


def test_every_discuss_question_is_quoted_exactly_in_the_guide():
    page = (GUIDE / "discussion.md").read_text(encoding="utf-8")
    # Questions are quoted as block quotes; compare the text with the quote markers removed.
    flat = " ".join(re.sub(r"^>\s?", "", line) for line in page.splitlines()).split()
    flat_text = _link_texts(" ".join(flat))
    missing = [
        f"{chapter}: {q[:70]}…"
        for chapter, q in discuss_questions()
        if _link_texts(q) not in flat_text
    ]
    assert missing == []

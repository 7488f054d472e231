"""Validation: a broken module fails with a message that names the file, the line and the field."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from claimlab import ModuleValidationError, load_module
from claimlab.cli import main


def problems_of(path: Path) -> list[str]:
    with pytest.raises(ModuleValidationError) as caught:
        load_module(path)
    return [str(p) for p in caught.value.problems]


def rewrite_claims(path: Path, edit) -> None:
    """Apply `edit(rows)` to claims.csv (header included) and write it back as CSV."""
    target = path / "claims.csv"
    rows = list(csv.reader(target.open(encoding="utf-8", newline="")))
    edit(rows)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    target.write_text(buffer.getvalue(), encoding="utf-8")


def column(rows: list[list[str]], name: str) -> int:
    return rows[0].index(name)


def test_real_module_validates(module):
    assert module.id
    assert len(module.article.paragraphs) > 0


def test_mini_module_loads_generic_content(mini):
    assert [s.id for s in mini.article.sections] == ["opening", "the-costs"]
    assert mini.claim("1b").alternatives == ("empirical",)
    assert mini.exercise("costs").claim_ids == ("2a",)


def test_missing_column_is_named(data_copy):
    rewrite_claims(data_copy, lambda rows: [row.pop(column(rows, "support")) for row in rows[::-1]])
    assert problems_of(data_copy) == [
        "claims.csv, line 1 (header), field 'support': missing column"
    ]


def test_unknown_type_names_line_claim_and_field_and_suggests(data_copy):
    def edit(rows):
        rows[3][column(rows, "type")] = "emprical"

    rewrite_claims(data_copy, edit)
    (message,) = problems_of(data_copy)
    claim_id = list(csv.reader((data_copy / "claims.csv").open(encoding="utf-8")))[3][0]
    assert message.startswith(
        f"claims.csv, line 4 (claim {claim_id}), field 'type': "
        "unknown type 'emprical' (did you mean 'empirical'?)"
    )


def test_quote_not_in_paragraph(data_copy):
    def edit(rows):
        rows[1][column(rows, "quote")] += " And then some."

    rewrite_claims(data_copy, edit)
    (message,) = problems_of(data_copy)
    assert message.startswith(
        "claims.csv, line 2 (claim 1a), field 'quote': quote is not a verbatim part of ¶1: it "
        "matches up to character"
    )
    assert "then you typed ' And then some.'" in message  # where it goes wrong, and how


def test_duplicate_claim_id(data_copy):
    def edit(rows):
        rows.insert(2, list(rows[1]))

    rewrite_claims(data_copy, edit)
    assert problems_of(data_copy) == [
        "claims.csv, line 3 (claim 1a), field 'id': duplicate claim id '1a'"
    ]


def test_paragraph_that_does_not_exist(data_copy):
    def edit(rows):
        rows[1][column(rows, "paragraph")] = "99"

    rewrite_claims(data_copy, edit)
    messages = problems_of(data_copy)
    assert (
        "claims.csv, line 2 (claim 1a), field 'paragraph': there is no ¶99 in article.yaml; "
        "the paragraphs are ¶1–¶39" in messages
    )
    assert (
        "claims.csv, line 2 (claim 1a), field 'id': id '1a' does not start with its "
        "paragraph number 99" in messages
    )


def test_malformed_yaml_gives_line_and_column(data_copy):
    path = data_copy / "taxonomy.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if "name: Causal" in line)
    lines[index] = "    name: [Causal"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (message,) = problems_of(data_copy)
    assert message.startswith("taxonomy.yaml, line ")
    assert "malformed YAML" in message


def test_yaml_field_typo_is_named_with_its_line(data_copy):
    path = data_copy / "article.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("{kind: paragraph, line: 7,", "{kind: paragraph, lnes: 1, line: 7,", 1),
        encoding="utf-8",
    )
    messages = problems_of(data_copy)
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "line: 7," in row)
    assert (
        f"article.yaml, line {line} (block 5), field 'lnes': unknown field (did you mean "
        "'lines'?)" in messages
    )


def test_changed_article_text_is_caught_against_the_source(data_copy):
    path = data_copy / "article.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("surely mistaken", "surely wrong", 1), encoding="utf-8")
    messages = problems_of(data_copy)
    assert any(
        m.startswith("article.yaml, line 3 of the source, field 'text': text differs")
        for m in messages
    )


def test_many_problems_are_reported_together(data_copy):
    def edit(rows):
        rows[1][column(rows, "type")] = "opinion"
        rows[2][column(rows, "support")] = "vibes"

    rewrite_claims(data_copy, edit)
    assert len(problems_of(data_copy)) == 2


def test_taxonomy_example_must_illustrate_its_type(data_copy, module):
    """A type may name a claim of the article as its worked example; it must be of that type."""
    first, other = module.taxonomy.types[0], module.taxonomy.types[1]
    wrong = next(c for c in module.claims if c.type == other.id)
    path = data_copy / "taxonomy.yaml"
    text = path.read_text(encoding="utf-8")
    anchor = f"    test_question: {first.test_question}\n"
    assert anchor in text
    path.write_text(text.replace(anchor, f"{anchor}    example: {wrong.id}\n", 1), "utf-8")
    messages = problems_of(data_copy)
    assert any(
        "field 'example'" in m and f"cannot illustrate '{first.id}'" in m for m in messages
    ), messages


def test_an_invented_example_needs_its_reason(data_copy):
    path = data_copy / "taxonomy.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("    sample_why:")
    end = text.index("\n", start) + 1
    path.write_text(text[:start] + text[end:], "utf-8")
    assert any(
        "taxonomy.yaml" in m and "field 'sample'" in m and "give both" in m
        for m in problems_of(data_copy)
    )


def test_a_split_key_explains_every_claims_support(data_copy):
    """With the support_explanation column, an empty one is an error, not a silent fallback to
    the type's explanation (which would show one exercise's answers in another's feedback)."""

    def edit(rows):
        rows[1][column(rows, "support_explanation")] = ""

    rewrite_claims(data_copy, edit)
    assert any(
        m.startswith("claims.csv, line 2 (claim 1a), field 'support_explanation': is empty")
        for m in problems_of(data_copy)
    )


def test_not_a_directory(tmp_path):
    assert problems_of(tmp_path / "nowhere") == [f"{tmp_path / 'nowhere'}: is not a directory"]


def test_cli_validate_ok_and_failure(data_copy, capsys):
    assert main(["validate", str(data_copy)]) == 0
    assert "valid module" in capsys.readouterr().out
    (data_copy / "claims.csv").write_bytes(b"\xff\xfe not utf-8")
    assert main(["validate", str(data_copy)]) == 1
    assert "claims.csv, line 1: is not UTF-8 text" in capsys.readouterr().err


def edit_text(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found in {path.name}: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_factcheck_row_with_unknown_verdict_and_source(data_copy):
    edit_text(data_copy / "factcheck.csv", ",accurate,", ",acurate,")
    edit_text(data_copy / "factcheck.csv", "haaretz2015jcpoa", "haaretz2051jcpoa")
    messages = problems_of(data_copy)
    assert any(
        m.startswith(
            "factcheck.csv, line 2 (fc01), field 'verdict': unknown verdict "
            "'acurate' (did you mean 'accurate'?)"
        )
        for m in messages
    )
    assert any(
        "field 'sources': no entry 'haaretz2051jcpoa' in the bibliography "
        "(did you mean 'haaretz2015jcpoa'?)" in m
        for m in messages
    )


def test_factcheck_quote_must_be_in_its_claim(data_copy):
    edit_text(data_copy / "factcheck.csv", "more than 150 pages long", "more than 160 pages long")
    messages = problems_of(data_copy)
    assert any("(fc04), field 'quote': quote is not a verbatim part of 10b" in m for m in messages)


def test_timeline_out_of_order_and_bad_date(data_copy):
    edit_text(data_copy / "timeline.csv", "2009-05-25,", "2019-05-25,")
    edit_text(data_copy / "timeline.csv", "2010-05,", "May 2010,")
    messages = problems_of(data_copy)
    assert (
        "timeline.csv, line 5, field 'date': 2009-06-12 comes before 2019-05-25; keep "
        "events in date order" in messages
    )
    assert (
        "timeline.csv, line 6, field 'date': must be an ISO date, YYYY-MM-DD or YYYY-MM" in messages
    )


def test_glossary_see_also_must_name_a_term(data_copy):
    edit_text(data_copy / "glossary.yaml", "  - strategic patience\n", "  - strategic patiens\n")
    messages = problems_of(data_copy)
    assert any(
        m == "glossary.yaml, term 'maximum pressure', field 'see_also': see_also "
        "'strategic patiens' is not a term here (did you mean 'strategic patience'?)"
        for m in messages
    )


def test_argument_step_must_anchor_in_real_claims(data_copy):
    edit_text(data_copy / "argument.yaml", "claims: [10b]", "claims: [10z]")
    messages = problems_of(data_copy)
    assert any(
        m.startswith("argument.yaml, line ")
        and "(reason of process-not-summits), field 'claims': no claim '10z' in claims.csv" in m
        for m in messages
    )


def test_missing_bibliography_is_reported(data_copy):
    (data_copy.parent / "references.bib").unlink()
    messages = problems_of(data_copy)
    assert messages[0].startswith(
        "module.yaml, field 'bibliography': cannot read the bibliography ../references.bib"
    )


def test_timeline_category_must_be_one_the_taxonomy_names(data_copy):
    edit_text(data_copy / "timeline.csv", ",nuclear-test,", ",nuclear-tests,")
    messages = problems_of(data_copy)
    assert messages[0].startswith("timeline.csv, line 2, field 'category': unknown category "
                                  "'nuclear-tests' (did you mean 'nuclear-test'?)")


def line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, row in enumerate(lines, 1) if needle in row)


def test_rule_with_unknown_example_names_file_line_and_field(data_copy):
    path = data_copy / "taxonomy.yaml"
    edit_text(path, "    example: 12b\n", "    example: 12z\n")
    line = line_of(path, "- id: require")
    assert (
        f"taxonomy.yaml, line {line} (rule 2), field 'example': no claim '12z' in claims.csv"
        in problems_of(data_copy)
    )


def test_rule_example_must_name_the_rule(data_copy):
    edit_text(data_copy / "claims.csv", " (rule: would)", "")  # 11a, the example of 'would'
    messages = problems_of(data_copy)
    assert any(
        "(rule 4), field 'example': claim '11a' is the rule's example, but its explanation "
        "does not name it as '(rule: would)'" in m
        for m in messages
    )


def test_explanation_naming_an_unknown_rule(data_copy):
    edit_text(data_copy / "claims.csv", "(rule: too X)", "(rule: too Y)")
    messages = problems_of(data_copy)
    assert any(
        m.startswith("claims.csv, line 3 (claim 1b), field 'explanation': names an unknown rule "
                     "'too Y' (did you mean 'too X'?)")
        for m in messages
    )


def test_claim_matching_a_rule_must_name_it(data_copy):
    """Drift guard: a 'too X' sentence whose explanation forgets the rule is reported."""
    edit_text(data_copy / "claims.csv", "(rule: too X)", "(because)")
    messages = problems_of(data_copy)
    assert any(
        m.startswith("claims.csv, line 3 (claim 1b), field 'explanation': the quote matches "
                     "rule 'too-x'")
        and "'(rule: too X)'" in m
        for m in messages
    )


def test_rule_with_a_broken_pattern(data_copy):
    path = data_copy / "taxonomy.yaml"
    edit_text(path, r"match: '\btoo\b'", r"match: '\btoo(\b'")
    line = line_of(path, "- id: too-x")
    messages = problems_of(data_copy)
    assert any(
        m.startswith(f"taxonomy.yaml, line {line} (rule 1), field 'match': is not a valid "
                     "regular expression")
        for m in messages
    )


def test_support_example_must_have_that_support(data_copy, module):
    level = next(s for s in module.taxonomy.support if s.id == "evidence")

    def edit(rows):
        row = next(r for r in rows if r[0] == level.example)
        row[column(rows, "support")] = "assertion"

    rewrite_claims(data_copy, edit)
    messages = problems_of(data_copy)
    assert any(
        "(support level 1), field 'example': claim" in m and "cannot illustrate 'evidence'" in m
        for m in messages
    )


def append_exclusion(path: Path, row: list[str]) -> int:
    """Append a row to factcheck_excluded.csv and return its line number."""
    target = path / "factcheck_excluded.csv"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(row)
    text = target.read_text(encoding="utf-8")
    target.write_text(text + buffer.getvalue(), encoding="utf-8")
    return len(text.splitlines()) + 1


def test_excluded_statement_must_be_verbatim(data_copy):
    line = append_exclusion(data_copy, ["12", "The question was whether", "a judgment"])
    assert problems_of(data_copy) == [
        f"factcheck_excluded.csv, line {line}, field 'quote': quote is not a verbatim part of ¶12"
    ]


def test_excluded_statement_cannot_also_be_fact_checked(data_copy):
    line = append_exclusion(data_copy, ["10", "150 pages long", "a figure"])
    assert problems_of(data_copy) == [
        f"factcheck_excluded.csv, line {line}, field 'quote': overlaps statement fc04 of the "
        "fact-check; a statement is either checked or left out, not both"
    ]


def test_excluded_statement_needs_a_known_place_a_reason_and_real_references(data_copy):
    line = append_exclusion(data_copy, ["caption-9", "Photo", ""])
    second = append_exclusion(data_copy, ["40", "Then", "covered by fc99"])
    messages = problems_of(data_copy)
    assert messages[:2] == [
        f"factcheck_excluded.csv, line {line}, field 'paragraph': no paragraph or block "
        "'caption-9': give a paragraph number, or the id of a caption or bio in article.yaml",
        f"factcheck_excluded.csv, line {line}, field 'reason': is empty",
    ]
    assert (
        f"factcheck_excluded.csv, line {second}, field 'reason': refers to fc99, which is not in "
        "factcheck.csv" in messages
    )


def test_factcheck_review_column_is_optional(data_copy):
    rows = list(csv.reader((data_copy / "factcheck.csv").open(encoding="utf-8", newline="")))
    index = rows[0].index("review")
    rows = [row[:index] + row[index + 1:] for row in rows]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    (data_copy / "factcheck.csv").write_text(buffer.getvalue(), encoding="utf-8")
    assert all(f.review == "" for f in load_module(data_copy).factchecks)

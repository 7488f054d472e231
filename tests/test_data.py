"""The module's data: the article exactly as received, a key that covers it, a generic engine."""

from __future__ import annotations

import html
import re

from conftest import DATA, ROOT


def source_lines() -> list[tuple[int, str]]:
    text = (DATA / "source" / "article.txt").read_text(encoding="utf-8")
    return [(n, line) for n, line in enumerate(text.split("\n"), start=1) if line.strip()]


def test_blocks_rebuild_every_nonempty_source_line_in_order(module):
    received = source_lines()
    rebuilt = module.article.source_lines()
    assert len(rebuilt) == len(received)
    for (number, raw), text in zip(received, rebuilt, strict=True):
        # Only trailing whitespace (no-break spaces left by the web scrape) may differ.
        assert raw.rstrip() == text, f"source line {number} differs"
        assert raw.startswith(text)


def test_block_kinds_match_the_research_notes(module):
    """Which source lines are captions, subheads and bios, as the research notes record them."""
    kinds = {}
    for block in module.article.blocks:
        kinds.setdefault(block.line, []).append(block.kind)
    assert kinds[1] == ["standfirst", "caption"]
    assert [n for n, k in kinds.items() if k == ["caption"]] == [25, 26, 60, 78]
    assert [n for n, k in kinds.items() if k == ["subhead"]] == [17, 32, 52, 70, 84]
    assert [n for n, k in kinds.items() if k == ["bio"]] == [98, 100]
    body = [n for n, _ in source_lines() if kinds[n] == ["paragraph"]]
    assert [b.line for b in module.article.paragraphs] == body
    assert [b.number for b in module.article.paragraphs] == list(range(1, len(body) + 1))


def test_sections_follow_the_subheads(module):
    sections = module.article.sections
    subheads = [b.text for b in module.article.blocks if b.kind == "subhead"]
    assert sections[0].id == "opening" and sections[0].title is None
    assert [s.title for s in sections[1:]] == subheads
    numbers = [b.number for s in sections for b in s.paragraphs]
    assert numbers == [b.number for b in module.article.paragraphs]


def test_every_quote_is_verbatim_in_its_paragraph(module):
    for claim in module.claims:
        assert claim.quote in module.article.paragraph(claim.paragraph).text, claim.id


def test_every_body_paragraph_has_a_claim(module):
    covered = {claim.paragraph for claim in module.claims}
    assert covered == {b.number for b in module.article.paragraphs}


def test_key_size_and_explanations(module):
    assert 70 <= len(module.claims) <= 110
    for claim in module.claims:
        sentences = re.findall(r"[.!?](?:[”’\"]?)(?:\s|$)", claim.explanation)
        assert 1 <= len(sentences) <= 3, claim.id
        assert set(claim.alternatives) <= set(module.taxonomy.type_ids)


def test_claims_appear_in_reading_order(module):
    order = [
        (c.paragraph, module.article.paragraph(c.paragraph).text.index(c.quote))
        for c in module.claims
    ]
    assert order == sorted(order)


def test_first_exercise_covers_the_opening(module):
    exercise = module.exercise("claim-types-opening")
    opening = {b.number for b in module.article.section("opening").paragraphs}
    assert exercise.claim_ids == tuple(c.id for c in module.claims if c.paragraph in opening)


def test_engine_knows_nothing_of_the_article():
    words = re.compile(r"korea|tokola|pyongyang|kim jong|trump|biden|nuclear|asia times", re.I)
    for path in (ROOT / "src" / "claimlab").rglob("*"):
        if path.is_file() and path.suffix in {".py", ".j2", ".js", ".css", ".json"}:
            assert not words.search(path.read_text(encoding="utf-8")), path


def test_support_levels_are_tests_with_worked_examples(module):
    taxonomy = module.taxonomy
    assert len(taxonomy.support_procedure) >= 3
    for level in taxonomy.support:
        assert level.test_question.endswith("?"), level.id
        assert module.claim(level.example).support == level.id


def test_the_verdicts_let_a_student_call_a_statement_wrong(module):
    ids = [v.id for v in module.taxonomy.verdicts]
    assert {"accurate", "imprecise", "inaccurate", "contested", "unverifiable"} <= set(ids)
    inaccurate = next(v for v in module.taxonomy.verdicts if v.id == "inaccurate")
    assert "imprecise" in inaccurate.definition and "contested" in inaccurate.definition


def test_rules_decide_the_same_wording_the_same_way(module):
    """The crisp rules, applied to every claim whose wording they match."""
    rules = {r.id: r for r in module.taxonomy.rules}
    for claim in module.claims:
        if rules["too-x"].applies_to(claim.quote):
            assert claim.type == "evaluative" and claim.alternatives, claim.id
        if rules["needs"].applies_to(claim.quote):
            assert claim.type == "evaluative", claim.id
        if rules["require"].applies_to(claim.quote):
            if "would have" in claim.quote:  # a counterfactual or hypothetical requirement
                labels = (claim.type, claim.alternatives)
                assert labels == ("predictive", ("prescriptive",)), claim.id
            else:  # a condition on a course of action still open
                assert claim.type == "prescriptive", claim.id
                if re.search(r"\bwould\b", claim.quote):
                    assert claim.alternatives == ("predictive",), claim.id


def test_every_rule_named_in_an_explanation_decides_its_example(module):
    names = {r.name for r in module.taxonomy.rules}
    named = {name for claim in module.claims for name in claim.rule_names}
    assert named == names  # every rule is used, and no explanation names a rule that is not there


def block_text(module, block_id: str) -> str:
    return next(b.text for b in module.article.blocks if b.id == block_id)


def test_every_paragraph_is_accounted_for_in_the_fact_check(module):
    """Each body paragraph has a fact-check row or a listed reason why its statements are not
    checked, and no statement is both checked and left out."""
    accounted: set[str] = {e.block for e in module.exclusions}
    spans: dict[str, list[tuple[int, int]]] = {}
    for item in module.factchecks:
        in_body = item.target[0].isdigit()
        block_id = f"p{module.claim(item.target).paragraph}" if in_body else item.target
        accounted.add(block_id)
        start = block_text(module, block_id).index(item.quote)
        spans.setdefault(block_id, []).append((start, start + len(item.quote)))
    assert {f"p{b.number}" for b in module.article.paragraphs} <= accounted
    for excluded in module.exclusions:
        text = block_text(module, excluded.block)
        assert excluded.quote in text, excluded.quote
        start = text.index(excluded.quote)
        for other_start, other_end in spans.get(excluded.block, []):
            assert start + len(excluded.quote) <= other_start or other_end <= start, excluded.quote
        assert excluded.reason.endswith("."), excluded.quote


def test_disputed_verdict_records_its_review(module):
    fc02 = next(f for f in module.factchecks if f.id == "fc02")
    assert fc02.verdict == "accurate"
    for part in ("For “accurate”", "Against", "Decision"):
        assert part in fc02.review


def test_argument_map_speaks_in_the_authors_voice(module):
    for step in module.argument.walk():
        assert re.match(r"(Tokola|He) [a-z]+s\b", step.text), step.id


def test_unclear_support_points_are_settled_with_invented_examples(module):
    """Issue 20: each point two blind readers found unclear is settled, with an example that gives
    away no exercise item (it is invented, and quotes no claim of the article)."""
    from claimlab.pages import render

    taxonomy = module.taxonomy
    settled = {"reported-statement", "ground-or-explanation", "restatement", "own-sentence"}
    assert settled <= {case.id for case in taxonomy.support_cases}
    rules = {rule.id: rule for rule in taxonomy.rules}
    for case in taxonomy.support_cases:
        assert case.question.endswith("?"), case.id
        assert case.example.startswith("Invented:"), case.id
        assert not [c.id for c in module.claims if c.quote in case.example], case.id
    for rule_id in ("feasibility", "would", "require"):  # the type points of the same list
        assert "Invented example" in rules[rule_id].decision, rule_id
    page = str(render.support_html(module))
    for text in (*taxonomy.support_procedure, *(c.name for c in taxonomy.support_cases)):
        assert text[:60] in html.unescape(page)

"""The module's data: the article exactly as received, a key that covers it, a generic engine."""

from __future__ import annotations

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

"""The book builds with -W -n from data, and its pages show what the data holds."""

from __future__ import annotations

import re
from pathlib import Path

from markupsafe import escape


def page(html_root: Path, name: str) -> str:
    return (html_root / "book" / f"{name}.html").read_text(encoding="utf-8")


def test_appendix_renders_the_whole_article(built_book, module):
    html = page(built_book, "appendix-article")
    numbers = re.findall(r'<span class="cl-pnum">¶(\d+)</span>', html)
    assert numbers == [str(b.number) for b in module.article.paragraphs]
    for kind, tag in (
        ("caption", "Photo caption (photo not reproduced):"),
        ("subhead", "Subhead:"),
        ("bio", "Author bio:"),
        ("standfirst", "Standfirst:"),
    ):
        count = sum(1 for b in module.article.blocks if b.kind == kind)
        assert html.count(f'<span class="cl-tag">{tag}</span>') == count, kind


def test_taxonomy_chapter_renders_every_type_and_example(built_book, module):
    html = page(built_book, "reading-a-policy-argument")
    for claim_type in module.taxonomy.types:
        assert f'id="type-{claim_type.id}"' in html
        # Invented examples: every claim of the article is an item of some exercise.
        assert claim_type.sample and html.count(str(escape(claim_type.sample))) == 1
    assert "(claim " not in html


def test_intro_states_what_the_data_says(built_book, module):
    html = page(built_book, "intro")
    assert module.article.meta.headline_status.split(":")[0] in html
    assert f"{len(module.article.paragraphs)} paragraphs" in html


def test_no_page_loads_anything_from_another_host(built_book):
    remote = re.compile(r'<(?:script|link|img|iframe)[^>]+(?:src|href)="(?:https?:)?//', re.I)
    for path in built_book.rglob("*.html"):
        assert not remote.search(path.read_text(encoding="utf-8")), path


SECTION_PAGES = {
    "opening": "1-opening",
    "agree-to-a-process": "2-agree-to-a-process",
    "role-of-summits": "3-role-of-summits",
    "what-north-korea-needs": "4-what-north-korea-needs",
    "strategic-patience-wont-help": "5-strategic-patience-wont-help",
    "a-new-approach": "6-a-new-approach",
}


def test_each_section_chapter_shows_its_paragraphs_and_no_other(built_book, module):
    assert set(SECTION_PAGES) == {s.id for s in module.article.sections}
    for section in module.article.sections:
        html = page(built_book, f"sections/{SECTION_PAGES[section.id]}")
        shown = re.findall(r'<span class="cl-pnum">¶(\d+)</span>', html)
        assert shown == [str(b.number) for b in section.paragraphs], section.id
        assert f'data-cl-exercise="claim-types-{section.id}"' in html


def test_table_of_contents_holds_every_chapter(built_book):
    index = (built_book / "book" / "intro.html").read_text(encoding="utf-8")
    for target in [
        "before-you-read",
        "reading-a-policy-argument",
        "argument",
        "argument-testing",
        "fact-check",
        "fact-check-verdicts",
        "glossary",
        "appendix-article",
        "references",
        *(f"sections/{name}" for name in SECTION_PAGES.values()),
    ]:
        assert f'href="{target}.html"' in index or f'href="../book/{target}.html"' in index, target


def test_glossary_defines_every_term_with_sources(built_book, module):
    html = page(built_book, "glossary")
    for entry in module.glossary:
        assert f">{entry.term}<" in html, entry.term
    assert html.count('role="doc-biblioref"') + html.count('class="reference internal"') > 0


def test_timeline_lists_every_event_and_its_figure_has_alt_text(built_book, module):
    html = page(built_book, "before-you-read")
    rows = re.findall(r"<tr[^>]*>", html)
    assert len(rows) == len(module.timeline) + 1  # plus the header row
    alt = re.search(r'<img src="[^"]+\.png"[^>]* alt="([^"]+)"', html)
    assert alt and f"Timeline of {len(module.timeline)} events" in alt.group(1)


def test_fact_check_pages_have_the_exercise_then_every_sourced_verdict(built_book, module):
    html = page(built_book, "fact-check")
    assert 'data-cl-exercise="fact-check"' in html
    assert 'href="fact-check-verdicts.html"' in html
    verdicts = page(built_book, "fact-check-verdicts")
    for item in module.factchecks:
        assert f"<td><p>{item.id} (" in verdicts, item.id
        assert f"<td><p>{item.id} (" not in html, item.id  # not beside the form


def test_every_figure_has_alt_text(built_book):
    for path in built_book.rglob("*.html"):
        for tag in re.findall(r"<img\b[^>]*>", path.read_text(encoding="utf-8")):
            assert re.search(r'\salt="[^"]+"', tag) or "logo" in tag, (path.name, tag[:120])


def test_argument_map_is_drawn_from_data(built_book, module):
    html = page(built_book, "argument-testing")
    steps = list(module.argument.walk())
    assert html.count('class="cl-arg-step"') == len(steps)
    for step in steps:
        for claim_id in step.claims:
            assert f"(claim {claim_id}, ¶" in html

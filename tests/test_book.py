"""The book builds with -W -n from data, and its pages show what the data holds."""

from __future__ import annotations

import re
from pathlib import Path


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
        assert f"(claim {claim_type.example}, ¶" in html


def test_intro_states_what_the_data_says(built_book, module):
    html = page(built_book, "intro")
    assert module.article.meta.headline_status.split(":")[0] in html
    assert f"{len(module.article.paragraphs)} paragraphs" in html


def test_no_page_loads_anything_from_another_host(built_book):
    remote = re.compile(r'<(?:script|link|img|iframe)[^>]+(?:src|href)="(?:https?:)?//', re.I)
    for path in built_book.rglob("*.html"):
        assert not remote.search(path.read_text(encoding="utf-8")), path

"""The theme layer's pure parts (claimlab.book.theme), without a build; tests/test_menu.py checks
the built book in Chromium."""

from __future__ import annotations

from docutils import nodes
from docutils.utils import new_document

from claimlab.book.theme import (
    DESCRIPTION_LENGTH,
    defer_search,
    deferred,
    page_description,
    prune_icon_rules,
)

CSS = (
    '.fa-solid{font-weight:900}.fa-bars:before,.fa-navicon:before{content:"\\f0c9"}'
    '.fa-moon:before{content:"\\f186"}.fa-xmark:before{content:"\\f00d"}'
    '.admonition-title:after{content:var(--pst-icon-bell)}'
)


def test_only_the_rules_of_icons_in_use_stay():
    pruned = prune_icon_rules(CSS, {"navicon", "xmark"})
    assert '.fa-bars:before,.fa-navicon:before{content:"\\f0c9"}' in pruned  # by its alias
    assert '.fa-xmark:before{content:"\\f00d"}' in pruned
    assert "fa-moon" not in pruned
    assert ".fa-solid{font-weight:900}" in pruned and ".admonition-title:after" in pruned
    assert prune_icon_rules(pruned, {"navicon", "xmark"}) == pruned


def document(*paragraphs: str):
    doc = new_document("test")
    for text in paragraphs:
        doc += nodes.paragraph(text=text)
    return doc


def test_the_description_is_the_first_real_paragraph_cut_at_a_word():
    long = "Objectives. After this chapter you can " + "weigh a claim and its support " * 10
    text = page_description(document("Short line.", long), "fallback")
    assert text.startswith("Objectives. After this chapter")
    assert len(text) <= DESCRIPTION_LENGTH and text.endswith("…")
    kept = text[:-1]
    assert long.startswith(kept) and long[len(kept)] == " "  # whole words only
    assert page_description(None, "Index · Reading a policy argument") == (
        "Index · Reading a policy argument"
    )


def test_search_scripts_are_deferred_except_on_the_search_page(tmp_path):
    scripts = (
        '<script src="../_static/searchtools.js"></script>\n'
        '<script src="../_static/language_data.js"></script>\n'
        '<script src="../searchindex.js"></script>\n'
        '<script src="../_static/doctools.js?v=1"></script>\n'
    )
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "page.html").write_text(scripts, "utf-8")
    (tmp_path / "search.html").write_text(scripts, "utf-8")
    defer_search(tmp_path)
    defer_search(tmp_path)  # a rebuild runs it again: nothing changes twice
    page = (tmp_path / "book" / "page.html").read_text("utf-8")
    assert page.count("<script defer src=") == 3
    assert '<script src="../_static/doctools.js?v=1">' in page  # only the search scripts
    assert (tmp_path / "search.html").read_text("utf-8") == scripts


def test_scripts_are_deferred_in_order_but_not_the_options_inline_scripts_read():
    from sphinx.builders.html._assets import _JavaScript

    scripts = [
        _JavaScript("_static/documentation_options.js?v=1"),
        _JavaScript(None, body="DOCUMENTATION_OPTIONS.pagename = 'x';"),
        _JavaScript("_static/doctools.js?v=2", priority=200),
        _JavaScript("_static/design-tabs.js", **{"data-sd-tabs-storage-prefix": "sd-"}),
        _JavaScript("_static/claimlab-menu.js", defer="defer"),
        _JavaScript("https://example.org/x.js"),
    ]
    after = [deferred(script) for script in scripts]
    assert [("defer" in s.attributes) for s in after] == [False, False, True, True, True, False]
    assert after[2].priority == 200  # the order of loading stays
    assert after[3].attributes["data-sd-tabs-storage-prefix"] == "sd-"
    assert after[1] is scripts[1] and after[5] is scripts[5]

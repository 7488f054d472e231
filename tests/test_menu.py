"""The theme on a phone and a desktop: a menu that works, and a light first visit.

- At 390 px the menu button opens the chapter list, which leads to another chapter; on a desktop
  the sidebar toggle hides and shows the sidebar. Both failed with pydata-sphinx-theme 0.17 and
  sphinx-book-theme 1.3 (pydata-sphinx-theme issue #2451), fixed by claimlab.book.theme.
- A first visit to a section page with a fresh profile, from a plain static server (no
  compression), is at most 1,000,000 bytes; bytes, not timings, so the figure is exact.
- Every icon a page shows still has its glyph in the cut-down Font Awesome font; every page has
  a favicon and a meta description.
"""

from __future__ import annotations

import contextlib
import re

from test_phone import DESKTOP, PHONE, content_pages

from claimlab.book.theme import FONT_FOLDER, used_glyphs

SECTION = "book/sections/1-opening.html"
NEXT_CHAPTER = "Agree to a process"
FIRST_VISIT_BUDGET = 1_000_000  # bytes, uncompressed


def open_section(watched, url: str, viewport: dict):
    """The section page at `viewport`, loaded to the last script (the menu's listeners too)."""
    page = watched.page
    page.set_viewport_size(viewport)
    page.goto(f"{url}/{SECTION}")
    page.wait_for_load_state("networkidle")
    return page


def test_the_phone_menu_opens_and_leads_to_another_chapter(built_book, serve, watched):
    page = open_section(watched, serve(built_book), PHONE)
    menu = page.locator("dialog#pst-primary-sidebar-modal")
    assert not menu.is_visible()
    button = page.locator(".primary-toggle:visible")
    assert button.count() == 1  # the one a student can tap
    button.click()
    menu.wait_for(state="visible")
    menu.get_by_role("link", name=NEXT_CHAPTER).click()
    page.wait_for_url("**/2-agree-to-a-process.html")
    assert page.get_by_role("heading", level=1).first.inner_text().startswith(NEXT_CHAPTER)
    watched.assert_clean()


def test_on_a_desktop_the_toggle_hides_and_shows_the_sidebar(built_book, serve, watched):
    page = open_section(watched, serve(built_book), DESKTOP)
    sidebar = page.locator("#pst-primary-sidebar")
    link = sidebar.get_by_role("link", name=NEXT_CHAPTER)
    assert link.is_visible()
    toggle = page.locator(".primary-toggle:visible")
    assert toggle.count() == 1
    toggle.click()
    link.wait_for(state="hidden")
    assert not page.locator("dialog[open]").count()  # hidden, not a dialog opened instead
    toggle.click()
    link.wait_for(state="visible")
    watched.assert_clean()


def test_a_first_visit_is_light_and_clean(built_book, serve, browser):
    """A fresh profile, an uncompressed static server: every same-origin byte the page loads."""
    base = serve(built_book)
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    sizes: dict[str, int] = {}
    errors: list[str] = []

    def count(response) -> None:
        if response.url.startswith(base):
            with contextlib.suppress(Exception):  # a redirect has no body
                sizes[response.url] = len(response.body())
            if response.status >= 400:
                errors.append(f"{response.status} {response.url}")

    page.on("response", count)
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.goto(f"{base}/{SECTION}", wait_until="networkidle")
    page.wait_for_timeout(500)  # the icon font loads once the page is drawn
    total = sum(sizes.values())
    context.close()
    heaviest = sorted(sizes.items(), key=lambda kv: -kv[1])[:5]
    assert total <= FIRST_VISIT_BUDGET, (total, heaviest)
    assert any("fa-solid-900.woff2" in url for url in sizes)  # the icons are drawn...
    assert not any("fontawesome.js" in url and size > 1000 for url, size in sizes.items())
    assert errors == []  # ...and nothing is missing (a favicon, a font)


def test_every_icon_keeps_its_glyph(built_book):
    """By construction: every icon class a page or script names, and every glyph the style sheets
    draw, is in a cut-down Font Awesome font (solid, regular or brands)."""
    from fontTools.ttLib import TTFont

    wanted = used_glyphs(built_book)
    kept: set[int] = set()
    for font in (built_book / "_static" / FONT_FOLDER).glob("*.woff2"):
        kept |= set(TTFont(font).getBestCmap())
    # Each icon class used in the pages, through the theme's CSS, to a code point:
    css = (built_book / "_static" / "styles" / "pydata-sphinx-theme.css").read_text("utf-8")
    for name in ("bars", "list", "magnifying-glass", "xmark", "circle-half-stroke", "expand"):
        rule = re.search(rf'\.fa-{name}:before[^{{]*\{{content:"\\(\w+)"', css)
        assert rule and int(rule.group(1), 16) in wanted, name
    assert wanted <= kept, sorted(hex(c) for c in wanted - kept)
    assert len(kept) < 100  # cut down: the full font has about 1,400 glyphs


def test_every_page_has_a_favicon_and_a_description(built_book):
    for path in content_pages(built_book):
        page = path.read_text("utf-8")
        icon = re.search(r'<link rel="icon" href="([^"]+)"', page)
        assert icon, path.name
        assert (path.parent / icon.group(1)).resolve().is_file(), path.name
        description = re.search(r'<meta name="description" content="([^"]+)"', page)
        assert description and len(description.group(1)) >= 20, path.name


def test_the_description_is_the_first_paragraph(built_book):
    page = (built_book / SECTION).read_text("utf-8")
    (description,) = re.findall(r'<meta name="description" content="([^"]+)"', page)
    assert description.startswith("Objectives. After this chapter you can")
    assert len(description) <= 155

"""Every page of the built book on a 390 px phone screen (and the search box on a desktop one).

At 390x844 in Chromium: nothing scrolls sideways, every radio button and checkbox offers a target
of at least 24x24 CSS px (WCAG 2.2, 2.5.8: the input itself or the label that wraps or names it),
no figure draws its text smaller than the page's own running text, and a fieldset title that
wraps sits inside its box instead of across the top border. At 1280 px, the page shows one
search box.
"""

from __future__ import annotations

from pathlib import Path

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
MIN_TARGET = 24  # CSS px


def content_pages(root: Path) -> list[Path]:
    """Every page a reader can open: not the theme's internals, not redirects."""
    pages = [
        p
        for p in sorted(root.rglob("*.html"))
        if not p.relative_to(root).parts[0].startswith("_")
        and 'http-equiv="Refresh"' not in p.read_text("utf-8")
    ]
    assert len(pages) >= 10
    return pages


# The widest element that sticks out of the viewport, to name in a failure.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  let worst = null;
  for (const el of document.querySelectorAll("body *")) {
    if (el.closest(".bd-sidebar-primary, .bd-sidebar-secondary, dialog")) continue;  // drawers
    const r = el.getBoundingClientRect();
    if (r.width && r.right > width + 0.5 && (!worst || r.right > worst.right)) {
      worst = {right: r.right, what: el.tagName.toLowerCase() + "." + el.className};
    }
  }
  // A table wider than its box is cut off (or hidden behind a scroll bar) on a phone.
  const tables = Array.from(document.querySelectorAll(".bd-article table"))
    .filter(t => t.getBoundingClientRect().width > t.parentElement.clientWidth + 1)
    .map(t => (t.querySelector("caption") || t).textContent.trim().slice(0, 60));
  return {scroll: document.documentElement.scrollWidth, width, worst, tables};
}"""

# Each visible radio/checkbox: its own box and the box of the label that wraps it or names it.
TARGETS = """() => Array.from(document.querySelectorAll("input[type=radio], input[type=checkbox]"))
  .filter(i => i.getClientRects().length && getComputedStyle(i).visibility !== "hidden")
  .map(i => {
    const own = i.getBoundingClientRect();
    const label = i.closest("label") || (i.id && document.querySelector(`label[for="${i.id}"]`));
    const box = label ? label.getBoundingClientRect() : own;
    const best = {w: Math.max(own.width, label ? box.width : 0),
                  h: Math.max(own.height, label ? box.height : 0)};
    return {name: i.name + "=" + i.value, w: best.w, h: best.h,
            input: [own.width, own.height]};
  })"""

# Figures say how big their text is in image pixels; scale by how the image is drawn, and
# compare with the size of the page's own running text (its paragraphs, in CSS px).
# Figures load lazily: load each one now, so its natural size is known.
FIGURES = """async () => {
  const para = document.querySelector(".bd-article section > p");
  const pageText = para ? parseFloat(getComputedStyle(para).fontSize) : NaN;
  const images = Array.from(document.querySelectorAll("figure img"));
  for (const img of images) {
    img.loading = "eager";
    await img.decode().catch(() => {});
  }
  return images.map(img => ({
    alt: (img.alt || "").slice(0, 40), pageText,
    textPx: parseFloat(img.dataset.clTextPx || "NaN"),
    natural: img.naturalWidth, shown: img.getBoundingClientRect().width,
  }));
}"""

# Fieldset titles taller than one line must sit inside the box, below its top border.
LEGENDS = """() => Array.from(document.querySelectorAll("fieldset > legend"))
  .filter(l => l.getClientRects().length)
  .map(l => {
    const f = l.parentElement.getBoundingClientRect(), r = l.getBoundingClientRect();
    const style = getComputedStyle(l);
    const line = parseFloat(style.lineHeight) || 1.4 * parseFloat(style.fontSize);
    const border = parseFloat(getComputedStyle(l.parentElement).borderTopWidth);
    return {text: l.textContent.trim().slice(0, 50), lines: r.height / line,
            inside: r.top >= f.top + border - 0.5};
  })"""

# Search boxes a reader can see (the header button and the sidebar field are both ways in).
SEARCH = """() => Array.from(document.querySelectorAll(
    "button.search-button__button, .bd-search, input[type=search], form[role=search]"))
  .filter(el => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== "hidden"
      && !el.closest(".search-button__wrapper");  // the dialog, shown only once asked for
  })
  .map(el => el.className)"""


def test_every_page_fits_a_phone_with_usable_targets_and_legible_figures(
    built_book, serve, browser
):
    base = serve(built_book)
    context = browser.new_context(viewport=PHONE, device_scale_factor=1)
    page = context.new_page()
    problems: list[str] = []
    checked = {"targets": 0, "figures": 0, "wrapped": 0}
    try:
        for path in content_pages(built_book):
            name = path.relative_to(built_book).as_posix()
            page.goto(f"{base}/{name}", wait_until="load")
            page.wait_for_timeout(50)  # let the forms' scripts lay out their feedback
            over = page.evaluate(OVERFLOW)
            if over["scroll"] > PHONE["width"]:
                problems.append(f"{name}: scrolls sideways ({over['scroll']} px): {over['worst']}")
            problems += [f"{name}: table wider than the page: {t}" for t in over["tables"]]
            for target in page.evaluate(TARGETS):
                checked["targets"] += 1
                if target["w"] < MIN_TARGET or target["h"] < MIN_TARGET:
                    problems.append(f"{name}: target {target['name']} is {target}")
            for figure in page.evaluate(FIGURES):
                checked["figures"] += 1
                drawn = figure["textPx"] * figure["shown"] / (figure["natural"] or float("nan"))
                if not drawn >= figure["pageText"]:  # NaN (no size given) fails too
                    problems.append(f"{name}: figure text at {drawn:.1f} px: {figure}")
            for legend in page.evaluate(LEGENDS):
                if legend["lines"] > 1.5:
                    checked["wrapped"] += 1
                    if not legend["inside"]:
                        problems.append(f"{name}: wrapped title over the border: {legend}")
    finally:
        context.close()
    assert problems == [], "\n".join(problems)
    # The checks above looked at something: forms, figures and long titles exist at this width.
    assert checked["targets"] >= 100, checked
    assert checked["figures"] >= 3 and checked["wrapped"] >= 10, checked


def test_a_desktop_page_shows_one_search_box(built_book, serve, browser):
    base = serve(built_book)
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    try:
        for name in ("book/intro.html", "book/sections/1-opening.html"):
            page.goto(f"{base}/{name}", wait_until="load")
            boxes = page.evaluate(SEARCH)
            assert len(boxes) == 1, (name, boxes)
    finally:
        context.close()

"""Two real tabs of one browser sharing storage, in Chromium: nothing either tab saves is lost.

Each test opens two pages of one Playwright context (one origin, one localStorage, real `storage`
events between them) on a page rendered by the engine, the same HTML the book embeds. A tab that
has not yet heard of the other's saves is made by holding its `storage` events (they are
delivered later, in order), as a busy or background tab receives them late.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from claimlab.keeping.submission import read_submission
from claimlab.pages.render import exercise_html, memo_html, peer_review_html
from conftest import ROOT

AXE = ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"

EXERCISE = "claim-types-opening"

# Runs before the page's scripts in every tab: window.hold() holds this tab's storage events,
# window.release() delivers them, in order, as if they had arrived late.
HOLD_EVENTS = """
(() => {
  let held = null;
  window.addEventListener('storage', (event) => {
    if (held && !event.released) { event.stopImmediatePropagation(); held.push(event); }
  }, true);
  window.hold = () => { held = held || []; };
  window.release = () => {
    const events = held || [];
    held = null;
    for (const e of events) {
      const again = new StorageEvent('storage', {key: e.key, oldValue: e.oldValue,
        newValue: e.newValue, url: e.url, storageArea: e.storageArea});
      again.released = true;
      window.dispatchEvent(again);
    }
  };
})();
"""

# Fills the origin's storage to the last byte (the filler keys start with "fill-").
FILL = """
() => {
  const chunk = 'x'.repeat(256 * 1024);
  let i = 0;
  try { for (;;) { localStorage.setItem('fill-' + i, chunk); i += 1; } } catch (e) {}
  for (const size of [16384, 1024, 64, 1]) {
    try { for (;;) { localStorage.setItem('fill-' + i, 'x'.repeat(size)); i += 1; } }
    catch (e) {}
  }
  return i;
}
"""
EMPTY = (
    "() => Object.keys(localStorage).filter(k => k.startsWith('fill-'))"
    ".forEach(k => localStorage.removeItem(k))"
)


def site(tmp_path: Path, body: str) -> Path:
    folder = tmp_path / "site"
    folder.mkdir(exist_ok=True)
    (folder / "index.html").write_text(
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Form</title>"
        f"</head><body><main>{body}</main></body></html>",
        encoding="utf-8",
    )
    return folder


def tabs(watched, url: str, count: int = 2) -> list:
    """`count` tabs of one browser on url, each with its errors watched."""
    watched.context.add_init_script(HOLD_EVENTS)
    pages = [watched.page] + [watched.context.new_page() for _ in range(count - 1)]
    for page in pages[1:]:
        page.on("pageerror", lambda e: watched.errors.append(str(e)))
        page.on("console", lambda m: m.type == "error" and watched.errors.append(m.text))
    for page in pages:
        page.goto(url)
    return pages


def fresh_tab(watched, url: str):
    page = watched.context.new_page()
    page.on("pageerror", lambda e: watched.errors.append(str(e)))
    page.goto(url)
    return page


def memo_box(page, part):
    return page.locator("[data-cl-memo]").get_by_role("textbox", name=part.title, exact=True)


def stored(page, key: str) -> dict:
    return json.loads(page.evaluate("k => localStorage.getItem(k)", key))


def settle(*pages) -> None:
    """Lets every tab handle the storage events already sent to it."""
    for page in pages:
        page.evaluate("() => new Promise(r => setTimeout(r, 50))")
    for page in pages:
        page.evaluate("() => new Promise(r => setTimeout(r, 50))")


# --- the memo page --------------------------------------------------------------------------


def test_two_memo_tabs_editing_their_own_fields_lose_nothing(module, serve, watched, tmp_path):
    url = f"{serve(site(tmp_path, memo_html(module) + peer_review_html(module)))}/index.html"
    a, b = tabs(watched, url)
    first, second, third = module.rubric.parts[:3]
    rec = module.recommendations[0]
    stance_name = dict(module.rubric.stances)["adopt"]

    # B has not heard of A's words when it saves its own: its whole form is out of date.
    b.evaluate("hold()")
    memo_box(a, first).fill("Twenty minutes of A's writing, ¶13.")
    a.locator("[data-cl-memo]").get_by_role(
        "group", name=re.compile(re.escape(rec.text))
    ).get_by_role("radio", name=stance_name).check()
    memo_box(b, second).fill("B's words in another part, ¶14.")
    b.locator("[data-cl-memo]").get_by_role(
        "textbox", name="Your name or pseudonym (optional)"
    ).fill("Ana")
    b.evaluate("release()")
    settle(a, b)
    memo_box(a, third).fill("A again.")
    # Each tab shows what the other wrote, and keeps its own.
    settle(a, b)
    for page in (a, b):
        assert memo_box(page, first).input_value() == "Twenty minutes of A's writing, ¶13."
        assert memo_box(page, second).input_value() == "B's words in another part, ¶14."
        assert memo_box(page, third).input_value() == "A again."
        assert page.locator(".cl-copy").count() == 0  # no conflict: different fields
    # Peer review on the same page, each tab its own field.
    a.locator("[data-cl-peer]").get_by_role("textbox", name="Memo by").fill("Bo")
    b.locator("[data-cl-peer]").get_by_role("textbox", name="Overall").fill("Clear.")

    a.close()
    b.close()
    c = fresh_tab(watched, url)
    assert memo_box(c, first).input_value() == "Twenty minutes of A's writing, ¶13."
    assert memo_box(c, second).input_value() == "B's words in another part, ¶14."
    assert memo_box(c, third).input_value() == "A again."
    group = c.locator("[data-cl-memo]").get_by_role("group", name=re.compile(re.escape(rec.text)))
    assert group.get_by_role("radio", name=stance_name).is_checked()
    name = c.locator("[data-cl-memo]").get_by_role(
        "textbox", name="Your name or pseudonym (optional)"
    )
    assert name.input_value() == "Ana"
    peer = c.locator("[data-cl-peer]")
    assert peer.get_by_role("textbox", name="Memo by").input_value() == "Bo"
    assert peer.get_by_role("textbox", name="Overall").input_value() == "Clear."
    key = json.loads(c.locator("[data-cl-memo] script[data-cl-payload]").text_content())[
        "storageKey"
    ]
    assert stored(c, key)["rev"] >= 5  # every save advanced the revision
    watched.assert_clean()


def test_same_memo_field_in_two_tabs_keeps_both_and_says_so(module, serve, watched, tmp_path):
    url = f"{serve(site(tmp_path, memo_html(module)))}/index.html"
    a, b = tabs(watched, url)
    first = module.rubric.parts[0]
    a.evaluate("hold()")
    b.evaluate("hold()")
    memo_box(a, first).fill("A's version of the summary.")
    memo_box(b, first).fill("B's version of the summary.")
    a.evaluate("release()")
    b.evaluate("release()")
    settle(a, b)

    for page in (a, b):
        # The later edit (B's) is in the field; A's is kept next to it, with a way back.
        assert memo_box(page, first).input_value() == "B's version of the summary."
        copy = page.locator(f'.cl-copy[data-cl-copy="{first.id}"]')
        assert copy.count() == 1
        assert "Two tabs of this page changed \u201c" + first.title in copy.text_content()
        assert copy.locator(".cl-copy-text").text_content() == "A's version of the summary."
        # It sits right under the field's word count, not at the top of the form.
        assert (
            copy.evaluate("el => el.previousElementSibling.getAttribute('data-cl-count')")
            == first.id
        )
        assert copy.get_by_role("alert").is_visible()

    # The kept copy is accessible and fits a 390 px phone.
    a.set_viewport_size({"width": 390, "height": 844})
    a.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    found = a.evaluate(
        "() => axe.run(document, {resultTypes: ['violations']}).then(r => r.violations"
        ".filter(v => ['serious', 'critical'].includes(v.impact)).map(v => v.id))"
    )
    assert found == []
    assert a.evaluate("() => document.documentElement.scrollWidth") <= 390
    a.locator(f'.cl-copy[data-cl-copy="{first.id}"]').get_by_role(
        "button", name="Use this version"
    ).click()
    # Focus lands on the copy of what was replaced, so a screen reader says what happened.
    assert a.evaluate("() => document.activeElement.textContent").startswith(
        "Putting a kept copy back replaced"
    )
    settle(a, b)
    for page in (a, b):
        assert memo_box(page, first).input_value() == "A's version of the summary."
        texts = page.locator(".cl-copy .cl-copy-text").all_text_contents()
        assert texts == ["B's version of the summary."]  # the one it replaced, kept in turn
    b.close()
    a.close()
    c = fresh_tab(watched, url)
    assert memo_box(c, first).input_value() == "A's version of the summary."
    assert c.locator(".cl-copy .cl-copy-text").all_text_contents() == [
        "B's version of the summary."
    ]
    c.locator(".cl-copy").get_by_role("button", name="Delete this copy").click()
    assert c.locator(".cl-copy").count() == 0
    c.reload()
    assert c.locator(".cl-copy").count() == 0
    watched.assert_clean()


def test_a_tab_with_a_stale_view_of_storage_cannot_drop_another_tabs_words(
    module, serve, watched, tmp_path
):
    """The worst race: B reads storage from before A's saves (as a renderer whose copy of
    storage lags does) and writes its whole record over A's. A hears it and puts its words back."""
    url = f"{serve(site(tmp_path, memo_html(module)))}/index.html"
    a, b = tabs(watched, url)
    first, second = module.rubric.parts[:2]
    key = json.loads(a.locator("[data-cl-memo] script[data-cl-payload]").text_content())[
        "storageKey"
    ]
    memo_box(a, first).fill("Start.")
    settle(a, b)
    b.evaluate("hold()")
    # B's reads of its state return what it last saw, as if A's writes had not reached it.
    b.evaluate(
        """k => { const seen = localStorage.getItem(k); const get = Storage.prototype.getItem;
           Storage.prototype.getItem = function (name) {
             return name === k ? seen : get.call(this, name); }; }""",
        key,
    )
    memo_box(a, first).fill("Start. A's long paragraph, ¶13.")
    a.evaluate("hold()")  # so the overwrite can be seen before A answers it
    memo_box(b, second).fill("B's part.")
    assert stored(a, key)["fields"][first.id] == "Start."  # B's write dropped A's words...
    a.evaluate("release()")
    settle(a, b)
    # ...and A, on hearing it, wrote them back: storage holds both.
    fields = stored(a, key)["fields"]
    assert fields[first.id] == "Start. A's long paragraph, ¶13."
    assert fields[second.id] == "B's part."
    b.evaluate("release()")
    settle(a, b)
    assert memo_box(b, first).input_value() == "Start. A's long paragraph, ¶13."
    assert a.locator(".cl-copy").count() == 0 and b.locator(".cl-copy").count() == 0
    watched.assert_clean()


def test_two_memo_tabs_with_storage_full_lose_nothing(module, serve, watched, tmp_path):
    url = f"{serve(site(tmp_path, memo_html(module)))}/index.html"
    a, b = tabs(watched, url)
    first, second, third = module.rubric.parts[:3]
    memo_box(a, first).fill("Saved before storage filled.")
    settle(a, b)
    assert a.evaluate(FILL) > 0
    # Chromium checks a tab's writes against that tab's own copy of the origin's storage, which
    # the other tab's writes reach as events: until B has heard of A's filling, B's write looks
    # as if it fits (seen once in a loaded full run). A student's tabs have long heard it.
    settle(a, b)
    box = memo_box(b, second)
    box.fill("Typed while full.")
    # The notice is where the student is typing, and says how to keep the words.
    alert = b.locator("[data-cl-memo]").get_by_role("alert")
    assert "cannot be saved here" in alert.text_content()
    field_bottom = box.bounding_box()["y"] + box.bounding_box()["height"]
    assert 0 <= alert.bounding_box()["y"] - field_bottom < 120
    # While storage stays full, the notice follows the student to the next field used.
    memo_box(b, third).fill("B, third part.")
    assert b.locator("[data-cl-memo] [data-cl-notice]").evaluate(
        "el => el.previousElementSibling.contains(document.activeElement)"
    )
    memo_box(b, third).fill("")
    with b.expect_download() as info:
        b.get_by_role("button", name="Download my draft (JSON)").click()
    info.value.save_as(tmp_path / "draft.json")
    answers = read_submission(tmp_path / "draft.json")["answers"]
    assert answers[first.id] == "Saved before storage filled."
    assert answers[second.id] == "Typed while full."
    memo_box(a, third).fill("A, also while full.")

    # Space comes back: the next keystroke in each tab saves everything it holds, merged.
    a.evaluate(EMPTY)
    memo_box(b, second).press("End")
    memo_box(b, second).press_sequentially("!")
    memo_box(a, third).press("End")
    memo_box(a, third).press_sequentially("!")
    settle(a, b)
    assert "Saving works again" in alert.text_content()
    a.close()
    b.close()
    c = fresh_tab(watched, url)
    assert memo_box(c, first).input_value() == "Saved before storage filled."
    assert memo_box(c, second).input_value() == "Typed while full.!"
    assert memo_box(c, third).input_value() == "A, also while full.!"
    watched.assert_clean()


# --- an exercise page -----------------------------------------------------------------------


def item_group(page, item):
    # By id, not by role and name: naming every group of a long page takes seconds, and the
    # forms' roles and names are held by tests/test_browser.py.
    return page.locator(f'fieldset[data-cl-claim="{item.id}"]')


def test_two_exercise_tabs_keep_each_answer_and_flag_a_clash(module, serve, watched, tmp_path):
    url = f"{serve(site(tmp_path, exercise_html(module, EXERCISE, 'self-check')))}/index.html"
    a, b = tabs(watched, url)
    items = list(module.iter_exercise_claims(EXERCISE))
    options = module.exercise_options(EXERCISE)
    names = dict(options)
    ids = [o for o, _ in options]

    b.evaluate("hold()")  # B answers without having heard A's answers
    item_group(b, items[2]).get_by_role("radio", name=names[ids[0]], exact=True).check()
    item_group(a, items[0]).get_by_role("radio", name=names[ids[0]], exact=True).check()
    item_group(a, items[1]).get_by_role("radio", name=names[ids[1]], exact=True).check()
    # Both tabs answer item 4, differently: the later (B) stays, A's answer is kept.
    item_group(a, items[3]).get_by_role("radio", name=names[ids[0]], exact=True).check()
    item_group(b, items[3]).get_by_role("radio", name=names[ids[1]], exact=True).check()
    b.get_by_role("textbox", name=re.compile("Your name or pseudonym")).fill("Ana")
    b.evaluate("release()")
    settle(a, b)

    def radio(page, n, option):
        return item_group(page, items[n]).get_by_role("radio", name=names[option], exact=True)

    for page in (a, b):
        assert radio(page, 0, ids[0]).is_checked() and radio(page, 1, ids[1]).is_checked()
        assert radio(page, 2, ids[0]).is_checked() and radio(page, 3, ids[1]).is_checked()
        copy = item_group(page, items[3]).locator(".cl-copy")
        assert copy.locator(".cl-copy-text").text_content() == names[ids[0]]
        assert f"changed \u201c{items[3].label}\u201d" in copy.text_content()
        assert page.locator(".cl-copy").count() == 1

    item_group(a, items[3]).get_by_role("button", name="Use this version").click()
    settle(a, b)
    assert radio(b, 3, ids[0]).is_checked()
    a.get_by_role("button", name="Check answers").click()
    settle(a, b)
    a.close()
    b.close()
    c = fresh_tab(watched, url)
    for n, option in [(0, ids[0]), (1, ids[1]), (2, ids[0]), (3, ids[0])]:
        assert radio(c, n, option).is_checked()
    assert c.get_by_role("textbox", name=re.compile("Your name or pseudonym")).input_value() == (
        "Ana"
    )
    assert c.get_by_role("status").text_content().startswith("Score: ")  # feedback came too
    assert item_group(c, items[3]).locator(".cl-copy-text").text_content() == names[ids[1]]
    watched.assert_clean()


@pytest.mark.parametrize(
    "saved, why",
    [
        (json.dumps({"format": "claimlab-state", "version": 99, "fields": {}}), "newer version"),
        ("{damaged", "may be damaged"),
    ],
    ids=["newer", "damaged"],
)
def test_unreadable_exercise_state_is_set_aside_never_deleted(
    module, serve, watched, tmp_path, saved, why
):
    url = f"{serve(site(tmp_path, exercise_html(module, EXERCISE, 'self-check')))}/index.html"
    page = watched.page
    page.goto(url)
    key = page.locator("[data-cl-exercise] script[data-cl-payload]").evaluate(
        "el => JSON.parse(el.textContent).storageKey"
    )
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [key, saved])
    page.reload()
    assert why in page.get_by_role("alert").text_content()
    assert "kept in this browser" in page.get_by_role("alert").text_content()
    item = next(module.iter_exercise_claims(EXERCISE))
    name = module.exercise_options(EXERCISE)[0][1]
    item_group(page, item).get_by_role("radio", name=name, exact=True).check()
    assert page.evaluate("k => localStorage.getItem(k + ':damaged')", key) == saved
    # A second unreadable state never replaces the first one set aside.
    page.evaluate("k => localStorage.setItem(k, '{also damaged')", key)
    page.reload()
    assert page.evaluate("k => localStorage.getItem(k + ':damaged')", key) == saved
    assert page.evaluate("k => localStorage.getItem(k + ':damaged-2')", key) == "{also damaged"
    watched.assert_clean()


def test_a_fact_check_source_typed_in_two_tabs_keeps_both_as_text(module, serve, watched, tmp_path):
    url = f"{serve(site(tmp_path, exercise_html(module, 'fact-check', 'self-check')))}/index.html"
    a, b = tabs(watched, url)
    statement = module.factchecks[0]
    hostile = "<img src=x onerror=alert(1)> UN panel"

    def source(page):
        return item_group(page, statement).get_by_role("textbox", name=re.compile("Your source"))

    a.evaluate("hold()")
    b.evaluate("hold()")
    source(a).fill(hostile)
    source(b).fill("IAEA report, 2019")
    a.evaluate("release()")
    b.evaluate("release()")
    settle(a, b)
    for page in (a, b):
        assert source(page).input_value() == "IAEA report, 2019"
        copy = item_group(page, statement).locator(".cl-copy")
        assert copy.locator(".cl-copy-text").text_content() == hostile  # shown as text
        assert (
            f"changed \u201cYour source for {statement.label.lower()}\u201d"
            in copy.get_by_role("alert").text_content()
        )
        assert page.locator("img").count() == 0
    # Emptied first, the field takes the copy back and nothing is left to keep.
    source(b).fill("")
    item_group(b, statement).get_by_role("button", name="Use this version").click()
    assert item_group(b, statement).locator(".cl-copy").count() == 0
    settle(a, b)
    assert source(a).input_value() == hostile
    assert item_group(a, statement).locator(".cl-copy").count() == 0
    source(b).fill("IAEA report, 2019")
    settle(a, b)
    assert source(a).input_value() == "IAEA report, 2019"
    # Reset in one tab clears the other too, instead of that tab writing the answers back.
    a.get_by_role("button", name="Reset").click()
    a.get_by_role("button", name="Yes, clear my answers").click()
    settle(a, b)
    assert source(b).input_value() == ""
    source(b).press_sequentially("x")
    settle(a, b)
    assert source(a).input_value() == "x"
    watched.assert_clean()


def test_peer_review_rated_in_two_tabs_keeps_both_ratings(module, serve, watched, tmp_path):
    url = f"{serve(site(tmp_path, peer_review_html(module)))}/index.html"
    a, b = tabs(watched, url)
    criterion = module.rubric.peer_criteria[0]

    def level(page, n):
        return page.locator(f'[data-cl-criterion="{criterion.id}"]').get_by_role(
            "radio", name=criterion.levels[n]
        )

    a.evaluate("hold()")
    b.evaluate("hold()")
    level(a, 1).check()
    level(b, 2).check()
    a.evaluate("release()")
    b.evaluate("release()")
    settle(a, b)
    for page in (a, b):
        assert level(page, 2).is_checked()
        copy = page.locator(f'[data-cl-criterion="{criterion.id}"] .cl-copy')
        assert copy.locator(".cl-copy-text").text_content() == criterion.levels[1]
        assert f"Level for {criterion.name.lower()}" in copy.text_content()
    a.locator(".cl-copy").get_by_role("button", name="Use this version").click()
    settle(a, b)
    assert level(b, 1).is_checked()
    watched.assert_clean()

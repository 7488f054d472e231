"""The tab-merging engine (static/common.js, Shared) against random schedules, in Chromium.

Tabs are modelled as a real browser keeps them: each tab reads its own view of storage, which
another tab's writes reach only when their `storage` events are delivered, late and in order; a
tab's own writes reach storage at once. Hundreds of seeded random schedules of edits, deliveries
and saves must end with every tab and storage agreeing, and with every edit that no later edit
was built on (a tab's last word on a field) either in the field or kept as a copy.
"""

from __future__ import annotations

import pytest

from conftest import ROOT

COMMON = (ROOT / "src" / "claimlab" / "pages" / "static" / "common.js").read_text(encoding="utf-8")

SIMULATE = """
([runs, seed0, steps]) => {
  const C = window.ClaimlabCommon;
  const FIELDS = ['a', 'b', 'c'];
  const KEY = 'sim';
  const failures = [];
  let copiesMade = 0, conflictsSeen = 0;
  for (let run = 0; run < runs; run += 1) {
    let seed = seed0 + run;
    const rand = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
    const store = {};                                  // what storage holds
    const tabs = [];
    const edits = {};                                  // value -> edit it came from
    const parents = new Set();
    let counter = 0;
    for (let t = 0; t < 3; t += 1) {
      const tab = { view: {}, queue: [], form: {} };
      FIELDS.forEach((f) => { tab.form[f] = ''; });
      tab.store = {
        backend: null,
        get: (k) => (k in tab.view ? tab.view[k] : null),
        set: (k, v) => {
          store[k] = v; tab.view[k] = v;
          tabs.forEach((o) => { if (o !== tab) o.queue.push({ key: k, newValue: v }); });
          return true;
        },
        remove: (k) => {
          delete store[k]; delete tab.view[k];
          tabs.forEach((o) => { if (o !== tab) o.queue.push({ key: k, newValue: null }); });
          return true;
        },
        keys: (p) => Object.keys(tab.view).filter((k) => k.indexOf(p) === 0).sort(),
      };
      tab.shared = new C.Shared({
        store: tab.store, key: KEY, format: 'sim', version: 1, root: {},
        fields: () => Object.assign({}, tab.form),
        put: (f, v) => { if (FIELDS.includes(f)) tab.form[f] = typeof v === 'string' ? v : ''; },
        label: (f) => f, show: (f, v) => String(v), anchor: () => null,
      });
      tabs.push(tab);
    }
    const deliver = (tab) => {
      const e = tab.queue.shift();
      if (!e) return;
      if (e.newValue === null) delete tab.view[e.key]; else tab.view[e.key] = e.newValue;
      tab.shared.heard(e);
    };
    for (let step = 0; step < steps; step += 1) {
      const tab = tabs[rand(3)];
      const what = rand(10);
      if (what < 5) {
        const f = FIELDS[rand(3)];
        const value = 'v' + (counter += 1);
        if (tab.form[f]) parents.add(tab.form[f]);    // typed on top of what the tab shows
        edits[value] = f;
        tab.form[f] = value;
        tab.shared.save();
      } else if (what < 9) {
        deliver(tab);
      } else {
        while (tab.queue.length) deliver(tab);
      }
    }
    for (let round = 0; round < 3; round += 1) {
      tabs.forEach((tab) => { while (tab.queue.length) deliver(tab); });
      tabs.forEach((tab) => tab.shared.save());
    }
    tabs.forEach((tab) => { while (tab.queue.length) deliver(tab); });
    const record = JSON.parse(store[KEY]);
    const kept = new Set();
    Object.keys(store).filter((k) => k.startsWith(KEY + ':copy:')).forEach((k) => {
      kept.add(JSON.parse(store[k]).value); copiesMade += 1;
    });
    const problems = [];
    tabs.forEach((tab, t) => FIELDS.forEach((f) => {
      if ((record.fields[f] || '') !== tab.form[f]) {
        problems.push(`tab ${t} shows ${f}=${tab.form[f]}, storage ${record.fields[f]}`);
      }
    }));
    Object.keys(edits).forEach((value) => {
      const f = edits[value];
      if (parents.has(value)) return;                  // a later edit was built on it
      if (record.fields[f] !== value && !kept.has(value)) problems.push(`lost ${f}=${value}`);
      if (record.fields[f] !== value) conflictsSeen += 1;
    });
    if (problems.length) failures.push({ run: run, problems: problems });
  }
  return { failures: failures.slice(0, 5), failed: failures.length, copiesMade, conflictsSeen };
}
"""


@pytest.mark.parametrize(
    "runs, steps",
    [(200, 40), (8, 300)],
    ids=["short", "long-enough-to-outgrow-a-fields-history"],
)
def test_random_schedules_of_three_tabs_converge_and_lose_no_edit(watched, runs, steps):
    page = watched.page
    page.set_content("<!doctype html><title>model</title>")
    page.add_script_tag(content=COMMON)
    result = page.evaluate(SIMULATE, [runs, 1, steps])
    assert result["failed"] == 0, result["failures"]
    # The schedules did make tabs clash, so the copies were exercised, not only fast-forwards.
    assert result["conflictsSeen"] > 50 and result["copiesMade"] > 50
    watched.assert_clean()

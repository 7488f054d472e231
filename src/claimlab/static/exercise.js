/* claimlab kernel-free exercise. In the self-check edition every message comes precomputed from
   the Python core (claimlab.check) in the page's JSON payload: for each choice, the first-check
   message (right or not, with a hint) and the full one (with the key's explanation). This script
   only picks between them, remembers answers and feedback in browser storage, and writes text with
   textContent (never innerHTML), so nothing a student types can run. In the graded edition the
   payload holds no key at all: the form collects answers and downloads them. */
(function () {
  "use strict";
  var common = window.ClaimlabCommon;
  var STATE_FORMAT = "claimlab-state";
  var STATE_VERSION = 2;  /* version 1 (answers and name only) is still read */

  function summaryText(right, accepted, wrong, unanswered) {
    /* Mirrors claimlab.check.summary_text; the browser tests hold the two to the same words. */
    var parts = [right + " of " + (right + wrong + unanswered) + " right"];
    if (accepted) parts.push(accepted + " of them accepted alternatives");
    if (wrong) parts.push(wrong + " to revisit");
    if (unanswered) parts.push(unanswered + " not answered");
    return "Score: " + parts.join("; ") + ".";
  }

  function isAnswers(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  function init(root) {
    if (root.getAttribute("data-cl-ready")) return;
    root.setAttribute("data-cl-ready", "1");
    var payload = JSON.parse(root.querySelector("script[data-cl-payload]").textContent);
    var graded = payload.edition === "graded";
    var key = payload.storageKey;
    var notice = root.querySelector("[data-cl-notice]");
    var summary = root.querySelector("[data-cl-summary]");
    var student = root.querySelector("[data-cl-student]");
    var confirmBox = root.querySelector("[data-cl-confirm]");
    var resetButton = root.querySelector('[data-cl-action="reset"]');
    var store = new common.Store(function (kind) {
      showNotice(common.storageProblem(kind, "your answers",
        "use Download my answers to keep them."));
    });
    var items = payload.items.map(function (item) {
      var fieldset = root.querySelector('fieldset[data-cl-claim="' + item.id + '"]');
      return {
        data: item,
        radios: Array.prototype.slice.call(fieldset.querySelectorAll("input[type=radio]")),
        feedback: fieldset.querySelector("[data-cl-feedback]"),
        explain: fieldset.querySelector("[data-cl-explain]")
      };
    });
    /* Feedback state: how many checks, the answers at the first one, the score of the last one,
       and per item whether its feedback is showing and whether its explanation was asked for. */
    var state = { checks: 0, first: null, score: null, shown: {}, revealed: {}, scored: false };

    function answers() {
      var out = {};
      items.forEach(function (item) {
        var chosen = item.radios.filter(function (r) { return r.checked; })[0];
        out[item.data.id] = chosen ? chosen.value : null;
      });
      return out;
    }

    function showNotice(text) {
      notice.textContent = text;
      notice.hidden = false;
    }

    function save() {
      store.set(key, JSON.stringify({
        format: STATE_FORMAT, version: STATE_VERSION, answers: answers(), student: student.value,
        checks: state.checks, first: state.first, score: state.score, shown: state.shown,
        revealed: state.revealed, scored: state.scored
      }));
    }

    function entryFor(item, given) {
      return given === null ? item.data.unanswered : item.data.feedback[given];
    }

    function renderItem(item, given) {
      var id = item.data.id;
      if (!item.feedback) return null;  /* the graded form has no feedback */
      if (!state.shown[id]) {
        item.feedback.textContent = "";
        item.feedback.removeAttribute("data-status");
        if (item.explain) item.explain.hidden = true;
        return null;
      }
      var entry = entryFor(item, given);
      var full = state.revealed[id] || state.checks >= payload.explainAtCheck;
      item.feedback.setAttribute("data-status", entry.status);
      item.feedback.textContent = full ? entry.full : entry.first;
      /* Offered only where there is something more to read and the key stays hidden for an
         item the student has not answered. */
      item.explain.hidden = full || entry.status === "unanswered" || entry.full === entry.first;
      return entry;
    }

    function renderSummary(given) {
      if (graded || !state.scored) { summary.textContent = ""; return; }
      var counts = { correct: 0, accepted: 0, wrong: 0, unanswered: 0 };
      items.forEach(function (item) { counts[entryFor(item, given[item.data.id]).status] += 1; });
      var next = state.checks >= payload.explainAtCheck
        ? " Feedback is shown under each claim."
        : " Feedback is shown under each claim; ask for an explanation there, or check again " +
          "to see them all.";
      summary.textContent = summaryText(counts.correct + counts.accepted, counts.accepted,
        counts.wrong, counts.unanswered) + next;
    }

    function renderAll() {
      var given = answers();
      items.forEach(function (item) { renderItem(item, given[item.data.id]); });
      renderSummary(given);
    }

    function restore() {
      var raw = store.get(key);
      if (!raw) return;
      var saved = common.parseJson(raw);
      var valid = saved && typeof saved === "object" && saved.format === STATE_FORMAT &&
        (saved.version === 1 || saved.version === STATE_VERSION) && isAnswers(saved.answers);
      if (!valid) {
        store.remove(key);
        showNotice("Your saved answers for this exercise could not be read (they may come from " +
          "an older version of the page), so the exercise starts fresh.");
        return;
      }
      items.forEach(function (item) {
        var value = saved.answers[item.data.id];
        item.radios.forEach(function (r) { r.checked = r.value === value; });
      });
      if (typeof saved.student === "string") student.value = saved.student.slice(0, 200);
      if (saved.version === STATE_VERSION && !graded) {
        state.checks = typeof saved.checks === "number" && saved.checks >= 0
          ? Math.floor(saved.checks) : 0;
        state.first = isAnswers(saved.first) ? saved.first : null;
        state.score = isAnswers(saved.score) && typeof saved.score.right === "number"
          ? { right: saved.score.right, out_of: saved.score.out_of } : null;
        state.shown = isAnswers(saved.shown) ? saved.shown : {};
        state.revealed = isAnswers(saved.revealed) ? saved.revealed : {};
        state.scored = saved.scored === true;
      }
      renderAll();
    }

    function check() {
      var given = answers();
      state.checks += 1;
      if (state.first === null) state.first = given;
      var right = 0;
      items.forEach(function (item) {
        state.shown[item.data.id] = true;
        var status = entryFor(item, given[item.data.id]).status;
        if (status === "correct" || status === "accepted") right += 1;
      });
      state.score = { right: right, out_of: items.length };
      state.scored = true;
      renderAll();
      save();
    }

    function changed(event) {
      var target = event.target;
      if (target === student) return;
      items.forEach(function (item) {
        if (item.radios.indexOf(target) < 0) return;
        /* A new answer makes the old feedback and the score wrong: clear both. */
        delete state.shown[item.data.id];
        delete state.revealed[item.data.id];
        state.scored = false;
        renderItem(item, null);
        renderSummary(answers());
      });
      save();
    }

    function explain(item) {
      state.revealed[item.data.id] = true;
      renderItem(item, answers()[item.data.id]);
      item.feedback.focus();
      save();
    }

    function askReset() {
      confirmBox.hidden = false;
      resetButton.setAttribute("aria-expanded", "true");
      confirmBox.querySelector('[data-cl-action="cancel-reset"]').focus();
    }

    function closeReset() {
      confirmBox.hidden = true;
      resetButton.setAttribute("aria-expanded", "false");
      resetButton.focus();
    }

    function reset() {
      items.forEach(function (item) {
        item.radios.forEach(function (r) { r.checked = false; });
      });
      state = { checks: 0, first: null, score: null, shown: {}, revealed: {}, scored: false };
      renderAll();
      notice.hidden = true;
      store.remove(key);
      confirmBox.hidden = true;
      resetButton.setAttribute("aria-expanded", "false");
      resetButton.focus();
      summary.textContent = "Answers and feedback cleared.";
    }

    function download() {
      var name = student.value.trim() || null;
      var submission = {
        format: "claimlab-submission", version: 2, module: payload.module,
        exercise: payload.exercise, kind: payload.kind, submitted_at: common.nowIso(),
        student: name, answers: answers(), edition: graded ? "graded" : "self-check",
        attempts: graded ? { checks: 0, first: null, score: null }
          : { checks: state.checks, first: state.first, score: state.score }
      };
      var filename = payload.module + "--" + payload.exercise + "--" + common.slug(name) + ".json";
      common.download(filename, JSON.stringify(submission, null, 2) + "\n", "application/json");
      summary.textContent = "Your answers were downloaded as " + filename + ".";
    }

    restore();
    root.addEventListener("change", changed);
    student.addEventListener("input", save);
    var checkButton = root.querySelector('[data-cl-action="check"]');
    if (checkButton) checkButton.addEventListener("click", check);
    items.forEach(function (item) {
      if (item.explain) item.explain.addEventListener("click", function () { explain(item); });
    });
    resetButton.addEventListener("click", askReset);
    root.querySelector('[data-cl-action="confirm-reset"]').addEventListener("click", reset);
    root.querySelector('[data-cl-action="cancel-reset"]').addEventListener("click", closeReset);
    root.querySelector('[data-cl-action="download"]').addEventListener("click", download);
  }

  function initAll() {
    Array.prototype.forEach.call(document.querySelectorAll(".cl-exercise[data-cl-exercise]"), init);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", initAll);
  } else {
    initAll();
  }
})();

/* claimlab kernel-free exercise. The grading verdicts come precomputed from the Python core in the
   page's JSON payload; this script only looks them up, remembers answers in localStorage and
   writes text with textContent (never innerHTML), so nothing a student types can run. */
(function () {
  "use strict";
  var STATE_FORMAT = "claimlab-state";
  var STATE_VERSION = 1;

  function summaryText(right, accepted, wrong, unanswered) {
    /* Mirrors claimlab.check.summary_text; the browser tests hold the two to the same words. */
    var parts = [right + " of " + (right + wrong + unanswered) + " right"];
    if (accepted) parts.push(accepted + " of them accepted alternatives");
    if (wrong) parts.push(wrong + " to revisit");
    if (unanswered) parts.push(unanswered + " not answered");
    return "Score: " + parts.join("; ") + ".";
  }

  function storage() {
    try { return window.localStorage; } catch (e) { return null; }
  }

  function slug(text) {
    var s = (text || "").trim().toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "-")
      .replace(/^-+|-+$/g, "");
    return s.slice(0, 40) || "anonymous";
  }

  function init(root) {
    if (root.getAttribute("data-cl-ready")) return;
    root.setAttribute("data-cl-ready", "1");
    var payload = JSON.parse(root.querySelector("script[data-cl-payload]").textContent);
    var key = payload.storageKey;
    var notice = root.querySelector("[data-cl-notice]");
    var summary = root.querySelector("[data-cl-summary]");
    var student = root.querySelector("[data-cl-student]");
    var items = payload.items.map(function (item) {
      var fieldset = root.querySelector('fieldset[data-cl-claim="' + item.id + '"]');
      return {
        data: item,
        radios: Array.prototype.slice.call(fieldset.querySelectorAll("input[type=radio]")),
        feedback: fieldset.querySelector("[data-cl-feedback]")
      };
    });

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
      var store = storage();
      if (!store) return;
      try {
        store.setItem(key, JSON.stringify({
          format: STATE_FORMAT, version: STATE_VERSION, answers: answers(), student: student.value
        }));
      } catch (e) {
        showNotice("Your browser would not store your answers, so they will be lost on reload. " +
          "Use Download my answers to keep them.");
      }
    }

    function restore() {
      var store = storage();
      var raw = store && store.getItem(key);
      if (!raw) return;
      var state = null;
      try { state = JSON.parse(raw); } catch (e) { state = null; }
      var valid = state && state.format === STATE_FORMAT && state.version === STATE_VERSION &&
        state.answers && typeof state.answers === "object";
      if (!valid) {
        store.removeItem(key);
        showNotice("Your saved answers for this exercise could not be read (they may come from " +
          "an older version of the page), so the exercise starts fresh.");
        return;
      }
      items.forEach(function (item) {
        var value = state.answers[item.data.id];
        item.radios.forEach(function (r) { r.checked = r.value === value; });
      });
      if (typeof state.student === "string") student.value = state.student.slice(0, 200);
    }

    function check() {
      var given = answers();
      var counts = { correct: 0, accepted: 0, wrong: 0, unanswered: 0 };
      items.forEach(function (item) {
        var answer = given[item.data.id];
        var verdict = answer === null ? item.data.unanswered : item.data.feedback[answer];
        counts[verdict.status] += 1;
        item.feedback.setAttribute("data-status", verdict.status);
        /* As ClaimFeedback.message: the explanation only once the student has answered. */
        var message = verdict.status === "unanswered" ? verdict.verdict
          : verdict.verdict + " " + item.data.explanation;
        item.feedback.textContent = message;
      });
      summary.textContent = summaryText(counts.correct + counts.accepted, counts.accepted,
        counts.wrong, counts.unanswered) + " Feedback is shown under each claim.";
    }

    function reset() {
      items.forEach(function (item) {
        item.radios.forEach(function (r) { r.checked = false; });
        item.feedback.textContent = "";
        item.feedback.removeAttribute("data-status");
      });
      notice.hidden = true;
      var store = storage();
      if (store) store.removeItem(key);
      summary.textContent = "Answers cleared.";
    }

    function download() {
      var name = student.value.trim() || null;
      var submission = {
        format: "claimlab-submission", version: 1, module: payload.module,
        exercise: payload.exercise, kind: payload.kind,
        submitted_at: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
        student: name, answers: answers()
      };
      var blob = new Blob([JSON.stringify(submission, null, 2) + "\n"],
        { type: "application/json" });
      var link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = payload.module + "--" + payload.exercise + "--" + slug(name) + ".json";
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
      summary.textContent = "Your answers were downloaded as " + link.download + ".";
    }

    restore();
    root.addEventListener("change", save);
    student.addEventListener("input", save);
    root.querySelector('[data-cl-action="check"]').addEventListener("click", check);
    root.querySelector('[data-cl-action="reset"]').addEventListener("click", reset);
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

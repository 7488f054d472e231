/* claimlab memo builder and peer-review form, kernel-free. The rules come from the page's JSON
   payload (the module's rubric); assess(), memoMarkdown() and peerMarkdown() mirror
   claimlab.drafting word for word, and the browser tests compare their output with Python's.
   Everything a student types is written with textContent or escaped, never run as HTML. */
(function () {
  "use strict";
  var STATE_FORMAT = "claimlab-draft-state";
  var STATE_VERSION = 1;
  var WORD = /[\p{L}\p{N}]+(?:['\u2019\-][\p{L}\p{N}]+)*/gu;
  var CITATION = /\u00b6\s*(\d+)|\bpara(?:graph)?s?\.?\s*(\d+)/gi;

  function countWords(text) { return (text.match(WORD) || []).length; }
  function cited(text) {
    var out = [], m;
    CITATION.lastIndex = 0;
    while ((m = CITATION.exec(text)) !== null) out.push(parseInt(m[1] || m[2], 10));
    return out;
  }
  // Safe Markdown for a student's words: claimlab/mdsafe.py, rule for rule.
  var INLINE = /(!?)\[([^\[\]\n]{0,500})\]\(([^()\s]{1,2000})\)|(?<![0-9A-Za-z_])((?:https?:\/\/|mailto:)[^\s<>()\[\]"'`]+)/giu;
  var SAFE_URL = /^(?:https?:\/\/|mailto:)[^\s<>\\]+$/iu;
  var SPECIAL = /([\\`*_\[\]<>&|~])/gu;
  var TRAILING = /[.,;:!?]+$/u;
  var HEADING_START = /^( {0,3})#/u;
  var RULE_LINE = /^( {0,3})([-=])(?=[-=\s]*$)/u;
  var CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff]/gu;
  function mdEscape(text) { return text.replace(SPECIAL, "\\$1"); }
  function mdLink(m) {
    if (m[4] !== undefined) {
      var address = m[4], trailing = TRAILING.exec(address), tail = trailing ? trailing[0] : "";
      address = address.slice(0, address.length - tail.length);
      return address ? "<" + address + ">" + mdEscape(tail) : mdEscape(m[0]);
    }
    if (!SAFE_URL.test(m[3])) return mdEscape(m[0]);
    return "[" + mdEscape(m[2] || m[3]) + "](" + m[3] + ")";
  }
  function mdLine(line) {
    var out = "", last = 0, m;
    INLINE.lastIndex = 0;
    while ((m = INLINE.exec(line)) !== null) {
      out += mdEscape(line.slice(last, m.index)) + mdLink(m);
      last = m.index + m[0].length;
    }
    out += mdEscape(line.slice(last));
    return out.replace(HEADING_START, "$1\\#").replace(RULE_LINE, "$1\\$2");
  }
  function cleanText(text) {
    return text.replace(/\r\n/g, "\n").replace(/[\r\u2028\u2029]/g, "\n").replace(CONTROL, "");
  }
  function block(text, indent) {
    var t = cleanText(text || "").trim();
    if (!t) return "*(not written yet)*";
    var lines = t.split("\n").map(function (l) { return mdLine(l.replace(/\s+$/u, "")); });
    return [lines[0]].concat(lines.slice(1).map(function (l) {
      return l ? (indent || "") + l : "";
    })).join("\n");
  }
  function name(text, missing) {
    var flat = cleanText(text || "").split(/\s+/u).filter(Boolean).join(" ");
    return flat ? mdLine(flat) : missing;
  }
  function str(answers, key) {
    var v = answers[key];
    return typeof v === "string" ? v : "";
  }
  function uniqueSorted(list) {
    return list.filter(function (v, i) { return list.indexOf(v) === i; })
      .sort(function (a, b) { return a - b; });
  }
  function pilcrows(list) { return list.map(function (n) { return "\u00b6" + n; }).join(", "); }

  function assess(p, answers) {
    var checks = [], words = {}, total = 0;
    p.parts.forEach(function (part) {
      var text = str(answers, part.id), n = countWords(text);
      words[part.id] = n; total += n;
      var aim = "aim for " + part.min + "\u2013" + part.max + " words";
      var id = "part-" + part.id;
      if (!text.trim()) checks.push([id, false, part.title + ": not written yet (" + aim + ")."]);
      else if (n < part.min) checks.push([id, false, part.title + ": " + n + " words; " + aim + "."]);
      else if (n > part.max) checks.push([id, false, part.title + ": " + n + " words, over the " +
        part.max + "-word limit. Nothing was cut; shorten it yourself."]);
      else checks.push([id, true, part.title + ": " + n + " words."]);
    });
    checks.push(["total", p.total[0] <= total && total <= p.total[1], "In all: " + total +
      " words (the memo should have " + p.total[0] + "\u2013" + p.total[1] + ")."]);
    var keys = p.parts.map(function (x) { return x.id; })
      .concat(p.recommendations.map(function (r) { return "reason-" + r.id; }));
    var all = [];
    keys.forEach(function (k) { all = all.concat(cited(str(answers, k))); });
    var valid = uniqueSorted(all.filter(function (n) { return n >= p.paragraphs[0] && n <= p.paragraphs[1]; }));
    var unknown = uniqueSorted(all.filter(function (n) { return n < p.paragraphs[0] || n > p.paragraphs[1]; }));
    var message = "Citations of the article: " + (pilcrows(valid) || "none yet") + " (at least " +
      p.minCitations + " needed, as \u00b6N).";
    if (unknown.length) message += " The article has no " + pilcrows(unknown) + "; it runs from \u00b6" +
      p.paragraphs[0] + " to \u00b6" + p.paragraphs[1] + ".";
    checks.push(["citations", valid.length >= p.minCitations && !unknown.length, message]);
    var names = {}, ids = [];
    p.stances.forEach(function (s) { names[s[0]] = s[1]; ids.push(s[0]); });
    p.recommendations.forEach(function (rec) {
      var stance = str(answers, "stance-" + rec.id).trim();
      var reason = str(answers, "reason-" + rec.id).trim();
      var label = "Stance on \u201c" + rec.text + "\u201d (" + rec.where + ")";
      var id = "stance-" + rec.id;
      if (!stance) checks.push([id, false, label + ": choose " +
        p.stances.map(function (s) { return s[1]; }).join(", ").toLowerCase() + "."]);
      else if (!(stance in names)) checks.push([id, false, label + ": '" + stance +
        "' is not one of " + ids.join(", ") + "."]);
      else if (!reason) checks.push([id, false, label + ": " + names[stance] + ", but give a reason."]);
      else checks.push([id, true, label + ": " + names[stance] + ", with a reason."]);
    });
    p.parts.forEach(function (part) {
      if (part.counterargument) {
        var ok = part.min <= words[part.id];
        checks.push(["counterargument", ok, "Counterargument addressed in \u201c" + part.title +
          "\u201d: " + (ok ? "yes" : "not yet") + "."]);
      }
    });
    var done = checks.filter(function (c) { return c[1]; }).length;
    return { checks: checks, words: words,
      summary: "Completeness: " + done + " of " + checks.length + " checks met." };
  }

  function memoMarkdown(p, answers, student) {
    var lines = ["# Recommendation memo", "", "**Author:** " + name(student, "(no name given)"), "",
      "**Responding to:** " + p.reference, ""];
    p.parts.forEach(function (part) {
      lines.push("## " + part.title, "", block(str(answers, part.id)), "");
    });
    lines.push("## Stance on the author's recommendations", "");
    var names = {};
    p.stances.forEach(function (s) { names[s[0]] = s[1]; });
    p.recommendations.forEach(function (rec) {
      var stance = str(answers, "stance-" + rec.id).trim();
      lines.push("- **" + rec.text + "** (" + rec.where + "). " + (names[stance] || "no stance yet") +
        ": " + block(str(answers, "reason-" + rec.id), "  "));
    });
    lines.push("", "## Reference", "", p.reference, "");
    return lines.join("\n");
  }

  function peerMarkdown(p, review) {
    var lines = ["# Peer review of a recommendation memo", "", "**Memo by:** " + name(review.author, "(not given)"),
      "", "**Reviewed by:** " + name(review.reviewer, "(not given)"), "",
      "Levels follow the course rubric; comments are the reviewer's own words.", ""];
    p.criteria.forEach(function (c) {
      var level = review.levels[c.id];
      lines.push(level ? "## " + c.name + ": level " + level + " of " + c.levels.length
        : "## " + c.name + ": not rated", "");
      if (level) lines.push("> " + c.levels[level - 1], "");
      lines.push("Comment: " + block(review.comments[c.id] || ""), "");
    });
    lines.push("## Overall", "", block(review.overall), "");
    return lines.join("\n");
  }

  var common = window.ClaimlabCommon;

  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  /* Why a downloaded memo file cannot be loaded, or null if it can. Only what the form can hold
     is accepted, and everything is used as text (input values), never as markup. */
  function importProblem(p, data) {
    if (!isObject(data) || data.format !== "claimlab-submission") {
      return "it is not a claimlab draft (a file from Download my draft (JSON)).";
    }
    if (data.version !== 1 && data.version !== 2) {
      return "it is a version " + String(data.version).slice(0, 20) + " file, and this page " +
        "reads versions 1 and 2.";
    }
    if (data.kind !== "memo") {
      return "it holds answers to an exercise (" + String(data.exercise).slice(0, 80) +
        "), not a memo draft.";
    }
    if (data.module !== p.module) {
      return "it is a memo for another module (" + String(data.module).slice(0, 80) +
        "), not for this one (" + p.module + ").";
    }
    if (!isObject(data.answers)) return "it has no answers in it.";
    for (var k in data.answers) {
      var v = data.answers[k];
      if (v !== null && typeof v !== "string") {
        return "the answer for " + String(k).slice(0, 80) + " is not text.";
      }
    }
    return null;
  }

  function initMemo(root) {
    if (root.getAttribute("data-cl-ready")) return;
    root.setAttribute("data-cl-ready", "1");
    var p = JSON.parse(root.querySelector("script[data-cl-payload]").textContent);
    var key = p.storageKey;
    var notice = root.querySelector("[data-cl-notice]");
    var student = root.querySelector("[data-cl-student]");
    var summary = root.querySelector("[data-cl-summary]");
    var list = root.querySelector("[data-cl-checks]");
    var importer = root.querySelector("[data-cl-import]");
    var fields = Array.prototype.slice.call(root.querySelectorAll("[data-cl-field]"));
    var store = new common.Store(function (kind) {
      show(common.storageProblem(kind, "your draft",
        "keep writing, and use Download my draft (JSON) to keep your words; Load a downloaded " +
        "draft brings them back in any browser."));
    });

    function answers() {
      var out = {};
      fields.forEach(function (f) {
        var k = f.getAttribute("data-cl-field");
        if (f.type === "radio") { if (!(k in out)) out[k] = ""; if (f.checked) out[k] = f.value; }
        else out[k] = f.value;
      });
      return out;
    }
    function fill(values) {
      fields.forEach(function (f) {
        var v = values[f.getAttribute("data-cl-field")];
        if (f.type === "radio") f.checked = v === f.value;
        else f.value = typeof v === "string" ? v : "";
      });
    }
    function show(text) { notice.textContent = text; notice.hidden = false; }
    function refresh() {
      var result = assess(p, answers());
      p.parts.forEach(function (part) {
        var n = result.words[part.id];
        root.querySelector('[data-cl-count="' + part.id + '"]').textContent =
          n + (n === 1 ? " word" : " words") + " (aim for " + part.min + "\u2013" + part.max + ")";
      });
      list.textContent = "";
      result.checks.forEach(function (c) {
        var li = document.createElement("li");
        li.setAttribute("data-ok", c[1] ? "true" : "false");
        li.textContent = c[2];
        list.appendChild(li);
      });
      return result;
    }
    function valid(state) {
      return isObject(state) && state.format === STATE_FORMAT && state.version === STATE_VERSION &&
        isObject(state.answers);
    }
    function save() {
      store.set(key, JSON.stringify({ format: STATE_FORMAT, version: STATE_VERSION,
        answers: answers(), student: student.value }));
    }
    function restore() {
      var raw = store.get(key);
      if (!raw) return;
      var state = common.parseJson(raw);
      if (valid(state)) {
        store.set(key + ":backup", raw);  // the draft as it stood when this visit began
      } else {
        store.set(key + ":damaged", raw);  // kept, never deleted
        var backup = common.parseJson(store.get(key + ":backup"));
        if (valid(backup)) {
          state = backup;
          show("Your saved draft could not be read, so the backup from your previous visit " +
            "was restored. The damaged copy is kept in this browser.");
        } else {
          show("Your saved draft could not be read and there is no backup, so the form starts " +
            "empty. The damaged copy is kept in this browser.");
          return;
        }
      }
      fill(state.answers);
      if (typeof state.student === "string") student.value = state.student.slice(0, 200);
    }
    function load(file) {
      if (!file) return;
      var reader = new FileReader();
      reader.onerror = function () {
        summary.textContent = "Could not read " + file.name + ". The form was not changed.";
      };
      reader.onload = function () {
        var data = common.parseJson(String(reader.result));
        var problem = data === undefined
          ? "it is damaged: it is not valid JSON."
          : importProblem(p, data);
        if (problem) {
          summary.textContent = "Did not load " + file.name + ": " + problem +
            " The form was not changed.";
        } else {
          fill(data.answers);
          if (typeof data.student === "string") student.value = data.student.slice(0, 200);
          var written = p.parts.filter(function (part) {
            return typeof data.answers[part.id] === "string" && data.answers[part.id].trim();
          }).length;
          summary.textContent = "Loaded " + file.name + ": the draft by " +
            ((typeof data.student === "string" && data.student.trim()) || "(no name given)") +
            (typeof data.submitted_at === "string" ? ", saved " + data.submitted_at.slice(0, 40)
              : "") + ", with " + written + " of " + p.parts.length + " parts written.";
          save();
          refresh();
        }
        importer.value = "";
      };
      reader.readAsText(file);
    }

    restore();
    refresh();
    function edited(event) {
      if (event.target === importer) return;
      save();
      refresh();
    }
    root.addEventListener("input", edited);
    root.addEventListener("change", edited);
    importer.addEventListener("change", function () { load(importer.files[0]); });
    root.querySelector('[data-cl-action="check"]').addEventListener("click", function () {
      summary.textContent = refresh().summary + " The list below says what is left to do.";
    });
    /* The graded edition needs a name to grade by (as exercise.js; claimlab.identity). */
    var nameNeeded = root.querySelector("[data-cl-name-needed]");
    function named() {
      var visible = student.value.replace(/[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g, " ").trim();
      if (!nameNeeded) return true;
      nameNeeded.hidden = !!visible;
      if (visible) {
        student.removeAttribute("aria-invalid");
        student.removeAttribute("aria-describedby");
        return true;
      }
      student.setAttribute("aria-invalid", "true");
      student.setAttribute("aria-describedby", nameNeeded.id);
      student.focus();
      return false;
    }
    root.querySelector('[data-cl-action="markdown"]').addEventListener("click", function () {
      if (!named()) return;
      var name = "memo--" + common.slug(student.value) + ".md";
      common.download(name, memoMarkdown(p, answers(), student.value), "text/markdown");
      summary.textContent = "Your memo was downloaded as " + name + ".";
    });
    root.querySelector('[data-cl-action="json"]').addEventListener("click", function () {
      if (!named()) return;
      var submission = { format: "claimlab-submission", version: 2, module: p.module,
        exercise: "memo", kind: "memo", submitted_at: common.nowIso(),
        student: student.value.trim() || null, answers: answers(), edition: p.edition,
        attempts: { checks: 0, first: null, score: null } };
      var name = p.module + "--memo--" + common.slug(student.value) + ".json";
      common.download(name, JSON.stringify(submission, null, 2) + "\n", "application/json");
      summary.textContent = "Your draft was downloaded as " + name + ".";
    });
  }

  function initPeer(root) {
    if (root.getAttribute("data-cl-ready")) return;
    root.setAttribute("data-cl-ready", "1");
    var p = JSON.parse(root.querySelector("script[data-cl-payload]").textContent);
    var key = p.peerStorageKey;
    var summary = root.querySelector("[data-cl-summary]");
    var notice = root.querySelector("[data-cl-notice]");
    var store = new common.Store(function (kind) {
      notice.textContent = common.storageProblem(kind, "your review",
        "download the feedback sheet to keep it.");
      notice.hidden = false;
    });
    function input(n) { return root.querySelector('[data-cl-peer-field="' + n + '"]'); }
    function set(c) { return root.querySelector('[data-cl-criterion="' + c.id + '"]'); }
    function review() {
      var out = { author: input("author").value, reviewer: input("reviewer").value,
        overall: input("overall").value, levels: {}, comments: {} };
      p.criteria.forEach(function (c) {
        var chosen = set(c).querySelector("input[type=radio]:checked");
        if (chosen) out.levels[c.id] = parseInt(chosen.value, 10);
        out.comments[c.id] = set(c).querySelector("[data-cl-comment]").value;
      });
      return out;
    }
    function save() {
      store.set(key, JSON.stringify({ format: "claimlab-peer-state", version: 1,
        review: review() }));
    }
    function restore() {
      var raw = store.get(key);
      if (!raw) return;
      var state = common.parseJson(raw);
      if (!isObject(state) || state.format !== "claimlab-peer-state" || state.version !== 1 ||
          !isObject(state.review)) {
        store.set(key + ":damaged", raw);
        store.remove(key);
        notice.textContent = "Your saved review could not be read, so the form starts empty. " +
          "The damaged copy is kept in this browser.";
        notice.hidden = false;
        return;
      }
      var r = state.review;
      ["author", "reviewer", "overall"].forEach(function (n) {
        if (typeof r[n] === "string") input(n).value = r[n];
      });
      p.criteria.forEach(function (c) {
        var level = isObject(r.levels) ? r.levels[c.id] : undefined;
        set(c).querySelectorAll("input[type=radio]").forEach(function (radio) {
          radio.checked = parseInt(radio.value, 10) === level;
        });
        var comment = isObject(r.comments) ? r.comments[c.id] : undefined;
        if (typeof comment === "string") set(c).querySelector("[data-cl-comment]").value = comment;
      });
    }
    restore();
    root.addEventListener("input", save);
    root.addEventListener("change", save);
    root.querySelector('[data-cl-action="sheet"]').addEventListener("click", function () {
      var r = review();
      var name = "peer-review--" + common.slug(r.author) + ".md";
      common.download(name, peerMarkdown(p, r), "text/markdown");
      summary.textContent = "The feedback sheet was downloaded as " + name + ".";
    });
  }

  function initAll() {
    Array.prototype.forEach.call(document.querySelectorAll(".cl-memo[data-cl-memo]"), initMemo);
    Array.prototype.forEach.call(document.querySelectorAll(".cl-peer[data-cl-peer]"), initPeer);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", initAll);
  else initAll();
})();

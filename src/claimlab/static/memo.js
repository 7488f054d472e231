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

  function slug(text) {
    var s = (text || "").trim().toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-+|-+$/g, "");
    return s.slice(0, 40) || "anonymous";
  }
  function download(filename, text, type) {
    var blob = new Blob([text], { type: type });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = filename;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
  }
  function storage() { try { return window.localStorage; } catch (e) { return null; } }

  function initMemo(root) {
    if (root.getAttribute("data-cl-ready")) return;
    root.setAttribute("data-cl-ready", "1");
    var p = JSON.parse(root.querySelector("script[data-cl-payload]").textContent);
    var key = p.storageKey, store = storage();
    var notice = root.querySelector("[data-cl-notice]");
    var student = root.querySelector("[data-cl-student]");
    var summary = root.querySelector("[data-cl-summary]");
    var list = root.querySelector("[data-cl-checks]");
    var fields = Array.prototype.slice.call(root.querySelectorAll("[data-cl-field]"));

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
      return state && state.format === STATE_FORMAT && state.version === STATE_VERSION &&
        state.answers && typeof state.answers === "object";
    }
    function parse(raw) { try { return JSON.parse(raw); } catch (e) { return null; } }
    function save() {
      if (!store) return;
      try {
        store.setItem(key, JSON.stringify({ format: STATE_FORMAT, version: STATE_VERSION,
          answers: answers(), student: student.value }));
      } catch (e) {
        show("Your browser would not store the draft, so download it to keep your words.");
      }
    }
    function restore() {
      if (!store) return;
      var raw = store.getItem(key);
      if (!raw) return;
      var state = parse(raw);
      if (valid(state)) {
        store.setItem(key + ":backup", raw);  // the draft as it stood when this visit began
      } else {
        store.setItem(key + ":damaged", raw);  // kept, never deleted
        var backup = parse(store.getItem(key + ":backup"));
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

    restore();
    refresh();
    root.addEventListener("input", function () { save(); refresh(); });
    root.addEventListener("change", function () { save(); refresh(); });
    root.querySelector('[data-cl-action="check"]').addEventListener("click", function () {
      summary.textContent = refresh().summary + " The list below says what is left to do.";
    });
    root.querySelector('[data-cl-action="markdown"]').addEventListener("click", function () {
      var name = "memo--" + slug(student.value) + ".md";
      download(name, memoMarkdown(p, answers(), student.value), "text/markdown");
      summary.textContent = "Your memo was downloaded as " + name + ".";
    });
    root.querySelector('[data-cl-action="json"]').addEventListener("click", function () {
      var submission = { format: "claimlab-submission", version: 1, module: p.module,
        exercise: "memo", kind: "memo",
        submitted_at: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
        student: student.value.trim() || null, answers: answers() };
      var name = p.module + "--memo--" + slug(student.value) + ".json";
      download(name, JSON.stringify(submission, null, 2) + "\n", "application/json");
      summary.textContent = "Your draft was downloaded as " + name + ".";
    });
  }

  function initPeer(root) {
    if (root.getAttribute("data-cl-ready")) return;
    root.setAttribute("data-cl-ready", "1");
    var p = JSON.parse(root.querySelector("script[data-cl-payload]").textContent);
    var summary = root.querySelector("[data-cl-summary]");
    function field(n) { return root.querySelector('[data-cl-peer-field="' + n + '"]').value; }
    root.querySelector('[data-cl-action="sheet"]').addEventListener("click", function () {
      var review = { author: field("author"), reviewer: field("reviewer"), overall: field("overall"),
        levels: {}, comments: {} };
      p.criteria.forEach(function (c) {
        var set = root.querySelector('[data-cl-criterion="' + c.id + '"]');
        var chosen = set.querySelector("input[type=radio]:checked");
        if (chosen) review.levels[c.id] = parseInt(chosen.value, 10);
        review.comments[c.id] = set.querySelector("[data-cl-comment]").value;
      });
      var name = "peer-review--" + slug(review.author) + ".md";
      download(name, peerMarkdown(p, review), "text/markdown");
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

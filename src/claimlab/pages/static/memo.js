/* claimlab memo builder and peer-review form, kernel-free. The rules come from the page's JSON
   payload (the module's rubric); assess(), memoMarkdown() and peerMarkdown() mirror
   claimlab.grading.drafting word for word, and the browser tests compare their output with Python's.
   Everything a student types is written with textContent or escaped, never run as HTML. */
(function () {
  "use strict";
  var STATE_FORMAT = "claimlab-draft-state";
  var STATE_VERSION = 2;  /* each field with its stamps (common.Shared); version 1 is still read */
  var WORD = /[\p{L}\p{N}]+(?:['\u2019\-][\p{L}\p{N}]+)*/gu;
  var CITATION = /\u00b6\s*(\d+)|\bpara(?:graph)?s?\.?\s*(\d+)/gi;

  function countWords(text) { return (text.match(WORD) || []).length; }
  function cited(text) {
    var out = [], m;
    CITATION.lastIndex = 0;
    while ((m = CITATION.exec(text)) !== null) out.push(parseInt(m[1] || m[2], 10));
    return out;
  }
  // Safe Markdown for a student's words: claimlab/mdsafe.py, rule for rule (no links, no blocks).
  var SPECIAL = /([\\`*_\[\]<>&|~{}$:@])/gu;
  var LINKISH = /(\.(?=\S)|(?<=\/)\/)/gu;
  var PUNCTUATION_START = /^([!-\/:-@\[-`{-~])/u;
  var NUMBER_START = /^([0-9]+)([.)])/u;
  var CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff]/gu;
  function mdLine(line) {
    var text = line.replace(SPECIAL, "\\$1").replace(LINKISH, "\\$1");
    if (text.charAt(0) === "\\") return text;
    return text.replace(PUNCTUATION_START, "\\$1").replace(NUMBER_START, "$1\\$2");
  }
  function cleanText(text) {
    return text.replace(/\r\n/g, "\n").replace(/[\r\u2028\u2029]/g, "\n").replace(CONTROL, "");
  }
  function block(text, indent) {
    var t = cleanText(text || "").trim();
    if (!t) return "*(not written yet)*";
    var lines = t.split("\n").map(function (l) { return mdLine(l.trim()); });
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
    var importStatus = root.querySelector("[data-cl-import-status]");
    var confirmBox = root.querySelector("[data-cl-import-confirm]");
    var fields = Array.prototype.slice.call(root.querySelectorAll("[data-cl-field]"));
    var lastUsed = null;  /* the control the student used last: notices go next to it */
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
    function show(text) {
      notice.textContent = text;
      notice.hidden = false;
      common.placeNear(notice, lastUsed);
    }
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

    /* The draft's fields as the shared store keeps them: each answer under its own name, the
       student's name under "@student", so two tabs merge field by field. */
    var stanceNames = Object.create(null), recs = Object.create(null);
    var parts = Object.create(null);
    p.stances.forEach(function (s) { stanceNames[s[0]] = s[1]; });
    p.recommendations.forEach(function (r) { recs[r.id] = r; });
    p.parts.forEach(function (part) { parts[part.id] = part; });
    function fieldValues() {
      var out = answers();
      out["@student"] = student.value;
      return out;
    }
    function put(name, value) {
      if (name === "@student") {
        student.value = typeof value === "string" ? value.slice(0, 200) : "";
        return;
      }
      fields.forEach(function (f) {
        if (f.getAttribute("data-cl-field") !== name) return;
        if (f.type === "radio") f.checked = value === f.value;
        else f.value = typeof value === "string" ? value : "";
      });
    }
    function label(name) {
      if (name === "@student") return "Your name or pseudonym";
      if (parts[name]) return parts[name].title;
      var m = /^(stance|reason)-(.*)$/.exec(name);
      if (m && recs[m[2]]) {
        return (m[1] === "stance" ? "Your stance on " : "Your reason on ") + "\u201c" +
          recs[m[2]].text + "\u201d";
      }
      return name;
    }
    function anchor(name) {
      if (name === null) return importStatus;
      if (name === "@student") return student.closest("p");
      if (parts[name]) return root.querySelector('[data-cl-count="' + name + '"]');
      var m = /^(stance|reason)-(.*)$/.exec(name);
      if (m && recs[m[2]]) {
        return root.querySelector('[data-cl-field="reason-' + m[2] + '"]');
      }
      return null;
    }
    var shared = new common.Shared({
      store: store, key: key, format: STATE_FORMAT, version: STATE_VERSION, root: root,
      fields: fieldValues, put: put, label: label, anchor: anchor,
      show: function (name, value) {
        if (/^stance-/.test(name)) return stanceNames[value] || "no stance chosen";
        return typeof value === "string" && value.trim() ? value : "(empty)";
      },
      legacy: function (state) {
        /* version 1 kept the whole form: {answers, student} */
        if (!isObject(state) || state.format !== STATE_FORMAT || state.version !== 1 ||
            !isObject(state.answers)) return null;
        var out = {};
        Object.keys(state.answers).forEach(function (k) {
          if (typeof state.answers[k] === "string") out[k] = state.answers[k];
        });
        if (typeof state.student === "string") out["@student"] = state.student;
        return out;
      },
      changed: function () { refresh(); }
    });
    function save() {
      shared.save();
      /* While storage is failing, the notice follows the student from field to field. */
      if (store.reported) common.placeNear(notice, lastUsed);
    }

    function restore() {
      var raw = store.get(key);
      var got = shared.parse(raw);
      if (got.kind === "empty") return;
      if (got.kind === "record") {
        store.set(key + ":backup", raw);  // the draft as it stood when this visit began
        shared.adopt(got);
        return;
      }
      common.setAside(store, key, raw);  // kept, never deleted
      var why = got.newer
        ? "Your saved draft was written by a newer version of this page, so this page cannot " +
          "read it"
        : "Your saved draft could not be read";
      var backup = shared.parse(store.get(key + ":backup"));
      if (backup.kind === "record") {
        shared.adopt(backup);
        show(why + ", so the backup from your previous visit was restored. The " +
          (got.newer ? "newer" : "damaged") + " copy is kept in this browser.");
      } else {
        show(why + " and there is no backup, so the form starts empty. The " +
          (got.newer ? "newer" : "damaged") + " copy is kept in this browser.");
      }
    }

    /* Loading a file: refused files say why right under the picker; a file that would replace
       words in the form asks first, and what it replaces is kept as a copy. */
    var pending = null;
    function tell(text) {
      importStatus.textContent = text;
    }
    function closeConfirm(focusPicker) {
      pending = null;
      confirmBox.hidden = true;
      importer.value = "";
      if (focusPicker) importer.focus();
    }
    function replaceWith(file, data) {
      var before = fieldValues();
      if (!common.isEmpty(before)) shared.keep(null, before, "import", file.name);
      fill(data.answers);
      if (typeof data.student === "string") student.value = data.student.slice(0, 200);
      var written = p.parts.filter(function (part) {
        return typeof data.answers[part.id] === "string" && data.answers[part.id].trim();
      }).length;
      tell("Loaded " + file.name + ": the draft by " +
        ((typeof data.student === "string" && data.student.trim()) || "(no name given)") +
        (typeof data.submitted_at === "string" ? ", saved " + data.submitted_at.slice(0, 40)
          : "") + ", with " + written + " of " + p.parts.length + " parts written." +
        (common.isEmpty(before) ? "" : " What it replaced is kept just below."));
      save();
      shared.render();
      refresh();
    }
    function load(file) {
      if (!file) return;
      lastUsed = importer;
      var reader = new FileReader();
      reader.onerror = function () {
        tell("Could not read " + file.name + ". The form was not changed.");
        importer.value = "";
      };
      reader.onload = function () {
        var data = common.parseJson(String(reader.result));
        var problem = data === undefined
          ? "it is damaged: it is not valid JSON."
          : importProblem(p, data);
        if (problem) {
          tell("Did not load " + file.name + ": " + problem + " The form was not changed.");
          importer.value = "";
        } else if (common.isEmpty(fieldValues())) {
          replaceWith(file, data);
          importer.value = "";
        } else {
          pending = { file: file, data: data };
          tell("");
          confirmBox.querySelector("[data-cl-import-question]").textContent =
            "Replace what is in the form with the draft in " + file.name + "? What the form " +
            "holds now is kept as a copy under this picker, so you can bring it back.";
          confirmBox.hidden = false;
          confirmBox.querySelector('[data-cl-action="cancel-import"]').focus();
        }
      };
      reader.readAsText(file);
    }

    restore();
    refresh();
    function edited(event) {
      if (event.target === importer) return;
      lastUsed = event.target;
      save();
      refresh();
    }
    root.addEventListener("input", edited);
    root.addEventListener("change", edited);
    importer.addEventListener("change", function () { load(importer.files[0]); });
    root.querySelector('[data-cl-action="confirm-import"]').addEventListener("click", function () {
      if (pending) replaceWith(pending.file, pending.data);
      closeConfirm(true);
    });
    root.querySelector('[data-cl-action="cancel-import"]').addEventListener("click", function () {
      if (pending) tell("Did not load " + pending.file.name + ": you kept the form as it is.");
      closeConfirm(true);
    });
    root.querySelector('[data-cl-action="check"]').addEventListener("click", function () {
      summary.textContent = refresh().summary + " The list below says what is left to do.";
    });
    /* The graded edition needs a name to grade by (as exercise.js; claimlab.classroom.identity). */
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
    var lastUsed = null;
    var store = new common.Store(function (kind) {
      notice.textContent = common.storageProblem(kind, "your review",
        "download the feedback sheet to keep it.");
      notice.hidden = false;
      common.placeNear(notice, lastUsed);
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
    /* Fields for the shared store: "author", "reviewer", "overall", "level-<id>" (a number or
       null) and "comment-<id>". */
    var criteria = Object.create(null);
    p.criteria.forEach(function (c) { criteria[c.id] = c; });
    function fieldValues() {
      var r = review(), out = { author: r.author, reviewer: r.reviewer, overall: r.overall };
      p.criteria.forEach(function (c) {
        out["level-" + c.id] = r.levels[c.id] || null;
        out["comment-" + c.id] = r.comments[c.id];
      });
      return out;
    }
    function criterionOf(name) {
      var m = /^(level|comment)-(.*)$/.exec(name);
      return m && criteria[m[2]] ? { part: m[1], c: criteria[m[2]] } : null;
    }
    function put(name, value) {
      if (name === "author" || name === "reviewer" || name === "overall") {
        input(name).value = typeof value === "string" ? value : "";
        return;
      }
      var which = criterionOf(name);
      if (!which) return;
      if (which.part === "comment") {
        set(which.c).querySelector("[data-cl-comment]").value =
          typeof value === "string" ? value : "";
      } else {
        set(which.c).querySelectorAll("input[type=radio]").forEach(function (radio) {
          radio.checked = parseInt(radio.value, 10) === value;
        });
      }
    }
    var shared = new common.Shared({
      store: store, key: key, format: "claimlab-peer-state", version: 2, root: root,
      fields: fieldValues, put: put,
      label: function (name) {
        var which = criterionOf(name);
        if (which) return (which.part === "level" ? "Level for " : "Comment on ") +
          which.c.name.toLowerCase();
        return { author: "Memo by", reviewer: "Reviewed by", overall: "Overall" }[name] || name;
      },
      show: function (name, value) {
        var which = criterionOf(name);
        if (which && which.part === "level") {
          return typeof value === "number" && which.c.levels[value - 1]
            ? which.c.levels[value - 1] : "not rated";
        }
        return typeof value === "string" && value.trim() ? value : "(empty)";
      },
      anchor: function (name) {
        var which = criterionOf(name);
        if (which) return set(which.c).querySelector("[data-cl-comment]");
        return name === null ? null : input(name) && (input(name).closest("p") || input(name));
      },
      legacy: function (state) {
        /* version 1 kept the whole review: {review: {author, reviewer, overall, levels,
           comments}} */
        if (!isObject(state) || state.format !== "claimlab-peer-state" || state.version !== 1 ||
            !isObject(state.review)) return null;
        var r = state.review, out = {};
        ["author", "reviewer", "overall"].forEach(function (n) {
          if (typeof r[n] === "string") out[n] = r[n];
        });
        p.criteria.forEach(function (c) {
          var level = isObject(r.levels) ? r.levels[c.id] : undefined;
          if (typeof level === "number") out["level-" + c.id] = level;
          var comment = isObject(r.comments) ? r.comments[c.id] : undefined;
          if (typeof comment === "string") out["comment-" + c.id] = comment;
        });
        return out;
      }
    });
    function restore() {
      var raw = store.get(key);
      var got = shared.parse(raw);
      if (got.kind === "record") { shared.adopt(got); return; }
      if (got.kind === "empty") return;
      common.setAside(store, key, raw);  // kept, never deleted
      notice.textContent = (got.newer
        ? "Your saved review was written by a newer version of this page, so this page " +
          "cannot read it"
        : "Your saved review could not be read") + ", so the form starts empty. The " +
        (got.newer ? "newer" : "damaged") + " copy is kept in this browser.";
      notice.hidden = false;
    }
    restore();
    function edited(event) {
      lastUsed = event.target;
      shared.save();
      if (store.reported) common.placeNear(notice, lastUsed);
    }
    root.addEventListener("input", edited);
    root.addEventListener("change", edited);
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

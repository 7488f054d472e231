/* claimlab kernel-free exercise. In the self-check edition every message comes precomputed from
   the Python core (claimlab.grading.check) in the page's JSON payload: for each choice, the first-check
   message (right or not, with a hint) and the full one (with the key's explanation), each
   distinct message once (claimlab.pages.render.share_messages). This script only picks between them, remembers answers and feedback in browser storage, and writes text with
   textContent (never innerHTML), so nothing a student types can run. In the graded edition the
   payload holds no key at all: the form collects answers and downloads them. */
(function () {
  "use strict";
  var common = window.ClaimlabCommon;
  var STATE_FORMAT = "claimlab-state";
  /* Version 3 keeps each field with its stamps (common.Shared), so tabs merge field by field;
     versions 1 (answers and name only) and 2 (the whole form at once) are still read. */
  var STATE_VERSION = 3;

  function summaryText(right, accepted, wrong, unanswered) {
    /* Mirrors claimlab.grading.check.summary_text; the browser tests hold the two to the same words. */
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
    var revisit = root.querySelector("[data-cl-revisit]");
    var student = root.querySelector("[data-cl-student]");
    var confirmBox = root.querySelector("[data-cl-confirm]");
    var resetButton = root.querySelector('[data-cl-action="reset"]');
    var lastUsed = null;  /* the control the student used last: notices go next to it */
    var store = new common.Store(function (kind) {
      showNotice(common.storageProblem(kind, "your answers",
        "use Download my answers to keep them."));
      common.placeNear(notice, lastUsed);
    });
    /* The argument map's target menus come as one list (claimlab.pages.render.shared_menu): each
       select offers it without the entries its item leaves out (its own step). */
    Array.prototype.forEach.call(root.querySelectorAll("select[data-cl-menu]"), function (select) {
      var id = select.closest("fieldset").getAttribute("data-cl-claim");
      var omit = (payload.menuOmit || {})[id] || [];
      (payload.menu || []).forEach(function (choice) {
        if (omit.indexOf(choice[0]) >= 0) return;
        var option = document.createElement("option");
        option.value = choice[0];
        option.textContent = choice[1];
        select.appendChild(option);
      });
    });
    var noteFields = [];  /* every fact-check source and correction field */
    var items = payload.items.map(function (item) {
      var fieldset = root.querySelector('fieldset[data-cl-claim="' + item.id + '"]');
      var notes = {};
      Array.prototype.forEach.call(fieldset.querySelectorAll("[data-cl-note]"), function (el) {
        notes[el.getAttribute("data-cl-note")] = el;
        noteFields.push(el);
      });
      return {
        data: item,
        radios: Array.prototype.slice.call(fieldset.querySelectorAll("input[type=radio]")),
        select: fieldset.querySelector("select"),
        notes: notes,
        fieldset: fieldset,
        sourceLabel: fieldset.querySelector("[data-cl-source-label]"),
        correction: fieldset.querySelector("[data-cl-correction]"),
        complete: fieldset.querySelector("[data-cl-complete]"),
        compare: fieldset.querySelector("[data-cl-compare]"),
        feedback: fieldset.querySelector("[data-cl-feedback]"),
        explain: fieldset.querySelector("[data-cl-explain]")
      };
    });
    var mapTree = root.querySelector("[data-cl-map-tree]");
    var mapEmpty = root.querySelector("[data-cl-map-empty]");

    function chosenOf(item) {
      if (item.select) return item.select.value || null;
      var chosen = item.radios.filter(function (r) { return r.checked; })[0];
      return chosen ? chosen.value : null;
    }

    function setChosen(item, value) {
      if (item.select) {
        var known = Array.prototype.some.call(item.select.options, function (o) {
          return o.value === value;
        });
        item.select.value = typeof value === "string" && known ? value : "";
      }
      item.radios.forEach(function (r) { r.checked = r.value === value; });
    }
    /* Feedback state: how many checks, the answers at the first one, the score of the last one,
       and per item whether its feedback is showing, whether its explanation was asked for, and
       how many checks it has had with an answer (its own stage: an item answered late still
       gets its hint first). */
    function freshState() {
      return { checks: 0, first: null, score: null, shown: {}, revealed: {}, scored: false,
        itemChecks: {} };
    }
    var state = freshState();

    function answers() {
      var out = {};
      items.forEach(function (item) {
        out[item.data.id] = chosenOf(item);
        /* A fact-check answer records its source and correction beside the verdict. */
        Object.keys(item.notes).forEach(function (part) {
          out[part + "-" + item.data.id] = item.notes[part].value.trim() ? item.notes[part].value
            : null;
        });
      });
      return out;
    }

    function showNotice(text) {
      notice.textContent = text;
      notice.hidden = false;
    }

    /* The form as the shared store keeps it, one field per answer so that two tabs merge
       item by item: each item's answer under its id, a fact-check note as "source-<id>" or
       "correction-<id>" (as typed), the name as "@student", and the feedback bookkeeping as
       "@checks", "@first", "@score", "@scored", "@shown:<id>", "@revealed:<id>" and
       "@itemChecks:<id>". */
    var byId = Object.create(null), noteOf = Object.create(null);  /* no inherited names */
    items.forEach(function (item) {
      byId[item.data.id] = item;
      Object.keys(item.notes).forEach(function (part) {
        noteOf[part + "-" + item.data.id] = { item: item, part: part };
      });
    });
    function fieldValues() {
      var out = {};
      items.forEach(function (item) {
        out[item.data.id] = chosenOf(item);
        Object.keys(item.notes).forEach(function (part) {
          out[part + "-" + item.data.id] = item.notes[part].value;
        });
      });
      out["@student"] = student.value;
      if (graded) return out;
      out["@checks"] = state.checks;
      out["@first"] = state.first;
      out["@score"] = state.score;
      out["@scored"] = state.scored;
      items.forEach(function (item) {
        out["@shown:" + item.data.id] = state.shown[item.data.id] === true;
        out["@revealed:" + item.data.id] = state.revealed[item.data.id] === true;
        out["@itemChecks:" + item.data.id] = state.itemChecks[item.data.id] || 0;
      });
      return out;
    }
    function put(name, value) {
      /* Everything read back is checked: storage is the student's to edit. */
      var own = Object.prototype.hasOwnProperty;
      if (own.call(byId, name)) { setChosen(byId[name], value); return; }
      if (own.call(noteOf, name)) {
        noteOf[name].item.notes[noteOf[name].part].value = typeof value === "string" ? value : "";
        return;
      }
      if (name === "@student") {
        student.value = typeof value === "string" ? value.slice(0, 200) : "";
        return;
      }
      if (graded) return;
      var m = /^@(shown|revealed):(.*)$/.exec(name);
      var n = /^@itemChecks:(.*)$/.exec(name);
      if (m && own.call(byId, m[2])) {
        if (value === true) state[m[1]][m[2]] = true;
        else delete state[m[1]][m[2]];
      } else if (n && own.call(byId, n[1])) {
        if (typeof value === "number" && value > 0) state.itemChecks[n[1]] = Math.floor(value);
        else delete state.itemChecks[n[1]];
      } else if (name === "@checks") {
        state.checks = typeof value === "number" && value >= 0 ? Math.floor(value) : 0;
      } else if (name === "@first") {
        state.first = isAnswers(value) ? value : null;
      } else if (name === "@score") {
        state.score = isAnswers(value) && typeof value.right === "number"
          ? { right: value.right, out_of: value.out_of } : null;
      } else if (name === "@scored") {
        state.scored = value === true;
      }
    }
    function legacy(saved) {
      if (!(saved && typeof saved === "object" && saved.format === STATE_FORMAT &&
          (saved.version === 1 || saved.version === 2) && isAnswers(saved.answers))) return null;
      var out = {};
      Object.keys(saved.answers).forEach(function (k) { out[k] = saved.answers[k]; });
      if (typeof saved.student === "string") out["@student"] = saved.student;
      if (saved.version === 2) {
        ["checks", "first", "score", "scored"].forEach(function (k) { out["@" + k] = saved[k]; });
        ["shown", "revealed"].forEach(function (k) {
          if (!isAnswers(saved[k])) return;
          Object.keys(saved[k]).forEach(function (id) { out["@" + k + ":" + id] = saved[k][id]; });
        });
        /* Saved before items kept their own stage: each shown item had every check. */
        if (isAnswers(saved.shown) && typeof saved.checks === "number") {
          Object.keys(saved.shown).forEach(function (id) {
            out["@itemChecks:" + id] = saved.checks;
          });
        }
      }
      return out;
    }
    var shared = new common.Shared({
      store: store, key: key, format: STATE_FORMAT, version: STATE_VERSION, root: root,
      fields: fieldValues, put: put, legacy: legacy,
      quiet: function (name) { return name.charAt(0) === "@" && name !== "@student"; },
      label: function (name) {
        /* The words the page itself shows for the field: its label, or its item's name. */
        if (name === "@student") return "Your name or pseudonym";
        var item = byId[name];
        if (item) {
          var legend = (item.select || item.radios[0]).closest("fieldset").querySelector("legend");
          return legend ? legend.textContent.split(" (")[0] : name;
        }
        var note = noteOf[name];
        var control = note && note.item.notes[note.part];
        var tag = control && root.querySelector('label[for="' + control.id + '"]');
        return tag ? tag.textContent.split(":")[0] : name;
      },
      show: function (name, value) {
        var item = byId[name];
        if (!item) return typeof value === "string" && value.trim() ? value : "(empty)";
        if (value === null || value === "") return "no answer";
        var control = item.select
          ? Array.prototype.filter.call(item.select.options, function (o) {
            return o.value === value;
          })[0]
          : item.radios.filter(function (r) { return r.value === value; })[0];
        var text = control && (control.textContent || control.parentNode.textContent);
        return text ? text.trim() : String(value);
      },
      anchor: function (name) {
        if (name === "@student") return student.closest("p");
        if (byId[name]) {
          return byId[name].select || byId[name].radios[0].closest(".cl-ex-choices");
        }
        var note = noteOf[name];
        return note ? note.item.notes[note.part].closest("p") : null;
      },
      changed: function () { renderAll(); },
      used: function (name) {
        /* An answer put back from a copy is a new answer: its old feedback no longer holds. */
        if (!byId[name]) return;
        delete state.shown[name];
        delete state.revealed[name];
        state.scored = false;
      }
    });
    function save() {
      shared.save();
      /* While storage is failing, the notice follows the student from item to item. */
      if (store.reported) common.placeNear(notice, lastUsed);
    }

    function entryFor(item, given) {
      /* Mirrors claimlab.pages.render.choice_feedback: a message shared by several choices names the
         choice as {given}; a choice not listed in "pick" uses the "other" message. */
      if (given === null) return item.data.unanswered || payload.unanswered;
      var table = item.data.feedback;
      var own = Object.prototype.hasOwnProperty;
      /* [status, first, full], as claimlab.pages.render.MESSAGE_PARTS lists them */
      var index = own.call(table.pick, given) ? table.pick[given] : table.other;
      var message = table.messages[index];
      var names = table.names === undefined ? {} : payload.names[table.names];
      var name = own.call(names, given) ? names[given] : given;
      function fill(text) {
        return table.fill.indexOf(index) < 0 ? text : text.split("{given}").join(name);
      }
      return { status: message[0], first: fill(message[1]), full: fill(message[2]) };
    }

    function searchOnly(verdict) {
      /* A statement that cannot be checked has no source to give and nothing to correct: the
         student says what they searched instead. */
      return verdict === payload.searchOnly;
    }

    function missingNotes(item, verdict) {
      /* Mirrors claimlab.grading.check.missing_notes: presence only, never truth. */
      if (!verdict) return [];
      var missing = [];
      if (!item.notes.source.value.trim()) {
        missing.push(searchOnly(verdict) ? "what you searched" : "a source");
      }
      if (verdict !== payload.noCorrection && !searchOnly(verdict) &&
          !item.notes.correction.value.trim()) {
        missing.push("a corrected sentence");
      }
      return missing;
    }

    function renderNotes(item, verdict) {
      /* The correction is asked for once the chosen verdict is not "accurate"; what the
         student wrote stays in the field whatever they choose. */
      if (!item.complete) return;
      item.correction.hidden = !verdict || verdict === payload.noCorrection || searchOnly(verdict);
      if (item.sourceLabel) {
        if (!item.sourceLabel.hasAttribute("data-cl-source-text")) {
          item.sourceLabel.setAttribute("data-cl-source-text", item.sourceLabel.textContent);
        }
        item.sourceLabel.textContent = item.sourceLabel.getAttribute(
          searchOnly(verdict) ? "data-cl-search-text" : "data-cl-source-text");
      }
      var missing = missingNotes(item, verdict);
      item.complete.textContent = !verdict ? "" : missing.length
        ? "Still to add: " + missing.join(" and ") + "."
        : "Complete: every part of this answer is filled in.";
      item.complete.setAttribute("data-complete", missing.length ? "no" : "yes");
    }

    function term(list, name, value) {
      var dt = document.createElement("dt");
      dt.textContent = name;
      var dd = document.createElement("dd");
      if (Array.isArray(value)) {
        /* Sources: each a link whose text is the source's title and year, not its address. */
        value.forEach(function (source, index) {
          if (index) dd.appendChild(document.createTextNode("; "));
          var node = document.createElement(source.url ? "a" : "span");
          if (source.url) node.href = source.url;
          node.textContent = source.text;
          dd.appendChild(node);
        });
      } else {
        dd.textContent = value;
      }
      list.appendChild(dt);
      list.appendChild(dd);
    }

    function renderCompare(item, given, show) {
      /* The student's verdict, source and correction beside the course's verdict, sources and
         precise statement; shown only with the full explanation. */
      if (!item.compare) return;
      item.compare.textContent = "";
      item.compare.hidden = !show;
      if (!show) return;
      var course = item.data.course;
      var names = {};
      item.radios.forEach(function (r) { names[r.value] = r.parentNode.textContent.trim(); });
      var sides = [
        ["Your answer", [["Verdict", given ? names[given] : "none chosen"],
          [searchOnly(given) ? "What you searched" : "Source",
            item.notes.source.value.trim() || "none given"],
          ["Corrected sentence", item.notes.correction.value.trim() ||
            (given === payload.noCorrection || searchOnly(given) ? "not needed" : "none given")]]],
        ["The course's answer", [["Verdict", course.verdict],
          ["Sources", course.sources],
          ["Precise statement", course.finding]]]
      ];
      sides.forEach(function (side) {
        var box = document.createElement("div");
        box.className = "cl-fc-side";
        var title = document.createElement("p");
        title.className = "cl-fc-side-title";
        title.textContent = side[0];
        var list = document.createElement("dl");
        side[1].forEach(function (row) { term(list, row[0], row[1]); });
        box.appendChild(title);
        box.appendChild(list);
        item.compare.appendChild(box);
      });
    }

    function renderMap(given) {
      /* The student's own map: each step under the step they say it supports, with the role
         they chose, as nested lists a screen reader reads as a tree of lists. */
      if (!mapTree) return;
      mapTree.textContent = "";
      var steps = payload.steps;
      var byId = {};
      steps.forEach(function (step) { byId[step.id] = step; });
      var children = {};
      var roots = [];
      var answered = false;
      steps.forEach(function (step) {
        var target = given["target-" + step.id];
        if (given[step.id] || target) answered = true;
        if (target && target !== "none" && byId[target]) {
          (children[target] = children[target] || []).push(step);
        } else {
          roots.push(step);
        }
      });
      mapEmpty.hidden = answered;
      mapTree.hidden = !answered;
      if (!answered) return;
      /* The step the student calls the top of the map comes first. */
      roots.sort(function (a, b) {
        return (given["target-" + b.id] === "none") - (given["target-" + a.id] === "none");
      });
      var placed = {};
      function entry(step) {
        var li = document.createElement("li");
        placed[step.id] = true;
        var role = given[step.id] ? payload.roles[given[step.id]] : "role not chosen";
        var target = given["target-" + step.id];
        var where = target === "none" ? "supports nothing" : target ? "" : "target not chosen";
        var text = document.createElement("span");
        text.textContent = step.name + " (" + role + (where ? "; " + where : "") + "): " +
          step.text;
        li.appendChild(text);
        var kids = (children[step.id] || []).filter(function (kid) { return !placed[kid.id]; });
        if (kids.length) {
          var ul = document.createElement("ul");
          kids.forEach(function (kid) { ul.appendChild(entry(kid)); });
          li.appendChild(ul);
        }
        return li;
      }
      roots.forEach(function (step) { mapTree.appendChild(entry(step)); });
      /* Steps that support each other in a circle reach no top step: list them apart. */
      var loose = steps.filter(function (step) { return !placed[step.id]; });
      if (loose.length) {
        var li = document.createElement("li");
        li.textContent = "In a circle, not connected to a top step: ";
        var ul = document.createElement("ul");
        loose.forEach(function (step) { if (!placed[step.id]) ul.appendChild(entry(step)); });
        li.appendChild(ul);
        mapTree.appendChild(li);
      }
    }

    function reachedFull(item) {
      var id = item.data.id;
      return Boolean(state.revealed[id]) || (state.itemChecks[id] || 0) >= payload.explainAtCheck;
    }

    function renderItem(item, given) {
      var id = item.data.id;
      renderNotes(item, given);
      if (!item.feedback) return null;  /* the graded form has no feedback */
      if (!state.shown[id]) {
        item.feedback.textContent = "";
        item.feedback.removeAttribute("data-status");
        if (item.explain) item.explain.hidden = true;
        renderCompare(item, given, false);
        return null;
      }
      var entry = entryFor(item, given);
      var full = reachedFull(item);
      item.feedback.setAttribute("data-status", entry.status);
      item.feedback.textContent = full ? entry.full : entry.first;
      renderCompare(item, given, full && entry.status !== "unanswered");
      /* Offered only where there is something more to read and the key stays hidden for an
         item the student has not answered. */
      item.explain.hidden = full || entry.status === "unanswered" || entry.full === entry.first;
      return entry;
    }

    function renderRevisit(toRevisit) {
      /* The items the score counts as to revisit, each a link to its box. */
      if (!revisit) return;
      revisit.textContent = "";
      revisit.hidden = !toRevisit.length;
      if (!toRevisit.length) return;
      var lead = document.createElement("span");
      lead.textContent = "To revisit: ";
      revisit.appendChild(lead);
      toRevisit.forEach(function (item, index) {
        if (index) revisit.appendChild(document.createTextNode(", "));
        var link = document.createElement("a");
        link.href = "#" + item.fieldset.id;
        link.textContent = item.fieldset.getAttribute("data-cl-label") || item.data.id;
        revisit.appendChild(link);
      });
    }

    function renderSummary(given) {
      if (graded || !state.scored) {
        summary.textContent = "";
        renderRevisit([]);
        return;
      }
      var counts = { correct: 0, accepted: 0, wrong: 0, unanswered: 0 };
      var toRevisit = [];
      items.forEach(function (item) {
        var status = entryFor(item, given[item.data.id]).status;
        counts[status] += 1;
        if (status === "wrong") toRevisit.push(item);
      });
      renderRevisit(toRevisit);
      var allFull = items.every(function (item) {
        return given[item.data.id] === null || reachedFull(item);
      });
      var next = allFull
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
      renderMap(given);
    }

    function restore() {
      var raw = store.get(key);
      var got = shared.parse(raw);
      if (got.kind === "record") { shared.adopt(got); renderAll(); return; }
      if (got.kind === "empty") return;
      /* Set aside, never deleted: a newer page's answers are still there when it comes back. */
      common.setAside(store, key, raw);
      showNotice(got.newer
        ? "Your saved answers for this exercise could not be read here: a newer version of " +
          "this page wrote them. They are kept in this browser, and this page starts fresh."
        : "Your saved answers for this exercise could not be read (they may be damaged), so " +
          "the exercise starts fresh. What was saved is kept in this browser, not deleted.");
    }

    function check() {
      var given = answers();
      state.checks += 1;
      if (state.first === null) state.first = given;
      var right = 0;
      items.forEach(function (item) {
        state.shown[item.data.id] = true;
        if (given[item.data.id] !== null) {
          state.itemChecks[item.data.id] = (state.itemChecks[item.data.id] || 0) + 1;
        }
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
      lastUsed = target;
      if (target === student) return;
      items.forEach(function (item) {
        if (item.radios.indexOf(target) < 0 && item.select !== target) return;
        /* A new answer makes the old feedback and the score wrong: clear both. */
        delete state.shown[item.data.id];
        delete state.revealed[item.data.id];
        state.scored = false;
        renderItem(item, chosenOf(item));
        renderSummary(answers());
      });
      renderMap(answers());
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
        setChosen(item, null);
      });
      noteFields.forEach(function (el) { el.value = ""; });
      state = freshState();
      renderAll();
      notice.hidden = true;
      /* Saved as empty answers, not removed: another open tab then clears too, instead of
         writing its copy of the old answers back. */
      save();
      confirmBox.hidden = true;
      resetButton.setAttribute("aria-expanded", "false");
      resetButton.focus();
      summary.textContent = "Answers and feedback cleared.";
    }

    /* The graded edition needs a name to grade by: one with something visible in it
       (claimlab.classroom.identity.clean_name drops the same control and invisible characters). */
    var nameNeeded = root.querySelector("[data-cl-name-needed]");
    function visibleName(text) {
      return text.replace(/[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g, " ").trim();
    }

    function download() {
      if (graded && nameNeeded && !visibleName(student.value)) {
        nameNeeded.hidden = false;
        student.setAttribute("aria-invalid", "true");
        student.setAttribute("aria-describedby", nameNeeded.id);
        student.focus();
        return;
      }
      if (nameNeeded) {
        nameNeeded.hidden = true;
        student.removeAttribute("aria-invalid");
        student.removeAttribute("aria-describedby");
      }
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
    student.addEventListener("input", function () { lastUsed = student; save(); });
    items.forEach(function (item) {
      Object.keys(item.notes).forEach(function (part) {
        /* Typing a source or correction changes only the completeness line, not the grade. */
        item.notes[part].addEventListener("input", function () {
          lastUsed = item.notes[part];
          renderNotes(item, chosenOf(item));
          if (item.compare && !item.compare.hidden) renderCompare(item, chosenOf(item), true);
          save();
        });
      });
    });
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

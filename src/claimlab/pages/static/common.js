/* claimlab helpers shared by every kernel-free form; the renderer inlines this file before each
   form's own script. Defined once per page: later copies reuse the first. */
window.ClaimlabCommon = window.ClaimlabCommon || (function () {
  "use strict";

  function slug(text) {
    /* Mirrors claimlab.keeping.submission._slug: each run of characters other than letters, digits and
       "_" becomes "-", then "-" and "_" are trimmed from the ends ("Ana_B" -> "ana_b"). */
    var s = String(text || "").trim().toLowerCase().replace(/[^\p{L}\p{N}_]+/gu, "-")
      .replace(/^[-_]+|[-_]+$/g, "");
    return s.slice(0, 40) || "anonymous";
  }

  function nowIso() {
    return new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
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

  function parseJson(raw) {
    try { return JSON.parse(raw); } catch (e) { return undefined; }
  }

  /* Browser storage that never throws. A full origin (a shared user.github.io site fills its
     5 MB quickly), a private window or a blocked site makes setItem throw, or makes even
     window.localStorage throw. Every call here catches that, reports it once through
     onProblem(kind) ("full" or "blocked"), and returns null or false, so the form that uses it
     keeps working and the student can still download what is on the page. */
  function Store(onProblem) {
    this.onProblem = onProblem || function () {};
    this.reported = false;
    try { this.backend = window.localStorage; } catch (e) { this.backend = null; }
    if (!this.backend) this.problem("blocked");
  }
  Store.prototype.problem = function (kind) {
    if (this.reported) return;
    this.reported = true;
    this.onProblem(kind);
  };
  Store.prototype.recovered = function () {
    /* A write worked after one failed (space was freed): say so once, and report the next
       failure again. */
    if (!this.reported) return;
    this.reported = false;
    this.onProblem("ok");
  };
  Store.prototype.get = function (key) {
    if (!this.backend) return null;
    try { return this.backend.getItem(key); } catch (e) { this.problem("blocked"); return null; }
  };
  Store.prototype.set = function (key, value) {
    if (!this.backend) return false;
    try {
      this.backend.setItem(key, value);
      this.recovered();
      return true;
    } catch (e) {
      var full = e && (e.name === "QuotaExceededError" || e.code === 22 ||
        e.name === "NS_ERROR_DOM_QUOTA_REACHED");
      this.problem(full ? "full" : "blocked");
      return false;
    }
  };
  Store.prototype.remove = function (key) {
    if (!this.backend) return false;
    try { this.backend.removeItem(key); return true; } catch (e) { this.problem("blocked"); return false; }
  };

  Store.prototype.keys = function (prefix) {
    /* Every stored key that starts with prefix (the copies kept beside a form's state). */
    var out = [];
    if (!this.backend) return out;
    try {
      for (var i = 0; i < this.backend.length; i += 1) {
        var k = this.backend.key(i);
        if (k !== null && k.indexOf(prefix) === 0) out.push(k);
      }
    } catch (e) { this.problem("blocked"); }
    return out.sort();
  };

  function setAside(store, key, raw) {
    /* Keeps state this page cannot read (damaged, or written by a newer page) under
       key + ":damaged", or ":damaged-2", ... when that name already holds something else, so
       nothing set aside ever replaces an earlier copy. Returns the name it used. */
    for (var n = 1; n < 1000; n += 1) {
      var name = key + ":damaged" + (n === 1 ? "" : "-" + n);
      var there = store.get(name);
      if (there === raw) return name;
      if (there === null) return store.set(name, raw) ? name : null;
    }
    return null;
  }

  function placeNear(element, control) {
    /* Moves a form's notice next to the control the student just used, where their eyes are,
       instead of the top of a long form. */
    if (!element || !control || !control.closest) return;
    var block = control.closest("fieldset, .cl-memo-part, .cl-memo-import, .cl-ex-student, " +
      ".cl-ex-buttons, p") || control;
    if (block.contains(element) || block.nextSibling === element) return;
    block.parentNode.insertBefore(element, block.nextSibling);
  }

  function storageProblem(kind, what, how) {
    /* The notice a form shows when its storage fails: what is not kept, and how to keep it;
       or, kind "ok", that it works again. */
    if (kind === "ok") {
      return "Saving works again: what is in the form now is saved in this browser.";
    }
    var cause = kind === "full"
      ? "This browser's storage for this site is full"
      : "This browser does not let this page store anything";
    return cause + ", so " + what + " cannot be saved here and will be lost when you close or " +
      "reload the page. Everything still works while the page is open: " + how;
  }

  /* ---- One form's state, shared safely by every tab of the site ---------------------------
     Every tab of a site shares one localStorage, and each tab used to save its whole form: the
     tab that saved last silently dropped what another tab had typed. Here the stored record
     holds each field with its own history of stamps (newest first): a stamp is the save's time,
     the tab's id and a counter, so it names one edit of one field in one tab, and the record
     carries a revision that every save advances. Before writing, and whenever another tab
     writes (the "storage" event), a tab merges field by field:
       - the other tab's history holds this tab's latest stamp: theirs is newer, take it;
       - this tab's history holds theirs: theirs is older (written by a tab that had not yet
         seen this one's edit), keep this tab's value and write it back;
       - neither: both tabs changed the field since they last agreed. Both compute the same
         outcome (the later stamp stays in the field), and the other version is kept as a copy
         in storage (key + ":copy:" + id) that every tab shows next to the field, with buttons
         to put it back or delete it.
     A field no tab touched keeps its value, so two tabs editing different fields lose nothing. */
  var HISTORY = 40;  /* stamps kept per field: far more saves than a tab can fall behind by */

  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  function hash(text) {
    /* A short content id (FNV-1a, 32 bits) so that the same copy kept twice is one copy. */
    var h = 0x811c9dc5;
    for (var i = 0; i < text.length; i += 1) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return ("0000000" + h.toString(36)).slice(-7);
  }

  function stampsOf(list) {
    return Array.isArray(list) ? list.filter(function (s) { return typeof s === "string"; }) : [];
  }

  function holds(history, stamp) {
    /* Whether the edit `stamp` is in `history`: listed there, or followed there by a later edit
       from the same tab (a tab builds each edit on its own earlier ones), so an edit that fell
       off the end of a long history is still known. */
    if (history.indexOf(stamp) >= 0) return true;
    var parts = stamp.split(".");
    if (parts.length !== 3) return false;
    var count = parseInt(parts[2], 10);
    return history.some(function (s) {
      var p = s.split(".");
      return p.length === 3 && p[1] === parts[1] && parseInt(p[2], 10) >= count;
    });
  }

  function joined(head, a, b) {
    /* head, then a's and b's stamps taken in turn (so both recent heads are kept), once each */
    var out = [head], seen = {};
    seen[head] = true;
    for (var i = 0; i < Math.max(a.length, b.length); i += 1) {
      [a[i], b[i]].forEach(function (s) {
        if (s !== undefined && !seen[s]) { seen[s] = true; out.push(s); }
      });
    }
    return out.slice(0, HISTORY);
  }

  /* opts: store, key, format, version, root (the form's container), fields() -> {name: value}
     read from the form, put(name, value) into the form, legacy(data) -> fields or null for an
     older format this page still reads, quiet(name) -> true for bookkeeping fields that merge
     without a copy, label(name), show(name, value) -> text, anchor(name or null) -> the element
     a kept copy is shown after (null: a copy of the whole form), changed(names) after values
     from another tab or a copy were put into the form, used(name) after the student put a
     copy back in one field (as if they had typed it). */
  function Shared(opts) {
    this.o = opts;
    this.store = opts.store;
    this.key = opts.key;
    this.tab = Math.random().toString(36).slice(2, 8);
    this.count = 0;
    /* No prototype: a field named "__proto__" in stored data stays a plain field. */
    this.known = Object.create(null);   /* name -> { v: value as JSON, h: stamps, newest first } */
    this.rev = 0;
    this.memory = Object.create(null);  /* copies storage could not take: shown all the same */
    this.boxes = Object.create(null);   /* copy id -> its box in the form */
    var self = this;
    var now = opts.fields();
    Object.keys(now).forEach(function (f) {
      self.known[f] = { v: JSON.stringify(now[f]), h: [] };  /* the empty page: older than all */
    });
    window.addEventListener("storage", function (event) { self.heard(event); });
  }

  Shared.prototype.stamp = function () {
    this.count += 1;
    return ("00000000" + Date.now().toString(36)).slice(-9) + "." + this.tab + "." + this.count;
  };

  Shared.prototype.parse = function (raw) {
    /* What a stored text holds: {kind: "empty"}, {kind: "record", fields, stamps, rev} or
       {kind: "unreadable", newer} (newer: written by a newer version of the page). */
    if (raw === null || raw === undefined) return { kind: "empty" };
    var data = parseJson(raw), o = this.o;
    if (isObject(data) && data.format === o.format && data.version === o.version &&
        isObject(data.fields)) {
      return { kind: "record", fields: data.fields,
        stamps: isObject(data.stamps) ? data.stamps : {},
        rev: typeof data.rev === "number" && data.rev > 0 ? Math.floor(data.rev) : 0 };
    }
    var fields = o.legacy ? o.legacy(data) : null;
    if (fields) return { kind: "record", fields: fields, stamps: {}, rev: 0 };
    return { kind: "unreadable", newer: isObject(data) && data.format === o.format &&
      typeof data.version === "number" && data.version > o.version };
  };

  Shared.prototype.merge = function (got) {
    /* Merges a stored record into what this tab knows; returns the fields whose value changed
       here and whether the record lacks something of this tab's (so it must be written). */
    var self = this, adopted = [], behind = false;
    Object.keys(this.known).forEach(function (f) {
      if (!Object.prototype.hasOwnProperty.call(got.fields, f)) behind = true;
    });
    Object.keys(got.fields).forEach(function (f) {
      var value = got.fields[f];
      var theirs = { v: JSON.stringify(value === undefined ? null : value),
        h: stampsOf(got.stamps[f]) };
      var mine = self.known[f];
      if (!mine) { self.known[f] = theirs; adopted.push(f); return; }
      var head = mine.h[0], other = theirs.h[0];
      if (mine.v === theirs.v) {
        if (head !== other && (head || other)) {
          self.known[f] = { v: mine.v, h: joined(head > other || !other ? head : other,
            mine.h, theirs.h) };
        }
        return;
      }
      if (!head || holds(theirs.h, head)) {
        self.known[f] = theirs;
        adopted.push(f);
        return;
      }
      if (!other || holds(mine.h, other)) { behind = true; return; }
      /* Both changed it: the later stamp stays in the field, the other is kept as a copy. */
      var ours = head > other;
      var loser = ours ? theirs.v : mine.v;
      self.known[f] = { v: ours ? mine.v : theirs.v, h: joined(ours ? head : other, mine.h,
        theirs.h) };
      if (!ours) adopted.push(f);
      behind = behind || ours;
      /* An empty version holds nothing to lose: no copy of it. */
      if (!(self.o.quiet && self.o.quiet(f)) && !isEmpty(JSON.parse(loser))) {
        self.keep(f, JSON.parse(loser), "tabs");
      }
    });
    return { adopted: adopted, behind: behind };
  };

  Shared.prototype.applied = function (names) {
    var self = this;
    names.forEach(function (f) { self.o.put(f, JSON.parse(self.known[f].v)); });
    if (names.length && this.o.changed) this.o.changed(names);
  };

  Shared.prototype.adopt = function (got) {
    /* Fills the form from a record read at the start of a visit (or from a backup). */
    this.rev = Math.max(this.rev, got.rev || 0);
    this.applied(this.merge(got).adopted);
    this.render();
  };

  Shared.prototype.write = function (rev) {
    var fields = Object.create(null), stamps = Object.create(null), self = this;
    Object.keys(this.known).forEach(function (f) {
      fields[f] = JSON.parse(self.known[f].v);
      stamps[f] = self.known[f].h;
    });
    this.rev = Math.max(this.rev, rev || 0) + 1;
    return this.store.set(this.key, JSON.stringify({ format: this.o.format,
      version: this.o.version, rev: this.rev, fields: fields, stamps: stamps }));
  };

  Shared.prototype.save = function () {
    /* Stamps what changed in the form since this tab last saved or merged, merges what other
       tabs saved since, and writes. State this page cannot read is set aside first. */
    var now = this.o.fields(), self = this;
    Object.keys(now).forEach(function (f) {
      var text = JSON.stringify(now[f] === undefined ? null : now[f]);
      var mine = self.known[f];
      if (mine && mine.v === text) return;
      self.known[f] = { v: text, h: [self.stamp()].concat(mine ? mine.h : []).slice(0, HISTORY) };
    });
    var raw = this.store.get(this.key);
    var got = this.parse(raw);
    if (got.kind === "unreadable") setAside(this.store, this.key, raw);
    if (got.kind === "record") this.applied(this.merge(got).adopted);
    var ok = this.write(got.rev);
    if (ok) this.flush();
    if (this.stale) this.render();  /* a merge kept a copy: show it */
    return ok;
  };

  Shared.prototype.heard = function (event) {
    /* Another tab wrote to storage: merge its record, or redraw the kept copies. */
    if (event.storageArea && event.storageArea !== this.store.backend) return;
    if (event.key === null || event.key.indexOf(this.key + ":copy:") === 0) {
      this.render();
      return;
    }
    if (event.key !== this.key || event.newValue === null) return;
    var got = this.parse(event.newValue);
    if (got.kind !== "record") return;  /* set aside by this tab's next save */
    this.rev = Math.max(this.rev, got.rev);
    var result = this.merge(got);
    this.applied(result.adopted);
    if (result.behind) this.write(got.rev);
    if (this.stale) this.render();
  };

  /* ---- Kept copies --------------------------------------------------------------------------
     A copy is {field, value, why, file, at}: field null holds a whole form ({name: value}).
     why: "tabs" (two tabs changed the field at once), "import" (a loaded file replaced the
     form) or "restore" (putting a copy back replaced this). */
  Shared.prototype.keep = function (field, value, why, file) {
    var id = hash(JSON.stringify([field, value]));
    var copy = { format: "claimlab-copy", version: 1, field: field, value: value, why: why,
      file: file || null, at: nowIso() };
    var name = this.key + ":copy:" + id;
    this.stale = true;
    if (this.store.get(name) === null && !this.store.set(name, JSON.stringify(copy))) {
      this.memory[id] = copy;
    }
    return id;
  };

  Shared.prototype.flush = function () {
    /* Copies kept in memory while storage was full go to storage once it takes writes. */
    var self = this;
    Object.keys(this.memory).forEach(function (id) {
      if (self.store.set(self.key + ":copy:" + id, JSON.stringify(self.memory[id]))) {
        delete self.memory[id];
      }
    });
  };

  Shared.prototype.copies = function () {
    var out = Object.create(null), self = this, prefix = this.key + ":copy:";
    Object.keys(this.memory).forEach(function (id) { out[id] = self.memory[id]; });
    this.store.keys(prefix).forEach(function (name) {
      var copy = parseJson(self.store.get(name));
      if (isObject(copy) && copy.format === "claimlab-copy" && "value" in copy) {
        out[name.slice(prefix.length)] = copy;
      }
    });
    return out;
  };

  Shared.prototype.drop = function (id) {
    delete this.memory[id];
    this.store.remove(this.key + ":copy:" + id);
  };

  Shared.prototype.use = function (id, copy) {
    /* Puts a kept copy back in the form; what it replaces is kept in its turn. */
    var now = this.o.fields(), o = this.o, kept = null;
    if (copy.field === null) {
      if (!isEmpty(now)) kept = this.keep(null, now, "restore");
      Object.keys(now).forEach(function (f) {
        o.put(f, isObject(copy.value) && f in copy.value ? copy.value[f] : null);
      });
    } else {
      var current = now[copy.field];
      if (!isEmpty(current) && JSON.stringify(current) !== JSON.stringify(copy.value)) {
        kept = this.keep(copy.field, current, "restore");
      }
      o.put(copy.field, copy.value);
      if (o.used) o.used(copy.field);
    }
    this.drop(id);
    if (o.changed) o.changed(copy.field === null ? Object.keys(now) : [copy.field]);
    this.save();
    this.render();
    /* Focus goes to the copy of what was replaced (a screen reader reads what happened), or
       back to where the copy was shown. */
    var box = kept !== null && this.boxes[kept];
    if (box) box.focus();
    else if (o.anchor(copy.field) && o.anchor(copy.field).focus) o.anchor(copy.field).focus();
  };

  function isEmpty(value) {
    if (value === null || value === undefined || value === false) return true;
    if (typeof value === "string") return !value.trim();
    if (isObject(value)) {
      return Object.keys(value).every(function (k) { return isEmpty(value[k]); });
    }
    return false;
  }

  Shared.prototype.describe = function (copy) {
    var o = this.o;
    var what = copy.field === null ? "what was in the form" : "\u201c" + o.label(copy.field) +
      "\u201d";
    if (copy.why === "import") {
      return "Loading " + String(copy.file || "a file").slice(0, 120) + " replaced " +
        "what was in the form. What it replaced is kept here, so nothing is lost:";
    }
    if (copy.why === "restore") {
      return "Putting a kept copy back replaced " + what + ". The version it replaced is " +
        "kept here:";
    }
    return "Two tabs of this page changed " + what + " at the same time. The later change is " +
      "in the form; the other version is kept here, so nothing is lost:";
  };

  Shared.prototype.render = function () {
    /* Shows every kept copy next to its field (a whole-form copy next to the file picker),
       adding and removing boxes one by one so a screen reader announces only new ones. */
    var self = this, o = this.o, copies = this.copies();
    this.stale = false;
    Object.keys(this.boxes).forEach(function (id) {
      if (!copies[id]) { self.boxes[id].remove(); delete self.boxes[id]; }
    });
    Object.keys(copies).forEach(function (id) {
      if (self.boxes[id]) return;
      var copy = copies[id];
      var anchor = o.anchor(copy.field);
      if (!anchor) return;
      var box = document.createElement("div");
      box.className = "cl-copy";
      box.setAttribute("data-cl-copy", copy.field === null ? "" : copy.field);
      box.setAttribute("role", "group");
      box.tabIndex = -1;
      var title = document.createElement("p");
      title.id = o.root.id + "-copy-" + id;
      title.setAttribute("role", "alert");
      title.textContent = self.describe(copy);
      box.setAttribute("aria-labelledby", title.id);
      box.appendChild(title);
      if (copy.field === null) {
        var list = document.createElement("dl");
        list.className = "cl-copy-text";
        Object.keys(isObject(copy.value) ? copy.value : {}).forEach(function (f) {
          if (isEmpty(copy.value[f])) return;
          var dt = document.createElement("dt");
          dt.textContent = o.label(f);
          var dd = document.createElement("dd");
          dd.textContent = o.show(f, copy.value[f]);
          list.appendChild(dt);
          list.appendChild(dd);
        });
        box.appendChild(list);
      } else {
        var text = document.createElement("p");
        text.className = "cl-copy-text";
        text.textContent = o.show(copy.field, copy.value);
        box.appendChild(text);
      }
      var buttons = document.createElement("div");
      buttons.className = "cl-ex-buttons";
      [[copy.field === null ? "Put this back in the form" : "Use this version", function () {
        self.use(id, copy);
      }], ["Delete this copy", function () {
        self.drop(id);
        self.render();
        if (o.root.querySelector) {
          var next = o.root.querySelector(".cl-copy button") || anchor;
          if (next.focus) next.focus();
        }
      }]].forEach(function (pair) {
        var button = document.createElement("button");
        button.type = "button";
        button.textContent = pair[0];
        button.addEventListener("click", pair[1]);
        buttons.appendChild(button);
      });
      box.appendChild(buttons);
      anchor.parentNode.insertBefore(box, anchor.nextSibling);
      self.boxes[id] = box;
    });
  };

  return { slug: slug, nowIso: nowIso, download: download, parseJson: parseJson, Store: Store,
    storageProblem: storageProblem, setAside: setAside, placeNear: placeNear, Shared: Shared,
    isObject: isObject, isEmpty: isEmpty };
})();

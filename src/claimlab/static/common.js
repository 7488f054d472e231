/* claimlab helpers shared by every kernel-free form; the renderer inlines this file before each
   form's own script. Defined once per page: later copies reuse the first. */
window.ClaimlabCommon = window.ClaimlabCommon || (function () {
  "use strict";

  function slug(text) {
    /* Mirrors claimlab.submission._slug: each run of characters other than letters, digits and
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
  Store.prototype.get = function (key) {
    if (!this.backend) return null;
    try { return this.backend.getItem(key); } catch (e) { this.problem("blocked"); return null; }
  };
  Store.prototype.set = function (key, value) {
    if (!this.backend) return false;
    try {
      this.backend.setItem(key, value);
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

  function storageProblem(kind, what, how) {
    /* The notice a form shows when its storage fails: what is not kept, and how to keep it. */
    var cause = kind === "full"
      ? "This browser's storage for this site is full"
      : "This browser does not let this page store anything";
    return cause + ", so " + what + " cannot be saved here and will be lost when you close or " +
      "reload the page. Everything still works while the page is open: " + how;
  }

  return { slug: slug, nowIso: nowIso, download: download, parseJson: parseJson, Store: Store,
    storageProblem: storageProblem };
})();

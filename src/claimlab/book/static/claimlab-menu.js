/* claimlab: make the visible menu buttons work (claimlab.book.theme).
   pydata-sphinx-theme 0.17 and sphinx-book-theme 1.3 each render a `.primary-toggle` (and a
   `.secondary-toggle`), and both themes bind their click handlers to the first one only, which
   the book theme hides (pydata-sphinx-theme issue #2451). A click on any other toggle of the same
   kind is handed to the bound one: on a phone it opens the chapter menu, on a desktop it hides or
   shows the sidebar. */
(function () {
  function handOver(kind) {
    var toggles = document.querySelectorAll("." + kind);
    if (toggles.length < 2) return;
    var bound = toggles[0];
    Array.prototype.slice.call(toggles, 1).forEach(function (button) {
      button.addEventListener("click", function (event) {
        event.preventDefault();
        event.stopImmediatePropagation();
        bound.click();
      });
    });
  }
  function fix() {
    handOver("primary-toggle");
    handOver("secondary-toggle");
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", fix);
  } else {
    fix();
  }
})();

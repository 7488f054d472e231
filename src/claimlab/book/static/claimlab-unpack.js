/* claimlab: restore the forms' JSON payloads that the book sent packed (claimlab.book.build).
   A packed payload is {"$packed": 1, "table": [sentences], "data": payload}, where each long
   string of the payload is {"$s": [indexes into table]} and its sentences join with one space.
   Runs before the forms' scripts, which then read the payload exactly as the engine wrote it. */
(function () {
  "use strict";
  function expand(value, table) {
    if (Array.isArray(value)) return value.map(function (v) { return expand(v, table); });
    if (value === null || typeof value !== "object") return value;
    var keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === "$s") {
      return value.$s.map(function (i) { return table[i]; }).join(" ");
    }
    var out = {};
    keys.forEach(function (k) { out[k] = expand(value[k], table); });
    return out;
  }
  var packed = document.querySelectorAll("script[data-cl-payload][data-cl-packed]");
  Array.prototype.forEach.call(packed, function (el) {
    var wrapper = JSON.parse(el.textContent);
    el.textContent = JSON.stringify(expand(wrapper.data, wrapper.table));
    el.removeAttribute("data-cl-packed");
  });
})();

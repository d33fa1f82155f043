/* minsheng pages: sortable and filterable tables, a check that every plot loaded. No network, no library. */
(function () {
  "use strict";
  function sortKey(cell, numeric) {
    if (!cell) { return null; }
    var v = cell.getAttribute("data-v");
    if (numeric) {
      var x = parseFloat(v);
      return isNaN(x) ? null : x;
    }
    return (v !== null ? v : cell.textContent).trim() || null;
  }
  function compare(a, b, numeric) {
    return numeric ? a - b : String(a).localeCompare(String(b), "zh-Hans");
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.ms-table"), function (table) {
    var tbody = table.tBodies[0];
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, col) {
      var button = th.querySelector("button");
      if (!button) { return; }
      button.addEventListener("click", function () {
        var numeric = th.getAttribute("data-type") === "number";
        var dir = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
        Array.prototype.forEach.call(heads, function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", dir);
        var rows = Array.prototype.slice.call(tbody.rows);
        rows.sort(function (r1, r2) {
          var a = sortKey(r1.cells[col], numeric), b = sortKey(r2.cells[col], numeric);
          if (a === null || b === null) { return (a === null) - (b === null); }  /* empty cells last */
          return dir === "ascending" ? compare(a, b, numeric) : compare(b, a, numeric);
        });
        rows.forEach(function (r) { tbody.appendChild(r); });
      });
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll("input[data-filter]"), function (input) {
    var table = document.getElementById(input.getAttribute("data-filter"));
    var count = document.getElementById(input.getAttribute("data-count"));
    input.addEventListener("input", function () {
      var q = input.value.trim().toLowerCase();
      var rows = table.tBodies[0].rows, shown = 0;
      Array.prototype.forEach.call(rows, function (r) {
        var hit = !q || r.textContent.toLowerCase().indexOf(q) >= 0;
        r.hidden = !hit;
        if (hit) { shown += 1; }
      });
      count.textContent = shown + " / " + rows.length;
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll("img[data-plot]"), function (img) {
    function done() { img.setAttribute("data-ok", img.naturalWidth > 0 ? "1" : "0"); }
    if (img.complete) { done(); } else { img.addEventListener("load", done); img.addEventListener("error", done); }
  });
  document.body.setAttribute("data-ready", "1");
}());

// Sortable tables: click a column's header to sort the rows by it (numbers as numbers, dates and
// words as text), click again to reverse. Works on every <table class="grid"> with a <thead>;
// the server's order stays until a header is clicked. Only moves existing rows: no markup is built.
(function () {
  "use strict";
  function value(cell) {
    var t = (cell ? cell.textContent : "").trim();
    var n = t.replace(/,/g, "");
    return /^-?\d+(\.\d+)?$/.test(n) ? { num: true, v: parseFloat(n) } : { num: false, v: t.toLowerCase() };
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.grid"), function (table) {
    var head = table.tHead, body = table.tBodies[0];
    if (!head || !body || table.classList.contains("nosort")) return;
    Array.prototype.forEach.call(head.rows[0].cells, function (th, col) {
      th.classList.add("sortable");
      th.setAttribute("tabindex", "0");
      th.setAttribute("title", "sort by " + th.textContent.trim());
      function sort() {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(head.rows[0].cells, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows).filter(function (r) { return r.cells.length > col; });
        rows.sort(function (a, b) {
          var x = value(a.cells[col]), y = value(b.cells[col]);
          var c = (x.num && y.num) ? x.v - y.v : String(x.v).localeCompare(String(y.v));
          return asc ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); } });
    });
  });
})();

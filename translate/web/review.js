/* Review pages: inlined into every page. The page is complete without it (flags are marked
   by the writer, the flagged-only filter is CSS); this adds the threshold input, sorting, and
   reading #below=NN&only=flagged&sort=chrf from the address so a view can be shared. */
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");

  function each(list, fn) { Array.prototype.forEach.call(list, fn); }

  function hashOptions() {
    var options = {};
    (location.hash || "").replace(/^#/, "").split("&").forEach(function (pair) {
      var bits = pair.split("=");
      if (bits.length === 2) { options[bits[0]] = decodeURIComponent(bits[1]); }
    });
    return options;
  }

  function score(row, key) {
    var value = row.getAttribute("data-" + key);
    return value === null || value === "" ? null : Number(value);
  }

  function applyThreshold(limit) {
    var flagged = 0, rows = document.querySelectorAll("tr.seg");
    each(rows, function (row) {
      var chrf = score(row, "chrf");
      var low = chrf !== null && chrf < limit;
      var isFlagged = low || row.getAttribute("data-review") === "1";
      row.classList.toggle("low", low);
      row.classList.toggle("flagged", isFlagged);
      if (isFlagged) { flagged += 1; }
    });
    var count = document.getElementById("flag-count");
    if (count) { count.textContent = flagged + " of " + rows.length + " segments flagged"; }
    each(document.querySelectorAll(".threshold-value"), function (el) { el.textContent = limit; });
  }

  function sortBy(table, key, descending) {
    var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = score(a, key), y = score(b, key);
      if (x === null && y === null) { return score(a, "index") - score(b, "index"); }
      if (x === null) { return 1; }
      if (y === null) { return -1; }
      return (descending ? y - x : x - y) || score(a, "index") - score(b, "index");
    });
    rows.forEach(function (row) { body.appendChild(row); });
    each(table.querySelectorAll("th[data-key]"), function (th) {
      var on = th.getAttribute("data-key") === key;
      th.setAttribute("aria-sort", on ? (descending ? "descending" : "ascending") : "none");
    });
  }

  function setUpSorting() {
    each(document.querySelectorAll("table.sortable"), function (table) {
      each(table.querySelectorAll("th[data-key] button.sort"), function (button) {
        button.addEventListener("click", function () {
          var th = button.parentNode, key = th.getAttribute("data-key");
          sortBy(table, key, th.getAttribute("aria-sort") === "ascending");
        });
      });
    });
  }

  function setUpThreshold(options) {
    var number = document.getElementById("threshold");
    var range = document.getElementById("threshold-range");
    if (!number) { return; }
    function update(source) {
      var value = Number(source.value);
      if (isNaN(value)) { return; }
      number.value = range.value = value;
      applyThreshold(value);
    }
    number.addEventListener("input", function () { update(number); });
    range.addEventListener("input", function () { update(range); });
    if (options.below !== undefined && !isNaN(Number(options.below))) {
      number.value = options.below;
    }
    update(number);
  }

  function setUpFilter(options) {
    var only = document.getElementById("only-flagged");
    if (!only) { return; }
    function sync() { root.classList.toggle("only-flagged", only.checked); }
    only.addEventListener("change", sync);
    if (options.only === "flagged") { only.checked = true; }
    sync();
  }

  var options = hashOptions();
  setUpSorting();
  setUpThreshold(options);
  setUpFilter(options);
  var table = document.querySelector("table.sortable");
  if (table && options.sort) { sortBy(table, options.sort, options.order === "desc"); }
  root.setAttribute("data-ready", "1");
})();

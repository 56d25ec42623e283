// Filters for report.html: show only the control and result rows matching every chosen value, and hide
// controls and checks left with no visible row. Reads data-* attributes only; never builds HTML.
(function () {
  "use strict";
  var selects = Array.prototype.slice.call(document.querySelectorAll("select[data-filter]"));
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr[data-account]"));
  var blocks = Array.prototype.slice.call(document.querySelectorAll("div.control, section.check"));
  var count = document.getElementById("filter-count");

  function matches(row, wanted) {
    return wanted.every(function (want) {
      var value = row.dataset[want.key];
      return value === undefined || value === want.value;
    });
  }

  function apply() {
    var wanted = selects
      .filter(function (s) { return s.value !== ""; })
      .map(function (s) { return { key: s.dataset.filter, value: s.value }; });
    var shown = 0;
    rows.forEach(function (row) {
      var visible = matches(row, wanted);
      row.hidden = !visible;
      if (visible) { shown += 1; }
    });
    blocks.forEach(function (block) {
      var own = block.querySelectorAll("tr[data-account]");
      var anyVisible = Array.prototype.some.call(own, function (r) { return !r.hidden; });
      block.hidden = wanted.length > 0 && own.length > 0 && !anyVisible;
    });
    count.textContent = wanted.length ? shown + " of " + rows.length + " rows shown" : "";
  }

  selects.forEach(function (s) { s.addEventListener("change", apply); });
  apply();
})();

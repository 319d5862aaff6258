// Progressive enhancement of the progress dashboard: the table works without
// JavaScript; with it, labelled native <select>s filter the rows and the number
// of rows shown is announced in a role="status" region. Focus never moves.
(function () {
  "use strict";
  var form = document.getElementById("dashboard-filters");
  var table = document.getElementById("dashboard-table");
  var count = document.getElementById("dashboard-count");
  if (!form || !table || !count) {
    return;
  }
  var selects = form.querySelectorAll("select[data-filter]");
  var rows = table.querySelectorAll("tbody tr");
  function apply() {
    var shown = 0;
    rows.forEach(function (row) {
      var visible = true;
      selects.forEach(function (select) {
        var wanted = select.value;
        if (!wanted) {
          return;
        }
        var values = (row.getAttribute("data-" + select.getAttribute("data-filter")) || "").split(" ");
        if (values.indexOf(wanted) < 0) {
          visible = false;
        }
      });
      row.hidden = !visible;
      if (visible) {
        shown += 1;
      }
    });
    count.textContent = rows.length + " 件中 " + shown + " 件を表示しています。";
  }
  selects.forEach(function (select) {
    select.addEventListener("change", apply);
  });
  form.addEventListener("reset", function () {
    window.setTimeout(apply, 0);
  });
  form.hidden = false;
  apply();
})();

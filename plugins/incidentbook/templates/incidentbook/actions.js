/* incidentbook: filters and sorting for the "All actions" table of the follow-up action index.
 * The page is complete without this script; it only unhides the filter form, hides rows that do not
 * match and reorders rows when a column header is clicked. Rows carry data-* attributes to filter on;
 * cells whose text does not sort well (dates, priorities) carry a data-sort value (see actions.html). */
(function () {
  "use strict";

  function matches(row, filters) {
    var data = row.dataset;
    if (filters.text && data.text.indexOf(filters.text) === -1) return false;
    if (filters.status === "is-open" && data.status !== "open" && data.status !== "in_progress") return false;
    if (filters.status === "is-overdue" && data.overdue !== "true") return false;
    if (filters.status && filters.status.indexOf("is-") !== 0 && data.status !== filters.status) return false;
    var keys = ["owner", "team", "priority", "type"];
    for (var i = 0; i < keys.length; i++) {
      var wanted = filters[keys[i]];
      if (wanted && (data[keys[i]] || "-") !== wanted) return false;
    }
    return true;
  }

  function applyFilters(form, table) {
    var filters = {
      text: form.elements.text.value.trim().toLowerCase(),
      status: form.elements.status.value,
      owner: form.elements.owner.value,
      team: form.elements.team.value,
      priority: form.elements.priority.value,
      type: form.elements.type.value
    };
    var rows = table.tBodies[0].rows;
    var shown = 0;
    for (var i = 0; i < rows.length; i++) {
      var visible = matches(rows[i], filters);
      rows[i].hidden = !visible;
      if (visible) shown++;
    }
    form.querySelector("output").textContent = form.dataset.shownLabel
      .replace("{shown}", shown).replace("{total}", rows.length);
  }

  function compare(a, b, numeric) {
    if (numeric) return Number(a) - Number(b);
    return a.localeCompare(b, undefined, { sensitivity: "base" });
  }

  function sortBy(table, header) {
    var index = header.cellIndex;
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var values = rows.map(function (row) {
      var cell = row.cells[index];
      return cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent.trim();
    });
    var numeric = values.every(function (v) { return v !== "" && !isNaN(Number(v)); });
    var order = rows.map(function (row, i) { return i; });
    order.sort(function (i, j) {
      var result = compare(values[i], values[j], numeric) || i - j;  /* stable */
      return ascending ? result : -result;
    });
    order.forEach(function (i) { body.appendChild(rows[i]); });
    var headers = table.tHead.rows[0].cells;
    for (var k = 0; k < headers.length; k++) headers[k].removeAttribute("aria-sort");
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  function addSortButtons(form, table) {
    var headers = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(headers, function (header) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "ib-sort";
      button.textContent = header.textContent;
      button.title = form.dataset.sortLabel.replace("{column}", header.textContent);
      button.addEventListener("click", function () { sortBy(table, header); });
      header.textContent = "";
      header.appendChild(button);
    });
  }

  function mount() {
    var form = document.querySelector("form[data-ib-filters]");
    var table = document.getElementById("ib-actions-all");
    if (!form || !table || form.dataset.ibMounted) return;
    form.dataset.ibMounted = "true";
    form.hidden = false;
    form.addEventListener("input", function () { applyFilters(form, table); });
    form.addEventListener("change", function () { applyFilters(form, table); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () {
      window.setTimeout(function () { applyFilters(form, table); }, 0);
    });
    addSortButtons(form, table);
    applyFilters(form, table);
  }

  /* Material's instant navigation swaps pages without reloading: it announces each one on document$. */
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(mount);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mount);
  } else {
    mount();
  }
})();

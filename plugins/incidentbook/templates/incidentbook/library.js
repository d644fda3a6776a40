/* Filters of the post-mortem library index (templates/incidentbook/library.html).
 *
 * Progressive enhancement: without JavaScript the page lists every record and the form stays hidden.
 * Each row carries its values as data-* attributes (space-separated lists); a row is shown when, for
 * every filter that has a value, that value is in the row's list. The chosen filters are kept in the
 * query string, so a filtered view can be linked and survives a reload.
 */
(function () {
  "use strict";

  function setup() {
    var form = document.querySelector("[data-ib-filters]");
    var list = document.querySelector("[data-ib-records]");
    if (!form || !list || form.dataset.ibReady) return;
    form.dataset.ibReady = "true";
    var rows = Array.prototype.slice.call(list.children);
    var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
    var shown = form.querySelector("[data-ib-shown]");

    function matches(row, wanted) {
      return wanted.every(function (filter) {
        var values = " " + (row.getAttribute("data-" + filter.name) || "") + " ";
        return values.indexOf(" " + filter.value + " ") !== -1;
      });
    }

    function apply() {
      var wanted = selects.filter(function (s) { return s.value; });
      var count = 0;
      rows.forEach(function (row) {
        row.hidden = !matches(row, wanted);
        if (!row.hidden) count += 1;
      });
      shown.textContent = shown.dataset.template
        .replace("{shown}", String(count)).replace("{total}", String(rows.length));
      var query = new URLSearchParams();
      wanted.forEach(function (s) { query.set(s.name, s.value); });
      var search = query.toString();
      history.replaceState(history.state, "", search ? "?" + search : location.pathname + location.hash);
    }

    var initial = new URLSearchParams(location.search);
    selects.forEach(function (s) {
      var value = initial.get(s.name);
      if (value && s.querySelector('option[value="' + CSS.escape(value) + '"]')) s.value = value;
    });
    form.addEventListener("change", apply);
    form.addEventListener("reset", function () { setTimeout(apply, 0); });
    form.hidden = false;
    apply();
  }

  /* Material's instant navigation swaps pages without reloading scripts: it announces each page on document$. */
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);
  } else {
    setup();
  }
})();

// Staff pipeline. The filters fold away on narrow screens: their <details> is closed in the
// HTML (so a phone shows the rows first, also without JavaScript) and opened here on screens
// at least as wide as its data-open-from.
(() => {
  const filters = document.getElementById("pipeline-filters");
  if (filters && window.matchMedia(`(min-width: ${filters.dataset.openFrom})`).matches) {
    filters.open = true;
  }
})();
// Staff pipeline: "Select all on this page" ticks or clears every row's box, and a row box
// cleared by hand clears it. Without JavaScript the server reads "select all" itself.
(() => {
  const form = document.getElementById("bulk-form");
  if (!form) return;
  const all = form.querySelector("input[name=all_on_page]");
  const rows = Array.from(form.querySelectorAll("input[name=selected]"));
  if (!all) return;
  all.addEventListener("change", () => {
    rows.forEach((box) => {
      box.checked = all.checked;
    });
  });
  rows.forEach((box) => {
    box.addEventListener("change", () => {
      all.checked = rows.every((row) => row.checked);
    });
  });
  const summary = document.getElementById("error-summary");
  if (summary) summary.focus();
})();

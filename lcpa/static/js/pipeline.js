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

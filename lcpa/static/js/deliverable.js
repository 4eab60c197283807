// Deliverable form: "Add a row" adds a table row on the page instead of sending the form.
// Without JavaScript the same button sends the form and the server adds the row.
(() => {
  const form = document.getElementById("deliverable-form");
  if (!form) return;

  const MAX_ROWS = 40;
  const cellName = /__(\d+)_(\d+)$/;

  form.querySelectorAll("[data-add-row]").forEach((button) => {
    // Enter in a field saves the draft rather than adding a row.
    button.type = "button";
    button.addEventListener("click", () => {
      const prompt = button.closest("[data-table-prompt]");
      const body = prompt.querySelector("[data-table-rows]");
      const count = prompt.querySelector("[data-row-count]");
      const status = prompt.querySelector("[data-row-status]");
      const rows = body.querySelectorAll("[data-table-row]");
      if (rows.length >= MAX_ROWS) {
        status.textContent = `A table can have up to ${MAX_ROWS} rows.`;
        return;
      }
      const index = rows.length;
      const row = rows[rows.length - 1].cloneNode(true);
      row.querySelector("[data-row-number]").textContent = String(index + 1);
      row.querySelectorAll("input").forEach((input) => {
        input.value = "";
        input.removeAttribute("aria-describedby");
        input.removeAttribute("aria-invalid");
        input.name = input.name.replace(cellName, (_m, _row, column) => `__${index}_${column}`);
        input.id = `id_${input.name}`;
      });
      row.querySelectorAll("[data-cell-label]").forEach((label) => {
        label.htmlFor = label.htmlFor.replace(cellName, (_m, _row, column) => `__${index}_${column}`);
        label.textContent = label.textContent.replace(/row \d+$/, `row ${index + 1}`);
      });
      body.appendChild(row);
      count.value = String(index + 1);
      status.textContent = `Row ${index + 1} added.`;
      const first = row.querySelector("input");
      if (first) first.focus();
    });
  });
})();

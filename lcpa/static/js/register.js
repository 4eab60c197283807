// Register-interest page: member rows added with htmx are focused, and rows are removed on the
// page without a round trip. Without JavaScript the same page works with its submit buttons.
(() => {
  const form = document.getElementById("registration-form");
  const rows = document.getElementById("member-rows");
  if (!form || !rows) return;
  const addButton = form.querySelector("button[name=add_member]");
  const status = document.getElementById("member-status");
  const rowPrefix = /members-\d+-/g;

  // With JavaScript, Enter in a field sends the form instead of adding a member.
  if (addButton) addButton.type = "button";

  const memberRows = () => Array.from(rows.querySelectorAll("[data-member-row]"));

  // Show the remove buttons and hide the no-JavaScript "remove" boxes; focus the first field
  // of a row htmx has just added.
  htmx.onLoad((root) => {
    root.querySelectorAll("[data-member-delete]").forEach((box) => {
      box.hidden = true;
    });
    root.querySelectorAll("[data-member-remove]").forEach((button) => {
      button.hidden = false;
    });
    if (root.matches && root.matches("[data-member-row]")) {
      const first = root.querySelector("input, select");
      if (first) first.focus();
    }
  });

  // Keep the formset's numbering continuous: names, ids and labels follow the row's position.
  const renumber = () => {
    const all = memberRows();
    all.forEach((row, index) => {
      row.id = `member-${index}`;
      row.querySelectorAll("[data-member-number]").forEach((number) => {
        number.textContent = String(index + 1);
      });
      row.querySelectorAll("[name], [id], [for], [aria-describedby]").forEach((element) => {
        for (const attribute of ["name", "id", "for", "aria-describedby"]) {
          const value = element.getAttribute(attribute);
          if (value) element.setAttribute(attribute, value.replace(rowPrefix, `members-${index}-`));
        }
      });
    });
    document.getElementById("id_members-TOTAL_FORMS").value = String(all.length);
  };

  rows.addEventListener("click", (event) => {
    const button = event.target.closest("[data-member-remove]");
    if (!button) return;
    const row = button.closest("[data-member-row]");
    const position = memberRows().indexOf(row);
    row.remove();
    renumber();
    if (addButton) addButton.disabled = false;
    status.textContent = `Removed member ${position + 1}. The list now has ${memberRows().length}.`;
    const next = memberRows()[position] || memberRows()[position - 1];
    const target = next ? next.querySelector("input, select") : addButton;
    if (target) target.focus();
  });
})();

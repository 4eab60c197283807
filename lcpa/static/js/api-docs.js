// The API docs page (api/docs.html). Swagger UI draws some controls without an accessible
// name or focus; each time it redraws, give them what they lack.
const NAMES = [
  [".copy-to-clipboard button", "Copy to clipboard"],
  [".close-modal", "Close"],
];

function label(root) {
  NAMES.forEach(([selector, name]) => {
    root.querySelectorAll(`${selector}:not([aria-label])`).forEach((button) => {
      button.setAttribute("aria-label", name);
    });
  });
  // A select for a query parameter: named after its parameter.
  root.querySelectorAll("tr[data-param-name] select:not([aria-label])").forEach((select) => {
    select.setAttribute("aria-label", select.closest("tr").dataset.paramName);
  });
  // Its visible word is the accessible name people say to voice control ("Authorize").
  root.querySelectorAll('button.authorize[aria-label="Apply credentials"]').forEach((button) => {
    button.removeAttribute("aria-label");
  });
  // Code samples that scroll sideways: reachable with the keyboard.
  root.querySelectorAll(".microlight:not([tabindex])").forEach((code) => {
    code.setAttribute("tabindex", "0");
  });
}

const docs = document.getElementById("swagger-ui");
new MutationObserver(() => label(docs)).observe(docs, { childList: true, subtree: true });

// The skip link moves keyboard focus, not only the view, to the reference.
document.querySelector(".lc-api-skip").addEventListener("click", () => {
  document.getElementById("main-content").focus();
});

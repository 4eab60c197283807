// Site-wide behaviour. Loaded as a file because the Content Security Policy forbids inline scripts.
document.body.addEventListener("htmx:configRequest", (event) => {
  const token = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (token) event.detail.headers["X-CSRFToken"] = token.value;
});

// The mobile menu. While it is open, USWDS marks everything outside it aria-hidden: that hides
// the page's main landmark and heading from assistive technology and leaves focusable links
// inside hidden regions. The menu already keeps keyboard focus inside itself (USWDS's focus
// trap; Escape, the close button and the overlay close it), so the page behind stays readable.
new MutationObserver(() => {
  document.querySelectorAll("[data-nav-hidden][aria-hidden]").forEach((element) => {
    element.removeAttribute("aria-hidden");
  });
}).observe(document.body, { attributes: true, attributeFilter: ["class"] });
// A form's error summary, or the note that it was saved, takes focus when the page loads. The
// template's autofocus does it without JavaScript; here it is also brought into view, in case
// the browser skipped autofocus (a link with #fragment) or left it scrolled out of sight.
// Failing those, the message at the top of the page (what an action that went back to a list
// did) takes focus, so keyboard and screen-reader users start from it.
const focusOnLoad =
  document.querySelector("#error-summary[data-focus-on-load], #saved-note[data-focus-on-load]") ||
  document.querySelector("[data-focus-on-load]");
if (focusOnLoad) {
  focusOnLoad.focus({ preventScroll: true });
  focusOnLoad.scrollIntoView({ block: "start" });
}

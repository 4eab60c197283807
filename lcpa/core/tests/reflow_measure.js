// Run in the page by test_browser_reflow.py: how wide the document is, and what breaks reflow.
// `desktop` is true at a full desktop width, where nothing should need sideways scrolling.
(desktop) => {
  const limit = window.innerWidth;
  const name = (el) =>
    el.tagName.toLowerCase() +
    (el.id ? `#${el.id}` : "") +
    [...el.classList].slice(0, 3).map((c) => `.${c}`).join("");
  const path = (el) => {
    const parts = [];
    for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) {
      parts.unshift(name(e));
    }
    return parts.join(" > ");
  };
  const clips = (el) => getComputedStyle(el).overflowX !== "visible";
  const hidden = (el) => {
    const style = getComputedStyle(el);
    const offLeft = style.position === "absolute" && el.getBoundingClientRect().right <= 1;
    return style.visibility === "hidden" || offLeft; // usa-sr-only moves text off to the left
  };
  const inScroller = (el) => {
    for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) {
      if (clips(e)) return true;
    }
    return false;
  };
  const sticksOut = (el) => el.getBoundingClientRect().right > limit + 1;
  const wider = (el) =>
    el.clientWidth > 1 && el.scrollWidth > el.clientWidth + 1 && el.textContent.trim() !== "";
  const out = [];
  const cut = [];
  const tight = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || hidden(el)) continue;
    // Past the right edge: name the culprit (whose parent fits), not its children. What is
    // inside a box that scrolls or clips is that box's business: the box itself must fit.
    const parentFits = el.parentElement === document.body || !sticksOut(el.parentElement);
    if (sticksOut(el) && parentFits && !inScroller(el)) {
      out.push(`${path(el)} reaches ${Math.round(box.right)} px`);
    }
    // Hidden overflow cuts content off; a table cell whose content spills out overlaps the
    // next one; and at a desktop width no table should have to scroll to be read.
    const style = getComputedStyle(el);
    const scrolls = style.overflowX === "auto" || style.overflowX === "scroll";
    const cell = el.tagName === "TD" || el.tagName === "TH";
    if (wider(el) && (clips(el) ? !scrolls || desktop : cell)) {
      cut.push(`${path(el)} shows ${el.clientWidth} of ${el.scrollWidth} px`);
    }
    // Running text at the line height of USWDS prose (1.5).
    const running = el.tagName === "P" && el.closest("main") && el.textContent.trim().length > 120;
    if (desktop && running && parseFloat(style.lineHeight) < 1.45 * parseFloat(style.fontSize)) {
      tight.push(`${path(el)} has a line height of ${style.lineHeight} for ${style.fontSize} text`);
    }
  }
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: limit,
    height: document.documentElement.scrollHeight,
    out: out.slice(0, 8),
    cut: cut.slice(0, 8),
    tight: tight.slice(0, 8),
  };
};

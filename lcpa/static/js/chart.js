// Run, control and funnel charts: each `.lc-chart` holds a Vega-Lite spec built on the server
// (lcpa/outcomes/charts.py), delivered with json_script and named by data-spec-id. Loaded as a
// static file after vega, vega-lite and vega-embed.
//
// Content Security Policy, as in map.js: `ast: true` makes vega parse expressions to syntax
// trees run by vega-embed's bundled vega-interpreter (no eval); `defaultStyle: false` and
// `disableDefaultStyle` stop the injected <style> elements (their rules are in css/site.css).
// The table beside each chart says the same in text, so the drawing has no ARIA roles.
(function () {
  "use strict";

  function fail(drawing, message) {
    drawing.replaceChildren();
    var note = document.createElement("p");
    note.className = "lc-chart__fallback";
    note.textContent = message;
    drawing.appendChild(note);
  }

  // On a phone or in a small multiple the event labels (drawn upright) pile onto each other:
  // keep their dashed rules only. Each event is still named in the page's text.
  function withoutEventLabels(spec) {
    (spec.layer || []).forEach(function (layer) {
      var values = layer.data && layer.data.values;
      if (values && values.length && "kind" in values[0] && layer.layer) {
        layer.layer = layer.layer.filter(function (inner) {
          return !(inner.mark && inner.mark.type === "text");
        });
      }
    });
  }

  function draw(container) {
    var drawing = container.querySelector(".lc-chart__drawing");
    var source = document.getElementById(container.dataset.specId);
    if (!drawing || !source) return;
    if (typeof window.vegaEmbed !== "function") {
      fail(drawing, "The chart could not be loaded. The table has the same values.");
      return;
    }
    var spec = JSON.parse(source.textContent);
    var small = container.hasAttribute("data-small");
    var width = Math.max(240, Math.floor(container.clientWidth || 640));
    spec.width = width;
    spec.height = small ? Math.round(width * 0.5) : Math.max(220, Math.round(width * 0.42));
    spec.autosize = { type: "fit", contains: "padding" };
    if (small) spec.config = Object.assign({}, spec.config, { legend: { disable: true } });
    if (small || width < 560) {
      withoutEventLabels(spec);
      var legend = Object.assign({}, (spec.config || {}).legend, { columns: 1 });
      spec.config = Object.assign({}, spec.config, { legend: legend });
    }
    drawing.replaceChildren();
    window
      .vegaEmbed(drawing, spec, {
        ast: true,
        actions: false,
        defaultStyle: false,
        renderer: "svg",
        tooltip: { disableDefaultStyle: true, theme: "light" },
      })
      .catch(function (error) {
        console.error("A chart could not be drawn:", error);
        fail(drawing, "The chart could not be drawn. The table has the same values.");
      });
  }

  document.querySelectorAll(".lc-chart").forEach(draw);
})();

// The participating-jurisdictions map: us-atlas state shapes and one dot per jurisdiction, drawn
// with Vega-Lite. Loaded as a static file after vega, vega-lite and vega-embed.
//
// Content Security Policy: the page forbids eval and inline styles. `ast: true` makes vega parse
// expressions to syntax trees that vega-embed runs with its bundled vega-interpreter (the
// CSP-safe evaluator; the npm vega-interpreter build is an ES module with a bare 'vega-util'
// import, which a browser cannot load without an inline import map). `defaultStyle: false`
// and `disableDefaultStyle` stop vega-embed and vega-tooltip from injecting <style> elements;
// their few rules live in css/site.css instead.
(function () {
  "use strict";

  var container = document.getElementById("jurisdictions-map");
  if (!container) return;
  // Vega replaces the role and aria-label of the element it draws in, so it draws in a child
  // and the labelled role="img" wrapper keeps its text alternative.
  var drawing = container.querySelector(".lc-map__drawing");

  function fail(message) {
    drawing.replaceChildren();
    var note = document.createElement("p");
    note.className = "lc-map__fallback";
    note.textContent = message;
    drawing.appendChild(note);
  }

  if (typeof window.vegaEmbed !== "function") {
    fail("The map could not be loaded. The table below lists the same jurisdictions.");
    return;
  }

  var source = document.getElementById(container.dataset.pointsId);
  var points = JSON.parse(source ? source.textContent : "[]")
    .filter(function (point) {
      return point.latitude !== null && point.longitude !== null;
    })
    .map(function (point) {
      return {
        name: point.name,
        state: point.state,
        kind: point.kind,
        latitude: point.latitude,
        longitude: point.longitude,
        population: point.population || 0,
        population_text:
          point.population === null ? "Not known" : point.population.toLocaleString("en-US"),
        learning_communities: point.learning_communities,
      };
    });

  var width = Math.max(280, Math.floor(container.clientWidth || 800));
  var narrow = width < 640;
  var spec = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    description: container.getAttribute("aria-label"),
    width: width,
    height: Math.round(width * (narrow ? 0.75 : 0.62)),
    autosize: { type: "fit", contains: "padding" },
    projection: { type: "albersUsa" },
    layer: [
      {
        data: {
          url: container.dataset.atlasUrl,
          format: { type: "topojson", feature: "states" },
        },
        mark: {
          type: "geoshape",
          aria: false,
          fill: "#dfe1e2",
          stroke: "#ffffff",
          strokeWidth: 0.75,
        },
      },
      {
        data: { values: points },
        mark: {
          type: "circle",
          aria: false,
          color: "#005ea2",
          opacity: 0.85,
          stroke: "#ffffff",
          strokeWidth: 1,
          tooltip: true,
        },
        encoding: {
          longitude: { field: "longitude", type: "quantitative" },
          latitude: { field: "latitude", type: "quantitative" },
          size: {
            field: "population",
            type: "quantitative",
            title: "Population",
            scale: { type: "sqrt", range: [Math.round(20 + width / 25), width], zero: false },
            legend: narrow
              ? {
                  aria: false,
                  format: ",d",
                  orient: "bottom",
                  direction: "horizontal",
                  tickCount: 3,
                  symbolFillColor: "#005ea2",
                }
              : { aria: false, format: ",d", orient: "bottom-right", tickCount: 4, symbolFillColor: "#005ea2" },
          },
          tooltip: [
            { field: "name", title: "Jurisdiction" },
            { field: "state", title: "State" },
            { field: "kind", title: "Kind" },
            { field: "population_text", title: "Population" },
            { field: "learning_communities", title: "Learning communities" },
          ],
        },
      },
    ],
    config: {
      // The container is role="img" with an aria-label and the table is the text alternative,
      // so the drawing itself carries no ARIA roles of its own.
      aria: false,
      view: { stroke: null },
      font: "Source Sans Pro Web, Helvetica, Arial, sans-serif",
      legend: { labelFontSize: 13, titleFontSize: 14, labelColor: "#1b1b1b", titleColor: "#1b1b1b" },
    },
  };

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
      console.error("The jurisdictions map could not be drawn:", error);
      fail("The map could not be drawn. The table below lists the same jurisdictions.");
    });
})();

// The neighbourhood graph of an entity page: cytoscape draws the data the page embeds as JSON.
(function () {
  "use strict";
  var holder = document.getElementById("graph");
  var data = document.getElementById("graph-data");
  if (!holder || !data || typeof cytoscape !== "function") return;
  var elements = JSON.parse(data.textContent);
  var palette = {
    therapy: "#1f77b4", gene: "#2ca02c", disease: "#d62728", vector: "#9467bd",
    serotype: "#8c564b", tissue: "#e377c2", route: "#7f7f7f", approval: "#bcbd22",
    organisation: "#17becf", price: "#ff7f0e", source: "#aaaaaa"
  };
  var cy = cytoscape({
    container: holder,
    elements: elements.nodes.concat(elements.edges),
    wheelSensitivity: 0.3,
    style: [
      { selector: "node", style: {
          "label": "data(label)", "font-size": 10, "text-wrap": "ellipsis", "text-max-width": 110,
          "background-color": function (n) { return palette[n.data("kind")] || "#555"; },
          "width": 16, "height": 16, "color": "#222" } },
      { selector: "node[?centre]", style: { "width": 26, "height": 26, "font-weight": "bold",
          "border-width": 3, "border-color": "#000" } },
      { selector: "edge", style: { "width": 1, "line-color": "#bbb", "curve-style": "bezier",
          "target-arrow-shape": "triangle", "target-arrow-color": "#bbb",
          "label": "data(label)", "font-size": 7, "color": "#777", "text-rotation": "autorotate" } }
    ],
    layout: { name: "concentric", concentric: function (n) { return n.data("centre") ? 2 : 1; },
              levelWidth: function () { return 1; }, minNodeSpacing: 20, animate: false }
  });
  cy.on("tap", "node", function (event) {
    var target = event.target.data("href");
    if (target && !event.target.data("centre")) window.location.href = target;
  });
  holder.setAttribute("data-nodes", String(cy.nodes().length));
  window.gtkgGraph = cy;
})();

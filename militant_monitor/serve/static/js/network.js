// The live network: Cytoscape.js over the elements the server chose (the nearest nodes first).
// Zoom, pan and drag; click a node to open its page; double-click a person or group to add its own
// links (from /api/graph); filter by kind of node and by relation; event labels show on hover;
// PNG download of what is on screen. Labels are set as data and drawn as text, never as markup.
(function () {
  "use strict";
  var box = document.getElementById("cy");
  var island = document.getElementById("net-data");
  if (!box || !island || typeof cytoscape === "undefined") return;
  var net = JSON.parse(island.textContent);
  var colours = { person: "#d9534f", group: "#3f7fca", event: "#9aa5b1", other: "#666" };   // as the legend (style.css)

  var cy = cytoscape({
    container: box,
    elements: net.elements,
    style: [
      { selector: "node", style: {
          "background-color": function (n) { return colours[n.data("kind")] || colours.other; },
          "label": function (n) { return n.data("kind") === "event" ? "" : n.data("label"); },
          "font-size": 8, "text-valign": "center", "text-halign": "right", "text-margin-x": 4,
          "width": 12, "height": 12 } },
      { selector: "node[?start]", style: { "width": 20, "height": 20, "border-width": 2, "border-color": "#222" } },
      { selector: "node.hover", style: { "label": "data(label)", "z-index": 10 } },
      { selector: "edge", style: { "width": 1, "line-color": "#b5bcc4", "curve-style": "bezier" } },
      { selector: "edge.hover", style: { "label": "data(relation)", "font-size": 9, "line-color": "#555" } },
      { selector: ".hidden", style: { "display": "none" } }
    ],
    layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: 8000, idealEdgeLength: 70 }
  });
  box.setAttribute("data-nodes", String(cy.nodes().length));
  window.mmonNetwork = cy;   // for the browser tests and the console

  cy.on("mouseover", "node, edge", function (e) { e.target.addClass("hover"); });
  cy.on("mouseout", "node, edge", function (e) { e.target.removeClass("hover"); });
  var pending = null;   // a click opens the node's page unless a second click makes it a double-click
  cy.on("tap", "node", function (e) {
    var href = e.target.data("href");
    if (!href) return;
    clearTimeout(pending);
    pending = setTimeout(function () { window.location.assign(href); }, 350);
  });
  cy.on("dbltap", "node", function (e) {
    clearTimeout(pending);
    var n = e.target;
    if (["person", "group"].indexOf(n.data("kind")) < 0) return;
    fetch("/api/graph?depth=1&name=" + encodeURIComponent(n.data("label")))
      .then(function (r) { return r.ok ? r.json() : Promise.reject(new Error(String(r.status))); })
      .then(function (g) {
        var add = [];
        g.nodes.forEach(function (x) {
          if (cy.getElementById(x.id).empty()) {
            add.push({ group: "nodes", data: { id: x.id, label: x.label || x.id, kind: x.kind || "other", href: x.href || "" },
                       position: { x: n.position("x") + 80 * Math.cos(add.length), y: n.position("y") + 80 * Math.sin(add.length) } });
          }
        });
        g.edges.forEach(function (x, i) {
          var id = "x" + x.source + "|" + x.target + "|" + i;
          if (cy.getElementById(id).empty()) {
            add.push({ group: "edges", data: { id: id, source: x.source, target: x.target, relation: x.relation || "linked" } });
          }
        });
        cy.add(add);
        box.setAttribute("data-nodes", String(cy.nodes().length));
        applyFilters();
      })
      .catch(function () { /* the node keeps its place; nothing more is known */ });
  });

  function checked(cls) {
    return Array.prototype.filter.call(document.querySelectorAll("#net-filters input." + cls),
                                       function (i) { return i.checked; }).map(function (i) { return i.value; });
  }
  function applyFilters() {
    var kinds = checked("kind"), rels = checked("relation");
    cy.batch(function () {
      cy.nodes().forEach(function (n) { n.toggleClass("hidden", kinds.indexOf(n.data("kind")) < 0 && !n.data("start")); });
      cy.edges().forEach(function (e) {
        var known = document.querySelector("#net-filters input.relation[value='" + CSS.escape(e.data("relation")) + "']");
        e.toggleClass("hidden", known !== null && rels.indexOf(e.data("relation")) < 0);
      });
    });
    box.setAttribute("data-visible", String(cy.nodes().not(".hidden").length));
  }
  Array.prototype.forEach.call(document.querySelectorAll("#net-filters input"), function (i) {
    i.addEventListener("change", applyFilters);
  });
  applyFilters();

  var png = document.getElementById("png");
  if (png) {
    png.addEventListener("click", function () {
      png.href = cy.png({ full: true, bg: "#ffffff", scale: 2 });
    });
  }
})();

// The events map: country borders and coasts from Natural Earth (world-atlas, served locally), the
// provinces of Pakistan, Afghanistan and India as thin lines named on hover (Natural Earth admin-1,
// cut by web/vendor.mjs), one marker per place sized by the dead, grouped where they crowd, a popup
// listing the events at a place. Every link carries the page's filters. No tiles, no network:
// everything is this server's. A missing boundary file leaves the markers as they are.
(function () {
  "use strict";
  var box = document.getElementById("leaflet-map");
  var island = document.getElementById("map-data");
  if (!box || !island || typeof L === "undefined") return;
  var data = JSON.parse(island.textContent);

  var map = L.map(box, { zoomControl: true, attributionControl: false, preferCanvas: false,
                         minZoom: 3, maxZoom: 12, worldCopyJump: false });
  map.setView([31, 69], 5);   // Pakistan and Afghanistan until the markers say otherwise
  box.classList.add("ready");
  window.mmonMap = map;   // for the browser tests and the console

  // the layers from the bottom up, whichever file arrives first: countries, provinces, then the
  // markers (Leaflet's overlay pane, 400); the markers' drawing lets the pointer through to the
  // provinces except on a marker itself (style.css)
  map.createPane("countries").style.zIndex = "380";
  map.createPane("provinces").style.zIndex = "390";

  function topo(url, what) {
    return fetch(url).then(function (r) { return r.ok ? r.json() : Promise.reject(new Error(what + ": " + r.status)); });
  }

  // borders and coasts
  topo("/static/vendor/world-atlas/countries-50m.json", "borders")
    .then(function (t) {
      var land = topojson.feature(t, t.objects.countries);
      L.geoJSON(land, { className: "country", interactive: false, pane: "countries",
                        style: { color: "#7a8591", weight: 1, fillColor: "#f1efe8", fillOpacity: 1 } }).addTo(map);
      box.setAttribute("data-borders", String(land.features.length));
    })
    .catch(function () { box.setAttribute("data-borders", "0"); });

  // province lines, named on hover: the lines are the borders two provinces of one country share (a
  // country's own border and coast stay world-atlas's), and each province is an unpainted area under
  // them that names itself and outlines itself while the pointer is on it
  var quiet = { stroke: false, fill: true, fillColor: "#000", fillOpacity: 0 };
  var lit = { stroke: true, color: "#56606b", weight: 2, fill: true, fillColor: "#000", fillOpacity: 0.04 };
  topo("/static/vendor/provinces/provinces.json", "provinces")
    .then(function (t) {
      var o = t.objects.provinces;
      var shapes = topojson.feature(t, o);
      L.geoJSON(shapes, {
        className: "province-area", pane: "provinces", style: function () { return quiet; },
        onEachFeature: function (f, layer) {
          layer.bindTooltip(el("span", f.properties.name + ", " + f.properties.country), { sticky: true, className: "province-name" });
          layer.on("mouseover", function () { layer.setStyle(lit); });
          layer.on("mouseout", function () { layer.setStyle(quiet); });
        }
      }).addTo(map);
      var inner = topojson.mesh(t, o, function (a, b) { return a !== b && a.properties.country === b.properties.country; });
      L.geoJSON(inner, { className: "province", pane: "provinces", interactive: false,
                         style: { color: "#97a1ab", weight: 0.8, opacity: 0.9, fill: false } }).addTo(map);
      box.setAttribute("data-provinces", String(shapes.features.length));
    })
    .catch(function () { box.setAttribute("data-provinces", "0"); });

  function radius(killed) { return 5 + Math.min(25, 3 * Math.sqrt(killed || 0)); }

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }

  function popup(p) {
    // built with DOM nodes and textContent: names from articles never become markup
    var div = el("div", null, "popup");
    var h = el("a", p.name);
    h.href = p.href;
    var title = el("strong");
    title.appendChild(h);
    div.appendChild(title);
    div.appendChild(el("div", p.count + " event" + (p.count === 1 ? "" : "s") + ", " + p.killed + " killed", "dim"));
    var ul = el("ul", null, "plain");
    p.events.forEach(function (e) {
      var li = el("li");
      var a = el("a", (e.date || "undated") + " " + e.type);
      a.href = e.href;
      li.appendChild(a);
      if (e.killed !== null && e.killed !== undefined) li.appendChild(el("span", " · " + e.killed + " killed", "dim"));
      ul.appendChild(li);
    });
    if (p.count > p.events.length) ul.appendChild(el("li", "and " + (p.count - p.events.length) + " more", "dim"));
    div.appendChild(ul);
    return div;
  }

  var cluster = L.markerClusterGroup({
    showCoverageOnHover: false, maxClusterRadius: 40,
    iconCreateFunction: function (c) {
      var killed = 0, events = 0;
      c.getAllChildMarkers().forEach(function (m) { killed += m.options.killed; events += m.options.count; });
      var size = Math.round(2 * radius(killed)) + 8;
      return L.divIcon({ html: "<span>" + events + "</span>", className: "mmon-cluster",
                         iconSize: L.point(size, size) });
    }
  });
  var bounds = [];
  data.points.forEach(function (p) {
    var m = L.circleMarker([p.lat, p.lon], { radius: radius(p.killed), className: "event-marker",
                                             killed: p.killed, count: p.count,
                                             color: "#8a1c1c", weight: 1, fillColor: "#c0392b", fillOpacity: 0.55 });
    m.bindPopup(function () { return popup(p); });
    m.bindTooltip(p.name + ": " + p.count + " event" + (p.count === 1 ? "" : "s"));
    cluster.addLayer(m);
    bounds.push([p.lat, p.lon]);
  });
  map.addLayer(cluster);
  if (bounds.length) map.fitBounds(bounds, { padding: [30, 30], maxZoom: 8 });

  // legend: what a marker's size means
  var legend = L.control({ position: "bottomright" });
  legend.onAdd = function () {
    var d = el("div", null, "map-legend");
    d.appendChild(el("strong", "killed"));
    [0, 10, 50, 100].forEach(function (k) {
      var row = el("div");
      var dot = el("span", null, "dot");
      var w = Math.round(2 * radius(k));
      dot.style.width = w + "px";
      dot.style.height = w + "px";
      row.appendChild(dot);
      row.appendChild(el("span", " " + k));
      d.appendChild(row);
    });
    d.appendChild(el("div", "numbers: events in a group", "dim"));
    return d;
  };
  legend.addTo(map);
  box.setAttribute("data-markers", String(data.points.length));
})();

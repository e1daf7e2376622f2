// The events map: country borders and coasts from Natural Earth (world-atlas, served locally),
// one marker per place sized by the dead, grouped where they crowd, a popup listing the events at
// a place. Every link carries the page's filters. No tiles, no network: everything is this server's.
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

  // borders and coasts
  fetch("/static/vendor/world-atlas/countries-50m.json")
    .then(function (r) { return r.ok ? r.json() : Promise.reject(new Error("borders: " + r.status)); })
    .then(function (topo) {
      var land = topojson.feature(topo, topo.objects.countries);
      var layer = L.geoJSON(land, { className: "country", interactive: false,
                                    style: { color: "#7a8591", weight: 1, fillColor: "#f1efe8", fillOpacity: 1 } });
      layer.addTo(map);
      layer.bringToBack();
      box.setAttribute("data-borders", String(land.features.length));
    })
    .catch(function () { box.setAttribute("data-borders", "0"); });

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

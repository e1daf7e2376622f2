// The home page's charts: events and fatalities per month by group (Chart.js, served locally).
// The figures are the table under the charts; labels come from the data as text.
(function () {
  "use strict";
  var island = document.getElementById("dash-data");
  if (!island || typeof Chart === "undefined") return;
  var d = JSON.parse(island.textContent);
  var palette = ["#3f7fca", "#d9534f", "#5cb85c", "#f0ad4e", "#8e44ad", "#16a085", "#9aa5b1"];
  function chart(id, series, title) {
    var el = document.getElementById(id);
    if (!el) return;
    var c = new Chart(el, {
      type: "bar",
      data: { labels: d.months, datasets: series.map(function (s, i) {
        return { label: s.label, data: s.data, backgroundColor: palette[i % palette.length], stack: "all" };
      }) },
      options: { responsive: true, maintainAspectRatio: false, animation: false,
                 plugins: { title: { display: true, text: title }, legend: { position: "bottom" } },
                 scales: { x: { stacked: true, title: { display: true, text: "month" } },
                           y: { stacked: true, beginAtZero: true, title: { display: true, text: title.split(" ")[0] },
                                ticks: { precision: 0 } } } }
    });
    el.setAttribute("data-series", String(c.data.datasets.length));
  }
  chart("chart-events", d.events, "Events per month by group");
  chart("chart-killed", d.killed, "Killed per month by group");
})();

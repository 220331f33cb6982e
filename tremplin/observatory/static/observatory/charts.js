// The observatory's charts, from the figures the page already shows (chart-data): Chart.js
// is vendored; a hidden figure is a gap, never a zero.
(function () {
  "use strict";
  if (!window.Chart) return;
  const data = JSON.parse(document.getElementById("chart-data").textContent);
  const blue = "#1d4f6e", green = "#2e7d32", orange = "#e07b00", grey = "#adb5bd";
  const evolution = document.getElementById("chart-evolution");
  if (evolution) {
    evolution.chart = new Chart(evolution, {
      data: {
        labels: data.years,
        datasets: [
          { type: "bar", label: data.labels.accompanied, data: data.accompanied, backgroundColor: grey, yAxisID: "people" },
          { type: "line", label: data.labels.dynamic, data: data.dynamic, borderColor: green, backgroundColor: green, yAxisID: "rate", spanGaps: false },
          { type: "line", label: data.labels.durable, data: data.durable, borderColor: orange, backgroundColor: orange, yAxisID: "rate", spanGaps: false },
        ],
      },
      options: {
        animation: false,
        locale: "fr-FR", // 1 234,5: the page's number format
        scales: {
          people: { position: "left", beginAtZero: true },
          rate: { position: "right", beginAtZero: true, max: 100, grid: { drawOnChartArea: false } },
        },
      },
    });
  }
  const profile = document.getElementById("chart-profile");
  if (profile) {
    const datasets = [{ label: data.labels.area, data: data.profile, backgroundColor: blue }];
    if (data.profile_network.some((v) => v !== null)) {
      datasets.push({ label: data.labels.network, data: data.profile_network, backgroundColor: grey });
    }
    profile.chart = new Chart(profile, {
      type: "bar",
      data: { labels: data.profile_labels, datasets: datasets },
      options: { animation: false, locale: "fr-FR", indexAxis: "y", aspectRatio: 2.6, scales: { x: { beginAtZero: true, max: 100 } } },
    });
  }
  document.body.dataset.chartsReady = "true";
})();

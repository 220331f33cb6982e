// The directory map: markers over the département outlines shipped with Tremplin, and
// tiles only when an operator configured a tile server (MAP_TILE_URL).
(function () {
  "use strict";
  const el = document.getElementById("map");
  if (!el || !window.L) return;
  const markers = JSON.parse(document.getElementById("map-markers").textContent || "[]");
  const map = L.map(el, { zoomSnap: 0.5 }).setView([46.6, 2.4], 5.5);
  if (el.dataset.tiles) {
    L.tileLayer(el.dataset.tiles, { attribution: el.dataset.attribution, maxZoom: 18 }).addTo(map);
  }
  fetch(el.dataset.outlines)
    .then((response) => response.json())
    .then((geojson) => {
      L.geoJSON(geojson, {
        interactive: false,
        style: { color: "#6c757d", weight: 1, fill: true, fillColor: "#ffffff", fillOpacity: 0.6 },
      }).addTo(map).bringToBack();
    })
    .catch(() => { /* Outlines are a backdrop: the markers stay useful without them. */ });
  const bounds = [];
  for (const m of markers) {
    const marker = L.marker([m.lat, m.lon], { title: m.name, alt: m.name }).addTo(map);
    const link = document.createElement("a");
    link.href = m.url;
    link.textContent = m.name;
    marker.bindPopup(link);
    bounds.push([m.lat, m.lon]);
  }
  if (el.dataset.center) {
    const center = el.dataset.center.split(",").map(Number);
    if (el.dataset.radius) {
      const circle = L.circle(center, { radius: Number(el.dataset.radius) * 1000, color: "#1d4f6e", fill: false }).addTo(map);
      map.fitBounds(circle.getBounds());
    } else {
      map.setView(center, Number(el.dataset.zoom || 9));
    }
  } else if (bounds.length) {
    map.fitBounds(bounds, { maxZoom: 11 });
  }
  el.dataset.ready = "true";
})();

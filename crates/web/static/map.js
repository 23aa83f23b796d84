// The symbols map: markers from the partnership's GeoJSON on a Leaflet map. Without
// JavaScript (or tiles) the list below the map says everything the map shows.
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el || !window.L) { return; }
  L.Icon.Default.imagePath = "/static/";
  var map = L.map(el, { scrollWheelZoom: false });
  var tiles = el.getAttribute("data-tiles");
  if (tiles) {
    L.tileLayer(tiles, { maxZoom: 18, attribution: el.getAttribute("data-attribution") || "" }).addTo(map);
  }
  fetch(el.getAttribute("data-geojson"))
    .then(function (r) { return r.json(); })
    .then(function (data) {
      var lang = document.documentElement.lang;
      var nameOf = function (feature) {
        var p = feature.properties || {};
        return (p.name && (p.name[lang] || p.name.en)) || "";
      };
      var layer = L.geoJSON(data, {
        pointToLayer: function (feature, latlng) {
          return L.marker(latlng, { alt: nameOf(feature), title: nameOf(feature), keyboard: true });
        },
        onEachFeature: function (feature, marker) {
          var p = feature.properties || {};
          var name = nameOf(feature);
          var box = document.createElement("div");
          var title = document.createElement("strong");
          title.textContent = name;
          box.appendChild(title);
          if (p.url) {
            var link = document.createElement("a");
            link.href = p.url;
            link.textContent = " ↓";
            link.setAttribute("aria-label", name);
            box.appendChild(link);
          }
          if (p.path && p.partnership) {
            // The instance map: a city of a partnership, with a link to its portal.
            var to = document.createElement("a");
            to.href = "/" + lang + "/" + encodeURIComponent(p.path) + "/";
            to.textContent = p.partnership[lang] || p.partnership.en || p.path;
            box.appendChild(document.createElement("br"));
            box.appendChild(to);
          }
          marker.bindPopup(box);
        }
      }).addTo(map);
      var bounds = layer.getBounds();
      if (bounds.isValid()) { map.fitBounds(bounds, { padding: [30, 30] }); } else { map.setView([45, 70], 2); }
      el.setAttribute("data-ready", String(data.features.length));
    })
    .catch(function () { el.setAttribute("data-ready", "error"); });
})();

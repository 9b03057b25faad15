// Pick a place's location by clicking the map; typed coordinates move the marker. The fields work without it.
(function () {
  var box = document.getElementById("location-map");
  var lon = document.getElementById("field-lon");
  var lat = document.getElementById("field-lat");
  if (!box || !lon || !lat || !window.L) return;
  var typed = function () { return [parseFloat(lat.value.replace(",", ".")), parseFloat(lon.value.replace(",", "."))]; };
  var known = function (p) { return !isNaN(p[0]) && !isNaN(p[1]); };
  var start = known(typed()) ? typed() : [52.1, 5.3];
  var map = L.map(box).setView(start, known(typed()) ? 16 : 7);
  if (box.dataset.tiles) L.tileLayer(box.dataset.tiles, {attribution: box.dataset.attribution, maxZoom: 19}).addTo(map);
  var marker = known(start) && known(typed()) ? L.marker(start).addTo(map) : null;
  function place(p) { if (marker) marker.setLatLng(p); else marker = L.marker(p).addTo(map); }
  map.on("click", function (e) {
    lat.value = e.latlng.lat.toFixed(6);
    lon.value = e.latlng.lng.toFixed(6);
    place(e.latlng);
  });
  [lon, lat].forEach(function (field) {
    field.addEventListener("change", function () { if (known(typed())) { place(typed()); map.setView(typed()); } });
  });
})();

// Directory page enhancements. Everything here is optional: the page works without JavaScript.
// (Suggestions as the user types come from suggest.js.)

// "Near me": with the visitor's permission, reload the results sorted by distance from their
// position. Without JavaScript the locality list above does the same job.
(function () {
  "use strict";
  var button = document.querySelector("[data-near-me]");
  if (!button || !navigator.geolocation) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.geolocation.getCurrentPosition(function (position) {
      var url = new URL(window.location.href);
      url.searchParams.delete("nara");
      url.searchParams.set("lat", position.coords.latitude.toFixed(4));
      url.searchParams.set("lon", position.coords.longitude.toFixed(4));
      window.location.assign(url.toString());
    });
  });
})();

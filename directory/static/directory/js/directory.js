// Directory page enhancements. Everything here is optional: the page works without JavaScript.
// Autocomplete on company names: fills the search field's <datalist> as the user types.
// The search works without it; this only adds suggestions when JavaScript is available.
(function () {
  "use strict";
  var input = document.querySelector("input[data-suggest-url]");
  if (!input || !window.fetch) return;
  var list = document.getElementById(input.getAttribute("list"));
  var timer = null;
  var lastQuery = "";
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var query = input.value.trim();
      if (query.length < 2 || query === lastQuery) return;
      lastQuery = query;
      fetch(input.dataset.suggestUrl + "?q=" + encodeURIComponent(query), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (data) {
          list.textContent = "";
          data.suggestions.forEach(function (label) {
            var option = document.createElement("option");
            option.value = label;
            list.appendChild(option);
          });
        })
        .catch(function () { /* offline or server away: the plain search still works */ });
    }, 200);
  });
})();

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

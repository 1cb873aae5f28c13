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

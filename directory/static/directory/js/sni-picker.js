// Suggestions for the SNI field of the company forms: as the user types a word or a code, the matching
// codes are offered in a <datalist> (keyboard and screen readers use the browser's own list).
// Optional: without it the server resolves what was typed and offers the matches to choose from.
(function () {
  "use strict";
  var input = document.querySelector("input[data-sni-suggest-url]");
  if (!input || !window.fetch) return;
  var list = document.createElement("datalist");
  list.id = input.id + "_suggestions";
  input.parentNode.appendChild(list);
  input.setAttribute("list", list.id);
  var timer = null;
  var lastQuery = "";
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var query = input.value.trim();
      // A picked suggestion ("10710 Tillverkning ...") needs no new list.
      if (query.length < 2 || query === lastQuery || /^\d{5} /.test(query)) return;
      lastQuery = query;
      fetch(input.dataset.sniSuggestUrl + "?q=" + encodeURIComponent(query), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (data) {
          list.textContent = "";
          data.suggestions.forEach(function (label) {
            var option = document.createElement("option");
            option.value = label;
            list.appendChild(option);
          });
        })
        .catch(function () { /* weak connection: the server still resolves the typed text on submit */ });
    }, 250);
  });
})();

// Suggestions as the user types, for every <input data-suggest-url>: the company names of the
// directory's search and the industry (SNI) field of the company forms. The answers fill a
// <datalist>, so keyboard and screen readers use the browser's own list. Optional: without it the
// search still searches and the forms' server resolves what was typed and offers the matches.
//   data-suggest-url    where to ask (?q=…, answers {"suggestions": [...]})
//   data-suggest-done   a pattern for a value already picked from the list, asked about no more
(function () {
  "use strict";
  if (!window.fetch) return;

  function datalistFor(input) {
    var existing = input.getAttribute("list") && document.getElementById(input.getAttribute("list"));
    if (existing) return existing;
    var list = document.createElement("datalist");
    list.id = input.id + "_suggestions";
    input.parentNode.appendChild(list);
    input.setAttribute("list", list.id);
    return list;
  }

  function enhance(input) {
    var list = datalistFor(input);
    var done = input.dataset.suggestDone ? new RegExp(input.dataset.suggestDone) : null;
    var timer = null;
    var lastQuery = "";
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var query = input.value.trim();
        if (query.length < 2 || query === lastQuery || (done && done.test(query))) return;
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
          .catch(function () { /* weak connection or server away: the page works without suggestions */ });
      }, 250);
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("input[data-suggest-url]"), enhance);
})();

// Autocompletion for the search boxes: the same /search view, asked for JSON.
(function () {
  "use strict";
  var list = document.getElementById("search-suggestions");
  if (!list) return;
  var timer = null;
  document.querySelectorAll("input[type=search][name=q]").forEach(function (input) {
    input.setAttribute("list", "search-suggestions");
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (q.length < 2) return;
      timer = setTimeout(function () {
        fetch("/search?limit=10&q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : { results: [] }; })
          .then(function (data) {
            list.replaceChildren();
            data.results.forEach(function (hit) {
              var option = document.createElement("option");
              option.value = hit.label;
              option.textContent = hit.kind;
              list.appendChild(option);
            });
          })
          .catch(function () {});
      }, 150);
    });
  });
})();

// The SPARQL editor: YASGUI pointed at this server's endpoint, saved queries as examples.
(function () {
  "use strict";
  var holder = document.getElementById("yasgui");
  if (!holder || typeof Yasgui !== "function") return;
  var endpoint = new URL(holder.getAttribute("data-endpoint") || "/sparql", window.location.href).href;
  var yasgui = new Yasgui(holder, {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    persistencyExpire: 0,
    yasqe: { resizeable: true, persistenceId: null }
  });
  window.gtkgYasgui = yasgui;
  var examples = document.getElementById("example-queries");
  if (!examples) return;
  var list = JSON.parse(examples.textContent);
  document.querySelectorAll("button.example").forEach(function (button) {
    button.addEventListener("click", function () {
      var query = list[Number(button.getAttribute("data-query-index"))];
      var tab = yasgui.getTab();
      tab.setQuery(query.text);
      tab.query();
    });
  });
})();

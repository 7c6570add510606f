// Similar claims as a journalist types a claim's label or statement (claim page and the
// story page's claim rows). The server renders the panel; this refreshes it, debounced.
(function () {
  "use strict";
  var DELAY = 400;

  function render(panel, results) {
    panel.textContent = "";
    if (!results.length) {
      var none = document.createElement("p");
      none.className = "help similar-none";
      none.textContent = panel.getAttribute("data-empty") || "—";
      panel.appendChild(none);
      return;
    }
    var list = document.createElement("ul");
    results.forEach(function (row) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = row.admin_url;
      link.textContent = row.label;
      item.appendChild(link);
      var text = (row.verdict ? " — " + row.verdict : "") + " · " + row.story + " (" + row.state + ")";
      item.appendChild(document.createTextNode(text));
      if (row.public_url) {
        item.appendChild(document.createTextNode(" · "));
        var pub = document.createElement("a");
        pub.href = row.public_url;
        pub.textContent = "↗";
        item.appendChild(pub);
      }
      list.appendChild(item);
    });
    panel.appendChild(list);
  }

  function watch(panel) {
    // The label and statement inputs of the same claim (same form prefix).
    var container = panel.closest(".inline-related") || panel.closest("form");
    if (!container) { return; }
    var inputs = container.querySelectorAll("input[name$='label'], textarea[name$='statement']");
    var none = panel.querySelector(".similar-none");
    if (none) { panel.setAttribute("data-empty", none.textContent); }
    var timer = null;
    var last = "";
    function refresh() {
      var text = Array.prototype.map.call(inputs, function (el) { return el.value; }).join(" ").trim();
      if (text === last || text.length < 8) { return; }
      last = text;
      var url = panel.getAttribute("data-endpoint") + "?q=" + encodeURIComponent(text.slice(0, 500));
      var exclude = panel.getAttribute("data-exclude");
      if (exclude) { url += "&exclude=" + encodeURIComponent(exclude); }
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) { if (data) { render(panel, data.results); } })
        .catch(function () { /* the panel keeps what it showed */ });
    }
    Array.prototype.forEach.call(inputs, function (input) {
      input.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(refresh, DELAY);
      });
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".similar-claims"), watch);
    // A claim row added with "Add another" on the story page.
    document.addEventListener("formset:added", function (event) {
      Array.prototype.forEach.call(event.target.querySelectorAll(".similar-claims"), watch);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
